//! The short text summary printed on stdout: the totals, then per article what
//! an editor should fix first.

use std::fmt::Write;

use super::digest::Digest;
use super::findings::{links_to_fix, of_kind, Finding, Problem};
use super::model::{percent, ArticleReport};
use super::row::worst_first;
use super::run::Report;
use crate::check::LinkStatus;

/// How many problem lines to print per article before pointing at the full
/// report.
const MAX_LINES: usize = 10;

/// Renders the text summary.
#[must_use]
pub fn render(report: &Report) -> String {
    let sections: Vec<String> = report
        .articles
        .iter()
        .map(|a| section(a, &a.findings()))
        .collect();
    render_digest(&Digest::of(report, 1), &sections)
}

/// The most articles the summary describes one by one; a larger run lists
/// its worst ones in a line each.
pub const MAX_ARTICLES: usize = 20;

/// The summary of a run from its digest. `sections` are the articles'
/// own parts ([`section`]) when the run kept them (at most
/// [`MAX_ARTICLES`]); otherwise the worst articles get a line each.
#[must_use]
pub fn render_digest(digest: &Digest, sections: &[String]) -> String {
    let mut out = String::new();
    if sections.len() == digest.rows.len() {
        out.extend(sections.iter().map(String::as_str));
    } else {
        let worst = worst_first(&digest.rows);
        let _ = writeln!(out, "Worst articles first:");
        for row in worst.iter().take(MAX_ARTICLES) {
            match &row.error {
                Some(error) => {
                    let _ = writeln!(out, "  {}: unreadable: {error}", row.path);
                }
                None => {
                    let _ = writeln!(
                        out,
                        "  {}: {} dead link(s), {}% of sentences cited, {} invalid ISBN(s), {} empty note(s)",
                        row.path,
                        row.dead,
                        row.cited_percent(),
                        row.invalid_isbns,
                        row.empty_notes
                    );
                }
            }
        }
        if worst.len() > MAX_ARTICLES {
            let _ = writeln!(
                out,
                "  … and {} more article(s) (see report.md and report.html)",
                worst.len() - MAX_ARTICLES
            );
        }
    }
    let s = &digest.summary;
    let _ = writeln!(
        out,
        "{} article(s): {} link(s), {} dead, {} ISBN(s), {} invalid, {}/{} sentences cited",
        s.articles, s.links, s.dead, s.isbns, s.invalid_isbns, s.cited_sentences, s.sentences
    );
    if s.deferred > 0 {
        let _ = writeln!(
            out,
            "{} link(s) deferred: the time budget ran out before they were checked; they are first in line next run",
            s.deferred
        );
    }
    out
}

/// One article's part of the summary: its figures, then what an editor
/// should fix first, from its `findings`.
#[must_use]
pub fn section(a: &ArticleReport, findings: &[Finding]) -> String {
    let mut out = String::new();
    {
        if let Some(error) = &a.error {
            let _ = writeln!(out, "{}: unreadable: {error}", a.path);
            return out;
        }
        let c = &a.coverage;
        let f = &a.footnotes;
        let _ = writeln!(out, "{} ({})", a.path, a.title);
        let _ = writeln!(
            out,
            "  coverage:  {}/{} sentences cited ({}%), {}/{} paragraphs",
            c.sentences.cited,
            c.sentences.total,
            percent(c.sentences.cited, c.sentences.total),
            c.paragraphs.cited,
            c.paragraphs.total
        );
        let _ = writeln!(
            out,
            "  footnotes: {} markers, {} notes, {} empty, {} dangling, {} orphaned",
            f.markers,
            f.notes,
            f.empty.len(),
            f.dangling.len(),
            f.orphaned.len()
        );
        let by_status: Vec<String> = LinkStatus::ALL
            .iter()
            .filter_map(|&s| {
                let n = a.links.iter().filter(|l| l.verdict.status == s).count();
                (n > 0).then(|| format!("{s} {n}"))
            })
            .collect();
        let _ = writeln!(
            out,
            "  links:     {} ({})",
            a.links.len(),
            by_status.join(", ")
        );
        let _ = writeln!(
            out,
            "  isbns:     {} ({} invalid)",
            a.isbns.len(),
            a.invalid_isbns().count()
        );
        let mut problems: Vec<String> = Vec::new();
        let line = |f: &Finding| f.line.unwrap_or_default();
        for l in links_to_fix(findings) {
            let note = l
                .note
                .as_ref()
                .map(|n| format!(" note {n}"))
                .unwrap_or_default();
            let Problem::Link(status) = l.problem else {
                continue;
            };
            problems.push(format!("line {}{note}: {status} {}", line(l), l.subject));
        }
        for isbn in of_kind(findings, Problem::InvalidIsbn) {
            problems.push(format!(
                "line {}: invalid ISBN {:?}: {}",
                line(isbn),
                isbn.subject,
                isbn.detail
            ));
        }
        for marker in of_kind(findings, Problem::Dangling) {
            let id = &marker.subject;
            problems.push(format!("dangling marker [{id}]: no such note"));
        }
        for red in of_kind(findings, Problem::RedLink) {
            problems.push(format!(
                "line {}: red link {} (no such article in this wiki)",
                line(red),
                red.subject
            ));
        }
        for p in problems.iter().take(MAX_LINES) {
            let _ = writeln!(out, "    {p}");
        }
        if problems.len() > MAX_LINES {
            let _ = writeln!(
                out,
                "    … and {} more (see report.md)",
                problems.len() - MAX_LINES
            );
        }
    }
    out
}
