//! An article's health: the figures, cards and headline sentences its
//! overview shows, and the tones they are said in.

use super::labels::{are, SetFilter, Tone};
use super::Anchors;
use crate::extract::NoteKind;
use crate::report::findings::Problem;
use crate::report::model::percent;
use crate::report::model::ArticleReport;
use maud::html;
use maud::Markup;
use std::collections::HashSet;

/// One sentence at the top of an article's overview, linked to where the
/// problem it names is listed.
#[derive(Debug)]
pub(super) struct Headline {
    pub(super) tone: Tone,
    pub(super) text: String,
    pub(super) href: Option<String>,
    pub(super) filter: Option<SetFilter>,
}

/// The health figures of one article.
#[derive(Debug)]
pub(super) struct Health {
    pub(super) sentences: usize,
    pub(super) cited: usize,
    /// Sentences with at least one marker whose note is not empty.
    pub(super) sourced_sentences: usize,
    pub(super) paragraphs: usize,
    pub(super) uncited_paragraphs: usize,
    pub(super) notes: usize,
    pub(super) empty: usize,
    pub(super) links: usize,
    pub(super) dead: usize,
    pub(super) isbns: usize,
    pub(super) invalid_isbns: usize,
}

impl Health {
    pub(super) fn of(a: &ArticleReport) -> Self {
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

    pub(super) fn cited_percent(&self) -> usize {
        percent(self.cited, self.sentences)
    }

    pub(super) fn sourced(&self) -> usize {
        self.notes - self.empty
    }

    pub(super) fn coverage_tone(&self) -> Tone {
        match self.cited_percent() {
            90.. => Tone::Good,
            70..=89 => Tone::Warn,
            _ => Tone::Bad,
        }
    }

    pub(super) fn notes_tone(&self) -> Tone {
        match percent(self.sourced(), self.notes) {
            _ if self.notes == 0 => Tone::Info,
            90.. => Tone::Good,
            60..=89 => Tone::Warn,
            _ => Tone::Bad,
        }
    }

    /// The findings that matter most, one sentence each, worst first, each
    /// linked to where the page lists them.
    pub(super) fn headline(&self, anchors: &Anchors) -> Vec<Headline> {
        let fix_row =
            |problem: Problem| Some(format!("#{}", anchors.id(&format!("fix-{problem}"))));
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
                href: fix_row(Problem::EmptyNote),
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
                href: fix_row(Problem::UncitedParagraph),
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
                href: fix_row(Problem::InvalidIsbn),
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

    pub(super) fn cards(&self) -> Vec<Markup> {
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
