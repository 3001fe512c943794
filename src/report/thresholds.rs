//! The CI gate: which thresholds a run breaks. Exit code 1 means at least
//! one is broken; each broken threshold is one sentence for stderr.

use std::collections::BTreeSet;

use super::findings::{share, Finding, Problem, Snapshot};
use crate::check::LinkStatus;

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
    /// The thresholds `current` breaks, one sentence each; empty when the run
    /// passes. With a `baseline`, only what got worse counts: findings the
    /// baseline did not have, and coverage that dropped.
    #[must_use]
    pub fn broken(&self, current: &Snapshot, baseline: Option<&Snapshot>) -> Vec<String> {
        let old: BTreeSet<_> = baseline
            .map(Snapshot::findings)
            .unwrap_or_default()
            .into_iter()
            .map(|f| f.identity())
            .collect();
        let new = if baseline.is_some() { "new " } else { "" };
        let counted: Vec<Finding> = current
            .findings()
            .into_iter()
            .filter(|f| self.is_confirmed(f))
            .filter(|f| !old.contains(&f.identity()))
            .collect();

        let mut broken = Vec::new();
        let dead = counted.iter().filter(|f| f.problem.is_dead_link()).count();
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
            let n = counted.iter().filter(|f| f.problem == *problem).count();
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
        broken.extend(self.coverage_broken(current, baseline));
        broken
    }

    /// Whether a finding counts under `confirm`.
    fn is_confirmed(&self, f: &Finding) -> bool {
        // Missing files are on disk, so sure at once; a link without a
        // history (no cache) cannot wait for confirmation.
        match (f.problem, f.failures_a_day_apart) {
            (Problem::Link(LinkStatus::Dead | LinkStatus::Soft404), Some(n)) => n >= self.confirm,
            _ => true,
        }
    }

    fn coverage_broken(&self, current: &Snapshot, baseline: Option<&Snapshot>) -> Vec<String> {
        let mut broken = Vec::new();
        let (cited, total) = current.total_coverage();
        let now = share(cited, total);
        let before = baseline.map(|b| {
            let (c, t) = b.total_coverage();
            share(c, t)
        });
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
        if let Some(baseline) = baseline {
            let old = baseline.coverage();
            for a in current.coverage() {
                if let Some(b) = old.iter().find(|b| b.path == a.path) {
                    if a.share() + 1e-9 < b.share() {
                        broken.push(format!(
                            "{}: coverage dropped from {} to {} since the baseline",
                            a.path,
                            pct(b.share()),
                            pct(a.share())
                        ));
                    }
                }
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

fn plural(problem: Problem) -> String {
    match problem {
        Problem::Link(status) => format!("link(s) with status {status}"),
        Problem::InvalidIsbn => "invalid ISBN(s)".into(),
        Problem::EmptyNote => "empty note(s)".into(),
        Problem::Dangling => "dangling marker(s)".into(),
        Problem::Orphaned => "orphaned note(s)".into(),
    }
}
