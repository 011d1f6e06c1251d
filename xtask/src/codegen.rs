//! `cargo xtask codegen`: every service folder under `model/` → its committed model files.

use std::fs;
use std::path::Path;

/// Builds every service; writes (or, with `check`, compares) `model.json` and `origins.json`.
pub fn run(root: &Path, check: bool) -> Result<(), String> {
    let outputs = generate(root)?;
    let mut stale = Vec::new();
    for (path, content) in &outputs {
        let full = root.join(path);
        if check {
            if fs::read(&full).ok().as_deref() != Some(content.as_bytes()) {
                stale.push(path.clone());
            }
        } else if awsdoc_codegen::write_atomic(&full, content.as_bytes()).map_err(|e| format!("{path}: {e}"))? {
            eprintln!("codegen: wrote {path}");
        }
    }
    if !stale.is_empty() {
        return Err(format!(
            "codegen --check: these files are stale; run `cargo xtask codegen` and commit them:\n{}",
            stale.iter().map(|s| format!("  {s}")).collect::<Vec<_>>().join("\n")
        ));
    }
    Ok(())
}

/// Every generated file (workspace-relative path, content), built in memory first so that a
/// failure anywhere writes nothing.
pub fn generate(root: &Path) -> Result<Vec<(String, String)>, String> {
    let model_dir = root.join("model");
    let mut services: Vec<String> = fs::read_dir(&model_dir)
        .map_err(|e| format!("{}: {e}", model_dir.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("service.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    services.sort();
    let mut out = Vec::new();
    let mut failures = String::new();
    for svc in services {
        let display = format!("model/{svc}");
        match awsdoc_codegen::load_service(&model_dir.join(&svc), &display) {
            Ok(lowered) => {
                out.push((format!("{display}/model.json"), lowered.model.to_json()));
                let mut origins = serde_json::to_string_pretty(&lowered.origins).map_err(|e| e.to_string())?;
                origins.push('\n');
                out.push((format!("{display}/origins.json"), origins));
            }
            Err(f) => {
                failures.push_str(&f.render());
                failures.push_str(&format!("{display}: {} problem(s); nothing was written\n", f.diagnostics.len()));
            }
        }
    }
    if failures.is_empty() {
        Ok(out)
    } else {
        Err(failures)
    }
}

#[cfg(test)]
mod tests {
    /// rust-analyzer's pattern: a normal test fails when the committed model is stale.
    #[test]
    fn committed_model_is_fresh() {
        let root = crate::workspace_root();
        if let Err(e) = super::run(&root, true) {
            panic!("{e}");
        }
    }
}
