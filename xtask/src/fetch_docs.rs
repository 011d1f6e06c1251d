//! `cargo xtask fetch-docs`: render a service's documentation pages from pinned PyPI releases.
//!
//! The packages' own documenters run in throwaway venvs, so the committed pages are exactly what
//! boto3 and the AWS CLI publish. Nothing else in the workspace needs Python or a network.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::python::{run_cmd, venv};

use serde::{Deserialize, Serialize};

/// The releases the committed pages come from (`model/pins.toml`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pins {
    pub boto3: String,
    pub botocore: String,
    pub awscli: String,
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
# `cargo xtask fetch-docs <service>` reads these pins; `--boto3`/`--botocore`/`--awscli` rewrite them.
";

const SCRIPT: &str = include_str!("fetch_docs.py");

pub struct FetchArgs {
    pub service: String,
    pub boto3: Option<String>,
    pub botocore: Option<String>,
    pub awscli: Option<String>,
}

pub fn run(root: &Path, args: FetchArgs) -> Result<(), String> {
    let pins_path = root.join("model/pins.toml");
    let mut pins = Pins::load(root)?;
    if let Some(v) = args.boto3 {
        // boto3 and botocore are released in lockstep; keep them together unless told otherwise.
        pins.botocore = args.botocore.clone().unwrap_or_else(|| v.clone());
        pins.boto3 = v;
    } else if let Some(v) = args.botocore {
        pins.botocore = v;
    }
    if let Some(v) = args.awscli {
        pins.awscli = v;
    }

    let work = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let script = work.path().join("fetch_docs.py");
    fs::write(&script, SCRIPT).map_err(|e| format!("{}: {e}", script.display()))?;

    let boto3_env =
        venv(work.path(), "boto3", &[format!("boto3=={}", pins.boto3), format!("botocore=={}", pins.botocore)])?;
    let cli_env = venv(work.path(), "awscli", &[format!("awscli=={}", pins.awscli)])?;

    let staging = work.path().join("out");
    let boto3_out = staging.join("boto3-raw");
    let cli_out = staging.join("cli");
    run_cmd(Command::new(&boto3_env).arg(&script).args(["boto3", &args.service]).arg(&boto3_out))?;
    run_cmd(Command::new(&cli_env).arg(&script).args(["cli", &args.service]).arg(&cli_out))?;

    // Assemble the new docs folder beside the old one, then swap, so a failure leaves the
    // committed inputs as they were.
    let service_dir = root.join("model").join(&args.service);
    fs::create_dir_all(&service_dir).map_err(|e| format!("{}: {e}", service_dir.display()))?;
    let new_docs = tempfile::tempdir_in(&service_dir).map_err(|e| format!("{}: {e}", service_dir.display()))?;
    let boto3_pages = boto3_out.join(&args.service);
    for kind in ["client", "paginator", "waiter"] {
        let from = boto3_pages.join(kind);
        if from.is_dir() {
            copy_tree(&from, &new_docs.path().join("boto3").join(kind))?;
        }
    }
    copy_tree(&cli_out, &new_docs.path().join("cli"))?;

    let meta: serde_json::Value =
        serde_json::from_slice(&fs::read(boto3_out.join("service.json")).map_err(|e| format!("service.json: {e}"))?)
            .map_err(|e| format!("service.json: {e}"))?;
    let descriptor = format!(
        "# Written by `cargo xtask fetch-docs {}` from botocore {}'s metadata: the facts the pages do not carry.\n{}",
        args.service,
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
    let pins_text = format!("{PINS_HEADER}{}", toml::to_string(&pins).map_err(|e| e.to_string())?);
    awsdoc_codegen::write_atomic(&pins_path, pins_text.as_bytes()).map_err(|e| e.to_string())?;
    eprintln!(
        "fetch-docs: wrote {} from boto3 {} / botocore {} and awscli {}",
        docs.display(),
        pins.boto3,
        pins.botocore,
        pins.awscli
    );
    Ok(())
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
