// One SSM suite against moto for every way the SSM crate can be built: from pages + model
// (`tests/tests/ssm_sources.rs`), and from the pages alone or the model alone (the crates
// `cargo xtask corpus` builds beside the corpus). The including module names the crate under test
// `ssm`, aliases the types whose names differ between builds, and says whether the build knows
// which members are secret and what the minimums are (`FROM_MODEL`: only the service model does).

use futures_util::StreamExt;
use ssm::operation::{
    add_tags_to_resource, delete_parameter, get_parameter, get_parameters_by_path, list_tags_for_resource,
    put_parameter,
};
use ssm::types::{ParameterType, Tag};

fn client(moto: &awsdoc_tests::MotoServer) -> ssm::Client {
    ssm::Client::new(moto.config()).expect("a valid client config")
}

async fn put(client: &ssm::Client, name: &str, value: &str, r#type: ParameterType) {
    let input =
        put_parameter::PutParameterInput::builder().name(name).value(value).r#type(r#type).build().unwrap();
    assert_eq!(client.send(input).await.unwrap().version, Some(1));
}

/// Parameters in and out (a decrypted secure string, typed enums, timestamps), a typed error,
/// and a builder that refuses a name below the model's minimum (when the build knows it).
#[tokio::test(flavor = "multi_thread")]
async fn parameters_round_trip_and_errors_are_typed() {
    let moto = awsdoc_tests::MotoServer::start();
    let ssm = client(&moto);
    put(&ssm, "/suite/plain", "db.internal", ParameterType::String).await;
    put(&ssm, "/suite/secret", "s3cr3t-value", ParameterType::SecureString).await;
    let get = |name: &str| get_parameter::GetParameterInput::builder().name(name).with_decryption(true).build();
    let plain = ssm.send(get("/suite/plain").unwrap()).await.unwrap().parameter.unwrap();
    assert_eq!(plain.value.as_deref(), Some("db.internal"));
    assert_eq!(plain.r#type, Some(ParameterType::String));
    assert!(plain.last_modified_date.is_some(), "timestamps decode");
    let secret = ssm.send(get("/suite/secret").unwrap()).await.unwrap();
    let request_id = ssm::operation::RequestId::request_id(&secret);
    assert!(request_id.is_some_and(|id| !id.is_empty()), "the answer's x-amzn-RequestId is kept");
    assert_eq!(secret.parameter.as_ref().and_then(|p| p.value.as_deref()), Some("s3cr3t-value"));
    assert_eq!(format!("{secret:?}").contains("s3cr3t-value"), !FROM_MODEL, "{secret:?}");

    match ssm.send(get("/suite/missing").unwrap()).await {
        Err(get_parameter::GetParameterError::ParameterNotFound(meta)) => assert_eq!(meta.status, 400),
        other => panic!("expected ParameterNotFound, got {other:?}"),
    }
    ssm.send(delete_parameter::DeleteParameterInput::builder().name("/suite/plain").build().unwrap())
        .await
        .unwrap();
    assert!(matches!(
        ssm.send(get("/suite/plain").unwrap()).await,
        Err(get_parameter::GetParameterError::ParameterNotFound(_))
    ));
    assert_eq!(get("").is_err(), FROM_MODEL, "only the model knows `Name`'s minimum");
}

/// A paginated listing through the `_items` stream, page size 4, and tags on a parameter.
#[tokio::test(flavor = "multi_thread")]
async fn pages_and_tags() {
    let moto = awsdoc_tests::MotoServer::start();
    let ssm = client(&moto);
    for i in 0..10 {
        put(&ssm, &format!("/paged/p{i:02}"), &format!("v{i}"), ParameterType::String).await;
    }
    let input = get_parameters_by_path::GetParametersByPathInput::builder().path("/paged").max_results(4).build();
    let pages: Vec<_> = ssm.get_parameters_by_path_pages(input.unwrap()).collect().await;
    assert_eq!(pages.len(), 3, "10 parameters, 4 a page");
    let mut names: Vec<String> = pages
        .into_iter()
        .flat_map(|p| p.unwrap().parameters.unwrap_or_default())
        .filter_map(|p| p.name)
        .collect();
    names.sort();
    assert_eq!(names.len(), 10);
    assert_eq!(names[0], "/paged/p00");

    let tag = Tag::builder().key("team").value("platform").build();
    let add = add_tags_to_resource::AddTagsToResourceInput::builder()
        .resource_type(ResourceTypeForTagging::Parameter)
        .resource_id("/paged/p00")
        .tags(vec![tag.clone()])
        .build()
        .unwrap();
    ssm.send(add).await.unwrap();
    let list = list_tags_for_resource::ListTagsForResourceInput::builder()
        .resource_type(ResourceTypeForTagging::Parameter)
        .resource_id("/paged/p00")
        .build()
        .unwrap();
    assert_eq!(ssm.send(list).await.unwrap().tag_list(), [tag]);
}
