//! A throwaway PostgreSQL cluster for the tests of the shared store: made
//! with the server's own `initdb` and `pg_ctl` in a temporary folder, on a
//! free loopback port, and stopped and removed when the tests end (also when
//! they fail). initdb refuses to run as root, so as root the cluster belongs
//! to the `postgres` user.

use std::env;
use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The environment variable the tests read the cluster's address from.
pub const URL_VAR: &str = "CITECHECK_TEST_POSTGRES";

/// A running cluster; dropping it stops the server and removes its files.
pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    owner: Option<&'static str>,
    /// `postgres://postgres@127.0.0.1:PORT/postgres`.
    pub url: String,
}

/// The folder of the server's programs: `$PG_BIN`, else the newest
/// `/usr/lib/postgresql/<version>/bin` (Debian's layout), else what
/// `pg_config --bindir` says.
pub fn find_bin() -> Option<PathBuf> {
    if let Some(bin) = env::var_os("PG_BIN") {
        let bin = PathBuf::from(bin);
        return bin.join("initdb").exists().then_some(bin);
    }
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Some(bin);
    }
    let out = Command::new("pg_config").arg("--bindir").output().ok()?;
    let bin = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    bin.join("initdb").exists().then_some(bin)
}

impl Cluster {
    /// Makes and starts a cluster with the programs in `bin`.
    pub fn start(bin: &Path, as_root: bool) -> Result<Self, String> {
        let owner = as_root.then_some("postgres");
        if as_root && !succeeds(Command::new("id").arg("postgres")) {
            run(Command::new("useradd").args(["--system", "--no-create-home", "postgres"]))?;
        }
        let dir = env::temp_dir().join(format!("citecheck-pg-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if let Some(user) = owner {
            run(Command::new("chown").args([user, &dir.to_string_lossy()]))?;
        }
        let mut cluster = Self {
            bin: bin.to_path_buf(),
            dir: dir.clone(),
            owner,
            url: String::new(),
        };
        let data = dir.join("data");
        let data = data.to_string_lossy();
        cluster.pg(
            "initdb",
            &[
                "-D",
                &data,
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        )?;
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            dir.display()
        );
        let log = dir.join("server.log");
        // From here on, dropping the cluster stops a server that may be up.
        cluster.url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
        cluster.pg(
            "pg_ctl",
            &[
                "-D",
                &data,
                "-o",
                &options,
                "-l",
                &log.to_string_lossy(),
                "-w",
                "start",
            ],
        )?;
        Ok(cluster)
    }

    /// Runs one of the server's programs, as the cluster's owner.
    fn pg(&self, program: &str, args: &[&str]) -> Result<(), String> {
        let path = self.bin.join(program);
        let mut command = match self.owner {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&path);
                c
            }
            None => Command::new(&path),
        };
        command.args(args).current_dir(&self.dir);
        run(&mut command)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        if !self.url.is_empty() {
            let _ = self.pg(
                "pg_ctl",
                &[
                    "-D",
                    &data.to_string_lossy(),
                    "-m",
                    "immediate",
                    "-w",
                    "stop",
                ],
            );
        }
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn succeeds(command: &mut Command) -> bool {
    command.output().is_ok_and(|o| o.status.success())
}

fn run(command: &mut Command) -> Result<(), String> {
    let out = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}
