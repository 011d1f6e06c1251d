//! Throwaway Python venvs for the tasks that run the pinned PyPI packages' own code.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Makes a venv under `dir` with `packages` installed; returns its python.
pub fn venv(dir: &Path, name: &str, packages: &[String]) -> Result<PathBuf, String> {
    venv_with(dir, name, packages, &[])
}

/// [`venv`], with environment variables for pip (`PIP_CONSTRAINT`).
pub fn venv_with(dir: &Path, name: &str, packages: &[String], env: &[(&str, &Path)]) -> Result<PathBuf, String> {
    let venv = dir.join(format!("venv-{name}"));
    run_cmd(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    let python = venv.join("bin/python");
    let mut pip = Command::new(&python);
    pip.args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check"]).args(packages);
    for (k, v) in env {
        pip.env(k, v);
    }
    run_cmd(&mut pip)?;
    Ok(python)
}

pub fn run_cmd(cmd: &mut Command) -> Result<(), String> {
    let status = cmd.status().map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed: {status}"))
    }
}
