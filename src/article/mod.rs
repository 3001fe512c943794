//! Reading inputs into one model.
//!
//! Every reader turns a file into the same [`Article`]: sections, blocks of text
//! with their source lines, footnote markers already located, note definitions
//! and the links the markup declares. Extraction, checking and reporting never
//! learn which format an article came from.
//!
//! This stage reads files but never touches the network.

pub mod anchors;
mod builder;
pub mod dump;
mod headings;
pub mod html;
pub mod markdown;
mod model;
mod printable;
mod source;
pub mod wiki;
pub mod wikitext;

use std::path::{Path, PathBuf};

pub use model::*;
pub use printable::{one_line, path_text};
pub use source::{read_source, ReadError, MAX_FILE_BYTES};

/// What an article is read from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file on disk; its extension (or, failing that, its content) says
    /// which reader reads it.
    File(PathBuf),
    /// A page a wiki served (`citecheck check https://…/wiki/Title`).
    Fetched(FetchedPage),
    /// A page of a dump ([`dump`]).
    Dumped(Box<dump::DumpedPage>),
}

/// A wiki page as its wiki served it.
#[derive(Debug, Clone)]
pub struct FetchedPage {
    /// The page's title.
    pub title: String,
    /// The markup it was served in.
    pub format: Format,
    /// Its text.
    pub text: String,
    /// Where it came from: the address as given, the revision, its time.
    pub revision: Revision,
}

/// File extensions each reader takes, for folder walks.
pub const EXTENSIONS: &[(&str, Format)] = &[
    ("md", Format::Markdown),
    ("markdown", Format::Markdown),
    ("mdown", Format::Markdown),
    ("mkd", Format::Markdown),
    ("wikitext", Format::Wikitext),
    ("wiki", Format::Wikitext),
    ("mediawiki", Format::Wikitext),
    ("html", Format::Html),
    ("htm", Format::Html),
    ("xhtml", Format::Html),
];

/// Reads an article: the one place that knows which formats exist.
///
/// # Errors
/// A file that cannot be read as text ([`ReadError`]).
pub fn read(source: &Source) -> Result<Article, ReadError> {
    match source {
        Source::File(path) => {
            let text = read_source(path)?;
            let format = format_of(path, &text);
            read_text(path, format, &text)
        }
        Source::Fetched(page) => {
            let path = PathBuf::from(&page.revision.url);
            let mut article = read_text(&path, page.format, &page.text)?;
            article.title.clone_from(&page.title);
            article.revision = Some(page.revision.clone());
            Ok(article)
        }
        Source::Dumped(page) => {
            // As for a file: a page with no text is not an article.
            if page.text.trim().is_empty() {
                return Err(ReadError::Empty {
                    path: page.path.clone(),
                });
            }
            let mut article = read_text(&page.path, page.format, &page.text)?;
            article.title.clone_from(&page.title);
            article.revision = Some(page.revision.clone());
            article.dump = Some(page.place.clone());
            Ok(article)
        }
    }
}

/// Reads text in a known format.
///
/// # Errors
/// HTML nested deeper than [`html::MAX_NESTING`] elements.
pub fn read_text(path: &Path, format: Format, text: &str) -> Result<Article, ReadError> {
    Ok(match format {
        Format::Markdown => markdown::read(path, text),
        Format::Wikitext => wikitext::read(path, text),
        Format::Html => {
            if let Some(line) = html::too_deep(text) {
                return Err(ReadError::TooDeep {
                    path: path.to_path_buf(),
                    limit: html::MAX_NESTING,
                    line,
                });
            }
            html::read(path, text)
        }
    })
}

/// The format of a file: by its extension, else by its content (a file named
/// on the command line may have any name).
#[must_use]
pub fn format_of(path: &Path, text: &str) -> Format {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if let Some((_, format)) = EXTENSIONS.iter().find(|(e, _)| *e == extension) {
        return *format;
    }
    sniff(text)
}

/// Guesses a format from the first few kilobytes: an HTML document starts
/// with its doctype or `<html>`; wikitext has `<ref>`s, templates, `'''bold'''`
/// or `== headings ==` and no Markdown headings.
fn sniff(text: &str) -> Format {
    let mut end = text.len().min(16 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let start = head
        .trim_start()
        .get(..15)
        .unwrap_or("")
        .to_ascii_lowercase();
    if start.starts_with("<!doctype html") || start.starts_with("<html") {
        return Format::Html;
    }
    let markdown_headings = head
        .lines()
        .filter(|l| l.starts_with("# ") || l.starts_with("## "))
        .count();
    let wiki_signs = head.matches("<ref").count()
        + head.matches("{{").count()
        + head.matches("'''").count()
        + head
            .lines()
            .filter(|l| l.starts_with("==") && l.trim_end().ends_with("=="))
            .count();
    if wiki_signs > 2 * markdown_headings + 1 {
        Format::Wikitext
    } else {
        Format::Markdown
    }
}
