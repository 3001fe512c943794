//! Where an external link's address ends and what it points to, by
//! MediaWiki's own rules (core's `Parser.php`):
//!
//! - the address is `EXT_LINK_ADDR` then `EXT_LINK_URL_CLASS*`: anything but
//!   `[ ] < > "`, control characters and spaces, with a bracketed IPv6 host
//!   (`http://[2001:db8::1]/`) allowed right after the scheme;
//! - `<noinclude>` and `</noinclude>` are gone before the parser sees the
//!   page, so an address runs on through them;
//! - `''` has become `<i>` by then, so it ends an address;
//! - `&lt;` and `&gt;` end any address, and `&nbsp;` (by name or number) a
//!   free one (`makeFreeExternalLink`);
//! - a free address loses its trailing `,;.:!?\` and its `)` when it holds
//!   no `(`, but never the `;` of a character reference;
//! - the address a link points to has its character references decoded
//!   (`Sanitizer::cleanUrl`).
//!
//! The reader never looks back and never past the end it is given: one
//! address costs its own length.

use super::entities;

/// An address read from the page.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Address {
    /// What the link points to: character references decoded.
    pub(super) href: String,
    /// Just past the address in the page.
    pub(super) end: usize,
}

/// MediaWiki's `$wgUrlProtocols` (its default): the schemes an external
/// link may start with. `//` (protocol-relative) only in brackets: a free
/// link needs a scheme (`Parser::handleFreeExternalLinks`).
const PROTOCOLS: [&str; 28] = [
    "bitcoin:",
    "ftp://",
    "ftps://",
    "geo:",
    "git://",
    "gopher://",
    "http://",
    "https://",
    "irc://",
    "ircs://",
    "magnet:",
    "mailto:",
    "matrix:",
    "mms://",
    "news:",
    "nntp://",
    "redis://",
    "sftp://",
    "sip:",
    "sips:",
    "sms:",
    "ssh://",
    "svn://",
    "tel:",
    "telnet://",
    "urn:",
    "worldwind://",
    "xmpp:",
];

/// Whether `byte` can start a scheme of [`PROTOCOLS`]: the renderer looks
/// for a free link only there.
pub(super) fn may_start_scheme(byte: u8) -> bool {
    matches!(
        byte.to_ascii_lowercase(),
        b'b' | b'f' | b'g' | b'h' | b'i' | b'm' | b'n' | b'r' | b's' | b't' | b'u' | b'w' | b'x'
    )
}

/// The length of the scheme at the start of `text`, one of MediaWiki's
/// [`PROTOCOLS`] in any case, and in a bracketed link also the
/// protocol-relative `//`.
pub(super) fn scheme_len(text: &str, bracketed: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    if bracketed && bytes.starts_with(b"//") {
        return Some(2);
    }
    PROTOCOLS
        .iter()
        .find(|p| {
            bytes
                .get(..p.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(p.as_bytes()))
        })
        .map(|p| p.len())
}

/// Reads the address that starts at `start` in `text`, stopping by `limit`.
/// A free address (not in brackets) also stops at `{`, `}` and `|`: in the
/// unexpanded page they belong to templates and tables.
pub(super) fn read(text: &str, start: usize, limit: usize, bracketed: bool) -> Option<Address> {
    let page = &text[..limit];
    let scheme = scheme_len(&page[start..], bracketed)?;
    let bytes = page.as_bytes();
    let mut raw = String::new();
    // The page offset just past each byte of `raw`.
    let mut ends: Vec<usize> = Vec::new();
    let mut push = |raw: &mut String, piece: &str, end: usize| {
        raw.push_str(piece);
        ends.extend(std::iter::repeat_n(end, piece.len()));
    };
    push(&mut raw, &page[start..start + scheme], start + scheme);
    let mut j = start + scheme;
    if bytes.get(j) == Some(&b'[') {
        // `\[(?i:[0-9a-f:.]+)\]`: an IPv6 host.
        let host = page[j + 1..]
            .bytes()
            .take_while(|b| b.is_ascii_hexdigit() || matches!(b, b':' | b'.'))
            .count();
        if host == 0 || bytes.get(j + 1 + host) != Some(&b']') {
            return None;
        }
        push(&mut raw, &page[j..j + host + 2], j + host + 2);
        j += host + 2;
    }
    while j < limit {
        let rest = &page[j..];
        let Some(c) = rest.chars().next() else { break };
        if c == '<' {
            let tag = ["<noinclude>", "</noinclude>"].into_iter().find(|tag| {
                rest.get(..tag.len())
                    .is_some_and(|r| r.eq_ignore_ascii_case(tag))
            });
            match tag {
                Some(tag) => {
                    j += tag.len();
                    continue;
                }
                None => break,
            }
        }
        if !url_char(c) || rest.starts_with("''") || (!bracketed && matches!(c, '{' | '}' | '|')) {
            break;
        }
        if c == '&' && ends_address(rest, bracketed) {
            break;
        }
        push(&mut raw, &rest[..c.len_utf8()], j + c.len_utf8());
        j += c.len_utf8();
    }
    let mut keep = raw.len();
    if !bracketed {
        keep -= trailing(&raw);
    }
    if keep <= scheme {
        return None;
    }
    Some(Address {
        href: entities::decode(&raw[..keep]).into_owned(),
        end: ends[keep - 1],
    })
}

/// `EXT_LINK_URL_CLASS`: `[^][<>"\x00-\x20\x7F\p{Zs}\x{FFFD}]`.
fn url_char(c: char) -> bool {
    !(matches!(c, '[' | ']' | '<' | '>' | '"' | '\u{7f}' | '\u{fffd}')
        || c <= ' '
        || is_space_separator(c))
}

/// Unicode's `Zs`: the space separators.
fn is_space_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// Whether the reference at the start of `rest` ends an address: `&lt;` and
/// `&gt;` always, `&nbsp;` and the numeric forms of all three in a free one.
fn ends_address(rest: &str, bracketed: bool) -> bool {
    if rest.starts_with("&lt;") || rest.starts_with("&gt;") {
        return true;
    }
    if bracketed {
        return false;
    }
    // `/&(lt|gt|nbsp|#x0*(3[CcEe]|[Aa]0)|#0*(60|62|160));/`
    let Some(end) = crate::article::model::prefix(rest, 24).find(';') else {
        return false;
    };
    let name = &rest[1..end];
    if name == "nbsp" {
        return true;
    }
    let Some(number) = name.strip_prefix('#') else {
        return false;
    };
    match number.strip_prefix('x') {
        Some(hex) => matches!(
            hex.trim_start_matches('0'),
            "3C" | "3c" | "3E" | "3e" | "A0" | "a0"
        ),
        None => matches!(number.trim_start_matches('0'), "60" | "62" | "160"),
    }
}

/// How many bytes at the end of a free address are punctuation MediaWiki
/// moves out of it.
fn trailing(raw: &str) -> usize {
    let close_paren = !raw.contains('(');
    let run: usize = raw
        .chars()
        .rev()
        .take_while(|&c| {
            matches!(c, ',' | ';' | '.' | ':' | '!' | '?' | '\\') || (close_paren && c == ')')
        })
        .count();
    if run == 0 {
        return 0;
    }
    // All of these are ASCII: `run` is a byte count.
    let kept = &raw[..raw.len() - run];
    if raw[raw.len() - run..].starts_with(';') && ends_in_reference_name(kept) {
        return run - 1;
    }
    run
}

/// Whether `text` ends in `&name`, `&#123` or `&#x1F`: a `;` after it closes
/// a character reference.
fn ends_in_reference_name(text: &str) -> bool {
    let tail = text
        .bytes()
        .rev()
        .take_while(u8::is_ascii_alphanumeric)
        .count();
    let head = &text[..text.len() - tail];
    let name = &text[text.len() - tail..];
    if tail == 0 {
        return head.ends_with("&#");
    }
    if head.ends_with('&') {
        return name.bytes().all(|b| b.is_ascii_alphabetic());
    }
    if head.ends_with("&#") {
        return name.bytes().all(|b| b.is_ascii_digit())
            || (name.len() > 1
                && name.starts_with(['x', 'X'])
                && name[1..].bytes().all(|b| b.is_ascii_hexdigit()));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{read, Address};

    fn free(text: &str) -> Option<String> {
        read(text, 0, text.len(), false).map(|a| a.href)
    }

    fn bracketed(text: &str) -> Option<String> {
        read(text, 0, text.len(), true).map(|a| a.href)
    }

    #[test]
    fn character_references_in_an_address_are_decoded() {
        assert_eq!(
            free("http://e.org/a?b=1&amp;c=2 x").unwrap(),
            "http://e.org/a?b=1&c=2"
        );
        assert_eq!(
            free("http://e.org/q?x&#61;1").unwrap(),
            "http://e.org/q?x=1"
        );
        assert_eq!(free("http://e.org/p&vert;q").unwrap(), "http://e.org/p|q");
    }

    #[test]
    fn nbsp_lt_and_gt_end_an_address() {
        assert_eq!(free("http://e.org/a&nbsp;b").unwrap(), "http://e.org/a");
        assert_eq!(free("http://e.org/a&#160;b").unwrap(), "http://e.org/a");
        assert_eq!(free("http://e.org/a&lt;b").unwrap(), "http://e.org/a");
        assert_eq!(bracketed("http://e.org/a&gt;b").unwrap(), "http://e.org/a");
        // In brackets `&nbsp;` is part of the address.
        assert_eq!(
            bracketed("http://e.org/a&nbsp;b").unwrap(),
            "http://e.org/a\u{a0}b"
        );
    }

    #[test]
    fn italics_a_bracket_and_a_noinclude_tag_where_an_address_ends() {
        assert_eq!(free("http://e.org/x''y''").unwrap(), "http://e.org/x");
        assert_eq!(free("http://e.org/x'y").unwrap(), "http://e.org/x'y");
        assert_eq!(bracketed("http://e.org/a[b] c").unwrap(), "http://e.org/a");
        assert_eq!(
            free("http://e.org/a<noinclude>x</noinclude>b c").unwrap(),
            "http://e.org/axb"
        );
    }

    #[test]
    fn bracketed_ipv6_hosts_are_addresses() {
        let text = "http://[2001:db8::1]/path x";
        assert_eq!(
            read(text, 0, text.len(), false),
            Some(Address {
                href: "http://[2001:db8::1]/path".to_owned(),
                end: 25
            })
        );
        assert_eq!(
            bracketed("http://[::1]:8080/x").unwrap(),
            "http://[::1]:8080/x"
        );
        assert_eq!(free("http://[zz]/"), None);
    }

    #[test]
    fn trailing_punctuation_is_dropped_as_mediawiki_drops_it() {
        assert_eq!(free("http://e.org/a\\").unwrap(), "http://e.org/a");
        assert_eq!(free("http://e.org/b.").unwrap(), "http://e.org/b");
        assert_eq!(free("http://e.org/c,;:!?").unwrap(), "http://e.org/c");
        assert_eq!(free("http://e.org/h)").unwrap(), "http://e.org/h");
        assert_eq!(free("http://e.org/i_(j)").unwrap(), "http://e.org/i_(j)");
        assert_eq!(free("http://e.org/k&amp;").unwrap(), "http://e.org/k&");
        assert_eq!(free("http://."), None);
    }
}
