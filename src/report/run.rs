//! The report of a whole run held in memory (`report.json`'s shape,
//! `schema_version` 1): a small run's, a merge's, a test's. A run over a
//! whole wiki streams its articles instead ([`super::writer`]).

use serde::Serialize;

use super::baseline::Comparison;
use super::model::{ArticleReport, Summary};
use super::row::ArticleRow;

/// The version of the report's JSON shape. Bumped when a contract field
/// changes meaning or type.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole report of one run.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The version of this shape.
    pub schema_version: u32,
    /// Which program wrote it.
    pub tool: Tool,
    /// When, in RFC 3339.
    pub generated_at: String,
    /// Totals over all articles.
    pub summary: Summary,
    /// One entry per input file, readable or not.
    pub articles: Vec<ArticleReport>,
    /// What changed since the baseline, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Comparison>,
}

/// Which program wrote a report.
#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    /// Always `citecheck`.
    pub name: &'static str,
    /// The crate version.
    pub version: &'static str,
}

impl Report {
    /// Assembles the report and its totals.
    #[must_use]
    pub fn new(articles: Vec<ArticleReport>) -> Self {
        let mut summary = Summary::empty();
        for (i, article) in articles.iter().enumerate() {
            summary.add(&ArticleRow::of(i, article));
        }
        Self {
            schema_version: SCHEMA_VERSION,
            tool: Tool {
                name: "citecheck",
                version: env!("CARGO_PKG_VERSION"),
            },
            generated_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            summary,
            articles,
            baseline: None,
        }
    }
}
