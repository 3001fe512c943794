use std::path::Path;

use super::read;
use crate::article::model::{Article, BlockRole, TagKind};

fn wiki(text: &str) -> Article {
    read(Path::new("t.wikitext"), text)
}

fn marker_ids(article: &Article) -> Vec<String> {
    article
        .blocks
        .iter()
        .flat_map(|b| &b.markers)
        .map(|m| m.id.clone())
        .collect()
}

#[test]
fn refs_named_reused_and_numbered_in_order_of_use() {
    let a = wiki("A.<ref name=x>Smith 2001.</ref> B.<ref>Jones.</ref> C.<ref name=\"x\" />\n");
    assert_eq!(marker_ids(&a), ["1", "2", "1"]);
    assert_eq!(a.notes.len(), 2);
    assert_eq!(a.notes[0].text, "Smith 2001.");
    assert_eq!(a.notes[1].id, "2");
}

#[test]
fn list_defined_refs_are_notes_not_markers() {
    let a = wiki("A.<ref name=a/> B.<ref name=b/>\n\n== References ==\n{{reflist|refs=\n<ref name=a>Alpha.</ref>\n<ref name=b>Beta.</ref>\n<ref name=c>Unused.</ref>\n}}\n");
    assert_eq!(marker_ids(&a), ["1", "2"]);
    let texts: Vec<&str> = a.notes.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(texts, ["Alpha.", "Beta.", "Unused."]);
    let b = wiki("A.<ref name=a/>\n<references>\n<ref name=a>Alpha.</ref>\n</references>\n");
    assert_eq!(marker_ids(&b), ["1"]);
    assert_eq!(b.notes.len(), 1);
    assert_eq!(b.notes[0].line, 3);
}

#[test]
fn groups_and_efn_are_kept_apart() {
    let a = wiki("A.{{efn|An aside.<ref>Src.</ref>}} B.<ref group=note>N.</ref> C.<ref>R.</ref>\n");
    let groups: Vec<(String, Option<String>)> = a
        .notes
        .iter()
        .map(|n| (n.id.clone(), n.group.clone()))
        .collect();
    assert!(groups.contains(&("a".to_owned(), Some("lower-alpha".to_owned()))));
    assert!(groups.contains(&("note 1".to_owned(), Some("note".to_owned()))));
    assert!(groups.contains(&("1".to_owned(), None)));
    assert!(groups.contains(&("2".to_owned(), None)));
}

#[test]
fn sfn_short_citations_link_to_the_bibliography() {
    let a = wiki("A.{{sfn|Smith|2001|p=5}} B.{{sfn|Smith|2001|p=5}} C.{{sfn|Nobody|1999}}\n\n== Bibliography ==\n* {{cite book |last=Smith |first=J. |year=2001 |title=Book |isbn=978-0-306-40615-7}}\n");
    assert_eq!(marker_ids(&a), ["1", "1", "2"]);
    assert_eq!(a.notes.len(), 2);
    assert_eq!(a.notes[0].text, "Smith 2001, p. 5");
    let short = a.notes[0].short.as_ref().unwrap();
    assert_eq!(short.anchor, "CITEREFSmith2001");
    assert_eq!(short.target_line, Some(4));
    assert_eq!(a.notes[1].short.as_ref().unwrap().target_line, None);
}

#[test]
fn citation_templates_give_links_with_what_they_say() {
    let a = wiki("A.<ref>{{cite web |url=http://a.example/x |title=X |access-date=5 May 2010 |archive-url=https://web.archive.org/web/2010/http://a.example/x |archive-date=6 May 2010 |url-status=dead}}</ref>\n");
    assert_eq!(a.links.len(), 1);
    let link = &a.links[0];
    assert_eq!(link.url, "http://a.example/x");
    assert_eq!(link.note.as_deref(), Some("1"));
    let cited = link.cited.as_ref().unwrap();
    assert_eq!(cited.title.as_deref(), Some("X"));
    assert_eq!(cited.access_date.as_deref(), Some("5 May 2010"));
    assert_eq!(cited.url_status.as_deref(), Some("dead"));
    assert!(cited
        .archive_url
        .as_deref()
        .unwrap()
        .starts_with("https://web.archive.org/"));
}

#[test]
fn bare_and_free_links_and_isbns() {
    let a = wiki("A.<ref>[http://b.example/y Label] and http://c.example/z. {{ISBN|978-0-306-40615-7}} ISBN 0-306-40615-2</ref>\n");
    let urls: Vec<&str> = a.links.iter().map(|l| l.url.as_str()).collect();
    assert_eq!(urls, ["http://b.example/y", "http://c.example/z"]);
    let note = a.blocks.iter().find(|b| b.note_id() == Some("1")).unwrap();
    assert!(
        note.text.contains("ISBN 978-0-306-40615-7"),
        "{}",
        note.text
    );
    assert!(note.text.contains("ISBN 0-306-40615-2"));
}

#[test]
fn nothing_in_comments_nowiki_pre_or_math_counts() {
    let a = wiki("A.<!-- <ref>x</ref> http://d.example --> <nowiki><ref>y</ref></nowiki> <pre>{{cite web|url=http://e.example}}</pre> <math>[http://f.example]</math>\n");
    assert!(marker_ids(&a).is_empty());
    assert!(a.links.is_empty());
}

#[test]
fn maintenance_tags_and_citation_needed_sentences() {
    let a = wiki("Cited.<ref>S.</ref> Uncited claim.{{citation needed|date=May 2020}}<ref>T.</ref> More.{{clarify}}\n");
    let kinds: Vec<TagKind> = a.maintenance_tags.iter().map(|t| t.kind).collect();
    assert_eq!(kinds, [TagKind::CitationNeeded, TagKind::Other]);
    let prose = a
        .blocks
        .iter()
        .find(|b| b.role == BlockRole::Prose)
        .unwrap();
    assert_eq!(prose.needs_citation.len(), 1);
    let coverage = crate::extract::coverage::coverage(&a);
    assert_eq!(coverage.sentences.total, 3);
    assert_eq!(coverage.sentences.cited, 1);
}

#[test]
fn templates_tables_and_appendices_are_not_prose() {
    let a = wiki("{{Infobox place\n|name = X\n|population = 5<ref>Census.</ref>\n}}\n'''X''' is a town.<ref>Y.</ref>\n\n{| class=\"wikitable\"\n|-\n| cell<ref>Z.</ref> || two\n|}\n\n== See also ==\n* [[Other]]\n\n== References ==\n{{reflist}}\n");
    assert_eq!(marker_ids(&a), ["1", "2", "3"]);
    let prose: Vec<&str> = a
        .blocks
        .iter()
        .filter(|b| b.role == BlockRole::Prose)
        .map(|b| b.text.trim())
        .collect();
    assert_eq!(prose, ["X is a town."]);
    assert_eq!(a.sections.len(), 3);
}

#[test]
fn lines_map_back_to_the_source() {
    let a =
        wiki("Intro.\n\nLine three.<ref>\n{{cite news |url=http://n.example/ |title=N}}\n</ref>\n");
    let marker = a.blocks.iter().flat_map(|b| &b.markers).next().unwrap();
    assert_eq!(marker.line, 3);
    assert_eq!(a.links[0].line, 4);
}

#[test]
fn hostile_pages_read_in_linear_time_without_panics() {
    let nested = "{{a|".repeat(10_000) + &"}}".repeat(10_000);
    let unclosed = "<ref>x ".repeat(5_000) + &"{{cite web|url=http://x.example ".repeat(5_000);
    let brackets = "[http://x.example ".repeat(20_000);
    for page in [nested, unclosed, brackets] {
        let started = std::time::Instant::now();
        let _ = wiki(&page);
        assert!(started.elapsed().as_secs() < 5);
    }
}

#[test]
fn an_empty_named_ref_is_a_reuse_and_the_later_text_defines_it() {
    let a = wiki("Intro.<ref name=\"x\"></ref> Later.<ref name=\"x\">{{cite web |url=http://l.example/ |title=L}}</ref>\n");
    assert_eq!(marker_ids(&a), ["1", "1"]);
    assert_eq!(a.notes.len(), 1);
    assert!(!a.notes[0].text.is_empty());
    assert_eq!(a.links.len(), 1);
}

#[test]
fn sfn_inside_an_explanatory_note_is_a_footnote_of_its_own() {
    let a = wiki("A.{{efn|He wrote so.{{sfn|Ehrman|2011|p=5}} More.<ref>R.</ref>}}\n");
    assert_eq!(marker_ids(&a).len(), 3);
    assert_eq!(a.notes.len(), 3);
}

#[test]
fn language_labels_are_not_notes_and_other_url_parameters_are_links() {
    let a = wiki("* [https://example.org/x X]{{en}}\n\nB.<ref>{{Literatur|Titel=T|Online=[https://golem.example/n Volltext]}} {{cite conference|url=http://c.example/p.pdf|conference-url=http://c.example/}}</ref>\n");
    assert!(a.notes.iter().all(|n| n.group.is_none()));
    let urls: Vec<&str> = a.links.iter().map(|l| l.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://example.org/x",
            "https://golem.example/n",
            "http://c.example/p.pdf",
            "http://c.example/"
        ]
    );
}
