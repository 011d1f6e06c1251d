//! S3's generated client against a real moto server, as fetched from its pages with no hand
//! edits: a bucket; an object whose key needs escaping put, headed and got back with its user
//! metadata and checksum; `ListObjectsV2` through its paginator; a multipart upload over 5 MiB
//! from a file; `DeleteObjects` (which requires a checksum); typed `NoSuchKey` and `HEAD`'s
//! `NotFound`; `GetBucketLocation`'s bare answer; and a customer key kept out of `Debug`.

use std::collections::BTreeMap;

use awsdoc_s3::operation::get_object::GetObjectError;
use awsdoc_s3::operation::head_object::HeadObjectError;
use awsdoc_s3::primitives::ByteStream;
use awsdoc_s3::types::{
    BucketLocationConstraint, CompletedMultipartUpload, CompletedPart, CreateBucketConfiguration, Delete,
    ObjectIdentifier,
};
use awsdoc_tests::MotoServer;
use futures_util::StreamExt;

/// Every character a key may hold that the URI must escape, a unicode one, and a `/` run.
const AWKWARD_KEY: &str = "dir/a b+c&d%e=f;g@h$i,j:k/ü ~(x)!'*.txt";

fn client(moto: &MotoServer) -> awsdoc_s3::Client {
    awsdoc_s3::Client::new(moto.config()).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_awkward_key_round_trips_with_its_metadata_and_the_paginator_lists_every_object() {
    let moto = MotoServer::start();
    let s3 = client(&moto);
    s3.create_bucket().bucket("awsdoc-objects").send().await.unwrap();

    let body = b"hello, escaped world".to_vec();
    let meta = BTreeMap::from([("colour".to_string(), "blue".to_string())]);
    let put = s3
        .put_object()
        .bucket("awsdoc-objects")
        .key(AWKWARD_KEY)
        .metadata(meta.clone())
        .content_type("text/plain")
        .body(ByteStream::from(body.clone()))
        .send()
        .await
        .unwrap();
    assert!(put.e_tag.is_some(), "{put:?}");
    // CRC32 by default (`when_supported`), as botocore sends it: moto echoes what it stored.
    assert_eq!(put.checksum_crc32.as_deref(), Some(crc32_of(&body).as_str()), "{put:?}");

    let head = s3.head_object().bucket("awsdoc-objects").key(AWKWARD_KEY).send().await.unwrap();
    assert_eq!(head.content_length, Some(body.len() as i64));
    assert_eq!(head.metadata.as_ref(), Some(&meta));
    assert_eq!(head.content_type.as_deref(), Some("text/plain"));

    let got = s3.get_object().bucket("awsdoc-objects").key(AWKWARD_KEY).send().await.unwrap();
    assert_eq!(got.metadata.as_ref(), Some(&meta));
    // Asked for by default (`x-amz-checksum-mode: ENABLED`) and checked as the body streams.
    assert_eq!(got.checksum_crc32.as_deref(), Some(crc32_of(&body).as_str()), "{got:?}");
    assert_eq!(got.body.unwrap().collect().await.unwrap(), body);

    for i in 0..5 {
        let key = format!("list/{i}");
        s3.put_object().bucket("awsdoc-objects").key(key).body(ByteStream::from(vec![b'x'; i])).send().await.unwrap();
    }
    let input = awsdoc_s3::operation::list_objects_v2::ListObjectsV2Input::builder()
        .bucket("awsdoc-objects")
        .prefix("list/")
        .max_keys(2)
        .build()
        .unwrap();
    let listed: Vec<_> = s3.list_objects_v2_items(input).collect().await;
    let keys: Vec<String> = listed.into_iter().map(|o| o.unwrap().key.unwrap()).collect();
    assert_eq!(keys, ["list/0", "list/1", "list/2", "list/3", "list/4"], "three pages of two");
    let all = s3.list_objects_v2().bucket("awsdoc-objects").send().await.unwrap();
    let names: Vec<&str> = all.contents().iter().filter_map(|o| o.key.as_deref()).collect();
    assert!(names.contains(&AWKWARD_KEY), "the key comes back as it went: {names:?}");
}

fn crc32_of(bytes: &[u8]) -> String {
    let mut c = awsdoc_runtime::client::checksum::Algorithm::Crc32.hasher();
    c.update(bytes);
    c.finish()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_multipart_upload_from_a_file_then_delete_objects_and_typed_misses() {
    let moto = MotoServer::start();
    let s3 = client(&moto);
    s3.create_bucket().bucket("awsdoc-parts").send().await.unwrap();

    let part_size = 5 * 1024 * 1024;
    let dir = std::env::temp_dir().join(format!("awsdoc-s3-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let parts: Vec<Vec<u8>> = vec![(0..part_size).map(|i| (i % 251) as u8).collect(), vec![7u8; 1024 * 1024]];
    let upload = s3.create_multipart_upload().bucket("awsdoc-parts").key("big/object").send().await.unwrap();
    let upload_id = upload.upload_id.unwrap();
    let mut completed = Vec::new();
    for (n, part) in parts.iter().enumerate() {
        let path = dir.join(format!("part-{n}"));
        std::fs::write(&path, part).unwrap();
        let sent = s3
            .upload_part()
            .bucket("awsdoc-parts")
            .key("big/object")
            .upload_id(&upload_id)
            .part_number(n as i32 + 1)
            .body(ByteStream::from_path(&path).await.unwrap())
            .send()
            .await
            .unwrap();
        completed.push(CompletedPart::builder().e_tag(sent.e_tag.unwrap()).part_number(n as i32 + 1).build());
    }
    let done = s3
        .complete_multipart_upload()
        .bucket("awsdoc-parts")
        .key("big/object")
        .upload_id(&upload_id)
        .multipart_upload(CompletedMultipartUpload::builder().parts(completed).build())
        .send()
        .await
        .unwrap();
    assert!(done.e_tag.as_deref().unwrap_or_default().ends_with("-2\""), "a two-part ETag: {done:?}");
    let head = s3.head_object().bucket("awsdoc-parts").key("big/object").send().await.unwrap();
    assert_eq!(head.content_length, Some((part_size + 1024 * 1024) as i64));
    let path = dir.join("download");
    let got = s3.get_object().bucket("awsdoc-parts").key("big/object").send().await.unwrap();
    let written = got.body.unwrap().write_to_path(&path).await.unwrap();
    assert_eq!(written, (part_size + 1024 * 1024) as u64);
    assert_eq!(std::fs::read(&path).unwrap(), parts.concat());

    // `DeleteObjects` requires a checksum of its body: sent without being asked for.
    s3.put_object().bucket("awsdoc-parts").key("small").body(ByteStream::from(b"s".to_vec())).send().await.unwrap();
    let ids = ["big/object", "small"].map(|k| ObjectIdentifier::builder().key(k).build().unwrap());
    let delete = Delete::builder().objects(ids.to_vec()).build().unwrap();
    let deleted = s3.delete_objects().bucket("awsdoc-parts").delete(delete).send().await.unwrap();
    let mut gone: Vec<String> = deleted.deleted().iter().filter_map(|d| d.key.clone()).collect();
    gone.sort();
    assert_eq!(gone, ["big/object", "small"], "{deleted:?}");

    match s3.get_object().bucket("awsdoc-parts").key("small").send().await {
        Err(GetObjectError::NoSuchKey(meta)) => assert_eq!((meta.code.as_str(), meta.status), ("NoSuchKey", 404)),
        other => panic!("expected NoSuchKey, got {other:?}"),
    }
    // A `HEAD` 404 has no body: its code is its status, matched as `NotFound`.
    match s3.head_object().bucket("awsdoc-parts").key("small").send().await {
        Err(HeadObjectError::NotFound(meta)) => assert_eq!((meta.code.as_str(), meta.status), ("404", 404)),
        other => panic!("expected NotFound, got {other:?}"),
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn bucket_locations_and_a_customer_key_that_debug_hides() {
    let moto = MotoServer::start();
    let s3 = client(&moto);
    s3.create_bucket().bucket("awsdoc-home").send().await.unwrap();
    let config = CreateBucketConfiguration::builder().location_constraint(BucketLocationConstraint::EuWest1).build();
    s3.create_bucket().bucket("awsdoc-away").create_bucket_configuration(config).send().await.unwrap();
    // The answer is a bare `<LocationConstraint>` root; us-east-1's is empty, so unset.
    let away = s3.get_bucket_location().bucket("awsdoc-away").send().await.unwrap();
    assert_eq!(away.location_constraint, Some(BucketLocationConstraint::EuWest1));
    let home = s3.get_bucket_location().bucket("awsdoc-home").send().await.unwrap();
    assert_eq!(home.location_constraint, None);

    let secret = "c2VjcmV0LWN1c3RvbWVyLWtleS0zMi1ieXRlcy1sb25nIQ==";
    let input = awsdoc_s3::operation::put_object::PutObjectInput::builder()
        .bucket("awsdoc-home")
        .key("k")
        .sse_customer_algorithm("AES256")
        .sse_customer_key(secret)
        .build()
        .unwrap();
    let shown = format!("{input:?}");
    assert!(!shown.contains(secret) && shown.contains("sse_customer_key"), "{shown}");
}

/// The paginators whose tokens are not one top-level member: `ListObjectVersions` carries two
/// (`KeyMarker`, `VersionIdMarker`) while `IsTruncated`, and `ListObjects` (v1) falls back from
/// `NextMarker` to the last key of the page (`NextMarker || Contents[-1].Key`).
#[tokio::test(flavor = "multi_thread")]
async fn versions_and_v1_listings_page_through_their_tokens() {
    use awsdoc_s3::operation::list_object_versions::ListObjectVersionsInput;
    use awsdoc_s3::operation::list_objects::ListObjectsInput;
    use awsdoc_s3::types::{BucketVersioningStatus, VersioningConfiguration};
    let moto = MotoServer::start();
    let s3 = client(&moto);
    s3.create_bucket().bucket("awsdoc-versions").send().await.unwrap();
    let versioning = VersioningConfiguration::builder().status(BucketVersioningStatus::Enabled).build();
    s3.put_bucket_versioning().bucket("awsdoc-versions").versioning_configuration(versioning).send().await.unwrap();
    // Three keys, two versions each, and a delete marker on the last: 6 versions, 1 marker.
    for key in ["v/a", "v/b", "v/c"] {
        for round in 0..2 {
            let body = ByteStream::from(format!("{key} {round}").into_bytes());
            s3.put_object().bucket("awsdoc-versions").key(key).body(body).send().await.unwrap();
        }
    }
    s3.delete_object().bucket("awsdoc-versions").key("v/c").send().await.unwrap();

    let input = ListObjectVersionsInput::builder().bucket("awsdoc-versions").max_keys(2).build().unwrap();
    let pages: Vec<_> = s3.list_object_versions_pages(input).collect().await;
    let pages: Vec<_> = pages.into_iter().map(Result::unwrap).collect();
    assert!(pages.len() >= 3, "two entries a page: {} pages", pages.len());
    assert!(pages[..pages.len() - 1].iter().all(|p| p.is_truncated == Some(true)));
    let mut versions: Vec<(String, String)> = pages
        .iter()
        .flat_map(|p| p.versions())
        .map(|v| (v.key.clone().unwrap(), v.version_id.clone().unwrap()))
        .collect();
    let markers: Vec<&str> = pages.iter().flat_map(|p| p.delete_markers()).filter_map(|m| m.key.as_deref()).collect();
    versions.sort();
    versions.dedup();
    assert_eq!(versions.len(), 6, "every version once, across pages: {versions:?}");
    assert_eq!(markers, ["v/c"]);

    let input = ListObjectsInput::builder().bucket("awsdoc-versions").max_keys(1).build().unwrap();
    let keys: Vec<String> = s3.list_objects_items(input).map(|o| o.unwrap().key.unwrap()).collect().await;
    assert_eq!(keys, ["v/a", "v/b"], "one a page, each page starting after the last key");
}

/// Keys with `.` and `..` segments are distinct objects to S3: each is sent with its path as
/// written (hyper's client sends it so, where a URL type following the URL standard would resolve
/// the segments away), so
/// `a/../b` does not overwrite `b`.
#[tokio::test(flavor = "multi_thread")]
async fn keys_with_dot_segments_reach_their_own_objects() {
    let moto = MotoServer::start();
    let s3 = client(&moto);
    s3.create_bucket().bucket("awsdoc-dots").send().await.unwrap();
    let keys = ["b", "a/../b", "./c", "d/./e/..", "f/.."];
    for key in keys {
        let body = ByteStream::from(key.as_bytes().to_vec());
        s3.put_object().bucket("awsdoc-dots").key(key).body(body).send().await.unwrap();
    }
    for key in keys {
        let got = s3.get_object().bucket("awsdoc-dots").key(key).send().await.unwrap();
        assert_eq!(got.body.unwrap().collect().await.unwrap(), key.as_bytes(), "{key}");
    }
    let listed = s3.list_objects_v2().bucket("awsdoc-dots").send().await.unwrap();
    let mut names: Vec<&str> = listed.contents().iter().filter_map(|o| o.key.as_deref()).collect();
    names.sort_unstable();
    let mut want = keys.to_vec();
    want.sort_unstable();
    assert_eq!(names, want);
}

/// A one-shot stream cannot be read twice to sum it before sending: its checksum travels in an
/// `aws-chunked` trailer (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`), which moto decodes, so the object
/// holds exactly the stream's bytes. Chunks of uneven sizes, an empty one among them.
#[tokio::test(flavor = "multi_thread")]
async fn a_one_shot_stream_uploads_with_its_checksum_in_a_trailer() {
    use awsdoc_s3::types::ChecksumAlgorithm;
    let moto = MotoServer::start();
    let s3 = client(&moto);
    s3.create_bucket().bucket("awsdoc-chunked").send().await.unwrap();
    let chunks: Vec<Vec<u8>> = vec![vec![b'a'; 70_000], Vec::new(), b"middle".to_vec(), vec![b'z'; 3]];
    let whole: Vec<u8> = chunks.concat();
    let stream = futures_util::stream::iter(chunks.into_iter().map(|c| Ok(bytes::Bytes::from(c))));
    let body = ByteStream::from_stream(stream, Some(whole.len() as u64));
    let put = s3.put_object().bucket("awsdoc-chunked").key("streamed").body(body);
    put.checksum_algorithm(ChecksumAlgorithm::Crc32).send().await.unwrap();
    let got = s3.get_object().bucket("awsdoc-chunked").key("streamed").send().await.unwrap();
    assert_eq!(got.content_length, Some(whole.len() as i64));
    assert_eq!(got.body.unwrap().collect().await.unwrap(), whole);
}
