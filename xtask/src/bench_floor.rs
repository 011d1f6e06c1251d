//! The floor of a generated crate's build: a copy of it that keeps only its type definitions
//! (structures, enums, aliases, traits' signatures) and their derives, every `impl`, function,
//! constant and static removed. No design of codecs, builders, `Debug` or client can build the
//! crate faster than this copy builds, so `bench-compile` times it beside the crate to show how
//! much of the build is left to cut.

use std::fs;
use std::path::Path;

/// Writes the floor of the crate in `krate` to `out`, as package `name`: its manifest with the
/// dependencies' paths made absolute and its tests dropped, and its sources stripped.
pub fn write(krate: &Path, out: &Path, name: &str) -> Result<(), String> {
    let _ = fs::remove_dir_all(out);
    fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    fs::write(out.join("Cargo.toml"), manifest(krate, name)?).map_err(|e| format!("{}: {e}", out.display()))?;
    copy_stripped(&krate.join("src"), &out.join("src"), true)
}

/// The crate's manifest renamed, without test targets (not copied), with path dependencies
/// resolved against the crate's own directory.
fn manifest(krate: &Path, name: &str) -> Result<String, String> {
    let path = krate.join("Cargo.toml");
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut table: toml::Table = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    table.remove("test");
    let package = table.get_mut("package").and_then(|p| p.as_table_mut()).ok_or("a manifest with no [package]")?;
    package.insert("name".into(), name.into());
    let dir = krate.canonicalize().map_err(|e| format!("{}: {e}", krate.display()))?;
    let deps = table.get_mut("dependencies").and_then(|d| d.as_table_mut()).into_iter();
    for dep in deps.flat_map(|d| d.iter_mut()).filter_map(|(_, d)| d.as_table_mut()) {
        if let Some(rel) = dep.get("path").and_then(|p| p.as_str()) {
            let abs = dir.join(rel).display().to_string();
            dep.insert("path".into(), abs.into());
        }
    }
    toml::to_string(&table).map_err(|e| format!("{}: {e}", path.display()))
}

/// Copies `from` to `to`, each Rust file parsed and stripped, any other file as it is; `root`
/// when `from` holds the crate root.
fn copy_stripped(from: &Path, to: &Path, root: bool) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let entries = fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries {
        let source = entry.map_err(|e| format!("{}: {e}", from.display()))?.path();
        let target = to.join(source.file_name().unwrap_or_default());
        if source.is_dir() {
            copy_stripped(&source, &target, false)?;
        } else if source.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&source).map_err(|e| format!("{}: {e}", source.display()))?;
            let mut file = syn::parse_file(&text).map_err(|e| format!("{}: {e}", source.display()))?;
            strip(&mut file.items);
            if root && source.file_name().is_some_and(|n| n == "lib.rs") {
                // What is left is mostly unused: its warnings would only be noise.
                file.attrs.push(syn::parse_quote!(#![allow(warnings)]));
            }
            fs::write(&target, prettyplease::unparse(&file)).map_err(|e| format!("{}: {e}", target.display()))?;
        } else {
            fs::copy(&source, &target).map_err(|e| format!("{}: {e}", source.display()))?;
        }
    }
    Ok(())
}

/// Keeps what declares a type; drops what has a body. A trait keeps its methods' signatures
/// and its constants' types.
fn strip(items: &mut Vec<syn::Item>) {
    items.retain(|item| {
        !matches!(item, syn::Item::Impl(_) | syn::Item::Fn(_) | syn::Item::Const(_) | syn::Item::Static(_))
    });
    for item in items {
        match item {
            syn::Item::Mod(syn::ItemMod { content: Some((_, inner)), .. }) => strip(inner),
            syn::Item::Trait(t) => t.items.iter_mut().for_each(|item| match item {
                syn::TraitItem::Fn(f) => {
                    f.default = None;
                    f.semi_token = Some(Default::default());
                }
                syn::TraitItem::Const(c) => c.default = None,
                _ => {}
            }),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn strip_keeps_types_and_derives_and_drops_bodies() {
        let mut file: syn::File = syn::parse_quote! {
            #[derive(Clone, PartialEq)]
            pub struct Tag { pub key: Option<String> }
            impl Tag { pub fn key(&self) -> Option<&str> { self.key.as_deref() } }
            pub mod builders {
                pub type TagBuilder = crate::Builder<super::Tag>;
                impl TagBuilder { pub fn key(self) -> Self { self } }
            }
            pub const NAME: &str = "Tag";
            pub trait Operation { const RETRIES: u32 = 3; fn prepare(&mut self) {} }
        };
        super::strip(&mut file.items);
        let text = prettyplease::unparse(&file);
        for kept in [
            "#[derive(Clone, PartialEq)]",
            "pub struct Tag",
            "pub type TagBuilder",
            "fn prepare(&mut self);",
            "const RETRIES: u32;",
        ] {
            assert!(text.contains(kept), "{kept} missing from:\n{text}");
        }
        for dropped in ["impl", "NAME", "as_deref"] {
            assert!(!text.contains(dropped), "{dropped} left in:\n{text}");
        }
    }
}
