//! Claim support measured on a labelled set (`tests/fixtures/claims/`): 88
//! cited sentences in English and Chinese over 23 pages served on
//! 127.0.0.1, with labels decided before the code ran. The goals are the
//! issue's: of the sentences labelled supported, at least 80% are kept
//! `supported` or `partial`; of those labelled unsupported, at least 75% are
//! flagged (`unsupported` or `unrelated`); at least 90% of all flags are
//! right; every parked or taken-over page is `usurped`, and no other is.

use std::collections::BTreeMap;
use std::path::PathBuf;

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use crate::support::binary::run_binary;
use crate::support::server::serve;

struct Case {
    id: String,
    lang: String,
    page: String,
    label: String,
    kind: String,
    sentence: String,
}

fn fixtures(set: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(set)
}

fn cases(set: &str) -> Vec<Case> {
    let text = std::fs::read_to_string(fixtures(set).join("cases.tsv")).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 6, "{line}");
            Case {
                id: f[0].into(),
                lang: f[1].into(),
                page: f[2].into(),
                label: f[3].into(),
                kind: f[4].into(),
                sentence: f[5].into(),
            }
        })
        .collect()
}

async fn page(Path((set, name)): Path<(String, String)>) -> impl IntoResponse {
    let known = matches!(set.as_str(), "claims" | "claims_heldout" | "claims_unseen");
    match std::fs::read(fixtures(&set).join("pages").join(&name)) {
        Ok(bytes) if known && !name.contains("..") => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            bytes,
        ),
        _ => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain")],
            b"not found".to_vec(),
        ),
    }
}

/// Share, in percent.
fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        return 100.0;
    }
    part as f64 * 100.0 / whole as f64
}

#[test]
fn claim_support_meets_its_goals_on_the_labelled_set() {
    measure("claims");
}

/// A second set, written later by someone who saw neither the code nor the
/// first set: the figures a new article can expect.
#[test]
fn claim_support_meets_its_goals_on_the_held_out_set() {
    measure("claims_heldout");
}

/// A third set (`tests/fixtures/claims_unseen/`), written and labelled
/// before any code ran on it, after an outside tester found supported
/// sentences flagged on pages the code had never seen: numbers, dates and
/// names written another way, facts in tables, both Chinese scripts.
#[test]
fn claim_support_meets_its_goals_on_the_second_held_out_set() {
    measure("claims_unseen");
}

fn measure(set: &str) {
    let cases = cases(set);
    assert!(cases.len() >= 60);
    let addr = serve(Router::new().route("/{set}/pages/{name}", get(page)));
    let mut text = String::new();
    for case in &cases {
        text.push_str(&format!("{}[^{}]\n\n", case.sentence, case.id));
    }
    for case in &cases {
        text.push_str(&format!(
            "[^{}]: [{}](http://{addr}/{set}/pages/{})\n",
            case.id, case.page, case.page
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let run = run_binary(dir.path(), &text, &["--allow-private", "--no-cache"]);
    let article = &run.report["articles"][0];
    let mut verdict: BTreeMap<String, (String, String)> = BTreeMap::new();
    let usurped: BTreeMap<String, bool> = article["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let page = l["url"].as_str().unwrap().rsplit('/').next().unwrap();
            (
                page.to_owned(),
                l["page"]["usurped"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    for claim in article["claims"].as_array().unwrap() {
        let note = claim["notes"][0].as_str().unwrap().to_owned();
        let source = &claim["sources"][0];
        let support = source["support"].as_str().unwrap().to_owned();
        let detail = source["detail"].as_str().unwrap_or_default().to_owned();
        verdict.insert(note, (support, detail));
    }

    let mut rows = Vec::new();
    let (mut supported, mut kept) = (0, 0);
    let (mut unsupported, mut flagged) = (0, 0);
    let (mut flags, mut right_flags) = (0, 0);
    let (mut usurped_pages, mut usurped_found, mut false_usurped) = (0, 0, 0);
    let mut by_kind: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for case in &cases {
        let (support, detail) = verdict
            .get(&case.id)
            .cloned()
            .unwrap_or_else(|| panic!("no claim for {}", case.id));
        let is_flag = support == "unsupported" || support == "unrelated";
        let right = match case.label.as_str() {
            "supported" => {
                supported += 1;
                let ok = support == "supported" || support == "partial";
                kept += usize::from(ok);
                ok
            }
            _ => {
                unsupported += 1;
                flagged += usize::from(is_flag);
                is_flag
            }
        };
        if is_flag {
            flags += 1;
            right_flags += usize::from(case.label != "supported");
        }
        let entry = by_kind
            .entry(format!("{} {}", case.lang, case.kind))
            .or_default();
        entry.0 += 1;
        entry.1 += usize::from(right);
        let should_be_usurped = matches!(case.kind.as_str(), "parked" | "casino");
        let is_usurped = usurped.get(&case.page).copied().unwrap_or(false);
        if should_be_usurped {
            usurped_pages += 1;
            usurped_found += usize::from(is_usurped);
        } else {
            false_usurped += usize::from(is_usurped);
        }
        if should_be_usurped != is_usurped {
            rows.push(format!(
                "  {}: usurped {is_usurped} on {}",
                case.id, case.page
            ));
        }
        if !right {
            rows.push(format!(
                "  {} ({}, {}) → {support}: {}\n      {detail}",
                case.id, case.label, case.kind, case.sentence
            ));
        }
    }
    println!("claims on the set {set} ({} sentences):", cases.len());
    for (kind, (n, right)) in &by_kind {
        println!("  {kind:<24} {right}/{n}");
    }
    println!(
        "supported kept: {kept}/{supported} ({:.0}%); unsupported flagged: {flagged}/{unsupported} ({:.0}%); \
         flags right: {right_flags}/{flags} ({:.0}%); usurped found: {usurped_found}/{usurped_pages}, false usurped: {false_usurped}",
        share(kept, supported),
        share(flagged, unsupported),
        share(right_flags, flags)
    );
    println!("misjudged:\n{}", rows.join("\n"));
    assert!(share(kept, supported) >= 80.0, "supported kept below 80%");
    assert!(
        share(flagged, unsupported) >= 75.0,
        "unsupported flagged below 75%"
    );
    assert!(
        share(right_flags, flags) >= 90.0,
        "flag precision below 90%"
    );
    assert_eq!(usurped_found, usurped_pages, "every usurped page found");
    assert_eq!(false_usurped, 0, "no false usurped");
}
