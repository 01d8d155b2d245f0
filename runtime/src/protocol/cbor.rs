//! Smithy RPC v2 CBOR (`smithy-rpc-v2-cbor`): every request is `POST
//! /service/{ServiceName}/operation/{OperationName}` with `smithy-protocol: rpc-v2-cbor`, the
//! input's members as one CBOR map (no body when the operation has no input), and replies are
//! the output's members as one map.
//!
//! This module answers the seam's questions for it (content type, error metadata) and holds
//! the way into a CBOR body that generated parsers take ([`read_map_body`]). Bodies are read
//! and written by [`crate::cbor`].
//!
//! Error replies (every status outside 2xx) carry their code in the body's `__type` (possibly
//! namespaced, `smithy.example#FooError`, sanitized as the JSON protocols' codes are) and their
//! message in `message` or `Message`; a query-compatible service's `x-amzn-query-error`
//! header (`Code;Sender`) overrides the code and gives the fault.

use super::json::{sanitize_error_code, split_query_error, QUERY_ERROR_HEADER};
use super::{header_request_id, EnvelopeError};
use crate::cbor::{CborError, CborErrorKind, CborReader, CborType};
use crate::error::ErrorMetadata;
use crate::http::HttpResponse;

/// The `content-type` of a request body, and the `accept` of every request.
pub const CONTENT_TYPE: &str = "application/cbor";

/// The header every request and reply carries, with [`PROTOCOL_HEADER_VALUE`].
pub const PROTOCOL_HEADER: &str = "smithy-protocol";

/// The value of [`PROTOCOL_HEADER`].
pub const PROTOCOL_HEADER_VALUE: &str = "rpc-v2-cbor";

/// The request line's path for an operation: `/service/{service}/operation/{operation}`, the
/// service being the Smithy service shape's name (botocore's `targetPrefix`).
pub fn operation_path(service: &str, operation: &str) -> String {
    format!("/service/{service}/operation/{operation}")
}

/// The headers of every request: the protocol's, `accept`, and the content type when there is
/// a body.
pub fn request_headers(has_body: bool) -> Vec<(String, String)> {
    let mut headers = vec![
        (PROTOCOL_HEADER.to_string(), PROTOCOL_HEADER_VALUE.to_string()),
        ("accept".to_string(), CONTENT_TYPE.to_string()),
    ];
    if has_body {
        headers.push(("content-type".to_string(), CONTENT_TYPE.to_string()));
    }
    headers
}

/// Reads the code, message, fault and request id of an error reply.
///
/// The body is read only for its top-level `__type` and `message`/`Message` text strings; a
/// body that is not CBOR (an HTML page from a proxy) or not a map leaves a query-compatible
/// service's header as the only source of the code. The fault is `Receiver` for a 5xx status,
/// `Sender` otherwise, unless the `x-amzn-query-error` header says it; the request id is the
/// `x-amzn-RequestId` header. An error only when no code is found anywhere.
pub fn parse_error_metadata(resp: &HttpResponse, query_compatible: bool) -> Result<ErrorMetadata, EnvelopeError> {
    let mut type_ = None;
    let mut message: Option<(usize, String)> = None;
    let read = read_map_body(&resp.body, |r, key| {
        let rank = ["message", "Message"].iter().position(|k| *k == key);
        let slot_is_type = key == "__type";
        if (slot_is_type || rank.is_some()) && r.peek()? == CborType::Text {
            let text = r.read_string()?;
            match rank {
                None => type_ = Some(text),
                Some(rank) if message.as_ref().is_none_or(|(r, _)| rank < *r) => message = Some((rank, text)),
                Some(_) => {}
            }
            Ok(())
        } else {
            r.skip()
        }
    });
    let body_error = read.err();
    let mut code = type_.as_deref().map(sanitize_error_code).filter(|c| !c.is_empty()).map(str::to_string);
    let mut fault = Some(if resp.status >= 500 { "Receiver" } else { "Sender" }.to_string());
    if query_compatible {
        if let Some((query_code, query_fault)) = resp.header(QUERY_ERROR_HEADER).and_then(split_query_error) {
            code = Some(query_code.to_string());
            fault = Some(query_fault.to_string());
        }
    }
    let code = code.ok_or(EnvelopeError::NoCborCode(body_error))?;
    Ok(ErrorMetadata {
        code,
        message: message.map(|(_, m)| m),
        request_id: header_request_id(resp),
        status: resp.status,
        fault,
        ..Default::default()
    })
}

/// Reads a CBOR body that is a map, handing each member's key to `member`, which must read or
/// skip the value; then checks that nothing follows the map. An empty body is a map without
/// members.
pub fn read_map_body<'a>(
    body: &'a [u8],
    mut member: impl FnMut(&mut CborReader<'a>, &str) -> Result<(), CborError>,
) -> Result<(), CborError> {
    let mut r = CborReader::new(body);
    if r.at_end() {
        return Ok(());
    }
    if r.peek()? != CborType::Map {
        let found = body.first().copied().unwrap_or_default();
        return Err(r.error(CborErrorKind::Expected { expected: "a map", found }));
    }
    r.enter_object()?;
    while let Some(key) = r.next_key()? {
        member(&mut r, &key)?;
    }
    r.finish()
}

#[cfg(test)]
mod tests;
