//! A page's main text: what its author wrote, without the site around it.
//!
//! Claim support compares a cited sentence with the page; a sidebar of
//! "most read" headlines, a menu or a footer would let a page seem to say
//! what only the site around it says. The reader takes the part of the page
//! that holds the most paragraph text among the places sites put their
//! article (`<article>`, `<main>`, `role=main`, `itemprop=articleBody`, the
//! usual content ids), else the body, and leaves out navigation, headers and
//! footers outside the article, asides, forms, scripts and elements whose
//! class or id says they are chrome (menus, cookie banners, share buttons,
//! related stories). Blocks end lines, so passages and sentences can be told
//! apart later.

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node, Selector};

/// How much main text is kept: more than a 64 KB page can hold in
/// practice, so the cap only guards against pathological pages.
pub(crate) const MAIN_CHARS: usize = 48 * 1024;

/// Below this many characters a candidate is not an article: a teaser
/// card, an empty `<main>` the page fills with script.
const ARTICLE_CHARS: usize = 200;

/// Tags never part of the main text.
const NEVER: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "head", "nav", "aside", "form", "button",
    "select", "option", "iframe", "canvas", "dialog", "menu",
];

/// Tags whose end is the end of a line of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "tr",
    "table",
    "section",
    "article",
    "main",
    "blockquote",
    "dd",
    "dt",
    "dl",
    "pre",
    "figcaption",
    "figure",
    "header",
    "footer",
    "address",
    "hr",
    "td",
    "th",
];

/// Words in a class or id that mark an element as the site's chrome rather
/// than the article. Matched against the parts of each class name and id
/// split at `-` and `_`.
const CHROME_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "footer",
    "sidebar",
    "cookie",
    "cookies",
    "consent",
    "share",
    "sharing",
    "social",
    "related",
    "comments",
    "comment",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "promo",
    "newsletter",
    "subscribe",
    "popup",
    "modal",
    "masthead",
    "toolbar",
    "skip",
    "widget",
    "trending",
    "popular",
    "recommended",
    "mostread",
    "navbox",
    "reflist",
    "references",
    "editsection",
    "noprint",
    "catlinks",
];

/// Roles that are chrome.
const CHROME_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
    "dialog",
    "alert",
];

/// The page's main text: lines of collapsed white space, at most
/// [`MAIN_CHARS`] characters.
pub(crate) fn main_text(document: &Html) -> String {
    let root = article_root(document);
    let mut out = String::new();
    let inside_article = root.as_ref().is_some_and(|r| {
        matches!(r.value().name(), "article" | "main") || r.value().attr("role").is_some()
    });
    let start = root.map_or_else(|| document.tree.root(), |r| *r);
    walk(start, inside_article, &mut out);
    let mut text = String::with_capacity(out.len());
    for line in out.lines() {
        let line = crate::article::collapse_whitespace(line);
        if !line.is_empty() {
            text.push_str(&line);
            text.push('\n');
        }
    }
    if let Some((cut, _)) = text.char_indices().nth(MAIN_CHARS) {
        text.truncate(cut);
    }
    text
}

/// The element that holds the article: of the places sites put it, the one
/// with the most paragraph text, when it has enough; else none (the whole
/// page is read).
fn article_root(document: &Html) -> Option<ElementRef<'_>> {
    // Parsed once for the run: every page read asks.
    static PLACES: std::sync::LazyLock<Selector> = std::sync::LazyLock::new(|| {
        Selector::parse(
            "article, main, [role=main], [itemprop=articleBody], #content, #main-content, \
             #article, .article-body, .article-content, .post-content, .entry-content, \
             .story-body, #mw-content-text",
        )
        .expect("a valid selector")
    });
    static PARAGRAPHS: std::sync::LazyLock<Selector> =
        std::sync::LazyLock::new(|| Selector::parse("p").expect("a valid selector"));
    let (places, paragraphs) = (&*PLACES, &*PARAGRAPHS);
    document
        .select(places)
        .filter(|e| !is_chrome(e.value()))
        .map(|e| {
            let mut chars: usize = e
                .select(paragraphs)
                .map(|p| p.text().map(|t| t.trim().chars().count()).sum::<usize>())
                .sum();
            if chars == 0 {
                chars = e.text().map(|t| t.trim().chars().count()).sum::<usize>() / 2;
            }
            (e, chars)
        })
        .filter(|(_, chars)| *chars >= ARTICLE_CHARS)
        // The largest; among equals the innermost (later in document order).
        .max_by_key(|(_, chars)| *chars)
        .map(|(e, _)| e)
}

/// Appends the text under `node`, leaving chrome out.
fn walk(node: NodeRef<'_, Node>, inside_article: bool, out: &mut String) {
    let mut stack = vec![(node, false)];
    while let Some((node, closing)) = stack.pop() {
        if closing {
            out.push('\n');
            continue;
        }
        match node.value() {
            Node::Text(text) => {
                out.push_str(text);
                if out.len() > MAIN_CHARS * 4 {
                    return;
                }
            }
            Node::Element(element) => {
                let name = element.name();
                if NEVER.contains(&name)
                    || (!inside_article && matches!(name, "header" | "footer"))
                    || name == "footer"
                    || is_chrome(element)
                    || is_hidden(element)
                {
                    continue;
                }
                if BLOCKS.contains(&name) {
                    out.push('\n');
                    stack.push((node, true));
                }
                stack.extend(node.children().rev().map(|c| (c, false)));
            }
            _ => stack.extend(node.children().rev().map(|c| (c, false))),
        }
    }
}

/// Whether an element's class, id or role says it is the site's chrome.
fn is_chrome(element: &scraper::node::Element) -> bool {
    if element
        .attr("role")
        .is_some_and(|role| CHROME_ROLES.contains(&role.trim().to_ascii_lowercase().as_str()))
    {
        return true;
    }
    // `<sup class=reference>`: a Wikipedia footnote marker, `[1]`.
    if element.name() == "sup"
        && element.has_class("reference", scraper::CaseSensitivity::AsciiCaseInsensitive)
    {
        return true;
    }
    let names = element
        .attr("class")
        .unwrap_or_default()
        .split_whitespace()
        .chain(element.attr("id"));
    for name in names {
        let lower = name.to_ascii_lowercase();
        if lower
            .split(['-', '_'])
            .any(|part| CHROME_WORDS.contains(&part))
        {
            return true;
        }
    }
    false
}

/// Whether the page hides the element from readers.
fn is_hidden(element: &scraper::node::Element) -> bool {
    element.attr("hidden").is_some()
        || element.attr("aria-hidden") == Some("true")
        || element.attr("style").is_some_and(|style| {
            let style: String = style
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            style.contains("display:none") || style.contains("visibility:hidden")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn main_of(html: &str) -> String {
        main_text(&Html::parse_document(html))
    }

    const ARTICLE: &str =
        "The pact was signed in Moscow on 23 August 1939 by the two foreign ministers, \
        after talks that had lasted several days and involved many officials of both governments. ";

    #[test]
    fn the_article_is_kept_and_the_site_around_it_left_out() {
        let html = format!(
            "<html><head><title>T</title><script>var x = 1;</script></head><body>\
             <header><a href=/>News Site</a></header>\
             <nav><ul><li>Home</li><li>World</li></ul></nav>\
             <div class=cookie-banner>We use cookies</div>\
             <article><header><h1>The pact</h1></header><p>{ARTICLE}{ARTICLE}</p><p>Second paragraph.</p>\
             <div class=share-buttons>Share on X</div></article>\
             <aside><h2>Most read</h2><p>Floods hit 40,000 homes</p></aside>\
             <footer>© 2024 News Site · Contact</footer></body></html>"
        );
        let text = main_of(&html);
        assert!(text.contains("23 August 1939"), "{text}");
        assert!(text.contains("The pact\n"), "{text}");
        assert!(text.contains("Second paragraph."), "{text}");
        for chrome in [
            "News Site",
            "World",
            "cookies",
            "Share on",
            "40,000",
            "Contact",
            "var x",
        ] {
            assert!(!text.contains(chrome), "{chrome} kept in {text}");
        }
    }

    #[test]
    fn without_an_article_element_the_body_is_read_without_its_chrome() {
        let html = format!(
            "<body><div id=top-menu>Menu items</div><div class=content><p>{ARTICLE}</p></div>\
             <div id=sidebar-related>Related: 5,000 jobs cut</div>\
             <p style='display: none'>hidden text</p></body>"
        );
        let text = main_of(&html);
        assert!(text.contains("foreign ministers"), "{text}");
        assert!(
            !text.contains("Menu items") && !text.contains("5,000") && !text.contains("hidden")
        );
    }

    #[test]
    fn the_largest_candidate_wins_over_teaser_cards() {
        let html = format!(
            "<body><article><p>Teaser card about 12 cats.</p></article>\
             <main><p>{ARTICLE}{ARTICLE}</p></main></body>"
        );
        let text = main_of(&html);
        assert!(
            text.contains("foreign ministers") && !text.contains("12 cats"),
            "{text}"
        );
    }
}
