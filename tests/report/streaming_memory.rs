//! Memory does not grow with the number of articles: a run over 16 times as
//! many articles peaks at about the same resident memory, because each
//! article is written out as soon as it is judged and only its row is kept.
//!
//! The test reads the peak memory of the whole test process, so it runs in a
//! process of its own.

use std::path::Path;

use citecheck::article::Source;
use citecheck::check::CheckOptions;
use citecheck::report::{Form, Plan, Writer};

use crate::support::alone;

fn peak_resident_mib() -> usize {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<usize>().ok())
        .unwrap()
        / 1024
}

/// Audits `n` copies of the seed into `out` as the command line does.
fn audit(tree: &Path, out: &Path, n: usize) -> usize {
    let seed = std::fs::read_to_string("sources/德蘇軸心談判.md").unwrap();
    std::fs::create_dir_all(tree).unwrap();
    let sources: Vec<citecheck::SourceResult> = (0..n)
        .map(|i| {
            let path = tree.join(format!("a{i:05}.md"));
            if !path.exists() {
                std::fs::write(&path, &seed).unwrap();
            }
            Ok(Source::File(path))
        })
        .collect();
    let options = CheckOptions {
        offline: true,
        ..CheckOptions::default()
    };
    let plan = Plan {
        expected: n,
        form: Form::Text,
        confirm: 1,
    };
    let mut writer = Writer::create(out, plan, None).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime
        .block_on(citecheck::audit_each(
            citecheck::Articles::of(&sources),
            &options,
            None,
            &mut |chunk| writer.add(chunk),
        ))
        .unwrap();
    let written = writer.finish().unwrap();
    written.digest.summary.articles
}

#[test]
fn sixteen_times_the_articles_take_about_the_same_memory() {
    if !alone::here(
        module_path!(),
        "sixteen_times_the_articles_take_about_the_same_memory",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    assert_eq!(audit(&tree, &dir.path().join("small"), 60), 60);
    let small = peak_resident_mib();
    assert_eq!(audit(&tree, &dir.path().join("large"), 960), 960);
    let large = peak_resident_mib();
    let report = std::fs::metadata(dir.path().join("large/report.json"))
        .unwrap()
        .len();
    eprintln!("peak resident memory: {small} MiB after 60 articles, {large} MiB after 960; report.json {report} bytes");
    // Holding the articles would cost at least their report.json.
    assert!(
        report > 100 * 1024 * 1024 / 4,
        "the large run is large: {report} bytes"
    );
    assert!(
        large <= small + 25,
        "memory grew from {small} MiB to {large} MiB with the number of articles"
    );
}
