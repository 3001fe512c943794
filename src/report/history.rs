//! `history.jsonl`: one line of figures per run (time, commit, and per
//! article coverage, dead links, invalid ISBNs, empty notes), the data for a
//! trend. The HTML report reads `time`, `articles[].path`, `coverage`,
//! `dead` and `invalid_isbns`.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::digest::Digest;
use super::findings::share;

/// The file name, inside the report folder.
pub const FILE_NAME: &str = "history.jsonl";

/// One run's line.
#[derive(Debug, Serialize)]
pub struct Entry<'a> {
    /// When the report was generated (RFC 3339).
    pub time: &'a str,
    /// The commit audited, when known.
    pub commit: Option<String>,
    /// One entry per readable article.
    pub articles: Vec<ArticleFigures<'a>>,
}

/// The figures of one article.
#[derive(Debug, Serialize)]
pub struct ArticleFigures<'a> {
    /// The article as the report names it.
    pub path: &'a str,
    /// Cited sentences over all sentences, 0..1 (1 with no prose).
    pub coverage: f64,
    /// Cited sentences.
    pub cited_sentences: usize,
    /// Sentences.
    pub sentences: usize,
    /// Links that count as dead.
    pub dead: usize,
    /// Invalid ISBNs.
    pub invalid_isbns: usize,
    /// Notes with no text.
    pub empty_notes: usize,
}

impl<'a> Entry<'a> {
    /// The line for a run.
    #[must_use]
    pub fn new(digest: &'a Digest, commit: Option<String>) -> Self {
        Self {
            time: &digest.generated_at,
            commit,
            articles: digest
                .rows
                .iter()
                .filter(|a| a.error.is_none())
                .map(|a| ArticleFigures {
                    path: &a.path,
                    coverage: share(a.sentences.cited, a.sentences.total),
                    cited_sentences: a.sentences.cited,
                    sentences: a.sentences.total,
                    dead: a.dead,
                    invalid_isbns: a.invalid_isbns,
                    empty_notes: a.empty_notes,
                })
                .collect(),
        }
    }
}

/// Appends the line for a run to `dir/history.jsonl`.
///
/// One write per line, so two runs appending at once do not interleave. A
/// write that fails (a full disk) is undone, so the file never ends in half a
/// line; a line left cut by an earlier kill is closed first, so it spoils
/// only itself.
///
/// # Errors
/// The file could not be opened or written.
pub fn append(digest: &Digest, dir: &Path, commit: Option<String>) -> std::io::Result<()> {
    let mut line =
        serde_json::to_string(&Entry::new(digest, commit)).map_err(std::io::Error::other)?;
    line.push('\n');
    std::fs::create_dir_all(dir)?;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .read(true)
        .append(true)
        .open(dir.join(FILE_NAME))?;
    let length = file.metadata()?.len();
    if length > 0 && !ends_with_newline(&mut file, length)? {
        line.insert(0, '\n');
    }
    let written = file
        .write_all(line.as_bytes())
        .and_then(|()| file.sync_data());
    if written.is_err() {
        let _ = file.set_len(length);
    }
    written
}

fn ends_with_newline(file: &mut std::fs::File, length: u64) -> std::io::Result<bool> {
    use std::io::{Read as _, Seek as _, SeekFrom};
    let mut last = [0u8; 1];
    file.seek(SeekFrom::Start(length - 1))?;
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

/// The commit being audited: `GITHUB_SHA` under GitHub Actions, else
/// `git rev-parse HEAD` in the working directory, else unknown.
#[must_use]
pub fn current_commit() -> Option<String> {
    if let Ok(sha) = std::env::var("GITHUB_SHA") {
        if !sha.trim().is_empty() {
            return Some(sha.trim().to_owned());
        }
    }
    let out = std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let sha = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !sha.trim().is_empty()).then(|| sha.trim().to_owned())
}
