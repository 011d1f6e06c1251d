//! Small pieces generated `Serialize` impls share.

use serde::{Serialize, Serializer};

/// A timestamp written the awsJson way: epoch seconds, to the millisecond.
pub struct Timestamp<'a>(pub &'a time::OffsetDateTime);

impl Serialize for Timestamp<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::timestamp::serialize(self.0, s)
    }
}

/// A list of timestamps, each written as [`Timestamp`] is.
pub struct TimestampList<'a>(pub &'a [time::OffsetDateTime]);

impl Serialize for TimestampList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(Timestamp))
    }
}

/// A map whose values are timestamps, each written as [`Timestamp`] is.
pub struct TimestampMap<'a, K>(pub &'a std::collections::BTreeMap<K, time::OffsetDateTime>);

impl<K: Serialize> Serialize for TimestampMap<'_, K> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, Timestamp(v))))
    }
}
