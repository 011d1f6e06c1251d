//! awsQuery and ec2Query request bodies: every member that is set becomes form parameters under its
//! path, as botocore's `QuerySerializer` writes them. A structure's members are `Prefix.Name`; a
//! list is `Name.member.N` (the item's name where the schema gives one, counted from 1), or
//! `Name.N` flattened (renamed to the item's name where it has one), and an empty list is
//! `Name=`; a map is `Name.entry.N.key` and `Name.entry.N.value` (`Name.N.key` flattened, the
//! key's and value's names where the schema gives them). Booleans are `true`/`false`,
//! timestamps ISO 8601 unless the schema says otherwise, blobs base64, NaN and infinities as
//! their names. The body is `application/x-www-form-urlencoded` as Python's `urlencode`
//! writes it (RFC 3986's unreserved characters kept, spaces as `+`). ec2Query differs as
//! botocore's `EC2Serializer` does ([`Dialect::Ec2`]).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use time::OffsetDateTime;

use super::schema::{Member, TimestampFormat};
use super::value::{MemberWriter, ValueWriter, WriteStruct, WriteValue};
use super::WireError;

type Result<T> = std::result::Result<T, WireError>;

/// What a form value keeps unescaped: RFC 3986's unreserved characters (and the space, which
/// becomes `+`).
const FORM: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b' ');

/// One form component, escaped.
pub fn form_encode(s: &str) -> String {
    utf8_percent_encode(s, FORM).to_string().replace(' ', "+")
}

/// Which protocol's parameters: awsQuery's, or ec2Query's, whose names are the members' query
/// names, whose lists are always `Name.N` and whose empty lists are left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Query,
    Ec2,
}

/// The parameters of a structure's members that are set, in schema order.
pub fn to_params(input: &dyn WriteStruct, dialect: Dialect) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    input.write_members(&mut Members { prefix: "", out: &mut out, dialect })?;
    Ok(out)
}

/// A form body: `Action` and `Version` first, then the parameters.
pub fn body(action: &str, version: &str, params: &[(String, String)]) -> String {
    let mut out = format!("Action={}&Version={}", form_encode(action), form_encode(version));
    for (k, v) in params {
        out.push('&');
        out.push_str(&form_encode(k));
        out.push('=');
        out.push_str(&form_encode(v));
    }
    out
}

/// Takes a structure's members under `prefix`.
struct Members<'a> {
    prefix: &'a str,
    out: &'a mut Vec<(String, String)>,
    dialect: Dialect,
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

impl MemberWriter for Members<'_> {
    fn member(&mut self, member: &'static Member, value: &dyn WriteValue) -> Result<()> {
        let name = match (self.dialect, member.query_name) {
            (Dialect::Ec2, Some(q)) => q,
            _ => member.wire_name,
        };
        let key = join(self.prefix, name);
        let mut w = Param { key, member, out: self.out, dialect: self.dialect };
        value.write(&member.ty, &mut w).map_err(|e| e.in_member(member.name))
    }
}

/// Takes one value at `key`; `member` is the schema entry it belongs to (its list is flattened
/// or not).
struct Param<'a> {
    key: String,
    member: &'static Member,
    out: &'a mut Vec<(String, String)>,
    dialect: Dialect,
}

impl Param<'_> {
    fn push(&mut self, v: String) -> Result<()> {
        self.out.push((std::mem::take(&mut self.key), v));
        Ok(())
    }

    fn number(&mut self, v: f64, text: String) -> Result<()> {
        self.push(super::special_float(v).map_or(text, str::to_string))
    }

    /// Writes `value` (of the schema entry `member`) at `key`.
    fn at(&mut self, key: String, member: &'static Member, value: &dyn WriteValue) -> Result<()> {
        value.write(&member.ty, &mut Param { key, member, out: self.out, dialect: self.dialect })
    }
}

impl ValueWriter for Param<'_> {
    fn boolean(&mut self, v: bool) -> Result<()> {
        self.push(v.to_string())
    }
    fn integer(&mut self, v: i32) -> Result<()> {
        self.push(v.to_string())
    }
    fn long(&mut self, v: i64) -> Result<()> {
        self.push(v.to_string())
    }
    fn float(&mut self, v: f32) -> Result<()> {
        self.number(v as f64, v.to_string())
    }
    fn double(&mut self, v: f64) -> Result<()> {
        self.number(v, v.to_string())
    }
    fn string(&mut self, v: &str) -> Result<()> {
        self.push(v.to_string())
    }
    fn blob(&mut self, v: &[u8]) -> Result<()> {
        self.push(STANDARD.encode(v))
    }
    fn timestamp(&mut self, v: &OffsetDateTime, format: TimestampFormat) -> Result<()> {
        self.push(super::format_timestamp(v, format))
    }
    fn list(&mut self, element: &'static Member, items: &mut dyn Iterator<Item = &dyn WriteValue>) -> Result<()> {
        let mut items = items.peekable();
        let base = if self.dialect == Dialect::Ec2 {
            // ec2Query: `Name.N`, and nothing for an empty list.
            self.key.clone()
        } else if items.peek().is_none() {
            return self.push(String::new());
        } else if !self.member.flattened {
            format!("{}.{}", self.key, element.wire_name)
        } else if element.wire_name != "member" {
            // A flattened list with a named item goes under the item's name.
            match self.key.rsplit_once('.') {
                Some((parent, _)) => format!("{parent}.{}", element.wire_name),
                None => element.wire_name.to_string(),
            }
        } else {
            self.key.clone()
        };
        for (i, item) in items.enumerate() {
            self.at(format!("{base}.{}", i + 1), element, item).map_err(|e| e.in_item(i))?;
        }
        Ok(())
    }
    fn map(
        &mut self,
        key: &'static Member,
        value: &'static Member,
        entries: &mut dyn Iterator<Item = (&str, &dyn WriteValue)>,
    ) -> Result<()> {
        let base = if self.member.flattened { self.key.clone() } else { format!("{}.entry", self.key) };
        for (i, (k, v)) in entries.enumerate() {
            let entry = format!("{base}.{}", i + 1);
            self.out.push((format!("{entry}.{}", key.wire_name), k.to_string()));
            self.at(format!("{entry}.{}", value.wire_name), value, v).map_err(|e| e.in_entry(k))?;
        }
        Ok(())
    }
    fn structure(&mut self, v: &dyn WriteStruct) -> Result<()> {
        v.write_members(&mut Members { prefix: &self.key, out: self.out, dialect: self.dialect })
    }
}
