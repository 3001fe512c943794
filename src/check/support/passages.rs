//! The passage of a page that best matches a sentence: Okapi BM25 over the
//! page's sentences, with the sentence's terms as the query. It runs on the
//! text already fetched, in well under a millisecond for a page.

use std::collections::{HashMap, HashSet};

use unicode_segmentation::UnicodeSegmentation;

use super::terms::{fold, terms};

/// BM25's usual constants.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// The most characters of evidence shown.
pub const EVIDENCE_CHARS: usize = 300;

/// A page cut into passages, indexed by term.
#[derive(Debug, Default)]
pub(crate) struct Passages {
    /// Each passage as the page writes it.
    texts: Vec<String>,
    /// Each passage's terms and their counts.
    counts: Vec<HashMap<String, u32>>,
    lengths: Vec<usize>,
    /// In how many passages each term is.
    document_frequency: HashMap<String, u32>,
    /// Every term of the page.
    pub(crate) vocabulary: HashSet<String>,
}

impl Passages {
    /// Cuts a page's main text (a line per block) into sentences.
    pub(crate) fn of(text: &str) -> Self {
        let mut passages = Self::default();
        for line in text.lines() {
            for sentence in line.unicode_sentences() {
                let sentence = sentence.trim();
                if sentence.chars().count() < 2 {
                    continue;
                }
                let mut counts: HashMap<String, u32> = HashMap::new();
                let found = terms(&fold(sentence));
                let length = found.len();
                for term in found {
                    *counts.entry(term).or_default() += 1;
                }
                for term in counts.keys() {
                    *passages.document_frequency.entry(term.clone()).or_default() += 1;
                    passages.vocabulary.insert(term.clone());
                }
                passages.texts.push(sentence.to_owned());
                passages.counts.push(counts);
                passages.lengths.push(length);
            }
        }
        passages
    }

    /// The passage that best matches `query` (terms of a folded sentence)
    /// with its neighbour when that helps, at most [`EVIDENCE_CHARS`]
    /// characters; `None` when no passage shares a term with it.
    pub(crate) fn best(&self, query: &[String]) -> Option<String> {
        let n = self.texts.len() as f64;
        if n == 0.0 {
            return None;
        }
        let average = self.lengths.iter().sum::<usize>() as f64 / n;
        let unique: HashSet<&String> = query.iter().collect();
        let score = |i: usize| -> f64 {
            unique
                .iter()
                .map(|term| {
                    let tf = f64::from(self.counts[i].get(*term).copied().unwrap_or(0));
                    if tf == 0.0 {
                        return 0.0;
                    }
                    let df = f64::from(self.document_frequency.get(*term).copied().unwrap_or(0));
                    let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
                    let length = self.lengths[i] as f64 / average.max(1.0);
                    idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length))
                })
                .sum()
        };
        let scores: Vec<f64> = (0..self.texts.len()).map(score).collect();
        let (best, top) = scores
            .iter()
            .copied()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(&b.1))?;
        if top <= 0.0 {
            return None;
        }
        let mut evidence = self.texts[best].clone();
        // A short passage reads better with the sentence that follows it,
        // when that one matches too.
        if evidence.chars().count() < 120 && scores.get(best + 1).is_some_and(|s| *s > 0.0) {
            evidence.push(' ');
            evidence.push_str(&self.texts[best + 1]);
        }
        Some(cut(&evidence, EVIDENCE_CHARS))
    }
}

/// `text` cut at `max` characters, on a word where it can be, with "…".
pub(crate) fn cut(text: &str, max: usize) -> String {
    let Some((at, _)) = text.char_indices().nth(max) else {
        return text.to_owned();
    };
    let head = &text[..at];
    let head = match head.rfind(' ') {
        Some(space) if space > at / 2 => &head[..space],
        _ => head,
    };
    format!("{}…", head.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_passage_sharing_the_rarest_terms_wins() {
        let page = "The city lies on a river.\nIts population reached 1,500,000 in 1990. \
                    The city has a river port.\nTourism grew after 2000.";
        let passages = Passages::of(page);
        let query = terms(&fold("By 1990 the population of the city was 1.5 million."));
        let best = passages.best(&query).unwrap();
        assert!(best.starts_with("Its population reached"), "{best}");
        assert_eq!(passages.best(&terms("volcano eruption")), None);
    }

    #[test]
    fn evidence_is_cut_on_a_word() {
        let long = "word ".repeat(100);
        let cut = cut(&long, 20);
        assert!(cut.ends_with('…') && cut.chars().count() <= 21, "{cut}");
    }
}
