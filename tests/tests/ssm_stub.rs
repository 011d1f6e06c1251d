//! The client against local servers: the three seed operations (which moto lacks) answered with
//! the CLI pages' example responses by a stub that checks the target, the content type and the
//! SigV4 signature; and faults (5xx, throttling, resets, slow answers) to test retries and timeouts.

use std::time::{Duration, Instant, SystemTime};

use awsdoc_ssm::config::{Config, Credentials};
use awsdoc_ssm::operation::{
    describe_association_executions, get_maintenance_window_execution,
    get_maintenance_window_execution_task_invocation, get_parameter,
};
use awsdoc_ssm::types::{MaintenanceWindowExecutionStatus, MaintenanceWindowTaskType};
use awsdoc_ssm::Client;
use awsdoc_tests::stub::{Action, Recorded, StubServer};

const KEY_ID: &str = "AKIDSTUBTEST";
const SECRET: &str = "stub-secret-key";

fn client(endpoint: &str) -> Client {
    let config = Config::new("eu-central-1", Credentials::new(KEY_ID, SECRET, Some("stub-session".into())))
        .with_endpoint_url(endpoint)
        .with_timeouts(Duration::from_secs(1), Duration::from_millis(300))
        .with_retries(3, Duration::from_millis(5), Duration::from_millis(20));
    Client::new(config).unwrap()
}

/// The first `Output::` block of a committed CLI page's Examples, as the docs show it.
fn example_output(page: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../model/ssm/docs/cli").join(page);
    let text = std::fs::read_to_string(path).unwrap();
    let start = text.find("Output::").expect("an example output") + "Output::".len();
    let block: Vec<&str> = text[start..]
        .lines()
        .skip(1)
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| l.starts_with("    ") || l.trim().is_empty())
        .collect();
    // The docs elide with `...` lines and leave a trailing comma before a closing bracket;
    // neither is JSON.
    let kept: Vec<&str> = block.into_iter().filter(|l| l.trim() != "...").collect();
    let mut fixed = String::new();
    for line in kept {
        let t = line.trim_start();
        if (t.starts_with('}') || t.starts_with(']')) && fixed.trim_end().ends_with(',') {
            let end = fixed.trim_end().len() - 1;
            fixed.truncate(end);
            fixed.push('\n');
        }
        fixed.push_str(line);
        fixed.push('\n');
    }
    serde_json::from_str::<serde_json::Value>(&fixed).unwrap_or_else(|e| panic!("{page}: {e}\n{fixed}"));
    fixed
}

/// Verifies what the stub received: target header, content type and a SigV4 signature that the
/// test credentials produce for exactly this request.
fn verify(req: &Recorded) -> Result<String, String> {
    use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
    let target = req.header("x-amz-target").ok_or("no X-Amz-Target")?;
    let op = target.strip_prefix("AmazonSSM.").ok_or_else(|| format!("target {target} lacks the AmazonSSM prefix"))?;
    if req.header("content-type") != Some("application/x-amz-json-1.1") {
        return Err(format!("content type {:?}", req.header("content-type")));
    }
    if req.method != "POST" || req.path != "/" {
        return Err(format!("{} {}", req.method, req.path));
    }
    let date = req.header("x-amz-date").ok_or("no X-Amz-Date")?;
    let format = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    let at = time::PrimitiveDateTime::parse(date, &format).map_err(|e| e.to_string())?.assume_utc();
    let identity: aws_smithy_runtime_api::client::identity::Identity =
        aws_credential_types::Credentials::new(KEY_ID, SECRET, Some("stub-session".into()), None, "stub").into();
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region("eu-central-1")
        .name("ssm")
        .time(SystemTime::from(at))
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| e.to_string())?
        .into();
    let signed: Vec<&str> = ["content-type", "host", "x-amz-target"].to_vec();
    let headers: Vec<(&str, &str)> = signed.iter().filter_map(|h| req.header(h).map(|v| (*h, v))).collect();
    let url = format!("http://{}/", req.header("host").ok_or("no Host")?);
    let signable = SignableRequest::new("POST", &url, headers.into_iter(), SignableBody::Bytes(&req.body))
        .map_err(|e| e.to_string())?;
    let (instructions, _) = sign(signable, &params).map_err(|e| e.to_string())?.into_parts();
    let expected = instructions
        .headers()
        .find(|(k, _)| *k == "authorization")
        .map(|(_, v)| v.to_string())
        .ok_or("no signature computed")?;
    if req.header("authorization") != Some(expected.as_str()) {
        return Err(format!("signature mismatch: got {:?}, expected {expected}", req.header("authorization")));
    }
    if req.header("x-amz-security-token") != Some("stub-session") {
        return Err("the session token is not sent".into());
    }
    Ok(op.to_string())
}

fn seed_responder(req: &Recorded) -> Action {
    match verify(req) {
        Err(why) => Action::Respond(
            403,
            vec![],
            serde_json::json!({"__type": "InvalidSignatureException", "message": why}).to_string(),
        ),
        Ok(op) => {
            let page = match op.as_str() {
                "GetMaintenanceWindowExecution" => "get-maintenance-window-execution.rst",
                "GetMaintenanceWindowExecutionTaskInvocation" => "get-maintenance-window-execution-task-invocation.rst",
                "DescribeAssociationExecutions" => "describe-association-executions.rst",
                other => {
                    return Action::Respond(
                        400,
                        vec![],
                        format!(r#"{{"__type":"UnknownOperationException","message":"{other}"}}"#),
                    )
                }
            };
            Action::Respond(200, vec![("x-amzn-requestid".into(), "req-1".into())], example_output(page))
        }
    }
}

#[tokio::test]
async fn the_seed_operations_are_signed_and_decode_the_documented_responses() {
    let stub = StubServer::start(vec![Action::Respond(200, vec![], String::new())], Some(seed_responder)).await;
    let ssm = client(&stub.endpoint);

    let out = ssm
        .send(
            get_maintenance_window_execution::GetMaintenanceWindowExecutionInput::builder()
                .window_execution_id("518d5565-5969-4cca-8f0e-da3b2EXAMPLE")
                .build()
                .unwrap(),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status, Some(MaintenanceWindowExecutionStatus::Success));
    assert_eq!(out.task_ids(), ["ac0c6ae1-daa3-4a89-832e-d3845EXAMPLE"]);
    assert_eq!(out.start_time.unwrap().unix_timestamp_nanos(), 1_487_692_834_595_000_000);

    let inv = ssm
        .send(
            get_maintenance_window_execution_task_invocation::GetMaintenanceWindowExecutionTaskInvocationInput::builder()
                .window_execution_id("bc494bfa-e63b-49f6-8ad1-aa9f2EXAMPLE")
                .task_id("96f2ad59-97e3-461d-a63d-40c8aEXAMPLE")
                .invocation_id("a5273e2c-d2c6-4880-b3e1-5e550EXAMPLE")
                .build()
                .unwrap(),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(inv.task_type, Some(MaintenanceWindowTaskType::RunCommand));
    assert_eq!(inv.status_details.as_deref(), Some("Failed"));

    let execs = ssm
        .send(
            describe_association_executions::DescribeAssociationExecutionsInput::builder()
                .association_id("8dfe3659-4309-493a-8755-0123456789ab")
                .build()
                .unwrap(),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(execs.association_executions().len(), 2);

    let sent = stub.requests.lock().unwrap().clone();
    assert_eq!(sent.len(), 3);
    let body: serde_json::Value = serde_json::from_slice(&sent[1].body).unwrap();
    assert_eq!(body["TaskId"], "96f2ad59-97e3-461d-a63d-40c8aEXAMPLE");
}

#[tokio::test]
async fn a_wrong_signature_is_rejected_by_the_stub() {
    let stub = StubServer::start(vec![Action::Respond(200, vec![], String::new())], Some(seed_responder)).await;
    let config = Config::new("eu-central-1", Credentials::new(KEY_ID, "not-the-secret", Some("stub-session".into())))
        .with_endpoint_url(&stub.endpoint);
    let ssm = Client::new(config).unwrap();
    let err = ssm
        .send(
            get_maintenance_window_execution::GetMaintenanceWindowExecutionInput::builder()
                .window_execution_id("6b7e2f0a-31c5-4a8e-9d43-0f1c2b3a4d5e")
                .build()
                .unwrap(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidSignatureException"), "{err}");
}

fn get(name: &str) -> get_parameter::GetParameterInput {
    get_parameter::GetParameterInput::builder().name(name).build().unwrap()
}

fn error(status: u16, code: &str) -> Action {
    Action::Respond(status, vec![], serde_json::json!({"__type": code, "message": "injected"}).to_string())
}

fn ok() -> Action {
    Action::Respond(200, vec![], r#"{"Parameter":{"Name":"a","Value":"v"}}"#.into())
}

#[tokio::test]
async fn server_errors_and_throttling_are_retried_then_succeed() {
    let stub =
        StubServer::start(vec![error(500, "InternalServerError"), error(400, "ThrottlingException"), ok()], None).await;
    let out = client(&stub.endpoint).send(get("a")).await.unwrap();
    assert_eq!(out.parameter.unwrap().value.as_deref(), Some("v"));
    assert_eq!(stub.count(), 3);
}

#[tokio::test]
async fn retries_are_bounded_and_end_in_the_modeled_error() {
    let stub = StubServer::start(vec![error(500, "InternalServerError")], None).await;
    let err = client(&stub.endpoint).send(get("a")).await.unwrap_err();
    assert!(matches!(err, get_parameter::GetParameterError::InternalServerError(_)), "{err:?}");
    assert_eq!(stub.count(), 3, "three attempts, then give up");
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let stub = StubServer::start(vec![error(400, "ParameterNotFound")], None).await;
    let err = client(&stub.endpoint).send(get("a")).await.unwrap_err();
    assert!(matches!(err, get_parameter::GetParameterError::ParameterNotFound(_)), "{err:?}");
    assert_eq!(stub.count(), 1);
}

#[tokio::test]
async fn connection_resets_end_as_transport_errors() {
    let stub = StubServer::start(vec![Action::Close], None).await;
    let err = client(&stub.endpoint).send(get("a")).await.unwrap_err();
    assert!(matches!(err, get_parameter::GetParameterError::Transport(_)), "{err:?}");
    assert_eq!(stub.count(), 3);
    // The causes are a `source()` chain: what failed, for which URL, then hyper's own error and
    // below it.
    let mut chain = Vec::new();
    let mut cause = std::error::Error::source(&err);
    while let Some(c) = cause {
        chain.push(c.to_string());
        cause = c.source();
    }
    assert!(chain.len() >= 2, "{chain:#?}");
    assert!(chain[0].contains(&format!("error sending request to {}", stub.endpoint)), "{chain:#?}");
    assert!(chain[1].contains("client error"), "{chain:#?}");
}

#[tokio::test]
async fn a_reset_then_an_answer_succeeds() {
    let stub = StubServer::start(vec![Action::Close, ok()], None).await;
    assert!(client(&stub.endpoint).send(get("a")).await.is_ok());
}

#[tokio::test]
async fn slow_answers_time_out_without_hanging() {
    let stub = StubServer::start(vec![Action::Slow(Duration::from_secs(5), 200, "{}".into())], None).await;
    let started = Instant::now();
    let err = client(&stub.endpoint).send(get("a")).await.unwrap_err();
    assert!(matches!(err, get_parameter::GetParameterError::Timeout(_)), "{err:?}");
    // Three attempts of a 300 ms read timeout plus small backoffs, far below the 5 s answer.
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
}

#[tokio::test]
async fn an_unparsable_error_is_an_invalid_response() {
    let stub = StubServer::start(vec![Action::Respond(404, vec![], "<html>not here</html>".into())], None).await;
    let err = client(&stub.endpoint).send(get("a")).await.unwrap_err();
    assert!(matches!(err, get_parameter::GetParameterError::InvalidResponse { status: 404, .. }), "{err:?}");
    assert_eq!(stub.count(), 1, "a 4xx is not retried");
}

fn invocation(status: &str) -> Action {
    Action::Respond(200, vec![], serde_json::json!({"CommandId": "c", "InstanceId": "i", "Status": status}).to_string())
}

/// Command ids are 36 characters: `build()` checks the model's minimum.
const COMMAND_ID: &str = "0b6d7c2e-1f3a-4e5b-8c9d-a0b1c2d3e4f5";

fn command_input() -> awsdoc_ssm::operation::get_command_invocation::GetCommandInvocationInput {
    awsdoc_ssm::operation::get_command_invocation::GetCommandInvocationInput::builder()
        .command_id(COMMAND_ID)
        .instance_id("i")
        .build()
        .unwrap()
}

fn fast() -> awsdoc_ssm::config::WaiterConfig {
    awsdoc_ssm::config::WaiterConfig { delay: Duration::from_millis(10), max_attempts: 5 }
}

#[tokio::test]
async fn the_waiter_polls_until_success_and_waits_out_a_missing_invocation() {
    let script = vec![
        error(400, "InvocationDoesNotExist"),
        invocation("Pending"),
        invocation("InProgress"),
        invocation("Success"),
    ];
    let stub = StubServer::start(script, None).await;
    let done = client(&stub.endpoint).wait_command_executed_with(command_input(), fast()).await.unwrap();
    let out = done.into_output().expect("an output ended the wait");
    assert_eq!(out.status.unwrap().as_str(), "Success");
    assert_eq!(stub.count(), 4);
}

#[tokio::test]
async fn the_waiter_stops_on_failure_errors_and_its_attempt_limit() {
    let stub = StubServer::start(vec![invocation("InProgress"), invocation("Failed")], None).await;
    let err = client(&stub.endpoint).wait_command_executed_with(command_input(), fast()).await.unwrap_err();
    assert!(
        matches!(err, awsdoc_ssm::WaiterError::Failed(ref o) if o.status.as_ref().unwrap().as_str() == "Failed"),
        "{err:?}"
    );

    let stub = StubServer::start(vec![error(400, "InvalidCommandId")], None).await;
    let err = client(&stub.endpoint).wait_command_executed_with(command_input(), fast()).await.unwrap_err();
    assert!(matches!(err, awsdoc_ssm::WaiterError::Operation(_)), "{err:?}");
    assert_eq!(stub.count(), 1);

    let stub = StubServer::start(vec![invocation("Pending")], None).await;
    let err = client(&stub.endpoint).wait_command_executed_with(command_input(), fast()).await.unwrap_err();
    assert_eq!(err, awsdoc_ssm::WaiterError::TimedOut { attempts: 5 });
    assert_eq!(stub.count(), 5);
}

/// A fluent `send()` is a plain function whose future is one generic `async fn`'s; it still
/// leaks `Send` and `'static`, so it can be spawned. A member that is not `Send` would fail
/// this at compile time.
#[tokio::test]
async fn fluent_send_futures_can_be_spawned() {
    fn spawnable<F: std::future::Future + Send + 'static>(f: F) -> F {
        f
    }
    let stub = StubServer::start(vec![error(400, "ParameterNotFound")], None).await;
    let client = client(&stub.endpoint);
    let call = spawnable(client.get_parameter().name("/missing").send());
    let error = tokio::spawn(call).await.unwrap().unwrap_err();
    assert!(matches!(error, get_parameter::GetParameterError::ParameterNotFound(_)), "{error:?}");
}
