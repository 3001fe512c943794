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
        pages: Option<&Pages>,
    ) {
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
