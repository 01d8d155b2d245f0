//! Time limits on reading a response body: the read timeout (no bytes for this long while the
//! reader waits) and stalled-stream protection (over each window of a grace period's waiting,
//! at least a minimum throughput). Both end the body with a [`StreamErrorKind::Timeout`]; the
//! pipeline turns one met while it reads a reply itself into [`SdkError::Timeout`](crate::SdkError::Timeout).
//!
//! Only time the reader spends waiting for the server counts: a caller that pauses between
//! chunks of a streaming output (to write them to a slow disk, say) is not the server stalling.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use tokio::time::{Instant, Sleep};

use crate::body::{ByteStream, StreamError, StreamErrorKind};
use crate::error::{TimeoutError, TimeoutKind};

/// Stalled-stream protection for streaming outputs: over every `grace_period` spent waiting for
/// the body, at least `min_throughput` bytes per second must arrive, else the body ends with a
/// [`TimeoutKind::StalledStream`] timeout. On by default (5 s, 1 byte/s, as the AWS SDKs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StalledStreamProtection {
    /// The window the throughput is measured over; the first one is the grace period.
    pub grace_period: Duration,
    /// The least acceptable throughput, in bytes per second.
    pub min_throughput: u64,
}

impl Default for StalledStreamProtection {
    fn default() -> Self {
        StalledStreamProtection { grace_period: Duration::from_secs(5), min_throughput: 1 }
    }
}

/// The limits one body is read under.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Limits {
    pub(crate) read_timeout: Option<Duration>,
    pub(crate) stall: Option<StalledStreamProtection>,
}

impl Limits {
    /// `body` under these limits (unchanged when there are none).
    pub(crate) fn watch(self, body: ByteStream) -> ByteStream {
        if self.read_timeout.is_none() && self.stall.is_none() {
            return body;
        }
        let length = body.content_length();
        let watchdog = Watchdog {
            inner: body,
            limits: self,
            waiting_since: None,
            read_timer: None,
            stall_timer: None,
            window_wait: Duration::ZERO,
            window_bytes: 0,
            failed: false,
        };
        ByteStream::from_stream(watchdog, length)
    }
}

struct Watchdog {
    inner: ByteStream,
    limits: Limits,
    /// When the reader started waiting for the next chunk (`None` while it is not waiting).
    waiting_since: Option<Instant>,
    read_timer: Option<Pin<Box<Sleep>>>,
    stall_timer: Option<Pin<Box<Sleep>>>,
    /// Waiting time and bytes of the current stall window.
    window_wait: Duration,
    window_bytes: u64,
    /// A limit was met: the body is over.
    failed: bool,
}

impl Watchdog {
    fn timeout(&mut self, kind: TimeoutKind, after: Duration) -> Poll<Option<Result<Bytes, StreamError>>> {
        self.failed = true;
        let error = TimeoutError { kind, after };
        let what = error.to_string();
        Poll::Ready(Some(Err(StreamError::new(StreamErrorKind::Timeout(error), what, None))))
    }

    /// Whether the current window is below the minimum throughput.
    fn window_too_slow(&self, stall: &StalledStreamProtection) -> bool {
        (self.window_bytes as f64) < stall.min_throughput as f64 * self.window_wait.as_secs_f64()
    }

    /// A chunk arrived: the wait ends, and a finished window is checked and a new one begun.
    fn arrived(&mut self, len: usize) -> Option<Duration> {
        if let Some(since) = self.waiting_since.take() {
            self.window_wait += since.elapsed();
        }
        self.window_bytes += len as u64;
        let stall = self.limits.stall?;
        if self.window_wait < stall.grace_period {
            return None;
        }
        let slow = self.window_too_slow(&stall);
        self.window_wait = Duration::ZERO;
        self.window_bytes = 0;
        slow.then_some(stall.grace_period)
    }

    /// The reader starts waiting: the timers run from now.
    fn start_waiting(&mut self) {
        let now = Instant::now();
        self.waiting_since = Some(now);
        if let Some(limit) = self.limits.read_timeout {
            arm(&mut self.read_timer, now + limit);
        }
        if let Some(stall) = self.limits.stall {
            arm(&mut self.stall_timer, now + stall.grace_period.saturating_sub(self.window_wait));
        }
    }
}

fn arm(timer: &mut Option<Pin<Box<Sleep>>>, deadline: Instant) {
    match timer {
        Some(sleep) => sleep.as_mut().reset(deadline),
        None => *timer = Some(Box::pin(tokio::time::sleep_until(deadline))),
    }
}

impl Stream for Watchdog {
    type Item = Result<Bytes, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.failed {
            return Poll::Ready(None);
        }
        match Pin::new(&mut this.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                if let Some(window) = this.arrived(chunk.len()) {
                    return this.timeout(TimeoutKind::StalledStream, window);
                }
                return Poll::Ready(Some(Ok(chunk)));
            }
            Poll::Ready(other) => return Poll::Ready(other),
            Poll::Pending => {}
        }
        if this.waiting_since.is_none() {
            this.start_waiting();
        }
        if let (Some(limit), Some(timer)) = (this.limits.read_timeout, this.read_timer.as_mut()) {
            if timer.as_mut().poll(cx).is_ready() {
                return this.timeout(TimeoutKind::Read, limit);
            }
        }
        if let Some(stall) = this.limits.stall {
            // A window of waiting is over: too few bytes fail the body, else a new one begins.
            while this.stall_timer.as_mut().is_some_and(|t| t.as_mut().poll(cx).is_ready()) {
                let now = Instant::now();
                if let Some(since) = this.waiting_since.replace(now) {
                    this.window_wait += now.saturating_duration_since(since);
                }
                if this.window_too_slow(&stall) {
                    return this.timeout(TimeoutKind::StalledStream, stall.grace_period);
                }
                this.window_wait = Duration::ZERO;
                this.window_bytes = 0;
                arm(&mut this.stall_timer, now + stall.grace_period);
            }
        }
        Poll::Pending
    }
}
