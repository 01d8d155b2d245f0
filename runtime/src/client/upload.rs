//! A request body that streams ([`SerializedRequest::streaming_body`]): its checksum (in a
//! header for bytes in memory, in an `aws-chunked` trailer otherwise), its payload hash, and a
//! fresh copy of it for each attempt.

use super::ClientCore;
use crate::body::ByteStream;
use crate::checksum::{chunked, ChecksumAlgorithm};
use crate::error::{InvalidRequestError, SdkError};
use crate::hash::{sha256, Sha256};
use crate::operation::SerializedRequest;
use std::convert::Infallible;

/// The payload hash of a body that cannot be read twice (S3 accepts it; other services may not).
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// How a call's body is sent, attempt after attempt.
#[derive(Debug)]
pub(super) enum Upload {
    /// `SerializedRequest::body`, whole.
    InMemory,
    /// A body that can be sent again: bytes (shared) or a file (re-opened).
    Replayable { body: ByteStream, trailer: Option<(ChecksumAlgorithm, u64)> },
    /// A caller's stream: sent once (`None` once taken); its request is not retried.
    OneShot { body: Option<ByteStream>, trailer: Option<(ChecksumAlgorithm, u64)> },
}

impl Upload {
    /// Whether a failed attempt can be followed by another.
    pub(super) fn replayable(&self) -> bool {
        !matches!(self, Upload::OneShot { .. })
    }

    /// The body of the next attempt (`None`: the request's own `body`), encoded with its
    /// checksum trailer if it has one.
    pub(super) fn next_body(&mut self) -> Result<Option<ByteStream>, SdkError<Infallible>> {
        let (body, trailer) = match self {
            Upload::InMemory => return Ok(None),
            Upload::Replayable { body, trailer } => (body.try_clone(), *trailer),
            Upload::OneShot { body, trailer } => (body.take(), *trailer),
        };
        let body = body.ok_or_else(|| invalid("the request body is a stream that was sent already"))?;
        Ok(Some(match trailer {
            Some((algorithm, decoded_len)) => chunked::encode(body, decoded_len, algorithm),
            None => body,
        }))
    }
}

fn invalid(reason: &str) -> SdkError<Infallible> {
    SdkError::InvalidRequest(InvalidRequestError { member: String::new(), reason: reason.into() })
}

impl ClientCore {
    /// Adds the request's checksum (`algorithm`) and, for a streamed body, its payload hash and
    /// framing headers; returns how the body goes out.
    pub(super) async fn prepare_upload(
        &self,
        algorithm: Option<ChecksumAlgorithm>,
        request: &mut SerializedRequest,
    ) -> Result<Upload, SdkError<Infallible>> {
        let Some(body) = request.streaming_body.take() else {
            if let Some(alg) = algorithm {
                request.headers.push((alg.header_name().into(), alg.checksum_of(&request.body)));
            }
            return Ok(Upload::InMemory);
        };
        if let Some(bytes) = body.in_memory() {
            // In memory: the checksum in a header, the payload hash over the bytes.
            if let Some(alg) = algorithm {
                request.headers.push((alg.header_name().into(), alg.checksum_of(bytes)));
            }
            let hash = hex(&sha256(bytes));
            request.headers.push(("x-amz-content-sha256".into(), hash));
            return Ok(Upload::Replayable { body, trailer: None });
        }
        let replayable = body.try_clone().is_some();
        let trailer = match algorithm {
            Some(alg) => {
                let len = body.content_length().ok_or_else(|| {
                    invalid("a checksum trailer needs the body's length: give the stream a content length")
                })?;
                let headers = &mut request.headers;
                match headers.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case("content-encoding")) {
                    Some((_, codings)) => *codings = format!("aws-chunked, {codings}"),
                    None => headers.push(("content-encoding".into(), "aws-chunked".into())),
                }
                headers.push(("x-amz-decoded-content-length".into(), len.to_string()));
                headers.push(("x-amz-trailer".into(), alg.header_name().into()));
                headers.push(("x-amz-content-sha256".into(), chunked::PAYLOAD_HASH.into()));
                Some((alg, len))
            }
            None => {
                let hash = match body.try_clone() {
                    Some(copy) => hash_stream(copy).await.map_err(|e| invalid(&e.to_string()))?,
                    None => UNSIGNED_PAYLOAD.to_string(),
                };
                request.headers.push(("x-amz-content-sha256".into(), hash));
                None
            }
        };
        Ok(if replayable {
            Upload::Replayable { body, trailer }
        } else {
            Upload::OneShot { body: Some(body), trailer }
        })
    }
}

/// The SHA-256 of a replayable body (a file), read once through in chunks before it is sent.
async fn hash_stream(mut body: ByteStream) -> Result<String, crate::body::StreamError> {
    let mut hasher = Sha256::new();
    while let Some(chunk) = body.next().await {
        hasher.update(&chunk?);
    }
    Ok(hex(&hasher.finish()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
