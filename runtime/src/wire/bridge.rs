//! Writers and readers over serde: what the JSON body codec (over serde_json) and the serde
//! form (over any serde format) share. The two differ only in [`Form`]: which name is the key
//! and how timestamps are written.
//!
//! Reading is push-based over serde's visitors; an error found deep inside is kept in
//! [`Errors`] while serde unwinds, and gains a path segment at each level it leaves, so the
//! caller learns `Items[3].Name: ...`, never only serde's message.

use std::cell::RefCell;
use std::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{self, SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::schema::{Location, Member, Struct, TimestampFormat, Type};
use super::timestamp::{epoch_seconds, from_epoch_seconds, parse_timestamp, EpochSeconds};
use super::value::{MemberWriter, ReadValue, ValueReader, ValueWriter, WriteStruct, WriteValue};
use super::WireError;

type Result<T> = std::result::Result<T, WireError>;

/// Which form a serde-based codec writes and reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// The serde form: model member names; timestamps as epoch seconds.
    Serde,
    /// A JSON body: wire names; timestamps in the schema's format.
    Wire,
    /// A CBOR body (smithy-rpc-v2-cbor): wire names; blobs as byte strings, timestamps as epoch
    /// seconds tagged 1, NaN and the infinities as the floats they are.
    #[cfg(feature = "cbor")]
    Cbor,
}

impl Form {
    fn key(self, m: &Member) -> &'static str {
        match self {
            Form::Serde => m.name,
            _ => m.wire_name,
        }
    }

    /// Whether this form holds only the members the model binds to the body: a JSON body
    /// does; the serde form holds every member, and CBOR (whose protocol binds nothing
    /// elsewhere) every member too.
    fn is_wire(self) -> bool {
        self == Form::Wire
    }

    fn is_cbor(self) -> bool {
        #[cfg(feature = "cbor")]
        if self == Form::Cbor {
            return true;
        }
        false
    }
}

// ---- writing ----

/// Writes `v` to the serde serializer `s`.
pub(crate) fn serialize<S: Serializer>(
    v: &dyn WriteValue,
    ty: &Type,
    form: Form,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    let mut w = SerWriter { s: Some(s), ok: None, err: None, form };
    let written = v.write(ty, &mut w);
    match (w.ok, w.err, written) {
        (_, Some(e), _) => Err(e),
        (_, None, Err(e)) => Err(ser::Error::custom(e)),
        (Some(ok), None, Ok(())) => Ok(ok),
        (None, None, Ok(())) => Err(ser::Error::custom("no value was written")),
    }
}

/// One value's serializer, used once.
struct SerWriter<S: Serializer> {
    s: Option<S>,
    ok: Option<S::Ok>,
    /// The serializer's own error, returned as it is.
    err: Option<S::Error>,
    form: Form,
}

impl<S: Serializer> SerWriter<S> {
    fn take(&mut self) -> Result<S> {
        self.s.take().ok_or_else(|| WireError::new("a second value written where one was expected"))
    }

    fn done(&mut self, r: std::result::Result<S::Ok, S::Error>) -> Result<()> {
        match r {
            Ok(ok) => {
                self.ok = Some(ok);
                Ok(())
            }
            Err(e) => {
                let wire = WireError::new(&e);
                self.err = Some(e);
                Err(wire)
            }
        }
    }

    fn finite(&mut self, v: f64, write: impl FnOnce(S) -> std::result::Result<S::Ok, S::Error>) -> Result<()> {
        let s = self.take()?;
        // JSON has no NaN or infinities; AWS protocols send them as these strings. CBOR has them.
        let r = match super::special_float(v) {
            Some(name) if !self.form.is_cbor() => s.serialize_str(name),
            _ => write(s),
        };
        self.done(r)
    }
}

/// `value` under `ty`, as a serde `Serialize` (for elements, entries and members).
struct Ser<'a> {
    v: &'a dyn WriteValue,
    ty: &'a Type,
    form: Form,
}

impl Serialize for Ser<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        serialize(self.v, self.ty, self.form, s)
    }
}

fn ser_err<E: ser::Error>(e: E) -> WireError {
    WireError::new(e)
}

impl<S: Serializer> ValueWriter for SerWriter<S> {
    fn boolean(&mut self, v: bool) -> Result<()> {
        let s = self.take()?;
        self.done(s.serialize_bool(v))
    }
    fn integer(&mut self, v: i32) -> Result<()> {
        let s = self.take()?;
        self.done(s.serialize_i32(v))
    }
    fn long(&mut self, v: i64) -> Result<()> {
        let s = self.take()?;
        self.done(s.serialize_i64(v))
    }
    fn float(&mut self, v: f32) -> Result<()> {
        self.finite(v as f64, |s| s.serialize_f32(v))
    }
    fn double(&mut self, v: f64) -> Result<()> {
        self.finite(v, |s| s.serialize_f64(v))
    }
    fn string(&mut self, v: &str) -> Result<()> {
        let s = self.take()?;
        self.done(s.serialize_str(v))
    }
    fn blob(&mut self, v: &[u8]) -> Result<()> {
        let s = self.take()?;
        let r = if self.form.is_cbor() { s.serialize_bytes(v) } else { s.serialize_str(&STANDARD.encode(v)) };
        self.done(r)
    }
    fn timestamp(&mut self, v: &OffsetDateTime, format: TimestampFormat) -> Result<()> {
        #[cfg(feature = "cbor")]
        if self.form == Form::Cbor {
            // CBOR's epoch-based date/time: tag 1 over the seconds.
            let s = self.take()?;
            let r = match epoch_seconds(v) {
                EpochSeconds::Whole(n) => ciborium::tag::Required::<i64, 1>(n).serialize(s),
                EpochSeconds::Fraction(x) => ciborium::tag::Required::<f64, 1>(x).serialize(s),
            };
            return self.done(r);
        }
        let format = if self.form == Form::Serde { TimestampFormat::EpochSeconds } else { format };
        let s = self.take()?;
        let r = match format {
            TimestampFormat::EpochSeconds => match epoch_seconds(v) {
                EpochSeconds::Whole(n) => s.serialize_i64(n),
                EpochSeconds::Fraction(x) => s.serialize_f64(x),
            },
            other => s.serialize_str(&super::format_timestamp(v, other)),
        };
        self.done(r)
    }
    fn document(&mut self, v: &serde_json::Value) -> Result<()> {
        let s = self.take()?;
        self.done(v.serialize(s))
    }
    fn list(&mut self, element: &'static Member, items: &mut dyn Iterator<Item = &dyn WriteValue>) -> Result<()> {
        let s = self.take()?;
        let form = self.form;
        let r = (|| {
            let mut seq = s.serialize_seq(None)?;
            for v in items {
                seq.serialize_element(&Ser { v, ty: &element.ty, form })?;
            }
            seq.end()
        })();
        self.done(r)
    }
    fn map(
        &mut self,
        _key: &'static Member,
        value: &'static Member,
        entries: &mut dyn Iterator<Item = (&str, &dyn WriteValue)>,
    ) -> Result<()> {
        let s = self.take()?;
        let form = self.form;
        let r = (|| {
            let mut map = s.serialize_map(None)?;
            for (k, v) in entries {
                map.serialize_entry(k, &Ser { v, ty: &value.ty, form })?;
            }
            map.end()
        })();
        self.done(r)
    }
    fn structure(&mut self, v: &dyn WriteStruct) -> Result<()> {
        let s = self.take()?;
        let map = s.serialize_map(None).map_err(ser_err)?;
        let mut members = MapWriter { map, form: self.form, err: None };
        let written = v.write_members(&mut members);
        if let Some(e) = members.err {
            let wire = WireError::new(&e);
            self.err = Some(e);
            return Err(wire);
        }
        written?;
        self.done(members.map.end())
    }
}

struct MapWriter<M: SerializeMap> {
    map: M,
    form: Form,
    err: Option<M::Error>,
}

impl<M: SerializeMap> MemberWriter for MapWriter<M> {
    fn member(&mut self, member: &'static Member, value: &dyn WriteValue) -> Result<()> {
        // A JSON body holds the body's members; the serde form holds every member.
        if self.form.is_wire() && member.location != Location::Body {
            return Ok(());
        }
        let r = self.map.serialize_entry(self.form.key(member), &Ser { v: value, ty: &member.ty, form: self.form });
        r.map_err(|e| {
            let wire = WireError::new(&e).in_member(member.name);
            self.err = Some(e);
            wire
        })
    }
}

// ---- reading ----

/// The error found inside, kept while serde unwinds.
#[derive(Default)]
pub(crate) struct Errors(RefCell<Option<WireError>>);

impl Errors {
    /// Keeps `e` and gives serde an error to unwind with.
    fn keep<E: de::Error>(&self, e: WireError) -> E {
        let message = E::custom(&e);
        *self.0.borrow_mut() = Some(e);
        message
    }

    /// The kept error, or serde's own.
    fn take<E: fmt::Display>(&self, serde_error: E) -> WireError {
        self.0.borrow_mut().take().unwrap_or_else(|| WireError::new(serde_error))
    }
}

/// Reads a `T` from the serde deserializer `d`.
pub(crate) fn deserialize<'de, T: ReadValue, D: Deserializer<'de>>(d: D, ty: &Type, form: Form) -> Result<T> {
    // Through `read_with`, so that what depends on `T` is one small closure.
    let mut out = None;
    read_with(d, form, &mut |r| super::value::read_into(&mut out, ty, r))?;
    match out {
        Some(v) => Ok(v),
        None => Err(WireError::new("no value was read")),
    }
}

/// Gives the value of the serde deserializer `d` to `read`.
pub(crate) fn read_with<'de, D: Deserializer<'de>>(
    d: D,
    form: Form,
    read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<()>,
) -> Result<()> {
    let errors = Errors::default();
    let mut r = DeReader { d: Some(d), form, errors: &errors };
    read(&mut r)
}

/// One value's deserializer, used once.
struct DeReader<'e, D> {
    d: Option<D>,
    form: Form,
    errors: &'e Errors,
}

impl<'de, D: Deserializer<'de>> DeReader<'_, D> {
    fn take(&mut self) -> Result<D> {
        self.d.take().ok_or_else(|| WireError::new("a second value read where one was expected"))
    }

    fn plain<T: Deserialize<'de>>(&mut self) -> Result<T> {
        let d = self.take()?;
        T::deserialize(d).map_err(WireError::new)
    }

    fn number(&mut self) -> Result<f64> {
        let d = self.take()?;
        d.deserialize_any(NumberVisitor).map_err(WireError::new)
    }
}

impl<'de, D: Deserializer<'de>> ValueReader for DeReader<'_, D> {
    fn boolean(&mut self) -> Result<bool> {
        self.plain()
    }
    fn integer(&mut self) -> Result<i32> {
        self.plain()
    }
    fn long(&mut self) -> Result<i64> {
        self.plain()
    }
    fn float(&mut self) -> Result<f32> {
        self.number().map(|v| v as f32)
    }
    fn double(&mut self) -> Result<f64> {
        self.number()
    }
    fn string(&mut self) -> Result<String> {
        self.plain()
    }
    fn text(&mut self, take: &mut dyn FnMut(&str)) -> Result<()> {
        let text = self.plain::<CowStr<'de>>()?;
        take(&text.0);
        Ok(())
    }
    fn blob(&mut self) -> Result<Vec<u8>> {
        if self.form.is_cbor() {
            return self.take()?.deserialize_byte_buf(BytesVisitor).map_err(WireError::new);
        }
        let text: std::borrow::Cow<'de, str> = self.plain::<CowStr<'de>>()?.0;
        STANDARD.decode(text.as_bytes()).map_err(|e| WireError::new(format!("not base64: {e}")))
    }
    fn timestamp(&mut self, _format: TimestampFormat) -> Result<OffsetDateTime> {
        let d = self.take()?;
        d.deserialize_any(TimestampVisitor).map_err(WireError::new)?
    }
    fn document(&mut self) -> Result<serde_json::Value> {
        self.plain()
    }
    fn list(
        &mut self,
        element: &'static Member,
        each: &mut dyn FnMut(&mut dyn ValueReader) -> Result<()>,
    ) -> Result<()> {
        let _ = element;
        let d = self.take()?;
        let errors = self.errors;
        d.deserialize_seq(ListVisitor { each, form: self.form, errors }).map_err(|e| errors.take(e))
    }
    fn map(
        &mut self,
        _key: &'static Member,
        _value: &'static Member,
        each: &mut dyn FnMut(String, &mut dyn ValueReader) -> Result<()>,
    ) -> Result<()> {
        let d = self.take()?;
        let errors = self.errors;
        d.deserialize_map(MapVisitor { each, form: self.form, errors }).map_err(|e| errors.take(e))
    }
    fn structure(
        &mut self,
        schema: &'static Struct,
        each: &mut dyn FnMut(usize, &mut dyn ValueReader) -> Result<()>,
    ) -> Result<()> {
        let d = self.take()?;
        let errors = self.errors;
        d.deserialize_map(StructVisitor { schema, each, form: self.form, errors }).map_err(|e| errors.take(e))
    }
}

/// A member name, borrowed from the input where it can be.
struct FieldName<'de>(std::borrow::Cow<'de, str>);

impl FieldName<'_> {
    fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for FieldName<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        CowStr::deserialize(d).map(|s| FieldName(s.0))
    }
}

/// A string, borrowed from the input where it can be.
struct CowStr<'de>(std::borrow::Cow<'de, str>);

impl<'de> Deserialize<'de> for CowStr<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CowStr<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> std::result::Result<Self::Value, E> {
                Ok(CowStr(v.into()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
                Ok(CowStr(v.to_owned().into()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<Self::Value, E> {
                Ok(CowStr(v.into()))
            }
        }
        d.deserialize_str(V)
    }
}

/// A CBOR byte string.
struct BytesVisitor;

impl Visitor<'_> for BytesVisitor {
    type Value = Vec<u8>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a byte string")
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> std::result::Result<Vec<u8>, E> {
        Ok(v.to_vec())
    }
    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> std::result::Result<Vec<u8>, E> {
        Ok(v)
    }
}

/// A number, or the strings AWS protocols send for NaN and the infinities.
struct NumberVisitor;

impl Visitor<'_> for NumberVisitor {
    type Value = f64;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number")
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<f64, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<f64, E> {
        match v {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            other => Err(E::invalid_value(de::Unexpected::Str(other), &self)),
        }
    }
}

/// Epoch seconds as a number, or a timestamp as text in any format.
struct TimestampVisitor;

impl Visitor<'_> for TimestampVisitor {
    type Value = Result<OffsetDateTime>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("epoch seconds or a timestamp")
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Self::Value, E> {
        Ok(from_epoch_seconds(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Self::Value, E> {
        Ok(OffsetDateTime::from_unix_timestamp(v).map_err(WireError::new))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Self::Value, E> {
        match i64::try_from(v) {
            Ok(v) => self.visit_i64(v),
            Err(e) => Ok(Err(WireError::new(e))),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
        Ok(parse_timestamp(v))
    }
}

struct ListVisitor<'a, 'e> {
    each: &'a mut dyn FnMut(&mut dyn ValueReader) -> Result<()>,
    form: Form,
    errors: &'e Errors,
}

impl<'de> Visitor<'de> for ListVisitor<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let (form, errors) = (self.form, self.errors);
        for index in 0.. {
            let each = &mut *self.each;
            let item =
                Present { each: &mut |r: &mut dyn ValueReader| each(r).map_err(|e| e.in_item(index)), form, errors };
            if seq.next_element_seed(item)?.is_none() {
                break;
            }
        }
        Ok(())
    }
}

struct MapVisitor<'a, 'e> {
    each: &'a mut dyn FnMut(String, &mut dyn ValueReader) -> Result<()>,
    form: Form,
    errors: &'e Errors,
}

impl<'de> Visitor<'de> for MapVisitor<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let (form, errors) = (self.form, self.errors);
        while let Some(key) = map.next_key::<String>()? {
            let each = &mut *self.each;
            let mut key = Some(key);
            map.next_value_seed(Present {
                each: &mut |r: &mut dyn ValueReader| each(key.take().unwrap_or_default(), r),
                form,
                errors,
            })?;
        }
        Ok(())
    }
}

struct StructVisitor<'a, 'e> {
    schema: &'static Struct,
    each: &'a mut dyn FnMut(usize, &mut dyn ValueReader) -> Result<()>,
    form: Form,
    errors: &'e Errors,
}

impl<'de> Visitor<'de> for StructVisitor<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} object", self.schema.name)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let (form, errors) = (self.form, self.errors);
        let members = self.schema.members;
        // Answers list members in the schema's order, mostly: the search starts after the
        // member last found, so a key is usually found at the first comparison.
        let mut next = 0;
        while let Some(key) = map.next_key::<FieldName<'de>>()? {
            let key = key.as_str();
            let found = (next..members.len())
                .chain(0..next)
                .find(|&i| form.key(&members[i]) == key && (!form.is_wire() || members[i].location == Location::Body));
            let Some(i) = found else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            next = i + 1;
            let member = &self.schema.members[i];
            let each = &mut *self.each;
            map.next_value_seed(Present {
                each: &mut |r: &mut dyn ValueReader| each(i, r).map_err(|e| e.in_member(member.name)),
                form,
                errors,
            })?;
        }
        Ok(())
    }
}

/// A value that is read only when present: `null` reads as absent.
struct Present<'a, 'e> {
    each: &'a mut dyn FnMut(&mut dyn ValueReader) -> Result<()>,
    form: Form,
    errors: &'e Errors,
}

impl<'de> DeserializeSeed<'de> for Present<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for Present<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }
    fn visit_none<E: de::Error>(self) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        let mut r = DeReader { d: Some(d), form: self.form, errors: self.errors };
        (self.each)(&mut r).map_err(|e| self.errors.keep(e))
    }
}
