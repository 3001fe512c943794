//! Hostile inputs: shapes of Markdown that a careless reader or extractor
//! handles in quadratic time. Each shape builds an article of `n` repetitions;
//! the benchmark (`benches/hostile.rs`) times n and 4n, the test
//! (`tests/hostile.rs`) runs the worst ones at a size where quadratic time
//! would take minutes.

#![allow(dead_code)]

use std::path::Path;
use std::time::{Duration, Instant};

use citecheck::article::markdown;
use citecheck::extract::extract;

/// One hostile shape: its name, the `n` the benchmark starts from, and how to
/// build an article of `n` repetitions.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub name: &'static str,
    pub n: usize,
    pub build: fn(usize) -> String,
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
];

/// Reads and extracts an article once.
pub fn run(text: &str) {
    let article = markdown::read(Path::new("hostile.md"), text);
    std::hint::black_box(extract(&article));
}

/// The best of a few runs of read + extract over `text`.
pub fn time(text: &str, runs: usize) -> Duration {
    (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            run(text);
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}
