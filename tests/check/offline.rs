//! Offline is not dead: when no cited host name resolves, web links are left
//! unchecked, fast.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::routing::get;
use axum::Router;
use citecheck::check::dns::{Addresses, NameLookup};
use citecheck::check::{http, CheckOptions, LinkStatus};
use url::Url;

use crate::support;
use crate::support::checker::options;
use crate::support::server::{serve, url};

/// A machine whose resolver answers nothing.
#[derive(Debug)]
struct NoNetwork;

impl NameLookup for NoNetwork {
    fn lookup<'a>(&'a self, _host: &'a str) -> Addresses<'a> {
        Box::pin(async {
            Err(std::io::Error::other(
                "Temporary failure in name resolution",
            ))
        })
    }
}

/// A machine whose resolver never answers at all.
#[derive(Debug)]
struct HangingResolver;

impl NameLookup for HangingResolver {
    fn lookup<'a>(&'a self, _host: &'a str) -> Addresses<'a> {
        Box::pin(std::future::pending())
    }
}

fn web_links() -> Vec<Url> {
    [
        "https://zh.wikipedia.org/wiki/%E8%8B%8F%E8%81%94",
        "https://www.example.com/news/1",
        "http://93.184.216.34/",
    ]
    .iter()
    .map(|s| Url::parse(s).expect("url"))
    .collect()
}

#[tokio::test]
async fn when_no_host_name_resolves_web_links_are_unchecked_not_dead() {
    let options = CheckOptions {
        network: citecheck::check::Network {
            name_lookup: Some(Arc::new(NoNetwork)),
            ..options().network
        },
        ..options()
    };
    let started = Instant::now();
    let verdicts = http::check_urls(web_links(), &options).await;
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "{:?}",
        started.elapsed()
    );
    for link in web_links() {
        let verdict = &verdicts[&link];
        assert_eq!(verdict.status, LinkStatus::Unchecked, "{link}: {verdict:?}");
        assert_eq!(
            verdict.detail,
            "not checked: the network is unreachable from this machine"
        );
    }
}

#[tokio::test]
async fn a_resolver_that_hangs_counts_as_offline_after_a_short_wait() {
    let options = CheckOptions {
        network: citecheck::check::Network {
            name_lookup: Some(Arc::new(HangingResolver)),
            timeout: Duration::from_millis(300),
            ..options().network
        },
        ..options()
    };
    let started = Instant::now();
    let verdicts = http::check_urls(web_links(), &options).await;
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert!(
        verdicts.values().all(|v| v.status == LinkStatus::Unchecked),
        "{verdicts:?}"
    );
}

#[tokio::test]
async fn loopback_links_are_still_checked_when_no_name_resolves() {
    let addr = serve(Router::new().route("/", get(|| async { "<title>Local</title>" })));
    let local = url(addr, "/");
    let options = CheckOptions {
        network: citecheck::check::Network {
            name_lookup: Some(Arc::new(NoNetwork)),
            ..options().network
        },
        ..options()
    };
    let verdicts = http::check_urls(vec![local.clone()], &options).await;
    assert_eq!(
        verdicts[&local].status,
        LinkStatus::Ok,
        "{:?}",
        verdicts[&local]
    );
}

#[tokio::test]
async fn when_a_server_answers_names_that_do_not_resolve_are_dns_failures() {
    // The network is up (a server was reached), so a name that does not
    // resolve is a DNS failure: unreachable, not unchecked.
    let addr = serve(Router::new().route("/", get(|| async { "<title>Local</title>" })));
    let local = url(addr, "/");
    let names: Vec<Url> = web_links()
        .into_iter()
        .filter(|u| {
            u.host_str()
                .is_some_and(|h| h.contains('.') && h.parse::<std::net::IpAddr>().is_err())
        })
        .collect();
    assert_eq!(names.len(), 2);
    let mut links = names.clone();
    links.push(local.clone());
    let options = CheckOptions {
        network: citecheck::check::Network {
            name_lookup: Some(Arc::new(NoNetwork)),
            ..options().network
        },
        ..options()
    };
    let verdicts = http::check_urls(links, &options).await;
    assert_eq!(verdicts[&local].status, LinkStatus::Ok);
    for name in &names {
        assert_eq!(
            verdicts[name].status,
            LinkStatus::Unreachable,
            "{name}: {:?}",
            verdicts[name]
        );
    }
}

/// A web archive and an ISBN catalogue that answer anything, counting the
/// requests they get.
fn services() -> ((Url, support::server::Hits), (Url, support::server::Hits)) {
    let start = || {
        let (addr, hits) =
            support::server::serve_counted(Router::new().fallback(|| async { "{}" }));
        (url(addr, "/api"), hits)
    };
    (start(), start())
}

/// An article citing `links` and a valid ISBN.
fn article_with_links_and_an_isbn(dir: &std::path::Path, links: &[Url]) -> std::path::PathBuf {
    let mut text = String::from("A claim.[^1]\n\n[^1]: A book, 1999. ISBN 0-333-80149-0\n");
    for (i, link) in links.iter().enumerate() {
        text.push_str(&format!("\nMore.[^l{i}]\n\n[^l{i}]: <{link}>\n"));
    }
    let path = dir.join("article.md");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn offline_runs_ask_neither_the_archive_nor_the_catalogue() {
    let ((archive, archive_hits), (catalogue, catalogue_hits)) = services();
    let dir = tempfile::tempdir().unwrap();
    let gone = url(serve(Router::new()), "/gone");
    let text =
        std::fs::read_to_string(article_with_links_and_an_isbn(dir.path(), &[gone])).unwrap();
    let run = support::binary::run_binary_with_lookups(
        dir.path(),
        &text,
        &[
            "--offline",
            "--allow-private",
            "--archive-endpoint",
            archive.as_str(),
            "--isbn-endpoint",
            catalogue.as_str(),
        ],
    );
    let a = &run.report["articles"][0];
    assert_eq!(a["links"][0]["status"], "unchecked");
    assert_eq!(a["links"][0]["archive_url"], serde_json::Value::Null);
    assert_eq!(a["isbns"][0]["valid"], true);
    assert_eq!(a["isbns"][0]["catalogue"], serde_json::Value::Null);
    assert_eq!((archive_hits.count(), catalogue_hits.count()), (0, 0));
}

#[tokio::test]
async fn a_machine_found_offline_asks_neither_the_archive_nor_the_catalogue() {
    let ((archive, archive_hits), (catalogue, catalogue_hits)) = services();
    let dir = tempfile::tempdir().unwrap();
    let path = article_with_links_and_an_isbn(dir.path(), &web_links());
    let options = CheckOptions {
        network: citecheck::check::Network {
            name_lookup: Some(Arc::new(NoNetwork)),
            ..options().network
        },
        services: citecheck::check::Services {
            archive_endpoint: Some(archive),
            isbn_endpoint: Some(catalogue),
            ..citecheck::check::Services::none()
        },
        ..options()
    };
    let audit = citecheck::audit_cached(&[path], &options, None).await;
    let a = &audit.report.articles[0];
    assert!(a
        .links
        .iter()
        .all(|l| l.verdict.status == LinkStatus::Unchecked && l.verdict.archive_url.is_none()));
    assert_eq!(a.isbns[0].catalogue, None);
    assert!(audit.lookup_failures.is_empty());
    assert_eq!((archive_hits.count(), catalogue_hits.count()), (0, 0));
}
