//! `awsdoc-s3-transfer` against moto: a 23 MiB file up in five 5 MiB parts three at a time and
//! down again in ranges, a small file in one call each way, progress adding up to the size, no
//! temporary file left; a missing object failing with no file written; and, against a scripted
//! transport, a part that fails aborting its upload so that no parts are left behind.

use std::sync::atomic::{AtomicU64, Ordering};

use awsdoc_runtime::client::transport::Stub;
use awsdoc_runtime::client::{Config, Credentials};
use awsdoc_s3_transfer::{Transfer, TransferError, TransferOptions};
use awsdoc_tests::MotoServer;

const MIB: u64 = 1024 * 1024;

fn options() -> TransferOptions {
    TransferOptions { multipart_threshold: 5 * MIB, part_size: 5 * MIB, max_concurrency: 3 }
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("awsdoc-transfer-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread")]
async fn files_go_up_in_parts_and_come_down_in_ranges() {
    let moto = MotoServer::start();
    let s3 = awsdoc_s3::Client::new(moto.config()).unwrap();
    s3.create_bucket().bucket("awsdoc-transfer").send().await.unwrap();
    let transfer = Transfer::new(s3).with_options(options());
    let dir = scratch("moto");

    let size = 23 * MIB;
    let data: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
    let source = dir.join("source.bin");
    std::fs::write(&source, &data).unwrap();
    let sent = AtomicU64::new(0);
    let up = transfer
        .upload_file(&source, "awsdoc-transfer", "big.bin", &|n| {
            sent.fetch_add(n, Ordering::Relaxed);
        })
        .await
        .unwrap();
    assert_eq!(up.parts, 5);
    assert!(up.e_tag.as_deref().unwrap_or_default().ends_with("-5\""), "{up:?}");
    assert_eq!(sent.load(Ordering::Relaxed), size);

    let target = dir.join("copy.bin");
    let got = AtomicU64::new(0);
    let written = transfer
        .download_file("awsdoc-transfer", "big.bin", &target, &|n| {
            got.fetch_add(n, Ordering::Relaxed);
        })
        .await
        .unwrap();
    assert_eq!((written, got.load(Ordering::Relaxed)), (size, size));
    assert!(std::fs::read(&target).unwrap() == data, "the download is the upload");

    let small = dir.join("small.txt");
    std::fs::write(&small, b"one call each way").unwrap();
    let up = transfer.upload_file(&small, "awsdoc-transfer", "small.txt", &|_| {}).await.unwrap();
    assert_eq!(up.parts, 1);
    let back = dir.join("small-back.txt");
    transfer.download_file("awsdoc-transfer", "small.txt", &back, &|_| {}).await.unwrap();
    assert_eq!(std::fs::read(&back).unwrap(), b"one call each way");

    let missing = dir.join("missing.bin");
    match transfer.download_file("awsdoc-transfer", "no-such-key", &missing, &|_| {}).await {
        Err(TransferError::Service { operation: "HeadObject", .. }) => {}
        other => panic!("expected HeadObject's failure, got {other:?}"),
    }
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["copy.bin", "small-back.txt", "small.txt", "source.bin"], "no temporary or partial file");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_failed_part_aborts_the_upload() {
    let created = "<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key>\
                   <UploadId>UP-1</UploadId></InitiateMultipartUploadResult>";
    let refused = "<Error><Code>InvalidArgument</Code><Message>no</Message></Error>";
    let stub = Stub::new().reply("CreateMultipartUpload", 200, created).reply("UploadPart", 400, refused).reply(
        "AbortMultipartUpload",
        204,
        "",
    );
    let config = Config::new("us-east-1", Credentials::new("AKID", "secret", None)).with_transport(stub.clone());
    let transfer = Transfer::new(awsdoc_s3::Client::new(config).unwrap()).with_options(options());
    let dir = scratch("abort");
    let source = dir.join("source.bin");
    std::fs::write(&source, vec![1u8; (12 * MIB) as usize]).unwrap();
    match transfer.upload_file(&source, "b", "k", &|_| {}).await {
        Err(TransferError::Service { operation: "UploadPart", source }) => {
            assert!(source.to_string().contains("InvalidArgument"), "{source}")
        }
        other => panic!("expected UploadPart's failure, got {other:?}"),
    }
    let aborts: Vec<String> =
        stub.requests().iter().filter(|r| r.operation == "AbortMultipartUpload").map(|r| r.url.clone()).collect();
    assert_eq!(aborts.len(), 1, "{aborts:?}");
    assert!(aborts[0].contains("uploadId=UP-1"), "{aborts:?}");
    assert!(!stub.requests().iter().any(|r| r.operation == "CompleteMultipartUpload"));

    let too_small = TransferOptions { part_size: MIB, ..options() };
    let err = transfer.clone().with_options(too_small).upload_file(&source, "b", "k", &|_| {}).await.unwrap_err();
    assert!(matches!(err, TransferError::InvalidOptions(_)), "{err:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}
