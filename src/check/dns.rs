//! Name resolution for the link checker: every host name is looked up once
//! per run, with a time limit, and the answer is filtered by the
//! private-address guard before the HTTP client may connect.
//!
//! The same cache serves the up-front offline probe and the HTTP client, so
//! probing costs no second lookup.

use std::collections::HashMap;
use std::fmt::Debug;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use thiserror::Error;
use tokio::sync::OnceCell;

use super::guard;

/// Why a host name gave no address the checker may contact.
#[derive(Debug, Clone, Error)]
pub enum ResolveError {
    /// The resolver answered that the name does not exist, or failed.
    #[error("the host name {host} could not be resolved ({reason})")]
    NotFound {
        /// The host name.
        host: String,
        /// The resolver's words.
        reason: String,
    },
    /// The resolver did not answer in time.
    #[error("the host name {host} did not resolve within {secs} s")]
    TimedOut {
        /// The host name.
        host: String,
        /// The time allowed, in seconds.
        secs: u64,
    },
    /// Every address of the name is private, and private addresses are not
    /// allowed.
    #[error("{host} resolves to the private address {ip}; not checked without --allow-private")]
    Private {
        /// The host name.
        host: String,
        /// One of its addresses.
        ip: IpAddr,
    },
}

type Lookup = Result<Vec<IpAddr>, ResolveError>;

/// The future a [`NameLookup`] returns.
pub type Addresses<'a> = Pin<Box<dyn Future<Output = io::Result<Vec<IpAddr>>> + Send + 'a>>;

/// Turns host names into addresses: the system resolver by default
/// ([`SystemLookup`]); embedders and tests may supply their own, for example
/// to simulate an offline machine without sending a DNS query.
pub trait NameLookup: Send + Sync + Debug {
    /// All addresses of `host`, or why there are none. It may take as long
    /// as it likes: the checker stops waiting after its own time limit.
    fn lookup<'a>(&'a self, host: &'a str) -> Addresses<'a>;
}

/// The operating system's resolver (getaddrinfo: hosts file, DNS, …).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemLookup;

impl NameLookup for SystemLookup {
    fn lookup<'a>(&'a self, host: &'a str) -> Addresses<'a> {
        Box::pin(async move {
            let addrs = tokio::net::lookup_host((host.to_owned(), 0)).await?;
            Ok(addrs.map(|a| a.ip()).collect())
        })
    }
}

/// A caching, time-limited resolver that applies the private-address guard.
#[derive(Debug)]
pub(crate) struct Resolver {
    cache: Mutex<HashMap<String, Arc<OnceCell<Lookup>>>>,
    names: Arc<dyn NameLookup>,
    timeout: Duration,
    allow_private: bool,
}

impl Resolver {
    /// A resolver that asks `names` and gives up on a name after `timeout`.
    pub(crate) fn new(names: Arc<dyn NameLookup>, timeout: Duration, allow_private: bool) -> Self {
        Self {
            cache: Mutex::new(HashMap::new()),
            names,
            timeout,
            allow_private,
        }
    }

    /// All addresses of `host`, private ones included; looked up once per run.
    pub(crate) async fn lookup(&self, host: &str) -> Lookup {
        let cell = {
            // A poisoned lock only means another lookup panicked; the map is
            // still consistent.
            let mut cache = self
                .cache
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            cache.entry(host.to_owned()).or_default().clone()
        };
        cell.get_or_init(|| lookup_uncached(&*self.names, host.to_owned(), self.timeout))
            .await
            .clone()
    }

    /// The addresses of `host` the checker may connect to.
    pub(crate) async fn resolve(&self, host: &str) -> Lookup {
        let all = self.lookup(host).await?;
        if self.allow_private {
            return Ok(all);
        }
        let public: Vec<IpAddr> = all
            .iter()
            .copied()
            .filter(|ip| !guard::is_private(*ip))
            .collect();
        match (public.is_empty(), all.first()) {
            (true, Some(&ip)) => Err(ResolveError::Private {
                host: host.to_owned(),
                ip,
            }),
            _ => Ok(public),
        }
    }
}

/// Whether the name lies under `.invalid`, which RFC 6761 reserves for names
/// that must never resolve: looking it up tells nothing about the network.
pub(crate) fn never_resolves(host: &str) -> bool {
    let host = host.trim_end_matches('.');
    host.eq_ignore_ascii_case("invalid")
        || host
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.eq_ignore_ascii_case("invalid"))
}

async fn lookup_uncached(names: &dyn NameLookup, host: String, timeout: Duration) -> Lookup {
    if never_resolves(&host) {
        return Err(ResolveError::NotFound {
            host,
            reason: "names under .invalid never resolve".to_owned(),
        });
    }
    // getaddrinfo can hang for a long time when no name server answers; the
    // blocking thread is left to finish on its own while the check moves on.
    let answer = tokio::time::timeout(timeout, names.lookup(&host)).await;
    match answer {
        Ok(Ok(mut ips)) => {
            ips.dedup();
            if ips.is_empty() {
                Err(ResolveError::NotFound {
                    host,
                    reason: "no address".to_owned(),
                })
            } else {
                Ok(ips)
            }
        }
        Ok(Err(e)) => Err(ResolveError::NotFound {
            host,
            reason: e.to_string(),
        }),
        Err(_) => Err(ResolveError::TimedOut {
            host,
            secs: timeout.as_secs().max(1),
        }),
    }
}

/// The resolver as reqwest sees it.
#[derive(Debug, Clone)]
pub(crate) struct GuardedResolve(pub(crate) Arc<Resolver>);

impl reqwest::dns::Resolve for GuardedResolve {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let resolver = Arc::clone(&self.0);
        Box::pin(async move {
            let ips = resolver.resolve(name.as_str()).await?;
            // The port is replaced by the URL's port when connecting.
            let addrs: reqwest::dns::Addrs =
                Box::new(ips.into_iter().map(|ip| SocketAddr::new(ip, 0)));
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_under_invalid_never_resolve() {
        assert!(never_resolves("nonexistent.invalid"));
        assert!(never_resolves("a.b.INVALID."));
        assert!(!never_resolves("invalid.example.org"));
    }

    #[tokio::test]
    async fn localhost_is_refused_unless_private_addresses_are_allowed() {
        let system = Arc::new(SystemLookup);
        let guarded = Resolver::new(system.clone(), Duration::from_secs(2), false);
        assert!(matches!(
            guarded.resolve("localhost").await,
            Err(ResolveError::Private { .. })
        ));
        let open = Resolver::new(system, Duration::from_secs(2), true);
        assert!(open
            .resolve("localhost")
            .await
            .is_ok_and(|ips| !ips.is_empty()));
    }
}
