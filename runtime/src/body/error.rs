//! [`StreamError`]: why a body broke off, typed by [`StreamErrorKind`].

use std::fmt;
use std::path::Path;

use crate::http::TransportErrorKind;

/// What went wrong while a body was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamErrorKind {
    /// The connection failed mid-body: reset, or closed before the end of a body of unknown
    /// length (always [`TransportErrorKind::Io`] today).
    Transport(TransportErrorKind),
    /// The body ended after `received` bytes, or went past them, where `expected` were declared
    /// (a `content-length`, a file's size when the body was created).
    LengthMismatch {
        /// The declared length.
        expected: u64,
        /// The bytes that arrived (when too many: as soon as there were too many).
        received: u64,
    },
    /// [`ByteStream::collect_limited`](super::ByteStream::collect_limited): the body is longer than this limit.
    TooLarge {
        /// The limit.
        limit: usize,
    },
    /// A local file could not be read.
    File,
    /// The body's checksum is not the one the reply's `x-amz-checksum-<alg>` header states:
    /// the bytes handed out so far must not be trusted.
    ChecksumMismatch {
        /// The algorithm.
        algorithm: crate::checksum::ChecksumAlgorithm,
        /// What the header states.
        expected: ChecksumValue,
        /// What the body hashes to.
        actual: ChecksumValue,
    },
    /// A time limit on reading the body ran out: the read timeout or stalled-stream protection
    /// ([`crate::error::TimeoutKind::Read`], [`crate::error::TimeoutKind::StalledStream`]).
    Timeout(crate::error::TimeoutError),
}

/// A checksum's bytes (at most 32, SHA-256's length); displayed as base64, as headers carry it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ChecksumValue {
    bytes: [u8; 32],
    len: u8,
}

impl ChecksumValue {
    /// The first 32 bytes of `bytes` (a checksum is never longer).
    pub fn new(bytes: &[u8]) -> Self {
        let len = bytes.len().min(32);
        let mut out = [0u8; 32];
        out[..len].copy_from_slice(&bytes[..len]);
        ChecksumValue { bytes: out, len: len as u8 }
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len as usize]
    }
}

impl fmt::Display for ChecksumValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use base64::Engine as _;
        f.write_str(&base64::engine::general_purpose::STANDARD.encode(self.as_bytes()))
    }
}

impl fmt::Debug for ChecksumValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ChecksumValue({self})")
    }
}

/// Why a [`ByteStream`](super::ByteStream) ended before its end: a typed kind, a message and the cause.
#[derive(Debug)]
pub struct StreamError {
    /// What went wrong.
    pub kind: StreamErrorKind,
    /// In words, naming the peer or file.
    pub message: String,
    /// The underlying error, when there is one.
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
    /// A transport error raised because the connection closed before the body's end, which a
    /// declared length turns into [`StreamErrorKind::LengthMismatch`].
    pub(super) ended_early: bool,
}

impl StreamError {
    /// An error of this kind.
    pub fn new(
        kind: StreamErrorKind,
        message: impl Into<String>,
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        StreamError { kind, message: message.into(), source, ended_early: false }
    }

    /// The connection closed before the body's end (what hyper calls an incomplete message):
    /// [`StreamErrorKind::Transport`], or a length mismatch when the body declared its length.
    pub fn closed_early(message: impl Into<String>, source: Option<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        StreamError {
            ended_early: true,
            ..Self::new(StreamErrorKind::Transport(TransportErrorKind::Io), message, source)
        }
    }

    pub(super) fn length_mismatch(expected: u64, received: u64) -> Self {
        let message = if received > expected {
            format!("the body is longer than its declared length: {received} bytes arrived, {expected} were declared")
        } else {
            format!("the body ended after {received} of its {expected} declared bytes")
        };
        Self::new(StreamErrorKind::LengthMismatch { expected, received }, message, None)
    }

    pub(super) fn too_large(limit: usize) -> Self {
        Self::new(StreamErrorKind::TooLarge { limit }, format!("the body is longer than the {limit}-byte limit"), None)
    }

    pub(super) fn file(path: &Path, e: std::io::Error) -> Self {
        Self::new(StreamErrorKind::File, format!("reading {} failed", path.display()), Some(Box::new(e)))
    }

    pub(super) fn with_source(mut self, source: Option<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        self.source = source;
        self
    }
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Some(s) => write!(f, "{}: {}", self.message, s),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for StreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}
