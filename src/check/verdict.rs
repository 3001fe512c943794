//! The one place where what fetching found becomes a [`LinkStatus`] and a
//! sentence saying why.

use std::fmt::Write as _;
use std::time::Duration;

use reqwest::StatusCode;
use url::Url;

use super::fetch::{Answer, Failure, Outcome, MAX_REDIRECTS};
use super::options::CheckOptions;
use super::soft404::{self, Evidence};
use super::status::{LinkStatus, Verdict};

/// Judges the outcome of fetching `original`.
pub(crate) fn judge(original: &Url, outcome: &Outcome, options: &CheckOptions) -> Verdict {
    let redirected = !outcome.hops.is_empty();
    let mut verdict = match &outcome.result {
        Ok(answer) => judge_answer(original, outcome, answer, options),
        Err(failure) => judge_failure(outcome, failure, options),
    };
    verdict.http_status = match &outcome.result {
        Ok(answer) => Some(answer.status.as_u16()),
        Err(_) => outcome.hops.last().map(|hop| hop.status.as_u16()),
    };
    if redirected {
        verdict.final_url = Some(outcome.final_url.to_string());
    }
    verdict
}

fn judge_answer(
    original: &Url,
    outcome: &Outcome,
    answer: &Answer,
    options: &CheckOptions,
) -> Verdict {
    let status = answer.status;
    let said = format!("the server answered {}", describe(status));
    let via = via(outcome);
    let retried = if outcome.attempts > 1 {
        format!(" on each of {} attempts", outcome.attempts)
    } else {
        String::new()
    };
    let (link_status, detail) = match status.as_u16() {
        200..=299 => return with_page(judge_success(original, outcome, answer), answer),
        429 => match answer.retry_after {
            Some(wait) if wait > options.network.retry_after_cap => (
                LinkStatus::Blocked,
                format!(
                    "{said}{via} and asked to wait {}, longer than the {} the checker waits",
                    seconds(wait),
                    seconds(options.network.retry_after_cap)
                ),
            ),
            _ => (
                LinkStatus::Blocked,
                format!("{said}{via}{retried}; the server limits automated checks"),
            ),
        },
        // 401 and 407 ask for credentials, 403 refuses, 999 is what LinkedIn
        // and others send to bots: the page may well exist. (451, withheld for
        // legal reasons, is not about robots: it is dead like any other 4xx.)
        401 | 403 | 407 | 999 => (
            LinkStatus::Blocked,
            format!("{said}{via}: it refuses automated checks; check the link in a browser"),
        ),
        400..=499 => (LinkStatus::Dead, format!("{said}{via}")),
        500..=599 => (LinkStatus::ServerError, format!("{said}{via}{retried}")),
        300..=399 => (
            LinkStatus::Unreachable,
            format!("{said}{via} without saying where the page went"),
        ),
        _ => (
            LinkStatus::ServerError,
            format!("{said}{via}, a status HTTP does not define"),
        ),
    };
    Verdict::new(link_status, detail)
}

fn judge_success(original: &Url, outcome: &Outcome, answer: &Answer) -> Verdict {
    let said = format!("the server answered {}", describe(answer.status));
    let redirected = !outcome.hops.is_empty();
    let evidence = answer.page.as_ref().and_then(|page| {
        soft404::without_probe(original, &outcome.final_url, redirected, page).or_else(|| {
            let probe = outcome.probe.as_deref()?;
            soft404::with_probe(&outcome.final_url, page, probe)
        })
    });
    let evidence = evidence.or_else(|| {
        (redirected && soft404::sent_home(original, &outcome.final_url))
            .then_some(Evidence::SentHome)
    });
    if let Some(evidence) = evidence {
        let detail = match evidence {
            Evidence::Wording { text } => format!(
                "{said}{} but its title says \"{text}\": an error page",
                via(outcome)
            ),
            Evidence::LikeMissingPage { probe, title } => format!(
                "{said}{} but the page is the site's error page: a made-up address ({probe}) gets the same page{}",
                via(outcome),
                title.map(|t| format!(", titled \"{t}\"")).unwrap_or_default()
            ),
            Evidence::SentHome => format!(
                "the deep link was redirected to the site's home page {}: the page is gone",
                outcome.final_url
            ),
            Evidence::SentToErrorPage => format!(
                "the link was redirected to the site's error page {}: the page is gone",
                outcome.final_url
            ),
            Evidence::RefreshedHome(to) => format!(
                "{said}{} but the page sends readers on to the site's home page {to}: the page is gone",
                via(outcome)
            ),
        };
        return Verdict::new(LinkStatus::Soft404, detail);
    }
    let cut = answer
        .cut_short
        .as_ref()
        .map(|why| {
            let tries = if outcome.attempts > 1 {
                format!(" on each of {} attempts", outcome.attempts)
            } else {
                String::new()
            };
            format!(", but the page was cut short{tries} ({why})")
        })
        .unwrap_or_default();
    if let Some(hop) = outcome.hops.iter().find(|hop| is_permanent(hop.status)) {
        return Verdict::new(
            LinkStatus::Redirected,
            format!(
                "redirected permanently ({}) to {}; update the citation{cut}",
                hop.status.as_u16(),
                outcome.final_url
            ),
        );
    }
    Verdict::new(LinkStatus::Ok, format!("{said}{}{cut}", via(outcome)))
}

/// What the page said of itself, on the verdict; a page on a parked or
/// for-sale domain says so in the detail too.
fn with_page(mut verdict: Verdict, answer: &Answer) -> Verdict {
    let Some(page) = &answer.page else {
        return verdict;
    };
    if page.info.usurped {
        let phrase =
            super::usurped::parked(page.title.as_deref(), &page.text).unwrap_or("a parking page");
        let _ = write!(
            verdict.detail,
            "; the domain looks usurped: the page says \"{phrase}\", so it no longer holds the cited source"
        );
    }
    verdict.page = Some(page.info.clone());
    verdict.text = (!page.main.is_empty()).then(|| std::sync::Arc::from(page.main.as_str()));
    verdict
}

fn judge_failure(outcome: &Outcome, failure: &Failure, options: &CheckOptions) -> Verdict {
    let via = via(outcome);
    let tries = if outcome.attempts > 1 {
        format!(" ({} attempts)", outcome.attempts)
    } else {
        String::new()
    };
    let (status, detail) = match failure {
        Failure::Timeout => (
            LinkStatus::Timeout,
            format!("no answer within {}{via}{tries}", seconds(options.network.timeout)),
        ),
        Failure::Refused => (
            LinkStatus::Unreachable,
            format!("could not get an answer{via}: connection refused{tries}"),
        ),
        Failure::Connect(reason) => (
            LinkStatus::Unreachable,
            format!("could not get an answer{via}: {reason}{tries}"),
        ),
        Failure::Dns(e) => (LinkStatus::Unreachable, format!("{e}{via}")),
        Failure::Tls(reason) => (
            LinkStatus::Unreachable,
            format!("the secure (TLS) connection failed{via}: {reason}"),
        ),
        Failure::Private { host, ip } => (
            LinkStatus::Excluded,
            format!(
                "not checked: {host} is a private or loopback address ({ip}){via}; use --allow-private to check it"
            ),
        ),
        Failure::RedirectLoop(url) => (
            LinkStatus::Unreachable,
            format!(
                "redirect loop: {} leads back to {url}",
                outcome
                    .hops
                    .iter()
                    .map(|hop| format!("{} {}", hop.status.as_u16(), hop.to))
                    .collect::<Vec<_>>()
                    .join(" → ")
            ),
        ),
        Failure::TooManyRedirects => (
            LinkStatus::Unreachable,
            format!("more than {MAX_REDIRECTS} redirects; gave up at {}", outcome.final_url),
        ),
        Failure::BadRedirect(location) => (
            LinkStatus::Unreachable,
            format!("the server redirected to an unusable location: {location}"),
        ),
        Failure::UnsupportedRedirect(url) => (
            LinkStatus::Excluded,
            format!("redirected to a {}: link ({url}), which is not checked", url.scheme()),
        ),
        Failure::Protocol(reason) => (
            LinkStatus::Unreachable,
            format!("the server's answer could not be read{via}: {reason}"),
        ),
        Failure::Other(reason) => (LinkStatus::Unreachable, format!("the request failed{via}: {reason}")),
    };
    Verdict::new(status, detail)
}

/// " after a redirect to …" when the last request was not the cited URL.
fn via(outcome: &Outcome) -> String {
    match outcome.hops.len() {
        0 => String::new(),
        1 => format!(" after a redirect to {}", outcome.final_url),
        n => format!(" after {n} redirects, at {}", outcome.final_url),
    }
}

fn is_permanent(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 308)
}

/// "404 Not Found", or just "999" for codes without a standard reason.
fn describe(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

/// "20 s", "0.5 s".
fn seconds(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs.fract() == 0.0 {
        format!("{secs:.0} s")
    } else {
        format!("{secs:.1} s")
    }
}
