use super::*;

fn options(style: FixStyle) -> FixOptions {
    FixOptions {
        style,
        month: "December 2026".to_owned(),
    }
}

fn dead(url: &str, line: u32, copy: Option<&str>) -> DeadLink {
    DeadLink {
        url: url.to_owned(),
        line,
        archive_url: copy.map(str::to_owned),
    }
}

fn dead_only(links: &[DeadLink]) -> ToMend {
    ToMend {
        dead: links.to_vec(),
        moved: Vec::new(),
    }
}

const COPY: &str = "https://web.archive.org/web/20160708123456/https://a.example/x";

/// The text fixed, checked to need no fix the second time.
fn fixed(format: Format, source: &str, links: &[DeadLink], style: FixStyle) -> String {
    let mend = ToMend {
        dead: links.to_vec(),
        moved: Vec::new(),
    };
    let planned = plan(format, source, &mend, &options(style));
    let after = apply(source, &planned.edits);
    // What a second run finds: the fixed citations carry their copies.
    let again = plan(format, &after, &mend, &options(style));
    assert!(
        again.is_empty(),
        "a second run fixes again: {:?}\n{after}",
        again.edits
    );
    after
}

#[test]
fn an_inline_citation_gets_its_copy_inline() {
    let source =
        "A.<ref>{{cite web |url=https://a.example/x |title=T |access-date=8 July 2016}}</ref>\n";
    let after = fixed(
        Format::Wikitext,
        source,
        &[dead("https://a.example/x", 1, Some(COPY))],
        FixStyle::Replace,
    );
    assert_eq!(
        after,
        format!("A.<ref>{{{{cite web |url=https://a.example/x |title=T |access-date=8 July 2016 |archive-url={COPY} |archive-date=8 July 2016 |url-status=dead}}}}</ref>\n")
    );
}

#[test]
fn a_citation_one_parameter_a_line_gets_them_aligned_on_lines_of_their_own() {
    let source = "A.<ref>{{Cite news\n| url         = https://a.example/x\n| title       = T\n| accessdate  = 2016-07-08\n}}</ref>\n";
    let after = fixed(
        Format::Wikitext,
        source,
        &[dead("https://a.example/x", 2, Some(COPY))],
        FixStyle::Replace,
    );
    assert_eq!(
        after,
        format!("A.<ref>{{{{Cite news\n| url         = https://a.example/x\n| title       = T\n| accessdate  = 2016-07-08\n| archiveurl  = {COPY}\n| archivedate = 2016-07-08\n| url-status  = dead\n}}}}</ref>\n")
    );
}

#[test]
fn a_citation_with_a_copy_is_only_marked_dead_and_one_without_is_tagged() {
    let source = "A.<ref>{{cite web|url=https://a.example/x|archive-url=https://web.archive.org/web/2015/https://a.example/x|url-status=live}}</ref>\n\
                  B.<ref>{{cite web|url=https://b.example/y|title=B}}</ref>\n";
    let links = [
        dead("https://a.example/x", 1, Some(COPY)),
        dead("https://b.example/y", 2, None),
    ];
    let after = fixed(Format::Wikitext, source, &links, FixStyle::Replace);
    assert!(after.contains("|url-status=dead}}</ref>"), "{after}");
    assert!(
        after.contains("{{cite web|url=https://b.example/y|title=B}}{{Dead link|date=December 2026|bot=citecheck|fix-attempted=yes}}</ref>"),
        "{after}"
    );
}

#[test]
fn empty_parameters_are_filled_where_they_are() {
    let source = "<ref>{{cite web\n |url=https://a.example/x\n |archive-url=\n |archive-date=\n |url-status=\n}}</ref>";
    let after = fixed(
        Format::Wikitext,
        source,
        &[dead("https://a.example/x", 2, Some(COPY))],
        FixStyle::Replace,
    );
    assert_eq!(
        after,
        format!("<ref>{{{{cite web\n |url=https://a.example/x\n |archive-url={COPY}\n |archive-date=2016-07-08\n |url-status=dead\n}}}}</ref>")
    );
}

#[test]
fn a_bare_link_in_a_reference_gets_a_webarchive_beside_it() {
    let source =
        "A.<ref>[https://a.example/x The page]</ref> B.<ref>[https://b.example/y B]</ref>\n";
    let links = [
        dead("https://a.example/x", 1, Some(COPY)),
        dead("https://b.example/y", 1, None),
    ];
    let after = fixed(Format::Wikitext, source, &links, FixStyle::Replace);
    assert_eq!(
        after,
        format!("A.<ref>[https://a.example/x The page]{{{{Webarchive|url={COPY}|date=2016-07-08}}}}</ref> B.<ref>[https://b.example/y B]{{{{Dead link|date=December 2026|bot=citecheck|fix-attempted=yes}}}}</ref>\n")
    );
}

#[test]
fn what_the_page_or_the_citation_keeps_from_bots_is_left_alone() {
    let link = [dead("https://a.example/x", 1, Some(COPY))];
    for source in [
        "A.<ref>{{cite web|url=https://a.example/x}}{{cbignore}}</ref>",
        "{{nobots}}\nA.<ref>{{cite web|url=https://a.example/x}}</ref>",
        "{{bots|deny=citecheck,OtherBot}}\nA.<ref>{{cite web|url=https://a.example/x}}</ref>",
        "{{bots|allow=InternetArchiveBot}}\nA.<ref>{{cite web|url=https://a.example/x}}</ref>",
    ] {
        let planned = plan(
            Format::Wikitext,
            source,
            &dead_only(&link),
            &options(FixStyle::Replace),
        );
        assert!(planned.is_empty(), "{source}: {:?}", planned.edits);
    }
    let allowed = "{{bots|deny=OtherBot}}\nA.<ref>{{cite web|url=https://a.example/x}}</ref>";
    assert!(!plan(
        Format::Wikitext,
        allowed,
        &dead_only(&link),
        &options(FixStyle::Replace)
    )
    .is_empty());
}

#[test]
fn a_markdown_link_points_to_its_copy_or_has_it_beside() {
    let source =
        "A claim.[^1]\n\n[^1]: [The page](https://a.example/x \"t\") and <https://a.example/x>.\n";
    let link = [dead("https://a.example/x", 3, Some(COPY))];
    let replaced = fixed(Format::Markdown, source, &link, FixStyle::Replace);
    assert_eq!(
        replaced,
        format!("A claim.[^1]\n\n[^1]: [The page]({COPY} \"t\") and <{COPY}>.\n")
    );
    let beside = fixed(Format::Markdown, source, &link, FixStyle::Beside);
    assert_eq!(
        beside,
        format!("A claim.[^1]\n\n[^1]: [The page](https://a.example/x \"t\") ([archived copy]({COPY})) and <https://a.example/x> ([archived copy]({COPY})).\n")
    );
}

#[test]
fn html_is_never_edited() {
    let source = "<p><a href=\"https://a.example/x\">x</a></p>";
    let planned = plan(
        Format::Html,
        source,
        &dead_only(&[dead("https://a.example/x", 1, Some(COPY))]),
        &options(FixStyle::Replace),
    );
    assert!(planned.is_empty());
}

#[test]
fn the_patch_applies_as_git_writes_it() {
    let diff = patch::file_diff("docs/a.md", "one\ntwo\nthree\n", "one\n2\nthree\n");
    assert!(diff.starts_with("diff --git a/docs/a.md b/docs/a.md\n--- a/docs/a.md\n+++ b/docs/a.md\n@@ -1,3 +1,3 @@\n"), "{diff}");
    assert!(diff.contains("-two\n+2\n"), "{diff}");
    assert_eq!(patch::file_diff("a", "x", "x"), "");
}

#[test]
fn a_link_that_moved_for_good_points_to_its_new_address() {
    let moved = ToMend {
        dead: Vec::new(),
        moved: vec![MovedLink {
            url: "http://a.example/old".to_owned(),
            line: 1,
            to: "https://a.example/new".to_owned(),
        }],
    };
    let wikitext = "A.<ref>{{cite web|url=http://a.example/old|title=T}}</ref> B.<ref>[http://a.example/old Old]</ref>";
    let planned = plan(
        Format::Wikitext,
        wikitext,
        &moved,
        &options(FixStyle::Replace),
    );
    assert_eq!(
        apply(wikitext, &planned.edits),
        "A.<ref>{{cite web|url=https://a.example/new|title=T}}</ref> B.<ref>[https://a.example/new Old]</ref>"
    );
    assert!(planned
        .fixes
        .iter()
        .all(|f| f.kind == FixKind::RedirectFollowed));
    let markdown = "A [claim](http://a.example/old).";
    let planned = plan(
        Format::Markdown,
        markdown,
        &moved,
        &options(FixStyle::Replace),
    );
    assert_eq!(
        apply(markdown, &planned.edits),
        "A [claim](https://a.example/new)."
    );
}

mod properties {
    use std::fmt::Write as _;

    use proptest::prelude::*;

    use super::*;
    use crate::article::wikitext::spans::spans;

    /// A citation of `url` as editors write them: a name, parameters in
    /// any order, inline or one a line, spaces or none around `|` and `=`.
    fn citation() -> impl Strategy<Value = (String, Vec<(String, String)>)> {
        let name = prop::sample::select(vec!["cite web", "Cite news", "cite journal", "citation"]);
        let access = prop::sample::select(vec![
            None,
            Some("8 July 2016"),
            Some("July 8, 2016"),
            Some("2016-07-08"),
        ]);
        let extra = prop::collection::vec(
            (
                prop::sample::select(vec!["publisher", "work", "last", "first", "page"]),
                "[A-Za-z][A-Za-z ]{0,12}",
            ),
            0..3,
        );
        let status = prop::sample::select(vec![None, Some("live"), Some("")]);
        (name, access, extra, status, "[A-Z][a-z]{1,10}").prop_flat_map(
            |(name, access, extra, status, title)| {
                let mut params = vec![
                    ("url".to_owned(), "https://a.example/page".to_owned()),
                    ("title".to_owned(), title),
                ];
                if let Some(a) = access {
                    params.push(("access-date".to_owned(), a.to_owned()));
                }
                if let Some(s) = status {
                    params.push(("url-status".to_owned(), s.to_owned()));
                }
                let mut seen = std::collections::HashSet::new();
                for (k, v) in extra {
                    if seen.insert(k) {
                        params.push((k.to_owned(), v.trim().to_owned()));
                    }
                }
                (Just(name.to_owned()), Just(params).prop_shuffle())
            },
        )
    }

    fn write(
        name: &str,
        params: &[(String, String)],
        lines: bool,
        pad: bool,
        spaced: bool,
    ) -> String {
        let width = params.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        let mut out = format!("{{{{{name}");
        for (k, v) in params {
            let key = if pad {
                format!("{k:width$}")
            } else {
                k.clone()
            };
            let eq = if spaced { " = " } else { "=" };
            if lines {
                let _ = write!(out, "\n| {key}{eq}{v}");
            } else if spaced {
                let _ = write!(out, " | {key}{eq}{v}");
            } else {
                let _ = write!(out, " |{key}{eq}{v}");
            }
        }
        if lines {
            out.push('\n');
        }
        out.push_str("}}");
        out
    }

    /// The parameters of the page's first citation, by name.
    fn params_of(text: &str) -> Vec<(String, String)> {
        let spans = spans(text);
        let t = spans
            .templates
            .iter()
            .find(|t| t.is_citation)
            .expect("a citation");
        t.params
            .iter()
            .map(|p| {
                (
                    p.name.clone().unwrap_or_default(),
                    text[p.value.clone()].to_owned(),
                )
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn fixing_changes_only_the_archive_parameters_and_a_second_fix_finds_nothing(
            (name, params) in citation(),
            lines in any::<bool>(),
            pad in any::<bool>(),
            spaced in any::<bool>(),
            copy in any::<bool>(),
        ) {
            let template = write(&name, &params, lines, pad, spaced);
            let source = format!("Before the claim.<ref>{template}</ref> After it.\n");
            let archive = copy.then(|| "https://web.archive.org/web/20160708123456/https://a.example/page".to_owned());
            let mend = ToMend {
                dead: vec![DeadLink { url: "https://a.example/page".to_owned(), line: 1, archive_url: archive.clone() }],
                moved: Vec::new(),
            };
            let planned = plan(Format::Wikitext, &source, &mend, &options(FixStyle::Replace));
            prop_assert!(!planned.is_empty());
            let after = apply(&source, &planned.edits);
            let again = plan(Format::Wikitext, &after, &mend, &options(FixStyle::Replace));
            prop_assert!(again.is_empty(), "fixed twice:\n{}", after);
            prop_assert!(after.starts_with("Before the claim.<ref>"));
            prop_assert!(after.ends_with("</ref> After it.\n") || after.ends_with("</ref> After it.\n"));
            let before = params_of(&source);
            let now = params_of(&after);
            let intended = ["archive-url", "archive-date", "url-status"];
            // Every parameter that was there is there, with its value, but
            // the original's status, which becomes dead.
            for (k, v) in &before {
                let kept = now.iter().find(|(n, _)| n == k);
                prop_assert!(kept.is_some(), "{} lost:\n{}", k, after);
                if k != "url-status" {
                    prop_assert_eq!(&kept.unwrap().1, v);
                }
            }
            for (k, v) in &now {
                if !before.iter().any(|(n, _)| n == k) {
                    prop_assert!(intended.contains(&k.as_str()), "{} added:\n{}", k, after);
                }
                if k == "url-status" && copy {
                    prop_assert_eq!(v.as_str(), "dead");
                }
            }
            if copy {
                prop_assert!(now.iter().any(|(k, v)| k == "archive-url" && Some(v) == archive.as_ref()), "{}", after);
            } else {
                prop_assert!(after.contains("{{Dead link|"), "{}", after);
            }
        }
    }
}
