//! The second source: botocore's own JSON service model (`service-2.json`, `paginators-1.json`),
//! read into the same [`Field`] trees the page parsers produce, so that lowering can check the
//! pages against it and take from it what the pages never carry: shape names, sensitivity,
//! exact widths, map-key enums, idempotency tokens, deprecation and paginators.
//!
//! A structure that contains itself is expanded once; the inner occurrence is a recursion marker
//! naming the shape, as the page documenters mark theirs.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::model::waiters::{Acceptor, Tables};
use crate::model::{paging, Constraints, HttpBinding, JsonText, Location, Paginator, Protocol, TimestampFormat, Wire};
use crate::source::{FileId, SourceFile, Span};
use crate::syntax::{DocType, Field, Role};

/// What the model says of one service.
#[derive(Debug, Clone)]
pub struct Api {
    pub file: FileId,
    pub operations: BTreeMap<String, ApiOperation>,
    /// Paginators by operation, from `paginators-1.json`, where the tokens name top-level members.
    pub paginators: BTreeMap<String, Paginator>,
    /// Paginators `paginators-1.json` declares in a form the client cannot follow, with why.
    pub odd_paginators: BTreeMap<String, String>,
    /// Every exception an operation names: its documentation (HTML) and its members.
    pub exceptions: BTreeMap<String, ApiException>,
    /// `waiters-2.json`, where there is one: the file and its waiters by name.
    pub waiters: Option<(FileId, BTreeMap<String, ApiWaiter>)>,
    /// The protocol botocore picks from `metadata.protocols` (or `protocol`).
    pub protocol: Option<Protocol>,
    /// `metadata.awsQueryCompatible`: a JSON service that took over from an awsQuery one (SQS,
    /// CloudWatch), which expects `x-amzn-query-mode: true` on every request.
    pub aws_query_compatible: bool,
}

/// A waiter as `waiters-2.json` declares it: what it polls, how often, and what each answer means.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiWaiter {
    pub operation: String,
    pub delay: u32,
    pub max_attempts: u32,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub acceptors: Vec<Acceptor>,
    #[serde(skip)]
    pub span: Span,
}

impl Api {
    /// The acceptor lists of `waiters-2.json`, as lowering takes them.
    pub fn waiter_tables(&self) -> Tables {
        let Some((file, waiters)) = &self.waiters else { return Tables::new() };
        waiters.iter().map(|(name, w)| (name.clone(), (w.acceptors.clone(), *file, w.span))).collect()
    }
}

/// A modeled exception: what its error response carries besides the code.
#[derive(Debug, Clone)]
pub struct ApiException {
    pub docs: String,
    pub members: Vec<Field>,
    /// The code its answers carry, where the model gives one (`error.code`).
    pub code: Option<String>,
}

/// One operation as the model declares it.
#[derive(Debug, Clone)]
pub struct ApiOperation {
    /// HTML, as botocore carries it.
    pub docs: String,
    pub input: Vec<Field>,
    pub output: Vec<Field>,
    pub errors: Vec<String>,
    /// Those of `errors` the model does not list but its answers carry (S3 `HEAD`'s
    /// `NotFound`): no page lists them either.
    pub errors_added: Vec<String>,
    pub deprecated: Option<String>,
    pub http: Option<HttpBinding>,
    pub span: Span,
}

/// A JSON object read with its keys in file order (botocore's member order is the API's).
#[derive(Debug, Clone)]
struct Ordered<T>(Vec<(String, T)>);

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered<T>, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry()? {
                    out.push((k, v));
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

#[derive(Debug, Deserialize)]
struct ServiceJson {
    #[serde(default)]
    metadata: MetadataJson,
    #[serde(default)]
    operations: Ordered<OperationJson>,
    #[serde(default)]
    shapes: BTreeMap<String, ShapeJson>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MetadataJson {
    protocol: Option<String>,
    endpoint_prefix: Option<String>,
    #[serde(default)]
    protocols: Vec<String>,
    aws_query_compatible: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OperationJson {
    http: Option<HttpJson>,
    #[serde(default)]
    http_checksum_required: bool,
    http_checksum: Option<HttpChecksumJson>,
    endpoint: Option<EndpointJson>,
    #[serde(default)]
    static_context_params: BTreeMap<String, StaticParamJson>,
    #[serde(default)]
    operation_context_params: BTreeMap<String, PathParamJson>,
    input: Option<ShapeRef>,
    output: Option<ShapeRef>,
    #[serde(default)]
    errors: Vec<ShapeRef>,
    #[serde(default)]
    documentation: String,
    #[serde(default)]
    deprecated: bool,
    deprecated_message: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct HttpJson {
    method: String,
    request_uri: String,
    response_code: Option<u16>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct HttpChecksumJson {
    #[serde(default)]
    request_checksum_required: bool,
    request_algorithm_member: Option<String>,
    request_validation_mode_member: Option<String>,
    #[serde(default)]
    response_algorithms: Vec<String>,
}

/// `{"uri": ...}` in botocore's models; the protocol suites also write the URI alone.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum XmlNamespaceJson {
    Uri(String),
    Object { uri: Option<String>, prefix: Option<String> },
}

impl XmlNamespaceJson {
    fn uri(&self) -> Option<String> {
        match self {
            XmlNamespaceJson::Uri(u) => Some(u.clone()),
            XmlNamespaceJson::Object { uri, .. } => uri.clone(),
        }
    }

    fn prefix(&self) -> Option<String> {
        match self {
            XmlNamespaceJson::Uri(_) => None,
            XmlNamespaceJson::Object { prefix, .. } => prefix.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
struct ErrorTraitJson {
    code: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct EndpointJson {
    host_prefix: Option<String>,
}

#[derive(Debug, Deserialize)]
struct StaticParamJson {
    value: crate::model::StaticValue,
}

#[derive(Debug, Deserialize)]
struct PathParamJson {
    path: String,
}

#[derive(Debug, Clone, Deserialize)]
struct ContextParamJson {
    name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ShapeRef {
    shape: String,
    location: Option<String>,
    location_name: Option<String>,
    timestamp_format: Option<String>,
    #[serde(default)]
    host_label: bool,
    #[serde(default)]
    jsonvalue: bool,
    query_name: Option<String>,
    #[serde(default)]
    xml_attribute: bool,
    xml_namespace: Option<XmlNamespaceJson>,
    #[serde(default)]
    flattened: bool,
    #[serde(default)]
    documentation: String,
    #[serde(default)]
    idempotency_token: bool,
    context_param: Option<ContextParamJson>,
    #[serde(default)]
    deprecated: bool,
    deprecated_message: Option<String>,
    /// Enum values on the reference itself (botocore lets a reference override its shape's traits).
    #[serde(rename = "enum")]
    values: Option<Vec<String>>,
    /// On an operation's input or output reference, the payload member (the older models say
    /// it there rather than on the structure; botocore reads both).
    payload: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ShapeJson {
    #[serde(rename = "type")]
    ty: String,
    #[serde(default)]
    members: Ordered<ShapeRef>,
    #[serde(default)]
    required: Vec<String>,
    member: Option<ShapeRef>,
    key: Option<ShapeRef>,
    value: Option<ShapeRef>,
    #[serde(rename = "enum")]
    values: Option<Vec<String>>,
    #[serde(default)]
    sensitive: bool,
    #[serde(default)]
    union: bool,
    #[serde(default)]
    document: bool,
    #[serde(default)]
    eventstream: bool,
    #[serde(default)]
    streaming: bool,
    #[serde(default)]
    documentation: String,
    min: Option<serde_json::Number>,
    max: Option<serde_json::Number>,
    pattern: Option<String>,
    timestamp_format: Option<String>,
    /// The member that is the whole body.
    payload: Option<String>,
    #[serde(default)]
    flattened: bool,
    xml_namespace: Option<XmlNamespaceJson>,
    /// An exception's traits (`code`: the awsQuery error code).
    error: Option<ErrorTraitJson>,
    /// Where members of this shape travel, unless the member says (botocore reads a shape's
    /// serialization traits under its reference's).
    location: Option<String>,
    location_name: Option<String>,
}

/// A member's wire traits as the reference and its shape declare them (a payload and greedy
/// labels are the enclosing operation's to say: [`bind_top`]).
fn wire(name: Option<&str>, r: &ShapeRef, shape: &ShapeJson) -> Wire {
    let location = r.location.as_deref().or(shape.location.as_deref());
    let location = location.and_then(|l| Location::from_botocore(l, shape.ty == "map", false));
    let location_name = r.location_name.as_ref().or(shape.location_name.as_ref());
    let format = r.timestamp_format.as_deref().or(shape.timestamp_format.as_deref());
    Wire {
        location: location.unwrap_or_default(),
        // Prefix headers without a `locationName` take every header (botocore's prefix is "").
        wire_name: match (&location, location_name) {
            (Some(Location::PrefixHeaders), None) => Some(String::new()),
            _ => location_name.cloned().filter(|n| Some(n.as_str()) != name),
        },
        timestamp_format: format.and_then(TimestampFormat::from_botocore),
        host_label: r.host_label,
        json_value: r.jsonvalue,
        query_name: r.query_name.clone(),
        xml_attribute: r.xml_attribute,
        xml_namespace: r.xml_namespace.as_ref().or(shape.xml_namespace.as_ref()).and_then(XmlNamespaceJson::uri),
        xml_prefix: r.xml_namespace.as_ref().or(shape.xml_namespace.as_ref()).and_then(XmlNamespaceJson::prefix),
        flattened: r.flattened || shape.flattened,
        // Filled from the item, key and value once they are read (`Reader::field`).
        item_name: None,
        key_name: None,
        value_name: None,
        json_text: None,
        lenient: false,
    }
}

/// botocore's `after-call` handlers that decode a string of JSON in answers, which boto3 then
/// documents as a `dict` (`handlers.py`): every IAM member of shape `policyDocumentType`
/// (`json_decode_policies`: URL-encoded JSON), marked as it is read ([`Reader::field`]), and
/// CloudFormation `GetTemplate`'s `TemplateBody` (`json_decode_template_body`), marked here. The
/// lowering makes the output members documents and leaves the inputs strings.
const IAM_POLICY_SHAPE: &str = "policyDocumentType";

fn mark_template_body(endpoint_prefix: Option<&str>, operations: &mut BTreeMap<String, ApiOperation>) {
    if endpoint_prefix != Some("cloudformation") {
        return;
    }
    let body = operations.get_mut("GetTemplate").and_then(|o| {
        o.output.iter_mut().find(|f| f.name.as_deref() == Some("TemplateBody") && f.ty == DocType::String)
    });
    if let Some(f) = body {
        f.wire.json_text = Some(JsonText::Plain);
    }
}

/// S3's `Expires` header in `GetObject` and `HeadObject` answers: botocore's
/// `handle_expires_header` leaves it unset where it is not a date (and keeps the text as
/// `ExpiresString`), rather than failing the call.
fn mark_lenient_expires(endpoint_prefix: Option<&str>, operations: &mut BTreeMap<String, ApiOperation>) {
    if endpoint_prefix != Some("s3") {
        return;
    }
    for op in ["GetObject", "HeadObject"] {
        let expires =
            operations.get_mut(op).and_then(|o| o.output.iter_mut().find(|f| f.name.as_deref() == Some("Expires")));
        if let Some(f) = expires {
            f.wire.lenient = true;
        }
    }
}

/// S3 and S3 Control, whose rule sets place the bucket and the account ID in the endpoint:
/// botocore strips the leading `/{Bucket}` from every S3 request URI
/// (`remove_bucket_from_url_paths_from_model`) and the `{AccountId}.` host prefix from every S3
/// Control operation that requires an account ID (`remove_accid_host_prefix_from_model`), so that
/// neither appears twice; and resolves `GetBucketLocation` path-style
/// (`customize_endpoint_resolver_builtins`), since the bucket's region is what it asks.
fn place_buckets_by_rules(endpoint_prefix: Option<&str>, operations: &mut BTreeMap<String, ApiOperation>) {
    use crate::model::{EndpointParam, StaticValue};
    for (name, op) in operations.iter_mut() {
        let Some(http) = op.http.as_mut() else { continue };
        match endpoint_prefix {
            Some("s3") => {
                if let Some(rest) = http.uri.strip_prefix("/{Bucket}") {
                    http.uri = rest.to_string();
                }
                if name == "GetBucketLocation" {
                    http.endpoint_params.insert("ForcePathStyle".into(), EndpointParam::Value(StaticValue::Bool(true)));
                }
            }
            Some("s3-control") => {
                let requires = http.endpoint_params.get("RequiresAccountId")
                    == Some(&EndpointParam::Value(StaticValue::Bool(true)));
                if requires && http.host_prefix.as_deref() == Some("{AccountId}.") {
                    http.host_prefix = None;
                }
            }
            _ => {}
        }
    }
}

/// S3's `HEAD` operations: a missing bucket or object answers 404 with no body, so the only code
/// is the status (`404`, as botocore reports it) and the model's `NoSuchKey`/`NoSuchBucket` never
/// arrives. A `NotFound` error matching that code (as aws-sdk-s3's) lets a caller match it.
fn add_head_not_found(
    endpoint_prefix: Option<&str>,
    operations: &mut BTreeMap<String, ApiOperation>,
    exceptions: &mut BTreeMap<String, ApiException>,
) {
    if endpoint_prefix != Some("s3") {
        return;
    }
    let heads = operations.values_mut().filter(|o| o.http.as_ref().is_some_and(|h| h.method == "HEAD"));
    let mut any = false;
    for op in heads {
        if !op.errors.iter().any(|e| e == "NotFound") {
            op.errors.push("NotFound".into());
            op.errors_added.push("NotFound".into());
        }
        any = true;
    }
    if any && !exceptions.contains_key("NotFound") {
        let docs = "<p>The bucket or object does not exist. A <code>HEAD</code> request's 404 answer has no body, \
                    so its code is its status, <code>404</code>.</p>";
        exceptions.insert(
            "NotFound".into(),
            ApiException { docs: docs.into(), members: Vec::new(), code: Some("404".into()) },
        );
    }
}

/// Where each operation and shape is defined, found by scanning the text: serde keeps no spans.
#[derive(Default)]
struct Spans {
    operations: BTreeMap<String, Span>,
    shapes: BTreeMap<String, Span>,
    waiters: BTreeMap<String, Span>,
}

impl Spans {
    /// botocore's files as fetch-docs writes them: one key per line, sections at indent 1,
    /// operations and shapes at indent 2. Anything else gives file-level spans.
    fn scan(text: &str) -> Spans {
        let mut spans = Spans::default();
        let mut section = "";
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let indent = line.len() - line.trim_start_matches(' ').len();
            let key = line.trim_start().strip_prefix('"').and_then(|r| r.split_once('"')).map(|(k, _)| k);
            if let Some(key) = key {
                let span = Span::new(offset + indent, offset + line.trim_end().len());
                match indent {
                    1 => section = if matches!(key, "operations" | "shapes" | "waiters") { key } else { "" },
                    2 if section == "operations" => {
                        spans.operations.entry(key.to_string()).or_insert(span);
                    }
                    2 if section == "shapes" => {
                        spans.shapes.entry(key.to_string()).or_insert(span);
                    }
                    2 if section == "waiters" => {
                        spans.waiters.entry(key.to_string()).or_insert(span);
                    }
                    _ => {}
                }
            }
            offset += line.len();
        }
        spans
    }
}

/// The header that carries an operation's checksum algorithm: its `requestAlgorithmMember`'s
/// `locationName`.
fn checksum_algorithm_header(op: &OperationJson, shapes: &BTreeMap<String, ShapeJson>) -> Option<String> {
    header_of(op, shapes, op.http_checksum.as_ref()?.request_algorithm_member.as_ref()?)
}

/// The header that asks for an answer's checksum (`requestValidationModeMember`'s
/// `locationName`: S3's `x-amz-checksum-mode`).
fn checksum_mode_header(op: &OperationJson, shapes: &BTreeMap<String, ShapeJson>) -> Option<String> {
    header_of(op, shapes, op.http_checksum.as_ref()?.request_validation_mode_member.as_ref()?)
}

/// The `locationName` of an input member.
fn header_of(op: &OperationJson, shapes: &BTreeMap<String, ShapeJson>, member: &str) -> Option<String> {
    let input = shapes.get(&op.input.as_ref()?.shape)?;
    let r = input.members.0.iter().find(|(name, _)| name == member).map(|(_, r)| r)?;
    r.location_name.clone().or_else(|| shapes.get(&r.shape)?.location_name.clone())
}

/// The endpoint parameters an operation binds: fixed values, input members, paths over the input.
fn endpoint_params(
    op: &OperationJson,
    shapes: &BTreeMap<String, ShapeJson>,
) -> BTreeMap<String, crate::model::EndpointParam> {
    use crate::model::EndpointParam;
    let mut out = BTreeMap::new();
    for (name, p) in &op.static_context_params {
        out.insert(name.clone(), EndpointParam::Value(p.value.clone()));
    }
    let input = op.input.as_ref().and_then(|r| shapes.get(&r.shape));
    for (member, r) in input.into_iter().flat_map(|s| &s.members.0) {
        if let Some(c) = &r.context_param {
            out.insert(c.name.clone(), EndpointParam::Member(member.clone()));
        }
    }
    for (name, p) in &op.operation_context_params {
        out.insert(name.clone(), EndpointParam::Path(p.path.clone()));
    }
    out
}

/// Reads `service-2.json` (and `paginators-1.json` and `waiters-2.json` where there are).
/// Problems are located diagnostics; `None` when the model cannot be used.
pub fn parse(
    file: FileId,
    source: &SourceFile,
    paginators: Option<(FileId, &SourceFile)>,
    waiters: Option<(FileId, &SourceFile)>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Api> {
    let json: ServiceJson = read_json(file, source, "the service model", diags)?;
    let spans = Spans::scan(&source.text);
    let endpoint_prefix = json.metadata.endpoint_prefix.as_deref();
    let json_text_shape = (endpoint_prefix == Some("iam")).then_some(IAM_POLICY_SHAPE);
    let ec2 = json.metadata.protocol.as_deref() == Some("ec2");
    let listed = json.metadata.protocols.iter().map(String::as_str).chain(json.metadata.protocol.as_deref());
    let cbor = Protocol::pick(listed) == Some(Protocol::RpcV2Cbor);
    let mut reader =
        Reader { shapes: &json.shapes, json_text_shape, ec2, spans: &spans, file, diags, stack: Vec::new() };
    let mut operations = BTreeMap::new();
    for (name, op) in &json.operations.0 {
        let span = spans.operations.get(name).copied().unwrap_or_default();
        let input = op.input.as_ref().map(|r| reader.top(r)).unwrap_or_default();
        let output = op.output.as_ref().map(|r| reader.top(r)).unwrap_or_default();
        let mut errors: Vec<String> = Vec::new();
        for e in &op.errors {
            if !errors.contains(&e.shape) {
                errors.push(e.shape.clone());
            }
        }
        let deprecated = op.deprecated.then(|| op.deprecated_message.clone().unwrap_or_default());
        let http = op.http.as_ref().map(|h| HttpBinding {
            method: h.method.clone(),
            uri: h.request_uri.clone(),
            host_prefix: op.endpoint.as_ref().and_then(|e| e.host_prefix.clone()),
            response_code: h.response_code.filter(|&c| c != 200),
            checksum_required: op.http_checksum_required
                || op.http_checksum.as_ref().is_some_and(|c| c.request_checksum_required),
            checksum_algorithm_header: checksum_algorithm_header(op, &json.shapes),
            checksum_mode_header: checksum_mode_header(op, &json.shapes),
            response_checksums: op.http_checksum.as_ref().map(|c| c.response_algorithms.clone()).unwrap_or_default(),
            endpoint_params: endpoint_params(op, &json.shapes),
            no_input: op.input.is_none() && cbor,
            xml_root: op.input.as_ref().and_then(|r| r.location_name.clone()),
            xml_root_namespace: op.input.as_ref().and_then(|r| {
                let shape = json.shapes.get(&r.shape).and_then(|s| s.xml_namespace.as_ref());
                r.xml_namespace.as_ref().or(shape).and_then(XmlNamespaceJson::uri)
            }),
        });
        let (mut input, mut output) = (input, output);
        if let (Some(r), Some(h)) = (&op.input, &http) {
            bind_top(&mut input, json.shapes.get(&r.shape), r.payload.as_deref(), Some(&h.uri));
        }
        if let Some(r) = &op.output {
            bind_top(&mut output, json.shapes.get(&r.shape), r.payload.as_deref(), None);
        }
        operations.insert(
            name.clone(),
            ApiOperation {
                docs: op.documentation.clone(),
                input,
                output,
                errors,
                errors_added: Vec::new(),
                deprecated,
                http,
                span,
            },
        );
    }
    mark_template_body(endpoint_prefix, &mut operations);
    mark_lenient_expires(endpoint_prefix, &mut operations);
    place_buckets_by_rules(endpoint_prefix, &mut operations);
    let mut exceptions = BTreeMap::new();
    for name in operations.values().flat_map(|o| o.errors.iter()) {
        if let (false, Some(shape)) = (exceptions.contains_key(name), json.shapes.get(name)) {
            let members = reader.members(shape);
            let code = shape.error.as_ref().and_then(|e| e.code.clone());
            exceptions.insert(name.clone(), ApiException { docs: shape.documentation.clone(), members, code });
        }
    }
    add_head_not_found(endpoint_prefix, &mut operations, &mut exceptions);
    let (paginators, odd_paginators) = match paginators {
        Some((pid, psrc)) => read_paginators(pid, psrc, &operations, diags)?,
        None => (BTreeMap::new(), BTreeMap::new()),
    };
    let waiters = match waiters {
        Some((wid, wsrc)) => Some((wid, read_waiters(wid, wsrc, diags)?)),
        None => None,
    };
    let md = &json.metadata;
    let listed: Vec<&str> = md.protocols.iter().map(String::as_str).chain(md.protocol.as_deref()).collect();
    let protocol = Protocol::pick(listed.iter().copied());
    let aws_query_compatible = md.aws_query_compatible.is_some();
    Some(Api { file, operations, paginators, odd_paginators, exceptions, waiters, protocol, aws_query_compatible })
}

/// What only an operation's own input or output structure says of its members: which one is
/// the payload (`payload`), and which URI labels are greedy (`{Key+}` in the template).
fn bind_top(members: &mut [Field], shape: Option<&ShapeJson>, on_ref: Option<&str>, uri: Option<&str>) {
    let payload = shape.and_then(|s| s.payload.as_deref()).or(on_ref);
    for f in members {
        if payload.is_some() && f.name.as_deref() == payload {
            f.wire.location = Location::Payload;
            // A blob payload is the whole body: a stream, as botocore and boto3 treat it
            // (boto3 documents it as "bytes or seekable file-like object").
            if f.ty == DocType::Blob {
                f.ty = DocType::StreamingBody;
            }
        }
        if let (Location::Label, Some(uri)) = (f.wire.location, uri) {
            let label = f.wire.wire_name.as_deref().or(f.name.as_deref()).unwrap_or_default();
            if uri.contains(&format!("{{{label}+}}")) {
                f.wire.location = Location::GreedyLabel;
            }
        }
    }
}

/// `waiters-2.json`: each waiter with where it is declared.
fn read_waiters(file: FileId, source: &SourceFile, diags: &mut Vec<Diagnostic>) -> Option<BTreeMap<String, ApiWaiter>> {
    #[derive(Deserialize)]
    struct WaitersJson {
        #[serde(default)]
        waiters: BTreeMap<String, ApiWaiter>,
    }
    let mut json: WaitersJson = read_json(file, source, "the waiters", diags)?;
    let spans = Spans::scan(&source.text);
    for (name, w) in json.waiters.iter_mut() {
        w.span = spans.waiters.get(name).copied().unwrap_or_default();
    }
    Some(json.waiters)
}

/// Parses a JSON file; a syntax or shape error is a diagnostic at serde_json's line and column.
fn read_json<T: serde::de::DeserializeOwned>(
    file: FileId,
    source: &SourceFile,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    serde_json::from_str(&source.text)
        .map_err(|e| {
            let at = source.offset_of(e.line(), e.column());
            diags.push(Diagnostic::new(file, Span::new(at, at), format!("cannot read {what}: {e}")));
        })
        .ok()
}

struct Reader<'a, 'd> {
    shapes: &'a BTreeMap<String, ShapeJson>,
    /// Strings of this shape are JSON text botocore decodes in answers (IAM's policies).
    json_text_shape: Option<&'static str>,
    /// ec2Query names request parameters by `queryName`, else the `locationName` capitalised.
    ec2: bool,
    spans: &'a Spans,
    file: FileId,
    diags: &'d mut Vec<Diagnostic>,
    /// The structures being expanded, for recursion markers.
    stack: Vec<String>,
}

impl Reader<'_, '_> {
    /// An operation's input or output structure: its members.
    fn top(&mut self, r: &ShapeRef) -> Vec<Field> {
        let Some(shape) = self.shapes.get(&r.shape) else {
            self.missing(&r.shape);
            return Vec::new();
        };
        // Not on the stack: an operation's input is no shape, so a member holding the same
        // structure (glue `TestConnectionInput`) is expanded, not a recursion.
        self.members(shape)
    }

    fn missing(&mut self, name: &str) {
        self.diags.push(Diagnostic::new(
            self.file,
            Span::default(),
            format!("the service model refers to shape `{name}`, which it does not define"),
        ));
    }

    fn members(&mut self, shape: &ShapeJson) -> Vec<Field> {
        let required: BTreeSet<&str> = shape.required.iter().map(String::as_str).collect();
        shape
            .members
            .0
            .iter()
            .map(|(name, r)| {
                let mut f = self.field(Some(name.clone()), Role::Member, r);
                f.required = Some(required.contains(name.as_str()));
                f
            })
            .collect()
    }

    /// The field a member, list item or map entry declares, expanded below.
    fn field(&mut self, name: Option<String>, role: Role, r: &ShapeRef) -> Field {
        let span = self.spans.shapes.get(&r.shape).copied().unwrap_or_default();
        let Some(shape) = self.shapes.get(&r.shape) else {
            self.missing(&r.shape);
            return Field::new(name, role, DocType::Document, span, None, span);
        };
        let ty = doc_type(shape);
        let mut f = Field::new(name, role, ty, span, None, span);
        f.docs = r.documentation.clone();
        f.idempotency_token = r.idempotency_token;
        f.width_known = true;
        f.sensitive = self.sensitive(&r.shape, 0);
        f.deprecated = r.deprecated.then(|| r.deprecated_message.clone().unwrap_or_default());
        f.wire = wire(f.name.as_deref(), r, shape);
        if self.ec2 && f.wire.query_name.is_none() {
            // botocore's `EC2Serializer`: a `locationName` is always capitalised in a request.
            let location_name = r.location_name.as_ref().or(shape.location_name.as_ref());
            let capitalised = location_name.map(|n| n[..1].to_ascii_uppercase() + &n[1..]);
            f.wire.query_name = capitalised.filter(|q| Some(q) != f.name.as_ref());
        }
        if self.json_text_shape == Some(r.shape.as_str()) && ty == DocType::String {
            f.wire.json_text = Some(JsonText::UrlEncoded);
        }
        f.union = shape.union;
        // botocore lets a reference override its shape's traits; apigatewayv2 puts an `enum`
        // on a reference to a plain string.
        f.enum_values = r.values.clone().or_else(|| shape.values.clone());
        if f.enum_values.is_none() && !matches!(ty, DocType::Structure | DocType::Union) {
            f.constraints =
                Constraints { min: shape.min.clone(), max: shape.max.clone(), pattern: shape.pattern.clone() };
        }
        let named = matches!(ty, DocType::Structure | DocType::Union) || shape.values.is_some();
        if named {
            f.shape = Some(r.shape.clone());
            f.shape_docs = shape.documentation.clone();
        }
        if f.role != Role::Member {
            f.docs = shape.documentation.clone();
        }
        match ty {
            DocType::Structure | DocType::Union if self.stack.contains(&r.shape) => f.recursive = true,
            DocType::Structure | DocType::Union => {
                self.stack.push(r.shape.clone());
                f.children = self.members(shape);
                self.stack.pop();
            }
            DocType::List => match &shape.member {
                Some(m) => f.children = vec![self.field(None, Role::Item, m)],
                None => self.malformed(&r.shape, "a list without `member`"),
            },
            DocType::Map => match (&shape.key, &shape.value) {
                (Some(k), Some(v)) => {
                    f.children = vec![self.field(None, Role::Key, k), self.field(None, Role::Value, v)]
                }
                _ => self.malformed(&r.shape, "a map without `key` and `value`"),
            },
            _ => {}
        }
        // XML and query name a list's items and a map's keys and values (JSON never does).
        let name_of = |i: usize| f.children.get(i).and_then(|c| c.wire.wire_name.clone());
        match ty {
            DocType::List => f.wire.item_name = name_of(0),
            DocType::Map => (f.wire.key_name, f.wire.value_name) = (name_of(0), name_of(1)),
            _ => {}
        }
        if f.wire.timestamp_format.is_none() {
            // A list's or map's timestamps are written as its item's or value's are.
            f.wire.timestamp_format = f.children.last().and_then(|c| c.wire.timestamp_format);
        }
        f
    }

    fn malformed(&mut self, name: &str, what: &str) {
        let span = self.spans.shapes.get(name).copied().unwrap_or_default();
        self.diags.push(Diagnostic::new(self.file, span, format!("shape `{name}` is {what}")));
    }

    /// Whether a value of this shape is secret: the shape is marked, or it is a list or map of
    /// secrets (a structure with secret members is not itself secret; its members are).
    fn sensitive(&self, name: &str, depth: usize) -> bool {
        let Some(shape) = self.shapes.get(name) else { return false };
        if shape.sensitive {
            return true;
        }
        if depth > 16 {
            return false;
        }
        let refs: Vec<&ShapeRef> = match shape.ty.as_str() {
            "list" => shape.member.iter().collect(),
            "map" => shape.key.iter().chain(shape.value.iter()).collect(),
            _ => Vec::new(),
        };
        refs.iter().any(|r| self.sensitive(&r.shape, depth + 1))
    }
}

fn doc_type(shape: &ShapeJson) -> DocType {
    match shape.ty.as_str() {
        "structure" if shape.document => DocType::Document,
        "structure" if shape.eventstream => DocType::EventStream,
        "structure" if shape.union => DocType::Union,
        "structure" => DocType::Structure,
        "list" => DocType::List,
        "map" => DocType::Map,
        // botocore reads a `character` as a string (the old suites declare one).
        "string" | "character" => DocType::String,
        "integer" | "short" | "byte" => DocType::Integer,
        "long" => DocType::Long,
        "float" => DocType::Float,
        "double" | "bigdecimal" => DocType::Double,
        "boolean" => DocType::Boolean,
        "timestamp" => DocType::Timestamp,
        "blob" if shape.streaming => DocType::StreamingBody,
        "blob" => DocType::Blob,
        _ => DocType::Document,
    }
}

#[derive(Debug, Deserialize)]
struct PaginatorsJson {
    #[serde(default)]
    pagination: BTreeMap<String, PaginatorJson>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
struct PaginatorJson {
    input_token: Option<OneOrMany>,
    output_token: Option<OneOrMany>,
    limit_key: Option<String>,
    more_results: Option<String>,
    result_key: Option<OneOrMany>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn list(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

type PaginatorTables = (BTreeMap<String, Paginator>, BTreeMap<String, String>);

/// `paginators-1.json`: the paginators whose tokens and results the operation has (see
/// [`paginator`]); the others, with why.
fn read_paginators(
    file: FileId,
    source: &SourceFile,
    operations: &BTreeMap<String, ApiOperation>,
    diags: &mut Vec<Diagnostic>,
) -> Option<PaginatorTables> {
    let json: PaginatorsJson = read_json(file, source, "the paginators", diags)?;
    let mut good = BTreeMap::new();
    let mut odd = BTreeMap::new();
    for (op, p) in json.pagination {
        let Some(o) = operations.get(&op) else {
            odd.insert(op.clone(), format!("`paginators-1.json` pages `{op}`, which the model does not have"));
            continue;
        };
        match paginator(o, p) {
            Ok(p) => {
                good.insert(op, p);
            }
            Err(why) => {
                odd.insert(op, why);
            }
        }
    }
    Some((good, odd))
}

/// One paginator, checked against its operation: input tokens and the limit are top-level input
/// members; each output token (a [`paging`] path, or alternatives) leads to a member of its input
/// token's type, `more_results` to a boolean, and each result key somewhere in the output.
/// Results that are lists are kept (boto3 also sums counters, DynamoDB's `Count`).
fn paginator(o: &ApiOperation, p: PaginatorJson) -> Result<Paginator, String> {
    let input_token = p.input_token.as_ref().map(OneOrMany::list).unwrap_or_default();
    let output_token = p.output_token.as_ref().map(OneOrMany::list).unwrap_or_default();
    let top = |n: &str| o.input.iter().find(|f| f.name.as_deref() == Some(n));
    if input_token.is_empty() || input_token.len() != output_token.len() {
        return Err(format!("{} input tokens for {} output tokens", input_token.len(), output_token.len()));
    }
    for (input, expr) in input_token.iter().zip(&output_token) {
        let field = top(input).ok_or_else(|| format!("input token `{input}` is not a top-level input member"))?;
        for path in paging::parse(expr)? {
            let leaf = follow(&o.output, &path).ok_or_else(|| format!("output token `{path}` is not in the output"))?;
            if (leaf.ty, &leaf.shape) != (field.ty, &field.shape) {
                return Err(format!("output token `{path}` is not of input token `{input}`'s type"));
            }
        }
    }
    if let Some(limit) = p.limit_key.as_deref().filter(|l| top(l).is_none()) {
        return Err(format!("limit `{limit}` is not a top-level input member"));
    }
    if let Some(more) = &p.more_results {
        let path = paging::parse_path(more)?;
        if follow(&o.output, &path).is_none_or(|f| f.ty != DocType::Boolean) {
            return Err(format!("`more_results` `{more}` is not a boolean of the output"));
        }
    }
    let mut result_keys = Vec::new();
    for key in p.result_key.as_ref().map(OneOrMany::list).unwrap_or_default() {
        let leaf = follow(&o.output, &paging::parse_path(&key)?);
        match leaf.ok_or_else(|| format!("result key `{key}` is not in the output"))?.ty {
            DocType::List => result_keys.push(key),
            _ => continue,
        }
    }
    Ok(Paginator { input_token, output_token, limit_key: p.limit_key, more_results: p.more_results, result_keys })
}

/// The field a paginator path leads to in an operation's output: members of structures, and a
/// list's item for `[-1]`.
fn follow<'f>(output: &'f [Field], path: &paging::Path) -> Option<&'f Field> {
    let mut here: Option<&Field> = None;
    for step in &path.0 {
        let next = match (step, here) {
            (paging::Step::Member(name), None) => output.iter().find(|f| f.name.as_deref() == Some(name)),
            (paging::Step::Member(name), Some(f)) if f.ty == DocType::Structure && !f.union => {
                f.children.iter().find(|c| c.name.as_deref() == Some(name))
            }
            (paging::Step::Last, Some(f)) if f.ty == DocType::List => f.children.first(),
            _ => None,
        };
        here = Some(next?);
    }
    here
}

/// The model's operations as client pages, for a build from the model alone: docs become RST,
/// every width is known, and the paginators come from `paginators-1.json` in lowering.
pub fn client_pages(api: &Api) -> Vec<crate::syntax::Page> {
    use crate::syntax::{ClientPage, ErrorRef, Page, Truncated, WaiterPage};
    let waiters = api.waiters.iter().flat_map(|(file, ws)| {
        ws.iter().map(|(name, w)| {
            Page::Waiter(WaiterPage {
                file: *file,
                name: name.clone(),
                method: heck::ToSnakeCase::to_snake_case(w.operation.as_str()),
                docs: html_to_rst(&w.description),
                delay: w.delay,
                max_attempts: w.max_attempts,
                span: w.span,
            })
        })
    });
    let operations = api.operations.iter().map(|(name, o)| {
        let mut input = o.input.clone();
        let mut output = o.output.clone();
        input.iter_mut().chain(output.iter_mut()).for_each(docs_to_rst);
        let mut root = Field::new(None, Role::Member, DocType::Structure, o.span, None, o.span);
        root.children = output;
        Page::Client(ClientPage {
            file: api.file,
            method: heck::ToSnakeCase::to_snake_case(name.as_str()),
            operation: Some(name.clone()),
            docs: html_to_rst(&o.docs),
            input,
            output: Some(root),
            errors: o.errors.iter().map(|e| ErrorRef { name: e.clone(), span: o.span }).collect(),
            examples: Vec::new(),
            truncated: Truncated::default(),
            request_names: Vec::new(),
            span: o.span,
        })
    });
    operations.chain(waiters).collect()
}

/// A field's documentation and its children's, from the model's HTML to RST.
pub fn docs_to_rst(f: &mut Field) {
    f.docs = html_to_rst(&f.docs);
    f.children.iter_mut().for_each(docs_to_rst);
}

/// botocore's documentation HTML as the RST the pages would carry: paragraphs, bullets, inline
/// code and links' text; other tags are dropped, entities decoded. The page converter's RST
/// reader escapes what Markdown would misread.
pub fn html_to_rst(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&text_to_rst(&rest[..lt]));
        let Some(gt) = rest[lt..].find('>') else {
            out.push_str(&text_to_rst(&rest[lt..]));
            rest = "";
            break;
        };
        let tag = rest[lt + 1..lt + gt].trim().to_ascii_lowercase();
        let name = tag.trim_start_matches('/').split_whitespace().next().unwrap_or_default().to_string();
        match (tag.starts_with('/'), name.as_str()) {
            (_, "p" | "ul" | "ol") => out.push_str("\n\n"),
            (false, "li") => out.push_str("\n\n* "),
            (_, "code") => out.push_str("``"),
            (false, "br") => out.push('\n'),
            _ => {}
        }
        rest = &rest[lt + gt + 1..];
    }
    out.push_str(&text_to_rst(rest));
    // One blank line between blocks, none at either end; inline code never empty.
    let out = out.replace("````", "");
    let paragraphs: Vec<String> = out
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty() && p != "*")
        .collect();
    paragraphs.join("\n\n")
}

/// Text between tags, entities decoded.
fn text_to_rst(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}
