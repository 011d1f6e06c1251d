//! What changed between two models, for the generated crate's users.
//!
//! Operations are compared member by member, following shapes by structure, not by name: a shape
//! renamed without other change is one change, the rename (its users' code names the type). Each change is classified the way smithy-diff
//! does where its rules apply, judged by what it means to code using the generated crate.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::model::{Member, Operation, ServiceModel, Shape, TypeRef};

/// How a change affects users of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Documentation only.
    Docs,
    /// Compiles and behaves as before for existing callers.
    Compatible,
    /// Compiles, but existing callers may see new behaviour.
    Risky,
    /// Existing callers may stop compiling or working.
    Breaking,
}

impl Severity {
    fn label(self) -> &'static str {
        match self {
            Severity::Docs => "docs",
            Severity::Compatible => "compatible",
            Severity::Risky => "risky",
            Severity::Breaking => "breaking",
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub severity: Severity,
    /// `Operation`, or `Operation.input.Member[].Sub`.
    pub path: String,
    /// The shape (new name) the change is inside, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shape: Option<String>,
    pub message: String,
}

/// All changes between two models.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub changes: Vec<Change>,
}

impl Report {
    pub fn worst(&self) -> Option<Severity> {
        self.changes.iter().map(|c| c.severity).max()
    }

    /// The semver bump of the generated crate that the changes call for.
    pub fn bump(&self) -> &'static str {
        match self.worst() {
            Some(Severity::Breaking) => "major (minor while the crate is 0.x)",
            Some(Severity::Risky | Severity::Compatible) => "minor (patch while the crate is 0.x)",
            Some(Severity::Docs) => "patch",
            None => "none",
        }
    }

    fn count(&self, s: Severity) -> usize {
        self.changes.iter().filter(|c| c.severity == s).count()
    }

    /// Groups: (heading, changes), operations first, then shapes, each sorted.
    fn groups(&self, with_docs: bool) -> Vec<(String, Vec<&Change>)> {
        let mut by: BTreeMap<(u8, String), Vec<&Change>> = BTreeMap::new();
        let mut seen_in_shape: BTreeSet<(String, String, Severity)> = BTreeSet::new();
        for c in &self.changes {
            if c.severity == Severity::Docs && !with_docs {
                continue;
            }
            match &c.shape {
                // A change inside a shared shape is shown once, under the shape.
                Some(s) => {
                    let tail = c.path.split_once(".input.").or(c.path.split_once(".output.")).map_or("", |(_, t)| t);
                    let tail = tail.rsplit_once('.').map_or(tail, |(_, m)| m).to_string();
                    if seen_in_shape.insert((s.clone(), format!("{tail}: {}", c.message), c.severity)) {
                        by.entry((1, format!("shape {s}"))).or_default().push(c);
                    }
                }
                None => {
                    let op = c.path.split('.').next().unwrap_or(&c.path).to_string();
                    by.entry((0, format!("operation {op}"))).or_default().push(c);
                }
            }
        }
        by.into_iter().map(|((_, k), v)| (k, v)).collect()
    }

    /// The terminal report; `colour` adds ANSI colours per severity.
    pub fn to_text(&self, with_docs: bool, colour: bool) -> String {
        let paint = |s: Severity, t: &str| -> String {
            if !colour {
                return t.to_string();
            }
            let code = match s {
                Severity::Breaking => "31;1",
                Severity::Risky => "33",
                Severity::Compatible => "32",
                Severity::Docs => "2",
            };
            format!("\x1b[{code}m{t}\x1b[0m")
        };
        let mut out = String::new();
        let _ = writeln!(out, "{}", self.summary());
        for (head, changes) in self.groups(with_docs) {
            let _ = writeln!(out, "\n{head}");
            for c in changes {
                let _ = writeln!(out, "  {:<11} {}: {}", paint(c.severity, c.severity.label()), c.path, c.message);
            }
        }
        if !with_docs && self.count(Severity::Docs) > 0 {
            let _ = writeln!(
                out,
                "\n({} documentation-only changes not shown; --docs shows them)",
                self.count(Severity::Docs)
            );
        }
        out
    }

    /// A pull-request comment.
    pub fn to_markdown(&self, with_docs: bool) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "## API changes\n\n{}\n", self.summary());
        for (head, changes) in self.groups(with_docs) {
            let _ = writeln!(out, "### {head}\n\n| change | where | what |\n|---|---|---|");
            for c in changes {
                let _ = writeln!(out, "| {} | `{}` | {} |", c.severity.label(), c.path, c.message.replace('|', "\\|"));
            }
            out.push('\n');
        }
        if !with_docs && self.count(Severity::Docs) > 0 {
            let _ = writeln!(
                out,
                "<details><summary>{} documentation-only changes</summary>\n",
                self.count(Severity::Docs)
            );
            let paths: BTreeSet<&str> =
                self.changes.iter().filter(|c| c.severity == Severity::Docs).map(|c| c.path.as_str()).collect();
            for p in paths {
                let _ = writeln!(out, "- `{p}`");
            }
            let _ = writeln!(out, "\n</details>");
        }
        out
    }

    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Out<'a> {
            bump: &'a str,
            breaking: usize,
            risky: usize,
            compatible: usize,
            docs: usize,
            changes: &'a [Change],
        }
        let out = Out {
            bump: self.bump(),
            breaking: self.count(Severity::Breaking),
            risky: self.count(Severity::Risky),
            compatible: self.count(Severity::Compatible),
            docs: self.count(Severity::Docs),
            changes: &self.changes,
        };
        serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
    }

    fn summary(&self) -> String {
        format!(
            "{} breaking, {} risky, {} compatible, {} documentation-only; semver bump of the generated crate: {}.",
            self.count(Severity::Breaking),
            self.count(Severity::Risky),
            self.count(Severity::Compatible),
            self.count(Severity::Docs),
            self.bump()
        )
    }
}

/// Compares two models.
pub fn diff(old: &ServiceModel, new: &ServiceModel) -> Report {
    let mut d = Differ { old, new, changes: Vec::new() };
    for (name, o) in &old.operations {
        match new.operations.get(name) {
            None => d.push(Severity::Breaking, name, None, "operation removed".into()),
            Some(n) => d.operation(name, o, n),
        }
    }
    for name in new.operations.keys().filter(|n| !old.operations.contains_key(*n)) {
        d.push(Severity::Compatible, name, None, "operation added".into());
    }
    for (name, w) in &old.waiters {
        match new.waiters.get(name) {
            None => d.push(Severity::Breaking, &format!("waiter {name}"), None, "waiter removed".into()),
            Some(n) if n.acceptors != w.acceptors && !w.acceptors.is_empty() => d.push(
                Severity::Risky,
                &format!("waiter {name}"),
                None,
                format!("acceptors changed: {:?} → {:?}", w.acceptors, n.acceptors),
            ),
            Some(n) if n.operation != w.operation || n.delay != w.delay || n.max_attempts != w.max_attempts => {
                let msg = format!(
                    "waiter changed: {} every {} s × {} → {} every {} s × {}",
                    w.operation, w.delay, w.max_attempts, n.operation, n.delay, n.max_attempts
                );
                d.push(Severity::Risky, &format!("waiter {name}"), None, msg)
            }
            Some(n) if n.docs != w.docs => {
                d.push(Severity::Docs, &format!("waiter {name}"), None, "documentation changed".into())
            }
            Some(_) => {}
        }
    }
    for name in new.waiters.keys().filter(|n| !old.waiters.contains_key(*n)) {
        d.push(Severity::Compatible, &format!("waiter {name}"), None, "waiter added".into());
    }
    d.shape_forms();
    let mut changes = d.changes;
    changes.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    changes.dedup();
    Report { changes }
}

struct Differ<'a> {
    old: &'a ServiceModel,
    new: &'a ServiceModel,
    changes: Vec<Change>,
}

/// What the emitter makes of a structure beyond its members: whether its required members are
/// `Option`s (an output reaches it), and whether it implements `Default`.
#[derive(PartialEq)]
struct Form {
    optional_all: bool,
    default: bool,
}

fn forms(model: &ServiceModel) -> BTreeMap<String, Form> {
    let origins = crate::model::lower::Origins::default();
    let e = crate::emit::Emitter::new(model, &origins);
    model
        .shapes
        .iter()
        .filter(|(_, sh)| matches!(sh, Shape::Structure { .. }))
        .map(|(n, _)| (n.clone(), Form { optional_all: e.output_shapes.contains(n), default: e.defaults.contains(n) }))
        .collect()
}

impl Differ<'_> {
    /// Changes to a structure that come from where it is used, not from its members: one an
    /// output starts (or stops) reaching changes its required members' fields to (or from)
    /// `Option` and what its builder's `build()` returns; one that loses `Default` breaks
    /// `Default::default()`. (Adding a member is compatible: structures are `#[non_exhaustive]`.)
    fn shape_forms(&mut self) {
        let (old, new) = (forms(self.old), forms(self.new));
        for (name, o) in &old {
            let Some(n) = new.get(name) else { continue };
            let required = match self.new.shapes.get(name) {
                Some(Shape::Structure { members, .. }) => members.iter().any(|m| m.required),
                _ => false,
            };
            let path = format!("types::{name}");
            if o.optional_all != n.optional_all && required {
                let msg = if n.optional_all {
                    "an output now reaches it: its required members become Options and build() stops failing"
                } else {
                    "no output reaches it any longer: its required members lose their Option and build() returns a Result"
                };
                self.push(Severity::Breaking, &path, Some(name), msg.into());
            }
            if o.default && !n.default {
                self.push(Severity::Breaking, &path, Some(name), "no longer implements Default".into());
            }
        }
    }

    fn push(&mut self, severity: Severity, path: &str, shape: Option<&str>, message: String) {
        self.changes.push(Change { severity, path: path.to_string(), shape: shape.map(str::to_string), message });
    }

    fn operation(&mut self, name: &str, o: &Operation, n: &Operation) {
        if o.docs != n.docs {
            self.push(Severity::Docs, name, None, "documentation changed".into());
        }
        self.members(&format!("{name}.input"), None, &o.input, &n.input, Side::Input, &mut Vec::new());
        self.members(&format!("{name}.output"), None, &o.output, &n.output, Side::Output, &mut Vec::new());
        for e in o.errors.iter().filter(|e| !n.errors.contains(e)) {
            self.push(Severity::Breaking, name, None, format!("error `{e}` removed (its variant goes)"));
        }
        for e in n.errors.iter().filter(|e| !o.errors.contains(e)) {
            self.push(
                Severity::Risky,
                name,
                None,
                format!("error `{e}` added (callers matching on `Unhandled` see it move)"),
            );
        }
        match (&o.paginator, &n.paginator) {
            (Some(_), None) => self.push(Severity::Breaking, name, None, "paginator removed".into()),
            (None, Some(_)) => self.push(Severity::Compatible, name, None, "paginator added".into()),
            (Some(a), Some(b)) if a != b => {
                self.push(Severity::Risky, name, None, format!("paginator changed: {a:?} → {b:?}"))
            }
            _ => {}
        }
        // Callers do not see the binding, but the crate now speaks to the service differently.
        if let (Some(a), Some(b)) = (&o.http, &n.http) {
            if a != b {
                let show = |h: &crate::model::HttpBinding| {
                    let params: Vec<String> = h.endpoint_params.iter().map(|(k, v)| format!("{k} = {v:?}")).collect();
                    format!(
                        "{} {}{}{}",
                        h.method,
                        h.uri,
                        h.host_prefix.as_deref().map(|p| format!(" (host {p})")).unwrap_or_default(),
                        if params.is_empty() { String::new() } else { format!(" (endpoint {})", params.join(", ")) }
                    )
                };
                self.push(Severity::Risky, name, None, format!("HTTP binding changed: {} → {}", show(a), show(b)));
            }
        }
    }

    /// What the model says of a member besides its type: a minimum an input builder checks (the
    /// input's own members, not those of shapes below it), and deprecation.
    fn member_facts(&mut self, p: &str, shape: Option<&str>, om: &Member, nm: &Member, side: Side) {
        let min = |m: &Member| m.constraints.min.as_ref().and_then(|n| n.as_f64());
        let checked = side == Side::Input && shape.is_none() && p.matches('.').count() == 2;
        if checked && min(om) != min(nm) {
            let show = |v: Option<f64>| v.map_or("none".to_string(), |v| v.to_string());
            let (sev, what) = match (min(om), min(nm)) {
                (Some(a), Some(b)) if b < a => (Severity::Compatible, "lowered"),
                (Some(_), None) => (Severity::Compatible, "removed"),
                _ => (Severity::Risky, "raised (build() refuses values it accepted)"),
            };
            self.push(sev, p, shape, format!("minimum {what}: {} → {}", show(min(om)), show(min(nm))));
        }
        if om.deprecated.is_none() && nm.deprecated.is_some() {
            self.push(Severity::Compatible, p, shape, "member deprecated (uses get a warning)".into());
        }
        // Callers do not see it, but a client built before the change sends or reads the member
        // where, or as, the service no longer does.
        let (ow, nw) =
            (om.wire.resolved(&om.ty, self.old.service.protocol), nm.wire.resolved(&nm.ty, self.new.service.protocol));
        if ow != nw {
            self.push(
                Severity::Breaking,
                p,
                shape,
                format!("travels differently on the wire: {} → {}", show_wire(&ow), show_wire(&nw)),
            );
        }
    }

    fn members(
        &mut self,
        path: &str,
        shape: Option<&str>,
        o: &[Member],
        n: &[Member],
        side: Side,
        stack: &mut Vec<(String, String)>,
    ) {
        for om in o {
            let p = format!("{path}.{}", om.name);
            match n.iter().find(|m| m.name == om.name) {
                None => self.push(Severity::Breaking, &p, shape, "member removed".into()),
                Some(nm) => {
                    if om.docs != nm.docs {
                        self.push(Severity::Docs, &p, shape, "documentation changed".into());
                    }
                    if side == Side::Input && om.required != nm.required {
                        let msg = if nm.required {
                            "member became required (callers must now set it)"
                        } else {
                            "member became optional (its field becomes an Option)"
                        };
                        self.push(Severity::Breaking, &p, shape, msg.into());
                    }
                    self.member_facts(&p, shape, om, nm, side);
                    self.types(&p, shape, &om.ty, &nm.ty, side, stack);
                }
            }
        }
        // Structures are `#[non_exhaustive]` and built with builders outside the crate, so a new
        // member breaks no caller unless it must be set.
        for nm in n.iter().filter(|m| !o.iter().any(|om| om.name == m.name)) {
            let p = format!("{path}.{}", nm.name);
            let (sev, msg) = match (side, nm.required) {
                (Side::Input, true) => (Severity::Breaking, "required member added"),
                (Side::Input, false) => (Severity::Compatible, "optional member added"),
                (Side::Output, _) => (Severity::Compatible, "member added"),
            };
            self.push(sev, &p, shape, msg.into());
        }
    }

    fn types(
        &mut self,
        path: &str,
        shape: Option<&str>,
        o: &TypeRef,
        n: &TypeRef,
        side: Side,
        stack: &mut Vec<(String, String)>,
    ) {
        match (o, n) {
            (TypeRef::List(a), TypeRef::List(b)) => self.types(&format!("{path}[]"), shape, a, b, side, stack),
            (TypeRef::Map(ak, av), TypeRef::Map(bk, bv)) => {
                self.types(&format!("{path}{{key}}"), shape, ak, bk, side, stack);
                self.types(&format!("{path}{{}}"), shape, av, bv, side, stack);
            }
            (TypeRef::Shape(a), TypeRef::Shape(b)) => {
                if stack.iter().any(|(x, y)| x == a && y == b) {
                    return; // recursion: already being compared
                }
                if a != b && self.old.shapes.contains_key(a) && self.new.shapes.contains_key(b) {
                    // Reported once per pair, under the new name, however many members use it.
                    let msg = format!("renamed from `{a}` (code naming `types::{a}` must say `types::{b}`)");
                    self.push(Severity::Breaking, &format!("types::{a}"), Some(b), msg);
                }
                match (self.old.shapes.get(a), self.new.shapes.get(b)) {
                    (Some(Shape::Enum { values: va, docs: da }), Some(Shape::Enum { values: vb, docs: db })) => {
                        for v in va.iter().filter(|v| !vb.contains(v)) {
                            self.push(Severity::Breaking, path, Some(b), format!("enum value `{v}` removed"));
                        }
                        for v in vb.iter().filter(|v| !va.contains(v)) {
                            self.push(Severity::Compatible, path, Some(b), format!("enum value `{v}` added"));
                        }
                        if da != db {
                            self.push(Severity::Docs, path, Some(b), "documentation changed".into());
                        }
                    }
                    (
                        Some(Shape::Structure { members: ma, union: ua, docs: da }),
                        Some(Shape::Structure { members: mb, union: ub, docs: db }),
                    ) => {
                        if ua != ub {
                            self.push(Severity::Risky, path, Some(b), format!("tagged union: {ua} → {ub}"));
                        }
                        if da != db {
                            self.push(Severity::Docs, path, Some(b), "documentation changed".into());
                        }
                        stack.push((a.clone(), b.clone()));
                        let (ma, mb) = (ma.clone(), mb.clone());
                        self.members(path, Some(b), &ma, &mb, side, stack);
                        stack.pop();
                    }
                    _ => self.push(
                        Severity::Breaking,
                        path,
                        shape,
                        format!("type changed from {} to {}", kind(self.old, o), kind(self.new, n)),
                    ),
                }
            }
            (a, b) if a == b => {}
            _ => self.push(
                Severity::Breaking,
                path,
                shape,
                format!("type changed from {} to {}", kind(self.old, o), kind(self.new, n)),
            ),
        }
    }
}

/// `header x-amz-meta`, `body as "name", date-time`: a member's wire facts, briefly.
fn show_wire(w: &crate::model::Wire) -> String {
    let location = serde_json::to_value(w.location).ok().and_then(|v| v.as_str().map(str::to_string));
    let mut out = location.unwrap_or_default();
    if let Some(name) = &w.wire_name {
        out.push_str(&format!(" as `{name}`"));
    }
    if let Some(f) = w.timestamp_format.and_then(|f| serde_json::to_value(f).ok()) {
        out.push_str(&format!(", {}", f.as_str().unwrap_or_default()));
    }
    let flags = [
        (w.host_label, "host label"),
        (w.json_value, "JSON value"),
        (w.xml_attribute, "XML attribute"),
        (w.flattened, "flattened"),
        (w.lenient, "lenient"),
    ];
    for (set, what) in flags {
        if set {
            out.push_str(&format!(", {what}"));
        }
    }
    if let Some(q) = &w.query_name {
        out.push_str(&format!(", query name `{q}`"));
    }
    if let Some(p) = &w.xml_prefix {
        out.push_str(&format!(", XML prefix `{p}`"));
    }
    if let Some(j) = w.json_text {
        out.push_str(&format!(", JSON text ({j:?})"));
    }
    for (name, what) in [(&w.item_name, "items"), (&w.key_name, "keys"), (&w.value_name, "values")] {
        if let Some(n) = name {
            out.push_str(&format!(", {what} as `{n}`"));
        }
    }
    if let Some(ns) = &w.xml_namespace {
        out.push_str(&format!(", XML namespace `{ns}`"));
    }
    out
}

fn kind(m: &ServiceModel, t: &TypeRef) -> String {
    match t {
        TypeRef::Shape(n) => match m.shapes.get(n) {
            Some(Shape::Enum { .. }) => format!("enum {n}"),
            _ => format!("structure {n}"),
        },
        other => format!("`{other}`"),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Input,
    Output,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Paginator, ServiceDescriptor};

    fn model(json_ops: &str, json_shapes: &str) -> ServiceModel {
        let svc = ServiceDescriptor::example();
        ServiceModel {
            service: svc,
            operations: serde_json::from_str(json_ops).unwrap(),
            shapes: serde_json::from_str(json_shapes).unwrap(),
            waiters: BTreeMap::new(),
            errors: BTreeMap::new(),
            error_codes: BTreeMap::new(),
            left_out: BTreeMap::new(),
            endpoint_rules: None,
        }
    }

    const BASE_OPS: &str = r#"{"GetThing": {"input": [{"name": "Id", "type": "string", "required": true}, {"name": "Mode", "type": "Mode"}],
        "output": [{"name": "Thing", "type": "Thing"}], "errors": ["NotFound"]}}"#;
    const BASE_SHAPES: &str = r#"{"Mode": {"kind": "enum", "values": ["A", "B"]},
        "Thing": {"kind": "structure", "members": [{"name": "Name", "type": "string", "docs": "The name."}, {"name": "Tags", "type": "list<Tag>"}]},
        "Tag": {"kind": "structure", "members": [{"name": "Key", "type": "string"}]}}"#;

    fn changes(ops: &str, shapes: &str) -> Vec<(Severity, String, String)> {
        let r = diff(&model(BASE_OPS, BASE_SHAPES), &model(ops, shapes));
        r.changes.into_iter().map(|c| (c.severity, c.path, c.message)).collect()
    }

    fn one(ops: &str, shapes: &str) -> (Severity, String, String) {
        let c = changes(ops, shapes);
        assert_eq!(c.len(), 1, "{c:#?}");
        c.into_iter().next().unwrap()
    }

    /// A structure an output starts reaching changes form though its members did not: its
    /// required members become Options (in the new output and in the old input alike).
    #[test]
    fn a_structure_an_output_starts_reaching_is_a_breaking_change() {
        let shapes =
            r#"{"Tag": {"kind": "structure", "members": [{"name": "Key", "type": "string", "required": true}]}}"#;
        let input_only = r#"{"PutTag": {"input": [{"name": "Tag", "type": "Tag"}], "output": []}}"#;
        let both = r#"{"PutTag": {"input": [{"name": "Tag", "type": "Tag"}], "output": []},
            "GetTag": {"input": [], "output": [{"name": "Tag", "type": "Tag"}]}}"#;
        let r = diff(&model(input_only, shapes), &model(both, shapes));
        let got: Vec<_> = r.changes.iter().map(|c| (c.severity, c.path.as_str())).collect();
        assert_eq!(got, [(Severity::Compatible, "GetTag"), (Severity::Breaking, "types::Tag")]);
        assert!(r.changes[1].message.contains("required members become Options"), "{}", r.changes[1].message);
        let back = diff(&model(both, shapes), &model(input_only, shapes));
        assert!(back.changes.iter().any(|c| c.path == "types::Tag" && c.message.contains("lose their Option")));
    }

    #[test]
    fn no_change_is_nothing_and_a_rename_is_one_change() {
        assert!(changes(BASE_OPS, BASE_SHAPES).is_empty());
        let renamed_ops = BASE_OPS.replace("\"Thing\"}", "\"Item\"}");
        let renamed_shapes = BASE_SHAPES
            .replace("\"Thing\": {", "\"Item\": {")
            .replace("\"Tag\": {", "\"Label\": {")
            .replace("list<Tag>", "list<Label>")
            .replace("\"Mode\": {", "\"Setting\": {");
        let renamed_ops = renamed_ops.replace("\"type\": \"Mode\"", "\"type\": \"Setting\"");
        let got = changes(&renamed_ops, &renamed_shapes);
        let renames: Vec<(Severity, &str)> = got.iter().map(|(s, p, _)| (*s, p.as_str())).collect();
        assert_eq!(
            renames,
            [
                (Severity::Breaking, "types::Mode"),
                (Severity::Breaking, "types::Tag"),
                (Severity::Breaking, "types::Thing")
            ],
            "{got:#?}"
        );
        assert!(got[2].2.contains("renamed from `Thing`"), "{got:#?}");
    }

    #[test]
    fn operations_added_and_removed() {
        let added = BASE_OPS.replacen('{', r#"{"PutThing": {"input": [], "output": []}, "#, 1);
        assert_eq!(one(&added, BASE_SHAPES), (Severity::Compatible, "PutThing".into(), "operation added".into()));
        let r = diff(&model(&added, BASE_SHAPES), &model(BASE_OPS, BASE_SHAPES));
        assert_eq!(r.worst(), Some(Severity::Breaking));
        assert!(r.bump().starts_with("major"));
    }

    #[test]
    fn members_added_removed_retyped() {
        let opt = BASE_OPS.replace(
            r#"{"name": "Mode", "type": "Mode"}"#,
            r#"{"name": "Mode", "type": "Mode"}, {"name": "Extra", "type": "integer"}"#,
        );
        assert_eq!(one(&opt, BASE_SHAPES).0, Severity::Compatible);
        let req = BASE_OPS.replace(
            r#"{"name": "Mode", "type": "Mode"}"#,
            r#"{"name": "Mode", "type": "Mode"}, {"name": "Extra", "type": "integer", "required": true}"#,
        );
        assert_eq!(
            one(&req, BASE_SHAPES),
            (Severity::Breaking, "GetThing.input.Extra".into(), "required member added".into())
        );
        let gone = BASE_OPS.replace(r#", {"name": "Mode", "type": "Mode"}"#, "");
        assert_eq!(
            one(&gone, BASE_SHAPES),
            (Severity::Breaking, "GetThing.input.Mode".into(), "member removed".into())
        );
        let retyped = BASE_SHAPES.replace(r#"{"name": "Key", "type": "string"}"#, r#"{"name": "Key", "type": "long"}"#);
        let c = one(BASE_OPS, &retyped);
        assert_eq!((c.0, c.1.as_str()), (Severity::Breaking, "GetThing.output.Thing.Tags[].Key"));
        assert_eq!(c.2, "type changed from `string` to `long`");
        let out_added = BASE_SHAPES.replace(
            r#"{"name": "Key", "type": "string"}"#,
            r#"{"name": "Key", "type": "string"}, {"name": "Value", "type": "string"}"#,
        );
        assert_eq!(one(BASE_OPS, &out_added).0, Severity::Compatible);
    }

    #[test]
    fn required_flips_on_input_are_breaking() {
        let flipped = BASE_OPS.replace(r#""type": "string", "required": true"#, r#""type": "string""#);
        assert_eq!(
            one(&flipped, BASE_SHAPES),
            (
                Severity::Breaking,
                "GetThing.input.Id".into(),
                "member became optional (its field becomes an Option)".into()
            )
        );
    }

    /// A member moving from the body to a header, or changing its wire name or timestamp
    /// format, breaks clients built before the change, though no caller's code changes.
    #[test]
    fn a_member_that_travels_differently_is_a_breaking_change() {
        let to_header = BASE_OPS.replace(
            r#""name": "Mode", "type": "Mode""#,
            r#""name": "Mode", "type": "Mode", "location": "header", "wire_name": "x-amz-mode""#,
        );
        assert_eq!(
            one(&to_header, BASE_SHAPES),
            (
                Severity::Breaking,
                "GetThing.input.Mode".into(),
                "travels differently on the wire: body → header as `x-amz-mode`".into()
            )
        );
        let dated = BASE_SHAPES.replace(
            r#"{"name": "Key", "type": "string"}"#,
            r#"{"name": "Key", "type": "string", "timestamp_format": "date-time"}"#,
        );
        let c = one(BASE_OPS, &dated);
        assert_eq!(
            (c.0, c.2.as_str()),
            (Severity::Breaking, "travels differently on the wire: body → body, date-time")
        );
    }

    /// A raised minimum makes `build()` refuse values it accepted; a lowered one does not.
    #[test]
    fn minimums_and_deprecation() {
        let with_min = |m: &str| {
            BASE_OPS.replace(
                r#""type": "string", "required": true"#,
                &format!(r#""type": "string", "required": true, "min": {m}"#),
            )
        };
        let (one_min, two_min) = (with_min("1"), with_min("2"));
        assert_eq!(
            one(&two_min, BASE_SHAPES),
            (
                Severity::Risky,
                "GetThing.input.Id".into(),
                "minimum raised (build() refuses values it accepted): none → 2".into()
            )
        );
        let old = model(&two_min, BASE_SHAPES);
        let r = diff(&old, &model(&one_min, BASE_SHAPES));
        assert_eq!(r.changes[0].message, "minimum lowered: 2 → 1");
        assert_eq!(r.worst(), Some(Severity::Compatible));
        let deprecated = BASE_OPS.replace(
            r#""type": "string", "required": true"#,
            r#""type": "string", "required": true, "deprecated": "use Mode""#,
        );
        assert_eq!(one(&deprecated, BASE_SHAPES).2, "member deprecated (uses get a warning)");
    }

    #[test]
    fn enum_values_added_are_compatible_removed_are_breaking() {
        let added = BASE_SHAPES.replace(r#"["A", "B"]"#, r#"["A", "B", "C"]"#);
        assert_eq!(
            one(BASE_OPS, &added),
            (Severity::Compatible, "GetThing.input.Mode".into(), "enum value `C` added".into())
        );
        let removed = BASE_SHAPES.replace(r#"["A", "B"]"#, r#"["A"]"#);
        assert_eq!(
            one(BASE_OPS, &removed),
            (Severity::Breaking, "GetThing.input.Mode".into(), "enum value `B` removed".into())
        );
    }

    #[test]
    fn errors_paginators_and_docs() {
        let more = BASE_OPS.replace(r#"["NotFound"]"#, r#"["NotFound", "Throttled"]"#);
        assert_eq!(one(&more, BASE_SHAPES).0, Severity::Risky);
        let fewer = BASE_OPS.replace(r#"["NotFound"]"#, "[]");
        assert_eq!(one(&fewer, BASE_SHAPES).0, Severity::Breaking);
        let docs = BASE_SHAPES.replace("The name.", "The thing's name.");
        let r = diff(&model(BASE_OPS, BASE_SHAPES), &model(BASE_OPS, &docs));
        assert_eq!(r.worst(), Some(Severity::Docs));
        assert!(r.to_text(false, false).contains("1 documentation-only changes not shown"));
        assert_eq!(r.bump(), "patch");

        let mut old = model(BASE_OPS, BASE_SHAPES);
        let new = old.clone();
        old.operations.get_mut("GetThing").unwrap().paginator = Some(Paginator {
            input_token: vec!["NextToken".into()],
            output_token: vec!["NextToken".into()],
            limit_key: None,
            more_results: None,
            result_keys: vec!["Things".into()],
        });
        let r = diff(&old, &new);
        assert_eq!(r.changes[0].message, "paginator removed");
        assert_eq!(r.worst(), Some(Severity::Breaking));
    }

    #[test]
    fn a_change_in_a_shared_shape_is_shown_once_under_the_shape() {
        let ops = BASE_OPS.replacen(
            '{',
            r#"{"ListThings": {"input": [], "output": [{"name": "Things", "type": "list<Thing>"}]}, "#,
            1,
        );
        let added = BASE_SHAPES.replace(r#"{"name": "Key", "type": "string"}"#, r#"{"name": "Key", "type": "long"}"#);
        let r = diff(&model(&ops, BASE_SHAPES), &model(&ops, &added));
        assert_eq!(r.changes.len(), 2, "one per operation that reaches it");
        let text = r.to_text(false, false);
        assert_eq!(text.matches("type changed").count(), 1, "{text}");
        assert!(text.contains("shape Tag"), "{text}");
    }
}
