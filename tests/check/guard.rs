//! The private-address guard: loopback, private and link-local addresses are
//! excluded before any packet is sent, unless the run allows them.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::routing::get;
use axum::Router;
use citecheck::check::dns::{Addresses, NameLookup};
use citecheck::check::{CheckOptions, LinkStatus};
use url::Url;

use crate::support::checker::{check_with, options};
use crate::support::server::{serve_counted, url};

fn guarded() -> CheckOptions {
    CheckOptions {
        network: citecheck::check::Network {
            allow_private: false,
            ..options().network
        },
        ..options()
    }
}

fn page() -> Router {
    Router::new().route("/", get(|| async { "<title>Local</title>" }))
}

#[tokio::test]
async fn a_loopback_address_is_excluded_and_never_contacted() {
    let (addr, hits) = serve_counted(page());
    let verdict = check_with(&url(addr, "/"), &guarded()).await;
    assert_eq!(verdict.status, LinkStatus::Excluded, "{verdict:?}");
    assert!(
        verdict.detail.contains("--allow-private"),
        "{}",
        verdict.detail
    );
    assert_eq!(hits.count(), 0);
}

#[tokio::test]
async fn a_name_that_resolves_to_loopback_is_excluded_and_never_contacted() {
    let (addr, hits) = serve_counted(page());
    let link = Url::parse(&format!("http://localhost:{}/", addr.port())).expect("url");
    let verdict = check_with(&link, &guarded()).await;
    assert_eq!(verdict.status, LinkStatus::Excluded, "{verdict:?}");
    assert_eq!(hits.count(), 0);
}

#[tokio::test]
async fn allowing_private_addresses_reaches_the_same_server() {
    let (addr, hits) = serve_counted(page());
    let link = Url::parse(&format!("http://localhost:{}/", addr.port())).expect("url");
    let verdict = check_with(&link, &options()).await;
    assert_eq!(verdict.status, LinkStatus::Ok, "{verdict:?}");
    assert_eq!(hits.count(), 1);
}

/// Resolves every name to an address of the office network.
#[derive(Debug)]
struct Intranet;

impl NameLookup for Intranet {
    fn lookup<'a>(&'a self, _host: &'a str) -> Addresses<'a> {
        Box::pin(async { Ok(vec![IpAddr::V4(Ipv4Addr::new(10, 1, 2, 3))]) })
    }
}

#[tokio::test]
async fn a_name_that_resolves_to_a_private_network_is_excluded_without_connecting() {
    let link = Url::parse("http://wiki.corp.example/page").expect("url");
    let options = CheckOptions {
        network: citecheck::check::Network {
            name_lookup: Some(Arc::new(Intranet)),
            ..guarded().network
        },
        ..guarded()
    };
    let started = Instant::now();
    let verdict = check_with(&link, &options).await;
    assert_eq!(verdict.status, LinkStatus::Excluded, "{verdict:?}");
    assert!(verdict.detail.contains("10.1.2.3"), "{}", verdict.detail);
    // Connecting to 10.1.2.3 would have waited for the timeout.
    assert!(started.elapsed() < Duration::from_millis(500));
}

#[tokio::test]
async fn link_local_and_unique_local_literals_are_excluded() {
    for link in [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00::1]/",
        "http://[::1]:9/",
    ] {
        let link = Url::parse(link).expect("url");
        let verdict = check_with(&link, &guarded()).await;
        assert_eq!(verdict.status, LinkStatus::Excluded, "{link}: {verdict:?}");
    }
}
