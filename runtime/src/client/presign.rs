//! Presigned requests (botocore's `generate_presigned_url`): an operation's request signed in
//! its query string (SigV4's query form: `X-Amz-Algorithm` … `X-Amz-Signature`), valid for a
//! while, which anyone holding the URL may send without credentials of their own. As botocore
//! makes them: the payload unsigned (`UNSIGNED-PAYLOAD`), no `Content-Type` signed, no checksum
//! added, the operation's own query parameters before the signature's, S3's path encoded once.

use std::fmt;
use std::time::{Duration, SystemTime};

use super::{Client, Failure, OperationSpec, Scope};

/// How long a presigned request is valid, and from when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Presigning {
    expires_in: Duration,
    start_time: Option<SystemTime>,
}

impl Presigning {
    /// The longest validity SigV4 allows: seven days.
    pub const MAX_EXPIRES_IN: Duration = Duration::from_secs(7 * 24 * 3600);

    /// Valid for `expires_in` (1 second to 7 days) from when it is signed.
    pub fn expires_in(expires_in: Duration) -> Presigning {
        Presigning { expires_in, start_time: None }
    }

    /// Signed as of `time` rather than now.
    pub fn start_time(self, time: SystemTime) -> Presigning {
        Presigning { start_time: Some(time), ..self }
    }
}

/// A presigned request: send `method` to `url` with `headers` (those that were signed beside
/// `host`). The URL is a credential until it expires: `Debug` shows it without its query.
#[derive(Clone, PartialEq, Eq)]
pub struct PresignedRequest {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
}

impl fmt::Debug for PresignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.url.split('?').next().unwrap_or_default();
        f.debug_struct("PresignedRequest")
            .field("method", &self.method)
            .field("url", &format_args!("{path}?** signed query redacted **"))
            .field("headers", &self.headers)
            .finish()
    }
}

/// botocore's order of the signature's parameters (`SigV4QueryAuth`), the signature last.
const ORDER: &[&str] = &[
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Security-Token",
    "X-Amz-Signature",
];

impl Client {
    /// Presigns one operation's request (see the module's documentation).
    pub async fn presign(
        &self,
        operation: OperationSpec,
        input: &dyn crate::wire::WriteStruct,
        presigning: Presigning,
    ) -> Result<PresignedRequest, Failure> {
        if presigning.expires_in < Duration::from_secs(1) || presigning.expires_in > Presigning::MAX_EXPIRES_IN {
            return Err(Failure::InvalidInput(format!(
                "a presigned request is valid for 1 second to 7 days, not {:?}",
                presigning.expires_in
            )));
        }
        let request = self.service.protocol.request(&operation, input)?;
        let values = super::endpoint::operation_values(operation.endpoint_params, input)
            .map_err(|e| Failure::InvalidInput(format!("cannot resolve the endpoint: {e}")))?;
        let endpoint = self.endpoint(values).await?;
        let (url, host) = self.target(&endpoint, &request);
        let kept: Vec<(String, String)> =
            request.headers.into_iter().filter(|(k, _)| k != "content-type" && k != "content-length").collect();
        let mut headers: Vec<(&str, &str)> = kept.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        headers.push(("host", host.as_str()));
        let creds = self.config.credentials.credentials().await.map_err(Failure::Credentials)?;
        let region = endpoint.signing_region.as_deref().unwrap_or(&self.config.region);
        let name = endpoint.signing_name.as_deref().unwrap_or(self.service.signing_name);
        let scope = Scope { region, service: name, s3: endpoint.s3_signing };
        let time = presigning.start_time.unwrap_or_else(SystemTime::now);
        let mut params =
            super::presign_params(&creds, scope, request.method, &url, &headers, presigning.expires_in, time)
                .map_err(|e| Failure::InvalidInput(format!("cannot presign: {e}")))?;
        params.sort_by_key(|(k, _)| ORDER.iter().position(|o| o == k).unwrap_or(ORDER.len()));
        let query: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
        let joiner = if url.contains('?') { '&' } else { '?' };
        Ok(PresignedRequest { method: request.method, url: format!("{url}{joiner}{}", query.join("&")), headers: kept })
    }
}

/// A query value as botocore's `percent_encode` writes it: all but RFC 3986's unreserved.
fn encode(v: &str) -> String {
    const SET: &percent_encoding::AsciiSet =
        &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
    percent_encoding::utf8_percent_encode(v, SET).to_string()
}
