//! `--format sarif`: the findings as SARIF 2.1.0, the format code-scanning
//! views read. One run; a rule per kind of problem found; a result per
//! finding, located by file and line.

use std::collections::BTreeMap;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde_json::{json, Value};

use super::findings::{Finding, Problem};
use super::run::Tool;
use crate::check::LinkStatus;

/// Characters escaped in an artifact URI: a path keeps its slashes.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']');

/// SARIF's level for a kind of problem: what the contract calls broken is an
/// error, transient failures, uncited paragraphs, unsupported claims and
/// red links (no source is wrong) are notes, the rest warnings.
fn level(problem: Problem) -> &'static str {
    match problem {
        Problem::InvalidIsbn | Problem::InvalidDoi | Problem::Dangling => "error",
        p if p.is_dead_link() => "error",
        Problem::Link(
            LinkStatus::Blocked
            | LinkStatus::ServerError
            | LinkStatus::Timeout
            | LinkStatus::Unreachable,
        )
        | Problem::UncitedParagraph
        | Problem::Unsupported
        | Problem::RedLink => "note",
        _ => "warning",
    }
}

/// A fix as SARIF gives one: the lines it changes replaced by their new
/// text (columns in UTF-16 code units, SARIF's default).
fn sarif_fix(path: &str, fix: &crate::fix::Fix) -> Value {
    let lines: Vec<&str> = fix.before.split('\n').collect();
    let last = lines.last().copied().unwrap_or_default();
    let end_line = fix.line as usize + lines.len() - 1;
    json!({
        "description": {"text": format!("{}: {}", fix.kind.describe(), fix.url)},
        "artifactChanges": [{
            "artifactLocation": {"uri": utf8_percent_encode(path, PATH).to_string()},
            "replacements": [{
                "deletedRegion": {
                    "startLine": fix.line,
                    "startColumn": 1,
                    "endLine": end_line,
                    "endColumn": last.encode_utf16().count() + 1,
                },
                "insertedContent": {"text": fix.after},
            }],
        }],
    })
}

/// Renders a run's findings as a SARIF 2.1.0 log: the most urgent
/// [`super::digest::KEEP`] of them (code-scanning views take at most 25,000
/// results a run), with the number left out in the run's properties.
#[must_use]
pub fn render(tool: &Tool, findings: &[&Finding], total: usize) -> String {
    let mut rules: BTreeMap<Problem, usize> = BTreeMap::new();
    for f in findings {
        rules.insert(f.problem, 0);
    }
    for (i, index) in rules.values_mut().enumerate() {
        *index = i;
    }
    let rule_list: Vec<Value> = rules
        .keys()
        .map(|p| {
            json!({
                "id": p.as_str(),
                "name": p.title(),
                "shortDescription": {"text": p.title()},
                "fullDescription": {"text": p.description()},
                "help": {"text": p.help(), "markdown": p.help()},
                "defaultConfiguration": {"level": level(*p)},
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut location = json!({
                "physicalLocation": {
                    "artifactLocation": {"uri": utf8_percent_encode(&f.path, PATH).to_string()},
                }
            });
            if let Some(line) = f.line.filter(|l| *l >= 1) {
                location["physicalLocation"]["region"] = json!({"startLine": line});
            }
            let (kind, path, subject) = f.identity();
            let mut result = json!({
                "ruleId": f.problem.as_str(),
                "ruleIndex": rules.get(&f.problem).copied().unwrap_or_default(),
                "level": level(f.problem),
                "message": {"text": format!("{}: {} ({})", f.problem.title(), f.subject, f.detail)},
                "locations": [location],
                "partialFingerprints": {
                    "citecheck/v2": format!("{kind}|{path}|{subject}"),
                },
            });
            if !f.fixes.is_empty() {
                result["fixes"] = f.fixes.iter().map(|fix| sarif_fix(&f.path, fix)).collect();
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": tool.name,
                "version": tool.version,
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rule_list,
            }},
            "results": results,
            "properties": {
                "citecheck/results": total,
                "citecheck/omitted": total.saturating_sub(findings.len()),
            },
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}
