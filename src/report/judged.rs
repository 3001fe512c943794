//! An article's report filled with what the run found: each link gets its
//! verdict and failure streak (a converter's wikilink its verdict as a link
//! between articles, see `wiki_links.rs`), each ISBN its catalogue entry, and, when the
//! run judges claims, each cited sentence its claim (from [`claims`]).

use std::fmt::Write as _;

use super::model::ArticleReport;
use crate::check::{catalogue, Verdicts};
use crate::claims::{self, Cited, Pages};
use crate::extract;

impl ArticleReport {
    /// Gives the links their verdicts and the ISBNs the catalogue's entries,
    /// and with `pages` (the run's page texts) judges the cited sentences.
    pub fn judge(
        &mut self,
        verdicts: &Verdicts,
        catalogue: &catalogue::Catalogue,
        registry: &crate::check::doi_registry::Registry,
        pages: Option<&Pages>,
    ) {
        self.judge_dois(registry);
        for link in &mut self.links {
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
                if link.verdict.status.wants_snapshot() {
                    link.verdict.archive_url = Some(copy);
                }
            }
            // As CS1 reads a citation: with an archived copy and no
            // `url-status`, the original is taken as dead, the copy shown
            // first; `url-status=live` shows the original first.
            link.rescued = link.verdict.status.is_dead()
                && link.link.citation.as_ref().is_some_and(|c| {
                    c.archive_url.is_some() && c.url_status.as_deref() != Some("live")
                });
        }
        self.judge_wiki_links();
        for isbn in &mut self.isbns {
            isbn.catalogue = isbn
                .isbn
                .isbn13
                .as_deref()
                .and_then(|i| catalogue.entry(i))
                .cloned();
        }
        if let Some(pages) = pages {
            self.judge_claims(pages);
        }
    }

    /// Judges the cited sentences, and marks the links of pages found
    /// taken over as usurped, with why.
    /// Gives each valid DOI what its registries said, and whether the
    /// note's title names the registry's work.
    fn judge_dois(&mut self, registry: &crate::check::doi_registry::Registry) {
        use crate::check::doi_registry::Registration;
        use crate::report::DoiStatus;
        let notes: std::collections::HashMap<&str, &str> = self
            .footnotes
            .items
            .iter()
            .map(|n| (n.id.as_str(), n.text.as_str()))
            .collect();
        for d in &mut self.dois {
            if !d.doi.valid {
                continue;
            }
            let Some(answer) = registry.answer(&d.doi.doi) else {
                continue;
            };
            match answer {
                Registration::Registered { title } => {
                    d.status = DoiStatus::Ok;
                    "registered".clone_into(&mut d.detail);
                    d.registry_title.clone_from(title);
                    let cited = d
                        .doi
                        .note
                        .as_deref()
                        .and_then(|n| notes.get(n))
                        .and_then(|text| cited_title(text));
                    d.title_match = match (cited, title) {
                        (Some(cited), Some(title)) => {
                            Some(extract::text_match::titles_match(&cited, title))
                        }
                        _ => None,
                    };
                }
                Registration::Unregistered => {
                    d.status = DoiStatus::Unregistered;
                    "the DOI registry does not know it".clone_into(&mut d.detail);
                }
                Registration::Unknown(why) => {
                    d.status = DoiStatus::Unchecked;
                    d.detail = format!("the DOI registry gave no usable answer: {why}");
                }
            }
        }
    }

    fn judge_claims(&mut self, pages: &Pages) {
        let cited: Vec<Cited<'_>> = self
            .links
            .iter()
            .map(|l| Cited {
                link: &l.link,
                verdict: &l.verdict,
            })
            .collect();
        let judged = claims::judge(&cited, &self.coverage.sentence_list, pages);
        self.claims = judged.claims;
        for (i, now) in judged.takeovers {
            let Some(link) = self.links.get_mut(i) else {
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
}

/// The title a note gives its work: what it quotes ("…" or “…”), else
/// what it sets in italics.
fn cited_title(text: &str) -> Option<String> {
    for (open, close) in [('"', '"'), ('“', '”'), ('*', '*')] {
        if let Some(start) = text.find(open) {
            let rest = &text[start + open.len_utf8()..];
            if let Some(end) = rest.find(close) {
                let title = rest[..end].trim();
                if title.chars().count() >= 3 {
                    return Some(title.to_owned());
                }
            }
        }
    }
    None
}
