//! `cargo xtask endpoint-cases`: botocore's endpoint cases through the runtime's rules engine.
//!
//! The pinned botocore's source distribution (fetched as the protocol cases are) ships
//! `tests/functional/endpoint-rules/<service>/endpoint-tests-1.json`: for every service,
//! parameters and the URL, headers and properties they must resolve to, or the error. Each case
//! goes through [`awsdoc_runtime::rules`] with the service's rule set (botocore's
//! `endpoint-rule-set-1.json` of its newest API version), as botocore's own
//! `test_endpoint_rulesets.py` runs them. Every case must pass: there is no skip list.
//!
//! Then the committed crates' clients go through the cases of their services (`tests/tests/
//! endpoint_cases.rs`, ignored in a plain `cargo test`): each request must reach the case's URL,
//! signed for its scope. It is built with clippy as `cargo xtask test` builds the workspace, so
//! after that step nothing is compiled again. botocore's STS rule set, which the runtime embeds
//! for the credential chain, must be the pinned one.

use awsdoc_runtime::rules::{Endpoint, Map, RuleSet, Value};
use std::fs;
use std::path::Path;
use std::time::Instant;

use crate::protocol_tests::read_json;

/// What one service's cases came to.
#[derive(Default)]
struct Tally {
    cases: usize,
    failures: Vec<String>,
}

pub fn run(root: &Path, lints: &crate::test::Lints) -> Result<(), String> {
    let sdist = crate::protocol_tests::sdist_dir(root)?;
    let cases_dir = sdist.join("tests/functional/endpoint-rules");
    let data = sdist.join("botocore/data");
    engine(&cases_dir, &data)?;
    sts_rules_are_pinned(root, &data)?;
    // The whole workspace, as the lints-and-tests step builds it (the same features, so nothing
    // is compiled again); only the one test target runs.
    let args = ["test", "--workspace", "--test", "endpoint_cases", "--locked", "--", "--ignored"];
    let vars = [("AWSDOC_ENDPOINT_CASES", cases_dir.as_os_str())];
    crate::test::cargo("endpoint cases", root, None, "through the clients", &args, lints, &vars)
}

/// The runtime's copy of STS's rule set is the pinned botocore's.
fn sts_rules_are_pinned(root: &Path, data: &Path) -> Result<(), String> {
    let ours = root.join("runtime/src/client/sts-endpoint-rule-set-1.json");
    let pinned = newest_rule_set(&data.join("sts"))?;
    if read_json(&ours)? == read_json(&pinned)? {
        Ok(())
    } else {
        Err(format!("{} is not {}: copy it over, minified", ours.display(), pinned.display()))
    }
}

/// Every case of every service through the engine.
fn engine(cases_dir: &Path, data: &Path) -> Result<(), String> {
    let started = Instant::now();
    let mut services: Vec<String> = fs::read_dir(cases_dir)
        .map_err(|e| format!("{}: {e}", cases_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    services.sort();
    let mut total = Tally::default();
    for svc in &services {
        let tally = service(data, cases_dir, svc)?;
        total.cases += tally.cases;
        total.failures.extend(tally.failures);
    }
    let failed = total.failures.len();
    eprintln!(
        "endpoint cases: {} of {} passed over {} services, {:.1} s",
        total.cases - failed,
        total.cases,
        services.len(),
        started.elapsed().as_secs_f64()
    );
    if failed == 0 {
        return Ok(());
    }
    let shown: Vec<&String> = total.failures.iter().take(40).collect();
    let more = if failed > shown.len() { format!("\n... and {} more", failed - shown.len()) } else { String::new() };
    Err(format!(
        "endpoint cases: {failed} failed:\n{}{more}",
        shown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n")
    ))
}

/// One service's cases against its rule set.
fn service(data: &Path, cases_dir: &Path, svc: &str) -> Result<Tally, String> {
    let rules_path = newest_rule_set(&data.join(svc))?;
    let text = fs::read_to_string(&rules_path).map_err(|e| format!("{}: {e}", rules_path.display()))?;
    let rules = RuleSet::parse(&text).map_err(|e| format!("{}: {e}", rules_path.display()))?;
    let cases_path = cases_dir.join(svc).join("endpoint-tests-1.json");
    let cases: Value = read_json(&cases_path)?;
    let list = cases
        .get("testCases")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("{}: no testCases", cases_path.display()))?;
    let mut tally = Tally::default();
    for (i, case) in list.iter().enumerate() {
        tally.cases += 1;
        if let Err(e) = check(&rules, case) {
            let doc = case.get("documentation").and_then(Value::as_str).unwrap_or("");
            tally.failures.push(format!("  {svc} #{i} ({doc}): {e}"));
        }
    }
    Ok(tally)
}

/// The rule set of the service's newest API version (botocore's loader's choice).
fn newest_rule_set(svc_dir: &Path) -> Result<std::path::PathBuf, String> {
    let mut versions: Vec<_> = fs::read_dir(svc_dir)
        .map_err(|e| format!("{}: {e}", svc_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("endpoint-rule-set-1.json").is_file())
        .collect();
    versions.sort();
    versions
        .pop()
        .map(|v| v.join("endpoint-rule-set-1.json"))
        .ok_or_else(|| format!("{}: no rule set", svc_dir.display()))
}

/// One case: its parameters resolve to its endpoint, or to its error, exactly.
fn check(rules: &RuleSet, case: &Value) -> Result<(), String> {
    let empty = Map::new();
    let params = case.get("params").and_then(Value::as_object).unwrap_or(&empty);
    let expect = case.get("expect").ok_or("no `expect`")?;
    let got = rules.resolve(params);
    match (expect.get("endpoint"), expect.get("error").and_then(Value::as_str), got) {
        (Some(want), _, Ok(got)) => same_endpoint(want, &got),
        (Some(want), _, Err(e)) => Err(format!("wanted {}, got the error {:?}", want["url"], e.0)),
        (None, Some(want), Err(e)) if e.0 == want => Ok(()),
        (None, Some(want), Err(e)) => Err(format!("wanted the error {want:?}, got {:?}", e.0)),
        (None, Some(want), Ok(got)) => Err(format!("wanted the error {want:?}, got {}", got.url)),
        (None, None, _) => Err("expects neither an endpoint nor an error".into()),
    }
}

fn same_endpoint(want: &Value, got: &Endpoint) -> Result<(), String> {
    let empty = Value::Object(Map::new());
    if want.get("url").and_then(Value::as_str) != Some(got.url.as_str()) {
        return Err(format!("wanted {}, got {}", want["url"], got.url));
    }
    let props = Value::Object(got.properties.clone());
    if want.get("properties").unwrap_or(&empty) != &props {
        return Err(format!("properties: wanted {}, got {props}", want.get("properties").unwrap_or(&empty)));
    }
    let headers = serde_json::to_value(&got.headers).map_err(|e| e.to_string())?;
    if want.get("headers").unwrap_or(&empty) != &headers {
        return Err(format!("headers: wanted {}, got {headers}", want.get("headers").unwrap_or(&empty)));
    }
    Ok(())
}
