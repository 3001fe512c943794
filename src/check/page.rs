//! The one page reader: turns the bytes of a fetched page into what the
//! checks read of it — its title, first heading, meta refresh, canonical link
//! and visible text.
//!
//! Decoding follows what browsers do: a byte order mark, the `charset` of the
//! Content-Type header, a `<meta>` charset near the top, else detection
//! (chardetng, Firefox's detector, hinted by the site's top-level domain).
//! Chinese sites still serve GBK and Big5 without saying so. Parsing is
//! html5ever's (through scraper), so comments, entities, CDATA and broken
//! markup are read as a browser reads them, never by hand.

use scraper::{Html, Node, Selector};
use url::Url;

use crate::article::collapse_whitespace;

/// How much visible text is kept: enough to tell a page from the site's
/// error page, little enough to stay small for thousands of pages.
const TEXT_CHARS: usize = 16 * 1024;

/// What a page says about itself, read from its HTML.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Page {
    /// The `<title>`, white space collapsed; `None` when absent or empty.
    pub(crate) title: Option<String>,
    /// The first `<h1>`, white space collapsed.
    pub(crate) heading: Option<String>,
    /// Where a `<meta http-equiv=refresh>` sends the reader.
    pub(crate) refresh: Option<Refresh>,
    /// The `<link rel=canonical>`, resolved against the page's URL.
    pub(crate) canonical: Option<Url>,
    /// The visible text of the body (scripts, styles and templates left
    /// out), white space collapsed, at most [`TEXT_CHARS`] characters.
    pub(crate) text: String,
    /// The page's anchors, when they were asked for.
    pub(crate) anchors: Option<PageAnchors>,
}

/// A `<meta http-equiv=refresh content="5; url=/x">`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Refresh {
    /// Seconds before the refresh.
    pub(crate) delay: f64,
    /// Where it leads, resolved against the page's URL.
    pub(crate) to: Url,
}

impl Eq for Refresh {}

/// The names a fragment (`#id`) can reach in a page: every element's `id`
/// and every `<a name>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PageAnchors {
    /// The names.
    pub(crate) names: std::collections::HashSet<String>,
    /// Whether the whole page was read; when not, a name missing from
    /// `names` may still be further down.
    pub(crate) complete: bool,
}

impl PageAnchors {
    /// Whether `fragment` (as written in the URL, percent-encoded or not)
    /// reaches a place in the page. `#` alone and `#top` reach the top, as
    /// in browsers; a text fragment (`#:~:text=`) is not an anchor.
    #[must_use]
    pub(crate) fn reaches(&self, fragment: &str) -> bool {
        let decoded = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
        fragment.is_empty()
            || fragment.eq_ignore_ascii_case("top")
            || fragment.starts_with(":~:")
            || self.names.contains(fragment)
            || self.names.contains(decoded.as_ref())
    }
}

/// Decodes and reads a page fetched from `url`, with its anchors when
/// `with_anchors`.
pub(crate) fn read(
    bytes: &[u8],
    content_type: Option<&str>,
    url: &Url,
    with_anchors: bool,
) -> Page {
    let document = Html::parse_document(&decode(bytes, content_type, url));
    let mut page = read_document(&document, url);
    if with_anchors {
        page.anchors = Some(PageAnchors {
            names: crate::article::anchors::in_document(&document),
            complete: true,
        });
    }
    page
}

/// The page's bytes as text, in the encoding the page declares or, failing
/// that, the one it looks like.
pub(crate) fn decode(bytes: &[u8], content_type: Option<&str>, url: &Url) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    let declared = content_type
        .and_then(charset_in)
        .or_else(|| meta_charset(bytes))
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        // A page cannot be UTF-16 once it is read as bytes without a BOM;
        // browsers read such a declaration as UTF-8.
        .map(|e| {
            if e.is_single_byte() || e.output_encoding() == e {
                e
            } else {
                encoding_rs::UTF_8
            }
        });
    let encoding = declared.unwrap_or_else(|| detect(bytes, url));
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// Guesses the encoding of undeclared bytes; UTF-8 when they are valid UTF-8.
fn detect(bytes: &[u8], url: &Url) -> &'static encoding_rs::Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return encoding_rs::UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let tld = url
        .host_str()
        .and_then(|h| h.rsplit('.').next())
        .map(str::as_bytes);
    detector.guess(tld, true)
}

/// The value of the first `charset=` in a Content-Type header.
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

/// A charset declared by a `<meta>` tag in the first 1024 bytes, where the
/// HTML standard's prescan looks.
fn meta_charset(bytes: &[u8]) -> Option<String> {
    let start = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    start.match_indices("<meta").find_map(|(at, _)| {
        let tag = &start[at..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        charset_in(tag).or_else(|| {
            let at = tag.find("charset")? + "charset".len();
            let rest = tag[at..].trim_start().strip_prefix('=')?;
            charset_in(&format!("charset={}", rest.trim_start()))
        })
    })
}

/// Reads the parts of a decoded page the checks use.
#[cfg(test)]
fn parse(html: &str, url: &Url) -> Page {
    read_document(&Html::parse_document(html), url)
}

fn read_document(document: &Html, url: &Url) -> Page {
    let first_text = |selector: &str| {
        let selector = Selector::parse(selector).expect("a valid selector");
        document
            .select(&selector)
            .map(|e| collapse_whitespace(&e.text().collect::<String>()))
            .find(|t| !t.is_empty())
    };
    let attribute = |selector: &str, name: &str| {
        let selector = Selector::parse(selector).expect("a valid selector");
        document
            .select(&selector)
            .find_map(|e| e.value().attr(name).map(str::to_owned))
    };
    let refresh = attribute(r#"meta[http-equiv="refresh" i]"#, "content")
        .and_then(|content| refresh_target(&content, url));
    let canonical = attribute(r#"link[rel~="canonical" i]"#, "href")
        .and_then(|href| url.join(href.trim()).ok());
    Page {
        title: first_text("title"),
        heading: first_text("h1"),
        refresh,
        canonical,
        text: visible_text(document),
        anchors: None,
    }
}

/// Where `<meta http-equiv=refresh content="5; url=/x">` leads, and when.
fn refresh_target(content: &str, base: &Url) -> Option<Refresh> {
    let (delay, rest) = content.split_once([';', ','])?;
    let delay = delay.trim().parse::<f64>().ok().filter(|d| *d >= 0.0)?;
    let rest = rest.trim_start();
    let target = if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case("url") {
        rest[3..].trim_start().strip_prefix('=')?.trim()
    } else {
        rest.trim()
    };
    let target = target.trim_matches(['"', '\'']);
    let to = (!target.is_empty())
        .then(|| base.join(target).ok())
        .flatten()?;
    Some(Refresh { delay, to })
}

/// The text a reader sees, without scripts, styles, templates and the head.
fn visible_text(document: &Html) -> String {
    let mut out = String::new();
    let mut stack = vec![document.tree.root()];
    while let Some(node) = stack.pop() {
        match node.value() {
            Node::Element(element)
                if matches!(
                    element.name(),
                    "script" | "style" | "noscript" | "template" | "head" | "svg"
                ) => {}
            Node::Text(text) => {
                out.push_str(text);
                out.push(' ');
                if out.len() > TEXT_CHARS * 4 {
                    break;
                }
            }
            _ => stack.extend(node.children().rev()),
        }
    }
    let mut text = collapse_whitespace(&out);
    if let Some((cut, _)) = text.char_indices().nth(TEXT_CHARS) {
        text.truncate(cut);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url() -> Url {
        Url::parse("https://news.example.cn/a/b.html").unwrap()
    }

    #[test]
    fn title_heading_and_text_are_read_as_a_browser_reads_them() {
        let page = parse(
            "<!-- <title>404 Not Found</title> --><html><head><title>P&aacute;gina\n de  inicio</title>\
             <script>var t = '<h1>x</h1>';</script></head><body><h1 class=a>Hola <b>mundo</b></h1>\
             <p>Texto &amp; m&aacute;s</p><style>p{}</style></body></html>",
            &url(),
        );
        assert_eq!(page.title.as_deref(), Some("Página de inicio"));
        assert_eq!(page.heading.as_deref(), Some("Hola mundo"));
        assert_eq!(page.text, "Hola mundo Texto & más");
    }

    #[test]
    fn refresh_and_canonical_are_resolved_against_the_page() {
        let page = parse(
            r#"<head><META HTTP-EQUIV="Refresh" CONTENT="0; URL='/'"><link rel="alternate canonical" href="/a/b.html?x"></head>"#,
            &url(),
        );
        let refresh = page.refresh.unwrap();
        assert_eq!(refresh.to.as_str(), "https://news.example.cn/");
        assert!(refresh.delay.abs() < f64::EPSILON);
        assert_eq!(
            page.canonical.unwrap().as_str(),
            "https://news.example.cn/a/b.html?x"
        );
        assert_eq!(
            parse("<meta http-equiv=refresh content=5>", &url()).refresh,
            None
        );
    }

    #[test]
    fn undeclared_legacy_encodings_are_detected() {
        let gbk = encoding_rs::GBK
            .encode("<html><head><title>页面不存在 - 新华网</title></head><body>对不起，您要访问的页面不存在或已被删除。</body></html>")
            .0;
        assert_eq!(
            read(&gbk, Some("text/html"), &url(), false)
                .title
                .as_deref(),
            Some("页面不存在 - 新华网")
        );
        let big5 = encoding_rs::BIG5
            .encode("<title>找不到網頁</title><p>很抱歉，您要找的網頁不存在，請回到首頁。</p>")
            .0;
        let tw = Url::parse("https://www.example.com.tw/x").unwrap();
        assert_eq!(
            read(&big5, None, &tw, false).title.as_deref(),
            Some("找不到網頁")
        );
    }

    #[test]
    fn declarations_in_header_meta_and_bom_win_over_detection() {
        let sjis = encoding_rs::SHIFT_JIS
            .encode("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"><title>ページが見つかりません</title>")
            .0;
        assert_eq!(
            read(&sjis, Some("text/html"), &url(), false)
                .title
                .as_deref(),
            Some("ページが見つかりません")
        );
        let latin = encoding_rs::WINDOWS_1252.encode("<title>Página</title>").0;
        assert_eq!(
            read(&latin, Some("text/html; charset=ISO-8859-1"), &url(), false)
                .title
                .as_deref(),
            Some("Página")
        );
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("<title>Ünï</title>".as_bytes());
        assert_eq!(
            read(&bom, Some("text/html; charset=windows-1252"), &url(), false)
                .title
                .as_deref(),
            Some("Ünï")
        );
    }
}
