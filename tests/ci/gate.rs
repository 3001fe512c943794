//! The CI gate: thresholds and exit codes, the baseline, `--confirm`, and
//! the configuration file. None of these needs the network: dead links are
//! missing files, or verdicts seeded into the cache.

use chrono::{TimeDelta, Utc};
use citecheck::check::cache::{SqliteCache, VerdictStore};
use citecheck::check::{LinkStatus, Verdict};

use crate::support::article::Workspace;
use crate::support::checker::private_key;
use crate::support::json::links;

/// `check broken.md --offline --baseline baseline.json`
const WITH_BASELINE: &[&str] = &[
    "check",
    "broken.md",
    "--offline",
    "--baseline",
    "baseline.json",
];

fn problem_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("citecheck: threshold broken: "))
        .collect()
}

#[test]
fn by_default_dead_links_and_invalid_isbns_fail_with_a_line_each() {
    let ws = Workspace::new();
    ws.fixture("broken.md");
    let run = ws.run(&["check", "broken.md", "--offline"]).expect(1);
    assert_eq!(
        problem_lines(&run.stderr()),
        [
            "citecheck: threshold broken: 2 dead link(s) (missing_file)",
            "citecheck: threshold broken: 1 invalid ISBN(s) (fail_on invalid_isbn)"
        ]
    );
    ws.write("clean.md", "A claim.[^1]\n\n[^1]: Smith, *Book*, 2001.\n");
    ws.run(&["check", "clean.md", "--offline"]).expect(0);
    let run = ws.run(&["check", "nowhere.md", "--offline"]).expect(2);
    assert_eq!(run.stderr().lines().count(), 1);
}

#[test]
fn thresholds_from_flags_break_one_line_each() {
    let ws = Workspace::new();
    ws.fixture("broken.md");
    let run = |args: &[&str]| {
        let mut all = vec!["check", "broken.md", "--offline"];
        all.extend(args);
        ws.run(&all)
    };
    // broken.md: 2 missing files, 1 invalid ISBN, 1 empty and orphaned note,
    // 1 dangling marker, 3 of 5 sentences cited.
    let r = run(&["--max-dead", "2", "--fail-on", "empty_note"]).expect(1);
    assert_eq!(
        problem_lines(&r.stderr()),
        ["citecheck: threshold broken: 1 empty note(s) (fail_on empty_note)"]
    );
    let r = run(&["--max-dead", "1", "--fail-on", "orphaned,dangling"]).expect(1);
    assert_eq!(problem_lines(&r.stderr()).len(), 3, "{}", r.stderr());
    assert!(r
        .stderr()
        .contains("2 dead link(s), more than max_dead = 1"));
    let r = run(&[
        "--min-coverage",
        "90%",
        "--max-dead",
        "5",
        "--fail-on",
        "redirected",
    ])
    .expect(1);
    assert_eq!(
        problem_lines(&r.stderr()),
        ["citecheck: threshold broken: coverage 60.0% (3/5 sentences cited) is below min_coverage 90.0%"]
    );
    run(&[
        "--min-coverage",
        "0.6",
        "--max-dead",
        "5",
        "--fail-on",
        "redirected",
    ])
    .expect(0);
    let r = run(&["--fail-on", "deadish"]).expect(2);
    assert!(r.stderr().contains("deadish"), "{}", r.stderr());
}

#[test]
fn with_a_baseline_only_new_problems_fail() {
    let ws = Workspace::new();
    let article = ws.fixture("broken.md");
    ws.run(&["check", "broken.md", "--offline"]).expect(1);
    std::fs::copy(ws.path("reports/report.json"), ws.path("baseline.json")).unwrap();

    let run = ws.run(WITH_BASELINE);
    run.expect(0);
    let report = ws.report();
    assert_eq!(report["baseline"]["new"], serde_json::json!([]));
    assert_eq!(report["baseline"]["fixed"], serde_json::json!([]));

    // Lines move, one dead link is fixed, one is added.
    let text = std::fs::read_to_string(&article).unwrap();
    let text = text
        .replace("# Broken\n", "# Broken\n\nA new opening paragraph.[^1]\n")
        .replace("(other-missing-file.md)", "(broken.md)")
        .replace(
            "[the notes](notes-that-do-not-exist.md)",
            "[the notes](notes-that-do-not-exist.md) and [more](new-missing.md)",
        );
    std::fs::write(&article, text).unwrap();
    let run = ws.run(WITH_BASELINE).expect(1);
    assert_eq!(
        problem_lines(&run.stderr()),
        ["citecheck: threshold broken: 1 new dead link(s) (missing_file)"]
    );
    let report = ws.report();
    let subjects = |list: &str, kind: &str| -> Vec<String> {
        report["baseline"][list]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| (f["problem"] == "uncited_paragraph") == (kind == "uncited_paragraph"))
            .map(|f| f["subject"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(subjects("new", "link"), ["new-missing.md"]);
    assert_eq!(subjects("fixed", "link"), ["other-missing-file.md"]);
    // An uncited paragraph is known by its opening words: the one whose
    // words changed is a new one, and the old words are gone.
    assert_eq!(
        subjects("new", "uncited_paragraph"),
        ["See also the notes and more."]
    );
    assert_eq!(
        subjects("fixed", "uncited_paragraph"),
        ["See also the notes."]
    );
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../docs/report.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema does describe the baseline: a malformed one fails it.
    let mut bad = report.clone();
    bad["baseline"]["new"] = serde_json::json!("none");
    assert!(!validator.is_valid(&bad));
    let markdown = std::fs::read_to_string(ws.path("reports/report.md")).unwrap();
    assert!(markdown.contains("## Since the baseline"));
    assert!(markdown.contains("new-missing.md") && markdown.contains("### Fixed"));
}

#[test]
fn coverage_dropping_below_the_baseline_fails() {
    let ws = Workspace::new();
    let article = ws.write(
        "a.md",
        "A claim.[^1] Another claim.[^1]\n\n[^1]: Smith, *Book*, 2001.\n",
    );
    ws.run(&["check", "a.md", "--offline"]).expect(0);
    std::fs::copy(ws.path("reports/report.json"), ws.path("baseline.json")).unwrap();
    std::fs::write(
        &article,
        "A claim.[^1] Another claim.[^1] An uncited claim.\n\n[^1]: Smith, *Book*, 2001.\n",
    )
    .unwrap();
    let run = ws
        .run(&["check", "a.md", "--offline", "--baseline", "baseline.json"])
        .expect(1);
    assert_eq!(
        problem_lines(&run.stderr()),
        ["citecheck: threshold broken: a.md: coverage dropped from 100.0% to 66.7% since the baseline"]
    );
    let change = &ws.report()["baseline"]["coverage"][0];
    assert_eq!(change["path"], "a.md");
}

#[test]
fn an_unreadable_baseline_cannot_run() {
    let ws = Workspace::new();
    ws.fixture("broken.md");
    ws.write("baseline.json", "{ not json");
    let run = ws.run(WITH_BASELINE).expect(2);
    assert!(run.stderr().contains("baseline.json"), "{}", run.stderr());
}

#[test]
fn renumbered_notes_and_another_spelling_of_the_path_are_not_new_problems() {
    let ws = Workspace::new();
    ws.write(
        "w.md",
        "Claim.\\[1\\]\n\n[Category:X](https://zh.wikipedia.org/wiki/Category:X \"wikilink\")\n\n1.  [gone](missing-page.md) ISBN 0-333-80149-1\n",
    );
    ws.run(&["check", "w.md", "--offline"]).expect(1);
    std::fs::copy(ws.path("reports/report.json"), ws.path("baseline.json")).unwrap();
    // A citation added above renumbers the old note from 1 to 2.
    ws.write(
        "w.md",
        "New.\\[1\\] Claim.\\[2\\]\n\n[Category:X](https://zh.wikipedia.org/wiki/Category:X \"wikilink\")\n\n1.  Smith, *Book*, 2001.\n2.  [gone](missing-page.md) ISBN 0-333-80149-1\n",
    );
    let run = ws.run(&[
        "check",
        "./w.md",
        "--offline",
        "--baseline",
        "baseline.json",
    ]);
    run.expect(0);
    let report = ws.report();
    assert_eq!(report["baseline"]["new"], serde_json::json!([]));
    assert_eq!(report["baseline"]["fixed"], serde_json::json!([]));
}

#[test]
fn a_json_file_that_is_not_a_report_cannot_be_a_baseline() {
    let ws = Workspace::new();
    ws.fixture("broken.md");
    ws.write("baseline.json", "{\"x\": 1}");
    let run = ws.run(WITH_BASELINE).expect(2);
    assert!(
        run.stderr()
            .contains("baseline.json: not a citecheck report.json"),
        "{}",
        run.stderr()
    );
}

#[test]
fn statuses_that_are_not_problems_cannot_be_failed_on() {
    let ws = Workspace::new();
    ws.fixture("broken.md");
    for name in ["excluded", "unchecked", "ok"] {
        let run = ws
            .run(&["check", "broken.md", "--offline", "--fail-on", name])
            .expect(2);
        assert!(run.stderr().contains(name), "{}", run.stderr());
    }
}

/// Seeds dead verdicts on `url`, one per age given, and returns the config
/// that keeps a dead verdict fresh for a week (so the run asks nobody).
fn seed_dead(ws: &Workspace, url: &str, ages: &[TimeDelta]) {
    let cache = SqliteCache::open(&ws.path(".citecheck/cache.sqlite")).unwrap();
    let key = private_key(url);
    for age in ages {
        let mut verdict = Verdict::new(LinkStatus::Dead, "404 Not Found");
        verdict.http_status = Some(404);
        cache
            .record(&[(key.clone(), verdict)], Utc::now() - *age)
            .unwrap();
    }
    ws.write(
        "citecheck.toml",
        "allow_private = true\n[max_age]\ndead = \"7d\"\n",
    );
}

#[test]
fn confirm_counts_a_dead_link_after_failures_a_day_apart() {
    let ws = Workspace::new();
    let url = "http://127.0.0.1:9/gone";
    ws.write("a.md", &format!("A claim.[^1]\n\n[^1]: <{url}>\n"));
    seed_dead(
        &ws,
        url,
        &[TimeDelta::days(3), TimeDelta::hours(60), TimeDelta::days(2)],
    );

    // Three failures, two of them a day apart.
    ws.run(&["check", "a.md", "--confirm", "3"]).expect(0);
    let report = ws.report();
    assert_eq!(links(&report), [(url.to_owned(), "dead".to_owned(), 3)]);
    let link = &report["articles"][0]["links"][0];
    assert_eq!(link["failures_a_day_apart"], 2);
    let first =
        chrono::DateTime::parse_from_rfc3339(link["first_failed_at"].as_str().unwrap()).unwrap();
    let age = Utc::now().signed_duration_since(first);
    assert!((age - TimeDelta::days(3)).num_seconds().abs() < 60, "{age}");

    let run = ws.run(&["check", "a.md", "--confirm", "2"]).expect(1);
    assert!(
        run.stderr().contains("1 dead link(s) (dead)"),
        "{}",
        run.stderr()
    );
    // The configuration's `confirm` is read too, and the flag wins over it.
    ws.write(
        "citecheck.toml",
        "allow_private = true\nconfirm = 3\n[max_age]\ndead = \"7d\"\n",
    );
    ws.run(&["check", "a.md"]).expect(0);
    ws.run(&["check", "a.md", "--confirm", "1"]).expect(1);
}

#[test]
fn a_single_recent_failure_is_not_confirmed() {
    let ws = Workspace::new();
    let url = "http://127.0.0.1:9/gone";
    ws.write("a.md", &format!("A claim.[^1]\n\n[^1]: <{url}>\n"));
    seed_dead(&ws, url, &[TimeDelta::hours(1)]);
    ws.run(&["check", "a.md", "--confirm", "2"]).expect(0);
    ws.run(&["check", "a.md"]).expect(1);
}

#[test]
fn an_unknown_config_key_cannot_run_and_is_named() {
    let ws = Workspace::new();
    ws.fixture("broken.md");
    ws.write("citecheck.toml", "max_dead = 3\ncolour = \"red\"\n");
    let run = ws.run(&["check", "broken.md", "--offline"]).expect(2);
    let stderr = run.stderr();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("citecheck.toml:2") && stderr.contains("colour"),
        "{stderr}"
    );
    ws.write("other.toml", "[hosts.\"a.org\"]\nspeed = 1\n");
    let run = ws
        .run(&["check", "broken.md", "--offline", "--config", "other.toml"])
        .expect(2);
    assert!(run.stderr().contains("speed"), "{}", run.stderr());
}

#[test]
fn the_config_file_sets_options_and_flags_override_it() {
    let ws = Workspace::new();
    ws.fixture("broken.md");
    ws.write(
        "citecheck.toml",
        "paths = [\"broken.md\"]\noffline = true\nmax_dead = 2\nfail_on = [\"dangling\"]\nout = \"out\"\n",
    );
    let run = ws.run(&["check"]).expect(1);
    assert_eq!(
        problem_lines(&run.stderr()),
        ["citecheck: threshold broken: 1 dangling marker(s) (fail_on dangling)"]
    );
    assert!(ws.path("out/report.json").exists());
    ws.run(&["check", "--fail-on", "orphaned", "--max-dead", "0"])
        .expect(1);
    ws.run(&["check", "--fail-on", "redirected"]).expect(0);
}

#[test]
fn exclude_patterns_and_hosts_from_the_config_name_the_rule() {
    let ws = Workspace::new();
    ws.write(
        "a.md",
        "A.[^1] B.[^2] C.[^3]\n\n[^1]: <https://example.com/private/1>\n[^2]: <https://example.org/a>\n[^3]: <https://example.net/>\n",
    );
    ws.write(
        "citecheck.toml",
        "offline = true\nexclude = ['example\\.com/private']\n[hosts.\"example.org\"]\nexclude = true\n",
    );
    ws.run(&["check", "a.md"]).expect(0);
    let report = ws.report();
    let found: Vec<(String, String)> = report["articles"][0]["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["status"].as_str().unwrap().into(),
                l["detail"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(found[0].0, "excluded");
    assert!(
        found[0].1.contains(r"example\.com/private"),
        "{}",
        found[0].1
    );
    assert_eq!(found[1].0, "excluded");
    assert!(found[1].1.contains("example.org"), "{}", found[1].1);
    assert_eq!(found[2].0, "unchecked");
}
