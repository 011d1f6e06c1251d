//! The committed crates send each request where botocore's endpoint cases say it goes: for every
//! case of `tests/functional/endpoint-rules/<service>/endpoint-tests-1.json` (the pinned
//! botocore's source distribution) whose parameters a [`Config`] expresses (region, FIPS,
//! dual-stack, endpoint URL), a client built from that config sends one request through a stub,
//! and the URL and SigV4 scope are checked against the case; a case that expects an error gets it,
//! from `Client::new` or the call (but a configured endpoint beside FIPS or dual-stack is used as
//! it is, as botocore does, where the cases expect an error). The account ID comes with the credentials, and the account
//! ID endpoint mode with the config, S3's `ForcePathStyle`, `Accelerate`, `UseArnRegion` and
//! `DisableMultiRegionAccessPoints` with its `S3Options`. A case that names the operations to
//! call (DynamoDB's and S3's `operationInputs`) calls each with its input, so that the members
//! bound to endpoint parameters (`TableName`, the keys of `RequestItems`, `Bucket`) take part;
//! an S3 key must be all that follows the endpoint (the bucket placed once, by the rules). Cases whose parameters only an
//! operation's input could give, but which name no operation, and those without a region (which
//! a `Config` always has), are counted and named, not run.
//!
//! Ignored in a plain `cargo test`: it needs the source distribution, which `cargo xtask
//! endpoint-cases` fetches before running it (with `AWSDOC_ENDPOINT_CASES` naming the folder).

use std::collections::BTreeMap;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

use awsdoc_runtime::client::endpoint::{AddressingStyle, S3Options};
use awsdoc_runtime::client::transport::{SignedRequest, Stub};
use awsdoc_runtime::client::{Config, Credentials};
use serde_json::Value;

/// What a call came to: the request the stub saw, or the error's text.
type Outcome = Pin<Box<dyn Future<Output = Result<SignedRequest, String>>>>;

/// Builds the service's client from the config and sends the named operation with its input.
type NamedCaller = fn(Config, Stub, String, Value) -> Outcome;

/// Builds the service's client from the config and sends one cheap operation through `stub`.
type Caller = fn(Config, Stub) -> Outcome;

/// What the stub saw, or why nothing was sent.
fn sent<E: std::fmt::Debug>(stub: &Stub, op: &str, result: Result<(), E>) -> Result<SignedRequest, String> {
    match stub.requests().into_iter().next() {
        Some(sent) => Ok(sent),
        None => Err(format!("{op} sent nothing: {:?}", result.err())),
    }
}

macro_rules! caller {
    ($krate:ident, $call:ident, $op:literal) => {
        |config: Config, stub: Stub| -> Outcome {
            Box::pin(async move {
                let client = $krate::Client::new(config).map_err(|e| e.to_string())?;
                let result = client.$call().send().await.map(|_| ());
                sent(&stub, $op, result)
            })
        }
    };
}

/// DynamoDB's operations that its cases name, each sent with the case's input.
fn dynamodb(config: Config, stub: Stub, op: String, input: Value) -> Outcome {
    use awsdoc_dynamodb::operation as ops;
    Box::pin(async move {
        let client = awsdoc_dynamodb::Client::new(config).map_err(|e| e.to_string())?;
        // The input as the case gives it (its serde form), sent as the operation's own type.
        macro_rules! send {
            ($module:ident::$input:ident) => {{
                let input: ops::$module::$input = serde_json::from_value(input).unwrap();
                client.send(input).await.map(|_| ()).map_err(|e| e.to_string())
            }};
        }
        let result = match op.as_str() {
            "ListTables" => send!(list_tables::ListTablesInput),
            "DescribeTable" => send!(describe_table::DescribeTableInput),
            "BatchGetItem" => send!(batch_get_item::BatchGetItemInput),
            "SearchVectors" => send!(search_vectors::SearchVectorsInput),
            other => panic!("no call for DynamoDB's {other}: add it here"),
        };
        sent(&stub, &op, result)
    })
}

/// S3's operations that its cases name, each sent with the case's input.
fn s3(config: Config, stub: Stub, op: String, input: Value) -> Outcome {
    use awsdoc_s3::operation as ops;
    Box::pin(async move {
        let client = awsdoc_s3::Client::new(config).map_err(|e| e.to_string())?;
        macro_rules! send {
            ($module:ident::$input:ident) => {{
                let input: ops::$module::$input = serde_json::from_value(input).unwrap();
                client.send(input).await.map(|_| ()).map_err(|e| e.to_string())
            }};
        }
        let result = match op.as_str() {
            "GetObject" => send!(get_object::GetObjectInput),
            "ListBuckets" => send!(list_buckets::ListBucketsInput),
            "CreateBucket" => send!(create_bucket::CreateBucketInput),
            "WriteGetObjectResponse" => send!(write_get_object_response::WriteGetObjectResponseInput),
            "ListDirectoryBuckets" => send!(list_directory_buckets::ListDirectoryBucketsInput),
            "ListObjects" => send!(list_objects::ListObjectsInput),
            other => panic!("no call for S3's {other}: add it here"),
        };
        sent(&stub, &op, result)
    })
}

/// The services whose cases name operations to call with an input, and how to call them.
fn named_caller(svc: &str) -> Option<NamedCaller> {
    match svc {
        "dynamodb" => Some(dynamodb),
        "s3" => Some(s3),
        _ => None,
    }
}

const SERVICES: &[(&str, &str, Caller)] = &[
    ("apigateway", "GetRestApis", caller!(awsdoc_apigateway, get_rest_apis, "GetRestApis")),
    ("dynamodb", "ListTables", caller!(awsdoc_dynamodb, list_tables, "ListTables")),
    ("ec2", "DescribeRegions", caller!(awsdoc_ec2, describe_regions, "DescribeRegions")),
    ("eks", "ListClusters", caller!(awsdoc_eks, list_clusters, "ListClusters")),
    ("kms", "ListKeys", caller!(awsdoc_kms, list_keys, "ListKeys")),
    ("lambda", "ListFunctions", caller!(awsdoc_lambda, list_functions, "ListFunctions")),
    ("s3", "ListBuckets", caller!(awsdoc_s3, list_buckets, "ListBuckets")),
    ("secretsmanager", "ListSecrets", caller!(awsdoc_secretsmanager, list_secrets, "ListSecrets")),
    ("sqs", "ListQueues", caller!(awsdoc_sqs, list_queues, "ListQueues")),
    ("ssm", "DescribeParameters", caller!(awsdoc_ssm, describe_parameters, "DescribeParameters")),
];

/// The parameters a config (and its credentials) give, by built-in.
const CONFIG_PARAMS: &[(&str, &str)] = &[
    ("Region", "AWS::Region"),
    ("UseFIPS", "AWS::UseFIPS"),
    ("UseDualStack", "AWS::UseDualStack"),
    ("Endpoint", "SDK::Endpoint"),
    ("AccountId", "AWS::Auth::AccountId"),
    ("AccountIdEndpointMode", "AWS::Auth::AccountIdEndpointMode"),
    ("ForcePathStyle", "AWS::S3::ForcePathStyle"),
    ("Accelerate", "AWS::S3::Accelerate"),
    ("UseArnRegion", "AWS::S3::UseArnRegion"),
    ("DisableMultiRegionAccessPoints", "AWS::S3::DisableMultiRegionAccessPoints"),
    ("UseGlobalEndpoint", "AWS::S3::UseGlobalEndpoint"),
];

#[tokio::test]
#[ignore = "needs botocore's source distribution: `cargo xtask endpoint-cases` fetches it and runs this"]
async fn committed_crates_send_requests_where_botocores_endpoint_cases_say() {
    let dir =
        PathBuf::from(std::env::var("AWSDOC_ENDPOINT_CASES").expect("AWSDOC_ENDPOINT_CASES names the cases' folder"));
    let mut failures = Vec::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let mut ran = 0;
    for (svc, op, call) in SERVICES {
        let ran_before = ran;
        let path = dir.join(svc).join("endpoint-tests-1.json");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let cases: Value = serde_json::from_str(&text).unwrap();
        for (i, case) in cases["testCases"].as_array().unwrap().iter().enumerate() {
            let runs = match runs(svc, case) {
                Ok(runs) => runs,
                Err(why) => {
                    *skipped.entry(format!("{svc} ({why})")).or_default() += 1;
                    continue;
                }
            };
            for (params, named) in runs {
                ran += 1;
                // S3 Object Lambda's `{RequestRoute}.` host prefix, which the rules' cases leave out.
                let prefix = named.as_ref().and_then(|(_, i)| i["RequestRoute"].as_str()).map(|r| format!("{r}."));
                // An S3 key (of characters sent as they are) is all that follows the endpoint:
                // the bucket is the rules' to place, never the path's as well.
                let key = named
                    .as_ref()
                    .and_then(|(_, i)| i["Key"].as_str())
                    .filter(|k| k.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c)));
                let mut want = expected(case, &params);
                if let (Some(k), true) = (key, want["endpoint"].is_object() && want["loose"].is_null()) {
                    want["path"] = Value::String(format!("/{k}"));
                }
                let outcome = match named {
                    Some((name, input)) => {
                        let stub = Stub::new().reply(&name, 200, "{}");
                        let caller = named_caller(svc).expect("a service whose cases name operations");
                        caller(config(&params, &stub), stub, name, input).await
                    }
                    None => {
                        let stub = Stub::new().reply(op, 200, "{}");
                        call(config(&params, &stub), stub).await
                    }
                };
                let outcome = outcome.map(|mut sent| {
                    if let Some(p) = &prefix {
                        sent.url = sent.url.replacen(&format!("://{p}"), "://", 1);
                    }
                    sent
                });
                if let Err(e) = check(&want, &params, outcome) {
                    failures.push(format!("{svc} #{i} ({}): {e}", case["documentation"].as_str().unwrap_or("")));
                }
            }
        }
        // A service whose every case were skipped would pass without checking anything.
        assert!(ran > ran_before, "no case of {svc} could be run through its client");
    }
    let skips: Vec<String> = skipped.iter().map(|(k, n)| format!("{n} {k}")).collect();
    eprintln!("endpoint cases through the clients: {ran} calls; not run: {}", skips.join("; "));
    assert!(failures.is_empty(), "{} of {ran} failed:\n{}", failures.len(), failures.join("\n"));
}

type Params = serde_json::Map<String, Value>;

/// One call of a case: the config's parameters, and the operation it names with its input.
type Run = (Params, Option<(String, Value)>);

/// The calls a case makes: its parameters as a config, and the operation it names with its
/// input, if any; or why it cannot be made.
fn runs(svc: &str, case: &Value) -> Result<Vec<Run>, String> {
    unsupported(case)?;
    if let (Some(inputs), Some(_)) = (case["operationInputs"].as_array(), named_caller(svc)) {
        let built_in = |o: &Value, b: &str| o["builtInParams"].get(b).is_some_and(|v| v != &Value::Bool(false));
        // botocore's config lets acceleration win over path-style addressing (`args.py`), as
        // `S3Options` does, so the rules' error for both cannot arise.
        let both = |o: &Value| built_in(o, "AWS::S3::ForcePathStyle") && built_in(o, "AWS::S3::Accelerate");
        if inputs.iter().any(both) {
            return Err("path-style addressing with acceleration".into());
        }
        let run = |o: &Value| {
            let built_ins = o["builtInParams"].as_object().cloned().unwrap_or_default();
            let params = CONFIG_PARAMS
                .iter()
                .filter_map(|(name, b)| Some((name.to_string(), built_ins.get(*b)?.clone())))
                .collect::<Params>();
            let input = match &o["operationParams"] {
                Value::Null => Value::Object(Params::new()),
                given => given.clone(),
            };
            let named = (o["operationName"].as_str().unwrap().to_string(), input);
            (params, Some(named))
        };
        let runs: Vec<_> = inputs.iter().map(run).collect();
        return match runs.iter().all(|(p, _)| p.contains_key("Region")) {
            true => Ok(runs),
            false => Err("no Region".into()),
        };
    }
    let params = case["params"].as_object().cloned().unwrap_or_default();
    let mut others: Vec<&str> =
        params.keys().map(String::as_str).filter(|k| !CONFIG_PARAMS.iter().any(|(n, _)| n == k)).collect();
    if !params.contains_key("Region") {
        // `Config::new` takes a region, and `Config::from_env` fails without one.
        others.push("no Region");
    }
    match others.is_empty() {
        true => Ok(vec![(params, None)]),
        false => Err(others.join(", ")),
    }
}

/// Why a case is not run: it expects an endpoint signed only with a scheme the client does not
/// implement (SigV4a for Multi-Region Access Points, S3 Express's session auth), which the client
/// refuses with an error naming the schemes (tested in the runtime).
fn unsupported(case: &Value) -> Result<(), String> {
    let schemes = case["expect"]["endpoint"]["properties"]["authSchemes"].as_array();
    let names: Vec<&str> = schemes.into_iter().flatten().filter_map(|s| s["name"].as_str()).collect();
    match names.is_empty() || names.contains(&"sigv4") {
        true => Ok(()),
        false => Err(format!("signed only with {}", names.join(", "))),
    }
}

/// What the case expects; but where it configures an endpoint together with FIPS or dual-stack,
/// the configured endpoint: botocore binds neither beside a configured endpoint (`args.py`), so
/// the rules' "FIPS and custom endpoint are not supported" cannot arise, and neither does it here.
/// The case cannot say what the rules then give (S3 puts the bucket before the host, and signs
/// for the region the rules pick), so such a request is checked `loose`: its scheme and host
/// ending as the endpoint's, and no signing scope.
fn expected(case: &Value, params: &Params) -> Value {
    let on = |k: &str| params.get(k).and_then(Value::as_bool).unwrap_or(false);
    match params.get("Endpoint") {
        Some(url) if on("UseFIPS") || on("UseDualStack") => {
            serde_json::json!({"endpoint": {"url": url}, "loose": true})
        }
        _ => case["expect"].clone(),
    }
}

/// The config a case's parameters describe, the account ID with the credentials.
fn config(params: &Params, stub: &Stub) -> Config {
    let flag = |k: &str| params.get(k).and_then(Value::as_bool).unwrap_or(false);
    let text = |k: &str| params.get(k).and_then(Value::as_str);
    let mut creds = Credentials::new("AKID", "secret", None);
    if let Some(id) = text("AccountId") {
        creds = creds.with_account_id(id);
    }
    let mut config = Config::new(text("Region").unwrap_or_default(), creds)
        .with_fips(flag("UseFIPS"))
        .with_dual_stack(flag("UseDualStack"))
        .with_transport(stub.clone());
    if let Some(url) = text("Endpoint") {
        config = config.with_endpoint_url(url);
    }
    if let Some(mode) = text("AccountIdEndpointMode") {
        config = config.with_account_id_endpoint_mode(mode.parse().unwrap());
    }
    config.with_s3(s3_options(params))
}

/// S3's settings as the case gives them: a `ForcePathStyle` the case leaves off is virtual
/// hosting even with a configured endpoint (where botocore's `auto` would go path-style).
fn s3_options(params: &Params) -> S3Options {
    let flag = |k: &str| params.get(k).and_then(Value::as_bool);
    let addressing_style = match (flag("ForcePathStyle"), params.contains_key("Endpoint")) {
        (Some(true), _) => AddressingStyle::Path,
        (_, true) => AddressingStyle::Virtual,
        _ => AddressingStyle::Auto,
    };
    S3Options {
        addressing_style,
        accelerate: flag("Accelerate").unwrap_or(false),
        use_arn_region: flag("UseArnRegion").unwrap_or(true),
        disable_multi_region_access_points: flag("DisableMultiRegionAccessPoints").unwrap_or(false),
        use_global_endpoint: flag("UseGlobalEndpoint").unwrap_or(false),
    }
}

/// The request went to the case's URL, signed for its scope; or the call failed with its error.
fn check(expect: &Value, params: &Params, outcome: Result<SignedRequest, String>) -> Result<(), String> {
    let sent = match (expect["error"].as_str(), outcome) {
        (Some(want), Err(got)) if got.contains(want) => return Ok(()),
        (Some(want), Err(got)) => return Err(format!("wanted the error {want:?}, got {got:?}")),
        (Some(want), Ok(sent)) => return Err(format!("wanted the error {want:?}, sent to {}", sent.url)),
        (None, Err(got)) => return Err(format!("wanted {}, got the error {got:?}", expect["endpoint"]["url"])),
        (None, Ok(sent)) => sent,
    };
    let url = expect["endpoint"]["url"].as_str().unwrap_or_default();
    if expect["loose"] == true {
        let (scheme, rest) = url.split_once("://").unwrap_or_default();
        let host = rest.split('/').next().unwrap_or(rest);
        let sent_host = sent.url.split_once("://").map(|(s, rest)| (s, rest.split('/').next().unwrap_or(rest)));
        return match sent_host {
            Some((s, h)) if s == scheme && h.ends_with(host) => Ok(()),
            _ => Err(format!("wanted a host ending as {url}, sent to {}", sent.url)),
        };
    }
    if !sent.url.starts_with(url) {
        return Err(format!("wanted {url}, sent to {}", sent.url));
    }
    if let Some(path) = expect["path"].as_str().filter(|p| sent.url[url.len()..] != **p) {
        return Err(format!("wanted {url}{path}, sent to {}", sent.url));
    }
    let schemes = expect["endpoint"]["properties"]["authSchemes"].as_array().cloned().unwrap_or_default();
    let scheme = schemes.iter().find(|s| s["name"] == "sigv4").cloned().unwrap_or(Value::Null);
    let region = scheme["signingRegion"].as_str().or(params.get("Region").and_then(Value::as_str)).unwrap_or_default();
    let auth = sent.header("authorization").unwrap_or_default();
    match scheme["signingName"].as_str() {
        Some(name) if !auth.contains(&format!("/{region}/{name}/aws4_request")) => {
            Err(format!("wanted a signature for {region}/{name}, got {auth}"))
        }
        _ if !auth.contains(&format!("/{region}/")) => Err(format!("wanted a signature for {region}, got {auth}")),
        _ => Ok(()),
    }
}
