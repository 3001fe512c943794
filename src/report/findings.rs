//! Findings: every problem in a report as one flat list (a dead link, an
//! invalid ISBN, a dangling marker, …), each with its article, line and
//! identity. The CI gate, the baseline, SARIF, the GitHub annotations and
//! every renderer's list of what to fix read this one list.
//!
//! The findings of this run are read off the typed [`ArticleReport`]
//! ([`ArticleReport::findings`]); an earlier `report.json` (a baseline) is
//! read by `report/snapshot.rs` into the same [`Finding`]s, made by the same
//! `Builder`, so both give the same findings for the same article. Nothing
//! here parses JSON or formats a report.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::model::ArticleReport;
use crate::check::LinkStatus;
use crate::claims::Support;
use crate::extract::IsbnProblem;

pub use super::problem::Problem;

/// One problem at one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What is wrong.
    pub problem: Problem,
    /// The article, as its report names it.
    pub path: String,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// What is wrong: the URL, the ISBN as written, or the note's id.
    pub subject: String,
    /// The footnote it sits in, if any.
    pub note: Option<String>,
    /// One human sentence.
    pub detail: String,
    /// For a dead web link: failed checks at least a day apart, when a
    /// history is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failures_a_day_apart: Option<u32>,
    /// The item of its article's report it was made from, for a renderer
    /// that shows more of it (a link's archived copy, a claim's passage);
    /// `None` for a note or a paragraph, whose id or excerpt says it all.
    #[serde(skip)]
    pub(crate) item: Option<Item>,
    /// For a dead link, the fixes `citecheck fix` makes for it (on the
    /// first finding of its URL), for the renderers that offer them.
    #[serde(skip)]
    pub fixes: Vec<crate::fix::Fix>,
}

/// Which item of an article's report a [`Finding`] was made from: its place
/// in the article's list of links, ISBNs or claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Item {
    /// `links[i]`.
    Link(usize),
    /// `isbns[i]`.
    Isbn(usize),
    /// `dois[i]`.
    Doi(usize),
    /// `claims[claim].sources[source]`.
    Claim {
        /// The claim's place.
        claim: usize,
        /// The source's place among the claim's.
        source: usize,
    },
}

/// The findings of links an editor should fix in the text, most serious
/// first: dead ones (`dead`, `soft_404`, `missing_file`), then permanently
/// redirected ones; by line within each status.
#[must_use]
pub fn links_to_fix(findings: &[Finding]) -> Vec<&Finding> {
    let mut links: Vec<&Finding> = findings
        .iter()
        .filter(|f| {
            matches!(f.problem, Problem::Link(status)
                if status.is_dead() || status == LinkStatus::Redirected)
        })
        .collect();
    links.sort_by_key(|f| (f.problem, f.line));
    links
}

/// The findings of one kind, in document order.
pub fn of_kind(findings: &[Finding], problem: Problem) -> impl Iterator<Item = &Finding> {
    findings.iter().filter(move |f| f.problem == problem)
}

impl Finding {
    /// For a finding about a link: its place in its article's `links`.
    #[must_use]
    pub fn link_index(&self) -> Option<usize> {
        match self.item {
            Some(Item::Link(i)) => Some(i),
            _ => None,
        }
    }

    /// What stays the same about a problem from run to run: the article (its
    /// path normalised: `./a.md` and `a.md` are one article) and the subject
    /// — the URL, the ISBN, the note id — not the line, and not the note a
    /// link sits in: lines move when text is edited, and a citation added
    /// above renumbers every note after it. Dead, soft-404 and missing-file
    /// links are one kind here, so a dead link turning into a soft 404 is not
    /// news.
    #[must_use]
    pub fn identity(&self) -> Identity {
        let kind = if self.problem.is_dead_link() {
            "dead"
        } else {
            self.problem.as_str()
        };
        (kind, normalize_path(&self.path), self.subject.clone())
    }
}

/// What identifies a finding across runs: kind, article, subject.
pub type Identity = (&'static str, String, String);

/// An article path in one spelling: relative to the working directory when it
/// lies inside it, `.` and `..` resolved.
#[must_use]
pub fn normalize_path(path: &str) -> String {
    // The folder is asked once: this runs for every finding of a run.
    static CWD: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    let path = Path::new(path);
    let relative = CWD
        .get_or_init(|| std::env::current_dir().ok())
        .as_ref()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    let mut parts: Vec<std::path::Component<'_>> = Vec::new();
    for part in relative.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir
                if matches!(parts.last(), Some(std::path::Component::Normal(_))) =>
            {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.iter().collect::<PathBuf>().display().to_string()
}

/// The coverage of one article.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleCoverage {
    /// The article, as its report names it.
    pub path: String,
    /// Cited sentences.
    pub cited: usize,
    /// All sentences.
    pub total: usize,
}

impl ArticleCoverage {
    /// The share of cited sentences, 0..1 (1 when there are none).
    #[must_use]
    pub fn share(&self) -> f64 {
        share(self.cited, self.total)
    }
}

/// `part / whole`, with nothing to share counted as all shared.
#[must_use]
pub fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// Makes an article's findings, whatever they are read from (the typed
/// report of this run, or an earlier `report.json`): what each kind of
/// finding says is written here once. Callers hand the kinds over in the
/// order reports list them: links, ISBNs, empty notes, dangling markers,
/// uncited paragraphs, claims, orphaned notes.
#[derive(Debug)]
pub(super) struct Builder<'a> {
    path: &'a str,
    all: Vec<Finding>,
}

impl<'a> Builder<'a> {
    /// No findings yet, for the article at `path`.
    pub(super) fn new(path: &'a str) -> Self {
        Self {
            path,
            all: Vec::new(),
        }
    }

    fn push(
        &mut self,
        problem: Problem,
        line: Option<u32>,
        subject: String,
        note: Option<&str>,
        detail: String,
    ) -> &mut Finding {
        self.all.push(Finding {
            problem,
            path: self.path.to_owned(),
            line,
            subject,
            note: note.map(str::to_owned),
            detail,
            failures_a_day_apart: None,
            item: None,
            fixes: Vec::new(),
        });
        let last = self.all.len() - 1;
        &mut self.all[last]
    }

    /// Link `i`: a finding unless it is fine or was not judged.
    pub(super) fn link(
        &mut self,
        i: usize,
        status: LinkStatus,
        (url, line, note): (&str, Option<u32>, Option<&str>),
        detail: &str,
        failures_a_day_apart: Option<u32>,
    ) {
        if matches!(
            status,
            LinkStatus::Ok | LinkStatus::Excluded | LinkStatus::Unchecked
        ) {
            return;
        }
        let finding = self.push(
            Problem::Link(status),
            line,
            url.to_owned(),
            note,
            detail.to_owned(),
        );
        finding.failures_a_day_apart = failures_a_day_apart;
        finding.item = Some(Item::Link(i));
    }

    /// Link `i`, a link to another article that the folder holding the
    /// wiki does not have.
    pub(super) fn red_link(
        &mut self,
        i: usize,
        (url, line, note): (&str, Option<u32>, Option<&str>),
        detail: &str,
    ) {
        self.push(
            Problem::RedLink,
            line,
            url.to_owned(),
            note,
            detail.to_owned(),
        )
        .item = Some(Item::Link(i));
    }

    /// ISBN `i`, which failed validation, and why.
    pub(super) fn invalid_isbn(
        &mut self,
        i: usize,
        (raw, line, note): (&str, Option<u32>, Option<&str>),
        problem: Option<IsbnProblem>,
    ) {
        let why = problem.map_or("it fails validation", IsbnProblem::describe);
        self.push(
            Problem::InvalidIsbn,
            line,
            raw.to_owned(),
            note,
            why.to_owned(),
        )
        .item = Some(Item::Isbn(i));
    }

    /// DOI `i`, which is none by its syntax.
    pub(super) fn invalid_doi(
        &mut self,
        i: usize,
        (raw, line, note): (&str, Option<u32>, Option<&str>),
    ) {
        self.push(
            Problem::InvalidDoi,
            line,
            raw.to_owned(),
            note,
            "not a DOI: a DOI is 10., a registrant, / and a suffix".to_owned(),
        )
        .item = Some(Item::Doi(i));
    }

    /// A note with no text, defined at `line`.
    pub(super) fn empty_note(&mut self, id: &str, line: Option<u32>) {
        let detail = format!("note [{id}] has no text");
        self.push(Problem::EmptyNote, line, id.to_owned(), Some(id), detail);
    }

    /// A marker pointing at no note, first met at `line`.
    pub(super) fn dangling(&mut self, id: &str, line: Option<u32>) {
        let detail = format!("marker [{id}] points at no note");
        self.push(Problem::Dangling, line, id.to_owned(), Some(id), detail);
    }

    /// A paragraph with no citation, starting at `line`.
    pub(super) fn uncited_paragraph(&mut self, line: Option<u32>, excerpt: &str) {
        let detail = "no sentence of the paragraph cites a source".to_owned();
        self.push(
            Problem::UncitedParagraph,
            line,
            excerpt.to_owned(),
            None,
            detail,
        );
    }

    /// Source `source` of claim `claim`, whose sentence is `text` (at
    /// `line`, cited first by `note`): a finding when the page does not
    /// back it.
    pub(super) fn claim_source(
        &mut self,
        (claim, source): (usize, usize),
        (text, line, note): (&str, Option<u32>, Option<&str>),
        url: &str,
        support: Support,
        detail: &str,
    ) {
        if !support.is_flag() {
            return;
        }
        // The sentence's opening words and the page: the same page can fail
        // one sentence and back another.
        let opening: String = text.chars().take(60).collect();
        self.push(
            Problem::Unsupported,
            line,
            format!("{opening} ← {url}"),
            note,
            format!("{url} ({}): {detail}", support.as_str()),
        )
        .item = Some(Item::Claim { claim, source });
    }

    /// A note no marker points at, defined at `line`.
    pub(super) fn orphaned(&mut self, id: &str, line: Option<u32>) {
        let detail = format!("note [{id}] is never referenced");
        self.push(Problem::Orphaned, line, id.to_owned(), Some(id), detail);
    }

    /// The findings, in the order they were handed over.
    pub(super) fn finish(self) -> Vec<Finding> {
        self.all
    }
}

impl ArticleReport {
    /// Every problem of the article, in document order within a kind: the
    /// one list the gate, the baseline and the renderers read. An
    /// unreadable article has none.
    #[must_use]
    pub fn findings(&self) -> Vec<Finding> {
        let mut found = Builder::new(&self.path);
        if self.error.is_some() {
            return found.finish();
        }
        for (k, l) in self.links.iter().enumerate() {
            let place = (
                l.link.url.as_str(),
                Some(l.link.line),
                l.link.note.as_deref(),
            );
            let failures = Some(l.history.failures_a_day_apart);
            // A link its citation rescues sends readers to the copy.
            if !l.rescued {
                found.link(k, l.verdict.status, place, &l.verdict.detail, failures);
            }
            if l.red_link {
                found.red_link(k, place, &l.verdict.detail);
            }
        }
        for (k, i) in self.isbns.iter().map(|i| &i.isbn).enumerate() {
            if !i.valid {
                found.invalid_isbn(k, (&i.raw, Some(i.line), i.note.as_deref()), i.problem);
            }
        }
        for (k, d) in self.dois.iter().map(|d| &d.doi).enumerate() {
            if !d.valid {
                found.invalid_doi(k, (&d.raw, Some(d.line), d.note.as_deref()));
            }
        }
        // Each note's line (its first definition), found in one pass.
        let mut lines: HashMap<&str, u32> = HashMap::new();
        for n in &self.footnotes.items {
            lines.entry(n.id.as_str()).or_insert(n.line);
        }
        let note_line = |id: &str| lines.get(id).copied();
        for id in &self.footnotes.empty {
            found.empty_note(id, note_line(id));
        }
        for id in &self.footnotes.dangling {
            found.dangling(id, self.dangling_lines.get(id).copied());
        }
        for p in &self.coverage.uncited_paragraphs {
            found.uncited_paragraph(Some(p.line), &p.excerpt);
        }
        for (c, claim) in self.claims.iter().enumerate() {
            let note = claim.notes.first().map(String::as_str);
            let sentence = (claim.text.as_str(), Some(claim.line), note);
            for (k, s) in claim.sources.iter().enumerate() {
                found.claim_source((c, k), sentence, &s.url, s.support, &s.detail);
            }
        }
        for id in &self.footnotes.orphaned {
            found.orphaned(id, note_line(id));
        }
        let mut all = found.finish();
        if !self.fixes.is_empty() {
            let mut offered = std::collections::HashSet::new();
            for f in &mut all {
                let Some(link) = f.link_index().and_then(|i| self.links.get(i)) else {
                    continue;
                };
                if offered.insert(link.link.url.as_str()) {
                    f.fixes = self
                        .fixes
                        .iter()
                        .filter(|fix| fix.url == link.link.url)
                        .cloned()
                        .collect();
                }
            }
        }
        all
    }

    /// Its sentence coverage; `None` for an unreadable article.
    #[must_use]
    pub fn sentence_coverage(&self) -> Option<ArticleCoverage> {
        self.error.is_none().then(|| ArticleCoverage {
            path: self.path.clone(),
            cited: self.coverage.sentences.cited,
            total: self.coverage.sentences.total,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_ignores_the_line_and_the_kind_of_deadness() {
        let f = |problem, line| Finding {
            problem,
            path: "a.md".into(),
            line: Some(line),
            subject: "https://x/".into(),
            note: Some("3".into()),
            detail: String::new(),
            failures_a_day_apart: None,
            item: None,
            fixes: Vec::new(),
        };
        assert_eq!(
            f(Problem::Link(LinkStatus::Dead), 3).identity(),
            f(Problem::Link(LinkStatus::Soft404), 9).identity()
        );
        assert_ne!(
            f(Problem::Link(LinkStatus::Dead), 3).identity(),
            f(Problem::Link(LinkStatus::Redirected), 3).identity()
        );
    }
}
