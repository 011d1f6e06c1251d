//! AWS CLI command pages (awscli's help renderer), the older format and the current one.
//!
//! Sections are `=====`-framed titles. Options are ``` ``--name`` (type) ``` entries at column 0
//! whose bodies nest `Name -> (type)`, `key -> (type)`, `value -> (type)` and `(type)` entries;
//! `JSON Syntax::` blocks and `Possible values:` lists carry enum values. The current format adds
//! `.. meta::`, `Global Options` and `Examples`; both carry `Output`.

use super::literal::{self, Sample};
use super::{api_link_operation, attach, block_end, block_text, docs_text, next_nonblank, number_before, Ctx};
use crate::diag::Diagnostic;
use crate::source::{FileId, Line, SourceFile, Span};
use crate::syntax::{CliPage, DocType, Field, Role};

/// Options every command has that are not operation members.
const CLI_ONLY_OPTIONS: &[&str] =
    &["cli-input-json", "generate-cli-skeleton", "starting-token", "page-size", "max-items"];

pub fn parse(file: FileId, src: &SourceFile, lines: &[Line<'_>], diags: &mut Vec<Diagnostic>) -> Option<CliPage> {
    let mut cx = Ctx { file, src: &src.text, lines, diags };
    let crumb = lines[next_nonblank(lines, 0)];
    let is_wait = crumb.text().contains(":ref:`wait <");
    let current_format = lines.iter().any(|l| l.text().starts_with(".. meta::"));

    // Title: the command name between `****` rules.
    let mut command = None;
    for w in lines.windows(3) {
        if w[0].text().starts_with("***") && w[2].text().starts_with("***") && !w[1].is_blank() {
            command = Some((w[1].text().to_string(), w[1].span()));
            break;
        }
    }
    let Some((command, title_span)) = command else {
        cx.error(crumb.span(), "no `****`-framed command title found");
        return None;
    };

    let sections = sections(lines);
    let mut page = CliPage {
        file,
        command,
        operation: None,
        waiter: None,
        current_format,
        docs: String::new(),
        input: Vec::new(),
        output: Vec::new(),
        span: title_span,
    };
    let mut required = Vec::new();
    for (title, span, from, to) in &sections {
        match title.as_str() {
            "Description" => {
                let mut doc_lines = Vec::new();
                for l in &lines[*from..*to] {
                    let t = l.text();
                    if t.starts_with("See also:") {
                        page.operation = api_link_operation(t);
                    } else if t.starts_with("See :doc:`'aws help'") {
                        // Older format: a pointer to the global options.
                    } else {
                        doc_lines.push(*l);
                    }
                }
                page.docs = docs_text(&doc_lines, 0);
                if is_wait {
                    let delay = number_before(&page.docs, " seconds");
                    let attempts = number_before(&page.docs, " failed checks");
                    match (delay, attempts) {
                        (Some(d), Some(a)) => page.waiter = Some((d, a)),
                        _ => cx.error(
                            *span,
                            "a wait command's description should say `every N seconds` and `after N failed checks`",
                        ),
                    }
                }
            }
            "Synopsis" => required = synopsis(&lines[*from..*to]),
            "Options" => page.input = options(&mut cx, *from, *to, &required),
            "Output" => page.output = entries(&mut cx, *from, *to, 0, DocType::Structure),
            // `Available Commands` lists the subcommands of an awscli command group.
            "Global Options" | "Examples" | "Available Commands" => {}
            other => cx.error(*span, format!("unknown section `{other}` in a CLI page")),
        }
    }
    // A page without an API link is an awscli customisation (`cloudformation deploy`,
    // `logs start-live-tail`), not an API operation: it stays out of the model (`operation` None).
    Some(page)
}

/// (title, title span, first body line, end) of each `=====`-framed section.
fn sections(lines: &[Line<'_>]) -> Vec<(String, Span, usize, usize)> {
    let rule = |l: &Line<'_>| l.indent == 0 && l.text().len() >= 3 && l.text().bytes().all(|b| b == b'=');
    let mut heads = Vec::new();
    let mut i = 0;
    while i + 2 < lines.len() {
        if rule(&lines[i]) && rule(&lines[i + 2]) && !lines[i + 1].is_blank() {
            heads.push((lines[i + 1].text().to_string(), lines[i + 1].span(), i + 3, i));
            i += 3;
        } else {
            i += 1;
        }
    }
    let mut out = Vec::new();
    for (k, (title, span, from, _)) in heads.iter().enumerate() {
        let to = heads.get(k + 1).map_or(lines.len(), |h| h.3);
        out.push((title.clone(), *span, *from, to));
    }
    out
}

/// Names of the options the synopsis shows without `[...]`: the required ones.
fn synopsis(lines: &[Line<'_>]) -> Vec<String> {
    let mut out = Vec::new();
    for l in lines {
        let t = l.text();
        if t.starts_with("--") {
            if let Some(name) = t.trim_start_matches("--").split([' ', '|']).next() {
                out.push(name.to_string());
            }
        }
    }
    out
}

/// The Options section: one entry per ``` ``--name`` ``` line at column 0.
fn options(cx: &mut Ctx<'_, '_>, from: usize, to: usize, required: &[String]) -> Vec<Field> {
    let lines = cx.lines;
    let starts: Vec<usize> =
        (from..to).filter(|&i| lines[i].indent == 0 && lines[i].text().starts_with("``--")).collect();
    let mut out = Vec::new();
    for (k, &i) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(to);
        let l = lines[i];
        let t = l.text();
        let name = t.trim_start_matches("``--").split("``").next().unwrap_or_default();
        if CLI_ONLY_OPTIONS.contains(&name) {
            continue;
        }
        let Some(open) = t.rfind(" (") else {
            cx.error(l.span(), "expected ``--name`` (type)");
            continue;
        };
        let ty = t[open + 2..].trim_end_matches(')');
        let Some(doc_ty) = DocType::from_cli(ty) else {
            cx.error(l.span_of(ty), format!("unknown CLI type `{ty}`"));
            continue;
        };
        let is_required = Some(required.iter().any(|r| r == name));
        let mut field = Field::new(Some(name.to_string()), Role::Member, doc_ty, l.span_of(ty), is_required, l.span());
        // The body: indented docs and entries, then `Shorthand Syntax::`/`JSON Syntax::` blocks
        // at column 0.
        let mut body_end = end;
        let mut json: Option<Sample> = None;
        let mut j = i + 1;
        while j < end {
            let t = lines[j].text();
            if lines[j].indent == 0 && (t == "Shorthand Syntax::" || t == "JSON Syntax::") {
                body_end = body_end.min(j);
                let bstart = next_nonblank(lines, j + 1);
                let bend = block_end(lines, j + 1, 0).max(bstart);
                if t == "JSON Syntax::" {
                    let (text, base) = block_text(cx.src, lines, bstart, bend);
                    match literal::parse_value(text, base) {
                        Ok(s) => json = Some(s),
                        Err(e) => cx.error(e.span, format!("cannot read this JSON syntax block: {}", e.message)),
                    }
                }
                j = bend;
                continue;
            }
            j += 1;
        }
        fill_body(cx, &mut field, i + 1, body_end, 2);
        if let Some(s) = &json {
            // CLI JSON syntax is a sample for the shorthand; it need not show every member.
            attach(&mut field, s, &mut |_| {});
        }
        out.push(field);
    }
    out
}

/// `Name -> (type)`, `key -> (type)`, `value -> (type)` or `(type)`; `None` if the line is prose
/// (such as a description line `(deprecated)`).
fn entry_head(t: &str) -> Option<(Option<&str>, &str)> {
    let (name, ty) = match t.split_once(" -> (") {
        Some((n, rest)) => (Some(n), rest.strip_suffix(')')?),
        None => (None, t.strip_prefix('(')?.strip_suffix(')')?),
    };
    if let Some(n) = name {
        if n.is_empty() || n.contains(' ') {
            return None;
        }
    }
    DocType::from_cli(ty)?;
    Some((name, ty))
}

/// The entries at exactly `indent` in lines `from..to` (the Output section, a body's children).
fn entries(cx: &mut Ctx<'_, '_>, from: usize, to: usize, indent: usize, parent: DocType) -> Vec<Field> {
    let lines = cx.lines;
    let mut out = Vec::new();
    let mut i = from;
    while i < to {
        let l = lines[i];
        if l.is_blank() || l.indent != indent {
            i += 1;
            continue;
        }
        let Some((name, ty)) = entry_head(l.text()) else {
            i += 1;
            continue;
        };
        let next = block_end(lines, i + 1, indent).min(to);
        let doc_ty = DocType::from_cli(ty).unwrap_or(DocType::String);
        let role = match (parent, name) {
            (DocType::Map, Some("key")) => Role::Key,
            (DocType::Map, Some("value")) => Role::Value,
            (_, None) => Role::Item,
            _ => Role::Member,
        };
        let name = if role == Role::Member { name.map(str::to_string) } else { None };
        let mut f = Field::new(name, role, doc_ty, l.span_of(ty), None, l.span());
        fill_body(cx, &mut f, i + 1, next, indent + 2);
        out.push(f);
        i = next;
    }
    out
}

fn is_recursion_marker(t: &str) -> bool {
    matches!(t, "( ... recursive ... )" | "{ ... recursive ... }")
}

/// A map whose `key -> (...)` the renderer indented under a prose block (cognito-idp
/// `--provider-details`): its key and value entries, wherever they sit below the map.
fn map_entries_anywhere(cx: &mut Ctx<'_, '_>, from: usize, to: usize, indent: usize) -> Vec<Field> {
    let lines = cx.lines;
    let mut out = Vec::new();
    for want in ["key", "value"] {
        let found = (from..to).find(|&i| {
            let l = lines[i];
            l.indent >= indent && entry_head(l.text()).is_some_and(|(n, _)| n == Some(want))
        });
        if let Some(i) = found {
            let at = lines[i].indent;
            out.extend(entries(cx, i, block_end(lines, i + 1, at).min(to), at, DocType::Map));
        }
    }
    out
}

/// Docs, `Possible values:` and child entries of one entry.
fn fill_body(cx: &mut Ctx<'_, '_>, f: &mut Field, from: usize, to: usize, indent: usize) {
    let lines = cx.lines;
    if f.ty.is_container() {
        f.children = entries(cx, from, to, indent, f.ty);
        if f.ty == DocType::Map && f.children.len() == 1 {
            f.children = map_entries_anywhere(cx, from, to, indent);
        }
    }
    let mut doc_lines = Vec::new();
    let mut possible: Option<Vec<String>> = None;
    // The renderer stops at a shape that contains itself (DynamoDB `AttributeValue.M`) and writes
    // a marker where its entries would be.
    let recursive_marker = (from..to).any(|i| lines[i].indent == indent && is_recursion_marker(lines[i].text()));
    let mut i = from;
    while i < to {
        let l = lines[i];
        let t = l.text();
        if !l.is_blank() && l.indent == indent && f.ty.is_container() && entry_head(t).is_some() {
            break; // children start; their text is theirs
        }
        if !l.is_blank() && t == "Possible values:" {
            let mut values = Vec::new();
            let at = i;
            i += 1;
            while i < to {
                let v = lines[i];
                let vt = v.text();
                if v.is_blank() {
                    i += 1;
                    continue;
                }
                match vt
                    .strip_prefix('*')
                    .map(str::trim)
                    .and_then(|s| s.strip_prefix("``"))
                    .and_then(|s| s.strip_suffix("``"))
                {
                    Some(value) => {
                        values.push(value.to_string());
                        i += 1;
                    }
                    None => break,
                }
            }
            if values.is_empty() {
                // The service's own prose said `Possible values:` and listed them with
                // descriptions (`* ``X`` : ...`): documentation, not the renderer's enum list.
                doc_lines.push(lines[at]);
                i = at + 1;
                continue;
            }
            possible = Some(values);
            continue;
        }
        if is_recursion_marker(t) {
            i += 1;
            continue;
        }
        if l.indent == 0 && !l.is_blank() {
            // Old-format CLI-only options put their one-line docs at column 0.
            doc_lines.push(l);
        } else if l.is_blank() || l.indent >= indent {
            doc_lines.push(l);
        }
        i += 1;
    }
    f.docs = docs_text(&doc_lines, indent);
    if possible.is_some() {
        f.enum_values = possible;
    }
    if recursive_marker {
        match (f.ty, f.children.len()) {
            // `key -> (string)` then the marker: the value is the enclosing shape.
            (DocType::Map, 1) => {
                let mut value = Field::new(None, Role::Value, DocType::Structure, f.span, None, f.span);
                value.recursive = true;
                f.children.push(value);
            }
            (DocType::List, 0) => {
                let mut item = Field::new(None, Role::Item, DocType::Structure, f.span, None, f.span);
                item.recursive = true;
                f.children.push(item);
            }
            _ => f.recursive = true,
        }
    }
    // A map documented only in prose (`--provider-details (map)`), or only by its value
    // (`marketplacecommerceanalytics --customer-defined-values`), leaves its entries to boto3.
    let value_only = f.children.len() == 1 && f.children[0].role == Role::Value;
    if f.ty == DocType::Map && !f.children.is_empty() && !value_only && f.children.len() != 2 {
        let span = f.span;
        cx.error(span, "a map entry should have a `key -> (...)` and a `value -> (...)` entry");
    }
}
