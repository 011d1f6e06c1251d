//! The intermediate shape model: what the emitter reads and reviewers diff.
//!
//! Every map is a `BTreeMap` and members keep page order, so the same pages give the same bytes.
//! Types are written as short strings (`list<Tag>`, `map<string, list<string>>`) so that a
//! member stays on one line of the JSON and a one-member change is a one-member diff.

pub mod lower;
pub mod naming;
pub mod overrides;
pub mod waiters;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One service's operations and named shapes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceModel {
    pub service: ServiceDescriptor,
    pub operations: BTreeMap<String, Operation>,
    pub shapes: BTreeMap<String, Shape>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub waiters: BTreeMap<String, Waiter>,
    /// The members modeled exceptions carry besides their message (from the service model), by
    /// exception; an exception without such members is not listed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub errors: BTreeMap<String, ErrorShape>,
    /// What the pages document but the generated crate cannot offer (`waiter StreamExists`),
    /// with why; each was a located warning, and the crate's docs list them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub left_out: BTreeMap<String, String>,
}

/// Wire facts the pages do not carry (`model/<service>/service.toml`, written by fetch-docs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceDescriptor {
    pub service_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    pub protocol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_prefix: Option<String>,
    pub signing_name: String,
    pub endpoint_prefix: String,
    pub api_version: String,
}

/// One API operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
    #[serde(default)]
    pub input: Vec<Member>,
    #[serde(default)]
    pub output: Vec<Member>,
    /// Modeled exceptions, in page order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paginator: Option<Paginator>,
    /// The service model deprecates the operation, with this message (possibly empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
    /// How the operation sits on HTTP, from the service model (pages never say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpBinding>,
    /// The boto3 page's `**Examples**`, request and response as JSON where they are literals.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<crate::syntax::Example>,
}

/// A member of an input, output or structure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// The exact wire name.
    pub name: String,
    #[serde(rename = "type")]
    pub ty: TypeRef,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Filled by the client with a fresh UUID when the caller leaves it out.
    #[serde(default, skip_serializing_if = "is_false")]
    pub idempotency_token: bool,
    /// The service model marks the value secret: `Debug` shows `*** Sensitive Data Redacted ***`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sensitive: bool,
    /// The service model deprecates the member, with this message (possibly empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
    /// The service model's bounds on the value (none from the pages).
    #[serde(flatten)]
    pub constraints: Constraints,
    /// Where the member is bound outside the body, from the service model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
}

/// An operation's HTTP binding (botocore `http` and `endpoint`): awsJson sends every operation
/// as `POST /`; the REST protocols put each on its own method and URI template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpBinding {
    pub method: String,
    /// The request URI template (`/2015-03-31/functions/{FunctionName}`).
    pub uri: String,
    /// Prepended to the endpoint's host (`data-`), for operations served by another fleet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_prefix: Option<String>,
}

/// Where a member travels outside the body (botocore `location`: `header`, `headers`, `uri`,
/// `querystring`, `statusCode`), under which name. awsJson binds none; the REST protocols do.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Location {
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// What the service model bounds a value by (botocore `min`, `max`, `pattern`): the characters
/// of a string, the bytes of a blob, the items of a list, the entries of a map, the value of a
/// number. Builders check `min`, as botocore does before sending; `max` and `pattern` are
/// documented only (a service may raise a maximum without a client update, and the patterns
/// are Java regular expressions).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Constraints {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<serde_json::Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<serde_json::Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
}

impl Constraints {
    /// Whether the model sets no bound at all.
    pub fn is_empty(&self) -> bool {
        self.min.is_none() && self.max.is_none() && self.pattern.is_none()
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A named shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Shape {
    Structure {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        docs: String,
        /// A tagged union: exactly one member is set.
        #[serde(default, skip_serializing_if = "is_false")]
        union: bool,
        members: Vec<Member>,
    },
    Enum {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        docs: String,
        values: Vec<String>,
    },
}

/// A modeled exception's members (all optional: a service may leave any out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorShape {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
    pub members: Vec<Member>,
}

/// How an operation pages: the members the paginator page hides are the tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paginator {
    pub input_token: Vec<String>,
    pub output_token: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_key: Option<String>,
    pub result_keys: Vec<String>,
}

/// A waiter: poll `operation` every `delay` seconds, at most `max_attempts` times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Waiter {
    pub operation: String,
    pub delay: u32,
    pub max_attempts: u32,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
    /// What each answer means, in botocore's order (the first that matches decides). The pages
    /// do not say; botocore's `waiters-2.json` or `overrides.toml` does.
    #[serde(deserialize_with = "waiters::deserialize_acceptors")]
    pub acceptors: Vec<waiters::Acceptor>,
}

/// A member's type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    String,
    Integer,
    Long,
    Float,
    Double,
    Boolean,
    Timestamp,
    Blob,
    /// A streaming body (download or upload).
    Stream,
    /// An event stream.
    EventStream,
    Document,
    List(Box<TypeRef>),
    Map(Box<TypeRef>, Box<TypeRef>),
    /// A named shape.
    Shape(String),
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            TypeRef::String => "string",
            TypeRef::Integer => "integer",
            TypeRef::Long => "long",
            TypeRef::Float => "float",
            TypeRef::Double => "double",
            TypeRef::Boolean => "boolean",
            TypeRef::Timestamp => "timestamp",
            TypeRef::Blob => "blob",
            TypeRef::Stream => "stream",
            TypeRef::EventStream => "eventstream",
            TypeRef::Document => "document",
            TypeRef::List(t) => return write!(f, "list<{t}>"),
            TypeRef::Map(k, v) => return write!(f, "map<{k}, {v}>"),
            TypeRef::Shape(n) => n,
        };
        f.write_str(s)
    }
}

impl FromStr for TypeRef {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if let Some(inner) = s.strip_prefix("list<").and_then(|r| r.strip_suffix('>')) {
            return Ok(TypeRef::List(Box::new(inner.parse()?)));
        }
        if let Some(inner) = s.strip_prefix("map<").and_then(|r| r.strip_suffix('>')) {
            // Keys are never generic, so the first comma splits key from value.
            let (k, v) = inner.split_once(',').ok_or_else(|| format!("`{s}`: a map needs a key and a value"))?;
            return Ok(TypeRef::Map(Box::new(k.parse()?), Box::new(v.parse()?)));
        }
        Ok(match s {
            "string" => TypeRef::String,
            "integer" => TypeRef::Integer,
            "long" => TypeRef::Long,
            "float" => TypeRef::Float,
            "double" => TypeRef::Double,
            "boolean" => TypeRef::Boolean,
            "timestamp" => TypeRef::Timestamp,
            "blob" => TypeRef::Blob,
            "stream" => TypeRef::Stream,
            "eventstream" => TypeRef::EventStream,
            "document" => TypeRef::Document,
            n if n.starts_with(|c: char| c.is_ascii_uppercase()) && n.chars().all(|c| c.is_ascii_alphanumeric()) => {
                TypeRef::Shape(n.to_string())
            }
            other => return Err(format!("`{other}` is not a type")),
        })
    }
}

impl Serialize for TypeRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TypeRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl TypeRef {
    /// Every named shape this type mentions.
    pub fn shapes(&self, out: &mut Vec<String>) {
        match self {
            TypeRef::List(t) => t.shapes(out),
            TypeRef::Map(k, v) => {
                k.shapes(out);
                v.shapes(out);
            }
            TypeRef::Shape(n) => out.push(n.clone()),
            _ => {}
        }
    }
}

impl ServiceDescriptor {
    /// A descriptor for tests that need a model but no particular service.
    #[cfg(test)]
    pub(crate) fn example() -> Self {
        ServiceDescriptor {
            service_id: "X".into(),
            full_name: None,
            protocol: "json".into(),
            json_version: None,
            target_prefix: None,
            signing_name: "x".into(),
            endpoint_prefix: "x".into(),
            api_version: "1".into(),
        }
    }
}

impl ServiceModel {
    /// The model as committed: pretty JSON, two-space indent, trailing newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_strings_round_trip() {
        for s in
            ["string", "list<Tag>", "map<string, list<string>>", "map<InventoryKey, list<list<long>>>", "AlarmState"]
        {
            let t: TypeRef = s.parse().unwrap();
            assert_eq!(t.to_string(), s);
        }
        assert!("list<nope>".parse::<TypeRef>().is_err());
    }
}
