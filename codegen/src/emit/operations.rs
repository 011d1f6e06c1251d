//! One module per operation: input, builder, output, error.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{errors, structs, Emitter};
use crate::model::Operation;

/// The module body of `operation::<snake_case_operation>`.
pub fn emit_operation(e: &Emitter<'_>, op: &str, operation: &Operation) -> Result<TokenStream, String> {
    let source = e.origins.operations.get(op).and_then(|o| o.first()).map(String::as_str);
    let examples = super::docs::examples_markdown(&operation.examples, e);
    let module_doc = super::inner_doc_lines(&e.doc_markdown_with(op, &operation.docs, &examples, source)?);
    let input = structs::emit_struct(
        e,
        &format!("{op}Input"),
        &format!("The input of `{op}`."),
        &operation.input,
        false,
        structs::Kind::Input,
        None,
    )?
    .together();
    let output = structs::emit_struct(
        e,
        &format!("{op}Output"),
        &format!("The output of `{op}`."),
        &operation.output,
        false,
        structs::Kind::Output,
        None,
    )?
    .together();
    let error = errors::emit_operation_error(e, op, &operation.errors)?;
    let fluent = emit_fluent(op);
    Ok(quote! {
        #module_doc
        use awsdoc_runtime::wire;
        /// The operation's name on the wire.
        pub const OPERATION_NAME: &str = #op;
        #input
        #output
        #error
        #fluent
    })
}

/// `client.<op>()`: the input's builder bound to the client, which `send()`s what it builds
/// (the call shape aws-sdk-rust users know; `client.send(input)` takes a built input).
fn emit_fluent(op: &str) -> TokenStream {
    let (output, error) = (format_ident!("{op}Output"), format_ident!("{op}Error"));
    let (builder, fluent) = (format_ident!("{op}InputBuilder"), format_ident!("{op}FluentBuilder"));
    let doc =
        super::doc_lines(&format!("`client.{}()`: set the input's members, then `send()`.", super::names::snake(op)));
    quote! {
        #doc
        #[cfg(feature = "client")]
        pub type #fluent = #builder<crate::Client>;
        #[cfg(feature = "client")]
        impl #builder<crate::Client> {
            /// Builds the input and sends it; a member below its minimum or a required one left
            /// unset is `ConstructionFailure`, and nothing is sent.
            // No `+ Send` bound: the future's `Send` leaks from `send_built` as it is, and spelling
            // it out would have the compiler prove it for each operation's future when the crate
            // builds (about 5 % of SSM's build) rather than where a caller spawns one.
            pub fn send(self) -> impl std::future::Future<Output = Result<#output, #error>> {
                let client = self._client.clone();
                client.send_built(self.build())
            }
        }
    }
}
