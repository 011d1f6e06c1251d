//! What goes wrong reading or writing a value, with where.

use std::fmt;

/// A value that could not be read or written: the member path (`Items[3].Name`) and what was
/// wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireError {
    /// Path segments, innermost first (they are added as the error travels outwards).
    path: Vec<Segment>,
    message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Member(&'static str),
    Index(usize),
    Key(String),
}

impl WireError {
    pub fn new(message: impl fmt::Display) -> WireError {
        WireError { path: Vec::new(), message: message.to_string() }
    }

    /// A required member the answer or value left out.
    pub fn missing(member: &str) -> WireError {
        WireError::new(format!("the required member `{member}` is missing"))
    }

    /// The same error, inside `member`.
    pub fn in_member(mut self, member: &'static str) -> WireError {
        self.path.push(Segment::Member(member));
        self
    }

    /// The same error, inside item `index` of a list.
    pub fn in_item(mut self, index: usize) -> WireError {
        self.path.push(Segment::Index(index));
        self
    }

    /// The same error, inside the map entry `key`.
    pub fn in_entry(mut self, key: &str) -> WireError {
        self.path.push(Segment::Key(key.to_string()));
        self
    }

    /// `Items[3].Name`, or empty for the value itself.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for seg in self.path.iter().rev() {
            match seg {
                Segment::Member(m) if out.is_empty() => out.push_str(m),
                Segment::Member(m) => {
                    out.push('.');
                    out.push_str(m);
                }
                Segment::Index(i) => out.push_str(&format!("[{i}]")),
                Segment::Key(k) => out.push_str(&format!("[{k:?}]")),
            }
        }
        out
    }

    /// What was wrong, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path(), self.message)
        }
    }
}

impl std::error::Error for WireError {}
