//! The CI gate: which thresholds a run breaks. Exit code 1 means at least
//! one is broken; each broken threshold is one sentence for stderr.

use std::collections::BTreeSet;

use super::digest::Digest;
use super::findings::{share, Problem};

/// What makes a run fail.
#[derive(Debug, Clone, PartialEq)]
pub struct Thresholds {
    /// Problems that fail the build at their first occurrence.
    pub fail_on: BTreeSet<Problem>,
    /// When set, dead links (`dead`, `soft_404`, `missing_file`) fail the
    /// build only when there are more than this many, whatever `fail_on`
    /// says about them.
    pub max_dead: Option<usize>,
    /// The least share (0..1) of cited sentences over all articles.
    pub min_coverage: Option<f64>,
    /// A dead web link counts only after this many failed checks at least a
    /// day apart. Missing files count at once.
    pub confirm: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            fail_on: Problem::DEFAULT_FAIL_ON.into_iter().collect(),
            max_dead: None,
            min_coverage: None,
            confirm: 1,
        }
    }
}

impl Thresholds {
    /// The thresholds the run breaks, one sentence each. With a baseline,
    /// only what got worse counts: new findings, and coverage that dropped.
    #[must_use]
    pub fn broken(&self, digest: &Digest) -> Vec<String> {
        let new = if digest.has_baseline() { "new " } else { "" };
        let counted = &digest.findings;
        let mut broken = Vec::new();
        let dead = counted.counted_where(Problem::is_dead_link);
        if let Some(max) = self.max_dead {
            if dead > max {
                broken.push(format!(
                    "{dead} {new}dead link(s), more than max_dead = {max}"
                ));
            }
        }
        let mut names: Vec<&str> = Vec::new();
        let mut count = 0;
        for problem in &self.fail_on {
            if self.max_dead.is_some() && problem.is_dead_link() {
                continue;
            }
            let n = counted.counted_where(|p| p == *problem);
            if n == 0 {
                continue;
            }
            if problem.is_dead_link() {
                count += n;
                names.push(problem.as_str());
            } else {
                broken.push(format!("{n} {new}{} (fail_on {problem})", plural(*problem)));
            }
        }
        if count > 0 {
            broken.insert(
                0,
                format!("{count} {new}dead link(s) ({})", names.join(", ")),
            );
        }
        broken.extend(self.coverage_broken(digest));
        broken
    }

    /// Coverage below `min_coverage` (and, with a baseline, lower than
    /// then), and each article whose coverage dropped since the baseline.
    fn coverage_broken(&self, digest: &Digest) -> Vec<String> {
        let mut broken = Vec::new();
        let (cited, total) = (digest.summary.cited_sentences, digest.summary.sentences);
        let now = share(cited, total);
        let before = digest.baseline_coverage();
        if let Some(min) = self.min_coverage {
            let dropped = before.is_none_or(|b| now + 1e-9 < b);
            if now < min && dropped {
                broken.push(format!(
                    "coverage {} ({cited}/{total} sentences cited) is below min_coverage {}",
                    pct(now),
                    pct(min)
                ));
            }
        }
        for change in digest.coverage_changes() {
            if change.after + 1e-9 < change.before {
                broken.push(format!(
                    "{}: coverage dropped from {} to {} since the baseline",
                    change.path,
                    pct(change.before),
                    pct(change.after)
                ));
            }
        }
        broken
    }
}

/// A share as a percentage with one decimal.
#[must_use]
pub fn pct(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// The kind, for a count that may be one or more: "invalid ISBN(s)".
fn plural(problem: Problem) -> String {
    match problem {
        Problem::Link(status) => format!("link(s) with status {status}"),
        other => format!("{}(s)", other.noun()),
    }
}
