//! Inputs chosen like a linter, from the command line: a repository root,
//! `--exclude-path`, glob arguments, `-` and `--files-from`.

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use crate::support::article::Workspace;
use crate::support::{binary, json};

/// Runs citecheck offline in `cwd`; returns the audited paths, sorted.
fn audited(cwd: &Path, args: &[&str], stdin: Option<&str>) -> Vec<String> {
    let mut command = binary::command(["check", "--offline", "--no-cache"]);
    command
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = json::read(&cwd.join("reports/report.json"));
    let mut paths: Vec<String> = report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            a["path"]
                .as_str()
                .unwrap()
                .trim_start_matches("./")
                .to_owned()
        })
        .collect();
    paths.sort();
    paths
}

fn repository() -> Workspace {
    let dir = Workspace::new();
    for name in [
        "docs/a.md",
        "docs/old/b.md",
        "docs/c.wikitext",
        "target/doc/x.md",
        "node_modules/pkg/README.md",
        "ignored/d.md",
        "README.md",
    ] {
        dir.write(name, "A claim.[^1]\n\n[^1]: Source, 2001.\n");
    }
    dir.write(".gitignore", "ignored/\n");
    dir
}

#[test]
fn a_run_over_a_repository_root_audits_none_of_its_output_or_ignored_folders() {
    let dir = repository();
    let root = dir.root();
    let first = audited(root, &["."], None);
    assert_eq!(
        first,
        ["README.md", "docs/a.md", "docs/c.wikitext", "docs/old/b.md"]
    );
    // The second run sees the first one's reports/ and leaves them alone.
    assert_eq!(audited(root, &["."], None), first);
}

#[test]
fn exclude_paths_globs_stdin_and_files_from() {
    let dir = repository();
    let root = dir.root();
    assert_eq!(
        audited(
            root,
            &[
                "--exclude-path",
                "docs/old/**",
                "--exclude-path",
                "*.wikitext",
                "."
            ],
            None
        ),
        ["README.md", "docs/a.md"]
    );
    assert_eq!(
        audited(root, &["docs/**/*.md"], None),
        ["docs/a.md", "docs/old/b.md"]
    );
    assert_eq!(
        audited(root, &["-"], Some("docs/a.md\n\nREADME.md\n")),
        ["README.md", "docs/a.md"]
    );
    std::fs::write(root.join("list.txt"), "docs/c.wikitext\n").unwrap();
    assert_eq!(
        audited(root, &["--files-from", "list.txt"], None),
        ["docs/c.wikitext"]
    );
}
