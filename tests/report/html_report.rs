//! `report.html` in a real browser: the binary writes the report of an
//! article (`--offline`), then `tests/browser/check.mjs` opens it in Debian's
//! chromium through playwright-core and prints what it saw; the assertions
//! live here.
//!
//! Needs `/usr/bin/chromium` (or `$CHROMIUM`), `node` and
//! `tests/browser/node_modules`: `cargo xtask test` installs them. Without
//! them these tests fail, saying so; they never pass silently.
//! Screenshots go to `target/tmp/html-report/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::binary::{self, run, NO_LOOKUPS};
use crate::support::server::serve;

const SEED: &str = "sources/德蘇軸心談判.md";
const HOSTILE: &str = "tests/fixtures/html/hostile.md";

fn repo() -> &'static Path {
    binary::root()
}

/// Runs `citecheck check --offline` on one article into `out`, and returns
/// the JSON report.
fn citecheck_offline(article: &str, out: &Path) -> Value {
    let output = run(binary::command(["check", "--offline", "--out"])
        .arg(out)
        .arg(article));
    // 1 only says a threshold was broken; the report is written either way.
    assert!(
        matches!(output.code(), Some(0 | 1)),
        "citecheck failed on {article}: {}",
        output.stderr()
    );
    let json = std::fs::read_to_string(out.join("report.json")).expect("report.json written");
    serde_json::from_str(&json).expect("report.json is JSON")
}

/// Opens `report` in chromium and returns what the page showed and did.
fn open_in_browser(report: &Path, screenshot: &Path) -> Value {
    let chromium =
        std::env::var_os("CHROMIUM").map_or_else(|| "/usr/bin/chromium".into(), PathBuf::from);
    let browser_dir = repo().join("tests/browser");
    let missing: Vec<String> = [
        (!chromium.exists()).then(|| format!("chromium ({})", chromium.display())),
        Command::new("node")
            .arg("--version")
            .output()
            .is_err()
            .then(|| "node".to_owned()),
        (!browser_dir.join("node_modules/playwright-core").exists())
            .then(|| "tests/browser/node_modules (npm ci)".to_owned()),
    ]
    .into_iter()
    .flatten()
    .collect();
    assert!(
        missing.is_empty(),
        "the browser test needs {}: run `sh .ci/browser-setup.sh` as root first",
        missing.join(", ")
    );
    let output = Command::new("node")
        .arg(browser_dir.join("check.mjs"))
        .arg(report)
        .arg(screenshot)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("run node");
    assert!(
        output.status.success(),
        "tests/browser/check.mjs failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("check.mjs prints JSON")
}

fn screenshot(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-report");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir.join(format!("{name}.png"))
}

fn count(value: &Value) -> u64 {
    value.as_array().map_or(0, |a| a.len() as u64)
}

/// The page kept to itself: nothing fetched, nothing logged, nothing run but
/// its own script, no link other than http(s) and its own anchors.
fn assert_page_is_quiet(seen: &Value) {
    assert_eq!(
        seen["requests"],
        Value::from(vec![seen["url"].clone()]),
        "requests"
    );
    assert_eq!(
        seen["consoleErrors"],
        Value::Array(vec![]),
        "console errors"
    );
    assert_eq!(seen["pageErrors"], Value::Array(vec![]), "page errors");
    assert_eq!(seen["dialogs"], Value::Array(vec![]), "dialogs");
    assert_eq!(seen["pwned"], Value::Null, "a script from the article ran");
    assert_eq!(seen["scripts"], 1, "only the page's own script");
    assert_eq!(
        seen["handlers"],
        Value::Array(vec![]),
        "inline event handlers"
    );
    assert_eq!(
        seen["badHrefs"],
        Value::Array(vec![]),
        "links that are not http(s) or #"
    );
    assert_eq!(
        seen["brokenAnchors"],
        Value::Array(vec![]),
        "in-page links to nowhere"
    );
    assert_eq!(seen["charset"], "UTF-8");
    assert_eq!(seen["lang"], "en");
}

/// What the page shows agrees with the JSON report of the same run.
fn assert_counts_match(seen: &Value, article: &Value) {
    let coverage = &article["coverage"];
    let sentences = coverage["sentences"]["total"].as_u64().unwrap_or(0);
    let cited = coverage["sentences"]["cited"].as_u64().unwrap_or(0);
    assert_eq!(
        seen["uncitedSentences"],
        sentences - cited,
        "highlighted sentences"
    );
    assert_eq!(seen["citedSentences"], cited, "cited sentences");
    assert_eq!(
        seen["paragraphs"], coverage["paragraphs"]["total"],
        "paragraphs"
    );
    assert_eq!(
        seen["uncitedParagraphs"],
        count(&coverage["uncited_paragraphs"]),
        "paragraphs marked as uncited"
    );
    let footnotes = &article["footnotes"];
    assert_eq!(seen["notes"], footnotes["notes"], "notes");
    assert_eq!(
        seen["emptyNotes"],
        count(&footnotes["empty"]),
        "empty notes"
    );
    assert_eq!(seen["markers"], footnotes["markers"], "markers");

    let links = article["links"].as_array().cloned().unwrap_or_default();
    let mut by_status = serde_json::Map::new();
    for link in &links {
        let status = link["status"].as_str().unwrap_or("").to_owned();
        let n = by_status.get(&status).and_then(Value::as_u64).unwrap_or(0);
        by_status.insert(status, Value::from(n + 1));
    }
    assert_eq!(
        seen["linkRows"],
        Value::Object(by_status.clone()),
        "link rows per status"
    );
    let in_notes = links.iter().filter(|l| !l["note"].is_null()).count();
    assert_eq!(seen["noteLinkBadges"], in_notes, "status badges in notes");
    let isbns = article["isbns"].as_array().cloned().unwrap_or_default();
    let valid = isbns
        .iter()
        .filter(|i| i["valid"] == true && !i["note"].is_null())
        .count();
    let invalid = isbns
        .iter()
        .filter(|i| i["valid"] == false && !i["note"].is_null())
        .count();
    assert_eq!(seen["validIsbnBadges"], valid, "valid ISBN badges");
    assert_eq!(seen["invalidIsbnBadges"], invalid, "invalid ISBN badges");

    // The status filter leaves exactly that status's rows.
    let mut filtered = by_status;
    filtered.insert("all".into(), Value::from(links.len()));
    assert_eq!(
        seen["filter"],
        Value::Object(filtered),
        "rows left by the status filter"
    );
}

fn assert_sorted(seen: &Value) {
    let lines = |key: &str| -> Vec<u64> {
        seen["sort"][key]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_u64).collect())
            .unwrap_or_default()
    };
    let ascending = lines("ascending");
    assert!(!ascending.is_empty(), "the link table was sorted");
    assert!(ascending.windows(2).all(|w| w[0] <= w[1]), "{ascending:?}");
    let mut descending = lines("descending");
    descending.reverse();
    assert_eq!(ascending, descending);
}

fn assert_screenshots(seen: &Value) {
    let shots = seen["screenshots"].as_array().cloned().unwrap_or_default();
    assert_eq!(shots.len(), 3);
    for shot in shots {
        let path = shot.as_str().unwrap_or_default();
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        assert!(size > 10_000, "screenshot {path} is written ({size} bytes)");
    }
}

#[test]
fn seed_report_shows_its_problems_in_a_browser_without_touching_the_network() {
    let out = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        out.path().join("history.jsonl"),
        format!(
            "{}\n{}\nnot json\n",
            r#"{"time":"2026-01-01T00:00:00Z","articles":[{"path":"sources/德蘇軸心談判.md","coverage":0.7,"dead":60,"invalid_isbns":0}]}"#,
            r#"{"time":"2026-02-01T00:00:00Z","articles":[{"path":"sources/德蘇軸心談判.md","coverage":0.81,"dead":50,"invalid_isbns":0}]}"#
        ),
    )
    .expect("write history");
    let report = citecheck_offline(SEED, out.path());
    let seen = open_in_browser(&out.path().join("report.html"), &screenshot("seed"));

    assert_page_is_quiet(&seen);
    let article = &report["articles"][0];
    assert_counts_match(&seen, article);
    assert_sorted(&seen);
    assert_screenshots(&seen);

    // The two findings an editor must see at once.
    let text = seen["text"].as_str().unwrap_or_default();
    assert!(
        text.contains("186 of 196 notes are empty"),
        "headline on empty notes"
    );
    assert!(
        text.contains("7 of 63 paragraphs have no citation at all"),
        "headline on paragraphs"
    );
    assert_eq!(seen["emptyNotes"], 186);
    assert_eq!(seen["markerLinks"], 196, "every marker links to its note");
    let fixes: Vec<&str> = seen["fixes"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    // Many findings of one kind are one row that lists them, so the list
    // is two rows long and every kind of problem is on its first screen.
    // The converter's 50 wikilinks are links between articles, not links
    // to fix.
    assert_eq!(
        fixes,
        ["empty_note", "uncited_paragraph"],
        "one row per kind"
    );
    assert_eq!(seen["fixCounts"], serde_json::json!([186, 7]));
    assert_eq!(
        seen["fixMembers"],
        serde_json::json!([0, 7]),
        "grouped rows list their findings"
    );
    assert!(
        fixes.windows(2).all(|w| rank(w[0]) <= rank(w[1])),
        "ordered by importance: {fixes:?}"
    );
    for viewport in ["desktop", "phone"] {
        let height = seen["fixListHeight"][viewport].as_i64().unwrap_or(i64::MAX);
        assert!(
            height < 844,
            "the whole list fits on one {viewport} screen: {height} px"
        );
    }
    assert_headlines_lead_to_their_problems(&seen);
    assert_notes_read_as_text(&seen);

    // Cited sentences, and those cited by a note that names a source.
    let sourced = seen["sourcedSentences"].as_u64().unwrap_or(0);
    assert!(sourced > 0 && sourced < cited_of(article), "{sourced}");
    let figure = seen["sourcedFigure"][0].as_str().unwrap_or_default();
    assert!(
        figure.starts_with(&format!("{sourced} ("))
            && figure.ends_with("cited by a note with a source"),
        "the card says how many sentences a real source backs: {figure}"
    );

    assert!(seen["title"]
        .as_str()
        .unwrap_or_default()
        .contains("德蘇軸心談判"));
    assert_eq!(seen["headings"]["h1"], 1);
    assert_eq!(
        seen["headings"]["skipped"], 0,
        "no heading level is skipped"
    );
    assert_eq!(seen["charts"], 4, "sections, notes, links and the trend");
    assert_eq!(
        seen["chartsLabelled"], 4,
        "every chart has a title and a description"
    );
    assert_eq!(seen["filtersShown"], true);
    assert_eq!(
        seen["printHidden"], true,
        "filters and navigation are not printed"
    );
    assert!(
        seen["phoneOverflow"].as_i64().unwrap_or(1) <= 0,
        "no sideways scrolling on a phone"
    );
}

fn cited_of(article: &Value) -> u64 {
    article["coverage"]["sentences"]["cited"]
        .as_u64()
        .unwrap_or(0)
}

/// Each headline sentence links to where its problem is listed, and
/// following it shows that place: the empty-notes row, the uncited
/// paragraphs opened. The seed has no dead link (its 50 converter
/// wikilinks are links between articles), so no headline on dead links.
fn assert_headlines_lead_to_their_problems(seen: &Value) {
    let headlines = seen["headlines"].as_array().cloned().unwrap_or_default();
    let hrefs: Vec<&str> = headlines
        .iter()
        .filter_map(|h| h["href"].as_str())
        .collect();
    assert_eq!(
        hrefs,
        ["#fix-empty_note", "#fix-uncited_paragraph"],
        "{headlines:?}"
    );
    assert!(headlines.iter().all(|h| h["targetExists"] == true));
    let clicks = &seen["headlineClicks"];
    assert_eq!(clicks[0]["hash"], "#fix-empty_note");
    assert_eq!(clicks[0]["target"], "tr");
    assert_eq!(clicks[1]["hash"], "#fix-uncited_paragraph");
    assert_eq!(clicks[1]["detailsOpen"], true, "the paragraphs are listed");
    assert_eq!(clicks[1]["membersShown"], 7);
}

/// Notes read as text: no Markdown link, emphasis or escape is left, while
/// the text as written stays in the tooltip.
fn assert_notes_read_as_text(seen: &Value) {
    let texts: Vec<&str> = seen["noteTexts"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    assert_eq!(texts.len(), 10, "the seed's notes with text");
    for text in &texts {
        for syntax in ["](", "\\[", "\\]", "*", "\"wikilink\""] {
            assert!(!text.contains(syntax), "{syntax} left in {text}");
        }
    }
    assert!(texts.contains(&"Soviet Foreign Minister Molotov Leaves Berlin after Four-Power Talks"));
    let sources = seen["noteSources"].as_array().map_or(0, Vec::len);
    assert_eq!(sources, texts.len(), "each note keeps its text as written");
}

fn rank(category: &str) -> usize {
    [
        "dead",
        "soft_404",
        "missing_file",
        "invalid_isbn",
        "dangling",
        "empty_note",
        "uncited_paragraph",
        "redirected",
        "orphaned",
        "red_link",
    ]
    .iter()
    .position(|c| *c == category)
    .unwrap_or(usize::MAX)
}

#[test]
fn hostile_article_runs_none_of_its_markup_in_a_browser() {
    let out = tempfile::tempdir().expect("temp dir");
    let report = citecheck_offline(HOSTILE, out.path());
    let seen = open_in_browser(&out.path().join("report.html"), &screenshot("hostile"));

    assert_page_is_quiet(&seen);
    assert_counts_match(&seen, &report["articles"][0]);
    assert_screenshots(&seen);
    // The markup is shown as text, not dropped and not run.
    let text = seen["text"].as_str().unwrap_or_default();
    assert!(
        text.contains(r#"<script>window.__pwned = "note"</script>"#),
        "note text shown as written"
    );
    assert!(
        text.contains("javascript:window.__pwned='js'"),
        "the javascript: link shown as text"
    );
    assert!(text.contains("[ghost?]"), "the dangling marker is shown");
}

/// A run over many articles: `report.html` is an entry page listing the
/// worst article first, and its link opens that article's own page.
#[test]
fn the_entry_page_of_many_articles_lists_the_worst_first_and_opens_its_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    let articles = dir.path().join("articles-in");
    std::fs::create_dir_all(&articles).unwrap();
    std::fs::write(
        articles.join("a-good.md"),
        "# Good\n\nA cited claim.[^1]\n\n[^1]: Smith, *Book*, 2001.\n",
    )
    .unwrap();
    std::fs::write(
        articles.join("b-bad.md"),
        "# Bad\n\nAn uncited claim. Another one.\n\nSee [a page](missing/page.md).\n",
    )
    .unwrap();
    std::fs::write(
        articles.join("c-fine.md"),
        "# Fine\n\nAlso cited.[^1]\n\n[^1]: Jones, *Paper*, 2002.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let report = citecheck_offline(articles.to_str().unwrap(), &out);
    assert_eq!(report["articles"].as_array().map(Vec::len), Some(3));
    let pages: Vec<String> = std::fs::read_dir(out.join("articles"))
        .expect("article pages written")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(pages.len(), 3, "{pages:?}");
    let entry = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(entry.len() < 100_000, "the entry page is small");

    let chromium =
        std::env::var_os("CHROMIUM").map_or_else(|| "/usr/bin/chromium".into(), PathBuf::from);
    let output = Command::new("node")
        .arg(repo().join("tests/browser/entry.mjs"))
        .arg(out.join("report.html"))
        .env("CHROMIUM", &chromium)
        .output()
        .expect("run node");
    assert!(
        output.status.success(),
        "tests/browser/entry.mjs failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let seen: Value = serde_json::from_slice(&output.stdout).expect("entry.mjs prints JSON");
    assert_eq!(seen["rows"], 3);
    assert_eq!(seen["firstTitle"], "Bad", "{seen}");
    assert_eq!(seen["filtersShown"], true);
    assert!(
        seen["openedUrl"].as_str().unwrap().contains("/articles/"),
        "{seen}"
    );
    assert_eq!(seen["openedHeading"], "Bad", "{seen}");
    assert_eq!(seen["foreignRequests"], Value::Array(vec![]));
    assert_eq!(seen["pageErrors"], Value::Array(vec![]));
}

/// A page served on 127.0.0.1 for the claims test.
const GRAIN: &str = "<html><head><title>Grain deal</title></head><body><nav>Home · World</nav>\
    <article><h1>Grain deal</h1><p>Under the trade agreement signed on 11 February 1940, the \
    Soviet Union promised Germany about 1,000,000 tonnes of grain over eighteen months, paid \
    for with machinery delivered from Germany.</p></article></body></html>";

#[test]
fn claims_show_their_verdicts_and_evidence_beside_their_sentences_in_a_browser() {
    use axum::routing::get;
    let addr =
        serve(axum::Router::new().route("/grain", get(|| async { axum::response::Html(GRAIN) })));
    let dir = tempfile::tempdir().expect("temp dir");
    let article = dir.path().join("grain.md");
    std::fs::write(
        &article,
        format!(
            "The Soviet Union promised Germany 1 million tonnes of grain in February 1940.[^1]\n\n\
             The Soviet Union promised Germany 3 million tonnes of grain in February 1940.[^2]\n\n\
             [^1]: <http://{addr}/grain>\n[^2]: <http://{addr}/grain>\n"
        ),
    )
    .expect("write the article");
    let out = dir.path().join("out");
    let status = run(binary::command(["check", "--allow-private", "--no-cache"])
        .args(NO_LOOKUPS)
        .arg(&article)
        .arg("--out")
        .arg(&out));
    assert_eq!(status.code(), Some(0), "{}", status.stderr());
    let seen = open_in_browser(&out.join("report.html"), &screenshot("claims"));
    assert_eq!(
        seen["claimBadges"],
        serde_json::json!(["supported", "unsupported"])
    );
    let evidence: Vec<&str> = seen["claimEvidence"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    assert_eq!(
        evidence.len(),
        1,
        "the flagged claim shows the page's passage"
    );
    assert!(evidence[0].contains("1,000,000 tonnes"), "{evidence:?}");
}
