//! The page's structure and escaping, read back with an HTML parser.

use std::path::Path;

use scraper::{ElementRef, Html, Selector};

use super::fixes::GROUP_ABOVE;
use super::labels::{readable_note, web_url};
use super::note_text::Piece;
use super::*;
use crate::article::markdown;
use crate::check::Verdicts;
use crate::check::{LinkStatus, Verdict};
use crate::extract;
use crate::extract::LinkKind;
use crate::report::model::percent;

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
                ..Verdict::new(LinkStatus::Ok, "")
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
            "empty_note",
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
        vec![
            article("mixed.md", MIXED),
            article("hostile.md", HOSTILE),
            many(7, 6),
        ],
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

/// An article with `links` relative links to files that do not exist and
/// `uncited` paragraphs without a citation, besides one cited paragraph.
fn many(links: usize, uncited: usize) -> ArticleReport {
    let mut text = String::from("# Many\n\nCited.[^1] Also cited.[^2]");
    for i in 0..links {
        let _ = write!(text, " [p{i}](../Page/p{i}.md)");
    }
    text.push_str("\n\n");
    for i in 0..uncited {
        let _ = write!(text, "Uncited paragraph number {i}.\n\n");
    }
    text.push_str("[^1]: Smith, *Book*, 2001.\n[^2]:\n");
    let mut a = article("many.md", &text);
    for l in &mut a.links {
        if l.link.kind == LinkKind::Relative {
            l.verdict.status = LinkStatus::MissingFile;
            l.verdict.detail = format!("no file at {}", l.link.url);
        }
    }
    a
}

fn attr<'a>(doc: &'a Html, selector: &str, name: &str) -> Vec<&'a str> {
    select(doc, selector)
        .iter()
        .filter_map(|e| e.value().attr(name))
        .collect()
}

#[test]
fn many_findings_of_one_kind_become_one_row_that_lists_them() {
    let (_, doc) = page_of(vec![many(7, 6)], &[]);
    assert_eq!(
        attr(&doc, "#fix-list tbody tr", "data-category"),
        ["missing_file", "empty_note", "uncited_paragraph"]
    );
    assert_eq!(
        attr(&doc, "#fix-list tbody tr", "data-count"),
        ["7", "1", "6"]
    );
    let files = select(&doc, "tr#fix-missing_file details.group li");
    assert_eq!(files.len(), 7);
    assert!(files.iter().all(|li| {
        li.text()
            .collect::<String>()
            .starts_with("line 3: ../Page/p")
            && !select_in(li, "a[href^='#p-']").is_empty()
    }));
    let summary: String = select(&doc, "tr#fix-missing_file summary")[0]
        .text()
        .collect();
    assert_eq!(summary, "7 relative links point at files that do not exist");
    let summary: String = select(&doc, "tr#fix-uncited_paragraph summary")[0]
        .text()
        .collect();
    assert_eq!(summary, "6 of 7 paragraphs have no citation at all");
    assert_eq!(
        select(&doc, "tr#fix-uncited_paragraph details.group li q").len(),
        6,
        "each paragraph is named by its first words"
    );
    let show = select(&doc, "tr#fix-missing_file a[data-filter-target]");
    let show = show[0].value();
    assert_eq!(show.attr("href"), Some("#links"));
    assert_eq!(show.attr("data-filter-target"), Some("link-table"));
    assert_eq!(show.attr("data-filter-name"), Some("status"));
    assert_eq!(show.attr("data-filter-value"), Some("missing_file"));
    let shown = text(&doc);
    assert!(
        shown.contains(
            "The most important first: 7 missing files, 1 empty note, 6 uncited paragraphs."
        ),
        "{shown}"
    );
}

fn select_in<'a>(element: &ElementRef<'a>, selector: &str) -> Vec<ElementRef<'a>> {
    let parsed = Selector::parse(selector).expect("valid selector");
    element.select(&parsed).collect()
}

#[test]
fn a_few_findings_of_one_kind_keep_a_row_each() {
    let (_, doc) = page_of(vec![many(GROUP_ABOVE, GROUP_ABOVE)], &[]);
    let categories = attr(&doc, "#fix-list tbody tr", "data-category");
    assert_eq!(categories.len(), 2 * GROUP_ABOVE + 1, "{categories:?}");
    assert!(select(&doc, "details").is_empty());
    assert_eq!(
        attr(&doc, "#fix-list tbody tr[id]", "id"),
        [
            "fix-missing_file",
            "fix-empty_note",
            "fix-uncited_paragraph"
        ],
        "the first row of each kind can be linked to"
    );
}

#[test]
fn headline_sentences_link_to_where_their_problems_are_listed() {
    let (_, doc) = page_of(vec![many(7, 6)], &[]);
    let links = select(&doc, "ul.headline a");
    let hrefs: Vec<&str> = links
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        hrefs,
        ["#fix-empty_note", "#fix-uncited_paragraph", "#links"]
    );
    let texts: Vec<String> = links.iter().map(|a| a.text().collect()).collect();
    assert!(texts[0].starts_with("1 of 2 notes is empty"), "{texts:?}");
    assert_eq!(texts[1], "6 of 7 paragraphs have no citation at all.");
    assert!(texts[2].starts_with("7 of 7 links are dead"), "{texts:?}");
    for href in &hrefs {
        assert_eq!(select(&doc, href).len(), 1, "{href} leads somewhere");
    }
    let dead = links[2].value();
    assert_eq!(dead.attr("data-filter-target"), Some("link-table"));
    assert_eq!(dead.attr("data-filter-name"), Some("broken"));
    assert_eq!(dead.attr("data-filter-value"), Some("yes"));
    assert_eq!(
        select(
            &doc,
            "[data-filters-for='link-table'] select[data-filter='broken'] option[value='yes']"
        )
        .len(),
        1
    );
    assert_eq!(select(&doc, "#link-table tr[data-broken='yes']").len(), 7);

    let (_, clean) = page_of(
        vec![article(
            "ok.md",
            "# Ok\n\nCited.[^1]\n\n[^1]: Smith, *Book*.\n",
        )],
        &[],
    );
    assert!(
        select(&clean, "ul.headline a").is_empty(),
        "nothing to link to"
    );
    assert!(text(&clean).contains("No empty notes, uncited paragraphs"));
}

#[test]
fn notes_show_their_text_without_markdown_and_keep_it_as_written_in_a_tooltip() {
    let (_, doc) = page_of(vec![article("mixed.md", MIXED)], &[]);
    let smith = select(&doc, "li#note-1 .note-text");
    assert_eq!(smith[0].text().collect::<String>(), "Smith, Book, 2001.");
    assert_eq!(smith[0].value().attr("title"), Some("Smith, *Book*, 2001."));
    assert_eq!(select(&doc, "li#note-1 .note-text em").len(), 1);
    let page = select(&doc, "li#note-5 .note-text a[href='https://example.org/p']");
    assert_eq!(page[0].text().collect::<String>(), "Page");
}

#[test]
fn note_text_loses_its_syntax_but_never_gains_a_dangerous_link() {
    let plain = |s: &str| -> Vec<Piece> { note_text::pieces(s) };
    let t = |s: &str| Piece::Text {
        text: s.into(),
        em: false,
    };
    let link = |text: &str, url: &str| Piece::Link {
        text: text.into(),
        url: url.into(),
    };
    assert_eq!(
        plain(r"A, *B*, 2002, \[//en.wikipedia.org/wiki/X ISBN 1\], page 3"),
        [
            t("A, "),
            Piece::Text {
                text: "B".into(),
                em: true
            },
            t(", 2002, "),
            link("ISBN 1", "//en.wikipedia.org/wiki/X"),
            t(", page 3"),
        ]
    );
    assert_eq!(
        plain(r#"[*T*](https://e.org/a_\(b\) "wikilink"), `c` \[not a link\]"#),
        [
            link("T", "https://e.org/a_(b)"),
            t(", "),
            Piece::Code("c".into()),
            t(" [not a link]"),
        ]
    );
    assert_eq!(
        plain("<i onclick=x>[js](javascript:alert(1))"),
        [t("<i onclick=x>"), link("js", "javascript:alert(1)")]
    );
    // The page makes only the http(s) one clickable.
    let html = readable_note("[js](javascript:alert(1)) [w](https://e.org) [r](../Page/a.md)")
        .into_string();
    assert_eq!(
        html,
        r#"js <a href="https://e.org/" rel="noopener noreferrer nofollow">w</a> r"#
    );
    assert!(plain("  ").is_empty());
    // No Markdown syntax is left to see: strikethrough, and bold that
    // CommonMark leaves as `**` next to CJK punctuation.
    assert_eq!(
        plain("~~舊說~~，見**《德蘇關係》**一書。"),
        [
            t("舊說，見"),
            Piece::Text {
                text: "《德蘇關係》".into(),
                em: true
            },
            t("一書。"),
        ]
    );
}

#[test]
fn the_cited_sentences_card_says_how_many_a_real_source_backs() {
    let a = article("mixed.md", MIXED);
    let h = Health::of(&a);
    assert_eq!(
        (h.cited, h.sourced_sentences),
        (3, 1),
        "[^2] and [^3] are empty, [^ghost] has no note"
    );
    let (_, doc) = page_of(vec![a], &[]);
    let sub: String = select(&doc, ".card .sub")[0].text().collect();
    assert_eq!(
        sub,
        format!(
            "1 ({}%) cited by a note with a source",
            percent(1, h.sentences)
        )
    );
}

#[test]
fn the_article_view_shows_no_markdown_emphasis_markers() {
    // The seed's lead: CommonMark pairs neither outer `**` (they touch `[`
    // and `)`), so they reached the page as text.
    let lead = "德蘇兩國曾就蘇聯作為第4個**[軸心國](https://zh.wikipedia.org/wiki/軸心國 \"wikilink\")**的可能性進行**協商**。\n\n~~舊說~~不提。`代碼`與\\*星號\\*照舊。\n";
    let a = article("lead.md", lead);
    let (_, doc) = page_of(vec![a], &[]);
    let text: String = select(&doc, ".article-text p.para")
        .iter()
        .flat_map(scraper::ElementRef::text)
        .collect();
    assert!(text.contains("作為第4個軸心國的可能性進行協商。"), "{text}");
    assert!(text.contains("舊說不提。"), "{text}");
    // Code keeps its words; an escaped star is a star.
    assert!(text.contains("代碼與*星號*照舊。"), "{text}");
    assert!(!text.contains("**") && !text.contains('~') && !text.contains('`'));
}

#[test]
fn the_list_of_all_articles_is_paged_worst_first() {
    let mut digest = crate::report::Digest::new(1, None);
    let n = 2 * ENTRY_ROWS + 100;
    for i in 0..n {
        let a = article(&format!("a{i}.md"), "A claim.[^1]\n\n[^1]: Smith, 2001.\n");
        let mut row = crate::report::ArticleRow::of(i, &a);
        // Article 4000 is the worst.
        row.dead = usize::from(i == 4000) * 7;
        digest.add(row, None, Vec::new());
    }
    let mut pages: Vec<(String, String)> = Vec::new();
    let entry = render_entry(&digest, &[], &mut |name, page| {
        pages.push((name.to_owned(), page));
        Ok(())
    })
    .unwrap();
    let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["index.html", "index-2.html", "index-3.html"]);
    let rows = |page: &str| {
        Html::parse_document(page)
            .select(&Selector::parse("#article-list tr").unwrap())
            .count()
    };
    assert_eq!(rows(&entry), ENTRY_ROWS);
    assert_eq!(rows(&pages[0].1), ENTRY_ROWS);
    assert_eq!(rows(&pages[2].1), 100);
    let first = Html::parse_document(&pages[0].1);
    let first_row = select(&first, "#article-list tr a")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    assert_eq!(first_row, "04001-a4000.html", "worst first");
    assert!(
        pages[1].1.contains("href=\"index.html\" rel=\"prev\"")
            && pages[1].1.contains("href=\"index-3.html\" rel=\"next\"")
    );
    assert!(entry.contains("href=\"articles/index.html\""));
}

/// Two sentences whose cited page does not back them, and one it does.
fn two_unsupported_claims() -> ArticleReport {
    let mut a = article(
        "claims.md",
        "# Claims\n\nThe bridge opened in 1931.[^1] It cost $4 million.[^1] It is red.[^1]\n\n\
         [^1]: <https://example.org/bridge>\n",
    );
    let source = |support: &str| {
        serde_json::json!({"url": "https://example.org/bridge", "support": support,
            "found": [], "missing": [], "evidence": null, "detail": "the page does not give it"})
    };
    a.claims = serde_json::from_value(serde_json::json!([
        {"line": 3, "text": "The bridge opened in 1931.", "notes": ["1"], "sources": [source("unsupported")]},
        {"line": 3, "text": "It cost $4 million.", "notes": ["1"], "sources": [source("unrelated")]},
        {"line": 3, "text": "It is red.", "notes": ["1"], "sources": [source("supported")]},
    ]))
    .expect("claims in the report's shape");
    a
}

#[test]
fn two_unsupported_claims_are_counted_as_unsupported_claims() {
    let (_, doc) = page_of(vec![two_unsupported_claims()], &[]);
    let summary: String = select(&doc, "section[aria-labelledby=fix] > p")
        .first()
        .map(|p| p.text().collect())
        .unwrap_or_default();
    assert!(
        summary.contains("2 unsupported claims"),
        "the what-to-fix summary names the kind with its plural: {summary}"
    );
    assert!(!summary.contains("unsupporteds"), "{summary}");
    assert_eq!(
        attr(&doc, "#fix-list tbody tr", "data-category"),
        ["unsupported", "unsupported"]
    );
    let badges: Vec<String> = select(&doc, "#fix-list tbody tr .badge")
        .iter()
        .map(|b| b.text().collect())
        .collect();
    assert_eq!(badges, ["unsupported claim", "unsupported claim"]);
}

#[test]
fn many_unsupported_claims_are_one_row_with_their_sentence() {
    let mut a = two_unsupported_claims();
    a.claims = vec![a.claims[0].clone(); GROUP_ABOVE + 1];
    let (_, doc) = page_of(vec![a], &[]);
    let summary: String = select(&doc, "section[aria-labelledby=fix] > p")
        .first()
        .map(|p| p.text().collect())
        .unwrap_or_default();
    assert!(summary.contains("6 unsupported claims"), "{summary}");
    let group: String = select(&doc, "tr#fix-unsupported details.group summary")
        .first()
        .map(|s| s.text().collect())
        .unwrap_or_default();
    assert_eq!(group, "6 cited pages may not back their sentences");
}
