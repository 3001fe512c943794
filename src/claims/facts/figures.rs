//! Figures: the numbers and dates written in folded text, with where each
//! is and how a sentence hedges it.
//!
//! One pattern reads them all in one pass over the text: the forms of a
//! date first, most precise first, then numbers with their magnitudes, then
//! Chinese numerals. A page's text is read once when it is indexed, so the
//! cost of this pass is the cost of claims on every cited page.

use std::sync::LazyLock;

use regex::Regex;

use super::super::terms::{fold, unspaced};
use super::numerals::{han_digit, han_number, han_years, HAN_DIGITS, HAN_NUMERALS};
use super::Value;

/// How a sentence qualifies a number: "about 40%", "more than 6,000",
/// "nearly 5 km²", `约`, `超过`, `不到`, `6000多`. "About" widens the
/// match to twice the number's rounding (or 2%); "more than" admits a page
/// figure up to half again as large, "nearly" one up to a third smaller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hedge {
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
    pub(super) fn admits(self, value: f64, precision: f64, page: f64, page_precision: f64) -> bool {
        let rounding = precision.max(page_precision) / 2.0 * 1.000_001;
        // A sentence rounds a page's decimals away: its "54 per cent" is
        // the page's 54.3%, its "2 days" the page's 2.4 days (not 2.5).
        let rounded = precision == 0.0
            && page_precision > 0.0
            && page_precision < 1.0
            && (page - value).abs() < 0.5;
        let near = rounded || (page - value).abs() <= rounding;
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
        let after_word = |w: &&str| after.starts_with(*w) && w.chars().all(unspaced);
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
pub(super) struct Date {
    pub(super) year: Option<i32>,
    pub(super) month: Option<u32>,
    pub(super) day: Option<u32>,
}

impl Date {
    /// Whether `self` says nothing `page` contradicts or lacks.
    pub(super) fn within(self, page: &Date) -> bool {
        let same = |a: Option<u32>, b: Option<u32>| a.is_none() || a == b;
        (self.year.is_none() || self.year == page.year)
            && same(self.month, page.month)
            && same(self.day, page.day)
            && (self.year.is_some() || self.month.is_some())
    }
}

/// Month names and their abbreviations, as folded text writes them.
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

/// A figure read from text: the bytes it spans, and its value.
type Figure = (std::ops::Range<usize>, Value);

/// How a date form is read, beyond its groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// As its groups say.
    Plain,
    /// A day and month with no year: it needs a month.
    DayMonth,
    /// All digits, day and month in either order (`09/04/2024` is 9 April
    /// in Europe, September 4 in the United States).
    EitherOrder,
    /// A month alone (`12月`): read on a page only, where a sentence's
    /// `2024年12月` finds it under the page's year; a sentence's is a
    /// number, as it always was.
    PageMonth,
}

/// The forms of a date, most precise first, with `d`, `m` and `y` groups,
/// and how each is read.
fn date_forms() -> Vec<(String, Form)> {
    let d = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?";
    let m = format!(r"(?P<m>{MONTHS})\.?");
    let y = r"(?P<y>\d{4})";
    vec![
        (format!(r"\b{d}\s+(?:of\s+)?{m},?\s+{y}\b"), Form::Plain),
        (format!(r"\b{m}\s+{d},?\s+{y}\b"), Form::Plain),
        (format!(r"\b{m},?\s+{y}\b"), Form::Plain),
        (format!(r"\b{d}\s+{m}\b"), Form::DayMonth),
        (format!(r"\b{m}\s+{d}\b"), Form::DayMonth),
        (
            r"\b(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\b".to_owned(),
            Form::Plain,
        ),
        (
            r"\b(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4})\b".to_owned(),
            Form::EitherOrder,
        ),
        (
            r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?".to_owned(),
            Form::Plain,
        ),
        (
            r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月".to_owned(),
            Form::Plain,
        ),
        (
            r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]".to_owned(),
            Form::DayMonth,
        ),
        (r"(?P<m>\d{1,2})\s*月".to_owned(), Form::PageMonth),
        (r"(?P<y>\d{4})\s*年".to_owned(), Form::Plain),
    ]
}

/// A number with its currency sign and magnitude (`£2.4m`, `1.5 million`,
/// `150万`, `1,500,000`); the magnitude words are [`MAGNITUDES`], which
/// [`NumberParts::read`] reads by hand too.
fn number_pattern() -> String {
    format!(
        r"(?P<cur>[£$€¥])?(?P<n>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s*(?P<mag>{})|(?P<abbr>bn|m|k)\b)?",
        MAGNITUDES.join("|")
    )
}

/// Where one date form's groups are in [`Figures::pattern`].
struct DateGroups {
    whole: usize,
    day: Option<usize>,
    month: Option<usize>,
    year: Option<usize>,
    form: Form,
}

/// Where a number's groups are in a pattern that has [`number_pattern`].
struct NumberGroups {
    currency: usize,
    digits: usize,
    magnitude: usize,
    abbreviation: usize,
}

impl NumberGroups {
    fn of(regex: &Regex) -> Self {
        let at = |name: &str| group(regex, name).expect("the number's groups");
        Self {
            currency: at("cur"),
            digits: at("n"),
            magnitude: at("mag"),
            abbreviation: at("abbr"),
        }
    }
}

/// The index of the group called `name`.
fn group(regex: &Regex, name: &str) -> Option<usize> {
    regex.capture_names().position(|n| n == Some(name))
}

/// Every figure form as one pattern, and where each form's groups are.
/// Leftmost first, and at one place the form listed first: a date before
/// the number it starts with, a full date before a part of it.
struct Figures {
    pattern: Regex,
    dates: Vec<DateGroups>,
    number: NumberGroups,
}

static FIGURES: LazyLock<Figures> = LazyLock::new(|| {
    let forms = date_forms();
    let mut branches: Vec<String> = forms
        .iter()
        .enumerate()
        .map(|(i, (form, _))| {
            let form = form
                .replace("(?P<d>", &format!("(?P<d{i}>"))
                .replace("(?P<m>", &format!("(?P<m{i}>"))
                .replace("(?P<y>", &format!("(?P<y{i}>"));
            format!("(?P<date{i}>{form})")
        })
        .collect();
    branches.push(number_pattern());
    // A run of Chinese numerals (`一百五十万`, `四`), with decimals after
    // `点` (`七十二点三`, `一点五亿`).
    branches.push(format!("[{HAN_NUMERALS}]+(?:点[{HAN_DIGITS}]+[万亿]?)?"));
    // ASCII classes and word edges: the text is folded, and Unicode word
    // boundaries would keep the regex engine off its fast path.
    let pattern = Regex::new(&ascii_classes(&branches.join("|"))).expect("a valid figure pattern");
    let dates = forms
        .iter()
        .enumerate()
        .map(|(i, (_, form))| DateGroups {
            whole: group(&pattern, &format!("date{i}")).expect("a date form"),
            day: group(&pattern, &format!("d{i}")),
            month: group(&pattern, &format!("m{i}")),
            year: group(&pattern, &format!("y{i}")),
            form: *form,
        })
        .collect();
    Figures {
        number: NumberGroups::of(&pattern),
        dates,
        pattern,
    }
});

/// Dates and numbers in folded text, each with where it is, in one pass; a
/// number inside a date is the date's.
/// With `hedged`, how a sentence qualifies each number is read too; a
/// page's numbers are taken as written.
pub(super) fn scan(text: &str, hedged: bool) -> Vec<Figure> {
    let figures = &*FIGURES;
    let mut out = Vec::new();
    // Only where a match is found are its groups read, and most matches
    // (numbers, numerals) are read by hand: the engine that reads groups
    // costs many times the one that finds matches.
    for found in figures.pattern.find_iter(text) {
        let range = found.range();
        if found.as_str().starts_with(|c| HAN_NUMERALS.contains(c)) {
            out.extend(han(text, range, hedged));
            continue;
        }
        if let Some(parts) = NumberParts::read(found.as_str()) {
            out.extend(number(text, range, &parts, hedged));
            continue;
        }
        let Some(caps) = figures.pattern.captures_at(&text[..range.end], range.start) else {
            continue;
        };
        if let Some(form) = figures.dates.iter().find(|f| caps.get(f.whole).is_some()) {
            let readings = dates(&caps, form, hedged);
            if readings.is_empty() || form.form == Form::PageMonth {
                // Not a date after all (`5000年`, `2024-13-45`), or a month
                // that is a number too: its numbers are still numbers.
                numbers_within(text, range.clone(), hedged, &mut out);
            }
            out.extend(
                readings
                    .into_iter()
                    .map(|d| (range.clone(), Value::Date(d))),
            );
        } else if let Some(parts) = NumberParts::of(&caps, &figures.number) {
            out.extend(number(text, range, &parts, hedged));
        }
    }
    out
}

/// The magnitude words of a number, a longer one before one it starts with
/// (`千万` before `千`).
const MAGNITUDES: &[&str] = &[
    "thousand", "million", "billion", "trillion", "千万", "百万", "十万", "万", "亿", "千",
];

/// The pieces of a number as written.
struct NumberParts<'a> {
    currency: bool,
    digits: &'a str,
    magnitude: Option<&'a str>,
    abbreviation: Option<&'a str>,
}

impl<'a> NumberParts<'a> {
    /// `written` as a number, when it is one whole, as [`number_pattern`] reads it:
    /// a currency sign, digits (`1,500,000.5`, `1500`), then a magnitude
    /// word (`million`, `万`) or abbreviation (`bn`, `m`, `k`). A date is
    /// never one: it has a month, `年`, or two separators.
    fn read(written: &'a str) -> Option<Self> {
        let rest = written
            .strip_prefix(['£', '$', '€', '¥'])
            .unwrap_or(written);
        let currency = rest.len() != written.len();
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
            .unwrap_or(rest.len());
        let (digits, tail) = rest.split_at(end);
        if !is_number(digits) {
            return None;
        }
        let (magnitude, abbreviation) = match tail {
            "" => (None, None),
            "bn" | "m" | "k" => (None, Some(tail)),
            _ => {
                let word = tail.trim_start_matches([' ', '\t', '\n']);
                (MAGNITUDES.contains(&word)).then_some((Some(word), None))?
            }
        };
        Some(Self {
            currency,
            digits,
            magnitude,
            abbreviation,
        })
    }

    /// The number a match of [`number_pattern`] captured.
    fn of(caps: &regex::Captures<'a>, groups: &NumberGroups) -> Option<Self> {
        Some(Self {
            currency: caps.get(groups.currency).is_some(),
            digits: caps.get(groups.digits)?.as_str(),
            magnitude: caps.get(groups.magnitude).map(|m| m.as_str()),
            abbreviation: caps.get(groups.abbreviation).map(|m| m.as_str()),
        })
    }
}

/// Whether `digits` is a number as [`number_pattern`] writes one: `\d+`, or
/// thousands grouped by commas (`1,500,000`), with decimals after a point.
fn is_number(digits: &str) -> bool {
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (whole, decimals) = digits.split_once('.').unwrap_or((digits, "0"));
    if !all_digits(decimals) {
        return false;
    }
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    if !whole.contains(',') {
        return all_digits(first);
    }
    all_digits(first) && first.len() <= 3 && groups.all(|g| g.len() == 3 && all_digits(g))
}

/// The numbers in `range` of `text`, read by [`number_pattern`] alone.
fn numbers_within(text: &str, range: std::ops::Range<usize>, hedged: bool, out: &mut Vec<Figure>) {
    static ALONE: LazyLock<(Regex, NumberGroups)> = LazyLock::new(|| {
        let regex = Regex::new(&ascii_classes(&number_pattern())).expect("a valid number pattern");
        let groups = NumberGroups::of(&regex);
        (regex, groups)
    });
    let (regex, groups) = &*ALONE;
    let mut at = range.start;
    while let Some(caps) = regex.captures_at(&text[..range.end], at) {
        let found = caps.get(0).expect("the whole match").range();
        at = found.end.max(at + 1);
        if let Some(parts) = NumberParts::of(&caps, groups) {
            out.extend(number(text, found, &parts, hedged));
        }
    }
}

/// The dates a date form matched: none when it is not one, both readings
/// of a page's `04/09/2024`, none of a sentence's (which it means is
/// unknown), and a month alone only on a page.
fn dates(caps: &regex::Captures<'_>, form: &DateGroups, hedged: bool) -> Vec<Date> {
    let Some(first) = date(caps, form) else {
        return Vec::new();
    };
    match form.form {
        Form::PageMonth if hedged => Vec::new(),
        Form::EitherOrder => {
            let swapped = Date {
                day: first.month,
                month: first.day,
                ..first
            };
            let valid = |d: &Date| {
                d.month.is_some_and(|m| (1..=12).contains(&m))
                    && d.day.is_some_and(|d| (1..=31).contains(&d))
            };
            let readings: Vec<Date> = [first, swapped]
                .into_iter()
                .filter(valid)
                .enumerate()
                .filter(|(i, d)| *i == 0 || *d != first)
                .map(|(_, d)| d)
                .collect();
            if hedged && readings.len() > 1 {
                Vec::new()
            } else {
                readings
            }
        }
        _ => vec![first],
    }
}

/// The date a date form matched as its groups say (day first for
/// [`Form::EitherOrder`], which [`dates`] checks), if it is one.
fn date(caps: &regex::Captures<'_>, form: &DateGroups) -> Option<Date> {
    let text = |i: Option<usize>| i.and_then(|i| caps.get(i)).map(|m| m.as_str());
    let number = |i: Option<usize>| text(i).and_then(|t| t.parse::<u32>().ok());
    let month = text(form.month).and_then(|m| m.parse::<u32>().ok().or_else(|| month_number(m)));
    let date = Date {
        year: number(form.year).and_then(|y| i32::try_from(y).ok()),
        month,
        day: number(form.day),
    };
    // A form that reads day and month either way is checked by [`dates`].
    let either = form.form == Form::EitherOrder;
    let valid = (either
        || date.month.is_none_or(|m| (1..=12).contains(&m))
            && date.day.is_none_or(|d| (1..=31).contains(&d)))
        && date.year.is_none_or(|y| (100..=2200).contains(&y));
    let needs_month = matches!(form.form, Form::DayMonth | Form::PageMonth);
    (valid && !(needs_month && date.month.is_none())).then_some(date)
}

/// The number written at `range` of `text`, unless it is part of a word.
fn number(
    text: &str,
    range: std::ops::Range<usize>,
    parts: &NumberParts<'_>,
    hedged: bool,
) -> Option<Figure> {
    // Part of a word (`B-52`, `mp3`) or of a date: not a quantity.
    let glued = text[..range.start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '.' || c == ',');
    if glued {
        return None;
    }
    let digits = parts.digits;
    let value = digits.replace(',', "").parse::<f64>().ok()?;
    let hedge = || {
        if hedged {
            Hedge::around(text, range.start, range.end)
        } else {
            Hedge::Exact
        }
    };
    // `£2.4m`, `$30bn`: abbreviations are magnitudes after a currency sign
    // (`8.5m` alone may be metres), `bn` always.
    let abbreviation = parts.abbreviation.filter(|a| *a == "bn" || parts.currency);
    let word = parts.magnitude.or(abbreviation);
    let Some(word) = word else {
        let year =
            !digits.contains([',', '.']) && digits.len() == 4 && (1000.0..=2100.0).contains(&value);
        if year {
            let date = Date {
                year: digits.parse().ok(),
                month: None,
                day: None,
            };
            return Some((range, Value::Date(date)));
        }
        let precision = written_precision(digits, true);
        let hedge = hedge();
        return Some((
            range,
            Value::Number {
                value,
                precision,
                hedge,
            },
        ));
    };
    let times = magnitude(word);
    let precision = written_precision(digits, false) * times;
    let hedge = hedge();
    Some((
        range,
        Value::Number {
            value: value * times,
            precision,
            hedge,
        },
    ))
}

/// The number a run of Chinese numerals at `range` is, when it counts
/// something.
fn han(text: &str, range: std::ops::Range<usize>, hedged: bool) -> Option<Figure> {
    let numerals = &text[range.clone()];
    let after = &text[range.end..];
    if let Some((whole, decimals)) = numerals.split_once('点') {
        return han_decimal(text, range, whole, decimals, hedged);
    }
    // A lone numeral counts before a measure word (`十年`, `六家`): alone
    // it is mostly part of a word (`统一`).
    let counted = numerals.chars().count() > 1
        || after.starts_with('成')
        || after
            .chars()
            .next()
            .is_some_and(|c| MEASURE_WORDS.contains(c));
    if !counted {
        return None;
    }
    let mut value = han_number(numerals)?;
    let mut precision = rounding_unit(value);
    let mut hedge = if hedged {
        Hedge::around(text, range.start, range.end)
    } else {
        Hedge::Exact
    };
    // `四成`: four tenths, a share in round figures.
    if after.starts_with('成') && value <= 10.0 {
        value *= 10.0;
        precision = 10.0;
        if hedge == Hedge::Exact {
            hedge = Hedge::About;
        }
    }
    Some((
        range,
        Value::Number {
            value,
            precision,
            hedge,
        },
    ))
}

/// A Chinese number with decimals (`七十二点三`, `一点五亿`): `whole`, then
/// the digits after `点` and perhaps a magnitude.
fn han_decimal(
    text: &str,
    range: std::ops::Range<usize>,
    whole: &str,
    decimals: &str,
    hedged: bool,
) -> Option<Figure> {
    // `九点三十分` is a time: half past nine, no decimal.
    if text[range.end..].starts_with(['十', '百', '千']) {
        return None;
    }
    let (digits, times) = match decimals.strip_suffix('万') {
        Some(d) => (d, 1e4),
        None => decimals
            .strip_suffix('亿')
            .map_or((decimals, 1.0), |d| (d, 1e8)),
    };
    let fraction: String = digits.chars().map(han_digit).collect::<Option<_>>()?;
    let value = format!("{}.{fraction}", han_number(whole)?)
        .parse::<f64>()
        .ok()?
        * times;
    let precision = 10f64.powi(-i32::try_from(fraction.len()).unwrap_or(9)) * times;
    let hedge = if hedged {
        Hedge::around(text, range.start, range.end)
    } else {
        Hedge::Exact
    };
    Some((
        range,
        Value::Number {
            value,
            precision,
            hedge,
        },
    ))
}

/// Text as facts are read from: folded, years in Chinese digits as Arabic.
pub(super) fn prepare(text: &str) -> String {
    prepared(fold(text))
}

/// [`prepare`] for text already folded.
pub(super) fn prepared(folded: String) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_by_hand_as_the_pattern_reads_them() {
        let read =
            |w| NumberParts::read(w).map(|p| (p.currency, p.digits, p.magnitude, p.abbreviation));
        assert_eq!(
            read("1,500,000.5"),
            Some((false, "1,500,000.5", None, None))
        );
        assert_eq!(read("£2.4m"), Some((true, "2.4", None, Some("m"))));
        assert_eq!(
            read("1.5 million"),
            Some((false, "1.5", Some("million"), None))
        );
        assert_eq!(read("150万"), Some((false, "150", Some("万"), None)));
        for not_one in [
            "1940-09-27",
            "12 november",
            "1940年",
            "1,50",
            "2024.10.05",
            "5 may",
        ] {
            assert!(read(not_one).is_none(), "{not_one}");
        }
    }

    #[test]
    fn one_pass_reads_dates_numbers_and_numerals_apart() {
        let found: Vec<&str> = scan(
            &fold("On 12 November 1940, 1.5 million (£2.4m) of 5000年; 一百五十万人, 1940-09-27"),
            false,
        )
        .into_iter()
        .map(|(range, _)| range)
        .map(|r| &"on 12 november 1940, 1.5 million (£2.4m) of 5000年; 一百五十万人, 1940-09-27"[r])
        .collect();
        assert_eq!(
            found,
            [
                "12 november 1940",
                "1.5 million",
                "£2.4m",
                "5000",
                "一百五十万",
                "1940-09-27"
            ]
        );
    }
}
