//! Citation coverage: which paragraphs and sentences of the article's prose
//! carry a footnote marker.
//!
//! Prose is every [`BlockRole::Prose`] block with some words left once image
//! captions, category links and template debris are removed; headings, tables,
//! code, the banner and notes are not prose. Sentences follow Unicode's rules
//! (UAX #29), which serve Chinese (。！？) and English alike. Markers are taken
//! out of the text before it is split, and a marker belongs to the sentence that
//! ends at or after it: in `…的態度。[3]1940年…` note 3 cites the sentence
//! before it.

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

use crate::article::{collapse_whitespace, Article, Block, BlockRole};

/// Cited against total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// How many there are.
    pub total: usize,
    /// How many carry at least one marker.
    pub cited: usize,
}

/// Coverage of one section (the lead is the first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionCoverage {
    /// The heading's text; empty for the lead.
    pub heading: String,
    /// Heading level; 0 for the lead.
    pub level: u8,
    /// 1-based line of the heading.
    pub line: u32,
    /// Prose sentences in the section.
    pub sentences: usize,
    /// Of those, the ones carrying a marker.
    pub cited_sentences: usize,
}

/// A paragraph of prose with no marker at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UncitedParagraph {
    /// 1-based line where it starts.
    pub line: u32,
    /// Its first words.
    pub excerpt: String,
    /// How many sentences it has.
    pub sentences: usize,
}

/// One sentence of prose and whether it is cited, for reports that show the
/// article itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// The sentence, markers removed.
    pub text: String,
    /// 1-based line where it starts.
    pub line: u32,
    /// Index into the article's sections.
    pub section: usize,
    /// Index of its paragraph among the article's prose paragraphs.
    pub paragraph: usize,
    /// Ids of the markers that cite it.
    pub cited_by: Vec<String>,
}

/// The coverage of an article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    /// Paragraphs of prose.
    pub paragraphs: Tally,
    /// Sentences of prose.
    pub sentences: Tally,
    /// A row per section, the lead included.
    pub sections: Vec<SectionCoverage>,
    /// Every paragraph without a marker, in document order.
    pub uncited_paragraphs: Vec<UncitedParagraph>,
    /// Every sentence of prose, in document order.
    #[serde(skip)]
    pub sentence_list: Vec<Sentence>,
}

const EXCERPT_CHARS: usize = 60;

/// Measures the coverage of an article.
#[must_use]
pub fn coverage(article: &Article) -> Coverage {
    let mut result = Coverage {
        sections: article
            .sections
            .iter()
            .map(|s| SectionCoverage {
                heading: s.heading.clone(),
                level: s.level,
                line: s.line,
                sentences: 0,
                cited_sentences: 0,
            })
            .collect(),
        ..Coverage::default()
    };
    for block in article.blocks.iter().filter(|b| b.role == BlockRole::Prose) {
        let prose = Prose::of(block);
        let sentences = prose.sentences(block, result.paragraphs.total);
        if sentences.is_empty() {
            continue;
        }
        let cited = sentences.iter().any(|s| !s.cited_by.is_empty());
        result.paragraphs.total += 1;
        result.paragraphs.cited += usize::from(cited);
        if !cited {
            result.uncited_paragraphs.push(UncitedParagraph {
                line: sentences[0].line,
                excerpt: excerpt(&prose.text),
                sentences: sentences.len(),
            });
        }
        let cited_sentences = sentences.iter().filter(|s| !s.cited_by.is_empty()).count();
        result.sentences.total += sentences.len();
        result.sentences.cited += cited_sentences;
        if let Some(row) = result.sections.get_mut(block.section) {
            row.sentences += sentences.len();
            row.cited_sentences += cited_sentences;
        }
        result.sentence_list.extend(sentences);
    }
    result
}

/// A block's prose: its text without markers, captions or template debris,
/// with each marker's position in that text and each position's source offset.
struct Prose<'a> {
    text: String,
    /// `(position in text, note id)`.
    markers: Vec<(usize, &'a str)>,
    /// Positions in text of citation-needed tags.
    needs_citation: Vec<usize>,
    /// `(position in text, offset in the block's text)`, for line numbers.
    origins: Vec<(usize, usize)>,
}

impl<'a> Prose<'a> {
    fn of(block: &'a Block) -> Self {
        // Spans of the block's text to leave out, sorted by start.
        let mut skip: Vec<std::ops::Range<usize>> = block
            .markers
            .iter()
            .map(|m| m.range.clone())
            .chain(block.captions.iter().cloned())
            .chain(templates(&block.text))
            .chain(annotations(block))
            .collect();
        skip.sort_by_key(|r| r.start);

        let mut prose = Prose {
            text: String::with_capacity(block.text.len()),
            markers: Vec::new(),
            needs_citation: Vec::new(),
            origins: Vec::new(),
        };
        let mut at = 0;
        for range in &skip {
            if range.start > at {
                prose.origins.push((prose.text.len(), at));
                prose.text.push_str(&block.text[at..range.start]);
                at = range.start;
            }
            at = at.max(range.end);
        }
        if at < block.text.len() {
            prose.origins.push((prose.text.len(), at));
            prose.text.push_str(&block.text[at..]);
        }
        // Markers inside a caption cite the caption, not the prose; a note
        // in a group (`efn`) explains, it does not cite.
        for marker in &block.markers {
            if !block.in_caption(&marker.range) && marker.group.is_none() {
                prose
                    .markers
                    .push((prose.position(marker.range.start), marker.id.as_str()));
            }
        }
        prose.needs_citation = block
            .needs_citation
            .iter()
            .map(|&at| prose.position(at))
            .collect();
        prose
    }

    /// Position in the prose text of an offset in the block's text.
    fn position(&self, offset: usize) -> usize {
        let i = self.origins.partition_point(|&(_, o)| o <= offset);
        match i.checked_sub(1).map(|i| self.origins[i]) {
            Some((pos, origin)) => (pos + (offset - origin)).min(
                self.origins
                    .get(i)
                    .map_or(self.text.len(), |&(next, _)| next),
            ),
            None => 0,
        }
    }

    fn origin(&self, position: usize) -> usize {
        let i = self.origins.partition_point(|&(p, _)| p <= position);
        i.checked_sub(1)
            .map_or(0, |i| self.origins[i].1 + (position - self.origins[i].0))
    }

    fn sentences(&self, block: &Block, paragraph: usize) -> Vec<Sentence> {
        let mut sentences: Vec<Sentence> = Vec::new();
        let mut bounds = Vec::new();
        for (start, sentence) in split_sentences(&self.text) {
            if sentence.chars().any(char::is_alphanumeric) {
                let text = collapse_whitespace(sentence);
                let line = block
                    .line_at(self.origin(start + (sentence.len() - sentence.trim_start().len())));
                sentences.push(Sentence {
                    text,
                    line,
                    section: block.section,
                    paragraph,
                    cited_by: Vec::new(),
                });
                bounds.push(start..start + sentence.len());
            }
        }
        // A marker cites the first sentence that ends at or after it.
        let sentence_at = |position: usize| {
            let first_ending_after = bounds.partition_point(|b| b.end < position);
            Some(first_ending_after)
                .filter(|&i| i < bounds.len())
                .or_else(|| bounds.len().checked_sub(1))
        };
        for &(position, id) in &self.markers {
            if let Some(i) = sentence_at(position) {
                sentences[i].cited_by.push(id.to_owned());
            }
        }
        // A sentence an editor tagged "citation needed" is uncited, whatever
        // marker follows the tag.
        for &position in &self.needs_citation {
            if let Some(i) = sentence_at(position) {
                sentences[i].cited_by.clear();
            }
        }
        sentences
    }
}

/// Sentences by UAX #29, except that a title or an initial before a full stop
/// does not end a sentence (UAX #29 splits `Dr. J. Smith` in three, a reader
/// sees one sentence), and that a Korean sentence ends at its `.`, `?` or `!`
/// whatever follows (UAX #29 reads `…했다. iPhone은` as one sentence).
fn split_sentences(text: &str) -> Vec<(usize, &str)> {
    let mut sentences: Vec<(usize, &str)> = Vec::new();
    let mut joining = false;
    let pieces = text
        .split_sentence_bound_indices()
        .flat_map(|(start, piece)| korean_sentences(piece).map(move |(i, s)| (start + i, s)));
    for (start, piece) in pieces {
        match sentences.last_mut() {
            Some((first, sentence)) if joining => {
                *sentence = &text[*first..start + piece.len()];
            }
            _ => sentences.push((start, piece)),
        }
        joining = ends_with_abbreviation(piece);
    }
    sentences
}

/// Splits a piece of text after every `.`, `?` or `!` that follows a Hangul
/// syllable (closing quotes and brackets may follow it) and precedes a space:
/// that is where a Korean reader sees a sentence end.
fn korean_sentences(piece: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut ends = Vec::new();
    let mut previous = ' ';
    let mut after_stop: Option<usize> = None;
    for (i, c) in piece.char_indices() {
        if let Some(end) = after_stop {
            if c.is_whitespace() {
                ends.push(end);
                after_stop = None;
            } else if matches!(c, '"' | '\'' | '”' | '’' | ')' | '」' | '』') {
                after_stop = Some(i + c.len_utf8());
            } else {
                after_stop = None;
            }
        }
        if matches!(c, '.' | '?' | '!') && is_hangul(previous) {
            after_stop = Some(i + c.len_utf8());
        }
        previous = c;
    }
    let mut start = 0;
    let mut parts: Vec<(usize, &str)> = Vec::with_capacity(ends.len() + 1);
    for end in ends {
        // Keep the spaces with the sentence before, as UAX #29 does.
        let end = end + piece[end..].len() - piece[end..].trim_start().len();
        if end > start && end < piece.len() {
            parts.push((start, &piece[start..end]));
            start = end;
        }
    }
    parts.push((start, &piece[start..]));
    parts.into_iter()
}

fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7AF)
}

/// Titles and Latin abbreviations that are followed by more of the sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Sr", "Jr", "Mt", "Ft", "Gen", "Col", "Lt", "Sgt",
    "Capt", "Rev", "Hon", "Gov", "Sen", "Rep", "Pres", "vs", "cf", "e.g", "i.e", "No", "Nos",
    "Vol", "Vols", "pp", "ca", "approx", "Fig", "Figs", "Ch",
];

fn ends_with_abbreviation(sentence: &str) -> bool {
    let Some(body) = sentence.trim_end().strip_suffix('.') else {
        return false;
    };
    let word = body
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    initial || ABBREVIATIONS.contains(&word)
}

/// Bracketed annotations that are not markers — `[citation needed]`, `[a]`,
/// `[note 1]` — and page numbers after a marker (`[6]:112`). Left in the
/// text they glue sentences together: in `world.[citation needed] Queen…`
/// Unicode's rules see no sentence end.
fn annotations(block: &Block) -> Vec<std::ops::Range<usize>> {
    let text = &block.text;
    let mut found = Vec::new();
    for (open, _) in text.match_indices('[') {
        let rest = &text[open + 1..];
        let Some(close) = rest.bytes().take(48).position(|b| b == b']') else {
            continue;
        };
        let inner = &rest[..close];
        let range = open..open + close + 2;
        let is_marker = block
            .markers
            .binary_search_by_key(&open, |m| m.range.start)
            .is_ok();
        let plain = !inner.contains('[') && inner.chars().any(char::is_alphabetic);
        if plain && !is_marker && !block.in_code(&range) && !block.in_link_text(&range) {
            found.push(range);
        }
    }
    for marker in &block.markers {
        let after = &text[marker.range.end..];
        let page = after
            .strip_prefix(':')
            .map(|p| {
                p.bytes()
                    .take_while(|b| b.is_ascii_digit() || *b == b'-')
                    .count()
            })
            .filter(|&n| n > 0);
        if let Some(n) = page {
            found.push(marker.range.end..marker.range.end + 1 + n);
        }
    }
    found
}

/// Leftover MediaWiki templates, `{{…}}`, nesting included.
fn templates(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("{{") {
        let start = from + i;
        let mut depth = 0usize;
        let mut end = None;
        let mut j = start;
        while j < text.len() {
            let rest = &text[j..];
            if rest.starts_with("{{") {
                depth += 1;
                j += 2;
            } else if rest.starts_with("}}") {
                depth -= 1;
                j += 2;
                if depth == 0 {
                    end = Some(j);
                    break;
                }
            } else {
                j += rest.chars().next().map_or(1, char::len_utf8);
            }
        }
        let Some(end) = end else { break };
        found.push(start..end);
        from = end;
    }
    found
}

fn excerpt(text: &str) -> String {
    let words = collapse_whitespace(text);
    let mut out: String = words.chars().take(EXCERPT_CHARS).collect();
    if words.chars().count() > EXCERPT_CHARS {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::markdown;
    use std::path::Path;

    fn measure(text: &str) -> Coverage {
        coverage(&markdown::read(Path::new("a.md"), text))
    }

    #[test]
    fn marker_after_full_stop_cites_previous_sentence() {
        let c = measure(
            "上述等因素皆導致莫洛托夫在談判中持保守的態度。\\[3\\]1940年11月25日，蘇聯回覆。\n",
        );
        assert_eq!(c.sentences, Tally { total: 2, cited: 1 });
        assert_eq!(c.sentence_list[0].cited_by, ["3"]);
        assert!(c.sentence_list[1].cited_by.is_empty());
    }

    #[test]
    fn english_sentences_split_and_count() {
        let c = measure("One fact.[^a] Two facts. Three.\n\nUncited paragraph here.\n\n[^a]: x\n");
        assert_eq!(c.sentences, Tally { total: 4, cited: 1 });
        assert_eq!(c.paragraphs, Tally { total: 2, cited: 1 });
        assert_eq!(c.uncited_paragraphs[0].line, 3);
        assert_eq!(c.uncited_paragraphs[0].excerpt, "Uncited paragraph here.");
    }

    #[test]
    fn headings_code_and_captions_are_not_prose() {
        let c = measure("# T\n\n## S\n\n```\ncode. more.\n```\n\n[右](https://zh.wikipedia.org/wiki/File:X.jpg \"fig:右\")說明。\\]\\]\n");
        assert_eq!(c.sentences.total, 0);
        assert_eq!(c.paragraphs.total, 0);
    }

    #[test]
    fn sections_count_their_own_sentences() {
        let c = measure("Lead one.[^1]\n\n## A\n\nA one. A two.[^1]\n\n[^1]: n\n");
        let rows: Vec<(&str, usize, usize)> = c
            .sections
            .iter()
            .map(|s| (s.heading.as_str(), s.sentences, s.cited_sentences))
            .collect();
        assert_eq!(rows, [("", 1, 1), ("A", 2, 1)]);
    }

    #[test]
    fn titles_and_initials_do_not_end_a_sentence() {
        let c = measure("It was founded by Dr. J. Smith in 1801.[^1] Mr. Brown left. He moved to St. Louis.\n\n[^1]: x\n");
        let texts: Vec<&str> = c.sentence_list.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "It was founded by Dr. J. Smith in 1801.",
                "Mr. Brown left.",
                "He moved to St. Louis."
            ]
        );
        assert_eq!(c.sentence_list[0].cited_by, ["1"]);
    }

    #[test]
    fn annotations_after_a_full_stop_do_not_glue_sentences() {
        let c = measure("It was the longest bridge.[citation needed] Queen Victoria crossed it.[6]:112 It fell.[a] Later.\n");
        let texts: Vec<&str> = c.sentence_list.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "It was the longest bridge.",
                "Queen Victoria crossed it.",
                "It fell.",
                "Later."
            ]
        );
        assert_eq!(c.sentences.cited, 1);
    }

    #[test]
    fn korean_sentences_end_at_their_full_stop() {
        // From ko.wikipedia's (여자)아이들 as converted (chinapedia/wikipedia.ko).
        let c = measure("**(여자)아이들**((G)I-DLE)은 대한민국의 6인조 그룹으로, 큐브 엔터테인먼트 소속이다. 그룹 이름은 공모를 통하여 결정된 이름이다. iPhone으로 본다. 표기는 걸그룹 (여자)아이들로 하지만 읽을 때는 아이들이라고 부른다. \\[1\\]\\[2\\]\n\n1.  a\n2.  b\n");
        let texts: Vec<&str> = c.sentence_list.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts.len(), 4, "{texts:?}");
        assert_eq!(texts[2], "iPhone으로 본다.");
        assert_eq!(c.sentences.cited, 1);
    }

    #[test]
    fn templates_are_removed() {
        assert_eq!(templates("a {{x|{{y}}}} b {{-}}"), [2..13, 16..21]);
    }
}
