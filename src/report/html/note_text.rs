//! A note's Markdown made readable: `[title](url)` becomes its title (a link
//! when the URL is http(s)), `*italic*` italics, `~~struck~~` its words, `\[`
//! a bracket; `**` that CommonMark leaves as text next to CJK punctuation
//! still reads as emphasis (see `article::markdown::emphasis`). Converter
//! leftovers of MediaWiki's external links, `[//host/path text]`, read as
//! links too. Inline HTML is kept as the text it was written as; the page
//! escapes every piece.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::article::markdown::emphasis::{leftover_delimiters, Delimiter};

/// One run of a note's text as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    /// Plain text; `em` when it was emphasised.
    Text {
        /// The words.
        text: String,
        /// Whether it was written in `*…*` or `_…_` (or `**…**`).
        em: bool,
    },
    /// Text written as `code`.
    Code(String),
    /// A link's text and where it points, as written.
    Link {
        /// What the link reads.
        text: String,
        /// Its destination.
        url: String,
    },
}

/// The pieces of a note's text, Markdown syntax gone, in order.
pub(super) fn pieces(text: &str) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut emphasis = 0usize;
    // The link being read: its destination and its text so far.
    let mut link: Option<(String, String)> = None;
    let mut at_block_start = true;
    let events: Vec<_> = Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH)
        .into_offset_iter()
        .collect();
    let leftovers = leftover_delimiters(&events, text);
    for (index, (event, _)) in events.into_iter().enumerate() {
        match leftovers.get(&index) {
            Some(Delimiter::Open) => {
                emphasis += 1;
                continue;
            }
            Some(Delimiter::Close) => {
                emphasis = emphasis.saturating_sub(1);
                continue;
            }
            None => {}
        }
        let words = match event {
            Event::Start(Tag::Emphasis | Tag::Strong) => {
                emphasis += 1;
                continue;
            }
            Event::End(TagEnd::Emphasis | TagEnd::Strong) => {
                emphasis = emphasis.saturating_sub(1);
                continue;
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                link = Some((dest_url.into_string(), String::new()));
                continue;
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((url, text)) = link.take() {
                    let text = if text.trim().is_empty() {
                        url.clone()
                    } else {
                        text
                    };
                    out.push(Piece::Link { text, url });
                }
                continue;
            }
            // Struck words read as words; other ends and rules add nothing.
            Event::Start(Tag::Strikethrough) | Event::End(_) | Event::Rule => continue,
            Event::Start(_) => {
                if !at_block_start {
                    push_text(&mut out, " ", false);
                }
                at_block_start = true;
                continue;
            }
            Event::Code(code) => {
                if let Some((_, text)) = &mut link {
                    text.push_str(&code);
                } else {
                    out.push(Piece::Code(code.into_string()));
                }
                at_block_start = false;
                continue;
            }
            Event::Text(t)
            | Event::Html(t)
            | Event::InlineHtml(t)
            | Event::InlineMath(t)
            | Event::DisplayMath(t) => t.into_string(),
            Event::SoftBreak | Event::HardBreak => " ".to_owned(),
            Event::FootnoteReference(id) => format!("[^{id}]"),
            Event::TaskListMarker(done) => (if done { "[x] " } else { "[ ] " }).to_owned(),
        };
        at_block_start = false;
        match &mut link {
            Some((_, text)) => text.push_str(&words),
            None => push_text(&mut out, &words, emphasis > 0),
        }
    }
    // A link left open (it cannot be, but be safe) keeps its text.
    if let Some((_, text)) = link {
        push_text(&mut out, &text, false);
    }
    let out: Vec<Piece> = out.into_iter().flat_map(wiki_links).collect();
    trim(out)
}

/// Appends text, joining it to the text before when they look the same.
fn push_text(out: &mut Vec<Piece>, words: &str, em: bool) {
    if let Some(Piece::Text { text, em: last }) = out.last_mut() {
        if *last == em {
            text.push_str(words);
            return;
        }
    }
    out.push(Piece::Text {
        text: words.to_owned(),
        em,
    });
}

/// Splits `[//host/path text]` and `[https://… text]`, MediaWiki's external
/// links left in plain text, into links; anything else stays as it is.
fn wiki_links(piece: Piece) -> Vec<Piece> {
    let Piece::Text { text, em } = piece else {
        return vec![piece];
    };
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let is_url = ["//", "http://", "https://"].iter().any(|p| {
            after
                .get(..p.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(p))
        });
        let Some(close) = after.find(']').filter(|_| is_url) else {
            // Not a link: keep the bracket and look further on.
            let (head, tail) = rest.split_at(open + 1);
            push_text(&mut out, head, em);
            rest = tail;
            continue;
        };
        let inner = &after[..close];
        let (url, label) = inner.split_once(' ').unwrap_or((inner, ""));
        if !rest[..open].is_empty() {
            push_text(&mut out, &rest[..open], em);
        }
        out.push(Piece::Link {
            text: if label.trim().is_empty() {
                url.to_owned()
            } else {
                label.trim().to_owned()
            },
            url: url.to_owned(),
        });
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        push_text(&mut out, rest, em);
    }
    out
}

/// Drops blank runs at either end and trims the text at the edges.
fn trim(mut out: Vec<Piece>) -> Vec<Piece> {
    if let Some(Piece::Text { text, .. }) = out.first_mut() {
        *text = text.trim_start().to_owned();
    }
    if let Some(Piece::Text { text, .. }) = out.last_mut() {
        *text = text.trim_end().to_owned();
    }
    out.retain(|p| !matches!(p, Piece::Text { text, .. } if text.is_empty()));
    out
}
