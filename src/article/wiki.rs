//! Wikipedia's conventions, shared by every reader: which pages are media
//! files and categories, the back-links in front of a rendered note, and the
//! maintenance templates editors tag text with.
//!
//! The Markdown converter, the wikitext source and the rendered HTML all
//! carry these conventions; keeping them here means the three readers agree
//! on them and a fourth reader gets them for free.

use super::model::TagKind;

/// Namespace prefixes of media file pages, in the languages met so far.
const FILE_PREFIXES: &[&str] = &[
    "File:",
    "Image:",
    "文件:",
    "檔案:",
    "档案:",
    "图像:",
    "圖像:",
    "ファイル:",
    "画像:",
    "Datei:",
    "Bild:",
    "Fichier:",
    "Archivo:",
    "Imagen:",
    "파일:",
];

/// Namespace prefixes of category pages.
const CATEGORY_PREFIXES: &[&str] = &[
    "Category:",
    "分类:",
    "分類:",
    "분류:",
    "カテゴリ:",
    "Kategorie:",
    "Catégorie:",
    "Categoría:",
];

fn has_prefix(page: &str, prefixes: &[&str]) -> bool {
    let page = page.trim_start_matches([':', ' ']);
    prefixes.iter().any(|prefix| {
        page.get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    })
}

/// Whether a page name (`File:X.jpg`, `Image:Y.png`) is a media file.
#[must_use]
pub fn is_file_page(page: &str) -> bool {
    has_prefix(page, FILE_PREFIXES)
}

/// Whether a page name (`Category:X`) is a category.
#[must_use]
pub fn is_category_page(page: &str) -> bool {
    has_prefix(page, CATEGORY_PREFIXES)
}

/// Whether a link points at a media file: the converter writes images as links
/// to `File:` pages with a `fig:` title.
#[must_use]
pub fn is_image_target(url: &str, title: &str) -> bool {
    if title.starts_with("fig:") {
        return true;
    }
    let page = url.rsplit('/').next().unwrap_or(url);
    let page = page.split(['?', '#']).next().unwrap_or(page);
    is_file_page(page)
}

/// Whether a link points at a category page.
#[must_use]
pub fn is_category_link(url: &str) -> bool {
    is_category_page(url.rsplit('/').next().unwrap_or(url))
}

/// A note copied from Wikipedia starts with its back-links: `^`, or
/// `^ Jump up to: a b`, or `^ *a* *b*`; they are not part of the citation.
/// Letters are back-links when there are at least two of them (one back-link
/// is written as the caret alone).
#[must_use]
pub fn without_back_links(body: &str) -> &str {
    let Some(rest) = body.strip_prefix('^').or_else(|| body.strip_prefix('↑')) else {
        return body;
    };
    let rest = rest.trim_start();
    let rest = rest
        .strip_prefix("Jump up to:")
        .unwrap_or(rest)
        .trim_start();
    let is_letter = |token: &str| {
        let letter = token.trim_matches(['*', '_']);
        letter.len() == 1 && letter.bytes().all(|b| b.is_ascii_lowercase())
    };
    let letters = rest.split_whitespace().take_while(|t| is_letter(t)).count();
    if letters < 2 {
        return rest;
    }
    let mut after = rest;
    for _ in 0..letters {
        let token = after.split_whitespace().next().unwrap_or("");
        after = after[token.len()..].trim_start();
    }
    after
}

/// A template's name as MediaWiki compares it: no `Template:` prefix,
/// underscores as spaces, runs of spaces as one, the first letter in lower
/// case (MediaWiki ignores its case), trimmed.
#[must_use]
pub fn template_key(name: &str) -> String {
    let name = name.trim();
    let name = ["Template:", "template:", "模板:", "Vorlage:", "Modèle:"]
        .iter()
        .find_map(|p| name.strip_prefix(p))
        .unwrap_or(name);
    let mut key = String::with_capacity(name.len());
    for word in name.split(|c: char| c == '_' || c.is_whitespace()) {
        if word.is_empty() {
            continue;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key.to_lowercase()
}

/// `{{citation needed}}` by its [`template_key`], with its redirects on
/// English Wikipedia and its counterparts on other wikis.
const CITATION_NEEDED: &[&str] = &[
    "citation needed",
    "cn",
    "fact",
    "citeneeded",
    "citation-needed",
    "cite needed",
    "citation required",
    "needs citation",
    "source needed",
    "cn-span",
    "citation needed span",
    // English Wikipedia's redirects to Template:Citation needed.
    "citation missing",
    "cite missing",
    "reference needed",
    "refneeded",
    "needs source",
    "needcite",
    "ref?",
    "proveit",
    "sourceme",
    "uncited",
    "citesource",
    "來源請求",
    "来源请求",
    "來源",
    "来源",
    "要出典",
    "要出典範囲",
    "refnec",
    "référence nécessaire",
    "belege fehlen",
    "cita requerida",
    "citation nécessaire",
];

/// The maintenance tag a template is, by its [`template_key`]; `None` for
/// any other template.
#[must_use]
pub fn tag_kind(key: &str) -> Option<TagKind> {
    if CITATION_NEEDED.contains(&key) {
        return Some(TagKind::CitationNeeded);
    }
    let kind = match key {
        "dead link" | "deadlink" | "404" | "dl" | "broken link" | "失效链接" | "失效連結"
        | "dead-link" | "リンク切れ" | "toter link" => TagKind::DeadLink,
        "failed verification"
        | "verification failed"
        | "not in citation given"
        | "not in source"
        | "not in ref"
        | "fv"
        | "failed verification span" => TagKind::FailedVerification,
        "better source needed"
        | "better source"
        | "bsn"
        | "better-source"
        | "better source needed span"
        | "更好來源"
        | "更好来源" => TagKind::BetterSourceNeeded,
        "unreliable source?"
        | "unreliable source"
        | "unreliable"
        | "rs?"
        | "dubious source"
        | "unreliable source inline"
        | "不可靠來源"
        | "不可靠来源" => TagKind::UnreliableSource,
        "clarify"
        | "when"
        | "who"
        | "which"
        | "according to whom"
        | "by whom"
        | "dubious"
        | "vague"
        | "page needed"
        | "full citation needed"
        | "original research"
        | "or"
        | "update inline"
        | "verify source"
        | "verify credibility"
        | "citation style"
        | "more citations needed"
        | "refimprove"
        | "unreferenced"
        | "unreferenced section"
        | "more citations needed section"
        | "blp sources"
        | "primary sources"
        | "self-published source"
        | "self-published inline"
        | "year needed"
        | "date missing"
        | "improve references"
        | "no footnotes"
        | "more footnotes"
        | "more footnotes needed"
        | "specify"
        | "quantify"
        | "weasel inline"
        | "peacock inline"
        | "disputed inline"
        | "promotional source"
        | "third-party inline"
        | "page numbers needed"
        | "不带脚注"
        | "refimprove section"
        | "citation style inline"
        | "original research inline"
        | "unreferenced-section"
        | "expert needed" => TagKind::Other,
        _ => return None,
    };
    Some(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_names_compare_as_mediawiki_does() {
        assert_eq!(
            template_key(" Template:Citation_needed "),
            "citation needed"
        );
        assert_eq!(template_key("Cite   web"), "cite web");
        assert_eq!(tag_kind(&template_key("Cn")), Some(TagKind::CitationNeeded));
        assert_eq!(
            tag_kind(&template_key("來源請求")),
            Some(TagKind::CitationNeeded)
        );
        assert_eq!(
            tag_kind(&template_key("Dead link")),
            Some(TagKind::DeadLink)
        );
        assert_eq!(tag_kind("infobox person"), None);
    }

    #[test]
    fn media_and_category_pages_in_several_languages() {
        assert!(is_file_page("File:X.jpg"));
        assert!(is_file_page("image:x.png"));
        assert!(is_file_page("檔案:X.jpg"));
        assert!(is_category_page(":Category:X"));
        assert!(!is_file_page("Filet mignon"));
    }
}
