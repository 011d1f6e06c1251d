//! The hand-written part of the SDK crates that awsdoc generates: the wire codecs ([`wire`]),
//! the client, and the types generated code calls, so that the generated code stays thin.

pub mod blob;
pub mod build;
#[cfg(feature = "client")]
pub mod client;
pub mod error;
mod redacted;
pub mod rules;
pub mod stream;
mod unmodeled;
pub mod wire;

pub use blob::Blob;
pub use build::{BuildError, BuildProblem, Measure};
pub use error::{ErrorMetadata, ErrorPart, ProvideErrorMetadata, ServiceError, TransportError, TypedError};
pub use redacted::Redacted;
pub use stream::ByteStream;
pub use unmodeled::UnmodeledError;
/// An untyped JSON document member.
pub type Document = serde_json::Value;
/// The type of every timestamp member.
pub use time::OffsetDateTime;

/// The request id of the answer a value came from (`x-amzn-RequestId`): what AWS support asks
/// for about a call. Every operation's output implements it; errors carry theirs in
/// [`ProvideErrorMetadata::request_id`].
pub trait RequestId {
    /// `None` for a value that did not come from an answer, or an answer without one.
    fn request_id(&self) -> Option<&str>;
}
