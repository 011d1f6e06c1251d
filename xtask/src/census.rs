//! `cargo xtask census <dir>`: every service folder under `<dir>` (as `fetch-docs --out` writes
//! them) through the front end and the emitter, one at a time; what each met, by kind.
//!
//! With `--emit <ws>`, the crates of the services that built are written into a cargo workspace
//! at `<ws>` (their runtime dependency pointing at this workspace's `runtime/`), ready for
//! `cargo check`/`cargo clippy`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::codegen::service_names;

pub struct CensusArgs {
    pub dir: PathBuf,
    pub emit: Option<PathBuf>,
    pub services: Vec<String>,
}

/// One service's outcome.
struct Row {
    service: String,
    errors: Vec<String>,
    warnings: Vec<String>,
    emit_error: Option<String>,
    seconds: f64,
}

pub fn run(root: &Path, args: CensusArgs) -> Result<(), String> {
    let mut services = service_names(&args.dir)?;
    if !args.services.is_empty() {
        services.retain(|s| args.services.contains(s));
    }
    let mut rows = Vec::new();
    let mut crates = Vec::new();
    for svc in &services {
        let (row, files) = census_one(&args.dir, svc, &root.join("runtime"));
        if row.errors.is_empty() && row.emit_error.is_none() {
            crates.push((svc.clone(), files));
        }
        rows.push(row);
    }
    print!("{}", report(&rows));
    if let Some(ws) = &args.emit {
        write_workspace(ws, &crates)?;
    }
    let failed = rows.iter().filter(|r| !r.errors.is_empty() || r.emit_error.is_some()).count();
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("census: {failed} of {} service(s) did not build", rows.len()))
    }
}

fn census_one(dir: &Path, svc: &str, runtime: &Path) -> (Row, Vec<(String, String)>) {
    let started = Instant::now();
    let mut row = Row { service: svc.into(), errors: vec![], warnings: vec![], emit_error: None, seconds: 0.0 };
    let mut files = Vec::new();
    match awsdoc_codegen::load_service(&dir.join(svc), svc) {
        Ok(lowered) => {
            row.warnings = lowered.warnings.clone();
            let spec = awsdoc_codegen::emit::CrateSpec {
                package: format!("awsdoc-{svc}"),
                dir: svc.to_string(),
                runtime_path: runtime.display().to_string(),
                model_path: format!("model/{svc}/model.json"),
            };
            match awsdoc_codegen::emit::emit_crate(&lowered.model, &lowered.origins, &spec) {
                Ok(f) => files = f,
                Err(e) => row.emit_error = Some(e),
            }
        }
        Err(f) => row.errors = f.diagnostics.iter().map(|d| d.headline(&f.sources)).collect(),
    }
    row.seconds = started.elapsed().as_secs_f64();
    (row, files)
}

/// A diagnostic's kind: its message with quoted names and numbers replaced by placeholders.
fn kind_of(headline: &str) -> String {
    let message = headline.splitn(4, ':').nth(3).unwrap_or(headline).trim();
    let mut out = String::new();
    let mut in_quote = false;
    for c in message.chars() {
        match c {
            '`' if !in_quote => {
                in_quote = true;
                out.push_str("`X");
            }
            '`' => {
                in_quote = false;
                out.push('`');
            }
            _ if in_quote => {}
            c if c.is_ascii_digit() && !out.ends_with(|p: char| p.is_ascii_alphabetic() && p != 'N') => {
                if !out.ends_with('N') {
                    out.push('N');
                }
            }
            c => out.push(c),
        }
    }
    out
}

fn report(rows: &[Row]) -> String {
    let mut out = String::new();
    let ok = rows.iter().filter(|r| r.errors.is_empty() && r.emit_error.is_none()).count();
    let _ = writeln!(out, "## {} service(s): {ok} built, {} did not", rows.len(), rows.len() - ok);
    let _ = writeln!(out, "\n| service | errors | warnings | emit | seconds |\n|---|---|---|---|---|");
    for r in rows {
        let emit = r.emit_error.as_deref().unwrap_or("");
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.3} |",
            r.service,
            r.errors.len(),
            r.warnings.len(),
            emit,
            r.seconds
        );
    }
    for (title, pick) in [("errors", 0), ("warnings", 1)] {
        let mut kinds: BTreeMap<String, (BTreeMap<&str, usize>, &str)> = BTreeMap::new();
        for r in rows {
            let list = if pick == 0 { &r.errors } else { &r.warnings };
            for d in list {
                let e = kinds.entry(kind_of(d)).or_insert_with(|| (BTreeMap::new(), d.as_str()));
                *e.0.entry(r.service.as_str()).or_default() += 1;
            }
        }
        let mut sorted: Vec<_> = kinds.into_iter().collect();
        sorted.sort_by_key(|(_, (svcs, _))| std::cmp::Reverse(svcs.len()));
        let _ = writeln!(out, "\n## {title} by kind: {}", sorted.len());
        for (kind, (svcs, example)) in sorted {
            let total: usize = svcs.values().sum();
            let names: Vec<&str> = svcs.keys().copied().take(8).collect();
            let _ = writeln!(
                out,
                "- [{} svcs, {total}] {kind}\n    e.g. {example}\n    in {}",
                svcs.len(),
                names.join(" ")
            );
        }
    }
    out
}

/// Writes the crates under `ws/<svc>/` and a workspace manifest listing them.
fn write_workspace(ws: &Path, crates: &[(String, Vec<(String, String)>)]) -> Result<(), String> {
    let mut members = Vec::new();
    for (svc, files) in crates {
        for (path, content) in files {
            awsdoc_codegen::write_atomic(&ws.join(path), content.as_bytes()).map_err(|e| format!("{path}: {e}"))?;
        }
        members.push(format!("{svc:?}"));
    }
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.dev.package.\"*\"]\ndebug = false\n",
        members.join(", ")
    );
    awsdoc_codegen::write_atomic(&ws.join("Cargo.toml"), manifest.as_bytes()).map_err(|e| e.to_string())?;
    Ok(())
}
