//! How a run checks: the network's settings ([`Network`], what every request
//! shares), the optional services ([`Services`]) and the run's own flags, as
//! one [`CheckOptions`]. The defaults are `pub const`s that the command
//! line's help, the configuration file and [`CheckOptions::default`] share.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use url::Url;

use super::dns::NameLookup;
use super::progress::Progress;
use super::rules::UrlRules;
use super::shared::SharedWork;

/// Seconds allowed for one request, answer included (`--timeout`).
pub const DEFAULT_TIMEOUT_SECS: f64 = 20.0;
/// Requests in flight at once, over all hosts (`--max-concurrency`).
pub const DEFAULT_MAX_CONCURRENCY: u32 = 64;
/// Requests in flight at once to one host (`--max-per-host`).
pub const DEFAULT_MAX_PER_HOST: u32 = 4;
/// Further attempts after a transient failure (`--retries`).
pub const DEFAULT_RETRIES: u32 = 2;
/// The least time between the starts of two requests to one host, in
/// milliseconds (`--min-interval`).
pub const DEFAULT_MIN_INTERVAL_MS: u64 = 0;
/// The public DOI resolver, whose handle API says whether a DOI exists.
pub const DEFAULT_DOI_ENDPOINT: &str = "https://doi.org";
/// The public Crossref REST API.
pub const DEFAULT_CROSSREF_ENDPOINT: &str = "https://api.crossref.org";
/// The Wayback-compatible availability API asked by default.
pub const DEFAULT_ARCHIVE_ENDPOINT: &str = "https://archive.org/wayback/available";
/// The Open-Library-compatible books API asked by default.
pub const DEFAULT_ISBN_ENDPOINT: &str = "https://openlibrary.org/api/books";

/// How the network is asked: what every request of the run shares, to a
/// cited page or to a service (the request engine's settings).
#[derive(Debug, Clone)]
pub struct Network {
    /// Contact loopback, private and link-local addresses.
    pub allow_private: bool,
    /// Time allowed for one request, answer included.
    pub timeout: Duration,
    /// Requests in flight at once, over all hosts.
    pub max_concurrency: usize,
    /// Requests in flight at once to one host.
    pub max_per_host: usize,
    /// Further attempts after a transient failure.
    pub retries: u32,
    /// Requests in flight at once to a named host, overriding
    /// `max_per_host` (from the configuration's `[hosts]` tables).
    pub host_limits: BTreeMap<String, usize>,
    /// The least time between the starts of two requests to one host.
    pub min_interval: Duration,
    /// The wait before the first retry; each further retry waits twice as
    /// long, less up to half at random.
    pub retry_base: Duration,
    /// The longest `Retry-After` honoured; a server asking for more is not
    /// asked again.
    pub retry_after_cap: Duration,
    /// How host names are resolved; `None` for the system resolver.
    pub name_lookup: Option<Arc<dyn NameLookup>>,
    /// The work and the per-host limits shared with other processes (a
    /// shared store's); `None` when this process is alone.
    pub shared: Option<Arc<dyn SharedWork>>,
}

impl Network {
    /// Requests in flight at once to `host`.
    #[must_use]
    pub fn max_for_host(&self, host: &str) -> usize {
        self.host_limits
            .iter()
            .find(|(h, _)| h.eq_ignore_ascii_case(host))
            .map_or(self.max_per_host, |(_, n)| *n)
    }
}

impl Default for Network {
    fn default() -> Self {
        Self {
            allow_private: false,
            timeout: Duration::from_secs_f64(DEFAULT_TIMEOUT_SECS),
            max_concurrency: DEFAULT_MAX_CONCURRENCY as usize,
            max_per_host: DEFAULT_MAX_PER_HOST as usize,
            retries: DEFAULT_RETRIES,
            host_limits: BTreeMap::new(),
            min_interval: Duration::from_millis(DEFAULT_MIN_INTERVAL_MS),
            retry_base: Duration::from_secs(1),
            retry_after_cap: Duration::from_secs(30),
            name_lookup: None,
            shared: None,
        }
    }
}

/// The optional services asked besides the cited pages. Their endpoints are
/// configured, not cited: the private-address guard does not apply to them.
#[derive(Debug, Clone)]
pub struct Services {
    /// The Wayback-compatible availability API asked for snapshots of
    /// rotten-looking links; `None` to ask none.
    pub archive_endpoint: Option<Url>,
    /// The Open-Library-compatible books API asked about valid ISBNs;
    /// `None` to ask none.
    pub isbn_endpoint: Option<Url>,
    /// The DOI resolver whose handle API says whether a DOI is registered;
    /// `None` to ask none.
    pub doi_endpoint: Option<Url>,
    /// The Crossref API asked for registered DOIs' titles; `None` to ask
    /// none.
    pub crossref_endpoint: Option<Url>,
    /// Who runs citecheck, for Crossref's polite pool (`mailto`).
    pub contact: Option<String>,
}

impl Services {
    /// No service at all.
    #[must_use]
    pub fn none() -> Self {
        Self {
            archive_endpoint: None,
            isbn_endpoint: None,
            doi_endpoint: None,
            crossref_endpoint: None,
            contact: None,
        }
    }
}

impl Default for Services {
    /// The public web archive, the public catalogue and the public DOI
    /// registries.
    fn default() -> Self {
        Self {
            archive_endpoint: Url::parse(DEFAULT_ARCHIVE_ENDPOINT).ok(),
            isbn_endpoint: Url::parse(DEFAULT_ISBN_ENDPOINT).ok(),
            doi_endpoint: Url::parse(DEFAULT_DOI_ENDPOINT).ok(),
            crossref_endpoint: Url::parse(DEFAULT_CROSSREF_ENDPOINT).ok(),
            contact: None,
        }
    }
}

/// How a run checks: the network's settings, the services, and the run's
/// flags.
#[derive(Debug, Clone)]
// Each flag is a switch of its own on the command line.
#[allow(clippy::struct_excessive_bools)]
pub struct CheckOptions {
    /// What every request shares.
    pub network: Network,
    /// The optional services.
    pub services: Services,
    /// No network at all: web links are `unchecked`.
    pub offline: bool,
    /// Which URLs are checked at all.
    pub rules: UrlRules,
    /// What to show on stderr while checking.
    pub progress: Progress,
    /// The repository root local links resolve against (`/docs/a.md`) and
    /// must stay inside; `None` for the git root of the current folder (see
    /// [`super::files`]).
    pub root_dir: Option<PathBuf>,
    /// Check the fragment of web links (`https://…/page#id`) against the
    /// anchors of the fetched page (`--include-fragments`). Those pages are
    /// read further, and fetched even when the cache has their verdict.
    pub include_fragments: bool,
    /// Judge whether each cited page supports the sentence citing it
    /// (`articles[].claims`); on by default, off with `--no-claims`. Read
    /// by the pipeline, which then hands the fetch a page sink: checking
    /// itself never looks at it.
    pub claims: bool,
    /// The run's time limit (`--time-budget`), if it has one.
    pub budget: Option<Budget>,
}

/// A run's time limit: checks start most overdue first, none starts near
/// the end, and what was not reached is left for the next run, so that the
/// reports are written on time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// When the run must be over, reports written.
    pub ends_at: Instant,
    /// How long the run was given.
    pub length: Duration,
    /// How long the run needs after its checks: to read its articles again,
    /// judge and write them (the pipeline sets it from how long reading them
    /// took the first time).
    pub reserve: Duration,
}

impl Budget {
    /// A budget of `length` from now.
    #[must_use]
    pub fn from_now(length: Duration) -> Self {
        Self {
            ends_at: Instant::now() + length,
            length,
            reserve: Duration::ZERO,
        }
    }

    /// When checks must be over: requests still in flight then are given
    /// up, their links deferred.
    #[must_use]
    pub fn checks_end(&self) -> Instant {
        self.ends_at
            .checked_sub(self.reserve)
            .unwrap_or_else(Instant::now)
    }

    /// The last moment a request may start: a request's `timeout` before
    /// [`Budget::checks_end`] (at most a tenth of the budget, so that a
    /// short budget still checks), for what is in flight to finish.
    #[must_use]
    pub fn last_start(&self, timeout: Duration) -> Instant {
        let end = self.checks_end();
        end.checked_sub(timeout.min(self.length / 10))
            .unwrap_or(end)
    }

    /// Whether no request may start any more.
    #[must_use]
    pub fn spent(&self, timeout: Duration) -> bool {
        Instant::now() >= self.last_start(timeout)
    }
}

impl CheckOptions {
    /// The options that can change a verdict, as one string: part of the
    /// cache key, so a verdict reached under other options is never reused.
    ///
    /// The destructuring lists every field on purpose: a new option does not
    /// compile until someone decides whether it belongs in the key.
    #[must_use]
    pub fn verdict_key(&self) -> String {
        let Self {
            network:
                Network {
                    allow_private,
                    // These change how fast and how persistently a link is
                    // asked, which only decides between a verdict and a
                    // transient failure; transient failures are never reused.
                    timeout: _,
                    max_concurrency: _,
                    max_per_host: _,
                    retries: _,
                    host_limits: _,
                    // Pacing: how, not what, a link answers.
                    min_interval: _,
                    retry_base: _,
                    retry_after_cap: _,
                    // A test's stand-in for DNS; runs that share a cache
                    // share it.
                    name_lookup: _,
                    // Who else is checking: how, not what, a link answers.
                    shared: _,
                },
            services:
                Services {
                    // A snapshot is a fact about the URL, not about how it
                    // was checked: one found through any Wayback-compatible
                    // archive may stand in. Keying verdicts by archive would
                    // also split the failure history `--confirm` counts
                    // whenever the archive setting changes. Runs without an
                    // archive drop the cached snapshot instead (see
                    // `check_links`).
                    archive_endpoint: _,
                    // ISBN lookups are not verdicts; the cache keys them by
                    // ISBN and endpoint apart.
                    isbn_endpoint: _,
                    // DOI lookups are not link verdicts either.
                    doi_endpoint: _,
                    crossref_endpoint: _,
                    contact: _,
                },
            // Offline runs never reach the cache.
            offline: _,
            // Links ruled out are judged before the cache is consulted.
            rules: _,
            // Display: how, not what, a link answers.
            progress: _,
            // Local links are checked on disk every run, never cached.
            root_dir: _,
            // Fragments are judged on the page each run, never cached.
            include_fragments: _,
            // Claims are judged from the kept text each run, never cached.
            claims: _,
            // How long a run may take: which links are reached, not what
            // they answer.
            budget: _,
        } = self;
        format!("allow_private={allow_private}")
    }
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self {
            network: Network::default(),
            services: Services::default(),
            offline: false,
            rules: UrlRules::default(),
            progress: Progress::Hidden,
            root_dir: None,
            include_fragments: false,
            claims: true,
            budget: None,
        }
    }
}
