//! Endpoints by partition: the host of a service in a region, standard, FIPS or dual-stack.
//!
//! The partitions, their DNS suffixes and regions are generated from the pinned botocore's
//! `partitions.json` (`model/partitions.json`, by `cargo xtask codegen`, into `partitions.rs`).
//! A region belongs to the partition that lists it, else to the one whose region pattern
//! (`<prefix>-<word>-<digits>`) it matches, else (a new region, or `local`) to `aws`, as botocore
//! and the SDKs decide. A service's endpoint is `{prefix}.{region}.{dnsSuffix}` unless the
//! pinned `endpoints.json` says otherwise for it in that partition: a global endpoint (Organizations,
//! WAF, Budgets: one host, signed for one region), another DNS suffix (`api.aws`), or a host
//! of its own in some region; those departures are generated beside the partitions.

#[path = "partitions.rs"]
#[rustfmt::skip]
mod generated;

pub use crate::rules::{partition, Partition};

/// A service's one endpoint for a whole partition (`isRegionalized: false`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GlobalEndpoint {
    pub host: &'static str,
    pub fips_host: Option<&'static str>,
    /// The region requests to it are signed for.
    pub signing_region: &'static str,
}

/// Where a service's endpoints in a partition leave the pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceEndpoints {
    pub partition: &'static str,
    pub endpoint_prefix: &'static str,
    /// Instead of the partition's (`api.aws` for kendra-ranking).
    pub dns_suffix: Option<&'static str>,
    pub global: Option<GlobalEndpoint>,
    /// (region, host, signing region) where a region has a host of its own.
    pub hosts: &'static [(&'static str, &'static str, &'static str)],
}

/// Where a service is reached from a region, and the region its requests are signed for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub host: String,
    pub signing_region: String,
}

/// The endpoint of the service with `endpoint_prefix` for `region`: a global endpoint, a
/// region's own host, or the pattern with the service's or partition's DNS suffix (FIPS:
/// `{prefix}-fips`, dual-stack: the dual-stack suffix).
pub fn resolve(endpoint_prefix: &str, region: &str, variant: Variant) -> Resolved {
    let p = partition(region);
    let svc = generated::SERVICES.iter().find(|s| s.partition == p.id && s.endpoint_prefix == endpoint_prefix);
    let own = |host: &str, signing: &str| Resolved { host: host.to_string(), signing_region: signing.to_string() };
    if let Some(g) = svc.and_then(|s| s.global).filter(|_| !variant.dual_stack) {
        match (variant.fips, g.fips_host) {
            (false, _) => return own(g.host, g.signing_region),
            (true, Some(fips)) => return own(fips, g.signing_region),
            (true, None) => {}
        }
    }
    if !variant.fips && !variant.dual_stack {
        if let Some((_, host, signing)) = svc.and_then(|s| s.hosts.iter().find(|(r, _, _)| *r == region)) {
            return own(host, signing);
        }
    }
    let suffix = match (variant.dual_stack, svc.and_then(|s| s.dns_suffix)) {
        (true, _) => p.dual_stack_dns_suffix,
        (false, Some(own_suffix)) => own_suffix,
        (false, None) => p.dns_suffix,
    };
    let fips = if variant.fips { "-fips" } else { "" };
    Resolved { host: format!("{endpoint_prefix}{fips}.{region}.{suffix}"), signing_region: region.to_string() }
}

/// Which variant of an endpoint to use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Variant {
    /// FIPS 140-validated endpoints (`AWS_USE_FIPS_ENDPOINT`, `use_fips_endpoint`).
    pub fips: bool,
    /// IPv4 and IPv6 (`AWS_USE_DUALSTACK_ENDPOINT`, `use_dualstack_endpoint`).
    pub dual_stack: bool,
}

/// The host of a service in a region ([`resolve`]'s).
pub fn host_with(endpoint_prefix: &str, region: &str, variant: Variant) -> String {
    resolve(endpoint_prefix, region, variant).host
}

/// The standard host of a service in a region.
pub fn host(endpoint_prefix: &str, region: &str) -> String {
    host_with(endpoint_prefix, region, Variant::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_follow_the_partition() {
        assert_eq!(host("ssm", "us-east-1"), "ssm.us-east-1.amazonaws.com");
        assert_eq!(host("ssm", "cn-north-1"), "ssm.cn-north-1.amazonaws.com.cn");
        assert_eq!(host("ssm", "us-gov-west-1"), "ssm.us-gov-west-1.amazonaws.com");
        assert_eq!(host("ssm", "us-iso-east-1"), "ssm.us-iso-east-1.c2s.ic.gov");
        assert_eq!(host("ssm", "us-isob-east-1"), "ssm.us-isob-east-1.sc2s.sgov.gov");
        assert_eq!(host("ssm", "eu-isoe-west-1"), "ssm.eu-isoe-west-1.cloud.adc-e.uk");
        assert_eq!(host("ssm", "us-isof-south-1"), "ssm.us-isof-south-1.csp.hci.ic.gov");
        assert_eq!(host("ssm", "eusc-de-east-1"), "ssm.eusc-de-east-1.amazonaws.eu");
        assert_eq!(partition("mx-central-1").id, "aws");
        // Not yet listed, claimed by pattern: a future region of each kind.
        assert_eq!(partition("ap-future-9").id, "aws");
        assert_eq!(partition("cn-future-9").id, "aws-cn");
        assert_eq!(partition("us-gov-future-9").id, "aws-us-gov");
        assert_eq!(partition("us-isob-future-9").id, "aws-iso-b");
        // Listed by name though no pattern takes it; and what nothing claims is `aws`'s.
        assert_eq!(partition("aws-cn-global").id, "aws-cn");
        assert_eq!(partition("local").id, "aws");
        assert_eq!(partition("us-gov-west-1").implicit_global_region, "us-gov-west-1");
        let both = Variant { fips: true, dual_stack: true };
        assert_eq!(
            host_with("kms", "us-west-2", Variant { fips: true, dual_stack: false }),
            "kms-fips.us-west-2.amazonaws.com"
        );
        assert_eq!(host_with("kms", "us-west-2", Variant { fips: false, dual_stack: true }), "kms.us-west-2.api.aws");
        assert_eq!(host_with("kms", "cn-northwest-1", both), "kms-fips.cn-northwest-1.api.amazonwebservices.com.cn");
    }

    /// Services that leave the pattern, as the pinned `endpoints.json` has them.
    #[test]
    fn global_and_odd_endpoints_come_from_the_endpoint_data() {
        let std = Variant::default();
        let at = |prefix: &str, region: &str, v: Variant| {
            let r = resolve(prefix, region, v);
            (r.host, r.signing_region)
        };
        // Global: one host from any region of the partition, signed for its region.
        let orgs = ("organizations.us-east-1.amazonaws.com".to_string(), "us-east-1".to_string());
        assert_eq!(at("organizations", "eu-west-1", std), orgs);
        assert_eq!(at("waf", "ap-southeast-2", std), ("waf.amazonaws.com".into(), "us-east-1".into()));
        assert_eq!(at("budgets", "us-west-2", std).0, "budgets.amazonaws.com");
        let fips = Variant { fips: true, dual_stack: false };
        assert_eq!(at("organizations", "eu-west-1", fips).0, "organizations-fips.us-east-1.amazonaws.com");
        // Another DNS suffix for the service.
        assert_eq!(at("kendra-ranking", "eu-west-1", std).0, "kendra-ranking.eu-west-1.api.aws");
        // A regional service in another partition keeps the pattern.
        assert_eq!(at("ssm", "cn-north-1", std), ("ssm.cn-north-1.amazonaws.com.cn".into(), "cn-north-1".into()));
        assert_eq!(at("ssm", "eu-west-1", std).0, host("ssm", "eu-west-1"));
    }
}
