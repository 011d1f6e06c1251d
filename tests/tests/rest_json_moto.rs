//! The restJson1 flagship services' generated clients against a real moto server, as fetched
//! from their pages with no hand edits: Lambda (a function from a zip, labels, query strings,
//! a typed error with members), API Gateway (a REST API and a resource under its root, a typed
//! `NotFoundException`) and EKS (clusters created, described and listed).

use std::collections::BTreeMap;

use awsdoc_lambda::operation::get_function::GetFunctionError;
use awsdoc_lambda::primitives::Blob;
use awsdoc_lambda::types::{FunctionCode, Runtime};
use awsdoc_tests::MotoServer;

/// A zip holding `lambda_function.py` (`def handler(event, context): return event`), stored.
const FUNCTION_ZIP: &[u8] = &[
    80, 75, 3, 4, 20, 0, 0, 0, 0, 0, 0, 0, 33, 80, 180, 8, 112, 105, 46, 0, 0, 0, 46, 0, 0, 0, 18, 0, 0, 0, 108, 97,
    109, 98, 100, 97, 95, 102, 117, 110, 99, 116, 105, 111, 110, 46, 112, 121, 100, 101, 102, 32, 104, 97, 110, 100,
    108, 101, 114, 40, 101, 118, 101, 110, 116, 44, 32, 99, 111, 110, 116, 101, 120, 116, 41, 58, 10, 32, 32, 32, 32,
    114, 101, 116, 117, 114, 110, 32, 101, 118, 101, 110, 116, 10, 80, 75, 1, 2, 20, 3, 20, 0, 0, 0, 0, 0, 0, 0, 33,
    80, 180, 8, 112, 105, 46, 0, 0, 0, 46, 0, 0, 0, 18, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 128, 1, 0, 0, 0, 0, 108, 97,
    109, 98, 100, 97, 95, 102, 117, 110, 99, 116, 105, 111, 110, 46, 112, 121, 80, 75, 5, 6, 0, 0, 0, 0, 1, 0, 1, 0,
    64, 0, 0, 0, 94, 0, 0, 0, 0, 0,
];

/// An IAM role Lambda may assume (moto checks that a function's role exists), made with the
/// generated IAM client; its ARN.
async fn lambda_role(moto: &MotoServer, name: &str) -> String {
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let iam = awsdoc_iam::Client::new(moto.config()).unwrap();
    let role = iam.create_role().role_name(name).assume_role_policy_document(policy).send().await.unwrap();
    role.role.and_then(|r| r.arn).expect("the role's ARN")
}

#[tokio::test(flavor = "multi_thread")]
async fn lambda_functions_from_a_zip_tags_listing_and_a_typed_error() {
    let moto = MotoServer::start();
    let lambda = awsdoc_lambda::Client::new(moto.config()).unwrap();

    let created = lambda
        .create_function()
        .function_name("hello")
        .runtime(Runtime::Python312)
        .role(lambda_role(&moto, "lambda-test-role").await)
        .handler("lambda_function.handler")
        .code(FunctionCode::builder().zip_file(Blob::new(FUNCTION_ZIP)).build())
        .description("first")
        .timeout(10)
        .send()
        .await
        .unwrap();
    let arn = created.function_arn.clone().unwrap();
    assert_eq!(created.function_name.as_deref(), Some("hello"));
    assert_eq!(created.code_size, Some(FUNCTION_ZIP.len() as i64));

    // A label (the name) and an answer with a nested configuration.
    let got = lambda.get_function().function_name("hello").send().await.unwrap();
    let config = got.configuration.unwrap();
    assert_eq!((config.handler.as_deref(), config.timeout), (Some("lambda_function.handler"), Some(10)));

    // Tags by ARN: the ARN's colons go into one label, percent-encoded.
    let tags = BTreeMap::from([("team".to_string(), "wire".to_string())]);
    lambda.tag_resource().resource(arn.clone()).tags(tags.clone()).send().await.unwrap();
    let listed = lambda.list_tags().resource(arn.clone()).send().await.unwrap();
    assert_eq!(listed.tags, Some(tags));

    // Query parameters.
    let page = lambda.list_functions().max_items(10).send().await.unwrap();
    assert_eq!(page.functions().len(), 1);

    let updated =
        lambda.update_function_configuration().function_name("hello").description("second").send().await.unwrap();
    assert_eq!(updated.description.as_deref(), Some("second"));

    lambda.delete_function().function_name("hello").send().await.unwrap();
    match lambda.get_function().function_name("hello").send().await {
        Err(GetFunctionError::ResourceNotFoundException(e)) => {
            assert_eq!(e.meta.status, 404);
            assert!(e.meta.message.as_deref().unwrap_or_default().contains("hello"), "{e:?}");
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn api_gateway_rest_apis_resources_and_a_typed_not_found() {
    use awsdoc_apigateway::operation::get_rest_api::GetRestApiError;
    let moto = MotoServer::start();
    let apigw = awsdoc_apigateway::Client::new(moto.config()).unwrap();

    let api = apigw.create_rest_api().name("pets").description("a test API").send().await.unwrap();
    let id = api.id.clone().unwrap();
    assert_eq!(api.name.as_deref(), Some("pets"));

    let resources = apigw.get_resources().rest_api_id(id.clone()).send().await.unwrap();
    let root = resources.items().iter().find(|r| r.path.as_deref() == Some("/")).unwrap();
    let pets = apigw
        .create_resource()
        .rest_api_id(id.clone())
        .parent_id(root.id.clone().unwrap())
        .path_part("pets")
        .send()
        .await
        .unwrap();
    assert_eq!(pets.path.as_deref(), Some("/pets"));

    let again = apigw.get_rest_api().rest_api_id(id).send().await.unwrap();
    assert_eq!(again.description.as_deref(), Some("a test API"));
    match apigw.get_rest_api().rest_api_id("nope").send().await {
        Err(GetRestApiError::NotFoundException(meta)) => assert_eq!(meta.status, 404),
        other => panic!("expected NotFoundException, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn eks_clusters_created_described_and_listed() {
    use awsdoc_eks::types::VpcConfigRequest;
    let moto = MotoServer::start();
    let eks = awsdoc_eks::Client::new(moto.config()).unwrap();

    let vpc = VpcConfigRequest::builder().subnet_ids(vec!["subnet-1".to_string(), "subnet-2".to_string()]).build();
    let created = eks
        .create_cluster()
        .name("prod")
        .role_arn("arn:aws:iam::123456789012:role/eks")
        .resources_vpc_config(vpc)
        .send()
        .await
        .unwrap();
    let cluster = created.cluster.unwrap();
    assert_eq!(cluster.name.as_deref(), Some("prod"));
    assert!(cluster.created_at.is_some(), "a timestamp read from the JSON body");

    let described = eks.describe_cluster().name("prod").send().await.unwrap();
    assert_eq!(described.cluster.unwrap().role_arn.as_deref(), Some("arn:aws:iam::123456789012:role/eks"));
    let listed = eks.list_clusters().max_results(10).send().await.unwrap();
    assert_eq!(listed.clusters(), ["prod".to_string()]);
}
