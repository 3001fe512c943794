//! Fixes in Markdown: a dead link pointed to its archived copy, or given it
//! beside; a link that moved for good pointed to its new address.

use super::{Edit, FixKind, FixOptions, FixStyle, Planned, ToMend};

/// What is written beside a link whose copy is given beside it.
const BESIDE: &str = " ([archived copy](";

pub(super) fn plan(source: &str, mend: &ToMend, options: &FixOptions, out: &mut Planned) {
    for moved in &mend.moved {
        for (start, end) in places(source, &moved.url, moved.line) {
            let edit = Edit {
                range: start..end,
                text: moved.to.clone(),
            };
            out.push(source, edit, FixKind::RedirectFollowed, &moved.url);
        }
    }
    for link in &mend.dead {
        let Some(copy) = link.archive_url.as_deref() else {
            continue;
        };
        let url = link.url.as_str();
        for (start, end) in places(source, url, link.line) {
            match options.style {
                FixStyle::Replace => out.push(
                    source,
                    Edit {
                        range: start..end,
                        text: copy.to_owned(),
                    },
                    FixKind::LinkReplaced,
                    url,
                ),
                FixStyle::Beside => {
                    let after = construct_end(source, start, end);
                    if source[after..].starts_with(BESIDE) {
                        continue;
                    }
                    out.push(
                        source,
                        Edit {
                            range: after..after,
                            text: format!("{BESIDE}{copy}))"),
                        },
                        FixKind::CopyBeside,
                        url,
                    );
                }
            }
        }
    }
}

/// Where `url` is written whole on 1-based line `line`: not inside a
/// longer URL that holds it (an archived copy's ends with it).
fn places(source: &str, url: &str, line: u32) -> Vec<(usize, usize)> {
    let Some(line) = line_range(source, line) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut from = line.start;
    while let Some(i) = source[from..line.end].find(url) {
        let start = from + i;
        let end = start + url.len();
        from = end;
        let previous = source[..start].chars().next_back();
        if previous.is_some_and(|c| !matches!(c, '(' | '<' | ' ' | '"' | '\'' | '\t' | '[' | ':')) {
            continue;
        }
        let next = source[end..].chars().next();
        if next.is_some_and(|c| !matches!(c, ')' | '>' | ' ' | '"' | '\'' | '\n' | '\r' | ']')) {
            continue;
        }
        found.push((start, end));
    }
    found
}

/// The bytes of 1-based line `line`.
fn line_range(source: &str, line: u32) -> Option<std::ops::Range<usize>> {
    let mut start = 0;
    for _ in 1..line {
        start += source[start..].find('\n')? + 1;
    }
    let end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    Some(start..end)
}

/// Just past the link the address at `start..end` belongs to: the `)` of
/// `[text](url "title")`, the `>` of `<url>`, or the address itself.
fn construct_end(source: &str, start: usize, end: usize) -> usize {
    let before = &source[..start];
    if before.ends_with('<') && source[end..].starts_with('>') {
        return end + 1;
    }
    if before.ends_with("](") || before.ends_with("](<") {
        let rest = &source[end..];
        let line_end = rest.find('\n').unwrap_or(rest.len());
        if let Some(close) = rest[..line_end].find(')') {
            return end + close + 1;
        }
    }
    end
}
