//! `history.jsonl`: one line of JSON per past run, written by a later stage.
//! The reader is lenient: a line it cannot understand is skipped, never an
//! error, so a half-written or older file never stops a report.

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

/// One past run: when it ran and how each article stood.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryPoint {
    /// When the run happened.
    pub time: DateTime<FixedOffset>,
    /// The articles it audited.
    pub articles: Vec<HistoryArticle>,
}

/// How one article stood in a past run. A figure the line lacks is `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryArticle {
    /// The article's path, as in the report.
    pub path: String,
    /// Share of cited sentences, 0 to 1.
    pub coverage: Option<f64>,
    /// Dead links.
    pub dead: Option<u64>,
    /// Invalid ISBNs.
    pub invalid_isbns: Option<u64>,
}

/// The most runs a trend shows: the last ones. A nightly job's history
/// file grows without end, and each run of a whole wiki is a long line; the
/// reports need only the recent ones.
pub const MAX_RUNS: usize = 120;

/// Reads the last [`MAX_RUNS`] runs recorded in `path`, oldest first, a line
/// at a time. A missing or unreadable file gives no runs; a line that is not
/// a JSON object with an RFC 3339 `time` is skipped, and so is an entry of
/// `articles` without a `path`.
#[must_use]
pub fn read_history(path: &Path) -> Vec<HistoryPoint> {
    use std::io::BufRead as _;
    let Ok(file) = std::fs::File::open(path) else {
        return Vec::new();
    };
    let mut points: std::collections::VecDeque<HistoryPoint> = std::collections::VecDeque::new();
    for line in std::io::BufReader::new(file).split(b'\n') {
        let Ok(line) = line else { break };
        let Some(point) = std::str::from_utf8(&line).ok().and_then(parse_line) else {
            continue;
        };
        if points.len() == MAX_RUNS {
            points.pop_front();
        }
        points.push_back(point);
    }
    let mut points: Vec<HistoryPoint> = points.into();
    points.sort_by_key(|p| p.time);
    points
}

fn parse_line(line: &str) -> Option<HistoryPoint> {
    let value: Value = serde_json::from_str(line.trim()).ok()?;
    let time = DateTime::parse_from_rfc3339(value.get("time")?.as_str()?).ok()?;
    let articles = value
        .get("articles")
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(parse_article).collect())
        .unwrap_or_default();
    Some(HistoryPoint { time, articles })
}

fn parse_article(value: &Value) -> Option<HistoryArticle> {
    Some(HistoryArticle {
        path: value.get("path")?.as_str()?.to_owned(),
        coverage: value
            .get("coverage")
            .and_then(Value::as_f64)
            .filter(|c| (0.0..=1.0).contains(c)),
        dead: value.get("dead").and_then(Value::as_u64),
        invalid_isbns: value.get("invalid_isbns").and_then(Value::as_u64),
    })
}

/// The trend of one article: `(time, coverage, dead)` per run that lists it.
pub fn trend<'a>(
    history: &'a [HistoryPoint],
    path: &'a str,
) -> impl Iterator<Item = (DateTime<FixedOffset>, &'a HistoryArticle)> + 'a {
    history.iter().filter_map(move |point| {
        point
            .articles
            .iter()
            .find(|a| a.path == path)
            .map(|a| (point.time, a))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history_of(text: &str) -> Vec<HistoryPoint> {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("history.jsonl");
        std::fs::write(&path, text).expect("write history");
        read_history(&path)
    }

    #[test]
    fn only_the_last_runs_are_read() {
        let mut text = String::new();
        for i in 0..MAX_RUNS + 10 {
            text += "{\"time\":\"2026-01-01T00:00:00Z\",\"articles\":[{\"path\":\"a.md\",\"dead\":";
            text += &i.to_string();
            text += "}]}\n";
        }
        let runs = history_of(&text);
        assert_eq!(runs.len(), MAX_RUNS);
        assert_eq!(
            runs[0].articles[0].dead,
            Some(10),
            "the oldest runs are dropped"
        );
        assert_eq!(
            runs[MAX_RUNS - 1].articles[0].dead,
            Some(MAX_RUNS as u64 + 9)
        );
    }

    #[test]
    fn a_missing_file_has_no_history() {
        assert!(read_history(Path::new("/nonexistent/history.jsonl")).is_empty());
    }

    #[test]
    fn lines_that_cannot_be_read_are_skipped_and_runs_sorted_by_time() {
        let history = history_of(concat!(
            r#"{"time":"2024-03-02T00:00:00Z","articles":[{"path":"a.md","coverage":0.5,"dead":3,"invalid_isbns":1}]}"#,
            "\n",
            "not json\n",
            r#"{"time":"yesterday","articles":[]}"#,
            "\n",
            r#"[1,2]"#,
            "\n\n",
            r#"{"time":"2024-03-01T00:00:00+08:00","articles":[{"coverage":0.1},{"path":"a.md","coverage":7,"dead":"x"}],"extra":true}"#,
            "\n",
        ));
        assert_eq!(history.len(), 2);
        assert!(history[0].time < history[1].time);
        assert_eq!(
            history[0].articles,
            [HistoryArticle {
                path: "a.md".into(),
                coverage: None,
                dead: None,
                invalid_isbns: None
            }]
        );
        assert_eq!(history[1].articles[0].coverage, Some(0.5));
        assert_eq!(history[1].articles[0].dead, Some(3));
    }

    #[test]
    fn trend_follows_one_article() {
        let history = history_of(concat!(
            r#"{"time":"2024-03-01T00:00:00Z","articles":[{"path":"a.md","coverage":0.5,"dead":3},{"path":"b.md","coverage":0.9}]}"#,
            "\n",
            r#"{"time":"2024-03-02T00:00:00Z","articles":[{"path":"b.md","coverage":0.8}]}"#,
            "\n",
        ));
        let coverage: Vec<Option<f64>> = trend(&history, "b.md").map(|(_, a)| a.coverage).collect();
        assert_eq!(coverage, [Some(0.9), Some(0.8)]);
        assert_eq!(trend(&history, "a.md").count(), 1);
    }
}
