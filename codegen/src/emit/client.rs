//! The `Client`: one async method per operation, over the runtime's transport and the service's
//! protocol (see [`super::protocol`]).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{names, Emitter};
use crate::model::{Location, TypeRef};

/// The operation spec with the endpoint parameters the operation binds, if any.
/// The operation's request checksum and its answer's, where its model asks for them.
fn with_request_checksum(spec: TokenStream, operation: &crate::model::Operation) -> TokenStream {
    let Some(http) = &operation.http else { return spec };
    let required = http.checksum_required;
    let spec = match &http.checksum_algorithm_header {
        Some(h) => quote!(#spec.with_request_checksum(#required, Some(#h))),
        None if required => quote!(#spec.with_request_checksum(true, None)),
        None => spec,
    };
    match &http.checksum_mode_header {
        Some(h) => {
            let algorithms = &http.response_checksums;
            quote!(#spec.with_response_checksum(#h, &[#(#algorithms),*]))
        }
        None => spec,
    }
}

fn with_endpoint_params(spec: TokenStream, operation: &crate::model::Operation) -> TokenStream {
    use crate::model::{EndpointParam, StaticValue};
    let params = operation.http.as_ref().map(|h| &h.endpoint_params).filter(|p| !p.is_empty());
    let Some(params) = params else { return spec };
    let items = params.iter().map(|(name, source)| {
        let source = match source {
            EndpointParam::Value(StaticValue::Bool(b)) => quote!(Bool(#b)),
            EndpointParam::Value(StaticValue::Str(s)) => quote!(Str(#s)),
            EndpointParam::Member(m) => quote!(Member(#m)),
            EndpointParam::Path(p) => quote!(Path(#p)),
        };
        quote!((#name, awsdoc_runtime::client::endpoint::EndpointParam::#source))
    });
    quote!(#spec.with_endpoint_params(&[#(#items),*]))
}

/// `client.rs`: `Client::new`, `Client::from_env` and a method per operation.
pub fn emit_client(e: &Emitter<'_>) -> Result<TokenStream, String> {
    let svc = &e.model.service;
    let protocol = super::protocol::for_service(svc)?;
    let runtime_protocol = protocol.runtime_protocol();
    let (signing, endpoint, id) = (&svc.signing_name, &svc.endpoint_prefix, &svc.service_id);
    // The rule set the crate embeds; without one (botocore before 1.28), the standard pattern.
    let rule_set = match e.model.endpoint_rules {
        Some(_) => quote!(include_str!("endpoint-rule-set-1.json")),
        None => quote!(awsdoc_runtime::rules::STANDARD_RULE_SET),
    };
    let mut methods = Vec::new();
    let mut impls = Vec::new();
    for (op, operation) in &e.model.operations {
        let snake = names::snake(op);
        let method = names::ident(&snake);
        let module = names::ident(&snake);
        let (input, output, error) =
            (format_ident!("{op}Input"), format_ident!("{op}Output"), format_ident!("{op}Error"));
        let fluent = format_ident!("{op}FluentBuilder");
        let first = super::docs::to_markdown(operation.docs.split("\n\n").next().unwrap_or(op), e);
        let doc = super::doc_lines(&format!(
            "Calls `{op}`: set the input's members on the returned builder, then `send()`.\n\n{first}\n\n\
             See [`crate::operation::{snake}`] for the input, output and errors; [`Client::send`] sends \
             an input built beforehand."
        ));
        // Idempotency tokens the caller leaves out get a fresh UUID, as boto3 and aws-sdk-rust do;
        // retries of this call resend the same one.
        let tokens: Vec<_> =
            operation.input.iter().filter(|m| m.idempotency_token).map(|m| names::field(&m.name)).collect();
        // Members boto3 fills with a fixed value (glacier's `accountId` `-`) get the same.
        let (defaulted, values): (Vec<_>, Vec<_>) =
            operation.input.iter().filter_map(|m| Some((names::field(&m.name), m.client_default.as_deref()?))).unzip();
        let prepare = if tokens.is_empty() && defaulted.is_empty() {
            quote!()
        } else {
            quote!(fn prepare(&mut self) {
                #(if self.#tokens.is_none() { self.#tokens = Some(awsdoc_runtime::client::idempotency_token()); })*
                #(if self.#defaulted.is_none() { self.#defaulted = Some(#values.to_string()); })*
            })
        };
        let dep = super::deprecated_attr(operation.deprecated.as_deref());
        let spec = with_endpoint_params(protocol.operation_spec(op, operation)?, operation);
        // A streaming payload in the output: the answer's body is handed over as it arrives.
        let streams = operation.output.iter().any(|m| m.ty == TypeRef::Stream && m.wire.location == Location::Payload);
        let spec = if streams { quote!(#spec.with_streaming_output()) } else { spec };
        let spec = with_request_checksum(spec, operation);
        let gate = e.gates.operation(op).attr();
        methods.push(quote! {
            #doc
            #dep
            #gate
            pub fn #method(&self) -> crate::operation::#module::#fluent {
                crate::operation::#module::#input::builder().bind(self.clone())
            }
        });
        impls.push(quote! {
            #gate
            impl sealed::Sealed for crate::operation::#module::#input {}
            #gate
            impl Operation for crate::operation::#module::#input {
                type Output = crate::operation::#module::#output;
                type Error = crate::operation::#module::#error;
                const SPEC: OperationSpec = #spec;
                #prepare
                fn finish(output: &mut Self::Output, request_id: Option<String>) {
                    output._request_id = request_id;
                }
            }
        });
    }
    for (op, operation) in &e.model.operations {
        if let Some(p) = &operation.paginator {
            methods.push(e.gates.operation(op).apply(paginator_methods(e, op, operation, p)?));
        }
    }
    for (name, w) in &e.model.waiters {
        methods.push(e.gates.operation(&w.operation).apply(super::waiters::emit_waiter(name, w)?));
    }
    let service_env = id.clone();
    let send_sync = send_sync_assertions(e);
    Ok(quote! {
        #![doc = " The service client: one async method per operation, signed with SigV4 and retried with backoff."]
        use awsdoc_runtime::client::{Config, ConfigError, Failure, OperationSpec, ServiceInfo};

        const SERVICE: ServiceInfo = ServiceInfo {
            protocol: #runtime_protocol,
            signing_name: #signing,
            rule_set: #rule_set,
            endpoint_prefix: #endpoint,
        };

        /// A client for the service. Cheap to clone; clones share one connection pool.
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: awsdoc_runtime::client::Client,
        }

        impl Client {
            /// A client with an explicit configuration.
            pub fn new(config: Config) -> Result<Self, ConfigError> {
                Ok(Client { inner: awsdoc_runtime::client::Client::new(config, SERVICE)? })
            }

            /// A client configured from the environment and the shared AWS files (see
            /// [`Config::from_env`]).
            pub fn from_env() -> Result<Self, ConfigError> {
                Self::new(Config::from_env(#service_env)?)
            }

            /// The configuration in use.
            pub fn config(&self) -> &Config {
                self.inner.config()
            }

            /// Sends an input built beforehand: `client.send(GetThingInput::builder().build()?)`.
            pub async fn send<I: Operation>(&self, mut input: I) -> Result<I::Output, I::Error> {
                input.prepare();
                let (mut output, request_id) =
                    self.inner.invoke::<I::Output>(I::SPEC, &input).await.map_err(I::Error::from)?;
                I::finish(&mut output, request_id);
                Ok(output)
            }

            /// Sends what a fluent builder built, or answers the reason it could not be built
            /// (`ConstructionFailure`, nothing sent). One generic future for every operation's
            /// fluent `send()`, which is then a plain function rather than a future of its own
            /// for the compiler to check and lay out.
            #[allow(dead_code, reason = "unused when the features enable no operation")]
            pub(crate) async fn send_built<I: Operation>(
                self,
                input: Result<I, awsdoc_runtime::BuildError>,
            ) -> Result<I::Output, I::Error> {
                let input = input.map_err(|e| I::Error::from(Failure::InvalidInput(e.to_string())))?;
                self.send(input).await
            }

            /// Presigns an input built beforehand: a URL (with the headers signed beside `host`)
            /// that anyone holding it may send until it expires, as boto3's
            /// `generate_presigned_url` makes it.
            pub async fn presign<I: Operation>(
                &self,
                mut input: I,
                presigning: awsdoc_runtime::client::presign::Presigning,
            ) -> Result<awsdoc_runtime::client::presign::PresignedRequest, I::Error> {
                input.prepare();
                self.inner.presign(I::SPEC, &input, presigning).await.map_err(I::Error::from)
            }

            #(#methods)*
        }

        /// An operation's input: what [`Client::send`] sends, and what it answers. Implemented
        /// by this crate's inputs only.
        pub trait Operation: awsdoc_runtime::wire::WriteStruct + sealed::Sealed {
            /// The operation's output.
            type Output: awsdoc_runtime::wire::ReadValue;
            /// The operation's error.
            type Error: From<Failure>;
            #[doc(hidden)]
            const SPEC: OperationSpec;
            /// Fills what the client fills (idempotency tokens left unset).
            #[doc(hidden)]
            fn prepare(&mut self) {}
            /// Keeps the answer's request id in the output.
            #[doc(hidden)]
            fn finish(output: &mut Self::Output, request_id: Option<String>);
        }

        mod sealed {
            pub trait Sealed {}
        }

        #(#impls)*

        #send_sync
    })
}

/// Compile-time proof that the client and every operation's input, output and error can cross
/// threads (`Send + Sync`): a regression is a build error, not a user's surprise.
fn send_sync_assertions(e: &Emitter<'_>) -> TokenStream {
    let types = e.model.operations.keys().flat_map(|op| {
        let module = names::ident(&names::snake(op));
        ["Input", "Output", "Error"].map(|suffix| {
            let t = format_ident!("{op}{suffix}");
            let gate = e.gates.operation(op).attr();
            quote!(#gate send_sync::<crate::operation::#module::#t>();)
        })
    });
    quote! {
        const _: () = {
            const fn send_sync<T: Send + Sync>() {}
            send_sync::<Client>();
            #(#types)*
        };
    }
}

/// `<op>_pages` and `<op>_items`: the operation's pages, or the items of its result list.
fn paginator_methods(
    e: &Emitter<'_>,
    op: &str,
    operation: &crate::model::Operation,
    p: &crate::model::Paginator,
) -> Result<TokenStream, String> {
    let [input_token] = &p.input_token[..] else {
        return Err(format!("{op}: paginators with several input tokens are not supported yet"));
    };
    let [output_token] = &p.output_token[..] else {
        return Err(format!("{op}: paginators with several output tokens are not supported yet"));
    };
    let result = p.result_keys.first().ok_or_else(|| format!("{op}: a paginator without a result key"))?;
    let result_member = operation
        .output
        .iter()
        .find(|m| &m.name == result)
        .ok_or_else(|| format!("{op}: result key `{result}` is not an output member"))?;
    let crate::model::TypeRef::List(item) = &result_member.ty else {
        return Err(format!("{op}: result key `{result}` is not a list"));
    };
    if operation.input.iter().any(|m| &m.name == input_token && m.required) {
        return Err(format!("{op}: a required input token is not supported"));
    }
    let item = e.rust_type(item)?;
    let snake = names::snake(op);
    let module = names::ident(&snake);
    let pages = format_ident!("{}_pages", snake);
    let items = format_ident!("{}_items", snake);
    let (input, output, error) = (format_ident!("{op}Input"), format_ident!("{op}Output"), format_ident!("{op}Error"));
    let (tin, tout, res) = (names::field(input_token), names::field(output_token), names::field(result));
    // A number token (S3 `ListParts`'s `NextPartNumberMarker`) is copied, a string cloned.
    use crate::model::TypeRef;
    let copied = operation.output.iter().find(|m| &m.name == output_token).is_some_and(|m| {
        matches!(m.ty, TypeRef::Integer | TypeRef::Long | TypeRef::Boolean | TypeRef::Float | TypeRef::Double)
    });
    let next_token = if copied { quote!(output.#tout) } else { quote!(output.#tout.clone()) };
    let limit = p
        .limit_key
        .as_deref()
        .map(|l| format!(" Set the page size with the input's `{}`;", names::snake(l)))
        .unwrap_or_default();
    let pages_doc = super::doc_lines(&format!(
        "`{op}`, page after page: follows `{output_token}` until a page has none (or repeats one).{limit} \
         start from a saved token with the input's `{}`; an error ends the stream.",
        names::snake(input_token)
    ));
    let items_doc = super::doc_lines(&format!(
        "The `{result}` of every page of `{op}`, in order. Cap them with `StreamExt::take`."
    ));
    // The streams own a clone of the client (clones share one connection pool), so they can be
    // returned, stored and spawned: `Send + 'static`, which the signature makes the compiler check.
    Ok(quote! {
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
                |input, token| input.#tin = token,
                |output| #next_token,
            )
        }
        #items_doc
        pub fn #items(
            &self,
            input: crate::operation::#module::#input,
        ) -> impl awsdoc_runtime::client::Stream<Item = Result<#item, crate::operation::#module::#error>> + Send + 'static {
            awsdoc_runtime::client::paginate::items(self.#pages(input), |output| output.#res.unwrap_or_default())
        }
    })
}
