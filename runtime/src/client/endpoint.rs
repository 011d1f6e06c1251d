//! Endpoints by partition: the host of a service in a region, standard, FIPS or dual-stack.
//!
//! The partitions, their DNS suffixes and regions are generated from the pinned botocore's
//! `partitions.json` (`model/partitions.json`, by `cargo xtask codegen`, into `partitions.rs`).
//! A region belongs to the partition that lists it, else to the one whose region pattern
//! (`<prefix>-<word>-<digits>`) it matches, else (a new region, or `local`) to `aws`, as botocore
//! and the SDKs decide.

#[path = "partitions.rs"]
#[rustfmt::skip]
mod generated;

/// One partition, as `partitions.json` describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    pub id: &'static str,
    pub dns_suffix: &'static str,
    pub dual_stack_dns_suffix: &'static str,
    pub supports_fips: bool,
    pub supports_dual_stack: bool,
    /// The region a global endpoint of the partition signs for.
    pub implicit_global_region: &'static str,
    /// `regionRegex` `^<prefix>\-\w+\-\d+$`, as its prefixes.
    pub region_prefixes: &'static [&'static str],
    /// The regions it lists by name.
    pub regions: &'static [&'static str],
}

impl Partition {
    /// Whether the partition's region pattern accepts `region`: one of its prefixes, then
    /// `-<word>-<digits>` (`\w` being letters, digits and `_`).
    fn pattern_matches(&self, region: &str) -> bool {
        self.region_prefixes.iter().any(|p| {
            let Some(rest) = region.strip_prefix(p).and_then(|r| r.strip_prefix('-')) else { return false };
            let Some((word, digits)) = rest.split_once('-') else { return false };
            let word_ok = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            word_ok && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
        })
    }
}

/// The partition a region belongs to.
pub fn partition(region: &str) -> Partition {
    let all = generated::PARTITIONS;
    let listed = all.iter().find(|p| p.regions.contains(&region));
    let matched = || all.iter().find(|p| p.pattern_matches(region));
    let aws = || all.iter().find(|p| p.id == "aws");
    // `cargo xtask codegen` refuses a table without `aws`; the first partition stands in regardless.
    *listed.or_else(matched).or_else(aws).unwrap_or(&all[0])
}

/// Which variant of an endpoint to use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Variant {
    /// FIPS 140-validated endpoints (`AWS_USE_FIPS_ENDPOINT`, `use_fips_endpoint`).
    pub fips: bool,
    /// IPv4 and IPv6 (`AWS_USE_DUALSTACK_ENDPOINT`, `use_dualstack_endpoint`).
    pub dual_stack: bool,
}

/// `{prefix}[-fips].{region}.{suffix}`, the suffix the partition's (dual-stack or not).
pub fn host_with(endpoint_prefix: &str, region: &str, variant: Variant) -> String {
    let p = partition(region);
    let suffix = if variant.dual_stack { p.dual_stack_dns_suffix } else { p.dns_suffix };
    let fips = if variant.fips { "-fips" } else { "" };
    format!("{endpoint_prefix}{fips}.{region}.{suffix}")
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
}
