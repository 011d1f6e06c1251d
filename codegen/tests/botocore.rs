//! botocore's model as the second source: bad model files are located diagnostics, and a
//! disagreement between the pages and the model stops the build at the model's line until
//! overrides.toml accepts it.

use std::path::Path;

use awsdoc_codegen::{build, read_service_dir, InputFile, ServiceInputs};

fn ssm() -> ServiceInputs {
    read_service_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../model/ssm"), "model/ssm").unwrap()
}

fn with_model(edit: impl Fn(String) -> String) -> ServiceInputs {
    let mut inputs = ssm();
    let api = inputs.api.as_mut().unwrap();
    api.bytes = edit(String::from_utf8(api.bytes.clone()).unwrap()).into_bytes();
    inputs
}

#[test]
fn malformed_json_is_located_and_nothing_is_built() {
    let inputs = with_model(|t| t.replacen("\"operations\": {", "\"operations\": {,", 1));
    let out = build(&inputs).unwrap_err().render();
    assert!(out.contains("model/ssm/botocore/service-2.json:21:17: cannot read the service model"), "{out}");
}

#[test]
fn a_missing_shape_is_named() {
    let inputs = with_model(|t| t.replace("\"shape\": \"ParameterValue\"", "\"shape\": \"NoSuchShape\""));
    let out = build(&inputs).unwrap_err().render();
    assert!(out.contains("refers to shape `NoSuchShape`, which it does not define"), "{out}");
}

#[test]
fn a_disagreement_with_the_model_is_located_and_can_be_accepted() {
    // The model's `ParameterType` enum loses a value the pages document.
    let inputs = with_model(|t| {
        t.replacen("\"String\",\n    \"StringList\",\n    \"SecureString\"", "\"String\",\n    \"SecureString\"", 1)
    });
    let out = build(&inputs).unwrap_err().render();
    assert!(out.contains("model/ssm/botocore/service-2.json:17219:3: enum values of `Type` differ"), "{out}");
    let path = "\"GetParameter.output.Parameter.Type\"";
    assert!(out.contains(path), "the message names the path to accept: {out}");
    let mut accepted = inputs.clone();
    let committed = String::from_utf8(accepted.overrides.clone().unwrap().bytes).unwrap();
    // Every place the enum is used disagrees; accepting them all builds.
    let paths: Vec<&str> = out.lines().filter_map(|l| l.split("add `").nth(1)?.split(" = ").next()).collect();
    let entries: String = paths.iter().map(|p| format!("{p} = \"a test edit\"\n")).collect();
    let text = committed.replace("[disagreements]\n", &format!("[disagreements]\n{entries}"));
    accepted.overrides = Some(InputFile { name: "overrides.toml".into(), bytes: text.into_bytes() });
    build(&accepted).unwrap_or_else(|f| panic!("{}", f.render()));
}

#[test]
fn an_operation_only_the_model_has_is_a_disagreement() {
    let mut inputs = ssm();
    inputs.pages.retain(|p| !p.name.contains("get_parameter.rst") && !p.name.ends_with("/get-parameter.rst"));
    let out = build(&inputs).unwrap_err().render();
    assert!(out.contains("the service model has operation `GetParameter`, which the pages do not document"), "{out}");
}

/// What only the model says reaches the shape model: deprecation (kms), secrets (secretsmanager).
#[test]
fn deprecation_and_sensitivity_come_from_the_model() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../model");
    let kms = build(&read_service_dir(&dir.join("kms"), "model/kms").unwrap()).unwrap().model;
    let spec = kms.operations["CreateKey"].input.iter().find(|m| m.name == "CustomerMasterKeySpec").unwrap();
    assert_eq!(
        spec.deprecated.as_deref(),
        Some("This parameter has been deprecated. Instead, use the KeySpec parameter.")
    );
    let sm = build(&read_service_dir(&dir.join("secretsmanager"), "model/secretsmanager").unwrap()).unwrap().model;
    let out = &sm.operations["GetSecretValue"].output;
    let secret: Vec<&str> = out.iter().filter(|m| m.sensitive).map(|m| m.name.as_str()).collect();
    assert_eq!(secret, ["SecretBinary", "SecretString"]);
    // The same service from its pages alone knows neither.
    let mut pages_only = read_service_dir(&dir.join("secretsmanager"), "model/secretsmanager").unwrap();
    pages_only.api = None;
    let sm = build(&pages_only).unwrap().model;
    assert!(sm.operations["GetSecretValue"].output.iter().all(|m| !m.sensitive));
}

/// HTTP bindings come from the model: awsJson's `POST /` for every operation, and a host prefix
/// (botocore's `endpoint.hostPrefix`) reaches the generated client's operation description.
#[test]
fn http_bindings_and_host_prefixes_come_from_the_model() {
    let m = build(&ssm()).unwrap_or_else(|f| panic!("{}", f.render())).model;
    assert!(m
        .operations
        .values()
        .all(|o| o.http.as_ref().is_some_and(|h| (h.method.as_str(), h.uri.as_str()) == ("POST", "/"))));
    let inputs = with_model(|t| {
        t.replacen(
            "\"name\": \"GetParameter\",",
            "\"name\": \"GetParameter\",\n   \"endpoint\": {\"hostPrefix\": \"data-\"},",
            1,
        )
    });
    let lowered = build(&inputs).unwrap_or_else(|f| panic!("{}", f.render()));
    assert_eq!(lowered.model.operations["GetParameter"].http.as_ref().unwrap().host_prefix.as_deref(), Some("data-"));
    let spec = awsdoc_codegen::emit::CrateSpec {
        package: "awsdoc-ssm".into(),
        dir: "ssm".into(),
        runtime_path: "../../runtime".into(),
        model_path: "model/ssm".into(),
    };
    let files = awsdoc_codegen::emit::emit_crate(&lowered.model, &lowered.origins, &spec).unwrap();
    let client = &files.iter().find(|(path, _)| path.ends_with("src/client.rs")).unwrap().1;
    let flat: String = client.split_whitespace().collect::<String>().replace(",)", ")");
    assert!(flat.contains("OperationSpec::new(\"GetParameter\").with_host_prefix(\"data-\")"), "{client}");
    assert_eq!(client.matches("with_host_prefix").count(), 1);

    // The same model as smithy-rpc-v2-cbor: its path names the target prefix, and the crate asks
    // the runtime for its CBOR codec; without a target prefix the emitter says what is missing.
    let mut cbor = lowered.model.clone();
    cbor.service.protocol = awsdoc_codegen::model::Protocol::RpcV2Cbor;
    let files = awsdoc_codegen::emit::emit_crate(&cbor, &lowered.origins, &spec).unwrap();
    let text = |name: &str| {
        files.iter().find(|(path, _)| path.ends_with(name)).unwrap().1.split_whitespace().collect::<String>()
    };
    assert!(text("src/client.rs").contains("RpcV2Cbor{service:\"AmazonSSM\""), "{}", text("src/client.rs"));
    assert!(text("Cargo.toml").contains("default-features=false,features=[\"cbor\"]"));
    cbor.service.target_prefix = None;
    let err = awsdoc_codegen::emit::emit_crate(&cbor, &lowered.origins, &spec).err().unwrap_or_default();
    assert!(err.contains("a smithy-rpc-v2-cbor service needs a target prefix"), "{err}");
}

/// A page's list of exceptions is checked against the model's; a page that lists none says
/// nothing about them (boto3 before 1.2x wrote no `**Exceptions**` section), and the model's
/// list stands.
#[test]
fn exceptions_are_checked_where_the_page_lists_them() {
    // The page lists InternalServerError and ParameterNotFound; the model, edited, only the first.
    let mut inputs = ssm();
    let text = String::from_utf8(inputs.api.as_ref().unwrap().bytes.clone()).unwrap();
    let at = text.find("\"DeleteParameter\": {").unwrap();
    let (head, tail) = text.split_at(at);
    let tail = tail.replacen(",\n    {\n     \"shape\": \"ParameterNotFound\"\n    }", "", 1);
    inputs.api.as_mut().unwrap().bytes = format!("{head}{tail}").into_bytes();
    let out = build(&inputs).unwrap_err().render();
    assert!(out.contains("the service model says `DeleteParameter` raises [\"InternalServerError\"], the page [\"InternalServerError\", \"ParameterNotFound\"]"), "{out}");
    // Without its Exceptions section the page is silent, and the model's list is taken.
    let mut inputs = ssm();
    let page = inputs.pages.iter_mut().find(|p| p.name.ends_with("boto3/client/delete_parameter.rst")).unwrap();
    let text = String::from_utf8(page.bytes.clone()).unwrap();
    page.bytes = text.as_bytes()[..text.find("  **Exceptions**").unwrap()].to_vec();
    let model = build(&inputs).unwrap_or_else(|f| panic!("{}", f.render())).model;
    assert_eq!(model.operations["DeleteParameter"].errors, ["InternalServerError", "ParameterNotFound"]);
}

/// Glue's `StreamingOptions.StartingTimestamp` (`Iso8601DateTime`, `timestampFormat: iso8601`)
/// goes out as RFC 3339, not as the epoch seconds awsJson writes by default: the model says so
/// for the member, and the generated schema tells the codec. From an excerpt of glue's
/// `service-2.json` (the path from `UpdateJob` to the member, other members left out).
#[test]
fn glue_iso8601_timestamps_keep_their_format() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let api = std::fs::read(dir.join("glue-update-job.service-2.json")).unwrap();
    let descriptor = "api_version = \"2017-03-31\"\nendpoint_prefix = \"glue\"\njson_version = \"1.1\"\n\
                      protocol = \"json\"\nservice_id = \"Glue\"\nsigning_name = \"glue\"\ntarget_prefix = \"AWSGlue\"\n";
    let inputs = ServiceInputs {
        pages: Vec::new(),
        descriptor: InputFile { name: "service.toml".into(), bytes: descriptor.as_bytes().to_vec() },
        overrides: None,
        api: Some(InputFile { name: "service-2.json".into(), bytes: api }),
        api_paginators: None,
        api_waiters: None,
        endpoint_rules: None,
    };
    let lowered = build(&inputs).unwrap_or_else(|f| panic!("{}", f.render()));
    let awsdoc_codegen::model::Shape::Structure { members, .. } = &lowered.model.shapes["KafkaStreamingSourceOptions"]
    else {
        panic!("not a structure")
    };
    let at = members.iter().find(|m| m.name == "StartingTimestamp").unwrap();
    assert_eq!(at.wire.timestamp_format, Some(awsdoc_codegen::model::TimestampFormat::DateTime));
    let spec = awsdoc_codegen::emit::CrateSpec {
        package: "awsdoc-glue".into(),
        dir: "glue".into(),
        runtime_path: "../../runtime".into(),
        model_path: "model/glue".into(),
    };
    let files = awsdoc_codegen::emit::emit_crate(&lowered.model, &lowered.origins, &spec).unwrap();
    let types = &files.iter().find(|(path, _)| path.ends_with("src/types.rs")).unwrap().1;
    let flat: String = types.split_whitespace().collect();
    let entry = r#"wire::Member::field("starting_timestamp","StartingTimestamp",wire::Type::Timestamp(wire::TimestampFormat::DateTime),)"#;
    assert!(flat.contains(entry), "{types}");
}
