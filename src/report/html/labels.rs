//! Words and small pieces of markup the page uses everywhere: labels of
//! statuses and kinds, URLs as text, excerpts, the guessed language.

use super::note_text;
use super::note_text::Piece;

use crate::check::catalogue::Entry;
use crate::check::LinkStatus;
use crate::check::Verdict;
use crate::extract::LinkKind;
use crate::extract::NoteKind;
use crate::extract::Sentence;
use maud::html;
use maud::Markup;

/// Every note kind, in the order the page lists them: the problem first.
pub(super) const NOTE_KINDS: [NoteKind; 5] = [
    NoteKind::Empty,
    NoteKind::Web,
    NoteKind::Book,
    NoteKind::Journal,
    NoteKind::Other,
];

pub(super) fn note_kind_name(kind: NoteKind) -> &'static str {
    match kind {
        NoteKind::Web => "web",
        NoteKind::Book => "book",
        NoteKind::Journal => "journal",
        NoteKind::Other => "other",
        NoteKind::Empty => "empty",
    }
}

pub(super) fn note_kind_label(kind: NoteKind) -> &'static str {
    match kind {
        NoteKind::Web => "web page",
        NoteKind::Book => "book",
        NoteKind::Journal => "journal",
        NoteKind::Other => "other source",
        NoteKind::Empty => "empty",
    }
}

pub(super) fn link_kind_name(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Citation => "citation",
        LinkKind::External => "external",
        LinkKind::Wiki => "wiki",
        LinkKind::Relative => "relative",
        LinkKind::Image => "image",
    }
}

/// A status for people: `missing_file` reads "missing file".
pub(super) fn status_label(status: LinkStatus) -> String {
    status.as_str().replace('_', " ")
}

pub(super) fn status_rank(status: LinkStatus) -> usize {
    LinkStatus::ALL
        .iter()
        .position(|s| *s == status)
        .unwrap_or(LinkStatus::ALL.len())
}

pub(super) fn status_tone(status: LinkStatus) -> Tone {
    match status {
        s if s.is_dead() => Tone::Bad,
        LinkStatus::Ok => Tone::Good,
        LinkStatus::Excluded | LinkStatus::Unchecked => Tone::Info,
        _ => Tone::Warn,
    }
}

pub(super) fn status_badge(status: LinkStatus) -> Markup {
    html! {
        span class={ "badge status-" (status.as_str()) } data-status=(status.as_str()) { (status_label(status)) }
    }
}

/// A URL as written: a link when it is http(s) (protocol-relative ones read
/// as https), plain text otherwise, so `javascript:` and the like never
/// become clickable.
pub(super) fn url_text(url: &str) -> Markup {
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
pub(super) fn readable_note(text: &str) -> Markup {
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
pub(super) fn web_url(url: &str) -> Option<String> {
    let trimmed = url.trim();
    // Most links that are not on the web (a wiki link, `mailto:`) are told
    // apart by their first letters, without a parse.
    let head = trimmed.as_bytes().get(..6).unwrap_or(trimmed.as_bytes());
    let web = head.starts_with(b"//")
        || head.len() >= 5
            && head[..4].eq_ignore_ascii_case(b"http")
            && (head[4] == b':'
                || head[4].eq_ignore_ascii_case(&b's') && head.get(5) == Some(&b':'));
    if !web {
        return None;
    }
    let absolute = if trimmed.starts_with("//") {
        format!("https:{trimmed}")
    } else {
        trimmed.to_owned()
    };
    let parsed = url::Url::parse(&absolute).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

/// What the catalogue says of a valid ISBN, when it was asked.
pub(super) fn catalogue_entry(entry: Option<&Entry>) -> Markup {
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
pub(super) fn verdict_details(v: &Verdict) -> Markup {
    html! {
        @if let Some(code) = v.http_status { "HTTP " (code) " · " }
        (v.detail)
        @if let Some(final_url) = &v.final_url { " → now at " (url_text(final_url)) }
        @if let Some(archive) = &v.archive_url { " · archived copy: " (url_text(archive)) }
    }
}

pub(super) fn section_name(heading: &str, level: u8) -> &str {
    if level == 0 || heading.is_empty() {
        "Lead"
    } else {
        heading
    }
}

/// The article's sections sit under the page's `h3`: level 2 and the lead
/// become `h4`, level 3 `h5`, deeper ones `h6`.
pub(super) fn section_heading(level: u8, id: &str, name: &str) -> Markup {
    match level {
        0..=2 => html! { h4 id=(id) { (name) } },
        3 => html! { h5 id=(id) { (name) } },
        _ => html! { h6 id=(id) { (name) } },
    }
}

/// Whether a space goes after a sentence: not after Chinese or Japanese,
/// which set sentences side by side.
pub(super) fn needs_space(sentence: &str) -> bool {
    sentence.chars().last().is_some_and(|c| !is_cjk(c))
}

pub(super) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}')
}

/// The paragraph's first words.
pub(super) fn excerpt(sentences: &[&Sentence]) -> String {
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

/// How bad a figure is; always said in words too, never by colour alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tone {
    Bad,
    Warn,
    Good,
    Info,
}

impl Tone {
    pub(super) fn class(self) -> &'static str {
        match self {
            Self::Bad => "bad",
            Self::Warn => "warn",
            Self::Good => "good",
            Self::Info => "info",
        }
    }

    pub(super) fn word(self) -> &'static str {
        match self {
            Self::Bad => "needs work",
            Self::Warn => "check",
            Self::Good => "good",
            Self::Info => "note",
        }
    }

    pub(super) fn segment(self) -> &'static str {
        match self {
            Self::Bad => "seg-bad",
            Self::Warn => "seg-warn",
            Self::Good => "seg-good",
            Self::Info => "seg-muted",
        }
    }
}

/// The verb for a count of things: "1 of 4 notes is empty".
pub(super) fn are(n: usize) -> &'static str {
    if n == 1 {
        "is"
    } else {
        "are"
    }
}

/// What a link sets in the filters of the list it jumps to: the page's
/// script chooses `value` in the `name` filter of the list `target` (an
/// id). Without the script the link only jumps.
#[derive(Debug, Clone)]
pub(super) struct SetFilter {
    pub(super) target: String,
    pub(super) name: &'static str,
    pub(super) value: String,
}

/// A link into the page that may also set a filter there.
pub(super) fn jump(href: &str, filter: Option<&SetFilter>, body: &Markup) -> Markup {
    html! {
        a href=(href) data-filter-target=[filter.map(|f| &f.target)]
            data-filter-name=[filter.map(|f| f.name)] data-filter-value=[filter.map(|f| &f.value)] { (body) }
    }
}
