//! One cargo feature per operation, so a crate compiles only the operations its user enables and
//! the shapes they reach (`default-features = false, features = ["client", "get-parameter"]`).
//!
//! Each item outside an operation's own module is gated by the operations that reach it: a shape
//! by every operation whose input, output or modeled errors lead to it, a client method, paginator
//! or waiter by its operation. What every operation reaches, what none does and what more than
//! [`MAX_LISTED`] do is not gated. A gate is one line however many it lists ([`one_line_cfgs`]).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

use super::names;
use crate::model::{ServiceModel, Shape};

/// The most operations a `cfg` lists: a shape more reach is compiled whatever features are on.
/// It keeps each attribute to one readable line; a shape that many operations share is one
/// nearly every build needs. What a shape leads to is reached by at least as many operations,
/// so an ungated shape never uses a gated one.
pub const MAX_LISTED: usize = 12;

/// The crate's own features, which no operation's may take.
pub const FIXED: &[&str] = &["default", "client", "sdk-config", "waiters", "all-operations"];

/// The cargo feature of an operation: its kebab-case name (`GetParameter` → `get-parameter`).
pub fn feature(op: &str) -> String {
    names::snake(op).replace('_', "-")
}

/// Which operations' features an item compiles under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// Whatever features are on.
    Always,
    /// When any of these operations' features is on (never empty, never every operation).
    Any(BTreeSet<String>),
}

impl Gate {
    /// The gate of items that exist when any of `ops` does; `all` is how many operations the
    /// service has.
    fn of(ops: BTreeSet<String>, all: usize) -> Gate {
        if ops.is_empty() || ops.len() == all {
            Gate::Always
        } else {
            Gate::Any(ops)
        }
    }

    /// What exists when either does.
    pub fn union(&self, other: &Gate, all: usize) -> Gate {
        match (self, other) {
            (Gate::Any(a), Gate::Any(b)) => Gate::of(a.union(b).cloned().collect(), all),
            _ => Gate::Always,
        }
    }

    /// The `#[cfg(...)]` attribute: nothing for [`Gate::Always`], nor for a shape more than
    /// [`MAX_LISTED`] operations reach (it is always compiled).
    pub fn attr(&self) -> TokenStream {
        match self.condition() {
            Some(condition) => quote!(#[cfg(#condition)]),
            None => quote!(),
        }
    }

    /// The attribute of an item that also needs the crate's feature `also` (`waiters`).
    pub fn attr_also(&self, also: &str) -> TokenStream {
        match self.condition() {
            Some(condition) => quote!(#[cfg(all(feature = #also, #condition))]),
            None => quote!(#[cfg(feature = #also)]),
        }
    }

    /// What the `cfg` holds: `feature = "a"` or `any(feature = "a", ...)`.
    fn condition(&self) -> Option<TokenStream> {
        match self {
            Gate::Any(ops) if ops.len() == 1 => {
                let f = ops.iter().map(|op| feature(op));
                Some(quote!(feature = #(#f)*))
            }
            Gate::Any(ops) if ops.len() <= MAX_LISTED => {
                let f = ops.iter().map(|op| feature(op));
                Some(quote!(any(#(feature = #f),*)))
            }
            _ => None,
        }
    }

    /// For an item only gated items use (`primitives::UnknownValue::new`, the enums'): where its
    /// `cfg` would list more than [`MAX_LISTED`] operations, and so is left out, `allow(lint)`
    /// with `reason`, so a build enabling none of its users is still free of warnings.
    pub fn allow_unlisted(&self, lint: &str, reason: &str) -> TokenStream {
        match self {
            Gate::Any(ops) if ops.len() > MAX_LISTED => {
                let lint = proc_macro2::Ident::new(lint, proc_macro2::Span::call_site());
                quote!(#[allow(#lint, reason = #reason)])
            }
            _ => quote!(),
        }
    }

    /// `items` (whole items, or the functions of an `impl` block) with the attribute on each,
    /// after its doc comment. Items are told apart by their tokens, as the emitter writes them
    /// (parsing them with syn made the emitter two thirds slower): one ends at a `;`, or at a
    /// `{ ... }` that no `;` follows (a `const`'s initialiser may hold braces; its `;` ends it).
    pub fn apply(&self, items: TokenStream) -> TokenStream {
        gate_items(self.attr(), items)
    }

    /// [`Gate::apply`] with [`Gate::attr_also`]'s attribute.
    pub fn apply_also(&self, also: &str, items: TokenStream) -> TokenStream {
        gate_items(self.attr_also(also), items)
    }
}

/// `items` with `attr` on each, after its doc comment (see [`Gate::apply`]).
fn gate_items(attr: TokenStream, items: TokenStream) -> TokenStream {
    if attr.is_empty() {
        return items;
    }
    let tokens: Vec<TokenTree> = items.into_iter().collect();
    let mut out = TokenStream::new();
    let (mut i, mut starts) = (0, true);
    while i < tokens.len() {
        if starts {
            while is_doc_attr(&tokens[i..]) {
                out.extend(tokens[i..i + 2].iter().cloned());
                i += 2;
            }
            out.extend(attr.clone());
            starts = false;
            continue;
        }
        starts = match &tokens[i] {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => g.delimiter() == Delimiter::Brace && !is_semicolon(tokens.get(i + 1)),
            _ => false,
        };
        out.extend([tokens[i].clone()]);
        i += 1;
    }
    out
}

/// `text` (formatted Rust) with each `#[cfg(...)]` that prettyplease broke over lines joined into
/// one line: a gate reads as one line above its item, whatever its length.
pub fn one_line_cfgs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let body = line.trim_start();
        if body != "#[cfg(" {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let indent = &line[..line.len() - body.len()];
        let mut parts = Vec::new();
        for next in lines.by_ref() {
            if next.trim() == ")]" {
                break;
            }
            parts.push(next.trim());
        }
        let joined = parts.join(" ").replace("( ", "(").replace(", )", ")").replace(" )", ")");
        out.push_str(&format!("{indent}#[cfg({})]\n", joined.trim_end_matches(',')));
    }
    out
}

/// Whether `tokens` start with `#[doc ...]`.
fn is_doc_attr(tokens: &[TokenTree]) -> bool {
    match tokens {
        [TokenTree::Punct(hash), TokenTree::Group(g), ..] => {
            hash.as_char() == '#'
                && g.delimiter() == Delimiter::Bracket
                && matches!(g.stream().into_iter().next(), Some(TokenTree::Ident(i)) if i == "doc")
        }
        _ => false,
    }
}

fn is_semicolon(token: Option<&TokenTree>) -> bool {
    matches!(token, Some(TokenTree::Punct(p)) if p.as_char() == ';')
}

/// For each shape and modeled error, the operations that reach it.
pub struct Gates {
    shapes: BTreeMap<String, BTreeSet<String>>,
    errors: BTreeMap<String, BTreeSet<String>>,
    all: usize,
}

impl Gates {
    pub fn new(model: &ServiceModel) -> Gates {
        let mut gates = Gates { shapes: BTreeMap::new(), errors: BTreeMap::new(), all: model.operations.len() };
        for (op, operation) in &model.operations {
            let mut todo = Vec::new();
            for m in operation.input.iter().chain(&operation.output) {
                m.ty.shapes(&mut todo);
            }
            for error in &operation.errors {
                if let Some(shape) = model.errors.get(error) {
                    gates.errors.entry(error.clone()).or_default().insert(op.clone());
                    shape.members.iter().for_each(|m| m.ty.shapes(&mut todo));
                }
            }
            gates.walk(model, op, todo);
        }
        gates
    }

    /// Marks every shape `todo` leads to as reached by `op`.
    fn walk(&mut self, model: &ServiceModel, op: &str, mut todo: Vec<String>) {
        while let Some(name) = todo.pop() {
            if !self.shapes.entry(name.clone()).or_default().insert(op.to_string()) {
                continue;
            }
            if let Some(Shape::Structure { members, .. }) = model.shapes.get(&name) {
                members.iter().for_each(|m| m.ty.shapes(&mut todo));
            }
        }
    }

    /// The gate of a shape of `types`.
    pub fn shape(&self, name: &str) -> Gate {
        Gate::of(self.shapes.get(name).cloned().unwrap_or_default(), self.all)
    }

    /// The gate of a modeled error's structure (`types::error`).
    pub fn error(&self, name: &str) -> Gate {
        Gate::of(self.errors.get(name).cloned().unwrap_or_default(), self.all)
    }

    /// The gate of what one operation alone needs.
    pub fn operation(&self, op: &str) -> Gate {
        Gate::of(BTreeSet::from([op.to_string()]), self.all)
    }

    /// What exists when any of `gates` does ([`Gate::Always`] when there are none).
    pub fn union<'g>(&self, gates: impl IntoIterator<Item = &'g Gate>) -> Gate {
        let mut gates = gates.into_iter();
        let Some(first) = gates.next() else { return Gate::Always };
        gates.fold(first.clone(), |acc, g| acc.union(g, self.all))
    }
}

/// The `[features]` lines for the operations: one per operation and `all-operations` enabling
/// them all. An error if an operation's feature would take one of the crate's own.
pub fn cargo_lines(model: &ServiceModel) -> Result<Vec<String>, String> {
    let features: Vec<String> = model.operations.keys().map(|op| feature(op)).collect();
    if let Some(clash) = features.iter().find(|f| FIXED.contains(&f.as_str())) {
        return Err(format!("the operation feature `{clash}` would take one of the crate's own features"));
    }
    let mut lines = vec![
        "# Every operation (with its paginator, its waiters when `waiters` is on, and the shapes it".to_string(),
        "# reaches). Without the `client` feature, the types alone.".to_string(),
        "all-operations = [".to_string(),
    ];
    lines.extend(features.iter().map(|f| format!("    \"{f}\",")));
    lines.push("]".into());
    lines.push("# One feature per operation: `default-features = false, features = [\"client\", \"<op>\"]`".into());
    lines.push("# compiles that operation and what it reaches only.".into());
    lines.extend(features.iter().map(|f| format!("{f} = []")));
    Ok(lines)
}

#[cfg(test)]
mod tests {
    #[test]
    fn broken_cfgs_are_joined_into_one_line() {
        let text = "fn a() {}\n    #[cfg(\n        any(\n            feature = \"a-b\",\n            feature = \"c\"\n        ),\n    )]\n    pub struct X;\n";
        assert_eq!(
            one_line_cfgs(text),
            "fn a() {}\n    #[cfg(any(feature = \"a-b\", feature = \"c\"))]\n    pub struct X;\n"
        );
        let file: syn::File = syn::parse_str(&one_line_cfgs(text)).unwrap();
        assert_eq!(file.items.len(), 2);
    }

    use super::*;

    fn ops(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_gate_covering_every_operation_or_none_is_always() {
        assert_eq!(Gate::of(ops(&[]), 3), Gate::Always);
        assert_eq!(Gate::of(ops(&["A", "B", "C"]), 3), Gate::Always);
        let ab = Gate::of(ops(&["A", "B"]), 3);
        assert_eq!(ab.union(&Gate::of(ops(&["C"]), 3), 3), Gate::Always);
        assert_eq!(ab.union(&Gate::Always, 3), Gate::Always);
    }

    #[test]
    fn gates_print_as_cfg_attributes_on_every_item() {
        assert_eq!(feature("GetParameter"), "get-parameter");
        assert_eq!(Gate::of(ops(&["GetParameter"]), 3).attr().to_string(), "# [cfg (feature = \"get-parameter\")]");
        let two = Gate::of(ops(&["PutParameter", "GetParameter"]), 3);
        assert_eq!(two.attr().to_string(), "# [cfg (any (feature = \"get-parameter\" , feature = \"put-parameter\"))]");
        let items = quote! {
            pub struct A;
            impl A { const S: &'static wire::Struct = &wire::Struct { name: "A" }; }
            impl A { const T: &'static wire::Struct = &wire::Struct { name: "A" }; fn f() {} }
            const C: wire::Struct = wire::Struct { name: "C" };
            #[derive(Debug)] pub enum B { X }
            pub fn f() -> impl Iterator<Item = u8> + Send { std::iter::empty() }
        };
        let gated: syn::File = syn::parse2(two.apply(items)).unwrap();
        assert_eq!(gated.items.len(), 6);
        let cfg = two.attr().to_string();
        for item in &gated.items {
            let text = quote!(#item).to_string();
            assert!(text.starts_with(&cfg), "{text}");
            assert_eq!(text.matches("cfg").count(), 1, "{text}");
        }
        let documented = two
            .apply(quote!(
                #[doc = " A."]
                #[doc = ""]
                pub struct A;
                #[doc = " F."]
                fn f() {}
            ))
            .to_string();
        let expected =
            format!("# [doc = \" A.\"] # [doc = \"\"] {cfg} pub struct A ; # [doc = \" F.\"] {cfg} fn f () {{ }}");
        assert_eq!(documented, expected);
    }
}
