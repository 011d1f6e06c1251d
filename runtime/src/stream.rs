//! Streaming bodies: the type of every blob payload (Lambda's `Invoke` payload, Glacier's
//! archives, API Gateway's exports). A body never has to fit in memory: a file is read in
//! chunks as it is sent, and an answer's body is handed over as it arrives.

use std::fmt;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

/// A chunked source of bytes, as [`ByteStream::from_stream`] takes it.
pub type BoxStream = Pin<Box<dyn Stream<Item = io::Result<Bytes>> + Send>>;

/// The body of a blob payload, in or out: bytes in memory, a file, or a stream read once.
///
/// Sending: bytes and files can be sent again (a retry re-reads the file) and are signed with
/// their SHA-256, read from the file without holding it; a stream from [`ByteStream::from_stream`]
/// is sent once, signed as `UNSIGNED-PAYLOAD` (which S3 accepts and most other services do not:
/// give those bytes or a file). Receiving: the output's body arrives as it is read, through
/// [`ByteStream::next`] (or `Stream`), or whole through [`ByteStream::collect`].
///
/// Clones of bytes or of a file are independent. Clones of a stream share it: the first to read
/// takes it, and the others then fail with an error saying so. Two values are equal when their
/// bytes in memory are, when they name the same range of the same file, or when they are clones
/// of one stream. `Debug` never shows the contents. The serde form of a body in memory is its
/// base64 text; serialising a file or a stream is an error (collect it first).
pub struct ByteStream {
    inner: Inner,
}

enum Inner {
    Bytes(Bytes),
    #[cfg(feature = "client")]
    File {
        path: std::path::PathBuf,
        offset: u64,
        len: u64,
    },
    /// A one-shot stream not yet read, shared by clones.
    Shared {
        cell: Arc<Mutex<Option<BoxStream>>>,
        len: Option<u64>,
    },
    /// Being read (a `Mutex` only so that the value stays `Sync`; polling never locks).
    Reading(Mutex<BoxStream>),
}

impl ByteStream {
    /// An empty body.
    pub fn new() -> ByteStream {
        ByteStream { inner: Inner::Bytes(Bytes::new()) }
    }

    /// Bytes of a static buffer, not copied.
    pub fn from_static(bytes: &'static [u8]) -> ByteStream {
        ByteStream { inner: Inner::Bytes(Bytes::from_static(bytes)) }
    }

    /// The contents of a file, read in chunks when the body is sent (and again on a retry);
    /// the file must keep its length until then.
    #[cfg(feature = "client")]
    pub async fn from_path(path: impl AsRef<std::path::Path>) -> io::Result<ByteStream> {
        let path = path.as_ref().to_path_buf();
        let meta = tokio::fs::metadata(&path).await?;
        if !meta.is_file() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{} is not a file", path.display())));
        }
        Ok(ByteStream { inner: Inner::File { path, offset: 0, len: meta.len() } })
    }

    /// `len` bytes of a file from `offset` (a part of a multipart upload), read in chunks when
    /// the body is sent (and again on a retry). The range must lie within the file.
    #[cfg(feature = "client")]
    pub async fn from_path_range(path: impl AsRef<std::path::Path>, offset: u64, len: u64) -> io::Result<ByteStream> {
        let whole = ByteStream::from_path(path).await?;
        let Inner::File { path, len: size, .. } = whole.inner else { unreachable!("from_path gives a file") };
        if offset.checked_add(len).is_none_or(|end| end > size) {
            let msg = format!("{} has {size} bytes, not {len} from {offset}", path.display());
            return Err(io::Error::new(io::ErrorKind::InvalidInput, msg));
        }
        Ok(ByteStream { inner: Inner::File { path, offset, len } })
    }

    /// A stream of chunks, read once. `content_length` (when known) is sent as `Content-Length`;
    /// without it the body goes chunked, which not every service takes.
    pub fn from_stream<S>(stream: S, content_length: Option<u64>) -> ByteStream
    where
        S: Stream<Item = io::Result<Bytes>> + Send + 'static,
    {
        let cell = Arc::new(Mutex::new(Some(Box::pin(stream) as BoxStream)));
        ByteStream { inner: Inner::Shared { cell, len: content_length } }
    }

    /// The body's length, where it is known before reading.
    pub fn content_length(&self) -> Option<u64> {
        match &self.inner {
            Inner::Bytes(b) => Some(b.len() as u64),
            #[cfg(feature = "client")]
            Inner::File { len, .. } => Some(*len),
            Inner::Shared { len, .. } => *len,
            Inner::Reading(_) => None,
        }
    }

    /// The bytes, for a body held in memory (`None` for a file or a stream).
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.inner {
            Inner::Bytes(b) => Some(b),
            _ => None,
        }
    }

    /// Whether the body can be sent again (bytes, a file), so that a failed attempt can be retried.
    pub fn is_replayable(&self) -> bool {
        match &self.inner {
            Inner::Bytes(_) => true,
            #[cfg(feature = "client")]
            Inner::File { .. } => true,
            Inner::Shared { .. } | Inner::Reading(_) => false,
        }
    }

    /// The next chunk; `None` at the end.
    pub async fn next(&mut self) -> Option<io::Result<Bytes>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Reads the whole body into memory. For an answer, use this only where its size is known
    /// to be small; [`ByteStream::next`] reads it a chunk at a time.
    pub async fn collect(mut self) -> io::Result<Bytes> {
        if let Inner::Bytes(b) = &mut self.inner {
            return Ok(std::mem::take(b));
        }
        let mut out = Vec::new();
        while let Some(chunk) = self.next().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(out.into())
    }

    /// Writes the body to a file (created, or truncated) as it arrives, a chunk at a time, and
    /// returns the bytes written: an object of any size downloads in bounded memory. The file is
    /// flushed to the operating system before this returns.
    #[cfg(feature = "client")]
    pub async fn write_to_path(mut self, path: impl AsRef<std::path::Path>) -> io::Result<u64> {
        use tokio::io::AsyncWriteExt;
        let mut file = tokio::fs::File::create(path).await?;
        let mut written = 0u64;
        while let Some(chunk) = self.next().await {
            let chunk = chunk?;
            file.write_all(&chunk).await?;
            written += chunk.len() as u64;
        }
        file.flush().await?;
        Ok(written)
    }

    /// Starts reading: a file is opened, a shared stream taken.
    fn start(&mut self) -> io::Result<()> {
        let stream = match &mut self.inner {
            Inner::Bytes(_) | Inner::Reading(_) => return Ok(()),
            #[cfg(feature = "client")]
            Inner::File { path, offset, len } => file_chunks(path.clone(), *offset, *len),
            Inner::Shared { cell, .. } => {
                let taken = cell.lock().unwrap_or_else(|e| e.into_inner()).take();
                taken.ok_or_else(|| io::Error::other("this body is a stream that a clone of it has already read"))?
            }
        };
        self.inner = Inner::Reading(Mutex::new(stream));
        Ok(())
    }
}

/// A file's chunks, opened when first polled.
#[cfg(feature = "client")]
fn file_chunks(path: std::path::PathBuf, offset: u64, len: u64) -> BoxStream {
    use tokio::io::{AsyncReadExt, AsyncSeekExt};
    const CHUNK: usize = 64 * 1024;
    struct State {
        path: std::path::PathBuf,
        file: Option<tokio::fs::File>,
        left: u64,
    }
    let state = State { path, file: None, left: len };
    Box::pin(futures_util::stream::unfold(state, move |mut s| async move {
        if s.left == 0 {
            return None;
        }
        let read = async {
            if s.file.is_none() {
                let mut file = tokio::fs::File::open(&s.path).await?;
                file.seek(io::SeekFrom::Start(offset)).await?;
                s.file = Some(file);
            }
            let file = s.file.as_mut().expect("opened above");
            let mut buf = vec![0u8; CHUNK.min(s.left as usize)];
            let n = file.read(&mut buf).await?;
            if n == 0 {
                let msg = format!("{} ended {} bytes before the length it had", s.path.display(), s.left);
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, msg));
            }
            buf.truncate(n);
            Ok(Bytes::from(buf))
        };
        match read.await {
            Ok(chunk) => {
                s.left -= chunk.len() as u64;
                Some((Ok(chunk), s))
            }
            Err(e) => {
                s.left = 0;
                Some((Err(e), s))
            }
        }
    }))
}

impl Stream for ByteStream {
    type Item = io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if let Err(e) = this.start() {
            this.inner = Inner::Bytes(Bytes::new());
            return Poll::Ready(Some(Err(e)));
        }
        match &mut this.inner {
            Inner::Bytes(b) if b.is_empty() => Poll::Ready(None),
            Inner::Bytes(b) => Poll::Ready(Some(Ok(std::mem::take(b)))),
            Inner::Reading(s) => s.get_mut().unwrap_or_else(|e| e.into_inner()).as_mut().poll_next(cx),
            _ => Poll::Ready(None),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, None)
    }
}

impl Default for ByteStream {
    fn default() -> Self {
        ByteStream::new()
    }
}

impl Clone for ByteStream {
    fn clone(&self) -> Self {
        let inner = match &self.inner {
            Inner::Bytes(b) => Inner::Bytes(b.clone()),
            #[cfg(feature = "client")]
            Inner::File { path, offset, len } => Inner::File { path: path.clone(), offset: *offset, len: *len },
            Inner::Shared { cell, len } => Inner::Shared { cell: cell.clone(), len: *len },
            // A stream already being read cannot be had again: the clone says so when read.
            Inner::Reading(_) => Inner::Shared { cell: Arc::new(Mutex::new(None)), len: None },
        };
        ByteStream { inner }
    }
}

impl PartialEq for ByteStream {
    fn eq(&self, other: &Self) -> bool {
        match (&self.inner, &other.inner) {
            (Inner::Bytes(a), Inner::Bytes(b)) => a == b,
            #[cfg(feature = "client")]
            (Inner::File { path: p, offset: o, len: l }, Inner::File { path: q, offset: r, len: m }) => {
                (p, o, l) == (q, r, m)
            }
            (Inner::Shared { cell: a, .. }, Inner::Shared { cell: b, .. }) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// A body in memory compares with bytes (for tests: `assert_eq!(request.body, b"{}")`).
impl<const N: usize> PartialEq<&[u8; N]> for ByteStream {
    fn eq(&self, other: &&[u8; N]) -> bool {
        self.bytes() == Some(&other[..])
    }
}

impl PartialEq<[u8]> for ByteStream {
    fn eq(&self, other: &[u8]) -> bool {
        self.bytes() == Some(other)
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Bytes(b) => write!(f, "ByteStream({} bytes in memory)", b.len()),
            #[cfg(feature = "client")]
            Inner::File { path, offset: 0, len } => write!(f, "ByteStream({len} bytes from {})", path.display()),
            #[cfg(feature = "client")]
            Inner::File { path, offset, len } => {
                write!(f, "ByteStream({len} bytes from {} at {offset})", path.display())
            }
            Inner::Shared { len: Some(n), .. } => write!(f, "ByteStream(a stream of {n} bytes)"),
            Inner::Shared { len: None, .. } | Inner::Reading(_) => f.write_str("ByteStream(a stream)"),
        }
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(v: Vec<u8>) -> Self {
        ByteStream { inner: Inner::Bytes(v.into()) }
    }
}

impl From<Bytes> for ByteStream {
    fn from(v: Bytes) -> Self {
        ByteStream { inner: Inner::Bytes(v) }
    }
}

impl From<&[u8]> for ByteStream {
    fn from(v: &[u8]) -> Self {
        ByteStream::from(v.to_vec())
    }
}

impl From<String> for ByteStream {
    fn from(v: String) -> Self {
        ByteStream::from(v.into_bytes())
    }
}

impl From<&str> for ByteStream {
    fn from(v: &str) -> Self {
        ByteStream::from(v.as_bytes())
    }
}

impl From<crate::Blob> for ByteStream {
    fn from(v: crate::Blob) -> Self {
        ByteStream::from(v.into_inner())
    }
}

impl serde::Serialize for ByteStream {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use base64::Engine;
        match self.bytes() {
            Some(b) => s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(b)),
            None => Err(serde::ser::Error::custom(NOT_IN_MEMORY)),
        }
    }
}

impl<'de> serde::Deserialize<'de> for ByteStream {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::Blob::deserialize(d).map(ByteStream::from)
    }
}

/// Why a file or stream body cannot go where bytes are written whole.
pub(crate) const NOT_IN_MEMORY: &str = "a file or stream body is sent only as a payload; collect it to serialise it";

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(parts: &[&'static [u8]]) -> ByteStream {
        let items: Vec<io::Result<Bytes>> = parts.iter().map(|p| Ok(Bytes::from_static(p))).collect();
        ByteStream::from_stream(futures_util::stream::iter(items), None)
    }

    #[tokio::test]
    async fn bytes_come_out_as_they_went_in() {
        let mut b = ByteStream::from("hello");
        assert_eq!(b.content_length(), Some(5));
        assert_eq!(b.next().await.unwrap().unwrap(), "hello");
        assert!(b.next().await.is_none());
        assert_eq!(ByteStream::from_static(b"abc").collect().await.unwrap(), "abc");
        assert!(ByteStream::new().next().await.is_none());
    }

    #[tokio::test]
    async fn a_stream_is_read_once_and_its_clones_say_so() {
        let s = chunks(&[b"ab", b"", b"cd"]);
        let twin = s.clone();
        assert_eq!(s, twin);
        assert!(!s.is_replayable());
        assert_eq!(s.collect().await.unwrap(), "abcd");
        let err = twin.collect().await.unwrap_err();
        assert!(err.to_string().contains("already read"), "{err}");
    }

    #[tokio::test]
    async fn a_file_is_read_in_chunks_and_again_by_a_clone() {
        let dir = std::env::temp_dir().join(format!("awsdoc-stream-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("body");
        let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &data).unwrap();
        let body = ByteStream::from_path(&path).await.unwrap();
        assert_eq!(body.content_length(), Some(200_000));
        assert!(body.is_replayable());
        let again = body.clone();
        let mut body = body;
        let mut n = 0;
        while let Some(chunk) = body.next().await {
            let chunk = chunk.unwrap();
            assert!(chunk.len() <= 64 * 1024);
            n += chunk.len();
        }
        assert_eq!(n, data.len());
        assert_eq!(again.collect().await.unwrap(), data);
        // A range of it, as a multipart upload's part; one beyond its end is refused.
        let part = ByteStream::from_path_range(&path, 70_000, 100_000).await.unwrap();
        assert_eq!(part.content_length(), Some(100_000));
        assert_eq!(part.clone().collect().await.unwrap(), data[70_000..170_000]);
        assert_eq!(part.collect().await.unwrap(), data[70_000..170_000], "replayed");
        assert!(ByteStream::from_path_range(&path, 150_000, 50_001).await.is_err());
        // A file that shrank after it was measured is an error, not a short body.
        let short = ByteStream::from_path(&path).await.unwrap();
        std::fs::write(&path, b"tiny").unwrap();
        assert_eq!(short.collect().await.unwrap_err().kind(), io::ErrorKind::UnexpectedEof);
        assert!(ByteStream::from_path(&dir).await.is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn debug_never_shows_the_contents_and_serde_is_base64() {
        let b = ByteStream::from("secret");
        assert_eq!(format!("{b:?}"), "ByteStream(6 bytes in memory)");
        assert_eq!(serde_json::to_string(&b).unwrap(), "\"c2VjcmV0\"");
        assert_eq!(serde_json::from_str::<ByteStream>("\"c2VjcmV0\"").unwrap(), b);
        let err = serde_json::to_string(&chunks(&[b"x"])).unwrap_err();
        assert!(err.to_string().contains("collect it"), "{err}");
    }
}
