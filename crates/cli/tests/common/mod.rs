//! Helpers for running the real `newsfuse` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsfuse"))
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Run with arguments, from the repository root, with stdin closed.
pub fn run(args: &[&str]) -> Output {
    bin()
        .args(args)
        .current_dir(repo_root())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("newsfuse runs")
}

pub fn run_with_stdin(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = bin()
        .args(args)
        .current_dir(repo_root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A running `newsfuse serve`, killed when dropped.
pub struct Server {
    child: std::process::Child,
    pub port: u16,
}

impl Server {
    /// Start `newsfuse serve --addr 127.0.0.1:0 --db DB` and wait for the
    /// line that names its port.
    pub fn start(db: &str) -> Server {
        Server::start_with(db, &[])
    }

    /// [`Server::start`] with more arguments.
    pub fn start_with(db: &str, more: &[&str]) -> Server {
        use std::io::BufRead;
        let mut child = bin()
            .args(["serve", "--addr", "127.0.0.1:0", "--db", db])
            .args(more)
            .current_dir(repo_root())
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            // The access log; answers carry their errors.
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("newsfuse serve starts");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("the server names its address: {line:?}"));
        Server { child, port }
    }

    /// One request; returns the status, the Content-Type and the body.
    pub fn request(&self, method: &str, path: &str, content_type: &str, body: &[u8]) -> (u16, String, String) {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .unwrap();
        s.write_all(body).unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8(raw).expect("the answer is UTF-8");
        let (head, body) = raw.split_once("\r\n\r\n").expect("a header and a body");
        let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap();
        let ctype = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Type: "))
            .unwrap_or("")
            .to_string();
        (status, ctype, body.to_string())
    }

    pub fn get(&self, path: &str) -> (u16, String, String) {
        self.request("GET", path, "text/plain", b"")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh, empty database for one test: an SQLite file, or a PostgreSQL
/// database dropped again at the end.
pub struct Db {
    pub arg: String,
    pg: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl Db {
    pub fn sqlite() -> Db {
        let dir = tempfile::tempdir().unwrap();
        Db {
            arg: dir.path().join("news.db").display().to_string(),
            pg: None,
            _dir: Some(dir),
        }
    }

    pub fn postgres(server: &str) -> Db {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let name = format!(
            "nf_test_{}_{}",
            std::process::id(),
            N.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        );
        let mut admin = postgres::Client::connect(server, postgres::NoTls).expect("the test PostgreSQL server answers");
        admin.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        let base = server.rsplit_once('/').map_or(server, |(b, _)| b);
        Db {
            arg: format!("{base}/{name}"),
            pg: Some((server.to_string(), name)),
            _dir: None,
        }
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Some((server, name)) = &self.pg {
            if let Ok(mut admin) = postgres::Client::connect(server, postgres::NoTls) {
                let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

/// The backends to run a test on: SQLite always, PostgreSQL when a server is given.
pub fn backends() -> Vec<fn() -> Db> {
    let mut out: Vec<fn() -> Db> = vec![Db::sqlite];
    match std::env::var("NEWSFUSE_TEST_POSTGRES") {
        Ok(_) => out.push(|| Db::postgres(&std::env::var("NEWSFUSE_TEST_POSTGRES").unwrap())),
        Err(_) if std::env::var("NEWSFUSE_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") => {
            panic!("NEWSFUSE_REQUIRE_POSTGRES=1 but NEWSFUSE_TEST_POSTGRES names no server")
        }
        Err(_) => eprintln!("skipping the PostgreSQL store: set NEWSFUSE_TEST_POSTGRES to a server URL to run it"),
    }
    out
}
