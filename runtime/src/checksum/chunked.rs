//! `aws-chunked` content encoding with a checksum trailer, as S3 takes a streamed upload whose
//! checksum is known only at its end (payload hash `STREAMING-UNSIGNED-PAYLOAD-TRAILER`):
//!
//! ```text
//! 10000\r\n<65536 bytes>\r\n ... <hex length>\r\n<last bytes>\r\n0\r\nx-amz-checksum-crc32:<base64>\r\n\r\n
//! ```
//!
//! The body is cut into [`CHUNK_LEN`] frames (the last one shorter), so the encoded length is
//! known from the decoded one before a byte is read, and `content-length` can be sent; one
//! frame is buffered at a time.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;

use super::{ChecksumAlgorithm, Checksummer};
use crate::body::{ByteStream, StreamError};

/// The decoded bytes per frame: 64 KiB, S3's smallest chunk size for signed chunks (any size
/// is accepted unsigned) and the size files are read in.
pub const CHUNK_LEN: usize = 64 * 1024;

/// The payload hash a request with this encoding is signed with.
pub const PAYLOAD_HASH: &str = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

/// The length of `decoded_len` bytes once encoded with a trailer for `algorithm`.
pub fn encoded_len(decoded_len: u64, algorithm: ChecksumAlgorithm) -> u64 {
    let frame = |len: u64| hex_len(len) + 2 + len + 2;
    let full = decoded_len / CHUNK_LEN as u64;
    let rest = decoded_len % CHUNK_LEN as u64;
    let trailer = algorithm.header_name().len() as u64 + 1 + algorithm.encoded_len() as u64 + 2;
    full * frame(CHUNK_LEN as u64) + if rest > 0 { frame(rest) } else { 0 } + 3 + trailer + 2
}

fn hex_len(n: u64) -> u64 {
    format!("{n:x}").len() as u64
}

/// `body` (of `decoded_len` bytes) encoded, its checksum in the trailer; a [`ByteStream`] of
/// [`encoded_len`] bytes.
pub fn encode(body: ByteStream, decoded_len: u64, algorithm: ChecksumAlgorithm) -> ByteStream {
    let encoder = Encoder { body, hasher: Some(algorithm.hasher()), frame: BytesMut::new(), done: false };
    ByteStream::from_stream(encoder, Some(encoded_len(decoded_len, algorithm)))
}

struct Encoder {
    body: ByteStream,
    /// `None` once the trailer is out.
    hasher: Option<Checksummer>,
    /// Decoded bytes of the frame being filled (less than [`CHUNK_LEN`] between polls).
    frame: BytesMut,
    /// The body has ended.
    done: bool,
}

impl Encoder {
    /// The first `len` bytes of the frame buffer, framed.
    fn frame_out(&mut self, len: usize) -> Bytes {
        let data = self.frame.split_to(len);
        let mut out = BytesMut::with_capacity(len + 16);
        out.extend_from_slice(format!("{len:x}\r\n").as_bytes());
        out.extend_from_slice(&data);
        out.extend_from_slice(b"\r\n");
        out.freeze()
    }
}

impl Stream for Encoder {
    type Item = Result<Bytes, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if this.frame.len() >= CHUNK_LEN {
                return Poll::Ready(Some(Ok(this.frame_out(CHUNK_LEN))));
            }
            if this.done {
                if !this.frame.is_empty() {
                    let len = this.frame.len();
                    return Poll::Ready(Some(Ok(this.frame_out(len))));
                }
                let Some(hasher) = this.hasher.take() else { return Poll::Ready(None) };
                let name = hasher.algorithm().header_name();
                let tail = format!("0\r\n{name}:{}\r\n\r\n", hasher.finish_base64());
                return Poll::Ready(Some(Ok(Bytes::from(tail))));
            }
            match Pin::new(&mut this.body).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => this.done = true,
                Poll::Ready(Some(Err(e))) => {
                    this.hasher = None;
                    this.done = true;
                    this.frame.clear();
                    return Poll::Ready(Some(Err(e)));
                }
                Poll::Ready(Some(Ok(chunk))) => {
                    if let Some(h) = this.hasher.as_mut() {
                        h.update(&chunk);
                    }
                    this.frame.extend_from_slice(&chunk);
                }
            }
        }
    }
}
