//! Throughput of the static audit (read → extract), the part of a run that is
//! ours alone: no network. Run with `cargo bench --bench static_audit`.
//!
//! Inputs: the seed and the Chinese corpus when present (`../shared/corpus`),
//! and a synthetic 8 MiB article built from the seed, so the figure does not
//! depend on what happens to be on disk.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use citecheck::article::markdown;
use citecheck::extract::extract;

fn articles() -> Vec<(PathBuf, String)> {
    let mut files = vec![PathBuf::from("sources/德蘇軸心談判.md")];
    if let Ok(dir) = std::fs::read_dir("../shared/corpus/zh-md") {
        let mut corpus: Vec<PathBuf> = dir.filter_map(|e| e.ok().map(|e| e.path())).collect();
        corpus.sort();
        files.extend(corpus);
    }
    files
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(&p).ok().map(|t| (p, t)))
        .collect()
}

/// Runs `f` repeatedly for about a second and returns the best time of one run.
fn best_of(mut f: impl FnMut()) -> Duration {
    let mut best = Duration::MAX;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(1) {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed());
    }
    best
}

fn report(name: &str, bytes: usize, time: Duration) {
    let mib = bytes as f64 / (1024.0 * 1024.0);
    println!(
        "{name:<50} {:>9.1} KiB {:>9.3} ms {:>8.1} MiB/s",
        bytes as f64 / 1024.0,
        time.as_secs_f64() * 1e3,
        mib / time.as_secs_f64()
    );
}

fn main() {
    let articles = articles();
    for (path, text) in &articles {
        let time = best_of(|| {
            let article = markdown::read(path, black_box(text));
            black_box(extract(&article));
        });
        report(
            &path.file_name().unwrap_or_default().to_string_lossy(),
            text.len(),
            time,
        );
    }
    let seed = &articles[0].1;
    let big: String = seed.repeat((8 << 20) / seed.len() + 1);
    let time = best_of(|| {
        let article = markdown::read(Path::new("big.md"), black_box(&big));
        black_box(extract(&article));
    });
    report("synthetic (seed repeated to 8 MiB)", big.len(), time);
}
