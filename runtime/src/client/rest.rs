//! The REST protocols' HTTP bindings, and restJson1 on them. Each input member goes where its
//! schema says (URI label, query string, header, prefix headers, payload, body); the body's
//! members are the body codec's (JSON here, XML for restXml). Answers come back the same way:
//! headers and the status code into their members, the payload or the JSON body into the rest.
//! As botocore lays requests out: labels percent-encoded (a greedy label keeps its `/`), query
//! keys repeated for lists, header lists joined with commas, timestamps as HTTP dates in
//! headers and RFC 3339 in the URI, unless the model says otherwise.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::protocol::{HttpRequest, HttpResponse, OperationSpec, Protocol, Reply};
use super::Failure;
use crate::wire::text::{join_header_list, to_text, to_text_map, to_texts, TextReader};
use crate::wire::{
    self, Location, Member, MemberWriter, Struct, Type, ValueReader, WireError, WriteStruct, WriteValue,
};
use crate::{ByteStream, ErrorMetadata};

/// What a label or query value keeps unescaped: RFC 3986's unreserved characters.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
/// A greedy label also keeps its `/`.
const GREEDY: &AsciiSet = &UNRESERVED.remove(b'/');

fn encode(s: &str, set: &'static AsciiSet) -> String {
    utf8_percent_encode(s, set).to_string()
}

/// restJson1: the HTTP bindings above, a JSON body (`application/json`), error codes from the
/// `x-amzn-ErrorType` header or the body's `code` or `__type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RestJson {
    /// Headers every request of the service carries that botocore adds by a handler, not from the
    /// model: API Gateway's `accept: application/json`, Glacier's `x-amz-glacier-version`. A
    /// header a member of the input sets is not replaced.
    pub headers: &'static [(&'static str, &'static str)],
}

impl RestJson {
    /// restJson1 with no headers of the service's own.
    pub const PLAIN: RestJson = RestJson { headers: &[] };
}

/// restXml (S3, S3 Control, CloudFront, Route 53): the HTTP bindings above, an XML body
/// ([`crate::wire::xml`]) under the operation's root element, error codes from the body's
/// `<Error><Code>` (or, for an answer with no body, its status).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RestXml {
    /// Headers every request of the service carries that botocore adds by a handler.
    pub headers: &'static [(&'static str, &'static str)],
    /// S3's answers (botocore's `_handle_200_error`): a `200` whose body is an `<Error>` document
    /// is that error, reported with status 500 and retried as one (`CompleteMultipartUpload`,
    /// `CopyObject` and `UploadPartCopy` can fail after the status is sent). A streaming
    /// payload is never looked at: an object may well be such a document.
    pub errors_in_ok: bool,
}

impl RestXml {
    /// restXml with no headers of the service's own.
    pub const PLAIN: RestXml = RestXml { headers: &[], errors_in_ok: false };
    /// S3.
    pub const S3: RestXml = RestXml { headers: &[], errors_in_ok: true };
}

/// The codec of a REST protocol's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Codec {
    Json,
    Xml,
}

/// The parts of a request the input's members fill.
struct Bound {
    codec: Codec,
    labels: Vec<(&'static str, String)>,
    query: Vec<(String, String)>,
    query_map: Vec<(String, Vec<String>)>,
    headers: Vec<(String, String)>,
    payload: Option<ByteStream>,
    payload_kind: Option<PayloadKind>,
    body_members: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum PayloadKind {
    Bytes,
    Text,
    Json,
    Xml,
}

impl Bound {
    fn bind(&mut self, member: &'static Member, value: &dyn WriteValue) -> Result<(), WireError> {
        match member.location {
            Location::Body => self.body_members = true,
            Location::Label | Location::GreedyLabel => {
                self.labels.push((member.wire_name, to_text(value, &member.ty)?))
            }
            Location::Query => {
                for t in to_texts(value, &member.ty)? {
                    self.query.push((member.wire_name.to_string(), t));
                }
            }
            Location::QueryMap => self.query_map.extend(to_text_map(value, &member.ty)?),
            Location::Header => {
                let texts = to_texts(value, &member.ty)?;
                // An empty list sends no header at all (as botocore).
                if matches!(member.ty, Type::List(_)) && texts.is_empty() {
                    return Ok(());
                }
                // botocore quotes the string items of a list that hold a comma or a quote.
                let text = match member.ty {
                    Type::List(Member { ty: Type::String | Type::Enum, .. }) => join_header_list(&texts),
                    _ => texts.join(","),
                };
                // A JSON value (botocore `jsonvalue`) travels base64-encoded.
                let text = if member.json_value {
                    use base64::Engine;
                    base64::engine::general_purpose::STANDARD.encode(text)
                } else {
                    text
                };
                self.headers.push((member.wire_name.to_ascii_lowercase(), text));
            }
            Location::PrefixHeaders => {
                for (k, v) in to_text_map(value, &member.ty)? {
                    self.headers.push((format!("{}{k}", member.wire_name).to_ascii_lowercase(), join_header_list(&v)));
                }
            }
            Location::Payload => {
                let (bytes, kind) = match member.ty {
                    Type::Blob => (blob_body(value)?, PayloadKind::Bytes),
                    Type::String | Type::Enum => (to_text(value, &member.ty)?.into(), PayloadKind::Text),
                    _ if self.codec == Codec::Xml => (wire::xml::value_to_vec(member, value)?.into(), PayloadKind::Xml),
                    _ => (wire::json::value_to_vec(value, &member.ty)?.into(), PayloadKind::Json),
                };
                self.payload = Some(bytes);
                self.payload_kind = Some(kind);
            }
            // An answer's status; nothing of a request.
            Location::StatusCode => {}
        }
        Ok(())
    }
}

impl MemberWriter for Bound {
    fn member(&mut self, member: &'static Member, value: &dyn WriteValue) -> Result<(), WireError> {
        self.bind(member, value).map_err(|e| e.in_member(member.name))
    }
}

/// A blob payload as it is: a streaming body kept as it is (a file is read only when sent).
fn blob_body(value: &dyn WriteValue) -> Result<ByteStream, WireError> {
    struct Body(Option<ByteStream>);
    impl wire::ValueWriter for Body {
        fn string(&mut self, v: &str) -> Result<(), WireError> {
            self.0 = Some(v.into());
            Ok(())
        }
        fn blob(&mut self, v: &[u8]) -> Result<(), WireError> {
            self.0 = Some(v.into());
            Ok(())
        }
        fn stream(&mut self, v: &ByteStream) -> Result<(), WireError> {
            self.0 = Some(v.clone());
            Ok(())
        }
    }
    let mut w = Body(None);
    value.write(&Type::Blob, &mut w)?;
    w.0.ok_or_else(|| WireError::new("no value was written"))
}

/// Fills a URI template's labels (`{Name}`, `{Key+}`), percent-encoded; a label with no value
/// is an error naming it.
fn fill_uri(template: &str, labels: &[(&'static str, String)]) -> Result<String, WireError> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find('}')
            .map(|e| start + e)
            .ok_or_else(|| WireError::new(format!("URI template `{template}` has an open label")))?;
        let label = &rest[start + 1..end];
        let (name, greedy) = match label.strip_suffix('+') {
            Some(n) => (n, true),
            None => (label, false),
        };
        let value = labels.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str());
        match value {
            Some(v) if !v.is_empty() => out.push_str(&encode(v, if greedy { GREEDY } else { UNRESERVED })),
            _ => return Err(WireError::new(format!("the URI label `{name}` needs a value"))),
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

impl Bound {
    fn new(codec: Codec) -> Bound {
        Bound {
            codec,
            labels: Vec::new(),
            query: Vec::new(),
            query_map: Vec::new(),
            headers: Vec::new(),
            payload: None,
            payload_kind: None,
            body_members: false,
        }
    }
}

/// The request of a REST protocol: `headers` are the service's own, `codec` the body's.
fn lay_out(
    service_headers: &[(&str, &str)],
    codec: Codec,
    operation: &OperationSpec,
    input: &dyn WriteStruct,
) -> Result<HttpRequest, WireError> {
    let mut bound = Bound::new(codec);
    input.write_members(&mut bound)?;
    let (template, constant_query) = match operation.uri.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (operation.uri, None),
    };
    let mut path = fill_uri(template, &bound.labels)?;
    let mut query: Vec<String> =
        constant_query.into_iter().flat_map(|q| q.split('&')).filter(|q| !q.is_empty()).map(str::to_string).collect();
    let bound_keys: Vec<&str> = bound.query.iter().map(|(k, _)| k.as_str()).collect();
    for (k, v) in &bound.query {
        query.push(format!("{}={}", encode(k, UNRESERVED), encode(v, UNRESERVED)));
    }
    // A query map's entries never displace a parameter a member of its own binds.
    for (k, vs) in &bound.query_map {
        if bound_keys.contains(&k.as_str()) {
            continue;
        }
        for v in vs {
            query.push(format!("{}={}", encode(k, UNRESERVED), encode(v, UNRESERVED)));
        }
    }
    if !query.is_empty() {
        path.push('?');
        path.push_str(&query.join("&"));
    }
    let mut headers = std::mem::take(&mut bound.headers);
    for (name, value) in service_headers {
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name)) {
            headers.push((name.to_string(), value.to_string()));
        }
    }
    let has_content_type = headers.iter().any(|(k, _)| k == "content-type");
    let (body, content_type) = body_of(&mut bound, operation, input)?;
    if body.content_length() != Some(0) && !has_content_type && !content_type.is_empty() {
        headers.push(("content-type".into(), content_type.into()));
    }
    let host_prefix = super::protocol::host_prefix(operation, input)?;
    Ok(HttpRequest { method: operation.method, path, headers, body, host_prefix })
}

/// The body and its content type: the payload as bound, or the body members in the codec.
fn body_of(
    bound: &mut Bound,
    operation: &OperationSpec,
    input: &dyn WriteStruct,
) -> Result<(ByteStream, &'static str), WireError> {
    let schema = input.schema();
    let json = bound.codec == Codec::Json;
    Ok(match (bound.payload.take(), bound.payload_kind) {
        (Some(body), Some(PayloadKind::Bytes)) => (body, "application/octet-stream"),
        (Some(body), Some(PayloadKind::Text)) => (body, "text/plain"),
        (Some(body), Some(PayloadKind::Xml)) => (body, "application/xml"),
        (Some(body), _) => (body, "application/json"),
        (None, _) => match payload_member(schema) {
            // A structure payload left unset is an empty JSON object, or nothing in XML; a blob or
            // string one, nothing.
            Some(m) if json && !matches!(m.ty, Type::Blob | Type::String | Type::Enum) => {
                (ByteStream::from_static(b"{}"), "application/json")
            }
            Some(_) => (ByteStream::new(), ""),
            None if bound.body_members || schema.members.iter().any(|m| m.location == Location::Body) => {
                if json {
                    (wire::json::to_vec(input)?.into(), "application/json")
                } else if !bound.body_members {
                    // No body member is set: botocore sends no body.
                    (ByteStream::new(), "")
                } else {
                    let (root, ns) = operation.xml_root.unwrap_or((schema.name, None));
                    (wire::xml::to_vec(root, ns, input)?.into(), "application/xml")
                }
            }
            None => (ByteStream::new(), ""),
        },
    })
}

/// S3's customer-provided keys (SSE-C), as botocore's `sse_md5` handler sends them: a key given
/// without its MD5 is the raw key, sent base64-encoded beside the base64 MD5 that S3 checks it
/// against (what boto3's pages call "automatically populated"). A key given with its MD5 is
/// sent as it is: already base64, as aws-sdk-s3 takes it. For a binary key, which a `String`
/// cannot hold, [`sse_customer_key`] gives both.
fn fill_customer_key_md5(headers: &mut Vec<(String, String)>) {
    const KEYS: [&str; 2] =
        ["x-amz-server-side-encryption-customer-key", "x-amz-copy-source-server-side-encryption-customer-key"];
    for key in KEYS {
        let md5 = format!("{key}-md5");
        if headers.iter().any(|(k, _)| *k == md5) {
            continue;
        }
        if let Some((_, value)) = headers.iter_mut().find(|(k, _)| k == key) {
            let (encoded, digest) = sse_customer_key(value.as_bytes());
            *value = encoded;
            headers.push((md5, digest));
        }
    }
}

/// A raw SSE-C key as S3 takes it: the key base64-encoded and its MD5 base64-encoded, for an
/// input's `sse_customer_key` and `sse_customer_key_md5` (or the `copy_source_` pair).
///
/// ```
/// let (key, md5) = awsdoc_runtime::client::rest::sse_customer_key(&[7u8; 32]);
/// assert_eq!(key.len(), 44);
/// assert_eq!(md5.len(), 24);
/// ```
pub fn sse_customer_key(raw: &[u8]) -> (String, String) {
    use base64::Engine;
    use md5::Digest;
    let b64 = base64::engine::general_purpose::STANDARD;
    (b64.encode(raw), b64.encode(md5::Md5::digest(raw)))
}

fn payload_member(schema: &Struct) -> Option<&'static Member> {
    schema.members.iter().find(|m| m.location == Location::Payload)
}

impl Protocol for RestJson {
    fn request(&self, operation: &OperationSpec, input: &dyn WriteStruct) -> Result<HttpRequest, Failure> {
        rest_request(self.headers, Codec::Json, operation, input)
    }

    fn response(&self, response: HttpResponse) -> Result<Reply, Failure> {
        sort_answer(response, Codec::Json)
    }

    fn read_output(
        &self,
        reply: &Reply,
        read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), WireError>,
    ) -> Result<(), WireError> {
        read(&mut Answer { response: &reply.response, codec: Codec::Json })
    }
}

impl Protocol for RestXml {
    fn request(&self, operation: &OperationSpec, input: &dyn WriteStruct) -> Result<HttpRequest, Failure> {
        let mut request = rest_request(self.headers, Codec::Xml, operation, input)?;
        fill_customer_key_md5(&mut request.headers);
        Ok(request)
    }

    fn response(&self, mut response: HttpResponse) -> Result<Reply, Failure> {
        if self.errors_in_ok && response.status == 200 && response.body.bytes().is_some_and(root_is_error) {
            response.status = 500;
        }
        sort_answer(response, Codec::Xml)
    }

    fn read_output(
        &self,
        reply: &Reply,
        read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), WireError>,
    ) -> Result<(), WireError> {
        read(&mut Answer { response: &reply.response, codec: Codec::Xml })
    }
}

fn rest_request(
    headers: &[(&str, &str)],
    codec: Codec,
    operation: &OperationSpec,
    input: &dyn WriteStruct,
) -> Result<HttpRequest, Failure> {
    lay_out(headers, codec, operation, input)
        .map_err(|e| Failure::InvalidInput(format!("cannot encode the input: {e}")))
}

/// A successful answer's reply (the request id from `x-amzn-RequestId`, or S3's
/// `x-amz-request-id`), else the failure the error answer means in the codec.
fn sort_answer(response: HttpResponse, codec: Codec) -> Result<Reply, Failure> {
    let request_id =
        response.header("x-amzn-requestid").or_else(|| response.header("x-amz-request-id")).map(str::to_string);
    if (200..300).contains(&response.status) {
        return Ok(Reply { response, request_id });
    }
    Err(match codec {
        Codec::Json => rest_json_error(&response, request_id),
        Codec::Xml => rest_xml_error(&response, request_id),
    })
}

/// Whether an XML document's root element is `<Error>`, read no further than its start.
fn root_is_error(body: &[u8]) -> bool {
    let mut reader = quick_xml::Reader::from_reader(body);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                return e.local_name().as_ref() == b"Error"
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => return false,
            Ok(_) => {}
        }
    }
}

/// Sorts a restXml error answer: code, message and request id from the body's `<Error>` (S3's
/// root, or CloudFront's and Route 53's `<ErrorResponse><Error>`), kept with the headers for the
/// error's members; an answer with no body (S3's `HEAD`) has its status as its code, as
/// botocore reports it.
pub fn rest_xml_error(response: &HttpResponse, request_id: Option<String>) -> Failure {
    let status = response.status;
    let body = response.body_bytes();
    if body.iter().all(u8::is_ascii_whitespace) {
        let meta = ErrorMetadata::new(status.to_string(), None, request_id, status);
        return Failure::Service(meta.with_headers(response.headers.clone()));
    }
    match super::protocol::xml_error_from(status, request_id, body) {
        Failure::Service(meta) => Failure::Service(meta.with_headers(response.headers.clone())),
        other => other,
    }
}

/// Sorts a restJson1 error answer: the code from the `x-amzn-ErrorType` header, else the body's
/// `code` or `__type` (without `namespace#` or `:…`); the message from `message`, `Message` or
/// `errorMessage`.
pub fn rest_json_error(response: &HttpResponse, request_id: Option<String>) -> Failure {
    let json: Option<serde_json::Value> = serde_json::from_slice(response.body_bytes()).ok();
    let field = |k: &str| json.as_ref().and_then(|j| j.get(k)).and_then(|v| v.as_str()).map(str::to_string);
    let clean = |code: &str| {
        let code = code.split(':').next().unwrap_or(code);
        code.rsplit('#').next().unwrap_or(code).trim().to_string()
    };
    let code = response
        .header("x-amzn-errortype")
        .map(str::to_string)
        .or_else(|| field("code"))
        .or_else(|| field("__type"))
        .or_else(|| field("Code"))
        .map(|c| clean(&c))
        .filter(|c| !c.is_empty());
    let status = response.status;
    match code {
        Some(code) => {
            let message = field("message").or_else(|| field("Message")).or_else(|| field("errorMessage"));
            let meta = ErrorMetadata::new(code, message, request_id, status);
            Failure::Service(meta.with_body(json).with_headers(response.headers.clone()))
        }
        None => {
            let excerpt: String = String::from_utf8_lossy(response.body_bytes()).chars().take(200).collect();
            Failure::InvalidResponse { status, message: format!("HTTP {status} without an error code: {excerpt}") }
        }
    }
}

/// An answer read as the output structure: headers and the status code into their members,
/// then the payload or the JSON body.
struct Answer<'a> {
    response: &'a HttpResponse,
    codec: Codec,
}

impl Answer<'_> {
    fn bound(
        &self,
        i: usize,
        m: &'static Member,
        each: &mut dyn FnMut(usize, &mut dyn ValueReader) -> Result<(), WireError>,
    ) -> Result<(), WireError> {
        let r = &self.response;
        match m.location {
            Location::Header => {
                let Some(joined) = crate::wire::text::header_text(&r.headers, m.wire_name) else { return Ok(()) };
                let mut reader = TextReader::new(&joined);
                reader.json_value = m.json_value;
                each(i, &mut reader)
            }
            Location::PrefixHeaders => {
                let prefix = m.wire_name.to_ascii_lowercase();
                let entries: Vec<(String, String)> = r
                    .headers
                    .iter()
                    .filter_map(|(k, v)| Some((k.strip_prefix(&prefix)?.to_string(), v.clone())))
                    .collect();
                each(i, &mut HeaderMap { entries })
            }
            Location::StatusCode => each(i, &mut TextReader::new(&r.status.to_string())),
            Location::Payload => match m.ty {
                Type::Blob | Type::String | Type::Enum => each(i, &mut Payload { body: &r.body }),
                _ if r.body_bytes().iter().all(u8::is_ascii_whitespace) => Ok(()),
                // An XML payload structure is the document's root element.
                _ if self.codec == Codec::Xml => {
                    wire::xml::read(r.body_bytes(), &wire::xml::root, &mut |reader| each(i, reader))
                }
                _ => wire::json::read(r.body_bytes(), &mut |reader| each(i, reader)),
            },
            _ => Ok(()),
        }
    }
}

impl ValueReader for Answer<'_> {
    fn structure(
        &mut self,
        schema: &'static Struct,
        each: &mut dyn FnMut(usize, &mut dyn ValueReader) -> Result<(), WireError>,
    ) -> Result<(), WireError> {
        for (i, m) in schema.members.iter().enumerate() {
            match self.bound(i, m, each) {
                // A lenient member that cannot be read stays unset (S3's `Expires`).
                Err(_) if m.lenient => {}
                other => other.map_err(|e| e.in_member(m.name))?,
            }
        }
        if payload_member(schema).is_some() || !schema.members.iter().any(|m| m.location.in_answer_body()) {
            return Ok(());
        }
        let body = self.response.body_bytes();
        match self.codec {
            // The body members are the root element's children, whatever its name.
            Codec::Xml if body.iter().all(u8::is_ascii_whitespace) => {
                wire::xml::XmlReader::new(&wire::xml::EMPTY).structure(schema, each)
            }
            Codec::Xml => {
                let root = wire::xml::parse(body)?;
                let wrapped = lone_member_root(&root, schema);
                wire::xml::XmlReader::new(wrapped.as_ref().unwrap_or(&root)).structure(schema, each)
            }
            Codec::Json => wire::json::read(body, &mut |r| r.structure(schema, each)),
        }
    }
}

/// S3's `GetBucketLocation` answer, `<LocationConstraint>eu-west-1</LocationConstraint>`: a root
/// element holding text, named as the output's one body member, is that member (botocore's
/// `parse_get_bucket_location`), so it is read wrapped in an element of its own. An empty one
/// (a bucket in us-east-1) leaves the member unset, as in botocore.
fn lone_member_root(root: &wire::xml::Element, schema: &Struct) -> Option<wire::xml::Element> {
    let mut body = schema.members.iter().filter(|m| m.location.in_answer_body());
    let (Some(only), None) = (body.next(), body.next()) else { return None };
    let lone = only.wire_name == root.name && root.children.is_empty() && !root.text.trim().is_empty();
    lone.then(|| wire::xml::Element { children: vec![root.clone()], ..wire::xml::Element::default() })
}

/// A blob or string payload: the body as it is (a streaming payload's, as it arrives).
struct Payload<'a> {
    body: &'a ByteStream,
}

impl Payload<'_> {
    fn bytes(&self) -> &[u8] {
        self.body.bytes().unwrap_or_default()
    }

    fn utf8(&self) -> Result<&str, WireError> {
        std::str::from_utf8(self.bytes()).map_err(|e| WireError::new(format!("the body is not UTF-8: {e}")))
    }
}

impl ValueReader for Payload<'_> {
    fn boolean(&mut self) -> Result<bool, WireError> {
        TextReader::new(self.utf8()?).boolean()
    }
    fn integer(&mut self) -> Result<i32, WireError> {
        TextReader::new(self.utf8()?).integer()
    }
    fn long(&mut self) -> Result<i64, WireError> {
        TextReader::new(self.utf8()?).long()
    }
    fn float(&mut self) -> Result<f32, WireError> {
        TextReader::new(self.utf8()?).float()
    }
    fn double(&mut self) -> Result<f64, WireError> {
        TextReader::new(self.utf8()?).double()
    }
    fn string(&mut self) -> Result<String, WireError> {
        self.utf8().map(str::to_string)
    }
    fn text(&mut self, take: &mut dyn FnMut(&str)) -> Result<(), WireError> {
        take(self.utf8()?);
        Ok(())
    }
    fn blob(&mut self) -> Result<Vec<u8>, WireError> {
        Ok(self.bytes().to_vec())
    }
    fn stream(&mut self) -> Result<ByteStream, WireError> {
        Ok(self.body.clone())
    }
    fn timestamp(&mut self, f: wire::TimestampFormat) -> Result<time::OffsetDateTime, WireError> {
        TextReader::new(self.utf8()?).timestamp(f)
    }
    fn document(&mut self) -> Result<serde_json::Value, WireError> {
        serde_json::from_slice(self.bytes()).map_err(WireError::new)
    }
}

/// Prefix headers as a map.
struct HeaderMap {
    entries: Vec<(String, String)>,
}

impl ValueReader for HeaderMap {
    fn map(
        &mut self,
        _: &'static Member,
        _: &'static Member,
        each: &mut dyn FnMut(String, &mut dyn ValueReader) -> Result<(), WireError>,
    ) -> Result<(), WireError> {
        for (k, v) in &self.entries {
            each(k.clone(), &mut TextReader::new(v))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_customer_key_without_its_md5_is_the_raw_key_as_botocore_takes_it() {
        // base64 and base64(MD5) of the key, from Python's hashlib as botocore's `sse_md5`.
        let raw = "0123456789abcdef0123456789abcdef";
        let mut headers = vec![
            ("x-amz-server-side-encryption-customer-algorithm".to_string(), "AES256".to_string()),
            ("x-amz-server-side-encryption-customer-key".to_string(), raw.to_string()),
            ("x-amz-copy-source-server-side-encryption-customer-key".to_string(), "a2V5".to_string()),
            ("x-amz-copy-source-server-side-encryption-customer-key-md5".to_string(), "given".to_string()),
        ];
        fill_customer_key_md5(&mut headers);
        let get = |n: &str| headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
        assert_eq!(
            get("x-amz-server-side-encryption-customer-key"),
            Some("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
        );
        assert_eq!(get("x-amz-server-side-encryption-customer-key-md5"), Some("hRasmdxgYDKV3nvbahU1MA=="));
        // Given with its MD5: untouched.
        assert_eq!(get("x-amz-copy-source-server-side-encryption-customer-key"), Some("a2V5"));
        assert_eq!(get("x-amz-copy-source-server-side-encryption-customer-key-md5"), Some("given"));
        assert_eq!(headers.len(), 5);
    }

    #[test]
    fn uri_labels_are_encoded_and_greedy_ones_keep_their_slashes() {
        let labels = [("FunctionName", "my fn/+&".to_string()), ("Key", "a b/c%d/ü".to_string())];
        assert_eq!(
            fill_uri("/2015-03-31/functions/{FunctionName}/tags", &labels).unwrap(),
            "/2015-03-31/functions/my%20fn%2F%2B%26/tags"
        );
        assert_eq!(fill_uri("/{Key+}", &labels).unwrap(), "/a%20b/c%25d/%C3%BC");
        let err = fill_uri("/functions/{Missing}", &labels).unwrap_err();
        assert_eq!(err.to_string(), "the URI label `Missing` needs a value");
    }

    /// `GetBucketLocation`'s bare root is its member; S3's `200` with an `<Error>` body is that
    /// error, with status 500 so that it is retried; other restXml services and other roots are
    /// answers.
    #[test]
    fn s3_answers_a_lone_root_and_errors_inside_a_200() {
        static LOCATION: Struct =
            Struct { name: "GetBucketLocationOutput", members: &[Member::body("LocationConstraint", Type::String)] };
        let ns = r#"xmlns="http://s3.amazonaws.com/doc/2006-03-01/""#;
        let doc =
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><LocationConstraint {ns}>eu-west-1</LocationConstraint>"#);
        let root = wire::xml::parse(doc.as_bytes()).unwrap();
        let wrapped = lone_member_root(&root, &LOCATION).unwrap();
        assert_eq!(wrapped.child_text("LocationConstraint"), Some("eu-west-1"));
        let us_east_1 = wire::xml::parse(format!("<LocationConstraint {ns}/>").as_bytes()).unwrap();
        assert!(lone_member_root(&us_east_1, &LOCATION).is_none(), "empty: left unset");
        assert!(lone_member_root(&root, &crate::wire::testing::THING).is_none(), "not a lone member");

        let error = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code>\
                     <Message>We encountered an internal error.</Message><RequestId>R1</RequestId></Error>";
        let answer = |body: &str| HttpResponse::new(200, vec![], body.to_string());
        match RestXml::S3.response(answer(error)) {
            Err(Failure::Service(m)) => {
                assert_eq!((m.code.as_str(), m.status, m.request_id.as_deref()), ("InternalError", 500, Some("R1")))
            }
            other => panic!("{other:?}"),
        }
        assert!(RestXml::PLAIN.response(answer(error)).is_ok(), "only S3 says so");
        let done = "<CompleteMultipartUploadResult><Location>l</Location></CompleteMultipartUploadResult>";
        assert!(RestXml::S3.response(answer(done)).is_ok());
        assert!(RestXml::S3.response(answer("")).is_ok());
    }

    #[test]
    fn host_labels_must_be_dns_labels() {
        let ok = [("AccountId", "123456789012".to_string())];
        assert_eq!(super::super::protocol::fill_host("{AccountId}.", &ok).unwrap(), "123456789012.");
        let bad = [("AccountId", "a.b".to_string())];
        assert!(super::super::protocol::fill_host("{AccountId}.", &bad)
            .unwrap_err()
            .to_string()
            .contains("not a valid host label"));
    }

    #[test]
    fn error_codes_come_from_the_header_then_the_body() {
        let resp =
            |headers: Vec<(String, String)>, body: &str| HttpResponse { status: 404, headers, body: body.into() };
        let code = |r: HttpResponse| match rest_json_error(&r, None) {
            Failure::Service(m) => (m.code, m.message),
            other => panic!("{other:?}"),
        };
        let header =
            vec![("x-amzn-errortype".to_string(), "ResourceNotFoundException:http://internal.amazon.com/".to_string())];
        assert_eq!(
            code(resp(header, r#"{"message":"gone"}"#)),
            ("ResourceNotFoundException".into(), Some("gone".into()))
        );
        assert_eq!(
            code(resp(vec![], r#"{"code":"aws.protocoltests#FooError","Message":"m"}"#)),
            ("FooError".into(), Some("m".into()))
        );
        assert_eq!(code(resp(vec![], r#"{"__type":"com.amazon#NotFound:http://x"}"#)).0, "NotFound");
        assert!(matches!(rest_json_error(&resp(vec![], "<html>"), None), Failure::InvalidResponse { status: 404, .. }));
    }
}

#[cfg(test)]
mod layout_tests {
    use std::collections::BTreeMap;

    use time::macros::datetime;

    use super::*;
    use crate::wire::testing::Call;

    fn call() -> Call {
        Call {
            function: Some("my-fn".into()),
            qualifier: Some("$LATEST".into()),
            tags: Some(vec!["a b".into(), "c".into()]),
            since: Some(datetime!(2014-04-29 18:30:38 UTC)),
            meta: Some(BTreeMap::from([("Color".to_string(), "blue".to_string())])),
            description: Some("d".into()),
            status: Some(7),
        }
    }

    #[test]
    fn members_go_where_their_schema_says() {
        let op =
            OperationSpec::new("UpdateThing").with_http("PUT", "/2015-03-31/functions/{FunctionName}/config?mode=x");
        let req = RestJson::PLAIN.request(&op, &call()).unwrap();
        assert_eq!(
            (req.method, req.path.as_str()),
            ("PUT", "/2015-03-31/functions/my-fn/config?mode=x&Qualifier=%24LATEST&tag=a%20b&tag=c")
        );
        let h = |k: &str, v: &str| (k.to_string(), v.to_string());
        assert_eq!(
            req.headers,
            [
                h("x-amz-since", "Tue, 29 Apr 2014 18:30:38 GMT"),
                h("x-amz-meta-color", "blue"),
                h("content-type", "application/json")
            ]
        );
        assert_eq!(req.body, br#"{"description":"d"}"#, "only body members, by wire name");
        // No body member set, but the input has one: an empty object, as botocore sends.
        let bare = Call { function: Some("f".into()), ..Call::default() };
        assert_eq!(RestJson::PLAIN.request(&op, &bare).unwrap().body, b"{}");
        let unlabelled = RestJson::PLAIN.request(&op, &Call::default()).unwrap_err();
        assert!(
            matches!(unlabelled, Failure::InvalidInput(m) if m.contains("the URI label `FunctionName` needs a value"))
        );
    }

    /// The service's own headers (botocore's handlers: API Gateway's `accept`) go on every
    /// request, after the members' headers, and never replace one a member sets.
    #[test]
    fn a_services_own_headers_go_on_every_request() {
        let op = OperationSpec::new("UpdateThing").with_http("PUT", "/functions/{FunctionName}/config");
        let apigateway = RestJson { headers: &[("accept", "application/json")] };
        let req = apigateway.request(&op, &call()).unwrap();
        assert_eq!(req.headers.iter().filter(|(k, _)| k == "accept").count(), 1, "{:?}", req.headers);
        assert!(req.headers.contains(&("accept".to_string(), "application/json".to_string())));
        let clash = RestJson { headers: &[("X-Amz-Since", "never")] };
        let req = clash.request(&op, &call()).unwrap();
        let since: Vec<&str> = req
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("x-amz-since"))
            .map(|(_, v)| v.as_str())
            .collect();
        assert_eq!(since, ["Tue, 29 Apr 2014 18:30:38 GMT"], "the member's value stays");
    }

    #[test]
    fn answers_fill_header_status_and_body_members() {
        let response = HttpResponse {
            status: 202,
            headers: vec![
                ("x-amz-since".into(), "Tue, 29 Apr 2014 18:30:38 GMT".into()),
                ("x-amz-meta-color".into(), "blue".into()),
                ("x-amzn-requestid".into(), "req-1".into()),
            ],
            body: br#"{"description":"d","FunctionName":"ignored: not a body member"}"#.to_vec().into(),
        };
        let reply = RestJson::PLAIN.response(response).unwrap();
        assert_eq!(reply.request_id.as_deref(), Some("req-1"));
        let out: Call = super::super::protocol::read_output(&RestJson::PLAIN, &reply).unwrap();
        assert_eq!(out.since, Some(datetime!(2014-04-29 18:30:38 UTC)));
        assert_eq!(out.meta.unwrap()["color"], "blue");
        assert_eq!((out.status, out.description.as_deref(), out.function), (Some(202), Some("d"), None));
        let bad =
            HttpResponse { status: 200, headers: vec![("x-amz-since".into(), "soon".into())], body: ByteStream::new() };
        match super::super::protocol::read_output::<Call>(&RestJson::PLAIN, &RestJson::PLAIN.response(bad).unwrap()) {
            Err(Failure::InvalidResponse { message, .. }) => {
                assert!(message.contains("Since: `soon` is not a timestamp"), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }
}
