//! A rule set's JSON → [`RuleSet`]: every rule, condition and expression checked once, so that
//! resolving never meets a shape it does not know. Errors name the place (`rules[2].rules[0]`).

use super::{Call, Expr, Func, Param, ParamKind, Piece, Rule, RuleError, RuleSet, Then, Value};

type Result<T> = std::result::Result<T, RuleError>;

fn err<T>(at: &str, what: impl std::fmt::Display) -> Result<T> {
    Err(RuleError(format!("rule set: {at}: {what}")))
}

pub(super) fn rule_set(v: &Value) -> Result<RuleSet> {
    let Some(params) = v.get("parameters").and_then(Value::as_object) else {
        return err("parameters", "missing, or not an object");
    };
    let params = params.iter().map(|(name, spec)| param(name, spec)).collect::<Result<_>>()?;
    let rules = rules(v.get("rules"), "rules")?;
    Ok(RuleSet { params, rules })
}

fn param(name: &str, spec: &Value) -> Result<Param> {
    let at = format!("parameters.{name}");
    let kind = match spec.get("type").and_then(Value::as_str).map(str::to_ascii_lowercase).as_deref() {
        Some("string") => ParamKind::String,
        Some("boolean") => ParamKind::Boolean,
        Some("stringarray") => ParamKind::StringArray,
        other => return err(&at, format!("type {other:?} is not string, boolean or stringArray")),
    };
    let required = spec.get("required").and_then(Value::as_bool).unwrap_or(false);
    let default = spec.get("default").filter(|d| !d.is_null()).cloned();
    let built_in = spec.get("builtIn").and_then(Value::as_str).map(str::to_string);
    Ok(Param { name: name.to_string(), kind, default, required, built_in })
}

fn rules(v: Option<&Value>, at: &str) -> Result<Vec<Rule>> {
    let Some(list) = v.and_then(Value::as_array) else {
        return err(at, "missing, or not a list");
    };
    list.iter().enumerate().map(|(i, r)| rule(r, &format!("{at}[{i}]"))).collect()
}

fn rule(v: &Value, at: &str) -> Result<Rule> {
    let conditions = match v.get("conditions") {
        None => Vec::new(),
        Some(Value::Array(list)) => {
            list.iter().enumerate().map(|(i, c)| call(c, &format!("{at}.conditions[{i}]"))).collect::<Result<_>>()?
        }
        Some(_) => return err(at, "`conditions` is not a list"),
    };
    let then = match v.get("type").and_then(Value::as_str) {
        Some("endpoint") => endpoint(v.get("endpoint"), &format!("{at}.endpoint"))?,
        Some("error") => Then::Error(expr(v.get("error").unwrap_or(&Value::Null), &format!("{at}.error"))?),
        Some("tree") => Then::Tree(rules(v.get("rules"), &format!("{at}.rules"))?),
        other => return err(at, format!("rule type {other:?} is not tree, endpoint or error")),
    };
    Ok(Rule { conditions, then })
}

fn endpoint(v: Option<&Value>, at: &str) -> Result<Then> {
    let Some(e) = v.and_then(Value::as_object) else {
        return err(at, "missing, or not an object");
    };
    let url = expr(e.get("url").unwrap_or(&Value::Null), &format!("{at}.url"))?;
    let mut headers = Vec::new();
    for (name, values) in e.get("headers").and_then(Value::as_object).into_iter().flatten() {
        let Some(values) = values.as_array() else {
            return err(&format!("{at}.headers.{name}"), "not a list");
        };
        let values = values.iter().map(|x| expr(x, &format!("{at}.headers.{name}"))).collect::<Result<_>>()?;
        headers.push((name.clone(), values));
    }
    let properties = e.get("properties").and_then(Value::as_object).cloned().unwrap_or_default();
    Ok(Then::Endpoint { url, headers, properties })
}

fn call(v: &Value, at: &str) -> Result<Call> {
    let Some(name) = v.get("fn").and_then(Value::as_str) else {
        return err(at, "not a function call (no `fn`)");
    };
    let func = match name {
        "isSet" => Func::IsSet,
        "not" => Func::Not,
        "getAttr" => Func::GetAttr,
        "booleanEquals" => Func::BooleanEquals,
        "stringEquals" => Func::StringEquals,
        "substring" => Func::Substring,
        "uriEncode" => Func::UriEncode,
        "parseURL" => Func::ParseUrl,
        "isValidHostLabel" => Func::IsValidHostLabel,
        "aws.partition" => Func::Partition,
        "aws.parseArn" => Func::ParseArn,
        "aws.isVirtualHostableS3Bucket" => Func::IsVirtualHostableS3Bucket,
        other => return err(at, format!("function `{other}` is not one the engine implements")),
    };
    let Some(argv) = v.get("argv").and_then(Value::as_array) else {
        return err(at, format!("`{name}` has no `argv` list"));
    };
    let args: Vec<Expr> = argv.iter().map(|a| expr(a, at)).collect::<Result<_>>()?;
    let arity = match func {
        Func::IsSet | Func::Not | Func::UriEncode | Func::ParseUrl | Func::Partition | Func::ParseArn => 1,
        Func::GetAttr
        | Func::BooleanEquals
        | Func::StringEquals
        | Func::IsValidHostLabel
        | Func::IsVirtualHostableS3Bucket => 2,
        Func::Substring => 4,
    };
    if args.len() != arity {
        return err(at, format!("`{name}` takes {arity} argument(s), not {}", args.len()));
    }
    if func == Func::GetAttr && !matches!(args[1], Expr::Literal(Value::String(_))) {
        return err(at, "`getAttr`'s path is not a literal string");
    }
    let assign = v.get("assign").and_then(Value::as_str).map(str::to_string);
    Ok(Call { func, args, assign })
}

fn expr(v: &Value, at: &str) -> Result<Expr> {
    Ok(match v {
        Value::Object(o) if o.contains_key("fn") => Expr::Call(Box::new(call(v, at)?)),
        Value::Object(o) if o.contains_key("ref") => match o.get("ref").and_then(Value::as_str) {
            Some(name) => Expr::Ref(name.to_string()),
            None => return err(at, "`ref` is not a string"),
        },
        Value::String(s) if is_template(s) => {
            Expr::Template(template(s).map_err(|e| RuleError(format!("rule set: {at}: {e}")))?)
        }
        other => Expr::Literal(other.clone()),
    })
}

/// Whether a string holds a `{name}` or `{name#path}` (botocore's test: `\{[a-zA-Z#]+\}`).
pub(super) fn is_template(s: &str) -> bool {
    s.split('{').skip(1).any(|after| {
        let end = after.find(|c: char| !(c.is_ascii_alphabetic() || c == '#')).unwrap_or(after.len());
        end > 0 && after[end..].starts_with('}')
    })
}

/// A template's pieces, `{{` and `}}` standing for braces (Python's `str.format` syntax).
pub(super) fn template(s: &str) -> std::result::Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('{', Some('{')) | ('}', Some('}')) => {
                text.push(c);
                chars.next();
            }
            ('{', _) => {
                let (mut name, mut closed) = (String::new(), false);
                for c in chars.by_ref() {
                    if c == '}' {
                        closed = true;
                        break;
                    }
                    name.push(c);
                }
                if name.is_empty() || !closed {
                    return Err(format!("template `{s}` has an empty or unclosed `{{}}`"));
                }
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                let mut parts = name.split('#').map(str::to_string);
                let var = parts.next().unwrap_or_default();
                pieces.push(Piece::Var(var, parts.collect()));
            }
            ('}', _) => return Err(format!("template `{s}` has a lone `}}`")),
            _ => text.push(c),
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}
