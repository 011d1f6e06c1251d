//! A scripted HTTP/1.1 server on 127.0.0.1 for fault and signature tests: each connection gets
//! the next scripted action, one request per connection, and every request is recorded.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the server does with one connection.
#[derive(Debug, Clone)]
pub enum Action {
    /// Answer with this status, extra headers and JSON body.
    Respond(u16, Vec<(String, String)>, String),
    /// Close the connection without answering (a reset as the client sees it).
    Close,
    /// Answer only after this delay.
    Slow(Duration, u16, String),
}

/// A recorded request.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// The server; stops when dropped (its task is aborted).
pub struct StubServer {
    pub endpoint: String,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for StubServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl StubServer {
    /// Serves `script` in order; after it runs out, repeats its last action. `respond` may
    /// replace a `Respond` body from the request (for answers that depend on it).
    pub async fn start(script: Vec<Action>, respond: Option<fn(&Recorded) -> Action>) -> StubServer {
        let next = std::sync::atomic::AtomicUsize::new(0);
        StubServer::serve(move |req| {
            let n = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let action = script.get(n).or(script.last()).cloned().unwrap_or(Action::Close);
            match (&action, respond) {
                (Action::Respond(..), Some(f)) => f(req),
                _ => action,
            }
        })
        .await
    }

    /// Answers each request with what `handler` makes of it (stand-ins for AWS endpoints).
    pub async fn serve(handler: impl Fn(&Recorded) -> Action + Send + Sync + 'static) -> StubServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let endpoint = format!("http://{}", listener.local_addr().expect("addr"));
        let requests: Arc<Mutex<Vec<Recorded>>> = Arc::default();
        let (log, handler) = (requests.clone(), Arc::new(handler));
        let task = tokio::spawn(async move {
            loop {
                let Ok((mut sock, _)) = listener.accept().await else { return };
                let (log, handler) = (log.clone(), handler.clone());
                tokio::spawn(async move {
                    let Some(req) = read_request(&mut sock).await else { return };
                    let action = handler(&req);
                    log.lock().expect("log").push(req);
                    answer(&mut sock, action).await;
                });
            }
        });
        StubServer { endpoint, requests, task }
    }

    pub fn count(&self) -> usize {
        self.requests.lock().expect("log").len()
    }
}

async fn answer(sock: &mut tokio::net::TcpStream, action: Action) {
    let (status, headers, body) = match action {
        Action::Close => return,
        Action::Respond(s, h, b) => (s, h, b),
        Action::Slow(d, s, b) => {
            tokio::time::sleep(d).await;
            (s, Vec::new(), b)
        }
    };
    let mut head = format!(
        "HTTP/1.1 {status} X\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = sock.write_all(head.as_bytes()).await;
    let _ = sock.write_all(body.as_bytes()).await;
    let _ = sock.shutdown().await;
}

async fn read_request(sock: &mut tokio::net::TcpStream) -> Option<Recorded> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = sock.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, path) = (first.next()?.to_string(), first.next()?.to_string());
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let len: usize = headers.iter().find(|(k, _)| k == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < len {
        let n = sock.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Recorded { method, path, headers, body })
}
