//! A dump read against the same pages given as files, at two sizes (2,000
//! and 20,000 pages), beside `bzip2 -dc` of the same dump. Run with
//! `cargo bench --bench dumps`.
//!
//! The pages are the real wikitext articles of `tests/fixtures/corpus/en-wikitext`
//! under new titles, each with one line of its own so that no two are the
//! same, packed as Wikimedia packs `pages-articles-multistream.xml.bz2`:
//! streams of 100 pages and their index beside them. Every run is the whole
//! binary, offline (`--offline --no-cache`): reading, extracting, judging and
//! writing the reports of every page, twice over for a dump (its two
//! passes). Median of three runs; peak memory from `/usr/bin/time` when the
//! machine has it.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const PER_STREAM: usize = 100;

fn corpus() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus/en-wikitext");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn bz2(bytes: &[u8]) -> Vec<u8> {
    let mut out = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
    out.write_all(bytes).unwrap();
    out.finish().unwrap()
}

/// Writes `n` pages as a multistream dump with its index, and as files.
/// Returns the dump, the folder of files and the XML's size.
fn inputs(root: &Path, n: usize, texts: &[String]) -> (PathBuf, PathBuf, usize) {
    let dir = root.join(format!("{n}"));
    let dump = dir.join("benchwiki-pages-articles-multistream.xml.bz2");
    let files = dir.join("files");
    let size_file = dir.join("xml-bytes");
    if let Ok(size) = std::fs::read_to_string(&size_file) {
        return (dump, files, size.trim().parse().unwrap());
    }
    std::fs::create_dir_all(&files).unwrap();
    let head = "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.11/\" version=\"0.11\">\n\
        <siteinfo><sitename>Benchwiki</sitename><base>https://bench.example.org/wiki/Main_Page</base></siteinfo>\n";
    let mut packed = bz2(head.as_bytes());
    let mut index = String::new();
    let mut xml_bytes = head.len();
    let pages: Vec<(String, String)> = (0..n)
        .map(|k| {
            let text = format!("Page {k} of the bench.\n{}", texts[k % texts.len()]);
            (format!("Bench page {k}"), text)
        })
        .collect();
    for (s, stream) in pages.chunks(PER_STREAM).enumerate() {
        let offset = packed.len();
        let mut xml = String::new();
        for (i, (title, text)) in stream.iter().enumerate() {
            let id = s * PER_STREAM + i + 1;
            let _ = writeln!(index, "{offset}:{id}:{title}");
            let _ = writeln!(
                xml,
                "<page><title>{title}</title><ns>0</ns><id>{id}</id><revision><id>{}</id>\
                 <timestamp>2024-05-06T07:08:09Z</timestamp><model>wikitext</model>\
                 <format>text/x-wiki</format><text xml:space=\"preserve\">{}</text></revision></page>",
                id * 10,
                escape(text)
            );
            std::fs::write(
                files.join(format!("{}.wikitext", title.replace(' ', "_"))),
                text,
            )
            .unwrap();
        }
        xml_bytes += xml.len();
        packed.extend(bz2(xml.as_bytes()));
    }
    packed.extend(bz2(b"</mediawiki>\n"));
    std::fs::write(&dump, packed).unwrap();
    std::fs::write(
        dir.join("benchwiki-pages-articles-multistream-index.txt.bz2"),
        bz2(index.as_bytes()),
    )
    .unwrap();
    std::fs::write(&size_file, xml_bytes.to_string()).unwrap();
    (dump, files, xml_bytes)
}

/// One timed run of `program args`, and its peak memory in KiB when
/// `/usr/bin/time` can tell it.
fn once(program: &str, args: &[&str]) -> (Duration, Option<u64>) {
    let timed = Path::new("/usr/bin/time").exists();
    let mut command = if timed {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "%M", program]);
        c
    } else {
        Command::new(program)
    };
    command.args(args);
    let started = Instant::now();
    let output = command.output().unwrap();
    let took = started.elapsed();
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let peak = timed
        .then(|| {
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .last()
                .and_then(|l| l.trim().parse().ok())
        })
        .flatten();
    (took, peak)
}

fn median(program: &str, args: &[&str]) -> (Duration, Option<u64>) {
    let mut runs: Vec<(Duration, Option<u64>)> = (0..3).map(|_| once(program, args)).collect();
    runs.sort_by_key(|r| r.0);
    runs[1]
}

fn main() {
    let texts = corpus();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-dumps");
    let bin = env!("CARGO_BIN_EXE_citecheck");
    println!("| pages | input | MB of dump | time | pages/s | MB of XML/s | peak memory |");
    println!("|---|---|---|---|---|---|---|");
    for n in [2_000, 20_000] {
        let (dump, files, xml_bytes) = inputs(&root, n, &texts);
        let dump_mb = std::fs::metadata(&dump).unwrap().len() as f64 / 1e6;
        let out = root.join(format!("{n}/out"));
        let out = out.to_str().unwrap();
        let cases: [(&str, &str, Vec<&str>); 3] = [
            (
                "dump",
                bin,
                vec![
                    "check",
                    "--offline",
                    "--no-cache",
                    "--out",
                    out,
                    dump.to_str().unwrap(),
                ],
            ),
            (
                "files",
                bin,
                vec![
                    "check",
                    "--offline",
                    "--no-cache",
                    "--out",
                    out,
                    files.to_str().unwrap(),
                ],
            ),
            (
                "bzip2 -dc",
                "sh",
                vec!["-c", "bzip2 -dc \"$0\" > /dev/null", dump.to_str().unwrap()],
            ),
        ];
        for (name, program, args) in &cases {
            let (took, peak) = median(program, args);
            let secs = took.as_secs_f64();
            println!(
                "| {n} | {name} | {dump_mb:.1} | {secs:.2} s | {:.0} | {:.1} | {} |",
                n as f64 / secs,
                xml_bytes as f64 / 1e6 / secs,
                peak.map_or("n/a".to_owned(), |kib| format!("{} MiB", kib / 1024))
            );
        }
    }
}
