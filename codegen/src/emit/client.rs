//! The `Client`: one async method per operation, over the runtime's awsJson transport.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{names, Emitter};

/// `client.rs`: `Client::new`, `Client::from_env` and a method per operation.
pub fn emit_client(e: &Emitter<'_>) -> Result<TokenStream, String> {
    let svc = &e.model.service;
    if svc.protocol != "json" {
        return Err(format!("the client speaks awsJson; this service's protocol is `{}`", svc.protocol));
    }
    let target = svc.target_prefix.clone().ok_or("an awsJson service needs a target prefix in service.toml")?;
    let json_version = svc.json_version.clone().unwrap_or_else(|| "1.0".into());
    let (signing, endpoint, id) = (&svc.signing_name, &svc.endpoint_prefix, &svc.service_id);
    let mut methods = Vec::new();
    for (op, operation) in &e.model.operations {
        let snake = names::snake(op);
        let method = names::ident(&snake);
        let module = names::ident(&snake);
        let (input, output, error) =
            (format_ident!("{op}Input"), format_ident!("{op}Output"), format_ident!("{op}Error"));
        let first = super::docs::to_markdown(operation.docs.split("\n\n").next().unwrap_or(op), e);
        let doc = super::doc_lines(&format!(
            "Calls `{op}`.\n\n{first}\n\nSee [`crate::operation::{snake}`] for the input, output and errors."
        ));
        methods.push(quote! {
            #doc
            pub async fn #method(
                &self,
                input: crate::operation::#module::#input,
            ) -> Result<crate::operation::#module::#output, crate::operation::#module::#error> {
                self.invoke(#op, &input).await.map_err(crate::operation::#module::#error::from)
            }
        });
    }
    let service_env = id.clone();
    Ok(quote! {
        #![doc = " The service client: one async method per operation, signed with SigV4 and retried with backoff."]
        use awsdoc_runtime::client::{Config, ConfigError, Failure, ServiceInfo};

        const SERVICE: ServiceInfo = ServiceInfo {
            target_prefix: #target,
            json_version: #json_version,
            signing_name: #signing,
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

            async fn invoke<I: serde::Serialize, O: serde::de::DeserializeOwned>(
                &self,
                operation: &'static str,
                input: &I,
            ) -> Result<O, Failure> {
                let body = serde_json::to_vec(input).map_err(|e| Failure::InvalidResponse { status: 0, message: format!("cannot encode the input: {e}") })?;
                let out = self.inner.call(operation, body).await?;
                serde_json::from_slice(&out).map_err(|e| Failure::InvalidResponse { status: 200, message: format!("cannot decode the output: {e}") })
            }

            #(#methods)*
        }
    })
}
