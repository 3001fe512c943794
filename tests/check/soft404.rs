//! Pages that answer 200 but are error pages.

use std::io::Write;

use axum::http::header;
use axum::routing::get;
use axum::Router;
use citecheck::check::LinkStatus;

use crate::support;
use crate::support::checker::check;
use crate::support::server::serve;

fn page(title: &str, heading: &str) -> String {
    format!(
        "<!doctype html><html><head><meta charset=utf-8><title>{title}</title></head>\
         <body><h1>{heading}</h1><p>Sorry.</p></body></html>"
    )
}

/// Error-page titles in a dozen languages, as sites write them (site names
/// after a separator, apologies, the status code).
const ERROR_TITLES: &[&str] = &[
    "Page not found",
    "404 Not Found",
    "Not Found",
    "404 - Page not found | Example News",
    "Error 404 (Not Found)!!1",
    "Oops! That page can&rsquo;t be found. &ndash; Blog",
    "Sorry, the page you were looking for could not be found",
    "404 页面不存在_新华网",
    "页面不存在 - 新浪网",
    "頁面不存在",
    "找不到網頁 | 聯合新聞網",
    "对不起，您访问的页面不存在！",
    "Seite nicht gefunden – Der Spiegel",
    "Fehler 404: Seite nicht gefunden",
    "Page introuvable - Le Monde",
    "P&aacute;gina no encontrada | El Pa&iacute;s",
    "Pagina non trovata",
    "ページが見つかりません | NHK",
    "페이지를 찾을 수 없습니다",
    "Страница не найдена",
    "Sayfa bulunamadı",
    "File not found",
];

/// Titles of real pages: names with 404 in them, pages about the status
/// code, headlines and book titles that hold the wording.
const REAL_TITLES: &[&str] = &[
    "404",
    "Error 404",
    "Peugeot 404 &ndash; Wikipedia",
    "Flight 404 to Lisbon diverted after bird strike - BBC News",
    "The 404 Club: a novel",
    "Error 404 (2020) - IMDb",
    "What does 404 Not Found mean? | MDN",
    "HTTP 404 Not Found explained: causes and fixes",
    "How to fix a 404 error on WordPress - Kinsta&reg;",
    "Route 404 (Ontario) - Wikipedia",
    "Catalogue no. 404/12 – British Museum",
    "Search results for /wiki/404",
    "Lost and Not Found: memoirs of a detective",
    "Not Found: the search for MH370 | The Atlantic",
    "找不到北：一位外交官的回憶錄 - 博客來",
    "为什么网页显示404？页面不存在的原因与解决方法 - 知乎",
    "Page Not Found: A Novel by Jane Doe | Goodreads",
    "404 Not Found (band) – Discography",
    "德蘇軸心談判 - 维基百科，自由的百科全书",
    "Der Fall ist nicht gefunden worden – Spiegel Archiv",
    "Les enfants introuvables de 1940 — Le Monde",
    "Боевой путь 404-го полка — Военное обозрение",
];

/// What a site answers for an address it does not have.
#[derive(Debug, Clone, Copy)]
enum Missing {
    /// A real 404: the site is trusted, its 200 pages exist.
    NotFound,
    /// A 200 error page that says so.
    ErrorPage,
    /// Its home page, with a 200.
    HomePage,
}

/// A site with one page per title at `/p/0`, `/p/1`, …; every other address
/// (the probe lands there) gets `missing`.
fn site(titles: &[&str], missing: Missing) -> std::net::SocketAddr {
    let mut router = Router::new();
    for (i, title) in titles.iter().enumerate() {
        let body = page(title, "Example News");
        router = router.route(
            &format!("/p/{i}"),
            get(move || async move { axum::response::Html(body) }),
        );
    }
    let router = router.fallback(move || async move {
        match missing {
            Missing::NotFound => (
                axum::http::StatusCode::NOT_FOUND,
                axum::response::Html(page("Not Found", "Not Found")),
            ),
            Missing::ErrorPage => (
                axum::http::StatusCode::OK,
                axum::response::Html(page("Oops! Page not found | Example", "Oops")),
            ),
            Missing::HomePage => (
                axum::http::StatusCode::OK,
                axum::response::Html(page("Example News", "Welcome")),
            ),
        }
    });
    serve(router)
}

#[tokio::test]
async fn error_page_titles_in_many_languages_are_soft_404s() {
    // Whatever the site answers for a made-up address: sites that 404 a
    // random path still serve some removed pages as 200 error pages.
    for missing in [Missing::NotFound, Missing::ErrorPage, Missing::HomePage] {
        let addr = site(ERROR_TITLES, missing);
        for (i, title) in ERROR_TITLES.iter().enumerate() {
            let verdict = check(&support::server::url(addr, &format!("/p/{i}"))).await;
            assert_eq!(
                verdict.status,
                LinkStatus::Soft404,
                "{missing:?} {title}: {verdict:?}"
            );
            assert_eq!(verdict.http_status, Some(200));
            assert!(
                verdict.detail.contains("its title says"),
                "{}",
                verdict.detail
            );
        }
    }
}

#[tokio::test]
async fn works_named_like_errors_are_pages() {
    // A song, an album, a book and the status code's own page: the title is
    // the error wording, but the address names it, or the title has more
    // than a site's name beside it.
    let pages = [
        ("/album/not-found", "Not Found | Kite Runner"),
        (
            "/libro-pagina-no-encontrada/123",
            "Página no encontrada - Casa del Libro",
        ),
        ("/404", "404 Not Found — httpstatuses.com"),
        (
            "/en-US/docs/Web/HTTP/Status/404",
            "404 Not Found - HTTP | MDN",
        ),
        (
            "/track/5xk",
            "Page Not Found - song and lyrics by Nova | Spotify",
        ),
    ];
    let mut router = Router::new();
    for (path, title) in pages {
        router = router.route(
            path,
            get(move || async move { axum::response::Html(page(title, title)) }),
        );
    }
    let addr = serve(router);
    for (path, title) in pages {
        let verdict = check(&support::server::url(addr, path)).await;
        assert_eq!(verdict.status, LinkStatus::Ok, "{title}: {verdict:?}");
    }
}

#[tokio::test]
async fn real_titles_with_404_or_the_wording_in_them_are_never_soft_404s() {
    for missing in [Missing::NotFound, Missing::ErrorPage, Missing::HomePage] {
        let addr = site(REAL_TITLES, missing);
        for (i, title) in REAL_TITLES.iter().enumerate() {
            let verdict = check(&support::server::url(addr, &format!("/p/{i}"))).await;
            assert_eq!(
                verdict.status,
                LinkStatus::Ok,
                "{missing:?} {title}: {verdict:?}"
            );
        }
    }
}

#[tokio::test]
async fn entities_are_decoded_before_the_title_is_read() {
    let addr = site(&["P&aacute;gina no encontrada"], Missing::ErrorPage);
    let verdict = check(&support::server::url(addr, "/p/0")).await;
    assert_eq!(verdict.status, LinkStatus::Soft404, "{verdict:?}");
    assert!(
        verdict.detail.contains("\"Página no encontrada\""),
        "{}",
        verdict.detail
    );
}

#[tokio::test]
async fn a_title_inside_a_comment_is_not_the_title() {
    let addr = serve(Router::new().route(
        "/story",
        get(|| async {
            axum::response::Html(
                "<html><head><!-- <title>404 Not Found</title> --><title>Storm hits coast</title>\
                 </head><body><!-- <h1>Page not found</h1> --><h1>Storm</h1></body></html>",
            )
        }),
    ));
    let verdict = check(&support::server::url(addr, "/story")).await;
    assert_eq!(verdict.status, LinkStatus::Ok, "{verdict:?}");
}

/// A site that answers every address it does not have with one error page
/// and a 200, titled with its own name: only the comparison with a made-up
/// address tells its error page from its articles.
fn soft_site(hits: &support::server::Hits) -> std::net::SocketAddr {
    let error_page = |path: &str| {
        format!(
            "<html><head><title>Example News</title></head><body><h1>Oops</h1>\
             <p>Sorry, the page {path} was not found. Try the search box.</p>\
             <nav>Home World Sport Culture</nav></body></html>"
        )
    };
    let hits = hits.clone();
    serve(
        Router::new()
            .route(
                "/news/storm",
                get(|| async {
                    axum::response::Html(
                        "<html><head><title>Example News</title></head><body><h1>Storm hits coast</h1>\
                         <p>A storm hit the coast on Monday, cutting power to 20,000 homes.</p>\
                         <nav>Home World Sport Culture</nav></body></html>",
                    )
                }),
            )
            .fallback(move |uri: axum::http::Uri| {
                let body = error_page(uri.path());
                if uri.path().starts_with("/citecheck-probe-") {
                    hits.hit();
                }
                async move { axum::response::Html(body) }
            }),
    )
}

#[tokio::test]
async fn a_page_like_the_sites_answer_for_a_made_up_address_is_a_soft_404_and_one_probe_serves_the_site(
) {
    let probes = support::server::Hits::default();
    let addr = soft_site(&probes);
    let urls: Vec<url::Url> = [
        "/news/storm",
        "/news/gone-1",
        "/news/gone-2",
        "/2019/05/gone-3.html",
    ]
    .iter()
    .map(|p| support::server::url(addr, p))
    .collect();
    let verdicts =
        citecheck::check::http::check_urls(urls.clone(), &support::checker::options()).await;
    assert_eq!(
        verdicts[&urls[0]].status,
        LinkStatus::Ok,
        "{:?}",
        verdicts[&urls[0]]
    );
    for url in &urls[1..] {
        let verdict = &verdicts[url];
        assert_eq!(verdict.status, LinkStatus::Soft404, "{url}: {verdict:?}");
        assert!(
            verdict.detail.contains("the site's error page"),
            "{}",
            verdict.detail
        );
    }
    assert_eq!(probes.count(), 1, "one probe per site and run");
}

#[tokio::test]
async fn a_site_that_serves_its_app_shell_everywhere_is_not_called_dead() {
    let addr = serve(Router::new().fallback(|| async {
        axum::response::Html(
            "<!doctype html><html><head><title>My App</title></head>\
             <body><div id=root></div><script src=/app.js></script></body></html>",
        )
    }));
    let verdict = check(&support::server::url(addr, "/app/orders/42")).await;
    assert_eq!(verdict.status, LinkStatus::Ok, "{verdict:?}");
}

#[tokio::test]
async fn a_main_heading_alone_is_no_evidence() {
    // A book called "Page Not Found", on a site that answers made-up
    // addresses with a real 404, and on one that shows its home page.
    let book =
        || async { axum::response::Html(page("Page Not Found: A Novel | Shop", "Page Not Found")) };
    let trusted = serve(Router::new().route("/books/42", get(book)));
    let homely = serve(
        Router::new()
            .route("/books/42", get(book))
            .fallback(|| async { axum::response::Html(page("Shop — home", "Today's books")) }),
    );
    for addr in [trusted, homely] {
        let verdict = check(&support::server::url(addr, "/books/42")).await;
        assert_eq!(verdict.status, LinkStatus::Ok, "{verdict:?}");
    }
}

#[tokio::test]
async fn a_deep_page_that_refreshes_to_the_home_page_is_a_soft_404() {
    let addr = serve(Router::new().route(
        "/old/story",
        get(|| async {
            axum::response::Html(
                "<html><head><meta http-equiv=\"refresh\" content=\"0; url=/\"><title>Redirecting</title></head></html>",
            )
        }),
    ));
    let verdict = check(&support::server::url(addr, "/old/story")).await;
    assert_eq!(verdict.status, LinkStatus::Soft404, "{verdict:?}");
    assert!(verdict.detail.contains("home page"), "{}", verdict.detail);
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
    let verdict = check(&support::server::url(addr, "/story")).await;
    assert_eq!(verdict.status, LinkStatus::Ok, "{verdict:?}");
}

#[tokio::test]
async fn an_error_title_is_found_in_a_gzip_compressed_page() {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(page("404 Not Found", "Not Found").as_bytes())
        .expect("compress in memory");
    let body = encoder.finish().expect("compress in memory");
    let addr = serve(
        Router::new()
            .route(
                "/story/gz",
                get(move || async move {
                    (
                        [
                            (header::CONTENT_ENCODING, "gzip"),
                            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                        ],
                        body,
                    )
                }),
            )
            .fallback(|| async { axum::response::Html(page("Not Found", "Not Found")) }),
    );
    let verdict = check(&support::server::url(addr, "/story/gz")).await;
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
    let verdict = check(&support::server::url(addr, "/paper.pdf")).await;
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
    // Declared nowhere: detected from the bytes.
    let gbk_bare = encoding_rs::GBK
        .encode("<html><head><title>对不起，您访问的页面不存在！</title></head><body>请返回首页。</body></html>")
        .0
        .into_owned();
    let big5_bare = encoding_rs::BIG5
        .encode("<html><head><title>找不到網頁 | 聯合新聞網</title></head><body>很抱歉，您要找的網頁不存在。</body></html>")
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
        )
        .route(
            "/gbk-bare",
            get(move || async move { ([(header::CONTENT_TYPE, "text/html")], gbk_bare) }),
        )
        .route(
            "/big5-bare",
            get(move || async move { ([(header::CONTENT_TYPE, "text/html")], big5_bare) }),
        )
        // Missing pages get a 200 error page, as on many Chinese sites.
        .fallback(|| async {
            axum::response::Html(page("页面不存在", "对不起，您访问的页面不存在"))
        });
    let addr = serve(router);
    for (path, title) in [
        ("/gbk", "页面不存在"),
        ("/big5", "頁面不存在"),
        ("/sjis", "ページが見つかりません"),
        ("/gbk-bare", "对不起，您访问的页面不存在！"),
        ("/big5-bare", "找不到網頁 | 聯合新聞網"),
    ] {
        let verdict = check(&support::server::url(addr, path)).await;
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
    let verdict = check(&support::server::url(addr, "/book")).await;
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
        network: citecheck::check::Network {
            timeout: Duration::from_millis(800),
            retries: 0,
            ..support::checker::options().network
        },
        ..support::checker::options()
    };
    let verdict =
        support::checker::check_with(&support::server::url(addr, "/slow"), &options).await;
    assert_eq!(verdict.status, LinkStatus::Timeout, "{verdict:?}");
}

#[tokio::test]
async fn a_home_page_needs_no_probe() {
    let probes = support::server::Hits::default();
    let addr = soft_site(&probes);
    let verdict = check(&support::server::url(addr, "/")).await;
    assert_eq!(verdict.status, LinkStatus::Ok, "{verdict:?}");
    assert_eq!(
        probes.count(),
        0,
        "a home page is never a site's answer for a missing page"
    );
}
