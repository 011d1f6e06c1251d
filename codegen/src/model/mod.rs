//! The intermediate shape model: what the emitter reads and reviewers diff.
//!
//! Every map is a `BTreeMap` and members keep page order, so the same pages give the same bytes.
//! Types are written as short strings (`list<Tag>`, `map<string, list<string>>`) so that a
//! member stays on one line of the JSON and a one-member change is a one-member diff.

pub mod lower;
pub mod naming;
pub mod overrides;
pub mod paging;
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
    /// The code an error answer carries, by error, where it is not the error's name (botocore
    /// `error.code`: IAM's `NoSuchEntityException` answers `NoSuchEntity`). Only for the
    /// protocols whose answers carry that code (awsQuery, ec2Query, restXml) and the awsJson
    /// services that took over from awsQuery ones (`awsQueryCompatible`: SQS answers
    /// `x-amzn-query-error: AWS.SimpleQueueService.NonExistentQueue;Sender`); other JSON
    /// answers name the shape.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub error_codes: BTreeMap<String, String>,
    /// What the pages document but the generated crate cannot offer (`waiter StreamExists`),
    /// with why; each was a located warning, and the crate's docs list them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub left_out: BTreeMap<String, String>,
    /// botocore's endpoint rule set for the service, minified, which the crate embeds (where
    /// requests go). Not part of `model.json`: it is committed as `botocore/endpoint-rule-set-1.json`.
    #[serde(skip)]
    pub endpoint_rules: Option<String>,
}

/// Wire facts the pages do not carry (`model/<service>/service.toml`, written by fetch-docs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceDescriptor {
    pub service_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    pub protocol: Protocol,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_prefix: Option<String>,
    pub signing_name: String,
    pub endpoint_prefix: String,
    pub api_version: String,
    /// A JSON service that took over from an awsQuery one (botocore `awsQueryCompatible`: SQS,
    /// CloudWatch): every request says `x-amzn-query-mode: true`. From the service model.
    #[serde(default, skip_serializing_if = "is_false")]
    pub aws_query_compatible: bool,
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
    /// Sent as this value when the caller leaves it out, as boto3 does (glacier's `accountId`
    /// is `-`, the credentials' account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_default: Option<String>,
    /// The service model marks the value secret: `Debug` shows `*** Sensitive Data Redacted ***`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sensitive: bool,
    /// The service model deprecates the member, with this message (possibly empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
    /// The service model's bounds on the value (none from the pages).
    #[serde(flatten)]
    pub constraints: Constraints,
    /// How the member travels, resolved for the service's protocol.
    #[serde(flatten)]
    pub wire: Wire,
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
    /// The status of a successful answer, where it is not 200 (botocore `responseCode`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_code: Option<u16>,
    /// The request must carry a checksum of its body (`httpChecksumRequired`, or
    /// `httpChecksum.requestChecksumRequired`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub checksum_required: bool,
    /// The header of the input member that picks the checksum algorithm
    /// (`httpChecksum.requestAlgorithmMember`: S3's `x-amz-sdk-checksum-algorithm`): the request
    /// takes a checksum, and sends one by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checksum_algorithm_header: Option<String>,
    /// The header of the input member that asks for the answer's checksum
    /// (`httpChecksum.requestValidationModeMember`: S3's `x-amz-checksum-mode`), and the
    /// algorithms the answer may carry (`responseAlgorithms`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checksum_mode_header: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub response_checksums: Vec<String>,
    /// The endpoint rule set's parameters the operation binds, by parameter name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub endpoint_params: BTreeMap<String, EndpointParam>,
    /// restXml: the element that holds the input's body members (the input's `locationName`:
    /// Route 53's `CreateHostedZoneRequest`), and its namespace URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xml_root: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xml_root_namespace: Option<String>,
    /// smithy-rpc-v2-cbor: the operation has no input shape, so the request has no body (botocore
    /// sends an empty map only for an input shape, even an empty one).
    #[serde(default, skip_serializing_if = "is_false")]
    pub no_input: bool,
}

/// Where an operation's endpoint parameter comes from (botocore `staticContextParams`, an input
/// member's `contextParam`, `operationContextParams`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndpointParam {
    /// A fixed value.
    Value(StaticValue),
    /// The input member of this name, when set.
    Member(String),
    /// A JMESPath expression over the input (`keys(RequestItems)`).
    Path(String),
}

/// A static endpoint parameter's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StaticValue {
    Bool(bool),
    Str(String),
}

/// How a member travels on the wire, resolved once (from the service model's traits and the
/// protocol's defaults) so that emitters and codecs never look at botocore's traits. Part of a
/// shape's identity: two shapes that differ only here are two shapes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Wire {
    /// Where the member travels (the body unless the model binds it elsewhere).
    #[serde(default, skip_serializing_if = "Location::is_body")]
    pub location: Location,
    /// Its name there where that is not the member's name (botocore `locationName`, or
    /// `jsonName`): the header, query key, URI label or body key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wire_name: Option<String>,
    /// How a timestamp (or the timestamps of a list or map) is written: the member's or its
    /// shape's `timestampFormat`, else the protocol's default for the location. Set on every
    /// member whose type holds a timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp_format: Option<TimestampFormat>,
    /// The value also fills a label of the operation's host prefix (`{AccountId}.`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub host_label: bool,
    /// A header whose value is JSON, base64-encoded (botocore `jsonvalue`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub json_value: bool,
    /// ec2's query key (botocore `queryName`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_name: Option<String>,
    /// An XML attribute rather than an element (botocore `xmlAttribute`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub xml_attribute: bool,
    /// The XML namespace of the element (botocore `xmlNamespace`: its URI).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xml_namespace: Option<String>,
    /// The namespace's prefix, where it has one (S3's `xsi`, for the `xsi:type` attribute).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xml_prefix: Option<String>,
    /// A list or map whose entries are repeated in place, without a wrapping element.
    #[serde(default, skip_serializing_if = "is_false")]
    pub flattened: bool,
    /// A list's item name in XML and query (the item's `locationName`; `member` when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_name: Option<String>,
    /// A map's key name in XML and query (the key's `locationName`; `key` when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_name: Option<String>,
    /// A map's value name in XML and query (the value's `locationName`; `value` when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_name: Option<String>,
    /// A string of JSON in an answer that botocore decodes after the call (`handlers.py`:
    /// `json_decode_policies`, `json_decode_template_body`) and boto3 documents as a `dict`:
    /// the member is a document, read from that text. Only on output members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_text: Option<JsonText>,
    /// A value in an answer that is left unset where it cannot be read, rather than failing the
    /// call (S3's `Expires`, as botocore's `handle_expires_header` treats it).
    #[serde(default, skip_serializing_if = "is_false")]
    pub lenient: bool,
}

/// How an answer's string holds JSON ([`Wire::json_text`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum JsonText {
    /// The text is JSON, or anything else kept as a string (CloudFormation's template body,
    /// which may be YAML).
    Plain,
    /// The text is percent-encoded JSON (IAM's policy documents).
    UrlEncoded,
}

impl Wire {
    /// Whether these are the plain facts of a body member (nothing to say in the model).
    pub fn is_plain(&self) -> bool {
        *self == Wire::default()
    }

    /// The same facts with the protocol's default timestamp format filled in where a member of
    /// type `ty` holds a timestamp and says none (models written before formats were recorded).
    pub fn resolved(&self, ty: &TypeRef, protocol: Protocol) -> Wire {
        let mut w = self.clone();
        if w.timestamp_format.is_none() && ty.holds_timestamp() {
            w.timestamp_format = Some(protocol.default_timestamp_format(w.location));
        }
        w
    }
}

/// Where a member travels (botocore `location`, with URI labels, query maps and the payload told
/// apart).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Location {
    /// A member of the body's structure.
    #[default]
    Body,
    /// A header (`location: header`).
    Header,
    /// Every header with the wire name as prefix, as a map (`location: headers`).
    PrefixHeaders,
    /// A label of the URI template (`{Name}`).
    Label,
    /// A greedy label of the URI template (`{Key+}`), which keeps its `/`.
    GreedyLabel,
    /// A query-string parameter.
    Query,
    /// The query-string parameters no other member takes, as a map.
    QueryMap,
    /// The HTTP status code of the answer.
    StatusCode,
    /// The whole body (the structure's `payload` member).
    Payload,
}

impl Location {
    pub fn is_body(&self) -> bool {
        *self == Location::Body
    }

    /// botocore's `location`, told apart further by the member's type and the URI template.
    pub fn from_botocore(location: &str, map: bool, greedy: bool) -> Option<Location> {
        Some(match location {
            "header" => Location::Header,
            "headers" => Location::PrefixHeaders,
            "uri" if greedy => Location::GreedyLabel,
            "uri" => Location::Label,
            "querystring" if map => Location::QueryMap,
            "querystring" => Location::Query,
            "statusCode" => Location::StatusCode,
            _ => return None,
        })
    }
}

/// How timestamps are written (botocore `timestampFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimestampFormat {
    /// `unixTimestamp`: seconds since the epoch, with a fraction.
    EpochSeconds,
    /// `iso8601`: RFC 3339.
    DateTime,
    /// `rfc822`: an HTTP date.
    HttpDate,
}

impl TimestampFormat {
    pub fn from_botocore(format: &str) -> Option<TimestampFormat> {
        Some(match format {
            "unixTimestamp" => TimestampFormat::EpochSeconds,
            "iso8601" => TimestampFormat::DateTime,
            "rfc822" => TimestampFormat::HttpDate,
            _ => return None,
        })
    }
}

/// A service's wire protocol, as botocore picks it from `metadata.protocols` (its first
/// supported entry in botocore's priority order: json, rest-json, rest-xml,
/// smithy-rpc-v2-cbor, query, ec2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Protocol {
    #[serde(rename = "json")]
    AwsJson,
    #[serde(rename = "rest-json")]
    RestJson,
    #[serde(rename = "rest-xml")]
    RestXml,
    #[serde(rename = "smithy-rpc-v2-cbor")]
    RpcV2Cbor,
    #[serde(rename = "query")]
    AwsQuery,
    #[serde(rename = "ec2")]
    Ec2Query,
}

impl Protocol {
    /// botocore's priority order.
    pub const PRIORITY: [Protocol; 6] = [
        Protocol::AwsJson,
        Protocol::RestJson,
        Protocol::RestXml,
        Protocol::RpcV2Cbor,
        Protocol::AwsQuery,
        Protocol::Ec2Query,
    ];

    /// botocore's name (`rest-json`).
    pub fn name(self) -> &'static str {
        match self {
            Protocol::AwsJson => "json",
            Protocol::RestJson => "rest-json",
            Protocol::RestXml => "rest-xml",
            Protocol::RpcV2Cbor => "smithy-rpc-v2-cbor",
            Protocol::AwsQuery => "query",
            Protocol::Ec2Query => "ec2",
        }
    }

    /// The protocol botocore would pick among those a service lists.
    pub fn pick<'a>(listed: impl IntoIterator<Item = &'a str> + Clone) -> Option<Protocol> {
        Protocol::PRIORITY.into_iter().find(|p| listed.clone().into_iter().any(|l| l == p.name()))
    }

    /// The timestamp format of a member at `location` whose model says none (Smithy's defaults:
    /// epoch seconds in JSON and CBOR bodies, RFC 3339 in XML and query bodies and in query
    /// strings and labels, HTTP dates in headers).
    pub fn default_timestamp_format(self, location: Location) -> TimestampFormat {
        match location {
            Location::Header | Location::PrefixHeaders => TimestampFormat::HttpDate,
            Location::Query | Location::QueryMap | Location::Label | Location::GreedyLabel => TimestampFormat::DateTime,
            Location::Body | Location::Payload | Location::StatusCode => match self {
                Protocol::AwsJson | Protocol::RestJson | Protocol::RpcV2Cbor => TimestampFormat::EpochSeconds,
                Protocol::RestXml | Protocol::AwsQuery | Protocol::Ec2Query => TimestampFormat::DateTime,
            },
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
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

/// How an operation pages, as botocore's `paginators-1.json` spells it (or as inferred from the
/// members the paginator page hides). Input tokens and the limit are top-level input members;
/// output tokens, `more_results` and result keys are paths into the output ([`paging`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paginator {
    pub input_token: Vec<String>,
    /// One per input token, in the same order: `NextMarker || Contents[-1].Key`.
    pub output_token: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_key: Option<String>,
    /// A boolean that must be true for another page (`IsTruncated`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub more_results: Option<String>,
    /// The lists each page contributes (`EngineDefaults.Parameters`); the first is what the
    /// items stream yields. Empty where the results are not lists: the pages alone are offered.
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
    /// Whether a value of this type is or holds a timestamp (a list or map of them).
    pub fn holds_timestamp(&self) -> bool {
        match self {
            TypeRef::Timestamp => true,
            TypeRef::List(i) => i.holds_timestamp(),
            TypeRef::Map(_, v) => v.holds_timestamp(),
            _ => false,
        }
    }

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
            protocol: Protocol::AwsJson,
            json_version: None,
            target_prefix: None,
            signing_name: "x".into(),
            endpoint_prefix: "x".into(),
            api_version: "1".into(),
            aws_query_compatible: false,
        }
    }
}

impl ServiceModel {
    /// The code an error answer carries for the error `name`.
    pub fn error_code<'a>(&'a self, name: &'a str) -> &'a str {
        self.error_codes.get(name).map_or(name, String::as_str)
    }

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
