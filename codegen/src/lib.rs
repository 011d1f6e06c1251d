//! Reads the RST operation docs that boto3 and the AWS CLI publish for an AWS service into one
//! typed, serialisable shape model.
//!
//! ```text
//! RST pages ──rst::parse_pages──▶ syntax::Page ──model::lower──▶ model::ServiceModel
//! ```
//!
//! The API is small: [`load_service`] for a service folder on disk, [`build`] for pages already
//! in memory, [`write_atomic`] for writing results without ever leaving a partial file.

pub mod botocore;
pub mod diag;
pub mod diff;
pub mod emit;
pub mod model;
pub mod partitions;
pub mod rst;
pub mod source;
pub mod syntax;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use diag::Diagnostic;
use model::lower::Lowered;
use model::overrides::Overrides;
use model::ServiceDescriptor;
use source::{SourceFile, Sources, Span};

/// One input file: its display path and its bytes.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Everything a service build reads.
#[derive(Debug, Clone)]
pub struct ServiceInputs {
    pub pages: Vec<InputFile>,
    pub descriptor: InputFile,
    pub overrides: Option<InputFile>,
    /// `botocore/service-2.json`: the service model, the second source (see [`botocore`]).
    pub api: Option<InputFile>,
    /// `botocore/paginators-1.json`, read only beside `api`.
    pub api_paginators: Option<InputFile>,
    /// `botocore/waiters-2.json`, read only beside `api`: the waiters' operations, delays,
    /// attempts and acceptors (what each answer means, which the pages never say).
    pub api_waiters: Option<InputFile>,
    /// `botocore/endpoint-rule-set-1.json`: where requests go, embedded in the crate.
    pub endpoint_rules: Option<InputFile>,
}

/// A failed build: the pages and the diagnostics about them.
#[derive(Debug)]
pub struct Failure {
    pub sources: Sources,
    pub diagnostics: Vec<Diagnostic>,
}

impl Failure {
    /// `path:line:col: message` lines, each followed by the offending line.
    pub fn render(&self) -> String {
        diag::render(&self.sources, &self.diagnostics)
    }
}

/// Reads `<dir>/docs/**/*.rst`, `<dir>/service.toml` and `<dir>/overrides.toml`. Paths in
/// diagnostics and origins are shown as `<display>/...`.
pub fn read_service_dir(dir: &Path, display: &str) -> io::Result<ServiceInputs> {
    let mut paths = Vec::new();
    collect_rst(&dir.join("docs"), &mut paths)?;
    let rel = |p: &Path| -> String {
        let r = p.strip_prefix(dir).unwrap_or(p);
        let parts: Vec<String> = r.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        format!("{display}/{}", parts.join("/"))
    };
    let mut pages = Vec::new();
    for p in &paths {
        pages.push(InputFile { name: rel(p), bytes: fs::read(p)? });
    }
    pages.sort_by(|a, b| a.name.cmp(&b.name));
    let descriptor_path = dir.join("service.toml");
    let descriptor = InputFile { name: rel(&descriptor_path), bytes: fs::read(&descriptor_path)? };
    let optional = |name: &str| -> io::Result<Option<InputFile>> {
        let path = dir.join(name);
        match fs::read(&path) {
            Ok(bytes) => Ok(Some(InputFile { name: rel(&path), bytes })),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    };
    Ok(ServiceInputs {
        pages,
        descriptor,
        overrides: optional("overrides.toml")?,
        api: optional("botocore/service-2.json")?,
        api_paginators: optional("botocore/paginators-1.json")?,
        api_waiters: optional("botocore/waiters-2.json")?,
        endpoint_rules: optional("botocore/endpoint-rule-set-1.json")?,
    })
}

fn collect_rst(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_rst(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rst") {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads a service folder and builds its model.
pub fn load_service(dir: &Path, display: &str) -> Result<Lowered, Failure> {
    match read_service_dir(dir, display) {
        Ok(inputs) => build(&inputs),
        Err(e) => {
            let mut sources = Sources::default();
            let f = sources.add(SourceFile::new(display.to_string(), String::new()));
            Err(Failure {
                sources,
                diagnostics: vec![Diagnostic::new(f, Span::default(), format!("cannot read the service folder: {e}"))],
            })
        }
    }
}

/// Adds a file to `sources`, reporting bytes that are not UTF-8.
fn add_text(sources: &mut Sources, file: &InputFile, diags: &mut Vec<Diagnostic>) -> (source::FileId, bool) {
    match std::str::from_utf8(&file.bytes) {
        Ok(text) => (sources.add(SourceFile::new(file.name.clone(), text)), true),
        Err(e) => {
            let text = String::from_utf8_lossy(&file.bytes).into_owned();
            let at = e.valid_up_to();
            let id = sources.add(SourceFile::new(file.name.clone(), text));
            diags.push(Diagnostic::new(id, Span::new(at, at + 1), "this byte is not UTF-8; the page cannot be read"));
            (id, false)
        }
    }
}

/// Parses and lowers in-memory inputs. Pages may come in any order.
pub fn build(inputs: &ServiceInputs) -> Result<Lowered, Failure> {
    let mut sources = Sources::default();
    let mut diags = Vec::new();
    let mut pages = Vec::new();
    for file in &inputs.pages {
        let (id, ok) = add_text(&mut sources, file, &mut diags);
        if ok {
            pages.extend(rst::parse_pages(id, sources.get(id), &mut diags));
        }
    }
    let (did, _) = add_text(&mut sources, &inputs.descriptor, &mut diags);
    let descriptor: Option<ServiceDescriptor> = match toml::from_str(&sources.get(did).text) {
        Ok(d) => Some(d),
        Err(e) => {
            let span = e.span().map_or(Span::default(), |r| Span::new(r.start, r.end));
            diags.push(Diagnostic::new(did, span, format!("cannot read the service descriptor: {}", e.message())));
            None
        }
    };
    let overrides = match &inputs.overrides {
        Some(f) => {
            let (oid, _) = add_text(&mut sources, f, &mut diags);
            let text = sources.get(oid).text.clone();
            Overrides::parse(oid, &text, &mut diags)
        }
        None => Overrides::default(),
    };
    let api = read_api(&mut sources, inputs, &mut diags);
    let endpoint_rules = read_endpoint_rules(&mut sources, inputs, &mut diags);
    let waiters = api.as_ref().map(botocore::Api::waiter_tables).unwrap_or_default();
    if pages.is_empty() {
        // A model alone: its operations stand in for the client pages.
        pages = api.as_ref().map(botocore::client_pages).unwrap_or_default();
    }
    let has_errors = |d: &[Diagnostic]| d.iter().any(|d| !d.warning);
    let lowered = match descriptor {
        Some(d) if !has_errors(&diags) => {
            model::lower::lower(&sources, pages, api.as_ref(), &overrides, &waiters, d, &mut diags)
        }
        _ => None,
    };
    match lowered {
        Some(mut l) if !has_errors(&diags) => {
            let mut warnings: Vec<String> = diags.iter().map(|d| d.headline(&sources)).collect();
            warnings.sort();
            warnings.dedup();
            l.warnings = warnings;
            l.model.endpoint_rules = endpoint_rules;
            Ok(l)
        }
        _ => {
            diags.retain(|d| !d.warning);
            Err(Failure { sources, diagnostics: diags })
        }
    }
}

/// The endpoint rule set, minified, if the inputs have one; JSON that does not parse is an error
/// at its line and column.
fn read_endpoint_rules(sources: &mut Sources, inputs: &ServiceInputs, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let file = inputs.endpoint_rules.as_ref()?;
    let (id, ok) = add_text(sources, file, diags);
    if !ok {
        return None;
    }
    let source = sources.get(id);
    match serde_json::from_str::<serde_json::Value>(&source.text) {
        Ok(v) if v.get("rules").is_some_and(serde_json::Value::is_array) => Some(v.to_string()),
        Ok(_) => {
            diags.push(Diagnostic::new(id, Span::default(), "the endpoint rule set has no `rules` list".to_string()));
            None
        }
        Err(e) => {
            let at = source.offset_of(e.line(), e.column());
            diags.push(Diagnostic::new(id, Span::new(at, at), format!("cannot read the endpoint rule set: {e}")));
            None
        }
    }
}

/// Reads the service model and its paginators, if the inputs have them.
fn read_api(sources: &mut Sources, inputs: &ServiceInputs, diags: &mut Vec<Diagnostic>) -> Option<botocore::Api> {
    let file = inputs.api.as_ref()?;
    let (id, ok) = add_text(sources, file, diags);
    let pid = inputs.api_paginators.as_ref().map(|p| add_text(sources, p, diags));
    let wid = inputs.api_waiters.as_ref().map(|w| add_text(sources, w, diags));
    if !ok || pid.is_some_and(|(_, ok)| !ok) || wid.is_some_and(|(_, ok)| !ok) {
        return None;
    }
    let paginators = pid.map(|(p, _)| (p, sources.get(p)));
    let waiters = wid.map(|(w, _)| (w, sources.get(w)));
    botocore::parse(id, sources.get(id), paginators, waiters, diags)
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so readers
/// see the old content or the new, never a part. Returns whether the content changed; unchanged
/// files are not touched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    // Temporary files are private; generated files are ordinary, readable ones.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(fs::Permissions::from_mode(0o644))?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(true)
}
