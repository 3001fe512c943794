//! `--shard K/N` and `citecheck merge`: N jobs over disjoint parts of a tree
//! give, merged, the report one run gives.

use std::path::Path;

use serde_json::Value;

use crate::support::binary::citecheck;
use crate::support::json;

fn report(out: &Path) -> Value {
    let mut report = json::read(&out.join("report.json"));
    // Timings are the one thing that may differ.
    report["generated_at"] = Value::Null;
    report
}

#[test]
fn shards_merged_give_the_report_of_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    let seed = std::fs::read_to_string("sources/德蘇軸心談判.md").unwrap();
    for i in 0..9 {
        std::fs::write(tree.join(format!("a{i}.md")), &seed).unwrap();
        std::fs::write(
            tree.join(format!("b{i}.wikitext")),
            format!("Claim {i}.<ref>{{{{cite book |title=B{i} |isbn=978-0-306-40615-7}}}}</ref> Uncited.{{{{cn}}}}\n\n[[missing link]]\n"),
        )
        .unwrap();
    }
    let tree_arg = tree.to_str().unwrap();
    let run = |out: &Path, extra: &[&str]| {
        let mut args = vec![
            "check",
            "--offline",
            "--no-cache",
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        args.push(tree_arg);
        let output = citecheck(&args);
        assert!(matches!(output.code(), Some(0 | 1)), "{}", output.stderr());
    };
    let whole = dir.path().join("whole");
    run(&whole, &[]);
    // articles.jsonl holds report.json's articles, one a line.
    let lines: Vec<Value> = std::fs::read_to_string(whole.join("articles.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(Value::Array(lines), report(&whole)["articles"]);
    let mut shard_reports = Vec::new();
    let mut counts = Vec::new();
    for k in 1..=3 {
        let out = dir.path().join(format!("shard{k}"));
        let shard = format!("{k}/3");
        run(&out, &["--shard", &shard]);
        counts.push(report(&out)["articles"].as_array().unwrap().len());
        shard_reports.push(out.join("report.json"));
    }
    assert_eq!(
        counts.iter().sum::<usize>(),
        18,
        "disjoint and complete: {counts:?}"
    );
    assert!(
        counts.iter().all(|&c| c < 18),
        "each shard is a part: {counts:?}"
    );
    let merged = dir.path().join("merged");
    let mut args = vec!["merge"];
    let names: Vec<String> = shard_reports
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    args.extend(names.iter().map(String::as_str));
    args.extend(["--out", merged.to_str().unwrap()]);
    let output = citecheck(&args);
    assert!(matches!(output.code(), Some(0 | 1)), "{}", output.stderr());
    assert_eq!(report(&merged), report(&whole));
    assert!(merged.join("report.html").exists() && merged.join("articles").is_dir());
    // The same shard twice selects the same files.
    let again = dir.path().join("again");
    run(&again, &["--shard", "2/3"]);
    assert_eq!(
        report(&again)["articles"],
        report(&dir.path().join("shard2"))["articles"]
    );
}

#[test]
fn a_bad_shard_or_a_file_that_is_no_report_is_exit_2() {
    let output = citecheck(&["check", "--offline", "--shard", "4/3", "sources"]);
    assert_eq!(output.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let bogus = dir.path().join("x.json");
    std::fs::write(&bogus, "{\"hello\": 1}").unwrap();
    let output = citecheck(&[
        "merge",
        bogus.to_str().unwrap(),
        "--out",
        dir.path().join("o").to_str().unwrap(),
    ]);
    assert_eq!(output.code(), Some(2));
    let stderr = output.stderr();
    assert!(stderr.contains("not a citecheck report.json"), "{stderr}");
}
