//! Pages that answer 200 but are error pages.

mod check_support;

use std::io::Write;

use axum::http::header;
use axum::routing::get;
use axum::Router;
use check_support::{check, serve};
use citecheck::check::LinkStatus;

fn page(title: &str, heading: &str) -> String {
    format!(
        "<!doctype html><html><head><meta charset=utf-8><title>{title}</title></head>\
         <body><h1>{heading}</h1><p>Sorry.</p></body></html>"
    )
}

#[tokio::test]
async fn error_page_titles_in_many_languages_are_soft_404s() {
    let titles = [
        "Page not found",
        "404",
        "页面不存在",
        "頁面不存在",
        "Seite nicht gefunden",
        "Page introuvable",
        "Página no encontrada",
        "ページが見つかりません",
    ];
    let mut router = Router::new();
    for (i, title) in titles.iter().enumerate() {
        let body = page(title, "Example News");
        router = router.route(
            &format!("/{i}"),
            get(move || async move { axum::response::Html(body) }),
        );
    }
    let addr = serve(router);
    for (i, title) in titles.iter().enumerate() {
        let verdict = check(&check_support::url(addr, &format!("/{i}"))).await;
        assert_eq!(verdict.status, LinkStatus::Soft404, "{title}: {verdict:?}");
        assert_eq!(verdict.http_status, Some(200));
        assert!(
            verdict
                .detail
                .contains(&format!("its title says \"{title}\"")),
            "{}",
            verdict.detail
        );
    }
}

#[tokio::test]
async fn a_main_heading_that_says_not_found_is_a_soft_404() {
    let addr = serve(Router::new().route(
        "/story",
        get(|| async {
            axum::response::Html(page("Example News", "Sorry, this page could not be found"))
        }),
    ));
    let verdict = check(&check_support::url(addr, "/story")).await;
    assert_eq!(verdict.status, LinkStatus::Soft404, "{verdict:?}");
    assert!(
        verdict.detail.contains("its main heading says"),
        "{}",
        verdict.detail
    );
}

#[tokio::test]
async fn an_ordinary_page_that_mentions_not_found_in_its_text_is_ok() {
    let addr = serve(Router::new().route(
        "/story",
        get(|| async {
            axum::response::Html(
                "<html><head><title>Expedition report</title></head>\
                 <body><h1>Expedition</h1><p>404 pages, not found, 页面不存在.</p></body></html>",
            )
        }),
    ));
    let verdict = check(&check_support::url(addr, "/story")).await;
    assert_eq!(verdict.status, LinkStatus::Ok, "{verdict:?}");
}

#[tokio::test]
async fn an_error_title_is_found_in_a_gzip_compressed_page() {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(page("404 Not Found", "Not Found").as_bytes())
        .expect("compress in memory");
    let body = encoder.finish().expect("compress in memory");
    let addr = serve(Router::new().route(
        "/gz",
        get(move || async move {
            (
                [
                    (header::CONTENT_ENCODING, "gzip"),
                    (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                ],
                body,
            )
        }),
    ));
    let verdict = check(&check_support::url(addr, "/gz")).await;
    assert_eq!(verdict.status, LinkStatus::Soft404, "{verdict:?}");
}

#[tokio::test]
async fn a_pdf_is_not_read_for_a_title() {
    let addr = serve(Router::new().route(
        "/paper.pdf",
        get(|| async {
            (
                [(header::CONTENT_TYPE, "application/pdf")],
                "<title>404</title>",
            )
        }),
    ));
    let verdict = check(&check_support::url(addr, "/paper.pdf")).await;
    assert_eq!(verdict.status, LinkStatus::Ok, "{verdict:?}");
}

#[tokio::test]
async fn error_titles_in_legacy_chinese_and_japanese_encodings_are_soft_404s() {
    let gbk = encoding_rs::GBK
        .encode("<html><head><title>页面不存在</title></head></html>")
        .0
        .into_owned();
    let big5 = encoding_rs::BIG5
        .encode("<html><head><title>頁面不存在</title></head></html>")
        .0
        .into_owned();
    let sjis = encoding_rs::SHIFT_JIS
        .encode("<html><head><meta charset=\"Shift_JIS\"><title>ページが見つかりません</title></head></html>")
        .0
        .into_owned();
    let router = Router::new()
        .route(
            "/gbk",
            get(move || async move { ([(header::CONTENT_TYPE, "text/html; charset=GBK")], gbk) }),
        )
        .route(
            "/big5",
            get(move || async move { ([(header::CONTENT_TYPE, "text/html; charset=big5")], big5) }),
        )
        .route(
            "/sjis",
            get(move || async move { ([(header::CONTENT_TYPE, "text/html")], sjis) }),
        );
    let addr = serve(router);
    for (path, title) in [
        ("/gbk", "页面不存在"),
        ("/big5", "頁面不存在"),
        ("/sjis", "ページが見つかりません"),
    ] {
        let verdict = check(&check_support::url(addr, path)).await;
        assert_eq!(verdict.status, LinkStatus::Soft404, "{path}: {verdict:?}");
        assert!(verdict.detail.contains(title), "{path}: {}", verdict.detail);
    }
}

#[tokio::test]
async fn a_title_that_only_mentions_404_inside_a_name_is_ok() {
    let body = page("The 404 Club: a novel", "The 404 Club");
    let addr = serve(Router::new().route(
        "/book",
        get(move || async move { axum::response::Html(body) }),
    ));
    let verdict = check(&check_support::url(addr, "/book")).await;
    assert_eq!(verdict.status, LinkStatus::Ok, "{verdict:?}");
}

#[tokio::test]
async fn a_page_whose_title_arrives_after_the_timeout_is_a_timeout_not_ok() {
    use std::time::Duration;
    let router = Router::new().route(
        "/slow",
        get(|| async {
            let chunks = futures_util::stream::unfold(0u32, |n| async move {
                if n == 0 {
                    return Some((
                        Ok::<_, std::io::Error>(axum::body::Bytes::from_static(b"<html><head>")),
                        1,
                    ));
                }
                tokio::time::sleep(Duration::from_millis(400)).await;
                (n < 20).then(|| (Ok(axum::body::Bytes::from_static(b" ")), n + 1))
            });
            (
                [(header::CONTENT_TYPE, "text/html")],
                axum::body::Body::from_stream(chunks),
            )
        }),
    );
    let addr = serve(router);
    let options = citecheck::check::CheckOptions {
        timeout: Duration::from_millis(800),
        retries: 0,
        ..check_support::options()
    };
    let verdict = check_support::check_with(&check_support::url(addr, "/slow"), &options).await;
    assert_eq!(verdict.status, LinkStatus::Timeout, "{verdict:?}");
}
