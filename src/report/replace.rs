//! Report files replaced whole, never torn.
//!
//! A run killed while writing, or a disk that fills up, must leave the
//! previous reports as they were: each file is written to a temporary file in
//! the same folder, flushed to disk, and only when every one of them is
//! complete are they renamed over the old ones (a rename within one folder is
//! atomic). A failure before the renames removes the temporary files and
//! leaves the old set untouched.

use std::io::Write as _;
use std::path::Path;

use tempfile::NamedTempFile;

/// Replaces `dir/name` with `contents` for every pair, all or none (up to
/// the renames, which cannot fail for want of space).
///
/// # Errors
/// A temporary file could not be created, written, flushed or renamed; the
/// error names the file.
#[cfg(test)]
pub(crate) fn replace_all(dir: &Path, files: &[(&str, &[u8])]) -> std::io::Result<()> {
    let bodies: Vec<(&str, Body<'_>)> = files
        .iter()
        .map(|(name, contents)| (*name, Body::Bytes(contents)))
        .collect();
    replace_all_with(dir, &bodies)
}

/// What goes into one replaced file: bytes at hand, or a writer of them
/// (a large report is written straight into its file, never held whole).
pub(crate) enum Body<'a> {
    /// The contents.
    Bytes(&'a [u8]),
    /// Writes the contents.
    Writer(&'a dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>),
}

/// [`replace_all`], with bodies that may be written as they are made.
///
/// # Errors
/// As [`replace_all`].
pub(crate) fn replace_all_with(dir: &Path, files: &[(&str, Body<'_>)]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let file_names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
    remove_stale(dir, &file_names);
    let mut written = Vec::with_capacity(files.len());
    for (name, contents) in files {
        let named = |e: std::io::Error| std::io::Error::new(e.kind(), format!("{name}: {e}"));
        let mut temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(named)?;
        match contents {
            Body::Bytes(bytes) => temp.write_all(bytes).map_err(named)?,
            Body::Writer(write) => {
                let mut buffered = std::io::BufWriter::new(temp.as_file_mut());
                write(&mut buffered).map_err(named)?;
                buffered.flush().map_err(named)?;
            }
        }
        temp.as_file().sync_all().map_err(named)?;
        written.push((name, temp));
    }
    for (name, temp) in written {
        persist(temp, &dir.join(name))?;
    }
    Ok(())
}

/// Replaces the folder `dir/name` with one that `fill` writes, whole: the
/// new folder is written beside it under a temporary name and swapped in by
/// two renames; the old one is removed after.
///
/// # Errors
/// A file could not be written or a folder renamed; the old folder is then
/// left as it was.
pub(crate) fn replace_folder(
    dir: &Path,
    name: &str,
    fill: impl FnOnce(&Path) -> std::io::Result<()>,
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    remove_stale_folders(dir, name);
    let fresh = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempdir_in(dir)?;
    fill(fresh.path())?;
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
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE);
        if file.starts_with(&format!(".{name}.")) && file.ends_with(".tmp") && old {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
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
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE);
        if ours && old {
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
