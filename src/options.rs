//! Every option of a run, written once: [`Options`] is both the flags of
//! `citecheck check` (clap) and the keys of `citecheck.toml` (serde), so a
//! key is its flag with underscores for dashes, and each option's doc comment
//! is its `--help` line. Defaults are constants ([`DEFAULT_OUT`] here,
//! [`DEFAULT_TIMEOUT_SECS`] and its kin in [`check::options`](crate::check::options)), which
//! the help shows, clap applies to a flag left out, and serde to a key left
//! out.
//!
//! The command line lays its options over the file's with one rule, in
//! [`Options::over`]: an option the command line gives wins, every other is
//! the file's. This module reads no file and checks no value: that is
//! [`config`](crate::config).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::LazyLock;

use clap::builder::PossibleValuesParser;
use clap::parser::ValueSource;
use clap::{ArgMatches, Args, FromArgMatches};
use serde::Deserialize;

pub use crate::check::options::{
    DEFAULT_MAX_CONCURRENCY, DEFAULT_MAX_PER_HOST, DEFAULT_MIN_INTERVAL_MS, DEFAULT_RETRIES,
    DEFAULT_TIMEOUT_SECS,
};
use crate::check::{archive, cache, catalogue, doi_registry};
use crate::report::{Form, Problem};

/// How long claims in a shared store last unless renewed, in seconds.
pub const DEFAULT_LEASE_SECS: f64 = 30.0;
/// The inputs audited when none are named.
pub const DEFAULT_PATHS: &str = "sources";
/// The report folder.
pub const DEFAULT_OUT: &str = "reports";
/// The form of the report printed on stdout.
pub const DEFAULT_FORMAT: &str = "text";
/// Failed checks, a day apart, before a dead web link counts.
pub const DEFAULT_CONFIRM: u32 = 1;
/// The problems that fail the build, as `--fail-on` spells them:
/// [`Problem::DEFAULT_FAIL_ON`], comma-separated.
pub static DEFAULT_FAIL_ON: LazyLock<String> =
    LazyLock::new(|| Problem::DEFAULT_FAIL_ON.map(Problem::as_str).join(","));

/// Defines the options struct as written, and the one merge over all of its
/// fields, so that a new option is one field and nothing else.
macro_rules! options {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$field_meta:meta])*
                pub $field:ident: $ty:ty,
            )*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $(
                $(#[$field_meta])*
                pub $field: $ty,
            )*
        }

        impl $name {
            /// Replaces each option the command line gave (`given`, by its
            /// name) with the value in `flags`.
            fn take_given(&mut self, flags: Self, given: &dyn Fn(&str) -> bool) {
                let Self { $($field),* } = flags;
                $(
                    if given(stringify!($field)) {
                        self.$field = $field;
                    }
                )*
            }
        }
    };
}

options! {
    /// The options of a run. A flag left out, or a key left out of the
    /// file, takes the default shown in `--help`. The flags that
    /// only steer one invocation (`--config`, `--files-from`, `--shard`,
    /// `--wiki-format`) are the binary's and have no key.
    #[derive(Debug, Clone, PartialEq, Args, Deserialize)]
    #[serde(default, deny_unknown_fields)]
    #[allow(clippy::struct_excessive_bools)] // one per on/off switch
    pub struct Options {
        /// Files, folders or wiki page addresses to audit (folders are searched
        /// for *.md, *.wikitext, *.html)
        #[arg(default_value = DEFAULT_PATHS)]
        pub paths: Vec<PathBuf>,
        /// Leave out input paths that match this glob (repeatable; also
        /// `exclude_path` in the config)
        #[arg(long, value_name = "GLOB")]
        pub exclude_path: Vec<String>,
        /// Where to write report.json, report.md, report.html and history.jsonl
        #[arg(long, value_name = "DIR", default_value = DEFAULT_OUT)]
        pub out: PathBuf,
        /// Also print this form of the report on stdout
        #[arg(
            long,
            value_parser = PossibleValuesParser::new(Form::NAMES),
            default_value = DEFAULT_FORMAT
        )]
        pub format: String,
        /// No network at all: static checks only; web links are "unchecked".
        #[arg(long)]
        pub offline: bool,
        /// Contact loopback, private and link-local addresses (otherwise "excluded").
        #[arg(long)]
        pub allow_private: bool,
        /// The link-result cache: an SQLite file, or a PostgreSQL store that
        /// many processes share (postgres://user@host:port/db[?sslmode=…&schema=…])
        #[arg(
            long,
            value_name = "FILE|URL",
            conflicts_with = "no_cache",
            default_value = cache::DEFAULT_PATH
        )]
        pub cache: PathBuf,
        /// Check every link afresh and keep no history.
        #[arg(long)]
        pub no_cache: bool,
        /// Seconds a process's claims on links and hosts in a shared store
        /// last unless it renews them (a process that dies frees them then)
        #[arg(long, value_name = "SECS", default_value_t = DEFAULT_LEASE_SECS)]
        pub lease: f64,
        /// Seconds allowed for one request
        #[arg(long, value_name = "SECS", default_value_t = DEFAULT_TIMEOUT_SECS)]
        pub timeout: f64,
        /// Requests in flight at once, over all hosts
        #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_CONCURRENCY)]
        pub max_concurrency: u32,
        /// Requests in flight at once to one host
        #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_PER_HOST)]
        pub max_per_host: u32,
        /// Further attempts after a transient failure (429, 5xx, timeout, connection error)
        #[arg(long, value_name = "N", default_value_t = DEFAULT_RETRIES)]
        pub retries: u32,
        /// Count a dead link only after N failed checks at least a day apart
        #[arg(long, value_name = "N", default_value_t = DEFAULT_CONFIRM)]
        pub confirm: u32,
        /// An earlier report.json: only what got worse fails the build.
        #[arg(long, value_name = "FILE")]
        pub baseline: Option<PathBuf>,
        /// The least share of cited sentences: 0.8, 80 or 80%.
        #[arg(long, value_name = "SHARE")]
        pub min_coverage: Option<Share>,
        /// Allow up to N dead links (dead, soft_404, missing_file) before failing.
        #[arg(long, value_name = "N")]
        pub max_dead: Option<usize>,
        /// Problems that fail the build, comma-separated: a link status (dead,
        /// soft_404, missing_file, redirected, blocked, server_error, timeout,
        /// unreachable, invalid), invalid_isbn, empty_note, dangling,
        /// uncited_paragraph, unsupported (a cited page that may not back its
        /// sentence), orphaned, red_link (a wiki link to an article the wiki
        /// does not have)
        #[arg(
            long,
            value_name = "LIST",
            value_delimiter = ',',
            default_value = DEFAULT_FAIL_ON.as_str()
        )]
        pub fail_on: Vec<String>,
        /// Least time between the starts of two requests to one host, in milliseconds
        #[arg(long, value_name = "MS", default_value_t = DEFAULT_MIN_INTERVAL_MS)]
        pub min_interval: u64,
        /// Wayback-compatible availability API asked for snapshots of dead,
        /// soft-404, unreachable and timed-out links
        #[arg(
            long,
            value_name = "URL",
            conflicts_with = "no_archive",
            default_value = archive::DEFAULT_ENDPOINT
        )]
        pub archive_endpoint: String,
        /// Ask no web archive for snapshots; archive_url stays null.
        #[arg(long)]
        pub no_archive: bool,
        /// Open-Library-compatible ISBN API asked about valid ISBNs
        #[arg(
            long,
            value_name = "URL",
            conflicts_with = "no_isbn_lookup",
            default_value = catalogue::DEFAULT_ENDPOINT
        )]
        pub isbn_endpoint: String,
        /// Look no ISBN up in a catalogue; catalogue stays null.
        #[arg(long)]
        pub no_isbn_lookup: bool,
        /// DOI resolver whose handle API (`/api/handles/DOI`) says whether a DOI is registered
        #[arg(
            long,
            value_name = "URL",
            conflicts_with = "no_doi_lookup",
            default_value = doi_registry::DEFAULT_DOI_ENDPOINT
        )]
        pub doi_endpoint: String,
        /// Crossref API (`/works/DOI`) asked for the titles of registered DOIs
        #[arg(
            long,
            value_name = "URL",
            conflicts_with = "no_doi_lookup",
            default_value = doi_registry::DEFAULT_CROSSREF_ENDPOINT
        )]
        pub crossref_endpoint: String,
        /// Ask no DOI registry; DOIs stay "unchecked".
        #[arg(long)]
        pub no_doi_lookup: bool,
        /// Your e-mail address, for Crossref's polite pool (sent as `mailto`)
        #[arg(long, value_name = "EMAIL")]
        pub contact: Option<String>,
        /// The repository root: links to `/path` start here, and local links
        /// that lead outside it are invalid [default: the git root of the current
        /// folder, else the current folder]
        #[arg(long, value_name = "DIR")]
        pub root_dir: Option<PathBuf>,
        /// Check the fragment of web links (`https://…/page#id`) against the ids
        /// of the fetched page; a missing one makes the link dead
        #[arg(long)]
        pub include_fragments: bool,
        /// Do not judge whether each cited page supports the sentence that
        /// cites it (`claims` stay empty)
        #[arg(long)]
        pub no_claims: bool,
        /// Finish within this time (`6h`, `45m`, `90s`): links are checked most
        /// overdue first, none starts near the end, and those not reached are
        /// `unchecked` (deferred), first in line next run
        #[arg(long, value_name = "DURATION")]
        pub time_budget: Option<String>,
        /// URL patterns (regular expressions) never checked; only in the file.
        #[arg(skip)]
        pub exclude: Vec<String>,
        /// URL patterns always checked, even when excluded; only in the file.
        #[arg(skip)]
        pub include: Vec<String>,
        /// How long verdicts stay fresh in the cache (`[max_age]`); only in
        /// the file.
        #[arg(skip)]
        pub max_age: MaxAge,
        /// Per-host settings, by host name (`[hosts."…"]`); only in the file.
        #[arg(skip)]
        pub hosts: BTreeMap<String, HostConfig>,
    }
}

impl Default for Options {
    /// Every option at its default: what the command line holds when no
    /// flag is given, so that a key left out of the file means what a flag
    /// left out means.
    fn default() -> Self {
        let command = Self::augment_args(clap::Command::new("citecheck"));
        command
            .try_get_matches_from(["citecheck"])
            .and_then(|matches| Self::from_arg_matches(&matches))
            .expect("no option is required, so an empty command line parses")
    }
}

impl Options {
    /// The command line's options over the file's: each option the command
    /// line gave (see [`given`]; `flags` are the matches `self` was parsed
    /// from) wins, every other is the file's, or its default when the file
    /// leaves it out.
    ///
    /// Two options combine rather than replace: the file's `exclude_path`
    /// globs and the command line's all apply, and an endpoint given on the
    /// command line turns its lookup on even when the file turns it off.
    #[must_use]
    pub fn over(mut self, mut file: Self, flags: &ArgMatches) -> Self {
        let given = |id: &str| given(flags, id);
        let exclude_path = [
            std::mem::take(&mut file.exclude_path),
            std::mem::take(&mut self.exclude_path),
        ]
        .concat();
        // The command line cannot give both an endpoint and its `no_*`.
        if given("archive_endpoint") {
            file.no_archive = false;
        }
        if given("isbn_endpoint") {
            file.no_isbn_lookup = false;
        }
        if given("doi_endpoint") || given("crossref_endpoint") {
            file.no_doi_lookup = false;
        }
        file.take_given(self, &given);
        file.exclude_path = exclude_path;
        file
    }
}

/// Whether the command line gave option `id` (its field's name) itself,
/// rather than leaving it to its default.
#[must_use]
pub fn given(flags: &ArgMatches, id: &str) -> bool {
    flags.ids().any(|known| known.as_str() == id)
        && flags.value_source(id) == Some(ValueSource::CommandLine)
}

/// A share written as a number (0..1, or a percentage above 1) or a string
/// (`"80%"`, `"0.8"`); the command line's is always a string.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Share {
    /// `0.8` or `80`.
    Number(f64),
    /// `"80%"`, `"0.8"` or `"80"`.
    Text(String),
}

impl std::str::FromStr for Share {
    type Err = std::convert::Infallible;

    /// Any text: it is read as a share when the options are resolved.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Self::Text(text.to_owned()))
    }
}

impl std::fmt::Display for Share {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Number(n) => write!(f, "{n}"),
            Self::Text(t) => f.write_str(t),
        }
    }
}

/// How long each status stays fresh in the cache, e.g. `"7d"`, `"12h"`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaxAge {
    /// For `ok` (default 7 days).
    pub ok: Option<String>,
    /// For `redirected` (default 7 days).
    pub redirected: Option<String>,
    /// For `dead` (default 1 day).
    pub dead: Option<String>,
    /// For `soft_404` (default 1 day).
    pub soft_404: Option<String>,
}

/// Settings for one host.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostConfig {
    /// Requests in flight at once to this host.
    pub max_per_host: Option<u32>,
    /// Never contact this host: its links are `excluded`.
    #[serde(default)]
    pub exclude: bool,
}
