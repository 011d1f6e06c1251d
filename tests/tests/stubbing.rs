//! How users test their own code that takes a generated client: a `Stub` transport answers by
//! operation from a script and records what was sent; no socket, no server, no credentials.

use awsdoc_ssm::config::{Config, Credentials, Stub};
use awsdoc_ssm::error::ProvideErrorMetadata;
use awsdoc_ssm::operation::get_parameter::{GetParameterError, GetParameterInput};
use awsdoc_ssm::operation::get_parameters_by_path::GetParametersByPathInput;
use awsdoc_ssm::operation::put_parameter::PutParameterError;
use awsdoc_ssm::operation::RequestId;
use futures_util::StreamExt;

/// The user's code under test, in the call shape aws-sdk-rust users know.
async fn database_host(ssm: &awsdoc_ssm::Client) -> Result<Option<String>, GetParameterError> {
    let out = ssm.get_parameter().name("/app/db/host").with_decryption(true).send().await?;
    Ok(out.parameter.and_then(|p| p.value))
}

fn client(stub: &Stub) -> awsdoc_ssm::Client {
    let config = Config::new("us-east-1", Credentials::new("test", "test", None)).with_transport(stub.clone());
    awsdoc_ssm::Client::new(config).unwrap()
}

#[tokio::test]
async fn a_stubbed_client_answers_from_the_script() {
    let stub = Stub::new()
        .reply("GetParameter", 200, r#"{"Parameter": {"Name": "/app/db/host", "Value": "db.internal", "Version": 3}}"#)
        .reply("GetParameter", 400, r#"{"__type": "ParameterNotFound", "message": "gone"}"#);
    let ssm = client(&stub);
    assert_eq!(database_host(&ssm).await.unwrap().as_deref(), Some("db.internal"));
    // The second reply, and every one after it: a typed error.
    match database_host(&ssm).await {
        Err(GetParameterError::ParameterNotFound(meta)) => {
            assert_eq!((meta.message.as_deref(), meta.request_id.as_deref()), (Some("gone"), Some("stub-request-2")))
        }
        other => panic!("expected ParameterNotFound, got {other:?}"),
    }
    // What the code sent, as JSON, and that it was signed like a real request.
    let sent = serde_json::json!({"Name": "/app/db/host", "WithDecryption": true});
    assert_eq!(stub.calls("GetParameter"), [sent.clone(), sent]);
    let auth = stub.requests()[0].header("authorization").unwrap_or_default().to_string();
    assert!(auth.starts_with("AWS4-HMAC-SHA256 Credential=test/"), "{auth}");
}

/// Code that handles every operation's errors alike reads them through one trait.
fn summary(e: &impl ProvideErrorMetadata) -> String {
    format!("{} / {} / {}", e.code().unwrap_or("-"), e.message().unwrap_or("-"), e.request_id().unwrap_or("-"))
}

#[tokio::test]
async fn errors_of_every_operation_share_code_message_and_request_id() {
    let stub = Stub::new().reply("GetParameter", 400, r#"{"__type": "ParameterNotFound", "message": "gone"}"#).reply(
        "DeleteParameter",
        400,
        r#"{"__type": "com.amazonaws.ssm#ThrottlingException", "Message": "slow"}"#,
    );
    let ssm = client(&stub);
    let get = database_host(&ssm).await.unwrap_err();
    let input = awsdoc_ssm::operation::delete_parameter::DeleteParameterInput::builder().name("/x").build().unwrap();
    let delete = ssm.send(input).await.unwrap_err();
    assert_eq!(summary(&get), "ParameterNotFound / gone / stub-request-1");
    // Throttling is retried: the error is the last attempt's (requests 2 to 4).
    assert_eq!(summary(&delete), "ThrottlingException / slow / stub-request-4");
}

/// Both call shapes: the fluent builder, and `send` with an input built beforehand; a fluent call
/// whose input cannot be built sends nothing.
#[tokio::test]
async fn fluent_and_prebuilt_inputs_send_the_same_request() {
    let stub = Stub::new().reply("GetParameter", 200, r#"{"Parameter": {"Name": "/p"}}"#);
    let ssm = client(&stub);
    ssm.get_parameter().name("/p").send().await.unwrap();
    ssm.send(GetParameterInput::builder().name("/p").build().unwrap()).await.unwrap();
    let calls = stub.calls("GetParameter");
    assert_eq!(calls, [serde_json::json!({"Name": "/p"}), serde_json::json!({"Name": "/p"})]);
    match ssm.put_parameter().name("/p").send().await {
        Err(PutParameterError::ConstructionFailure(why)) => {
            assert_eq!(why, "PutParameterInput: the required member `value` was not set")
        }
        other => panic!("expected ConstructionFailure, got {other:?}"),
    }
    assert_eq!(stub.requests().len(), 2, "nothing was sent for the unbuildable input");
}

#[tokio::test]
async fn paginators_and_unscripted_operations() {
    let stub = Stub::new()
        .reply("GetParametersByPath", 200, r#"{"Parameters": [{"Name": "/a"}, {"Name": "/b"}], "NextToken": "t1"}"#)
        .reply("GetParametersByPath", 200, r#"{"Parameters": [{"Name": "/c"}]}"#);
    let ssm = client(&stub);
    let input = GetParametersByPathInput::builder().path("/").build().unwrap();
    let names: Vec<String> =
        ssm.get_parameters_by_path_items(input).map(|p| p.unwrap().name.unwrap_or_default()).collect().await;
    assert_eq!(names, ["/a", "/b", "/c"]);
    assert_eq!(stub.calls("GetParametersByPath")[1]["NextToken"], "t1", "the second page asks for the token");
    // An operation the script does not answer is a transport error naming it.
    let err = database_host(&ssm).await.unwrap_err();
    assert!(err.to_string().contains("the stub has no reply for `GetParameter`"), "{err}");
}

#[tokio::test]
async fn outputs_carry_the_request_id_of_their_answer() {
    let stub = Stub::new().reply("GetParameter", 200, "{}");
    let ssm = client(&stub);
    let first = ssm.get_parameter().name("/x").send().await.unwrap();
    let second = ssm.send(GetParameterInput::builder().name("/y").build().unwrap()).await.unwrap();
    assert_eq!((first.request_id(), second.request_id()), (Some("stub-request-1"), Some("stub-request-2")));
    // Built by hand (for a test standing in for the service), it has the one it is given.
    let built = awsdoc_ssm::operation::get_parameter::GetParameterOutput::builder()._request_id("abc").build();
    assert_eq!(built.request_id(), Some("abc"));
}

/// SQS took over from an awsQuery API (botocore `awsQueryCompatible`) and is told
/// `x-amzn-query-mode: true` on every request, as botocore tells it; SSM is not.
#[tokio::test]
async fn sqs_requests_say_query_mode_and_ssm_requests_do_not() {
    let stub = Stub::new().reply("ListQueues", 200, r#"{"QueueUrls": ["https://sqs.us-east-1.amazonaws.com/1/q"]}"#);
    let config = Config::new("us-east-1", Credentials::new("test", "test", None)).with_transport(stub.clone());
    let sqs = awsdoc_sqs::Client::new(config).unwrap();
    let out = sqs.list_queues().send().await.unwrap();
    assert_eq!(out.queue_urls().len(), 1);
    assert_eq!(stub.requests()[0].header("x-amzn-query-mode"), Some("true"));

    let stub = Stub::new().reply("GetParameter", 200, "{}");
    database_host(&client(&stub)).await.unwrap();
    assert_eq!(stub.requests()[0].header("x-amzn-query-mode"), None);
}

/// API Gateway answers in HAL (lists under `_embedded`, so `items`, `item` on the wire, would
/// never arrive) unless asked for JSON, which botocore does by a handler (`add_accept_header`);
/// other restJson1 services send no `accept` of their own.
#[tokio::test]
async fn apigateway_requests_ask_for_json_and_lambda_requests_do_not() {
    let stub = Stub::new().reply("GetRestApis", 200, r#"{"item": [{"id": "a1b2c3", "name": "pets"}]}"#);
    let config = Config::new("us-east-1", Credentials::new("test", "test", None)).with_transport(stub.clone());
    let apigateway = awsdoc_apigateway::Client::new(config.clone()).unwrap();
    let out = apigateway.get_rest_apis().send().await.unwrap();
    assert_eq!(out.items().len(), 1);
    assert_eq!(stub.requests()[0].header("accept"), Some("application/json"));

    let stub = Stub::new().reply("ListFunctions", 200, r#"{"Functions": []}"#);
    let config = Config::new("us-east-1", Credentials::new("test", "test", None)).with_transport(stub.clone());
    let lambda = awsdoc_lambda::Client::new(config).unwrap();
    lambda.list_functions().send().await.unwrap();
    assert_eq!(stub.requests()[0].header("accept"), None);
}
