//! `cargo xtask corpus`: every awsJson, restJson1 and awsQuery service, as the pinned releases render it, through
//! the front end and the emitter (zero errors, byte-identical when its pages come in another
//! order), then every generated crate through clippy's lints with warnings denied and its
//! round-trip test, in one build. Part of `cargo xtask test`, so CI runs it.
//!
//! The pages (about 730 MB) are not committed: `fetch-docs --protocol json`, `--protocol
//! rest-json` and `--protocol query` render them from the pins in `model/pins.toml` into `target/corpus/pages-<pins>*/`
//! once, and later runs reuse them.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::census;
use crate::fetch_docs::{self, Pins};

pub struct CorpusArgs {
    /// Only these services (all when empty).
    pub only: Vec<String>,
    /// Whose services: `json` (every awsJson-capable one), `rest-json` (every restJson1 one) and
    /// `query` (every awsQuery one); all when empty.
    pub protocols: Vec<String>,
    /// Whose crates then go through cargo (lints and round trips): every protocol above but
    /// `lint_only`'s when `None`; an empty list stops after the front end and emitter.
    pub cargo: Option<Vec<String>>,
    /// Whose crates go through clippy's lints only (library and round-trip test, warnings
    /// denied, nothing built or run): about half of what building and running them costs.
    pub lint_only: Vec<String>,
}

/// The protocols the corpus covers, in the order it runs them.
const PROTOCOLS: &[&str] = &["json", "rest-json", "rest-xml", "query", "ec2", "smithy-rpc-v2-cbor"];

/// A crate of a cargo step: its folder (the service, or a variant) and its files.
type Crate = (String, census::Files);

pub fn run(root: &Path, args: CorpusArgs) -> Result<(), String> {
    let plan = Plan::new(args)?;
    let rendering = Instant::now();
    let pages = pages_dirs(root, &plan.protocols)?;
    eprintln!("corpus: pages ready in {:.1} s", rendering.elapsed().as_secs_f64());
    let started = Instant::now();
    let (built, linted) = front_end(root, &plan, &pages, started)?;
    let mut built = leave_out_committed(root, built);
    let with_ssm = plan.only.is_empty() || plan.only.iter().any(|s| s == "ssm");
    if plan.built.iter().any(|p| p == "json") && with_ssm {
        built.extend(single_source_variants(root)?);
        built.push(("ssm-suites".into(), ssm_suites_crate(root)));
    }
    let linted = leave_out_committed(root, linted);
    if built.is_empty() && linted.is_empty() {
        return Ok(());
    }
    let ws = root.join("target/corpus/ws");
    let _ = fs::remove_dir_all(&ws);
    census::write_workspace(&ws, built.iter().chain(&linted))?;
    // The workspace's own lock file pins every dependency the generated crates share, so the
    // corpus builds with the versions the committed crates do, whatever crates.io holds today.
    fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    type Step = fn(&Path, &Path, &[Crate]) -> Result<(), String>;
    let steps: [(&[Crate], &[String], Step, &str); 2] = [
        (&built, &plan.built, build_and_test, "clippy-clean, round trips pass"),
        (&linted, &plan.linted, lint, "clippy-clean (linted only: not built, round trips not run)"),
    ];
    for (crates, protocols, step, outcome) in steps {
        if crates.is_empty() {
            continue;
        }
        step(root, &ws, crates)?;
        let (n, p, secs) = (crates.len(), protocols.join(", "), started.elapsed().as_secs_f64());
        eprintln!("corpus: {n} crate(s) ({p}) {outcome}; {secs:.1} s in all");
    }
    Ok(())
}

/// What a run covers: the services' protocols, and which of them are built or only linted.
struct Plan {
    only: Vec<String>,
    protocols: Vec<String>,
    built: Vec<String>,
    linted: Vec<String>,
}

impl Plan {
    fn new(args: CorpusArgs) -> Result<Plan, String> {
        let protocols: Vec<String> =
            if args.protocols.is_empty() { PROTOCOLS.iter().map(|p| p.to_string()).collect() } else { args.protocols };
        let built =
            args.cargo.unwrap_or_else(|| protocols.iter().filter(|p| !args.lint_only.contains(p)).cloned().collect());
        let linted = args.lint_only;
        for (flag, list) in [("--cargo", &built), ("--lint-only", &linted)] {
            if let Some(p) = list.iter().find(|p| !protocols.contains(p)) {
                return Err(format!("corpus: {flag} {p}: not among the protocols run ({})", protocols.join(", ")));
            }
        }
        if let Some(p) = built.iter().find(|p| linted.contains(p)) {
            return Err(format!("corpus: `{p}` is both built (--cargo) and only linted (--lint-only)"));
        }
        Ok(Plan { only: args.only, protocols, built, linted })
    }
}

/// Every service through the front end and emitter (twice: see `census`), the report written;
/// an error unless all built cleanly with documented warnings only. The crates to build, then
/// those to lint.
fn front_end(
    root: &Path,
    plan: &Plan,
    pages: &[PathBuf],
    started: Instant,
) -> Result<(Vec<Crate>, Vec<Crate>), String> {
    let (mut rows, mut built, mut linted) = (Vec::new(), Vec::new(), Vec::new());
    for (protocol, dir) in plan.protocols.iter().zip(pages) {
        let mut to = if plan.built.contains(protocol) {
            Some(&mut built)
        } else if plan.linted.contains(protocol) {
            Some(&mut linted)
        } else {
            None
        };
        for (row, files) in census::survey(dir, &plan.only, &root.join("runtime"))? {
            if let Some(to) = &mut to {
                to.push((row.service.clone(), files));
            }
            rows.push(row);
        }
    }
    let report = census::report(&rows);
    let out = root.join("target/corpus");
    fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    fs::write(out.join("report.md"), &report).map_err(|e| e.to_string())?;
    let failed: Vec<&str> = rows.iter().filter(|r| !r.ok()).map(|r| r.service.as_str()).collect();
    eprintln!(
        "corpus: {} service(s) ({}) through the front end and emitter in {:.1} s; report in target/corpus/report.md",
        rows.len(),
        plan.protocols.join(", "),
        started.elapsed().as_secs_f64()
    );
    if !failed.is_empty() {
        print!("{report}");
        return Err(format!("corpus: these services did not build cleanly: {}", failed.join(", ")));
    }
    undocumented_warnings(&rows)?;
    Ok((built, linted))
}

/// `-p <package>` for each crate, its package named by its own `Cargo.toml`.
fn packages(crates: &[Crate]) -> Result<Vec<String>, String> {
    let mut args = Vec::new();
    for (dir, files) in crates {
        let manifest = files
            .iter()
            .find(|(path, _)| *path == format!("{dir}/Cargo.toml"))
            .ok_or_else(|| format!("corpus: {dir}: the crate has no Cargo.toml"))?;
        let name = toml::from_str::<toml::Table>(&manifest.1)
            .ok()
            .and_then(|t| t.get("package")?.get("name")?.as_str().map(String::from))
            .ok_or_else(|| format!("corpus: {dir}/Cargo.toml names no package"))?;
        args.extend(["-p".to_string(), name]);
    }
    Ok(args)
}

/// One target folder for the corpus, apart from the workspace's, so the two never rebuild each
/// other's dependencies with other features.
fn corpus_target(root: &Path) -> PathBuf {
    root.join("target/corpus/target")
}

/// Builds the crates with clippy's lints on (warnings denied) and runs their round-trip tests.
fn build_and_test(root: &Path, ws: &Path, crates: &[Crate]) -> Result<(), String> {
    // Clippy lints while the crates build for their tests (its driver as the workspace's rustc
    // wrapper, as `cargo clippy` sets it up), so each crate is compiled once rather than checked
    // and then built: 10.3 s a service became 6.0 s. A generated crate's targets are its library
    // and its round-trip test (the emitter writes no examples or benches), so this lints what
    // `clippy --all-targets` would.
    let lints = crate::test::Lints::Clippy(clippy_driver()?);
    let mut args: Vec<String> = vec!["test".into(), "--tests".into()];
    args.extend(packages(crates)?);
    args.extend(["--", "--test-threads", "2"].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    crate::test::cargo("corpus", ws, Some(&corpus_target(root)), "lints and round trips", &args, &lints, &[])
}

/// Lints the crates' libraries and round-trip tests with clippy (warnings denied) without
/// building them. Named targets rather than `--all-targets`, which also checks each library a
/// second time as its own (empty) unit-test target: 44 s instead of 25 s for 15 crates here.
fn lint(root: &Path, ws: &Path, crates: &[Crate]) -> Result<(), String> {
    let lints = crate::test::Lints::Clippy(clippy_driver()?);
    let mut args: Vec<String> = ["check", "--lib", "--test", "round_trip"].map(String::from).to_vec();
    args.extend(packages(crates)?);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    crate::test::cargo("corpus", ws, Some(&corpus_target(root)), "lints only", &args, &lints, &[])
}

/// The kinds of warning the README documents ("Nothing is dropped silently"), each by what its
/// message says: a warning of any other kind fails the corpus, so a new one gets documented.
const DOCUMENTED_WARNINGS: &[&str] = &[
    // An event-stream member of an answer.
    "is left out: it is an event stream, which the generated client cannot read yet",
    // An operation that sends an event stream.
    "is left out: it sends an event stream, which neither boto3 nor the generated client can do yet",
    // A paginator whose tokens the pages do not show.
    "is left out: its tokens and results cannot be told from what the paginator page hides and shows",
    // A member botocore hides from an operation that cannot accept it (S3's `ContentMD5`).
    "is left out: botocore hides it from this operation, which cannot accept it",
];

/// An error listing every warning of a kind the README does not document.
fn undocumented_warnings(rows: &[census::Row]) -> Result<(), String> {
    let all = rows.iter().flat_map(|r| &r.warnings);
    let odd: Vec<&String> = all.filter(|w| !DOCUMENTED_WARNINGS.iter().any(|k| w.contains(k))).collect();
    if odd.is_empty() {
        return Ok(());
    }
    let list: Vec<&str> = odd.iter().map(|w| w.as_str()).collect();
    Err(format!(
        "corpus: {} warning(s) of a kind the README does not document (add it there and to DOCUMENTED_WARNINGS):\n{}",
        odd.len(),
        list.join("\n")
    ))
}

/// The crates but those the corpus made byte for byte as committed (same pages, same pins):
/// `cargo test --workspace` built, linted and tested those already, and building them again
/// would prove nothing new.
fn leave_out_committed(root: &Path, named: Vec<Crate>) -> Vec<Crate> {
    let runtime = root.join("runtime").display().to_string();
    let (committed, named): (Vec<_>, Vec<_>) =
        named.into_iter().partition(|(svc, files)| is_committed(root, svc, files, &runtime));
    if !committed.is_empty() {
        let names: Vec<&str> = committed.iter().map(|(svc, _)| svc.as_str()).collect();
        eprintln!(
            "corpus: {} left to the workspace's own build, as committed byte for byte: {}",
            names.len(),
            names.join(", ")
        );
    }
    named
}

/// Whether `files` (a crate the corpus generated for `svc`) are the committed crate under
/// `generated/`, file for file, but for the paths it names: the runtime's (absolute here,
/// relative there) and its pages' and model files'.
fn is_committed(root: &Path, svc: &str, files: &census::Files, runtime: &str) -> bool {
    // Its hand-written `examples/` the workspace builds besides.
    let dir = root.join("generated").join(svc);
    let examples = dir.join("examples");
    let listed = crate::codegen::files_under(&dir);
    if listed.iter().filter(|p| !p.starts_with(&examples)).count() != files.len() {
        return false;
    }
    // The committed crate cites its pages and model files under `model/<svc>/`, the corpus's
    // under `<svc>/`.
    let (cited_here, cited_there) = (format!("`{svc}/"), format!("`model/{svc}/"));
    files.iter().all(|(path, content)| {
        let Ok(committed) = fs::read_to_string(root.join("generated").join(path)) else { return false };
        committed == content.replace(runtime, "../../runtime").replace(&cited_here, &cited_there)
    })
}

/// The committed SSM from each source alone, as crates beside the corpus: its pages without
/// botocore's model (the generator's own shape names), and the model without pages (no waiter,
/// docs from the model's HTML). Both must be clippy-clean and round-trip like the rest.
fn single_source_variants(root: &Path) -> Result<Vec<(String, census::Files)>, String> {
    let mut out = Vec::new();
    for (name, keep_pages, keep_model) in [("ssm-pages-only", true, false), ("ssm-model-only", false, true)] {
        let mut inputs = awsdoc_codegen::read_service_dir(&root.join("model/ssm"), "model/ssm")
            .map_err(|e| format!("model/ssm: {e}"))?;
        if !keep_pages {
            inputs.pages.clear();
        }
        if !keep_model {
            (inputs.api, inputs.api_paginators, inputs.api_waiters) = (None, None, None);
        }
        let lowered = awsdoc_codegen::build(&inputs).map_err(|f| format!("{name}: {}", f.render()))?;
        let spec = awsdoc_codegen::emit::CrateSpec {
            package: format!("awsdoc-{name}"),
            dir: name.to_string(),
            runtime_path: root.join("runtime").display().to_string(),
            model_path: format!("model/ssm ({name})"),
        };
        let files = awsdoc_codegen::emit::emit_crate(&lowered.model, &lowered.origins, &spec)
            .map_err(|e| format!("{name}: cannot emit the crate: {e}"))?;
        out.push((name.to_string(), files));
    }
    Ok(out)
}

/// A test crate that runs the SSM moto suite (`tests/suites/ssm_moto.rs`) against the
/// single-source builds, as `tests/tests/ssm_sources.rs` runs it against the committed crate.
/// Each test file names the crate, aliases the types whose names differ, and says whether the
/// build read the service model.
fn ssm_suites_crate(root: &Path) -> census::Files {
    let tests = root.join("tests");
    let manifest = format!(
        "[package]\nname = \"ssm-suites\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dev-dependencies]\nawsdoc-tests = {{ path = {tests:?} }}\n\
         awsdoc-ssm-pages-only = {{ path = \"../ssm-pages-only\" }}\n\
         awsdoc-ssm-model-only = {{ path = \"../ssm-model-only\" }}\n\
         tokio = {{ version = \"1\", features = [\"rt-multi-thread\", \"macros\"] }}\n\
         futures-util = {{ version = \"0.3\", default-features = false }}\n",
        tests = tests.display().to_string()
    );
    let suite = tests.join("suites/ssm_moto.rs").display().to_string();
    let test_file = |krate: &str, tagging: &str, from_model: bool| {
        format!(
            "//! The SSM moto suite against `{krate}`.\n\n\
             use {krate} as ssm;\nuse ssm::types::{tagging};\n\n\
             const FROM_MODEL: bool = {from_model};\n\ninclude!({suite:?});\n"
        )
    };
    vec![
        ("ssm-suites/Cargo.toml".into(), manifest),
        ("ssm-suites/src/lib.rs".into(), "//! Only tests: see `tests/`.\n".into()),
        (
            "ssm-suites/tests/pages_only.rs".into(),
            // The pages name the tagging enum after the member (`ResourceType`); the model names
            // it `ResourceTypeForTagging`.
            test_file("awsdoc_ssm_pages_only", "ResourceType as ResourceTypeForTagging", false),
        ),
        ("ssm-suites/tests/model_only.rs".into(), test_file("awsdoc_ssm_model_only", "ResourceTypeForTagging", true)),
    ]
}

/// The rendered pages of each protocol's services for the current pins, rendering those not
/// rendered yet first (in one queue).
fn pages_dirs(root: &Path, protocols: &[String]) -> Result<Vec<PathBuf>, String> {
    let pins = Pins::load(root)?;
    let mut dirs = Vec::new();
    let mut missing = Vec::new();
    for protocol in protocols {
        if !PROTOCOLS.contains(&protocol.as_str()) {
            return Err(format!("corpus: --protocol is one of {}, not `{protocol}`", PROTOCOLS.join(", ")));
        }
        // `-rules`: the folders carry botocore's model files and endpoint rule set beside the
        // pages (a cache from before they did is not reused).
        let mut name = format!("pages-boto3-{}-awscli-{}-{}-rules", pins.boto3, pins.awscli, pins.cli_service_data);
        if protocol != "json" {
            name.push('-');
            name.push_str(protocol);
        }
        let dir = root.join("target/corpus").join(name);
        if !dir.join(".complete").exists() {
            eprintln!("corpus: rendering every {protocol} service's pages into {}", dir.display());
            let _ = fs::remove_dir_all(&dir);
            missing.push((protocol.as_str(), dir.clone()));
        }
        dirs.push(dir);
    }
    if !missing.is_empty() {
        fetch_docs::render_protocols(root, &missing)?;
    }
    for (_, dir) in &missing {
        let done = dir.join(".complete");
        fs::write(&done, "").map_err(|e| format!("{}: {e}", done.display()))?;
    }
    Ok(dirs)
}

/// `-D warnings` for `clippy-driver`, spelled as `cargo clippy` passes its arguments.
pub const CLIPPY_DENY_WARNINGS: &str = "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__";

/// The `clippy-driver` beside the `cargo` running this (rustup installs both in one folder), else
/// the one on `PATH`.
pub fn clippy_driver() -> Result<PathBuf, String> {
    let beside = Path::new(env!("CARGO")).with_file_name("clippy-driver");
    if beside.exists() {
        return Ok(beside);
    }
    let out = Command::new("clippy-driver").arg("--version").output();
    match out {
        Ok(o) if o.status.success() => Ok(PathBuf::from("clippy-driver")),
        _ => Err("corpus: clippy-driver not found (rustup component add clippy)".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(warnings: &[&str]) -> census::Row {
        census::Row {
            service: "svc".into(),
            errors: vec![],
            warnings: warnings.iter().map(|w| w.to_string()).collect(),
            emit_error: None,
            nondeterministic: false,
            pages: 0,
            bytes: 0,
            seconds: 0.0,
        }
    }

    /// A crate's package is what its manifest names (the SSM suites' is `ssm-suites`, not
    /// `awsdoc-ssm-suites`); a crate without one is an error, not a guess.
    #[test]
    fn packages_are_named_by_their_manifests() {
        let manifest = |dir: &str, name: &str| (format!("{dir}/Cargo.toml"), format!("[package]\nname = \"{name}\"\n"));
        let crates = vec![
            ("efs".to_string(), vec![manifest("efs", "awsdoc-efs"), ("efs/src/lib.rs".into(), String::new())]),
            ("ssm-suites".to_string(), vec![manifest("ssm-suites", "ssm-suites")]),
        ];
        assert_eq!(packages(&crates).unwrap(), ["-p", "awsdoc-efs", "-p", "ssm-suites"]);
        let bare = vec![("efs".to_string(), vec![("efs/src/lib.rs".to_string(), String::new())])];
        assert!(packages(&bare).unwrap_err().contains("efs: the crate has no Cargo.toml"));
    }

    #[test]
    fn only_documented_warnings_pass() {
        let known = "kinesis/docs/boto3/client/subscribe_to_shard.rst:209:7: warning: member EventStream of \
                     SubscribeToShardOutput is left out: it is an event stream, which the generated client cannot read yet";
        assert!(undocumented_warnings(&[row(&[known])]).is_ok());
        let odd = "x.rst:1:1: warning: member Foo of Bar is left out: it is a mystery";
        let err = undocumented_warnings(&[row(&[known, odd])]).unwrap_err();
        assert!(err.starts_with("corpus: 1 warning(s)") && err.ends_with(odd), "{err}");
    }
}
