//! `model/<service>/overrides.toml`: the few decisions a human makes about a service.
//!
//! ```toml
//! [names]        # pin the name of the shape found at a use-site path
//! "DescribeAssociationExecutions.input.Filters[]" = "AssociationExecutionFilter"
//!
//! [disagreements] # boto3 and CLI pages differ here; a human looked and boto3 wins
//! "CreateCloudConnector.input.ConfigConnectorArn" = "why it is safe"
//!
//! [[waiters.CommandExecuted]] # what the waiter's answers mean, where the service model does not say
//! state = "success"
//! matcher = "path"
//! argument = "Status"
//! expected = "Success"
//! ```
//!
//! Paths name a member from its operation: `Op.input.Member`, `Op.output.A.B`, `[]` for a list
//! item, `{}` for a map value, `{key}` for a map key.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::Diagnostic;
use crate::source::{FileId, Span};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    names: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    disagreements: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    waiters: BTreeMap<String, Spanned<Vec<super::waiters::Acceptor>>>,
}

/// A value with the place it was written.
#[derive(Debug, Clone)]
pub struct Entry {
    pub value: String,
    pub span: Span,
}

/// Parsed overrides, with spans for diagnostics about stale entries.
#[derive(Debug, Default)]
pub struct Overrides {
    pub file: Option<FileId>,
    pub names: BTreeMap<String, Entry>,
    pub disagreements: BTreeMap<String, Entry>,
    /// `[[waiters.<Name>]]`: what a waiter's answers mean (botocore's acceptor format), with
    /// where it was written; it takes the place of `waiters-2.json`'s list for that waiter.
    pub waiters: super::waiters::Tables,
}

impl Overrides {
    pub fn parse(file: FileId, text: &str, diags: &mut Vec<Diagnostic>) -> Overrides {
        let raw: Raw = match toml::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                let span = e.span().map_or(Span::default(), |r| Span::new(r.start, r.end));
                diags.push(Diagnostic::new(file, span, format!("cannot read the overrides: {}", e.message())));
                return Overrides { file: Some(file), ..Overrides::default() };
            }
        };
        let conv = |m: BTreeMap<String, Spanned<String>>| {
            m.into_iter()
                .map(|(k, v)| {
                    let r = v.span();
                    (k, Entry { value: v.into_inner(), span: Span::new(r.start, r.end) })
                })
                .collect()
        };
        let waiters = super::waiters::spanned(file, raw.waiters);
        Overrides { file: Some(file), names: conv(raw.names), disagreements: conv(raw.disagreements), waiters }
    }
}
