//! Findings: every problem in a report as one flat list (a dead link, an
//! invalid ISBN, a dangling marker, …), each with its article, line and
//! identity. The CI gate, the baseline, SARIF, the GitHub annotations and
//! every renderer's list of what to fix read this one list.
//!
//! The findings of this run are read off the typed [`ArticleReport`]
//! ([`ArticleReport::findings`]); an earlier `report.json` (a baseline) is
//! read by [`super::snapshot`] into the same [`Finding`]s, made by the same
//! [`Builder`], so both give the same findings for the same article. Nothing
//! here parses JSON or formats a report.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Serialize, Serializer};

use super::model::ArticleReport;
use crate::check::support::Support;
use crate::check::LinkStatus;
use crate::extract::IsbnProblem;

pub use super::snapshot::SnapshotError;

/// A kind of problem, as `fail_on` names it: a link status (other than
/// `ok`), or `invalid_isbn`, `empty_note`, `dangling`, `uncited_paragraph`,
/// `unsupported`, `orphaned`. Ordered
/// link problems first, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Problem {
    /// A link with this status.
    Link(LinkStatus),
    /// An ISBN that failed validation.
    InvalidIsbn,
    /// A note with no text.
    EmptyNote,
    /// A marker pointing at no note.
    Dangling,
    /// A paragraph of prose with no citation at all.
    UncitedParagraph,
    /// A cited page that does not back its sentence: a fact of the
    /// sentence is not on it, or it is about something else (a claim source
    /// judged `unsupported` or `unrelated`). Never fails a build unless
    /// asked.
    Unsupported,
    /// A note no marker points at.
    Orphaned,
}

impl Problem {
    /// What fails the build when nothing else is configured: the report
    /// contract's dead links and invalid ISBNs.
    pub const DEFAULT_FAIL_ON: [Self; 4] = [
        Self::Link(LinkStatus::Dead),
        Self::Link(LinkStatus::Soft404),
        Self::Link(LinkStatus::MissingFile),
        Self::InvalidIsbn,
    ];

    /// The problem's name, as `fail_on` spells it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Link(status) => status.as_str(),
            Self::InvalidIsbn => "invalid_isbn",
            Self::EmptyNote => "empty_note",
            Self::Dangling => "dangling",
            Self::UncitedParagraph => "uncited_paragraph",
            Self::Unsupported => "unsupported",
            Self::Orphaned => "orphaned",
        }
    }

    /// Reads a name as `fail_on` spells it.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "invalid_isbn" => Some(Self::InvalidIsbn),
            "empty_note" => Some(Self::EmptyNote),
            "dangling" => Some(Self::Dangling),
            "orphaned" => Some(Self::Orphaned),
            "uncited_paragraph" => Some(Self::UncitedParagraph),
            "unsupported" => Some(Self::Unsupported),
            // Not problems: a link that is fine, or that nobody checked.
            "ok" | "excluded" | "unchecked" => None,
            other => LinkStatus::parse(other).map(Self::Link),
        }
    }

    /// Every name `parse` accepts, for error messages.
    #[must_use]
    pub fn names() -> Vec<&'static str> {
        let mut names: Vec<&str> = LinkStatus::ALL
            .iter()
            .filter(|s| {
                !matches!(
                    s,
                    LinkStatus::Ok | LinkStatus::Excluded | LinkStatus::Unchecked
                )
            })
            .map(|s| s.as_str())
            .collect();
        names.extend([
            "invalid_isbn",
            "empty_note",
            "dangling",
            "uncited_paragraph",
            "unsupported",
            "orphaned",
        ]);
        names
    }

    /// Whether the contract counts it as a dead link.
    #[must_use]
    pub fn is_dead_link(self) -> bool {
        matches!(self, Self::Link(status) if status.is_dead())
    }

    /// A short title, for annotations and SARIF rules.
    #[must_use]
    pub fn title(self) -> String {
        match self {
            Self::Link(LinkStatus::Dead) => "dead link".into(),
            Self::Link(LinkStatus::Soft404) => "soft 404".into(),
            Self::Link(LinkStatus::MissingFile) => "missing file".into(),
            Self::Link(status) => format!("link {status}"),
            Self::InvalidIsbn => "invalid ISBN".into(),
            Self::EmptyNote => "empty note".into(),
            Self::Dangling => "dangling marker".into(),
            Self::UncitedParagraph => "uncited paragraph".into(),
            Self::Unsupported => "unsupported claim".into(),
            Self::Orphaned => "orphaned note".into(),
        }
    }
}

impl Problem {
    /// What the problem is, in a sentence or two: SARIF's
    /// `fullDescription`, shown by code-scanning views beside each result.
    #[must_use]
    pub fn description(self) -> &'static str {
        match self {
            Self::Link(LinkStatus::Dead) => "The cited page answered 404, 410 or another 4xx that is not a refusal, directly or after redirects: readers following the citation find nothing.",
            Self::Link(LinkStatus::Soft404) => "The cited page answers 200 but is an error page: its title says the page does not exist, it is the site's own answer for an address that never existed, or the deep link is sent to the site's home page.",
            Self::Link(LinkStatus::MissingFile) => "A relative link points at a file that does not exist in the repository.",
            Self::Link(LinkStatus::Redirected) => "The cited page moved permanently (301 or 308) and is found at another address.",
            Self::Link(LinkStatus::Blocked) => "The site refuses automated checks (401, 403, 429, 999): the link is unverified, not known to be dead.",
            Self::Link(LinkStatus::ServerError) => "The site answered with a server error (5xx) on every attempt; often temporary.",
            Self::Link(LinkStatus::Timeout) => "No complete answer arrived within the time limit, on every attempt.",
            Self::Link(LinkStatus::Unreachable) => "The site could not be reached: its name does not resolve, the connection was refused or reset, the secure connection failed, or the redirects loop.",
            Self::Link(LinkStatus::Invalid) => "The link is not a well-formed address, or points outside the repository.",
            Self::Link(LinkStatus::Excluded | LinkStatus::Unchecked | LinkStatus::Ok) => "The link was not judged.",
            Self::InvalidIsbn => "An ISBN whose length, prefix or check digit is wrong: it identifies no book, or the wrong one.",
            Self::EmptyNote => "A footnote with no text: the sentence that cites it is effectively uncited.",
            Self::Dangling => "A footnote marker that points at no note.",
            Self::UncitedParagraph => "A paragraph of prose none of whose sentences cites a source: its claims cannot be checked.",
            Self::Unsupported => "The cited page does not say what the sentence says: a number, date or name of the sentence is not on it, or the page is about something else (another subject, a parked domain, a spam takeover). Read by matching the sentence's facts against the page's text, without a language model.",
            Self::Orphaned => "A note that no marker in the text points at.",
        }
    }

    /// What to do about it: SARIF's `help`, shown under each result.
    #[must_use]
    pub fn help(self) -> &'static str {
        match self {
            Self::Link(LinkStatus::Dead | LinkStatus::Soft404) => "Replace the link with an archived copy (the report gives one when the web archive has it) or with another source for the same claim; mark the citation dead if neither exists.",
            Self::Link(LinkStatus::MissingFile) => "Fix the path, or create the page it points at.",
            Self::Link(LinkStatus::Redirected) => "Update the citation to the final address the report gives.",
            Self::Link(LinkStatus::Blocked) => "Open the link in a browser to confirm it; list the host under [hosts] in citecheck.toml with a lower rate if it limits checks.",
            Self::Link(LinkStatus::ServerError | LinkStatus::Timeout | LinkStatus::Unreachable) => "Check again later; with --confirm N a link counts as dead only after N failed checks a day apart.",
            Self::Link(LinkStatus::Invalid) => "Correct the address as written in the article.",
            Self::Link(LinkStatus::Excluded | LinkStatus::Unchecked | LinkStatus::Ok) => "Nothing to do.",
            Self::InvalidIsbn => "Check the ISBN against the book's copyright page or a library catalogue and correct the digits.",
            Self::EmptyNote => "Write the note's source (author, title, publisher or URL, date), or remove the marker.",
            Self::Dangling => "Add the missing note, or correct the marker's label.",
            Self::UncitedParagraph => "Cite a source for the paragraph's claims, or tag it as needing one.",
            Self::Unsupported => "Read the cited page: correct the sentence, cite a source that backs it, or tag it as failing verification.",
            Self::Orphaned => "Cite the note where its claim is made, or remove it.",
        }
    }

    /// The problem as a noun, for one of them: "dead link", "unsupported
    /// claim". Reports put it after a count of one.
    #[must_use]
    pub fn noun(self) -> &'static str {
        self.nouns().0
    }

    /// The noun for several of them: "dead links", "links with a server
    /// error". Written out for each kind, never the singular with an "s"
    /// added, so no report says "unsupporteds".
    #[must_use]
    pub fn plural(self) -> &'static str {
        self.nouns().1
    }

    /// The noun that fits a count: [`Problem::noun`] for one,
    /// [`Problem::plural`] for any other number.
    #[must_use]
    pub fn noun_for(self, count: usize) -> &'static str {
        if count == 1 {
            self.noun()
        } else {
            self.plural()
        }
    }

    /// (singular, plural).
    fn nouns(self) -> (&'static str, &'static str) {
        match self {
            Self::Link(LinkStatus::Dead) => ("dead link", "dead links"),
            Self::Link(LinkStatus::Soft404) => ("soft-404 link", "soft-404 links"),
            Self::Link(LinkStatus::MissingFile) => ("missing file", "missing files"),
            Self::Link(LinkStatus::Redirected) => ("redirected link", "redirected links"),
            Self::Link(LinkStatus::Blocked) => ("blocked link", "blocked links"),
            Self::Link(LinkStatus::ServerError) => {
                ("link with a server error", "links with a server error")
            }
            Self::Link(LinkStatus::Timeout) => ("timed-out link", "timed-out links"),
            Self::Link(LinkStatus::Unreachable) => ("unreachable link", "unreachable links"),
            Self::Link(LinkStatus::Invalid) => ("invalid link", "invalid links"),
            Self::Link(LinkStatus::Excluded) => ("excluded link", "excluded links"),
            Self::Link(LinkStatus::Unchecked) => ("unchecked link", "unchecked links"),
            Self::Link(LinkStatus::Ok) => ("working link", "working links"),
            Self::InvalidIsbn => ("invalid ISBN", "invalid ISBNs"),
            Self::EmptyNote => ("empty note", "empty notes"),
            Self::Dangling => ("dangling marker", "dangling markers"),
            Self::UncitedParagraph => ("uncited paragraph", "uncited paragraphs"),
            Self::Unsupported => ("unsupported claim", "unsupported claims"),
            Self::Orphaned => ("orphaned note", "orphaned notes"),
        }
    }

    /// What several of them are, said after their number: "3 *links are
    /// dead: the page is gone*". The "what to fix" list of the HTML report
    /// says it of a group of one kind.
    #[must_use]
    pub fn sentence(self) -> &'static str {
        match self {
            Self::Link(LinkStatus::Dead) => "links are dead: the page is gone",
            Self::Link(LinkStatus::Soft404) => "links lead to a page that says it was not found",
            Self::Link(LinkStatus::MissingFile) => {
                "relative links point at files that do not exist"
            }
            Self::Link(LinkStatus::Redirected) => "links are redirected: update the citations",
            Self::Link(LinkStatus::Blocked) => "links are on sites that refuse automated checks",
            Self::Link(LinkStatus::ServerError) => "links answered with a server error",
            Self::Link(LinkStatus::Timeout) => "links gave no answer in time",
            Self::Link(LinkStatus::Unreachable) => "links lead to sites that cannot be reached",
            Self::Link(LinkStatus::Invalid) => "links are not well-formed addresses",
            Self::Link(LinkStatus::Excluded) => "links were left out of the check",
            Self::Link(LinkStatus::Unchecked) => "links were not checked",
            Self::Link(LinkStatus::Ok) => "links work",
            Self::InvalidIsbn => "ISBNs are invalid",
            Self::EmptyNote => "notes are empty: they cite nothing",
            Self::Dangling => "markers point at no note",
            Self::UncitedParagraph => "paragraphs have no citation at all",
            Self::Unsupported => "cited pages may not back their sentences",
            Self::Orphaned => "notes are never cited in the text",
        }
    }

    /// Where the problem stands in reports: links by urgency, then the rest.
    fn rank(self) -> (u8, usize) {
        match self {
            Self::Link(status) => (0, status.urgency()),
            Self::InvalidIsbn => (1, 0),
            Self::Dangling => (1, 1),
            Self::Unsupported => (1, 2),
            Self::EmptyNote => (1, 3),
            Self::UncitedParagraph => (1, 4),
            Self::Orphaned => (1, 5),
        }
    }
}

impl Ord for Problem {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.rank().cmp(&other.rank())
    }
}

impl PartialOrd for Problem {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Problem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

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
}

/// Which item of an article's report a [`Finding`] was made from: its place
/// in the article's list of links, ISBNs or claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Item {
    /// `links[i]`.
    Link(usize),
    /// `isbns[i]`.
    Isbn(usize),
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
            found.link(k, l.verdict.status, place, &l.verdict.detail, failures);
        }
        for (k, i) in self.isbns.iter().map(|i| &i.isbn).enumerate() {
            if !i.valid {
                found.invalid_isbn(k, (&i.raw, Some(i.line), i.note.as_deref()), i.problem);
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
        found.finish()
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
    fn problem_names_read_back() {
        for name in Problem::names() {
            assert_eq!(Problem::parse(name).map(Problem::as_str), Some(name));
        }
        assert_eq!(Problem::parse("ok"), None);
        assert_eq!(Problem::parse("deadish"), None);
    }

    /// Every problem a report can hold, link statuses that are no problem
    /// included (the enum can hold them).
    fn every_problem() -> Vec<Problem> {
        // A new kind fails to compile here until it is listed below.
        let listed = |p: Problem| match p {
            Problem::Link(_)
            | Problem::InvalidIsbn
            | Problem::EmptyNote
            | Problem::Dangling
            | Problem::UncitedParagraph
            | Problem::Unsupported
            | Problem::Orphaned => p,
        };
        LinkStatus::ALL
            .into_iter()
            .map(Problem::Link)
            .chain([
                Problem::InvalidIsbn,
                Problem::EmptyNote,
                Problem::Dangling,
                Problem::UncitedParagraph,
                Problem::Unsupported,
                Problem::Orphaned,
            ])
            .map(listed)
            .collect()
    }

    #[test]
    fn every_problem_s_plural_is_its_noun_phrase_with_the_head_noun_in_the_plural() {
        // The nouns problems are named by, and their plurals: a plural is
        // the singular with exactly one of these nouns made plural, so an
        // adjective with an "s" ("unsupporteds") cannot pass.
        const NOUNS: [(&str, &str); 7] = [
            ("link", "links"),
            ("file", "files"),
            ("ISBN", "ISBNs"),
            ("marker", "markers"),
            ("paragraph", "paragraphs"),
            ("claim", "claims"),
            ("note", "notes"),
        ];
        for problem in every_problem() {
            let (one, many) = (problem.noun(), problem.plural());
            let one_words: Vec<&str> = one.split(' ').collect();
            let many_words: Vec<&str> = many.split(' ').collect();
            assert_eq!(
                one_words.len(),
                many_words.len(),
                "{problem}: {one} / {many}"
            );
            let changed: Vec<(&str, &str)> = one_words
                .iter()
                .zip(&many_words)
                .filter(|(a, b)| a != b)
                .map(|(a, b)| (*a, *b))
                .collect();
            assert!(
                matches!(changed.as_slice(), [pair] if NOUNS.contains(pair)),
                "{problem}: \"{many}\" is not \"{one}\" with its noun in the plural"
            );
            assert_eq!(problem.noun_for(1), one);
            assert_eq!(problem.noun_for(0), many);
            assert_eq!(problem.noun_for(2), many);
            assert!(!problem.sentence().is_empty(), "{problem} has a sentence");
        }
        assert_eq!(Problem::Unsupported.plural(), "unsupported claims");
        assert_eq!(
            Problem::Link(LinkStatus::ServerError).plural(),
            "links with a server error"
        );
    }

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
