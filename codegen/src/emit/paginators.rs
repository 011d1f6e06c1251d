//! Paginators: `<op>_pages` and `<op>_items`, following botocore's tokens through the output.
//!
//! A token is a path into the output (`EngineDefaults.Marker`, `Contents[-1].Key`, alternatives
//! joined by `||`, see [`crate::model::paging`]), read with typed field access: no JMESPath at
//! run time. Several tokens (S3's `ListObjectVersions`) travel as a tuple.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{names, Emitter};
use crate::model::paging::{self, Path, Step};
use crate::model::{Member, Operation, Paginator, Shape, TypeRef};

/// `<op>_pages` and, where a result is a list, `<op>_items`.
pub fn methods(e: &Emitter<'_>, op: &str, operation: &Operation, p: &Paginator) -> Result<TokenStream, String> {
    let snake = names::snake(op);
    let module = names::ident(&snake);
    let pages = format_ident!("{}_pages", snake);
    let (input, output, error) = (format_ident!("{op}Input"), format_ident!("{op}Output"), format_ident!("{op}Error"));
    let (set_token, next_token) = tokens(e, op, operation, p)?;
    let pages_doc = super::doc_lines(&pages_doc(op, p));
    // The streams own a clone of the client (clones share one connection pool), so they can be
    // returned, stored and spawned: `Send + 'static`, which the signature makes the compiler check.
    let pages_fn = quote! {
        #pages_doc
        pub fn #pages(
            &self,
            input: crate::operation::#module::#input,
        ) -> impl awsdoc_runtime::client::Stream<Item = Result<crate::operation::#module::#output, crate::operation::#module::#error>> + Send + 'static {
            let client = self.clone();
            awsdoc_runtime::client::paginate::pages(
                input,
                move |input| {
                    let client = client.clone();
                    async move { client.send(input).await }
                },
                #set_token,
                #next_token,
            )
        }
    };
    let Some(result) = p.result_keys.first() else { return Ok(pages_fn) };
    let (list, ty) = take_path(e, op, &operation.output, &paging::parse_path(result)?)?;
    let TypeRef::List(item) = ty else { return Err(format!("{op}: result key `{result}` is not a list")) };
    let item = e.rust_type(&item)?;
    let items = format_ident!("{}_items", snake);
    let others = match &p.result_keys[1..] {
        [] => String::new(),
        rest => {
            format!(" The pages also carry {}.", rest.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", "))
        }
    };
    let items_doc = super::doc_lines(&format!(
        "The `{result}` of every page of `{op}`, in order. Cap them with `StreamExt::take`.{others}"
    ));
    Ok(quote! {
        #pages_fn
        #items_doc
        pub fn #items(
            &self,
            input: crate::operation::#module::#input,
        ) -> impl awsdoc_runtime::client::Stream<Item = Result<#item, crate::operation::#module::#error>> + Send + 'static {
            awsdoc_runtime::client::paginate::items(self.#pages(input), |output| #list.unwrap_or_default())
        }
    })
}

fn pages_doc(op: &str, p: &Paginator) -> String {
    let quoted = |v: &[String]| v.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ");
    let more = p.more_results.as_deref().map(|m| format!(" while `{m}` is true,")).unwrap_or_default();
    let limit = p
        .limit_key
        .as_deref()
        .map(|l| format!(" Set the page size with the input's `{}`;", names::snake(l)))
        .unwrap_or_default();
    let items = match p.result_keys.is_empty() {
        true => " Its results are not lists, so there is no items stream.",
        false => "",
    };
    let starts = p.input_token.iter().map(|t| names::snake(t)).collect::<Vec<_>>();
    let them = if starts.len() == 1 { "one" } else { "them" };
    format!(
        "`{op}`, page after page: follows {}{more} until a page has none (or repeats {them}).{limit} \
         start from a saved token with the input's {}; an error ends the stream.{items}",
        quoted(&p.output_token),
        quoted(&starts),
    )
}

/// The two functions `paginate::pages` takes: one setting the input tokens from a token value,
/// one reading that value from an output (`None`: no further page).
fn tokens(
    e: &Emitter<'_>,
    op: &str,
    operation: &Operation,
    p: &Paginator,
) -> Result<(TokenStream, TokenStream), String> {
    let mut reads = Vec::new();
    let mut fields = Vec::new();
    for (input_token, expr) in p.input_token.iter().zip(&p.output_token) {
        let member = operation
            .input
            .iter()
            .find(|m| &m.name == input_token)
            .ok_or_else(|| format!("{op}: input token `{input_token}` is not an input member"))?;
        if member.required {
            return Err(format!("{op}: a required input token is not supported"));
        }
        reads.push(alternatives(e, op, &operation.output, expr, &member.ty)?);
        fields.push(names::field(input_token));
    }
    // The value read: an expression, after statements for several tokens.
    let (set, stmts, read) = match (&fields[..], &reads[..]) {
        ([field], [read]) => (quote!(|input, token| input.#field = Some(token)), quote!(), read.clone()),
        _ => {
            let vars: Vec<_> = (0..fields.len()).map(|i| format_ident!("t{i}")).collect();
            let set = quote!(|input, (#(#vars),*)| { #(input.#fields = #vars;)* });
            let any = vars.iter().map(|v| quote!(#v.is_some())).reduce(|a, b| quote!(#a || #b));
            let stmts = quote!(let (#(#vars),*) = (#(#reads),*););
            (set, stmts, quote!((#any).then_some((#(#vars),*))))
        }
    };
    let Some(more) = &p.more_results else {
        return Ok((set, if stmts.is_empty() { quote!(|output| #read) } else { quote!(|output| { #stmts #read }) }));
    };
    let (flag, ty) = borrow_path(e, op, &operation.output, &paging::parse_path(more)?)?;
    if ty != TypeRef::Boolean {
        return Err(format!("{op}: `more_results` `{more}` is not a boolean"));
    }
    Ok((set, quote!(|output| if #flag.unwrap_or(false) { #stmts #read } else { None })))
}

/// A token's alternatives, each read as an `Option` of the input token's type `want`; an empty
/// string falls through to the next, as JMESPath's `||` does.
fn alternatives(
    e: &Emitter<'_>,
    op: &str,
    output: &[Member],
    expr: &str,
    want: &TypeRef,
) -> Result<TokenStream, String> {
    let paths = paging::parse(expr)?;
    let mut read: Option<TokenStream> = None;
    for (i, path) in paths.iter().enumerate() {
        let (value, ty) = borrow_path(e, op, output, path)?;
        if &ty != want {
            return Err(format!("{op}: output token `{path}` is a {ty}, its input token a {want}"));
        }
        let value = match (ty, i + 1 < paths.len()) {
            (TypeRef::String, true) => quote!(#value.filter(|t| !t.is_empty())),
            _ => value,
        };
        read = Some(match read {
            None => value,
            Some(before) => quote!(#before.or_else(|| #value)),
        });
    }
    read.ok_or_else(|| format!("{op}: an empty output token"))
}

/// Where a path leads: the field at each step (`None` for `[-1]`) and the type at its end.
fn resolve(
    e: &Emitter<'_>,
    op: &str,
    output: &[Member],
    path: &Path,
) -> Result<(Vec<Option<proc_macro2::Ident>>, TypeRef), String> {
    let mut steps = Vec::new();
    let mut ty: Option<TypeRef> = None;
    for step in &path.0 {
        let next = match (step, &ty) {
            (Step::Member(name), None) => output.iter().find(|m| &m.name == name).map(|m| m.ty.clone()),
            (Step::Member(name), Some(TypeRef::Shape(shape))) => match e.model.shapes.get(shape) {
                Some(Shape::Structure { union: false, members, .. }) => {
                    members.iter().find(|m| &m.name == name).map(|m| m.ty.clone())
                }
                _ => None,
            },
            (Step::Last, Some(TypeRef::List(item))) => Some((**item).clone()),
            _ => None,
        };
        ty = Some(next.ok_or_else(|| format!("{op}: `{path}` is not a path into the output"))?);
        steps.push(match step {
            Step::Member(name) => Some(names::field(name)),
            Step::Last => None,
        });
    }
    Ok((steps, ty.ok_or_else(|| format!("{op}: an empty path"))?))
}

/// The value at `path` from `output: &Output`, as an `Option` of its own (cloned or copied).
fn borrow_path(e: &Emitter<'_>, op: &str, output: &[Member], path: &Path) -> Result<(TokenStream, TypeRef), String> {
    let (steps, ty) = resolve(e, op, output, path)?;
    let copied = matches!(ty, TypeRef::Integer | TypeRef::Long | TypeRef::Boolean | TypeRef::Float | TypeRef::Double);
    if let [Some(field)] = &steps[..] {
        let value = if copied { quote!(output.#field) } else { quote!(output.#field.clone()) };
        return Ok((value, ty));
    }
    let mut value = quote!(output);
    for (i, step) in steps.iter().enumerate() {
        value = match (i, step) {
            (0, Some(field)) => quote!(#value.#field.as_ref()),
            (_, Some(field)) => quote!(#value.and_then(|v| v.#field.as_ref())),
            (_, None) => quote!(#value.and_then(|v| v.last())),
        };
    }
    let value = if copied { quote!(#value.copied()) } else { quote!(#value.cloned()) };
    Ok((value, ty))
}

/// The value at `path`, moved out of `output: Output` (result lists: no `[-1]` in their paths).
fn take_path(e: &Emitter<'_>, op: &str, output: &[Member], path: &Path) -> Result<(TokenStream, TypeRef), String> {
    let (steps, ty) = resolve(e, op, output, path)?;
    let mut value = quote!(output);
    for (i, step) in steps.iter().enumerate() {
        value = match (i, step) {
            (0, Some(field)) => quote!(#value.#field),
            (_, Some(field)) => quote!(#value.and_then(|v| v.#field)),
            (_, None) => return Err(format!("{op}: result key `{path}` indexes a list")),
        };
    }
    Ok((value, ty))
}
