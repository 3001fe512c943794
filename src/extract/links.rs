//! Links: every markup link and every bare URL in the text, with the place it
//! was found, its kind, and what checking it means.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};
use url::Url;

use super::bare_urls::bare_urls;
use crate::article::wiki::is_image_target;
use crate::article::{Article, Block, CitedSource, Format, LinkPlace};

/// What a link is for, decided in this order: wiki (a converter's link to
/// another article), relative, image, wiki, citation, external.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// A source cited inside a footnote (BookSources links included).
    Citation,
    /// Any other link in the body.
    External,
    /// A link to another wiki page: a Wikipedia address, or a converter's
    /// link to another article of the converted wiki (see
    /// [`Link::wiki_article`]). Never a source: it is not counted as a
    /// dead citation.
    Wiki,
    /// A relative path to a file next to the article.
    Relative,
    /// A media file: image syntax, a `File:` page, a `fig:` title.
    Image,
}

impl Target {
    /// The target of a link read back from a report (`citecheck merge`).
    fn read_back() -> Self {
        Self::Excluded("read back from a report".to_owned())
    }
}

/// What checking a link means, decided once when the link is found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An http(s) URL, fetched by the link checker. Protocol-relative URLs are
    /// read as https.
    Web(Url),
    /// A file in the article's repository, and the place in it the fragment
    /// names; resolved on disk by the checker, which knows the root.
    File(LocalTarget),
    /// Not fetched by rule (`mailto:`, `ftp:`, `javascript:`, a bare wiki file
    /// name); the reason in words.
    Excluded(String),
    /// Not a well-formed URL; the reason in words.
    Invalid(String),
}

/// A local link as written: which file, seen from which article, and which
/// place in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LocalTarget {
    /// The article the link is written in: a relative path starts from its
    /// folder, and the repository root is found from it.
    pub article: PathBuf,
    /// The path as written, percent-decoded, without query or fragment.
    /// Empty for a link into the article itself (`#part`); starting with `/`
    /// for a path from the repository's root, never the machine's.
    pub path: String,
    /// The fragment, percent-decoded: a heading or anchor of the target.
    /// `None` when there is none or it is empty (`page.md#`).
    pub fragment: Option<String>,
}

impl LocalTarget {
    /// The title of the article a converter's wikilink names: the file's
    /// name without its extension, percent-escapes already decoded
    /// (`../Page/元首_(納粹德國).md` names `元首_(納粹德國)`).
    #[must_use]
    pub fn article_title(&self) -> String {
        let name = self.path.rsplit('/').next().unwrap_or(&self.path);
        Path::new(name)
            .file_stem()
            .map_or_else(|| name.to_owned(), |s| s.to_string_lossy().into_owned())
    }

    /// Whether the path starts from the repository's root (`/docs/a.md`).
    #[must_use]
    pub fn from_root(&self) -> bool {
        self.path.starts_with('/')
    }

    /// The file a relative path names, resolved against the article's folder
    /// by its text alone (`sources/a/../Page/X.md` is `sources/Page/X.md`);
    /// the article itself for a bare fragment. A path from the root has no
    /// such reading: the checker joins it to the root.
    #[must_use]
    pub fn beside_article(&self) -> PathBuf {
        if self.path.is_empty() {
            self.article.clone()
        } else {
            let folder = self.article.parent().unwrap_or_else(|| Path::new(""));
            normalize(&folder.join(&self.path))
        }
    }
}

/// One link at one place in an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The destination as written (escapes resolved).
    pub url: String,
    /// What the link is for.
    pub kind: LinkKind,
    /// 1-based source line.
    pub line: u32,
    /// The footnote the link sits in, if any.
    pub note: Option<String>,
    /// For a scheme-relative link (`//host/path`), the https URL it is
    /// checked as; `None` for every other link, whose `url` already says
    /// where it leads.
    pub resolved_url: Option<String>,
    /// What the article's citation template says about the source: its
    /// title, the archived copy the article already gives, `url-status`,
    /// `access-date`. Absent for links no template describes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<CitedSource>,
    /// Where on the page the link sits (a reference, the body, an infobox,
    /// a navbox, …); absent when the reader cannot tell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<LinkPlace>,
    /// What checking it means; a link read back from a report was already
    /// checked, and is not checked again.
    #[serde(skip, default = "Target::read_back")]
    pub target: Target,
}

impl Link {
    /// Classifies a destination found at `line` (in `note`, if any).
    #[must_use]
    pub fn new(
        article: &Article,
        url: &str,
        title: &str,
        line: u32,
        note: Option<String>,
        image_syntax: bool,
    ) -> Self {
        let mut target = target(article, url);
        let converter_wikilink = title == WIKILINK_TITLE && matches!(target, Target::File(_));
        if let (true, Target::File(local)) = (converter_wikilink, &mut target) {
            // A wiki says whether a page exists, never whether a section
            // does: the article is what is looked for.
            local.fragment = None;
        }
        let kind = if converter_wikilink {
            LinkKind::Wiki
        } else if matches!(target, Target::File(_)) {
            LinkKind::Relative
        } else if image_syntax || is_image_target(url, title) {
            LinkKind::Image
        } else if title == WIKILINK_TITLE || is_wiki_page(&target) {
            LinkKind::Wiki
        } else if note.is_some() {
            LinkKind::Citation
        } else {
            LinkKind::External
        };
        let resolved_url = match &target {
            Target::Web(absolute) if url.starts_with("//") => Some(absolute.to_string()),
            _ => None,
        };
        Self {
            url: url.to_owned(),
            kind,
            line,
            note,
            resolved_url,
            citation: None,
            place: None,
            target,
        }
    }

    /// For a converter's link to another article of the wiki
    /// (`[X](../Page/X.md "wikilink")`, as mediawiki-to-gfm writes one):
    /// the file the article would be, resolved on disk like any local link
    /// but judged as a link between articles (present, a red link, or not
    /// checked when the folder does not hold the wiki), never as a source.
    #[must_use]
    pub fn wiki_article(&self) -> Option<&LocalTarget> {
        match &self.target {
            Target::File(local) if self.kind == LinkKind::Wiki => Some(local),
            _ => None,
        }
    }

    /// The ISBN in a `Special:BookSources/…` URL, if this is one.
    #[must_use]
    pub fn book_sources_isbn(&self) -> Option<&str> {
        let Target::Web(url) = &self.target else {
            return None;
        };
        let path = url.path();
        let at = path
            .find("Special:BookSources/")
            .map(|i| i + "Special:BookSources/".len())
            .or_else(|| path.find("Special%3ABookSources/").map(|i| i + 22))?;
        let isbn = path[at..].split('/').next().unwrap_or("");
        (!isbn.is_empty()).then_some(isbn)
    }
}

/// The title Markdown converters of MediaWiki (mediawiki-to-gfm and its
/// forks) give a link between two articles of the wiki.
pub const WIKILINK_TITLE: &str = "wikilink";

/// All links of an article, in the order of their lines: the markup's links and
/// the bare URLs in its text.
#[must_use]
pub fn links(article: &Article) -> Vec<Link> {
    let mut found: Vec<Link> = article
        .links
        .iter()
        .map(|raw| {
            let mut link = Link::new(
                article,
                &raw.url,
                &raw.title,
                raw.line,
                raw.note.clone(),
                raw.image_syntax,
            );
            link.citation.clone_from(&raw.cited);
            link.place = raw.place.or_else(|| in_note(raw.note.as_ref()));
            link
        })
        .collect();
    for block in &article.blocks {
        let note = block.note_id().map(str::to_owned);
        let unparsed = unparsed_links(block);
        for (range, image_syntax) in &unparsed {
            let url = &block.text[range.clone()];
            let line = block.line_at(range.start);
            let mut found_link = Link::new(article, url, "", line, note.clone(), *image_syntax);
            found_link.place = in_note(note.as_ref());
            found.push(found_link);
        }
        for (range, url) in bare_urls(block, article.format == Format::Markdown) {
            // `unparsed` is ascending and disjoint: one binary search.
            let i = unparsed.partition_point(|(r, _)| r.start <= range.start);
            let inside = i
                .checked_sub(1)
                .is_some_and(|i| range.end <= unparsed[i].0.end);
            if inside {
                continue;
            }
            let line = block.line_at(range.start);
            let mut found_link = Link::new(article, &url, "", line, note.clone(), false);
            found_link.place = in_note(note.as_ref());
            found.push(found_link);
        }
    }
    found.sort_by_key(|l| l.line);
    found
}

/// The place a link has when its reader gave none: in a note, a
/// reference; elsewhere unknown (a Markdown or wikitext reader cannot tell
/// an infobox or a navbox from the text).
fn in_note(note: Option<&String>) -> Option<LinkPlace> {
    note.map(|_| LinkPlace::Reference)
}

fn target(article: &Article, url: &str) -> Target {
    if url.trim().is_empty() {
        return Target::Invalid("the link has no destination".to_owned());
    }
    let absolute = if url.starts_with("//") {
        Url::parse(&format!("https:{url}"))
    } else {
        Url::parse(url)
    };
    match absolute {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {
            if parsed.host_str().is_some_and(|h| !h.is_empty()) {
                Target::Web(parsed)
            } else {
                Target::Invalid("the URL has no host".to_owned())
            }
        }
        // `File:X.png` parses as a URL with the scheme `file`: it is a wiki file
        // name the converter left unresolved.
        Ok(_) if is_image_target(url, "") => {
            Target::Excluded("a wiki file name, not a web address".to_owned())
        }
        Ok(parsed) => Target::Excluded(format!("{}: links are not checked", parsed.scheme())),
        Err(url::ParseError::RelativeUrlWithoutBase) => Target::File(local_target(article, url)),
        Err(e) => Target::Invalid(format!("not a well-formed URL: {e}")),
    }
}

/// A local link's path and fragment, percent-escapes decoded, the query
/// dropped.
fn local_target(article: &Article, url: &str) -> LocalTarget {
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (url, None),
    };
    let path = before_fragment.split('?').next().unwrap_or("");
    let decode = |text: &str| {
        percent_encoding::percent_decode_str(text)
            .decode_utf8_lossy()
            .into_owned()
    };
    LocalTarget {
        article: article.path.clone(),
        path: decode(path),
        fragment: fragment.filter(|f| !f.is_empty()).map(decode),
    }
}

/// Resolves `.` and `..` in a path by its text alone (the file may not exist),
/// so reports name `sources/Page/X.md` rather than `sources/a/../Page/X.md`.
#[must_use]
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                let can_pop = matches!(out.components().next_back(), Some(Component::Normal(_)));
                if can_pop {
                    out.pop();
                } else if !matches!(out.components().next_back(), Some(Component::RootDir)) {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

fn is_wiki_page(target: &Target) -> bool {
    let Target::Web(url) = target else {
        return false;
    };
    let host_is_wikipedia = url
        .host_str()
        .is_some_and(|h| h == "wikipedia.org" || h.ends_with(".wikipedia.org"));
    let page = percent_encoding::percent_decode_str(url.path()).decode_utf8_lossy();
    host_is_wikipedia
        && page
            .strip_prefix("/wiki/")
            .is_some_and(|p| !p.starts_with("Special:") && !p.starts_with("特殊:"))
}

/// Links the Markdown parser left as text: pulldown-cmark gives up on
/// `[text[^1]](url)` (a footnote reference inside link text) and leaves
/// `[text](url)` in the text. Each such destination, and whether it was
/// written as an image (`![…](…)`). Only that case is recovered: the link
/// text holds a footnote reference, and the rest is what CommonMark reads as
/// an inline link (brackets that pair up, none written escaped, and a
/// destination and title of its grammar, [`inline_destination`]); any other
/// `[…](…)` the parser left as text is text.
fn unparsed_links(block: &Block) -> Vec<(Range<usize>, bool)> {
    let text = &block.text;
    let bytes = text.as_bytes();
    let literal = |i: usize| block.literal.binary_search(&i).is_ok();
    let mut found: Vec<(Range<usize>, bool)> = Vec::new();
    // The `[` still open, innermost last: a `]` closes the innermost.
    let mut openers: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if !matches!(c, b'[' | b']') || literal(i) || block.in_code(&(i..i + 1)) {
            i += 1;
            continue;
        }
        if c == b'[' {
            openers.push(i);
            i += 1;
            continue;
        }
        let Some(open) = openers.pop() else {
            i += 1;
            continue;
        };
        let link = (bytes.get(i + 1) == Some(&b'(') && !literal(i + 1))
            .then(|| inline_destination(text, i + 2, &literal))
            .flatten();
        // A footnote reference is a marker of no width at its place.
        let first = block.markers.partition_point(|m| m.range.start <= open);
        let holds_reference = block.markers[first..]
            .iter()
            .take_while(|m| m.range.start <= i)
            .any(|m| m.range.is_empty());
        match link {
            Some((range, end)) if holds_reference && !block.in_link_text(&(open..i)) => {
                if !range.is_empty() && !block.in_code(&range) {
                    found.push((range, text[..open].ends_with('!')));
                }
                // A link holds no link: the brackets before it stay text.
                openers.clear();
                i = end;
            }
            _ => i += 1,
        }
    }
    found
}

/// The longest destination or title looked for: a text that never closes
/// one is not read to its end from each `](`.
const MAX_DESTINATION: usize = 2048;

/// The destination of an inline link whose `(` ends just before `from`, by
/// CommonMark's grammar: `<…>` without `<`, `>` or a line break, or a run
/// without spaces whose parentheses balance; then, after white space, an
/// optional title in `"…"`, `'…'` or `(…)` whose closing character is not in
/// it unescaped; then `)`. The destination's range and the position after the
/// `)`; `None` when the text is not such a link. Escapes are already resolved
/// in the text: `literal` says which characters were written escaped.
fn inline_destination(
    text: &str,
    from: usize,
    literal: &dyn Fn(usize) -> bool,
) -> Option<(Range<usize>, usize)> {
    let bytes = text.as_bytes();
    let limit = text.len().min(from + MAX_DESTINATION);
    let skip_space = |mut i: usize| {
        while i < limit && matches!(bytes[i], b' ' | b'\t' | b'\n') {
            i += 1;
        }
        i
    };
    let start = skip_space(from);
    let mut i = start;
    let range = if bytes.get(start) == Some(&b'<') && !literal(start) {
        i += 1;
        loop {
            match bytes.get(i).filter(|_| i < limit)? {
                b'>' if !literal(i) => break,
                b'<' | b'\n' if !literal(i) => return None,
                _ => i += 1,
            }
        }
        i += 1;
        start + 1..i - 1
    } else {
        let mut depth = 0usize;
        while i < limit {
            match bytes[i] {
                b' ' | b'\t' | b'\n' => break,
                c if c.is_ascii_control() => return None,
                b'(' if !literal(i) => depth += 1,
                b')' if !literal(i) => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                _ => {}
            }
            i += 1;
        }
        if depth > 0 {
            return None;
        }
        start..i
    };
    let after = skip_space(i);
    let mut end = after;
    if after > i {
        let close = match bytes.get(after) {
            Some(b'"') if !literal(after) => Some(b'"'),
            Some(b'\'') if !literal(after) => Some(b'\''),
            Some(b'(') if !literal(after) => Some(b')'),
            _ => None,
        };
        if let Some(close) = close {
            end = after + 1;
            loop {
                let c = *bytes.get(end).filter(|_| end < limit)?;
                if c == close && !literal(end) {
                    break;
                }
                if close == b')' && c == b'(' && !literal(end) {
                    return None;
                }
                end += 1;
            }
            end = skip_space(end + 1);
        }
    }
    (bytes.get(end) == Some(&b')') && !literal(end)).then_some((range, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::markdown;
    use std::path::Path;

    fn links_of(text: &str) -> Vec<Link> {
        links(&markdown::read(Path::new("dir/a.md"), text))
    }

    fn urls(text: &str) -> Vec<String> {
        links_of(text).into_iter().map(|l| l.url).collect()
    }

    #[test]
    fn url_stops_at_cjk_text_and_fullwidth_punctuation() {
        assert_eq!(
            urls("见http://a.example/x，另见https://b.example/y。完"),
            ["http://a.example/x", "https://b.example/y"]
        );
    }

    #[test]
    fn cjk_path_segments_and_query_values_belong_to_the_url() {
        assert_eq!(
            urls("[^1]: http://h.example/文章/页面，另见 http://h.example/s?q=中文。"),
            ["http://h.example/文章/页面", "http://h.example/s?q=中文"]
        );
        assert_eq!(
            urls("见http://h.example/path另見"),
            ["http://h.example/path"]
        );
        assert_eq!(
            urls("at http://[::1]:8080/ok now"),
            ["http://[::1]:8080/ok"]
        );
    }

    #[test]
    fn url_keeps_balanced_parentheses_and_drops_final_stop() {
        assert_eq!(
            urls("See (https://e.example/A_(b)). End"),
            ["https://e.example/A_(b)"]
        );
        assert_eq!(
            urls("See https://e.example/page."),
            ["https://e.example/page"]
        );
    }

    #[test]
    fn mediawiki_external_link_is_protocol_relative_https() {
        let found = links_of(
            "1.  \\[//en.wikipedia.org/wiki/Special:BookSources/0333801490 ISBN 0-333-80149-0\\]\n",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].url,
            "//en.wikipedia.org/wiki/Special:BookSources/0333801490"
        );
        assert!(matches!(&found[0].target, Target::Web(u) if u.scheme() == "https"));
        assert_eq!(found[0].book_sources_isbn(), Some("0333801490"));
    }

    #[test]
    fn kinds_are_decided_in_order() {
        use LinkKind::*;
        let text = "[a](../Page/X.md \"wikilink\") [b](https://zh.wikipedia.org/wiki/File:Y.jpg \"fig:b\") \
                    [c](https://zh.wikipedia.org/wiki/Z \"wikilink\") [d](https://en.wikipedia.org/wiki/Q) \
                    [e](https://example.com/) [f](https://en.wikipedia.org/wiki/Special:Random)\n";
        let kinds: Vec<LinkKind> = links_of(text).iter().map(|l| l.kind).collect();
        assert_eq!(kinds, [Wiki, Image, Wiki, Wiki, External, External]);
    }

    #[test]
    fn a_converter_wikilink_is_a_wiki_article_in_every_shape() {
        let found = links_of(
            "[a](../Page/納粹德國.md \"wikilink\") [b](../Page/元首_\\(納粹德國\\).md \"wikilink\") \
             [c](../Page/%E8%8B%8F%E8%81%94.md#歷史 \"wikilink\") [d](../Page/Y.md) [e](Z \"wikilink\")\n",
        );
        let read: Vec<(LinkKind, Option<String>, Option<PathBuf>)> = found
            .iter()
            .map(|l| {
                let article = l.wiki_article();
                (
                    l.kind,
                    article.map(LocalTarget::article_title),
                    article.map(LocalTarget::beside_article),
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                (
                    LinkKind::Wiki,
                    Some("納粹德國".into()),
                    Some("Page/納粹德國.md".into())
                ),
                (
                    LinkKind::Wiki,
                    Some("元首_(納粹德國)".into()),
                    Some("Page/元首_(納粹德國).md".into())
                ),
                (
                    LinkKind::Wiki,
                    Some("苏联".into()),
                    Some("Page/苏联.md".into())
                ),
                (LinkKind::Relative, None, None),
                (LinkKind::Wiki, Some("Z".into()), Some("dir/Z".into())),
            ]
        );
        // The section is not looked for: a wiki's red link is about the page.
        assert!(found[2]
            .wiki_article()
            .is_some_and(|a| a.fragment.is_none()));
    }

    #[test]
    fn links_in_notes_are_citations_with_their_note() {
        let found =
            links_of("Fact.[^n]\n\n[^n]: <https://example.com/src> and https://example.org/b\n");
        assert_eq!(found.len(), 2);
        assert!(found
            .iter()
            .all(|l| l.kind == LinkKind::Citation && l.note.as_deref() == Some("n")));
    }

    #[test]
    fn a_link_whose_text_holds_a_footnote_is_still_found() {
        let found = links_of("See [the page[^1]](../x.md) and ![alt[^1]](pic.png) and [w[^1]](https://a.example/p).\n\n[^1]: One.\n");
        let urls: Vec<(&str, LinkKind)> = found.iter().map(|l| (l.url.as_str(), l.kind)).collect();
        assert_eq!(
            urls,
            [
                ("../x.md", LinkKind::Relative),
                ("pic.png", LinkKind::Relative),
                ("https://a.example/p", LinkKind::External)
            ]
        );
        assert!(links_of("Text [a](b) `[c](d)`\n").len() == 1);
    }

    #[test]
    fn extended_autolinks_are_markdown_only_and_keep_cjk_rules() {
        assert_eq!(
            urls("见www.example.com/页面，或 ann@example.org。"),
            ["http://www.example.com/页面", "mailto:ann@example.org"]
        );
        let wikitext = crate::article::wikitext::read(
            Path::new("a.wikitext"),
            "See www.example.com and ann@example.org.\n",
        );
        assert!(links(&wikitext).is_empty());
    }

    #[test]
    fn link_text_and_code_are_not_bare_urls() {
        assert_eq!(
            urls("[https://a.example/](https://a.example/) `http://b.example/`"),
            ["https://a.example/"]
        );
    }

    #[test]
    fn targets_distinguish_excluded_invalid_and_files() {
        let found =
            links_of("[m](mailto:a@b.c) [p](http://h:99999/) [r](../x%20y.md#s) <a@b.example>\n");
        assert_eq!(found[3].url, "mailto:a@b.example");
        assert!(matches!(found[3].target, Target::Excluded(_)));
        assert_eq!(
            found[0].target,
            Target::Excluded("mailto: links are not checked".into())
        );
        assert!(matches!(found[1].target, Target::Invalid(_)));
        let Target::File(local) = &found[2].target else {
            panic!("{:?} is a local link", found[2]);
        };
        assert_eq!(
            (local.path.as_str(), local.fragment.as_deref()),
            ("../x y.md", Some("s"))
        );
        assert_eq!(local.beside_article(), PathBuf::from("x y.md"));
        assert_eq!(
            normalize(Path::new("a/./b/../../../c")),
            PathBuf::from("../c")
        );
        assert_eq!(normalize(Path::new("/../x")), PathBuf::from("/x"));
    }

    #[test]
    fn an_empty_destination_is_invalid_not_the_article_itself() {
        let found = links_of("[a]() and [b](<>) and ![c]() and [top](#) and [d](#Part%20two)\n");
        let invalid: Vec<&str> = found
            .iter()
            .filter(|l| l.target == Target::Invalid("the link has no destination".into()))
            .map(|l| l.url.as_str())
            .collect();
        assert_eq!(invalid, ["", "", ""]);
        let Target::File(top) = &found[3].target else {
            panic!("{:?}", found[3]);
        };
        assert_eq!((top.path.as_str(), top.fragment.as_deref()), ("", None));
        assert_eq!(top.beside_article(), PathBuf::from("dir/a.md"));
        let Target::File(part) = &found[4].target else {
            panic!("{:?}", found[4]);
        };
        assert_eq!(part.fragment.as_deref(), Some("Part two"));
    }

    #[test]
    fn a_path_from_the_root_stays_a_local_link_and_scheme_relative_means_https() {
        let found = links_of("[h](/etc/hostname) [s](//example.com/x?q#f)\n");
        let Target::File(root) = &found[0].target else {
            panic!("{:?}", found[0]);
        };
        assert!(root.from_root());
        assert_eq!(found[0].kind, LinkKind::Relative);
        assert_eq!(found[0].resolved_url, None);
        let json = serde_json::to_value(&found).unwrap();
        assert_eq!(json[1]["url"], "//example.com/x?q#f");
        assert_eq!(json[1]["resolved_url"], "https://example.com/x?q#f");
    }
}
