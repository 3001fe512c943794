//! The short text summary printed on stdout: the totals, then per article what
//! an editor should fix first.

use std::fmt::Write;

use super::model::{percent, Report};
use crate::check::LinkStatus;

/// How many problem lines to print per article before pointing at the full
/// report.
const MAX_LINES: usize = 10;

/// Renders the text summary.
#[must_use]
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for a in &report.articles {
        if let Some(error) = &a.error {
            let _ = writeln!(out, "{}: unreadable: {error}", a.path);
            continue;
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
        for l in a.links_to_fix() {
            let note = l
                .link
                .note
                .as_ref()
                .map(|n| format!(" note {n}"))
                .unwrap_or_default();
            problems.push(format!(
                "line {}{note}: {} {}",
                l.link.line, l.verdict.status, l.link.url
            ));
        }
        for isbn in a.invalid_isbns() {
            let problem = isbn.problem.map_or("", |p| p.describe());
            problems.push(format!(
                "line {}: invalid ISBN {:?}: {problem}",
                isbn.line, isbn.raw
            ));
        }
        for id in &f.dangling {
            problems.push(format!("dangling marker [{id}]: no such note"));
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
    let s = &report.summary;
    let _ = writeln!(
        out,
        "{} article(s): {} link(s), {} dead, {} ISBN(s), {} invalid, {}/{} sentences cited",
        s.articles, s.links, s.dead, s.isbns, s.invalid_isbns, s.cited_sentences, s.sentences
    );
    out
}
