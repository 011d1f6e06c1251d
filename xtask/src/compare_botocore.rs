//! `cargo xtask compare-botocore <service>`: the committed model against botocore's own model
//! (from the pinned botocore, in a throwaway venv). A review aid, not part of codegen.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::fetch_docs::Pins;
use crate::python::{run_cmd, venv};

const SCRIPT: &str = include_str!("compare_botocore.py");

pub fn run(root: &Path, service: &str) -> Result<(), String> {
    let pins = Pins::load(root)?;
    let work = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let script = work.path().join("compare_botocore.py");
    fs::write(&script, SCRIPT).map_err(|e| format!("{}: {e}", script.display()))?;
    let python = venv(work.path(), "botocore", &[format!("botocore=={}", pins.botocore)])?;
    let model = root.join("model").join(service).join("model.json");
    run_cmd(Command::new(python).arg(&script).arg(service).arg(model))
}
