//! The comparison with a baseline (an earlier `report.json`): what is new
//! since then, what was fixed, and how coverage moved. It goes into
//! `report.json` as the top-level `"baseline"` object and into `report.md`
//! as a section (rendered by [`super::markdown`]).

use std::collections::BTreeSet;

use serde::Serialize;

use super::findings::{normalize_path, Finding, Snapshot};

/// What changed since the baseline.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Comparison {
    /// The baseline file, as given.
    pub file: String,
    /// Problems the baseline did not have.
    pub new: Vec<Finding>,
    /// Problems of the baseline that are gone.
    pub fixed: Vec<Finding>,
    /// Articles whose cited-sentence share changed.
    pub coverage: Vec<CoverageChange>,
}

/// The cited-sentence share of one article, then and now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverageChange {
    /// The article.
    pub path: String,
    /// The share in the baseline, 0..1.
    pub before: f64,
    /// The share now, 0..1.
    pub after: f64,
}

/// Compares this run with a baseline. Findings match on article, subject
/// and note, never on the line.
#[must_use]
pub fn compare(file: &str, baseline: &Snapshot, current: &Snapshot) -> Comparison {
    let then = baseline.findings();
    let now = current.findings();
    let then_ids: BTreeSet<_> = then.iter().map(Finding::identity).collect();
    let now_ids: BTreeSet<_> = now.iter().map(Finding::identity).collect();
    let old_coverage = baseline.coverage();
    Comparison {
        file: file.to_owned(),
        new: now
            .into_iter()
            .filter(|f| !then_ids.contains(&f.identity()))
            .collect(),
        fixed: then
            .into_iter()
            .filter(|f| !now_ids.contains(&f.identity()))
            .collect(),
        coverage: current
            .coverage()
            .iter()
            .filter_map(|a| {
                let b = old_coverage
                    .iter()
                    .find(|b| normalize_path(&b.path) == normalize_path(&a.path))?;
                ((a.share() - b.share()).abs() > 1e-9).then(|| CoverageChange {
                    path: a.path.clone(),
                    before: b.share(),
                    after: a.share(),
                })
            })
            .collect(),
    }
}
