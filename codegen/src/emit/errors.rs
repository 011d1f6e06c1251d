//! One flat error enum per operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{names, structs, Emitter};

/// `types::error`: for each modeled exception that carries members besides its message, a
/// structure of them (read from the error response's body).
pub fn emit_error_shapes(e: &Emitter<'_>) -> Result<TokenStream, String> {
    if e.model.errors.is_empty() {
        return Ok(quote!());
    }
    let mut items = Vec::new();
    let mut gates = Vec::new();
    for (name, shape) in &e.model.errors {
        let docs = format!("What a `{name}` error carries besides its message.\n\n{}", shape.docs);
        let gate = e.gates.error(name);
        let emitted =
            structs::emit_struct(e, name, docs.trim_end(), &shape.members, false, structs::Kind::Exception, None)?;
        items.push(gate.apply(emitted.together()));
        gates.push(gate);
    }
    let gate = e.gates.union(&gates);
    let wire_gate = gate.attr();
    let wire_allow = gate.allow_unlisted("unused_imports", "unused when the features reach no error");
    Ok(quote! {
        /// The members modeled errors carry besides code and message, one structure per error; an
        /// operation's error variant holds it beside the [`ErrorMetadata`](awsdoc_runtime::ErrorMetadata).
        pub mod error {
            #wire_gate
            #wire_allow
            use awsdoc_runtime::wire;
            #(#items)*
        }
    })
}

/// `<Op>Error`: one variant per exception the operation's page lists, and `Unhandled` for any
/// other service error. One `match` level, whatever the error. A variant holds the error's
/// metadata, or, for an error the model gives members of its own, a
/// `ServiceError<types::error::X>` with the metadata and those members, typed.
/// The variants every operation error has besides its modeled exceptions.
pub const FIXED_VARIANTS: &[&str] =
    &["Unhandled", "Timeout", "Transport", "InvalidResponse", "ConstructionFailure", "CredentialsFailure"];

pub fn emit_operation_error(e: &Emitter<'_>, op: &str, errors: &[String]) -> Result<TokenStream, String> {
    if let Some(clash) = errors.iter().find(|x| FIXED_VARIANTS.contains(&x.as_str())) {
        return Err(format!("{op}: the modeled error `{clash}` has the name of a variant every operation error has"));
    }
    Ok(operation_error(e, op, errors))
}

fn operation_error(e: &Emitter<'_>, op: &str, errors: &[String]) -> TokenStream {
    let ident = format_ident!("{}Error", op);
    if errors.is_empty() {
        return unmodeled_error(op, &ident);
    }
    let doc = super::doc_lines(&format!("An error `{op}` can return."));
    let variants: Vec<_> = errors.iter().map(|e| names::type_ident(e)).collect();
    let typed: Vec<bool> = errors.iter().map(|x| e.model.errors.contains_key(x)).collect();
    let payloads = variants.iter().zip(&typed).map(|(v, t)| {
        if *t {
            quote!(awsdoc_runtime::ServiceError<crate::types::error::#v>)
        } else {
            quote!(awsdoc_runtime::ErrorMetadata)
        }
    });
    let vdocs = errors.iter().map(|x| super::doc_lines(&format!("The service answered `{}`.", e.model.error_code(x))));
    // The error's own code, and its name where that differs (a query-compatible JSON service
    // answers with either, as the answer says `x-amzn-query-error` or not).
    let codes = errors.iter().map(|x| match e.model.error_code(x) {
        c if c == x => quote!(#c),
        c => quote!(#c | #x),
    });
    let from = variants.iter().zip(codes).zip(&typed).map(|((v, c), t)| {
        if *t {
            quote!(#c => Self::#v(awsdoc_runtime::ServiceError::new(meta)),)
        } else {
            quote!(#c => Self::#v(meta),)
        }
    });
    let from_body = quote!(match meta.code.as_str() { #(#from)* _ => Self::Unhandled(meta) });
    let part_arms = variants.iter().zip(&typed).map(|(v, t)| {
        let name = v.to_string();
        if *t {
            quote!(Self::#v(e) => P::Typed(#name, e),)
        } else {
            quote!(Self::#v(m) => P::Service(#name, m),)
        }
    });
    quote! {
        #doc
        #[derive(Clone)]
        #[non_exhaustive]
        pub enum #ident {
            #(#vdocs #variants(#payloads),)*
            /// A service error the documentation does not list for this operation.
            Unhandled(awsdoc_runtime::ErrorMetadata),
            /// No answer within the timeouts, after retries.
            Timeout(awsdoc_runtime::TransportError),
            /// The connection failed, after retries.
            Transport(awsdoc_runtime::TransportError),
            /// An answer that is not what the operation promises.
            InvalidResponse {
                /// The HTTP status.
                status: u16,
                /// What was wrong.
                message: String,
            },
            /// The input could not be built or encoded; nothing was sent.
            ConstructionFailure(String),
            /// No credentials could be had (the message names the source that failed); nothing
            /// was sent.
            CredentialsFailure(String),
        }
        impl #ident {
            /// The variant for an error code, `Unhandled` for codes the page does not list.
            pub fn from_metadata(meta: awsdoc_runtime::ErrorMetadata) -> Self {
                #from_body
            }
            /// The variant as the runtime's shared error code sees it: `Debug`, `Display`,
            /// `source`, `meta` and `==` are that code's.
            pub fn part(&self) -> awsdoc_runtime::ErrorPart<'_> {
                use awsdoc_runtime::ErrorPart as P;
                match self {
                    #(#part_arms)*
                    Self::Unhandled(m) => P::Service("Unhandled", m),
                    Self::Timeout(e) => P::Timeout(e),
                    Self::Transport(e) => P::Transport(e),
                    Self::InvalidResponse { status, message } => P::InvalidResponse(*status, message),
                    Self::ConstructionFailure(m) => P::ConstructionFailure(m),
                    Self::CredentialsFailure(m) => P::CredentialsFailure(m),
                }
            }
            /// Code, message and request id of a service error; `None` for timeouts, transport
            /// failures, invalid responses and inputs that could not be encoded.
            pub fn meta(&self) -> Option<&awsdoc_runtime::ErrorMetadata> { self.part().meta() }
            /// The service's error code, if the service answered with one.
            pub fn code(&self) -> Option<&str> { self.part().code() }
        }
        impl std::fmt::Debug for #ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { std::fmt::Debug::fmt(&self.part(), f) }
        }
        impl std::fmt::Display for #ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { std::fmt::Display::fmt(&self.part(), f) }
        }
        impl PartialEq for #ident {
            fn eq(&self, other: &Self) -> bool { self.part() == other.part() }
        }
        impl std::error::Error for #ident {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> { self.part().source() }
        }
        impl awsdoc_runtime::ProvideErrorMetadata for #ident {
            fn meta(&self) -> Option<&awsdoc_runtime::ErrorMetadata> { self.part().meta() }
        }
        #[cfg(feature = "client")]
        impl From<awsdoc_runtime::client::Failure> for #ident {
            fn from(f: awsdoc_runtime::client::Failure) -> Self {
                use awsdoc_runtime::client::Failure;
                match f {
                    Failure::Service(meta) => Self::from_metadata(meta),
                    Failure::Timeout(m) => Self::Timeout(m),
                    Failure::Transport(m) => Self::Transport(m),
                    Failure::InvalidResponse { status, message } => Self::InvalidResponse { status, message },
                    Failure::InvalidInput(m) => Self::ConstructionFailure(m),
                    Failure::Credentials(e) => Self::CredentialsFailure(e.to_string()),
                }
            }
        }
    }
}

/// The error of an operation whose page lists no errors: the runtime's enum of the variants every
/// operation error has, made a type of the operation's own by its input, so that its code is
/// written once (EC2 lists errors for none of its 830 operations).
fn unmodeled_error(op: &str, ident: &proc_macro2::Ident) -> TokenStream {
    let input = format_ident!("{}Input", op);
    let doc = super::doc_lines(&format!(
        "An error `{op}` can return. Its documentation lists none, so a service error is `Unhandled` \
         (its code in [`meta`](awsdoc_runtime::UnmodeledError::meta)); the other variants are those every \
         operation's error has."
    ));
    quote! {
        #doc
        pub type #ident = awsdoc_runtime::UnmodeledError<#input>;
    }
}
