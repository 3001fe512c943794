//! Fixes in wikitext, as InternetArchiveBot makes them: in the citation
//! template's own layout and family of parameter names.

use super::{archive_day, DateStyle, DeadLink, Edit, FixKind, FixOptions, Planned, ToMend};
use crate::article::wikitext::spans::{spans, ParamSpan, Spans, TemplateSpan};

/// The name this tool answers to in `{{bots|deny=…}}` and `{{Dead link|bot=…}}`.
const BOT: &str = "citecheck";

/// Templates that mark a URL dead already.
const DEAD_LINK: &[&str] = &["dead link", "deadlink", "dead", "404", "broken link", "dl"];

/// Templates that give an archived copy beside a link.
const WEBARCHIVE: &[&str] = &[
    "webarchive",
    "wayback",
    "web archive",
    "archive.is",
    "webcite",
];

pub(super) fn plan(source: &str, mend: &ToMend, options: &FixOptions, out: &mut Planned) {
    let spans = spans(source);
    if denies_bots(source, &spans) {
        return;
    }
    for moved in &mend.moved {
        let url = moved.url.as_str();
        let cited = spans
            .templates
            .iter()
            .filter(|t| t.is_citation && cites(source, t, url))
            .filter(|t| {
                following(source, &spans, t.range.end, t.in_ref.as_ref())
                    .is_none_or(|n| n.key != "cbignore")
            })
            .filter_map(|t| t.param(&["url", "chapter-url", "chapterurl", "contribution-url"]))
            .map(|p| p.value.clone());
        let bare = spans
            .links
            .iter()
            .filter(|l| &source[l.url.clone()] == url)
            .map(|l| l.url.clone());
        let places: Vec<_> = cited.chain(bare).collect();
        for range in places {
            let edit = Edit {
                range,
                text: moved.to.clone(),
            };
            out.push(source, edit, FixKind::RedirectFollowed, url);
        }
    }
    plan_dead(source, &spans, &mend.dead, options, out);
}

fn plan_dead(
    source: &str,
    spans: &Spans,
    dead: &[DeadLink],
    options: &FixOptions,
    out: &mut Planned,
) {
    let style = page_style(spans);
    for link in dead {
        let url = link.url.as_str();
        for (i, t) in spans.templates.iter().enumerate() {
            if !t.is_citation || !cites(source, t, url) {
                continue;
            }
            let next = following(source, spans, t.range.end, t.in_ref.as_ref());
            if next.is_some_and(|n| n.key == "cbignore") {
                continue;
            }
            fix_citation(source, spans, i, link, style, options, out);
        }
        for l in &spans.links {
            if l.in_ref.is_none() || &source[l.url.clone()] != url {
                continue;
            }
            let next = following(source, spans, l.range.end, l.in_ref.as_ref());
            if next.is_some_and(|n| {
                n.key == "cbignore"
                    || DEAD_LINK.contains(&n.key.as_str())
                    || WEBARCHIVE.contains(&n.key.as_str())
            }) {
                continue;
            }
            let (text, kind) = match link.archive_url.as_deref() {
                Some(copy) => {
                    let date = archive_day(copy).map_or_else(String::new, |d| {
                        format!("|date={}", style.unwrap_or(DateStyle::Iso).write(d))
                    });
                    (
                        format!("{{{{Webarchive|url={copy}{date}}}}}"),
                        FixKind::WebarchiveAdded,
                    )
                }
                None => (dead_link_tag(options), FixKind::DeadLinkTagged),
            };
            let at = l.range.end;
            out.push(
                source,
                Edit {
                    range: at..at,
                    text,
                },
                kind,
                url,
            );
        }
    }
}

/// Whether citation `t` cites `url` (its `url=`, as written or with its
/// character references decoded).
fn cites(source: &str, t: &TemplateSpan, url: &str) -> bool {
    t.param(&["url", "chapter-url", "chapterurl", "contribution-url"])
        .is_some_and(|p| {
            let written = source[p.value.clone()].trim();
            written == url || written.replace("&amp;", "&") == url
        })
}

/// The template that follows `end` with nothing but white space between,
/// inside the same reference.
fn following<'a>(
    source: &str,
    spans: &'a Spans,
    end: usize,
    in_ref: Option<&std::ops::Range<usize>>,
) -> Option<&'a TemplateSpan> {
    let rest = &source[end..in_ref.map_or(source.len(), |r| r.end.max(end))];
    let gap = rest.len() - rest.trim_start().len();
    spans
        .templates
        .iter()
        .find(|t| t.range.start == end + gap && rest[gap..].starts_with("{{"))
}

/// The page's date style: `{{Use dmy dates}}`, `{{Use mdy dates}}`.
fn page_style(spans: &Spans) -> Option<DateStyle> {
    spans.templates.iter().find_map(|t| match t.key.as_str() {
        "use dmy dates" | "dmy" => Some(DateStyle::Dmy),
        "use mdy dates" | "mdy" => Some(DateStyle::Mdy),
        _ => None,
    })
}

/// Whether the page keeps bots out: `{{nobots}}`, `{{bots|deny=all}}` or a
/// deny list naming this tool, `{{bots|allow=…}}` not naming it.
fn denies_bots(source: &str, spans: &Spans) -> bool {
    spans.templates.iter().any(|t| match t.key.as_str() {
        "nobots" => true,
        "bots" => {
            let list = |name: &str| {
                t.param(&[name]).map(|p| {
                    source[p.value.clone()]
                        .split(',')
                        .map(|s| s.trim().to_lowercase())
                        .collect::<Vec<_>>()
                })
            };
            let deny = list("deny").is_some_and(|l| l.iter().any(|b| b == "all" || b == BOT));
            let allow = list("allow").is_some_and(|l| !l.iter().any(|b| b == "all" || b == BOT));
            deny || allow
        }
        _ => false,
    })
}

fn dead_link_tag(options: &FixOptions) -> String {
    format!(
        "{{{{Dead link|date={}|bot={BOT}|fix-attempted=yes}}}}",
        options.month
    )
}

/// The family of names a citation uses: `archive-url` or `archiveurl`.
fn hyphenated(t: &TemplateSpan) -> bool {
    !t.params.iter().any(|p| {
        matches!(
            p.name.as_deref(),
            Some("accessdate" | "archiveurl" | "archivedate" | "deadurl")
        )
    })
}

fn fix_citation(
    source: &str,
    spans: &Spans,
    i: usize,
    link: &DeadLink,
    page: Option<DateStyle>,
    options: &FixOptions,
    out: &mut Planned,
) {
    let t = &spans.templates[i];
    let url = link.url.as_str();
    let value = |p: &ParamSpan| source[p.value.clone()].trim().to_owned();
    let status = t.param(&["url-status", "urlstatus"]);
    // Before 2019, `deadurl=yes` said what `url-status=dead` says now.
    let legacy = t.param(&["deadurl", "dead-url"]);
    let dead_already = status.is_some_and(|p| {
        matches!(
            value(p).to_lowercase().as_str(),
            "dead" | "usurped" | "unfit" | "deviated"
        )
    }) || legacy
        .is_some_and(|p| matches!(value(p).to_lowercase().as_str(), "yes" | "y" | "true"));
    // A page that writes the old name keeps it: `deadurl=yes`.
    let (status, status_name, dead_word) = match (status, legacy) {
        (None, Some(old)) => (Some(old), "deadurl", "yes"),
        _ => (status, "url-status", "dead"),
    };
    let has_copy = t
        .param(&["archive-url", "archiveurl"])
        .is_some_and(|p| !value(p).is_empty());
    if has_copy {
        if !dead_already {
            let edit = set_param(source, t, status, status_name, dead_word);
            out.push(source, edit, FixKind::MarkedDead, url);
        }
        return;
    }
    let Some(copy) = link.archive_url.as_deref() else {
        let next = following(source, spans, t.range.end, t.in_ref.as_ref());
        if next.is_none_or(|n| !DEAD_LINK.contains(&n.key.as_str())) {
            let at = t.range.end;
            out.push(
                source,
                Edit {
                    range: at..at,
                    text: dead_link_tag(options),
                },
                FixKind::DeadLinkTagged,
                url,
            );
        }
        return;
    };
    let style = t
        .param(&["access-date", "accessdate", "date"])
        .and_then(|p| DateStyle::of(&source[p.value.clone()]))
        .or(page)
        .unwrap_or(DateStyle::Iso);
    let date = archive_day(copy).map(|d| style.write(d));
    let (url_name, date_name) = if hyphenated(t) {
        ("archive-url", "archive-date")
    } else {
        ("archiveurl", "archivedate")
    };
    // Empty parameters already written are filled; the others are added
    // after the last, in its layout.
    let mut added: Vec<(&str, String)> = Vec::new();
    let mut fills: Vec<Edit> = Vec::new();
    let mut want = |name: &'static str, names: &[&str], value: String| match t.param(names) {
        Some(p) if source[p.value.clone()].trim().is_empty() => fills.push(fill(source, p, &value)),
        Some(_) => {}
        None => added.push((name, value)),
    };
    want(url_name, &["archive-url", "archiveurl"], copy.to_owned());
    if let Some(date) = date {
        want(date_name, &["archive-date", "archivedate"], date);
    }
    match status {
        Some(p) if !dead_already => fills.push(if value(p).is_empty() {
            fill(source, p, dead_word)
        } else {
            replace_value(p, dead_word)
        }),
        Some(_) => {}
        None => added.push((status_name, dead_word.to_owned())),
    }
    let mut edits = fills;
    if !added.is_empty() {
        edits.push(insert_params(source, t, &added));
    }
    // One fix, one edit: the edits of a citation are made as one.
    let start = edits
        .iter()
        .map(|e| e.range.start)
        .min()
        .unwrap_or(t.range.start);
    let end = edits.iter().map(|e| e.range.end).max().unwrap_or(start);
    let text = super::apply(&source[start..end], &shifted(&edits, start));
    out.push(
        source,
        Edit {
            range: start..end,
            text,
        },
        FixKind::ArchiveAdded,
        url,
    );
}

/// `edits` with their ranges made relative to `start`.
fn shifted(edits: &[Edit], start: usize) -> Vec<Edit> {
    edits
        .iter()
        .map(|e| Edit {
            range: e.range.start - start..e.range.end - start,
            text: e.text.clone(),
        })
        .collect()
}

/// Gives an empty parameter `value`, keeping its layout.
fn fill(source: &str, p: &ParamSpan, value: &str) -> Edit {
    // The value of an empty parameter is where its `=` is followed by
    // nothing: after the `=` and the spaces the layout keeps there.
    let part = &source[p.part.clone()];
    let eq = part.find('=').map_or(0, |i| i + 1);
    let after_eq = &part[eq..];
    let spaces = after_eq.len() - after_eq.trim_start_matches([' ', '\t']).len();
    let at = p.part.start + eq + spaces;
    let trailing_newline = after_eq.trim_start_matches([' ', '\t']).is_empty();
    let at = if trailing_newline {
        at.min(p.part.end)
    } else {
        at
    };
    Edit {
        range: at..at,
        text: value.to_owned(),
    }
}

/// Replaces a parameter's value.
fn replace_value(p: &ParamSpan, value: &str) -> Edit {
    Edit {
        range: p.value.clone(),
        text: value.to_owned(),
    }
}

/// Sets `name` to `value`: its value replaced when the parameter is there,
/// else the parameter added.
fn set_param(
    source: &str,
    t: &TemplateSpan,
    p: Option<&ParamSpan>,
    name: &str,
    value: &str,
) -> Edit {
    match p {
        Some(p) if source[p.value.clone()].trim().is_empty() => fill(source, p, value),
        Some(p) => replace_value(p, value),
        None => insert_params(source, t, &[(name, value.to_owned())]),
    }
}

/// Adds parameters after the last one, each laid out as it is: on its own
/// line or inline, with its spaces around `|` and `=`, its name padded to
/// the column the other names are padded to.
fn insert_params(source: &str, t: &TemplateSpan, new: &[(&str, String)]) -> Edit {
    let named: Vec<&ParamSpan> = t.params.iter().filter(|p| p.name.is_some()).collect();
    let (lead, pre, width, mid, post, at) = match t.params.last() {
        Some(last) => {
            let pipe = last.part.start - 1;
            let before = &source[..pipe];
            let lead = &before[before.trim_end().len()..];
            let model = named.last().copied().unwrap_or(last);
            let part = &source[model.part.clone()];
            let eq = part.find('=');
            let (name_field, after) = eq.map_or((part, ""), |e| (&part[..e], &part[e + 1..]));
            let pre = &name_field[..name_field.len() - name_field.trim_start().len()];
            let name = name_field.trim();
            let mid = &name_field[pre.len() + name.len()..];
            let post = &after[..after.len() - after.trim_start_matches([' ', '\t']).len()];
            // Names padded to one column when the others are.
            let columns: Vec<usize> = named
                .iter()
                .filter_map(|p| {
                    let part = &source[p.part.clone()];
                    let e = part.find('=')?;
                    let field = &part[..e];
                    Some(field.trim_end().len() + (field.len() - field.trim_end().len()))
                })
                .collect();
            let aligned =
                columns.len() >= 2 && columns.windows(2).all(|w| w[0] == w[1]) && !mid.is_empty();
            let width = aligned.then(|| pre.len() + name.len() + mid.len());
            (
                lead,
                pre,
                width,
                mid,
                post,
                last.value.end.max(last.part.start),
            )
        }
        None => ("", "", None, "", "", t.name_end),
    };
    let mut text = String::new();
    for (name, value) in new {
        text.push_str(lead);
        text.push('|');
        text.push_str(pre);
        text.push_str(name);
        match width {
            Some(w) => {
                let used = pre.len() + name.len();
                text.push_str(&" ".repeat(w.saturating_sub(used).max(1)));
            }
            None => text.push_str(mid),
        }
        text.push('=');
        text.push_str(post);
        text.push_str(value);
    }
    Edit {
        range: at..at,
        text,
    }
}
