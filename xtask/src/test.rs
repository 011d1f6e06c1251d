//! `cargo xtask test`: every check CI runs, in the order that fails fastest: formatting, clippy
//! with warnings denied, all tests (the generated crates are workspace members, so they are
//! compiled and their round-trip tests run), `cargo doc` with warnings denied, and last the
//! corpus test (`cargo xtask corpus`: every awsJson-capable service from its pages to a
//! clippy-clean crate whose round trips pass).

use std::path::Path;
use std::process::Command;

pub fn run(root: &Path) -> Result<(), String> {
    let steps: &[(&str, &[&str])] = &[
        ("formatting", &["fmt", "--all", "--", "--check"]),
        ("lints", &["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"]),
        ("tests", &["test", "--workspace", "--locked"]),
        ("docs", &["doc", "--workspace", "--no-deps", "--locked"]),
    ];
    for (what, args) in steps {
        eprintln!("xtask test: {what}: cargo {}", args.join(" "));
        let status = Command::new(env!("CARGO"))
            .args(*args)
            // Broken links, bare URLs and stray HTML in generated docs fail the run.
            .env("RUSTDOCFLAGS", "-D warnings")
            .current_dir(root)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("xtask test: {what} failed ({status})"));
        }
    }
    eprintln!("xtask test: corpus: cargo xtask corpus");
    crate::corpus::run(root, crate::corpus::CorpusArgs { only: Vec::new(), no_cargo: false })
}
