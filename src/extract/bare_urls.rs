//! Bare URLs in a block's text: `http://…` in every format; in Markdown also
//! what GitHub's extended autolinks make links of: `www.…` (as `http://`),
//! `ftp://…` and e-mail addresses (as `mailto:`). GFM's rules for where such a
//! link ends (trailing punctuation, unmatched closing parentheses, a trailing
//! entity-like `&name;`) apply to all of them.

use std::ops::Range;

use crate::article::Block;

/// Bare URLs in a block's text, each with the destination it stands for:
/// `http://…`, `https://…`, and `//host/…` right after a `[` (an unconverted
/// MediaWiki external link); with `gfm`, also GFM's extended autolinks.
/// Never inside code or inside a markup link's own text. Ascending.
pub(super) fn bare_urls(block: &Block, gfm: bool) -> Vec<(Range<usize>, String)> {
    let text = &block.text;
    let outside = |range: &Range<usize>| !block.in_code(range) && !block.in_link_text(range);
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = next_url_start(text, from, gfm) {
        let end = start + url_len(&text[start..]);
        from = end.max(start + 2);
        let range = start..end;
        let has_host = text[start..end]
            .split("//")
            .nth(1)
            .is_some_and(|rest| !rest.is_empty());
        if has_host && outside(&range) {
            found.push((range.clone(), text[range].to_owned()));
        }
    }
    if gfm {
        let urls: Vec<Range<usize>> = found.iter().map(|(r, _)| r.clone()).collect();
        let taken = |r: &Range<usize>| {
            let i = urls.partition_point(|u| u.start < r.end);
            i.checked_sub(1).is_some_and(|i| urls[i].end > r.start)
        };
        let extended: Vec<(Range<usize>, String)> = www_links(text)
            .into_iter()
            .map(|r| (r.clone(), format!("http://{}", &text[r])))
            .chain(
                emails(text)
                    .into_iter()
                    .map(|r| (r.clone(), format!("mailto:{}", &text[r]))),
            )
            .filter(|(r, _)| outside(r) && !taken(r))
            .collect();
        found.extend(extended);
        found.sort_by_key(|(r, _)| r.start);
    }
    found
}

fn next_url_start(text: &str, from: usize, gfm: bool) -> Option<usize> {
    let schemes: &[&str] = if gfm {
        &["https:", "http:", "ftp:"]
    } else {
        &["https:", "http:"]
    };
    let mut at = from;
    loop {
        let i = at + text[at..].find("//")?;
        let before = &text[..i];
        if let Some(scheme) = schemes.iter().find(|s| before.ends_with(*s)) {
            let start = i - scheme.len();
            let word_start =
                start == 0 || !text[..start].ends_with(|c: char| c.is_ascii_alphanumeric());
            if word_start {
                return Some(start);
            }
        } else if before.ends_with('[') {
            return Some(i);
        }
        at = i + 2;
    }
}

/// GFM's extended www autolinks: `www.` after the start of the text, white
/// space, `*`, `_`, `~` or `(` (or CJK text, which runs into URLs), then a
/// valid domain: segments of letters, digits, `_` and `-` separated by
/// periods, with no `_` in the last two.
fn www_links(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("www.") {
        let start = from + i;
        from = start + 4;
        let boundary = text[..start].chars().next_back().is_none_or(|c| {
            c.is_whitespace()
                || matches!(c, '*' | '_' | '~' | '(')
                || is_cjk_letter(c)
                || is_cjk_punctuation(c)
        });
        if !boundary {
            continue;
        }
        let len = url_len(&text[start..]);
        let url = &text[start..start + len];
        let domain_len = url
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '_')))
            .unwrap_or(url.len());
        let domain = url[..domain_len].trim_end_matches('.');
        let segments: Vec<&str> = domain.split('.').collect();
        let valid = segments.len() >= 2
            && segments.iter().all(|s| !s.is_empty())
            && segments.iter().rev().take(2).all(|s| !s.contains('_'));
        if valid {
            found.push(start..start + len);
            from = start + len.max(4);
        }
    }
    found
}

/// GFM's extended e-mail autolinks: letters, digits, `.`, `-`, `_` or `+`,
/// an `@`, then letters, digits, `-` or `_` in at least two segments
/// separated by periods, the last character not `-` or `_` (a final `.` is
/// not part of the address).
fn emails(text: &str) -> Vec<Range<usize>> {
    let local_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+');
    let domain_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_');
    let mut found = Vec::new();
    let mut done = 0;
    for (at, _) in text.match_indices('@') {
        if at < done {
            continue;
        }
        let local = text[..at].len() - text[..at].trim_end_matches(local_char).len();
        let rest = &text[at + 1..];
        let domain = rest.find(|c: char| !domain_char(c)).unwrap_or(rest.len());
        let domain = rest[..domain].trim_end_matches('.');
        let segments: Vec<&str> = domain.split('.').collect();
        let valid = local > 0
            && segments.len() >= 2
            && segments.iter().all(|s| !s.is_empty())
            && !domain.ends_with(['-', '_']);
        if valid {
            let end = at + 1 + domain.len();
            found.push(at - local..end);
            done = end;
        }
    }
    found
}

/// Length of the URL at the start of `text`. A URL ends at whitespace, at
/// markup delimiters, at full-width punctuation, and where CJK text begins
/// after Latin text (`…/path另見`); CJK text that starts a path segment or a
/// query value (`/文章/页面`, `?q=中文`) is part of the URL. It keeps an IPv6
/// host in brackets; then, as GFM's autolinks do, it drops trailing
/// punctuation, closing parentheses that close nothing in it, and a trailing
/// `&name;`.
fn url_len(text: &str) -> usize {
    let mut end = 0;
    let mut previous = ' ';
    // `//[` can only follow the scheme, in the first few bytes, and an IPv6
    // literal is short: looking further would make a line of URLs quadratic.
    let head = &text.as_bytes()[..text.len().min(8)];
    let ipv6_host = head.windows(3).position(|w| w == b"//[").and_then(|i| {
        let mut window = text.as_bytes().iter().skip(i).take(64);
        window.position(|&b| b == b']').map(|close| i + close)
    });
    let (mut opening, mut closing) = (0usize, 0usize);
    for (i, c) in text.char_indices() {
        let in_ipv6 = ipv6_host.is_some_and(|close| i <= close);
        let cjk_continues = is_cjk_letter(previous)
            || matches!(previous, '/' | '?' | '=' | '&' | '#' | '%' | '_' | '-');
        let stop = !in_ipv6
            && (c.is_whitespace()
                || matches!(
                    c,
                    '<' | '>' | '"' | '|' | '{' | '}' | '[' | ']' | '`' | '\\'
                )
                || is_cjk_punctuation(c)
                || (is_cjk_letter(c) && !cjk_continues));
        if stop {
            break;
        }
        match c {
            '(' => opening += 1,
            ')' => closing += 1,
            _ => {}
        }
        end = i + c.len_utf8();
        previous = c;
    }
    let mut url = &text[..end];
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ':', '!', '?', '\'', '*', '_', '~']);
        if trimmed.ends_with(')') && closing > opening {
            closing -= 1;
            url = &trimmed[..trimmed.len() - 1];
        } else if let Some(before) = trimmed.strip_suffix(';') {
            // `&hl;` looks like an entity: not part of the URL; nor, in
            // prose, is a semicolon that ends a clause.
            let name = before.len()
                - before
                    .trim_end_matches(|c: char| c.is_ascii_alphanumeric())
                    .len();
            url = match before[..before.len() - name].strip_suffix('&') {
                Some(head) if name > 0 => head,
                _ => before,
            };
        } else {
            return trimmed.len();
        }
    }
}

/// Punctuation that ends a URL: dashes and curly quotes, CJK and full-width
/// punctuation (，。）」 and the like).
fn is_cjk_punctuation(c: char) -> bool {
    matches!(c as u32,
        0x2000..=0x206F      // general punctuation: dashes, curly quotes
        | 0x3000..=0x303F    // CJK symbols and punctuation: 、。「」
        | 0xFE30..=0xFE4F    // CJK compatibility forms
        | 0xFF00..=0xFFEF) // full-width forms: ，）：
}

/// CJK letters: ideographs, kana, Hangul.
fn is_cjk_letter(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FFF      // CJK radicals
        | 0x3040..=0x9FFF    // kana, CJK extension A, unified ideographs
        | 0xAC00..=0xD7AF    // Hangul
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0x20000..=0x3FFFF) // CJK extensions
}
