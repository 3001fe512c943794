//! Wikimedia Enterprise HTML dumps: a `.tar.gz` of `.ndjson` files, one
//! page a line, its Parsoid HTML in `article_body.html`. The archive is
//! decompressed and split into lines on its own thread; the lines are
//! parsed (serde_json) where the pages are read.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver};

use serde::Deserialize;

/// One line of an `.ndjson` file, with where it was.
pub(crate) struct Line {
    /// The archive entry it is in.
    pub(crate) entry: String,
    /// Its 1-based number in that entry.
    pub(crate) number: u64,
    /// The line.
    pub(crate) text: String,
}

/// What the archive gives: a line, or why it could not go on.
pub(crate) type Lines = Receiver<Result<Line, String>>;

/// Lines longer than this are not held: the page is named as too large.
pub(crate) const LONGEST_LINE: usize = super::MAX_PAGE_BYTES * 2;

/// Starts reading the archive at `path` on its own thread.
pub(crate) fn lines(path: &Path) -> Lines {
    let (send, receive) = sync_channel(256);
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let file = match File::open(&path) {
            Ok(file) => file,
            Err(e) => {
                let _ = send.send(Err(format!("cannot read: {e}")));
                return;
            }
        };
        let gz = flate2::read::MultiGzDecoder::new(BufReader::new(file));
        let mut archive = tar::Archive::new(gz);
        let entries = match archive.entries() {
            Ok(entries) => entries,
            Err(e) => {
                let _ = send.send(Err(format!("not a readable tar.gz: {e}")));
                return;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let _ = send.send(Err(format!("the archive breaks off: {e}")));
                    return;
                }
            };
            let name = entry
                .path()
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_default();
            if !is_ndjson(&name) {
                continue;
            }
            let mut reader = BufReader::with_capacity(1 << 20, entry);
            let mut number = 0;
            loop {
                number += 1;
                let mut line = Vec::new();
                let read = (&mut reader)
                    .take(LONGEST_LINE as u64 + 1)
                    .read_until(b'\n', &mut line);
                match read {
                    Ok(0) => break,
                    Ok(_) => {}
                    Err(e) => {
                        let _ = send.send(Err(format!("{name}: breaks off at line {number}: {e}")));
                        return;
                    }
                }
                if line.len() > LONGEST_LINE && !line.ends_with(b"\n") {
                    // Skip the rest of the line; the page is named as too large.
                    let mut rest = Vec::new();
                    if reader.read_until(b'\n', &mut rest).is_err() {
                        return;
                    }
                }
                let text = String::from_utf8_lossy(&line).into_owned();
                if text.trim().is_empty() {
                    continue;
                }
                let delivered = send.send(Ok(Line {
                    entry: name.clone(),
                    number,
                    text,
                }));
                if delivered.is_err() {
                    return;
                }
            }
        }
    });
    receive
}

/// The fields of a page the audit uses; the rest are ignored.
#[derive(Debug, Deserialize)]
pub(crate) struct Record {
    /// The page's title.
    pub(crate) name: String,
    /// The page id.
    #[serde(default)]
    pub(crate) identifier: Option<u64>,
    /// The page's address.
    #[serde(default)]
    pub(crate) url: Option<String>,
    /// When the revision was saved.
    #[serde(default)]
    pub(crate) date_modified: Option<String>,
    #[serde(default)]
    namespace: Option<Identified>,
    #[serde(default)]
    version: Option<Identified>,
    #[serde(default)]
    article_body: Option<Body>,
}

#[derive(Debug, Deserialize)]
struct Identified {
    #[serde(default)]
    identifier: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct Body {
    #[serde(default)]
    html: Option<String>,
}

impl Record {
    /// The page's namespace (0 when the line does not say).
    pub(crate) fn namespace(&self) -> i64 {
        self.namespace
            .as_ref()
            .and_then(|n| n.identifier)
            .unwrap_or(0)
    }

    /// The revision id.
    pub(crate) fn revision(&self) -> Option<u64> {
        self.version
            .as_ref()
            .and_then(|v| v.identifier)
            .and_then(|id| u64::try_from(id).ok())
    }

    /// The page's HTML, taken out of the record.
    pub(crate) fn take_html(&mut self) -> Option<String> {
        self.article_body.as_mut().and_then(|b| b.html.take())
    }
}

/// Whether `path` is a gzip'd tar whose first file is an `.ndjson`.
pub(crate) fn looks_like(path: &Path) -> bool {
    let Ok(file) = File::open(path) else {
        return false;
    };
    let mut head = [0u8; 512];
    let mut gz = flate2::read::GzDecoder::new(BufReader::new(file));
    if gz.read_exact(&mut head).is_err() {
        return false;
    }
    let name_end = head[..100].iter().position(|&b| b == 0).unwrap_or(100);
    let name = String::from_utf8_lossy(&head[..name_end]);
    &head[257..262] == b"ustar" && is_ndjson(&name)
}

/// Whether a tar entry holds NDJSON pages, by its name (any case).
fn is_ndjson(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let name = std::path::Path::new(&name);
    name.extension()
        .is_some_and(|e| e == "ndjson" || e == "json")
}
