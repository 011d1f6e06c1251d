//! S3's customer-provided keys (SSE-C) sent as the pinned botocore sends them: a key given
//! without its MD5 is the raw key (botocore's `sse_md5` handler, what boto3's pages call
//! "automatically populated"), sent base64-encoded beside its MD5; a key given with its MD5 goes
//! as it is. botocore runs in the moto venv with the request stopped before it is sent; this
//! client's goes to a stub. moto ignores SSE-C, so it cannot check this.

use std::process::Command;

use awsdoc_runtime::client::transport::Stub;
use awsdoc_runtime::client::{Config, Credentials};
use awsdoc_s3::primitives::ByteStream;

const KEY: &str = "0123456789abcdef0123456789abcdef";
const COPY_KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
const COPY_KEY_MD5: &str = "hRasmdxgYDKV3nvbahU1MA==";

const BOTOCORE: &str = r#"
import json, sys
import botocore.session

key, copy_key, copy_md5 = sys.argv[1:4]
session = botocore.session.get_session()
client = session.create_client("s3", region_name="eu-west-1", aws_access_key_id="AKIDEXAMPLE",
                               aws_secret_access_key="secret")
class Stop(Exception):
    pass
sent = []
def grab(request, **kwargs):
    headers = {k.lower(): (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()}
    sent.append({k: v for k, v in headers.items() if "customer" in k})
    raise Stop()
client.meta.events.register("before-send.s3", grab)
calls = [
    ("put_object", dict(Bucket="b", Key="k", Body=b"x", SSECustomerAlgorithm="AES256", SSECustomerKey=key)),
    ("copy_object", dict(Bucket="b", Key="k2", CopySource="b/k", SSECustomerAlgorithm="AES256",
                         SSECustomerKey=key, CopySourceSSECustomerAlgorithm="AES256",
                         CopySourceSSECustomerKey=copy_key, CopySourceSSECustomerKeyMD5=copy_md5)),
]
for name, params in calls:
    try:
        getattr(client, name)(**params)
    except Stop:
        pass
print(json.dumps(sent))
"#;

fn botocore_headers() -> Vec<serde_json::Value> {
    let out = Command::new(awsdoc_tests::python())
        .args(["-c", BOTOCORE, KEY, COPY_KEY, COPY_KEY_MD5])
        .output()
        .expect("run botocore");
    assert!(out.status.success(), "botocore failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("botocore's headers as JSON")
}

fn customer_headers(stub: &Stub, index: usize) -> serde_json::Value {
    let request = &stub.requests()[index];
    let pairs = request.headers.iter().filter(|(k, _)| k.contains("customer"));
    serde_json::Value::Object(pairs.map(|(k, v)| (k.clone(), v.clone().into())).collect())
}

#[tokio::test]
async fn customer_keys_are_sent_as_botocore_sends_them() {
    let want = botocore_headers();
    let stub = Stub::new().reply("PutObject", 200, "").reply("CopyObject", 200, "<CopyObjectResult/>");
    let config = Config::new("eu-west-1", Credentials::new("AKIDEXAMPLE", "secret", None)).with_transport(stub.clone());
    let s3 = awsdoc_s3::Client::new(config).unwrap();
    let put = s3.put_object().bucket("b").key("k").body(ByteStream::from(b"x".to_vec()));
    put.sse_customer_algorithm("AES256").sse_customer_key(KEY).send().await.unwrap();
    let copy = s3.copy_object().bucket("b").key("k2").copy_source("b/k");
    let copy = copy.sse_customer_algorithm("AES256").sse_customer_key(KEY);
    let copy = copy.copy_source_sse_customer_algorithm("AES256").copy_source_sse_customer_key(COPY_KEY);
    copy.copy_source_sse_customer_key_md5(COPY_KEY_MD5).send().await.unwrap();
    assert_eq!(customer_headers(&stub, 0), want[0], "PutObject");
    assert_eq!(customer_headers(&stub, 1), want[1], "CopyObject");
    // The raw key never travels as given.
    assert!(stub.requests().iter().all(|r| r.headers.iter().all(|(_, v)| v != KEY)));
}
