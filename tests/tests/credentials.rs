//! The credentials chain against local stand-ins for every source: IMDSv2, the container
//! endpoint, STS (AssumeRole and AssumeRoleWithWebIdentity), the SSO portal with a token cache,
//! and a `credential_process` script; the chain's order; refresh before expiry.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use awsdoc_runtime::client::{Config, SharedCredentials};
use awsdoc_tests::stub::{Action, Recorded, StubServer};

/// A stand-in answering 200 (or another status) with a body, recording every request.
async fn stand_in(handler: impl Fn(&Recorded) -> (u16, String) + Send + Sync + 'static) -> StubServer {
    StubServer::serve(move |r| {
        let (status, body) = handler(r);
        Action::Respond(status, Vec::new(), body)
    })
    .await
}

fn form(r: &Recorded) -> BTreeMap<String, String> {
    serde_urlencoded::from_bytes(&r.body).unwrap()
}

/// An RFC 3339 time `secs` from now.
fn in_secs(secs: u64) -> String {
    let t = time::OffsetDateTime::from(SystemTime::now() + Duration::from_secs(secs));
    t.format(&time::format_description::well_known::Rfc3339).unwrap()
}

fn json_creds(key: &str, token_key: &str, expires_in: u64) -> String {
    serde_json::json!({"AccessKeyId": key, "SecretAccessKey": "s", token_key: "t", "Expiration": in_secs(expires_in)})
        .to_string()
}

fn sts_answer(action: &str, key: &str) -> String {
    format!(
        "<{action}Response><{action}Result><Credentials><AccessKeyId>{key}</AccessKeyId>\
         <SecretAccessKey>s&amp;s</SecretAccessKey><SessionToken>t</SessionToken>\
         <Expiration>{}</Expiration></Credentials></{action}Result></{action}Response>",
        in_secs(3600)
    )
}

/// A scratch HOME with `.aws/config` (and no credentials file).
fn home(name: &str, config: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("awsdoc-creds-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".aws")).unwrap();
    std::fs::write(dir.join(".aws/config"), config).unwrap();
    dir
}

/// A config from these variables only (plus a region), as `from_env` would load it.
fn config(vars: &[(&str, String)]) -> Config {
    let mut vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    vars.push(("AWS_REGION".into(), "eu-west-1".into()));
    if !vars.iter().any(|(k, _)| k == "HOME") {
        vars.push(("HOME".into(), "/nonexistent".into()));
    }
    Config::from_vars("ssm", &move |k| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())).unwrap()
}

async fn key_id(c: &Config) -> String {
    c.credentials.credentials().await.unwrap_or_else(|e| panic!("{e}")).access_key_id
}

fn imds() -> impl Fn(&Recorded) -> (u16, String) + Send + Sync + 'static {
    |r| match (r.method.as_str(), r.path.as_str()) {
        ("PUT", "/latest/api/token") if r.header("x-aws-ec2-metadata-token-ttl-seconds").is_some() => {
            (200, "tok".into())
        }
        (_, _) if r.header("x-aws-ec2-metadata-token") != Some("tok") => (401, String::new()),
        ("GET", "/latest/meta-data/iam/security-credentials/") => (200, "web-role\n".into()),
        ("GET", "/latest/meta-data/iam/security-credentials/web-role") => (200, json_creds("IMDS", "Token", 3600)),
        _ => (404, String::new()),
    }
}

#[tokio::test]
async fn imds_v2_hands_out_the_instance_role_after_a_session_token() {
    let server = stand_in(imds()).await;
    let c = config(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.endpoint.clone())]);
    assert_eq!(key_id(&c).await, "IMDS");
    let seen = server.requests.lock().unwrap().clone();
    assert_eq!(seen.iter().map(|s| s.method.as_str()).collect::<Vec<_>>(), ["PUT", "GET", "GET"]);
}

#[tokio::test]
async fn the_container_endpoint_gets_its_authorization_token_from_the_file() {
    let server = stand_in(|r| match r.header("authorization") {
        Some("pod-identity-token") => (200, json_creds("CONTAINER", "Token", 3600)),
        _ => (401, "no token".into()),
    })
    .await;
    let dir = home("container", "");
    std::fs::write(dir.join("token"), "pod-identity-token\n").unwrap();
    let c = config(&[
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", format!("{}/v1/credentials", server.endpoint)),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", dir.join("token").display().to_string()),
    ]);
    assert_eq!(key_id(&c).await, "CONTAINER");
    assert_eq!(server.requests.lock().unwrap()[0].path, "/v1/credentials");
}

#[tokio::test]
async fn web_identity_is_exchanged_at_sts() {
    let server = stand_in(|r| {
        let form = form(r);
        assert_eq!(form["Action"], "AssumeRoleWithWebIdentity");
        assert_eq!(form["RoleArn"], "arn:aws:iam::111122223333:role/irsa");
        assert_eq!(form["WebIdentityToken"], "eyJ.jwt");
        assert!(r.header("authorization").is_none(), "AssumeRoleWithWebIdentity is not signed");
        (200, sts_answer("AssumeRoleWithWebIdentity", "IRSA"))
    })
    .await;
    let dir = home("irsa", "");
    std::fs::write(dir.join("jwt"), "eyJ.jwt\n").unwrap();
    let c = config(&[
        ("AWS_WEB_IDENTITY_TOKEN_FILE", dir.join("jwt").display().to_string()),
        ("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/irsa".into()),
        ("AWS_ENDPOINT_URL_STS", server.endpoint.clone()),
    ]);
    let creds = c.credentials.credentials().await.unwrap();
    assert_eq!((creds.access_key_id.as_str(), creds.secret_access_key.as_str()), ("IRSA", "s&s"));
    assert!(creds.expiry.is_some());
}

#[tokio::test]
async fn a_profile_role_is_assumed_with_the_source_profiles_keys_in_a_signed_call() {
    let server = stand_in(|r| {
        let form = form(r);
        assert_eq!((form["Action"].as_str(), form["RoleArn"].as_str()), ("AssumeRole", "arn:aws:iam::1:role/admin"));
        assert_eq!(form.get("ExternalId").map(String::as_str), Some("ext-1"));
        let auth = r.header("authorization").unwrap_or_default().to_string();
        assert!(auth.starts_with("AWS4-HMAC-SHA256 Credential=BASEKEY/"), "{auth}");
        assert!(auth.contains("/eu-west-1/sts/aws4_request"), "{auth}");
        (200, sts_answer("AssumeRole", "ASSUMED"))
    })
    .await;
    let dir = home(
        "role",
        "[profile admin]\nrole_arn = arn:aws:iam::1:role/admin\nsource_profile = base\nexternal_id = ext-1\n\
         [profile base]\naws_access_key_id = BASEKEY\naws_secret_access_key = basesecret\n",
    );
    let c = config(&[
        ("HOME", dir.display().to_string()),
        ("AWS_PROFILE", "admin".into()),
        ("AWS_ENDPOINT_URL_STS", server.endpoint.clone()),
    ]);
    assert_eq!(key_id(&c).await, "ASSUMED");
}

#[tokio::test]
async fn sso_credentials_come_from_the_portal_with_the_cached_token() {
    let server = stand_in(|r| {
        assert_eq!(r.header("x-amz-sso_bearer_token"), Some("cached-access-token"));
        assert_eq!(r.path, "/federation/credentials?account_id=111122223333&role_name=Dev");
        let ms = (SystemTime::now() + Duration::from_secs(3600)).duration_since(SystemTime::UNIX_EPOCH).unwrap();
        let body = serde_json::json!({"roleCredentials": {"accessKeyId": "SSO", "secretAccessKey": "s",
            "sessionToken": "t", "expiration": ms.as_millis() as u64}});
        (200, body.to_string())
    })
    .await;
    let dir = home(
        "sso",
        "[profile dev]\nsso_session = my-sso\nsso_account_id = 111122223333\nsso_role_name = Dev\n\
         [sso-session my-sso]\nsso_region = us-east-1\nsso_start_url = https://example.awsapps.com/start\n",
    );
    // The CLI's cache file name: the SHA-1 of the session name.
    let cache = dir.join(".aws/sso/cache");
    std::fs::create_dir_all(&cache).unwrap();
    let token = serde_json::json!({"accessToken": "cached-access-token", "expiresAt": in_secs(3600)});
    std::fs::write(cache.join("0ad374308c5a4e22f723adf10145eafad7c4031c.json"), token.to_string()).unwrap();
    let c = config(&[
        ("HOME", dir.display().to_string()),
        ("AWS_PROFILE", "dev".into()),
        ("AWS_ENDPOINT_URL_SSO", server.endpoint.clone()),
    ]);
    let creds = c.credentials.credentials().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(creds.access_key_id, "SSO");
    // An expired token says what to do.
    let expired = serde_json::json!({"accessToken": "x", "expiresAt": "2020-01-01T00:00:00Z"});
    std::fs::write(cache.join("0ad374308c5a4e22f723adf10145eafad7c4031c.json"), expired.to_string()).unwrap();
    let c = config(&[("HOME", dir.display().to_string()), ("AWS_PROFILE", "dev".into())]);
    let err = c.credentials.credentials().await.unwrap_err().to_string();
    assert!(err.contains("the SSO token has expired: run `aws sso login`"), "{err}");
}

/// A cached token about to expire is refreshed at the SSO OIDC service with the cache's refresh
/// token, the portal gets the new one, and the cache file is rewritten for the next process.
#[tokio::test]
async fn an_expiring_sso_token_is_refreshed_and_the_cache_rewritten() {
    let server = stand_in(|r| {
        if r.path == "/token" {
            let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
            let want = serde_json::json!({"clientId": "cid", "clientSecret": "csecret",
                "grantType": "refresh_token", "refreshToken": "refresh-1"});
            assert_eq!(body, want);
            return (200, r#"{"accessToken": "fresh-token", "expiresIn": 28800, "refreshToken": "refresh-2"}"#.into());
        }
        assert_eq!(r.header("x-amz-sso_bearer_token"), Some("fresh-token"));
        let ms = (SystemTime::now() + Duration::from_secs(3600)).duration_since(SystemTime::UNIX_EPOCH).unwrap();
        let body = serde_json::json!({"roleCredentials": {"accessKeyId": "SSO2", "secretAccessKey": "s",
            "sessionToken": "t", "expiration": ms.as_millis() as u64}});
        (200, body.to_string())
    })
    .await;
    let dir = home(
        "sso-refresh",
        "[profile dev]\nsso_session = my-sso\nsso_account_id = 111122223333\nsso_role_name = Dev\n\
         [sso-session my-sso]\nsso_region = us-east-1\nsso_start_url = https://example.awsapps.com/start\n",
    );
    let cache = dir.join(".aws/sso/cache");
    std::fs::create_dir_all(&cache).unwrap();
    let file = cache.join("0ad374308c5a4e22f723adf10145eafad7c4031c.json");
    // Two minutes left: inside the five-minute refresh window.
    let token = serde_json::json!({"accessToken": "old-token", "expiresAt": in_secs(120), "clientId": "cid",
        "clientSecret": "csecret", "refreshToken": "refresh-1", "registrationExpiresAt": in_secs(86400)});
    std::fs::write(&file, token.to_string()).unwrap();
    let c = config(&[
        ("HOME", dir.display().to_string()),
        ("AWS_PROFILE", "dev".into()),
        ("AWS_ENDPOINT_URL_SSO", server.endpoint.clone()),
        ("AWS_ENDPOINT_URL_SSO_OIDC", server.endpoint.clone()),
    ]);
    assert_eq!(key_id(&c).await, "SSO2");
    let rewritten: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(
        (rewritten["accessToken"].as_str(), rewritten["refreshToken"].as_str()),
        (Some("fresh-token"), Some("refresh-2"))
    );
    let expires = time::OffsetDateTime::parse(
        rewritten["expiresAt"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    assert!(SystemTime::from(expires) > SystemTime::now() + Duration::from_secs(28000), "{rewritten}");
    assert_eq!(rewritten["clientId"], "cid", "the rest of the cache is kept");
    assert_eq!(server.count(), 2, "one refresh, one portal call");
}

#[tokio::test]
async fn credential_process_output_is_read() {
    let dir = home("process", "");
    let script = dir.join("creds.sh");
    let printed = format!(
        r#"{{"Version": 1, "AccessKeyId": "PROCESS", "SecretAccessKey": "s", "Expiration": "{}"}}"#,
        in_secs(3600)
    );
    std::fs::write(&script, format!("#!/bin/sh\ncat <<'EOF'\n{printed}\nEOF\n")).unwrap();
    let config_text = format!("[default]\ncredential_process = sh {}\n", script.display());
    std::fs::write(dir.join(".aws/config"), config_text).unwrap();
    let c = config(&[("HOME", dir.display().to_string())]);
    assert_eq!(key_id(&c).await, "PROCESS");
    std::fs::write(dir.join(".aws/config"), "[default]\ncredential_process = sh -c 'echo broken >&2; exit 3'\n")
        .unwrap();
    let c = config(&[("HOME", dir.display().to_string())]);
    let err = c.credentials.credentials().await.unwrap_err().to_string();
    assert!(err.contains("failed") && err.contains("broken"), "{err}");
}

/// Environment, web identity, profile, container, IMDS: each source wins over those after it.
#[tokio::test]
async fn the_chain_takes_the_first_configured_source() {
    let sts = stand_in(|_| (200, sts_answer("AssumeRoleWithWebIdentity", "IRSA"))).await;
    let container = stand_in(|_| (200, json_creds("CONTAINER", "Token", 3600))).await;
    let metadata = stand_in(imds()).await;
    let dir = home("order", "[default]\naws_access_key_id = PROFILE\naws_secret_access_key = s\n");
    std::fs::write(dir.join("jwt"), "eyJ").unwrap();
    let mut vars: Vec<(&str, String)> = vec![
        ("AWS_ACCESS_KEY_ID", "ENV".into()),
        ("AWS_SECRET_ACCESS_KEY", "s".into()),
        ("AWS_WEB_IDENTITY_TOKEN_FILE", dir.join("jwt").display().to_string()),
        ("AWS_ROLE_ARN", "arn:aws:iam::1:role/r".into()),
        ("AWS_ENDPOINT_URL_STS", sts.endpoint.clone()),
        ("HOME", dir.display().to_string()),
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", container.endpoint.clone()),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", metadata.endpoint.clone()),
    ];
    let mut order = Vec::new();
    for drop in [
        &["AWS_ACCESS_KEY_ID"][..],
        &["AWS_WEB_IDENTITY_TOKEN_FILE"],
        &["HOME"],
        &["AWS_CONTAINER_CREDENTIALS_FULL_URI"],
    ] {
        order.push(key_id(&config(&vars)).await);
        vars.retain(|(k, _)| !drop.contains(k));
    }
    order.push(key_id(&config(&vars)).await);
    assert_eq!(order, ["ENV", "IRSA", "PROFILE", "CONTAINER", "IMDS"]);
}

/// A long-running loop never signs with credentials about to expire: the cache fetches new ones
/// `refresh_before` ahead of expiry, and in between serves the cached ones without a fetch.
#[tokio::test]
async fn credentials_are_refreshed_before_they_expire() {
    let fetches = Arc::new(Mutex::new(0u32));
    let counter = fetches.clone();
    let server = stand_in(move |_| {
        let mut n = counter.lock().unwrap();
        *n += 1;
        // Each set lives 3 s (RFC 3339 to the second: 2 to 3 s).
        (200, json_creds(&format!("GEN{n}"), "Token", 3))
    })
    .await;
    let c = config(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.endpoint.clone())]);
    let cache = SharedCredentials::with_refresh_before(ChainOf(c), Duration::from_millis(1500));
    let started = SystemTime::now();
    let mut keys = Vec::new();
    while started.elapsed().unwrap() < Duration::from_secs(5) {
        let creds = cache.credentials().await.unwrap();
        let left = creds.expiry.unwrap().duration_since(SystemTime::now()).unwrap_or_default();
        assert!(left >= Duration::from_millis(1400), "signed with credentials {left:?} from expiry");
        if keys.last() != Some(&creds.access_key_id) {
            keys.push(creds.access_key_id);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let n = *fetches.lock().unwrap();
    assert!(keys.len() >= 3, "refreshed during the loop: {keys:?}");
    assert_eq!(n as usize, keys.len(), "one fetch per set, none between refreshes");
}

/// The config's chain as a provider of its own, so the test can pick the refresh window.
#[derive(Debug)]
struct ChainOf(Config);

impl awsdoc_runtime::client::ProvideCredentials for ChainOf {
    fn provide_credentials(&self) -> awsdoc_runtime::client::credentials::CredentialsFuture<'_> {
        // The config's own cache refreshes five minutes ahead, so with 3-second credentials it
        // fetches every time: exactly the provider this test wants under its own window.
        Box::pin(self.0.credentials.credentials())
    }
}

/// With no source configured, the error says what was looked for, and that instance metadata
/// did not answer (off EC2, it is simply not there).
#[tokio::test]
async fn nothing_configured_says_what_was_looked_for() {
    // A port nothing listens on, as the profile's metadata endpoint.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let dir = home("nothing", &format!("[default]\nec2_metadata_service_endpoint = http://{closed}\n"));
    let c = config(&[("HOME", dir.display().to_string())]);
    let err = c.credentials.credentials().await.unwrap_err().to_string();
    assert!(err.starts_with("no credentials: none of the sources is configured: no AWS_ACCESS_KEY_ID"), "{err}");
    assert!(err.contains("and instance metadata did not answer (instance metadata at http://127.0.0.1:"), "{err}");
}
