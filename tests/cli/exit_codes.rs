//! The command line: exit codes, what goes to stdout and stderr, and bad input
//! that must never stop the other articles or panic.

use crate::support::binary::{audit_offline, citecheck};
use crate::support::json;
use serde_json::Value;

#[test]
fn bad_files_get_one_line_each_and_the_others_are_still_audited() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("a_good.md"),
        "Cited.[^1] Uncited.\n\n[^1]: Source, 2001.\n",
    )
    .unwrap();
    std::fs::write(p.join("b_empty.md"), "  \n\n").unwrap();
    std::fs::write(p.join("c_binary.md"), b"PK\x03\x04\x00\x00binary").unwrap();
    std::fs::write(p.join("d_latin1.md"), b"caf\xe9 [1]\n").unwrap();
    std::fs::write(
        p.join("e_broken.md"),
        "[unclosed](http://a.example/ [^x] ``` \\[3 ![img](\n> [x](",
    )
    .unwrap();
    let out = p.join("out");
    let output = citecheck(&[
        "check",
        "--offline",
        "--out",
        out.to_str().unwrap(),
        p.to_str().unwrap(),
    ]);
    assert_eq!(output.code(), Some(2), "unreadable input is exit code 2");
    let stderr = output.stderr();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let line_for = |name: &str| {
        stderr
            .lines()
            .filter(|l| l.contains(name))
            .collect::<Vec<_>>()
    };
    assert_eq!(line_for("b_empty.md").len(), 1);
    assert!(line_for("b_empty.md")[0].contains("empty file"));
    assert!(line_for("c_binary.md")[0].contains("binary file"));
    assert!(line_for("d_latin1.md")[0].contains("not valid UTF-8"));
    assert!(line_for("a_good.md").is_empty() && line_for("e_broken.md").is_empty());

    let report = json::read(&out.join("report.json"));
    let articles = report["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 5, "every file has an entry");
    let errors: Vec<bool> = articles.iter().map(|a| a.get("error").is_some()).collect();
    assert_eq!(errors, [false, true, true, true, false]);
    assert_eq!(articles[0]["coverage"]["sentences"]["total"], 2);
    assert_eq!(report["summary"]["unreadable"], 3);
    // The broken Markdown still yields its link, with a status.
    assert!(articles[4]["links"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["status"].is_string()));
}

#[test]
fn a_huge_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.md");
    // Sparse: 65 MiB on paper, nothing on disk.
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(65 << 20)
        .unwrap();
    let output = citecheck(&[
        "check",
        "--offline",
        "--out",
        dir.path().join("out").to_str().unwrap(),
        huge.to_str().unwrap(),
    ]);
    assert_eq!(output.code(), Some(2));
    assert!(
        output
            .stderr()
            .contains("huge.md: file too large (68157440 bytes"),
        "{}",
        output.stderr()
    );
}

#[test]
fn a_missing_path_is_one_line_and_exit_code_2() {
    let output = citecheck(&["check", "--offline", "no/such/dir"]);
    assert_eq!(output.code(), Some(2));
    let stderr = output.stderr();
    assert_eq!(
        stderr.trim(),
        "citecheck: no/such/dir: no such file or folder"
    );
}

#[test]
fn a_folder_without_articles_is_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
    let output = citecheck(&["check", "--offline", dir.path().to_str().unwrap()]);
    assert_eq!(output.code(), Some(2));
    assert!(output.stderr().contains("no articles"));
}

#[test]
fn bad_arguments_are_exit_code_2() {
    assert_eq!(citecheck(&["check", "--format", "pdf"]).code(), Some(2));
    assert_eq!(citecheck(&["check", "--max-per-host", "0"]).code(), Some(2));
    assert_eq!(
        citecheck(&["check", "--timeout", "-1", "--offline"]).code(),
        Some(2)
    );
}

#[test]
fn clean_article_exits_0_and_dead_things_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ok.md"),
        "Cited.[^1]\n\n[^1]: ISBN 0-333-80149-0\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("bad_isbn.md"),
        "Cited.[^1]\n\n[^1]: ISBN 0-333-80149-1\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let (ok, _) = audit_offline(&[dir.path().join("ok.md").to_str().unwrap()], &out);
    assert_eq!(ok, 0);
    let output = citecheck(&[
        "check",
        "--offline",
        "--out",
        out.to_str().unwrap(),
        dir.path().join("bad_isbn.md").to_str().unwrap(),
    ]);
    assert_eq!(output.code(), Some(1));
    assert!(output.stderr().contains("threshold broken: 1 invalid ISBN"));
}

#[test]
fn stdout_carries_only_the_requested_form() {
    let out = tempfile::tempdir().unwrap();
    let out_arg = out.path().to_str().unwrap();
    let fixture = "tests/fixtures/gfm_footnotes.md";
    let json = citecheck(&[
        "check",
        "--offline",
        "--out",
        out_arg,
        "--format",
        "json",
        fixture,
    ]);
    let parsed: Value =
        serde_json::from_slice(&json.output.stdout).expect("stdout is exactly the JSON report");
    assert_eq!(parsed["summary"]["articles"], 1);
    let md = citecheck(&[
        "check",
        "--offline",
        "--out",
        out_arg,
        "--format",
        "md",
        fixture,
    ]);
    assert!(md.stdout().starts_with("# Citation report"));
    let text = citecheck(&["check", "--offline", "--out", out_arg, fixture]);
    let text = text.stdout();
    assert!(
        text.contains("coverage:  4/7 sentences cited (57%)"),
        "{text}"
    );
    assert!(out.path().join("report.json").exists() && out.path().join("report.md").exists());
}

#[test]
fn offline_gives_every_web_link_unchecked() {
    let out = tempfile::tempdir().unwrap();
    let (_, report) = audit_offline(&["tests/fixtures/wiki_converted.md"], out.path());
    for link in report["articles"][0]["links"].as_array().unwrap() {
        let web = link["url"].as_str().unwrap().contains("//");
        assert_eq!(link["status"] == "unchecked", web, "{link}");
    }
}
