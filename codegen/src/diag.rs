//! Problems found in input pages, reported with file, line, column and the offending line.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config};

use crate::source::{FileId, Sources, Span};

/// One problem in one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: FileId,
    pub span: Span,
    /// A sentence a human understands, without the location.
    pub message: String,
    /// A warning: something the generator cannot express and leaves out, saying so. It does not
    /// stop the build; errors do.
    pub warning: bool,
}

impl Diagnostic {
    pub fn new(file: FileId, span: Span, message: impl Into<String>) -> Self {
        Diagnostic { file, span, message: message.into(), warning: false }
    }

    /// A warning (see [`Diagnostic::warning`]).
    pub fn warn(file: FileId, span: Span, message: impl Into<String>) -> Self {
        Diagnostic { file, span, message: message.into(), warning: true }
    }

    /// `path:line:col: message`, the form editors and CI logs understand.
    pub fn headline(&self, sources: &Sources) -> String {
        let f = sources.get(self.file);
        let (line, col) = f.line_col(self.span.start);
        let level = if self.warning { "warning: " } else { "" };
        format!("{}:{}:{}: {level}{}", f.name, line, col, self.message)
    }
}

/// Renders diagnostics as `path:line:col: message` followed by the offending line, marked.
/// Sorted by file, then position, so the report is the same whatever order pages were read in.
pub fn render(sources: &Sources, diagnostics: &[Diagnostic]) -> String {
    let mut sorted: Vec<&Diagnostic> = diagnostics.iter().collect();
    sorted.sort_by(|a, b| {
        let (fa, fb) = (&sources.get(a.file).name, &sources.get(b.file).name);
        (fa, a.span.start, &a.message).cmp(&(fb, b.span.start, &b.message))
    });
    sorted.dedup();

    let mut files = SimpleFiles::new();
    let ids: Vec<usize> = sources.iter().map(|(_, f)| files.add(f.name.as_str(), f.text.as_str())).collect();
    let config = Config::default();
    let mut out = String::new();
    for d in sorted {
        out.push_str(&d.headline(sources));
        out.push('\n');
        let end = d.span.end.max(d.span.start);
        let label = Label::primary(ids[d.file.0], d.span.start..end);
        let cs = CsDiagnostic::error().with_labels(vec![label]);
        let mut snippet = String::new();
        if term::emit_to_string(&mut snippet, &config, &files, &cs).is_ok() {
            // codespan starts with its own "error:" header; the headline above replaces it.
            let body: Vec<&str> = snippet.lines().skip(1).collect();
            out.push_str(&body.join("\n"));
            out.push('\n');
        }
    }
    out
}
