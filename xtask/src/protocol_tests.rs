//! `cargo xtask protocol-tests`: botocore's own protocol compliance suites (`json`, `json_1_0`,
//! `rest-json`, `rest-xml`, `query`, `ec2`,
//! `smithy-rpc-v2-cbor`; input, output and legacy), each case through the generator and the generated
//! code, checked as botocore's runner (`tests/unit/test_protocols.py`) checks it.
//!
//! The suites come from the pinned botocore's source distribution on PyPI (the wheel does not
//! ship them), fetched once into `target/protocol-tests/`. Each suite becomes a model-only
//! service (its shapes, one operation per case; cases that give one operation name two
//! definitions go to separate services), generated into a crate; one test crate holds one
//! `#[tokio::test]` per case, its data converted to the serde form along the suite's shapes.
//! A case botocore's `protocol-tests-ignore-list.json` skips is skipped; any other skip is in
//! [`SKIPS`] with its reason.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use base64::Engine as _;
use serde_json::{json, Map, Value};

use crate::census::{self, Files};
use crate::fetch_docs::Pins;
use crate::python::run_cmd;

/// The suite files run, and the protocol name botocore's ignore list files them under.
const FILES: &[(&str, &str)] = &[
    ("input/json.json", "json"),
    ("input/json_1_0.json", "json_1_0"),
    ("input/json_1_0-query-compatible.json", "json_1_0-query-compatible"),
    ("input/rest-json.json", "rest-json"),
    ("input/query.json", "query"),
    ("input/smithy-rpc-v2-cbor.json", "smithy-rpc-v2-cbor"),
    ("input/smithy-rpc-v2-cbor-query-compatible.json", "smithy-rpc-v2-cbor-query-compatible"),
    ("input/smithy-rpc-v2-cbor-non-query-compatible.json", "smithy-rpc-v2-cbor-non-query-compatible"),
    ("input/ec2.json", "ec2"),
    ("input/rest-xml.json", "rest-xml"),
    ("legacy/input/json.json", "json"),
    ("legacy/input/rest-json.json", "rest-json"),
    ("legacy/input/query.json", "query"),
    ("legacy/input/ec2.json", "ec2"),
    ("legacy/input/rest-xml.json", "rest-xml"),
    ("output/json.json", "json"),
    ("output/json_1_0.json", "json_1_0"),
    ("output/json_1_0-query-compatible.json", "json_1_0-query-compatible"),
    ("output/rest-json.json", "rest-json"),
    ("output/query.json", "query"),
    ("output/smithy-rpc-v2-cbor.json", "smithy-rpc-v2-cbor"),
    ("output/smithy-rpc-v2-cbor-query-compatible.json", "smithy-rpc-v2-cbor-query-compatible"),
    ("output/ec2.json", "ec2"),
    ("output/rest-xml.json", "rest-xml"),
    ("legacy/output/json.json", "json"),
    ("legacy/output/rest-json.json", "rest-json"),
    ("legacy/output/query.json", "query"),
    ("legacy/output/ec2.json", "ec2"),
    ("legacy/output/rest-xml.json", "rest-xml"),
];

/// Cases skipped besides botocore's ignore list, by case id (`file#id` where an output case
/// has an input's id; `file#suite:case` for the legacy cases, which have none), with the reason.
const SKIPS: &[(&str, &str)] = &[
    (
        "legacy/input/rest-json.json#5:0",
        "maps are BTreeMaps, so a query map's keys go out sorted (`fizz` before `foo`); botocore keeps \
         the caller's dict order. Query parameter order carries no meaning to a service",
    ),
    (
        "legacy/input/query.json#11:5",
        "as legacy/input/rest-json.json#5:0: a map's keys go out sorted (`bar` before `foo`)",
    ),
    (
        "legacy/output/json.json#3:1",
        "the suite declares `MapType` a string with map traits, and expects `null` list items kept",
    ),
    ("legacy/output/json.json#6:0", "event-stream outputs are left out of the generated crates (a later issue)"),
    (
        "legacy/output/json.json#7:1",
        "the error code names an exception the operation does not list: the crate reports it as \
         `Unhandled` with its code and message, and reads no members (botocore searches every shape)",
    ),
    ("legacy/output/rest-json.json#13:3", "as legacy/output/json.json#7:1: an exception the operation does not list"),
    ("legacy/output/rest-json.json#13:4", "as legacy/output/json.json#7:1: an exception the operation does not list"),
    ("legacy/output/query.json#16:1", "as legacy/output/json.json#7:1: an exception the operation does not list"),
    ("legacy/output/ec2.json#10:1", "as legacy/output/json.json#7:1: an exception the operation does not list"),
    ("legacy/output/rest-xml.json#15:1", "as legacy/output/json.json#7:1: an exception the operation does not list"),
    ("legacy/output/rest-xml.json#14:0", "as legacy/output/json.json#6:0: an event-stream output"),
    ("legacy/output/rest-xml.json#14:1", "as legacy/output/json.json#6:0: an event-stream output"),
    ("legacy/output/rest-xml.json#14:2", "as legacy/output/json.json#6:0: an event-stream output"),
    ("legacy/output/rest-xml.json#16:2", "as legacy/output/rest-json.json#17:2: an unknown union member"),
    ("legacy/input/rest-xml.json#14:0", "as legacy/input/rest-json.json#5:0: a query map's keys go out sorted"),
    (
        "legacy/input/rest-xml.json#22:5",
        "as legacy/input/rest-json.json#5:0: a map's keys go out sorted (`bar` before `foo`)",
    ),
    (
        "input/rest-xml.json#XmlMaps",
        "as legacy/input/rest-json.json#5:0: a map's keys go out sorted (`baz` before `foo`)",
    ),
    (
        "input/rest-xml.json#XmlMapsXmlName",
        "as legacy/input/rest-json.json#5:0: a map's keys go out sorted (`baz` before `foo`)",
    ),
    (
        "input/rest-xml.json#FlattenedXmlMap",
        "as legacy/input/rest-json.json#5:0: a map's keys go out sorted (`baz` before `foo`)",
    ),
    (
        "NestedXmlMapWithXmlNameSerializes",
        "the model keeps the key and value names of a member's own map, not of a map inside it \
         (`InnerKey`, `InnerValue`); no service model names them",
    ),
    ("NestedXmlMapWithXmlNameDeserializes", "as NestedXmlMapWithXmlNameSerializes: a map inside a map with named keys"),
    (
        "input/rest-xml.json#RestXmlXmlMapWithXmlNamespace",
        "the model keeps the namespace of a member's element, not of a map's key and value elements \
         inside it; no service model gives them one",
    ),
    ("input/rest-xml.json#XmlNamespaces", "as RestXmlXmlMapWithXmlNamespace: the namespace of a list's item elements"),
    (
        "legacy/output/rest-json.json#17:2",
        "an unknown union member: the crate skips it (a union from a newer service reads as empty); \
         botocore's `SDK_UNKNOWN_MEMBER` entry is its own convention",
    ),
    (
        "legacy/output/rest-json.json#9:0",
        "header names arrive in lower case (hyper, HTTP/2), so prefix-header map keys are lower case; \
         the case expects the response's own capitalisation",
    ),
];

/// One case, ready to be written as a test.
struct Case {
    test_name: String,
    krate: String,
    operation: String,
    output: bool,
    /// Input members bound to list-valued headers (their wire names).
    list_headers: Vec<String>,
    /// The error variants that carry typed details.
    typed_errors: Vec<String>,
    data: Value,
}

/// What the run found, for the summary.
#[derive(Default)]
struct Tally {
    ignored: usize,
    skipped: usize,
    refused: Vec<String>,
}

pub fn run(root: &Path) -> Result<(), String> {
    let started = Instant::now();
    let suites = suites_dir(root)?;
    let ignore: Value = read_json(&suites.join("protocol-tests-ignore-list.json"))?;
    let mut tally = Tally::default();
    let mut crates: Vec<(String, Files)> = Vec::new();
    let mut cases = Vec::new();
    for (file, protocol) in FILES {
        let path = suites.join(file);
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let parse_error = |e: serde_json::Error| format!("{}: {e}", path.display());
        let suite_list: Value = serde_json::from_str(&text).map_err(parse_error)?;
        let ordered: Ordered = serde_json::from_str(&text).map_err(parse_error)?;
        let tag = file_tag(file);
        for (i, suite) in suite_list.as_array().into_iter().flatten().enumerate() {
            let shapes = ordered.index(i).and_then(|s| s.get("shapes"));
            let ctx = SuiteCtx { file, protocol, tag: &tag, index: i, suite, shapes, ignore: &ignore };
            plan_suite(root, &ctx, &mut tally, &mut crates, &mut cases);
        }
    }
    eprintln!(
        "protocol tests: {} case(s) in {} crate(s); {} ignored as botocore ignores them, {} skipped (listed); {:.1} s to generate",
        cases.len(),
        crates.len(),
        tally.ignored,
        tally.skipped,
        started.elapsed().as_secs_f64()
    );
    if tally.skipped != SKIPS.len() {
        return Err(format!(
            "protocol tests: {} of the {} listed skips matched no case; drop the stale ones",
            SKIPS.len() - tally.skipped,
            SKIPS.len()
        ));
    }
    if !tally.refused.is_empty() {
        return Err(format!(
            "protocol tests: the generator refused {} suite service(s):\n{}",
            tally.refused.len(),
            tally.refused.join("\n")
        ));
    }
    let ws = root.join("target/protocol-tests/ws");
    let _ = fs::remove_dir_all(&ws);
    crates.push(("protocol-cases".into(), test_crate(root, &crates, &cases)));
    census::write_workspace(&ws, &crates)?;
    fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    // The corpus's target folder: the same profile, so the runtime and its dependencies are
    // built once for both.
    let target = root.join("target/corpus/target");
    let status = Command::new(env!("CARGO"))
        .args(["test", "-p", "protocol-cases", "--", "--test-threads", "2"])
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(&ws)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    eprintln!("protocol tests: {} case(s), {:.1} s in all", cases.len(), started.elapsed().as_secs_f64());
    if status.success() {
        Ok(())
    } else {
        Err(format!("protocol tests failed ({status})"))
    }
}

/// `input/json.json` → `in-json`, `legacy/output/rest-json.json` → `legacy-out-rest-json`.
fn file_tag(file: &str) -> String {
    let stem = file.trim_end_matches(".json").replace("input/", "in-").replace("output/", "out-");
    stem.replace(['/', '_'], "-")
}

pub(crate) fn read_json(path: &Path) -> Result<Value, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// `tests/unit/protocols` of the pinned botocore's source distribution, downloaded first if need be.
fn suites_dir(root: &Path) -> Result<PathBuf, String> {
    Ok(sdist_dir(root)?.join("tests/unit/protocols"))
}

/// The pinned botocore's source distribution, unpacked (into `target/protocol-tests/`),
/// downloaded from PyPI first if need be.
pub(crate) fn sdist_dir(root: &Path) -> Result<PathBuf, String> {
    let version = Pins::load(root)?.botocore;
    let base = root.join("target/protocol-tests");
    let sdist = base.join(format!("botocore-{version}"));
    let dir = sdist.join("tests/unit/protocols");
    if dir.join("protocol-tests-ignore-list.json").exists() && sdist.join("tests/functional/endpoint-rules").is_dir() {
        return Ok(sdist);
    }
    fs::create_dir_all(&base).map_err(|e| format!("{}: {e}", base.display()))?;
    eprintln!("protocol tests: fetching botocore {version}'s source distribution from PyPI");
    let spec = format!("botocore=={version}");
    run_cmd(
        Command::new("python3")
            .args(["-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps"])
            .args(["--no-binary", ":all:", &spec, "-d"])
            .arg(&base),
    )?;
    let tarball = base.join(format!("botocore-{version}.tar.gz"));
    run_cmd(Command::new("tar").arg("-xzf").arg(&tarball).arg("-C").arg(&base))?;
    if dir.exists() {
        Ok(sdist)
    } else {
        Err(format!("{} holds no tests/unit/protocols", tarball.display()))
    }
}

struct SuiteCtx<'a> {
    file: &'a str,
    protocol: &'a str,
    tag: &'a str,
    index: usize,
    suite: &'a Value,
    /// The suite's shapes in the order it gives them.
    shapes: Option<&'a Ordered>,
    ignore: &'a Value,
}

impl SuiteCtx<'_> {
    fn output(&self) -> bool {
        self.file.contains("output/")
    }

    fn description(&self) -> &str {
        self.suite["description"].as_str().unwrap_or("")
    }

    /// Whether botocore's ignore list skips this case.
    fn ignored(&self, id: &str) -> bool {
        let kind = if self.output() { "output" } else { "input" };
        let lists = [&self.ignore["general"][kind], &self.ignore["protocols"][self.protocol][kind]];
        lists.iter().any(|l| {
            let has = |key: &str, v: &str| l[key].as_array().is_some_and(|a| a.iter().any(|x| x == v));
            has("suites", self.description()) || (!id.is_empty() && has("cases", id))
        })
    }
}

/// Groups a suite's cases into services (one definition per operation name each), generates
/// each, and turns its cases into tests.
fn plan_suite(
    root: &Path,
    ctx: &SuiteCtx<'_>,
    tally: &mut Tally,
    crates: &mut Vec<(String, Files)>,
    out: &mut Vec<Case>,
) {
    let mut groups: Vec<BTreeMap<String, Value>> = Vec::new();
    let mut members: Vec<Vec<(usize, &Value)>> = Vec::new();
    for (j, case) in ctx.suite["cases"].as_array().into_iter().flatten().enumerate() {
        let id = case["id"].as_str().unwrap_or("");
        let key = if id.is_empty() { format!("{}#{}:{j}", ctx.file, ctx.index) } else { id.to_string() };
        if ctx.ignored(id) {
            tally.ignored += 1;
            continue;
        }
        // An id may need its file (`input/rest-xml.json#XmlMaps`): outputs reuse inputs' ids.
        let scoped = format!("{}#{id}", ctx.file);
        if SKIPS.iter().any(|(k, _)| *k == key || (!id.is_empty() && *k == scoped)) {
            tally.skipped += 1;
            continue;
        }
        let given = given_of(case);
        let name = given["name"].as_str().unwrap_or("OperationName").to_string();
        let slot = groups.iter().position(|g| g.get(&name).is_none_or(|d| *d == given));
        let slot = slot.unwrap_or_else(|| {
            groups.push(BTreeMap::new());
            members.push(Vec::new());
            groups.len() - 1
        });
        groups[slot].insert(name, given);
        members[slot].push((j, case));
    }
    for (g, (ops, cases)) in groups.iter().zip(&members).enumerate() {
        let service = format!("pt-{}-{}-{g}", ctx.tag, ctx.index);
        match generate(root, ctx, &service, ops) {
            Ok((files, model)) => {
                crates.push((service.clone(), files));
                for (j, case) in cases {
                    out.push(case_of(ctx, &service, &model, *j, case));
                }
            }
            Err(e) => {
                tally.refused.push(format!("{service} ({} suite {}: {}): {e}", ctx.file, ctx.index, ctx.description()))
            }
        }
    }
}

/// The case's operation definition, with botocore's defaults for what the old suites leave out.
fn given_of(case: &Value) -> Value {
    let mut given = case["given"].clone();
    if let Some(g) = given.as_object_mut() {
        g.entry("name").or_insert_with(|| json!("OperationName"));
        let http = g.entry("http").or_insert_with(|| json!({}));
        if let Some(h) = http.as_object_mut() {
            h.entry("method").or_insert_with(|| json!("POST"));
            h.entry("requestUri").or_insert_with(|| json!("/"));
        }
    }
    given
}

/// The suite as a botocore service model with these operations, through the generator.
fn generate(
    root: &Path,
    ctx: &SuiteCtx<'_>,
    service: &str,
    ops: &BTreeMap<String, Value>,
) -> Result<(Files, awsdoc_codegen::model::ServiceModel), String> {
    let meta = &ctx.suite["metadata"];
    let mut metadata = meta.as_object().cloned().unwrap_or_default();
    for (k, v) in [("serviceId", service), ("signingName", "pt"), ("endpointPrefix", "pt"), ("signatureVersion", "v4")]
    {
        metadata.entry(k).or_insert_with(|| json!(v));
    }
    metadata.entry("apiVersion").or_insert_with(|| json!("2014-01-01"));
    let api = json!({"version": "2.0", "metadata": metadata, "operations": ops, "shapes": "SHAPES"});
    let text = |k: &str| meta[k].as_str().map(str::to_string);
    let mut descriptor = format!(
        "service_id = {service:?}\nprotocol = {:?}\nsigning_name = \"pt\"\nendpoint_prefix = \"pt\"\napi_version = {:?}\n",
        text("protocol").unwrap_or_default(),
        text("apiVersion").unwrap_or_else(|| "2014-01-01".into())
    );
    // The old suites leave out what every real awsJson model has; their cases do not look at it.
    let json = meta["protocol"] == "json";
    for (key, field, fallback) in
        [("jsonVersion", "json_version", "1.1"), ("targetPrefix", "target_prefix", "ProtocolTest")]
    {
        if let Some(v) = text(key).or_else(|| json.then(|| fallback.to_string())) {
            let _ = writeln!(descriptor, "{field} = {v:?}");
        }
    }
    let file = |name: &str, bytes: Vec<u8>| awsdoc_codegen::InputFile { name: format!("{service}/{name}"), bytes };
    // `Value` would sort the shapes' members: they are spliced in as the suite orders them.
    let ordered_shapes = serde_json::to_string_pretty(&ctx.shapes).map_err(|e| e.to_string())?;
    let api_text = serde_json::to_string_pretty(&api).map_err(|e| e.to_string())?;
    let api_text = api_text.replacen("\"SHAPES\"", &ordered_shapes, 1).into_bytes();
    let inputs = awsdoc_codegen::ServiceInputs {
        pages: Vec::new(),
        descriptor: file("service.toml", descriptor.into_bytes()),
        overrides: None,
        api: Some(file("botocore/service-2.json", api_text)),
        api_paginators: None,
        api_waiters: None,
        endpoint_rules: None,
    };
    let lowered = awsdoc_codegen::build(&inputs).map_err(|f| f.render())?;
    let spec = awsdoc_codegen::emit::CrateSpec {
        package: format!("awsdoc-{service}"),
        dir: service.to_string(),
        runtime_path: root.join("runtime").display().to_string(),
        model_path: format!("{} suite {}", ctx.file, ctx.index),
    };
    let files = awsdoc_codegen::emit::emit_crate(&lowered.model, &lowered.origins, &spec)?;
    Ok((files, lowered.model))
}

/// One case as a test: its data in the serde form, and what the test calls.
fn case_of(
    ctx: &SuiteCtx<'_>,
    service: &str,
    model: &awsdoc_codegen::model::ServiceModel,
    j: usize,
    case: &Value,
) -> Case {
    let shapes = &ctx.suite["shapes"];
    let given = given_of(case);
    let operation = given["name"].as_str().unwrap_or("OperationName").to_string();
    let input_shape = given["input"]["shape"].as_str();
    let output_shape = given["output"]["shape"].as_str();
    let mut data = Map::new();
    data.insert("protocol".into(), ctx.suite["metadata"]["protocol"].clone());
    if let Some(endpoint) = ctx.suite.get("clientEndpoint") {
        data.insert("clientEndpoint".into(), endpoint.clone());
    }
    let params = case.get("params").cloned().unwrap_or_else(|| json!({}));
    data.insert("params".into(), input_shape.map_or(params.clone(), |s| to_serde(&params, s, shapes)));
    for key in ["serialized", "response", "errorCode", "errorMessage"] {
        if let Some(v) = case.get(key) {
            data.insert(key.into(), v.clone());
        }
    }
    if let Some(result) = case.get("result") {
        data.insert("result".into(), output_shape.map_or(result.clone(), |s| to_serde(result, s, shapes)));
    }
    if let Some(error) = case.get("error") {
        let code = case["errorCode"].as_str().unwrap_or("");
        let shape = error_shape(&given, code, shapes);
        data.insert("error".into(), shape.map_or(error.clone(), |s| to_serde(error, &s, shapes)));
    }
    let id = case["id"].as_str().unwrap_or("");
    let name = if id.is_empty() { format!("case{j}") } else { awsdoc_codegen::emit::names::snake(id) };
    let typed_errors = model.operations.get(&operation).map_or(Vec::new(), |op| {
        let typed = op.errors.iter().filter(|e| model.errors.contains_key(*e));
        typed.map(|e| awsdoc_codegen::emit::names::type_ident(e).to_string()).collect()
    });
    Case {
        typed_errors,
        test_name: format!("{}_{}_{}", ctx.tag.replace('-', "_"), ctx.index, name),
        krate: format!("awsdoc_{}", service.replace('-', "_")),
        operation,
        output: ctx.output(),
        list_headers: list_headers(input_shape, shapes),
        data: Value::Object(data),
    }
}

/// The error shape a code names among the operation's errors (botocore: the shape's name, or its
/// `error.code`).
fn error_shape(given: &Value, code: &str, shapes: &Value) -> Option<String> {
    given["errors"].as_array()?.iter().filter_map(|e| e["shape"].as_str()).find_map(|s| {
        let own = shapes[s]["error"]["code"].as_str().unwrap_or(s);
        (own == code || s == code).then(|| s.to_string())
    })
}

/// The wire names of an input's list-valued header members.
fn list_headers(input: Option<&str>, shapes: &Value) -> Vec<String> {
    let Some(members) = input.and_then(|s| shapes[s]["members"].as_object()) else { return Vec::new() };
    members
        .iter()
        .filter(|(_, m)| m["location"] == "header" && m["shape"].as_str().is_some_and(|s| shapes[s]["type"] == "list"))
        .map(|(name, m)| m["locationName"].as_str().unwrap_or(name).to_string())
        .collect()
}

/// botocore's parameter or result form → the serde form: blobs (given as text) become base64;
/// everything else is already what the serde form reads and writes.
fn to_serde(value: &Value, shape: &str, shapes: &Value) -> Value {
    let def = &shapes[shape];
    match (def["type"].as_str().unwrap_or(""), value) {
        ("structure", Value::Object(m)) if def["document"] != true => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let member = &def["members"][k];
                    // A `jsonvalue` member is a string holding JSON in the crate.
                    if member["jsonvalue"] == true && !v.is_string() {
                        return (k.clone(), json!(v.to_string()));
                    }
                    (k.clone(), member["shape"].as_str().map_or(v.clone(), |s| to_serde(v, s, shapes)))
                })
                .collect(),
        ),
        ("list", Value::Array(items)) => {
            let member = def["member"]["shape"].as_str().unwrap_or("");
            Value::Array(items.iter().map(|v| to_serde(v, member, shapes)).collect())
        }
        ("map", Value::Object(m)) => {
            let member = def["value"]["shape"].as_str().unwrap_or("");
            Value::Object(m.iter().map(|(k, v)| (k.clone(), to_serde(v, member, shapes))).collect())
        }
        ("blob", Value::String(s)) => json!(base64::engine::general_purpose::STANDARD.encode(s.as_bytes())),
        _ => value.clone(),
    }
}

/// The test crate: one test per case, in one file.
fn test_crate(root: &Path, crates: &[(String, Files)], cases: &[Case]) -> Files {
    let mut manifest = String::from(
        "[package]\nname = \"protocol-cases\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dev-dependencies]\n",
    );
    let _ = writeln!(manifest, "awsdoc-tests = {{ path = {:?} }}", root.join("tests").display().to_string());
    manifest
        .push_str("serde_json = \"1\"\ntokio = { version = \"1\", features = [\"rt-multi-thread\", \"macros\"] }\n");
    for (name, _) in crates {
        let _ = writeln!(manifest, "awsdoc-{name} = {{ path = \"../{name}\" }}");
    }
    let mut tests = String::from(
        "//! botocore's protocol cases, one test each (written by `cargo xtask protocol-tests`).\n\n\
         use awsdoc_tests::protocol;\n\n",
    );
    for case in cases {
        tests.push_str(&case_test(case));
    }
    vec![
        ("protocol-cases/Cargo.toml".into(), manifest),
        ("protocol-cases/src/lib.rs".into(), "//! Only tests: see `tests/`.\n".into()),
        ("protocol-cases/tests/cases.rs".into(), tests),
    ]
}

fn case_test(case: &Case) -> String {
    let module = awsdoc_codegen::emit::names::ident(&awsdoc_codegen::emit::names::snake(&case.operation)).to_string();
    let (krate, op) = (&case.krate, &case.operation);
    let data = serde_json::to_string_pretty(&case.data).unwrap_or_default();
    let mut hashes = String::from("#");
    while data.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    let mut s = format!(
        "#[tokio::test]\nasync fn {name}() {{\n    let case: serde_json::Value = serde_json::from_str(r{hashes}\"{data}\"{hashes}).unwrap();\n",
        name = case.test_name
    );
    let path = format!("{krate}::operation::{module}");
    if case.output {
        let _ = writeln!(s, "    let (config, _sent) = protocol::config(&case, Some(&case[\"response\"]));");
    } else {
        let _ = writeln!(s, "    let (config, sent) = protocol::config(&case, None);");
    }
    let _ = writeln!(s, "    let client = {krate}::Client::new(config).unwrap();");
    let _ = writeln!(s, "    let input: {path}::{op}Input = protocol::params(&case);");
    if !case.output {
        let headers: Vec<String> = case.list_headers.iter().map(|h| format!("{h:?}")).collect();
        let _ = writeln!(s, "    let _ = client.send(input).await;");
        let _ = writeln!(s, "    protocol::check_request(&case, &sent.request(), &[{}]);", headers.join(", "));
    } else if case.data.get("errorCode").is_some() {
        let _ = writeln!(s, "    let error = client.send(input).await.expect_err(\"the case answers an error\");");
        let arms: Vec<String> = case
            .typed_errors
            .iter()
            .map(|v| format!("        {path}::{op}Error::{v}(e) => Some(protocol::serde_form(&e.details)),\n"))
            .collect();
        let _ = writeln!(s, "    let details = match &error {{\n{}        _ => None,\n    }};", arms.concat());
        let _ = writeln!(s, "    let meta = error.meta().expect(\"a service error\");");
        let _ = writeln!(s, "    protocol::check_error(&case, meta, details);");
    } else {
        let _ = writeln!(s, "    let output = client.send(input).await.expect(\"the case answers success\");");
        let _ = writeln!(s, "    protocol::check_output(&case, protocol::serde_form(&output));");
    }
    s.push_str("}\n\n");
    s
}

/// JSON that keeps its objects' key order (serde_json's `Value` sorts them): a suite's shapes
/// go to the generator with their members in the order the suite gives, which is the order
/// botocore serializes query parameters in.
enum Ordered {
    Scalar(Value),
    Array(Vec<Ordered>),
    Object(Vec<(String, Ordered)>),
}

impl Ordered {
    fn get(&self, key: &str) -> Option<&Ordered> {
        match self {
            Ordered::Object(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn index(&self, i: usize) -> Option<&Ordered> {
        match self {
            Ordered::Array(a) => a.get(i),
            _ => None,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(Value::Bool(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(json!(v)))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(json!(v)))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(json!(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(json!(v)))
            }
            fn visit_unit<E>(self) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(Value::Null))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Ordered, A::Error> {
                let mut items = Vec::new();
                while let Some(v) = seq.next_element()? {
                    items.push(v);
                }
                Ok(Ordered::Array(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut entries = Vec::new();
                while let Some(e) = map.next_entry()? {
                    entries.push(e);
                }
                Ok(Ordered::Object(entries))
            }
        }
        d.deserialize_any(V)
    }
}

impl serde::Serialize for Ordered {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Ordered::Scalar(v) => v.serialize(s),
            Ordered::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for v in items {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
            Ordered::Object(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}
