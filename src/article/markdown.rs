//! The Markdown reader: CommonMark/GFM with footnotes, Wikipedia pages converted
//! to Markdown by pandoc (chinapedia/mediawiki-to-gfm), and plain numbered
//! markers with a notes list. The dialect is recognised from the text itself.
//!
//! Everything goes through pulldown-cmark, so code blocks and inline code are
//! never mistaken for markers or links, and every position maps back to a line.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use super::headings::{heading_kind, HeadingKind};
use super::{Article, Block, BlockRole, Format, Marker, NoteDef, RawLink, Section};

/// Reads Markdown text into an [`Article`].
#[must_use]
pub fn read(path: &Path, source: &str) -> Article {
    let options = Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(source, options)
        .into_offset_iter()
        .collect();
    let lines = LineIndex::new(source);
    let tops = top_level_blocks(&events);
    let layout = Layout::detect(source, &events, &tops);

    let mut reader = Reader {
        source,
        lines: &lines,
        article: Article {
            path: path.to_path_buf(),
            title: String::new(),
            format: Format::Markdown,
            sections: vec![Section {
                heading: String::new(),
                level: 0,
                line: 1,
            }],
            blocks: Vec::new(),
            notes: Vec::new(),
            links: Vec::new(),
        },
        open: Vec::new(),
        title_from_heading: None,
        seen_prose: false,
        gfm_footnotes: false,
        numeric_notes: false,
    };
    for (index, top) in tops.iter().enumerate() {
        let context = if Some(index) == layout.banner {
            Context::Banner
        } else if Some(index) == layout.notes_list {
            Context::NotesList
        } else {
            Context::Body
        };
        reader.top_block(&events[top.events.clone()], context);
    }
    reader.finish(path, layout.banner_title)
}

/// Byte offset → 1-based line.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(source: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(source.match_indices('\n').map(|(i, _)| i + 1));
        Self(starts)
    }

    fn line(&self, offset: usize) -> u32 {
        u32::try_from(self.0.partition_point(|&s| s <= offset)).unwrap_or(u32::MAX)
    }
}

/// A block at the top of the document tree, as a range of events.
struct TopBlock {
    events: Range<usize>,
    source: Range<usize>,
}

fn top_level_blocks(events: &[(Event<'_>, Range<usize>)]) -> Vec<TopBlock> {
    let mut tops = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(_) => {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    tops.push(TopBlock {
                        events: start..i + 1,
                        source: events[start].1.clone(),
                    });
                }
            }
            _ if depth == 0 => tops.push(TopBlock {
                events: i..i + 1,
                source: events[i].1.clone(),
            }),
            _ => {}
        }
    }
    tops
}

/// Where the converter banner and the notes list are, decided before reading.
struct Layout {
    banner: Option<usize>,
    banner_title: Option<String>,
    notes_list: Option<usize>,
}

impl Layout {
    fn detect(source: &str, events: &[(Event<'_>, Range<usize>)], tops: &[TopBlock]) -> Self {
        let banner = tops.first().and_then(|top| {
            let is_quote = matches!(events[top.events.start].0, Event::Start(Tag::BlockQuote(_)));
            let text = &source[top.source.clone()];
            (is_quote && is_converter_banner(text)).then_some(0)
        });
        let banner_title = banner.and_then(|i| {
            let evs = &events[tops[i].events.clone()];
            let start = evs
                .iter()
                .position(|(e, _)| matches!(e, Event::Start(Tag::Link { .. })))?;
            let title: String = evs[start..]
                .iter()
                .take_while(|(e, _)| !matches!(e, Event::End(TagEnd::Link)))
                .filter_map(|(e, _)| match e {
                    Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                    _ => None,
                })
                .collect();
            Some(title.trim().to_owned()).filter(|t| !t.is_empty())
        });

        let ordered_list =
            |top: &TopBlock| matches!(events[top.events.start].0, Event::Start(Tag::List(Some(_))));
        // Headings at the top level, with their level and text, by block index.
        let headings: Vec<(usize, u8, String)> = tops
            .iter()
            .enumerate()
            .filter_map(|(i, top)| match &events[top.events.start].0 {
                Event::Start(Tag::Heading { level, .. }) => Some((
                    i,
                    heading_level(*level),
                    plain_text(&events[top.events.clone()]),
                )),
                _ => None,
            })
            .collect();
        let section_heading = |block: usize| {
            headings
                .iter()
                .rev()
                .find(|(i, _, _)| *i < block)
                .map(|(_, _, text)| text.as_str())
        };

        // The Wikipedia converter puts the notes last, after the category links,
        // under whatever heading happens to stand above them.
        // The converter's signs: its banner, the category line right above
        // the list, or its escaped markers `\[12\]`. Plain `[3]` markers alone
        // are not enough: their notes stand under a notes heading.
        let closing = tops.len().checked_sub(1).filter(|&last| {
            let after_categories = last.checked_sub(1).is_some_and(|before| {
                source[tops[before].source.clone()]
                    .trim_start()
                    .starts_with("[Category:")
            });
            ordered_list(&tops[last])
                && (banner.is_some()
                    || after_categories
                    || section_heading(last).is_some_and(is_notes_heading)
                    || has_escaped_marker(&source[..tops[last].source.start]))
        });
        // Otherwise: the first numbered list directly under a notes heading.
        // Several notes headings (Notes, then References) may each hold a
        // numbered list: the longest is the one the markers point into.
        let under_heading = || {
            headings
                .iter()
                .filter(|(_, _, text)| is_notes_heading(text))
                .filter_map(|(h, level, _)| {
                    let end = headings
                        .iter()
                        .find(|(i, l, _)| i > h && l <= level)
                        .map_or(tops.len(), |(i, _, _)| *i);
                    (h + 1..end).find(|&i| ordered_list(&tops[i]))
                })
                .max_by_key(|&i| items(&events[tops[i].events.clone()]))
        };
        Self {
            banner,
            banner_title,
            notes_list: closing.or_else(under_heading),
        }
    }
}

/// A note copied from Wikipedia starts with its back-links: `^`, or
/// `^ Jump up to: a b`, or `^ *a* *b*`; they are not part of the citation.
/// Letters are back-links when there are at least two of them (one back-link
/// is written as the caret alone).
fn without_back_links(body: &str) -> &str {
    let Some(rest) = body.strip_prefix('^').or_else(|| body.strip_prefix('↑')) else {
        return body;
    };
    let rest = rest.trim_start();
    let rest = rest
        .strip_prefix("Jump up to:")
        .unwrap_or(rest)
        .trim_start();
    let is_letter = |token: &str| {
        let letter = token.trim_matches(['*', '_']);
        letter.len() == 1 && letter.bytes().all(|b| b.is_ascii_lowercase())
    };
    let letters = rest.split_whitespace().take_while(|t| is_letter(t)).count();
    if letters < 2 {
        return rest;
    }
    let mut after = rest;
    for _ in 0..letters {
        let token = after.split_whitespace().next().unwrap_or("");
        after = after[token.len()..].trim_start();
    }
    after
}

/// How many items a list has (its own, not nested ones).
fn items(events: &[(Event<'_>, Range<usize>)]) -> usize {
    let mut depth = 0usize;
    let mut count = 0;
    for (event, _) in events {
        match event {
            Event::Start(tag) => {
                count += usize::from(depth == 1 && matches!(tag, Tag::Item));
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    count
}

/// The converter's banner: "> 本文内容由[X](…)转换而来。"
fn is_converter_banner(text: &str) -> bool {
    ["转换而来", "轉換而來", "转换而來", "轉換而来"]
        .iter()
        .any(|s| text.contains(s))
}

/// Headings under which a numbered list is the article's notes.
fn is_notes_heading(heading: &str) -> bool {
    heading_kind(heading) == HeadingKind::Notes
}

/// Whether text holds a marker as the converter escapes it: `\[12\]`.
fn has_escaped_marker(text: &str) -> bool {
    text.match_indices("\\[").any(|(i, _)| {
        let rest = &text.as_bytes()[i + 2..];
        let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        (1..=3).contains(&digits) && rest[digits..].starts_with(b"\\]")
    })
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn plain_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let text: String = events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            Event::SoftBreak | Event::HardBreak => Some(" "),
            _ => None,
        })
        .collect();
    text.trim().to_owned()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Body,
    Banner,
    NotesList,
}

/// A block being filled with text.
struct OpenBlock {
    block: Block,
    /// Where an image link's text starts: its caption, and any caption debris
    /// up to a `]]`, is not prose.
    image_starts: Vec<usize>,
    /// Open markup links: (index in `Article::links`, text start, non-prose).
    open_links: Vec<(usize, usize, bool)>,
    /// Inside an image (alt text) or a code block: text is dropped.
    mute: usize,
    /// Positions of `[^` written escaped (`\[^`), which are not references.
    escaped: Vec<usize>,
}

struct Reader<'a> {
    source: &'a str,
    lines: &'a LineIndex,
    article: Article,
    open: Vec<OpenBlock>,
    title_from_heading: Option<String>,
    seen_prose: bool,
    /// The article uses GFM footnotes (`[^id]` references or definitions).
    gfm_footnotes: bool,
    /// The article has a numbered notes list.
    numeric_notes: bool,
}

impl Reader<'_> {
    fn section(&self) -> usize {
        self.article.sections.len() - 1
    }

    fn top_block(&mut self, events: &[(Event<'_>, Range<usize>)], context: Context) {
        let Some((first, range)) = events.first() else {
            return;
        };
        match (context, first) {
            (Context::Banner, _) => {
                self.open(BlockRole::Banner, range.start);
                self.inline_events(events);
                self.close();
            }
            (Context::NotesList, _) => self.notes_list(events),
            (_, Event::Start(Tag::Heading { level, .. })) => {
                let text = strip_markers(&plain_text(events));
                let level = heading_level(*level);
                let line = self.lines.line(range.start);
                if level == 1 && !self.seen_prose && self.title_from_heading.is_none() {
                    self.title_from_heading = Some(text);
                } else {
                    self.article.sections.push(Section {
                        heading: text,
                        level,
                        line,
                    });
                }
                self.open(BlockRole::Heading, range.start);
                self.inline_events(events);
                self.close();
            }
            (_, Event::Start(Tag::FootnoteDefinition(label))) => {
                self.gfm_footnotes = true;
                let text = &self.source[range.clone()];
                let body = text.find("]:").map_or("", |i| &text[i + 2..]);
                self.add_note(label.to_string(), range.start, body);
                self.open(BlockRole::Note(label.to_string()), range.start);
                self.inline_events(&events[1..events.len() - 1]);
                self.close();
            }
            _ => self.body_events(events),
        }
    }

    /// Body content: paragraphs, lists, tables, quotations.
    fn body_events(&mut self, events: &[(Event<'_>, Range<usize>)]) {
        let mut in_item = 0usize;
        for (event, range) in events {
            match event {
                Event::Start(Tag::Paragraph) if in_item == 0 => {
                    self.open(BlockRole::Prose, range.start);
                }
                Event::End(TagEnd::Paragraph) if in_item == 0 => self.close(),
                Event::Start(Tag::Paragraph) => self.push_text(" ", range.start),
                Event::Start(Tag::Item) => {
                    in_item += 1;
                    self.open(BlockRole::Prose, range.start);
                }
                Event::End(TagEnd::Item) => {
                    in_item -= 1;
                    self.close();
                }
                Event::Start(Tag::TableHead | Tag::TableRow) => {
                    self.open(BlockRole::Table, range.start);
                }
                Event::End(TagEnd::TableHead | TagEnd::TableRow | TagEnd::Heading(_)) => {
                    self.close();
                }
                Event::End(TagEnd::TableCell) => self.push_text(" | ", range.start),
                Event::Start(Tag::Heading { .. }) => self.open(BlockRole::Heading, range.start),
                Event::Start(Tag::FootnoteDefinition(_))
                | Event::End(TagEnd::FootnoteDefinition) => {}
                // Pandoc writes complex tables as raw HTML; markers and links in
                // their cells still count, but a table is data, not prose.
                Event::Start(Tag::HtmlBlock) if self.open.is_empty() => {
                    self.open(BlockRole::Table, range.start);
                }
                Event::End(TagEnd::HtmlBlock) if self.open.len() == 1 && in_item == 0 => {
                    self.close();
                }
                _ => self.inline_event(event, range),
            }
        }
        // Loose text outside any block (it should not happen) is not lost.
        while !self.open.is_empty() {
            self.close();
        }
    }

    /// The notes list: one note per item, whatever the item contains.
    fn notes_list(&mut self, events: &[(Event<'_>, Range<usize>)]) {
        self.numeric_notes = true;
        let ids = note_ids(self.source, events);
        let mut ids = ids.into_iter();
        let mut depth = 0usize;
        for (event, range) in events {
            match event {
                Event::Start(Tag::Item) if depth == 1 => {
                    let item = &self.source[range.clone()];
                    let digits = item.bytes().take_while(u8::is_ascii_digit).count();
                    let id = ids.next().unwrap_or_default();
                    let body = item[digits..].trim_start_matches(['.', ')']).trim_start();
                    let body = without_back_links(body);
                    self.add_note(id.clone(), range.start, body);
                    self.open(BlockRole::Note(id), range.start);
                    depth += 1;
                }
                Event::End(TagEnd::Item) if depth == 2 => {
                    self.close();
                    depth -= 1;
                }
                Event::Start(_) => {
                    depth += 1;
                    if depth > 2 {
                        self.inline_event(event, range);
                    }
                }
                Event::End(_) => {
                    if depth > 2 {
                        self.inline_event(event, range);
                    }
                    depth -= 1;
                }
                _ => self.inline_event(event, range),
            }
        }
    }

    fn add_note(&mut self, id: String, start: usize, body: &str) {
        // A label defined twice keeps its first definition, as in GFM.
        if self.article.notes.iter().any(|n| same_id(&n.id, &id)) {
            return;
        }
        let text = super::collapse_whitespace(body);
        self.article.notes.push(NoteDef {
            id,
            line: self.lines.line(start),
            text,
        });
    }

    fn inline_events(&mut self, events: &[(Event<'_>, Range<usize>)]) {
        for (event, range) in events {
            self.inline_event(event, range);
        }
    }

    fn open(&mut self, role: BlockRole, start: usize) {
        if role == BlockRole::Prose {
            self.seen_prose = true;
        }
        self.open.push(OpenBlock {
            block: Block {
                role,
                section: self.section(),
                text: String::new(),
                line_map: vec![(0, self.lines.line(start))],
                markers: Vec::new(),
                code: Vec::new(),
                link_text: Vec::new(),
                captions: Vec::new(),
            },
            image_starts: Vec::new(),
            open_links: Vec::new(),
            mute: 0,
            escaped: Vec::new(),
        });
    }

    fn close(&mut self) {
        if let Some(open) = self.open.pop() {
            self.article.blocks.push(finish_block(open));
        }
    }

    fn push_text(&mut self, text: &str, at: usize) {
        let line = self.lines.line(at);
        if let Some(open) = self.open.last_mut() {
            if open.mute > 0 {
                return;
            }
            let block = &mut open.block;
            if block.line_map.last().is_some_and(|&(_, l)| l != line) {
                block.line_map.push((block.text.len(), line));
            }
            block.text.push_str(text);
        }
    }

    fn inline_event(&mut self, event: &Event<'_>, range: &Range<usize>) {
        match event {
            Event::Text(text) => {
                // `\[^a]`: an escaped bracket is text, never a reference.
                let escaped = text.starts_with("[^") && self.source[..range.start].ends_with('\\');
                if escaped {
                    let at = self.text_len();
                    if let Some(open) = self.open.last_mut() {
                        open.escaped.push(at);
                    }
                }
                self.push_text(text, range.start);
            }
            Event::Code(code) => {
                let start = self.text_len();
                self.push_text(code, range.start);
                let end = self.text_len();
                if let Some(open) = self.open.last_mut() {
                    open.block.code.push(start..end);
                }
            }
            Event::SoftBreak | Event::HardBreak => self.push_text(" ", range.start),
            Event::Html(html) => self.html(html, range.start, true),
            Event::InlineHtml(html) => self.html(html, range.start, false),
            Event::FootnoteReference(label) => {
                self.gfm_footnotes = true;
                let at = self.text_len();
                let line = self.lines.line(range.start);
                if let Some(open) = self.open.last_mut() {
                    open.block.markers.push(Marker {
                        id: label.to_string(),
                        range: at..at,
                        line,
                    });
                }
            }
            // `<a@b.example>` arrives without its scheme.
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                dest_url,
                title,
                ..
            }) => self.start_link(&format!("mailto:{dest_url}"), title, range.start, false),
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => {
                self.start_link(dest_url, title, range.start, false);
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                self.start_link(dest_url, title, range.start, true);
                if let Some(open) = self.open.last_mut() {
                    open.mute += 1;
                }
            }
            Event::End(TagEnd::Link) => self.end_link(),
            Event::End(TagEnd::Image) => {
                if let Some(open) = self.open.last_mut() {
                    open.mute = open.mute.saturating_sub(1);
                }
                self.end_link();
            }
            Event::Start(Tag::CodeBlock(_)) => {
                if let Some(open) = self.open.last_mut() {
                    open.mute += 1;
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(open) = self.open.last_mut() {
                    open.mute = open.mute.saturating_sub(1);
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::TableCell | TagEnd::Item) => {
                self.push_text(" ", range.start);
            }
            _ => {}
        }
    }

    /// Raw HTML: `<a href>` and `<img src>` become links; in an HTML block the
    /// text between tags is kept too (inline HTML's text arrives as text
    /// events). Script and style contents are dropped.
    fn html(&mut self, html: &str, start: usize, keep_text: bool) {
        let mut rest = html;
        let mut skip_until: Option<String> = None;
        while !rest.is_empty() {
            let offset = start + (html.len() - rest.len());
            let Some(lt) = rest.find('<') else {
                if keep_text && skip_until.is_none() {
                    self.push_text(&decode_entities(rest), offset);
                }
                break;
            };
            if keep_text && skip_until.is_none() && lt > 0 {
                self.push_text(&decode_entities(&rest[..lt]), offset);
            }
            let tag_at = offset + lt;
            let Some(gt) = rest[lt..].find('>') else {
                break;
            };
            let tag = &rest[lt + 1..lt + gt];
            rest = &rest[lt + gt + 1..];
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            if let Some(end) = &skip_until {
                if tag.starts_with('/') && &name == end {
                    skip_until = None;
                }
                continue;
            }
            match (tag.starts_with('/'), name.as_str()) {
                (false, "script" | "style") => skip_until = Some(name),
                (false, "a") => {
                    if let Some(href) = attribute(tag, "href") {
                        let title = attribute(tag, "title").unwrap_or_default();
                        self.declare_link(&href, &title, tag_at, false);
                    }
                }
                (false, "img") => {
                    if let Some(src) = attribute(tag, "src") {
                        self.declare_link(&src, "", tag_at, true);
                    }
                }
                (_, "br" | "p" | "div" | "li" | "tr") => self.push_text(" ", tag_at),
                (true, "td" | "th") => self.push_text(" | ", tag_at),
                _ => {}
            }
        }
    }

    fn text_len(&self) -> usize {
        self.open.last().map_or(0, |o| o.block.text.len())
    }

    /// Records a link the markup declares, in the note being read if any.
    fn declare_link(&mut self, url: &str, title: &str, at: usize, image_syntax: bool) -> usize {
        let note = self
            .open
            .iter()
            .rev()
            .find_map(|o| o.block.note_id())
            .map(str::to_owned);
        self.article.links.push(RawLink {
            url: url.to_owned(),
            title: title.to_owned(),
            line: self.lines.line(at),
            note,
            image_syntax,
        });
        self.article.links.len() - 1
    }

    fn start_link(&mut self, url: &str, title: &str, at: usize, image_syntax: bool) {
        let index = self.declare_link(url, title, at, image_syntax);
        let non_prose = image_syntax || is_image_target(url, title) || is_category(url);
        let start = self.text_len();
        if let Some(open) = self.open.last_mut() {
            open.open_links.push((index, start, non_prose));
        }
    }

    fn end_link(&mut self) {
        let end = self.text_len();
        if let Some(open) = self.open.last_mut() {
            if let Some((index, start, non_prose)) = open.open_links.pop() {
                open.block.link_text.push(start..end);
                if non_prose {
                    let link = &self.article.links[index];
                    if link.image_syntax || is_image_target(&link.url, &link.title) {
                        open.image_starts.push(start);
                    } else {
                        open.block.captions.push(start..end);
                    }
                }
            }
        }
    }

    fn finish(mut self, path: &Path, banner_title: Option<String>) -> Article {
        while !self.open.is_empty() {
            self.close();
        }
        // A bracketed four-digit number is a year, not a marker, unless a note
        // of that number exists. In an article that cites with GFM footnotes
        // and has no numbered notes, `[2]` is just a bracketed number.
        let notes: Vec<&str> = self.article.notes.iter().map(|n| n.id.as_str()).collect();
        let numeric_markers = self.numeric_notes || !self.gfm_footnotes;
        for block in &mut self.article.blocks {
            let text = &block.text;
            block.markers.retain(|m| {
                let numeric = !m.range.is_empty()
                    && !text[m.range.clone()].starts_with("[^")
                    && m.id.bytes().all(|b| b.is_ascii_digit());
                !numeric || (numeric_markers && (m.id.len() <= 3 || notes.contains(&m.id.as_str())))
            });
        }
        // The notes and the appendices (See also, External links, Bibliography,
        // …) are reference material, not prose: so is every section nested
        // under one of them.
        let mut appendix = vec![false; self.article.sections.len()];
        let mut open: Option<u8> = None;
        for (i, section) in self.article.sections.iter().enumerate().skip(1) {
            if open.is_some_and(|level| section.level <= level) {
                open = None;
            }
            if open.is_none() && heading_kind(&section.heading) != HeadingKind::Body {
                open = Some(section.level);
            }
            appendix[i] = open.is_some();
        }
        for block in &mut self.article.blocks {
            if block.role == BlockRole::Prose && appendix[block.section] {
                block.role = BlockRole::Appendix;
            }
        }
        self.article.blocks.sort_by_key(Block::line);
        self.article.title = banner_title
            .or(self.title_from_heading)
            .or_else(|| {
                path.file_stem()
                    .map(|s| s.to_string_lossy().replace('_', " "))
            })
            .unwrap_or_default();
        self.article
    }
}

/// The ids of a numbered notes list's items: the numbers as written when they
/// increase, otherwise the numbering a renderer shows (`1.` `1.` `1.` is 1, 2,
/// 3 in CommonMark).
fn note_ids(source: &str, events: &[(Event<'_>, Range<usize>)]) -> Vec<String> {
    let start = match events.first() {
        Some((Event::Start(Tag::List(Some(start))), _)) => *start,
        _ => 1,
    };
    let mut depth = 0usize;
    let mut written = Vec::new();
    for (event, range) in events {
        match event {
            Event::Start(Tag::Item) if depth == 1 => {
                let digits: String = source[range.clone()]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                written.push(digits.parse::<u64>().ok());
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let increasing = written
        .windows(2)
        .all(|w| matches!((w[0], w[1]), (Some(a), Some(b)) if a < b))
        && written.iter().all(Option::is_some);
    (0u64..)
        .zip(&written)
        .map(|(i, number)| match number {
            Some(n) if increasing => n.to_string(),
            _ => (start + i).to_string(),
        })
        .collect()
}

/// Whether two note ids name the same note: GFM labels match without regard
/// to case.
pub(crate) fn same_id(a: &str, b: &str) -> bool {
    a == b || a.to_lowercase() == b.to_lowercase()
}

/// Whether a link points at a media file: the converter writes images as links
/// to `File:` pages with a `fig:` title.
pub(crate) fn is_image_target(url: &str, title: &str) -> bool {
    if title.starts_with("fig:") {
        return true;
    }
    let page = url.rsplit('/').next().unwrap_or(url);
    let page = page.split(['?', '#']).next().unwrap_or(page);
    [
        "File:",
        "Image:",
        "文件:",
        "檔案:",
        "档案:",
        "图像:",
        "圖像:",
        "ファイル:",
        "Datei:",
        "Fichier:",
    ]
    .iter()
    .any(|prefix| {
        page.get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    })
}

fn is_category(url: &str) -> bool {
    let page = url.rsplit('/').next().unwrap_or(url);
    page.starts_with("Category:") || page.starts_with("分类:") || page.starts_with("分類:")
}

fn finish_block(open: OpenBlock) -> Block {
    let mut block = open.block;
    // An image's caption is not prose, and neither is the debris the converter
    // leaves after it: everything up to the `]]` that closed the wiki image.
    for start in open.image_starts {
        let link_end = block
            .link_text
            .iter()
            .find(|r| r.start == start)
            .map_or(start, |r| r.end);
        let end = block.text[link_end..]
            .find("]]")
            .map_or(link_end, |i| link_end + i + 2);
        block.captions.push(start..end);
    }
    let found = find_markers(&block);
    block.markers.extend(
        found
            .into_iter()
            .filter(|m| !open.escaped.contains(&m.range.start)),
    );
    block.markers.sort_by_key(|m| m.range.start);
    block
}

/// The longest marker label looked for, in bytes.
const MAX_MARKER_LEN: usize = 64;

/// Markers written as text: `[12]` (the converter escapes them as `\[12\]`,
/// which renders the same) and GFM references `[^id]` that have no definition,
/// which the parser leaves as text.
fn find_markers(block: &Block) -> Vec<Marker> {
    let text = &block.text;
    let bytes = text.as_bytes();
    let mut markers = Vec::new();
    let mut i = 0;
    while let Some(pos) = text[i..].find('[') {
        let start = i + pos;
        i = start + 1;
        let rest = &text[start + 1..];
        // Markers are short; looking further than this for the `]` would make a
        // paragraph full of stray brackets quadratic.
        let Some(close) = rest.bytes().take(MAX_MARKER_LEN).position(|b| b == b']') else {
            continue;
        };
        let inner = &rest[..close];
        let id = if let Some(label) = inner.strip_prefix('^') {
            let ok = !label.is_empty() && !label.contains(char::is_whitespace);
            ok.then(|| label.to_owned())
        } else {
            let ok = (1..=4).contains(&inner.len())
                && inner.bytes().all(|b| b.is_ascii_digit())
                && bytes[start + 1] != b'0';
            ok.then(|| inner.to_owned())
        };
        let range = start..start + close + 2;
        if let Some(id) = id {
            if !block.in_code(&range) {
                markers.push(Marker {
                    id,
                    line: block.line_at(start),
                    range: range.clone(),
                });
                i = range.end;
            }
        }
    }
    markers
}

/// The value of an HTML attribute, quoted or not, entities decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = lower[..at].ends_with(|c: char| c.is_whitespace());
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - rest.len() + 1;
        let value = tag[value_start..].trim_start();
        let raw = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        };
        return Some(decode_entities(raw));
    }
    None
}

/// Decodes the HTML character references that occur in converted articles
/// and in fetched pages' titles.
pub(crate) fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.bytes().take(12).position(|b| b == b';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        if let Some(c) = decoded {
            out.push(c);
            rest = &rest[end + 1..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Removes numeric markers from a heading's text.
fn strip_markers(text: &str) -> String {
    let block = Block {
        role: BlockRole::Heading,
        section: 0,
        text: text.to_owned(),
        line_map: Vec::new(),
        markers: Vec::new(),
        code: Vec::new(),
        link_text: Vec::new(),
        captions: Vec::new(),
    };
    let mut out = String::new();
    let mut last = 0;
    for marker in find_markers(&block) {
        out.push_str(&text[last..marker.range.start]);
        last = marker.range.end;
    }
    out.push_str(&text[last..]);
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> Article {
        read(Path::new("t.md"), text)
    }

    fn marker_ids(article: &Article) -> Vec<&str> {
        article
            .blocks
            .iter()
            .flat_map(|b| &b.markers)
            .map(|m| m.id.as_str())
            .collect()
    }

    #[test]
    fn escaped_numeric_markers_are_found_with_their_lines() {
        let article = read_str("A.\\[1\\]\n\nB\\[2\\] and \\[J\\] and \\[2020\\].\n\n1.  x\n2.\n");
        assert_eq!(marker_ids(&article), ["1", "2"]);
        let lines: Vec<u32> = article
            .blocks
            .iter()
            .flat_map(|b| &b.markers)
            .map(|m| m.line)
            .collect();
        assert_eq!(lines, [1, 3]);
        assert_eq!(article.notes.len(), 2);
    }

    #[test]
    fn code_never_holds_markers() {
        let article = read_str("Text `[1]` here.\n\n```\n[2]\n```\n");
        assert!(marker_ids(&article).is_empty());
    }

    #[test]
    fn gfm_footnotes_are_markers_and_notes() {
        let article = read_str("Claim.[^a] Other.[^missing]\n\n[^a]: Source, 2001.\n");
        assert_eq!(marker_ids(&article), ["a", "missing"]);
        assert_eq!(article.notes.len(), 1);
        assert_eq!(article.notes[0].text, "Source, 2001.");
        assert_eq!(article.notes[0].line, 3);
    }

    #[test]
    fn a_numbered_list_in_the_body_is_not_notes() {
        let article = read_str("Intro.\n\n1. one\n2. two\n\n## More\n\nText.\n");
        assert!(article.notes.is_empty());
    }

    #[test]
    fn numbered_list_under_a_notes_heading_is_the_notes() {
        let article =
            read_str("Fact[1].\n\n## References\n\n1. Book, 2000.\n\n## External links\n\n- x\n");
        assert_eq!(article.notes.len(), 1);
        assert_eq!(article.notes[0].id, "1");
        assert_eq!(article.notes[0].text, "Book, 2000.");
    }

    #[test]
    fn banner_gives_the_title_and_is_not_prose() {
        let article = read_str(
            "> 本文内容由[標題](https://zh.wikipedia.org/wiki/標題)转换而来。\n\n正文。\n",
        );
        assert_eq!(article.title, "標題");
        assert_eq!(article.blocks[0].role, BlockRole::Banner);
    }

    #[test]
    fn html_table_cells_hold_markers_and_links() {
        let article = read_str("Intro.\\[1\\]\n\n<table>\n<tr><td><p><a href=\"../Page/X.md\" title=\"wikilink\">X</a><br />\n[2][3]</p></td></tr>\n</table>\n\n1.  a\n2.  b\n3.  c\n");
        assert_eq!(marker_ids(&article), ["1", "2", "3"]);
        let table = article
            .blocks
            .iter()
            .find(|b| b.role == BlockRole::Table)
            .unwrap();
        assert_eq!(table.markers[0].line, 5);
        assert_eq!(article.links[0].url, "../Page/X.md");
        assert_eq!(article.links[0].title, "wikilink");
        assert_eq!(article.links[0].line, 4);
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            decode_entities("a&amp;b &#20013; &#x4E2D; &bogus; &"),
            "a&b 中 中 &bogus; &"
        );
    }

    #[test]
    fn image_caption_debris_is_marked() {
        let article = read_str(
            "[右](https://zh.wikipedia.org/wiki/File:X.jpg \"fig:右\") 說明。\\]\\] 正文。\n",
        );
        let block = &article.blocks[0];
        let caption = &block.text[block.captions[0].clone()];
        assert_eq!(caption, "右 說明。]]");
    }
}
