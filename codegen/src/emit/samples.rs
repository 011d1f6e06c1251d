//! The generated crate's round-trip test: a fully populated value of every operation's input
//! and output (every member, every nesting level) goes to JSON and back unchanged; `Debug` of
//! each never shows a member the model marks sensitive (their strings hold a marker); every
//! documented enum value maps to its variant and back, and unknown ones survive; builders name
//! missing members.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{names, Emitter};
use crate::model::{Member, Shape, TypeRef};

/// Recursive shapes are populated this many levels deep.
const MAX_DEPTH: u32 = 8;

/// A sample of type `t`; `secret`: the strings in it (not in shapes below) are marked secret,
/// for the check that `Debug` never shows a sensitive member.
fn value(e: &Emitter<'_>, t: &TypeRef, secret: bool) -> TokenStream {
    match t {
        TypeRef::String if secret => quote!(s.secret()),
        TypeRef::String => quote!(s.string()),
        TypeRef::Integer => quote!(s.int()),
        TypeRef::Long => quote!(s.long()),
        TypeRef::Float => quote!(1.5f32),
        TypeRef::Double => quote!(2.25f64),
        TypeRef::Boolean => quote!(s.boolean()),
        TypeRef::Timestamp => quote!(s.time()),
        TypeRef::Blob => quote!(awsdoc_runtime::Blob::new(vec![0u8, 1, 2, 255])),
        TypeRef::Stream => quote!(awsdoc_runtime::ByteStream::from(vec![0u8, 1, 2, 255])),
        TypeRef::Document => quote!(serde_json::json!({"k": [1, "v", null]})),
        TypeRef::EventStream => quote!(unreachable!()),
        TypeRef::List(i) => {
            let v = value(e, i, secret);
            // Not `vec![..]`: prettyplease prints macro bodies as raw tokens, and a list of lists
            // then breaks lines where clippy reads a suspicious `else`.
            quote!(if depth < #MAX_DEPTH { Vec::from([#v]) } else { Vec::new() })
        }
        TypeRef::Map(k, v) => {
            let (k, v) = (value(e, k, secret), value(e, v, secret));
            quote!(if depth < #MAX_DEPTH { std::collections::BTreeMap::from([(#k, #v)]) } else { std::collections::BTreeMap::new() })
        }
        TypeRef::Shape(n) => {
            let id = names::type_ident(n);
            match e.model.shapes.get(n) {
                Some(Shape::Enum { .. }) => quote!(s.pick::<types::#id>(#n, types::#id::values())),
                _ => {
                    let f = sample_fn(e, n);
                    quote!(#f(s, depth + 1))
                }
            }
        }
    }
}

/// A sample for a member an input builder checks: at least the model's minimum (padded strings,
/// repeated list items and map entries, raised numbers), so `build()` accepts it.
fn value_at_least(e: &Emitter<'_>, m: &Member) -> TokenStream {
    let v = value(e, &m.ty, m.sensitive);
    let Some(min) = m.constraints.min.as_ref().and_then(|n| n.as_f64()).filter(|n| *n > 0.0) else { return v };
    let count = min.ceil() as usize;
    match &m.ty {
        TypeRef::String => quote!(at_least(#v, #count)),
        TypeRef::Blob => {
            let n = count.max(4);
            quote!(awsdoc_runtime::Blob::new(vec![7u8; #n]))
        }
        TypeRef::Integer => {
            let n = min.ceil() as i32;
            quote!((#v).max(#n))
        }
        TypeRef::Long => {
            let n = min.ceil() as i64;
            quote!((#v).max(#n))
        }
        TypeRef::Float | TypeRef::Double => {
            let n = proc_macro2::Literal::f64_unsuffixed(min);
            quote!((#v).max(#n))
        }
        TypeRef::List(i) if count > 1 => {
            let item = value(e, i, m.sensitive);
            quote!((0..#count).map(|_| #item).collect::<Vec<_>>())
        }
        TypeRef::Map(k, val) if count > 1 => {
            let (k, val) = (value(e, k, m.sensitive), value(e, val, m.sensitive));
            quote!((0..#count).map(|_| (#k, #val)).collect::<std::collections::BTreeMap<_, _>>())
        }
        _ => v,
    }
}

/// Builder calls setting every member: `.member(value)`, or `.set_member(..)` where a structure
/// that contains itself stops at the depth limit. `checked`: the members' minimums are met.
fn setters(
    e: &Emitter<'_>,
    owner: &str,
    members: &[Member],
    optional: impl Fn(&Member) -> bool,
    checked: bool,
) -> Vec<TokenStream> {
    members
        .iter()
        .map(|m| {
            let fid = names::field(&m.name);
            let mut v = if checked { value_at_least(e, m) } else { value(e, &m.ty, m.sensitive) };
            if e.boxed(owner, &m.ty) {
                v = quote!(Box::new(#v));
            }
            if optional(m) && e.boxed(owner, &m.ty) {
                let set = format_ident!("set_{}", fid.to_string().trim_start_matches("r#"));
                quote!(.#set(if depth < #MAX_DEPTH { Some(#v) } else { None }))
            } else {
                let setter = names::setter(&fid);
                quote!(.#setter(#v))
            }
        })
        .collect()
}

/// `shape_<snake_name>` of every shape, made unique: `MySQLSettings` and `MySqlSettings` (dms)
/// snake alike, so a later one gets its rank among the shapes as a suffix.
pub(super) fn sample_fns(model: &crate::model::ServiceModel) -> BTreeMap<String, proc_macro2::Ident> {
    let mut taken = BTreeSet::new();
    let mut out = BTreeMap::new();
    for (rank, name) in model.shapes.keys().enumerate() {
        let snake = names::snake(name);
        let f = if taken.insert(snake.clone()) {
            format_ident!("shape_{}", snake)
        } else {
            format_ident!("shape_{}_{}", snake, rank)
        };
        out.insert(name.clone(), f);
    }
    out
}

/// The sample function of a shape (of `sample_fns`; a name that is no shape of the model, which
/// the callers never pass, gets rank 0 as before).
fn sample_fn(e: &Emitter<'_>, name: &str) -> proc_macro2::Ident {
    e.sample_fns.get(name).cloned().unwrap_or_else(|| format_ident!("shape_{}_0", names::snake(name)))
}

/// Whether a value with these members shows the redaction marker in `Debug`: one of them is
/// sensitive. (Nested ones also redact, which the check allows.)
fn redacts(members: &[Member]) -> bool {
    members.iter().any(|m| m.sensitive)
}

/// The test file.
pub fn emit_round_trip_test(e: &Emitter<'_>, krate: &str) -> TokenStream {
    let krate = names::ident(&krate.replace('-', "_"));
    let mut shape_fns = Vec::new();
    let mut enums = Vec::new();
    for (name, shape) in &e.model.shapes {
        let id = names::type_ident(name);
        match shape {
            Shape::Enum { .. } => enums.push(id),
            Shape::Structure { members, .. } => {
                let all = e.output_shapes.contains(name);
                let fs = setters(e, name, members, |m| all || !m.required, false);
                let unwrap = if !all && members.iter().any(|m| m.required) { quote!(.unwrap()) } else { quote!() };
                let f = sample_fn(e, name);
                shape_fns.push(quote! {
                    fn #f(s: &mut Samples, depth: u32) -> types::#id {
                        let _ = (&s, depth);
                        types::#id::builder() #(#fs)* .build() #unwrap
                    }
                });
            }
        }
    }
    // A function per operation, not one body for all: rustc compiles a function as a unit, so
    // one body of every operation's samples was one long serial step of the test's build.
    let (mut op_fns, mut op_calls) = (Vec::new(), Vec::new());
    let mut builder_checks = Vec::new();
    for (op, operation) in &e.model.operations {
        let module = names::ident(&names::snake(op));
        let input = format_ident!("{}Input", op);
        let output = format_ident!("{}Output", op);
        let fi = setters(e, "", &operation.input, |m| !m.required, true);
        let fo = setters(e, "", &operation.output, |_| true, false);
        let (ri, ro) = (redacts(&operation.input), redacts(&operation.output));
        let f = format_ident!("op_{}", module);
        op_fns.push(quote! {
            fn #f(s: &mut Samples) {
                let (_, depth) = (&s, 0u32);
                let _ = depth;
                // The builders' `Debug` redacts as the values' does.
                let input = operation::#module::#input::builder() #(#fi)*;
                no_secret_in_debug(&input, #ri);
                let input = input.build().unwrap();
                round_trip(&input);
                no_secret_in_debug(&input, #ri);
                let output = operation::#module::#output::builder() #(#fo)*;
                no_secret_in_debug(&output, #ro);
                let output = output.build();
                round_trip(&output);
                no_secret_in_debug(&output, #ro);
            }
        });
        op_calls.push(quote!(#f(s);));
        if let Some(first) = operation.input.iter().find(|m| m.required) {
            let member = names::snake(&first.name);
            builder_checks.push(quote! {
                let err = operation::#module::#input::builder().build().unwrap_err();
                assert_eq!((err.shape, err.member), (stringify!(#input), #member));
            });
        }
    }
    let enum_checks = enums.iter().map(|id| quote!(unknown_survives::<types::#id>();));
    let value_checks = enums.iter().map(|id| quote!(every_value_maps_both_ways::<types::#id>(types::#id::values());));
    // A service whose operations share no shape has no `types` to name.
    let uses = if e.model.shapes.is_empty() {
        quote!(use #krate::operation;)
    } else {
        quote!(use #krate::{operation, types};)
    };
    quote! {
        #![doc = " Round trips of every operation's input and output through the serde form and the wire codec."]
        // An inline module, so that rustfmt leaves prettyplease's formatting alone.
        #[rustfmt::skip]
        mod round_trip {
        // Which sample kinds, helpers and checks a service uses depends on its shapes (a
        // service may have no enum, no long, no timestamp), so unused ones are expected here.
        #![allow(dead_code)]
        // Every member is populated, deprecated ones too.
        #![allow(deprecated)]

        #uses
        use std::collections::BTreeMap;

        /// Hands out sample values; cycles each enum through its values.
        #[derive(Default)]
        struct Samples {
            n: i64,
            next: BTreeMap<&'static str, usize>,
        }

        impl Samples {
            fn string(&mut self) -> String { self.n += 1; format!("s{}", self.n) }
            /// The value of a member the model marks sensitive: `Debug` must never show it.
            fn secret(&mut self) -> String { self.n += 1; format!("SECRET-{}-MARKER", self.n) }
            fn int(&mut self) -> i32 { self.n += 1; self.n as i32 }
            fn long(&mut self) -> i64 { self.n += 1; self.n * 1_000_000_007 }
            fn boolean(&mut self) -> bool { self.n += 1; self.n % 2 == 0 }
            fn time(&mut self) -> awsdoc_runtime::OffsetDateTime {
                self.n += 1;
                awsdoc_runtime::OffsetDateTime::from_unix_timestamp_nanos(1_550_505_827_119_000_000 + i128::from(self.n) * 1_000_000).unwrap()
            }
            fn pick<E: for<'a> From<&'a str>>(&mut self, name: &'static str, values: &'static [&'static str]) -> E {
                let i = self.next.entry(name).or_default();
                let v = values[*i % values.len()];
                *i += 1;
                E::from(v)
            }
        }

        /// `v`, padded to at least `n` characters (a member's minimum length).
        fn at_least(mut v: String, n: usize) -> String {
            while v.chars().count() < n { v.push('x'); }
            v
        }

        /// Through the serde form, and through the JSON body codec with the wire's names and
        /// formats (a structure whose members all travel in the body). What does not depend on
        /// `T` is in plain functions, so that each type adds only its own calls to the build.
        fn round_trip<T>(v: &T)
        where
            T: serde::Serialize + serde::de::DeserializeOwned + awsdoc_runtime::wire::WriteStruct
                + awsdoc_runtime::wire::ReadValue + PartialEq + std::fmt::Debug,
        {
            let json = serde_json::to_string(v).unwrap();
            match serde_json::from_str::<T>(&json) {
                Ok(back) => same(&back == v, &back, v, &json),
                Err(e) => unreadable(&e, &json),
            }
            // A member bound to the URI, a header or the status code is not in the body; the
            // protocol's own tests cover where it goes.
            if !all_in_body(awsdoc_runtime::wire::WriteStruct::schema(v)) {
                return;
            }
            let body = awsdoc_runtime::wire::json::to_vec(v).unwrap();
            let text = String::from_utf8_lossy(&body);
            match awsdoc_runtime::wire::json::from_slice::<T>(&body) {
                Ok(back) => same(&back == v, &back, v, &text),
                Err(e) => unreadable(&e, &text),
            }
        }

        fn all_in_body(schema: &awsdoc_runtime::wire::Struct) -> bool {
            schema.members.iter().all(|m| m.location == awsdoc_runtime::wire::Location::Body)
        }

        fn same(equal: bool, back: &dyn std::fmt::Debug, sent: &dyn std::fmt::Debug, text: &str) {
            assert!(equal, "read back as\n{back:?}\nnot\n{sent:?}\nfrom {text}");
        }

        fn unreadable(e: &dyn std::fmt::Display, text: &str) {
            panic!("{e}: {text}");
        }

        /// `Debug` of a fully populated value shows no sensitive member's value, and shows the
        /// redaction marker where the value has a sensitive member of its own.
        fn no_secret_in_debug(v: &dyn std::fmt::Debug, redacts: bool) {
            let shown = format!("{v:?}");
            assert!(!shown.contains("-MARKER"), "a sensitive member shows in Debug: {shown}");
            if redacts {
                assert!(shown.contains("*** Sensitive Data Redacted ***"), "{shown}");
            }
        }

        /// Every documented value is a variant of its own (every wire path and the serde form
        /// write an enum as `as_ref()` and read it with `From<&str>`).
        fn every_value_maps_both_ways<E>(values: &[&str])
        where
            E: for<'a> From<&'a str> + AsRef<str> + serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
        {
            for &v in values {
                let e = E::from(v);
                let json = serde_json::to_string(&e).unwrap();
                let back: E = serde_json::from_str(&json).unwrap();
                enum_value(v, e.as_ref(), &e, &json, back == e);
            }
        }

        fn enum_value(v: &str, as_ref: &str, e: &dyn std::fmt::Debug, json: &str, back_equal: bool) {
            assert_eq!(as_ref, v);
            assert!(!format!("{e:?}").starts_with("Unknown("), "{v} is not a variant: {e:?}");
            assert_eq!(json, serde_json::to_string(v).unwrap());
            assert!(back_equal, "{v} did not read back from {json}");
        }

        fn unknown_survives<E>()
        where
            E: for<'a> From<&'a str> + AsRef<str> + serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
        {
            let v = E::from("SurelyNotADocumentedValue");
            let json = serde_json::to_string(&v).unwrap();
            let back: E = serde_json::from_str(&json).unwrap();
            unknown_value(&json, back == v, back.as_ref());
        }

        fn unknown_value(json: &str, back_equal: bool, as_ref: &str) {
            assert_eq!(json, "\"SurelyNotADocumentedValue\"");
            assert!(back_equal, "an unknown value did not read back from {json}");
            assert_eq!(as_ref, "SurelyNotADocumentedValue");
        }

        #(#shape_fns)*

        #[test]
        fn every_operation_round_trips_fully_populated() {
            // Unoptimised builder chains keep a builder per setter call on the stack; the largest
            // structures (sagemaker's) nest deeper than a test thread's 2 MiB allows.
            let run = std::thread::Builder::new().stack_size(64 << 20).spawn(every_operation).unwrap();
            if let Err(panic) = run.join() {
                std::panic::resume_unwind(panic);
            }
        }

        fn every_operation() {
            let mut samples = Samples::default();
            let s = &mut samples;
            let _ = &s;
            // One round: an enum's values all take the same path (`every_value_maps_both_ways`);
            // rounds for the longest enum to show each value ran connect's 405 operations 237
            // times (89 s).
            #(#op_calls)*
        }

        #(#op_fns)*

        #[test]
        fn unknown_enum_values_survive_a_round_trip() {
            #(#enum_checks)*
        }

        #[test]
        fn every_enum_value_maps_both_ways() {
            #(#value_checks)*
        }

        #[test]
        fn builders_name_the_missing_required_member() {
            #(#builder_checks)*
        }
        }
    }
}
