//! Waiters: poll an operation until its answers say the wait is over.
//!
//! What each answer means comes from the service's waiter definitions (botocore's
//! `waiters-2.json`, recorded by `fetch-docs`), which the generator turns into a static table of
//! [`Acceptor`]s. Path matchers evaluate their JMESPath expression (the whole language:
//! projections, filters, functions, boolean operators; see [`crate::rules::Path`]) over the
//! output in its serde form (model member names as keys), as botocore does.

use std::time::Duration;

use serde_json::Value;

/// How often and how long a waiter polls (boto3's `WaiterConfig`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaiterConfig {
    pub delay: Duration,
    pub max_attempts: u32,
}

/// What an acceptor makes of an answer that matches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaiterState {
    Success,
    Failure,
    Retry,
}

/// The answer that ended a wait successfully: an output, or the error a waiter waits for
/// (`ResourceNotFoundException` for a waiter that waits until something is gone).
#[derive(Debug, Clone, PartialEq)]
pub enum Finished<O, E> {
    Output(O),
    Error(E),
}

impl<O, E> Finished<O, E> {
    /// The output, if an output ended the wait.
    pub fn into_output(self) -> Option<O> {
        match self {
            Finished::Output(o) => Some(o),
            Finished::Error(_) => None,
        }
    }
}

/// Why a waiter stopped without success.
#[derive(Debug, Clone, PartialEq)]
pub enum WaiterError<O, E> {
    /// The answer reached a failure state; the last output is kept.
    Failed(O),
    /// An error reached a failure state, or one no acceptor expects.
    Operation(E),
    /// Still not done after this many attempts.
    TimedOut { attempts: u32 },
}

impl<O: std::fmt::Debug, E: std::fmt::Display> std::fmt::Display for WaiterError<O, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WaiterError::Failed(o) => write!(f, "the waiter reached a failure state: {o:?}"),
            WaiterError::Operation(e) => write!(f, "the waiter's operation failed: {e}"),
            WaiterError::TimedOut { attempts } => write!(f, "still waiting after {attempts} attempts"),
        }
    }
}

impl<O: std::fmt::Debug, E: std::fmt::Debug + std::fmt::Display> std::error::Error for WaiterError<O, E> {}

/// A value an acceptor expects.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Expected {
    Str(&'static str),
    Bool(bool),
    Num(f64),
}

/// How an acceptor matches an answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Matcher {
    /// The JMESPath expression's value equals the expected value.
    Path(&'static str, Expected),
    /// The expression's value is a non-empty list whose every element equals the expected value.
    PathAll(&'static str, Expected),
    /// The expression's value is a list with an element equal to the expected value.
    PathAny(&'static str, Expected),
    /// The answer's HTTP status.
    Status(u16),
    /// An error with this code.
    Error(&'static str),
    /// `true`: any error; `false`: no error.
    AnyError(bool),
}

/// One line of a waiter's table: what a matching answer means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Acceptor {
    pub state: WaiterState,
    pub matcher: Matcher,
}

/// A JMESPath expression's value over an output (the generator checked that it parses; one
/// that does not reaches nothing).
fn search(expression: &str, output: &Value) -> Value {
    crate::rules::Path::parse(expression).map_or(Value::Null, |p| p.eval(output))
}

impl Expected {
    fn matches(&self, v: &Value) -> bool {
        match (self, v) {
            (Expected::Str(s), Value::String(x)) => s == x,
            (Expected::Bool(b), Value::Bool(x)) => b == x,
            (Expected::Num(n), Value::Number(x)) => x.as_f64() == Some(*n),
            _ => false,
        }
    }
}

/// What the table makes of an output (its JSON wire form): the first matching acceptor's state.
pub fn judge_output(acceptors: &[Acceptor], output: &Value) -> Option<WaiterState> {
    acceptors.iter().find(|a| output_matches(&a.matcher, output)).map(|a| a.state)
}

fn output_matches(m: &Matcher, output: &Value) -> bool {
    match m {
        Matcher::Path(p, e) => e.matches(&search(p, output)),
        Matcher::PathAll(p, e) => {
            matches!(search(p, output), Value::Array(items) if !items.is_empty() && items.iter().all(|i| e.matches(i)))
        }
        Matcher::PathAny(p, e) => {
            matches!(search(p, output), Value::Array(items) if items.iter().any(|i| e.matches(i)))
        }
        Matcher::Status(s) => *s == 200,
        Matcher::AnyError(any) => !any,
        Matcher::Error(_) => false,
    }
}

/// [`judge_output`] of a typed output, read as its JSON wire form.
pub fn judge<O: serde::Serialize>(acceptors: &[Acceptor], output: &O) -> Option<WaiterState> {
    serde_json::to_value(output).ok().and_then(|v| judge_output(acceptors, &v))
}

/// What the table makes of a service error (its code and HTTP status).
pub fn judge_error(acceptors: &[Acceptor], code: Option<&str>, status: Option<u16>) -> Option<WaiterState> {
    acceptors
        .iter()
        .find(|a| match a.matcher {
            Matcher::Error(c) => code == Some(c),
            Matcher::AnyError(any) => any && code.is_some(),
            Matcher::Status(s) => status == Some(s),
            _ => false,
        })
        .map(|a| a.state)
}

/// Polls `call` every `config.delay` (the first poll at once) up to `config.max_attempts` times.
/// `judge_ok` and `judge_err` say what each answer means (`None`: no acceptor matched, which
/// means "not yet" for an output and failure for an error, as in botocore).
pub async fn wait<O, E, F, Fut>(
    config: WaiterConfig,
    mut call: F,
    judge_ok: impl Fn(&O) -> Option<WaiterState>,
    judge_err: impl Fn(&E) -> Option<WaiterState>,
) -> Result<Finished<O, E>, WaiterError<O, E>>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<O, E>>,
{
    let WaiterConfig { delay, max_attempts } = config;
    let max_attempts = max_attempts.max(1);
    for attempt in 1..=max_attempts {
        match call().await {
            Ok(out) => match judge_ok(&out) {
                Some(WaiterState::Success) => return Ok(Finished::Output(out)),
                Some(WaiterState::Failure) => return Err(WaiterError::Failed(out)),
                Some(WaiterState::Retry) | None => {}
            },
            Err(e) => match judge_err(&e) {
                Some(WaiterState::Success) => return Ok(Finished::Error(e)),
                Some(WaiterState::Retry) => {}
                Some(WaiterState::Failure) | None => return Err(WaiterError::Operation(e)),
            },
        }
        if attempt < max_attempts {
            tokio::time::sleep(delay).await;
        }
    }
    Err(WaiterError::TimedOut { attempts: max_attempts })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_project_and_flatten_as_jmespath_does() {
        let v = json!({"Reservations": [
            {"Instances": [{"State": {"Name": "running"}}, {"State": {"Name": "pending"}}]},
            {"Instances": [{"State": {"Name": "running"}}, {"Other": 1}]},
        ]});
        assert_eq!(search("Reservations[].Instances[].State.Name", &v), json!(["running", "pending", "running"]));
        assert_eq!(search("Nope.X", &v), Value::Null);
        assert_eq!(search("length(Reservations[]) > `1`", &v), json!(true));
    }

    #[test]
    fn matchers_follow_botocore() {
        // kinesis StreamExists / StreamNotExists, dynamodb TableExists.
        let status = "StreamDescription.StreamStatus";
        let table = [
            Acceptor { state: WaiterState::Success, matcher: Matcher::Path(status, Expected::Str("ACTIVE")) },
            Acceptor { state: WaiterState::Retry, matcher: Matcher::Error("ResourceInUseException") },
            Acceptor { state: WaiterState::Success, matcher: Matcher::Error("ResourceNotFoundException") },
        ];
        let out = json!({"StreamDescription": {"StreamStatus": "ACTIVE"}});
        assert_eq!(judge_output(&table, &out), Some(WaiterState::Success));
        assert_eq!(judge_output(&table, &json!({"StreamDescription": {"StreamStatus": "CREATING"}})), None);
        assert_eq!(judge_error(&table, Some("ResourceNotFoundException"), Some(400)), Some(WaiterState::Success));
        assert_eq!(judge_error(&table, Some("ResourceInUseException"), Some(400)), Some(WaiterState::Retry));
        assert_eq!(judge_error(&table, Some("Other"), Some(400)), None);

        let all = "Items[].S";
        let t = [Acceptor { state: WaiterState::Failure, matcher: Matcher::PathAll(all, Expected::Str("x")) }];
        assert_eq!(judge_output(&t, &json!({"Items": [{"S": "x"}, {"S": "x"}]})), Some(WaiterState::Failure));
        assert_eq!(judge_output(&t, &json!({"Items": [{"S": "x"}, {"S": "y"}]})), None);
        assert_eq!(judge_output(&t, &json!({"Items": []})), None, "pathAll needs a non-empty list");
        let t = [Acceptor { state: WaiterState::Success, matcher: Matcher::PathAny(all, Expected::Str("y")) }];
        assert_eq!(judge_output(&t, &json!({"Items": [{"S": "x"}, {"S": "y"}]})), Some(WaiterState::Success));
        let t = [
            Acceptor { state: WaiterState::Success, matcher: Matcher::Status(200) },
            Acceptor { state: WaiterState::Retry, matcher: Matcher::Status(404) },
        ];
        assert_eq!(judge_output(&t, &json!({})), Some(WaiterState::Success));
        assert_eq!(judge_error(&t, Some("NotFound"), Some(404)), Some(WaiterState::Retry));
        let n = "Count";
        let t = [Acceptor { state: WaiterState::Success, matcher: Matcher::Path(n, Expected::Num(3.0)) }];
        assert_eq!(judge_output(&t, &json!({"Count": 3})), Some(WaiterState::Success));
    }
}
