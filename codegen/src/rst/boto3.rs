//! boto3 pages: client methods, paginators and waiters (all written by botocore's `bcdoc`).
//!
//! A method body holds, at one indentation: prose, `**Request Syntax**` with a literal block,
//! `:type`/`:param` pairs whose bodies nest `- **Name** *(type) --*` bullets, `:returns:` with
//! `**Response Syntax**` and `**Response Structure**`, and `**Exceptions**`.

use super::literal::{self, Sample};
use super::{api_link_operation, attach, block_end, block_text, docs_text, next_nonblank, number_before, Ctx};
use crate::diag::Diagnostic;
use crate::source::{FileId, Line, SourceFile, Span};
use crate::syntax::{ClientPage, DocType, ErrorRef, Example, Field, Page, PaginatorPage, Role, Truncated, WaiterPage};

/// What a method body says, before it is sorted into a page kind.
#[derive(Default)]
struct MethodBody {
    docs: String,
    operation: Option<String>,
    input: Vec<Field>,
    output: Option<Field>,
    errors: Vec<ErrorRef>,
    examples: Vec<Example>,
    truncated: Truncated,
    request_names: Vec<String>,
}

pub fn parse(file: FileId, src: &SourceFile, lines: &[Line<'_>], diags: &mut Vec<Diagnostic>) -> Option<Page> {
    let mut cx = Ctx { file, src: &src.text, lines, diags };
    let crumb = lines[next_nonblank(lines, 0)];
    let kind = if crumb.text().starts_with(":doc:`") {
        let parts: Vec<&str> = crumb.text().split(" / ").map(str::trim).collect();
        if parts.len() != 3 {
            cx.error(crumb.span(), "expected a breadcrumb `:doc:`Service <...>` / Kind / name`");
            return None;
        }
        parts[1]
    } else {
        // boto3 1.26.81–1.26.x pages have no breadcrumb: the first directive tells the kind.
        kind_from_directive(lines)?
    };
    let page_span = Span::new(0, src.text.len());
    match kind {
        "Client" => {
            let (i, line) = find_directive(lines, ".. py:method:: ")?;
            client_method(&mut cx, i, line, page_span)
        }
        "Paginator" | "Waiter" => {
            let (_, class) = find_directive(lines, ".. py:class:: ")?;
            let Some((i, m)) = find_directive(lines, ".. py:method:: ") else {
                cx.error(class.span(), "expected a `.. py:method::` directive under the class");
                return None;
            };
            paginator_or_waiter(&mut cx, kind, class, i, m)
        }
        other => {
            cx.error(
                crumb.span_of(other),
                format!("unknown boto3 page kind `{other}`: expected Client, Paginator or Waiter"),
            );
            None
        }
    }
}

/// Whether the page is the single page of a whole service that boto3 wrote before 1.26.81:
/// `.. py:class:: SSM.Client` at the margin, its methods, paginators and waiters below it.
pub fn is_service_page(lines: &[Line<'_>]) -> bool {
    lines.iter().any(|l| l.indent == 0 && l.text().starts_with(".. py:class:: ") && l.text().ends_with(".Client"))
}

/// The single page of a whole service (boto3 before 1.26.81): every client method, paginator
/// and waiter, each read as the page of its own that later releases write.
pub fn parse_service_page(
    file: FileId,
    src: &SourceFile,
    lines: &[Line<'_>],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Page> {
    let mut pages = Vec::new();
    let mut class: Option<(&'static str, usize)> = None;
    for (i, line) in lines.iter().enumerate() {
        let text = line.text();
        if line.indent == 0 && !line.is_blank() {
            class = text.strip_prefix(".. py:class:: ").and_then(|c| class_kind(c)).map(|k| (k, i));
            continue;
        }
        let Some((kind, class_at)) = class else { continue };
        if line.indent != 2 || !text.starts_with(".. py:method:: ") {
            continue;
        }
        // The section ends where the next method or anything at the margin starts.
        let end = lines[i + 1..]
            .iter()
            .position(|l| {
                !l.is_blank() && (l.indent == 0 || (l.indent == 2 && l.text().starts_with(".. py:method:: ")))
            })
            .map_or(lines.len(), |n| i + 1 + n);
        let mut cx = Ctx { file, src: &src.text, lines: &lines[..end], diags: &mut *diags };
        let page = match kind {
            "Client" => client_method(&mut cx, i, *line, line.span()),
            _ => {
                let page = paginator_or_waiter(&mut cx, kind, lines[class_at], i, *line);
                // One method per paginator or waiter class.
                class = None;
                page
            }
        };
        pages.extend(page);
    }
    pages
}

/// `Client`, `Paginator` or `Waiter` for a class directive's name (`SSM.Paginator.ListCommands`).
fn class_kind(class: &str) -> Option<&'static str> {
    let mut parts = class.split('.').skip(1);
    match parts.next()? {
        "Client" => Some("Client"),
        "Paginator" => Some("Paginator"),
        "Waiter" => Some("Waiter"),
        _ => None,
    }
}

/// A client method's page from its `.. py:method::` line (`at` in `cx.lines`).
fn client_method(cx: &mut Ctx<'_, '_>, at: usize, line: Line<'_>, page_span: Span) -> Option<Page> {
    let file = cx.file;
    let sig = line.text().trim_start_matches(".. py:method:: ");
    let method = sig.split('(').next()?.rsplit('.').next()?.to_string();
    let linked = cx.lines[at..].iter().any(|l| api_link_operation(l.text()).is_some());
    if !linked && !sig.ends_with("(**kwargs)") {
        // Boilerplate such as `close()` or `can_paginate(operation_name)`: no API
        // reference link, not an operation.
        return Some(Page::Client(ClientPage {
            file,
            method,
            operation: None,
            docs: String::new(),
            input: Vec::new(),
            output: None,
            errors: Vec::new(),
            examples: Vec::new(),
            truncated: Truncated::default(),
            request_names: Vec::new(),
            span: page_span,
        }));
    }
    let body = method_body(cx, at + 1, line.indent + 2);
    if body.operation.is_none() {
        cx.error(
            line.span(),
            "this client method has no `AWS API Documentation` link, so its operation name is unknown",
        );
    }
    Some(Page::Client(ClientPage {
        file,
        method,
        operation: body.operation,
        docs: body.docs,
        input: body.input,
        output: body.output,
        errors: body.errors,
        examples: body.examples,
        truncated: body.truncated,
        request_names: body.request_names,
        span: line.span(),
    }))
}

/// A paginator's or waiter's page from its class line and its method (`at` in `cx.lines`).
fn paginator_or_waiter(cx: &mut Ctx<'_, '_>, kind: &str, class: Line<'_>, at: usize, m: Line<'_>) -> Option<Page> {
    let file = cx.file;
    let name = class.text().rsplit('.').next()?.to_string();
    let body = method_body(cx, at + 1, m.indent + 2);
    let Some((target, found)) = py_meth(&body.docs) else {
        cx.error(m.span(), "the description names no client method (`:py:meth:`Service.Client.method``)");
        return None;
    };
    if kind == "Paginator" {
        return Some(Page::Paginator(PaginatorPage {
            file,
            name,
            method: target,
            input: body.input,
            output: body.output,
            truncated: body.truncated,
            span: class.span(),
        }));
    }
    let rest = &body.docs[found..];
    let delay = number_before(rest, " seconds");
    let attempts = number_before(rest, " failed checks");
    let (Some(delay), Some(max_attempts)) = (delay, attempts) else {
        cx.error(m.span(), "the waiter description does not say `every N seconds` and `after N failed checks`");
        return None;
    };
    Some(Page::Waiter(WaiterPage {
        file,
        name,
        method: target,
        docs: body.docs,
        delay,
        max_attempts,
        span: class.span(),
    }))
}

/// `Client`, `Paginator` or `Waiter`, from a page's first directive (`.. py:method::
/// add_tags_to_resource(**kwargs)`, `.. py:class:: SSM.Paginator.DescribeActivations`).
fn kind_from_directive(lines: &[Line<'_>]) -> Option<&'static str> {
    let first = lines.iter().map(|l| l.text()).find(|t| t.starts_with(".. py:"))?;
    if first.starts_with(".. py:method:: ") {
        return Some("Client");
    }
    let class = first.strip_prefix(".. py:class:: ")?;
    match class.split('.').nth(1)? {
        "Paginator" => Some("Paginator"),
        "Waiter" => Some("Waiter"),
        _ => None,
    }
}

fn find_directive<'a>(lines: &[Line<'a>], prefix: &str) -> Option<(usize, Line<'a>)> {
    lines.iter().enumerate().find(|(_, l)| l.text().starts_with(prefix)).map(|(i, l)| (i, *l))
}

/// `:py:meth:`SSM.Client.get_command_invocation`` in `text`: the method and where it ends.
fn py_meth(text: &str) -> Option<(String, usize)> {
    let at = text.find(":py:meth:`")? + ":py:meth:`".len();
    let end = at + text[at..].find('`')?;
    Some((text[at..end].rsplit('.').next()?.to_string(), end))
}

fn method_body(cx: &mut Ctx<'_, '_>, from: usize, indent: usize) -> MethodBody {
    let lines = cx.lines;
    let end = block_end(lines, from, indent.saturating_sub(1));
    let mut body = MethodBody::default();
    let mut doc_lines = Vec::new();
    let mut in_prose = true;
    let mut request: Option<Sample> = None;
    let mut response: Option<Sample> = None;
    let mut types: Vec<(String, String, Span)> = Vec::new();
    let mut i = from;
    while i < end {
        let l = lines[i];
        let t = l.text();
        if l.is_blank() {
            if in_prose {
                doc_lines.push(l);
            }
            i += 1;
            continue;
        }
        if t.starts_with("See also:") || t.starts_with("`AWS API Documentation <") {
            // A truncated page repeats the bare link after its placeholder.
            body.operation = body.operation.take().or_else(|| api_link_operation(t));
            i += 1;
            continue;
        }
        if let Some((output, next)) = too_large_section(lines, i) {
            in_prose = false;
            if output {
                body.truncated.output = true;
            } else {
                body.truncated.input = true;
            }
            i = next;
            continue;
        }
        if t == "**Request Syntax**" {
            in_prose = false;
            let (sample, next) = syntax_block(cx, i + 1, true);
            if let Some(literal::Sample::Dict(entries)) = &sample {
                body.request_names = entries.iter().filter_map(|(k, _)| k.name().map(str::to_string)).collect();
            }
            request = sample;
            i = next;
            continue;
        }
        if let Some(rest) = t.strip_prefix(":type ") {
            in_prose = false;
            if let Some((name, ty)) = rest.split_once(':') {
                types.push((name.trim().to_string(), ty.trim().to_string(), l.span_of(ty.trim())));
            }
            i += 1;
            continue;
        }
        if let Some(rest) = t.strip_prefix(":param ") {
            in_prose = false;
            let next = block_end(lines, i + 1, l.indent);
            if let Some(f) = param(cx, &types, l, rest, i + 1, next) {
                body.input.push(f);
            }
            i = next;
            continue;
        }
        if t.starts_with(":rtype:") {
            in_prose = false;
            i += 1;
            continue;
        }
        if let Some(rest) = t.strip_prefix(":returns:") {
            in_prose = false;
            let next = block_end(lines, i + 1, l.indent);
            if rest.trim() != "None" {
                let (out, sample, truncated) = returns(cx, i + 1, next, l.indent);
                body.output = out;
                response = sample;
                body.truncated.output |= truncated;
            }
            i = next;
            continue;
        }
        if t == "**Examples**" {
            in_prose = false;
            body.examples = examples(cx, i + 1, end, l.indent);
            i = end;
            continue;
        }
        if t == "**Exceptions**" {
            in_prose = false;
            i += 1;
            while i < end {
                let e = lines[i];
                let et = e.text();
                if e.is_blank() {
                    i += 1;
                    continue;
                }
                // The next section heading (`**Examples**`) ends the list.
                if et.starts_with("**") {
                    break;
                }
                let Some(rest) = et.strip_prefix('*').map(str::trim_start) else { break };
                match rest.strip_prefix(":py:class:`").and_then(|r| r.strip_suffix('`')) {
                    Some(path) => {
                        let name = path.rsplit('.').next().unwrap_or(path).to_string();
                        body.errors.push(ErrorRef { name, span: e.span_of(path) });
                    }
                    None => cx.error(
                        e.span(),
                        "expected an exception reference `*   :py:class:`Service.Client.exceptions.Name``",
                    ),
                }
                i += 1;
            }
            continue;
        }
        if in_prose {
            doc_lines.push(l);
            i += 1;
            continue;
        }
        cx.error(l.span(), format!("unexpected line in a method description: `{}`", short(t)));
        i += 1;
    }
    body.docs = docs_text(&doc_lines, indent);
    if body.truncated.output && body.output.is_none() {
        // Only the response syntax was rendered: its top-level keys, shallowly typed, are what a
        // paginator page shows; a client page takes its output from the CLI page instead.
        if let Some(Sample::Dict(entries)) = &response {
            let mut root = Field::new(None, Role::Member, DocType::Structure, Span::default(), None, Span::default());
            for (k, v) in entries {
                let ty = match v {
                    Sample::List(_) => DocType::List,
                    Sample::Dict(_) => DocType::Structure,
                    _ => DocType::String,
                };
                let name = k.name().map(str::to_string);
                root.children.push(Field::new(name, Role::Member, ty, Span::default(), None, Span::default()));
            }
            body.output = Some(root);
        }
    }
    let mut missing = Vec::new();
    let mut note = |f: &Field| missing.push((f.span, f.name.clone().unwrap_or_default()));
    if let Some(req) = &request {
        for f in &mut body.input {
            match f.name.as_deref().and_then(|n| req.member(n)) {
                Some(s) => attach(f, s, &mut note),
                // boto3 fills it itself and leaves it out of the syntax (glacier's `accountId`:
                // "this parameter is set to "-" bydefault ..."; its `checksum`: "this parameter
                // is automatically populated if it is not provided").
                None if f.client_default.is_some() || f.docs.contains("this parameter is automatically populated") => {}
                None => note(f),
            }
        }
    }
    if let (Some(out), Some(sample)) = (&mut body.output, &response) {
        attach(out, sample, &mut note);
    }
    for (span, name) in missing {
        cx.error(span, format!("the syntax block has no entry for `{name}`"));
    }
    body
}

/// The `**Examples**` section (lines `from..to`): for each example, prose, a `::` block with the
/// call, then `Expected Output:` and a `::` block with the answer.
fn examples(cx: &mut Ctx<'_, '_>, from: usize, to: usize, indent: usize) -> Vec<Example> {
    let lines = cx.lines;
    let mut out = Vec::new();
    let mut prose: Vec<Line<'_>> = Vec::new();
    let mut code: Vec<String> = Vec::new();
    let flush = |prose: &mut Vec<Line<'_>>, code: &mut Vec<String>, out: &mut Vec<Example>| {
        if !code.is_empty() {
            out.push(example(docs_text(prose, indent), code));
        }
        prose.clear();
        code.clear();
    };
    let mut i = from;
    while i < to {
        let l = lines[i];
        let t = l.text();
        if l.is_blank() || t == "Expected Output:" {
            i += 1;
        } else if t == "::" {
            let end = block_end(lines, i + 1, l.indent);
            let start = next_nonblank(lines, i + 1).min(end);
            code.push(dedent(block_text(cx.src, lines, start, end).0));
            i = end.max(i + 1);
        } else if l.indent > indent {
            cx.error(l.span(), format!("unexpected indented line in an example: `{}`", short(t)));
            i += 1;
        } else {
            // Prose after code starts the next example.
            if !code.is_empty() {
                flush(&mut prose, &mut code, &mut out);
            }
            prose.push(l);
            i += 1;
        }
    }
    flush(&mut prose, &mut code, &mut out);
    out
}

fn dedent(text: &str) -> String {
    let cut = text.lines().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    let lines: Vec<&str> = text.lines().map(|l| l.get(cut..).unwrap_or("").trim_end()).collect();
    lines.join("\n")
}

/// One example from its prose and its code blocks (the call, then the output if shown).
fn example(docs: String, code: &mut [String]) -> Example {
    let input_py = code[0].trim_end().to_string();
    let output_py = code.get(1).map(|c| c.trim_end().to_string());
    let input = super::example::call_to_json(&input_py);
    let output = output_py.as_deref().map(super::example::value_to_json);
    let pretty = |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap_or_default();
    match (input, output) {
        (Some(i), None) => Example { docs, input: pretty(&i), output: None, language: "json".into() },
        (Some(i), Some(Some(o))) => {
            Example { docs, input: pretty(&i), output: Some(pretty(&o)), language: "json".into() }
        }
        _ => Example { docs, input: input_py, output: output_py, language: "python".into() },
    }
}

/// A section boto3 did not render: `**Parameters**` or `**Request Syntax**` (or `**Response
/// Structure**`/`**Response Syntax**`) and a literal block saying `# This section is too large to render.` Returns whether
/// it is an output section, and the line after it.
fn too_large_section(lines: &[Line<'_>], i: usize) -> Option<(bool, usize)> {
    let output = match lines[i].text() {
        "**Parameters**" | "**Request Syntax**" => false,
        "**Response Structure**" | "**Response Syntax**" => true,
        _ => return None,
    };
    let colons = next_nonblank(lines, i + 1);
    if lines.get(colons)?.text() != "::" {
        return None;
    }
    let end = block_end(lines, colons + 1, lines[colons].indent);
    let placeholder = |l: &Line<'_>| l.text().starts_with("# This section is too large to render.");
    // A rendered request syntax can hold the next section's placeholder (a truncated page
    // indents it into the block): only a block that starts with it was not rendered.
    let found = match lines[i].text() {
        "**Request Syntax**" => lines.get(next_nonblank(lines, colons + 1)).is_some_and(placeholder),
        _ => lines[colons + 1..end].iter().any(placeholder),
    };
    found.then_some((output, end))
}

fn short(t: &str) -> String {
    t.chars().take(60).collect()
}

/// `::` then an indented literal block, parsed as a call (`request`) or a value.
fn syntax_block(cx: &mut Ctx<'_, '_>, from: usize, request: bool) -> (Option<Sample>, usize) {
    let lines = cx.lines;
    let i = next_nonblank(lines, from);
    let Some(colons) = lines.get(i).filter(|l| l.text() == "::") else {
        let span = lines.get(i).map_or(Span::default(), |l| l.span());
        cx.error(span, "expected `::` and a literal block after the syntax heading");
        return (None, i);
    };
    let start = next_nonblank(lines, i + 1);
    let mut end = block_end(lines, i + 1, colons.indent);
    // A truncated page indents the next section (`**Parameters**` and its placeholder) into
    // the literal block: the block ends there.
    if let Some(content) = lines.get(start) {
        if let Some(cut) =
            (start..end).find(|&k| lines[k].indent == content.indent && lines[k].text().starts_with("**"))
        {
            end = cut;
        }
    }
    let (text, base) = block_text(cx.src, lines, start, end.max(start));
    let parsed = if request { literal::parse_call(text, base) } else { literal::parse_value(text, base) };
    match parsed {
        Ok(s) => (Some(s), end.max(start)),
        Err(e) => {
            cx.error(e.span, format!("cannot read this syntax block: {}", e.message));
            (None, end.max(start))
        }
    }
}

/// `:param Name: [**[REQUIRED]**]` and its body (docs, then member bullets).
fn param(
    cx: &mut Ctx<'_, '_>,
    types: &[(String, String, Span)],
    l: Line<'_>,
    rest: &str,
    from: usize,
    to: usize,
) -> Option<Field> {
    let (name, after) = rest.split_once(':')?;
    let name = name.trim();
    let Some((_, ty, ty_span)) = types.iter().rev().find(|(n, _, _)| n == name) else {
        cx.error(l.span_of(name), format!("parameter `{name}` has no `:type {name}:` line before it"));
        return None;
    };
    let Some(doc_ty) = DocType::from_boto3(ty) else {
        cx.error(*ty_span, format!("unknown boto3 type `{ty}`"));
        return None;
    };
    let after = after.trim();
    let required = after.starts_with("**[REQUIRED]**");
    let mut field = Field::new(Some(name.to_string()), Role::Member, doc_ty, *ty_span, Some(required), l.span());
    let inline = after.trim_start_matches("**[REQUIRED]**").trim();
    fill_body(cx, &mut field, inline, from, to, l.indent + 2);
    field.idempotency_token = field.docs.contains("This field is autopopulated if not provided.");
    field.client_default = client_default(&field.docs);
    Some(field)
}

/// Reads a field's body (lines `from..to`): documentation, then child bullets at `indent`.
fn fill_body(cx: &mut Ctx<'_, '_>, field: &mut Field, inline: &str, from: usize, to: usize, indent: usize) {
    let lines = cx.lines;
    let mut doc_lines = Vec::new();
    let mut i = from;
    while i < to {
        let l = lines[i];
        if !l.is_blank() && l.indent == indent && bullet(l.text()).is_some() {
            let next = block_end(lines, i + 1, l.indent);
            if let Some(child) = field_bullet(cx, l, i + 1, next) {
                field.children.push(child);
            }
            i = next;
            continue;
        }
        if !field.children.is_empty() && !l.is_blank() {
            cx.error(
                l.span(),
                format!(
                    "text after the member list of `{}` at a member's indentation",
                    field.name.as_deref().unwrap_or("(item)")
                ),
            );
        }
        if l.text().starts_with(".. note::") && l.text().contains("Tagged Union") {
            field.union = true;
        }
        doc_lines.push(l);
        i += 1;
    }
    let mut docs = docs_text(&doc_lines, indent);
    if !inline.is_empty() {
        docs = if docs.is_empty() { inline.to_string() } else { format!("{inline}\n{docs}") };
    }
    field.docs = docs;
    normalise_dict(cx, field);
}

/// `- **Name** *(type) --* [**[REQUIRED]**] [text]` or `- *(type) --*` (or `(*type*) --`).
fn bullet(t: &str) -> Option<(Option<&str>, &str, bool, &str)> {
    let rest = t.strip_prefix("- ")?;
    let (name, rest) = match rest.strip_prefix("**") {
        Some(r) => {
            let end = r.find("** ")?;
            (Some(&r[..end]), &r[end + 3..])
        }
        None => (None, rest),
    };
    // `*(string) --*`, but a reference type is not italic: `(:ref:`document<document>`) --`,
    // nor is a `jsonvalue` string's `(JSON serializable) --` (lex-runtime).
    let (ty, after) = match rest.strip_prefix("*(") {
        Some(r) => {
            let end = r.find(") --*")?;
            (&r[..end], &r[end + ") --*".len()..])
        }
        None if rest.starts_with("(:") || rest.starts_with("(JSON serializable)") => {
            let end = rest.find(") --")?;
            (&rest[1..end], &rest[end + ") --".len()..])
        }
        // botocore's `DocumentModifiedShape` writes the type it substitutes as `(*dict*) --`
        // (CloudFormation `GetTemplate`'s `TemplateBody`).
        None if rest.starts_with("(*") => {
            let end = rest.find("*) --")?;
            (&rest[2..end], &rest[end + "*) --".len()..])
        }
        None => return None,
    };
    let after = after.trim();
    let required = after.starts_with("**[REQUIRED]**");
    let after = after.trim_start_matches("**[REQUIRED]**").trim();
    Some((name, ty, required, after))
}

fn field_bullet(cx: &mut Ctx<'_, '_>, l: Line<'_>, from: usize, to: usize) -> Option<Field> {
    let (name, ty, required, inline) = bullet(l.text())?;
    let ty_span = l.span_of(ty);
    let Some(doc_ty) = DocType::from_boto3(ty) else {
        cx.error(ty_span, format!("unknown boto3 type `{ty}`"));
        return None;
    };
    let role = if name.is_some() { Role::Member } else { Role::Item };
    let mut f = Field::new(name.map(str::to_string), role, doc_ty, ty_span, Some(required), l.span());
    fill_body(cx, &mut f, inline, from, to, l.indent + 2);
    Some(f)
}

/// boto3 shows a map as a dict whose only child is an unnamed key entry holding the value entry.
/// Rewrites such a dict to `Map` with `[key, value]` children, a named one to `Structure`.
fn normalise_dict(cx: &mut Ctx<'_, '_>, f: &mut Field) {
    if f.ty != DocType::Dict {
        if f.ty == DocType::List {
            for c in &mut f.children {
                c.role = Role::Item;
            }
            if f.children.len() > 1 {
                let span = f.children[1].span;
                cx.error(span, "a list documents more than one item type");
            }
        }
        return;
    }
    let unnamed = f.children.iter().filter(|c| c.name.is_none()).count();
    if unnamed == 0 {
        f.ty = if f.union { DocType::Union } else { DocType::Structure };
        return;
    }
    if unnamed != f.children.len() || f.children.len() != 1 || f.children[0].children.len() != 1 {
        let span = f.span;
        cx.error(
            span,
            "a dict mixes named and unnamed entries: expected members, or one key entry holding one value entry",
        );
        f.ty = DocType::Structure;
        f.children.retain(|c| c.name.is_some());
        return;
    }
    let mut key = f.children.remove(0);
    let mut value = key.children.remove(0);
    key.role = Role::Key;
    value.role = Role::Value;
    f.ty = DocType::Map;
    f.children = vec![key, value];
}

/// `:returns:` body: `**Response Syntax**` block and `**Response Structure**` bullets.
fn returns(cx: &mut Ctx<'_, '_>, from: usize, to: usize, indent: usize) -> (Option<Field>, Option<Sample>, bool) {
    let lines = cx.lines;
    let mut sample = None;
    let mut root = None;
    let mut truncated = false;
    let mut i = from;
    while i < to {
        let l = lines[i];
        let t = l.text();
        if l.is_blank() {
            i += 1;
        } else if let Some((_, next)) = too_large_section(lines, i) {
            truncated = true;
            i = next;
        } else if t == "**Response Syntax**" {
            let (s, next) = syntax_block(cx, i + 1, false);
            sample = s;
            i = next;
        } else if t == "**Response Structure**" {
            i += 1;
        } else if bullet(t).is_some() {
            let next = block_end(lines, i + 1, l.indent);
            root = field_bullet(cx, l, i + 1, next).map(|mut r| {
                r.role = Role::Member; // the response itself, not a list item
                r
            });
            i = next;
        } else if l.indent > indent {
            // Prose about the return value (e.g. an event stream's description).
            i += 1;
        } else {
            cx.error(l.span(), format!("unexpected line in `:returns:`: `{}`", short(t)));
            i += 1;
        }
    }
    (root, sample, truncated)
}

/// The value boto3 fills in for a parameter the caller leaves out, where its docs say so:
/// `Note: this parameter is set to "-" bydefault if no value is not specified.`
fn client_default(docs: &str) -> Option<String> {
    let rest = &docs[docs.find("this parameter is set to \"")? + "this parameter is set to \"".len()..];
    let (value, after) = rest.split_once('"')?;
    after.trim_start().starts_with("by").then(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::bullet;

    /// Every spelling of a member's bullet boto3 writes, botocore's substituted type included.
    #[test]
    fn bullets_in_each_spelling() {
        assert_eq!(bullet("- **Name** *(string) --* **[REQUIRED]** x"), Some((Some("Name"), "string", true, "x")));
        assert_eq!(bullet("- *(dict) --*"), Some((None, "dict", false, "")));
        assert_eq!(
            bullet("- **Doc** (:ref:`document<document>`) --"),
            Some((Some("Doc"), ":ref:`document<document>`", false, ""))
        );
        assert_eq!(bullet("- **TemplateBody** (*dict*) --"), Some((Some("TemplateBody"), "dict", false, "")));
        assert_eq!(bullet("- **Name** plain text"), None);
    }
}
