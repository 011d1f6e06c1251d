//! The engine on small rule sets written here; botocore's 14,589 cases run in
//! `cargo xtask endpoint-cases`.

use super::*;
use serde_json::json;

fn resolve(rules: Value, params: Value) -> Result<Endpoint, RuleError> {
    let set = RuleSet::parse(&rules.to_string())?;
    set.resolve(params.as_object().unwrap())
}

fn with_params(rules: Value) -> Value {
    json!({
        "version": "1.0",
        "parameters": {
            "Region": {"type": "String", "builtIn": "AWS::Region"},
            "UseFIPS": {"type": "Boolean", "required": true, "default": false},
            "Bucket": {"type": "String"}
        },
        "rules": rules
    })
}

#[test]
fn the_first_matching_rule_gives_the_endpoint_and_assignments_do_not_leak() {
    let rules = with_params(json!([
        {"type": "tree", "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"}],
         "rules": [
            {"type": "endpoint", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
             "endpoint": {"url": "https://svc-fips.{Region}.{p#dnsSuffix}", "properties": {}, "headers": {}}},
            {"type": "endpoint", "conditions": [],
             "endpoint": {"url": "https://svc.{Region}.{p#dnsSuffix}",
                          "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "{Region}"}]},
                          "headers": {"x-a": ["{p#name}", "b"]}}}
         ]},
        {"type": "error", "conditions": [], "error": "unreachable"}
    ]));
    let e = resolve(rules.clone(), json!({"Region": "cn-north-1"})).unwrap();
    assert_eq!(e.url, "https://svc.cn-north-1.amazonaws.com.cn");
    assert_eq!(e.headers["x-a"], ["aws-cn", "b"]);
    assert_eq!(e.properties["authSchemes"][0]["signingRegion"], "cn-north-1");
    let fips = resolve(rules, json!({"Region": "us-gov-west-1", "UseFIPS": true})).unwrap();
    assert_eq!(fips.url, "https://svc-fips.us-gov-west-1.amazonaws.com");
}

#[test]
fn a_tree_that_matches_nothing_lets_the_next_rule_run_and_errors_carry_their_message() {
    let rules = with_params(json!([
        {"type": "tree", "conditions": [{"fn": "isSet", "argv": [{"ref": "Bucket"}]}],
         "rules": [{"type": "endpoint", "conditions": [{"fn": "aws.isVirtualHostableS3Bucket", "argv": [{"ref": "Bucket"}, false]}],
                    "endpoint": {"url": "https://{Bucket}.s3.example"}}]},
        {"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "Bucket"}]}], "error": "bad bucket `{Bucket}`"},
        {"type": "endpoint", "conditions": [], "endpoint": {"url": "https://s3.example"}}
    ]));
    assert_eq!(resolve(rules.clone(), json!({"Bucket": "my-bucket"})).unwrap().url, "https://my-bucket.s3.example");
    assert_eq!(resolve(rules.clone(), json!({"Bucket": "My_Bucket"})).unwrap_err().0, "bad bucket `My_Bucket`");
    assert_eq!(resolve(rules.clone(), json!({"Bucket": "192.168.0.1"})).unwrap_err().0, "bad bucket `192.168.0.1`");
    assert_eq!(resolve(rules, json!({})).unwrap().url, "https://s3.example");
}

#[test]
fn parameters_are_checked_against_their_types() {
    let rules = with_params(json!([{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://x"}}]));
    let err = resolve(rules, json!({"UseFIPS": "yes"})).unwrap_err();
    assert_eq!(err.0, "Value (UseFIPS) is the wrong type. Must be boolean.");
}

#[test]
fn unknown_functions_and_malformed_rules_are_refused_naming_the_place() {
    let bad = with_params(json!([{"type": "endpoint", "conditions": [{"fn": "aws.frobnicate", "argv": []}],
                                  "endpoint": {"url": "https://x"}}]));
    let err = RuleSet::parse(&bad.to_string()).unwrap_err();
    assert_eq!(err.0, "rule set: rules[0].conditions[0]: function `aws.frobnicate` is not one the engine implements");
    let bad = with_params(json!([{"type": "loop", "conditions": []}]));
    assert!(RuleSet::parse(&bad.to_string()).unwrap_err().0.contains("rules[0]: rule type Some(\"loop\")"));
    let bad = with_params(json!([{"type": "error", "conditions": [], "error": "at {Region} {"}]));
    assert!(RuleSet::parse(&bad.to_string()).unwrap_err().0.contains("unclosed"));
    assert!(RuleSet::parse("{").is_err());
}

#[test]
fn library_functions_answer_as_botocores() {
    use library::*;
    assert_eq!(get_attr(&json!({"a": {"b": [1, 2]}}), "a.b[1]"), Some(json!(2)));
    assert_eq!(get_attr(&json!({"a": [1]}), "a[3]"), None);
    assert_eq!(get_attr(&json!({"a": 1}), "missing"), None);
    assert_eq!(substring("abcdef", 0, 4, false).as_deref(), Some("abcd"));
    assert_eq!(substring("abcdef", 0, 4, true).as_deref(), Some("cdef"));
    assert_eq!(substring("abc", 0, 4, false), None);
    assert_eq!(substring("ábcdef", 0, 4, false), None);
    assert_eq!(uri_encode("a b/c~d"), "a%20b%2Fc~d");
    assert!(
        is_valid_host_label("a-b", false) && !is_valid_host_label("a.b", false) && is_valid_host_label("a.b", true)
    );
    assert!(!is_valid_host_label("-a", false) && !is_valid_host_label(&"a".repeat(64), false));
    let arn = parse_arn("arn:aws:s3:us-west-2:123456789012:accesspoint/my:ap").unwrap();
    assert_eq!(arn["resourceId"], json!(["accesspoint", "my", "ap"]));
    assert_eq!(arn["accountId"], "123456789012");
    assert_eq!(parse_arn("arn:aws:s3:::"), None);
    let url = parse_url("https://User@Example.com:8443/a/./b/../c?").map(|_| ());
    assert_eq!(url, None, "a query, even empty, is refused");
    let url = parse_url("http://[::1]:80/a//b/../c").unwrap();
    assert_eq!(url["authority"], "[::1]:80");
    assert_eq!(url["normalizedPath"], "/a/c/");
    assert_eq!(url["isIp"], true);
    assert_eq!(parse_url("https://h:notaport/"), None);
    assert_eq!(parse_url("ftp://h/"), None);
    assert_eq!(parse_url("https://10.0.0.1").unwrap()["path"], "");
    assert_eq!(partition("us-gov-east-1").id, "aws-us-gov");
    assert_eq!(partition("eusc-de-east-1").id, "aws-eusc");
    assert_eq!(partition("mars-north-1").id, "aws");
}
