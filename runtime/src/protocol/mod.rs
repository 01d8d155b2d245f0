//! Wire protocols, one module per family, behind one seam.
//!
//! The pipeline ([`crate::client`]) never parses a reply itself: it asks the service's
//! [`Protocol`] the three things that differ between protocols,
//!
//! - the `content-type` of a request body (`Protocol::content_type`),
//! - whether a reply is an error (`Protocol::is_error_reply`): any status outside 2xx, and a
//!   2xx body that is the protocol's error document,
//! - the metadata of an error reply (`Protocol::error_metadata`): code, message, fault and
//!   request id, from which the retry policy and the generated error parsers work.
//!
//! Everything else that is protocol-specific runs in generated code, through
//! [`crate::Operation`] and the reading helpers of the protocol's module (for [`query`]:
//! [`query::read_query_response`], [`query::ec2_response_reader`],
//! [`query::error_element_reader`]). A new protocol is a [`Protocol`] variant, a module beside
//! [`query`] with these three answers, and one match arm per method below.
//!
//! What is still the query family's alone: the pipeline sends every request as `POST` to the
//! endpoint's path plus `/`, and [`crate::Operation`] speaks in form bodies and `XmlError`s.
//! Those widen when a protocol with HTTP bindings or JSON bodies arrives.

pub mod query;

use crate::error::ErrorMetadata;
use crate::http::HttpResponse;
use crate::xml::XmlError;

/// The wire protocol of a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// `awsQuery`: form-encoded requests, `<XResponse><XResult>` replies, `<ErrorResponse>`.
    Query,
    /// The EC2 dialect of query: `<Response><Errors><Error>` error documents.
    Ec2,
}

impl Protocol {
    /// The `content-type` header of a request body.
    pub const fn content_type(self) -> &'static str {
        match self {
            Protocol::Query | Protocol::Ec2 => query::CONTENT_TYPE,
        }
    }

    /// Whether `resp`, the reply to `operation`, is an error: its status is not 2xx, or its body
    /// is the protocol's error document (a proxy or a service may answer an error with 200).
    /// Not asked of a 2xx reply to an operation with a streaming output: its body is the
    /// payload, left unread for the caller.
    pub(crate) fn is_error_reply(self, operation: &str, resp: &HttpResponse) -> bool {
        if !(200..300).contains(&resp.status) {
            return true;
        }
        match self {
            Protocol::Query | Protocol::Ec2 => query::is_error_document(self, operation, &resp.body),
        }
    }

    /// Reads the code, message, fault and request id of an error reply, with its status; an
    /// error if the reply does not hold the protocol's error document. `query_compatible`: the
    /// service is `awsQueryCompatible` (its JSON errors carry the query code in a header).
    pub(crate) fn error_metadata(self, resp: &HttpResponse, query_compatible: bool) -> Result<ErrorMetadata, XmlError> {
        let _ = query_compatible;
        match self {
            Protocol::Query | Protocol::Ec2 => query::parse_error_envelope(self, resp),
        }
    }
}

/// The request id AWS sends as a header (`x-amzn-RequestId`, or `x-amz-request-id`), for a
/// reply whose body does not say it or cannot be read.
pub(crate) fn header_request_id(resp: &HttpResponse) -> Option<String> {
    resp.header("x-amzn-requestid").or_else(|| resp.header("x-amz-request-id")).map(str::to_string)
}
