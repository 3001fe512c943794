//! Error wording: the phrases that say a page is missing, in a dozen
//! languages, and whether a title says so and nothing else.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use url::Url;

use crate::check::page::Page;

/// Wording that names a missing page or document: evidence in a title or a
/// main heading when nothing else but filler words surrounds it.
pub(super) const STRONG_PHRASES: &[&str] = &[
    // English
    "page not found",
    "page cannot be found",
    "page can't be found",
    "page could not be found",
    "page couldn't be found",
    "page does not exist",
    "page doesn't exist",
    "page no longer exists",
    "page isn't available",
    "page is not available",
    "page is no longer available",
    "file not found",
    "document not found",
    "article not found",
    "no such page",
    // Chinese, simplified and traditional
    "页面不存在",
    "頁面不存在",
    "网页不存在",
    "網頁不存在",
    "页面未找到",
    "頁面未找到",
    "找不到页面",
    "找不到頁面",
    "找不到网页",
    "找不到網頁",
    "页面找不到",
    "頁面找不到",
    "文章不存在",
    "您访问的页面不存在",
    "您訪問的頁面不存在",
    "页面没有找到",
    "頁面沒有找到",
    "该页面不存在",
    // German, French, Spanish, Portuguese, Italian, Dutch
    "seite nicht gefunden",
    "seite wurde nicht gefunden",
    "page introuvable",
    "page non trouvée",
    "página no encontrada",
    "pagina no encontrada",
    "no se encontró la página",
    "página não encontrada",
    "pagina non trovata",
    "pagina niet gevonden",
    // Japanese, Korean, Russian, Polish, Turkish, Vietnamese
    "ページが見つかりません",
    "お探しのページは見つかりませんでした",
    "페이지를 찾을 수 없습니다",
    "страница не найдена",
    "nie znaleziono strony",
    "sayfa bulunamadı",
    "không tìm thấy trang",
];

/// The bare status wording: evidence in a title, but a heading of just "Not
/// Found" may be a book's name, so there it needs support.
pub(super) const WEAK_PHRASES: &[&str] = &[
    "not found",
    "cannot be found",
    "can't be found",
    "could not be found",
    "nicht gefunden",
    "introuvable",
    "no encontrado",
    "não encontrado",
    "non trovato",
    "niet gevonden",
    "見つかりません",
    "찾을 수 없습니다",
    "не найдено",
    "nie znaleziono",
    "bulunamadı",
    "不存在",
    "找不到",
];

/// Words that may surround the wording in a pure error title: apologies, the
/// status code, "the requested page", "oops".
const FILLER: &[&str] = &[
    "404",
    "410",
    "error",
    "err",
    "oops",
    "ooops",
    "whoops",
    "sorry",
    "uh",
    "oh",
    "hmm",
    "page",
    "the",
    "this",
    "that",
    "requested",
    "request",
    "url",
    "file",
    "resource",
    "document",
    "article",
    "post",
    "story",
    "content",
    "you",
    "you're",
    "are",
    "were",
    "looking",
    "for",
    "is",
    "was",
    "we",
    "our",
    "your",
    "couldn't",
    "could",
    "can't",
    "cannot",
    "not",
    "find",
    "found",
    "it",
    "it's",
    "seems",
    "looks",
    "like",
    "here",
    "there",
    "nothing",
    "no",
    "a",
    "an",
    "of",
    "on",
    "site",
    "web",
    "webpage",
    "code",
    "status",
    "has",
    "have",
    "been",
    "moved",
    "removed",
    "deleted",
    "or",
    "and",
    "may",
    "might",
    "longer",
    "exist",
    "exists",
    "available",
    "fehler",
    "seite",
    "die",
    "der",
    "wurde",
    "leider",
    "erreur",
    "la",
    "le",
    "est",
    "página",
    "pagina",
    "se",
    "ha",
    "non",
    "è",
    "stata",
    "trovata",
    "niet",
    "de",
    "страница",
    "ошибка",
    "не",
    "sayfa",
    "hata",
    "strona",
    "błąd",
    "lỗi",
    "trang",
];

/// Runs of filler in scripts written without spaces.
const CJK_FILLER: &[&str] = &[
    "很抱歉",
    "抱歉",
    "对不起",
    "對不起",
    "您访问的",
    "您訪問的",
    "您要访问的",
    "您要訪問的",
    "你访问的",
    "您要找的",
    "您所访问的",
    "您所訪問的",
    "错误",
    "錯誤",
    "提示",
    "网页",
    "網頁",
    "页面",
    "頁面",
    "该",
    "該",
    "或已被删除",
    "或已被刪除",
    "已被删除",
    "已被刪除",
    "或",
    "啊",
    "お探しの",
    "ページ",
    "エラー",
    "申し訳ございません",
    "申し訳ありません",
    "페이지",
    "오류",
];

/// Title separators between the page's own name and the site's name.
const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " · ", " • ", " :: ", " » ", " « ", " / ", "｜", "_",
];

/// How much of a page's text is searched for error wording.
const OPENING_CHARS: usize = 2000;

/// Every phrase, strong then weak, in one automaton: a title or a page's
/// opening is searched once, not once per phrase.
static PHRASES: LazyLock<(Vec<&'static str>, AhoCorasick)> = LazyLock::new(|| {
    let phrases: Vec<&'static str> = STRONG_PHRASES.iter().chain(WEAK_PHRASES).copied().collect();
    let automaton = AhoCorasick::new(&phrases).expect("the error phrases make an automaton");
    (phrases, automaton)
});

/// The error phrases in a page's title, heading and opening text.
pub(super) fn wording_in(page: &Page) -> Vec<&'static str> {
    let opening: String = page.text.chars().take(OPENING_CHARS).collect();
    let said = normalize(&format!(
        "{} {} {opening}",
        page.title.as_deref().unwrap_or_default(),
        page.heading.as_deref().unwrap_or_default()
    ));
    let (phrases, automaton) = &*PHRASES;
    let mut found = vec![false; phrases.len()];
    for hit in automaton.find_overlapping_iter(&said) {
        found[hit.pattern().as_usize()] = true;
    }
    // In the order of the lists, as the phrases were always given.
    phrases
        .iter()
        .zip(found)
        .filter_map(|(phrase, found)| found.then_some(*phrase))
        .collect()
}

/// Whether a title is error wording and nothing else but filler and, at
/// most, one more part: the site's name. "404 Not Found - HTTP | MDN" has two
/// more parts: it is a page about the status code.
pub(super) fn is_pure_error(text: &str) -> bool {
    let lower = normalize(text);
    // Most titles say no such thing: they are done in one search.
    let (_, automaton) = &*PHRASES;
    if !automaton.is_match(lower.as_str()) {
        return false;
    }
    let mut segments = vec![lower.as_str()];
    for separator in SEPARATORS {
        segments = segments.iter().flat_map(|s| s.split(separator)).collect();
    }
    let mut wording = false;
    let mut others = 0;
    for segment in segments {
        let says = automaton.is_match(segment);
        match (says, only_filler(segment)) {
            (true, true) => wording = true,
            // "404", "Error": filler on its own.
            (false, true) => {}
            _ => others += 1,
        }
    }
    wording && others <= 1
}

/// Whether the cited address itself names what the title says: a work called
/// "Not Found" at `/album/not-found`, the status code's page at `/404`. A page
/// that is gone has an address that named something else.
pub(super) fn named_by_address(url: &Url, title: &str) -> bool {
    // Addresses drop accents ("página" is `pagina` in a slug).
    let fold = |text: &str| -> String {
        text.chars()
            .map(|c| match c {
                'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'í' | 'ì' | 'î' | 'ï' => 'i',
                'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
                'ú' | 'ù' | 'û' | 'ü' => 'u',
                'ñ' => 'n',
                'ç' => 'c',
                c => c,
            })
            .collect()
    };
    let path = fold(
        &percent_encoding::percent_decode_str(url.path())
            .decode_utf8_lossy()
            .to_lowercase()
            .replace(['-', '_', '/', '.', '+'], " "),
    );
    let title = fold(&normalize(title));
    let words: Vec<&str> = path.split_whitespace().collect();
    STRONG_PHRASES
        .iter()
        .chain(WEAK_PHRASES)
        .map(|p| fold(p))
        .any(|p| title.contains(&p) && path.contains(&p))
        || ["404", "410"].iter().any(|code| {
            words.contains(code)
                && title
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w == *code)
        })
}

/// Lower case, with typographic apostrophes made plain ("can’t", as
/// WordPress writes it).
pub(super) fn normalize(text: &str) -> String {
    text.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'")
}

/// Whether `segment` holds nothing but error wording and filler.
fn only_filler(segment: &str) -> bool {
    let mut rest = segment.to_owned();
    for phrase in STRONG_PHRASES.iter().chain(WEAK_PHRASES) {
        rest = rest.replace(phrase, " ");
    }
    rest.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .all(|word| {
            if word.chars().all(|c| c.is_ascii_digit()) || FILLER.contains(&word) {
                return true;
            }
            let mut cjk = word.to_owned();
            for filler in CJK_FILLER {
                cjk = cjk.replace(filler, "");
            }
            cjk.is_empty()
        })
}
