//! Raw HTML in Markdown, read by html5ever's tokenizer (the tokenizer of the
//! HTML parser browsers' rules are written for) rather than by hand: comments
//! hide what they hold however many lines they span, a tag may be split over
//! lines (pandoc breaks `<a href="…"` and `title="…">` apart in its tables),
//! entities are decoded, and script and style contents are never text.
//!
//! scraper builds a tree but keeps no source positions; the tokenizer reports
//! the line of every token, which is what links and markers need.

use std::cell::{Cell, RefCell};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// What raw HTML contributes to an article, in document order. Lines are
/// 0-based within the HTML given to [`read`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    /// Text a reader sees (entities decoded), or the space or cell separator
    /// that a block-level tag stands for.
    Text {
        /// The text.
        text: String,
        /// Where it is.
        line: usize,
    },
    /// `<a href>` or `<img src>`.
    Link {
        /// The destination, entities decoded.
        url: String,
        /// The `title` attribute, if any.
        title: String,
        /// The line where the tag starts.
        line: usize,
        /// Written as an image.
        image: bool,
    },
}

/// Reads raw HTML. `keep_text` is false for inline HTML, whose text reaches
/// the reader as Markdown text instead.
pub(super) fn read(html: &str, keep_text: bool) -> Vec<Piece> {
    let sink = Sink {
        keep_text,
        pieces: RefCell::new(Vec::new()),
        last_line: Cell::new(1),
        raw: Cell::new(false),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.pieces.into_inner()
}

struct Sink {
    keep_text: bool,
    pieces: RefCell<Vec<Piece>>,
    /// The line of the token before: where the current one started, since
    /// tokens follow one another without gaps.
    last_line: Cell<u64>,
    /// Inside `<script>` or `<style>`: their contents are not text.
    raw: Cell<bool>,
}

impl Sink {
    fn push(&self, piece: Piece) {
        let mut pieces = self.pieces.borrow_mut();
        // Runs of text on one line arrive in pieces; keep them together.
        if let (
            Piece::Text { text, line },
            Some(Piece::Text {
                text: last,
                line: last_line,
            }),
        ) = (&piece, pieces.last_mut())
        {
            if line == last_line {
                last.push_str(text);
                return;
            }
        }
        pieces.push(piece);
    }

    fn text(&self, text: &str, line: u64) {
        if self.keep_text && !self.raw.get() {
            self.push(Piece::Text {
                text: text.to_owned(),
                line: to_index(line),
            });
        }
    }

    fn tag(&self, tag: &Tag, line: u64) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        let attribute = |wanted: &str| {
            tag.attrs
                .iter()
                .find(|a| &*a.name.local == wanted)
                .map(|a| a.value.to_string())
        };
        let start = tag.kind == TagKind::StartTag;
        if self.raw.get() {
            if !start && matches!(name, "script" | "style") {
                self.raw.set(false);
            }
            return TokenSinkResult::Continue;
        }
        match (start, name) {
            (true, "script") => {
                self.raw.set(true);
                return TokenSinkResult::RawData(RawKind::ScriptData);
            }
            (true, "style") => {
                self.raw.set(true);
                return TokenSinkResult::RawData(RawKind::Rawtext);
            }
            (true, "a") => {
                if let Some(url) = attribute("href") {
                    self.push(Piece::Link {
                        url,
                        title: attribute("title").unwrap_or_default(),
                        line: to_index(line),
                        image: false,
                    });
                }
            }
            (true, "img") => {
                if let Some(url) = attribute("src") {
                    self.push(Piece::Link {
                        url,
                        title: String::new(),
                        line: to_index(line),
                        image: true,
                    });
                }
            }
            (_, "br" | "p" | "div" | "li" | "tr") => self.text(" ", line),
            (false, "td" | "th") => self.text(" | ", line),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

fn to_index(line: u64) -> usize {
    usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX)
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let started = self.last_line.replace(line);
        match token {
            Token::CharacterTokens(text) => self.text(&text, line),
            Token::TagToken(tag) => return self.tag(&tag, started),
            // Comments, doctypes, parse errors: nothing a reader sees.
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(html: &str) -> Vec<(String, String, usize)> {
        read(html, true)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Link {
                    url, title, line, ..
                } => Some((url, title, line)),
                Piece::Text { .. } => None,
            })
            .collect()
    }

    fn text(html: &str) -> String {
        read(html, true)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Text { text, .. } => Some(text),
                Piece::Link { .. } => None,
            })
            .collect()
    }

    #[test]
    fn a_tag_split_over_lines_is_a_link_on_the_line_it_starts() {
        let found = links("<td><p><a href=\"../Page/X.md\"\ntitle=\"wikilink\">X</a></p></td>\n<td><a\nhref=\"Y&amp;Z\">Y</a></td>\n");
        assert_eq!(
            found,
            [
                ("../Page/X.md".into(), "wikilink".into(), 0),
                ("Y&Z".into(), String::new(), 2)
            ]
        );
    }

    #[test]
    fn comments_hide_links_and_text_across_lines() {
        let html = "<!--\n<a href=\"https://hidden.example/\">h</a>\n\n[^1]: hidden\n-->\n<p>shown &amp; kept</p>\n";
        assert!(links(html).is_empty());
        assert_eq!(text(html).trim(), "shown & kept");
    }

    #[test]
    fn script_and_style_are_not_text() {
        assert_eq!(
            text("<style>p { x }</style><script>if (a < b) {}</script>ok"),
            "ok"
        );
    }
}
