//! `--format junit`: JUnit XML, which most CI systems show as test
//! results. A test suite per article; a test case per link and per ISBN;
//! dead links and invalid ISBNs fail, links not checked are skipped.

use std::fmt::Write;

use super::{ArticleReport, Report};
use crate::check::LinkStatus;

/// One test case before it is written.
struct Case {
    name: String,
    line: u32,
    /// `(type, message)` of a failure.
    failure: Option<(&'static str, String)>,
    skipped: Option<String>,
}

/// Renders the report as JUnit XML.
#[must_use]
pub fn render(report: &Report) -> String {
    let suites: Vec<(&ArticleReport, Vec<Case>)> =
        report.articles.iter().map(|a| (a, cases(a))).collect();
    let tests: usize = suites.iter().map(|(_, c)| c.len()).sum();
    let failures: usize = suites
        .iter()
        .flat_map(|(_, c)| c)
        .filter(|c| c.failure.is_some())
        .count();
    let errors = suites.iter().filter(|(a, _)| a.error.is_some()).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"citecheck\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">"
    );
    for (a, cases) in &suites {
        let path = escape(&a.path);
        let failed = cases.iter().filter(|c| c.failure.is_some()).count();
        let skipped = cases.iter().filter(|c| c.skipped.is_some()).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{failed}\" errors=\"{}\" skipped=\"{skipped}\">",
            cases.len(),
            usize::from(a.error.is_some())
        );
        if let Some(error) = &a.error {
            let _ = writeln!(
                out,
                "    <testcase classname=\"{path}\" name=\"read\" file=\"{path}\">\n      <error message=\"{}\"/>\n    </testcase>",
                escape(error)
            );
        }
        for c in cases {
            let _ = write!(
                out,
                "    <testcase classname=\"{path}\" name=\"{}\" file=\"{path}\" line=\"{}\"",
                escape(&c.name),
                c.line
            );
            match (&c.failure, &c.skipped) {
                (Some((kind, message)), _) => {
                    let _ = writeln!(
                        out,
                        ">\n      <failure type=\"{kind}\" message=\"{}\"/>\n    </testcase>",
                        escape(message)
                    );
                }
                (None, Some(why)) => {
                    let _ = writeln!(
                        out,
                        ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                        escape(why)
                    );
                }
                (None, None) => out.push_str("/>\n"),
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn cases(a: &ArticleReport) -> Vec<Case> {
    let links = a.links.iter().map(|l| {
        let status = l.verdict.status;
        let message = format!("{status}: {}", l.verdict.detail);
        Case {
            name: format!("line {}: {}", l.link.line, l.link.url),
            line: l.link.line,
            failure: status.is_dead().then(|| (status.as_str(), message.clone())),
            skipped: matches!(status, LinkStatus::Unchecked | LinkStatus::Excluded)
                .then_some(message),
        }
    });
    let isbns = a.isbns.iter().map(|i| &i.isbn).map(|i| Case {
        name: format!("line {}: ISBN {}", i.line, i.raw),
        line: i.line,
        failure: (!i.valid).then(|| {
            (
                "invalid_isbn",
                i.problem.map_or("invalid", |p| p.describe()).to_owned(),
            )
        }),
        skipped: None,
    });
    links.chain(isbns).collect()
}

/// Text safe in an XML attribute; characters XML 1.0 forbids are dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
