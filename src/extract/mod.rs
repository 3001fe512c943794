//! Extraction: footnotes, links, ISBNs and coverage, read off an [`Article`].
//!
//! Everything here is a pure function of the article: no file system, no
//! network, so it is fast and trivially testable.

mod bare_urls;
pub mod coverage;
pub mod doi;
pub mod footnotes;
pub mod isbn;
pub mod links;
pub mod seen_dates;
pub mod text_match;

use crate::article::Article;

pub use coverage::{Coverage, Sentence, Tally};
pub use doi::Doi;
pub use footnotes::{Footnote, Footnotes, NoteKind};
pub use isbn::{Isbn, IsbnProblem};
pub use links::{Link, LinkKind, LocalTarget, Target};

/// Everything extraction finds in one article.
#[derive(Debug, Clone)]
pub struct Extraction {
    /// Markers, notes and their problems.
    pub footnotes: Footnotes,
    /// Every link, one per place it was found.
    pub links: Vec<Link>,
    /// Every ISBN, one per note (or body line) it was found in.
    pub isbns: Vec<Isbn>,
    /// Every DOI, one per note (or body line) it was found in.
    pub dois: Vec<Doi>,
    /// Which prose is cited.
    pub coverage: Coverage,
}

/// Runs every extractor over an article.
#[must_use]
pub fn extract(article: &Article) -> Extraction {
    let links = links::links(article);
    let isbns = isbn::isbns(article, &links);
    let dois = doi::dois(article, &links);
    let footnotes = footnotes::footnotes(article, &links, &isbns);
    let coverage = coverage::coverage(article);
    Extraction {
        footnotes,
        links,
        isbns,
        dois,
        coverage,
    }
}
