//! Throwaway Python venvs for the tasks that run the pinned PyPI packages' own code.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Makes a venv under `dir` with `packages` installed; returns its python.
pub fn venv(dir: &Path, name: &str, packages: &[String]) -> Result<PathBuf, String> {
    let env = dir.join(format!("venv-{name}"));
    run_cmd(Command::new("python3").args(["-m", "venv"]).arg(&env))?;
    let python = env.join("bin/python");
    run_cmd(
        Command::new(&python).args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check"]).args(packages),
    )?;
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
