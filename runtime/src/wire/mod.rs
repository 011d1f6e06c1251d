//! The wire codecs: how values travel, apart from what they are.
//!
//! Generated types carry no codec of their own. Each structure has a static description of its
//! members ([`Struct`]: names, wire names, where each travels, timestamp formats) and one pair of
//! small generated functions that hand its members to a writer and take them from a reader
//! ([`WriteStruct`], [`ReadValue`]), whatever the writer or reader is. Every codec is runtime code
//! over those: the JSON body codec ([`json`]) that awsJson and the body of restJson share, and the
//! documented **serde form** ([`serde_form`]: JSON with the model's member names, as boto3's
//! dictionaries) that `Serialize` and `Deserialize` of every type use, awsQuery's form
//! parameters (`query`, feature `query`) and XML answers ([`xml`]). A protocol added later (CBOR) is another
//! writer and reader here, not more code per type.

mod bridge;
#[cfg(feature = "cbor")]
pub mod cbor;
mod debug;
mod error;
pub mod json;
#[cfg(feature = "query")]
pub mod query;
mod schema;
pub mod serde_form;
#[cfg(test)]
pub(crate) mod testing;
#[cfg(test)]
mod tests;
pub mod text;
mod timestamp;
mod value;
pub mod xml;

pub use debug::{debug_members, debug_output, debug_struct};
pub use error::WireError;
pub use schema::{JsonText, Location, Member, Struct, TimestampFormat, Type};
pub use timestamp::{format_timestamp, parse_timestamp};
pub use value::{
    opt, opt_boxed, read_enum, read_into, read_members, required, write_all, MemberWriter, ReadValue, Slot,
    ValueReader, ValueWriter, WriteStruct, WriteValue,
};

/// The name AWS's text protocols give a float JSON, XML and query text cannot write as a number
/// (`NaN`, `Infinity`, `-Infinity`); `None` for a finite one.
pub(crate) fn special_float(v: f64) -> Option<&'static str> {
    match v {
        _ if v.is_nan() => Some("NaN"),
        _ if v.is_infinite() => Some(if v > 0.0 { "Infinity" } else { "-Infinity" }),
        _ => None,
    }
}
