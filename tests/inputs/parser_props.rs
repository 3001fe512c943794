//! Property tests for the reader and extractors: any input, no panic; every
//! finding lies within the input; counts add up.

use std::path::Path;

use citecheck::article::markdown;
use citecheck::extract::extract;
use proptest::prelude::*;

/// Fragments that exercise the dialects and their edge cases.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\\[1\\]".to_owned()),
        Just("[2]".to_owned()),
        Just("[^a]".to_owned()),
        Just("[^a]: note ".to_owned()),
        Just("\n\n1.  ".to_owned()),
        Just("\n## 注释\n".to_owned()),
        Just("。".to_owned()),
        Just(". ".to_owned()),
        Just("http://例子.example/路径，".to_owned()),
        Just(
            "\\[//en.wikipedia.org/wiki/Special:BookSources/0333801490 ISBN 0-333-80149-0\\]"
                .to_owned()
        ),
        Just("ISBN ".to_owned()),
        Just("[t](../Page/X.md \"wikilink\")".to_owned()),
        Just("[f](https://zh.wikipedia.org/wiki/File:A.jpg \"fig:f\")".to_owned()),
        Just("\\]\\]".to_owned()),
        Just("`[3]`".to_owned()),
        Just("\n```\n".to_owned()),
        Just("<td>[4]</td>".to_owned()),
        Just("{{cite|x}}".to_owned()),
        Just("> 本文内容由[T](https://zh.wikipedia.org/wiki/T)转换而来。\n".to_owned()),
        "[a-z中文 \\[\\]\\(\\)\\\\*_`<>|#:/.\n-]{0,12}",
    ]
}

proptest! {
    // PROPTEST_CASES=20000 for a longer hunt.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(400),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_input_is_read_without_panic_and_findings_stay_inside(parts in proptest::collection::vec(fragment(), 0..40)) {
        let text: String = parts.concat();
        let lines = u32::try_from(text.lines().count().max(1)).unwrap() + 1;
        let article = markdown::read(Path::new("p.md"), &text);
        let found = extract(&article);

        for link in &found.links {
            prop_assert!((1..=lines).contains(&link.line), "link line {} of {}", link.line, lines);
        }
        for isbn in &found.isbns {
            prop_assert!((1..=lines).contains(&isbn.line));
        }
        for note in &found.footnotes.items {
            prop_assert!((1..=lines).contains(&note.line));
        }
        let f = &found.footnotes;
        prop_assert_eq!(f.notes, f.items.len());
        let referenced: usize = f.items.iter().map(|n| n.referenced_from.len()).sum();
        prop_assert!(referenced <= f.markers);
        let c = &found.coverage;
        prop_assert!(c.sentences.cited <= c.sentences.total);
        prop_assert!(c.paragraphs.cited <= c.paragraphs.total);
        prop_assert!(c.paragraphs.total <= c.sentences.total);
        let by_section: usize = c.sections.iter().map(|s| s.sentences).sum();
        prop_assert_eq!(by_section, c.sentences.total);
        let cited_by_section: usize = c.sections.iter().map(|s| s.cited_sentences).sum();
        prop_assert_eq!(cited_by_section, c.sentences.cited);
        prop_assert_eq!(c.paragraphs.total - c.paragraphs.cited, c.uncited_paragraphs.len());
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,300}") {
        let article = markdown::read(Path::new("p.md"), &text);
        let _ = extract(&article);
    }
}
