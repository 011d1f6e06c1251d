//! Page syntax → shape model: merge boto3 and CLI pages per operation, infer paginators, find
//! structurally identical shapes, name them.
//!
//! boto3 pages are the authority for which operations and members exist, enum values and
//! required flags; CLI pages refine types (`long`, `double`) and are checked against boto3. Every
//! disagreement is a diagnostic unless `overrides.toml` accepts it under `[disagreements]`.

mod api;

use std::collections::{BTreeMap, BTreeSet};

use super::naming::{self, GroupInfo, Parent, Use};
use super::overrides::Overrides;
use super::{Constraints, Member, Operation, Paginator, ServiceDescriptor, ServiceModel, Shape, TypeRef, Waiter};
use crate::diag::Diagnostic;
use crate::source::{FileId, Sources, Span};
use crate::syntax::{CliPage, ClientPage, DocType, Field, Page, PaginatorPage, Role, WaiterPage};

/// Where each operation and shape of the model came from (`path:line`), kept beside the model
/// so that line shifts in a page do not touch the model itself.
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Origins {
    pub operations: BTreeMap<String, Vec<String>>,
    pub shapes: BTreeMap<String, String>,
}

/// The lowered service.
#[derive(Debug, Clone)]
pub struct Lowered {
    pub model: ServiceModel,
    pub origins: Origins,
    /// `path:line:col: warning: ...` for each thing left out of the model, sorted.
    pub warnings: Vec<String>,
}

/// Lowers parsed pages to a model. Returns `None` if any diagnostic was raised.
#[allow(clippy::too_many_arguments)]
pub fn lower(
    sources: &Sources,
    pages: Vec<Page>,
    api: Option<&crate::botocore::Api>,
    overrides: &Overrides,
    waiter_tables: &super::waiters::Tables,
    mut descriptor: ServiceDescriptor,
    diags: &mut Vec<Diagnostic>,
) -> Option<Lowered> {
    let before = diags.len();
    descriptor.aws_query_compatible = api.is_some_and(|a| a.aws_query_compatible);
    let mut lw = Lowerer {
        protocol: descriptor.protocol,
        endpoint_prefix: descriptor.endpoint_prefix.clone(),
        sources,
        api,
        overrides,
        waiter_tables,
        left_out: BTreeMap::new(),
        documented: BTreeSet::new(),
        diags,
        accepted: BTreeSet::new(),
        arena: Vec::new(),
        slots: Vec::new(),
    };
    let model = lw.run(pages, descriptor);
    lw.check_unused_acceptances();
    if lw.diags[before..].iter().any(|d| !d.warning) {
        return None;
    }
    model
}

/// A CLI-described field tells every width in it.
fn mark_width_known(f: &mut Field) {
    f.width_known = true;
    f.children.iter_mut().for_each(mark_width_known);
}

/// A member or argument name compared across page families: `--task-output`, `TaskOutput` and
/// `taskOutput` are one.
fn norm(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase()
}

/// Whether a CLI type can describe a member boto3 types so (the CLI renders event streams as
/// structures, and spells widths and blobs its own way).
fn compatible(b: DocType, c: DocType) -> bool {
    match (b, c) {
        (x, y) if x == y => true,
        (DocType::Integer, DocType::Long) | (DocType::Float, DocType::Double) => true,
        (DocType::Structure, DocType::Union) | (DocType::Union, DocType::Structure) => true,
        (DocType::EventStream, DocType::Structure) => true,
        (DocType::BlobOrFile, DocType::Blob | DocType::StreamingBody) | (DocType::StreamingBody, DocType::Blob) => true,
        _ => false,
    }
}

/// Whether two field lists declare the same members (names, types, flags, values, children),
/// wherever they sit in their pages.
fn same_fields(a: &[Field], b: &[Field]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            (&x.name, x.role, x.ty, x.required, x.union, &x.enum_values, x.recursive)
                == (&y.name, y.role, y.ty, y.required, y.union, &y.enum_values, y.recursive)
                && same_fields(&x.children, &y.children)
        })
}

/// An enclosing member on the conversion stack: its name, type, recursion slot and model shape.
type Frame = (String, DocType, usize, Option<String>);

/// A shape occurrence in one operation's tree.
#[derive(Debug, Clone)]
struct Node {
    kind: NodeKind,
    docs: String,
    /// Use-site path (`Op.input.Filters[]`).
    site: String,
    parent: Parent,
    base: String,
    input_side: bool,
    /// The service model's name for the shape.
    model_name: Option<String>,
    file: FileId,
    span: Span,
}

#[derive(Debug, Clone)]
enum NodeKind {
    Struct { members: Vec<NMember>, union: bool },
    Enum(Vec<String>),
}

#[derive(Debug, Clone)]
struct NMember {
    name: String,
    ty: Ty,
    required: bool,
    idempotency_token: bool,
    client_default: Option<String>,
    sensitive: bool,
    deprecated: Option<String>,
    constraints: Constraints,
    wire: super::Wire,
    docs: String,
}

/// A type inside the arena: `Node` points at a shape occurrence; `Pending` at a recursion slot.
#[derive(Debug, Clone)]
enum Ty {
    Prim(TypeRef),
    List(Box<Ty>),
    Map(Box<Ty>, Box<Ty>),
    Node(usize),
    Pending(usize),
}

struct Lowerer<'a, 'd> {
    /// The service's protocol: its defaults complete each member's wire facts.
    protocol: super::Protocol,
    /// The service's endpoint prefix (`s3`), which botocore's handlers are registered under.
    endpoint_prefix: String,
    sources: &'a Sources,
    /// The service model, when there is one: checked against the pages, and the source of the
    /// facts the pages never carry (see `api.rs`).
    api: Option<&'a crate::botocore::Api>,
    overrides: &'a Overrides,
    /// The acceptors of `waiters-2.json`.
    waiter_tables: &'a super::waiters::Tables,
    /// What the pages document and the model cannot hold: item → why (see `ServiceModel`).
    left_out: BTreeMap<String, String>,
    /// Every operation and waiter some page documents, for telling a stale acceptance from one
    /// about something these pages do not have (an older release).
    documented: BTreeSet<String>,
    diags: &'d mut Vec<Diagnostic>,
    accepted: BTreeSet<String>,
    arena: Vec<Node>,
    /// Types of the members on the conversion stack, for recursive references.
    slots: Vec<Option<Ty>>,
}

/// An operation's converted members and what the model needs of its pages.
/// The pages of a service by kind ([`Lowerer::sort_pages`]).
#[derive(Default)]
struct Sorted<'p> {
    clients: BTreeMap<String, &'p ClientPage>,
    method_op: BTreeMap<String, String>,
    clis: BTreeMap<String, &'p CliPage>,
    cli_waits: Vec<&'p CliPage>,
    paginator_pages: Vec<&'p PaginatorPage>,
    waiter_pages: Vec<&'p WaiterPage>,
}

struct OpTree<'p> {
    input: Vec<NMember>,
    output: Vec<NMember>,
    client: &'p ClientPage,
    paginator: Option<Paginator>,
    origin: Vec<String>,
    /// RST notes for the operation's docs: what of it is left out.
    notes: Vec<String>,
}

struct OpParts<'p> {
    client: &'p ClientPage,
    cli: Option<&'p CliPage>,
    paginator: Option<(&'p PaginatorPage, Paginator)>,
}

impl Lowerer<'_, '_> {
    fn error(&mut self, file: FileId, span: Span, msg: impl Into<String>) {
        self.diags.push(Diagnostic::new(file, span, msg));
    }

    fn file_name(&self, file: FileId) -> &str {
        &self.sources.get(file).name
    }

    /// A disagreement between pages at `path`: an error unless overrides accept it.
    fn disagree(&mut self, path: &str, file: FileId, span: Span, msg: String) {
        if self.overrides.disagreements.contains_key(path) {
            self.accepted.insert(path.to_string());
            return;
        }
        self.error(
            file,
            span,
            format!("{msg} (to accept this, add `\"{path}\" = \"<why>\"` under [disagreements] in overrides.toml)"),
        );
    }

    fn check_unused_acceptances(&mut self) {
        let Some(file) = self.overrides.file else { return };
        let stale: Vec<(String, Span)> = self
            .overrides
            .disagreements
            .iter()
            .filter(|(k, _)| !self.accepted.contains(*k))
            .map(|(k, e)| (k.clone(), e.span))
            .collect();
        for (k, span) in stale {
            let first = k.strip_prefix("waiters.").unwrap_or(&k).split(['.', '[', '{']).next().unwrap_or_default();
            let msg = if self.documented.contains(first) {
                format!("`{k}` is accepted as a disagreement, but the pages now agree there; remove the entry")
            } else {
                format!("`{k}` is accepted as a disagreement, but the pages document no operation or waiter `{first}`; remove the entry")
            };
            self.error(file, span, msg);
        }
    }

    /// The pages by kind: client pages by operation (and operation by method name), CLI pages
    /// by operation, CLI wait pages, paginator and waiter pages. An operation documented twice
    /// by boto3 is an error.
    fn sort_pages<'p>(&mut self, pages: &'p [Page]) -> Sorted<'p> {
        let mut sorted = Sorted::default();
        let mut split: BTreeSet<String> = BTreeSet::new();
        for p in pages {
            match p {
                Page::Client(c) => {
                    let Some(op) = &c.operation else { continue };
                    if let Some(prev) = sorted.clients.insert(op.clone(), c) {
                        let msg = format!(
                            "operation `{op}` is documented twice; the other page is {}",
                            self.file_name(prev.file)
                        );
                        self.error(c.file, c.span, msg);
                    }
                    sorted.method_op.insert(c.method.clone(), op.clone());
                }
                Page::Cli(c) if c.waiter.is_some() => sorted.cli_waits.push(c),
                Page::Cli(c) => {
                    let Some(op) = &c.operation else { continue };
                    let Some(prev) = sorted.clis.insert(op.clone(), c) else { continue };
                    // awscli registers alias commands (`get-o-tel-enrichment` beside
                    // `get-otel-enrichment`): the same page under two names is one.
                    if same_fields(&prev.input, &c.input) && same_fields(&prev.output, &c.output) {
                        sorted.clis.insert(op.clone(), prev.min_by_name(c));
                        continue;
                    }
                    // The operation's own command is its page; another is awscli's addition.
                    let own = heck::ToKebabCase::to_kebab_case(op.as_str());
                    if prev.command == own || c.command == own {
                        sorted.clis.insert(op.clone(), if prev.command == own { prev } else { c });
                        continue;
                    }
                    // awscli replaced the command with commands of its own, each taking part of
                    // the input (RDS `ModifyOptionGroup`: `add-option-to-option-group` and
                    // `remove-option-from-option-group`): no page is the operation's, so the
                    // boto3 page and the service model describe it alone.
                    split.insert(op.clone());
                }
                Page::Paginator(p) => sorted.paginator_pages.push(p),
                Page::Waiter(w) => sorted.waiter_pages.push(w),
            }
        }
        for op in split {
            sorted.clis.remove(&op);
        }
        sorted
    }

    fn run(&mut self, mut pages: Vec<Page>, descriptor: ServiceDescriptor) -> Option<Lowered> {
        // Sort by page name so nothing below depends on the order pages were read in.
        pages.sort_by_cached_key(|p| self.file_name(page_file(p)).to_string());
        // The member trees are moved out of the client pages, to be merged in place.
        let mut bodies: BTreeMap<String, (Vec<Field>, Vec<Field>)> = BTreeMap::new();
        for p in &mut pages {
            if let Page::Client(c) = p {
                if let Some(op) = &c.operation {
                    let output = c.output.take().map(|o| o.children).unwrap_or_default();
                    bodies.entry(op.clone()).or_insert((std::mem::take(&mut c.input), output));
                }
            }
        }

        let Sorted { clients, method_op, clis, cli_waits, paginator_pages, waiter_pages } = self.sort_pages(&pages);
        self.check_api_operations(&clients.keys().cloned().collect());
        self.documented.extend(clients.keys().chain(clis.keys()).cloned());
        self.documented.extend(waiter_pages.iter().map(|w| w.name.clone()));
        let mut parts: BTreeMap<String, OpParts<'_>> = BTreeMap::new();
        for (op, c) in &clients {
            parts.insert(op.clone(), OpParts { client: c, cli: clis.get(op).copied(), paginator: None });
        }
        for (op, c) in &clis {
            if !clients.contains_key(op) {
                self.disagree(
                    op,
                    c.file,
                    c.span,
                    format!("the CLI documents operation `{op}`, which has no boto3 client page"),
                );
            }
        }
        for p in paginator_pages {
            let Some(op) = method_op.get(&p.method).cloned() else {
                self.error(
                    p.file,
                    p.span,
                    format!("paginator `{}` pages through `{}`, which has no client page", p.name, p.method),
                );
                continue;
            };
            if let (Some(part), Some((input, output))) = (parts.get_mut(&op), bodies.get(&op)) {
                // The model says what the page only lets one infer.
                let known = self.api.and_then(|a| a.paginators.get(&op)).cloned();
                if let Some(pg) = known.or_else(|| self.infer_paginator(p, input, output)) {
                    part.paginator = Some((p, pg));
                }
            }
        }

        let waiters = self.lower_waiters(&waiter_pages, &cli_waits, &method_op, &bodies);

        // Merge CLI into boto3 per operation, then convert to arena nodes.
        let mut ops: BTreeMap<String, OpTree<'_>> = BTreeMap::new();
        for (op, part) in &parts {
            let (mut input, mut output) = bodies.remove(op).unwrap_or_default();
            self.untruncate(op, part, &mut input, &mut output);
            self.undo_dict_docs(op, "input", &mut input);
            self.undo_dict_docs(op, "output", &mut output);
            // Without a CLI page (a command awscli does not offer), widths stay unknown and
            // integers and floats are read as the wider type.
            if let Some(cli) = part.cli {
                let files = (part.client.file, cli.file);
                self.merge_top(op, "input", &mut input, &cli.input, files, true);
                self.merge_top(op, "output", &mut output, &cli.output, files, false);
            }
            let file = part.client.file;
            self.merge_api_side(op, "input", &mut input, file);
            self.merge_api_side(op, "output", &mut output, file);
            let inferred = part.paginator.as_ref().map(|(_, p)| p.clone());
            let paginator = self.api_paginator(op, inferred.as_ref(), file).or(inferred);
            let mut notes = self.leave_out_event_streams(op, "input", &mut input, file);
            notes.extend(self.leave_out_event_streams(op, "output", &mut output, file));
            let inp = self.convert_members(op, "input", &mut input, file, true);
            let out = self.convert_members(op, "output", &mut output, file, false);
            let mut origin = vec![self.sources.cite(file, part.client.span)];
            if let Some(cli) = part.cli {
                origin.push(self.sources.cite(cli.file, cli.span));
            }
            if let Some((p, _)) = &part.paginator {
                origin.push(self.sources.cite(p.file, p.span));
            }
            ops.insert(op.clone(), OpTree { input: inp, output: out, client: part.client, paginator, origin, notes });
        }

        let exceptions = self.convert_exceptions();

        // Group structurally identical occurrences, then name the groups.
        let (group_of, groups) = self.group();
        let mut infos: Vec<GroupInfo> = groups
            .iter()
            .enumerate()
            .map(|(g, members)| {
                let mut uses: Vec<Use> = members
                    .iter()
                    .map(|&n| {
                        let node = &self.arena[n];
                        let parent = match &node.parent {
                            Parent::Op(o) => Parent::Op(o.clone()),
                            Parent::Group(pn) => Parent::Group(group_of[*pn]),
                        };
                        Use { parent, base: node.base.clone() }
                    })
                    .filter(|u| u.parent != Parent::Group(g))
                    .collect();
                uses.sort();
                uses.dedup();
                let rank = members.iter().map(|&n| self.arena[n].site.clone()).min().unwrap_or_default();
                GroupInfo {
                    uses,
                    rank,
                    pinned: None,
                    is_struct: matches!(self.arena[members[0]].kind, NodeKind::Struct { .. }),
                }
            })
            .collect();
        self.apply_pins(&group_of, &mut infos);
        for (g, members) in groups.iter().enumerate() {
            if infos[g].pinned.is_none() {
                infos[g].pinned = members.iter().find_map(|&n| self.arena[n].model_name.clone());
            }
        }
        let names = naming::assign(&infos);

        // Build the model.
        let mut shapes = BTreeMap::new();
        let mut origins = Origins::default();
        for (g, members) in groups.iter().enumerate() {
            let canonical = members
                .iter()
                .copied()
                .min_by_key(|&n| (!self.arena[n].input_side, self.arena[n].site.clone()))
                .unwrap_or(members[0]);
            let node = &self.arena[canonical];
            let shape = match &node.kind {
                NodeKind::Enum(values) => Shape::Enum { docs: node.docs.clone(), values: values.clone() },
                NodeKind::Struct { members, union } => Shape::Structure {
                    docs: node.docs.clone(),
                    union: *union,
                    members: members.iter().map(|m| self.member(m, &group_of, &names)).collect(),
                },
            };
            origins.shapes.insert(names[g].clone(), self.sources.cite(node.file, node.span));
            shapes.insert(names[g].clone(), shape);
        }
        let mut operations = BTreeMap::new();
        for (op, OpTree { input: inp, output: out, client, paginator, origin, notes }) in ops {
            let errors = self.operation_errors(&op, client);
            operations.insert(
                op.clone(),
                Operation {
                    docs: std::iter::once(client.docs.clone()).chain(notes).collect::<Vec<_>>().join("\n\n"),
                    input: inp.iter().map(|m| self.member(m, &group_of, &names)).collect(),
                    output: out.iter().map(|m| self.member(m, &group_of, &names)).collect(),
                    errors,
                    paginator,
                    deprecated: self.api_operation(&op).and_then(|(_, o)| o.deprecated.clone()),
                    http: self.api_operation(&op).and_then(|(_, o)| o.http.clone()),
                    examples: client.examples.clone(),
                },
            );
            origins.operations.insert(op, origin);
        }
        let errors = exceptions
            .into_iter()
            .map(|(name, (docs, members))| {
                let members = members.iter().map(|m| self.member(m, &group_of, &names)).collect();
                (name, super::ErrorShape { docs, members })
            })
            .collect();
        Some(Lowered {
            model: ServiceModel {
                service: descriptor,
                operations,
                shapes,
                errors,
                error_codes: self.error_codes(),
                waiters,
                left_out: std::mem::take(&mut self.left_out),
                endpoint_rules: None,
            },
            origins,
            warnings: Vec::new(),
        })
    }

    fn member(&self, m: &NMember, group_of: &[usize], names: &[String]) -> Member {
        let ty = self.type_ref(&m.ty, group_of, names);
        let mut wire = m.wire.clone();
        if wire.timestamp_format.is_none() && ty.holds_timestamp() {
            wire.timestamp_format = Some(self.protocol.default_timestamp_format(wire.location));
        }
        Member {
            name: m.name.clone(),
            ty,
            required: m.required,
            idempotency_token: m.idempotency_token,
            client_default: m.client_default.clone(),
            sensitive: m.sensitive,
            deprecated: m.deprecated.clone(),
            constraints: m.constraints.clone(),
            wire,
            docs: m.docs.clone(),
        }
    }

    fn type_ref(&self, t: &Ty, group_of: &[usize], names: &[String]) -> TypeRef {
        match t {
            Ty::Prim(p) => p.clone(),
            Ty::List(i) => TypeRef::List(Box::new(self.type_ref(i, group_of, names))),
            Ty::Map(k, v) => {
                TypeRef::Map(Box::new(self.type_ref(k, group_of, names)), Box::new(self.type_ref(v, group_of, names)))
            }
            Ty::Node(n) => TypeRef::Shape(names[group_of[*n]].clone()),
            // Unresolved recursion was reported already; the model is not written then.
            Ty::Pending(_) => TypeRef::Document,
        }
    }

    /// The members the paginator page hides are the tokens; the lists it shows are the results.
    fn infer_paginator(&mut self, p: &PaginatorPage, client_in: &[Field], client_out: &[Field]) -> Option<Paginator> {
        let names = |fs: &[Field]| -> Vec<(String, DocType)> {
            fs.iter().filter_map(|f| f.name.clone().map(|n| (n, f.ty))).collect()
        };
        let shown_in: Vec<(String, DocType)> =
            names(&p.input).into_iter().filter(|(n, _)| n != "PaginationConfig").collect();
        let all_in = names(client_in);
        let empty = Vec::new();
        let shown_out = names(p.output.as_ref().map_or(&empty, |o| &o.children));
        let all_out = names(client_out);
        for (n, _) in &shown_in {
            if !all_in.iter().any(|(m, _)| m == n) {
                self.error(
                    p.file,
                    p.span,
                    format!("the paginator shows input `{n}`, which the client page for `{}` lacks", p.method),
                );
                return None;
            }
        }
        let hidden_in: Vec<&(String, DocType)> =
            all_in.iter().filter(|(n, _)| !shown_in.iter().any(|(m, _)| m == n)).collect();
        let hidden_out: Vec<String> =
            all_out.iter().filter(|(n, _)| !shown_out.iter().any(|(m, _)| m == n)).map(|(n, _)| n.clone()).collect();
        // A token is a string, or a map (DynamoDB's `ExclusiveStartKey`/`LastEvaluatedKey`).
        let token_type = |t: &DocType| matches!(t, DocType::String | DocType::Map);
        let input_token: Vec<String> =
            hidden_in.iter().filter(|(_, t)| token_type(t)).map(|(n, _)| n.clone()).collect();
        let limits: Vec<String> =
            hidden_in.iter().filter(|(_, t)| *t == DocType::Integer).map(|(n, _)| n.clone()).collect();
        let result_keys: Vec<String> =
            shown_out.iter().filter(|(_, t)| *t == DocType::List).map(|(n, _)| n.clone()).collect();
        let odd: Vec<&String> =
            hidden_in.iter().filter(|(_, t)| !token_type(t) && *t != DocType::Integer).map(|(n, _)| n).collect();
        // One token each way (the client cannot carry several yet), and one the caller may omit.
        let required_token = client_in
            .iter()
            .any(|f| f.required == Some(true) && input_token.contains(&f.name.clone().unwrap_or_default()));
        if input_token.len() != 1
            || hidden_out.len() != 1
            || required_token
            || limits.len() > 1
            || !odd.is_empty()
            || result_keys.is_empty()
        {
            let msg = format!(
                "its tokens and results cannot be told from what the paginator page hides and shows \
                 (hidden inputs {:?}, hidden outputs {:?}, listed results {:?}); `{}` itself is generated",
                hidden_in.iter().map(|(n, _)| n).collect::<Vec<_>>(),
                hidden_out,
                result_keys,
                p.method,
            );
            self.leave_out(p.file, p.span, format!("paginator of {}", p.name), msg);
            return None;
        }
        Some(Paginator {
            input_token,
            output_token: hidden_out,
            limit_key: limits.into_iter().next(),
            more_results: None,
            result_keys,
        })
    }

    /// The waiters the pages document, with acceptors from `overrides.toml` or `waiters-2.json`;
    /// a waiter without usable acceptors is left out with a warning (and listed in the model).
    fn lower_waiters(
        &mut self,
        pages: &[&WaiterPage],
        cli_waits: &[&CliPage],
        method_op: &BTreeMap<String, String>,
        bodies: &BTreeMap<String, (Vec<Field>, Vec<Field>)>,
    ) -> BTreeMap<String, Waiter> {
        let mut waiters = BTreeMap::new();
        for w in pages {
            let Some(op) = method_op.get(&w.method).cloned() else {
                let msg = format!("waiter `{}` polls `{}`, which has no client page", w.name, w.method);
                self.error(w.file, w.span, msg);
                continue;
            };
            self.check_api_waiter(w, &op);
            let table = self.overrides.waiters.get(&w.name).or_else(|| self.waiter_tables.get(&w.name));
            let Some((acceptors, file, span)) = table.cloned() else {
                let why = "the pages do not say which answers end it, and neither the service model's waiters-2.json nor overrides.toml does";
                self.leave_out(w.file, w.span, format!("waiter {}", w.name), why.into());
                continue;
            };
            let output = bodies.get(&op).map(|(_, out)| out.as_slice()).unwrap_or_default();
            self.check_acceptors(&acceptors, output, &op, file, span);
            let waiter =
                Waiter { operation: op, delay: w.delay, max_attempts: w.max_attempts, docs: w.docs.clone(), acceptors };
            waiters.insert(w.name.clone(), waiter);
        }
        let documented: BTreeSet<String> = pages.iter().map(|w| w.name.to_ascii_lowercase()).collect();
        for c in cli_waits {
            self.check_cli_waiter(c, &waiters, &documented);
        }
        self.check_api_waiters_documented(pages);
        for (name, (_, file, span)) in self.overrides.waiters.clone() {
            if !pages.iter().any(|w| w.name == name) {
                self.error(file, span, format!("[waiters.{name}] describes a waiter the pages do not document"));
            }
        }
        waiters
    }

    /// Where boto3 did not render a section (`# This section is too large to render.`), the
    /// CLI page's members stand in: the same botocore model rendered by the other documenter,
    /// with exact widths. Top-level arguments are matched to the request syntax's wire names.
    fn untruncate(&mut self, op: &str, part: &OpParts<'_>, input: &mut Vec<Field>, output: &mut Vec<Field>) {
        let t = part.client.truncated;
        if !t.input && !t.output {
            return;
        }
        let Some(cli) = part.cli else {
            // No CLI page (the CLI has no command for an event-stream operation): the service
            // model, the other source, has every member.
            if let Some(api_op) = self.api.and_then(|a| a.operations.get(op)) {
                if t.input {
                    *input = api_op.input.clone();
                }
                if t.output {
                    *output = api_op.output.clone();
                }
                return;
            }
            let msg =
                format!("boto3 did not render all of `{op}` (too large) and there is no CLI page to read it from");
            self.error(part.client.file, part.client.span, msg);
            return;
        };
        if t.input {
            // The wire names come from the request syntax, or, where boto3 did not render that
            // either, from the service model's input.
            let mut names = part.client.request_names.clone();
            if names.is_empty() {
                let api_op = self.api.and_then(|a| a.operations.get(op));
                names = api_op.map_or(Vec::new(), |o| o.input.iter().filter_map(|f| f.name.clone()).collect());
            }
            *input = cli
                .input
                .iter()
                .filter_map(|f| {
                    let cname = norm(f.name.as_deref().unwrap_or_default());
                    let wire = names.iter().find(|n| norm(n) == cname)?;
                    let mut f = f.clone();
                    f.name = Some(wire.clone());
                    Some(f)
                })
                .collect();
        }
        if t.input {
            self.add_pagination_members(op, input);
        }
        if t.output {
            *output = cli.output.clone();
        }
        for f in input.iter_mut().chain(output.iter_mut()) {
            mark_width_known(f);
        }
    }

    /// A CLI page shows a paginated command's token and page size as `--starting-token` and
    /// `--page-size`, not as members: where it stands in for the whole input, the model's own
    /// members for them are added back.
    fn add_pagination_members(&self, op: &str, input: &mut Vec<Field>) {
        let Some(api) = self.api else { return };
        let (Some(paginator), Some(api_op)) = (api.paginators.get(op), api.operations.get(op)) else { return };
        let wanted = paginator.input_token.iter().chain(paginator.limit_key.iter());
        for name in wanted {
            let present = input.iter().any(|f| f.name.as_deref() == Some(name.as_str()));
            let member = api_op.input.iter().find(|f| f.name.as_deref() == Some(name.as_str()));
            if let (false, Some(m)) = (present, member) {
                input.push(m.clone());
            }
        }
    }

    /// Takes event-stream members out of an operation's top level: the awsJson client cannot
    /// read a stream of events. Each is a warning, a line in the crate docs and a note in the
    /// operation's docs (returned).
    fn leave_out_event_streams(&mut self, op: &str, side: &str, fields: &mut Vec<Field>, file: FileId) -> Vec<String> {
        let mut notes = Vec::new();
        let (streams, rest): (Vec<Field>, Vec<Field>) =
            std::mem::take(fields).into_iter().partition(|f| f.ty == DocType::EventStream);
        *fields = rest;
        for f in streams {
            let name = f.name.clone().unwrap_or_default();
            let why = "it is an event stream, which the generated client cannot read yet";
            self.leave_out(
                file,
                f.span,
                format!("member {name} of {op}{}", if side == "input" { "Input" } else { "Output" }),
                why.into(),
            );
            notes.push(format!(".. note::\n\n  The {side} member ``{name}`` is not generated: {why}."));
        }
        notes
    }

    /// Leaves `item` (`waiter StreamExists`) out of the model, with a warning at the place
    /// that documents it and a line in the model for the crate's docs.
    pub(super) fn leave_out(&mut self, file: FileId, span: Span, item: String, why: String) {
        self.diags.push(Diagnostic::warn(file, span, format!("{item} is left out: {why}")));
        self.left_out.insert(item, why);
    }

    /// Checks a waiter's acceptors against its operation's output: each path must be JMESPath
    /// naming only output members (an error otherwise).
    fn check_acceptors(
        &mut self,
        acceptors: &[super::waiters::Acceptor],
        output: &[Field],
        op: &str,
        file: FileId,
        span: Span,
    ) {
        use super::waiters::{check_argument, MatcherKind};
        for a in acceptors {
            if !matches!(a.matcher, MatcherKind::Path | MatcherKind::PathAll | MatcherKind::PathAny) {
                continue;
            }
            let arg = a.argument.as_deref().unwrap_or_default();
            if let Err(missing) = check_argument(arg, output) {
                self.error(file, span, format!("waiter path `{arg}`: {missing} in the output of `{op}`"));
            }
        }
    }

    /// A CLI `wait` page must match a boto3 waiter page (names compared without case: awscli
    /// writes `certificate-authority-csr-created` for `CertificateAuthorityCSRCreated`).
    fn check_cli_waiter(&mut self, c: &CliPage, waiters: &BTreeMap<String, Waiter>, documented: &BTreeSet<String>) {
        let name = naming::pascal(&heck::ToUpperCamelCase::to_upper_camel_case(c.command.as_str()));
        let lower = name.to_ascii_lowercase();
        if !documented.contains(&lower) {
            let msg = format!("the CLI documents waiter `{name}`, which has no boto3 waiter page");
            self.disagree(&name, c.file, c.span, msg);
            return;
        }
        let Some((wname, w)) = waiters.iter().find(|(n, _)| n.to_ascii_lowercase() == lower) else { return };
        let (delay, attempts) = c.waiter.unwrap_or_default();
        let op_ok = c.operation.as_deref() == Some(w.operation.as_str());
        if !op_ok || w.delay != delay || w.max_attempts != attempts {
            let msg = format!(
                "the CLI says waiter `{wname}` polls {} every {delay} s at most {attempts} times; boto3 says {} every {} s at most {} times",
                c.operation.as_deref().unwrap_or("?"),
                w.operation,
                w.delay,
                w.max_attempts
            );
            self.disagree(wname, c.file, c.span, msg);
        }
    }

    /// Merges an operation's top-level CLI fields into its boto3 fields.
    ///
    /// Both page families render one botocore model (see `model/pins.toml`), so a top-level
    /// member found on one side only is an awscli customisation, not a conflict: awscli hides
    /// paginator arguments, renames a few (`--task-output` for `output`), adds convenience ones
    /// (`cloudwatch put-metric-data --metric-name`) and hides the output of commands it runs
    /// itself (`ssm start-session`). boto3 stays the authority for which members exist; a renamed
    /// argument is paired with its member so that its width is still known.
    fn merge_top(&mut self, op: &str, side: &str, b: &mut [Field], c: &[Field], files: (FileId, FileId), input: bool) {
        let (b_file, cli_file) = files;
        let same = |bf: &Field, cname: &str| bf.name.as_deref().map(norm) == Some(norm(cname));
        let unmatched_b: Vec<usize> =
            (0..b.len()).filter(|&i| !c.iter().any(|cf| same(&b[i], cf.name.as_deref().unwrap_or("")))).collect();
        for cf in c {
            let cname = cf.name.clone().unwrap_or_default();
            let found = b.iter().position(|bf| same(bf, &cname)).or_else(|| {
                // A renamed argument ends with its member's name (`task-output`, `output`), and
                // exactly one unmatched member fits.
                let fits: Vec<usize> = unmatched_b
                    .iter()
                    .copied()
                    .filter(|&i| b[i].ty == cf.ty || cf.ty == DocType::Long || cf.ty == DocType::Double)
                    .filter(|&i| b[i].name.as_deref().is_some_and(|n| norm(&cname).ends_with(&norm(n))))
                    .collect();
                (fits.len() == 1).then(|| fits[0])
            });
            let found = found.or_else(|| self.boto3_alias(op, side, b, &unmatched_b, cf, &cname));
            let Some(bi) = found else { continue };
            let bf = &mut b[bi];
            let path = format!("{op}.{side}.{}", bf.name.clone().unwrap_or_default());
            // awscli replaces some arguments with its own (`rekognition compare-faces
            // --source-image-bytes` makes `--source-image` optional; `datapipeline
            // --parameter-values` takes a string): an argument whose required flag or type is
            // not the member's is awscli's, and tells nothing about the member.
            if input && (bf.required != cf.required || !compatible(bf.ty, cf.ty)) {
                continue;
            }
            self.merge(&path, bf, cf, b_file, cli_file);
        }
    }

    /// botocore documents a few parameters under another name than the wire's (logs
    /// `CreateExportTask` `fromTime` for `from`, since `from` is a Python keyword): the alias
    /// extends the real name, which the CLI page shows. The member takes the wire name (in the
    /// alias's letter case) and keeps a line saying what boto3 calls it.
    /// A member the service model has under boto3's name is no alias (EC2's `CidrIp`, beside
    /// awscli's own `--cidr`).
    fn boto3_alias(
        &self,
        op: &str,
        side: &str,
        b: &mut [Field],
        unmatched: &[usize],
        cf: &Field,
        cname: &str,
    ) -> Option<usize> {
        let modeled = self.api_operation(op).map(|(_, o)| if side == "input" { &o.input } else { &o.output });
        let in_model = |n: &str| modeled.is_some_and(|fs| fs.iter().any(|f| f.name.as_deref() == Some(n)));
        let fits: Vec<usize> = unmatched
            .iter()
            .copied()
            .filter(|&i| compatible(b[i].ty, cf.ty))
            .filter(|&i| !b[i].name.as_deref().is_some_and(in_model))
            .filter(|&i| {
                b[i].name.as_deref().is_some_and(|n| norm(n).starts_with(&norm(cname)) && norm(n) != norm(cname))
            })
            .collect();
        let [i] = fits[..] else { return None };
        let alias = b[i].name.clone().unwrap_or_default();
        let camel = heck::ToLowerCamelCase::to_lower_camel_case(cname);
        let wire = if alias.starts_with(|c: char| c.is_ascii_uppercase()) { naming::pascal(&camel) } else { camel };
        b[i].docs = format!("{}\n\nboto3 calls this parameter ``{alias}``.", b[i].docs).trim_start().to_string();
        b[i].name = Some(wire);
        Some(i)
    }

    /// Refines a boto3 field with what the CLI says of the same member.
    fn merge(&mut self, path: &str, b: &mut Field, c: &Field, b_file: FileId, cli_file: FileId) {
        if c.recursive && c.children.is_empty() {
            return; // The CLI renderer stopped here: nothing to compare.
        }
        if stopped_dict(b) && c.ty == DocType::Map {
            b.ty = DocType::Map; // boto3 stopped at a recursion: its `dict` is a map here.
        }
        if !compatible(b.ty, c.ty) {
            self.disagree(
                path,
                cli_file,
                c.ty_span,
                format!("the CLI page says `{}` is {:?}, the boto3 page says {:?}", tail(path), c.ty, b.ty),
            );
            return;
        }
        if matches!(c.ty, DocType::Long | DocType::Double) {
            b.ty = c.ty;
        }
        b.width_known = true;
        if c.ty == DocType::Union {
            b.union = true;
        }
        if b.recursive || c.recursive {
            return;
        }
        if let (Some(cv), None) = (&c.enum_values, &b.enum_values) {
            // boto3 shows an enum-keyed map's key as `'string'`; the CLI page lists its values.
            if b.role == Role::Key {
                b.enum_values = Some(cv.clone());
            }
        }
        if let Some(cv) = &c.enum_values {
            let cs: BTreeSet<&String> = cv.iter().collect();
            let bs: BTreeSet<&String> = b.enum_values.iter().flatten().collect();
            if cs != bs {
                let only_cli: Vec<&&String> = cs.difference(&bs).collect();
                let only_b3: Vec<&&String> = bs.difference(&cs).collect();
                let msg = format!(
                    "enum values of `{}` differ: only in the CLI page {only_cli:?}, only in boto3 {only_b3:?}",
                    tail(path)
                );
                self.disagree(path, cli_file, c.span, msg);
            }
        }
        match b.ty {
            DocType::Structure | DocType::Union => {
                if c.children.is_empty() && !b.children.is_empty() {
                    return; // The CLI renderer stops expanding inside recursive shapes.
                }
                for cc in &c.children {
                    let name = cc.name.clone().unwrap_or_default();
                    let child_path = format!("{path}.{name}");
                    match b.children.iter_mut().find(|x| x.name.as_deref() == Some(name.as_str())) {
                        Some(bc) => self.merge(&child_path, bc, cc, b_file, cli_file),
                        None => self.disagree(
                            &child_path,
                            cli_file,
                            cc.span,
                            format!("the CLI page has member `{name}`, which the boto3 page lacks"),
                        ),
                    }
                }
                for bc in &b.children {
                    let name = bc.name.clone().unwrap_or_default();
                    if bc.recursive || c.children.iter().any(|x| x.name.as_deref() == Some(name.as_str())) {
                        continue;
                    }
                    if path.split('.').nth(1) == Some("input") {
                        // awscli moves some input members into arguments of their own
                        // (`translate import-terminology --data-file` for `TerminologyData.File`).
                        continue;
                    }
                    let child_path = format!("{path}.{name}");
                    let msg = format!(
                        "the boto3 page has member `{name}` of `{}`, which the CLI page ({}) lacks",
                        tail(path),
                        self.file_name(cli_file)
                    );
                    self.disagree(&child_path, b_file, bc.span, msg);
                }
            }
            DocType::List => {
                if let (Some(bi), Some(ci)) = (b.children.first_mut(), c.children.first()) {
                    self.merge(&format!("{path}[]"), bi, ci, b_file, cli_file);
                }
            }
            DocType::Map if b.children.len() == 2 && c.children.len() == 2 => {
                let (bk, bv) = b.children.split_at_mut(1);
                self.merge(&format!("{path}{{key}}"), &mut bk[0], &c.children[0], b_file, cli_file);
                self.merge(&format!("{path}{{}}"), &mut bv[0], &c.children[1], b_file, cli_file);
            }
            _ => {}
        }
    }

    fn convert_members(
        &mut self,
        op: &str,
        side: &str,
        fields: &mut [Field],
        file: FileId,
        input_side: bool,
    ) -> Vec<NMember> {
        self.slots.clear();
        let mut stack = Vec::new();
        let parent = Parent::Op(op.to_string());
        let first = self.arena.len();
        let mut members: Vec<NMember> = fields
            .iter_mut()
            .map(|f| self.convert_member(f, &parent, &format!("{op}.{side}"), file, input_side, &mut stack))
            .collect();
        // Recursive members point at slots of this side; swap in the slots' types.
        for m in &mut members {
            self.resolve(&mut m.ty, 0);
        }
        for n in first..self.arena.len() {
            let mut kind = std::mem::replace(&mut self.arena[n].kind, NodeKind::Enum(Vec::new()));
            if let NodeKind::Struct { members, .. } = &mut kind {
                for m in members {
                    self.resolve(&mut m.ty, 0);
                }
            }
            self.arena[n].kind = kind;
        }
        members
    }

    fn convert_member(
        &mut self,
        f: &mut Field,
        parent: &Parent,
        owner_path: &str,
        file: FileId,
        input_side: bool,
        stack: &mut Vec<Frame>,
    ) -> NMember {
        let name = f.name.clone().unwrap_or_default();
        let path = format!("{owner_path}.{name}");
        let mut ty = self.convert_in_slot(f, parent, &path, &naming::pascal(&name), file, input_side, stack);
        // JSON text botocore decodes in answers is a document there; an input sends the string.
        if f.wire.json_text.is_some() {
            if input_side {
                f.wire.json_text = None;
            } else {
                ty = Ty::Prim(TypeRef::Document);
            }
        }
        NMember {
            name,
            ty,
            // The client fills an idempotency token or a defaulted member the caller leaves
            // out, so it is optional.
            required: f.required == Some(true) && !f.idempotency_token && f.client_default.is_none(),
            idempotency_token: f.idempotency_token,
            client_default: f.client_default.clone(),
            sensitive: f.sensitive,
            deprecated: f.deprecated.clone(),
            constraints: f.constraints.clone(),
            wire: f.wire.clone(),
            docs: std::mem::take(&mut f.docs),
        }
    }

    /// A member, list item or map value, converted on the stack of enclosing types so that a
    /// recursion marker below it can point back at it (DynamoDB `AttributeValue`, the item of
    /// `Parameters[]`, holds `M{}` values that are `AttributeValue`s).
    #[allow(clippy::too_many_arguments)]
    fn convert_in_slot(
        &mut self,
        f: &mut Field,
        parent: &Parent,
        path: &str,
        base: &str,
        file: FileId,
        input_side: bool,
        stack: &mut Vec<Frame>,
    ) -> Ty {
        let slot = self.slots.len();
        self.slots.push(None);
        stack.push((f.name.clone().unwrap_or_default(), f.ty, slot, f.shape.clone()));
        let ty = self.convert_ty(f, parent, path, base, file, input_side, stack);
        stack.pop();
        self.slots[slot] = Some(ty.clone());
        ty
    }

    #[allow(clippy::too_many_arguments)]
    fn convert_ty(
        &mut self,
        f: &mut Field,
        parent: &Parent,
        path: &str,
        base: &str,
        file: FileId,
        input_side: bool,
        stack: &mut Vec<Frame>,
    ) -> Ty {
        if f.recursive {
            let name = f.name.as_deref().unwrap_or_default();
            // The innermost enclosing member (not this one) of the same name, else of the same kind.
            let outer = &stack[..stack.len().saturating_sub(1)];
            // The model names the shape, which settles it.
            // The model names the shape, which settles it where it names an enclosing one; the
            // pages may stop a level early (wafv2 `NotStatement` inside `Statement`).
            let by_shape =
                f.shape.as_ref().and_then(|shape| outer.iter().rev().find(|fr| fr.3.as_ref() == Some(shape)));
            let found = by_shape.or_else(|| {
                outer
                    .iter()
                    .rev()
                    .find(|(n, t, _, _)| n == name && *t == f.ty)
                    .or_else(|| outer.iter().rev().find(|(_, t, _, _)| *t == f.ty))
            });
            return match found {
                Some((_, _, slot, _)) => Ty::Pending(*slot),
                None => {
                    self.error(
                        file,
                        f.span,
                        format!("`{path}` is marked recursive, but no enclosing member has its type ({:?})", f.ty),
                    );
                    Ty::Prim(TypeRef::Document)
                }
            };
        }
        match f.ty {
            DocType::String => match &f.enum_values {
                Some(values) => self.new_node(NodeKind::Enum(values.clone()), f, parent, path, base, file, input_side),
                None => Ty::Prim(TypeRef::String),
            },
            // Where no page told the width, the wider type: it reads every value the narrower
            // one would, while guessing narrow would lose data.
            DocType::Integer if !f.width_known => Ty::Prim(TypeRef::Long),
            DocType::Float if !f.width_known => Ty::Prim(TypeRef::Double),
            DocType::Integer => Ty::Prim(TypeRef::Integer),
            DocType::Long => Ty::Prim(TypeRef::Long),
            DocType::Float => Ty::Prim(TypeRef::Float),
            DocType::Double => Ty::Prim(TypeRef::Double),
            DocType::Boolean => Ty::Prim(TypeRef::Boolean),
            DocType::Timestamp => Ty::Prim(TypeRef::Timestamp),
            DocType::Blob => Ty::Prim(TypeRef::Blob),
            DocType::BlobOrFile | DocType::StreamingBody => Ty::Prim(TypeRef::Stream),
            DocType::EventStream => Ty::Prim(TypeRef::EventStream),
            DocType::Document => Ty::Prim(TypeRef::Document),
            DocType::Dict | DocType::Structure | DocType::Union => {
                let id = self.arena.len();
                let placeholder = NodeKind::Struct { members: Vec::new(), union: f.union || f.ty == DocType::Union };
                let ty = self.new_node(placeholder, f, parent, path, base, file, input_side);
                let me = Parent::Group(id);
                let members: Vec<NMember> =
                    f.children.iter_mut().map(|c| self.convert_member(c, &me, path, file, input_side, stack)).collect();
                if let NodeKind::Struct { members: m, .. } = &mut self.arena[id].kind {
                    *m = members;
                }
                ty
            }
            DocType::List => {
                let span = f.span;
                let Some(item) = f.children.first_mut() else {
                    self.error(file, span, format!("list `{path}` documents no item type"));
                    return Ty::List(Box::new(Ty::Prim(TypeRef::Document)));
                };
                let ib = naming::item_base(base);
                let it = self.convert_in_slot(item, parent, &format!("{path}[]"), &ib, file, input_side, stack);
                Ty::List(Box::new(it))
            }
            DocType::Map => {
                let roles: Vec<Role> = f.children.iter().map(|c| c.role).collect();
                let [k, v] = &mut f.children[..] else {
                    self.error(file, f.span, format!("map `{path}` does not document both its key and its value"));
                    return Ty::Prim(TypeRef::Document);
                };
                if roles != [Role::Key, Role::Value] {
                    self.error(file, k.span, format!("map `{path}` should list its key, then its value"));
                    return Ty::Prim(TypeRef::Document);
                }
                let vb = naming::singular_name(base);
                let vb = if vb == base { format!("{base}Value") } else { vb };
                let kt = self.convert_ty(
                    k,
                    parent,
                    &format!("{path}{{key}}"),
                    &format!("{}Key", naming::singular_name(base)),
                    file,
                    input_side,
                    stack,
                );
                let vt = self.convert_in_slot(v, parent, &format!("{path}{{}}"), &vb, file, input_side, stack);
                Ty::Map(Box::new(kt), Box::new(vt))
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn new_node(
        &mut self,
        kind: NodeKind,
        f: &mut Field,
        parent: &Parent,
        path: &str,
        base: &str,
        file: FileId,
        input_side: bool,
    ) -> Ty {
        self.arena.push(Node {
            kind,
            docs: f.docs.clone(),
            site: path.to_string(),
            parent: parent.clone(),
            base: base.to_string(),
            input_side,
            model_name: f.shape.as_deref().map(naming::model_shape_name),
            file,
            span: f.span,
        });
        Ty::Node(self.arena.len() - 1)
    }

    /// Groups shape occurrences that are structurally identical: same members with the same
    /// types, or the same enum values. Required flags are known on input pages only; input
    /// occurrences that differ in them stay apart, and output occurrences join the first input
    /// group of their structure.
    fn group(&self) -> (Vec<usize>, Vec<Vec<usize>>) {
        let n = self.arena.len();
        let mut memo: Vec<Option<String>> = vec![None; n];
        let mut intern: BTreeMap<String, usize> = BTreeMap::new();
        let mut stack = Vec::new();
        for id in 0..n {
            if memo[id].is_none() {
                self.key(id, &mut stack, &mut memo, &mut intern);
            }
        }
        let mut by_key: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
        for (id, node) in self.arena.iter().enumerate() {
            let req = match &node.kind {
                NodeKind::Struct { members, .. } if node.input_side => {
                    members.iter().map(|m| if m.required { '1' } else { '0' }).collect()
                }
                NodeKind::Struct { .. } => "?".to_string(),
                NodeKind::Enum(_) => "-".to_string(),
            };
            // Occurrences of one model shape are one shape, however the pages rendered them.
            let key = match &node.model_name {
                Some(name) => (format!("={name}"), "-".to_string()),
                None => (memo[id].clone().unwrap_or_default(), req),
            };
            by_key.entry(key).or_default().push(id);
        }
        let unknown: Vec<(String, String)> = by_key.keys().filter(|(_, r)| r == "?").cloned().collect();
        for k in unknown {
            let target = by_key.keys().find(|(s, r)| *s == k.0 && r != "?").cloned();
            if let Some(t) = target {
                let moved = by_key.remove(&k).unwrap_or_default();
                by_key.entry(t).or_default().extend(moved);
            }
        }
        let mut group_of = vec![0; n];
        let mut groups = Vec::new();
        for (_, mut ids) in by_key {
            ids.sort_unstable();
            for &i in &ids {
                group_of[i] = groups.len();
            }
            groups.push(ids);
        }
        (group_of, groups)
    }

    /// A structural key for a node: `#n`, where equal `n` means identical structure.
    fn key(
        &self,
        id: usize,
        stack: &mut Vec<usize>,
        memo: &mut Vec<Option<String>>,
        intern: &mut BTreeMap<String, usize>,
    ) -> String {
        if let Some(pos) = stack.iter().rposition(|&s| s == id) {
            return format!("^{}", stack.len() - pos);
        }
        if let Some(k) = &memo[id] {
            return k.clone();
        }
        stack.push(id);
        let body = match &self.arena[id].kind {
            NodeKind::Enum(values) => format!("E({})", values.join("|")),
            NodeKind::Struct { members, union } => {
                // Wire facts are part of a shape's identity: the same members written
                // differently are two shapes.
                let parts: Vec<String> = members
                    .iter()
                    .map(|m| {
                        let wire = if m.wire.is_plain() { String::new() } else { format!("@{:?}", m.wire) };
                        format!("{}:{}{wire}", m.name, self.ty_key(&m.ty, stack, memo, intern))
                    })
                    .collect();
                format!("S{}({})", if *union { "u" } else { "" }, parts.join(","))
            }
        };
        stack.pop();
        let next = intern.len();
        let k = format!("#{}", *intern.entry(body).or_insert(next));
        memo[id] = Some(k.clone());
        k
    }

    fn ty_key(
        &self,
        t: &Ty,
        stack: &mut Vec<usize>,
        memo: &mut Vec<Option<String>>,
        intern: &mut BTreeMap<String, usize>,
    ) -> String {
        match t {
            Ty::Prim(p) => p.to_string(),
            Ty::List(i) => format!("[{}]", self.ty_key(i, stack, memo, intern)),
            Ty::Map(k, v) => {
                format!("{{{}:{}}}", self.ty_key(k, stack, memo, intern), self.ty_key(v, stack, memo, intern))
            }
            Ty::Node(n) => self.key(*n, stack, memo, intern),
            Ty::Pending(_) => "?".to_string(),
        }
    }

    /// Applies `[names]` from overrides.toml: the group used at each path takes that name.
    fn apply_pins(&mut self, group_of: &[usize], infos: &mut [GroupInfo]) {
        let Some(file) = self.overrides.file else { return };
        let mut by_name: BTreeMap<String, usize> = BTreeMap::new();
        let pins: Vec<(String, super::overrides::Entry)> =
            self.overrides.names.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        for (path, entry) in pins {
            let valid = entry.value.starts_with(|c: char| c.is_ascii_uppercase())
                && entry.value.chars().all(|c| c.is_ascii_alphanumeric());
            if !valid {
                self.error(file, entry.span, format!("`{}` is not a PascalCase type name", entry.value));
                continue;
            }
            let Some(node) = self.arena.iter().position(|n| n.site == path) else {
                self.error(
                    file,
                    entry.span,
                    format!("no shape is used at `{path}`: the path names no structure or enum"),
                );
                continue;
            };
            let g = group_of[node];
            if let Some(prev) = &infos[g].pinned {
                if *prev != entry.value {
                    let msg = format!("the shape at `{path}` is pinned twice, as `{prev}` and as `{}`", entry.value);
                    self.error(file, entry.span, msg);
                    continue;
                }
            }
            if let Some(&other) = by_name.get(&entry.value) {
                if other != g {
                    self.error(file, entry.span, format!("`{}` is pinned for two different shapes", entry.value));
                    continue;
                }
            }
            by_name.insert(entry.value.clone(), g);
            infos[g].pinned = Some(entry.value);
        }
    }

    /// Replaces recursion slots with the types of the members they point at.
    fn resolve(&self, t: &mut Ty, depth: usize) {
        match t {
            Ty::Pending(s) => {
                if let Some(Some(target)) = self.slots.get(*s) {
                    let mut target = target.clone();
                    if depth < 8 {
                        self.resolve(&mut target, depth + 1);
                    }
                    *t = target;
                }
            }
            Ty::List(i) => self.resolve(i, depth),
            Ty::Map(k, v) => {
                self.resolve(k, depth);
                self.resolve(v, depth);
            }
            Ty::Prim(_) | Ty::Node(_) => {}
        }
    }
}

fn page_file(p: &Page) -> FileId {
    match p {
        Page::Client(c) => c.file,
        Page::Paginator(c) => c.file,
        Page::Waiter(c) => c.file,
        Page::Cli(c) => c.file,
    }
}

fn tail(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// A boto3 `(dict)` where the documenter stopped at a recursion (`{'... recursive ...'}`): it
/// says nothing of whether it is a structure or a map.
pub(crate) fn stopped_dict(f: &Field) -> bool {
    f.ty == DocType::Structure && f.children.is_empty() && f.recursive
}
