//! The JSON protocol family: `awsJson1_0`, `awsJson1_1` (RPC: `POST /`, the operation in
//! `X-Amz-Target`) and `restJson1` (HTTP bindings, see [`super::rest`]).
//!
//! This module answers the seam's questions for them (content types, error metadata) and
//! holds the way into a JSON body that generated parsers take ([`read_object_body`]). Bodies
//! themselves are read and written by [`crate::json`].
//!
//! Error replies (every status outside 2xx) are classified as the protocols specify: the code
//! is the `X-Amzn-ErrorType` header, else the body's `__type`, else its `code`, each
//! sanitized by [`sanitize_error_code`]; a query-compatible service's `x-amzn-query-error`
//! header (`Code;Sender`) overrides the code and gives the fault.

use super::{header_request_id, EnvelopeError};
use crate::error::ErrorMetadata;
use crate::http::HttpResponse;
use crate::json::{JsonError, JsonErrorKind, JsonReader, JsonType};

/// The `content-type` of an `awsJson1_0` request.
pub const AWS_JSON_1_0_CONTENT_TYPE: &str = "application/x-amz-json-1.0";

/// The `content-type` of an `awsJson1_1` request.
pub const AWS_JSON_1_1_CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// The `content-type` of a `restJson1` request whose body is a JSON document (a structure,
/// union or document payload, or the body members). A request without a body has none, and a
/// blob or string payload has its own, so generated `restJson1` code sets it per request.
pub const REST_JSON_CONTENT_TYPE: &str = "application/json";

/// The header naming an `awsJson` operation: `X-Amz-Target: {targetPrefix}.{Operation}`
/// (`DynamoDB_20120810.GetItem`).
pub const TARGET_HEADER: &str = "x-amz-target";

/// The header a query-compatible service's requests carry, with the value `true`, asking for
/// the `x-amzn-query-error` header on error replies.
pub const QUERY_MODE_HEADER: &str = "x-amzn-query-mode";

/// The header holding an error reply's code (`FooError`, possibly namespaced or suffixed).
pub const ERROR_TYPE_HEADER: &str = "x-amzn-errortype";

/// The header of a query-compatible service's error reply: `{query error code};{Sender|Receiver}`.
pub const QUERY_ERROR_HEADER: &str = "x-amzn-query-error";

/// The error code in a raw `X-Amzn-ErrorType`, `__type` or `code` value: everything from the
/// first `:` is dropped (`FooError:http://internal.amazon.com/coral/...`), then everything up
/// to and including the last `#` (`aws.protocoltests.restjson#FooError`).
pub fn sanitize_error_code(raw: &str) -> &str {
    let before_colon = raw.split(':').next().unwrap_or(raw);
    before_colon.rsplit('#').next().unwrap_or(before_colon).trim()
}

/// Reads the code, message, fault and request id of a JSON-protocol error reply.
///
/// The body is read only for its top-level `__type`, `code`/`Code` and
/// `message`/`Message`/`errorMessage` strings; an empty body, a body that is not JSON (an
/// HTML page from a proxy) or not an object leaves the header to give the code. The fault is
/// `Receiver` for a 5xx status, `Sender` otherwise, unless a query-compatible service's
/// `x-amzn-query-error` header says it; the request id is the `x-amzn-RequestId` header (or
/// `x-amz-request-id`). An error only when no code is found anywhere.
pub fn parse_error_metadata(resp: &HttpResponse, query_compatible: bool) -> Result<ErrorMetadata, EnvelopeError> {
    let (fields, body_error) = match read_error_fields(&resp.body) {
        Ok(fields) => (fields, None),
        Err(e) => (ErrorFields::default(), Some(e)),
    };
    let header_code = resp.header(ERROR_TYPE_HEADER).map(sanitize_error_code);
    let mut code = [
        header_code,
        fields.type_.as_deref().map(sanitize_error_code),
        fields.code.as_deref().map(sanitize_error_code),
    ]
    .into_iter()
    .flatten()
    .find(|c| !c.is_empty())
    .map(str::to_string);
    let mut fault = Some(if resp.status >= 500 { "Receiver" } else { "Sender" }.to_string());
    if query_compatible {
        if let Some((query_code, query_fault)) = resp.header(QUERY_ERROR_HEADER).and_then(split_query_error) {
            code = Some(query_code.to_string());
            fault = Some(query_fault.to_string());
        }
    }
    let code = code.ok_or(EnvelopeError::NoCode(body_error))?;
    Ok(ErrorMetadata {
        code,
        message: fields.message,
        request_id: header_request_id(resp),
        status: resp.status,
        fault,
        ..Default::default()
    })
}

/// `Code;Fault` of an `x-amzn-query-error` header, when it has exactly these two parts and a
/// code (botocore ignores the header otherwise).
pub(crate) fn split_query_error(value: &str) -> Option<(&str, &str)> {
    let (code, fault) = value.split_once(';')?;
    let (code, fault) = (code.trim(), fault.trim());
    (!code.is_empty() && !fault.contains(';')).then_some((code, fault))
}

/// The top-level strings of an error body that make its metadata.
#[derive(Default)]
struct ErrorFields {
    type_: Option<String>,
    code: Option<String>,
    message: Option<String>,
}

fn read_error_fields(body: &[u8]) -> Result<ErrorFields, JsonError> {
    let mut fields = ErrorFields::default();
    // Several spellings of the code and message: the first in these lists wins, whatever the
    // order of the keys in the body.
    let (mut code_rank, mut message_rank) = (usize::MAX, usize::MAX);
    read_object_body(body, |r, key| {
        let code_key = ["code", "Code"].iter().position(|k| *k == key);
        let message_key = ["message", "Message", "errorMessage"].iter().position(|k| *k == key);
        let slot = match (key, code_key, message_key) {
            ("__type", _, _) => &mut fields.type_,
            (_, Some(rank), _) if rank < code_rank => {
                code_rank = rank;
                &mut fields.code
            }
            (_, _, Some(rank)) if rank < message_rank => {
                message_rank = rank;
                &mut fields.message
            }
            _ => return r.skip(),
        };
        // A code or message that is not a string (`"code": 5`) is not one.
        if r.peek()? == JsonType::String {
            *slot = Some(r.read_string()?);
            Ok(())
        } else {
            r.skip()
        }
    })?;
    Ok(fields)
}

/// Reads a JSON body that is an object, handing each member's key to `member`, which must
/// read or skip the value; then checks that nothing follows the object. An empty (or
/// whitespace) body is an object without members, as the JSON protocols read it.
pub fn read_object_body<'a>(
    body: &'a [u8],
    mut member: impl FnMut(&mut JsonReader<'a>, &str) -> Result<(), JsonError>,
) -> Result<(), JsonError> {
    let mut r = JsonReader::new(body);
    if r.at_end() {
        return Ok(());
    }
    if r.peek()? != JsonType::Object {
        return Err(
            r.error(JsonErrorKind::Expected { expected: "a JSON object", found: body.get(r.position()).copied() })
        );
    }
    r.enter_object()?;
    while let Some(key) = r.next_key()? {
        member(&mut r, &key)?;
    }
    r.finish()
}

#[cfg(test)]
mod tests;
