//! The three pages the project started from, parsed to snapshots a human has read, and the model
//! of their three operations merged with the pages they pair with.

use std::path::{Path, PathBuf};

use awsdoc_codegen::source::{FileId, SourceFile};
use awsdoc_codegen::{build, rst, InputFile, ServiceInputs};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds").join(name)
}

fn committed(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../model/ssm").join(rel)
}

fn outline(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let src = SourceFile::new(path.file_name().unwrap().to_string_lossy(), text);
    let mut diags = Vec::new();
    let page = rst::parse_page(FileId(0), &src, &mut diags).expect("the seed parses");
    assert!(diags.is_empty(), "{diags:?}");
    page.outline()
}

#[test]
fn seed_000_boto3_client_get_maintenance_window_execution() {
    insta::assert_snapshot!(outline(&fixture("000_76fde2e37cb270ae.txt")));
}

#[test]
fn seed_001_older_cli_get_maintenance_window_execution_task_invocation() {
    insta::assert_snapshot!(outline(&fixture("001_a1f24d2c2c05a001.txt")));
}

#[test]
fn seed_003_boto3_paginator_describe_association_executions_with_mojibake() {
    let out = outline(&fixture("003_e200c724fe9d4446.txt"));
    insta::assert_snapshot!(out);
}

#[test]
fn seed_003_mojibake_is_tolerated_and_kept() {
    let path = fixture("003_e200c724fe9d4446.txt");
    let src = SourceFile::new("003", std::fs::read_to_string(&path).unwrap());
    let mut diags = Vec::new();
    let page = rst::parse_page(FileId(0), &src, &mut diags).unwrap();
    assert!(diags.is_empty());
    let awsdoc_codegen::syntax::Page::Paginator(p) = page else { panic!("a paginator page") };
    let root = p.output.unwrap();
    let item = &root.children[0].children[0];
    let alarm = item.children.iter().find(|f| f.name.as_deref() == Some("AlarmConfiguration")).unwrap();
    assert!(alarm.children[0].docs.contains("we canâ€™t retrieve"), "{}", alarm.children[0].docs);
}

fn read(name: String, path: PathBuf) -> InputFile {
    InputFile { name, bytes: std::fs::read(path).unwrap() }
}

/// The seeds, with the committed pages that pair with them: the client pages behind the CLI and
/// paginator seeds, the current CLI page of the client seed.
fn seed_inputs() -> ServiceInputs {
    let pages = vec![
        read("seeds/000_76fde2e37cb270ae.txt".into(), fixture("000_76fde2e37cb270ae.txt")),
        read("seeds/001_a1f24d2c2c05a001.txt".into(), fixture("001_a1f24d2c2c05a001.txt")),
        read("seeds/003_e200c724fe9d4446.txt".into(), fixture("003_e200c724fe9d4446.txt")),
        read(
            "boto3/client/describe_association_executions.rst".into(),
            committed("docs/boto3/client/describe_association_executions.rst"),
        ),
        read(
            "boto3/client/get_maintenance_window_execution_task_invocation.rst".into(),
            committed("docs/boto3/client/get_maintenance_window_execution_task_invocation.rst"),
        ),
        read(
            "cli/get-maintenance-window-execution.rst".into(),
            committed("docs/cli/get-maintenance-window-execution.rst"),
        ),
        read(
            "cli/describe-association-executions.rst".into(),
            committed("docs/cli/describe-association-executions.rst"),
        ),
    ];
    ServiceInputs {
        pages,
        descriptor: read("service.toml".into(), committed("service.toml")),
        overrides: None,
        api: None,
        api_paginators: None,
        api_waiters: None,
        endpoint_rules: None,
    }
}

#[test]
fn merged_model_of_the_three_seed_operations() {
    let lowered = build(&seed_inputs()).unwrap_or_else(|f| panic!("{}", f.render()));
    insta::assert_snapshot!(lowered.model.to_json());
}

/// The generated code for the three seed operations, as a reviewer reads it.
#[test]
fn generated_code_of_the_three_seed_operations() {
    let lowered = build(&seed_inputs()).unwrap_or_else(|f| panic!("{}", f.render()));
    let spec = awsdoc_codegen::emit::CrateSpec {
        package: "awsdoc-seeds".into(),
        dir: "generated/seeds".into(),
        runtime_path: "../../runtime".into(),
        model_path: "seeds/model.json".into(),
    };
    let files = awsdoc_codegen::emit::emit_crate(&lowered.model, &lowered.origins, &spec).unwrap();
    for (path, content) in files {
        let Some(name) = path.strip_prefix("generated/seeds/src/") else { continue };
        if name == "lib.rs" || name == "operation/mod.rs" {
            continue;
        }
        let snapshot = name.replace(['/', '.'], "_");
        insta::assert_snapshot!(format!("generated_{snapshot}"), content);
    }
}
