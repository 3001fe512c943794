//! Names: capitalised words, quoted titles, and in Chinese transliterated
//! foreign names and names known by their ending (`…研究院`).

use std::sync::LazyLock;

use regex::Regex;

use super::super::terms::{fold, unspaced};

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
pub(super) fn names(sentence: &str) -> (Vec<String>, Vec<String>) {
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
pub(super) fn named_by_suffix(simplified: &str) -> Vec<(String, &'static str)> {
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
