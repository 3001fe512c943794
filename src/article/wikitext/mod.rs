//! The MediaWiki wikitext reader: `<ref>` footnotes (named, reused,
//! list-defined, grouped), `{{efn}}` notes, `{{sfn}}` short citations,
//! citation templates, ISBNs, maintenance tags and the body's prose.
//!
//! A purpose-built reader rather than a parser crate: `parse_wiki_text` (the
//! only full parser on crates.io) has not been released since 2019, panics on
//! some real pages and keeps no byte offsets for `<ref>` content, and
//! citecheck needs only what touches citations. The page is read in three
//! linear passes: [`scan`] blanks what is not wikitext and pairs brackets,
//! the lines are grouped into blocks here (headings, paragraphs, lists,
//! tables, templates standing alone), and [`render`] turns each block's
//! markup into the text a reader sees.

mod cite;
mod cs1;
mod dispatch;
mod entities;
mod render;
mod scan;
pub mod spans;
mod template;
mod urls;

use std::collections::HashMap;
use std::path::Path;

use render::{Ctx, Out, Renderer, GROUP_SEPARATOR};
use scan::{Scanned, TagName};

use super::headings::mark_appendices;
use super::model::{
    collapse_whitespace, Article, Block, BlockRole, Format, LineIndex, NoteDef, Section,
    ShortCitation,
};

/// Reads wikitext into an [`Article`].
#[must_use]
pub fn read(path: &Path, source: &str) -> Article {
    let scanned = scan::scan(source);
    let lines = LineIndex::new(source);
    let mut r = Renderer::new(&scanned, &lines);
    let mut article = Article {
        path: path.to_path_buf(),
        title: path
            .file_stem()
            .map(|s| s.to_string_lossy().replace('_', " "))
            .unwrap_or_default(),
        format: Format::Wikitext,
        sections: vec![Section {
            heading: String::new(),
            level: 0,
            line: 1,
        }],
        ..Article::default()
    };
    let text = scanned.text.as_str();
    let mut blocks: Vec<Block> = Vec::new();
    let mut paragraph: Option<Out> = None;
    let mut at = 0;
    while at < text.len() {
        let end = unit_end(&scanned, at);
        let unit = &text[at..end];
        let next = end + 1;
        let trimmed = unit.trim();
        let line = r.line(at);
        if trimmed.is_empty() {
            close(&mut paragraph, &mut blocks);
            at = next;
            continue;
        }
        let lead = at + (unit.len() - unit.trim_start().len());
        if let Some((level, inner)) = heading(unit) {
            close(&mut paragraph, &mut blocks);
            let start = at + inner.start;
            let mut out = Out::new(BlockRole::Heading, r.section, line);
            r.render(start..at + inner.end, &mut out, &Ctx::top());
            article.sections.push(Section {
                heading: collapse_whitespace(&out.block.text),
                level,
                line,
            });
            r.section = article.sections.len() - 1;
            out.block.section = r.section;
            blocks.push(out.block);
            at = next;
            continue;
        }
        if trimmed.starts_with("{|") || trimmed.starts_with(":{|") {
            close(&mut paragraph, &mut blocks);
            at = table(&mut r, at, &mut blocks);
            continue;
        }
        if let Some(marks) = list_marks(unit) {
            close(&mut paragraph, &mut blocks);
            let mut out = Out::new(BlockRole::Prose, r.section, line);
            r.render(at + marks..end, &mut out, &Ctx::top());
            blocks.push(out.block);
            at = next;
            continue;
        }
        if standalone(&scanned, lead, at + unit.trim_end().len()) || unit.starts_with(' ') {
            // An infobox, a navigation box, `<references/>`, a gallery or a
            // preformatted line: data, whose notes and links still count.
            close(&mut paragraph, &mut blocks);
            let mut out = Out::new(BlockRole::Table, r.section, line);
            r.render(at..end, &mut out, &Ctx::top());
            blocks.push(out.block);
            at = next;
            continue;
        }
        if trimmed.starts_with("----") {
            close(&mut paragraph, &mut blocks);
            at = next;
            continue;
        }
        let out = paragraph.get_or_insert_with(|| Out::new(BlockRole::Prose, r.section, line));
        r.render(at..end, out, &Ctx::top());
        out.space();
        at = next;
    }
    close(&mut paragraph, &mut blocks);
    finish(&mut article, r, blocks);
    article
}

fn close(paragraph: &mut Option<Out>, blocks: &mut Vec<Block>) {
    if let Some(out) = paragraph.take() {
        if !out.block.text.trim().is_empty() || !out.block.markers.is_empty() {
            blocks.push(out.block);
        }
    }
}

/// Where the unit that starts at `at` ends: at the end of its line, or of
/// the line where markup opened on it closes (a template, a note or a link
/// may span lines).
fn unit_end(scanned: &Scanned, at: usize) -> usize {
    let bytes = scanned.text.as_bytes();
    let mut i = at;
    while i < bytes.len() {
        if bytes[i] == b'\n' {
            return i;
        }
        i = template::skip_nested(scanned, i).map_or(i + 1, |end| end.max(i + 1));
    }
    bytes.len()
}

/// A heading line `== Text ==`: its level and the range of its text within
/// the line.
fn heading(unit: &str) -> Option<(u8, std::ops::Range<usize>)> {
    let line = unit.trim_end();
    let open = line.bytes().take_while(|&b| b == b'=').count();
    let close = line.bytes().rev().take_while(|&b| b == b'=').count();
    let level = open.min(close).min(6);
    if level == 0 || line.len() <= 2 * level {
        return None;
    }
    Some((level as u8, level..line.len() - level))
}

/// The length of a list item's marks (`*`, `#`, `:`, `;`), if the unit is one.
fn list_marks(unit: &str) -> Option<usize> {
    let marks = unit
        .bytes()
        .take_while(|b| matches!(b, b'*' | b'#' | b':' | b';'))
        .count();
    (marks > 0).then_some(marks)
}

/// Whether `start..end` is one template or one extension tag and nothing
/// else (besides behaviour switches around it).
fn standalone(scanned: &Scanned, start: usize, end: usize) -> bool {
    let closes_at = scanned.templates.get(&start).copied().or_else(|| {
        scanned
            .tags
            .get(&start)
            .filter(|t| t.name != TagName::Ref)
            .map(|t| t.end)
    });
    closes_at.is_some_and(|close| scanned.text[close..end].trim().is_empty())
}

/// A table from its `{|` to the matching `|}`: one data block. Returns where
/// the text after it starts.
fn table(r: &mut Renderer<'_>, start: usize, blocks: &mut Vec<Block>) -> usize {
    let text = r.scanned.text.as_str();
    let mut out = Out::new(BlockRole::Table, r.section, r.line(start));
    let mut depth = 0usize;
    let mut at = start;
    while at < text.len() {
        let end = unit_end(r.scanned, at);
        let unit = &text[at..end];
        let trimmed = unit.trim_start().trim_start_matches(':');
        let lead = unit.len() - trimmed.len();
        if trimmed.starts_with("{|") {
            depth += 1;
        } else if trimmed.starts_with("|}") {
            depth = depth.saturating_sub(1);
        } else if trimmed.starts_with("|-") {
            // A row's attributes.
        } else {
            let skip = if trimmed.starts_with("|+") {
                2
            } else {
                usize::from(trimmed.starts_with(['|', '!']))
            };
            r.render(at + lead + skip..end, &mut out, &Ctx::top());
            out.space();
        }
        at = end + 1;
        if depth == 0 {
            break;
        }
    }
    blocks.push(out.block);
    at
}

/// Gives notes their ids as a reader sees them (1, 2, … per group, in the
/// order of first use; a, b, … for `efn`), and assembles the article.
fn finish(article: &mut Article, r: Renderer<'_>, mut blocks: Vec<Block>) {
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut counters: HashMap<Option<String>, usize> = HashMap::new();
    let ordered = r
        .first_markers
        .iter()
        .chain(r.note_order.iter())
        .filter(|key| r.notes.get(*key).is_some_and(|n| n.line.is_some()));
    for key in ordered {
        if ids.contains_key(key) {
            continue;
        }
        let group = r.notes[key].group.clone();
        let n = counters.entry(group.clone()).or_insert(0);
        *n += 1;
        ids.insert(key.clone(), label(group.as_deref(), *n));
    }
    let id_of = |key: &str| ids.get(key).cloned().unwrap_or_else(|| display_key(key));
    for key in &r.note_order {
        let entry = &r.notes[key];
        let Some(line) = entry.line else { continue };
        article.notes.push(NoteDef {
            id: id_of(key),
            line,
            text: entry.text.clone(),
            group: entry.group.clone(),
            short: entry.short.as_ref().map(|anchor| ShortCitation {
                anchor: anchor.clone(),
                target_line: r.anchors.get(anchor).copied(),
            }),
        });
    }
    blocks.extend(r.note_blocks);
    for block in &mut blocks {
        for marker in &mut block.markers {
            marker.id = id_of(&marker.id);
        }
        if let BlockRole::Note(key) = &block.role {
            block.role = BlockRole::Note(id_of(key));
        }
    }
    article.links = r.links;
    for link in &mut article.links {
        if let Some(note) = &link.note {
            link.note = Some(id_of(note));
        }
    }
    blocks.sort_by_key(Block::line);
    article.blocks = blocks;
    article.maintenance_tags = r.tags;
    article.maintenance_tags.sort_by_key(|t| t.line);
    mark_appendices(article);
}

/// A note's label in its group: `1` for references, `a` for `efn`, `i` for
/// roman groups, `note 1` for a named group.
fn label(group: Option<&str>, n: usize) -> String {
    match group {
        None | Some("") => n.to_string(),
        Some("lower-alpha" | "upper-alpha") => {
            let mut letters = String::new();
            let mut k = n;
            while k > 0 {
                k -= 1;
                letters.insert(0, char::from(b'a' + (k % 26) as u8));
                k /= 26;
            }
            if group == Some("upper-alpha") {
                letters.to_uppercase()
            } else {
                letters
            }
        }
        Some("lower-roman" | "upper-roman") => {
            let roman = roman(n);
            if group == Some("upper-roman") {
                roman.to_uppercase()
            } else {
                roman
            }
        }
        Some("lower-greek") => char::from_u32(0x3b1 + ((n - 1) % 24) as u32)
            .map_or_else(|| n.to_string(), |c| c.to_string()),
        Some(group) => format!("{group} {n}"),
    }
}

fn roman(mut n: usize) -> String {
    const DIGITS: &[(usize, &str)] = &[
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for &(value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// A key that never got a label (a reuse of a note nobody defined): its
/// name as written.
fn display_key(key: &str) -> String {
    key.split_once(GROUP_SEPARATOR)
        .map_or(key, |(_, name)| name)
        .to_owned()
}

#[cfg(test)]
mod tests;
