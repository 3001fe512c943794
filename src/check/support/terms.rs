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
    let simplified;
    let text = if text.chars().any(unspaced) {
        simplified = fast2s::convert(text);
        simplified.as_str()
    } else {
        text
    };
    let mut out = String::with_capacity(text.len());
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
        out.extend(c.to_lowercase());
    }
    out
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
    "did",
    "do",
    "does",
    "during",
    "each",
    "few",
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
    "same",
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
    "you",
    "your",
    "said",
    "says",
    "according",
    "also",
    "later",
    "first",
    "which",
    "de",
    "des",
    "der",
    "die",
    "das",
    "du",
    "el",
    "la",
    "le",
    "les",
    "und",
    "y",
];

/// [`STOP_WORDS`] for lookup.
static STOP: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| STOP_WORDS.iter().copied().collect());

/// CJK characters too common to carry meaning alone or in pairs with them.
const CJK_STOP: &str = "的了是在和与及或而也都就这那其之于被把对从为以所等着过个年月日";

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

/// Hands each term of folded text to `each`.
fn each_term(folded: &str, each: &mut dyn FnMut(&str)) {
    let mut word = String::new();
    let mut run: Vec<char> = Vec::new();
    let mut pair = String::new();
    let flush_word = |word: &mut String, each: &mut dyn FnMut(&str)| {
        if !word.is_empty() && !STOP.contains(word.as_str()) {
            let cut = word.len() > 3 && word.ends_with('s') && !word.ends_with("ss");
            if cut {
                word.pop();
            }
            each(word);
        }
        word.clear();
    };
    let mut flush_run = |run: &mut Vec<char>, each: &mut dyn FnMut(&str)| {
        match run.len() {
            0 => {}
            1 => {
                if !CJK_STOP.contains(run[0]) {
                    pair.clear();
                    pair.push(run[0]);
                    each(&pair);
                }
            }
            _ => {
                for two in run.windows(2) {
                    if !(CJK_STOP.contains(two[0]) && CJK_STOP.contains(two[1])) {
                        pair.clear();
                        pair.extend(two);
                        each(&pair);
                    }
                }
            }
        }
        run.clear();
    };
    for c in folded.chars() {
        if unspaced(c) {
            flush_word(&mut word, each);
            run.push(c);
        } else if c.is_alphanumeric() {
            flush_run(&mut run, each);
            word.push(c);
        } else {
            flush_word(&mut word, each);
            flush_run(&mut run, each);
        }
    }
    flush_word(&mut word, each);
    flush_run(&mut run, each);
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
    fn terms_are_content_words_and_character_pairs() {
        assert_eq!(
            terms(&fold("The talks of the Ministers in Berlin")),
            ["talk", "minister", "berlin"]
        );
        assert_eq!(terms(&fold("德蘇談判")), ["德苏", "苏谈", "谈判"]);
    }
}
