//! The Markdown reader against the CommonMark spec and GitHub's extensions:
//! every example whose expected HTML holds a link, an image, an autolink or a
//! footnote, or whose Markdown looks as if it might and the spec says it does
//! not, is read by citecheck and the destinations it reports are compared with
//! the ones the expected HTML holds (scraper reads the HTML). The examples are
//! vendored under tests/fixtures/commonmark/ (see its README).

use std::collections::HashSet;
use std::path::Path;

use citecheck::article::markdown;
use citecheck::extract::extract;
use scraper::{Html, Selector};

/// Examples where citecheck deliberately reports something else than the
/// spec's HTML, each with its reason. (file, example number, reason)
const SKIP: &[(&str, usize, &str)] = &[
    // CommonMark's examples are rendered without GitHub's extensions, whose
    // extended autolinks (citecheck's dialect) link these bare addresses.
    (
        "spec.txt",
        608,
        "GFM's extended e-mail autolink links foo+@bar.example.com",
    ),
    (
        "spec.txt",
        610,
        "GFM's extended autolink links the URL after the space",
    ),
    (
        "spec.txt",
        613,
        "GFM's extended autolink links a bare https:// URL",
    ),
    (
        "spec.txt",
        614,
        "GFM's extended e-mail autolink links a bare address",
    ),
    (
        "spec.txt",
        604,
        "a bare URL after `<`: GFM links one only after a space or `*_~(`, \
         citecheck after any non-letter (CJK prose runs into URLs)",
    ),
];

/// One spec example.
struct Example {
    file: &'static str,
    number: usize,
    section: String,
    markdown: String,
    html: String,
}

/// The examples of a spec file, numbered as its renderer numbers them (from
/// 1, in order). Tags other than an extension's name (`disabled`: GitHub does
/// not pass it) are left out when `only_tagged`.
fn examples(file: &'static str, text: &str, only_tagged: bool) -> Vec<Example> {
    const FENCE: &str = "````````````````````````````````";
    let mut found = Vec::new();
    let mut section = String::new();
    let mut lines = text.lines();
    let mut number = 0;
    while let Some(line) = lines.next() {
        if let Some(heading) = line.strip_prefix('#') {
            section = heading.trim_start_matches('#').trim().to_owned();
            continue;
        }
        let Some(tag) = line
            .strip_prefix(FENCE)
            .and_then(|r| r.strip_prefix(" example"))
        else {
            continue;
        };
        number += 1;
        let (mut markdown, mut html) = (String::new(), String::new());
        let mut in_html = false;
        for line in lines.by_ref() {
            if line == FENCE {
                break;
            }
            if line == "." && !in_html {
                in_html = true;
                continue;
            }
            let into = if in_html { &mut html } else { &mut markdown };
            into.push_str(&line.replace('→', "\t"));
            into.push('\n');
        }
        let tag = tag.trim();
        if (only_tagged && tag.is_empty()) || tag == "disabled" {
            continue;
        }
        found.push(Example {
            file,
            number,
            section: section.clone(),
            markdown,
            html,
        });
    }
    found
}

/// Whether an example is about links: its HTML has one, or its Markdown has
/// what a careless reader would take for one, or its section is about them.
fn about_links(example: &Example) -> bool {
    let html = &example.html;
    let md = &example.markdown;
    html.contains("<a ")
        || html.contains("<img")
        || html.contains("footnote")
        || ["](", "]:", "[^", "://", "www.", "@"]
            .iter()
            .any(|p| md.contains(p))
        || [
            "Links",
            "Images",
            "Autolinks",
            "Autolinks (extension)",
            "Link reference definitions",
            "Footnotes",
        ]
        .contains(&example.section.as_str())
}

/// What a reader should find: link destinations (images' too) sorted, and
/// how many footnote references and definitions are in use.
#[derive(Debug, PartialEq, Eq)]
struct Found {
    destinations: Vec<String>,
    references: usize,
    definitions: usize,
}

/// Destinations compared as the spec normalises them: entities decoded (the
/// HTML parser does it), percent-escapes decoded.
fn normalise(url: &str) -> String {
    percent_encoding::percent_decode_str(url)
        .decode_utf8_lossy()
        .into_owned()
}

fn expected(html: &str) -> Found {
    let page = Html::parse_fragment(html);
    let select = |s: &str| Selector::parse(s).unwrap();
    let footnote_anchor = select(
        "sup.footnote-ref a, a[data-footnote-ref], a.footnote-backref, a[data-footnote-backref]",
    );
    let notes: HashSet<_> = page.select(&footnote_anchor).map(|a| a.id()).collect();
    // An `<a>` the source leaves open is cloned by the HTML parser after the
    // block that held it ("reconstruct the active formatting elements"): an
    // anchor holding nothing but white space right after an element that
    // holds an anchor to the same place is such a clone, not a link of the
    // source.
    let anchor = select("a[href]");
    let clone = |a: &scraper::ElementRef<'_>| {
        let href = a.value().attr("href");
        let after_same = a
            .prev_siblings()
            .find_map(scraper::ElementRef::wrap)
            .is_some_and(|p| p.select(&anchor).any(|b| b.value().attr("href") == href));
        after_same && a.text().all(|t| t.trim().is_empty())
    };
    let mut destinations: Vec<String> = page
        .select(&select("a[href]"))
        .filter(|a| !notes.contains(&a.id()) && !clone(a))
        .filter_map(|a| a.value().attr("href"))
        .chain(
            page.select(&select("img[src]"))
                .filter_map(|i| i.value().attr("src")),
        )
        .map(normalise)
        .collect();
    destinations.sort();
    Found {
        destinations,
        references: page
            .select(&select("sup.footnote-ref a, a[data-footnote-ref]"))
            .count(),
        definitions: page
            .select(&select("section.footnotes li, [data-footnotes] li"))
            .count(),
    }
}

fn read(markdown: &str) -> Found {
    let article = markdown::read(Path::new("example.md"), markdown);
    let found = extract(&article);
    let mut destinations: Vec<String> = found.links.iter().map(|l| normalise(&l.url)).collect();
    destinations.sort();
    // A reference is in use when its note exists; a note when it is cited.
    let f = &found.footnotes;
    let defined: HashSet<String> = f.items.iter().map(|n| n.id.to_lowercase()).collect();
    let references = article
        .blocks
        .iter()
        .flat_map(|b| &b.markers)
        .filter(|m| defined.contains(&m.id.to_lowercase()))
        .count();
    Found {
        destinations,
        references,
        definitions: f.notes - f.orphaned.len(),
    }
}

#[test]
fn the_reader_finds_the_links_and_footnotes_the_specs_render() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/commonmark");
    let load = |name: &str| std::fs::read_to_string(root.join(name)).unwrap();
    let spec = load("spec.txt");
    let gfm = load("gfm-spec.txt");
    let extensions = load("gfm-extensions.txt");
    let regression = load("gfm-regression.txt");
    let all: Vec<Example> = [
        examples("spec.txt", &spec, false),
        // GitHub's spec is CommonMark 0.29 plus its extensions: only the
        // extensions' examples are new.
        examples("gfm-spec.txt", &gfm, true),
        examples("gfm-extensions.txt", &extensions, false),
        examples("gfm-regression.txt", &regression, false),
    ]
    .into_iter()
    .flatten()
    .filter(|e| !e.html.contains("<IGNORE>"))
    .collect();
    assert!(all.len() > 600, "the fixtures hold {} examples", all.len());
    let skipped = |e: &Example| SKIP.iter().any(|(f, n, _)| *f == e.file && *n == e.number);
    let (mut compared, mut agreeing, mut skips) = (0, 0, 0);
    let mut disagreements = Vec::new();
    let mut skipped_but_agreeing = Vec::new();
    for example in all.iter().filter(|e| about_links(e)) {
        let want = expected(&example.html);
        let got = read(&example.markdown);
        if skipped(example) {
            skips += 1;
            if want == got {
                skipped_but_agreeing.push(format!("{} #{}", example.file, example.number));
            }
            continue;
        }
        compared += 1;
        if want == got {
            agreeing += 1;
        } else {
            disagreements.push(format!(
                "{} #{} ({}):\n{}\n  spec:      {want:?}\n  citecheck: {got:?}",
                example.file, example.number, example.section, example.markdown
            ));
        }
    }
    println!(
        "CommonMark/GFM link examples: {compared} compared, {agreeing} agree, {skips} skipped"
    );
    assert!(
        disagreements.is_empty(),
        "{} of {compared} examples disagree:\n\n{}",
        disagreements.len(),
        disagreements.join("\n\n")
    );
    assert!(
        skipped_but_agreeing.is_empty(),
        "skipped examples that now agree (take them off the list): {skipped_but_agreeing:?}"
    );
}
