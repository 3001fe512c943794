//! Fixes an editor can apply: edits of an article's own text that mend what
//! the audit found, in the article's own style, taken from the one typed
//! list of problems (the report's findings choose what [`ToMend`] holds). Pure:
//! the text comes in, edits come out; the report writes them as a patch or
//! in place.
//!
//! - Wikitext: a dead cited URL with an archived copy gets `archive-url`,
//!   `archive-date` and `url-status=dead` in its citation template (laid
//!   out as the template lays out its parameters, named in its family of
//!   names); one that has a copy already gets `url-status=dead`; one with no
//!   copy gets `{{Dead link}}` after its citation. A bare `[url label]` in a
//!   reference gets `{{Webarchive}}` beside it, or `{{Dead link}}`. Nothing
//!   for a citation followed by `{{cbignore}}`, nor on a page that denies
//!   bots (`{{nobots}}`, `{{bots|deny=…}}`).
//! - Markdown: a dead link with an archived copy points to the copy
//!   ([`FixStyle::Replace`]) or keeps the original and gets the copy beside
//!   it ([`FixStyle::Beside`]).
//! - A link that moved for good (301, 308) to the same page at a new
//!   address points there, in wikitext and Markdown alike.
//! - HTML is never edited.
//!
//! Each fix makes the article the way a second audit finds nothing to fix:
//! applying the edits and planning again gives no edit.

mod markdown;
pub mod patch;
mod wikitext;

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::article::Format;

/// How a Markdown link to a dead page gets its archived copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FixStyle {
    /// The link points to the copy.
    #[default]
    Replace,
    /// The link stays, the copy is linked beside it.
    Beside,
}

impl FixStyle {
    /// The style as `--fix-style` spells it.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "replace" => Some(Self::Replace),
            "beside" => Some(Self::Beside),
            _ => None,
        }
    }
}

/// What the fixer is told besides the article.
#[derive(Debug, Clone)]
pub struct FixOptions {
    /// How Markdown links get their copies.
    pub style: FixStyle,
    /// The month a `{{Dead link}}` is dated with: `December 2026`.
    pub month: String,
}

/// One replacement in an article's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The bytes replaced (empty for an insertion).
    pub range: Range<usize>,
    /// What replaces them.
    pub text: String,
}

/// What kind of fix a fix is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FixKind {
    /// An archived copy added to a citation.
    ArchiveAdded,
    /// A citation's copy marked as standing in for a dead original.
    MarkedDead,
    /// `{{Dead link}}` placed: no copy was found.
    DeadLinkTagged,
    /// `{{Webarchive}}` placed beside a bare link.
    WebarchiveAdded,
    /// A Markdown link pointed to its copy.
    LinkReplaced,
    /// A Markdown link given its copy beside it.
    CopyBeside,
    /// A link that moved for good (301 or 308) pointed to its new address.
    RedirectFollowed,
}

impl FixKind {
    /// What the fix does, in words.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::ArchiveAdded => "add the archived copy to the citation",
            Self::MarkedDead => "mark the original dead (url-status=dead)",
            Self::DeadLinkTagged => "tag the dead link ({{Dead link}}): no archived copy",
            Self::WebarchiveAdded => "add the archived copy beside the link ({{Webarchive}})",
            Self::LinkReplaced => "point the link to its archived copy",
            Self::CopyBeside => "link the archived copy beside the link",
            Self::RedirectFollowed => "follow the permanent redirect to the new address",
        }
    }
}

/// One fix, as the reports show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// What it does.
    pub kind: FixKind,
    /// The dead URL it mends.
    pub url: String,
    /// 1-based line of the text it changes.
    pub line: u32,
    /// The text before.
    pub before: String,
    /// The text after.
    pub after: String,
}

/// The fixes of one article and the edits that make them.
#[derive(Debug, Clone, Default)]
pub struct Planned {
    /// The edits, in text order, none overlapping.
    pub edits: Vec<Edit>,
    /// One per edit.
    pub fixes: Vec<Fix>,
}

impl Planned {
    /// Whether there is nothing to fix.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }

    fn push(&mut self, source: &str, edit: Edit, kind: FixKind, url: &str) {
        if self.edits.iter().any(|e| overlaps(&e.range, &edit.range)) {
            return;
        }
        let line = line_of(source, edit.range.start);
        let (before, after) = shown(source, &edit);
        self.fixes.push(Fix {
            kind,
            url: url.to_owned(),
            line,
            before,
            after,
        });
        self.edits.push(edit);
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end || (a.is_empty() && b.is_empty() && a.start == b.start)
}

/// 1-based line of byte `at`.
fn line_of(source: &str, at: usize) -> u32 {
    (source[..at].bytes().filter(|&b| b == b'\n').count() + 1) as u32
}

/// The lines an edit touches, before and after it.
fn shown(source: &str, edit: &Edit) -> (String, String) {
    let start = source[..edit.range.start].rfind('\n').map_or(0, |i| i + 1);
    let end = source[edit.range.end..]
        .find('\n')
        .map_or(source.len(), |i| edit.range.end + i);
    let before = source[start..end].to_owned();
    let after = format!(
        "{}{}{}",
        &source[start..edit.range.start],
        edit.text,
        &source[edit.range.end..end]
    );
    (before, after)
}

/// A dead link to mend, as the audit found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadLink {
    /// The URL as written.
    pub url: String,
    /// 1-based line it is on.
    pub line: u32,
    /// The archived copy found for it, if any.
    pub archive_url: Option<String>,
}

/// A link that moved for good (301 or 308) to the same page at a new
/// address (not to a site's home page: that is a soft 404, a dead link).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovedLink {
    /// The URL as written.
    pub url: String,
    /// 1-based line it is on.
    pub line: u32,
    /// Where it moved.
    pub to: String,
}

/// What one article's fixes mend.
#[derive(Debug, Clone, Default)]
pub struct ToMend {
    /// Its dead links.
    pub dead: Vec<DeadLink>,
    /// Its links that moved for good.
    pub moved: Vec<MovedLink>,
}

impl ToMend {
    /// Whether there is nothing to mend.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.dead.is_empty() && self.moved.is_empty()
    }
}

/// Plans the fixes of what `mend` names in one article, in `format`, whose
/// text is `source`.
#[must_use]
pub fn plan(format: Format, source: &str, mend: &ToMend, options: &FixOptions) -> Planned {
    let mut planned = Planned::default();
    match format {
        Format::Wikitext => wikitext::plan(source, mend, options, &mut planned),
        Format::Markdown => markdown::plan(source, mend, options, &mut planned),
        Format::Html => {}
    }
    planned.edits.sort_by_key(|e| e.range.start);
    // A stable sort: fixes of one line keep the order they were planned in.
    planned.fixes.sort_by_key(|f| f.line);
    planned
}

/// `source` with `edits` made.
#[must_use]
pub fn apply(source: &str, edits: &[Edit]) -> String {
    let mut edits: Vec<&Edit> = edits.iter().collect();
    edits.sort_by_key(|e| e.range.start);
    let mut out =
        String::with_capacity(source.len() + edits.iter().map(|e| e.text.len()).sum::<usize>());
    let mut at = 0;
    for edit in edits {
        out.push_str(&source[at..edit.range.start]);
        out.push_str(&edit.text);
        at = edit.range.end;
    }
    out.push_str(&source[at..]);
    out
}

/// The day an archived copy was made, from its address
/// (`…/web/20160708123456/…`), as `(year, month, day)`.
fn archive_day(archive_url: &str) -> Option<(i32, u32, u32)> {
    let stamp = archive_url
        .split('/')
        .find(|part| part.len() >= 8 && part.bytes().take(8).all(|b| b.is_ascii_digit()))?;
    let year = stamp[..4].parse().ok()?;
    let month = stamp[4..6].parse().ok()?;
    let day = stamp[6..8].parse().ok()?;
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((year, month, day))
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// How an article writes its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateStyle {
    /// `2016-07-08`.
    Iso,
    /// `8 July 2016`.
    Dmy,
    /// `July 8, 2016`.
    Mdy,
}

impl DateStyle {
    /// The style of a date as written, if it has one of the three.
    fn of(date: &str) -> Option<Self> {
        let date = date.trim();
        let first = date.chars().next()?;
        if date.len() == 10 && date.as_bytes()[4] == b'-' && first.is_ascii_digit() {
            Some(Self::Iso)
        } else if first.is_ascii_digit() && MONTHS.iter().any(|m| date.contains(&m[..3])) {
            Some(Self::Dmy)
        } else if first.is_alphabetic() && date.contains(',') {
            Some(Self::Mdy)
        } else {
            None
        }
    }

    fn write(self, (year, month, day): (i32, u32, u32)) -> String {
        let name = MONTHS[month as usize - 1];
        match self {
            Self::Iso => format!("{year:04}-{month:02}-{day:02}"),
            Self::Dmy => format!("{day} {name} {year}"),
            Self::Mdy => format!("{name} {day}, {year}"),
        }
    }
}

/// The month `{{Dead link}}` is dated with, from a date and time.
#[must_use]
pub fn month_of(now: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Datelike;
    format!("{} {}", MONTHS[now.month0() as usize], now.year())
}

#[cfg(test)]
mod tests;
