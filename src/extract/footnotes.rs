//! Footnotes: markers and notes, the notes that are empty, dangling or
//! orphaned, and what kind of source each note cites.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::isbn::Isbn;
use super::links::{Link, LinkKind, Target};
use crate::article::{Article, ShortCitation};

/// What kind of source a note cites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// Cites a web page (a URL other than a Wikipedia or BookSources link).
    Web,
    /// Cites a book: an ISBN, or an italic title with a publisher or a year.
    Book,
    /// Cites a journal: a DOI or a journal's name.
    Journal,
    /// Has text, but none of the above.
    Other,
    /// Has no text at all.
    Empty,
}

/// One footnote definition and where it is cited from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Footnote {
    /// The note's id.
    pub id: String,
    /// 1-based line of the definition.
    pub line: u32,
    /// The definition's text as written.
    pub text: String,
    /// What kind of source it cites.
    pub kind: NoteKind,
    /// Lines of the markers that point at it.
    pub referenced_from: Vec<u32>,
    /// The note group (`efn` explanatory notes, `<ref group=…>`); null for
    /// references.
    #[serde(default)]
    pub group: Option<String>,
    /// For a short citation (`{{sfn}}`), the bibliography entry it links to;
    /// absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<ShortCitation>,
}

/// The footnote apparatus of an article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Footnotes {
    /// Footnote references in the text.
    pub markers: usize,
    /// Footnote definitions.
    pub notes: usize,
    /// Ids of notes defined with no text.
    pub empty: Vec<String>,
    /// Ids referenced but never defined, in order of first reference, then
    /// the short citations whose bibliography entry is missing.
    pub dangling: Vec<String>,
    /// How many of the notes are explanatory notes in a group (`efn`),
    /// counted in `notes` too.
    #[serde(default)]
    pub group_notes: usize,
    /// Ids defined but never referenced.
    pub orphaned: Vec<String>,
    /// Every note, in the order written.
    pub items: Vec<Footnote>,
}

/// Builds the footnote account of an article from its markers and notes; the
/// links and ISBNs already found decide each note's kind.
#[must_use]
pub fn footnotes(article: &Article, links: &[Link], isbns: &[Isbn]) -> Footnotes {
    // GFM labels match without regard to case: `[^Note]` cites `[^note]:`.
    let key = |id: &str| id.to_lowercase();
    let mut referenced: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    let mut markers = 0;
    for marker in article.blocks.iter().flat_map(|b| &b.markers) {
        markers += 1;
        let places = referenced.entry(key(&marker.id)).or_default();
        if places.is_empty() {
            order.push(&marker.id);
        }
        places.push(marker.line);
    }
    let defined: HashSet<String> = article.notes.iter().map(|n| key(&n.id)).collect();

    let cites_web: HashSet<&str> = links
        .iter()
        .filter(|l| {
            l.kind == LinkKind::Citation
                && matches!(l.target, Target::Web(_))
                && l.book_sources_isbn().is_none()
        })
        .filter_map(|l| l.note.as_deref())
        .collect();
    let has_isbn: HashSet<&str> = isbns
        .iter()
        .filter(|i| !i.raw.is_empty())
        .filter_map(|i| i.note.as_deref())
        .collect();
    let items: Vec<Footnote> = article
        .notes
        .iter()
        .map(|note| {
            let id = note.id.as_str();
            Footnote {
                id: note.id.clone(),
                line: note.line,
                kind: classify(&note.text, cites_web.contains(id), has_isbn.contains(id)),
                // Markers resolve to the first definition of an id; a second
                // definition of the same id is never referenced.
                referenced_from: referenced.remove(&key(id)).unwrap_or_default(),
                text: note.text.clone(),
                group: note.group.clone(),
                short: note.short.clone(),
            }
        })
        .collect();

    Footnotes {
        markers,
        notes: items.len(),
        empty: items
            .iter()
            .filter(|f| f.kind == NoteKind::Empty)
            .map(|f| f.id.clone())
            .collect(),
        dangling: order
            .iter()
            .filter(|id| !defined.contains(&key(id)))
            .map(|id| (*id).to_owned())
            .chain(
                items
                    .iter()
                    .filter(|f| f.short.as_ref().is_some_and(|s| s.target_line.is_none()))
                    .map(|f| f.id.clone()),
            )
            .collect(),
        group_notes: items.iter().filter(|f| f.group.is_some()).count(),
        orphaned: items
            .iter()
            .filter(|f| f.referenced_from.is_empty())
            .map(|f| f.id.clone())
            .collect(),
        items,
    }
}

/// Decides a note's kind: empty, then a DOI (journal), an ISBN (book), a cited
/// URL (web), an italic title with a publisher or year (book), a journal's
/// name (journal), else other.
fn classify(text: &str, cites_web: bool, has_isbn: bool) -> NoteKind {
    if !text.chars().any(char::is_alphanumeric) {
        return NoteKind::Empty;
    }
    // Judge what a reader sees: a link's destination and title (`"wikilink"`)
    // are not part of the citation's text.
    let text = &without_destinations(text);
    let lower = text.to_lowercase();
    // GB/T 7714, the Chinese citation standard, tags the source type: [J]
    // journal article, [M] monograph.
    let tagged =
        |tag: &str| text.contains(&format!("[{tag}]")) || text.contains(&format!("\\[{tag}\\]"));
    if has_doi(&lower) || tagged("J") {
        NoteKind::Journal
    } else if has_isbn {
        NoteKind::Book
    } else if cites_web {
        NoteKind::Web
    } else if is_explanatory(text) {
        // A sentence that explains, with a term in italics or a quotation in
        // it, is not a citation of the book or the article it names.
        NoteKind::Other
    } else if has_journal_name(&lower) || (has_title(text) && has_article_title(text)) {
        // A journal's name, or an article's quoted title inside an italic
        // periodical: `"Cells". *Nature* 410`.
        NoteKind::Journal
    } else if tagged("M") || has_title(text) && (has_year(text) || has_publisher(&lower)) {
        NoteKind::Book
    } else {
        NoteKind::Other
    }
}

/// The text with Markdown link destinations removed: `[a](url "t")` → `[a]`.
fn without_destinations(text: &str) -> String {
    let closes = matching_parens(text);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (bracket, _) in text.match_indices("](") {
        if bracket < at {
            continue;
        }
        let open = bracket + 1;
        out.push_str(&text[at..=bracket]);
        if let Some(&close) = closes.get(&open) {
            at = close + 1;
        } else {
            out.push('(');
            at = open + 1;
        }
    }
    out.push_str(&text[at..]);
    out
}

/// The `)` that closes each `(` of the text, by position: one pass with a
/// stack, so that a note full of unclosed `](` stays linear.
fn matching_parens(text: &str) -> std::collections::HashMap<usize, usize> {
    let mut closes = std::collections::HashMap::new();
    let mut open = Vec::new();
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'(' => open.push(i),
            b')' => {
                if let Some(start) = open.pop() {
                    closes.insert(start, i);
                }
            }
            _ => {}
        }
    }
    closes
}

/// Whether a note explains rather than cites: once its titles (italics,
/// quotations, 《…》) are set aside, some stretch between separators reads as
/// a sentence — eight words or more, or twenty CJK letters. A citation is a
/// string of short pieces: author, title, place, publisher, year, pages.
fn is_explanatory(text: &str) -> bool {
    let mut plain = String::with_capacity(text.len());
    let mut closing: Option<char> = None;
    for c in text.chars() {
        match closing {
            Some(close) if c == close => {
                closing = None;
                plain.push('T');
            }
            Some(_) => {}
            None => match c {
                '*' | '_' => closing = Some(c),
                '"' => closing = Some('"'),
                '“' => closing = Some('”'),
                '《' => closing = Some('》'),
                '「' => closing = Some('」'),
                _ => plain.push(c),
            },
        }
    }
    plain
        .split(|c: char| {
            matches!(
                c,
                ',' | '.'
                    | ';'
                    | ':'
                    | '('
                    | ')'
                    | '['
                    | ']'
                    | '，'
                    | '。'
                    | '；'
                    | '：'
                    | '、'
                    | '（'
                    | '）'
            )
        })
        .any(|piece| {
            let words = piece.split_whitespace().count();
            let cjk = piece.chars().filter(|c| is_cjk_letter(*c)).count();
            words >= 8 || cjk >= 20
        })
}

fn is_cjk_letter(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

fn has_doi(lower: &str) -> bool {
    lower.contains("doi:")
        || lower.contains("doi.org/")
        || lower.match_indices("10.").any(|(i, _)| {
            let rest = &lower[i + 3..];
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            (4..=9).contains(&digits) && rest[digits..].starts_with('/')
        })
}

/// An italic title (`*…*`, `_…_`) or a title in Chinese book-title marks.
fn has_title(text: &str) -> bool {
    // Any span between a pair of delimiters longer than one letter: `*a*`
    // back-link letters are not titles.
    let italic = |delim: char| {
        text.split(delim)
            .skip(1)
            .step_by(2)
            .zip(text.split(delim).skip(2))
            .any(|(inner, _)| inner.trim().chars().count() > 1)
    };
    italic('*') || italic('_') || (text.contains('《') && text.contains('》'))
}

fn has_year(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(4).enumerate().any(|(i, w)| {
        let standalone = (i == 0 || !bytes[i - 1].is_ascii_digit())
            && bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit());
        standalone
            && w.iter().all(u8::is_ascii_digit)
            && matches!(&w[..2], b"15" | b"16" | b"17" | b"18" | b"19" | b"20")
    })
}

/// A quoted title (`"…"`, `“…”`, `「…」`): in a citation, an article's title.
fn has_article_title(text: &str) -> bool {
    let quoted = |open: char, close: char| {
        text.split_once(open)
            .is_some_and(|(_, rest)| rest.find(close).is_some_and(|end| end > 1))
    };
    quoted('"', '"') || quoted('“', '”')
}

fn has_publisher(lower: &str) -> bool {
    [
        "press",
        "publish",
        "verlag",
        "books",
        "éditions",
        "出版",
        "书局",
        "書局",
        "书店",
        "書店",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

fn has_journal_name(lower: &str) -> bool {
    [
        "journal",
        "review",
        "quarterly",
        "proceedings",
        "annals",
        "bulletin",
        "transactions",
        "学报",
        "學報",
        "期刊",
        "杂志",
        "雜誌",
        "季刊",
        "月刊",
        "学刊",
        "學刊",
        "週刊",
        "周刊",
        "年刊",
    ]
    .iter()
    .any(|w| lower.contains(w))
        || (lower.contains("vol.") && (lower.contains("no.") || lower.contains("issue")))
        // 第20卷第3期: volume and issue; 〈article〉 inside 《periodical》.
        || (lower.contains('卷') && lower.contains('期'))
        || (lower.contains('〈') && lower.contains('《'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_follows_the_documented_order() {
        assert_eq!(classify("", false, false), NoteKind::Empty);
        assert_eq!(classify(" , ", false, false), NoteKind::Empty);
        assert_eq!(
            classify("Smith, *Title*, doi:10.1000/xyz", true, true),
            NoteKind::Journal
        );
        assert_eq!(
            classify("Smith, Title, ISBN 0-333-80149-0", true, true),
            NoteKind::Book
        );
        assert_eq!(
            classify("[*Text of the Pact*](http://x), 1939", true, false),
            NoteKind::Web
        );
        assert_eq!(
            classify(
                "Kennedy-Pipe, *Stalin's Cold War*, Manchester University Press, 1995,",
                false,
                false
            ),
            NoteKind::Book
        );
        assert_eq!(
            classify("《大熊猫》，科学出版社", false, false),
            NoteKind::Book
        );
        assert_eq!(
            classify("Smith, \"On X\", Journal of Things 4 (2)", false, false),
            NoteKind::Journal
        );
        assert_eq!(
            classify("Interview with the author.", false, false),
            NoteKind::Other
        );
    }

    #[test]
    fn link_titles_are_not_quoted_article_titles() {
        let note = "[Churchill, Winston](https://zh.wikipedia.org/wiki/Winston_Churchill \"wikilink\"), \
                    [*The Second World War*](https://zh.wikipedia.org/wiki/The_Second_World_War_\\(Churchill\\) \"wikilink\"), \
                    Houghton Mifflin Harcourt, 1953, , pages 520–21";
        assert_eq!(classify(note, false, false), NoteKind::Book);
    }

    #[test]
    fn journals_in_italics_are_journals_not_books() {
        let journal = [
            "Jones, A. (2001). \"Tolls\". *Journal of Transport* 12(3): 4–9.",
            "Smith, B. \"Cells\". *Nature* 410, 2001, pp. 1–5.",
            "Lee, C. *Waves*, vol. 5, no. 2, 1999.",
        ];
        for text in journal {
            assert_eq!(classify(text, false, false), NoteKind::Journal, "{text}");
        }
        assert_eq!(
            classify("Brown, *A History*, vol. 2, Penguin, 1990.", false, false),
            NoteKind::Book
        );
    }

    #[test]
    fn explanatory_notes_with_italics_or_quotes_are_other() {
        let other = [
            "The term *Blitzkrieg* was not used by the German army itself, which preferred to speak of a war of movement.",
            "Molotov later said that \"the talks were never meant to succeed\" and that Stalin had expected as much, 1940.",
            "此處的「軸心國」指的是德國、義大利與日本三國在一九四零年簽訂三國同盟條約後所組成的同盟關係",
        ];
        for text in other {
            assert_eq!(classify(text, false, false), NoteKind::Other, "{text}");
        }
        // Citations stay what they are, however long their titles.
        assert_eq!(
            classify(
                "Kennedy-Pipe, *Stalin's Cold War: Soviet Strategies in Europe, 1943 to 1956*, Manchester University Press, 1995",
                false,
                false
            ),
            NoteKind::Book
        );
        assert_eq!(
            classify(
                "Smith, B. \"Cells and the tissues that they make\". *Nature* 410, 2001, pp. 1–5.",
                false,
                false
            ),
            NoteKind::Journal
        );
    }

    #[test]
    fn doi_is_recognised_in_every_spelling() {
        assert!(has_doi("see https://doi.org/10.1000/182"));
        assert!(has_doi("10.1038/nphys1170 ok"));
        assert!(!has_doi("version 10.2 of it"));
    }
}
