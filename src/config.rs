//! Configuration: `citecheck.toml` in the working directory (or the file
//! named by `--config`), read into [`Options`] and merged under the command
//! line's flags, then checked and resolved into the [`Settings`] a run uses.
//!
//! Every option is a key of the same name as its flag (dashes become
//! underscores); the file adds URL include/exclude patterns, per-host
//! settings and how long verdicts stay fresh in the cache. An unknown key is
//! an error that names it and the file.
//!
//! ```toml
//! paths = ["sources"]
//! min_coverage = "80%"        # or 0.8, or 80
//! max_dead = 2
//! fail_on = ["dead", "soft_404", "missing_file", "invalid_isbn", "dangling"]
//! confirm = 2
//! exclude = ['^https://(www\.)?jstor\.org/']
//! archive_endpoint = "https://archive.org/wayback/available"
//! no_isbn_lookup = true
//! root_dir = "."             # where `/docs/a.md` links start; default: the git root
//! include_fragments = true   # check `https://…/page#id` against the page's ids
//! no_claims = true            # do not judge whether cited pages support their sentences
//!
//! [max_age]
//! ok = "14d"
//! dead = "12h"
//!
//! [hosts."books.google.com"]
//! max_per_host = 1
//!
//! [hosts."example.invalid"]
//! exclude = true
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use regex::Regex;
use thiserror::Error;
use url::Url;

use crate::check::cache::postgres::is_postgres;
use crate::check::cache::{Freshness, PgAddress};
use crate::check::lookup::parse_endpoint;
use crate::check::rules::UrlRules;
use crate::check::{CheckOptions, LinkStatus, Network, Services};
use crate::options::{Options, Share};
use crate::report::{Form, Problem, Thresholds};

/// The file looked for in the working directory.
pub const FILE_NAME: &str = "citecheck.toml";

/// Why the configuration cannot be used. Each message is one line naming
/// the file or the option, and the cause.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{path}: cannot read the configuration: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file is not valid TOML, or has an unknown key or a wrong type.
    #[error("{path}{line}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// `:N` with the line of the fault, when known.
        line: String,
        /// What is wrong, naming the key.
        message: String,
    },
    /// A value is out of range or malformed.
    #[error("{option}: {message}")]
    Value {
        /// The option, as the file spells it.
        option: &'static str,
        /// What is wrong.
        message: String,
    },
}

fn value_error(option: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError::Value {
        option,
        message: message.into(),
    }
}

/// A configuration resolved into what the run uses.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Files or folders to audit.
    pub paths: Vec<PathBuf>,
    /// The report folder.
    pub out: PathBuf,
    /// What is printed on stdout.
    pub form: Form,
    /// How links are checked.
    pub check: CheckOptions,
    /// Where verdicts are kept; `None` without a cache.
    pub cache: Option<CacheAt>,
    /// How long a claim in a shared store lasts unless renewed.
    pub lease: Duration,
    /// How long cached verdicts stay fresh.
    pub freshness: Freshness,
    /// What fails the build.
    pub thresholds: Thresholds,
    /// An earlier report.json to compare with.
    pub baseline: Option<PathBuf>,
    /// Globs of input paths never audited.
    pub exclude_paths: Vec<String>,
}

/// Where a run keeps its verdicts.
#[derive(Debug, Clone, PartialEq)]
pub enum CacheAt {
    /// An SQLite file, this machine's.
    File(PathBuf),
    /// A PostgreSQL store shared with other processes.
    Postgres(Box<PgAddress>),
}

impl Options {
    /// Reads `path`.
    ///
    /// # Errors
    /// The file cannot be read, is not TOML, or has an unknown key or a
    /// value of the wrong type.
    pub fn read(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            line: e
                .span()
                .map(|s| {
                    let before = text.get(..s.start).unwrap_or(&text);
                    format!(":{}", before.matches('\n').count() + 1)
                })
                .unwrap_or_default(),
            message: e.message().replace('\n', " "),
        })
    }

    /// Reads `explicit` if given, else `citecheck.toml` in the working
    /// directory if there is one, else every option at its default.
    ///
    /// # Errors
    /// As [`Options::read`].
    pub fn find(explicit: Option<&Path>) -> Result<Self, ConfigError> {
        match explicit {
            Some(path) => Self::read(path),
            None if Path::new(FILE_NAME).is_file() => Self::read(Path::new(FILE_NAME)),
            None => Ok(Self::default()),
        }
    }

    /// Checks every value and turns the options into what the run uses.
    ///
    /// # Errors
    /// The first value that is out of range or malformed.
    pub fn resolve(self) -> Result<Settings, ConfigError> {
        let form = Form::parse(&self.format).ok_or_else(|| {
            value_error(
                "format",
                format!(
                    "unknown format {:?}; expected one of {}",
                    self.format,
                    Form::NAMES.join(", ")
                ),
            )
        })?;
        let check = self.check_options()?;
        let thresholds = self.thresholds()?;
        let freshness = self.freshness()?;
        if !(self.lease.is_finite() && self.lease >= 1.0) {
            return Err(value_error("lease", "must be at least 1 second"));
        }
        let cache = if self.no_cache {
            None
        } else if is_postgres(&self.cache.to_string_lossy()) {
            let address = PgAddress::parse(&self.cache.to_string_lossy())
                .map_err(|e| value_error("cache", e.to_string()))?;
            Some(CacheAt::Postgres(Box::new(address)))
        } else {
            Some(CacheAt::File(self.cache.clone()))
        };
        Ok(Settings {
            cache,
            lease: Duration::from_secs_f64(self.lease),
            exclude_paths: self.exclude_path,
            paths: self.paths,
            out: self.out,
            form,
            check,
            freshness,
            thresholds,
            baseline: self.baseline,
        })
    }

    fn check_options(&self) -> Result<CheckOptions, ConfigError> {
        if !(self.timeout.is_finite() && self.timeout > 0.0) {
            return Err(value_error(
                "timeout",
                "must be a positive number of seconds",
            ));
        }
        if let Some(root) = &self.root_dir {
            if !root.is_dir() {
                return Err(value_error(
                    "root_dir",
                    format!("{}: no such folder", root.display()),
                ));
            }
        }
        let mut host_limits = BTreeMap::new();
        let mut excluded_hosts = Vec::new();
        for (host, settings) in &self.hosts {
            if let Some(n) = settings.max_per_host {
                host_limits.insert(host.clone(), at_least_one("hosts.max_per_host", n)?);
            }
            if settings.exclude {
                excluded_hosts.push(host.clone());
            }
        }
        Ok(CheckOptions {
            network: Network {
                allow_private: self.allow_private,
                timeout: Duration::from_secs_f64(self.timeout),
                max_concurrency: at_least_one("max_concurrency", self.max_concurrency)?,
                max_per_host: at_least_one("max_per_host", self.max_per_host)?,
                retries: self.retries,
                min_interval: Duration::from_millis(self.min_interval),
                host_limits,
                // Retry pacing and the resolver keep their defaults.
                ..Network::default()
            },
            services: Services {
                archive_endpoint: endpoint(
                    "archive_endpoint",
                    &self.archive_endpoint,
                    self.no_archive,
                )?,
                isbn_endpoint: endpoint("isbn_endpoint", &self.isbn_endpoint, self.no_isbn_lookup)?,
                doi_endpoint: endpoint("doi_endpoint", &self.doi_endpoint, self.no_doi_lookup)?,
                crossref_endpoint: endpoint(
                    "crossref_endpoint",
                    &self.crossref_endpoint,
                    self.no_doi_lookup,
                )?,
                contact: self.contact.clone(),
            },
            offline: self.offline,
            rules: UrlRules {
                exclude: patterns("exclude", &self.exclude)?,
                include: patterns("include", &self.include)?,
                excluded_hosts,
            },
            root_dir: self.root_dir.clone(),
            include_fragments: self.include_fragments,
            claims: !self.no_claims,
            budget: self
                .time_budget
                .as_deref()
                .map(|text| {
                    let length = parse_duration("time_budget", text)?;
                    if length.is_zero() {
                        return Err(value_error("time_budget", "must be longer than 0"));
                    }
                    Ok(crate::check::Budget::from_now(length))
                })
                .transpose()?,
            // The progress display keeps its default.
            ..CheckOptions::default()
        })
    }

    fn thresholds(&self) -> Result<Thresholds, ConfigError> {
        let fail_on = self
            .fail_on
            .iter()
            .flat_map(|n| n.split(','))
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| {
                Problem::parse(n).ok_or_else(|| {
                    value_error(
                        "fail_on",
                        format!(
                            "unknown problem {n:?}; expected any of {}",
                            Problem::names().join(", ")
                        ),
                    )
                })
            })
            .collect::<Result<BTreeSet<_>, _>>()?;
        let min_coverage = self.min_coverage.as_ref().map(Share::resolve).transpose()?;
        at_least_one("confirm", self.confirm)?;
        Ok(Thresholds {
            fail_on,
            max_dead: self.max_dead,
            min_coverage,
            confirm: self.confirm,
        })
    }

    fn freshness(&self) -> Result<Freshness, ConfigError> {
        let mut freshness = Freshness::default();
        for (status, age) in [
            (LinkStatus::Ok, &self.max_age.ok),
            (LinkStatus::Redirected, &self.max_age.redirected),
            (LinkStatus::Dead, &self.max_age.dead),
            (LinkStatus::Soft404, &self.max_age.soft_404),
        ] {
            if let Some(age) = age {
                freshness.set(status, parse_age(age)?);
            }
        }
        Ok(freshness)
    }
}

impl Share {
    /// The share as 0..1: values above 1 are percentages, so `0.8`, `80`
    /// and `"80%"` all mean 80 %.
    ///
    /// # Errors
    /// Not a number, or outside 0..100 %.
    pub fn resolve(&self) -> Result<f64, ConfigError> {
        let bad = || {
            value_error(
                "min_coverage",
                format!("{self}: expected 0..1 or a percentage"),
            )
        };
        let (number, percent) = match self {
            Self::Number(n) => (*n, false),
            Self::Text(t) => {
                let t = t.trim();
                match t.strip_suffix('%') {
                    Some(n) => (n.trim().parse::<f64>().map_err(|_| bad())?, true),
                    None => (t.parse::<f64>().map_err(|_| bad())?, false),
                }
            }
        };
        let share = if percent || number > 1.0 {
            number / 100.0
        } else {
            number
        };
        if (0.0..=1.0).contains(&share) {
            Ok(share)
        } else {
            Err(bad())
        }
    }
}

/// A count that must be at least 1.
fn at_least_one(option: &'static str, value: u32) -> Result<usize, ConfigError> {
    match value {
        0 => Err(value_error(option, "must be at least 1")),
        n => Ok(n as usize),
    }
}

/// An optional service's endpoint: `None` when turned off (`off` wins over
/// an endpoint given too), else the URL.
fn endpoint(option: &'static str, given: &str, off: bool) -> Result<Option<Url>, ConfigError> {
    if off {
        return Ok(None);
    }
    parse_endpoint(given)
        .map(Some)
        .map_err(|message| value_error(option, message))
}

fn patterns(option: &'static str, patterns: &[String]) -> Result<Vec<Regex>, ConfigError> {
    patterns
        .iter()
        .map(|p| {
            Regex::new(p).map_err(|e| {
                value_error(
                    option,
                    format!(
                        "{p:?} is not a regular expression: {}",
                        e.to_string().replace('\n', " ")
                    ),
                )
            })
        })
        .collect()
}

/// Reads an age: a number and a unit, `s`, `m`, `h` or `d` (`"7d"`, `"12h"`).
///
/// # Errors
/// Any other form.
pub fn parse_age(text: &str) -> Result<Duration, ConfigError> {
    parse_duration("max_age", text)
}

/// Reads the duration `key` gives: a number and a unit, `s`, `m`, `h` or
/// `d` (`"45m"`, `"6h"`).
fn parse_duration(key: &'static str, text: &str) -> Result<Duration, ConfigError> {
    let bad = || {
        value_error(
            key,
            format!("{text:?}: expected a number and s, m, h or d, as \"6h\""),
        )
    };
    let text = text.trim();
    let unit = text.chars().last().ok_or_else(bad)?;
    let seconds = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        _ => return Err(bad()),
    };
    let number: u64 = text[..text.len() - 1].trim().parse().map_err(|_| bad())?;
    Ok(Duration::from_secs(number.saturating_mul(seconds)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Options, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, text).unwrap();
        Options::read(&path)
    }

    /// The options `check` parses from `args`, and its matches.
    fn flags(args: &[&str]) -> (Options, clap::ArgMatches) {
        use clap::{Args, FromArgMatches};
        let command = Options::augment_args(clap::Command::new("check"));
        let matches = command
            .try_get_matches_from(std::iter::once("check").chain(args.iter().copied()))
            .unwrap();
        (Options::from_arg_matches(&matches).unwrap(), matches)
    }

    /// The settings of a run given `args` over the file `text`.
    fn run(args: &[&str], text: &str) -> Settings {
        let (flags, matches) = flags(args);
        flags
            .over(parse(text).unwrap(), &matches)
            .resolve()
            .unwrap()
    }

    /// Every setting but the cache ages (a hash map, whose order varies),
    /// as text, to compare.
    fn shown(settings: &Settings) -> String {
        let Settings {
            paths,
            out,
            form,
            check,
            cache,
            lease,
            freshness: _,
            thresholds,
            baseline,
            exclude_paths,
        } = settings;
        format!("{paths:?} {out:?} {form:?} {check:?} {cache:?} {lease:?} {thresholds:?} {baseline:?} {exclude_paths:?}")
    }

    #[test]
    fn unknown_key_is_named_with_its_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, "max_dead = 1\ncolour = \"red\"\n").unwrap();
        let e = Options::read(&path).unwrap_err().to_string();
        assert!(e.starts_with(&format!("{}:2: ", path.display())), "{e}");
        assert!(e.contains("colour"), "{e}");
        assert!(!e.contains('\n'));
        let e = parse("[hosts.\"a.org\"]\nspeed = 3\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("speed") && !e.contains('\n'), "{e}");
        let e = parse("[max_age]\nstale = \"1d\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("stale") && !e.contains('\n'), "{e}");
    }

    #[test]
    fn flags_that_steer_one_invocation_are_not_keys() {
        for key in ["config", "files_from", "shard", "wiki_format"] {
            let e = parse(&format!("{key} = \"x\"\n")).unwrap_err().to_string();
            assert!(e.contains(key), "{e}");
        }
    }

    #[test]
    fn a_key_and_its_flag_mean_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().display().to_string();
        let baseline = dir.path().join("old.json").display().to_string();
        for (key, args) in [
            ("paths = [\"a.md\", \"docs\"]", vec!["a.md", "docs"]),
            (
                "exclude_path = [\"drafts/**\"]",
                vec!["--exclude-path", "drafts/**"],
            ),
            ("out = \"elsewhere\"", vec!["--out", "elsewhere"]),
            ("format = \"json\"", vec!["--format", "json"]),
            ("offline = true", vec!["--offline"]),
            ("allow_private = true", vec!["--allow-private"]),
            ("cache = \"c.sqlite\"", vec!["--cache", "c.sqlite"]),
            ("no_cache = true", vec!["--no-cache"]),
            ("timeout = 2.5", vec!["--timeout", "2.5"]),
            ("timeout = 3", vec!["--timeout", "3"]),
            ("max_concurrency = 8", vec!["--max-concurrency", "8"]),
            ("max_per_host = 2", vec!["--max-per-host", "2"]),
            ("retries = 0", vec!["--retries", "0"]),
            ("confirm = 3", vec!["--confirm", "3"]),
            (
                &format!("baseline = '{baseline}'"),
                vec!["--baseline", &baseline],
            ),
            ("min_coverage = \"80%\"", vec!["--min-coverage", "80%"]),
            ("min_coverage = 0.8", vec!["--min-coverage", "0.8"]),
            ("min_coverage = 80", vec!["--min-coverage", "80"]),
            ("max_dead = 2", vec!["--max-dead", "2"]),
            (
                "fail_on = [\"dead\", \"dangling\"]",
                vec!["--fail-on", "dead,dangling"],
            ),
            (
                "fail_on = [\"dead,dangling\"]",
                vec!["--fail-on", "dead", "--fail-on", "dangling"],
            ),
            ("min_interval = 250", vec!["--min-interval", "250"]),
            (
                "archive_endpoint = \"http://127.0.0.1:8/a\"",
                vec!["--archive-endpoint", "http://127.0.0.1:8/a"],
            ),
            ("no_archive = true", vec!["--no-archive"]),
            (
                "isbn_endpoint = \"http://127.0.0.1:9/b\"",
                vec!["--isbn-endpoint", "http://127.0.0.1:9/b"],
            ),
            ("no_isbn_lookup = true", vec!["--no-isbn-lookup"]),
            (&format!("root_dir = '{root}'"), vec!["--root-dir", &root]),
            ("include_fragments = true", vec!["--include-fragments"]),
            ("no_claims = true", vec!["--no-claims"]),
        ] {
            let by_key = shown(&run(&[], key));
            let by_flag = shown(&run(&args, ""));
            assert_eq!(by_key, by_flag, "{key}");
            assert_ne!(by_key, shown(&run(&[], "")), "{key} changes nothing");
        }
    }

    #[test]
    fn flags_override_the_file_and_leave_the_rest_to_it() {
        let settings = run(
            &["--max-dead", "0", "--timeout", "20"],
            "max_dead = 3\nconfirm = 2\ntimeout = 5\nexclude = ['x']\n",
        );
        assert_eq!(settings.thresholds.max_dead, Some(0));
        assert_eq!(settings.check.network.timeout, Duration::from_secs(20));
        assert_eq!(settings.thresholds.confirm, 2);
        assert_eq!(settings.check.rules.exclude.len(), 1);
        let settings = run(&[], "no_claims = true\n");
        assert!(!settings.check.claims);
        let settings = run(&["--no-claims"], "no_claims = false\n");
        assert!(!settings.check.claims);
    }

    #[test]
    fn the_files_input_globs_and_the_flags_both_apply() {
        let settings = run(&["--exclude-path", "b/**"], "exclude_path = [\"a/**\"]\n");
        assert_eq!(settings.exclude_paths, ["a/**", "b/**"]);
    }

    #[test]
    fn an_endpoint_on_the_command_line_turns_its_lookup_on() {
        let file = "no_archive = true\nno_isbn_lookup = true\n";
        let settings = run(&[], file);
        assert_eq!(
            (
                settings.check.services.archive_endpoint,
                settings.check.services.isbn_endpoint
            ),
            (None, None)
        );
        let settings = run(
            &[
                "--archive-endpoint",
                "http://127.0.0.1:8/a",
                "--isbn-endpoint",
                "http://127.0.0.1:9/b",
            ],
            file,
        );
        assert!(
            settings.check.services.archive_endpoint.is_some()
                && settings.check.services.isbn_endpoint.is_some()
        );
        // In the file, off wins over an endpoint given too.
        let settings = run(
            &[],
            "no_archive = true\narchive_endpoint = \"http://127.0.0.1:8/a\"\n",
        );
        assert_eq!(settings.check.services.archive_endpoint, None);
    }

    #[test]
    fn no_flag_and_no_key_give_the_shared_defaults() {
        let settings = Options::default().resolve().unwrap();
        let library = CheckOptions::default();
        assert_eq!(settings.check.network.timeout, library.network.timeout);
        assert_eq!(
            settings.check.network.max_concurrency,
            library.network.max_concurrency
        );
        assert_eq!(
            settings.check.network.max_per_host,
            library.network.max_per_host
        );
        assert_eq!(settings.check.network.retries, library.network.retries);
        assert_eq!(
            settings.check.network.min_interval,
            library.network.min_interval
        );
        assert_eq!(
            settings.check.services.archive_endpoint,
            library.services.archive_endpoint
        );
        assert_eq!(
            settings.check.services.isbn_endpoint,
            library.services.isbn_endpoint
        );
        assert_eq!(settings.check.claims, library.claims);
        assert_eq!(settings.thresholds, Thresholds::default());
        assert_eq!(
            settings.paths,
            [PathBuf::from(crate::options::DEFAULT_PATHS)]
        );
        assert_eq!(settings.out, PathBuf::from(crate::options::DEFAULT_OUT));
        assert_eq!(settings.form, Form::Text);
        assert_eq!(
            settings.cache,
            Some(CacheAt::File(PathBuf::from(
                crate::check::cache::DEFAULT_PATH
            )))
        );
        assert_eq!(shown(&settings), shown(&run(&[], "")));
    }

    #[test]
    fn coverage_reads_as_share_or_percentage() {
        for (share, expect) in [
            (Share::Number(0.8), 0.8),
            (Share::Number(80.0), 0.8),
            (Share::Text("80%".into()), 0.8),
            (Share::Text("0.5".into()), 0.5),
        ] {
            assert!((share.resolve().unwrap() - expect).abs() < 1e-9, "{share}");
        }
        assert!(Share::Number(120.0).resolve().is_err());
        assert!(Share::Text("lots".into()).resolve().is_err());
    }

    #[test]
    fn hosts_and_ages_reach_the_checker_and_the_cache() {
        let settings = parse(
            "no_cache = true\n[max_age]\ndead = \"12h\"\n[hosts.\"a.org\"]\nmax_per_host = 1\n[hosts.\"b.org\"]\nexclude = true\n",
        )
        .unwrap()
        .resolve()
        .unwrap();
        assert_eq!(settings.check.network.max_for_host("A.org"), 1);
        assert_eq!(settings.check.network.max_for_host("c.org"), 4);
        assert_eq!(settings.check.rules.excluded_hosts, ["b.org"]);
        assert_eq!(settings.cache, None);
        assert_eq!(parse_age("12h").unwrap(), Duration::from_secs(43_200));
        assert!(parse_age("12 weeks").is_err());
    }

    #[test]
    fn lookups_default_to_the_public_services_and_can_be_moved_or_turned_off() {
        let settings = parse("").unwrap().resolve().unwrap();
        assert_eq!(
            settings.check.services.archive_endpoint.unwrap().as_str(),
            crate::check::archive::DEFAULT_ENDPOINT
        );
        assert_eq!(
            settings.check.services.isbn_endpoint.unwrap().as_str(),
            crate::check::catalogue::DEFAULT_ENDPOINT
        );
        let settings = parse(
            "archive_endpoint = \"http://127.0.0.1:8/available\"\nno_isbn_lookup = true\nisbn_endpoint = \"http://127.0.0.1:9/\"\n",
        )
        .unwrap()
        .resolve()
        .unwrap();
        assert_eq!(
            settings.check.services.archive_endpoint.unwrap().as_str(),
            "http://127.0.0.1:8/available"
        );
        assert_eq!(settings.check.services.isbn_endpoint, None);
        let e = parse("archive = true\n").unwrap_err().to_string();
        assert!(e.contains("archive"), "{e}");
    }

    #[test]
    fn bad_values_name_the_option() {
        for (text, option) in [
            ("fail_on = [\"deadish\"]", "fail_on"),
            ("exclude = ['(']", "exclude"),
            ("timeout = -1", "timeout"),
            ("format = \"xml\"", "format"),
            ("confirm = 0", "confirm"),
            ("archive_endpoint = \"archive.org\"", "archive_endpoint"),
            ("isbn_endpoint = \"ftp://books.example/\"", "isbn_endpoint"),
            ("root_dir = \"no/such/folder\"", "root_dir"),
        ] {
            let e = parse(text).unwrap().resolve().unwrap_err().to_string();
            assert!(e.starts_with(option), "{e}");
        }
    }
}
