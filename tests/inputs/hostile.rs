//! The worst hostile shapes, at 4n of the benchmark's n: sizes at which the
//! quadratic readers and extractors this replaced took minutes, and a linear
//! one takes seconds even unoptimised. Each must finish within its deadline,
//! so that a regression to quadratic time fails here, not in someone's CI.
//! Timings themselves are in `benches/hostile.rs`.

mod shapes;

use std::sync::mpsc;
use std::time::Duration;

use shapes::{run, SHAPES};

/// Far above the seconds a linear run takes in a debug build on a busy
/// machine; far below the minutes a quadratic one took.
const DEADLINE: Duration = Duration::from_secs(40);

/// The shapes that were quadratic before (issue 10 §3 and the ones found
/// since).
const GUARDED: &[&str] = &[
    "GFM notes",
    "bare URLs on one line",
    "`](` on one line",
    "`[a](` on one line",
    "plain markers and years on one line",
    "footnote references on one line",
    "links whose text holds a footnote",
    "inline code per line",
    "sentences with markers in one paragraph",
    "annotations on one line",
    "note text with `](`",
    "wikitext: refs with citation templates",
    "wikitext: nested templates",
    "wikitext: unclosed refs, templates and links",
    "wikitext: short citations and a bibliography",
    "wikitext: addresses with references, noinclude and nowiki",
    "html: markers and notes",
    "html: unclosed markers on one line",
];

#[test]
fn hostile_shapes_finish_in_linear_time() {
    for name in GUARDED {
        let shape = SHAPES
            .iter()
            .find(|s| s.name == *name)
            .unwrap_or_else(|| panic!("no shape {name}"));
        let text = (shape.build)(shape.n * 4);
        let (done, finished) = mpsc::channel();
        std::thread::spawn(move || {
            run(shape.format(), &text);
            let _ = done.send(());
        });
        assert!(
            finished.recv_timeout(DEADLINE).is_ok(),
            "{name} at n = {} took more than {DEADLINE:?}: not linear",
            shape.n * 4
        );
    }
}
