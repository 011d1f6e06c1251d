//! Paginators: an operation's pages, or the items of its result list, as a `Stream`.

use std::collections::HashSet;
use std::future::Future;

use futures_core::Stream;
use futures_util::stream::{self, StreamExt};

/// The pages of a paginated operation: calls `fetch` with `input`, then again with the output
/// token of each page set as the input token, until a page has no token (or an empty one), or
/// repeats one (a service bug that would otherwise loop forever). An error ends the stream after
/// it is yielded. A token is usually a string; DynamoDB's is a map (`LastEvaluatedKey`), S3's
/// `ListObjectVersions` a tuple of two, so any serialisable value is one, compared by its JSON
/// form: empty where it is null, `""`, `{}`, or a tuple of empty ones.
pub fn pages<'a, I, O, E, F, Fut, T>(
    input: I,
    fetch: F,
    set_token: fn(&mut I, T),
    next_token: fn(&O) -> Option<T>,
) -> impl Stream<Item = Result<O, E>> + 'a
where
    I: Clone + 'a,
    O: 'a,
    E: 'a,
    T: serde::Serialize + 'a,
    F: FnMut(I) -> Fut + 'a,
    Fut: Future<Output = Result<O, E>> + 'a,
{
    struct State<I, F> {
        input: Option<I>,
        fetch: F,
        seen: HashSet<String>,
    }
    let state = State { input: Some(input), fetch, seen: HashSet::new() };
    stream::unfold(state, move |mut st| async move {
        let input = st.input.take()?;
        match (st.fetch)(input.clone()).await {
            Err(e) => Some((Err(e), st)),
            Ok(out) => {
                if let Some(token) = next_token(&out) {
                    let json = serde_json::to_value(&token).unwrap_or_default();
                    let key = json.to_string();
                    if is_empty(&json) {
                        // An empty token ends the pages, as a missing one does.
                    } else if st.seen.insert(key.clone()) {
                        let mut next = input;
                        set_token(&mut next, token);
                        st.input = Some(next);
                    } else {
                        tracing::warn!(token = %key, "the service repeated a pagination token; stopping");
                    }
                }
                Some((Ok(out), st))
            }
        }
    })
}

/// Whether a token says there is no further page.
fn is_empty(token: &serde_json::Value) -> bool {
    use serde_json::Value;
    match token {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Object(m) => m.is_empty(),
        Value::Array(tuple) => tuple.iter().all(is_empty),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

/// The items of each page's result list, in order.
pub fn items<'a, O, T, E>(
    pages: impl Stream<Item = Result<O, E>> + 'a,
    result: fn(O) -> Vec<T>,
) -> impl Stream<Item = Result<T, E>> + 'a
where
    O: 'a,
    T: 'a,
    E: 'a,
{
    pages.flat_map(move |page| match page {
        Ok(out) => stream::iter(result(out).into_iter().map(Ok).collect::<Vec<_>>()),
        Err(e) => stream::iter(vec![Err(e)]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;
    use std::cell::RefCell;

    #[derive(Clone, Debug)]
    struct In {
        token: Option<String>,
    }

    struct Out {
        items: Vec<u32>,
        next: Option<String>,
    }

    fn run<T>(s: impl Stream<Item = T>) -> Vec<T> {
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        rt.block_on(s.collect::<Vec<_>>())
    }

    #[test]
    fn pages_follow_tokens_and_stop_on_a_repeat() {
        // Tokens: None -> "a" -> "b" -> "a" (repeated: stop).
        let calls = RefCell::new(Vec::new());
        let fetch = |i: In| {
            calls.borrow_mut().push(i.token.clone());
            let next = match i.token.as_deref() {
                None => Some("a"),
                Some("a") => Some("b"),
                _ => Some("a"),
            };
            async move { Ok::<_, ()>(Out { items: vec![1, 2], next: next.map(str::to_string) }) }
        };
        let got = run(pages(In { token: None }, fetch, |i, t| i.token = Some(t), |o: &Out| o.next.clone()));
        assert_eq!(got.len(), 3);
        assert_eq!(*calls.borrow(), [None, Some("a".into()), Some("b".into())]);
    }

    #[test]
    fn several_tokens_travel_together_and_end_when_all_are_empty() {
        // S3 `ListObjectVersions`: (key marker, version marker); a page with neither is the last.
        #[derive(Clone, Debug)]
        struct In2 {
            key: Option<String>,
            version: Option<String>,
        }
        let calls = RefCell::new(Vec::new());
        let fetch = |i: In2| {
            calls.borrow_mut().push((i.key.clone(), i.version.clone()));
            let next = match (i.key.as_deref(), i.version.as_deref()) {
                (None, None) => (Some("k1"), Some("v1")),
                (Some("k1"), _) => (Some("k2"), None),
                _ => (Some(""), None),
            };
            async move { Ok::<_, ()>((next.0.map(str::to_string), next.1.map(str::to_string))) }
        };
        let got = run(pages(
            In2 { key: None, version: None },
            fetch,
            |i, (k, v)| {
                i.key = k;
                i.version = v;
            },
            |o: &(Option<String>, Option<String>)| Some(o.clone()),
        ));
        assert_eq!(got.len(), 3);
        let want = [(None, None), (Some("k1".into()), Some("v1".into())), (Some("k2".into()), None)];
        assert_eq!(*calls.borrow(), want);
    }

    #[test]
    fn items_flatten_and_errors_end_the_stream() {
        let fetch = |i: In| async move {
            match i.token.as_deref() {
                None => Ok(Out { items: vec![1, 2, 3], next: Some("x".into()) }),
                _ => Err("boom"),
            }
        };
        let s =
            items(pages(In { token: None }, fetch, |i, t| i.token = Some(t), |o: &Out| o.next.clone()), |o: Out| {
                o.items
            });
        assert_eq!(run(s), [Ok(1), Ok(2), Ok(3), Err("boom")]);
        let capped = items(
            pages(
                In { token: None },
                |_| async { Ok::<_, ()>(Out { items: (0..10).collect(), next: Some("t".into()) }) },
                |i, t| i.token = Some(t),
                |o: &Out| o.next.clone(),
            ),
            |o: Out| o.items,
        )
        .take(4);
        assert_eq!(run(capped).len(), 4);
    }
}
