//! `wait_<waiter>` client methods: the waiter's acceptors as a static table the runtime reads.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::names;
use crate::model::waiters::{Acceptor, MatcherKind, State};
use crate::model::Waiter;

/// `wait_<waiter>` and `wait_<waiter>_with`: poll the operation until an acceptor says the wait
/// is over. Lowering checked every path; an acceptor that still cannot be emitted is an error.
pub fn emit_waiter(name: &str, w: &Waiter) -> Result<TokenStream, String> {
    let op = &w.operation;
    let snake = names::snake(op);
    let module = names::ident(&snake);
    let method = format_ident!("wait_{}", names::snake(name));
    let method_with = format_ident!("wait_{}_with", names::snake(name));
    let (input, output, error) = (format_ident!("{op}Input"), format_ident!("{op}Output"), format_ident!("{op}Error"));
    let (delay, attempts) = (u64::from(w.delay), w.max_attempts);
    let table = w.acceptors.iter().map(|a| acceptor(name, a)).collect::<Result<Vec<_>, _>>()?;
    let lines: Vec<String> = w.acceptors.iter().map(describe).collect();
    let doc = super::doc_lines(&format!(
        "Waits for `{name}`: calls `{op}` every {delay} s, at most {attempts} times. The first of these that \
         matches an answer decides:\n\n{}\n\nAn answer none matches means \"not yet\" for an output and ends the \
         wait for an error. The acceptors come from the service's waiter definitions.",
        lines.join("\n")
    ));
    let with_doc = super::doc_lines(&format!("[`Client::{method}`] with another delay and attempt limit."));
    let ret = quote! {
        Result<
            awsdoc_runtime::client::Finished<crate::operation::#module::#output, crate::operation::#module::#error>,
            awsdoc_runtime::client::WaiterError<crate::operation::#module::#output, crate::operation::#module::#error>,
        >
    };
    Ok(quote! {
        #doc
        pub async fn #method(&self, input: crate::operation::#module::#input) -> #ret {
            let config = awsdoc_runtime::client::WaiterConfig { delay: std::time::Duration::from_secs(#delay), max_attempts: #attempts };
            self.#method_with(input, config).await
        }
        #with_doc
        pub async fn #method_with(
            &self,
            input: crate::operation::#module::#input,
            config: awsdoc_runtime::client::WaiterConfig,
        ) -> #ret {
            use awsdoc_runtime::client::waiter;
            const ACCEPTORS: &[waiter::Acceptor] = &[#(#table),*];
            waiter::wait(
                config,
                || self.send(input.clone()),
                |output| waiter::judge(ACCEPTORS, output),
                |error| waiter::judge_error(ACCEPTORS, error.code(), error.meta().map(|m| m.status)),
            )
            .await
        }
    })
}

/// One `Acceptor { state, matcher }` expression.
fn acceptor(waiter: &str, a: &Acceptor) -> Result<TokenStream, String> {
    let state = match a.state {
        State::Success => quote!(waiter::WaiterState::Success),
        State::Failure => quote!(waiter::WaiterState::Failure),
        State::Retry => quote!(waiter::WaiterState::Retry),
    };
    let bad = || format!("waiter {waiter}: acceptor {a:?} cannot be emitted");
    let matcher = match a.matcher {
        MatcherKind::Status => {
            let code = a.expected.as_u64().and_then(|c| u16::try_from(c).ok()).ok_or_else(bad)?;
            quote!(waiter::Matcher::Status(#code))
        }
        MatcherKind::Error => match &a.expected {
            serde_json::Value::String(code) => quote!(waiter::Matcher::Error(#code)),
            serde_json::Value::Bool(any) => quote!(waiter::Matcher::AnyError(#any)),
            _ => return Err(bad()),
        },
        MatcherKind::Path | MatcherKind::PathAll | MatcherKind::PathAny => {
            let arg = a.argument.as_deref().unwrap_or_default();
            let expected = match &a.expected {
                serde_json::Value::String(v) => quote!(waiter::Expected::Str(#v)),
                serde_json::Value::Bool(b) => quote!(waiter::Expected::Bool(#b)),
                serde_json::Value::Number(n) => {
                    let f = n.as_f64().ok_or_else(bad)?;
                    quote!(waiter::Expected::Num(#f))
                }
                _ => return Err(bad()),
            };
            let path = quote!(#arg);
            match a.matcher {
                MatcherKind::PathAll => quote!(waiter::Matcher::PathAll(#path, #expected)),
                MatcherKind::PathAny => quote!(waiter::Matcher::PathAny(#path, #expected)),
                _ => quote!(waiter::Matcher::Path(#path, #expected)),
            }
        }
    };
    Ok(quote!(waiter::Acceptor { state: #state, matcher: #matcher }))
}

/// `- success when `Table.TableStatus` is `"ACTIVE"``: one acceptor for the docs.
fn describe(a: &Acceptor) -> String {
    let state = match a.state {
        State::Success => "success",
        State::Failure => "failure",
        State::Retry => "not yet",
    };
    let arg = a.argument.as_deref().unwrap_or_default().replace('`', "");
    let when = match a.matcher {
        MatcherKind::Path => format!("`{arg}` is `{}`", a.expected),
        MatcherKind::PathAll => format!("every element of `{arg}` is `{}`", a.expected),
        MatcherKind::PathAny => format!("some element of `{arg}` is `{}`", a.expected),
        MatcherKind::Status => format!("the HTTP status is {}", a.expected),
        MatcherKind::Error => match &a.expected {
            serde_json::Value::Bool(true) => "the call fails".to_string(),
            serde_json::Value::Bool(false) => "the call succeeds".to_string(),
            other => format!("the error is `{}`", other.as_str().unwrap_or_default()),
        },
    };
    format!("- {state} when {when}")
}
