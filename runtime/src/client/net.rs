//! The HTTP transport: hyper's pooled HTTP/1.1 client over rustls (ring, webpki roots). It sends
//! each path as written, `.` and `..` segments included (an S3 key `a/../b`), which a URL type
//! following the URL standard would resolve away. Where the environment names a proxy for the
//! host (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`, in either case, as curl and
//! reqwest read them), an `https://` destination goes through a `CONNECT` tunnel and an `http://`
//! one is forwarded to the proxy in absolute form, both with the proxy's credentials; the proxy
//! itself may be `http://` or `https://`. A proxy of another scheme (`socks5://`) is refused,
//! naming it. One connector type routes all three ways, so the client is one type, compiled once.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use hyper::rt::{Read, ReadBufCursor, Write};
use hyper_rustls::MaybeHttpsStream;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::client::proxy::matcher::{Intercept, Matcher};
use hyper_util::rt::TokioIo;
use tower_service::Service;

use super::protocol::HttpResponse;
use super::transport::{header_pairs, BodyStream, SignedRequest, Transport, TransportFuture};
use super::{ConfigError, Failure};
use crate::ByteStream;

type BoxError = Box<dyn std::error::Error + Send + Sync>;
/// TCP, with TLS for an `https://` address (the destination's, or an `https://` proxy's).
type Tls = hyper_rustls::HttpsConnector<HttpConnector>;
type Plain = MaybeHttpsStream<TokioIo<tokio::net::TcpStream>>;
/// TLS to the destination inside a `CONNECT` tunnel through the proxy.
type Tunnelling = hyper_rustls::HttpsConnector<Tunnel<Tls>>;

/// The default transport (see the module's documentation), with the config's connect and read
/// timeouts. Cloning shares the pool.
#[derive(Clone)]
pub(crate) struct Http {
    client: hyper_util::client::legacy::Client<Route, BodyStream>,
    route: Route,
    read_timeout: Duration,
}

impl fmt::Debug for Http {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Http").field("read_timeout", &self.read_timeout).finish_non_exhaustive()
    }
}

impl Http {
    pub(crate) fn new(connect_timeout: Duration, read_timeout: Duration) -> Result<Http, ConfigError> {
        Self::with_proxies(connect_timeout, read_timeout, Matcher::from_env())
    }

    pub(crate) fn with_proxies(connect: Duration, read: Duration, proxies: Matcher) -> Result<Http, ConfigError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| ConfigError(format!("cannot set up TLS: {e}")))?
            .with_root_certificates(rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()))
            .with_no_client_auth();
        let direct = tls_over(&tls, http_connector(connect));
        let routes = Routes { direct, tunnels: Mutex::default(), tls, connect_timeout: connect, proxies };
        let route = Route(Arc::new(routes));
        let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(90))
            .build(route.clone());
        Ok(Http { client, route, read_timeout: read })
    }

    pub(crate) async fn send(&self, request: SignedRequest) -> Result<HttpResponse, Failure> {
        let url = request.url.clone();
        let uri: http::Uri = url.parse().map_err(|e| Failure::InvalidInput(format!("the URL `{url}`: {e}")))?;
        let proxy = self.route.0.proxies.intercept(&uri);
        if let Some(p) = &proxy {
            self.route.0.check_scheme(p).map_err(Failure::InvalidInput)?;
        }
        let forwarded = uri.scheme_str() == Some("http");
        let mut builder = http::Request::builder().method(request.method).uri(uri);
        for (k, v) in &request.headers {
            builder = builder.header(k.as_str(), v.as_str());
        }
        // A forwarded request carries the proxy's credentials; a tunnelled one gave them to `CONNECT`.
        if let Some(auth) = proxy.as_ref().filter(|_| forwarded).and_then(Intercept::basic_auth) {
            builder = builder.header(http::header::PROXY_AUTHORIZATION, auth.clone());
        }
        let sent = builder.body(BodyStream(request.body)).map_err(|e| Failure::InvalidInput(e.to_string()))?;
        let answer = tokio::time::timeout(self.read_timeout, self.client.request(sent)).await;
        let timed_out = || Failure::Timeout(crate::TransportError::new(format!("no answer from {url}")));
        let resp = answer.map_err(|_| timed_out())?.map_err(|e| sending(&url, e))?;
        let status = resp.status().as_u16();
        let headers = header_pairs(resp.headers());
        let length = http_body::Body::size_hint(resp.body()).exact();
        let body = ByteStream::from_stream(frames(resp.into_body(), self.read_timeout), length);
        Ok(HttpResponse { status, headers, body })
    }

    /// One small exchange for the credential sources (instance metadata, the container endpoint,
    /// STS, SSO): the status and the body as text, all of it within `within`.
    pub(crate) async fn fetch(
        &self,
        method: &'static str,
        url: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
        within: Duration,
    ) -> Result<(u16, String), String> {
        let request = SignedRequest {
            operation: "",
            method,
            url: url.to_string(),
            headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            body: body.into(),
        };
        let exchange = async {
            let resp = self.send(request).await.map_err(|f| match f {
                Failure::Timeout(e) | Failure::Transport(e) => e.to_string(),
                Failure::InvalidInput(m) => m,
                other => format!("{other:?}"),
            })?;
            let text = resp.body.collect().await.map_err(|e| format!("reading the answer: {e}"))?;
            Ok((resp.status, String::from_utf8_lossy(&text).into_owned()))
        };
        tokio::time::timeout(within, exchange).await.map_err(|_| format!("no answer within {within:?}"))?
    }
}

impl Transport for Http {
    fn send(&self, request: SignedRequest) -> TransportFuture<'_> {
        Box::pin(Http::send(self, request))
    }
}

/// A failure to send: a timeout where the cause is one (the connect timeout), else a transport
/// error naming the URL and every cause.
fn sending(url: &str, e: hyper_util::client::legacy::Error) -> Failure {
    let msg = format!("error sending request to {url}: {}", super::with_causes(&e));
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    while let Some(c) = cause {
        if c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut) {
            return Failure::Timeout(crate::TransportError::with_source(msg, e));
        }
        cause = c.source();
    }
    Failure::Transport(crate::TransportError::with_source(msg, e))
}

/// The connector: straight to the destination, through a tunnel, or to a forwarding proxy.
#[derive(Clone)]
struct Route(Arc<Routes>);

struct Routes {
    direct: Tls,
    /// One tunnelling connector per proxy (and its credentials), made when first needed.
    tunnels: Mutex<BTreeMap<String, Tunnelling>>,
    tls: rustls::ClientConfig,
    connect_timeout: Duration,
    proxies: Matcher,
}

impl Routes {
    fn check_scheme(&self, proxy: &Intercept) -> Result<(), String> {
        match proxy.uri().scheme_str() {
            Some("http" | "https") => Ok(()),
            _ => Err(format!(
                "the environment's proxy {} is not http:// or https://, the only kinds supported",
                proxy.uri()
            )),
        }
    }

    async fn connect(&self, dst: http::Uri) -> Result<Conn, BoxError> {
        let Some(proxy) = self.proxies.intercept(&dst) else {
            return Ok(Conn::Direct(ready_call(self.direct.clone(), dst).await?));
        };
        self.check_scheme(&proxy)?;
        if dst.scheme_str() == Some("https") {
            Ok(Conn::Tunnelled(Box::new(ready_call(self.tunnel(&proxy), dst).await?)))
        } else {
            Ok(Conn::Forwarded(ready_call(self.direct.clone(), proxy.uri().clone()).await?))
        }
    }

    fn tunnel(&self, proxy: &Intercept) -> Tunnelling {
        let auth = proxy.basic_auth().and_then(|a| a.to_str().ok()).unwrap_or_default();
        let key = format!("{} {auth}", proxy.uri());
        let mut tunnels = self.tunnels.lock().unwrap_or_else(|e| e.into_inner());
        let made = tunnels.entry(key).or_insert_with(|| {
            let mut tunnel =
                Tunnel::new(proxy.uri().clone(), tls_over(&self.tls, http_connector(self.connect_timeout)));
            if let Some(auth) = proxy.basic_auth() {
                tunnel = tunnel.with_auth(auth.clone());
            }
            tls_over(&self.tls, tunnel)
        });
        made.clone()
    }
}

/// A connector's `poll_ready`, then its `call`.
async fn ready_call<S>(mut service: S, dst: http::Uri) -> Result<S::Response, BoxError>
where
    S: Service<http::Uri>,
    S::Error: Into<BoxError>,
{
    std::future::poll_fn(|cx| service.poll_ready(cx)).await.map_err(Into::into)?;
    service.call(dst).await.map_err(Into::into)
}

impl Service<http::Uri> for Route {
    type Response = Conn;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Conn, BoxError>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, dst: http::Uri) -> Self::Future {
        let routes = self.0.clone();
        Box::pin(async move { routes.connect(dst).await })
    }
}

/// A connection made by [`Route`]; a forwarded one tells hyper to send the absolute URI.
enum Conn {
    Direct(Plain),
    Forwarded(Plain),
    /// Boxed: TLS inside TLS is twice the size of the others.
    Tunnelled(Box<MaybeHttpsStream<Plain>>),
}

impl Connection for Conn {
    fn connected(&self) -> Connected {
        match self {
            Conn::Direct(s) => s.connected(),
            Conn::Forwarded(s) => s.connected().proxy(true),
            Conn::Tunnelled(s) => s.connected(),
        }
    }
}

impl Read for Conn {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: ReadBufCursor<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Conn::Direct(s) | Conn::Forwarded(s) => Pin::new(s).poll_read(cx, buf),
            Conn::Tunnelled(s) => Pin::new(&mut **s).poll_read(cx, buf),
        }
    }
}

impl Write for Conn {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        match self.get_mut() {
            Conn::Direct(s) | Conn::Forwarded(s) => Pin::new(s).poll_write(cx, buf),
            Conn::Tunnelled(s) => Pin::new(&mut **s).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Conn::Direct(s) | Conn::Forwarded(s) => Pin::new(s).poll_flush(cx),
            Conn::Tunnelled(s) => Pin::new(&mut **s).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Conn::Direct(s) | Conn::Forwarded(s) => Pin::new(s).poll_shutdown(cx),
            Conn::Tunnelled(s) => Pin::new(&mut **s).poll_shutdown(cx),
        }
    }
}

fn http_connector(connect_timeout: Duration) -> HttpConnector {
    let mut http = HttpConnector::new();
    http.set_connect_timeout(Some(connect_timeout));
    http.set_nodelay(true);
    http.enforce_http(false);
    http
}

/// TLS over `inner` for an `https://` address, plain TCP for an `http://` one.
fn tls_over<C>(tls: &rustls::ClientConfig, inner: C) -> hyper_rustls::HttpsConnector<C> {
    hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(tls.clone())
        .https_or_http()
        .enable_http1()
        .wrap_connector(inner)
}

/// An answer's body as its data frames, each awaited at most `read_timeout`; an error ends it.
fn frames<B>(body: B, read_timeout: Duration) -> impl Stream<Item = std::io::Result<bytes::Bytes>> + Send
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

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    fn client(read: Duration, proxies: Matcher) -> Http {
        Http::with_proxies(Duration::from_secs(1), read, proxies).unwrap()
    }

    fn no_proxy() -> Matcher {
        Matcher::builder().build()
    }

    fn get(url: String) -> SignedRequest {
        SignedRequest { operation: "GetObject", method: "GET", url, headers: Vec::new(), body: ByteStream::new() }
    }

    /// A server answering one request with `hello`; returns what it read.
    async fn one_answer() -> (String, tokio::task::JoinHandle<String>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let server = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut head = vec![0u8; 4096];
            let n = socket.read(&mut head).await.unwrap();
            let answer = b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\nx-amz-request-id: r1\r\n\r\nhello";
            socket.write_all(answer).await.unwrap();
            String::from_utf8_lossy(&head[..n]).to_string()
        });
        (addr, server)
    }

    #[tokio::test]
    async fn a_verbatim_path_is_sent_as_written_and_its_answer_read() {
        let (addr, server) = one_answer().await;
        let answer = client(Duration::from_secs(5), no_proxy()).send(get(format!("http://{addr}/k/../b?x=1"))).await;
        let answer = answer.unwrap();
        assert_eq!(answer.status, 200);
        assert!(answer.headers.contains(&("x-amz-request-id".into(), "r1".into())));
        assert_eq!(answer.body.collect().await.unwrap(), &b"hello"[..]);
        let head = server.await.unwrap();
        assert!(head.starts_with("GET /k/../b?x=1 HTTP/1.1\r\n"), "{head}");
    }

    /// A proxy that reads one request head, answers it with `answer`, then relays to the
    /// `CONNECT` target when there is one; returns the head it read.
    async fn proxy(answer: &'static [u8]) -> (String, tokio::task::JoinHandle<String>) {
        let proxy = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://user:pass@{}", proxy.local_addr().unwrap());
        let relay = tokio::spawn(async move {
            let (mut client, _) = proxy.accept().await.unwrap();
            let mut head = Vec::new();
            while !head.ends_with(b"\r\n\r\n") {
                let mut byte = [0u8];
                client.read_exact(&mut byte).await.unwrap();
                head.push(byte[0]);
            }
            let head = String::from_utf8(head).unwrap();
            client.write_all(answer).await.unwrap();
            if let Some(to) = head.strip_prefix("CONNECT ").and_then(|h| h.split(' ').next()) {
                if let Ok(mut upstream) = tokio::net::TcpStream::connect(to).await {
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
                }
            }
            head
        });
        (url, relay)
    }

    #[tokio::test]
    async fn an_http_destination_is_forwarded_to_the_proxy_in_absolute_form() {
        let answer = b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello";
        let (proxy_url, relay) = proxy(answer).await;
        let proxies = Matcher::builder().all(proxy_url).build();
        let answer = client(Duration::from_secs(5), proxies).send(get("http://bucket.internal/a/./b".into())).await;
        assert_eq!(answer.unwrap().body.collect().await.unwrap(), &b"hello"[..]);
        let head = relay.await.unwrap();
        assert!(head.starts_with("GET http://bucket.internal/a/./b HTTP/1.1\r\n"), "{head}");
        // `user:pass`, base64.
        assert!(head.to_ascii_lowercase().contains("proxy-authorization: basic dxnlcjpwyxnz"), "{head}");
    }

    #[tokio::test]
    async fn an_https_destination_travels_in_a_connect_tunnel() {
        // The target speaks no TLS, so the handshake inside the tunnel fails once `CONNECT` is done.
        let (target, _server) = one_answer().await;
        let (proxy_url, relay) = proxy(b"HTTP/1.1 200 Connection Established\r\n\r\n").await;
        let proxies = Matcher::builder().all(proxy_url).build();
        let sent = client(Duration::from_secs(5), proxies).send(get(format!("https://{target}/a/../b"))).await;
        assert!(matches!(&sent, Err(Failure::Transport(_))), "{sent:?}");
        let connect = relay.await.unwrap();
        assert!(connect.starts_with(&format!("CONNECT {target} HTTP/1.1\r\n")), "{connect}");
        assert!(connect.to_ascii_lowercase().contains("proxy-authorization: basic dxnlcjpwyxnz"), "{connect}");
    }

    #[tokio::test]
    async fn a_refused_connection_is_a_transport_error_naming_the_url() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/x", listener.local_addr().unwrap());
        drop(listener);
        let err = client(Duration::from_secs(1), no_proxy()).send(get(url.clone())).await.unwrap_err();
        assert!(matches!(&err, Failure::Transport(e) if e.to_string().contains(&url)), "{err:?}");
    }

    #[tokio::test]
    async fn a_silent_server_times_out_and_a_socks_proxy_is_refused() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/a/../b", listener.local_addr().unwrap());
        let _held = tokio::spawn(async move {
            let (socket, _) = listener.accept().await.unwrap();
            tokio::time::sleep(Duration::from_secs(10)).await;
            drop(socket);
        });
        let err = client(Duration::from_millis(200), no_proxy()).send(get(url.clone())).await.unwrap_err();
        assert!(matches!(err, Failure::Timeout(_)), "{err:?}");
        let socks = Matcher::builder().all("socks5://proxy.internal:1080").build();
        let err = client(Duration::from_secs(1), socks).send(get(url)).await.unwrap_err();
        assert!(matches!(&err, Failure::InvalidInput(m) if m.contains("socks5://proxy.internal:1080")), "{err:?}");
    }
}

#[cfg(test)]
mod pool_tests {
    use super::*;
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};

    /// Two calls in turn reuse one pooled connection: the server accepts once, answers twice.
    #[tokio::test]
    async fn a_second_call_reuses_the_connection() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/x", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            let (socket, _) = listener.accept().await.unwrap();
            let mut reader = tokio::io::BufReader::new(socket);
            for _ in 0..2 {
                let mut line = String::new();
                loop {
                    line.clear();
                    reader.read_line(&mut line).await.unwrap();
                    if line == "\r\n" {
                        break;
                    }
                }
                reader.get_mut().write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok").await.unwrap();
            }
            let mut rest = Vec::new();
            let _ = reader.read_to_end(&mut rest).await;
        });
        let http =
            Http::with_proxies(Duration::from_secs(1), Duration::from_secs(5), Matcher::builder().build()).unwrap();
        for _ in 0..2 {
            let get = SignedRequest {
                operation: "",
                method: "GET",
                url: url.clone(),
                headers: Vec::new(),
                body: ByteStream::new(),
            };
            let answer = http.send(get).await.unwrap();
            assert_eq!(answer.body.collect().await.unwrap(), &b"ok"[..]);
        }
        drop(http);
        server.abort();
    }
}
