//! CBOR bodies (smithy-rpc-v2-cbor), on ciborium: a structure is a map keyed by wire names,
//! blobs are byte strings, timestamps epoch seconds under tag 1, NaN and the infinities the floats
//! they are. Written through the serde bridge the JSON codecs share; read from ciborium's value
//! tree (nested at most 256 deep, as ciborium limits it) by a reader of its own, so that a
//! malformed body or a value of the wrong type is an error naming the member.

use ciborium::value::Value;
use serde::Serialize;

use super::bridge::{self, Form};
use super::schema::{Member, Struct, TimestampFormat, Type};
use super::timestamp::from_epoch_seconds;
use super::value::{ValueReader, WriteStruct, WriteValue};
use super::WireError;

type Result<T> = std::result::Result<T, WireError>;

/// A structure as a CBOR body.
pub fn to_vec(v: &dyn WriteStruct) -> Result<Vec<u8>> {
    #[derive(Debug)]
    struct Body<'a>(&'a dyn WriteStruct);
    impl WriteValue for Body<'_> {
        fn write(&self, _: &Type, w: &mut dyn super::ValueWriter) -> Result<()> {
            w.structure(self.0)
        }
    }
    impl Serialize for Body<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            bridge::serialize(self, &Type::Structure, Form::Cbor, s)
        }
    }
    let mut out = Vec::with_capacity(128);
    ciborium::into_writer(&Body(v), &mut out).map_err(WireError::new)?;
    Ok(out)
}

/// A CBOR body's value tree; an empty body is an empty map.
pub fn parse(body: &[u8]) -> Result<Value> {
    if body.is_empty() {
        return Ok(Value::Map(Vec::new()));
    }
    ciborium::from_reader(body).map_err(|e| WireError::new(format!("malformed CBOR: {e}")))
}

/// Gives a CBOR body's value to `read`.
pub fn read(body: &[u8], read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<()>) -> Result<()> {
    let value = parse(body)?;
    read(&mut CborReader(&value))
}

/// A CBOR value as JSON (an error answer's body, kept for its members): byte strings as
/// base64, tags as what they hold.
pub fn to_json(v: &Value) -> serde_json::Value {
    use base64::Engine;
    match v {
        Value::Integer(i) => i64::try_from(*i).map(serde_json::Value::from).unwrap_or(serde_json::Value::Null),
        Value::Bytes(b) => base64::engine::general_purpose::STANDARD.encode(b).into(),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, serde_json::Value::Number),
        Value::Text(t) => t.clone().into(),
        Value::Bool(b) => (*b).into(),
        Value::Tag(_, inner) => to_json(inner),
        Value::Array(items) => items.iter().map(to_json).collect(),
        Value::Map(entries) => entries
            .iter()
            .filter_map(|(k, v)| k.as_text().map(|k| (k.to_string(), to_json(v))))
            .collect::<serde_json::Map<_, _>>()
            .into(),
        _ => serde_json::Value::Null,
    }
}

/// Reads one CBOR value as the schema's type.
pub struct CborReader<'a>(pub &'a Value);

impl CborReader<'_> {
    /// The value under any tags.
    fn bare(&self) -> &Value {
        let mut v = self.0;
        while let Value::Tag(_, inner) = v {
            v = inner;
        }
        v
    }

    fn wrong(&self, what: &str) -> WireError {
        let found = match self.bare() {
            Value::Integer(_) => "an integer",
            Value::Bytes(_) => "a byte string",
            Value::Float(_) => "a float",
            Value::Text(_) => "a text string",
            Value::Bool(_) => "a boolean",
            Value::Null => "null",
            Value::Array(_) => "an array",
            Value::Map(_) => "a map",
            _ => "another CBOR value",
        };
        WireError::new(format!("{found} where {what} was expected"))
    }

    fn int(&self) -> Result<i128> {
        match self.bare() {
            Value::Integer(i) => Ok(i128::from(*i)),
            _ => Err(self.wrong("an integer")),
        }
    }

    fn number(&self) -> Result<f64> {
        match self.bare() {
            Value::Float(f) => Ok(*f),
            Value::Integer(i) => Ok(i128::from(*i) as f64),
            _ => Err(self.wrong("a number")),
        }
    }
}

fn fits<T: TryFrom<i128>>(v: i128) -> Result<T> {
    T::try_from(v).map_err(|_| WireError::new(format!("{v} is out of range")))
}

impl ValueReader for CborReader<'_> {
    fn boolean(&mut self) -> Result<bool> {
        match self.bare() {
            Value::Bool(b) => Ok(*b),
            _ => Err(self.wrong("a boolean")),
        }
    }
    fn integer(&mut self) -> Result<i32> {
        fits(self.int()?)
    }
    fn long(&mut self) -> Result<i64> {
        fits(self.int()?)
    }
    fn float(&mut self) -> Result<f32> {
        self.number().map(|v| v as f32)
    }
    fn double(&mut self) -> Result<f64> {
        self.number()
    }
    fn string(&mut self) -> Result<String> {
        match self.bare() {
            Value::Text(t) => Ok(t.clone()),
            _ => Err(self.wrong("a text string")),
        }
    }
    fn text(&mut self, take: &mut dyn FnMut(&str)) -> Result<()> {
        match self.bare() {
            Value::Text(t) => {
                take(t);
                Ok(())
            }
            _ => Err(self.wrong("a text string")),
        }
    }
    fn blob(&mut self) -> Result<Vec<u8>> {
        match self.bare() {
            Value::Bytes(b) => Ok(b.clone()),
            _ => Err(self.wrong("a byte string")),
        }
    }
    fn timestamp(&mut self, _: TimestampFormat) -> Result<time::OffsetDateTime> {
        from_epoch_seconds(self.number()?)
    }
    fn document(&mut self) -> Result<serde_json::Value> {
        Ok(to_json(self.0))
    }
    fn list(&mut self, _: &'static Member, each: &mut dyn FnMut(&mut dyn ValueReader) -> Result<()>) -> Result<()> {
        let Value::Array(items) = self.bare() else { return Err(self.wrong("an array")) };
        for (i, item) in items.iter().enumerate() {
            // A null item of a dense list is left out, as botocore leaves it.
            if !item.is_null() {
                each(&mut CborReader(item)).map_err(|e| e.in_item(i))?;
            }
        }
        Ok(())
    }
    fn map(
        &mut self,
        _: &'static Member,
        _: &'static Member,
        each: &mut dyn FnMut(String, &mut dyn ValueReader) -> Result<()>,
    ) -> Result<()> {
        let Value::Map(entries) = self.bare() else { return Err(self.wrong("a map")) };
        for (k, v) in entries {
            let Some(key) = k.as_text() else { return Err(WireError::new("a map key that is not a text string")) };
            if !v.is_null() {
                each(key.to_string(), &mut CborReader(v)).map_err(|e| e.in_entry(key))?;
            }
        }
        Ok(())
    }
    fn structure(
        &mut self,
        schema: &'static Struct,
        each: &mut dyn FnMut(usize, &mut dyn ValueReader) -> Result<()>,
    ) -> Result<()> {
        let Value::Map(entries) = self.bare() else { return Err(self.wrong(&format!("a {} map", schema.name))) };
        for (k, v) in entries {
            let Some(key) = k.as_text() else { continue };
            // smithy-rpc-v2-cbor binds nothing to headers or a payload: every member is the body's.
            let found = schema.members.iter().position(|m| m.wire_name == key);
            // Unknown keys (a newer service's members) and nulls are skipped.
            if let (Some(i), false) = (found, v.is_null()) {
                each(i, &mut CborReader(v)).map_err(|e| e.in_member(schema.members[i].name))?;
            }
        }
        Ok(())
    }
}
