//! Redirects, followed by hand: temporary ones are fine, permanent ones ask
//! for the citation to be updated, and loops or endless chains get nowhere.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use citecheck::check::LinkStatus;

use crate::support::checker::check;
use crate::support::server::{serve, serve_counted, url};

const PAGE: &str = "<html><head><title>The article</title></head><body>text</body></html>";

fn redirect(code: u16, to: &'static str) -> impl IntoResponse {
    (
        StatusCode::from_u16(code).unwrap_or(StatusCode::FOUND),
        [(header::LOCATION, to)],
    )
}

fn site() -> Router {
    Router::new()
        .route("/page", get(|| async { PAGE }))
        .route("/", get(|| async { "<title>Home</title>" }))
        .route("/302", get(|| async { redirect(302, "/page") }))
        .route("/303", get(|| async { redirect(303, "/page") }))
        .route("/307", get(|| async { redirect(307, "/page") }))
        .route("/301", get(|| async { redirect(301, "/page") }))
        .route("/308", get(|| async { redirect(308, "/page") }))
        .route("/chain", get(|| async { redirect(302, "/chain-2") }))
        .route("/chain-2", get(|| async { redirect(301, "/chain-3") }))
        .route("/chain-3", get(|| async { redirect(307, "/page") }))
        .route("/to-missing", get(|| async { redirect(302, "/missing") }))
        .route(
            "/moved-to-missing",
            get(|| async { redirect(301, "/missing") }),
        )
        .route("/missing", get(|| async { StatusCode::NOT_FOUND }))
        .route("/loop-a", get(|| async { redirect(302, "/loop-b") }))
        .route("/loop-b", get(|| async { redirect(302, "/loop-a") }))
        .route("/self", get(|| async { redirect(301, "/self") }))
        .route(
            "/endless/{n}",
            get(
                |axum::extract::Path(n): axum::extract::Path<u32>| async move {
                    (
                        StatusCode::FOUND,
                        [(header::LOCATION, format!("/endless/{}", n + 1))],
                    )
                },
            ),
        )
        .route("/news/2019/story", get(|| async { redirect(301, "/") }))
        .route(
            "/news/2020/story",
            get(|| async { redirect(302, "/?ref=404") }),
        )
        .route(
            "/old-story",
            get(|| async { redirect(302, "http://127.0.0.1:1/") }),
        )
        .route(
            "/to-ftp",
            get(|| async { redirect(302, "ftp://files.example.org/a") }),
        )
        .route(
            "/to-chinese",
            get(|| async {
                let location = HeaderValue::from_bytes("/页面".as_bytes())
                    .unwrap_or(HeaderValue::from_static("/"));
                (StatusCode::FOUND, [(header::LOCATION, location)])
            }),
        )
        .route("/%E9%A1%B5%E9%9D%A2", get(|| async { PAGE }))
}

#[tokio::test]
async fn temporary_redirects_to_a_page_are_ok_and_say_where_they_ended() {
    let addr = serve(site());
    for code in ["302", "303", "307"] {
        let verdict = check(&url(addr, &format!("/{code}"))).await;
        assert_eq!(verdict.status, LinkStatus::Ok, "{code}: {verdict:?}");
        assert_eq!(verdict.http_status, Some(200));
        assert_eq!(
            verdict.final_url.as_deref(),
            Some(url(addr, "/page").as_str())
        );
    }
}

#[tokio::test]
async fn permanent_redirects_to_a_page_are_redirected_with_the_final_url() {
    let addr = serve(site());
    for code in [301, 308] {
        let verdict = check(&url(addr, &format!("/{code}"))).await;
        assert_eq!(
            verdict.status,
            LinkStatus::Redirected,
            "{code}: {verdict:?}"
        );
        let page = url(addr, "/page");
        assert_eq!(verdict.final_url.as_deref(), Some(page.as_str()));
        assert_eq!(
            verdict.detail,
            format!("redirected permanently ({code}) to {page}; update the citation")
        );
    }
}

#[tokio::test]
async fn a_chain_with_one_permanent_hop_is_redirected() {
    let addr = serve(site());
    let verdict = check(&url(addr, "/chain")).await;
    assert_eq!(verdict.status, LinkStatus::Redirected, "{verdict:?}");
    assert_eq!(
        verdict.final_url.as_deref(),
        Some(url(addr, "/page").as_str())
    );
}

#[tokio::test]
async fn a_redirect_to_a_missing_page_is_dead_with_the_final_status() {
    let addr = serve(site());
    for path in ["/to-missing", "/moved-to-missing"] {
        let verdict = check(&url(addr, path)).await;
        assert_eq!(verdict.status, LinkStatus::Dead, "{path}: {verdict:?}");
        assert_eq!(verdict.http_status, Some(404));
        assert_eq!(
            verdict.final_url.as_deref(),
            Some(url(addr, "/missing").as_str())
        );
        assert!(
            verdict.detail.contains("after a redirect to"),
            "{}",
            verdict.detail
        );
    }
}

#[tokio::test]
async fn a_redirect_loop_is_unreachable_after_one_request_per_url() {
    let (addr, hits) = serve_counted(site());
    let verdict = check(&url(addr, "/loop-a")).await;
    assert_eq!(verdict.status, LinkStatus::Unreachable, "{verdict:?}");
    assert!(
        verdict.detail.starts_with("redirect loop"),
        "{}",
        verdict.detail
    );
    assert_eq!(hits.count(), 2);
    let verdict = check(&url(addr, "/self")).await;
    assert_eq!(verdict.status, LinkStatus::Unreachable, "{verdict:?}");
}

#[tokio::test]
async fn more_than_ten_redirects_is_unreachable() {
    let (addr, hits) = serve_counted(site());
    let verdict = check(&url(addr, "/endless/0")).await;
    assert_eq!(verdict.status, LinkStatus::Unreachable, "{verdict:?}");
    assert!(
        verdict.detail.starts_with("more than 10 redirects"),
        "{}",
        verdict.detail
    );
    assert_eq!(hits.count(), 11, "the link and ten redirects");
}

#[tokio::test]
async fn a_deep_link_redirected_to_the_home_page_is_a_soft_404() {
    let addr = serve(site());
    let verdict = check(&url(addr, "/news/2019/story")).await;
    assert_eq!(verdict.status, LinkStatus::Soft404, "{verdict:?}");
    assert_eq!(verdict.final_url.as_deref(), Some(url(addr, "/").as_str()));
    assert!(verdict.detail.contains("home page"), "{}", verdict.detail);
}

#[tokio::test]
async fn a_deep_link_redirected_to_the_home_page_with_a_query_is_a_soft_404() {
    let addr = serve(site());
    let verdict = check(&url(addr, "/news/2020/story")).await;
    assert_eq!(verdict.status, LinkStatus::Soft404, "{verdict:?}");
    assert_eq!(
        verdict.final_url.as_deref(),
        Some(url(addr, "/?ref=404").as_str())
    );
}

#[tokio::test]
async fn a_redirect_to_a_non_web_scheme_is_excluded() {
    let addr = serve(site());
    let verdict = check(&url(addr, "/to-ftp")).await;
    assert_eq!(verdict.status, LinkStatus::Excluded, "{verdict:?}");
    assert_eq!(
        verdict.final_url.as_deref(),
        Some("ftp://files.example.org/a")
    );
}

#[tokio::test]
async fn a_raw_utf8_location_is_followed_as_a_browser_would() {
    let addr = serve(site());
    let verdict = check(&url(addr, "/to-chinese")).await;
    assert_eq!(verdict.status, LinkStatus::Ok, "{verdict:?}");
    assert_eq!(
        verdict.final_url.as_deref(),
        Some(url(addr, "/%E9%A1%B5%E9%9D%A2").as_str())
    );
}

#[tokio::test]
async fn a_redirect_to_a_closed_port_is_unreachable_and_keeps_the_hop() {
    let addr = serve(site());
    let verdict = check(&url(addr, "/old-story")).await;
    assert_eq!(verdict.status, LinkStatus::Unreachable, "{verdict:?}");
    assert_eq!(verdict.http_status, Some(302));
    assert_eq!(verdict.final_url.as_deref(), Some("http://127.0.0.1:1/"));
}
