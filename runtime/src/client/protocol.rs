//! The protocol seam: how an operation's input goes onto HTTP and how its answer comes back.
//! The transport around it (endpoints, SigV4, retries, timeouts) is the same for every protocol.
//! A protocol lays out requests and reads answers through the runtime's codecs
//! ([`crate::wire`]): it is handed the input as a [`WriteStruct`] and gives the output to a
//! [`ValueReader`], so generated code never names a wire format. awsJson 1.0/1.1 is
//! implemented here; each other protocol is a type beside it.

use std::fmt;

use super::Failure;
use crate::wire::{self, Member, MemberWriter, ReadValue, Type, ValueReader, WireError, WriteStruct, WriteValue};
use crate::{ByteStream, ErrorMetadata};

/// One operation, as a generated client names it to the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationSpec {
    /// `GetParameter`.
    pub name: &'static str,
    /// Prepended to the endpoint's host for this operation (`data-`, `{AccountId}.`): botocore's
    /// `endpoint` trait, for operations another fleet serves; labels are filled from the
    /// input's host-label members.
    pub host_prefix: Option<&'static str>,
    /// The HTTP method (REST protocols; awsJson always posts).
    pub method: &'static str,
    /// The request URI template, with any constant query (`/2015-03-31/functions/{FunctionName}`).
    pub uri: &'static str,
    /// The output's payload is a streaming body: a successful answer's body is handed to it as
    /// it arrives, not read first.
    pub streaming_output: bool,
    /// The endpoint rule set's parameters the operation binds (see [`super::endpoint`]).
    pub endpoint_params: &'static [(&'static str, super::endpoint::EndpointParam)],
    /// restXml: the element holding the input's body members, and its namespace URI.
    pub xml_root: Option<(&'static str, Option<&'static str>)>,
    /// smithy-rpc-v2-cbor: the operation has no input shape, and its request no body.
    pub no_input: bool,
    /// The body's checksum the request takes or needs (see [`super::checksum`]).
    pub request_checksum: Option<super::checksum::RequestChecksum>,
    /// The answer's checksum the operation can ask for and validate (see [`super::checksum`]).
    pub response_checksum: Option<super::checksum::ResponseChecksum>,
}

impl OperationSpec {
    pub const fn new(name: &'static str) -> OperationSpec {
        OperationSpec {
            name,
            host_prefix: None,
            method: "POST",
            uri: "/",
            streaming_output: false,
            endpoint_params: &[],
            xml_root: None,
            no_input: false,
            request_checksum: None,
            response_checksum: None,
        }
    }

    /// The answer carries a checksum of its body when asked (`mode_header: ENABLED`), in one of
    /// `algorithms` (`CRC32`, ...).
    pub const fn with_response_checksum(
        self,
        mode_header: &'static str,
        algorithms: &'static [&'static str],
    ) -> OperationSpec {
        let checksum = super::checksum::ResponseChecksum { mode_header, algorithms };
        OperationSpec { response_checksum: Some(checksum), ..self }
    }

    /// The operation takes a checksum of its body (`required`: needs one), its algorithm picked
    /// by the input member bound to `algorithm_header`, where it has one.
    pub const fn with_request_checksum(self, required: bool, algorithm_header: Option<&'static str>) -> OperationSpec {
        let checksum = super::checksum::RequestChecksum { required, algorithm_header };
        OperationSpec { request_checksum: Some(checksum), ..self }
    }

    pub const fn without_input(self) -> OperationSpec {
        OperationSpec { no_input: true, ..self }
    }

    pub const fn with_xml_root(self, name: &'static str, namespace: Option<&'static str>) -> OperationSpec {
        OperationSpec { xml_root: Some((name, namespace)), ..self }
    }

    pub const fn with_host_prefix(self, prefix: &'static str) -> OperationSpec {
        OperationSpec { host_prefix: Some(prefix), ..self }
    }

    pub const fn with_http(self, method: &'static str, uri: &'static str) -> OperationSpec {
        OperationSpec { method, uri, ..self }
    }

    pub const fn with_endpoint_params(
        self,
        endpoint_params: &'static [(&'static str, super::endpoint::EndpointParam)],
    ) -> OperationSpec {
        OperationSpec { endpoint_params, ..self }
    }

    pub const fn with_streaming_output(self) -> OperationSpec {
        OperationSpec { streaming_output: true, ..self }
    }
}

/// An HTTP request as a protocol lays it out, before the transport signs and sends it.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    pub method: &'static str,
    /// The path and query below the endpoint (`/` for awsJson).
    pub path: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    /// Bytes for most operations; a blob payload's file or stream as it is.
    pub body: ByteStream,
    /// Prepended to the endpoint's host (the operation's host prefix, labels filled).
    pub host_prefix: Option<String>,
}

/// An HTTP answer as the transport received it.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpResponse {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body: a transport may hand it over as a stream; the client reads it whole before a
    /// protocol sees it, except a successful answer's streaming payload.
    pub body: ByteStream,
}

impl HttpResponse {
    pub fn new(status: u16, headers: Vec<(String, String)>, body: impl Into<ByteStream>) -> HttpResponse {
        HttpResponse { status, headers, body: body.into() }
    }

    /// The first value of a header (name in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The body read whole (empty while it is a stream).
    pub fn body_bytes(&self) -> &[u8] {
        self.body.bytes().unwrap_or_default()
    }
}

/// A successful answer, for the protocol to read the output from: the whole response, and the
/// request id AWS gave the call.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub response: HttpResponse,
    /// `x-amzn-RequestId`: what AWS support asks for about a call.
    pub request_id: Option<String>,
}

/// A wire protocol: lays out an operation's request, sorts its answer into a reply or a
/// [`Failure`], and reads the output from a reply.
pub trait Protocol: fmt::Debug + Send + Sync + 'static {
    /// The request for an operation and its input; an input that cannot be encoded is
    /// [`Failure::InvalidInput`], and nothing is sent.
    fn request(&self, operation: &OperationSpec, input: &dyn WriteStruct) -> Result<HttpRequest, Failure>;

    /// The reply of a successful answer, or the failure an error answer means.
    fn response(&self, response: HttpResponse) -> Result<Reply, Failure>;

    /// Gives the output's structure, as the reply carries it, to `read` (the generated output's
    /// reader).
    fn read_output(
        &self,
        reply: &Reply,
        read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), WireError>,
    ) -> Result<(), WireError>;
}

/// The typed output of a reply; an answer that does not hold one is
/// [`Failure::InvalidResponse`] naming the member.
pub fn read_output<O: ReadValue>(protocol: &dyn Protocol, reply: &Reply) -> Result<O, Failure> {
    let mut out = None;
    let read = protocol.read_output(reply, &mut |r| {
        out = Some(O::read(&Type::Structure, r)?);
        Ok(())
    });
    let invalid = |message: String| Failure::InvalidResponse { status: reply.response.status, message };
    match (read, out) {
        (Ok(()), Some(out)) => Ok(out),
        (Ok(()), None) => Err(invalid("the answer holds no output".into())),
        (Err(e), _) => Err(invalid(format!("cannot decode the output: {e}"))),
    }
}

/// The operation's host prefix with its labels (`{AccountId}.`) filled from the input's host-label
/// members, which travel where their location says as well.
pub(crate) fn host_prefix(operation: &OperationSpec, input: &dyn WriteStruct) -> Result<Option<String>, WireError> {
    let Some(prefix) = operation.host_prefix else { return Ok(None) };
    if !prefix.contains('{') {
        return Ok(Some(prefix.to_string()));
    }
    let labels = texts(input, &|m| m.host_label.then_some(m.name))?;
    fill_host(prefix, &labels).map(Some)
}

/// The text of each set top-level member of the input that `pick` names (by the name it gives).
fn texts(
    input: &dyn WriteStruct,
    pick: &dyn Fn(&'static Member) -> Option<&'static str>,
) -> Result<Vec<(&'static str, String)>, WireError> {
    struct Texts<'a>(&'a dyn Fn(&'static Member) -> Option<&'static str>, Vec<(&'static str, String)>);
    impl MemberWriter for Texts<'_> {
        fn member(&mut self, member: &'static Member, value: &dyn WriteValue) -> Result<(), WireError> {
            if let Some(name) = (self.0)(member) {
                let text = crate::wire::text::to_text(value, &member.ty).map_err(|e| e.in_member(member.name))?;
                self.1.push((name, text));
            }
            Ok(())
        }
    }
    let mut out = Texts(pick, Vec::new());
    input.write_members(&mut out)?;
    Ok(out.1)
}

/// The text of the input's members named in `wanted` (by model name) that are set: the
/// operation's endpoint parameters bound to members.
pub(crate) fn member_texts(input: &dyn WriteStruct, wanted: &[&str]) -> Result<Vec<(&'static str, String)>, WireError> {
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    texts(input, &|m| wanted.contains(&m.name).then_some(m.name))
}

/// Fills a host prefix's labels (`{AccountId}.`); a value that is not a DNS label is an error.
pub(crate) fn fill_host(prefix: &str, labels: &[(&'static str, String)]) -> Result<String, WireError> {
    let mut out = prefix.to_string();
    for (name, value) in labels {
        let ok = !value.is_empty()
            && value.len() <= 63
            && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !value.starts_with('-');
        let key = format!("{{{name}}}");
        if out.contains(&key) {
            if !ok {
                return Err(WireError::new(format!("`{value}` is not a valid host label")).in_member(name));
            }
            out = out.replace(&key, value);
        }
    }
    if out.contains('{') {
        return Err(WireError::new(format!("the host prefix `{prefix}` has a label with no value")));
    }
    Ok(out)
}

/// awsJson 1.0/1.1: `POST /`, `X-Amz-Target: <prefix>.<Operation>`, the input as a JSON body; an
/// error's code is the body's `__type` or the `x-amzn-ErrorType` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AwsJson {
    /// `AmazonSSM`: the `X-Amz-Target` prefix.
    pub target_prefix: &'static str,
    /// `1.1`: the `application/x-amz-json-1.1` content type.
    pub json_version: &'static str,
    /// The service took over from an awsQuery one (botocore `awsQueryCompatible`: SQS,
    /// CloudWatch) and is told `x-amzn-query-mode: true`, as botocore does.
    pub query_compatible: bool,
}

impl Protocol for AwsJson {
    fn request(&self, operation: &OperationSpec, input: &dyn WriteStruct) -> Result<HttpRequest, Failure> {
        let body =
            wire::json::to_vec(input).map_err(|e| Failure::InvalidInput(format!("cannot encode the input: {e}")))?;
        let mut headers = vec![
            ("content-type".to_string(), format!("application/x-amz-json-{}", self.json_version)),
            ("x-amz-target".to_string(), format!("{}.{}", self.target_prefix, operation.name)),
        ];
        if self.query_compatible {
            headers.push(("x-amzn-query-mode".to_string(), "true".to_string()));
        }
        let host_prefix = host_prefix(operation, input)
            .map_err(|e| Failure::InvalidInput(format!("cannot encode the input: {e}")))?;
        Ok(HttpRequest { method: "POST", path: "/".into(), headers, body: body.into(), host_prefix })
    }

    fn response(&self, response: HttpResponse) -> Result<Reply, Failure> {
        let request_id = response.header("x-amzn-requestid").map(str::to_string);
        if (200..300).contains(&response.status) {
            return Ok(Reply { response, request_id });
        }
        let error_type = response.header("x-amzn-errortype").map(str::to_string);
        let failure = error_from(response.status, error_type, request_id, response.body_bytes());
        Err(with_query_code(failure, &response, self.query_compatible))
    }

    fn read_output(
        &self,
        reply: &Reply,
        read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), WireError>,
    ) -> Result<(), WireError> {
        wire::json::read(reply.response.body_bytes(), read)
    }
}

/// A service that took over from an awsQuery one (`query_compatible`) says the awsQuery code too
/// (`x-amzn-query-error: AWS.SimpleQueueService.NonExistentQueue;Sender`), which is what its
/// users' code and botocore report: the failure's code becomes it.
pub(crate) fn with_query_code(failure: Failure, response: &HttpResponse, query_compatible: bool) -> Failure {
    let query_code = response.header("x-amzn-query-error").and_then(|h| h.split(';').next()).map(str::trim);
    match (failure, query_code) {
        (Failure::Service(mut meta), Some(code)) if query_compatible && !code.is_empty() => {
            meta.code = code.to_string();
            Failure::Service(meta)
        }
        (failure, _) => failure,
    }
}

/// Sorts an awsJson error answer: the code from `__type` (without `namespace#` or `:…`) or the
/// `x-amzn-ErrorType` header, the message from `message` or `Message`.
pub fn error_from(status: u16, error_type: Option<String>, request_id: Option<String>, body: &[u8]) -> Failure {
    let json: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    let field = |k: &str| json.as_ref().and_then(|j| j.get(k)).and_then(|v| v.as_str()).map(str::to_string);
    let clean = |code: &str| {
        let code = code.rsplit('#').next().unwrap_or(code);
        code.split(':').next().unwrap_or(code).trim().to_string()
    };
    let code = field("__type").or(error_type).map(|c| clean(&c)).filter(|c| !c.is_empty());
    match code {
        Some(code) => {
            let message = field("message").or_else(|| field("Message"));
            Failure::Service(ErrorMetadata::new(code, message, request_id, status).with_body(json))
        }
        None => {
            let excerpt: String = String::from_utf8_lossy(body).chars().take(200).collect();
            Failure::InvalidResponse { status, message: format!("HTTP {status} without an error code: {excerpt}") }
        }
    }
}

/// Sorts an XML error answer (awsQuery's `<ErrorResponse><Error>`, ec2Query's
/// `<Response><Errors><Error>`, restXml's `<Error>` root or `<ErrorResponse><Error>`): the code and message from the `<Error>` element, which is kept
/// for the error's own members; the request id from the header or the body.
pub fn xml_error_from(status: u16, header_id: Option<String>, body: &[u8]) -> Failure {
    let excerpt = || String::from_utf8_lossy(body).chars().take(200).collect::<String>();
    let root = match wire::xml::parse(body) {
        Ok(root) => root,
        Err(e) => {
            let message = format!("HTTP {status} without an error code ({e}): {}", excerpt());
            return Failure::InvalidResponse { status, message };
        }
    };
    let error = if root.name == "Error" { Some(&root) } else { root.find("Error") };
    let code = error.and_then(|e| e.child_text("Code")).map(str::trim).filter(|c| !c.is_empty());
    let (Some(error), Some(code)) = (error, code) else {
        return Failure::InvalidResponse {
            status,
            message: format!("HTTP {status} without an error code: {}", excerpt()),
        };
    };
    let message = error.child_text("Message").map(str::to_string);
    let request_id =
        header_id.or_else(|| root.find("RequestId").or_else(|| root.find("RequestID")).map(|e| e.text.clone()));
    Failure::Service(ErrorMetadata::new(code.to_string(), message, request_id, status).with_xml(error.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::wire::testing::Thing;

    const SSM: AwsJson = AwsJson { target_prefix: "AmazonSSM", json_version: "1.1", query_compatible: false };

    #[test]
    fn aws_json_lays_out_a_post_with_its_target() {
        let input = Thing { name: Some("x".into()), ..Thing::default() };
        let req = SSM.request(&OperationSpec::new("GetParameter"), &input).unwrap();
        assert_eq!((req.method, req.path.as_str()), ("POST", "/"));
        let h = |k: &str, v: &str| (k.to_string(), v.to_string());
        assert_eq!(
            req.headers,
            [h("content-type", "application/x-amz-json-1.1"), h("x-amz-target", "AmazonSSM.GetParameter")]
        );
        assert_eq!(req.body.bytes(), Some(&br#"{"name":"x","Count":0}"#[..]));
    }

    /// SQS and CloudWatch (botocore `awsQueryCompatible`) are told `x-amzn-query-mode: true`,
    /// as botocore tells them; other awsJson services are not.
    #[test]
    fn a_query_compatible_service_is_told_query_mode() {
        let sqs = AwsJson { target_prefix: "AmazonSQS", json_version: "1.0", query_compatible: true };
        let req = sqs.request(&OperationSpec::new("ListQueues"), &Thing::default()).unwrap();
        assert!(req.headers.contains(&("x-amzn-query-mode".to_string(), "true".to_string())), "{:?}", req.headers);
        let req = SSM.request(&OperationSpec::new("GetParameter"), &Thing::default()).unwrap();
        assert!(!req.headers.iter().any(|(k, _)| k == "x-amzn-query-mode"));
    }

    /// A query-compatible service's error reports the awsQuery code its `x-amzn-query-error`
    /// header gives; without the header, the shape's name.
    #[test]
    fn a_query_compatible_error_reports_the_query_code() {
        let sqs = AwsJson { target_prefix: "AmazonSQS", json_version: "1.0", query_compatible: true };
        let body = br#"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"gone"}"#.to_vec();
        let with = |headers: Vec<(String, String)>| HttpResponse { status: 400, headers, body: body.clone().into() };
        let header = vec![("x-amzn-query-error".into(), "AWS.SimpleQueueService.NonExistentQueue;Sender".into())];
        let code = |r: Result<Reply, Failure>| match r {
            Err(Failure::Service(m)) => m.code,
            other => panic!("{other:?}"),
        };
        assert_eq!(code(sqs.response(with(header.clone()))), "AWS.SimpleQueueService.NonExistentQueue");
        assert_eq!(code(sqs.response(with(Vec::new()))), "QueueDoesNotExist");
        assert_eq!(code(SSM.response(with(header))), "QueueDoesNotExist", "only a query-compatible service");
    }

    /// An output that does not decode names the member and the status.
    #[test]
    fn a_malformed_output_names_the_member() {
        let reply = |body: &str| Reply { response: HttpResponse::new(200, vec![], body), request_id: None };
        let out: Thing = read_output(&SSM, &reply(r#"{"Count": 4}"#)).unwrap();
        assert_eq!(out.count, 4);
        match read_output::<Thing>(&SSM, &reply("")) {
            Err(Failure::InvalidResponse { message, .. }) => {
                assert!(message.ends_with("the required member `Count` is missing"), "an empty body is {{}}: {message}")
            }
            other => panic!("{other:?}"),
        }
        match read_output::<Thing>(&SSM, &reply(r#"{"Count": 1, "Items": [1]}"#)) {
            Err(Failure::InvalidResponse { status: 200, message }) => {
                assert!(message.starts_with("cannot decode the output: Items[0]: invalid type"), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn aws_json_sorts_answers() {
        let ok = HttpResponse::new(200, vec![], "");
        assert_eq!(SSM.response(ok).unwrap().response.status, 200);
        let ok = HttpResponse::new(200, vec![("x-amzn-requestid".into(), "req-0".into())], "");
        assert_eq!(SSM.response(ok).unwrap().request_id.as_deref(), Some("req-0"));
        let err = HttpResponse {
            status: 400,
            headers: vec![("x-amzn-requestid".into(), "req-1".into())],
            body: br#"{"__type":"com.amazon#ParameterNotFound:http://x","message":"gone"}"#.to_vec().into(),
        };
        match SSM.response(err) {
            Err(Failure::Service(m)) => {
                assert_eq!(
                    (m.code.as_str(), m.message.as_deref(), m.request_id.as_deref()),
                    ("ParameterNotFound", Some("gone"), Some("req-1"))
                );
            }
            other => panic!("{other:?}"),
        }
        let header_only = HttpResponse {
            status: 404,
            headers: vec![("x-amzn-errortype".into(), "ResourceNotFoundException:".into())],
            body: b"not json".to_vec().into(),
        };
        assert!(matches!(SSM.response(header_only), Err(Failure::Service(m)) if m.code == "ResourceNotFoundException"));
        let bare = HttpResponse::new(502, vec![], "<html>");
        assert!(matches!(SSM.response(bare), Err(Failure::InvalidResponse { status: 502, .. })));
    }
}
