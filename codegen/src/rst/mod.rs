//! RST pages to [`crate::syntax`]: one parser per page family, sharing the line helpers here.
//!
//! The pages come from fixed documenters (botocore's `bcdoc`, awscli's help renderer), so they are
//! parsed as indentation-structured lines, not as general reStructuredText.

pub mod boto3;
pub mod cli;
pub mod example;
pub mod literal;

use crate::diag::Diagnostic;
use crate::source::{FileId, Line, SourceFile, Span};
use crate::syntax::{DocType, Field, Page};
use literal::{Key, Sample};

/// What every page parser carries: the page, its lines, and where problems go.
pub(crate) struct Ctx<'a, 'd> {
    pub file: FileId,
    pub src: &'a str,
    pub lines: &'a [Line<'a>],
    pub diags: &'d mut Vec<Diagnostic>,
}

impl Ctx<'_, '_> {
    pub fn error(&mut self, span: Span, msg: impl Into<String>) {
        self.diags.push(Diagnostic::new(self.file, span, msg));
    }
}

/// Parses one file: a page of any kind, or the single page boto3 wrote for a whole service before
/// 1.26.81 (every method, paginator and waiter in one). Problems are pushed to `diags`.
pub fn parse_pages(file: FileId, src: &SourceFile, diags: &mut Vec<Diagnostic>) -> Vec<Page> {
    let lines = src.lines();
    if boto3::is_service_page(&lines) {
        return boto3::parse_service_page(file, src, &lines, diags);
    }
    parse_page(file, src, diags).into_iter().collect()
}

/// Parses one page of any kind. Problems are pushed to `diags`; `None` when the page cannot be
/// used at all.
pub fn parse_page(file: FileId, src: &SourceFile, diags: &mut Vec<Diagnostic>) -> Option<Page> {
    let lines = src.lines();
    let first = lines.iter().find(|l| !l.is_blank());
    let Some(first) = first else {
        diags.push(Diagnostic::new(file, Span::default(), "the page is empty"));
        return None;
    };
    let text = first.text();
    if text.starts_with("[ :ref:`aws") {
        cli::parse(file, src, &lines, diags).map(Page::Cli)
    } else if text.starts_with(":doc:`")
        || is_title_rule(text) && lines.iter().take(12).any(|l| l.text().starts_with(".. py:"))
    {
        // boto3 pages start with a `:doc:` breadcrumb; those of 1.26.81–1.26.x start with the
        // page title and its directive.
        let mut lines = lines;
        join_continuations(&mut lines);
        boto3::parse(file, src, &lines, diags)
    } else {
        diags.push(Diagnostic::new(
            file,
            first.span(),
            "this does not look like a boto3 or AWS CLI page: boto3 pages start with a \
             `:doc:` breadcrumb and CLI pages with `[ :ref:`aws ...` ]`",
        ));
        None
    }
}

/// `*****`: an RST title's over- or underline.
fn is_title_rule(text: &str) -> bool {
    text.len() >= 3 && text.bytes().all(|b| b == b'*')
}

/// Index of the first line at or after `from` that is not blank.
pub(crate) fn next_nonblank(lines: &[Line<'_>], from: usize) -> usize {
    let mut i = from;
    while i < lines.len() && lines[i].is_blank() {
        i += 1;
    }
    i
}

/// End (exclusive) of the block of lines after `from` that are blank or indented more than
/// `indent`.
pub(crate) fn block_end(lines: &[Line<'_>], from: usize, indent: usize) -> usize {
    let mut i = from;
    let mut end = from;
    while i < lines.len() {
        if lines[i].is_blank() {
            i += 1;
            continue;
        }
        if lines[i].indent <= indent {
            break;
        }
        i += 1;
        end = i;
    }
    end
}

/// boto3 wraps some prose lines at less than their paragraph's indentation (a line starting
/// with a link or a `{placeholder}`, as serverlessrepo's and apigatewayv2's pages do): such a
/// line, right after a line of prose and outside a literal block, belongs to that paragraph
/// and is given its indentation.
pub(crate) fn join_continuations(lines: &mut [Line<'_>]) {
    let structural = |t: &str| {
        ["- ", "* ", ":", ".. ", "**", "==="].iter().any(|p| t.starts_with(p)) || t == "::" || t == "-" || t == "*"
    };
    let mut literal: Option<usize> = None;
    for i in 1..lines.len() {
        let (prev, cur) = (lines[i - 1], lines[i]);
        if cur.is_blank() {
            continue;
        }
        match literal {
            Some(at) if cur.indent > at => continue,
            _ => literal = None,
        }
        if !prev.is_blank() && cur.indent < prev.indent && !structural(prev.text()) && !structural(cur.text()) {
            lines[i].indent = prev.indent;
        }
        if lines[i].text().ends_with("::") {
            literal = Some(lines[i].indent);
        }
    }
}

/// The text of a literal block (lines `from..to`) and its byte offset in the page.
pub(crate) fn block_text<'a>(src: &'a str, lines: &[Line<'_>], from: usize, to: usize) -> (&'a str, usize) {
    if from >= to {
        return ("", lines.get(from).map_or(src.len(), |l| l.start));
    }
    let start = lines[from].start;
    let last = &lines[to - 1];
    let end = last.start + last.raw.len();
    (&src[start..end], start)
}

/// Documentation text of `lines`, dedented by `indent`, with runs of blank lines folded to one
/// and leading and trailing blanks dropped. Text is kept as RST; the emitter converts it.
pub(crate) fn docs_text(lines: &[Line<'_>], indent: usize) -> String {
    let mut out = String::new();
    let mut pending_blank = false;
    for l in lines {
        if l.is_blank() {
            pending_blank = !out.is_empty();
            continue;
        }
        if pending_blank {
            out.push_str("\n\n");
            pending_blank = false;
        } else if !out.is_empty() {
            out.push('\n');
        }
        let cut = l.indent.min(indent).min(l.leading_spaces());
        out.push_str(l.raw[cut..].trim_end());
    }
    out
}

/// The number just before `suffix` in `text` (`every 5 seconds` → 5), as waiter descriptions
/// state their delay and attempts.
pub(crate) fn number_before(text: &str, suffix: &str) -> Option<u32> {
    let at = text.find(suffix)?;
    text[..at].rsplit(' ').next()?.parse().ok()
}

/// Copies enum values and recursion markers from a syntax sample onto a field tree.
/// `missing` is told of each structure member the sample lacks.
pub(crate) fn attach(f: &mut Field, s: &Sample, missing: &mut dyn FnMut(&Field)) {
    if *s == Sample::Recursive {
        f.recursive = true;
        return;
    }
    match f.ty {
        DocType::String => {
            if let Some(v) = s.enum_values() {
                f.enum_values = Some(v);
            }
        }
        DocType::List => {
            if let (Some(item), Some(si)) = (f.children.first_mut(), s.item()) {
                attach(item, si, missing);
            }
        }
        DocType::Map => {
            if let (Some((k, v)), 2) = (s.map_entry(), f.children.len()) {
                if let Key::Alternatives(values) = k {
                    f.children[0].enum_values = Some(values.clone());
                }
                attach(&mut f.children[1], v, missing);
            }
        }
        DocType::Structure | DocType::Union => {
            for c in &mut f.children {
                match c.name.as_deref().and_then(|n| s.member(n)) {
                    Some(cs) => attach(c, cs, missing),
                    None => missing(c),
                }
            }
        }
        _ => {}
    }
}

/// The operation name at the end of an `AWS API Documentation` link, if the line has one.
pub(crate) fn api_link_operation(text: &str) -> Option<String> {
    let at = text.find("/goto/WebAPI/")?;
    let rest = &text[at + "/goto/WebAPI/".len()..];
    let end = rest.find('>')?;
    let path = &rest[..end];
    let op = path.rsplit('/').next()?;
    (!op.is_empty() && op.chars().all(|c| c.is_ascii_alphanumeric())).then(|| op.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_link() {
        let t = "See also: `AWS API Documentation <https://docs.aws.amazon.com/goto/WebAPI/ssm-2014-11-06/GetMaintenanceWindowExecution>`_  ";
        assert_eq!(api_link_operation(t).as_deref(), Some("GetMaintenanceWindowExecution"));
    }

    #[test]
    fn docs_fold_blank_runs_and_keep_unicode() {
        let src = SourceFile::new("x", "    a\u{2028}b\n  \n\n    c\u{a0}d\n      e\n");
        let lines = src.lines();
        assert_eq!(docs_text(&lines, 4), "a\u{2028}b\n\nc\u{a0}d\n  e");
    }
}
