//! The citecheck command line: parses flags, runs the library's pipeline,
//! prints and writes the reports, and maps the outcome onto the exit codes of
//! the report contract (0 passed, 1 a threshold broken, 2 could not run).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

use citecheck::check::{CheckOptions, Progress};
use citecheck::report::{self, Form};

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
    Check(CheckArgs),
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Files or folders to audit (folders are searched for *.md).
    #[arg(default_value = "sources")]
    paths: Vec<PathBuf>,
    /// Where to write report.json and report.md.
    #[arg(long, default_value = "reports")]
    out: PathBuf,
    /// Also print this form of the report on stdout.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// No network at all: static checks only; web links are "unchecked".
    #[arg(long)]
    offline: bool,
    /// Contact loopback, private and link-local addresses (otherwise "excluded").
    #[arg(long)]
    allow_private: bool,
    /// Seconds allowed for one request.
    #[arg(long, default_value_t = 20.0, value_name = "SECS")]
    timeout: f64,
    /// Requests in flight at once, over all hosts.
    #[arg(long, default_value_t = 64, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    max_concurrency: u32,
    /// Requests in flight at once to one host.
    #[arg(long, default_value_t = 4, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    max_per_host: u32,
    /// Further attempts after a transient failure (429, 5xx, timeout, connection error).
    #[arg(long, default_value_t = 2, value_name = "N")]
    retries: u32,
    /// Least time between the starts of two requests to one host, in milliseconds.
    #[arg(long, default_value_t = 0, value_name = "MS")]
    min_interval: u64,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Md,
    Text,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(args),
    }
}

fn check(args: CheckArgs) -> ExitCode {
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        eprintln!("citecheck: --timeout must be a positive number of seconds");
        return ExitCode::from(2);
    }
    let files = match citecheck::collect_inputs(&args.paths) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("citecheck: {e}");
            return ExitCode::from(2);
        }
    };
    let options = CheckOptions {
        offline: args.offline,
        allow_private: args.allow_private,
        timeout: Duration::from_secs_f64(args.timeout),
        max_concurrency: args.max_concurrency as usize,
        max_per_host: args.max_per_host as usize,
        retries: args.retries,
        min_interval: Duration::from_millis(args.min_interval),
        // A live bar only where a person watches; logs get one summary line.
        progress: if std::io::stderr().is_terminal() {
            Progress::Bar
        } else {
            Progress::Summary
        },
        ..CheckOptions::default()
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("citecheck: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let report = runtime.block_on(citecheck::audit(&files, &options));
    for article in &report.articles {
        if let Some(error) = &article.error {
            eprintln!("citecheck: {error}");
        }
    }
    if let Err(e) = report::write_all(&report, &args.out) {
        eprintln!(
            "citecheck: {}: cannot write reports: {e}",
            args.out.display()
        );
        return ExitCode::from(2);
    }
    let form = match args.format {
        Format::Json => Form::Json,
        Format::Md => Form::Markdown,
        Format::Text => Form::Text,
    };
    match report::render(&report, form) {
        Ok(text) => {
            // A closed stdout (`| head`) is not a reason to fail the audit.
            let _ = std::io::stdout().write_all(text.as_bytes());
        }
        Err(e) => {
            eprintln!("citecheck: cannot render the report: {e}");
            return ExitCode::from(2);
        }
    }
    if report.summary.unreadable > 0 {
        return ExitCode::from(2);
    }
    let broken = report.broken_thresholds();
    for reason in &broken {
        eprintln!("citecheck: threshold broken: {reason}");
    }
    if broken.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
