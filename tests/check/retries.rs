//! Retries: rate limits and overloads are asked again, after the wait the
//! server asks for, up to a cap.

use std::time::{Duration, Instant, SystemTime};

use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use citecheck::check::{CheckOptions, LinkStatus};

use crate::support::checker::{check, check_with, options};
use crate::support::server::{serve, serve_counted, url, Hits};

/// A page that answers 429 with `retry_after` the first time, then 200.
fn limited_once(
    retry_after: impl Fn() -> String + Clone + Send + Sync + 'static,
) -> (Router, Hits) {
    let hits = Hits::default();
    let counter = hits.clone();
    let router = Router::new().route(
        "/limited",
        get(move || {
            let counter = counter.clone();
            let retry_after = retry_after.clone();
            async move {
                if counter.hit() == 1 {
                    (
                        StatusCode::TOO_MANY_REQUESTS,
                        [(header::RETRY_AFTER, retry_after())],
                    )
                        .into_response()
                } else {
                    "<title>Fine</title>".into_response()
                }
            }
        }),
    );
    (router, hits)
}

/// Checks a page that first answers 429 with `retry_after`, and asserts
/// that the second attempt came no sooner than `least_wait` and succeeded.
async fn assert_ok_after_waiting(
    retry_after: impl Fn() -> String + Clone + Send + Sync + 'static,
    least_wait: Duration,
) {
    let (router, hits) = limited_once(retry_after);
    let addr = serve(router);
    let started = Instant::now();
    let verdict = check(&url(addr, "/limited")).await;
    assert_eq!(verdict.status, LinkStatus::Ok, "{verdict:?}");
    assert_eq!(hits.count(), 2);
    let waited = started.elapsed();
    assert!(waited >= least_wait, "waited {waited:?}");
}

#[tokio::test]
async fn a_429_with_retry_after_then_200_is_ok_after_waiting() {
    assert_ok_after_waiting(|| "1".to_owned(), Duration::from_secs(1)).await;
}

#[tokio::test]
async fn a_retry_after_given_as_an_http_date_is_honoured() {
    // The date has a resolution of one second.
    assert_ok_after_waiting(
        || httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2)),
        Duration::from_millis(900),
    )
    .await;
}

#[tokio::test]
async fn a_429_that_persists_after_waiting_is_blocked() {
    let (addr, hits) = serve_counted(Router::new().route(
        "/limited",
        get(|| async { (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "0")]) }),
    ));
    let verdict = check(&url(addr, "/limited")).await;
    assert_eq!(verdict.status, LinkStatus::Blocked, "{verdict:?}");
    assert_eq!(verdict.http_status, Some(429));
    assert_eq!(hits.count(), 3);
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_is_not_waited_for() {
    let (addr, hits) = serve_counted(Router::new().route(
        "/limited",
        get(|| async {
            (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, "3600")],
            )
        }),
    ));
    let started = Instant::now();
    let verdict = check(&url(addr, "/limited")).await;
    assert_eq!(verdict.status, LinkStatus::Blocked, "{verdict:?}");
    assert_eq!(hits.count(), 1);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(
        verdict.detail.contains("asked to wait 3600 s"),
        "{}",
        verdict.detail
    );
}

#[tokio::test]
async fn retries_back_off_exponentially() {
    let (addr, hits) =
        serve_counted(Router::new().route("/down", get(|| async { StatusCode::BAD_GATEWAY })));
    let options = CheckOptions {
        network: citecheck::check::Network {
            retries: 3,
            retry_base: Duration::from_millis(100),
            ..options().network
        },
        ..options()
    };
    let started = Instant::now();
    let verdict = check_with(&url(addr, "/down"), &options).await;
    assert_eq!(verdict.status, LinkStatus::ServerError);
    assert_eq!(hits.count(), 4);
    // 100 + 200 + 400 ms, each less at most half by jitter.
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(350), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
}
