//! What one page says, typed and with spans: the hand-off from the RST parsers to lowering.
//!
//! Nothing here is merged or named yet; a [`Field`] is exactly what one bullet or one
//! `Name -> (type)` entry of one page declares.

use crate::source::{FileId, Span};

/// A type as a page spells it (boto3 and CLI spellings both).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocType {
    String,
    Integer,
    /// CLI only: boto3 says `integer`.
    Long,
    Float,
    /// CLI only: boto3 says `float`.
    Double,
    Boolean,
    /// boto3 `datetime`, CLI `timestamp`.
    Timestamp,
    /// boto3 `bytes`, CLI `blob`.
    Blob,
    /// boto3 `bytes or seekable file-like object`: an upload body.
    BlobOrFile,
    Document,
    StreamingBody,
    EventStream,
    /// boto3 `dict`: a structure or a map, told apart by its children.
    Dict,
    Structure,
    /// CLI `tagged union structure`.
    Union,
    Map,
    List,
}

impl DocType {
    /// Reads a boto3 type (`string`, ``:ref:`document<document>` ``, ...).
    pub fn from_boto3(s: &str) -> Option<DocType> {
        Some(match s.trim() {
            // A `jsonvalue` string (lex-runtime's session attributes): boto3 takes any object and
            // sends its JSON; the crate's member is that JSON's text.
            "string" | "JSON serializable" => DocType::String,
            // S3's `CopySource` (botocore's `document_copy_source_form`): a `bucket/key` string,
            // or a dict boto3 turns into one.
            "str or dict" => DocType::String,
            "integer" => DocType::Integer,
            "float" => DocType::Float,
            "boolean" => DocType::Boolean,
            "datetime" => DocType::Timestamp,
            "bytes" => DocType::Blob,
            "bytes or seekable file-like object" => DocType::BlobOrFile,
            "dict" => DocType::Dict,
            "list" => DocType::List,
            ":ref:`document<document>`" => DocType::Document,
            ":class:`.StreamingBody`" => DocType::StreamingBody,
            ":class:`.EventStream`" => DocType::EventStream,
            _ => return None,
        })
    }

    /// Reads a CLI type (`string`, `long`, `tagged union structure`, ...).
    pub fn from_cli(s: &str) -> Option<DocType> {
        Some(match s.trim() {
            // A `jsonvalue` string, as boto3's `JSON serializable`.
            "string" | "JSON" => DocType::String,
            "integer" | "int" => DocType::Integer,
            "long" => DocType::Long,
            "float" => DocType::Float,
            "double" => DocType::Double,
            "boolean" => DocType::Boolean,
            "timestamp" => DocType::Timestamp,
            "blob" => DocType::Blob,
            "streaming blob" => DocType::StreamingBody,
            "document" => DocType::Document,
            "structure" => DocType::Structure,
            "tagged union structure" => DocType::Union,
            "map" => DocType::Map,
            "list" => DocType::List,
            _ => return None,
        })
    }

    /// Whether the type has member entries below it.
    pub fn is_container(self) -> bool {
        matches!(self, DocType::Dict | DocType::Structure | DocType::Union | DocType::Map | DocType::List)
    }
}

/// One member, list item, map key or map value as a page declares it.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Wire name; `None` for a list item, a boto3 map key or value, a response root.
    pub name: Option<String>,
    /// CLI map entries are named `key`/`value`; boto3's are unnamed.
    pub role: Role,
    pub ty: DocType,
    /// The type's span, for diagnostics about it.
    pub ty_span: Span,
    /// `**[REQUIRED]**` in boto3; the synopsis in CLI pages (top level only). `None`: not said.
    pub required: Option<bool>,
    /// Documentation as RST, dedented, blank runs folded to one empty line.
    pub docs: String,
    /// boto3 `.. note:: This is a Tagged Union structure.` or CLI `tagged union structure`.
    pub union: bool,
    /// Enum values from the page's syntax block or `Possible values` list, in page order.
    pub enum_values: Option<Vec<String>>,
    /// The documenter stopped here because the shape contains itself (`{'... recursive ...'}`).
    pub recursive: bool,
    /// boto3 `This field is autopopulated if not provided.`: an idempotency token, which the
    /// client fills with a fresh UUID when the caller leaves it out.
    pub idempotency_token: bool,
    /// boto3 `this parameter is set to "-" bydefault`: the value the client sends when the
    /// caller leaves the member out (glacier's `accountId`).
    pub client_default: Option<String>,
    /// Whether a page that tells `integer` from `long` (and `float` from `double`) described this
    /// member; boto3 says `integer`/`float` for both widths.
    pub width_known: bool,
    /// The service model's name for the structure or enum this field holds (only the model
    /// names shapes; pages never do).
    pub shape: Option<String>,
    /// The model's documentation of that shape (HTML).
    pub shape_docs: String,
    /// The model marks the value secret: `Debug` must not show it.
    pub sensitive: bool,
    /// The model marks the member deprecated, with its message (possibly empty).
    pub deprecated: Option<String>,
    /// The model's bounds on the value (pages carry none).
    pub constraints: crate::model::Constraints,
    /// How the model says the member travels (pages never say).
    pub wire: crate::model::Wire,
    pub children: Vec<Field>,
    /// The entry's line.
    pub span: Span,
}

impl Field {
    /// A field as its entry line declares it; docs and children are filled in after.
    pub fn new(
        name: Option<String>,
        role: Role,
        ty: DocType,
        ty_span: Span,
        required: Option<bool>,
        span: Span,
    ) -> Field {
        Field {
            name,
            role,
            ty,
            ty_span,
            required,
            docs: String::new(),
            union: ty == DocType::Union,
            enum_values: None,
            recursive: false,
            idempotency_token: false,
            client_default: None,
            width_known: false,
            shape: None,
            shape_docs: String::new(),
            sensitive: false,
            deprecated: None,
            constraints: Default::default(),
            wire: Default::default(),
            children: Vec::new(),
            span,
        }
    }
}

/// Where a field sits in its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Member,
    Item,
    Key,
    Value,
}

/// An `:py:class:` exception named in a page's `**Exceptions**` list.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorRef {
    pub name: String,
    pub span: Span,
}

/// One boto3 `**Examples**` entry: what it shows, the call, and the expected output.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Example {
    /// The prose before the code, as RST.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
    /// The call's arguments as pretty JSON, or the Python text when it is not only literals.
    pub input: String,
    /// The expected output, likewise; `None` when the page shows none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// `json` when both were converted, `python` otherwise.
    pub language: String,
}

/// A boto3 client-method page.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientPage {
    pub file: FileId,
    /// `get_maintenance_window_execution`.
    pub method: String,
    /// `GetMaintenanceWindowExecution`, from the API reference link; `None` for boilerplate
    /// methods (`close`, `get_paginator`, ...) that are not service operations.
    pub operation: Option<String>,
    pub docs: String,
    pub input: Vec<Field>,
    /// The response root (`- *(dict) --*`); `None` when the method returns `None`.
    pub output: Option<Field>,
    pub errors: Vec<ErrorRef>,
    pub examples: Vec<Example>,
    /// What boto3 did not render (`# This section is too large to render.`): lowering takes
    /// those members from the CLI page.
    pub truncated: Truncated,
    /// The top-level member names the request syntax shows (wire names), for a truncated input.
    pub request_names: Vec<String>,
    pub span: Span,
}

/// Sections boto3 replaced with `# This section is too large to render.`
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Truncated {
    /// `**Parameters**`: the member documentation of the input.
    pub input: bool,
    /// `**Response Structure**` (or the response syntax): the output's members.
    pub output: bool,
}

/// A boto3 paginator page.
#[derive(Debug, Clone, PartialEq)]
pub struct PaginatorPage {
    pub file: FileId,
    /// `DescribeAssociationExecutions`.
    pub name: String,
    /// The client method it pages through (`describe_association_executions`).
    pub method: String,
    pub input: Vec<Field>,
    pub output: Option<Field>,
    pub truncated: Truncated,
    pub span: Span,
}

/// A boto3 waiter page.
#[derive(Debug, Clone, PartialEq)]
pub struct WaiterPage {
    pub file: FileId,
    /// `CommandExecuted`.
    pub name: String,
    /// The client method it polls (`get_command_invocation`).
    pub method: String,
    pub docs: String,
    pub delay: u32,
    pub max_attempts: u32,
    pub span: Span,
}

/// An AWS CLI command page, either format.
#[derive(Debug, Clone, PartialEq)]
pub struct CliPage {
    pub file: FileId,
    /// `get-maintenance-window-execution`.
    pub command: String,
    /// From the API reference link.
    pub operation: Option<String>,
    /// `Some` on `aws <service> wait <waiter>` pages: (delay, max attempts) from the description.
    pub waiter: Option<(u32, u32)>,
    /// The current format carries `.. meta::`, Global Options and Examples; the older does not.
    pub current_format: bool,
    pub docs: String,
    pub input: Vec<Field>,
    pub output: Vec<Field>,
    pub span: Span,
}

impl CliPage {
    /// Of two pages, the one whose command sorts first (a deterministic pick between aliases).
    pub fn min_by_name<'a>(&'a self, other: &'a CliPage) -> &'a CliPage {
        if other.command < self.command {
            other
        } else {
            self
        }
    }
}

/// Any page.
#[derive(Debug, Clone, PartialEq)]
pub enum Page {
    Client(ClientPage),
    Paginator(PaginatorPage),
    Waiter(WaiterPage),
    Cli(CliPage),
}

impl Page {
    /// A compact, human-readable rendering of what the page says (for snapshots and debugging):
    /// one line per field, indented by depth, docs shortened to their first line.
    pub fn outline(&self) -> String {
        let mut out = String::new();
        match self {
            Page::Client(p) => {
                out += &format!("boto3 client method `{}` -> operation {:?}\n", p.method, p.operation);
                out += &format!("docs: {}\n", first_line(&p.docs));
                out += "input:\n";
                outline_fields(&p.input, 1, &mut out);
                out += "output:\n";
                outline_fields(p.output.as_slice(), 1, &mut out);
                let errs: Vec<&str> = p.errors.iter().map(|e| e.name.as_str()).collect();
                out += &format!("errors: {}\n", errs.join(", "));
            }
            Page::Paginator(p) => {
                out += &format!("boto3 paginator `{}` over `{}`\n", p.name, p.method);
                out += "input:\n";
                outline_fields(&p.input, 1, &mut out);
                out += "output:\n";
                outline_fields(p.output.as_slice(), 1, &mut out);
            }
            Page::Waiter(p) => {
                out += &format!(
                    "boto3 waiter `{}` polls `{}` every {} s, at most {} times\n",
                    p.name, p.method, p.delay, p.max_attempts
                );
            }
            Page::Cli(p) => {
                out += &format!(
                    "CLI command `{}` ({} format) -> operation {:?}\n",
                    p.command,
                    if p.current_format { "current" } else { "older" },
                    p.operation
                );
                if let Some((d, a)) = p.waiter {
                    out += &format!("waiter: every {d} s, at most {a} times\n");
                }
                out += &format!("docs: {}\n", first_line(&p.docs));
                out += "input:\n";
                outline_fields(&p.input, 1, &mut out);
                out += "output:\n";
                outline_fields(&p.output, 1, &mut out);
            }
        }
        out
    }
}

fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("");
    if line.chars().count() > 80 {
        format!("{}…", line.chars().take(80).collect::<String>())
    } else {
        line.to_string()
    }
}

fn outline_fields(fields: &[Field], depth: usize, out: &mut String) {
    for f in fields {
        let label = match (&f.name, f.role) {
            (Some(n), _) => n.clone(),
            (None, Role::Item) => "[item]".into(),
            (None, Role::Key) => "{key}".into(),
            (None, Role::Value) => "{value}".into(),
            (None, Role::Member) => "(root)".into(),
        };
        let mut flags = Vec::new();
        match f.required {
            Some(true) => flags.push("required".to_string()),
            Some(false) => {}
            None => {}
        }
        if f.union {
            flags.push("union".into());
        }
        if f.recursive {
            flags.push("recursive".into());
        }
        if let Some(v) = &f.enum_values {
            flags.push(format!("enum[{}]", v.join("|")));
        }
        let flags = if flags.is_empty() { String::new() } else { format!(" {}", flags.join(" ")) };
        out.push_str(&format!("{}{label}: {:?}{flags}", "  ".repeat(depth), f.ty));
        let doc = first_line(&f.docs);
        if !doc.is_empty() {
            out.push_str(&format!("  # {doc}"));
        }
        out.push('\n');
        outline_fields(&f.children, depth + 1, out);
    }
}
