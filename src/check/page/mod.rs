//! The one page reader: turns the bytes of a fetched page into what the
//! checks read of it — its title, first heading, meta refresh, canonical link
//! and visible text — and what the report keeps of it ([`PageInfo`]: what
//! the page says about itself in its metadata).
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

mod main_text;

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
    /// The main text: the article without the site's navigation, headers,
    /// footers and asides, a line per block (see [`main_text`]).
    pub(crate) main: String,
    /// Whether the answer was plain text, not HTML: read for its words,
    /// never probed for a soft 404.
    pub(crate) plain: bool,
    /// The page's anchors, when they were asked for.
    pub(crate) anchors: Option<PageAnchors>,
    /// What the page says about itself.
    pub(crate) info: PageInfo,
}

/// What a cited page says about itself, for the report (`links[].page`):
/// read from its `<title>`, the `citation_*` tags scholarly sites give
/// (Google Scholar's), OpenGraph, Dublin Core, JSON-LD (schema.org) and
/// plain `<meta>` tags, the most specific first. A field the page does not
/// give is null.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PageInfo {
    /// The work's title (`citation_title`, `og:title`, `DC.title`, JSON-LD
    /// `headline`, else `<title>`).
    pub title: Option<String>,
    /// Its summary (`og:description`, `description`, `DC.description`).
    pub description: Option<String>,
    /// The site or publication (`og:site_name`, `citation_journal_title`,
    /// JSON-LD `publisher`).
    pub site_name: Option<String>,
    /// The language it says it is in (`<html lang>`, `Content-Language`,
    /// `og:locale`, `DC.language`).
    pub language: Option<String>,
    /// When it was published, as the page writes it
    /// (`citation_publication_date`, `article:published_time`, `DC.date`,
    /// JSON-LD `datePublished`).
    pub published: Option<String>,
    /// Who wrote it (`citation_author`, `author`, `article:author`,
    /// `DC.creator`, JSON-LD `author`); several are joined with "; ".
    pub author: Option<String>,
    /// The address the page gives as its own (`<link rel=canonical>`,
    /// `og:url`), resolved.
    pub canonical: Option<String>,
    /// Whether the domain looks taken over: parked, or for sale.
    #[serde(default)]
    pub usurped: bool,
    /// Whether the title is the one the citation gives for the source:
    /// null when the citation gives none (or no title was read).
    #[serde(default)]
    pub title_matches: Option<bool>,
    /// The day (`YYYY-MM-DD`) the page's main text was first seen as it is
    /// now, when the cache saw it differ before: the page changed since the
    /// citation may have been checked. Null when no change was seen (or no
    /// cache is kept).
    #[serde(default)]
    pub changed_since: Option<String>,
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
    let decoded = decode(bytes, content_type, url);
    if content_type.is_some_and(is_plain_text) {
        return plain(&decoded);
    }
    let document = Html::parse_document(&decoded);
    let mut page = read_document(&document, url);
    if with_anchors {
        page.anchors = Some(PageAnchors {
            names: crate::article::anchors::in_document(&document),
            complete: true,
        });
    }
    page
}

/// Whether a Content-Type is plain text rather than HTML.
pub(crate) fn is_plain_text(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("text/plain"))
}

/// A plain-text page: all of it is its main text.
fn plain(text: &str) -> Page {
    let mut main = String::new();
    for line in text.lines() {
        let line = collapse_whitespace(line);
        if !line.is_empty() {
            main.push_str(&line);
            main.push('\n');
        }
        if main.len() > main_text::MAIN_CHARS * 4 {
            break;
        }
    }
    if let Some((cut, _)) = main.char_indices().nth(main_text::MAIN_CHARS) {
        main.truncate(cut);
    }
    let mut visible = collapse_whitespace(&main);
    if let Some((cut, _)) = visible.char_indices().nth(TEXT_CHARS) {
        visible.truncate(cut);
    }
    let info = PageInfo {
        usurped: super::usurped::parked(None, &visible).is_some(),
        ..PageInfo::default()
    };
    Page {
        text: visible,
        main,
        info,
        plain: true,
        ..Page::default()
    }
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
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(bytes, true);
    let tld = url
        .host_str()
        .and_then(|h| h.rsplit('.').next())
        .map(str::as_bytes);
    detector.guess(tld, chardetng::Utf8Detection::Allow)
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

/// A selector parsed once for the run, not once a page.
macro_rules! selector {
    ($css:expr) => {{
        static SELECTOR: std::sync::LazyLock<Selector> =
            std::sync::LazyLock::new(|| Selector::parse($css).expect("a valid selector"));
        &*SELECTOR
    }};
}

fn read_document(document: &Html, url: &Url) -> Page {
    let first_text = |selector: &Selector| {
        document
            .select(selector)
            .map(|e| collapse_whitespace(&e.text().collect::<String>()))
            .find(|t| !t.is_empty())
    };
    let attribute = |selector: &Selector, name: &str| {
        document
            .select(selector)
            .find_map(|e| e.value().attr(name).map(str::to_owned))
    };
    let refresh = attribute(selector!(r#"meta[http-equiv="refresh" i]"#), "content")
        .and_then(|content| refresh_target(&content, url));
    let canonical = attribute(selector!(r#"link[rel~="canonical" i]"#), "href")
        .and_then(|href| url.join(href.trim()).ok());
    let title = first_text(selector!("title"));
    let text = visible_text(document);
    let info = info(document, url, title.as_deref(), canonical.as_ref(), &text);
    Page {
        title,
        heading: first_text(selector!("h1")),
        refresh,
        canonical,
        text,
        main: main_text::main_text(document),
        plain: false,
        anchors: None,
        info,
    }
}

/// The longest a metadata value is kept: a description can be a whole
/// abstract.
const META_CHARS: usize = 500;

/// `<meta>` tags by their lowercased `name`, `property` or `itemprop`, in
/// page order.
fn meta_tags(document: &Html) -> Vec<(String, String)> {
    static META: std::sync::LazyLock<Selector> =
        std::sync::LazyLock::new(|| Selector::parse("meta[content]").expect("a valid selector"));
    document
        .select(&META)
        .filter_map(|e| {
            let element = e.value();
            let key = element
                .attr("name")
                .or_else(|| element.attr("property"))
                .or_else(|| element.attr("itemprop"))
                .or_else(|| element.attr("http-equiv"))?;
            let value = collapse_whitespace(element.attr("content")?);
            (!value.is_empty()).then(|| (key.trim().to_ascii_lowercase(), value))
        })
        .collect()
}

/// The first value of the first of `keys` the page gives.
fn first_of(tags: &[(String, String)], keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|key| tags.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
}

/// Every value of the first of `keys` the page gives, joined with "; ".
fn all_of(tags: &[(String, String)], keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|key| {
        let values: Vec<&str> = tags
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join("; "))
    })
}

/// A string, or the `name` of an object, or those of a list of them, from
/// JSON-LD.
fn ld_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(collapse_whitespace(s)).filter(|s| !s.is_empty()),
        serde_json::Value::Object(o) => o.get("name").and_then(ld_text),
        serde_json::Value::Array(list) => {
            let names: Vec<String> = list.iter().filter_map(ld_text).collect();
            (!names.is_empty()).then(|| names.join("; "))
        }
        _ => None,
    }
}

/// The JSON-LD objects of the page that describe a work (one with a
/// `headline`, `name` or `datePublished`), `@graph`s and lists opened.
fn json_ld(document: &Html) -> Vec<serde_json::Map<String, serde_json::Value>> {
    static LD: std::sync::LazyLock<Selector> = std::sync::LazyLock::new(|| {
        Selector::parse(r#"script[type="application/ld+json" i]"#).expect("a valid selector")
    });
    let mut works = Vec::new();
    let mut stack: Vec<serde_json::Value> = document
        .select(&LD)
        .filter_map(|e| serde_json::from_str(&e.text().collect::<String>()).ok())
        .collect();
    stack.reverse();
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::Array(list) => stack.extend(list.into_iter().rev()),
            serde_json::Value::Object(mut object) => {
                if let Some(graph) = object.remove("@graph") {
                    stack.push(graph);
                }
                if ["headline", "name", "datePublished"]
                    .iter()
                    .any(|k| object.contains_key(*k))
                {
                    works.push(object);
                }
            }
            _ => {}
        }
        if works.len() >= 16 {
            break;
        }
    }
    works
}

/// What the page says about itself; see [`PageInfo`].
fn info(
    document: &Html,
    url: &Url,
    title: Option<&str>,
    canonical: Option<&Url>,
    text: &str,
) -> PageInfo {
    let tags = meta_tags(document);
    let ld = json_ld(document);
    // Pages about an article come before the site's own description.
    let work = ld
        .iter()
        .find(|o| o.contains_key("headline") || o.contains_key("datePublished"))
        .or_else(|| ld.first());
    let from_ld = |key: &str| work.and_then(|o| o.get(key)).and_then(ld_text);
    let cut = |value: String| match value.char_indices().nth(META_CHARS) {
        Some((at, _)) => format!("{}…", &value[..at]),
        None => value,
    };
    let lang = document
        .root_element()
        .value()
        .attr("lang")
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned);
    let mut info = PageInfo {
        title: first_of(
            &tags,
            &["citation_title", "og:title", "dc.title", "dcterms.title"],
        )
        .or_else(|| from_ld("headline"))
        .or_else(|| title.map(str::to_owned)),
        description: first_of(
            &tags,
            &[
                "og:description",
                "description",
                "dc.description",
                "dcterms.description",
            ],
        )
        .or_else(|| from_ld("description")),
        site_name: first_of(
            &tags,
            &[
                "og:site_name",
                "citation_journal_title",
                "citation_conference_title",
                "citation_publisher",
                "dc.publisher",
            ],
        )
        .or_else(|| from_ld("publisher")),
        language: lang.or_else(|| {
            first_of(
                &tags,
                &[
                    "content-language",
                    "og:locale",
                    "dc.language",
                    "citation_language",
                    "language",
                ],
            )
        }),
        published: first_of(
            &tags,
            &[
                "citation_publication_date",
                "citation_date",
                "citation_online_date",
                "article:published_time",
                "dc.date",
                "dcterms.issued",
                "dcterms.created",
                "date",
                "pubdate",
            ],
        )
        .or_else(|| from_ld("datePublished")),
        author: all_of(
            &tags,
            &[
                "citation_author",
                "author",
                "article:author",
                "dc.creator",
                "dcterms.creator",
            ],
        )
        .or_else(|| from_ld("author")),
        canonical: canonical
            .cloned()
            .or_else(|| first_of(&tags, &["og:url"]).and_then(|u| url.join(&u).ok()))
            .map(|u| u.to_string()),
        usurped: false,
        title_matches: None,
        changed_since: None,
    };
    info.title = info.title.map(cut);
    info.description = info.description.map(cut);
    info.author = info.author.map(cut);
    info.usurped = super::usurped::parked(title, text).is_some();
    info
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
    fn metadata_falls_back_to_the_title_and_is_cut_to_a_few_hundred_characters() {
        let long = "word ".repeat(400);
        let page = parse(
            &format!(
                "<html><head><title>Plain  page</title><meta name=description content='{long}'>\
                 <meta name=DC.Creator content='Dublin Core author'>\
                 <meta http-equiv=content-language content=zh-Hant>\
                 <script type=application/ld+json>{{not json</script></head><body>x</body></html>"
            ),
            &url(),
        );
        let info = &page.info;
        assert_eq!(info.title.as_deref(), Some("Plain page"));
        assert_eq!(info.author.as_deref(), Some("Dublin Core author"));
        assert_eq!(info.language.as_deref(), Some("zh-Hant"));
        let description = info.description.as_deref().unwrap();
        assert_eq!(
            description.chars().count(),
            META_CHARS + 1,
            "cut, with an ellipsis"
        );
        assert!(description.ends_with('…'));
        assert_eq!(info.published, None);
        assert_eq!(info.canonical, None);
        assert!(!info.usurped);
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
