//! Support of one sentence by one page: the sentence's checkable facts
//! looked up in the page's index, the best passage as evidence, and the
//! verdict ([`Support`]) with its reasons.

use serde::{Deserialize, Serialize};

use super::facts::{self, Fact, PageFacts};
use super::passages::Passages;
use super::takeover::Takeover;
use super::terms::{fold, term_ids};

/// Below this share of the sentence's terms on the page, the page is about
/// something else.
const UNRELATED_BELOW: f64 = 0.2;

/// Below this share, a page that also lacks most of the sentence's facts is
/// about something else.
const OFF_TOPIC_BELOW: f64 = 0.35;

/// How far a cited page backs a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Support {
    /// The page is about something else: another subject, a parked domain,
    /// a spam takeover.
    Unrelated,
    /// The page is on topic but lacks a number, date or name of the
    /// sentence.
    Unsupported,
    /// Some names are missing; most facts are there.
    Partial,
    /// Every checkable fact of the sentence is on the page.
    Supported,
    /// Not judged: the page was not read, or the sentence has nothing to
    /// check.
    Unknown,
}

impl Support {
    /// The name reports use.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Supported => "supported",
            Self::Partial => "partial",
            Self::Unsupported => "unsupported",
            Self::Unrelated => "unrelated",
            Self::Unknown => "unknown",
        }
    }

    /// Whether an editor should look at the citation: the page does not
    /// back the sentence.
    #[must_use]
    pub fn is_flag(self) -> bool {
        matches!(self, Self::Unsupported | Self::Unrelated)
    }
}

/// A cited sentence and what its sources say of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// 1-based line where the sentence starts.
    pub line: u32,
    /// The sentence, markers removed.
    pub text: String,
    /// The notes that cite it.
    pub notes: Vec<String>,
    /// One per distinct web link in those notes.
    pub sources: Vec<ClaimSource>,
}

impl Claim {
    /// The verdict of the claim as a whole: its best-backed source (a
    /// sentence backed by one of its sources is backed), `unknown` with no
    /// judged source.
    #[must_use]
    pub fn support(&self) -> Support {
        self.sources
            .iter()
            .map(|s| s.support)
            .filter(|s| *s != Support::Unknown)
            .max()
            .unwrap_or(Support::Unknown)
    }
}

/// One source of a claim: a web link of a note that cites the sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimSource {
    /// The link as written.
    pub url: String,
    /// How far the page backs the sentence.
    pub support: Support,
    /// The sentence's facts the page states, as the sentence writes them.
    pub found: Vec<String>,
    /// The sentence's facts the page does not state.
    pub missing: Vec<String>,
    /// The page passage that best matches the sentence, at most
    /// [`EVIDENCE_CHARS`](super::EVIDENCE_CHARS) characters; null when the page was not read or
    /// nothing matches.
    pub evidence: Option<String>,
    /// Why this verdict, in one sentence.
    pub detail: String,
}

/// A page read for the claims: its facts, its passages and what it sells
/// when it is a spam takeover.
#[derive(Debug)]
pub struct PageIndex {
    facts: PageFacts,
    passages: Passages,
    takeover: Option<Takeover>,
}

impl PageIndex {
    /// Indexes a page's main text, with its title and summary when known.
    #[must_use]
    pub fn new(text: &str, title: Option<&str>, description: Option<&str>) -> Self {
        let head = fold(&format!(
            "{} {}",
            title.unwrap_or_default(),
            description.unwrap_or_default()
        ));
        // The text is folded once, a sentence at a time, for the passages
        // and the facts alike.
        let (mut passages, folded) = Passages::of(text);
        passages.head.extend(term_ids(&head));
        Self {
            takeover: super::takeover::takeover(&head, &folded),
            facts: PageFacts::of_folded(folded),
            passages,
        }
    }

    /// Roughly how much memory the index holds, in bytes.
    #[must_use]
    pub fn approx_bytes(&self) -> usize {
        self.passages.approx_bytes() + self.facts.approx_bytes()
    }

    /// What the page sells, when it looks like a casino, pharmacy or adult
    /// takeover, unless `context` (the citing sentences and the cited
    /// title) is about that very topic.
    #[must_use]
    pub fn takeover_unless_about(&self, context: &[&str]) -> Option<&'static str> {
        let topic = self.takeover?;
        let about = context.iter().any(|c| topic.mentioned_in(&fold(c)));
        (!about).then(|| topic.describe())
    }
}

/// Why a source could not be judged, when its page was not read.
#[must_use]
pub fn unknown(url: &str, why: &str) -> ClaimSource {
    ClaimSource {
        url: url.to_owned(),
        support: Support::Unknown,
        found: Vec::new(),
        missing: Vec::new(),
        evidence: None,
        detail: why.to_owned(),
    }
}

/// Judges how far `page` backs `sentence`; `usurped` names what the domain
/// shows now when it was taken over (then the page is unrelated whatever it
/// says).
#[must_use]
pub fn judge_source(
    url: &str,
    sentence: &str,
    page: &PageIndex,
    usurped: Option<&str>,
) -> ClaimSource {
    let facts = facts::facts(sentence);
    let (found, missing): (Vec<&Fact>, Vec<&Fact>) =
        facts.iter().partition(|f| page.facts.states(f));
    let query = term_ids(&fold(sentence));
    let evidence = page.passages.best(&query);
    let on_page = query.iter().filter(|t| page.passages.has(**t)).count();
    let share = if query.is_empty() {
        0.0
    } else {
        on_page as f64 / query.len() as f64
    };
    let names = |list: &[&Fact]| list.iter().map(|f| f.text.clone()).collect::<Vec<_>>();
    let listed = |list: &[&Fact]| {
        list.iter()
            .map(|f| format!("\"{}\"", f.text))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (support, detail) = if let Some(now) = usurped {
        (
            Support::Unrelated,
            format!("the domain no longer holds the source: it is {now}"),
        )
    } else if share < UNRELATED_BELOW
        || (share < OFF_TOPIC_BELOW && found.len() * 2 < facts.len().max(1))
    {
        (
            Support::Unrelated,
            format!(
                "the page is about something else: it has {}% of the sentence's words",
                (share * 100.0).round()
            ),
        )
    } else if facts.is_empty() {
        (
            Support::Unknown,
            "the sentence has no number, date or name to check".to_owned(),
        )
    } else if missing.is_empty() {
        (
            Support::Supported,
            format!("the page gives {}", listed(&found)),
        )
    } else if missing.iter().all(|f| !f.strong) && found.len() >= 2 * missing.len() {
        (
            Support::Partial,
            format!(
                "the page gives {} but not {}",
                listed(&found),
                listed(&missing)
            ),
        )
    } else {
        (
            Support::Unsupported,
            format!("the page does not give {}", listed(&missing)),
        )
    };
    ClaimSource {
        url: url.to_owned(),
        support,
        found: names(&found),
        missing: names(&missing),
        evidence,
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "Molotov in Berlin\n\
        Soviet foreign minister Vyacheslav Molotov arrived in Berlin on 12 November 1940 for talks \
        with Joachim von Ribbentrop and Adolf Hitler about joining the Axis.\n\
        The talks lasted two days. Germany proposed dividing the British Empire.\n\
        About 1,500,000 tonnes of grain were promised under the trade agreement.";

    fn support(sentence: &str) -> Support {
        judge_source(
            "https://x.example/",
            sentence,
            &PageIndex::new(PAGE, None, None),
            None,
        )
        .support
    }

    #[test]
    fn the_same_facts_in_other_words_are_supported() {
        assert_eq!(
            support("On 12 November 1940 Molotov came to Berlin to negotiate with Ribbentrop."),
            Support::Supported
        );
        assert_eq!(
            support("Germany promised 1.5 million tonnes of grain in the trade agreement."),
            Support::Supported
        );
    }

    #[test]
    fn a_changed_number_date_or_name_is_unsupported() {
        assert_eq!(
            support("Germany promised 2.5 million tonnes of grain in the trade agreement."),
            Support::Unsupported
        );
        assert_eq!(
            support("Molotov arrived in Berlin on 14 November 1940 for talks."),
            Support::Unsupported
        );
        assert_eq!(
            support("Soviet foreign minister Maxim Litvinov arrived for talks about the Axis."),
            Support::Unsupported
        );
    }

    #[test]
    fn another_subject_is_unrelated_and_no_fact_is_unknown() {
        assert_eq!(
            support("The volcano erupted in 1815, killing 71,000 people on Sumbawa."),
            Support::Unrelated
        );
        assert_eq!(
            support("The talks were about joining the axis."),
            Support::Unknown
        );
    }

    #[test]
    fn a_takeover_is_unrelated_unless_the_citation_is_about_its_topic() {
        let casino = "Best online casino. Play slots and roulette, get free spins. Casino bonus. \
                      Poker and blackjack tables. Bet now on the jackpot.";
        let page = PageIndex::new(casino, Some("Online Casino – Slots"), None);
        assert_eq!(
            page.takeover_unless_about(&["Molotov arrived in Berlin."]),
            Some("an online casino or betting site")
        );
        assert_eq!(
            page.takeover_unless_about(&["Macau's casino revenue fell in 2020."]),
            None
        );
    }
}
