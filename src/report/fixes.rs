//! The fixes of a run, written: `fixes.patch` in the report folder (a
//! unified diff that `git apply` and `patch -p1` take, paths relative to
//! the repository's root) and, when asked, the fixed files in place, each
//! replaced whole, and none that changed since the run read it.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::check::LinkStatus;
use crate::fix::{self, DeadLink, Fix, FixOptions, MovedLink, ToMend};

use super::findings::Finding;
use super::model::ArticleReport;
use super::replace::{commit_files, temp_file};

/// The patch's file name in the report folder.
pub const FILE_NAME: &str = "fixes.patch";

/// The fixes of a run, as its articles are judged.
#[derive(Debug)]
pub struct FixWriter {
    root: PathBuf,
    options: FixOptions,
    confirm: u32,
    patch: String,
    changed: Vec<Changed>,
    fixes: usize,
    listed: usize,
}

/// A file the run would change.
#[derive(Debug)]
struct Changed {
    path: PathBuf,
    before: String,
    after: String,
}

/// What the fixes came to.
#[derive(Debug, Default)]
pub struct FixOutcome {
    /// Fixes in the patch.
    pub fixes: usize,
    /// Fixes listed for articles citecheck does not edit (HTML, a dump's
    /// pages, pages a wiki served).
    pub listed: usize,
    /// Files the patch changes.
    pub files: usize,
    /// Files changed in place (with `--write`).
    pub written: usize,
    /// Files left alone because they changed since the run read them, or
    /// could not be replaced: one line each, naming the file.
    pub refused: Vec<String>,
}

impl FixWriter {
    /// Fixes named relative to `root` (the repository's root), of dead
    /// links confirmed as `--confirm` (`confirm`) asks.
    #[must_use]
    pub fn new(root: &Path, options: FixOptions, confirm: u32) -> Self {
        Self {
            root: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
            options,
            confirm,
            patch: String::new(),
            changed: Vec::new(),
            fixes: 0,
            listed: 0,
        }
    }

    /// Plans the fixes of one judged article from its file as it is now.
    /// Returns them, for the reports. An article that is not edited (HTML,
    /// a dump's page, a page a wiki served) has its fixes listed, not
    /// patched.
    pub fn take(&mut self, article: &ArticleReport, findings: &[Finding]) -> Vec<Fix> {
        if article.error.is_some() {
            return Vec::new();
        }
        let mend = to_mend(article, findings, self.confirm);
        if mend.is_empty() {
            return Vec::new();
        }
        // HTML, a dump's page or a page a wiki served: not edited here, its
        // fixes listed for the editor who makes them.
        if !article.is_editable() {
            let listed = listed(&mend);
            self.listed += listed.len();
            return listed;
        }
        let path = PathBuf::from(&article.path);
        let Ok(source) = std::fs::read_to_string(&path) else {
            return Vec::new();
        };
        let planned = fix::plan(article.format, &source, &mend, &self.options);
        if planned.is_empty() {
            return Vec::new();
        }
        let after = fix::apply(&source, &planned.edits);
        self.patch
            .push_str(&fix::patch::file_diff(&self.name(&path), &source, &after));
        self.fixes += planned.fixes.len();
        self.changed.push(Changed {
            path,
            before: source,
            after,
        });
        planned.fixes
    }

    /// The path as the patch names it: relative to the root, `/` between
    /// its parts.
    fn name(&self, path: &Path) -> String {
        let full = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let relative = full.strip_prefix(&self.root).unwrap_or(path);
        relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Writes `fixes.patch` into `out` (empty when there is nothing to fix)
    /// and, when `write`, each fixed file in place.
    ///
    /// # Errors
    /// The patch could not be written; the error names it.
    pub fn finish(self, out: &Path, write: bool) -> std::io::Result<FixOutcome> {
        let mut temp = temp_file(out, FILE_NAME)?;
        temp.write_all(self.patch.as_bytes())
            .map_err(|e| std::io::Error::new(e.kind(), format!("{FILE_NAME}: {e}")))?;
        commit_files(out, vec![(FILE_NAME, temp)])?;
        let mut outcome = FixOutcome {
            fixes: self.fixes,
            listed: self.listed,
            files: self.changed.len(),
            ..FixOutcome::default()
        };
        if write {
            for changed in &self.changed {
                match write_in_place(changed) {
                    Ok(()) => outcome.written += 1,
                    Err(why) => outcome.refused.push(why),
                }
            }
        }
        Ok(outcome)
    }
}

/// The fixes of an article that is not edited, for its reports: what to
/// do with each link, before and after it.
fn listed(mend: &ToMend) -> Vec<Fix> {
    let dead = mend.dead.iter().map(|d| match &d.archive_url {
        Some(copy) => Fix {
            kind: fix::FixKind::ArchiveAdded,
            url: d.url.clone(),
            line: d.line,
            before: d.url.clone(),
            after: format!("{} (archived copy: {copy})", d.url),
        },
        None => Fix {
            kind: fix::FixKind::DeadLinkTagged,
            url: d.url.clone(),
            line: d.line,
            before: d.url.clone(),
            after: format!("{} (dead link, no archived copy)", d.url),
        },
    });
    let moved = mend.moved.iter().map(|m| Fix {
        kind: fix::FixKind::RedirectFollowed,
        url: m.url.clone(),
        line: m.line,
        before: m.url.clone(),
        after: m.to.clone(),
    });
    dead.chain(moved).collect()
}

/// What a fix may mend in `article`: its dead links (dead or soft 404,
/// confirmed as `--confirm` asks) and its links that moved for good to the
/// same page at a new address, each URL once.
fn to_mend(article: &ArticleReport, findings: &[Finding], confirm: u32) -> ToMend {
    let mut seen = std::collections::HashSet::new();
    let mut mend = ToMend::default();
    for f in findings {
        let Some(link) = f.link_index().and_then(|i| article.links.get(i)) else {
            continue;
        };
        if !seen.insert(link.link.url.as_str()) {
            continue;
        }
        match f.problem {
            super::Problem::Link(LinkStatus::Dead | LinkStatus::Soft404)
                if f.failures_a_day_apart.is_none_or(|n| n >= confirm) =>
            {
                mend.dead.push(DeadLink {
                    url: link.link.url.clone(),
                    line: link.link.line,
                    archive_url: link.verdict.archive_url.clone(),
                });
            }
            super::Problem::Link(LinkStatus::Redirected) => {
                let Some(to) = link.verdict.final_url.as_deref() else {
                    continue;
                };
                if let Some(to) = same_page_elsewhere(&link.link.url, to) {
                    mend.moved.push(MovedLink {
                        url: link.link.url.clone(),
                        line: link.link.line,
                        to,
                    });
                }
            }
            _ => {}
        }
    }
    mend
}

/// Where a page that moved for good to `to` is now, as the citation should
/// write it: `None` when `to` is a site's home page (the page is gone, not
/// moved) or not a web address; the citation's fragment kept.
fn same_page_elsewhere(from: &str, to: &str) -> Option<String> {
    let mut to = url::Url::parse(to).ok()?;
    let from = url::Url::parse(from).ok();
    let deep = |u: &url::Url| !u.path().trim_matches('/').is_empty() || u.query().is_some();
    if !deep(&to) && from.as_ref().is_none_or(deep) {
        return None;
    }
    if to.fragment().is_none() {
        if let Some(fragment) = from.as_ref().and_then(|f| f.fragment()) {
            to.set_fragment(Some(fragment));
        }
    }
    Some(to.to_string())
}

/// Replaces a file with its fixed text, whole (a temporary file beside it,
/// renamed over it), unless it changed since it was read.
fn write_in_place(changed: &Changed) -> Result<(), String> {
    let shown = crate::article::path_text(&changed.path);
    let now = std::fs::read_to_string(&changed.path)
        .map_err(|e| format!("{shown}: not fixed: cannot read it again: {e}"))?;
    if now != changed.before {
        return Err(format!(
            "{shown}: not fixed: it changed since this run read it; run again"
        ));
    }
    let dir = changed
        .path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let replace = || -> std::io::Result<()> {
        let mut temp = tempfile::Builder::new()
            .prefix(".citecheck-fix.")
            .tempfile_in(dir)?;
        temp.write_all(changed.after.as_bytes())?;
        if let Ok(meta) = std::fs::metadata(&changed.path) {
            let _ = temp.as_file().set_permissions(meta.permissions());
        }
        temp.as_file().sync_all()?;
        temp.persist(&changed.path).map_err(|e| e.error)?;
        Ok(())
    };
    replace().map_err(|e| format!("{shown}: not fixed: cannot replace it: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_changed_since_it_was_read_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "edited by someone else\n").unwrap();
        let changed = Changed {
            path: path.clone(),
            before: "as the run read it\n".to_owned(),
            after: "as the run fixed it\n".to_owned(),
        };
        let why = write_in_place(&changed).unwrap_err();
        assert!(why.contains("changed since this run read it"), "{why}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "edited by someone else\n"
        );
        // As read: replaced whole, nothing left beside it.
        std::fs::write(&path, "as the run read it\n").unwrap();
        write_in_place(&changed).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "as the run fixed it\n"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file left");
    }
}
