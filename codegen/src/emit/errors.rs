//! One flat error enum per operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::names;

/// `<Op>Error`: one variant per exception the operation's page lists, and `Unhandled` for any
/// other service error. One `match` level, whatever the error.
pub fn emit_operation_error(op: &str, errors: &[String]) -> TokenStream {
    let ident = format_ident!("{}Error", op);
    let doc = super::doc_lines(&format!("An error `{op}` can return."));
    let variants: Vec<_> = errors.iter().map(|e| names::type_ident(e)).collect();
    let vdocs = errors.iter().map(|e| super::doc_lines(&format!("The service answered `{e}`.")));
    let codes = errors.iter();
    let from = variants.iter().zip(codes).map(|(v, c)| quote!(#c => Self::#v(meta),));
    let meta_arms = variants.iter().map(|v| quote!(Self::#v(m)));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #ident {
            #(#vdocs #variants(awsdoc_runtime::ErrorMetadata),)*
            /// A service error the documentation does not list for this operation.
            Unhandled(awsdoc_runtime::ErrorMetadata),
        }
        impl #ident {
            /// The variant for an error code, `Unhandled` for codes the page does not list.
            pub fn from_metadata(meta: awsdoc_runtime::ErrorMetadata) -> Self {
                match meta.code.as_str() { #(#from)* _ => Self::Unhandled(meta) }
            }
            /// Code, message and request id.
            pub fn meta(&self) -> &awsdoc_runtime::ErrorMetadata {
                match self { #(#meta_arms)|* | Self::Unhandled(m) => m }
            }
            /// The error code.
            pub fn code(&self) -> &str { &self.meta().code }
        }
        impl std::fmt::Display for #ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { std::fmt::Display::fmt(self.meta(), f) }
        }
        impl std::error::Error for #ident {}
    }
}
