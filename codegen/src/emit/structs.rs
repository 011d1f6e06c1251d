//! Structures: operation inputs (with builders), operation outputs, shared shapes.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{names, Emitter};
use crate::model::{Member, TypeRef};

/// Which structure is being emitted; decides which members are `Option`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Required members are plain values.
    Input,
    /// Every member is optional: AWS does not promise `required` on outputs.
    Output,
    /// The members of a modeled error (`types::error`), as optional as an output's.
    Exception,
    /// A shared shape; `optional_all` when some output reaches it.
    Shape { optional_all: bool },
}

impl Kind {
    fn optional(self, m: &Member) -> bool {
        match self {
            Kind::Input => !m.required,
            Kind::Output | Kind::Exception => true,
            Kind::Shape { optional_all } => optional_all || !m.required,
        }
    }
}

struct FieldInfo {
    ident: proc_macro2::Ident,
    ty: TokenStream,
    optional: bool,
    member: Member,
}

fn fields(e: &Emitter<'_>, owner: &str, members: &[Member], kind: Kind) -> Result<Vec<FieldInfo>, String> {
    members
        .iter()
        .map(|m| {
            let mut ty = e.rust_type(&m.ty).map_err(|err| format!("{owner}.{}: {err}", m.name))?;
            // An operation's input or output is no shape, so nothing leads back to it (glue's
            // `TestConnectionInput` operation input holds the shape `TestConnectionInput`).
            if matches!(kind, Kind::Shape { .. }) && e.boxed(owner, &m.ty) {
                ty = quote!(Box<#ty>);
            }
            Ok(FieldInfo { ident: names::field(&m.name), ty, optional: kind.optional(m), member: m.clone() })
        })
        .collect()
}

/// A structure and its builder, apart: an operation's sit side by side in its module, a shared
/// shape's builder goes to `types::builders` (appstream has both `Image` and `ImageBuilder`).
pub struct Emitted {
    pub item: TokenStream,
    pub builder: TokenStream,
}

impl Emitted {
    /// The structure with its builder beside it.
    pub fn together(self) -> TokenStream {
        let Emitted { item, builder } = self;
        quote!(#item #builder)
    }
}

/// Where the builder of a structure of this kind lives, seen from the structure's module.
fn builder_path(kind: Kind, name: &str) -> TokenStream {
    let b = format_ident!("{}Builder", name);
    match kind {
        Kind::Shape { .. } => quote!(crate::types::builders::#b),
        Kind::Input | Kind::Output | Kind::Exception => quote!(#b),
    }
}

/// A structure with its codec and serde form, its field docs, accessors for list and map members, and a
/// builder. `#[non_exhaustive]`: a member the service adds later breaks no caller, since code
/// outside the crate builds values with the builder (or `Default` and field assignment).
pub fn emit_struct(
    e: &Emitter<'_>,
    name: &str,
    docs: &str,
    members: &[Member],
    union: bool,
    kind: Kind,
    source: Option<&str>,
) -> Result<Emitted, String> {
    let ident = names::type_ident(name);
    let fs = fields(e, name, members, kind)?;
    let mut doc_text = docs.to_string();
    if union {
        doc_text.push_str("\n\nA tagged union: set exactly one member.");
    }
    let doc = e.doc_attrs(name, &doc_text, source)?;
    let mut field_tokens = Vec::new();
    let mut accessors = Vec::new();
    for f in &fs {
        let FieldInfo { ident: fid, ty, optional, member } = f;
        let wire = &member.name;
        let mut fmd = e.doc_markdown(&format!("{name}.{wire}"), &member.docs, None)?;
        if let Some(bounds) = constraints_doc(member) {
            fmd = if fmd.is_empty() { bounds } else { format!("{fmd}\n\n{bounds}") };
        }
        let fdoc = super::doc_lines(&fmd);
        let full_ty = if *optional { quote!(Option<#ty>) } else { quote!(#ty) };
        let dep = super::deprecated_attr(member.deprecated.as_deref());
        field_tokens.push(quote!(#fdoc #dep pub #fid: #full_ty,));
        if *optional {
            let acc = names::accessor(fid);
            match &member.ty {
                TypeRef::List(i) => {
                    let it = e.rust_type(i)?;
                    let adoc = super::doc_lines(&format!("`{wire}`, or an empty slice when absent."));
                    accessors.push(quote! {
                        #adoc
                        pub fn #acc(&self) -> &[#it] { self.#fid.as_deref().unwrap_or_default() }
                    });
                }
                TypeRef::Map(..) => {
                    let adoc = super::doc_lines(&format!("`{wire}`, or an empty map when absent."));
                    accessors.push(quote! {
                        #adoc
                        pub fn #acc(&self) -> &#ty {
                            static EMPTY: #ty = std::collections::BTreeMap::new();
                            self.#fid.as_ref().unwrap_or(&EMPTY)
                        }
                    });
                }
                _ => {}
            }
        }
    }
    let default = if e.defaults.contains(name)
        || matches!(kind, Kind::Output | Kind::Exception)
        || (kind == Kind::Input && fs.iter().all(|f| f.optional))
    {
        quote!(Default,)
    } else {
        quote!()
    };
    let codec_fields: Vec<_> = fs.iter().map(|f| (f.ident.clone(), &f.member, f.optional, f.ty.clone())).collect();
    let codec = super::schema::emit_codec(e, name, &ident, &codec_fields, kind == Kind::Output);
    let builder = emit_builder(name, &fs, kind)?;
    let b = builder_path(kind, name);
    let bdoc = super::doc_lines(&format!("A builder for [`{name}`]."));
    // A structure named `Builder` (elasticbeanstalk's): its `builder()` returns
    // `primitives::Builder<Self>`, which clippy takes for a constructor named after its type.
    let self_named = if ident == "Builder" { quote!(#[allow(clippy::self_named_constructors)]) } else { quote!() };
    let (request_id_field, request_id_impl) = request_id(kind, &ident);
    let debug_impl = debug_impl(&ident, kind);
    let item = quote! {
        #doc
        #[derive(Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #ident { #(#field_tokens)* #request_id_field }
        #debug_impl
        impl #ident { #bdoc #self_named pub fn builder() -> #b { <#b as Default>::default() } #(#accessors)* }
        #request_id_impl
        #codec
    };
    Ok(Emitted { item, builder })
}

/// An output keeps the request id of the answer it came from (`RequestId::request_id`), outside
/// its members: not serialised, not compared by the round trip.
fn request_id(kind: Kind, ident: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
    if kind != Kind::Output {
        return (quote!(), quote!());
    }
    let field = quote!(pub(crate) _request_id: Option<String>,);
    let imp = quote! {
        impl awsdoc_runtime::RequestId for #ident {
            fn request_id(&self) -> Option<&str> { self._request_id.as_deref() }
        }
    };
    (field, imp)
}

/// What a measure of this type counts, for the docs; `None` where a bound means nothing.
fn measure_unit(t: &TypeRef) -> Option<&'static str> {
    Some(match t {
        TypeRef::String => "characters",
        TypeRef::Blob => "bytes",
        TypeRef::List(_) => "items",
        TypeRef::Map(..) => "entries",
        TypeRef::Integer | TypeRef::Long | TypeRef::Float | TypeRef::Double => "",
        _ => return None,
    })
}

/// The model's bounds on a member as a doc paragraph (`Length: 1 to 2048 characters. Pattern: ...`).
fn constraints_doc(m: &Member) -> Option<String> {
    let c = &m.constraints;
    let unit = measure_unit(&m.ty)?;
    let mut parts = Vec::new();
    let range = match (&c.min, &c.max) {
        (Some(a), Some(b)) => Some(format!("{a} to {b}")),
        (Some(a), None) => Some(format!("at least {a}")),
        (None, Some(b)) => Some(format!("at most {b}")),
        (None, None) => None,
    };
    if let Some(range) = range {
        parts.push(if unit.is_empty() { format!("Range: {range}.") } else { format!("Length: {range} {unit}.") });
    }
    if let Some(p) = c.pattern.as_deref().filter(|_| m.ty == TypeRef::String) {
        parts.push(format!("Pattern: {}.", code_span(p)));
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// `text` as a Markdown code span, whatever backticks it holds.
fn code_span(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.starts_with(' ') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A `build()` check of the model's minimum (what botocore checks before sending); none where
/// the minimum cannot fail (a length of at least 0) or the type has no measure.
fn min_check(owner: &str, f: &FieldInfo) -> Option<TokenStream> {
    let min = f.member.constraints.min.as_ref()?.as_f64()?;
    let unit = measure_unit(&f.member.ty)?;
    if !unit.is_empty() && min <= 0.0 {
        return None;
    }
    let (fid, lit) = (&f.ident, proc_macro2::Literal::f64_unsuffixed(min));
    let member = fid.to_string().trim_start_matches("r#").to_string();
    Some(quote!(awsdoc_runtime::BuildError::check_min(#owner, #member, &self.#fid, #lit)?;))
}

/// `Debug` from the schema (`wire::debug_struct`): the members that are set, by field name, a
/// sensitive one shown as `*** Sensitive Data Redacted ***`; an output's request id last. One
/// call rather than a body per structure: derived `Debug`s were about a seventh of the build.
fn debug_impl(ident: &proc_macro2::Ident, kind: Kind) -> TokenStream {
    let shown = ident.to_string();
    let body = if kind == Kind::Output {
        quote!(awsdoc_runtime::wire::debug_output(f, #shown, self, self._request_id.as_deref()))
    } else {
        quote!(awsdoc_runtime::wire::debug_struct(f, #shown, self))
    };
    quote! {
        impl std::fmt::Debug for #ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { #body }
        }
    }
}

/// A structure's builder: every member optional until `build()`. `build()` returns a `Result`
/// naming a missing required member (or, for an input, one below its minimum) where the
/// structure has either; otherwise the value itself.
///
/// An input's builder is generic over what it is bound to: nothing (`<Op>Input::builder()`), or
/// a client (`client.<op>()`: the fluent builder, which can `send()`); the setters are written
/// once. An output's builder also takes a request id, for tests that stand in for the service.
fn emit_builder(name: &str, fs: &[FieldInfo], kind: Kind) -> Result<TokenStream, String> {
    let input = kind == Kind::Input;
    let b = format_ident!("{}Builder", name);
    let id = names::type_ident(name);
    let target = match kind {
        Kind::Shape { .. } => quote!(crate::types::#id),
        _ => quote!(#id),
    };
    let wraps = !input && fs.iter().all(|f| f.optional);
    let mut text = builder_doc(name, kind);
    if wraps {
        text.push_str(
            " The setters are its own; `Clone`, `Debug`, `Default` and \
             [`build()`](crate::primitives::Builder::build), which returns the value, are \
             [`Builder`](crate::primitives::Builder)'s.",
        );
    }
    let doc = super::doc_lines(&text);
    let allow = operator_name_allowance(fs);
    if wraps {
        return Ok(wrapping_builder(&b, &doc, &allow, fs, kind, &target));
    }
    let BuilderParts { fields, setters, build } = builder_parts(name, fs, kind, &target);
    if !input {
        let debug = builder_debug(&b.to_string(), &quote!(#b), &quote!(), &target, fs);
        return Ok(quote! {
            #doc
            #[derive(Clone, Default)]
            pub struct #b { #(#fields)* }
            #debug
            #allow
            impl #b {
                #(#setters)*
                #build
            }
        });
    }
    let moves = fs.iter().map(|f| {
        let fid = &f.ident;
        quote!(#fid: self.#fid,)
    });
    let debug = builder_debug(&b.to_string(), &quote!(#b<C>), &quote!(<C>), &target, fs);
    Ok(quote! {
        #doc
        #[derive(Clone, Default)]
        pub struct #b<C = ()> { _client: C, #(#fields)* }
        #debug
        #allow
        impl<C> #b<C> {
            #(#setters)*
            #build
            /// The same members, bound to `client`.
            #[cfg(feature = "client")]
            pub(crate) fn bind<D>(self, client: D) -> #b<D> {
                #b { _client: client, #(#moves)* }
            }
        }
    })
}

/// The builder of a structure whose members are all optional (outputs, errors, most shapes):
/// `primitives::Builder` of the value, `Default` at first, so `build()` cannot fail; its
/// `Clone`, `Default`, `Debug` and `build()` are written once there, and only the setters here.
fn wrapping_builder(
    b: &proc_macro2::Ident,
    doc: &TokenStream,
    allow: &TokenStream,
    fs: &[FieldInfo],
    kind: Kind,
    target: &TokenStream,
) -> TokenStream {
    let mut setters: Vec<TokenStream> = fs.iter().map(|f| setter_pair(f, quote!(self.0))).collect();
    if kind == Kind::Output {
        setters.push(quote! {
            /// Sets the request id [`RequestId::request_id`](awsdoc_runtime::RequestId::request_id) answers.
            pub fn _request_id(mut self, value: impl Into<String>) -> Self { self.0._request_id = Some(value.into()); self }
        });
    }
    quote! {
        #doc
        pub type #b = crate::primitives::Builder<#target>;
        #allow
        impl #b {
            #(#setters)*
        }
    }
}

fn builder_doc(name: &str, kind: Kind) -> String {
    match kind {
        Kind::Input => format!(
            "Builds a [`{name}`]; `build()` fails naming the first member below its minimum or required and unset. \
             Bound to a client (`C`), it is the operation's fluent builder."
        ),
        Kind::Shape { .. } => format!("Builds a [`{name}`](crate::types::{name})."),
        Kind::Output | Kind::Exception => format!("Builds a [`{name}`]."),
    }
}

/// What every builder has: its fields, its setters and its `build()`.
struct BuilderParts {
    fields: Vec<TokenStream>,
    setters: Vec<TokenStream>,
    build: TokenStream,
}

fn builder_parts(name: &str, fs: &[FieldInfo], kind: Kind, target: &TokenStream) -> BuilderParts {
    let mut fields: Vec<TokenStream> = fs
        .iter()
        .map(|f| {
            let (fid, ty) = (&f.ident, &f.ty);
            quote!(#fid: Option<#ty>,)
        })
        .collect();
    let mut setters: Vec<TokenStream> = fs.iter().map(|f| setter_pair(f, quote!(self))).collect();
    let mut inits: Vec<TokenStream> = fs
        .iter()
        .map(|f| {
            let fid = &f.ident;
            if f.optional {
                quote!(#fid: self.#fid,)
            } else {
                let member = f.ident.to_string().trim_start_matches("r#").to_string();
                quote!(#fid: self.#fid.ok_or(awsdoc_runtime::BuildError::missing(#name, #member))?,)
            }
        })
        .collect();
    if kind == Kind::Output {
        fields.push(quote!(_request_id: Option<String>,));
        setters.push(quote! {
            /// Sets the request id [`RequestId::request_id`](awsdoc_runtime::RequestId::request_id) answers.
            pub fn _request_id(mut self, value: impl Into<String>) -> Self { self._request_id = Some(value.into()); self }
        });
        inits.push(quote!(_request_id: self._request_id,));
    }
    let input = kind == Kind::Input;
    let checks: Vec<_> = if input { fs.iter().filter_map(|f| min_check(name, f)).collect() } else { Vec::new() };
    let build = if input || fs.iter().any(|f| !f.optional) {
        quote! {
            /// Builds the value, or names the first member that is below the service model's
            /// minimum or is required and unset.
            pub fn build(self) -> Result<#target, awsdoc_runtime::BuildError> {
                #(#checks)*
                Ok(#target { #(#inits)* })
            }
        }
    } else {
        quote! {
            /// Builds the value.
            pub fn build(self) -> #target { #target { #(#inits)* } }
        }
    };
    BuilderParts { fields, setters, build }
}

/// A setter is named after its member; clippy takes `add(self, value) -> Self` (sagemaker's
/// `Add`) for an operator trait's method, so the builder allows that lint where it applies.
fn operator_name_allowance(fs: &[FieldInfo]) -> TokenStream {
    let operator_like = ["add", "sub", "mul", "div", "rem", "bitand", "bitor", "bitxor", "shl", "shr"];
    if fs.iter().any(|f| operator_like.contains(&f.ident.to_string().as_str())) {
        quote!(#[allow(clippy::should_implement_trait)])
    } else {
        quote!()
    }
}

/// `member(value)` and `set_member(Option)`, setting the field of `holder` (the builder, or the
/// value it wraps).
fn setter_pair(f: &FieldInfo, holder: TokenStream) -> TokenStream {
    let (fid, ty, wire) = (&f.ident, &f.ty, &f.member.name);
    let setter = names::setter(fid);
    let set = format_ident!("set_{}", f.ident.to_string().trim_start_matches("r#"));
    let d1 = super::doc_lines(&format!("Sets `{wire}`."));
    let d2 = super::doc_lines(&format!("Sets or clears `{wire}`."));
    let dep = super::deprecated_attr(f.member.deprecated.as_deref());
    quote! {
        #d1
        #dep
        pub fn #setter(mut self, value: impl Into<#ty>) -> Self { #holder.#fid = Some(value.into()); self }
        #d2
        #dep
        pub fn #set(mut self, value: Option<#ty>) -> Self { #holder.#fid = value; self }
    }
}

/// A builder's `Debug`: the members set so far (sensitive ones redacted) by the schema of what it
/// builds (`target`), never what it is bound to.
fn builder_debug(
    shown_name: &str,
    b: &TokenStream,
    generics: &TokenStream,
    target: &TokenStream,
    fs: &[FieldInfo],
) -> TokenStream {
    let values = fs.iter().map(|f| {
        let fid = &f.ident;
        if super::schema::is_boxed(&f.ty) {
            quote!(awsdoc_runtime::wire::opt_boxed(&self.#fid))
        } else {
            quote!(awsdoc_runtime::wire::opt(&self.#fid))
        }
    });
    quote! {
        impl #generics std::fmt::Debug for #b {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                awsdoc_runtime::wire::debug_members(f, #shown_name, #target::SCHEMA, &[#(#values),*])
            }
        }
    }
}
