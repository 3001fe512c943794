//! What a section heading says about the text under it: the notes, an
//! appendix (See also, External links, Bibliography, …) or the article's body.
//!
//! A heading is a notes or appendix heading when it is made entirely of such
//! words and connectors ("Notes and references", "備註與參考資料"), so that
//! "Sources of error" or "Notes on migrating" stay body headings.

/// Words that name the notes section.
const NOTES: &[&str] = &[
    "notes",
    "note",
    "references",
    "reference",
    "footnotes",
    "footnote",
    "citations",
    "citation",
    "sources",
    "source",
    "einzelnachweise",
    "anmerkungen",
    "références",
    "notas",
    "referencias",
    "fuentes",
    "注释",
    "註釋",
    "注釋",
    "注解",
    "註解",
    "注脚",
    "註腳",
    "脚注",
    "腳註",
    "附注",
    "附註",
    "备注",
    "備註",
    "参考资料",
    "參考資料",
    "参考文献",
    "參考文獻",
    "参考来源",
    "參考來源",
    "资料来源",
    "資料來源",
    "参考",
    "參考",
    "来源",
    "來源",
    "出典",
    "引用",
    "引注",
    "引註",
    "文献",
    "文獻",
    "注釈",
    // Japanese writes 参考資料 with the simplified 参 and the traditional 資.
    "参考資料",
    "補注",
    "注",
    "각주",
    "주석",
    "참고문헌",
    "출처",
    "참고자료",
    "인용",
];

/// Words that name an appendix: reference material and navigation, not prose.
const APPENDIX: &[&str] = &[
    "seealso",
    "externallinks",
    "externallink",
    "furtherreading",
    "bibliography",
    "workscited",
    "literature",
    "weblinks",
    "literatur",
    "sieheauch",
    "voiraussi",
    "liensexternes",
    "bibliographie",
    "参见",
    "參見",
    "参看",
    "參看",
    "相关条目",
    "相關條目",
    "外部链接",
    "外部連結",
    "外部鏈接",
    "外部链结",
    "外部連接",
    "相关链接",
    "相關連結",
    "延伸阅读",
    "延伸閱讀",
    "扩展阅读",
    "擴展閱讀",
    "参考书目",
    "參考書目",
    "书目",
    "書目",
    "関連項目",
    "外部リンク",
    "関連リンク",
    "関連書籍",
    "関連文献",
    "관련항목",
    "같이보기",
    "함께보기",
    "외부링크",
    "읽을거리",
    "véasetambién",
    "enlacesexternos",
];

/// Words that join the others: "Notes and references", "註釋與參考".
const CONNECTORS: &[&str] = &["and", "et", "und", "y", "与", "與", "和", "及"];

/// What a heading announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeadingKind {
    /// The article's own text.
    Body,
    /// The notes (a numbered list under it is the notes list).
    Notes,
    /// An appendix: See also, External links, Bibliography, …
    Appendix,
}

/// Classifies a heading by its words.
pub(crate) fn heading_kind(heading: &str) -> HeadingKind {
    let text: String = heading
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let mut rest = text.as_str();
    let (mut notes, mut appendix) = (false, false);
    while !rest.is_empty() {
        let word = [NOTES, APPENDIX, CONNECTORS]
            .iter()
            .enumerate()
            .flat_map(|(kind, words)| words.iter().map(move |w| (kind, *w)))
            .filter(|(_, w)| rest.starts_with(w))
            .max_by_key(|(_, w)| w.len());
        let Some((kind, word)) = word else {
            return HeadingKind::Body;
        };
        notes |= kind == 0;
        appendix |= kind == 1;
        rest = &rest[word.len()..];
    }
    if notes {
        HeadingKind::Notes
    } else if appendix {
        HeadingKind::Appendix
    } else {
        HeadingKind::Body
    }
}

/// Turns the prose of the notes section and of the appendices (See also,
/// External links, Bibliography, …) into [`BlockRole::Appendix`]: reference
/// material, not prose. So is every section nested under one of them.
pub(crate) fn mark_appendices(article: &mut super::model::Article) {
    let mut appendix = vec![false; article.sections.len()];
    let mut open: Option<u8> = None;
    for (i, section) in article.sections.iter().enumerate().skip(1) {
        if open.is_some_and(|level| section.level <= level) {
            open = None;
        }
        if open.is_none() && heading_kind(&section.heading) != HeadingKind::Body {
            open = Some(section.level);
        }
        appendix[i] = open.is_some();
    }
    for block in &mut article.blocks {
        if block.role == super::model::BlockRole::Prose
            && appendix.get(block.section) == Some(&true)
        {
            block.role = super::model::BlockRole::Appendix;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_headings_in_several_languages() {
        for h in [
            "Notes",
            "References",
            "Notes and references",
            "注释",
            "參考文獻",
            "備註與參考資料",
            "脚注",
            "参考文献",
            "각주",
            "Einzelnachweise",
            "Sources",
        ] {
            assert_eq!(heading_kind(h), HeadingKind::Notes, "{h}");
        }
    }

    #[test]
    fn appendix_headings_are_not_prose() {
        for h in [
            "See also",
            "External links",
            "Further reading",
            "Bibliography",
            "參見",
            "外部連結",
            "延伸閱讀",
            "関連項目",
            "外部リンク",
            "같이 보기",
            "외부 링크",
        ] {
            assert_eq!(heading_kind(h), HeadingKind::Appendix, "{h}");
        }
    }

    #[test]
    fn japanese_and_korean_wikipedia_headings() {
        for (h, kind) in [
            ("関連項目", HeadingKind::Appendix),
            ("外部リンク", HeadingKind::Appendix),
            ("関連文献", HeadingKind::Appendix),
            ("脚注", HeadingKind::Notes),
            ("出典", HeadingKind::Notes),
            ("参考文献", HeadingKind::Notes),
            ("参考資料", HeadingKind::Notes),
            ("注釈", HeadingKind::Notes),
            ("脚注・出典", HeadingKind::Notes),
            ("注", HeadingKind::Notes),
            ("관련 항목", HeadingKind::Appendix),
            ("같이 보기", HeadingKind::Appendix),
            ("외부 링크", HeadingKind::Appendix),
            ("각주", HeadingKind::Notes),
            ("참고 문헌", HeadingKind::Notes),
            ("참고 자료", HeadingKind::Notes),
            // Body headings that start with such a character.
            ("注意事項", HeadingKind::Body),
            ("関連会社", HeadingKind::Body),
            ("관련 인물", HeadingKind::Body),
        ] {
            assert_eq!(heading_kind(h), kind, "{h}");
        }
    }

    #[test]
    fn a_japanese_see_also_section_is_not_prose() {
        let article = crate::article::markdown::read(
            std::path::Path::new("ja.md"),
            "本文です。[^1]\n\n## 関連項目\n\nこれは一覧です。\n\n## 脚注\n\n[^1]: 出典。\n\n## 관련 항목\n\n목록입니다.\n",
        );
        let prose: Vec<&str> = article
            .blocks
            .iter()
            .filter(|b| b.role == super::super::model::BlockRole::Prose)
            .map(|b| b.text.trim())
            .collect();
        assert_eq!(prose, ["本文です。"]);
    }

    #[test]
    fn headings_that_only_contain_such_words_are_body() {
        for h in [
            "Sources of error",
            "Notes on migrating to Postgres 16",
            "Open-source implementations",
            "History",
            "引用格式",
        ] {
            assert_eq!(heading_kind(h), HeadingKind::Body, "{h}");
        }
    }
}
