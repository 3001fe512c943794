//! The article model every reader produces: an [`Article`] of sections
//! and blocks, with its markers, notes, cited sources, maintenance tags and
//! raw links, whatever the markup it was read from. Readers build it;
//! nothing here reads a file.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The markup an article was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// CommonMark/GFM, including Wikipedia pages converted to Markdown.
    #[default]
    Markdown,
    /// MediaWiki wikitext.
    Wikitext,
    /// Wikipedia's rendered HTML.
    Html,
}

/// One article, read into the format-independent model.
#[derive(Debug, Clone, Default)]
pub struct Article {
    /// The path as the user gave it (relative stays relative).
    pub path: PathBuf,
    /// The article's title: the converter banner's link text, the top heading, or
    /// the file name.
    pub title: String,
    /// The markup the article was read from.
    pub format: Format,
    /// Sections in document order; index 0 is the lead (the text before the
    /// first heading), which always exists.
    pub sections: Vec<Section>,
    /// Every block of text in document order, prose or not.
    pub blocks: Vec<Block>,
    /// Footnote definitions in the order they were written.
    pub notes: Vec<NoteDef>,
    /// Links declared by the markup (bare URLs in text are found later, by
    /// extraction, in the blocks' text).
    pub links: Vec<RawLink>,
    /// Maintenance tags editors placed (`{{citation needed}}`, `{{dead link}}`,
    /// …), in document order.
    pub maintenance_tags: Vec<MaintenanceTag>,
    /// Where a page fetched from a wiki came from; `None` for a file.
    pub revision: Option<Revision>,
    /// Where a page of a dump is in it; `None` for anything else.
    pub dump: Option<DumpPlace>,
}

impl Article {
    /// The folder relative links are resolved against.
    #[must_use]
    pub fn base_dir(&self) -> &Path {
        self.path.parent().unwrap_or_else(|| Path::new(""))
    }
}

/// A heading and the text under it, up to the next heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading's text; empty for the lead.
    pub heading: String,
    /// Heading level (1–6); 0 for the lead.
    pub level: u8,
    /// 1-based line of the heading; 1 for the lead.
    pub line: u32,
}

/// What a block of text is, which decides whether it counts as prose.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum BlockRole {
    /// Article prose: a paragraph, a body list item, a quotation.
    #[default]
    Prose,
    /// A heading's own text.
    Heading,
    /// A table row: data rather than prose, but markers in it still count.
    Table,
    /// The text of a footnote definition, with its id.
    Note(String),
    /// Text that is not the article's prose: the converter's banner.
    Banner,
    /// Text in the notes section or an appendix (See also, External links,
    /// Bibliography, …): reference material, not prose.
    Appendix,
}

/// A run of text as a reader sees it after markup is removed, with enough
/// bookkeeping to map any position back to a source line.
#[derive(Debug, Clone, Default)]
pub struct Block {
    /// Whether this block is prose, a note, a table row, …
    pub role: BlockRole,
    /// Index into [`Article::sections`].
    pub section: usize,
    /// The rendered text (escapes resolved, link text kept, URLs dropped).
    pub text: String,
    /// `(offset in text, 1-based source line)` pairs, ascending by offset.
    pub line_map: Vec<(usize, u32)>,
    /// Footnote markers, located in `text`.
    pub markers: Vec<Marker>,
    /// Ranges of `text` from inline code: never scanned for links, markers or
    /// ISBNs. Ascending and disjoint, like the other range lists, so that
    /// looking a position up is a binary search.
    pub code: Vec<Range<usize>>,
    /// Ranges of `text` that are the visible text of a markup link (not scanned
    /// again for bare URLs); ascending and disjoint.
    pub link_text: Vec<Range<usize>>,
    /// Ranges of `text` that are not prose although they sit in a paragraph:
    /// image captions and the debris the converter leaves after them, the text
    /// of category links; ascending and disjoint.
    pub captions: Vec<Range<usize>>,
    /// Positions of citation-needed tags in `text`: the sentence each one
    /// follows is uncited, whatever markers it has. Ascending.
    pub needs_citation: Vec<usize>,
    /// Positions in `text` of characters the markup wrote escaped (`\[`) or
    /// as a character reference (`&#91;`): literal text, which opens or
    /// closes no link. Ascending.
    pub literal: Vec<usize>,
}

impl Block {
    /// The 1-based source line of a position in [`Block::text`].
    #[must_use]
    pub fn line_at(&self, offset: usize) -> u32 {
        let i = self.line_map.partition_point(|&(o, _)| o <= offset);
        self.line_map
            .get(i.saturating_sub(1))
            .map_or(1, |&(_, line)| line)
    }

    /// The first line of the block.
    #[must_use]
    pub fn line(&self) -> u32 {
        self.line_map.first().map_or(1, |&(_, line)| line)
    }

    /// The note this block belongs to, if it is a note.
    #[must_use]
    pub fn note_id(&self) -> Option<&str> {
        match &self.role {
            BlockRole::Note(id) => Some(id),
            _ => None,
        }
    }

    /// Whether `range` overlaps inline code.
    #[must_use]
    pub fn in_code(&self, range: &Range<usize>) -> bool {
        overlaps(&self.code, range)
    }

    /// Whether `range` overlaps the text of a markup link.
    #[must_use]
    pub fn in_link_text(&self, range: &Range<usize>) -> bool {
        overlaps(&self.link_text, range)
    }

    /// Whether `range` lies wholly inside an image caption or a category
    /// link's text.
    #[must_use]
    pub fn in_caption(&self, range: &Range<usize>) -> bool {
        let i = self.captions.partition_point(|c| c.start <= range.start);
        i.checked_sub(1)
            .and_then(|i| self.captions.get(i))
            .is_some_and(|c| !c.is_empty() && range.end <= c.end)
    }
}

/// Byte offset → 1-based line, by binary search over the line starts.
#[derive(Debug)]
pub(crate) struct LineIndex(Vec<usize>);

impl LineIndex {
    pub(crate) fn new(source: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(source.match_indices('\n').map(|(i, _)| i + 1));
        Self(starts)
    }

    pub(crate) fn line(&self, offset: usize) -> u32 {
        u32::try_from(self.0.partition_point(|&s| s <= offset)).unwrap_or(u32::MAX)
    }
}

/// The longest start of `text` of at most `max` bytes that ends on a
/// character's edge: a window that never splits a character.
pub(crate) fn prefix(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Text with every run of whitespace turned into one space, trimmed.
#[must_use]
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut push = |word: &str| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    };
    // Every fetched page's text comes through here: ASCII text is split by
    // bytes (a vertical tab is white space to Unicode, not to ASCII).
    let bytes = text.as_bytes();
    if bytes.is_ascii() && !bytes.contains(&0x0B) {
        text.split_ascii_whitespace().for_each(&mut push);
    } else {
        text.split_whitespace().for_each(&mut push);
    }
    out
}

/// Whether `range` (an empty one counts as one byte long) overlaps one of
/// `ranges`, which are ascending and disjoint: only the last range that starts
/// before `range` ends can reach into it.
fn overlaps(ranges: &[Range<usize>], range: &Range<usize>) -> bool {
    let end = range.end.max(range.start + 1);
    let i = ranges.partition_point(|r| r.start < end);
    i.checked_sub(1)
        .is_some_and(|i| range.start < ranges[i].end)
}

/// Sorts ranges and joins the ones that overlap, so that lookups can be binary
/// searches (a link's text may hold an image's; captions come from two
/// sources).
pub(crate) fn merge_ranges(ranges: &mut Vec<Range<usize>>) {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges.drain(..) {
        match merged.last_mut() {
            Some(last) if range.start < last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    *ranges = merged;
}

/// A footnote reference in the text (`[^id]`, `\[12\]`, `[3]`, `<ref>`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Marker {
    /// The note id it points at.
    pub id: String,
    /// Where the marker's own characters lie in [`Block::text`]; empty when the
    /// markup consumed them (GFM footnote references).
    pub range: Range<usize>,
    /// 1-based source line.
    pub line: u32,
    /// The note group (`efn`'s explanatory notes, `<ref group=…>`) the marker
    /// points into; `None` for the references. A note in a group explains,
    /// it does not cite: such a marker does not make a sentence cited.
    pub group: Option<String>,
}

/// A footnote definition as written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NoteDef {
    /// The note's id: its number or its GFM label.
    pub id: String,
    /// 1-based line where the definition starts.
    pub line: u32,
    /// The definition's source text, whitespace collapsed; empty for an empty
    /// note.
    pub text: String,
    /// The note group it belongs to (see [`Marker::group`]).
    pub group: Option<String>,
    /// For a short citation (`{{sfn}}`, `{{harvnb}}`), the bibliography entry
    /// it points at.
    pub short: Option<ShortCitation>,
}

/// A short citation's link to the full citation in the bibliography.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ShortCitation {
    /// The anchor it links to (`CITEREFSmith2001`).
    pub anchor: String,
    /// The line of the bibliography entry with that anchor; `None` when the
    /// article has none (the short citation leads nowhere).
    pub target_line: Option<u32>,
}

/// What a citation template says about the source beside its address.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CitedSource {
    /// The source's title (`title=`).
    pub title: Option<String>,
    /// An archived copy the article already cites (`archive-url=`, or a
    /// `{{webarchive}}` beside the citation).
    pub archive_url: Option<String>,
    /// When that copy was made (`archive-date=`), as written.
    pub archive_date: Option<String>,
    /// What the article says about the original (`url-status=`: `live`,
    /// `dead`, `usurped`, `unfit`, `deviated`), lower case.
    pub url_status: Option<String>,
    /// When an editor last saw the source (`access-date=`), as written.
    pub access_date: Option<String>,
    /// When the source was published (`date=`), as written; absent when the
    /// citation gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// A maintenance tag an editor placed in the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaintenanceTag {
    /// What the tag says.
    pub kind: TagKind,
    /// 1-based source line.
    pub line: u32,
    /// The tag as written (whitespace collapsed), or as rendered.
    pub text: String,
}

/// The kinds of maintenance tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TagKind {
    /// `{{citation needed}}`, `{{cn}}`, `{{fact}}`, `{{來源請求}}`.
    CitationNeeded,
    /// `{{dead link}}`.
    DeadLink,
    /// `{{failed verification}}`.
    FailedVerification,
    /// `{{better source needed}}`.
    BetterSourceNeeded,
    /// `{{unreliable source?}}`.
    UnreliableSource,
    /// Any other inline or article maintenance tag (`{{clarify}}`,
    /// `{{more citations needed}}`, …).
    Other,
}

/// Where a page read from a wiki came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    /// The page's address as the user gave it.
    pub url: String,
    /// The revision id the wiki served.
    pub id: Option<u64>,
    /// When that revision was saved (RFC 3339), as the wiki says.
    pub timestamp: Option<String>,
}

/// A link the markup declares.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawLink {
    /// The destination (escapes resolved).
    pub url: String,
    /// The link's title attribute (`"wikilink"`, `"fig:…"`), if any.
    pub title: String,
    /// 1-based source line.
    pub line: u32,
    /// The footnote the link sits in, if any.
    pub note: Option<String>,
    /// Written with image syntax (`![alt](src)`).
    pub image_syntax: bool,
    /// What a citation template says about the source, when the link is a
    /// template's `url=`.
    pub cited: Option<CitedSource>,
    /// Where on the page the link sits, when the reader can tell (the HTML
    /// reader always does).
    pub place: Option<LinkPlace>,
}

/// Where on a rendered page a link sits: a link checker checks every external
/// link and says where it is, since a dead link in a reference is a lost
/// source and one in a navigation box is a template's to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkPlace {
    /// In a reference or note: an item of a reference list.
    Reference,
    /// The article's own text: paragraphs, lists, tables, quotations, and
    /// bibliographies or further-reading lists outside the reference lists.
    Body,
    /// An infobox.
    Infobox,
    /// A navigation box or sidebar at the foot or side of the page.
    Navbox,
    /// The "External links" section (outside its boxes).
    ExternalLinks,
    /// The authority-control box (VIAF, national libraries, …).
    AuthorityControl,
    /// Anything else around the text: hatnotes, images and their captions,
    /// galleries, message boxes, sister-project and portal boxes,
    /// coordinates.
    Other,
}

impl LinkPlace {
    /// Every place, in the order reports list them.
    pub const ALL: [Self; 7] = [
        Self::Reference,
        Self::Body,
        Self::Infobox,
        Self::Navbox,
        Self::ExternalLinks,
        Self::AuthorityControl,
        Self::Other,
    ];

    /// The name the report uses (`external_links`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reference => "reference",
            Self::Body => "body",
            Self::Infobox => "infobox",
            Self::Navbox => "navbox",
            Self::ExternalLinks => "external_links",
            Self::AuthorityControl => "authority_control",
            Self::Other => "other",
        }
    }

    /// The place for people: `external_links` reads "external links".
    #[must_use]
    pub fn label(self) -> String {
        self.as_str().replace('_', " ")
    }
}

#[cfg(test)]
mod tests {
    use super::collapse_whitespace;

    #[test]
    fn white_space_collapses_alike_in_ascii_and_unicode_text() {
        assert_eq!(collapse_whitespace("  a \t b\r\n\x0Cc  "), "a b c");
        assert_eq!(collapse_whitespace("a\x0Bb"), "a b", "a vertical tab");
        assert_eq!(collapse_whitespace("中\u{3000}文\u{a0} x"), "中 文 x");
        assert_eq!(collapse_whitespace(" \n "), "");
    }
}

/// Where in a dump a page is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DumpPlace {
    /// The dump's path, as given.
    pub file: String,
    /// The page id; dumps list pages by it, and merged shards are put back
    /// in that order.
    pub page_id: Option<u64>,
    /// Where the page starts in the dump's decompressed XML (this process's
    /// part of it, for a shard of a multistream dump), or its line in the
    /// `.ndjson` file of an Enterprise dump.
    pub offset: u64,
}
