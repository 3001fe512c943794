//! Character references (`&amp;`, `&#61;`, `&#x3D;`, `&vert;`) decoded as
//! MediaWiki's `Sanitizer::decodeCharReferences` decodes them: a named
//! reference is one of HTML5's and needs its `;`; a number that is not a
//! character becomes U+FFFD; anything else stays as written.
//!
//! It never decodes without a `;`, and never looks further than one
//! reference's length past an `&`, so decoding is linear in the text.

use std::borrow::Cow;

/// The longest reference read: HTML5's longest name is 31 characters.
const MAX_REFERENCE: usize = 40;

/// `text` with every character reference decoded.
pub(super) fn decode(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some((decoded, len)) = reference(rest) {
            out.push_str(&decoded);
            rest = &rest[len..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character reference at the start of `text` (which starts with `&`),
/// decoded, and its length.
pub(super) fn reference(text: &str) -> Option<(String, usize)> {
    let window = crate::article::model::prefix(text, MAX_REFERENCE);
    let end = window.find(';')?;
    let name = &text[1..end];
    if name.is_empty() {
        return None;
    }
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                u32::from_str_radix(hex, 16).unwrap_or(u32::MAX)
            }
            None if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) => {
                number.parse().unwrap_or(u32::MAX)
            }
            _ => return None,
        };
        return Some((codepoint(code).to_string(), end + 1));
    }
    if !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let &(first, second) = html5ever::data::NAMED_ENTITIES.get(&text[1..=end])?;
    let first = char::from_u32(first).filter(|&c| c != '\0')?;
    let mut decoded = first.to_string();
    decoded.extend(char::from_u32(second).filter(|&c| c != '\0'));
    Some((decoded, end + 1))
}

/// A numeric reference's character, as `Sanitizer::validateCodepoint`
/// allows them (XML's characters), else U+FFFD.
fn codepoint(code: u32) -> char {
    let valid = matches!(code, 0x09 | 0x0a | 0x0d)
        || (0x20..=0xd7ff).contains(&code)
        || (0xe000..=0xfffd).contains(&code)
        || (0x10000..=0x10_ffff).contains(&code);
    char::from_u32(code).filter(|_| valid).unwrap_or('\u{fffd}')
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn named_numeric_and_hex_references_decode_as_mediawiki_decodes_them() {
        assert_eq!(decode("a &amp; b"), "a & b");
        assert_eq!(decode("x&#61;y&#x3D;z"), "x=y=z");
        assert_eq!(decode("p&vert;q"), "p|q");
        assert_eq!(decode("&#0;"), "\u{fffd}");
        // No `;`, an unknown name, a bare `&`: as written.
        assert_eq!(decode("a &amp b &nosuch; c & d"), "a &amp b &nosuch; c & d");
    }
}
