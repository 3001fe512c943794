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

use std::sync::LazyLock;

use regex::Regex;

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

/// How a sentence qualifies a number: "about 40%", "more than 6,000",
/// "nearly 5 km²", `约`, `超过`, `不到`, `6000多`. "About" widens the
/// match to twice the number's rounding (or 2%); "more than" admits a page
/// figure up to half again as large, "nearly" one up to a third smaller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hedge {
    /// As written.
    Exact,
    /// Within twice its rounding, or 2%, either way.
    About,
    /// The true value is higher, by up to a half.
    AtLeast,
    /// The true value is lower, by up to a third.
    AtMost,
}

impl Hedge {
    /// Whether `page` (written to `page_precision`) is the number a sentence
    /// writes as `value` (to `precision`) with this hedge.
    fn admits(self, value: f64, precision: f64, page: f64, page_precision: f64) -> bool {
        let rounding = precision.max(page_precision) / 2.0 * 1.000_001;
        let near = (page - value).abs() <= rounding;
        match self {
            Self::Exact => near,
            // Twice the rounding, or a fiftieth: `约480万` is not 467万.
            Self::About => {
                near || (page - value).abs()
                    <= precision.max(page_precision).max(value.abs() * 0.02)
            }
            Self::AtLeast => near || (page >= value && page <= value * 1.5),
            Self::AtMost => near || (page <= value && page >= value / 1.5),
        }
    }

    /// The hedge written just before a number at `start` of `text`, or
    /// just after it ends at `end` (`6000多人`, `四成以上`).
    fn around(text: &str, start: usize, end: usize) -> Self {
        const ABOUT: &[&str] = &[
            "about",
            "around",
            "approximately",
            "roughly",
            "some",
            "circa",
            "c.",
            "an estimated",
            "estimated",
            "约",
            "大约",
            "大概",
            "左右",
            "上下",
        ];
        const AT_LEAST: &[&str] = &[
            "more than",
            "over",
            "at least",
            "in excess of",
            "upwards of",
            "超过",
            "逾",
            "多于",
            "至少",
            "以上",
            "多",
            "余",
        ];
        const AT_MOST: &[&str] = &[
            "nearly",
            "almost",
            "less than",
            "under",
            "up to",
            "fewer than",
            "just under",
            "不到",
            "近",
            "将近",
            "接近",
            "少于",
            "不足",
            "以下",
        ];
        let before = text[..start].trim_end();
        let before = before
            .strip_suffix(['£', '$', '€', '¥'])
            .unwrap_or(before)
            .trim_end();
        let ends_with_word = |w: &&str| {
            before.ends_with(*w)
                && before[..before.len() - w.len()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_ascii_alphanumeric())
        };
        let after = text[end..].trim_start();
        // Chinese hedges that follow: `6000多人`, `四成以上`, `50人左右`.
        let after_word = |w: &&str| after.starts_with(*w) && w.chars().all(super::terms::unspaced);
        if ABOUT.iter().any(ends_with_word) || ABOUT.iter().any(after_word) {
            Self::About
        } else if AT_LEAST.iter().any(ends_with_word) || AT_LEAST.iter().any(after_word) {
            Self::AtLeast
        } else if AT_MOST.iter().any(ends_with_word) || AT_MOST.iter().any(after_word) {
            Self::AtMost
        } else {
            Self::Exact
        }
    }
}

/// A date as precise as it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Date {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
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
        Self::of_folded(super::terms::fold(text))
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
        facts
    }

    /// Roughly how much memory the facts hold, in bytes.
    pub(crate) fn approx_bytes(&self) -> usize {
        self.folded.len() + self.numbers.len() * 16 + self.dates.len() * 16
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

impl Date {
    /// Whether `self` says nothing `page` contradicts or lacks.
    fn within(self, page: &Date) -> bool {
        let same = |a: Option<u32>, b: Option<u32>| a.is_none() || a == b;
        (self.year.is_none() || self.year == page.year)
            && same(self.month, page.month)
            && same(self.day, page.day)
            && (self.year.is_some() || self.month.is_some())
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

const MONTHS: &str = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";

fn month_number(name: &str) -> Option<u32> {
    let name = name.trim_end_matches('.');
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| name.starts_with(m))
        .map(|i| i as u32 + 1)
}

/// A pattern with ASCII digits, spaces and word edges: the text is folded,
/// and Unicode word boundaries would keep the regex engine off its fast path.
fn ascii_classes(pattern: &str) -> String {
    pattern
        .replace(r"\b", r"(?-u:\b)")
        .replace(r"\d", "[0-9]")
        .replace(r"\s", r"[ \t\n]")
}

/// Spans of text already read as a fact.
type Taken = Vec<std::ops::Range<usize>>;

fn is_free(taken: &Taken, range: &std::ops::Range<usize>) -> bool {
    !taken
        .iter()
        .any(|t| t.start < range.end && range.start < t.end)
}

/// Dates, then numbers, in folded text, each with where it is; a number
/// inside a date is the date's.
/// With `hedged`, how a sentence qualifies each number is read too; a
/// page's numbers are taken as written.
fn scan(text: &str, hedged: bool) -> Vec<(std::ops::Range<usize>, Value)> {
    let mut taken = Taken::new();
    let mut out = Vec::new();
    scan_dates(text, &mut taken, &mut out);
    scan_numbers(text, hedged, &mut taken, &mut out);
    scan_han_numbers(text, hedged, &taken, &mut out);
    out
}

fn scan_dates(text: &str, taken: &mut Taken, out: &mut Vec<(std::ops::Range<usize>, Value)>) {
    static DATES: LazyLock<Vec<(Regex, bool)>> = LazyLock::new(|| {
        let d = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?";
        let m = format!(r"(?P<m>{MONTHS})\.?");
        let y = r"(?P<y>\d{4})";
        // `true`: a day and month with no year, which needs a month.
        [
            (format!(r"\b{d}\s+(?:of\s+)?{m},?\s+{y}\b"), false),
            (format!(r"\b{m}\s+{d},?\s+{y}\b"), false),
            (format!(r"\b{m},?\s+{y}\b"), false),
            (format!(r"\b{d}\s+{m}\b"), true),
            (format!(r"\b{m}\s+{d}\b"), true),
            (
                r"\b(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\b".to_owned(),
                false,
            ),
            (
                r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?".to_owned(),
                false,
            ),
            (r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月".to_owned(), false),
            (
                r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]".to_owned(),
                true,
            ),
            (r"(?P<y>\d{4})\s*年".to_owned(), false),
        ]
        .into_iter()
        // ASCII classes and word edges: the text is folded, and Unicode
        // word boundaries would keep the regex engine off its fast path.
        .map(|(re, day_month)| {
            (
                Regex::new(&ascii_classes(&re)).expect("a valid date pattern"),
                day_month,
            )
        })
        .collect()
    });
    for (re, day_month) in DATES.iter() {
        for caps in re.captures_iter(text) {
            let range = caps.get(0).expect("the whole match").range();
            if !is_free(taken, &range) {
                continue;
            }
            let number = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
            let month = caps.name("m").and_then(|m| {
                m.as_str()
                    .parse::<u32>()
                    .ok()
                    .or_else(|| month_number(m.as_str()))
            });
            let date = Date {
                year: number("y").and_then(|y| i32::try_from(y).ok()),
                month,
                day: number("d"),
            };
            let valid = date.month.is_none_or(|m| (1..=12).contains(&m))
                && date.day.is_none_or(|d| (1..=31).contains(&d))
                && date.year.is_none_or(|y| (100..=2200).contains(&y));
            if !valid || (*day_month && date.month.is_none()) {
                continue;
            }
            taken.push(range.clone());
            out.push((range, Value::Date(date)));
        }
    }
}

fn scan_numbers(
    text: &str,
    hedged: bool,
    taken: &mut Taken,
    out: &mut Vec<(std::ops::Range<usize>, Value)>,
) {
    static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            &ascii_classes(r"(?P<cur>[£$€¥])?(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s*(?P<mag>thousand|million|billion|trillion|千万|百万|十万|万|亿|千)|(?P<abbr>bn|m|k)\b)?"),
        )
        .expect("a valid number pattern")
    });
    let hedge_of = |range: &std::ops::Range<usize>| {
        if hedged {
            Hedge::around(text, range.start, range.end)
        } else {
            Hedge::Exact
        }
    };
    for caps in NUMBER.captures_iter(text) {
        let range = caps.get(0).expect("the whole match").range();
        // Part of a word (`B-52`, `mp3`) or of a date: not a quantity.
        let glued = text[..range.start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '.' || c == ',');
        if glued || !is_free(taken, &range) {
            continue;
        }
        let digits = &caps["n"];
        let Ok(value) = digits.replace(',', "").parse::<f64>() else {
            continue;
        };
        // `£2.4m`, `$30bn`: abbreviations are magnitudes after a currency
        // sign (`8.5m` alone may be metres), `bn` always.
        let abbreviation = caps
            .name("abbr")
            .map(|a| a.as_str())
            .filter(|a| *a == "bn" || caps.name("cur").is_some());
        let word = caps.name("mag").map(|m| m.as_str()).or(abbreviation);
        taken.push(range.clone());
        let Some(word) = word else {
            let year = !digits.contains([',', '.'])
                && digits.len() == 4
                && (1000.0..=2100.0).contains(&value);
            if year {
                let date = Date {
                    year: digits.parse().ok(),
                    month: None,
                    day: None,
                };
                out.push((range, Value::Date(date)));
            } else {
                let precision = written_precision(digits, true);
                let hedge = hedge_of(&range);
                out.push((
                    range,
                    Value::Number {
                        value,
                        precision,
                        hedge,
                    },
                ));
            }
            continue;
        };
        let times = magnitude(word);
        let precision = written_precision(digits, false) * times;
        let hedge = hedge_of(&range);
        out.push((
            range,
            Value::Number {
                value: value * times,
                precision,
                hedge,
            },
        ));
    }
}

fn scan_han_numbers(
    text: &str,
    hedged: bool,
    taken: &Taken,
    out: &mut Vec<(std::ops::Range<usize>, Value)>,
) {
    static HAN_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[零〇一二两三四五六七八九十百千万亿]+").expect("a valid pattern")
    });
    for found in HAN_NUMBER.find_iter(text) {
        let range = found.range();
        // A lone numeral counts before a measure word (`十年`, `六家`):
        // alone it is mostly part of a word (`统一`).
        let counted = found.as_str().chars().count() > 1
            || text[range.end..].starts_with('成')
            || text[range.end..]
                .chars()
                .next()
                .is_some_and(|c| MEASURE_WORDS.contains(c));
        if !counted || !is_free(taken, &range) {
            continue;
        }
        if let Some(mut value) = han_number(found.as_str()) {
            let mut precision = rounding_unit(value);
            let mut hedge = if hedged {
                Hedge::around(text, range.start, range.end)
            } else {
                Hedge::Exact
            };
            // `四成`: four tenths, a share in round figures.
            if text[range.end..].starts_with('成') && value <= 10.0 {
                value *= 10.0;
                precision = 10.0;
                if hedge == Hedge::Exact {
                    hedge = Hedge::About;
                }
            }
            out.push((
                range,
                Value::Number {
                    value,
                    precision,
                    hedge,
                },
            ));
        }
    }
}

/// Text as facts are read from: folded, years in Chinese digits as Arabic.
fn prepare(text: &str) -> String {
    prepared(fold(text))
}

/// [`prepare`] for text already folded.
fn prepared(folded: String) -> String {
    static ROC: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"民国\s*(\d{2,3})\s*年").expect("a valid pattern"));
    if !folded.contains('年') {
        return folded;
    }
    let text = han_years(&folded);
    // Taiwan dates years from 1912: 民國113年 is 2024.
    ROC.replace_all(&text, |caps: &regex::Captures<'_>| {
        let year: i32 = caps[1].parse().unwrap_or(0);
        format!("{}年", year + 1911)
    })
    .into_owned()
}

/// Measure words: a Chinese numeral before one is a count.
const MEASURE_WORDS: &str = "年个月天日人次座名家位条项倍岁届期节层所种批架艘辆台栋颗门场枚轮周";

/// What a magnitude word multiplies by.
fn magnitude(word: &str) -> f64 {
    match word {
        "thousand" | "千" | "k" => 1e3,
        "万" => 1e4,
        "十万" => 1e5,
        "million" | "百万" | "m" => 1e6,
        "千万" => 1e7,
        "亿" => 1e8,
        "billion" | "bn" => 1e9,
        "trillion" => 1e12,
        _ => 1.0,
    }
}

/// The unit of the last digit written: `1.5` is written to 0.1; `1,500,000`
/// to 100,000 (its trailing zeros are rounding), but a number is taken to
/// keep two significant digits at least (`100,000` is not `150,000`). A bare
/// number under 100, or with no trailing zero, is exact (`8` is not `8.5`).
fn written_precision(digits: &str, bare: bool) -> f64 {
    if let Some((_, decimals)) = digits.split_once('.') {
        return 10f64.powi(-i32::try_from(decimals.len()).unwrap_or(9));
    }
    let value = digits.replace(',', "").parse::<f64>().unwrap_or(0.0);
    if bare {
        rounding_unit(value)
    } else if value < 10.0 {
        // `3 million` is three million give or take a twentieth of one:
        // not 3.4 million, not 900,000 for `1 million`.
        0.1
    } else {
        // `150 million`: its trailing zero is rounding.
        rounding_unit(value).max(1.0)
    }
}

/// The unit a whole number looks rounded to: its trailing zeros, keeping
/// two significant digits; 0 (exact) under 100.
fn rounding_unit(value: f64) -> f64 {
    if value < 100.0 {
        return 0.0;
    }
    let two_digits = 10f64.powi(value.log10().floor() as i32 - 1);
    let mut unit = 1.0;
    while unit * 10.0 <= two_digits && value % (unit * 10.0) == 0.0 {
        unit *= 10.0;
    }
    if unit < 10.0 {
        0.0
    } else {
        unit
    }
}

/// Years written in Chinese digits (`一九四〇年`) as Arabic ones.
fn han_years(text: &str) -> String {
    static YEAR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[〇零一二三四五六七八九]{4}年").expect("a valid pattern"));
    YEAR.replace_all(text, |caps: &regex::Captures<'_>| {
        caps[0]
            .chars()
            .map(|c| match c {
                '〇' | '零' => '0',
                '一' => '1',
                '二' => '2',
                '三' => '3',
                '四' => '4',
                '五' => '5',
                '六' => '6',
                '七' => '7',
                '八' => '8',
                '九' => '9',
                other => other,
            })
            .collect::<String>()
    })
    .into_owned()
}

/// A number in Chinese numerals (`一百五十万`, `二十`, `三千五百`); `None`
/// for a run that is not one (no digit, or starting with a magnitude, as
/// in `万一`).
fn han_number(text: &str) -> Option<f64> {
    let first = text.chars().next()?;
    if !text.chars().any(|c| {
        matches!(
            c,
            '一' | '二' | '两' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
        )
    }) {
        // `百万`, `千万`: magnitudes alone, a round figure.
        return match text {
            "十万" => Some(1e5),
            "百万" => Some(1e6),
            "千万" => Some(1e7),
            "亿" | "一亿" => Some(1e8),
            _ => None,
        };
    }
    if matches!(first, '百' | '千' | '万' | '亿' | '零' | '〇') {
        return None;
    }
    let mut total = 0.0;
    let mut section = 0.0;
    let mut current = 0.0;
    for c in text.chars() {
        let value = match c {
            '零' | '〇' => Some(0.0),
            '一' => Some(1.0),
            '二' | '两' => Some(2.0),
            '三' => Some(3.0),
            '四' => Some(4.0),
            '五' => Some(5.0),
            '六' => Some(6.0),
            '七' => Some(7.0),
            '八' => Some(8.0),
            '九' => Some(9.0),
            _ => None,
        };
        if let Some(v) = value {
            current = v;
            continue;
        }
        match c {
            '十' => {
                section += if current == 0.0 { 1.0 } else { current } * 10.0;
                current = 0.0;
            }
            '百' => {
                section += current * 100.0;
                current = 0.0;
            }
            '千' => {
                section += current * 1000.0;
                current = 0.0;
            }
            '万' => {
                total += (section + current) * 1e4;
                section = 0.0;
                current = 0.0;
            }
            '亿' => {
                total = (total + section + current) * 1e8;
                section = 0.0;
                current = 0.0;
            }
            _ => return None,
        }
    }
    Some(total + section + current)
}

/// Words that begin sentences or clauses with a capital without naming
/// anything.
const NOT_NAMES: &[&str] = &[
    "a",
    "an",
    "the",
    "in",
    "on",
    "at",
    "after",
    "before",
    "during",
    "however",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "his",
    "her",
    "their",
    "our",
    "as",
    "by",
    "for",
    "from",
    "when",
    "while",
    "although",
    "since",
    "according",
    "following",
    "despite",
    "between",
    "under",
    "over",
    "with",
    "without",
    "later",
    "soon",
    "also",
    "but",
    "and",
    "or",
    "if",
    "then",
    "there",
    "some",
    "many",
    "most",
    "each",
    "both",
    "all",
    "one",
    "two",
    "three",
    "of",
    "to",
    "following",
    "until",
    "within",
    "among",
    "because",
    "though",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "de",
    "von",
    "van",
    "der",
    "la",
    "le",
];

/// Characters Chinese uses to write foreign names by sound; a run of three
/// or more (with one of the telling ones) is a transliterated name.
const SOUND_CHARS: &str = "阿埃艾爱奥澳巴柏班邦鲍贝比彼毕宾波伯勃博布查达戴丹迪蒂丁杜顿厄恩尔法菲费芬弗福盖甘冈戈格根贡古瓜哈豪赫亨胡霍基吉贾杰卡凯坎康柯科克肯库夸奎拉莱兰朗劳勒雷蕾黎里丽莉琳卢鲁伦罗洛吕玛迈麦曼梅蒙米摩莫默穆纳娜奈尼纽努诺欧帕潘佩彭皮珀普齐奇恰乔切钦琼萨塞桑瑟森沙莎舍施什舒斯索塔泰坦汤特滕提廷图托瓦威韦维温沃乌伍西希锡谢辛雅亚扬耶伊尤约泽扎詹兹佐夫甫茨娃";
const TELLING: &str = "夫斯尔克诺维娃娜莎基茨奇兹甫宾赫瓦伊奥朗蒂洛罗托莫捷";

/// Proper names and quoted titles, as the sentence writes them; and the
/// quoted ones apart.
fn names(sentence: &str) -> (Vec<String>, Vec<String>) {
    static CAPITALISED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"\b\p{Lu}[\p{L}\p{M}'’\-]*(?:\s+(?:(?:of|the|de|von|van|der|da|del|du|la|le|al|bin|y)\s+)*\p{Lu}[\p{L}\p{M}'’\-]*)*",
        )
        .expect("a valid name pattern")
    });
    static QUOTED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"《([^》]{2,60})》|「([^」]{2,60})」|『([^』]{2,60})』|“([^”]{3,80})”|"([^"]{3,80})""#)
            .expect("a valid quote pattern")
    });
    let mut out = Vec::new();
    for caps in QUOTED.captures_iter(sentence) {
        if let Some(inner) = caps.iter().skip(1).flatten().next() {
            out.push(inner.as_str().trim().to_owned());
        }
    }
    let quoted = out.clone();
    for found in CAPITALISED.find_iter(sentence) {
        let mut words: Vec<&str> = found.as_str().split_whitespace().collect();
        while words
            .first()
            .is_some_and(|w| NOT_NAMES.contains(&w.to_lowercase().as_str()))
        {
            words.remove(0);
        }
        while words
            .last()
            .is_some_and(|w| NOT_NAMES.contains(&w.to_lowercase().as_str()))
        {
            words.pop();
        }
        let name = words
            .join(" ")
            .trim_end_matches("'s")
            .trim_end_matches("’s")
            .trim_matches(['-', '\''])
            .to_owned();
        if name.chars().count() >= 2 && !out.contains(&name) {
            out.push(name);
        }
    }
    // Transliterated names, in simplified spelling.
    let simplified = fold(sentence);
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut Vec<String>| {
        if run.chars().count() >= 3
            && run.chars().any(|c| TELLING.contains(c))
            && !out.contains(run)
        {
            out.push(run.clone());
        }
        run.clear();
    };
    for c in simplified.chars() {
        if SOUND_CHARS.contains(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    // Foreign names joined by a middle dot: `冯·卡门`, `维亚切斯拉夫·莫洛托夫`.
    let chars: Vec<char> = simplified.chars().collect();
    for (i, _) in chars.iter().enumerate().filter(|(_, c)| **c == '·') {
        let part = |range: &mut dyn Iterator<Item = usize>| -> String {
            range
                .map(|j| chars[j])
                .take_while(|c| unspaced(*c) && !NAME_BOUNDARY.contains(*c))
                .take(6)
                .collect()
        };
        let left: String = part(&mut (0..i).rev()).chars().rev().collect();
        let right = part(&mut (i + 1..chars.len()));
        if !left.is_empty() && !right.is_empty() {
            let name = format!("{left}·{right}");
            // Its parts, found as sound runs, are this one name.
            out.retain(|n| !name.contains(n.as_str()));
            out.push(name);
        }
    }
    (out, quoted)
}

/// Endings of Chinese names of organisations, places and works: what comes
/// before one, back to a function word or punctuation, is a name.
const NAME_SUFFIXES: &[&str] = &[
    "研究院",
    "研究所",
    "研究中心",
    "大学",
    "学院",
    "公司",
    "集团",
    "银行",
    "委员会",
    "协会",
    "政府",
    "医院",
    "博物馆",
    "图书馆",
    "基金会",
    "自治州",
    "自治区",
    "自治县",
    "大桥",
    "铁路",
    "高铁",
    "机场",
    "条约",
    "协定",
    "公约",
    "宣言",
    "战役",
    "会议",
    "联盟",
    "电视台",
    "日报",
    "通讯社",
    "国家公园",
    "保护区",
    "宫",
    "殿",
    "寺",
    "庙",
    "坑",
];

/// Characters that end a name when reading back from its ending: function
/// words and punctuation. (`和`, `同`, `经` are left out: `永和宫`, `同济大学`,
/// `经济学院` are names.)
const NAME_BOUNDARY: &str = "的了是在与及或而也都就这那其之于被把对从为以所等着过由向将并跟至到该此各每即如若因获、，。；：！？（）《》「」“”‘’·";

/// Chinese names found by their ending, in simplified spelling: what comes
/// before the ending (up to ten characters), and the ending.
fn named_by_suffix(simplified: &str) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    if !simplified.chars().any(unspaced) {
        return out;
    }
    let chars: Vec<char> = simplified.chars().collect();
    for &ending in NAME_SUFFIXES {
        let suffix: Vec<char> = ending.chars().collect();
        let mut at = 0;
        while at + suffix.len() <= chars.len() {
            if chars[at] != suffix[0] || chars[at..at + suffix.len()] != suffix[..] {
                at += 1;
                continue;
            }
            let mut start = at;
            while start > 0
                && at - start < 10
                && unspaced(chars[start - 1])
                && !NAME_BOUNDARY.contains(chars[start - 1])
            {
                start -= 1;
            }
            if start < at {
                let prefix: String = chars[start..at].iter().collect();
                if !out.iter().any(|(p, e)| *p == prefix && *e == ending) {
                    out.push((prefix, ending));
                }
            }
            at += suffix.len();
        }
    }
    out
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
    fn ordinary_capitals_and_han_words_are_not_names_or_numbers() {
        assert!(texts("However, the talks failed.").is_empty());
        assert!(texts("两国统一了意见，万一失败也无妨。").is_empty());
    }
}
