//! Streaming bodies: [`ByteStream`], the value of a `streaming` blob member.
//!
//! As an output, it is the reply's body read chunk by chunk as it arrives ([`ByteStream::next`],
//! or the [`futures_core::Stream`] and [`tokio::io::AsyncRead`] adapters), so a gigabyte object
//! never sits in memory whole; [`ByteStream::collect`] reads it whole when the caller wants that.
//! As an input, it is bytes ([`From<Vec<u8>>`](ByteStream#impl-From<Vec<u8>>-for-ByteStream),
//! [`ByteStream::from_static`]) or a file ([`ByteStream::from_path`]).
//!
//! An input body is sent as it is read, never whole in memory: the serializer takes it with
//! [`ByteStream::request_body`] (bytes are shared, a file is opened anew, a stream is taken), and
//! the pipeline sends a fresh copy per attempt ([`ByteStream::try_clone`]): a file is re-opened
//! and read from its start, while a one-shot stream, which cannot be replayed, is sent once and
//! its request not retried.
//!
//! Limitations, to lift when an operation needs it:
//!
//! - No time limit applies between the chunks of an output body: the attempt and operation
//!   timeouts end when the reply's head arrives, and the configuration has no read timeout. A
//!   caller who needs one wraps [`ByteStream::next`] in `tokio::time::timeout`.
//! - A failure mid-body is returned by `next()`; the request is not retried.
//! - A file is read with blocking reads of 64 KiB, on the task that sends it.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

use crate::error::InvalidRequestError;

mod error;
pub use error::{ChecksumValue, StreamError, StreamErrorKind};

type BoxedStream = Pin<Box<dyn Stream<Item = Result<Bytes, StreamError>> + Send + Sync>>;

/// Bytes read from a file per chunk.
const FILE_CHUNK_LEN: usize = 64 * 1024;

/// The most [`ByteStream::collect`] reserves up front from a declared length: a hostile
/// `content-length` must not allocate before the bytes arrive.
const MAX_PREALLOCATION: usize = 1024 * 1024;

/// A body read incrementally: a reply's streaming payload, or the bytes or file to send.
///
/// Debug output shows where the bytes come from and the declared length, never the bytes.
pub struct ByteStream {
    source: Source,
    /// The declared length (`content-length`, a file's size), checked against what arrives.
    expected: Option<u64>,
    /// Bytes handed out so far.
    received: u64,
}

enum Source {
    /// In memory; handed out as one chunk.
    Bytes(Bytes),
    /// A local file, opened at the first read.
    File { path: PathBuf, file: Option<std::fs::File> },
    /// Chunks from a transport (a response body) or the caller; in a mutex only so that a
    /// serializer holding `&self` can take it ([`ByteStream::request_body`]): reads go through
    /// `get_mut`, without locking.
    Stream(Mutex<Option<BoxedStream>>),
    /// Ended, or failed: nothing more comes.
    Done,
}

impl ByteStream {
    /// A body of these bytes.
    pub fn from_static(bytes: &'static [u8]) -> Self {
        Self::from(Bytes::from_static(bytes))
    }

    /// The file at `path`, whose length is read now; its bytes are read as the request is
    /// sent, once per attempt (see the module documentation). The file must keep that length until then: a file
    /// that changed size fails the request. Read as a stream, it comes in 64 KiB chunks, each a
    /// blocking read of the local file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, StreamError> {
        let path = path.as_ref().to_path_buf();
        let len = std::fs::metadata(&path).map_err(|e| StreamError::file(&path, e))?.len();
        Ok(ByteStream { source: Source::File { path, file: None }, expected: Some(len), received: 0 })
    }

    /// A body made of the chunks `stream` yields, which promises `content_length` bytes if it
    /// is given: a different total ends the body with [`StreamErrorKind::LengthMismatch`].
    /// Transports build response bodies with it; a test double can too; as an input, it is a
    /// one-shot body (sent once: a request with it is not retried), and a checksum trailer
    /// needs `content_length`. The stream must be `Sync` so that an output holding the body is.
    pub fn from_stream(
        stream: impl Stream<Item = Result<Bytes, StreamError>> + Send + Sync + 'static,
        content_length: Option<u64>,
    ) -> Self {
        ByteStream { source: Source::Stream(Mutex::new(Some(Box::pin(stream)))), expected: content_length, received: 0 }
    }

    /// The declared length: the byte count, the file's size, or the reply's `content-length`.
    pub fn content_length(&self) -> Option<u64> {
        self.expected
    }

    /// The next chunk, an error if the body broke off, or `None` at its end. After an error or
    /// the end, `None`.
    pub async fn next(&mut self) -> Option<Result<Bytes, StreamError>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Reads the rest of the body into memory, however long it is.
    pub async fn collect(self) -> Result<Vec<u8>, StreamError> {
        self.collect_limited(usize::MAX).await
    }

    /// Reads the rest of the body into memory, or fails with [`StreamErrorKind::TooLarge`] as
    /// soon as it is known to exceed `limit` bytes (at once when the declared length does).
    pub async fn collect_limited(mut self, limit: usize) -> Result<Vec<u8>, StreamError> {
        let remaining = self.expected.map(|len| len.saturating_sub(self.received));
        if remaining.is_some_and(|len| len > limit as u64) {
            return Err(StreamError::too_large(limit));
        }
        if let (Source::Bytes(bytes), 0) = (&mut self.source, self.received) {
            return Ok(Vec::from(std::mem::take(bytes)));
        }
        let reserve = remaining.map_or(0, |len| len.min(MAX_PREALLOCATION as u64) as usize);
        let mut out = Vec::with_capacity(reserve);
        while let Some(chunk) = self.next().await {
            let chunk = chunk?;
            if out.len().saturating_add(chunk.len()) > limit {
                return Err(StreamError::too_large(limit));
            }
            out.extend_from_slice(&chunk);
        }
        Ok(out)
    }

    /// At most `limit` bytes of the body, and whether more followed (the rest is not read): how
    /// the pipeline reads an error reply of a streaming operation.
    pub(crate) async fn read_prefix(mut self, limit: usize) -> Result<(Vec<u8>, bool), StreamError> {
        let mut out = Vec::new();
        while let Some(chunk) = self.next().await {
            let chunk = chunk?;
            let room = limit - out.len();
            if chunk.len() > room {
                out.extend_from_slice(&chunk[..room]);
                return Ok((out, true));
            }
            out.extend_from_slice(&chunk);
        }
        Ok((out, false))
    }

    /// A reader over the rest of the body, for `tokio::io::copy` and friends; a failure reads
    /// as an `io::Error` of kind `Other` whose inner error is the [`StreamError`].
    pub fn into_async_read(self) -> ByteStreamReader {
        ByteStreamReader { stream: self, chunk: Bytes::new() }
    }

    /// The body a serializer puts in a request: bytes shared, a file not yet read (opened when
    /// sent), or a stream taken from this value (so a second call fails). `member` names the
    /// input member in the error. A body that came from a reply, or was read already, cannot be
    /// sent (nothing is buffered to send it from).
    pub fn request_body(&self, member: &str) -> Result<ByteStream, InvalidRequestError> {
        let invalid = |reason: &str| InvalidRequestError { member: member.to_string(), reason: reason.into() };
        if let Some(copy) = self.try_clone() {
            return Ok(copy);
        }
        match (&self.source, self.received) {
            (Source::Stream(slot), 0) => {
                let taken = slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
                let stream = taken.ok_or_else(|| invalid("the stream was sent already: a stream is sent once"))?;
                Ok(ByteStream {
                    source: Source::Stream(Mutex::new(Some(stream))),
                    expected: self.expected,
                    received: 0,
                })
            }
            _ => Err(invalid("a body that was read already, or that streams from a reply, cannot be sent")),
        }
    }

    /// The bytes of a body in memory, not yet read.
    pub(crate) fn in_memory(&self) -> Option<&Bytes> {
        match (&self.source, self.received) {
            (Source::Bytes(bytes), 0) => Some(bytes),
            _ => None,
        }
    }

    /// Whether every byte has been handed out (a declared length reached; `false` when unknown).
    pub(crate) fn is_end(&self) -> bool {
        matches!(self.source, Source::Done) || self.expected == Some(self.received)
    }

    /// An independent copy, for a body in memory or a file not yet read; `None` for a body
    /// streaming from a reply, or one read already.
    pub fn try_clone(&self) -> Option<ByteStream> {
        let source = match (&self.source, self.received) {
            (Source::Bytes(bytes), 0) => Source::Bytes(bytes.clone()),
            (Source::File { path, file: None }, 0) => Source::File { path: path.clone(), file: None },
            _ => return None,
        };
        Some(ByteStream { source, expected: self.expected, received: 0 })
    }

    /// The next chunk from the source, before the length check.
    fn poll_source(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, StreamError>>> {
        match &mut self.source {
            Source::Bytes(bytes) => {
                let chunk = std::mem::take(bytes);
                self.source = Source::Done;
                Poll::Ready((!chunk.is_empty()).then_some(Ok(chunk)))
            }
            Source::File { path, file } => Poll::Ready(read_file_chunk(path, file).transpose()),
            Source::Stream(slot) => match slot.get_mut().unwrap_or_else(|poisoned| poisoned.into_inner()) {
                Some(stream) => stream.as_mut().poll_next(cx),
                None => Poll::Ready(Some(Err(StreamError::new(
                    StreamErrorKind::File,
                    "the stream was taken to be sent; this body is empty",
                    None,
                )))),
            },
            Source::Done => Poll::Ready(None),
        }
    }
}

/// The next chunk of a file (opened if need be), `None` at its end.
fn read_file_chunk(path: &Path, file: &mut Option<std::fs::File>) -> Result<Option<Bytes>, StreamError> {
    let f = match file {
        Some(f) => f,
        None => file.insert(std::fs::File::open(path).map_err(|e| StreamError::file(path, e))?),
    };
    let mut buf = vec![0; FILE_CHUNK_LEN];
    loop {
        match f.read(&mut buf) {
            Ok(0) => return Ok(None),
            Ok(n) => {
                buf.truncate(n);
                return Ok(Some(Bytes::from(buf)));
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(StreamError::file(path, e)),
        }
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, StreamError>;

    /// Chunks as the source yields them, with the declared length enforced: more bytes than
    /// declared, or an end before them, is [`StreamErrorKind::LengthMismatch`]. After the end
    /// or an error, `None`.
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        let item = match this.poll_source(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(item) => item,
        };
        let expected = this.expected;
        let mismatch = |received| StreamError::length_mismatch(expected.unwrap_or_default(), received);
        let item = match item {
            Some(Ok(chunk)) => {
                this.received += chunk.len() as u64;
                match expected {
                    Some(expected) if this.received > expected => Some(Err(mismatch(this.received))),
                    _ => Some(Ok(chunk)),
                }
            }
            // A transport saw the connection close before the body's end: with a declared
            // length, that is a short body.
            Some(Err(e)) if e.ended_early && expected.is_some() => {
                Some(Err(mismatch(this.received).with_source(e.source)))
            }
            Some(Err(e)) => Some(Err(e)),
            None => match expected {
                Some(expected) if this.received != expected => Some(Err(mismatch(this.received))),
                _ => None,
            },
        };
        if !matches!(item, Some(Ok(_))) {
            this.source = Source::Done;
        }
        Poll::Ready(item)
    }
}

impl Default for ByteStream {
    /// An empty body.
    fn default() -> Self {
        Self::from(Bytes::new())
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        let expected = Some(bytes.len() as u64);
        ByteStream { source: Source::Bytes(bytes), expected, received: 0 }
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        Self::from(Bytes::from(bytes))
    }
}

impl From<String> for ByteStream {
    fn from(text: String) -> Self {
        Self::from(Bytes::from(text))
    }
}

impl From<&'static str> for ByteStream {
    fn from(text: &'static str) -> Self {
        Self::from_static(text.as_bytes())
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Bytes(_) => "bytes".to_string(),
            Source::File { path, .. } => format!("file {}", path.display()),
            Source::Stream(_) => "stream".to_string(),
            Source::Done => "ended".to_string(),
        };
        f.debug_struct("ByteStream")
            .field("source", &source)
            .field("content_length", &self.expected)
            .field("read", &self.received)
            .finish()
    }
}

/// A [`ByteStream`] as a [`tokio::io::AsyncRead`]; from [`ByteStream::into_async_read`].
#[derive(Debug)]
pub struct ByteStreamReader {
    stream: ByteStream,
    /// What is left of the last chunk.
    chunk: Bytes,
}

impl tokio::io::AsyncRead for ByteStreamReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = &mut *self;
        while this.chunk.is_empty() {
            match Pin::new(&mut this.stream).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(Ok(())),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Err(std::io::Error::other(e))),
                Poll::Ready(Some(Ok(chunk))) => this.chunk = chunk,
            }
        }
        let n = this.chunk.len().min(buf.remaining());
        buf.put_slice(&this.chunk.split_to(n));
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests;
