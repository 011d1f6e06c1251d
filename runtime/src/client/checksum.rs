//! Flexible checksums (botocore's `httpchecksum.py`): an operation whose model asks for one
//! (`httpChecksum`, `httpChecksumRequired`) sends its body's checksum in an `x-amz-checksum-*`
//! header. The caller's choice of algorithm (the input's `ChecksumAlgorithm`, sent as
//! `x-amz-sdk-checksum-algorithm`) is honoured; otherwise CRC32 is sent where the operation
//! requires a checksum, or, with [`ChecksumWhen::WhenSupported`] (the default, as botocore's
//! `request_checksum_calculation`), wherever it takes one. A checksum header the caller set
//! (`ChecksumCRC32`) is sent as it is. S3-compatible stores that reject the headers work with
//! [`ChecksumWhen::WhenRequired`].
//!
//! Answers: an operation that can return its body's checksum (S3's `GetObject`) is asked for it
//! (`x-amz-checksum-mode: ENABLED`) with `WhenSupported` (the default, as botocore's
//! `response_checksum_validation`), or where the caller sets the mode; the body is then checked
//! against the first `x-amz-checksum-*` header it carries, in botocore's order (CRC64NVME,
//! CRC32C, CRC32, SHA-1, SHA-256). A checksum of a multipart object's parts (`...-3`) is not the
//! body's, and is not checked. A body in memory that differs is an `InvalidResponse`; a
//! streaming one fails at its end, after the last chunk, with an error naming both checksums.

use base64::Engine;

use super::protocol::HttpRequest;
use super::Failure;
use crate::ByteStream;

/// When a checksum is sent (botocore's `request_checksum_calculation`,
/// `AWS_REQUEST_CHECKSUM_CALCULATION`), or an answer's validated
/// (`response_checksum_validation`, `AWS_RESPONSE_CHECKSUM_VALIDATION`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ChecksumWhen {
    /// Wherever the operation supports one.
    #[default]
    WhenSupported,
    /// Only where the operation requires one.
    WhenRequired,
}

impl std::str::FromStr for ChecksumWhen {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "when_supported" => Ok(ChecksumWhen::WhenSupported),
            "when_required" => Ok(ChecksumWhen::WhenRequired),
            other => Err(format!("checksum setting `{other}` is not when_supported or when_required")),
        }
    }
}

/// What an operation's model says of its request checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestChecksum {
    /// The request must carry one (`requestChecksumRequired`, `httpChecksumRequired`).
    pub required: bool,
    /// The header of the input member that picks the algorithm (`x-amz-sdk-checksum-algorithm`),
    /// where the operation has one (`requestAlgorithmMember`).
    pub algorithm_header: Option<&'static str>,
}

/// What an operation's model says of its answer's checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseChecksum {
    /// The header of the input member that asks for it (`x-amz-checksum-mode`).
    pub mode_header: &'static str,
    /// The algorithms the answer may use (`CRC32`, `SHA256`, ...; some this client cannot
    /// compute, which are not checked).
    pub algorithms: &'static [&'static str],
}

/// Asks for the answer's checksum where `when` says to; returns whether it is asked for (by the
/// caller or here), and so to be checked.
pub fn ask_for(request: &mut HttpRequest, spec: ResponseChecksum, when: ChecksumWhen) -> bool {
    let set = request.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(spec.mode_header));
    match set {
        Some((_, v)) => v.eq_ignore_ascii_case("ENABLED"),
        None if when == ChecksumWhen::WhenSupported => {
            request.headers.push((spec.mode_header.to_string(), "ENABLED".to_string()));
            true
        }
        None => false,
    }
}

/// botocore's order of preference among an answer's checksums.
const PRIORITY: [Algorithm; 5] =
    [Algorithm::Crc64Nvme, Algorithm::Crc32c, Algorithm::Crc32, Algorithm::Sha1, Algorithm::Sha256];

/// Checks an answer's body against its checksum header, as the module's documentation says.
pub fn check(response: &mut super::protocol::HttpResponse, spec: ResponseChecksum) -> Result<(), Failure> {
    let offered = |a: &Algorithm| spec.algorithms.iter().any(|n| n.eq_ignore_ascii_case(a.name()));
    let found = PRIORITY
        .iter()
        .filter(|a| offered(a))
        .find_map(|a| Some((*a, response.header(&a.header())?.to_string())))
        .filter(|(_, v)| !v.contains('-'));
    let Some((algorithm, expected)) = found else { return Ok(()) };
    if let Some(bytes) = response.body.bytes() {
        let mut hasher = algorithm.hasher();
        hasher.update(bytes);
        let got = hasher.finish();
        return match got == expected {
            true => Ok(()),
            false => {
                Err(Failure::InvalidResponse { status: response.status, message: mismatch(algorithm, &expected, &got) })
            }
        };
    }
    let body = std::mem::take(&mut response.body);
    let length = body.content_length();
    response.body = ByteStream::from_stream(checked(body, algorithm, expected), length);
    Ok(())
}

fn mismatch(algorithm: Algorithm, expected: &str, got: &str) -> String {
    format!("the body's {} checksum is {got}, not the {expected} its answer gives", algorithm.name())
}

/// A streaming body that passes its chunks on and, at its end, fails if their checksum differs.
fn checked(
    body: ByteStream,
    algorithm: Algorithm,
    expected: String,
) -> impl futures_core::Stream<Item = std::io::Result<bytes::Bytes>> + Send + 'static {
    let state = Some((body, algorithm.hasher(), expected));
    futures_util::stream::unfold(state, move |state| async move {
        let (mut body, mut hasher, expected) = state?;
        match body.next().await {
            Some(Ok(chunk)) => {
                hasher.update(&chunk);
                Some((Ok(chunk), Some((body, hasher, expected))))
            }
            Some(Err(e)) => Some((Err(e), None)),
            None => {
                let got = hasher.finish();
                match got == expected {
                    true => None,
                    false => Some((Err(std::io::Error::other(mismatch(algorithm, &expected, &got))), None)),
                }
            }
        }
    })
}

/// A checksum algorithm S3 takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    Crc32,
    Crc32c,
    Crc64Nvme,
    Sha1,
    Sha256,
}

impl Algorithm {
    /// The algorithm a `ChecksumAlgorithm` value names (`CRC32`, `crc32c`, `SHA256`, …).
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Some(match name.trim().to_ascii_uppercase().as_str() {
            "CRC32" => Algorithm::Crc32,
            "CRC32C" => Algorithm::Crc32c,
            "CRC64NVME" => Algorithm::Crc64Nvme,
            "SHA1" => Algorithm::Sha1,
            "SHA256" => Algorithm::Sha256,
            _ => return None,
        })
    }

    /// The name the algorithm header carries.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Crc32 => "CRC32",
            Algorithm::Crc32c => "CRC32C",
            Algorithm::Crc64Nvme => "CRC64NVME",
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
        }
    }

    /// The header its value travels in: `x-amz-checksum-crc32`.
    pub fn header(self) -> String {
        format!("x-amz-checksum-{}", self.name().to_ascii_lowercase())
    }

    /// A running checksum of this kind.
    pub fn hasher(self) -> Hasher {
        Hasher(match self {
            Algorithm::Crc32 => State::Crc32(CRC32.digest()),
            Algorithm::Crc32c => State::Crc32c(CRC32C.digest()),
            Algorithm::Crc64Nvme => State::Crc64(CRC64NVME.digest()),
            Algorithm::Sha1 => {
                State::Digest(Box::new(ring::digest::Context::new(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY)))
            }
            Algorithm::Sha256 => State::Digest(Box::new(ring::digest::Context::new(&ring::digest::SHA256))),
        })
    }
}

static CRC32: crc::Crc<u32, crc::Table<16>> = crc::Crc::<u32, crc::Table<16>>::new(&crc::CRC_32_ISO_HDLC);
static CRC32C: crc::Crc<u32, crc::Table<16>> = crc::Crc::<u32, crc::Table<16>>::new(&crc::CRC_32_ISCSI);
static CRC64NVME: crc::Crc<u64, crc::Table<16>> = crc::Crc::<u64, crc::Table<16>>::new(&crc::CRC_64_NVME);

/// A checksum being computed over a body's chunks.
pub struct Hasher(State);

enum State {
    Crc32(crc::Digest<'static, u32, crc::Table<16>>),
    Crc32c(crc::Digest<'static, u32, crc::Table<16>>),
    Crc64(crc::Digest<'static, u64, crc::Table<16>>),
    /// Boxed: a SHA context is ten times a CRC's size.
    Digest(Box<ring::digest::Context>),
}

impl Hasher {
    pub fn update(&mut self, bytes: &[u8]) {
        match &mut self.0 {
            State::Crc32(d) | State::Crc32c(d) => d.update(bytes),
            State::Crc64(d) => d.update(bytes),
            State::Digest(d) => d.update(bytes),
        }
    }

    /// The checksum as its header carries it: the big-endian bytes, base64.
    pub fn finish(self) -> String {
        let raw: Vec<u8> = match self.0 {
            State::Crc32(d) | State::Crc32c(d) => d.finalize().to_be_bytes().to_vec(),
            State::Crc64(d) => d.finalize().to_be_bytes().to_vec(),
            State::Digest(d) => d.finish().as_ref().to_vec(),
        };
        base64::engine::general_purpose::STANDARD.encode(raw)
    }
}

/// Adds the checksum headers an operation's request carries (see the module's documentation).
pub async fn add(request: &mut HttpRequest, spec: RequestChecksum, when: ChecksumWhen) -> Result<(), Failure> {
    let has = |request: &HttpRequest, name: &str| request.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name));
    if request.headers.iter().any(|(k, _)| k.to_ascii_lowercase().starts_with("x-amz-checksum-")) {
        return Ok(());
    }
    let chosen = spec
        .algorithm_header
        .and_then(|h| request.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(h)).map(|(_, v)| v.clone()));
    let algorithm = match &chosen {
        Some(name) => Algorithm::from_name(name).ok_or_else(|| {
            Failure::InvalidInput(format!("`{name}` is not a checksum algorithm this client computes"))
        })?,
        None if spec.required || (spec.algorithm_header.is_some() && when == ChecksumWhen::WhenSupported) => {
            Algorithm::Crc32
        }
        None => return Ok(()),
    };
    let value = match checksum_of(&request.body, algorithm).await? {
        Some(value) => Some(value),
        None if in_trailer(request, algorithm, spec.required || chosen.is_some())? => None,
        None => return Ok(()),
    };
    if let (Some(h), None) = (spec.algorithm_header, &chosen) {
        if !has(request, h) {
            request.headers.push((h.to_string(), algorithm.name().to_string()));
        }
    }
    if let Some(value) = value {
        request.headers.push((algorithm.header(), value));
    }
    Ok(())
}

/// A one-shot stream's checksum, which cannot be had before the stream is sent, goes in an
/// `aws-chunked` trailer, as botocore sends every streaming upload's over HTTPS
/// (`AwsChunkedWrapper`): the body framed in chunks, the checksum after the last, `x-amz-trailer`
/// naming it, the payload signed as `STREAMING-UNSIGNED-PAYLOAD-TRAILER` and sent chunked, with
/// its length in `x-amz-decoded-content-length`. A stream of unknown length cannot be framed so:
/// an error where the checksum must go (`needed`), else it goes without one (`false`).
fn in_trailer(request: &mut HttpRequest, algorithm: Algorithm, needed: bool) -> Result<bool, Failure> {
    let Some(length) = request.body.content_length() else {
        if !needed {
            return Ok(false);
        }
        return Err(Failure::InvalidInput(format!(
            "this operation sends a {} checksum of its body, which a one-shot stream of unknown length cannot \
             carry: give its length (ByteStream::from_stream(stream, Some(length))), pass bytes or a file, or the \
             checksum header itself",
            algorithm.name()
        )));
    };
    request.headers.retain(|(k, _)| !k.eq_ignore_ascii_case("content-length"));
    match request.headers.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case("content-encoding")) {
        Some((_, encoding)) => encoding.push_str(",aws-chunked"),
        None => request.headers.push(("content-encoding".into(), "aws-chunked".into())),
    }
    request.headers.push(("x-amz-trailer".into(), algorithm.header()));
    request.headers.push(("x-amz-decoded-content-length".into(), length.to_string()));
    request.body = aws_chunked(std::mem::take(&mut request.body), algorithm);
    Ok(true)
}

/// `body` as `aws-chunked` framing: each chunk as `<hex length>\r\n<bytes>\r\n`, then
/// `0\r\n<checksum header>:<value>\r\n\r\n`, summed as it streams (no chunk is copied).
fn aws_chunked(body: ByteStream, algorithm: Algorithm) -> ByteStream {
    use futures_util::StreamExt;
    type Frames = Vec<std::io::Result<bytes::Bytes>>;
    let framed = futures_util::stream::unfold(Some((body, algorithm.hasher())), move |state| async move {
        let (mut body, mut hasher) = state?;
        loop {
            let frames: Frames = match body.next().await {
                Some(Ok(chunk)) if chunk.is_empty() => continue,
                Some(Ok(chunk)) => {
                    hasher.update(&chunk);
                    let head = bytes::Bytes::from(format!("{:x}\r\n", chunk.len()));
                    vec![Ok(head), Ok(chunk), Ok(bytes::Bytes::from_static(b"\r\n"))]
                }
                Some(Err(e)) => return Some((vec![Err(e)], None)),
                None => {
                    let last = format!("0\r\n{}:{}\r\n\r\n", algorithm.header(), hasher.finish());
                    return Some((vec![Ok(bytes::Bytes::from(last))], None));
                }
            };
            return Some((frames, Some((body, hasher))));
        }
    });
    ByteStream::from_stream(framed.flat_map(futures_util::stream::iter), None)
}

/// A body's checksum: bytes at once, a file read through once (never held); `None` for a stream
/// that can be read only once.
async fn checksum_of(body: &ByteStream, algorithm: Algorithm) -> Result<Option<String>, Failure> {
    let mut hasher = algorithm.hasher();
    if let Some(bytes) = body.bytes() {
        hasher.update(bytes);
        return Ok(Some(hasher.finish()));
    }
    if !body.is_replayable() {
        return Ok(None);
    }
    let mut reader = body.clone();
    while let Some(chunk) = reader.next().await {
        let chunk = chunk.map_err(|e| Failure::InvalidInput(format!("cannot read the body for its checksum: {e}")))?;
        hasher.update(&chunk);
    }
    Ok(Some(hasher.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(headers: &[(&str, &str)], body: &'static [u8]) -> HttpRequest {
        HttpRequest {
            method: "PUT",
            path: "/k".into(),
            headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            body: ByteStream::from_static(body),
            host_prefix: None,
        }
    }

    fn block<F: std::future::Future>(f: F) -> F::Output {
        futures_util::FutureExt::now_or_never(f).expect("nothing to wait for")
    }

    fn header<'a>(r: &'a HttpRequest, name: &str) -> Option<&'a str> {
        r.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// botocore's values for `b"Hello world"` (`httpchecksum.py`'s test vectors).
    #[test]
    fn each_algorithm_gives_botocores_value() {
        let of = |a: Algorithm| {
            let mut h = a.hasher();
            h.update(b"Hello ");
            h.update(b"world");
            h.finish()
        };
        assert_eq!(of(Algorithm::Crc32), "i9aeUg==");
        assert_eq!(of(Algorithm::Crc32c), "crUfeA==");
        assert_eq!(of(Algorithm::Crc64Nvme), "OOJZ0D8xKts=");
        assert_eq!(of(Algorithm::Sha1), "e1AsOh9IyGCa4hLN+2Od7jlnP14=");
        assert_eq!(of(Algorithm::Sha256), "ZOyIygCyaOW6GjVnihtTFtIS9PNmskdyMlNKiuyjfzw=");
    }

    #[test]
    fn the_callers_choice_then_crc32_where_supported_or_required() {
        let spec = RequestChecksum { required: false, algorithm_header: Some("x-amz-sdk-checksum-algorithm") };
        let mut r = request(&[], b"Hello world");
        block(add(&mut r, spec, ChecksumWhen::WhenSupported)).unwrap();
        assert_eq!(header(&r, "x-amz-checksum-crc32"), Some("i9aeUg=="));
        assert_eq!(header(&r, "x-amz-sdk-checksum-algorithm"), Some("CRC32"));

        let mut r = request(&[], b"Hello world");
        block(add(&mut r, spec, ChecksumWhen::WhenRequired)).unwrap();
        assert!(r.headers.is_empty(), "not required, not asked for: {:?}", r.headers);

        let mut r = request(&[("x-amz-sdk-checksum-algorithm", "SHA256")], b"Hello world");
        block(add(&mut r, spec, ChecksumWhen::WhenRequired)).unwrap();
        assert_eq!(header(&r, "x-amz-checksum-sha256"), Some("ZOyIygCyaOW6GjVnihtTFtIS9PNmskdyMlNKiuyjfzw="));

        let mut r = request(&[("x-amz-checksum-crc32c", "given")], b"Hello world");
        block(add(&mut r, spec, ChecksumWhen::WhenSupported)).unwrap();
        assert_eq!(r.headers.len(), 1, "the caller's own checksum is sent as it is");

        let required = RequestChecksum { required: true, algorithm_header: None };
        let mut r = request(&[], b"Hello world");
        block(add(&mut r, required, ChecksumWhen::WhenRequired)).unwrap();
        assert_eq!(header(&r, "x-amz-checksum-crc32"), Some("i9aeUg=="));

        let mut r = request(&[("x-amz-sdk-checksum-algorithm", "MD4")], b"x");
        assert!(matches!(block(add(&mut r, spec, ChecksumWhen::WhenSupported)), Err(Failure::InvalidInput(_))));
    }

    const GET: ResponseChecksum = ResponseChecksum {
        mode_header: "x-amz-checksum-mode",
        algorithms: &["CRC64NVME", "CRC32", "SHA256", "XXHASH3"],
    };

    fn answer(headers: &[(&str, &str)], body: ByteStream) -> super::super::protocol::HttpResponse {
        let headers = headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        super::super::protocol::HttpResponse { status: 200, headers, body }
    }

    #[test]
    fn the_answers_checksum_is_asked_for_where_supported_or_where_the_caller_asks() {
        let mut r = request(&[], b"");
        assert!(ask_for(&mut r, GET, ChecksumWhen::WhenSupported));
        assert_eq!(header(&r, "x-amz-checksum-mode"), Some("ENABLED"));
        let mut r = request(&[], b"");
        assert!(!ask_for(&mut r, GET, ChecksumWhen::WhenRequired) && r.headers.is_empty());
        let mut r = request(&[("x-amz-checksum-mode", "ENABLED")], b"");
        assert!(ask_for(&mut r, GET, ChecksumWhen::WhenRequired));
    }

    #[test]
    fn a_body_that_differs_from_its_checksum_is_an_error_in_memory_and_at_a_streams_end() {
        let right = [("x-amz-checksum-crc32", "i9aeUg==")];
        assert!(check(&mut answer(&right, ByteStream::from_static(b"Hello world")), GET).is_ok());
        let wrong = [("x-amz-checksum-sha256", "AAAA"), ("x-amz-checksum-crc32", "i9aeUg==")];
        // CRC32 comes before SHA-256 in botocore's order: the right CRC32 is the one checked.
        assert!(check(&mut answer(&wrong, ByteStream::from_static(b"Hello world")), GET).is_ok());
        let bad = [("x-amz-checksum-crc32", "AAAAAA==")];
        match check(&mut answer(&bad, ByteStream::from_static(b"Hello world")), GET) {
            Err(Failure::InvalidResponse { message, .. }) => assert!(message.contains("i9aeUg=="), "{message}"),
            other => panic!("{other:?}"),
        }
        // A multipart object's checksum of its parts is not its body's: not checked.
        let parts = [("x-amz-checksum-crc32", "AAAAAA==-3")];
        assert!(check(&mut answer(&parts, ByteStream::from_static(b"Hello world")), GET).is_ok());

        let stream = |parts: [&'static [u8]; 2]| {
            let chunks = parts.map(|p| Ok(bytes::Bytes::from_static(p)));
            ByteStream::from_stream(futures_util::stream::iter(chunks), Some(11))
        };
        let mut ok = answer(&right, stream([b"Hello ", b"world"]));
        check(&mut ok, GET).unwrap();
        assert_eq!(block(ok.body.collect()).unwrap(), "Hello world");
        let mut torn = answer(&right, stream([b"Hello ", b"worlD"]));
        check(&mut torn, GET).unwrap();
        let err = block(torn.body.collect()).unwrap_err();
        assert!(err.to_string().contains("CRC32 checksum"), "{err}");
    }

    #[test]
    fn a_one_shot_stream_carries_its_checksum_in_an_aws_chunked_trailer() {
        let stream = |len| {
            let chunks = [&b"hello"[..], b"", b" world"].map(|c| Ok(bytes::Bytes::from_static(c)));
            ByteStream::from_stream(futures_util::stream::iter(chunks), len)
        };
        let supported = RequestChecksum { required: false, algorithm_header: Some("x-amz-sdk-checksum-algorithm") };
        let mut r = request(&[("content-length", "11"), ("content-encoding", "gzip")], b"");
        r.body = stream(Some(11));
        block(add(&mut r, supported, ChecksumWhen::WhenSupported)).unwrap();
        assert_eq!(header(&r, "content-length"), None, "sent chunked");
        assert_eq!(header(&r, "content-encoding"), Some("gzip,aws-chunked"));
        assert_eq!(header(&r, "x-amz-trailer"), Some("x-amz-checksum-crc32"));
        assert_eq!(header(&r, "x-amz-decoded-content-length"), Some("11"));
        assert_eq!(header(&r, "x-amz-sdk-checksum-algorithm"), Some("CRC32"));
        assert_eq!(header(&r, "x-amz-checksum-crc32"), None, "in the trailer, not a header");
        assert_eq!(r.body.content_length(), None);
        let sent = futures_executor_block(r.body.collect()).unwrap();
        // CRC32 of "hello world", from Python's zlib.
        assert_eq!(sent, &b"5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n"[..]);

        // Of unknown length: no checksum where none is needed, an error where one is.
        let mut r = request(&[], b"");
        r.body = stream(None);
        block(add(&mut r, supported, ChecksumWhen::WhenSupported)).unwrap();
        assert!(r.headers.is_empty());
        let required = RequestChecksum { required: true, algorithm_header: None };
        r.body = stream(None);
        assert!(
            matches!(block(add(&mut r, required, ChecksumWhen::WhenSupported)), Err(Failure::InvalidInput(m)) if m.contains("unknown length"))
        );
    }

    fn futures_executor_block<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
    }
}
