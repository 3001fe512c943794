//! The one HTTP client setup: every request citecheck sends (to cited
//! pages, to the web archive, to the ISBN catalogue, to a wiki) leaves from
//! a client built here, with the same honest User-Agent, the same time
//! limits, no proxy (a proxy would connect on our behalf and bypass the
//! private-address guard) and names resolved through the guarded resolver.
//! When to ask again is [`super::retry`]'s; how a failure reads is
//! [`causes`].

use std::sync::Arc;

use reqwest::header::HeaderMap;

use super::dns::{GuardedResolve, Resolver};
use super::CheckOptions;

/// The User-Agent sent with every request.
pub(crate) const USER_AGENT: &str = concat!(
    "citecheck/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/citecheck/citecheck)"
);

/// How a client follows redirects.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Redirects {
    /// Not at all: the link checker follows them by hand, hop by hop, to
    /// judge each.
    ByHand,
    /// Up to this many, as a service's answer is all that matters.
    Follow(usize),
}

/// A client with the house settings, `headers` sent with every request and
/// names resolved through `resolver`.
pub(crate) fn build(
    options: &CheckOptions,
    resolver: Arc<Resolver>,
    headers: HeaderMap,
    redirects: Redirects,
) -> reqwest::Result<reqwest::Client> {
    let policy = match redirects {
        Redirects::ByHand => reqwest::redirect::Policy::none(),
        Redirects::Follow(n) => reqwest::redirect::Policy::limited(n),
    };
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .default_headers(headers)
        .redirect(policy)
        .connect_timeout(options.timeout)
        .pool_max_idle_per_host(options.max_per_host)
        .no_proxy()
        .dns_resolver(Arc::new(GuardedResolve(resolver)))
        .tls_backend_preconfigured(tls_config())
        .build()
}

/// The TLS settings of every client, as reqwest 0.12 made them: rustls with
/// the ring provider, TLS 1.2 and 1.3, Mozilla's roots as webpki-roots ships
/// them (not the system's store, which a fresh machine may lack) and HTTP/1.1
/// offered by ALPN.
fn tls_config() -> rustls::ClientConfig {
    // rustls deprecates ring's provider for its lack of post-quantum key
    // exchange; aws-lc, which has it, is a large C build.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(rustls::ALL_VERSIONS)
        .expect("ring speaks TLS 1.2 and 1.3")
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    config
}

/// What an error's causes say, outermost first, each once: reqwest wraps
/// hyper, which wraps the I/O error that says what happened.
pub(crate) fn causes(error: &reqwest::Error) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut cause = std::error::Error::source(error);
    while let Some(err) = cause {
        let text = err.to_string();
        // reqwest wraps the resolver's error in one that only says "error
        // resolving DNS", after hyper's "dns error" has said as much.
        let wrapper = text == "error resolving DNS" && err.source().is_some();
        if !words.contains(&text) && !wrapper {
            words.push(text);
        }
        cause = err.source();
    }
    words
}
