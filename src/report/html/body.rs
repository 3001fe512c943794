//! The article itself on its page: its text with each sentence marked,
//! its notes with their links and ISBNs, and the table of links.

use super::labels::catalogue_entry;
use super::labels::needs_space;
use super::labels::note_kind_label;
use super::labels::note_kind_name;
use super::labels::readable_note;
use super::labels::section_heading;
use super::labels::section_name;
use super::labels::status_badge;
use super::labels::status_label;
use super::labels::status_rank;
use super::labels::url_text;
use super::labels::verdict_details;

use super::labels::link_kind_name;
use super::labels::NOTE_KINDS;
use super::Paragraph;
use super::View;
use crate::article::LinkPlace;
use crate::check::LinkStatus;
use crate::claims::{Claim, Support};
use crate::extract::Footnote;
use crate::extract::NoteKind;
use crate::report::model::IsbnReport;
use crate::report::model::LinkReport;
use maud::html;
use maud::Markup;

impl View<'_> {
    pub(super) fn text(&self) -> Markup {
        let a = self.a;
        let filter = self.anchors.id("text-body");
        html! {
            section aria-labelledby=(self.anchors.id("text")) {
                h3 id=(self.anchors.id("text")) { "The article, section by section" }
                ul.legend {
                    li { span.sample-uncited { "highlighted" } ": a sentence with no citation" }
                    li { span.flag { "No citation" } ": a paragraph with no citation at all" }
                    li { span.sample-empty { "[n]" } ": a marker whose note is empty" }
                    @if !a.claims.is_empty() {
                        li { span.claim.claim-unsupported { "unsupported" } ": the cited page may not say what the sentence says (its passage closest to the sentence follows)" }
                    }
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

    pub(super) fn paragraph(&self, p: &Paragraph<'_>) -> Markup {
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
                    @if let Some(claim) = self.claims.get(&(s.line, s.text.as_str())) {
                        (claim_badge(claim))
                    }
                    @if needs_space(&s.text) { " " }
                }
                span.lineno lang="en" { "line " (p.line) }
            }
        }
    }

    pub(super) fn marker(&self, id: &str) -> Markup {
        html! {
            @if let Some(note) = self.notes.get(id) {
                sup.m { a.m-empty[note.kind == NoteKind::Empty] href={ "#" (self.anchors.note(id)) }
                    aria-label={ "note " (id) " (" (note_kind_name(note.kind)) ")" } { "[" (id) "]" } }
            } @else {
                sup.m { span.m-dangling title="this marker points at no note" { "[" (id) "?]" } }
            }
        }
    }

    pub(super) fn notes_list(&self) -> Markup {
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

    pub(super) fn note(&self, note: &Footnote) -> Markup {
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
    pub(super) fn statuses(&self, keep: impl Fn(&LinkReport) -> bool) -> Vec<LinkStatus> {
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

    pub(super) fn links_table(&self) -> Markup {
        let links = &self.a.links;
        let table = self.anchors.id("link-table");
        let statuses = self.statuses(|_| true);
        // Places are shown when the reader gave them (Wikipedia HTML always
        // does): a column and a filter, in the report's order of places.
        let places: Vec<LinkPlace> = LinkPlace::ALL
            .into_iter()
            .filter(|p| links.iter().any(|l| l.link.place == Some(*p)))
            .collect();
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
                        @if !places.is_empty() {
                            label { "Place " select data-filter="place" {
                                option value="" { "all" }
                                @for p in &places { option value=(p.as_str()) { (p.label()) } }
                            } }
                        }
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
                            @if !places.is_empty() { th data-sort="text" { button type="button" { "Place" } } }
                            th data-sort="number" { button type="button" { "Line" } }
                            th data-sort="number" { button type="button" { "Note" } }
                            th scope="col" { "Link and verdict" }
                        } }
                        tbody {
                            @for l in links {
                                @let status = l.verdict.status;
                                tr data-filterable data-status=(status.as_str()) data-kind=(link_kind_name(l.link.kind))
                                    data-place=[l.link.place.map(LinkPlace::as_str)]
                                    data-broken=(if status.is_dead() { "yes" } else { "no" }) {
                                    td data-label="Status" data-value=(status_rank(status)) {
                                        (status_badge(status))
                                        @if l.red_link { " " span.badge.red-link title="a link to an article that does not exist" { "red link" } }
                                    }
                                    td data-label="Kind" { (link_kind_name(l.link.kind)) }
                                    @if !places.is_empty() {
                                        td data-label="Place" { @if let Some(p) = l.link.place { (p.label()) } }
                                    }
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

/// What the cited pages say of a sentence, beside it: the verdict, and the
/// passage of the page closest to the sentence (shown for a flagged claim,
/// on hover for the others). A claim not judged shows nothing.
fn claim_badge(claim: &Claim) -> Markup {
    let support = claim.support();
    if support == Support::Unknown {
        return html! {};
    }
    // The source the verdict comes from.
    let source = claim.sources.iter().find(|s| s.support == support);
    let evidence = source.and_then(|s| s.evidence.as_deref());
    let detail = source.map_or("", |s| s.detail.as_str());
    let title = match evidence {
        Some(passage) => format!("{detail}. The page: \u{201c}{passage}\u{201d}"),
        None => detail.to_owned(),
    };
    html! {
        " "
        span.claim.{ "claim-" (support.as_str()) } lang="en" title=(title) data-support=(support.as_str()) {
            (support.as_str())
        }
        @if support.is_flag() {
            " "
            span.claim-detail lang="en" { (detail) }
            @if let Some(passage) = evidence {
                " " q.evidence { (passage) }
            }
        }
    }
}
