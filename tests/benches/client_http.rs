//! A GetParameter call through the real HTTP stack (hyper; rustls not involved: plain
//! HTTP to a local stand-in on 127.0.0.1 with keep-alive), so that the same harness runs on any
//! revision of the client: `cargo bench -p awsdoc-tests --bench client_http`.
//!
//! Besides divan's wall time per call (client, loopback and stand-in together), `main` prints
//! the client thread's own CPU time per call from `/proc/thread-self/schedstat` (Linux): the
//! runtime is current-thread, so the client's work (encode, sign, HTTP, decode) runs on it and
//! the stand-in runs on its own thread.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

use divan::Bencher;

const PARAMETER: &str = r#"{"Parameter": {"Name": "/app/db/host", "Type": "String", "Value": "db.internal", "Version": 3, "LastModifiedDate": 1700000000.123, "ARN": "arn:aws:ssm:us-east-1:111122223333:parameter/app/db/host", "DataType": "text"}}"#;

/// A keep-alive HTTP/1.1 stand-in answering every request with `PARAMETER`; its URL.
fn stand_in() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut stream = stream;
                // One write per answer, sent at once (no Nagle delay against a delayed ACK).
                stream.set_nodelay(true).unwrap();
                loop {
                    let mut length = 0usize;
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        if line == "\r\n" {
                            break;
                        }
                        let lower = line.to_ascii_lowercase();
                        if let Some(v) = lower.strip_prefix("content-length:") {
                            length = v.trim().parse().unwrap_or(0);
                        }
                    }
                    let mut body = vec![0u8; length];
                    if reader.read_exact(&mut body).is_err() {
                        return;
                    }
                    let answer = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.1\r\nx-amzn-requestid: r-1\r\ncontent-length: {}\r\n\r\n{PARAMETER}",
                        PARAMETER.len()
                    );
                    if stream.write_all(answer.as_bytes()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

/// CPU time this thread has used, in nanoseconds.
fn thread_cpu_ns() -> u64 {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap();
    text.split_whitespace().next().unwrap().parse().unwrap()
}

fn client(url: &str) -> awsdoc_ssm::Client {
    use awsdoc_ssm::config::{Config, Credentials};
    let config = Config::new("us-east-1", Credentials::new("AKIDEXAMPLE", "secret", None)).with_endpoint_url(url);
    awsdoc_ssm::Client::new(config).unwrap()
}

async fn call(ssm: &awsdoc_ssm::Client) -> awsdoc_ssm::operation::get_parameter::GetParameterOutput {
    ssm.get_parameter().name("/app/db/host").with_decryption(true).send().await.unwrap()
}

fn main() {
    let rt = runtime();
    let ssm = client(&stand_in());
    for _ in 0..2_000 {
        rt.block_on(call(&ssm));
    }
    let n = 20_000u64;
    let (cpu, wall) = (thread_cpu_ns(), std::time::Instant::now());
    for _ in 0..n {
        rt.block_on(call(&ssm));
    }
    let per_call_cpu = (thread_cpu_ns() - cpu) as f64 / n as f64 / 1000.0;
    let per_call_wall = wall.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!("client thread CPU per call: {per_call_cpu:.2} µs; wall per call: {per_call_wall:.2} µs ({n} calls)");
    divan::main();
}

/// One call, client and stand-in together.
#[divan::bench(sample_count = 200)]
fn get_parameter_over_http(bencher: Bencher) {
    let rt = runtime();
    let ssm = client(&stand_in());
    bencher.bench_local(|| rt.block_on(call(&ssm)));
}
