//! `report.html`: the editor's page. One self-contained file, opened from
//! disk: inline CSS, inline SVG charts, one small inline script for filters
//! and sorting, and nothing fetched from anywhere (its Content Security
//! Policy forbids it).
//!
//! Templates are maud's `html!`, checked at compile time; every value taken
//! from an article or a fetched page is escaped by maud, and only http(s)
//! URLs ever become links. This renderer reads the history file it is given
//! and nothing else.

mod body;
mod charts;
mod entry;
mod fixes;
mod health;
mod history;
mod labels;
mod note_text;
mod overview;

use self::health::Health;
use super::row::guess_lang;
use std::sync::LazyLock;

use std::collections::HashMap;
use std::fmt::Write;

use base64::Engine;
use maud::{html, Markup, PreEscaped, DOCTYPE};
use sha2::{Digest, Sha256};

pub use entry::{article_page, render_entry, split_history, TrendPoint, ENTRY_ROWS};
pub use history::{read_history, trend, HistoryArticle, HistoryPoint, MAX_RUNS};

use super::model::{ArticleReport, IsbnReport, LinkReport};
use super::run::Report;
use crate::extract::{Footnote, Sentence};

const CSS: &str = include_str!("html/report.css");
const SCRIPT: &str = include_str!("html/report.js");

/// Renders the whole page. `history` holds past runs, oldest first (see
/// [`read_history`]); with none, the trend chart is left out.
#[must_use]
pub fn render(report: &Report, history: &[HistoryPoint]) -> String {
    let views: Vec<View<'_>> = report
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| View::new(i, a))
        .collect();
    let page_title = match report.articles.as_slice() {
        [one] => format!("Citation audit: {}", one.title),
        _ => format!("Citation audit: {} articles", report.articles.len()),
    };
    let toc = html! {
        nav.toc aria-label="Contents" {
            @for view in &views {
                ul {
                    @if views.len() > 1 {
                        li { strong lang=[view.lang] { (view.a.title) } }
                    }
                    li { a href={ "#" (view.anchors.id("overview")) } { "Overview" } }
                    @if view.a.error.is_none() {
                        li { a href={ "#" (view.anchors.id("fix")) } { "What to fix" } }
                        li { a href={ "#" (view.anchors.id("text")) } { "Article text" } }
                        li { a href={ "#" (view.anchors.id("notes")) } { "Notes" } }
                        li { a href={ "#" (view.anchors.id("links")) } { "Links" } }
                    }
                }
            }
        }
    };
    let main = html! {
        @if views.len() > 1 { (all_articles(&views)) }
        @for view in &views { (view.article(history)) }
    };
    let meta = PageMeta {
        version: report.tool.version,
        generated_at: &report.generated_at,
        articles: report.summary.articles,
    };
    shell(&meta, &page_title, &toc, &main)
}

/// What the header of every page says of its run.
struct PageMeta<'a> {
    version: &'a str,
    generated_at: &'a str,
    articles: usize,
}

/// The page around a report's content: head, styles, header, footer, script.
fn shell(meta: &PageMeta<'_>, page_title: &str, toc: &Markup, main: &Markup) -> String {
    // The same for every page: hashed once a run.
    static POLICY: LazyLock<String> = LazyLock::new(|| {
        format!(
            "default-src 'none'; style-src '{}'; script-src '{}'; base-uri 'none'; form-action 'none'",
            csp_hash(CSS),
            csp_hash(SCRIPT)
        )
    });
    let policy = POLICY.as_str();
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta http-equiv="Content-Security-Policy" content=(policy);
                meta name="referrer" content="no-referrer";
                title { (page_title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                a.skip href="#main" { "Skip to the report" }
                header.top { div.wrap {
                    h1 { "Citation audit" }
                    p.meta {
                        "citecheck " (meta.version) " · generated " (meta.generated_at)
                        " · " (meta.articles) " article(s)"
                    }
                    (toc)
                } }
                main #main .wrap { (main) }
                footer.wrap {
                    p {
                        "Uncited sentences are highlighted; paragraphs without any citation are marked "
                        "in red. This page was written by citecheck and loads nothing from the network."
                    }
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    }
    .into_string()
}

/// A `'sha256-…'` source for the Content Security Policy.
fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The table of all articles, when the report has more than one.
fn all_articles(views: &[View<'_>]) -> Markup {
    html! {
        section aria-labelledby="all-articles" {
            h2 #all-articles { "All articles" }
            div.table-wrap { table.sortable.stack {
                thead { tr {
                    th data-sort="text" { button type="button" { "Article" } }
                    th data-sort="number" { button type="button" { "Cited sentences" } }
                    th data-sort="number" { button type="button" { "Notes with a source" } }
                    th data-sort="number" { button type="button" { "Dead links" } }
                    th data-sort="number" { button type="button" { "Invalid ISBNs" } }
                } }
                tbody {
                    @for view in views {
                        @let h = Health::of(view.a);
                        tr {
                            td data-label="Article" {
                                a href={ "#" (view.anchors.id("overview")) } lang=[view.lang] { (view.a.title) }
                                @if let Some(error) = &view.a.error { " " span.error { "unreadable: " (error) } }
                            }
                            td.num data-label="Cited sentences" data-value=(h.cited_percent()) {
                                (h.cited_percent()) "% (" (h.cited) "/" (h.sentences) ")"
                            }
                            td.num data-label="Notes with a source" data-value=(h.sourced()) {
                                (h.sourced()) "/" (h.notes)
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

/// The ids of the places in one article's part of the page. The first
/// article's ids carry no prefix, so `report.html#note-12` works for the
/// usual one-article report; later articles' ids start with `a2-`, `a3-`, ….
#[derive(Debug)]
struct Anchors {
    prefix: String,
}

impl Anchors {
    fn new(index: usize) -> Self {
        Self {
            prefix: if index == 0 {
                String::new()
            } else {
                format!("a{}-", index + 1)
            },
        }
    }

    fn id(&self, what: &str) -> String {
        format!("{}{what}", self.prefix)
    }

    fn note(&self, id: &str) -> String {
        format!("{}note-{}", self.prefix, fragment(id))
    }

    fn paragraph(&self, index: usize) -> String {
        format!("{}p-{index}", self.prefix)
    }

    fn section(&self, index: usize) -> String {
        format!("{}sec-{index}", self.prefix)
    }
}

/// An id from the article made safe for an `id` attribute and a URL
/// fragment: letters, digits, `-` and `.` stay, anything else becomes
/// `_<hex>_`.
fn fragment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        if c.is_alphanumeric() || c == '-' || c == '.' {
            out.push(c);
        } else {
            let _ = write!(out, "_{:x}_", u32::from(c));
        }
    }
    out
}

/// A paragraph of prose, rebuilt from its sentences.
#[derive(Debug)]
struct Paragraph<'a> {
    index: usize,
    section: usize,
    line: u32,
    sentences: Vec<&'a Sentence>,
}

impl Paragraph<'_> {
    fn cited(&self) -> bool {
        self.sentences.iter().any(|s| !s.cited_by.is_empty())
    }

    fn fully_cited(&self) -> bool {
        self.sentences.iter().all(|s| !s.cited_by.is_empty())
    }
}

/// The items of `list` by the note each sits in, in order.
fn group_by_note<'a, T>(
    list: &'a [T],
    note: impl Fn(&'a T) -> Option<&'a str>,
) -> HashMap<&'a str, Vec<&'a T>> {
    let mut by_note: HashMap<&'a str, Vec<&'a T>> = HashMap::new();
    for item in list {
        if let Some(id) = note(item) {
            by_note.entry(id).or_default().push(item);
        }
    }
    by_note
}

/// One article and what the page needs to find in it.
#[derive(Debug)]
struct View<'a> {
    a: &'a ArticleReport,
    anchors: Anchors,
    lang: Option<&'static str>,
    notes: HashMap<&'a str, &'a Footnote>,
    paragraphs: Vec<Paragraph<'a>>,
    /// Each note's links and ISBNs, gathered once (one pass over each list,
    /// not one per note).
    note_links: HashMap<&'a str, Vec<&'a LinkReport>>,
    note_isbns: HashMap<&'a str, Vec<&'a IsbnReport>>,
    /// Each claim by its sentence (line and text).
    claims: HashMap<(u32, &'a str), &'a crate::claims::Claim>,
}

impl<'a> View<'a> {
    fn new(index: usize, a: &'a ArticleReport) -> Self {
        let mut paragraphs: Vec<Paragraph<'a>> = Vec::new();
        for sentence in &a.coverage.sentence_list {
            match paragraphs.last_mut() {
                Some(p) if p.index == sentence.paragraph => p.sentences.push(sentence),
                _ => paragraphs.push(Paragraph {
                    index: sentence.paragraph,
                    section: sentence.section,
                    line: sentence.line,
                    sentences: vec![sentence],
                }),
            }
        }
        Self {
            a,
            anchors: Anchors::new(index),
            lang: guess_lang(a),
            notes: a
                .footnotes
                .items
                .iter()
                .map(|n| (n.id.as_str(), n))
                .collect(),
            paragraphs,
            note_links: group_by_note(&a.links, |l| l.link.note.as_deref()),
            note_isbns: group_by_note(&a.isbns, |i| i.isbn.note.as_deref()),
            claims: a
                .claims
                .iter()
                .map(|c| ((c.line, c.text.as_str()), c))
                .collect(),
        }
    }

    /// Where on the page a source line is shown: the note it sits in, else
    /// the paragraph it falls in, else its section.
    fn place_of(&self, line: u32, note: Option<&str>) -> String {
        if let Some(id) = note.filter(|id| self.notes.contains_key(id)) {
            return format!("#{}", self.anchors.note(id));
        }
        // Sections and paragraphs are in the order of their lines.
        let sections = &self.a.coverage.sections;
        let section = sections
            .partition_point(|s| s.line <= line)
            .saturating_sub(1);
        let before = self.paragraphs.partition_point(|p| p.line <= line);
        match before.checked_sub(1).map(|i| &self.paragraphs[i]) {
            Some(p) if p.section == section => format!("#{}", self.anchors.paragraph(p.index)),
            _ => format!("#{}", self.anchors.section(section)),
        }
    }
}

#[cfg(test)]
mod tests;
