//! Shape model → the files of a generated SDK crate.
//!
//! One function per kind of item: [`structs::emit_struct`] (with its builder),
//! [`enums::emit_enum`], [`errors::emit_operation_error`], [`operations::emit_operation`].
//! Items are emitted in the model's sorted order, formatted with prettyplease, and returned as
//! (path, content) pairs; the caller writes them.

pub mod client;
pub mod docs;
pub mod enums;
pub mod errors;
pub mod features;
mod inline;
pub mod names;
pub mod operations;
pub mod paginators;
pub mod protocol;
pub mod samples;
pub mod schema;
pub mod structs;
pub mod waiters;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::lower::Origins;
use crate::model::{ServiceModel, Shape, TypeRef};

/// What to call the generated crate and where it lives.
#[derive(Debug, Clone)]
pub struct CrateSpec {
    /// Package name (`awsdoc-ssm`).
    pub package: String,
    /// Folder of the crate, relative to the workspace root (`generated/ssm`).
    pub dir: String,
    /// Path from the crate folder to the runtime crate (`../../runtime`).
    pub runtime_path: String,
    /// Where the model lives, for the crate's docs (`model/ssm/model.json`).
    pub model_path: String,
}

/// A generated file: path relative to the workspace root, and content.
pub type File = (String, String);

/// The context every item emitter reads.
pub struct Emitter<'m> {
    pub model: &'m ServiceModel,
    pub origins: &'m Origins,
    /// Shapes an operation's output reaches: every member of these is optional.
    pub output_shapes: BTreeSet<String>,
    /// Client method (`get_command_invocation`) → operation module path, for doc links.
    pub methods: BTreeMap<String, String>,
    /// Structures with `Default` (all their non-optional members have one).
    pub defaults: BTreeSet<String>,
    /// Shape → the round-trip test's function making a sample of it (`shape_<snake>`, with the
    /// shape's rank where two shapes snake alike), made once: found per use, it was a quarter
    /// of the front end's time.
    pub sample_fns: BTreeMap<String, proc_macro2::Ident>,
    /// Which operations' features each shape and modeled error compiles under.
    pub gates: features::Gates,
}

impl docs::Linker for Emitter<'_> {
    fn method(&self, method: &str) -> Option<String> {
        self.methods.get(method).cloned()
    }
}

impl<'m> Emitter<'m> {
    pub fn new(model: &'m ServiceModel, origins: &'m Origins) -> Self {
        let mut output_shapes = BTreeSet::new();
        let mut todo = Vec::new();
        // What answers carry: outputs, and the members of modeled errors.
        let answered = model.operations.values().flat_map(|op| &op.output);
        for m in answered.chain(model.errors.values().flat_map(|e| &e.members)) {
            m.ty.shapes(&mut todo);
        }
        while let Some(n) = todo.pop() {
            if output_shapes.insert(n.clone()) {
                if let Some(Shape::Structure { members, .. }) = model.shapes.get(&n) {
                    for m in members {
                        m.ty.shapes(&mut todo);
                    }
                }
            }
        }
        let methods = model
            .operations
            .keys()
            .map(|op| (names::snake(op), format!("crate::operation::{}", names::snake(op))))
            .collect();
        let sample_fns = samples::sample_fns(model);
        let gates = features::Gates::new(model);
        let mut e = Emitter { model, origins, output_shapes, methods, defaults: BTreeSet::new(), sample_fns, gates };
        // (`boxed` reads only the model, so it is ready before the defaults are computed.)
        e.defaults = e.default_structs();
        e
    }

    /// Structures that can derive `Default`, to a fixed point.
    fn default_structs(&self) -> BTreeSet<String> {
        let mut set: BTreeSet<String> = BTreeSet::new();
        loop {
            let mut grew = false;
            for (name, shape) in &self.model.shapes {
                let Shape::Structure { members, .. } = shape else { continue };
                if set.contains(name) {
                    continue;
                }
                let optional_all = self.output_shapes.contains(name);
                let ok = members.iter().all(|m| optional_all || !m.required || self.has_default(&m.ty, &set));
                if ok {
                    set.insert(name.clone());
                    grew = true;
                }
            }
            if !grew {
                return set;
            }
        }
    }

    /// Whether a member of type `t` in structure `owner` must be boxed: the type leads back to
    /// `owner` through structure members alone (lists and maps already break the cycle).
    pub fn boxed(&self, owner: &str, t: &TypeRef) -> bool {
        let TypeRef::Shape(start) = t else { return false };
        let mut seen = BTreeSet::new();
        let mut todo = vec![start.clone()];
        while let Some(n) = todo.pop() {
            if n == owner {
                return true;
            }
            if !seen.insert(n.clone()) {
                continue;
            }
            if let Some(Shape::Structure { members, .. }) = self.model.shapes.get(&n) {
                for m in members {
                    if let TypeRef::Shape(next) = &m.ty {
                        todo.push(next.clone());
                    }
                }
            }
        }
        false
    }

    fn has_default(&self, t: &TypeRef, structs: &BTreeSet<String>) -> bool {
        match t {
            TypeRef::Timestamp | TypeRef::EventStream => false,
            TypeRef::Shape(n) => structs.contains(n),
            _ => true,
        }
    }

    /// The Rust type of a model type (without `Option`).
    pub fn rust_type(&self, t: &TypeRef) -> Result<TokenStream, String> {
        Ok(match t {
            TypeRef::String => quote!(String),
            TypeRef::Integer => quote!(i32),
            TypeRef::Long => quote!(i64),
            TypeRef::Float => quote!(f32),
            TypeRef::Double => quote!(f64),
            TypeRef::Boolean => quote!(bool),
            TypeRef::Timestamp => quote!(awsdoc_runtime::OffsetDateTime),
            TypeRef::Blob => quote!(awsdoc_runtime::Blob),
            TypeRef::Stream => quote!(awsdoc_runtime::ByteStream),
            TypeRef::Document => quote!(awsdoc_runtime::Document),
            TypeRef::EventStream => return Err("event stream members are not supported by the awsJson emitter".into()),
            TypeRef::List(i) => {
                if matches!(&**i, TypeRef::List(x) | TypeRef::Map(_, x) if **x == TypeRef::Timestamp) {
                    return Err("lists of lists or maps of timestamps are not supported yet".into());
                }
                let i = self.rust_type(i)?;
                quote!(Vec<#i>)
            }
            TypeRef::Map(k, v) => {
                if matches!(&**v, TypeRef::List(x) | TypeRef::Map(_, x) if **x == TypeRef::Timestamp) {
                    return Err("maps of lists or maps of timestamps are not supported yet".into());
                }
                let (k, v) = (self.rust_type(k)?, self.rust_type(v)?);
                quote!(std::collections::BTreeMap<#k, #v>)
            }
            TypeRef::Shape(n) => {
                let id = names::type_ident(n);
                quote!(crate::types::#id)
            }
        })
    }

    /// `rst` as checked Markdown, then the source line; `what` stands in for missing docs.
    pub fn doc_markdown(&self, what: &str, rst: &str, source: Option<&str>) -> Result<String, String> {
        self.doc_markdown_with(what, rst, "", source)
    }

    /// [`Emitter::doc_markdown`] with Markdown `extra` (already converted) before the source line.
    pub fn doc_markdown_with(
        &self,
        what: &str,
        rst: &str,
        extra: &str,
        source: Option<&str>,
    ) -> Result<String, String> {
        let mut md = docs::to_markdown(rst, self);
        if md.is_empty() {
            md = format!("`{what}`.");
        }
        if !extra.is_empty() {
            md.push_str(&format!("\n\n{}", extra.trim_end()));
        }
        if let Some(src) = source {
            md.push_str(&format!("\n\n*Source: `{src}`.*"));
        }
        docs::check(&md).map_err(|e| format!("{what}: the documentation would not render as intended: {e}"))?;
        Ok(md)
    }

    /// Doc attributes for `rst` (converted and checked), then the source line.
    pub fn doc_attrs(&self, what: &str, rst: &str, source: Option<&str>) -> Result<TokenStream, String> {
        Ok(doc_lines(&self.doc_markdown(what, rst, source)?))
    }
}

/// `#[doc = " line"]` per line, so prettyplease prints `///` comments.
pub fn doc_lines(md: &str) -> TokenStream {
    let lines = md.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote!(#(#[doc = #lines])*)
}

/// `#[deprecated(note = ...)]` for what the service model deprecates; nothing otherwise.
pub(crate) fn deprecated_attr(message: Option<&str>) -> TokenStream {
    match message {
        Some("") => quote!(#[deprecated]),
        Some(note) => quote!(#[deprecated(note = #note)]),
        None => quote!(),
    }
}

/// `#![doc = " line"]` per line: a module's own docs.
pub fn inner_doc_lines(md: &str) -> TokenStream {
    let lines = md.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote!(#(#![doc = #lines])*)
}

/// `primitives::Builder`: the builder of every structure whose members are all optional (every
/// output and exception, most shared shapes), written once. `<Shape>Builder` names it for one
/// structure, and that structure's setters are an `impl` of that instance; its `Clone`,
/// `Default`, `Debug` and `build()` are these, not one each (about 5 % of SSM's build).
fn generic_builder() -> TokenStream {
    quote! {
        /// The builder of a structure whose members are all optional: the value itself,
        /// `Default` at first, so `build()` cannot fail. `<Shape>Builder` names it for one
        /// structure and has that structure's setters; `Debug` shows the value as built so far.
        #[derive(Debug, Clone, Default)]
        pub struct Builder<T>(pub(crate) T);

        impl<T> Builder<T> {
            /// Builds the value.
            #[inline]
            pub fn build(self) -> T {
                self.0
            }
        }
    }
}

/// `primitives::UnknownValue`: what an enum keeps a value it does not know in.
fn unknown_value(gate: &features::Gate) -> TokenStream {
    let allow = gate.allow_unlisted("dead_code", "unused when the features reach no enum");
    let gate = gate.attr();
    quote! {
            /// An enum value this version of the crate does not know, as the service sent it. Only
            /// the crate makes one (from the wire, or an enum's `From<&str>` for a value it does
            /// not list), so matching on a known variant keeps working when the enum learns values.
            #gate
            #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub struct UnknownValue(String);

            #gate
            impl UnknownValue {
                #allow
                pub(crate) fn new(value: &str) -> Self {
                    UnknownValue(value.to_owned())
                }

                /// The value as sent.
                pub fn as_str(&self) -> &str {
                    &self.0
                }
            }

            #gate
            impl std::fmt::Display for UnknownValue {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(&self.0)
                }
            }
    }
}

/// Formats a token stream as a Rust file with a header comment.
pub fn format_file(header: &str, tokens: TokenStream) -> Result<String, String> {
    let mut file: syn::File = syn::parse2(tokens).map_err(|e| format!("generated code does not parse: {e}"))?;
    inline::mark(&mut file);
    Ok(format!("{header}\n{}", features::one_line_cfgs(&prettyplease::unparse(&file))))
}

/// A file of the generated crate as emitted: Rust files still as tokens.
pub enum Source {
    /// A file written as it is (`Cargo.toml`, `README.md`).
    Text(String),
    /// A Rust file: its header comment and items, formatted by [`Source::format`].
    Rust { header: String, tokens: TokenStream },
}

impl Source {
    /// The file's text: Rust files parsed and formatted by prettyplease.
    pub fn format(self) -> Result<String, String> {
        match self {
            Source::Text(text) => Ok(text),
            Source::Rust { header, tokens } => format_file(&header, tokens),
        }
    }

    /// The file as unformatted text: two emissions with equal fingerprints format to the same
    /// bytes (formatting is a function of the tokens), so comparing these checks determinism
    /// without formatting, which is two thirds of the emitter's time.
    pub fn fingerprint(&self) -> String {
        match self {
            Source::Text(text) => text.clone(),
            Source::Rust { header, tokens } => format!("{header}\n{tokens}"),
        }
    }
}

/// Every file of the generated crate.
pub fn emit_crate(model: &ServiceModel, origins: &Origins, spec: &CrateSpec) -> Result<Vec<File>, String> {
    format_all(emit_unformatted(model, origins, spec)?)
}

/// Every file's text (see [`Source::format`]).
pub fn format_all(files: Vec<(String, Source)>) -> Result<Vec<File>, String> {
    files.into_iter().map(|(path, source)| Ok((path, source.format()?))).collect()
}

/// Every file of the generated crate, Rust files not yet formatted.
pub fn emit_unformatted(
    model: &ServiceModel,
    origins: &Origins,
    spec: &CrateSpec,
) -> Result<Vec<(String, Source)>, String> {
    // Generated code names prelude and runtime types unqualified, for readability.
    if let Some(bad) = model.shapes.keys().find(|n| crate::model::naming::RESERVED_TYPE_NAMES.contains(&n.as_str())) {
        return Err(format!(
            "shape `{bad}` would shadow a Rust prelude name; pin another name in overrides.toml [names]"
        ));
    }
    let e = Emitter::new(model, origins);
    let header = format!("// @generated by `cargo xtask codegen` from {}. Do not edit.", spec.model_path);
    let rust = |tokens: TokenStream| Source::Rust { header: header.clone(), tokens };
    let mut files = Vec::new();
    let path = |rel: &str| format!("{}/{rel}", spec.dir);

    files.push((path("Cargo.toml"), Source::Text(cargo_toml(model, spec)?)));
    files.push((path("README.md"), Source::Text(readme(model, spec))));
    files.push((path("src/lib.rs"), rust(lib_rs(&e, spec))));

    files.push((path("src/types.rs"), rust(types_rs(&e)?)));
    if let Some(rules) = &model.endpoint_rules {
        files.push((path("src/endpoint-rule-set-1.json"), Source::Text(format!("{rules}\n"))));
    }

    let mut mods = Vec::new();
    for (op, operation) in &model.operations {
        let snake = names::snake(op);
        let module = names::ident(&snake);
        let first = docs::to_markdown(operation.docs.lines().next().unwrap_or(op), &e);
        let first = first.lines().next().unwrap_or(op).to_string();
        let doc = doc_lines(&format!("`{op}`: {first}"));
        let gate = e.gates.operation(op).attr();
        mods.push(quote!(#doc #gate pub mod #module;));
        files.push((path(&format!("src/operation/{snake}.rs")), rust(operations::emit_operation(&e, op, operation)?)));
    }
    files.push((path("src/client.rs"), rust(client::emit_client(&e)?)));
    files.push((path("tests/round_trip.rs"), rust(samples::emit_round_trip_test(&e, &spec.package))));
    files.push((
        path("src/operation/mod.rs"),
        rust({
            let d = inner_doc_lines("One module per operation: its input, output and error.");
            quote! {
                #d
                pub use awsdoc_runtime::{ProvideErrorMetadata, RequestId};
                #(#mods)*
            }
        }),
    ));
    Ok(files)
}

/// `types.rs`: every shared shape, in name order; the structures' builders in `types::builders`.
fn types_rs(e: &Emitter<'_>) -> Result<TokenStream, String> {
    let (model, origins) = (e.model, e.origins);
    let mut items = Vec::new();
    let mut builders = Vec::new();
    let mut gates = Vec::new();
    for (name, shape) in &model.shapes {
        let src = origins.shapes.get(name).map(String::as_str);
        let gate = e.gates.shape(name);
        items.push(gate.apply(match shape {
            Shape::Enum { docs, values } => enums::emit_enum(e, name, docs, values, src)?,
            Shape::Structure { docs, members, union } => {
                let optional_all = e.output_shapes.contains(name);
                let kind = structs::Kind::Shape { optional_all };
                let emitted = structs::emit_struct(e, name, docs, members, *union, kind, src)?;
                builders.push(gate.apply(emitted.builder));
                emitted.item
            }
        }));
        gates.push(gate);
    }
    if !builders.is_empty() {
        items.push(quote! {
            /// A builder for each structure: what code outside this crate builds them with (they
            /// are `#[non_exhaustive]`, so a member the service adds later breaks no caller).
            pub mod builders {
                #(#builders)*
            }
        });
    }
    items.push(errors::emit_error_shapes(e)?);
    let types_doc =
        inner_doc_lines("The shapes operations share: structures and enums, named after where they are used.");
    let wire_use = if model.shapes.is_empty() {
        quote!()
    } else {
        let gate = e.gates.union(&gates);
        let (cfg, allow) =
            (gate.attr(), gate.allow_unlisted("unused_imports", "unused when the features reach no shape"));
        quote!(
            #cfg
            #allow
            use awsdoc_runtime::wire;
        )
    };
    Ok(quote!(#types_doc #wire_use #(#items)*))
}

/// The crate's doc comment: what it is, its features, and what it leaves out.
fn crate_doc(model: &ServiceModel, spec: &CrateSpec) -> String {
    let svc = &model.service;
    let name = svc.full_name.clone().unwrap_or_else(|| svc.service_id.clone());
    let doc = format!(
        "Typed Rust API for {name}, API version `{}`.\n\n\
         Generated by awsdoc from the documentation boto3 and the AWS CLI publish for the service \
         (`{}`). Every type implements serde's `Serialize` and `Deserialize` with the exact wire \
         names of the `{}` protocol.\n\n\
         - [`operation`]: one module per operation, with its `Input` (and builder), `Output` and `Error`.\n\
         - [`types`]: the structures and enums operations share.\n\n\
         Required input members are plain values; optional input members and every output member \
         are `Option`s, since AWS does not promise what a response carries. Enums keep values this \
         version does not know in an `Unknown` variant, so they round-trip.\n\n\
         Each operation is a cargo feature, its name in kebab-case; all are on by default. With \
         `default-features = false, features = [\"client\", ...]` naming the operations a program \
         calls, the crate compiles those and the shapes they reach only.{waiters}",
        svc.api_version,
        spec.model_path,
        svc.protocol,
        waiters = if model.waiters.is_empty() {
            ""
        } else {
            " Waiters (`Client::wait_*`) are the feature `waiters`, also on by default: it adds \
             those of the operations enabled, and the JMESPath engine their acceptors use."
        },
    );
    let mut doc = doc;
    if !model.left_out.is_empty() {
        // Nothing is dropped silently: what the documentation offers and this crate does not.
        doc.push_str(
            "\n\n# Not generated\n\nThe documentation describes these, but this crate does not offer them:\n\n",
        );
        for (item, why) in &model.left_out {
            doc.push_str(&format!("- {item}: {}.\n", why.trim_end_matches('.').replace('`', "")));
        }
    }
    doc
}

fn lib_rs(e: &Emitter<'_>, spec: &CrateSpec) -> TokenStream {
    let model = e.model;
    let doc = inner_doc_lines(&crate_doc(model, spec));
    // Enums keep values they do not know in it; a crate without enums has no use for it.
    // (and only when the features enable one).
    let enums: Vec<_> =
        model.shapes.iter().filter(|(_, sh)| matches!(sh, Shape::Enum { .. })).map(|(n, _)| e.gates.shape(n)).collect();
    let unknown_value = if enums.is_empty() { quote!() } else { unknown_value(&e.gates.union(&enums)) };
    let builder = generic_builder();
    let (waiter_config, waiter_results) = match model.waiters.is_empty() {
        true => (quote!(), quote!()),
        false => (
            quote!(
                #[cfg(feature = "waiters")]
                pub use awsdoc_runtime::client::WaiterConfig;
            ),
            quote! {
                /// How a waiter ended: the answer that ended it, or why it stopped without success.
                #[cfg(feature = "waiters")]
                pub use awsdoc_runtime::client::{Finished, WaiterError};
            },
        ),
    };
    quote! {
        #doc
        #![warn(missing_docs)]
        // Deprecated members and operations warn in users' code; this crate must still serialise,
        // build and call them.
        #![allow(deprecated)]
        // Generated modules are formatted by prettyplease; rustfmt would only churn them.
        #[rustfmt::skip]
        pub mod operation;
        #[rustfmt::skip]
        pub mod types;
        /// Wire primitives the generated types use, and the builder of a structure whose
        /// members are all optional.
        // (Formatted by prettyplease, its feature gates each on one line.)
        #[rustfmt::skip]
        pub mod primitives {
            pub use awsdoc_runtime::{Blob, ByteStream, Document, OffsetDateTime};

            #unknown_value

            #builder
        }
        /// Errors shared by all operations.
        pub mod error {
            pub use awsdoc_runtime::{BuildError, BuildProblem, Measure};
            pub use awsdoc_runtime::{ErrorMetadata, ProvideErrorMetadata};
        }
        #[cfg(feature = "client")]
        #[rustfmt::skip]
        pub mod client;
        #[cfg(feature = "client")]
        pub use client::Client;
        /// Client configuration: region, credentials, endpoint, timeouts, retries.
        #[cfg(feature = "client")]
        pub mod config {
            pub use awsdoc_runtime::client::transport::{SignedRequest, Stub, Transport};
            #waiter_config
            pub use awsdoc_runtime::client::{Config, ConfigError};
            pub use awsdoc_runtime::client::{Credentials, CredentialsError, DefaultChain};
            pub use awsdoc_runtime::client::{ProvideCredentials, SharedCredentials};
        }
        #waiter_results
    }
}

/// The `[features]` table's head: the defaults, the client with the runtime's code for this
/// service's protocol (and JMESPath where an operation's endpoint parameters need it), waiters
/// where the service has any.
fn client_features(model: &ServiceModel) -> Vec<String> {
    use crate::model::{EndpointParam, Protocol};
    let mut client = vec!["awsdoc-runtime/client"];
    match model.service.protocol {
        Protocol::RestJson | Protocol::RestXml => client.push("awsdoc-runtime/rest"),
        Protocol::AwsQuery | Protocol::Ec2Query => client.push("awsdoc-runtime/query"),
        Protocol::AwsJson | Protocol::RpcV2Cbor => {}
    }
    let paths = model.operations.values().filter_map(|o| o.http.as_ref());
    if paths.flat_map(|h| h.endpoint_params.values()).any(|p| matches!(p, EndpointParam::Path(_))) {
        client.push("awsdoc-runtime/jmespath");
    }
    client.push("dep:serde_json");
    let quoted = |fs: &[&str]| fs.iter().map(|f| format!("\"{f}\"")).collect::<Vec<_>>().join(", ");
    let waiters = !model.waiters.is_empty();
    let default: &[&str] =
        if waiters { &["client", "waiters", "all-operations"] } else { &["client", "all-operations"] };
    let mut lines = vec![
        "[features]".to_string(),
        format!("default = [{}]", quoted(default)),
        "# The async client (HTTP, SigV4, retries). Without it the crate is types only.".into(),
        format!("client = [{}]", quoted(&client)),
        "# `Config::from_sdk_config`: take an `aws_config::SdkConfig` a program already loads.".into(),
        "sdk-config = [\"client\", \"awsdoc-runtime/sdk-config\"]".into(),
    ];
    if waiters {
        lines.extend([
            "# The waiters of the operations enabled (`Client::wait_*`), with the JMESPath their".into(),
            "# acceptors need: `features = [\"client\", \"waiters\", \"<op>\"]` for one operation's.".into(),
            "waiters = [\"client\", \"awsdoc-runtime/waiters\"]".into(),
        ]);
    }
    lines
}

fn cargo_toml(model: &ServiceModel, spec: &CrateSpec) -> Result<String, String> {
    let svc = &model.service;
    let name = svc.full_name.clone().unwrap_or_else(|| svc.service_id.clone());
    let mut lines: Vec<String> = vec![
        format!("# @generated by `cargo xtask codegen` from {}. Do not edit.", spec.model_path),
        "[package]".into(),
        format!("name = \"{}\"", spec.package),
        "version = \"0.1.0\"".into(),
        format!("description = \"Typed, serde-ready Rust API and client for {name}\""),
        "edition = \"2021\"".into(),
        "rust-version = \"1.85\"".into(),
        "license = \"Apache-2.0\"".into(),
        "publish = false".into(),
        String::new(),
        "[lib]".into(),
        "# No unit tests (the round trips are in tests/): `cargo test` builds the library once, not twice.".into(),
        "test = false".into(),
        String::new(),
        "[[test]]".into(),
        "name = \"round_trip\"".into(),
        "path = \"tests/round_trip.rs\"".into(),
        "# It makes a value of every shape.".into(),
        "required-features = [\"all-operations\"]".into(),
        String::new(),
    ];
    lines.extend(client_features(model));
    lines.extend(features::cargo_lines(model)?);
    // The CBOR codec is a feature of the runtime only the smithy-rpc-v2-cbor crates pay for.
    let runtime_features =
        if model.service.protocol == crate::model::Protocol::RpcV2Cbor { ", features = [\"cbor\"]" } else { "" };
    lines.extend(
        [
            "",
            "[dependencies]",
            &format!(
                "awsdoc-runtime = {{ path = \"{}\", default-features = false{runtime_features} }}",
                spec.runtime_path
            ),
            "serde = \"1\"",
            "serde_json = { version = \"1\", optional = true }",
            "",
            "[dev-dependencies]",
            "serde_json = \"1\"",
            "tokio = { version = \"1\", features = [\"rt-multi-thread\", \"macros\"] }",
            "futures-util = { version = \"0.3\", default-features = false }",
        ]
        .map(String::from),
    );
    Ok(lines.join("\n") + "\n")
}

fn readme(model: &ServiceModel, spec: &CrateSpec) -> String {
    let svc = &model.service;
    let name = svc.full_name.clone().unwrap_or_else(|| svc.service_id.clone());
    let paginated = model.operations.values().filter(|o| o.paginator.is_some()).count();
    format!(
        "<!-- @generated by `cargo xtask codegen` from {model}. Do not edit. -->\n\
         # {pkg}\n\nTyped, serde-ready Rust API and async client for {name} (API version {ver}): \
         {ops} operations ({paginated} with paginator streams), {shapes} shared shapes, {waiters} waiter(s).\n\n\
         - `types`: shared structures and enums; `operation::<op>`: input (with builder), output, error.\n\
         - `Client` (default feature `client`): SigV4-signed calls, retries with backoff, flat errors.\n\
         - One cargo feature per operation (`{first}`), all on by default: `default-features = false, \
         features = [\"client\", \"{first}\"]` compiles that operation and the shapes it reaches only; \
         `features = [\"all-operations\"]` alone gives every type, with serde, and no HTTP or TLS stack.{waiter_note}\n\n\
         Generated from `{model}` by `cargo xtask codegen`; do not edit by hand (`examples/` is hand-written).\n",
        model = spec.model_path,
        pkg = spec.package,
        ver = svc.api_version,
        ops = model.operations.len(),
        shapes = model.shapes.len(),
        waiters = model.waiters.len(),
        first = model.operations.keys().next().map(|op| features::feature(op)).unwrap_or_default(),
        waiter_note = match model.waiters.is_empty() {
            true => "",
            false => " Waiters are the feature `waiters` (on by default): add it to a narrowed list for the \
                       waiters of the operations named.",
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Member, ServiceDescriptor};

    fn member(name: &str, ty: &str) -> Member {
        Member {
            name: name.into(),
            ty: ty.parse().unwrap(),
            required: false,
            idempotency_token: false,
            client_default: None,
            sensitive: false,
            deprecated: None,
            constraints: Default::default(),
            wire: Default::default(),
            docs: String::new(),
        }
    }

    /// `A { b: B }`, `B { a: A, list: [A] }`: the cycle through structure members needs a box
    /// on each side; the list does not.
    #[test]
    fn mutual_recursion_is_boxed_and_lists_are_not() {
        let mut shapes = BTreeMap::new();
        shapes.insert(
            "A".into(),
            Shape::Structure { docs: String::new(), union: false, members: vec![member("B", "B")] },
        );
        shapes.insert(
            "B".into(),
            Shape::Structure {
                docs: String::new(),
                union: false,
                members: vec![member("A", "A"), member("L", "list<A>")],
            },
        );
        let model = ServiceModel {
            service: ServiceDescriptor::example(),
            operations: BTreeMap::new(),
            shapes,
            waiters: BTreeMap::new(),
            errors: BTreeMap::new(),
            error_codes: BTreeMap::new(),
            left_out: BTreeMap::new(),
            endpoint_rules: None,
        };
        let origins = Origins::default();
        let e = Emitter::new(&model, &origins);
        assert!(e.boxed("A", &"B".parse().unwrap()));
        assert!(e.boxed("B", &"A".parse().unwrap()));
        assert!(!e.boxed("B", &"list<A>".parse().unwrap()));
    }
}
