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
//! Path arguments are JMESPath, which the generated client evaluates whole (the runtime's
//! `rules::Path`, the `jmespath` crate). [`check_argument`] parses each one with the same crate
//! and checks every member it names against the output's shapes, so that a waiter never looks
//! for a member its operation does not return.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use jmespath::ast::Ast;

use crate::source::{FileId, Span};
use crate::syntax::{DocType, Field};

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

/// Parses a path argument and checks the members it names against `output` (the members of the
/// waiter's operation's output): `Err` says what does not parse or which member is missing.
pub fn check_argument(arg: &str, output: &[Field]) -> Result<(), String> {
    let expr = jmespath::compile(arg).map_err(|e| format!("`{arg}` is not JMESPath: {e}"))?;
    walk(expr.as_ast(), Shape::Members(output)).map(|_| ())
}

/// What an expression's value is, as far as member names go.
#[derive(Clone)]
enum Shape<'a> {
    /// A structure with these members.
    Members(&'a [Field]),
    /// A list of this item.
    List(&'a Field),
    /// A projection's result: a list of values of this shape.
    Projected(Box<Shape<'a>>),
    /// A scalar, a map, or what a literal or function gives: nothing to check below it.
    Any,
}

fn shape_of(f: &Field) -> Shape<'_> {
    match f.ty {
        DocType::List => f.children.first().map_or(Shape::Any, Shape::List),
        DocType::Structure | DocType::Union => Shape::Members(&f.children),
        DocType::Dict if f.children.iter().all(|c| c.name.is_some()) => Shape::Members(&f.children),
        _ => Shape::Any,
    }
}

/// The shape of a list's elements (a projection's left side).
fn element(s: Shape<'_>) -> Shape<'_> {
    match s {
        Shape::List(item) => shape_of(item),
        Shape::Projected(inner) => *inner,
        _ => Shape::Any,
    }
}

/// Walks an expression from `at`, checking each field it reads; returns its value's shape.
fn walk<'a>(ast: &Ast, at: Shape<'a>) -> Result<Shape<'a>, String> {
    Ok(match ast {
        Ast::Field { name, .. } => match at {
            Shape::Members(fields) => {
                let f = fields.iter().find(|f| f.name.as_deref() == Some(name.as_str()));
                shape_of(f.ok_or_else(|| format!("there is no member `{name}`"))?)
            }
            Shape::List(_) | Shape::Projected(_) => return Err(format!("`{name}` is read from a list")),
            Shape::Any => Shape::Any,
        },
        Ast::Subexpr { lhs, rhs, .. } => walk(rhs, walk(lhs, at)?)?,
        Ast::Projection { lhs, rhs, .. } => Shape::Projected(Box::new(walk(rhs, element(walk(lhs, at)?))?)),
        Ast::Flatten { node, .. } => match walk(node, at)? {
            Shape::List(item) => Shape::Projected(Box::new(element(shape_of(item)).or(shape_of(item)))),
            Shape::Projected(inner) => Shape::Projected(Box::new(element(*inner.clone()).or(*inner))),
            _ => Shape::Any,
        },
        Ast::Index { .. } => element(at),
        Ast::Slice { .. } | Ast::Identity { .. } => at,
        Ast::Condition { predicate, then, .. } => {
            walk(predicate, at.clone())?;
            walk(then, at)?
        }
        Ast::Comparison { lhs, rhs, .. } | Ast::And { lhs, rhs, .. } | Ast::Or { lhs, rhs, .. } => {
            walk(lhs, at.clone())?;
            walk(rhs, at)?;
            Shape::Any
        }
        Ast::Not { node, .. } | Ast::ObjectValues { node, .. } => {
            walk(node, at)?;
            Shape::Any
        }
        Ast::Function { args, .. } | Ast::MultiList { elements: args, .. } => {
            args.iter().try_for_each(|a| walk(a, at.clone()).map(|_| ()))?;
            Shape::Any
        }
        Ast::MultiHash { elements, .. } => {
            elements.iter().try_for_each(|kv| walk(&kv.value, at.clone()).map(|_| ()))?;
            Shape::Any
        }
        // An expression reference (`sort_by(a, &b)`) applies to elements the function picks.
        Ast::Expref { .. } | Ast::Literal { .. } => Shape::Any,
    })
}

impl<'a> Shape<'a> {
    /// This shape, unless it is [`Shape::Any`] (a list of scalars flattened is that list).
    fn or(self, other: Shape<'a>) -> Shape<'a> {
        match self {
            Shape::Any => other,
            s => s,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Role;

    fn field(name: &str, ty: DocType, children: Vec<Field>) -> Field {
        let mut f = item(ty, children);
        f.name = Some(name.to_string());
        f
    }

    fn item(ty: DocType, children: Vec<Field>) -> Field {
        let mut f = Field::new(None, Role::Member, ty, Span::default(), None, Span::default());
        f.children = children;
        f
    }

    /// EC2's `DescribeInstances` and ECS's `DescribeServices`, cut down.
    fn outputs() -> (Vec<Field>, Vec<Field>) {
        let state = field("State", DocType::Structure, vec![field("Name", DocType::String, vec![])]);
        let instance = item(DocType::Structure, vec![state]);
        let instances = field("Instances", DocType::List, vec![instance]);
        let reservations = field("Reservations", DocType::List, vec![item(DocType::Structure, vec![instances])]);
        let service = item(
            DocType::Structure,
            vec![
                field("deployments", DocType::List, vec![item(DocType::Structure, vec![])]),
                field("runningCount", DocType::Integer, vec![]),
                field("desiredCount", DocType::Integer, vec![]),
            ],
        );
        (vec![reservations], vec![field("services", DocType::List, vec![service])])
    }

    #[test]
    fn every_member_an_expression_reads_must_be_in_the_output() {
        let (ec2, ecs) = outputs();
        check_argument("Reservations[].Instances[].State.Name", &ec2).unwrap();
        check_argument("length(Reservations[]) > `0`", &ec2).unwrap();
        check_argument("Reservations[*].Instances[*].State.Name[]", &ec2).unwrap();
        let stable = "length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`";
        check_argument(stable, &ecs).unwrap();
        let err = check_argument("Reservations[].Instances[].State.Nmae", &ec2).unwrap_err();
        assert_eq!(err, "there is no member `Nmae`");
        let err = check_argument("length(services[?runningCount == desiredCuont]) > `0`", &ecs).unwrap_err();
        assert_eq!(err, "there is no member `desiredCuont`");
        assert!(check_argument("Reservations.Instances", &ec2).unwrap_err().contains("read from a list"));
        assert!(check_argument("a..b", &ec2).unwrap_err().contains("is not JMESPath"));
    }
}
