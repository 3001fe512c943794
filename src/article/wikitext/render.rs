//! Inline wikitext to text: what a reader sees, with the footnote markers,
//! links, notes and maintenance tags found on the way.
//!
//! The walk is forward only; nested markup was paired by the first pass, so
//! each construct is handed its own range and rendered once. Nesting deeper
//! than [`MAX_DEPTH`] is skipped, as MediaWiki stops expanding, so a page of
//! ten thousand nested templates costs no more than its length.

use std::collections::HashMap;
use std::ops::Range;

use super::scan::{Scanned, Tag, TagName};
use super::{entities, urls};
pub(super) use crate::article::builder::BlockBuilder as Out;
use crate::article::model::{
    collapse_whitespace, prefix, Block, BlockRole, CitedSource, LineIndex, MaintenanceTag, Marker,
    RawLink,
};
use crate::article::wiki::{is_category_page, is_file_page};

/// How deep templates, links and notes may nest before the rest is skipped.
pub(super) const MAX_DEPTH: u32 = 40;

/// Separates a note's group from its name in a note key.
pub(super) const GROUP_SEPARATOR: char = '\u{1f}';

/// One note as the walk found it, keyed by group and name.
#[derive(Debug, Default)]
pub(super) struct NoteEntry {
    /// Its group.
    pub(super) group: Option<String>,
    /// Where its text starts; `None` while only reused, never defined.
    pub(super) line: Option<u32>,
    /// Its rendered text, whitespace collapsed.
    pub(super) text: String,
    /// A short citation's anchor, when the note is (or holds) one.
    pub(super) short: Option<String>,
}

/// Where the walk is.
#[derive(Debug, Clone)]
pub(super) struct Ctx {
    /// The note whose text this is, if any.
    pub(super) note: Option<String>,
    /// Nesting depth.
    pub(super) depth: u32,
    /// Inside `<references>` or `{{reflist|refs=…}}`: `<ref>`s define notes
    /// of this group (itself optional) and are not markers.
    #[allow(clippy::option_option)]
    pub(super) defining: Option<Option<String>>,
    /// Inside an external link's label: addresses there are text, not
    /// links of their own (MediaWiki's free-link pass skips `<a>…</a>`).
    pub(super) label: bool,
}

impl Ctx {
    pub(super) fn top() -> Self {
        Self {
            note: None,
            depth: 0,
            defining: None,
            label: false,
        }
    }

    fn deeper(&self) -> Self {
        Self {
            depth: self.depth + 1,
            ..self.clone()
        }
    }
}

/// The whole walk's findings, shared by every block.
#[derive(Debug)]
pub(super) struct Renderer<'a> {
    pub(super) scanned: &'a Scanned,
    pub(super) lines: &'a LineIndex,
    /// The section blocks are in now.
    pub(super) section: usize,
    /// Notes by key, and the keys in the order they were first met.
    pub(super) notes: HashMap<String, NoteEntry>,
    pub(super) note_order: Vec<String>,
    /// Note keys in the order of their first marker.
    pub(super) first_markers: Vec<String>,
    /// Blocks holding notes' text.
    pub(super) note_blocks: Vec<Block>,
    pub(super) links: Vec<RawLink>,
    pub(super) tags: Vec<MaintenanceTag>,
    /// Bibliography anchors (`CITEREFSmith2001`) and their lines.
    pub(super) anchors: HashMap<String, u32>,
    unnamed: usize,
    /// The last search for the `]` of an external link: from where, and the
    /// first `]` or line break after it.
    bracket_memo: (usize, usize),
    /// Note keys that have a marker already.
    marked: std::collections::HashSet<String>,
}

impl<'a> Renderer<'a> {
    pub(super) fn new(scanned: &'a Scanned, lines: &'a LineIndex) -> Self {
        Self {
            scanned,
            lines,
            section: 0,
            notes: HashMap::new(),
            note_order: Vec::new(),
            first_markers: Vec::new(),
            note_blocks: Vec::new(),
            links: Vec::new(),
            tags: Vec::new(),
            anchors: HashMap::new(),
            unnamed: 0,
            bracket_memo: (usize::MAX, 0),
            marked: std::collections::HashSet::new(),
        }
    }

    pub(super) fn text(&self, range: Range<usize>) -> &'a str {
        &self.scanned.text[range]
    }

    pub(super) fn line(&self, offset: usize) -> u32 {
        self.lines.line(offset)
    }

    /// Renders `range` into `out`.
    pub(super) fn render(&mut self, range: Range<usize>, out: &mut Out, ctx: &Ctx) {
        if ctx.depth > MAX_DEPTH {
            return;
        }
        let bytes = self.scanned.text.as_bytes();
        let mut plain = range.start;
        let mut i = range.start;
        while i < range.end {
            if matches!(bytes[i], b'{' | b'[' | b'<' | b'\'' | b'&' | b'_' | b'\n')
                || urls::may_start_scheme(bytes[i])
            {
                self.flush(plain..i, out);
                plain = i;
                if let Some(end) = self.construct(i, range.end, out, ctx) {
                    i = end.max(i + 1);
                    plain = i;
                    continue;
                }
            }
            // Triggers are ASCII: `i` and `plain` stay on character edges.
            i += 1;
        }
        self.flush(plain..range.end.max(plain), out);
    }

    /// Plain text from the source, line by line, with the text of the
    /// `<nowiki>` regions that start in it.
    pub(super) fn flush(&self, range: Range<usize>, out: &mut Out) {
        if range.is_empty() {
            return;
        }
        let literals = &self.scanned.literals;
        let mut at = range.start;
        let mut k = literals.partition_point(|(r, _)| r.end <= range.start);
        while let Some((region, shown)) = literals.get(k).filter(|(r, _)| r.start < range.end) {
            if region.start > at {
                out.push(&self.scanned.text[at..region.start], self.line(at));
            }
            if region.start >= range.start {
                // Text as written: no link, ISBN or marker is read in it.
                let start = out.len();
                out.push(shown, self.line(region.start));
                if out.len() > start {
                    out.block.code.push(start..out.len());
                }
            }
            at = region.end.min(range.end).max(at);
            k += 1;
        }
        if at < range.end {
            out.push(&self.scanned.text[at..range.end], self.line(at));
        }
    }

    /// The construct at `i` (which ends by `end`), rendered; `None` when the
    /// byte there is plain text after all. Returns where the construct ends.
    fn construct(&mut self, i: usize, end: usize, out: &mut Out, ctx: &Ctx) -> Option<usize> {
        let text = self.scanned.text.as_str();
        let rest = &text[i..end];
        match rest.as_bytes()[0] {
            b'{' => {
                if let Some(&close) = self.scanned.parameters.get(&i).filter(|&&c| c <= end) {
                    return Some(close);
                }
                let close = *self.scanned.templates.get(&i).filter(|&&c| c <= end)?;
                self.template(i..close, out, &ctx.deeper());
                Some(close)
            }
            b'[' => {
                if let Some(&close) = self.scanned.links.get(&i).filter(|&&c| c <= end) {
                    self.wiki_link(i..close, out, &ctx.deeper());
                    return Some(close);
                }
                self.external_link(i, end, out, ctx)
            }
            b'<' => {
                if let Some(tag) = self.scanned.tags.get(&i).filter(|t| t.end <= end) {
                    let tag = tag.clone();
                    self.extension_tag(i, &tag, out, &ctx.deeper());
                    return Some(tag.end);
                }
                html_tag(rest).map(|(len, is_break)| {
                    if is_break {
                        out.space();
                    }
                    i + len
                })
            }
            b'\'' => {
                let run = rest.bytes().take_while(|&b| b == b'\'').count();
                (run >= 2).then_some(i + run)
            }
            b'&' => {
                let (decoded, len) = entity(rest)?;
                out.push(&decoded, self.line(i));
                Some(i + len)
            }
            b'_' => {
                // Behaviour switches: `__NOTOC__`.
                let inner = rest.strip_prefix("__")?;
                let name = inner.bytes().take_while(u8::is_ascii_uppercase).count();
                (name > 0 && inner[name..].starts_with("__")).then_some(i + 2 + name + 2)
            }
            b'\n' => {
                out.space();
                Some(i + 1)
            }
            b if urls::may_start_scheme(b) => {
                // `\b` before the scheme; `/` and `:` too, as a URL inside
                // another URL's path is part of it.
                let before = text[..i].chars().next_back();
                if ctx.label
                    || before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '/' | ':'))
                {
                    return None;
                }
                let address = urls::read(text, i, end, false)?;
                self.declare(&address.href, i, ctx);
                // MediaWiki shows a free link as its address: a note that
                // holds only one is not empty. Link text: not read again.
                let start = out.len();
                self.flush(i..address.end, out);
                out.block.link_text.push(start..out.len());
                Some(address.end)
            }
            _ => None,
        }
    }

    /// Declares a link found at source offset `at`.
    pub(super) fn declare(&mut self, url: &str, at: usize, ctx: &Ctx) -> usize {
        self.declare_cited(url, at, ctx, None)
    }

    pub(super) fn declare_cited(
        &mut self,
        url: &str,
        at: usize,
        ctx: &Ctx,
        cited: Option<CitedSource>,
    ) -> usize {
        self.links.push(RawLink {
            url: url.trim().to_owned(),
            line: self.line(at),
            note: ctx.note.clone(),
            cited,
            ..RawLink::default()
        });
        self.links.len() - 1
    }

    /// `[url label]`: an external link, if the bracket holds a URL and closes
    /// on its line.
    fn external_link(&mut self, i: usize, end: usize, out: &mut Out, ctx: &Ctx) -> Option<usize> {
        let text = self.scanned.text.as_str();
        if ctx.label || urls::scheme_len(&text[i + 1..end], true).is_none() {
            return None;
        }
        let close = self.bracket_close(i + 1, end)?;
        // The address ends before the first `]`, so before `close`.
        let address = urls::read(text, i + 1, close, true)?;
        self.declare(&address.href, i + 1, ctx);
        let label = address.end..close;
        let start = out.len();
        let in_label = Ctx {
            label: true,
            ..ctx.deeper()
        };
        self.render(label, out, &in_label);
        if out.len() > start {
            out.block.link_text.push(start..out.len());
        }
        Some(close + 1)
    }

    /// The `]` closing an external link that starts at `from`, before the
    /// line ends; the last search is remembered, so a line of unclosed
    /// brackets is searched once.
    fn bracket_close(&mut self, from: usize, end: usize) -> Option<usize> {
        let text = self.scanned.text.as_bytes();
        let (searched, stop) = self.bracket_memo;
        // No `]` or line break lies between `searched` and `stop`.
        let stop = if searched <= from && from <= stop {
            stop
        } else {
            self.scanned.text[from..]
                .find([']', '\n'])
                .map_or(text.len(), |j| from + j)
        };
        self.bracket_memo = (from, stop);
        (stop < end && text[stop] == b']').then_some(stop)
    }

    /// `[[target|label]]`: text for a page link, a caption for a file, nothing
    /// for a category or an interlanguage link.
    fn wiki_link(&mut self, range: Range<usize>, out: &mut Out, ctx: &Ctx) {
        let inner = range.start + 2..range.end - 2;
        let text = self.scanned.text.as_str();
        let body = &text[inner.clone()];
        let pipe = top_level_pipes(self.scanned, inner.clone());
        let target_end = pipe.first().copied().unwrap_or(inner.end);
        let target = text[inner.start..target_end].trim();
        if is_file_page(target) {
            // The caption is the last part that is not an option.
            let parts: Vec<Range<usize>> = pipe
                .iter()
                .zip(pipe.iter().skip(1).chain(std::iter::once(&inner.end)))
                .map(|(&a, &b)| a + 1..b)
                .collect();
            let caption = parts
                .iter()
                .rev()
                .find(|r| !is_image_option(text[(*r).clone()].trim()))
                .cloned();
            let start = out.len();
            out.space();
            if let Some(caption) = caption {
                self.render(caption, out, ctx);
            }
            // Options such as `alt=` may hold notes too, rarely; the caption
            // is what MediaWiki shows.
            out.space();
            out.block.captions.push(start..out.len());
            return;
        }
        if is_category_page(target) || is_interlanguage(target) {
            return;
        }
        let start = out.len();
        match pipe.first() {
            Some(&p) if p + 1 < inner.end => self.render(p + 1..inner.end, out, ctx),
            Some(_) => out.push(target.trim_start_matches(':'), self.line(inner.start)),
            None => out.push(body.trim().trim_start_matches(':'), self.line(inner.start)),
        }
        if out.len() > start {
            out.block.link_text.push(start..out.len());
        }
    }

    fn extension_tag(&mut self, at: usize, tag: &Tag, out: &mut Out, ctx: &Ctx) {
        match tag.name {
            TagName::Ref => {
                let attributes = attributes(self.text(tag.attributes.clone()));
                let name = attributes.get("name").cloned().filter(|n| !n.is_empty());
                let group = attributes
                    .get("group")
                    .cloned()
                    .filter(|g| !g.is_empty())
                    .or_else(|| ctx.defining.clone().flatten());
                if let Some(follow) = attributes.get("follow").filter(|f| !f.is_empty()) {
                    self.follow(follow, group, tag.content.clone(), ctx);
                    return;
                }
                self.note(at, name, group, tag.content.clone(), out, ctx);
            }
            TagName::References => {
                if let Some(content) = tag.content.clone() {
                    let group = attributes(self.text(tag.attributes.clone()))
                        .get("group")
                        .cloned()
                        .filter(|g| !g.is_empty());
                    let defining = Ctx {
                        defining: Some(group),
                        ..ctx.clone()
                    };
                    self.render(content, out, &defining);
                }
            }
            TagName::Gallery => {
                if let Some(content) = tag.content.clone() {
                    let start = out.len();
                    self.render(content, out, ctx);
                    out.block.captions.push(start..out.len());
                }
            }
        }
    }

    /// `<ref follow="name">`: the rest of an earlier note (Cite appends its
    /// text to that note's), neither a marker nor a note. Following a note
    /// not yet defined, Cite lists the text on its own, unnumbered and
    /// unreferenced: its text and links are kept, outside any note.
    fn follow(
        &mut self,
        name: &str,
        group: Option<String>,
        content: Option<Range<usize>>,
        ctx: &Ctx,
    ) {
        let Some(content) = content else { return };
        let key = format!("{}{GROUP_SEPARATOR}{name}", group.unwrap_or_default());
        let defined = self.notes.get(&key).is_some_and(|n| n.line.is_some());
        let line = self.line(content.start);
        let role = if defined {
            BlockRole::Note(key.clone())
        } else {
            BlockRole::Appendix
        };
        let mut body = Out::new(role, self.section, line);
        let inner = Ctx {
            note: defined.then(|| key.clone()),
            depth: ctx.depth + 1,
            defining: None,
            label: false,
        };
        self.render(content, &mut body, &inner);
        if !defined {
            // Cite shows it in the reference list as a paragraph of its
            // own (`formatListItem`'s "incomplete follow"): the text stays
            // in the page, as reference-list text, not prose.
            self.note_blocks.push(body.block);
            return;
        }
        let more = collapse_whitespace(&body.block.text);
        if let Some(entry) = self.notes.get_mut(&key).filter(|_| !more.is_empty()) {
            if !entry.text.is_empty() {
                entry.text.push(' ');
            }
            entry.text.push_str(&more);
        }
        self.note_blocks.push(body.block);
    }

    /// Whether `range` holds anything a reader sees: text, or a `<nowiki>`.
    fn has_text(&self, range: Range<usize>) -> bool {
        if !self.text(range.clone()).trim().is_empty() {
            return true;
        }
        let literals = &self.scanned.literals;
        let k = literals.partition_point(|(r, _)| r.end <= range.start);
        literals
            .get(k)
            .is_some_and(|(r, shown)| r.start < range.end && !shown.trim().is_empty())
    }

    // The name and group are kept in the note's entry when it is new.
    #[allow(clippy::needless_pass_by_value)]
    /// A note: a marker where it stands (unless the note is only being
    /// defined), and its text rendered into a note block the first time it
    /// has any.
    pub(super) fn note(
        &mut self,
        at: usize,
        name: Option<String>,
        group: Option<String>,
        content: Option<Range<usize>>,
        out: &mut Out,
        ctx: &Ctx,
    ) {
        let group_key = group.clone().unwrap_or_default();
        let key = if let Some(name) = &name {
            format!("{group_key}{GROUP_SEPARATOR}{name}")
        } else {
            self.unnamed += 1;
            format!("{group_key}{GROUP_SEPARATOR}#{}", self.unnamed)
        };
        if ctx.defining.is_none() {
            let place = out.len();
            out.block.markers.push(Marker {
                id: key.clone(),
                range: place..place,
                line: self.line(at),
                group: group.clone(),
            });
            if self.marked.insert(key.clone()) {
                self.first_markers.push(key.clone());
            }
        }
        let defined = self.notes.get(&key).is_some_and(|n| n.line.is_some());
        if !self.notes.contains_key(&key) {
            self.note_order.push(key.clone());
            self.notes.insert(
                key.clone(),
                NoteEntry {
                    group: group.clone(),
                    ..NoteEntry::default()
                },
            );
        }
        // A named note reused without text, or defined again: the first
        // text stands. `<ref name=x></ref>` is a reuse, as `<ref name=x/>`.
        let content = content.filter(|c| name.is_none() || self.has_text(c.clone()));
        let content = match content {
            Some(c) if !defined => c,
            _ if name.is_none() && !defined => at..at,
            _ => return,
        };
        let line = self.line(if content.is_empty() {
            at
        } else {
            content.start
        });
        let mut body = Out::new(BlockRole::Note(key.clone()), self.section, line);
        let inner = Ctx {
            note: Some(key.clone()),
            depth: ctx.depth + 1,
            defining: None,
            label: false,
        };
        self.render(content, &mut body, &inner);
        let entry = self.notes.entry(key).or_default();
        entry.line = Some(line);
        entry.text = collapse_whitespace(&body.block.text);
        self.note_blocks.push(body.block);
    }
}

/// Offsets of the `|` that split a link's parts, outside nested markup.
fn top_level_pipes(scanned: &Scanned, inner: Range<usize>) -> Vec<usize> {
    let bytes = scanned.text.as_bytes();
    let mut pipes = Vec::new();
    let mut i = inner.start;
    while i < inner.end {
        if let Some(end) = super::template::skip_nested(scanned, i).filter(|&e| e <= inner.end) {
            i = end;
            continue;
        }
        if bytes[i] == b'|' {
            pipes.push(i);
        }
        i += 1;
    }
    pipes
}

/// Options of an image link that are not its caption.
fn is_image_option(part: &str) -> bool {
    let lower = part.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "thumb"
            | "thumbnail"
            | "frame"
            | "framed"
            | "frameless"
            | "border"
            | "left"
            | "right"
            | "center"
            | "centre"
            | "none"
            | "upright"
            | "baseline"
            | "middle"
            | "sub"
            | "super"
            | "top"
            | "text-top"
            | "bottom"
            | "text-bottom"
            | ""
            | "缩略图"
            | "縮圖"
            | "右"
            | "左"
            | "居中"
            | "无"
            | "サムネイル"
    ) || lower.ends_with("px")
        || [
            "alt=",
            "link=",
            "upright=",
            "page=",
            "lang=",
            "class=",
            "thumb=",
            "frame=",
            "thumbtime=",
        ]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// `[[de:Page]]`: a link to the same page in another language, which the
/// page does not show.
fn is_interlanguage(target: &str) -> bool {
    let Some((prefix, _)) = target.split_once(':') else {
        return false;
    };
    let len = prefix.len();
    (2..=3).contains(&len) && prefix.bytes().all(|b| b.is_ascii_lowercase())
        || matches!(
            prefix,
            "zh-yue" | "zh-min-nan" | "zh-classical" | "simple" | "be-tarask"
        )
}

/// Whether `text` starts with a web address's scheme (`http://`,
/// `https://`, `//`): a template parameter or citation URL that does is a
/// link.
pub(super) fn starts_with_scheme(text: &str) -> bool {
    let lower = prefix(text, 8).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
}

/// An HTML tag at the start of `text`: its length, and whether it breaks the
/// line (`<br>`, block elements).
fn html_tag(text: &str) -> Option<(usize, bool)> {
    let inner = text.strip_prefix('<')?;
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    if !inner.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let window = prefix(text, 1024);
    let close = window.find('>')?;
    if window[..close].contains('\n') && window[..close].matches('\n').count() > 3 {
        return None;
    }
    let name: String = inner
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    // `<http://example.org>` is no tag: MediaWiki shows it as text, with
    // a free link in it.
    if !inner[name.len()..].starts_with(|c: char| c == '>' || c == '/' || c.is_ascii_whitespace()) {
        return None;
    }
    let breaks = matches!(
        name.as_str(),
        "br" | "p" | "div" | "li" | "ul" | "ol" | "blockquote" | "td" | "tr" | "th" | "hr"
    );
    Some((close + 1, breaks))
}

/// A character reference at the start of `text`, decoded (the spaces that
/// do not break a line as plain spaces), and its length.
fn entity(text: &str) -> Option<(String, usize)> {
    let (decoded, len) = entities::reference(text)?;
    let decoded = match decoded.as_str() {
        "\u{a0}" | "\u{2002}" | "\u{2003}" | "\u{2009}" => " ".to_owned(),
        _ => decoded,
    };
    Some((decoded, len))
}

/// The attributes of a tag: `name="x" group='y' follow=z`, names lower
/// case, values with their character references decoded
/// (`Sanitizer::decodeTagAttributes`).
pub(super) fn attributes(text: &str) -> HashMap<String, String> {
    let mut found = HashMap::new();
    let mut rest = text.trim();
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq]
            .trim()
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("");
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next().filter(|c| matches!(c, '"' | '\''));
        let (value, next) = if let Some(q) = quote {
            if let Some(close) = after[1..].find(q) {
                (&after[1..=close], &after[close + 2..])
            } else {
                (&after[1..], "")
            }
        } else {
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            (&after[..end], &after[end..])
        };
        found.insert(
            name.to_ascii_lowercase(),
            entities::decode(value).trim().to_owned(),
        );
        rest = next;
    }
    found
}
