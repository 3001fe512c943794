//! `report.html`: the editor's page. One self-contained file, opened from
//! disk: inline CSS, inline SVG charts, one small inline script for filters
//! and sorting, and nothing fetched from anywhere (its Content Security
//! Policy forbids it).
//!
//! Templates are maud's `html!`, checked at compile time; every value taken
//! from an article or a fetched page is escaped by maud, and only http(s)
//! URLs ever become links. This renderer reads the history file it is given
//! and nothing else.

mod charts;
mod entry;
mod history;
mod note_text;

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use base64::Engine;
use maud::{html, Markup, PreEscaped, DOCTYPE};
use sha2::{Digest, Sha256};

pub use entry::{article_page, render_entry, split_history, TrendPoint, ENTRY_ROWS};
pub use history::{read_history, trend, HistoryArticle, HistoryPoint, MAX_RUNS};

use self::charts::{Bar, Segment};
use self::note_text::Piece;
use super::findings::{Finding, Problem, SnapArticle};
use super::markdown::id_ranges;
use super::model::{percent, ArticleReport, IsbnReport, LinkReport, Report};
use crate::check::catalogue::Entry;
use crate::check::{LinkStatus, Verdict};
use crate::extract::{Footnote, LinkKind, NoteKind, Sentence};

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
    let policy = format!(
        "default-src 'none'; style-src '{}'; script-src '{}'; base-uri 'none'; form-action 'none'",
        csp_hash(CSS),
        csp_hash(SCRIPT)
    );
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

    fn article(&self, history: &[HistoryPoint]) -> Markup {
        let a = self.a;
        html! {
            article aria-labelledby=(self.anchors.id("title")) {
                h2 id=(self.anchors.id("title")) lang=[self.lang] { (a.title) }
                p.path { (a.path) }
                @if let Some(error) = &a.error {
                    section id=(self.anchors.id("overview")) {
                        p.error { "This file could not be read: " (error) }
                    }
                } @else {
                    (self.overview(history))
                    (self.fix_list())
                    (self.text())
                    (self.notes_list())
                    (self.links_table())
                }
            }
        }
    }

    fn overview(&self, history: &[HistoryPoint]) -> Markup {
        let h = Health::of(self.a);
        let id = |what: &str| self.anchors.id(what);
        let trend_points: Vec<TrendPoint> = trend(history, &self.a.path)
            .map(|(time, a)| TrendPoint {
                time,
                coverage: a.coverage,
                dead: a.dead,
            })
            .collect();
        html! {
            section aria-labelledby=(id("overview")) {
                h3 id=(id("overview")) { "Overview" }
                ul.headline {
                    @for line in h.headline(&self.anchors) {
                        li class=(line.tone.class()) {
                            @if let Some(href) = &line.href {
                                (jump(href, line.filter.as_ref(), &html! { (line.text) }))
                            } @else { (line.text) }
                        }
                    }
                }
                ul.cards { @for card in h.cards() { (card) } }
                div.charts {
                    figure {
                        figcaption { "Cited sentences per section" }
                        (charts::bar_chart(&id("chart-sections"), "Cited sentences per section",
                            &self.section_description(), &self.section_bars()))
                        ul.legend aria-hidden="true" {
                            li { span.key.key-cited {} "cited" }
                            li { span.key.key-uncited {} "not cited" }
                        }
                    }
                    div.chart-stack {
                    figure {
                        figcaption { "Notes by kind" }
                        @let (bars, desc) = self.note_bars();
                        (charts::bar_chart(&id("chart-notes"), "Notes by kind", &desc, &bars))
                    }
                    figure {
                        figcaption { "Links by status" }
                        @let (bars, desc) = self.status_bars();
                        (charts::bar_chart(&id("chart-links"), "Links by status", &desc, &bars))
                    }
                    @if !trend_points.is_empty() {
                        figure {
                            figcaption { "Trend over " (trend_points.len()) " recorded run(s)" }
                            (charts::trend_chart(&id("chart-trend"),
                                "Cited sentences and dead links over time", &trend_points))
                        }
                    }
                    }
                }
            }
        }
    }

    fn section_bars(&self) -> Vec<Bar> {
        self.a
            .coverage
            .sections
            .iter()
            .filter(|s| s.sentences > 0)
            .map(|s| Bar {
                label: section_name(&s.heading, s.level).to_owned(),
                segments: vec![
                    Segment {
                        value: s.cited_sentences,
                        class: "seg-cited",
                    },
                    Segment {
                        value: s.sentences - s.cited_sentences,
                        class: "seg-uncited",
                    },
                ],
                value_label: format!(
                    "{}/{} ({}%)",
                    s.cited_sentences,
                    s.sentences,
                    percent(s.cited_sentences, s.sentences)
                ),
            })
            .collect()
    }

    fn section_description(&self) -> String {
        let mut desc = String::from("Cited sentences out of all sentences, per section:");
        for s in self.a.coverage.sections.iter().filter(|s| s.sentences > 0) {
            let _ = write!(
                desc,
                " {}: {} of {};",
                section_name(&s.heading, s.level),
                s.cited_sentences,
                s.sentences
            );
        }
        desc
    }

    fn note_bars(&self) -> (Vec<Bar>, String) {
        let items = &self.a.footnotes.items;
        let mut desc = format!("{} notes:", items.len());
        let mut bars = Vec::new();
        for kind in NOTE_KINDS {
            let n = items.iter().filter(|f| f.kind == kind).count();
            if n == 0 {
                continue;
            }
            let _ = write!(desc, " {n} {};", note_kind_name(kind));
            bars.push(Bar {
                label: note_kind_label(kind).to_owned(),
                segments: vec![Segment {
                    value: n,
                    class: if kind == NoteKind::Empty {
                        "seg-bad"
                    } else {
                        "seg-good"
                    },
                }],
                value_label: format!("{n} ({}%)", percent(n, items.len())),
            });
        }
        (bars, desc)
    }

    fn status_bars(&self) -> (Vec<Bar>, String) {
        let links = &self.a.links;
        let mut desc = format!("{} links:", links.len());
        let mut bars = Vec::new();
        for status in LinkStatus::ALL {
            let n = links.iter().filter(|l| l.verdict.status == status).count();
            if n == 0 {
                continue;
            }
            let _ = write!(desc, " {n} {};", status_label(status));
            bars.push(Bar {
                label: status_label(status),
                segments: vec![Segment {
                    value: n,
                    class: status_tone(status).segment(),
                }],
                value_label: n.to_string(),
            });
        }
        (bars, desc)
    }

    /// Everything to fix, the most important first: dead links, missing
    /// files, invalid ISBNs, dangling markers, empty notes, uncited
    /// paragraphs, then redirects to update and orphaned notes. More than
    /// [`GROUP_ABOVE`] findings of one kind become one row that lists them,
    /// so the list stays short and every kind shows on its first screen.
    fn fixes(&self) -> Vec<Fix> {
        let mut fixes = Vec::new();
        self.findings_fixes(&mut fixes);
        fixes.sort_by_key(|f| (f.rank, f.line));
        let mut categories: Vec<&'static str> = Vec::new();
        for f in &fixes {
            if !categories.contains(&f.category) {
                categories.push(f.category);
            }
        }
        let mut rows = Vec::new();
        for category in categories {
            let (mine, others): (Vec<Fix>, Vec<Fix>) =
                fixes.into_iter().partition(|f| f.category == category);
            fixes = others;
            if mine.len() > GROUP_ABOVE {
                rows.push(self.group(mine));
            } else {
                rows.extend(mine);
            }
        }
        rows.sort_by_key(|f| (f.rank, f.line));
        rows
    }

    /// One row for many findings of one kind (`members`, in line order,
    /// never empty): a sentence with their number, the findings themselves
    /// in a `<details>`, and a link to the list they come from, filtered to
    /// them.
    fn group(&self, members: Vec<Fix>) -> Fix {
        let n = members.len();
        let first = &members[0];
        let category = first.category;
        let links = |status: &str| {
            (
                format!("#{}", self.anchors.id("links")),
                Some(SetFilter {
                    target: self.anchors.id("link-table"),
                    name: "status",
                    value: status.to_owned(),
                }),
            )
        };
        let (href, filter) = match category {
            "dead" | "soft_404" | "missing_file" | "redirected" => links(category),
            "uncited_paragraph" => (
                format!("#{}", self.anchors.id("text")),
                Some(SetFilter {
                    target: self.anchors.id("text-body"),
                    name: "cite",
                    value: "none".to_owned(),
                }),
            ),
            _ => (first.href.clone(), None),
        };
        let what = match category {
            "dead" => "links are dead: the page is gone".to_owned(),
            "soft_404" => "links lead to a page that says it was not found".to_owned(),
            "missing_file" => "relative links point at files that do not exist".to_owned(),
            "invalid_isbn" => "ISBNs are invalid".to_owned(),
            "dangling" => "markers point at no note".to_owned(),
            "uncited_paragraph" => format!(
                "of {} paragraphs have no citation at all",
                self.a.coverage.paragraphs.total
            ),
            "redirected" => "links are redirected: update the citations".to_owned(),
            "orphaned" => "notes are never cited in the text".to_owned(),
            _ => "problems of this kind".to_owned(),
        };
        Fix {
            rank: first.rank,
            category,
            label: first.label.clone(),
            count: n,
            tone: first.tone,
            line: first.line,
            href,
            text: html! { strong { (n) } " " (what) },
            filter,
            members,
        }
    }

    /// The rows of "What to fix", one per finding of the report's one list
    /// ([`crate::report::findings`]) that an editor can fix in the text:
    /// links that are dead, moved or point at no file, invalid ISBNs,
    /// dangling markers, empty notes (one row), uncited paragraphs and
    /// orphaned notes. Links the site refused or could not answer for are
    /// not the editor's to fix, and are left to the list of links.
    fn findings_fixes(&self, fixes: &mut Vec<Fix>) {
        let a = self.a;
        let findings = SnapArticle::of(a).map(|s| s.findings()).unwrap_or_default();
        // The link of each (line, URL), the first sentence citing each
        // note, and each paragraph by its line: found in one pass each.
        let links: HashMap<(u32, &str), &LinkReport> = a
            .links
            .iter()
            .map(|l| ((l.link.line, l.link.url.as_str()), l))
            .collect();
        let mut first_citing = HashMap::new();
        for p in &self.paragraphs {
            for s in &p.sentences {
                for id in &s.cited_by {
                    first_citing.entry(id.as_str()).or_insert((p, s));
                }
            }
        }
        let uncited: Vec<&Paragraph<'_>> = self.paragraphs.iter().filter(|p| !p.cited()).collect();
        let mut empty: Vec<String> = Vec::new();
        for f in findings {
            let line = f.line.unwrap_or(0);
            let row = |rank, category, label: String, tone, href, text| Fix {
                rank,
                category,
                label,
                count: 1,
                tone,
                line: f.line,
                href,
                text,
                filter: None,
                members: Vec::new(),
            };
            match f.problem {
                Problem::Link(
                    status @ (LinkStatus::Dead
                    | LinkStatus::Soft404
                    | LinkStatus::MissingFile
                    | LinkStatus::Redirected),
                ) => fixes.push(self.link_fix(&f, status, &links)),
                Problem::Link(_) => {}
                Problem::InvalidIsbn => fixes.push(row(
                    3,
                    "invalid_isbn",
                    "invalid ISBN".into(),
                    Tone::Bad,
                    self.place_of(line, f.note.as_deref()),
                    html! { "ISBN " code { (f.subject) } " is invalid: " (f.detail) "." },
                )),
                Problem::Dangling => {
                    let at = first_citing.get(f.subject.as_str()).copied();
                    let mut fix = row(
                        4,
                        "dangling",
                        "dangling marker".into(),
                        Tone::Bad,
                        at.map_or_else(
                            || format!("#{}", self.anchors.id("text")),
                            |(p, _)| format!("#{}", self.anchors.paragraph(p.index)),
                        ),
                        html! { "Marker [" (f.subject) "] points at no note." },
                    );
                    fix.line = at.map(|(_, s)| s.line).or(f.line);
                    fixes.push(fix);
                }
                Problem::EmptyNote => empty.push(f.subject),
                Problem::UncitedParagraph => fixes.push(self.paragraph_fix(&f, &uncited)),
                Problem::Orphaned => fixes.push(row(
                    8,
                    "orphaned",
                    "orphaned note".into(),
                    Tone::Info,
                    format!("#{}", self.anchors.note(&f.subject)),
                    html! { "Note " (f.subject) " is never cited in the text." },
                )),
            }
        }
        if !empty.is_empty() {
            fixes.push(Fix {
                rank: 5,
                category: "empty_note",
                label: "empty notes".into(),
                count: empty.len(),
                tone: Tone::Bad,
                line: empty
                    .first()
                    .and_then(|id| self.notes.get(id.as_str()))
                    .map(|n| n.line),
                href: format!("#{}", self.anchors.id("notes")),
                text: html! {
                    strong { (empty.len()) " of " (a.footnotes.notes) " notes " (are(empty.len())) " empty" }
                    " (they cite nothing): "
                    (if empty.len() == 1 { "note " } else { "notes " }) (id_ranges(&empty)) "."
                },
                filter: None,
                members: Vec::new(),
            });
        }
    }

    /// The row of a link an editor should fix, with its verdict's details.
    fn link_fix(
        &self,
        f: &Finding,
        status: LinkStatus,
        links: &HashMap<(u32, &str), &LinkReport>,
    ) -> Fix {
        let line = f.line.unwrap_or(0);
        let rank = match status {
            LinkStatus::Dead | LinkStatus::Soft404 => 1,
            LinkStatus::MissingFile => 2,
            _ => 7,
        };
        let details = links
            .get(&(line, f.subject.as_str()))
            .map_or_else(|| html! { (f.detail) }, |l| verdict_details(&l.verdict));
        Fix {
            rank,
            category: status.as_str(),
            label: status_label(status),
            count: 1,
            tone: status_tone(status),
            line: f.line,
            href: self.place_of(line, f.note.as_deref()),
            text: html! {
                @if status == LinkStatus::Redirected { "Update the citation: " }
                (url_text(&f.subject)) " — " (details)
            },
            filter: None,
            members: Vec::new(),
        }
    }

    /// The row of a paragraph without a citation: the paragraph that starts
    /// at the finding's line, else the first uncited one after it.
    fn paragraph_fix(&self, f: &Finding, uncited: &[&Paragraph<'_>]) -> Fix {
        let line = f.line.unwrap_or(0);
        let paragraph = uncited
            .iter()
            .find(|p| p.line == line)
            .or_else(|| uncited.iter().find(|p| p.line >= line));
        let (href, sentences) = paragraph.map_or_else(
            || (format!("#{}", self.anchors.id("text")), None),
            |p| (format!("#{}", self.anchors.paragraph(p.index)), Some(p)),
        );
        Fix {
            rank: 6,
            category: "uncited_paragraph",
            label: "uncited paragraph".into(),
            count: 1,
            tone: Tone::Warn,
            line: f.line,
            href,
            text: html! {
                @match sentences {
                    Some(p) => {
                        "No citation in this paragraph (" (p.sentences.len()) " sentence(s)): "
                        q lang=[self.lang] { (excerpt(&p.sentences)) }
                    }
                    None => { "No citation in this paragraph: " q lang=[self.lang] { (f.subject) } }
                }
            },
            filter: None,
            members: Vec::new(),
        }
    }

    fn fix_list(&self) -> Markup {
        let fixes = self.fixes();
        let list = self.anchors.id("fix-list");
        // (category, label, how many problems): a grouped row, like the
        // empty-notes row, stands for all its findings.
        let mut categories: Vec<(&str, &str, usize)> = Vec::new();
        for f in &fixes {
            match categories.iter_mut().find(|(c, _, _)| *c == f.category) {
                Some(entry) => entry.2 += f.count,
                None => categories.push((f.category, &f.label, f.count)),
            }
        }
        let row_id = |category: &str| self.anchors.id(&format!("fix-{category}"));
        let mut seen: HashSet<&str> = HashSet::new();
        html! {
            section aria-labelledby=(self.anchors.id("fix")) {
                h3 id=(self.anchors.id("fix")) { "What to fix" }
                @if fixes.is_empty() {
                    p { "Nothing to fix: no dead links, invalid ISBNs, empty notes or uncited paragraphs." }
                } @else {
                    p {
                        "The most important first: "
                        @for (i, (category, _, count)) in categories.iter().enumerate() {
                            @if i > 0 { ", " }
                            a href={ "#" (row_id(category)) } { strong { (count) } " " (category_noun(category, *count)) }
                        }
                        "."
                    }
                    div.filters hidden data-filters-for=(list) {
                        label { "Problem " select data-filter="category" {
                            option value="" { "all" }
                            @for (category, label, _) in &categories { option value=(category) { (label) } }
                        } }
                        span.count aria-live="polite" {}
                    }
                    div.table-wrap { table.sortable.stack id=(list) {
                        thead { tr {
                            th data-sort="number" aria-sort="ascending" { button type="button" { "Priority" } }
                            th scope="col" { "Problem" }
                            th data-sort="number" { button type="button" { "Line" } }
                            th scope="col" { "Go to" }
                        } }
                        tbody {
                            @for (i, f) in fixes.iter().enumerate() {
                                tr id=[seen.insert(f.category).then(|| row_id(f.category))]
                                    data-filterable data-category=(f.category) data-count=(f.count) {
                                    td data-label="Priority" data-value=(i) {
                                        span class={ "badge fix-" (f.tone.class()) } { (f.label) }
                                    }
                                    td data-label="Problem" {
                                        @if f.members.is_empty() { (f.text) } @else {
                                            details.group {
                                                summary { (f.text) }
                                                ol.members {
                                                    @for m in &f.members {
                                                        li {
                                                            a href=(m.href) { @if let Some(line) = m.line { "line " (line) } @else { "show" } }
                                                            ": " (m.text)
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                    td.num data-label="Line" data-value=[f.line] {
                                        @match (f.line, f.members.last().and_then(|m| m.line)) {
                                            (Some(from), Some(to)) if to != from => { (from) "–" (to) }
                                            (Some(line), _) => { (line) }
                                            (None, _) => { "—" }
                                        }
                                    }
                                    td data-label="Go to" {
                                        (jump(&f.href, f.filter.as_ref(), &html! {
                                            @if f.members.is_empty() { "show" } @else { "show all" }
                                        }))
                                    }
                                }
                            }
                        }
                    } }
                }
            }
        }
    }

    fn text(&self) -> Markup {
        let a = self.a;
        let filter = self.anchors.id("text-body");
        html! {
            section aria-labelledby=(self.anchors.id("text")) {
                h3 id=(self.anchors.id("text")) { "The article, section by section" }
                ul.legend {
                    li { span.sample-uncited { "highlighted" } ": a sentence with no citation" }
                    li { span.flag { "No citation" } ": a paragraph with no citation at all" }
                    li { span.sample-empty { "[n]" } ": a marker whose note is empty" }
                }
                div.filters hidden data-filters-for=(filter) {
                    label { "Show " select data-filter="cite" {
                        option value="" { "all paragraphs" }
                        option value="partial" { "paragraphs with uncited sentences" }
                        option value="none" { "paragraphs with no citation at all" }
                    } }
                    span.count aria-live="polite" {}
                }
                div.article-text id=(filter) lang=[self.lang] {
                    @for (i, section) in a.coverage.sections.iter().enumerate() {
                        section aria-labelledby=(self.anchors.section(i)) {
                            (section_heading(section.level, &self.anchors.section(i), section_name(&section.heading, section.level)))
                            p.sec-meta lang="en" {
                                @if section.sentences == 0 { "No prose." } @else {
                                    (section.cited_sentences) " of " (section.sentences) " sentences cited · line " (section.line)
                                }
                            }
                            @for p in self.paragraphs.iter().filter(|p| p.section == i) {
                                (self.paragraph(p))
                            }
                        }
                    }
                }
            }
        }
    }

    fn paragraph(&self, p: &Paragraph<'_>) -> Markup {
        let cite = if !p.cited() {
            "none partial"
        } else if p.fully_cited() {
            "full"
        } else {
            "partial"
        };
        html! {
            p.para.uncited[!p.cited()] id=(self.anchors.paragraph(p.index)) data-filterable data-cite=(cite) data-line=(p.line) {
                @if !p.cited() { span.flag lang="en" { "No citation" } " " }
                @for s in &p.sentences {
                    @if s.cited_by.is_empty() {
                        mark.uncited data-line=(s.line) { (s.text) }
                    } @else {
                        span.cited data-line=(s.line) { (s.text) }
                    }
                    @for id in &s.cited_by { (self.marker(id)) }
                    @if needs_space(&s.text) { " " }
                }
                span.lineno lang="en" { "line " (p.line) }
            }
        }
    }

    fn marker(&self, id: &str) -> Markup {
        html! {
            @if let Some(note) = self.notes.get(id) {
                sup.m { a.m-empty[note.kind == NoteKind::Empty] href={ "#" (self.anchors.note(id)) }
                    aria-label={ "note " (id) " (" (note_kind_name(note.kind)) ")" } { "[" (id) "]" } }
            } @else {
                sup.m { span.m-dangling title="this marker points at no note" { "[" (id) "?]" } }
            }
        }
    }

    fn notes_list(&self) -> Markup {
        let f = &self.a.footnotes;
        let list = self.anchors.id("note-list");
        let kinds: Vec<NoteKind> = NOTE_KINDS
            .into_iter()
            .filter(|k| f.items.iter().any(|n| n.kind == *k))
            .collect();
        let statuses = self.statuses(|l| l.link.note.is_some());
        html! {
            section aria-labelledby=(self.anchors.id("notes")) {
                h3 id=(self.anchors.id("notes")) { "Notes" }
                p {
                    (f.markers) " markers, " (f.notes) " notes: "
                    strong { (f.empty.len()) " empty" } ", "
                    (f.dangling.len()) " dangling marker(s), " (f.orphaned.len()) " orphaned note(s)."
                }
                div.filters hidden data-filters-for=(list) {
                    label { "Kind " select data-filter="kind" {
                        option value="" { "all" }
                        @for kind in &kinds { option value=(note_kind_name(*kind)) { (note_kind_label(*kind)) } }
                    } }
                    @if !statuses.is_empty() {
                        label { "Link status " select data-filter="status" {
                            option value="" { "any" }
                            @for status in &statuses { option value=(status.as_str()) { (status_label(*status)) } }
                        } }
                    }
                    span.count aria-live="polite" {}
                }
                ul.notes id=(list) {
                    @for note in &f.items { (self.note(note)) }
                }
            }
        }
    }

    fn note(&self, note: &Footnote) -> Markup {
        let links: Vec<&LinkReport> = self
            .note_links
            .get(note.id.as_str())
            .cloned()
            .unwrap_or_default();
        let isbns: Vec<&IsbnReport> = self
            .note_isbns
            .get(note.id.as_str())
            .cloned()
            .unwrap_or_default();
        let mut statuses: Vec<&str> = links.iter().map(|l| l.verdict.status.as_str()).collect();
        statuses.dedup();
        let empty = note.kind == NoteKind::Empty;
        html! {
            li.note.empty[empty] id=(self.anchors.note(&note.id)) data-filterable
                data-kind=(note_kind_name(note.kind)) data-status=(statuses.join(" ")) {
                span.note-id { (note.id) } " "
                span class={ "badge kind-" (note_kind_name(note.kind)) } { (note_kind_label(note.kind)) } " "
                @if empty { "no text: the marker cites nothing" } @else {
                    span.note-text lang=[self.lang] title=(note.text) { (readable_note(&note.text)) }
                }
                " " span.lineno { "line " (note.line) }
                @if !note.referenced_from.is_empty() {
                    " " span.lineno { "cited at "
                        @for (i, line) in note.referenced_from.iter().enumerate() {
                            @if i > 0 { ", " }
                            a href=(self.place_of(*line, None)) { "line " (line) }
                        }
                    }
                }
                @if !links.is_empty() || !isbns.is_empty() {
                    ul.verdicts {
                        @for l in &links {
                            li { (status_badge(l.verdict.status)) " " (url_text(&l.link.url)) " — " (verdict_details(&l.verdict)) }
                        }
                        @for found in &isbns {
                            @let isbn = &found.isbn;
                            li {
                                @if isbn.valid {
                                    span.badge.isbn-valid data-isbn="valid" { "valid ISBN" }
                                    " " code { (isbn.raw) }
                                    @if let Some(isbn13) = &isbn.isbn13 { " (ISBN-13 " (isbn13) ")" }
                                    (catalogue_entry(found.catalogue.as_ref()))
                                } @else {
                                    span.badge.isbn-invalid data-isbn="invalid" { "invalid ISBN" }
                                    " " code { (isbn.raw) } ": " (isbn.problem.map_or("", |p| p.describe()))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The statuses present among the links `keep` accepts, in report order.
    fn statuses(&self, keep: impl Fn(&LinkReport) -> bool) -> Vec<LinkStatus> {
        LinkStatus::ALL
            .into_iter()
            .filter(|s| {
                self.a
                    .links
                    .iter()
                    .any(|l| keep(l) && l.verdict.status == *s)
            })
            .collect()
    }

    fn links_table(&self) -> Markup {
        let links = &self.a.links;
        let table = self.anchors.id("link-table");
        let statuses = self.statuses(|_| true);
        let mut kinds: Vec<&str> = Vec::new();
        for l in links {
            let kind = link_kind_name(l.link.kind);
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
        html! {
            section aria-labelledby=(self.anchors.id("links")) {
                h3 id=(self.anchors.id("links")) { "Links" }
                @if links.is_empty() { p { "No links." } } @else {
                    p { (links.len()) " link(s), one row per place they appear." }
                    div.filters hidden data-filters-for=(table) {
                        label { "Status " select data-filter="status" {
                            option value="" { "all" }
                            @for s in &statuses { option value=(s.as_str()) { (status_label(*s)) } }
                        } }
                        label { "Kind " select data-filter="kind" {
                            option value="" { "all" }
                            @for k in &kinds { option value=(k) { (k) } }
                        } }
                        @if statuses.iter().any(|s| s.is_dead()) {
                            label { "Show " select data-filter="broken" {
                                option value="" { "all links" }
                                option value="yes" { "dead or missing only" }
                            } }
                        }
                        span.count aria-live="polite" {}
                    }
                    div.table-wrap { table.sortable.stack id=(table) {
                        thead { tr {
                            th data-sort="number" { button type="button" { "Status" } }
                            th data-sort="text" { button type="button" { "Kind" } }
                            th data-sort="number" { button type="button" { "Line" } }
                            th data-sort="number" { button type="button" { "Note" } }
                            th scope="col" { "Link and verdict" }
                        } }
                        tbody {
                            @for l in links {
                                @let status = l.verdict.status;
                                tr data-filterable data-status=(status.as_str()) data-kind=(link_kind_name(l.link.kind))
                                    data-broken=(if status.is_dead() { "yes" } else { "no" }) {
                                    td data-label="Status" data-value=(status_rank(status)) { (status_badge(status)) }
                                    td data-label="Kind" { (link_kind_name(l.link.kind)) }
                                    td.num data-label="Line" {
                                        a href=(self.place_of(l.link.line, l.link.note.as_deref())) { (l.link.line) }
                                    }
                                    td.num data-label="Note" data-value=(l.link.note.as_deref().and_then(|n| n.parse::<u64>().ok()).unwrap_or(0)) {
                                        @if let Some(note) = &l.link.note {
                                            a href={ "#" (self.anchors.note(note)) } { (note) }
                                        }
                                    }
                                    td data-label="Link" { (url_text(&l.link.url)) br; span.meta { (verdict_details(&l.verdict)) } }
                                }
                            }
                        }
                    } }
                }
            }
        }
    }
}

/// One item of the "what to fix" list.
#[derive(Debug)]
struct Fix {
    /// Lower matters more.
    rank: u8,
    /// The filter value.
    category: &'static str,
    /// The badge text.
    label: String,
    /// How many problems the item stands for.
    count: usize,
    tone: Tone,
    line: Option<u32>,
    /// Where in the page it is shown.
    href: String,
    text: Markup,
    /// Set when the link to `href` also filters the list it jumps to.
    filter: Option<SetFilter>,
    /// The findings a grouped row stands for, in line order; empty for a
    /// row of its own.
    members: Vec<Fix>,
}

/// More findings of one kind than this are shown as one row that lists
/// them.
const GROUP_ABOVE: usize = 5;

/// What a link sets in the filters of the list it jumps to: the page's
/// script chooses `value` in the `name` filter of the list `target` (an
/// id). Without the script the link only jumps.
#[derive(Debug, Clone)]
struct SetFilter {
    target: String,
    name: &'static str,
    value: String,
}

/// A link into the page that may also set a filter there.
fn jump(href: &str, filter: Option<&SetFilter>, body: &Markup) -> Markup {
    html! {
        a href=(href) data-filter-target=[filter.map(|f| &f.target)]
            data-filter-name=[filter.map(|f| f.name)] data-filter-value=[filter.map(|f| &f.value)] { (body) }
    }
}

/// One sentence at the top of an article's overview, linked to where the
/// problem it names is listed.
#[derive(Debug)]
struct Headline {
    tone: Tone,
    text: String,
    href: Option<String>,
    filter: Option<SetFilter>,
}

/// A kind of problem as a noun, for "50 missing files".
fn category_noun(category: &str, n: usize) -> String {
    let noun = match category {
        "dead" => "dead link",
        "soft_404" => "soft-404 link",
        "missing_file" => "missing file",
        "invalid_isbn" => "invalid ISBN",
        "dangling" => "dangling marker",
        "empty_note" => "empty note",
        "uncited_paragraph" => "uncited paragraph",
        "redirected" => "redirected link",
        "orphaned" => "orphaned note",
        other => other,
    };
    if n == 1 {
        noun.to_owned()
    } else {
        format!("{noun}s")
    }
}

/// How bad a figure is; always said in words too, never by colour alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tone {
    Bad,
    Warn,
    Good,
    Info,
}

impl Tone {
    fn class(self) -> &'static str {
        match self {
            Self::Bad => "bad",
            Self::Warn => "warn",
            Self::Good => "good",
            Self::Info => "info",
        }
    }

    fn word(self) -> &'static str {
        match self {
            Self::Bad => "needs work",
            Self::Warn => "check",
            Self::Good => "good",
            Self::Info => "note",
        }
    }

    fn segment(self) -> &'static str {
        match self {
            Self::Bad => "seg-bad",
            Self::Warn => "seg-warn",
            Self::Good => "seg-good",
            Self::Info => "seg-muted",
        }
    }
}

/// The health figures of one article.
#[derive(Debug)]
struct Health {
    sentences: usize,
    cited: usize,
    /// Sentences with at least one marker whose note is not empty.
    sourced_sentences: usize,
    paragraphs: usize,
    uncited_paragraphs: usize,
    notes: usize,
    empty: usize,
    links: usize,
    dead: usize,
    isbns: usize,
    invalid_isbns: usize,
}

impl Health {
    fn of(a: &ArticleReport) -> Self {
        let c = &a.coverage;
        // GFM labels match without regard to case, as in the extractor.
        let sourced_notes: HashSet<String> = a
            .footnotes
            .items
            .iter()
            .filter(|n| n.kind != NoteKind::Empty)
            .map(|n| n.id.to_lowercase())
            .collect();
        Self {
            sentences: c.sentences.total,
            cited: c.sentences.cited,
            sourced_sentences: c
                .sentence_list
                .iter()
                .filter(|s| {
                    s.cited_by
                        .iter()
                        .any(|id| sourced_notes.contains(&id.to_lowercase()))
                })
                .count(),
            paragraphs: c.paragraphs.total,
            uncited_paragraphs: c.paragraphs.total - c.paragraphs.cited,
            notes: a.footnotes.notes,
            empty: a.footnotes.empty.len(),
            links: a.links.len(),
            dead: a.dead_links().count(),
            isbns: a.isbns.len(),
            invalid_isbns: a.invalid_isbns().count(),
        }
    }

    fn cited_percent(&self) -> usize {
        percent(self.cited, self.sentences)
    }

    fn sourced(&self) -> usize {
        self.notes - self.empty
    }

    fn coverage_tone(&self) -> Tone {
        match self.cited_percent() {
            90.. => Tone::Good,
            70..=89 => Tone::Warn,
            _ => Tone::Bad,
        }
    }

    fn notes_tone(&self) -> Tone {
        match percent(self.sourced(), self.notes) {
            _ if self.notes == 0 => Tone::Info,
            90.. => Tone::Good,
            60..=89 => Tone::Warn,
            _ => Tone::Bad,
        }
    }

    /// The findings that matter most, one sentence each, worst first, each
    /// linked to where the page lists them.
    fn headline(&self, anchors: &Anchors) -> Vec<Headline> {
        let fix_row = |category: &str| Some(format!("#{}", anchors.id(&format!("fix-{category}"))));
        let mut lines = Vec::new();
        if self.empty > 0 {
            lines.push(Headline {
                tone: self.notes_tone(),
                text: format!(
                    "{} of {} notes {} empty: their markers cite no source.",
                    self.empty,
                    self.notes,
                    are(self.empty)
                ),
                href: fix_row("empty_note"),
                filter: None,
            });
        }
        if self.uncited_paragraphs > 0 {
            lines.push(Headline {
                tone: Tone::Warn,
                text: format!(
                    "{} of {} paragraphs {} no citation at all.",
                    self.uncited_paragraphs,
                    self.paragraphs,
                    if self.uncited_paragraphs == 1 {
                        "has"
                    } else {
                        "have"
                    }
                ),
                href: fix_row("uncited_paragraph"),
                filter: None,
            });
        }
        if self.dead > 0 {
            lines.push(Headline {
                tone: Tone::Bad,
                text: format!(
                    "{} of {} links {} dead or point at missing files.",
                    self.dead,
                    self.links,
                    are(self.dead)
                ),
                href: Some(format!("#{}", anchors.id("links"))),
                filter: Some(SetFilter {
                    target: anchors.id("link-table"),
                    name: "broken",
                    value: "yes".to_owned(),
                }),
            });
        }
        if self.invalid_isbns > 0 {
            lines.push(Headline {
                tone: Tone::Bad,
                text: format!(
                    "{} of {} ISBNs are invalid.",
                    self.invalid_isbns, self.isbns
                ),
                href: fix_row("invalid_isbn"),
                filter: None,
            });
        }
        if lines.is_empty() {
            lines.push(Headline {
                tone: Tone::Good,
                text: "No empty notes, uncited paragraphs, dead links or invalid ISBNs.".to_owned(),
                href: None,
                filter: None,
            });
        }
        lines
    }

    fn cards(&self) -> Vec<Markup> {
        let zero_is_good = |n: usize| if n == 0 { Tone::Good } else { Tone::Bad };
        [
            (
                "Cited sentences",
                format!("{}%", self.cited_percent()),
                format!("{} of {} sentences", self.cited, self.sentences),
                self.coverage_tone(),
                Some(format!(
                    "{} ({}%) cited by a note with a source",
                    self.sourced_sentences,
                    percent(self.sourced_sentences, self.sentences)
                )),
            ),
            (
                "Notes with a source",
                format!("{}/{}", self.sourced(), self.notes),
                format!(
                    "{} {} empty",
                    self.empty,
                    if self.empty == 1 {
                        "note is"
                    } else {
                        "notes are"
                    }
                ),
                self.notes_tone(),
                None,
            ),
            (
                "Paragraphs without citation",
                self.uncited_paragraphs.to_string(),
                format!("of {} paragraphs", self.paragraphs),
                if self.uncited_paragraphs == 0 {
                    Tone::Good
                } else {
                    Tone::Warn
                },
                None,
            ),
            (
                "Dead links",
                self.dead.to_string(),
                format!("of {} links", self.links),
                zero_is_good(self.dead),
                None,
            ),
            (
                "Invalid ISBNs",
                self.invalid_isbns.to_string(),
                format!("of {} ISBNs", self.isbns),
                zero_is_good(self.invalid_isbns),
                None,
            ),
        ]
        .into_iter()
        .map(|(label, value, detail, tone, extra)| {
            html! {
                li class={ "card " (tone.class()) } {
                    span.label { (label) }
                    span.value { (value) }
                    span.detail { (detail) } br;
                    @if let Some(extra) = extra { span.detail.sub { (extra) } br; }
                    span.tone { (tone.word()) }
                }
            }
        })
        .collect()
    }
}

/// The verb for a count of things: "1 of 4 notes is empty".
fn are(n: usize) -> &'static str {
    if n == 1 {
        "is"
    } else {
        "are"
    }
}

/// Every note kind, in the order the page lists them: the problem first.
const NOTE_KINDS: [NoteKind; 5] = [
    NoteKind::Empty,
    NoteKind::Web,
    NoteKind::Book,
    NoteKind::Journal,
    NoteKind::Other,
];

fn note_kind_name(kind: NoteKind) -> &'static str {
    match kind {
        NoteKind::Web => "web",
        NoteKind::Book => "book",
        NoteKind::Journal => "journal",
        NoteKind::Other => "other",
        NoteKind::Empty => "empty",
    }
}

fn note_kind_label(kind: NoteKind) -> &'static str {
    match kind {
        NoteKind::Web => "web page",
        NoteKind::Book => "book",
        NoteKind::Journal => "journal",
        NoteKind::Other => "other source",
        NoteKind::Empty => "empty",
    }
}

fn link_kind_name(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Citation => "citation",
        LinkKind::External => "external",
        LinkKind::Wiki => "wiki",
        LinkKind::Relative => "relative",
        LinkKind::Image => "image",
    }
}

/// A status for people: `missing_file` reads "missing file".
fn status_label(status: LinkStatus) -> String {
    status.as_str().replace('_', " ")
}

fn status_rank(status: LinkStatus) -> usize {
    LinkStatus::ALL
        .iter()
        .position(|s| *s == status)
        .unwrap_or(LinkStatus::ALL.len())
}

fn status_tone(status: LinkStatus) -> Tone {
    match status {
        s if s.is_dead() => Tone::Bad,
        LinkStatus::Ok => Tone::Good,
        LinkStatus::Excluded | LinkStatus::Unchecked => Tone::Info,
        _ => Tone::Warn,
    }
}

fn status_badge(status: LinkStatus) -> Markup {
    html! {
        span class={ "badge status-" (status.as_str()) } data-status=(status.as_str()) { (status_label(status)) }
    }
}

/// A URL as written: a link when it is http(s) (protocol-relative ones read
/// as https), plain text otherwise, so `javascript:` and the like never
/// become clickable.
fn url_text(url: &str) -> Markup {
    html! {
        @if let Some(href) = web_url(url) {
            a.url href=(href) rel="noopener noreferrer nofollow" { (url) }
        } @else {
            code.url { (url) }
        }
    }
}

/// A note's text without its Markdown syntax: link texts, italics as
/// `<em>`, escapes resolved; only http(s) links are clickable.
fn readable_note(text: &str) -> Markup {
    html! {
        @for piece in note_text::pieces(text) {
            @match piece {
                Piece::Text { text, em: true } => em { (text) },
                Piece::Text { text, em: false } => (text),
                Piece::Code(code) => code { (code) },
                Piece::Link { text, url } => {
                    @if let Some(href) = web_url(&url) {
                        a href=(href) rel="noopener noreferrer nofollow" { (text) }
                    } @else { (text) }
                }
            }
        }
    }
}

/// The normalised http(s) form of a URL, or `None` for any other scheme.
fn web_url(url: &str) -> Option<String> {
    let trimmed = url.trim();
    let absolute = if trimmed.starts_with("//") {
        format!("https:{trimmed}")
    } else {
        trimmed.to_owned()
    };
    let parsed = url::Url::parse(&absolute).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

/// What the catalogue says of a valid ISBN, when it was asked.
fn catalogue_entry(entry: Option<&Entry>) -> Markup {
    html! {
        @match entry {
            Some(Entry::Found(book)) => {
                @if let Some(title) = &book.title {
                    " — " cite { (title) }
                    @if !book.authors.is_empty() { ", " (book.authors.join(", ")) }
                    @if let Some(date) = &book.publish_date { " (" (date) ")" }
                }
            }
            Some(Entry::NotFound) => { " — not found in the catalogue" }
            None => {}
        }
    }
}

/// The verdict in words: HTTP status, where a redirect ended, an archived
/// copy, and the reason.
fn verdict_details(v: &Verdict) -> Markup {
    html! {
        @if let Some(code) = v.http_status { "HTTP " (code) " · " }
        (v.detail)
        @if let Some(final_url) = &v.final_url { " → now at " (url_text(final_url)) }
        @if let Some(archive) = &v.archive_url { " · archived copy: " (url_text(archive)) }
    }
}

fn section_name(heading: &str, level: u8) -> &str {
    if level == 0 || heading.is_empty() {
        "Lead"
    } else {
        heading
    }
}

/// The article's sections sit under the page's `h3`: level 2 and the lead
/// become `h4`, level 3 `h5`, deeper ones `h6`.
fn section_heading(level: u8, id: &str, name: &str) -> Markup {
    match level {
        0..=2 => html! { h4 id=(id) { (name) } },
        3 => html! { h5 id=(id) { (name) } },
        _ => html! { h6 id=(id) { (name) } },
    }
}

/// Whether a space goes after a sentence: not after Chinese or Japanese,
/// which set sentences side by side.
fn needs_space(sentence: &str) -> bool {
    sentence.chars().last().is_some_and(|c| !is_cjk(c))
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}')
}

/// The paragraph's first words.
fn excerpt(sentences: &[&Sentence]) -> String {
    const CHARS: usize = 80;
    let text: String = sentences
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let mut out: String = text.chars().take(CHARS).collect();
    if text.chars().count() > CHARS {
        out.push('…');
    }
    out
}

/// The language of the article's text when its script says so: Chinese,
/// Japanese or Korean, so browsers pick a fitting font. Other texts keep the
/// page's language.
pub(crate) fn guess_lang(a: &ArticleReport) -> Option<&'static str> {
    let sample = std::iter::once(a.title.as_str()).chain(
        a.coverage
            .sentence_list
            .iter()
            .take(20)
            .map(|s| s.text.as_str()),
    );
    let (mut han, mut kana, mut hangul, mut latin) = (0usize, 0usize, 0usize, 0usize);
    for c in sample.flat_map(str::chars) {
        match c {
            '\u{3040}'..='\u{30FF}' => kana += 1,
            '\u{AC00}'..='\u{D7AF}' => hangul += 1,
            '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' => han += 1,
            c if c.is_alphabetic() => latin += 1,
            _ => {}
        }
    }
    if hangul > latin && hangul >= han {
        Some("ko")
    } else if kana > 0 && kana + han > latin {
        Some("ja")
    } else if han > latin {
        Some("zh")
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
