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

#[test]
fn a_bad_config_file_is_one_line_naming_the_file_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("citecheck.toml");
    let config_arg = config.to_str().unwrap();
    let fixture = "tests/fixtures/gfm_footnotes.md";
    std::fs::write(&config, "max_dead = 1\ncolour = \"red\"\n").unwrap();
    let output = citecheck(&["check", "--offline", "--config", config_arg, fixture]);
    assert_eq!(output.code(), Some(2));
    let stderr = output.stderr();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "citecheck: {config_arg}:2: unknown field `colour`"
        )),
        "{stderr}"
    );
    std::fs::write(&config, "timeout = 0\n").unwrap();
    let output = citecheck(&["check", "--offline", "--config", config_arg, fixture]);
    assert_eq!(output.code(), Some(2));
    assert_eq!(
        output.stderr(),
        "citecheck: timeout: must be a positive number of seconds\n"
    );
}

#[test]
fn a_key_and_its_flag_fail_the_same_build_and_the_flag_wins() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("bad_isbn.md");
    std::fs::write(&article, "Cited.[^1]\n\n[^1]: ISBN 0-333-80149-1\n").unwrap();
    let config = dir.path().join("citecheck.toml");
    std::fs::write(&config, "fail_on = [\"dangling\"]\n").unwrap();
    let out = dir.path().join("out");
    let run = |extra: &[&str]| {
        let mut args = vec!["check", "--offline", "--out", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        args.push(article.to_str().unwrap());
        citecheck(&args).code()
    };
    let config_arg = config.to_str().unwrap();
    assert_eq!(run(&[]), Some(1), "an invalid ISBN fails by default");
    assert_eq!(run(&["--config", config_arg]), Some(0));
    assert_eq!(run(&["--fail-on", "dangling"]), Some(0));
    assert_eq!(
        run(&["--config", config_arg, "--fail-on", "invalid_isbn"]),
        Some(1)
    );
}

#[test]
fn the_help_shows_the_defaults_the_library_uses() {
    use citecheck::options::*;
    let help = String::from_utf8_lossy(&citecheck(&["check", "--help"]).output.stdout).into_owned();
    for default in [
        DEFAULT_PATHS.to_owned(),
        DEFAULT_OUT.to_owned(),
        DEFAULT_FORMAT.to_owned(),
        DEFAULT_TIMEOUT_SECS.to_string(),
        DEFAULT_MAX_CONCURRENCY.to_string(),
        DEFAULT_MAX_PER_HOST.to_string(),
        DEFAULT_RETRIES.to_string(),
        DEFAULT_CONFIRM.to_string(),
        DEFAULT_MIN_INTERVAL_MS.to_string(),
        DEFAULT_FAIL_ON.clone(),
        citecheck::check::cache::DEFAULT_PATH.to_owned(),
        citecheck::check::archive::DEFAULT_ENDPOINT.to_owned(),
        citecheck::check::catalogue::DEFAULT_ENDPOINT.to_owned(),
    ] {
        assert!(help.contains(&format!("[default: {default}]")), "{default}");
    }
    assert!(help.contains("[default: 20]") && help.contains("[default: dead,soft_404,"));
}
