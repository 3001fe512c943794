//! Answers without redirects: each status code a server may give, and what
//! the checker sends.

use std::sync::{Arc, Mutex};

use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::routing::get;
use axum::Router;
use citecheck::check::LinkStatus;

use crate::support::checker::{check, check_with, options};
use crate::support::server::{serve, serve_counted, url, Hits};

const PAGE: &str =
    "<html><head><title>A fine article</title></head><body><h1>A fine article</h1></body></html>";

#[tokio::test]
async fn a_page_that_answers_200_is_ok() {
    let addr = serve(Router::new().route("/article", get(|| async { PAGE })));
    let verdict = check(&url(addr, "/article")).await;
    assert_eq!(verdict.status, LinkStatus::Ok, "{verdict:?}");
    assert_eq!(verdict.http_status, Some(200));
    assert_eq!(verdict.final_url, None);
    assert_eq!(verdict.detail, "the server answered 200 OK");
}

#[tokio::test]
async fn a_page_that_refuses_head_but_answers_get_is_ok() {
    let addr = serve(
        Router::new()
            .route(
                "/no-head",
                get(|| async { PAGE }).head(|| async { StatusCode::METHOD_NOT_ALLOWED }),
            )
            .route(
                "/head-404",
                get(|| async { PAGE }).head(|| async { StatusCode::NOT_FOUND }),
            ),
    );
    for path in ["/no-head", "/head-404"] {
        let verdict = check(&url(addr, path)).await;
        assert_eq!(verdict.status, LinkStatus::Ok, "{path}: {verdict:?}");
    }
}

/// A server that answers `/{code}` with that status.
fn status_echo() -> Router {
    Router::new().route(
        "/{code}",
        get(|Path(code): Path<u16>| async move {
            StatusCode::from_u16(code).unwrap_or(StatusCode::IM_A_TEAPOT)
        }),
    )
}

#[tokio::test]
async fn missing_and_gone_pages_and_other_client_errors_are_dead() {
    let addr = serve(status_echo());
    for (code, words) in [
        (404, "404 Not Found"),
        (410, "410 Gone"),
        (400, "400 Bad Request"),
        (418, "418 I'm a teapot"),
        (451, "451 Unavailable For Legal Reasons"),
    ] {
        let verdict = check(&url(addr, &format!("/{code}"))).await;
        assert_eq!(verdict.status, LinkStatus::Dead, "{code}: {verdict:?}");
        assert_eq!(verdict.http_status, Some(code));
        assert_eq!(verdict.detail, format!("the server answered {words}"));
    }
}

#[tokio::test]
async fn servers_that_refuse_bots_are_blocked_not_dead() {
    let addr = serve(status_echo());
    for code in [401, 403, 999] {
        let verdict = check(&url(addr, &format!("/{code}"))).await;
        assert_eq!(verdict.status, LinkStatus::Blocked, "{code}: {verdict:?}");
        assert_eq!(verdict.http_status, Some(code));
        assert!(
            verdict.detail.contains("refuses automated checks"),
            "{}",
            verdict.detail
        );
    }
}

#[tokio::test]
async fn a_server_error_on_every_attempt_is_a_server_error_after_the_retries() {
    let (addr, hits) = serve_counted(Router::new().route(
        "/broken",
        get(|| async { StatusCode::INTERNAL_SERVER_ERROR }),
    ));
    let verdict = check(&url(addr, "/broken")).await;
    assert_eq!(verdict.status, LinkStatus::ServerError, "{verdict:?}");
    assert_eq!(verdict.http_status, Some(500));
    assert_eq!(hits.count(), 3, "one attempt and two retries");
    assert_eq!(
        verdict.detail,
        "the server answered 500 Internal Server Error on each of 3 attempts"
    );
}

#[tokio::test]
async fn one_503_then_200_is_ok() {
    let hits = Hits::default();
    let counter = hits.clone();
    let addr = serve(Router::new().route(
        "/flaky",
        get(move || {
            let counter = counter.clone();
            async move {
                if counter.hit() == 1 {
                    (StatusCode::SERVICE_UNAVAILABLE, "busy")
                } else {
                    (StatusCode::OK, PAGE)
                }
            }
        }),
    ));
    let verdict = check(&url(addr, "/flaky")).await;
    assert_eq!(verdict.status, LinkStatus::Ok, "{verdict:?}");
    assert_eq!(hits.count(), 2);
}

#[tokio::test]
async fn with_no_retries_a_503_is_asked_once() {
    let (addr, hits) = serve_counted(
        Router::new().route("/busy", get(|| async { StatusCode::SERVICE_UNAVAILABLE })),
    );
    let options = citecheck::check::CheckOptions {
        network: citecheck::check::Network {
            retries: 0,
            ..options().network
        },
        ..options()
    };
    let verdict = check_with(&url(addr, "/busy"), &options).await;
    assert_eq!(verdict.status, LinkStatus::ServerError);
    assert_eq!(hits.count(), 1);
}

#[tokio::test]
async fn requests_carry_the_project_user_agent() {
    let seen = Arc::new(Mutex::new(String::new()));
    let record = Arc::clone(&seen);
    let addr = serve(Router::new().route(
        "/",
        get(move |headers: HeaderMap| {
            let record = Arc::clone(&record);
            async move {
                let agent = headers
                    .get("user-agent")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                *record.lock().unwrap() = agent;
                PAGE
            }
        }),
    ));
    check(&url(addr, "/")).await;
    assert_eq!(
        *seen.lock().unwrap(),
        format!(
            "citecheck/{} (+https://github.com/citecheck/citecheck)",
            env!("CARGO_PKG_VERSION")
        )
    );
}

#[tokio::test]
async fn non_ascii_paths_and_queries_are_sent_percent_encoded_like_a_browser() {
    let seen = Arc::new(Mutex::new(String::new()));
    let record = Arc::clone(&seen);
    let addr = serve(Router::new().fallback(move |uri: Uri| {
        let record = Arc::clone(&record);
        async move {
            *record.lock().unwrap() = uri.to_string();
            PAGE
        }
    }));
    let link = url(addr, "/wiki/德蘇軸心談判?q=苏联 1940");
    let verdict = check(&link).await;
    assert_eq!(verdict.status, LinkStatus::Ok, "{verdict:?}");
    assert_eq!(
        *seen.lock().unwrap(),
        "/wiki/%E5%BE%B7%E8%98%87%E8%BB%B8%E5%BF%83%E8%AB%87%E5%88%A4?q=%E8%8B%8F%E8%81%94%201940"
    );
}
