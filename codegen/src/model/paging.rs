//! The paths botocore's paginators use to find tokens and results in an output: members joined
//! by `.`, a list's last item as `[-1]`, and alternatives joined by `||` (the first that is set
//! and not empty wins). This is all of the JMESPath that `paginators-1.json` uses; anything else
//! is refused, so the paginator is left out with a warning rather than misread.

use std::fmt;

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A structure's member, by wire name.
    Member(String),
    /// A list's last item (`[-1]`).
    Last,
}

/// A path from an operation's output: `StreamDescription.Shards[-1].ShardId`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path(pub Vec<Step>);

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Member(m) if i == 0 => write!(f, "{m}")?,
                Step::Member(m) => write!(f, ".{m}")?,
                Step::Last => f.write_str("[-1]")?,
            }
        }
        Ok(())
    }
}

/// Parses `A || B[-1].C` into its alternatives, in order.
pub fn parse(expr: &str) -> Result<Vec<Path>, String> {
    expr.split("||").map(|alt| parse_path(alt.trim()).map_err(|e| format!("`{expr}`: {e}"))).collect()
}

/// Parses one alternative: `A.B[-1].C`.
pub fn parse_path(path: &str) -> Result<Path, String> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = part.split_once('[').map_or((part, ""), |(n, r)| (n, r));
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("`{part}` is not a member name"));
        }
        steps.push(Step::Member(name.to_string()));
        while !rest.is_empty() {
            let Some(after) = rest.strip_prefix("-1]") else {
                return Err(format!("`[{rest}` is not `[-1]`, the only index a paginator may use"));
            };
            steps.push(Step::Last);
            rest = after.strip_prefix('[').unwrap_or(after);
            if !after.is_empty() && !after.starts_with('[') {
                return Err(format!("`{after}` follows an index"));
            }
        }
    }
    Ok(Path(steps))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_paginators_use() {
        let m = |s: &str| Step::Member(s.into());
        assert_eq!(parse("NextToken").unwrap(), [Path(vec![m("NextToken")])]);
        assert_eq!(
            parse("NextMarker || Contents[-1].Key").unwrap(),
            [Path(vec![m("NextMarker")]), Path(vec![m("Contents"), Step::Last, m("Key")])]
        );
        let p = parse("StreamDescription.Shards[-1].ShardId").unwrap();
        assert_eq!(p[0].to_string(), "StreamDescription.Shards[-1].ShardId");
    }

    #[test]
    fn refuses_the_rest_of_jmespath() {
        for bad in ["A[0].B", "A[*].B", "length(A)", "A.", "", "A && B", "A[-1]x"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
