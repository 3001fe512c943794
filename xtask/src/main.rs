//! Project chores, run as `cargo xtask <task>` (the alias is in
//! `.cargo/config.toml`).
//!
//! `cargo xtask test [ARGS]…` is the README's test command: on a fresh Debian
//! machine (root, Rust toolchain only) it installs what the tests need and is
//! missing — Debian's chromium, CJK fonts, Node.js and the pinned
//! playwright-core for the browser test of the HTML report, PostgreSQL's
//! server for the tests of the shared store — then starts a throwaway
//! PostgreSQL cluster ([`postgres`]), runs `cargo test --locked ARGS…` with
//! its address in `CITECHECK_TEST_POSTGRES`, and stops it. Each need is
//! looked for first, so a machine that has everything installs nothing.

mod postgres;

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let mut args = env::args().skip(1);
    let task = args.next();
    let rest: Vec<String> = args.collect();
    match task.as_deref() {
        Some("test") => test(&rest),
        Some("bench") => with_postgres("bench", &rest),
        Some("setup") => match setup() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(&e),
        },
        _ => {
            eprintln!(
                "usage: cargo xtask test [cargo test args]…   install test needs, run the tests\n       cargo xtask bench [cargo bench args]… run benchmarks beside a PostgreSQL cluster\n       cargo xtask setup                       only install test needs"
            );
            ExitCode::from(2)
        }
    }
}

fn fail(why: &str) -> ExitCode {
    eprintln!("xtask: {why}");
    ExitCode::from(2)
}

/// Installs what is missing, then runs the whole test suite.
fn test(args: &[String]) -> ExitCode {
    if let Err(e) = setup() {
        return fail(&e);
    }
    with_postgres("test", args)
}

/// Runs `cargo TASK --locked ARGS…` with a throwaway PostgreSQL cluster
/// named in `CITECHECK_TEST_POSTGRES`, stopped when it ends.
fn with_postgres(task: &str, args: &[String]) -> ExitCode {
    let Some(bin) = postgres::find_bin() else {
        return fail("PostgreSQL's server (initdb, pg_ctl) is still missing");
    };
    // Stopped and removed when this function returns, whatever the tests did.
    let cluster = match postgres::Cluster::start(&bin, is_root()) {
        Ok(cluster) => cluster,
        Err(e) => return fail(&format!("cannot start a PostgreSQL cluster: {e}")),
    };
    eprintln!("xtask: PostgreSQL for the tests at {}", cluster.url);
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .current_dir(root())
        .args([task, "--locked"])
        .args(args)
        .env(postgres::URL_VAR, &cluster.url)
        .status();
    drop(cluster);
    match status {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(s) => ExitCode::from(u8::try_from(s.code().unwrap_or(1)).unwrap_or(1)),
        Err(e) => fail(&format!("cannot run cargo {task}: {e}")),
    }
}

/// The repository's root: the folder above this crate.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// One thing the tests need: how to tell it is there, and what installs it.
struct Need {
    what: &'static str,
    present: fn(&Path) -> bool,
    install: Installer,
}

/// What installs a need.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Installer {
    /// `.ci/browser-setup.sh`, as root: Debian's packages and the pinned npm
    /// packages of the browser test.
    BrowserSetup,
    /// `python3 -m pip install …`: the outside oracles.
    Pip(&'static str),
    /// `apt-get install …`, as root: Debian's packages.
    Apt(&'static str),
}

const NEEDS: &[Need] = &[
    Need {
        what: "Debian's chromium (/usr/bin/chromium or $CHROMIUM)",
        present: |_| {
            env::var_os("CHROMIUM")
                .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
                .exists()
        },
        install: Installer::BrowserSetup,
    },
    Need {
        what: "CJK fonts (fonts-noto-cjk)",
        present: |_| Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").exists(),
        install: Installer::BrowserSetup,
    },
    Need {
        what: "Node.js and npm",
        present: |_| runs("node", &["--version"]) && runs("npm", &["--version"]),
        install: Installer::BrowserSetup,
    },
    Need {
        what: "playwright-core (tests/browser/node_modules)",
        present: |root| {
            root.join("tests/browser/node_modules/playwright-core/package.json")
                .exists()
        },
        install: Installer::BrowserSetup,
    },
    Need {
        what: "Python's isbnlib (the ISBN oracle, tests/inputs/isbn_oracle.rs)",
        present: |_| runs("python3", &["-c", "import isbnlib"]),
        install: Installer::Pip("isbnlib==3.10.14"),
    },
    Need {
        what: "PostgreSQL's server (initdb and pg_ctl, for the shared store's tests)",
        present: |_| postgres::find_bin().is_some(),
        install: Installer::Apt("postgresql"),
    },
];

/// Installs a Python package: Debian's python3 and pip first when the
/// machine has none, and past Debian's "externally managed" guard, which
/// refuses pip on the system Python (the package only serves the tests).
fn pip_install(package: &str) -> Result<(), String> {
    if !runs("python3", &["-m", "pip", "--version"]) {
        apt_install(&["python3", "python3-pip"])?;
    }
    let pip = |extra: &[&str]| {
        Command::new("python3")
            .args(["-m", "pip", "install", "--quiet"])
            .args(extra)
            .arg(package)
            .status()
            .is_ok_and(|s| s.success())
    };
    if pip(&[]) || pip(&["--break-system-packages"]) {
        Ok(())
    } else {
        Err(format!("pip install {package} failed"))
    }
}

/// Installs Debian packages, as root.
fn apt_install(packages: &[&str]) -> Result<(), String> {
    as_root(&["apt-get", "update"])?;
    let mut command = vec!["apt-get", "install", "-y", "--no-install-recommends"];
    command.extend_from_slice(packages);
    as_root(&command)
}

/// Runs a command as root: directly when we are root, else through sudo.
fn as_root(command: &[&str]) -> Result<(), String> {
    let status = if is_root() {
        Command::new(command[0]).args(&command[1..]).status()
    } else {
        Command::new("sudo").args(command).status()
    }
    .map_err(|e| format!("cannot run {}: {e}", command.join(" ")))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} failed ({status})", command.join(" ")))
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Installs every missing need — the browser set-up script once (as root,
/// or through sudo; it installs all of its needs and is safe to run again),
/// Python packages with pip — then checks that nothing is still missing.
fn setup() -> Result<(), String> {
    let root = root();
    let missing: Vec<&Need> = NEEDS.iter().filter(|need| !(need.present)(&root)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = missing.iter().map(|need| need.what).collect();
    eprintln!(
        "xtask: installing what the tests need: {}",
        names.join(", ")
    );
    if missing
        .iter()
        .any(|need| need.install == Installer::BrowserSetup)
    {
        let script = root.join(".ci/browser-setup.sh");
        as_root(&["sh", &script.to_string_lossy()])?;
    }
    for need in &missing {
        match need.install {
            Installer::Pip(package) => pip_install(package)?,
            Installer::Apt(package) => apt_install(&[package])?,
            Installer::BrowserSetup => {}
        }
    }
    let still: Vec<&str> = NEEDS
        .iter()
        .filter(|need| !(need.present)(&root))
        .map(|need| need.what)
        .collect();
    if still.is_empty() {
        Ok(())
    } else {
        Err(format!("still missing after set-up: {}", still.join(", ")))
    }
}
