//! The checkable facts of a sentence, and whether a page states them.
//!
//! A fact is what a reader could look up on the cited page and find right
//! or wrong: a number with its magnitude (`1.5 million`, `150萬`,
//! `1,500,000`, `一百五十萬`), a date in any common form (`27 September
//! 1940`, `September 27, 1940`, `1940-09-27`, `1940年9月27日`, a year), a
//! proper name (capitalised words; in Chinese, transliterated foreign names
//! and Latin words) or a quoted title (`"…"`, `《…》`, `「…」`).
//!
//! Numbers match at the precision they are written with: a sentence's
//! "about 3.2 million" is the page's 3,187,000, and "1.5 million" is
//! 1,500,000, but "2.5 million" is not. A date matches a page date at least
//! as precise: the sentence's "September 1940" is on a page that says "27
//! September 1940", not the other way round.

mod figures;
mod names;
mod numerals;

use self::figures::{prepare, prepared, scan, Date, Hedge};
use self::names::{named_by_suffix, names};
use super::terms::{fold, unspaced};

/// What kind of fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A quantity.
    Number,
    /// A day, a month or a year.
    Date,
    /// A proper name or a quoted title.
    Name,
}

/// One checkable fact of a sentence.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fact {
    /// What kind.
    pub(crate) kind: Kind,
    /// As the sentence writes it.
    pub(crate) text: String,
    /// Whether a page that lacks it cannot be backing the sentence: every
    /// number and date, a full name, a title, a transliterated name. A
    /// single capitalised word ("Soviet") may be written another way.
    pub(crate) strong: bool,
    value: Value,
}

#[derive(Debug, Clone, PartialEq)]
enum Value {
    /// The value, the unit of its last written digit, and how the
    /// sentence hedges it.
    Number {
        value: f64,
        precision: f64,
        hedge: Hedge,
    },
    Date(Date),
    /// Folded; for a name of several words, its last word too.
    Name {
        whole: String,
        last: Option<String>,
    },
    /// A Chinese name found by its ending (`…研究院`): what comes before it,
    /// and the ending, folded.
    Named {
        prefix: String,
        suffix: &'static str,
    },
}

/// What a page states, for looking facts up.
#[derive(Debug, Default)]
pub(crate) struct PageFacts {
    numbers: Vec<(f64, f64)>,
    dates: Vec<Date>,
    /// The folded text, for names.
    folded: String,
}

impl PageFacts {
    /// The facts of a page's (main) text.
    #[cfg(test)]
    pub(crate) fn of(text: &str) -> Self {
        Self::of_folded(fold(text))
    }

    /// The facts of a page's text already folded ([`fold`]).
    pub(crate) fn of_folded(folded: String) -> Self {
        let folded = prepared(folded);
        let mut facts = Self::default();
        for (_, value) in scan(&folded, false) {
            match value {
                Value::Number {
                    value, precision, ..
                } => facts.numbers.push((value, precision)),
                Value::Date(date) => {
                    if let (Some(year), None, None) = (date.year, date.month, date.day) {
                        facts.numbers.push((f64::from(year), 1.0));
                    }
                    facts.dates.push(date);
                }
                Value::Name { .. } | Value::Named { .. } => {}
            }
        }
        facts.folded = folded;
        facts.folded.shrink_to_fit();
        facts.numbers.shrink_to_fit();
        facts.dates.shrink_to_fit();
        facts
    }

    /// Roughly how much memory the facts hold, in bytes: what is
    /// allocated, not what is used.
    pub(crate) fn approx_bytes(&self) -> usize {
        self.folded.capacity()
            + self.numbers.capacity() * std::mem::size_of::<(f64, f64)>()
            + self.dates.capacity() * std::mem::size_of::<Date>()
    }

    /// Whether the page states `fact`.
    pub(crate) fn states(&self, fact: &Fact) -> bool {
        match &fact.value {
            Value::Number {
                value,
                precision,
                hedge,
            } => self
                .numbers
                .iter()
                .any(|&(v, p)| hedge.admits(*value, *precision, v, p)),
            Value::Date(date) => {
                let year_as_number = date.month.is_none() && date.day.is_none();
                let has_year = |y: i32| {
                    self.numbers
                        .iter()
                        .any(|&(v, _)| (v - f64::from(y)).abs() < 0.5)
                        || self.dates.iter().any(|d| d.year == Some(y))
                };
                self.dates.iter().any(|d| date.within(d))
                    || (year_as_number && date.year.is_some_and(has_year))
                    // A news page writes "on 19 March" under a dateline
                    // that gives the year: the day and month (or the month
                    // of a day), with the year elsewhere on the page.
                    || (date.month.is_some()
                        && date.year.is_some_and(has_year)
                        && self.dates.iter().any(|d| {
                            d.year.is_none()
                                && d.month == date.month
                                && (date.day.is_none() || d.day == date.day)
                        }))
            }
            Value::Name { whole, last } => {
                contains_word(&self.folded, whole)
                    || last
                        .as_ref()
                        .is_some_and(|l| contains_word(&self.folded, l))
            }
            Value::Named { prefix, suffix } => {
                // The page names it if, before the same ending, it has the
                // same last characters: all of them, or four (two). A sentence
                // reads back past the name into the words before it
                // (`目前共有六家…公司`); the page's own name still ends the same.
                let wanted: Vec<char> = prefix.chars().rev().collect();
                // A one-character ending (`宫`) names less: two before it
                // tell `永和宫` from `景仁宫`.
                let needed = wanted
                    .len()
                    .min(if suffix.chars().count() == 1 { 2 } else { 4 });
                self.folded.match_indices(suffix).any(|(at, _)| {
                    let shared = self.folded[..at]
                        .chars()
                        .rev()
                        .zip(&wanted)
                        .take_while(|(a, b)| a == *b)
                        .count();
                    shared >= needed
                })
            }
        }
    }
}

/// Whether `needle` starts a word of `haystack` (both folded): "soviet"
/// is in "the soviets", "berlin" is not in "berlinale"'s middle. CJK needles
/// match anywhere.
fn contains_word(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let cjk = needle.chars().next().is_some_and(unspaced);
    haystack.match_indices(needle).any(|(at, _)| {
        cjk || haystack[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// The checkable facts of a sentence, in order.
pub(crate) fn facts(sentence: &str) -> Vec<Fact> {
    let folded = prepare(sentence);
    let mut found: Vec<(usize, Fact)> = Vec::new();
    for (range, value) in scan(&folded, true) {
        let kind = match value {
            Value::Number { .. } => Kind::Number,
            Value::Date(_) => Kind::Date,
            Value::Name { .. } | Value::Named { .. } => Kind::Name,
        };
        found.push((
            range.start,
            Fact {
                kind,
                text: folded[range].trim().to_owned(),
                strong: true,
                value,
            },
        ));
    }
    let (names, quoted) = names(sentence);
    for name in names {
        let whole = fold(&name);
        if found.iter().any(|(_, f)| {
            f.kind == Kind::Name && matches!(&f.value, Value::Name { whole: w, .. } if *w == whole)
        }) {
            continue;
        }
        // `Joachim von Ribbentrop`, `维亚切斯拉夫·莫洛托夫`: a page may give
        // the surname alone.
        let words: Vec<&str> = whole
            .split(|c: char| c.is_whitespace() || c == '·')
            .filter(|w| !w.is_empty())
            .collect();
        let last = (words.len() > 1)
            .then(|| words.last().copied())
            .flatten()
            .filter(|l| l.chars().count() >= 3 || l.chars().any(unspaced) && l.chars().count() >= 2)
            .map(str::to_owned);
        let at = folded.find(&whole).unwrap_or(usize::MAX);
        let strong = words.len() > 1 || whole.chars().any(unspaced) || quoted.contains(&name);
        found.push((
            at,
            Fact {
                kind: Kind::Name,
                text: name,
                strong,
                value: Value::Name { whole, last },
            },
        ));
    }
    let simplified = fold(sentence);
    for (prefix, suffix) in named_by_suffix(&simplified) {
        let name = format!("{prefix}{suffix}");
        found.push((
            folded.find(&name).unwrap_or(usize::MAX),
            Fact {
                kind: Kind::Name,
                text: name,
                strong: true,
                value: Value::Named { prefix, suffix },
            },
        ));
    }
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, f)| f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sentence: &str) -> Vec<(Kind, String)> {
        facts(sentence)
            .into_iter()
            .map(|f| (f.kind, f.text))
            .collect()
    }

    fn on(page: &str, sentence: &str) -> Vec<bool> {
        let page = PageFacts::of(page);
        facts(sentence).iter().map(|f| page.states(f)).collect()
    }

    #[test]
    fn numbers_dates_and_names_are_found_in_english() {
        assert_eq!(
            texts("On 12 November 1940 Vyacheslav Molotov arrived in Berlin with 1.5 million roubles."),
            [
                (Kind::Date, "12 november 1940".to_owned()),
                (Kind::Name, "Vyacheslav Molotov".to_owned()),
                (Kind::Name, "Berlin".to_owned()),
                (Kind::Number, "1.5 million".to_owned()),
            ]
        );
    }

    #[test]
    fn numbers_match_at_their_written_precision() {
        let page = "The city had 1,500,000 people in 1990 and 3,187,000 in 2020.";
        assert_eq!(on(page, "It had 1.5 million people."), [true]);
        assert_eq!(on(page, "It had about 3.2 million people."), [true]);
        assert_eq!(on(page, "It had 2.5 million people."), [false]);
        assert_eq!(on(page, "It had 1,600,000 people."), [false]);
        assert_eq!(on(page, "该市有150萬人。"), [true]);
        assert_eq!(on(page, "该市有一百五十万人。"), [true]);
        assert_eq!(on(page, "该市有250万人。"), [false]);
    }

    #[test]
    fn dates_match_in_any_form_at_least_as_precise() {
        let page = "The pact was signed on September 27, 1940, in Berlin.";
        assert_eq!(on(page, "It was signed on 27 September 1940."), [true]);
        assert_eq!(on(page, "条约于1940年9月27日签订。"), [true]);
        assert_eq!(on(page, "It was signed in September 1940."), [true]);
        assert_eq!(on(page, "It was signed in 1940."), [true]);
        assert_eq!(on(page, "It was signed on 28 September 1940."), [false]);
        assert_eq!(on(page, "It was signed in 1941."), [false]);
        assert_eq!(on("签订于1940-09-27。", "条约於一九四〇年簽訂。"), [true]);
    }

    #[test]
    fn names_match_by_the_whole_or_the_last_word_in_either_script() {
        let page = "Joachim von Ribbentrop met the Soviets. 莫洛托夫抵達柏林。";
        assert_eq!(on(page, "Ribbentrop met the delegation."), [true]);
        assert_eq!(on(page, "Joachim Ribbentrop met them."), [true]);
        assert_eq!(on(page, "Hermann Göring met them."), [false]);
        assert_eq!(
            on(page, "维亚切斯拉夫·莫洛托夫抵达。"),
            [true],
            "the surname is enough"
        );
        assert_eq!(on(page, "嫦娥六号着陆在冯·卡门撞击坑。"), [false, false]);
        assert_eq!(on(page, "李维诺夫抵达。"), [false]);
    }

    #[test]
    fn chinese_names_are_found_by_their_ending() {
        let page = "翠玉白菜原本陳設於紫禁城的永和宮。中央研究院與工研院合作。";
        assert_eq!(on(page, "翠玉白菜原陈设在紫禁城永和宫。"), [true]);
        assert_eq!(on(page, "翠玉白菜原陈设于紫禁城的景仁宫。"), [false]);
        assert_eq!(on(page, "研究是与中央研究院合作完成的。"), [true]);
        assert_eq!(on(page, "研究是与工业技术研究院合作完成的。"), [false]);
    }

    #[test]
    fn hedged_numbers_match_within_their_hedge() {
        let page = "Turnout was 71.86%, against 74.9% in 2020. 6,214 people gave. 得票率40.05%。";
        assert_eq!(on(page, "The turnout was under 72%."), [true]);
        assert_eq!(on(page, "It had more than 6,000 donors."), [true]);
        assert_eq!(on(page, "It had more than 7,000 donors."), [false]);
        assert_eq!(on(page, "赖清德以约四成的得票率当选。"), [true]);
        assert_eq!(on(page, "投票率不到70%。"), [false]);
    }

    #[test]
    fn a_day_without_its_year_counts_when_the_page_gives_the_year() {
        let page = "Published 20 March 2021. The eruption began on Friday, 19 March.";
        assert_eq!(on(page, "It began on 19 March 2021."), [true]);
        assert_eq!(on(page, "It began on 19 March 2022."), [false]);
        assert_eq!(
            on("民國113年1月13日投票。", "2024年1月13日举行选举。"),
            [true]
        );
    }

    #[test]
    fn a_whole_number_is_the_pages_decimal_figure_rounded() {
        let page = "She won 54.3% of the vote on a turnout of 31.8%. It took 8.5 days.";
        assert_eq!(on(page, "It won 54 per cent of the vote."), [true]);
        assert_eq!(on(page, "The turnout was 32%."), [true]);
        assert_eq!(on(page, "It won 55 per cent of the vote."), [false]);
        assert_eq!(on(page, "The turnout was 31%."), [false]);
        assert_eq!(on(page, "It took 8 days."), [false], "8.5 rounds to 9");
    }

    #[test]
    fn a_pages_all_digit_dates_read_day_and_month_either_way() {
        let page = "Issued 04/09/2024. Lifted 09/09/2024. Reviewed 25.12.2024.";
        assert_eq!(on(page, "It was lifted on 9 September 2024."), [true]);
        assert_eq!(on(page, "It was issued on 4 September 2024."), [true]);
        assert_eq!(on(page, "It was issued on April 9, 2024."), [true]);
        assert_eq!(on(page, "It was reviewed on 25 December 2024."), [true]);
        assert_eq!(on(page, "It was lifted on 10 September 2024."), [false]);
        assert_eq!(on(page, "It was reviewed on 12 December 2024."), [false]);
    }

    #[test]
    fn chinese_decimals_and_a_month_under_the_pages_year() {
        let page = "2024年城镇化率为72.3%。12月单月销量为51.5万辆。";
        assert_eq!(on(page, "城镇化率达到百分之七十二点三。"), [true]);
        assert_eq!(on(page, "城镇化率达到百分之七十二点八。"), [false]);
        assert_eq!(on(page, "12月销量为五十一点五万辆。"), [true, true]);
        assert_eq!(on(page, "2024年12月销量创新高。"), [true]);
        assert_eq!(on(page, "2024年11月销量创新高。"), [false]);
    }

    #[test]
    fn ordinary_capitals_and_han_words_are_not_names_or_numbers() {
        assert!(texts("However, the talks failed.").is_empty());
        assert!(texts("两国统一了意见，万一失败也无妨。").is_empty());
    }
}
