//! Shared helpers for the integration tests: run the real binary, read the
//! JSON it wrote.

#![allow(dead_code, unreachable_pub)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// Runs `citecheck` with `args` from the package root.
pub fn citecheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_citecheck"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the citecheck binary runs")
}

/// Audits `inputs` offline into `out`, returns the exit code and the parsed
/// report.json.
pub fn audit_offline(inputs: &[&str], out: &Path) -> (i32, Value) {
    let out_arg = out.to_str().expect("temp paths are UTF-8");
    let mut args = vec!["check", "--offline", "--out", out_arg];
    args.extend_from_slice(inputs);
    let output = citecheck(&args);
    let code = output.status.code().expect("citecheck exits normally");
    let json = std::fs::read_to_string(out.join("report.json")).expect("report.json was written");
    (
        code,
        serde_json::from_str(&json).expect("report.json is JSON"),
    )
}

/// The single article of a report.
pub fn only_article(report: &Value) -> &Value {
    let articles = report["articles"].as_array().expect("articles is an array");
    assert_eq!(articles.len(), 1, "one article expected");
    &articles[0]
}

/// A JSON array of strings as a Vec.
pub fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v.as_str().expect("a string"))
        .collect()
}

/// How many links of an article have `field == value`.
pub fn count_links(article: &Value, field: &str, value: &str) -> usize {
    article["links"]
        .as_array()
        .expect("links is an array")
        .iter()
        .filter(|l| l[field] == value)
        .count()
}
