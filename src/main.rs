//! The citecheck command line: parses flags, merges them over
//! `citecheck.toml`, runs the library's pipeline, prints and writes the
//! reports, and maps the outcome onto the exit codes of the report contract
//! (0 passed, 1 a threshold broken, 2 could not run).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::builder::PossibleValuesParser;
use clap::{Parser, Subcommand};

use citecheck::article::Source;
use citecheck::check::cache::SqliteCache;
use citecheck::check::{wiki_page, CacheUse, Progress};
use citecheck::config::{Config, Settings, Share};
use citecheck::report::{self, github, history, Form};

#[derive(Debug, Parser)]
#[command(
    name = "citecheck",
    version,
    about = "Audit the sources of an article: footnotes, citation coverage, links and ISBNs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Audit articles and write reports.
    Check(Box<CheckArgs>),
    /// Merge the report.json files of shards (`check --shard K/N`) into the
    /// reports one run would have written.
    Merge(MergeArgs),
}

/// The arguments of `merge`.
#[derive(Debug, clap::Args)]
struct MergeArgs {
    /// The shards' report.json files.
    #[arg(required = true)]
    reports: Vec<PathBuf>,
    /// Where to write the merged reports [default: reports]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The configuration file, for the thresholds [default: citecheck.toml, if there is one]
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// The flags of `check`. Every one left out falls back on `citecheck.toml`,
/// then on the default shown.
#[derive(Debug, clap::Args)]
#[allow(clippy::struct_excessive_bools)] // one per on/off flag
struct CheckArgs {
    /// Files, folders or wiki page addresses to audit (folders are searched for *.md, *.wikitext, *.html) [default: sources]
    paths: Vec<PathBuf>,
    /// Leave out input paths that match this glob (repeatable; also `exclude_path` in the config)
    #[arg(long, value_name = "GLOB")]
    exclude_path: Vec<String>,
    /// Audit the paths listed in FILE, one a line (`-` reads them from stdin, as does a `-` path)
    #[arg(long, value_name = "FILE")]
    files_from: Option<PathBuf>,
    /// Audit only the K-th of N disjoint parts of the inputs (stable by path), e.g. 2/4
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    shard: Option<(u64, u64)>,
    /// For a wiki page named by its address: read its wikitext or its HTML [default: wikitext]
    #[arg(long, value_name = "FORM", value_parser = ["wikitext", "html"])]
    wiki_format: Option<String>,
    /// The configuration file [default: citecheck.toml, if there is one]
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Where to write report.json, report.md, report.html and history.jsonl [default: reports]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Also print this form of the report on stdout [default: text]
    #[arg(long, value_parser = PossibleValuesParser::new(Form::NAMES))]
    format: Option<String>,
    /// No network at all: static checks only; web links are "unchecked".
    #[arg(long)]
    offline: bool,
    /// Contact loopback, private and link-local addresses (otherwise "excluded").
    #[arg(long)]
    allow_private: bool,
    /// The link-result cache [default: .citecheck/cache.sqlite]
    #[arg(long, value_name = "FILE", conflicts_with = "no_cache")]
    cache: Option<PathBuf>,
    /// Check every link afresh and keep no history.
    #[arg(long)]
    no_cache: bool,
    /// Seconds allowed for one request [default: 20]
    #[arg(long, value_name = "SECS")]
    timeout: Option<f64>,
    /// Requests in flight at once, over all hosts [default: 64]
    #[arg(long, value_name = "N")]
    max_concurrency: Option<u32>,
    /// Requests in flight at once to one host [default: 4]
    #[arg(long, value_name = "N")]
    max_per_host: Option<u32>,
    /// Further attempts after a transient failure (429, 5xx, timeout, connection error) [default: 2]
    #[arg(long, value_name = "N")]
    retries: Option<u32>,
    /// Count a dead link only after N failed checks at least a day apart [default: 1]
    #[arg(long, value_name = "N")]
    confirm: Option<u32>,
    /// An earlier report.json: only what got worse fails the build.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// The least share of cited sentences: 0.8, 80 or 80%.
    #[arg(long, value_name = "SHARE")]
    min_coverage: Option<String>,
    /// Allow up to N dead links (dead, soft_404, missing_file) before failing.
    #[arg(long, value_name = "N")]
    max_dead: Option<usize>,
    /// Problems that fail the build, comma-separated: a link status (dead,
    /// soft_404, missing_file, redirected, blocked, server_error, timeout,
    /// unreachable, invalid), invalid_isbn, empty_note, dangling, uncited_paragraph, unsupported (a
    /// cited page that may not back its sentence), orphaned
    /// [default: dead,soft_404,missing_file,invalid_isbn]
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    fail_on: Option<Vec<String>>,
    /// Least time between the starts of two requests to one host, in milliseconds [default: 0]
    #[arg(long, value_name = "MS")]
    min_interval: Option<u64>,
    /// Wayback-compatible availability API asked for snapshots of dead,
    /// soft-404, unreachable and timed-out links [default: https://archive.org/wayback/available]
    #[arg(long, value_name = "URL", conflicts_with = "no_archive")]
    archive_endpoint: Option<String>,
    /// Ask no web archive for snapshots; archive_url stays null.
    #[arg(long)]
    no_archive: bool,
    /// Open-Library-compatible ISBN API asked about valid ISBNs [default: https://openlibrary.org/api/books]
    #[arg(long, value_name = "URL", conflicts_with = "no_isbn_lookup")]
    isbn_endpoint: Option<String>,
    /// Look no ISBN up in a catalogue; catalogue stays null.
    #[arg(long)]
    no_isbn_lookup: bool,
    /// The repository root: links to `/path` start here, and local links
    /// that lead outside it are invalid [default: the git root of the current
    /// folder, else the current folder]
    #[arg(long, value_name = "DIR")]
    root_dir: Option<PathBuf>,
    /// Check the fragment of web links (`https://…/page#id`) against the ids
    /// of the fetched page; a missing one makes the link dead
    #[arg(long)]
    include_fragments: bool,
    /// Do not judge whether each cited page supports the sentence that
    /// cites it (`claims` stay empty)
    #[arg(long)]
    no_claims: bool,
}

impl CheckArgs {
    /// The flags as a configuration, to lay over the file's.
    fn config(self) -> Config {
        let flag = |on: bool| on.then_some(true);
        Config {
            paths: (!self.paths.is_empty()).then_some(self.paths),
            out: self.out,
            format: self.format,
            offline: flag(self.offline),
            allow_private: flag(self.allow_private),
            cache: self.cache,
            no_cache: flag(self.no_cache),
            timeout: self.timeout,
            max_concurrency: self.max_concurrency,
            max_per_host: self.max_per_host,
            retries: self.retries,
            confirm: self.confirm,
            baseline: self.baseline,
            min_coverage: self.min_coverage.map(Share::Text),
            max_dead: self.max_dead,
            fail_on: self.fail_on,
            min_interval: self.min_interval,
            // An endpoint on the command line turns the lookup on, even
            // when the file turns it off.
            no_archive: flag(self.no_archive).or(self.archive_endpoint.is_some().then_some(false)),
            no_isbn_lookup: flag(self.no_isbn_lookup)
                .or(self.isbn_endpoint.is_some().then_some(false)),
            archive_endpoint: self.archive_endpoint,
            isbn_endpoint: self.isbn_endpoint,
            root_dir: self.root_dir,
            include_fragments: flag(self.include_fragments),
            no_claims: flag(self.no_claims),
            ..Config::default()
        }
    }
}

/// Why a run ends early: a message for stderr, and the exit code.
struct Stop(String);

impl<E: std::fmt::Display> From<E> for Stop {
    fn from(e: E) -> Self {
        Self(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => match check(*args) {
            Ok(code) => code,
            Err(Stop(message)) => {
                eprintln!("citecheck: {message}");
                ExitCode::from(2)
            }
        },
        Command::Merge(args) => match merge(&args) {
            Ok(code) => code,
            Err(Stop(message)) => {
                eprintln!("citecheck: {message}");
                ExitCode::from(2)
            }
        },
    }
}

/// `K/N` with 1 ≤ K ≤ N.
fn parse_shard(text: &str) -> Result<(u64, u64), String> {
    let (k, n) = text
        .split_once('/')
        .ok_or_else(|| format!("{text}: expected K/N, such as 2/4"))?;
    let k: u64 = k
        .trim()
        .parse()
        .map_err(|_| format!("{text}: K is not a number"))?;
    let n: u64 = n
        .trim()
        .parse()
        .map_err(|_| format!("{text}: N is not a number"))?;
    if n == 0 || k == 0 || k > n {
        return Err(format!("{text}: expected 1 <= K <= N"));
    }
    Ok((k, n))
}

/// Whether an input belongs to shard `k` of `n`: by a hash of its path as
/// given, so each input's shard never depends on the others.
fn in_shard(path: &Path, (k, n): (u64, u64)) -> bool {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(path.to_string_lossy().as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first) % n == k - 1
}

/// Merges shards' report.json files into one run's reports.
fn merge(args: &MergeArgs) -> Result<ExitCode, Stop> {
    let file = Config::find(args.config.as_deref())?;
    let mut settings = Config {
        out: args.out.clone(),
        offline: Some(true),
        ..Config::default()
    }
    .over(file)
    .resolve()?;
    settings.check.progress = Progress::Hidden;
    let mut articles = Vec::new();
    for path in &args.reports {
        articles.extend(report::read_articles(path)?);
    }
    // One run lists its inputs in the order of their paths.
    articles.sort_by(|a, b| a.path.cmp(&b.path));
    let plan = report::Plan {
        expected: articles.len(),
        form: settings.form,
        confirm: settings.thresholds.confirm,
    };
    let out = settings.out.clone();
    let cannot_write = |e: std::io::Error| format!("{}: cannot write reports: {e}", out.display());
    let mut writer = report::Writer::create(&settings.out, plan, None).map_err(cannot_write)?;
    while !articles.is_empty() {
        let rest = articles.split_off(articles.len().min(64));
        writer
            .add(std::mem::replace(&mut articles, rest))
            .map_err(cannot_write)?;
    }
    let mut written = writer.finish().map_err(cannot_write)?;
    write_outputs(&mut written, &settings)?;
    gate(&written, &settings)
}

/// The exit code of a run whose reports are written: 2 when an input could
/// not be read, 1 when a threshold is broken (each named on stderr), else 0.
fn gate(written: &report::Written, settings: &Settings) -> Result<ExitCode, Stop> {
    if written.digest.summary.unreadable > 0 {
        return Ok(ExitCode::from(2));
    }
    let broken = settings.thresholds.broken(&written.digest);
    for reason in &broken {
        eprintln!("citecheck: threshold broken: {reason}");
    }
    Ok(if broken.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The paths a run audits when they are listed rather than given: a `-`
/// argument or `--files-from -` reads them from stdin, `--files-from FILE`
/// from a file, one a line (blank lines skipped). `None` when nothing is
/// listed.
fn listed_paths(
    paths: &[PathBuf],
    files_from: Option<&Path>,
) -> Result<Option<Vec<PathBuf>>, Stop> {
    let stdin_named = paths.iter().any(|p| p.as_os_str() == "-");
    if files_from.is_none() && !stdin_named {
        return Ok(None);
    }
    let mut listed: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    let mut read = |text: String| {
        listed.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(PathBuf::from),
        );
    };
    let from_stdin = stdin_named || files_from.is_some_and(|f| f.as_os_str() == "-");
    if from_stdin {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .map_err(|e| format!("-: cannot read the list of paths from stdin: {e}"))?;
        read(text);
    }
    if let Some(file) = files_from.filter(|f| f.as_os_str() != "-") {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("{}: cannot read the list of paths: {e}", file.display()))?;
        read(text);
    }
    Ok(Some(listed))
}

fn check(args: CheckArgs) -> Result<ExitCode, Stop> {
    let wiki_format = match args.wiki_format.as_deref() {
        Some("html") => citecheck::article::Format::Html,
        _ => citecheck::article::Format::Wikitext,
    };
    let file = Config::find(args.config.as_deref())?;
    let extra_excludes = args.exclude_path.clone();
    let args_shard = args.shard;
    let listed = listed_paths(&args.paths, args.files_from.as_deref())?;
    let mut settings = args.config().over(file).resolve()?;
    settings.exclude_paths.extend(extra_excludes);
    if let Some(listed) = listed {
        settings.paths = listed;
    }
    // A live bar only where a person watches; logs get one summary line.
    settings.check.progress = if std::io::stderr().is_terminal() {
        Progress::Bar
    } else {
        Progress::Summary
    };
    // Addresses are wiki pages; everything else is a file or a folder.
    let (addresses, paths): (Vec<PathBuf>, Vec<PathBuf>) = settings
        .paths
        .iter()
        .cloned()
        .partition(|p| wiki_page::is_address(&p.to_string_lossy()));
    let shard = args_shard;
    let addresses: Vec<PathBuf> = addresses
        .into_iter()
        .filter(|a| shard.is_none_or(|s| in_shard(a, s)))
        .collect();
    let mut inputs = if paths.is_empty() {
        citecheck::Inputs::default()
    } else {
        let selection = citecheck::Selection {
            exclude: settings.exclude_paths.clone(),
            out: Some(settings.out.clone()),
        };
        citecheck::select_inputs(&paths, &selection)?
    };
    if let Some(shard) = shard {
        inputs.files.retain(|f| in_shard(f, shard));
    }
    let baseline = settings
        .baseline
        .as_deref()
        .map(report::Baseline::read)
        .transpose()?;
    let cache = open_cache(&mut settings);
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let cache_use = cache.as_ref().map(|store| CacheUse {
        store,
        freshness: &settings.freshness,
    });
    let mut sources: Vec<Result<Source, (PathBuf, String)>> = inputs
        .files
        .iter()
        .map(|p| Ok(Source::File(p.clone())))
        .collect();
    for address in &addresses {
        let address = address.to_string_lossy();
        let page = runtime.block_on(wiki_page::fetch(&address, wiki_format, &settings.check));
        sources.push(
            page.map(Source::Fetched)
                .map_err(|e| (PathBuf::from(address.as_ref()), e.to_string())),
        );
    }
    let plan = report::Plan {
        expected: sources.len() + inputs.unlistable.len(),
        form: settings.form,
        confirm: settings.thresholds.confirm,
    };
    let out = settings.out.clone();
    let cannot_write = |e: std::io::Error| format!("{}: cannot write reports: {e}", out.display());
    let mut writer = report::Writer::create(&settings.out, plan, baseline).map_err(cannot_write)?;
    // Each article is written as soon as it is judged; an unreadable one is
    // named on stderr as it goes by.
    let mut write = |articles: Vec<report::ArticleReport>| {
        for article in &articles {
            if let Some(error) = &article.error {
                eprintln!("citecheck: {error}");
            }
        }
        writer.add(articles)
    };
    let outcome = runtime
        .block_on(citecheck::audit_each(
            &sources,
            &settings.check,
            cache_use,
            &mut write,
        ))
        .map_err(cannot_write)?;
    // A folder that cannot be listed is named like an unreadable file: on
    // stderr, in the report, and in the exit code (2).
    write(
        inputs
            .unlistable
            .iter()
            .map(|e| {
                report::ArticleReport::unreadable(e.path().unwrap_or(Path::new("")), e.to_string())
            })
            .collect(),
    )
    .map_err(cannot_write)?;
    for e in &outcome.cache_errors {
        eprintln!("citecheck: warning: {e}");
    }
    for failure in &outcome.lookup_failures {
        eprintln!("citecheck: warning: {failure}");
    }
    if outcome.from_cache > 0 {
        eprintln!(
            "citecheck: {} URL(s) answered from the cache",
            outcome.from_cache
        );
    }
    let mut written = writer.finish().map_err(cannot_write)?;
    write_outputs(&mut written, &settings)?;
    gate(&written, &settings)
}

/// Opens the cache the settings name, rebuilding a corrupt one. Without a
/// cache, `--confirm` cannot look back, so every dead link counts. A cache
/// that cannot be used is one warning: the run goes on without it, and its
/// exit code is the audit's.
fn open_cache(settings: &mut Settings) -> Option<SqliteCache> {
    let cache = match &settings.cache {
        None => None,
        Some(_) if settings.check.offline => return None,
        Some(path) => match SqliteCache::open_or_rebuild(path) {
            Ok((cache, rebuilt)) => {
                if let Some(why) = rebuilt {
                    eprintln!("citecheck: {why}; rebuilt it empty");
                }
                Some(cache)
            }
            Err(e) => {
                eprintln!("citecheck: warning: {e}; going on without the cache");
                None
            }
        },
    };
    if cache.is_none() && settings.thresholds.confirm > 1 {
        eprintln!("citecheck: warning: --confirm needs the cache; every dead link counts");
        settings.thresholds.confirm = 1;
    }
    cache
}

/// Appends the history line, prints the chosen form on stdout, and feeds
/// GitHub Actions when running there. The report files are written.
fn write_outputs(written: &mut report::Written, settings: &Settings) -> Result<(), Stop> {
    let out = &settings.out;
    history::append(&written.digest, out, history::current_commit()).map_err(|e| {
        format!(
            "{}: cannot append to {}: {e}",
            out.display(),
            history::FILE_NAME
        )
    })?;
    let mut stdout = std::io::stdout().lock();
    if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
        let annotations = written.annotations();
        // Annotations go to stdout with the text summary; any other form
        // (Markdown, JSON, SARIF, JUnit) would be corrupted by them, and the
        // runner reads workflow commands on stderr too.
        if settings.form == Form::Text {
            let _ = stdout.write_all(annotations.as_bytes());
        } else {
            eprint!("{annotations}");
        }
        if let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY") {
            let markdown = std::fs::read_to_string(out.join("report.md"))
                .map_err(|e| format!("{}: cannot read report.md: {e}", out.display()))?;
            if let Err(e) = github::append_summary(summary.as_ref(), &markdown) {
                eprintln!("citecheck: warning: cannot write the step summary: {e}");
            }
        }
    }
    // A closed stdout (`| head`) is not a reason to fail the audit.
    let _ = written.print(settings.form, &mut stdout);
    Ok(())
}
