//! The PostgreSQL server of the tests: `cargo xtask test` starts one and
//! names it in `CITECHECK_TEST_POSTGRES`. A test that needs it fails without
//! it — it never skips.

use std::sync::atomic::{AtomicU32, Ordering};

/// The environment variable `cargo xtask test` sets.
pub const URL_VAR: &str = "CITECHECK_TEST_POSTGRES";

/// The test server's address, `postgres://postgres@127.0.0.1:PORT/postgres`.
pub fn url() -> String {
    std::env::var(URL_VAR).unwrap_or_else(|_| {
        panic!(
            "{URL_VAR} is not set: run the tests with `cargo xtask test`, which starts PostgreSQL"
        )
    })
}

/// A store address with a schema of its own, so that tests running at once
/// never see each other's tables.
pub fn fresh_store(name: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let schema = format!("t_{name}_{}_{n}", std::process::id());
    format!("{}?sslmode=disable&schema={schema}", url())
}

/// The schema an address made by [`fresh_store`] names.
pub fn schema_of(address: &str) -> String {
    address
        .rsplit("schema=")
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Runs one SQL query and returns the first column of its rows as text.
pub fn query(sql: &str) -> Vec<String> {
    try_query(sql).unwrap_or_else(|| panic!("the query fails: {sql}"))
}

/// [`query`], or `None` when the query fails (a table not made yet).
pub fn try_query(sql: &str) -> Option<Vec<String>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (client, connection) = tokio_postgres::connect(&url(), tokio_postgres::NoTls)
            .await
            .expect("the test PostgreSQL answers");
        tokio::spawn(connection);
        let rows = client.simple_query(sql).await.ok()?;
        Some(
            rows.into_iter()
                .filter_map(|m| match m {
                    tokio_postgres::SimpleQueryMessage::Row(row) => {
                        Some(row.get(0).unwrap_or_default().to_owned())
                    }
                    _ => None,
                })
                .collect(),
        )
    })
}
