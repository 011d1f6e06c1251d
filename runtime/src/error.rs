//! Errors every generated crate shares.

use std::fmt;

/// What a service error response carries besides its code's meaning.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    /// The error code (`ParameterNotFound`), without any `namespace#` prefix.
    pub code: String,
    pub message: Option<String>,
    pub request_id: Option<String>,
    /// The HTTP status of the answer.
    pub status: u16,
}

impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)?;
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        if let Some(r) = &self.request_id {
            write!(f, " (request id {r})")?;
        }
        Ok(())
    }
}

/// A builder's `build()` was called without a required member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// The type being built.
    pub shape: &'static str,
    /// The missing member, as the Rust field is named.
    pub member: &'static str,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: the required member `{}` was not set", self.shape, self.member)
    }
}

impl std::error::Error for BuildError {}
