//! The `query` protocol family: `awsQuery` (`<XResponse><XResult>` replies, `<ErrorResponse>`
//! errors) and its EC2 dialect (`<XResponse>` replies, `<Response><Errors><Error>` errors).
//!
//! This module reads their XML envelopes: the error document for the pipeline
//! ([`parse_error_envelope`], `is_error_document`) and, for generated parsers, the way into
//! a success document ([`read_query_response`], [`ec2_response_reader`]) or to the members of
//! an error ([`error_element_reader`]). Request bodies are forms, written by
//! [`crate::query::QueryWriter`].

use super::{header_request_id, Protocol};
use crate::error::ErrorMetadata;
use crate::http::HttpResponse;
use crate::xml::{XmlError, XmlReader};

/// The `content-type` of a form-encoded request body.
pub(crate) const CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// Reads the protocol's error document: `<ErrorResponse><Error><Type/><Code/><Message/></Error>
/// <RequestId/></ErrorResponse>` for query, `<Response><Errors><Error><Code/><Message/></Error>
/// </Errors><RequestID/></Response>` for EC2. The HTTP status and, failing the body, the
/// request id header complete the metadata. A query document that nests its `<Error>` in
/// `<Errors>` as EC2 does (moto's authentication errors) is read too, as botocore reads it.
pub fn parse_error_envelope(protocol: Protocol, resp: &HttpResponse) -> Result<ErrorMetadata, XmlError> {
    let mut r = XmlReader::new(&resp.body);
    r.root()?;
    let mut meta = ErrorMetadata { status: resp.status, ..Default::default() };
    let mut code = None;
    while let Some(tag) = r.next_child()? {
        match (protocol, tag.name()) {
            (Protocol::Query, b"Error") => read_error_fields(&mut r, &mut meta, &mut code, false)?,
            (_, b"Errors") => {
                let mut first = true;
                while let Some(t) = r.next_child()? {
                    if t.name() == b"Error" && first {
                        read_error_fields(&mut r, &mut meta, &mut code, false)?;
                        first = false;
                    } else {
                        r.skip()?;
                    }
                }
            }
            (_, b"RequestId" | b"RequestID") => meta.request_id = Some(r.text()?.trim().to_string()),
            _ => r.skip()?,
        }
    }
    meta.code = code.ok_or_else(|| r.error("error document without an error <Code>"))?;
    if meta.request_id.is_none() {
        meta.request_id = header_request_id(resp);
    }
    Ok(meta)
}

/// Reads the members of an `<Error>` element: `Code`, `Message`, `Type` (the fault) and, where
/// the protocol puts it inside the element (S3's bare `<Error>`, `with_request_id`),
/// `RequestId`; anything else is skipped. Shared by the query protocols and restXml.
pub(super) fn read_error_fields(
    r: &mut XmlReader<'_>,
    meta: &mut ErrorMetadata,
    code: &mut Option<String>,
    with_request_id: bool,
) -> Result<(), XmlError> {
    while let Some(t) = r.next_child()? {
        match t.name() {
            b"Code" => *code = Some(r.text()?.trim().to_string()),
            b"Message" => meta.message = Some(r.text()?),
            b"Type" => meta.fault = Some(r.text()?.trim().to_string()),
            b"RequestId" if with_request_id => meta.request_id = Some(r.text()?.trim().to_string()),
            _ => r.skip()?,
        }
    }
    Ok(())
}

/// Positions a reader on the children of the `<Error>` element of an error document, so that a
/// generated error parser can read the error's own members. `Ok(None)` if there is none.
pub fn error_element_reader(protocol: Protocol, body: &[u8]) -> Result<Option<XmlReader<'_>>, XmlError> {
    let mut r = XmlReader::new(body);
    r.root()?;
    let path: &[&str] = match protocol {
        Protocol::Ec2 => &["Errors", "Error"],
        _ => &["Error"],
    };
    Ok(if r.descend(path)? { Some(r) } else { None })
}

/// Reads a `query` success document: enters the root, hands the `<{result_wrapper}>` element
/// to `parse` (which must consume it), and returns the `ResponseMetadata/RequestId`. An empty
/// body is a document without members (as botocore reads it).
pub fn read_query_response<'a>(
    body: &'a [u8],
    result_wrapper: Option<&str>,
    mut parse: impl FnMut(&mut XmlReader<'a>) -> Result<(), XmlError>,
) -> Result<Option<String>, XmlError> {
    if is_blank(body) {
        return Ok(None);
    }
    let mut r = XmlReader::new(body);
    r.root()?;
    let mut request_id = None;
    while let Some(tag) = r.next_child()? {
        let name = tag.name();
        if result_wrapper.is_some_and(|w| w.as_bytes() == name) {
            parse(&mut r)?;
        } else if name == b"ResponseMetadata" {
            request_id = read_response_metadata(&mut r)?;
        } else {
            r.skip()?;
        }
    }
    Ok(request_id)
}

/// Positions a reader on the children of an EC2 success document's root, where the output
/// members and `<requestId>` are; `None` for an empty body.
pub fn ec2_response_reader(body: &[u8]) -> Result<Option<XmlReader<'_>>, XmlError> {
    if is_blank(body) {
        return Ok(None);
    }
    let mut r = XmlReader::new(body);
    r.root()?;
    Ok(Some(r))
}

/// Whether a body is the protocol's error document, whatever the status: its root is
/// `<ErrorResponse>` (query) or `<Response>` (EC2), never the root of a result
/// (`<{Operation}Response>`) except for a query operation named `Error`. A 2xx reply carrying
/// one is the error it describes, not an empty output (a proxy or a service may answer so).
pub(crate) fn is_error_document(protocol: Protocol, operation: &str, body: &[u8]) -> bool {
    if is_blank(body) {
        return false;
    }
    let Ok(root) = XmlReader::new(body).root() else { return false };
    match protocol {
        Protocol::Query => root.name() == b"ErrorResponse" && operation != "Error",
        Protocol::Ec2 => root.name() == b"Response",
        // Not an XML protocol: its errors are known by their status alone.
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RestJson1 | Protocol::RestXml | Protocol::RpcV2Cbor => {
            false
        }
    }
}

fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

/// Reads a `<ResponseMetadata>` element (the reader is inside it) and returns its `RequestId`.
pub fn read_response_metadata(r: &mut XmlReader<'_>) -> Result<Option<String>, XmlError> {
    let mut request_id = None;
    while let Some(t) = r.next_child()? {
        if t.name() == b"RequestId" {
            request_id = Some(r.text()?.trim().to_string());
        } else {
            r.skip()?;
        }
    }
    Ok(request_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_documents_are_known_by_their_root() {
        let query_error = b"<?xml version=\"1.0\"?>\n<ErrorResponse><Error><Code>X</Code></Error></ErrorResponse>";
        assert!(is_error_document(Protocol::Query, "CopySnapshot", query_error));
        assert!(!is_error_document(Protocol::Query, "CopySnapshot", b"<CopySnapshotResponse/>"));
        // A query operation named `Error` answers `<ErrorResponse><ErrorResult>`.
        assert!(!is_error_document(Protocol::Query, "Error", b"<ErrorResponse><ErrorResult/></ErrorResponse>"));
        let ec2_error = b"<Response><Errors><Error><Code>X</Code></Error></Errors></Response>";
        assert!(is_error_document(Protocol::Ec2, "RunInstances", ec2_error));
        assert!(!is_error_document(Protocol::Ec2, "RunInstances", b"<RunInstancesResponse/>"));
        for not_xml in [&b""[..], b"  ", b"not xml", b"<ErrorResponse"] {
            assert!(!is_error_document(Protocol::Query, "X", not_xml));
        }
    }

    /// moto's signature errors wrap `<Error>` in `<Errors>` even for query services.
    #[test]
    fn a_query_error_nested_in_errors_is_read() {
        let body = br#"<?xml version="1.0" encoding="utf-8"?>
<ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>no match</Message><Type>Sender</Type></Error></Errors></ErrorResponse>"#;
        let resp = HttpResponse {
            status: 403,
            headers: vec![("x-amzn-requestid".into(), "rid-1".into())],
            body: body.to_vec(),
        };
        let meta = parse_error_envelope(Protocol::Query, &resp).unwrap();
        assert_eq!(meta.code, "SignatureDoesNotMatch");
        assert_eq!(meta.message.as_deref(), Some("no match"));
        assert_eq!(meta.fault.as_deref(), Some("Sender"));
        assert_eq!((meta.status, meta.request_id.as_deref()), (403, Some("rid-1")));
    }
}
