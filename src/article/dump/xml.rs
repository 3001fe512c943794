//! The pages of a MediaWiki XML export (`<mediawiki>` … `<page>` …), read as
//! a stream of events (quick-xml): one page's text in memory at a time,
//! whatever the size of the dump.
//!
//! The reader takes a whole export or a piece of one: a multistream dump's
//! streams hold a hundred `<page>` elements each, the first one the
//! `<siteinfo>`, the last the closing `</mediawiki>`. A page the XML breaks
//! inside is reported by title (or byte offset) and the reader goes on from
//! the next `<page>`.

use std::io::{BufRead, Read};

use quick_xml::events::{BytesRef, Event};
use quick_xml::Reader;

/// What the reader reads: any buffered byte source, boxed so that a reader
/// restarted after an error has the same type.
pub(crate) type Input = Box<dyn BufRead + Send>;

/// What the `<siteinfo>` says of the wiki.
#[derive(Debug, Clone, Default)]
pub(crate) struct SiteInfo {
    /// `<base>`: the address of the main page, whose folder is the folder
    /// of every page (`https://en.wikipedia.org/wiki/`).
    pub(crate) base: Option<String>,
}

impl SiteInfo {
    /// The address of the page titled `title`, when the wiki's base is known.
    pub(crate) fn page_url(&self, title: &str) -> Option<String> {
        let base = self.base.as_deref()?;
        let folder = &base[..=base.rfind('/')?];
        Some(format!("{folder}{}", title.replace(' ', "_")))
    }
}

/// One `<page>` as the export gives it.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawPage {
    /// `<title>`.
    pub(crate) title: String,
    /// `<ns>`; 0 for articles.
    pub(crate) namespace: i64,
    /// Whether the page is a redirect (`<redirect title="…"/>`).
    pub(crate) redirect: bool,
    /// The page's `<id>`.
    pub(crate) page_id: Option<u64>,
    /// The revision's `<id>`.
    pub(crate) revision_id: Option<u64>,
    /// The revision's `<timestamp>` (ISO 8601, UTC).
    pub(crate) timestamp: Option<String>,
    /// The revision's `<model>` (`wikitext`, `css`, `Scribunto`, …).
    pub(crate) model: Option<String>,
    /// The revision's `<text>`; `None` when there is none (deleted).
    pub(crate) text: Option<String>,
    /// Where the `<page>` starts, in bytes of the decompressed XML read.
    pub(crate) offset: u64,
    /// Whether the text was longer than the reader keeps.
    pub(crate) too_large: bool,
}

/// What the reader found next.
#[derive(Debug)]
pub(crate) enum Item {
    /// A page, complete.
    Page(Box<RawPage>),
    /// A page (or the XML around one) that is not well formed.
    Malformed {
        /// The page's title, when it was read before the fault.
        title: Option<String>,
        /// Where the fault is, in bytes of the decompressed XML read.
        offset: u64,
        /// What is wrong.
        why: String,
    },
}

/// The element a piece of text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Namespace,
    Timestamp,
    Model,
    Text,
    Base,
    PageId,
    RevisionId,
    Other,
}

/// Reads the pages of an export one at a time.
pub(crate) struct PageReader {
    reader: Option<Reader<Input>>,
    buf: Vec<u8>,
    /// Bytes read before the current reader started (after a resync).
    base: u64,
    /// The wiki, once its `<siteinfo>` is read.
    pub(crate) site: SiteInfo,
    /// The longest text kept; a longer one is dropped and flagged.
    max_text: usize,
}

impl std::fmt::Debug for PageReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageReader")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

/// Element names, as the export spells them.
fn field_of(name: &[u8], parents: &[&'static str]) -> (&'static str, Field) {
    let parent = parents.last().copied().unwrap_or("");
    match (name, parent) {
        (b"title", "page") => ("title", Field::Title),
        (b"ns", "page") => ("ns", Field::Namespace),
        (b"timestamp", "revision") => ("timestamp", Field::Timestamp),
        (b"model", "revision") => ("model", Field::Model),
        (b"text", "revision") => ("text", Field::Text),
        (b"id", "revision") => ("id", Field::RevisionId),
        (b"id", "page") => ("id", Field::PageId),
        (b"base", "siteinfo") => ("base", Field::Base),
        (b"page", _) => ("page", Field::Other),
        (b"revision", "page") => ("revision", Field::Other),
        (b"siteinfo", _) => ("siteinfo", Field::Other),
        _ => ("", Field::Other),
    }
}

impl PageReader {
    /// A reader over `input`, keeping texts of at most `max_text` bytes.
    pub(crate) fn new(input: Input, max_text: usize) -> Self {
        Self {
            reader: Some(Self::xml(input)),
            buf: Vec::with_capacity(64 * 1024),
            base: 0,
            site: SiteInfo::default(),
            max_text,
        }
    }

    fn xml(input: Input) -> Reader<Input> {
        let mut reader = Reader::from_reader(input);
        let config = reader.config_mut();
        // A stream of a multistream dump ends with `</mediawiki>` alone.
        config.allow_unmatched_ends = true;
        config.trim_text(false);
        reader
    }

    /// The next page, or what broke one; `None` at the end.
    pub(crate) fn next_item(&mut self) -> Option<Item> {
        let mut stack: Vec<&'static str> = Vec::new();
        let mut page: Option<RawPage> = None;
        let mut field = Field::Other;
        let mut value = String::new();
        let max_text = self.max_text;
        loop {
            let mut fault = None;
            let reader = self.reader.as_mut()?;
            self.buf.clear();
            let event = match reader.read_event_into(&mut self.buf) {
                Ok(event) => event,
                Err(e) => {
                    let offset = self.base + reader.error_position();
                    // A title cut by the fault itself is still the best name.
                    let title = page
                        .map(|p| p.title)
                        .filter(|t| !t.is_empty())
                        .or_else(|| (field == Field::Title).then(|| value.clone()))
                        .filter(|t| !t.is_empty());
                    self.resync();
                    return Some(Item::Malformed {
                        title,
                        offset,
                        why: format!("the XML is not well formed: {e}"),
                    });
                }
            };
            match event {
                Event::Start(start) => {
                    let (name, kind) = field_of(start.local_name().into_inner().as_bytes(), &stack);
                    if name == "page" {
                        page = Some(RawPage {
                            offset: self.base + reader.buffer_position() - (start.len() as u64 + 2),
                            ..RawPage::default()
                        });
                    }
                    stack.push(name);
                    field = kind;
                    value.clear();
                }
                Event::Empty(empty) if empty.local_name().into_inner() == "redirect" => {
                    if let Some(page) = page.as_mut() {
                        page.redirect = true;
                    }
                }
                Event::Text(text) if field != Field::Other => {
                    keep(max_text, field, &text.xml10_content(), &mut value);
                }
                Event::CData(data) if field != Field::Other => {
                    keep(max_text, field, &data.into_inner(), &mut value);
                }
                Event::GeneralRef(reference) if field != Field::Other => {
                    if let Some(c) = resolve(&reference) {
                        keep(max_text, field, c.encode_utf8(&mut [0; 4]), &mut value);
                    } else {
                        let offset = self.base + reader.buffer_position();
                        let why = format!(
                            "the XML is not well formed: unknown entity &{};",
                            &*reference
                        );
                        fault = Some((offset, why));
                    }
                }
                Event::End(_) => {
                    let name = stack.pop().unwrap_or("");
                    if let Some(current) = page.as_mut() {
                        store(current, field, &mut value, max_text);
                    } else if field == Field::Base {
                        self.site.base = Some(std::mem::take(&mut value));
                    }
                    field = Field::Other;
                    if name == "page" {
                        if let Some(done) = page.take() {
                            return Some(Item::Page(Box::new(done)));
                        }
                    }
                }
                Event::Eof => {
                    self.reader = None;
                    return page.map(|p| Item::Malformed {
                        title: Some(p.title).filter(|t| !t.is_empty()),
                        offset: p.offset,
                        why: "the dump ends inside this page (cut short?)".to_owned(),
                    });
                }
                _ => {}
            }
            if let Some((offset, why)) = fault {
                let title = page.map(|p| p.title).filter(|t| !t.is_empty());
                self.resync();
                return Some(Item::Malformed { title, offset, why });
            }
        }
    }

    /// After a fault: skips to the next `<page>` and reads on from there.
    fn resync(&mut self) {
        const OPEN: &[u8] = b"<page>";
        let Some(reader) = self.reader.take() else {
            return;
        };
        let read = reader.buffer_position();
        let mut input = reader.into_inner();
        let mut skipped = 0u64;
        let mut matched = 0usize;
        loop {
            let Ok(chunk) = input.fill_buf() else { return };
            if chunk.is_empty() {
                return;
            }
            let mut used = 0;
            let mut found = false;
            for &byte in chunk {
                used += 1;
                if byte == OPEN[matched] {
                    matched += 1;
                    if matched == OPEN.len() {
                        found = true;
                        break;
                    }
                } else {
                    matched = usize::from(byte == b'<');
                }
            }
            input.consume(used);
            skipped += used as u64;
            if found {
                break;
            }
        }
        self.base += read + skipped - OPEN.len() as u64;
        let restarted: Input = Box::new(std::io::BufReader::new(OPEN.chain(input)));
        self.reader = Some(Self::xml(restarted));
    }
}

/// Files a finished element's value into the page.
fn store(page: &mut RawPage, field: Field, value: &mut String, max_text: usize) {
    match field {
        Field::Title => page.title = std::mem::take(value),
        Field::Namespace => page.namespace = value.trim().parse().unwrap_or(0),
        Field::Timestamp => page.timestamp = Some(std::mem::take(value)),
        Field::Model => page.model = Some(std::mem::take(value)),
        Field::RevisionId => page.revision_id = value.trim().parse().ok(),
        Field::PageId => page.page_id = value.trim().parse().ok(),
        Field::Text => {
            if value.len() > max_text {
                page.too_large = true;
                page.text = None;
                value.clear();
            } else {
                page.text = Some(std::mem::take(value));
            }
        }
        Field::Base | Field::Other => {}
    }
}

/// The character an entity reference stands for: XML's five, and numeric
/// references.
fn resolve(reference: &BytesRef<'_>) -> Option<char> {
    if reference.is_char_ref() {
        return reference.resolve_char_ref().ok().flatten();
    }
    match &**reference {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// Adds `text` to the field being read; a page text past `max_text` bytes is
/// marked by a value one byte over the limit, which `store` flags, so that a
/// huge page costs no more memory than the limit.
fn keep(max_text: usize, field: Field, text: &str, value: &mut String) {
    if field == Field::Text && value.len() + text.len() > max_text {
        if value.len() <= max_text {
            value.clear();
            value.extend(std::iter::repeat_n(' ', max_text + 1));
        }
        return;
    }
    value.push_str(text);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(xml: &str) -> Vec<Item> {
        let input: Input = Box::new(std::io::Cursor::new(xml.as_bytes().to_vec()));
        let mut reader = PageReader::new(input, 1000);
        std::iter::from_fn(|| reader.next_item()).collect()
    }

    const HEAD: &str = r#"<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">
  <siteinfo><sitename>Wikipedia</sitename><base>https://en.wikipedia.org/wiki/Main_Page</base></siteinfo>
"#;

    fn page(title: &str, ns: u8, text: &str) -> String {
        format!(
            "  <page>\n    <title>{title}</title>\n    <ns>{ns}</ns>\n    <id>7</id>\n    <revision>\n      <id>42</id>\n      <timestamp>2024-01-02T03:04:05Z</timestamp>\n      <contributor><username>A</username><id>9</id></contributor>\n      <model>wikitext</model>\n      <format>text/x-wiki</format>\n      <text bytes=\"1\" xml:space=\"preserve\">{text}</text>\n    </revision>\n  </page>\n"
        )
    }

    #[test]
    fn reads_each_page_with_its_fields_and_unescaped_text() {
        let xml = format!(
            "{HEAD}{}{}</mediawiki>\n",
            page(
                "Ada &amp; Co",
                0,
                "A &lt;ref&gt;x&lt;/ref&gt; &#233;\r\nline"
            ),
            page("Talk:Ada", 1, "t")
        );
        let items = pages(&xml);
        assert_eq!(items.len(), 2);
        let Item::Page(first) = &items[0] else {
            panic!("{items:?}")
        };
        assert_eq!(first.title, "Ada & Co");
        assert_eq!(first.namespace, 0);
        assert_eq!(first.revision_id, Some(42));
        assert_eq!(first.page_id, Some(7));
        assert_eq!(first.timestamp.as_deref(), Some("2024-01-02T03:04:05Z"));
        assert_eq!(first.text.as_deref(), Some("A <ref>x</ref> é\nline"));
        assert_eq!(&xml[first.offset as usize..][..6], "<page>");
        let Item::Page(second) = &items[1] else {
            panic!()
        };
        assert_eq!(second.namespace, 1);
        assert_eq!(&xml[second.offset as usize..][..6], "<page>");
    }

    #[test]
    fn a_stream_of_pages_without_the_export_around_them_reads_too() {
        let xml = format!("{}</mediawiki>", page("B", 0, "b"));
        let items = pages(&xml);
        assert!(matches!(&items[..], [Item::Page(p)] if p.title == "B"));
    }

    #[test]
    fn a_broken_page_is_named_and_the_next_one_read() {
        let broken = page("Broken", 0, "x").replace("</title>", "</titl>");
        let xml = format!("{HEAD}{broken}{}</mediawiki>", page("Fine", 0, "f"));
        let items = pages(&xml);
        assert!(
            matches!(&items[0], Item::Malformed { title: Some(t), .. } if t == "Broken"),
            "{items:?}"
        );
        assert!(
            matches!(&items[1], Item::Page(p) if p.title == "Fine"),
            "{items:?}"
        );
        let Item::Page(fine) = &items[1] else {
            panic!()
        };
        assert_eq!(&xml[fine.offset as usize..][..6], "<page>");
    }

    #[test]
    fn a_dump_cut_inside_a_page_names_that_page() {
        let xml = format!("{HEAD}{}", page("Cut", 0, "abc"));
        let cut = &xml[..xml.len() - 40];
        let items = pages(cut);
        assert!(
            matches!(&items[..], [Item::Malformed { title: Some(t), .. }] if t == "Cut"),
            "{items:?}"
        );
    }

    #[test]
    fn a_text_past_the_limit_is_flagged_not_kept() {
        let long = "x".repeat(1500);
        let items = pages(&format!("{HEAD}{}</mediawiki>", page("Long", 0, &long)));
        let Item::Page(p) = &items[0] else { panic!() };
        assert!(p.too_large);
        assert!(p.text.is_none());
    }

    #[test]
    fn redirects_are_marked() {
        let redirect = page("R", 0, "#REDIRECT [[B]]")
            .replace("<id>7</id>", "<id>7</id><redirect title=\"B\" />");
        let items = pages(&format!("{HEAD}{redirect}</mediawiki>"));
        assert!(matches!(&items[0], Item::Page(p) if p.redirect));
    }

    #[test]
    fn site_base_gives_page_addresses() {
        let site = SiteInfo {
            base: Some("https://en.wikipedia.org/wiki/Main_Page".into()),
        };
        assert_eq!(
            site.page_url("Ada Lovelace").as_deref(),
            Some("https://en.wikipedia.org/wiki/Ada_Lovelace")
        );
    }
}
