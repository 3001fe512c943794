//! Text made comparable: one spelling for the same characters, and the terms
//! a sentence and a page are compared by.
//!
//! Folding maps traditional Chinese to simplified (fast2s), full-width
//! letters and digits to ASCII, and letters to lower case, so `150萬` and
//! `150万`, `１９４０` and `1940`, `Moscow` and `moscow` are the same. Terms
//! are the words of spaced scripts (stop words left out, a plural `s` cut)
//! and every pair of neighbouring characters of CJK runs: Chinese has no
//! spaces, and pairs match names and words without a dictionary.

/// Whether a character is written without spaces between words.
pub(crate) fn unspaced(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' // kana
        | '\u{3400}'..='\u{9FFF}' // CJK ideographs
        | '\u{F900}'..='\u{FAFF}'
        | '\u{AC00}'..='\u{D7AF}') // hangul syllables
}

/// `text` in one spelling: simplified Chinese, ASCII for full-width forms,
/// lower case.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`], written at the end of `out`.
pub(crate) fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
        return;
    }
    let simplified;
    let text = if text.chars().any(unspaced) {
        simplified = fast2s::convert(text);
        simplified.as_str()
    } else {
        text
    };
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' | '\u{00A0}' | '\u{2009}' | '\u{202F}' => ' ',
            '\u{2019}' => '\'',
            '\u{2010}'..='\u{2013}' => '-',
            _ => c,
        };
        if unspaced(c) || !c.is_uppercase() {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// A term as a number: comparing and counting terms is then cheap.
pub(crate) type Term = u64;

/// The number of a term (FNV-1a: terms are short, and collisions among a
/// page's few thousand terms are vanishingly rare).
pub(crate) fn term_id(term: &str) -> Term {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in term.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Hashes that are already numbers need no more hashing.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct TermHasher(u64);

impl std::hash::Hasher for TermHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Maps and sets keyed by [`Term`].
pub(crate) type TermBuild = std::hash::BuildHasherDefault<TermHasher>;

/// Words that say nothing about what a sentence claims.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "according",
    "after",
    "against",
    "all",
    "also",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "das",
    "de",
    "der",
    "des",
    "did",
    "die",
    "do",
    "does",
    "du",
    "during",
    "each",
    "el",
    "few",
    "first",
    "for",
    "from",
    "had",
    "has",
    "have",
    "he",
    "her",
    "hers",
    "him",
    "his",
    "how",
    "however",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "la",
    "later",
    "le",
    "les",
    "more",
    "most",
    "much",
    "no",
    "not",
    "of",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "over",
    "said",
    "same",
    "says",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "und",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "y",
    "you",
    "your",
];

/// [`STOP_WORDS`] by their [`term_id`]: a word is looked up by a hash
/// made in one pass over its bytes.
static STOP_IDS: std::sync::LazyLock<std::collections::HashSet<Term, TermBuild>> =
    std::sync::LazyLock::new(|| STOP_WORDS.iter().map(|w| term_id(w)).collect());

/// The longest of [`STOP_WORDS`], in bytes.
const LONGEST_STOP: usize = 9;

/// Whether `word` (folded) is one of [`STOP_WORDS`].
fn is_stop(word: &str) -> bool {
    word.len() <= LONGEST_STOP && STOP_IDS.contains(&term_id(word))
}

/// Whether a CJK character is too common to carry meaning alone or in a
/// pair with another such.
fn cjk_stop(c: char) -> bool {
    matches!(
        c,
        '的' | '了'
            | '是'
            | '在'
            | '和'
            | '与'
            | '及'
            | '或'
            | '而'
            | '也'
            | '都'
            | '就'
            | '这'
            | '那'
            | '其'
            | '之'
            | '于'
            | '被'
            | '把'
            | '对'
            | '从'
            | '为'
            | '以'
            | '所'
            | '等'
            | '着'
            | '过'
            | '个'
            | '年'
            | '月'
            | '日'
    )
}

/// The terms of folded text, in order, as numbers ([`term_id`]).
pub(crate) fn term_ids(folded: &str) -> Vec<Term> {
    let mut out = Vec::new();
    each_term(folded, &mut |t| out.push(term_id(t)));
    out
}

/// The terms of folded text, in order: content words, and CJK character
/// pairs (a lone character counts alone). Digits are words too.
#[cfg(test)]
pub(crate) fn terms(folded: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_term(folded, &mut |t| out.push(t.to_owned()));
    out
}

/// What [`each_term`] is in the middle of.
#[derive(Clone, Copy)]
enum Run {
    Gap,
    /// A word of a spaced script, from this byte.
    Word(usize),
    /// CJK characters from `start`; the last began at `last` (at `start`
    /// when there is only one).
    Unspaced {
        start: usize,
        last: usize,
    },
}

/// Hands each term of folded text to `each`, as slices of it: no term is
/// copied.
pub(crate) fn each_term(folded: &str, each: &mut dyn FnMut(&str)) {
    let word = |word: &str, each: &mut dyn FnMut(&str)| {
        if is_stop(word) {
            return;
        }
        let plural = word.len() > 3 && word.ends_with('s') && !word.ends_with("ss");
        each(if plural {
            &word[..word.len() - 1]
        } else {
            word
        });
    };
    let lone = |text: &str, each: &mut dyn FnMut(&str)| {
        if !text.chars().next().is_some_and(cjk_stop) {
            each(text);
        }
    };
    let mut run = Run::Gap;
    // A run of several CJK characters gave its pairs as it went.
    let close = |run: Run, end: usize, each: &mut dyn FnMut(&str)| match run {
        Run::Word(start) => word(&folded[start..end], each),
        Run::Unspaced { start, last } if start == last => lone(&folded[start..end], each),
        Run::Gap | Run::Unspaced { .. } => {}
    };
    for (at, c) in folded.char_indices() {
        run = if unspaced(c) {
            match run {
                Run::Unspaced { start, last } => {
                    let previous = folded[last..at].chars().next().unwrap_or(c);
                    if !(cjk_stop(previous) && cjk_stop(c)) {
                        each(&folded[last..at + c.len_utf8()]);
                    }
                    Run::Unspaced { start, last: at }
                }
                other => {
                    close(other, at, each);
                    Run::Unspaced {
                        start: at,
                        last: at,
                    }
                }
            }
        } else if c.is_alphanumeric() {
            match run {
                Run::Word(start) => Run::Word(start),
                other => {
                    close(other, at, each);
                    Run::Word(at)
                }
            }
        } else {
            close(run, at, each);
            Run::Gap
        };
    }
    close(run, folded.len(), each);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_full_width_and_capitals_fold_to_one_spelling() {
        assert_eq!(
            fold("莫洛托夫訪問柏林，１９４０年"),
            "莫洛托夫访问柏林,1940年"
        );
        assert_eq!(fold("150萬人"), "150万人");
        assert_eq!(fold("Moscow’s PACT"), "moscow's pact");
    }

    #[test]
    fn stop_words_are_found_and_no_others() {
        assert!(STOP_WORDS
            .iter()
            .all(|w| is_stop(w) && w.len() <= LONGEST_STOP));
        assert!(!is_stop("berlin") && !is_stop("thes") && !is_stop("accordingly"));
    }

    #[test]
    fn terms_are_content_words_and_character_pairs() {
        assert_eq!(
            terms(&fold("The talks of the Ministers in Berlin")),
            ["talk", "minister", "berlin"]
        );
        assert_eq!(terms(&fold("德蘇談判")), ["德苏", "苏谈", "谈判"]);
        assert_eq!(
            terms(&fold("的 德 Talks的會議 class")),
            ["德", "talk", "的会", "会议", "class"]
        );
    }
}
