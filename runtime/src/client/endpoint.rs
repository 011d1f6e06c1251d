//! Where a request goes: the service's endpoint rule set (botocore's `endpoint-rule-set-1.json`,
//! embedded in its crate; see [`crate::rules`]) over the config's region, FIPS and dual-stack
//! choices and configured endpoint URL (`Region`, `UseFIPS`, `UseDualStack`, `Endpoint`), and an
//! operation's own parameters (botocore's `staticContextParams` and members' `contextParam`).
//!
//! The endpoint's `authSchemes` say how to sign: the first scheme the client implements is used
//! (SigV4, with the signing name and region the scheme names); an endpoint that offers only
//! schemes it does not implement (SigV4a for S3 Multi-Region Access Points) is an error naming
//! them, never a request signed the wrong way. An `error` rule's message reaches the user: as a
//! [`ConfigError`] from `Client::new` where the configuration alone decides the endpoint, or as the
//! call's construction failure where the operation's input takes part.

use super::config::{Config, ConfigError};
pub use crate::rules::{partition, Partition};
use crate::rules::{Endpoint, Map, RuleSet, Value};
use crate::wire::WriteStruct;
use std::sync::Arc;

/// Which variant of an endpoint to use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Variant {
    /// FIPS 140-validated endpoints (`AWS_USE_FIPS_ENDPOINT`, `use_fips_endpoint`).
    pub fips: bool,
    /// IPv4 and IPv6 (`AWS_USE_DUALSTACK_ENDPOINT`, `use_dualstack_endpoint`).
    pub dual_stack: bool,
}

/// Whether the credentials' account ID picks the endpoint, where a service has account-based
/// endpoints (`AWS::Auth::AccountIdEndpointMode`; `AWS_ACCOUNT_ID_ENDPOINT_MODE`,
/// `account_id_endpoint_mode`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AccountIdEndpointMode {
    /// Where the credentials carry an account ID (botocore's default).
    #[default]
    Preferred,
    /// Never.
    Disabled,
    /// Always: credentials without an account ID are an error.
    Required,
}

impl AccountIdEndpointMode {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountIdEndpointMode::Preferred => "preferred",
            AccountIdEndpointMode::Disabled => "disabled",
            AccountIdEndpointMode::Required => "required",
        }
    }
}

impl std::str::FromStr for AccountIdEndpointMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "preferred" => Ok(AccountIdEndpointMode::Preferred),
            "disabled" => Ok(AccountIdEndpointMode::Disabled),
            "required" => Ok(AccountIdEndpointMode::Required),
            other => Err(format!("account ID endpoint mode `{other}` is not preferred, disabled or required")),
        }
    }
}

/// How S3 addresses a bucket (botocore's `addressing_style`, in a profile's `s3` section).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AddressingStyle {
    /// Virtual-hosted (`https://<bucket>.s3.<region>.amazonaws.com/<key>`) where the bucket's name
    /// is a DNS label and the endpoint is AWS's; path-style (`https://<host>/<bucket>/<key>`) for
    /// other names and for a configured endpoint URL (moto, MinIO), as botocore decides.
    #[default]
    Auto,
    /// Virtual-hosted, a configured endpoint URL included.
    Virtual,
    /// Path-style always.
    Path,
}

impl std::str::FromStr for AddressingStyle {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(AddressingStyle::Auto),
            "virtual" => Ok(AddressingStyle::Virtual),
            "path" => Ok(AddressingStyle::Path),
            other => Err(format!("S3 addressing style `{other}` is not auto, virtual or path")),
        }
    }
}

/// S3's own settings, the S3 rule sets' `AWS::S3::*` built-ins; other services ignore them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct S3Options {
    /// `s3.addressing_style`.
    pub addressing_style: AddressingStyle,
    /// Transfer Acceleration endpoints (`s3.use_accelerate_endpoint`).
    pub accelerate: bool,
    /// An access point ARN's own region rather than the client's (`AWS_S3_USE_ARN_REGION`,
    /// `s3_use_arn_region`; on by default for S3, as in botocore).
    pub use_arn_region: bool,
    /// Refuse Multi-Region Access Points (`AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS`,
    /// `s3_disable_multiregion_access_points`).
    pub disable_multi_region_access_points: bool,
    /// S3's legacy global endpoint (`s3.amazonaws.com`) in us-east-1:
    /// `s3.us_east_1_regional_endpoint = legacy` (`AWS_S3_US_EAST_1_REGIONAL_ENDPOINT`), which
    /// is botocore's default. Off by default, as in aws-sdk-s3: `s3.us-east-1.amazonaws.com`.
    /// The rule set decides where it applies (other regions keep their own endpoint).
    pub use_global_endpoint: bool,
}

impl Default for S3Options {
    fn default() -> Self {
        S3Options {
            addressing_style: AddressingStyle::Auto,
            accelerate: false,
            use_arn_region: true,
            disable_multi_region_access_points: false,
            use_global_endpoint: false,
        }
    }
}

impl S3Options {
    /// `AWS::S3::ForcePathStyle` as botocore computes it (`args.py`): never with acceleration,
    /// unless asked for virtual hosting with a configured endpoint URL, else when asked for.
    fn force_path_style(&self, endpoint_url: Option<&str>) -> bool {
        match (self.accelerate, endpoint_url) {
            (true, _) => false,
            (false, Some(url)) if !is_s3_accelerate_url(url) => self.addressing_style != AddressingStyle::Virtual,
            _ => self.addressing_style == AddressingStyle::Path,
        }
    }
}

/// Whether a configured endpoint is S3 Transfer Acceleration's own (botocore's
/// `is_s3_accelerate_url`): `http(s)://s3-accelerate[.dualstack].amazonaws.com`.
fn is_s3_accelerate_url(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once("://") else { return false };
    let host = rest.split(['/', '?']).next().unwrap_or(rest);
    let labels: Vec<&str> = host.split('.').collect();
    let features = labels.get(1..labels.len().saturating_sub(2)).unwrap_or_default();
    matches!(scheme, "http" | "https")
        && host.ends_with("amazonaws.com")
        && labels[0] == "s3-accelerate"
        && features.iter().all(|f| *f == "dualstack")
        && features.len() <= 1
}

/// Where one of an operation's endpoint parameters comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointParam {
    /// A fixed value (botocore `staticContextParams`).
    Bool(bool),
    Str(&'static str),
    /// The input member of this name (botocore `contextParam`), when it is set.
    Member(&'static str),
    /// A JMESPath expression over the input's members (botocore `operationContextParams`,
    /// `keys(RequestItems)`; see `rules::Path`), when it reaches something. Only with the
    /// runtime's `jmespath` feature, which a crate with such parameters enables with its client.
    #[cfg(feature = "jmespath")]
    Path(&'static str),
}

/// An endpoint resolved for a request: where to send it and how to sign it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The URL, without a trailing `/`.
    pub url: String,
    /// Its host (and port).
    pub host: String,
    /// Headers the rules add to every request to it.
    pub headers: Vec<(String, String)>,
    /// The SigV4 service name, where the rules name one (else the service's).
    pub signing_name: Option<String>,
    /// The region to sign for, where the rules name one (else the config's).
    pub signing_region: Option<String>,
    /// SigV4 as S3 wants it (the scheme's `disableDoubleEncoding` and `disableNormalizePath`):
    /// the path encoded once and not normalised in the canonical request.
    pub s3_signing: bool,
}

/// A service's rule set with the config's parameters bound.
#[derive(Debug)]
pub struct Resolver {
    rules: Arc<RuleSet>,
    base: Map<String, Value>,
    /// The parameter the credentials' account ID goes to, where the rule set has one and the
    /// config does not disable it.
    account_param: Option<String>,
    /// The endpoint every operation shares, where neither the operations nor the credentials
    /// take part.
    fixed: Option<Arc<Resolved>>,
}

impl Resolver {
    /// Parses the rule set and binds the config; where the configuration alone decides the
    /// endpoint, resolves it now, so that a bad region or a FIPS endpoint that does not exist is
    /// an error here rather than at the first call.
    pub fn new(rule_set: &'static str, endpoint_prefix: &str, config: &Config) -> Result<Resolver, ConfigError> {
        let rules = parsed(rule_set)?;
        let mut base = Map::new();
        let mut bind = |built_in: &str, value: Value| {
            if let Some(name) = rules.param_with_built_in(built_in) {
                base.insert(name.to_string(), value);
            }
        };
        bind("AWS::Region", config.region.clone().into());
        bind("AWSDOC::EndpointPrefix", endpoint_prefix.into());
        // A configured endpoint is used as it is: botocore then passes FIPS and dual-stack as
        // off (`args.py`), so `AWS_USE_FIPS_ENDPOINT` beside `AWS_ENDPOINT_URL` is no error.
        let variant = if config.endpoint_url.is_some() { Variant::default() } else { config.endpoint_variant };
        bind("AWS::UseFIPS", variant.fips.into());
        bind("AWS::UseDualStack", variant.dual_stack.into());
        if let Some(url) = &config.endpoint_url {
            bind("SDK::Endpoint", url.clone().into());
        }
        let mode = config.account_id_endpoint_mode;
        bind("AWS::Auth::AccountIdEndpointMode", mode.as_str().into());
        let s3 = &config.s3;
        bind("AWS::S3::ForcePathStyle", s3.force_path_style(config.endpoint_url.as_deref()).into());
        bind("AWS::S3::Accelerate", s3.accelerate.into());
        bind("AWS::S3::UseArnRegion", s3.use_arn_region.into());
        bind("AWS::S3::DisableMultiRegionAccessPoints", s3.disable_multi_region_access_points.into());
        bind("AWS::S3::UseGlobalEndpoint", s3.use_global_endpoint.into());
        let account_param = match mode {
            AccountIdEndpointMode::Disabled => None,
            _ => rules.param_with_built_in("AWS::Auth::AccountId").map(str::to_string),
        };
        let mut resolver = Resolver { rules, base, account_param, fixed: None };
        if resolver.rules.operation_params() == 0 && resolver.account_param.is_none() {
            resolver.fixed = Some(resolver.resolve(Vec::new(), None).map_err(ConfigError)?);
        }
        Ok(resolver)
    }

    /// Whether resolving needs the credentials' account ID (they are fetched first).
    pub fn needs_account_id(&self) -> bool {
        self.account_param.is_some()
    }

    /// The endpoint for one request: the operation's parameter values (see
    /// [`operation_values`]) and the credentials' account ID.
    pub fn resolve(
        &self,
        values: Vec<(&'static str, Value)>,
        account_id: Option<&str>,
    ) -> Result<Arc<Resolved>, String> {
        if let (Some(fixed), true) = (&self.fixed, values.is_empty()) {
            return Ok(Arc::clone(fixed));
        }
        let mut all = self.base.clone();
        if let (Some(param), Some(id)) = (&self.account_param, account_id) {
            all.insert(param.clone(), id.into());
        }
        for (name, value) in values {
            let value = match value {
                Value::String(text) => self.rules.typed(name, text),
                other => other,
            };
            all.insert(name.to_string(), value);
        }
        resolved(self.rules.resolve(&all).map_err(|e| e.0)?).map(Arc::new)
    }
}

/// A rule set parsed once per process: a service's clients share it.
fn parsed(rule_set: &'static str) -> Result<Arc<RuleSet>, ConfigError> {
    type Cache = std::sync::Mutex<Vec<((usize, usize), Arc<RuleSet>)>>;
    static CACHE: Cache = std::sync::Mutex::new(Vec::new());
    let key = (rule_set.as_ptr() as usize, rule_set.len());
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, rules)) = cache.iter().find(|(k, _)| *k == key) {
        return Ok(Arc::clone(rules));
    }
    let rules = Arc::new(RuleSet::parse(rule_set).map_err(|e| ConfigError(format!("the endpoint {e}")))?);
    cache.push((key, Arc::clone(&rules)));
    Ok(rules)
}

/// The values of an operation's endpoint parameters for one input; those that reach nothing
/// (an unset member) are left out.
pub fn operation_values(
    params: &[(&'static str, EndpointParam)],
    input: &dyn WriteStruct,
) -> Result<Vec<(&'static str, Value)>, String> {
    let members: Vec<&str> =
        params.iter().filter_map(|(_, p)| if let EndpointParam::Member(m) = p { Some(*m) } else { None }).collect();
    let texts = super::protocol::member_texts(input, &members).map_err(|e| e.to_string())?;
    #[cfg(feature = "jmespath")]
    let serde_form = match params.iter().any(|(_, p)| matches!(p, EndpointParam::Path(_))) {
        true => Some(crate::wire::serde_form::to_value(input).map_err(|e| e.to_string())?),
        false => None,
    };
    let mut out = Vec::new();
    for (name, source) in params {
        let value = match source {
            EndpointParam::Bool(b) => Value::Bool(*b),
            EndpointParam::Str(s) => Value::from(*s),
            EndpointParam::Member(m) => match texts.iter().find(|(n, _)| n == m) {
                Some((_, text)) => Value::String(text.clone()),
                None => continue,
            },
            #[cfg(feature = "jmespath")]
            EndpointParam::Path(p) => {
                let value = crate::rules::Path::parse(p)?.eval(serde_form.as_ref().unwrap_or(&Value::Null));
                if value.is_null() {
                    continue;
                }
                value
            }
        };
        out.push((*name, value));
    }
    Ok(out)
}

/// The rules' endpoint as the client uses it: its URL, host, headers and SigV4 scope.
fn resolved(e: Endpoint) -> Result<Resolved, String> {
    let url = e.url.trim_end_matches('/').to_string();
    let host = super::host_of(&url).ok_or_else(|| format!("the endpoint `{url}` is not an http(s) URL"))?;
    let headers = e.headers.into_iter().flat_map(|(k, vs)| vs.into_iter().map(move |v| (k.to_ascii_lowercase(), v)));
    let (signing_name, signing_region, s3_signing) = match e.properties.get("authSchemes").and_then(Value::as_array) {
        Some(schemes) => signing_scope(schemes)?,
        None => (None, None, false),
    };
    Ok(Resolved { url, host, headers: headers.collect(), signing_name, signing_region, s3_signing })
}

/// The first scheme the client implements (SigV4): its signing name and region, and whether it
/// asks for S3's canonical path (no double encoding, no normalisation).
fn signing_scope(schemes: &[Value]) -> Result<(Option<String>, Option<String>, bool), String> {
    let name = |s: &Value| s.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
    let Some(sigv4) = schemes.iter().find(|s| name(s) == "sigv4") else {
        let offered: Vec<String> = schemes.iter().map(name).collect();
        return Err(format!(
            "the endpoint is signed only with {}, which this client does not implement (it signs with sigv4)",
            offered.join(", ")
        ));
    };
    let text = |key: &str| sigv4.get(key).and_then(Value::as_str).map(str::to_string);
    let flag = |key: &str| sigv4.get(key).and_then(Value::as_bool).unwrap_or(false);
    Ok((text("signingName"), text("signingRegion"), flag("disableDoubleEncoding")))
}

/// botocore's STS rule set (`sts/2011-06-15/endpoint-rule-set-1.json` of the pinned release,
/// minified; `cargo xtask endpoint-cases` fails when it differs from the pinned one), for the
/// credential chain's role and web-identity calls.
const STS_RULES: &str = include_str!("sts-endpoint-rule-set-1.json");

/// STS's endpoint for `region`, without a trailing `/`: regional (botocore's default), or with
/// `legacy` the global one for the regions that used it (`UseGlobalEndpoint`).
pub(crate) fn sts_url(region: &str, legacy: bool) -> Result<String, String> {
    let rules = parsed(STS_RULES).map_err(|e| e.0)?;
    let mut params = Map::new();
    params.insert("Region".into(), region.into());
    params.insert("UseGlobalEndpoint".into(), legacy.into());
    Ok(resolved(rules.resolve(&params).map_err(|e| format!("STS's endpoint: {}", e.0))?)?.url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Credentials;

    const RULES: &str = r#"{"version": "1.0",
        "parameters": {
            "Region": {"type": "String", "builtIn": "AWS::Region"},
            "UseFIPS": {"type": "Boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false},
            "Endpoint": {"type": "String", "builtIn": "SDK::Endpoint"}
        },
        "rules": [
            {"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]},
                                             {"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
             "error": "Invalid Configuration: FIPS and custom endpoint are not supported"},
            {"type": "endpoint", "conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
             "endpoint": {"url": "{Endpoint}"}},
            {"type": "error", "conditions": [{"fn": "stringEquals", "argv": [{"ref": "Region"}, "mars-1"]}],
             "error": "Invalid Configuration: no such region"},
            {"type": "endpoint", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
             "endpoint": {"url": "https://svc.{Region}.example/", "properties": {"authSchemes": [{"name": "sigv4a", "signingRegionSet": ["*"]}]}}},
            {"type": "endpoint", "conditions": [],
             "endpoint": {"url": "https://svc.{Region}.example/",
                          "properties": {"authSchemes": [{"name": "sigv4a"}, {"name": "sigv4", "signingName": "other", "signingRegion": "us-east-1"}]},
                          "headers": {"X-Thing": ["a", "b"]}}}
        ]}"#;

    fn config(region: &str) -> Config {
        Config::new(region, Credentials::new("AKID", "secret", None))
    }

    #[test]
    fn the_configuration_decides_the_endpoint_once_and_its_errors_are_configuration_errors() {
        let r = Resolver::new(RULES, "svc", &config("eu-west-1")).unwrap();
        let got = r.resolve(Vec::new(), None).unwrap();
        assert_eq!(got.url, "https://svc.eu-west-1.example");
        assert_eq!(got.host, "svc.eu-west-1.example");
        assert_eq!(got.headers, [("x-thing".to_string(), "a".to_string()), ("x-thing".into(), "b".into())]);
        assert_eq!((got.signing_name.as_deref(), got.signing_region.as_deref()), (Some("other"), Some("us-east-1")));
        let err = Resolver::new(RULES, "svc", &config("mars-1")).unwrap_err();
        assert_eq!(err.0, "Invalid Configuration: no such region");
        let err = Resolver::new(RULES, "svc", &config("eu-west-1").with_fips(true)).unwrap_err();
        assert!(err.0.contains("signed only with sigv4a"), "{}", err.0);
        // A configured endpoint is used as it is, FIPS asked for or not (as botocore does).
        let local = config("eu-west-1").with_endpoint_url("http://127.0.0.1:5000/").with_fips(true);
        let local = Resolver::new(RULES, "svc", &local).unwrap();
        assert_eq!(local.resolve(Vec::new(), None).unwrap().url, "http://127.0.0.1:5000");
        assert!(Resolver::new("{}", "svc", &config("eu-west-1")).unwrap_err().0.starts_with("the endpoint rule set"));
    }

    #[test]
    fn only_s3_accelerates_own_endpoint_counts_as_one() {
        assert!(is_s3_accelerate_url("https://s3-accelerate.amazonaws.com"));
        assert!(is_s3_accelerate_url("http://s3-accelerate.dualstack.amazonaws.com/"));
        assert!(!is_s3_accelerate_url("http://my-s3-accelerate-proxy:9000"));
        assert!(!is_s3_accelerate_url("https://bucket.s3-accelerate.amazonaws.com"));
        assert!(!is_s3_accelerate_url("https://s3-accelerate.dualstack.dualstack.amazonaws.com"));
        // A configured endpoint is path-style by default, but not acceleration's.
        let local = S3Options::default();
        assert!(local.force_path_style(Some("http://127.0.0.1:9000")));
        assert!(!local.force_path_style(Some("https://s3-accelerate.amazonaws.com")));
        assert!(local.force_path_style(Some("http://my-s3-accelerate-proxy:9000")));
        assert!(!local.force_path_style(None));
    }

    /// A service botocore gives no rule set (an old release) still reaches the pattern's host.
    #[test]
    fn the_standard_rule_set_follows_the_partition_and_the_variants() {
        let at =
            |c: Config| Resolver::new(crate::rules::STANDARD_RULE_SET, "ssm", &c).unwrap().resolve(Vec::new(), None);
        assert_eq!(at(config("cn-north-1")).unwrap().url, "https://ssm.cn-north-1.amazonaws.com.cn");
        assert_eq!(
            at(config("us-gov-west-1").with_fips(true)).unwrap().url,
            "https://ssm-fips.us-gov-west-1.amazonaws.com"
        );
        assert_eq!(at(config("eu-west-1").with_dual_stack(true)).unwrap().url, "https://ssm.eu-west-1.api.aws");
        let both = config("us-east-1").with_fips(true).with_dual_stack(true);
        assert_eq!(at(both).unwrap().url, "https://ssm-fips.us-east-1.api.aws");
        let local = config("eu-west-1").with_endpoint_url("http://127.0.0.1:4566");
        assert_eq!(at(local).unwrap().url, "http://127.0.0.1:4566");
    }

    #[test]
    fn sts_is_reached_in_the_callers_region_and_partition() {
        assert_eq!(sts_url("eu-west-1", false).unwrap(), "https://sts.eu-west-1.amazonaws.com");
        assert_eq!(sts_url("cn-north-1", false).unwrap(), "https://sts.cn-north-1.amazonaws.com.cn");
        assert_eq!(sts_url("us-east-1", false).unwrap(), "https://sts.us-east-1.amazonaws.com");
        // `sts_regional_endpoints = legacy`: the global endpoint where botocore's legacy list has
        // the region, signed for us-east-1; a region added since stays regional.
        assert_eq!(sts_url("eu-west-1", true).unwrap(), "https://sts.amazonaws.com");
        assert_eq!(sts_url("ap-southeast-4", true).unwrap(), "https://sts.ap-southeast-4.amazonaws.com");
    }
}
