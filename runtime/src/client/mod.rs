//! The awsJson 1.x client every generated crate's `Client` wraps: signs with SigV4, sends, retries,
//! and sorts failures. Generated code only (de)serialises; the transport here is not generic, so
//! it compiles once, not once per operation.

pub mod config;
pub mod paginate;
pub mod waiter;

pub use futures_core::Stream;

use std::time::{Duration, SystemTime};

use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use tracing::Instrument;

pub use config::{Config, ConfigError, Credentials};
pub use waiter::{Finished, WaiterConfig, WaiterError, WaiterState};

use crate::ErrorMetadata;

/// What a generated crate tells the runtime about its service (from its `service.toml`).
#[derive(Debug, Clone, Copy)]
pub struct ServiceInfo {
    /// `AmazonSSM`: the `X-Amz-Target` prefix.
    pub target_prefix: &'static str,
    /// `1.1`: the `application/x-amz-json-1.1` content type.
    pub json_version: &'static str,
    /// `ssm`: the SigV4 service name.
    pub signing_name: &'static str,
    /// `ssm`: the endpoint host prefix.
    pub endpoint_prefix: &'static str,
}

/// Why a call failed, before an operation's error enum sorts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The service answered with an error.
    Service(ErrorMetadata),
    /// No answer within the read or connect timeout (after retries).
    Timeout(String),
    /// The connection failed (after retries).
    Transport(String),
    /// An answer that is not the awsJson the operation promises.
    InvalidResponse { status: u16, message: String },
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
    http: reqwest::Client,
    config: Config,
    service: ServiceInfo,
    url: String,
    host: String,
    /// The signing identity, built once from the configured credentials.
    identity: Identity,
}

impl Client {
    pub fn new(config: Config, service: ServiceInfo) -> Result<Client, ConfigError> {
        let url = match &config.endpoint_url {
            Some(u) => u.trim_end_matches('/').to_string() + "/",
            None => format!("https://{}.{}.amazonaws.com/", service.endpoint_prefix, config.region),
        };
        let host = url
            .split_once("://")
            .map(|(_, rest)| rest.split('/').next().unwrap_or(rest).to_string())
            .filter(|h| !h.is_empty())
            .ok_or_else(|| ConfigError(format!("endpoint `{url}` is not an http(s) URL")))?;
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .read_timeout(config.read_timeout)
            .build()
            .map_err(|e| ConfigError(format!("cannot build the HTTP client: {e}")))?;
        let c = &config.credentials;
        let identity: Identity = aws_credential_types::Credentials::new(
            c.access_key_id.clone(),
            c.secret_access_key.clone(),
            c.session_token.clone(),
            None,
            "awsdoc",
        )
        .into();
        Ok(Client { http, config, service, url, host, identity })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Sends one operation's JSON body and returns the response body, retrying what is retryable.
    pub async fn call(&self, operation: &'static str, body: Vec<u8>) -> Result<Vec<u8>, Failure> {
        let span = tracing::info_span!("aws_call", service = self.service.signing_name, operation);
        async {
            let mut attempt = 0;
            loop {
                attempt += 1;
                let result =
                    self.attempt(operation, &body).instrument(tracing::debug_span!("attempt", n = attempt)).await;
                match result {
                    Ok(out) => return Ok(out),
                    Err(f) if attempt < self.config.max_attempts && retryable(&f) => {
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

    async fn attempt(&self, operation: &str, body: &[u8]) -> Result<Vec<u8>, Failure> {
        let content_type = format!("application/x-amz-json-{}", self.service.json_version);
        let target = format!("{}.{}", self.service.target_prefix, operation);
        let headers =
            [("content-type", content_type.as_str()), ("x-amz-target", target.as_str()), ("host", self.host.as_str())];
        let signed = self.sign(&headers, body)?;
        let mut req = self.http.post(&self.url).body(body.to_vec());
        for (k, v) in headers.iter().filter(|(k, _)| *k != "host") {
            req = req.header(*k, *v);
        }
        for (k, v) in &signed {
            req = req.header(k.as_str(), v.as_str());
        }
        let resp = req.send().await.map_err(transport)?;
        let status = resp.status().as_u16();
        let request_id = header(&resp, "x-amzn-requestid");
        let error_type = header(&resp, "x-amzn-errortype");
        let bytes = resp.bytes().await.map_err(transport)?.to_vec();
        if (200..300).contains(&status) {
            return Ok(if bytes.is_empty() { b"{}".to_vec() } else { bytes });
        }
        Err(error_from(status, error_type, request_id, &bytes))
    }

    fn sign(&self, headers: &[(&str, &str)], body: &[u8]) -> Result<Vec<(String, String)>, Failure> {
        let params = v4::SigningParams::builder()
            .identity(&self.identity)
            .region(&self.config.region)
            .name(self.service.signing_name)
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()
            .map_err(|e| Failure::Transport(format!("cannot sign: {e}")))?
            .into();
        let request = SignableRequest::new("POST", &self.url, headers.iter().copied(), SignableBody::Bytes(body))
            .map_err(|e| Failure::Transport(format!("cannot sign: {e}")))?;
        let (instructions, _) =
            sign(request, &params).map_err(|e| Failure::Transport(format!("cannot sign: {e}")))?.into_parts();
        Ok(instructions.headers().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }
}

fn header(resp: &reqwest::Response, name: &str) -> Option<String> {
    resp.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

fn transport(e: reqwest::Error) -> Failure {
    if e.is_timeout() {
        Failure::Timeout(e.to_string())
    } else {
        // Walk the sources: connection resets and refusals say what happened only there.
        let mut msg = e.to_string();
        let mut src = std::error::Error::source(&e);
        while let Some(s) = src {
            msg.push_str(": ");
            msg.push_str(&s.to_string());
            src = s.source();
        }
        Failure::Transport(msg)
    }
}

/// Sorts an error response: the code from `__type` (without `namespace#` or `:…`) or the
/// `x-amzn-ErrorType` header, the message from `message` or `Message`.
pub fn error_from(status: u16, error_type: Option<String>, request_id: Option<String>, body: &[u8]) -> Failure {
    let json: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    let field = |k: &str| json.as_ref().and_then(|j| j.get(k)).and_then(|v| v.as_str()).map(str::to_string);
    let clean = |code: &str| {
        let code = code.rsplit('#').next().unwrap_or(code);
        code.split(':').next().unwrap_or(code).trim().to_string()
    };
    let code = field("__type").or(error_type).map(|c| clean(&c)).filter(|c| !c.is_empty());
    match code {
        Some(code) => {
            let message = field("message").or_else(|| field("Message"));
            Failure::Service(ErrorMetadata::new(code, message, request_id, status).with_body(json))
        }
        None => {
            let excerpt: String = String::from_utf8_lossy(body).chars().take(200).collect();
            Failure::InvalidResponse { status, message: format!("HTTP {status} without an error code: {excerpt}") }
        }
    }
}

fn retryable(f: &Failure) -> bool {
    match f {
        Failure::Service(m) => THROTTLING.contains(&m.code.as_str()) || TRANSIENT.contains(&m.code.as_str()),
        Failure::Timeout(_) | Failure::Transport(_) => true,
        Failure::InvalidResponse { status, .. } => *status >= 500,
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
