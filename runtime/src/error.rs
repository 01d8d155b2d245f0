//! The errors every generated operation returns.
//!
//! [`SdkError`] is the outer error of every call: it separates the service's own error reply
//! (`Service`, typed per operation by the generated crate) from failures that never reached or
//! never made sense of the service: an invalid request, a configuration problem, a transport
//! failure, a timeout, and a response that could not be parsed.

use std::fmt;
use std::time::Duration;

pub use crate::http::{TransportError, TransportErrorKind};

/// What the service said about an error: the fields of the protocol's error document plus the
/// HTTP status. Every modeled and unmodeled service error carries one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ErrorMetadata {
    /// The wire error code (`<Code>`), e.g. `SnapshotNotFoundFault`'s `SnapshotNotFoundFault`.
    pub code: String,
    /// The human-readable `<Message>`, when the service sent one.
    pub message: Option<String>,
    /// The request id (`<RequestId>`, or the `x-amzn-RequestId` header).
    pub request_id: Option<String>,
    /// The HTTP status code of the response.
    pub status: u16,
    /// `<Type>`: `Sender` (the caller's fault) or `Receiver` (the service's), when present.
    pub fault: Option<String>,
    /// What a few services add (S3's extended request id and bucket region), boxed so that
    /// every error stays small.
    pub extra: Option<Box<ErrorExtras>>,
}

/// Error facts only some services send ([`ErrorMetadata::extra`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ErrorExtras {
    /// S3's extended request id (the `x-amz-id-2` header), which AWS support asks for beside the
    /// request id.
    pub extended_request_id: Option<String>,
    /// The region the addressed resource lives in, when the reply says: S3's
    /// `x-amz-bucket-region`, which a 301 `PermanentRedirect` carries (retry in that region).
    pub region: Option<String>,
}

impl ErrorMetadata {
    /// S3's extended request id ([`ErrorExtras::extended_request_id`]).
    pub fn extended_request_id(&self) -> Option<&str> {
        self.extra.as_ref().and_then(|x| x.extended_request_id.as_deref())
    }

    /// The region of the addressed resource, when the reply names it ([`ErrorExtras::region`]).
    pub fn region(&self) -> Option<&str> {
        self.extra.as_ref().and_then(|x| x.region.as_deref())
    }
}

/// What every error of a call can say about the service's reply: implemented by
/// [`ErrorMetadata`], by every generated error type (struct, operation enum and the crate-wide
/// `Error`) and by [`SdkError`] over any of them, so code handling errors of several operations
/// or services reads them one way. Each answer is `None` when the error did not come from the
/// service (a timeout, say), or the service did not send that fact.
pub trait ProvideErrorMetadata {
    /// The service's error metadata, when the error is the service's reply.
    fn error_metadata(&self) -> Option<&ErrorMetadata>;

    /// The wire error code (`SnapshotNotFoundFault`).
    fn code(&self) -> Option<&str> {
        self.error_metadata().map(|meta| meta.code.as_str())
    }

    /// The service's message.
    fn message(&self) -> Option<&str> {
        self.error_metadata().and_then(|meta| meta.message.as_deref())
    }

    /// The request id the service gave the call.
    fn request_id(&self) -> Option<&str> {
        self.error_metadata().and_then(|meta| meta.request_id.as_deref())
    }
}

impl ProvideErrorMetadata for ErrorMetadata {
    fn error_metadata(&self) -> Option<&ErrorMetadata> {
        Some(self)
    }
}

impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)?;
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        write!(f, " (HTTP {}", self.status)?;
        if let Some(r) = &self.request_id {
            write!(f, ", request id {r}")?;
        }
        f.write_str(")")
    }
}

/// Why a reply could not be read as an operation's output or error (a truncated or malformed
/// body, a member of the wrong type, a header that does not parse): the pipeline turns it into
/// [`SdkError::Response`] with the reply's status, request id and an excerpt of its body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// What went wrong, with where.
    pub message: String,
}

impl ParseError {
    /// An error saying `message`.
    pub fn new(message: impl Into<String>) -> Self {
        ParseError { message: message.into() }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

impl From<crate::xml::XmlError> for ParseError {
    fn from(e: crate::xml::XmlError) -> Self {
        ParseError { message: e.to_string() }
    }
}

impl From<crate::protocol::rest::HeaderError> for ParseError {
    fn from(e: crate::protocol::rest::HeaderError) -> Self {
        ParseError { message: e.to_string() }
    }
}

impl From<crate::cbor::CborError> for ParseError {
    fn from(e: crate::cbor::CborError) -> Self {
        ParseError { message: e.to_string() }
    }
}

impl From<crate::json::JsonError> for ParseError {
    fn from(e: crate::json::JsonError) -> Self {
        ParseError { message: e.to_string() }
    }
}

/// A request that cannot be sent as built; nothing went on the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidRequestError {
    /// The offending member, as its wire path (`SourceSnapshotName`, `Tags.Tag.1.Key`).
    pub member: String,
    /// What is wrong with it.
    pub reason: String,
}

impl InvalidRequestError {
    /// A required member was not set.
    pub fn missing(member: impl Into<String>) -> Self {
        InvalidRequestError { member: member.into(), reason: "required member is not set".into() }
    }
}

impl fmt::Display for InvalidRequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid request: `{}`: {}", self.member, self.reason)
    }
}

impl std::error::Error for InvalidRequestError {}

/// The client is not configured well enough to send (no region, no credentials, a bad endpoint).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// What is missing or wrong.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "configuration error: {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Which of the configured time limits ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Opening a TCP connection took longer than the transport's connect timeout. Retried,
    /// like any connection failure.
    Connect,
    /// One attempt (send and read the whole response) took longer than the attempt timeout.
    /// Retried.
    Attempt,
    /// The whole operation (every attempt and every back-off wait) took longer than the
    /// operation timeout. Final: nothing is retried after it.
    Operation,
    /// No byte of the response arrived for the read timeout while the client waited for one.
    /// Retried while the client reads the reply itself; a streaming output's body reports it
    /// from `next()` (not retried: the call has returned).
    Read,
    /// A streaming output's body arrived slower than stalled-stream protection's minimum
    /// throughput over a grace period (`after`) of waiting.
    StalledStream,
}

/// A configured time limit ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeoutError {
    /// Which limit.
    pub kind: TimeoutKind,
    /// The limit that elapsed.
    pub after: Duration,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TimeoutKind::Connect => "connecting (connect timeout)",
            TimeoutKind::Attempt => "request attempt (attempt timeout)",
            TimeoutKind::Operation => "operation, all attempts included (operation timeout)",
            TimeoutKind::Read => "waiting for response bytes (read timeout)",
            TimeoutKind::StalledStream => {
                return write!(
                    f,
                    "response body stalled: less than the minimum throughput over {:?} (stalled-stream protection)",
                    self.after
                )
            }
        };
        write!(f, "{what} timed out after {:?}", self.after)
    }
}

impl std::error::Error for TimeoutError {}

/// Longest body excerpt kept in a [`ResponseError`].
pub const EXCERPT_LEN: usize = 512;

/// A response arrived but could not be understood: malformed, truncated or unexpected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseError {
    /// The HTTP status.
    pub status: u16,
    /// The request id from the response headers, when there was one.
    pub request_id: Option<String>,
    /// The start of the body (at most [`EXCERPT_LEN`] bytes, lossily decoded).
    pub body_excerpt: String,
    /// Why it could not be parsed.
    pub reason: String,
}

impl ResponseError {
    /// Builds the error from the raw response parts.
    pub fn new(status: u16, request_id: Option<String>, body: &[u8], reason: impl Into<String>) -> Self {
        let mut end = body.len().min(EXCERPT_LEN);
        // Do not cut a UTF-8 sequence in half.
        while end < body.len() && end > 0 && (body[end] & 0xC0) == 0x80 {
            end -= 1;
        }
        ResponseError {
            status,
            request_id,
            body_excerpt: String::from_utf8_lossy(&body[..end]).into_owned(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unparseable response (HTTP {}", self.status)?;
        if let Some(r) = &self.request_id {
            write!(f, ", request id {r}")?;
        }
        write!(f, "): {}; body starts: {:?}", self.reason, self.body_excerpt)
    }
}

impl std::error::Error for ResponseError {}

/// The outcome of a failed call. `E` is the operation's typed service error.
#[derive(Debug)]
pub enum SdkError<E> {
    /// The service answered with an error document; `E` says which.
    Service(E),
    /// The request was rejected before any I/O (a required member is missing...).
    InvalidRequest(InvalidRequestError),
    /// The client configuration cannot produce a request (no region, no credentials...).
    Config(ConfigError),
    /// The request could not be sent or the response not read (connect, TLS, I/O).
    Transport(TransportError),
    /// A time limit ran out: connecting, one attempt (after any retries), or the whole
    /// operation; [`TimeoutError::kind`] says which.
    Timeout(TimeoutError),
    /// A response arrived that could not be parsed.
    Response(ResponseError),
    /// An [`Interceptor`](crate::interceptor::Interceptor) hook returned an error; it names
    /// the interceptor and the hook. Not retried.
    Interceptor(crate::interceptor::InterceptorError),
}

impl<E> SdkError<E> {
    /// The service error, if this is one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The service error, if this is one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            SdkError::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The service's error code, when the service answered with an error
    /// ([`ProvideErrorMetadata::code`]).
    pub fn code(&self) -> Option<&str>
    where
        E: ProvideErrorMetadata,
    {
        ProvideErrorMetadata::code(self)
    }

    /// Maps the service error, keeping every other variant: `err.map_service(Into::into)` turns
    /// an operation's error into the crate-wide error type.
    pub fn map_service<F>(self, f: impl FnOnce(E) -> F) -> SdkError<F> {
        match self {
            SdkError::Service(e) => SdkError::Service(f(e)),
            SdkError::InvalidRequest(e) => SdkError::InvalidRequest(e),
            SdkError::Config(e) => SdkError::Config(e),
            SdkError::Transport(e) => SdkError::Transport(e),
            SdkError::Timeout(e) => SdkError::Timeout(e),
            SdkError::Response(e) => SdkError::Response(e),
            SdkError::Interceptor(e) => SdkError::Interceptor(e),
        }
    }
}

/// The service error's metadata; the request id also of a reply that could not be parsed.
impl<E: ProvideErrorMetadata> ProvideErrorMetadata for SdkError<E> {
    fn error_metadata(&self) -> Option<&ErrorMetadata> {
        match self {
            SdkError::Service(e) => e.error_metadata(),
            _ => None,
        }
    }

    fn request_id(&self) -> Option<&str> {
        match self {
            SdkError::Service(e) => e.request_id(),
            SdkError::Response(e) => e.request_id.as_deref(),
            _ => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::Service(e) => write!(f, "service error: {e}"),
            SdkError::InvalidRequest(e) => e.fmt(f),
            SdkError::Config(e) => e.fmt(f),
            SdkError::Transport(e) => write!(f, "transport error: {e}"),
            SdkError::Timeout(e) => e.fmt(f),
            SdkError::Response(e) => e.fmt(f),
            SdkError::Interceptor(e) => e.fmt(f),
        }
    }
}

/// `SdkError` is a transparent wrapper: its `Display` is the inner error's (after a word on the
/// kind), so its source is the inner error's source, never the inner error itself, whose
/// message would then be said twice.
impl<E: std::error::Error + 'static> std::error::Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SdkError::Service(e) => e.source(),
            SdkError::InvalidRequest(e) => e.source(),
            SdkError::Config(e) => e.source(),
            SdkError::Transport(e) => e.source(),
            SdkError::Timeout(e) => e.source(),
            SdkError::Response(e) => e.source(),
            SdkError::Interceptor(e) => e.source(),
        }
    }
}

/// An error and its causes on one line, `a: b: c`, each level once: what to log when the whole
/// story matters (`Display` of an error says its own level; see the chain invariant in
/// ARCHITECTURE.md).
///
/// ```
/// # use awsgen_runtime::error::{ErrorReport, TransportError};
/// let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "connection refused");
/// let err = TransportError::new("could not connect to http://127.0.0.1:1", Some(Box::new(io)));
/// assert_eq!(ErrorReport(&err).to_string(), "could not connect to http://127.0.0.1:1: connection refused");
/// ```
#[derive(Clone, Copy)]
pub struct ErrorReport<'a>(pub &'a (dyn std::error::Error + 'static));

impl fmt::Display for ErrorReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut next = self.0.source();
        while let Some(cause) = next {
            write!(f, ": {cause}")?;
            next = cause.source();
        }
        Ok(())
    }
}

impl fmt::Debug for ErrorReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
