//! Reports: one [`Report`] model, one small renderer per format.

pub mod baseline;
pub mod findings;
pub mod github;
pub mod history;
pub mod html;
pub mod junit;
pub mod markdown;
pub mod model;
mod replace;
pub mod sarif;
pub mod text;
pub mod thresholds;

use std::path::Path;

pub use findings::{Finding, Problem, Snapshot};
pub use model::{ArticleReport, IsbnReport, LinkReport, Report, Summary};
pub use thresholds::Thresholds;

/// The forms a report can be printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// The contract's JSON.
    Json,
    /// Markdown for people and pull requests.
    Markdown,
    /// The short text summary.
    Text,
    /// SARIF 2.1.0, for code-scanning views.
    Sarif,
    /// JUnit XML, for CI test views.
    Junit,
}

impl Form {
    /// Every form, as `--format` names them.
    pub const NAMES: [&'static str; 5] = ["json", "md", "text", "sarif", "junit"];

    /// Reads a form as `--format` names it.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "json" => Some(Self::Json),
            "md" => Some(Self::Markdown),
            "text" => Some(Self::Text),
            "sarif" => Some(Self::Sarif),
            "junit" => Some(Self::Junit),
            _ => None,
        }
    }
}

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
        Form::Sarif => sarif::render(report, &Snapshot::of(report)?.findings()),
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

/// The folder, beside the reports, of a many-article run's article pages.
pub const ARTICLE_PAGES: &str = "articles";

/// Writes `report.json`, `report.md`, `report.html` and `articles.jsonl`
/// (one article a line) into `dir`, creating it if needed. A run over more than one article writes `report.html` as
/// an entry page and a page per article under `articles/`. The HTML page draws its trend from `dir/history.jsonl` when
/// that file exists.
///
/// The three are replaced as a set: each is written whole to a temporary file
/// first, so a kill or a full disk leaves the previous reports intact, never a
/// cut or empty one.
///
/// # Errors
/// The folder or a file could not be written.
pub fn write_all(report: &Report, dir: &Path) -> std::io::Result<()> {
    let markdown = render(report, Form::Markdown).map_err(std::io::Error::other)?;
    let history = html::read_history(&dir.join(history::FILE_NAME));
    let page = if report.articles.len() > 1 {
        // Many articles: a page each under articles/, and an entry page.
        let (entry, index) = html::render_entry(report, &history);
        replace::replace_folder(dir, ARTICLE_PAGES, |folder| {
            html::write_article_pages(report, &history, folder)?;
            if let Some(index) = &index {
                std::fs::write(folder.join("index.html"), index)?;
            }
            Ok(())
        })?;
        entry
    } else {
        replace::remove_folder(dir, ARTICLE_PAGES);
        html::render(report, &history)
    };
    // The JSON forms are written straight into their files.
    let json = |out: &mut dyn std::io::Write| -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, report).map_err(std::io::Error::other)?;
        out.write_all(b"\n")
    };
    let lines = |out: &mut dyn std::io::Write| -> std::io::Result<()> {
        for article in &report.articles {
            serde_json::to_writer(&mut *out, article).map_err(std::io::Error::other)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    };
    // report.json last: the set's commit point.
    replace::replace_all_with(
        dir,
        &[
            ("report.md", replace::Body::Bytes(markdown.as_bytes())),
            ("report.html", replace::Body::Bytes(page.as_bytes())),
            ("articles.jsonl", replace::Body::Writer(&lines)),
            ("report.json", replace::Body::Writer(&json)),
        ],
    )
}
