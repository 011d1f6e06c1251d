//! JSON bodies, as awsJson sends whole inputs and restJson sends the members bound to the body:
//! wire names as keys, timestamps in the schema's format (epoch seconds unless the model says
//! otherwise), blobs as base64, NaN and infinities as strings, unset members left out.

use super::bridge::{self, Form};
use super::schema::Type;
use super::value::{read_into, ReadValue, ValueReader, WriteStruct, WriteValue};
use super::WireError;

/// A structure as a JSON body.
pub fn to_vec(v: &dyn WriteStruct) -> Result<Vec<u8>, WireError> {
    let v = StructValue(v);
    let mut out = Vec::with_capacity(128);
    let mut ser = serde_json::Serializer::new(&mut out);
    bridge::serialize(&v, &Type::Structure, Form::Wire, &mut ser).map_err(WireError::new)?;
    Ok(out)
}

/// Any value (a structure or document payload) as JSON.
pub fn value_to_vec(v: &dyn WriteValue, ty: &Type) -> Result<Vec<u8>, WireError> {
    let mut out = Vec::with_capacity(128);
    let mut ser = serde_json::Serializer::new(&mut out);
    bridge::serialize(v, ty, Form::Wire, &mut ser).map_err(WireError::new)?;
    Ok(out)
}

/// A structure from a JSON body; an empty body is an empty object. A malformed body, a value
/// of the wrong type or a missing required member is an error naming the member.
pub fn from_slice<T: ReadValue>(body: &[u8]) -> Result<T, WireError> {
    let mut out = None;
    read(body, &mut |r| read_into(&mut out, &Type::Structure, r))?;
    match out {
        Some(v) => Ok(v),
        None => Err(WireError::new("the body holds no value")),
    }
}

/// Gives a JSON body's value to `read`; an empty body is an empty object, and anything after
/// the value is an error.
pub fn read(body: &[u8], read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), WireError>) -> Result<(), WireError> {
    let body = if body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { body };
    let mut de = serde_json::Deserializer::from_slice(body);
    bridge::read_with(&mut de, Form::Wire, read)?;
    de.end().map_err(WireError::new)
}

/// Gives a JSON value already parsed (an error answer's body) to `read`.
pub fn read_value(
    body: &serde_json::Value,
    read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), WireError>,
) -> Result<(), WireError> {
    bridge::read_with(body, Form::Wire, read)
}

/// A structure behind `dyn` as a value (the blanket `WriteValue` needs a sized type).
#[derive(Debug)]
struct StructValue<'a>(&'a dyn WriteStruct);

impl WriteValue for StructValue<'_> {
    fn write(&self, _: &Type, w: &mut dyn super::ValueWriter) -> Result<(), WireError> {
        w.structure(self.0)
    }
}
