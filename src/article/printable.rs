//! Names and text made safe to print.
//!
//! A file name may hold any byte but `/` and NUL: a newline followed by
//! `::error …` would inject a GitHub workflow command through the text
//! summary, and two names that differ only in bytes that are not UTF-8 would
//! collapse into one `�` path if read lossily. Every path and every piece of
//! article text that reaches a terminal, a log or a report goes through here.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

/// A path as people read it: UTF-8 as it is, control and direction-changing
/// characters as visible escapes (`\n`, `\u{202e}`), bytes that are not UTF-8
/// as `\xFF`. Distinct paths give distinct texts.
#[must_use]
pub fn path_text(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            push_escaped(&mut out, chunk.valid());
            for byte in chunk.invalid() {
                let _ = write!(out, "\\x{byte:02X}");
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        one_line(&path.to_string_lossy()).into_owned()
    }
}

/// `text` with control and direction-changing characters escaped, so that
/// it prints on one line and reads the way it is stored.
#[must_use]
pub fn one_line(text: &str) -> Cow<'_, str> {
    if text.chars().any(needs_escape) {
        let mut out = String::with_capacity(text.len() + 8);
        push_escaped(&mut out, text);
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
}

/// Control characters (C0, DEL, C1), the line and paragraph separators, and
/// the bidirectional overrides and isolates that can make text read
/// differently from what it is.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newline_in_a_name_cannot_start_a_workflow_command() {
        let shown = path_text(Path::new("a\n::error file=x::pwned.md"));
        assert_eq!(shown, "a\\n::error file=x::pwned.md");
        assert!(!shown.contains('\n'));
        assert_eq!(one_line("t\r\u{202e}x\u{85}"), "t\\r\\u{202e}x\\u{85}");
        assert!(matches!(one_line("德蘇 plain"), Cow::Borrowed(_)));
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_stay_distinct() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let a = path_text(Path::new(OsStr::from_bytes(b"x\xff.md")));
        let b = path_text(Path::new(OsStr::from_bytes(b"x\xfe.md")));
        assert_eq!(a, "x\\xFF.md");
        assert_ne!(a, b);
        assert_eq!(path_text(Path::new("sources/德蘇.md")), "sources/德蘇.md");
    }
}
