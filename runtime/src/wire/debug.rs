//! `Debug` of generated structures and builders, from their schema.
//!
//! A structure's `Debug` is one call here: its members go through [`WriteStruct::write_members`],
//! which every structure has for its codecs, so no type carries a `Debug` body of its own (a
//! derived or hand-written `Debug` was about a seventh of a crate's build). What it shows:
//! `Name { field: value, .. }` with the members that are set, each value by its own `Debug`,
//! and `*** Sensitive Data Redacted ***` in place of a member the model marks sensitive.

use std::fmt;

use super::schema::{Member, Struct};
use super::value::{MemberWriter, WriteStruct, WriteValue};
use super::WireError;
use crate::Redacted;

/// `Debug` of a generated structure.
pub fn debug_struct(f: &mut fmt::Formatter<'_>, name: &str, v: &dyn WriteStruct) -> fmt::Result {
    debug_output(f, name, v, None)
}

/// `Debug` of an operation's output: its members, then the request id of the answer it came
/// from, where it has one.
pub fn debug_output(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    v: &dyn WriteStruct,
    request_id: Option<&str>,
) -> fmt::Result {
    let mut d = f.debug_struct(name);
    // `Fields` takes every member, so this cannot fail; a failing formatter is remembered by
    // `d` and returned by `finish`.
    let _ = v.write_members(&mut Fields(&mut d));
    if let Some(id) = request_id {
        d.field("request_id", &id);
    }
    d.finish()
}

/// `Debug` of a builder: the members set so far (`values`, one per member of `schema`).
pub fn debug_members(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    schema: &'static Struct,
    values: &[Option<&dyn WriteValue>],
) -> fmt::Result {
    let mut d = f.debug_struct(name);
    for (member, value) in schema.members.iter().zip(values) {
        if let Some(value) = value {
            field(&mut d, member, *value);
        }
    }
    d.finish()
}

fn field(d: &mut fmt::DebugStruct<'_, '_>, member: &Member, value: &dyn WriteValue) {
    let name = if member.field.is_empty() { member.name } else { member.field };
    if member.sensitive {
        d.field(name, &Redacted);
    } else {
        d.field(name, &Shown(value));
    }
}

/// A value by its own `Debug` (a supertrait of `WriteValue`).
struct Shown<'a>(&'a dyn WriteValue);

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

struct Fields<'a, 'b, 'c>(&'a mut fmt::DebugStruct<'b, 'c>);

impl MemberWriter for Fields<'_, '_, '_> {
    fn member(&mut self, member: &'static Member, value: &dyn WriteValue) -> Result<(), WireError> {
        field(self.0, member, value);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{opt, write_all, Type};

    /// Like a generated structure: a field named apart from its member, a sensitive one, an
    /// optional one, and a nested structure.
    struct Login {
        user_name: String,
        password: Option<String>,
        retries: Option<i32>,
        inner: Option<Box<Login>>,
    }

    static LOGIN: Struct = Struct {
        name: "Login",
        members: &[
            Member::field("user_name", "UserName", Type::String),
            Member::field("password", "Password", Type::String).sensitive(),
            Member::field("retries", "Retries", Type::Integer),
            Member::field("inner", "Inner", Type::Structure),
        ],
    };

    impl WriteStruct for Login {
        fn schema(&self) -> &'static Struct {
            &LOGIN
        }
        fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WireError> {
            let inner = self.inner.as_deref().map(|v| v as &dyn WriteValue);
            write_all(w, LOGIN.members, &[Some(&self.user_name), opt(&self.password), opt(&self.retries), inner])
        }
    }

    impl fmt::Debug for Login {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            debug_struct(f, "Login", self)
        }
    }

    fn login(inner: Option<Login>) -> Login {
        Login { user_name: "ana".into(), password: Some("s3cr3t".into()), retries: None, inner: inner.map(Box::new) }
    }

    #[test]
    fn shows_set_members_by_field_name_and_hides_sensitive_ones() {
        let v = login(Some(login(None)));
        let shown = format!("{v:?}");
        assert_eq!(
            shown,
            "Login { user_name: \"ana\", password: *** Sensitive Data Redacted ***, inner: Login { \
             user_name: \"ana\", password: *** Sensitive Data Redacted *** } }"
        );
        let pretty = format!("{v:#?}");
        assert!(pretty.contains("\n    inner: Login {\n        user_name: \"ana\",\n"), "{pretty}");
        assert!(!pretty.contains("s3cr3t"), "{pretty}");
    }

    #[test]
    fn an_output_shows_its_request_id_and_a_builder_its_members_so_far() {
        struct Out<'a>(&'a Login);
        impl fmt::Debug for Out<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                debug_output(f, "LoginOutput", self.0, Some("req-1"))
            }
        }
        let shown = format!("{:?}", Out(&login(None)));
        assert!(
            shown.starts_with("LoginOutput { user_name: \"ana\", ") && shown.ends_with(", request_id: \"req-1\" }")
        );

        struct Builder(Option<String>, Option<String>);
        impl fmt::Debug for Builder {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                debug_members(f, "LoginBuilder", &LOGIN, &[opt(&self.0), opt(&self.1)])
            }
        }
        let b = Builder(None, Some("s3cr3t".into()));
        assert_eq!(format!("{b:?}"), "LoginBuilder { password: *** Sensitive Data Redacted *** }");
    }
}
