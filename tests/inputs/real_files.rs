//! What the reader must skip or keep, on real files (tests/fixtures/real/,
//! each one's origin in its README): HTML comments, tags split over lines,
//! front matter, the converter's banner and appendices in Japanese and
//! Korean, hand-written `[1] [Title](url)` notes.

use std::path::Path;

use citecheck::article::{markdown, Article, BlockRole};
use citecheck::extract::{extract, Extraction};

fn read(name: &str) -> (String, Article, Extraction) {
    let path = format!("tests/fixtures/real/{name}");
    let text = std::fs::read_to_string(&path).unwrap();
    let article = markdown::read(Path::new(&path), &text);
    let found = extract(&article);
    (text, article, found)
}

/// The 1-based lines that an HTML comment covers, found by the plain rule
/// (`<!--` to the next `-->`), as an independent check on the reader.
fn comment_lines(text: &str) -> Vec<std::ops::RangeInclusive<usize>> {
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    let mut lines = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("<!--") {
        let open = from + open;
        let close = text[open..].find("-->").map_or(text.len(), |c| open + c);
        lines.push(line_of(open)..=line_of(close));
        from = close;
    }
    lines
}

#[test]
fn html_comments_hide_the_links_they_hold_across_blank_lines() {
    let (text, _, found) = read("kep_template.md");
    let comments = comment_lines(&text);
    // The template's first comment spans 67 lines and many blank ones.
    assert_eq!(comments[0], 1..=67);
    let inside: Vec<(u32, &str)> = found
        .links
        .iter()
        .filter(|l| comments.iter().any(|c| c.contains(&(l.line as usize))))
        .map(|l| (l.line, l.url.as_str()))
        .collect();
    assert!(inside.is_empty(), "links read from comments: {inside:?}");
    assert!(!found
        .links
        .iter()
        .any(|l| l.url.contains("contributors/guide/style-guide.md")));
    // Links outside the comments are still there.
    for url in [
        "https://github.com/kubernetes/community/pull/1806",
        "https://storage.googleapis.com/k8s-triage/index.html?test=MyCoolFeature",
    ] {
        assert!(found.links.iter().any(|l| l.url == url), "{url}");
    }
}

#[test]
fn a_tag_split_over_lines_in_a_pandoc_table_is_still_a_link() {
    let (text, article, found) = read("opensees_TripleFrictionPendulum.md");
    // scraper (html5ever's tree) is the judge of what the anchors are.
    let html = scraper::Html::parse_fragment(&text);
    let selector = scraper::Selector::parse("a[href]").unwrap();
    let anchors: Vec<&str> = html
        .select(&selector)
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(anchors.len(), 13);
    for href in &anchors {
        assert!(
            article.links.iter().any(|l| l.url == *href),
            "anchor {href} not read"
        );
    }
    // Each is reported on the line where its `<a` starts.
    let line = text
        .lines()
        .position(|l| l.contains("<a href=\"Media:TPB_Nhan_BackboneCurve.xls\""))
        .unwrap() as u32
        + 1;
    let link = found
        .links
        .iter()
        .find(|l| l.url == "Media:TPB_Nhan_BackboneCurve.xls")
        .unwrap();
    assert_eq!(link.line, line);
}

#[test]
fn yaml_front_matter_is_metadata_not_prose() {
    let (_, article, found) = read("yaml_blog-post-template.md");
    assert_eq!(article.title, "Your Blog Post Title");
    assert!(article
        .blocks
        .iter()
        .all(|b| !b.text.contains("2024-01-XX") && !b.text.contains("tag1")));
    assert!(article
        .sections
        .iter()
        .all(|s| !s.heading.contains("draft")));
    assert!(found.coverage.uncited_paragraphs[0]
        .excerpt
        .starts_with("Write your engaging introduction"));
}

#[test]
fn toml_front_matter_is_metadata_not_prose() {
    let (_, article, found) = read("toml_henry-hugo-post.md");
    // Only front matter and a comment: nothing to read, no link to check.
    assert!(found.links.is_empty(), "{:?}", found.links);
    assert_eq!(found.coverage.paragraphs.total, 0);
    assert!(article.blocks.iter().all(|b| b.text.trim().is_empty()));
}

#[test]
fn korean_banner_appendices_and_categories_are_not_prose() {
    let (_, article, found) = read("ko_Wget.md");
    assert_eq!(article.title, "Wget");
    assert_eq!(article.blocks[0].role, BlockRole::Banner);
    // Lead (1 paragraph) and usage (2): 같이 보기, 각주 and 외부 링크 with its
    // category line are reference material.
    assert_eq!(found.coverage.paragraphs.total, 3);
    let prose_in_appendix = found
        .coverage
        .sections
        .iter()
        .filter(|s| ["같이 보기", "각주", "외부 링크"].contains(&s.heading.as_str()))
        .map(|s| s.sentences)
        .sum::<usize>();
    assert_eq!(prose_in_appendix, 0);
    // The lead has three sentences, each ending in `다.`.
    assert_eq!(found.coverage.sections[0].sentences, 3);
}

#[test]
fn japanese_banner_and_see_also_are_not_prose() {
    let (_, article, found) = read("ja_25ACP弾.md");
    assert_eq!(article.title, ".25ACP");
    assert_eq!(article.blocks[0].role, BlockRole::Banner);
    let see_also = found
        .coverage
        .sections
        .iter()
        .find(|s| s.heading == "関連項目")
        .unwrap();
    assert_eq!(see_also.sentences, 0);
    assert!(!found
        .coverage
        .uncited_paragraphs
        .iter()
        .any(|p| p.excerpt.contains("この記事は")));
}

#[test]
fn bracketed_labels_under_references_are_notes_not_markers() {
    let (_, article, found) = read("fastest-lap_README.md");
    let ids: Vec<&str> = article.notes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5", "6", "7", "8"]);
    assert!(article.notes[0].text.starts_with("[Tremlett, A. J."));
    // The README cites none of them in its text.
    assert_eq!(found.footnotes.markers, 0);
    assert_eq!(found.footnotes.orphaned.len(), 8);
}
