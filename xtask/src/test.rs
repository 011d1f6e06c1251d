//! `cargo xtask test`: every check CI runs, in the order that fails fastest: formatting, all
//! tests built with clippy's lints on and warnings denied (the generated crates are workspace
//! members, so they are compiled and their round-trip tests run), `cargo doc` with warnings
//! denied, botocore's protocol cases (`cargo xtask protocol-tests`) and endpoint cases (`cargo
//! xtask endpoint-cases`), the committed crates narrowed to one operation (`cargo xtask narrow`),
//! and last the corpus test
//! (`cargo xtask corpus`: every awsJson and restJson1 service from its pages to a crate, every
//! crate clippy-clean and its round trips passing).

use std::path::Path;
use std::process::Command;

pub fn run(root: &Path) -> Result<(), String> {
    report_free_disk(root);
    let lints = Lints::Clippy(crate::corpus::clippy_driver()?);
    cargo("xtask test", root, None, "formatting", &["fmt", "--all", "--", "--check"], &Lints::Off, &[])?;
    // Clippy lints while the tests build (its driver as the workspace's rustc wrapper, as `cargo
    // clippy` sets it up), so each crate compiles once rather than being checked and then built.
    // The benches are built (in the test profile, not run) first, so that every target `clippy
    // --all-targets` lints is linted; `test` then builds the libraries, binaries and tests, runs
    // them and the doc tests.
    cargo(
        "xtask test",
        root,
        None,
        "lints: benches",
        &["test", "--workspace", "--benches", "--no-run", "--locked"],
        &lints,
        &[],
    )?;
    cargo("xtask test", root, None, "lints and tests", &["test", "--workspace", "--locked"], &lints, &[])?;
    cargo("xtask test", root, None, "docs", &["doc", "--workspace", "--no-deps", "--locked"], &Lints::Off, &[])?;
    eprintln!("xtask test: protocol cases: cargo xtask protocol-tests");
    crate::protocol_tests::run(root)?;
    eprintln!("xtask test: endpoint cases: cargo xtask endpoint-cases");
    crate::endpoint_cases::run(root, &lints)?;
    eprintln!("xtask test: narrowed builds: cargo xtask narrow");
    crate::narrow::run(root, &lints)?;
    eprintln!("xtask test: corpus: cargo xtask corpus");
    // Every awsJson and restJson1 service from its pages to a crate (zero errors, deterministic),
    // every crate built with clippy's lints (warnings denied) and its round trips run.
    let args =
        crate::corpus::CorpusArgs { only: Vec::new(), protocols: Vec::new(), cargo: None, lint_only: Vec::new() };
    crate::corpus::run(root, args)
}

/// Whether a cargo step compiles the workspace's crates through clippy (warnings denied).
pub(crate) enum Lints {
    Off,
    Clippy(std::path::PathBuf),
}

/// `cargo <args>` in `dir`, timed, with `vars` set; `who` starts each line it prints, `target`
/// (if any) is its target folder.
pub(crate) fn cargo(
    who: &str,
    dir: &Path,
    target: Option<&Path>,
    what: &str,
    args: &[&str],
    lints: &Lints,
    vars: &[(&str, &std::ffi::OsStr)],
) -> Result<(), String> {
    let started = std::time::Instant::now();
    eprintln!("{who}: {what}: cargo {}", args.join(" "));
    let mut cargo = Command::new(env!("CARGO"));
    if std::env::var_os("CI").is_some() {
        // CI builds everything once: incremental state would only take disk (2 GB here).
        cargo.env("CARGO_INCREMENTAL", "0");
    }
    if let Some(target) = target {
        cargo.env("CARGO_TARGET_DIR", target);
    }
    if let Lints::Clippy(driver) = lints {
        cargo.env("RUSTC_WORKSPACE_WRAPPER", driver).env("CLIPPY_ARGS", crate::corpus::CLIPPY_DENY_WARNINGS);
    }
    let status = cargo
        .envs(vars.iter().copied())
        .args(args)
        // Broken links, bare URLs and stray HTML in generated docs fail the run.
        .env("RUSTDOCFLAGS", "-D warnings")
        .current_dir(dir)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    eprintln!("{who}: {what}: {:.1} s", started.elapsed().as_secs_f64());
    if status.success() {
        Ok(())
    } else {
        Err(format!("{who}: {what} failed ({status})"))
    }
}

/// Prints how much disk the target directory's file system has left, so a run that dies of a full
/// disk says so up front. The whole run needs about 18 GB under `target/` (18 GB measured from a
/// clean clone on 2026-12-06 at 363bd58, with all 439 services' crates built and tested).
fn report_free_disk(root: &Path) {
    let out = Command::new("df").args(["-Pk", "."]).current_dir(root).output();
    let free_kb = out.ok().and_then(|o| {
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        text.lines().nth(1)?.split_whitespace().nth(3)?.parse::<u64>().ok()
    });
    match free_kb {
        Some(kb) => {
            let gb = kb as f64 / 1_048_576.0;
            eprintln!("xtask test: {gb:.1} GB free on the disk holding the workspace (the run needs about 18 GB)");
            if gb < 18.0 {
                eprintln!(
                    "xtask test: warning: less disk than the run needs; it may fail with \"No space left on device\""
                );
            }
        }
        None => eprintln!("xtask test: could not tell how much disk is free (`df -Pk .` failed)"),
    }
}
