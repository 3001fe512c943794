//! The cache across whole runs of the binary: a warm run asks nothing of the
//! cited sites, the web archive or the ISBN catalogue; runs at once on a
//! fresh cache, a damaged cache file and a killed run are all survived.

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use citecheck::check::cache::{SqliteCache, VerdictStore};
use citecheck::check::{LinkStatus, Verdict};

use crate::support::article::{one_paragraph_citing, Workspace};
use crate::support::checker::private_key;
use crate::support::json::links;
use crate::support::stubs::{Server, KNOWN_ISBN};

const CACHE: &str = ".citecheck/cache.sqlite";

/// `PRAGMA integrity_check` of the database at `path`.
fn integrity(path: &std::path::Path) -> String {
    let db = rusqlite::Connection::open(path).unwrap();
    db.query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap()
}

/// What the report says of each ISBN of the first article: (ISBN-13,
/// catalogue entry).
fn isbns(report: &serde_json::Value) -> Vec<(String, serde_json::Value)> {
    report["articles"][0]["isbns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["isbn13"].to_string(), i["catalogue"].clone()))
        .collect()
}

fn archive_urls(report: &serde_json::Value) -> Vec<serde_json::Value> {
    report["articles"][0]["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["archive_url"].clone())
        .collect()
}

#[test]
fn a_warm_run_asks_neither_the_sites_nor_the_archive_nor_the_catalogue() {
    let (site, archive, catalogue) = (Server::start(), Server::start(), Server::start());
    let ws = Workspace::new();
    let (ok, gone, archived) = (
        site.url("/ok/1"),
        site.url("/gone/1"),
        site.url("/gone/archived"),
    );
    ws.write(
        "a.md",
        &format!(
            "A.[^1] B.[^2] C.[^3] D.[^4] E.[^5]\n\n[^1]: <{ok}>\n[^2]: <{gone}>\n\
             [^3]: <{archived}>\n[^4]: A book, 1999. ISBN 0-333-80149-0\n\
             [^5]: Another, 2001. ISBN 90-420-0890-3\n"
        ),
    );
    let args = ["check", "a.md", "--allow-private", "--retries", "0"];
    let run = |ws: &Workspace| {
        // Each service on a server of its own, so each is counted apart.
        let mut command = ws.command_with_lookups(&args, &archive, &catalogue);
        let started = Instant::now();
        let out = command.output().unwrap();
        let elapsed = started.elapsed();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(!stderr.contains("warning"), "{stderr}");
        (ws.report(), elapsed)
    };

    let (cold, cold_time) = run(&ws);
    let counts = || (site.total(), archive.total(), catalogue.total());
    // The site: three links and one made-up address (the soft-404 probe).
    assert_eq!(counts(), (4, 2, 1), "cold: links, archive, catalogue");
    assert_eq!(
        archive_urls(&cold),
        [
            serde_json::Value::Null,
            serde_json::Value::Null,
            format!("https://web.archive.org/web/20130919044612/{archived}").into()
        ]
    );
    let found = isbns(&cold);
    assert_eq!(found[0].0, format!("\"{KNOWN_ISBN}\""));
    assert_eq!(found[0].1["found"], true, "{found:?}");
    assert_eq!(found[1].1, serde_json::json!({"found": false}));

    let (warm, warm_time) = run(&ws);
    assert_eq!(counts(), (4, 2, 1), "the warm run sent requests");
    assert_eq!(links(&warm), links(&cold));
    assert_eq!(archive_urls(&warm), archive_urls(&cold));
    assert_eq!(isbns(&warm), found);
    eprintln!("cold run {cold_time:?}, warm run {warm_time:?}");
}

#[test]
fn an_existing_cache_of_the_first_schema_is_upgraded_in_place() {
    let site = Server::start();
    let ws = Workspace::new();
    let ok = site.url("/ok/1");
    ws.write("a.md", &format!("A.[^1]\n\n[^1]: <{ok}>\n"));
    // A cache as the first release wrote it.
    std::fs::create_dir_all(ws.path(".citecheck")).unwrap();
    let db = rusqlite::Connection::open(ws.path(CACHE)).unwrap();
    db.execute_batch(
        "PRAGMA journal_mode = wal;
         CREATE TABLE links (id INTEGER PRIMARY KEY, url TEXT NOT NULL,
             options TEXT NOT NULL, UNIQUE (url, options));
         CREATE TABLE observations (link_id INTEGER NOT NULL REFERENCES links (id),
             checked_at INTEGER NOT NULL, status TEXT NOT NULL, http_status INTEGER,
             final_url TEXT, archive_url TEXT, detail TEXT NOT NULL);
         CREATE INDEX observations_by_link ON observations (link_id, checked_at);
         PRAGMA user_version = 1;",
    )
    .unwrap();
    let options = private_key(&ok).options;
    db.execute(
        "INSERT INTO links (id, url, options) VALUES (1, ?1, ?2)",
        rusqlite::params![ok, options],
    )
    .unwrap();
    db.execute(
        "INSERT INTO observations (link_id, checked_at, status, detail)
         VALUES (1, strftime('%s', 'now') - 60, 'ok', 'from the old cache')",
        [],
    )
    .unwrap();
    drop(db);
    let run = ws.run(&["check", "a.md", "--allow-private"]).expect(0);
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
    assert_eq!(site.total(), 0, "the old cache's verdict is reused");
    assert_eq!(
        ws.report()["articles"][0]["links"][0]["detail"],
        "from the old cache"
    );
    assert_eq!(integrity(&ws.path(CACHE)), "ok");
}

/// Runs `citecheck ARGS` in `ws`, stderr captured.
fn spawn(ws: &Workspace, args: &[&str]) -> Child {
    ws.command(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn runs_at_once_on_a_fresh_cache_all_finish_and_leave_it_intact() {
    let site = Server::start();
    let ws = Workspace::new();
    let urls: Vec<String> = (0..10).map(|i| site.url(&format!("/ok/{i}"))).collect();
    ws.write("a.md", &one_paragraph_citing(&urls));
    // Several rounds, each on a cache file that does not exist yet: the race
    // is in creating it.
    for round in 0..5 {
        let cache = format!("round{round}/cache.sqlite");
        let args = [
            "check",
            "a.md",
            "--allow-private",
            "--cache",
            cache.as_str(),
        ];
        let runs: Vec<Child> = (0..4).map(|_| spawn(&ws, &args)).collect();
        for run in runs {
            let out = run.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(0), "round {round}: {stderr}");
            assert!(!stderr.contains("warning"), "round {round}: {stderr}");
        }
        assert_eq!(integrity(&ws.path(&cache)), "ok");
        let store = SqliteCache::open(&ws.path(&cache)).unwrap();
        assert!(!store.history(&private_key(&urls[0])).unwrap().is_empty());
    }
}

#[test]
fn an_unusable_cache_is_one_warning_and_the_run_goes_on_uncached() {
    let site = Server::start();
    let ws = Workspace::new();
    ws.write(
        "a.md",
        &format!("A.[^1]\n\n[^1]: <{}>\n", site.url("/gone/1")),
    );
    // A folder where the database file should be: SQLite cannot open it.
    std::fs::create_dir_all(ws.path("cache.sqlite")).unwrap();
    let args = [
        "check",
        "a.md",
        "--allow-private",
        "--cache",
        "cache.sqlite",
    ];
    let run = ws.run(&args).expect(1);
    let warnings: Vec<String> = run
        .stderr()
        .lines()
        .filter(|l| l.contains("cache"))
        .map(str::to_owned)
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr());
    assert!(
        warnings[0].starts_with("citecheck: warning: ") && warnings[0].contains("cache.sqlite"),
        "{warnings:?}"
    );
    assert_eq!(links(&ws.report())[0].1, "dead");
    assert_eq!(site.total(), 1);
}

#[test]
fn a_cache_with_damaged_pages_is_reported_in_one_line_and_rebuilt() {
    let ws = Workspace::new();
    let path = ws.path(CACHE);
    {
        let cache = SqliteCache::open(&path).unwrap();
        let observations: Vec<_> = (0..3000)
            .map(|i| {
                (
                    private_key(&format!("https://example.org/a/long/path/{i}")),
                    Verdict::new(LinkStatus::Ok, "200 OK, a page of some length"),
                )
            })
            .collect();
        cache.record(&observations, chrono::Utc::now()).unwrap();
    }
    // The last connection closed: everything is in the main file. Damage
    // the cells of pages in its middle, and keep the file's header and the
    // pages' own, so SQLite still opens it and finds many problems.
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 40 * 4096, "{} bytes", bytes.len());
    assert!(!ws.path(".citecheck/cache.sqlite-wal").exists());
    for page in (4..bytes.len() / 4096 - 2).step_by(3) {
        for (i, b) in bytes[page * 4096 + 1000..page * 4096 + 3000]
            .iter_mut()
            .enumerate()
        {
            *b = (i * 7 % 251) as u8;
        }
    }
    std::fs::write(&path, &bytes).unwrap();

    ws.write("a.md", "A claim.[^1]\n\n[^1]: Smith, *Book*, 2001.\n");
    let run = ws.run(&["check", "a.md"]).expect(0);
    let stderr = run.stderr();
    let about_cache: Vec<&str> = stderr.lines().filter(|l| l.contains("cache")).collect();
    assert_eq!(about_cache.len(), 1, "{stderr}");
    let line = about_cache[0];
    assert!(
        line.starts_with(&format!(
            "citecheck: {}: the cache is corrupt (",
            ".citecheck/cache.sqlite"
        )) && line.ends_with(" problems); rebuilt it empty"),
        "{line}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(integrity(&path), "ok");
    let cache = SqliteCache::open(&path).unwrap();
    assert!(cache
        .history(&private_key("https://example.org/a/long/path/1"))
        .unwrap()
        .is_empty());
}

#[test]
fn a_killed_run_keeps_what_it_checked() {
    let site = Server::start();
    let ws = Workspace::new();
    let ok = site.url("/ok/1");
    let slow: Vec<String> = (0..3).map(|i| site.url(&format!("/slow/{i}"))).collect();
    ws.write(
        "a.md",
        &format!(
            "A.[^1] B.[^2] C.[^3] D.[^4]\n\n[^1]: <{ok}>\n[^2]: <{}>\n[^3]: <{}>\n[^4]: <{}>\n",
            slow[0], slow[1], slow[2]
        ),
    );
    let mut child = spawn(
        &ws,
        &[
            "check",
            "a.md",
            "--allow-private",
            "--timeout",
            "60",
            "--max-per-host",
            "8",
        ],
    );
    // Wait until the fast link's verdict is in the database, while the slow
    // ones are still being waited for.
    let start = Instant::now();
    loop {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the fast verdict was never committed (ok: {}, slow: {})",
            site.hits("/ok/1"),
            site.hits("/slow/0")
        );
        let committed = ws.path(CACHE).exists()
            && SqliteCache::open(&ws.path(CACHE))
                .and_then(|c| c.latest(&private_key(&ok)))
                .is_ok_and(|o| o.is_some());
        if committed {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(child.try_wait().unwrap(), None, "the run ended by itself");
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(site.hits("/ok/1"), 1);

    let run = ws
        .run(&[
            "check",
            "a.md",
            "--allow-private",
            "--timeout",
            "1",
            "--retries",
            "0",
        ])
        .expect(0);
    assert!(
        run.stderr().contains("1 URL(s) answered from the cache"),
        "{}",
        run.stderr()
    );
    assert_eq!(site.hits("/ok/1"), 1, "the committed URL was fetched again");
    assert_eq!(integrity(&ws.path(CACHE)), "ok");
}
