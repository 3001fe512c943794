//! The Markdown reader's own cases: markers, notes, banners, tables.

use super::*;

fn read_str(text: &str) -> Article {
    read(Path::new("t.md"), text)
}

fn marker_ids(article: &Article) -> Vec<&str> {
    article
        .blocks
        .iter()
        .flat_map(|b| &b.markers)
        .map(|m| m.id.as_str())
        .collect()
}

#[test]
fn escaped_numeric_markers_are_found_with_their_lines() {
    let article = read_str("A.\\[1\\]\n\nB\\[2\\] and \\[J\\] and \\[2020\\].\n\n1.  x\n2.\n");
    assert_eq!(marker_ids(&article), ["1", "2"]);
    let lines: Vec<u32> = article
        .blocks
        .iter()
        .flat_map(|b| &b.markers)
        .map(|m| m.line)
        .collect();
    assert_eq!(lines, [1, 3]);
    assert_eq!(article.notes.len(), 2);
}

#[test]
fn code_never_holds_markers() {
    let article = read_str("Text `[1]` here.\n\n```\n[2]\n```\n");
    assert!(marker_ids(&article).is_empty());
}

#[test]
fn gfm_footnotes_are_markers_and_notes() {
    let article = read_str("Claim.[^a] Other.[^missing]\n\n[^a]: Source, 2001.\n");
    assert_eq!(marker_ids(&article), ["a", "missing"]);
    assert_eq!(article.notes.len(), 1);
    assert_eq!(article.notes[0].text, "Source, 2001.");
    assert_eq!(article.notes[0].line, 3);
}

#[test]
fn a_numbered_list_in_the_body_is_not_notes() {
    let article = read_str("Intro.\n\n1. one\n2. two\n\n## More\n\nText.\n");
    assert!(article.notes.is_empty());
}

#[test]
fn numbered_list_under_a_notes_heading_is_the_notes() {
    let article =
        read_str("Fact[1].\n\n## References\n\n1. Book, 2000.\n\n## External links\n\n- x\n");
    assert_eq!(article.notes.len(), 1);
    assert_eq!(article.notes[0].id, "1");
    assert_eq!(article.notes[0].text, "Book, 2000.");
}

#[test]
fn banner_gives_the_title_and_is_not_prose() {
    let article =
        read_str("> 本文内容由[標題](https://zh.wikipedia.org/wiki/標題)转换而来。\n\n正文。\n");
    assert_eq!(article.title, "標題");
    assert_eq!(article.blocks[0].role, BlockRole::Banner);
}

#[test]
fn html_table_cells_hold_markers_and_links() {
    let article = read_str("Intro.\\[1\\]\n\n<table>\n<tr><td><p><a href=\"../Page/X.md\" title=\"wikilink\">X</a><br />\n[2][3]</p></td></tr>\n</table>\n\n1.  a\n2.  b\n3.  c\n");
    assert_eq!(marker_ids(&article), ["1", "2", "3"]);
    let table = article
        .blocks
        .iter()
        .find(|b| b.role == BlockRole::Table)
        .unwrap();
    assert_eq!(table.markers[0].line, 5);
    assert_eq!(article.links[0].url, "../Page/X.md");
    assert_eq!(article.links[0].title, "wikilink");
    assert_eq!(article.links[0].line, 4);
}

#[test]
fn image_caption_debris_is_marked() {
    let article =
        read_str("[右](https://zh.wikipedia.org/wiki/File:X.jpg \"fig:右\") 說明。\\]\\] 正文。\n");
    let block = &article.blocks[0];
    let caption = &block.text[block.captions[0].clone()];
    assert_eq!(caption, "右 說明。]]");
}
