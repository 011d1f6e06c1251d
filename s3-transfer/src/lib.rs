//! Whole files to and from S3, as boto3's `upload_file` and `download_file` move them, over an
//! [`awsdoc_s3::Client`]:
//!
//! - **Upload**: a file up to [`TransferOptions::multipart_threshold`] goes in one `PutObject`;
//!   a larger one in parts of [`TransferOptions::part_size`] (grown where 10,000 parts would not
//!   hold it), [`TransferOptions::max_concurrency`] at a time, each part a range of the file read
//!   as it is sent, with its CRC32 (`ChecksumAlgorithm`, as s3transfer sends it). If any part
//!   fails the upload is aborted, so no parts are left behind to be billed.
//! - **Download**: `HeadObject` gives the size and ETag; a small object is one `GetObject`, a
//!   larger one ranged `GetObject`s (`bytes=a-b`, `If-Match` the ETag, so an object replaced
//!   midway fails rather than mixing two versions), written at their offsets as they arrive.
//!   The file is written under a temporary name beside the target and renamed when complete, so
//!   a failed download leaves no partial file under the target's name.
//!
//! Memory stays bounded either way: a part is never held whole. `progress` is called with the
//! number of bytes just moved (a part uploaded, a chunk written), as boto3's `Callback`.
//!
//! ```no_run
//! # async fn run() -> Result<(), awsdoc_s3_transfer::TransferError> {
//! let s3 = awsdoc_s3::Client::from_env().expect("config");
//! let transfer = awsdoc_s3_transfer::Transfer::new(s3);
//! transfer.upload_file("backup.tar", "my-bucket", "backups/backup.tar", &|n| eprint!("+{n}")).await?;
//! transfer.download_file("my-bucket", "backups/backup.tar", "restored.tar", &|_| {}).await?;
//! # Ok(()) }
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use awsdoc_s3::primitives::ByteStream;
use awsdoc_s3::types::{ChecksumAlgorithm, CompletedMultipartUpload, CompletedPart};
use futures_util::{StreamExt, TryStreamExt};

const MIB: u64 = 1024 * 1024;
/// S3's smallest part (but the last).
const MIN_PART: u64 = 5 * MIB;
/// S3's most parts in one upload.
const MAX_PARTS: u64 = 10_000;

/// How files are split and how many parts move at once (boto3's `TransferConfig` defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransferOptions {
    /// Files (and objects) larger than this move in parts (8 MiB).
    pub multipart_threshold: u64,
    /// The size of each part but the last (8 MiB; at least 5 MiB, S3's minimum).
    pub part_size: u64,
    /// Parts in flight at once (10).
    pub max_concurrency: usize,
}

impl Default for TransferOptions {
    fn default() -> Self {
        TransferOptions { multipart_threshold: 8 * MIB, part_size: 8 * MIB, max_concurrency: 10 }
    }
}

/// Why a transfer failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum TransferError {
    /// Reading or writing a local file.
    Io { path: PathBuf, source: std::io::Error },
    /// An S3 call failed (`operation` names it; `source` is its error).
    Service { operation: &'static str, source: Box<dyn std::error::Error + Send + Sync> },
    /// The options cannot work (a part below 5 MiB, no concurrency).
    InvalidOptions(String),
    /// The object is not what `HeadObject` said (a range came back with another length).
    Changed(String),
    /// A multipart upload failed (`cause`), and aborting it failed too: its parts stay until
    /// aborted (`upload_id`) or a lifecycle rule removes them.
    AbortFailed { upload_id: String, cause: Box<TransferError>, source: Box<dyn std::error::Error + Send + Sync> },
}

impl fmt::Display for TransferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransferError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            TransferError::Service { operation, source } => write!(f, "{operation} failed: {source}"),
            TransferError::InvalidOptions(why) => write!(f, "invalid transfer options: {why}"),
            TransferError::Changed(why) => write!(f, "the object changed during the download: {why}"),
            TransferError::AbortFailed { upload_id, cause, source } => {
                write!(f, "{cause}; aborting multipart upload {upload_id} failed too: {source}")
            }
        }
    }
}

impl std::error::Error for TransferError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TransferError::Io { source, .. } => Some(source),
            TransferError::Service { source, .. } | TransferError::AbortFailed { source, .. } => Some(&**source),
            TransferError::InvalidOptions(_) | TransferError::Changed(_) => None,
        }
    }
}

fn service<E: std::error::Error + Send + Sync + 'static>(operation: &'static str) -> impl FnOnce(E) -> TransferError {
    move |e| TransferError::Service { operation, source: Box::new(e) }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> TransferError + '_ {
    move |source| TransferError::Io { path: path.to_path_buf(), source }
}

/// Uploads and downloads whole files (see the crate's documentation).
#[derive(Debug, Clone)]
pub struct Transfer {
    client: awsdoc_s3::Client,
    options: TransferOptions,
}

/// What an upload made.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Uploaded {
    /// The object's ETag (a multipart upload's ends with `-<parts>`).
    pub e_tag: Option<String>,
    /// The parts it went in (1 for a single `PutObject`).
    pub parts: u64,
}

impl Transfer {
    pub fn new(client: awsdoc_s3::Client) -> Transfer {
        Transfer { client, options: TransferOptions::default() }
    }

    pub fn with_options(self, options: TransferOptions) -> Transfer {
        Transfer { options, ..self }
    }

    fn check_options(&self) -> Result<(), TransferError> {
        let o = self.options;
        if o.part_size < MIN_PART {
            return Err(TransferError::InvalidOptions(format!(
                "parts of {} bytes: S3 takes 5 MiB at least",
                o.part_size
            )));
        }
        if o.max_concurrency == 0 {
            return Err(TransferError::InvalidOptions("no part may move (max_concurrency 0)".into()));
        }
        Ok(())
    }

    /// The size of each part for `size` bytes: the configured one, or larger where 10,000 parts
    /// of it would not hold them.
    fn part_size(&self, size: u64) -> u64 {
        self.options.part_size.max(size.div_ceil(MAX_PARTS))
    }

    /// Uploads the file at `path` as `bucket`/`key` (see the crate's documentation).
    pub async fn upload_file(
        &self,
        path: impl AsRef<Path>,
        bucket: &str,
        key: &str,
        progress: &(dyn Fn(u64) + Send + Sync),
    ) -> Result<Uploaded, TransferError> {
        self.check_options()?;
        let path = path.as_ref();
        let size = tokio::fs::metadata(path).await.map_err(io(path))?.len();
        if size <= self.options.multipart_threshold {
            let body = ByteStream::from_path(path).await.map_err(io(path))?;
            let put = self.client.put_object().bucket(bucket).key(key).body(body).send().await;
            let put = put.map_err(service("PutObject"))?;
            progress(size);
            return Ok(Uploaded { e_tag: put.e_tag, parts: 1 });
        }
        let create = self.client.create_multipart_upload().bucket(bucket).key(key);
        let created = create
            .checksum_algorithm(ChecksumAlgorithm::Crc32)
            .send()
            .await
            .map_err(service("CreateMultipartUpload"))?;
        let upload_id = created.upload_id.ok_or_else(|| TransferError::Service {
            operation: "CreateMultipartUpload",
            source: "the answer has no UploadId".into(),
        })?;
        let upload = Upload { transfer: self, path, bucket, key, upload_id: &upload_id, size };
        match upload.parts(progress).await {
            Ok(uploaded) => Ok(uploaded),
            Err(cause) => Err(upload.abort(cause).await),
        }
    }

    /// Downloads `bucket`/`key` to the file at `path` (see the crate's documentation); returns
    /// the bytes written.
    pub async fn download_file(
        &self,
        bucket: &str,
        key: &str,
        path: impl AsRef<Path>,
        progress: &(dyn Fn(u64) + Send + Sync),
    ) -> Result<u64, TransferError> {
        self.check_options()?;
        let path = path.as_ref();
        let head = self.client.head_object().bucket(bucket).key(key).send().await.map_err(service("HeadObject"))?;
        let size = u64::try_from(head.content_length.unwrap_or(0)).unwrap_or(0);
        let temp = temporary_beside(path);
        let download = Download { transfer: self, bucket, key, e_tag: head.e_tag.as_deref(), temp: &temp, size };
        let result = download.run(progress).await;
        match result {
            Ok(()) => tokio::fs::rename(&temp, path).await.map_err(io(path)).map(|()| size),
            Err(e) => {
                let _ = tokio::fs::remove_file(&temp).await;
                Err(e)
            }
        }
    }
}

/// A name beside `path` for the download in progress: `<name>.awsdoc-<pid>-<nanos>`.
fn temporary_beside(path: &Path) -> PathBuf {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".awsdoc-{}-{nanos:08x}", std::process::id()));
    path.with_file_name(name)
}

/// One multipart upload under way.
struct Upload<'a> {
    transfer: &'a Transfer,
    path: &'a Path,
    bucket: &'a str,
    key: &'a str,
    upload_id: &'a str,
    size: u64,
}

impl Upload<'_> {
    /// Sends every part, `max_concurrency` at a time, then completes the upload.
    async fn parts(&self, progress: &(dyn Fn(u64) + Send + Sync)) -> Result<Uploaded, TransferError> {
        let part_size = self.transfer.part_size(self.size);
        let count = self.size.div_ceil(part_size);
        let sends = futures_util::stream::iter(0..count).map(|n| self.part(n, part_size, progress));
        let mut parts: Vec<CompletedPart> =
            sends.buffer_unordered(self.transfer.options.max_concurrency).try_collect().await?;
        parts.sort_by_key(|p| p.part_number);
        let done = CompletedMultipartUpload::builder().parts(parts).build();
        let complete = self.transfer.client.complete_multipart_upload().bucket(self.bucket).key(self.key);
        let completed = complete
            .upload_id(self.upload_id)
            .multipart_upload(done)
            .send()
            .await
            .map_err(service("CompleteMultipartUpload"))?;
        Ok(Uploaded { e_tag: completed.e_tag, parts: count })
    }

    /// Part `n` (from 0): its range of the file, with its CRC32.
    async fn part(
        &self,
        n: u64,
        part_size: u64,
        progress: &(dyn Fn(u64) + Send + Sync),
    ) -> Result<CompletedPart, TransferError> {
        let offset = n * part_size;
        let len = part_size.min(self.size - offset);
        let body = ByteStream::from_path_range(self.path, offset, len).await.map_err(io(self.path))?;
        let number = i32::try_from(n + 1).expect("at most 10,000 parts");
        let sent = self
            .transfer
            .client
            .upload_part()
            .bucket(self.bucket)
            .key(self.key)
            .upload_id(self.upload_id)
            .part_number(number)
            .checksum_algorithm(ChecksumAlgorithm::Crc32)
            .body(body)
            .send()
            .await
            .map_err(service("UploadPart"))?;
        progress(len);
        let mut part = CompletedPart::builder().part_number(number);
        if let Some(e_tag) = sent.e_tag {
            part = part.e_tag(e_tag);
        }
        if let Some(crc) = sent.checksum_crc32 {
            part = part.checksum_crc32(crc);
        }
        Ok(part.build())
    }

    /// Aborts the upload after `cause`, so that its parts are not left behind.
    async fn abort(&self, cause: TransferError) -> TransferError {
        let abort = self.transfer.client.abort_multipart_upload().bucket(self.bucket).key(self.key);
        match abort.upload_id(self.upload_id).send().await {
            Ok(_) => cause,
            Err(e) => TransferError::AbortFailed {
                upload_id: self.upload_id.to_string(),
                cause: Box::new(cause),
                source: Box::new(e),
            },
        }
    }
}

/// One download under way, into `temp`.
struct Download<'a> {
    transfer: &'a Transfer,
    bucket: &'a str,
    key: &'a str,
    e_tag: Option<&'a str>,
    temp: &'a Path,
    size: u64,
}

impl Download<'_> {
    async fn run(&self, progress: &(dyn Fn(u64) + Send + Sync)) -> Result<(), TransferError> {
        let file = tokio::fs::File::create(self.temp).await.map_err(io(self.temp))?;
        file.set_len(self.size).await.map_err(io(self.temp))?;
        if self.size <= self.transfer.options.multipart_threshold {
            return self.range(None, progress).await;
        }
        let part_size = self.transfer.part_size(self.size);
        let ranges = (0..self.size.div_ceil(part_size)).map(|n| {
            let start = n * part_size;
            Some((start, (start + part_size).min(self.size) - 1))
        });
        let gets = futures_util::stream::iter(ranges).map(|r| self.range(r, progress));
        gets.buffer_unordered(self.transfer.options.max_concurrency).try_collect::<Vec<()>>().await?;
        Ok(())
    }

    /// Bytes `first..=last` (or the whole object) written at their offset as they arrive.
    async fn range(
        &self,
        range: Option<(u64, u64)>,
        progress: &(dyn Fn(u64) + Send + Sync),
    ) -> Result<(), TransferError> {
        use tokio::io::{AsyncSeekExt, AsyncWriteExt};
        let mut get = self.transfer.client.get_object().bucket(self.bucket).key(self.key);
        if let Some((first, last)) = range {
            get = get.range(format!("bytes={first}-{last}"));
        }
        if let Some(e_tag) = self.e_tag {
            get = get.if_match(e_tag);
        }
        let got = get.send().await.map_err(service("GetObject"))?;
        let (start, want) = match range {
            Some((first, last)) => (first, last - first + 1),
            None => (0, self.size),
        };
        let mut file = tokio::fs::OpenOptions::new().write(true).open(self.temp).await.map_err(io(self.temp))?;
        file.seek(std::io::SeekFrom::Start(start)).await.map_err(io(self.temp))?;
        let mut body = got.body.unwrap_or_default();
        let mut written = 0u64;
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| TransferError::Service { operation: "GetObject", source: Box::new(e) })?;
            written += chunk.len() as u64;
            if written > want {
                return Err(TransferError::Changed(format!("bytes from {start} ran past the {want} asked for")));
            }
            file.write_all(&chunk).await.map_err(io(self.temp))?;
            progress(chunk.len() as u64);
        }
        file.flush().await.map_err(io(self.temp))?;
        match written == want {
            true => Ok(()),
            false => Err(TransferError::Changed(format!("{written} bytes from {start}, not {want}"))),
        }
    }
}
