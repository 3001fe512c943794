//! The anchors a file offers to links that end in `#fragment`: the ids GitHub
//! gives Markdown headings, and the `id` and `name` attributes of raw HTML
//! (`<a name="x"></a>`, `<span id="x">`, pandoc's anchors).
//!
//! Heading ids follow GitHub (github-slugger): the heading's text, lower-cased,
//! with punctuation and symbols dropped and each space turned into `-`; the
//! second heading with the same id gets `-1`, the third `-2`.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The anchors of one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Anchors(HashSet<String>);

impl Anchors {
    /// The anchors of a Markdown file: its headings' GitHub ids and the ids in
    /// its raw HTML. Front matter is metadata, never a heading. An explicit
    /// id (`## Heading {#id}`, as mdBook, pandoc and Hugo write them) counts
    /// too, beside the ids GitHub would make of the heading with and without
    /// the braces: a link that works where the file is published is not
    /// called broken.
    #[must_use]
    pub fn of_markdown(text: &str) -> Self {
        let options = super::markdown::DIALECT;
        let mut anchors = HashSet::new();
        for options in [options, options | Options::ENABLE_HEADING_ATTRIBUTES] {
            markdown_anchors(text, options, &mut anchors);
        }
        Self(anchors)
    }

    /// The anchors of an HTML file: every `id` and `name` attribute.
    #[must_use]
    pub fn of_html(text: &str) -> Self {
        Self(html_ids(text).collect())
    }

    /// Whether `fragment` (percent-decoded) names an anchor. Browsers on
    /// GitHub also find an anchor written in another case, so `#Intro`
    /// reaches `## intro`.
    #[must_use]
    pub fn contains(&self, fragment: &str) -> bool {
        self.0.contains(fragment) || self.0.contains(&fragment.to_lowercase())
    }

    /// How many anchors there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Adds the anchors of Markdown `text` read with `options`.
fn markdown_anchors(text: &str, options: Options, anchors: &mut HashSet<String>) {
    let mut slugs = Slugger::default();
    // The text of the heading being read, if any; image alt text is not
    // part of it (GitHub takes the rendered text).
    let mut heading: Option<String> = None;
    let mut in_image = 0usize;
    // An HTML block arrives a line at a time; a tag may span lines, so the
    // block is read whole.
    let mut block = String::new();
    for event in Parser::new_ext(text, options) {
        if let Event::Html(html) = &event {
            block.push_str(html);
            continue;
        }
        if !block.is_empty() {
            anchors.extend(html_ids(&std::mem::take(&mut block)));
        }
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                anchors.extend(id.map(pulldown_cmark::CowStr::into_string));
                heading = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(text) = heading.take() {
                    anchors.extend(slugs.slug(&text));
                }
            }
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if in_image == 0 => {
                if let Some(heading) = &mut heading {
                    heading.push_str(&t);
                }
            }
            Event::InlineHtml(html) => anchors.extend(html_ids(&html)),
            _ => {}
        }
    }
    anchors.extend(html_ids(&block));
}

/// GitHub's heading ids, with the counter that makes repeated ones unique.
#[derive(Debug, Default)]
struct Slugger {
    /// How many times each id was asked for, less one.
    occurrences: HashMap<String, usize>,
}

impl Slugger {
    /// The id of the next heading with this text; `None` for an empty one.
    fn slug(&mut self, heading: &str) -> Option<String> {
        let base = github_slug(heading);
        if base.is_empty() {
            return None;
        }
        let mut id = base.clone();
        // As github-slugger: `a`, `a-1`, `a-2`; a heading whose own text is
        // `a-1` after that gets `a-1-1`.
        while self.occurrences.contains_key(&id) {
            let n = self.occurrences.entry(base.clone()).or_insert(0);
            *n += 1;
            id = format!("{base}-{n}");
        }
        self.occurrences.insert(id.clone(), 0);
        Some(id)
    }
}

/// A heading's text as GitHub makes it an id: lower-cased; letters, marks,
/// digits, `-` and `_` kept, every other character dropped; each space
/// turned into `-` (two spaces make `--`, and a space before an image that
/// ends the heading a final `-`).
#[must_use]
pub fn github_slug(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || is_mark(c) || is_connector(c) || c == '-' => Some(c),
            _ => None,
        })
        .collect()
}

/// Combining marks (accents written apart, the vowel signs of Indic scripts
/// that are not letters themselves): github-slugger keeps the Unicode
/// category M, which Rust's `is_alphanumeric` covers only in part.
fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F      // combining diacritical marks
        | 0x0483..=0x0489    // Cyrillic
        | 0x0591..=0x05BD    // Hebrew points
        | 0x064B..=0x065F    // Arabic harakat
        | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0951..=0x0957 // Devanagari
        | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E        // Thai
        | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF
        | 0x3099..=0x309A    // kana voicing marks
        | 0xFE00..=0xFE0F    // variation selectors
        | 0xFE20..=0xFE2F)
}

/// Connector punctuation (Unicode category Pc), which github-slugger keeps.
fn is_connector(c: char) -> bool {
    matches!(
        c,
        '_' | '\u{203F}' | '\u{2040}' | '\u{2054}' | '\u{FE33}' | '\u{FE34}' | '\u{FE4D}'
            ..='\u{FE4F}' | '\u{FF3F}'
    )
}

/// The `id` of every element and the `name` of every `<a>` in a piece of
/// HTML, read by html5ever (scraper) as a browser reads it: entities decoded,
/// attributes split over lines, comments skipped.
fn html_ids(html: &str) -> impl Iterator<Item = String> {
    in_document(&scraper::Html::parse_fragment(html)).into_iter()
}

/// The names a fragment can reach in a parsed page: every element's `id`
/// and every `<a name>`, as browsers find them. The one rule for local files
/// and fetched pages alike.
pub(crate) fn in_document(document: &scraper::Html) -> HashSet<String> {
    document
        .tree
        .nodes()
        .filter_map(|node| node.value().as_element())
        .flat_map(|element| {
            let name = (element.name() == "a")
                .then(|| element.attr("name"))
                .flatten();
            [element.attr("id"), name]
        })
        .flatten()
        .filter(|value| !value.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_follow_github() {
        for (heading, id) in [
            ("Intro", "intro"),
            ("What's new in 2.0?", "whats-new-in-20"),
            ("`Option<T>` and you", "optiont-and-you"),
            ("A  B", "a--b"),
            ("snake_case & kebab-case", "snake_case--kebab-case"),
            ("Änderungen", "änderungen"),
            ("中文（简体）说明", "中文简体说明"),
            ("🎉 Release", "-release"),
        ] {
            assert_eq!(github_slug(heading), id, "{heading}");
        }
    }

    #[test]
    fn repeated_headings_get_numbers_and_markup_is_dropped() {
        let anchors = Anchors::of_markdown(
            "---\ntitle: Front\n---\n\n# Usage\n\n## Usage\n\n## Usage\n\n## Usage-1\n\n## *Emphasis* and [a link](x.md) ![pic](p.png)\n\nSetext\n======\n\n#### Poor interaction { #overload }\n",
        );
        for id in [
            "usage",
            "usage-1",
            "usage-2",
            "usage-1-1",
            "emphasis-and-a-link-",
            "setext",
            "overload",
            "poor-interaction--overload-",
            "poor-interaction",
        ] {
            assert!(anchors.contains(id), "{id} in {anchors:?}");
        }
        assert!(!anchors.contains("title-front"), "{anchors:?}");
        assert_eq!(anchors.len(), 9);
    }

    #[test]
    fn html_ids_and_names_are_anchors_in_any_case_of_link() {
        let anchors = Anchors::of_markdown(
            "<a name=\"old-name\"></a>\n\n## Title <span id='inline'></span>\n\nText <a id=x data-id=\"no\">.\n\n```\n<a id=\"in-code\">\n```\n",
        );
        for id in ["old-name", "inline", "x", "title-", "Title-", "OLD-NAME"] {
            assert!(anchors.contains(id), "{id} in {anchors:?}");
        }
        assert!(!anchors.contains("no") && !anchors.contains("in-code"));
        let html = Anchors::of_html(
            "<h2 id=\"a&amp;b\">A</h2><a\n  class=x\n  name=\"c\"><!-- <p id=hidden> --><meta name=viewport>",
        );
        assert!(html.contains("a&b") && html.contains("c"));
        assert!(!html.contains("hidden") && !html.contains("viewport"));
    }
}
