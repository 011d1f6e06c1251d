//! Small pieces generated `Serialize` impls share.

use serde::{Serialize, Serializer};

/// A timestamp written the awsJson way: epoch seconds, to the millisecond.
pub struct Timestamp<'a>(pub &'a time::OffsetDateTime);

impl Serialize for Timestamp<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::timestamp::serialize(self.0, s)
    }
}
