//! GitHub Actions: workflow-command annotations on the lines at fault, and
//! the Markdown report in the job's step summary.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use super::digest::FindingTally;
use super::findings::{Finding, Problem};

/// Whether a finding is annotated: dead links, invalid ISBNs, dangling
/// markers.
fn is_annotated(f: &Finding) -> bool {
    f.problem.is_dead_link() || matches!(f.problem, Problem::InvalidIsbn | Problem::Dangling)
}

/// One `::error` workflow command per annotated finding, a line each, up
/// to [`MAX_ANNOTATIONS`]; a notice counts the rest.
#[must_use]
pub fn annotations(findings: &[Finding]) -> String {
    let annotated: Vec<&Finding> = findings.iter().filter(|f| is_annotated(f)).collect();
    annotate(&annotated, annotated.len())
}

/// The annotations of a run's tally: its most urgent findings, and the
/// number of all that would be annotated.
#[must_use]
pub fn annotations_of(tally: &FindingTally) -> String {
    let kept = tally.kept.sorted();
    let annotated: Vec<&Finding> = kept.into_iter().filter(|f| is_annotated(f)).collect();
    let total = tally
        .by_problem
        .iter()
        .filter(|(p, _)| p.is_dead_link() || matches!(p, Problem::InvalidIsbn | Problem::Dangling))
        .map(|(_, n)| n)
        .sum();
    annotate(&annotated, total)
}

/// Annotates the first of `annotated`, and counts the rest of `total`.
fn annotate(annotated: &[&Finding], total: usize) -> String {
    let mut out = String::new();
    for f in annotated.iter().take(MAX_ANNOTATIONS) {
        let mut properties = format!("file={}", escape_property(&f.path));
        if let Some(line) = f.line {
            let _ = write!(properties, ",line={line}");
        }
        let _ = write!(properties, ",title={}", escape_property(&f.problem.title()));
        let message = format!("{}: {}", f.subject, f.detail);
        let _ = writeln!(out, "::error {properties}::{}", escape_data(&message));
    }
    if total > MAX_ANNOTATIONS {
        let _ = writeln!(
            out,
            "::notice title=citecheck::{}",
            escape_data(&format!(
                "the {MAX_ANNOTATIONS} most urgent of {total} problems are annotated (GitHub shows no more per step); every one is in report.json"
            ))
        );
    }
    out
}

/// GitHub shows at most ten error annotations per step: the rest would be
/// dropped without a word, so they are counted in a notice instead.
pub const MAX_ANNOTATIONS: usize = 10;

/// Escapes a command's message, as GitHub's toolkit does.
#[must_use]
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value: the message's escapes, and `:`
/// and `,`, which separate properties.
#[must_use]
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub refuses a step summary over 1 MiB; this leaves room for the note.
const SUMMARY_LIMIT: usize = 1_000_000;

/// What is said where a long summary is cut.
const CUT_NOTE: &str = "\n\n*The report is longer than a step summary may be: see report.md.*\n";

/// `markdown`, cut to fit in a step summary.
#[must_use]
pub fn fit_summary(markdown: &str) -> String {
    if markdown.len() <= SUMMARY_LIMIT {
        return format!("{markdown}\n");
    }
    let mut end = SUMMARY_LIMIT;
    while !markdown.is_char_boundary(end) {
        end -= 1;
    }
    // Cut at a line's end, so no table row or link is left half-written.
    let end = markdown[..end].rfind('\n').unwrap_or(end);
    format!("{}{CUT_NOTE}", &markdown[..end])
}

/// Appends `markdown` to the step summary file, cut to GitHub's limit.
///
/// # Errors
/// The file could not be opened or written.
pub fn append_summary(file: &Path, markdown: &str) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)?;
    f.write_all(fit_summary(markdown).as_bytes())
}

#[cfg(test)]
mod tests {
    #[test]
    fn annotations_stop_at_github_s_limit_and_say_how_many_more() {
        use crate::report::findings::Problem;
        let finding = |i: u32| Finding {
            path: "a.md".into(),
            line: Some(i),
            problem: Problem::InvalidIsbn,
            subject: format!("ISBN {i}"),
            detail: "checksum".into(),
            note: None,
            failures_a_day_apart: None,
            item: None,
            fixes: Vec::new(),
        };
        let findings: Vec<Finding> = (1..=25).map(finding).collect();
        let out = annotations(&findings);
        assert_eq!(
            out.lines().filter(|l| l.starts_with("::error ")).count(),
            MAX_ANNOTATIONS
        );
        let notice = out.lines().last().unwrap();
        assert!(
            notice.starts_with("::notice title=citecheck::the 10 most urgent of 25 problems"),
            "{notice}"
        );
    }

    use super::*;

    #[test]
    fn escapes_follow_the_toolkit() {
        assert_eq!(escape_data("50%\r\na:b,c"), "50%25%0D%0Aa:b,c");
        assert_eq!(escape_property("50%\na:b,c"), "50%25%0Aa%3Ab%2Cc");
    }

    #[test]
    fn a_long_summary_is_cut_at_a_line_end_within_the_limit() {
        let line = "| 德 | row |\n";
        let long = line.repeat(SUMMARY_LIMIT / line.len() + 10);
        let fitted = fit_summary(&long);
        assert!(fitted.len() <= SUMMARY_LIMIT + CUT_NOTE.len());
        assert!(fitted.ends_with(CUT_NOTE));
        assert!(fitted[..fitted.len() - CUT_NOTE.len()].ends_with("row |"));
        assert_eq!(fit_summary("short"), "short\n");
    }
}
