//! The verdict cache as a run uses it: fresh verdicts stand in for requests,
//! stale and transient ones do not, a corrupt or half-written database is
//! survived. Requests are counted at a loopback server.

use std::time::{Duration, Instant};

use chrono::{TimeDelta, Utc};
use citecheck::check::cache::{SqliteCache, VerdictStore};
use citecheck::check::{LinkStatus, Verdict};

use crate::support::article::{one_paragraph_citing, Workspace};
use crate::support::checker::private_key;
use crate::support::json::links;
use crate::support::stubs::Server;

/// Seeds the workspace's default cache with `status` for each URL, checked
/// `age` ago, with the detail "from the cache".
fn seed(ws: &Workspace, urls: &[String], status: LinkStatus, age: TimeDelta) {
    let cache = SqliteCache::open(&ws.path(".citecheck/cache.sqlite")).unwrap();
    let observations: Vec<_> = urls
        .iter()
        .map(|u| (private_key(u), Verdict::new(status, "from the cache")))
        .collect();
    cache.record(&observations, Utc::now() - age).unwrap();
}

fn details(report: &serde_json::Value) -> Vec<String> {
    report["articles"][0]["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["detail"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_warm_cache_answers_every_link_without_a_request() {
    let server = Server::start();
    let ws = Workspace::new();
    let (one, two) = (server.url("/ok/1"), server.url("/ok/2"));
    ws.write(
        "a.md",
        &format!("A claim.[^1] Another.[^2] Again.[^3]\n\n[^1]: <{one}>\n[^2]: <{two}>\n[^3]: <{one}#part>\n"),
    );
    seed(&ws, &[one, two], LinkStatus::Ok, TimeDelta::hours(1));
    let run = ws.run(&["check", "a.md", "--allow-private"]).expect(0);
    assert_eq!(server.total(), 0);
    assert!(
        run.stderr().contains("2 URL(s) answered from the cache"),
        "{}",
        run.stderr()
    );
    let report = ws.report();
    assert!(links(&report).iter().all(|(_, status, _)| status == "ok"));
    assert!(details(&report).iter().all(|d| d == "from the cache"));
}

#[test]
fn stale_and_transient_verdicts_are_not_reused() {
    let ws = Workspace::new();
    let stale = "http://127.0.0.1:9/ok/stale".to_owned();
    let transient = "http://127.0.0.1:9/flaky/1".to_owned();
    ws.write(
        "a.md",
        &format!("A.[^1] B.[^2]\n\n[^1]: <{stale}>\n[^2]: <{transient}>\n"),
    );
    seed(&ws, &[stale], LinkStatus::Ok, TimeDelta::days(8));
    seed(
        &ws,
        &[transient],
        LinkStatus::Timeout,
        TimeDelta::minutes(1),
    );
    ws.run(&[
        "check",
        "a.md",
        "--allow-private",
        "--timeout",
        "2",
        "--retries",
        "0",
    ]);
    assert!(
        details(&ws.report()).iter().all(|d| d != "from the cache"),
        "{:?}",
        details(&ws.report())
    );
}

#[test]
fn a_verdict_reached_under_other_options_is_not_reused() {
    let ws = Workspace::new();
    let url = "http://127.0.0.1:9/ok/1".to_owned();
    ws.write("a.md", &format!("A.[^1]\n\n[^1]: <{url}>\n"));
    seed(&ws, &[url], LinkStatus::Ok, TimeDelta::hours(1));
    // Seeded with allow_private; this run does not allow private addresses.
    ws.run(&["check", "a.md", "--timeout", "2", "--retries", "0"]);
    assert_ne!(details(&ws.report()), ["from the cache"]);
}

#[test]
fn a_corrupt_cache_is_reported_and_rebuilt() {
    let ws = Workspace::new();
    ws.write("a.md", "A claim.[^1]\n\n[^1]: Smith, *Book*, 2001.\n");
    ws.write(".citecheck/cache.sqlite", &"not a database ".repeat(500));
    let run = ws.run(&["check", "a.md"]).expect(0);
    let stderr = run.stderr();
    assert!(
        stderr.contains("cache.sqlite") && stderr.contains("corrupt") && stderr.contains("rebuilt"),
        "{stderr}"
    );
    let cache = SqliteCache::open(&ws.path(".citecheck/cache.sqlite")).unwrap();
    let key = private_key("https://example.org/");
    cache
        .record(
            &[(key.clone(), Verdict::new(LinkStatus::Ok, "200"))],
            Utc::now(),
        )
        .unwrap();
    assert_eq!(cache.history(&key).unwrap().len(), 1);
}

#[test]
fn no_cache_leaves_no_database() {
    let ws = Workspace::new();
    ws.write("a.md", "A claim.[^1]\n\n[^1]: <http://127.0.0.1:9/x>\n");
    ws.run(&[
        "check",
        "a.md",
        "--no-cache",
        "--timeout",
        "1",
        "--retries",
        "0",
    ]);
    assert!(!ws.path(".citecheck").exists());
}

#[test]
fn two_writers_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite");
    SqliteCache::open(&path).unwrap();
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                let cache = SqliteCache::open(&path).unwrap();
                for i in 0..100 {
                    let key = private_key(&format!("https://example.org/{w}/{i}"));
                    cache
                        .record(&[(key, Verdict::new(LinkStatus::Ok, "200"))], Utc::now())
                        .unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let cache = SqliteCache::open(&path).unwrap();
    for w in 0..2 {
        for i in [0, 99] {
            let key = private_key(&format!("https://example.org/{w}/{i}"));
            assert_eq!(cache.history(&key).unwrap().len(), 1);
        }
    }
}

#[test]
fn a_cold_run_asks_once_per_distinct_url_and_a_warm_run_not_at_all() {
    let server = Server::start();
    let ws = Workspace::new();
    let (one, two, gone) = (
        server.url("/ok/1"),
        server.url("/ok/2"),
        server.url("/gone/1"),
    );
    ws.write(
        "a.md",
        &format!(
            "A.[^1] B.[^2] C.[^3] D.[^4] E.[^5]\n\n[^1]: <{one}>\n[^2]: <{two}>\n\
             [^3]: <{one}#part>\n[^4]: <{one}>\n[^5]: <{gone}>\n"
        ),
    );
    let args = ["check", "a.md", "--allow-private", "--retries", "0"];
    let expected = [
        (one.clone(), "ok".to_owned(), 0),
        (two, "ok".to_owned(), 0),
        (format!("{one}#part"), "ok".to_owned(), 0),
        (one, "ok".to_owned(), 0),
        (gone, "dead".to_owned(), 1),
    ];
    ws.run(&args).expect(1);
    let cold = (
        server.hits("/ok/1"),
        server.hits("/ok/2"),
        server.hits("/gone/1"),
    );
    assert_eq!(cold, (1, 1, 1));
    // The three links, and the site's answer to one made-up address.
    let cold_total = server.total();
    assert_eq!(cold_total, 4);
    assert_eq!(links(&ws.report()), expected);
    // A dead verdict is fresh for a day, like an ok one for a week.
    ws.run(&args).expect(1);
    assert_eq!(server.total(), cold_total, "the warm run sent requests");
    assert_eq!(links(&ws.report()), expected);
}

#[test]
fn two_runs_at_once_share_the_cache_without_harm() {
    let server = Server::start();
    let ws = Workspace::new();
    let urls: Vec<String> = (0..20).map(|i| server.url(&format!("/ok/{i}"))).collect();
    ws.write("a.md", &one_paragraph_citing(&urls));
    let args = ["check", "a.md", "--allow-private"];
    let runs: Vec<_> = (0..2)
        .map(|_| {
            ws.command(&args)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for run in runs {
        let out = run.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(!stderr.contains("warning"), "{stderr}");
    }
    let asked = server.total();
    // Each URL once or twice, and one probe of the site per run.
    assert!((21..=42).contains(&asked), "{asked}");
    let run = ws.run(&args).expect(0);
    assert!(
        run.stderr().contains("20 URL(s) answered from the cache"),
        "{}",
        run.stderr()
    );
    assert_eq!(server.total(), asked);
}

#[test]
fn transient_failures_are_checked_on_every_run() {
    let server = Server::start();
    let ws = Workspace::new();
    let (ok, flaky) = (server.url("/ok/1"), server.url("/flaky/1"));
    ws.write(
        "a.md",
        &format!("A.[^1] B.[^2]\n\n[^1]: <{ok}>\n[^2]: <{flaky}>\n"),
    );
    let args = ["check", "a.md", "--allow-private", "--retries", "0"];
    ws.run(&args).expect(0);
    ws.run(&args).expect(0);
    assert_eq!(server.hits("/ok/1"), 1);
    assert_eq!(server.hits("/flaky/1"), 2);
    let report = ws.report();
    assert!(links(&report).contains(&(flaky, "server_error".into(), 0)));
}

#[test]
fn a_run_killed_mid_check_leaves_a_usable_cache() {
    let server = Server::start();
    let ws = Workspace::new();
    let ok = server.url("/ok/1");
    ws.write("ok.md", &format!("A.[^1]\n\n[^1]: <{ok}>\n"));
    ws.write(
        "slow.md",
        &format!(
            "A.[^1] B.[^2]\n\n[^1]: <{ok}>\n[^2]: <{}>\n",
            server.url("/slow/1")
        ),
    );
    ws.run(&["check", "ok.md", "--allow-private"]).expect(0);

    let mut child = ws
        .command(&["check", "slow.md", "--allow-private", "--timeout", "60"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while server.hits("/slow/1") == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the run never asked"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let run = ws.run(&["check", "ok.md", "--allow-private"]).expect(0);
    assert!(
        run.stderr().contains("1 URL(s) answered from the cache"),
        "{}",
        run.stderr()
    );
    assert_eq!(server.hits("/ok/1"), 1);
}
