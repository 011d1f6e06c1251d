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
    /// A shared shape; `optional_all` when some output reaches it.
    Shape { optional_all: bool },
}

impl Kind {
    fn optional(self, m: &Member) -> bool {
        match self {
            Kind::Input => !m.required,
            Kind::Output => true,
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
            if matches!(&m.ty, TypeRef::Shape(n) if n == owner) {
                ty = quote!(Box<#ty>);
            }
            Ok(FieldInfo { ident: names::field(&m.name), ty, optional: kind.optional(m), member: m.clone() })
        })
        .collect()
}

/// A structure with serde derives, its field docs, and accessors for list and map members.
pub fn emit_struct(
    e: &Emitter<'_>,
    name: &str,
    docs: &str,
    members: &[Member],
    union: bool,
    kind: Kind,
    source: Option<&str>,
) -> Result<TokenStream, String> {
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
        let fdoc = e.doc_attrs(&format!("{name}.{wire}"), &member.docs, None)?;
        let ts = member.ty == TypeRef::Timestamp;
        let serde_attr = match (optional, ts) {
            (true, true) => {
                quote!(#[serde(rename = #wire, default, with = "awsdoc_runtime::timestamp::option", skip_serializing_if = "Option::is_none")])
            }
            (true, false) => quote!(#[serde(rename = #wire, default, skip_serializing_if = "Option::is_none")]),
            (false, true) => quote!(#[serde(rename = #wire, with = "awsdoc_runtime::timestamp")]),
            (false, false) => quote!(#[serde(rename = #wire)]),
        };
        let full_ty = if *optional { quote!(Option<#ty>) } else { quote!(#ty) };
        field_tokens.push(quote!(#fdoc #serde_attr pub #fid: #full_ty,));
        if *optional {
            match &member.ty {
                TypeRef::List(i) => {
                    let it = e.rust_type(i)?;
                    let adoc = super::doc_lines(&format!("`{wire}`, or an empty slice when absent."));
                    accessors.push(quote! {
                        #adoc
                        pub fn #fid(&self) -> &[#it] { self.#fid.as_deref().unwrap_or_default() }
                    });
                }
                TypeRef::Map(..) => {
                    let adoc = super::doc_lines(&format!("`{wire}`, or an empty map when absent."));
                    accessors.push(quote! {
                        #adoc
                        pub fn #fid(&self) -> &#ty {
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
        || kind == Kind::Output
        || (kind == Kind::Input && fs.iter().all(|f| f.optional))
    {
        quote!(Default,)
    } else {
        quote!()
    };
    let builder = if kind == Kind::Input { Some(emit_builder(name, &fs)?) } else { None };
    let builder_fn = builder.as_ref().map(|_| {
        let b = format_ident!("{}Builder", name);
        let bdoc = super::doc_lines(&format!("A builder for [`{name}`]."));
        quote!(#bdoc pub fn builder() -> #b { #b::default() })
    });
    let impl_block = if accessors.is_empty() && builder_fn.is_none() {
        quote!()
    } else {
        quote!(impl #ident { #builder_fn #(#accessors)* })
    };
    Ok(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        pub struct #ident { #(#field_tokens)* }
        #impl_block
        #builder
    })
}

/// The builder of an input: every member optional until `build()`, which names a missing
/// required member.
fn emit_builder(name: &str, fs: &[FieldInfo]) -> Result<TokenStream, String> {
    let ident = names::type_ident(name);
    let b = format_ident!("{}Builder", name);
    let doc =
        super::doc_lines(&format!("Builds a [`{name}`]; `build()` fails naming the first required member left unset."));
    let fields = fs.iter().map(|f| {
        let (fid, ty) = (&f.ident, &f.ty);
        quote!(#fid: Option<#ty>,)
    });
    let setters = fs.iter().map(|f| {
        let (fid, ty, wire) = (&f.ident, &f.ty, &f.member.name);
        let set = format_ident!("set_{}", f.ident.to_string().trim_start_matches("r#"));
        let d1 = super::doc_lines(&format!("Sets `{wire}`."));
        let d2 = super::doc_lines(&format!("Sets or clears `{wire}`."));
        quote! {
            #d1
            pub fn #fid(mut self, value: impl Into<#ty>) -> Self { self.#fid = Some(value.into()); self }
            #d2
            pub fn #set(mut self, value: Option<#ty>) -> Self { self.#fid = value; self }
        }
    });
    let inits = fs.iter().map(|f| {
        let fid = &f.ident;
        if f.optional {
            quote!(#fid: self.#fid,)
        } else {
            let member = f.ident.to_string().trim_start_matches("r#").to_string();
            quote!(#fid: self.#fid.ok_or(awsdoc_runtime::BuildError { shape: #name, member: #member })?,)
        }
    });
    Ok(quote! {
        #doc
        #[derive(Debug, Clone, Default)]
        pub struct #b { #(#fields)* }
        impl #b {
            #(#setters)*
            /// Builds the input, or names the first required member that is unset.
            pub fn build(self) -> Result<#ident, awsdoc_runtime::BuildError> {
                Ok(#ident { #(#inits)* })
            }
        }
    })
}
