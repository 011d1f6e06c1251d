//! `cargo xtask bench-compile <svc>...`: how long a generated crate takes to compile, beside the
//! matching `aws-sdk-<svc>` crate from crates.io, measured in one run.
//!
//! For each service, in a scratch package under `target/bench-compile/<svc>/` that depends on
//! both and on the crate's floor (`bench_floor`: its types and derives alone, which no design of
//! the rest can beat), so their dependencies are built once, first: each crate alone, debug,
//! non-incremental, `cargo clean -p` then `cargo build -p`, and the same with `cargo check`, the
//! three interleaved run after run; wall time and peak RSS (GNU time's `%M`, the largest process:
//! the crate's `rustc`). Medians, and theirs over ours and over the floor. Then a small program
//! calling a few operations, built from clean (dependencies included) twice: with the crate
//! narrowed to those operations' features, and with all operations.
//!
//! Needs GNU time (`/usr/bin/time`) and crates.io; not part of `cargo xtask test`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct BenchArgs {
    pub services: Vec<String>,
    /// Timed builds of each crate (and checks), interleaved.
    pub runs: usize,
    /// The operations the small program calls (kebab-case features); the crate's first three
    /// when empty.
    pub ops: Vec<String>,
}

/// One timed command: wall seconds and peak RSS in KiB.
#[derive(Clone, Copy)]
struct Sample {
    secs: f64,
    rss_kb: u64,
}

const TIME: &str = "/usr/bin/time";

pub fn run(root: &Path, args: BenchArgs) -> Result<(), String> {
    if !Path::new(TIME).exists() {
        return Err(format!("bench-compile: needs GNU time at {TIME} (Debian's package `time`)"));
    }
    for svc in &args.services {
        bench_service(root, svc, &args)?;
    }
    Ok(())
}

fn bench_service(root: &Path, svc: &str, args: &BenchArgs) -> Result<(), String> {
    let krate = crate_dir(root, svc)?;
    let dir = root.join("target/bench-compile").join(svc);
    let ops = program_ops(&krate, &args.ops)?;
    if args.runs == 0 {
        let (narrow, all) = program_builds(root, &dir, svc, &krate, &ops)?;
        print_program(&ops, narrow, all);
        return Ok(());
    }
    let (ours, theirs, floor) = (format!("awsdoc-{svc}"), format!("aws-sdk-{svc}"), format!("awsdoc-{svc}-floor"));
    let scratch = dir.join("crates");
    crate::bench_floor::write(&krate, &dir.join("floor"), &floor)?;
    let deps = format!(
        "{ours} = {{ path = {:?} }}\n{theirs} = \"1\"\n{floor} = {{ path = {:?} }}\n",
        path_str(&krate),
        path_str(&dir.join("floor"))
    );
    write_package(root, &scratch, &deps, "")?;
    eprintln!("bench-compile: {svc}: building and checking the crates' dependencies once");
    let all = ["-p", &ours, "-p", &theirs, "-p", &floor];
    timed(&scratch, &[&["build", "--locked"][..], &all].concat(), true)?;
    // `check` keeps its own metadata of the dependencies: made here, so no timed check makes it.
    timed(&scratch, &[&["check", "--locked"][..], &all].concat(), true)?;
    let version = locked_version(&scratch, &theirs)?;
    let mut rows: [Vec<Sample>; 6] = Default::default();
    for run in 1..=args.runs {
        let order = [
            (&ours, "build"),
            (&theirs, "build"),
            (&ours, "check"),
            (&theirs, "check"),
            (&floor, "build"),
            (&floor, "check"),
        ];
        for (i, (package, verb)) in order.into_iter().enumerate() {
            timed(&scratch, &["clean", "-p", package], false)?;
            let sample = timed(&scratch, &[verb, "--locked", "-p", package], false)?;
            eprintln!(
                "bench-compile: {svc}: run {run}: {verb} {package}: {:.1} s, {} MB",
                sample.secs,
                sample.rss_kb / 1024
            );
            rows[i].push(sample);
        }
    }
    let (narrow, all) = program_builds(root, &dir, svc, &krate, &ops)?;
    print_report(svc, &version, &rows);
    print_program(&ops, narrow, all);
    Ok(())
}

/// The service's committed crate, else the one the corpus test last generated for it (`cargo
/// xtask corpus --only <svc>`), which the corpus leaves in `target/corpus/ws/`.
fn crate_dir(root: &Path, svc: &str) -> Result<PathBuf, String> {
    let candidates = [root.join("generated").join(svc), root.join("target/corpus/ws").join(svc)];
    candidates.into_iter().find(|dir| dir.join("Cargo.toml").exists()).ok_or_else(|| {
        format!("bench-compile: no crate for {svc} in generated/ nor target/corpus/ws/ (`cargo xtask corpus --only {svc}` makes one)")
    })
}

/// The small program built from clean, narrowed to `ops` and with every operation.
fn program_builds(
    root: &Path,
    dir: &Path,
    svc: &str,
    krate: &Path,
    ops: &[String],
) -> Result<(Sample, Sample), String> {
    let calls: String =
        ops.iter().map(|op| format!("    let _ = client.{}().send().await;\n", op.replace('-', "_"))).collect();
    let main = format!(
        "#[tokio::main]\nasync fn main() {{\n    let client = awsdoc_{}::Client::from_env().expect(\"a configuration\");\n{calls}}}\n",
        svc.replace('-', "_")
    );
    let tokio = "tokio = { version = \"1\", features = [\"rt-multi-thread\", \"macros\"] }\n";
    let features: Vec<String> = ["client".to_string()].into_iter().chain(ops.iter().cloned()).collect();
    let narrowed = format!(
        "awsdoc-{svc} = {{ path = {:?}, default-features = false, features = {features:?} }}\n{tokio}",
        path_str(krate)
    );
    let everything = format!("awsdoc-{svc} = {{ path = {:?} }}\n{tokio}", path_str(krate));
    let mut out = Vec::new();
    for (name, deps) in [("program-narrowed", narrowed), ("program-all", everything)] {
        let package = dir.join(name);
        write_package(root, &package, &deps, &main)?;
        let _ = fs::remove_dir_all(package.join("target"));
        let sample = timed(&package, &["build", "--locked"], false)?;
        eprintln!("bench-compile: {svc}: {name} from clean: {:.1} s, {} MB", sample.secs, sample.rss_kb / 1024);
        out.push(sample);
    }
    Ok((out[0], out[1]))
}

/// The operations the program calls: those given, else the crate's first three.
fn program_ops(krate: &Path, given: &[String]) -> Result<Vec<String>, String> {
    let all = crate::narrow::operation_features(krate)?;
    if let Some(odd) = given.iter().find(|op| !all.contains(op)) {
        return Err(format!("bench-compile: `{odd}` is not an operation feature of {}", krate.display()));
    }
    Ok(if given.is_empty() { all.into_iter().take(3).collect() } else { given.to_vec() })
}

/// A scratch package (its own workspace) with these dependency lines and `main` as its binary
/// (an empty library when `main` is empty), starting from the workspace's lock file.
fn write_package(root: &Path, dir: &Path, deps: &str, main: &str) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let (kind, file, body) = if main.is_empty() { ("lib", "lib.rs", "") } else { ("bin", "main.rs", main) };
    let target = if kind == "bin" { "[[bin]]\nname = \"program\"" } else { "[lib]" };
    let manifest = format!(
        "[package]\nname = \"bench-{}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         {target}\npath = \"{file}\"\n\n[dependencies]\n{deps}\n[workspace]\n",
        dir.file_name().and_then(|n| n.to_str()).unwrap_or("scratch")
    );
    let write =
        |name: &str, text: &str| fs::write(dir.join(name), text).map_err(|e| format!("{}/{name}: {e}", dir.display()));
    write("Cargo.toml", &manifest)?;
    write(file, body)?;
    if stale(&dir.join("Cargo.lock"), &root.join("Cargo.lock")) {
        fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
        // Resolve what the workspace's lock file lacks (aws-sdk-*), once.
        timed(dir, &["fetch"], false)?;
    }
    Ok(())
}

/// Whether the scratch lock file is missing or older than the workspace's (whose crates changed).
fn stale(scratch: &Path, workspace: &Path) -> bool {
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    match (modified(scratch), modified(workspace)) {
        (Some(ours), Some(theirs)) => ours < theirs,
        _ => true,
    }
}

/// `cargo <args>` in `dir` under GNU time, non-incremental; its output shown when `loud`.
fn timed(dir: &Path, args: &[&str], loud: bool) -> Result<Sample, String> {
    let report = dir.join("time.txt");
    let mut command = Command::new(TIME);
    command.arg("-f").arg("%e %M").arg("-o").arg(&report).arg(env!("CARGO")).args(args);
    command.current_dir(dir).env("CARGO_INCREMENTAL", "0").env_remove("RUSTC_WORKSPACE_WRAPPER");
    if !loud {
        command.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
    }
    let status = command.status().map_err(|e| format!("cannot run {TIME}: {e}"))?;
    if !status.success() {
        return Err(format!("bench-compile: `cargo {}` in {} failed ({status})", args.join(" "), dir.display()));
    }
    let text = fs::read_to_string(&report).map_err(|e| format!("{}: {e}", report.display()))?;
    let mut fields = text.split_whitespace();
    let secs = fields.next().and_then(|s| s.parse().ok());
    let rss_kb = fields.next().and_then(|s| s.parse().ok());
    match (secs, rss_kb) {
        (Some(secs), Some(rss_kb)) => Ok(Sample { secs, rss_kb }),
        _ => Err(format!("bench-compile: {} says `{}`, not `<seconds> <KiB>`", report.display(), text.trim())),
    }
}

/// The version of `package` the scratch package's lock file resolved.
fn locked_version(dir: &Path, package: &str) -> Result<String, String> {
    let text = fs::read_to_string(dir.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let lock: toml::Table = toml::from_str(&text).map_err(|e| format!("Cargo.lock: {e}"))?;
    let packages = lock.get("package").and_then(|p| p.as_array()).into_iter().flatten();
    let version = packages
        .filter(|p| p.get("name").and_then(|n| n.as_str()) == Some(package))
        .find_map(|p| p.get("version").and_then(|v| v.as_str()));
    version.map(String::from).ok_or_else(|| format!("bench-compile: {package} is not in the scratch lock file"))
}

fn median(samples: &[Sample], key: impl Fn(&Sample) -> f64) -> f64 {
    let mut values: Vec<f64> = samples.iter().map(key).collect();
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

fn print_report(svc: &str, version: &str, rows: &[Vec<Sample>; 6]) {
    let secs = |i: usize| median(&rows[i], |s| s.secs);
    let gb = |i: usize| median(&rows[i], |s| s.rss_kb as f64) / 1_048_576.0;
    let range = |i: usize| {
        let (lo, hi) = rows[i].iter().fold((f64::MAX, 0f64), |(lo, hi), s| (lo.min(s.secs), hi.max(s.secs)));
        format!("{lo:.1}–{hi:.1}")
    };
    println!("\n## {svc}: crate only, debug, non-incremental, {} run(s) interleaved, medians\n", rows[0].len());
    println!("| crate | build | build peak RSS | check | check peak RSS |");
    println!("|---|---|---|---|---|");
    let crates = [
        (format!("awsdoc-{svc}"), 0, 2),
        (format!("aws-sdk-{svc} {version}"), 1, 3),
        (format!("floor: awsdoc-{svc}'s types and derives alone"), 4, 5),
    ];
    for (name, b, c) in crates {
        println!(
            "| {name} | {:.1} s ({} s) | {:.2} GB | {:.1} s ({} s) | {:.2} GB |",
            secs(b),
            range(b),
            gb(b),
            secs(c),
            range(c),
            gb(c)
        );
    }
    println!(
        "| theirs / ours | {:.1}× | {:.1}× | {:.1}× | {:.1}× |",
        secs(1) / secs(0),
        gb(1) / gb(0),
        secs(3) / secs(2),
        gb(3) / gb(2)
    );
    println!(
        "| theirs / floor | {:.1}× | {:.1}× | {:.1}× | {:.1}× |",
        secs(1) / secs(4),
        gb(1) / gb(4),
        secs(3) / secs(5),
        gb(3) / gb(5)
    );
}

fn print_program(ops: &[String], narrow: Sample, all: Sample) {
    println!(
        "\nA program calling {} built from clean (dependencies included): {:.1} s narrowed to those \
         operations, {:.1} s with all operations ({:.0} %); peak RSS {:.2} and {:.2} GB.",
        ops.join(", "),
        narrow.secs,
        all.secs,
        100.0 * narrow.secs / all.secs,
        narrow.rss_kb as f64 / 1_048_576.0,
        all.rss_kb as f64 / 1_048_576.0,
    );
}

fn path_str(p: &Path) -> String {
    p.canonicalize().unwrap_or_else(|_| PathBuf::from(p)).display().to_string()
}
