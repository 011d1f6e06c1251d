//! RST documentation → Markdown doc comments that rustdoc renders cleanly.
//!
//! Covers what the AWS pages use: ``literal``, *emphasis*, **strong**, `` `text <url>`_ `` links,
//! `:py:meth:`/`:py:class:` references, bullet lists, `.. note::`/`.. warning::` blocks and `::`
//! literal blocks (fenced as `text`, so they never run as doctests). Everything else is text, with
//! the characters Markdown or rustdoc would misread escaped. [`check`] parses the result with
//! pulldown-cmark and rejects what rustdoc would warn about.

use pulldown_cmark::{BrokenLink, CodeBlockKind, Event, Options, Parser, Tag};

/// Resolves a `:py:meth:` target (`get_maintenance_window_execution`) to an intra-doc path.
pub trait Linker {
    fn method(&self, method: &str) -> Option<String>;
}

/// An operation's boto3 examples as a Markdown `# Examples` section: each example's prose, the
/// request and the expected response, fenced as JSON (or Python where the page's code is not
/// only literals).
pub fn examples_markdown(examples: &[crate::syntax::Example], links: &dyn Linker) -> String {
    if examples.is_empty() {
        return String::new();
    }
    let mut out = String::from("# Examples\n");
    for ex in examples {
        let prose = to_markdown(&ex.docs, links);
        if !prose.is_empty() {
            out.push_str(&format!("\n{prose}\n"));
        }
        let fence = |code: &str| format!("```{}\n{}\n```\n", ex.language, code.replace("```", "` ` `"));
        let what = if ex.language == "json" { "Request:" } else { "Call:" };
        out.push_str(&format!("\n{what}\n\n{}", fence(&ex.input)));
        if let Some(o) = &ex.output {
            out.push_str(&format!("\nExpected output:\n\n{}", fence(o)));
        }
    }
    out
}

/// Converts an RST fragment to Markdown.
pub fn to_markdown(rst: &str, links: &dyn Linker) -> String {
    let lines: Vec<&str> = rst.lines().collect();
    let mut out: Vec<String> = Vec::new();
    // The indentation of the bullet the previous line was, if it was one.
    let mut bullet_at: Option<usize> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim();
        if t.is_empty() {
            out.push(String::new());
            bullet_at = None; // only a line right after a bullet can continue it lazily
            i += 1;
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if t.starts_with(".. ") || t.ends_with("::") {
            bullet_at = None; // a note or literal block ends any list item
        }
        // `.. note::` / `.. warning::` / `.. important::`: a quoted paragraph.
        if let Some(rest) = t.strip_prefix(".. ") {
            if let Some((kind, after)) = rest.split_once("::") {
                let body_end = block_end(&lines, i + 1, indent);
                let mut text: Vec<String> = Vec::new();
                if !after.trim().is_empty() {
                    text.push(after.trim().to_string());
                }
                text.extend(lines[i + 1..body_end].iter().map(|l| l.trim().to_string()));
                let label = match kind.trim() {
                    "note" => "Note",
                    "warning" => "Warning",
                    "important" => "Important",
                    "tip" => "Tip",
                    _ => "Note",
                };
                let body = inline(&squash(&text), links);
                out.push(String::new());
                out.push(format!("> **{label}:** {body}"));
                out.push(String::new());
                i = body_end;
                continue;
            }
        }
        // A paragraph ending in `::` introduces an indented literal block.
        if t.ends_with("::") {
            let lead = t.trim_end_matches("::").trim_end();
            if !lead.is_empty() {
                out.push(format!("{}:", inline(lead, links)));
            }
            let body_end = block_end(&lines, i + 1, indent);
            let body: Vec<&str> = lines[i + 1..body_end].to_vec();
            let cut =
                body.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
            out.push(String::new());
            out.push("```text".into());
            let mut code: Vec<String> =
                body.iter().map(|l| l.get(cut..).unwrap_or("").trim_end().to_string()).collect();
            while code.first().is_some_and(String::is_empty) {
                code.remove(0);
            }
            while code.last().is_some_and(String::is_empty) {
                code.pop();
            }
            out.extend(code.into_iter().map(|l| l.replace("```", "` ` `")));
            out.push("```".into());
            out.push(String::new());
            i = body_end;
            continue;
        }
        // Bullets.
        if let Some(item) = t.strip_prefix("* ").or_else(|| t.strip_prefix("- ")) {
            out.push(format!("- {}", inline(item.trim(), links)));
            bullet_at = Some(indent);
            i += 1;
            continue;
        }
        // Text: no indentation (Markdown would read four spaces as code). Right after a bullet,
        // a deeper line continues the item (indented two spaces, so not lazily), and any other
        // ends the list (RST says so; pinpoint's broken `<para>` markup leaves such lines).
        match bullet_at.take() {
            Some(at) if indent > at => {
                out.push(format!("  {}", inline(t, links)));
                i += 1;
                bullet_at = Some(at);
                continue;
            }
            Some(_) => out.push(String::new()),
            None => {}
        }
        out.push(inline(t, links));
        i += 1;
    }
    // Fold blank runs.
    let mut folded: Vec<String> = Vec::new();
    for l in out {
        if l.is_empty() && folded.last().is_none_or(|p: &String| p.is_empty()) {
            continue;
        }
        folded.push(l);
    }
    while folded.last().is_some_and(String::is_empty) {
        folded.pop();
    }
    folded.join("\n")
}

fn block_end(lines: &[&str], from: usize, indent: usize) -> usize {
    let mut i = from;
    let mut end = from;
    while i < lines.len() {
        let l = lines[i];
        if l.trim().is_empty() {
            i += 1;
            continue;
        }
        if l.len() - l.trim_start().len() <= indent {
            break;
        }
        i += 1;
        end = i;
    }
    end
}

fn squash(parts: &[String]) -> String {
    parts.iter().map(|s| s.as_str()).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Inline markup of one line.
fn inline(text: &str, links: &dyn Linker) -> String {
    let text = text.replace("**[REQUIRED]**", "**Required.**");
    let mut out = String::new();
    let mut rest = text.as_str();
    while !rest.is_empty() {
        // ``literal``
        if let Some(r) = rest.strip_prefix("``") {
            if let Some(end) = r.find("``") {
                let lit = &r[..end];
                if lit.contains('`') {
                    out.push_str(&format!("`` {lit} ``"));
                } else {
                    out.push_str(&format!("`{lit}`"));
                }
                rest = &r[end + 2..];
                continue;
            }
        }
        // :py:meth:`Target` / :py:class:`Target` / :ref:`x`
        if rest.starts_with(':') {
            if let Some((role, after)) = role(rest) {
                let (target, tail) = after;
                let short = target.rsplit('.').next().unwrap_or(target).trim_start_matches('~');
                match (role, links.method(short)) {
                    ("py:meth", Some(path)) => out.push_str(&format!("[`{short}`]({path})")),
                    _ => out.push_str(&format!("`{short}`")),
                }
                rest = tail;
                continue;
            }
        }
        // `text <url>`_ or `text <url>`__
        if let Some(r) = rest.strip_prefix('`') {
            if let Some(end) = r.find('`') {
                let inner = &r[..end];
                let after = &r[end + 1..];
                if let (Some(open), true) = (inner.rfind(" <"), inner.ends_with('>')) {
                    let label = inner[..open].trim();
                    let url = &inner[open + 2..inner.len() - 1];
                    let after = after.trim_start_matches('_');
                    out.push_str(&format!("[{}]({})", escape(label), url.replace(' ', "%20").replace(')', "%29")));
                    rest = after;
                    continue;
                }
                if let Some(url) = inner.strip_prefix('<').and_then(|u| u.strip_suffix('>')) {
                    out.push_str(&format!("<{url}>"));
                    rest = after.trim_start_matches('_');
                    continue;
                }
                // Interpreted text: show as code.
                out.push_str(&format!("`{inner}`"));
                rest = after;
                continue;
            }
        }
        // Bare URLs become autolinks (rustdoc warns about bare ones).
        if rest.starts_with("https://") || rest.starts_with("http://") {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == ')' || c == '>')
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push_str(&format!("<{url}>"));
            rest = &rest[url.len()..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        match c {
            '[' | ']' | '<' | '>' | '\\' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '#' if out.trim().is_empty() => out.push_str("\\#"),
            '`' => out.push_str("\\`"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('[', "\\[").replace(']', "\\]")
}

/// `:role:`target`rest` → (role, (target, rest)).
fn role(s: &str) -> Option<(&str, (&str, &str))> {
    let r = s.strip_prefix(':')?;
    let colon = r.find(":`")?;
    let role = &r[..colon];
    if role.is_empty() || !role.chars().all(|c| c.is_ascii_alphanumeric() || c == ':' || c == '_') {
        return None;
    }
    let after = &r[colon + 2..];
    let end = after.find('`')?;
    let mut target = &after[..end];
    // `text <target>` form.
    if let (Some(open), true) = (target.rfind('<'), target.ends_with('>')) {
        target = &target[open + 1..target.len() - 1];
    }
    Some((role, (target, &after[end + 1..])))
}

/// Checks that Markdown reads as intended: no broken link references, no raw HTML (rustdoc
/// would take it for tags), every code block fenced as `text`.
pub fn check(markdown: &str) -> Result<(), String> {
    let mut broken = Vec::new();
    let mut callback = |link: BrokenLink<'_>| {
        broken.push(link.reference.to_string());
        None
    };
    let parser = Parser::new_with_broken_link_callback(markdown, Options::empty(), Some(&mut callback));
    let mut problems = Vec::new();
    for event in parser {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => problems.push(format!("raw HTML `{}`", h.trim())),
            // Never `rust` (or unlabeled, which rustdoc runs as a doctest).
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))
                if !["text", "json", "python"].contains(&lang.as_ref()) =>
            {
                problems.push(format!("a code block fenced as `{lang}`"))
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => problems.push("an indented code block".into()),
            _ => {}
        }
    }
    problems.extend(broken.into_iter().map(|b| format!("a broken link reference `[{b}]`")));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Links;
    impl Linker for Links {
        fn method(&self, m: &str) -> Option<String> {
            (m == "get_command_invocation").then(|| "crate::operation::get_command_invocation".to_string())
        }
    }

    fn md(s: &str) -> String {
        let out = to_markdown(s, &Links);
        check(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
        out
    }

    #[test]
    fn inline_markup() {
        assert_eq!(
            md("Use ``aws:RunShellScript`` and *this* or **that**."),
            "Use `aws:RunShellScript` and *this* or **that**."
        );
        assert_eq!(
            md("See `Viewing histories <https://docs.aws.amazon.com/x.html>`__ in the *Guide*."),
            "See [Viewing histories](https://docs.aws.amazon.com/x.html) in the *Guide*."
        );
        assert_eq!(
            md("Polls :py:meth:`SSM.Client.get_command_invocation` and :py:meth:`SSM.Client.nope`."),
            "Polls [`get_command_invocation`](crate::operation::get_command_invocation) and `nope`."
        );
        assert_eq!(md("**[REQUIRED]** The ID."), "**Required.** The ID.");
    }

    #[test]
    fn brackets_html_and_bare_urls_are_escaped() {
        assert_eq!(
            md("Format: [a-z] <value> see https://example.com/x."),
            "Format: \\[a-z\\] \\<value\\> see <https://example.com/x>."
        );
    }

    #[test]
    fn blocks() {
        let rst = "Intro.\n\n.. note::\n\n  The ``ManagedInstance`` type is for\n  on-premises nodes.\n\n* one\n* two\n\nExample::\n\n    aws ssm x \\\n        --y\n\nEnd.";
        assert_eq!(
            md(rst),
            "Intro.\n\n> **Note:** The `ManagedInstance` type is for on-premises nodes.\n\n- one\n- two\n\nExample:\n\n```text\naws ssm x \\\n    --y\n```\n\nEnd."
        );
    }

    #[test]
    fn indentation_never_makes_code_blocks() {
        assert_eq!(md("Values:\n\n     InstanceIds (EQUAL)"), "Values:\n\nInstanceIds (EQUAL)");
    }

    #[test]
    fn check_rejects_what_rustdoc_warns_about() {
        assert!(check("a <b>tag</b>").is_err());
        assert!(check("[missing]").is_err());
        assert!(check("```rust\nlet x = 1;\n```").is_err());
        assert!(check("fine [link](https://x.y)").is_ok());
    }
}
