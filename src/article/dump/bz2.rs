//! bz2 dumps, decompressed stream by stream on every core.
//!
//! A multistream dump (`…-pages-articles-multistream.xml.bz2`) is many bz2
//! streams one after the other, each holding a hundred whole pages; its
//! index (`…-multistream-index.txt.bz2`, lines `offset:page_id:title`) gives
//! where each stream starts. Without an index the streams are found by
//! their magic bytes (`BZh1`–`BZh9` then the block magic `1AY&SY`), which a
//! stream's compressed bits cannot imitate at a byte boundary in practice.
//! A plain bz2 file is one stream, read as it decompresses.
//!
//! The streams are decompressed a wave at a time (a few MB of compressed
//! bytes per core), in parallel, and sent on in their order. A stream that
//! does not decompress is a gap: its pages are named as not audited, and
//! the next stream is read.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use bzip2::read::MultiBzDecoder;
use rayon::prelude::*;

use super::feed::{pump, Feeder, Piece};
use crate::shard::Shard;

/// A stream larger than this is not held in memory: it is decompressed as
/// it is read (a plain bz2 dump is one stream of many GB).
const HELD_STREAM: u64 = 64 << 20;

/// Compressed bytes decompressed in one wave, per core: a few streams of
/// Wikimedia's (100 pages, about 150 KB), so that a wave and the pieces
/// waiting to be read stay a few tens of MiB (4 MiB a core held 200 MiB at
/// the peak), and waves are short enough for reading to keep pace.
const WAVE_PER_CORE: u64 = 512 << 10;

/// What a stream of the dump is, in compressed bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Span {
    /// Where it starts in the file.
    pub(crate) start: u64,
    /// Where the next one starts (or the file ends).
    pub(crate) end: u64,
    /// Its first page's title and how many pages it holds, from the index.
    pub(crate) pages: Option<(String, u64)>,
    /// Its place among the index's streams (from 0); `None` for the
    /// header before them, and for streams found without an index.
    pub(crate) ordinal: Option<u64>,
}

impl Span {
    fn describe(&self) -> String {
        match &self.pages {
            Some((first, count)) => format!(
                "bz2 stream at byte {} ({count} page(s) from \"{first}\" in the index)",
                self.start
            ),
            None => format!("bz2 stream at byte {}", self.start),
        }
    }
}

/// Why the streams could not be listed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SpanError {
    /// The index could not be read on from this line.
    #[error("{}: index unreadable at line {line}: {why}; the streams it had still to list are not audited", crate::article::path_text(.index))]
    Index {
        index: PathBuf,
        line: u64,
        why: String,
    },
    /// The dump itself could not be read.
    #[error("{}: cannot read: {source}", crate::article::path_text(.path))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The index beside a multistream dump, by Wikimedia's naming:
/// `X-multistream.xml.bz2` → `X-multistream-index.txt.bz2`.
#[must_use]
pub fn index_beside(dump: &Path) -> Option<PathBuf> {
    let name = dump.file_name()?.to_str()?;
    let stem = name.strip_suffix(".xml.bz2")?;
    let index = dump.with_file_name(format!("{stem}-index.txt.bz2"));
    index.is_file().then_some(index)
}

/// The streams the index lists, in order, after the header stream before
/// them.
pub(crate) struct IndexSpans {
    lines: std::io::Lines<BufReader<MultiBzDecoder<File>>>,
    index: PathBuf,
    line: u64,
    file_len: u64,
    /// The stream being gathered: its start, first title, page count.
    open: Option<(u64, String, u64)>,
    header_sent: bool,
    ordinal: u64,
    failed: bool,
}

impl IndexSpans {
    /// Reads `index` for a dump of `file_len` bytes.
    ///
    /// # Errors
    /// The index cannot be opened.
    pub(crate) fn open(index: &Path, file_len: u64) -> std::io::Result<Self> {
        let file = File::open(index)?;
        Ok(Self {
            lines: BufReader::new(MultiBzDecoder::new(file)).lines(),
            index: index.to_path_buf(),
            line: 0,
            file_len,
            open: None,
            header_sent: false,
            ordinal: 0,
            failed: false,
        })
    }

    fn fail(&mut self, why: String) -> Result<Span, SpanError> {
        self.failed = true;
        Err(SpanError::Index {
            index: self.index.clone(),
            line: self.line,
            why,
        })
    }

    fn close(&mut self, end: u64) -> Option<Span> {
        let (start, first, count) = self.open.take()?;
        let ordinal = self.ordinal;
        self.ordinal += 1;
        Some(Span {
            start,
            end,
            pages: Some((first, count)),
            ordinal: Some(ordinal),
        })
    }
}

impl Iterator for IndexSpans {
    type Item = Result<Span, SpanError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        loop {
            let Some(line) = self.lines.next() else {
                let end = self.file_len;
                return self.close(end).map(Ok);
            };
            self.line += 1;
            let line = match line {
                Ok(line) => line,
                Err(e) => return Some(self.fail(e.to_string())),
            };
            if line.trim().is_empty() {
                continue;
            }
            let mut fields = line.splitn(3, ':');
            let offset = fields.next().and_then(|o| o.trim().parse::<u64>().ok());
            let title = fields.nth(1);
            let (Some(offset), Some(title)) = (offset, title) else {
                return Some(self.fail(format!("expected offset:page_id:title, found {line:?}")));
            };
            if !self.header_sent {
                self.header_sent = true;
                self.open = Some((offset, title.to_owned(), 1));
                if offset > 0 {
                    return Some(Ok(Span {
                        start: 0,
                        end: offset,
                        pages: None,
                        ordinal: None,
                    }));
                }
                continue;
            }
            match &mut self.open {
                Some((start, _, count)) if *start == offset => *count += 1,
                Some((start, ..)) if offset < *start => {
                    let why = format!("offset {offset} is before {start}: not in order");
                    return Some(self.fail(why));
                }
                _ => {
                    let span = self.close(offset);
                    self.open = Some((offset, title.to_owned(), 1));
                    if let Some(span) = span {
                        return Some(Ok(span));
                    }
                }
            }
        }
    }
}

/// Streams found by their magic bytes, read a block at a time.
pub(crate) struct ScannedSpans {
    file: File,
    path: PathBuf,
    /// The next block's first byte in the file.
    read_to: u64,
    /// Bytes kept from the last block, so a magic split across two blocks
    /// is found.
    carry: Vec<u8>,
    /// The start of the stream being measured.
    open: Option<u64>,
    found: std::collections::VecDeque<u64>,
    done: bool,
}

/// `BZh` + level + the first block's magic.
const MAGIC_LEN: usize = 10;

fn is_stream_start(at: &[u8]) -> bool {
    at.len() >= MAGIC_LEN
        && &at[..3] == b"BZh"
        && (b'1'..=b'9').contains(&at[3])
        && at[4..10] == [0x31, 0x41, 0x59, 0x26, 0x53, 0x59]
}

impl ScannedSpans {
    /// Starts scanning `path`.
    ///
    /// # Errors
    /// It cannot be opened.
    pub(crate) fn open(path: &Path) -> std::io::Result<Self> {
        Ok(Self {
            file: File::open(path)?,
            path: path.to_path_buf(),
            read_to: 0,
            carry: Vec::new(),
            open: None,
            found: std::collections::VecDeque::new(),
            done: false,
        })
    }

    /// Reads the next block and notes the stream starts in it; `false` at
    /// the end of the file.
    fn scan_block(&mut self) -> std::io::Result<bool> {
        const BLOCK: usize = 8 << 20;
        let mut block = std::mem::take(&mut self.carry);
        let base = self.read_to - block.len() as u64;
        let kept = block.len();
        block.resize(kept + BLOCK, 0);
        let mut filled = kept;
        loop {
            match self.file.read(&mut block[filled..]) {
                Ok(0) => break,
                Ok(n) => {
                    filled += n;
                    if filled == block.len() {
                        break;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        block.truncate(filled);
        self.read_to = base + filled as u64;
        let at_end = filled == kept;
        let last_start = if at_end {
            filled
        } else {
            filled.saturating_sub(MAGIC_LEN - 1)
        };
        for at in memchr::memmem::find_iter(&block[..filled], b"BZh") {
            if at >= last_start && !at_end {
                break;
            }
            if is_stream_start(&block[at..]) {
                self.found.push_back(base + at as u64);
            }
        }
        self.carry = block[last_start.min(filled)..].to_vec();
        Ok(!at_end)
    }
}

impl Iterator for ScannedSpans {
    type Item = Result<Span, SpanError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(next) = self.found.pop_front() {
                match self.open.replace(next) {
                    Some(start) if start < next => {
                        return Some(Ok(Span {
                            start,
                            end: next,
                            pages: None,
                            ordinal: None,
                        }))
                    }
                    // The file starts with something that is not a stream:
                    // the decompressor says so for the span before it.
                    None if next > 0 => {
                        return Some(Ok(Span {
                            start: 0,
                            end: next,
                            pages: None,
                            ordinal: None,
                        }))
                    }
                    _ => continue,
                }
            }
            if self.done {
                let start = self.open.take()?;
                return Some(Ok(Span {
                    start,
                    end: self.read_to,
                    pages: None,
                    ordinal: None,
                }));
            }
            match self.scan_block() {
                Ok(more) => {
                    if !more {
                        self.done = true;
                        if self.open.is_none() && self.found.is_empty() && self.read_to > 0 {
                            // No stream magic at all: one span, which the
                            // decompressor will refuse by name.
                            self.open = Some(0);
                        }
                    }
                }
                Err(source) => {
                    self.done = true;
                    self.open = None;
                    return Some(Err(SpanError::Io {
                        path: self.path.clone(),
                        source,
                    }));
                }
            }
        }
    }
}

/// Decompresses the streams `spans` lists (those of `shard`, when the index
/// deals them out) and sends their bytes in order. Runs on its own thread;
/// stops early when the reading side has gone. A span list that breaks
/// sends its error as a gap, after which nothing more is sent.
pub(crate) fn decompress(
    path: &Path,
    spans: impl Iterator<Item = Result<Span, SpanError>>,
    shard: Option<Shard>,
    feeder: &Feeder,
) {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) => {
            feeder.send(Piece::Gap(format!("cannot read: {e}")));
            return;
        }
    };
    let wave_bytes = WAVE_PER_CORE * rayon::current_num_threads() as u64;
    let mut wave: Vec<Span> = Vec::new();
    let mut wave_size = 0;
    for span in spans {
        let span = match span {
            Ok(span) => span,
            Err(e) => {
                let _ = send_wave(&file, &std::mem::take(&mut wave), feeder)
                    && feeder.send(Piece::Gap(e.to_string()));
                return;
            }
        };
        if let (Some(shard), Some(ordinal)) = (shard, span.ordinal) {
            if !shard.holds_piece(ordinal) {
                continue;
            }
        }
        let size = span.end.saturating_sub(span.start);
        if size > HELD_STREAM {
            if !send_wave(&file, &std::mem::take(&mut wave), feeder) {
                return;
            }
            wave_size = 0;
            if !stream_through(&file, &span, feeder) {
                return;
            }
            continue;
        }
        wave_size += size;
        wave.push(span);
        if wave_size >= wave_bytes {
            if !send_wave(&file, &std::mem::take(&mut wave), feeder) {
                return;
            }
            wave_size = 0;
        }
    }
    send_wave(&file, &wave, feeder);
}

/// Decompresses a wave of streams in parallel and sends them in order.
fn send_wave(file: &File, wave: &[Span], feeder: &Feeder) -> bool {
    let decoded: Vec<(Vec<u8>, Option<std::io::Error>)> = wave
        .par_iter()
        .map(|span| decode_held(file, span))
        .collect();
    decoded.into_iter().zip(wave).all(|((bytes, error), span)| {
        // What decoded before a fault is read; the fault is a gap after it.
        (bytes.is_empty() || feeder.send(Piece::Bytes(bytes)))
            && error.is_none_or(|e| feeder.send(Piece::Gap(fault(span, &e))))
    })
}

/// What went wrong with a stream, in words.
fn fault(span: &Span, e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::UnexpectedEof {
        format!("{} is cut short: {e}", span.describe())
    } else {
        format!("{} is corrupt: {e}", span.describe())
    }
}

/// One stream, read whole and decompressed: its bytes, and the fault that
/// ended it early, if one did (the bytes are then those before it).
fn decode_held(file: &File, span: &Span) -> (Vec<u8>, Option<std::io::Error>) {
    let mut compressed = vec![0u8; (span.end - span.start) as usize];
    if let Err(e) = read_at(file, &mut compressed, span.start) {
        return (Vec::new(), Some(e));
    }
    let mut out = Vec::with_capacity(compressed.len() * 5);
    // `read_to_end` keeps what it read before an error.
    let error = MultiBzDecoder::new(&compressed[..])
        .read_to_end(&mut out)
        .err();
    // Held until read: no room to spare (growing by doubling left up to
    // twice the bytes).
    out.shrink_to_fit();
    (out, error)
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(not(unix))]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    let mut file = file.try_clone()?;
    file.seek(SeekFrom::Start(at))?;
    file.read_exact(buf)
}

/// A stream too large to hold, decompressed as it is read.
fn stream_through(file: &File, span: &Span, feeder: &Feeder) -> bool {
    let mut file = match file.try_clone() {
        Ok(file) => file,
        Err(e) => return feeder.send(Piece::Gap(fault(span, &e))),
    };
    if let Err(e) = file.seek(SeekFrom::Start(span.start)) {
        return feeder.send(Piece::Gap(fault(span, &e)));
    }
    let reader = MultiBzDecoder::new(BufReader::new(file.take(span.end - span.start)));
    pump(reader, feeder, &|e| fault(span, e))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use std::io::Write;

    /// `text` as one bz2 stream.
    pub(in crate::article::dump) fn bz2(text: &str) -> Vec<u8> {
        let mut encoder = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
        encoder.write_all(text.as_bytes()).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn streams_are_found_by_their_magic() {
        let parts = [
            "<mediawiki>",
            "<page>a</page>",
            "<page>b</page>",
            "</mediawiki>",
        ];
        let mut file = tempfile::NamedTempFile::new().unwrap();
        let mut starts = Vec::new();
        let mut at = 0u64;
        for part in parts {
            let bytes = bz2(part);
            starts.push(at);
            at += bytes.len() as u64;
            file.write_all(&bytes).unwrap();
        }
        let spans: Vec<Span> = ScannedSpans::open(file.path())
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let found: Vec<u64> = spans.iter().map(|s| s.start).collect();
        assert_eq!(found, starts);
        assert_eq!(spans.last().unwrap().end, at);
    }
}
