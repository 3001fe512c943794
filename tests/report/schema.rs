//! Real reports validate against the JSON Schema of the report contract kept
//! in docs/.

use serde_json::Value;

use crate::support::binary::audit_offline;

/// Fails the test with every place `report` breaks the schema.
pub(crate) fn validate(report: &Value) {
    let schema: Value =
        serde_json::from_str(include_str!("../../docs/report.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema itself is valid");
    let errors: Vec<String> = validator
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "report does not match docs/report.schema.json:\n{}",
        errors.join("\n")
    );
}

#[test]
fn seed_and_fixture_reports_match_the_schema() {
    let out = tempfile::tempdir().unwrap();
    let (_, report) = audit_offline(&["sources", "tests/fixtures"], out.path());
    assert!(report["articles"].as_array().unwrap().len() >= 4);
    validate(&report);
}

#[test]
fn a_report_with_an_unreadable_article_matches_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.md"), b"\xff\xfe not utf-8").unwrap();
    std::fs::write(dir.path().join("good.md"), "Fine.[^1]\n\n[^1]: x\n").unwrap();
    let out = dir.path().join("out");
    let (code, report) = audit_offline(&[dir.path().to_str().unwrap()], &out);
    assert_eq!(code, 2);
    validate(&report);
}

#[test]
fn the_schema_rejects_a_report_that_breaks_the_contract() {
    let out = tempfile::tempdir().unwrap();
    let (_, mut report) = audit_offline(&["tests/fixtures/gfm_footnotes.md"], out.path());
    report["articles"][0]["links"][0]["status"] = Value::from("broken");
    let schema: Value =
        serde_json::from_str(include_str!("../../docs/report.schema.json")).unwrap();
    assert!(!jsonschema::validator_for(&schema)
        .unwrap()
        .is_valid(&report));
}

#[test]
fn snapshots_and_catalogue_entries_match_the_schema() {
    use citecheck::check::catalogue::{Book, Entry};
    let out = tempfile::tempdir().unwrap();
    let (_, mut report) = audit_offline(&["sources"], out.path());
    let article = &mut report["articles"][0];
    article["links"][0]["archive_url"] =
        Value::from("https://web.archive.org/web/20130919044612/http://example.com/");
    article["isbns"][0]["catalogue"] = serde_json::to_value(Entry::Found(Book {
        title: Some("The Nazi-Soviet Pact".into()),
        authors: vec!["A. Author".into()],
        publishers: vec![],
        publish_date: None,
    }))
    .unwrap();
    article["isbns"][1]["catalogue"] = serde_json::to_value(Entry::NotFound).unwrap();
    validate(&report);
    article_isbn_catalogue_is_checked(&mut report);
}

/// A catalogue entry of the wrong shape is caught.
fn article_isbn_catalogue_is_checked(report: &mut Value) {
    report["articles"][0]["isbns"][1]["catalogue"] = serde_json::json!({"found": "maybe"});
    let schema: Value =
        serde_json::from_str(include_str!("../../docs/report.schema.json")).unwrap();
    assert!(!jsonschema::validator_for(&schema).unwrap().is_valid(report));
}
