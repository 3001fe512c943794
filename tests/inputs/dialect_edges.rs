//! Edge cases of the three dialects, each counted by hand: where a careless
//! reader would find notes, markers or prose that are not there.

use std::path::Path;

use citecheck::article::markdown;
use citecheck::extract::{extract, Extraction, NoteKind};

fn audit(text: &str) -> Extraction {
    extract(&markdown::read(Path::new("case.md"), text))
}

fn ids(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}

#[test]
fn plain_markers_take_the_list_under_the_notes_heading_not_the_last_list() {
    let found = audit(
        "Alpha.[1] Beta.[2]\n\n## References\n\n1. One.\n2. Two.\n\n## Appendix\n\n1. Step one.\n2. Step two.\n3. Step three.\n",
    );
    let f = &found.footnotes;
    assert_eq!((f.markers, f.notes), (2, 2));
    assert!(f.orphaned.is_empty() && f.dangling.is_empty());
    assert_eq!(f.items[0].text, "One.");
    // The appendix steps are body list items: prose.
    assert_eq!(found.coverage.sentences.total, 5);
    assert_eq!(found.coverage.sentences.cited, 2);
}

#[test]
fn a_last_list_under_another_heading_is_body_text_for_plain_markers() {
    let found = audit("Alpha.[1]\n\n## Steps\n\n1. Open.\n2. Close.\n");
    assert_eq!(found.footnotes.notes, 0);
    assert_eq!(ids(&found.footnotes.dangling), ["1"]);
    assert_eq!(found.coverage.sentences.total, 3);
}

#[test]
fn lazily_numbered_notes_take_the_numbers_a_reader_sees() {
    let found =
        audit("Alpha.[1] Beta.[2] Gamma.[3]\n\n## Notes\n\n1. First.\n1. Second.\n1. Third.\n");
    let f = &found.footnotes;
    let note_ids: Vec<&str> = f.items.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(note_ids, ["1", "2", "3"]);
    assert!(f.dangling.is_empty() && f.orphaned.is_empty());
}

#[test]
fn bracketed_numbers_are_not_markers_in_a_footnote_article() {
    let found =
        audit("The first element a[1] is small.[^n] Chapter [2] of the book.\n\n[^n]: Note.\n");
    assert_eq!(found.footnotes.markers, 1);
    assert!(found.footnotes.dangling.is_empty());
}

#[test]
fn an_escaped_footnote_reference_is_text() {
    let found = audit("Escaped \\[^a] is not a ref. Real one.[^b]\n\n[^b]: x\n");
    assert_eq!(found.footnotes.markers, 1);
    assert!(found.footnotes.dangling.is_empty());
    assert_eq!(found.coverage.sentences.cited, 1);
}

#[test]
fn footnote_labels_match_without_regard_to_case() {
    let found = audit("Case test.[^Note]\n\n[^note]: Source.\n");
    assert!(found.footnotes.dangling.is_empty());
    assert!(found.footnotes.orphaned.is_empty());
    assert_eq!(found.footnotes.items[0].referenced_from, [1]);
}

#[test]
fn a_label_defined_twice_keeps_its_first_definition() {
    let found = audit("A.[^d]\n\n[^d]: one\n\n[^d]: two\n");
    let f = &found.footnotes;
    assert_eq!(f.notes, 1);
    assert_eq!(f.items[0].text, "one");
    assert!(f.orphaned.is_empty());
}

#[test]
fn an_introduction_in_the_notes_section_is_not_prose() {
    let found = audit(
        "Alpha.[1]\n\n## References\n\nSources used in this article:\n\n1. Smith, *Book*, 2001.\n",
    );
    assert_eq!(found.coverage.sentences.total, 1);
    assert_eq!(found.coverage.paragraphs.total, 1);
    assert_eq!(found.footnotes.items[0].kind, NoteKind::Book);
}

#[test]
fn converter_notes_after_the_category_line_are_found_under_any_heading() {
    let found = audit(
        "正文。\\[1\\]\n\n## 外部連結\n\n  - [官方網站](http://example.com/)\n\n[Category:測試](https://zh.wikipedia.org/wiki/Category:測試 \"wikilink\")\n\n1.  來源。\n",
    );
    assert_eq!(found.footnotes.notes, 1);
    assert!(found.footnotes.dangling.is_empty());
    // The external-links bullet is an appendix, not prose.
    assert_eq!(found.coverage.paragraphs.total, 1);
}

#[test]
fn a_heading_that_only_mentions_sources_is_body_text() {
    let found = audit("We measured p99 latency.[^m]\n\n## Sources of error\n\n1. Clock skew between hosts.\n2. GC pauses.\n\n[^m]: With wrk2, 60 s runs.\n");
    assert_eq!(found.footnotes.notes, 1);
    assert!(found.footnotes.orphaned.is_empty());
    assert_eq!(found.coverage.sentences.total, 3);
    assert_eq!(found.coverage.paragraphs.total, 3);
}

#[test]
fn of_two_numbered_notes_lists_the_longer_holds_the_notes_and_neither_is_prose() {
    let found = audit(
        "Alpha.[1] Beta.[2] Gamma.[3]\n\n## Notes\n\n1. ^ See Smith 2001.\n\n## References\n\n1. ^ One.\n2. ^ Two.\n3. ^ Three.\n\n## Further reading\n\n- Ackroyd, Peter (2000). *London*.\n",
    );
    let f = &found.footnotes;
    assert_eq!(f.notes, 3);
    assert!(f.dangling.is_empty());
    assert_eq!(found.coverage.sentences.total, 3);
    assert_eq!(found.coverage.sentences.cited, 3);
}

#[test]
fn wikipedia_back_link_letters_are_not_part_of_the_note() {
    let found = audit("A.[1]\n\n## References\n\n1. ^ *a* *b* Blaisdell, Marilyn (1987). *San Francisco's Sutro Baths*. p. 12.\n");
    assert_eq!(
        found.footnotes.items[0].text,
        "Blaisdell, Marilyn (1987). *San Francisco's Sutro Baths*. p. 12."
    );
    assert_eq!(found.footnotes.items[0].kind, NoteKind::Book);
}

#[test]
fn chinese_journal_articles_are_journals() {
    let found = audit("文。\\[1\\]\n\n## 參考文獻\n\n1.  李子寧，〈國立臺灣博物館沿革〉，《博物館學季刊》，第20卷第3期，2006年，頁5-20。\n");
    assert_eq!(found.footnotes.items[0].kind, NoteKind::Journal);
}

#[test]
fn footnote_definitions_inside_quotations_and_list_items_are_notes() {
    let found = audit(
        "Quoted claim.[^q] Listed claim.[^l]\n\n> A quotation.\n>\n> [^q]: Quoted source, 2001.\n\n- An item.\n\n  [^l]: Listed source, 2002.\n",
    );
    let f = &found.footnotes;
    assert_eq!((f.markers, f.notes), (2, 2));
    assert!(f.dangling.is_empty(), "{:?}", f.dangling);
    assert!(f.orphaned.is_empty(), "{:?}", f.orphaned);
    let texts: Vec<&str> = f.items.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(texts[1], "Listed source, 2002.");
    assert!(texts[0].contains("Quoted source, 2001."), "{texts:?}");
}

#[test]
fn what_commonmark_does_not_read_as_a_link_is_no_link() {
    let found = audit(
        "\\[not a link](/a) [l](<b\\>) [l](/c \"t \"and\" t\") [link] bar](/d) ![x [y](/e) ![z](/f)](/g) [w[^1]](https://h.example/)\n\n[^1]: Note.\n",
    );
    let urls: Vec<&str> = found.links.iter().map(|l| l.url.as_str()).collect();
    assert_eq!(urls, ["/g", "https://h.example/"]);
}

#[test]
fn gfm_extended_autolinks_are_links() {
    let found = audit(
        "See www.example.com/a_(b)). Mail ann@example.org. Or (www.example.net/x), ftp://files.example.com/f. Not www.x_y.z_a nor a@b.\n",
    );
    let urls: Vec<&str> = found.links.iter().map(|l| l.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "http://www.example.com/a_(b)",
            "mailto:ann@example.org",
            "http://www.example.net/x",
            "ftp://files.example.com/f"
        ]
    );
}
