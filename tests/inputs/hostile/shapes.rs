//! Hostile inputs: shapes of Markdown, wikitext and HTML that a careless reader or extractor
//! handles in quadratic time. Each shape builds an article of `n` repetitions;
//! the benchmark (`benches/hostile.rs`) times n and 4n, the test
//! (`tests/inputs/hostile.rs`) runs the worst ones at a size where quadratic time
//! would take minutes.

#![allow(dead_code)]

use std::path::Path;
use std::time::{Duration, Instant};

use citecheck::article::{read_text, Format};
use citecheck::extract::extract;

/// One hostile shape: its name, the `n` the benchmark starts from, and how to
/// build an article of `n` repetitions.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub name: &'static str,
    pub n: usize,
    pub build: fn(usize) -> String,
}

impl Shape {
    /// The reader a shape is for: named `wikitext: …` or `html: …`, else
    /// Markdown.
    pub fn format(&self) -> Format {
        if self.name.starts_with("wikitext:") {
            Format::Wikitext
        } else if self.name.starts_with("html:") {
            Format::Html
        } else {
            Format::Markdown
        }
    }
}

fn repeat(n: usize, f: impl Fn(usize) -> String) -> String {
    (0..n).map(f).collect()
}

/// Every shape, the measured ones first.
pub const SHAPES: &[Shape] = &[
    Shape {
        name: "GFM notes",
        n: 5_000,
        build: |n| {
            let refs = repeat(n, |i| format!("Claim {i}.[^n{i}] "));
            let defs = repeat(n, |i| format!("[^n{i}]: Note {i}.\n\n"));
            format!("{refs}\n\n{defs}")
        },
    },
    Shape {
        name: "bare URLs on one line",
        n: 10_000,
        build: |n| repeat(n, |i| format!("http://a.example/{i} ")),
    },
    Shape {
        name: "`](` on one line",
        n: 100_000,
        build: |n| "](".repeat(n),
    },
    Shape {
        name: "`[a](` on one line",
        n: 50_000,
        build: |n| "[a](".repeat(n),
    },
    Shape {
        name: "escaped markers on one line",
        n: 10_000,
        build: |n| {
            let text = repeat(n, |i| format!("Fact.\\[{}\\]", i % 999 + 1));
            let notes = repeat(999, |i| format!("{}.  Note.\n", i + 1));
            format!("{text}\n\n[Category:X](https://zh.wikipedia.org/wiki/Category:X)\n\n{notes}")
        },
    },
    Shape {
        name: "plain markers and years on one line",
        n: 4_000,
        build: |n| {
            let text = repeat(n, |i| format!("Fact [{}] in [{}]. ", i % 999 + 1, 1000 + i));
            let notes = repeat(n, |i| format!("{}. Note.\n", i + 1));
            format!("{text}\n\n## Notes\n\n{notes}")
        },
    },
    Shape {
        name: "footnote references on one line",
        n: 20_000,
        build: |n| format!("{}\n\n[^1]: One.\n", "Fact.[^1] ".repeat(n)),
    },
    Shape {
        name: "one long line of words",
        n: 250_000,
        build: |n| "word ".repeat(n),
    },
    Shape {
        name: "one long line of CJK",
        n: 100_000,
        build: |n| "漢字。".repeat(n),
    },
    Shape {
        name: "many links per line",
        n: 20_000,
        build: |n| repeat(n, |i| format!("[l{i}](https://a.example/{i}) ")),
    },
    Shape {
        name: "many images per line",
        n: 40_000,
        build: |n| repeat(n, |i| format!("![i{i}](p{i}.png) ")),
    },
    Shape {
        name: "converter images and captions",
        n: 10_000,
        build: |n| {
            repeat(n, |i| {
                format!("[c](https://zh.wikipedia.org/wiki/File:{i}.jpg \"fig:c\") 說明。\\]\\] ")
            })
        },
    },
    Shape {
        name: "links whose text holds a footnote",
        n: 10_000,
        build: |n| {
            format!(
                "{}\n\n[^1]: One.\n",
                repeat(n, |i| format!("[t[^1]](https://a.example/{i}) "))
            )
        },
    },
    Shape {
        name: "inline code per line",
        n: 20_000,
        build: |n| "`c` [1] ".repeat(n),
    },
    Shape {
        name: "many headings",
        n: 5_000,
        build: |n| repeat(n, |i| format!("## Section {i}\n\nText {i}.\n\n")),
    },
    Shape {
        name: "many notes headings",
        n: 10_000,
        build: |n| "## Notes\n\n1. a\n\n".repeat(n),
    },
    Shape {
        name: "deep block quotes",
        n: 200_000,
        build: |n| format!("{} text [a](https://a.example/)\n", ">".repeat(n)),
    },
    Shape {
        name: "deep lists",
        n: 100_000,
        build: |n| format!("{}[a](https://a.example/)\n", "- ".repeat(n)),
    },
    Shape {
        name: "many nested lists",
        n: 500,
        build: |n| {
            let list: String = (0..20)
                .map(|d| format!("{}- [a](https://a.example/{d})\n", "  ".repeat(d)))
                .collect();
            list.repeat(n)
        },
    },
    Shape {
        name: "nested brackets",
        n: 20_000,
        build: |n| format!("{}x{}", "[".repeat(n), "]".repeat(n)),
    },
    Shape {
        name: "unclosed emphasis",
        n: 20_000,
        build: |n| "*a **b ".repeat(n),
    },
    Shape {
        name: "emphasis runs",
        n: 20_000,
        build: |n| "**a** ".repeat(n),
    },
    Shape {
        name: "sentences with markers in one paragraph",
        n: 20_000,
        build: |n| format!("{}\n\n[^1]: One.\n", "A fact.[^1] ".repeat(n)),
    },
    Shape {
        name: "annotations on one line",
        n: 10_000,
        build: |n| "Fact.[citation needed] [1] ".repeat(n),
    },
    Shape {
        name: "unclosed templates",
        n: 100_000,
        build: |n| "{{a ".repeat(n),
    },
    Shape {
        name: "ISBNs on one line",
        n: 20_000,
        build: |n| "ISBN 978-0-306-40615-7 ".repeat(n),
    },
    Shape {
        name: "HTML block of anchors",
        n: 10_000,
        build: |n| {
            format!(
                "<div>\n{}</div>\n",
                repeat(n, |i| format!(
                    "<a href=\"https://a.example/{i}\"\ntitle=\"t\">a</a> [1]\n"
                ))
            )
        },
    },
    Shape {
        name: "unclosed HTML comment",
        n: 20_000,
        build: |n| format!("<!--\n{}", "text [a](b)\n\n".repeat(n)),
    },
    Shape {
        name: "inline HTML tags",
        n: 10_000,
        build: |n| "<b>a</b> <a href=\"x\">y</a> ".repeat(n),
    },
    Shape {
        name: "entities",
        n: 20_000,
        build: |n| "&amp; &#20013; & ".repeat(n),
    },
    Shape {
        name: "unclosed brackets and parentheses",
        n: 20_000,
        build: |n| "[( ".repeat(n),
    },
    Shape {
        name: "note text with `](`",
        n: 20_000,
        build: |n| format!("A.[^1]\n\n[^1]: {}\n", "[a](".repeat(n)),
    },
    Shape {
        name: "note text with italics",
        n: 20_000,
        build: |n| format!("A.[^1]\n\n[^1]: {}\n", "*a* ".repeat(n)),
    },
    Shape {
        name: "wikitext: refs with citation templates",
        n: 5_000,
        build: |n| {
            let body = repeat(n, |i| {
                format!("Claim {i}.<ref name=r{i}>{{{{cite web |url=http://x.example/{i} |title=T{i} |access-date=1 May 2010}}}}</ref> Again.<ref name=r{i}/>\n")
            });
            format!("{body}\n== References ==\n{{{{reflist}}}}\n")
        },
    },
    Shape {
        name: "wikitext: nested templates",
        n: 10_000,
        build: |n| format!("{}x{}", "{{a|".repeat(n), "}}".repeat(n)),
    },
    Shape {
        name: "wikitext: unclosed refs, templates and links",
        n: 10_000,
        build: |n| "<ref>x {{cite web|url=http://y.example [http://z.example [[a|".repeat(n),
    },
    Shape {
        name: "wikitext: short citations and a bibliography",
        n: 5_000,
        build: |n| {
            let body = repeat(n, |i| format!("Claim.{{{{sfn|Smith{i}|2001|p={i}}}}} "));
            let bibliography = repeat(n, |i| {
                format!("* {{{{cite book |last=Smith{i} |year=2001 |title=B}}}}\n")
            });
            format!("{body}\n\n== Bibliography ==\n{bibliography}")
        },
    },
    Shape {
        name: "wikitext: addresses with references, noinclude and nowiki",
        n: 5_000,
        build: |n| {
            let body = repeat(n, |i| {
                format!("A http://x.example/{i}?a&amp;b<noinclude>c</noinclude>d&#61;e.;) [http://[::1]/{i}''i'' see http://y.example/] <http://z.example/{i}> <nowiki>http://n.example/</nowiki><ref follow=f{i}>x</ref> <ref name=\"a &amp; {i}\"><nowiki>t</nowiki></ref>\n")
            });
            format!(
                "{body}{}",
                "http://w.example/".to_owned() + &"&amp;".repeat(n) + &"<noinclude>".repeat(n)
            )
        },
    },
    Shape {
        name: "html: markers and notes",
        n: 5_000,
        build: |n| {
            let body = repeat(n, |i| {
                format!("<p>Claim {i}.<sup class=\"reference\"><a href=\"#cite_note-{i}\">[{i}]</a></sup></p>\n")
            });
            let notes = repeat(n, |i| {
                format!("<li id=\"cite_note-{i}\"><span class=\"mw-cite-backlink\">^</span> <a class=\"external\" href=\"http://x.example/{i}\">T</a> ISBN 978-0-306-40615-7</li>\n")
            });
            format!("<!DOCTYPE html><html><body><div class=\"mw-parser-output\">{body}<ol class=\"references\">{notes}</ol></div></body></html>")
        },
    },
    Shape {
        name: "html: unclosed markers on one line",
        n: 2_000,
        build: |n| "<p>a<sup class=\"reference\"><a href=\"#cite_note-1\">[1]".repeat(n),
    },
];

/// Reads and extracts an article once, with the reader for `format`.
pub fn run(format: Format, text: &str) {
    if let Ok(article) = read_text(Path::new("hostile"), format, text) {
        std::hint::black_box(extract(&article));
    }
}

/// The best of a few runs of read + extract over `text`.
pub fn time(format: Format, text: &str, runs: usize) -> Duration {
    (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            run(format, text);
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}
