//! A 256 MiB blob payload through a restJson1 operation (Lambda's `Invoke`, whose payload is a
//! body both ways) against a local stand-in, with the client's peak memory measured: the request
//! body is a file sent as it is read, the answer's body is read as it arrives, and neither is
//! ever held whole. Its own test binary, so that no other test shares the process whose peak is
//! measured. Linux only (the peak is the kernel's `VmHWM`).

use std::io::Write;

use awsdoc_lambda::primitives::ByteStream;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

const SIZE: u64 = 256 * 1024 * 1024;
/// What the peak may grow by while the payload goes out and comes back: a quarter of its size
/// (the chunks in flight are 64 KiB; the rest is the runtime's and the allocator's).
const GROWTH_LIMIT: u64 = SIZE / 4;

/// The byte at offset `i` of both bodies: a pattern a dropped or repeated chunk would break.
fn byte_at(i: u64) -> u8 {
    (i % 251) as u8
}

/// A stand-in for Lambda: checks the request body byte by byte as it arrives (never keeping
/// it), then answers with `SIZE` bytes of its own, written as they are made.
async fn stand_in(listener: TcpListener) -> Result<(u64, Vec<String>), String> {
    let (socket, _) = listener.accept().await.map_err(|e| e.to_string())?;
    let (read, mut write) = socket.into_split();
    let mut reader = BufReader::new(read);
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).await.map_err(|e| e.to_string())?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        head.push(line.trim_end().to_ascii_lowercase());
    }
    let length: u64 = head
        .iter()
        .find_map(|h| h.strip_prefix("content-length: "))
        .ok_or("the request has no content-length")?
        .parse()
        .map_err(|e| format!("content-length: {e}"))?;
    let mut buf = vec![0u8; 64 * 1024];
    let mut seen = 0u64;
    while seen < length {
        let n = reader.read(&mut buf).await.map_err(|e| e.to_string())?;
        if n == 0 {
            return Err(format!("the request body ended at {seen} of {length} bytes"));
        }
        if let Some(k) = (0..n).find(|&k| buf[k] != byte_at(seen + k as u64)) {
            return Err(format!("the request body differs at byte {}", seen + k as u64));
        }
        seen += n as u64;
    }
    let answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\nx-amzn-requestid: big-1\r\n\
         x-amz-executed-version: $LATEST\r\ncontent-length: {SIZE}\r\n\r\n"
    );
    write.write_all(answer.as_bytes()).await.map_err(|e| e.to_string())?;
    let mut sent = 0u64;
    while sent < SIZE {
        let n = (SIZE - sent).min(buf.len() as u64) as usize;
        for (k, b) in buf[..n].iter_mut().enumerate() {
            *b = byte_at(sent + k as u64);
        }
        write.write_all(&buf[..n]).await.map_err(|e| e.to_string())?;
        sent += n as u64;
    }
    write.flush().await.map_err(|e| e.to_string())?;
    Ok((seen, head))
}

/// Writes the request's payload file, a MiB at a time.
fn payload_file(dir: &std::path::Path) -> std::path::PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("payload.bin");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut chunk = vec![0u8; 1024 * 1024];
    for mib in 0..SIZE / chunk.len() as u64 {
        for (k, b) in chunk.iter_mut().enumerate() {
            *b = byte_at(mib * 1024 * 1024 + k as u64);
        }
        file.write_all(&chunk).unwrap();
    }
    file.flush().unwrap();
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_256_mib_payload_goes_out_and_comes_back_without_being_held() {
    let dir = std::env::temp_dir().join(format!("awsdoc-large-payload-{}", std::process::id()));
    let path = payload_file(&dir);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(stand_in(listener));
    let creds = awsdoc_runtime::client::Credentials::new("AKIDLARGE", "large-secret", None);
    let config = awsdoc_runtime::client::Config::new("us-east-1", creds).with_endpoint_url(&endpoint);
    let lambda = awsdoc_lambda::Client::new(config).unwrap();
    let before = awsdoc_tests::peak_rss();

    let body = ByteStream::from_path(&path).await.unwrap();
    assert_eq!(body.content_length(), Some(SIZE));
    let mut out = lambda.invoke().function_name("big").payload(body).send().await.unwrap();
    assert_eq!((out.status_code, out.executed_version.as_deref()), (Some(200), Some("$LATEST")));
    let mut payload = out.payload.take().expect("the answer's payload");
    let mut got = 0u64;
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.unwrap();
        if let Some(k) = (0..chunk.len()).find(|&k| chunk[k] != byte_at(got + k as u64)) {
            panic!("the answer's body differs at byte {}", got + k as u64);
        }
        got += chunk.len() as u64;
    }
    let growth = awsdoc_tests::peak_rss().saturating_sub(before);

    let (sent, head) = server.await.unwrap().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!((sent, got), (SIZE, SIZE));
    // Sent with its length (not chunked) and signed with the file's SHA-256, read from the file.
    assert!(!head.iter().any(|h| h.starts_with("transfer-encoding")), "{head:?}");
    assert!(head.iter().any(|h| h.starts_with("authorization: aws4-hmac-sha256")), "{head:?}");
    assert!(!head.iter().any(|h| h.contains("unsigned-payload")), "{head:?}");
    println!(
        "large payload: {} MiB out and {} MiB back; peak memory grew by {:.1} MiB (limit {} MiB)",
        SIZE >> 20,
        SIZE >> 20,
        growth as f64 / (1024.0 * 1024.0),
        GROWTH_LIMIT >> 20
    );
    assert!(growth < GROWTH_LIMIT, "peak memory grew by {growth} bytes for a {SIZE}-byte payload");
}
