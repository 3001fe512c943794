//! Each Markdown dialect, read without flags, counted exactly. The fixtures
//! were counted by hand; each number below is that count.

use crate::support::binary::audit_offline;
use crate::support::json::{count_links, only_article, strings};
use serde_json::{json, Value};

fn audit(fixture: &str) -> Value {
    let out = tempfile::tempdir().unwrap();
    let (_, report) = audit_offline(&[&format!("tests/fixtures/{fixture}")], out.path());
    only_article(&report).clone()
}

fn sections(article: &Value) -> Vec<(String, u64, u64)> {
    article["coverage"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["heading"].as_str().unwrap().to_owned(),
                s["sentences"].as_u64().unwrap(),
                s["cited_sentences"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn note_kinds(article: &Value) -> Vec<(String, String)> {
    article["footnotes"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["id"].as_str().unwrap().to_owned(),
                n["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn wikipedia_converted_markdown_is_read_without_flags() {
    let a = audit("wiki_converted.md");
    assert_eq!(a["title"], "測試條目");
    let f = &a["footnotes"];
    assert_eq!(
        f["markers"], 5,
        "\\[1\\] \\[2\\] \\[3\\] \\[4\\] (table cell) \\[9\\]; not \\[J\\], \\[2020\\] or code"
    );
    assert_eq!(f["notes"], 6);
    assert_eq!(strings(&f["empty"]), ["2", "5"]);
    assert_eq!(strings(&f["dangling"]), ["9"]);
    assert_eq!(strings(&f["orphaned"]), ["5", "6"]);
    let kinds = note_kinds(&a);
    let expected = [
        ("1", "web"),
        ("2", "empty"),
        ("3", "book"),
        ("4", "book"),
        ("5", "empty"),
        ("6", "other"),
    ];
    assert_eq!(kinds, expected.map(|(i, k)| (i.to_owned(), k.to_owned())));
    assert_eq!(f["items"][0]["referenced_from"], json!([6]));
}

#[test]
fn wikipedia_converted_links_have_kinds_places_and_file_status() {
    let a = audit("wiki_converted.md");
    assert_eq!(a["links"].as_array().unwrap().len(), 10);
    assert_eq!(
        count_links(&a, "kind", "wiki"),
        5,
        "banner, 例子, Category, and the converter's two wikilinks"
    );
    assert_eq!(count_links(&a, "kind", "image"), 1);
    assert_eq!(count_links(&a, "kind", "relative"), 0);
    assert_eq!(count_links(&a, "kind", "citation"), 3);
    assert_eq!(count_links(&a, "kind", "external"), 1);
    let by_url = |url: &str| {
        a["links"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["url"] == url)
            .cloned()
            .unwrap()
    };
    // One wikilink leads to a file, so the folder holds the wiki: the
    // other, to an article it does not have, is a red link, not dead.
    assert_eq!(by_url("Page/Exists.md")["status"], "ok");
    let missing = by_url("../Page/Missing.md");
    assert_eq!(
        (&missing["status"], &missing["red_link"]),
        (&json!("excluded"), &json!(true))
    );
    let booksources = by_url("//en.wikipedia.org/wiki/Special:BookSources/0333801490");
    assert_eq!(
        (
            booksources["kind"].as_str(),
            booksources["note"].as_str(),
            booksources["line"].as_u64()
        ),
        (Some("citation"), Some("3"), Some(33))
    );
    // A bare URL ends where Chinese text and full-width punctuation begin.
    assert_eq!(by_url("http://example.org/path")["note"], "4");
    assert_eq!(by_url("https://external.example/x")["status"], "unchecked");
    assert!(
        a["links"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["url"] != "http://code.example/"),
        "nothing in code blocks"
    );
}

#[test]
fn wikipedia_converted_isbns_are_validated() {
    let a = audit("wiki_converted.md");
    assert_eq!(
        a["isbns"],
        json!([
            {"raw": "0-333-80149-0", "line": 33, "note": "3", "valid": true, "isbn13": "9780333801499", "problem": null, "catalogue": null},
            {"raw": "978-0-306-40615-8", "line": 34, "note": "4", "valid": false, "isbn13": null, "problem": "checksum", "catalogue": null}
        ])
    );
}

#[test]
fn wikipedia_converted_coverage_skips_banner_captions_tables_code_and_notes() {
    let a = audit("wiki_converted.md");
    let c = &a["coverage"];
    assert_eq!(c["paragraphs"], json!({"total": 6, "cited": 4}));
    assert_eq!(c["sentences"], json!({"total": 10, "cited": 4}));
    assert_eq!(
        sections(&a),
        [
            ("".to_owned(), 5, 1),
            ("歷史".to_owned(), 5, 3),
            ("參考文獻".to_owned(), 0, 0)
        ]
    );
    let uncited: Vec<u64> = c["uncited_paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["line"].as_u64().unwrap())
        .collect();
    assert_eq!(uncited, [8, 15]);
}

#[test]
fn gfm_footnotes_are_read_without_flags() {
    let a = audit("gfm_footnotes.md");
    assert_eq!(a["title"], "Solar Sails");
    let f = &a["footnotes"];
    assert_eq!(
        f["markers"], 5,
        "the [^2] in inline code is not a marker, nor the [^1] in the fence"
    );
    assert_eq!(f["notes"], 4);
    assert_eq!(strings(&f["dangling"]), ["missing"]);
    assert_eq!(strings(&f["orphaned"]), ["unused"]);
    assert!(f["empty"].as_array().unwrap().is_empty());
    let expected = [
        ("1", "book"),
        ("ikaros", "web"),
        ("thin", "journal"),
        ("unused", "other"),
    ];
    assert_eq!(
        note_kinds(&a),
        expected.map(|(i, k)| (i.to_owned(), k.to_owned()))
    );
    assert_eq!(f["items"][0]["referenced_from"], json!([3, 3]));
    assert_eq!(a["links"].as_array().unwrap().len(), 2);
    assert_eq!(count_links(&a, "kind", "external"), 1);
    assert_eq!(count_links(&a, "kind", "citation"), 1);
    assert_eq!(a["isbns"][0]["isbn13"], "9780306406157");
    assert_eq!(a["coverage"]["sentences"], json!({"total": 7, "cited": 4}));
    assert_eq!(a["coverage"]["paragraphs"], json!({"total": 4, "cited": 3}));
    assert_eq!(
        sections(&a),
        [
            ("".to_owned(), 3, 2),
            ("Design".to_owned(), 4, 2),
            ("Notes".to_owned(), 0, 0)
        ]
    );
}

#[test]
fn plain_numbered_markers_with_a_references_list_are_read_without_flags() {
    let a = audit("plain_numbered.md");
    let f = &a["footnotes"];
    assert_eq!(f["markers"], 4, "[1999] is a year, not a marker");
    assert_eq!(f["notes"], 5);
    assert_eq!(strings(&f["orphaned"]), ["5"]);
    assert!(f["dangling"].as_array().unwrap().is_empty());
    let expected = [
        ("1", "book"),
        ("2", "web"),
        ("3", "book"),
        ("4", "journal"),
        ("5", "other"),
    ];
    assert_eq!(
        note_kinds(&a),
        expected.map(|(i, k)| (i.to_owned(), k.to_owned()))
    );
    assert_eq!(a["isbns"][0]["isbn13"], "9780804429573");
    assert_eq!(count_links(&a, "kind", "citation"), 1);
    assert_eq!(count_links(&a, "kind", "external"), 1);
    assert_eq!(
        a["coverage"]["sentences"],
        json!({"total": 5, "cited": 3}),
        "External links is an appendix, not prose"
    );
    assert_eq!(
        sections(&a),
        [
            ("".to_owned(), 3, 2),
            ("History".to_owned(), 2, 1),
            ("References".to_owned(), 0, 0),
            ("External links".to_owned(), 0, 0)
        ]
    );
}
