//! The committed crates send each request where botocore's endpoint cases say it goes: for every
//! case of `tests/functional/endpoint-rules/<service>/endpoint-tests-1.json` (the pinned
//! botocore's source distribution) whose parameters a [`Config`] expresses (region, FIPS,
//! dual-stack, endpoint URL), a client built from that config sends one request through a stub,
//! and the URL and SigV4 scope are checked against the case; a case that expects an error gets it,
//! from `Client::new` or the call. Cases with other parameters (DynamoDB's account ID and
//! account-based endpoints), or without a region (which a `Config` always has), are counted and
//! named, not run.
//!
//! Ignored in a plain `cargo test`: it needs the source distribution, which `cargo xtask
//! endpoint-cases` fetches before running it (with `AWSDOC_ENDPOINT_CASES` naming the folder).

use std::collections::BTreeMap;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

use awsdoc_runtime::client::transport::Stub;
use awsdoc_runtime::client::{Config, Credentials};
use serde_json::Value;

/// What a call came to: the request the stub saw, or the error's text.
type Outcome = Pin<Box<dyn Future<Output = Result<awsdoc_runtime::client::transport::SignedRequest, String>>>>;

/// Builds the service's client from the config and sends one cheap operation through `stub`.
type Caller = fn(Config, Stub) -> Outcome;

macro_rules! caller {
    ($krate:ident, $call:ident, $op:literal) => {
        |config: Config, stub: Stub| -> Outcome {
            Box::pin(async move {
                let client = $krate::Client::new(config).map_err(|e| e.to_string())?;
                let result = client.$call().send().await;
                match stub.requests().into_iter().next() {
                    Some(sent) => Ok(sent),
                    None => Err(format!("{} sent nothing: {:?}", $op, result.err())),
                }
            })
        }
    };
}

const SERVICES: &[(&str, &str, Caller)] = &[
    ("apigateway", "GetRestApis", caller!(awsdoc_apigateway, get_rest_apis, "GetRestApis")),
    ("dynamodb", "ListTables", caller!(awsdoc_dynamodb, list_tables, "ListTables")),
    ("eks", "ListClusters", caller!(awsdoc_eks, list_clusters, "ListClusters")),
    ("kms", "ListKeys", caller!(awsdoc_kms, list_keys, "ListKeys")),
    ("lambda", "ListFunctions", caller!(awsdoc_lambda, list_functions, "ListFunctions")),
    ("secretsmanager", "ListSecrets", caller!(awsdoc_secretsmanager, list_secrets, "ListSecrets")),
    ("sqs", "ListQueues", caller!(awsdoc_sqs, list_queues, "ListQueues")),
    ("ssm", "DescribeParameters", caller!(awsdoc_ssm, describe_parameters, "DescribeParameters")),
];

const CONFIG_PARAMS: &[&str] = &["Region", "UseFIPS", "UseDualStack", "Endpoint"];

#[tokio::test]
#[ignore = "needs botocore's source distribution: `cargo xtask endpoint-cases` fetches it and runs this"]
async fn committed_crates_send_requests_where_botocores_endpoint_cases_say() {
    let dir =
        PathBuf::from(std::env::var("AWSDOC_ENDPOINT_CASES").expect("AWSDOC_ENDPOINT_CASES names the cases' folder"));
    let mut failures = Vec::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let mut ran = 0;
    for (svc, op, call) in SERVICES {
        let path = dir.join(svc).join("endpoint-tests-1.json");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let cases: Value = serde_json::from_str(&text).unwrap();
        for (i, case) in cases["testCases"].as_array().unwrap().iter().enumerate() {
            let params = case["params"].as_object().cloned().unwrap_or_default();
            let mut others: Vec<&str> =
                params.keys().map(String::as_str).filter(|k| !CONFIG_PARAMS.contains(k)).collect();
            if !params.contains_key("Region") {
                // `Config::new` takes a region, and `Config::from_env` fails without one.
                others.push("no Region");
            }
            if !others.is_empty() {
                *skipped.entry(format!("{svc} ({})", others.join(", "))).or_default() += 1;
                continue;
            }
            ran += 1;
            let stub = Stub::new().reply(op, 200, "{}");
            let outcome = call(config(&params, &stub), stub).await;
            if let Err(e) = check(case, outcome) {
                failures.push(format!("{svc} #{i} ({}): {e}", case["documentation"].as_str().unwrap_or("")));
            }
        }
    }
    let skips: Vec<String> = skipped.iter().map(|(k, n)| format!("{n} {k}")).collect();
    eprintln!("endpoint cases through the clients: {ran} run; not expressible in a Config: {}", skips.join("; "));
    assert!(failures.is_empty(), "{} of {ran} failed:\n{}", failures.len(), failures.join("\n"));
}

/// The config a case's parameters describe.
fn config(params: &serde_json::Map<String, Value>, stub: &Stub) -> Config {
    let flag = |k: &str| params.get(k).and_then(Value::as_bool).unwrap_or(false);
    let region = params.get("Region").and_then(Value::as_str).unwrap_or("us-east-1");
    let mut config = Config::new(region, Credentials::new("AKID", "secret", None))
        .with_fips(flag("UseFIPS"))
        .with_dual_stack(flag("UseDualStack"))
        .with_transport(stub.clone());
    if let Some(url) = params.get("Endpoint").and_then(Value::as_str) {
        config = config.with_endpoint_url(url);
    }
    config
}

/// The request went to the case's URL, signed for its scope; or the call failed with its error.
fn check(
    case: &Value,
    outcome: Result<awsdoc_runtime::client::transport::SignedRequest, String>,
) -> Result<(), String> {
    let expect = &case["expect"];
    let sent = match (expect["error"].as_str(), outcome) {
        (Some(want), Err(got)) if got.contains(want) => return Ok(()),
        (Some(want), Err(got)) => return Err(format!("wanted the error {want:?}, got {got:?}")),
        (Some(want), Ok(sent)) => return Err(format!("wanted the error {want:?}, sent to {}", sent.url)),
        (None, Err(got)) => return Err(format!("wanted {}, got the error {got:?}", expect["endpoint"]["url"])),
        (None, Ok(sent)) => sent,
    };
    let url = expect["endpoint"]["url"].as_str().unwrap_or_default();
    if !sent.url.starts_with(url) {
        return Err(format!("wanted {url}, sent to {}", sent.url));
    }
    let scheme = &expect["endpoint"]["properties"]["authSchemes"][0];
    let region = scheme["signingRegion"].as_str().or(case["params"]["Region"].as_str()).unwrap_or("us-east-1");
    let auth = sent.header("authorization").unwrap_or_default();
    match scheme["signingName"].as_str() {
        Some(name) if !auth.contains(&format!("/{region}/{name}/aws4_request")) => {
            Err(format!("wanted a signature for {region}/{name}, got {auth}"))
        }
        _ if !auth.contains(&format!("/{region}/")) => Err(format!("wanted a signature for {region}, got {auth}")),
        _ => Ok(()),
    }
}
