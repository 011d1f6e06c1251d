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
