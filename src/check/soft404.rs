//! Soft 404s: pages that answer 200 but are error pages, and deep links that a
//! site answers by sending the reader to its home page.
//!
//! Only the page's `<title>` and first `<h1>` are read: body text mentions
//! "not found" far too often to be evidence.

use url::Url;

use crate::article::{collapse_whitespace, decode_entities};

/// Phrases that, in a title or main heading, mark an error page. Matched on
/// the lower-cased text; "404" is matched separately as a whole number.
const NOT_FOUND_PHRASES: &[&str] = &[
    // English
    "not found",
    "cannot be found",
    "can't be found",
    "could not be found",
    "page does not exist",
    "page doesn't exist",
    "no such page",
    // Chinese, simplified and traditional
    "页面不存在",
    "頁面不存在",
    "网页不存在",
    "網頁不存在",
    "页面未找到",
    "頁面未找到",
    "找不到页面",
    "找不到頁面",
    "找不到网页",
    "找不到網頁",
    "页面找不到",
    "頁面找不到",
    "文章不存在",
    // German, French, Spanish, Portuguese, Italian, Dutch
    "seite nicht gefunden",
    "nicht gefunden",
    "page introuvable",
    "page non trouvée",
    "página no encontrada",
    "pagina no encontrada",
    "no se encontró la página",
    "página não encontrada",
    "pagina non trovata",
    "pagina niet gevonden",
    // Japanese, Korean, Russian, Polish, Turkish
    "ページが見つかりません",
    "見つかりません",
    "페이지를 찾을 수 없습니다",
    "страница не найдена",
    "nie znaleziono",
    "sayfa bulunamadı",
];

/// How much of a page is searched for its title and heading.
pub(crate) const HEAD_BYTES: usize = 256 * 1024;

/// Why a page looks like an error page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ErrorPage {
    /// "title" or "heading".
    pub(crate) element: &'static str,
    /// The element's text, as the page has it.
    pub(crate) text: String,
}

/// Whether the head of an HTML page says it is an error page.
pub(crate) fn error_page(html: &str) -> Option<ErrorPage> {
    [("title", "title"), ("h1", "heading")]
        .into_iter()
        .filter_map(|(tag, element)| {
            element_text(html, tag).map(|text| ErrorPage { element, text })
        })
        .find(|found| says_not_found(&found.text))
}

/// Whether the text of a title or heading announces a missing page. "404"
/// counts at either end of the text ("404 Not Found", "Error 404") or next to
/// "error" or "page", but not inside a name ("The 404 Club: a novel").
pub(crate) fn says_not_found(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let near_error = words.windows(2).any(|pair| {
        pair.contains(&"404")
            && pair
                .iter()
                .any(|w| matches!(*w, "error" | "err" | "page" | "http"))
    });
    NOT_FOUND_PHRASES.iter().any(|p| lower.contains(p))
        || words.first() == Some(&"404")
        || words.last() == Some(&"404")
        || near_error
}

/// Whether the head read so far holds a complete `<title>`.
pub(crate) fn has_title(html: &[u8]) -> bool {
    html.windows(7).any(|w| w.eq_ignore_ascii_case(b"</title"))
}

/// The head of a page as text, in the encoding the page declares: a byte
/// order mark, the `charset` of its Content-Type, or a `<meta>` charset, else
/// UTF-8. Chinese sites still serve GBK and Big5, Japanese ones Shift_JIS.
pub(crate) fn decode(head: &[u8], content_type: Option<&str>) -> String {
    let declared = content_type
        .and_then(charset_in)
        .or_else(|| {
            let start = &head[..head.len().min(2048)];
            charset_in(&String::from_utf8_lossy(start))
        })
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()));
    let (text, _, _) = declared.unwrap_or(encoding_rs::UTF_8).decode(head);
    text.into_owned()
}

/// The value of the first `charset=` in a header or a `<meta>` tag.
fn charset_in(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let at = lower.find("charset=")? + "charset=".len();
    let value: String = lower[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!value.is_empty()).then_some(value)
}

/// Whether reading only the head of this page can already stop: the title and
/// the first heading are both complete.
pub(crate) fn head_complete(html: &[u8]) -> bool {
    let closes = |tag: &[u8]| html.windows(tag.len()).any(|w| w.eq_ignore_ascii_case(tag));
    closes(b"</h1") && closes(b"</title")
}

/// A deep link (a path or query beyond the home page) whose redirects ended
/// on a site's home page: the site no longer has the page and sends readers
/// home instead of answering 404.
pub(crate) fn sent_home(original: &Url, final_url: &Url) -> bool {
    let deep = !is_home(original) || original.query().is_some_and(|q| !q.is_empty());
    deep && is_home(final_url)
}

/// The home page: a path of `/` or an index document. A query does not make
/// it a deep page: `/?ref=404` and `/?lang=en` are the home page too.
fn is_home(url: &Url) -> bool {
    let path = url.path().trim_matches('/').to_ascii_lowercase();
    path.is_empty()
        || ["index", "default", "home"].iter().any(|stem| {
            path == *stem || path.strip_prefix(stem).is_some_and(|r| r.starts_with('.'))
        })
}

/// The text inside the first `<tag …>…</tag>`, tags stripped, entities for
/// the common characters decoded, white space collapsed.
fn element_text(html: &str, tag: &str) -> Option<String> {
    // ASCII lower-casing keeps byte offsets, so positions found in `lower`
    // are valid in `html`.
    let lower = html.to_ascii_lowercase();
    let open = format!("<{tag}");
    let mut from = 0;
    let start = loop {
        let at = from + lower[from..].find(&open)?;
        let after = at + open.len();
        // `<h1` must not match `<h10`; `<title` must be followed by `>` or
        // attributes.
        match lower.as_bytes().get(after) {
            Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/') => {
                break after + lower[after..].find('>')? + 1;
            }
            _ => from = after,
        }
    };
    let end = start + lower[start..].find(&format!("</{tag}"))?;
    let text = strip_tags(&html[start..end]);
    let text = collapse_whitespace(&decode_entities(&text));
    (!text.is_empty()).then_some(text)
}

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_that_announce_a_missing_page_are_error_pages() {
        for title in [
            "Page Not Found",
            "404",
            "Error 404 | Example",
            "页面不存在 - 新华网",
            "頁面不存在",
            "Seite nicht gefunden",
            "Page introuvable",
            "Página no encontrada",
            "ページが見つかりません",
            "Страница не найдена",
        ] {
            assert!(says_not_found(title), "{title}");
        }
    }

    #[test]
    fn ordinary_titles_are_not_error_pages() {
        for title in [
            "德蘇軸心談判 - 维基百科，自由的百科全书",
            "Founders of 4040 Street",
            "Finding lost pages",
            "The 1404 council",
        ] {
            assert!(!says_not_found(title), "{title}");
        }
    }

    #[test]
    fn the_title_is_read_through_tags_and_entities() {
        let html = "<html><head><title lang=en>\n Page &amp; <b>not</b>\tfound </title></head>";
        assert_eq!(
            element_text(html, "title").as_deref(),
            Some("Page & not found")
        );
        let page = error_page(html).unwrap();
        assert_eq!(page.element, "title");
    }

    #[test]
    fn the_heading_counts_when_the_title_is_ordinary() {
        let html = "<title>Example News</title><h10>x</h10><h1 class=x>&#39804;面不存在</h1>";
        assert_eq!(
            error_page("<title>Example News</title><h1>页面不存在</h1>").map(|p| p.element),
            Some("heading")
        );
        assert_eq!(
            element_text(html, "h1").as_deref(),
            Some("\u{9b7c}面不存在")
        );
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
    }

    #[test]
    fn the_head_is_complete_once_title_and_heading_are_closed() {
        assert!(head_complete(b"<title>x</TITLE><H1>y</h1>"));
        assert!(!head_complete(b"<title>x</title><h1>y"));
    }
}
