//! A template call's name and parameters, split as MediaWiki splits them: at
//! the `|` and `=` that are not inside nested templates, links or tags.

use std::ops::Range;

use super::scan::Scanned;
use crate::article::wiki::template_key;

/// One template call.
#[derive(Debug)]
pub(super) struct Call {
    /// The name as compared ([`template_key`]).
    pub(super) key: String,
    /// The name as written.
    pub(super) name: Range<usize>,
    /// Parameters in the order written.
    pub(super) params: Vec<Param>,
}

/// One parameter of a call.
#[derive(Debug)]
pub(super) struct Param {
    /// Its name, lower case and trimmed; `None` for a positional one.
    pub(super) name: Option<String>,
    /// Its value, trimmed.
    pub(super) value: Range<usize>,
    /// All of it as written, from just past its `|` to its end (the next
    /// `|` or the closing `}}`), white space included.
    pub(super) part: Range<usize>,
}

impl Call {
    /// Splits the call that spans `range` (from `{{` to past `}}`).
    pub(super) fn parse(scanned: &Scanned, range: Range<usize>) -> Self {
        let text = &scanned.text;
        let inner = range.start + 2..range.end.saturating_sub(2).max(range.start + 2);
        let mut parts: Vec<(Range<usize>, Option<usize>)> = Vec::new();
        let mut part_start = inner.start;
        let mut equals: Option<usize> = None;
        let bytes = text.as_bytes();
        let mut i = inner.start;
        while i < inner.end {
            if let Some(end) = skip_nested(scanned, i).filter(|&e| e <= inner.end) {
                i = end;
                continue;
            }
            match bytes[i] {
                b'|' => {
                    parts.push((part_start..i, equals));
                    part_start = i + 1;
                    equals = None;
                }
                b'=' if equals.is_none() && !parts.is_empty() => equals = Some(i),
                _ => {}
            }
            i += 1;
        }
        parts.push((part_start..inner.end, equals));
        let mut parts = parts.into_iter();
        let name = parts.next().map_or(inner.clone(), |(r, _)| r);
        let key = template_key(&text[name.clone()]);
        let params = parts
            .map(|(part, equals)| match equals {
                Some(eq) => Param {
                    name: Some(text[part.start..eq].trim().to_lowercase()),
                    value: trimmed(text, eq + 1..part.end),
                    part,
                },
                None => Param {
                    name: None,
                    value: trimmed(text, part.clone()),
                    part,
                },
            })
            .collect();
        Self { key, name, params }
    }

    /// The value of the first named parameter among `names` that is not
    /// empty.
    pub(super) fn named(&self, names: &[&str]) -> Option<Range<usize>> {
        names.iter().find_map(|wanted| {
            self.params
                .iter()
                .find(|p| p.name.as_deref() == Some(wanted) && !p.value.is_empty())
                .map(|p| p.value.clone())
        })
    }

    /// The `n`-th positional parameter (1-based), MediaWiki-style: an
    /// explicit `n=` counts too.
    pub(super) fn positional(&self, n: usize) -> Option<Range<usize>> {
        let explicit = n.to_string();
        self.params
            .iter()
            .filter(|p| p.name.is_none())
            .nth(n - 1)
            .or_else(|| {
                self.params
                    .iter()
                    .find(|p| p.name.as_deref() == Some(explicit.as_str()))
            })
            .map(|p| p.value.clone())
    }

    /// Every positional value, in order.
    pub(super) fn positionals(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.params
            .iter()
            .filter(|p| p.name.is_none())
            .map(|p| p.value.clone())
    }
}

/// Where nested markup starting at `i` ends: a template, a parameter, a wiki
/// link or an extension tag.
pub(super) fn skip_nested(scanned: &Scanned, i: usize) -> Option<usize> {
    match scanned.text.as_bytes()[i] {
        b'{' => scanned
            .parameters
            .get(&i)
            .or_else(|| scanned.templates.get(&i))
            .copied(),
        b'[' => scanned.links.get(&i).copied(),
        b'<' => scanned.tags.get(&i).map(|t| t.end),
        _ => None,
    }
}

fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.end - (slice.len() - slice.trim_end().len());
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::super::scan::scan;
    use super::*;

    #[test]
    fn parameters_split_outside_nested_markup() {
        let text = "{{Cite web |url=http://a.example/?x=1 |title=[[A|B]] {{x|y=z}}| 2001 }}";
        let scanned = scan(text);
        let call = Call::parse(&scanned, 0..text.len());
        assert_eq!(call.key, "cite web");
        let url = call.named(&["url"]).unwrap();
        assert_eq!(&text[url], "http://a.example/?x=1");
        let title = call.named(&["title"]).unwrap();
        assert_eq!(&text[title], "[[A|B]] {{x|y=z}}");
        assert_eq!(&text[call.positional(1).unwrap()], "2001");
    }
}
