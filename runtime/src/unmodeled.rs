//! The error of an operation whose documentation lists no errors (all of EC2's 830, for one).

use std::fmt;
use std::marker::PhantomData;

use crate::{ErrorMetadata, ErrorPart, ProvideErrorMetadata, TransportError};

/// The error of an operation that has no modeled errors: a generated crate names it
/// `<Op>Error` (`pub type DescribeInstancesError = UnmodeledError<DescribeInstancesInput>`).
///
/// Its variants are those every operation's error has; a service error is `Unhandled`, its
/// code in [`meta`](Self::meta). `O`, the operation's input, only keeps each operation's error
/// a type of its own (so a program's `From` impls for two operations' errors do not clash), while
/// the code is written, and compiled, once.
#[non_exhaustive]
pub enum UnmodeledError<O> {
    /// A service error; the operation's documentation lists none.
    Unhandled(ErrorMetadata),
    /// No answer within the timeouts, after retries.
    Timeout(TransportError),
    /// The connection failed, after retries.
    Transport(TransportError),
    /// An answer that is not what the operation promises.
    InvalidResponse {
        /// The HTTP status.
        status: u16,
        /// What was wrong.
        message: String,
    },
    /// The input could not be built or encoded; nothing was sent.
    ConstructionFailure(String),
    /// No credentials could be had (the message names the source that failed); nothing was sent.
    CredentialsFailure(String),
    /// Never made (it holds `Infallible`): it only carries the operation's type.
    #[doc(hidden)]
    _Operation(std::convert::Infallible, PhantomData<fn() -> O>),
}

impl<O> UnmodeledError<O> {
    /// The variant for a service error: `Unhandled`, whatever its code.
    pub fn from_metadata(meta: ErrorMetadata) -> Self {
        Self::Unhandled(meta)
    }

    /// The variant as the runtime's shared error code sees it (see [`ErrorPart`]).
    pub fn part(&self) -> ErrorPart<'_> {
        match self {
            Self::Unhandled(m) => ErrorPart::Service("Unhandled", m),
            Self::Timeout(e) => ErrorPart::Timeout(e),
            Self::Transport(e) => ErrorPart::Transport(e),
            Self::InvalidResponse { status, message } => ErrorPart::InvalidResponse(*status, message),
            Self::ConstructionFailure(m) => ErrorPart::ConstructionFailure(m),
            Self::CredentialsFailure(m) => ErrorPart::CredentialsFailure(m),
            Self::_Operation(never, _) => match *never {},
        }
    }

    /// Code, message and request id of a service error; `None` for timeouts, transport
    /// failures, invalid responses and inputs that could not be encoded.
    pub fn meta(&self) -> Option<&ErrorMetadata> {
        self.part().meta()
    }

    /// The service's error code, if the service answered with one.
    pub fn code(&self) -> Option<&str> {
        self.part().code()
    }
}

impl<O> Clone for UnmodeledError<O> {
    fn clone(&self) -> Self {
        match self {
            Self::Unhandled(m) => Self::Unhandled(m.clone()),
            Self::Timeout(e) => Self::Timeout(e.clone()),
            Self::Transport(e) => Self::Transport(e.clone()),
            Self::InvalidResponse { status, message } => {
                Self::InvalidResponse { status: *status, message: message.clone() }
            }
            Self::ConstructionFailure(m) => Self::ConstructionFailure(m.clone()),
            Self::CredentialsFailure(m) => Self::CredentialsFailure(m.clone()),
            Self::_Operation(never, _) => match *never {},
        }
    }
}

impl<O> fmt::Debug for UnmodeledError<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.part(), f)
    }
}

impl<O> fmt::Display for UnmodeledError<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.part(), f)
    }
}

impl<O> PartialEq for UnmodeledError<O> {
    fn eq(&self, other: &Self) -> bool {
        self.part() == other.part()
    }
}

impl<O> std::error::Error for UnmodeledError<O> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.part().source()
    }
}

impl<O> ProvideErrorMetadata for UnmodeledError<O> {
    fn meta(&self) -> Option<&ErrorMetadata> {
        self.part().meta()
    }
}

#[cfg(feature = "client")]
impl<O> From<crate::client::Failure> for UnmodeledError<O> {
    fn from(f: crate::client::Failure) -> Self {
        use crate::client::Failure;
        match f {
            Failure::Service(meta) => Self::Unhandled(meta),
            Failure::Timeout(m) => Self::Timeout(m),
            Failure::Transport(m) => Self::Transport(m),
            Failure::InvalidResponse { status, message } => Self::InvalidResponse { status, message },
            Failure::InvalidInput(m) => Self::ConstructionFailure(m),
            Failure::Credentials(e) => Self::CredentialsFailure(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct OpA;
    struct OpB;

    #[test]
    fn shows_compares_and_sorts_as_a_generated_error() {
        let meta = ErrorMetadata::new("InvalidInstanceID.NotFound".into(), Some("no such".into()), None, 400);
        let e: UnmodeledError<OpA> = UnmodeledError::from_metadata(meta.clone());
        assert_eq!(e.code(), Some("InvalidInstanceID.NotFound"));
        assert_eq!(e.to_string(), "InvalidInstanceID.NotFound: no such");
        assert!(format!("{e:?}").starts_with("Unhandled(ErrorMetadata {"), "{e:?}");
        assert_eq!(e.clone(), e);
        assert!(std::error::Error::source(&e).is_none());
        let t: UnmodeledError<OpA> = UnmodeledError::Timeout(TransportError::new("no answer"));
        assert_ne!(t, e);
        assert!(t.meta().is_none() && std::error::Error::source(&t).is_some());
        // Two operations' errors are two types, both `Send + Sync + 'static` whatever `O` is.
        fn sendable<T: Send + Sync + 'static>(_: &T) {}
        sendable(&UnmodeledError::<OpB>::ConstructionFailure("x".into()));
        assert_ne!(std::any::TypeId::of::<UnmodeledError<OpA>>(), std::any::TypeId::of::<UnmodeledError<OpB>>());
    }
}
