//! Reading what a run wrote: report.json and the parts of it that several
//! tests look at.
//!
//! Only reads; a report that is missing or not JSON fails the test.

use std::path::Path;

use serde_json::Value;

/// The JSON file at `path`, parsed.
pub fn read(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{} was written: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is JSON: {e}", path.display()))
}

/// One text field of every article of a report (`path`, `title`), in the
/// report's order.
pub fn of_articles(report: &Value, field: &str) -> Vec<String> {
    report["articles"]
        .as_array()
        .expect("articles is an array")
        .iter()
        .map(|a| a[field].as_str().expect("a text field").to_owned())
        .collect()
}

/// The single article of a report.
pub fn only_article(report: &Value) -> &Value {
    let articles = report["articles"].as_array().expect("articles is an array");
    assert_eq!(articles.len(), 1, "one article expected");
    &articles[0]
}

/// A JSON array of strings as a Vec.
pub fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v.as_str().expect("a string"))
        .collect()
}

/// How many links of an article have `field == value`.
pub fn count_links(article: &Value, field: &str, value: &str) -> usize {
    article["links"]
        .as_array()
        .expect("links is an array")
        .iter()
        .filter(|l| l[field] == value)
        .count()
}

/// The links of the first article in a report: (url, status, consecutive
/// failures).
pub fn links(report: &Value) -> Vec<(String, String, u64)> {
    report["articles"][0]["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["url"].as_str().unwrap().to_owned(),
                l["status"].as_str().unwrap().to_owned(),
                l["consecutive_failures"].as_u64().unwrap(),
            )
        })
        .collect()
}
