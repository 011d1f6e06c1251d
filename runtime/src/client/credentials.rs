//! Credentials: the standard provider chain, with caching and refresh before expiry.
//!
//! The chain, in the order aws-sdk-rust and boto3 document: the environment, web identity
//! (`AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`: EKS IRSA), the shared profile (static keys,
//! `credential_process`, `role_arn` with `source_profile`, SSO with its token cache), the
//! container endpoint (ECS, Fargate, EKS Pod Identity), and EC2's instance metadata (IMDSv2). The
//! first source that is configured decides: one that is configured but fails is an error, not
//! a fall-through, so a broken role is never silently replaced by another identity.
//!
//! Hand-written over the runtime's own HTTP client rather than `aws-config`: the same sources in
//! a few hundred lines, where aws-config brings about a hundred crates into a user's build.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// An access key pair, with the session token and expiry of temporary credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
    /// When temporary credentials stop working; `None` for long-term keys.
    pub expiry: Option<SystemTime>,
    /// The account they belong to, where their source says (`AWS_ACCOUNT_ID`, a profile's
    /// `aws_account_id`, SSO, an assumed role's ARN, `credential_process` and the container
    /// endpoint's `AccountId`): DynamoDB's account-based endpoints use it.
    pub account_id: Option<String>,
}

impl Credentials {
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            expiry: None,
            account_id: None,
        }
    }

    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    pub fn with_account_id(mut self, account_id: impl Into<String>) -> Self {
        self.account_id = Some(account_id.into());
        self
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print secrets.
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field("session_token", &self.session_token.as_ref().map(|_| "** redacted **"))
            .field("expiry", &self.expiry)
            .field("account_id", &self.account_id)
            .finish()
    }
}

/// Why no credentials could be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError(pub String);

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no credentials: {}", self.0)
    }
}

impl std::error::Error for CredentialsError {}

/// What a provider's `provide_credentials` returns.
pub type CredentialsFuture<'a> = Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials. [`Credentials`] themselves are one (static keys); the
/// [`DefaultChain`] is the standard one; implement it for your own.
pub trait ProvideCredentials: fmt::Debug + Send + Sync + 'static {
    fn provide_credentials(&self) -> CredentialsFuture<'_>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let c = self.clone();
        Box::pin(async move { Ok(c) })
    }
}

/// A provider behind a cache: credentials are fetched once and fetched again `refresh_before`
/// ahead of their expiry, by one caller while the others wait. Cheap to clone.
#[derive(Clone)]
pub struct SharedCredentials {
    inner: Arc<Cache>,
}

struct Cache {
    provider: Box<dyn ProvideCredentials>,
    current: tokio::sync::Mutex<Option<Credentials>>,
    refresh_before: Duration,
}

impl fmt::Debug for SharedCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedCredentials").field("provider", &self.inner.provider).finish_non_exhaustive()
    }
}

impl SharedCredentials {
    /// Five minutes ahead of expiry, as the AWS SDKs do, so a request never leaves with
    /// credentials that expire in flight.
    pub const REFRESH_BEFORE: Duration = Duration::from_secs(300);

    pub fn new(provider: impl ProvideCredentials) -> Self {
        Self::with_refresh_before(provider, Self::REFRESH_BEFORE)
    }

    pub fn with_refresh_before(provider: impl ProvideCredentials, refresh_before: Duration) -> Self {
        let cache = Cache { provider: Box::new(provider), current: tokio::sync::Mutex::new(None), refresh_before };
        SharedCredentials { inner: Arc::new(cache) }
    }

    /// Credentials valid for at least `refresh_before`, from the cache or freshly fetched.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let mut current = self.inner.current.lock().await;
        let fresh_enough = |c: &Credentials| c.expiry.is_none_or(|e| e > SystemTime::now() + self.inner.refresh_before);
        if let Some(c) = current.as_ref().filter(|c| fresh_enough(c)) {
            return Ok(c.clone());
        }
        let c = self.inner.provider.provide_credentials().await?;
        tracing::debug!(access_key_id = %c.access_key_id, expiry = ?c.expiry, "credentials fetched");
        *current = Some(c.clone());
        Ok(c)
    }
}

/// The environment variables the chain reads, captured when the config is loaded.
const CHAIN_VARS: &[&str] = &[
    "HOME",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_ACCOUNT_ID",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
    "AWS_ROLE_SESSION_NAME",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
    "AWS_EC2_METADATA_DISABLED",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_STS",
    "AWS_STS_REGIONAL_ENDPOINTS",
    "AWS_ENDPOINT_URL_SSO",
    "AWS_ENDPOINT_URL_SSO_OIDC",
];

/// The standard chain (see the module docs) over a snapshot of the environment and the shared
/// files taken when the configuration was loaded. `Debug` names the variables set, never a value.
pub struct DefaultChain {
    env: BTreeMap<String, String>,
    profiles: Profiles,
    profile: String,
    region: String,
    http: super::net::Http,
}

impl fmt::Debug for DefaultChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DefaultChain")
            .field("profile", &self.profile)
            .field("region", &self.region)
            .field("variables_set", &self.env.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// The shared `credentials` and `config` files, parsed (no `Debug`: they hold secrets).
#[derive(Default)]
pub(crate) struct Profiles {
    pub(crate) credentials: super::config::Ini,
    pub(crate) config: super::config::Ini,
}

impl Profiles {
    /// A profile's setting: the credentials file first, then the config file.
    pub(crate) fn get(&self, profile: &str, key: &str) -> Option<String> {
        let section = if profile == "default" { "default".to_string() } else { format!("profile {profile}") };
        // `[default]` is also spelled `[profile default]` in the config file.
        self.credentials
            .get(profile, key)
            .or_else(|| self.config.get(&section, key))
            .or_else(|| (profile == "default").then(|| self.config.get("profile default", key)).flatten())
    }
}

/// A source's answer: `None` when it is not configured; otherwise its credentials or why not.
type Found = Option<Result<Credentials, CredentialsError>>;

fn fail<T>(msg: impl Into<String>) -> Option<Result<T, CredentialsError>> {
    Some(Err(CredentialsError(msg.into())))
}

impl DefaultChain {
    pub(crate) fn new(
        var: &dyn Fn(&str) -> Option<String>,
        profiles: Profiles,
        profile: String,
        region: String,
    ) -> Result<DefaultChain, String> {
        let env = CHAIN_VARS.iter().filter_map(|k| Some((k.to_string(), var(k)?))).collect();
        let http = super::net::Http::new(Duration::from_secs(2), FETCH_WITHIN)
            .map_err(|e| format!("cannot build the credentials HTTP client: {e}"))?;
        Ok(DefaultChain { env, profiles, profile, region, http })
    }

    fn var(&self, k: &str) -> Option<&str> {
        self.env.get(k).map(String::as_str).filter(|v| !v.is_empty())
    }

    async fn resolve(&self) -> Result<Credentials, CredentialsError> {
        if let Some(found) = self.environment() {
            return found;
        }
        if let Some(found) = self.web_identity().await {
            return found;
        }
        if let Some(found) = self.shared_profile().await {
            return found;
        }
        if let Some(found) = self.container().await {
            return found;
        }
        let nothing = format!(
            "none of the sources is configured: no AWS_ACCESS_KEY_ID, no web identity token, no keys, role \
             or SSO in profile `{}`, no container credentials endpoint",
            self.profile
        );
        match self.instance_metadata().await {
            // Off EC2, instance metadata is simply not there: say what was looked for, not only that.
            Some(Err(e)) if self.var("AWS_EC2_METADATA_SERVICE_ENDPOINT").is_none() => {
                Err(CredentialsError(format!("{nothing}, and instance metadata did not answer ({})", e.0)))
            }
            Some(found) => found,
            None => Err(CredentialsError(format!("{nothing}, and instance metadata is disabled"))),
        }
    }

    fn environment(&self) -> Found {
        let (id, secret) = (self.var("AWS_ACCESS_KEY_ID")?, self.var("AWS_SECRET_ACCESS_KEY"));
        let Some(secret) = secret else { return fail("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not") };
        let mut c = Credentials::new(id, secret, self.var("AWS_SESSION_TOKEN").map(str::to_string));
        c.account_id = self.var("AWS_ACCOUNT_ID").map(str::to_string);
        Some(Ok(c))
    }

    async fn web_identity(&self) -> Found {
        let (file, role) = (self.var("AWS_WEB_IDENTITY_TOKEN_FILE")?, self.var("AWS_ROLE_ARN"));
        let Some(role) = role else { return fail("AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not") };
        let session = self.var("AWS_ROLE_SESSION_NAME").map(str::to_string).unwrap_or_else(session_name);
        Some(self.assume_role_with_web_identity(file, role, &session).await)
    }

    async fn assume_role_with_web_identity(
        &self,
        file: &str,
        role: &str,
        session: &str,
    ) -> Result<Credentials, CredentialsError> {
        let token = std::fs::read_to_string(file)
            .map_err(|e| CredentialsError(format!("cannot read the web identity token {file}: {e}")))?;
        let form = [
            ("Action", "AssumeRoleWithWebIdentity"),
            ("Version", "2011-06-15"),
            ("RoleArn", role),
            ("RoleSessionName", session),
            ("WebIdentityToken", token.trim()),
        ];
        sts::call(&self.http, &self.sts_endpoint()?, &form, None).await
    }

    /// STS's URL (ending in `/`): the configured one, or what its rule set says for the region:
    /// regional, or with `sts_regional_endpoints = legacy` (`AWS_STS_REGIONAL_ENDPOINTS`) the
    /// global endpoint for the regions that used it.
    fn sts_endpoint(&self) -> Result<String, CredentialsError> {
        if let Some(url) = self.var("AWS_ENDPOINT_URL_STS").or_else(|| self.var("AWS_ENDPOINT_URL")) {
            return Ok(url.trim_end_matches('/').to_string() + "/");
        }
        let setting = self.var("AWS_STS_REGIONAL_ENDPOINTS").map(str::to_string);
        let setting = setting.or_else(|| self.profiles.get(&self.profile, "sts_regional_endpoints"));
        let legacy = setting.is_some_and(|s| s.trim().eq_ignore_ascii_case("legacy"));
        super::endpoint::sts_url(&self.region, legacy).map(|u| u + "/").map_err(CredentialsError)
    }

    async fn container(&self) -> Found {
        let url = match (
            self.var("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
            self.var("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
        ) {
            (Some(rel), _) => format!("http://169.254.170.2{rel}"),
            (None, Some(full)) => full.to_string(),
            (None, None) => return None,
        };
        let token =
            match (self.var("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"), self.var("AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
                // The file is read at each fetch: EKS Pod Identity rotates it.
                (Some(file), _) => match std::fs::read_to_string(file) {
                    Ok(t) => Some(t.trim().to_string()),
                    Err(e) => return fail(format!("cannot read the container authorization token {file}: {e}")),
                },
                (None, token) => token.map(str::to_string),
            };
        let headers: Vec<(&str, &str)> = token.as_deref().map(|t| ("authorization", t)).into_iter().collect();
        let answer = fetch_json(&self.http, "GET", &url, &headers, Vec::new(), "the container credentials endpoint");
        Some(answer.await.and_then(|j| from_json(&j, "Token")))
    }

    async fn instance_metadata(&self) -> Found {
        if self.var("AWS_EC2_METADATA_DISABLED").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
            return None;
        }
        let base = self
            .var("AWS_EC2_METADATA_SERVICE_ENDPOINT")
            .map(str::to_string)
            .or_else(|| self.profiles.get(&self.profile, "ec2_metadata_service_endpoint"))
            .unwrap_or_else(|| "http://169.254.169.254".into());
        Some(imds::credentials(&self.http, base.trim_end_matches('/')).await)
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.resolve())
    }
}

/// A session name for roles assumed without one.
fn session_name() -> String {
    let ms = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_millis();
    format!("awsdoc-{ms}")
}

/// How long one exchange with a credential source may take, answer read (botocore's IMDS and
/// container fetchers wait 1 to 2 s a connection; a token exchange with STS or SSO takes longer).
const FETCH_WITHIN: Duration = Duration::from_secs(10);

/// Sends a request and reads a JSON answer.
async fn fetch_json(
    http: &super::net::Http,
    method: &'static str,
    url: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
    what: &str,
) -> Result<serde_json::Value, CredentialsError> {
    let (status, text) = http
        .fetch(method, url, headers, body, FETCH_WITHIN)
        .await
        .map_err(|e| CredentialsError(format!("{what}: {e}")))?;
    if !(200..300).contains(&status) {
        return Err(CredentialsError(format!("{what} answered HTTP {status}: {}", excerpt(&text))));
    }
    serde_json::from_str(&text).map_err(|e| CredentialsError(format!("{what} answered no JSON ({e})")))
}

fn excerpt(text: &str) -> String {
    text.chars().take(200).collect()
}

/// Credentials from the JSON the container endpoint, IMDS and `credential_process` answer
/// (`AccessKeyId`, `SecretAccessKey`, the token under `token_key`, `Expiration` in RFC 3339).
fn from_json(j: &serde_json::Value, token_key: &str) -> Result<Credentials, CredentialsError> {
    let s = |k: &str| j.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let (Some(id), Some(secret)) = (s("AccessKeyId"), s("SecretAccessKey")) else {
        return Err(CredentialsError("the answer has no AccessKeyId and SecretAccessKey".into()));
    };
    let mut c = Credentials::new(id, secret, s(token_key));
    if let Some(e) = s("Expiration") {
        c.expiry = Some(rfc3339(&e)?);
    }
    c.account_id = s("AccountId");
    Ok(c)
}

fn rfc3339(s: &str) -> Result<SystemTime, CredentialsError> {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .map(SystemTime::from)
        .map_err(|e| CredentialsError(format!("expiration `{s}` is not RFC 3339: {e}")))
}

impl DefaultChain {
    /// The profile's own credentials: a role (`role_arn`, from `source_profile` or
    /// `credential_source`), SSO, `credential_process`, or static keys, in that order.
    async fn shared_profile(&self) -> Found {
        let p = &self.profile;
        let get = |k: &str| self.profiles.get(p, k);
        if let Some(role) = get("role_arn") {
            return Some(self.assume_profile_role(p, &role, 0).await);
        }
        if let Some(found) = self.base_credentials(p).await {
            return Some(found);
        }
        None
    }

    /// Credentials a profile holds without assuming a role.
    async fn base_credentials(&self, p: &str) -> Found {
        let get = |k: &str| self.profiles.get(p, k);
        if get("sso_session").is_some() || get("sso_start_url").is_some() {
            return Some(sso::credentials(self, p).await);
        }
        if let Some(cmd) = get("credential_process") {
            return Some(process::credentials(cmd).await);
        }
        match (get("aws_access_key_id"), get("aws_secret_access_key")) {
            (Some(id), Some(secret)) => {
                let c = Credentials::new(id, secret, get("aws_session_token"));
                Some(Ok(Credentials { account_id: get("aws_account_id"), ..c }))
            }
            (Some(_), None) => fail(format!("profile `{p}` has aws_access_key_id but no aws_secret_access_key")),
            _ => None,
        }
    }

    /// `role_arn` with `source_profile` (whose own role, if any, is assumed first) or
    /// `credential_source`: a signed STS `AssumeRole`.
    fn assume_profile_role<'a>(&'a self, p: &'a str, role: &'a str, depth: usize) -> CredentialsFuture<'a> {
        Box::pin(async move {
            if depth > 4 {
                return Err(CredentialsError(format!("profile `{p}`: source_profile chains more than 4 roles")));
            }
            let get = |k: &str| self.profiles.get(p, k);
            let source = match (get("source_profile"), get("credential_source")) {
                (Some(src), _) if src != p => match self.profiles.get(&src, "role_arn") {
                    Some(inner) => self.assume_profile_role_owned(src, inner, depth + 1).await?,
                    None => self.base_credentials(&src).await.unwrap_or_else(|| {
                        Err(CredentialsError(format!("profile `{src}` (source of `{p}`) has no credentials")))
                    })?,
                },
                (Some(_), _) => self.base_credentials(p).await.unwrap_or_else(|| {
                    Err(CredentialsError(format!("profile `{p}` is its own source_profile but has no keys")))
                })?,
                (None, Some(cs)) => self.credential_source(&cs).await?,
                (None, None) => {
                    return Err(CredentialsError(format!(
                        "profile `{p}` has role_arn but neither source_profile nor credential_source"
                    )))
                }
            };
            let session = get("role_session_name").unwrap_or_else(session_name);
            let mut form = vec![
                ("Action", "AssumeRole".to_string()),
                ("Version", "2011-06-15".into()),
                ("RoleArn", role.to_string()),
                ("RoleSessionName", session),
            ];
            if let Some(id) = get("external_id") {
                form.push(("ExternalId", id));
            }
            if let Some(d) = get("duration_seconds") {
                form.push(("DurationSeconds", d));
            }
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let signer = sts::Signer { credentials: &source, region: &self.region };
            sts::call(&self.http, &self.sts_endpoint()?, &form, Some(signer)).await
        })
    }

    async fn assume_profile_role_owned(
        &self,
        p: String,
        role: String,
        depth: usize,
    ) -> Result<Credentials, CredentialsError> {
        self.assume_profile_role(&p, &role, depth).await
    }

    /// `credential_source = Environment | Ec2InstanceMetadata | EcsContainer`.
    async fn credential_source(&self, source: &str) -> Result<Credentials, CredentialsError> {
        let missing = || CredentialsError(format!("credential_source `{source}` is not configured here"));
        match source {
            "Environment" => self.environment().unwrap_or_else(|| Err(missing())),
            "Ec2InstanceMetadata" => self.instance_metadata().await.unwrap_or_else(|| Err(missing())),
            "EcsContainer" => self.container().await.unwrap_or_else(|| Err(missing())),
            other => Err(CredentialsError(format!("unknown credential_source `{other}`"))),
        }
    }
}

/// STS's query protocol, for `AssumeRole` (signed) and `AssumeRoleWithWebIdentity` (not).
mod sts {
    use super::{excerpt, rfc3339, Credentials, CredentialsError};

    pub(super) struct Signer<'a> {
        pub credentials: &'a Credentials,
        pub region: &'a str,
    }

    pub(super) async fn call(
        http: &crate::client::net::Http,
        url: &str,
        form: &[(&str, &str)],
        signer: Option<Signer<'_>>,
    ) -> Result<Credentials, CredentialsError> {
        let action = form.iter().find(|(k, _)| *k == "Action").map_or("", |(_, v)| *v).to_string();
        let body = serde_urlencoded::to_string(form).map_err(|e| CredentialsError(format!("STS {action}: {e}")))?;
        let content_type = "application/x-www-form-urlencoded";
        let mut sent = vec![("content-type".to_string(), content_type.to_string())];
        if let Some(s) = signer {
            let host = crate::client::host_of(url).unwrap_or_default();
            let headers = [("content-type", content_type), ("host", host.as_str())];
            let payload = crate::client::Payload::Bytes(body.as_bytes());
            let signed = crate::client::sign(
                s.credentials,
                crate::client::Scope { region: s.region, service: "sts", s3: false },
                "POST",
                url,
                &headers,
                payload,
            )
            .map_err(|e| CredentialsError(format!("STS {action}: cannot sign: {e}")))?;
            sent.extend(signed);
        }
        let headers: Vec<(&str, &str)> = sent.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let (status, text) = http
            .fetch("POST", url, &headers, body.into_bytes(), super::FETCH_WITHIN)
            .await
            .map_err(|e| CredentialsError(format!("STS {action}: {e}")))?;
        // The answer parsed once, by the XML codec the awsQuery clients use.
        let root = crate::wire::xml::parse(text.as_bytes()).ok();
        let tag = |name: &str| root.as_ref().and_then(|r| r.find(name)).map(|e| e.text.clone());
        if !(200..300).contains(&status) {
            let code = tag("Code").unwrap_or_default();
            let message = tag("Message").unwrap_or_else(|| excerpt(&text));
            return Err(CredentialsError(format!("STS {action} failed (HTTP {status} {code}): {message}")));
        }
        let field = |k: &str| tag(k).ok_or_else(|| CredentialsError(format!("STS {action}: no <{k}> in the answer")));
        let mut c = Credentials::new(field("AccessKeyId")?, field("SecretAccessKey")?, Some(field("SessionToken")?));
        c.expiry = Some(rfc3339(&field("Expiration")?)?);
        // `arn:aws:sts::123456789012:assumed-role/...`: the account is the ARN's fifth field.
        c.account_id = tag("Arn").and_then(|arn| arn.split(':').nth(4).filter(|a| !a.is_empty()).map(str::to_string));
        Ok(c)
    }
}

/// EC2 instance metadata, version 2: a session token first, then the role's credentials.
mod imds {
    use super::{fetch_json, from_json, Credentials, CredentialsError, FETCH_WITHIN};
    use crate::client::net::Http;

    pub(super) async fn credentials(http: &Http, base: &str) -> Result<Credentials, CredentialsError> {
        let unreachable = |e: String| CredentialsError(format!("instance metadata at {base}: {e}"));
        let ttl = [("x-aws-ec2-metadata-token-ttl-seconds", "21600")];
        let (status, token) = http
            .fetch("PUT", &format!("{base}/latest/api/token"), &ttl, Vec::new(), FETCH_WITHIN)
            .await
            .map_err(unreachable)?;
        if !(200..300).contains(&status) {
            return Err(CredentialsError(format!("instance metadata refused a session token: HTTP {status}")));
        }
        let roles_url = format!("{base}/latest/meta-data/iam/security-credentials/");
        let with_token = [("x-aws-ec2-metadata-token", token.as_str())];
        let (status, roles) =
            http.fetch("GET", &roles_url, &with_token, Vec::new(), FETCH_WITHIN).await.map_err(unreachable)?;
        if !(200..300).contains(&status) {
            return Err(CredentialsError(format!("instance metadata: no instance profile role (HTTP {status})")));
        }
        let role = roles.lines().next().map(str::trim).filter(|r| !r.is_empty());
        let role = role.ok_or_else(|| CredentialsError("instance metadata: no instance profile role".into()))?;
        let url = format!("{roles_url}{role}");
        let answer = fetch_json(http, "GET", &url, &with_token, Vec::new(), "instance metadata");
        from_json(&answer.await?, "Token")
    }
}

/// `credential_process`: a command that prints the credentials as JSON (`Version` 1).
mod process {
    use super::{from_json, Credentials, CredentialsError};

    pub(super) async fn credentials(cmd: String) -> Result<Credentials, CredentialsError> {
        let shown = cmd.clone();
        let output = tokio::task::spawn_blocking(move || shell(&cmd).output())
            .await
            .map_err(|e| CredentialsError(format!("credential_process `{shown}`: {e}")))?
            .map_err(|e| CredentialsError(format!("cannot run credential_process `{shown}`: {e}")))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Err(CredentialsError(format!(
                "credential_process `{shown}` failed ({}): {}",
                output.status,
                stderr.trim()
            )));
        }
        let json: serde_json::Value = serde_json::from_slice(&output.stdout)
            .map_err(|e| CredentialsError(format!("credential_process `{shown}` printed no JSON: {e}")))?;
        if json.get("Version").and_then(|v| v.as_u64()) != Some(1) {
            return Err(CredentialsError(format!("credential_process `{shown}`: `Version` must be 1")));
        }
        from_json(&json, "SessionToken")
    }

    fn shell(cmd: &str) -> std::process::Command {
        let (sh, flag) = if cfg!(windows) { ("cmd", "/C") } else { ("sh", "-c") };
        let mut c = std::process::Command::new(sh);
        c.args([flag, cmd]);
        c
    }
}

/// IAM Identity Center (SSO): the access token `aws sso login` cached (refreshed with its refresh
/// token when it is about to expire), exchanged at the portal for the profile's account and role.
mod sso {
    use std::path::PathBuf;
    use std::time::{Duration, SystemTime};

    use super::{fetch_json, rfc3339, Credentials, CredentialsError, DefaultChain};

    pub(super) async fn credentials(chain: &DefaultChain, p: &str) -> Result<Credentials, CredentialsError> {
        let get = |k: &str| chain.profiles.get(p, k);
        let need =
            |k: &str, v: Option<String>| v.ok_or_else(|| CredentialsError(format!("SSO profile `{p}` has no `{k}`")));
        // `sso_session` names a `[sso-session NAME]` section; older profiles carry the start URL.
        let (cache_key, region) = match get("sso_session") {
            Some(session) => {
                let section = format!("sso-session {session}");
                let region = chain.profiles.config.get(&section, "sso_region");
                (session, need("sso_region", region)?)
            }
            None => (need("sso_start_url", get("sso_start_url"))?, need("sso_region", get("sso_region"))?),
        };
        let account = need("sso_account_id", get("sso_account_id"))?;
        let role = need("sso_role_name", get("sso_role_name"))?;
        let token = access_token(chain, &cache_key, &region).await?;
        let base = match chain.var("AWS_ENDPOINT_URL_SSO") {
            Some(u) => u.trim_end_matches('/').to_string(),
            None => format!("https://portal.sso.{region}.amazonaws.com"),
        };
        let query = serde_urlencoded::to_string([("account_id", account.as_str()), ("role_name", role.as_str())])
            .map_err(|e| CredentialsError(format!("the SSO portal's query: {e}")))?;
        let url = format!("{base}/federation/credentials?{query}");
        let headers = [("x-amz-sso_bearer_token", token.as_str())];
        let j = fetch_json(&chain.http, "GET", &url, &headers, Vec::new(), "the SSO portal").await?;
        let rc = j
            .get("roleCredentials")
            .ok_or_else(|| CredentialsError("the SSO portal answered no roleCredentials".into()))?;
        let s = |k: &str| rc.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let (Some(id), Some(secret)) = (s("accessKeyId"), s("secretAccessKey")) else {
            return Err(CredentialsError("the SSO portal answered no access key".into()));
        };
        let mut c = Credentials::new(id, secret, s("sessionToken")).with_account_id(account);
        // Epoch milliseconds.
        c.expiry = rc
            .get("expiration")
            .and_then(|v| v.as_u64())
            .map(|ms| SystemTime::UNIX_EPOCH + std::time::Duration::from_millis(ms));
        Ok(c)
    }

    /// How long before its expiry a cached token is refreshed (as the CLI and the SDKs do).
    const REFRESH_WINDOW: Duration = Duration::from_secs(300);

    /// The cached access token; one that expires within [`REFRESH_WINDOW`] is refreshed at the
    /// SSO OIDC service with the cache's refresh token and client registration (what
    /// `aws sso login` with an `sso-session` stores), and the cache file rewritten, as the CLI does.
    async fn access_token(chain: &DefaultChain, key: &str, region: &str) -> Result<String, CredentialsError> {
        let path = cache_path(chain, key)?;
        let login =
            |why: String| CredentialsError(format!("{why}: run `aws sso login` (token cache {})", path.display()));
        let text = std::fs::read_to_string(&path).map_err(|e| login(format!("no cached SSO token ({e})")))?;
        let mut cache: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| login(format!("the SSO token cache is not JSON ({e})")))?;
        let field = |j: &serde_json::Value, k: &str| j.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let token =
            field(&cache, "accessToken").ok_or_else(|| login("the SSO token cache has no accessToken".into()))?;
        let expires = field(&cache, "expiresAt").ok_or_else(|| login("the SSO token cache has no expiresAt".into()))?;
        let expires = rfc3339(&expires)?;
        let now = SystemTime::now();
        if expires > now + REFRESH_WINDOW {
            return Ok(token);
        }
        match refresh(chain, region, &mut cache).await {
            Ok(Some(fresh)) => {
                // A cache that cannot be rewritten costs a refresh next time, not this call.
                if let Err(e) = write_cache(&path, &cache) {
                    tracing::warn!(path = %path.display(), error = %e, "cannot rewrite the SSO token cache");
                }
                Ok(fresh)
            }
            Err(e) if expires > now => {
                tracing::warn!(error = %e, "cannot refresh the SSO token; using it until it expires");
                Ok(token)
            }
            Ok(None) if expires > now => Ok(token),
            Ok(None) => Err(login("the SSO token has expired".into())),
            Err(e) => Err(login(format!("the SSO token has expired and could not be refreshed ({e})"))),
        }
    }

    /// A new access token for the cache's refresh token, the cache updated with it; `None`
    /// when the cache holds no refresh token or its client registration has expired.
    async fn refresh(
        chain: &DefaultChain,
        region: &str,
        cache: &mut serde_json::Value,
    ) -> Result<Option<String>, CredentialsError> {
        let field = |k: &str| cache.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let (Some(client_id), Some(secret), Some(refresh_token)) =
            (field("clientId"), field("clientSecret"), field("refreshToken"))
        else {
            return Ok(None);
        };
        if let Some(until) = field("registrationExpiresAt") {
            if rfc3339(&until)? <= SystemTime::now() {
                return Ok(None);
            }
        }
        let base = match chain.var("AWS_ENDPOINT_URL_SSO_OIDC") {
            Some(u) => u.trim_end_matches('/').to_string(),
            None => format!("https://oidc.{region}.amazonaws.com"),
        };
        let body = serde_json::json!({"clientId": client_id, "clientSecret": secret,
            "grantType": "refresh_token", "refreshToken": refresh_token});
        let headers = [("content-type", "application/json")];
        let url = format!("{base}/token");
        let answer =
            fetch_json(&chain.http, "POST", &url, &headers, body.to_string().into_bytes(), "the SSO OIDC service");
        let j = answer.await?;
        let token = j.get("accessToken").and_then(|v| v.as_str()).map(str::to_string);
        let lifetime = j.get("expiresIn").and_then(|v| v.as_u64());
        let (Some(token), Some(lifetime)) = (token, lifetime) else {
            return Err(CredentialsError("the SSO OIDC service answered no accessToken or expiresIn".into()));
        };
        let expires = time::OffsetDateTime::now_utc() + Duration::from_secs(lifetime);
        let expires = expires
            .replace_nanosecond(0)
            .unwrap_or(expires)
            .format(&time::format_description::well_known::Rfc3339)
            .map_err(|e| CredentialsError(format!("cannot write an expiry time: {e}")))?;
        cache["accessToken"] = token.clone().into();
        cache["expiresAt"] = expires.into();
        if let Some(next) = j.get("refreshToken").and_then(|v| v.as_str()) {
            cache["refreshToken"] = next.into();
        }
        Ok(Some(token))
    }

    /// `~/.aws/sso/cache/<sha1 of the session name or start URL>.json`, as the CLI writes it.
    fn cache_path(chain: &DefaultChain, key: &str) -> Result<PathBuf, CredentialsError> {
        let home = chain.var("HOME").ok_or_else(|| CredentialsError("no HOME for the SSO token cache".into()))?;
        let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, key.as_bytes());
        let name: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
        Ok(PathBuf::from(home).join(".aws/sso/cache").join(format!("{name}.json")))
    }

    /// The cache rewritten whole (a temporary file renamed over it, so a reader never sees half).
    fn write_cache(path: &std::path::Path, cache: &serde_json::Value) -> std::io::Result<()> {
        let tmp = path.with_extension(format!("json.{}.tmp", std::process::id()));
        std::fs::write(&tmp, serde_json::to_vec_pretty(cache).map_err(std::io::Error::other)?)?;
        std::fs::rename(&tmp, path)
    }
}

/// A provider from the AWS SDK (`aws_config::SdkConfig::credentials_provider()`), for programs
/// that already load one: `Config::new(region, sdk_config.credentials_provider().unwrap())`.
/// Its credentials are cached here like any provider's.
impl ProvideCredentials for aws_credential_types::provider::SharedCredentialsProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let c = aws_credential_types::provider::ProvideCredentials::provide_credentials(self)
                .await
                .map_err(|e| CredentialsError(format!("the AWS SDK's credentials provider: {e}")))?;
            Ok(Credentials {
                access_key_id: c.access_key_id().to_string(),
                secret_access_key: c.secret_access_key().to_string(),
                session_token: c.session_token().map(str::to_string),
                expiry: c.expiry(),
                account_id: c.account_id().map(|a| a.as_str().to_string()),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_aws_sdk_provider_is_a_provider() {
        let sdk = aws_credential_types::Credentials::new("AKIDSDK", "secret", Some("tok".into()), None, "test");
        let cache = SharedCredentials::new(aws_credential_types::provider::SharedCredentialsProvider::new(sdk));
        let c = cache.credentials().await.unwrap();
        assert_eq!((c.access_key_id.as_str(), c.session_token.as_deref()), ("AKIDSDK", Some("tok")));
    }
}
