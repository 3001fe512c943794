//! How much two short texts share, in any script: Latin and other spaced
//! scripts by their words, Chinese and Japanese (no spaces) by pairs of
//! characters. Used to tell whether a page's title is the title a citation
//! gives for it.

use std::collections::HashSet;

/// Whether a character is written without spaces between words.
fn unspaced(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' // kana
        | '\u{3400}'..='\u{9FFF}' // CJK ideographs
        | '\u{F900}'..='\u{FAFF}'
        | '\u{AC00}'..='\u{D7AF}') // hangul syllables
}

/// Words too common in titles to say two titles are the same.
const STOP: &[&str] = &[
    "a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with", "de",
    "des", "der", "die", "das", "du", "el", "la", "le", "les", "und", "y",
];

/// The tokens of a text: its lowercased words (of two letters or more, not
/// stop words), and every pair of neighbouring characters of its CJK runs
/// (a lone character counts alone).
#[must_use]
pub fn tokens(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut word = String::new();
    let mut run: Vec<char> = Vec::new();
    let flush_word = |word: &mut String, out: &mut HashSet<String>| {
        if word.chars().count() >= 2 && !STOP.contains(&word.as_str()) {
            out.insert(std::mem::take(word));
        }
        word.clear();
    };
    let flush_run = |run: &mut Vec<char>, out: &mut HashSet<String>| {
        match run.len() {
            0 => {}
            1 => {
                out.insert(run[0].to_string());
            }
            _ => {
                for pair in run.windows(2) {
                    out.insert(pair.iter().collect());
                }
            }
        }
        run.clear();
    };
    for c in text.chars() {
        if unspaced(c) {
            flush_word(&mut word, &mut out);
            run.push(c);
        } else if c.is_alphanumeric() {
            flush_run(&mut run, &mut out);
            word.extend(c.to_lowercase());
        } else {
            flush_word(&mut word, &mut out);
            flush_run(&mut run, &mut out);
        }
    }
    flush_word(&mut word, &mut out);
    flush_run(&mut run, &mut out);
    out
}

/// The share of the smaller text's tokens the other has too, 0..1 (0 when
/// either has none).
#[must_use]
pub fn overlap(a: &str, b: &str) -> f64 {
    let (a, b) = (tokens(a), tokens(b));
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / smaller as f64
}

/// Whether a page's title is the title a citation gives: at least half of
/// the shorter title's words (or character pairs) are in the other. A site
/// name added to the page's title ("… | The Daily") does not stop a match;
/// a different work does.
#[must_use]
pub fn titles_match(cited: &str, page: &str) -> bool {
    overlap(cited, page) >= 0.5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_work_matches_in_other_words_and_scripts() {
        assert!(titles_match(
            "The Nazi-Soviet talks of November 1940",
            "Nazi–Soviet talks, November 1940 | History Today"
        ));
        assert!(titles_match(
            "德蘇軸心談判",
            "德蘇軸心談判 - 维基百科，自由的百科全书"
        ));
    }

    #[test]
    fn another_work_or_a_parking_page_does_not() {
        assert!(!titles_match(
            "The Nazi-Soviet talks of November 1940",
            "Best online casino bonuses 2024"
        ));
        assert!(!titles_match("德蘇軸心談判", "域名出售"));
        assert!(!titles_match("", "Anything"));
        assert!(
            overlap("the of and", "the of and") < f64::EPSILON,
            "stop words say nothing"
        );
    }
}
