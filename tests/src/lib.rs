//! Test support: a real moto server, provisioned from a pinned PyPI release.
//!
//! `MotoServer::start()` makes (once) a Python venv under `target/moto-venv` holding
//! `moto[server]==MOTO_VERSION`, starts `moto_server` on a free 127.0.0.1 port and waits until it
//! answers its own API (started again on another port if it exits first, its port taken by
//! another test's server); dropping the handle stops it. Failing to provision or start is a test failure, never a
//! skip.
//!
//! Generated structures are `#[non_exhaustive]`, so a member a service adds later breaks no
//! caller: code outside the crate builds them with builders (or `Default` and field assignment),
//! and a struct literal does not compile (checked here, since only code outside the crate sees it):
//!
//! ```compile_fail,E0639
//! let tag = awsdoc_ssm::types::Tag { key: None, value: None };
//! ```
//!
//! ```
//! let tag = awsdoc_ssm::types::Tag::builder().key("team").value("platform").build();
//! let mut same = awsdoc_ssm::types::Tag::default();
//! (same.key, same.value) = (Some("team".into()), Some("platform".into()));
//! assert_eq!(tag, same);
//! ```

pub mod protocol;
pub mod stub;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The moto release the tests run against.
pub const MOTO_VERSION: &str = "5.2.5";

/// A running moto server.
pub struct MotoServer {
    child: Child,
    pub endpoint: String,
}

impl MotoServer {
    pub fn start() -> MotoServer {
        let venv = venv();
        // The port is free when picked, but another test binary's server may take it before moto
        // binds it (moto then exits): so readiness is moto's own answer, and a moto that exited is
        // started again on another port.
        for _ in 0..5 {
            let port =
                TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port");
            let child = Command::new(venv.join("bin/moto_server"))
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start moto_server from {}: {e}", venv.display()));
            let mut server = MotoServer { child, endpoint: format!("http://127.0.0.1:{port}") };
            if server.wait_until_ready(port) {
                return server;
            }
        }
        panic!("moto_server exited five times before answering (its ports taken?)")
    }

    /// Whether this moto answers its own API on `port` (within 60 s); `false` if it exited.
    fn wait_until_ready(&mut self, port: u16) -> bool {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return false;
            }
            if moto_answers(port) {
                return true;
            }
            assert!(Instant::now() < deadline, "moto_server did not answer on port {port} within 60 s");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// `GET /moto-api/data.json` answered with 200: moto itself listens there, not another server.
fn moto_answers(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let request = "GET /moto-api/data.json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    let mut head = [0u8; 12];
    stream.write_all(request.as_bytes()).is_ok()
        && stream.read_exact(&mut head).is_ok()
        && head.starts_with(b"HTTP/1.")
        && head.ends_with(b"200")
}

impl MotoServer {
    /// A client configuration for this server, with the test credentials moto accepts (every
    /// generated crate's `config::Config` is this type).
    pub fn config(&self) -> awsdoc_runtime::client::Config {
        let creds = awsdoc_runtime::client::Credentials::new("AKIDTESTING", "testing-secret", None);
        awsdoc_runtime::client::Config::new("us-east-1", creds).with_endpoint_url(&self.endpoint)
    }
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The venv, provisioned once per test process: tests in one binary run in parallel, and must
/// not create it side by side.
fn venv() -> PathBuf {
    static VENV: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    VENV.get_or_init(provision).clone()
}

/// The botocore and boto3 releases `model/pins.toml` pins: moto runs on them, and the tests that
/// compare with botocore's own output (presigned URLs) call them.
fn pinned(package: &str) -> String {
    let pins = include_str!("../../model/pins.toml");
    let line = pins.lines().find_map(|l| l.strip_prefix(package)?.trim_start().strip_prefix('='));
    line.map(|v| v.trim().trim_matches('"').to_string()).unwrap_or_else(|| panic!("model/pins.toml pins no {package}"))
}

/// The venv's Python, with moto and the pinned botocore and boto3.
pub fn python() -> PathBuf {
    venv().join("bin/python")
}

fn provision() -> PathBuf {
    // The workspace's target folder, whichever target folder the tests were built in (the
    // corpus builds its crates elsewhere): one venv for every suite.
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/moto-venv");
    let (botocore, boto3) = (pinned("botocore"), pinned("boto3"));
    let marker = venv.join(format!("moto-{MOTO_VERSION}-botocore-{botocore}.installed"));
    if marker.exists() {
        return venv;
    }
    let _ = std::fs::remove_dir_all(&venv);
    run(Command::new("python3").args(["-m", "venv"]).arg(&venv));
    run(Command::new(venv.join("bin/python")).args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        &format!("moto[server]=={MOTO_VERSION}"),
        &format!("botocore=={botocore}"),
        &format!("boto3=={boto3}"),
    ]));
    std::fs::write(&marker, MOTO_VERSION).expect("write the venv marker");
    venv
}

fn run(cmd: &mut Command) {
    let status = cmd.status().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(status.success(), "{cmd:?} failed: {status}");
}

/// Peak resident memory of this process so far, in bytes (Linux's `VmHWM`), for the tests that
/// bound a transfer's memory; each runs in a test binary of its own.
pub fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("VmHWM in /proc/self/status");
    line.split_whitespace().nth(1).and_then(|kb| kb.parse::<u64>().ok()).expect("VmHWM in kB") * 1024
}
