//! The protocol seam: how an operation's input goes onto HTTP and how its answer comes back.
//! The transport around it (endpoints, SigV4, retries, timeouts) is the same for every protocol.
//! awsJson 1.0/1.1 is implemented; the REST protocols bind members to the URI, query string,
//! headers and payload, and implement [`Protocol`] beside it.

use std::fmt;

use super::Failure;
use crate::ErrorMetadata;

/// One operation, as a generated client names it to the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationSpec {
    /// `GetParameter`.
    pub name: &'static str,
    /// Prepended to the endpoint's host for this operation (`data-`): botocore's `endpoint`
    /// trait, for operations another fleet serves.
    pub host_prefix: Option<&'static str>,
}

impl OperationSpec {
    pub const fn new(name: &'static str) -> OperationSpec {
        OperationSpec { name, host_prefix: None }
    }

    pub const fn with_host_prefix(self, prefix: &'static str) -> OperationSpec {
        OperationSpec { host_prefix: Some(prefix), ..self }
    }
}

/// An HTTP request as a protocol lays it out, before the transport signs and sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: &'static str,
    /// The path and query below the endpoint (`/` for awsJson).
    pub path: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// An HTTP answer as the transport received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first value of a header (name in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// A successful answer: the output's encoded bytes and the request id AWS gave the call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub body: Vec<u8>,
    /// `x-amzn-RequestId`: what AWS support asks for about a call.
    pub request_id: Option<String>,
}

/// A wire protocol: lays out an operation's request and sorts its answer into the output's
/// bytes or a [`Failure`].
pub trait Protocol: fmt::Debug + Send + Sync + 'static {
    /// The request for an operation whose input is already encoded as `body`.
    fn request(&self, operation: &OperationSpec, body: Vec<u8>) -> HttpRequest;

    /// The output's encoded bytes from a successful answer, or the failure an error answer means.
    fn response(&self, response: HttpResponse) -> Result<Reply, Failure>;
}

/// awsJson 1.0/1.1: `POST /`, `X-Amz-Target: <prefix>.<Operation>`, the input as a JSON body; an
/// error's code is the body's `__type` or the `x-amzn-ErrorType` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AwsJson {
    /// `AmazonSSM`: the `X-Amz-Target` prefix.
    pub target_prefix: &'static str,
    /// `1.1`: the `application/x-amz-json-1.1` content type.
    pub json_version: &'static str,
}

impl Protocol for AwsJson {
    fn request(&self, operation: &OperationSpec, body: Vec<u8>) -> HttpRequest {
        HttpRequest {
            method: "POST",
            path: "/".into(),
            headers: vec![
                ("content-type", format!("application/x-amz-json-{}", self.json_version)),
                ("x-amz-target", format!("{}.{}", self.target_prefix, operation.name)),
            ],
            body,
        }
    }

    fn response(&self, response: HttpResponse) -> Result<Reply, Failure> {
        let request_id = response.header("x-amzn-requestid").map(str::to_string);
        if (200..300).contains(&response.status) {
            let body = response.body;
            return Ok(Reply { body: if body.is_empty() { b"{}".to_vec() } else { body }, request_id });
        }
        let error_type = response.header("x-amzn-errortype").map(str::to_string);
        Err(error_from(response.status, error_type, request_id, &response.body))
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

#[cfg(test)]
mod tests {
    use super::*;

    const SSM: AwsJson = AwsJson { target_prefix: "AmazonSSM", json_version: "1.1" };

    #[test]
    fn aws_json_lays_out_a_post_with_its_target() {
        let req = SSM.request(&OperationSpec::new("GetParameter"), b"{\"Name\":\"x\"}".to_vec());
        assert_eq!((req.method, req.path.as_str()), ("POST", "/"));
        assert_eq!(
            req.headers,
            [
                ("content-type", "application/x-amz-json-1.1".to_string()),
                ("x-amz-target", "AmazonSSM.GetParameter".into())
            ]
        );
        assert_eq!(req.body, b"{\"Name\":\"x\"}");
    }

    #[test]
    fn aws_json_sorts_answers() {
        let ok = HttpResponse { status: 200, headers: vec![], body: vec![] };
        assert_eq!(SSM.response(ok).unwrap().body, b"{}", "an empty body is an empty output");
        let ok = HttpResponse { status: 200, headers: vec![("x-amzn-requestid".into(), "req-0".into())], body: vec![] };
        assert_eq!(SSM.response(ok).unwrap().request_id.as_deref(), Some("req-0"));
        let err = HttpResponse {
            status: 400,
            headers: vec![("x-amzn-requestid".into(), "req-1".into())],
            body: br#"{"__type":"com.amazon#ParameterNotFound:http://x","message":"gone"}"#.to_vec(),
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
            body: b"not json".to_vec(),
        };
        assert!(matches!(SSM.response(header_only), Err(Failure::Service(m)) if m.code == "ResourceNotFoundException"));
        let bare = HttpResponse { status: 502, headers: vec![], body: b"<html>".to_vec() };
        assert!(matches!(SSM.response(bare), Err(Failure::InvalidResponse { status: 502, .. })));
    }
}
