//! A converter's wikilinks (`[X](../Page/X.md "wikilink")`) are links between
//! articles: checked against a folder that holds the wiki (a missing
//! article is a red link, a finding of its own that fails nothing unless
//! `--fail-on red_link` asks), not checked in a folder that does not, and
//! never dead.

use crate::support::article::Workspace;

/// A converted wiki: `Page/A.md` links an article that exists, one that
/// does not and one by a percent-encoded name; `stub/S.md` has only a red
/// link, in a folder beside `Page/`; `alone/T.md` links into a folder that
/// does not exist.
fn wiki() -> Workspace {
    let w = Workspace::new();
    w.write(
        "Page/A.md",
        "# A\n\nSee [B](../Page/B.md \"wikilink\"), [C](../Page/C.md \"wikilink\") and \
         [蘇](../Page/%E8%98%87.md \"wikilink\").[^1]\n\n[^1]: Smith, *Book*, 2001.\n",
    );
    w.write(
        "Page/B.md",
        "# B\n\nBack to [A](../Page/A.md \"wikilink\").\n",
    );
    w.write("stub/S.md", "# S\n\nOnly [C](../Page/C.md \"wikilink\").\n");
    w.write(
        "alone/T.md",
        "# T\n\nOnly [X](../Wiki/X.md \"wikilink\").\n",
    );
    w
}

fn links(report: &serde_json::Value, path: &str) -> Vec<(String, String, String, bool)> {
    let article = report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["path"].as_str().unwrap().ends_with(path))
        .unwrap_or_else(|| panic!("{path} in the report"));
    article["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["url"].as_str().unwrap().to_owned(),
                l["kind"].as_str().unwrap().to_owned(),
                l["status"].as_str().unwrap().to_owned(),
                l["red_link"] == true,
            )
        })
        .collect()
}

fn row(url: &str, status: &str, red: bool) -> (String, String, String, bool) {
    (url.to_owned(), "wiki".to_owned(), status.to_owned(), red)
}

#[test]
fn wikilinks_are_judged_against_the_folder_that_holds_the_wiki() {
    let w = wiki();
    let run = w.run(&["check", "--offline", "--no-cache", "."]).expect(0);
    let report = w.report();
    assert_eq!(
        links(&report, "Page/A.md"),
        [
            row("../Page/B.md", "ok", false),
            row("../Page/C.md", "excluded", true),
            row("../Page/%E8%98%87.md", "excluded", true),
        ]
    );
    assert_eq!(
        links(&report, "stub/S.md"),
        [row("../Page/C.md", "excluded", true)]
    );
    assert_eq!(
        links(&report, "alone/T.md"),
        [row("../Wiki/X.md", "excluded", false)]
    );
    assert_eq!(report["summary"]["dead"], 0);
    crate::schema::validate(&report);
    assert!(
        run.stdout().contains("red link ../Page/C.md"),
        "the summary names red links: {}",
        run.stdout()
    );
    let md = std::fs::read_to_string(w.path("reports/report.md")).unwrap();
    assert!(
        md.contains("### Links to articles that do not exist"),
        "{md}"
    );
    assert!(md.contains("| 3 | 蘇 | ../Page/%E8%98%87.md |"), "{md}");
    let html = std::fs::read_to_string(w.path("reports/report.html")).unwrap()
        + &std::fs::read_dir(w.path("reports/articles"))
            .map(|d| {
                d.flatten()
                    .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
                    .collect::<String>()
            })
            .unwrap_or_default();
    assert!(
        html.contains("leads to an article that does not exist"),
        "the fix list"
    );
    assert!(
        html.contains("badge red-link"),
        "the links table marks red links"
    );
}

#[test]
fn red_links_fail_only_when_asked_and_read_back_from_a_baseline() {
    let w = wiki();
    let run = w
        .run(&[
            "check",
            "--offline",
            "--no-cache",
            "--fail-on",
            "red_link",
            ".",
        ])
        .expect(1);
    assert!(
        run.stderr().contains("3 red link(s) (fail_on red_link)"),
        "{}",
        run.stderr()
    );
    std::fs::copy(w.path("reports/report.json"), w.path("before.json")).unwrap();
    // Nothing got worse since the baseline: the red links read back from it.
    w.run(&[
        "check",
        "--offline",
        "--no-cache",
        "--fail-on",
        "red_link",
        "--baseline",
        "before.json",
        "--out",
        "again",
        ".",
    ])
    .expect(0);
    let sarif = w.run(&[
        "check",
        "--offline",
        "--no-cache",
        "--format",
        "sarif",
        "--out",
        "s",
        ".",
    ]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif.expect(0).stdout()).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let red: Vec<&serde_json::Value> = results
        .iter()
        .filter(|r| r["ruleId"] == "red_link")
        .collect();
    assert_eq!(red.len(), 3);
    assert!(red.iter().all(|r| r["level"] == "note"));
}
