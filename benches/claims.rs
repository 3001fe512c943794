//! What claims cost on the CPU: indexing a cited page (its text folded, cut
//! into passages with their terms, its numbers and dates read) and judging
//! a sentence against it, for an English news page and a Chinese text, at
//! one size and four times it (the indexing must stay linear).
//!
//! Run with `cargo bench --bench claims`. The whole-run figure, claims on
//! against off, is in `cargo bench --bench links`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use citecheck::claims::{judge_source, PageIndex};

mod shared;

/// An English news text of about 3.4 KB.
fn english() -> String {
    format!("Molotov in Berlin\n{}", [shared::PARAGRAPH; 8].join("\n"))
}

/// About 6 KB of the seed's Chinese text (traditional, folded to simplified
/// when indexed), or of a Chinese sample when the seed is not there.
fn chinese() -> String {
    let seed = std::fs::read_to_string("sources/德蘇軸心談判.md").unwrap_or_else(|_| {
        "1940年11月12日，蘇聯外交人民委員莫洛托夫率領65名官員抵達柏林，與里賓特洛甫和希特勒會談。\
         德國提議蘇聯加入三國同盟條約，並分享大英帝國的遺產。兩國貿易在1940年2月11日的協定下達到150萬噸穀物。\n"
            .repeat(20)
    });
    seed.chars().take(2000).collect()
}

const SENTENCES: [&str; 5] = [
    "On 12 November 1940 Molotov came to Berlin with 65 officials.",
    "Under the agreement of 11 February 1940 trade reached 2.5 million tonnes of grain.",
    "Molotov arrived in Berlin on 14 November 1940 to meet Ribbentrop.",
    "Maxim Litvinov was offered a share of the British Empire in Berlin.",
    "1940年11月12日，莫洛托夫率領65名官員抵達柏林，與里賓特洛甫會談。",
];

/// The median time of one call of `f`, over about half a second of calls.
fn time(mut f: impl FnMut()) -> Duration {
    let mut times = Vec::new();
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(500) || times.len() < 11 {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

/// Shapes of page text a hostile or odd page may have, each as `n`
/// characters' worth of one unit.
fn hostile(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len().max(1) + 1)
}

const HOSTILE: [(&str, &str); 7] = [
    ("numbers grouped by commas", "1,000,"),
    ("dates", "12 November 1940, "),
    ("digits then spaces", "1          "),
    ("one sentence of words", "word "),
    ("Chinese numerals", "一二三四五六七八九十百千万"),
    ("Chinese without stops", "德蘇軸心談判柏林會談"),
    ("full stops", ". "),
];

fn main() {
    for (name, text) in [("English", english()), ("Chinese", chinese())] {
        let once = time(|| {
            black_box(PageIndex::new(&text, Some("Molotov in Berlin"), None));
        });
        let four = text.repeat(4);
        let four_times = time(|| {
            black_box(PageIndex::new(&four, Some("Molotov in Berlin"), None));
        });
        let index = PageIndex::new(&text, Some("Molotov in Berlin"), None);
        let judging = time(|| {
            for sentence in SENTENCES {
                black_box(judge_source("https://example.org/", sentence, &index, None));
            }
        }) / u32::try_from(SENTENCES.len()).unwrap_or(1);
        println!(
            "{name}, {} bytes: index {:.1} µs ({:.0} MB/s), 4× the text {:.2}× the time; \
             judging a sentence {:.1} µs",
            text.len(),
            once.as_secs_f64() * 1e6,
            text.len() as f64 / once.as_secs_f64() / 1e6,
            four_times.as_secs_f64() / once.as_secs_f64(),
            judging.as_secs_f64() * 1e6,
        );
    }
    // Every shape must index in time linear in its size: 4× the bytes,
    // about 4× the time (not 16×).
    for (name, unit) in HOSTILE {
        let small = hostile(unit, 12_000);
        let large = hostile(unit, 48_000);
        let n = time(|| {
            black_box(PageIndex::new(&small, None, None));
        });
        let four = time(|| {
            black_box(PageIndex::new(&large, None, None));
        });
        println!(
            "hostile, {name}: {:.0} µs for 12 KB, 4× the text {:.2}× the time",
            n.as_secs_f64() * 1e6,
            four.as_secs_f64() / n.as_secs_f64()
        );
    }
}
