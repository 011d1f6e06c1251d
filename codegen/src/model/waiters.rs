//! Waiter acceptors: what each answer of a waiter's operation means.
//!
//! The pages name a waiter, its operation, delay and attempts, but never which answers end it.
//! Those facts come from the service model's `waiters-2.json` (read by [`crate::botocore`]), or,
//! for a service without one, from `[[waiters.<Name>]]` in `overrides.toml`:
//!
//! ```toml
//! [[waiters.StreamExists]]
//! state = "success"
//! matcher = "path"
//! argument = "StreamDescription.StreamStatus"
//! expected = "ACTIVE"
//! ```
//!
//! Path arguments are JMESPath. The generated client evaluates the part of it waiters use —
//! member access, `[]` projections, `length(path) <cmp> n` — and [`parse_argument`] rejects the
//! rest, so an expression the client cannot evaluate is a warning here, never a wrong waiter.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::source::{FileId, Span};

/// One acceptor, as botocore's `waiters-2.json` writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acceptor {
    /// `success`, `failure` or `retry`.
    pub state: State,
    /// `path`, `pathAll`, `pathAny`, `status` or `error`.
    pub matcher: MatcherKind,
    /// The JMESPath expression of the path matchers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub argument: Option<String>,
    /// A string, boolean or number (an HTTP status, an error code, or `true`/`false` for
    /// "any error"/"no error").
    pub expected: serde_json::Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Success,
    Failure,
    Retry,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MatcherKind {
    Path,
    PathAll,
    PathAny,
    Status,
    Error,
}

/// Reads a model's acceptor list, and the one-member form models had before acceptors were
/// botocore's (`{member, success, failure, retry, retry_errors}`), so that `diff-model` still
/// reads older revisions.
pub fn deserialize_acceptors<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Acceptor>, D::Error> {
    #[derive(Deserialize)]
    struct Legacy {
        member: String,
        success: Vec<String>,
        #[serde(default)]
        failure: Vec<String>,
        #[serde(default)]
        retry: Vec<String>,
        #[serde(default)]
        retry_errors: Vec<String>,
    }
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Any {
        List(Vec<Acceptor>),
        Legacy(Legacy),
    }
    Ok(match Any::deserialize(d)? {
        Any::List(list) => list,
        Any::Legacy(l) => {
            let path = |state, v: &String| Acceptor {
                state,
                matcher: MatcherKind::Path,
                argument: Some(l.member.clone()),
                expected: serde_json::Value::String(v.clone()),
            };
            let mut out: Vec<Acceptor> = l.retry.iter().map(|v| path(State::Retry, v)).collect();
            out.extend(l.success.iter().map(|v| path(State::Success, v)));
            out.extend(l.failure.iter().map(|v| path(State::Failure, v)));
            out.extend(l.retry_errors.iter().map(|v| Acceptor {
                state: State::Retry,
                matcher: MatcherKind::Error,
                argument: None,
                expected: serde_json::Value::String(v.clone()),
            }));
            out
        }
    })
}

/// A parsed path argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathExpr {
    /// `Some(name)` for a member, `None` for `[]`.
    pub steps: Vec<Option<String>>,
    /// `length(path) <cmp> n`: the comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`) and `n`.
    pub length: Option<(String, i64)>,
}

/// Acceptors of each waiter from one file, with where each waiter's list was written.
pub type Tables = BTreeMap<String, (Vec<Acceptor>, FileId, Span)>;

/// Attaches the file and spans to deserialised acceptor lists.
pub fn spanned(file: FileId, raw: BTreeMap<String, Spanned<Vec<Acceptor>>>) -> Tables {
    raw.into_iter()
        .map(|(k, v)| {
            let r = v.span();
            (k, (v.into_inner(), file, Span::new(r.start, r.end)))
        })
        .collect()
}

/// Parses the JMESPath subset the generated client evaluates: `A.B[].C`, `length(A[]) > `0``.
pub fn parse_argument(arg: &str) -> Result<PathExpr, String> {
    let arg = arg.trim();
    if let Some(rest) = arg.strip_prefix("length(") {
        let (inner, cmp) = rest.split_once(')').ok_or("`length(` without `)`")?;
        let cmp = cmp.trim();
        let op =
            ["==", "!=", "<=", ">=", "<", ">"].into_iter().find(|op| cmp.starts_with(op)).ok_or("no comparison")?;
        let n = cmp[op.len()..].trim().trim_matches('`').trim();
        let n: i64 = n.parse().map_err(|_| format!("`{n}` is not a number"))?;
        return Ok(PathExpr { steps: steps(inner)?, length: Some((op.to_string(), n)) });
    }
    Ok(PathExpr { steps: steps(arg)?, length: None })
}

fn steps(path: &str) -> Result<Vec<Option<String>>, String> {
    let mut out = Vec::new();
    for segment in path.trim().split('.') {
        let name = segment.trim_end_matches("[]");
        let flattens = (segment.len() - name.len()) / 2;
        if !name.is_empty() {
            if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!("`{segment}` is not a member name"));
            }
            out.push(Some(name.to_string()));
        } else if flattens == 0 {
            return Err("an empty path segment".into());
        }
        out.extend(std::iter::repeat_n(None, flattens));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subset_waiters_use_parses_and_the_rest_is_refused() {
        let p = parse_argument("Reservations[].Instances[].State.Name").unwrap();
        let names: Vec<Option<&str>> = p.steps.iter().map(Option::as_deref).collect();
        assert_eq!(names, [Some("Reservations"), None, Some("Instances"), None, Some("State"), Some("Name")]);
        let p = parse_argument("length(services[]) > `0`").unwrap();
        assert_eq!(p.length, Some((">".to_string(), 0)));
        assert!(parse_argument("length(x) > `0`  && length(x[?a == 'b']) ==  length(x)").is_err());
        assert!(parse_argument("length(x[?!(length(y) == `1`)]) == `0`").is_err());
        assert!(parse_argument("a..b").is_err());
    }
}
