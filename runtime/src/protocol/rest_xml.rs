//! restXml (S3, CloudFront, Route 53, S3 Control): the HTTP bindings of [`super::rest`] with
//! XML bodies, written by [`crate::xml::XmlWriter`] and read by [`crate::xml::XmlReader`].
//!
//! This module answers the seam's questions (content type, error metadata) and holds the ways
//! into a document that generated parsers take: [`body_reader`] for an output's body and
//! [`error_element_reader`] for an error's members.
//!
//! Error replies come in two envelopes: `<ErrorResponse><Error><Type/><Code/><Message/>
//! </Error><RequestId/></ErrorResponse>` (CloudFront, Route 53) and S3's bare
//! `<Error><Code/><Message/><RequestId/>...</Error>`. A reply without a body (the answer to
//! `HEAD`, or a `304`) has its code from its status, as the AWS SDKs name them
//! ([`status_code_name`]): `404` is `NotFound`. S3's `x-amz-id-2` and `x-amz-bucket-region`
//! headers (the latter on a 301 `PermanentRedirect`) fill the metadata's `extra`
//! (`ErrorMetadata::extended_request_id()`, `region()`). A body
//! that is not an XML error document (an HTML page from a proxy, a truncated document) is an
//! [`EnvelopeError`], which the pipeline reports with the status, request id and an excerpt.

use super::query::read_error_fields;
use super::{header_request_id, EnvelopeError};
use crate::error::{ErrorExtras, ErrorMetadata};
use crate::http::HttpResponse;
use crate::xml::{XmlError, XmlReader};

/// The `content-type` of an XML request body.
pub const CONTENT_TYPE: &str = "application/xml";

/// The header holding S3's request id (also sent by the other restXml services as
/// `x-amzn-RequestId`).
pub const REQUEST_ID_HEADER: &str = "x-amz-request-id";

/// The header holding S3's extended request id ([`ErrorMetadata::extended_request_id`]).
pub const EXTENDED_REQUEST_ID_HEADER: &str = "x-amz-id-2";

/// The header naming the region of the bucket addressed ([`ErrorMetadata::region`]), which S3
/// sends on a 301 `PermanentRedirect` (and a `HEAD` to a bucket elsewhere).
pub const BUCKET_REGION_HEADER: &str = "x-amz-bucket-region";

/// The request id of a reply: `x-amz-request-id`, else `x-amzn-RequestId`.
pub fn request_id(resp: &HttpResponse) -> Option<String> {
    resp.header(REQUEST_ID_HEADER).or_else(|| resp.header("x-amzn-requestid")).map(str::to_string)
}

/// The code of a bodiless error reply, from its status: the names the AWS SDKs give them (S3
/// answers `HEAD` errors without a body; a 301 is its `PermanentRedirect`), else the status
/// itself, as botocore does.
pub fn status_code_name(status: u16) -> String {
    match status {
        301 => "PermanentRedirect".into(),
        304 => "NotModified".into(),
        400 => "BadRequest".into(),
        403 => "Forbidden".into(),
        404 => "NotFound".into(),
        412 => "PreconditionFailed".into(),
        other => other.to_string(),
    }
}

/// Reads the code, message, fault and request id of a restXml error reply: either envelope,
/// or, for an empty body, the status ([`status_code_name`]). The request id is the body's
/// `<RequestId>`, else the header's.
pub fn parse_error_metadata(resp: &HttpResponse) -> Result<ErrorMetadata, EnvelopeError> {
    let extras = ErrorExtras {
        extended_request_id: resp.header(EXTENDED_REQUEST_ID_HEADER).map(str::to_string),
        region: resp.header(BUCKET_REGION_HEADER).map(str::to_string),
    };
    let extra = (extras != ErrorExtras::default()).then(|| Box::new(extras));
    let mut meta = ErrorMetadata { status: resp.status, extra, ..Default::default() };
    if is_blank(&resp.body) {
        meta.code = status_code_name(resp.status);
        meta.request_id = request_id(resp);
        meta.fault = Some(if resp.status >= 500 { "Receiver" } else { "Sender" }.into());
        return Ok(meta);
    }
    read_envelope(&resp.body, &mut meta).map_err(EnvelopeError::Xml)?;
    if meta.request_id.is_none() {
        meta.request_id = request_id(resp).or_else(|| header_request_id(resp));
    }
    Ok(meta)
}

fn read_envelope(body: &[u8], meta: &mut ErrorMetadata) -> Result<(), XmlError> {
    let mut r = XmlReader::new(body);
    let root = r.root()?;
    let mut code = None;
    match root.name() {
        b"Error" => read_error_fields(&mut r, meta, &mut code, true)?,
        b"ErrorResponse" => {
            while let Some(tag) = r.next_child()? {
                match tag.name() {
                    b"Error" => read_error_fields(&mut r, meta, &mut code, true)?,
                    b"RequestId" => meta.request_id = Some(r.text()?.trim().to_string()),
                    _ => r.skip()?,
                }
            }
        }
        other => {
            let name = String::from_utf8_lossy(other).into_owned();
            return Err(r.error(format!("not an error document: its root is <{name}>, not <Error> or <ErrorResponse>")));
        }
    }
    meta.code = code.ok_or_else(|| r.error("error document without an error <Code>"))?;
    Ok(())
}

/// Positions a reader on the children of the element that holds an error's members: the root
/// `<Error>` (S3), or `<ErrorResponse>`'s `<Error>`. `Ok(None)` for an empty body or a
/// document without one.
pub fn error_element_reader(body: &[u8]) -> Result<Option<XmlReader<'_>>, XmlError> {
    if is_blank(body) {
        return Ok(None);
    }
    let mut r = XmlReader::new(body);
    let root = r.root()?;
    if root.name() == b"Error" {
        return Ok(Some(r));
    }
    Ok(if r.descend(&["Error"])? { Some(r) } else { None })
}

/// A reader entered into the root element of a reply's body, with the root's start tag (for
/// its attributes); `None` for an empty body, which is a document without members. The root's
/// name is not checked (botocore reads any), except that an `<html>` page (a proxy's, with a
/// 200 status) is an error rather than an output without members.
pub fn body_reader(body: &[u8]) -> Result<Option<(XmlReader<'_>, crate::xml::Tag<'_>)>, XmlError> {
    if is_blank(body) {
        return Ok(None);
    }
    let mut r = XmlReader::new(body);
    let root = r.root()?;
    if root.name().eq_ignore_ascii_case(b"html") {
        return Err(r.error("an HTML page, not an XML document"));
    }
    Ok(Some((r, root)))
}

/// Whether a 2xx body is S3's error document (its root is `<Error>`), for the operations whose
/// `200` can carry one.
pub(crate) fn is_error_document(body: &[u8]) -> bool {
    !is_blank(body) && XmlReader::new(body).root().is_ok_and(|root| root.name() == b"Error")
}

fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

#[cfg(test)]
mod tests;
