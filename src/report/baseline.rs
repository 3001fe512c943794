//! The comparison with a baseline (an earlier `report.json`): what is new
//! since then, what was fixed, and how coverage moved. It goes into
//! `report.json` as the top-level `"baseline"` object and into `report.md`
//! as a section (rendered by [`super::markdown`]). It is made while the run
//! streams by, in [`super::digest::Digest`].

use serde::Serialize;

use super::findings::Finding;

/// What changed since the baseline.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Comparison {
    /// The baseline file, as given.
    pub file: String,
    /// Problems the baseline did not have: the most urgent
    /// [`super::digest::KEEP`] of them.
    pub new: Vec<Finding>,
    /// Problems of the baseline that are gone: at most
    /// [`super::digest::KEEP`] of them.
    pub fixed: Vec<Finding>,
    /// How many problems are new (`new` may list fewer).
    pub new_total: usize,
    /// How many problems were fixed (`fixed` may list fewer).
    pub fixed_total: usize,
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
