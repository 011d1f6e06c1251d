//! A structure written as generated code writes one, for the runtime's own tests.

use std::collections::BTreeMap;

use time::OffsetDateTime;

use super::*;
use crate::Blob;

/// Like a generated shape: every member optional, one required, one boxed and recursive.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Thing {
    pub name: Option<String>,
    pub count: i32,
    pub items: Option<Vec<String>>,
    pub at: Option<OffsetDateTime>,
    pub stamps: Option<Vec<OffsetDateTime>>,
    pub tags: Option<BTreeMap<String, String>>,
    pub data: Option<Blob>,
    pub ratio: Option<f64>,
    pub inner: Option<Box<Thing>>,
}

pub(crate) static THING: Struct = Struct {
    name: "Thing",
    members: &[
        Member::body("Name", Type::String).at(Location::Body, "name"),
        Member::body("Count", Type::Integer),
        Member::body("Items", Type::List(&Member::body("member", Type::String))),
        Member::body("At", Type::Timestamp(TimestampFormat::DateTime)),
        Member::body("Stamps", Type::List(&Member::body("member", Type::Timestamp(TimestampFormat::EpochSeconds)))),
        Member::body("Tags", Type::Map(&Member::body("key", Type::String), &Member::body("value", Type::String))),
        Member::body("Data", Type::Blob),
        Member::body("Ratio", Type::Double),
        Member::body("Inner", Type::Structure),
    ],
};

impl WriteStruct for Thing {
    fn schema(&self) -> &'static Struct {
        &THING
    }
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WireError> {
        let m = THING.members;
        if let Some(v) = &self.name {
            w.member(&m[0], v)?;
        }
        w.member(&m[1], &self.count)?;
        if let Some(v) = &self.items {
            w.member(&m[2], v)?;
        }
        if let Some(v) = &self.at {
            w.member(&m[3], v)?;
        }
        if let Some(v) = &self.stamps {
            w.member(&m[4], v)?;
        }
        if let Some(v) = &self.tags {
            w.member(&m[5], v)?;
        }
        if let Some(v) = &self.data {
            w.member(&m[6], v)?;
        }
        if let Some(v) = &self.ratio {
            w.member(&m[7], v)?;
        }
        if let Some(v) = &self.inner {
            w.member(&m[8], &**v)?;
        }
        Ok(())
    }
}

impl ReadValue for Thing {
    fn read(_: &Type, r: &mut dyn ValueReader) -> Result<Self, WireError> {
        let m = THING.members;
        let mut t = Thing::default();
        let mut count = None;
        r.structure(&THING, &mut |i, r| {
            match i {
                0 => t.name = Some(ReadValue::read(&m[0].ty, r)?),
                1 => count = Some(ReadValue::read(&m[1].ty, r)?),
                2 => t.items = Some(ReadValue::read(&m[2].ty, r)?),
                3 => t.at = Some(ReadValue::read(&m[3].ty, r)?),
                4 => t.stamps = Some(ReadValue::read(&m[4].ty, r)?),
                5 => t.tags = Some(ReadValue::read(&m[5].ty, r)?),
                6 => t.data = Some(ReadValue::read(&m[6].ty, r)?),
                7 => t.ratio = Some(ReadValue::read(&m[7].ty, r)?),
                8 => t.inner = Some(ReadValue::read(&m[8].ty, r)?),
                _ => {}
            }
            Ok(())
        })?;
        t.count = count.ok_or_else(|| WireError::missing("Count"))?;
        Ok(t)
    }
}

impl serde::Serialize for Thing {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serde_form::serialize(self, &Type::Structure, s)
    }
}

impl<'de> serde::Deserialize<'de> for Thing {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde_form::deserialize(d, &Type::Structure)
    }
}

/// Like a generated restJson1 input: a label, query parameters, headers, prefix headers and a
/// body member; read back as an output, its header and status members come from the answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Call {
    pub function: Option<String>,
    pub qualifier: Option<String>,
    pub tags: Option<Vec<String>>,
    pub since: Option<OffsetDateTime>,
    pub meta: Option<BTreeMap<String, String>>,
    pub description: Option<String>,
    pub status: Option<i32>,
}

pub(crate) static CALL: Struct = Struct {
    name: "Call",
    members: &[
        Member::body("FunctionName", Type::String).at(Location::Label, "FunctionName"),
        Member::body("Qualifier", Type::String).at(Location::Query, "Qualifier"),
        Member::body("Tags", Type::List(&Member::body("member", Type::String))).at(Location::Query, "tag"),
        Member::body("Since", Type::Timestamp(TimestampFormat::HttpDate)).at(Location::Header, "X-Amz-Since"),
        Member::body("Meta", Type::Map(&Member::body("key", Type::String), &Member::body("value", Type::String)))
            .at(Location::PrefixHeaders, "x-amz-meta-"),
        Member::body("Description", Type::String).at(Location::Body, "description"),
        Member::body("Status", Type::Integer).at(Location::StatusCode, "Status"),
    ],
};

impl WriteStruct for Call {
    fn schema(&self) -> &'static Struct {
        &CALL
    }
    fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WireError> {
        let m = CALL.members;
        let values: [Option<&dyn WriteValue>; 7] = [
            self.function.as_ref().map(|v| v as &dyn WriteValue),
            self.qualifier.as_ref().map(|v| v as &dyn WriteValue),
            self.tags.as_ref().map(|v| v as &dyn WriteValue),
            self.since.as_ref().map(|v| v as &dyn WriteValue),
            self.meta.as_ref().map(|v| v as &dyn WriteValue),
            self.description.as_ref().map(|v| v as &dyn WriteValue),
            self.status.as_ref().map(|v| v as &dyn WriteValue),
        ];
        for (member, value) in m.iter().zip(values) {
            if let Some(v) = value {
                w.member(member, v)?;
            }
        }
        Ok(())
    }
}

impl ReadValue for Call {
    fn read(_: &Type, r: &mut dyn ValueReader) -> Result<Self, WireError> {
        let m = CALL.members;
        let mut c = Call::default();
        r.structure(&CALL, &mut |i, r| {
            match i {
                0 => c.function = Some(ReadValue::read(&m[0].ty, r)?),
                1 => c.qualifier = Some(ReadValue::read(&m[1].ty, r)?),
                2 => c.tags = Some(ReadValue::read(&m[2].ty, r)?),
                3 => c.since = Some(ReadValue::read(&m[3].ty, r)?),
                4 => c.meta = Some(ReadValue::read(&m[4].ty, r)?),
                5 => c.description = Some(ReadValue::read(&m[5].ty, r)?),
                6 => c.status = Some(ReadValue::read(&m[6].ty, r)?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(c)
    }
}
