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
pub struct Row {
    pub service: String,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
    pub emit_error: Option<String>,
    /// Built a second time from its pages in reverse order, the model or code differed.
    pub nondeterministic: bool,
    pub pages: usize,
    pub bytes: usize,
    pub seconds: f64,
}

impl Row {
    pub fn ok(&self) -> bool {
        self.errors.is_empty() && self.emit_error.is_none() && !self.nondeterministic
    }
}

/// A generated crate's files: (path under the crate's folder, content).
pub type Files = Vec<(String, String)>;

/// Every service under `dir` (or those named), each with its generated files when it built.
pub fn survey(dir: &Path, only: &[String], runtime: &Path) -> Result<Vec<(Row, Files)>, String> {
    let mut services = service_names(dir)?;
    if !only.is_empty() {
        services.retain(|s| only.contains(s));
    }
    // A service per core (each takes about a second).
    crate::pool::map_in_order(&services, |svc| census_one(dir, svc, runtime))
        .ok_or_else(|| "census: a worker thread panicked".to_string())
}

pub fn run(root: &Path, args: CensusArgs) -> Result<(), String> {
    let mut rows = Vec::new();
    let mut crates = Vec::new();
    for (row, files) in survey(&args.dir, &args.services, &root.join("runtime"))? {
        if row.ok() {
            crates.push((row.service.clone(), files));
        }
        rows.push(row);
    }
    print!("{}", report(&rows));
    if let Some(ws) = &args.emit {
        write_workspace(ws, &crates)?;
    }
    let failed = rows.iter().filter(|r| !r.ok()).count();
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("census: {failed} of {} service(s) did not build", rows.len()))
    }
}

fn census_one(dir: &Path, svc: &str, runtime: &Path) -> (Row, Files) {
    let started = Instant::now();
    let mut row = Row {
        service: svc.into(),
        errors: vec![],
        warnings: vec![],
        emit_error: None,
        nondeterministic: false,
        pages: 0,
        bytes: 0,
        seconds: 0.0,
    };
    let mut inputs = match awsdoc_codegen::read_service_dir(&dir.join(svc), svc) {
        Ok(i) => i,
        Err(e) => {
            row.errors.push(format!("{svc}: cannot read the service folder: {e}"));
            return (row, Vec::new());
        }
    };
    row.pages = inputs.pages.len();
    row.bytes = inputs.pages.iter().map(|p| p.bytes.len()).sum();
    let spec = awsdoc_codegen::emit::CrateSpec {
        package: format!("awsdoc-{svc}"),
        dir: svc.to_string(),
        runtime_path: runtime.display().to_string(),
        model_path: format!("model/{svc}/model.json"),
    };
    // Each file's fingerprint (its unformatted text) beside it: the reversed pass compares
    // those and skips formatting, two thirds of the emitter's time.
    let generate = |inputs: &awsdoc_codegen::ServiceInputs| match awsdoc_codegen::build(inputs) {
        Ok(lowered) => {
            let mut files = awsdoc_codegen::emit::emit_unformatted(&lowered.model, &lowered.origins, &spec)
                .map_err(|e| (Vec::new(), Some(e)))?;
            files.push(("model.json".into(), awsdoc_codegen::emit::Source::Text(lowered.model.to_json())));
            let prints: Vec<(String, String)> =
                files.iter().map(|(p, source)| (p.clone(), source.fingerprint())).collect();
            Ok((lowered.warnings, files, prints))
        }
        Err(f) => Err((f.diagnostics.iter().map(|d| d.headline(&f.sources)).collect(), None)),
    };
    let mut prints = Vec::new();
    let files = match generate(&inputs) {
        Ok((warnings, files, p)) => {
            row.warnings = warnings;
            prints = p;
            awsdoc_codegen::emit::format_all(files).unwrap_or_else(|e| {
                row.emit_error = Some(e);
                Vec::new()
            })
        }
        Err((errors, emit_error)) => {
            (row.errors, row.emit_error) = (errors, emit_error);
            Vec::new()
        }
    };
    row.seconds = started.elapsed().as_secs_f64();
    if row.ok() {
        // The same pages in another order must give the same bytes.
        inputs.pages.reverse();
        row.nondeterministic = generate(&inputs).map(|(_, _, again)| again != prints).unwrap_or(true);
    }
    let files = files.into_iter().filter(|(p, _)| p != "model.json").collect();
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

pub fn report(rows: &[Row]) -> String {
    let mut out = String::new();
    let ok = rows.iter().filter(|r| r.errors.is_empty() && r.emit_error.is_none()).count();
    let _ = writeln!(out, "## {} service(s): {ok} built, {} did not", rows.len(), rows.len() - ok);
    let _ = writeln!(out, "\n| service | pages | MB | errors | warnings | emit | deterministic | seconds |");
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|");
    for r in rows {
        let emit = r.emit_error.as_deref().unwrap_or("");
        let _ = writeln!(
            out,
            "| {} | {} | {:.2} | {} | {} | {} | {} | {:.3} |",
            r.service,
            r.pages,
            r.bytes as f64 / 1e6,
            r.errors.len(),
            r.warnings.len(),
            emit,
            if r.nondeterministic { "no" } else { "yes" },
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
pub fn write_workspace<'a>(ws: &Path, crates: impl IntoIterator<Item = &'a (String, Files)>) -> Result<(), String> {
    let mut members = Vec::new();
    for (svc, files) in crates {
        for (path, content) in files {
            awsdoc_codegen::write_atomic(&ws.join(path), content.as_bytes()).map_err(|e| format!("{path}: {e}"))?;
        }
        members.push(format!("{svc:?}"));
    }
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n\
         # Built once, to be checked and tested: no debug info, no incremental state.\n\
         [profile.dev]\ndebug = false\nincremental = false\n",
        members.join(", ")
    );
    awsdoc_codegen::write_atomic(&ws.join("Cargo.toml"), manifest.as_bytes()).map_err(|e| e.to_string())?;
    Ok(())
}
