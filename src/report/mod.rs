//! Reports: one [`Report`] model, one small renderer per format.

pub mod baseline;
pub mod digest;
pub mod findings;
pub mod fixes;
mod form;
pub mod github;
pub mod history;
pub mod html;
mod judged;
pub mod junit;
pub mod markdown;
pub mod model;
mod problem;
mod replace;
pub mod row;
pub mod run;
pub mod sarif;
mod snapshot;
pub mod text;
pub mod thresholds;
mod wiki_links;
pub mod writer;

use std::path::Path;

pub use digest::{Baseline, Digest};
pub use findings::{Finding, Problem};
pub use form::{Form, ARTICLE_PAGES};
pub use model::{ArticleReport, DoiReport, DoiStatus, IsbnReport, LinkReport, Summary};
pub use row::ArticleRow;
pub use run::{Report, Tool};
pub use snapshot::SnapshotError;
pub use thresholds::Thresholds;
pub use writer::{Plan, Writer, Written};

/// Renders a report in one form.
///
/// # Errors
/// Only if JSON serialisation fails, which the report's types rule out.
pub fn render(report: &Report, form: Form) -> Result<String, serde_json::Error> {
    Ok(match form {
        Form::Json => {
            let mut json = serde_json::to_string_pretty(report)?;
            json.push('\n');
            json
        }
        Form::Markdown => markdown::render(report),
        Form::Text => text::render(report),
        Form::Sarif => {
            let digest = Digest::of(report, 1);
            let kept = digest.findings.kept.sorted();
            sarif::render(&report.tool, &kept, digest.findings.kept.total())
        }
        Form::Junit => junit::render(report),
    })
}

/// Why a shard's report could not be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// The file could not be read.
    #[error("{}: cannot read: {source}", .path.display())]
    Read {
        /// The file.
        path: std::path::PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file is not a citecheck report.json.
    #[error("{}: not a citecheck report.json: {source}", .path.display())]
    NotAReport {
        /// The file.
        path: std::path::PathBuf,
        /// What the JSON reader found.
        source: serde_json::Error,
    },
}

/// The articles of a shard's `report.json`, as `citecheck merge` reads them.
///
/// # Errors
/// The file cannot be read or is not a report.
pub fn read_articles(path: &Path) -> Result<Vec<ArticleReport>, MergeError> {
    #[derive(serde::Deserialize)]
    struct Shard {
        #[allow(dead_code)]
        schema_version: u32,
        articles: Vec<ArticleReport>,
    }
    let text = std::fs::read(path).map_err(|source| MergeError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let shard: Shard = serde_json::from_slice(&text).map_err(|source| MergeError::NotAReport {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(shard.articles)
}

/// Writes `report.json`, `report.md`, `report.html` and `articles.jsonl`
/// (one article a line) into `dir`, creating it if needed, as a run does
/// (see [`Writer`]). A report of more than one article gets an entry page
/// and a page per article under `articles/`. The HTML page draws its trend
/// from `dir/history.jsonl` when that file exists.
///
/// The files are replaced as a set: each is written whole to a temporary
/// file first, so a kill or a full disk leaves the previous reports intact,
/// never a cut or empty one.
///
/// # Errors
/// The folder or a file could not be written.
pub fn write_all(report: &Report, dir: &Path) -> std::io::Result<()> {
    let plan = Plan {
        expected: report.articles.len(),
        form: Form::Markdown,
        confirm: 1,
    };
    let mut writer = Writer::create(dir, plan, None)?;
    writer.add(report.articles.clone())?;
    writer.finish().map(drop)
}
