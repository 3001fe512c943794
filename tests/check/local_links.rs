//! Local links that are broken before any request: empty destinations,
//! fragments that name no heading, paths from the root, paths that leave
//! the repository. Real files from rust-lang's repositories (see
//! tests/fixtures/real/links/README.md) and a temporary repository.

use serde_json::Value;

use crate::support::binary::{audit_offline, citecheck};
use crate::support::json;

/// The links of every article of a report, as (article path, url, status,
/// detail).
fn links(report: &Value) -> Vec<(String, String, String, String)> {
    report["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .flat_map(|a| {
            let path = a["path"].as_str().unwrap_or_default().to_owned();
            a["links"].as_array().expect("links").iter().map(move |l| {
                let text = |k: &str| l[k].as_str().unwrap_or_default().to_owned();
                (path.clone(), text("url"), text("status"), text("detail"))
            })
        })
        .collect()
}

/// Audits `input` offline: the exit code, and the links whose url `keep`
/// accepts.
fn audit_links(
    input: &str,
    keep: impl Fn(&str) -> bool,
) -> (i32, Vec<(String, String, String, String)>) {
    let out = tempfile::tempdir().unwrap();
    let (code, report) = audit_offline(&[input], out.path());
    let kept = links(&report)
        .into_iter()
        .filter(|(_, url, _, _)| keep(url))
        .collect();
    (code, kept)
}

#[test]
fn empty_destinations_in_a_real_post_are_invalid_not_the_file_itself() {
    let (_, empty) = audit_links(
        "tests/fixtures/real/links/twir-574-excerpt.md",
        str::is_empty,
    );
    assert_eq!(empty.len(), 3, "{empty:?}");
    for (_, _, status, detail) in &empty {
        assert_eq!(
            (status.as_str(), detail.as_str()),
            ("invalid", "the link has no destination")
        );
    }
}

#[test]
fn fragments_are_checked_against_the_headings_of_the_target_file() {
    let (code, local) = audit_links("tests/fixtures/real/links/rfcs", |url| {
        url.starts_with('#') || url.contains(".md#")
    });
    // The README's table of contents names its headings, but its first entry
    // still names the title as it was before links were added to it
    // (`# Rust RFCs - [RFC Book](…) - [Active RFC List](…)` has the id
    // `rust-rfcs---rfc-book---active-rfc-list`).
    let toc: Vec<_> = local
        .iter()
        .filter(|l| l.0.ends_with("README.md"))
        .collect();
    assert!(toc.len() >= 8, "{toc:?}");
    let broken: Vec<&str> = toc
        .iter()
        .filter(|l| l.2 != "ok")
        .map(|l| l.1.as_str())
        .collect();
    assert_eq!(broken, ["#rust-rfcs"], "{toc:?}");
    // RFC 2 still links to the README's old "Active RFC List" heading.
    let stale: Vec<_> = local
        .iter()
        .filter(|l| l.1 == "../README.md#active-rfc-list")
        .collect();
    assert_eq!(stale.len(), 2, "{local:?}");
    for (_, _, status, detail) in stale {
        assert_eq!(status, "missing_file");
        assert!(
            detail.contains("exists but has no heading or anchor #active-rfc-list"),
            "{detail}"
        );
    }
    assert_eq!(code, 1, "a missing fragment fails the build");
}

#[test]
fn explicit_heading_ids_are_anchors() {
    let (_, fragments) = audit_links(
        "tests/fixtures/real/links/blog/stage0-redesign/index.md",
        |url| url.starts_with('#'),
    );
    // `# Motivation {#motivation}` and the like, as mdBook and Zola write them.
    assert!(fragments.len() >= 4, "{fragments:?}");
    assert!(fragments.iter().all(|l| l.2 == "ok"), "{fragments:?}");
}

/// A temporary repository: `.git`, `docs/article.md` with the given text,
/// `docs/other.md` and `README.md`.
fn repository(article: &str) -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(repo.path().join(".git")).unwrap();
    std::fs::create_dir_all(repo.path().join("docs")).unwrap();
    std::fs::write(repo.path().join("README.md"), "# Read me\n").unwrap();
    std::fs::write(repo.path().join("docs/other.md"), "# Other\n").unwrap();
    std::fs::write(repo.path().join("docs/article.md"), article).unwrap();
    repo
}

#[test]
fn a_path_from_the_root_starts_at_the_repository_never_at_the_machine_root() {
    let repo = repository(
        "[a](/etc/hostname) [b](../../../../../../../../../../etc/hostname) [c](/README.md#read-me) [d](other.md#other)\n",
    );
    let out = tempfile::tempdir().unwrap();
    let article = repo.path().join("docs/article.md");
    let (_, report) = audit_offline(&[article.to_str().unwrap()], out.path());
    let found = links(&report);
    let statuses: Vec<&str> = found.iter().map(|l| l.2.as_str()).collect();
    assert_eq!(
        statuses,
        ["missing_file", "invalid", "ok", "ok"],
        "{found:?}"
    );
    assert!(found[0].3.contains("repository root"), "{}", found[0].3);
    assert!(
        found[1].3.contains("outside the repository root"),
        "{}",
        found[1].3
    );
}

#[test]
fn root_dir_moves_the_root_and_bounds_relative_links() {
    let repo = repository("[a](/other.md) [b](../README.md)\n");
    let out = tempfile::tempdir().unwrap();
    let docs = repo.path().join("docs");
    let output = citecheck(&[
        "check",
        "--offline",
        "--no-cache",
        "--root-dir",
        docs.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        docs.join("article.md").to_str().unwrap(),
    ]);
    assert!(output.code().is_some_and(|c| c < 2), "{output:?}");
    let report = json::read(&out.path().join("report.json"));
    let statuses: Vec<String> = links(&report).into_iter().map(|l| l.2).collect();
    assert_eq!(statuses, ["ok", "invalid"]);
    let output = citecheck(&["check", "--offline", "--root-dir", "no/such/folder"]);
    assert_eq!(output.code(), Some(2));
    assert!(output.stderr().contains("root_dir"));
}
