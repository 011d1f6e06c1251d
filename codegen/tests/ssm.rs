//! The whole committed SSM set: counts, determinism, and the overrides' checks.

use std::path::{Path, PathBuf};

use awsdoc_codegen::model::Waiter;
use awsdoc_codegen::{build, read_service_dir, InputFile, ServiceInputs};

fn ssm_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../model/ssm")
}

fn ssm() -> ServiceInputs {
    read_service_dir(&ssm_dir(), "model/ssm").unwrap()
}

/// The pages alone, without botocore's model: shape names are the generator's own.
fn ssm_pages_only() -> ServiceInputs {
    ServiceInputs { api: None, api_paginators: None, api_waiters: None, ..ssm() }
}

#[test]
fn whole_ssm_set_builds_with_zero_diagnostics() {
    let inputs = ssm();
    let count = |p: &str| inputs.pages.iter().filter(|f| f.name.starts_with(p)).count();
    assert_eq!(count("model/ssm/docs/boto3/client/"), 158);
    assert_eq!(count("model/ssm/docs/boto3/paginator/"), 52);
    assert_eq!(count("model/ssm/docs/boto3/waiter/"), 1);
    assert_eq!(count("model/ssm/docs/cli/"), 155);
    let lowered = build(&inputs).unwrap_or_else(|f| panic!("{}", f.render()));
    let m = &lowered.model;
    assert_eq!(m.operations.len(), 154, "158 client pages less can_paginate, close, get_paginator, get_waiter");
    assert_eq!(m.operations.values().filter(|o| o.paginator.is_some()).count(), 52);
    assert_eq!(m.waiters["CommandExecuted"].operation, "GetCommandInvocation");
    assert_eq!((m.waiters["CommandExecuted"].delay, m.waiters["CommandExecuted"].max_attempts), (5, 20));
    // Every shape a type names exists, and every shape is used.
    let mut used = std::collections::BTreeSet::new();
    let mut refs = Vec::new();
    for op in m.operations.values() {
        for mem in op.input.iter().chain(&op.output) {
            mem.ty.shapes(&mut refs);
        }
    }
    for s in m.shapes.values() {
        if let awsdoc_codegen::model::Shape::Structure { members, .. } = s {
            for mem in members {
                mem.ty.shapes(&mut refs);
            }
        }
    }
    for r in refs {
        assert!(m.shapes.contains_key(&r), "{r} is named but not defined");
        used.insert(r);
    }
    assert_eq!(used.len(), m.shapes.len(), "every shape is used");
}

#[test]
fn the_names_the_issue_asks_for() {
    let m = build(&ssm()).unwrap().model;
    let ty = |op: &str, side: &str, member: &str| {
        let o = &m.operations[op];
        let list = if side == "input" { &o.input } else { &o.output };
        list.iter().find(|x| x.name == member).unwrap().ty.to_string()
    };
    assert_eq!(ty("GetMaintenanceWindowExecution", "output", "Status"), "MaintenanceWindowExecutionStatus");
    assert_eq!(ty("DescribeAssociationExecutions", "input", "Filters"), "list<AssociationExecutionFilter>");
    let awsdoc_codegen::model::Shape::Structure { members, .. } = &m.shapes["AssociationExecutionFilter"] else {
        panic!()
    };
    assert_eq!(members[0].ty.to_string(), "AssociationExecutionFilterKey");
    assert_eq!(ty("GetCommandInvocation", "output", "StandardOutputContent"), "string");
}

/// Same inputs, any order, twice: byte-identical model and origins.
#[test]
fn deterministic_whatever_the_page_order() {
    let inputs = ssm();
    let a = build(&inputs).unwrap();
    let mut shuffled = inputs.clone();
    shuffled.pages.reverse();
    let n = shuffled.pages.len();
    // A fixed, non-trivial permutation: stride through the pages.
    let order: Vec<usize> = (0..n).map(|i| (i * 7919) % n).collect();
    let mut seen = vec![false; n];
    assert!(order.iter().all(|&i| !std::mem::replace(&mut seen[i], true)), "7919 is coprime with the page count");
    shuffled.pages = order.iter().map(|&i| shuffled.pages[i].clone()).collect();
    let b = build(&shuffled).unwrap();
    let c = build(&inputs).unwrap();
    assert_eq!(a.model.to_json(), b.model.to_json());
    assert_eq!(a.model.to_json(), c.model.to_json());
    assert_eq!(serde_json::to_string(&a.origins).unwrap(), serde_json::to_string(&b.origins).unwrap());
}

/// The committed JSON reads back into the same model (the emitter's input).
#[test]
fn committed_model_round_trips() {
    let text = std::fs::read_to_string(ssm_dir().join("model.json")).unwrap();
    let model: awsdoc_codegen::model::ServiceModel = serde_json::from_str(&text).unwrap();
    assert_eq!(model.to_json(), text);
}

fn with_overrides(text: &str) -> ServiceInputs {
    let mut inputs = ssm_pages_only();
    inputs.overrides = Some(InputFile { name: "overrides.toml".into(), bytes: text.as_bytes().to_vec() });
    inputs
}

/// Both page families render one botocore model, so the committed pages agree everywhere; a
/// page that says otherwise is an error at its line until overrides.toml accepts it.
#[test]
fn an_unaccepted_disagreement_is_an_error_at_its_line() {
    let mut inputs = ssm();
    let page = "model/ssm/docs/cli/get-maintenance-window-execution.rst";
    let file = inputs.pages.iter_mut().find(|p| p.name == page).unwrap();
    let text = String::from_utf8(file.bytes.clone()).unwrap();
    file.bytes = text.replace("StartTime -> (timestamp)", "StartTime -> (string)").into_bytes();
    let out = build(&inputs).unwrap_err().render();
    assert!(
        out.contains(&format!("{page}:250:15: the CLI page says `StartTime` is String, the boto3 page says Timestamp")),
        "{out}"
    );
    let committed = String::from_utf8(inputs.overrides.clone().unwrap().bytes).unwrap();
    let accepted = committed.replace(
        "[disagreements]\n",
        "[disagreements]\n\"GetMaintenanceWindowExecution.output.StartTime\" = \"a test edit\"\n",
    );
    inputs.overrides.as_mut().unwrap().bytes = accepted.into_bytes();
    build(&inputs).unwrap_or_else(|f| panic!("{}", f.render()));
}

#[test]
fn stale_acceptances_and_unknown_pins_are_errors() {
    let committed = std::fs::read_to_string(ssm_dir().join("overrides.toml")).unwrap();
    let text = committed
        .replace("[names]\n", "[names]\n\"GetMaintenanceWindowExecution.output.Nope\" = \"Nope\"\n")
        .replace(
            "[disagreements]\n",
            "[disagreements]\n\"GetMaintenanceWindowExecution\" = \"they agree\"\n\"RetiredOperation.input.X\" = \"an older release\"\n",
        );
    let out = build(&with_overrides(&text)).unwrap_err().render();
    assert!(out.contains("no shape is used at `GetMaintenanceWindowExecution.output.Nope`"), "{out}");
    assert!(
        out.contains("`GetMaintenanceWindowExecution` is accepted as a disagreement, but the pages now agree there"),
        "{out}"
    );
    assert!(out.contains("overrides.toml:"), "{out}");
    // An acceptance about something these pages do not have (pages of another release) says so.
    assert!(out.contains("but the pages document no operation or waiter `RetiredOperation`"), "{out}");
}

#[test]
fn a_pin_renames_a_shape_and_its_children() {
    let committed = std::fs::read_to_string(ssm_dir().join("overrides.toml")).unwrap();
    let text = committed
        .replace("[names]\n", "[names]\n\"DescribeAssociationExecutions.input.Filters[]\" = \"AssocExecFilter\"\n");
    let m = build(&with_overrides(&text)).unwrap().model;
    assert!(m.shapes.contains_key("AssocExecFilter"));
    assert!(m.shapes.contains_key("AssocExecFilterKey"));
    assert!(!m.shapes.contains_key("AssociationExecutionFilter"));
}

/// Adding an operation must not rename the shapes it does not use: for a spread of operations,
/// every shape of the model built without the operation's pages keeps its name in the full model,
/// unless the operation uses a shape of that structure (then the new use site may name it).
#[test]
fn adding_an_operation_renames_no_unrelated_shape() {
    use awsdoc_codegen::model::{Shape, TypeRef};
    // With the service model every name is botocore's, whatever else is documented.
    let inputs = ssm_pages_only();
    let full = build(&inputs).unwrap().model;
    // Pages alone have no acceptors, so no waiters: which operations waiter pages poll comes
    // from the full build.
    let polled: Vec<String> = build(&ssm()).unwrap().model.waiters.into_values().map(|w| w.operation).collect();
    // Structure without shape names: what a shape is, whatever it and its children are called.
    let anon = |t: &TypeRef| {
        let mut names = Vec::new();
        t.shapes(&mut names);
        names.iter().fold(t.to_string(), |s, n| s.replace(n.as_str(), "_"))
    };
    let key = |s: &Shape| match s {
        Shape::Structure { members, .. } => {
            members.iter().map(|m| format!("{}:{}", m.name, anon(&m.ty))).collect::<Vec<_>>().join(",")
        }
        Shape::Enum { values, .. } => values.join("|"),
    };
    let mut renamed = Vec::new();
    // Every operation in CI (about a minute in a debug build); a spread of them locally.
    let step = std::env::var("AWSDOC_STABILITY_STEP").ok().and_then(|s| s.parse().ok());
    let step = step.unwrap_or(if std::env::var_os("CI").is_some() { 1 } else { 15 });
    for op in full.operations.keys().step_by(step) {
        if polled.contains(op) {
            continue; // Its waiter pages would be orphans: a different test.
        }
        // Shapes the operation reaches in the full model.
        let mut todo = Vec::new();
        for m in full.operations[op].input.iter().chain(&full.operations[op].output) {
            m.ty.shapes(&mut todo);
        }
        let mut reach = std::collections::BTreeSet::new();
        while let Some(n) = todo.pop() {
            if reach.insert(n.clone()) {
                if let Some(Shape::Structure { members, .. }) = full.shapes.get(&n) {
                    for m in members {
                        m.ty.shapes(&mut todo);
                    }
                }
            }
        }
        let related: std::collections::BTreeSet<String> = reach.iter().map(|n| key(&full.shapes[n])).collect();

        let snake = heck::ToSnakeCase::to_snake_case(op.as_str());
        let kebab = heck::ToKebabCase::to_kebab_case(op.as_str());
        let mut without = inputs.clone();
        without.pages.retain(|p| {
            !(p.name.ends_with(&format!("/client/{snake}.rst"))
                || p.name.ends_with(&format!("/paginator/{op}.rst"))
                || p.name.ends_with(&format!("/cli/{kebab}.rst")))
        });
        let removed = inputs.pages.len() - without.pages.len();
        assert!((1..=3).contains(&removed), "{op}: removed {removed} pages");
        // Acceptances about the removed operation are stale without it.
        let overrides = String::from_utf8(inputs.overrides.clone().unwrap().bytes).unwrap();
        let kept: Vec<&str> = overrides.lines().filter(|l| !l.starts_with(&format!("\"{op}"))).collect();
        without.overrides.as_mut().unwrap().bytes = kept.join("\n").into_bytes();
        let smaller = build(&without).unwrap_or_else(|f| panic!("without {op}: {}", f.render())).model;
        for (name, shape) in &smaller.shapes {
            if !full.shapes.contains_key(name) && !related.contains(&key(shape)) {
                renamed.push(format!("adding {op} renames {name}"));
            }
        }
    }
    assert!(renamed.is_empty(), "{renamed:#?}");
}

/// Real history: SSM as boto3 1.40.0 / awscli 1.42.0 (August 2025) documented it, against the
/// committed model (boto3 1.44.5). The old model was built by `cargo xtask fetch-docs ssm --boto3
/// 1.40.0 --awscli 1.42.0` and `cargo xtask codegen` in a scratch copy.
#[test]
fn api_changes_since_boto3_1_40_0() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let old: awsdoc_codegen::model::ServiceModel = serde_json::from_str(
        &std::fs::read_to_string(dir.join("tests/fixtures/ssm-boto3-1.40.0-awscli-1.42.0.model.json")).unwrap(),
    )
    .unwrap();
    // The old model was built from pages alone; so is the new one here, so that the report shows
    // what changed between releases, not what the service model adds (a test of its own).
    let mut new = build(&ssm_pages_only()).unwrap_or_else(|f| panic!("{}", f.render())).model;
    // The old model's waiter acceptors came from botocore's waiters-2.json as the new build's
    // do; pages alone have none, so the waiter is taken from the full build.
    new.waiters = build(&ssm()).unwrap().model.waiters;
    new.left_out.clear();
    let report = awsdoc_codegen::diff::diff(&old, &new);
    // SSM grew in that year and broke nothing; two operations gained an error.
    assert_eq!(report.worst(), Some(awsdoc_codegen::diff::Severity::Risky));
    let text = report.to_text(false, false);
    assert!(text.contains("CreateCloudConnector: operation added"), "{text}");
    assert!(text.contains("DeleteResourcePolicy.input.DeletionMode: optional member added"), "{text}");
    insta::assert_snapshot!(report.to_markdown(false));
}

/// Real history over four years: SSM as boto3 1.20.0 / awscli 1.22.0 (November 2021) documented
/// it, pages and botocore 1.23.0's model together, against the committed model (boto3 1.44.5).
/// The old model was built by `cargo xtask fetch-docs ssm --boto3 1.20.0 --awscli 1.22.0 --out
/// <dir>` (boto3's single service page of that time) and `cargo xtask codegen ssm` in a scratch
/// copy; it built with no diagnostic. The operations botocore's own models add between the two
/// releases (`ssm-botocore-1.23.0-operations.txt` lists the old ones) must each be reported.
#[test]
fn api_changes_since_boto3_1_20_0() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let old: awsdoc_codegen::model::ServiceModel =
        serde_json::from_str(&read("ssm-boto3-1.20.0-awscli-1.22.0.model.json")).unwrap();
    let new = build(&ssm()).unwrap_or_else(|f| panic!("{}", f.render())).model;
    let report = awsdoc_codegen::diff::diff(&old, &new);
    let text = report.to_text(false, false);
    let before: Vec<String> = read("ssm-botocore-1.23.0-operations.txt").lines().map(str::to_string).collect();
    let api = String::from_utf8(ssm().api.unwrap().bytes).unwrap();
    let api: serde_json::Value = serde_json::from_str(&api).unwrap();
    let added: Vec<&String> = api["operations"].as_object().unwrap().keys().filter(|op| !before.contains(op)).collect();
    assert_eq!(added.len(), 19, "{added:?}");
    for op in added {
        assert!(text.contains(&format!("{op}: operation added")), "{op} is not reported as added:\n{text}");
    }
    insta::assert_snapshot!(report.to_markdown(false));
}

/// A waiter whose acceptors nobody supplied is left out with a located warning and listed in
/// the model; any JMESPath is generated (functions, filters), but a path that names no output
/// member, anywhere in it, is an error.
#[test]
fn waiters_without_usable_acceptors_are_left_out_with_a_warning() {
    let lowered = build(&ssm_pages_only()).unwrap_or_else(|f| panic!("{}", f.render()));
    assert!(lowered.model.waiters.is_empty());
    let why = &lowered.model.left_out["waiter CommandExecuted"];
    assert!(why.contains("neither the service model's waiters-2.json nor overrides.toml"), "{why}");
    assert!(
        lowered.warnings.iter().any(|w| w.starts_with(
            "model/ssm/docs/boto3/waiter/CommandExecuted.rst:9:1: warning: waiter CommandExecuted is left out"
        )),
        "{:#?}",
        lowered.warnings
    );

    let mut inputs = ssm();
    let with_argument = |argument: &str| {
        let text = String::from_utf8(ssm().api_waiters.unwrap().bytes).unwrap();
        let edited = text.replace(r#""argument": "Status""#, &format!("\"argument\": {}", serde_json::json!(argument)));
        Some(InputFile { name: "model/ssm/botocore/waiters-2.json".into(), bytes: edited.into_bytes() })
    };
    inputs.api_waiters = with_argument("contains(`[\"Success\", \"Delayed\"]`, Status)");
    let lowered = build(&inputs).unwrap_or_else(|f| panic!("{}", f.render()));
    assert!(lowered.model.waiters.contains_key("CommandExecuted"), "a function is generated");
    assert!(lowered.warnings.is_empty(), "{:?}", lowered.warnings);

    inputs.api_waiters = with_argument("length(Items[?Status == 'x']) > `0`");
    let out = build(&inputs).unwrap_err().render();
    assert!(out.contains("there is no member `Items` in the output of `GetCommandInvocation`"), "{out}");

    inputs.api_waiters = with_argument("Stauts");
    let out = build(&inputs).unwrap_err().render();
    assert!(
        out.contains("waiter path `Stauts`: there is no member `Stauts` in the output of `GetCommandInvocation`"),
        "{out}"
    );
}

/// The waiter pages and `waiters-2.json` must agree on the operation, delay and attempts: a
/// difference is a disagreement located in the model file, accepted only with a reason.
#[test]
fn a_waiter_page_is_checked_against_the_model() {
    let mut inputs = ssm();
    let text = String::from_utf8(inputs.api_waiters.take().unwrap().bytes).unwrap();
    let edited = text.replacen(r#""delay": 5"#, r#""delay": 7"#, 1);
    inputs.api_waiters =
        Some(InputFile { name: "model/ssm/botocore/waiters-2.json".into(), bytes: edited.into_bytes() });
    let out = build(&inputs).unwrap_err().render();
    assert!(
        out.contains(
            "model/ssm/botocore/waiters-2.json:4:3: waiter `CommandExecuted` polls `GetCommandInvocation` every 7 s \
             at most 20 times in the service model, `GetCommandInvocation` every 5 s at most 20 times in the pages"
        ),
        "{out}"
    );
    assert!(out.contains(r#"add `"waiters.CommandExecuted" = "<why>"` under [disagreements]"#), "{out}");
    let accepted = format!(
        "{}\n\"waiters.CommandExecuted\" = \"test: the model was edited\"\n",
        String::from_utf8(inputs.overrides.clone().unwrap().bytes).unwrap()
    );
    inputs.overrides = Some(InputFile { name: "model/ssm/overrides.toml".into(), bytes: accepted.into_bytes() });
    let m = build(&inputs).unwrap_or_else(|f| panic!("{}", f.render())).model;
    assert_eq!(m.waiters["CommandExecuted"].delay, 5, "the page's delay, accepted");
}

/// What the pages lose against botocore's model, as `diff-model` reports it from a pages-only
/// build to the committed pages + model build: widths the pages do not tell (paginator
/// arguments the CLI hides), map keys that are enums, and botocore's shape names. Reviewed as a
/// snapshot.
#[test]
fn what_the_pages_lose_against_the_model() {
    let pages = build(&ssm_pages_only()).unwrap_or_else(|f| panic!("{}", f.render())).model;
    let both = build(&ssm()).unwrap_or_else(|f| panic!("{}", f.render())).model;
    let report = awsdoc_codegen::diff::diff(&pages, &both);
    let text = report.to_text(false, false);
    assert!(text.contains("renamed from `ParametersByPathParameter`"), "{text}");
    assert!(text.contains("GetOpsSummary"), "{text}");
    insta::assert_snapshot!(report.to_markdown(false));
}

/// The model alone builds SSM too: every operation, botocore's names, paginators and waiters,
/// docs converted from the model's HTML.
#[test]
fn the_model_alone_builds_ssm() {
    let inputs = ServiceInputs { pages: Vec::new(), ..ssm() };
    let lowered = build(&inputs).unwrap_or_else(|f| panic!("{}", f.render()));
    let m = &lowered.model;
    let both = build(&ssm()).unwrap().model;
    assert_eq!(m.operations.keys().collect::<Vec<_>>(), both.operations.keys().collect::<Vec<_>>());
    assert_eq!(m.operations.values().filter(|o| o.paginator.is_some()).count(), 52);
    assert!(m.shapes.contains_key("ParameterMetadata") && m.shapes.contains_key("Alarm"));
    // The waiter, its delay and attempts too, from waiters-2.json.
    assert_eq!(
        m.waiters,
        both.waiters.iter().map(|(k, w)| (k.clone(), Waiter { docs: String::new(), ..w.clone() })).collect()
    );
    assert!(m.left_out.is_empty() && lowered.warnings.is_empty(), "{:?}", lowered.warnings);
    let param = &m.operations["GetParameter"].output[0];
    assert_eq!(param.ty.to_string(), "Parameter");
    assert!(
        m.operations["GetParameter"].docs.contains("``ValidationException``"),
        "{}",
        m.operations["GetParameter"].docs
    );
    // Same members, types and flags as the pages + model build, operation by operation.
    let strip = |ms: &[awsdoc_codegen::model::Member]| -> Vec<String> {
        ms.iter().map(|x| format!("{}:{}:{}:{}", x.name, x.ty, x.required, x.sensitive)).collect()
    };
    for (name, o) in &both.operations {
        assert_eq!(strip(&m.operations[name].input), strip(&o.input), "{name} input");
        assert_eq!(strip(&m.operations[name].output), strip(&o.output), "{name} output");
    }
}
