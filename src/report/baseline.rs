//! The comparison with a baseline (an earlier `report.json`): what is new
//! since then, what was fixed, and how coverage moved. It goes into
//! `report.json` as the top-level `"baseline"` object and into `report.md`
//! as a section.

use std::collections::BTreeSet;
use std::fmt::Write;

use serde::Serialize;

use super::findings::{normalize_path, Finding, Snapshot};
use super::markdown::cell;
use super::thresholds::pct;

/// What changed since the baseline.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Comparison {
    /// The baseline file, as given.
    pub file: String,
    /// Problems the baseline did not have.
    pub new: Vec<Finding>,
    /// Problems of the baseline that are gone.
    pub fixed: Vec<Finding>,
    /// Articles whose cited-sentence share changed.
    pub coverage: Vec<CoverageChange>,
}

/// The cited-sentence share of one article, then and now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverageChange {
    /// The article.
    pub path: String,
    /// The share in the baseline, 0..1.
    pub before: f64,
    /// The share now, 0..1.
    pub after: f64,
}

/// Compares this run with a baseline. Findings match on article, subject
/// and note, never on the line.
#[must_use]
pub fn compare(file: &str, baseline: &Snapshot, current: &Snapshot) -> Comparison {
    let then = baseline.findings();
    let now = current.findings();
    let then_ids: BTreeSet<_> = then.iter().map(Finding::identity).collect();
    let now_ids: BTreeSet<_> = now.iter().map(Finding::identity).collect();
    let old_coverage = baseline.coverage();
    Comparison {
        file: file.to_owned(),
        new: now
            .into_iter()
            .filter(|f| !then_ids.contains(&f.identity()))
            .collect(),
        fixed: then
            .into_iter()
            .filter(|f| !now_ids.contains(&f.identity()))
            .collect(),
        coverage: current
            .coverage()
            .iter()
            .filter_map(|a| {
                let b = old_coverage
                    .iter()
                    .find(|b| normalize_path(&b.path) == normalize_path(&a.path))?;
                ((a.share() - b.share()).abs() > 1e-9).then(|| CoverageChange {
                    path: a.path.clone(),
                    before: b.share(),
                    after: a.share(),
                })
            })
            .collect(),
    }
}

/// The `report.md` section.
pub fn render_markdown(out: &mut String, c: &Comparison) {
    let _ = writeln!(out, "## Since the baseline\n");
    let _ = writeln!(
        out,
        "Compared with `{}`: {} new problem(s), {} fixed.\n",
        c.file,
        c.new.len(),
        c.fixed.len()
    );
    for (title, list) in [("New", &c.new), ("Fixed", &c.fixed)] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {title}\n");
        let _ = writeln!(out, "| Problem | Article | Line | Note | What |");
        let _ = writeln!(out, "|---|---|---:|---|---|");
        for f in list {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                f.problem,
                cell(&f.path),
                f.line.map(|l| l.to_string()).unwrap_or_default(),
                f.note.as_deref().unwrap_or(""),
                cell(&f.subject)
            );
        }
        let _ = writeln!(out);
    }
    if !c.coverage.is_empty() {
        let _ = writeln!(out, "### Coverage\n");
        let _ = writeln!(out, "| Article | Before | After |");
        let _ = writeln!(out, "|---|---:|---:|");
        for ch in &c.coverage {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                cell(&ch.path),
                pct(ch.before),
                pct(ch.after)
            );
        }
        let _ = writeln!(out);
    }
}
