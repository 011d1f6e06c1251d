//! `cargo xtask test`: every check CI runs, in the order that fails fastest: formatting, clippy
//! with warnings denied, all tests (the generated crates are workspace members, so they are
//! compiled and their round-trip tests run), `cargo doc` with warnings denied, botocore's
//! protocol cases (`cargo xtask protocol-tests`), and last the corpus test (`cargo xtask corpus`:
//! every awsJson and restJson1 service from its pages to a crate; the awsJson ones clippy-clean
//! with their round trips passing).

use std::path::Path;
use std::process::Command;

pub fn run(root: &Path) -> Result<(), String> {
    report_free_disk(root);
    let steps: &[(&str, &[&str])] = &[
        ("formatting", &["fmt", "--all", "--", "--check"]),
        ("lints", &["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"]),
        ("tests", &["test", "--workspace", "--locked"]),
        ("docs", &["doc", "--workspace", "--no-deps", "--locked"]),
    ];
    for (what, args) in steps {
        eprintln!("xtask test: {what}: cargo {}", args.join(" "));
        let mut cargo = Command::new(env!("CARGO"));
        if std::env::var_os("CI").is_some() {
            // CI builds everything once: incremental state would only take disk (2 GB here).
            cargo.env("CARGO_INCREMENTAL", "0");
        }
        let status = cargo
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
    eprintln!("xtask test: protocol cases: cargo xtask protocol-tests");
    crate::protocol_tests::run(root)?;
    eprintln!("xtask test: corpus: cargo xtask corpus");
    // Every awsJson and restJson1 service from its pages to a crate (zero errors, deterministic);
    // the awsJson crates then through lints and round trips. The restJson1 crates' cargo step
    // (26 minutes on 2 cores: `cargo xtask corpus --protocol rest-json`) does not fit in CI's
    // hour beside the rest yet.
    let args = crate::corpus::CorpusArgs { only: Vec::new(), protocols: Vec::new(), cargo: Some(vec!["json".into()]) };
    crate::corpus::run(root, args)
}

/// Prints how much disk the target directory's file system has left, so a run that dies of a full
/// disk says so up front. The whole run needs about 6 GB under `target/` (half of it the corpus).
fn report_free_disk(root: &Path) {
    let out = Command::new("df").args(["-Pk", "."]).current_dir(root).output();
    let free_kb = out.ok().and_then(|o| {
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        text.lines().nth(1)?.split_whitespace().nth(3)?.parse::<u64>().ok()
    });
    match free_kb {
        Some(kb) => {
            let gb = kb as f64 / 1_048_576.0;
            eprintln!("xtask test: {gb:.1} GB free on the disk holding the workspace (the run needs about 6 GB)");
            if gb < 6.0 {
                eprintln!(
                    "xtask test: warning: less disk than the run needs; it may fail with \"No space left on device\""
                );
            }
        }
        None => eprintln!("xtask test: could not tell how much disk is free (`df -Pk .` failed)"),
    }
}
