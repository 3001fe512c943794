//! citecheck's ISBN reading against an outside oracle: isbnlib's verdicts on
//! a few hundred generated cases (valid, wrong checksum, wrong length, bad
//! prefix, misplaced X, lower-case x, odd grouping, every label form), kept
//! in `tests/fixtures/isbn/isbnlib_cases.tsv` by `tests/oracle/isbn_cases.py`,
//! and on ISBNs quoted from real files (`real_snippets.tsv`).

use std::path::Path;
use std::process::Command;

use citecheck::article::markdown;
use citecheck::extract::{extract, IsbnProblem};

const TABLES: [&str; 2] = [
    "tests/fixtures/isbn/isbnlib_cases.tsv",
    "tests/fixtures/isbn/real_snippets.tsv",
];

struct Case<'a> {
    text: &'a str,
    number: &'a str,
    class: &'a str,
    valid: bool,
    isbn13: &'a str,
}

fn cases(table: &str) -> Vec<Case<'_>> {
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 5, "a row has five columns: {line:?}");
            Case {
                text: cols[0],
                number: cols[1],
                class: cols[2],
                valid: cols[3] == "true",
                isbn13: cols[4],
            }
        })
        .collect()
}

/// Every case of a table where citecheck reads another number, or judges
/// it otherwise than isbnlib, or names another problem than the case was
/// made with; and how many cases there are.
fn disagreements(table: &str) -> (Vec<String>, usize) {
    let table = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(table))
        .expect("the isbnlib tables are checked in");
    let cases = cases(&table);
    let mut disagreements = Vec::new();
    for case in &cases {
        let found = extract(&markdown::read(Path::new("case.md"), case.text)).isbns;
        let expected_problem = match case.class {
            "checksum" => Some(IsbnProblem::Checksum),
            "length" => Some(IsbnProblem::Length),
            "prefix" => Some(IsbnProblem::Prefix),
            "characters" => Some(IsbnProblem::Characters),
            _ => None,
        };
        let agrees = found.len() == 1
            && found[0].raw == case.number
            && found[0].valid == case.valid
            && found[0].isbn13.as_deref().unwrap_or("") == case.isbn13
            && found[0].problem == expected_problem;
        if !agrees {
            disagreements.push(format!(
                "{:?} ({}; isbnlib: {} {}): citecheck read {:?}",
                case.text,
                case.class,
                case.valid,
                case.isbn13,
                found
                    .iter()
                    .map(|i| (&i.raw, i.valid, &i.isbn13, i.problem))
                    .collect::<Vec<_>>()
            ));
        }
    }
    (disagreements, cases.len())
}

#[test]
fn every_generated_isbn_is_read_and_judged_as_isbnlib_judges_it() {
    let (disagreements, cases) = disagreements(TABLES[0]);
    assert!(cases >= 250, "a few hundred cases");
    assert!(
        disagreements.is_empty(),
        "{} of {cases} cases disagree:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

#[test]
fn isbns_quoted_from_real_files_are_read_whole() {
    let (disagreements, cases) = disagreements(TABLES[1]);
    assert!(cases >= 10);
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

/// The table is isbnlib's own verdicts, asked again. Needs python3 with
/// isbnlib (`cargo xtask test` installs it); without it the test fails,
/// saying so, rather than passing silently.
#[test]
fn the_table_still_says_what_isbnlib_says() {
    let has_isbnlib = Command::new("python3")
        .args(["-c", "import isbnlib"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        has_isbnlib,
        "the ISBN oracle needs python3 with isbnlib: run `cargo xtask test` (or `pip install isbnlib`)"
    );
    for table in TABLES {
        let output = Command::new("python3")
            .args(["tests/oracle/isbn_cases.py", "verify", table])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("python3 runs");
        assert!(
            output.status.success(),
            "{table}: {}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
}
