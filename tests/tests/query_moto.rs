//! The awsQuery services' generated clients against a real moto server, as fetched from their
//! pages with no hand edits: STS (who am I, a role assumed, its secret redacted), IAM (users
//! through the paginator, tags, a role whose policy document comes back decoded as boto3 gives
//! it, a typed `NoSuchEntity`), SNS (a topic, a publish with message attributes) and
//! CloudFormation (a stack from a template, its create-complete waiter, the template body read
//! back as JSON).

use std::collections::BTreeMap;
use std::time::Duration;

use awsdoc_iam::operation::get_user::GetUserError;
use awsdoc_tests::MotoServer;
use futures_util::StreamExt;

const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

#[tokio::test(flavor = "multi_thread")]
async fn sts_identity_and_an_assumed_role_whose_secret_stays_secret() {
    let moto = MotoServer::start();
    let sts = awsdoc_sts::Client::new(moto.config()).unwrap();

    let me = sts.get_caller_identity().send().await.unwrap();
    assert_eq!(me.account.as_deref(), Some("123456789012"));
    assert!(me.arn.as_deref().unwrap_or_default().starts_with("arn:aws:"), "{me:?}");

    let assumed = sts
        .assume_role()
        .role_arn("arn:aws:iam::123456789012:role/reader")
        .role_session_name("query-test")
        .duration_seconds(900)
        .send()
        .await
        .unwrap();
    let creds = assumed.credentials.clone().unwrap();
    assert!(creds.access_key_id.as_deref().unwrap_or_default().starts_with("ASIA"), "{creds:?}");
    let secret = creds.secret_access_key.clone().unwrap();
    assert!(!secret.is_empty() && creds.session_token.is_some());
    let shown = format!("{assumed:?}");
    assert!(!shown.contains(&secret), "the secret key is redacted: {shown}");
    let user = assumed.assumed_role_user.unwrap().arn.unwrap();
    assert!(user.ends_with(":assumed-role/reader/query-test"), "{user}");
}

#[tokio::test(flavor = "multi_thread")]
async fn iam_users_through_the_paginator_a_decoded_policy_and_a_typed_no_such_entity() {
    let moto = MotoServer::start();
    let iam = awsdoc_iam::Client::new(moto.config()).unwrap();

    for i in 0..5 {
        let tag = awsdoc_iam::types::Tag::builder().key("team").value(format!("t{i}")).build();
        iam.create_user().user_name(format!("user-{i}")).path("/query/").tags(vec![tag]).send().await.unwrap();
    }
    // Two users a page: the paginator follows `Marker` through `IsTruncated` pages.
    let input =
        awsdoc_iam::operation::list_users::ListUsersInput::builder().path_prefix("/query/").max_items(2).build();
    let users: Vec<_> = iam.list_users_items(input.unwrap()).collect().await;
    let names: Vec<String> = users.into_iter().map(|u| u.unwrap().user_name.unwrap()).collect();
    assert_eq!(names, ["user-0", "user-1", "user-2", "user-3", "user-4"]);

    let got = iam.get_user().user_name("user-3").send().await.unwrap().user.unwrap();
    assert_eq!(got.path.as_deref(), Some("/query/"));
    assert_eq!(got.tags().len(), 1);

    // The trust policy goes as the JSON text it is and comes back decoded (botocore's
    // `json_decode_policies`): the answer carries it percent-encoded.
    let role =
        iam.create_role().role_name("app").assume_role_policy_document(TRUST).send().await.unwrap().role.unwrap();
    let want: serde_json::Value = serde_json::from_str(TRUST).unwrap();
    assert_eq!(role.assume_role_policy_document.as_ref(), Some(&want));
    let again = iam.get_role().role_name("app").send().await.unwrap().role.unwrap();
    assert_eq!(again.assume_role_policy_document, Some(want));

    match iam.get_user().user_name("nobody").send().await {
        Err(GetUserError::NoSuchEntityException(meta)) => {
            assert_eq!((meta.code.as_str(), meta.status), ("NoSuchEntity", 404));
            assert!(meta.message.as_deref().unwrap_or_default().contains("nobody"), "{meta:?}");
        }
        other => panic!("expected NoSuchEntityException, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sns_topics_and_a_publish_with_message_attributes() {
    use awsdoc_sns::operation::publish::PublishError;
    use awsdoc_sns::types::MessageAttributeValue;
    let moto = MotoServer::start();
    let sns = awsdoc_sns::Client::new(moto.config()).unwrap();

    let arn = sns.create_topic().name("orders").send().await.unwrap().topic_arn.unwrap();
    assert!(arn.ends_with(":orders"), "{arn}");
    let topics = sns.list_topics().send().await.unwrap();
    assert_eq!(topics.topics().len(), 1);

    // Attributes are a map whose entries are `Name` and `Value` (the model's names): moto
    // refuses a publish whose attributes it cannot read.
    let attribute = |t: &str, v: &str| MessageAttributeValue::builder().data_type(t).string_value(v).build().unwrap();
    let attributes = BTreeMap::from([
        ("kind".to_string(), attribute("String", "order placed")),
        ("count".to_string(), attribute("Number", "3")),
    ]);
    let published =
        sns.publish().topic_arn(arn.clone()).message("hello & welcome").message_attributes(attributes).send().await;
    assert!(published.unwrap().message_id.is_some());

    let bad = BTreeMap::from([("n".to_string(), attribute("Number", "not a number"))]);
    // The answer's code is the model's `InvalidParameter`, whose error is `InvalidParameterException`.
    match sns.publish().topic_arn(arn).message("x").message_attributes(bad).send().await {
        Err(PublishError::InvalidParameterException(meta)) => {
            assert_eq!((meta.code.as_str(), meta.status), ("InvalidParameter", 400));
            assert!(meta.message.as_deref().unwrap_or_default().contains("'n'"), "{meta:?}");
        }
        other => panic!("expected InvalidParameterException, got {other:?}"),
    }
}

const TEMPLATE: &str =
    r#"{"Resources": {"Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "stacked"}}}}"#;

#[tokio::test(flavor = "multi_thread")]
async fn cloudformation_a_stack_its_waiter_and_its_template_as_json() {
    use awsdoc_cloudformation::operation::describe_stacks::DescribeStacksInput;
    let moto = MotoServer::start();
    let cfn = awsdoc_cloudformation::Client::new(moto.config()).unwrap();

    let id = cfn.create_stack().stack_name("web").template_body(TEMPLATE).send().await.unwrap().stack_id.unwrap();
    let describe = DescribeStacksInput::builder().stack_name("web").build().unwrap();
    let config = awsdoc_runtime::client::WaiterConfig { delay: Duration::from_millis(200), max_attempts: 50 };
    let done = cfn.wait_stack_create_complete_with(describe, config).await.unwrap();
    let stack = done.into_output().unwrap().stacks().first().cloned().unwrap();
    assert_eq!(
        (stack.stack_id.as_deref(), stack.stack_status.as_ref().map(|s| s.as_str())),
        (Some(id.as_str()), Some("CREATE_COMPLETE"))
    );

    // botocore's `json_decode_template_body`: a JSON template comes back as its value.
    let template = cfn.get_template().stack_name("web").send().await.unwrap().template_body.unwrap();
    assert_eq!(template, serde_json::from_str::<serde_json::Value>(TEMPLATE).unwrap());
}
