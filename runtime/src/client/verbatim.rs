//! The transport for paths reqwest cannot send: `.` and `..` segments (an S3 key `a/../b`),
//! which its URL type resolves away. hyper's pooled HTTP/1.1 client over rustls (ring, webpki
//! roots, as reqwest sets them up) sends the path exactly as written. Where the environment
//! names an HTTP proxy for the host (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`, as reqwest reads
//! them), the request goes through a `CONNECT` tunnel to it, with its credentials; a proxy of
//! another scheme (`https://`, `socks5://`) is refused naming the path.

use std::collections::BTreeMap;
use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_core::Stream;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::proxy::matcher::{Intercept, Matcher};

use super::protocol::HttpResponse;
use super::transport::{header_pairs, BodyStream, SignedRequest};
use super::{ConfigError, Failure};
use crate::ByteStream;

type Direct = hyper_util::client::legacy::Client<hyper_rustls::HttpsConnector<HttpConnector>, BodyStream>;
type Tunnelled = hyper_util::client::legacy::Client<hyper_rustls::HttpsConnector<Tunnel<HttpConnector>>, BodyStream>;

/// See the module's documentation.
pub(crate) struct Verbatim {
    direct: Direct,
    /// One pooled client per proxy (and its credentials), made when first needed.
    tunnels: Mutex<BTreeMap<String, Tunnelled>>,
    tls: rustls::ClientConfig,
    connect_timeout: Duration,
    read_timeout: Duration,
    proxies: Matcher,
}

impl fmt::Debug for Verbatim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verbatim").field("read_timeout", &self.read_timeout).finish_non_exhaustive()
    }
}

impl Verbatim {
    pub(crate) fn new(connect_timeout: Duration, read_timeout: Duration) -> Result<Verbatim, ConfigError> {
        Self::with_proxies(connect_timeout, read_timeout, Matcher::from_env())
    }

    pub(crate) fn with_proxies(connect: Duration, read: Duration, proxies: Matcher) -> Result<Verbatim, ConfigError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| ConfigError(format!("cannot set up TLS: {e}")))?
            .with_root_certificates(rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()))
            .with_no_client_auth();
        let direct = client(&tls, http_connector(connect));
        Ok(Verbatim { direct, tunnels: Mutex::default(), tls, connect_timeout: connect, read_timeout: read, proxies })
    }

    pub(crate) async fn send(&self, request: SignedRequest) -> Result<HttpResponse, Failure> {
        let url = request.url.clone();
        let uri: http::Uri = url.parse().map_err(|e| Failure::InvalidInput(format!("the URL `{url}`: {e}")))?;
        let proxy = self.proxies.intercept(&uri);
        let uri = match &proxy {
            Some(_) => with_port(uri)?,
            None => uri,
        };
        let mut builder = http::Request::builder().method(request.method).uri(uri);
        for (k, v) in &request.headers {
            builder = builder.header(k.as_str(), v.as_str());
        }
        let sent = builder.body(BodyStream(request.body)).map_err(|e| Failure::InvalidInput(e.to_string()))?;
        let answer = match proxy {
            None => self.direct.request(sent),
            Some(proxy) => self.tunnel(&proxy, &url)?.request(sent),
        };
        let answer = tokio::time::timeout(self.read_timeout, answer).await;
        let timed_out = || Failure::Timeout(crate::TransportError::new(format!("no answer from {url}")));
        let resp = answer.map_err(|_| timed_out())?.map_err(|e| {
            let msg = format!("sending to {url}: {}", super::with_causes(&e));
            Failure::Transport(crate::TransportError::with_source(msg, e))
        })?;
        let status = resp.status().as_u16();
        let headers = header_pairs(resp.headers());
        let length = http_body::Body::size_hint(resp.body()).exact();
        let body = ByteStream::from_stream(frames(resp.into_body(), self.read_timeout), length);
        Ok(HttpResponse { status, headers, body })
    }

    /// The pooled client tunnelling through `proxy` (an `http://` one), made on first use.
    fn tunnel(&self, proxy: &Intercept, url: &str) -> Result<Tunnelled, Failure> {
        if proxy.uri().scheme_str() != Some("http") {
            return Err(Failure::InvalidInput(format!(
                "the path of `{url}` has `.` or `..` segments, which only hyper's client sends as written, and it \
                 tunnels only through an http:// proxy, not the environment's {}",
                proxy.uri()
            )));
        }
        let auth = proxy.basic_auth().and_then(|a| a.to_str().ok()).unwrap_or_default();
        let key = format!("{} {auth}", proxy.uri());
        let mut tunnels = self.tunnels.lock().unwrap_or_else(|e| e.into_inner());
        let made = tunnels.entry(key).or_insert_with(|| {
            let mut tunnel = Tunnel::new(proxy.uri().clone(), http_connector(self.connect_timeout));
            if let Some(auth) = proxy.basic_auth() {
                tunnel = tunnel.with_auth(auth.clone());
            }
            client(&self.tls, tunnel)
        });
        Ok(made.clone())
    }
}

fn http_connector(connect_timeout: Duration) -> HttpConnector {
    let mut http = HttpConnector::new();
    http.set_connect_timeout(Some(connect_timeout));
    http.enforce_http(false);
    http
}

fn client<C>(
    tls: &rustls::ClientConfig,
    inner: C,
) -> hyper_util::client::legacy::Client<hyper_rustls::HttpsConnector<C>, BodyStream>
where
    hyper_rustls::HttpsConnector<C>: hyper_util::client::legacy::connect::Connect + Clone + Send + Sync + 'static,
{
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(tls.clone())
        .https_or_http()
        .enable_http1()
        .wrap_connector(inner);
    hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build(https)
}

/// The URI with its port spelt out: a tunnel `CONNECT`s to the port the URI names, else 443,
/// which an `http://` URI without one does not mean. The `Host` header leaves a default port out.
fn with_port(uri: http::Uri) -> Result<http::Uri, Failure> {
    if uri.port().is_some() || uri.scheme_str() != Some("http") {
        return Ok(uri);
    }
    let mut parts = uri.into_parts();
    let host = parts.authority.as_ref().map(|a| format!("{}:80", a.as_str())).unwrap_or_default();
    parts.authority = Some(host.parse().map_err(|e| Failure::InvalidInput(format!("the host `{host}`: {e}")))?);
    http::Uri::from_parts(parts).map_err(|e| Failure::InvalidInput(e.to_string()))
}

/// An answer's body as its data frames, each awaited at most `read_timeout` (as reqwest's read
/// timeout); an error ends it.
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

    fn verbatim(read: Duration, proxies: Matcher) -> Verbatim {
        Verbatim::with_proxies(Duration::from_secs(1), read, proxies).unwrap()
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
        let answer = verbatim(Duration::from_secs(5), no_proxy()).send(get(format!("http://{addr}/k/../b?x=1"))).await;
        let answer = answer.unwrap();
        assert_eq!(answer.status, 200);
        assert!(answer.headers.contains(&("x-amz-request-id".into(), "r1".into())));
        assert_eq!(answer.body.collect().await.unwrap(), &b"hello"[..]);
        let head = server.await.unwrap();
        assert!(head.starts_with("GET /k/../b?x=1 HTTP/1.1\r\n"), "{head}");
    }

    #[tokio::test]
    async fn through_a_proxy_the_path_travels_in_a_connect_tunnel() {
        let (target, server) = one_answer().await;
        // A CONNECT proxy: reads the request line and headers, answers 200, then relays.
        let proxy = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let proxy_url = format!("http://user:pass@{}", proxy.local_addr().unwrap());
        let relay = tokio::spawn(async move {
            let (mut client, _) = proxy.accept().await.unwrap();
            let mut head = Vec::new();
            while !head.ends_with(b"\r\n\r\n") {
                let mut byte = [0u8];
                client.read_exact(&mut byte).await.unwrap();
                head.push(byte[0]);
            }
            let head = String::from_utf8(head).unwrap();
            let to = head.split(' ').nth(1).unwrap().to_string();
            let mut upstream = tokio::net::TcpStream::connect(&to).await.unwrap();
            client.write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n").await.unwrap();
            let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
            head
        });
        let proxies = Matcher::builder().all(proxy_url).build();
        let answer = verbatim(Duration::from_secs(5), proxies).send(get(format!("http://{target}/a/./b"))).await;
        assert_eq!(answer.unwrap().body.collect().await.unwrap(), &b"hello"[..]);
        assert!(server.await.unwrap().starts_with("GET /a/./b HTTP/1.1\r\n"));
        let connect = relay.await.unwrap();
        assert!(connect.starts_with(&format!("CONNECT {target} HTTP/1.1\r\n")), "{connect}");
        // `user:pass`, base64.
        assert!(connect.to_ascii_lowercase().contains("proxy-authorization: basic dxnlcjpwyxnz"), "{connect}");
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
        let err = verbatim(Duration::from_millis(200), no_proxy()).send(get(url.clone())).await.unwrap_err();
        assert!(matches!(err, Failure::Timeout(_)), "{err:?}");
        let socks = Matcher::builder().all("socks5://proxy.internal:1080").build();
        let err = verbatim(Duration::from_secs(1), socks).send(get(url)).await.unwrap_err();
        assert!(matches!(&err, Failure::InvalidInput(m) if m.contains("http:// proxy")), "{err:?}");
    }

    #[test]
    fn a_tunnelled_http_uri_names_its_port() {
        let uri = with_port("http://bucket.s3.amazonaws.com/a/../b".parse().unwrap()).unwrap();
        assert_eq!(uri.to_string(), "http://bucket.s3.amazonaws.com:80/a/../b");
        let kept = with_port("https://bucket.s3.amazonaws.com/k".parse().unwrap()).unwrap();
        assert_eq!(kept.port(), None);
    }
}
