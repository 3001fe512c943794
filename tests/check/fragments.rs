//! `--include-fragments`: `https://…/page#id` is checked against the ids of
//! the fetched page, which is fetched once however many fragments cite it.

use axum::routing::get;
use axum::Router;

use crate::support::article::with_notes;
use crate::support::binary::run_binary;
use crate::support::server::serve_counted;

fn page() -> String {
    // The last anchor sits beyond the first 64 KiB, where a plain check
    // stops reading.
    format!(
        "<html><head><title>Guide</title></head><body><h2 id=\"install\">Install</h2>\
         <a name=\"old-name\"></a><p id=\"中文\">x</p><p>{}</p><h2 id=\"far-down\">End</h2></body></html>",
        "filler ".repeat(20_000)
    )
}

#[test]
fn cited_fragments_are_found_in_the_page_or_the_link_is_dead() {
    let (addr, hits) = serve_counted(
        Router::new().route("/guide", get(|| async { axum::response::Html(page()) })),
    );
    let base = format!("http://{addr}/guide");
    let fragments = [
        "install",
        "old-name",
        "%E4%B8%AD%E6%96%87",
        "top",
        "far-down",
        "gone",
    ];
    let notes: Vec<String> = fragments.iter().map(|f| format!("<{base}#{f}>")).collect();
    let text = with_notes(&notes);
    let dir = tempfile::tempdir().unwrap();
    let run = run_binary(
        dir.path(),
        &text,
        &["--allow-private", "--no-cache", "--include-fragments"],
    );
    assert_eq!(
        run.statuses(),
        ["ok", "ok", "ok", "ok", "ok", "dead"],
        "{}",
        run.stderr()
    );
    let detail = run.report["articles"][0]["links"][5]["detail"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(detail.contains("no anchor #gone"), "{detail}");
    assert_eq!(run.code(), Some(1));
    // One request for the page (fragments never reach the server), and the
    // site's probe.
    assert_eq!(hits.count(), 2);

    // Without the flag, fragments are not judged.
    let run = run_binary(dir.path(), &text, &["--allow-private", "--no-cache"]);
    assert!(
        run.statuses().iter().all(|s| s == "ok"),
        "{:?}",
        run.statuses()
    );
}
