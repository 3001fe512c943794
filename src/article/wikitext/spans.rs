//! Where the citations of a page are in its text, byte for byte: for a
//! program that edits the page (the fixer), not for one that reads it.
//! Templates are found and split exactly as the reader finds them (the same
//! first pass, the same splitting at `|` and `=`), so an edit lands where
//! the reader saw the citation.

use std::ops::Range;

use super::cite::is_citation;
use super::scan::{self, TagName};
use super::template::Call;
use super::urls;

/// A template call as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSpan {
    /// The name as compared: lower case, `Template:` and underscores gone.
    pub key: String,
    /// From `{{` to just past `}}`.
    pub range: Range<usize>,
    /// Where its name ends (the first `|` or the `}}`).
    pub name_end: usize,
    /// Its parameters in the order written.
    pub params: Vec<ParamSpan>,
    /// Whether it is a full citation (`{{cite web}}`, `{{citation}}`, …).
    pub is_citation: bool,
    /// The content of the `<ref>` it sits in, if any.
    pub in_ref: Option<Range<usize>>,
}

/// One parameter of a template as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamSpan {
    /// Lower case and trimmed; `None` for a positional one.
    pub name: Option<String>,
    /// The value, trimmed.
    pub value: Range<usize>,
    /// All of it, from just past its `|` to the next `|` or the `}}`.
    pub part: Range<usize>,
}

impl TemplateSpan {
    /// The first parameter named any of `names` (lower case), empty or not.
    #[must_use]
    pub fn param(&self, names: &[&str]) -> Option<&ParamSpan> {
        names
            .iter()
            .find_map(|n| self.params.iter().find(|p| p.name.as_deref() == Some(n)))
    }
}

/// A bracketed external link `[url label]` as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSpan {
    /// From `[` to just past `]`.
    pub range: Range<usize>,
    /// The URL.
    pub url: Range<usize>,
    /// The content of the `<ref>` it sits in, if any.
    pub in_ref: Option<Range<usize>>,
}

/// The templates and bracketed links of a page, in page order.
#[derive(Debug, Clone, Default)]
pub struct Spans {
    /// Every template call, outermost and nested.
    pub templates: Vec<TemplateSpan>,
    /// Every bracketed external link outside templates.
    pub links: Vec<LinkSpan>,
}

/// Finds the templates and bracketed links of `source`.
#[must_use]
pub fn spans(source: &str) -> Spans {
    let scanned = scan::scan(source);
    let mut refs: Vec<Range<usize>> = scanned
        .tags
        .values()
        .filter(|t| t.name == TagName::Ref)
        .filter_map(|t| t.content.clone())
        .collect();
    refs.sort_by_key(|r| r.start);
    let in_ref = |at: usize| refs.iter().find(|r| r.start <= at && at < r.end).cloned();
    let mut templates: Vec<TemplateSpan> = scanned
        .templates
        .iter()
        .map(|(&start, &end)| {
            let call = Call::parse(&scanned, start..end);
            TemplateSpan {
                is_citation: is_citation(&call.key),
                name_end: call.name.end,
                params: call
                    .params
                    .into_iter()
                    .map(|p| ParamSpan {
                        name: p.name,
                        value: p.value,
                        part: p.part,
                    })
                    .collect(),
                key: call.key,
                range: start..end,
                in_ref: in_ref(start),
            }
        })
        .collect();
    templates.sort_by_key(|t| t.range.start);
    let text = scanned.text.as_str();
    let mut links = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find('[') {
        let start = at + i;
        at = start + 1;
        if text[at..].starts_with('[') {
            // `[[` is a wiki link.
            at += 1;
            continue;
        }
        if templates
            .iter()
            .any(|t| t.range.start < start && start < t.range.end)
        {
            continue;
        }
        let Some(address) = urls::read(text, at, text.len(), true) else {
            continue;
        };
        let Some(close) = text[address.end..].find(['\n', ']']) else {
            continue;
        };
        if !text[address.end + close..].starts_with(']') {
            continue;
        }
        let end = address.end + close + 1;
        links.push(LinkSpan {
            range: start..end,
            url: at..address.end,
            in_ref: in_ref(start),
        });
        at = end;
    }
    Spans { templates, links }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_and_links_are_found_where_they_are_written() {
        let text = "A.<ref>{{cite web\n | url = https://a.example/x\n | title = T\n}}</ref> \
                    B.<ref>[https://b.example/y B] {{cbignore}}</ref> [[Link]] {{nobots}}";
        let spans = spans(text);
        let cite = &spans.templates[0];
        assert!(cite.is_citation);
        assert_eq!(cite.key, "cite web");
        assert_eq!(
            &text[cite.range.clone()],
            "{{cite web\n | url = https://a.example/x\n | title = T\n}}"
        );
        let url = cite.param(&["url"]).unwrap();
        assert_eq!(&text[url.value.clone()], "https://a.example/x");
        assert_eq!(&text[url.part.clone()], " url = https://a.example/x\n ");
        assert!(cite.in_ref.is_some());
        let keys: Vec<&str> = spans.templates.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, ["cite web", "cbignore", "nobots"]);
        assert_eq!(spans.links.len(), 1);
        assert_eq!(&text[spans.links[0].url.clone()], "https://b.example/y");
        assert_eq!(
            &text[spans.links[0].range.clone()],
            "[https://b.example/y B]"
        );
    }
}
