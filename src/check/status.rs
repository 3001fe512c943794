//! The verdict on a link: [`LinkStatus`], the closed set of the report
//! contract, and [`Verdict`], what checking one link found.

use serde::{Deserialize, Serialize};

use super::page::PageInfo;

/// The verdict on a link: the closed set of the report contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkStatus {
    /// The final answer was 2xx, with no permanent redirect on the way.
    Ok,
    /// 2xx in the end, through at least one permanent redirect (301/308): the
    /// citation should be updated to the final URL.
    Redirected,
    /// 404, 410 or another 4xx that is not a refusal, also through redirects.
    Dead,
    /// 2xx, but the page is an error page, or a deep link was sent to the
    /// site's home page.
    #[serde(rename = "soft_404")]
    Soft404,
    /// The server refuses automated checks (401, 403, 429 after retries, 999):
    /// unverified, not dead.
    Blocked,
    /// 5xx after retries.
    ServerError,
    /// No complete answer within the timeout, after retries.
    Timeout,
    /// DNS failure, refused or reset connection, TLS failure, redirect loop.
    Unreachable,
    /// Not a well-formed URL.
    Invalid,
    /// Not checked by rule: a non-HTTP scheme, an exclude pattern, a private
    /// address.
    Excluded,
    /// A relative link whose target file does not exist.
    MissingFile,
    /// Not checked because the run is offline.
    Unchecked,
}

impl LinkStatus {
    /// Whether a link with this status is worth a snapshot.
    ///
    /// `dead` and `soft_404` are gone; `unreachable` is usually a domain that
    /// lapsed or a server that was switched off. `timeout` is included too: a
    /// host that never answers is a common form of link rot, and a snapshot is
    /// only offered, never a reason to change the status. `blocked` and
    /// `server_error` pages exist and are left alone.
    #[must_use]
    pub fn wants_snapshot(self) -> bool {
        matches!(
            self,
            Self::Dead | Self::Soft404 | Self::Unreachable | Self::Timeout
        )
    }

    /// Every status, in the order reports list them.
    pub const ALL: [Self; 12] = [
        Self::Dead,
        Self::Soft404,
        Self::MissingFile,
        Self::Redirected,
        Self::Blocked,
        Self::ServerError,
        Self::Timeout,
        Self::Unreachable,
        Self::Invalid,
        Self::Excluded,
        Self::Unchecked,
        Self::Ok,
    ];

    /// Where the status stands in [`LinkStatus::ALL`]: lower is more urgent.
    #[must_use]
    pub fn urgency(self) -> usize {
        Self::ALL
            .iter()
            .position(|&s| s == self)
            .unwrap_or(Self::ALL.len())
    }

    /// Whether the contract counts this status as a dead link.
    #[must_use]
    pub fn is_dead(self) -> bool {
        matches!(self, Self::Dead | Self::Soft404 | Self::MissingFile)
    }

    /// Whether a link with this status is failing: dead, or failing in
    /// passing (a timeout, a server error, no answer, a refusal).
    #[must_use]
    pub fn is_failure(self) -> bool {
        self.is_dead()
            || matches!(
                self,
                Self::Timeout | Self::ServerError | Self::Unreachable | Self::Blocked
            )
    }

    /// The status spelled as in reports, read back.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The status as the report spells it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Redirected => "redirected",
            Self::Dead => "dead",
            Self::Soft404 => "soft_404",
            Self::Blocked => "blocked",
            Self::ServerError => "server_error",
            Self::Timeout => "timeout",
            Self::Unreachable => "unreachable",
            Self::Invalid => "invalid",
            Self::Excluded => "excluded",
            Self::MissingFile => "missing_file",
            Self::Unchecked => "unchecked",
        }
    }
}

impl std::fmt::Display for LinkStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What checking one link found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// The status.
    pub status: LinkStatus,
    /// The last HTTP status code received, if any.
    pub http_status: Option<u16>,
    /// Where redirects ended, if the link was redirected.
    pub final_url: Option<String>,
    /// A snapshot to use instead, when one was found.
    pub archive_url: Option<String>,
    /// One human sentence: why this status.
    pub detail: String,
    /// What the page says about itself, when a page was read: null when
    /// nothing was fetched (offline, a local file, a failure) or the answer
    /// was not a page.
    #[serde(default)]
    pub page: Option<PageInfo>,
    /// The page's main text, on its way from the fetch to the run's
    /// [`PageSink`] and the cache; never in a report.
    #[serde(skip)]
    pub(crate) text: Option<std::sync::Arc<str>>,
}

/// How a deferred link's detail begins (see [`Verdict::deferred`]).
const DEFERRED: &str = "deferred: ";

impl Verdict {
    /// The verdict on a link the run's time budget did not reach: not
    /// checked, and first in line next run (nothing is recorded of it).
    #[must_use]
    pub fn deferred(budget: std::time::Duration) -> Self {
        Self::new(
            LinkStatus::Unchecked,
            format!(
                "{DEFERRED}not reached within the time budget ({}); first in line next run",
                humantime_short(budget)
            ),
        )
    }

    /// Whether the run's time budget left this link unchecked.
    #[must_use]
    pub fn is_deferred(&self) -> bool {
        self.status == LinkStatus::Unchecked && self.detail.starts_with(DEFERRED)
    }

    /// A verdict with no HTTP details.
    #[must_use]
    pub fn new(status: LinkStatus, detail: impl Into<String>) -> Self {
        Self {
            status,
            http_status: None,
            final_url: None,
            archive_url: None,
            detail: detail.into(),
            page: None,
            text: None,
        }
    }
}

/// A duration as the time-budget flag spells it: `6h`, `45m`, `90s`.
fn humantime_short(d: std::time::Duration) -> String {
    let secs = d.as_secs();
    match secs {
        0 => format!("{}ms", d.as_millis()),
        s if s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s % 3600 == 0 => format!("{}h", s / 3600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}
