//! DOIs in every written form, normalised, once per note; one that is no
//! DOI by its syntax is a finding (`invalid_doi`) in every report and fails
//! the build when `--fail-on` names it. The registries are not asked yet:
//! a valid DOI is `unchecked`.

use serde_json::Value;

use crate::support::binary::citecheck;
use crate::support::json;

const ARTICLE: &str = "A claim.<ref>{{cite journal |title=On Things |journal=J |doi=10.1000/XYZ123 |year=2001}}</ref> \
Another.<ref>See {{doi|10.1038/nature.2012.9872}}.</ref> \
A third.<ref>Jones, DOI: 10.1016/j.cell.2009.01.002.</ref> \
A fourth.<ref>[https://doi.org/10.1093%2Fnar%2Fgkz1021 The paper]</ref> \
A fifth.<ref>{{cite journal |title=Broken |doi=10.abc/1}}</ref>\n\n== References ==\n{{reflist}}\n";

#[test]
fn dois_are_found_in_every_form_and_an_invalid_one_is_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.wikitext");
    std::fs::write(&article, ARTICLE).unwrap();
    let out = dir.path().join("out");
    let run = |extra: &[&str]| {
        let mut args = vec!["check", "--offline", "--out", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        args.push(article.to_str().unwrap());
        citecheck(&args)
    };
    let first = run(&[]);
    assert_eq!(
        first.code(),
        Some(0),
        "invalid DOIs fail only when asked: {}",
        first.stderr()
    );
    let report = json::read(&out.join("report.json"));
    let dois: Vec<(String, String, Value)> = report["articles"][0]["dois"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["doi"].as_str().unwrap().to_owned(),
                d["status"].as_str().unwrap().to_owned(),
                d["note"].clone(),
            )
        })
        .collect();
    let expected = [
        ("10.1000/xyz123", "unchecked", "1"),
        ("10.1038/nature.2012.9872", "unchecked", "2"),
        ("10.1016/j.cell.2009.01.002", "unchecked", "3"),
        ("10.1093/nar/gkz1021", "unchecked", "4"),
        ("10.abc/1", "invalid", "5"),
    ];
    let expected: Vec<(String, String, Value)> = expected
        .iter()
        .map(|(d, s, n)| ((*d).to_owned(), (*s).to_owned(), Value::from(*n)))
        .collect();
    assert_eq!(dois, expected);
    assert_eq!(report["summary"]["dois"], 5);
    assert_eq!(report["summary"]["invalid_dois"], 1);
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains("### Invalid DOIs\n\n- `10.abc/1` (line 1 note 5)"),
        "{md}"
    );

    let failing = run(&["--fail-on", "invalid_doi", "--format", "sarif"]);
    assert_eq!(failing.code(), Some(1), "{}", failing.stderr());
    let sarif: Value = serde_json::from_str(&failing.stdout()).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let invalid: Vec<&Value> = results
        .iter()
        .filter(|r| r["ruleId"] == "invalid_doi")
        .collect();
    assert_eq!(invalid.len(), 1);
    assert_eq!(invalid[0]["level"], "error");
}
