//! The first pass over wikitext, as MediaWiki's preprocessor makes it: what
//! is not markup at all (comments, `<nowiki>`, `<pre>`, `<syntaxhighlight>`,
//! `<math>`, …) is blanked, the extension tags that hold wikitext of their
//! own (`<ref>`, `<references>`, `<gallery>`) are found, and every `{{ }}`
//! and `[[ ]]` is paired.
//!
//! Each of these is one forward walk, with every search for a closing tag
//! remembered, so the pass is linear in the length of the page however the
//! markup is broken; later passes jump over nested markup in constant time.

use std::collections::HashMap;
use std::ops::Range;

/// Tags whose content is not wikitext: nothing inside is a marker, a link or
/// an ISBN. `<includeonly>` is wikitext, but only where the page is
/// transcluded: on the page itself the preprocessor drops it, content and
/// all.
const OPAQUE: &[&str] = &[
    "nowiki",
    "includeonly",
    "pre",
    "syntaxhighlight",
    "source",
    "math",
    "chem",
    "ce",
    "score",
    "timeline",
    "graph",
    "templatedata",
    "mapframe",
    "maplink",
    "hiero",
    "code",
];

/// An extension tag that holds wikitext.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TagName {
    /// `<ref>`: a footnote.
    Ref,
    /// `<references>`: the notes list, which may define notes.
    References,
    /// `<gallery>`: images with captions, not prose.
    Gallery,
}

/// One extension tag found in the page.
#[derive(Debug, Clone)]
pub(super) struct Tag {
    /// Which tag.
    pub(super) name: TagName,
    /// The attributes, between the tag's name and its `>`.
    pub(super) attributes: Range<usize>,
    /// What the tag encloses; `None` for a self-closing tag.
    pub(super) content: Option<Range<usize>>,
    /// Just past the closing tag.
    pub(super) end: usize,
}

/// The page after the first pass.
#[derive(Debug)]
pub(super) struct Scanned {
    /// The source with every opaque region replaced by spaces (line breaks
    /// kept): the same length and offsets, so lines still map.
    pub(super) text: String,
    /// Where each closed `{{` ends (just past its `}}`), by its offset.
    pub(super) templates: HashMap<usize, usize>,
    /// Where each closed `{{{` parameter ends, by its offset.
    pub(super) parameters: HashMap<usize, usize>,
    /// Where each closed `[[` ends (just past its `]]`), by its offset.
    pub(super) links: HashMap<usize, usize>,
    /// Extension tags by the offset of their `<`.
    pub(super) tags: HashMap<usize, Tag>,
    /// `<nowiki>…</nowiki>` regions, in page order: blanked like the other
    /// opaque tags, but their content is text a reader sees (character
    /// references decoded, line breaks as spaces).
    pub(super) literals: Vec<(Range<usize>, String)>,
}

/// Runs the first pass.
pub(super) fn scan(source: &str) -> Scanned {
    let (text, literals) = blank_opaque(source);
    let tags = extension_tags(&text);
    let (templates, parameters) = pair_braces(&text, &tags);
    let links = pair_brackets(&text, &tags);
    Scanned {
        text,
        templates,
        parameters,
        links,
        tags,
        literals,
    }
}

/// Finds closing tags (`</name`) from growing positions, remembering the last
/// answer per name so that many unclosed openings cost one search in all.
#[derive(Default)]
struct Closings {
    /// Per name: searched from, found at (`None`: no closing after it).
    last: HashMap<&'static str, (usize, Option<usize>)>,
}

impl Closings {
    fn find(&mut self, lower: &str, name: &'static str, from: usize) -> Option<usize> {
        if let Some(&(searched, found)) = self.last.get(name) {
            if from >= searched && found.is_none_or(|f| f >= from) {
                return found;
            }
        }
        let needle = format!("</{name}");
        let mut at = from;
        let found = loop {
            match lower[at..].find(&needle) {
                Some(i) => {
                    let end = at + i + needle.len();
                    // `</refx` is not `</ref`.
                    if lower[end..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace()) {
                        break Some(at + i);
                    }
                    at = end;
                }
                None => break None,
            }
        };
        self.last.insert(name, (from, found));
        found
    }
}

/// The source with comments and opaque tags blanked, and the text of each
/// `<nowiki>`. An unclosed comment runs to the end of the page (as MediaWiki
/// reads it); an unclosed opaque tag is only its own tag.
fn blank_opaque(source: &str) -> (String, Vec<(Range<usize>, String)>) {
    let lower = source.to_ascii_lowercase();
    let mut bytes = source.as_bytes().to_vec();
    let mut closings = Closings::default();
    let mut literals = Vec::new();
    let mut at = 0;
    while let Some(i) = lower[at..].find('<') {
        let start = at + i;
        let rest = &lower[start..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            let end = comment
                .find("-->")
                .map_or(lower.len(), |j| start + 4 + j + 3);
            blank(&mut bytes, start..end);
            at = end;
            continue;
        }
        let Some(name) = OPAQUE.iter().find(|name| opens(rest, name)).copied() else {
            at = start + 1;
            continue;
        };
        let Some(close) = tag_close(&lower, start) else {
            at = start + 1;
            continue;
        };
        let self_closing = lower[..close].ends_with('/');
        let end = if self_closing {
            close + 1
        } else {
            match closings.find(&lower, name, close) {
                Some(c) => {
                    if name == "nowiki" {
                        let shown =
                            super::entities::decode(&source[close + 1..c]).replace('\n', " ");
                        literals.push((start..c, shown));
                    }
                    lower[c..].find('>').map_or(lower.len(), |j| c + j + 1)
                }
                None => close + 1,
            }
        };
        blank(&mut bytes, start..end);
        at = end;
    }
    // Only ASCII bytes were written over whole characters: still UTF-8.
    (String::from_utf8(bytes).unwrap_or_default(), literals)
}

/// Whether `rest` (lower case, starting at `<`) opens the tag `name`.
fn opens(rest: &str, name: &str) -> bool {
    rest.get(1..=name.len()) == Some(name)
        && rest[1 + name.len()..]
            .starts_with(|c: char| c == '>' || c == '/' || c.is_ascii_whitespace())
}

/// The `>` that ends the tag opened at `start`, on the same line or within a
/// few lines of attributes.
fn tag_close(text: &str, start: usize) -> Option<usize> {
    let window = crate::article::model::prefix(&text[start..], 2048);
    let mut quote = None;
    for (i, c) in window.char_indices() {
        match (c, quote) {
            ('"' | '\'', None) => quote = Some(c),
            (q, Some(open)) if q == open => quote = None,
            ('>', None) => return Some(start + i),
            ('<', None) if i > 0 => return None,
            _ => {}
        }
    }
    None
}

fn blank(bytes: &mut [u8], range: Range<usize>) {
    for b in &mut bytes[range] {
        if *b != b'\n' {
            *b = b' ';
        }
    }
}

/// `<ref>`, `<references>` and `<gallery>` tags, in one walk. A `<ref>`
/// without a closing tag is text (MediaWiki shows it as written); tags
/// inside a tag's content belong to that content and are not listed.
fn extension_tags(text: &str) -> HashMap<usize, Tag> {
    let lower = text.to_ascii_lowercase();
    let mut closings = Closings::default();
    let mut tags = HashMap::new();
    let mut at = 0;
    while let Some(i) = lower[at..].find('<') {
        let start = at + i;
        let rest = &lower[start..];
        let found = [
            ("ref", TagName::Ref),
            ("references", TagName::References),
            ("gallery", TagName::Gallery),
        ]
        .into_iter()
        .find(|(name, _)| opens(rest, name));
        let Some((name, kind)) = found else {
            at = start + 1;
            continue;
        };
        let Some(close) = tag_close(&lower, start) else {
            at = start + 1;
            continue;
        };
        let attributes = start + 1 + name.len()..close;
        if lower[..close].ends_with('/') {
            tags.insert(
                start,
                Tag {
                    name: kind,
                    attributes: attributes.start..close - 1,
                    content: None,
                    end: close + 1,
                },
            );
            at = close + 1;
            continue;
        }
        let name: &'static str = match kind {
            TagName::Ref => "ref",
            TagName::References => "references",
            TagName::Gallery => "gallery",
        };
        match closings.find(&lower, name, close + 1) {
            Some(c) => {
                let end = lower[c..].find('>').map_or(lower.len(), |j| c + j + 1);
                tags.insert(
                    start,
                    Tag {
                        name: kind,
                        attributes,
                        content: Some(close + 1..c),
                        end,
                    },
                );
                // `<references>` holds `<ref>`s of its own: walk into it.
                at = if kind == TagName::References {
                    close + 1
                } else {
                    end
                };
            }
            None => at = close + 1,
        }
    }
    tags
}

/// Pairs `{{`…`}}` (templates) and `{{{`…`}}}` (parameters) as MediaWiki's
/// preprocessor does: runs of braces, the innermost matched first. Braces
/// never pair across the edge of a `<ref>`'s content.
fn pair_braces(
    text: &str,
    tags: &HashMap<usize, Tag>,
) -> (HashMap<usize, usize>, HashMap<usize, usize>) {
    let bytes = text.as_bytes();
    let mut templates = HashMap::new();
    let mut parameters = HashMap::new();
    // Open runs: (offset, length).
    let mut stack: Vec<(usize, usize)> = Vec::new();
    // Content edges of tags: where a scope opens, where it closes.
    let mut scopes: Vec<(usize, usize)> = Vec::new();
    let mut edges: Vec<(usize, bool)> = tags
        .values()
        .filter_map(|t| t.content.clone())
        .flat_map(|c| [(c.start, true), (c.end, false)])
        .collect();
    edges.sort_unstable();
    let mut edge = 0;
    let mut i = 0;
    while i < bytes.len() {
        while edge < edges.len() && edges[edge].0 <= i {
            let (at, opening) = edges[edge];
            if opening {
                scopes.push((at, stack.len()));
            } else if let Some((_, depth)) = scopes.pop() {
                stack.truncate(depth);
            }
            edge += 1;
        }
        let b = bytes[i];
        if b != b'{' && b != b'}' {
            i += 1;
            continue;
        }
        let mut run = 1;
        while i + run < bytes.len() && bytes[i + run] == b {
            run += 1;
        }
        let next_edge = edges.get(edge).map_or(usize::MAX, |e| e.0);
        let run = run.min(next_edge.saturating_sub(i)).max(1);
        if b == b'{' {
            if run >= 2 {
                stack.push((i, run));
            }
        } else {
            let floor = scopes.last().map_or(0, |s| s.1);
            let mut left = run;
            let mut at = i;
            while left >= 2 && stack.len() > floor {
                let Some(top) = stack.last_mut() else { break };
                let take = if top.1 >= 3 && left >= 3 { 3 } else { 2 };
                let open = top.0 + top.1 - take;
                if take == 3 {
                    parameters.insert(open, at + take);
                } else {
                    templates.insert(open, at + take);
                }
                top.1 -= take;
                at += take;
                left -= take;
                if top.1 < 2 {
                    stack.pop();
                }
            }
        }
        i += run;
    }
    (templates, parameters)
}

/// Pairs `[[`…`]]` (wiki links), innermost first, never across a line break
/// outside of a nested link (a file's caption may hold links) nor across the
/// edge of a tag's content.
fn pair_brackets(text: &str, tags: &HashMap<usize, Tag>) -> HashMap<usize, usize> {
    let bytes = text.as_bytes();
    let mut links = HashMap::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut edges: Vec<usize> = tags
        .values()
        .filter_map(|t| t.content.clone())
        .flat_map(|c| [c.start, c.end])
        .collect();
    edges.sort_unstable();
    let mut edge = 0;
    let mut i = 0;
    while i + 1 < bytes.len() {
        if edge < edges.len() && edges[edge] <= i {
            stack.clear();
            while edge < edges.len() && edges[edge] <= i {
                edge += 1;
            }
        }
        match (bytes[i], bytes[i + 1]) {
            (b'[', b'[') => {
                stack.push(i);
                i += 2;
            }
            (b']', b']') => {
                if let Some(open) = stack.pop() {
                    links.insert(open, i + 2);
                }
                i += 2;
            }
            (b'\n', b'\n') => {
                stack.clear();
                i += 1;
            }
            _ => i += 1,
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_nowiki_are_blanked_keeping_offsets_and_lines() {
        let source = "a<!-- <ref>x</ref>\n -->b<nowiki>{{x}}</nowiki>c<math>[[y]]</math>";
        let scanned = scan(source);
        assert_eq!(scanned.text.len(), source.len());
        assert_eq!(scanned.text.matches('\n').count(), 1);
        assert!(scanned.tags.is_empty());
        assert!(scanned.templates.is_empty());
        assert!(scanned.links.is_empty());
        assert!(scanned.text.starts_with('a') && scanned.text.ends_with(' '));
    }

    #[test]
    fn an_unclosed_comment_runs_to_the_end() {
        let scanned = scan("a <!-- b <ref>c</ref>");
        assert!(scanned.tags.is_empty());
        assert_eq!(scanned.text.trim(), "a");
    }

    #[test]
    fn braces_pair_innermost_first_and_not_across_refs() {
        let text = "{{a|{{b}}}} <ref>{{c</ref> }}";
        let scanned = scan(text);
        assert_eq!(scanned.templates.get(&0), Some(&11));
        assert_eq!(scanned.templates.get(&4), Some(&9));
        assert_eq!(scanned.templates.len(), 2);
        let triple = scan("{{{1|x}}}");
        assert_eq!(triple.parameters.get(&0), Some(&9));
    }

    #[test]
    fn refs_self_closing_unclosed_and_inside_references() {
        let text =
            "<ref name=a/> <ref>x</ref> <ref>open <references><ref name=b>y</ref></references>";
        let scanned = scan(text);
        let mut kinds: Vec<(usize, TagName, bool)> = scanned
            .tags
            .iter()
            .map(|(at, t)| (*at, t.name, t.content.is_some()))
            .collect();
        kinds.sort_by_key(|k| k.0);
        // The third <ref> has no closing tag of its own: its content runs to
        // the next </ref>, as MediaWiki reads it.
        assert_eq!(kinds.len(), 3);
        assert_eq!(kinds[0].1, TagName::Ref);
        assert!(!kinds[0].2);
    }

    #[test]
    fn many_unclosed_tags_stay_linear() {
        let text = "<nowiki>".repeat(20_000) + &"<ref>".repeat(20_000) + &"{{".repeat(20_000);
        let started = std::time::Instant::now();
        let scanned = scan(&text);
        assert!(scanned.templates.is_empty());
        assert!(started.elapsed().as_secs() < 5);
    }
}
