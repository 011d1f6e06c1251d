//! `#[inline]` on every function the crate would otherwise compile to machine code itself.
//!
//! rustc compiles a library's non-generic functions when it builds the library, used or not.
//! A function marked `#[inline]` is compiled instead in the crate that calls it, and only if
//! it does; the derives already mark theirs. So a program pays code generation for the
//! builders, errors and operations it calls, not for the service's hundreds of shapes, and the
//! crate's own build skips LLVM for nearly all its code. Generic functions are compiled only
//! where used in any case, and tests and `main` are left as they are.

/// Adds `#[inline]` to each free function and method of `file` that is not generic, not `main`,
/// and does not carry an `inline` attribute already. A file of tests is left as it is: a test
/// target is a program, compiled whole.
pub fn mark(file: &mut syn::File) {
    if !has_tests(&file.items) {
        mark_items(&mut file.items);
    }
}

fn has_tests(items: &[syn::Item]) -> bool {
    items.iter().any(|item| match item {
        syn::Item::Fn(f) => f.attrs.iter().any(|a| is_named(a, &["test"])),
        syn::Item::Mod(m) => is_test_module(&m.attrs) || m.content.as_ref().is_some_and(|(_, inner)| has_tests(inner)),
        _ => false,
    })
}

fn mark_items(items: &mut [syn::Item]) {
    for item in items {
        match item {
            syn::Item::Fn(f) if wants_inline(&f.sig, &f.attrs) => f.attrs.push(inline()),
            syn::Item::Impl(imp) if imp.generics.type_params().next().is_none() => {
                for member in &mut imp.items {
                    if let syn::ImplItem::Fn(f) = member {
                        if wants_inline(&f.sig, &f.attrs) {
                            f.attrs.push(inline());
                        }
                    }
                }
            }
            syn::Item::Mod(m) if !is_test_module(&m.attrs) => {
                if let Some((_, inner)) = &mut m.content {
                    mark_items(inner);
                }
            }
            _ => {}
        }
    }
}

fn wants_inline(sig: &syn::Signature, attrs: &[syn::Attribute]) -> bool {
    let generic = sig.generics.type_params().next().is_some()
        || sig.inputs.iter().any(|arg| matches!(arg, syn::FnArg::Typed(t) if matches!(*t.ty, syn::Type::ImplTrait(_))));
    !generic && sig.ident != "main" && !attrs.iter().any(|a| is_named(a, &["inline"]))
}

fn is_test_module(attrs: &[syn::Attribute]) -> bool {
    // Exactly `#[cfg(test)]`: a module gated on an operation's feature (`test-invoke-method`) is not one.
    attrs
        .iter()
        .any(|a| matches!(&a.meta, syn::Meta::List(l) if l.path.is_ident("cfg") && l.tokens.to_string() == "test"))
}

/// Whether the attribute's path ends in one of `names` (`#[inline]`, `#[tokio::test]`).
fn is_named(attr: &syn::Attribute, names: &[&str]) -> bool {
    attr.path().segments.last().is_some_and(|s| names.iter().any(|n| s.ident == n))
}

fn inline() -> syn::Attribute {
    syn::parse_quote!(#[inline])
}
