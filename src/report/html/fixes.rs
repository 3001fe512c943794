//! The "what to fix" list: one row per finding of the report's one list
//! that an editor can fix in the text, grouped when there are many.

use super::labels::excerpt;
use super::labels::url_text;
use super::labels::{are, jump, SetFilter};
use crate::report::markdown::id_ranges;

use super::labels::status_label;
use super::labels::status_tone;
use super::labels::verdict_details;
use super::labels::Tone;
use super::Paragraph;
use super::View;
use crate::check::LinkStatus;
use crate::report::findings::Problem;
use crate::report::findings::{Finding, Item};
use maud::html;
use maud::Markup;
use std::collections::HashMap;
use std::collections::HashSet;

impl View<'_> {
    /// Everything to fix, the most important first: dead links, missing
    /// files, invalid ISBNs, dangling markers, empty notes, uncited
    /// paragraphs, then redirects to update, orphaned notes and red links.
    /// More than
    /// [`GROUP_ABOVE`] findings of one kind become one row that lists them,
    /// so the list stays short and every kind shows on its first screen.
    pub(super) fn fixes(&self) -> Vec<Fix> {
        let mut fixes = Vec::new();
        self.findings_fixes(&mut fixes);
        fixes.sort_by_key(|f| (f.rank, f.line));
        let mut problems: Vec<Problem> = Vec::new();
        for f in &fixes {
            if !problems.contains(&f.problem) {
                problems.push(f.problem);
            }
        }
        let mut rows = Vec::new();
        for problem in problems {
            let (mine, others): (Vec<Fix>, Vec<Fix>) =
                fixes.into_iter().partition(|f| f.problem == problem);
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
    /// never empty): the kind's [`Problem::sentence`] with their number, the
    /// findings themselves in a `<details>`, and a link to the list they
    /// come from, filtered to them.
    pub(super) fn group(&self, members: Vec<Fix>) -> Fix {
        let n = members.len();
        let first = &members[0];
        let problem = first.problem;
        let (href, filter) = match problem {
            Problem::Link(status) => (
                format!("#{}", self.anchors.id("links")),
                Some(SetFilter {
                    target: self.anchors.id("link-table"),
                    name: "status",
                    value: status.as_str().to_owned(),
                }),
            ),
            Problem::UncitedParagraph => (
                format!("#{}", self.anchors.id("text")),
                Some(SetFilter {
                    target: self.anchors.id("text-body"),
                    name: "cite",
                    value: "none".to_owned(),
                }),
            ),
            _ => (first.href.clone(), None),
        };
        // "7 of 39 paragraphs have no citation at all": only paragraphs are
        // counted against all of them.
        let of = (problem == Problem::UncitedParagraph).then_some(self.a.coverage.paragraphs.total);
        Fix {
            rank: first.rank,
            problem,
            label: first.label.clone(),
            count: n,
            tone: first.tone,
            line: first.line,
            href,
            text: html! { strong { (n) } " " @if let Some(all) = of { "of " (all) " " } (problem.sentence()) },
            filter,
            members,
        }
    }

    /// The rows of "What to fix", one per finding of the report's one list
    /// ([`crate::report::findings`]) that an editor can fix in the text:
    /// links that are dead, moved or point at no file, invalid ISBNs,
    /// dangling markers, empty notes (one row), uncited paragraphs,
    /// orphaned notes and red links. Links the site refused or could not answer for are
    /// not the editor's to fix, and are left to the list of links.
    pub(super) fn findings_fixes(&self, fixes: &mut Vec<Fix>) {
        let a = self.a;
        let findings = a.findings();
        // The first sentence citing each note, found in one pass.
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
            let row = |rank, problem: Problem, tone, href, text| Fix {
                rank,
                problem,
                label: problem.noun().to_owned(),
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
                ) => fixes.push(self.link_fix(&f, status)),
                Problem::Link(_) => {}
                Problem::InvalidIsbn => fixes.push(row(
                    3,
                    f.problem,
                    Tone::Bad,
                    self.place_of(line, f.note.as_deref()),
                    html! { "ISBN " code { (f.subject) } " is invalid: " (f.detail) "." },
                )),
                Problem::InvalidDoi => fixes.push(row(
                    3,
                    f.problem,
                    Tone::Bad,
                    self.place_of(line, f.note.as_deref()),
                    html! { "DOI " code { (f.subject) } " is invalid: " (f.detail) "." },
                )),
                Problem::Dangling => {
                    let at = first_citing.get(f.subject.as_str()).copied();
                    let mut fix = row(
                        4,
                        f.problem,
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
                Problem::Unsupported => fixes.push(self.claim_fix(&f)),
                Problem::Orphaned => fixes.push(row(
                    8,
                    f.problem,
                    Tone::Info,
                    format!("#{}", self.anchors.note(&f.subject)),
                    html! { "Note " (f.subject) " is never cited in the text." },
                )),
                Problem::RedLink => fixes.push(self.red_link_fix(&f)),
            }
        }
        if !empty.is_empty() {
            fixes.push(Fix {
                rank: 5,
                problem: Problem::EmptyNote,
                // One row stands for every empty note.
                label: Problem::EmptyNote.plural().to_owned(),
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
    pub(super) fn link_fix(&self, f: &Finding, status: LinkStatus) -> Fix {
        let line = f.line.unwrap_or(0);
        let rank = match status {
            LinkStatus::Dead | LinkStatus::Soft404 => 1,
            LinkStatus::MissingFile => 2,
            _ => 7,
        };
        let report = match f.item {
            Some(Item::Link(i)) => self.a.links.get(i),
            _ => None,
        };
        let details = report.map_or_else(|| html! { (f.detail) }, |l| verdict_details(&l.verdict));
        Fix {
            rank,
            problem: f.problem,
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

    /// The row of a link to an article the wiki does not have: the last of
    /// the list, as it is no source.
    pub(super) fn red_link_fix(&self, f: &Finding) -> Fix {
        let title = match f.item {
            Some(Item::Link(i)) => self.a.links.get(i).and_then(|l| l.link.wiki_article()),
            _ => None,
        }
        .map_or_else(
            || f.subject.clone(),
            crate::extract::links::LocalTarget::article_title,
        );
        Fix {
            rank: 9,
            problem: f.problem,
            label: f.problem.noun().to_owned(),
            count: 1,
            tone: Tone::Info,
            line: f.line,
            href: self.place_of(f.line.unwrap_or(0), f.note.as_deref()),
            text: html! {
                "The link to “" (title) "” (" code { (f.subject) } ") leads to an article that does not exist in this wiki."
            },
            filter: None,
            members: Vec::new(),
        }
    }

    /// The row of a sentence its cited page may not back.
    pub(super) fn claim_fix(&self, f: &Finding) -> Fix {
        Fix {
            rank: 5,
            problem: f.problem,
            label: f.problem.noun().to_owned(),
            count: 1,
            tone: Tone::Warn,
            line: f.line,
            // The sentence, not its note.
            href: self.place_of(f.line.unwrap_or(0), None),
            text: html! {
                "The cited page may not back this sentence: "
                q lang=[self.lang] { (f.subject.split(" ← ").next().unwrap_or_default()) }
                " — " (f.detail) "."
            },
            filter: None,
            members: Vec::new(),
        }
    }

    /// The row of a paragraph without a citation: the paragraph that starts
    /// at the finding's line, else the first uncited one after it.
    pub(super) fn paragraph_fix(&self, f: &Finding, uncited: &[&Paragraph<'_>]) -> Fix {
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
            problem: f.problem,
            label: f.problem.noun().to_owned(),
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

    pub(super) fn fix_list(&self) -> Markup {
        let fixes = self.fixes();
        let list = self.anchors.id("fix-list");
        // (kind, label, how many problems): a grouped row, like the
        // empty-notes row, stands for all its findings.
        let mut kinds: Vec<(Problem, &str, usize)> = Vec::new();
        for f in &fixes {
            match kinds.iter_mut().find(|(p, _, _)| *p == f.problem) {
                Some(entry) => entry.2 += f.count,
                None => kinds.push((f.problem, &f.label, f.count)),
            }
        }
        let row_id = |problem: Problem| self.anchors.id(&format!("fix-{problem}"));
        let mut seen: HashSet<Problem> = HashSet::new();
        html! {
            section aria-labelledby=(self.anchors.id("fix")) {
                h3 id=(self.anchors.id("fix")) { "What to fix" }
                @if fixes.is_empty() {
                    p { "Nothing to fix: no dead links, invalid ISBNs, empty notes or uncited paragraphs." }
                } @else {
                    p {
                        "The most important first: "
                        @for (i, (problem, _, count)) in kinds.iter().enumerate() {
                            @if i > 0 { ", " }
                            a href={ "#" (row_id(*problem)) } { strong { (count) } " " (problem.noun_for(*count)) }
                        }
                        "."
                    }
                    div.filters hidden data-filters-for=(list) {
                        label { "Problem " select data-filter="category" {
                            option value="" { "all" }
                            @for (problem, label, _) in &kinds { option value=(problem.as_str()) { (label) } }
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
                                tr id=[seen.insert(f.problem).then(|| row_id(f.problem))]
                                    data-filterable data-category=(f.problem.as_str()) data-count=(f.count) {
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
}

/// One item of the "what to fix" list.
#[derive(Debug)]
pub(super) struct Fix {
    /// Lower matters more.
    pub(super) rank: u8,
    /// What kind of problem it is: the list's filter value, the row's id.
    pub(super) problem: Problem,
    /// The badge text.
    pub(super) label: String,
    /// How many problems the item stands for.
    pub(super) count: usize,
    pub(super) tone: Tone,
    pub(super) line: Option<u32>,
    /// Where in the page it is shown.
    pub(super) href: String,
    pub(super) text: Markup,
    /// Set when the link to `href` also filters the list it jumps to.
    pub(super) filter: Option<SetFilter>,
    /// The findings a grouped row stands for, in line order; empty for a
    /// row of its own.
    pub(super) members: Vec<Fix>,
}

/// More findings of one kind than this are shown as one row that lists
/// them.
pub(super) const GROUP_ABOVE: usize = 5;
