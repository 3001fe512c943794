//! The Markdown reader: CommonMark/GFM with footnotes, Wikipedia pages converted
//! to Markdown by pandoc (chinapedia/mediawiki-to-gfm), and plain numbered
//! markers with a notes list. The dialect is recognised from the text itself.
//!
//! Everything goes through pulldown-cmark, so code blocks and inline code are
//! never mistaken for markers or links, and every position maps back to a line.

pub(crate) mod emphasis;
mod html;
mod layout;
mod markers;
mod notes;

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use super::headings::{heading_kind, HeadingKind};
use super::model::{
    merge_ranges, Article, Block, BlockRole, Format, LineIndex, Marker, NoteDef, RawLink, Section,
};
use super::wiki::{is_category_link as is_category, is_image_target, without_back_links};
use layout::{top_level_blocks, Layout};
use markers::{find_markers, strip_markers};
use notes::note_ids;

/// The Markdown the readers understand: GFM (footnotes, tables,
/// strikethrough, task lists), with front matter (`---` YAML, `+++` TOML)
/// read as metadata, not prose.
pub(crate) const DIALECT: Options = Options::ENABLE_FOOTNOTES
    .union(Options::ENABLE_TABLES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS)
    .union(Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS);

/// Reads Markdown text into an [`Article`].
#[must_use]
pub fn read(path: &Path, source: &str) -> Article {
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(source, DIALECT)
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
            ..Article::default()
        },
        open: Vec::new(),
        open_notes: Vec::new(),
        note_keys: HashSet::new(),
        html: None,
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
        let events = &events[top.events.clone()];
        // Emphasis the parser left as literal `**` is markup, not words.
        let leftovers = emphasis::leftover_delimiters(events, source);
        if leftovers.is_empty() {
            reader.top_block(events, context);
        } else {
            let kept: Vec<(Event<'_>, Range<usize>)> = events
                .iter()
                .enumerate()
                .filter(|(i, _)| !leftovers.contains_key(i))
                .map(|(_, e)| e.clone())
                .collect();
            reader.top_block(&kept, context);
        }
    }
    reader.finish(path, layout.banner_title)
}

pub(super) fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

pub(super) fn plain_text(events: &[(Event<'_>, Range<usize>)]) -> String {
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
    /// The text of image links: their captions, and any caption debris up to
    /// a `]]`, are not prose.
    images: Vec<Range<usize>>,
    /// Open markup links: (index in `Article::links`, text start, non-prose).
    open_links: Vec<(usize, usize, bool)>,
    /// Inside an image (alt text) or a code block: text is dropped.
    mute: usize,
    /// Images open: their description is only alt text, so the links and
    /// images in it are no links (CommonMark renders none).
    alt: usize,
    /// Links and images open inside an image's description, not declared.
    hidden: usize,
    /// Positions of `[^` written escaped (`\[^`), which are not references,
    /// ascending.
    escaped: Vec<usize>,
}

/// An HTML block being gathered: pulldown-cmark hands it over a line at a
/// time, but a comment or a tag may span lines, so it is read whole.
struct HtmlBuffer {
    text: String,
    /// The source line of each line of `text`.
    lines: Vec<u32>,
}

struct Reader<'a> {
    source: &'a str,
    lines: &'a LineIndex,
    article: Article,
    open: Vec<OpenBlock>,
    /// Notes being read: (index in `open` of the note's block, its id).
    open_notes: Vec<(usize, String)>,
    /// The ids of the notes read so far, lower-cased (GFM labels match without
    /// regard to case).
    note_keys: HashSet<String>,
    html: Option<HtmlBuffer>,
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
            (_, Event::Start(Tag::MetadataBlock(_))) => {}
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
            (_, Event::Start(Tag::Paragraph)) if self.in_notes_section() => {
                let labels = notes::bracket_labels(&self.source[range.clone()], range.start);
                if labels.is_empty() {
                    self.body_events(events);
                } else {
                    self.bracket_notes(events, range, &labels);
                }
            }
            _ => self.body_events(events),
        }
    }

    /// Whether the section being read is the notes section.
    fn in_notes_section(&self) -> bool {
        self.article
            .sections
            .last()
            .is_some_and(|s| heading_kind(&s.heading) == HeadingKind::Notes)
    }

    /// A paragraph of hand-written notes, `[1] [Title](url)` a line: each
    /// label starts a note; the label itself is not a marker.
    fn bracket_notes(
        &mut self,
        events: &[(Event<'_>, Range<usize>)],
        paragraph: &Range<usize>,
        labels: &[notes::Label],
    ) {
        self.numeric_notes = true;
        let mut next = 0;
        for (event, range) in events {
            if let Some(label) = labels.get(next).filter(|l| range.start >= l.line_start) {
                next += 1;
                let body_end = labels
                    .get(next)
                    .map_or(paragraph.end, |l| l.line_start)
                    .max(label.end);
                self.close();
                self.add_note(
                    label.id.clone(),
                    label.line_start,
                    &self.source[label.end..body_end],
                );
                self.open(BlockRole::Note(label.id.clone()), label.line_start);
            }
            // The label's own characters are not text (nor a marker).
            let in_label = labels
                .get(next.wrapping_sub(1))
                .is_some_and(|l| range.start < l.end && range.start >= l.line_start);
            if in_label
                || matches!(
                    event,
                    Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
                )
            {
                continue;
            }
            self.inline_event(event, range);
        }
        self.close();
    }

    /// Body content: paragraphs, lists, tables, quotations.
    fn body_events(&mut self, events: &[(Event<'_>, Range<usize>)]) {
        let mut in_item = 0usize;
        // Footnote definitions inside a quotation or a list item (GFM reads
        // them wherever a block may start): what they hold is the note.
        let mut in_note = 0usize;
        for (event, range) in events {
            match event {
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    self.gfm_footnotes = true;
                    let text = &self.source[range.clone()];
                    let body = text.find("]:").map_or("", |i| &text[i + 2..]);
                    self.add_note(label.to_string(), range.start, body);
                    self.open(BlockRole::Note(label.to_string()), range.start);
                    in_note += 1;
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    in_note = in_note.saturating_sub(1);
                    self.close();
                }
                _ if in_note > 0 => self.inline_event(event, range),
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
                // Pandoc writes complex tables as raw HTML; markers and links in
                // their cells still count, but a table is data, not prose.
                Event::Start(Tag::HtmlBlock) if self.open.is_empty() => {
                    self.open(BlockRole::Table, range.start);
                    self.inline_event(event, range);
                }
                Event::End(TagEnd::HtmlBlock) if self.open.len() == 1 && in_item == 0 => {
                    self.inline_event(event, range);
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
        if !self.note_keys.insert(id.to_lowercase()) {
            return;
        }
        let text = super::model::collapse_whitespace(body);
        self.article.notes.push(NoteDef {
            id,
            line: self.lines.line(start),
            text,
            ..NoteDef::default()
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
        if let BlockRole::Note(id) = &role {
            self.open_notes.push((self.open.len(), id.clone()));
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
                needs_citation: Vec::new(),
                literal: Vec::new(),
            },
            images: Vec::new(),
            open_links: Vec::new(),
            mute: 0,
            alt: 0,
            hidden: 0,
            escaped: Vec::new(),
        });
    }

    fn close(&mut self) {
        if let Some(open) = self.open.pop() {
            if self
                .open_notes
                .last()
                .is_some_and(|(depth, _)| *depth == self.open.len())
            {
                self.open_notes.pop();
            }
            self.article.blocks.push(finish_block(open));
        }
    }

    fn push_text(&mut self, text: &str, at: usize) {
        self.push_text_on(text, self.lines.line(at));
    }

    fn push_text_on(&mut self, text: &str, line: u32) {
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

    // One arm per kind of event.
    #[allow(clippy::too_many_lines)]
    fn inline_event(&mut self, event: &Event<'_>, range: &Range<usize>) {
        match event {
            Event::Text(text) => {
                // pulldown-cmark starts a text at each escaped character and
                // gives a character reference a text of its own.
                let before = &self.source[..range.start];
                let escaped = (before.len() - before.trim_end_matches('\\').len()) % 2 == 1;
                let reference =
                    self.source[range.start..].starts_with('&') && !text.starts_with('&');
                let at = self.text_len();
                if let Some(open) = self.open.last_mut() {
                    // `\[^a]`: an escaped bracket is text, never a reference.
                    if escaped && text.starts_with("[^") {
                        open.escaped.push(at);
                    }
                    if (escaped || reference) && open.mute == 0 {
                        open.block.literal.push(at);
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
            Event::Start(Tag::HtmlBlock) => {
                self.html = Some(HtmlBuffer {
                    text: String::new(),
                    lines: Vec::new(),
                });
            }
            Event::Html(html) => {
                let first = self.lines.line(range.start);
                if let Some(buffer) = &mut self.html {
                    buffer.text.push_str(html);
                    let lines = html.split_inclusive('\n').count() as u32;
                    buffer.lines.extend((0..lines.max(1)).map(|i| first + i));
                } else {
                    self.html(html, &[first], true);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(buffer) = self.html.take() {
                    self.html(&buffer.text, &buffer.lines, true);
                }
            }
            Event::InlineHtml(html) => {
                let first = self.lines.line(range.start);
                let lines = html.split_inclusive('\n').count() as u32;
                let lines: Vec<u32> = (0..lines.max(1)).map(|i| first + i).collect();
                self.html(html, &lines, false);
            }
            Event::FootnoteReference(label) => {
                self.gfm_footnotes = true;
                let at = self.text_len();
                let line = self.lines.line(range.start);
                if let Some(open) = self.open.last_mut() {
                    open.block.markers.push(Marker {
                        id: label.to_string(),
                        range: at..at,
                        line,
                        group: None,
                    });
                }
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) if self.in_alt() => {
                if let Some(open) = self.open.last_mut() {
                    open.hidden += 1;
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image)
                if self.open.last().is_some_and(|o| o.hidden > 0) =>
            {
                if let Some(open) = self.open.last_mut() {
                    open.hidden -= 1;
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
                    open.alt += 1;
                }
            }
            Event::End(TagEnd::Link) => self.end_link(),
            Event::End(TagEnd::Image) => {
                if let Some(open) = self.open.last_mut() {
                    open.mute = open.mute.saturating_sub(1);
                    open.alt = open.alt.saturating_sub(1);
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
    /// events). `lines` holds the source line of each line of `html`.
    fn html(&mut self, html: &str, lines: &[u32], keep_text: bool) {
        let line_of = |i: usize| lines.get(i).or(lines.last()).copied().unwrap_or(1);
        for piece in html::read(html, keep_text) {
            match piece {
                html::Piece::Text { text, line } => self.push_text_on(&text, line_of(line)),
                html::Piece::Link {
                    url,
                    title,
                    line,
                    image,
                } => {
                    self.declare_link(&url, &title, line_of(line), image);
                }
            }
        }
    }

    /// Whether the text being read is an image's description.
    fn in_alt(&self) -> bool {
        self.open.last().is_some_and(|o| o.alt > 0)
    }

    fn text_len(&self) -> usize {
        self.open.last().map_or(0, |o| o.block.text.len())
    }

    /// Records a link the markup declares, in the note being read if any.
    fn declare_link(&mut self, url: &str, title: &str, line: u32, image_syntax: bool) -> usize {
        let note = self.open_notes.last().map(|(_, id)| id.clone());
        self.article.links.push(RawLink {
            url: url.to_owned(),
            title: title.to_owned(),
            line,
            note,
            image_syntax,
            cited: None,
            place: None,
        });
        self.article.links.len() - 1
    }

    fn start_link(&mut self, url: &str, title: &str, at: usize, image_syntax: bool) {
        let index = self.declare_link(url, title, self.lines.line(at), image_syntax);
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
                        open.images.push(start..end);
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
        let notes: HashSet<&str> = self.article.notes.iter().map(|n| n.id.as_str()).collect();
        let numeric_markers = self.numeric_notes || !self.gfm_footnotes;
        for block in &mut self.article.blocks {
            let text = &block.text;
            block.markers.retain(|m| {
                let numeric = !m.range.is_empty()
                    && !text[m.range.clone()].starts_with("[^")
                    && m.id.bytes().all(|b| b.is_ascii_digit());
                !numeric || (numeric_markers && (m.id.len() <= 3 || notes.contains(m.id.as_str())))
            });
        }
        super::headings::mark_appendices(&mut self.article);
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

fn finish_block(open: OpenBlock) -> Block {
    let mut block = open.block;
    // An image's caption is not prose, and neither is the debris the converter
    // leaves after it: everything up to the `]]` that closed the wiki image
    // (the next `]]` after the image, found by one forward walk).
    let closings: Vec<usize> = block.text.match_indices("]]").map(|(i, _)| i).collect();
    for image in open.images {
        let next = closings.partition_point(|&c| c < image.end);
        let end = closings.get(next).map_or(image.end, |&c| c + 2);
        block.captions.push(image.start..end);
    }
    merge_ranges(&mut block.captions);
    merge_ranges(&mut block.link_text);
    let found = find_markers(&block);
    block.markers.extend(
        found
            .into_iter()
            .filter(|m| open.escaped.binary_search(&m.range.start).is_err()),
    );
    block.markers.sort_by_key(|m| m.range.start);
    block
}

#[cfg(test)]
mod tests;
