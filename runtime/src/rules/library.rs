//! The rule sets' functions, answering as botocore's `RuleSetStandardLibrary` does.

use super::generated::PARTITIONS;
use super::{Map, Partition, Value};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// `getAttr`: `name`, `a.b`, `list[2]`, `name[2]` (an index ends the path); unset where a step
/// is missing.
pub(super) fn get_attr(value: &Value, path: &str) -> Option<Value> {
    let mut v = value;
    for part in path.split('.') {
        if let Some((name, index)) = indexed(part) {
            if !name.is_empty() {
                v = v.get(name)?;
            }
            return v.as_array()?.get(index).cloned();
        }
        v = v.get(part)?;
    }
    (!v.is_null()).then(|| v.clone())
}

/// `name[3]` → (`name`, 3).
fn indexed(part: &str) -> Option<(&str, usize)> {
    let (name, rest) = part.strip_suffix(']')?.split_once('[')?;
    let ok = !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit());
    let name_ok = name.chars().all(|c| c.is_alphanumeric() || c == '_');
    (ok && name_ok).then(|| rest.parse().ok().map(|i| (name, i)))?
}

/// `substring`: characters `start..stop` (from the end when `reverse`); unset unless the
/// string is ASCII, long enough, and `start < stop`.
pub(super) fn substring(s: &str, start: usize, stop: usize, reverse: bool) -> Option<String> {
    if start >= stop || s.len() < stop || !s.is_ascii() {
        return None;
    }
    let (from, to) = if reverse { (s.len() - stop, s.len() - start) } else { (start, stop) };
    Some(s[from..to].to_string())
}

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const URI_ENCODE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
/// As [`URI_ENCODE`], `/` kept (Python's `quote` of a path).
const PATH_ENCODE: &AsciiSet = &URI_ENCODE.remove(b'/');

/// `uriEncode`: percent-encoded, UTF-8, all but the unreserved characters.
pub(super) fn uri_encode(s: &str) -> String {
    utf8_percent_encode(s, URI_ENCODE).to_string()
}

/// `isValidHostLabel`: 1 to 63 letters, digits and `-`, neither first nor last a `-`; with
/// `allow_subdomains`, each `.`-separated label so.
pub(super) fn is_valid_host_label(s: &str, allow_subdomains: bool) -> bool {
    if allow_subdomains {
        return s.split('.').all(|label| is_valid_host_label(label, false));
    }
    let ok_chars = s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    ok_chars && (1..=63).contains(&s.len()) && !s.starts_with('-') && !s.ends_with('-')
}

/// `aws.isVirtualHostableS3Bucket`: a host label (or labels) of at least 3 characters, lower
/// case, not an IPv4 address.
pub(super) fn is_virtual_hostable_s3_bucket(s: &str, allow_subdomains: bool) -> bool {
    s.chars().count() >= 3 && s.to_lowercase() == s && !is_ipv4(s) && is_valid_host_label(s, allow_subdomains)
}

/// Four dot-separated groups of 1 to 3 digits (botocore's `IPV4_RE`: no range check).
fn is_ipv4(s: &str) -> bool {
    let groups: Vec<&str> = s.split('.').collect();
    groups.len() == 4 && groups.iter().all(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()))
}

/// `aws.parseArn`: `arn:partition:service:region:account:resource`, the resource split at
/// `:` and `/` into `resourceId`; unset unless partition, service and resource are there.
pub(super) fn parse_arn(s: &str) -> Option<Value> {
    let parts: Vec<&str> = s.strip_prefix("arn:")?.splitn(5, ':').collect();
    let [partition, service, region, account, resource] = parts[..] else { return None };
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    let ids: Vec<Value> = resource.split([':', '/']).map(Value::from).collect();
    let mut m = Map::new();
    m.insert("partition".into(), partition.into());
    m.insert("service".into(), service.into());
    m.insert("region".into(), region.into());
    m.insert("accountId".into(), account.into());
    m.insert("resourceId".into(), Value::Array(ids));
    Some(Value::Object(m))
}

/// `parseURL`: scheme, authority, path, normalised path and whether the host is an IP address,
/// for an `http` or `https` URL without a query; unset otherwise.
pub(super) fn parse_url(url: &str) -> Option<Value> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    if rest.contains('?') {
        return None;
    }
    let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    // Python's `urlparse` takes `;params` off the last segment of an http(s) path.
    let path = match path.rfind('/') {
        Some(slash) => path[slash..].find(';').map_or(path, |semi| &path[..slash + semi]),
        None => path,
    };
    let host = host_of(authority)?;
    let mut normalized = utf8_percent_encode(&remove_dot_segments(path), PATH_ENCODE).to_string();
    if !normalized.ends_with('/') {
        normalized.push('/');
    }
    let mut m = Map::new();
    m.insert("scheme".into(), scheme.into());
    m.insert("authority".into(), authority.into());
    m.insert("path".into(), path.into());
    m.insert("normalizedPath".into(), normalized.into());
    m.insert("isIp".into(), (is_ipv4(&host) || host.parse::<std::net::Ipv6Addr>().is_ok()).into());
    Some(Value::Object(m))
}

/// The host of an authority (`user@host:port`, `[v6]:port`), unset where the port is not a
/// number up to 65535 or the brackets do not pair.
fn host_of(authority: &str) -> Option<String> {
    let hostinfo = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = match hostinfo.split_once('[') {
        Some((_, bracketed)) => {
            let (host, after) = bracketed.split_once(']')?;
            (host, after.split_once(':').map_or("", |(_, p)| p))
        }
        None if hostinfo.contains(']') => return None,
        None => hostinfo.split_once(':').unwrap_or((hostinfo, "")),
    };
    let port_ok = port.is_empty() || (port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u16>().is_ok());
    port_ok.then(|| host.split('%').next().unwrap_or(host).to_ascii_lowercase())
}

/// RFC 3986's dot-segment removal as botocore does it (empty segments dropped as well).
fn remove_dot_segments(path: &str) -> String {
    if path.is_empty() {
        return "/".into();
    }
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    let first = if path.starts_with('/') { "/" } else { "" };
    let last = if path.ends_with('/') && !out.is_empty() { "/" } else { "" };
    format!("{first}{}{last}", out.join("/"))
}

/// The partition a region belongs to: the first that lists it or whose pattern takes it, else
/// the first of the table (`aws`).
pub fn partition(region: &str) -> Partition {
    let found = PARTITIONS.iter().find(|p| p.regions.contains(&region) || p.pattern_matches(region));
    *found.unwrap_or(&PARTITIONS[0])
}

/// `aws.partition`'s answer: the partition's outputs and its name.
pub(super) fn partition_output(region: Option<&str>) -> Value {
    let p = region.map_or(PARTITIONS[0], partition);
    let mut m = Map::new();
    m.insert("name".into(), p.id.into());
    m.insert("dnsSuffix".into(), p.dns_suffix.into());
    m.insert("dualStackDnsSuffix".into(), p.dual_stack_dns_suffix.into());
    m.insert("supportsFIPS".into(), p.supports_fips.into());
    m.insert("supportsDualStack".into(), p.supports_dual_stack.into());
    m.insert("implicitGlobalRegion".into(), p.implicit_global_region.into());
    Value::Object(m)
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
