//! The seed article, a Chinese Wikipedia page converted to Markdown: the counts
//! the project was founded on, and a snapshot of its whole report.

use serde_json::Value;

use crate::support::binary::audit_offline;
use crate::support::json::{count_links, only_article, strings};

const SEED: &str = "sources/德蘇軸心談判.md";

fn seed_report() -> (i32, Value) {
    let out = tempfile::tempdir().unwrap();
    audit_offline(&[SEED], out.path())
}

#[test]
fn seed_counts_match_the_hand_count() {
    let (code, report) = seed_report();
    assert_eq!(
        code, 0,
        "the converter's 50 wikilinks are links between articles, not dead sources"
    );
    let a = only_article(&report);
    let f = &a["footnotes"];
    assert_eq!(f["markers"], 196);
    assert_eq!(f["notes"], 196);
    assert_eq!(f["empty"].as_array().unwrap().len(), 186);
    assert!(f["dangling"].as_array().unwrap().is_empty());
    assert!(f["orphaned"].as_array().unwrap().is_empty());
    let web: Vec<&Value> = f["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "web")
        .collect();
    let web_ids: Vec<&str> = web.iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert_eq!(web_ids, ["2", "10"]);
    let books = f["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "book")
        .count();
    assert_eq!(books, 8, "notes 13, 15, 26, 42, 44, 46, 188, 189");

    // 41 Wikipedia addresses and 50 converter wikilinks (`../Page/X.md`),
    // whose articles are not in sources/: not checked, not dead.
    assert_eq!(count_links(a, "kind", "wiki"), 91);
    assert_eq!(count_links(a, "kind", "image"), 11);
    assert_eq!(count_links(a, "kind", "relative"), 0);
    assert_eq!(count_links(a, "status", "missing_file"), 0);
    assert_eq!(count_links(a, "status", "excluded"), 50);
    assert_eq!(report["summary"]["dead"], 0);
    let wikilinks = a["links"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["url"].as_str().unwrap().starts_with("../Page/"));
    for l in wikilinks {
        assert_eq!(
            (&l["kind"], &l["status"]),
            (&"wiki".into(), &"excluded".into())
        );
        assert!(
            l["detail"]
                .as_str()
                .unwrap()
                .contains("does not hold the wiki"),
            "{l}"
        );
        assert!(l.get("red_link").is_none(), "not checked, so not red: {l}");
    }
    assert_eq!(count_links(a, "kind", "citation"), 4);
    let booksources: Vec<&str> = a["links"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["url"].as_str().unwrap().contains("Special:BookSources"))
        .map(|l| l["note"].as_str().unwrap())
        .collect();
    assert_eq!(booksources, ["13", "15"]);

    let isbns: Vec<(&str, &str)> = a["isbns"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["valid"] == true)
        .map(|i| (i["raw"].as_str().unwrap(), i["isbn13"].as_str().unwrap()))
        .collect();
    assert_eq!(
        isbns,
        [
            ("0-333-80149-0", "9780333801499"),
            ("90-420-0890-3", "9789042008908")
        ]
    );
    assert_eq!(a["isbns"].as_array().unwrap().len(), 2);
}

#[test]
fn seed_marker_after_full_stop_cites_the_sentence_before() {
    let (_, report) = seed_report();
    let a = only_article(&report);
    // Line 10: "…莫洛托夫在談判中持保守的態度。\[3\]1940年11月25日…" — the paragraph
    // is cited, and note 3 is referenced from line 10.
    let note3 = &a["footnotes"]["items"][2];
    assert_eq!(note3["id"], "3");
    assert_eq!(note3["referenced_from"], serde_json::json!([10]));
    let uncited = a["coverage"]["uncited_paragraphs"].as_array().unwrap();
    assert!(uncited.iter().all(|p| p["line"] != 10));
    assert!(strings(&a["footnotes"]["empty"]).contains(&"3"));
}

#[test]
fn seed_report_snapshot() {
    let (_, mut report) = seed_report();
    report["generated_at"] = Value::from("[time]");
    report["tool"]["version"] = Value::from("[version]");
    insta::assert_snapshot!(serde_json::to_string_pretty(&report).unwrap());
}
