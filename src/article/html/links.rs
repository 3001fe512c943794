//! Which anchors of a Wikipedia page are external links, and where on the
//! page each sits.
//!
//! An external link is what an editor would call one: `a.external` (the
//! classic parser's mark for `[http://… label]` and bare URLs), an anchor
//! with rel `mw:ExtLink` (Parsoid's), or any other anchor whose address is
//! absolute (`http://`, `https://`, `//host`, as interwiki links to sites
//! outside Wikimedia are), unless it leads to one of the Wikimedia projects:
//! a saved page's absolute links to other articles, interwiki and
//! interlanguage links, and the wiki's own edit, "update" and navbar links
//! lead there, and none of them is a source.

use scraper::ElementRef;

use super::css::selector;
use crate::article::model::{collapse_whitespace, prefix, CitedSource, LinkPlace, RawLink};

/// The hosts of the Wikimedia projects (and their subdomains: `en.`, `m.`,
/// `commons.`, `upload.`, …).
const WIKIMEDIA: &[&str] = &[
    "wikipedia.org",
    "wikimedia.org",
    "wikidata.org",
    "wiktionary.org",
    "wikiquote.org",
    "wikisource.org",
    "wikibooks.org",
    "wikinews.org",
    "wikiversity.org",
    "wikivoyage.org",
    "mediawiki.org",
    "wikimediafoundation.org",
    "wikifunctions.org",
];

/// The heading of the "External links" section, in the wikis citecheck
/// reads (English, Chinese in its scripts, German).
const EXTERNAL_LINKS: &[&str] = &[
    "External links",
    "外部链接",
    "外部連結",
    "外部鏈接",
    "外部連接",
    "Weblinks",
];

/// Classes of the things around the text whose links are `other`.
const OTHER: &[&str] = &[
    "hatnote",
    "thumb",
    "thumbinner",
    "thumbcaption",
    "gallery",
    "gallerybox",
    "ambox",
    "mbox-small",
    "metadata",
    "sistersitebox",
    "side-box",
    "portal",
    "portalbox",
    "geo-default",
    "mw-indicators",
    "noexcerpt",
];

/// Whether `heading` (an h2's text) opens the "External links" section.
pub(super) fn is_external_links_heading(heading: &str) -> bool {
    EXTERNAL_LINKS.iter().any(|h| heading.starts_with(h))
}

/// Whether an anchor is an external link (see the module's doc).
pub(super) fn is_external(link: ElementRef<'_>) -> bool {
    let value = link.value();
    let href = value.attr("href").unwrap_or("").trim();
    if href.is_empty() || href.starts_with('#') {
        return false;
    }
    let marked = value.classes().any(|c| c == "external")
        || value
            .attr("rel")
            .is_some_and(|r| r.split_ascii_whitespace().any(|t| t == "mw:ExtLink"));
    let lower = prefix(href, 8).to_ascii_lowercase();
    let absolute =
        lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//");
    (marked || absolute) && !is_wikimedia(href)
}

/// Whether `href` leads to a Wikimedia project.
fn is_wikimedia(href: &str) -> bool {
    let Some((_, rest)) = href.split_once("//") else {
        return false;
    };
    // Only a scheme (or nothing) may come before the `//`.
    let scheme = &href[..href.len() - rest.len() - 2];
    let web_scheme = scheme.is_empty()
        || scheme
            .strip_suffix(':')
            .is_some_and(|s| s.bytes().all(|b| b.is_ascii_alphabetic()));
    if !web_scheme {
        return false;
    }
    let end = rest.find(['/', '?', '#', ':']).unwrap_or(rest.len());
    let host = rest[..end].to_ascii_lowercase();
    WIKIMEDIA
        .iter()
        .any(|w| host == *w || host.strip_suffix(w).is_some_and(|sub| sub.ends_with('.')))
}

/// The place an element's own classes give what it holds, if any; a
/// navbox holding the link to Help:Authority_control is the
/// authority-control box (as it was before that box had a class of its own).
/// `outer` is the place already given by the element's ancestors: the more
/// specific of the two wins (authority control, navbox, infobox, other), and
/// a navbox's content is searched once, at the outermost navbox.
pub(super) fn place_within(element: ElementRef<'_>, outer: Option<LinkPlace>) -> Option<LinkPlace> {
    let value = element.value();
    let has = |class: &str| value.classes().any(|c| c == class);
    let rank = |p: Option<LinkPlace>| match p {
        Some(LinkPlace::AuthorityControl) => 4,
        Some(LinkPlace::Navbox) => 3,
        Some(LinkPlace::Infobox) => 2,
        Some(LinkPlace::Other) => 1,
        _ => 0,
    };
    let here = if has("authority-control") {
        Some(LinkPlace::AuthorityControl)
    } else if has("navbox") || has("vertical-navbox") || has("sidebar") {
        if rank(outer) >= rank(Some(LinkPlace::Navbox)) {
            return outer;
        }
        let authority = has("navbox") && element.select(&AUTHORITY_HELP).next().is_some();
        Some(if authority {
            LinkPlace::AuthorityControl
        } else {
            LinkPlace::Navbox
        })
    } else if has("infobox") {
        Some(LinkPlace::Infobox)
    } else if OTHER.iter().any(|c| has(c))
        || matches!(value.name(), "figure" | "figcaption")
        || value.id() == Some("coordinates")
    {
        Some(LinkPlace::Other)
    } else {
        None
    };
    if rank(here) > rank(outer) {
        here
    } else {
        outer
    }
}

static ACCESS_DATE: std::sync::LazyLock<scraper::Selector> =
    std::sync::LazyLock::new(|| selector(".reference-accessdate"));
static AUTHORITY_HELP: std::sync::LazyLock<scraper::Selector> =
    std::sync::LazyLock::new(|| selector("a[href*=\"Authority_control\"]"));

/// Identifier links CS1 renders after `doi:`, `PMID`, `JSTOR`, …: the
/// wikitext has the identifier, not a link, so they are not the cited page.
pub(super) fn is_identifier_link(link: ElementRef<'_>) -> bool {
    // Free identifiers sit in a `span.id-lock-free` (or `-limited`, …).
    let wrapped = link
        .parent()
        .and_then(ElementRef::wrap)
        .filter(|p| p.value().classes().any(|c| c.starts_with("id-lock-")));
    let previous = wrapped
        .unwrap_or(link)
        .prev_siblings()
        .find_map(ElementRef::wrap);
    previous.is_some_and(|p| {
        p.value().name() == "a"
            && p.value().attr("href").is_some_and(|h| {
                h.contains("_(identifier)")
                    || h.contains("Digital_object_identifier")
                    || h.contains("PubMed")
            })
    })
}

/// Within one note, an archived copy beside the original (CS1's "Archived
/// from the original") is the original's `archive_url`, not a link of its
/// own, as in the wikitext.
pub(super) fn pair_archives(links: &mut Vec<RawLink>, from: usize, item: ElementRef<'_>) {
    let is_archive = |url: &str| {
        let lower = url.to_ascii_lowercase();
        [
            "web.archive.org/",
            "archive.org/web/",
            "archive.today/",
            "archive.ph/",
            "archive.is/",
            "webcitation.org/",
            "wayback.archive-it.org/",
        ]
        .iter()
        .any(|host| lower.contains(host))
    };
    let note: Vec<RawLink> = links.drain(from..).collect();
    let (archives, originals): (Vec<RawLink>, Vec<RawLink>) =
        note.into_iter().partition(|l| is_archive(&l.url));
    if originals.is_empty() {
        links.extend(archives);
        return;
    }
    let access = item.select(&ACCESS_DATE).next().map(|e| {
        let text = collapse_whitespace(&e.text().collect::<String>());
        let text = text.trim_start_matches(['.', ',', ' ']);
        text.strip_prefix("Retrieved")
            .unwrap_or(text)
            .trim()
            .trim_end_matches('.')
            .to_owned()
    });
    // Each copy goes to the original it is a copy of (its address ends with
    // the original's), else to the next original without one.
    let mut copies: Vec<Option<String>> = vec![None; originals.len()];
    let mut unpaired = Vec::new();
    for archive in archives {
        let bare = |url: &str| {
            url.split_once("://")
                .map_or(url, |(_, rest)| rest)
                .to_owned()
        };
        let target = originals
            .iter()
            .enumerate()
            .position(|(i, o)| copies[i].is_none() && archive.url.contains(&bare(&o.url)))
            .or_else(|| copies.iter().position(Option::is_none));
        match target {
            Some(i) => copies[i] = Some(archive.url),
            None => unpaired.push(archive),
        }
    }
    for (mut original, copy) in originals.into_iter().zip(copies) {
        if copy.is_some() || access.is_some() {
            original.cited = Some(CitedSource {
                archive_url: copy,
                access_date: access.clone(),
                ..CitedSource::default()
            });
        }
        links.push(original);
    }
    links.extend(unpaired);
}
