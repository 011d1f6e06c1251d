//! The flagship services' generated clients against a real moto server, as fetched from their
//! pages with no hand edits: DynamoDB (nested `AttributeValue` maps and lists, a waiter, a
//! paginator whose token is a map), KMS (blobs), SQS (an enum-keyed attribute map) and Secrets
//! Manager (idempotency tokens, typed errors).

use std::collections::BTreeMap;

use awsdoc_dynamodb::operation::{create_table, get_item, put_item, query};
use awsdoc_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
};
use awsdoc_tests::MotoServer;
use futures_util::StreamExt;

fn s(v: &str) -> AttributeValue {
    AttributeValue::builder().s(v).build()
}

fn n(v: i64) -> AttributeValue {
    AttributeValue::builder().n(v.to_string()).build()
}

#[tokio::test(flavor = "multi_thread")]
async fn dynamodb_tables_nested_items_and_a_map_token_paginator() {
    let moto = MotoServer::start();
    let ddb = awsdoc_dynamodb::Client::new(moto.config()).unwrap();

    let key = |name: &str, kind: KeyType| KeySchemaElement::builder().attribute_name(name).key_type(kind).build();
    let attr =
        |name: &str| AttributeDefinition::builder().attribute_name(name).attribute_type(ScalarAttributeType::S).build();
    let create = create_table::CreateTableInput::builder()
        .table_name("music")
        .key_schema(vec![key("Artist", KeyType::Hash), key("Song", KeyType::Range)])
        .attribute_definitions(vec![attr("Artist"), attr("Song")])
        .billing_mode(BillingMode::PayPerRequest)
        .build()
        .unwrap();
    let created = ddb.send(create).await.unwrap();
    assert_eq!(created.table_description.unwrap().table_name.as_deref(), Some("music"));

    // The TableExists waiter: botocore's acceptors (path `Table.TableStatus`, and
    // ResourceNotFoundException as "not yet").
    let describe =
        awsdoc_dynamodb::operation::describe_table::DescribeTableInput::builder().table_name("music").build().unwrap();
    let done = ddb.wait_table_exists(describe).await.unwrap();
    let table = done.into_output().unwrap().table.unwrap();
    assert_eq!(table.table_status.unwrap().as_str(), "ACTIVE");

    // An item with a map holding a list holding a map: AttributeValue recursion both ways.
    let deep = AttributeValue::builder().bool(true).build();
    let tags = AttributeValue::builder()
        .l(vec![s("calm"), AttributeValue::builder().m(BTreeMap::from([("Deep".to_string(), deep)])).build()])
        .build();
    let details = AttributeValue::builder()
        .m(BTreeMap::from([("Year".to_string(), n(2020)), ("Tags".to_string(), tags)]))
        .build();
    let item = BTreeMap::from([
        ("Artist".to_string(), s("Acme Band")),
        ("Song".to_string(), s("Happy Day")),
        ("Details".to_string(), details.clone()),
    ]);
    ddb.send(put_item::PutItemInput::builder().table_name("music").item(item.clone()).build().unwrap()).await.unwrap();
    let got = ddb
        .send(
            get_item::GetItemInput::builder()
                .table_name("music")
                .key(BTreeMap::from([("Artist".to_string(), s("Acme Band")), ("Song".to_string(), s("Happy Day"))]))
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(got.item.unwrap()["Details"], details);

    // A modeled error with members of its own: the failed condition returns the item it found,
    // typed, beside the error's metadata.
    let again = put_item::PutItemInput::builder()
        .table_name("music")
        .item(item.clone())
        .condition_expression("attribute_not_exists(Artist)")
        .return_values_on_condition_check_failure(awsdoc_dynamodb::types::ReturnValuesOnConditionCheckFailure::AllOld)
        .build()
        .unwrap();
    match ddb.send(again).await {
        Err(put_item::PutItemError::ConditionalCheckFailedException(e)) => {
            assert_eq!(e.meta.code, "ConditionalCheckFailedException");
            assert_eq!(e.details.item.as_ref().map(|i| &i["Details"]), Some(&details), "{e:?}");
        }
        other => panic!("expected ConditionalCheckFailedException, got {other:?}"),
    }

    for i in 0..24 {
        let item =
            BTreeMap::from([("Artist".to_string(), s("Acme Band")), ("Song".to_string(), s(&format!("Track {i:02}")))]);
        ddb.send(put_item::PutItemInput::builder().table_name("music").item(item).build().unwrap()).await.unwrap();
    }
    let q = query::QueryInput::builder()
        .table_name("music")
        .key_condition_expression("Artist = :a")
        .expression_attribute_values(BTreeMap::from([(":a".to_string(), s("Acme Band"))]))
        .limit(10)
        .build()
        .unwrap();
    let pages: Vec<_> = ddb.query_pages(q.clone()).collect().await;
    let sizes: Vec<usize> = pages.iter().map(|p| p.as_ref().unwrap().items().len()).collect();
    assert_eq!(sizes, [10, 10, 5], "LastEvaluatedKey (a map) carried into ExclusiveStartKey");
    let items: Vec<_> = ddb.query_items(q).collect().await;
    assert_eq!(items.len(), 25);
    assert!(items.iter().all(|i| i.as_ref().unwrap()["Artist"] == s("Acme Band")));
}

#[tokio::test(flavor = "multi_thread")]
async fn kms_keys_encrypt_and_decrypt_blobs() {
    use awsdoc_kms::operation::{create_key, decrypt, encrypt, list_keys};
    let moto = MotoServer::start();
    let kms = awsdoc_kms::Client::new(moto.config()).unwrap();
    let key = kms.send(create_key::CreateKeyInput::builder().description("test key").build().unwrap()).await.unwrap();
    let key_id = key.key_metadata.unwrap().key_id.unwrap();
    let plaintext = awsdoc_kms::primitives::Blob::new(b"attack at dawn\x00\xff".to_vec());
    let enc = kms
        .send(encrypt::EncryptInput::builder().key_id(&key_id).plaintext(plaintext.clone()).build().unwrap())
        .await
        .unwrap();
    let blob = enc.ciphertext_blob.unwrap();
    assert_ne!(blob, plaintext);
    let dec = kms.send(decrypt::DecryptInput::builder().ciphertext_blob(blob).build().unwrap()).await.unwrap();
    assert_eq!(dec.plaintext, Some(plaintext));
    let keys: Vec<_> = kms.list_keys_items(list_keys::ListKeysInput::builder().build().unwrap()).collect().await;
    assert!(keys.iter().any(|k| k.as_ref().unwrap().key_id.as_deref() == Some(key_id.as_str())));
}

#[tokio::test(flavor = "multi_thread")]
async fn sqs_queues_with_enum_keyed_attributes() {
    use awsdoc_sqs::operation::{create_queue, get_queue_attributes, receive_message, send_message};
    use awsdoc_sqs::types::QueueAttributeName;
    let moto = MotoServer::start();
    let sqs = awsdoc_sqs::Client::new(moto.config()).unwrap();
    let created = sqs
        .send(
            create_queue::CreateQueueInput::builder()
                .queue_name("jobs")
                .attributes(BTreeMap::from([(QueueAttributeName::VisibilityTimeout, "45".to_string())]))
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    let url = created.queue_url.unwrap();
    let attrs = sqs
        .send(
            get_queue_attributes::GetQueueAttributesInput::builder()
                .queue_url(&url)
                .attribute_names(vec![QueueAttributeName::All])
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(attrs.attributes().get(&QueueAttributeName::VisibilityTimeout).map(String::as_str), Some("45"));
    sqs.send(send_message::SendMessageInput::builder().queue_url(&url).message_body("hello").build().unwrap())
        .await
        .unwrap();
    let got = sqs.send(receive_message::ReceiveMessageInput::builder().queue_url(&url).build().unwrap()).await.unwrap();
    assert_eq!(got.messages()[0].body.as_deref(), Some("hello"));
}

#[tokio::test(flavor = "multi_thread")]
async fn secretsmanager_secrets_tokens_and_typed_errors() {
    use awsdoc_secretsmanager::operation::{create_secret, get_secret_value, list_secrets};
    let moto = MotoServer::start();
    let sm = awsdoc_secretsmanager::Client::new(moto.config()).unwrap();
    // ClientRequestToken is an idempotency token: left out here, the client fills a UUID.
    let created = sm
        .send(create_secret::CreateSecretInput::builder().name("db/pass").secret_string("hunter2").build().unwrap())
        .await
        .unwrap();
    let version = created.version_id.unwrap();
    assert_eq!(version.len(), 36, "the version id is the UUID the client sent: {version}");
    let got =
        sm.send(get_secret_value::GetSecretValueInput::builder().secret_id("db/pass").build().unwrap()).await.unwrap();
    assert_eq!(got.secret_string.as_deref(), Some("hunter2"));
    assert_eq!(got.version_id.as_deref(), Some(version.as_str()));
    let err =
        sm.send(get_secret_value::GetSecretValueInput::builder().secret_id("nope").build().unwrap()).await.unwrap_err();
    assert!(matches!(err, get_secret_value::GetSecretValueError::ResourceNotFoundException(_)), "{err:?}");
    let all: Vec<_> = sm.list_secrets_items(list_secrets::ListSecretsInput::builder().build().unwrap()).collect().await;
    assert_eq!(all.len(), 1);
}
