//! Wire protocols, one module per family, behind one seam.
//!
//! The pipeline ([`crate::client`]) never parses a reply itself: it asks the service's
//! [`Protocol`] the three things that differ between protocols,
//!
//! - the `content-type` of a request body (`Protocol::content_type`),
//! - whether a reply is an error (`Protocol::is_error_reply`): any status outside 2xx, and a
//!   2xx body that is the protocol's error document (query and EC2; restXml for the
//!   operations that say so, `Operation::ERROR_IN_SUCCESS`),
//! - the metadata of an error reply (`Protocol::error_metadata`): code, message, fault and
//!   request id, from which the retry policy and the generated error parsers work.
//!
//! Everything else that is protocol-specific runs in generated code, through
//! [`crate::Operation`] and the helpers of the protocol's module: for [`query`],
//! [`query::read_query_response`], [`query::ec2_response_reader`],
//! [`query::error_element_reader`]; for [`json`], [`json::read_object_body`] and the
//! content-type and header names; for [`cbor`] (RPC v2 CBOR), [`cbor::read_map_body`], the
//! request path and headers; for restJson1's HTTP bindings, [`rest`] (labels, query
//! strings, header values written and read); for restXml, [`rest_xml`]. A new protocol is a [`Protocol`] variant, a module
//! beside [`query`] with these three answers, and one match arm per method below.
//!
//! Until the pipeline takes the method, path, query and headers from [`crate::Operation`], it
//! sends every request as `POST` to the endpoint's path plus `/` with a `String` body: the
//! awsJson protocols fit that, restJson1 does not yet.

pub mod cbor;
pub mod json;
pub mod query;
pub mod rest;
pub mod rest_xml;

use crate::cbor::CborError;
use crate::error::ErrorMetadata;
use crate::http::HttpResponse;
use crate::json::JsonError;
use crate::xml::XmlError;
use std::fmt;

/// The wire protocol of a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// `awsQuery`: form-encoded requests, `<XResponse><XResult>` replies, `<ErrorResponse>`.
    Query,
    /// The EC2 dialect of query: `<Response><Errors><Error>` error documents.
    Ec2,
    /// `awsJson1_0`: JSON bodies, `POST /` with the operation in `X-Amz-Target` (DynamoDB, SQS).
    AwsJson1_0,
    /// `awsJson1_1`: as 1.0, with its own content type (KMS, ECS, Glue).
    AwsJson1_1,
    /// `restJson1`: HTTP bindings (method, path labels, query, headers, payload) and JSON
    /// bodies (Lambda, API Gateway, EKS).
    RestJson1,
    /// `restXml`: the same HTTP bindings, XML bodies, and S3's bare `<Error>` envelope beside
    /// `<ErrorResponse>` (S3, CloudFront, Route 53, S3 Control).
    RestXml,
    /// `smithy-rpc-v2-cbor`: CBOR bodies, `POST /service/{Service}/operation/{Op}` (CloudWatch,
    /// CodeBuild, Transcribe).
    RpcV2Cbor,
}

impl Protocol {
    /// The `content-type` header of a request body. For `restJson1` this is the type of a JSON
    /// document body only: generated code sets the header per request (none without a body,
    /// the payload's own for a blob or string payload).
    pub const fn content_type(self) -> &'static str {
        match self {
            Protocol::Query | Protocol::Ec2 => query::CONTENT_TYPE,
            Protocol::AwsJson1_0 => json::AWS_JSON_1_0_CONTENT_TYPE,
            Protocol::AwsJson1_1 => json::AWS_JSON_1_1_CONTENT_TYPE,
            Protocol::RestJson1 => json::REST_JSON_CONTENT_TYPE,
            Protocol::RestXml => rest_xml::CONTENT_TYPE,
            Protocol::RpcV2Cbor => cbor::CONTENT_TYPE,
        }
    }

    /// Whether `resp`, the reply to `operation`, is an error: its status is not 2xx, or its body
    /// is the protocol's error document (a proxy or a service may answer an error with 200):
    /// always looked for in the query protocols, in restXml only for an operation that says
    /// so (`error_in_success`, [`crate::Operation::ERROR_IN_SUCCESS`]). Not asked of a 2xx
    /// reply to an operation with a streaming output: its body is the payload, left unread for
    /// the caller.
    pub(crate) fn is_error_reply(self, operation: &str, error_in_success: bool, resp: &HttpResponse) -> bool {
        if !(200..300).contains(&resp.status) {
            return true;
        }
        match self {
            Protocol::Query | Protocol::Ec2 => query::is_error_document(self, operation, &resp.body),
            Protocol::RestXml => error_in_success && rest_xml::is_error_document(&resp.body),
            // The JSON protocols and RPC v2 CBOR always answer an error with a non-2xx status.
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RestJson1 | Protocol::RpcV2Cbor => false,
        }
    }

    /// Reads the code, message, fault and request id of an error reply, with its status; an
    /// error if the reply does not hold the protocol's error document. `query_compatible`: the
    /// service is `awsQueryCompatible`: a JSON reply's `x-amzn-query-error: Code;Fault` header
    /// gives the code (the query protocol's, which the service's error types are known by)
    /// and the fault. The query protocols ignore the flag.
    pub(crate) fn error_metadata(
        self,
        resp: &HttpResponse,
        query_compatible: bool,
    ) -> Result<ErrorMetadata, EnvelopeError> {
        match self {
            Protocol::Query | Protocol::Ec2 => query::parse_error_envelope(self, resp).map_err(EnvelopeError::Xml),
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RestJson1 => {
                json::parse_error_metadata(resp, query_compatible)
            }
            Protocol::RestXml => rest_xml::parse_error_metadata(resp),
            Protocol::RpcV2Cbor => cbor::parse_error_metadata(resp, query_compatible),
        }
    }
}

/// Why an error reply's metadata could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EnvelopeError {
    /// The XML protocols' error document is malformed, not an error document (an HTML page)
    /// or has no `<Code>`.
    Xml(XmlError),
    /// A JSON error reply with no error code in its headers or body; with why the body could
    /// not be read, when it could not (empty bodies read as `{}`).
    NoCode(Option<JsonError>),
    /// A CBOR error reply with no `__type` in its body (nor, for a query-compatible service,
    /// an `x-amzn-query-error` header); with why the body could not be read, when it could not.
    NoCborCode(Option<CborError>),
}

impl fmt::Display for EnvelopeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EnvelopeError::Xml(e) => e.fmt(f),
            EnvelopeError::NoCode(None) => f.write_str("no error code in the X-Amzn-ErrorType header or the body"),
            EnvelopeError::NoCborCode(None) => f.write_str("no error code (`__type`) in the CBOR body"),
            EnvelopeError::NoCborCode(Some(e)) => write!(f, "no error code, and the body is not a CBOR map: {e}"),
            EnvelopeError::NoCode(Some(e)) => {
                write!(f, "no error code in the X-Amzn-ErrorType header, and the body is not a JSON object: {e}")
            }
        }
    }
}

impl std::error::Error for EnvelopeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EnvelopeError::Xml(e) => Some(e),
            EnvelopeError::NoCode(e) => e.as_ref().map(|e| e as _),
            EnvelopeError::NoCborCode(e) => e.as_ref().map(|e| e as _),
        }
    }
}

/// The request id AWS sends as a header (`x-amzn-RequestId`, or `x-amz-request-id`), for a
/// reply whose body does not say it or cannot be read.
pub(crate) fn header_request_id(resp: &HttpResponse) -> Option<String> {
    resp.header("x-amzn-requestid").or_else(|| resp.header("x-amz-request-id")).map(str::to_string)
}
