//! Where the converter banner and the notes list are, decided from the whole
//! document before it is read.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::super::headings::{heading_kind, HeadingKind};
use super::{heading_level, plain_text};

/// A block at the top of the document tree, as a range of events.
pub(super) struct TopBlock {
    pub(super) events: Range<usize>,
    pub(super) source: Range<usize>,
}

pub(super) fn top_level_blocks(events: &[(Event<'_>, Range<usize>)]) -> Vec<TopBlock> {
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
pub(super) struct Layout {
    pub(super) banner: Option<usize>,
    pub(super) banner_title: Option<String>,
    pub(super) notes_list: Option<usize>,
}

impl Layout {
    pub(super) fn detect(
        source: &str,
        events: &[(Event<'_>, Range<usize>)],
        tops: &[TopBlock],
    ) -> Self {
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
            let after_categories = last
                .checked_sub(1)
                .is_some_and(|before| is_category_line(&source[tops[before].source.clone()]));
            ordered_list(&tops[last])
                && (banner.is_some()
                    || after_categories
                    || section_heading(last).is_some_and(is_notes_heading)
                    || has_escaped_marker(&source[..tops[last].source.start]))
        });
        // Otherwise: the first numbered list directly under a notes heading.
        // Several notes headings (Notes, then References) may each hold a
        // numbered list: the longest is the one the markers point into.
        // Both are worked out in one pass each, so that a document of many
        // headings stays linear: where each heading's section ends (at the
        // next heading of its level or higher), and the first numbered list
        // at or after each block.
        let under_heading = || {
            let mut section_end = vec![tops.len(); headings.len()];
            let mut open: Vec<usize> = Vec::new();
            for (k, (block, level, _)) in headings.iter().enumerate() {
                while let Some(&last) = open.last() {
                    if headings[last].1 < *level {
                        break;
                    }
                    section_end[last] = *block;
                    open.pop();
                }
                open.push(k);
            }
            let mut next_list = vec![None; tops.len() + 1];
            for i in (0..tops.len()).rev() {
                next_list[i] = if ordered_list(&tops[i]) {
                    Some(i)
                } else {
                    next_list[i + 1]
                };
            }
            let mut lists: Vec<usize> = headings
                .iter()
                .zip(&section_end)
                .filter(|((_, _, text), _)| is_notes_heading(text))
                .filter_map(|((h, _, _), &end)| next_list[h + 1].filter(|&i| i < end))
                .collect();
            lists.dedup();
            lists
                .into_iter()
                .max_by_key(|&i| items(&events[tops[i].events.clone()]))
        };
        Self {
            banner,
            banner_title,
            notes_list: closing.or_else(under_heading),
        }
    }
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

/// The converter's banner, in each language it writes: "> 本文内容由[X](…)转换而来。",
/// "> この記事は[X](…)から翻訳されています。", "> This article is converted from
/// Wikipedia: [X](…)." (the Korean pages carry the English one).
fn is_converter_banner(text: &str) -> bool {
    [
        "转换而来",
        "轉換而來",
        "转换而來",
        "轉換而来",
        "から翻訳されています",
        "から変換されました",
        "converted from Wikipedia",
        "변환되었습니다",
    ]
    .iter()
    .any(|s| text.contains(s))
}

/// A line of category links, as the converter writes them after the body:
/// `[Category:X](…/wiki/Category:X)`, `[분류:X](…)`, sometimes after a
/// leftover navigation template `{{X}}`.
fn is_category_line(text: &str) -> bool {
    let text = text.trim_start();
    (text.starts_with('[') || text.starts_with("{{"))
        && text.match_indices("](").any(|(i, _)| {
            super::super::wiki::is_category_link(
                text[i + 2..].split([')', ' ']).next().unwrap_or(""),
            )
        })
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
