//! An article's claims judged: each cited sentence, with how far each web
//! page cited for it supports it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::pages::Pages;
use super::support::{self, Claim, ClaimSource, PageIndex};
use crate::check::{fetch_key, LinkStatus, Verdict};
use crate::extract::coverage::Sentence;
use crate::extract::{Link, LinkKind, Target};

/// A link as the claims read it: where it is and what checking found.
#[derive(Debug, Clone, Copy)]
pub struct Cited<'a> {
    /// The link.
    pub link: &'a Link,
    /// Its verdict.
    pub verdict: &'a Verdict,
}

/// What judging an article's claims found.
#[derive(Debug, Default)]
pub struct Judged {
    /// A claim per cited sentence.
    pub claims: Vec<Claim>,
    /// The links (indices into the links judged) whose page turned out to
    /// be a casino, pharmacy or adult takeover, with what it sells: the
    /// caller marks them usurped.
    pub takeovers: Vec<(usize, &'static str)>,
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

/// A claim per cited sentence of `sentences`, one source per distinct web
/// link of its notes, judged against the pages' texts. A page taken over by
/// a casino, pharmacy or adult site is named in [`Judged::takeovers`],
/// unless the citing sentences are about that very topic.
#[must_use]
pub fn judge(links: &[Cited<'_>], sentences: &[Sentence], pages: &Pages) -> Judged {
    // The sources of each note, as indices into the links.
    let mut by_note: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, cited) in links.iter().enumerate() {
        if let Some(note) = &cited.link.note {
            if is_source(cited.link.kind, &cited.link.url) {
                by_note.entry(note.as_str()).or_default().push(i);
            }
        }
    }
    // Each claim's notes and sources (the first link of each URL).
    let mut drafts: Vec<(usize, Vec<String>, Vec<usize>)> = Vec::new();
    let mut context: HashMap<&str, Vec<&str>> = HashMap::new();
    for (s, sentence) in sentences.iter().enumerate() {
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
            let url = links[*i].link.url.as_str();
            if !sources.iter().any(|j| links[*j].link.url == url) {
                sources.push(*i);
                context.entry(url).or_default().push(&sentence.text);
            }
        }
        drafts.push((s, notes, sources));
    }
    let read = read_pages(links, &by_note, &context, pages);
    let takeovers = links
        .iter()
        .enumerate()
        .filter_map(|(i, cited)| match read.get(&cited.link.url) {
            Some(Some((_, Some(now)))) => Some((i, *now)),
            _ => None,
        })
        .collect();
    let claims = drafts
        .into_par_iter()
        .map(|(s, notes, sources)| {
            let sentence = &sentences[s];
            let sources = sources
                .into_iter()
                .map(|i| {
                    let cited = links[i];
                    let url = &cited.link.url;
                    match read.get(url).and_then(Option::as_ref) {
                        Some((index, takeover)) => {
                            let parked = cited
                                .verdict
                                .page
                                .as_ref()
                                .is_some_and(|p| p.usurped)
                                .then_some("a parked or for-sale domain");
                            support::judge_source(url, &sentence.text, index, takeover.or(parked))
                        }
                        None => unread(url, cited.verdict.status),
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
        .collect();
    Judged { claims, takeovers }
}

/// A cited page as the claims read it: its index, and what it sells when
/// it was taken over; `None` when its text was not read.
type ReadPage = Option<(Arc<PageIndex>, Option<&'static str>)>;

/// Each cited page, read once, by URL; pages are indexed on every core (a
/// long article cites hundreds), unless the fetch already did it.
fn read_pages(
    links: &[Cited<'_>],
    by_note: &HashMap<&str, Vec<usize>>,
    context: &HashMap<&str, Vec<&str>>,
    pages: &Pages,
) -> HashMap<String, ReadPage> {
    let mut firsts: Vec<usize> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for indices in by_note.values() {
        for &i in indices {
            if seen.insert(links[i].link.url.as_str()) {
                firsts.push(i);
            }
        }
    }
    firsts
        .into_par_iter()
        .map(|i| {
            let cited = links[i];
            let fetched = match &cited.link.target {
                Target::Web(url) => Some(fetch_key(url)),
                _ => None,
            };
            let index = fetched.and_then(|url| {
                pages.index(&url).or_else(|| {
                    let text = pages.text(&url)?;
                    let info = cited.verdict.page.as_ref();
                    Some(Arc::new(PageIndex::new(
                        &text,
                        info.and_then(|p| p.title.as_deref()),
                        info.and_then(|p| p.description.as_deref()),
                    )))
                })
            });
            let read = index.map(|index| {
                let mut about: Vec<&str> = context
                    .get(cited.link.url.as_str())
                    .cloned()
                    .unwrap_or_default();
                about.extend(
                    cited
                        .link
                        .citation
                        .as_ref()
                        .and_then(|c| c.title.as_deref()),
                );
                let takeover = index.takeover_unless_about(&about);
                (index, takeover)
            });
            (cited.link.url.clone(), read)
        })
        .collect()
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
