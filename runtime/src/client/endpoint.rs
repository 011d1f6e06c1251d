//! Endpoints by partition: the host of a service in a region, standard, FIPS or dual-stack.
//!
//! The partitions and their DNS suffixes are botocore's `partitions.json` (the same in the pinned
//! 1.44.5): `aws`, `aws-cn`, `aws-us-gov`, the ISO partitions and `aws-eusc`. A region no
//! partition claims (a new one, or `local`) is taken as `aws`'s, as the SDKs do.

/// One partition: its id, the region prefix that selects it, and its DNS suffixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    pub id: &'static str,
    pub dns_suffix: &'static str,
    pub dual_stack_dns_suffix: &'static str,
}

/// Most specific prefix first: `us-gov-`, `us-isob-` and `us-isof-` before `us-iso-`.
const PARTITIONS: &[(&str, Partition)] = &[
    (
        "cn-",
        Partition {
            id: "aws-cn",
            dns_suffix: "amazonaws.com.cn",
            dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
        },
    ),
    ("us-gov-", Partition { id: "aws-us-gov", dns_suffix: "amazonaws.com", dual_stack_dns_suffix: "api.aws" }),
    ("us-isob-", Partition { id: "aws-iso-b", dns_suffix: "sc2s.sgov.gov", dual_stack_dns_suffix: "api.aws.scloud" }),
    (
        "us-isof-",
        Partition { id: "aws-iso-f", dns_suffix: "csp.hci.ic.gov", dual_stack_dns_suffix: "api.aws.hci.ic.gov" },
    ),
    ("us-iso-", Partition { id: "aws-iso", dns_suffix: "c2s.ic.gov", dual_stack_dns_suffix: "api.aws.ic.gov" }),
    (
        "eu-isoe-",
        Partition { id: "aws-iso-e", dns_suffix: "cloud.adc-e.uk", dual_stack_dns_suffix: "api.cloud-aws.adc-e.uk" },
    ),
    (
        "eusc-de-",
        Partition { id: "aws-eusc", dns_suffix: "amazonaws.eu", dual_stack_dns_suffix: "api.amazonwebservices.eu" },
    ),
];

const AWS: Partition = Partition { id: "aws", dns_suffix: "amazonaws.com", dual_stack_dns_suffix: "api.aws" };

/// The partition a region belongs to.
pub fn partition(region: &str) -> Partition {
    PARTITIONS.iter().find(|(prefix, _)| region.starts_with(prefix)).map_or(AWS, |(_, p)| *p)
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
        let both = Variant { fips: true, dual_stack: true };
        assert_eq!(
            host_with("kms", "us-west-2", Variant { fips: true, dual_stack: false }),
            "kms-fips.us-west-2.amazonaws.com"
        );
        assert_eq!(host_with("kms", "us-west-2", Variant { fips: false, dual_stack: true }), "kms.us-west-2.api.aws");
        assert_eq!(host_with("kms", "cn-northwest-1", both), "kms-fips.cn-northwest-1.api.amazonwebservices.com.cn");
    }
}
