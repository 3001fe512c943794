//! The passage of a page that best matches a sentence: Okapi BM25 over the
//! page's sentences, with the sentence's terms as the query. It runs on the
//! text already fetched, in well under a millisecond for a page.

use std::collections::{HashMap, HashSet};

use super::terms::{each_term, fold_into, term_id, Term, TermBuild};
#[cfg(test)]
use super::terms::{fold, term_ids};

/// BM25's usual constants.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// The most characters of evidence shown.
pub const EVIDENCE_CHARS: usize = 300;

/// A page cut into passages, indexed by term.
#[derive(Debug, Default)]
pub(crate) struct Passages {
    /// The page's text, as it writes it.
    text: String,
    /// Where each passage is in `text`.
    spans: Vec<std::ops::Range<u32>>,
    /// Each passage's terms with their counts, sorted by term, passage
    /// after passage: passage `i`'s are `counts[starts[i]..starts[i + 1]]`.
    counts: Vec<(Term, u32)>,
    starts: Vec<u32>,
    /// How many terms each passage has, counting repeats.
    lengths: Vec<u32>,
    /// In how many passages each term is.
    document_frequency: HashMap<Term, u32, TermBuild>,
    /// Terms of the page's title and summary.
    pub(crate) head: HashSet<Term, TermBuild>,
}

/// The sentences of a line: after `.`, `!` or `?` followed by a space, and
/// after `。`, `！`, `？`, `；`. Cheaper than Unicode's rules, and as good for
/// telling passages apart.
fn sentences(line: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut chars = line.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some((at, c)) = chars.next() {
            let end = at + c.len_utf8();
            let ends = match c {
                '。' | '！' | '？' | '；' => true,
                '.' | '!' | '?' => chars.peek().is_none_or(|(_, next)| next.is_whitespace()),
                _ => false,
            };
            if ends {
                let sentence = &line[start..end];
                start = end;
                return Some(sentence);
            }
        }
        (start < line.len()).then(|| {
            let rest = &line[start..];
            start = line.len();
            rest
        })
    })
}

impl Passages {
    /// Cuts a page's main text (a line per block) into sentences; with the
    /// text folded ([`fold`](super::terms::fold)), a line per line, made as
    /// the sentences are.
    pub(crate) fn of(text: &str) -> (Self, String) {
        let mut passages = Self {
            text: text.to_owned(),
            starts: vec![0],
            ..Self::default()
        };
        let mut folded = String::with_capacity(text.len() + text.len() / 4);
        let mut found: Vec<Term> = Vec::new();
        for line in text.lines() {
            for sentence in sentences(line) {
                let sentence = sentence.trim();
                if sentence.is_empty() {
                    continue;
                }
                let start = folded.len();
                fold_into(sentence, &mut folded);
                let end = folded.len();
                folded.push(' ');
                // A lone character is folded text but no passage.
                if sentence.chars().nth(1).is_none() {
                    continue;
                }
                found.clear();
                each_term(&folded[start..end], &mut |t| found.push(term_id(t)));
                // `line` and `sentence` are slices of `text`.
                let at = sentence.as_ptr() as usize - text.as_ptr() as usize;
                let span =
                    u32::try_from(at).and_then(|s| Ok(s..u32::try_from(at + sentence.len())?));
                let (Ok(span), Ok(length)) = (span, u32::try_from(found.len())) else {
                    continue;
                };
                found.sort_unstable();
                let first = passages.counts.len();
                for &term in &found {
                    match passages.counts[first..].last_mut() {
                        Some((last, n)) if *last == term => *n += 1,
                        _ => passages.counts.push((term, 1)),
                    }
                }
                for (term, _) in &passages.counts[first..] {
                    *passages.document_frequency.entry(*term).or_default() += 1;
                }
                let Ok(end) = u32::try_from(passages.counts.len()) else {
                    passages.counts.truncate(first);
                    continue;
                };
                passages.starts.push(end);
                passages.spans.push(span);
                passages.lengths.push(length);
            }
            folded.push('\n');
        }
        // Kept for the whole run: no room to grow into. What a vector grew
        // into while the page was read was about as much again.
        passages.spans.shrink_to_fit();
        passages.counts.shrink_to_fit();
        passages.starts.shrink_to_fit();
        passages.lengths.shrink_to_fit();
        passages.document_frequency.shrink_to_fit();
        folded.shrink_to_fit();
        (passages, folded)
    }

    /// Passage `i`'s terms and their counts, sorted by term.
    fn counts_of(&self, i: usize) -> &[(Term, u32)] {
        &self.counts[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// Passage `i` as the page writes it.
    fn passage(&self, i: usize) -> &str {
        let span = &self.spans[i];
        &self.text[span.start as usize..span.end as usize]
    }

    /// Roughly how much memory the passages hold, in bytes.
    /// What is allocated counts, not what is used.
    pub(crate) fn approx_bytes(&self) -> usize {
        use std::mem::size_of;
        // A hash table has a control byte per bucket, and buckets to spare.
        let table = |capacity: usize, entry: usize| capacity * 8 / 7 * (entry + 1);
        self.text.capacity()
            + self.spans.capacity() * size_of::<std::ops::Range<u32>>()
            + self.counts.capacity() * size_of::<(Term, u32)>()
            + (self.starts.capacity() + self.lengths.capacity()) * size_of::<u32>()
            + table(self.document_frequency.capacity(), size_of::<(Term, u32)>())
            + table(self.head.capacity(), size_of::<Term>())
    }

    /// Whether the page (its text, title or summary) has `term`.
    pub(crate) fn has(&self, term: Term) -> bool {
        self.document_frequency.contains_key(&term) || self.head.contains(&term)
    }

    /// The passage that best matches `query` (terms of a folded sentence)
    /// with its neighbour when that helps, at most [`EVIDENCE_CHARS`]
    /// characters; `None` when no passage shares a term with it.
    pub(crate) fn best(&self, query: &[Term]) -> Option<String> {
        let n = self.spans.len() as f64;
        if n == 0.0 {
            return None;
        }
        let average = self.lengths.iter().map(|l| f64::from(*l)).sum::<f64>() / n;
        let mut unique: Vec<Term> = query.to_vec();
        unique.sort_unstable();
        unique.dedup();
        // Each query term's weight, once.
        let weights: Vec<(Term, f64)> = unique
            .iter()
            .filter_map(|term| {
                let df = f64::from(*self.document_frequency.get(term)?);
                Some((*term, ((n - df + 0.5) / (df + 0.5) + 1.0).ln()))
            })
            .collect();
        let score = |i: usize| -> f64 {
            let length = f64::from(self.lengths[i]) / average.max(1.0);
            weights
                .iter()
                .map(|(term, idf)| {
                    let counts = self.counts_of(i);
                    let Ok(at) = counts.binary_search_by_key(term, |(t, _)| *t) else {
                        return 0.0;
                    };
                    let tf = f64::from(counts[at].1);
                    idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length))
                })
                .sum()
        };
        let scores: Vec<f64> = (0..self.spans.len()).map(score).collect();
        let (best, top) = scores
            .iter()
            .copied()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(&b.1))?;
        if top <= 0.0 {
            return None;
        }
        let mut evidence = self.passage(best).to_owned();
        // A short passage reads better with the sentence that follows it,
        // when that one matches too.
        if evidence.chars().count() < 120 && scores.get(best + 1).is_some_and(|s| *s > 0.0) {
            evidence.push(' ');
            evidence.push_str(self.passage(best + 1));
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
    fn sentences_end_at_their_punctuation() {
        let found: Vec<&str> = sentences("It rose 1.5 m. Then fell! 然后停了。再来 end").collect();
        assert_eq!(
            found,
            ["It rose 1.5 m.", " Then fell!", " 然后停了。", "再来 end"]
        );
    }

    #[test]
    fn the_passage_sharing_the_rarest_terms_wins() {
        let page = "The city lies on a river.\nIts population reached 1,500,000 in 1990. \
                    The city has a river port.\nTourism grew after 2000.";
        let (passages, folded) = Passages::of(page);
        assert_eq!(folded, fold(page).replace('\n', " \n") + " \n");
        let query = term_ids(&fold("By 1990 the population of the city was 1.5 million."));
        let best = passages.best(&query).unwrap();
        assert!(best.starts_with("Its population reached"), "{best}");
        assert_eq!(passages.best(&term_ids("volcano eruption")), None);
    }

    #[test]
    fn evidence_is_cut_on_a_word() {
        let long = "word ".repeat(100);
        let cut = cut(&long, 20);
        assert!(cut.ends_with('…') && cut.chars().count() <= 21, "{cut}");
    }
}
