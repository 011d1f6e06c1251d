//! Endpoint rule sets: where a request goes, decided as every current AWS SDK decides it.
//!
//! Each service's `endpoint-rule-set-1.json` (botocore's, embedded in its generated crate) is
//! parsed once into a [`RuleSet`] and interpreted for each request: the parameters (the region,
//! FIPS and dual-stack choices, a configured endpoint, and the service's own, from the config or
//! the operation's input) go through its rules in order, and the first `endpoint` rule whose
//! conditions hold gives the URL, headers and properties (the signing scheme among them); an
//! `error` rule's message is the answer instead. Interpreted, not generated: a rule set costs its
//! crate one embedded string rather than a resolver to compile (aws-sdk-s3's generated one is
//! 173 KiB of binary, smithy-rs issue 4049).
//!
//! The engine follows botocore's `endpoint_provider.py`: a `tree` whose rules all fail lets the
//! next rule run, a condition fails on `false` or an unset value, assignments are scoped to the
//! rule that made them, and the functions (`isSet`, `not`, `getAttr`, `booleanEquals`,
//! `stringEquals`, `substring`, `uriEncode`, `parseURL`, `isValidHostLabel`, `aws.partition`,
//! `aws.parseArn`, `aws.isVirtualHostableS3Bucket`) answer as botocore's do. A rule set that
//! names another function, or is not of this shape, is refused when parsed, naming the place.

mod eval;
mod library;
mod parse;
#[cfg(feature = "jmespath")]
mod path;
#[path = "partitions.rs"]
#[rustfmt::skip]
mod generated;

use std::collections::BTreeMap;

pub use library::partition;
#[cfg(feature = "jmespath")]
pub use path::Path;
pub use serde_json::{Map, Value};

/// The rule set of a service botocore gives none (releases before botocore 1.28, 2022, which
/// `fetch-docs --boto3 <old>` renders, or a test suite's made-up service): the pattern most rule
/// sets spell out, `https://{prefix}.{region}.{dnsSuffix}` with the partition's suffixes, `-fips`
/// and the dual-stack suffix as asked, a configured endpoint as it is. `EndpointPrefix`
/// (`AWSDOC::EndpointPrefix`) is the service's endpoint prefix.
pub const STANDARD_RULE_SET: &str = r#"{"version": "1.0",
    "parameters": {
        "Region": {"type": "String", "builtIn": "AWS::Region"},
        "UseFIPS": {"type": "Boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false},
        "UseDualStack": {"type": "Boolean", "builtIn": "AWS::UseDualStack", "required": true, "default": false},
        "Endpoint": {"type": "String", "builtIn": "SDK::Endpoint"},
        "EndpointPrefix": {"type": "String", "builtIn": "AWSDOC::EndpointPrefix", "required": true}
    },
    "rules": [
        {"type": "endpoint", "conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}], "endpoint": {"url": {"ref": "Endpoint"}}},
        {"type": "tree", "conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]},
                                        {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"}], "rules": [
            {"type": "endpoint", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]},
                                                {"fn": "booleanEquals", "argv": [{"ref": "UseDualStack"}, true]}],
             "endpoint": {"url": "https://{EndpointPrefix}-fips.{Region}.{p#dualStackDnsSuffix}"}},
            {"type": "endpoint", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
             "endpoint": {"url": "https://{EndpointPrefix}-fips.{Region}.{p#dnsSuffix}"}},
            {"type": "endpoint", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseDualStack"}, true]}],
             "endpoint": {"url": "https://{EndpointPrefix}.{Region}.{p#dualStackDnsSuffix}"}},
            {"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{EndpointPrefix}.{Region}.{p#dnsSuffix}"}}
        ]},
        {"type": "error", "conditions": [], "error": "Invalid Configuration: Missing Region"}
    ]}"#;

/// A parsed rule set: its parameters and rules.
#[derive(Debug, Clone)]
pub struct RuleSet {
    params: Vec<Param>,
    rules: Vec<Rule>,
}

/// Where a request goes: what the first matching `endpoint` rule says.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    pub url: String,
    /// Headers every request to the endpoint carries.
    pub headers: BTreeMap<String, Vec<String>>,
    /// `authSchemes` (how to sign for it) and whatever else the rules attach.
    pub properties: Map<String, Value>,
}

/// A rule set that cannot be read, or a resolution that ends in an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError(pub String);

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RuleError {}

/// One partition, as `partitions.json` describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    pub id: &'static str,
    pub dns_suffix: &'static str,
    pub dual_stack_dns_suffix: &'static str,
    pub supports_fips: bool,
    pub supports_dual_stack: bool,
    /// The region a global endpoint of the partition signs for.
    pub implicit_global_region: &'static str,
    /// `regionRegex` `^<prefix>\-\w+\-\d+$`, as its prefixes.
    pub region_prefixes: &'static [&'static str],
    /// The regions it lists by name.
    pub regions: &'static [&'static str],
}

#[derive(Debug, Clone)]
struct Param {
    name: String,
    kind: ParamKind,
    default: Option<Value>,
    required: bool,
    /// Bound by the SDK from its configuration (`AWS::Region`), not by an operation.
    built_in: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ParamKind {
    String,
    Boolean,
    StringArray,
}

#[derive(Debug, Clone)]
struct Rule {
    conditions: Vec<Call>,
    then: Then,
}

#[derive(Debug, Clone)]
enum Then {
    Endpoint { url: Expr, headers: Vec<(String, Vec<Expr>)>, properties: Map<String, Value> },
    Error(Expr),
    Tree(Vec<Rule>),
}

/// A function applied to its arguments, its result optionally bound to a name.
#[derive(Debug, Clone)]
struct Call {
    func: Func,
    args: Vec<Expr>,
    assign: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Func {
    IsSet,
    Not,
    GetAttr,
    BooleanEquals,
    StringEquals,
    Substring,
    UriEncode,
    ParseUrl,
    IsValidHostLabel,
    Partition,
    ParseArn,
    IsVirtualHostableS3Bucket,
}

#[derive(Debug, Clone)]
enum Expr {
    Literal(Value),
    Template(Vec<Piece>),
    Ref(String),
    Call(Box<Call>),
}

/// Part of a template string: text, or a value (`{Region}`, `{url#authority}`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Var(String, Vec<String>),
}

impl RuleSet {
    /// Reads a rule set from its JSON text.
    pub fn parse(json: &str) -> Result<RuleSet, RuleError> {
        let value: Value = serde_json::from_str(json).map_err(|e| RuleError(format!("rule set: {e}")))?;
        parse::rule_set(&value)
    }

    /// The endpoint for `params` (by parameter name: strings, booleans, arrays of strings), or
    /// the error the rules give. Parameters left out take their defaults.
    pub fn resolve(&self, params: &Map<String, Value>) -> Result<Endpoint, RuleError> {
        let scope = self.bind(params)?;
        match eval::Eval::new(scope).rules(&self.rules)? {
            Some(endpoint) => Ok(endpoint),
            None => Err(RuleError(no_endpoint(params))),
        }
    }

    /// How many parameters operations bind (those that are not built-ins such as `Region`).
    pub fn operation_params(&self) -> usize {
        self.params.iter().filter(|p| p.built_in.is_none()).count()
    }

    /// The parameter the SDK binds to a built-in (`AWS::Region`), if the rule set has one.
    pub fn param_with_built_in(&self, built_in: &str) -> Option<&str> {
        self.params.iter().find(|p| p.built_in.as_deref() == Some(built_in)).map(|p| p.name.as_str())
    }

    /// A member's text as the parameter's type wants it: `true`/`false` for a boolean one.
    pub fn typed(&self, name: &str, text: String) -> Value {
        match self.params.iter().find(|p| p.name == name).map(|p| p.kind) {
            Some(ParamKind::Boolean) if text == "true" || text == "false" => Value::Bool(text == "true"),
            _ => Value::String(text),
        }
    }

    /// The parameters as the rules see them: each declared one checked against its type, or
    /// its default; the undeclared ones as given.
    fn bind(&self, params: &Map<String, Value>) -> Result<Vec<(String, Value)>, RuleError> {
        let mut scope: Vec<(String, Value)> =
            params.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), v.clone())).collect();
        for p in &self.params {
            let given = params.get(&p.name).filter(|v| !v.is_null());
            match (given, &p.default) {
                (Some(v), _) => p.check(v)?,
                (None, Some(default)) => scope.push((p.name.clone(), default.clone())),
                (None, None) if p.required => {
                    return Err(RuleError(format!("Cannot find value for required parameter {}", p.name)))
                }
                (None, None) => {}
            }
        }
        Ok(scope)
    }
}

impl Param {
    fn check(&self, v: &Value) -> Result<(), RuleError> {
        let ok = match self.kind {
            ParamKind::String => v.is_string(),
            ParamKind::Boolean => v.is_boolean(),
            ParamKind::StringArray => v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
        };
        let kind = match self.kind {
            ParamKind::String => "string",
            ParamKind::Boolean => "boolean",
            ParamKind::StringArray => "stringArray",
        };
        ok.then_some(()).ok_or_else(|| RuleError(format!("Value ({}) is the wrong type. Must be {kind}.", self.name)))
    }
}

/// botocore's message when no rule matches.
fn no_endpoint(params: &Map<String, Value>) -> String {
    let lines: Vec<String> = params.iter().map(|(k, v)| format!("{k}: {}", eval::display(v))).collect();
    format!("No endpoint found for parameters:\n{}", lines.join("\n"))
}

#[cfg(test)]
mod tests;
