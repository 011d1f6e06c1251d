//! What `Debug` shows in place of a member the service model marks sensitive.

use std::fmt;

/// Stands in for a secret in `Debug` output: prints `*** Sensitive Data Redacted ***`, as
/// aws-sdk-rust does, whether or not the member is set.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("*** Sensitive Data Redacted ***")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn shows_the_marker_only() {
        assert_eq!(format!("{:?}", super::Redacted), "*** Sensitive Data Redacted ***");
    }
}
