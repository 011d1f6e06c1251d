//! The client's own CPU per call (`cargo bench -p awsdoc-tests --bench client`): encode the input,
//! lay out the awsJson request, fetch credentials from the cache, sign with SigV4, and decode the
//! answer, against the `Stub` transport, so no network or server time is counted.

use awsdoc_ssm::config::{Config, Credentials, Stub};
use divan::Bencher;

fn main() {
    divan::main();
}

const PARAMETER: &str = r#"{"Parameter": {"Name": "/app/db/host", "Type": "String", "Value": "db.internal",
    "Version": 3, "LastModifiedDate": 1700000000.123, "ARN": "arn:aws:ssm:us-east-1:111122223333:parameter/app/db/host",
    "DataType": "text"}}"#;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

/// One `GetParameter` call through the fluent builder.
#[divan::bench(sample_count = 200)]
fn get_parameter(bencher: Bencher) {
    let rt = runtime();
    let stub = Stub::new().reply("GetParameter", 200, PARAMETER);
    let config = Config::new("us-east-1", Credentials::new("AKIDEXAMPLE", "secret", None)).with_transport(stub);
    let ssm = awsdoc_ssm::Client::new(config).unwrap();
    bencher.bench_local(|| {
        rt.block_on(async { ssm.get_parameter().name("/app/db/host").with_decryption(true).send().await.unwrap() })
    });
}

/// `Client::new`: the endpoint, which the configuration alone decides for SSM, resolved from its
/// rule set (3.7 KB minified, parsed by the first client of the process only).
#[divan::bench(sample_count = 200)]
fn ssm_client_new(bencher: Bencher) {
    let config = Config::new("us-east-1", Credentials::new("AKIDEXAMPLE", "secret", None)).with_transport(Stub::new());
    bencher.bench_local(|| awsdoc_ssm::Client::new(config.clone()).unwrap());
}

/// One `BatchGetItem` call whose endpoint is resolved for it: the table ARN among the input's
/// `RequestItems` keys and the credentials' account ID go through DynamoDB's rule set (to
/// `111122223333.ddb.us-east-1.amazonaws.com`) on every call.
#[divan::bench(sample_count = 200)]
fn dynamodb_batch_get_item_account_endpoint(bencher: Bencher) {
    use awsdoc_dynamodb::operation::batch_get_item::BatchGetItemInput;
    let rt = runtime();
    let stub = awsdoc_dynamodb::config::Stub::new().reply("BatchGetItem", 200, r#"{"Responses": {}}"#);
    let creds =
        awsdoc_dynamodb::config::Credentials::new("AKIDEXAMPLE", "secret", None).with_account_id("111122223333");
    let config = awsdoc_dynamodb::config::Config::new("us-east-1", creds).with_transport(stub.clone());
    let ddb = awsdoc_dynamodb::Client::new(config).unwrap();
    let input: BatchGetItemInput = serde_json::from_str(
        r#"{"RequestItems": {"arn:aws:dynamodb:us-east-1:111122223333:table/t": {"Keys": [{"pk": {"S": "a"}}]}}}"#,
    )
    .unwrap();
    rt.block_on(async { ddb.send(input.clone()).await.unwrap() });
    assert!(stub.requests()[0].url.starts_with("https://111122223333.ddb.us-east-1.amazonaws.com"));
    bencher.bench_local(|| rt.block_on(async { ddb.send(input.clone()).await.unwrap() }));
}
