//! The citecheck command line: parses flags, merges them over
//! `citecheck.toml`, runs the library's pipeline, prints and writes the
//! reports, and maps the outcome onto the exit codes of the report contract
//! (0 passed, 1 a threshold broken, 2 could not run).

use citecheck::shard::Shard;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};

use citecheck::article::Source;
use citecheck::check::cache::{AsyncVerdictStore, CacheError, PgStore, SharedPg, SqliteCache};
use citecheck::check::{wiki_page, CacheUse, Progress};
use citecheck::config::CacheAt;
use citecheck::config::{ConfigError, Settings};
use citecheck::options::{self, Options};
use citecheck::report::SnapshotError;
use citecheck::report::{self, github, history, Form, MergeError};
use citecheck::{InputError, SourceResult, Unavailable};

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
    /// Audit as `check` does, then write the fixes of dead links as a patch
    /// (DIR/fixes.patch, DIR being --out) or, with --write, in place.
    Fix(Box<FixArgs>),
}

/// The arguments of `fix`: those of `check`, and how to fix.
#[derive(Debug, clap::Args)]
struct FixArgs {
    #[command(flatten)]
    check: CheckArgs,
    /// Make the edits in place too: each file replaced whole, and one that
    /// changed since the run read it left alone
    #[arg(long)]
    write: bool,
    /// How a Markdown link to a dead page gets its archived copy: the link
    /// points to the copy, or keeps the original with the copy beside it
    #[arg(
        long,
        value_name = "STYLE",
        value_parser = ["replace", "beside"],
        default_value = "replace"
    )]
    fix_style: String,
}

/// What `fix` adds to a run of `check`.
struct Fixing {
    write: bool,
    style: citecheck::fix::FixStyle,
}

/// The arguments of `merge`.
#[derive(Debug, clap::Args)]
struct MergeArgs {
    /// The shards' report.json files.
    #[arg(required = true)]
    reports: Vec<PathBuf>,
    /// Where to write the merged reports
    #[arg(long, value_name = "DIR", default_value = options::DEFAULT_OUT)]
    out: PathBuf,
    /// The configuration file, for the thresholds [default: citecheck.toml, if there is one]
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// The flags of `check`: the options a configuration file can set too, and
/// those that only steer this invocation. Every option left out falls back
/// on `citecheck.toml`, then on the default shown.
#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Audit the paths listed in FILE, one a line (`-` reads them from stdin, as does a `-` path)
    #[arg(long, value_name = "FILE")]
    files_from: Option<PathBuf>,
    /// Audit only the K-th of N disjoint parts of the inputs (stable by path; a multistream dump with its index by streams), e.g. 2/4
    #[arg(long, value_name = "K/N", value_parser = Shard::parse)]
    shard: Option<Shard>,
    /// In a dump, audit the pages of namespace N (repeat or list: 0,14) [default: 0, articles]
    #[arg(long, value_name = "N", value_delimiter = ',')]
    namespace: Vec<i64>,
    /// The index of a multistream dump (`…-multistream-index.txt.bz2`) [default: the one beside the dump, if any]
    #[arg(long, value_name = "FILE")]
    dump_index: Option<PathBuf>,
    /// For a wiki page named by its address: read its wikitext or its HTML
    #[arg(
        long,
        value_name = "FORM",
        value_parser = ["wikitext", "html"],
        default_value = "wikitext"
    )]
    wiki_format: String,
    /// The configuration file [default: citecheck.toml, if there is one]
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(flatten)]
    options: Options,
}

/// Why a run stops before its reports are complete: one line for stderr,
/// naming the file and the cause, and exit code 2.
#[derive(Debug, thiserror::Error)]
enum RunError {
    /// The configuration file cannot be read or holds a bad value.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The inputs cannot be gathered.
    #[error(transparent)]
    Inputs(#[from] InputError),
    /// The baseline report cannot be read.
    #[error(transparent)]
    Baseline(#[from] SnapshotError),
    /// A shard's report cannot be read.
    #[error(transparent)]
    Shard(#[from] MergeError),
    /// The list of paths cannot be read from stdin.
    #[error("-: cannot read the list of paths from stdin: {0}")]
    PathsFromStdin(#[source] std::io::Error),
    /// The list of paths cannot be read from its file.
    #[error("{}: cannot read the list of paths: {source}", .file.display())]
    PathsFromFile {
        file: PathBuf,
        source: std::io::Error,
    },
    /// The shared store cannot be used: its processes count on it.
    #[error(transparent)]
    Store(CacheError),
    /// The async runtime does not start.
    #[error("cannot start the async runtime: {0}")]
    Runtime(#[source] std::io::Error),
    /// The report files cannot be written.
    #[error("{}: cannot write reports: {source}", .out.display())]
    Reports {
        out: PathBuf,
        source: std::io::Error,
    },
    /// The history line cannot be appended.
    #[error("{}: cannot append to {}: {source}", .out.display(), history::FILE_NAME)]
    History {
        out: PathBuf,
        source: std::io::Error,
    },
    /// report.md cannot be read back for the GitHub step summary.
    #[error("{}: cannot read report.md: {source}", .out.display())]
    Summary {
        out: PathBuf,
        source: std::io::Error,
    },
}

impl RunError {
    /// A report file of folder `out` cannot be written.
    fn reports(out: &Path) -> impl Fn(std::io::Error) -> Self + '_ {
        move |source| Self::Reports {
            out: out.to_path_buf(),
            source,
        }
    }
}

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let outcome = match cli.command {
        Command::Check(args) => {
            let flags = matches.subcommand_matches("check").unwrap_or(&matches);
            check(*args, flags)
        }
        Command::Merge(args) => {
            let flags = matches.subcommand_matches("merge").unwrap_or(&matches);
            merge(&args, flags)
        }
        Command::Fix(args) => {
            let flags = matches.subcommand_matches("fix").unwrap_or(&matches);
            let fixing = Fixing {
                write: args.write,
                style: citecheck::fix::FixStyle::parse(&args.fix_style).unwrap_or_default(),
            };
            check_fixing(args.check, flags, Some(fixing))
        }
    };
    outcome.unwrap_or_else(|e| {
        eprintln!("citecheck: {e}");
        ExitCode::from(2)
    })
}

/// Merges shards' report.json files into one run's reports. `flags` are
/// the matches `args` were parsed from.
fn merge(args: &MergeArgs, flags: &ArgMatches) -> Result<ExitCode, RunError> {
    let mut options = Options::find(args.config.as_deref())?;
    options.offline = true;
    if options::given(flags, "out") {
        options.out.clone_from(&args.out);
    }
    let mut settings = options.resolve()?;
    settings.check.progress = Progress::Hidden;
    let mut articles = Vec::new();
    for path in &args.reports {
        articles.extend(report::read_articles(path)?);
    }
    // One run lists its files in the order of their paths, then each
    // dump's pages in the dump's order (by page id).
    articles.sort_by(|a, b| {
        let key = |r: &report::ArticleReport| {
            r.dump
                .as_ref()
                .map(|d| (d.file.clone(), d.page_id.unwrap_or(0)))
        };
        key(a).cmp(&key(b)).then_with(|| a.path.cmp(&b.path))
    });
    let plan = report::Plan {
        expected: articles.len(),
        form: settings.form,
        confirm: settings.thresholds.confirm,
    };
    let out = settings.out.clone();
    let cannot_write = RunError::reports(&out);
    let mut writer = report::Writer::create(&settings.out, plan, None).map_err(&cannot_write)?;
    while !articles.is_empty() {
        let rest = articles.split_off(articles.len().min(64));
        writer
            .add(std::mem::replace(&mut articles, rest))
            .map_err(&cannot_write)?;
    }
    let mut written = writer.finish().map_err(cannot_write)?;
    write_outputs(&mut written, &settings)?;
    gate(&written, &settings)
}

/// The exit code of a run whose reports are written: 2 when an input could
/// not be read, 1 when a threshold is broken (each named on stderr), else 0.
fn gate(written: &report::Written, settings: &Settings) -> Result<ExitCode, RunError> {
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
) -> Result<Option<Vec<PathBuf>>, RunError> {
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
            .map_err(RunError::PathsFromStdin)?;
        read(text);
    }
    if let Some(file) = files_from.filter(|f| f.as_os_str() != "-") {
        let text = std::fs::read_to_string(file).map_err(|source| RunError::PathsFromFile {
            file: file.to_path_buf(),
            source,
        })?;
        read(text);
    }
    Ok(Some(listed))
}

/// Audits what `args` name. `flags` are the matches `args` were parsed
/// from: they tell which options the command line gave.
fn check(args: CheckArgs, flags: &ArgMatches) -> Result<ExitCode, RunError> {
    check_fixing(args, flags, None)
}

/// [`check`], and with `fixing` the fixes of what it found.
#[allow(clippy::too_many_lines)] // one run, step by step
fn check_fixing(
    args: CheckArgs,
    flags: &ArgMatches,
    fixing: Option<Fixing>,
) -> Result<ExitCode, RunError> {
    let wiki_format = match args.wiki_format.as_str() {
        "html" => citecheck::article::Format::Html,
        _ => citecheck::article::Format::Wikitext,
    };
    let file = Options::find(args.config.as_deref())?;
    let named: &[PathBuf] = if options::given(flags, "paths") {
        &args.options.paths
    } else {
        &[]
    };
    let listed = listed_paths(named, args.files_from.as_deref())?;
    let mut settings = args.options.over(file, flags).resolve()?;
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
    let shard = args.shard;
    let addresses: Vec<PathBuf> = addresses
        .into_iter()
        .filter(|a| shard.is_none_or(|s| s.holds(&a.to_string_lossy())))
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
        inputs.files.retain(|f| shard.holds(&f.to_string_lossy()));
    }
    let baseline = settings
        .baseline
        .as_deref()
        .map(report::Baseline::read)
        .transpose()?;
    let runtime = tokio::runtime::Runtime::new().map_err(RunError::Runtime)?;
    let cache = open_cache(&mut settings, &runtime)?;
    if let Some(Store::Shared(store)) = &cache {
        settings.check.network.shared = Some(Arc::new(SharedPg(Arc::clone(store))));
    }
    let cache_use = cache.as_ref().map(|store| CacheUse {
        store: store.as_async(),
        freshness: &settings.freshness,
    });
    let mut sources: Vec<SourceResult> = inputs
        .files
        .iter()
        .map(|p| Ok(Source::File(p.clone())))
        .collect();
    for address in &addresses {
        let address = address.to_string_lossy();
        let page = runtime.block_on(wiki_page::fetch(&address, wiki_format, &settings.check));
        sources.push(page.map(Source::Fetched).map_err(|e| Unavailable {
            name: PathBuf::from(address.as_ref()),
            why: Box::new(e),
        }));
    }
    let dump_options = citecheck::article::dump::DumpOptions {
        namespaces: args.namespace.clone(),
        shard,
        index: args.dump_index.clone(),
    };
    let articles = citecheck::Articles {
        sources: &sources,
        dumps: &inputs.dumps,
        dump_options: &dump_options,
    };
    // A dump holds an unknown number of pages: many.
    let dumped = if inputs.dumps.is_empty() {
        0
    } else {
        usize::MAX / 2
    };
    let plan = report::Plan {
        expected: sources.len() + inputs.unlistable.len() + dumped,
        form: settings.form,
        confirm: settings.thresholds.confirm,
    };
    let out = settings.out.clone();
    let cannot_write = RunError::reports(&out);
    let mut writer =
        report::Writer::create(&settings.out, plan, baseline).map_err(&cannot_write)?;
    let mut fixer = fixing.as_ref().map(|f| {
        let root = settings
            .check
            .root_dir
            .clone()
            .or_else(|| {
                std::env::current_dir()
                    .ok()
                    .and_then(|d| citecheck::check::files::git_root(&d))
            })
            .unwrap_or_else(|| PathBuf::from("."));
        let options = citecheck::fix::FixOptions {
            style: f.style,
            month: citecheck::fix::month_of(chrono::Utc::now()),
        };
        report::fixes::FixWriter::new(&root, options, settings.thresholds.confirm)
    });
    // Each article is written as soon as it is judged; an unreadable one is
    // named on stderr as it goes by.
    let mut write = |mut articles: Vec<report::ArticleReport>| {
        for article in &mut articles {
            if let Some(error) = &article.error {
                eprintln!("citecheck: {error}");
            }
            if let Some(fixer) = &mut fixer {
                article.fixes = fixer.take(article, &article.findings());
            }
        }
        writer.add(articles)
    };
    let outcome = runtime
        .block_on(citecheck::audit_each(
            articles,
            &settings.check,
            cache_use,
            &mut write,
        ))
        .map_err(&cannot_write)?;
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
    .map_err(&cannot_write)?;
    for (dump, skipped) in &outcome.skipped {
        eprintln!(
            "citecheck: {}: not audited: {} redirect(s), {} page(s) of other namespaces, {} page(s) not in wikitext, {} page(s) of other shards",
            citecheck::article::path_text(dump),
            skipped.redirects,
            skipped.namespaces,
            skipped.models,
            skipped.other_shards
        );
    }
    for e in &outcome.cache_errors {
        eprintln!("citecheck: warning: {e}");
    }
    // A shared store lost during the run: what was judged is reported, and
    // the run fails (exit 2), as the store's other processes lost it too.
    let store_lost = match &cache {
        Some(Store::Shared(store)) => {
            runtime.block_on(store.close());
            store.is_lost() || outcome.cache_errors.iter().any(CacheError::is_shared)
        }
        _ => false,
    };
    for failure in &outcome.lookup_failures {
        eprintln!("citecheck: warning: {failure}");
    }
    if outcome.from_cache > 0 {
        eprintln!(
            "citecheck: {} URL(s) answered from the cache",
            outcome.from_cache
        );
    }
    let mut written = writer.finish().map_err(&cannot_write)?;
    write_outputs(&mut written, &settings)?;
    let mut refused = false;
    if let (Some(fixer), Some(fixing)) = (fixer, &fixing) {
        let outcome = fixer
            .finish(&settings.out, fixing.write)
            .map_err(&cannot_write)?;
        let patch = settings.out.join(report::fixes::FILE_NAME);
        eprintln!(
            "citecheck: {} fix(es) in {} file(s): {}{}{}",
            outcome.fixes,
            outcome.files,
            citecheck::article::path_text(&patch),
            if fixing.write {
                format!("; {} file(s) fixed in place", outcome.written)
            } else {
                String::new()
            },
            if outcome.listed > 0 {
                format!(
                    "; {} more listed in the reports for articles citecheck does not edit (HTML, dumps, wiki pages)",
                    outcome.listed
                )
            } else {
                String::new()
            }
        );
        for why in &outcome.refused {
            eprintln!("citecheck: {why}");
        }
        refused = !outcome.refused.is_empty();
    }
    if store_lost || refused {
        return Ok(ExitCode::from(2));
    }
    gate(&written, &settings)
}

/// The store a run keeps its verdicts in.
enum Store {
    /// This machine's SQLite file.
    File(SqliteCache),
    /// The PostgreSQL store shared with other processes.
    Shared(Arc<PgStore>),
}

impl Store {
    fn as_async(&self) -> &dyn AsyncVerdictStore {
        match self {
            Self::File(sqlite) => sqlite,
            Self::Shared(pg) => pg.as_ref(),
        }
    }
}

/// Opens the cache the settings name, rebuilding a corrupt one. Without a
/// cache, `--confirm` cannot look back, so every dead link counts. A cache
/// file that cannot be used is one warning: the run goes on without it, and
/// its exit code is the audit's. A shared store that cannot be reached ends
/// the run (exit 2): going on without it would break the limits the other
/// processes keep through it.
fn open_cache(
    settings: &mut Settings,
    runtime: &tokio::runtime::Runtime,
) -> Result<Option<Store>, RunError> {
    let cache = match &settings.cache {
        None => None,
        Some(_) if settings.check.offline => return Ok(None),
        Some(CacheAt::Postgres(address)) => {
            let store = runtime
                .block_on(PgStore::connect(address, settings.lease))
                .map_err(RunError::Store)?;
            Some(Store::Shared(store))
        }
        Some(CacheAt::File(path)) => match SqliteCache::open_or_rebuild(path) {
            Ok((cache, rebuilt)) => {
                if let Some(why) = rebuilt {
                    eprintln!("citecheck: {why}; rebuilt it empty");
                }
                Some(Store::File(cache))
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
    Ok(cache)
}

/// Appends the history line, prints the chosen form on stdout, and feeds
/// GitHub Actions when running there. The report files are written.
fn write_outputs(written: &mut report::Written, settings: &Settings) -> Result<(), RunError> {
    let out = &settings.out;
    history::append(&written.digest, out, history::current_commit()).map_err(|source| {
        RunError::History {
            out: out.clone(),
            source,
        }
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
            let markdown = std::fs::read_to_string(out.join("report.md")).map_err(|source| {
                RunError::Summary {
                    out: out.clone(),
                    source,
                }
            })?;
            if let Err(e) = github::append_summary(summary.as_ref(), &markdown) {
                eprintln!("citecheck: warning: cannot write the step summary: {e}");
            }
        }
    }
    // A closed stdout (`| head`) is not a reason to fail the audit.
    let _ = written.print(settings.form, &mut stdout);
    Ok(())
}
