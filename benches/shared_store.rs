//! Many processes, one store: the same run by 1, 2 and 4 processes
//! (`--shard K/N`) sharing one PostgreSQL store, beside one process with
//! the SQLite file, against 20 loopback hosts served by plain threaded
//! servers that log every request. Prints, per run: wall time, requests for
//! cited pages (and how many were repeats), the peak in flight on any host
//! over all processes, and the store's size.
//!
//! Needs PostgreSQL: run it as `cargo xtask bench --bench shared_store`,
//! which starts a throwaway cluster as the tests do.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "../tests/support/logged.rs"]
#[allow(dead_code)] // the tests use the rest
mod logged;

use logged::LoggedServer;

const HOSTS: u8 = 20;
const PAGES_PER_HOST: usize = 30;
const ARTICLES: usize = 13;
const MAX_PER_HOST: &str = "2";
const MIN_INTERVAL_MS: &str = "20";
const LATENCY: Duration = Duration::from_millis(20);

fn main() {
    let Ok(pg) = std::env::var("CITECHECK_TEST_POSTGRES") else {
        eprintln!("shared_store bench: run it with `cargo xtask bench --bench shared_store` (it needs PostgreSQL)");
        std::process::exit(2);
    };
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    println!(
        "shared store: {ARTICLES} articles citing {} distinct URLs on {HOSTS} hosts ({LATENCY:?} an answer), --max-per-host {MAX_PER_HOST} --min-interval {MIN_INTERVAL_MS}",
        usize::from(HOSTS) * PAGES_PER_HOST
    );
    println!("| store | processes | wall s | requests | repeats | peak in flight on a host | store size |");
    println!("|---|---|---|---|---|---|---|");
    let sqlite_servers = servers();
    write_articles(&tree, &sqlite_servers);
    let sqlite = dir.path().join("cache.sqlite");
    let sqlite_arg = sqlite.to_str().unwrap().to_owned();
    let wall = run(&tree, dir.path(), &sqlite_arg, 1);
    row("SQLite", 1, wall, &sqlite_servers, file_size(&sqlite));
    for processes in [1, 2, 4] {
        let servers = servers();
        write_articles(&tree, &servers);
        let schema = format!("bench_{processes}_{}", std::process::id());
        let store = format!("{pg}?sslmode=disable&schema={schema}");
        let wall = run(&tree, dir.path(), &store, processes);
        let size = store_size(&pg, &schema);
        row("PostgreSQL", processes, wall, &servers, size);
    }
}

fn servers() -> Vec<LoggedServer> {
    (2..2 + HOSTS)
        .map(|i| LoggedServer::start(&format!("127.0.0.{i}"), LATENCY))
        .collect()
}

fn write_articles(tree: &Path, servers: &[LoggedServer]) {
    let _ = std::fs::remove_dir_all(tree);
    std::fs::create_dir_all(tree).unwrap();
    let mut urls: Vec<String> = servers
        .iter()
        .flat_map(|s| (0..PAGES_PER_HOST).map(|k| s.url(&format!("/docs/page-{k}"))))
        .collect();
    for a in 0..ARTICLES {
        urls.rotate_left(PAGES_PER_HOST / 2 + 1);
        let mut text = String::new();
        for (i, _) in urls.iter().enumerate() {
            text.push_str(&format!("Claim {i}.[^{i}]\n\n"));
        }
        for (i, u) in urls.iter().enumerate() {
            text.push_str(&format!("[^{i}]: <{u}>\n"));
        }
        std::fs::write(tree.join(format!("a{a}.md")), text).unwrap();
    }
}

/// Runs `processes` shards at once on `store`; the wall time of all.
fn run(tree: &Path, dir: &Path, store: &str, processes: usize) -> Duration {
    let started = Instant::now();
    let children: Vec<_> = (1..=processes)
        .map(|k| {
            let out = dir.join(format!("out-{processes}-{k}"));
            let mut command = Command::new(env!("CARGO_BIN_EXE_citecheck"));
            command.args([
                "check",
                "--allow-private",
                "--no-archive",
                "--no-isbn-lookup",
                "--no-doi-lookup",
                "--cache",
                store,
                "--max-per-host",
                MAX_PER_HOST,
                "--min-interval",
                MIN_INTERVAL_MS,
                "--out",
                out.to_str().unwrap(),
            ]);
            if processes > 1 {
                command.args(["--shard", &format!("{k}/{processes}")]);
            }
            command
                .arg(tree)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        let status = child.wait().unwrap();
        assert!(
            matches!(status.code(), Some(0 | 1)),
            "citecheck failed: {status}"
        );
    }
    started.elapsed()
}

fn row(store: &str, processes: usize, wall: Duration, servers: &[LoggedServer], size: u64) {
    let mut per_url: HashMap<String, usize> = HashMap::new();
    for s in servers {
        for r in s.log() {
            if r.path.starts_with("/docs/") {
                *per_url.entry(s.url(&r.path)).or_insert(0) += 1;
            }
        }
    }
    let requests: usize = per_url.values().sum();
    let peak = servers
        .iter()
        .map(LoggedServer::peak_in_flight)
        .max()
        .unwrap_or(0);
    println!(
        "| {store} | {processes} | {:.2} | {requests} | {} | {peak} | {} KiB |",
        wall.as_secs_f64(),
        requests - per_url.len(),
        size / 1024
    );
}

fn file_size(path: &Path) -> u64 {
    ["", "-wal"]
        .iter()
        .map(|suffix| {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            std::fs::metadata(p).map_or(0, |m| m.len())
        })
        .sum()
}

/// The bytes of every table and index of `schema`.
fn store_size(pg: &str, schema: &str) -> u64 {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (client, connection) = tokio_postgres::connect(pg, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(connection);
        let row = client
            .query_one(
                "SELECT COALESCE(sum(pg_total_relation_size(c.oid)), 0)::bigint
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')",
                &[&schema],
            )
            .await
            .unwrap();
        u64::try_from(row.get::<_, i64>(0)).unwrap_or(0)
    })
}
