//! The seam between generated types and codecs: a writer takes values, a reader gives them.
//! Both are object-safe, so codec code is compiled once in the runtime and generated code once
//! per type, whichever codecs a program uses.

use std::collections::BTreeMap;

use time::OffsetDateTime;

use super::schema::{Member, Struct, TimestampFormat, Type};
use super::WireError;
use crate::{Blob, ByteStream};

type Result<T> = std::result::Result<T, WireError>;

/// Takes one value. A writer that takes only some kinds of value (a header takes no
/// structure) leaves the others to the defaults, which refuse them by name.
pub trait ValueWriter {
    fn boolean(&mut self, _v: bool) -> Result<()> {
        Err(refused("a boolean"))
    }
    fn integer(&mut self, _v: i32) -> Result<()> {
        Err(refused("an integer"))
    }
    fn long(&mut self, _v: i64) -> Result<()> {
        Err(refused("an integer"))
    }
    fn float(&mut self, _v: f32) -> Result<()> {
        Err(refused("a number"))
    }
    fn double(&mut self, _v: f64) -> Result<()> {
        Err(refused("a number"))
    }
    fn string(&mut self, _v: &str) -> Result<()> {
        Err(refused("a string"))
    }
    fn blob(&mut self, _v: &[u8]) -> Result<()> {
        Err(refused("a blob"))
    }
    /// A streaming body: written as a blob where it is in memory. A payload writer keeps it to
    /// send as it is.
    fn stream(&mut self, v: &ByteStream) -> Result<()> {
        match v.bytes() {
            Some(b) => self.blob(b),
            None => Err(WireError::new(crate::stream::NOT_IN_MEMORY)),
        }
    }
    fn timestamp(&mut self, _v: &OffsetDateTime, _format: TimestampFormat) -> Result<()> {
        Err(refused("a timestamp"))
    }
    fn document(&mut self, _v: &serde_json::Value) -> Result<()> {
        Err(refused("a document"))
    }
    fn list(&mut self, _element: &'static Member, _items: &mut dyn Iterator<Item = &dyn WriteValue>) -> Result<()> {
        Err(refused("a list"))
    }
    fn map(
        &mut self,
        _key: &'static Member,
        _value: &'static Member,
        _entries: &mut dyn Iterator<Item = (&str, &dyn WriteValue)>,
    ) -> Result<()> {
        Err(refused("a map"))
    }
    fn structure(&mut self, _v: &dyn WriteStruct) -> Result<()> {
        Err(refused("a structure"))
    }
}

/// Takes the members of one structure.
pub trait MemberWriter {
    fn member(&mut self, member: &'static Member, value: &dyn WriteValue) -> Result<()>;
}

/// Gives one value. Lists, maps and structures call back once per item, entry or member present.
/// A reader that holds only some kinds of value (a header holds no structure) leaves the others
/// to the defaults, which say what was asked for.
pub trait ValueReader {
    fn boolean(&mut self) -> Result<bool> {
        Err(absent("a boolean"))
    }
    fn integer(&mut self) -> Result<i32> {
        Err(absent("an integer"))
    }
    fn long(&mut self) -> Result<i64> {
        Err(absent("an integer"))
    }
    fn float(&mut self) -> Result<f32> {
        Err(absent("a number"))
    }
    fn double(&mut self) -> Result<f64> {
        Err(absent("a number"))
    }
    fn string(&mut self) -> Result<String> {
        Err(absent("a string"))
    }
    /// A string, lent to `take` (no copy where the input holds it as is): for enum values.
    fn text(&mut self, _take: &mut dyn FnMut(&str)) -> Result<()> {
        Err(absent("a string"))
    }
    fn blob(&mut self) -> Result<Vec<u8>> {
        Err(absent("a blob"))
    }
    /// A streaming body: a blob read whole, but for a payload reader, which hands the answer's
    /// body over as it arrives.
    fn stream(&mut self) -> Result<ByteStream> {
        self.blob().map(ByteStream::from)
    }
    fn timestamp(&mut self, _format: TimestampFormat) -> Result<OffsetDateTime> {
        Err(absent("a timestamp"))
    }
    fn document(&mut self) -> Result<serde_json::Value> {
        Err(absent("a document"))
    }
    fn list(
        &mut self,
        _element: &'static Member,
        _each: &mut dyn FnMut(&mut dyn ValueReader) -> Result<()>,
    ) -> Result<()> {
        Err(absent("a list"))
    }
    fn map(
        &mut self,
        _key: &'static Member,
        _value: &'static Member,
        _each: &mut dyn FnMut(String, &mut dyn ValueReader) -> Result<()>,
    ) -> Result<()> {
        Err(absent("a map"))
    }
    /// Calls `each` with the index (in `schema.members`) of every member present.
    fn structure(
        &mut self,
        schema: &'static Struct,
        _each: &mut dyn FnMut(usize, &mut dyn ValueReader) -> Result<()>,
    ) -> Result<()> {
        Err(absent(&format!("a {} structure", schema.name)))
    }
}

fn refused(what: &str) -> WireError {
    WireError::new(format!("{what} cannot be written here"))
}

fn absent(what: &str) -> WireError {
    WireError::new(format!("{what} was expected, and cannot be read from here"))
}

/// A value a writer can take; `ty` is what the schema says of it. `Debug` shows it inside a
/// structure's `Debug` ([`debug_struct`](super::debug_struct)).
pub trait WriteValue: std::fmt::Debug {
    fn write(&self, ty: &Type, w: &mut dyn ValueWriter) -> Result<()>;
}

/// A generated structure: its schema and its members.
pub trait WriteStruct: std::fmt::Debug {
    fn schema(&self) -> &'static Struct;
    /// Hands every member that is set to `w`, in the schema's order.
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<()>;
}

/// A value a reader can give.
pub trait ReadValue: Sized {
    fn read(ty: &Type, r: &mut dyn ValueReader) -> Result<Self>;
}

fn format_of(ty: &Type) -> TimestampFormat {
    match ty {
        Type::Timestamp(f) => *f,
        _ => TimestampFormat::EpochSeconds,
    }
}

macro_rules! scalar {
    ($t:ty, $m:ident) => {
        impl WriteValue for $t {
            fn write(&self, _: &Type, w: &mut dyn ValueWriter) -> Result<()> {
                w.$m(*self)
            }
        }
        impl ReadValue for $t {
            fn read(_: &Type, r: &mut dyn ValueReader) -> Result<Self> {
                r.$m()
            }
        }
    };
}
scalar!(bool, boolean);
scalar!(i32, integer);
scalar!(i64, long);
scalar!(f32, float);
scalar!(f64, double);

impl WriteValue for String {
    fn write(&self, _: &Type, w: &mut dyn ValueWriter) -> Result<()> {
        w.string(self)
    }
}

impl ReadValue for String {
    fn read(_: &Type, r: &mut dyn ValueReader) -> Result<Self> {
        r.string()
    }
}

impl WriteValue for Blob {
    fn write(&self, _: &Type, w: &mut dyn ValueWriter) -> Result<()> {
        w.blob(self.as_bytes())
    }
}

impl ReadValue for Blob {
    fn read(_: &Type, r: &mut dyn ValueReader) -> Result<Self> {
        r.blob().map(Blob)
    }
}

impl WriteValue for ByteStream {
    fn write(&self, _: &Type, w: &mut dyn ValueWriter) -> Result<()> {
        w.stream(self)
    }
}

impl ReadValue for ByteStream {
    fn read(_: &Type, r: &mut dyn ValueReader) -> Result<Self> {
        r.stream()
    }
}

impl WriteValue for OffsetDateTime {
    fn write(&self, ty: &Type, w: &mut dyn ValueWriter) -> Result<()> {
        w.timestamp(self, format_of(ty))
    }
}

impl ReadValue for OffsetDateTime {
    fn read(ty: &Type, r: &mut dyn ValueReader) -> Result<Self> {
        r.timestamp(format_of(ty))
    }
}

impl WriteValue for serde_json::Value {
    fn write(&self, _: &Type, w: &mut dyn ValueWriter) -> Result<()> {
        w.document(self)
    }
}

impl ReadValue for serde_json::Value {
    fn read(_: &Type, r: &mut dyn ValueReader) -> Result<Self> {
        r.document()
    }
}

impl<T: WriteStruct> WriteValue for T {
    fn write(&self, _: &Type, w: &mut dyn ValueWriter) -> Result<()> {
        w.structure(self)
    }
}

impl<T: ReadValue> ReadValue for Box<T> {
    fn read(ty: &Type, r: &mut dyn ValueReader) -> Result<Self> {
        T::read(ty, r).map(Box::new)
    }
}

/// The element schema of a list type; a schema that does not say is a codec bug, reported.
fn element(ty: &Type) -> Result<&'static Member> {
    match ty {
        Type::List(m) => Ok(m),
        other => Err(WireError::new(format!("a list where the schema says {other:?}"))),
    }
}

fn entry(ty: &Type) -> Result<(&'static Member, &'static Member)> {
    match ty {
        Type::Map(k, v) => Ok((k, v)),
        other => Err(WireError::new(format!("a map where the schema says {other:?}"))),
    }
}

impl<T: WriteValue> WriteValue for Vec<T> {
    fn write(&self, ty: &Type, w: &mut dyn ValueWriter) -> Result<()> {
        w.list(element(ty)?, &mut self.iter().map(|v| v as &dyn WriteValue))
    }
}

impl<T: ReadValue> ReadValue for Vec<T> {
    fn read(ty: &Type, r: &mut dyn ValueReader) -> Result<Self> {
        let elem = element(ty)?;
        let mut out = Vec::new();
        r.list(elem, &mut |r| {
            out.push(T::read(&elem.ty, r)?);
            Ok(())
        })?;
        Ok(out)
    }
}

impl<K: AsRef<str> + Ord + std::fmt::Debug, V: WriteValue> WriteValue for BTreeMap<K, V> {
    fn write(&self, ty: &Type, w: &mut dyn ValueWriter) -> Result<()> {
        let (k, v) = entry(ty)?;
        w.map(k, v, &mut self.iter().map(|(k, v)| (k.as_ref(), v as &dyn WriteValue)))
    }
}

impl<K: for<'a> From<&'a str> + Ord, V: ReadValue> ReadValue for BTreeMap<K, V> {
    fn read(ty: &Type, r: &mut dyn ValueReader) -> Result<Self> {
        let (k, v) = entry(ty)?;
        let mut out = BTreeMap::new();
        r.map(k, v, &mut |key, r| {
            let value = V::read(&v.ty, r).map_err(|e| e.in_entry(&key))?;
            out.insert(K::from(key.as_str()), value);
            Ok(())
        })?;
        Ok(out)
    }
}

/// An enum's value, read without copying a known one.
pub fn read_enum<E: for<'a> From<&'a str>>(r: &mut dyn ValueReader) -> Result<E> {
    let mut value = None;
    r.text(&mut |s| value = Some(E::from(s)))?;
    value.ok_or_else(|| WireError::new("no value was read"))
}

/// A member's slot while its structure is read: an `Option` of any type that can be read.
pub trait Slot {
    /// Reads the member's value into the slot.
    fn fill(&mut self, ty: &Type, r: &mut dyn ValueReader) -> Result<()>;
}

impl<T: ReadValue> Slot for Option<T> {
    #[inline]
    fn fill(&mut self, ty: &Type, r: &mut dyn ValueReader) -> Result<()> {
        read_into(self, ty, r)
    }
}

/// Reads a structure's members into `slots`, one for each of `schema.members` in order. A
/// generated structure's `ReadValue` is its slots, this one call and the structure built from
/// them: the dispatch from a member to its slot is compiled here once, not once per structure.
pub fn read_members(r: &mut dyn ValueReader, schema: &'static Struct, slots: &mut [&mut dyn Slot]) -> Result<()> {
    r.structure(schema, &mut |i, r| match slots.get_mut(i) {
        Some(slot) => slot.fill(&schema.members[i].ty, r),
        None => Ok(()),
    })
}

/// Reads one member into its slot: a generated structure's `ReadValue` makes one such call a
/// member, so that the per-type code is a call, not a read, a `?` and a drop of its own.
#[inline]
pub fn read_into<T: ReadValue>(slot: &mut Option<T>, ty: &Type, r: &mut dyn ValueReader) -> Result<()> {
    *slot = Some(T::read(ty, r)?);
    Ok(())
}

/// A required member's value once read, or an error naming it (by its wire name).
#[inline]
pub fn required<T>(slot: Option<T>, wire_name: &str) -> Result<T> {
    match slot {
        Some(v) => Ok(v),
        None => Err(WireError::missing(wire_name)),
    }
}

/// Hands a structure's members that are set (`values`, in the order of `members`) to `w`: a
/// generated structure's `WriteStruct::write_members` is this one call.
pub fn write_all(
    w: &mut dyn MemberWriter,
    members: &'static [Member],
    values: &[Option<&dyn WriteValue>],
) -> Result<()> {
    for (member, value) in members.iter().zip(values) {
        if let Some(value) = value {
            w.member(member, *value)?;
        }
    }
    Ok(())
}

/// An optional member for [`write_all`].
#[inline]
pub fn opt<T: WriteValue>(v: &Option<T>) -> Option<&dyn WriteValue> {
    match v {
        Some(v) => Some(v),
        None => None,
    }
}

/// An optional boxed member (a recursive structure's) for [`write_all`].
#[inline]
pub fn opt_boxed<T: WriteValue>(v: &Option<Box<T>>) -> Option<&dyn WriteValue> {
    match v {
        Some(v) => Some(&**v),
        None => None,
    }
}
