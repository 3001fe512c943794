//! `--format junit`: JUnit XML, which most CI systems show as test
//! results. A test suite per article; a test case per link and per ISBN;
//! dead links and invalid ISBNs fail, links not checked are skipped.

use std::collections::HashSet;
use std::fmt::Write;

use super::findings::{Finding, Item, Problem};
use super::markdown::LIST_CAP;
use super::model::ArticleReport;
use super::run::Report;
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
    let mut totals = Totals::default();
    let mut body = String::new();
    for a in &report.articles {
        let (suite, counts) = suite(a, &a.findings());
        totals.add(counts);
        body.push_str(&suite);
    }
    wrap(totals, &body)
}

/// The counts of test cases, over a suite or a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    tests: usize,
    failures: usize,
    errors: usize,
}

impl Totals {
    /// Adds a suite's counts.
    pub fn add(&mut self, other: Self) {
        self.tests += other.tests;
        self.failures += other.failures;
        self.errors += other.errors;
    }
}

/// The whole log around the suites: the XML declaration and the run's
/// counts.
#[must_use]
pub fn wrap(totals: Totals, suites: &str) -> String {
    let Totals {
        tests,
        failures,
        errors,
    } = totals;
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"citecheck\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n{suites}</testsuites>\n"
    )
}

/// One article's test suite, and its counts: a case per link and per ISBN,
/// failed when `findings` has it as a dead link or an invalid ISBN. A suite
/// lists at most
/// [`LIST_CAP`] test cases, failures first; its counts and a line of
/// `system-out` tell how many more there are (every one is in
/// `report.json`).
#[must_use]
pub fn suite(a: &ArticleReport, findings: &[Finding]) -> (String, Totals) {
    let mut cases = cases(a, findings);
    let counts = Totals {
        tests: cases.len(),
        failures: cases.iter().filter(|c| c.failure.is_some()).count(),
        errors: usize::from(a.error.is_some()),
    };
    let skipped = cases.iter().filter(|c| c.skipped.is_some()).count();
    // Failures first, then the rest in document order (a stable sort).
    cases.sort_by_key(|c| (c.failure.is_none(), c.skipped.is_none()));
    let mut out = String::new();
    let path = escape(&a.path);
    let _ = writeln!(
        out,
        "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{skipped}\">",
        counts.tests, counts.failures, counts.errors
    );
    if let Some(error) = &a.error {
        let _ = writeln!(
            out,
            "    <testcase classname=\"{path}\" name=\"read\" file=\"{path}\">\n      <error message=\"{}\"/>\n    </testcase>",
            escape(error)
        );
    }
    for c in cases.iter().take(LIST_CAP) {
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
    if cases.len() > LIST_CAP {
        let _ = writeln!(
            out,
            "    <system-out>{} more test cases are not listed; every one is in report.json</system-out>",
            cases.len() - LIST_CAP
        );
    }
    out.push_str("  </testsuite>\n");
    (out, counts)
}

fn cases(a: &ArticleReport, findings: &[Finding]) -> Vec<Case> {
    let failed: HashSet<Item> = findings
        .iter()
        .filter(|f| f.problem.is_dead_link() || f.problem == Problem::InvalidIsbn)
        .filter_map(|f| f.item)
        .collect();
    let links = a.links.iter().enumerate().map(|(k, l)| {
        let status = l.verdict.status;
        let message = format!("{status}: {}", l.verdict.detail);
        Case {
            name: format!("line {}: {}", l.link.line, l.link.url),
            line: l.link.line,
            failure: failed
                .contains(&Item::Link(k))
                .then(|| (status.as_str(), message.clone())),
            skipped: matches!(status, LinkStatus::Unchecked | LinkStatus::Excluded)
                .then_some(message),
        }
    });
    let isbns = a
        .isbns
        .iter()
        .map(|i| &i.isbn)
        .enumerate()
        .map(|(k, i)| Case {
            name: format!("line {}: ISBN {}", i.line, i.raw),
            line: i.line,
            failure: failed.contains(&Item::Isbn(k)).then(|| {
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
