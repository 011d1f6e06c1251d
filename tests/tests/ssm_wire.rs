//! The generated SSM types against JSON as SSM sends and receives it: the response bodies in the
//! CLI pages' Examples sections, and request bodies as awsJson 1.1 expects them.

use awsdoc_ssm::operation::{describe_association_executions, get_maintenance_window_execution};
use awsdoc_ssm::types::{AssociationExecutionFilter, AssociationExecutionFilterKey, AssociationFilterOperatorType};

/// The `Output::` of describe-association-executions' first example (its `...` elided).
const DESCRIBE_ASSOCIATION_EXECUTIONS: &str = r#"{
    "AssociationExecutions": [
        {
            "AssociationId": "8dfe3659-4309-493a-8755-0123456789ab",
            "AssociationVersion": "1",
            "ExecutionId": "474925ef-1249-45a2-b93d-0123456789ab",
            "Status": "Success",
            "DetailedStatus": "Success",
            "CreatedTime": 1550505827.119,
            "ResourceCountByStatus": "{Success=1}"
        }
    ]
}"#;

#[test]
fn reads_a_documented_response() {
    let out: describe_association_executions::DescribeAssociationExecutionsOutput =
        serde_json::from_str(DESCRIBE_ASSOCIATION_EXECUTIONS).unwrap();
    let e = &out.association_executions()[0];
    assert_eq!(e.association_id.as_deref(), Some("8dfe3659-4309-493a-8755-0123456789ab"));
    assert_eq!(e.created_time.unwrap().unix_timestamp_nanos(), 1_550_505_827_119_000_000);
    assert_eq!(e.resource_count_by_status.as_deref(), Some("{Success=1}"));
    assert_eq!(out.next_token, None);
}

#[test]
fn writes_requests_with_exact_wire_names_and_no_absent_members() {
    let input = describe_association_executions::DescribeAssociationExecutionsInput::builder()
        .association_id("8dfe3659-4309-493a-8755-0123456789ab")
        .filters(vec![AssociationExecutionFilter::builder()
            .key(AssociationExecutionFilterKey::CreatedTime)
            .value("2019-02-18T16:00:00Z")
            .r#type(AssociationFilterOperatorType::GreaterThan)
            .build()
            .unwrap()])
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_string(&input).unwrap(),
        r#"{"AssociationId":"8dfe3659-4309-493a-8755-0123456789ab","Filters":[{"Key":"CreatedTime","Value":"2019-02-18T16:00:00Z","Type":"GREATER_THAN"}]}"#
    );
}

/// `build()` refuses what botocore refuses before sending: a value below the model's minimum
/// (`Name` of at least 1 character, `MaxResults` of at least 1, a non-empty `Names` list).
/// Maximums are documented, not checked.
#[test]
fn builders_check_the_models_minimums() {
    use awsdoc_ssm::error::{BuildProblem, Measure};
    use awsdoc_ssm::operation::{describe_parameters, put_parameter};
    let err = put_parameter::PutParameterInput::builder().name("").value("v").build().unwrap_err();
    assert_eq!(err.to_string(), "PutParameterInput: `name` must have at least 1 character, it has 0");
    assert_eq!(err.problem, BuildProblem::BelowMinimum { measure: Measure::Characters, actual: 0.0, min: 1.0 });
    let err = describe_parameters::DescribeParametersInput::builder().max_results(0).build().unwrap_err();
    assert_eq!(err.to_string(), "DescribeParametersInput: `max_results` must be at least 1, it is 0");
    assert!(describe_parameters::DescribeParametersInput::builder().max_results(1).build().is_ok());
    let long = "n".repeat(5000);
    assert!(
        put_parameter::PutParameterInput::builder().name(long).value("v").build().is_ok(),
        "maximums are not checked"
    );
    let err =
        awsdoc_ssm::operation::get_parameters::GetParametersInput::builder().names(Vec::new()).build().unwrap_err();
    assert_eq!(err.to_string(), "GetParametersInput: `names` must have at least 1 item, it has 0");
}

#[test]
fn required_members_are_plain_and_missing_ones_are_named() {
    let err = get_maintenance_window_execution::GetMaintenanceWindowExecutionInput::builder().build().unwrap_err();
    assert_eq!(
        err.to_string(),
        "GetMaintenanceWindowExecutionInput: the required member `window_execution_id` was not set"
    );
    let back: get_maintenance_window_execution::GetMaintenanceWindowExecutionInput =
        serde_json::from_str(r#"{"WindowExecutionId":"a","Unknown":{"x":[1]}}"#).unwrap();
    assert_eq!(back.window_execution_id, "a", "unknown members are ignored");
    let missing = serde_json::from_str::<get_maintenance_window_execution::GetMaintenanceWindowExecutionInput>("{}");
    assert!(missing.unwrap_err().to_string().contains("the required member `WindowExecutionId` is missing"));
}

#[test]
fn outputs_are_constructible_and_unknown_enum_values_survive() {
    let out = get_maintenance_window_execution::GetMaintenanceWindowExecutionOutput::builder()
        .window_execution_id("w")
        ._request_id("req-7")
        .build();
    assert_eq!(serde_json::to_string(&out).unwrap(), r#"{"WindowExecutionId":"w"}"#, "the request id is no member");
    assert_eq!(awsdoc_ssm::operation::RequestId::request_id(&out), Some("req-7"));
    let mut out = get_maintenance_window_execution::GetMaintenanceWindowExecutionOutput::default();
    out.window_execution_id = Some("w".into());
    assert_eq!(serde_json::to_string(&out).unwrap(), r#"{"WindowExecutionId":"w"}"#);
    let json = r#"{"Status":"SOME_FUTURE_STATUS","StartTime":"2019-02-18T16:00:00Z"}"#;
    let out: get_maintenance_window_execution::GetMaintenanceWindowExecutionOutput =
        serde_json::from_str(json).unwrap();
    assert_eq!(out.status.as_ref().map(|s| s.as_str()), Some("SOME_FUTURE_STATUS"));
    assert_eq!(serde_json::to_string(&out).unwrap(), r#"{"Status":"SOME_FUTURE_STATUS","StartTime":1550505600}"#);
}

/// A value an enum does not know is kept as sent, in a value only the crate makes: a known value
/// is always its own variant, so a `match` on it keeps working when the enum learns values.
#[test]
fn unknown_enum_values_are_opaque_and_kept() {
    use awsdoc_ssm::types::ParameterType;
    assert_eq!(ParameterType::from("SecureString"), ParameterType::SecureString);
    let future: ParameterType = serde_json::from_str(r#""QuantumString""#).unwrap();
    match &future {
        ParameterType::Unknown(v) => assert_eq!(v.as_str(), "QuantumString"),
        other => panic!("{other:?}"),
    }
    assert_eq!(serde_json::to_string(&future).unwrap(), r#""QuantumString""#);
    assert_eq!(future.to_string(), "QuantumString");
}
