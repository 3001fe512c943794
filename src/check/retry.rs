//! When to try a request again, and how long to wait first: the request
//! engine's one retry loop ([`with_retries`]).
//!
//! Transient failures are retried with exponential backoff and jitter: 429
//! and 5xx answers, timeouts, refused and reset connections. A `Retry-After`
//! header is honoured when it asks for no more than the cap; a server that
//! asks for longer is not waited for.

use std::future::Future;
use std::time::{Duration, SystemTime};

use tokio::time::sleep;

use super::options::Network;

/// Makes attempts until one needs no other: `attempt` is called, then `wait`
/// says how long to wait before the next (given the backoff due, `None` to
/// stop). A wait longer than `retry_after_cap` is not waited for: asking a
/// server again early would only prolong its refusal. Returns the last
/// result and how many attempts were made.
pub(crate) async fn with_retries<T, F, Fut>(
    network: &Network,
    mut attempt: F,
    wait: impl Fn(&T, Duration) -> Option<Duration>,
) -> (T, u32)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = T>,
{
    let mut retries = 0;
    loop {
        let result = attempt().await;
        match wait(&result, backoff(network.retry_base, retries)) {
            Some(pause) if retries < network.retries && pause <= network.retry_after_cap => {
                sleep(pause).await;
                retries += 1;
            }
            _ => return (result, retries + 1),
        }
    }
}

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;

/// Whether an HTTP answer may change if asked again.
pub(crate) fn should_retry_status(status: StatusCode) -> bool {
    // 429: the server rate-limits us and usually says for how long.
    // 5xx: overload, a restarting upstream or a deploy; often gone seconds
    // later. 501 Not Implemented and 505 are answers about the request itself
    // and will not change.
    status == StatusCode::TOO_MANY_REQUESTS
        || (status.is_server_error()
            && status != StatusCode::NOT_IMPLEMENTED
            && status != StatusCode::HTTP_VERSION_NOT_SUPPORTED)
}

/// The wait before retry number `attempt` (0 for the first retry): `base`
/// doubled each time, with up to half of it random so that many links of one
/// host do not come back at the same instant.
pub(crate) fn backoff(base: Duration, attempt: u32) -> Duration {
    let full = base.saturating_mul(1 << attempt.min(16));
    let jitter = full.mul_f64(fastrand::f64() * 0.5);
    full.saturating_sub(jitter)
}

/// The wait a `Retry-After` header asks for: delta-seconds or an HTTP date.
/// `None` when absent or unreadable.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    // A date in the past means "now".
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        assert_eq!(
            retry_after(&headers("7"), now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            retry_after(&headers("Wed, 21 Oct 2015 07:28:10 GMT"), now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            retry_after(&headers("Wed, 21 Oct 2015 07:00:00 GMT"), now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&headers("soon"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn backoff_doubles_and_stays_within_its_jitter() {
        let base = Duration::from_millis(100);
        for attempt in 0..4 {
            let full = base * (1 << attempt);
            let wait = backoff(base, attempt);
            assert!(wait <= full && wait >= full / 2, "{wait:?} for {attempt}");
        }
    }

    #[test]
    fn rate_limits_and_overloads_are_retried_but_not_client_errors() {
        assert!(should_retry_status(StatusCode::TOO_MANY_REQUESTS));
        assert!(should_retry_status(StatusCode::SERVICE_UNAVAILABLE));
        assert!(should_retry_status(StatusCode::BAD_GATEWAY));
        assert!(!should_retry_status(StatusCode::NOT_IMPLEMENTED));
        assert!(!should_retry_status(StatusCode::NOT_FOUND));
        assert!(!should_retry_status(StatusCode::FORBIDDEN));
    }
}
