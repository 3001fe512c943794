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
mod inputs;
pub mod report;

pub use inputs::{collect_inputs, select_inputs, InputError, Inputs, Selection};

use std::path::PathBuf;

use rayon::prelude::*;

use crate::article::Source;
use crate::check::cache::CacheError;
use crate::check::lookup::LookupFailure;
use crate::check::{catalogue, CacheUse, CheckOptions, LinkStatus, Verdict};
use crate::report::{ArticleReport, Report};

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
    // Articles are read and extracted on every core (rayon keeps their
    // order); only their findings are kept, not their text.
    let mut articles: Vec<ArticleReport> = sources
        .par_iter()
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
