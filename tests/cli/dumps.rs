//! Wikimedia dumps as input, built here from the documented formats with the
//! real articles of the corpus (`tests/fixtures/corpus/`) among their pages: every form gives
//! each page the results it has as a file; redirects and talk pages are
//! passed over; a broken dump is named and the rest audited (exit 2); shards
//! split a multistream dump by its streams; and a time budget checks the
//! most overdue links first and leaves the rest for the next run.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::binary::{citecheck, Run, NO_LOOKUPS};
use crate::support::dumps::{self, Page};
use crate::support::json;
use crate::support::logged::LoggedServer;
use crate::support::postgres::fresh_store;

/// `check --offline --out OUT INPUTS…` with its report read back.
fn offline(inputs: &[&Path], out: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["check", "--offline", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    let mut run = citecheck(&args);
    run.report = json::read(&out.join("report.json"));
    run
}

/// The articles of a report as their content: what is the same whether a
/// page came from a file or from a dump (not its path, its place in the
/// dump, its revision), by title.
fn contents(report: &Value) -> Vec<(String, Value)> {
    let mut all: Vec<(String, Value)> = report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let mut a = a.clone();
            let object = a.as_object_mut().unwrap();
            for place in ["path", "dump", "revision"] {
                object.remove(place);
            }
            (a["title"].as_str().unwrap().to_owned(), a)
        })
        .collect();
    all.sort_by(|x, y| x.0.cmp(&y.0));
    all
}

fn paths(report: &Value) -> Vec<String> {
    json::of_articles(report, "path")
}

fn titles(report: &Value) -> BTreeSet<String> {
    json::of_articles(report, "title").into_iter().collect()
}

#[test]
fn every_form_of_an_xml_dump_gives_its_pages_the_results_they_have_as_files() {
    let dir = tempfile::tempdir().unwrap();
    let files = offline(
        &[&dumps::corpus("en-wikitext")],
        &dir.path().join("files"),
        &[],
    );
    assert_eq!(files.code(), Some(0), "{}", files.stderr());
    let expected = contents(&files.report);
    assert_eq!(expected.len(), 3, "the corpus has three wikitext articles");

    let pages = dumps::wikitext_pages();
    let xml = dumps::xml(&pages);
    let plain = dir.path().join("enwiki-pages-articles.xml");
    std::fs::write(&plain, &xml).unwrap();
    let one_stream = dir.path().join("enwiki-pages-articles.xml.bz2");
    std::fs::write(&one_stream, dumps::bz2(xml.as_bytes())).unwrap();
    let gzipped = dir.path().join("enwiki-pages-articles.xml.gz");
    std::fs::write(&gzipped, dumps::gz(xml.as_bytes())).unwrap();
    let streams = dir.path().join("multi");
    std::fs::create_dir(&streams).unwrap();
    let multistream = dumps::write_multistream(&streams, "enwiki-20241201", &pages, 2);

    for dump in [&plain, &one_stream, &gzipped, &multistream] {
        let out = dir.path().join(format!(
            "out-{}",
            dump.file_name().unwrap().to_string_lossy()
        ));
        let run = offline(&[dump], &out, &[]);
        assert_eq!(run.code(), Some(0), "{}: {}", dump.display(), run.stderr());
        assert_eq!(
            contents(&run.report),
            expected,
            "{}: the pages' results differ from the files'",
            dump.display()
        );
        let name = dump.to_str().unwrap();
        let in_order: Vec<String> = ["Arts Club of Chicago", "Bodmin", "Britt-Morgan"]
            .iter()
            .map(|t| format!("{name}#{t}"))
            .collect();
        assert_eq!(paths(&run.report), in_order, "{name}: paths are dump#Title");
        for (article, id) in run.report["articles"]
            .as_array()
            .unwrap()
            .iter()
            .zip([10, 11, 12])
        {
            assert_eq!(article["dump"]["file"], name);
            assert_eq!(article["dump"]["page_id"], id);
            let stamp = article["revision"]["timestamp"].as_str().unwrap();
            assert!(stamp.starts_with("2024-05-"), "{stamp}");
        }
        let stderr = run.stderr();
        assert!(
            stderr.contains("1 redirect(s), 1 page(s) of other namespaces"),
            "{name}: the redirect and the talk page are counted: {stderr}"
        );
    }

    // A folder is walked for dumps by their content: the multistream dump
    // is audited, its index and an XML file that is no dump are not.
    std::fs::write(
        streams.join("pom.xml"),
        "<project><modelVersion/></project>\n",
    )
    .unwrap();
    let walked = offline(&[&streams], &dir.path().join("walked"), &[]);
    assert_eq!(walked.code(), Some(0), "{}", walked.stderr());
    assert_eq!(contents(&walked.report), expected);

    // Another namespace on request: the talk page alone.
    let talk = offline(&[&plain], &dir.path().join("talk"), &["--namespace", "1"]);
    assert_eq!(talk.code(), Some(0), "{}", talk.stderr());
    assert_eq!(
        titles(&talk.report),
        BTreeSet::from(["Talk:Bodmin".to_owned()])
    );
    assert_eq!(talk.report["summary"]["links"], 1);
}

#[test]
fn an_enterprise_html_dump_gives_its_pages_the_results_they_have_as_files() {
    let dir = tempfile::tempdir().unwrap();
    let files = offline(&[&dumps::corpus("en-html")], &dir.path().join("files"), &[]);
    assert_eq!(files.code(), Some(0), "{}", files.stderr());
    let expected = contents(&files.report);
    assert_eq!(expected.len(), 2, "the corpus has two HTML articles");

    let mut pages = dumps::corpus_pages("en-html", 100);
    pages.push(Page {
        ns: 1,
        ..Page::article(200, "Talk:Mozilla", "<p>A talk page.</p>")
    });
    let dump = dir.path().join("enwiki_namespace_0_0.ndjson.tar.gz");
    std::fs::write(&dump, dumps::enterprise(&pages)).unwrap();
    let run = offline(&[&dump], &dir.path().join("dump"), &[]);
    assert_eq!(run.code(), Some(0), "{}", run.stderr());
    assert_eq!(contents(&run.report), expected);
    for article in run.report["articles"].as_array().unwrap() {
        assert_eq!(article["format"], "html");
        assert_eq!(article["revision"]["timestamp"], "2024-03-01T12:00:00Z");
        let path = article["path"].as_str().unwrap();
        assert!(path.starts_with(&format!("{}#", dump.display())), "{path}");
    }
    assert!(
        run.stderr().contains("1 page(s) of other namespaces"),
        "{}",
        run.stderr()
    );

    // A line that is no JSON and a page without its HTML are named; the
    // pages around them are audited.
    let good = |title: &str| {
        serde_json::json!({"name": title, "namespace": {"identifier": 0},
            "article_body": {"html": "<p>A claim.<sup class=\"reference\"><a href=\"#cite_note-1\">[1]</a></sup></p>"}})
        .to_string()
    };
    let lines = format!(
        "{}\n{{\"name\": \"Cut\n{}\n{}\n",
        good("Before"),
        serde_json::json!({"name": "No body", "namespace": {"identifier": 0}}),
        good("After")
    );
    let bad = dir.path().join("bad_namespace_0_0.ndjson.tar.gz");
    std::fs::write(&bad, dumps::enterprise_of(&lines)).unwrap();
    let run = offline(&[&bad], &dir.path().join("bad"), &[]);
    assert_eq!(run.code(), Some(2), "{}", run.stderr());
    let stderr = run.stderr();
    assert!(stderr.contains("line 2 is not a page"), "{stderr}");
    assert!(
        stderr.contains("\"No body\" has no article_body.html"),
        "{stderr}"
    );
    let read = titles(&run.report);
    assert!(
        read.contains("Before") && read.contains("After"),
        "{read:?}"
    );
}

#[test]
fn a_broken_dump_is_named_and_the_rest_of_it_audited() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dumps::wikitext_pages();

    // A multistream dump whose second stream of pages is corrupt.
    let (mut dump, index) = dumps::multistream(&pages, 1);
    let head = dumps::bz2(dumps::HEAD.as_bytes()).len();
    let first = dumps::bz2(dumps::page_xml(&pages[0]).as_bytes()).len();
    let second = head + first;
    for byte in &mut dump[second + 40..second + 200] {
        *byte = byte.wrapping_mul(31).wrapping_add(7);
    }
    let corrupt = dir.path().join("xxwiki-pages-articles-multistream.xml.bz2");
    std::fs::write(&corrupt, &dump).unwrap();
    std::fs::write(
        dir.path()
            .join("xxwiki-pages-articles-multistream-index.txt.bz2"),
        index,
    )
    .unwrap();
    let run = offline(&[&corrupt], &dir.path().join("corrupt"), &[]);
    assert_eq!(run.code(), Some(2), "{}", run.stderr());
    let stderr = run.stderr();
    assert!(
        stderr.contains(corrupt.to_str().unwrap()) && stderr.contains(&second.to_string()),
        "the dump and the stream's byte offset are named: {stderr}"
    );
    let read = titles(&run.report);
    assert!(
        read.contains("Arts Club of Chicago")
            && read.contains("Bodmin")
            && read.contains("Britt-Morgan"),
        "the other streams are audited: {read:?}"
    );
    let errors: Vec<&Value> = run.report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a.get("error").is_some())
        .collect();
    assert_eq!(errors.len(), 1, "one fault, in the report: {errors:?}");

    // A dump cut in half: what comes before the cut is audited. (One bz2
    // stream of many blocks, as the single-stream dumps are: the blocks
    // before the cut decompress.)
    let mut long = pages.clone();
    let mut seed = 7_u64;
    for k in 0..40 {
        // Words drawn at random, so that every block holds about as much.
        let words: Vec<String> = (0..2000)
            .map(|_| {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                format!("w{:x}", seed >> 48)
            })
            .collect();
        let text = format!("Filler {k}. {}.\n", words.join(" "));
        long.push(Page::article(300 + k, &format!("Filler {k}"), &text));
    }
    let whole = dumps::bz2(dumps::xml(&long).as_bytes());
    let cut = dir.path().join("cut.xml.bz2");
    std::fs::write(&cut, &whole[..whole.len() * 3 / 4]).unwrap();
    let run = offline(&[&cut], &dir.path().join("cut"), &[]);
    assert_eq!(run.code(), Some(2), "{}", run.stderr());
    assert!(
        run.stderr().contains(cut.to_str().unwrap()),
        "{}",
        run.stderr()
    );
    let read = titles(&run.report);
    assert!(
        read.contains("Arts Club of Chicago") && read.contains("Filler 0"),
        "the pages before the cut are audited: {read:?}"
    );
    assert!(!read.contains("Filler 39"), "{read:?}");

    // A small dump cut inside its one block: nothing decodes, and it is
    // named as a dump cut short, not as a binary file.
    let small = dumps::bz2(dumps::xml(&pages[..1]).as_bytes());
    let short = dir.path().join("short.xml.bz2");
    std::fs::write(&short, &small[..small.len() / 2]).unwrap();
    let run = offline(&[&short], &dir.path().join("short"), &[]);
    assert_eq!(run.code(), Some(2), "{}", run.stderr());
    let stderr = run.stderr();
    assert!(
        stderr.contains("short.xml.bz2")
            && stderr.contains("cut short")
            && !stderr.contains("binary"),
        "{stderr}"
    );

    // A malformed page and a page too large for an article, among good ones.
    let huge = "x".repeat(65 << 20);
    let mut xml = dumps::HEAD.to_owned();
    xml.push_str(&dumps::page_xml(&pages[0]));
    xml.push_str(
        "  <page>\n    <title>Broken page</title>\n    <ns>0</ns>\n    <id>90</id>\n    \
         <revision>\n      <id>9000</id>\n      <text xml:space=\"preserve\">an &bogus; entity</text>\n    \
         </revision>\n  </page>\n",
    );
    xml.push_str(&dumps::page_xml(&Page::article(91, "Huge page", &huge)));
    xml.push_str(&dumps::page_xml(&pages[2]));
    xml.push_str(dumps::TAIL);
    drop(huge);
    let faulty = dir.path().join("faulty.xml");
    std::fs::write(&faulty, xml).unwrap();
    let run = offline(&[&faulty], &dir.path().join("faulty"), &[]);
    assert_eq!(run.code(), Some(2), "{}", run.stderr());
    let stderr = run.stderr();
    assert!(stderr.contains("Broken page"), "{stderr}");
    assert!(
        stderr.contains("Huge page") && stderr.contains("too large"),
        "{stderr}"
    );
    let paths = paths(&run.report);
    let name = faulty.to_str().unwrap();
    for title in ["Arts Club of Chicago", "Broken page", "Huge page", "Bodmin"] {
        assert!(
            paths.contains(&format!("{name}#{title}")),
            "{title} is in the report: {paths:?}"
        );
    }
}

#[test]
fn shards_split_a_multistream_dump_by_its_streams_and_merge_into_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut pages = dumps::wikitext_pages();
    // More pages than streams of two: every shard has some.
    for k in 0..9 {
        let text = format!(
            "Page {k} says a thing.<ref>{{{{cite web |url=https://example.org/{k} |title=T{k}}}}}</ref>\n"
        );
        pages.push(Page::article(100 + k, &format!("Extra {k}"), &text));
    }
    let dump = dumps::write_multistream(dir.path(), "xxwiki", &pages, 2);
    let whole = offline(&[&dump], &dir.path().join("whole"), &[]);
    assert_eq!(whole.code(), Some(0), "{}", whole.stderr());
    let all = titles(&whole.report);
    assert_eq!(all.len(), 12);

    let mut seen = Vec::new();
    let mut reports = Vec::new();
    for k in 1..=3 {
        let out = dir.path().join(format!("shard{k}"));
        let run = offline(&[&dump], &out, &["--shard", &format!("{k}/3")]);
        assert_eq!(run.code(), Some(0), "{}", run.stderr());
        assert!(run.stderr().contains("of other shards"), "{}", run.stderr());
        let mine = titles(&run.report);
        assert!(!mine.is_empty(), "shard {k}/3 audits pages");
        seen.extend(mine);
        reports.push(out.join("report.json"));
    }
    seen.sort();
    let mut expected: Vec<String> = all.iter().cloned().collect();
    expected.sort();
    assert_eq!(seen, expected, "the shards cover the dump, each page once");

    let merged = dir.path().join("merged");
    let mut args = vec!["merge", "--out", merged.to_str().unwrap()];
    args.extend(reports.iter().map(|r| r.to_str().unwrap()));
    let run = citecheck(&args);
    assert_eq!(run.code(), Some(0), "{}", run.stderr());
    let merged = json::read(&merged.join("report.json"));
    assert_eq!(paths(&merged), paths(&whole.report), "the dump's order");
    assert_eq!(contents(&merged), contents(&whole.report));
}

/// An article citing `n` pages of `server`.
fn citing(dir: &Path, server: &LoggedServer, n: usize) {
    let text: String = (0..n)
        .map(|i| format!("Claim {i}.[^{i}]\n\n"))
        .chain((0..n).map(|i| format!("[^{i}]: <{}>\n", server.url(&format!("/p/{i}")))))
        .collect();
    std::fs::write(dir.join("a.md"), text).unwrap();
}

/// A budgeted run against a slow server, its wall time and report.
fn budgeted(dir: &Path, cache: &str, out: &str, budget: &str) -> (Run, Duration) {
    let out = dir.join(out);
    let mut args = vec![
        "check",
        "--allow-private",
        "--cache",
        cache,
        "--max-per-host",
        "1",
        "--timeout",
        "2",
        "--retries",
        "0",
        "--time-budget",
        budget,
        "--no-claims",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(&NO_LOOKUPS);
    let articles = dir.join("articles");
    args.push(articles.to_str().unwrap());
    let started = Instant::now();
    let mut run = citecheck(&args);
    let took = started.elapsed();
    run.report = json::read(&out.join("report.json"));
    (run, took)
}

/// The cited pages asked for, in the order they arrived, from `skip` on.
fn asked(server: &LoggedServer, skip: usize) -> Vec<String> {
    let mut log = server.log();
    log.sort_by_key(|r| r.start);
    log.into_iter()
        .skip(skip)
        .map(|r| r.path)
        .filter(|p| p.starts_with("/p/") && !p.contains("probe"))
        .collect()
}

fn by_detail(report: &Value, deferred: bool) -> BTreeSet<String> {
    report["articles"][0]["links"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["detail"].as_str().unwrap().starts_with("deferred:") == deferred)
        .map(|l| {
            l["url"]
                .as_str()
                .unwrap()
                .rsplit_once(':')
                .unwrap()
                .1
                .to_owned()
        })
        .map(|port_path| port_path[port_path.find('/').unwrap()..].to_owned())
        .collect()
}

fn a_time_budget_checks_the_most_overdue_first_and_ends_on_time(cache: &str) {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    // 30 pages of 300 ms each, one at a time: 9 s of checks for 3 s.
    let server = LoggedServer::start("127.0.0.1", Duration::from_millis(300));
    citing(&articles, &server, 30);

    let (first, took) = budgeted(dir.path(), cache, "first", "3s");
    assert_eq!(first.code(), Some(0), "{}", first.stderr());
    assert!(
        took < Duration::from_millis(3600),
        "a 3 s budget took {took:?}"
    );
    let summary = &first.report["summary"];
    let deferred = by_detail(&first.report, true);
    let checked = by_detail(&first.report, false);
    assert_eq!(summary["deferred"], deferred.len(), "{summary}");
    assert!(
        !checked.is_empty() && deferred.len() >= 15,
        "checked {checked:?}, deferred {deferred:?}"
    );
    assert!(
        first.stdout().contains("deferred") || first.stderr().contains("deferred"),
        "the run says links were deferred"
    );
    for link in first.report["articles"][0]["links"].as_array().unwrap() {
        if link["detail"].as_str().unwrap().starts_with("deferred:") {
            assert_eq!(link["status"], "unchecked");
        } else {
            assert_eq!(link["status"], "ok", "{link}");
        }
    }

    // The next night: the deferred links first, none checked again that
    // the last run judged.
    let before = server.log().len();
    let (second, took) = budgeted(dir.path(), cache, "second", "3s");
    assert_eq!(second.code(), Some(0), "{}", second.stderr());
    assert!(took < Duration::from_millis(3600), "{took:?}");
    let asked = asked(&server, before);
    assert!(!asked.is_empty(), "the second run checks links");
    for path in &asked {
        assert!(
            deferred.contains(path),
            "{path} was judged last run, yet asked before the deferred links: {asked:?}"
        );
    }
    let now_checked = by_detail(&second.report, false);
    assert!(
        now_checked.len() > checked.len(),
        "the second run reaches further: {} then {}",
        checked.len(),
        now_checked.len()
    );
}

#[test]
fn a_time_budget_checks_the_most_overdue_first_and_ends_on_time_with_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache.sqlite");
    a_time_budget_checks_the_most_overdue_first_and_ends_on_time(cache.to_str().unwrap());
}

#[test]
fn a_time_budget_checks_the_most_overdue_first_and_ends_on_time_with_postgres() {
    a_time_budget_checks_the_most_overdue_first_and_ends_on_time(&fresh_store("budget"));
}
