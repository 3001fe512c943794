//! An article judged with what the run found: each link gets its verdict
//! and failure streak, each ISBN its catalogue entry, and each cited
//! sentence its claim, with how far each cited page supports it.

use std::collections::HashMap;
use std::fmt::Write as _;

use std::sync::Arc;

use rayon::prelude::*;

use crate::check::support::{self, Claim, ClaimSource, PageIndex};
use crate::check::{archive, catalogue, LinkStatus, Verdicts};
use crate::extract::{self, LinkKind};
use crate::report::ArticleReport;

/// Judges a report's links with the run's verdicts, gives its ISBNs the
/// catalogue's entries and, with `claims`, judges its cited sentences.
pub(crate) fn judge(
    report: &mut ArticleReport,
    verdicts: &Verdicts,
    catalogue: &catalogue::Catalogue,
    claims: bool,
) {
    for link in &mut report.links {
        link.verdict = verdicts.verdict(&link.link);
        link.history = verdicts.history(&link.link);
        // Is the page the work the citation names?
        let cited_title = link.link.citation.as_ref().and_then(|c| c.title.as_deref());
        if let (Some(cited), Some(page)) = (cited_title, link.verdict.page.as_mut()) {
            page.title_matches = page
                .title
                .as_deref()
                .map(|title| extract::text_match::titles_match(cited, title));
        }
        // The archived copy the article itself gives stands for a link
        // that looks rotten: the archive was not asked about it.
        let cited_copy = link
            .link
            .citation
            .as_ref()
            .and_then(|c| c.archive_url.clone());
        if let Some(copy) = cited_copy {
            if archive::wants_snapshot(link.verdict.status) {
                link.verdict.archive_url = Some(copy);
            }
        }
    }
    for isbn in &mut report.isbns {
        isbn.catalogue = isbn
            .isbn
            .isbn13
            .as_deref()
            .and_then(|i| catalogue.entry(i))
            .cloned();
    }
    if claims {
        report.claims = judge_claims(report, verdicts);
    }
}

/// Whether a link can be a claim's source: a web page cited in a note. A
/// wiki's special pages (`Special:BookSources/…`, the ISBN links) are tools,
/// not sources.
fn is_source(kind: LinkKind, url: &str) -> bool {
    matches!(kind, LinkKind::Citation | LinkKind::External)
        && (url.starts_with("http://") || url.starts_with("https://") || url.starts_with("//"))
        && !url.contains("/wiki/Special:")
        && !url.contains("title=Special:")
}

/// A claim per cited sentence, one source per distinct web link of its
/// notes. A page taken over by a casino, pharmacy or adult site is marked
/// usurped on the links as it is found, unless the citing sentences are
/// about that very topic.
fn judge_claims(report: &mut ArticleReport, verdicts: &Verdicts) -> Vec<Claim> {
    // The sources of each note, as indices into the links.
    let mut by_note: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, link) in report.links.iter().enumerate() {
        if let Some(note) = &link.link.note {
            if is_source(link.link.kind, &link.link.url) {
                by_note.entry(note.as_str()).or_default().push(i);
            }
        }
    }
    // Each claim's notes and sources (the first link of each URL).
    let mut drafts: Vec<(usize, Vec<String>, Vec<usize>)> = Vec::new();
    let mut context: HashMap<&str, Vec<&str>> = HashMap::new();
    for (s, sentence) in report.coverage.sentence_list.iter().enumerate() {
        if sentence.cited_by.is_empty() {
            continue;
        }
        let mut notes: Vec<String> = Vec::new();
        for id in &sentence.cited_by {
            if !notes.contains(id) {
                notes.push(id.clone());
            }
        }
        let mut sources: Vec<usize> = Vec::new();
        for i in notes
            .iter()
            .filter_map(|n| by_note.get(n.as_str()))
            .flatten()
        {
            let url = report.links[*i].link.url.as_str();
            if !sources.iter().any(|j| report.links[*j].link.url == url) {
                sources.push(*i);
                context.entry(url).or_default().push(&sentence.text);
            }
        }
        drafts.push((s, notes, sources));
    }
    let pages = read_pages(report, &by_note, &context, verdicts);
    mark_takeovers(report, &pages);
    drafts
        .into_par_iter()
        .map(|(s, notes, sources)| {
            let sentence = &report.coverage.sentence_list[s];
            let sources = sources
                .into_iter()
                .map(|i| {
                    let link = &report.links[i];
                    let url = &link.link.url;
                    match pages.get(url).and_then(Option::as_ref) {
                        Some((index, takeover)) => {
                            let parked = link
                                .verdict
                                .page
                                .as_ref()
                                .is_some_and(|p| p.usurped)
                                .then_some("a parked or for-sale domain");
                            support::judge(url, &sentence.text, index, takeover.or(parked))
                        }
                        None => unread(url, link.verdict.status),
                    }
                })
                .collect();
            Claim {
                line: sentence.line,
                text: sentence.text.clone(),
                notes,
                sources,
            }
        })
        .collect()
}

/// A cited page as the claims read it: its index, and what it sells when
/// it was taken over; `None` when its text was not read.
type ReadPage = Option<(Arc<PageIndex>, Option<&'static str>)>;

/// Each cited page, read once, by URL; pages are indexed on every core (a
/// long article cites hundreds), unless the fetch already did it.
fn read_pages(
    report: &ArticleReport,
    by_note: &HashMap<&str, Vec<usize>>,
    context: &HashMap<&str, Vec<&str>>,
    verdicts: &Verdicts,
) -> HashMap<String, ReadPage> {
    let mut firsts: Vec<usize> = Vec::new();
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for indices in by_note.values() {
        for &i in indices {
            if seen.insert(report.links[i].link.url.as_str()) {
                firsts.push(i);
            }
        }
    }
    firsts
        .into_par_iter()
        .map(|i| {
            let link = &report.links[i];
            let index = verdicts.page_index(&link.link).or_else(|| {
                let text = verdicts.page_text(&link.link)?;
                let info = link.verdict.page.as_ref();
                Some(Arc::new(PageIndex::new(
                    &text,
                    info.and_then(|p| p.title.as_deref()),
                    info.and_then(|p| p.description.as_deref()),
                )))
            });
            let read = index.map(|index| {
                let mut about: Vec<&str> = context
                    .get(link.link.url.as_str())
                    .cloned()
                    .unwrap_or_default();
                about.extend(link.link.citation.as_ref().and_then(|c| c.title.as_deref()));
                let takeover = index.takeover_unless_about(&about);
                (index, takeover)
            });
            (link.link.url.clone(), read)
        })
        .collect()
}

/// Marks the links of pages found taken over as usurped, with why.
fn mark_takeovers(report: &mut ArticleReport, pages: &HashMap<String, ReadPage>) {
    for link in &mut report.links {
        let Some(Some((_, Some(now)))) = pages.get(&link.link.url) else {
            continue;
        };
        if let Some(page) = link.verdict.page.as_mut() {
            if !page.usurped {
                page.usurped = true;
                let _ = write!(
                    link.verdict.detail,
                    "; the domain looks usurped: the page is {now}, not the cited source"
                );
            }
        }
    }
}

/// The source of a claim whose page was not read.
fn unread(url: &str, status: LinkStatus) -> ClaimSource {
    let why = match status {
        LinkStatus::Unchecked => "not judged: the page was not fetched (offline or not checked)",
        LinkStatus::Ok | LinkStatus::Redirected => {
            "not judged: the answer was not a page with text"
        }
        LinkStatus::Excluded => "not judged: the link is excluded from checking",
        _ => "not judged: the page could not be read (see the link's status)",
    };
    support::unknown(url, why)
}
