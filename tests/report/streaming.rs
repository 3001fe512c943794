//! A run over many articles streams: its report.md, its text summary and
//! its baseline comparison stay readable however many articles there are,
//! and report.json still holds every one.

use serde_json::Value;

use crate::support::binary::citecheck;
use crate::support::json;

/// An article with `dead` links to missing files (in cited paragraphs) and
/// an uncited sentence.
fn article(dead: usize) -> String {
    let mut text = String::from("A claim.[^1] Another claim without a source.\n\n");
    for i in 0..dead {
        text.push_str(&format!("See [page {i}](missing-{i}.md).[^1]\n\n"));
    }
    text.push_str("[^1]: Smith, *Book*, 2001.\n");
    text
}

fn run(args: &[&str]) -> (i32, String) {
    let output = citecheck(args);
    (
        output.code().unwrap(),
        String::from_utf8(output.output.stdout).unwrap(),
    )
}

#[test]
fn a_large_run_lists_its_worst_articles_and_reports_every_one() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    let n = 230;
    for i in 0..n {
        // Article 117 is the worst: the most dead links.
        let dead = if i == 117 { 9 } else { i % 3 };
        std::fs::write(tree.join(format!("a{i:03}.md")), article(dead)).unwrap();
    }
    let out = dir.path().join("out");
    let (code, stdout) = run(&[
        "check",
        "--offline",
        "--no-cache",
        "--out",
        out.to_str().unwrap(),
        tree.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "dead links break the default threshold");

    // report.json and articles.jsonl hold every article, and the totals
    // are theirs.
    let report = json::read(&out.join("report.json"));
    let articles = report["articles"].as_array().unwrap();
    assert_eq!(articles.len(), n);
    let lines = std::fs::read_to_string(out.join("articles.jsonl")).unwrap();
    assert_eq!(lines.lines().count(), n);
    let dead: usize = articles
        .iter()
        .flat_map(|a| a["links"].as_array().unwrap())
        .filter(|l| l["status"] == "missing_file")
        .count();
    assert_eq!(report["summary"]["dead"].as_u64().unwrap() as usize, dead);
    assert_eq!(
        dead,
        (0..n)
            .map(|i| if i == 117 { 9 } else { i % 3 })
            .sum::<usize>()
    );

    // report.md describes the 200 worst, worst first, and says so.
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains(&format!("The 200 worst of {n} articles")),
        "{md:.400}"
    );
    let sections: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(sections.len(), 200);
    let first_path = md.lines().find(|l| l.starts_with('`')).unwrap();
    assert!(first_path.contains("a117.md"), "{first_path}");

    // The text summary names the worst articles in a line each.
    assert!(stdout.starts_with("Worst articles first:"), "{stdout:.300}");
    let worst = stdout.lines().nth(1).unwrap();
    assert!(
        worst.contains("a117.md") && worst.contains("9 dead link(s)"),
        "{worst}"
    );
    assert!(stdout.contains(&format!("… and {} more article(s)", n - 20)));
    assert!(stdout.contains(&format!("{n} article(s): ")));

    // A later run compared with this one: one article fixed, one worse.
    let baseline = dir.path().join("baseline.json");
    std::fs::copy(out.join("report.json"), &baseline).unwrap();
    std::fs::write(tree.join("a117.md"), article(0)).unwrap();
    std::fs::write(tree.join("a000.md"), article(1)).unwrap();
    let (code, _) = run(&[
        "check",
        "--offline",
        "--no-cache",
        "--out",
        out.to_str().unwrap(),
        "--baseline",
        baseline.to_str().unwrap(),
        tree.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "the new dead link breaks the build");
    let compared = &json::read(&out.join("report.json"))["baseline"];
    assert_eq!(compared["new_total"], 1);
    assert_eq!(compared["fixed_total"], 9);
    assert_eq!(compared["new"].as_array().unwrap().len(), 1);
    assert_eq!(compared["fixed"].as_array().unwrap().len(), 9);
    assert!(compared["new"][0]["path"]
        .as_str()
        .unwrap()
        .ends_with("a000.md"));
}

#[test]
fn uncited_paragraphs_are_problems_the_gate_can_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.md");
    std::fs::write(
        &file,
        "A cited claim.[^1]\n\nAn uncited paragraph. It has two sentences.\n\n[^1]: Smith, *Book*, 2001.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let args = |extra: &'static [&'static str]| {
        let mut args = vec![
            "check".to_owned(),
            "--offline".to_owned(),
            "--no-cache".to_owned(),
            "--out".to_owned(),
            out.to_str().unwrap().to_owned(),
        ];
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        args.push(file.to_str().unwrap().to_owned());
        args
    };
    let run = |extra| {
        let args = args(extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        citecheck(&args)
    };
    assert_eq!(run(&[]).code(), Some(0), "not failed on by default");
    let failed = run(&["--fail-on", "uncited_paragraph", "--format", "sarif"]);
    assert_eq!(failed.code(), Some(1));
    let stderr = failed.stderr();
    assert!(
        stderr.contains("1 uncited paragraph(s) (fail_on uncited_paragraph)"),
        "{stderr}"
    );
    let sarif: Value = serde_json::from_slice(&failed.output.stdout).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "uncited_paragraph");
    assert_eq!(result["level"], "note");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );
    // The page's "what to fix" list names it, from the same findings.
    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(page.contains("No citation in this paragraph (2 sentence(s))"));
}
