//! Wikipedia HTML: every external link of the page, where each sits, and
//! every marker shape. The figures for the real pages are those of
//! `tests/oracle/external_links.py` (BeautifulSoup) and
//! `tests/oracle/wiki_counts.py`, which agree with citecheck on all of them.

use std::collections::BTreeMap;
use std::path::Path;

use citecheck::article::{html, LinkPlace};
use citecheck::extract::{extract, Extraction};

fn read(path: &str) -> Extraction {
    let text = std::fs::read_to_string(path).unwrap();
    extract(&html::read(Path::new(path), &text))
}

/// How many links sit in each place (`None`: no place).
fn by_place(found: &Extraction) -> BTreeMap<&'static str, usize> {
    let mut places = BTreeMap::new();
    for link in &found.links {
        let name = link.place.map_or("none", LinkPlace::as_str);
        *places.entry(name).or_insert(0) += 1;
    }
    places
}

fn places(pairs: &[(&'static str, usize)]) -> BTreeMap<&'static str, usize> {
    pairs.iter().copied().collect()
}

/// Whether a URL leads to a Wikimedia project (the wiki's own links).
fn wikimedia(url: &str) -> bool {
    let host = url
        .split("//")
        .nth(1)
        .and_then(|r| r.split(['/', '?', '#']).next())
        .unwrap_or("");
    [
        "wikipedia.org",
        "wikimedia.org",
        "wikidata.org",
        "mediawiki.org",
    ]
    .iter()
    .any(|w| host == *w || host.ends_with(&format!(".{w}")))
}

#[test]
fn a_parsoid_page_has_links_in_references_navboxes_and_authority_control() {
    let found = read("tests/fixtures/wiki/en-Dog.parsoid.html");
    // 254 external links by the oracle: 18 of the 232 in references are
    // archived copies, here the archive_url of their originals.
    assert_eq!(
        by_place(&found),
        places(&[
            ("authority_control", 3),
            ("body", 2),
            ("external_links", 4),
            ("navbox", 13),
            ("reference", 214),
        ])
    );
    assert_eq!(found.footnotes.markers, 345);
}

#[test]
fn saved_pages_have_every_external_link_and_none_of_the_wikis_own() {
    let cases: [(&str, &[(&'static str, usize)]); 4] = [
        (
            "tests/fixtures/wiki/en-Cat.html",
            &[("body", 4), ("external_links", 4), ("reference", 190)],
        ),
        (
            "tests/fixtures/wiki/en-Hermitian_matrix.html",
            &[("external_links", 3), ("reference", 2)],
        ),
        (
            "tests/fixtures/wiki/en-T-distributed_stochastic_neighbor_embedding.html",
            &[
                ("body", 2),
                ("external_links", 1),
                ("navbox", 1),
                ("reference", 10),
            ],
        ),
        (
            "tests/fixtures/wiki/zh-猫.html",
            &[("external_links", 8), ("other", 6), ("reference", 120)],
        ),
    ];
    for (path, want) in cases {
        let found = read(path);
        assert_eq!(by_place(&found), places(want), "{path}");
        let own: Vec<&str> = found
            .links
            .iter()
            .map(|l| l.url.as_str())
            .filter(|u| wikimedia(u))
            .collect();
        assert!(own.is_empty(), "{path}: {own:?}");
    }
}

#[test]
fn the_shared_corpus_pages_match_the_oracle_when_present() {
    // ../shared/corpus is beside the repository on the machines that have
    // it; elsewhere this test has nothing to read.
    let corpus = "../shared/corpus/en-html";
    if !Path::new(corpus).is_dir() {
        return;
    }
    let mozilla = read(&format!("{corpus}/Mozilla.html"));
    // The oracle's 81: 74 in references (3 of them archived copies), 5 in
    // External links, 1 in the infobox, 1 in the body (the interwiki link
    // [[mozillawiki:Timeline]]). The edit, "update" and Commons links are
    // the wiki's own.
    assert_eq!(
        by_place(&mozilla),
        places(&[
            ("body", 1),
            ("external_links", 5),
            ("infobox", 1),
            ("reference", 71)
        ])
    );
    let loops = read(&format!("{corpus}/List_of_films_featuring_time_loops.html"));
    // 81 by the oracle, all in references, 5 of them archived copies; the
    // 343 absolute links to en.wikipedia.org are links to articles.
    assert_eq!(by_place(&loops), places(&[("reference", 76)]));
    assert_eq!(loops.footnotes.markers, 81);
}

#[test]
fn every_marker_shape_is_a_marker_and_every_box_a_place() {
    let found = read("tests/fixtures/html/marker_and_link_shapes.html");
    // Markers in a hatnote, an infobox caption and cell, prose, a group
    // note ([a], [note 1]), a bare <div class="center">, a heading, a
    // figure caption, a list item beside {{rp}}, a table, Parsoid's sup and
    // span typed mw:Extension/ref, a navbox, and a note inside a note.
    assert_eq!(found.footnotes.markers, 15);
    assert_eq!(found.footnotes.notes, 15);
    assert!(found.footnotes.dangling.is_empty(), "{:?}", found.footnotes);
    assert!(found.footnotes.orphaned.is_empty(), "{:?}", found.footnotes);
    assert_eq!(
        by_place(&found),
        places(&[
            ("authority_control", 1),
            ("body", 1),
            ("external_links", 1),
            ("infobox", 1),
            ("navbox", 1),
            ("other", 1),
            ("reference", 1),
        ])
    );
    let urls: Vec<&str> = found.links.iter().map(|l| l.url.as_str()).collect();
    assert!(!urls.iter().any(|u| wikimedia(u)), "{urls:?}");
}

#[test]
fn parsoid_links_interwiki_and_group_notes() {
    let found = read("tests/fixtures/html/parsoid_shapes.html");
    let got: Vec<(&str, Option<LinkPlace>)> = found
        .links
        .iter()
        .map(|l| (l.url.as_str(), l.place))
        .collect();
    assert_eq!(
        got,
        [
            ("https://hat.example/", Some(LinkPlace::Other)),
            ("https://info.example/", Some(LinkPlace::Infobox)),
            // An interwiki link to a site outside Wikimedia is external;
            // the Commons one is not, nor the wiki link or the language link.
            ("https://wiki.mozilla.org/Timeline", Some(LinkPlace::Body)),
            ("//proto.example/page", Some(LinkPlace::Body)),
            ("https://caption.example/", Some(LinkPlace::Other)),
            ("https://one.example/", Some(LinkPlace::Reference)),
            ("https://official.example/", Some(LinkPlace::ExternalLinks)),
            ("https://viaf.org/viaf/2", Some(LinkPlace::AuthorityControl)),
        ]
    );
    assert_eq!(found.footnotes.markers, 4);
    assert_eq!(found.footnotes.notes, 4);
    assert!(found.footnotes.dangling.is_empty());
    assert!(found.footnotes.orphaned.is_empty());
}

#[test]
fn reading_links_and_places_stays_linear() {
    let text = std::fs::read_to_string("tests/fixtures/wiki/en-Dog.parsoid.html").unwrap();
    let (head, rest) = text.split_at(text.find("<section").unwrap());
    let end = rest.rfind("</body>").unwrap();
    let (body, tail) = rest.split_at(end);
    let bigger = format!("{head}{}{tail}", body.repeat(4));
    let time = |page: &str| {
        let started = std::time::Instant::now();
        let found = extract(&html::read(Path::new("p.html"), page));
        (started.elapsed(), found.links.len())
    };
    let (one, links) = time(&text);
    let (four, four_links) = time(&bigger);
    assert_eq!(four_links, 4 * links);
    // Four copies take about four times as long; a reader quadratic in the
    // page would take sixteen.
    assert!(four < one * 9, "one copy {one:?}, four copies {four:?}");
}
