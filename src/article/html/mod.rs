//! The Wikipedia HTML reader: a saved page (the classic parser's HTML) or
//! Parsoid's HTML as the REST API serves it, read with scraper.
//!
//! Markers are `sup.reference` elements that link to a note (`{{rp}}` page
//! numbers wear the same class but link nowhere); notes are the items of
//! `ol.references`, without their back-links; links are `a.external`
//! (`rel=nofollow` ones included) and any other absolute link out of the
//! wiki; ISBNs are in the text MediaWiki renders (`ISBN 978-…`). Prose is the
//! body's paragraphs and lists, not navigation boxes, infoboxes, tables,
//! captions, hatnotes or the reference lists.

mod css;
mod lines;
mod links;

use std::collections::HashMap;
use std::path::Path;

use scraper::{ElementRef, Html, Node, Selector};

use css::selector;

use super::builder::BlockBuilder as Out;
use super::headings::mark_appendices;
use super::model::{
    collapse_whitespace, Article, Block, BlockRole, Format, LinkPlace, MaintenanceTag, Marker,
    NoteDef, RawLink, Section, ShortCitation, TagKind,
};
use lines::NodeId;

/// How deep the walk goes into nested elements; deeper content is not read
/// (no real page comes near it, and a hostile one cannot exhaust the stack).
const MAX_DEPTH: usize = 200;

/// Classes of the wiki's own chrome: neither prose nor citations, and
/// their links are the wiki's.
const SKIPPED: &[&str] = &[
    "mw-editsection",
    "navbox-styles",
    "toc",
    "catlinks",
    "printfooter",
    "mw-jump-link",
    "mw-empty-elt",
    "mw-cite-backlink",
    "mw-linkback-text",
    "reflist-lower-alpha-header",
    "shortdescription",
];

/// Classes of the boxes around the text (navigation, hatnotes, message and
/// sister-project boxes): not prose, but their external links are links and
/// a reference in one is a marker.
const BOXES: &[&str] = &[
    "navbox",
    "vertical-navbox",
    "hatnote",
    "sistersitebox",
    "authority-control",
    "ambox",
    "metadata",
    "portalbox",
    "noexcerpt",
];

/// Classes whose elements are data: their notes and links count, their text
/// is not prose.
const DATA: &[&str] = &[
    "infobox",
    "thumb",
    "gallery",
    "sidebar",
    "wikitable",
    "quotebox",
    "mw-halign-right",
    "mw-halign-left",
    "tright",
    "tleft",
];

/// The deepest nesting of elements read. Real pages stay under a hundred;
/// browsers stop nesting at 512. html5ever searches its stack of open
/// elements as it goes, so a page nested far deeper costs the square of its
/// depth: such a page is refused before it is parsed.
pub const MAX_NESTING: usize = 4096;

/// Elements that close themselves or are closed by the next of their kind:
/// they do not deepen the nesting.
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "tbody", "thead", "tfoot",
    "colgroup", "rt", "rp", "param", "keygen", "!doctype",
];

/// The line where `source` nests more than [`MAX_NESTING`] elements deep,
/// judged from its tags alone in one pass; `None` for a page that does not.
#[must_use]
pub fn too_deep(source: &str) -> Option<u32> {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(i) = source[at..].find('<') {
        let start = at + i;
        at = start + 1;
        let closing = bytes.get(start + 1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take(16)
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'!')
            .count();
        if name_len == 0 {
            continue;
        }
        let name = source[name_start..name_start + name_len].to_ascii_lowercase();
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        let tag = super::model::prefix(&source[name_start..], 1024);
        // No `>` near: the rest is an attribute of some tag, not a tag.
        let Some(end) = tag.find('>') else { continue };
        if FLAT.contains(&name.as_str()) || tag[..end].ends_with('/') {
            continue;
        }
        depth += 1;
        if depth > MAX_NESTING {
            return Some(super::model::LineIndex::new(&source[..start]).line(start));
        }
    }
    None
}

/// Reads a Wikipedia page's HTML into an [`Article`].
#[must_use]
pub fn read(path: &Path, source: &str) -> Article {
    let (html, lines) = lines::parse(source);
    let mut reader = Reader {
        lines,
        labels: HashMap::new(),
        anchors: HashMap::new(),
        article: Article {
            path: path.to_path_buf(),
            title: title(&html).unwrap_or_else(|| {
                path.file_stem()
                    .map(|s| s.to_string_lossy().replace('_', " "))
                    .unwrap_or_default()
            }),
            format: Format::Html,
            sections: vec![Section {
                heading: String::new(),
                level: 0,
                line: 1,
            }],
            ..Article::default()
        },
        open: Vec::new(),
        section: 0,
        external_links: false,
    };
    reader.index(&html);
    let root = content_root(&html);
    reader.walk(root, &Ctx::default(), 0);
    while let Some(out) = reader.open.pop() {
        reader.save(out);
    }
    let mut article = reader.article;
    article.blocks.sort_by_key(Block::line);
    article.maintenance_tags.sort_by_key(|t| t.line);
    mark_appendices(&mut article);
    article
}

/// Selectors used once per marker or per note, parsed once per process.
static LINK: std::sync::LazyLock<Selector> = std::sync::LazyLock::new(|| selector("a[href]"));
static MARKER: std::sync::LazyLock<Selector> = std::sync::LazyLock::new(|| {
    selector("sup.reference, sup.mw-ref, [typeof~=\"mw:Extension/ref\"]")
});
static SHORT_CITATION_LINK: std::sync::LazyLock<Selector> =
    std::sync::LazyLock::new(|| selector("a[href*=\"#CITEREF\"]"));

/// The page's title: its first heading, else `<title>` without the site's
/// name.
fn title(html: &Html) -> Option<String> {
    let from = |css: &str| {
        html.select(&selector(css))
            .next()
            .map(|e| collapse_whitespace(&e.text().collect::<String>()))
            .filter(|t| !t.is_empty())
    };
    from("h1#firstHeading").or_else(|| {
        from("title").map(|t| {
            let cut = [
                " - Wikipedia",
                " — Wikipedia",
                " - 维基百科",
                " - 維基百科",
                " – Wikipedia",
            ]
            .iter()
            .find_map(|s| t.find(s))
            .unwrap_or(t.len());
            t[..cut].trim().to_owned()
        })
    })
}

/// Where the article's own content is: MediaWiki's parser output, else the
/// body.
fn content_root(html: &Html) -> ElementRef<'_> {
    for css in [".mw-parser-output", "#mw-content-text", "body"] {
        if let Some(found) = html.select(&selector(css)).next() {
            return found;
        }
    }
    html.root_element()
}

#[derive(Debug, Clone, Default)]
struct Ctx {
    /// The note whose text this is.
    note: Option<String>,
    /// Inside data (a table, an infobox, a caption): not prose.
    data: bool,
    /// Inside a link already declared.
    in_link: bool,
    /// The box the walk is in (infobox, navbox, …), which is where its
    /// links sit.
    place: Option<LinkPlace>,
}

struct Reader {
    lines: HashMap<NodeId, u32>,
    /// Note element id → (label as shown, group).
    labels: HashMap<String, (String, Option<String>)>,
    /// Element ids that are bibliography anchors (`CITEREF…`), with lines.
    anchors: HashMap<String, u32>,
    article: Article,
    /// Blocks being written, innermost last.
    open: Vec<Out>,
    section: usize,
    /// Under the "External links" heading (until the next h2).
    external_links: bool,
}

impl Reader {
    fn line(&self, node: NodeId) -> u32 {
        self.lines.get(&node).copied().unwrap_or(1)
    }

    /// First pass: which label each note is shown with (from its markers),
    /// and where the bibliography's anchors are.
    fn index(&mut self, html: &Html) {
        for element in html.select(&selector("[id]")) {
            if let Some(id) = element.value().id() {
                if id.starts_with("CITEREF") {
                    let line = self.line(element.id());
                    self.anchors.entry(id.to_owned()).or_insert(line);
                }
            }
        }
        for sup in html.select(&MARKER) {
            if let Some((target, label)) = marker_of(sup) {
                let group = group_of(&label);
                self.labels.entry(target).or_insert((label, group));
            }
        }
    }

    fn save(&mut self, out: Out) {
        let block = out.block;
        if !block.text.trim().is_empty() || !block.markers.is_empty() {
            self.article.blocks.push(block);
        }
    }

    fn walk(&mut self, element: ElementRef<'_>, ctx: &Ctx, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let value = element.value();
        let name = value.name();
        let has = |class: &str| value.classes().any(|c| c == class);
        if matches!(name, "style" | "script" | "noscript" | "link" | "meta") {
            return;
        }
        if is_marker(element) {
            if let Some((_, label)) = marker_of(element) {
                self.marker(element, &label);
            }
            return;
        }
        if has("Inline-Template") || has("Template-Fact") {
            self.maintenance(element, ctx);
            return;
        }
        if value.id() == Some("toc") || SKIPPED.iter().any(|c| has(c)) {
            return;
        }
        let ctx = &Ctx {
            place: links::place_within(element, ctx.place),
            ..ctx.clone()
        };
        if name == "ol" && (has("references") || has("mw-references")) {
            self.notes(element, depth);
            return;
        }
        if let Some(level) = heading_level(name) {
            self.heading(element, level);
            return;
        }
        let data_here = !ctx.data
            && (matches!(
                name,
                "table" | "figure" | "figcaption" | "caption" | "pre" | "code"
            ) || DATA.iter().any(|c| has(c))
                || BOXES.iter().any(|c| has(c)));
        if data_here {
            let line = self.line(element.id());
            self.open
                .push(Out::new(BlockRole::Table, self.section, line));
            let inner = Ctx {
                data: true,
                ..ctx.clone()
            };
            self.children(element, &inner, depth);
            if let Some(out) = self.open.pop() {
                self.save(out);
            }
            return;
        }
        let block = !ctx.data
            && ctx.note.is_none()
            && matches!(name, "p" | "li" | "dd" | "dt" | "blockquote");
        if block {
            let line = self.line(element.id());
            self.open
                .push(Out::new(BlockRole::Prose, self.section, line));
            self.children(element, ctx, depth);
            if let Some(out) = self.open.pop() {
                self.save(out);
            }
            return;
        }
        if name == "br" {
            if let Some(out) = self.open.last_mut() {
                out.space();
            }
            return;
        }
        if name == "a" {
            self.anchor_element(element, ctx, depth);
            return;
        }
        self.children(element, ctx, depth);
    }

    fn children(&mut self, element: ElementRef<'_>, ctx: &Ctx, depth: usize) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => {
                    let line = self.line(child.id());
                    if let Some(out) = self.open.last_mut() {
                        out.push(&text.replace('\n', " "), line);
                    }
                }
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.walk(child, ctx, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }

    fn heading(&mut self, element: ElementRef<'_>, level: u8) {
        let text: String = element
            .descendants()
            .filter(|n| {
                !n.ancestors().any(|a| {
                    a.value()
                        .as_element()
                        .is_some_and(|e| e.classes().any(|c| c == "mw-editsection"))
                })
            })
            .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
            .collect();
        let heading = collapse_whitespace(&text);
        let line = self.line(element.id());
        if level == 1 && self.article.sections.len() == 1 && self.article.blocks.is_empty() {
            // The page's own title.
            return;
        }
        self.article.sections.push(Section {
            heading: heading.clone(),
            level,
            line,
        });
        self.section = self.article.sections.len() - 1;
        if level == 2 {
            self.external_links = links::is_external_links_heading(&heading);
        }
        let mut out = Out::new(BlockRole::Heading, self.section, line);
        out.push(&heading, line);
        // A reference in a heading (`== Title<ref>…</ref> ==`) is a marker
        // like any other, at the heading's end.
        for sup in element.select(&MARKER) {
            if let Some((_, label)) = marker_of(sup) {
                let at = out.len();
                out.block.markers.push(Marker {
                    id: label.clone(),
                    range: at..at,
                    line: self.line(sup.id()),
                    group: group_of(&label),
                });
            }
        }
        self.article.blocks.push(out.block);
    }

    fn marker(&mut self, element: ElementRef<'_>, label: &str) {
        let line = self.line(element.id());
        let group = group_of(label);
        let marker = |at: usize| Marker {
            id: label.to_owned(),
            range: at..at,
            line,
            group: group.clone(),
        };
        if let Some(out) = self.open.last_mut() {
            let at = out.len();
            out.block.markers.push(marker(at));
        } else {
            // Outside every paragraph, list and table (in a bare `<div>`,
            // `<center>` or `<span>`): still a marker, in a block of its
            // own that is not prose.
            let mut out = Out::new(BlockRole::Table, self.section, line);
            out.block.markers.push(marker(0));
            self.article.blocks.push(out.block);
        }
    }

    fn maintenance(&mut self, element: ElementRef<'_>, ctx: &Ctx) {
        let text = collapse_whitespace(&element.text().collect::<String>());
        let inner = text.trim_matches(['[', ']', ' ']).to_lowercase();
        let kind = if inner.starts_with("citation needed")
            || inner.contains("来源请求")
            || inner.contains("來源請求")
            || inner.contains("需要來源")
            || inner.contains("需要来源")
        {
            TagKind::CitationNeeded
        } else if inner.starts_with("dead link") || inner.contains("失效") {
            TagKind::DeadLink
        } else if inner.starts_with("failed verification") || inner.starts_with("not in source") {
            TagKind::FailedVerification
        } else if inner.starts_with("better source") {
            TagKind::BetterSourceNeeded
        } else if inner.starts_with("unreliable source") {
            TagKind::UnreliableSource
        } else {
            TagKind::Other
        };
        let line = self.line(element.id());
        self.article
            .maintenance_tags
            .push(MaintenanceTag { kind, line, text });
        if kind == TagKind::CitationNeeded && ctx.note.is_none() {
            if let Some(out) = self.open.last_mut() {
                let at = out.len();
                out.block.needs_citation.push(at);
            }
        }
    }

    /// A link: declared when it leads out of the wiki; its text is text.
    fn anchor_element(&mut self, element: ElementRef<'_>, ctx: &Ctx, depth: usize) {
        let value = element.value();
        let href = value.attr("href").unwrap_or("").trim();
        let autonumber = value.classes().any(|c| c == "autonumber");
        if !ctx.in_link && links::is_external(element) && !links::is_identifier_link(element) {
            let line = self.line(element.id());
            let place = if ctx.note.is_some() {
                LinkPlace::Reference
            } else if let Some(place) = ctx.place {
                place
            } else if self.external_links {
                LinkPlace::ExternalLinks
            } else {
                LinkPlace::Body
            };
            self.article.links.push(RawLink {
                url: href.to_owned(),
                line,
                note: ctx.note.clone(),
                place: Some(place),
                ..RawLink::default()
            });
        }
        if autonumber {
            return;
        }
        let start = self.open.last().map_or(0, Out::len);
        let inner = Ctx {
            in_link: true,
            ..ctx.clone()
        };
        self.children(element, &inner, depth);
        if let Some(out) = self.open.last_mut() {
            if out.len() > start {
                out.block.link_text.push(start..out.len());
            }
        }
    }

    /// A list of notes: each item is a note, shown with the label its
    /// markers have.
    fn notes(&mut self, list: ElementRef<'_>, depth: usize) {
        let items = list
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "li");
        for (index, item) in items.enumerate() {
            let element_id = item.value().id().unwrap_or("").to_owned();
            let (label, group) = self
                .labels
                .get(&element_id)
                .cloned()
                .unwrap_or_else(|| ((index + 1).to_string(), None));
            let line = self.line(item.id());
            let links_before = self.article.links.len();
            self.open
                .push(Out::new(BlockRole::Note(label.clone()), self.section, line));
            let ctx = Ctx {
                note: Some(label.clone()),
                ..Ctx::default()
            };
            self.children(item, &ctx, depth + 1);
            let out = self
                .open
                .pop()
                .unwrap_or_else(|| Out::new(BlockRole::Note(label.clone()), self.section, line));
            let text = collapse_whitespace(&out.block.text);
            let text = text.trim_start_matches(['^', '↑', ' ']).to_owned();
            links::pair_archives(&mut self.article.links, links_before, item);
            let short = item
                .select(&SHORT_CITATION_LINK)
                .next()
                .and_then(|a| a.value().attr("href"))
                .and_then(|h| h.split_once('#'))
                .map(|(_, anchor)| ShortCitation {
                    anchor: anchor.to_owned(),
                    target_line: self.anchors.get(anchor).copied(),
                });
            self.article.notes.push(NoteDef {
                id: label,
                line,
                text,
                group,
                short,
            });
            self.article.blocks.push(out.block);
        }
    }
}

/// Whether an element is a footnote marker: the classic parser's
/// `sup.reference`, Parsoid's `sup.mw-ref`, or any element Parsoid types
/// `mw:Extension/ref` (whatever its tag and classes).
fn is_marker(element: ElementRef<'_>) -> bool {
    let value = element.value();
    let has = |class: &str| value.classes().any(|c| c == class);
    (value.name() == "sup" && (has("reference") || has("mw-ref")))
        || value
            .attr("typeof")
            .is_some_and(|t| t.split_ascii_whitespace().any(|t| t == "mw:Extension/ref"))
}

/// The note a marker links to and the label it shows (`[1]` → `1`,
/// `[a]` → `a`, `[note 1]` → `note 1`); `None` for `{{rp}}` page numbers
/// and anything else that links to no note.
fn marker_of(sup: ElementRef<'_>) -> Option<(String, String)> {
    let link = sup.select(&LINK).find(|a| {
        a.value()
            .attr("href")
            .is_some_and(|h| h.contains("#cite_note"))
    })?;
    let target = link.value().attr("href")?.split_once('#')?.1.to_owned();
    let shown = collapse_whitespace(&link.text().collect::<String>());
    let label = shown.trim_matches(['[', ']', ' ']).to_owned();
    Some((target, label))
}

/// The group a label belongs to: none for numbers, the word before the
/// number for `note 1`, `lower-alpha` for letters.
fn group_of(label: &str) -> Option<String> {
    if label.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match label.rsplit_once(' ') {
        Some((group, _)) => Some(group.to_owned()),
        None if label.chars().all(|c| c.is_ascii_lowercase()) => {
            let roman = label.chars().all(|c| matches!(c, 'i' | 'v' | 'x' | 'l'));
            Some(
                if roman && label.len() > 1 {
                    "lower-roman"
                } else {
                    "lower-alpha"
                }
                .to_owned(),
            )
        }
        None if label.chars().all(|c| c.is_ascii_uppercase()) => Some("upper-alpha".to_owned()),
        None => Some("lower-greek".to_owned()),
    }
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
