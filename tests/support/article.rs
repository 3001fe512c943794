//! Temporary articles: a [`Workspace`] folder for one test to write them in
//! and run the binary from, and the texts of articles that cite a list of
//! notes.
//!
//! Writes only inside the test's temporary folder; fixtures are copied, never
//! changed.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::binary::{self, Run, NO_LOOKUPS};
use super::json;
use super::stubs::{Server, BOOKS, WAYBACK};

/// An article with one claim per note, each in a paragraph of its own and
/// cited by its own marker.
pub fn with_notes(notes: &[String]) -> String {
    let mut text = String::new();
    for i in 0..notes.len() {
        text.push_str(&format!("Claim {i}.[^{i}]\n\n"));
    }
    for (i, note) in notes.iter().enumerate() {
        text.push_str(&format!("[^{i}]: {note}\n"));
    }
    text
}

/// Writes `article.md` into `dir` with [`with_notes`], and returns its path.
pub fn article_with_notes(dir: &Path, notes: &[String]) -> PathBuf {
    let path = dir.join("article.md");
    std::fs::write(&path, with_notes(notes)).expect("write the article");
    path
}

/// An article of one paragraph that cites each of `urls` by a marker of its
/// own.
pub fn one_paragraph_citing(urls: &[String]) -> String {
    let markers: String = (0..urls.len())
        .map(|i| format!("Claim {i}.[^{i}] "))
        .collect();
    let notes: String = urls
        .iter()
        .enumerate()
        .map(|(i, u)| format!("[^{i}]: <{u}>\n"))
        .collect();
    format!("{markers}\n\n{notes}")
}

/// A folder for one test, the working directory of its runs.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// The folder itself.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file (folders created).
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::create_dir_all(path.parent().expect("a file in the folder"))
            .expect("create the file's folder");
        std::fs::write(&path, text).expect("write the file");
        path
    }

    /// Copies a fixture from `tests/fixtures/ci/` into the workspace.
    pub fn fixture(&self, name: &str) -> PathBuf {
        let from = binary::root().join("tests/fixtures/ci").join(name);
        let text = std::fs::read_to_string(from).expect("the fixture is checked in");
        self.write(name, &text)
    }

    /// The command `citecheck ARGS` in this folder, without the public web
    /// archive and ISBN catalogue.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = binary::command(args);
        command.args(NO_LOOKUPS).current_dir(self.root());
        command
    }

    /// The command `citecheck ARGS` in this folder, asking the web archive
    /// `archive` serves and the ISBN catalogue `catalogue` serves.
    pub fn command_with_lookups(
        &self,
        args: &[&str],
        archive: &Server,
        catalogue: &Server,
    ) -> Command {
        let mut command = binary::command(args);
        command
            .arg("--archive-endpoint")
            .arg(archive.url(WAYBACK))
            .arg("--isbn-endpoint")
            .arg(catalogue.url(BOOKS))
            .current_dir(self.root());
        command
    }

    /// Runs `citecheck ARGS` in this folder.
    pub fn run(&self, args: &[&str]) -> Run {
        binary::run(&mut self.command(args))
    }

    /// `reports/report.json`, parsed.
    pub fn report(&self) -> serde_json::Value {
        json::read(&self.path("reports/report.json"))
    }
}
