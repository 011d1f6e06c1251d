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
    // An operation with no modeled errors has nothing to match on (clippy: match_single_binding).
    let from_body = if errors.is_empty() {
        quote!(Self::Unhandled(meta))
    } else {
        quote!(match meta.code.as_str() { #(#from)* _ => Self::Unhandled(meta) })
    };
    let meta_arms = variants.iter().map(|v| quote!(Self::#v(m)));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #ident {
            #(#vdocs #variants(awsdoc_runtime::ErrorMetadata),)*
            /// A service error the documentation does not list for this operation.
            Unhandled(awsdoc_runtime::ErrorMetadata),
            /// No answer within the timeouts, after retries.
            Timeout(String),
            /// The connection failed, after retries.
            Transport(String),
            /// An answer that is not what the operation promises.
            InvalidResponse {
                /// The HTTP status (0 when the input could not be encoded).
                status: u16,
                /// What was wrong.
                message: String,
            },
        }
        impl #ident {
            /// The variant for an error code, `Unhandled` for codes the page does not list.
            pub fn from_metadata(meta: awsdoc_runtime::ErrorMetadata) -> Self {
                #from_body
            }
            /// Code, message and request id of a service error; `None` for timeouts, transport
            /// failures and invalid responses.
            pub fn meta(&self) -> Option<&awsdoc_runtime::ErrorMetadata> {
                match self {
                    #(#meta_arms)|* | Self::Unhandled(m) => Some(m),
                    Self::Timeout(_) | Self::Transport(_) | Self::InvalidResponse { .. } => None,
                }
            }
            /// The service's error code, if the service answered with one.
            pub fn code(&self) -> Option<&str> { self.meta().map(|m| m.code.as_str()) }
        }
        impl std::fmt::Display for #ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Self::Timeout(m) => write!(f, "timed out: {m}"),
                    Self::Transport(m) => write!(f, "transport error: {m}"),
                    Self::InvalidResponse { status, message } => write!(f, "invalid response (HTTP {status}): {message}"),
                    other => match other.meta() {
                        Some(m) => std::fmt::Display::fmt(m, f),
                        None => Ok(()),
                    },
                }
            }
        }
        impl std::error::Error for #ident {}
        #[cfg(feature = "client")]
        impl From<awsdoc_runtime::client::Failure> for #ident {
            fn from(f: awsdoc_runtime::client::Failure) -> Self {
                use awsdoc_runtime::client::Failure;
                match f {
                    Failure::Service(meta) => Self::from_metadata(meta),
                    Failure::Timeout(m) => Self::Timeout(m),
                    Failure::Transport(m) => Self::Transport(m),
                    Failure::InvalidResponse { status, message } => Self::InvalidResponse { status, message },
                }
            }
        }
    }
}
