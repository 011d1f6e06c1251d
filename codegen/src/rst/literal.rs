//! The request and response syntax blocks (`Name='string'`, `'Status': 'A'|'B'`, CLI JSON
//! syntax): the only place the pages list enum values.
//!
//! A small tokenizer and recursive-descent parser over Python-literal-like text. It is tolerant of
//! the documenters' shorthands (`...` continuations, `{'... recursive ...'}`, `"Key": ,`).

use crate::source::Span;

/// A sample value, shaped like the member it stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum Sample {
    /// `'string'`, or a one-value enum.
    Str(String),
    /// `'A'|'B'`: enum values.
    Alternatives(Vec<String>),
    /// `True|False`, `123`, `123.0`, `...`, `datetime(2015, 1, 1)`, `b'bytes'`, `StreamingBody()`.
    Scalar(String),
    Dict(Vec<(Key, Sample)>),
    /// `[item, ...]`; `None` when the list shows no item.
    List(Option<Box<Sample>>),
    /// `{'... recursive ...'}` (boto3) or an empty value (CLI): the shape contains itself here.
    Recursive,
}

/// A dict key: a member name, or a map's key placeholder (`'string'`, `'A'|'B'`).
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    Name(String),
    Alternatives(Vec<String>),
}

impl Key {
    pub fn name(&self) -> Option<&str> {
        match self {
            Key::Name(n) => Some(n),
            Key::Alternatives(_) => None,
        }
    }
}

impl Sample {
    /// The entry for member `name` of a dict sample.
    pub fn member(&self, name: &str) -> Option<&Sample> {
        match self {
            Sample::Dict(entries) => entries.iter().find(|(k, _)| k.name() == Some(name)).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The item of a list sample.
    pub fn item(&self) -> Option<&Sample> {
        match self {
            Sample::List(Some(item)) => Some(item),
            _ => None,
        }
    }

    /// Key and value of a map sample (a dict with one placeholder key).
    pub fn map_entry(&self) -> Option<(&Key, &Sample)> {
        match self {
            Sample::Dict(entries) if entries.len() == 1 => Some((&entries[0].0, &entries[0].1)),
            _ => None,
        }
    }

    /// Enum values, if this sample of a string member lists any.
    pub fn enum_values(&self) -> Option<Vec<String>> {
        match self {
            Sample::Alternatives(v) => Some(v.clone()),
            Sample::Str(s) if s != "string" => Some(vec![s.clone()]),
            _ => None,
        }
    }
}

/// A syntax error at a byte span of the page.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Str(String),
    Ident(String),
    Num(String),
    Ellipsis,
    Punct(char),
    Eof,
}

struct Lexer {
    base: usize,
    toks: Vec<(Tok, Span)>,
}

impl Lexer {
    fn run(text: &str, base: usize) -> Result<Vec<(Tok, Span)>, SyntaxError> {
        let mut lx = Lexer { base, toks: Vec::new() };
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < text.len() {
            let c = text[i..].chars().next().unwrap_or(' ');
            let start = i;
            if c.is_whitespace() {
                i += c.len_utf8();
            } else if c == '\'' || c == '"' {
                let mut s = String::new();
                let mut j = i + 1;
                let mut closed = false;
                while j < text.len() {
                    let d = text[j..].chars().next().unwrap_or(c);
                    if d == '\\' && j + 1 < text.len() {
                        let e = text[j + 1..].chars().next().unwrap_or(' ');
                        s.push(e);
                        j += 1 + e.len_utf8();
                    } else if d == c {
                        closed = true;
                        j += 1;
                        break;
                    } else if d == '\n' {
                        break;
                    } else {
                        s.push(d);
                        j += d.len_utf8();
                    }
                }
                if !closed {
                    return Err(lx.err(start, j, "this quoted string is not closed on its line"));
                }
                lx.push(Tok::Str(s), start, j);
                i = j;
            } else if text[i..].starts_with("...") {
                lx.push(Tok::Ellipsis, i, i + 3);
                i += 3;
            } else if c.is_ascii_digit() || (c == '-' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) {
                let mut j = i + 1;
                while j < text.len() && (bytes[j].is_ascii_digit() || bytes[j] == b'.') {
                    j += 1;
                }
                lx.push(Tok::Num(text[i..j].to_string()), i, j);
                i = j;
            } else if c.is_alphabetic() || c == '_' {
                let mut j = i;
                while j < text.len() {
                    let d = text[j..].chars().next().unwrap_or(' ');
                    if d.is_alphanumeric() || d == '_' || d == '.' {
                        j += d.len_utf8();
                    } else {
                        break;
                    }
                }
                lx.push(Tok::Ident(text[i..j].to_string()), i, j);
                i = j;
            } else if "{}[](),:=|".contains(c) {
                lx.push(Tok::Punct(c), i, i + 1);
                i += 1;
            } else {
                return Err(lx.err(i, i + c.len_utf8(), &format!("unexpected character `{c}` in a syntax block")));
            }
        }
        lx.push(Tok::Eof, text.len(), text.len());
        Ok(lx.toks)
    }

    fn push(&mut self, t: Tok, s: usize, e: usize) {
        self.toks.push((t, Span::new(self.base + s, self.base + e)));
    }

    fn err(&self, s: usize, e: usize, m: &str) -> SyntaxError {
        SyntaxError { span: Span::new(self.base + s, self.base + e), message: m.to_string() }
    }
}

struct Parser {
    toks: Vec<(Tok, Span)>,
    pos: usize,
    depth: usize,
}

/// Deeper than any AWS shape (the corpus nests to 20); stops runaway recursion on bad input.
const MAX_DEPTH: usize = 64;

impl Parser {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos].0
    }

    fn span(&self) -> Span {
        self.toks[self.pos].1
    }

    fn bump(&mut self) -> Tok {
        let t = self.toks[self.pos].0.clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn eat(&mut self, c: char) -> bool {
        if *self.peek() == Tok::Punct(c) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn error<T>(&self, what: &str) -> Result<T, SyntaxError> {
        let found = match self.peek() {
            Tok::Str(s) => format!("'{s}'"),
            Tok::Ident(s) | Tok::Num(s) => s.clone(),
            Tok::Ellipsis => "...".into(),
            Tok::Punct(c) => c.to_string(),
            Tok::Eof => "the end of the block".into(),
        };
        Err(SyntaxError { span: self.span(), message: format!("expected {what}, found {found}") })
    }

    fn value(&mut self) -> Result<Sample, SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(SyntaxError {
                span: self.span(),
                message: format!("syntax nested deeper than {MAX_DEPTH} levels"),
            });
        }
        let first = self.term()?;
        let mut alts = vec![first];
        while self.eat('|') {
            alts.push(self.term()?);
        }
        self.depth -= 1;
        if alts.len() == 1 {
            return Ok(alts.pop().unwrap_or(Sample::Recursive));
        }
        // `'A'|'B'` lists enum values; anything else (`True|False`, a document's
        // `{...}|[...]|123|'string'`, `b'bytes'|file`) is a sample of a non-enum type.
        let strs: Vec<String> =
            alts.iter().filter_map(|a| if let Sample::Str(s) = a { Some(s.clone()) } else { None }).collect();
        if strs.len() == alts.len() {
            Ok(Sample::Alternatives(strs))
        } else {
            Ok(Sample::Scalar("alternatives".into()))
        }
    }

    fn term(&mut self) -> Result<Sample, SyntaxError> {
        match self.peek().clone() {
            Tok::Str(s) => {
                self.bump();
                Ok(Sample::Str(s))
            }
            Tok::Num(n) => {
                self.bump();
                Ok(Sample::Scalar(n))
            }
            Tok::Ellipsis => {
                self.bump();
                Ok(Sample::Scalar("...".into()))
            }
            Tok::Ident(id) => {
                self.bump();
                if let Tok::Str(s) = self.peek().clone() {
                    // b'bytes'
                    self.bump();
                    return Ok(Sample::Scalar(format!("{id}'{s}'")));
                }
                if self.eat('(') {
                    let mut level = 1;
                    while level > 0 {
                        match self.bump() {
                            Tok::Punct('(') => level += 1,
                            Tok::Punct(')') => level -= 1,
                            Tok::Eof => return self.error("`)`"),
                            _ => {}
                        }
                    }
                    return Ok(Sample::Scalar(format!("{id}(...)")));
                }
                Ok(Sample::Scalar(id))
            }
            Tok::Punct('{') => self.dict(),
            Tok::Punct('[') => self.list(),
            _ => self.error("a value"),
        }
    }

    fn dict(&mut self) -> Result<Sample, SyntaxError> {
        self.bump();
        let mut entries = Vec::new();
        loop {
            while *self.peek() == Tok::Ellipsis || *self.peek() == Tok::Punct(',') {
                self.bump();
            }
            if self.eat('}') {
                return Ok(Sample::Dict(entries));
            }
            let key = match self.bump() {
                Tok::Str(s) => {
                    if *self.peek() == Tok::Punct('}') && s.contains("recursive") {
                        self.bump();
                        return Ok(Sample::Recursive);
                    }
                    let mut alts = vec![s];
                    while self.eat('|') {
                        match self.bump() {
                            Tok::Str(s) => alts.push(s),
                            _ => return self.error("a quoted key"),
                        }
                    }
                    if alts.len() == 1 {
                        Key::Name(alts.pop().unwrap_or_default())
                    } else {
                        Key::Alternatives(alts)
                    }
                }
                // CLI JSON syntax: `{ ... recursive ... }`.
                Tok::Ident(s) if s == "recursive" && *self.peek() == Tok::Ellipsis => {
                    self.bump();
                    if !self.eat('}') {
                        return self.error("`}` after `... recursive ...`");
                    }
                    return Ok(Sample::Recursive);
                }
                Tok::Ident(s) => Key::Name(s),
                _ => {
                    self.pos -= 1;
                    return self.error("a key or `}`");
                }
            };
            if !self.eat(':') {
                return self.error("`:` after a key");
            }
            let value = if matches!(self.peek(), Tok::Punct(',') | Tok::Punct('}')) {
                // CLI JSON syntax leaves the value of a recursive member empty.
                Sample::Recursive
            } else {
                self.value()?
            };
            entries.push((key, value));
        }
    }

    fn list(&mut self) -> Result<Sample, SyntaxError> {
        self.bump();
        let mut item = None;
        loop {
            while *self.peek() == Tok::Ellipsis || *self.peek() == Tok::Punct(',') {
                self.bump();
            }
            if self.eat(']') {
                return Ok(Sample::List(item.map(Box::new)));
            }
            let v = self.value()?;
            if item.is_none() {
                item = Some(v);
            }
        }
    }

    /// `response = client.method(Name=value, ...)`, `paginator.paginate(...)`, `waiter.wait(...)`.
    fn call(&mut self) -> Result<Sample, SyntaxError> {
        while !matches!(self.peek(), Tok::Punct('(') | Tok::Eof) {
            self.bump();
        }
        if !self.eat('(') {
            return self.error("`(` of the call");
        }
        let mut entries = Vec::new();
        loop {
            while self.eat(',') {}
            if self.eat(')') {
                break;
            }
            let name = match self.bump() {
                Tok::Ident(s) => s,
                _ => {
                    self.pos -= 1;
                    return self.error("a parameter name");
                }
            };
            if !self.eat('=') {
                return self.error("`=` after a parameter name");
            }
            let v = self.value()?;
            // botocore documents S3's `CopySource` as `'string' or {'Bucket': ...}`: the string
            // is what goes on the wire; the dict is a boto3 convenience that builds it.
            if matches!(self.peek(), Tok::Ident(s) if s == "or") {
                self.bump();
                self.value()?;
            }
            entries.push((Key::Name(name), v));
        }
        if *self.peek() != Tok::Eof {
            return self.error("the end of the block after the call");
        }
        Ok(Sample::Dict(entries))
    }
}

/// Parses a request syntax block (a call with keyword arguments) into a dict of its parameters.
/// `base` is the block's byte offset in the page, so errors point into the page.
pub fn parse_call(text: &str, base: usize) -> Result<Sample, SyntaxError> {
    let toks = Lexer::run(text, base)?;
    Parser { toks, pos: 0, depth: 0 }.call()
}

/// Parses a response syntax block or a CLI JSON syntax block: one value.
pub fn parse_value(text: &str, base: usize) -> Result<Sample, SyntaxError> {
    let toks = Lexer::run(text, base)?;
    let mut p = Parser { toks, pos: 0, depth: 0 };
    let v = p.value()?;
    if *p.peek() != Tok::Eof {
        return p.error("the end of the block");
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_values_come_from_alternatives() {
        // Seed 000, response syntax.
        let v = parse_value(
            "{\n 'Status': 'PENDING'|'IN_PROGRESS'|'SKIPPED_OVERLAPPING',\n 'StartTime': datetime(2015, 1, 1)\n}",
            0,
        )
        .unwrap();
        assert_eq!(
            v.member("Status").unwrap().enum_values().unwrap(),
            ["PENDING", "IN_PROGRESS", "SKIPPED_OVERLAPPING"]
        );
        assert_eq!(v.member("StartTime"), Some(&Sample::Scalar("datetime(...)".into())));
    }

    #[test]
    fn request_call_with_nested_list_of_dicts() {
        // Seed 003, paginator request syntax.
        let text = "response_iterator = paginator.paginate(\n    AssociationId='string',\n    Filters=[\n        {\n            'Key': 'ExecutionId'|'Status'|'CreatedTime',\n            'Type': 'EQUAL'|'LESS_THAN'|'GREATER_THAN'\n        },\n    ],\n    PaginationConfig={\n        'MaxItems': 123,\n    }\n)";
        let v = parse_call(text, 0).unwrap();
        let item = v.member("Filters").unwrap().item().unwrap();
        assert_eq!(item.member("Key").unwrap().enum_values().unwrap().len(), 3);
        assert_eq!(v.member("AssociationId").unwrap().enum_values(), None);
    }

    #[test]
    fn recursive_placeholder_boto3_and_cli() {
        let v = parse_value("{'Expression': 'string', 'Aggregators': {'... recursive ...'}}", 0).unwrap();
        assert_eq!(v.member("Aggregators"), Some(&Sample::Recursive));
        let v = parse_value("[{\"Expression\": \"string\", \"Aggregators\": , \"Groups\": []} ...]", 0).unwrap();
        assert_eq!(v.item().unwrap().member("Aggregators"), Some(&Sample::Recursive));
        // acm search-certificates (CLI JSON syntax), trimmed.
        let v = parse_value("{\"And\": [\n  { ... recursive ... }\n  ...\n], \"Aggregators\": []}", 0).unwrap();
        assert_eq!(v.member("And").unwrap().item(), Some(&Sample::Recursive));
    }

    #[test]
    fn cli_json_map_and_continuations() {
        let v = parse_value("{\"string\": [\"string\", ...]\n  ...}", 0).unwrap();
        let (k, val) = v.map_entry().unwrap();
        assert_eq!(k, &Key::Name("string".into()));
        assert_eq!(val.item(), Some(&Sample::Str("string".into())));
    }

    #[test]
    fn float_ellipsis_double_number_bool_bytes() {
        let v = parse_value("{'F': ..., 'D': 123.0, 'B': True|False, 'Y': b'bytes'}", 0).unwrap();
        assert_eq!(v.member("F"), Some(&Sample::Scalar("...".into())));
        assert_eq!(v.member("D"), Some(&Sample::Scalar("123.0".into())));
        assert_eq!(v.member("B").unwrap().enum_values(), None);
        assert_eq!(v.member("Y"), Some(&Sample::Scalar("b'bytes'".into())));
    }

    #[test]
    fn errors_point_at_the_token() {
        let e = parse_value("{'A': 'x' 'B'}", 100).unwrap_err();
        assert_eq!(e.span.start, 113, "points at the token after the key");
        assert!(e.message.contains("`:` after a key"), "{}", e.message);
        let e = parse_value("{'A: 1}", 0).unwrap_err();
        assert!(e.message.contains("not closed"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let text = "[".repeat(10_000);
        assert!(parse_value(&text, 0).is_err());
    }
}
