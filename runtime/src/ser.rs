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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn lists_and_maps_of_timestamps_in_both_directions() {
        // cloudwatch MetricDataResult.Timestamps; a map of them for good measure.
        let t = |s: i64| time::OffsetDateTime::from_unix_timestamp(s).unwrap();
        let list = vec![t(1_700_000_000), t(1_700_000_060)];
        let json = serde_json::to_string(&TimestampList(&list)).unwrap();
        assert_eq!(json, "[1700000000,1700000060]");
        let back: crate::de::TimestampList = serde_json::from_str("[1700000000, \"2023-11-14T22:14:20Z\"]").unwrap();
        assert_eq!(back.0, list);
        let map = BTreeMap::from([("a".to_string(), t(1_700_000_000))]);
        assert_eq!(serde_json::to_string(&TimestampMap(&map)).unwrap(), r#"{"a":1700000000}"#);
        let back: crate::de::TimestampMap<String> = serde_json::from_str(r#"{"a":1700000000.0}"#).unwrap();
        assert_eq!(back.0, map);
    }
}
