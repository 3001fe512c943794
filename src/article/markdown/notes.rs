//! Notes lists: the ids of their items and the back-links Wikipedia puts in
//! front of each note.

use std::ops::Range;

use pulldown_cmark::{Event, Tag};

/// The ids of a numbered notes list's items: the numbers as written when they
/// increase, otherwise the numbering a renderer shows (`1.` `1.` `1.` is 1, 2,
/// 3 in CommonMark).
pub(super) fn note_ids(source: &str, events: &[(Event<'_>, Range<usize>)]) -> Vec<String> {
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

/// A note label at the start of a line: `[12]` or the converter's `\\[12\\]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Label {
    /// The note's id.
    pub(super) id: String,
    /// Where the label's line starts in the source.
    pub(super) line_start: usize,
    /// Where the label ends (and the note's text begins).
    pub(super) end: usize,
}

/// The lines of a paragraph that start with a note label, when its first line
/// does (`offset` is the paragraph's position in the source).
pub(super) fn bracket_labels(paragraph: &str, offset: usize) -> Vec<Label> {
    let mut labels = Vec::new();
    let mut line_start = 0;
    for line in paragraph.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let rest = &line[indent..];
        let (open, close) = if rest.starts_with("\\[") {
            ("\\[", "\\]")
        } else {
            ("[", "]")
        };
        let digits = rest
            .get(open.len()..)
            .map_or(0, |r| r.bytes().take_while(u8::is_ascii_digit).count());
        let after = rest.get(open.len() + digits..).unwrap_or("");
        if rest.starts_with(open) && (1..=4).contains(&digits) && after.starts_with(close) {
            let end = line_start + indent + open.len() + digits + close.len();
            labels.push(Label {
                id: rest[open.len()..open.len() + digits].to_owned(),
                line_start: offset + line_start,
                end: offset + end,
            });
        } else if labels.is_empty() {
            return labels;
        }
        line_start += line.len();
    }
    labels
}
