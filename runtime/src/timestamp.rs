//! Timestamp members on the awsJson wire.
//!
//! Like botocore, reading accepts epoch seconds as an integer or a fraction, and RFC 3339 text;
//! writing sends epoch seconds with millisecond precision, as awsJson does.
//! Generated code uses these through `#[serde(with = "...")]`.

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};
use std::fmt;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Serialises a timestamp as epoch seconds, to the millisecond.
pub fn serialize<S: Serializer>(t: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
    let millis = t.unix_timestamp_nanos().div_euclid(1_000_000);
    if millis % 1000 == 0 {
        s.serialize_i64((millis / 1000) as i64)
    } else {
        s.serialize_f64(millis as f64 / 1000.0)
    }
}

/// Reads epoch seconds (integer or fraction) or RFC 3339 text.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<OffsetDateTime, D::Error> {
    d.deserialize_any(TimestampVisitor)
}

struct TimestampVisitor;

impl Visitor<'_> for TimestampVisitor {
    type Value = OffsetDateTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("epoch seconds or an RFC 3339 timestamp")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        OffsetDateTime::from_unix_timestamp(v).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        let v = i64::try_from(v).map_err(E::custom)?;
        self.visit_i64(v)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if !v.is_finite() {
            return Err(E::custom("a timestamp must be a finite number"));
        }
        // Round to the microsecond: f64 cannot carry nanoseconds at today's epoch.
        let micros = (v * 1_000_000.0).round() as i128;
        OffsetDateTime::from_unix_timestamp_nanos(micros * 1000).map_err(E::custom)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        OffsetDateTime::parse(v, &Rfc3339).map_err(E::custom)
    }
}

/// The same, for `Option<OffsetDateTime>` members.
pub mod option {
    use super::*;

    pub fn serialize<S: Serializer>(t: &Option<OffsetDateTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => super::serialize(t, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<OffsetDateTime>, D::Error> {
        struct Opt;
        impl<'de> Visitor<'de> for Opt {
            type Value = Option<OffsetDateTime>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("null, epoch seconds or an RFC 3339 timestamp")
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                super::deserialize(d).map(Some)
            }
        }
        d.deserialize_option(Opt)
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};
    use time::macros::datetime;

    use super::*;

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct T {
        #[serde(with = "super")]
        at: OffsetDateTime,
        #[serde(default, with = "super::option", skip_serializing_if = "Option::is_none")]
        maybe: Option<OffsetDateTime>,
    }

    #[test]
    fn reads_every_wire_form_and_writes_epoch_millis() {
        for (json, want) in [
            (r#"{"at": 1550505827}"#, datetime!(2019-02-18 16:03:47 UTC)),
            (r#"{"at": 1550505827.119}"#, datetime!(2019-02-18 16:03:47.119 UTC)),
            (r#"{"at": "2019-02-18T16:03:47.119Z"}"#, datetime!(2019-02-18 16:03:47.119 UTC)),
        ] {
            let t: T = serde_json::from_str(json).unwrap();
            assert_eq!(t.at, want, "{json}");
            assert_eq!(t.maybe, None);
        }
        let t = T { at: datetime!(2019-02-18 16:03:47.119 UTC), maybe: Some(datetime!(2019-02-18 16:03:47 UTC)) };
        assert_eq!(serde_json::to_string(&t).unwrap(), r#"{"at":1550505827.119,"maybe":1550505827}"#);
        assert!(serde_json::from_str::<T>(r#"{"at": "yesterday"}"#).is_err());
        let t: T = serde_json::from_str(r#"{"at": 0, "maybe": null}"#).unwrap();
        assert_eq!(t.maybe, None);
    }
}
