//! The transport seam: what sends a signed request and brings back the answer. The client
//! decides everything else (endpoint, protocol, signing, retries), so a transport is small: the
//! default is hyper's (HTTP/1.1 over rustls, pooled, in `client::net`), and [`Stub`] answers from a script, for
//! tests of code that uses a generated client, without a socket.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use futures_core::Stream;

use super::protocol::HttpResponse;
use super::Failure;
use crate::ByteStream;

/// A request ready to send: signed, with every header.
#[derive(Debug, Clone, PartialEq)]
pub struct SignedRequest {
    /// The operation the request calls (`GetParameter`): not sent, for transports that stand in
    /// for the service.
    pub operation: &'static str,
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// Bytes, or a blob payload's file or stream, to be sent as it is read.
    pub body: ByteStream,
}

impl SignedRequest {
    /// The first value of a header (name in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// What [`Transport::send`] returns: the answer's body may be left to arrive as a stream.
pub type TransportFuture<'a> = Pin<Box<dyn Future<Output = Result<HttpResponse, Failure>> + Send + 'a>>;

/// Sends one request. A failure to reach the service is `Failure::Transport` or
/// `Failure::Timeout` (both retried); any answer, error statuses included, is an `HttpResponse`.
pub trait Transport: fmt::Debug + Send + Sync + 'static {
    fn send(&self, request: SignedRequest) -> TransportFuture<'_>;
}

pub(crate) fn header_pairs(headers: &http::HeaderMap) -> Vec<(String, String)> {
    headers.iter().filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string()))).collect()
}

/// A streaming body as hyper sends it: chunk by chunk, with its length where known (so that
/// `Content-Length` is sent rather than chunked encoding).
pub(crate) struct BodyStream(pub(crate) ByteStream);

impl http_body::Body for BodyStream {
    type Data = bytes::Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<bytes::Bytes>, std::io::Error>>> {
        Pin::new(&mut self.0).poll_next(cx).map(|c| c.map(|c| c.map(http_body::Frame::data)))
    }

    fn size_hint(&self) -> http_body::SizeHint {
        match self.0.content_length() {
            Some(n) => http_body::SizeHint::with_exact(n),
            None => http_body::SizeHint::default(),
        }
    }
}

/// A scripted transport for tests: answers each operation with the replies given for it (the
/// last one repeats), records every request, and never opens a socket.
///
/// ```
/// use awsdoc_runtime::client::transport::Stub;
/// let stub = Stub::new()
///     .reply("GetParameter", 200, r#"{"Parameter": {"Name": "/app/db", "Value": "db.internal"}}"#)
///     .reply("PutParameter", 400, r#"{"__type": "ParameterAlreadyExists", "message": "exists"}"#);
/// // Config::new(...).with_transport(stub.clone()); later: stub.calls("GetParameter")
/// # let _ = stub;
/// ```
#[derive(Debug, Clone, Default)]
pub struct Stub {
    inner: Arc<Mutex<StubState>>,
}

#[derive(Debug, Default)]
struct StubState {
    replies: BTreeMap<String, Vec<(u16, String)>>,
    served: BTreeMap<String, usize>,
    requests: Vec<SignedRequest>,
}

impl Stub {
    pub fn new() -> Stub {
        Stub::default()
    }

    /// Adds an answer for an operation (by name, `GetParameter`): replies are given in order,
    /// and the last repeats. A status of 400 and above with `{"__type": ...}` is a service error.
    pub fn reply(self, operation: &str, status: u16, body: &str) -> Stub {
        let mut state = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        state.replies.entry(operation.to_string()).or_default().push((status, body.to_string()));
        drop(state);
        self
    }

    /// Every request sent so far.
    pub fn requests(&self) -> Vec<SignedRequest> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).requests.clone()
    }

    /// The JSON bodies sent for one operation, in order.
    pub fn calls(&self, operation: &str) -> Vec<serde_json::Value> {
        self.requests()
            .iter()
            .filter(|r| r.operation == operation)
            .filter_map(|r| serde_json::from_slice(r.body.bytes()?).ok())
            .collect()
    }
}

impl Transport for Stub {
    fn send(&self, mut request: SignedRequest) -> TransportFuture<'_> {
        Box::pin(async move {
            // A file or stream body is read here, so that a test can look at what was sent.
            if request.body.bytes().is_none() {
                let body = std::mem::take(&mut request.body).collect().await;
                let body =
                    body.map_err(|e| Failure::Transport(crate::TransportError::with_source(e.to_string(), e)))?;
                request.body = body.into();
            }
            let mut state = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            let op = request.operation.to_string();
            state.requests.push(request);
            // Each answer gets its own request id: `stub-request-<n>`, n counting every request.
            let request_id = format!("stub-request-{}", state.requests.len());
            let n = *state.served.get(&op).unwrap_or(&0);
            let reply = state.replies.get(&op).and_then(|r| r.get(n).or(r.last())).cloned();
            state.served.insert(op.clone(), n + 1);
            drop(state);
            let (status, body) = reply.ok_or_else(|| {
                Failure::Transport(crate::TransportError::new(format!("the stub has no reply for `{op}`")))
            })?;
            Ok(HttpResponse::new(status, vec![("x-amzn-requestid".into(), request_id)], body))
        })
    }
}
