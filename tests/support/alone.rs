//! Tests that measure their whole process (its peak resident memory) run in
//! a process of their own, so that no other test of their crate counts.
//!
//! A test calls [`here`] first: in the test binary's own run it starts the
//! binary again for that one test, fails as that run fails, and returns
//! false; in that second process it returns true and the test goes on.

use std::process::Command;

/// Set in the process that runs one test alone.
const ALONE: &str = "CITECHECK_TEST_ALONE";

/// Whether this process runs only the test `name` of the module
/// `module_path` (the test's `module_path!()`); if it does not, runs it so.
pub fn here(module_path: &str, name: &str) -> bool {
    if std::env::var_os(ALONE).is_some() {
        return true;
    }
    // Test names leave out the crate's own name.
    let module = module_path.split_once("::").map_or("", |(_, m)| m);
    let test = format!("{module}::{name}");
    let exe = std::env::current_exe().expect("the test binary's path");
    let output = Command::new(exe)
        .args([test.as_str(), "--exact", "--nocapture", "--test-threads=1"])
        .env(ALONE, "1")
        .output()
        .expect("the test binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprint!("{stderr}");
    assert!(
        output.status.success() && stdout.contains("test result: ok. 1 passed"),
        "{test}, run alone:\n{stdout}\n{stderr}"
    );
    false
}
