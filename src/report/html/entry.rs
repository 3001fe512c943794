//! A run over many articles: an entry page with the run's figures, its
//! trend and the articles worst first, each linked to a page of its own
//! under `articles/` (the page a one-article run writes).
//!
//! The entry page stays small whatever the run's size: it lists the worst
//! [`ENTRY_ROWS`] articles, and `articles/index.html` and the pages after it
//! list them all, [`ENTRY_ROWS`] a page.

use std::collections::HashMap;

use maud::{html, Markup};

use super::charts::trend_chart;
pub use super::charts::TrendPoint;
use super::history::{HistoryArticle, HistoryPoint};
use super::{render, shell, PageMeta};
use crate::report::digest::Digest;
use crate::report::model::ArticleReport;
use crate::report::row::{worst_first, ArticleRow};
use crate::report::run::{Report, Tool};

/// How many articles the entry page lists, and each page of the list of all.
pub const ENTRY_ROWS: usize = 2000;

/// A many-article run's history, taken apart: each run's point on the
/// entry page's trend, and each article's own runs (the trend on its page),
/// gathered in one pass and moved, not copied.
#[must_use]
pub fn split_history(
    history: Vec<HistoryPoint>,
) -> (Vec<TrendPoint>, HashMap<String, Vec<HistoryPoint>>) {
    let runs = history.iter().map(run_point).collect();
    let mut by_path: HashMap<String, Vec<HistoryPoint>> = HashMap::new();
    for point in history {
        for article in point.articles {
            by_path
                .entry(article.path.clone())
                .or_default()
                .push(HistoryPoint {
                    time: point.time,
                    articles: vec![article],
                });
        }
    }
    (runs, by_path)
}

/// The page of one article of a many-article run (the page a one-article
/// run writes), with its own trend.
#[must_use]
pub fn article_page(
    article: ArticleReport,
    tool: &Tool,
    generated_at: &str,
    history: &[HistoryPoint],
) -> String {
    let mut one = Report::new(vec![article]);
    one.tool = tool.clone();
    generated_at.clone_into(&mut one.generated_at);
    render(&one, history)
}

/// The name of page `k` (from 1) of the list of all articles.
fn index_page(k: usize) -> String {
    if k == 1 {
        "index.html".to_owned()
    } else {
        format!("index-{k}.html")
    }
}

/// The entry page. When the run has more than [`ENTRY_ROWS`] articles, the
/// list of all of them, worst first, is handed to `write_page` a page of
/// [`ENTRY_ROWS`] at a time (`index.html`, `index-2.html`, …, for the
/// `articles/` folder), so that no page, and no moment of the run, holds
/// them all.
///
/// # Errors
/// What `write_page` returns.
pub fn render_entry(
    digest: &Digest,
    points: &[TrendPoint],
    write_page: &mut dyn FnMut(&str, String) -> std::io::Result<()>,
) -> std::io::Result<String> {
    let rows = worst_first(&digest.rows);
    let title = format!("Citation audit: {} articles", digest.rows.len());
    let s = &digest.summary;
    let shown = rows.len().min(ENTRY_ROWS);
    let main = html! {
        section aria-labelledby="run" {
            h2 #run { "This run" }
            ul.cards {
                li.card { strong { (s.articles) } " articles" }
                li.card { strong { (crate::report::model::percent(s.cited_sentences, s.sentences)) "%" } " of sentences cited" }
                li.card { strong { (s.dead) } " dead links" }
                li.card { strong { (s.invalid_isbns) } " invalid ISBNs" }
                li.card { strong { (s.unreadable) } " unreadable" }
            }
            @if points.len() > 1 {
                div.charts { figure {
                    figcaption { "Cited sentences and dead links, run by run" }
                    (trend_chart("run-trend", "Cited sentences and dead links over time", points))
                } }
            }
        }
        (table(&rows[..shown], "articles/", "Articles, worst first"))
        @if shown < rows.len() {
            p { "The " (shown) " worst of " (rows.len()) " articles are listed here; "
                a href="articles/index.html" { "all articles" } " are listed on pages of their own, "
                (ENTRY_ROWS) " a page." }
        }
    };
    let meta = PageMeta {
        version: digest.tool.version,
        generated_at: &digest.generated_at,
        articles: s.articles,
    };
    let entry = shell(&meta, &title, &html! {}, &main);
    if shown < rows.len() {
        let pages = rows.len().div_ceil(ENTRY_ROWS);
        for (i, part) in rows.chunks(ENTRY_ROWS).enumerate() {
            let k = i + 1;
            let nav = html! { p {
                a href="../report.html" { "Back to the run" }
                " · page " (k) " of " (pages)
                @if k > 1 { " · " a href=(index_page(k - 1)) rel="prev" { "previous" } }
                @if k < pages { " · " a href=(index_page(k + 1)) rel="next" { "next" } }
            } };
            let first = i * ENTRY_ROWS + 1;
            let heading = format!(
                "All articles, worst first: {first} to {}",
                first + part.len() - 1
            );
            write_page(
                &index_page(k),
                shell(&meta, &title, &nav, &table(part, "", &heading)),
            )?;
        }
    }
    Ok(entry)
}

/// A run's point on the trend: the mean share of cited sentences over its
/// articles, and its dead links.
fn run_point(point: &HistoryPoint) -> TrendPoint {
    let shares: Vec<f64> = point.articles.iter().filter_map(|a| a.coverage).collect();
    TrendPoint {
        time: point.time,
        coverage: (!shares.is_empty()).then(|| shares.iter().sum::<f64>() / shares.len() as f64),
        dead: Some(
            point
                .articles
                .iter()
                .filter_map(|a: &HistoryArticle| a.dead)
                .sum(),
        ),
    }
}

/// The list of articles, each linked to its page under `prefix`, with a
/// filter by problem.
fn table(rows: &[&ArticleRow], prefix: &str, heading: &str) -> Markup {
    html! {
        section aria-labelledby="all-articles" {
            h2 #all-articles { (heading) }
            div.filters hidden data-filters-for="article-list" {
                label { "Show " select data-filter="problems" {
                    option value="" { "all articles" }
                    option value="dead" { "with dead links" }
                    option value="uncited" { "with uncited paragraphs" }
                    option value="isbn" { "with invalid ISBNs" }
                    option value="unreadable" { "unreadable" }
                } }
                " " span.count {}
            }
            div.table-wrap { table.sortable.stack {
                thead { tr {
                    th data-sort="text" { button type="button" { "Article" } }
                    th data-sort="number" { button type="button" { "Cited sentences" } }
                    th data-sort="number" { button type="button" { "Dead links" } }
                    th data-sort="number" { button type="button" { "Invalid ISBNs" } }
                } }
                tbody #article-list {
                    @for a in rows {
                        @let problems = problems(a);
                        tr data-filterable data-problems=(problems) {
                            td data-label="Article" {
                                a href={ (prefix) (a.page_name()) } lang=[a.lang] { (a.title) }
                                @if let Some(error) = &a.error { " " span.error { "unreadable: " (error) } }
                            }
                            td.num data-label="Cited sentences" data-value=(a.cited_percent()) {
                                (a.cited_percent()) "%"
                            }
                            td.num data-label="Dead links" { (a.dead) }
                            td.num data-label="Invalid ISBNs" { (a.invalid_isbns) }
                        }
                    }
                }
            } }
        }
    }
}

fn problems(a: &ArticleRow) -> String {
    let mut found = Vec::new();
    if a.dead > 0 {
        found.push("dead");
    }
    if a.uncited_paragraphs() > 0 {
        found.push("uncited");
    }
    if a.invalid_isbns > 0 {
        found.push("isbn");
    }
    if a.error.is_some() {
        found.push("unreadable");
    }
    found.join(" ")
}
