//! Findings: every problem in a report as one flat list (a dead link, an
//! invalid ISBN, a dangling marker, …), each with its article, line and
//! identity. The CI gate, the baseline, SARIF and the GitHub annotations all
//! read this one list.
//!
//! Findings are read off a [`Snapshot`], a lenient view of `report.json`,
//! so a report of this run and a baseline written by an earlier version are
//! read by the same code.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize, Serializer};
use thiserror::Error;

use crate::check::LinkStatus;
use crate::extract::IsbnProblem;

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

/// One article of a `report.json`, as findings and coverage are read from
/// it: the same lenient view for this run's articles and a baseline's, so
/// both give the same findings. Missing parts read as empty, unknown fields
/// are ignored.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SnapArticle {
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
    support: String,
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
    status: String,
    detail: String,
    failures_a_day_apart: Option<u32>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct SnapIsbn {
    raw: String,
    line: Option<u32>,
    note: Option<String>,
    valid: bool,
    problem: Option<String>,
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

impl SnapArticle {
    /// The view of one article of this run.
    ///
    /// # Errors
    /// Only if the article does not serialise, which its types rule out.
    pub fn of(article: &super::ArticleReport) -> Result<Self, serde_json::Error> {
        Self::from_json(&serde_json::to_vec(article)?)
    }

    /// The view of one article's JSON, as `report.json` holds it.
    ///
    /// # Errors
    /// The bytes are not an article's JSON.
    pub fn from_json(json: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(json)
    }

    /// Whether the article could be read; an unreadable one has no findings.
    #[must_use]
    pub fn readable(&self) -> bool {
        self.error.is_none()
    }

    /// Its coverage; `None` for an unreadable article.
    #[must_use]
    pub fn coverage(&self) -> Option<ArticleCoverage> {
        self.readable().then(|| ArticleCoverage {
            path: self.path.clone(),
            cited: self.coverage.sentences.cited,
            total: self.coverage.sentences.total,
        })
    }

    /// Every problem of the article, in document order within a kind.
    #[must_use]
    pub fn findings(&self) -> Vec<Finding> {
        let mut all = Vec::new();
        if !self.readable() {
            return all;
        }
        let a = self;
        let finding = |problem, line, subject: &str, note: Option<&String>, detail| Finding {
            problem,
            path: a.path.clone(),
            line,
            subject: subject.to_owned(),
            note: note.cloned(),
            detail,
            failures_a_day_apart: None,
        };
        for l in &a.links {
            let Some(status) = LinkStatus::parse(&l.status) else {
                continue;
            };
            if matches!(
                status,
                LinkStatus::Ok | LinkStatus::Excluded | LinkStatus::Unchecked
            ) {
                continue;
            }
            let mut f = finding(
                Problem::Link(status),
                l.line,
                &l.url,
                l.note.as_ref(),
                l.detail.clone(),
            );
            f.failures_a_day_apart = l.failures_a_day_apart;
            all.push(f);
        }
        for i in a.isbns.iter().filter(|i| !i.valid) {
            let why = match i.problem.as_deref() {
                Some("checksum") => IsbnProblem::Checksum.describe(),
                Some("length") => IsbnProblem::Length.describe(),
                Some("characters") => IsbnProblem::Characters.describe(),
                Some("prefix") => IsbnProblem::Prefix.describe(),
                Some("empty") => IsbnProblem::Empty.describe(),
                _ => "it fails validation",
            };
            all.push(finding(
                Problem::InvalidIsbn,
                i.line,
                &i.raw,
                i.note.as_ref(),
                why.to_owned(),
            ));
        }
        // Each note's line, found in one pass.
        let lines: std::collections::HashMap<&str, Option<u32>> = a
            .footnotes
            .items
            .iter()
            .map(|n| (n.id.as_str(), n.line))
            .rev()
            .collect();
        let note_line = |id: &str| lines.get(id).copied().flatten();
        for id in &a.footnotes.empty {
            all.push(finding(
                Problem::EmptyNote,
                note_line(id),
                id,
                Some(id),
                format!("note [{id}] has no text"),
            ));
        }
        for id in &a.footnotes.dangling {
            all.push(finding(
                Problem::Dangling,
                a.dangling_lines.get(id).copied(),
                id,
                Some(id),
                format!("marker [{id}] points at no note"),
            ));
        }
        for p in &a.coverage.uncited_paragraphs {
            all.push(finding(
                Problem::UncitedParagraph,
                p.line,
                &p.excerpt,
                None,
                "no sentence of the paragraph cites a source".to_owned(),
            ));
        }
        a.claim_findings(&mut all);
        for id in &a.footnotes.orphaned {
            all.push(finding(
                Problem::Orphaned,
                note_line(id),
                id,
                Some(id),
                format!("note [{id}] is never referenced"),
            ));
        }
        all
    }
}

impl SnapArticle {
    /// A finding per claim source judged `unsupported` or `unrelated`.
    fn claim_findings(&self, all: &mut Vec<Finding>) {
        for claim in &self.claims {
            let flagged = claim
                .sources
                .iter()
                .filter(|s| matches!(s.support.as_str(), "unsupported" | "unrelated"));
            for source in flagged {
                // The sentence's opening words and the page: the same page
                // can fail one sentence and back another.
                let opening: String = claim.text.chars().take(60).collect();
                all.push(Finding {
                    problem: Problem::Unsupported,
                    path: self.path.clone(),
                    line: claim.line,
                    subject: format!("{opening} ← {}", source.url),
                    note: claim.notes.first().cloned(),
                    detail: format!("{} ({}): {}", source.url, source.support, source.detail),
                    failures_a_day_apart: None,
                });
            }
        }
    }
}

/// Reads the articles of a `report.json` one at a time, handing each to
/// `each`: a report of any size is read without holding it. The file must
/// have a `schema_version` and an `articles` list.
///
/// # Errors
/// The file cannot be read or is not a report.
pub fn read_report_articles(
    path: &Path,
    each: &mut dyn FnMut(SnapArticle),
) -> Result<(), SnapshotError> {
    use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

    struct Top<'f>(&'f mut dyn FnMut(SnapArticle));
    struct Articles<'f>(&'f mut dyn FnMut(SnapArticle));

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
                (self.0)(article);
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
    fn problem_names_read_back() {
        for name in Problem::names() {
            assert_eq!(Problem::parse(name).map(Problem::as_str), Some(name));
        }
        assert_eq!(Problem::parse("ok"), None);
        assert_eq!(Problem::parse("deadish"), None);
    }

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
