//! The bodies the default transport moves: a request's [`ByteStream`] as a hyper body, polled
//! frame by frame, and a hyper response body as a [`ByteStream`]'s chunks.

use std::error::Error as StdError;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use hyper::body::{Body, Frame, Incoming, SizeHint};

use super::{has_io_kind, Cause};
use crate::body::{ByteStream, StreamError, StreamErrorKind};
use crate::http::TransportErrorKind;

/// A request body for hyper: a [`ByteStream`]'s chunks as data frames, its declared length as
/// the exact size (so hyper writes `content-length`, not chunked transfer encoding).
pub(super) struct OutgoingBody(pub(super) ByteStream);

impl Body for OutgoingBody {
    type Data = Bytes;
    type Error = StreamError;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, StreamError>>> {
        Pin::new(&mut self.0).poll_next(cx).map(|item| item.map(|chunk| chunk.map(Frame::data)))
    }

    fn is_end_stream(&self) -> bool {
        self.0.is_end()
    }

    fn size_hint(&self) -> SizeHint {
        match self.0.content_length() {
            Some(len) => SizeHint::with_exact(len),
            None => SizeHint::default(),
        }
    }
}

/// A hyper response body as the chunks of a [`ByteStream`] (trailers are skipped).
pub(super) struct IncomingChunks {
    pub(super) body: Incoming,
    /// `scheme://host[:port]`, for error messages.
    pub(super) target: String,
}

impl Stream for IncomingChunks {
    type Item = Result<Bytes, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            let frame = match Pin::new(&mut self.body).poll_frame(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(body_error(e, &self.target)))),
                Poll::Ready(Some(Ok(frame))) => frame,
            };
            if let Ok(data) = frame.into_data() {
                if !data.is_empty() {
                    return Poll::Ready(Some(Ok(data)));
                }
            }
        }
    }
}

/// A failure while a body is read: the connection closed before the body's end (hyper's
/// incomplete message, or the end of the stream inside a declared length), or another I/O
/// failure such as a reset.
fn body_error(error: hyper::Error, target: &str) -> StreamError {
    let closed_early = error.is_incomplete_message() || has_io_kind(&error, std::io::ErrorKind::UnexpectedEof);
    let cause: Option<Box<dyn StdError + Send + Sync>> = Some(Box::new(Cause::new(error)));
    if closed_early {
        StreamError::closed_early(format!("the connection to {target} closed before the body's end"), cause)
    } else {
        let what = format!("reading the response body from {target} failed");
        StreamError::new(StreamErrorKind::Transport(TransportErrorKind::Io), what, cause)
    }
}
