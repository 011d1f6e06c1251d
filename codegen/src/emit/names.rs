//! Rust names for model names: fields, enum variants, modules.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};
use quote::format_ident;

/// Rust's strict and reserved keywords (2021 edition).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become",
    "box", "do", "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield", "gen",
];

/// An identifier, raw (`r#type`) when it is a keyword; `self`-like keywords that cannot be raw
/// get a trailing underscore.
pub fn ident(name: &str) -> Ident {
    if KEYWORDS.contains(&name) {
        if matches!(name, "self" | "Self" | "super" | "crate") {
            return Ident::new(&format!("{name}_"), Span::call_site());
        }
        return Ident::new_raw(name, Span::call_site());
    }
    Ident::new(name, Span::call_site())
}

/// The snake_case field or module name of a wire name (`WindowExecutionId` → `window_execution_id`).
pub fn snake(name: &str) -> String {
    let s = name.to_snake_case();
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{s}")
    } else {
        s
    }
}

/// Field identifier for a wire member name.
pub fn field(name: &str) -> Ident {
    ident(&snake(name))
}

/// A builder's setter for a member: the field's name, except where a builder's own method has it
/// (`build`, `builder`) or `Default::default` would be shadowed: those get `_value`
/// (gamelift's `Build`, verifiedpermissions' `Default`), as aws-sdk-rust names them.
pub fn setter(field: &Ident) -> Ident {
    match field.to_string().as_str() {
        "build" | "builder" | "default" => format_ident!("{}_value", field.to_string()),
        _ => field.clone(),
    }
}

/// The accessor of a list or map member: the field's name, except `builder` (the structure's
/// own `builder()`), which gets `_value`.
pub fn accessor(field: &Ident) -> Ident {
    if field == "builder" {
        format_ident!("builder_value")
    } else {
        field.clone()
    }
}

/// Variant names for enum values, unique within the enum; `Unknown` is kept for the catch-all.
pub fn variants(values: &[String]) -> Vec<Ident> {
    let mut seen: Vec<String> = Vec::new();
    values
        .iter()
        .map(|v| {
            let mut n = v.replace(['.', '/', ':', '-', ' ', '*', '+'], "_").to_upper_camel_case();
            if n.is_empty() {
                n = "Empty".into();
            }
            if n.starts_with(|c: char| c.is_ascii_digit()) {
                n = format!("V{n}");
            }
            if n == "Unknown" {
                n = "UnknownValue".into();
            }
            let base = n.clone();
            let mut k = 2;
            while seen.contains(&n) {
                n = format!("{base}V{k}");
                k += 1;
            }
            seen.push(n.clone());
            ident(&n)
        })
        .collect()
}

/// A type identifier (model names are already PascalCase).
pub fn type_ident(name: &str) -> Ident {
    ident(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_keywords() {
        assert_eq!(field("WindowExecutionId").to_string(), "window_execution_id");
        assert_eq!(field("Type").to_string(), "r#type");
        assert_eq!(field("DHMCRoleArn").to_string(), "dhmc_role_arn");
        assert_eq!(field("self").to_string(), "self_");
    }

    #[test]
    fn variant_names_are_unique_and_keep_unknown_free() {
        let v: Vec<String> = ["IN_PROGRESS", "UNKNOWN", "compute.googleapis.com/Instance", "Sha256", "SHA256", "2.0"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let names: Vec<String> = variants(&v).iter().map(|i| i.to_string()).collect();
        assert_eq!(names, ["InProgress", "UnknownValue", "ComputeGoogleapisComInstance", "Sha256", "Sha256V2", "V20"]);
    }
}

#[cfg(test)]
mod setter_tests {
    use super::*;

    #[test]
    fn setters_and_accessors_keep_clear_of_builder_methods() {
        let names: Vec<String> =
            ["Build", "Builder", "Default", "Name"].iter().map(|m| setter(&field(m)).to_string()).collect();
        assert_eq!(names, ["build_value", "builder_value", "default_value", "name"]);
        assert_eq!(accessor(&field("Builder")).to_string(), "builder_value");
        assert_eq!(accessor(&field("Build")).to_string(), "build");
    }
}
