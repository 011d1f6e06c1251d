//! A program that already loads an AWS SDK configuration hands it over whole (feature
//! `sdk-config`): region, credentials provider, endpoint, retries and timeouts come from it.

use std::time::Duration;

use aws_types::region::Region;
use aws_types::sdk_config::{RetryConfig, SharedCredentialsProvider, TimeoutConfig};
use aws_types::SdkConfig;
use awsdoc_ssm::config::{Config, Stub};

fn sdk_config() -> SdkConfig {
    let creds = aws_credential_types::Credentials::new("AKIDFROMSDK", "sdk-secret", None, None, "test");
    SdkConfig::builder()
        .region(Region::new("eu-central-1"))
        .credentials_provider(SharedCredentialsProvider::new(creds))
        .endpoint_url("https://ssm.example.internal")
        .retry_config(RetryConfig::standard().with_max_attempts(5).with_initial_backoff(Duration::from_millis(1)))
        .timeout_config(TimeoutConfig::builder().connect_timeout(Duration::from_secs(7)).build())
        .build()
}

#[tokio::test]
async fn an_sdk_config_gives_region_credentials_endpoint_retries_and_timeouts() {
    let config = Config::from_sdk_config(&sdk_config()).unwrap();
    assert_eq!((config.region.as_str(), config.max_attempts), ("eu-central-1", 5));
    assert_eq!((config.connect_timeout, config.read_timeout), (Duration::from_secs(7), Duration::from_secs(30)));
    let stub = Stub::new().reply("GetParameter", 400, r#"{"__type": "ThrottlingException", "message": "slow"}"#);
    let ssm = awsdoc_ssm::Client::new(config.with_transport(stub.clone())).unwrap();
    assert!(ssm.get_parameter().name("/x").send().await.is_err());
    let sent = stub.requests();
    assert_eq!(sent.len(), 5, "the SDK's five attempts");
    assert_eq!(sent[0].url, "https://ssm.example.internal/");
    let auth = sent[0].header("authorization").unwrap_or_default();
    assert!(auth.contains("Credential=AKIDFROMSDK/") && auth.contains("/eu-central-1/ssm/aws4_request"), "{auth}");
}

#[test]
fn an_sdk_config_without_region_or_credentials_is_refused_by_name() {
    let no_region = SdkConfig::builder().build();
    assert_eq!(Config::from_sdk_config(&no_region).unwrap_err().to_string(), "the SdkConfig has no region");
    let no_creds = SdkConfig::builder().region(Region::new("eu-west-1")).build();
    let err = Config::from_sdk_config(&no_creds).unwrap_err().to_string();
    assert_eq!(err, "the SdkConfig has no credentials provider");
}
