//! `cargo xtask fetch-docs`: render services' documentation pages from pinned PyPI releases.
//!
//! The packages' own documenters run in throwaway venvs, so the committed pages are exactly what
//! boto3 and the AWS CLI publish. Nothing else in the workspace needs Python or a network.
//!
//! Both page families describe one API version: awscli bundles an older botocore than the boto3
//! pin, so the CLI pages are rendered with `AWS_DATA_PATH` pointing at the pinned botocore's
//! service data (botocore's loader searches that path before its own). `model/pins.toml`
//! records it as `cli_service_data = "botocore"`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::python::{run_cmd, venv, venv_with};

use serde::{Deserialize, Serialize};

/// The releases the committed pages come from (`model/pins.toml`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pins {
    pub boto3: String,
    pub botocore: String,
    pub awscli: String,
    /// Whose service data the CLI pages were rendered from: `botocore` (the pinned botocore's, so
    /// both page families describe the same API) or `awscli` (the copy awscli bundles).
    #[serde(default = "bundled")]
    pub cli_service_data: String,
}

fn bundled() -> String {
    "awscli".into()
}

impl Pins {
    /// Reads `model/pins.toml`.
    pub fn load(root: &Path) -> Result<Pins, String> {
        let path = root.join("model/pins.toml");
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: cannot read the pins: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

const PINS_HEADER: &str = "\
# The documentation releases the committed inputs under model/<service>/docs were rendered from.
# `cargo xtask fetch-docs <service>...` reads these pins; `--boto3`/`--botocore`/`--awscli` rewrite them.
# cli_service_data = \"botocore\": the CLI pages are rendered against the pinned botocore's service
# data (AWS_DATA_PATH), not the older copy awscli bundles, so both page families describe one API.
";

const SCRIPT: &str = include_str!("fetch_docs.py");

pub struct FetchArgs {
    pub services: Vec<String>,
    /// `json`: every service that speaks awsJson (protocol `json` or `json` among its protocols);
    /// `rest-json`: every restJson1 service; `all`: every service.
    pub protocol: Option<String>,
    /// Write `<out>/<service>/` folders here instead of `model/`, and leave the pins alone.
    pub out: Option<PathBuf>,
    pub boto3: Option<String>,
    pub botocore: Option<String>,
    pub awscli: Option<String>,
    /// `botocore` or `awscli`: see [`Pins::cli_service_data`].
    pub cli_service_data: Option<String>,
}

/// Whose documenter renders a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Boto3,
    Cli,
}

/// The size in bytes of `service`'s model files in a botocore `data` folder (its newest API
/// version); 0 when it has none there.
fn model_size(data: &Path, service: &str) -> u64 {
    let Ok(versions) = fs::read_dir(data.join(service)) else { return 0 };
    let newest = versions.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir()).max();
    let Some(dir) = newest else { return 0 };
    let files = fs::read_dir(dir).into_iter().flatten().filter_map(|e| e.ok());
    files.filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum()
}

/// The two venvs and the script, in a temporary folder that lives as long as this value.
struct Renderer {
    work: tempfile::TempDir,
    script: PathBuf,
    boto3: PathBuf,
    cli: PathBuf,
    /// The pinned botocore's `data` folder, for the CLI's `AWS_DATA_PATH`.
    data: PathBuf,
}

impl Renderer {
    fn new(pins: &Pins) -> Result<Renderer, String> {
        let work = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
        let script = work.path().join("fetch_docs.py");
        fs::write(&script, SCRIPT).map_err(|e| format!("{}: {e}", script.display()))?;
        // Older awscli releases pin a PyYAML whose source build breaks on Cython 3; the
        // constraint reaches pip's isolated build environments too.
        let constraints = work.path().join("build-constraints.txt");
        fs::write(&constraints, "cython<3\n").map_err(|e| format!("{}: {e}", constraints.display()))?;
        // The two installs are independent (pip waits on the network as much as on a core).
        let (boto3, cli) = std::thread::scope(|scope| {
            let cli = scope.spawn(|| cli_venv(work.path(), &pins.awscli, &constraints));
            let packages = [format!("boto3=={}", pins.boto3), format!("botocore=={}", pins.botocore)];
            let boto3 = venv(work.path(), "boto3", &packages);
            (boto3, cli.join().unwrap_or_else(|_| Err("the awscli venv thread panicked".into())))
        });
        let (boto3, cli) = (boto3?, cli?);
        let out = Command::new(&boto3)
            .args(["-c", "import botocore, os; print(os.path.join(os.path.dirname(botocore.__file__), 'data'))"])
            .output()
            .map_err(|e| format!("cannot run {}: {e}", boto3.display()))?;
        let data = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        Ok(Renderer { work, script, boto3, cli, data })
    }

    /// The services of one protocol as botocore picks it (`json`, `rest-json`, ...; `all`).
    fn services(&self, protocol: &str) -> Result<Vec<String>, String> {
        let list = self.work.path().join("services.txt");
        run_cmd(Command::new(&self.boto3).arg(&self.script).arg("services").arg(protocol).arg(&list))?;
        let text = fs::read_to_string(&list).map_err(|e| format!("{}: {e}", list.display()))?;
        Ok(text.lines().map(str::to_string).collect())
    }

    /// Renders every service's pages into `<work>/boto3` and `<work>/cli`; returns the services
    /// that failed in either, with the error.
    ///
    /// The two documenters run as a queue of runs of a few services each, as many at a time as
    /// the machine has cores, the costliest first: one service can take most of the time
    /// (boto3 spends 282 s of its 477 s over the restJson1 services on QuickSight); with one
    /// process per documenter, the CLI finished in 113 s and its core then sat idle.
    fn render(&self, services: &[String], pins: &Pins) -> Result<Vec<(String, String)>, String> {
        let (b, c) = (self.work.path().join("boto3"), self.work.path().join("cli"));
        let jobs = self.jobs(services);
        let runs =
            crate::pool::map_in_order(&jobs, |(family, chunk)| run_cmd(&mut self.documenter(*family, chunk, pins)))
                .ok_or("a renderer thread panicked")?;
        runs.into_iter().collect::<Result<Vec<()>, String>>()?;
        let mut failed = Vec::new();
        for dir in [&b, &c] {
            let folder = dir.join("failed");
            for entry in fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))? {
                let path = entry.map_err(|e| format!("{}: {e}", folder.display()))?.path();
                let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                let map: std::collections::BTreeMap<String, String> =
                    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
                failed.extend(map);
            }
        }
        failed.sort();
        Ok(failed)
    }

    /// The runs to make, costliest first. A service's cost is the size of its model file in the
    /// pinned botocore (what the documenters walk); boto3's documenter takes about four times
    /// the CLI's. Each run takes services until it holds a share of the total cost, so a costly
    /// service runs alone and cheap ones share a Python start-up.
    fn jobs(&self, services: &[String]) -> Vec<(Family, Vec<String>)> {
        let mut costed: Vec<(u64, &String)> = services.iter().map(|s| (model_size(&self.data, s), s)).collect();
        costed.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        let share = costed.iter().map(|c| c.0).sum::<u64>() / 16 + 1;
        let mut chunks: Vec<(u64, Vec<String>)> = Vec::new();
        for (cost, svc) in costed {
            match chunks.last_mut() {
                Some((sum, list)) if *sum + cost <= share => {
                    *sum += cost;
                    list.push(svc.clone());
                }
                _ => chunks.push((cost, vec![svc.clone()])),
            }
        }
        let mut jobs: Vec<(u64, Family, Vec<String>)> = Vec::new();
        for (cost, list) in chunks {
            jobs.push((cost * 4, Family::Boto3, list.clone()));
            jobs.push((cost, Family::Cli, list));
        }
        jobs.sort_by_key(|j| std::cmp::Reverse(j.0));
        jobs.into_iter().map(|(_, family, list)| (family, list)).collect()
    }

    /// One documenter run over `services`, into `<work>/boto3` or `<work>/cli`.
    fn documenter(&self, family: Family, services: &[String], pins: &Pins) -> Command {
        let (python, mode) = match family {
            Family::Boto3 => (&self.boto3, "boto3"),
            Family::Cli => (&self.cli, "cli"),
        };
        let out = self.work.path().join(mode);
        let mut cmd = Command::new(python);
        if family == Family::Cli && pins.cli_service_data == "botocore" {
            cmd.env("AWS_DATA_PATH", &self.data);
        }
        cmd.arg(&self.script).arg(mode).arg(out).args(services);
        cmd
    }

    /// Moves one rendered service into `<dest>/<svc>/docs` and writes its `service.toml`; the old
    /// docs folder is swapped out only once the new one is complete.
    fn install(&self, svc: &str, dest: &Path, pins: &Pins) -> Result<(), String> {
        let service_dir = dest.join(svc);
        fs::create_dir_all(&service_dir).map_err(|e| format!("{}: {e}", service_dir.display()))?;
        let new_docs = tempfile::tempdir_in(&service_dir).map_err(|e| format!("{}: {e}", service_dir.display()))?;
        let boto3_pages = self.work.path().join("boto3").join(svc);
        for kind in ["client", "paginator", "waiter"] {
            let from = boto3_pages.join(kind);
            if from.is_dir() {
                copy_tree(&from, &new_docs.path().join("boto3").join(kind))?;
            }
        }
        // boto3 before 1.26.81: the one page of the whole service.
        let single = boto3_pages.join("service.rst");
        if single.is_file() {
            let to = new_docs.path().join("boto3");
            fs::create_dir_all(&to).map_err(|e| format!("{}: {e}", to.display()))?;
            fs::copy(&single, to.join("service.rst")).map_err(|e| format!("{}: {e}", single.display()))?;
        }
        copy_tree(&self.work.path().join("cli").join(svc), &new_docs.path().join("cli"))?;
        let meta_path = self.work.path().join("boto3").join(format!("{svc}.json"));
        let meta: serde_json::Value = serde_json::from_slice(&fs::read(&meta_path).map_err(|e| format!("{svc}: {e}"))?)
            .map_err(|e| format!("{svc}.json: {e}"))?;
        let descriptor = format!(
            "# Written by `cargo xtask fetch-docs {svc}` from botocore {}'s metadata: the facts the pages do not carry.\n{}",
            pins.botocore,
            toml::to_string(&meta).map_err(|e| e.to_string())?
        );
        let docs = service_dir.join("docs");
        let old = service_dir.join(".docs-old");
        let _ = fs::remove_dir_all(&old);
        if docs.exists() {
            fs::rename(&docs, &old).map_err(|e| format!("{}: {e}", docs.display()))?;
        }
        fs::rename(new_docs.keep(), &docs).map_err(|e| format!("{}: {e}", docs.display()))?;
        let _ = fs::remove_dir_all(&old);
        awsdoc_codegen::write_atomic(&service_dir.join("service.toml"), descriptor.as_bytes())
            .map_err(|e| e.to_string())?;
        // Waiter acceptors now come from botocore/waiters-2.json; an older checkout's copy goes.
        let old_waiters = service_dir.join("waiters.toml");
        match fs::remove_file(&old_waiters) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(format!("{}: {e}", old_waiters.display()))
            }
            _ => {}
        }
        self.install_model_files(svc, &service_dir)
    }

    /// The pinned botocore's `partitions.json`, byte for byte, beside the services: `codegen`
    /// makes the rules engine's partition table from it. Releases before botocore 1.31 have
    /// none; the one already there is kept, and said so.
    fn install_partitions(&self, dest: &Path) -> Result<(), String> {
        let (from, to) = (self.data.join("partitions.json"), dest.join("partitions.json"));
        if !from.exists() {
            eprintln!("fetch-docs: this botocore has no partitions.json; {} is left as it is", to.display());
            return Ok(());
        }
        let bytes = fs::read(&from).map_err(|e| format!("{}: {e}", from.display()))?;
        awsdoc_codegen::write_atomic(&to, &bytes).map(|_| ()).map_err(|e| format!("{}: {e}", to.display()))
    }

    /// The pinned botocore's own model files (`service-2.json`, `paginators-1.json`,
    /// `waiters-2.json`, `endpoint-rule-set-1.json`) into `<svc>/botocore/`: the second source
    /// beside the pages, and where requests go. A file botocore does not have for the service is
    /// removed.
    fn install_model_files(&self, svc: &str, service_dir: &Path) -> Result<(), String> {
        let from = self.work.path().join("boto3").join(format!("{svc}.botocore"));
        let to = service_dir.join("botocore");
        for kind in ["service-2.json", "paginators-1.json", "waiters-2.json", "endpoint-rule-set-1.json"] {
            let dest = to.join(kind);
            match fs::read(from.join(kind)) {
                Ok(bytes) => awsdoc_codegen::write_atomic(&dest, &bytes).map(|_| ()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => match fs::remove_file(&dest) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                    _ => Ok(()),
                },
                Err(e) => Err(e),
            }
            .map_err(|e| format!("{}: {e}", dest.display()))?;
        }
        Ok(())
    }
}

pub fn run(root: &Path, args: FetchArgs) -> Result<(), String> {
    let pins_path = root.join("model/pins.toml");
    let mut pins = Pins::load(root)?;
    if let Some(v) = args.boto3 {
        // The botocore a boto3 release was made with is the lower bound of its requirement
        // (boto3 1.26.0 needs botocore >= 1.29.0), unless told otherwise.
        pins.botocore = match args.botocore.clone() {
            Some(b) => b,
            None => botocore_of(&v)?,
        };
        pins.boto3 = v;
    } else if let Some(v) = args.botocore {
        pins.botocore = v;
    }
    if let Some(v) = args.awscli {
        pins.awscli = v;
    }
    match args.cli_service_data.as_deref() {
        None => {}
        Some(v @ ("botocore" | "awscli")) => pins.cli_service_data = v.to_string(),
        Some(other) => return Err(format!("--cli-service-data {other}: `botocore` or `awscli`")),
    }
    let renderer = Renderer::new(&pins)?;
    let mut services = args.services;
    match args.protocol.as_deref() {
        Some(p @ ("json" | "rest-json")) => services.extend(renderer.services(p)?),
        // Every service, whatever its protocol (those the generator cannot build yet say so).
        Some("all") => services.extend(renderer.services("all")?),
        Some(other) => return Err(format!("--protocol {other}: `json`, `rest-json` or `all`")),
        None => {}
    }
    services.sort();
    services.dedup();
    if services.is_empty() {
        return Err("fetch-docs: name at least one service, or pass --protocol json|rest-json|all".into());
    }
    let failed = renderer.render(&services, &pins)?;
    let dest = args.out.clone().unwrap_or_else(|| root.join("model"));
    install_all(&renderer, &services, &failed, &dest, &pins)?;
    if args.out.is_none() {
        let pins_text = format!("{PINS_HEADER}{}", toml::to_string(&pins).map_err(|e| e.to_string())?);
        awsdoc_codegen::write_atomic(&pins_path, pins_text.as_bytes()).map_err(|e| e.to_string())?;
    }
    unrendered(&failed)
}

/// Renders the services of each protocol (`json`, `rest-json`) into its own folder, as
/// `fetch-docs --protocol <p> --out <dir>` would, in one queue with one pair of venvs: rendered
/// one protocol after the other, the corpus paid for the venvs twice and for two tails with one
/// core busy.
pub fn render_protocols(root: &Path, targets: &[(&str, PathBuf)]) -> Result<(), String> {
    let pins = Pins::load(root)?;
    let renderer = Renderer::new(&pins)?;
    let lists = targets.iter().map(|(p, _)| renderer.services(p)).collect::<Result<Vec<_>, _>>()?;
    let mut services = lists.concat();
    services.sort();
    services.dedup();
    let failed = renderer.render(&services, &pins)?;
    for ((_, dest), services) in targets.iter().zip(&lists) {
        install_all(&renderer, services, &failed, dest, &pins)?;
    }
    unrendered(&failed)
}

/// Installs every rendered service of `services` (those in `failed` are not) and the partitions
/// under `dest`.
fn install_all(
    renderer: &Renderer,
    services: &[String],
    failed: &[(String, String)],
    dest: &Path,
    pins: &Pins,
) -> Result<(), String> {
    let mut installed = 0;
    for svc in services {
        if failed.iter().any(|(f, _)| f == svc) {
            continue;
        }
        renderer.install(svc, dest, pins)?;
        installed += 1;
    }
    renderer.install_partitions(dest)?;
    eprintln!(
        "fetch-docs: wrote {installed} service(s) under {} from boto3 {} / botocore {} and awscli {} (CLI service data: {})",
        dest.display(),
        pins.boto3,
        pins.botocore,
        pins.awscli,
        pins.cli_service_data,
    );
    Ok(())
}

/// An error listing the services that could not be rendered, if any.
fn unrendered(failed: &[(String, String)]) -> Result<(), String> {
    if failed.is_empty() {
        Ok(())
    } else {
        let list: Vec<String> = failed.iter().map(|(s, e)| format!("{s}: {}", e.trim())).collect();
        Err(format!("fetch-docs: these services could not be rendered; the rest were written:\n{}", list.join("\n")))
    }
}

/// A venv with awscli `version`. awscli 1.16 (2018–19) pins `PyYAML<=3.13`, which does not build
/// on Python 3.11 and later: when the plain install fails, awscli goes in without its
/// dependencies, and they follow with PyYAML taken from 5.1 on (the CLI reads YAML only in
/// customisations such as `cloudformation package`, none of which renders a page).
fn cli_venv(work: &Path, version: &str, constraints: &Path) -> Result<PathBuf, String> {
    let first = match venv_with(work, "awscli", &[format!("awscli=={version}")], &[("PIP_CONSTRAINT", constraints)]) {
        Ok(python) => return Ok(python),
        Err(e) => e,
    };
    let python = venv(work, "awscli-relaxed", &["--no-deps".into(), format!("awscli=={version}")])?;
    let out = Command::new(&python)
        .args(["-c", "import importlib.metadata as m; print(*m.requires('awscli'), sep='\\n')"])
        .output()
        .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
    let requirements = relax_pyyaml(&String::from_utf8_lossy(&out.stdout));
    let mut pip = Command::new(&python);
    pip.args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check"]).args(&requirements);
    run_cmd(&mut pip).map_err(|e| format!("awscli {version}: {first}; and with PyYAML relaxed: {e}"))?;
    eprintln!("fetch-docs: awscli {version}'s pinned PyYAML does not install here; installed it with PyYAML>=5.1");
    Ok(python)
}

/// awscli's requirements with the PyYAML one replaced by `PyYAML>=5.1`.
fn relax_pyyaml(requirements: &str) -> Vec<String> {
    requirements
        .lines()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| if r.to_ascii_lowercase().starts_with("pyyaml") { "PyYAML>=5.1".to_string() } else { r.to_string() })
        .collect()
}

/// The botocore release boto3 `version` requires at least, read from its package metadata.
fn botocore_of(version: &str) -> Result<String, String> {
    let work = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let python = venv(work.path(), "probe", &["--no-deps".into(), format!("boto3=={version}")])?;
    let out = Command::new(&python)
        .args(["-c", "import importlib.metadata as m; print(*m.requires('boto3'), sep='\\n')"])
        .output()
        .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
    let text = String::from_utf8_lossy(&out.stdout);
    lower_bound(&text, "botocore")
        .ok_or_else(|| format!("boto3 {version} states no `botocore>=` requirement; pin one with --botocore"))
}

/// `1.29.0` from requirement lines such as `botocore<1.30.0,>=1.29.0`.
fn lower_bound(requirements: &str, package: &str) -> Option<String> {
    let line = requirements.lines().find(|l| l.trim_start().starts_with(package))?;
    // `botocore>=1.15.0,<1.16.0` (boto3 1.12), `botocore (<1.16.0,>=1.15.0)`: past the name.
    let spec = line.split(';').next()?.trim_start().strip_prefix(package)?;
    spec.split([',', '(', ')', ' ']).find_map(|p| p.trim().strip_prefix(">=")).map(|v| v.trim().to_string())
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| format!("{}: {e}", from.display()))?;
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if path.is_dir() {
            copy_tree(&path, &dest)?;
        } else {
            fs::copy(&path, &dest).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_botocore_a_boto3_release_needs() {
        // boto3 1.26.0's metadata (PyPI), and an older spelling with parentheses.
        let reqs = "botocore<1.30.0,>=1.29.0\njmespath<2.0.0,>=0.7.1\ns3transfer<0.7.0,>=0.6.0\n";
        assert_eq!(super::lower_bound(reqs, "botocore").as_deref(), Some("1.29.0"));
        assert_eq!(super::lower_bound("botocore (<1.16.0,>=1.15.0)", "botocore").as_deref(), Some("1.15.0"));
        assert_eq!(super::lower_bound("jmespath>=0.7", "botocore"), None);
        // awscli 1.16.100's requirements, PyYAML relaxed and the rest kept with their markers.
        let reqs = "botocore==1.12.90\nPyYAML>=3.10,<=3.13\nargparse>=1.1; python_version==\"2.6\"\n";
        assert_eq!(
            super::relax_pyyaml(reqs),
            ["botocore==1.12.90", "PyYAML>=5.1", "argparse>=1.1; python_version==\"2.6\""]
        );
        // boto3 1.12.0's metadata: the lower bound right after the name.
        assert_eq!(super::lower_bound("botocore>=1.15.0,<1.16.0", "botocore").as_deref(), Some("1.15.0"));
    }

    /// `fetch-docs ssm` of these releases into a scratch folder: the workspace root and the folder.
    fn fetch_ssm(
        boto3: &str,
        botocore: Option<&str>,
        awscli: &str,
        cli_data: Option<&str>,
    ) -> (std::path::PathBuf, tempfile::TempDir) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let out = tempfile::tempdir().unwrap();
        let args = super::FetchArgs {
            services: vec!["ssm".into()],
            protocol: None,
            out: Some(out.path().to_path_buf()),
            boto3: Some(boto3.into()),
            botocore: botocore.map(str::to_string),
            awscli: Some(awscli.into()),
            cli_service_data: cli_data.map(str::to_string),
        };
        super::run(&root, args).unwrap();
        (root, out)
    }

    /// Seed 001 is what awscli 1.16.50-1.16.130 rendered for
    /// `ssm get-maintenance-window-execution-task-invocation` (November 2018 - March 2019):
    /// fetch-docs with awscli 1.16.100 and the service data it bundles gives it back byte for byte.
    /// Needs python3 and PyPI (as the moto tests do); about a minute and a half.
    #[test]
    fn seed_001_comes_out_of_fetch_docs_byte_for_byte() {
        let (root, out) = fetch_ssm("1.12.0", Some("1.15.0"), "1.16.100", Some("awscli"));
        let page = out.path().join("ssm/docs/cli/get-maintenance-window-execution-task-invocation.rst");
        let seed = root.join("codegen/tests/fixtures/seeds/001_a1f24d2c2c05a001.txt");
        assert!(
            std::fs::read(&page).unwrap() == std::fs::read(seed).unwrap(),
            "{} differs from seed 001",
            page.display()
        );
        // The boto3 pages of that time: one page for the service.
        assert!(out.path().join("ssm/docs/boto3/service.rst").is_file());
    }

    /// SSM as boto3 1.20.0 (its single service page, botocore 1.23.0, which needs
    /// `inspect.formatargspec` back) and awscli 1.22.0 (PyYAML 5.4.1 built under `cython<3`)
    /// rendered it in November 2021: fetched, it builds with no diagnostic at all. Needs python3
    /// and PyPI; about a minute and a half.
    #[test]
    fn ssm_of_november_2021_fetches_and_builds_without_a_diagnostic() {
        let (_, out) = fetch_ssm("1.20.0", None, "1.22.0", None);
        let dir = out.path().join("ssm");
        let lowered = awsdoc_codegen::load_service(&dir, "ssm").unwrap_or_else(|f| panic!("{}", f.render()));
        assert!(lowered.warnings.is_empty(), "{:#?}", lowered.warnings);
        assert_eq!(lowered.model.operations.len(), 135);
    }
}
