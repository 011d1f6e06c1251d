//! Forward-compatible string enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::{names, Emitter};

/// A `#[non_exhaustive]` enum with one variant per documented value and an `Unknown` variant
/// that keeps any other value as sent, so it round-trips.
pub fn emit_enum(
    e: &Emitter<'_>,
    name: &str,
    docs: &str,
    values: &[String],
    source: Option<&str>,
) -> Result<TokenStream, String> {
    let ident = names::type_ident(name);
    let doc = e.doc_attrs(name, docs, source)?;
    let variants = names::variants(values);
    let variant_docs = values.iter().map(|v| super::doc_lines(&format!("`{v}`")));
    let list = values.iter();
    let to_str = variants.iter().zip(values).map(|(v, s)| quote!(Self::#v => #s,));
    let from_str = variants.iter().zip(values).map(|(v, s)| quote!(#s => Self::#v,));
    let codec = super::schema::emit_enum_codec(&ident);
    Ok(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #ident {
            #(#variant_docs #variants,)*
            /// A value this version of the crate does not know, kept as sent. Only the crate makes
            /// one, so a value the enum knows is always its own variant.
            Unknown(crate::primitives::UnknownValue),
        }
        impl #ident {
            /// Every value the documentation lists, in its order.
            pub const fn values() -> &'static [&'static str] { &[#(#list),*] }
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self { #(#to_str)* Self::Unknown(s) => s.as_str() }
            }
        }
        impl From<&str> for #ident {
            fn from(s: &str) -> Self {
                match s { #(#from_str)* other => Self::Unknown(crate::primitives::UnknownValue::new(other)) }
            }
        }
        impl std::str::FromStr for #ident {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> { Ok(Self::from(s)) }
        }
        impl std::fmt::Display for #ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.as_str()) }
        }
        impl AsRef<str> for #ident {
            fn as_ref(&self) -> &str { self.as_str() }
        }
        impl serde::Serialize for #ident {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { s.serialize_str(self.as_str()) }
        }
        impl<'de> serde::Deserialize<'de> for #ident {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                Ok(Self::from(s.as_ref()))
            }
        }
        #codec
    })
}
