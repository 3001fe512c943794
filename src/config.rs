//! Configuration: `citecheck.toml` in the working directory (or the file
//! named by `--config`), merged under the command line's flags.
//!
//! Every command-line option has a key of the same name (dashes become
//! underscores); the file adds URL include/exclude patterns, per-host
//! settings and how long verdicts stay fresh in the cache. An unknown key is
//! an error that names it.
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
use serde::Deserialize;
use thiserror::Error;
use url::Url;

use crate::check::cache::{Freshness, DEFAULT_PATH};
use crate::check::lookup::parse_endpoint;
use crate::check::rules::UrlRules;
use crate::check::{CheckOptions, LinkStatus};
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

/// A share written as a number (0..1, or a percentage above 1) or a string
/// (`"80%"`, `"0.8"`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Share {
    /// `0.8` or `80`.
    Number(f64),
    /// `"80%"`, `"0.8"` or `"80"`.
    Text(String),
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

/// Everything that can be configured, each part optional: the file's
/// contents, or the command line's flags, or the two merged.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Files or folders to audit.
    pub paths: Option<Vec<PathBuf>>,
    /// The report folder.
    pub out: Option<PathBuf>,
    /// What is printed on stdout: json, md, text, sarif, junit.
    pub format: Option<String>,
    /// No network at all.
    pub offline: Option<bool>,
    /// Contact loopback, private and link-local addresses.
    pub allow_private: Option<bool>,
    /// The cache file.
    pub cache: Option<PathBuf>,
    /// Run without the cache.
    pub no_cache: Option<bool>,
    /// Seconds allowed for one request.
    pub timeout: Option<f64>,
    /// Requests in flight at once.
    pub max_concurrency: Option<u32>,
    /// Requests in flight at once to one host.
    pub max_per_host: Option<u32>,
    /// Further attempts after a transient failure.
    pub retries: Option<u32>,
    /// Least time between the starts of two requests to one host, in
    /// milliseconds.
    pub min_interval: Option<u64>,
    /// Failed checks a day apart before a dead link fails the build.
    pub confirm: Option<u32>,
    /// An earlier report.json: only what got worse fails the build.
    pub baseline: Option<PathBuf>,
    /// The least share of cited sentences.
    pub min_coverage: Option<Share>,
    /// Dead links allowed before the build fails.
    pub max_dead: Option<usize>,
    /// Problems that fail the build.
    pub fail_on: Option<Vec<String>>,
    /// The Wayback-compatible availability API asked for snapshots.
    pub archive_endpoint: Option<String>,
    /// Ask no web archive for snapshots.
    pub no_archive: Option<bool>,
    /// The Open-Library-compatible books API asked about ISBNs.
    pub isbn_endpoint: Option<String>,
    /// Look no ISBN up in a catalogue.
    pub no_isbn_lookup: Option<bool>,
    /// The repository root local links resolve against and must stay
    /// inside.
    pub root_dir: Option<PathBuf>,
    /// Check the fragment of web links against the fetched page's anchors.
    pub include_fragments: Option<bool>,
    /// Judge no claim: leave `articles[].claims` empty.
    pub no_claims: Option<bool>,
    /// URL patterns (regular expressions) never checked.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Globs of input paths never audited (`drafts/**`).
    #[serde(default)]
    pub exclude_path: Vec<String>,
    /// URL patterns always checked; when given, only these are.
    #[serde(default)]
    pub include: Vec<String>,
    /// How long verdicts stay fresh in the cache.
    #[serde(default)]
    pub max_age: MaxAge,
    /// Per-host settings, by host name.
    #[serde(default)]
    pub hosts: BTreeMap<String, HostConfig>,
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
    /// The cache file; `None` without a cache.
    pub cache: Option<PathBuf>,
    /// How long cached verdicts stay fresh.
    pub freshness: Freshness,
    /// What fails the build.
    pub thresholds: Thresholds,
    /// An earlier report.json to compare with.
    pub baseline: Option<PathBuf>,
    /// Globs of input paths never audited.
    pub exclude_paths: Vec<String>,
}

impl Config {
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
    /// directory if there is one, else an empty configuration.
    ///
    /// # Errors
    /// As [`Config::read`].
    pub fn find(explicit: Option<&Path>) -> Result<Self, ConfigError> {
        match explicit {
            Some(path) => Self::read(path),
            None if Path::new(FILE_NAME).is_file() => Self::read(Path::new(FILE_NAME)),
            None => Ok(Self::default()),
        }
    }

    /// This configuration with what it leaves open taken from `file`: the
    /// command line's flags over the file's values. Patterns, hosts and
    /// ages exist only in the file.
    #[must_use]
    pub fn over(self, file: Self) -> Self {
        macro_rules! or {
            ($($field:ident),*) => { Self { $($field: self.$field.or(file.$field),)* ..file } };
        }
        or!(
            paths,
            out,
            format,
            offline,
            allow_private,
            cache,
            no_cache,
            timeout,
            max_concurrency,
            max_per_host,
            retries,
            min_interval,
            confirm,
            baseline,
            min_coverage,
            max_dead,
            fail_on,
            archive_endpoint,
            no_archive,
            isbn_endpoint,
            no_isbn_lookup,
            root_dir,
            include_fragments,
            no_claims
        )
    }

    /// Checks every value and applies the defaults.
    ///
    /// # Errors
    /// The first value that is out of range or malformed.
    pub fn resolve(self) -> Result<Settings, ConfigError> {
        let form = match &self.format {
            None => Form::Text,
            Some(name) => Form::parse(name).ok_or_else(|| {
                value_error(
                    "format",
                    format!(
                        "unknown format {name:?}; expected one of {}",
                        Form::NAMES.join(", ")
                    ),
                )
            })?,
        };
        let check = self.check_options()?;
        let thresholds = self.thresholds()?;
        let freshness = self.freshness()?;
        let cache = if self.no_cache.unwrap_or(false) {
            None
        } else {
            Some(self.cache.unwrap_or_else(|| PathBuf::from(DEFAULT_PATH)))
        };
        Ok(Settings {
            exclude_paths: self.exclude_path.clone(),
            paths: self.paths.unwrap_or_else(|| vec![PathBuf::from("sources")]),
            out: self.out.unwrap_or_else(|| PathBuf::from("reports")),
            form,
            check,
            cache,
            freshness,
            thresholds,
            baseline: self.baseline,
        })
    }

    fn check_options(&self) -> Result<CheckOptions, ConfigError> {
        let defaults = CheckOptions::default();
        let timeout = self.timeout.unwrap_or(defaults.timeout.as_secs_f64());
        if !(timeout.is_finite() && timeout > 0.0) {
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
                host_limits.insert(
                    host.clone(),
                    at_least_one("hosts.max_per_host", Some(n), 0)?,
                );
            }
            if settings.exclude {
                excluded_hosts.push(host.clone());
            }
        }
        Ok(CheckOptions {
            offline: self.offline.unwrap_or(false),
            allow_private: self.allow_private.unwrap_or(false),
            timeout: Duration::from_secs_f64(timeout),
            max_concurrency: at_least_one(
                "max_concurrency",
                self.max_concurrency,
                defaults.max_concurrency,
            )?,
            max_per_host: at_least_one("max_per_host", self.max_per_host, defaults.max_per_host)?,
            retries: self.retries.unwrap_or(defaults.retries),
            min_interval: self
                .min_interval
                .map_or(defaults.min_interval, Duration::from_millis),
            host_limits,
            archive_endpoint: endpoint(
                "archive_endpoint",
                self.archive_endpoint.as_deref(),
                self.no_archive,
                defaults.archive_endpoint.clone(),
            )?,
            isbn_endpoint: endpoint(
                "isbn_endpoint",
                self.isbn_endpoint.as_deref(),
                self.no_isbn_lookup,
                defaults.isbn_endpoint.clone(),
            )?,
            rules: UrlRules {
                exclude: patterns("exclude", &self.exclude)?,
                include: patterns("include", &self.include)?,
                excluded_hosts,
            },
            root_dir: self.root_dir.clone(),
            include_fragments: self.include_fragments.unwrap_or(false),
            claims: !self.no_claims.unwrap_or(false),
            // Pacing details and the progress display keep their defaults.
            ..defaults
        })
    }

    fn thresholds(&self) -> Result<Thresholds, ConfigError> {
        let fail_on = match &self.fail_on {
            None => Problem::DEFAULT_FAIL_ON.into_iter().collect(),
            Some(names) => names
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
                .collect::<Result<BTreeSet<_>, _>>()?,
        };
        Ok(Thresholds {
            fail_on,
            max_dead: self.max_dead,
            min_coverage: self.min_coverage.as_ref().map(Share::resolve).transpose()?,
            confirm: u32::try_from(at_least_one("confirm", self.confirm, 1)?).unwrap_or(u32::MAX),
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

/// A count that must be at least 1, or its default.
fn at_least_one(
    option: &'static str,
    value: Option<u32>,
    default: usize,
) -> Result<usize, ConfigError> {
    match value {
        Some(0) => Err(value_error(option, "must be at least 1")),
        Some(n) => Ok(n as usize),
        None => Ok(default),
    }
}

/// An optional service's endpoint: `None` when turned off (`off` wins over
/// an endpoint given too), the given URL, or the default.
fn endpoint(
    option: &'static str,
    given: Option<&str>,
    off: Option<bool>,
    default: Option<Url>,
) -> Result<Option<Url>, ConfigError> {
    if off.unwrap_or(false) {
        return Ok(None);
    }
    match given {
        Some(text) => parse_endpoint(text)
            .map(Some)
            .map_err(|message| value_error(option, message)),
        None => Ok(default),
    }
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
    let bad = || {
        value_error(
            "max_age",
            format!("{text:?}: expected a number and s, m, h or d, as \"7d\""),
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

    fn parse(text: &str) -> Result<Config, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, text).unwrap();
        Config::read(&path)
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let e = parse("max_dead = 1\ncolour = \"red\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("colour") && e.contains(":2:"), "{e}");
        assert!(!e.contains('\n'));
        let e = parse("[hosts.\"a.org\"]\nspeed = 3\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("speed"), "{e}");
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
    fn flags_override_the_file() {
        let file = parse("max_dead = 3\nconfirm = 2\nexclude = ['x']\n").unwrap();
        let flags = Config {
            max_dead: Some(0),
            ..Config::default()
        };
        let settings = flags.over(file).resolve().unwrap();
        assert_eq!(settings.thresholds.max_dead, Some(0));
        assert_eq!(settings.thresholds.confirm, 2);
        assert_eq!(settings.check.rules.exclude.len(), 1);
    }

    #[test]
    fn hosts_and_ages_reach_the_checker_and_the_cache() {
        let settings = parse(
            "no_cache = true\n[max_age]\ndead = \"12h\"\n[hosts.\"a.org\"]\nmax_per_host = 1\n[hosts.\"b.org\"]\nexclude = true\n",
        )
        .unwrap()
        .resolve()
        .unwrap();
        assert_eq!(settings.check.max_for_host("A.org"), 1);
        assert_eq!(settings.check.max_for_host("c.org"), 4);
        assert_eq!(settings.check.rules.excluded_hosts, ["b.org"]);
        assert_eq!(settings.cache, None);
        assert_eq!(parse_age("12h").unwrap(), Duration::from_secs(43_200));
        assert!(parse_age("12 weeks").is_err());
    }

    #[test]
    fn lookups_default_to_the_public_services_and_can_be_moved_or_turned_off() {
        let settings = parse("").unwrap().resolve().unwrap();
        assert_eq!(
            settings.check.archive_endpoint.unwrap().as_str(),
            crate::check::archive::DEFAULT_ENDPOINT
        );
        assert_eq!(
            settings.check.isbn_endpoint.unwrap().as_str(),
            crate::check::catalogue::DEFAULT_ENDPOINT
        );
        let settings = parse(
            "archive_endpoint = \"http://127.0.0.1:8/available\"\nno_isbn_lookup = true\nisbn_endpoint = \"http://127.0.0.1:9/\"\n",
        )
        .unwrap()
        .resolve()
        .unwrap();
        assert_eq!(
            settings.check.archive_endpoint.unwrap().as_str(),
            "http://127.0.0.1:8/available"
        );
        assert_eq!(settings.check.isbn_endpoint, None);
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
