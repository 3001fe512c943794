//! What a run writes: report.json against its schema, the seed article's
//! report, `report.html` in a real browser, and runs over many articles that
//! stream their reports in little memory.

#[path = "../support/mod.rs"]
mod support;

mod html_report;
mod schema;
mod seed;
mod streaming;
mod streaming_memory;
mod wiki_links;
