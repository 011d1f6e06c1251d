//! The part of JMESPath botocore's `operationContextParams` use, over an input in its serde
//! form (model member names as keys): `a.b`, `keys(a)`, projections `a[*].b`, multi-select
//! lists `[a, b]` and flattening `[]`. What else JMESPath has is refused when parsed, naming
//! the expression, never evaluated to something else.

use super::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Step {
    Field(String),
    /// `[*]`: what follows applies to each element; unset results are dropped.
    Each,
    /// `[]`: the result so far, one level flatter; what follows applies to each element.
    Flatten,
    /// `[p, q]`: a list of each path's value.
    Select(Vec<Vec<Step>>),
    /// `keys(p)`.
    Keys(Vec<Step>),
}

/// A path expression, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path(Vec<Step>);

impl Path {
    pub fn parse(text: &str) -> Result<Path, String> {
        let mut p = Parser { s: text.as_bytes(), at: 0 };
        let steps = p.path()?;
        if p.at != p.s.len() {
            return Err(format!(
                "`{text}`: cannot read from column {}: only fields, `keys()`, `[*]`, `[]` and `[a, b]` are understood",
                p.at + 1
            ));
        }
        Ok(Path(steps))
    }

    /// The expression's value over `v`; `Null` where it reaches nothing.
    pub fn eval(&self, v: &Value) -> Value {
        eval(&self.0, v)
    }
}

struct Parser<'a> {
    s: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn skip_space(&mut self) {
        while self.s.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    fn eat(&mut self, token: &str) -> bool {
        self.skip_space();
        let hit = self.s[self.at..].starts_with(token.as_bytes());
        if hit {
            self.at += token.len();
        }
        hit
    }

    fn ident(&mut self) -> Option<String> {
        self.skip_space();
        let start = self.at;
        while self.s.get(self.at).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_') {
            self.at += 1;
        }
        (self.at > start).then(|| String::from_utf8_lossy(&self.s[start..self.at]).into_owned())
    }

    /// `first ('.' field | '.' select | '[*]' | '[]')*`
    fn path(&mut self) -> Result<Vec<Step>, String> {
        let mut steps = vec![self.first()?];
        loop {
            if self.eat("[*]") {
                steps.push(Step::Each);
            } else if self.eat("[]") {
                steps.push(Step::Flatten);
            } else if self.eat(".") {
                steps.push(if self.peek(b'[') { self.select()? } else { self.field()? });
            } else {
                return Ok(steps);
            }
        }
    }

    fn peek(&mut self, c: u8) -> bool {
        self.skip_space();
        self.s.get(self.at) == Some(&c)
    }

    fn first(&mut self) -> Result<Step, String> {
        if self.peek(b'[') {
            return self.select();
        }
        let start = self.at;
        let name = self.ident().ok_or_else(|| self.error("a name"))?;
        if name == "keys" && self.eat("(") {
            let inner = self.path()?;
            return if self.eat(")") { Ok(Step::Keys(inner)) } else { Err(self.error("`)`")) };
        }
        self.at = start;
        self.field()
    }

    fn field(&mut self) -> Result<Step, String> {
        self.ident().map(Step::Field).ok_or_else(|| self.error("a name"))
    }

    fn select(&mut self) -> Result<Step, String> {
        if !self.eat("[") {
            return Err(self.error("`[`"));
        }
        let mut paths = vec![self.path()?];
        while self.eat(",") {
            paths.push(self.path()?);
        }
        if self.eat("]") {
            Ok(Step::Select(paths))
        } else {
            Err(self.error("`,` or `]`"))
        }
    }

    fn error(&self, wanted: &str) -> String {
        format!("`{}`: {wanted} wanted at column {}", String::from_utf8_lossy(self.s), self.at + 1)
    }
}

fn eval(steps: &[Step], v: &Value) -> Value {
    // A flatten ends the projection before it: the left side is evaluated whole, then flattened.
    if let Some(i) = steps.iter().rposition(|s| *s == Step::Flatten) {
        let Value::Array(items) = eval(&steps[..i], v) else { return Value::Null };
        let flat = items.into_iter().flat_map(|e| match e {
            Value::Array(inner) => inner,
            other => vec![other],
        });
        return project(flat, &steps[i + 1..]);
    }
    let Some((first, rest)) = steps.split_first() else { return v.clone() };
    match first {
        Step::Field(name) => eval(rest, v.get(name).unwrap_or(&Value::Null)),
        Step::Each => match v {
            Value::Array(items) => project(items.iter().cloned(), rest),
            _ => Value::Null,
        },
        Step::Select(paths) if !v.is_null() => eval(rest, &Value::Array(paths.iter().map(|p| eval(p, v)).collect())),
        Step::Select(_) => Value::Null,
        Step::Keys(inner) => match eval(inner, v) {
            Value::Object(map) => eval(rest, &Value::Array(map.keys().cloned().map(Value::String).collect())),
            _ => Value::Null,
        },
        Step::Flatten => Value::Null,
    }
}

/// `rest` over each element, the unset results dropped.
fn project(items: impl Iterator<Item = Value>, rest: &[Step]) -> Value {
    Value::Array(items.map(|e| eval(rest, &e)).filter(|r| !r.is_null()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at(path: &str, v: Value) -> Value {
        Path::parse(path).unwrap().eval(&v)
    }

    /// DynamoDB's `operationContextParams`, as botocore's JMESPath evaluates them.
    #[test]
    fn dynamodbs_paths_evaluate_as_jmespath_does() {
        assert_eq!(at("keys(RequestItems)", json!({"RequestItems": {"a": 1, "b": 2}})), json!(["a", "b"]));
        assert_eq!(
            at("TableCreationParameters.TableName", json!({"TableCreationParameters": {"TableName": "t"}})),
            json!("t")
        );
        let items = json!({"TransactItems": [{"Get": {"TableName": "a"}}, {"Put": {"TableName": "b"}}, {"Get": {}}]});
        assert_eq!(at("TransactItems[*].Get.TableName", items.clone()), json!(["a"]));
        let all = "TransactItems[*].[ConditionCheck.TableName, Put.TableName, Delete.TableName, Update.TableName][]";
        assert_eq!(at(all, items), json!(["b"]));
        let both = json!({"TransactItems": [{"Put": {"TableName": "p"}, "Delete": {"TableName": "d"}}]});
        assert_eq!(at(all, both), json!(["p", "d"]));
        assert_eq!(at("keys(RequestItems)", json!({})), Value::Null);
        assert_eq!(at("a[*].b", json!({"a": "not a list"})), Value::Null);
    }

    #[test]
    fn other_jmespath_is_refused_naming_the_column() {
        let err = Path::parse("a[?b == 'c']").unwrap_err();
        assert!(err.contains("column 2"), "{err}");
        assert!(Path::parse("length(a)").is_err());
        assert!(Path::parse("keys(a").is_err());
        assert!(Path::parse("").is_err());
    }
}
