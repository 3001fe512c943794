//! Report files replaced whole, never torn.
//!
//! A run killed while writing, or a disk that fills up, must leave the
//! previous reports as they were: each file is written to a temporary file in
//! the same folder, flushed to disk, and only when every one of them is
//! complete are they renamed over the old ones (a rename within one folder is
//! atomic). A failure before the renames removes the temporary files and
//! leaves the old set untouched.

#[cfg(test)]
use std::io::Write as _;
use std::path::Path;

use tempfile::NamedTempFile;

/// Replaces `dir/name` with `contents` for every pair, all or none (up to
/// the renames, which cannot fail for want of space).
///
/// # Errors
/// A temporary file could not be created, written, flushed or renamed; the
/// error names the file.
/// Replaces each of `files` in `dir` as a set: all written, then renamed.
#[cfg(test)]
pub(crate) fn replace_all(dir: &Path, files: &[(&str, &[u8])]) -> std::io::Result<()> {
    let mut written = Vec::new();
    for (name, contents) in files {
        let mut temp = temp_file(dir, name)?;
        temp.write_all(contents)?;
        written.push((*name, temp));
    }
    commit_files(dir, written)
}

/// A fresh, empty folder beside `dir/name`, to fill and then put in its
/// place with [`swap_folder`]; dropped unfilled, it is removed.
pub(crate) fn fresh_folder(dir: &Path, name: &str) -> std::io::Result<tempfile::TempDir> {
    std::fs::create_dir_all(dir)?;
    remove_stale_folders(dir, name);
    tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempdir_in(dir)
}

/// Puts a filled [`fresh_folder`] in the place of `dir/name`: two renames,
/// so the folder is always whole, old or new.
pub(crate) fn swap_folder(dir: &Path, name: &str, fresh: tempfile::TempDir) -> std::io::Result<()> {
    let target = dir.join(name);
    let fresh = fresh.keep();
    if target.exists() {
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".old.tmp")
            .tempdir_in(dir)?
            .keep();
        std::fs::remove_dir(&old)?;
        std::fs::rename(&target, &old)?;
        std::fs::rename(&fresh, &target)?;
        let _ = std::fs::remove_dir_all(old);
    } else {
        std::fs::rename(&fresh, &target)?;
    }
    Ok(())
}

/// A temporary file in `dir` that will become `dir/name`, once written
/// whole, by [`commit_files`]. Leftovers of killed runs are cleared first.
pub(crate) fn temp_file(dir: &Path, name: &str) -> std::io::Result<NamedTempFile> {
    std::fs::create_dir_all(dir)?;
    remove_stale(dir, &[name]);
    tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{name}: {e}")))
}

/// Flushes each written [`temp_file`] to disk, then renames each over its
/// file, in order: put the file that marks a complete set last.
pub(crate) fn commit_files(dir: &Path, files: Vec<(&str, NamedTempFile)>) -> std::io::Result<()> {
    // Each flush waits on the disk, not the processor: all at once.
    std::thread::scope(|scope| {
        let flushes: Vec<_> = files
            .iter()
            .map(|(name, temp)| {
                scope.spawn(move || {
                    temp.as_file()
                        .sync_all()
                        .map_err(|e| std::io::Error::new(e.kind(), format!("{name}: {e}")))
                })
            })
            .collect();
        flushes.into_iter().try_for_each(|f| {
            f.join()
                .unwrap_or_else(|_| Err(std::io::Error::other("a flush failed")))
        })
    })?;
    for (name, temp) in files {
        persist(temp, &dir.join(name))?;
    }
    Ok(())
}

/// Removes the folder `dir/name` of an earlier run, if any.
pub(crate) fn remove_folder(dir: &Path, name: &str) {
    let _ = std::fs::remove_dir_all(dir.join(name));
}

/// Removes temporary folders of `name` left by killed runs.
fn remove_stale_folders(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        if file.starts_with(&format!(".{name}.")) && file.ends_with(".tmp") && is_stale(&entry) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether a temporary file or folder is old enough to be a killed run's
/// leftover rather than another run's work in progress.
fn is_stale(entry: &std::fs::DirEntry) -> bool {
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > STALE)
}

/// How old a temporary file must be before a later run takes it for a
/// killed run's leftover.
const STALE: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes temporary files of `files` left by killed runs.
fn remove_stale(dir: &Path, files: &[&str]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name.ends_with(".tmp")
            && files
                .iter()
                .any(|file| name.starts_with(&format!(".{file}.")));
        if ours && is_stale(&entry) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn persist(temp: NamedTempFile, to: &Path) -> std::io::Result<()> {
    // The new file gets the permissions a plain write would have given it,
    // not the temporary file's owner-only 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(to).map_or(0o644, |m| m.permissions().mode());
        let _ = temp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode));
    }
    temp.persist(to)
        .map(drop)
        .map_err(|e| std::io::Error::new(e.error.kind(), format!("{}: {}", to.display(), e.error)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_is_replaced_and_no_temporary_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.json"), "old").unwrap();
        replace_all(dir.path(), &[("a.json", b"new a"), ("b.md", b"new b")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.json")).unwrap(),
            "new a"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("b.md")).unwrap(),
            "new b"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn leftovers_of_killed_runs_are_removed_once_stale() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join(".a.json.x1.tmp");
        let young = dir.path().join(".a.json.x2.tmp");
        let other = dir.path().join(".notes.x3.tmp");
        for path in [&old, &young, &other] {
            std::fs::write(path, "half").unwrap();
        }
        let hours_ago = std::time::SystemTime::now() - 2 * STALE;
        for path in [&old, &other] {
            std::fs::File::options()
                .write(true)
                .open(path)
                .unwrap()
                .set_modified(hours_ago)
                .unwrap();
        }
        replace_all(dir.path(), &[("a.json", b"new")]).unwrap();
        assert!(!old.exists(), "a stale leftover is removed");
        assert!(young.exists(), "a young one may be another run's");
        assert!(other.exists(), "not one of ours");
    }

    #[test]
    fn a_failed_write_leaves_the_old_set_untouched() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.json"), "old a").unwrap();
        // A name that cannot be a file in the folder makes the second
        // temporary file fail after the first was written.
        let err = replace_all(dir.path(), &[("a.json", b"new a"), ("no/such/b.md", b"b")]);
        assert!(err.is_err());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.json")).unwrap(),
            "old a"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
