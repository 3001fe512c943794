//! The command line: exit codes, what goes to stdout and stderr, how inputs
//! are chosen, faults around the inputs and the outputs, and `--shard` with
//! `citecheck merge`.

#[path = "../support/mod.rs"]
mod support;

mod dois;
mod dumps;
mod exit_codes;
mod fixes;
mod input_faults;
mod inputs;
mod shards;
mod shared_store;
