//! The page's structure and escaping, read back with an HTML parser.

use std::path::Path;

use scraper::{ElementRef, Html, Selector};

use super::*;
use crate::article::markdown;
use crate::check::Verdicts;
use crate::extract;

fn article(path: &str, text: &str) -> ArticleReport {
    let article = markdown::read(Path::new(path), text);
    let found = extract::extract(&article);
    let verdicts = found
        .links
        .iter()
        .map(|l| Verdicts::default().verdict(l))
        .collect();
    ArticleReport::new(&article, found, verdicts)
}

fn page_of(articles: Vec<ArticleReport>, history: &[HistoryPoint]) -> (String, Html) {
    let html = render(&Report::new(articles), history);
    let doc = Html::parse_document(&html);
    (html, doc)
}

fn select<'a>(doc: &'a Html, selector: &str) -> Vec<ElementRef<'a>> {
    let parsed = Selector::parse(selector).expect("valid selector");
    doc.select(&parsed).collect()
}

fn text(doc: &Html) -> String {
    doc.root_element().text().collect()
}

const HOSTILE: &str = "# Bad <script>alert('title')</script> title\n\n\
    Uncited <script>alert(\"x\")</script> sentence. Another <img src=x onerror=alert(1)> one.\n\n\
    Cited \"><b onmouseover=\"alert(1)\">x</b>.[^1] Also.[^2] [js](javascript:alert(1)) [web](https://example.org/?a=\"><script>alert(2)</script>)\n\n\
    [^1]: <script>alert(\"note\")</script> ISBN 0-333-80149-1\n\
    [^2]: [Source](//example.org/s) \"><i onclick=alert(4)>\n";

fn hostile_page() -> (String, Html) {
    let mut a = article("hostile.md", HOSTILE);
    for link in &mut a.links {
        if link.link.url.starts_with("//example.org") {
            link.verdict = Verdict {
                status: LinkStatus::Redirected,
                http_status: Some(200),
                final_url: Some("javascript:alert('final')".into()),
                archive_url: Some("https://web.archive.org/x\"><script>alert(3)</script>".into()),
                detail: "moved <script>alert('detail')</script>".into(),
            };
        }
    }
    page_of(vec![a], &[])
}

#[test]
fn article_markup_is_shown_as_text_and_never_becomes_markup() {
    let (html, doc) = hostile_page();
    let scripts = select(&doc, "script");
    assert_eq!(scripts.len(), 1, "only the page's own script");
    assert_eq!(scripts[0].text().collect::<String>(), SCRIPT);
    assert!(!html.to_lowercase().contains("<script>alert"));
    assert!(!html.contains("<img"));
    assert!(!html.contains("<b onmouseover"));
    for element in select(&doc, "*") {
        for (name, _) in element.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "event handler {name} on <{}>",
                element.value().name()
            );
        }
    }
    let shown = text(&doc);
    assert!(
        shown.contains(r#"<script>alert("note")</script>"#),
        "note text shown as written"
    );
    assert!(
        shown.contains("moved <script>alert('detail')</script>"),
        "detail shown as written"
    );
}

#[test]
fn only_web_urls_become_links() {
    let (_, doc) = hostile_page();
    let hrefs: Vec<&str> = select(&doc, "[href]")
        .iter()
        .filter_map(|e| e.value().attr("href"))
        .collect();
    for href in &hrefs {
        assert!(
            href.starts_with('#') || href.starts_with("https://") || href.starts_with("http://"),
            "{href}"
        );
    }
    assert!(
        hrefs.contains(&"https://example.org/s"),
        "protocol-relative read as https"
    );
    assert!(
        hrefs
            .iter()
            .any(|h| h.starts_with("https://web.archive.org/x%22%3E%3Cscript%3E")),
        "an odd http(s) URL stays a link, percent-encoded: {hrefs:?}"
    );
    let shown = text(&doc);
    assert!(
        shown.contains("javascript:alert(1)"),
        "javascript: shown as text"
    );
    assert!(
        shown.contains("javascript:alert('final')"),
        "a final URL that is not http(s) is text"
    );
}

#[test]
fn the_only_allowed_script_and_style_are_the_page_s_own() {
    let (_, doc) = hostile_page();
    let meta = select(&doc, "meta[http-equiv='Content-Security-Policy']");
    let policy = meta
        .first()
        .and_then(|m| m.value().attr("content"))
        .expect("a policy");
    assert!(policy.starts_with("default-src 'none';"), "{policy}");
    let script: String = select(&doc, "script")[0].text().collect();
    let style: String = select(&doc, "style")[0].text().collect();
    assert!(policy.contains(&format!("script-src '{}'", csp_hash(&script))));
    assert!(policy.contains(&format!("style-src '{}'", csp_hash(&style))));
    assert!(
        select(&doc, "[style]").is_empty(),
        "style attributes would be blocked"
    );
}

const MIXED: &str = "# Mixed\n\nOne cited fact.[^1] One unsupported claim. 中文句子。[^2]沒有來源的句子。\n\n\
    An uncited paragraph. With two sentences.\n\n## Background\n\n### Detail\n\nDeep fact.[^3][^ghost]\n\n\
    [^1]: Smith, *Book*, 2001.\n[^2]:\n[^3]:\n[^4]:\n[^5]: [Page](https://example.org/p)\n";

#[test]
fn uncited_sentences_and_paragraphs_are_marked_and_markers_link_to_notes() {
    let (_, doc) = page_of(vec![article("mixed.md", MIXED)], &[]);
    let uncited: Vec<String> = select(&doc, "mark.uncited")
        .iter()
        .map(|m| m.text().collect())
        .collect();
    assert_eq!(
        uncited,
        [
            "One unsupported claim.",
            "沒有來源的句子。",
            "An uncited paragraph.",
            "With two sentences."
        ]
    );
    let flagged = select(&doc, "p.para.uncited");
    assert_eq!(flagged.len(), 1);
    assert!(flagged[0]
        .text()
        .collect::<String>()
        .contains("No citation"));
    assert_eq!(
        select(&doc, "sup.m a[href='#note-1']:not(.m-empty)").len(),
        1
    );
    assert_eq!(select(&doc, "sup.m a.m-empty[href='#note-2']").len(), 1);
    assert_eq!(
        select(&doc, "sup.m .m-dangling").len(),
        1,
        "[ghost] has no note"
    );
    assert_eq!(select(&doc, "li.note[data-kind='empty']").len(), 3);
    assert_eq!(select(&doc, "li#note-5 .badge.status-unchecked").len(), 1);
}

#[test]
fn fix_list_puts_dangling_markers_before_empty_notes_and_compresses_them() {
    let (_, doc) = page_of(vec![article("mixed.md", MIXED)], &[]);
    let categories: Vec<&str> = select(&doc, "#fix-list tbody tr")
        .iter()
        .filter_map(|r| r.value().attr("data-category"))
        .collect();
    assert_eq!(
        categories,
        [
            "dangling",
            "empty_notes",
            "uncited_paragraph",
            "orphaned",
            "orphaned"
        ]
    );
    let shown = text(&doc);
    assert!(shown.contains("3 of 5 notes are empty"), "{shown}");
    assert!(shown.contains("notes 2–4."));
}

#[test]
fn every_id_is_unique_and_every_in_page_link_has_a_target() {
    let (_, doc) = page_of(
        vec![article("mixed.md", MIXED), article("hostile.md", HOSTILE)],
        &[],
    );
    let ids: Vec<&str> = select(&doc, "[id]")
        .iter()
        .filter_map(|e| e.value().attr("id"))
        .collect();
    let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids");
    assert!(ids.contains(&"note-1") && ids.contains(&"a2-note-1"));
    for a in select(&doc, "a[href^='#']") {
        let target = &a.value().attr("href").unwrap_or_default()[1..];
        assert!(unique.contains(target), "no element with id {target}");
    }
    for svg in select(&doc, "svg") {
        let labels = svg.value().attr("aria-labelledby").unwrap_or_default();
        assert_eq!(svg.value().attr("role"), Some("img"));
        for id in labels.split(' ') {
            assert!(unique.contains(id), "chart label {id}");
        }
        assert!(svg.text().any(|t| !t.trim().is_empty()));
    }
}

#[test]
fn headings_descend_one_level_at_a_time() {
    let (_, doc) = page_of(
        vec![
            article("mixed.md", MIXED),
            article("b.md", "# B\n\nText.\n"),
        ],
        &[],
    );
    let levels: Vec<u32> = select(&doc, "h1, h2, h3, h4, h5, h6")
        .iter()
        .filter_map(|h| h.value().name()[1..].parse().ok())
        .collect();
    assert_eq!(levels.first(), Some(&1));
    assert_eq!(levels.iter().filter(|l| **l == 1).count(), 1);
    assert!(levels.windows(2).all(|w| w[1] <= w[0] + 1), "{levels:?}");
    assert!(
        levels.contains(&5),
        "level-3 sections become h5: {levels:?}"
    );
}

#[test]
fn chinese_text_is_marked_as_chinese_and_the_page_as_utf8_english() {
    let (_, doc) = page_of(vec![article("zh.md", "# 標題\n\n這是一個句子。\n")], &[]);
    assert_eq!(select(&doc, "html[lang='en']").len(), 1);
    assert_eq!(select(&doc, "meta[charset='utf-8']").len(), 1);
    assert!(!select(&doc, ".article-text[lang='zh']").is_empty());
    let (_, english) = page_of(vec![article("en.md", "# Title\n\nA sentence.\n")], &[]);
    assert!(select(&english, ".article-text[lang]").is_empty());
}

#[test]
fn the_trend_chart_appears_with_history_for_this_article() {
    let time = |s| chrono::DateTime::parse_from_rfc3339(s).expect("time");
    let point = |t, path: &str| HistoryPoint {
        time: time(t),
        articles: vec![HistoryArticle {
            path: path.into(),
            coverage: Some(0.5),
            dead: Some(2),
            invalid_isbns: None,
        }],
    };
    let history = [
        point("2026-01-01T00:00:00Z", "mixed.md"),
        point("2026-01-02T00:00:00Z", "other.md"),
    ];
    let (_, doc) = page_of(vec![article("mixed.md", MIXED)], &history);
    assert_eq!(select(&doc, "svg.chart").len(), 4);
    assert!(text(&doc).contains("Trend over 1 recorded run(s)"));
    let (_, without) = page_of(vec![article("mixed.md", MIXED)], &[]);
    assert_eq!(select(&without, "svg.chart").len(), 3);
}

#[test]
fn an_unreadable_article_shows_its_error() {
    let a = ArticleReport::unreadable(Path::new("gone.md"), "gone.md: <no such file>".into());
    let (_, doc) = page_of(vec![a], &[]);
    assert!(text(&doc).contains("This file could not be read: gone.md: <no such file>"));
    assert!(select(&doc, "#fix").is_empty());
}

#[test]
fn ids_from_the_article_are_made_safe_for_fragments() {
    assert_eq!(fragment("12"), "12");
    assert_eq!(fragment("注1"), "注1");
    assert_eq!(fragment("a b\"#_"), "a_20_b_22__23__5f_");
}

#[test]
fn web_urls_are_normalised_and_other_schemes_refused() {
    assert_eq!(
        web_url("//example.org/a b").as_deref(),
        Some("https://example.org/a%20b")
    );
    assert_eq!(
        web_url(" HTTP://Example.org ").as_deref(),
        Some("http://example.org/")
    );
    for refused in [
        "JaVaScRiPt:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "../Page/a.md",
        "mailto:a@b",
    ] {
        assert_eq!(web_url(refused), None, "{refused}");
    }
}
