//! Small pieces generated `Deserialize` impls share, so that each generated impl is only a
//! `visit_map` over its own members (serde's derive emits several times that code per struct,
//! and across hundreds of shapes that dominated the generated crates' compile time).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// A JSON object key, borrowed from the input when it can be.
pub struct FieldName<'de>(Cow<'de, str>);

impl FieldName<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> de::Deserialize<'de> for FieldName<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FieldName<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(FieldName(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(FieldName(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(FieldName(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// A timestamp read in any of the forms [`crate::timestamp`] accepts.
pub struct Timestamp(pub time::OffsetDateTime);

impl<'de> de::Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::timestamp::deserialize(d).map(Timestamp)
    }
}

/// A list of timestamps, each read as [`Timestamp`] is.
pub struct TimestampList(pub Vec<time::OffsetDateTime>);

impl<'de> de::Deserialize<'de> for TimestampList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let items: Vec<Timestamp> = de::Deserialize::deserialize(d)?;
        Ok(TimestampList(items.into_iter().map(|t| t.0).collect()))
    }
}

/// A map whose values are timestamps, each read as [`Timestamp`] is.
pub struct TimestampMap<K>(pub std::collections::BTreeMap<K, time::OffsetDateTime>);

impl<'de, K: de::Deserialize<'de> + Ord> de::Deserialize<'de> for TimestampMap<K> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let entries: std::collections::BTreeMap<K, Timestamp> = de::Deserialize::deserialize(d)?;
        Ok(TimestampMap(entries.into_iter().map(|(k, t)| (k, t.0)).collect()))
    }
}
