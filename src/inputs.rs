//! Which files a run audits, chosen as a linter chooses them: files named
//! as given, folders walked with `.gitignore` and `.ignore` honoured (the
//! `ignore` crate, as ripgrep walks), the folders no article lives in
//! skipped (`reports/`, `target/`, `node_modules/`, hidden folders and the
//! run's own report folder), `--exclude-path` globs left out, and glob
//! arguments (`'docs/**/*.md'`) expanded. A source that could not be had
//! at all is an [`Unavailable`], reported as unreadable while the rest is
//! audited.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use thiserror::Error;

use crate::article::dump::{self, Dump};
use crate::article::{self, Source};

/// Folders never walked into: build output, dependencies, reports.
const SKIPPED_FOLDERS: &[&str] = &["reports", "target", "node_modules"];

/// Why the inputs could not be gathered, or a part of them.
#[derive(Debug, Error)]
pub enum InputError {
    /// A path named on the command line does not exist.
    #[error("{}: no such file or folder", article::path_text(.0))]
    NotFound(PathBuf),
    /// A folder could not be listed; the rest of the walk goes on.
    #[error("{}: cannot list folder: {source}", article::path_text(.path))]
    Unlistable {
        /// The folder.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The paths hold no article at all.
    #[error("no articles (*.md, *.wikitext, *.html) found in {0}")]
    NoArticles(String),
    /// An `--exclude-path` or a glob argument is not a valid glob.
    #[error("{pattern}: not a valid glob: {reason}")]
    BadGlob {
        /// The pattern as given.
        pattern: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl InputError {
    /// The file or folder the error is about, if it is about one.
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        match self {
            Self::NotFound(path) | Self::Unlistable { path, .. } => Some(path),
            Self::NoArticles(_) | Self::BadGlob { .. } => None,
        }
    }
}

/// A source named for the run that could not be had (a wiki page that
/// could not be fetched): the report lists it as unreadable, under its name,
/// and the others are audited.
#[derive(Debug, Error)]
#[error("{why}")]
pub struct Unavailable {
    /// The source as it was named: a path, or a wiki page's address.
    pub name: PathBuf,
    /// Why it could not be had; its message names the source.
    pub why: Box<dyn std::error::Error + Send + Sync>,
}

/// One source of a run: had, or [`Unavailable`].
pub type SourceResult = Result<Source, Unavailable>;

/// What a walk over the inputs found.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Article files, each real file once, in a stable order.
    pub files: Vec<PathBuf>,
    /// Dumps, told from articles by their content (named as given, or met
    /// in a folder under a dump's name: `.xml`, `.xml.bz2`, `.tar.gz`, …).
    pub dumps: Vec<Dump>,
    /// Folders that could not be listed ([`InputError::Unlistable`]): named
    /// on stderr and in the report as unreadable, while the rest is audited.
    pub unlistable: Vec<InputError>,
}

/// How inputs are chosen beyond the paths themselves.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Globs of paths left out (`drafts/**`, `**/*.draft.md`), matched
    /// against the path as walked and against it relative to the folder
    /// walked.
    pub exclude: Vec<String>,
    /// The run's report folder: never audited.
    pub out: Option<PathBuf>,
}

/// The article files named by `paths`, with no exclusions.
///
/// # Errors
/// As [`select_inputs`].
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Inputs, InputError> {
    select_inputs(paths, &Selection::default())
}

/// The article files named by `paths`: files as given (whatever their
/// extension), folders searched recursively for articles, glob patterns
/// expanded; in a stable order.
///
/// Symbolic links are followed, but every real folder and file is visited
/// once (by device and inode): a link back to an ancestor, two links to the
/// same folder or the same file named twice cannot audit an article twice or
/// walk forever.
///
/// # Errors
/// A path that does not exist, a glob that is not one, or no article at
/// all. A folder that cannot be listed is not an error of the whole walk:
/// it is kept in [`Inputs::unlistable`].
pub fn select_inputs(paths: &[PathBuf], selection: &Selection) -> Result<Inputs, InputError> {
    let exclude = globs(&selection.exclude)?;
    let out = selection
        .out
        .as_ref()
        .and_then(|o| std::fs::canonicalize(o).ok());
    let mut walk = Walk {
        inputs: Inputs::default(),
        seen: HashSet::new(),
        exclude,
        out,
    };
    for path in paths {
        let text = path.to_string_lossy();
        if path.is_dir() {
            let mut found = walk.folder(path, None);
            found.sort();
            walk.inputs.files.extend(found);
        } else if path.exists() {
            if walk.first_visit(path) {
                walk.inputs.files.push(path.clone());
            }
        } else if text.contains(['*', '?', '[']) {
            let mut found = walk.glob(&text)?;
            found.sort();
            walk.inputs.files.extend(found);
        } else {
            return Err(InputError::NotFound(path.clone()));
        }
    }
    if walk.inputs.files.is_empty() && walk.inputs.unlistable.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| article::path_text(p)).collect();
        return Err(InputError::NoArticles(names.join(", ")));
    }
    // A dump is told by its content; an article's name never makes one.
    let files = std::mem::take(&mut walk.inputs.files);
    for path in files {
        let kind = (!is_article_name(&path))
            .then(|| dump::detect_named(&path))
            .flatten();
        match kind {
            Some(kind) => walk.inputs.dumps.push(Dump { path, kind }),
            None => walk.inputs.files.push(path),
        }
    }
    Ok(walk.inputs)
}

fn globs(patterns: &[String]) -> Result<GlobSet, InputError> {
    let mut set = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = Glob::new(pattern).map_err(|e| InputError::BadGlob {
            pattern: pattern.clone(),
            reason: e.kind().to_string(),
        })?;
        set.add(glob);
    }
    set.build().map_err(|e| InputError::BadGlob {
        pattern: patterns.join(", "),
        reason: e.to_string(),
    })
}

/// A walk over folders that visits each real folder and file once.
struct Walk {
    inputs: Inputs,
    seen: HashSet<FileId>,
    exclude: GlobSet,
    /// The report folder, canonical.
    out: Option<PathBuf>,
}

/// What identifies a file whatever the path to it: its device and inode on
/// Unix, its canonical path elsewhere.
#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = PathBuf;

/// A file's identity, following links; `None` when it cannot be read.
fn file_id(path: &Path) -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path).ok()
    }
}

fn is_link(path: &Path) -> bool {
    path.symlink_metadata().is_ok_and(|m| m.is_symlink())
}

impl Walk {
    /// Whether `path` (following links) has not been visited yet; marks it
    /// visited. A path whose identity cannot be read counts as new.
    fn first_visit(&mut self, path: &Path) -> bool {
        file_id(path).is_none_or(|id| self.seen.insert(id))
    }

    fn excluded(&self, path: &Path, root: &Path) -> bool {
        self.exclude.is_match(path)
            || path
                .strip_prefix(root)
                .is_ok_and(|relative| self.exclude.is_match(relative))
    }

    /// The articles under `root`; with `pattern`, only the files it matches.
    fn folder(&mut self, root: &Path, pattern: Option<&GlobSet>) -> Vec<PathBuf> {
        let mut found = Vec::new();
        let out = self.out.clone();
        // Folders already walked, shared with the walker's filter: a folder
        // reached again through a link is not walked again.
        let folders_seen = std::sync::Mutex::new(HashSet::new());
        let entries = ignore::WalkBuilder::new(root)
            .follow_links(true)
            .hidden(true)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(true)
            .ignore(true)
            .parents(true)
            .require_git(false)
            // Real entries before links, so that a file reached both ways
            // is reported under its own name.
            .sort_by_file_path(|a, b| (is_link(a), a).cmp(&(is_link(b), b)))
            .filter_entry(move |entry| {
                let is_dir = entry.path().is_dir();
                if !is_dir {
                    return true;
                }
                let name = entry.file_name().to_string_lossy();
                if entry.depth() > 0 && SKIPPED_FOLDERS.contains(&name.as_ref()) {
                    return false;
                }
                if out
                    .as_ref()
                    .is_some_and(|out| std::fs::canonicalize(entry.path()).is_ok_and(|p| &p == out))
                {
                    return false;
                }
                file_id(entry.path())
                    .is_none_or(|id| folders_seen.lock().map_or(true, |mut seen| seen.insert(id)))
            })
            .build();
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    self.unlistable(error);
                    continue;
                }
            };
            let path = entry.path();
            let is_file = entry.file_type().is_some_and(|t| t.is_file())
                || (entry.path_is_symlink() && path.is_file());
            if !is_file || self.excluded(path, root) {
                continue;
            }
            let wanted = match pattern {
                Some(pattern) => pattern.is_match(path),
                None => {
                    is_article_name(path)
                        || (dump::may_be_dump(path) && dump::detect_named(path).is_some())
                }
            };
            if wanted && self.first_visit(path) {
                found.push(path.to_path_buf());
            }
        }
        found
    }

    /// A walk error: a folder that cannot be listed is kept; loops of links
    /// are skipped (each real folder is walked once anyway).
    fn unlistable(&mut self, error: ignore::Error) {
        let mut error = error;
        let mut path = None;
        loop {
            match error {
                ignore::Error::WithPath { path: p, err } => {
                    path = Some(p);
                    error = *err;
                }
                ignore::Error::WithDepth { err, .. }
                | ignore::Error::WithLineNumber { err, .. } => {
                    error = *err;
                }
                ignore::Error::Io(source) => {
                    if let Some(path) = path {
                        self.inputs
                            .unlistable
                            .push(InputError::Unlistable { path, source });
                    }
                    return;
                }
                _ => return,
            }
        }
    }

    /// The files a glob argument matches, walked from the longest folder
    /// that holds no glob character.
    fn glob(&mut self, pattern: &str) -> Result<Vec<PathBuf>, InputError> {
        let set = globs(&[pattern.to_owned()])?;
        let literal: PathBuf = Path::new(pattern)
            .components()
            .take_while(|c| !c.as_os_str().to_string_lossy().contains(['*', '?', '[']))
            .collect();
        let root = if literal.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            literal
        };
        if !root.is_dir() {
            return Ok(Vec::new());
        }
        let found = self.folder(&root, Some(&set));
        // `./x.md` from the current folder matches `x.md` patterns too.
        Ok(found
            .into_iter()
            .map(|p| p.strip_prefix("./").map(Path::to_path_buf).unwrap_or(p))
            .collect())
    }
}

fn is_article_name(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        let e = e.to_string_lossy().to_lowercase();
        article::EXTENSIONS.iter().any(|(known, _)| *known == e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, name: &str) {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "A claim.\n").unwrap();
    }

    fn names(inputs: &Inputs, root: &Path) -> Vec<String> {
        inputs
            .files
            .iter()
            .map(|p| {
                p.strip_prefix(root)
                    .unwrap_or(p)
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    }

    #[test]
    fn a_repository_root_audits_no_reports_build_output_dependencies_or_ignored_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in [
            "docs/a.md",
            "docs/b.wikitext",
            "reports/report.html",
            "target/doc/x.html",
            "node_modules/pkg/README.md",
            "drafts/c.md",
            "generated/d.md",
            ".hidden/e.md",
            "out/report.md",
        ] {
            write(root, name);
        }
        std::fs::write(root.join(".gitignore"), "drafts/\n").unwrap();
        std::fs::write(root.join(".ignore"), "generated/\n").unwrap();
        let selection = Selection {
            exclude: Vec::new(),
            out: Some(root.join("out")),
        };
        let inputs = select_inputs(&[root.to_path_buf()], &selection).unwrap();
        assert_eq!(names(&inputs, root), ["docs/a.md", "docs/b.wikitext"]);
    }

    #[test]
    fn exclude_paths_and_glob_arguments() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in ["docs/a.md", "docs/old/b.md", "docs/c.html", "notes/d.md"] {
            write(root, name);
        }
        let selection = Selection {
            exclude: vec!["**/old/**".to_owned()],
            out: None,
        };
        let inputs = select_inputs(&[root.to_path_buf()], &selection).unwrap();
        assert_eq!(
            names(&inputs, root),
            ["docs/a.md", "docs/c.html", "notes/d.md"]
        );
        let pattern = PathBuf::from(format!("{}/docs/**/*.md", root.display()));
        let inputs = select_inputs(&[pattern], &Selection::default()).unwrap();
        assert_eq!(names(&inputs, root), ["docs/a.md", "docs/old/b.md"]);
        let bad = select_inputs(
            &[root.to_path_buf()],
            &Selection {
                exclude: vec!["a[".to_owned()],
                out: None,
            },
        );
        assert!(matches!(bad, Err(InputError::BadGlob { .. })));
    }
}
