//! DOIs, in every form an article writes them: CS1's `doi=` (rendered as
//! `doi:10.…`), `{{doi|…}}`, `https://doi.org/…` and `http://dx.doi.org/…`
//! links (percent-encoded), `doi:10.…` and `DOI: 10.…` in a note's text,
//! and a bare `10.NNNN/…`. Trailing punctuation is not part of a DOI; DOIs
//! are compared without regard to case, so each is kept lower case.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::links::Link;
use crate::article::Article;

/// One DOI at one place in an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Doi {
    /// Normalised: lower case, without its label, address or trailing
    /// punctuation.
    pub doi: String,
    /// As written, without the punctuation after it.
    pub raw: String,
    /// 1-based source line.
    pub line: u32,
    /// The footnote it sits in, if any.
    pub note: Option<String>,
    /// Whether it is a DOI at all: `10.`, a registrant (digits and dots),
    /// `/`, a suffix.
    pub valid: bool,
}

/// A DOI label and what follows it.
static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bdoi\s*[:：]\s*(\S+)|\bDOI\s+(\S+)").expect("the pattern is valid")
});

/// A DOI written bare.
static BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b10\.[0-9]{4,9}(?:\.[0-9]+)*/[^\s<>]+").expect("the pattern is valid")
});

/// The syntax of a DOI: `10.` + registrant + `/` + suffix.
static SYNTAX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^10\.[0-9]+(?:\.[0-9]+)*/\S+$").expect("the pattern is valid"));

/// Whether `doi` (normalised) is a DOI by its syntax.
#[must_use]
pub fn is_valid(doi: &str) -> bool {
    SYNTAX.is_match(doi)
}

/// `raw` without trailing punctuation (a closing bracket only when it
/// closes nothing inside), lower case.
#[must_use]
pub fn normalise(raw: &str) -> String {
    trimmed(raw).to_lowercase()
}

/// `raw` without the punctuation that follows a DOI in a sentence.
fn trimmed(raw: &str) -> &str {
    let mut doi = raw.trim();
    loop {
        let before = doi;
        doi = doi.trim_end_matches(['.', ',', ';', ':', '"', '\'', '”', '’', '。', '，']);
        for (open, close) in [('(', ')'), ('[', ']'), ('{', '}')] {
            if doi.ends_with(close) && doi.matches(open).count() < doi.matches(close).count() {
                doi = &doi[..doi.len() - close.len_utf8()];
            }
        }
        if doi == before {
            break;
        }
    }
    doi
}

impl Doi {
    fn new(raw: &str, line: u32, note: Option<String>) -> Self {
        let raw = trimmed(raw);
        let doi = raw.to_lowercase();
        Self {
            valid: is_valid(&doi),
            doi,
            raw: raw.to_owned(),
            line,
            note,
        }
    }
}

/// The DOI a link leads to, when it is a `doi.org` address.
fn of_link(link: &Link) -> Option<String> {
    let url = url::Url::parse(&link.url).ok()?;
    let host = url.host_str()?.to_ascii_lowercase();
    if !matches!(host.as_str(), "doi.org" | "dx.doi.org" | "www.doi.org") {
        return None;
    }
    let path = url.path().trim_start_matches('/');
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    (!decoded.is_empty()).then(|| decoded.into_owned())
}

/// Every DOI of the article, once per note (or body line), in line order.
#[must_use]
pub fn dois(article: &Article, links: &[Link]) -> Vec<Doi> {
    let mut found = Vec::new();
    for block in &article.blocks {
        let text = &block.text;
        let mut labelled_at = Vec::new();
        for m in LABELLED.captures_iter(text) {
            let Some(value) = m.get(1).or_else(|| m.get(2)) else {
                continue;
            };
            // A DOI link after the label is the link's.
            if value.as_str().starts_with("http") {
                continue;
            }
            if block.in_code(&(value.start()..value.end())) {
                continue;
            }
            labelled_at.push(value.start());
            found.push(Doi::new(
                value.as_str(),
                block.line_at(value.start()),
                block.note_id().map(str::to_owned),
            ));
        }
        for m in BARE.find_iter(text) {
            // Inside an address (`doi.org/10.…`) or after a label: found.
            let inside_url = text[..m.start()].ends_with('/');
            if inside_url || labelled_at.contains(&m.start()) || block.in_code(&m.range()) {
                continue;
            }
            found.push(Doi::new(
                m.as_str(),
                block.line_at(m.start()),
                block.note_id().map(str::to_owned),
            ));
        }
    }
    for link in links {
        if let Some(raw) = of_link(link) {
            found.push(Doi::new(&raw, link.line, link.note.clone()));
        }
    }
    let mut seen = HashSet::new();
    found.retain(|d| {
        let place = d.note.clone().unwrap_or_else(|| format!("line {}", d.line));
        seen.insert((place, d.doi.clone()))
    });
    // In document order: by line, then by note.
    let order: std::collections::HashMap<&str, usize> = article
        .notes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    found.sort_by_key(|d| {
        (
            d.line,
            d.note.as_deref().and_then(|n| order.get(n).copied()),
        )
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::wikitext;
    use std::path::Path;

    fn of(text: &str) -> Vec<(String, bool)> {
        let article = wikitext::read(Path::new("a.wikitext"), text);
        let links = super::super::links::links(&article);
        dois(&article, &links)
            .into_iter()
            .map(|d| (d.doi, d.valid))
            .collect()
    }

    #[test]
    fn every_written_form_is_found_once_and_lower_case() {
        let text = "A.<ref>{{cite journal |title=T |doi=10.1000/XYZ123 |year=2001}}</ref> \
                    B.<ref>See {{doi|10.1038/nature.2012.9872}}.</ref> \
                    C.<ref>Jones, DOI: 10.1016/j.cell.2009.01.002.</ref> \
                    D.<ref>[https://doi.org/10.1093%2Fnar%2Fgkz1021 paper]</ref> \
                    E.<ref>[http://dx.doi.org/10.1000/abc(1)x a] (doi:10.1000/abc(1)x).</ref>\n";
        assert_eq!(
            of(text),
            [
                ("10.1000/xyz123".to_owned(), true),
                ("10.1038/nature.2012.9872".to_owned(), true),
                ("10.1016/j.cell.2009.01.002".to_owned(), true),
                ("10.1093/nar/gkz1021".to_owned(), true),
                ("10.1000/abc(1)x".to_owned(), true),
            ]
        );
    }

    #[test]
    fn what_is_not_a_doi_is_invalid() {
        let text =
            "A.<ref>{{cite journal |title=T |doi=10.abc/1}}</ref> B.<ref>doi: 10.1234</ref>\n";
        assert_eq!(
            of(text),
            [
                ("10.abc/1".to_owned(), false),
                ("10.1234".to_owned(), false)
            ]
        );
        assert!(is_valid("10.1000.10/x"));
        assert!(!is_valid("11.1000/x"));
        assert_eq!(normalise("10.1000/x)."), "10.1000/x");
        assert_eq!(normalise("10.1000/a(b)"), "10.1000/a(b)");
    }
}
