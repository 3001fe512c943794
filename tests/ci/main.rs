//! What a CI job relies on: the gate (thresholds, exit codes, the baseline,
//! `--confirm`, the configuration file), the formats CI systems read, and
//! the verdict cache across runs, counted at loopback servers.

#[path = "../support/mod.rs"]
mod support;

mod cache;
mod cache_runs;
mod formats;
mod gate;
