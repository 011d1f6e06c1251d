//! The transport seam: what sends a signed request and brings back the answer. The client
//! decides everything else (endpoint, protocol, signing, retries), so a transport is small: the
//! default is reqwest (HTTP/1.1 over rustls, pooled), and [`Stub`] answers from a script, for
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

/// The default transport: reqwest with the config's connect and read timeouts; a path that
/// reqwest's URL type would change goes through [`Verbatim`].
#[derive(Debug, Clone)]
pub(crate) struct Reqwest {
    client: reqwest::Client,
    verbatim: Verbatim,
}

impl Reqwest {
    pub(crate) fn new(config: &super::Config) -> Result<Reqwest, super::ConfigError> {
        let client = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .read_timeout(config.read_timeout)
            .build()
            .map_err(|e| super::ConfigError(format!("cannot build the HTTP client: {e}")))?;
        Ok(Reqwest { client, verbatim: Verbatim::new(config.connect_timeout, config.read_timeout)? })
    }
}

impl Transport for Reqwest {
    fn send(&self, request: SignedRequest) -> TransportFuture<'_> {
        Box::pin(async move {
            let method = reqwest::Method::from_bytes(request.method.as_bytes())
                .map_err(|e| Failure::InvalidInput(format!("HTTP method `{}`: {e}", request.method)))?;
            let Some(url) = sent_url(&request.url)? else { return self.verbatim.send(request).await };
            let body = match request.body.bytes() {
                Some(bytes) => reqwest::Body::from(bytes.to_vec()),
                None => reqwest::Body::wrap(BodyStream(request.body)),
            };
            let mut http = self.client.request(method, url).body(body);
            for (k, v) in &request.headers {
                http = http.header(k.as_str(), v.as_str());
            }
            let resp = http.send().await.map_err(super::transport)?;
            let status = resp.status().as_u16();
            let headers = header_pairs(resp.headers());
            let length = resp.content_length();
            let chunks = futures_util::stream::unfold(resp, |mut resp| async move {
                match resp.chunk().await {
                    Ok(Some(chunk)) => Some((Ok(chunk), resp)),
                    Ok(None) => None,
                    Err(e) => Some((Err(std::io::Error::other(e)), resp)),
                }
            });
            Ok(HttpResponse { status, headers, body: ByteStream::from_stream(chunks, length) })
        })
    }
}

fn header_pairs(headers: &http::HeaderMap) -> Vec<(String, String)> {
    headers.iter().filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string()))).collect()
}

/// The URL as reqwest will send it, or `None` where the URL standard would change its path: it
/// drops `.` and `..` segments (an S3 key `a/../b` would reach the object `b`).
fn sent_url(url: &str) -> Result<Option<reqwest::Url>, Failure> {
    let parsed = reqwest::Url::parse(url).map_err(|e| Failure::InvalidInput(format!("the URL `{url}`: {e}")))?;
    let asked = url.split_once("://").and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..])).unwrap_or("/");
    let asked = asked.split(['?', '#']).next().unwrap_or(asked);
    Ok((parsed.path() == asked).then_some(parsed))
}

type HyperClient = hyper_util::client::legacy::Client<
    hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
    BodyStream,
>;

/// hyper's pooled HTTP/1.1 client over rustls (ring, webpki roots, as reqwest sets them up),
/// which sends the path exactly as written: for the paths reqwest cannot (`.` and `..`
/// segments, which its URL type resolves away). It connects directly; where the environment
/// names a proxy for the host (`HTTPS_PROXY`, `NO_PROXY`, ...), the request is refused naming
/// the path rather than sent around the proxy.
#[derive(Clone)]
pub(crate) struct Verbatim {
    client: HyperClient,
    read_timeout: std::time::Duration,
    proxies: Arc<hyper_util::client::proxy::matcher::Matcher>,
}

impl fmt::Debug for Verbatim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verbatim").field("read_timeout", &self.read_timeout).finish_non_exhaustive()
    }
}

impl Verbatim {
    fn new(connect: std::time::Duration, read: std::time::Duration) -> Result<Verbatim, super::ConfigError> {
        let mut http = hyper_util::client::legacy::connect::HttpConnector::new();
        http.set_connect_timeout(Some(connect));
        http.enforce_http(false);
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())
            .map_err(|e| super::ConfigError(format!("cannot set up TLS: {e}")))?
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build(https);
        let proxies = Arc::new(hyper_util::client::proxy::matcher::Matcher::from_env());
        Ok(Verbatim { client, read_timeout: read, proxies })
    }

    async fn send(&self, request: SignedRequest) -> Result<HttpResponse, Failure> {
        let uri: http::Uri =
            request.url.parse().map_err(|e| Failure::InvalidInput(format!("the URL `{}`: {e}", request.url)))?;
        if self.proxies.intercept(&uri).is_some() {
            return Err(Failure::InvalidInput(format!(
                "the path of `{}` has `.` or `..` segments, which only a direct connection can send as they are, \
                 and the environment names a proxy for it",
                request.url
            )));
        }
        let mut builder = http::Request::builder().method(request.method).uri(uri);
        for (k, v) in &request.headers {
            builder = builder.header(k.as_str(), v.as_str());
        }
        let sent = builder.body(BodyStream(request.body)).map_err(|e| Failure::InvalidInput(e.to_string()))?;
        let answer = tokio::time::timeout(self.read_timeout, self.client.request(sent)).await;
        let timed_out = || Failure::Timeout(crate::TransportError::new(format!("no answer from {}", request.url)));
        let resp = answer.map_err(|_| timed_out())?.map_err(|e| {
            let msg = format!("sending to {}: {e}: {}", request.url, std::error::Error::source(&e).map(|s| s.to_string()).unwrap_or_default());
            Failure::Transport(crate::TransportError::with_source(msg, e))
        })?;
        let status = resp.status().as_u16();
        let headers = header_pairs(resp.headers());
        let length = http_body::Body::size_hint(resp.body()).exact();
        Ok(HttpResponse { status, headers, body: ByteStream::from_stream(frames(resp.into_body(), self.read_timeout), length) })
    }
}

/// An answer's body as its data frames, each awaited at most `read_timeout` (as reqwest's read
/// timeout); an error ends it.
fn frames<B>(body: B, read_timeout: std::time::Duration) -> impl Stream<Item = std::io::Result<bytes::Bytes>> + Send
where
    B: http_body::Body<Data = bytes::Bytes> + Send + Unpin + 'static,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    futures_util::stream::unfold(Some(body), move |body| async move {
        let mut body = body?;
        loop {
            let next = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx));
            return match tokio::time::timeout(read_timeout, next).await {
                Err(_) => Some((Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "reading the answer")), None)),
                Ok(None) => None,
                Ok(Some(Err(e))) => Some((Err(std::io::Error::other(e)), None)),
                Ok(Some(Ok(frame))) => match frame.into_data() {
                    Ok(data) => Some((Ok(data), Some(body))),
                    Err(_trailers) => continue,
                },
            };
        }
    })
}

/// A streaming body as hyper sends it: chunk by chunk, with its length where known (so that
/// `Content-Length` is sent rather than chunked encoding).
struct BodyStream(ByteStream);

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_path_the_url_standard_would_rewrite_goes_verbatim() {
        let ok = sent_url("https://b.s3.amazonaws.com/a%20b//c.txt?x=1").unwrap().unwrap();
        assert_eq!(ok.path(), "/a%20b//c.txt");
        assert_eq!(sent_url("http://127.0.0.1:5000").unwrap().unwrap().path(), "/");
        for dotted in ["https://b.s3.amazonaws.com/a/../b", "https://b.s3.amazonaws.com/./b", "https://h/%2e%2e/x"] {
            assert!(sent_url(dotted).unwrap().is_none(), "{dotted}");
        }
    }

    fn verbatim(read: Duration, proxies: hyper_util::client::proxy::matcher::Matcher) -> Verbatim {
        let mut v = Verbatim::new(Duration::from_secs(1), read).unwrap();
        v.proxies = Arc::new(proxies);
        v
    }

    fn get(url: String) -> SignedRequest {
        SignedRequest { operation: "GetObject", method: "GET", url, headers: Vec::new(), body: ByteStream::new() }
    }

    #[tokio::test]
    async fn a_verbatim_path_is_sent_as_written_and_its_answer_read() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/k/../b?x-id=GetObject", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut head = vec![0u8; 4096];
            let n = socket.read(&mut head).await.unwrap();
            socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\nx-amz-request-id: r1\r\n\r\nhello").await.unwrap();
            String::from_utf8_lossy(&head[..n]).to_string()
        });
        let none = hyper_util::client::proxy::matcher::Matcher::builder().build();
        let answer = verbatim(Duration::from_secs(5), none).send(get(url)).await.unwrap();
        assert_eq!(answer.status, 200);
        assert!(answer.headers.contains(&("x-amz-request-id".into(), "r1".into())));
        assert_eq!(answer.body.collect().await.unwrap(), &b"hello"[..]);
        let head = server.await.unwrap();
        assert!(head.starts_with("GET /k/../b?x-id=GetObject HTTP/1.1\r\n"), "{head}");
    }

    #[tokio::test]
    async fn a_silent_server_times_out_and_a_proxy_refuses_a_verbatim_path() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/a/../b", listener.local_addr().unwrap());
        let _held = tokio::spawn(async move {
            let (socket, _) = listener.accept().await.unwrap();
            tokio::time::sleep(Duration::from_secs(10)).await;
            drop(socket);
        });
        let none = hyper_util::client::proxy::matcher::Matcher::builder().build();
        let err = verbatim(Duration::from_millis(200), none).send(get(url.clone())).await.unwrap_err();
        assert!(matches!(err, Failure::Timeout(_)), "{err:?}");
        let proxied = hyper_util::client::proxy::matcher::Matcher::builder().all("http://proxy.internal:3128").build();
        let err = verbatim(Duration::from_secs(1), proxied).send(get(url)).await.unwrap_err();
        assert!(matches!(&err, Failure::InvalidInput(m) if m.contains("names a proxy")), "{err:?}");
    }
}
