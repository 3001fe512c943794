//! A run over many articles: an entry page with the run's figures, its
//! trend and the articles worst first, each linked to a page of its own
//! under `articles/` (the page a one-article run writes).
//!
//! The entry page stays small whatever the run's size: it lists the worst
//! [`ENTRY_ROWS`] articles, and `articles/index.html` lists them all.

use std::collections::HashMap;

use maud::{html, Markup};

use super::charts::{trend_chart, TrendPoint};
use super::history::{HistoryArticle, HistoryPoint};
use super::{guess_lang, render, shell, Health};
use crate::report::model::{ArticleReport, Report};

/// How many articles the entry page lists; `articles/index.html` lists all.
pub const ENTRY_ROWS: usize = 2000;

/// The file name of article `index`'s page: its number and a readable
/// slug of its path, so names never collide and stay short.
fn page_name(index: usize, article: &ArticleReport) -> String {
    let stem = article
        .path
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .rsplit_once('.')
        .map_or(article.path.as_str(), |(stem, _)| stem);
    let slug: String = stem
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .take(60)
        .collect();
    format!("{:05}-{}.html", index + 1, slug.trim_matches('-'))
}

/// Writes every article's own page, each with its own trend, into
/// `folder`: on every core, each page written as soon as it is made.
///
/// # Errors
/// A page could not be written; the error names it.
pub fn write_article_pages(
    report: &Report,
    history: &[HistoryPoint],
    folder: &std::path::Path,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    // Each article's history, gathered in one pass over the runs.
    let mut by_path: HashMap<&str, Vec<HistoryPoint>> = HashMap::new();
    for point in history {
        for article in &point.articles {
            by_path
                .entry(article.path.as_str())
                .or_default()
                .push(HistoryPoint {
                    time: point.time,
                    articles: vec![article.clone()],
                });
        }
    }
    report
        .articles
        .par_iter()
        .enumerate()
        .try_for_each(|(i, article)| {
            let mut one = Report::new(vec![article.clone()]);
            one.tool = report.tool.clone();
            one.generated_at.clone_from(&report.generated_at);
            let own = by_path
                .get(article.path.as_str())
                .map_or(&[][..], Vec::as_slice);
            let file = page_name(i, article);
            std::fs::write(folder.join(&file), render(&one, own))
                .map_err(|e| std::io::Error::new(e.kind(), format!("articles/{file}: {e}")))
        })
}

/// How bad an article is, for the order of the list: unreadable first, then
/// by dead links, then by the share of uncited sentences.
fn badness(article: &ArticleReport, h: &Health) -> (bool, usize, usize, usize) {
    (
        article.error.is_some(),
        h.dead,
        100 - h.cited_percent(),
        h.invalid_isbns,
    )
}

/// The entry page, and `articles/index.html` (every article) when the run
/// has more than [`ENTRY_ROWS`].
#[must_use]
pub fn render_entry(report: &Report, history: &[HistoryPoint]) -> (String, Option<String>) {
    let mut rows: Vec<(usize, &ArticleReport, Health)> = report
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (i, a, Health::of(a)))
        .collect();
    rows.sort_by(|x, y| {
        badness(y.1, &y.2)
            .cmp(&badness(x.1, &x.2))
            .then_with(|| x.1.path.cmp(&y.1.path))
    });
    let title = format!("Citation audit: {} articles", report.articles.len());
    let s = &report.summary;
    let points: Vec<TrendPoint> = history.iter().map(run_point).collect();
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
                    (trend_chart("run-trend", "Cited sentences and dead links over time", &points))
                } }
            }
        }
        (table(&rows[..shown], "articles/", "Articles, worst first"))
        @if shown < rows.len() {
            p { "The " (shown) " worst of " (rows.len()) " articles are listed here; "
                a href="articles/index.html" { "all articles" } " are listed on their own page." }
        }
    };
    let entry = shell(report, &title, &html! {}, &main);
    let index = (shown < rows.len()).then(|| {
        let main = table(&rows, "", "All articles, worst first");
        shell(
            report,
            &title,
            &html! { p { a href="../report.html" { "Back to the run" } } },
            &main,
        )
    });
    (entry, index)
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
fn table(rows: &[(usize, &ArticleReport, Health)], prefix: &str, heading: &str) -> Markup {
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
                    @for (i, a, h) in rows {
                        @let problems = problems(a, h);
                        tr data-filterable data-problems=(problems) {
                            td data-label="Article" {
                                a href={ (prefix) (page_name(*i, a)) } lang=[guess_lang(a)] { (a.title) }
                                @if let Some(error) = &a.error { " " span.error { "unreadable: " (error) } }
                            }
                            td.num data-label="Cited sentences" data-value=(h.cited_percent()) {
                                (h.cited_percent()) "%"
                            }
                            td.num data-label="Dead links" { (h.dead) }
                            td.num data-label="Invalid ISBNs" { (h.invalid_isbns) }
                        }
                    }
                }
            } }
        }
    }
}

fn problems(a: &ArticleReport, h: &Health) -> String {
    let mut found = Vec::new();
    if h.dead > 0 {
        found.push("dead");
    }
    if h.uncited_paragraphs > 0 {
        found.push("uncited");
    }
    if h.invalid_isbns > 0 {
        found.push("isbn");
    }
    if a.error.is_some() {
        found.push("unreadable");
    }
    found.join(" ")
}
