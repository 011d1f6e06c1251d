//! botocore's `partitions.json` and `endpoints.json` → the runtime's endpoint tables
//! (`runtime/src/client/partitions.rs`), so endpoints follow the pinned release's partitions, DNS
//! suffixes and regions, and the services whose endpoints leave the pattern
//! `{service}.{region}.{dnsSuffix}` (global services such as Organizations or WAF, hosts under
//! another suffix, per-region hosts) are reached where botocore reaches them.
//!
//! A partition claims the regions it lists, then those its `regionRegex` matches. Every regex
//! botocore has shipped is `^<prefix>\-\w+\-\d+$` with alternatives in the prefix
//! (`^(us|eu|ap)...`, `^eusc\-(de)...`); the table keeps the prefixes, and the runtime matches
//! `<prefix>-<word>-<digits>` without a regex engine. A regex of another form is an error naming
//! the partition, never a silently different match.

use proc_macro2::TokenStream;
use quote::quote;
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    partitions: Vec<Partition>,
}

#[derive(Deserialize)]
struct Partition {
    id: String,
    outputs: Outputs,
    #[serde(rename = "regionRegex")]
    region_regex: String,
    regions: serde_json::Map<String, serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Outputs {
    dns_suffix: String,
    dual_stack_dns_suffix: String,
    #[serde(rename = "supportsFIPS")]
    supports_fips: bool,
    supports_dual_stack: bool,
    implicit_global_region: String,
}

/// The region prefixes a `regionRegex` of the form `^<prefix>\-\w+\-\d+$` accepts, the
/// prefix made of literal text, `\-` and groups of alternatives.
pub fn region_prefixes(regex: &str) -> Result<Vec<String>, String> {
    let head = regex
        .strip_prefix('^')
        .and_then(|r| r.strip_suffix(r"\-\w+\-\d+$"))
        .ok_or_else(|| format!("`{regex}` is not of the form `^<prefix>\\-\\w+\\-\\d+$`"))?;
    let mut prefixes = vec![String::new()];
    let mut rest = head;
    while !rest.is_empty() {
        let (choices, next): (Vec<String>, &str) = if let Some(r) = rest.strip_prefix(r"\-") {
            (vec!["-".into()], r)
        } else if let Some(r) = rest.strip_prefix('(') {
            let (group, after) = r.split_once(')').ok_or_else(|| format!("`{regex}`: a group is not closed"))?;
            (group.split('|').map(str::to_string).collect(), after)
        } else {
            let end = rest.find(['\\', '(']).unwrap_or(rest.len());
            (vec![rest[..end].to_string()], &rest[end..])
        };
        let plain = |c: &String| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-');
        if !choices.iter().all(plain) {
            return Err(format!("`{regex}`: only letters, digits, `\\-` and groups of alternatives are understood"));
        }
        prefixes = prefixes.iter().flat_map(|p| choices.iter().map(move |c| format!("{p}{c}"))).collect();
        rest = next;
    }
    Ok(prefixes)
}

/// `endpoints.json`: per partition, the services and their endpoints.
#[derive(Deserialize)]
struct Endpoints {
    partitions: Vec<EndpointPartition>,
}

#[derive(Deserialize)]
struct EndpointPartition {
    partition: String,
    #[serde(rename = "dnsSuffix")]
    dns_suffix: String,
    services: std::collections::BTreeMap<String, Service>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Service {
    #[serde(default)]
    defaults: ServiceDefaults,
    is_regionalized: Option<bool>,
    partition_endpoint: Option<String>,
    #[serde(default)]
    endpoints: std::collections::BTreeMap<String, Endpoint>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ServiceDefaults {
    dns_suffix: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Endpoint {
    hostname: Option<String>,
    credential_scope: Option<Scope>,
    #[serde(default)]
    deprecated: bool,
    #[serde(default)]
    variants: Vec<EndpointVariant>,
}

#[derive(Deserialize)]
struct Scope {
    region: Option<String>,
}

#[derive(Deserialize)]
struct EndpointVariant {
    hostname: Option<String>,
    tags: Vec<String>,
}

/// One service's departures from the pattern in one partition, as tokens; `None` where it has
/// none.
fn service_tokens(partition: &EndpointPartition, prefix: &str, svc: &Service) -> Option<TokenStream> {
    let suffix = svc.defaults.dns_suffix.as_deref().filter(|s| *s != partition.dns_suffix);
    let global = match (svc.is_regionalized, &svc.partition_endpoint) {
        (Some(false), Some(name)) => svc.endpoints.get(name).and_then(|e| {
            let host = e.hostname.as_deref()?;
            let region = e.credential_scope.as_ref().and_then(|c| c.region.as_deref())?;
            let fips = e.variants.iter().find(|v| v.tags == ["fips"]).and_then(|v| v.hostname.as_deref());
            let fips = match fips {
                Some(f) => quote!(Some(#f)),
                None => quote!(None),
            };
            Some(quote!(Some(GlobalEndpoint { host: #host, fips_host: #fips, signing_region: #region })))
        }),
        _ => None,
    };
    let dns = suffix.unwrap_or(&partition.dns_suffix);
    // Real regions only: `fips-...` and deprecated pseudo-regions are reached through variants.
    let hosts: Vec<TokenStream> = svc
        .endpoints
        .iter()
        .filter(|(region, e)| !e.deprecated && !region.contains("fips"))
        .filter_map(|(region, e)| {
            let host = e.hostname.clone().unwrap_or_else(|| format!("{prefix}.{region}.{dns}"));
            let signing = e.credential_scope.as_ref().and_then(|c| c.region.clone()).unwrap_or_else(|| region.clone());
            let plain = host == format!("{prefix}.{region}.{dns}") && signing == *region;
            (!plain).then(|| quote!((#region, #host, #signing)))
        })
        .collect();
    if global.is_none() && suffix.is_none() && hosts.is_empty() {
        return None;
    }
    let id = &partition.partition;
    let global = global.unwrap_or_else(|| quote!(None));
    let suffix = match suffix {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    };
    Some(quote! {
        ServiceEndpoints {
            partition: #id,
            endpoint_prefix: #prefix,
            dns_suffix: #suffix,
            global: #global,
            hosts: &[#(#hosts),*],
        }
    })
}

/// The services whose endpoints leave the pattern, from the text of `endpoints.json`.
fn services_tokens(json: &str, source: &str) -> Result<Vec<TokenStream>, String> {
    let file: Endpoints = serde_json::from_str(json).map_err(|e| format!("{source}: {e}"))?;
    let mut out = Vec::new();
    for p in &file.partitions {
        for (prefix, svc) in &p.services {
            out.extend(service_tokens(p, prefix, svc));
        }
    }
    Ok(out)
}

/// The runtime's `partitions.rs` from the texts of `partitions.json` and `endpoints.json`
/// (`sources` names them).
pub fn emit_endpoint_tables(partitions: &str, endpoints: &str, sources: [&str; 2]) -> Result<String, String> {
    partitions_tokens(partitions, sources[0])?;
    let services = services_tokens(endpoints, sources[1])?;
    let services_doc = format!(" The services of `{}` whose endpoints leave the pattern, by partition.", sources[1]);
    let tokens = quote! {
        use crate::client::endpoint::{GlobalEndpoint, ServiceEndpoints};

        #[doc = #services_doc]
        pub(crate) const SERVICES: &[ServiceEndpoints] = &[#(#services),*];
    };
    let header = format!("// @generated by `cargo xtask codegen` from {}. Do not edit.", sources.join(" and "));
    crate::emit::format_file(&header, tokens)
}

/// The rules engine's partition table (`runtime/src/rules/partitions.rs`) from the text of
/// `partitions.json` (`source` names it).
pub fn emit_partition_table(partitions: &str, source: &str) -> Result<String, String> {
    let items = partitions_tokens(partitions, source)?;
    let doc = format!(" The partitions of `{source}`, in its order.");
    let tokens = quote! {
        use super::Partition;

        #[doc = #doc]
        pub(crate) const PARTITIONS: &[Partition] = &[#(#items),*];
    };
    let header = format!("// @generated by `cargo xtask codegen` from {source}. Do not edit.");
    crate::emit::format_file(&header, tokens)
}

/// Each partition of `partitions.json`, as tokens; an error where `aws` is missing or a region
/// pattern is of another form.
fn partitions_tokens(json: &str, source: &str) -> Result<Vec<TokenStream>, String> {
    let file: File = serde_json::from_str(json).map_err(|e| format!("{source}: {e}"))?;
    if !file.partitions.iter().any(|p| p.id == "aws") {
        return Err(format!("{source}: no `aws` partition, which claims regions no other partition does"));
    }
    let mut items = Vec::new();
    for p in &file.partitions {
        let prefixes = region_prefixes(&p.region_regex).map_err(|e| format!("{source}: partition `{}`: {e}", p.id))?;
        items.push(partition_tokens(p, &prefixes));
    }
    Ok(items)
}

fn partition_tokens(p: &Partition, prefixes: &[String]) -> TokenStream {
    let o = &p.outputs;
    let (id, dns, dual, global) = (&p.id, &o.dns_suffix, &o.dual_stack_dns_suffix, &o.implicit_global_region);
    let (fips, dual_stack) = (o.supports_fips, o.supports_dual_stack);
    // Sorted: the same table whatever the file's order.
    let regions: std::collections::BTreeSet<&String> = p.regions.keys().collect();
    quote! {
        Partition {
            id: #id,
            dns_suffix: #dns,
            dual_stack_dns_suffix: #dual,
            supports_fips: #fips,
            supports_dual_stack: #dual_stack,
            implicit_global_region: #global,
            region_prefixes: &[#(#prefixes),*],
            regions: &[#(#regions),*],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_regexes_become_prefixes() {
        let aws = region_prefixes(r"^(us|eu|ap)\-\w+\-\d+$").unwrap();
        assert_eq!(aws, ["us", "eu", "ap"]);
        assert_eq!(region_prefixes(r"^us\-gov\-\w+\-\d+$").unwrap(), ["us-gov"]);
        assert_eq!(region_prefixes(r"^eusc\-(de|fr)\-\w+\-\d+$").unwrap(), ["eusc-de", "eusc-fr"]);
        let err = region_prefixes(r"^us\-[a-z]+\-\w+\-\d+$").unwrap_err();
        assert!(err.contains("only letters, digits"), "{err}");
        assert!(region_prefixes(r"^us\-\d+$").unwrap_err().contains("is not of the form"));
    }

    /// Only departures from the pattern are kept: a global service, a region with a host of its
    /// own; a plain regional service and a deprecated pseudo-region are not.
    #[test]
    fn only_services_that_leave_the_pattern_are_kept() {
        let json = r#"{"partitions": [{"partition": "aws", "dnsSuffix": "amazonaws.com", "services": {
            "plain": {"endpoints": {"us-east-1": {}, "eu-west-1": {"hostname": "plain.eu-west-1.amazonaws.com"}}},
            "orgs": {"isRegionalized": false, "partitionEndpoint": "aws-global", "endpoints": {"aws-global":
                {"hostname": "orgs.us-east-1.amazonaws.com", "credentialScope": {"region": "us-east-1"},
                 "variants": [{"hostname": "orgs-fips.us-east-1.amazonaws.com", "tags": ["fips"]}]}}},
            "odd": {"endpoints": {"fips-us-east-1": {"hostname": "x", "deprecated": true},
                "us-west-2": {"hostname": "odd.example.aws"}}}}}]}"#;
        let tokens = services_tokens(json, "endpoints.json").unwrap();
        let text: Vec<String> = tokens.iter().map(|t| t.to_string().replace(' ', "")).collect();
        assert_eq!(text.len(), 2, "{text:#?}");
        assert!(
            text[0].contains(r#"endpoint_prefix:"odd""#)
                && text[0].contains(r#"("us-west-2","odd.example.aws","us-west-2")"#)
        );
        assert!(!text[0].contains("fips-us-east-1"));
        assert!(text[1].contains(r#"fips_host:Some("orgs-fips.us-east-1.amazonaws.com"),signing_region:"us-east-1""#));
    }

    #[test]
    fn a_partition_of_another_form_is_an_error_naming_it() {
        let json = r#"{"partitions": [{"id": "aws", "regionRegex": "^(us|eu).*$", "regions": {},
            "outputs": {"dnsSuffix": "amazonaws.com", "dualStackDnsSuffix": "api.aws", "supportsFIPS": true,
            "supportsDualStack": true, "implicitGlobalRegion": "us-east-1", "name": "aws"}}]}"#;
        let sources = ["model/partitions.json", "model/endpoints.json"];
        let err = emit_endpoint_tables(json, r#"{"partitions": []}"#, sources).unwrap_err();
        assert!(err.starts_with("model/partitions.json: partition `aws`: `^(us|eu).*$`"), "{err}");
    }
}
