//! Whole wikis from their dumps: MediaWiki XML exports (`.xml`, `.xml.gz`,
//! `.xml.bz2`, plain or multistream) and Wikimedia Enterprise HTML dumps
//! (`.tar.gz` of `.ndjson`), recognised by their content.
//!
//! A dump is read as a stream of batches of pages, never whole: memory
//! stays flat whatever its size. Each page of the chosen namespaces (0,
//! the articles, unless told otherwise) that is not a redirect becomes a
//! [`DumpedPage`], read as the same page given as a `.wikitext` (or
//! `.html`) file would be. Its path is the dump's path, `#`, and its title
//! (`enwiki-…-multistream.xml.bz2#Ada Lovelace`): a title never holds a `#`.
//!
//! What cannot be read (a corrupt or cut bz2 stream, a page the XML breaks
//! in, a page too large) is a [`DumpError`] in the batch, naming the page
//! or the byte offset; the rest of the dump is read on.

mod bz2;
mod enterprise;
mod feed;
mod xml;

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use thiserror::Error;

pub use super::model::DumpPlace;
use super::model::{Format, Revision};
use super::printable::path_text;
use crate::shard::Shard;

pub use bz2::index_beside;

/// The largest page text kept, as for a file ([`super::MAX_FILE_BYTES`]):
/// MediaWiki's own limit is 2 MiB.
pub const MAX_PAGE_BYTES: usize = super::MAX_FILE_BYTES as usize;

/// How a dump is packed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DumpKind {
    /// A MediaWiki XML export, uncompressed.
    Xml,
    /// The same, gzip'd.
    Gzip,
    /// The same, in bz2: one stream, or many (multistream).
    Bzip2,
    /// A Wikimedia Enterprise HTML dump: `.tar.gz` of `.ndjson`.
    Enterprise,
}

/// A dump named for a run.
#[derive(Debug, Clone)]
pub struct Dump {
    /// Its path as given.
    pub path: PathBuf,
    /// How it is packed.
    pub kind: DumpKind,
}

/// Which pages of a dump a run reads.
#[derive(Debug, Clone, Default)]
pub struct DumpOptions {
    /// The namespaces audited; empty means articles only (0).
    pub namespaces: Vec<i64>,
    /// This process's part of the dump.
    pub shard: Option<Shard>,
    /// The multistream index, when named; else the one beside the dump
    /// is used, if there is one.
    pub index: Option<PathBuf>,
}

impl DumpOptions {
    fn wants_namespace(&self, namespace: i64) -> bool {
        if self.namespaces.is_empty() {
            namespace == 0
        } else {
            self.namespaces.contains(&namespace)
        }
    }
}

/// A page of a dump, ready to be read.
#[derive(Debug, Clone)]
pub struct DumpedPage {
    /// `dump#Title`.
    pub path: PathBuf,
    /// The page's title.
    pub title: String,
    /// Wikitext for an XML dump, HTML for an Enterprise one.
    pub format: Format,
    /// The page's text.
    pub text: String,
    /// The revision: the page's address on its wiki, id and time.
    pub revision: Revision,
    /// Where it is in the dump.
    pub place: DumpPlace,
}

/// What could not be read in a dump. Each names the dump and the page (by
/// title) or the place (by byte offset).
#[derive(Debug, Error)]
pub enum DumpError {
    /// A page, or the XML around one, is not well formed; or a stretch of
    /// the dump does not decompress.
    #[error("{}: {}: {why}", path_text(.dump), place(.title.as_deref(), *.offset))]
    Malformed {
        /// The dump.
        dump: PathBuf,
        /// The page, when its title was read.
        title: Option<String>,
        /// Where, in bytes of decompressed XML.
        offset: u64,
        /// What is wrong.
        why: String,
    },
    /// A page's text is larger than [`MAX_PAGE_BYTES`].
    #[error("{}: page \"{title}\": text too large (more than {MAX_PAGE_BYTES} bytes); not audited", path_text(.dump))]
    TooLarge {
        /// The dump.
        dump: PathBuf,
        /// The page.
        title: String,
    },
    /// A line of an Enterprise dump is no page: too long, not JSON, or
    /// without its HTML.
    #[error("{}: {why}", path_text(.dump))]
    BadLine {
        /// The dump.
        dump: PathBuf,
        /// The page, when its title was read.
        title: Option<String>,
        /// What is wrong, naming the `.ndjson` entry and the line.
        why: String,
    },
    /// The dump's part list (its index) or its archive breaks off.
    #[error("{}: {why}", path_text(.dump))]
    Broken {
        /// The dump.
        dump: PathBuf,
        /// What broke, and what was not read because of it.
        why: String,
    },
}

fn place(title: Option<&str>, offset: u64) -> String {
    match title {
        Some(title) => format!("page \"{title}\" (at byte {offset} of the XML)"),
        None => format!("at byte {offset} of the XML"),
    }
}

impl DumpError {
    /// The name the report lists the fault under: `dump#Title` when the
    /// page is known, else the dump.
    #[must_use]
    pub fn path(&self) -> PathBuf {
        match self {
            Self::Malformed {
                dump,
                title: Some(title),
                ..
            }
            | Self::BadLine {
                dump,
                title: Some(title),
                ..
            }
            | Self::TooLarge { dump, title } => page_path(dump, title),
            Self::Malformed { dump, .. }
            | Self::BadLine { dump, .. }
            | Self::Broken { dump, .. } => dump.clone(),
        }
    }
}

/// `dump#Title`.
fn page_path(dump: &Path, title: &str) -> PathBuf {
    let mut name = dump.as_os_str().to_owned();
    name.push("#");
    name.push(title);
    PathBuf::from(name)
}

/// What a dump held that was not audited, by reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Redirect pages.
    pub redirects: u64,
    /// Pages in namespaces not chosen (talk pages, user pages, …).
    pub namespaces: u64,
    /// Pages that are not wikitext (CSS, JavaScript, Lua modules, JSON).
    pub models: u64,
    /// Pages in other shards' parts.
    pub other_shards: u64,
}

/// Whether `path` holds a dump, judged by its first bytes: a MediaWiki
/// export's `<mediawiki xmlns="…/export-…">` (plain, gzip'd or in bz2), or
/// an Enterprise dump's tar of `.ndjson`. `None` for anything else.
#[must_use]
pub fn detect(path: &Path) -> Option<DumpKind> {
    let mut file = File::open(path).ok()?;
    let mut magic = [0u8; 4];
    let got = read_up_to(&mut file, &mut magic);
    let magic = &magic[..got];
    let kind = if magic.starts_with(b"BZh") {
        DumpKind::Bzip2
    } else if magic.starts_with(&[0x1f, 0x8b]) {
        if enterprise::looks_like(path) {
            return Some(DumpKind::Enterprise);
        }
        DumpKind::Gzip
    } else {
        DumpKind::Xml
    };
    let file = File::open(path).ok()?;
    let mut head = vec![0u8; 4096];
    let got = match kind {
        DumpKind::Bzip2 => read_up_to(
            &mut bzip2::read::MultiBzDecoder::new(BufReader::new(file)),
            &mut head,
        ),
        DumpKind::Gzip => read_up_to(
            &mut flate2::read::MultiGzDecoder::new(BufReader::new(file)),
            &mut head,
        ),
        _ => read_up_to(&mut BufReader::new(file), &mut head),
    };
    let head = String::from_utf8_lossy(&head[..got]);
    let start = head.find("<mediawiki")?;
    let tag_end = head[start..].find('>').map_or(head.len(), |e| start + e);
    head[start..tag_end]
        .contains("mediawiki.org/xml/export-")
        .then_some(kind)
}

/// [`detect`], and for a file named as an XML dump is named
/// (`….xml.bz2`, `….xml.gz`) whose compressed stream breaks before its head
/// can be read: a dump cut short is still a dump, so that its fault is
/// named as a dump's ("cut short at byte …"), not as a binary file's.
#[must_use]
pub fn detect_named(path: &Path) -> Option<DumpKind> {
    detect(path).or_else(|| {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        let mut magic = [0u8; 3];
        let got = read_up_to(&mut File::open(path).ok()?, &mut magic);
        let magic = &magic[..got];
        if name.ends_with(".xml.bz2") && magic.starts_with(b"BZh") {
            Some(DumpKind::Bzip2)
        } else if name.ends_with(".xml.gz") && magic.starts_with(&[0x1f, 0x8b]) {
            Some(DumpKind::Gzip)
        } else {
            None
        }
    })
}

/// Reads as much of `buf` as the reader gives, errors ending it early.
fn read_up_to(reader: &mut impl Read, buf: &mut [u8]) -> usize {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => filled += n,
        }
    }
    filled
}

/// Whether a file's name says it may be a dump: walks over folders look
/// into these only.
#[must_use]
pub fn may_be_dump(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    [".xml", ".xml.bz2", ".xml.gz", ".tar.gz", ".tgz"]
        .iter()
        .any(|end| name.ends_with(end))
}

/// One batch of a dump's pages.
pub type Batch = Vec<Result<DumpedPage, DumpError>>;

/// How many pages a batch holds at most, and how much text.
const BATCH_PAGES: usize = 64;
const BATCH_BYTES: usize = 16 << 20;

impl Dump {
    /// The dump's pages, a batch at a time, in the dump's order.
    #[must_use]
    pub fn pages(&self, options: &DumpOptions) -> Pages {
        let index = (self.kind == DumpKind::Bzip2)
            .then(|| options.index.clone().or_else(|| index_beside(&self.path)))
            .flatten();
        // A multistream dump with an index is shared out by its streams;
        // any other dump by its pages' names, every process reading it all.
        let by_streams = index.is_some();
        let source = match self.kind {
            DumpKind::Enterprise => Source::Lines(enterprise::lines(&self.path)),
            DumpKind::Xml => {
                let input: xml::Input = match File::open(&self.path) {
                    Ok(file) => Box::new(BufReader::with_capacity(1 << 20, file)),
                    Err(e) => Box::new(Failing(Some(e))),
                };
                Source::Xml(xml::PageReader::new(input, MAX_PAGE_BYTES))
            }
            DumpKind::Gzip => {
                let (feeder, fed) = feed::channel();
                let path = self.path.clone();
                std::thread::spawn(move || {
                    let gz = File::open(&path)
                        .map(|f| flate2::read::MultiGzDecoder::new(BufReader::new(f)));
                    match gz {
                        Ok(gz) => {
                            feed::pump(gz, &feeder, &|e| format!("the gzip data breaks off: {e}"));
                        }
                        Err(e) => {
                            feeder.send(feed::Piece::Gap(format!("cannot read: {e}")));
                        }
                    }
                });
                Source::Xml(xml::PageReader::new(Box::new(fed), MAX_PAGE_BYTES))
            }
            DumpKind::Bzip2 => {
                let (feeder, fed) = feed::channel();
                let path = self.path.clone();
                let shard = options.shard;
                std::thread::spawn(move || {
                    let length = std::fs::metadata(&path).map_or(0, |m| m.len());
                    match index.map(|i| bz2::IndexSpans::open(&i, length).map_err(|e| (i, e))) {
                        Some(Ok(spans)) => bz2::decompress(&path, spans, shard, &feeder),
                        Some(Err((index, e))) => {
                            feeder.send(feed::Piece::Gap(format!(
                                "{}: cannot read the index: {e}",
                                path_text(&index)
                            )));
                        }
                        None => match bz2::ScannedSpans::open(&path) {
                            Ok(spans) => bz2::decompress(&path, spans, None, &feeder),
                            Err(e) => {
                                feeder.send(feed::Piece::Gap(format!("cannot read: {e}")));
                            }
                        },
                    }
                });
                Source::Xml(xml::PageReader::new(Box::new(fed), MAX_PAGE_BYTES))
            }
        };
        Pages {
            dump: self.path.clone(),
            source,
            options: options.clone(),
            by_names: options.shard.filter(|_| !by_streams),
            skipped: Skipped::default(),
            done: false,
        }
    }
}

/// A reader that fails once: a dump that cannot be opened.
struct Failing(Option<std::io::Error>);

impl Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        self.0.take().map_or(Ok(0), Err)
    }
}

impl std::io::BufRead for Failing {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.0.take().map_or(Ok(&[]), Err)
    }
    fn consume(&mut self, _: usize) {}
}

enum Source {
    Xml(xml::PageReader),
    Lines(enterprise::Lines),
}

/// The pages of a dump, a batch at a time ([`Dump::pages`]).
pub struct Pages {
    dump: PathBuf,
    source: Source,
    options: DumpOptions,
    /// The shard, when pages are shared out by name.
    by_names: Option<Shard>,
    skipped: Skipped,
    done: bool,
}

impl std::fmt::Debug for Pages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("dump", &self.dump)
            .field("skipped", &self.skipped)
            .finish_non_exhaustive()
    }
}

impl Pages {
    /// What was passed over so far, by reason.
    #[must_use]
    pub fn skipped(&self) -> Skipped {
        self.skipped
    }

    /// The next page (or fault) of an XML dump; `None` at its end.
    fn next_xml(&mut self) -> Option<Result<DumpedPage, DumpError>> {
        loop {
            let Source::Xml(reader) = &mut self.source else {
                return None;
            };
            let page = match reader.next_item()? {
                xml::Item::Page(page) => page,
                xml::Item::Malformed { title, offset, why } => {
                    return Some(Err(DumpError::Malformed {
                        dump: self.dump.clone(),
                        title,
                        offset,
                        why,
                    }))
                }
            };
            let url = reader.site.page_url(&page.title);
            if !self.take(
                &page.title,
                page.namespace,
                page.redirect,
                page.model.as_deref(),
            ) {
                continue;
            }
            return Some(self.dumped(*page, url));
        }
    }

    /// Whether a page is audited; one that is not is counted by reason.
    fn take(&mut self, title: &str, namespace: i64, redirect: bool, model: Option<&str>) -> bool {
        if !self.options.wants_namespace(namespace) {
            self.skipped.namespaces += 1;
            return false;
        }
        if redirect {
            self.skipped.redirects += 1;
            return false;
        }
        if model.is_some_and(|m| m != "wikitext") {
            self.skipped.models += 1;
            return false;
        }
        if let Some(shard) = self.by_names {
            if !shard.holds(&path_text(&page_path(&self.dump, title))) {
                self.skipped.other_shards += 1;
                return false;
            }
        }
        true
    }

    fn dumped(&self, page: xml::RawPage, url: Option<String>) -> Result<DumpedPage, DumpError> {
        if page.too_large {
            return Err(DumpError::TooLarge {
                dump: self.dump.clone(),
                title: page.title,
            });
        }
        let Some(text) = page.text else {
            return Err(DumpError::Malformed {
                dump: self.dump.clone(),
                title: Some(page.title),
                offset: page.offset,
                why: "the page has no revision text (deleted, or not exported)".to_owned(),
            });
        };
        let path = page_path(&self.dump, &page.title);
        Ok(DumpedPage {
            format: Format::Wikitext,
            text,
            revision: Revision {
                url: url.unwrap_or_else(|| path_text(&path)),
                id: page.revision_id,
                timestamp: page.timestamp,
            },
            place: DumpPlace {
                file: path_text(&self.dump),
                page_id: page.page_id,
                offset: page.offset,
            },
            title: page.title,
            path,
        })
    }

    /// The next page (or fault) of an Enterprise dump; `None` at its end.
    fn next_line(&mut self) -> Option<Result<DumpedPage, DumpError>> {
        loop {
            let Source::Lines(lines) = &self.source else {
                return None;
            };
            let line = match lines.recv().ok()? {
                Ok(line) => line,
                Err(why) => {
                    return Some(Err(DumpError::Broken {
                        dump: self.dump.clone(),
                        why,
                    }))
                }
            };
            if line.text.len() > enterprise::LONGEST_LINE {
                return Some(Err(DumpError::BadLine {
                    dump: self.dump.clone(),
                    title: None,
                    why: format!(
                        "{}: line {} is too large to be a page; not audited",
                        line.entry, line.number
                    ),
                }));
            }
            let mut record: enterprise::Record = match serde_json::from_str(&line.text) {
                Ok(record) => record,
                Err(e) => {
                    return Some(Err(DumpError::BadLine {
                        dump: self.dump.clone(),
                        title: None,
                        why: format!("{}: line {} is not a page: {e}", line.entry, line.number),
                    }))
                }
            };
            if !self.take(&record.name, record.namespace(), false, None) {
                continue;
            }
            let Some(html) = record.take_html() else {
                return Some(Err(DumpError::BadLine {
                    dump: self.dump.clone(),
                    why: format!(
                        "{}: line {}: page \"{}\" has no article_body.html",
                        line.entry, line.number, record.name
                    ),
                    title: Some(record.name),
                }));
            };
            if html.len() > MAX_PAGE_BYTES {
                return Some(Err(DumpError::TooLarge {
                    dump: self.dump.clone(),
                    title: record.name,
                }));
            }
            let path = page_path(&self.dump, &record.name);
            return Some(Ok(DumpedPage {
                format: Format::Html,
                text: html,
                revision: Revision {
                    url: record.url.take().unwrap_or_else(|| path_text(&path)),
                    id: record.revision(),
                    timestamp: record.date_modified.take(),
                },
                place: DumpPlace {
                    file: path_text(&self.dump),
                    page_id: record.identifier,
                    offset: line.number,
                },
                title: record.name,
                path,
            }));
        }
    }
}

impl Iterator for Pages {
    type Item = Batch;

    fn next(&mut self) -> Option<Batch> {
        if self.done {
            return None;
        }
        let mut batch = Vec::new();
        let mut bytes = 0;
        while batch.len() < BATCH_PAGES && bytes < BATCH_BYTES {
            let next = match self.source {
                Source::Xml(_) => self.next_xml(),
                Source::Lines(_) => self.next_line(),
            };
            let Some(item) = next else {
                self.done = true;
                break;
            };
            bytes += item.as_ref().map_or(0, |p| p.text.len());
            batch.push(item);
        }
        (!batch.is_empty()).then_some(batch)
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::bz2::tests::bz2;
    use super::*;

    const HEAD: &str = r#"<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">
<siteinfo><base>https://en.wikipedia.org/wiki/Main_Page</base></siteinfo>
"#;

    fn page(id: u64, title: &str, ns: i64, extra: &str, text: &str) -> String {
        format!(
            "<page><title>{title}</title><ns>{ns}</ns><id>{id}</id>{extra}<revision><id>{}</id>\
             <timestamp>2024-05-06T07:08:09Z</timestamp><model>wikitext</model>\
             <text xml:space=\"preserve\">{text}</text></revision></page>\n",
            id * 10
        )
    }

    /// A multistream dump of `streams` streams of three pages each (one a
    /// redirect, one a talk page), with its index beside it, as Wikimedia
    /// writes them.
    fn multistream(dir: &Path, streams: u64) -> PathBuf {
        let dump = dir.join("xxwiki-pages-articles-multistream.xml.bz2");
        let mut bytes = bz2(HEAD);
        let mut index = String::new();
        for s in 0..streams {
            let start = bytes.len();
            let mut xml = String::new();
            for (i, (title, ns, extra)) in [
                (format!("Article {s}"), 0, ""),
                (format!("Talk:Article {s}"), 1, ""),
                (format!("Moved {s}"), 0, "<redirect title=\"Article\" />"),
            ]
            .into_iter()
            .enumerate()
            {
                let id = s * 3 + i as u64 + 1;
                xml.push_str(&page(
                    id,
                    &title,
                    ns,
                    extra,
                    "See [https://example.org/a a].\nLine two.",
                ));
                writeln!(index, "{start}:{id}:{title}").unwrap();
            }
            bytes.extend(bz2(&xml));
        }
        bytes.extend(bz2("</mediawiki>\n"));
        std::fs::write(&dump, bytes).unwrap();
        std::fs::write(
            dir.join("xxwiki-pages-articles-multistream-index.txt.bz2"),
            bz2(&index),
        )
        .unwrap();
        dump
    }

    fn titles(dump: &Dump, options: &DumpOptions) -> Vec<String> {
        dump.pages(options)
            .flatten()
            .map(|p| p.expect("no fault").title)
            .collect()
    }

    #[test]
    fn a_multistream_dump_gives_its_articles_and_shards_split_it_by_streams() {
        let dir = tempfile::tempdir().unwrap();
        let path = multistream(dir.path(), 7);
        assert_eq!(detect(&path), Some(DumpKind::Bzip2));
        let dump = Dump {
            path: path.clone(),
            kind: DumpKind::Bzip2,
        };
        let whole = titles(&dump, &DumpOptions::default());
        let expected: Vec<String> = (0..7).map(|s| format!("Article {s}")).collect();
        assert_eq!(whole, expected, "redirects and talk pages are passed over");

        let first = dump
            .pages(&DumpOptions::default())
            .flatten()
            .next()
            .unwrap()
            .unwrap();
        assert_eq!(
            first.revision.timestamp.as_deref(),
            Some("2024-05-06T07:08:09Z")
        );
        assert!(
            first.path.to_string_lossy().ends_with("#Article 0"),
            "{:?}",
            first.path
        );
        assert_eq!(first.text, "See [https://example.org/a a].\nLine two.");

        let mut parts = Vec::new();
        for k in 1..=2 {
            let options = DumpOptions {
                shard: Some(Shard { k, n: 2 }),
                ..DumpOptions::default()
            };
            let mut pages = dump.pages(&options);
            let part: Vec<String> = pages.by_ref().flatten().map(|p| p.unwrap().title).collect();
            assert!(!part.is_empty());
            parts.extend(part);
        }
        parts.sort();
        assert_eq!(parts, expected, "the shards cover the dump, each page once");

        let talk = DumpOptions {
            namespaces: vec![1],
            ..DumpOptions::default()
        };
        assert_eq!(titles(&dump, &talk).len(), 7);

        // Without the index, the streams are found by their magic.
        std::fs::remove_file(index_beside(&path).unwrap()).unwrap();
        assert_eq!(titles(&dump, &DumpOptions::default()), expected);
    }
}
