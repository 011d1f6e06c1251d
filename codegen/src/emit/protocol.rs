//! The protocol seam: what the client emitter asks of a wire protocol. The transport (signing,
//! retries, errors) is the runtime's and the same for every protocol; a protocol decides how an
//! operation and its input go onto HTTP. Types never depend on it: their schemas (see
//! [`super::schema`]) carry every wire fact, and the runtime's protocol reads them. Here a
//! protocol only names its runtime value and describes each operation: awsJson, restJson1,
//! restXml, awsQuery, ec2Query and smithy-rpc-v2-cbor.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Operation, Protocol, ServiceDescriptor};

/// One wire protocol, as the client emitter needs it.
pub trait ProtocolGen {
    /// The runtime value that puts this service's calls on the wire (`ServiceInfo::protocol`).
    fn runtime_protocol(&self) -> TokenStream;

    /// The runtime's description of one operation (`awsdoc_runtime::client::OperationSpec`).
    fn operation_spec(&self, name: &str, operation: &Operation) -> Result<TokenStream, String>;
}

/// The protocol of a service, or why its client cannot be generated yet.
pub fn for_service(svc: &ServiceDescriptor) -> Result<Box<dyn ProtocolGen>, String> {
    match svc.protocol {
        Protocol::AwsJson => {
            let target_prefix =
                svc.target_prefix.clone().ok_or("an awsJson service needs a target prefix in service.toml")?;
            let json_version = svc.json_version.clone().unwrap_or_else(|| "1.0".into());
            Ok(Box::new(AwsJson { target_prefix, json_version, query_compatible: svc.aws_query_compatible }))
        }
        Protocol::RestJson => Ok(Box::new(RestJson { headers: handler_headers(svc), xml: false, s3: false })),
        Protocol::RestXml => {
            let s3 = svc.endpoint_prefix == "s3";
            Ok(Box::new(RestJson { headers: handler_headers(svc), xml: true, s3 }))
        }
        Protocol::AwsQuery => Ok(Box::new(AwsQuery { version: svc.api_version.clone(), ec2: false })),
        Protocol::Ec2Query => Ok(Box::new(AwsQuery { version: svc.api_version.clone(), ec2: true })),
        Protocol::RpcV2Cbor => {
            let service = svc
                .target_prefix
                .clone()
                .ok_or("a smithy-rpc-v2-cbor service needs a target prefix in service.toml")?;
            Ok(Box::new(RpcV2Cbor { service, query_compatible: svc.aws_query_compatible }))
        }
    }
}

/// What of the model's HTTP binding an RPC protocol holds to: botocore sends awsJson to the
/// model's method and URI, awsQuery to its method and `/`, smithy-rpc-v2-cbor to neither.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Binding {
    MethodAndUri,
    Method,
    Neither,
}

/// The operation as `POST /` (the RPC protocols), with its host prefix; another method or URI
/// in the model, where the protocol holds to it, is an error naming it.
fn rpc_spec(protocol: &str, name: &str, operation: &Operation, binding: Binding) -> Result<TokenStream, String> {
    let http = operation.http.as_ref();
    let differs = |h: &&crate::model::HttpBinding| match binding {
        Binding::MethodAndUri => h.method != "POST" || h.uri != "/",
        Binding::Method => h.method != "POST",
        Binding::Neither => false,
    };
    if let Some(h) = http.filter(differs) {
        return Err(format!(
            "`{name}` is bound to `{} {}`, but {protocol} sends every operation as `POST /`",
            h.method, h.uri
        ));
    }
    // Labels in a host prefix (`{Name}.`) are filled from the input's hostLabel members.
    match http.and_then(|h| h.host_prefix.as_deref()) {
        Some(p) => Ok(quote!(awsdoc_runtime::client::OperationSpec::new(#name).with_host_prefix(#p))),
        None => Ok(quote!(awsdoc_runtime::client::OperationSpec::new(#name))),
    }
}

/// awsJson 1.0/1.1: every operation is `POST /` with an `X-Amz-Target` header and the input as
/// the JSON body.
struct AwsJson {
    target_prefix: String,
    json_version: String,
    query_compatible: bool,
}

impl ProtocolGen for AwsJson {
    fn runtime_protocol(&self) -> TokenStream {
        let (target, version, query) = (&self.target_prefix, &self.json_version, self.query_compatible);
        quote!(&awsdoc_runtime::client::protocol::AwsJson {
            target_prefix: #target,
            json_version: #version,
            query_compatible: #query,
        })
    }

    fn operation_spec(&self, name: &str, operation: &Operation) -> Result<TokenStream, String> {
        rpc_spec("awsJson", name, operation, Binding::MethodAndUri)
    }
}

/// awsQuery and ec2Query: every operation is `POST /` with a form body naming the action and
/// the API version; answers are XML.
struct AwsQuery {
    version: String,
    ec2: bool,
}

impl ProtocolGen for AwsQuery {
    fn runtime_protocol(&self) -> TokenStream {
        let version = &self.version;
        match self.ec2 {
            true => quote!(&awsdoc_runtime::client::query::Ec2Query { version: #version }),
            false => quote!(&awsdoc_runtime::client::query::AwsQuery { version: #version }),
        }
    }

    fn operation_spec(&self, name: &str, operation: &Operation) -> Result<TokenStream, String> {
        // botocore's `QuerySerializer` sends every operation to `/` whatever URI the model gives
        // (Import/Export's say `/?Operation=CancelJob`; the `Action` parameter names the
        // operation), so the URI is not checked here, only the method.
        rpc_spec(if self.ec2 { "ec2Query" } else { "awsQuery" }, name, operation, Binding::Method)
    }
}

/// smithy-rpc-v2-cbor: every operation is `POST /service/<prefix>/operation/<Operation>` with the
/// input as a CBOR body.
struct RpcV2Cbor {
    service: String,
    query_compatible: bool,
}

impl ProtocolGen for RpcV2Cbor {
    fn runtime_protocol(&self) -> TokenStream {
        let (service, query) = (&self.service, self.query_compatible);
        quote!(&awsdoc_runtime::client::cbor::RpcV2Cbor { service: #service, query_compatible: #query })
    }

    fn operation_spec(&self, name: &str, operation: &Operation) -> Result<TokenStream, String> {
        // The method and path are the protocol's (botocore's `BaseRpcV2Serializer`); the
        // model's binding says nothing but whether there is an input at all.
        let spec = rpc_spec("smithy-rpc-v2-cbor", name, operation, Binding::Neither)?;
        Ok(match operation.http.as_ref().is_some_and(|h| h.no_input) {
            true => quote!(#spec.without_input()),
            false => spec,
        })
    }
}

/// Headers botocore's handlers (`botocore/handlers.py`, `before-call.<service>`) add to every
/// request of a service, which its model does not carry: API Gateway answers in HAL, where lists
/// are `_embedded` and the model's `items` never arrive, unless asked for JSON
/// (`add_accept_header`); Glacier wants its API version on every call (`add_glacier_version`).
fn handler_headers(svc: &ServiceDescriptor) -> Vec<(String, String)> {
    match svc.endpoint_prefix.as_str() {
        "apigateway" => vec![("accept".into(), "application/json".into())],
        "glacier" => vec![("x-amz-glacier-version".into(), svc.api_version.clone())],
        _ => Vec::new(),
    }
}

/// restJson1 and restXml: each operation on its own method and URI template; members bound by
/// the model's locations, the rest in a JSON or XML body (the runtime's
/// `client::rest::{RestJson, RestXml}`).
struct RestJson {
    headers: Vec<(String, String)>,
    xml: bool,
    /// S3's answers: a `200` whose body is an `<Error>` is that error (`RestXml::errors_in_ok`).
    s3: bool,
}

impl ProtocolGen for RestJson {
    fn runtime_protocol(&self) -> TokenStream {
        let ty = if self.xml { quote!(RestXml) } else { quote!(RestJson) };
        if self.s3 && self.headers.is_empty() {
            return quote!(&awsdoc_runtime::client::rest::RestXml::S3);
        }
        if self.headers.is_empty() {
            return quote!(&awsdoc_runtime::client::rest::#ty::PLAIN);
        }
        let (names, values): (Vec<&String>, Vec<&String>) = self.headers.iter().map(|(k, v)| (k, v)).unzip();
        let s3 = self.s3;
        let more = if self.xml { quote!(, errors_in_ok: #s3) } else { quote!() };
        quote!(&awsdoc_runtime::client::rest::#ty { headers: &[#((#names, #values)),*] #more })
    }

    fn operation_spec(&self, name: &str, operation: &Operation) -> Result<TokenStream, String> {
        let http =
            operation.http.as_ref().ok_or_else(|| format!("`{name}` has no HTTP binding in the service model"))?;
        let (method, uri) = (&http.method, &http.uri);
        let mut spec = quote!(awsdoc_runtime::client::OperationSpec::new(#name).with_http(#method, #uri));
        if let Some(p) = &http.host_prefix {
            spec = quote!(#spec.with_host_prefix(#p));
        }
        if let (true, Some(root)) = (self.xml, &http.xml_root) {
            let ns = match &http.xml_root_namespace {
                Some(uri) => quote!(Some(#uri)),
                None => quote!(None),
            };
            spec = quote!(#spec.with_xml_root(#root, #ns));
        }
        Ok(spec)
    }
}
