//! Several processes sharing one PostgreSQL store (`--cache postgres://…`),
//! against plain threaded servers that log every request: each cited URL is
//! fetched once over all of them, the per-host limits hold for all of them
//! together, a process killed or paused loses its work to the others and
//! overwrites nothing, a warm rerun asks nothing, and a store that cannot be
//! reached, or is lost during the run, ends the run with exit code 2.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::binary::{command, run, NO_LOOKUPS};
use crate::support::logged::LoggedServer;
use crate::support::postgres::{fresh_store, query, schema_of, try_query};

/// Four loopback hosts (127.0.0.2 to .5: four hosts to the checker).
fn servers(delay: Duration) -> Vec<LoggedServer> {
    (2..=5)
        .map(|i| LoggedServer::start(&format!("127.0.0.{i}"), delay))
        .collect()
}

/// `articles` articles, each citing every one of `per_host` pages of every
/// server, in its own order.
fn write_articles(dir: &Path, servers: &[LoggedServer], per_host: usize, articles: usize) {
    let mut urls = Vec::new();
    for s in servers {
        for k in 0..per_host {
            urls.push(s.url(&format!("/docs/page-{k}")));
        }
    }
    for a in 0..articles {
        urls.rotate_left(per_host / 2 + 1);
        let text: String = urls
            .iter()
            .enumerate()
            .map(|(i, _)| format!("Claim {i}.[^{i}]\n\n"))
            .chain(
                urls.iter()
                    .enumerate()
                    .map(|(i, u)| format!("[^{i}]: <{u}>\n")),
            )
            .collect();
        std::fs::write(dir.join(format!("a{a}.md")), text).unwrap();
    }
}

fn spawn(dir: &Path, out: &Path, store: &str, extra: &[&str]) -> Child {
    let mut args = vec![
        "check",
        "--allow-private",
        "--cache",
        store,
        "--out",
        out.to_str().unwrap(),
        "--max-per-host",
        "2",
        "--min-interval",
        "40",
    ];
    args.extend_from_slice(&NO_LOOKUPS);
    args.extend_from_slice(extra);
    args.push(dir.to_str().unwrap());
    command(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn finish(child: Child) -> (i32, String) {
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Requests for cited pages (not the soft-404 probes), by path, per server.
fn cited_requests(servers: &[LoggedServer]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for s in servers {
        for r in s.log() {
            if r.path.starts_with("/docs/") {
                *counts.entry(s.url(&r.path)).or_insert(0) += 1;
            }
        }
    }
    counts
}

fn statuses(out: &Path) -> Vec<String> {
    let report = crate::support::json::read(&out.join("report.json"));
    report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["links"].as_array().unwrap().clone())
        .map(|l| l["status"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn four_processes_fetch_each_url_once_and_keep_the_host_limits_together() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    let servers = servers(Duration::from_millis(20));
    write_articles(&tree, &servers, 15, 8);
    let store = fresh_store("four");
    let children: Vec<Child> = (1..=4)
        .map(|k| {
            let out = dir.path().join(format!("out{k}"));
            spawn(&tree, &out, &store, &["--shard", &format!("{k}/4")])
        })
        .collect();
    for child in children {
        let (code, stderr) = finish(child);
        assert_eq!(code, 0, "{stderr}");
    }
    let counts = cited_requests(&servers);
    assert_eq!(counts.len(), 60, "every cited page was asked for");
    let twice: Vec<_> = counts.iter().filter(|(_, &n)| n > 1).collect();
    assert!(
        twice.is_empty(),
        "fetched more than once over all: {twice:?}"
    );
    for s in &servers {
        assert!(
            s.peak_in_flight() <= 2,
            "{}: {} in flight at once over all processes",
            s.addr,
            s.peak_in_flight()
        );
        // The store grants starts 60 ms apart by its clock (the interval
        // and a margin of half of it); the requests leave a scheduler's
        // moment later and the server reads them another moment later, on
        // a busy two-core machine sometimes tens of milliseconds more for
        // one than for the next (44 ms seen while this suite ran beside a
        // build). So: over all, the requests are spread as the interval
        // asks (the span from first to last); half of the gaps are the
        // interval at least; and at most one gap was squeezed under half
        // of it by such a moment. Limits not shared would show three gaps
        // in four near 0 and a span a quarter as long.
        let gaps = s.gaps();
        let (second_least, median) = (gaps[1], gaps[gaps.len() / 2]);
        let span: Duration = gaps.iter().sum();
        let interval = Duration::from_millis(40);
        assert!(
            second_least >= interval / 2
                && median >= interval
                && span >= interval * u32::try_from(gaps.len()).unwrap(),
            "{}: gaps (least first) {gaps:?} under --min-interval 40",
            s.addr
        );
    }
    let mut judged = 0;
    for k in 1..=4 {
        let all = statuses(&dir.path().join(format!("out{k}")));
        judged += all.len();
        assert!(all.iter().all(|s| s == "ok"), "shard {k}: {all:?}");
    }
    assert_eq!(judged, 8 * 60, "every link of every shard is reported");
    // A warm rerun within the freshness windows asks nothing.
    let before: usize = servers.iter().map(|s| s.log().len()).sum();
    let (code, stderr) = finish(spawn(&tree, &dir.path().join("warm"), &store, &[]));
    assert_eq!(code, 0, "{stderr}");
    let after: usize = servers.iter().map(|s| s.log().len()).sum();
    assert_eq!(after, before, "the warm rerun sent requests");
    assert!(stderr.contains("answered from the cache"), "{stderr}");
    let schema = schema_of(&store);
    let claims = query(&format!("SELECT count(*) FROM {schema}.claims"));
    assert_eq!(claims, ["0"], "claims left behind");
}

fn signal(child: &Child, name: &str) {
    let status = std::process::Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Waits until the store holds at least `n` observations.
fn wait_for_observations(schema: &str, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let got: usize = try_query(&format!("SELECT count(*) FROM {schema}.observations"))
            .and_then(|rows| rows.first()?.parse().ok())
            .unwrap_or(0);
        if got >= n {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "only {got} observations after 30 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_killed_process_keeps_what_it_committed_and_its_claims_run_out() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    let servers = servers(Duration::from_millis(150));
    write_articles(&tree, &servers, 10, 1);
    let store = fresh_store("kill");
    let schema = schema_of(&store);
    let mut first = spawn(&tree, &dir.path().join("first"), &store, &["--lease", "2"]);
    wait_for_observations(&schema, 6);
    signal(&first, "KILL");
    first.wait().unwrap();
    let committed: Vec<String> = query(&format!(
        "SELECT l.url FROM {schema}.observations o JOIN {schema}.links l ON l.id = o.link_id"
    ));
    let held = query(&format!("SELECT count(*) FROM {schema}.claims"));
    assert_ne!(held, ["0"], "the killed process held claims");
    let before = cited_requests(&servers);
    let started = Instant::now();
    let (code, stderr) = finish(spawn(
        &tree,
        &dir.path().join("rerun"),
        &store,
        &["--lease", "2"],
    ));
    assert_eq!(code, 0, "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(30));
    let after = cited_requests(&servers);
    for url in &committed {
        assert_eq!(
            before.get(url),
            after.get(url),
            "{url} was committed by the killed process and fetched again"
        );
    }
    assert_eq!(after.len(), 40, "the rerun finished every URL");
    let all = statuses(&dir.path().join("rerun"));
    assert!(all.iter().all(|s| s == "ok"), "{all:?}");
}

#[test]
fn a_paused_process_overwrites_nothing_once_its_lease_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    let servers = servers(Duration::from_millis(150));
    write_articles(&tree, &servers, 10, 1);
    let store = fresh_store("pause");
    let schema = schema_of(&store);
    let paused = spawn(&tree, &dir.path().join("paused"), &store, &["--lease", "2"]);
    wait_for_observations(&schema, 4);
    signal(&paused, "STOP");
    // Past its lease: another process takes its work over and finishes.
    std::thread::sleep(Duration::from_millis(2500));
    let (code, stderr) = finish(spawn(
        &tree,
        &dir.path().join("other"),
        &store,
        &["--lease", "2"],
    ));
    assert_eq!(code, 0, "{stderr}");
    signal(&paused, "CONT");
    let (code, stderr) = finish(paused);
    assert_eq!(code, 0, "{stderr}");
    // One verdict a URL: the resumed process's late writes were refused.
    let per_link = query(&format!(
        "SELECT count(*) FROM {schema}.observations GROUP BY link_id HAVING count(*) > 1"
    ));
    assert!(per_link.is_empty(), "URLs with two verdicts: {per_link:?}");
    let links = query(&format!("SELECT count(*) FROM {schema}.links"));
    assert_eq!(links, ["40"]);
    for s in &servers {
        assert!(
            s.peak_in_flight() <= 2,
            "{}: {}",
            s.addr,
            s.peak_in_flight()
        );
    }
}

#[test]
fn an_unreachable_store_ends_the_run_naming_it_without_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    std::fs::write(
        dir.path().join("a.md"),
        "A claim.[^1]\n\n[^1]: <http://127.0.0.2:9/x>\n",
    )
    .unwrap();
    let store = format!("postgres://auditor:sw0rdfish@127.0.0.1:{port}/wiki_audit");
    let out = dir.path().join("out");
    let run = run(&mut command([
        "check",
        "--allow-private",
        "--cache",
        &store,
        "--out",
        out.to_str().unwrap(),
        dir.path().join("a.md").to_str().unwrap(),
    ]));
    assert_eq!(run.code(), Some(2), "{}", run.stderr());
    let stderr = run.stderr();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(&format!("127.0.0.1:{port}/wiki_audit")),
        "{stderr}"
    );
    assert!(!stderr.contains("sw0rdfish"), "{stderr}");
    // A bad address is named without its password too.
    let run = run_bad("postgres://auditor:sw0rdfish@127.0.0.1/db?sslmode=maybe");
    assert_eq!(run.code(), Some(2));
    assert!(
        run.stderr().contains("sslmode") && !run.stderr().contains("sw0rdfish"),
        "{}",
        run.stderr()
    );
}

fn run_bad(store: &str) -> crate::support::binary::Run {
    run(&mut command([
        "check",
        "--offline",
        "--cache",
        store,
        "sources",
    ]))
}

/// A TCP relay to the test PostgreSQL that can be cut: every connection
/// through it is closed, and none is accepted after.
struct Relay {
    port: u16,
    cut: Arc<AtomicBool>,
    streams: Arc<Mutex<Vec<TcpStream>>>,
}

impl Relay {
    fn start() -> Self {
        let target = crate::support::postgres::url();
        let target_port: u16 = target
            .rsplit(':')
            .next()
            .and_then(|p| p.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let cut = Arc::new(AtomicBool::new(false));
        let streams = Arc::new(Mutex::new(Vec::new()));
        let (c, s) = (Arc::clone(&cut), Arc::clone(&streams));
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if c.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let Ok(server) = TcpStream::connect(("127.0.0.1", target_port)) else {
                    continue;
                };
                s.lock().unwrap().push(client.try_clone().unwrap());
                s.lock().unwrap().push(server.try_clone().unwrap());
                for (mut from, mut to) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap()),
                    (server, client),
                ] {
                    std::thread::spawn(move || {
                        let mut buf = [0_u8; 16384];
                        while let Ok(n) = from.read(&mut buf) {
                            if n == 0 || to.write_all(&buf[..n]).is_err() {
                                break;
                            }
                        }
                        let _ = to.shutdown(std::net::Shutdown::Both);
                    });
                }
            }
        });
        Self { port, cut, streams }
    }

    fn cut(&self) {
        self.cut.store(true, Ordering::SeqCst);
        for s in self.streams.lock().unwrap().drain(..) {
            let _ = s.shutdown(std::net::Shutdown::Both);
        }
    }
}

#[test]
fn a_store_lost_during_the_run_stops_it_with_the_reports_of_what_was_judged() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    let servers = servers(Duration::from_millis(100));
    write_articles(&tree, &servers, 10, 1);
    let relay = Relay::start();
    let direct = fresh_store("lost");
    let schema = schema_of(&direct);
    let store = direct.replacen(
        &format!(
            ":{}",
            direct
                .rsplit(':')
                .next()
                .unwrap()
                .split('/')
                .next()
                .unwrap()
        ),
        &format!(":{}", relay.port),
        1,
    );
    let out = dir.path().join("out");
    let child = spawn(&tree, &out, &store, &[]);
    wait_for_observations(&schema, 4);
    relay.cut();
    let started = Instant::now();
    let (code, stderr) = finish(child);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(40),
        "{:?}",
        started.elapsed()
    );
    assert!(stderr.contains("lost during the run"), "{stderr}");
    let all = statuses(&out);
    assert_eq!(all.len(), 40, "every link is in the report");
    assert!(all.iter().any(|s| s == "ok"), "{all:?}");
    assert!(all.iter().any(|s| s == "unchecked"), "{all:?}");
}

#[test]
fn a_hosts_retry_after_holds_every_process_off_it() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    let slow = LoggedServer::throttled("127.0.0.6", Duration::from_millis(5), Some(2));
    write_articles(&tree, std::slice::from_ref(&slow), 12, 4);
    let store = fresh_store("retry_after");
    let children: Vec<Child> = (1..=2)
        .map(|k| {
            let out = dir.path().join(format!("out{k}"));
            spawn(&tree, &out, &store, &["--shard", &format!("{k}/2")])
        })
        .collect();
    for child in children {
        let (code, stderr) = finish(child);
        assert_eq!(code, 0, "{stderr}");
    }
    let log = slow.log();
    let refused = log.iter().find(|r| r.throttled).expect("a 429 was sent");
    let too_soon: Vec<_> = log
        .iter()
        .filter(|r| r.start > refused.end && r.start < refused.end + Duration::from_millis(1900))
        .collect();
    assert!(
        too_soon.is_empty(),
        "asked again within Retry-After: {too_soon:?}"
    );
}
