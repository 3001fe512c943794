//! Emphasis that CommonMark leaves as literal `**`, `*` or `~~`.
//!
//! CommonMark decides whether `**` opens or closes by the characters around it,
//! and punctuation next to CJK text defeats it: in `第4個**[軸心國](…)**的` the
//! first `**` follows a letter and precedes `[`, so it may not open, and
//! GitHub shows both `**`. The converter writes Wikipedia's bold and italics
//! this way all the time. A reader sees the emphasis the writer meant, so runs
//! of `*` or `~` that the parser left as text, and that pair up within one
//! paragraph, are markup, not words.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

/// What a leftover delimiter run does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Delimiter {
    /// Opens the emphasis.
    Open,
    /// Closes it.
    Close,
}

/// The text events (by index) that are paired leftover delimiter runs.
/// `source` is the text the events' ranges point into. Runs pair within one
/// block (paragraph, item, cell, heading), innermost first, like CommonMark's
/// own delimiters; a run with no partner stays text.
pub(crate) fn leftover_delimiters(
    events: &[(Event<'_>, Range<usize>)],
    source: &str,
) -> HashMap<usize, Delimiter> {
    let mut found = HashMap::new();
    let mut block: Vec<(Range<usize>, Run)> = Vec::new();
    for (i, (event, range)) in events.iter().enumerate() {
        match event {
            Event::Text(text) => {
                // The parser hands a leftover `**` over one `*` at a time.
                let joined = block
                    .last_mut()
                    .filter(|(events, run)| events.end == i && run.joins(text, range));
                if let Some((events, run)) = joined {
                    events.end = i + 1;
                    run.extend(range, source);
                } else if let Some(run) = Run::of(text, range, source) {
                    block.push((i..i + 1, run));
                }
            }
            Event::Start(tag) if !is_inline(tag) => pair(&mut block, &mut found),
            Event::End(tag) if !is_inline_end(*tag) => pair(&mut block, &mut found),
            _ => {}
        }
    }
    pair(&mut block, &mut found);
    found
}

/// A run of one delimiter character, as written (not escaped).
#[derive(Clone, Copy)]
struct Run {
    key: (char, usize),
    /// Where the run ends in the source.
    end: usize,
    can_open: bool,
    can_close: bool,
}

impl Run {
    fn of(text: &str, range: &Range<usize>, source: &str) -> Option<Self> {
        let c = text.chars().next()?;
        // Escaped (`\*`) delimiters are text.
        let as_written =
            source.get(range.clone()) == Some(text) && !source[..range.start].ends_with('\\');
        if !matches!(c, '*' | '~') || !text.chars().all(|d| d == c) || !as_written {
            return None;
        }
        let before = source[..range.start].chars().next_back();
        Some(Self {
            key: (c, text.len()),
            end: range.end,
            can_open: solid(source[range.end..].chars().next()),
            can_close: solid(before),
        })
    }

    /// Whether `text` at `range` continues this run.
    fn joins(&self, text: &str, range: &Range<usize>) -> bool {
        range.start == self.end && !text.is_empty() && text.chars().all(|c| c == self.key.0)
    }

    fn extend(&mut self, range: &Range<usize>, source: &str) {
        self.key.1 += range.len();
        self.end = range.end;
        self.can_open = solid(source[range.end..].chars().next());
    }

    /// Runs longer than CommonMark's strong emphasis are not markup.
    fn is_delimiter(&self) -> bool {
        matches!(self.key, ('*', 1..=3) | ('~', 1..=2))
    }
}

fn solid(c: Option<char>) -> bool {
    c.is_some_and(|c| !c.is_whitespace())
}

/// Pairs the runs of one block, innermost first, and forgets them.
fn pair(block: &mut Vec<(Range<usize>, Run)>, found: &mut HashMap<usize, Delimiter>) {
    if block.is_empty() {
        return;
    }
    let mut openers: HashMap<(char, usize), Vec<Range<usize>>> = HashMap::new();
    for (events, run) in block.drain(..).filter(|(_, run)| run.is_delimiter()) {
        let opener = openers.get_mut(&run.key).filter(|_| run.can_close);
        if let Some(open) = opener.and_then(Vec::pop) {
            found.extend(open.map(|i| (i, Delimiter::Open)));
            found.extend(events.map(|i| (i, Delimiter::Close)));
        } else if run.can_open {
            openers.entry(run.key).or_default().push(events);
        }
    }
}

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

fn is_inline_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn leftovers(text: &str) -> Vec<String> {
        let events: Vec<_> = Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH)
            .into_offset_iter()
            .collect();
        let found = leftover_delimiters(&events, text);
        let mut indices: Vec<&usize> = found.keys().collect();
        indices.sort();
        // Join the pieces of each run back together.
        let mut runs: Vec<(usize, String)> = Vec::new();
        for &i in indices {
            let piece = &text[events[i].1.clone()];
            match runs.last_mut() {
                Some((last, run)) if *last + 1 == i => {
                    run.push_str(piece);
                    *last = i;
                }
                _ => runs.push((i, piece.to_owned())),
            }
        }
        runs.into_iter().map(|(_, run)| run).collect()
    }

    #[test]
    fn bold_next_to_cjk_punctuation_is_markup() {
        // From the seed's lead: the parser pairs neither outer `**`.
        assert_eq!(
            leftovers(
                "作為第4個**[軸心國](https://zh.wikipedia.org/wiki/軸心國)**的可能性進行**協商**。"
            ),
            ["**", "**"]
        );
        assert_eq!(leftovers("「**中文**」和**「強調」**。"), ["**", "**"]);
    }

    #[test]
    fn lone_or_spaced_or_escaped_stars_are_text() {
        assert!(leftovers("2 * 3 * 4 and a ** b").is_empty());
        assert!(leftovers("\\*\\*中文\\*\\*").is_empty());
        // One run in each paragraph never pair across them.
        assert!(leftovers("第4個**[軸](u)\n\n[心](u)**的").is_empty());
    }
}
