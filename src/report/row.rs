//! An article's row: its figures without its text or its rows of links.
//!
//! A run over a whole wiki keeps one row per article until the end (for the
//! totals, the entry page, the history and the worst-first lists), never the
//! article itself: a row is a few hundred bytes whatever the article's size.

use crate::article::Format;
use crate::check::LinkStatus;
use crate::extract::Tally;

use super::model::{percent, ArticleReport, Summary};

/// The figures of one article.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleRow {
    /// Its place in the run, from 0 (the order of the inputs).
    pub index: usize,
    /// The path as given.
    pub path: String,
    /// The article's title.
    pub title: String,
    /// The markup it was read from.
    pub format: Format,
    /// Why it could not be read.
    pub error: Option<String>,
    /// The language its text looks written in, for the HTML `lang`.
    pub lang: Option<&'static str>,
    /// Prose sentences, and the cited ones.
    pub sentences: Tally,
    /// Prose paragraphs, and the cited ones.
    pub paragraphs: Tally,
    /// Footnote markers.
    pub markers: usize,
    /// Footnote definitions.
    pub notes: usize,
    /// Notes with no text.
    pub empty_notes: usize,
    /// Markers pointing at no note.
    pub dangling: usize,
    /// Notes no marker points at.
    pub orphaned: usize,
    /// Links, one per place.
    pub links: usize,
    /// Links that count as dead.
    pub dead: usize,
    /// ISBNs.
    pub isbns: usize,
    /// Invalid ISBNs.
    pub invalid_isbns: usize,
    /// Links per status, in [`LinkStatus::ALL`]'s order.
    pub by_status: [u32; LinkStatus::ALL.len()],
    /// Links the run's time budget left unchecked, for the next run.
    pub deferred: usize,
    /// Dead links their citations rescue with an archived copy.
    pub rescued: usize,
    /// Fixes `citecheck fix` makes in it.
    pub fixable: usize,
    /// DOIs.
    pub dois: usize,
    /// DOIs that are none by their syntax.
    pub invalid_dois: usize,
}

impl ArticleRow {
    /// The row of article `index`.
    #[must_use]
    pub fn of(index: usize, a: &ArticleReport) -> Self {
        let mut by_status = [0u32; LinkStatus::ALL.len()];
        for link in &a.links {
            if let Some(i) = LinkStatus::ALL
                .iter()
                .position(|s| *s == link.verdict.status)
            {
                by_status[i] += 1;
            }
        }
        Self {
            index,
            path: a.path.clone(),
            title: a.title.clone(),
            format: a.format,
            error: a.error.clone(),
            lang: guess_lang(a),
            sentences: a.coverage.sentences,
            paragraphs: a.coverage.paragraphs,
            markers: a.footnotes.markers,
            notes: a.footnotes.notes,
            empty_notes: a.footnotes.empty.len(),
            dangling: a.footnotes.dangling.len(),
            orphaned: a.footnotes.orphaned.len(),
            links: a.links.len(),
            dead: a.dead_links().count(),
            isbns: a.isbns.len(),
            invalid_isbns: a.invalid_isbns().count(),
            by_status,
            deferred: a.links.iter().filter(|l| l.verdict.is_deferred()).count(),
            rescued: a.links.iter().filter(|l| l.rescued).count(),
            fixable: a.fixes.len(),
            dois: a.dois.len(),
            invalid_dois: a.dois.iter().filter(|d| !d.doi.valid).count(),
        }
    }

    /// The share of cited sentences, as a whole percentage.
    #[must_use]
    pub fn cited_percent(&self) -> usize {
        percent(self.sentences.cited, self.sentences.total)
    }

    /// Paragraphs with no citation.
    #[must_use]
    pub fn uncited_paragraphs(&self) -> usize {
        self.paragraphs.total - self.paragraphs.cited
    }

    /// How bad the article is, for worst-first lists: unreadable first, then
    /// by dead links, then by the share of uncited sentences, then by
    /// invalid ISBNs.
    #[must_use]
    pub fn badness(&self) -> (bool, usize, usize, usize) {
        (
            self.error.is_some(),
            self.dead,
            100 - self.cited_percent(),
            self.invalid_isbns,
        )
    }

    /// The file name of the article's own page in a many-article run: its
    /// number and a readable slug of its path, so names never collide and
    /// stay short.
    #[must_use]
    pub fn page_name(&self) -> String {
        let stem = self
            .path
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or("")
            .rsplit_once('.')
            .map_or(self.path.as_str(), |(stem, _)| stem);
        let slug: String = stem
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .take(60)
            .collect();
        format!("{:05}-{}.html", self.index + 1, slug.trim_matches('-'))
    }
}

/// Rows worst first (then by path), as the entry page and `report.md` list
/// them.
#[must_use]
pub fn worst_first(rows: &[ArticleRow]) -> Vec<&ArticleRow> {
    let mut sorted: Vec<&ArticleRow> = rows.iter().collect();
    sorted.sort_by(|x, y| {
        y.badness()
            .cmp(&x.badness())
            .then_with(|| x.path.cmp(&y.path))
    });
    sorted
}

impl Summary {
    /// An empty summary, every status present.
    #[must_use]
    pub fn empty() -> Self {
        Self {
            by_status: LinkStatus::ALL.iter().map(|s| (s.as_str(), 0)).collect(),
            ..Self::default()
        }
    }

    /// Adds one article's figures.
    pub fn add(&mut self, row: &ArticleRow) {
        self.articles += 1;
        self.unreadable += usize::from(row.error.is_some());
        self.links += row.links;
        self.dead += row.dead;
        self.isbns += row.isbns;
        self.invalid_isbns += row.invalid_isbns;
        self.sentences += row.sentences.total;
        self.cited_sentences += row.sentences.cited;
        self.paragraphs += row.paragraphs.total;
        self.cited_paragraphs += row.paragraphs.cited;
        self.markers += row.markers;
        self.notes += row.notes;
        self.empty_notes += row.empty_notes;
        self.dangling += row.dangling;
        self.orphaned += row.orphaned;
        self.deferred += row.deferred;
        self.rescued += row.rescued;
        self.fixable += row.fixable;
        self.dois += row.dois;
        self.invalid_dois += row.invalid_dois;
        for (status, n) in LinkStatus::ALL.iter().zip(row.by_status) {
            *self.by_status.entry(status.as_str()).or_default() += n as usize;
        }
    }
}

/// The language of the article's text when its script says so: Chinese,
/// Japanese or Korean, so browsers pick a fitting font. Other texts keep the
/// page's language.
pub fn guess_lang(a: &ArticleReport) -> Option<&'static str> {
    let sample = std::iter::once(a.title.as_str()).chain(
        a.coverage
            .sentence_list
            .iter()
            .take(20)
            .map(|s| s.text.as_str()),
    );
    let (mut han, mut kana, mut hangul, mut latin) = (0usize, 0usize, 0usize, 0usize);
    for c in sample.flat_map(str::chars) {
        match c {
            '\u{3040}'..='\u{30FF}' => kana += 1,
            '\u{AC00}'..='\u{D7AF}' => hangul += 1,
            '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' => han += 1,
            c if c.is_alphabetic() => latin += 1,
            _ => {}
        }
    }
    if hangul > latin && hangul >= han {
        Some("ko")
    } else if kana > 0 && kana + han > latin {
        Some("ja")
    } else if han > latin {
        Some("zh")
    } else {
        None
    }
}
