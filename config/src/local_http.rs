//! Requests to the local credential endpoints (instance metadata, the container endpoint):
//! each attempt bounded in time, each reply's body bounded in size, and a few attempts when a
//! server answers 5xx or a connection fails.

use std::fmt;
use std::time::Duration;

use awsgen_runtime::body::StreamErrorKind;
use awsgen_runtime::error::ErrorReport;
use awsgen_runtime::http::{HttpClient, HttpRequest, HttpResponse, TransportErrorKind};

/// The longest reply body read from the instance metadata service or the container endpoint
/// (64 KiB); a longer one is an error, and no more than this is kept in memory.
///
/// Why: a credentials document is about 1.5 KiB (a session token is at most a few KiB), a role
/// name or a region a few bytes. The endpoint is trusted by location, not by content: a
/// misconfigured `AWS_CONTAINER_CREDENTIALS_FULL_URI` or a hostile process on the loopback
/// address could answer with an endless body.
pub const MAX_REPLY_LEN: usize = 64 * 1024;

/// How requests are attempted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Attempts {
    /// How many attempts at most (at least one is made).
    pub max: u32,
    /// How long one attempt (connect, send, read the whole reply) may take.
    pub timeout: Duration,
    /// The wait before the second attempt; it doubles before each later one.
    pub backoff: Duration,
}

/// Why no usable reply came back.
#[derive(Debug)]
pub(crate) enum FetchError {
    /// The transport failed (on the last attempt, when it was retried).
    Transport { message: String, kind: TransportErrorKind, attempts: u32 },
    /// An attempt took longer than [`Attempts::timeout`]; not retried, since a host that does
    /// not answer in time is most likely not there (not on EC2, say), and waiting again would
    /// slow every program run off EC2.
    Timeout { after: Duration },
    /// The reply's body was longer than [`MAX_REPLY_LEN`].
    TooLarge,
}

impl FetchError {
    /// Whether nothing answered at all (no connection, or none in time): the endpoint is not
    /// there, as opposed to one that answered wrongly.
    pub fn is_unreachable(&self) -> bool {
        match self {
            FetchError::Transport { kind, .. } => {
                matches!(kind, TransportErrorKind::Connect | TransportErrorKind::ConnectTimeout(_))
            }
            FetchError::Timeout { .. } => true,
            FetchError::TooLarge => false,
        }
    }
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Transport { message, attempts: 1, .. } => f.write_str(message),
            FetchError::Transport { message, attempts, .. } => write!(f, "{message} (after {attempts} attempts)"),
            FetchError::Timeout { after } => write!(f, "no complete reply within {} ms", after.as_millis()),
            FetchError::TooLarge => write!(f, "the reply is longer than {MAX_REPLY_LEN} bytes"),
        }
    }
}

/// What one attempt gave: a reply, or a failure and whether another attempt may help.
enum Outcome {
    Reply(HttpResponse),
    Failed { error: FetchError, retry: bool },
}

/// Sends `request` until a reply other than 5xx comes back or the attempts run out; the last
/// 5xx reply is returned as a reply, for the caller to report.
pub(crate) async fn send(
    client: &dyn HttpClient,
    request: &HttpRequest,
    attempts: Attempts,
) -> Result<HttpResponse, FetchError> {
    let mut backoff = attempts.backoff;
    let mut attempt = 1;
    loop {
        let last = attempt >= attempts.max;
        match one_attempt(client, request.clone(), attempts.timeout, attempt).await {
            Outcome::Reply(reply) if reply.status >= 500 && !last => {
                tracing::debug!(url = %request.url, status = reply.status, attempt, "retrying a server error");
            }
            Outcome::Reply(reply) => return Ok(reply),
            Outcome::Failed { error, retry: true } if !last => {
                tracing::debug!(url = %request.url, %error, attempt, "retrying a failed request");
            }
            Outcome::Failed { error, .. } => return Err(error),
        }
        tokio::time::sleep(backoff).await;
        backoff = backoff.saturating_mul(2);
        attempt += 1;
    }
}

async fn one_attempt(client: &dyn HttpClient, request: HttpRequest, timeout: Duration, attempt: u32) -> Outcome {
    let exchange = async {
        let (head, body) = client.send_streaming(request).await.map_err(|e| {
            // A connection that never opened, or one that failed mid-exchange, may work next
            // time; a request that cannot be built or a connect timeout will not.
            let retry =
                matches!(e.kind, TransportErrorKind::Connect | TransportErrorKind::Io | TransportErrorKind::Other);
            let error = FetchError::Transport { message: ErrorReport(&e).to_string(), kind: e.kind, attempts: attempt };
            Outcome::Failed { error, retry }
        })?;
        match body.collect_limited(MAX_REPLY_LEN).await {
            Ok(bytes) => Ok(HttpResponse { body: bytes, ..head }),
            Err(e) if matches!(e.kind, StreamErrorKind::TooLarge { .. }) => {
                Err(Outcome::Failed { error: FetchError::TooLarge, retry: false })
            }
            Err(e) => {
                let message = format!("reading the reply failed: {e}");
                let error = FetchError::Transport { message, kind: TransportErrorKind::Io, attempts: attempt };
                Err(Outcome::Failed { error, retry: true })
            }
        }
    };
    match tokio::time::timeout(timeout, exchange).await {
        Ok(Ok(reply)) => Outcome::Reply(reply),
        Ok(Err(outcome)) => outcome,
        Err(_) => Outcome::Failed { error: FetchError::Timeout { after: timeout }, retry: false },
    }
}

/// A short, printable excerpt of an error reply's body (never called on a successful reply,
/// whose body may hold credentials).
pub(crate) fn excerpt(body: &[u8]) -> String {
    const LEN: usize = 120;
    let text = String::from_utf8_lossy(&body[..body.len().min(LEN * 4)]);
    let mut out: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).take(LEN).collect();
    if text.chars().count() > LEN {
        out.push_str("...");
    }
    out.trim().to_owned()
}
