//! Region, credentials, endpoint and timeouts: explicit, or from the environment and the shared
//! `config`/`credentials` files with profiles.
//!
//! A lean loader of our own rather than `aws-config`: the standard chain's everyday sources
//! (environment, shared files, profiles, session tokens) in a few hundred lines, where aws-config
//! and its SSO/IMDS/STS stack bring about a hundred crates into a user's build.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// Static credentials (an access key pair and, for temporary credentials, a session token).
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
}

impl Credentials {
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Credentials { access_key_id: access_key_id.into(), secret_access_key: secret_access_key.into(), session_token }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print secrets.
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field("session_token", &self.session_token.as_ref().map(|_| "** redacted **"))
            .finish()
    }
}

/// Everything a client needs to reach a service.
#[derive(Debug, Clone)]
pub struct Config {
    pub region: String,
    pub credentials: Credentials,
    /// Overrides the service endpoint (moto, LocalStack, VPC endpoints). `None`: the AWS endpoint.
    pub endpoint_url: Option<String>,
    pub connect_timeout: Duration,
    pub read_timeout: Duration,
    /// Attempts per call, the first included (default 3).
    pub max_attempts: u32,
    /// Backoff: full jitter over `base_delay * 2^attempt`, capped at `max_delay`.
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Config {
    /// A config with explicit region and credentials and default timeouts and retries.
    pub fn new(region: impl Into<String>, credentials: Credentials) -> Self {
        Config {
            region: region.into(),
            credentials,
            endpoint_url: None,
            connect_timeout: Duration::from_secs(3),
            read_timeout: Duration::from_secs(30),
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(20),
        }
    }

    pub fn with_endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
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

    /// The standard chain: `AWS_REGION`/`AWS_DEFAULT_REGION`, `AWS_ACCESS_KEY_ID`/
    /// `AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`, then the profile `AWS_PROFILE` (else
    /// `default`) of `AWS_SHARED_CREDENTIALS_FILE` (else `~/.aws/credentials`) and
    /// `AWS_CONFIG_FILE` (else `~/.aws/config`). `AWS_ENDPOINT_URL_<SERVICE>` or
    /// `AWS_ENDPOINT_URL` override the endpoint.
    pub fn from_env(service_env_name: &str) -> Result<Config, ConfigError> {
        Self::from_vars(service_env_name, &|k| std::env::var(k).ok())
    }

    /// [`Config::from_env`] over any variable source (tests pass a map).
    pub fn from_vars(service_env_name: &str, var: &dyn Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let profile = var("AWS_PROFILE").unwrap_or_else(|| "default".into());
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
        let credentials_file = read(path("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials"))?;
        let config_file = read(path("AWS_CONFIG_FILE", ".aws/config"))?;
        let config_section = if profile == "default" { "default".to_string() } else { format!("profile {profile}") };
        let from_profile = |key: &str| -> Option<String> {
            credentials_file.get(&profile, key).or_else(|| config_file.get(&config_section, key))
        };

        let region = var("AWS_REGION")
            .or_else(|| var("AWS_DEFAULT_REGION"))
            .or_else(|| from_profile("region"))
            .ok_or_else(|| ConfigError(format!("no region: set AWS_REGION or `region` in profile `{profile}`")))?;
        let credentials = match (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) {
            (Some(id), Some(secret)) => Credentials::new(id, secret, var("AWS_SESSION_TOKEN")),
            _ => match (from_profile("aws_access_key_id"), from_profile("aws_secret_access_key")) {
                (Some(id), Some(secret)) => Credentials::new(id, secret, from_profile("aws_session_token")),
                _ => {
                    return Err(ConfigError(format!(
                        "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or aws_access_key_id and \
                         aws_secret_access_key in profile `{profile}`"
                    )))
                }
            },
        };
        let mut config = Config::new(region, credentials);
        let service_var =
            format!("AWS_ENDPOINT_URL_{}", service_env_name.to_ascii_uppercase().replace([' ', '-'], "_"));
        config.endpoint_url =
            var(&service_var).or_else(|| var("AWS_ENDPOINT_URL")).or_else(|| from_profile("endpoint_url"));
        Ok(config)
    }
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

/// The shared files' INI dialect: `[section]`, `key = value`, `#`/`;` comments.
#[derive(Debug, Default)]
struct Ini {
    sections: BTreeMap<String, BTreeMap<String, String>>,
}

impl Ini {
    fn parse(text: &str) -> Result<Ini, String> {
        let mut ini = Ini::default();
        let mut current: Option<String> = None;
        for (n, line) in text.lines().enumerate() {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') || t.starts_with(';') {
                continue;
            }
            if let Some(name) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
                let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
                ini.sections.entry(name.clone()).or_default();
                current = Some(name);
                continue;
            }
            if line.starts_with([' ', '\t']) {
                continue; // a nested sub-setting (s3 = ...); none of ours
            }
            let Some((k, v)) = t.split_once('=') else {
                return Err(format!("line {}: expected `key = value`", n + 1));
            };
            let Some(section) = &current else {
                return Err(format!("line {}: a setting before any [section]", n + 1));
            };
            ini.sections
                .entry(section.clone())
                .or_default()
                .insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
        Ok(ini)
    }

    fn get(&self, section: &str, key: &str) -> Option<String> {
        self.sections.get(section).and_then(|s| s.get(key)).filter(|v| !v.is_empty()).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars<'a>(pairs: &'a [(&'a str, String)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone())
    }

    #[test]
    fn environment_wins() {
        let env = [
            ("AWS_REGION", "eu-west-1".to_string()),
            ("AWS_ACCESS_KEY_ID", "AKID".to_string()),
            ("AWS_SECRET_ACCESS_KEY", "SECRET".to_string()),
            ("AWS_SESSION_TOKEN", "TOKEN".to_string()),
            ("AWS_ENDPOINT_URL_SSM", "http://127.0.0.1:5000".to_string()),
            ("HOME", "/nonexistent".to_string()),
        ];
        let c = Config::from_vars("ssm", &vars(&env)).unwrap();
        assert_eq!(c.region, "eu-west-1");
        assert_eq!(c.credentials, Credentials::new("AKID", "SECRET", Some("TOKEN".into())));
        assert_eq!(c.endpoint_url.as_deref(), Some("http://127.0.0.1:5000"));
        assert!(!format!("{c:?}").contains("SECRET"), "secrets are redacted");
    }

    #[test]
    fn profiles_from_the_shared_files() {
        let dir = std::env::temp_dir().join(format!("awsdoc-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("credentials"),
            "[default]\naws_access_key_id = D\naws_secret_access_key = DS\n\n# work\n[work]\naws_access_key_id=W\naws_secret_access_key = WS\naws_session_token = WT\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("config"),
            "[default]\nregion = us-east-1\n[profile work]\nregion = ap-south-1\ns3 =\n  max_concurrent_requests = 2\n",
        )
        .unwrap();
        let base = vec![
            ("AWS_SHARED_CREDENTIALS_FILE", dir.join("credentials").display().to_string()),
            ("AWS_CONFIG_FILE", dir.join("config").display().to_string()),
        ];
        let c = Config::from_vars("ssm", &vars(&base)).unwrap();
        assert_eq!((c.region.as_str(), c.credentials.access_key_id.as_str()), ("us-east-1", "D"));
        let mut work = base.clone();
        work.push(("AWS_PROFILE", "work".into()));
        let c = Config::from_vars("ssm", &vars(&work)).unwrap();
        assert_eq!(c.region, "ap-south-1");
        assert_eq!(c.credentials, Credentials::new("W", "WS", Some("WT".into())));
        let mut missing = base.clone();
        missing.push(("AWS_PROFILE", "nope".into()));
        let err = Config::from_vars("ssm", &vars(&missing)).unwrap_err();
        assert!(err.0.contains("no region"), "{err}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn malformed_ini_is_an_error_with_a_line() {
        assert_eq!(Ini::parse("[a]\nnonsense\n").unwrap_err(), "line 2: expected `key = value`");
    }
}
