//! The link checker called as a library, with options fit for loopback
//! servers; and the cache key a run against them stores.
//!
//! Never lets a check reach the public web archive or ISBN catalogue: a test
//! that wants one starts its own stand-in.

use std::time::Duration;

use citecheck::check::{http, CheckOptions, Verdict};
use url::Url;

/// Options for tests: loopback allowed, short timeouts and backoffs, and
/// neither the public web archive nor the public ISBN catalogue (tests that
/// want them start their own).
pub fn options() -> CheckOptions {
    CheckOptions {
        network: citecheck::check::Network {
            allow_private: true,
            timeout: Duration::from_secs(2),
            retry_base: Duration::from_millis(10),
            retry_after_cap: Duration::from_secs(3),
            ..CheckOptions::default().network
        },
        services: citecheck::check::Services::none(),
        ..CheckOptions::default()
    }
}

/// The verdict on one URL, with `options`.
pub async fn check_with(url: &Url, options: &CheckOptions) -> Verdict {
    let mut verdicts = http::check_urls(vec![url.clone()], options).await;
    verdicts.remove(url).expect("a verdict for every URL")
}

/// The verdict on one URL, with the test [`options`].
pub async fn check(url: &Url) -> Verdict {
    check_with(url, &options()).await
}

/// The cache key of `url` as a run with `--allow-private` (as every test
/// against a loopback server is) stores it.
pub fn private_key(url: &str) -> citecheck::check::cache::CacheKey {
    citecheck::check::cache::CacheKey {
        url: url.to_owned(),
        options: citecheck::check::CheckOptions {
            network: citecheck::check::Network {
                allow_private: true,
                ..citecheck::check::CheckOptions::default().network
            },
            ..citecheck::check::CheckOptions::default()
        }
        .verdict_key(),
    }
}
