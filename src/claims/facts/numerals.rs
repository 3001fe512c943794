//! Chinese numerals as numbers: `一百五十万`, `二十`, the digits of a year
//! (`一九四〇年`). Pure functions of the text, for [`super::figures`].

use std::sync::LazyLock;

use regex::Regex;

/// The characters of Chinese numerals.
pub(super) const HAN_NUMERALS: &str = "零〇一二两三四五六七八九十百千万亿";

/// The Chinese numerals that are digits, as decimals are written.
pub(super) const HAN_DIGITS: &str = "零〇一二三四五六七八九";

/// The digit a Chinese numeral digit is.
pub(super) fn han_digit(c: char) -> Option<char> {
    "〇一二三四五六七八九"
        .chars()
        .position(|d| d == c || (c == '零' && d == '〇'))
        .and_then(|i| char::from_digit(u32::try_from(i).ok()?, 10))
}

/// Years written in Chinese digits (`一九四〇年`) as Arabic ones.
pub(super) fn han_years(text: &str) -> String {
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
pub(super) fn han_number(text: &str) -> Option<f64> {
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
