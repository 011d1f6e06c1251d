//! Running a parsed rule set over bound parameters, as botocore's `endpoint_provider.py` does.

use super::library;
use super::{Call, Endpoint, Expr, Func, Map, Piece, Rule, RuleError, Then, Value};

type Result<T> = std::result::Result<T, RuleError>;

/// The names in scope: the parameters, then what conditions assigned, innermost last.
pub(super) struct Eval {
    scope: Vec<(String, Value)>,
}

impl Eval {
    pub(super) fn new(scope: Vec<(String, Value)>) -> Eval {
        Eval { scope }
    }

    /// The first rule that gives an endpoint or an error; `None` when none matches. What a rule
    /// assigns is gone when the next rule runs.
    pub(super) fn rules(&mut self, rules: &[Rule]) -> Result<Option<Endpoint>> {
        for rule in rules {
            let mark = self.scope.len();
            let outcome = self.rule(rule);
            self.scope.truncate(mark);
            if let Some(endpoint) = outcome? {
                return Ok(Some(endpoint));
            }
        }
        Ok(None)
    }

    fn rule(&mut self, rule: &Rule) -> Result<Option<Endpoint>> {
        for condition in &rule.conditions {
            let v = self.call(condition)?;
            if v.is_null() || v == Value::Bool(false) {
                return Ok(None);
            }
        }
        match &rule.then {
            Then::Endpoint { url, headers, properties } => Ok(Some(self.endpoint(url, headers, properties)?)),
            Then::Error(message) => Err(RuleError(display(&self.expr(message)?))),
            // A tree none of whose rules match lets the rules after it run (botocore's reading).
            Then::Tree(rules) => self.rules(rules),
        }
    }

    fn endpoint(
        &mut self,
        url: &Expr,
        headers: &[(String, Vec<Expr>)],
        props: &Map<String, Value>,
    ) -> Result<Endpoint> {
        let url = match self.expr(url)? {
            Value::String(s) => s,
            other => return Err(RuleError(format!("an endpoint's URL is not a string: {other}"))),
        };
        let mut out = std::collections::BTreeMap::new();
        for (name, values) in headers {
            let values = values.iter().map(|v| self.expr(v).map(|v| display(&v))).collect::<Result<_>>()?;
            out.insert(name.clone(), values);
        }
        let mut properties = Map::new();
        for (k, v) in props {
            properties.insert(k.clone(), self.properties(v)?);
        }
        Ok(Endpoint { url, headers: out, properties })
    }

    /// Properties with their template strings filled in, at any depth.
    fn properties(&self, v: &Value) -> Result<Value> {
        Ok(match v {
            Value::Array(items) => Value::Array(items.iter().map(|i| self.properties(i)).collect::<Result<_>>()?),
            Value::Object(map) => {
                let mut out = Map::new();
                for (k, v) in map {
                    out.insert(k.clone(), self.properties(v)?);
                }
                Value::Object(out)
            }
            Value::String(s) if super::parse::is_template(s) => {
                let pieces = super::parse::template(s).map_err(RuleError)?;
                Value::String(self.template(&pieces)?)
            }
            other => other.clone(),
        })
    }

    fn expr(&mut self, e: &Expr) -> Result<Value> {
        Ok(match e {
            Expr::Literal(v) => v.clone(),
            Expr::Template(pieces) => Value::String(self.template(pieces)?),
            Expr::Ref(name) => self.get(name).cloned().unwrap_or(Value::Null),
            Expr::Call(call) => self.call(call)?,
        })
    }

    fn get(&self, name: &str) -> Option<&Value> {
        self.scope.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    fn template(&self, pieces: &[Piece]) -> Result<String> {
        let mut out = String::new();
        for piece in pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Var(name, path) => {
                    let mut v = self.get(name);
                    for key in path {
                        v = v.and_then(|v| v.get(key));
                    }
                    let Some(v) = v.filter(|v| !v.is_null()) else {
                        let name = std::iter::once(name).chain(path).cloned().collect::<Vec<_>>().join("#");
                        return Err(RuleError(format!("template value `{name}` is not set")));
                    };
                    out.push_str(&display(v));
                }
            }
        }
        Ok(out)
    }

    fn call(&mut self, call: &Call) -> Result<Value> {
        let args = call.args.iter().map(|a| self.expr(a)).collect::<Result<Vec<_>>>()?;
        let result = apply(call.func, &args)?;
        if let Some(name) = &call.assign {
            if self.get(name).is_some() {
                let msg = format!("Assignment {name} already exists in scoped variables and cannot be overwritten");
                return Err(RuleError(msg));
            }
            self.scope.push((name.clone(), result.clone()));
        }
        Ok(result)
    }
}

fn apply(func: Func, args: &[Value]) -> Result<Value> {
    let str_arg = |i: usize| args.get(i).and_then(Value::as_str);
    let bool_arg = |i: usize| args.get(i).and_then(Value::as_bool).unwrap_or(false);
    let opt = |v: Option<Value>| v.unwrap_or(Value::Null);
    Ok(match func {
        Func::IsSet => Value::Bool(!args[0].is_null()),
        Func::Not => Value::Bool(!truthy(&args[0])),
        Func::GetAttr => opt(library::get_attr(&args[0], str_arg(1).unwrap_or_default())),
        Func::BooleanEquals => match (&args[0], &args[1]) {
            (Value::Bool(a), Value::Bool(b)) => Value::Bool(a == b),
            (a, b) => return Err(RuleError(format!("Both arguments must be bools, not {a} and {b}."))),
        },
        Func::StringEquals => match (&args[0], &args[1]) {
            (Value::String(a), Value::String(b)) => Value::Bool(a == b),
            (a, b) => return Err(RuleError(format!("Both values must be strings, not {a} and {b}."))),
        },
        Func::Substring => {
            let Value::String(s) = &args[0] else {
                return Err(RuleError(format!("Input must be a string, not {}.", args[0])));
            };
            let index = |i: usize| args[i].as_u64().map(|n| n as usize).unwrap_or(0);
            opt(library::substring(s, index(1), index(2), bool_arg(3)).map(Value::from))
        }
        Func::UriEncode => opt(str_arg(0).map(|s| Value::from(library::uri_encode(s)))),
        Func::ParseUrl => opt(str_arg(0).and_then(library::parse_url)),
        Func::IsValidHostLabel => Value::Bool(str_arg(0).is_some_and(|s| library::is_valid_host_label(s, bool_arg(1)))),
        Func::Partition => library::partition_output(str_arg(0)),
        Func::ParseArn => opt(str_arg(0).and_then(library::parse_arn)),
        Func::IsVirtualHostableS3Bucket => {
            Value::Bool(str_arg(0).is_some_and(|s| library::is_virtual_hostable_s3_bucket(s, bool_arg(1))))
        }
    })
}

/// Python's truth: `not` of an unset value, `false`, `""`, an empty list or object is `true`.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::Number(n) => n.as_f64() != Some(0.0),
    }
}

/// A value as botocore writes it into a string (`True`/`False` for booleans, as Python does).
pub(super) fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        other => other.to_string(),
    }
}
