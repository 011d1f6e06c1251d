//! Region, credentials, endpoint and timeouts: explicit, or from the environment and the shared
//! `config`/`credentials` files with profiles (credentials through the standard provider chain,
//! see [`super::credentials`]).
//!
//! A lean loader of our own rather than `aws-config`, whose SSO/IMDS/STS stack brings about a
//! hundred crates into a user's build.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use super::checksum::ChecksumWhen;
use super::credentials::{DefaultChain, Profiles, ProvideCredentials, SharedCredentials};
use super::endpoint::{AccountIdEndpointMode, S3Options, Variant};

/// Everything a client needs to reach a service.
#[derive(Debug, Clone)]
pub struct Config {
    /// What sends requests; `None`: hyper's pooled HTTP/1.1 over rustls. [`super::transport::Stub`]
    /// answers from a script, for tests.
    pub transport: Option<std::sync::Arc<dyn super::transport::Transport>>,
    pub region: String,
    /// Where credentials come from, cached and refreshed before they expire.
    pub credentials: SharedCredentials,
    /// Overrides the service endpoint (moto, LocalStack, VPC endpoints). `None`: the AWS endpoint
    /// of the region's partition.
    pub endpoint_url: Option<String>,
    /// Prepend an operation's host prefix (`data-`, `{AccountId}.`) to `endpoint_url` as well.
    /// Off by default, so emulators on `127.0.0.1` or `localhost` keep working; the AWS SDKs
    /// prepend it unless told not to (`AWS_DISABLE_HOST_PREFIX_INJECTION`).
    pub host_prefix_on_endpoint_url: bool,
    /// FIPS and dual-stack endpoints.
    pub endpoint_variant: Variant,
    /// Whether the credentials' account ID picks the endpoint where a service offers
    /// account-based ones (DynamoDB).
    pub account_id_endpoint_mode: AccountIdEndpointMode,
    /// S3's addressing, acceleration and ARN settings (S3 and S3 Control only).
    pub s3: S3Options,
    /// Which operations send a checksum of their body (see [`super::checksum`]).
    pub request_checksum_calculation: ChecksumWhen,
    /// Which operations' answers are asked for a checksum of their body, and checked against it.
    pub response_checksum_validation: ChecksumWhen,
    pub connect_timeout: Duration,
    pub read_timeout: Duration,
    /// Attempts per call, the first included (default 3).
    pub max_attempts: u32,
    /// Backoff: full jitter over `base_delay * 2^attempt`, capped at `max_delay`.
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Config {
    /// A config with explicit region and credentials (static [`super::Credentials`], or any
    /// provider) and default timeouts and retries.
    pub fn new(region: impl Into<String>, credentials: impl ProvideCredentials) -> Self {
        Config {
            transport: None,
            region: region.into(),
            credentials: SharedCredentials::new(credentials),
            endpoint_url: None,
            host_prefix_on_endpoint_url: false,
            endpoint_variant: Variant::default(),
            account_id_endpoint_mode: AccountIdEndpointMode::default(),
            s3: S3Options::default(),
            request_checksum_calculation: ChecksumWhen::default(),
            response_checksum_validation: ChecksumWhen::default(),
            connect_timeout: Duration::from_secs(3),
            read_timeout: Duration::from_secs(30),
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(20),
        }
    }

    /// Another credentials provider, or a cache shared with other clients.
    pub fn with_credentials(mut self, credentials: SharedCredentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// Another transport: [`super::transport::Stub`] in tests, or your own HTTP stack.
    pub fn with_transport(mut self, transport: impl super::transport::Transport) -> Self {
        self.transport = Some(std::sync::Arc::new(transport));
        self
    }

    /// FIPS endpoints (`<prefix>-fips.<region>...`).
    pub fn with_fips(mut self, on: bool) -> Self {
        self.endpoint_variant.fips = on;
        self
    }

    /// Dual-stack (IPv4 and IPv6) endpoints.
    pub fn with_dual_stack(mut self, on: bool) -> Self {
        self.endpoint_variant.dual_stack = on;
        self
    }

    /// See [`Config::account_id_endpoint_mode`].
    pub fn with_account_id_endpoint_mode(mut self, mode: AccountIdEndpointMode) -> Self {
        self.account_id_endpoint_mode = mode;
        self
    }

    /// See [`Config::s3`]: `Config::new(..).with_s3(S3Options { addressing_style:
    /// AddressingStyle::Path, ..Default::default() })`.
    pub fn with_s3(mut self, s3: S3Options) -> Self {
        self.s3 = s3;
        self
    }

    /// See [`Config::request_checksum_calculation`]: `WhenRequired` for S3-compatible stores
    /// that refuse the checksum headers.
    pub fn with_request_checksum_calculation(mut self, when: ChecksumWhen) -> Self {
        self.request_checksum_calculation = when;
        self
    }

    /// See [`Config::response_checksum_validation`].
    pub fn with_response_checksum_validation(mut self, when: ChecksumWhen) -> Self {
        self.response_checksum_validation = when;
        self
    }

    pub fn with_endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// See [`Config::host_prefix_on_endpoint_url`].
    pub fn with_host_prefix_on_endpoint_url(mut self, on: bool) -> Self {
        self.host_prefix_on_endpoint_url = on;
        self
    }

    pub fn with_timeouts(mut self, connect: Duration, read: Duration) -> Self {
        self.connect_timeout = connect;
        self.read_timeout = read;
        self
    }

    pub fn with_retries(mut self, max_attempts: u32, base_delay: Duration, max_delay: Duration) -> Self {
        self.max_attempts = max_attempts.max(1);
        self.base_delay = base_delay;
        self.max_delay = max_delay;
        self
    }

    /// The standard chain: the region from `AWS_REGION`/`AWS_DEFAULT_REGION` or the profile
    /// `AWS_PROFILE` (else `default`) of `AWS_CONFIG_FILE` (else `~/.aws/config`) and
    /// `AWS_SHARED_CREDENTIALS_FILE` (else `~/.aws/credentials`); credentials from the
    /// [`DefaultChain`], resolved at the first call; `AWS_ENDPOINT_URL_<SERVICE>`,
    /// `AWS_ENDPOINT_URL` or the profile's `endpoint_url` override the endpoint;
    /// `AWS_USE_FIPS_ENDPOINT`/`AWS_USE_DUALSTACK_ENDPOINT` (or `use_fips_endpoint`/
    /// `use_dualstack_endpoint`) pick the variant; `AWS_ACCOUNT_ID_ENDPOINT_MODE` (or
    /// `account_id_endpoint_mode`) whether the account ID picks the endpoint; S3's settings
    /// come from the profile's `s3` section (`addressing_style`, `use_accelerate_endpoint`),
    /// `AWS_S3_USE_ARN_REGION` (or `s3_use_arn_region`) and
    /// `AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS` (or `s3_disable_multiregion_access_points`),
    /// `AWS_S3_US_EAST_1_REGIONAL_ENDPOINT` (or the section's `us_east_1_regional_endpoint`);
    /// `AWS_REQUEST_CHECKSUM_CALCULATION` (or `request_checksum_calculation`) when checksums
    /// are sent, `AWS_RESPONSE_CHECKSUM_VALIDATION` (or `response_checksum_validation`) when
    /// answers' are checked.
    pub fn from_env(service_env_name: &str) -> Result<Config, ConfigError> {
        Self::from_vars(service_env_name, &|k| std::env::var(k).ok())
    }

    /// [`Config::from_env`] over any variable source (tests pass a map).
    pub fn from_vars(service_env_name: &str, var: &dyn Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let profile = var("AWS_PROFILE").unwrap_or_else(|| "default".into());
        let profiles = read_profiles(var)?;
        let from_profile = |key: &str| profiles.get(&profile, key);
        let region = var("AWS_REGION")
            .or_else(|| var("AWS_DEFAULT_REGION"))
            .or_else(|| from_profile("region"))
            .ok_or_else(|| ConfigError(format!("no region: set AWS_REGION or `region` in profile `{profile}`")))?;
        let flag = |env: &str, key: &str| {
            var(env).or_else(|| from_profile(key)).is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        };
        let variant = Variant {
            fips: flag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint"),
            dual_stack: flag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint"),
        };
        let service_var =
            format!("AWS_ENDPOINT_URL_{}", service_env_name.to_ascii_uppercase().replace([' ', '-'], "_"));
        let endpoint_url =
            var(&service_var).or_else(|| var("AWS_ENDPOINT_URL")).or_else(|| from_profile("endpoint_url"));
        let mode = var("AWS_ACCOUNT_ID_ENDPOINT_MODE").or_else(|| from_profile("account_id_endpoint_mode"));
        let mode = mode.map(|m| m.parse::<AccountIdEndpointMode>()).transpose().map_err(ConfigError)?;
        let s3 = s3_options(var, &from_profile)?;
        let checksums =
            var("AWS_REQUEST_CHECKSUM_CALCULATION").or_else(|| from_profile("request_checksum_calculation"));
        let checksums = checksums.map(|c| c.parse::<ChecksumWhen>()).transpose().map_err(ConfigError)?;
        let validation =
            var("AWS_RESPONSE_CHECKSUM_VALIDATION").or_else(|| from_profile("response_checksum_validation"));
        let validation = validation.map(|c| c.parse::<ChecksumWhen>()).transpose().map_err(ConfigError)?;
        let chain = DefaultChain::new(var, profiles, profile, region.clone()).map_err(ConfigError)?;
        let mut config = Config::new(region, chain);
        config.endpoint_url = endpoint_url;
        config.endpoint_variant = variant;
        config.account_id_endpoint_mode = mode.unwrap_or_default();
        config.s3 = s3;
        config.request_checksum_calculation = checksums.unwrap_or_default();
        config.response_checksum_validation = validation.unwrap_or_default();
        Ok(config)
    }
}

/// S3's settings from the environment and the profile (see [`Config::from_env`]).
fn s3_options(
    var: &dyn Fn(&str) -> Option<String>,
    from_profile: &dyn Fn(&str) -> Option<String>,
) -> Result<S3Options, ConfigError> {
    let truth = |v: Option<String>, default: bool| v.map_or(default, |v| v.trim().eq_ignore_ascii_case("true"));
    let style = from_profile("s3.addressing_style").map(|s| s.parse()).transpose().map_err(ConfigError)?;
    Ok(S3Options {
        addressing_style: style.unwrap_or_default(),
        accelerate: truth(from_profile("s3.use_accelerate_endpoint"), false),
        use_arn_region: truth(
            var("AWS_S3_USE_ARN_REGION")
                .or_else(|| from_profile("s3_use_arn_region"))
                .or_else(|| from_profile("s3.use_arn_region")),
            true,
        ),
        disable_multi_region_access_points: truth(
            var("AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS")
                .or_else(|| from_profile("s3_disable_multiregion_access_points"))
                .or_else(|| from_profile("s3.s3_disable_multiregion_access_points")),
            false,
        ),
        use_global_endpoint: match var("AWS_S3_US_EAST_1_REGIONAL_ENDPOINT")
            .or_else(|| from_profile("s3.us_east_1_regional_endpoint"))
            .as_deref()
            .map(str::trim)
        {
            None | Some("regional") => false,
            Some("legacy") => true,
            Some(other) => {
                let msg = format!("S3's us_east_1_regional_endpoint `{other}` is not `regional` or `legacy`");
                return Err(ConfigError(msg));
            }
        },
    })
}

/// The shared files, each missing one empty.
fn read_profiles(var: &dyn Fn(&str) -> Option<String>) -> Result<Profiles, ConfigError> {
    let home = var("HOME").map(PathBuf::from);
    let path = |env: &str, rel: &str| var(env).map(PathBuf::from).or_else(|| home.as_ref().map(|h| h.join(rel)));
    let read = |p: Option<PathBuf>| -> Result<Ini, ConfigError> {
        match p {
            Some(p) => match std::fs::read_to_string(&p) {
                Ok(text) => Ini::parse(&text).map_err(|e| ConfigError(format!("{}: {e}", p.display()))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Ini::default()),
                Err(e) => Err(ConfigError(format!("{}: {e}", p.display()))),
            },
            None => Ok(Ini::default()),
        }
    };
    Ok(Profiles {
        credentials: read(path("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials"))?,
        config: read(path("AWS_CONFIG_FILE", ".aws/config"))?,
    })
}

/// A configuration that cannot be loaded, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// The shared files' INI dialect: `[section]`, `key = value`, `#`/`;` comments; an indented
/// `key = value` under a `parent =` line is the sub-setting `parent.key`.
#[derive(Debug, Default)]
pub(crate) struct Ini {
    sections: BTreeMap<String, BTreeMap<String, String>>,
}

impl Ini {
    fn parse(text: &str) -> Result<Ini, String> {
        let mut ini = Ini::default();
        let mut current: Option<String> = None;
        let mut parent: Option<String> = None;
        for (n, line) in text.lines().enumerate() {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') || t.starts_with(';') {
                continue;
            }
            if let Some(name) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
                let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
                ini.sections.entry(name.clone()).or_default();
                current = Some(name);
                parent = None;
                continue;
            }
            let Some((k, v)) = t.split_once('=') else {
                return Err(format!("line {}: expected `key = value`", n + 1));
            };
            let Some(section) = &current else {
                return Err(format!("line {}: a setting before any [section]", n + 1));
            };
            let key = k.trim().to_ascii_lowercase();
            let key = match (&parent, line.starts_with([' ', '\t'])) {
                (Some(p), true) => format!("{p}.{key}"),
                // An indented line under no `parent =` continues nothing of ours.
                (None, true) => continue,
                (_, false) => {
                    parent = v.trim().is_empty().then(|| key.clone());
                    key
                }
            };
            ini.sections.entry(section.clone()).or_default().insert(key, v.trim().to_string());
        }
        Ok(ini)
    }

    pub(crate) fn get(&self, section: &str, key: &str) -> Option<String> {
        self.sections.get(section).and_then(|s| s.get(key)).filter(|v| !v.is_empty()).cloned()
    }
}

/// Programs that already load an AWS SDK configuration (`aws_config::load_defaults`) hand it over
/// whole. Feature `sdk-config`.
#[cfg(feature = "sdk-config")]
impl Config {
    /// This crate's config from an AWS SDK's: its region and credentials provider (both
    /// required), endpoint URL, FIPS and dual-stack choices, retry attempts and backoff, and
    /// connect and read timeouts; what it leaves unset keeps this crate's defaults.
    /// Service-specific settings (`AWS_ENDPOINT_URL_<SERVICE>`, `services` sections) are not
    /// read from it: [`Config::from_env`] reads those.
    pub fn from_sdk_config(sdk: &aws_types::SdkConfig) -> Result<Config, ConfigError> {
        let region = sdk.region().ok_or_else(|| ConfigError("the SdkConfig has no region".into()))?;
        let provider = sdk
            .credentials_provider()
            .ok_or_else(|| ConfigError("the SdkConfig has no credentials provider".into()))?;
        let mut config = Config::new(region.as_ref(), provider);
        if let Some(url) = sdk.endpoint_url() {
            config = config.with_endpoint_url(url);
        }
        config = config.with_fips(sdk.use_fips().unwrap_or(false));
        config = config.with_dual_stack(sdk.use_dual_stack().unwrap_or(false));
        if let Some(retry) = sdk.retry_config() {
            config = config.with_retries(retry.max_attempts(), retry.initial_backoff(), retry.max_backoff());
        }
        if let Some(timeouts) = sdk.timeout_config() {
            let connect = timeouts.connect_timeout().unwrap_or(config.connect_timeout);
            let read = timeouts.read_timeout().unwrap_or(config.read_timeout);
            config = config.with_timeouts(connect, read);
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Credentials;

    fn vars<'a>(pairs: &'a [(&'a str, String)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone())
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
    }

    #[test]
    fn environment_wins() {
        let env = [
            ("AWS_REGION", "eu-west-1".to_string()),
            ("AWS_ACCESS_KEY_ID", "AKID".to_string()),
            ("AWS_SECRET_ACCESS_KEY", "s3cr3t-value".to_string()),
            ("AWS_SESSION_TOKEN", "t0k3n-value".to_string()),
            ("AWS_ENDPOINT_URL_SSM", "http://127.0.0.1:5000".to_string()),
            ("AWS_USE_FIPS_ENDPOINT", "true".to_string()),
            ("AWS_ACCOUNT_ID", "111122223333".to_string()),
            ("AWS_ACCOUNT_ID_ENDPOINT_MODE", "Required".to_string()),
            ("HOME", "/nonexistent".to_string()),
        ];
        let c = Config::from_vars("ssm", &vars(&env)).unwrap();
        assert_eq!(c.region, "eu-west-1");
        assert_eq!(c.account_id_endpoint_mode, AccountIdEndpointMode::Required);
        let creds = block_on(c.credentials.credentials()).unwrap();
        let want = Credentials::new("AKID", "s3cr3t-value", Some("t0k3n-value".into())).with_account_id("111122223333");
        assert_eq!(creds, want);
        assert_eq!(c.endpoint_url.as_deref(), Some("http://127.0.0.1:5000"));
        assert_eq!(c.endpoint_variant, Variant { fips: true, dual_stack: false });
        let shown = format!("{c:?} {creds:?}");
        assert!(!shown.contains("s3cr3t-value") && !shown.contains("t0k3n-value"), "secrets are redacted: {shown}");
        let bad = [("AWS_REGION", "eu-west-1".to_string()), ("AWS_ACCOUNT_ID_ENDPOINT_MODE", "sometimes".to_string())];
        let err = Config::from_vars("ssm", &vars(&bad)).unwrap_err();
        assert_eq!(err.0, "account ID endpoint mode `sometimes` is not preferred, disabled or required");
    }

    #[test]
    fn profiles_from_the_shared_files() {
        let dir = std::env::temp_dir().join(format!("awsdoc-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("credentials"),
            "[default]\naws_access_key_id = D\naws_secret_access_key = DS\naws_account_id = 444455556666\n\n# work\n[work]\naws_access_key_id=W\naws_secret_access_key = WS\naws_session_token = WT\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("config"),
            "[profile default]\nregion = us-east-1\n[profile work]\nregion = ap-south-1\ns3 =\n  max_concurrent_requests = 2\n  addressing_style = path\n  us_east_1_regional_endpoint = legacy\ns3_use_arn_region = false\n",
        )
        .unwrap();
        let base = vec![
            ("AWS_SHARED_CREDENTIALS_FILE", dir.join("credentials").display().to_string()),
            ("AWS_CONFIG_FILE", dir.join("config").display().to_string()),
            ("AWS_EC2_METADATA_DISABLED", "true".into()),
        ];
        let c = Config::from_vars("ssm", &vars(&base)).unwrap();
        assert_eq!(c.region, "us-east-1", "`[profile default]` is the default profile too");
        let creds = block_on(c.credentials.credentials()).unwrap();
        assert_eq!((creds.access_key_id.as_str(), creds.account_id.as_deref()), ("D", Some("444455556666")));
        let mut work = base.clone();
        work.push(("AWS_PROFILE", "work".into()));
        let c = Config::from_vars("ssm", &vars(&work)).unwrap();
        assert_eq!(c.region, "ap-south-1");
        let s3 = S3Options {
            addressing_style: super::super::endpoint::AddressingStyle::Path,
            use_arn_region: false,
            use_global_endpoint: true,
            ..S3Options::default()
        };
        assert_eq!(c.s3, s3, "the `s3` section's sub-settings are read");
        let mut odd = work.clone();
        odd.push(("AWS_S3_US_EAST_1_REGIONAL_ENDPOINT", "global".into()));
        let err = Config::from_vars("s3", &vars(&odd)).unwrap_err();
        assert!(err.0.contains("`global` is not `regional` or `legacy`"), "{err}");
        assert_eq!(block_on(c.credentials.credentials()).unwrap(), Credentials::new("W", "WS", Some("WT".into())));
        let mut missing = base.clone();
        missing.push(("AWS_PROFILE", "nope".into()));
        let err = Config::from_vars("ssm", &vars(&missing)).unwrap_err();
        assert!(err.0.contains("no region"), "{err}");
        missing.push(("AWS_REGION", "eu-north-1".into()));
        let c = Config::from_vars("ssm", &vars(&missing)).unwrap();
        let err = block_on(c.credentials.credentials()).unwrap_err();
        assert!(err.to_string().contains("none of the sources is configured"), "{err}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn malformed_ini_is_an_error_with_a_line() {
        assert_eq!(Ini::parse("[a]\nnonsense\n").unwrap_err(), "line 2: expected `key = value`");
    }
}
