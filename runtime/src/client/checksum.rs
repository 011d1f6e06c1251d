//! Flexible checksums (botocore's `httpchecksum.py`): an operation whose model asks for one
//! (`httpChecksum`, `httpChecksumRequired`) sends its body's checksum in an `x-amz-checksum-*`
//! header. The caller's choice of algorithm (the input's `ChecksumAlgorithm`, sent as
//! `x-amz-sdk-checksum-algorithm`) is honoured; otherwise CRC32 is sent where the operation
//! requires a checksum, or, with [`ChecksumWhen::WhenSupported`] (the default, as botocore's
//! `request_checksum_calculation`), wherever it takes one. A checksum header the caller set
//! (`ChecksumCRC32`) is sent as it is. S3-compatible stores that reject the headers work with
//! [`ChecksumWhen::WhenRequired`].

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
    let Some(value) = checksum_of(&request.body, algorithm).await? else {
        // A one-shot stream cannot be read twice: only a checksum the operation requires, or one
        // the caller asked for, makes that an error.
        if spec.required || chosen.is_some() {
            return Err(Failure::InvalidInput(format!(
                "this operation sends a {} checksum of its body, which a one-shot stream cannot give before it is \
                 sent: pass bytes or a file (ByteStream::from_path), or the checksum header itself",
                algorithm.name()
            )));
        }
        return Ok(());
    };
    if let (Some(h), None) = (spec.algorithm_header, &chosen) {
        if !has(request, h) {
            request.headers.push((h.to_string(), algorithm.name().to_string()));
        }
    }
    request.headers.push((algorithm.header(), value));
    Ok(())
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

    #[test]
    fn a_one_shot_stream_is_an_error_only_where_a_checksum_must_go() {
        let stream =
            || ByteStream::from_stream(futures_util::stream::iter([Ok(bytes::Bytes::from_static(b"x"))]), Some(1));
        let supported = RequestChecksum { required: false, algorithm_header: Some("x-amz-sdk-checksum-algorithm") };
        let mut r = request(&[], b"");
        r.body = stream();
        block(add(&mut r, supported, ChecksumWhen::WhenSupported)).unwrap();
        assert!(r.headers.is_empty());
        let required = RequestChecksum { required: true, algorithm_header: None };
        r.body = stream();
        assert!(
            matches!(block(add(&mut r, required, ChecksumWhen::WhenSupported)), Err(Failure::InvalidInput(m)) if m.contains("one-shot stream"))
        );
    }
}
