//! citecheck audits the sources of an article: its footnotes, citation
//! coverage, links and ISBNs.
//!
//! The pipeline is four stages, one module each:
//! [`article`] reads a file into a format-independent model, [`extract`] finds
//! footnotes, links, ISBNs and coverage (pure, no I/O), [`check`] judges links
//! on disk and on the web (and asks the optional services: a web archive for
//! snapshots of dead links, a catalogue for ISBNs), and [`report`] renders
//! the result.
//!
//! ```
//! use std::path::Path;
//! use citecheck::{article::markdown, extract};
//!
//! let article = markdown::read(Path::new("a.md"), "A claim.[^1] An uncited one.\n\n[^1]: Smith, *Book*, 2001.\n");
//! let found = extract::extract(&article);
//! assert_eq!(found.footnotes.markers, 1);
//! assert_eq!(found.coverage.sentences.total, 2);
//! assert_eq!(found.coverage.sentences.cited, 1);
//! ```
//!
//! [`audit`] runs the whole pipeline over files and folders;
//! [`audit_cached`] does the same with a verdict cache
//! ([`check::cache`]), as the command line does. [`config`] reads
//! `citecheck.toml`, and the CI gate is [`report::Thresholds`].

#![warn(
    clippy::all,
    clippy::pedantic,
    unreachable_pub,
    missing_debug_implementations,
    missing_docs
)]
// Counts and line numbers are far below the limits where casts lose anything.
#![allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
// Docs name the domain's terms (ISBN, UAX) without backticks.
#![allow(clippy::doc_markdown)]

pub mod article;
pub mod check;
pub mod config;
pub mod extract;
pub mod report;

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::article::Source;
use crate::check::cache::CacheError;
use crate::check::lookup::LookupFailure;
use crate::check::{catalogue, CacheUse, CheckOptions, LinkStatus, Verdict};
use crate::report::{ArticleReport, Report};

/// Why the inputs could not be gathered, or a part of them.
#[derive(Debug, Error)]
pub enum InputError {
    /// A path named on the command line does not exist.
    #[error("{}: no such file or folder", article::path_text(.0))]
    NotFound(PathBuf),
    /// A folder could not be listed; the rest of the walk goes on.
    #[error("{}: cannot list folder: {source}", article::path_text(.path))]
    Unlistable {
        /// The folder.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The paths hold no article at all.
    #[error("no articles (*.md, *.wikitext, *.html) found in {0}")]
    NoArticles(String),
}

impl InputError {
    /// The file or folder the error is about, if it is about one.
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        match self {
            Self::NotFound(path) | Self::Unlistable { path, .. } => Some(path),
            Self::NoArticles(_) => None,
        }
    }
}

/// What a walk over the inputs found.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Article files, each real file once, in a stable order.
    pub files: Vec<PathBuf>,
    /// Folders that could not be listed ([`InputError::Unlistable`]): named
    /// on stderr and in the report as unreadable, while the rest is audited.
    pub unlistable: Vec<InputError>,
}

/// The article files named by `paths`: files as given, folders searched
/// recursively for Markdown files (hidden folders skipped), in a stable order.
///
/// Symbolic links are followed, but every real folder and file is visited
/// once (by device and inode): a link back to an ancestor, two links to the
/// same folder or the same file named twice cannot audit an article twice or
/// walk forever.
///
/// # Errors
/// A path that does not exist, or no article at all. A folder that cannot be
/// listed is not an error of the whole walk: it is kept in
/// [`Inputs::unlistable`].
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Inputs, InputError> {
    let mut walk = Walk::default();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            walk.folder(path, &mut found);
            found.sort();
            walk.inputs.files.extend(found);
        } else if path.exists() {
            if walk.first_visit(path) {
                walk.inputs.files.push(path.clone());
            }
        } else {
            return Err(InputError::NotFound(path.clone()));
        }
    }
    if walk.inputs.files.is_empty() && walk.inputs.unlistable.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| article::path_text(p)).collect();
        return Err(InputError::NoArticles(names.join(", ")));
    }
    Ok(walk.inputs)
}

/// A walk over folders that visits each real folder and file once.
#[derive(Debug, Default)]
struct Walk {
    inputs: Inputs,
    seen: std::collections::HashSet<FileId>,
}

/// What identifies a file whatever the path to it: its device and inode on
/// Unix, its canonical path elsewhere.
#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = PathBuf;

impl Walk {
    /// Whether `path` (following links) has not been visited yet; marks it
    /// visited. A path whose identity cannot be read counts as new.
    fn first_visit(&mut self, path: &Path) -> bool {
        #[cfg(unix)]
        let id = {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
        };
        #[cfg(not(unix))]
        let id = std::fs::canonicalize(path).ok();
        id.is_none_or(|id| self.seen.insert(id))
    }

    fn folder(&mut self, dir: &Path, found: &mut Vec<PathBuf>) {
        if !self.first_visit(dir) {
            return;
        }
        let entries = match std::fs::read_dir(dir).and_then(|list| {
            list.map(|e| e.map(|e| e.path()))
                .collect::<Result<Vec<_>, _>>()
        }) {
            Ok(mut entries) => {
                // Real entries before links, so that a file reached both
                // ways is reported under its own name.
                entries.sort_by_cached_key(|path| {
                    let link = path.symlink_metadata().is_ok_and(|m| m.is_symlink());
                    (link, path.clone())
                });
                entries
            }
            Err(source) => {
                self.inputs.unlistable.push(InputError::Unlistable {
                    path: dir.to_path_buf(),
                    source,
                });
                return;
            }
        };
        for path in entries {
            let hidden = path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if hidden {
                continue;
            }
            if path.is_dir() {
                self.folder(&path, found);
            } else if is_article_name(&path) && self.first_visit(&path) {
                found.push(path);
            }
        }
    }
}

fn is_article_name(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        let e = e.to_string_lossy().to_lowercase();
        article::EXTENSIONS.iter().any(|(known, _)| *known == e)
    })
}

/// Reads, extracts and checks every file, and returns the report. A file that
/// cannot be read gets an entry with its error; the others go on.
pub async fn audit(files: &[PathBuf], options: &CheckOptions) -> Report {
    audit_cached(files, options, None).await.report
}

/// What a run with a cache produced.
#[derive(Debug)]
pub struct Audit {
    /// The report.
    pub report: Report,
    /// Distinct URLs answered from the cache, without a request.
    pub from_cache: usize,
    /// What went wrong with the cache; the run went on without it.
    pub cache_errors: Vec<CacheError>,
    /// What went wrong with the web archive or the ISBN catalogue; the
    /// fields they would have filled are null.
    pub lookup_failures: Vec<LookupFailure>,
}

/// Like [`audit`], with a verdict cache: fresh verdicts, archive answers and
/// catalogue entries are reused, new ones recorded (verdicts as they come),
/// and each link carries its failure streak. A cache that fails is reported
/// in [`Audit::cache_errors`] and not used for the rest of the run.
pub async fn audit_cached(
    files: &[PathBuf],
    options: &CheckOptions,
    cache: Option<CacheUse<'_>>,
) -> Audit {
    let sources: Vec<Result<Source, (PathBuf, String)>> =
        files.iter().map(|p| Ok(Source::File(p.clone()))).collect();
    audit_sources(&sources, options, cache).await
}

/// Like [`audit_cached`], over sources of any kind: files, and pages a wiki
/// served. A source that could not be had (`Err((name, why))`) gets an entry
/// with its error; the others go on.
pub async fn audit_sources(
    sources: &[Result<Source, (PathBuf, String)>],
    options: &CheckOptions,
    cache: Option<CacheUse<'_>>,
) -> Audit {
    // Articles flow through one at a time; only their findings are kept.
    let mut articles: Vec<ArticleReport> = sources
        .iter()
        .map(|source| match source {
            Ok(source) => match article::read(source) {
                Ok(article) => {
                    let found = extract::extract(&article);
                    let pending = vec![
                        Verdict::new(LinkStatus::Unchecked, "not checked yet");
                        found.links.len()
                    ];
                    ArticleReport::new(&article, found, pending)
                }
                Err(e) => ArticleReport::unreadable(e.path(), e.to_string()),
            },
            Err((name, why)) => ArticleReport::unreadable(name, why.clone()),
        })
        .collect();
    let mut verdicts = check::check_links(
        articles
            .iter()
            .flat_map(|a| a.links.iter().map(|l| &l.link)),
        options,
        cache,
    )
    .await;
    for link in articles.iter_mut().flat_map(|a| a.links.iter_mut()) {
        link.verdict = verdicts.verdict(&link.link);
        link.history = verdicts.history(&link.link);
        // The archived copy the article itself gives stands for a link
        // that looks rotten: the archive was not asked about it.
        let cited_copy = link
            .link
            .citation
            .as_ref()
            .and_then(|c| c.archive_url.clone());
        if let Some(copy) = cited_copy {
            if check::archive::wants_snapshot(link.verdict.status) {
                link.verdict.archive_url = Some(copy);
            }
        }
    }
    let mut lookup_failures: Vec<LookupFailure> = Vec::new();
    if let (Some(endpoint), false) = (&options.isbn_endpoint, options.offline) {
        // A cache that failed while checking links is not used again.
        let cache = cache.filter(|_| verdicts.cache_errors.is_empty());
        let ask = verdicts.network_usable(options);
        let found = look_up_isbns(&mut articles, endpoint, options, cache, ask).await;
        lookup_failures.extend(found.failure);
        verdicts.cache_errors.extend(found.cache_error);
    }
    lookup_failures.extend(verdicts.archive_failure);
    Audit {
        report: Report::new(articles),
        from_cache: verdicts.from_cache,
        cache_errors: verdicts.cache_errors,
        lookup_failures,
    }
}

/// Gives every valid ISBN the catalogue's entry, from the cache when it has
/// a fresh one, else by asking the catalogue if `ask`; returns what was
/// found, with what went wrong.
async fn look_up_isbns(
    articles: &mut [ArticleReport],
    endpoint: &url::Url,
    options: &CheckOptions,
    cache: Option<CacheUse<'_>>,
    ask: bool,
) -> catalogue::Catalogue {
    let valid = articles
        .iter()
        .flat_map(|a| &a.isbns)
        .filter_map(|i| i.isbn.isbn13.as_deref());
    let found = catalogue::look_up_cached(valid, endpoint, options, cache, ask).await;
    for isbn in articles.iter_mut().flat_map(|a| a.isbns.iter_mut()) {
        isbn.catalogue = isbn
            .isbn
            .isbn13
            .as_deref()
            .and_then(|i| found.entry(i))
            .cloned();
    }
    found
}
