//! Presigned S3 URLs, byte for byte as the pinned botocore's `generate_presigned_url` makes them
//! for the same inputs, credentials, region and time: a GET of a key that needs escaping, a PUT
//! with an expiry, with and without a session token, virtual-hosted and path-style, and in
//! us-east-1 on the legacy global endpoint. botocore runs in the moto venv (the pinned release),
//! with its clock fixed. Its virtual-hosted cases ask for `addressing_style = virtual`: by
//! default (`auto`) botocore presigns against the legacy global endpoint
//! (`bucket.s3.amazonaws.com`, `_should_use_global_endpoint`), which this client does not; it
//! uses the regional one, as aws-sdk-s3 does. In us-east-1, botocore's default
//! (`us_east_1_regional_endpoint = legacy`) is the global endpoint for every call, which this
//! client takes with `S3Options::use_global_endpoint`; the other cases ask botocore for
//! `regional`.

use std::process::Command;
use std::time::{Duration, SystemTime};

use awsdoc_runtime::client::endpoint::{AddressingStyle, S3Options};
use awsdoc_runtime::client::presign::Presigning;
use awsdoc_runtime::client::{Config, Credentials};
use awsdoc_s3::operation::get_object::GetObjectInput;
use awsdoc_s3::operation::put_object::PutObjectInput;

/// 2026-01-02T03:04:05Z.
const AT: u64 = 1_767_323_045;

const BOTOCORE: &str = r#"
import datetime, json, sys
from unittest import mock
import botocore.session
from botocore.config import Config

cases = json.loads(sys.argv[1])
out = []
at = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
for case in cases:
    session = botocore.session.get_session()
    s3 = {"addressing_style": case["style"]}
    if not case["global"]:
        s3["us_east_1_regional_endpoint"] = "regional"
    config = Config(signature_version="s3v4", s3=s3)
    client = session.create_client(
        "s3", region_name=case["region"], aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        aws_session_token=case.get("token"), config=config)
    with mock.patch("botocore.auth.get_current_datetime", return_value=at):
        out.append(client.generate_presigned_url(
            case["op"], Params=case["params"], ExpiresIn=case["expires"], HttpMethod=case["method"]))
print(json.dumps(out))
"#;

struct Case {
    op: &'static str,
    method: &'static str,
    bucket: &'static str,
    key: &'static str,
    region: &'static str,
    style: AddressingStyle,
    token: Option<&'static str>,
    expires: u64,
    /// `us_east_1_regional_endpoint = legacy`, botocore's default.
    global: bool,
}

const CASES: &[Case] = &[
    Case {
        op: "get_object",
        method: "GET",
        bucket: "awsdoc-bucket",
        key: "dir/a b+c&d=é~.txt",
        region: "us-west-2",
        style: AddressingStyle::Virtual,
        token: None,
        expires: 900,
        global: false,
    },
    Case {
        op: "put_object",
        method: "PUT",
        bucket: "awsdoc-bucket",
        key: "uploads/report 2026.csv",
        region: "eu-central-1",
        style: AddressingStyle::Virtual,
        token: Some("FQoGZXIvYXdzEJr//////////wEaDOSESSIONTOKEN+/="),
        expires: 3600,
        global: false,
    },
    Case {
        op: "get_object",
        method: "GET",
        bucket: "awsdoc.dotted.bucket",
        key: "k",
        region: "ap-southeast-2",
        style: AddressingStyle::Path,
        token: None,
        expires: 604_800,
        global: false,
    },
    Case {
        op: "get_object",
        method: "GET",
        bucket: "awsdoc-bucket",
        key: "reports/2026.csv",
        region: "us-east-1",
        style: AddressingStyle::Auto,
        token: None,
        expires: 900,
        global: true,
    },
];

fn botocore_urls() -> Vec<String> {
    let cases: Vec<serde_json::Value> = CASES
        .iter()
        .map(|c| {
            let style = match c.style {
                AddressingStyle::Path => "path",
                AddressingStyle::Virtual => "virtual",
                AddressingStyle::Auto => "auto",
            };
            serde_json::json!({"op": c.op, "method": c.method, "region": c.region, "style": style,
                "token": c.token, "expires": c.expires, "global": c.global, "params": {"Bucket": c.bucket, "Key": c.key}})
        })
        .collect();
    let out = Command::new(awsdoc_tests::python())
        .args(["-c", BOTOCORE, &serde_json::to_string(&cases).unwrap()])
        .output()
        .expect("run botocore");
    assert!(out.status.success(), "botocore failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("botocore's URLs as JSON")
}

#[tokio::test]
async fn presigned_urls_match_botocores_byte_for_byte() {
    let want = botocore_urls();
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(AT);
    for (case, want) in CASES.iter().zip(want) {
        let creds =
            Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", case.token.map(str::to_string));
        let s3_options =
            S3Options { addressing_style: case.style, use_global_endpoint: case.global, ..S3Options::default() };
        let s3 = awsdoc_s3::Client::new(Config::new(case.region, creds).with_s3(s3_options)).unwrap();
        let presigning = Presigning::expires_in(Duration::from_secs(case.expires)).start_time(at);
        let got = match case.method {
            "GET" => {
                let input = GetObjectInput::builder().bucket(case.bucket).key(case.key).build().unwrap();
                s3.presign(input, presigning).await.unwrap()
            }
            _ => {
                let input = PutObjectInput::builder().bucket(case.bucket).key(case.key).build().unwrap();
                s3.presign(input, presigning).await.unwrap()
            }
        };
        assert_eq!(got.url, want, "{} {}", case.method, case.key);
        assert_eq!(got.method, case.method);
        let shown = format!("{got:?}");
        assert!(!shown.contains("X-Amz-Signature") && !shown.contains("AKIDEXAMPLE"), "{shown}");
    }
}

#[tokio::test]
async fn an_expiry_beyond_seven_days_is_refused() {
    let creds = Credentials::new("AKIDEXAMPLE", "secret", None);
    let s3 = awsdoc_s3::Client::new(Config::new("us-east-1", creds)).unwrap();
    let input = GetObjectInput::builder().bucket("b").key("k").build().unwrap();
    let week_and_a_second = Presigning::expires_in(Presigning::MAX_EXPIRES_IN + Duration::from_secs(1));
    let err = s3.presign(input, week_and_a_second).await.unwrap_err();
    assert!(format!("{err:?}").contains("1 second to 7 days"), "{err:?}");
}
