//! What each type gives the runtime's codecs: a static description of a structure's members
//! (`wire::Struct`: model and wire names, locations, timestamp formats) and one
//! pair of small functions that hand its members to any writer and take them from any reader.
//! Every codec (the JSON body, the serde form, the protocols to come) is runtime code over
//! these, so a type costs the same generated code whatever its service's protocol.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Emitter;
use crate::model::{JsonText, Location, Member, Protocol, Shape, TimestampFormat, TypeRef, Wire};

/// The runtime's `Type` of a model type; `wire` holds the member's timestamp format and the
/// names of its list's items or map's keys and values (which nested lists and maps leave at
/// their defaults: no model names them).
fn wire_type(e: &Emitter<'_>, t: &TypeRef, wire: &Wire) -> TokenStream {
    let inner = Wire { timestamp_format: wire.timestamp_format, ..Wire::default() };
    let element = |name: &Option<String>, default: &str, t: &TypeRef| {
        let ty = wire_type(e, t, &inner);
        let name = name.as_deref().unwrap_or(default);
        quote!(&wire::Member::body(#name, #ty))
    };
    match t {
        TypeRef::String => quote!(wire::Type::String),
        TypeRef::Integer => quote!(wire::Type::Integer),
        TypeRef::Long => quote!(wire::Type::Long),
        TypeRef::Float => quote!(wire::Type::Float),
        TypeRef::Double => quote!(wire::Type::Double),
        TypeRef::Boolean => quote!(wire::Type::Boolean),
        TypeRef::Blob | TypeRef::Stream => quote!(wire::Type::Blob),
        TypeRef::Document => quote!(wire::Type::Document),
        // Event streams are refused before this (`Emitter::rust_type`).
        TypeRef::EventStream => quote!(wire::Type::Blob),
        TypeRef::Timestamp => {
            let f = match wire.timestamp_format.unwrap_or(TimestampFormat::EpochSeconds) {
                TimestampFormat::EpochSeconds => quote!(EpochSeconds),
                TimestampFormat::DateTime => quote!(DateTime),
                TimestampFormat::HttpDate => quote!(HttpDate),
            };
            quote!(wire::Type::Timestamp(wire::TimestampFormat::#f))
        }
        TypeRef::List(i) => {
            let m = element(&wire.item_name, "member", i);
            quote!(wire::Type::List(#m))
        }
        TypeRef::Map(k, v) => {
            let (k, v) = (element(&wire.key_name, "key", k), element(&wire.value_name, "value", v));
            quote!(wire::Type::Map(#k, #v))
        }
        TypeRef::Shape(n) => match e.model.shapes.get(n) {
            Some(Shape::Enum { .. }) => quote!(wire::Type::Enum),
            _ => quote!(wire::Type::Structure),
        },
    }
}

fn location(l: Location) -> TokenStream {
    let v = match l {
        Location::Body => quote!(Body),
        Location::Header => quote!(Header),
        Location::PrefixHeaders => quote!(PrefixHeaders),
        Location::Label => quote!(Label),
        Location::GreedyLabel => quote!(GreedyLabel),
        Location::Query => quote!(Query),
        Location::QueryMap => quote!(QueryMap),
        Location::StatusCode => quote!(StatusCode),
        Location::Payload => quote!(Payload),
    };
    quote!(wire::Location::#v)
}

/// One member's schema entry; `field` is the Rust field that holds it.
fn member_schema(e: &Emitter<'_>, field: &proc_macro2::Ident, m: &Member) -> TokenStream {
    let (name, ty) = (&m.name, wire_type(e, &m.ty, &m.wire));
    let field = field.to_string().trim_start_matches("r#").to_string();
    let plain = quote!(wire::Member::field(#field, #name, #ty));
    let wire_name = m.wire.wire_name.as_deref().unwrap_or(&m.name);
    let mut entry = if m.wire.location == Location::Body && wire_name == m.name {
        plain
    } else {
        let loc = location(m.wire.location);
        quote!(#plain.at(#loc, #wire_name))
    };
    if m.wire.host_label {
        entry = quote!(#entry.host_label());
    }
    if m.wire.xml_attribute {
        entry = quote!(#entry.xml_attribute());
    }
    if m.wire.lenient {
        entry = quote!(#entry.lenient());
    }
    if let Some(uri) = &m.wire.xml_namespace {
        let attribute = match &m.wire.xml_prefix {
            Some(p) => format!("xmlns:{p}"),
            None => "xmlns".to_string(),
        };
        entry = quote!(#entry.xml_namespace(#attribute, #uri));
    }
    // ec2Query names a request parameter apart from the answer's element.
    let query_name = m.wire.query_name.as_deref().unwrap_or(&m.name);
    if e.model.service.protocol == Protocol::Ec2Query && query_name != wire_name {
        entry = quote!(#entry.query_name(#query_name));
    }
    if m.wire.json_value {
        entry = quote!(#entry.json_value());
    }
    if let Some(how) = m.wire.json_text {
        let how = match how {
            JsonText::Plain => quote!(Plain),
            JsonText::UrlEncoded => quote!(UrlEncoded),
        };
        entry = quote!(#entry.json_text(wire::JsonText::#how));
    }
    if m.wire.flattened && matches!(m.ty, TypeRef::List(_) | TypeRef::Map(..)) {
        entry = quote!(#entry.flattened());
    }
    if m.sensitive {
        entry = quote!(#entry.sensitive());
    }
    entry
}

/// The structure's schema static, its codec impls and its serde form.
/// `fields` are (field ident, member, whether the field is an `Option`, field type).
pub fn emit_codec(
    e: &Emitter<'_>,
    name: &str,
    ident: &proc_macro2::Ident,
    fields: &[(proc_macro2::Ident, &Member, bool, TokenStream)],
    output: bool,
) -> TokenStream {
    // An associated constant, so that no two shapes' schemas can clash by name (`DBThing` and
    // `DbThing` would as `SCHEMA_DB_THING` statics); it holds a reference, so a use copies a pointer, not the schema.
    let schema = quote!(Self::SCHEMA);
    let entries = fields.iter().map(|(fid, m, _, _)| member_schema(e, fid, m));
    // One call with the members as a slice (each set one or `None`): a call per structure
    // rather than a call, a `?` and a branch per member.
    let values = fields.iter().map(|(fid, _, optional, ty)| {
        // A boxed member is written as what it holds (the runtime's `WriteValue` for structures
        // is a blanket impl, which leaves no room for one on `Box`).
        match (*optional, is_boxed(ty)) {
            (true, false) => quote!(wire::opt(&self.#fid)),
            (true, true) => quote!(wire::opt_boxed(&self.#fid)),
            (false, false) => quote!(Some(&self.#fid)),
            (false, true) => quote!(Some(&*self.#fid)),
        }
    });
    let writes =
        if fields.is_empty() { quote!(Ok(())) } else { quote!(wire::write_all(w, #schema.members, &[#(#values),*])) };
    let w = if fields.is_empty() { quote!(_w) } else { quote!(w) };
    let read = emit_read(ident, &schema, fields, output);
    quote! {
        impl #ident {
            const SCHEMA: &'static wire::Struct = &wire::Struct {
                name: #name,
                members: &[#(#entries),*],
            };
        }
        impl wire::WriteStruct for #ident {
            fn schema(&self) -> &'static wire::Struct { #schema }
            #[inline]
            fn write_members(&self, #w: &mut dyn wire::MemberWriter) -> Result<(), wire::WireError> {
                #writes
            }
        }
        #read
        impl serde::Serialize for #ident {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                wire::serde_form::serialize(self, &wire::Type::Structure, s)
            }
        }
        impl<'de> serde::Deserialize<'de> for #ident {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                wire::serde_form::deserialize(d, &wire::Type::Structure)
            }
        }
    }
}

/// Whether a field's type (as `fields` give it) is a recursive structure's `Box`: such a member
/// is written as what it holds (`wire::opt_boxed`).
pub fn is_boxed(ty: &TokenStream) -> bool {
    ty.to_string().starts_with("Box <")
}

/// `ReadValue`: one slot per member, filled as the reader meets it; a required member left
/// unset is an error naming it.
fn emit_read(
    ident: &proc_macro2::Ident,
    schema: &TokenStream,
    fields: &[(proc_macro2::Ident, &Member, bool, TokenStream)],
    output: bool,
) -> TokenStream {
    if fields.iter().all(|(_, _, optional, _)| *optional) {
        return read_in_place(ident, schema, fields);
    }
    // Locals are `m_<field>`, so no member name can clash with `r`.
    let local = |fid: &proc_macro2::Ident| format_ident!("m_{}", fid.to_string().trim_start_matches("r#"));
    let slots = fields.iter().map(|(fid, _, _, ty)| {
        let slot = local(fid);
        quote!(let mut #slot: Option<#ty> = None;)
    });
    let refs = fields.iter().map(|(fid, _, _, _)| {
        let slot = local(fid);
        quote!(&mut #slot)
    });
    let inits = fields.iter().map(|(fid, m, optional, _)| {
        let slot = local(fid);
        if *optional {
            quote!(#fid: #slot,)
        } else {
            let wire = &m.name;
            quote!(#fid: wire::required(#slot, #wire)?,)
        }
    });
    let request_id = if output { quote!(_request_id: None,) } else { quote!() };
    quote! {
        impl wire::ReadValue for #ident {
            #[inline]
            fn read(_: &wire::Type, r: &mut dyn wire::ValueReader) -> Result<Self, wire::WireError> {
                #(#slots)*
                wire::read_members(r, #schema, &mut [#(#refs),*])?;
                Ok(#ident { #(#inits)* #request_id })
            }
        }
    }
}

/// `ReadValue` for a structure whose members are all optional (so it has `Default`): the
/// members are read into the value's own fields, with no local per member.
fn read_in_place(
    ident: &proc_macro2::Ident,
    schema: &TokenStream,
    fields: &[(proc_macro2::Ident, &Member, bool, TokenStream)],
) -> TokenStream {
    let refs = fields.iter().map(|(fid, _, _, _)| quote!(&mut v.#fid));
    // (An empty structure's reader still reads, and refuses, what the answer holds.)
    let v = if fields.is_empty() { quote!(v) } else { quote!(mut v) };
    quote! {
        impl wire::ReadValue for #ident {
            #[inline]
            fn read(_: &wire::Type, r: &mut dyn wire::ValueReader) -> Result<Self, wire::WireError> {
                let #v = <Self as Default>::default();
                wire::read_members(r, #schema, &mut [#(#refs),*])?;
                Ok(v)
            }
        }
    }
}

/// An enum's codec: its value as a string.
pub fn emit_enum_codec(ident: &proc_macro2::Ident) -> TokenStream {
    quote! {
        impl wire::WriteValue for #ident {
            fn write(&self, _: &wire::Type, w: &mut dyn wire::ValueWriter) -> Result<(), wire::WireError> {
                w.string(self.as_str())
            }
        }
        impl wire::ReadValue for #ident {
            fn read(_: &wire::Type, r: &mut dyn wire::ValueReader) -> Result<Self, wire::WireError> {
                wire::read_enum(r)
            }
        }
    }
}
