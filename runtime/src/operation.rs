//! What varies per operation: the trait each generated input type implements, through which
//! the pipeline ([`crate::client::ClientCore`]) serializes the request and parses the reply.

use crate::error::{ErrorMetadata, InvalidRequestError};
use crate::query::TokenSource;
use crate::xml::XmlError;
use std::sync::Arc;

/// What varies per operation: the generated input types implement this.
pub trait Operation {
    /// The successful result.
    type Output;
    /// The typed service error.
    type Error;
    /// The operation name (`CopySnapshot`).
    const NAME: &'static str;
    /// The form body, or why the input cannot be sent; tokens for unset idempotency-token
    /// members come from `tokens`.
    fn serialize_with_tokens(&self, tokens: &TokenSource) -> Result<String, InvalidRequestError>;
    /// The form body, with random idempotency tokens.
    fn serialize(&self) -> Result<String, InvalidRequestError> {
        self.serialize_with_tokens(&(Arc::new(crate::query::idempotency_token) as TokenSource))
    }
    /// Parses a 2xx body.
    fn parse_output(body: &[u8]) -> Result<Self::Output, XmlError>;
    /// Builds the typed error for an error reply whose envelope has been read into `meta`.
    fn parse_error(meta: ErrorMetadata, body: &[u8]) -> Result<Self::Error, XmlError>;
    /// The endpoint trait's prefix for the endpoint host (`data-`, `foo-myname.`), with host
    /// labels filled from the input; `None` for operations without one.
    fn host_prefix(&self) -> Result<Option<String>, InvalidRequestError> {
        Ok(None)
    }
    /// Encodings the operation accepts for a compressed body (`requestcompression`).
    const REQUEST_COMPRESSION: &'static [&'static str] = &[];
}
