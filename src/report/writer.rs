//! The reports of a run, written as its articles stream by.
//!
//! Each article, once judged, is rendered on every core (its JSON line, its
//! `report.md` section, its own HTML page) and written out at once, so a run
//! keeps only a [`Digest`] of what it has seen. At the end the run-level
//! files are put together from the digest and the parts; `report.json`,
//! written as the run goes, gets its head (the summary) in the room kept for
//! it at its start.
//!
//! Every file is written beside its final name and renamed into place only
//! when all are complete (`report.json` last), so a kill or a full disk
//! leaves the previous reports as they were.

use std::collections::HashMap;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tempfile::NamedTempFile;

use super::digest::{Baseline, Digest};
use super::form::{Form, ARTICLE_PAGES};
use super::github;
use super::history;
use super::html::{self, HistoryPoint};
use super::junit;
use super::markdown;
use super::model::ArticleReport;
use super::replace;
use super::row::ArticleRow;
use super::run::{Report, SCHEMA_VERSION};
use super::sarif;
use super::text;

/// How a run's reports are written.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// How many articles the run expects: more than one writes a page per
    /// article under `articles/` and an entry page.
    pub expected: usize,
    /// The form printed on stdout, so only what it needs is kept.
    pub form: Form,
    /// `--confirm`, for what the gate counts.
    pub confirm: u32,
}

/// What the parallel step makes of one article.
struct Rendered {
    json: Vec<u8>,
    row: ArticleRow,
    coverage: Option<(usize, usize)>,
    findings: Vec<super::findings::Finding>,
    section: String,
    text: Option<String>,
    suite: Option<(String, junit::Totals)>,
    /// A one-article run keeps its article for its one page.
    kept: Option<ArticleReport>,
}

/// Writes a run's reports into a folder; see the module.
pub struct Writer {
    dir: PathBuf,
    plan: Plan,
    /// A one-article run's history, for its page's trend.
    history: Vec<HistoryPoint>,
    /// A many-article run's points on the entry page's trend.
    runs: Vec<html::TrendPoint>,
    own_history: HashMap<String, Vec<HistoryPoint>>,
    pages: Option<tempfile::TempDir>,
    lines: BufWriter<NamedTempFile>,
    /// `report.json`, its articles written as the run goes, after room
    /// kept for its head ([`HEAD_ROOM`]).
    json: BufWriter<NamedTempFile>,
    sections: BufWriter<NamedTempFile>,
    /// Where each article's section is in `sections`.
    spans: Vec<(u64, u64)>,
    section_end: u64,
    suites: Option<(BufWriter<std::fs::File>, junit::Totals)>,
    texts: Vec<String>,
    single: Option<ArticleReport>,
    digest: Digest,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer")
            .field("dir", &self.dir)
            .field("articles", &self.digest.rows.len())
            .finish_non_exhaustive()
    }
}

/// What a run wrote, for what it prints and gates on.
#[derive(Debug)]
pub struct Written {
    /// The run's digest.
    pub digest: Digest,
    /// The folder written.
    pub dir: PathBuf,
    texts: Vec<String>,
    suites: Option<(std::fs::File, junit::Totals)>,
}

fn named(what: &str) -> impl Fn(std::io::Error) -> std::io::Error + '_ {
    move |e| std::io::Error::new(e.kind(), format!("{what}: {e}"))
}

impl Writer {
    /// Starts writing into `dir`, comparing with `baseline` when given.
    ///
    /// # Errors
    /// The folder or a temporary file in it cannot be made.
    pub fn create(dir: &Path, plan: Plan, baseline: Option<Baseline>) -> std::io::Result<Self> {
        if dir.exists() && !dir.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "it is a file, not a folder",
            ));
        }
        std::fs::create_dir_all(dir)?;
        let mut history = html::read_history(&dir.join(history::FILE_NAME));
        let many = plan.expected > 1;
        let (runs, own_history) = if many {
            html::split_history(std::mem::take(&mut history))
        } else {
            (Vec::new(), HashMap::new())
        };
        let pages = many
            .then(|| replace::fresh_folder(dir, ARTICLE_PAGES))
            .transpose()?;
        let suites = (plan.form == Form::Junit)
            .then(|| tempfile::tempfile().map(|f| (BufWriter::new(f), junit::Totals::default())))
            .transpose()?;
        Ok(Self {
            dir: dir.to_path_buf(),
            plan,
            history,
            runs,
            own_history,
            pages,
            lines: BufWriter::new(replace::temp_file(dir, "articles.jsonl")?),
            json: {
                let mut json = BufWriter::new(replace::temp_file(dir, "report.json")?);
                json.write_all(&[b' '; HEAD_ROOM])
                    .map_err(named("report.json"))?;
                json
            },
            sections: BufWriter::new(replace::temp_file(dir, "report.md")?),
            spans: Vec::new(),
            section_end: 0,
            suites,
            texts: Vec::new(),
            single: None,
            digest: Digest::new(plan.confirm, baseline),
        })
    }

    /// Articles written so far.
    #[must_use]
    pub fn articles(&self) -> usize {
        self.digest.rows.len()
    }

    /// Writes the next articles of the run, in its order: rendered on every
    /// core, written one after the other.
    ///
    /// # Errors
    /// A file could not be written; the error names it.
    pub fn add(&mut self, articles: Vec<ArticleReport>) -> std::io::Result<()> {
        let base = self.digest.rows.len();
        let many = self.pages.is_some();
        let keep_text = self.plan.form == Form::Text && self.plan.expected <= text::MAX_ARTICLES;
        let want_suites = self.suites.is_some();
        let pages = self.pages.as_ref().map(tempfile::TempDir::path);
        let (tool, generated_at) = (&self.digest.tool, self.digest.generated_at.as_str());
        let own_history = &self.own_history;
        let rendered: Vec<Rendered> = articles
            .into_par_iter()
            .enumerate()
            .map(|(k, article)| -> std::io::Result<Rendered> {
                let row = ArticleRow::of(base + k, &article);
                let json = serde_json::to_vec(&article).map_err(std::io::Error::other)?;
                let findings = article.findings();
                let mut made = Rendered {
                    coverage: article.sentence_coverage().map(|c| (c.cited, c.total)),
                    section: markdown::section(&article, &findings),
                    text: keep_text.then(|| text::section(&article, &findings)),
                    suite: want_suites.then(|| junit::suite(&article, &findings)),
                    findings,
                    json,
                    row,
                    kept: None,
                };
                match pages {
                    Some(folder) => {
                        let file = made.row.page_name();
                        let own = own_history
                            .get(&made.row.path)
                            .map_or(&[][..], Vec::as_slice);
                        let page = html::article_page(article, tool, generated_at, own);
                        std::fs::write(folder.join(&file), page)
                            .map_err(named(&format!("{ARTICLE_PAGES}/{file}")))?;
                    }
                    None if !many => made.kept = Some(article),
                    None => {}
                }
                Ok(made)
            })
            .collect::<std::io::Result<_>>()?;
        for made in rendered {
            self.take(made)?;
        }
        Ok(())
    }

    /// Writes one rendered article's parts, in the run's order.
    fn take(&mut self, made: Rendered) -> std::io::Result<()> {
        self.lines
            .write_all(&made.json)
            .and_then(|()| self.lines.write_all(b"\n"))
            .map_err(named("articles.jsonl"))?;
        let comma: &[u8] = if self.digest.rows.is_empty() {
            b"\n    "
        } else {
            b",\n    "
        };
        self.json
            .write_all(comma)
            .and_then(|()| self.json.write_all(&made.json))
            .map_err(named("report.json"))?;
        self.sections
            .write_all(made.section.as_bytes())
            .map_err(named("report.md"))?;
        let length = made.section.len() as u64;
        self.spans.push((self.section_end, length));
        self.section_end += length;
        if let Some(text) = made.text {
            self.texts.push(text);
        }
        if let (Some((file, totals)), Some((suite, counts))) = (&mut self.suites, made.suite) {
            file.write_all(suite.as_bytes())?;
            totals.add(counts);
        }
        if let Some(article) = made.kept {
            // A second article means the run was not a one-article run
            // after all (an unlistable folder added late): keep the first.
            self.single.get_or_insert(article);
        }
        self.digest.add(made.row, made.coverage, made.findings);
        Ok(())
    }

    /// Puts the run-level files together and puts every file in place.
    ///
    /// # Errors
    /// A file could not be written; the previous reports are left as they
    /// were.
    pub fn finish(mut self) -> std::io::Result<Written> {
        let comparison = self.digest.comparison();
        let dir = self.dir.clone();
        // report.html: the entry page, or the one article's page.
        let page = if let Some(folder) = self.pages.as_ref() {
            html::render_entry(&self.digest, &self.runs, &mut |name, page| {
                std::fs::write(folder.path().join(name), page)
                    .map_err(named(&format!("{ARTICLE_PAGES}/{name}")))
            })?
        } else {
            let mut report = Report::new(self.single.take().into_iter().collect());
            report.tool = self.digest.tool.clone();
            report.generated_at.clone_from(&self.digest.generated_at);
            html::render(&report, &self.history)
        };
        let mut html_file = replace::temp_file(&dir, "report.html")?;
        html_file
            .write_all(page.as_bytes())
            .map_err(named("report.html"))?;
        drop(page);
        // report.md: the head, then the listed articles' sections.
        let mut sections = self
            .sections
            .into_inner()
            .map_err(|e| named("report.md")(e.into_error()))?;
        let listed = markdown::listed(&self.digest.rows);
        let mut md_file = BufWriter::new(replace::temp_file(&dir, "report.md")?);
        md_file.write_all(markdown::head(&self.digest, comparison.as_ref(), &listed).as_bytes())?;
        for i in listed {
            let (start, length) = self.spans[i];
            sections.seek(SeekFrom::Start(start))?;
            std::io::copy(&mut (&mut sections).take(length), &mut md_file)?;
        }
        drop(sections);
        let md_file = md_file
            .into_inner()
            .map_err(|e| named("report.md")(e.into_error()))?;
        let lines = self
            .lines
            .into_inner()
            .map_err(|e| named("articles.jsonl")(e.into_error()))?;
        let json_file = finish_json(self.json, &self.digest, comparison.as_ref())
            .map_err(named("report.json"))?;
        let mut files = vec![
            ("report.md", md_file),
            ("report.html", html_file),
            ("articles.jsonl", lines),
        ];
        match self.pages.take() {
            Some(folder) => replace::swap_folder(&dir, ARTICLE_PAGES, folder)?,
            None => replace::remove_folder(&dir, ARTICLE_PAGES),
        }
        // report.json last: the set's commit point.
        files.push(("report.json", json_file));
        replace::commit_files(&dir, files)?;
        let suites = match self.suites {
            Some((file, totals)) => Some((
                file.into_inner()
                    .map_err(std::io::IntoInnerError::into_error)?,
                totals,
            )),
            None => None,
        };
        Ok(Written {
            digest: self.digest,
            dir,
            texts: self.texts,
            suites,
        })
    }
}

/// The room kept at the start of `report.json` for its head (the schema
/// version, the tool, the time and the summary: under 2 KB whatever the
/// run), so that the articles can be written as the run goes and the head,
/// known only at the end, put in front of them without copying them. What
/// the head leaves of the room is spaces, which JSON allows between tokens.
const HEAD_ROOM: usize = 8192;

/// Ends `report.json`: closes the list of articles, adds the baseline's
/// comparison, and writes the head into the room kept for it.
fn finish_json(
    json: BufWriter<NamedTempFile>,
    digest: &Digest,
    comparison: Option<&super::baseline::Comparison>,
) -> std::io::Result<NamedTempFile> {
    let other = std::io::Error::other;
    let indented = |value: String| value.replace('\n', "\n  ");
    let mut json = json;
    json.write_all(if digest.rows.is_empty() {
        b"]"
    } else {
        b"\n  ]"
    })?;
    if let Some(comparison) = comparison {
        write!(
            json,
            ",\n  \"baseline\": {}",
            indented(serde_json::to_string_pretty(comparison).map_err(other)?)
        )?;
    }
    json.write_all(b"\n}\n")?;
    let mut file = json
        .into_inner()
        .map_err(std::io::IntoInnerError::into_error)?;
    let head = format!(
        "{{\n  \"schema_version\": {SCHEMA_VERSION},\n  \"tool\": {},\n  \"generated_at\": {},\n  \"summary\": {},",
        serde_json::to_string(&digest.tool).map_err(other)?,
        serde_json::to_string(&digest.generated_at).map_err(other)?,
        indented(serde_json::to_string_pretty(&digest.summary).map_err(other)?),
    );
    let tail = "\n  \"articles\": [";
    let Some(room) = HEAD_ROOM.checked_sub(head.len() + tail.len()) else {
        return Err(std::io::Error::other(format!(
            "the head of report.json ({} bytes) does not fit the {HEAD_ROOM} bytes kept for it",
            head.len()
        )));
    };
    file.seek(SeekFrom::Start(0))?;
    file.write_all(head.as_bytes())?;
    file.write_all(&vec![b' '; room])?;
    file.write_all(tail.as_bytes())?;
    file.flush()?;
    Ok(file)
}

impl Written {
    /// Prints the report in `form` on `out`: the JSON and Markdown forms are
    /// the files just written, the others are made from the digest.
    ///
    /// # Errors
    /// A report file could not be read back, or `out` could not be written.
    pub fn print(&mut self, form: Form, out: &mut dyn Write) -> std::io::Result<()> {
        match form {
            Form::Json => copy_file(&self.dir.join("report.json"), out),
            Form::Markdown => copy_file(&self.dir.join("report.md"), out),
            Form::Text => out.write_all(text::render_digest(&self.digest, &self.texts).as_bytes()),
            Form::Sarif => {
                let kept = self.digest.findings.kept.sorted();
                let total = self.digest.findings.kept.total();
                out.write_all(sarif::render(&self.digest.tool, &kept, total).as_bytes())
            }
            Form::Junit => {
                let Some((file, totals)) = &mut self.suites else {
                    return Ok(());
                };
                let whole = junit::wrap(*totals, "\u{0}");
                let (head, tail) = whole.split_once('\u{0}').unwrap_or((&whole, ""));
                out.write_all(head.as_bytes())?;
                file.seek(SeekFrom::Start(0))?;
                std::io::copy(file, out)?;
                out.write_all(tail.as_bytes())
            }
        }
    }

    /// The GitHub annotations of the run's findings.
    #[must_use]
    pub fn annotations(&self) -> String {
        github::annotations_of(&self.digest.findings)
    }
}

fn copy_file(path: &Path, out: &mut dyn Write) -> std::io::Result<()> {
    let mut file = std::fs::File::open(path)?;
    std::io::copy(&mut file, out).map(drop)
}
