//! Relative links, checked against the file system.

use std::path::Path;

use super::{LinkStatus, Verdict};

/// Whether a relative link's target exists.
#[must_use]
pub fn check_file(path: &Path) -> Verdict {
    if path.exists() {
        Verdict::new(LinkStatus::Ok, "the file exists")
    } else {
        Verdict::new(
            LinkStatus::MissingFile,
            format!("no file at {}", path.display()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn existing_and_missing_files() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "x").unwrap();
        assert_eq!(check_file(&file).status, LinkStatus::Ok);
        assert_eq!(
            check_file(&dir.path().join("b.md")).status,
            LinkStatus::MissingFile
        );
    }
}
