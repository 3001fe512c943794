//! Hostile inputs at n and 4n, through the library (read + extract): linear
//! time means the time grows about four times; quadratic, sixteen. A shape
//! whose 4n/n ratio is above 6 fails. Run with `cargo bench --bench hostile`
//! (add a shape's name to run that one only).

use std::process::ExitCode;
use std::time::Duration;

#[path = "../tests/inputs/hostile/shapes.rs"]
mod shapes;

/// Above this ratio of times (4n against n) a shape is not linear.
const MAX_RATIO: f64 = 6.0;

fn main() -> ExitCode {
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    println!(
        "{:<42} {:>9} {:>10} {:>10} {:>10} {:>6}",
        "shape", "n", "bytes(n)", "t(n) ms", "t(4n) ms", "ratio"
    );
    let mut failed = Vec::new();
    for shape in shapes::SHAPES {
        if !only.is_empty() && !only.iter().any(|o| shape.name.contains(o.as_str())) {
            continue;
        }
        // The shapes' n is what the guard test runs at a quarter of; the
        // benchmark starts from 4n (`HOSTILE_SCALE`, default 4) because
        // below that the input fits in the caches, and the ratio measures
        // the caches (6 to 10) rather than the algorithm (4).
        let scale: usize = std::env::var("HOSTILE_SCALE")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(4);
        let n = shape.n * scale.max(1);
        let small = (shape.build)(n);
        let large = (shape.build)(n * 4);
        // Warm up, then take the best of seven runs each, n and 4n taking
        // turns: on a shared machine the best run is the least disturbed,
        // and taking turns puts both sizes under the same load.
        shapes::run(shape.format(), &small);
        let (mut t1, mut t4) = (Duration::MAX, Duration::MAX);
        for _ in 0..7 {
            t1 = t1.min(shapes::time(shape.format(), &small, 1));
            t4 = t4.min(shapes::time(shape.format(), &large, 1));
        }
        let ratio = t4.as_secs_f64() / t1.as_secs_f64().max(1e-6);
        let verdict = if ratio > MAX_RATIO {
            "  NOT LINEAR"
        } else {
            ""
        };
        println!(
            "{:<42} {:>9} {:>10} {:>10.1} {:>10.1} {:>6.1}{verdict}",
            shape.name,
            n,
            small.len(),
            t1.as_secs_f64() * 1e3,
            t4.as_secs_f64() * 1e3,
            ratio
        );
        if ratio > MAX_RATIO {
            failed.push(shape.name);
        }
    }
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        println!("not linear: {}", failed.join(", "));
        ExitCode::FAILURE
    }
}
