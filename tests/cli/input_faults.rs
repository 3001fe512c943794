//! Faults around the inputs and the outputs: folders that loop or cannot be
//! listed, names that could inject workflow commands or are not UTF-8, and
//! runs killed or starved of space while they write their reports.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::binary::{self, run};
use crate::support::json;

fn report(out: &Path) -> Value {
    json::read(&out.join("report.json"))
}

fn paths(report: &Value) -> Vec<String> {
    json::of_articles(report, "path")
}

#[cfg(unix)]
#[test]
fn symlink_loops_visit_each_real_folder_and_file_once() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("articles");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::write(root.join("a.md"), "A claim.[^1]\n\n[^1]: Source.\n").unwrap();
    std::fs::write(root.join("sub/b.md"), "B claim.\n").unwrap();
    // Two links to the folder itself, one to its parent, one to a sibling
    // folder, one to a file.
    symlink(".", root.join("self1")).unwrap();
    symlink(".", root.join("self2")).unwrap();
    symlink("..", root.join("sub/up")).unwrap();
    symlink("sub", root.join("sub-again")).unwrap();
    symlink("a.md", root.join("a-again.md")).unwrap();
    let out = dir.path().join("out");
    let started = std::time::Instant::now();
    let output = run(binary::command(["check", "--offline", "--out"])
        .arg(&out)
        .arg(&root)
        .arg(root.join("a.md")));
    assert!(started.elapsed().as_secs() < 30, "the walk ends");
    assert_eq!(output.code(), Some(0), "{output:?}");
    let mut found = paths(&report(&out));
    found.sort();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].ends_with("a.md") && found[1].ends_with("sub/b.md"),
        "{found:?}"
    );
}

#[cfg(unix)]
#[test]
fn an_unlistable_folder_is_named_and_the_rest_is_audited() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let root = dir.path().join("articles");
    std::fs::create_dir_all(root.join("locked")).unwrap();
    std::fs::write(root.join("a.md"), "A claim.\n").unwrap();
    std::fs::write(root.join("locked/b.md"), "B claim.\n").unwrap();
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::set_permissions(root.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = dir.path().join("out");
    let mut command = as_unprivileged_user(&["check", "--offline", "--no-cache", "--out"]);
    command.arg(&out).arg(&root);
    let output = run(&mut command);
    std::fs::set_permissions(root.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = output.stderr();
    assert_eq!(output.code(), Some(2), "{stderr}");
    assert!(stderr.contains("locked: cannot list folder"), "{stderr}");
    let report = report(&out);
    let found = paths(&report);
    assert!(found.iter().any(|p| p.ends_with("a.md")), "{found:?}");
    assert_eq!(report["summary"]["unreadable"], 1);
}

/// `citecheck ARGS`, run as an ordinary user when the tests run as root
/// (root lists any folder whatever its mode); `setpriv` is in util-linux.
#[cfg(unix)]
fn as_unprivileged_user(args: &[&str]) -> Command {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    if root {
        let mut command = Command::new("setpriv");
        command
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(binary::BIN)
            .args(args);
        command
    } else {
        binary::command(args)
    }
}

#[test]
fn a_newline_in_a_file_name_injects_no_workflow_command() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("articles");
    std::fs::create_dir_all(&root).unwrap();
    let evil = "x\n::error file=evil.md,line=1::injected\n.md";
    std::fs::write(root.join(evil), "A claim.[^9]\n\n[^1]: Orphan.\n").unwrap();
    std::fs::write(root.join("bad\n::warning::also.md"), [0xff, 0xfe]).unwrap();
    let out = dir.path().join("out");
    let summary = dir.path().join("summary.md");
    let output = run(
        binary::command(["check", "--offline", "--no-cache", "--out"])
            .arg(&out)
            .arg(&root)
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_STEP_SUMMARY", &summary),
    );
    assert_eq!(output.code(), Some(2), "{output:?}");
    let summary = std::fs::read_to_string(&summary).unwrap();
    for (name, text) in [
        ("stdout", output.stdout()),
        ("stderr", output.stderr()),
        ("step summary", summary),
        (
            "report.md",
            std::fs::read_to_string(out.join("report.md")).unwrap(),
        ),
    ] {
        for line in text.lines() {
            let line = line.trim_start();
            assert!(
                !line.starts_with("::warning") && !line.starts_with("::error file=evil.md"),
                "{name} carries an injected command: {line:?}"
            );
        }
    }
    // The real finding (the dangling marker) is still annotated, once.
    let stdout = output.stdout();
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("::error ")).count(),
        1,
        "{stdout}"
    );
}

#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_stay_two_articles() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("articles");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join(OsStr::from_bytes(b"n\xff.md")), "One.\n").unwrap();
    std::fs::write(root.join(OsStr::from_bytes(b"n\xfe.md")), "Two. Three.\n").unwrap();
    let out = dir.path().join("out");
    let output = run(
        binary::command(["check", "--offline", "--no-cache", "--out"])
            .arg(&out)
            .arg(&root),
    );
    assert_eq!(output.code(), Some(0), "{output:?}");
    let mut found = paths(&report(&out));
    found.sort();
    assert_eq!(found.len(), 2);
    assert_ne!(found[0], found[1]);
    assert!(
        found[0].ends_with("n\\xFE.md") && found[1].ends_with("n\\xFF.md"),
        "{found:?}"
    );
}

/// A run whose file writes are cut off by a file-size limit: with SIGXFSZ at
/// its default it is killed in the middle of writing (as by `kill -9`); with
/// the signal ignored its writes fail with EFBIG, as on a full disk. Either
/// way the previous reports stay whole and history.jsonl stays readable.
#[cfg(unix)]
#[test]
fn a_run_killed_or_out_of_space_while_writing_leaves_the_old_reports_whole() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.md");
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sources/德蘇軸心談判.md"),
    )
    .unwrap();
    std::fs::write(&article, &seed).unwrap();
    let out = dir.path().join("out");
    let first = run(
        binary::command(["check", "--offline", "--no-cache", "--out"])
            .arg(&out)
            .arg(&article),
    );
    assert!(first.code().is_some_and(|c| c <= 1), "{first:?}");
    let before: Vec<Vec<u8>> = [
        "report.json",
        "report.md",
        "report.html",
        "history.jsonl",
        "articles.jsonl",
    ]
    .iter()
    .map(|n| std::fs::read(out.join(n)).unwrap())
    .collect();
    // The article changes, so a report written whole would differ.
    std::fs::write(&article, seed.replace("德國", "德意志國")).unwrap();
    for trap in ["", "trap '' XFSZ; "] {
        // 64 KiB: enough for the history line, not for report.json.
        let script = format!(
            "{trap}ulimit -f 64; exec \"$0\" check --offline --no-cache --out \"$1\" \"$2\""
        );
        let output = run(Command::new("bash")
            .args(["-c", &script, binary::BIN])
            .arg(&out)
            .arg(&article));
        assert_ne!(output.code(), Some(0), "the write was cut off: {output:?}");
        if trap.is_empty() {
            assert!(output.code().is_none(), "killed by SIGXFSZ: {output:?}");
        } else {
            let stderr = output.stderr();
            assert!(stderr.contains("cannot write reports"), "{stderr}");
        }
        for (name, old) in [
            "report.json",
            "report.md",
            "report.html",
            "history.jsonl",
            "articles.jsonl",
        ]
        .iter()
        .zip(&before)
        {
            let now = std::fs::read(out.join(name)).unwrap();
            assert!(&now == old, "{name} changed after a failed run ({trap:?})");
        }
        serde_json::from_slice::<Value>(&before[0]).unwrap();
    }
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(leftovers.len(), 5, "{leftovers:?}");
}

#[test]
fn an_out_folder_that_is_a_file_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    std::fs::write(&out, "not a folder").unwrap();
    let output = run(
        binary::command(["check", "--offline", "--no-cache", "--out"])
            .arg(&out)
            .arg("sources"),
    );
    assert_eq!(output.code(), Some(2));
    let stderr = output.stderr();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("reports: cannot write reports: it is a file, not a folder"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "not a folder");
}
