//! The generated SSM client against a real moto server: signed awsJson 1.1 requests, typed
//! results and typed errors.

use awsdoc_ssm::operation::{
    add_tags_to_resource, delete_parameter, get_parameter, get_parameters_by_path, label_parameter_version,
    list_tags_for_resource, put_parameter,
};
use awsdoc_ssm::types::{ParameterType, ResourceTypeForTagging, Tag};
use awsdoc_tests::MotoServer;
use futures_util::StreamExt;

#[tokio::test(flavor = "multi_thread")]
async fn parameters_tags_and_typed_errors() {
    let moto = MotoServer::start();
    let ssm = awsdoc_ssm::Client::new(moto.config()).unwrap();

    let put = put_parameter::PutParameterInput::builder()
        .name("/app/db/host")
        .value("db.internal")
        .r#type(ParameterType::String)
        .build()
        .unwrap();
    let out = ssm.send(put).await.unwrap();
    assert_eq!(out.version, Some(1));

    let got = ssm
        .send(get_parameter::GetParameterInput::builder().name("/app/db/host").with_decryption(true).build().unwrap())
        .await
        .unwrap();
    let p = got.parameter.unwrap();
    assert_eq!(p.value.as_deref(), Some("db.internal"));
    assert_eq!(p.r#type, Some(ParameterType::String));
    assert!(p.last_modified_date.is_some(), "timestamps decode");

    let labelled = ssm
        .send(
            label_parameter_version::LabelParameterVersionInput::builder()
                .name("/app/db/host")
                .labels(vec!["prod".to_string()])
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(labelled.parameter_version, Some(1));
    assert!(labelled.invalid_labels().is_empty());

    ssm.send(
        add_tags_to_resource::AddTagsToResourceInput::builder()
            .resource_type(ResourceTypeForTagging::Parameter)
            .resource_id("/app/db/host")
            .tags(vec![Tag::builder().key("team").value("platform").build()])
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    let tags = ssm
        .send(
            list_tags_for_resource::ListTagsForResourceInput::builder()
                .resource_type(ResourceTypeForTagging::Parameter)
                .resource_id("/app/db/host")
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(tags.tag_list().len(), 1);
    assert_eq!(tags.tag_list()[0].key.as_deref(), Some("team"));

    ssm.send(delete_parameter::DeleteParameterInput::builder().name("/app/db/host").build().unwrap()).await.unwrap();
    let err =
        ssm.send(get_parameter::GetParameterInput::builder().name("/app/db/host").build().unwrap()).await.unwrap_err();
    // One match level: the modeled exception is a variant of the operation's error.
    match err {
        get_parameter::GetParameterError::ParameterNotFound(meta) => assert_eq!(meta.code, "ParameterNotFound"),
        other => panic!("expected ParameterNotFound, got {other:?}"),
    }

    // Pagination: 27 parameters under one path, 10 a page, through both streams.
    for i in 0..27 {
        let put = put_parameter::PutParameterInput::builder()
            .name(format!("/paged/p{i:02}"))
            .value(format!("v{i}"))
            .r#type(ParameterType::String)
            .build()
            .unwrap();
        ssm.send(put).await.unwrap();
    }
    let by_path =
        || get_parameters_by_path::GetParametersByPathInput::builder().path("/paged").max_results(10).build().unwrap();
    let pages: Vec<_> = ssm.get_parameters_by_path_pages(by_path()).collect().await;
    let sizes: Vec<usize> = pages.iter().map(|p| p.as_ref().unwrap().parameters().len()).collect();
    assert_eq!(sizes, [10, 10, 7]);
    let mut names: Vec<String> =
        ssm.get_parameters_by_path_items(by_path()).map(|p| p.unwrap().name.unwrap()).collect().await;
    names.sort();
    assert_eq!(names.len(), 27);
    assert_eq!(names[0], "/paged/p00");
    // A cap on items stops fetching once it is reached.
    let first: Vec<_> = ssm.get_parameters_by_path_items(by_path()).take(12).collect().await;
    assert_eq!(first.len(), 12);
    // Resuming from a saved token continues where the first page ended.
    let token = pages[0].as_ref().unwrap().next_token.clone();
    let resumed = get_parameters_by_path::GetParametersByPathInput::builder()
        .path("/paged")
        .max_results(10)
        .set_next_token(token)
        .build()
        .unwrap();
    let rest: Vec<_> = ssm.get_parameters_by_path_items(resumed).collect().await;
    assert_eq!(rest.len(), 17);
    // A stream owns its client handle: it outlives the client it came from and runs on another task.
    let stream = ssm.get_parameters_by_path_items(by_path());
    drop(ssm);
    let spawned = tokio::spawn(stream.collect::<Vec<_>>()).await.unwrap();
    assert_eq!(spawned.len(), 27);
}
