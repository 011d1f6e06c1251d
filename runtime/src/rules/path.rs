//! JMESPath, as botocore evaluates it (with Python's `jmespath`) for `operationContextParams`
//! over an input in its serde form (model member names as keys) and for waiters' acceptors over
//! an output: the whole language, through the `jmespath` crate. An expression that does not
//! parse is an error naming it; one that fails on the data (`keys` of something unset) reaches
//! nothing, as an unset member does.

use super::Value;

/// A JMESPath expression, parsed.
pub struct Path(jmespath::Expression<'static>);

impl std::fmt::Debug for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Path({:?})", self.0.as_str())
    }
}

impl Path {
    pub fn parse(text: &str) -> Result<Path, String> {
        jmespath::compile(text).map(Path).map_err(|e| format!("`{text}` is not JMESPath: {e}"))
    }

    /// The expression's value over `v`; `Null` where it reaches nothing or fails on the data.
    pub fn eval(&self, v: &Value) -> Value {
        let found = self.0.search(v).ok();
        found.and_then(|r| serde_json::to_value(&*r).ok()).unwrap_or(Value::Null)
    }
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

    /// What waiters use besides paths: filters, functions, boolean operators (ECS's
    /// `ServicesStable`).
    #[test]
    fn filters_functions_and_boolean_operators_evaluate() {
        let stable = "length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`";
        let services =
            |running: u32| json!({"services": [{"deployments": [{}], "runningCount": running, "desiredCount": 2}]});
        assert_eq!(at(stable, services(2)), json!(true));
        assert_eq!(at(stable, services(1)), json!(false));
        assert_eq!(at("contains(Items[].S, 'y')", json!({"Items": [{"S": "x"}, {"S": "y"}]})), json!(true));
    }

    #[test]
    fn an_expression_that_does_not_parse_is_an_error_naming_it() {
        let err = Path::parse("keys(a").unwrap_err();
        assert!(err.contains("`keys(a`"), "{err}");
        assert!(Path::parse("").is_err());
        assert!(Path::parse("a[?b ==").is_err());
    }
}
