//! citecheck audits the sources of an article: its footnotes, citation
//! coverage, links and ISBNs, and whether the cited pages say what the
//! sentences say.
//!
//! The pipeline is five stages, one module each:
//! [`article`] reads a file into a format-independent model, [`extract`] finds
//! footnotes, links, ISBNs and coverage (pure, no I/O), [`check`] judges links
//! on disk and on the web (the only stage with I/O: one request engine sends
//! every request, to cited pages and to the optional services — a web
//! archive for snapshots of dead links, a catalogue for ISBNs), [`claims`]
//! judges each cited sentence against the text of its pages, which the fetch
//! hands it through a [`check::PageSink`] (pure), and [`report`] fills the
//! report model with the verdicts and renders it.
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
pub mod articles;
pub mod check;
pub mod claims;
pub mod config;
pub mod extract;
pub mod fix;
mod inputs;
pub mod options;
pub mod report;
pub mod shard;

pub use inputs::{
    collect_inputs, select_inputs, InputError, Inputs, Selection, SourceResult, Unavailable,
};

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::article::dump::Skipped;
use crate::article::Source;
pub use crate::articles::Articles;
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
    let sources: Vec<SourceResult> = files.iter().map(|p| Ok(Source::File(p.clone()))).collect();
    audit_sources(&sources, options, cache).await
}

/// Like [`audit_cached`], over sources of any kind: files, and pages a wiki
/// served. A source that could not be had ([`Unavailable`]) gets an entry
/// with its error; the others go on. The report is held whole: a run over a
/// whole wiki uses [`audit_each`] instead.
pub async fn audit_sources(
    sources: &[SourceResult],
    options: &CheckOptions,
    cache: Option<CacheUse<'_>>,
) -> Audit {
    let mut articles = Vec::new();
    let outcome = audit_each(Articles::of(sources), options, cache, &mut |chunk| {
        articles.extend(chunk);
        Ok(())
    })
    .await;
    // Collecting cannot fail.
    let outcome = outcome.unwrap_or_default();
    Audit {
        report: Report::new(articles),
        from_cache: outcome.from_cache,
        cache_errors: outcome.cache_errors,
        lookup_failures: outcome.lookup_failures,
    }
}

/// What a streamed run found besides its articles.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Distinct URLs answered from the cache, without a request.
    pub from_cache: usize,
    /// What went wrong with the cache; the run went on without it.
    pub cache_errors: Vec<CacheError>,
    /// What went wrong with the web archive or the ISBN catalogue.
    pub lookup_failures: Vec<LookupFailure>,
    /// What each dump held that was not audited, by reason.
    pub skipped: Vec<(PathBuf, Skipped)>,
}

/// The least time a run with a time budget keeps after its checks, for
/// the lookups of dead links' snapshots and the writing of the reports.
const RESERVE_FOR_WRITING: std::time::Duration = std::time::Duration::from_secs(1);

/// How many articles one parallel step reads: enough to keep every core
/// busy, few enough that a step's articles are a small part of memory.
fn chunk_size() -> usize {
    (4 * rayon::current_num_threads()).max(16)
}

/// Audits sources as a stream, in two passes, so that memory does not grow
/// with their number:
///
/// 1. Every source is read and its links and ISBNs extracted, on every core;
///    only the distinct targets are kept (a URL cited by 10,000 articles is
///    one entry). Then the links are checked and the catalogue asked.
/// 2. Every source is read again, judged with those verdicts, and handed to
///    `each` a few at a time, in the order of `sources`; nothing of an
///    article is kept once `each` has it.
///
/// Reading twice costs less than holding a whole wiki's text and rows.
///
/// # Errors
/// Only what `each` returns; the run stops at its first error.
pub async fn audit_each(
    articles: Articles<'_>,
    options: &CheckOptions,
    cache: Option<CacheUse<'_>>,
    each: &mut (dyn FnMut(Vec<ArticleReport>) -> std::io::Result<()> + Send),
) -> std::io::Result<Outcome> {
    let mut targets = check::LinkTargets::new(options);
    if options.offline {
        return audit_offline(articles, targets, options.claims, each);
    }
    let mut isbns: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut dois: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let reading = std::time::Instant::now();
    let mut chunks = articles.chunks(chunk_size());
    for chunk in chunks.by_ref() {
        let found: Vec<Found> = chunk.par_iter().map(Found::of).collect();
        for found in found {
            for (link, seen) in found.links.iter().zip(found.seen) {
                targets.add_dated(link, seen.as_deref());
            }
            isbns.extend(found.isbns);
            dois.extend(found.dois);
        }
    }
    let skipped = chunks.skipped().to_vec();
    // The second pass reads the articles again and writes them: the checks
    // of a run with a time budget leave it that time, and some to spare.
    let mut options = options.clone();
    if let Some(budget) = &mut options.budget {
        budget.reserve = reading.elapsed() * 3 / 2 + RESERVE_FOR_WRITING;
    }
    let options = &options;
    let pages = options.claims.then(|| Arc::new(claims::Pages::default()));
    let sink = pages.clone().map(|p| p as Arc<dyn check::PageSink>);
    let mut verdicts = check::check_targets(targets, options, cache, sink).await;
    let mut outcome = Outcome::default();
    let mut catalogue = catalogue::Catalogue::default();
    if let (Some(endpoint), false) = (&options.services.isbn_endpoint, options.offline) {
        // A cache that failed while checking links is not used again.
        let cache = cache.filter(|_| verdicts.cache_errors.is_empty());
        let ask = verdicts.network_usable(options);
        catalogue = catalogue::look_up_cached(
            isbns.iter().map(String::as_str),
            endpoint,
            options,
            cache,
            ask,
        )
        .await;
        outcome.lookup_failures.extend(catalogue.failure.take());
        verdicts.cache_errors.extend(catalogue.cache_error.take());
    }
    drop(isbns);
    let mut registry = check::doi_registry::Registry::default();
    if let (Some(endpoint), true) = (
        &options.services.doi_endpoint,
        verdicts.network_usable(options),
    ) {
        registry = check::doi_registry::look_up(
            dois.iter().map(String::as_str),
            endpoint,
            options.services.crossref_endpoint.as_ref(),
            options.services.contact.as_deref(),
            options,
        )
        .await;
        outcome.lookup_failures.append(&mut registry.failures);
    }
    drop(dois);
    outcome
        .lookup_failures
        .extend(verdicts.archive_failure.take());
    outcome.from_cache = verdicts.from_cache;
    outcome.cache_errors = std::mem::take(&mut verdicts.cache_errors);
    outcome.skipped = skipped;
    let mut ready: Option<Vec<ArticleReport>> = None;
    // The next chunk is read here, outside the pool: a dump's reader waits
    // on decompression that the pool's threads do.
    for chunk in articles.chunks(chunk_size()) {
        // The next articles are read while the last ones are written.
        let (judged, written) = rayon::join(
            || {
                chunk
                    .par_iter()
                    .map(|source| {
                        let mut report = read_report(source);
                        report.judge(&verdicts, &catalogue, &registry, pages.as_deref());
                        report
                    })
                    .collect::<Vec<_>>()
            },
            || ready.take().map_or(Ok(()), &mut *each),
        );
        written?;
        ready = Some(judged);
    }
    if let Some(last) = ready {
        each(last)?;
    }
    Ok(outcome)
}

/// [`audit_each`] for a run that asks no server: every verdict is known as
/// soon as its link is read (local files on disk, web links unchecked), so
/// one pass reads, judges and hands on each article.
fn audit_offline(
    articles: Articles<'_>,
    mut targets: check::LinkTargets,
    claims: bool,
    each: &mut (dyn FnMut(Vec<ArticleReport>) -> std::io::Result<()> + Send),
) -> std::io::Result<Outcome> {
    let none = catalogue::Catalogue::default();
    let no_registry = check::doi_registry::Registry::default();
    // Nothing is fetched offline: the claims have no pages.
    let pages = claims.then(claims::Pages::default);
    let mut chunks = articles.chunks(chunk_size());
    let mut ready: Option<Vec<ArticleReport>> = None;
    loop {
        // The next articles are read while the last ones are written.
        let next = chunks.next();
        let (read, written) = rayon::join(
            || next.map(|chunk| chunk.par_iter().map(read_report).collect::<Vec<_>>()),
            || ready.take().map_or(Ok(()), &mut *each),
        );
        written?;
        let Some(mut reports) = read else {
            break;
        };
        for report in &reports {
            for link in &report.links {
                targets.add(&link.link);
            }
        }
        let known = targets.known();
        reports
            .par_iter_mut()
            .for_each(|report| report.judge(known, &none, &no_registry, pages.as_ref()));
        ready = Some(reports);
    }
    Ok(Outcome {
        skipped: chunks.skipped().to_vec(),
        ..Outcome::default()
    })
}

/// What the first pass keeps of an article: its links, the day each was
/// seen when that is known, its ISBNs and its valid DOIs.
#[derive(Default)]
struct Found {
    links: Vec<extract::Link>,
    isbns: Vec<String>,
    dois: Vec<String>,
    seen: Vec<Option<String>>,
}

impl Found {
    /// What the first pass keeps of `source`; nothing of one that cannot
    /// be read.
    fn of(source: &SourceResult) -> Self {
        let Ok(Ok(article)) = source.as_ref().map(article::read) else {
            return Self::default();
        };
        let links = extract::links::links(&article);
        let isbns = extract::isbn::isbns(&article, &links)
            .into_iter()
            .filter_map(|i| i.isbn13)
            .collect();
        // When each link was seen, for its archived copy, when its citation
        // gives no access-date: what its note says, else the citation's
        // date, else the page's.
        let noted = extract::seen_dates::seen_dates(&article);
        let page = page_date(&article);
        let seen = links
            .iter()
            .map(|l| {
                l.note
                    .as_ref()
                    .and_then(|n| noted.get(n).cloned())
                    .or_else(|| l.citation.as_ref().and_then(|c| c.date.clone()))
                    .or_else(|| page.clone())
            })
            .collect();
        let dois = extract::doi::dois(&article, &links)
            .into_iter()
            .filter(|d| d.valid)
            .map(|d| d.doi)
            .collect();
        Self {
            links,
            isbns,
            dois,
            seen,
        }
    }
}

/// When the page was saved, for a page a wiki served or a dump held: the
/// date a link with no access-date of its own was last known to the page.
fn page_date(article: &article::Article) -> Option<String> {
    let stamp = article.revision.as_ref()?.timestamp.as_deref()?;
    // RFC 3339: the day is what comes before the time.
    Some(stamp.split('T').next().unwrap_or(stamp).to_owned())
}

/// Reads and extracts one source into its report, its links not judged yet.
fn read_report(source: &SourceResult) -> ArticleReport {
    let article = match source {
        Ok(source) => match article::read(source) {
            Ok(article) => article,
            Err(e) => return ArticleReport::unreadable(e.path(), e.to_string()),
        },
        Err(unavailable) => {
            return ArticleReport::unreadable(&unavailable.name, unavailable.to_string())
        }
    };
    let found = extract::extract(&article);
    let pending = vec![Verdict::new(LinkStatus::Unchecked, "not checked yet"); found.links.len()];
    ArticleReport::new(&article, found, pending)
}
