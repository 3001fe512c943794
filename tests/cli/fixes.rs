//! `citecheck fix`: the fixes of dead links as a patch that `git apply` and
//! `patch -p1` take, in every template layout and on the real articles of
//! the corpus; `--write` makes the same edits in place; a second run finds
//! nothing to fix and counts the links its fixes rescued; the reports show
//! each fix.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::binary::{command, run, Run};
use crate::support::json;
use crate::support::stubs::{snapshot_of, Server, WAYBACK};

/// A folder that is a git repository, for the patch's paths.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir.path())
        .status()
        .expect("git runs");
    assert!(status.success());
    dir
}

/// `citecheck fix ARGS docs` from `dir`, against `server`'s pages and its
/// stand-in archive, writing into `dir/out`.
fn fix(dir: &Path, server: &Server, out: &str, extra: &[&str]) -> Run {
    let wayback = server.url(WAYBACK);
    let mut args = vec![
        "fix",
        "--allow-private",
        "--no-cache",
        "--no-isbn-lookup",
        "--no-doi-lookup",
        "--archive-endpoint",
        &wayback,
        "--out",
        out,
    ];
    args.extend_from_slice(extra);
    args.push("docs");
    let mut cmd = command(&args);
    cmd.current_dir(dir);
    let mut run = run(&mut cmd);
    run.report = json::read(&dir.join(out).join("report.json"));
    run
}

fn month() -> String {
    citecheck::fix::month_of(chrono::Utc::now())
}

fn tool(dir: &Path, program: &str, args: &[&str]) -> (bool, String) {
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"));
    (
        output.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    )
}

#[test]
fn a_patch_in_the_articles_own_style_that_git_and_patch_apply_and_a_second_run_finds_nothing() {
    let server = Server::start();
    let dir = repository();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let gone = |name: &str| server.url(&format!("/gone/archived/{name}"));
    let lost = |name: &str| server.url(&format!("/gone/{name}"));
    let ok = server.url("/ok/page");
    let wikitext = format!(
        "'''A''' is a thing.<ref>{{{{cite web |url={inline} |title=Inline |access-date=8 July 2016}}}}</ref>\n\
         It is old.<ref>{{{{Cite news\n| url         = {aligned}\n| title       = Aligned\n| accessdate  = 2016-07-08\n}}}}</ref>\n\
         It moved.<ref>{{{{cite web|url={copied}|archive-url=https://web.archive.org/web/2015/{copied}|url-status=live}}}}</ref>\n\
         It is lost.<ref>{{{{cite web|url={none}|title=None}}}}</ref>\n\
         A bare one.<ref>[{bare} Bare]</ref> A lost bare one.<ref>[{bare_lost} Lost]</ref>\n\
         Left alone.<ref>{{{{cite web|url={ignored}}}}}{{{{cbignore}}}}</ref> Fine.<ref>{{{{cite web|url={ok}}}}}</ref>\n\
         It moved for good.<ref>{{{{cite web|url={moved}|title=Moved}}}}</ref>\n\n\
         == References ==\n{{{{reflist}}}}\n",
        moved = server.url("/moved/page"),
        inline = gone("inline"),
        aligned = gone("aligned"),
        copied = gone("copied"),
        none = lost("none"),
        bare = gone("bare"),
        bare_lost = lost("bare"),
        ignored = gone("ignored"),
    );
    std::fs::write(docs.join("a.wikitext"), &wikitext).unwrap();
    let markdown = format!(
        "A claim.[^1] Another.[^2]\n\n[^1]: [Gone]({}) and a fine one <{ok}>.\n[^2]: {}\n",
        gone("md"),
        gone("bare-md")
    );
    std::fs::write(docs.join("b.md"), &markdown).unwrap();
    let html = format!("<p>A claim.<a href=\"{}\">source</a></p>\n", gone("html"));
    std::fs::write(docs.join("c.html"), &html).unwrap();

    let first = fix(dir.path(), &server, "out", &[]);
    assert_eq!(
        first.code(),
        Some(1),
        "dead links fail the run: {}",
        first.stderr()
    );
    let patch = std::fs::read_to_string(dir.path().join("out/fixes.patch")).unwrap();
    assert!(patch.starts_with("diff --git a/docs/a.wikitext b/docs/a.wikitext\n--- a/docs/a.wikitext\n+++ b/docs/a.wikitext\n"), "{patch}");
    assert!(!patch.contains("c.html"), "HTML is never edited: {patch}");
    let (applies, why) = tool(dir.path(), "git", &["apply", "--check", "out/fixes.patch"]);
    assert!(applies, "git apply: {why}");
    let (applies, why) = tool(
        dir.path(),
        "patch",
        &["-p1", "--dry-run", "-i", "out/fixes.patch"],
    );
    assert!(applies, "patch -p1: {why}");
    let (applied, why) = tool(dir.path(), "git", &["apply", "out/fixes.patch"]);
    assert!(applied, "{why}");

    let fixed = std::fs::read_to_string(docs.join("a.wikitext")).unwrap();
    let month = month();
    let expected = format!(
        "'''A''' is a thing.<ref>{{{{cite web |url={inline} |title=Inline |access-date=8 July 2016 |archive-url={inline_copy} |archive-date=19 September 2013 |url-status=dead}}}}</ref>\n\
         It is old.<ref>{{{{Cite news\n| url         = {aligned}\n| title       = Aligned\n| accessdate  = 2016-07-08\n| archiveurl  = {aligned_copy}\n| archivedate = 2013-09-19\n| url-status  = dead\n}}}}</ref>\n\
         It moved.<ref>{{{{cite web|url={copied}|archive-url=https://web.archive.org/web/2015/{copied}|url-status=dead}}}}</ref>\n\
         It is lost.<ref>{{{{cite web|url={none}|title=None}}}}{{{{Dead link|date={month}|bot=citecheck|fix-attempted=yes}}}}</ref>\n\
         A bare one.<ref>[{bare} Bare]{{{{Webarchive|url={bare_copy}|date=2013-09-19}}}}</ref> A lost bare one.<ref>[{bare_lost} Lost]{{{{Dead link|date={month}|bot=citecheck|fix-attempted=yes}}}}</ref>\n\
         Left alone.<ref>{{{{cite web|url={ignored}}}}}{{{{cbignore}}}}</ref> Fine.<ref>{{{{cite web|url={ok}}}}}</ref>\n\
         It moved for good.<ref>{{{{cite web|url={moved_to}|title=Moved}}}}</ref>\n\n\
         == References ==\n{{{{reflist}}}}\n",
        moved_to = server.url("/ok/page"),
        inline = gone("inline"),
        inline_copy = snapshot_of(&gone("inline")),
        aligned = gone("aligned"),
        aligned_copy = snapshot_of(&gone("aligned")),
        copied = gone("copied"),
        none = lost("none"),
        bare = gone("bare"),
        bare_copy = snapshot_of(&gone("bare")),
        bare_lost = lost("bare"),
        ignored = gone("ignored"),
    );
    assert_eq!(fixed, expected);
    let fixed_md = std::fs::read_to_string(docs.join("b.md")).unwrap();
    assert_eq!(
        fixed_md,
        format!(
            "A claim.[^1] Another.[^2]\n\n[^1]: [Gone]({}) and a fine one <{ok}>.\n[^2]: {}\n",
            snapshot_of(&gone("md")),
            snapshot_of(&gone("bare-md"))
        )
    );
    assert_eq!(std::fs::read_to_string(docs.join("c.html")).unwrap(), html);

    // The reports show each fix: report.json, report.md, and SARIF's fixes.
    let articles = first.report["articles"].as_array().unwrap();
    let a = articles
        .iter()
        .find(|a| a["path"] == "docs/a.wikitext")
        .unwrap();
    let kinds: Vec<&str> = a["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "archive_added",
            "archive_added",
            "marked_dead",
            "dead_link_tagged",
            "webarchive_added",
            "dead_link_tagged",
            "redirect_followed"
        ]
    );
    // HTML is never edited; its fix is listed.
    let c = articles
        .iter()
        .find(|a| a["path"] == "docs/c.html")
        .unwrap();
    assert_eq!(c["fixes"][0]["kind"], "archive_added");
    assert!(c["fixes"][0]["after"]
        .as_str()
        .unwrap()
        .contains(&snapshot_of(&gone("html"))));
    assert_eq!(first.report["summary"]["fixable"], 10);
    let pages = std::fs::read_dir(dir.path().join("out/articles")).unwrap();
    let page = pages
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .find(|page| page.contains("docs/a.wikitext"))
        .expect("a.wikitext has its page");
    assert!(
        page.contains("7 fix(es) in <code>fixes.patch</code>"),
        "the HTML page shows the fixes"
    );
    assert!(page.contains("fix-attempted=yes"), "each fix's text after");
    let md = std::fs::read_to_string(dir.path().join("out/report.md")).unwrap();
    assert!(
        md.contains("### Fixes (7)\n\nReady to apply: `fixes.patch`"),
        "{md}"
    );
    assert!(md.contains("### Fixes (1)\n\nTo make by hand"), "{md}");

    // The second run: nothing to fix, the rescued links fail nothing.
    let second = fix(dir.path(), &server, "again", &["--format", "sarif"]);
    let patch = std::fs::read_to_string(dir.path().join("again/fixes.patch")).unwrap();
    assert_eq!(patch, "", "a second run fixes again");
    let summary = &second.report["summary"];
    assert_eq!(
        summary["fixable"], 1,
        "the HTML article's fix is listed again"
    );
    assert_eq!(summary["rescued"], 4, "{summary}");
    let stderr = second.stderr();
    assert!(stderr.contains("0 fix(es) in 0 file(s)"), "{stderr}");
    assert!(stderr.contains("1 more listed in the reports"), "{stderr}");
    // What is still dead and not rescued: the two tagged links, the
    // ignored one, and the HTML article's.
    let dead: Vec<Value> = second.report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["links"].as_array().unwrap().clone())
        .filter(|l| l["status"] == "dead" && l.get("rescued").is_none())
        .collect();
    assert_eq!(dead.len(), 4, "{dead:?}");
}

#[test]
fn write_makes_the_patchs_edits_in_place_and_sarif_offers_them() {
    let server = Server::start();
    let dir = repository();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let url = server.url("/gone/archived/x");
    let text = format!("A.<ref>{{{{cite web\n |url={url}\n |title=X\n}}}}</ref>\n");
    std::fs::write(docs.join("a.wikitext"), &text).unwrap();
    let run = fix(
        dir.path(),
        &server,
        "out",
        &["--write", "--format", "sarif"],
    );
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
    let written = std::fs::read_to_string(docs.join("a.wikitext")).unwrap();
    let expected = format!(
        "A.<ref>{{{{cite web\n |url={url}\n |title=X\n |archive-url={}\n |archive-date=2013-09-19\n |url-status=dead\n}}}}</ref>\n",
        snapshot_of(&url)
    );
    assert_eq!(written, expected);
    assert!(
        run.stderr().contains("1 file(s) fixed in place"),
        "{}",
        run.stderr()
    );
    // The patch, applied to the text as it was, gives the same bytes.
    let before = dir.path().join("before");
    std::fs::create_dir_all(before.join("docs")).unwrap();
    std::fs::write(before.join("docs/a.wikitext"), &text).unwrap();
    let patch = dir.path().join("out/fixes.patch");
    let (applied, why) = tool(&before, "patch", &["-p1", "-i", patch.to_str().unwrap()]);
    assert!(applied, "{why}");
    assert_eq!(
        std::fs::read_to_string(before.join("docs/a.wikitext")).unwrap(),
        expected
    );
    // SARIF offers the fix on the dead link's result.
    let sarif: Value = serde_json::from_str(&run.stdout()).expect("SARIF on stdout");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let dead = results.iter().find(|r| r["ruleId"] == "dead").unwrap();
    let change = &dead["fixes"][0]["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "docs/a.wikitext");
    let replacement = &change["replacements"][0];
    // The line the parameters follow, replaced by itself and them.
    assert_eq!(replacement["deletedRegion"]["startLine"], 3);
    assert_eq!(replacement["deletedRegion"]["endLine"], 3);
    assert_eq!(
        replacement["insertedContent"]["text"],
        format!(
            " |title=X\n |archive-url={}\n |archive-date=2013-09-19\n |url-status=dead",
            snapshot_of(&url)
        )
    );
}

/// Whether `small` is `big` with only insertions.
fn is_subsequence(small: &str, big: &str) -> bool {
    let mut big = big.chars();
    small.chars().all(|c| big.any(|b| b == c))
}

#[test]
fn on_the_real_articles_only_the_intended_parameters_change_and_a_second_run_finds_nothing() {
    let server = Server::start();
    let dir = repository();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    // Every cited address of the real articles becomes a dead page of the
    // loopback server, half of them with an archived copy.
    let corpus = crate::support::dumps::corpus("en-wikitext");
    let mut originals = Vec::new();
    let address = regex::Regex::new(r"https?://").unwrap();
    for entry in std::fs::read_dir(&corpus).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut k = 0;
        let moved = address
            .replace_all(&text, |_: &regex::Captures<'_>| {
                k += 1;
                let copy = if k % 2 == 0 { "archived/" } else { "" };
                format!("{}/gone/{copy}", server.base)
            })
            .into_owned();
        let name = path.file_name().unwrap().to_owned();
        std::fs::write(docs.join(&name), &moved).unwrap();
        originals.push((name, moved));
    }
    let first = fix(dir.path(), &server, "out", &[]);
    assert_eq!(first.code(), Some(1), "{}", first.stderr());
    assert!(
        first.report["summary"]["fixable"].as_u64().unwrap() > 20,
        "{}",
        first.report["summary"]
    );
    let (applied, why) = tool(dir.path(), "git", &["apply", "out/fixes.patch"]);
    assert!(applied, "{why}");
    for (name, before) in &originals {
        let after = std::fs::read_to_string(docs.join(name)).unwrap();
        assert_ne!(&after, before, "{name:?} is fixed");
        assert!(
            is_subsequence(before, &after),
            "{name:?}: a fix deleted or changed text that was there"
        );
    }
    // Read again, each link keeps its place and its citation, but for the
    // archived copy and the dead original's status.
    let second = fix(dir.path(), &server, "again", &[]);
    let patch = std::fs::read_to_string(dir.path().join("again/fixes.patch")).unwrap();
    assert_eq!(patch, "", "a second run fixes again");
    let links = |report: &Value| -> Vec<(String, u64, Value)> {
        report["articles"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|a| a["links"].as_array().unwrap().clone())
            .map(|l| {
                let mut citation = l["citation"].clone();
                if let Some(c) = citation.as_object_mut() {
                    for changed in ["archive_url", "archive_date", "url_status"] {
                        c.remove(changed);
                    }
                }
                // A {{Webarchive}} placed beside a bare link gives it a
                // citation of its archived copy alone.
                if citation
                    .as_object()
                    .is_some_and(|c| c.values().all(Value::is_null))
                {
                    citation = Value::Null;
                }
                (
                    l["url"].as_str().unwrap().to_owned(),
                    l["note"].as_u64().unwrap_or(0),
                    citation,
                )
            })
            .collect()
    };
    // The copies' own addresses are links too, where a {{Webarchive}}
    // stands alone: those are left out on both sides.
    let cited = |report: &Value| -> Vec<(String, Value)> {
        links(report)
            .into_iter()
            .filter(|(u, _, _)| !u.contains("web.archive.org"))
            .map(|(u, _, c)| (u, c))
            .collect()
    };
    assert_eq!(
        cited(&second.report),
        cited(&first.report),
        "the links and their citations are as they were"
    );
    assert!(second.report["summary"]["rescued"].as_u64().unwrap() > 10);
}
