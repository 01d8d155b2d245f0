//! A reply's checksum checked against its body: [`check_whole`] for a body read whole, and
//! [`validating`], a [`ByteStream`] that hashes what it hands out and, where the body ends,
//! fails with [`StreamErrorKind::ChecksumMismatch`] instead of ending when the sums differ.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

use super::{ChecksumAlgorithm, Checksummer};
use crate::body::{ByteStream, ChecksumValue, StreamError, StreamErrorKind};

/// `bytes` against the `expected` checksum (decoded); the mismatch in words otherwise.
pub fn check_whole(algorithm: ChecksumAlgorithm, expected: &[u8], bytes: &[u8]) -> Result<(), String> {
    let mut hasher = algorithm.hasher();
    hasher.update(bytes);
    let actual = hasher.finish();
    if actual == expected {
        return Ok(());
    }
    Err(mismatch(algorithm, expected, &actual).message)
}

/// `body`, checked against `expected` (decoded) as it is read.
pub fn validating(body: ByteStream, algorithm: ChecksumAlgorithm, expected: Vec<u8>) -> ByteStream {
    let length = body.content_length();
    ByteStream::from_stream(Validating { body, hasher: Some(algorithm.hasher()), expected }, length)
}

struct Validating {
    body: ByteStream,
    /// `None` once the end was checked.
    hasher: Option<Checksummer>,
    expected: Vec<u8>,
}

impl Stream for Validating {
    type Item = Result<Bytes, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        match Pin::new(&mut this.body).poll_next(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(Ok(chunk))) => {
                if let Some(h) = this.hasher.as_mut() {
                    h.update(&chunk);
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(e))) => {
                this.hasher = None;
                Poll::Ready(Some(Err(e)))
            }
            Poll::Ready(None) => {
                let Some(hasher) = this.hasher.take() else { return Poll::Ready(None) };
                let algorithm = hasher.algorithm();
                let actual = hasher.finish();
                if actual == this.expected {
                    Poll::Ready(None)
                } else {
                    Poll::Ready(Some(Err(mismatch(algorithm, &this.expected, &actual))))
                }
            }
        }
    }
}

fn mismatch(algorithm: ChecksumAlgorithm, expected: &[u8], actual: &[u8]) -> StreamError {
    let (expected, actual) = (ChecksumValue::new(expected), ChecksumValue::new(actual));
    StreamError::new(
        StreamErrorKind::ChecksumMismatch { algorithm, expected, actual },
        format!("the body's {algorithm} checksum is {actual}, the reply's header says {expected}"),
        None,
    )
}
