//! The serde form: how every generated type implements `Serialize` and `Deserialize`, whatever
//! its service's protocol. A structure is a map keyed by the model's member names (as boto3's
//! dictionaries), members left unset are left out, `null` reads as unset, enums are their
//! values, blobs base64 text, documents themselves, and timestamps epoch seconds (read back
//! from epoch seconds or RFC 3339 or HTTP-date text).
//!
//! Generated `Serialize` and `Deserialize` impls are one call each into this module.

use serde::{Deserializer, Serializer};

use super::bridge::{self, Form};
use super::schema::Type;
use super::value::{ReadValue, WriteValue};

/// `Serialize` of a generated type.
pub fn serialize<S: Serializer>(v: &dyn WriteValue, ty: &Type, s: S) -> Result<S::Ok, S::Error> {
    bridge::serialize(v, ty, Form::Serde, s)
}

/// A structure in its serde form, as a JSON value (for paths over an input).
pub fn to_value(v: &dyn super::WriteStruct) -> Result<serde_json::Value, super::WireError> {
    #[derive(Debug)]
    struct Whole<'a>(&'a dyn super::WriteStruct);
    impl WriteValue for Whole<'_> {
        fn write(&self, _: &Type, w: &mut dyn super::ValueWriter) -> Result<(), super::WireError> {
            w.structure(self.0)
        }
    }
    serialize(&Whole(v), &Type::Structure, serde_json::value::Serializer).map_err(super::WireError::new)
}

/// `Deserialize` of a generated type.
pub fn deserialize<'de, T: ReadValue, D: Deserializer<'de>>(d: D, ty: &Type) -> Result<T, D::Error> {
    bridge::deserialize(d, ty, Form::Serde).map_err(serde::de::Error::custom)
}
