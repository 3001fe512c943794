//! Earlier `report.json` files (baselines), read one article at a time into
//! the run's own typed [`Finding`]s and [`ArticleCoverage`], so a run
//! compares with a report of any size without holding it, and with one
//! written by an earlier version of citecheck.
//!
//! This is the only place findings are read from JSON; the findings of the
//! run itself come from its typed reports ([`ArticleReport::findings`]).
//! It never writes anything.
//!
//! [`ArticleReport::findings`]: super::ArticleReport::findings

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{DeserializeOwned, IntoDeserializer};
use serde::{Deserialize, Deserializer};
use thiserror::Error;

use super::findings::{ArticleCoverage, Builder, Finding};
use crate::check::LinkStatus;
use crate::claims::Support;
use crate::extract::IsbnProblem;

/// Why a baseline could not be read.
#[derive(Debug, Error)]
pub enum SnapshotError {
    /// The file could not be read.
    #[error("{path}: cannot read the baseline: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file is not a citecheck report.
    #[error("{path}: not a citecheck report.json: {source}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// What did not parse.
        source: serde_json::Error,
    },
    /// Valid JSON, but not a citecheck report.
    #[error("{path}: not a citecheck report.json (no schema_version and articles)")]
    NotAReport {
        /// The file.
        path: PathBuf,
    },
}

/// One article of an earlier `report.json`, read leniently: missing parts
/// read as empty, unknown fields are ignored, and a status or a name this
/// version does not know reads as none. It is only ever turned into
/// findings and coverage.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct SnapArticle {
    path: String,
    error: Option<String>,
    coverage: SnapCoverage,
    footnotes: SnapFootnotes,
    links: Vec<SnapLink>,
    isbns: Vec<SnapIsbn>,
    dangling_lines: BTreeMap<String, u32>,
    claims: Vec<SnapClaim>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct SnapClaim {
    line: Option<u32>,
    text: String,
    notes: Vec<String>,
    sources: Vec<SnapSource>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct SnapSource {
    url: String,
    #[serde(deserialize_with = "known")]
    support: Option<Support>,
    detail: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct SnapCoverage {
    sentences: SnapTally,
    uncited_paragraphs: Vec<SnapParagraph>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct SnapParagraph {
    line: Option<u32>,
    excerpt: String,
}

#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(default)]
struct SnapTally {
    total: usize,
    cited: usize,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct SnapFootnotes {
    empty: Vec<String>,
    dangling: Vec<String>,
    orphaned: Vec<String>,
    items: Vec<SnapNote>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct SnapNote {
    id: String,
    line: Option<u32>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct SnapLink {
    url: String,
    line: Option<u32>,
    note: Option<String>,
    #[serde(deserialize_with = "known")]
    status: Option<LinkStatus>,
    detail: String,
    failures_a_day_apart: Option<u32>,
    red_link: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct SnapIsbn {
    raw: String,
    line: Option<u32>,
    note: Option<String>,
    valid: bool,
    #[serde(deserialize_with = "known")]
    problem: Option<IsbnProblem>,
}

/// A name as the report spells it (`"dead"`, `"checksum"`,
/// `"unsupported"`), read into its type; a name this version does not know,
/// or none, reads as `None`.
fn known<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
    let name = Option::<String>::deserialize(d)?;
    Ok(name.and_then(|name| {
        let name: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
            name.as_str().into_deserializer();
        T::deserialize(name).ok()
    }))
}

impl SnapArticle {
    /// Its coverage; `None` for an unreadable article.
    fn coverage(&self) -> Option<ArticleCoverage> {
        self.error.is_none().then(|| ArticleCoverage {
            path: self.path.clone(),
            cited: self.coverage.sentences.cited,
            total: self.coverage.sentences.total,
        })
    }

    /// Every problem of the article, as [`super::ArticleReport::findings`]
    /// finds them in the article this JSON was written from.
    fn findings(&self) -> Vec<Finding> {
        let mut found = Builder::new(&self.path);
        if self.error.is_some() {
            return found.finish();
        }
        for (k, l) in self.links.iter().enumerate() {
            let place = (l.url.as_str(), l.line, l.note.as_deref());
            if let Some(status) = l.status {
                found.link(k, status, place, &l.detail, l.failures_a_day_apart);
            }
            if l.red_link {
                found.red_link(k, place, &l.detail);
            }
        }
        for (k, i) in self.isbns.iter().enumerate() {
            if !i.valid {
                found.invalid_isbn(k, (&i.raw, i.line, i.note.as_deref()), i.problem);
            }
        }
        // Each note's line (its first definition), found in one pass.
        let mut lines: HashMap<&str, Option<u32>> = HashMap::new();
        for n in &self.footnotes.items {
            lines.entry(n.id.as_str()).or_insert(n.line);
        }
        let note_line = |id: &str| lines.get(id).copied().flatten();
        for id in &self.footnotes.empty {
            found.empty_note(id, note_line(id));
        }
        for id in &self.footnotes.dangling {
            found.dangling(id, self.dangling_lines.get(id).copied());
        }
        for p in &self.coverage.uncited_paragraphs {
            found.uncited_paragraph(p.line, &p.excerpt);
        }
        for (c, claim) in self.claims.iter().enumerate() {
            let note = claim.notes.first().map(String::as_str);
            let sentence = (claim.text.as_str(), claim.line, note);
            for (k, s) in claim.sources.iter().enumerate() {
                if let Some(support) = s.support {
                    found.claim_source((c, k), sentence, &s.url, support, &s.detail);
                }
            }
        }
        for id in &self.footnotes.orphaned {
            found.orphaned(id, note_line(id));
        }
        found.finish()
    }
}

/// Reads the articles of a `report.json` one at a time, handing each one's
/// coverage (`None` when it was unreadable) and findings to `each`: a report
/// of any size is read without holding it. The file must have a
/// `schema_version` and an `articles` list.
///
/// # Errors
/// The file cannot be read or is not a report.
pub(super) fn read_report_articles(
    path: &Path,
    each: &mut dyn FnMut(Option<ArticleCoverage>, Vec<Finding>),
) -> Result<(), SnapshotError> {
    use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

    type Each<'f> = &'f mut dyn FnMut(Option<ArticleCoverage>, Vec<Finding>);
    struct Top<'f>(Each<'f>);
    struct Articles<'f>(Each<'f>);

    impl<'de> Visitor<'de> for Top<'_> {
        type Value = (bool, bool);
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a citecheck report")
        }
        fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
            let (mut version, mut articles) = (false, false);
            while let Some(key) = map.next_key::<String>()? {
                match key.as_str() {
                    "schema_version" => {
                        version = true;
                        map.next_value::<IgnoredAny>()?;
                    }
                    "articles" => {
                        articles = true;
                        map.next_value_seed(Articles(&mut *self.0))?;
                    }
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Ok((version, articles))
        }
    }
    impl<'de> DeserializeSeed<'de> for Articles<'_> {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_seq(self)
        }
    }
    impl<'de> Visitor<'de> for Articles<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list of articles")
        }
        fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
            while let Some(article) = seq.next_element::<SnapArticle>()? {
                (self.0)(article.coverage(), article.findings());
            }
            Ok(())
        }
    }

    let file = std::fs::File::open(path).map_err(|source| SnapshotError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut reader = serde_json::Deserializer::from_reader(std::io::BufReader::new(file));
    let parse = |source| SnapshotError::Parse {
        path: path.to_path_buf(),
        source,
    };
    let (version, articles) = {
        use serde::Deserializer as _;
        (&mut reader).deserialize_map(Top(each)).map_err(|e| {
            if e.is_data() {
                // Not an object at all: not a report.
                SnapshotError::NotAReport {
                    path: path.to_path_buf(),
                }
            } else {
                parse(e)
            }
        })?
    };
    reader.end().map_err(parse)?;
    if !version || !articles {
        return Err(SnapshotError::NotAReport {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_come_from_links_isbns_and_notes() {
        let snapshot: SnapArticle = serde_json::from_value(serde_json::json!({
                "path": "a.md",
                "links": [
                    {"url": "https://x/ok", "line": 1, "note": null, "status": "ok", "detail": ""},
                    {"url": "https://x/gone", "line": 2, "note": "1", "status": "dead", "detail": "404"},
                    {"url": "mailto:a", "line": 3, "note": null, "status": "excluded", "detail": ""}
                ],
                "isbns": [{"raw": "123", "line": 4, "note": "1", "valid": false, "problem": "length"}],
                "footnotes": {"empty": ["2"], "dangling": ["9"], "orphaned": [],
                              "items": [{"id": "2", "line": 7}]},
                "dangling_lines": {"9": 5}
        }))
        .unwrap();
        let found: Vec<(String, Option<u32>)> = snapshot
            .findings()
            .iter()
            .map(|f| (f.problem.to_string(), f.line))
            .collect();
        assert_eq!(
            found,
            [
                ("dead".to_owned(), Some(2)),
                ("invalid_isbn".to_owned(), Some(4)),
                ("empty_note".to_owned(), Some(7)),
                ("dangling".to_owned(), Some(5)),
            ]
        );
    }

    /// An article with one problem of every kind but the network's.
    fn typed_article() -> super::super::ArticleReport {
        use crate::check::{LinkStatus, Verdict, Verdicts};
        let text = "# All kinds\n\nCited.[^1] Dangling.[^ghost] Empty.[^2] Claimed.[^3]\n\n\
            An uncited paragraph.\n\n[Missing](no-such-file.md) and [gone](https://example.org/gone).\n\n\
            [^1]: Book, ISBN 0-333-80149-1.\n[^2]:\n[^3]: <https://example.org/claim>\n[^4]: Never cited.\n";
        let article = crate::article::markdown::read(Path::new("all.md"), text);
        let found = crate::extract::extract(&article);
        let verdicts = found
            .links
            .iter()
            .map(|l| Verdicts::default().verdict(l))
            .collect();
        let mut a = super::super::ArticleReport::new(&article, found, verdicts);
        for l in &mut a.links {
            if l.link.url.ends_with("/gone") {
                l.verdict = Verdict::new(LinkStatus::Dead, "the server answered 404");
                l.history.failures_a_day_apart = 2;
            }
        }
        a.claims = serde_json::from_value(serde_json::json!([{
            "line": 3, "text": "Claimed.", "notes": ["3"],
            "sources": [{"url": "https://example.org/claim", "support": "unrelated",
                "found": [], "missing": [], "evidence": null, "detail": "another subject"}]
        }]))
        .unwrap();
        a
    }

    #[test]
    fn a_report_read_back_gives_the_findings_of_the_typed_report() {
        let typed = typed_article();
        let found = typed.findings();
        let kinds: Vec<String> = found.iter().map(|f| f.problem.to_string()).collect();
        for kind in [
            "dead",
            "missing_file",
            "invalid_isbn",
            "empty_note",
            "dangling",
        ] {
            assert!(kinds.iter().any(|k| k == kind), "{kind} in {kinds:?}");
        }
        for kind in ["uncited_paragraph", "unsupported", "orphaned"] {
            assert!(kinds.iter().any(|k| k == kind), "{kind} in {kinds:?}");
        }
        let json = serde_json::to_vec(&typed).unwrap();
        let read: SnapArticle = serde_json::from_slice(&json).unwrap();
        assert_eq!(read.findings(), found);
        assert_eq!(read.coverage(), typed.sentence_coverage());

        let unreadable =
            super::super::ArticleReport::unreadable(Path::new("gone.md"), "no such file".into());
        let read: SnapArticle =
            serde_json::from_slice(&serde_json::to_vec(&unreadable).unwrap()).unwrap();
        assert_eq!((read.findings(), read.coverage()), (Vec::new(), None));
        assert_eq!(unreadable.findings(), Vec::new());
    }

    #[test]
    fn names_this_version_does_not_know_read_as_none() {
        let read: SnapArticle = serde_json::from_value(serde_json::json!({
            "path": "a.md",
            "links": [{"url": "https://x/", "line": 1, "status": "vanished", "detail": ""}],
            "isbns": [{"raw": "1", "line": 2, "valid": false, "problem": "cursed"}],
            "claims": [{"line": 3, "text": "T.", "notes": [], "sources": [{"url": "u", "support": "doubtful", "detail": ""}]}]
        }))
        .unwrap();
        let found = read.findings();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].detail, "it fails validation");
    }
}
