//! One module per operation: input, builder, output, error.

use proc_macro2::TokenStream;
use quote::quote;

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
    )?;
    let output = structs::emit_struct(
        e,
        &format!("{op}Output"),
        &format!("The output of `{op}`."),
        &operation.output,
        false,
        structs::Kind::Output,
        None,
    )?;
    let error = errors::emit_operation_error(e, op, &operation.errors);
    Ok(quote! {
        #module_doc
        /// The operation's name on the wire.
        pub const OPERATION_NAME: &str = #op;
        #input
        #output
        #error
    })
}
