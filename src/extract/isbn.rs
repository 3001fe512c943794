//! ISBNs: found after an `ISBN` label or in a BookSources URL, validated
//! (characters, length, prefix, checksum) and given their ISBN-13 form.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::links::Link;
use crate::article::Article;

/// Why an ISBN is not valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IsbnProblem {
    /// The check digit does not match.
    Checksum,
    /// Neither 10 nor 13 digits.
    Length,
    /// Something other than digits, hyphens, spaces and a final X.
    Characters,
    /// A 13-digit number that does not start with 978 or 979.
    Prefix,
    /// An `ISBN` label with no number after it.
    Empty,
}

impl IsbnProblem {
    /// The problem in words, for people.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Checksum => "the check digit is wrong",
            Self::Length => "an ISBN has 10 or 13 digits",
            Self::Characters => "an ISBN holds only digits, hyphens and a final X",
            Self::Prefix => "an ISBN-13 starts with 978 or 979",
            Self::Empty => "the ISBN label has no number",
        }
    }
}

/// One ISBN at one place in an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Isbn {
    /// As written.
    pub raw: String,
    /// 1-based source line.
    pub line: u32,
    /// The footnote it sits in, if any.
    pub note: Option<String>,
    /// Whether it passed every check.
    pub valid: bool,
    /// The ISBN-13 form of a valid ISBN.
    pub isbn13: Option<String>,
    /// What is wrong with an invalid one.
    pub problem: Option<IsbnProblem>,
}

/// Validates an ISBN as written and returns its ISBN-13 form.
///
/// # Errors
/// The first problem found, checked in the order characters, length, prefix,
/// checksum.
pub fn isbn13(raw: &str) -> Result<String, IsbnProblem> {
    let compact: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && !is_hyphen(*c))
        .collect();
    if compact.is_empty() {
        return Err(IsbnProblem::Empty);
    }
    let chars: Vec<char> = compact.chars().collect();
    let x_at_end_only = chars
        .iter()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || (matches!(c, 'X' | 'x') && i == chars.len() - 1));
    if !x_at_end_only {
        return Err(IsbnProblem::Characters);
    }
    match chars.len() {
        10 => {
            let sum: u32 = chars
                .iter()
                .zip((1..=10).rev())
                .map(|(c, w)| w * c.to_digit(10).unwrap_or(10))
                .sum();
            if !sum.is_multiple_of(11) {
                return Err(IsbnProblem::Checksum);
            }
            let body = format!("978{}", &compact[..9]);
            Ok(format!("{body}{}", check13(&body)))
        }
        13 => {
            if chars.last().is_some_and(|c| !c.is_ascii_digit()) {
                return Err(IsbnProblem::Characters);
            }
            if !(compact.starts_with("978") || compact.starts_with("979")) {
                return Err(IsbnProblem::Prefix);
            }
            if check13(&compact[..12]) != chars[12] {
                return Err(IsbnProblem::Checksum);
            }
            Ok(compact)
        }
        _ => Err(IsbnProblem::Length),
    }
}

/// The ISBN-13 check digit of twelve digits.
fn check13(twelve: &str) -> char {
    let sum: u32 = twelve
        .chars()
        .filter_map(|c| c.to_digit(10))
        .zip([1, 3].into_iter().cycle())
        .map(|(d, w)| d * w)
        .sum();
    char::from_digit((10 - sum % 10) % 10, 10).unwrap_or('0')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '−')
}

impl Isbn {
    fn new(raw: &str, line: u32, note: Option<String>) -> Self {
        let checked = isbn13(raw);
        Self {
            raw: raw.to_owned(),
            line,
            note,
            valid: checked.is_ok(),
            problem: checked.as_ref().err().copied(),
            isbn13: checked.ok(),
        }
    }

    /// What makes two mentions the same ISBN.
    fn identity(&self) -> String {
        self.isbn13.clone().unwrap_or_else(|| {
            self.raw
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_uppercase()
        })
    }
}

/// Every ISBN of an article: labelled ones in the text, then the ones in
/// BookSources links. The same ISBN twice in one note (or on one body line)
/// counts once.
#[must_use]
pub fn isbns(article: &Article, links: &[Link]) -> Vec<Isbn> {
    let mut found = Vec::new();
    for block in &article.blocks {
        for (offset, raw) in labelled(&block.text) {
            if !block.in_code(&(offset..offset + raw.len().max(1))) {
                found.push(Isbn::new(
                    raw,
                    block.line_at(offset),
                    block.note_id().map(str::to_owned),
                ));
            }
        }
    }
    for link in links {
        if let Some(raw) = link.book_sources_isbn() {
            found.push(Isbn::new(raw, link.line, link.note.clone()));
        }
    }
    let mut seen = HashSet::new();
    found.retain(|isbn| {
        let place = isbn
            .note
            .clone()
            .unwrap_or_else(|| format!("line {}", isbn.line));
        seen.insert((place, isbn.identity()))
    });
    found.sort_by_key(|i| i.line);
    found
}

/// `ISBN`, `ISBN-10:`, `ISBN-13：`, `isbn` labels and the number after each:
/// `(offset of the number, number as written)`. An upper-case `ISBN` label
/// with no number yields an empty string at its position; a label in any
/// other case counts only with a number after it (`the isbn system` is
/// prose).
fn labelled(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    for at in 0..bytes.len().saturating_sub(3) {
        let word = &bytes[at..at + 4];
        if !word.eq_ignore_ascii_case(b"ISBN")
            || text[..at].ends_with(|c: char| c.is_ascii_alphanumeric())
        {
            continue;
        }
        let rest = after_label(&text[at + 4..]);
        let start = text.len() - rest.len();
        let number = number_len(rest);
        if number > 0 {
            found.push((start, &rest[..number]));
        } else if word == b"ISBN" && (rest.is_empty() || rest.starts_with(is_closing)) {
            found.push((start, ""));
        }
    }
    found
}

/// What follows an `ISBN` label once its form (`-10`, `13`, ` 13:`) and the
/// colons and spaces after it are skipped.
fn after_label(text: &str) -> &str {
    let is_colon = |c: char| matches!(c, ':' | '：');
    let mut rest = text;
    for form in ["-10", "-13", "10", "13", " 10", " 13"] {
        if let Some(r) = rest.strip_prefix(form) {
            // `ISBN 13: …` names the form; `ISBN 13 …` may be the number.
            let named = if form.starts_with(' ') {
                r.starts_with(is_colon)
            } else {
                !r.starts_with(|c: char| c.is_ascii_digit())
            };
            if named {
                rest = r;
                break;
            }
        }
    }
    rest.trim_start_matches(|c: char| c.is_whitespace() || is_colon(c))
}

/// The length of the ISBN at the start of `text`: tokens of letters, digits
/// and hyphens, each separated from the next by one space, read while the
/// digits add up to at most 13. Thirteen digits that start with 978 or 979
/// are one ISBN-13 however they are grouped (`979723 6273 0 9 4`). Else the
/// first ten digits are an ISBN-10 followed by another number
/// (`0-333-80149-0 123 pp.`) when they make up the whole run or 13 with
/// what follows, or are written without spaces; otherwise the whole run is
/// read, to be reported (`598 765 54 39 2` has 12 digits, not a valid ten
/// and a stray 2). An X counts as a digit: it ends an ISBN-10 as its tenth,
/// and anywhere else (the first token's first character included, `X-693-…`)
/// it is misplaced and read with the rest, so that validation reports the
/// whole number as `characters`.
fn number_len(text: &str) -> usize {
    // (end of the token, digits so far), token by token.
    let mut ends: Vec<(usize, usize)> = Vec::new();
    let mut digits = 0;
    let mut pos = 0;
    loop {
        let rest = &text[pos..];
        let Some(token_len) = token_len(rest) else {
            break;
        };
        let token = &rest[..token_len];
        let count = token.chars().filter(char::is_ascii_alphanumeric).count();
        let accept = if ends.is_empty() {
            let mut chars = token.chars();
            match chars.next() {
                Some(c) if c.is_ascii_digit() => true,
                // A misplaced X: `X355146295`, `X-693-…`, or `X 693 …`.
                Some('X' | 'x') => {
                    chars.any(|c| c.is_ascii_digit())
                        || (token[1..].chars().all(is_hyphen)
                            && rest[token_len..]
                                .strip_prefix(is_separator)
                                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit())))
                }
                _ => false,
            }
        } else {
            let numeric = token
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, 'X' | 'x') || is_hyphen(c));
            count > 0 && numeric && digits + count <= 13
        };
        if !accept {
            break;
        }
        digits += count;
        ends.push((pos + token.trim_end_matches(is_hyphen).len(), digits));
        // An X ends an ISBN-10 (its check digit); anywhere else it is
        // misplaced, and the rest of the number is read with it.
        let x_ends_it = digits == 10 && token.trim_end_matches(is_hyphen).ends_with(['X', 'x']);
        let next = &rest[token_len..];
        let Some(separator) = next.chars().next().filter(|c| is_separator(*c)) else {
            break;
        };
        if digits >= 13 || x_ends_it {
            break;
        }
        pos += token_len + separator.len_utf8();
    }
    let at = |n: usize| ends.iter().find(|&&(_, d)| d == n).map(|&(end, _)| end);
    let total = ends.last().map_or(0, |&(_, d)| d);
    // 978 or 979; a misplaced X may stand for one of the three digits
    // when they are written together in the first token (`9x9948…`, not
    // `9 X90 …`, which reads better as an ISBN-10 and a number after it).
    let isbn13_like = |end: &usize| {
        let prefix: Vec<char> = text[..*end]
            .chars()
            .filter(char::is_ascii_digit)
            .take(3)
            .collect();
        let first_token: Vec<char> = text[..ends.first().map_or(0, |&(e, _)| e)]
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(3)
            .collect();
        let is_prefix = |chars: &[char], x_stands_in: bool| {
            ["978", "979"].iter().any(|p| {
                chars.len() == 3
                    && p.chars().zip(chars).all(|(want, got)| {
                        *got == want || (x_stands_in && matches!(got, 'X' | 'x'))
                    })
            })
        };
        is_prefix(&prefix, false) || is_prefix(&first_token, true)
    };
    let ten_stands_alone =
        |end: &usize| matches!(total, 10 | 13) || !text[..*end].contains(is_separator);
    at(13)
        .filter(isbn13_like)
        .or(at(10).filter(ten_stands_alone))
        .or(ends.last().map(|&(end, _)| end))
        .unwrap_or(0)
}

/// The longest token an ISBN can hold: 13 digits and X with a hyphen
/// (three bytes in Unicode) between each, and some slack.
const MAX_TOKEN_BYTES: usize = 64;

/// The length of the token of letters, digits and hyphens at the start of
/// `text`; `None` when it runs past [`MAX_TOKEN_BYTES`], which no ISBN
/// does. The cap keeps reading linear: in `1-isbn-1-isbn-…` every label
/// would otherwise read the rest of the line.
fn token_len(text: &str) -> Option<usize> {
    let end = text
        .char_indices()
        .take_while(|&(i, c)| i <= MAX_TOKEN_BYTES && (c.is_ascii_alphanumeric() || is_hyphen(c)))
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    (end <= MAX_TOKEN_BYTES).then_some(end)
}

/// A space between the groups of an ISBN: ordinary, no-break or thin.
fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}')
}

/// Punctuation that may follow an `ISBN` label whose number is missing.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | '.' | ')' | ']' | '}' | '|' | '，' | '；' | '。' | '）' | '、' | '】'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::markdown;
    use crate::extract::links::links;
    use std::path::Path;

    fn scan(text: &str) -> Vec<Isbn> {
        let article = markdown::read(Path::new("a.md"), text);
        let links = links(&article);
        isbns(&article, &links)
    }

    #[test]
    fn valid_isbn10_gets_its_isbn13() {
        assert_eq!(isbn13("0-333-80149-0").as_deref(), Ok("9780333801499"));
        assert_eq!(isbn13("90-420-0890-3").as_deref(), Ok("9789042008908"));
        assert_eq!(isbn13("0-8044-2957-X").as_deref(), Ok("9780804429573"));
        assert_eq!(isbn13("0-8044-2957-x").as_deref(), Ok("9780804429573"));
    }

    #[test]
    fn each_problem_is_named() {
        assert_eq!(isbn13("0-333-80149-1"), Err(IsbnProblem::Checksum));
        assert_eq!(isbn13("978-0-306-40615-8"), Err(IsbnProblem::Checksum));
        assert_eq!(isbn13("978-0-306-40615-7").as_deref(), Ok("9780306406157"));
        assert_eq!(isbn13("0-333-8014"), Err(IsbnProblem::Length));
        assert_eq!(isbn13("0-333-8O149-0"), Err(IsbnProblem::Characters));
        assert_eq!(isbn13("X-333-80149-0"), Err(IsbnProblem::Characters));
        assert_eq!(isbn13("977-0-306-40615-7"), Err(IsbnProblem::Prefix));
        assert_eq!(isbn13(""), Err(IsbnProblem::Empty));
    }

    #[test]
    fn labels_in_all_forms_are_found() {
        let found = scan("ISBN 978-0-306-40615-7, ISBN-10: 0-333-80149-0 2002, ISBN-13: 978 0 8044 2957 3 page\n\n碁峰ISBN 986-181-036-6\n");
        let raws: Vec<&str> = found.iter().map(|i| i.raw.as_str()).collect();
        assert_eq!(
            raws,
            [
                "978-0-306-40615-7",
                "0-333-80149-0",
                "978 0 8044 2957 3",
                "986-181-036-6"
            ]
        );
    }

    #[test]
    fn separators_anywhere_make_one_isbn13() {
        let found = scan(
            "ISBN 979723 6273 0 9 4, ISBN 97 8 6649378 88 5 and ISBN 0-333-80149-0 123 pages\n",
        );
        let read: Vec<(&str, bool)> = found.iter().map(|i| (i.raw.as_str(), i.valid)).collect();
        assert_eq!(
            read,
            [
                ("979723 6273 0 9 4", true),
                ("97 8 6649378 88 5", true),
                ("0-333-80149-0", true)
            ]
        );
    }

    #[test]
    fn a_misplaced_x_is_an_invalid_isbn_not_prose() {
        let found = scan("Sold as ISBN X355146295 in 1990.\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].raw, "X355146295");
        assert_eq!(found[0].problem, Some(IsbnProblem::Characters));
    }

    #[test]
    fn a_misplaced_x_anywhere_is_read_with_the_whole_number() {
        for (text, raw) in [
            ("ISBN X-693-12345-6, p. 3.", "X-693-12345-6"),
            ("ISBN X 978 04458 7, p. 3.", "X 978 04458 7"),
            ("ISBN 8 37x 58131 0 123 pp.", "8 37x 58131 0"),
            ("ISBN 978x 91688 7-336, p. 3.", "978x 91688 7-336"),
            ("ISBN: 978 8 3078 722X 4 123 pp.", "978 8 3078 722X 4"),
            (
                "ISBN 9x994885-6 1\u{a0}6-6-0, p. 3.",
                "9x994885-6 1\u{a0}6-6-0",
            ),
        ] {
            let found = scan(text);
            let read: Vec<(&str, Option<IsbnProblem>)> =
                found.iter().map(|i| (i.raw.as_str(), i.problem)).collect();
            assert_eq!(read, [(raw, Some(IsbnProblem::Characters))], "{text}");
        }
        // A final X still ends an ISBN-10, and a lone X before prose is no ISBN.
        assert_eq!(scan("ISBN 0-8044-2957-X 123 pp.")[0].raw, "0-8044-2957-X");
        assert!(scan("the ISBN x marks").is_empty());
    }

    #[test]
    fn lower_case_and_full_width_labels_are_labels() {
        let found = scan("isbn 978-0-306-40615-7\n\nISBN：978-4-06-519981-7\n\nISBN 13: 978 0 8044 2957 3\n\nThe isbn system, and the ISBN.\n");
        let read: Vec<(&str, Option<IsbnProblem>)> =
            found.iter().map(|i| (i.raw.as_str(), i.problem)).collect();
        assert_eq!(
            read,
            [
                ("978-0-306-40615-7", None),
                ("978-4-06-519981-7", None),
                ("978 0 8044 2957 3", None),
                ("", Some(IsbnProblem::Empty))
            ]
        );
    }

    #[test]
    fn a_line_of_labels_inside_one_long_token_reads_no_endless_number() {
        let line = format!("x {}\n", "-isbn-1".repeat(2_000));
        let found = scan(&line);
        assert!(
            found.iter().all(|i| i.raw.len() <= MAX_TOKEN_BYTES),
            "{:?}",
            found.first()
        );
        let long = format!("ISBN {}\n", "1".repeat(100));
        assert!(scan(&long).is_empty());
    }

    #[test]
    fn same_isbn_twice_in_one_note_counts_once() {
        let found = scan("A.[^1]\n\n[^1]: \\[//en.wikipedia.org/wiki/Special:BookSources/0333801490 ISBN 0-333-80149-0\\]\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].raw, "0-333-80149-0");
        assert_eq!(found[0].note.as_deref(), Some("1"));
    }

    #[test]
    fn label_without_number_is_empty_but_prose_mention_is_not() {
        let found = scan("Book, 1999, ISBN, page 3. The ISBN system is old.\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].problem, Some(IsbnProblem::Empty));
    }
}
