//! Running the binary: [`command`] is the one place a test makes the
//! command `citecheck …`, and [`Run`] what a run did.
//!
//! A run starts from the package root, with none of the GitHub Actions
//! variables of the environment the tests run in: a test that wants them
//! sets them on its command.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use super::json;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_citecheck");

/// The flags that keep a run from asking the public web archive and ISBN
/// catalogue.
pub const NO_LOOKUPS: [&str; 3] = ["--no-archive", "--no-isbn-lookup", "--no-doi-lookup"];

/// The package root, where a run starts unless its test says otherwise.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The command `citecheck ARGS`, from the package root, without the GitHub
/// Actions variables.
pub fn command<S: AsRef<OsStr>>(args: impl IntoIterator<Item = S>) -> Command {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .current_dir(root())
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("GITHUB_SHA");
    command
}

/// Runs `command` to its end.
pub fn run(command: &mut Command) -> Run {
    Run {
        output: command.output().expect("the citecheck binary runs"),
        report: Value::Null,
    }
}

/// Runs `citecheck ARGS` from the package root.
pub fn citecheck(args: &[&str]) -> Run {
    run(&mut command(args))
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// The exit status and everything written on stdout and stderr.
    pub output: Output,
    /// The report.json it wrote, where its test read it, else null.
    pub report: Value,
}

impl Run {
    /// The exit code; none if a signal ended the run.
    pub fn code(&self) -> Option<i32> {
        self.output.status.code()
    }

    /// Everything written on stdout.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    /// Everything written on stderr.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// Fails the test with the run's output unless it exited with `code`.
    pub fn expect(self, code: i32) -> Self {
        assert_eq!(
            self.code(),
            Some(code),
            "stdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }

    /// The status of each link of the report's first article, in order.
    pub fn statuses(&self) -> Vec<String> {
        self.report["articles"][0]["links"]
            .as_array()
            .map(|links| {
                links
                    .iter()
                    .map(|l| l["status"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Audits `inputs` offline into `out`, returns the exit code and the parsed
/// report.json.
pub fn audit_offline(inputs: &[&str], out: &Path) -> (i32, Value) {
    let out_arg = out.to_str().expect("temp paths are UTF-8");
    let mut args = vec!["check", "--offline", "--out", out_arg];
    args.extend_from_slice(inputs);
    let code = citecheck(&args).code().expect("citecheck exits normally");
    (code, json::read(&out.join("report.json")))
}

/// Runs `citecheck check` on `dir/article.md`, written with `text`, with
/// extra `args`, without the public web archive and ISBN catalogue; the run
/// carries the report it wrote into `dir/out`.
pub fn run_binary(dir: &Path, text: &str, args: &[&str]) -> Run {
    let mut all = NO_LOOKUPS.to_vec();
    all.extend_from_slice(args);
    run_binary_with_lookups(dir, text, &all)
}

/// Runs `citecheck check` on `dir/article.md`, written with `text`, with
/// extra `args`; the web archive and the ISBN catalogue are asked unless
/// `args` say otherwise.
pub fn run_binary_with_lookups(dir: &Path, text: &str, args: &[&str]) -> Run {
    let article = dir.join("article.md");
    std::fs::write(&article, text).expect("write the article");
    let out = dir.join("out");
    let mut run = run(command(["check"])
        .arg(&article)
        .arg("--out")
        .arg(&out)
        .args(args));
    run.report = json::read(&out.join("report.json"));
    run
}
