//! `cargo xtask diff-model`: what an API update changes for users of the generated crate.

use std::fs;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::Command;

use awsdoc_codegen::diff::{diff, Severity};
use awsdoc_codegen::model::ServiceModel;

pub struct DiffArgs {
    pub service: String,
    pub rev: String,
    pub old: Option<PathBuf>,
    pub new: Option<PathBuf>,
    pub format: String,
    pub docs: bool,
    pub deny_breaking: bool,
}

/// Reads a model from a `model.json` file or a folder holding one.
fn read_path(p: &Path) -> Result<String, String> {
    let file = if p.is_dir() { p.join("model.json") } else { p.to_path_buf() };
    fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))
}

/// The model as committed at a git revision.
fn read_rev(root: &Path, rev: &str, service: &str) -> Result<String, String> {
    let spec = format!("{rev}:model/{service}/model.json");
    let out = Command::new("git")
        .args(["show", &spec])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!("git show {spec}: {}", String::from_utf8_lossy(&out.stderr).trim()));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("{spec}: {e}"))
}

fn parse(what: &str, text: &str) -> Result<ServiceModel, String> {
    serde_json::from_str(text).map_err(|e| format!("{what}: not a model: {e}"))
}

pub fn run(root: &Path, args: DiffArgs) -> Result<(), String> {
    let old_text = match &args.old {
        Some(p) => read_path(p)?,
        None => read_rev(root, &args.rev, &args.service)?,
    };
    let new_text = match &args.new {
        Some(p) => read_path(p)?,
        None => read_path(&root.join("model").join(&args.service))?,
    };
    let report = diff(&parse("old model", &old_text)?, &parse("new model", &new_text)?);
    let out = match args.format.as_str() {
        "text" => report.to_text(args.docs, std::io::stdout().is_terminal()),
        "markdown" => report.to_markdown(args.docs),
        "json" => report.to_json(),
        other => return Err(format!("unknown --format `{other}`: text, markdown or json")),
    };
    print!("{out}");
    if args.deny_breaking && report.worst() == Some(Severity::Breaking) {
        return Err("diff-model: breaking changes present (--deny breaking)".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(old: PathBuf, new: PathBuf, deny_breaking: bool) -> DiffArgs {
        DiffArgs {
            service: "ssm".into(),
            rev: "HEAD".into(),
            old: Some(old),
            new: Some(new),
            format: "markdown".into(),
            docs: false,
            deny_breaking,
        }
    }

    #[test]
    fn deny_breaking_fails_only_on_breaking_changes() {
        let root = crate::workspace_root();
        let fixture = root.join("codegen/tests/fixtures/ssm-boto3-1.40.0-awscli-1.42.0.model.json");
        // The same model without one operation: going forward only adds it.
        let mut model: serde_json::Value = serde_json::from_slice(&std::fs::read(&fixture).unwrap()).unwrap();
        model["operations"].as_object_mut().unwrap().remove("GetParameter").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let smaller = dir.path().join("model.json");
        std::fs::write(&smaller, serde_json::to_string(&model).unwrap()).unwrap();
        run(&root, args(smaller.clone(), fixture.clone(), true)).unwrap();
        // Backwards, the operation disappears.
        let err = run(&root, args(fixture, smaller, true)).unwrap_err();
        assert!(err.contains("breaking changes present"), "{err}");
    }

    #[test]
    fn the_committed_model_against_head_reads_from_git() {
        let root = crate::workspace_root();
        let a = DiffArgs { old: None, new: None, format: "json".into(), ..args(PathBuf::new(), PathBuf::new(), false) };
        // The tests run in a checkout (CI clones one), whose HEAD has model/ssm/model.json.
        run(&root, a).unwrap();
        let bad = DiffArgs {
            rev: "no-such-revision".into(),
            old: None,
            ..args(PathBuf::new(), root.join("model/ssm"), false)
        };
        assert!(run(&root, bad).unwrap_err().contains("git show no-such-revision"));
    }
}
