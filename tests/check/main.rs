//! The link checker and the claims judged from what it fetched: statuses,
//! redirects, retries, failures, politeness, the private-address guard,
//! soft 404s, offline runs, memory on huge pages, the web archive and the
//! ISBN catalogue, local links, and claim support, against servers on
//! 127.0.0.1.

#[path = "../support/mod.rs"]
mod support;

mod archive;
mod catalogue;
mod claims;
mod claims_labelled;
mod cli;
mod concurrency;
mod failures;
mod fragments;
mod guard;
mod keep_alive;
mod local_links;
mod memory;
mod offline;
mod page_info;
mod redirects;
mod retries;
mod soft404;
mod statuses;
mod store;
mod store_contract;
