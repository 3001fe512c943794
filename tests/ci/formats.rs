//! The outputs CI systems read: SARIF (validated against the official 2.1.0
//! schema, vendored in `tests/schemas/`), JUnit XML (parsed), GitHub Actions
//! annotations and step summary, and `history.jsonl`.

use serde_json::Value;

use crate::support::article::Workspace;
use crate::support::binary::Run;

fn broken() -> Workspace {
    let ws = Workspace::new();
    ws.fixture("broken.md");
    ws.write(
        "clean.md",
        "A claim.[^1]\n\n[^1]: Smith, *Book*, 2001. ISBN 0-333-80149-0.\n",
    );
    ws
}

/// `check broken.md clean.md --offline --format FORM`.
fn both_articles(ws: &Workspace, form: &str) -> Run {
    ws.run(&[
        "check",
        "broken.md",
        "clean.md",
        "--offline",
        "--format",
        form,
    ])
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(include_str!("../schemas/sarif-2.1.0-rtm.5.json")).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

#[test]
fn sarif_is_valid_against_the_2_1_0_schema_and_locates_each_problem() {
    let ws = broken();
    let run = both_articles(&ws, "sarif").expect(1);
    let log: Value = serde_json::from_str(&run.stdout()).unwrap();
    let validator = sarif_validator();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["tool"]["driver"]["name"], "citecheck");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            // GitHub code scanning shows both beside each result.
            for field in ["fullDescription", "help"] {
                let text = r[field]["text"].as_str().unwrap_or_default();
                assert!(text.len() > 20, "rule {} lacks {field}: {r}", r["id"]);
            }
            r["id"].as_str().unwrap()
        })
        .collect();
    let results = run["results"].as_array().unwrap();
    let found: Vec<(&str, &str, u64)> = results
        .iter()
        .map(|r| {
            let location = &r["locations"][0]["physicalLocation"];
            let rule = r["ruleId"].as_str().unwrap();
            assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize], rule);
            (
                rule,
                location["artifactLocation"]["uri"].as_str().unwrap(),
                location["region"]["startLine"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("missing_file", "broken.md", 6),
            ("missing_file", "broken.md", 9),
            ("invalid_isbn", "broken.md", 8),
            ("dangling", "broken.md", 4),
            ("empty_note", "broken.md", 10),
            ("uncited_paragraph", "broken.md", 6),
            ("orphaned", "broken.md", 10),
        ],
        "most urgent first: links, then ISBNs, dangling markers, empty notes, uncited paragraphs, orphaned notes"
    );
    // The schema is not vacuous: a log without its version fails it.
    let mut bad = log.clone();
    bad.as_object_mut().unwrap().remove("version");
    assert!(!validator.is_valid(&bad));
}

#[test]
fn junit_has_a_suite_per_article_and_a_case_per_link_and_isbn() {
    let ws = broken();
    let run = both_articles(&ws, "junit").expect(1);
    let xml = run.stdout();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("failures"), Some("3"));
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(
        suites
            .iter()
            .map(|s| s.attribute("name").unwrap())
            .collect::<Vec<_>>(),
        ["broken.md", "clean.md"]
    );
    let cases: Vec<_> = suites[0]
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    // Two links and one ISBN.
    assert_eq!(cases.len(), 3);
    let failures: Vec<&str> = cases
        .iter()
        .filter_map(|c| c.children().find(|n| n.has_tag_name("failure")))
        .map(|f| f.attribute("type").unwrap())
        .collect();
    assert_eq!(failures, ["missing_file", "missing_file", "invalid_isbn"]);
    let clean: Vec<_> = suites[1]
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(clean.len(), 1);
    assert!(clean[0].children().all(|n| !n.has_tag_name("failure")));
}

#[test]
fn json_markdown_and_text_are_printed_on_request() {
    let ws = broken();
    let json = ws
        .run(&["check", "broken.md", "--offline", "--format", "json"])
        .stdout();
    let report: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["schema_version"], 1);
    let link = &report["articles"][0]["links"][0];
    assert_eq!(link["consecutive_failures"], 1);
    // No history is kept for relative links: the streak is this run's.
    assert_eq!(link["first_failed_at"], Value::Null);
    let md = ws
        .run(&["check", "broken.md", "--offline", "--format", "md"])
        .stdout();
    assert!(md.starts_with("# Citation report"));
    let text = ws.run(&["check", "broken.md", "--offline"]).stdout();
    assert!(text.contains("1 article(s)"));
}

#[test]
fn under_github_actions_problems_are_annotated_and_summarised() {
    let ws = broken();
    let summary = ws.path("summary.md");
    let run = ws
        .command(&["check", "broken.md", "clean.md", "--offline"])
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    let stdout = String::from_utf8(run.stdout).unwrap();
    let annotations: Vec<&str> = stdout.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(
        annotations,
        [
            "::error file=broken.md,line=6,title=missing file::notes-that-do-not-exist.md: no file at notes-that-do-not-exist.md",
            "::error file=broken.md,line=9,title=missing file::other-missing-file.md: no file at other-missing-file.md",
            "::error file=broken.md,line=8,title=invalid ISBN::0-333-80149-1: the check digit is wrong",
            "::error file=broken.md,line=4,title=dangling marker::9: marker [9] points at no note",
        ]
    );
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(written.starts_with("# Citation report"), "{written}");

    // A machine-readable stdout stays parseable: annotations go to stderr.
    let run = ws
        .command(&["check", "broken.md", "--offline", "--format", "sarif"])
        .env("GITHUB_ACTIONS", "true")
        .output()
        .unwrap();
    serde_json::from_slice::<Value>(&run.stdout).unwrap();
    assert!(String::from_utf8_lossy(&run.stderr).contains("::error file=broken.md"));
}

#[test]
fn every_run_appends_a_line_of_figures_to_the_history() {
    let ws = broken();
    ws.run(&["check", "broken.md", "--offline"]);
    ws.command(&["check", "broken.md", "clean.md", "--offline"])
        .env("GITHUB_SHA", "0123abcd")
        .output()
        .unwrap();
    let text = std::fs::read_to_string(ws.path("reports/history.jsonl")).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(chrono::DateTime::parse_from_rfc3339(lines[0]["time"].as_str().unwrap()).is_ok());
    assert_eq!(lines[1]["commit"], "0123abcd");
    let article = &lines[1]["articles"][0];
    assert_eq!(article["path"], "broken.md");
    assert!((article["coverage"].as_f64().unwrap() - 0.6).abs() < 1e-9);
    assert_eq!(
        (
            &article["cited_sentences"],
            &article["sentences"],
            &article["dead"]
        ),
        (&Value::from(3), &Value::from(5), &Value::from(2))
    );
    assert_eq!(
        (&article["invalid_isbns"], &article["empty_notes"]),
        (&Value::from(1), &Value::from(1))
    );
    assert_eq!(lines[1]["articles"].as_array().unwrap().len(), 2);
}
