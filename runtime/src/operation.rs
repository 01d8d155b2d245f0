//! What varies per operation: the trait each generated input type implements, through which
//! the pipeline ([`crate::client::ClientCore`]) serializes the request and parses the reply.

use crate::body::ByteStream;
use crate::checksum::{ChecksumMembers, HttpChecksum};
use crate::endpoint::ContextValue;
use crate::error::{ErrorMetadata, InvalidRequestError, ParseError};
use crate::http::HttpResponse;
use crate::query::TokenSource;
use std::sync::Arc;

/// A request as an operation serializes it, before the endpoint is known: the pipeline puts
/// `uri` after the endpoint's own path, adds `host`, the user agent and the rule set's headers,
/// compresses the body if the operation allows it, and signs.
#[derive(Debug)]
pub struct SerializedRequest {
    /// `GET`, `POST`, ...
    pub method: &'static str,
    /// The path and query string, starting with `/`, already percent-encoded
    /// (`/2015-03-31/functions/my-fn?Qualifier=1`).
    pub uri: String,
    /// Headers the operation sets, `content-type` among them when there is a body.
    pub headers: Vec<(String, String)>,
    /// The body, whole (empty when `streaming_body` is set).
    pub body: Vec<u8>,
    /// A streaming input ([`ByteStream`], from [`ByteStream::request_body`]), sent as it is read
    /// instead of `body`: the pipeline sends a fresh copy of it per attempt.
    pub streaming_body: Option<ByteStream>,
}

impl SerializedRequest {
    /// `POST /` with this content type and body: the request of every RPC protocol.
    pub fn post(content_type: &'static str, body: Vec<u8>) -> Self {
        SerializedRequest {
            method: "POST",
            uri: "/".into(),
            headers: vec![("content-type".into(), content_type.into())],
            body,
            streaming_body: None,
        }
    }

    /// The body as text (form and JSON bodies are UTF-8); lossy for anything else.
    pub fn body_text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// What varies per operation: the generated input types implement this.
///
/// Inputs, outputs and errors own their data (`'static`), so that interceptors can see them as
/// `&dyn Any` ([`crate::interceptor`]) and a typed mock (the `mock` module, feature
/// `test-util`) can tell operations apart by type.
pub trait Operation: 'static {
    /// The successful result.
    type Output: 'static;
    /// The typed service error.
    type Error: 'static;
    /// The operation name (`CopySnapshot`).
    const NAME: &'static str;
    /// The request, or why the input cannot be sent; tokens for unset idempotency-token
    /// members come from `tokens`.
    fn serialize_with_tokens(&self, tokens: &TokenSource) -> Result<SerializedRequest, InvalidRequestError>;
    /// The request, with random idempotency tokens.
    fn serialize(&self) -> Result<SerializedRequest, InvalidRequestError> {
        self.serialize_with_tokens(&(Arc::new(crate::query::idempotency_token) as TokenSource))
    }
    /// Parses a successful reply (status, headers and body).
    fn parse_output(resp: &HttpResponse) -> Result<Self::Output, ParseError>;
    /// Builds the typed error for an error reply whose envelope has been read into `meta`.
    fn parse_error(meta: ErrorMetadata, resp: &HttpResponse) -> Result<Self::Error, ParseError>;
    /// The endpoint trait's prefix for the endpoint host (`data-`, `foo-myname.`), with host
    /// labels filled from the input; `None` for operations without one.
    fn host_prefix(&self) -> Result<Option<String>, InvalidRequestError> {
        Ok(None)
    }
    /// Encodings the operation accepts for a compressed body (`requestcompression`).
    const REQUEST_COMPRESSION: &'static [&'static str] = &[];
    /// Endpoint rule-set parameters the operation always sets (`staticContextParams`), by
    /// name; the pipeline passes them to the resolver in
    /// [`crate::endpoint::BuiltIns::static_context`].
    const STATIC_CONTEXT_PARAMS: &'static [(&'static str, ContextValue)] = &[];
    /// Endpoint rule-set parameters filled from the input's members (`contextParam`), by name,
    /// for the members that are set; passed in [`crate::endpoint::BuiltIns::context`].
    fn context_params(&self) -> Vec<(&'static str, ContextValue)> {
        Vec::new()
    }
    /// The `httpChecksum` trait (or the legacy `httpChecksumRequired`): the pipeline adds a
    /// request checksum and checks the reply's as [`crate::checksum`] describes. `None` for
    /// operations without it.
    const HTTP_CHECKSUM: Option<HttpChecksum> = None;
    /// What the input's checksum members hold (the algorithm chosen, the validation mode).
    fn checksum_members(&self) -> ChecksumMembers<'_> {
        ChecksumMembers::default()
    }
    /// The output has a `streaming` blob: a successful reply goes to
    /// [`Operation::parse_streaming_output`] with its body unread, instead of to
    /// [`Operation::parse_output`] whole. Error replies are read (up to
    /// [`crate::client::MAX_ERROR_BODY_LEN`]) and typed as for every operation.
    const STREAMING_OUTPUT: bool = false;

    /// A `200` reply whose body is the protocol's error document is that error (restXml: S3's
    /// `CopyObject`, `UploadPartCopy` and `CompleteMultipartUpload`, which can fail after the
    /// status is sent). The query protocols always look; the others only when this is set.
    const ERROR_IN_SUCCESS: bool = false;

    /// Sent without credentials or a signature (botocore authtype none, Smithy optionalAuth).
    const UNSIGNED: bool = false;
    /// Parses a successful reply of a [`Operation::STREAMING_OUTPUT`] operation: `head` has the
    /// status and headers (its `body` is empty), `body` the payload to read as it arrives. The
    /// default, for operations without a streaming output, is an error (never called for them).
    fn parse_streaming_output(head: &HttpResponse, body: ByteStream) -> Result<Self::Output, ParseError> {
        let _ = (head, body);
        Err(ParseError::new(format!("{} has no streaming output to parse", Self::NAME)))
    }
}
