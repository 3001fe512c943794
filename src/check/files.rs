//! Local links, checked against the file system: the file, inside the
//! article's repository, and the heading or anchor its fragment names.
//!
//! A path from the root (`/docs/a.md`) starts at the repository's root, never
//! at the machine's: `--root-dir`, else the git root of the current folder
//! (for an article outside it: the git root of the article's own folder, else
//! that folder), else the current folder. A link that leads out of the root is
//! `invalid`. A fragment that names no heading or anchor of the target is
//! `missing_file`: the place the link promises does not exist, and the
//! contract's statuses are a closed set (see [`LocalFiles::check`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::status::{LinkStatus, Verdict};
use crate::article::anchors::Anchors;
use crate::article::MAX_FILE_BYTES;
use crate::extract::links::{normalize, LocalTarget};

/// File extensions whose fragments are Markdown headings.
const MARKDOWN: &[&str] = &["md", "markdown", "mdown", "mkd"];
/// File extensions whose fragments are HTML ids.
const HTML: &[&str] = &["html", "htm", "xhtml"];

/// Checks local links, remembering roots and anchors across the links of a
/// run so that each target file is read once.
#[derive(Debug)]
pub struct LocalFiles {
    /// The current folder, which relative article paths start from.
    current: PathBuf,
    /// `--root-dir`, absolute: every article's root.
    given_root: Option<PathBuf>,
    /// The git root of the current folder, else the current folder.
    default_root: PathBuf,
    /// The root of each article folder, when none is given.
    roots: HashMap<PathBuf, PathBuf>,
    /// The anchors of each target file read so far, or why it could not be
    /// read.
    anchors: HashMap<PathBuf, Result<Anchors, String>>,
}

impl LocalFiles {
    /// A checker whose root is `root_dir`, or found per article when `None`.
    #[must_use]
    pub fn new(root_dir: Option<&Path>) -> Self {
        let current = std::env::current_dir().unwrap_or_default();
        let default_root = git_root(&current).unwrap_or_else(|| current.clone());
        Self {
            given_root: root_dir.map(|r| normalize(&current.join(r))),
            current,
            default_root,
            roots: HashMap::new(),
            anchors: HashMap::new(),
        }
    }

    /// The verdict on one local link.
    ///
    /// A fragment that names no heading or anchor is `missing_file`, with a
    /// detail that says the file exists: the link is as broken as one to a
    /// missing file (the reader lands at the top of the page, not at the
    /// place promised), it fails the build as lychee's `--include-fragments`
    /// does, and the contract's statuses are a closed set that a new
    /// `missing_fragment` would break.
    pub fn check(&mut self, target: &LocalTarget) -> Verdict {
        let article = normalize(&self.current.join(&target.article));
        let folder = article.parent().unwrap_or_else(|| Path::new("/"));
        let root = self.root_of(folder);
        let file = if target.path.is_empty() {
            article.clone()
        } else if target.from_root() {
            normalize(&root.join(target.path.trim_start_matches('/')))
        } else {
            normalize(&folder.join(&target.path))
        };
        let shown = self.shown(target, &file);
        if !file.starts_with(&root) {
            return Verdict::new(
                LinkStatus::Invalid,
                format!(
                    "{} lies outside the repository root {} (set it with --root-dir)",
                    shown.display(),
                    root.display()
                ),
            );
        }
        if !file.exists() {
            let from = if target.from_root() {
                format!(
                    " (a path from / starts at the repository root {})",
                    root.display()
                )
            } else {
                String::new()
            };
            return Verdict::new(
                LinkStatus::MissingFile,
                format!("no file at {}{from}", shown.display()),
            );
        }
        let Some(fragment) = &target.fragment else {
            return Verdict::new(LinkStatus::Ok, exists(&file));
        };
        // `#top` is the top of any page (HTML's rule), heading or not.
        if fragment.eq_ignore_ascii_case("top") {
            return Verdict::new(LinkStatus::Ok, exists(&file));
        }
        let kind = if target.path.is_empty() {
            Some(AnchorKind::Markdown)
        } else {
            AnchorKind::of(&file)
        };
        let Some(kind) = kind else {
            return Verdict::new(
                LinkStatus::Ok,
                format!(
                    "{}; #{fragment} is not checked (only Markdown and HTML files have anchors to check)",
                    exists(&file)
                ),
            );
        };
        match self.anchors_of(&file, kind) {
            Ok(anchors) if anchors.contains(fragment) => Verdict::new(
                LinkStatus::Ok,
                format!("the file exists and has #{fragment}"),
            ),
            Ok(anchors) => Verdict::new(
                LinkStatus::MissingFile,
                format!(
                    "{} exists but has no heading or anchor #{fragment} ({})",
                    shown.display(),
                    match anchors.len() {
                        0 => "it has none".to_owned(),
                        1 => "it has 1 anchor".to_owned(),
                        n => format!("it has {n} anchors"),
                    }
                ),
            ),
            Err(why) => Verdict::new(
                LinkStatus::Ok,
                format!("{}; #{fragment} is not checked: {why}", exists(&file)),
            ),
        }
    }

    /// The root for an article in `folder`.
    fn root_of(&mut self, folder: &Path) -> PathBuf {
        if let Some(root) = &self.given_root {
            return root.clone();
        }
        if folder.starts_with(&self.default_root) {
            return self.default_root.clone();
        }
        self.roots
            .entry(folder.to_path_buf())
            .or_insert_with(|| git_root(folder).unwrap_or_else(|| folder.to_path_buf()))
            .clone()
    }

    /// A file as reports name it: a relative link of a relative article as
    /// before (`sources/Page/X.md`), any other under the current folder
    /// relative to it, the rest absolute.
    fn shown(&self, target: &LocalTarget, file: &Path) -> PathBuf {
        if target.article.is_relative() && !target.from_root() {
            return target.beside_article();
        }
        file.strip_prefix(&self.current)
            .map_or_else(|_| file.to_path_buf(), Path::to_path_buf)
    }

    fn anchors_of(&mut self, file: &Path, kind: AnchorKind) -> Result<&Anchors, String> {
        self.anchors
            .entry(file.to_path_buf())
            .or_insert_with(|| {
                let text = read_text(file)?;
                Ok(match kind {
                    AnchorKind::Markdown => Anchors::of_markdown(&text),
                    AnchorKind::Html => Anchors::of_html(&text),
                })
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// How a file's anchors are read.
#[derive(Debug, Clone, Copy)]
enum AnchorKind {
    Markdown,
    Html,
}

impl AnchorKind {
    fn of(file: &Path) -> Option<Self> {
        let extension = file.extension()?.to_string_lossy().to_lowercase();
        if MARKDOWN.contains(&extension.as_str()) {
            Some(Self::Markdown)
        } else if HTML.contains(&extension.as_str()) {
            Some(Self::Html)
        } else {
            None
        }
    }
}

/// A target file's text, for its anchors: any size up to the limit on
/// articles, bytes that are not UTF-8 replaced.
fn read_text(file: &Path) -> Result<String, String> {
    let bytes = std::fs::metadata(file).map_err(|e| e.to_string())?.len();
    if bytes > MAX_FILE_BYTES {
        return Err(format!("the file is too large ({bytes} bytes)"));
    }
    let bytes = std::fs::read(file).map_err(|e| e.to_string())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn exists(file: &Path) -> &'static str {
    if file.is_dir() {
        "the folder exists"
    } else {
        "the file exists"
    }
}

/// The nearest folder at or above `folder` that holds `.git` (a folder, or
/// a file in a worktree or submodule).
#[must_use]
pub fn git_root(folder: &Path) -> Option<PathBuf> {
    folder
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(article: &Path, path: &str, fragment: Option<&str>) -> LocalTarget {
        LocalTarget {
            article: article.to_path_buf(),
            path: path.to_owned(),
            fragment: fragment.map(str::to_owned),
        }
    }

    #[test]
    fn existing_and_missing_files() {
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("a.md");
        std::fs::write(&article, "# A\n").unwrap();
        let mut files = LocalFiles::new(Some(dir.path()));
        assert_eq!(
            files.check(&local(&article, "a.md", None)).status,
            LinkStatus::Ok
        );
        assert_eq!(
            files.check(&local(&article, "b.md", None)).status,
            LinkStatus::MissingFile
        );
    }

    #[test]
    fn the_root_is_the_git_root_of_an_article_outside_the_current_repository() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("docs")).unwrap();
        std::fs::write(repo.join("README.md"), "x").unwrap();
        let article = repo.join("docs/a.md");
        std::fs::write(&article, "x").unwrap();
        // The tests run inside this repository; the article lies outside it.
        let mut files = LocalFiles::new(None);
        let verdict = files.check(&local(&article, "/README.md", None));
        assert_eq!(verdict.status, LinkStatus::Ok, "{}", verdict.detail);
        let verdict = files.check(&local(&article, "../../outside.md", None));
        assert_eq!(verdict.status, LinkStatus::Invalid, "{}", verdict.detail);
    }
}
