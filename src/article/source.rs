//! Loading an input file as text, refusing what cannot be an article.

use std::path::{Path, PathBuf};

use thiserror::Error;

use super::printable::path_text;

/// The largest input accepted: far beyond any real article, small enough that
/// a mistaken path to a disk image cannot exhaust memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file could not be read as an article. Each message names the file and
/// says what is wrong with it.
#[derive(Debug, Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("{}: cannot read: {source}", path_text(.path))]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file is empty or holds only whitespace.
    #[error("{}: empty file, nothing to audit", path_text(.path))]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file holds NUL bytes, so it is not text.
    #[error("{}: binary file (NUL byte at offset {offset}), not an article", path_text(.path))]
    Binary {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first NUL.
        offset: usize,
    },
    /// The file is not UTF-8.
    #[error("{}: not valid UTF-8 (first bad byte at offset {offset}); convert it to UTF-8", path_text(.path))]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// The file is in a markup no reader handles yet (judged by its
    /// extension): read as Markdown it would give wrong counts.
    #[error(
        "{}: {format} is not supported; citecheck reads Markdown, MediaWiki wikitext and HTML",
        path_text(.path)
    )]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// The markup, in words.
        format: &'static str,
    },
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error("{}: file too large ({bytes} bytes; the limit is {MAX_FILE_BYTES} bytes)", path_text(.path))]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        bytes: u64,
    },
    /// An HTML file nests elements deeper than any page people read: the
    /// HTML parser's work grows with the square of the depth.
    #[error(
        "{}: HTML nested more than {limit} elements deep (line {line}); not a page people read",
        path_text(.path)
    )]
    TooDeep {
        /// The file.
        path: PathBuf,
        /// The depth allowed.
        limit: usize,
        /// The line where the limit was passed.
        line: u32,
    },
}

impl ReadError {
    /// The file the error is about.
    #[must_use]
    pub fn path(&self) -> &Path {
        match self {
            Self::Io { path, .. }
            | Self::Empty { path }
            | Self::Binary { path, .. }
            | Self::NotUtf8 { path, .. }
            | Self::Unsupported { path, .. }
            | Self::TooLarge { path, .. }
            | Self::TooDeep { path, .. } => path,
        }
    }
}

/// Reads a file as article text: UTF-8, not binary, not empty, not huge. A
/// leading byte-order mark is dropped.
///
/// # Errors
/// A [`ReadError`] naming the file and the cause.
pub fn read_source(path: &Path) -> Result<String, ReadError> {
    if let Some(format) = unsupported(path) {
        return Err(ReadError::Unsupported {
            path: path.to_path_buf(),
            format,
        });
    }
    let io = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let bytes_on_disk = std::fs::metadata(path).map_err(io)?.len();
    if bytes_on_disk > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            bytes: bytes_on_disk,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    decode(path, bytes)
}

/// Files no reader handles, judged by extension: read as text they would
/// give wrong counts.
fn unsupported(path: &Path) -> Option<&'static str> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "pdf" => Some("PDF"),
        "docx" | "doc" | "odt" => Some("a word-processor document"),
        "epub" => Some("EPUB"),
        _ => None,
    }
}

pub(super) fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, ReadError> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(ReadError::Binary {
            path: path.to_path_buf(),
            offset,
        });
    }
    let mut text = String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if text.trim().is_empty() {
        return Err(ReadError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_bytes(bytes: &[u8]) -> Result<String, ReadError> {
        decode(Path::new("a.md"), bytes.to_vec())
    }

    #[test]
    fn nul_byte_means_binary() {
        let err = decode_bytes(b"ab\0cd").unwrap_err();
        assert!(matches!(err, ReadError::Binary { offset: 2, .. }));
        assert_eq!(
            err.to_string(),
            "a.md: binary file (NUL byte at offset 2), not an article"
        );
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let err = decode_bytes(b"abc\xff").unwrap_err();
        assert!(matches!(err, ReadError::NotUtf8 { offset: 3, .. }));
    }

    #[test]
    fn whitespace_only_is_empty() {
        assert!(matches!(
            decode_bytes(b" \n\t\n"),
            Err(ReadError::Empty { .. })
        ));
    }

    #[test]
    fn documents_no_reader_handles_are_refused_by_name_not_misread() {
        let err = read_source(Path::new("x/Paper.pdf")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x/Paper.pdf: PDF is not supported; citecheck reads Markdown, MediaWiki wikitext and HTML"
        );
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        assert_eq!(decode_bytes("\u{feff}# T".as_bytes()).unwrap(), "# T");
    }
}
