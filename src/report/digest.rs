//! What a run keeps of its articles until the end: a row of figures per
//! article, the findings counted by kind with the most urgent kept in full,
//! and the comparison with a baseline, made as the articles stream by.
//!
//! Everything a run prints or gates on at its end (the text summary, the
//! thresholds, SARIF, the annotations, the history line, the entry page)
//! reads this digest, so none of it needs the articles themselves, and a run
//! over 20,000 articles holds no more than a few megabytes of them.

use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::hash::{Hash, Hasher};
use std::path::Path;

use super::baseline::{Comparison, CoverageChange};
use super::findings::Finding;
use super::findings::{normalize_path, share};
use super::model::Summary;
use super::problem::Problem;
use super::row::ArticleRow;
use super::run::{Report, Tool};
use super::snapshot::read_report_articles;
use super::snapshot::SnapshotError;
use crate::check::LinkStatus;

/// The most findings kept in full (for SARIF, the annotations and the lists
/// of new and fixed problems); all of them are counted, and every one is in
/// `report.json`.
pub const KEEP: usize = 5000;

/// A finding in a bounded list that keeps the most urgent: by kind, then
/// by the order the run met them.
#[derive(Debug)]
struct Ranked {
    order: (Problem, u64),
    finding: Finding,
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.order == other.order
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.order.cmp(&other.order)
    }
}

/// The [`KEEP`] most urgent findings of a stream, and how many there were.
#[derive(Debug, Default)]
pub struct Kept {
    heap: BinaryHeap<Ranked>,
    seen: u64,
}

impl Kept {
    fn push(&mut self, finding: Finding) {
        self.seen += 1;
        self.heap.push(Ranked {
            order: (finding.problem, self.seen),
            finding,
        });
        if self.heap.len() > KEEP {
            self.heap.pop();
        }
    }

    /// How many findings went by.
    #[must_use]
    pub fn total(&self) -> usize {
        self.seen as usize
    }

    /// The kept ones, most urgent first.
    #[must_use]
    pub fn sorted(&self) -> Vec<&Finding> {
        let mut kept: Vec<&Ranked> = self.heap.iter().collect();
        kept.sort();
        kept.into_iter().map(|r| &r.finding).collect()
    }

    fn into_sorted(self) -> Vec<Finding> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|r| r.finding)
            .collect()
    }
}

/// A stable 64-bit digest of a finding's identity: what a baseline is
/// matched by, without holding its findings.
fn identity_hash(f: &Finding) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    f.identity().hash(&mut hasher);
    hasher.finish()
}

/// An earlier `report.json`, as a run compares with it: each finding's
/// identity (8 bytes each), the first [`KEEP`] findings in full (for the
/// list of fixed ones), and each article's coverage.
#[derive(Debug, Default)]
pub struct Baseline {
    /// The file, as the user named it.
    pub file: String,
    /// Each finding's identity, and whether this run has it too.
    identities: HashMap<u64, bool>,
    sample: Vec<(u64, Finding)>,
    coverage: HashMap<String, (usize, usize)>,
    total: (usize, usize),
}

impl Baseline {
    /// Reads an earlier `report.json`, one article at a time.
    ///
    /// # Errors
    /// The file cannot be read or is not a report.
    pub fn read(path: &Path) -> Result<Self, SnapshotError> {
        let mut baseline = Self {
            file: path.display().to_string(),
            ..Self::default()
        };
        read_report_articles(path, &mut |coverage, findings| {
            if let Some(c) = coverage {
                baseline.total.0 += c.cited;
                baseline.total.1 += c.total;
                baseline
                    .coverage
                    .insert(normalize_path(&c.path), (c.cited, c.total));
            }
            for finding in findings {
                let id = identity_hash(&finding);
                if baseline.identities.insert(id, false).is_none() && baseline.sample.len() < KEEP {
                    baseline.sample.push((id, finding));
                }
            }
        })?;
        Ok(baseline)
    }

    /// The baseline's share of cited sentences.
    #[must_use]
    pub fn coverage_share(&self) -> f64 {
        share(self.total.0, self.total.1)
    }
}

/// Findings counted by kind as they stream by.
#[derive(Debug, Default)]
pub struct FindingTally {
    /// `--confirm`: dead web links count only after this many failures a
    /// day apart.
    confirm: u32,
    /// Every finding, by kind.
    pub by_problem: BTreeMap<Problem, usize>,
    /// What the gate counts, by kind: confirmed findings, and with a
    /// baseline only the new ones.
    pub counted: BTreeMap<Problem, usize>,
    /// The most urgent findings, in full.
    pub kept: Kept,
    /// With a baseline: the new findings.
    pub new: Kept,
}

impl FindingTally {
    /// Whether the gate counts a finding now: missing files are on disk, so
    /// sure at once; a link without a history (no cache) cannot wait for
    /// confirmation.
    fn is_confirmed(&self, f: &Finding) -> bool {
        match (f.problem, f.failures_a_day_apart) {
            (Problem::Link(LinkStatus::Dead | LinkStatus::Soft404), Some(n)) => n >= self.confirm,
            _ => true,
        }
    }

    /// How many the gate counts of the problems `pick` chooses.
    #[must_use]
    pub fn counted_where(&self, pick: impl Fn(Problem) -> bool) -> usize {
        self.counted
            .iter()
            .filter(|(p, _)| pick(**p))
            .map(|(_, n)| n)
            .sum()
    }
}

/// What a run keeps until its end; see the module.
#[derive(Debug)]
pub struct Digest {
    /// Which program wrote the run's reports.
    pub tool: Tool,
    /// When, in RFC 3339.
    pub generated_at: String,
    /// Totals over all articles.
    pub summary: Summary,
    /// One row per article, in the run's order.
    pub rows: Vec<ArticleRow>,
    /// The findings.
    pub findings: FindingTally,
    /// The baseline compared with, while the run goes on.
    baseline: Option<Baseline>,
    /// Articles whose coverage moved since the baseline.
    coverage_changes: Vec<CoverageChange>,
}

impl Digest {
    /// An empty digest. `confirm` is `--confirm`; `baseline` the earlier
    /// report to compare with.
    #[must_use]
    pub fn new(confirm: u32, baseline: Option<Baseline>) -> Self {
        let report = Report::new(Vec::new());
        Self {
            tool: report.tool,
            generated_at: report.generated_at,
            summary: Summary::empty(),
            rows: Vec::new(),
            findings: FindingTally {
                confirm,
                ..FindingTally::default()
            },
            baseline,
            coverage_changes: Vec::new(),
        }
    }

    /// The digest of a report held whole (a small run, a merge, a test).
    #[must_use]
    pub fn of(report: &Report, confirm: u32) -> Self {
        let mut digest = Self::new(confirm, None);
        digest.tool = report.tool.clone();
        digest.generated_at.clone_from(&report.generated_at);
        for (i, article) in report.articles.iter().enumerate() {
            digest.add(
                ArticleRow::of(i, article),
                article.sentence_coverage().map(|c| (c.cited, c.total)),
                article.findings(),
            );
        }
        digest
    }

    /// Adds one article: its row, its sentence coverage (cited, total) when
    /// it was read, and its findings.
    pub fn add(&mut self, row: ArticleRow, coverage: Option<(usize, usize)>, found: Vec<Finding>) {
        if let (Some(baseline), Some((cited, total))) = (&self.baseline, coverage) {
            if let Some(&(c, t)) = baseline.coverage.get(&normalize_path(&row.path)) {
                let (before, after) = (share(c, t), share(cited, total));
                if (after - before).abs() > 1e-9 {
                    self.coverage_changes.push(CoverageChange {
                        path: row.path.clone(),
                        before,
                        after,
                    });
                }
            }
        }
        self.summary.add(&row);
        self.rows.push(row);
        for finding in found {
            let tally = &mut self.findings;
            *tally.by_problem.entry(finding.problem).or_default() += 1;
            let is_new = match &mut self.baseline {
                Some(baseline) => match baseline.identities.get_mut(&identity_hash(&finding)) {
                    Some(seen) => {
                        *seen = true;
                        false
                    }
                    None => true,
                },
                None => true,
            };
            if is_new && tally.is_confirmed(&finding) {
                *tally.counted.entry(finding.problem).or_default() += 1;
            }
            if is_new && self.baseline.is_some() {
                tally.new.push(finding.clone());
            }
            tally.kept.push(finding);
        }
    }

    /// Whether the run was compared with a baseline.
    #[must_use]
    pub fn has_baseline(&self) -> bool {
        self.baseline.is_some()
    }

    /// The baseline's share of cited sentences, when there is one.
    #[must_use]
    pub fn baseline_coverage(&self) -> Option<f64> {
        self.baseline.as_ref().map(Baseline::coverage_share)
    }

    /// Articles whose coverage moved since the baseline.
    #[must_use]
    pub fn coverage_changes(&self) -> &[CoverageChange] {
        &self.coverage_changes
    }

    /// The comparison with the baseline, for `report.json` and `report.md`;
    /// it takes the list of new findings out of the digest.
    pub fn comparison(&mut self) -> Option<Comparison> {
        let baseline = self.baseline.as_ref()?;
        let fixed_total = baseline.identities.values().filter(|seen| !**seen).count();
        let fixed: Vec<Finding> = baseline
            .sample
            .iter()
            .filter(|(id, _)| baseline.identities.get(id) == Some(&false))
            .map(|(_, f)| f.clone())
            .collect();
        let new = std::mem::take(&mut self.findings.new);
        let new_total = new.total();
        Some(Comparison {
            file: baseline.file.clone(),
            new: new.into_sorted(),
            fixed,
            coverage: self.coverage_changes.clone(),
            new_total,
            fixed_total,
        })
    }
}
