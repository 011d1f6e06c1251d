//! A 1 GiB S3 object through moto: uploaded in eight 128 MiB parts, each a stream made as it is
//! sent, then downloaded to a file with `GetObject`'s body written as it arrives; the client's
//! peak memory is measured across both, and the file checked byte for byte. Its own test binary,
//! so that no other test shares the process whose peak is measured. Linux only (the kernel's
//! `VmHWM`). About 2 GiB of moto's memory and 1 GiB of disk while it runs.

use awsdoc_s3::primitives::ByteStream;
use awsdoc_s3::types::{CompletedMultipartUpload, CompletedPart};
use awsdoc_tests::MotoServer;
use tokio::io::AsyncReadExt;

const PART: u64 = 128 * 1024 * 1024;
const PARTS: u64 = 8;
const SIZE: u64 = PART * PARTS;
/// What the peak may grow by while 1 GiB goes up and comes back down: 64 MiB.
const GROWTH_LIMIT: u64 = 64 * 1024 * 1024;

/// The byte at offset `i` of the object: a pattern a dropped or repeated chunk would break.
fn byte_at(i: u64) -> u8 {
    (i % 251) as u8
}

const CHUNK: u64 = 1024 * 1024;

/// The pattern from offset 0 for a chunk and one period more: the chunk at offset `s` is its
/// slice from `s % 251`, so no byte is computed twice (the test is built without optimisation).
fn pattern() -> bytes::Bytes {
    (0..CHUNK + 251).map(byte_at).collect::<Vec<u8>>().into()
}

/// The `len` bytes of the object at offset `start` (`len` at most `CHUNK`).
fn expected(pattern: &bytes::Bytes, start: u64, len: usize) -> bytes::Bytes {
    let from = (start % 251) as usize;
    pattern.slice(from..from + len)
}

/// Part `n` (from 0) as a stream of 1 MiB chunks, each a slice of the shared pattern.
fn part_stream(pattern: &bytes::Bytes, n: u64) -> ByteStream {
    let pattern = pattern.clone();
    let chunks = (0..PART / CHUNK).map(move |c| Ok(expected(&pattern, n * PART + c * CHUNK, CHUNK as usize)));
    ByteStream::from_stream(futures_util::stream::iter(chunks), Some(PART))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gibibyte_goes_up_in_parts_and_down_to_a_file_in_bounded_memory() {
    let moto = MotoServer::start();
    let s3 = awsdoc_s3::Client::new(moto.config()).unwrap();
    s3.create_bucket().bucket("awsdoc-large").send().await.unwrap();
    let pattern = pattern();
    let before = awsdoc_tests::peak_rss();

    let upload = s3.create_multipart_upload().bucket("awsdoc-large").key("gib").send().await.unwrap();
    let id = upload.upload_id.unwrap();
    let mut parts = Vec::new();
    for n in 0..PARTS {
        let number = n as i32 + 1;
        let sent = s3
            .upload_part()
            .bucket("awsdoc-large")
            .key("gib")
            .upload_id(&id)
            .part_number(number)
            .body(part_stream(&pattern, n))
            .send()
            .await
            .unwrap();
        parts.push(CompletedPart::builder().e_tag(sent.e_tag.unwrap()).part_number(number).build());
    }
    let done = CompletedMultipartUpload::builder().parts(parts).build();
    s3.complete_multipart_upload()
        .bucket("awsdoc-large")
        .key("gib")
        .upload_id(&id)
        .multipart_upload(done)
        .send()
        .await
        .unwrap();

    let path = std::env::temp_dir().join(format!("awsdoc-gib-{}", std::process::id()));
    let got = s3.get_object().bucket("awsdoc-large").key("gib").send().await.unwrap();
    assert_eq!(got.content_length, Some(SIZE as i64));
    let written = got.body.unwrap().write_to_path(&path).await.unwrap();
    let growth = awsdoc_tests::peak_rss().saturating_sub(before);
    assert_eq!(written, SIZE);

    let mut file = tokio::fs::File::open(&path).await.unwrap();
    let mut buf = vec![0u8; CHUNK as usize];
    let mut at = 0u64;
    loop {
        let n = file.read(&mut buf).await.unwrap();
        if n == 0 {
            break;
        }
        assert!(buf[..n] == expected(&pattern, at, n)[..], "the bytes from {at} differ");
        at += n as u64;
    }
    assert_eq!(at, SIZE);
    std::fs::remove_file(&path).unwrap();
    eprintln!(
        "1 GiB up in 8 parts and down to a file: peak RSS grew by {} MiB (limit {} MiB)",
        growth >> 20,
        GROWTH_LIMIT >> 20
    );
    assert!(growth < GROWTH_LIMIT, "peak memory grew by {growth} bytes for a {SIZE}-byte object");
}
