//! Footnote markers written as text: `[12]`, `\[12\]`, `[^id]`.

use crate::article::model::{Block, BlockRole, Marker};

/// The longest marker label looked for, in bytes.
const MAX_MARKER_LEN: usize = 64;

/// Markers written as text: `[12]` (the converter escapes them as `\[12\]`,
/// which renders the same) and GFM references `[^id]` that have no definition,
/// which the parser leaves as text.
pub(super) fn find_markers(block: &Block) -> Vec<Marker> {
    let text = &block.text;
    let bytes = text.as_bytes();
    let mut markers = Vec::new();
    let mut i = 0;
    while let Some(pos) = text[i..].find('[') {
        let start = i + pos;
        i = start + 1;
        let rest = &text[start + 1..];
        // Markers are short; looking further than this for the `]` would make a
        // paragraph full of stray brackets quadratic.
        let Some(close) = rest.bytes().take(MAX_MARKER_LEN).position(|b| b == b']') else {
            continue;
        };
        let inner = &rest[..close];
        let id = if let Some(label) = inner.strip_prefix('^') {
            let ok = !label.is_empty() && !label.contains(char::is_whitespace);
            ok.then(|| label.to_owned())
        } else {
            let ok = (1..=4).contains(&inner.len())
                && inner.bytes().all(|b| b.is_ascii_digit())
                && bytes[start + 1] != b'0';
            ok.then(|| inner.to_owned())
        };
        let range = start..start + close + 2;
        if let Some(id) = id {
            if !block.in_code(&range) {
                markers.push(Marker {
                    id,
                    line: block.line_at(start),
                    range: range.clone(),
                    group: None,
                });
                i = range.end;
            }
        }
    }
    markers
}

/// Removes numeric markers from a heading's text.
pub(super) fn strip_markers(text: &str) -> String {
    let block = Block {
        role: BlockRole::Heading,
        section: 0,
        text: text.to_owned(),
        ..Block::default()
    };
    let mut out = String::new();
    let mut last = 0;
    for marker in find_markers(&block) {
        out.push_str(&text[last..marker.range.start]);
        last = marker.range.end;
    }
    out.push_str(&text[last..]);
    out.trim().to_owned()
}
