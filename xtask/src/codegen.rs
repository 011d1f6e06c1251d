//! `cargo xtask codegen`: every service folder under `model/` → its committed model files.

use std::fs;
use std::path::Path;

/// Builds every service (or those named); writes (or, with `check`, compares) its model files and
/// its crate. A service that fails writes nothing, and is named with its diagnostics.
pub fn run(root: &Path, only: &[String], check: bool) -> Result<(), String> {
    let outputs = generate(root, only)?;
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
    // Generated files the model no longer produces (a removed operation) are stale too.
    let produced: std::collections::BTreeSet<&str> = outputs.iter().map(|(p, _)| p.as_str()).collect();
    for dir in generated_dirs(root, only) {
        for file in files_under(&root.join(&dir)) {
            let rel = file.strip_prefix(root).unwrap_or(&file).to_string_lossy().replace('\\', "/");
            if produced.contains(rel.as_str()) {
                continue;
            }
            if check {
                stale.push(format!("{rel} (no longer generated)"));
            } else {
                fs::remove_file(&file).map_err(|e| format!("{rel}: {e}"))?;
                eprintln!("codegen: removed {rel}");
            }
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

/// The generated source folders (`generated/<service>/src`, `.../tests`) of every service, or of
/// those named.
fn generated_dirs(root: &Path, only: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(entries) = fs::read_dir(root.join("generated")) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !only.is_empty() && !only.contains(&name) {
                continue;
            }
            out.push(format!("generated/{name}/src"));
            out.push(format!("generated/{name}/tests"));
        }
    }
    out.sort();
    out
}

/// Every file under `dir`, however deep (none where it cannot be read).
pub(crate) fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Every generated file (workspace-relative path, content), built in memory first so that a
/// failure anywhere writes nothing.
pub fn generate(root: &Path, only: &[String]) -> Result<Vec<(String, String)>, String> {
    let model_dir = root.join("model");
    let mut services = service_names(&model_dir)?;
    if let Some(unknown) = only.iter().find(|s| !services.contains(s)) {
        return Err(format!(
            "codegen: no service `{unknown}` under model/ (fetch it with `cargo xtask fetch-docs {unknown}`)"
        ));
    }
    if !only.is_empty() {
        services.retain(|s| only.contains(s));
    }
    let mut out = Vec::new();
    let mut failures = String::new();
    match partitions(root) {
        Ok(files) => out.extend(files),
        Err(e) => failures.push_str(&format!("{e}\n")),
    }
    for svc in services {
        match generate_service(&model_dir, &svc, &format!("model/{svc}"), &format!("generated/{svc}")) {
            Ok(files) => out.extend(files),
            Err(e) => failures.push_str(&e),
        }
    }
    if failures.is_empty() {
        Ok(out)
    } else {
        Err(failures)
    }
}

/// The rules engine's partition table from the pinned botocore's `model/partitions.json`
/// (which `fetch-docs` writes); none without it.
fn partitions(root: &Path) -> Result<Vec<(String, String)>, String> {
    let source = "model/partitions.json";
    let Ok(partitions) = fs::read_to_string(root.join(source)) else {
        return Ok(Vec::new());
    };
    let table = awsdoc_codegen::partitions::emit_partition_table(&partitions, source)?;
    Ok(vec![("runtime/src/rules/partitions.rs".to_string(), table)])
}

/// The service folders (those with a `service.toml`) under `model_dir`, sorted.
pub fn service_names(model_dir: &Path) -> Result<Vec<String>, String> {
    let mut services: Vec<String> = fs::read_dir(model_dir)
        .map_err(|e| format!("{}: {e}", model_dir.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("service.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    services.sort();
    Ok(services)
}

/// One service's model files (under `display`) and crate (under `crate_dir`), or the rendered
/// diagnostics.
pub fn generate_service(
    model_dir: &Path,
    svc: &str,
    display: &str,
    crate_dir: &str,
) -> Result<Vec<(String, String)>, String> {
    let lowered = awsdoc_codegen::load_service(&model_dir.join(svc), display)
        .map_err(|f| format!("{}{display}: {} problem(s); nothing was written\n", f.render(), f.diagnostics.len()))?;
    let spec = awsdoc_codegen::emit::CrateSpec {
        package: format!("awsdoc-{svc}"),
        dir: crate_dir.to_string(),
        runtime_path: "../../runtime".into(),
        model_path: format!("{display}/model.json"),
    };
    let mut out = awsdoc_codegen::emit::emit_crate(&lowered.model, &lowered.origins, &spec)
        .map_err(|e| format!("{display}: cannot emit the crate: {e}\n"))?;
    out.push((format!("{display}/model.json"), lowered.model.to_json()));
    let mut origins = serde_json::to_string_pretty(&lowered.origins).map_err(|e| e.to_string())?;
    origins.push('\n');
    out.push((format!("{display}/origins.json"), origins));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    /// A workspace root holding one service: the GetMaintenanceWindowExecution pages.
    fn tiny_root(dir: &Path) {
        let real = crate::workspace_root().join("model/ssm");
        let svc = dir.join("model/tiny");
        fs::create_dir_all(svc.join("docs/boto3/client")).unwrap();
        fs::create_dir_all(svc.join("docs/cli")).unwrap();
        fs::copy(real.join("service.toml"), svc.join("service.toml")).unwrap();
        let page = "docs/boto3/client/get_maintenance_window_execution.rst";
        fs::copy(real.join(page), svc.join(page)).unwrap();
        let cli = "docs/cli/get-maintenance-window-execution.rst";
        fs::copy(real.join(cli), svc.join(cli)).unwrap();
    }

    #[test]
    fn a_bad_page_writes_nothing_and_names_the_place() {
        let dir = tempfile::tempdir().unwrap();
        tiny_root(dir.path());
        let page = dir.path().join("model/tiny/docs/boto3/client/get_maintenance_window_execution.rst");
        let text = fs::read_to_string(&page).unwrap().replace("*(string) --*", "*(strnig) --*");
        fs::write(&page, text).unwrap();
        let err = super::run(dir.path(), &[], false).unwrap_err();
        assert!(err.contains("get_maintenance_window_execution.rst:62:33: unknown boto3 type `strnig`"), "{err}");
        assert!(err.contains("nothing was written"), "{err}");
        let written: Vec<_> =
            fs::read_dir(dir.path().join("model/tiny")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(!written.iter().any(|n| n.to_string_lossy().ends_with(".json")), "{written:?}");
    }

    #[test]
    fn codegen_writes_then_check_passes_and_a_rerun_touches_nothing() {
        let dir = tempfile::tempdir().unwrap();
        tiny_root(dir.path());
        assert!(super::run(dir.path(), &[], true).unwrap_err().contains("model/tiny/model.json"));
        super::run(dir.path(), &[], false).unwrap();
        let model = dir.path().join("model/tiny/model.json");
        let before = fs::metadata(&model).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        super::run(dir.path(), &[], false).unwrap();
        super::run(dir.path(), &[], true).unwrap();
        assert_eq!(fs::metadata(&model).unwrap().modified().unwrap(), before, "unchanged files are not rewritten");
        let json = fs::read_to_string(model).unwrap();
        assert!(json.contains("\"MaintenanceWindowExecutionStatus\""));
    }

    #[test]
    fn codegen_of_named_services_only() {
        let dir = tempfile::tempdir().unwrap();
        tiny_root(dir.path());
        let err = super::run(dir.path(), &["nope".to_string()], false).unwrap_err();
        assert!(err.contains("no service `nope`"), "{err}");
        super::run(dir.path(), &["tiny".to_string()], false).unwrap();
        assert!(dir.path().join("model/tiny/model.json").exists());
        assert!(dir.path().join("generated/tiny/src/lib.rs").exists());
    }

    /// rust-analyzer's pattern: a normal test fails when the committed model is stale.
    #[test]
    fn committed_model_is_fresh() {
        let root = crate::workspace_root();
        if let Err(e) = super::run(&root, &[], true) {
            panic!("{e}");
        }
    }
}
