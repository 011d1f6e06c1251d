//! Errors every generated crate shares.

use std::fmt;

/// What a service error response carries besides its code's meaning.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    /// The error code (`ParameterNotFound`), without any `namespace#` prefix.
    pub code: String,
    pub message: Option<String>,
    pub request_id: Option<String>,
    /// The HTTP status of the answer.
    pub status: u16,
    /// What [`ServiceError`] reads an error's own members from. Not shown by `Debug`: a member
    /// may be secret. Boxed: every call's `Result` carries this type's size.
    kept: Option<Box<Kept>>,
}

/// The parts of an error answer its members are read from.
#[derive(Clone, Default, PartialEq, Eq)]
struct Kept {
    /// The body's JSON object.
    body: Option<serde_json::Value>,
    /// An XML answer's error element (`<Error>`), whose children are the members.
    xml: Option<crate::wire::xml::Element>,
    /// The headers, names in lower case.
    headers: Vec<(String, String)>,
}

impl ErrorMetadata {
    /// Metadata of an error answer; `body` is the response's JSON object, if it was one.
    pub fn new(code: String, message: Option<String>, request_id: Option<String>, status: u16) -> Self {
        ErrorMetadata { code, message, request_id, status, kept: None }
    }

    /// The same metadata with the response body's JSON object kept for [`ServiceError`].
    pub fn with_body(mut self, body: Option<serde_json::Value>) -> Self {
        self.kept.get_or_insert_with(Box::default).body = body.filter(serde_json::Value::is_object);
        self
    }

    /// The same metadata with an XML answer's error element kept for [`ServiceError`].
    pub fn with_xml(mut self, error: crate::wire::xml::Element) -> Self {
        self.kept.get_or_insert_with(Box::default).xml = Some(error);
        self
    }

    /// The same metadata with the answer's headers kept for [`ServiceError`].
    pub fn with_headers(mut self, headers: Vec<(String, String)>) -> Self {
        self.kept.get_or_insert_with(Box::default).headers = headers;
        self
    }
}

impl fmt::Debug for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorMetadata")
            .field("code", &self.code)
            .field("message", &self.message)
            .field("request_id", &self.request_id)
            .field("status", &self.status)
            .finish()
    }
}

/// A modeled error that carries members besides its message: the metadata every error has, and
/// those members, typed (`D`, generated as `types::error::<Error>`).
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceError<D> {
    pub meta: ErrorMetadata,
    pub details: D,
}

impl<D: crate::wire::ReadValue + Default> ServiceError<D> {
    /// Reads the members from the answer the metadata kept: headers and the status code where
    /// the model binds them, the rest from the body by their wire names. If any is unreadable
    /// they all stay unset (an error answer is reported whatever it holds).
    pub fn new(meta: ErrorMetadata) -> Self {
        let details = D::read(&crate::wire::Type::Structure, &mut ErrorAnswer(&meta)).unwrap_or_default();
        ServiceError { meta, details }
    }
}

/// An error answer read as its error structure.
struct ErrorAnswer<'a>(&'a ErrorMetadata);

impl crate::wire::ValueReader for ErrorAnswer<'_> {
    fn structure(
        &mut self,
        schema: &'static crate::wire::Struct,
        each: &mut dyn FnMut(usize, &mut dyn crate::wire::ValueReader) -> Result<(), crate::wire::WireError>,
    ) -> Result<(), crate::wire::WireError> {
        use crate::wire::{text::TextReader, Location};
        let Some(kept) = self.0.kept.as_deref() else { return Ok(()) };
        let status = self.0.status;
        for (i, m) in schema.members.iter().enumerate() {
            let text = match m.location {
                Location::Header => crate::wire::text::header_text(&kept.headers, m.wire_name),
                Location::StatusCode => Some(status.to_string()),
                _ => None,
            };
            if let Some(text) = text {
                let mut reader = TextReader::new(&text);
                reader.json_value = m.json_value;
                each(i, &mut reader).map_err(|e| e.in_member(m.name))?;
            }
        }
        match (&kept.body, &kept.xml) {
            (Some(body), _) => crate::wire::json::read_value(body, &mut |r| r.structure(schema, each)),
            (None, Some(error)) => crate::wire::xml::XmlReader::new(error).structure(schema, each),
            (None, None) => Ok(()),
        }
    }
}

impl<D> std::ops::Deref for ServiceError<D> {
    type Target = ErrorMetadata;
    fn deref(&self) -> &ErrorMetadata {
        &self.meta
    }
}

/// A request that got no answer: what happened, with the full chain of causes in the message
/// (connection refused, reset, TLS...) and the underlying error as `source()`.
#[derive(Clone)]
pub struct TransportError {
    message: String,
    source: Option<std::sync::Arc<dyn std::error::Error + Send + Sync>>,
}

impl TransportError {
    pub fn new(message: impl Into<String>) -> Self {
        TransportError { message: message.into(), source: None }
    }

    pub fn with_source(message: impl Into<String>, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        TransportError { message: message.into(), source: Some(std::sync::Arc::new(source)) }
    }

    /// What happened, causes included.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError").field("message", &self.message).finish_non_exhaustive()
    }
}

/// Two transport errors are equal when they say the same (the sources are not comparable).
impl PartialEq for TransportError {
    fn eq(&self, other: &Self) -> bool {
        self.message == other.message
    }
}

impl Eq for TransportError {}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// What every operation's error enum answers, whichever operation: the service's code, message
/// and request id when the service answered with an error (`None` for timeouts, transport
/// failures and the like). For code that handles errors of many operations alike.
pub trait ProvideErrorMetadata {
    /// The service's answer, if the error is one.
    fn meta(&self) -> Option<&ErrorMetadata>;

    /// The error code (`ThrottlingException`).
    fn code(&self) -> Option<&str> {
        self.meta().map(|m| m.code.as_str())
    }

    fn message(&self) -> Option<&str> {
        self.meta().and_then(|m| m.message.as_deref())
    }

    /// The request id AWS support asks for.
    fn request_id(&self) -> Option<&str> {
        self.meta().and_then(|m| m.request_id.as_deref())
    }
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

/// A modeled error's [`ServiceError`], behind `dyn` for [`ErrorPart`]: its metadata, `Debug`
/// and equality, whatever its members.
pub trait TypedError: fmt::Debug {
    fn meta(&self) -> &ErrorMetadata;
    /// Equal to `other`, an error of the same operation's same variant.
    fn same(&self, other: &dyn TypedError) -> bool;
    fn as_any(&self) -> &dyn std::any::Any;
}

impl<D: fmt::Debug + PartialEq + 'static> TypedError for ServiceError<D> {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
    fn same(&self, other: &dyn TypedError) -> bool {
        other.as_any().downcast_ref::<Self>() == Some(self)
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// One variant of an operation's error enum, as the code every such enum shares sees it.
///
/// Each `<Op>Error` is a flat enum of its own, but its `Debug`, `Display`, `source`, `meta`,
/// `code` and `==` are written once, here: the enum's one generated `match` turns a value into
/// its part (variant name and payload), and each of those impls is a call. (Written out per
/// operation, they were about a tenth of awsdoc-ssm's rustc time under `-Z self-profile`.)
#[derive(Clone, Copy)]
pub enum ErrorPart<'a> {
    /// A service error: the variant's name and the metadata it holds.
    Service(&'static str, &'a ErrorMetadata),
    /// A modeled error with members of its own.
    Typed(&'static str, &'a dyn TypedError),
    Timeout(&'a TransportError),
    Transport(&'a TransportError),
    InvalidResponse(u16, &'a str),
    ConstructionFailure(&'a str),
    CredentialsFailure(&'a str),
}

impl<'a> ErrorPart<'a> {
    /// Code, message and request id of a service error; `None` for the others.
    pub fn meta(self) -> Option<&'a ErrorMetadata> {
        match self {
            ErrorPart::Service(_, m) => Some(m),
            ErrorPart::Typed(_, e) => Some(e.meta()),
            _ => None,
        }
    }

    /// The service's error code, if the service answered with one.
    pub fn code(self) -> Option<&'a str> {
        self.meta().map(|m| m.code.as_str())
    }

    /// The error's cause: the transport's error for timeouts and transport failures.
    pub fn source(self) -> Option<&'a (dyn std::error::Error + 'static)> {
        match self {
            ErrorPart::Timeout(e) | ErrorPart::Transport(e) => Some(e),
            _ => None,
        }
    }
}

/// As a derived `Debug` of the enum shows the variant.
impl fmt::Debug for ErrorPart<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ErrorPart::Service(name, m) => f.debug_tuple(name).field(m).finish(),
            ErrorPart::Typed(name, e) => f.debug_tuple(name).field(&e).finish(),
            ErrorPart::Timeout(e) => f.debug_tuple("Timeout").field(e).finish(),
            ErrorPart::Transport(e) => f.debug_tuple("Transport").field(e).finish(),
            ErrorPart::InvalidResponse(status, message) => {
                f.debug_struct("InvalidResponse").field("status", &status).field("message", &message).finish()
            }
            ErrorPart::ConstructionFailure(m) => f.debug_tuple("ConstructionFailure").field(&m).finish(),
            ErrorPart::CredentialsFailure(m) => f.debug_tuple("CredentialsFailure").field(&m).finish(),
        }
    }
}

impl fmt::Display for ErrorPart<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ErrorPart::Service(_, m) => fmt::Display::fmt(m, f),
            ErrorPart::Typed(_, e) => fmt::Display::fmt(e.meta(), f),
            ErrorPart::Timeout(m) => write!(f, "timed out: {m}"),
            ErrorPart::Transport(m) => write!(f, "transport error: {m}"),
            ErrorPart::InvalidResponse(status, message) => write!(f, "invalid response (HTTP {status}): {message}"),
            ErrorPart::ConstructionFailure(m) => write!(f, "invalid input: {m}"),
            ErrorPart::CredentialsFailure(m) => f.write_str(m),
        }
    }
}

/// Equal when the variant and what it holds are.
impl PartialEq for ErrorPart<'_> {
    fn eq(&self, other: &Self) -> bool {
        use ErrorPart::*;
        match (*self, *other) {
            (Service(a, m), Service(b, n)) => a == b && m == n,
            (Typed(a, m), Typed(b, n)) => a == b && m.same(n),
            (Timeout(m), Timeout(n)) | (Transport(m), Transport(n)) => m == n,
            (InvalidResponse(a, m), InvalidResponse(b, n)) => a == b && m == n,
            (ConstructionFailure(m), ConstructionFailure(n)) | (CredentialsFailure(m), CredentialsFailure(n)) => m == n,
            _ => false,
        }
    }
}

#[cfg(test)]
mod service_error_tests {
    use super::*;
    use crate::wire::testing::Thing;

    #[test]
    fn members_come_from_the_kept_body_and_debug_hides_it() {
        let body =
            serde_json::json!({"__type": "X", "message": "m", "name": "AWS:Thing", "Count": 2, "Secret": "s3cr3t"});
        let meta = ErrorMetadata::new("X".into(), Some("m".into()), None, 400).with_body(Some(body));
        assert!(!format!("{meta:?}").contains("s3cr3t"), "{meta:?}");
        let e: ServiceError<Thing> = ServiceError::new(meta);
        assert_eq!(e.details.name.as_deref(), Some("AWS:Thing"), "read by its wire name");
        assert_eq!(e.code, "X", "derefs to the metadata");
        // A body that is not an object leaves the members unset.
        let meta = ErrorMetadata::new("X".into(), None, None, 400).with_body(Some(serde_json::json!([1])));
        assert_eq!(ServiceError::<Thing>::new(meta).details, Thing::default());
    }
}

#[cfg(test)]
mod part_tests {
    use super::*;
    use crate::wire::testing::Thing;

    fn meta(code: &str) -> ErrorMetadata {
        ErrorMetadata::new(code.into(), Some("no such thing".into()), Some("req-1".into()), 400)
    }

    #[test]
    fn shows_and_compares_as_the_enum_would() {
        let m = meta("ParameterNotFound");
        let service = ErrorPart::Service("ParameterNotFound", &m);
        assert_eq!(format!("{service}"), "ParameterNotFound: no such thing (request id req-1)");
        assert!(format!("{service:?}").starts_with("ParameterNotFound(ErrorMetadata { code: \"ParameterNotFound\""));
        assert_eq!(service.code(), Some("ParameterNotFound"));
        assert_eq!(service, ErrorPart::Service("ParameterNotFound", &m.clone()));
        assert_ne!(service, ErrorPart::Service("Unhandled", &m), "same metadata, another variant");

        let t = TransportError::new("connection refused");
        let timeout = ErrorPart::Timeout(&t);
        assert_eq!(format!("{timeout}"), "timed out: connection refused");
        assert!(timeout.source().is_some() && timeout.meta().is_none());
        assert_ne!(timeout, ErrorPart::Transport(&t));

        let bad = ErrorPart::InvalidResponse(502, "not XML");
        assert_eq!(format!("{bad}"), "invalid response (HTTP 502): not XML");
        assert_eq!(format!("{bad:?}"), "InvalidResponse { status: 502, message: \"not XML\" }");
        assert_eq!(format!("{:?}", ErrorPart::ConstructionFailure("x")), "ConstructionFailure(\"x\")");
    }

    #[test]
    fn typed_errors_compare_by_their_members() {
        let a = ServiceError { meta: meta("Thing"), details: Thing { count: 1, ..Thing::default() } };
        let b = ServiceError { meta: meta("Thing"), details: Thing { count: 2, ..Thing::default() } };
        assert_eq!(ErrorPart::Typed("Thing", &a), ErrorPart::Typed("Thing", &a.clone()));
        assert_ne!(ErrorPart::Typed("Thing", &a), ErrorPart::Typed("Thing", &b));
        assert_eq!(ErrorPart::Typed("Thing", &a).meta(), Some(&a.meta));
        assert!(format!("{:?}", ErrorPart::Typed("Thing", &a)).starts_with("Thing(ServiceError { meta: "));
    }
}
