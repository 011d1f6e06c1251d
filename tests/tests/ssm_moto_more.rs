//! More of the generated SSM client against moto: maintenance windows, documents, commands.

use awsdoc_ssm::operation::{
    create_document, create_maintenance_window, delete_maintenance_window, describe_document,
    describe_maintenance_windows, get_maintenance_window, list_commands, list_documents,
    register_target_with_maintenance_window, register_task_with_maintenance_window, send_command,
};
use awsdoc_ssm::types::{DocumentFormat, DocumentType, MaintenanceWindowResourceType, MaintenanceWindowTaskType};
use awsdoc_tests::MotoServer;

fn target(key: &str, value: &str) -> awsdoc_ssm::types::Target {
    awsdoc_ssm::types::Target::builder().key(key).values(vec![value.into()]).build()
}

const DOCUMENT: &str = r#"{"schemaVersion":"2.2","description":"Say hello","mainSteps":[{"action":"aws:runShellScript","name":"hello","inputs":{"runCommand":["echo hello"]}}]}"#;

#[tokio::test(flavor = "multi_thread")]
async fn maintenance_windows_documents_and_commands() {
    let moto = MotoServer::start();
    let ssm = awsdoc_ssm::Client::new(moto.config()).unwrap();

    // Maintenance windows: create, get, register a target and a task, describe, delete.
    let created = ssm
        .send(
            create_maintenance_window::CreateMaintenanceWindowInput::builder()
                .name("nightly")
                .schedule("cron(0 2 ? * * *)")
                .duration(2)
                .cutoff(1)
                .allow_unassociated_targets(false)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    let window_id = created.window_id.unwrap();
    let got = ssm
        .send(get_maintenance_window::GetMaintenanceWindowInput::builder().window_id(&window_id).build().unwrap())
        .await
        .unwrap();
    assert_eq!(got.name.as_deref(), Some("nightly"));
    assert_eq!(got.duration, Some(2));
    let registered = ssm
        .send(
            register_target_with_maintenance_window::RegisterTargetWithMaintenanceWindowInput::builder()
                .window_id(&window_id)
                .resource_type(MaintenanceWindowResourceType::Instance)
                .targets(vec![target("tag:Env", "prod")])
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(registered.window_target_id.is_some());
    let task = ssm
        .send(
            register_task_with_maintenance_window::RegisterTaskWithMaintenanceWindowInput::builder()
                .window_id(&window_id)
                .targets(vec![target("WindowTargetIds", registered.window_target_id.as_deref().unwrap())])
                .task_arn("AWS-RunShellScript")
                .task_type(MaintenanceWindowTaskType::RunCommand)
                .max_concurrency("1")
                .max_errors("1")
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(task.window_task_id.is_some());
    let windows = ssm
        .send(describe_maintenance_windows::DescribeMaintenanceWindowsInput::builder().build().unwrap())
        .await
        .unwrap();
    assert!(windows.window_identities().iter().any(|w| w.window_id.as_deref() == Some(window_id.as_str())));
    ssm.send(delete_maintenance_window::DeleteMaintenanceWindowInput::builder().window_id(&window_id).build().unwrap())
        .await
        .unwrap();

    // Documents: create, describe, list.
    let doc = ssm
        .send(
            create_document::CreateDocumentInput::builder()
                .name("SayHello")
                .content(DOCUMENT)
                .document_type(DocumentType::Command)
                .document_format(DocumentFormat::Json)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(doc.document_description.unwrap().name.as_deref(), Some("SayHello"));
    let described =
        ssm.send(describe_document::DescribeDocumentInput::builder().name("SayHello").build().unwrap()).await.unwrap();
    let described = described.document.unwrap();
    assert_eq!(described.document_type, Some(DocumentType::Command));
    assert!(described.created_date.is_some());
    let listed = ssm.send(list_documents::ListDocumentsInput::builder().build().unwrap()).await.unwrap();
    assert!(listed.document_identifiers().iter().any(|d| d.name.as_deref() == Some("SayHello")));

    // Commands: send, then list.
    let sent = ssm
        .send(
            send_command::SendCommandInput::builder()
                .document_name("AWS-RunShellScript")
                .instance_ids(vec!["i-0123456789abcdef0".to_string()])
                .parameters(std::collections::BTreeMap::from([("commands".to_string(), vec!["uptime".to_string()])]))
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    let command_id = sent.command.unwrap().command_id.unwrap();
    let commands = ssm.send(list_commands::ListCommandsInput::builder().build().unwrap()).await.unwrap();
    assert!(commands.commands().iter().any(|c| c.command_id.as_deref() == Some(command_id.as_str())));
    assert!(commands.commands()[0].requested_date_time.is_some(), "timestamps decode");
}
