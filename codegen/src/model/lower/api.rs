//! Pages against the service model (`botocore/service-2.json`): every member the pages document
//! is checked against the model, and what only the model knows is copied onto the page's field:
//! the shape's name, exact widths, sensitivity, deprecation, map-key enums. A difference is a
//! disagreement, located and overridable like one between page families.

use std::collections::{BTreeMap, BTreeSet};

use super::{norm, tail, Lowerer, NMember};
use crate::botocore::{Api, ApiOperation};
use crate::model::{Location, Paginator, Wire};
use crate::source::FileId;
use crate::syntax::{ClientPage, DocType, Field, Role, WaiterPage};

/// Whether a page's type can describe a member the model types so.
fn compatible(page: DocType, model: DocType) -> bool {
    use DocType::*;
    match (page, model) {
        (x, y) if x == y => true,
        (Integer, Long) | (Long, Integer) | (Float, Double) | (Double, Float) => true,
        (Structure, Union) | (Union, Structure) => true,
        (BlobOrFile | Blob, StreamingBody) | (StreamingBody, Blob) => true,
        (Structure, EventStream) => true,
        _ => false,
    }
}

impl<'a> Lowerer<'a, '_> {
    /// Checks the operations the pages document against the model's list.
    pub(super) fn check_api_operations(&mut self, documented: &BTreeSet<String>) {
        let Some(api) = self.api else { return };
        for op in documented {
            if !api.operations.contains_key(op) {
                let msg = format!("the pages document operation `{op}`, which the service model does not have");
                self.disagree(op, api.file, Default::default(), msg);
            }
        }
        for (op, o) in &api.operations {
            // boto3 does not document what it cannot call: an operation that sends a stream of
            // events (bidirectional streaming). The crate leaves it out too, and says so.
            if !documented.contains(op) && o.input.iter().any(|f| f.ty == DocType::EventStream) {
                let why = "it sends an event stream, which neither boto3 nor the generated client can do yet";
                self.leave_out(api.file, o.span, format!("operation {op}"), why.into());
                continue;
            }
            if !documented.contains(op) {
                let msg = format!("the service model has operation `{op}`, which the pages do not document");
                self.disagree(op, api.file, o.span, msg);
            }
        }
    }

    /// Checks a waiter page against `waiters-2.json`: the same operation, delay and attempts.
    /// (Its acceptors come from the model; no page carries them.)
    pub(super) fn check_api_waiter(&mut self, w: &WaiterPage, op: &str) {
        let Some((file, waiters)) = self.api.and_then(|a| a.waiters.as_ref()) else { return };
        let path = format!("waiters.{}", w.name);
        let Some(m) = waiters.get(&w.name) else {
            let msg = format!("the pages document waiter `{}`, which the service model does not have", w.name);
            self.disagree(&path, *file, Default::default(), msg);
            return;
        };
        let (page, model) = ((op, w.delay, w.max_attempts), (m.operation.as_str(), m.delay, m.max_attempts));
        if page != model {
            let msg = format!(
                "waiter `{}` polls `{}` every {} s at most {} times in the service model, `{}` every {} s at most {} times in the pages",
                w.name, model.0, model.1, model.2, page.0, page.1, page.2
            );
            self.disagree(&path, *file, m.span, msg);
        }
    }

    /// Every waiter of `waiters-2.json` must have a page (a build from the model alone makes
    /// its pages from the model).
    pub(super) fn check_api_waiters_documented(&mut self, pages: &[&WaiterPage]) {
        let Some((file, waiters)) = self.api.and_then(|a| a.waiters.as_ref()) else { return };
        for (name, m) in waiters {
            if !pages.iter().any(|w| &w.name == name) {
                let msg = format!("the service model has waiter `{name}`, which the pages do not document");
                self.disagree(&format!("waiters.{name}"), *file, m.span, msg);
            }
        }
    }

    /// The model's side of one operation, when there is a model.
    pub(super) fn api_operation(&self, op: &str) -> Option<(&'a Api, &'a ApiOperation)> {
        let api = self.api?;
        api.operations.get(op).map(|o| (api, o))
    }

    /// Whether botocore's handlers hide this model member of the operation at `path`
    /// (`Op.input`) from boto3's pages: S3 cannot accept a `ContentMD5` for these operations.
    fn botocore_hides(&self, path: &str, member: &str) -> bool {
        const S3_NO_CONTENT_MD5: &[&str] = &[
            "DeleteObjects",
            "PutBucketAcl",
            "PutBucketCors",
            "PutBucketLifecycle",
            "PutBucketLogging",
            "PutBucketNotification",
            "PutBucketPolicy",
            "PutBucketReplication",
            "PutBucketRequestPayment",
            "PutBucketTagging",
            "PutBucketVersioning",
            "PutBucketWebsite",
            "PutObjectAcl",
        ];
        let op = path.strip_suffix(".input").unwrap_or("");
        self.endpoint_prefix == "s3" && member == "ContentMD5" && S3_NO_CONTENT_MD5.contains(&op)
    }

    /// Whether `f` is a member botocore's handlers add to an answer, which the model lacks; if
    /// so, it takes its wire facts here. S3's `ExpiresString` (`handle_expires_header`): the
    /// `Expires` header as sent, beside `Expires` itself, which is left unset where the header
    /// is not a date.
    fn botocore_adds(&self, path: &str, f: &mut Field) -> bool {
        let expires = matches!(path, "GetObject.output" | "HeadObject.output");
        if self.endpoint_prefix != "s3" || !expires || f.name.as_deref() != Some("ExpiresString") {
            return false;
        }
        f.wire = Wire { location: Location::Header, wire_name: Some("Expires".into()), ..Wire::default() };
        true
    }

    /// Where botocore decodes a string of JSON in answers and boto3 documents it as a `dict` (see
    /// [`crate::model::Wire::json_text`]), the page's field is the string the wire carries, so
    /// that the CLI page and the model agree with it; the lowering makes the output's a document
    /// again. boto3 documents IAM's policy inputs as `dict` too, though botocore sends them as
    /// the strings they are.
    pub(super) fn undo_dict_docs(&self, op: &str, side: &str, page: &mut [Field]) {
        fn walk(page: &mut [Field], model: &[Field]) {
            for f in page {
                let Some(m) = model.iter().find(|m| m.name == f.name && m.role == f.role) else { continue };
                if m.wire.json_text.is_some() && f.ty == DocType::Structure && f.children.is_empty() {
                    f.ty = DocType::String;
                    // The substituted documentation drops `[REQUIRED]` too.
                    f.required = f.required.map(|_| m.required.unwrap_or(false));
                    continue;
                }
                match (f.ty, m.ty) {
                    (DocType::Structure, DocType::Structure) => walk(&mut f.children, &m.children),
                    // An item or map value: matched by role, as neither has a name.
                    (DocType::List, DocType::List) | (DocType::Map, DocType::Map) => walk(&mut f.children, &m.children),
                    _ => {}
                }
            }
        }
        let Some((_, o)) = self.api_operation(op) else { return };
        walk(page, if side == "input" { &o.input } else { &o.output });
    }

    /// Merges the model's members of one side of an operation into the page's.
    pub(super) fn merge_api_side(&mut self, op: &str, side: &str, page: &mut [Field], page_file: FileId) {
        let Some((api, o)) = self.api_operation(op) else { return };
        let model = if side == "input" { &o.input } else { &o.output };
        let files = (page_file, api.file);
        self.merge_api_members(&format!("{op}.{side}"), page, model, files, &mut Walk::default());
    }

    fn merge_api_members<'m>(
        &mut self,
        path: &str,
        page: &mut [Field],
        model: &'m [Field],
        files: (FileId, FileId),
        walk: &mut Walk<'m>,
    ) {
        let (page_file, api_file) = files;
        for m in model {
            let name = m.name.clone().unwrap_or_default();
            let at = format!("{path}.{name}");
            match page.iter_mut().find(|f| f.name.as_deref() == Some(name.as_str())) {
                Some(f) => self.merge_api_field(&at, f, m, files, walk),
                // Past a recursion the pages stop where their documenter did, not the model.
                None if walk.beyond_recursion => {}
                None if self.botocore_hides(path, &name) => {
                    let why = "botocore hides it from this operation, which cannot accept it \
                               (`HideParamFromOperations` in botocore's handlers)";
                    let owner = path.replacen(".input", "Input", 1);
                    self.leave_out(api_file, m.span, format!("member {name} of {owner}"), why.into());
                }
                None => {
                    let msg =
                        format!("the service model has member `{name}` of `{}`, which the pages lack", tail(path));
                    self.disagree(&at, api_file, m.span, msg);
                }
            }
        }
        for f in page.iter_mut() {
            let name = f.name.clone().unwrap_or_default();
            if self.botocore_adds(path, f) {
                continue;
            }
            if !model.iter().any(|m| m.name.as_deref() == Some(name.as_str())) {
                // A member boto3 documents under an alias already took its wire name from the
                // CLI page; one whose spelling only differs in case is the model's.
                let msg =
                    format!("the pages document member `{name}` of `{}`, which the service model lacks", tail(path));
                let near = model.iter().any(|m| norm(m.name.as_deref().unwrap_or_default()) == norm(&name));
                let msg = if near { format!("{msg} (it has a member spelt differently)") } else { msg };
                self.disagree(&format!("{path}.{name}"), page_file, f.span, msg);
            }
        }
    }

    /// One member, list item or map entry: the page's field takes the model's facts.
    fn merge_api_field<'m>(
        &mut self,
        path: &str,
        f: &mut Field,
        m: &'m Field,
        files: (FileId, FileId),
        walk: &mut Walk<'m>,
    ) {
        let (_, api_file) = files;
        if super::stopped_dict(f) && m.ty == DocType::Map {
            f.ty = DocType::Map; // boto3 stopped at a recursion: its `dict` is a map here.
        }
        if !compatible(f.ty, m.ty) {
            let msg = format!("the service model says `{}` is {:?}, the pages say {:?}", tail(path), m.ty, f.ty);
            self.disagree(path, api_file, m.span, msg);
            return;
        }
        self.adopt_api_facts(path, f, m, api_file, walk.beyond_recursion);
        // Where the model stopped at a recursion, the page may go on: compare against the
        // enclosing expansion of the same shape.
        let was_beyond = walk.beyond_recursion;
        let m = match (m.recursive, &m.shape) {
            (true, Some(shape)) => match walk.stack.iter().rev().find(|s| s.shape.as_ref() == Some(shape)) {
                Some(outer) => {
                    walk.beyond_recursion = true;
                    *outer
                }
                None => return,
            },
            _ => m,
        };
        if f.recursive {
            walk.beyond_recursion = was_beyond;
            return;
        }
        if m.shape.is_some() && m.ty != DocType::String {
            walk.stack.push(m);
        }
        match m.ty {
            DocType::Structure | DocType::Union => {
                self.merge_api_members(path, &mut f.children, &m.children, files, walk)
            }
            DocType::List => {
                if let (Some(fi), Some(mi)) = (f.children.first_mut(), m.children.first()) {
                    self.merge_api_field(&format!("{path}[]"), fi, mi, files, walk);
                }
            }
            DocType::Map if f.children.len() == 2 && m.children.len() == 2 => {
                let (fk, fv) = f.children.split_at_mut(1);
                self.merge_api_field(&format!("{path}{{key}}"), &mut fk[0], &m.children[0], files, walk);
                self.merge_api_field(&format!("{path}{{}}"), &mut fv[0], &m.children[1], files, walk);
            }
            _ => {}
        }
        if m.shape.is_some() && m.ty != DocType::String {
            walk.stack.pop();
        }
        walk.beyond_recursion = was_beyond;
    }

    /// The facts only the model has, and the checks of those both have.
    fn adopt_api_facts(&mut self, path: &str, f: &mut Field, m: &Field, api_file: FileId, beyond_recursion: bool) {
        if matches!(m.ty, DocType::Integer | DocType::Long | DocType::Float | DocType::Double) {
            f.ty = m.ty;
        }
        f.width_known = true;
        f.union |= m.union;
        f.shape = m.shape.clone();
        f.shape_docs = m.shape_docs.clone();
        f.sensitive = m.sensitive;
        f.deprecated = m.deprecated.clone();
        f.constraints = m.constraints.clone();
        f.wire = m.wire.clone();
        // The pages say `[REQUIRED]` of input members only.
        let input = path.split('.').nth(1) == Some("input");
        // boto3 drops `[REQUIRED]` from a member that holds a recursion (arc-region-switch
        // `parallelConfig.steps`, a list of the enclosing step): the model says.
        let holds_recursion = f.recursive || f.children.iter().any(|c| c.recursive && c.role != Role::Member);
        if input && (beyond_recursion || holds_recursion) {
            f.required = m.required;
        } else if input && f.required == Some(!m.required.unwrap_or(false)) && f.client_default.is_none() {
            let msg = format!(
                "the service model says `{}` is {}, the pages say otherwise",
                tail(path),
                if m.required == Some(true) { "required" } else { "optional" }
            );
            self.disagree(path, api_file, m.span, msg);
        }
        // An idempotency token means something only in an input (macie2 marks an output's
        // `clientToken` too, which boto3 rightly ignores).
        let token = input && m.idempotency_token;
        if f.idempotency_token != token && f.role == Role::Member {
            let msg = format!(
                "the service model {} `{}` an idempotency token, the pages {}",
                if token { "makes" } else { "does not make" },
                tail(path),
                if f.idempotency_token { "do" } else { "do not" }
            );
            self.disagree(path, api_file, m.span, msg);
        }
        f.idempotency_token = token;
        match (&f.enum_values, &m.enum_values) {
            // The page says only `string` (boto3 shows an enum-keyed map's key as `'string'`; a
            // CLI page standing in for a truncated section lists no values): the model knows.
            (None, Some(v)) => f.enum_values = Some(v.clone()),
            (a, b) if a.as_deref().map(sorted) != b.as_deref().map(sorted) => {
                let msg = format!(
                    "enum values of `{}` differ: the service model has {:?}, the pages {:?}",
                    tail(path),
                    b.as_deref().unwrap_or_default(),
                    a.as_deref().unwrap_or_default()
                );
                self.disagree(path, api_file, m.span, msg);
            }
            _ => {}
        }
    }

    /// The model's paginator for an operation, checked against the one inferred from the
    /// paginator page (if any). `None`: the model has none.
    pub(super) fn api_paginator(&mut self, op: &str, inferred: Option<&Paginator>, file: FileId) -> Option<Paginator> {
        // A paginator whose tokens are not single top-level members (`odd_paginators`) is the
        // page inference's to judge; it was left out with a warning if the pages document it.
        let p = self.api?.paginators.get(op)?;
        if let Some(i) = inferred {
            if (&i.input_token, &i.output_token) != (&p.input_token, &p.output_token) {
                let msg = format!(
                    "the paginator page of `{op}` shows tokens {:?}/{:?}, the service model {:?}/{:?}",
                    i.input_token, i.output_token, p.input_token, p.output_token
                );
                self.disagree(&format!("{op}.paginator"), file, Default::default(), msg);
            }
        }
        Some(p.clone())
    }
}

impl Lowerer<'_, '_> {
    /// An operation's modeled exceptions: the model's list, checked against the page's.
    pub(super) fn operation_errors(&mut self, op: &str, client: &ClientPage) -> Vec<String> {
        let mut page: Vec<String> = Vec::new();
        for e in &client.errors {
            if !page.contains(&e.name) {
                page.push(e.name.clone());
            }
        }
        let Some((api, o)) = self.api_operation(op) else { return page };
        // A page that lists no exception says nothing about them: boto3 before 1.2x wrote no
        // `**Exceptions**` section (SSM's boto3 1.12 pages), and today's write one whenever the
        // model lists any. Only a list that differs is a disagreement.
        let listed: Vec<String> = o.errors.iter().filter(|e| !o.errors_added.contains(e)).cloned().collect();
        if !page.is_empty() && sorted(&page) != sorted(&listed) {
            let msg = format!("the service model says `{op}` raises {:?}, the page {:?}", o.errors, page);
            self.disagree(&format!("{op}.errors"), api.file, o.span, msg);
        }
        o.errors.clone()
    }
}

/// Where the merge is in the model's tree: the structures being expanded, and whether it has
/// passed a recursion (the model's shape re-entered), below which the pages show what their
/// documenter chose to, and a member they lack is no disagreement.
#[derive(Default)]
struct Walk<'m> {
    stack: Vec<&'m Field>,
    beyond_recursion: bool,
}

impl Lowerer<'_, '_> {
    /// The members each modeled exception carries besides its message (which every error has),
    /// converted like an operation's output, so their shapes are named with the rest.
    /// The codes error answers carry where they are not the errors' names, for the protocols
    /// whose answers carry them and the JSON services that took over from awsQuery ones (see
    /// [`super::super::ServiceModel::error_codes`]).
    pub(super) fn error_codes(&self) -> BTreeMap<String, String> {
        use super::super::Protocol;
        let Some(api) = self.api else { return BTreeMap::new() };
        let query_codes = matches!(self.protocol, Protocol::AwsQuery | Protocol::Ec2Query | Protocol::RestXml);
        if !query_codes && !api.aws_query_compatible {
            return BTreeMap::new();
        }
        api.exceptions
            .iter()
            .filter_map(|(name, e)| e.code.as_ref().filter(|c| *c != name).map(|c| (name.clone(), c.clone())))
            .collect()
    }

    pub(super) fn convert_exceptions(&mut self) -> BTreeMap<String, (String, Vec<NMember>)> {
        let Some(api) = self.api else { return BTreeMap::new() };
        let mut out = BTreeMap::new();
        for (name, e) in &api.exceptions {
            let mut fields: Vec<Field> = e
                .members
                .iter()
                .filter(|f| !f.name.as_deref().unwrap_or_default().eq_ignore_ascii_case("message"))
                .cloned()
                .collect();
            if fields.is_empty() {
                continue;
            }
            fields.iter_mut().for_each(crate::botocore::docs_to_rst);
            let members = self.convert_members(name, "error", &mut fields, api.file, false);
            out.insert(name.clone(), (crate::botocore::html_to_rst(&e.docs), members));
        }
        out
    }
}

fn sorted(v: &[String]) -> Vec<String> {
    let mut v = v.to_vec();
    v.sort();
    v
}
