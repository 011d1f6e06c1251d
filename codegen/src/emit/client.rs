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
            methods.push(e.gates.operation(op).apply(super::paginators::methods(e, op, operation, p)?));
        }
    }
    for (name, w) in &e.model.waiters {
        methods.push(e.gates.operation(&w.operation).apply_also("waiters", super::waiters::emit_waiter(name, w)?));
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
