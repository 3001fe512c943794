//! An article's report: the serde types of the report contract for one
//! article (its links, ISBNs, notes and coverage), built from what
//! extraction and checking found, and the run's totals.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::article::dump::DumpPlace;
use crate::article::{Article, Format, MaintenanceTag, Revision};
use crate::check::cache::LinkHistory;
use crate::check::catalogue::Entry;
use crate::check::Verdict;
use crate::claims::Claim;
use crate::extract::{Coverage, Extraction, Footnotes, Isbn, Link};
use crate::fix::Fix;

/// Totals over all articles.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Articles in the report (unreadable ones included).
    pub articles: usize,
    /// Articles that could not be read.
    pub unreadable: usize,
    /// Links, one per place.
    pub links: usize,
    /// Links whose status counts as dead (`dead`, `soft_404`, `missing_file`).
    pub dead: usize,
    /// ISBNs found.
    pub isbns: usize,
    /// Of those, the invalid ones.
    pub invalid_isbns: usize,
    /// Prose sentences.
    pub sentences: usize,
    /// Of those, the cited ones.
    pub cited_sentences: usize,
    /// Prose paragraphs.
    pub paragraphs: usize,
    /// Of those, the cited ones.
    pub cited_paragraphs: usize,
    /// Footnote markers.
    pub markers: usize,
    /// Footnote definitions.
    pub notes: usize,
    /// Notes with no text.
    pub empty_notes: usize,
    /// Markers pointing at no note.
    pub dangling: usize,
    /// Notes no marker points at.
    pub orphaned: usize,
    /// Links per status; every status is present.
    pub by_status: BTreeMap<&'static str, usize>,
    /// Links the run's time budget did not reach (`--time-budget`): they
    /// are `unchecked`, their detail says they were deferred, and they are
    /// first in line next run.
    pub deferred: usize,
    /// Dead links whose citations carry an archived copy for readers: not
    /// findings (see `LinkReport::rescued`).
    pub rescued: usize,
    /// Fixes `citecheck fix` found to make (0 for `check`).
    pub fixable: usize,
    /// DOIs found.
    pub dois: usize,
    /// Of those, the ones that are no DOI by their syntax.
    pub invalid_dois: usize,
}

/// The audit of one article.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArticleReport {
    /// The path as given.
    pub path: String,
    /// The article's title.
    pub title: String,
    /// The markup it was read from.
    pub format: Format,
    /// Why the file could not be read; absent when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Which prose is cited.
    pub coverage: Coverage,
    /// Markers, notes and their problems.
    pub footnotes: Footnotes,
    /// Every link, one per place, with its verdict.
    pub links: Vec<LinkReport>,
    /// Every ISBN, with what the catalogue says of it.
    pub isbns: Vec<IsbnReport>,
    /// Every DOI, with what its registry says of it.
    #[serde(default)]
    pub dois: Vec<DoiReport>,
    /// The line of the first marker of each dangling note id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub dangling_lines: BTreeMap<String, u32>,
    /// Maintenance tags editors placed (`{{citation needed}}`, `{{dead
    /// link}}`, …), in document order.
    #[serde(default)]
    pub maintenance_tags: Vec<MaintenanceTag>,
    /// For a page fetched from a wiki: its address, revision and time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<Revision>,
    /// For a page of a dump: the dump, the page id, and where it starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dump: Option<DumpPlace>,
    /// Each cited sentence, and whether its cited pages say what it says.
    #[serde(default)]
    pub claims: Vec<Claim>,
    /// What `citecheck fix` mends in the article, each as the lines before
    /// and after (the edits are in `fixes.patch`). Written only by `fix`,
    /// when there is something to fix.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<Fix>,
}

/// A link and the verdict on it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LinkReport {
    /// Where and what the link is.
    #[serde(flatten)]
    pub link: Link,
    /// What checking it found.
    #[serde(flatten)]
    pub verdict: Verdict,
    /// Its failure streak over runs (`first_failed_at`,
    /// `consecutive_failures`, `failures_a_day_apart`).
    #[serde(flatten)]
    pub history: LinkHistory,
    /// A link to another article of the wiki that the folder holding the
    /// wiki does not have (a red link, a finding of its own; its status is
    /// `excluded`, as it is no source). Written only when true.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub red_link: bool,
    /// A dead link whose citation carries an archived copy (`archive-url`,
    /// or `{{webarchive}}` beside it) and does not say the original is live
    /// (`url-status=live`): readers are sent to the copy, as CS1 shows it,
    /// so it is not a finding and fails no build. Its status stays what the
    /// check found. Written only when true.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rescued: bool,
}

/// An ISBN and what the catalogue says of it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IsbnReport {
    /// Where and what the ISBN is, and whether it is valid.
    #[serde(flatten)]
    pub isbn: Isbn,
    /// The catalogue's entry; null when the ISBN was not looked up (offline,
    /// invalid, the lookup turned off or failed).
    pub catalogue: Option<Entry>,
}

/// What a DOI's registry says of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DoiStatus {
    /// Registered.
    Ok,
    /// Not a DOI by its syntax.
    Invalid,
    /// The registry does not know it.
    Unregistered,
    /// The registry was not asked, or did not answer.
    Unchecked,
}

/// A DOI and what its registry says of it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DoiReport {
    /// Where and what the DOI is, and whether it is one by its syntax.
    #[serde(flatten)]
    pub doi: crate::extract::Doi,
    /// What the registry says.
    pub status: DoiStatus,
    /// Why this status, in a sentence.
    pub detail: String,
    /// The work's title as the registry (Crossref) gives it; null when it
    /// gives none or was not asked.
    pub registry_title: Option<String>,
    /// Whether the note's title names the registry's work; null when either
    /// is unknown.
    pub title_match: Option<bool>,
}

impl DoiReport {
    /// A DOI as found, its registry not asked yet.
    #[must_use]
    pub fn new(doi: crate::extract::Doi) -> Self {
        let (status, detail) = if doi.valid {
            (
                DoiStatus::Unchecked,
                "the DOI registry was not asked".to_owned(),
            )
        } else {
            (
                DoiStatus::Invalid,
                "not a DOI: a DOI is 10., a registrant, / and a suffix".to_owned(),
            )
        };
        Self {
            doi,
            status,
            detail,
            registry_title: None,
            title_match: None,
        }
    }
}

impl ArticleReport {
    /// The report of an article that was read and checked.
    #[must_use]
    pub fn new(article: &Article, extraction: Extraction, verdicts: Vec<Verdict>) -> Self {
        // The first marker of each dangling id, found in one pass.
        let dangling: std::collections::HashSet<&str> = extraction
            .footnotes
            .dangling
            .iter()
            .map(String::as_str)
            .collect();
        let mut dangling_lines = BTreeMap::new();
        for marker in article.blocks.iter().flat_map(|b| &b.markers) {
            if dangling.contains(marker.id.as_str()) {
                dangling_lines
                    .entry(marker.id.clone())
                    .or_insert(marker.line);
            }
        }
        Self {
            path: crate::article::path_text(&article.path),
            title: crate::article::one_line(&article.title).into_owned(),
            format: article.format,
            error: None,
            coverage: extraction.coverage,
            footnotes: extraction.footnotes,
            links: extraction
                .links
                .into_iter()
                .zip(verdicts)
                .map(|(link, verdict)| LinkReport {
                    link,
                    verdict,
                    history: LinkHistory::default(),
                    red_link: false,
                    rescued: false,
                })
                .collect(),
            isbns: extraction
                .isbns
                .into_iter()
                .map(|isbn| IsbnReport {
                    isbn,
                    catalogue: None,
                })
                .collect(),
            dois: extraction.dois.into_iter().map(DoiReport::new).collect(),
            dangling_lines,
            maintenance_tags: article.maintenance_tags.clone(),
            revision: article.revision.clone(),
            dump: article.dump.clone(),
            claims: Vec::new(),
            fixes: Vec::new(),
        }
    }

    /// The entry of a file that could not be read.
    #[must_use]
    pub fn unreadable(path: &Path, error: String) -> Self {
        Self {
            path: crate::article::path_text(path),
            title: path
                .file_stem()
                .map(|s| crate::article::path_text(Path::new(s)))
                .unwrap_or_default(),
            format: Format::Markdown,
            error: Some(error),
            coverage: Coverage::default(),
            footnotes: Footnotes::default(),
            links: Vec::new(),
            isbns: Vec::new(),
            dois: Vec::new(),
            dangling_lines: BTreeMap::new(),
            maintenance_tags: Vec::new(),
            revision: None,
            dump: None,
            claims: Vec::new(),
            fixes: Vec::new(),
        }
    }

    /// Whether `citecheck fix` edits the article: a wikitext or Markdown
    /// file of its own (not HTML, not a dump's page, not a page a wiki
    /// served).
    #[must_use]
    pub fn is_editable(&self) -> bool {
        self.format != Format::Html && self.dump.is_none() && self.revision.is_none()
    }

    /// Links whose status counts as dead.
    pub fn dead_links(&self) -> impl Iterator<Item = &LinkReport> {
        self.links.iter().filter(|l| l.verdict.status.is_dead())
    }

    /// ISBNs that failed validation.
    pub fn invalid_isbns(&self) -> impl Iterator<Item = &Isbn> {
        self.isbns.iter().map(|i| &i.isbn).filter(|i| !i.valid)
    }

    /// Valid ISBNs that the catalogue was asked about and does not know:
    /// worth a second look by an editor, though not invalid.
    pub fn uncatalogued_isbns(&self) -> impl Iterator<Item = &Isbn> {
        self.isbns
            .iter()
            .filter(|i| i.isbn.valid && i.catalogue == Some(Entry::NotFound))
            .map(|i| &i.isbn)
    }
}

/// A share as a whole percentage, 0 when there is nothing to share.
#[must_use]
pub fn percent(part: usize, whole: usize) -> usize {
    (part * 100 + whole / 2).checked_div(whole).unwrap_or(0)
}
