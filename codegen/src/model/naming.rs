//! Names for the shapes the pages leave anonymous.
//!
//! Each shape is seen at one or more use sites: a member, list item or map entry of an operation
//! or of another shape. A site proposes `join(context, base)`: the context is the parent shape's
//! name (or the operation's noun: `DescribeAssociationExecutions` → `AssociationExecution`), the
//! base comes from the member (`Filters[]` → `Filter`). A shape used under one base by several
//! parents may take the bare base (`AlarmConfiguration`, `Tag`) when no other such shape wants it.
//!
//! Names are resolved parents first, in waves; within a wave the shortest candidate wins and a
//! collision goes to the shape whose first use site sorts first, the other trying its next
//! candidate. Nothing depends on input order, and a shape's candidates depend only on its own
//! use sites, so adding an unrelated operation leaves existing names alone unless it collides.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;

/// Names generated code uses unqualified (prelude types and their variants): no shape may take one.
pub const RESERVED_TYPE_NAMES: &[&str] =
    &["String", "Option", "Vec", "Box", "Result", "Self", "Some", "None", "Ok", "Err"];

/// A service model's shape name as the model's: PascalCase (botocore's are, but for a few like
/// `__listOfString`), and `Value` appended to a name generated code reserves (glue `Option`,
/// codepipeline `Result`).
pub fn model_shape_name(name: &str) -> String {
    let name = pascal(name);
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        format!("{name}Value")
    } else {
        name
    }
}

/// Who uses a shape.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Parent {
    /// An operation's input or output, by operation name.
    Op(String),
    /// Another shape, by group index.
    Group(usize),
}

/// One use of a shape: its parent and the name the member suggests.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Use {
    pub parent: Parent,
    pub base: String,
}

/// What naming needs to know of one shape.
#[derive(Debug, Clone)]
pub struct GroupInfo {
    pub uses: Vec<Use>,
    /// The first use-site path; decides collisions.
    pub rank: String,
    /// A name pinned in overrides.toml.
    pub pinned: Option<String>,
    /// A structure (not an enum).
    pub is_struct: bool,
}

/// Assigns a unique name to every group.
pub fn assign(groups: &[GroupInfo]) -> Vec<String> {
    let n = groups.len();
    let mut names: Vec<Option<String>> = vec![None; n];
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for (g, info) in groups.iter().enumerate() {
        if let Some(p) = &info.pinned {
            names[g] = Some(p.clone());
            taken.insert(p.clone());
        }
    }

    // Bare names: a shape used by two or more parents under one base. Shapes wanting the same
    // bare name compete like any other candidates: the first use site wins.
    let mut bare_of: Vec<Option<String>> = vec![None; n];
    let mut bare: BTreeSet<String> = BTreeSet::new();
    for (g, info) in groups.iter().enumerate() {
        // The base most uses agree on (`Tags[]` → `Tag`, even if one use is `RegistrationMetadata[]`).
        let mut by_base: BTreeMap<&str, BTreeSet<&Parent>> = BTreeMap::new();
        for u in &info.uses {
            by_base.entry(u.base.as_str()).or_default().insert(&u.parent);
        }
        let total: usize = by_base.values().map(BTreeSet::len).sum();
        let Some((b, parents)) = by_base.iter().max_by_key(|(b, p)| (p.len(), std::cmp::Reverse(**b))) else {
            continue;
        };
        if parents.len() * 2 <= total {
            continue;
        }
        // One-word bases (`Status`, `Type`, `Filter`) say too little alone; only a structure used
        // all over the service (`Tag`) keeps one bare.
        let wide = words(b).len() >= 2 || (info.is_struct && parents.len() >= 8);
        if parents.len() >= 2 && wide {
            let b = b.to_string();
            bare.insert(b.clone());
            bare_of[g] = Some(b);
        }
    }

    loop {
        let unresolved: Vec<usize> = (0..n).filter(|&g| names[g].is_none()).collect();
        if unresolved.is_empty() {
            break;
        }
        let parent_named = |g: usize, u: &Use| match u.parent {
            Parent::Op(_) => true,
            Parent::Group(p) => p == g || names[p].is_some(),
        };
        let mut ready: Vec<usize> =
            unresolved.iter().copied().filter(|&g| groups[g].uses.iter().all(|u| parent_named(g, u))).collect();
        if ready.is_empty() {
            // A cycle through several shapes: name those that have some named parent.
            ready = unresolved.iter().copied().filter(|&g| groups[g].uses.iter().any(|u| parent_named(g, u))).collect();
        }
        if ready.is_empty() {
            ready = unresolved;
        }

        // Candidates per ready group.
        let mut cands: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for &g in &ready {
            let mut c = Vec::new();
            if let Some(b) = &bare_of[g] {
                if bare.contains(b) {
                    c.push(b.clone());
                }
            }
            let mut joins: Vec<String> = groups[g]
                .uses
                .iter()
                .filter_map(|u| {
                    let ctx = match &u.parent {
                        Parent::Op(op) => Some(op_context(op)),
                        Parent::Group(p) if *p != g => names[*p].clone(),
                        Parent::Group(_) => None,
                    };
                    ctx.map(|ctx| {
                        let (joined, overlapped) = join_words(&ctx, &u.base);
                        // A base of several words that the context does not extend is already
                        // a name of its own (`InstanceAssociationStatusInfo`).
                        if !overlapped && words(&u.base).len() >= 2 {
                            vec![joined, u.base.clone()]
                        } else {
                            vec![joined]
                        }
                    })
                })
                .flatten()
                .collect();
            joins.sort_by(|a, b| (a.len(), a).cmp(&(b.len(), b)));
            joins.dedup();
            for j in joins {
                if !c.contains(&j) {
                    c.push(j);
                }
            }
            if c.is_empty() {
                c.push(groups[g].uses.first().map_or_else(|| "Shape".to_string(), |u| u.base.clone()));
            }
            cands.insert(g, c);
        }

        // Rounds: every pending group proposes its next candidate; the lowest rank wins a name.
        let mut next: BTreeMap<usize, usize> = ready.iter().map(|&g| (g, 0)).collect();
        while !next.is_empty() {
            let mut proposals: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for (&g, &i) in &next {
                proposals.entry(candidate(&cands[&g], i)).or_default().push(g);
            }
            for (name, gs) in proposals {
                if taken.contains(&name) {
                    for g in gs {
                        *next.get_mut(&g).unwrap_or(&mut 0) += 1;
                    }
                    continue;
                }
                let winner = *gs.iter().min_by(|a, b| groups[**a].rank.cmp(&groups[**b].rank)).unwrap_or(&gs[0]);
                for g in gs {
                    if g == winner {
                        next.remove(&g);
                    } else if let Some(i) = next.get_mut(&g) {
                        *i += 1;
                    }
                }
                names[winner] = Some(name.clone());
                taken.insert(name);
            }
        }
    }
    names.into_iter().map(Option::unwrap_or_default).collect()
}

/// The `i`th candidate; past the list, the first one numbered from 2.
fn candidate(c: &[String], i: usize) -> String {
    match c.get(i) {
        Some(s) => s.clone(),
        None => format!("{}{}", c[0], i - c.len() + 2),
    }
}

/// Splits a PascalCase name into words: `DHMCRoleArn` → `DHMC`, `Role`, `Arn`.
pub fn words(name: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = name.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for k in 1..chars.len() {
        let (i, c) = chars[k];
        let prev = chars[k - 1].1;
        let next_lower = chars.get(k + 1).is_some_and(|(_, n)| n.is_lowercase());
        let boundary =
            c.is_uppercase() && (prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower));
        if boundary {
            out.push(&name[start..i]);
            start = i;
        }
    }
    if start < name.len() {
        out.push(&name[start..]);
    }
    out
}

/// The singular of an English plural word, as AWS member names use them.
pub fn singular(word: &str) -> String {
    let w = word;
    let lower = w.to_ascii_lowercase();
    let cut = |n: usize| w[..w.len() - n].to_string();
    if lower.ends_with("ies") && w.len() > 4 {
        format!("{}y", cut(3))
    } else if lower.ends_with("sses")
        || lower.ends_with("uses")
        || lower.ends_with("xes")
        || lower.ends_with("ches")
        || lower.ends_with("shes")
    {
        cut(2)
    } else if lower.ends_with("ss") || lower.ends_with("us") || lower.ends_with("is") || lower.ends_with("data") {
        w.to_string()
    } else if lower.ends_with('s') && w.len() > 1 {
        cut(1)
    } else {
        w.to_string()
    }
}

/// A member name as a type-name part: PascalCase names are kept as written (`DHMCRoleArn`).
pub fn pascal(name: &str) -> String {
    let ok = name.starts_with(|c: char| c.is_ascii_uppercase()) && name.chars().all(|c| c.is_ascii_alphanumeric());
    if ok {
        name.to_string()
    } else {
        name.to_upper_camel_case()
    }
}

/// Singular of a PascalCase name (its last word).
pub fn singular_name(name: &str) -> String {
    let ws = words(name);
    match ws.split_last() {
        Some((last, rest)) => format!("{}{}", rest.concat(), singular(last)),
        None => name.to_string(),
    }
}

/// The noun of an operation: its name without the leading verb, last word singular.
pub fn op_context(op: &str) -> String {
    let ws = words(op);
    if ws.len() < 2 {
        return op.to_string();
    }
    singular_name(&ws[1..].concat())
}

/// `prefix` + `base`, sharing the words where the end of one is the start of the other:
/// `MaintenanceWindowExecution` + `WindowExecution` → `MaintenanceWindowExecution`.
pub fn join(prefix: &str, base: &str) -> String {
    join_words(prefix, base).0
}

/// [`join`], and whether the two shared words.
fn join_words(prefix: &str, base: &str) -> (String, bool) {
    let pw = words(prefix);
    let bw = words(base);
    for k in (1..=pw.len().min(bw.len())).rev() {
        if pw[pw.len() - k..] == bw[..k] {
            return (format!("{}{}", prefix, bw[k..].concat()), true);
        }
    }
    (format!("{prefix}{base}"), false)
}

/// The name for an item of list member `member`: `Filters` → `Filter`,
/// `ActivationList` → `Activation`, `Data` → `DataItem`.
pub fn item_base(member: &str) -> String {
    let ws = words(member);
    if ws.len() >= 2 && ws.last() == Some(&"List") {
        return ws[..ws.len() - 1].concat();
    }
    let s = singular_name(member);
    if s == member {
        format!("{member}Item")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_acronyms_and_digits() {
        assert_eq!(words("DHMCRoleArn"), ["DHMC", "Role", "Arn"]);
        assert_eq!(words("S3BucketName"), ["S3", "Bucket", "Name"]);
        assert_eq!(words("OpsItemId"), ["Ops", "Item", "Id"]);
    }

    #[test]
    fn singulars() {
        for (p, s) in [
            ("Executions", "Execution"),
            ("Entries", "Entry"),
            ("Statuses", "Status"),
            ("Status", "Status"),
            ("Patches", "Patch"),
            ("Addresses", "Address"),
            ("Access", "Access"),
            ("Tags", "Tag"),
            ("Ids", "Id"),
            ("Responses", "Response"),
        ] {
            assert_eq!(singular(p), s, "{p}");
        }
    }

    #[test]
    fn list_item_bases() {
        assert_eq!(item_base("Filters"), "Filter");
        assert_eq!(item_base("ActivationList"), "Activation");
        assert_eq!(item_base("Data"), "DataItem");
    }

    #[test]
    fn operation_nouns() {
        assert_eq!(op_context("GetMaintenanceWindowExecution"), "MaintenanceWindowExecution");
        assert_eq!(op_context("DescribeAssociationExecutions"), "AssociationExecution");
    }

    #[test]
    fn joins_share_overlapping_words() {
        assert_eq!(join("AssociationExecution", "Filter"), "AssociationExecutionFilter");
        assert_eq!(join("MaintenanceWindowExecution", "WindowExecution"), "MaintenanceWindowExecution");
        assert_eq!(join("AssociationExecution", "AssociationExecution"), "AssociationExecution");
    }

    fn op_use(op: &str, base: &str) -> Use {
        Use { parent: Parent::Op(op.into()), base: base.into() }
    }

    #[test]
    fn collisions_go_to_the_first_use_site_and_order_does_not_matter() {
        let a = GroupInfo {
            uses: vec![op_use("GetFoo", "Status")],
            rank: "GetFoo.output.Status".into(),
            pinned: None,
            is_struct: false,
        };
        let b = GroupInfo {
            uses: vec![op_use("ListFoos", "Status")],
            rank: "ListFoos.output.Status".into(),
            pinned: None,
            is_struct: false,
        };
        assert_eq!(assign(&[a.clone(), b.clone()]), ["FooStatus", "FooStatus2"]);
        assert_eq!(assign(&[b, a]), ["FooStatus2", "FooStatus"]);
    }

    #[test]
    fn shared_shapes_take_the_bare_base_unless_two_want_it() {
        let ops = [
            "AddTagsToResource",
            "ListTagsForResource",
            "CreateDocument",
            "CreateOpsItem",
            "PutParameter",
            "CreateActivation",
            "CreateAssociation",
            "CreatePatchBaseline",
        ];
        let tag = GroupInfo {
            uses: ops.iter().map(|o| op_use(o, "Tag")).collect(),
            rank: "a".into(),
            pinned: None,
            is_struct: true,
        };
        assert_eq!(assign(std::slice::from_ref(&tag)), ["Tag"]);
        let mut few = tag.clone();
        few.uses.truncate(2);
        assert_eq!(assign(&[few]), ["TagsToResourceTag"], "a one-word base needs a service-wide structure");
        let alarm = GroupInfo {
            uses: vec![op_use("SendCommand", "AlarmConfiguration"), op_use("CreateAssociation", "AlarmConfiguration")],
            rank: "b".into(),
            pinned: None,
            is_struct: true,
        };
        assert_eq!(assign(std::slice::from_ref(&alarm)), ["AlarmConfiguration"]);
        let mut other = alarm.clone();
        other.rank = "c".into();
        other.uses = vec![op_use("GetThing", "AlarmConfiguration"), op_use("PutThing", "AlarmConfiguration")];
        let names = assign(&[alarm, other]);
        assert_eq!(
            names,
            ["AlarmConfiguration", "ThingAlarmConfiguration"],
            "the first use site keeps the shared name"
        );
    }

    #[test]
    fn nested_shapes_use_the_parent_name_and_pins_win() {
        let filter = GroupInfo {
            uses: vec![op_use("DescribeAssociationExecutions", "Filter")],
            rank: "a".into(),
            pinned: None,
            is_struct: true,
        };
        let key = GroupInfo {
            uses: vec![Use { parent: Parent::Group(0), base: "Key".into() }],
            rank: "b".into(),
            pinned: None,
            is_struct: false,
        };
        assert_eq!(
            assign(&[filter.clone(), key.clone()]),
            ["AssociationExecutionFilter", "AssociationExecutionFilterKey"]
        );
        let mut pinned = filter;
        pinned.pinned = Some("ExecFilter".into());
        assert_eq!(assign(&[pinned, key]), ["ExecFilter", "ExecFilterKey"]);
    }
}
