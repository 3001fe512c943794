//! The kinds of problem a report finds ([`Problem`]), and the words every
//! report uses for them: the name `fail_on` spells, the noun for one and
//! for several, the sentence said of a group, the title, description and
//! help SARIF shows. A renderer that names a kind takes its words from here,
//! never from a string of its own.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::check::LinkStatus;

/// A kind of problem, as `fail_on` names it: a link status (other than
/// `ok`), or `invalid_isbn`, `empty_note`, `dangling`, `uncited_paragraph`,
/// `unsupported`, `orphaned`, `red_link`. Ordered
/// link problems first, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Problem {
    /// A link with this status.
    Link(LinkStatus),
    /// An ISBN that failed validation.
    InvalidIsbn,
    /// A DOI that is none by its syntax.
    InvalidDoi,
    /// A note with no text.
    EmptyNote,
    /// A marker pointing at no note.
    Dangling,
    /// A paragraph of prose with no citation at all.
    UncitedParagraph,
    /// A cited page that does not back its sentence: a fact of the
    /// sentence is not on it, or it is about something else (a claim source
    /// judged `unsupported` or `unrelated`). Never fails a build unless
    /// asked.
    Unsupported,
    /// A note no marker points at.
    Orphaned,
    /// A link to another article of the wiki that the folder holding the
    /// wiki does not have (MediaWiki shows it red). Not a source and not a
    /// dead link: it fails a build only when `fail_on` names it.
    RedLink,
}

impl Problem {
    /// What fails the build when nothing else is configured: the report
    /// contract's dead links and invalid ISBNs.
    pub const DEFAULT_FAIL_ON: [Self; 4] = [
        Self::Link(LinkStatus::Dead),
        Self::Link(LinkStatus::Soft404),
        Self::Link(LinkStatus::MissingFile),
        Self::InvalidIsbn,
    ];

    /// The problem's name, as `fail_on` spells it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Link(status) => status.as_str(),
            Self::InvalidIsbn => "invalid_isbn",
            Self::InvalidDoi => "invalid_doi",
            Self::EmptyNote => "empty_note",
            Self::Dangling => "dangling",
            Self::UncitedParagraph => "uncited_paragraph",
            Self::Unsupported => "unsupported",
            Self::Orphaned => "orphaned",
            Self::RedLink => "red_link",
        }
    }

    /// Reads a name as `fail_on` spells it.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "invalid_isbn" => Some(Self::InvalidIsbn),
            "invalid_doi" => Some(Self::InvalidDoi),
            "empty_note" => Some(Self::EmptyNote),
            "dangling" => Some(Self::Dangling),
            "orphaned" => Some(Self::Orphaned),
            "uncited_paragraph" => Some(Self::UncitedParagraph),
            "unsupported" => Some(Self::Unsupported),
            "red_link" => Some(Self::RedLink),
            // Not problems: a link that is fine, or that nobody checked.
            "ok" | "excluded" | "unchecked" => None,
            other => LinkStatus::parse(other).map(Self::Link),
        }
    }

    /// Every name `parse` accepts, for error messages.
    #[must_use]
    pub fn names() -> Vec<&'static str> {
        let mut names: Vec<&str> = LinkStatus::ALL
            .iter()
            .filter(|s| {
                !matches!(
                    s,
                    LinkStatus::Ok | LinkStatus::Excluded | LinkStatus::Unchecked
                )
            })
            .map(|s| s.as_str())
            .collect();
        names.extend([
            "invalid_isbn",
            "invalid_doi",
            "empty_note",
            "dangling",
            "uncited_paragraph",
            "unsupported",
            "orphaned",
            "red_link",
        ]);
        names
    }

    /// Whether the contract counts it as a dead link.
    #[must_use]
    pub fn is_dead_link(self) -> bool {
        matches!(self, Self::Link(status) if status.is_dead())
    }

    /// A short title, for annotations and SARIF rules.
    #[must_use]
    pub fn title(self) -> String {
        match self {
            Self::Link(LinkStatus::Dead) => "dead link".into(),
            Self::Link(LinkStatus::Soft404) => "soft 404".into(),
            Self::Link(LinkStatus::MissingFile) => "missing file".into(),
            Self::Link(status) => format!("link {status}"),
            other => other.noun().into(),
        }
    }
}

impl Problem {
    /// What the problem is, in a sentence or two: SARIF's
    /// `fullDescription`, shown by code-scanning views beside each result.
    #[must_use]
    pub fn description(self) -> &'static str {
        match self {
            Self::Link(LinkStatus::Dead) => "The cited page answered 404, 410 or another 4xx that is not a refusal, directly or after redirects: readers following the citation find nothing.",
            Self::Link(LinkStatus::Soft404) => "The cited page answers 200 but is an error page: its title says the page does not exist, it is the site's own answer for an address that never existed, or the deep link is sent to the site's home page.",
            Self::Link(LinkStatus::MissingFile) => "A relative link points at a file that does not exist in the repository.",
            Self::Link(LinkStatus::Redirected) => "The cited page moved permanently (301 or 308) and is found at another address.",
            Self::Link(LinkStatus::Blocked) => "The site refuses automated checks (401, 403, 429, 999): the link is unverified, not known to be dead.",
            Self::Link(LinkStatus::ServerError) => "The site answered with a server error (5xx) on every attempt; often temporary.",
            Self::Link(LinkStatus::Timeout) => "No complete answer arrived within the time limit, on every attempt.",
            Self::Link(LinkStatus::Unreachable) => "The site could not be reached: its name does not resolve, the connection was refused or reset, the secure connection failed, or the redirects loop.",
            Self::Link(LinkStatus::Invalid) => "The link is not a well-formed address, or points outside the repository.",
            Self::Link(LinkStatus::Excluded | LinkStatus::Unchecked | LinkStatus::Ok) => "The link was not judged.",
            Self::InvalidIsbn => "An ISBN whose length, prefix or check digit is wrong: it identifies no book, or the wrong one.",
            Self::InvalidDoi => "A DOI that is not one by its syntax (10., a registrant, /, a suffix): it identifies no work.",
            Self::EmptyNote => "A footnote with no text: the sentence that cites it is effectively uncited.",
            Self::Dangling => "A footnote marker that points at no note.",
            Self::UncitedParagraph => "A paragraph of prose none of whose sentences cites a source: its claims cannot be checked.",
            Self::Unsupported => "The cited page does not say what the sentence says: a number, date or name of the sentence is not on it, or the page is about something else (another subject, a parked domain, a spam takeover). Read by matching the sentence's facts against the page's text, without a language model.",
            Self::Orphaned => "A note that no marker in the text points at.",
            Self::RedLink => "A link to another article of the wiki that this folder, which holds the wiki, does not have: MediaWiki would show it red. A link between articles, not a source: it is not a dead citation.",
        }
    }

    /// What to do about it: SARIF's `help`, shown under each result.
    #[must_use]
    pub fn help(self) -> &'static str {
        match self {
            Self::Link(LinkStatus::Dead | LinkStatus::Soft404) => "Replace the link with an archived copy (the report gives one when the web archive has it) or with another source for the same claim; mark the citation dead if neither exists.",
            Self::Link(LinkStatus::MissingFile) => "Fix the path, or create the page it points at.",
            Self::Link(LinkStatus::Redirected) => "Update the citation to the final address the report gives.",
            Self::Link(LinkStatus::Blocked) => "Open the link in a browser to confirm it; list the host under [hosts] in citecheck.toml with a lower rate if it limits checks.",
            Self::Link(LinkStatus::ServerError | LinkStatus::Timeout | LinkStatus::Unreachable) => "Check again later; with --confirm N a link counts as dead only after N failed checks a day apart.",
            Self::Link(LinkStatus::Invalid) => "Correct the address as written in the article.",
            Self::Link(LinkStatus::Excluded | LinkStatus::Unchecked | LinkStatus::Ok) => "Nothing to do.",
            Self::InvalidIsbn => "Check the ISBN against the book's copyright page or a library catalogue and correct the digits.",
            Self::InvalidDoi => "Copy the DOI from the article's page at its publisher (it starts with 10. and holds a /) and correct it.",
            Self::EmptyNote => "Write the note's source (author, title, publisher or URL, date), or remove the marker.",
            Self::Dangling => "Add the missing note, or correct the marker's label.",
            Self::UncitedParagraph => "Cite a source for the paragraph's claims, or tag it as needing one.",
            Self::Unsupported => "Read the cited page: correct the sentence, cite a source that backs it, or tag it as failing verification.",
            Self::Orphaned => "Cite the note where its claim is made, or remove it.",
            Self::RedLink => "Correct the link to the article's right title, link to an article that exists, or write the missing article; an article that is meant to come later may stay red.",
        }
    }

    /// The problem as a noun, for one of them: "dead link", "unsupported
    /// claim". Reports put it after a count of one.
    #[must_use]
    pub fn noun(self) -> &'static str {
        self.nouns().0
    }

    /// The noun for several of them: "dead links", "links with a server
    /// error". Written out for each kind, never the singular with an "s"
    /// added, so no report says "unsupporteds".
    #[must_use]
    pub fn plural(self) -> &'static str {
        self.nouns().1
    }

    /// The noun that fits a count: [`Problem::noun`] for one,
    /// [`Problem::plural`] for any other number.
    #[must_use]
    pub fn noun_for(self, count: usize) -> &'static str {
        if count == 1 {
            self.noun()
        } else {
            self.plural()
        }
    }

    /// (singular, plural).
    fn nouns(self) -> (&'static str, &'static str) {
        match self {
            Self::Link(LinkStatus::Dead) => ("dead link", "dead links"),
            Self::Link(LinkStatus::Soft404) => ("soft-404 link", "soft-404 links"),
            Self::Link(LinkStatus::MissingFile) => ("missing file", "missing files"),
            Self::Link(LinkStatus::Redirected) => ("redirected link", "redirected links"),
            Self::Link(LinkStatus::Blocked) => ("blocked link", "blocked links"),
            Self::Link(LinkStatus::ServerError) => {
                ("link with a server error", "links with a server error")
            }
            Self::Link(LinkStatus::Timeout) => ("timed-out link", "timed-out links"),
            Self::Link(LinkStatus::Unreachable) => ("unreachable link", "unreachable links"),
            Self::Link(LinkStatus::Invalid) => ("invalid link", "invalid links"),
            Self::Link(LinkStatus::Excluded) => ("excluded link", "excluded links"),
            Self::Link(LinkStatus::Unchecked) => ("unchecked link", "unchecked links"),
            Self::Link(LinkStatus::Ok) => ("working link", "working links"),
            Self::InvalidIsbn => ("invalid ISBN", "invalid ISBNs"),
            Self::InvalidDoi => ("invalid DOI", "invalid DOIs"),
            Self::EmptyNote => ("empty note", "empty notes"),
            Self::Dangling => ("dangling marker", "dangling markers"),
            Self::UncitedParagraph => ("uncited paragraph", "uncited paragraphs"),
            Self::Unsupported => ("unsupported claim", "unsupported claims"),
            Self::Orphaned => ("orphaned note", "orphaned notes"),
            Self::RedLink => ("red link", "red links"),
        }
    }

    /// What several of them are, said after their number: "3 *links are
    /// dead: the page is gone*". The "what to fix" list of the HTML report
    /// says it of a group of one kind.
    #[must_use]
    pub fn sentence(self) -> &'static str {
        match self {
            Self::Link(LinkStatus::Dead) => "links are dead: the page is gone",
            Self::Link(LinkStatus::Soft404) => "links lead to a page that says it was not found",
            Self::Link(LinkStatus::MissingFile) => {
                "relative links point at files that do not exist"
            }
            Self::Link(LinkStatus::Redirected) => "links are redirected: update the citations",
            Self::Link(LinkStatus::Blocked) => "links are on sites that refuse automated checks",
            Self::Link(LinkStatus::ServerError) => "links answered with a server error",
            Self::Link(LinkStatus::Timeout) => "links gave no answer in time",
            Self::Link(LinkStatus::Unreachable) => "links lead to sites that cannot be reached",
            Self::Link(LinkStatus::Invalid) => "links are not well-formed addresses",
            Self::Link(LinkStatus::Excluded) => "links were left out of the check",
            Self::Link(LinkStatus::Unchecked) => "links were not checked",
            Self::Link(LinkStatus::Ok) => "links work",
            Self::InvalidIsbn => "ISBNs are invalid",
            Self::InvalidDoi => "DOIs are invalid",
            Self::EmptyNote => "notes are empty: they cite nothing",
            Self::Dangling => "markers point at no note",
            Self::UncitedParagraph => "paragraphs have no citation at all",
            Self::Unsupported => "cited pages may not back their sentences",
            Self::Orphaned => "notes are never cited in the text",
            Self::RedLink => "links lead to articles that do not exist (red links)",
        }
    }

    /// Where the problem stands in reports: links by urgency, then the rest.
    fn rank(self) -> (u8, usize) {
        match self {
            Self::Link(status) => (0, status.urgency()),
            Self::InvalidIsbn => (1, 0),
            Self::InvalidDoi => (1, 1),
            Self::Dangling => (1, 2),
            Self::Unsupported => (1, 3),
            Self::EmptyNote => (1, 4),
            Self::UncitedParagraph => (1, 5),
            Self::Orphaned => (1, 6),
            Self::RedLink => (1, 7),
        }
    }
}

impl Ord for Problem {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.rank().cmp(&other.rank())
    }
}

impl PartialOrd for Problem {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Problem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_names_read_back() {
        for name in Problem::names() {
            assert_eq!(Problem::parse(name).map(Problem::as_str), Some(name));
        }
        assert_eq!(Problem::parse("ok"), None);
        assert_eq!(Problem::parse("deadish"), None);
    }

    /// Every problem a report can hold, link statuses that are no problem
    /// included (the enum can hold them).
    fn every_problem() -> Vec<Problem> {
        // A new kind fails to compile here until it is listed below.
        let listed = |p: Problem| match p {
            Problem::Link(_)
            | Problem::InvalidIsbn
            | Problem::InvalidDoi
            | Problem::EmptyNote
            | Problem::Dangling
            | Problem::UncitedParagraph
            | Problem::Unsupported
            | Problem::Orphaned
            | Problem::RedLink => p,
        };
        LinkStatus::ALL
            .into_iter()
            .map(Problem::Link)
            .chain([
                Problem::InvalidIsbn,
                Problem::InvalidDoi,
                Problem::EmptyNote,
                Problem::Dangling,
                Problem::UncitedParagraph,
                Problem::Unsupported,
                Problem::Orphaned,
                Problem::RedLink,
            ])
            .map(listed)
            .collect()
    }

    #[test]
    fn every_problem_s_plural_is_its_noun_phrase_with_the_head_noun_in_the_plural() {
        // The nouns problems are named by, and their plurals: a plural is
        // the singular with exactly one of these nouns made plural, so an
        // adjective with an "s" ("unsupporteds") cannot pass.
        const NOUNS: [(&str, &str); 8] = [
            ("link", "links"),
            ("file", "files"),
            ("ISBN", "ISBNs"),
            ("DOI", "DOIs"),
            ("marker", "markers"),
            ("paragraph", "paragraphs"),
            ("claim", "claims"),
            ("note", "notes"),
        ];
        for problem in every_problem() {
            let (one, many) = (problem.noun(), problem.plural());
            let one_words: Vec<&str> = one.split(' ').collect();
            let many_words: Vec<&str> = many.split(' ').collect();
            assert_eq!(
                one_words.len(),
                many_words.len(),
                "{problem}: {one} / {many}"
            );
            let changed: Vec<(&str, &str)> = one_words
                .iter()
                .zip(&many_words)
                .filter(|(a, b)| a != b)
                .map(|(a, b)| (*a, *b))
                .collect();
            assert!(
                matches!(changed.as_slice(), [pair] if NOUNS.contains(pair)),
                "{problem}: \"{many}\" is not \"{one}\" with its noun in the plural"
            );
            assert_eq!(problem.noun_for(1), one);
            assert_eq!(problem.noun_for(0), many);
            assert_eq!(problem.noun_for(2), many);
            assert!(!problem.sentence().is_empty(), "{problem} has a sentence");
        }
        assert_eq!(Problem::Unsupported.plural(), "unsupported claims");
        assert_eq!(
            Problem::Link(LinkStatus::ServerError).plural(),
            "links with a server error"
        );
    }
}
