//! Edits written as a unified diff that `git apply` and `patch -p1` accept:
//! `a/` and `b/` prefixes, paths relative to the repository's root.

use similar::TextDiff;

/// The diff of one file, from `before` to `after`, named `path` (relative
/// to the root, `/` between its parts). Empty when nothing changed.
#[must_use]
pub fn file_diff(path: &str, before: &str, after: &str) -> String {
    if before == after {
        return String::new();
    }
    let diff = TextDiff::from_lines(before, after);
    let mut out = format!("diff --git a/{path} b/{path}\n");
    out.push_str(
        &diff
            .unified_diff()
            .context_radius(3)
            .missing_newline_hint(true)
            .header(&format!("a/{path}"), &format!("b/{path}"))
            .to_string(),
    );
    out
}
