//! Wikitext read by MediaWiki's own rules: Cite's `<ref>` (`follow=`, names
//! decoded as attribute values, `<nowiki>` text), the parser's external
//! links (where an address ends, what it points to, which are links at
//! all) and the CS1 module's parameter aliases. Each case was checked
//! against MediaWiki's code (core's `Parser.php` and `Sanitizer.php`, the
//! Cite extension, Module:Citation/CS1/Configuration).

use std::path::Path;

use citecheck::article::wikitext;
use citecheck::extract::{extract, Extraction};

fn audit(text: &str) -> Extraction {
    extract(&wikitext::read(Path::new("case.wikitext"), text))
}

fn urls(found: &Extraction) -> Vec<&str> {
    found.links.iter().map(|l| l.url.as_str()).collect()
}

#[test]
fn a_ref_that_follows_another_continues_its_note_and_is_no_marker() {
    let found = audit(
        "A.<ref name=\"p1\">First part.</ref> B.<ref follow=\"p1\">Second part, \
         http://example.org/more</ref> C.<ref>Other.</ref>\n\n== References ==\n{{reflist}}\n",
    );
    assert_eq!(found.footnotes.markers, 2);
    assert_eq!(found.footnotes.notes, 2);
    let first = &found.footnotes.items[0];
    assert!(
        first.text.starts_with("First part. Second part"),
        "{}",
        first.text
    );
    // A link in the continuation belongs to the note it continues.
    assert_eq!(found.links.len(), 1);
    assert_eq!(found.links[0].note.as_deref(), Some(first.id.as_str()));
    assert!(found.footnotes.orphaned.is_empty() && found.footnotes.dangling.is_empty());
}

#[test]
fn ref_names_are_decoded_as_attribute_values_are() {
    let found = audit(
        "A.<ref name=\"a &amp; b\">One.</ref> B.<ref name=\"a & b\" /> \
         C.<ref name=\"x&#61;y\">Two.</ref> D.<ref name=x=y/> \
         E.<ref name=\"&#x41;B\">Three.</ref> F.<ref name=AB/>\n",
    );
    assert_eq!(found.footnotes.markers, 6);
    assert_eq!(found.footnotes.notes, 3);
    assert!(
        found.footnotes.dangling.is_empty(),
        "{:?}",
        found.footnotes.dangling
    );
}

#[test]
fn ref_names_may_be_single_quoted_or_unquoted() {
    let found = audit(
        "A.<ref name='sq'>One.</ref> B.<ref name=\"sq\" /> C.<ref name=uq>Two.</ref> \
         D.<ref name='uq' />\n",
    );
    assert_eq!(found.footnotes.markers, 4);
    assert_eq!(found.footnotes.notes, 2);
    assert!(found.footnotes.dangling.is_empty());
}

#[test]
fn a_note_whose_text_is_inside_nowiki_is_not_empty() {
    let found = audit(
        "A.<ref><nowiki>Smith, J. [1999] {{odd}}.</nowiki></ref> B.<ref name=n><nowiki>[x]</nowiki></ref> C.<ref name=n/>\n",
    );
    assert_eq!(found.footnotes.notes, 2);
    assert!(
        found.footnotes.empty.is_empty(),
        "{:?}",
        found.footnotes.empty
    );
    assert_eq!(found.footnotes.items[0].text, "Smith, J. [1999] {{odd}}.");
    assert_eq!(found.footnotes.items[1].text, "[x]");
}

#[test]
fn character_references_in_addresses_are_decoded() {
    let found = audit(
        "See http://example.org/a?b=1&amp;c=2 here, [http://example.org/q?x&#61;1 label] \
         and http://example.org/p&vert;q end.\n",
    );
    assert_eq!(
        urls(&found),
        [
            "http://example.org/a?b=1&c=2",
            "http://example.org/q?x=1",
            "http://example.org/p|q"
        ]
    );
}

#[test]
fn nbsp_lt_and_gt_end_a_free_address() {
    let found = audit(
        "Free http://example.org/a&nbsp;next and http://example.org/b&lt;c and http://example.org/d&gt;e end.\n",
    );
    assert_eq!(
        urls(&found),
        [
            "http://example.org/a",
            "http://example.org/b",
            "http://example.org/d"
        ]
    );
}

#[test]
fn a_bracket_inside_a_bracketed_address_ends_it() {
    let found = audit("Link [http://example.org/a[b] label] end.\n");
    assert_eq!(urls(&found), ["http://example.org/a"]);
}

#[test]
fn italics_right_after_an_address_end_it() {
    let found = audit("Text ''http://example.org/it'' and http://example.org/x''y'' and http://example.org/o'k end.\n");
    assert_eq!(
        urls(&found),
        [
            "http://example.org/it",
            "http://example.org/x",
            "http://example.org/o'k"
        ]
    );
}

#[test]
fn bracketed_ipv6_hosts_are_addresses() {
    let found =
        audit("Host http://[2001:db8::1]/path and [http://[2001:db8::2]:8080/x label] end.\n");
    assert_eq!(
        urls(&found),
        ["http://[2001:db8::1]/path", "http://[2001:db8::2]:8080/x"]
    );
}

#[test]
fn trailing_punctuation_leaves_a_free_address_as_mediawiki_moves_it() {
    let found = audit(
        "End http://example.org/a\\ and http://example.org/b. and http://example.org/c, and \
         http://example.org/d; http://example.org/e: http://example.org/f! http://example.org/g? \
         (http://example.org/h) http://example.org/i_(j) http://example.org/k&amp; end.\n",
    );
    assert_eq!(
        urls(&found),
        [
            "http://example.org/a",
            "http://example.org/b",
            "http://example.org/c",
            "http://example.org/d",
            "http://example.org/e",
            "http://example.org/f",
            "http://example.org/g",
            "http://example.org/h",
            "http://example.org/i_(j)",
            "http://example.org/k&"
        ]
    );
}

#[test]
fn noinclude_tags_inside_an_address_are_removed_before_reading() {
    let found = audit(
        "Link http://example.org/a<noinclude>x</noinclude>b and [http://example.org/c</noinclude>d label] end.\n",
    );
    assert_eq!(
        urls(&found),
        ["http://example.org/axb", "http://example.org/cd"]
    );
}

#[test]
fn addresses_in_a_bracketed_links_label_are_not_links_of_their_own() {
    let found = audit("A [http://example.org/a see http://example.org/b here] end.\n");
    assert_eq!(urls(&found), ["http://example.org/a"]);
}

#[test]
fn an_address_inside_another_addresss_query_is_not_split_off() {
    let found = audit(
        "A http://example.org/go?to=http://example.com/x end, \
         [http://example.org/r?u=https://example.net/y label] and \
         https://web.archive.org/web/2010/http://example.org/z.\n",
    );
    assert_eq!(
        urls(&found),
        [
            "http://example.org/go?to=http://example.com/x",
            "http://example.org/r?u=https://example.net/y",
            "https://web.archive.org/web/2010/http://example.org/z"
        ]
    );
}

#[test]
fn an_address_written_as_a_pseudo_tag_is_a_free_link() {
    let found = audit("Written <http://example.org/pt> as a tag, and <https://example.org/q>.\n");
    assert_eq!(
        urls(&found),
        ["http://example.org/pt", "https://example.org/q"]
    );
}

#[test]
fn cs1_aliases_give_links_their_archive_and_dates() {
    let found = audit(
        "A.<ref>{{cite web |url=http://example.org/one |title=One \
         |archiveurl=https://web.archive.org/web/2010/http://example.org/one |archivedate=1 May 2010 \
         |accessdate=2 May 2010 |deadurl=yes |work=Site}}</ref> \
         B.<ref>{{Cite news |url=http://example.org/two |title=Two |archive-url=https://web.archive.org/web/2011/http://example.org/two \
         |archive-date=2011 |website=W |dead-url=no}}</ref> \
         C.<ref>{{cite book |chapterurl=http://example.org/three |chapter=Ch |title=Book |author1-last=Smith |year=2001}}</ref>\n",
    );
    assert_eq!(found.footnotes.markers, 3);
    assert_eq!(found.footnotes.notes, 3);
    assert_eq!(
        urls(&found),
        [
            "http://example.org/one",
            "http://example.org/two",
            "http://example.org/three"
        ]
    );
    let one = found.links[0].citation.as_ref().expect("a citation");
    assert_eq!(
        one.archive_url.as_deref(),
        Some("https://web.archive.org/web/2010/http://example.org/one")
    );
    assert_eq!(one.archive_date.as_deref(), Some("1 May 2010"));
    assert_eq!(one.access_date.as_deref(), Some("2 May 2010"));
    assert_eq!(one.url_status.as_deref(), Some("dead"));
    let two = found.links[1].citation.as_ref().expect("a citation");
    assert!(two.archive_url.is_some());
    assert_eq!(two.url_status.as_deref(), Some("live"));
    assert!(
        found.footnotes.items[2].text.starts_with("Smith"),
        "{}",
        found.footnotes.items[2].text
    );
}

#[test]
fn citation_needed_and_its_redirects_are_maintenance_tags() {
    let article = wikitext::read(
        Path::new("case.wikitext"),
        "A.{{cn}} B.{{Citation needed|date=May 2020}} C.{{fact}} D.{{Fact|date=May 2020}} E.{{citation needed}} F.{{Reference needed}}\n",
    );
    assert_eq!(article.maintenance_tags.len(), 6);
}

#[test]
fn nowiki_text_is_shown_but_holds_no_links() {
    let found = audit(
        "Not a link: <nowiki>http://example.org/nw ISBN 0-306-40615-2</nowiki> and a link http://example.org/yes end.\n",
    );
    assert_eq!(urls(&found), ["http://example.org/yes"]);
    assert!(found.isbns.is_empty());
}

#[test]
fn a_note_holding_only_a_bare_url_is_not_empty() {
    let found =
        audit("A.<ref>http://www.example.org</ref> B.<ref name=x>https://example.org/x</ref>\n");
    assert!(
        found.footnotes.empty.is_empty(),
        "{:?}",
        found.footnotes.empty
    );
    assert_eq!(found.footnotes.items[0].text, "http://www.example.org");
    // Shown as text, the address is still one link, not two.
    assert_eq!(
        urls(&found),
        ["http://www.example.org", "https://example.org/x"]
    );
}

#[test]
fn every_scheme_mediawiki_links_is_a_link_with_a_status() {
    // `$wgUrlProtocols`: free and bracketed links of other schemes are links
    // too, reported (not fetched), never dropped.
    let found = audit(
        "A ftp://ftp.example.org/pub/file.txt and mailto:editor@example.org, \
         [news:comp.lang.rust the group] and [irc://irc.libera.chat/wikipedia chat]. \
         Not links: news: alone, xmailto:a@b.org, newsletter:x.\n",
    );
    assert_eq!(
        urls(&found),
        [
            "ftp://ftp.example.org/pub/file.txt",
            "mailto:editor@example.org",
            "news:comp.lang.rust",
            "irc://irc.libera.chat/wikipedia"
        ]
    );
    for link in &found.links {
        assert!(
            matches!(link.target, citecheck::extract::links::Target::Excluded(_)),
            "{link:?}"
        );
    }
    // A protocol-relative address is a link only in brackets.
    let found = audit("[//example.org/a label] and //example.org/b\n");
    assert_eq!(urls(&found), ["//example.org/a"]);
}

#[test]
fn a_ref_following_a_note_not_yet_defined_keeps_its_text() {
    // Cite lists an incomplete follow= on its own in the reference list.
    let found = audit(
        "A.<ref follow=\"later\">Continued from nowhere, https://example.org/c</ref> \
         B.<ref name=\"later\">Later note.</ref>\n",
    );
    assert_eq!(found.footnotes.markers, 1);
    assert_eq!(found.footnotes.notes, 1);
    assert_eq!(urls(&found), ["https://example.org/c"]);
    assert_eq!(found.links[0].note, None);
    let article = wikitext::read(
        Path::new("case.wikitext"),
        "A.<ref follow=\"later\">Continued from nowhere.</ref>\n",
    );
    assert!(
        article
            .blocks
            .iter()
            .any(|b| b.text.contains("Continued from nowhere")),
        "the text is kept"
    );
}

#[test]
fn tag_ref_names_lose_their_quotes_and_r_reads_its_group() {
    let found = audit(
        "A.{{#tag:ref|Alpha.|name=\"a\"}} B.<ref name=a/> \
         C.<ref name=n group=note>Noted.</ref> D.{{r|n|group=note}} E.{{r| a }}\n",
    );
    assert!(
        found.footnotes.dangling.is_empty(),
        "{:?}",
        found.footnotes.dangling
    );
    assert_eq!(found.footnotes.markers, 5);
    assert_eq!(found.footnotes.notes, 2);
}

#[test]
fn includeonly_text_is_not_on_the_page() {
    let found = audit(
        "Shown.<includeonly>[[Category:X]] http://example.org/hidden <ref>Hidden.</ref></includeonly> \
         Also <onlyinclude>shown http://example.org/shown</onlyinclude>.\n",
    );
    assert_eq!(urls(&found), ["http://example.org/shown"]);
    assert_eq!(found.footnotes.markers, 0);
}
