//! The runner side of botocore's protocol tests (`cargo xtask protocol-tests`): a transport that
//! records the one request a case sends and answers with the case's response, and the checks
//! botocore's own runner (`tests/unit/test_protocols.py`) makes: method, path and query exact,
//! every expected header present with its value, forbidden headers absent, JSON bodies compared
//! parsed, other bodies byte for byte.
//!
//! The cases arrive as JSON already in the serde form (blobs base64, timestamps epoch seconds):
//! the xtask converts botocore's parameters and results along the suite's shapes.

use std::sync::{Arc, Mutex};

use awsdoc_runtime::client::protocol::HttpResponse;
use awsdoc_runtime::client::transport::{SignedRequest, Transport, TransportFuture};
use awsdoc_runtime::client::{Config, Credentials};
use serde_json::Value;

/// Records every request and answers each with one canned response.
#[derive(Debug, Clone)]
pub struct Recorder {
    answer: HttpResponse,
    sent: Arc<Mutex<Vec<SignedRequest>>>,
}

impl Transport for Recorder {
    fn send(&self, request: SignedRequest) -> TransportFuture<'_> {
        self.sent.lock().unwrap_or_else(|e| e.into_inner()).push(request);
        let answer = self.answer.clone();
        Box::pin(async move { Ok(answer) })
    }
}

impl Recorder {
    /// The one request the case sent.
    pub fn request(&self) -> SignedRequest {
        let sent = self.sent.lock().unwrap_or_else(|e| e.into_inner());
        assert_eq!(sent.len(), 1, "the case should send exactly one request");
        sent[0].clone()
    }
}

/// A client configuration for a case: its suite's `clientEndpoint` (else `https://example.com`),
/// with host prefixes prepended to it as botocore does, and a transport that answers with the
/// case's `response` (`status_code`, `headers`, `body`), or an empty 200 for input cases.
/// Retries are off, so an error answer is read once.
pub fn config(case: &Value, response: Option<&Value>) -> (Config, Recorder) {
    let answer = match response {
        Some(r) => HttpResponse {
            status: r["status_code"].as_u64().and_then(|s| u16::try_from(s).ok()).unwrap_or(200),
            headers: r["headers"]
                .as_object()
                .map(|h| {
                    h.iter().map(|(k, v)| (k.to_ascii_lowercase(), v.as_str().unwrap_or("").to_string())).collect()
                })
                .unwrap_or_default(),
            body: body_bytes(case, r["body"].as_str().unwrap_or("")).into(),
        },
        None => HttpResponse { status: 200, headers: Vec::new(), body: b"{}".to_vec().into() },
    };
    let recorder = Recorder { answer, sent: Arc::default() };
    let config = Config::new("us-east-1", Credentials::new("AKIDPROTOCOL", "protocol-secret", None))
        .with_endpoint_url(case["clientEndpoint"].as_str().unwrap_or("https://example.com"))
        .with_host_prefix_on_endpoint_url(true)
        .with_retries(1, std::time::Duration::ZERO, std::time::Duration::ZERO)
        .with_transport(recorder.clone());
    (config, recorder)
}

/// A body as the case gives it: base64 for CBOR, text otherwise.
fn body_bytes(case: &Value, body: &str) -> Vec<u8> {
    use base64::Engine;
    if case["protocol"] == "smithy-rpc-v2-cbor" {
        return base64::engine::general_purpose::STANDARD.decode(body).expect("a CBOR case's body is base64");
    }
    body.as_bytes().to_vec()
}

/// A case's parameters as the operation's input.
pub fn params<T: serde::de::DeserializeOwned>(case: &Value) -> T {
    serde_json::from_value(case["params"].clone())
        .unwrap_or_else(|e| panic!("the case's params do not read as the input: {e}\n{}", case["params"]))
}

/// Compares the recorded request with the case's `serialized`. `list_headers` are the input's
/// list-valued headers, whose expected values Smithy joins with `", "` and botocore with `","`.
pub fn check_request(case: &Value, sent: &SignedRequest, list_headers: &[&str]) {
    let want = &case["serialized"];
    if let Some(method) = want["method"].as_str() {
        assert_eq!(sent.method, method, "method");
    }
    assert_eq!(path_and_query(&sent.url), want["uri"].as_str().unwrap_or(""), "URI");
    if let Some(host) = want["host"].as_str() {
        assert_eq!(host_of(&sent.url), host, "host");
    }
    check_headers(want, sent, list_headers, case["protocol"].as_str().unwrap_or(""));
    if let Some(body) = want["body"].as_str() {
        let got = sent.body.bytes().unwrap_or_default();
        if case["protocol"] == "smithy-rpc-v2-cbor" {
            check_cbor_body(&body_bytes(case, body), got);
        } else {
            check_body(body, got, case["protocol"].as_str().unwrap_or(""));
        }
    }
}

fn check_headers(want: &Value, sent: &SignedRequest, list_headers: &[&str], protocol: &str) {
    for (name, value) in want["headers"].as_object().into_iter().flatten() {
        let mut value = value.as_str().unwrap_or("").to_string();
        let content_type = name.eq_ignore_ascii_case("content-type");
        // botocore's runner: a restJson1 case's Content-Type other than application/json (a
        // payload's media type) is not compared.
        if protocol == "rest-json" && content_type && value != "application/json" {
            continue;
        }
        // botocore's runner: the form bodies of awsQuery and ec2Query say their charset, which
        // the suites leave out.
        if matches!(protocol, "query" | "ec2") && content_type && !value.contains("charset=utf-8") {
            value.push_str("; charset=utf-8");
        }
        let is_list = list_headers.iter().any(|h| h.eq_ignore_ascii_case(name));
        let normal = |v: &str| if is_list { v.replace(", ", ",") } else { v.to_string() };
        assert_eq!(header(sent, name).map(normal), Some(normal(&value)), "header {name}");
    }
    for name in want["forbidHeaders"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        assert_eq!(header(sent, name), None, "header {name} must not be sent");
    }
}

fn check_body(want: &str, got: &[u8], protocol: &str) {
    // botocore's runner compares XML bodies canonicalised, text stripped.
    if protocol == "rest-xml" {
        use awsdoc_runtime::wire::xml::parse;
        if let (Ok(w), Ok(g)) = (parse(want.as_bytes()), parse(got)) {
            assert_eq!(canonical(&g), canonical(&w), "body (parsed as XML)");
            return;
        }
    }
    let parsed_want = serde_json::from_str::<Value>(want);
    let parsed_got = serde_json::from_slice::<Value>(got);
    match (parsed_want, parsed_got) {
        (Ok(w), Ok(g)) => assert_eq!(g, w, "body (parsed as JSON)"),
        (Ok(_), Err(e)) if protocol == "json" => panic!("the body is not JSON ({e}): {}", String::from_utf8_lossy(got)),
        _ => assert_eq!(String::from_utf8_lossy(got), want, "body"),
    }
}

/// botocore's runner compares CBOR bodies by their values (an empty body is an empty one).
fn check_cbor_body(want: &[u8], got: &[u8]) {
    use awsdoc_runtime::wire::cbor::{parse, to_json};
    if want.is_empty() || got.is_empty() {
        assert_eq!(got, want, "body");
        return;
    }
    let value = |b: &[u8]| to_json(&parse(b).unwrap_or_else(|e| panic!("the body is not CBOR: {e}")));
    let (g, w) = (value(got), value(want));
    assert!(same(&g, &w), "body (parsed as CBOR)\n  got:  {g}\n  want: {w}");
}

/// An XML element with its text trimmed and attributes sorted, to compare documents by content.
fn canonical(e: &awsdoc_runtime::wire::xml::Element) -> Value {
    let mut attributes = e.attributes.clone();
    attributes.sort();
    serde_json::json!({
        "name": e.name,
        "attributes": attributes,
        "text": e.text.trim(),
        "children": e.children.iter().map(canonical).collect::<Vec<_>>(),
    })
}

fn header<'a>(sent: &'a SignedRequest, name: &str) -> Option<&'a str> {
    sent.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

fn path_and_query(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
}

fn host_of(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme.split('/').next().unwrap_or("")
}

/// A value's serde form as JSON text reads it back (`serde_json::to_value` would widen an f32's
/// `1.1` to `1.100000023841858`).
pub fn serde_form<T: serde::Serialize>(v: &T) -> Value {
    let text = serde_json::to_string(v).unwrap_or_else(|e| panic!("the serde form failed: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("the serde form is not JSON: {e}"))
}

/// Compares an output (in the serde form) with the case's expected `result`. Numbers compare as
/// numbers (`1.0` equals `1`).
pub fn check_output(case: &Value, got: Value) {
    let want = &case["result"];
    assert!(same(&got, want), "output\n  got:  {got}\n  want: {want}");
}

/// Compares a service error with the case's `errorCode`, `errorMessage` and `error` members.
pub fn check_error(case: &Value, meta: &awsdoc_runtime::ErrorMetadata, details: Option<Value>) {
    assert_eq!(meta.code, case["errorCode"].as_str().unwrap_or(""), "error code");
    if let Some(message) = case["errorMessage"].as_str() {
        assert_eq!(meta.message.as_deref(), Some(message), "error message");
    }
    let mut want = case["error"].clone();
    if let Some(w) = want.as_object_mut() {
        // The message is metadata here, not one of the details.
        w.retain(|k, _| !k.eq_ignore_ascii_case("message"));
    }
    let got = details.unwrap_or_else(|| Value::Object(Default::default()));
    assert!(same(&got, &want), "error members\n  got:  {got}\n  want: {want}");
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}
