//! Citation templates (`{{cite web}}`, `{{cite book}}`, `{{citation}}`, …)
//! and short citations (`{{sfn}}`, `{{harvnb}}`): the text a reader sees, the
//! link with what the template says about it, and the anchors that tie a
//! short citation to its full citation in the bibliography.
//!
//! The anchor rule is the one CS1 and the Harvard templates share:
//! `CITEREF` followed by up to four authors' surnames and the year.

use std::ops::Range;

use super::render::{starts_with_scheme, Ctx, Out, Renderer, GROUP_SEPARATOR};
use super::template::Call;
use super::{cs1, entities};
use crate::article::model::{collapse_whitespace, CitedSource};

/// Whether a template (by key) is a full citation.
pub(super) fn is_citation(key: &str) -> bool {
    key == "citation"
        || key.starts_with("cite ")
        || key.starts_with("cite-")
        || key.starts_with("vcite ")
        || key == "cite"
        || matches!(
            key,
            "cita web"
                | "cita libro"
                | "cita publicación"
                | "cita noticia"
                | "literatur"
                | "internetquelle"
                | "webarchiv"
                | "lien web"
                | "ouvrage"
                | "article"
                | "网页引用"
                | "網頁引用"
                | "引用网页"
                | "引用網頁"
                | "书籍引用"
                | "書籍引用"
                | "新闻引用"
                | "新聞引用"
                | "期刊引用"
        )
}

/// Writes a full citation's text into `out` and declares its link.
// One parameter after another, in the order CS1 shows them.
#[allow(clippy::too_many_lines)]
pub(super) fn citation(r: &mut Renderer<'_>, call: &Call, out: &mut Out, ctx: &Ctx) {
    let line = r.line(call.name.start);
    let authors = authors(r, call);
    if !authors.is_empty() {
        out.push(&authors, line);
        out.push(" ", line);
    }
    if let Some(date) = call.named(cs1::DATE) {
        out.push("(", line);
        r.render(date, out, ctx);
        out.push("). ", line);
    }
    let periodical = call.named(cs1::PERIODICAL);
    if let Some(chapter) = call.named(cs1::CHAPTER) {
        out.push("\"", line);
        r.render(chapter, out, ctx);
        out.push("\". In ", line);
    }
    if let Some(title) = call.named(cs1::TITLE) {
        // An article in a periodical is quoted; a book is in italics.
        let (open, close) = if periodical.is_some() {
            ("\"", "\". ")
        } else {
            ("*", "*. ")
        };
        out.push(open, line);
        r.render(title, out, ctx);
        out.push(close, line);
    }
    if let Some(periodical) = periodical {
        out.push("*", line);
        r.render(periodical, out, ctx);
        out.push("*. ", line);
    }
    for (names, prefix) in [
        (cs1::VOLUME, "Vol. "),
        (cs1::ISSUE, "No. "),
        (cs1::PUBLISHER, ""),
        (cs1::PLACE, ""),
        (cs1::PAGES, "p. "),
    ] {
        if let Some(value) = call.named(names) {
            out.push(prefix, line);
            r.render(value, out, ctx);
            out.push(". ", line);
        }
    }
    if let Some(isbn) = call.named(&["isbn", "isbn13", "isbn10"]) {
        out.push("ISBN ", line);
        let raw = r.text(isbn.clone()).to_owned();
        out.push(raw.trim(), r.line(isbn.start));
        out.push(". ", line);
    }
    if let Some(doi) = call.named(&["doi"]) {
        out.push("doi:", line);
        let raw = r.text(doi.clone()).to_owned();
        out.push(raw.trim(), r.line(doi.start));
        out.push(". ", line);
    }
    let title = call.named(cs1::TITLE).map(|t| plain(r, t));
    let source = CitedSource {
        title,
        archive_url: call
            .named(cs1::ARCHIVE_URL)
            .map(|u| url_value(r.text(u)))
            .filter(|u| starts_with_scheme(u)),
        archive_date: call.named(cs1::ARCHIVE_DATE).map(|d| plain(r, d)),
        url_status: url_status(r, call),
        access_date: call.named(cs1::ACCESS_DATE).map(|d| plain(r, d)),
        date: call.named(cs1::DATE).map(|d| plain(r, d)),
    };
    let urls: Vec<Range<usize>> = cs1::URLS
        .iter()
        .filter_map(|name| call.named(&[name]))
        .filter(|u| starts_with_scheme(r.text(u.clone()).trim().trim_start_matches('[')))
        .collect();
    if urls.is_empty() {
        // A citation of an archived copy only: the copy is the link.
        if let Some(archive) = source.archive_url.clone() {
            let at = call
                .named(cs1::ARCHIVE_URL)
                .map_or(call.name.start, |r| r.start);
            r.declare(&archive, at, ctx);
        }
    }
    for url in urls {
        let raw = url_value(r.text(url.clone()));
        r.declare_cited(&raw, url.start, ctx, Some(source.clone()));
    }
    if let Some(anchor) = anchor(r, call) {
        r.anchors.entry(anchor).or_insert(line);
    }
}

/// The first whitespace-separated word of a URL value (`url=http://x <!-- -->`
/// was blanked to spaces; `Online=[http://x Volltext]` is a bracketed link),
/// with its character references decoded: the module writes it into a
/// bracketed link, whose address MediaWiki decodes.
fn url_value(text: &str) -> String {
    let word = text
        .trim_start()
        .trim_start_matches('[')
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(']');
    entities::decode(word).into_owned()
}

/// `url-status=`, or the older `deadurl=yes|no`, lower case.
fn url_status(r: &Renderer<'_>, call: &Call) -> Option<String> {
    if let Some(status) = call.named(cs1::URL_STATUS) {
        return Some(r.text(status).trim().to_lowercase());
    }
    let dead = call.named(cs1::DEAD_URL)?;
    match r.text(dead).trim().to_lowercase().as_str() {
        "yes" | "true" | "y" => Some("dead".to_owned()),
        "no" | "false" | "n" => Some("live".to_owned()),
        "usurped" => Some("usurped".to_owned()),
        "unfit" => Some("unfit".to_owned()),
        other => Some(other.to_owned()),
    }
}

/// A parameter's text without markup, whitespace collapsed.
fn plain(r: &mut Renderer<'_>, range: Range<usize>) -> String {
    let mut scratch = Out::new(crate::article::model::BlockRole::Appendix, 0, 1);
    // Rendering a title or a date finds no notes or links worth keeping:
    // they are declared by the walk that writes the citation's own text.
    let links = r.links.len();
    let markers_before = r.note_blocks.len();
    r.render(range, &mut scratch, &Ctx::top());
    r.links.truncate(links);
    r.note_blocks.truncate(markers_before);
    collapse_whitespace(&scratch.block.text)
}

/// The citation's authors as a reader sees them: `Last, First; Last2, First2`.
fn authors(r: &Renderer<'_>, call: &Call) -> String {
    let mut names = Vec::new();
    for i in 1..=9 {
        let find = |patterns: &[&str]| {
            let names = cs1::enumerated(patterns, i);
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            call.named(&names).map(|v| r.text(v).trim().to_owned())
        };
        match (find(cs1::AUTHOR_LAST), find(cs1::AUTHOR_FIRST)) {
            (Some(last), Some(first)) => names.push(format!("{last}, {first}")),
            (Some(last), None) => names.push(last),
            _ => break,
        }
    }
    if names.is_empty() {
        if let Some(all) = call.named(cs1::AUTHORS) {
            names.push(r.text(all).trim().to_owned());
        }
    }
    collapse_whitespace(&names.join("; "))
}

/// The full citation's anchor: `ref=` when given (`{{harvid|…}}`, `{{sfnref|…}}`
/// or a literal id), else `CITEREF` + up to four surnames + the year.
fn anchor(r: &Renderer<'_>, call: &Call) -> Option<String> {
    if let Some(given) = call.named(&["ref"]) {
        let given = r.text(given).trim();
        if given.eq_ignore_ascii_case("none") {
            return None;
        }
        if given.eq_ignore_ascii_case("harv") {
            // The default since 2020; fall through to the computed anchor.
        } else if let Some(inner) = given.strip_prefix("{{").and_then(|g| g.strip_suffix("}}")) {
            let mut parts = inner.split('|');
            let name = parts.next().unwrap_or("").trim().to_lowercase();
            if matches!(name.as_str(), "harvid" | "sfnref" | "sfnreg") {
                let parts: Vec<&str> = parts.filter(|p| !p.contains('=')).collect();
                return Some(citeref(&parts));
            }
            return None;
        } else {
            return Some(normalize(given));
        }
    }
    let mut names: Vec<String> = Vec::new();
    for i in 1..=4 {
        let mut keys = cs1::enumerated(cs1::AUTHOR_LAST, i);
        keys.extend(cs1::enumerated(cs1::EDITOR_LAST, i));
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        match call.named(&keys) {
            Some(v) => names.push(r.text(v).trim().to_owned()),
            None => break,
        }
    }
    let year = call
        .named(cs1::YEAR)
        .or_else(|| call.named(cs1::DATE))
        .map(|d| year_of(r.text(d)))?;
    if names.is_empty() || year.is_empty() {
        return None;
    }
    let mut parts: Vec<&str> = names.iter().map(String::as_str).collect();
    parts.push(&year);
    Some(citeref(&parts))
}

/// The year in a date: its first run of four digits, and a letter right
/// after it (`2001a`).
fn year_of(date: &str) -> String {
    let bytes = date.as_bytes();
    for i in 0..bytes.len() {
        if bytes[i..].len() >= 4 && bytes[i..i + 4].iter().all(u8::is_ascii_digit) {
            let before = i.checked_sub(1).is_none_or(|b| !bytes[b].is_ascii_digit());
            let after = bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit());
            if before && after {
                let letter = bytes
                    .get(i + 4)
                    .filter(|b| b.is_ascii_lowercase())
                    .map(|&b| char::from(b));
                let mut year = date[i..i + 4].to_owned();
                year.extend(letter);
                return year;
            }
        }
    }
    if date.trim().eq_ignore_ascii_case("n.d.") {
        return "n.d.".to_owned();
    }
    String::new()
}

fn citeref(parts: &[&str]) -> String {
    normalize(&format!("CITEREF{}", parts.concat()))
}

/// Anchors compare without whitespace or underscores.
fn normalize(anchor: &str) -> String {
    anchor
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .collect()
}

/// A short citation: its anchor and the text it shows.
#[derive(Debug)]
pub(super) struct Short {
    anchor: String,
    text: String,
}

/// Reads `{{sfn}}`, `{{sfnp}}`, `{{sfnm}}`, `{{harvnb}}` and their kin.
pub(super) fn short_citation(r: &Renderer<'_>, call: &Call) -> Option<Short> {
    let key = call.key.as_str();
    if !matches!(
        key,
        "sfn"
            | "sfnp"
            | "sfnm"
            | "harvnb"
            | "harv"
            | "harvp"
            | "harvtxt"
            | "harvcoltxt"
            | "harvcolnb"
            | "harvcol"
            | "sfn whole"
            | "harvard citation no brackets"
            | "harvard citation"
            | "harvard citation text"
            | "harvs"
    ) {
        return None;
    }
    if key == "sfnm" {
        // `{{sfnm|1a1=Smith|1y=2001|1p=5|2a1=…}}`: the first work stands for
        // the note's anchor.
        let name = call.named(&["1a1"]).map(|v| r.text(v).trim().to_owned())?;
        let year = call
            .named(&["1y"])
            .map(|v| r.text(v).trim().to_owned())
            .unwrap_or_default();
        let page = call
            .named(&["1p", "1pp", "1loc"])
            .map(|v| r.text(v).trim().to_owned());
        let mut text = format!("{name} {year}");
        if let Some(page) = page {
            text.push_str(", p. ");
            text.push_str(&page);
        }
        return Some(Short {
            anchor: citeref(&[&name, &year]),
            text,
        });
    }
    let positionals: Vec<String> = call
        .positionals()
        .map(|v| r.text(v).trim().to_owned())
        .filter(|v| !v.is_empty())
        .take(5)
        .collect();
    if positionals.is_empty() {
        return None;
    }
    let parts: Vec<&str> = positionals.iter().map(String::as_str).collect();
    let (year, names) = parts.split_last()?;
    let mut text = format!("{} {year}", names.join(" & "));
    for (names, prefix) in [
        (&["p", "page"][..], "p. "),
        (&["pp", "pages"][..], "pp. "),
        (&["loc", "at"][..], ""),
    ] {
        if let Some(v) = call.named(names) {
            text.push_str(", ");
            text.push_str(prefix);
            text.push_str(r.text(v).trim());
        }
    }
    Some(Short {
        anchor: citeref(&parts),
        text: collapse_whitespace(&text),
    })
}

/// Puts a short citation where it stands: inside a note it is part of the
/// note's text and links the note to its full citation; in the text it is a
/// marker of a note of its own, shared by identical short citations.
pub(super) fn place_short(r: &mut Renderer<'_>, short: Short, at: usize, out: &mut Out, ctx: &Ctx) {
    let line = r.line(at);
    // Inside a reference the short citation is the reference's text; inside
    // an explanatory note (`{{efn}}`) it is a footnote of its own.
    let in_reference = ctx
        .note
        .as_ref()
        .is_some_and(|n| r.notes.get(n).is_some_and(|e| e.group.is_none()));
    if let Some(note) = ctx.note.clone().filter(|_| in_reference) {
        out.push(&short.text, line);
        if let Some(entry) = r.notes.get_mut(&note) {
            entry.short.get_or_insert(short.anchor);
        }
        return;
    }
    let name = format!("FOOTNOTE{}{GROUP_SEPARATOR}{}", short.anchor, short.text);
    let fresh = !r.notes.contains_key(&format!("{GROUP_SEPARATOR}{name}"));
    // The note's text is the short citation itself, written as a note
    // block of its own; a repeat is only a marker.
    r.note(at, Some(name.clone()), None, None, out, ctx);
    if fresh {
        let key = format!("{GROUP_SEPARATOR}{name}");
        let mut body = Out::new(
            crate::article::model::BlockRole::Note(key.clone()),
            r.section,
            line,
        );
        body.push(&short.text, line);
        r.note_blocks.push(body.block);
        if let Some(entry) = r.notes.get_mut(&key) {
            entry.line = Some(line);
            entry.text = short.text;
            entry.short = Some(short.anchor);
        }
    }
}

/// `{{webarchive|url=…}}` beside a citation: the archived copy of the link
/// just before it in the same note, or a link of its own.
pub(super) fn attach_archive(r: &mut Renderer<'_>, archive: &str, at: usize, ctx: &Ctx) {
    let archive = url_value(archive);
    if !starts_with_scheme(&archive) {
        return;
    }
    let note = ctx.note.clone();
    match r
        .links
        .last_mut()
        .filter(|l| l.note == note && note.is_some())
    {
        Some(link) => {
            let cited = link.cited.get_or_insert_with(CitedSource::default);
            cited.archive_url.get_or_insert(archive);
        }
        None => {
            r.declare(&archive, at, ctx);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_come_out_of_dates() {
        assert_eq!(year_of("27 September 1940"), "1940");
        assert_eq!(year_of("2001a"), "2001a");
        assert_eq!(year_of("1940年9月27日"), "1940");
        assert_eq!(year_of("n.d."), "n.d.");
        assert_eq!(year_of("12345"), "");
    }

    #[test]
    fn anchors_ignore_spaces() {
        assert_eq!(citeref(&["Van Dyke", "2001"]), "CITEREFVanDyke2001");
    }
}
