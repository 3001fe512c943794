//! An article's overview: its figures, the headline findings and the
//! charts of sections, notes and link statuses.

use super::charts;
use super::labels::jump;

use super::charts::Bar;
use super::charts::Segment;
use super::charts::TrendPoint;
use super::health::Health;
use super::history::trend;
use super::history::HistoryPoint;
use super::labels::note_kind_label;
use super::labels::note_kind_name;
use super::labels::section_name;
use super::labels::status_label;
use super::labels::status_tone;
use super::labels::NOTE_KINDS;
use super::View;
use crate::check::LinkStatus;
use crate::extract::NoteKind;
use crate::report::model::percent;
use maud::html;
use maud::Markup;
use std::fmt::Write as _;

impl View<'_> {
    pub(super) fn article(&self, history: &[HistoryPoint]) -> Markup {
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
                    (self.patch_fixes())
                    (self.text())
                    (self.notes_list())
                    (self.links_table())
                }
            }
        }
    }

    /// The fixes `citecheck fix` makes, each as the lines before and after
    /// (all of them in `fixes.patch`).
    pub(super) fn patch_fixes(&self) -> Markup {
        let fixes = &self.a.fixes;
        html! {
            @if !fixes.is_empty() {
                section aria-labelledby=(self.anchors.id("fixes-patch")) {
                    h3 id=(self.anchors.id("fixes-patch")) { "Fixes" }
                    @if self.a.is_editable() {
                        p { (fixes.len()) " fix(es) in " code { "fixes.patch" } ", ready to apply with " code { "git apply" } "." }
                    } @else {
                        p { (fixes.len()) " fix(es) to make by hand: citecheck does not edit this article." }
                    }
                    ol.fixes {
                        @for fix in fixes {
                            li {
                                p { "Line " (fix.line) ": " (fix.kind.describe()) " — " code { (fix.url) } }
                                p { "Before:" }
                                pre.before { (fix.before) }
                                p { "After:" }
                                pre.after { (fix.after) }
                            }
                        }
                    }
                }
            }
        }
    }

    pub(super) fn overview(&self, history: &[HistoryPoint]) -> Markup {
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

    pub(super) fn section_bars(&self) -> Vec<Bar> {
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

    pub(super) fn section_description(&self) -> String {
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

    pub(super) fn note_bars(&self) -> (Vec<Bar>, String) {
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

    pub(super) fn status_bars(&self) -> (Vec<Bar>, String) {
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
}
