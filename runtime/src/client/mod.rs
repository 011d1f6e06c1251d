//! The client every generated crate's `Client` wraps: resolves the endpoint, lets the service's
//! [`Protocol`] lay out the request, signs it with SigV4, sends, retries, and has the protocol sort
//! the answer. Generated code only (de)serialises; the transport here is not generic, so it
//! compiles once, not once per operation.

#[cfg(feature = "cbor")]
pub mod cbor;
pub mod checksum;
pub mod config;
pub mod credentials;
pub mod endpoint;
mod net;
pub mod paginate;
pub mod presign;
pub mod protocol;
#[cfg(feature = "query")]
pub mod query;
#[cfg(feature = "rest")]
pub mod rest;
pub mod transport;
#[cfg(feature = "waiters")]
pub mod waiter;

pub use futures_core::Stream;

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use tracing::Instrument;

pub use config::{Config, ConfigError};
pub use credentials::{Credentials, CredentialsError, DefaultChain, ProvideCredentials, SharedCredentials};
pub use protocol::{error_from, HttpRequest, OperationSpec, Protocol, Reply};
#[cfg(feature = "waiters")]
pub use waiter::{Finished, WaiterConfig, WaiterError, WaiterState};

use crate::ErrorMetadata;

/// What a generated crate tells the runtime about its service (from its `service.toml`).
#[derive(Debug, Clone, Copy)]
pub struct ServiceInfo {
    /// How its operations go onto HTTP (awsJson: [`protocol::AwsJson`]).
    pub protocol: &'static dyn Protocol,
    /// `ssm`: the SigV4 service name (an endpoint's `authSchemes` may name another).
    pub signing_name: &'static str,
    /// botocore's `endpoint-rule-set-1.json` for the service: where requests go (see [`endpoint`]).
    pub rule_set: &'static str,
    /// `ssm`: the service's endpoint prefix, for [`crate::rules::STANDARD_RULE_SET`].
    pub endpoint_prefix: &'static str,
}

/// Why a call failed, before an operation's error enum sorts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The service answered with an error.
    Service(ErrorMetadata),
    /// No answer within the read or connect timeout (after retries).
    Timeout(crate::TransportError),
    /// The connection failed (after retries).
    Transport(crate::TransportError),
    /// An answer that is not what the operation promises.
    InvalidResponse { status: u16, message: String },
    /// The input could not be encoded; nothing was sent.
    InvalidInput(String),
    /// No credentials could be had; nothing was sent.
    Credentials(CredentialsError),
}

/// Error codes that mean "slow down": retried with backoff.
const THROTTLING: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes of transient faults: retried like 5xx.
const TRANSIENT: &[&str] = &["RequestTimeout", "RequestTimeoutException", "InternalError", "InternalServerError"];

/// A configured client for one service.
#[derive(Debug, Clone)]
pub struct Client {
    transport: Arc<dyn transport::Transport>,
    config: Config,
    service: ServiceInfo,
    endpoints: Arc<endpoint::Resolver>,
    /// The endpoint was configured (`AWS_ENDPOINT_URL`, `with_endpoint_url`): used as given, with
    /// no host prefix (LocalStack, moto and VPC endpoints serve every operation on one host).
    endpoint_configured: bool,
}

impl Client {
    pub fn new(config: Config, service: ServiceInfo) -> Result<Client, ConfigError> {
        let endpoints = Arc::new(endpoint::Resolver::new(service.rule_set, service.endpoint_prefix, &config)?);
        let transport: Arc<dyn transport::Transport> = match &config.transport {
            Some(t) => t.clone(),
            None => Arc::new(net::Http::new(config.connect_timeout, config.read_timeout)?),
        };
        let endpoint_configured = config.endpoint_url.is_some();
        Ok(Client { transport, config, service, endpoints, endpoint_configured })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Sends one operation's input and reads its output, through the service's protocol.
    /// The input is encoded before the returned future is first polled, so the future holds no
    /// borrow of it.
    pub fn invoke<O: crate::wire::ReadValue>(
        &self,
        operation: OperationSpec,
        input: &dyn crate::wire::WriteStruct,
    ) -> impl std::future::Future<Output = Result<(O, Option<String>), Failure>> + Send + '_ {
        let request = self.service.protocol.request(&operation, input);
        // The input's part in the endpoint is read now, like its encoding.
        let values = endpoint::operation_values(operation.endpoint_params, input)
            .map_err(|e| Failure::InvalidInput(format!("cannot resolve the endpoint: {e}")));
        async move {
            let mut request = request?;
            if let Some(spec) = operation.request_checksum {
                checksum::add(&mut request, spec, self.config.request_checksum_calculation).await?;
            }
            let validate = match operation.response_checksum {
                Some(spec) if checksum::ask_for(&mut request, spec, self.config.response_checksum_validation) => {
                    Some(spec)
                }
                _ => None,
            };
            let endpoint = self.endpoint(values?).await?;
            let mut reply = self.call(operation, &endpoint, request).await?;
            if let Some(spec) = validate {
                checksum::check(&mut reply.response, spec)?;
            }
            let output = protocol::read_output(self.service.protocol, &reply)?;
            Ok((output, reply.request_id))
        }
    }

    /// Where one operation's request goes: the rule set over the config, the operation's
    /// endpoint parameter `values` ([`endpoint::operation_values`]) and, where the rules take it,
    /// the credentials' account ID.
    pub async fn endpoint(
        &self,
        values: Vec<(&'static str, crate::rules::Value)>,
    ) -> Result<Arc<endpoint::Resolved>, Failure> {
        let account_id = match self.endpoints.needs_account_id() {
            true => self.config.credentials.credentials().await.map_err(Failure::Credentials)?.account_id,
            false => None,
        };
        self.endpoints
            .resolve(values, account_id.as_deref())
            .map_err(|e| Failure::InvalidInput(format!("cannot resolve the endpoint: {e}")))
    }

    /// Sends one operation's request to `endpoint` and returns the answer's reply, retrying what
    /// is retryable.
    pub async fn call(
        &self,
        operation: OperationSpec,
        endpoint: &endpoint::Resolved,
        request: HttpRequest,
    ) -> Result<Reply, Failure> {
        let span = tracing::info_span!("aws_call", service = self.service.signing_name, operation = operation.name);
        async {
            let mut attempt = 0;
            loop {
                attempt += 1;
                let result = self
                    .attempt(&operation, endpoint, &request)
                    .instrument(tracing::debug_span!("attempt", n = attempt))
                    .await;
                match result {
                    Ok(out) => return Ok(out),
                    // A stream can be sent only once: its failure is the caller's to handle.
                    Err(f) if attempt < self.config.max_attempts && retryable(&f) && request.body.is_replayable() => {
                        let delay = backoff(self.config.base_delay, self.config.max_delay, attempt);
                        tracing::debug!(?f, ?delay, "retrying");
                        tokio::time::sleep(delay).await;
                    }
                    Err(f) => return Err(f),
                }
            }
        }
        .instrument(span)
        .await
    }

    async fn attempt(
        &self,
        operation: &OperationSpec,
        endpoint: &endpoint::Resolved,
        req: &HttpRequest,
    ) -> Result<Reply, Failure> {
        let (url, host) = self.target(endpoint, req);
        let mut headers: Vec<(&str, &str)> = req.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        // The rules' headers, where the request does not set its own.
        for (k, v) in &endpoint.headers {
            if !headers.iter().any(|(h, _)| h == k) {
                headers.push((k.as_str(), v.as_str()));
            }
        }
        headers.push(("host", host.as_str()));
        let creds = self.config.credentials.credentials().await.map_err(Failure::Credentials)?;
        // S3 over HTTPS takes a file or stream unsigned (`UNSIGNED-PAYLOAD`), as botocore sends
        // it, rather than reading it through twice; TLS guards it on the way.
        let unsigned_stream = endpoint.s3_signing && url.starts_with("https://");
        let payload = match req.headers.iter().any(|(k, _)| k == "x-amz-trailer") {
            true => Payload::StreamingTrailer,
            false => payload_hash(&req.body, unsigned_stream).await?,
        };
        let region = endpoint.signing_region.as_deref().unwrap_or(&self.config.region);
        let name = endpoint.signing_name.as_deref().unwrap_or(self.service.signing_name);
        let scope = Scope { region, service: name, s3: endpoint.s3_signing };
        let signed = sign(&creds, scope, req.method, &url, &headers, payload)
            .map_err(|e| Failure::Transport(crate::TransportError::new(format!("cannot sign: {e}"))))?;
        // The transport sets `host` from the URL.
        let headers = headers
            .iter()
            .filter(|(k, _)| *k != "host")
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .chain(signed)
            .collect();
        let request = transport::SignedRequest {
            operation: operation.name,
            method: req.method,
            url,
            headers,
            body: req.body.clone(),
        };
        let mut response = self.transport.send(request).await?;
        // Only a successful answer's streaming payload is left to arrive; anything else is read
        // whole (errors are small) before the protocol looks at it.
        if !(operation.streaming_output && (200..300).contains(&response.status)) {
            let body = std::mem::take(&mut response.body).collect().await;
            response.body =
                body.map_err(|e| Failure::Transport(crate::TransportError::with_source(e.to_string(), e)))?.into();
        }
        self.service.protocol.response(response)
    }

    /// The URL and host of one request: the endpoint, with the operation's host prefix unless
    /// the endpoint was configured (and the config does not ask for it there too).
    fn target(&self, endpoint: &endpoint::Resolved, req: &HttpRequest) -> (String, String) {
        let inject = !self.endpoint_configured || self.config.host_prefix_on_endpoint_url;
        let url = &endpoint.url;
        match req.host_prefix.as_deref().filter(|_| inject) {
            Some(prefix) => {
                let host = format!("{prefix}{}", endpoint.host);
                (join_url(&url.replacen(&endpoint.host, &host, 1), &req.path), host)
            }
            None => (join_url(url, &req.path), endpoint.host.clone()),
        }
    }
}

/// An endpoint URL (no trailing `/`) joined with a request's path and query, as botocore's
/// `_urljoin`: an empty path leaves the endpoint's own path (S3's path-style `/bucket`), or `/`
/// where it has none; any other path follows the endpoint's, its leading slashes kept (an S3
/// key may begin with `/`).
fn join_url(url: &str, path_and_query: &str) -> String {
    let (path, query) = match path_and_query.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path_and_query, None),
    };
    let has_path = url.split_once("://").is_some_and(|(_, rest)| rest.contains('/'));
    let mut out = match path {
        "" if has_path => url.to_string(),
        "" => format!("{url}/"),
        p if p.starts_with('/') => format!("{url}{p}"),
        p => format!("{url}/{p}"),
    };
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// The host (and port) of an http(s) URL.
pub(crate) fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    Some(rest.split('/').next().unwrap_or(rest).to_string()).filter(|h| !h.is_empty())
}

/// What a request's body is signed as: its SHA-256 (bytes in memory, or a file read through
/// once, never held), or `UNSIGNED-PAYLOAD` for a stream that can be read only once.
pub(crate) enum Payload<'a> {
    Bytes(&'a [u8]),
    Sha256(String),
    Unsigned,
    /// An `aws-chunked` body with its checksum in a trailer (`checksum::add`).
    StreamingTrailer,
}

async fn payload_hash(body: &crate::ByteStream, unsigned_stream: bool) -> Result<Payload<'_>, Failure> {
    if let Some(bytes) = body.bytes() {
        return Ok(Payload::Bytes(bytes));
    }
    if unsigned_stream || !body.is_replayable() {
        return Ok(Payload::Unsigned);
    }
    let mut digest = ring::digest::Context::new(&ring::digest::SHA256);
    let mut reader = body.clone();
    while let Some(chunk) = reader.next().await {
        let chunk = chunk.map_err(|e| Failure::InvalidInput(format!("cannot read the body to sign it: {e}")))?;
        digest.update(&chunk);
    }
    Ok(Payload::Sha256(digest.finish().as_ref().iter().map(|b| format!("{b:02x}")).collect()))
}

/// What a request is signed for: the SigV4 scope, and whether S3's variant applies (the path
/// encoded once and not normalised, `x-amz-content-sha256` on every request).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub region: &'a str,
    pub service: &'a str,
    pub s3: bool,
}

/// The settings of a signature for `scope`.
fn settings(scope: Scope<'_>) -> SigningSettings {
    let mut settings = SigningSettings::default();
    if scope.s3 {
        settings.percent_encoding_mode = aws_sigv4::http_request::PercentEncodingMode::Single;
        settings.uri_path_normalization_mode = aws_sigv4::http_request::UriPathNormalizationMode::Disabled;
        settings.payload_checksum_kind = aws_sigv4::http_request::PayloadChecksumKind::XAmzSha256;
    }
    settings
}

fn identity(creds: &Credentials) -> Identity {
    aws_credential_types::Credentials::new(
        creds.access_key_id.clone(),
        creds.secret_access_key.clone(),
        creds.session_token.clone(),
        creds.expiry,
        "awsdoc",
    )
    .into()
}

/// SigV4's query parameters for a presigned request (`headers` must include `host`), as
/// aws-sigv4 gives them: the payload unsigned, valid for `expires_in` from `time`.
pub(crate) fn presign_params(
    creds: &Credentials,
    scope: Scope<'_>,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    expires_in: Duration,
    time: SystemTime,
) -> Result<Vec<(String, String)>, String> {
    let identity = identity(creds);
    let mut settings = settings(scope);
    settings.payload_checksum_kind = aws_sigv4::http_request::PayloadChecksumKind::NoHeader;
    settings.signature_location = aws_sigv4::http_request::SignatureLocation::QueryParams;
    settings.expires_in = Some(expires_in);
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(scope.region)
        .name(scope.service)
        .time(time)
        .settings(settings)
        .build()
        .map_err(|e| e.to_string())?
        .into();
    let request = SignableRequest::new(method, url, headers.iter().copied(), SignableBody::UnsignedPayload)
        .map_err(|e| e.to_string())?;
    let (instructions, _) = aws_sigv4::http_request::sign(request, &params).map_err(|e| e.to_string())?.into_parts();
    Ok(instructions.params().iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
}

/// SigV4 headers for a request (`headers` must include `host`).
pub(crate) fn sign(
    creds: &Credentials,
    scope: Scope<'_>,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    payload: Payload<'_>,
) -> Result<Vec<(String, String)>, String> {
    let identity = identity(creds);
    let mut settings = settings(scope);
    let body = match &payload {
        Payload::Bytes(b) => SignableBody::Bytes(b),
        Payload::Sha256(hash) => SignableBody::Precomputed(hash.clone()),
        Payload::Unsigned => {
            // The service learns that the payload is not signed from `x-amz-content-sha256`.
            settings.payload_checksum_kind = aws_sigv4::http_request::PayloadChecksumKind::XAmzSha256;
            SignableBody::UnsignedPayload
        }
        Payload::StreamingTrailer => {
            settings.payload_checksum_kind = aws_sigv4::http_request::PayloadChecksumKind::XAmzSha256;
            SignableBody::StreamingUnsignedPayloadTrailer
        }
    };
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(scope.region)
        .name(scope.service)
        .time(SystemTime::now())
        .settings(settings)
        .build()
        .map_err(|e| e.to_string())?
        .into();
    let request = SignableRequest::new(method, url, headers.iter().copied(), body).map_err(|e| e.to_string())?;
    let (instructions, _) = aws_sigv4::http_request::sign(request, &params).map_err(|e| e.to_string())?.into_parts();
    Ok(instructions.headers().map(|(k, v)| (k.to_string(), v.to_string())).collect())
}

/// An error and its sources, joined by `: `: connection resets and refusals say what happened
/// only there.
pub(crate) fn with_causes(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

fn retryable(f: &Failure) -> bool {
    match f {
        // As botocore's standard mode: throttling and transient codes, and the statuses of a
        // server that failed on its side.
        Failure::Service(m) => {
            THROTTLING.contains(&m.code.as_str())
                || TRANSIENT.contains(&m.code.as_str())
                || matches!(m.status, 500 | 502 | 503 | 504)
        }
        Failure::Timeout(_) | Failure::Transport(_) => true,
        Failure::InvalidResponse { status, .. } => *status >= 500,
        Failure::InvalidInput(_) | Failure::Credentials(_) => false,
    }
}

/// Full jitter: a uniform delay in `[0, min(max, base * 2^(attempt-1))]`.
fn backoff(base: Duration, max: Duration, attempt: u32) -> Duration {
    let cap = base.saturating_mul(1u32 << attempt.saturating_sub(1).min(20)).min(max);
    Duration::from_nanos(fastrand::u64(0..=cap.as_nanos().min(u128::from(u64::MAX)) as u64))
}

/// A fresh idempotency token: a random (version 4) UUID, as boto3 and aws-sdk-rust send when the
/// caller leaves the token out. Uniqueness, not secrecy, is what the service needs of it.
pub fn idempotency_token() -> String {
    let mut b = fastrand::u128(..).to_be_bytes();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_from_type_or_header() {
        let f = error_from(
            400,
            None,
            Some("r1".into()),
            br#"{"__type":"com.amazonaws.ssm#ParameterNotFound:http://x","message":"nope"}"#,
        );
        let Failure::Service(m) = &f else { panic!("{f:?}") };
        let got = (m.code.as_str(), m.message.as_deref(), m.request_id.as_deref(), m.status);
        assert_eq!(got, ("ParameterNotFound", Some("nope"), Some("r1"), 400));
        let f = error_from(400, Some("ThrottlingException:http://internal".into()), None, br#"{"Message":"slow"}"#);
        assert!(
            matches!(&f, Failure::Service(m) if m.code == "ThrottlingException" && m.message.as_deref() == Some("slow"))
        );
        assert!(retryable(&f));
        let f = error_from(502, None, None, b"<html>bad gateway</html>");
        assert!(matches!(&f, Failure::InvalidResponse { status: 502, .. }));
        assert!(retryable(&f));
        assert!(!retryable(&error_from(400, None, None, br#"{"__type":"ParameterNotFound"}"#)));
    }

    #[test]
    fn idempotency_tokens_are_fresh_v4_uuids() {
        let (a, b) = (idempotency_token(), idempotency_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
        assert_eq!(a.matches('-').count(), 4);
    }

    #[test]
    fn backoff_is_bounded_full_jitter() {
        for attempt in 1..40 {
            let d = backoff(Duration::from_millis(100), Duration::from_secs(2), attempt);
            assert!(d <= Duration::from_secs(2));
            if attempt == 1 {
                assert!(d <= Duration::from_millis(100));
            }
        }
    }
}

#[cfg(test)]
mod target_tests {
    use super::*;
    use crate::wire::testing::Thing;

    /// A rule set of the common shape: `{prefix}.{region}.{dnsSuffix}`, `-fips` and the
    /// dual-stack suffix as asked, an error where the partition has no FIPS.
    const RULES: &str = r#"{"version": "1.0",
        "parameters": {
            "Region": {"type": "String", "builtIn": "AWS::Region"},
            "UseFIPS": {"type": "Boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false},
            "UseDualStack": {"type": "Boolean", "builtIn": "AWS::UseDualStack", "required": true, "default": false},
            "Endpoint": {"type": "String", "builtIn": "SDK::Endpoint"}
        },
        "rules": [
            {"type": "endpoint", "conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}], "endpoint": {"url": "{Endpoint}"}},
            {"type": "tree", "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"}], "rules": [
                {"type": "endpoint", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]},
                                                    {"fn": "booleanEquals", "argv": [{"ref": "UseDualStack"}, true]}],
                 "endpoint": {"url": "https://servicediscovery-fips.{Region}.{p#dualStackDnsSuffix}"}},
                {"type": "endpoint", "conditions": [{"fn": "stringEquals", "argv": [{"ref": "Region"}, "aws-global"]}],
                 "endpoint": {"url": "https://servicediscovery.amazonaws.com",
                              "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "us-east-1", "signingName": "sd"}]},
                              "headers": {"x-amz-routing": ["{Region}"]}}},
                {"type": "endpoint", "conditions": [], "endpoint": {"url": "https://servicediscovery.{Region}.{p#dnsSuffix}"}}
            ]}
        ]}"#;

    const SERVICE: ServiceInfo = ServiceInfo {
        protocol: &protocol::AwsJson {
            target_prefix: "Route53AutoNaming_v20170314",
            json_version: "1.1",
            query_compatible: false,
        },
        signing_name: "servicediscovery",
        rule_set: RULES,
        endpoint_prefix: "servicediscovery",
    };

    fn scope<'a>(region: &'a str, service: &'a str) -> Scope<'a> {
        Scope { region, service, s3: false }
    }

    /// As botocore's `_urljoin`: S3's path-style endpoint keeps its bucket path, with or without
    /// a key; a key's leading slash survives; an endpoint without a path gets `/`.
    #[test]
    fn paths_join_the_endpoint_as_botocore_joins_them() {
        let path_style = "https://s3.us-east-1.amazonaws.com/my-bucket";
        assert_eq!(join_url(path_style, "?list-type=2"), "https://s3.us-east-1.amazonaws.com/my-bucket?list-type=2");
        assert_eq!(join_url(path_style, "/a%20b/c"), "https://s3.us-east-1.amazonaws.com/my-bucket/a%20b/c");
        let hosted = "https://my-bucket.s3.us-east-1.amazonaws.com";
        assert_eq!(join_url(hosted, "?location"), "https://my-bucket.s3.us-east-1.amazonaws.com/?location");
        assert_eq!(join_url(hosted, "//lead"), "https://my-bucket.s3.us-east-1.amazonaws.com//lead");
        assert_eq!(join_url(hosted, "/"), "https://my-bucket.s3.us-east-1.amazonaws.com/");
    }

    /// S3's SigV4: the path is encoded once (a key's `%20` is not signed as `%2520`), `.`
    /// segments are not normalised away, and `x-amz-content-sha256` is sent and signed.
    #[test]
    fn s3_signs_the_path_as_sent_with_the_payload_hash_header() {
        let creds = Credentials::new("AKID", "secret", None);
        let url = "https://b.s3.us-east-1.amazonaws.com/a%20b/./c";
        let headers = [("host", "b.s3.us-east-1.amazonaws.com")];
        let s3 = Scope { region: "us-east-1", service: "s3", s3: true };
        let signed = sign(&creds, s3, "GET", url, &headers, Payload::Bytes(b"")).unwrap();
        let header = |k: &str| signed.iter().find(|(h, _)| h == k).map(|(_, v)| v.clone());
        let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert_eq!(header("x-amz-content-sha256").as_deref(), Some(empty));
        assert!(header("authorization").unwrap().contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date"));
        let plain = sign(&creds, scope("us-east-1", "s3"), "GET", url, &headers, Payload::Bytes(b"")).unwrap();
        assert!(plain.iter().all(|(k, _)| k != "x-amz-content-sha256"));
        let unsigned = sign(&creds, s3, "PUT", url, &headers, Payload::Unsigned).unwrap();
        assert!(unsigned.contains(&("x-amz-content-sha256".to_string(), "UNSIGNED-PAYLOAD".to_string())));
    }

    fn target(client: &Client, prefix: Option<&str>) -> (String, String) {
        let request = HttpRequest {
            method: "POST",
            path: "/".into(),
            headers: Vec::new(),
            body: Default::default(),
            host_prefix: prefix.map(str::to_string),
        };
        let endpoint = client.endpoints.resolve(Vec::new(), None).unwrap();
        client.target(&endpoint, &request)
    }

    /// botocore's `endpoint.hostPrefix` (Cloud Map's `DiscoverInstances` is served by `data-`):
    /// prepended to the resolved host, and to a configured endpoint only when asked.
    #[test]
    fn a_host_prefix_applies_to_the_resolved_endpoint_and_on_request_to_a_configured_one() {
        let creds = Credentials::new("AKID", "secret", None);
        let client = Client::new(Config::new("eu-west-1", creds.clone()), SERVICE).unwrap();
        assert_eq!(
            target(&client, Some("data-")),
            (
                "https://data-servicediscovery.eu-west-1.amazonaws.com/".to_string(),
                "data-servicediscovery.eu-west-1.amazonaws.com".to_string()
            )
        );
        assert_eq!(target(&client, None).0, "https://servicediscovery.eu-west-1.amazonaws.com/");
        let local = Config::new("eu-west-1", creds).with_endpoint_url("http://127.0.0.1:4566");
        let client = Client::new(local, SERVICE).unwrap();
        assert_eq!(
            target(&client, Some("data-")),
            ("http://127.0.0.1:4566/".to_string(), "127.0.0.1:4566".to_string())
        );
        // Asked for, as the AWS SDKs do by default, the prefix goes on a configured endpoint too.
        let vpce = Config::new("eu-west-1", Credentials::new("AKID", "secret", None))
            .with_endpoint_url("https://vpce-1.example.com:8443/base/")
            .with_host_prefix_on_endpoint_url(true);
        let client = Client::new(vpce, SERVICE).unwrap();
        assert_eq!(
            target(&client, Some("data-")),
            ("https://data-vpce-1.example.com:8443/base/".to_string(), "data-vpce-1.example.com:8443".to_string())
        );
    }

    /// A China region is the `aws-cn` partition: its own DNS suffix, and a signature scoped to
    /// the region.
    #[test]
    fn a_china_region_signs_for_its_own_partition() {
        let client = Client::new(Config::new("cn-north-1", Credentials::new("AKID", "secret", None)), SERVICE).unwrap();
        let (url, host) = target(&client, None);
        assert_eq!(url, "https://servicediscovery.cn-north-1.amazonaws.com.cn/");
        let creds = Credentials::new("AKID", "secret", None);
        let headers = [("content-type", "application/x-amz-json-1.1"), ("host", host.as_str())];
        let signed =
            sign(&creds, scope("cn-north-1", "servicediscovery"), "POST", &url, &headers, Payload::Bytes(b"{}"))
                .unwrap();
        let auth = signed.iter().find(|(k, _)| k == "authorization").map(|(_, v)| v.as_str()).unwrap();
        assert!(auth.contains("/cn-north-1/servicediscovery/aws4_request"), "{auth}");
        let fips = Config::new("us-gov-west-1", creds).with_fips(true).with_dual_stack(true);
        let client = Client::new(fips, SERVICE).unwrap();
        assert_eq!(target(&client, None).0, "https://servicediscovery-fips.us-gov-west-1.api.aws/");
    }

    /// An endpoint whose `authSchemes` name a signing region and name (a global endpoint) is
    /// signed for those, not the config's region and the service's name; the headers it names are
    /// sent, and signed.
    #[tokio::test]
    async fn requests_are_signed_for_the_scope_the_endpoint_names() {
        let stub = transport::Stub::new().reply("ListRoots", 200, r#"{"Count": 0}"#);
        let config = Config::new("aws-global", Credentials::new("AKID", "secret", None)).with_transport(stub.clone());
        let client = Client::new(config, SERVICE).unwrap();
        let (_, _): (Thing, _) = client.invoke(OperationSpec::new("ListRoots"), &Thing::default()).await.unwrap();
        let sent = &stub.requests()[0];
        assert_eq!(sent.url, "https://servicediscovery.amazonaws.com/");
        let auth = sent.header("authorization").unwrap_or_default();
        assert!(auth.contains("/us-east-1/sd/aws4_request"), "{auth}");
        assert_eq!(sent.header("x-amz-routing"), Some("aws-global"));
        assert!(auth.contains("x-amz-routing"), "{auth}");
    }
}
