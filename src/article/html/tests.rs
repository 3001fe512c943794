use std::path::Path;

use super::read;
use crate::article::model::{Article, BlockRole, TagKind};

fn page(body: &str) -> Article {
    let html = format!("<!DOCTYPE html><html><head><title>T - Wikipedia</title></head><body><div class=\"mw-parser-output\">\n{body}\n</div></body></html>");
    read(Path::new("t.html"), &html)
}

fn marker_ids(article: &Article) -> Vec<String> {
    article
        .blocks
        .iter()
        .flat_map(|b| &b.markers)
        .map(|m| m.id.clone())
        .collect()
}

const SAVED: &str = r##"<p>Claim.<sup id="cite_ref-a_1-0" class="reference"><a href="#cite_note-a-1">[1]</a></sup> Other.<sup class="reference"><a href="#cite_note-2">[2]</a></sup><sup class="reference nowrap"><span title="Page: 5">: 5 </span></sup> Tagged.<sup class="noprint Inline-Template Template-Fact">[<i><a href="/wiki/Wikipedia:Citation_needed"><span>citation needed</span></a></i>]</sup></p>
<table class="infobox"><tr><td>Pop.<sup class="reference"><a href="#cite_note-a-1">[1]</a></sup></td></tr></table>
<h2><span class="mw-headline" id="References">References</span><span class="mw-editsection">[edit]</span></h2>
<div class="reflist"><ol class="references">
<li id="cite_note-a-1"><span class="mw-cite-backlink">^ <a href="#cite_ref-a_1-0"><sup>a</sup></a> <a href="#cite_ref-a_1-1"><sup>b</sup></a></span> <span class="reference-text"><cite class="citation web"><a rel="nofollow" class="external text" href="https://web.archive.org/web/2014/http://a.example/x">"X"</a>. Archived from <a rel="nofollow" class="external text" href="http://a.example/x">the original</a>. <span class="reference-accessdate">Retrieved <span class="nowrap">11 January</span> 2015</span>.</cite> <a href="/wiki/Digital_object_identifier">doi</a>:<a rel="nofollow" class="external text" href="https://doi.org/10.1000/x">10.1000/x</a> ISBN <a href="/wiki/Special:BookSources/9780306406157">978-0-306-40615-7</a></span></li>
<li id="cite_note-2"><span class="mw-cite-backlink"><a href="#cite_ref-2">^</a></span> <span class="reference-text"><a href="#CITEREFSmith2001">Smith 2001</a>, p. 5.</span></li>
</ol></div>
<h2>Bibliography</h2><ul><li><cite id="CITEREFSmith2001">Smith (2001). <i>Book</i>.</cite></li></ul>"##;

#[test]
fn markers_notes_links_and_isbns_of_a_saved_page() {
    let a = page(SAVED);
    assert_eq!(a.title, "T");
    assert_eq!(marker_ids(&a), ["1", "2", "1"]);
    assert_eq!(a.notes.len(), 2);
    assert!(a.notes[0].text.starts_with("\"X\""), "{}", a.notes[0].text);
    assert!(!a.notes[0].text.contains('^'));
    assert_eq!(a.links.len(), 1, "{:?}", a.links);
    let link = &a.links[0];
    assert_eq!(link.url, "http://a.example/x");
    let cited = link.cited.as_ref().unwrap();
    assert!(cited
        .archive_url
        .as_deref()
        .unwrap()
        .contains("web.archive.org"));
    assert_eq!(cited.access_date.as_deref(), Some("11 January 2015"));
    let note = a.blocks.iter().find(|b| b.note_id() == Some("1")).unwrap();
    assert!(note.text.contains("ISBN 978-0-306-40615-7"));
    let short = a.notes[1].short.as_ref().unwrap();
    assert_eq!(short.anchor, "CITEREFSmith2001");
    assert!(short.target_line.is_some());
}

#[test]
fn citation_needed_as_rendered_and_prose_without_data() {
    let a = page(SAVED);
    assert_eq!(a.maintenance_tags.len(), 1);
    assert_eq!(a.maintenance_tags[0].kind, TagKind::CitationNeeded);
    let prose: Vec<&str> = a
        .blocks
        .iter()
        .filter(|b| b.role == BlockRole::Prose)
        .map(|b| b.text.trim())
        .collect();
    assert_eq!(prose.len(), 1);
    assert!(prose[0].starts_with("Claim."));
    assert!(!prose[0].contains("citation needed"));
    let coverage = crate::extract::coverage::coverage(&a);
    assert_eq!(coverage.sentences.total, 3);
    assert_eq!(coverage.sentences.cited, 2);
}

#[test]
fn parsoid_markers_and_notes() {
    let a = page(
        r#"<section><p>Fact.<sup typeof="mw:Extension/ref" class="mw-ref reference" id="cite_ref-1"><a href="./T#cite_note-1"><span class="mw-reflink-text">[1]</span></a></sup> Aside.<sup class="mw-ref reference"><a href="./T#cite_note-2"><span class="mw-reflink-text">[a]</span></a></sup></p></section>
<ol class="mw-references references"><li id="cite_note-1"><span class="mw-linkback-text">↑ </span><span class="mw-reference-text">See <a rel="mw:ExtLink nofollow" class="external" href="https://b.example/">B</a>.</span></li></ol>
<ol class="mw-references references"><li id="cite_note-2"><span class="mw-reference-text">An aside.</span></li></ol>"#,
    );
    assert_eq!(marker_ids(&a), ["1", "a"]);
    assert_eq!(a.notes.len(), 2);
    assert_eq!(a.notes[1].group.as_deref(), Some("lower-alpha"));
    assert_eq!(a.links[0].url, "https://b.example/");
    assert_eq!(a.links[0].note.as_deref(), Some("1"));
    let coverage = crate::extract::coverage::coverage(&a);
    assert_eq!(coverage.sentences.cited, 1);
}

#[test]
fn lines_come_from_the_source() {
    let a = page("<p>One.</p>\n<p>Two.<sup class=\"reference\"><a href=\"#cite_note-1\">[1]</a></sup></p>\n<ol class=\"references\"><li id=\"cite_note-1\">N.</li></ol>");
    let marker = a.blocks.iter().flat_map(|b| &b.markers).next().unwrap();
    assert_eq!(marker.line, 3);
    assert_eq!(a.notes[0].line, 4);
}

#[test]
fn nesting_past_the_limit_is_refused_in_linear_time() {
    let deep = "<div>".repeat(2_000_000);
    let started = std::time::Instant::now();
    assert_eq!(super::too_deep(&deep), Some(1));
    assert!(started.elapsed().as_secs() < 5);
    let real = "<div><p>a<br><img src=x><p>b</div>".repeat(100_000);
    assert_eq!(super::too_deep(&real), None);
    assert_eq!(super::too_deep(&"<a ".repeat(1_000_000)), None);
    let err = crate::article::read_text(
        Path::new("d.html"),
        crate::article::model::Format::Html,
        &deep,
    )
    .unwrap_err();
    assert!(err
        .to_string()
        .starts_with("d.html: HTML nested more than 4096 elements deep"));
}

#[test]
fn hostile_html_reads_without_panics() {
    // html5ever's own work grows faster than the depth of nesting (it
    // searches its stack of open elements); the reader's walk stops at
    // MAX_DEPTH either way.
    let deep = "<div>".repeat(4_000) + "<p>x</p>";
    let started = std::time::Instant::now();
    let _ = read(Path::new("d.html"), &deep);
    let unclosed = "<p>a<sup class=\"reference\"><a href=\"#cite_note-1\">[1]".repeat(3_000);
    let _ = read(Path::new("u.html"), &unclosed);
    assert!(started.elapsed().as_secs() < 20);
}
