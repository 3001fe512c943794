//! Soft 404s: pages that answer 200 but are error pages, and deep links that a
//! site answers by sending the reader to its home page.
//!
//! `soft_404` counts as dead and fails builds, so a page is called one only on
//! evidence from the site itself, never on its wording or a number alone
//! ("404 Not Found - HTTP | MDN", "Page Not Found — a song on Spotify" and
//! "Peugeot 404" are real pages):
//! - the deep link was redirected, or refreshed within seconds by a `<meta>`
//!   tag, to the site's home page (not to the same page on another host);
//! - the site answers an address that never existed (one probe per site and
//!   run) with a 200 error page, one that says so in words, and the cited page
//!   is that page: the same title, near-same text, the same error wording;
//! - the cited page's title is error wording and nothing else but one more
//!   part, the site's name ("Page not found | Example", "404 页面不存在_新华网"),
//!   and the cited address does not itself name that wording (a work called
//!   "Not Found" at `/album/not-found`, the status code's page at `/404`).
//!
//! Body text is never searched for wording, but for the probe's own:
//! articles mention "not found" too often.

use std::collections::HashSet;
use std::hash::{Hash as _, Hasher as _};

use url::Url;

use super::page::Page;

mod wording;

use wording::{is_pure_error, named_by_address, wording_in};

/// How similar a page's text must be to the site's answer for a made-up
/// address to be that answer (Jaccard similarity of character shingles).
const SAME_TEXT: f64 = 0.8;

/// The longest delay of a `<meta>` refresh that sends readers on rather
/// than reloading the page.
const QUICK_REFRESH_SECS: f64 = 5.0;

/// Why a page that answered 200 is an error page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Evidence {
    /// The title is error wording.
    Wording {
        /// The title, as the page has it.
        text: String,
    },
    /// The page is what the site answers for an address that never existed.
    LikeMissingPage {
        /// The made-up address asked.
        probe: Url,
        /// The title both pages share.
        title: Option<String>,
    },
    /// A deep link was redirected to the site's home page.
    SentHome,
    /// The link was redirected to the site's error page (`/404.html`,
    /// `/error`, `/not-found`).
    SentToErrorPage,
    /// A deep link's page refreshes to the site's home page.
    RefreshedHome(Url),
}

/// The parts of a site's 200 page for an address that never existed (its
/// soft error page, or its home page for any address) that a cited page is
/// compared with. A site that answers such an address otherwise (a 404, a
/// failure) gives no evidence.
#[derive(Debug, Clone)]
pub(crate) struct ProbePage {
    /// The address asked.
    pub(crate) url: Url,
    /// Its title with the made-up part removed.
    title: Option<String>,
    /// Its text's shingles with the made-up part removed.
    shingles: HashSet<u64>,
    /// The error wording it carries in its title, heading or opening text;
    /// empty when it says nothing of an error (a home page or an app's shell
    /// served for any address: no evidence about any page).
    wording: Vec<&'static str>,
}

impl ProbePage {
    /// Keeps what the comparison needs of the probe's page, fetched from
    /// `url`.
    pub(crate) fn new(url: Url, page: &Page) -> Self {
        let echoes = echoes(&url);
        let title = page.title.as_deref().map(|t| strip_echoes(t, &echoes));
        Self {
            shingles: shingles(&strip_echoes(&page.text, &echoes)),
            wording: wording_in(page),
            title,
            url,
        }
    }
}

/// The evidence that needs no probe: a redirect or a quick refresh to the
/// home page, a title of error wording and the site's name.
pub(crate) fn without_probe(
    original: &Url,
    final_url: &Url,
    redirected: bool,
    page: &Page,
) -> Option<Evidence> {
    if redirected && sent_home(original, final_url) {
        return Some(Evidence::SentHome);
    }
    if redirected && is_error_address(final_url) && !is_error_address(original) {
        return Some(Evidence::SentToErrorPage);
    }
    if let Some(refresh) = &page.refresh {
        // A refresh minutes away is a page reloading itself (news home pages
        // do), not a page sending readers elsewhere.
        if refresh.delay <= QUICK_REFRESH_SECS
            && refresh.to.host_str() == final_url.host_str()
            && sent_home(final_url, &refresh.to)
        {
            return Some(Evidence::RefreshedHome(refresh.to.clone()));
        }
    }
    page.title
        .as_deref()
        .filter(|t| is_pure_error(t) && !named_by_address(original, t))
        .map(|t| Evidence::Wording { text: t.to_owned() })
}

/// The evidence that needs the site's answer for a made-up address: only a
/// site that answers missing pages with a 200 error page can be caught
/// serving one for a cited page.
pub(crate) fn with_probe(final_url: &Url, page: &Page, missing: &ProbePage) -> Option<Evidence> {
    if missing.wording.is_empty() {
        return None;
    }
    let shares_wording = wording_in(page).iter().any(|w| missing.wording.contains(w));
    (shares_wording && looks_like(final_url, page, missing)).then(|| Evidence::LikeMissingPage {
        probe: missing.url.clone(),
        title: page.title.clone(),
    })
}

/// Whether `page`, fetched from `url`, is the probe's page: the same title
/// and near-same text once what each page echoes of its own address is
/// removed.
fn looks_like(url: &Url, page: &Page, missing: &ProbePage) -> bool {
    let echoes = echoes(url);
    let title = page.title.as_deref().map(|t| strip_echoes(t, &echoes));
    if title != missing.title {
        return false;
    }
    let mine = shingles(&strip_echoes(&page.text, &echoes));
    if mine.is_empty() && missing.shingles.is_empty() {
        return true;
    }
    let shared = mine.intersection(&missing.shingles).count();
    let all = mine.len() + missing.shingles.len() - shared;
    shared as f64 / all as f64 >= SAME_TEXT
}

/// The parts of an address a page may echo: its path, decoded, and the
/// path's last segment.
fn echoes(url: &Url) -> Vec<String> {
    let path = percent_encoding::percent_decode_str(url.path())
        .decode_utf8_lossy()
        .to_lowercase();
    let mut echoes = vec![path.clone()];
    if let Some(last) = path.trim_end_matches('/').rsplit('/').next() {
        if last.chars().count() >= 3 {
            echoes.push(last.to_owned());
        }
    }
    echoes
}

fn strip_echoes(text: &str, echoes: &[String]) -> String {
    let mut text = text.to_lowercase();
    for echo in echoes {
        if !echo.trim_matches('/').is_empty() {
            text = text.replace(echo.as_str(), " ");
        }
    }
    text
}

/// Hashes of every five letters or digits in a row (spaces and punctuation
/// left out, so scripts without spaces compare like the others).
fn shingles(text: &str) -> HashSet<u64> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    chars
        .windows(5)
        .map(|w| {
            let mut hasher = std::hash::DefaultHasher::new();
            w.hash(&mut hasher);
            hasher.finish()
        })
        .collect()
}

/// A deep link (a path or query beyond the home page) whose redirects ended
/// on a site's home page: the site no longer has the page and sends readers
/// home instead of answering 404. A redirect that keeps the query
/// (`/?p=123` to `https://www.…/?p=123`, `index.php?title=X` to another
/// host) moved the page, not removed it.
pub(crate) fn sent_home(original: &Url, final_url: &Url) -> bool {
    is_deep(original)
        && is_home(final_url)
        && !(final_url.query().is_some_and(|q| !q.is_empty())
            && final_url.query() == original.query())
}

/// A page beyond the home page: a path, or a query that names something
/// (tracking parameters do not). Only deep pages can be a site's answer for
/// a page it no longer has, so only they need the probe.
pub(crate) fn is_deep(url: &Url) -> bool {
    !is_home(url) || url.query_pairs().any(|(name, _)| !is_tracking(&name))
}

/// An address that names an error page: its last segment, without its
/// extension, is `404`, `410`, `error`, `not-found`, `notfound` or
/// `page-not-found`.
fn is_error_address(url: &Url) -> bool {
    let last = url
        .path_segments()
        .and_then(|mut segments| segments.rfind(|s| !s.is_empty()))
        .unwrap_or_default()
        .to_ascii_lowercase();
    let stem = last.split('.').next().unwrap_or_default();
    matches!(
        stem,
        "404"
            | "410"
            | "error"
            | "errors"
            | "not-found"
            | "notfound"
            | "not_found"
            | "page-not-found"
            | "pagenotfound"
    )
}

/// Parameters that say where a reader came from, not what they read.
fn is_tracking(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("utm_")
        || matches!(
            name.as_str(),
            "ref"
                | "fbclid"
                | "gclid"
                | "mc_cid"
                | "mc_eid"
                | "source"
                | "share"
                | "igshid"
                | "spm"
        )
}

/// The home page: a path of `/`, an index document, or a language's home
/// (`/en/`, `/zh-tw/`). A query does not make it a deep page: `/?ref=404`
/// and `/?lang=en` are the home page too.
fn is_home(url: &Url) -> bool {
    let path = url.path().trim_matches('/').to_ascii_lowercase();
    let language = |p: &str| {
        let mut parts = p.split(['-', '_']);
        parts
            .next()
            .is_some_and(|l| l.len() == 2 && l.chars().all(|c| c.is_ascii_lowercase()))
            && parts
                .all(|r| (2..=4).contains(&r.len()) && r.chars().all(|c| c.is_ascii_alphanumeric()))
    };
    path.is_empty()
        || language(&path)
        || ["index", "default", "home"].iter().any(|stem| {
            path == *stem || path.strip_prefix(stem).is_some_and(|r| r.starts_with('.'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Titles of real pages, shaped like ones seen on the web: names with 404
    /// in them, pages about the status code, headlines with the wording.
    const REAL_TITLES: &[&str] = &[
        "Peugeot 404 – Wikipedia",
        "Flight 404 to Lisbon diverted after bird strike - BBC News",
        "The 404 Club: a novel",
        "Error 404 (2020) - IMDb",
        "What does 404 Not Found mean? | MDN",
        "HTTP 404 Not Found explained: causes and fixes",
        "How to fix a 404 error on WordPress - Kinsta®",
        "Route 404 (Ontario) - Wikipedia",
        "Catalogue no. 404/12 – British Museum",
        "/wiki/Special:Search?q=404 - Search results",
        "Lost and Not Found: memoirs of a detective",
        "Not Found: the search for MH370 | The Atlantic",
        "找不到北：一位外交官的回憶錄 - 博客來",
        "为什么网页显示404？页面不存在的原因与解决方法 - 知乎",
        "Page Not Found: A Novel by Jane Doe | Goodreads",
        "404 Not Found (band) – Discography",
        "Chapter 404 of the Laws of 1940",
        "德蘇軸心談判 - 维基百科，自由的百科全书",
        "Error handling in Rust: not found vs. not allowed",
        "Der Fall ist nicht gefunden worden – Spiegel Archiv",
        "Les enfants introuvables de 1940 — Le Monde",
        "Боевой путь 404-го полка — Военное обозрение",
        "404 Not Found - HTTP | MDN",
        "Page Not Found - song and lyrics by Nova | Spotify",
        "Страница не найдена — Иван Петров | ЛитРес",
    ];

    /// Titles of error pages, in several languages.
    const ERROR_TITLES: &[&str] = &[
        "Page Not Found",
        "404 Not Found",
        "Not Found",
        "404 - Page not found | Example News",
        "Error 404 (Not Found)!!1",
        "Oops! That page can't be found. – Blog",
        "Sorry, the page you were looking for could not be found",
        "404 页面不存在_新华网",
        "页面不存在 - 新浪网",
        "頁面不存在",
        "找不到網頁 | 聯合新聞網",
        "对不起，您访问的页面不存在！",
        "Seite nicht gefunden – Der Spiegel",
        "Fehler 404: Seite nicht gefunden",
        "Page introuvable - Le Monde",
        "Página no encontrada | El País",
        "Pagina non trovata",
        "ページが見つかりません | NHK",
        "404 エラー - お探しのページは見つかりませんでした",
        "페이지를 찾을 수 없습니다",
        "Страница не найдена",
        "Sayfa bulunamadı",
        "File not found",
        "HTTP Error 404.0 - Not Found",
    ];

    #[test]
    fn real_titles_are_never_error_wording() {
        for title in REAL_TITLES {
            assert!(!is_pure_error(title), "{title}");
        }
    }

    #[test]
    fn error_titles_are_error_wording() {
        for title in ERROR_TITLES {
            assert!(is_pure_error(title), "{title}");
        }
    }

    #[test]
    fn a_number_alone_never_decides() {
        for title in ["404", "Error 404", "404 | Example", "HTTP 404"] {
            assert!(!is_pure_error(title), "{title}");
        }
    }

    fn page(title: &str, heading: &str, text: &str) -> Page {
        Page {
            title: Some(title.to_owned()),
            heading: Some(heading.to_owned()),
            text: text.to_owned(),
            ..Page::default()
        }
    }

    #[test]
    fn a_page_like_the_sites_error_page_is_a_soft_404() {
        let url = |s: &str| Url::parse(s).unwrap();
        let probe_url = url("https://a.org/citecheck-probe-1234abcd");
        let missing = ProbePage::new(
            probe_url.clone(),
            &page(
                "Example News",
                "Oops",
                "Page not found. We looked everywhere for /citecheck-probe-1234abcd — try the search. Home News Sport",
            ),
        );
        let gone = page(
            "Example News",
            "Oops",
            "Page not found. We looked everywhere for /news/2019/story — try the search. Home News Sport",
        );
        let cited = url("https://a.org/news/2019/story");
        assert!(matches!(
            with_probe(&cited, &gone, &missing.clone()),
            Some(Evidence::LikeMissingPage { .. })
        ));
        let real = page(
            "Example News",
            "Storm hits coast",
            "A storm hit the coast on Monday, cutting power to 20,000 homes. Home News Sport",
        );
        assert_eq!(with_probe(&cited, &real, &missing), None);
    }

    #[test]
    fn without_a_200_page_for_a_made_up_address_the_probe_is_no_evidence() {
        let cited = Url::parse("https://shop.example/books/page-not-found").unwrap();
        let book = page(
            "Page Not Found: A Novel | Shop",
            "Page Not Found",
            "A novel by Jane Doe.",
        );
        let site_answer: Option<&ProbePage> = None;
        assert_eq!(
            site_answer.and_then(|missing| with_probe(&cited, &book, missing)),
            None
        );
    }

    #[test]
    fn a_site_that_shows_its_home_page_everywhere_is_not_evidence() {
        let url = Url::parse("https://spa.example/app/route/42").unwrap();
        let shell = page("My App", "My App", "Loading…");
        let probe = ProbePage::new(
            Url::parse("https://spa.example/citecheck-probe-1").unwrap(),
            &shell,
        );
        assert_eq!(with_probe(&url, &shell, &probe), None);
    }

    #[test]
    fn a_deep_link_sent_to_the_root_was_sent_home() {
        let url = |s: &str| Url::parse(s).unwrap();
        assert!(sent_home(
            &url("https://a.org/news/1"),
            &url("https://www.a.org/")
        ));
        assert!(sent_home(
            &url("https://a.org/?p=1"),
            &url("https://a.org/index.html")
        ));
        assert!(!sent_home(&url("https://a.org/"), &url("https://a.org/")));
        assert!(!sent_home(
            &url("https://a.org/index.php"),
            &url("https://a.org/")
        ));
        assert!(!sent_home(&url("https://a.org/a"), &url("https://a.org/b")));
        assert!(matches!(
            without_probe(
                &url("https://a.org/old/1"),
                &url("https://a.org/404.html"),
                true,
                &Page::default()
            ),
            Some(Evidence::SentToErrorPage)
        ));
        assert_eq!(
            without_probe(
                &url("https://a.org/old/1"),
                &url("https://a.org/new/1"),
                true,
                &Page::default()
            ),
            None
        );
        // Moved, not removed: the query names the page.
        assert!(!sent_home(
            &url("http://a.org/?p=123"),
            &url("https://www.a.org/?p=123")
        ));
        assert!(!sent_home(
            &url("http://a.org/index.php?title=Peugeot_404"),
            &url("https://en.a.org/index.php?title=Peugeot_404")
        ));
        // Tracking parameters do not make a home page deep.
        assert!(!sent_home(
            &url("https://a.org/?utm_source=x"),
            &url("https://a.org/")
        ));
        assert!(sent_home(
            &url("https://a.org/news/1"),
            &url("https://a.org/en/")
        ));
        let refreshing = Page {
            refresh: Some(crate::check::page::Refresh {
                delay: 0.0,
                to: url("https://a.org/"),
            }),
            ..Page::default()
        };
        assert!(matches!(
            without_probe(
                &url("https://a.org/x/1"),
                &url("https://a.org/x/1"),
                false,
                &refreshing
            ),
            Some(Evidence::RefreshedHome(_))
        ));
        // A news home page reloading itself every five minutes.
        let reloading = Page {
            refresh: Some(crate::check::page::Refresh {
                delay: 300.0,
                to: url("https://a.org/?edition=uk"),
            }),
            ..Page::default()
        };
        let edition = url("https://a.org/?edition=uk");
        assert_eq!(without_probe(&edition, &edition, false, &reloading), None);
    }

    #[test]
    fn a_probe_page_that_only_shows_the_number_404_is_no_evidence() {
        let url = |s: &str| Url::parse(s).unwrap();
        let shell = page(
            "Peugeot 404 Owners Club",
            "Peugeot 404 Owners Club",
            "Flight 404 diverted. Club news.",
        );
        let probe = ProbePage::new(url("https://club.example/citecheck-probe-1"), &shell);
        assert_eq!(
            with_probe(&url("https://club.example/meets/2019"), &shell, &probe),
            None
        );
    }

    #[test]
    fn a_real_page_on_the_same_template_as_the_error_page_is_not_it() {
        // Same title on every page and kilobytes of shared navigation: only
        // the error page carries the error wording.
        let url = |s: &str| Url::parse(s).unwrap();
        let nav = "Home Collection Search Visit Learn Shop About Contact ".repeat(80);
        let missing = ProbePage::new(
            url("https://museum.example/citecheck-probe-1"),
            &page(
                "Collection Online",
                "Page not found",
                &format!("Page not found. {nav}"),
            ),
        );
        let item = page(
            "Collection Online",
            "Bronze mirror",
            &format!("Bronze mirror, Han dynasty. {nav}"),
        );
        assert_eq!(
            with_probe(&url("https://museum.example/object/42"), &item, &missing),
            None
        );
    }
}
