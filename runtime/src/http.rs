//! The HTTP boundary: plain request/response values and the [`HttpClient`] trait every transport
//! implements. The default transport ([`crate::HyperClient`]) speaks HTTP/1.1 over rustls; tests plug in
//! their own implementation (a replaying client, a recorder) through the same trait.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::body::ByteStream;

/// A boxed, sendable future, as returned by [`HttpClient::send`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A request ready to go on the wire.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The absolute URL: `https://elasticache.us-east-1.amazonaws.com/`.
    pub url: String,
    /// Header names as they will be sent; `host` is always present (SigV4 signs it).
    pub headers: Vec<(String, String)>,
    /// The body bytes; empty when the body streams ([`HttpClient::send_body`]).
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

impl fmt::Debug for HttpRequest {
    /// Credentials never reach a log: `authorization`, `x-amz-security-token` and SSO's bearer
    /// token `x-amz-sso_bearer_token` are redacted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

/// Headers whose values are secrets.
const SECRET_HEADERS: &[&str] = &["authorization", "x-amz-security-token", "x-amz-sso_bearer_token"];

struct RedactedHeaders<'a>(&'a [(String, String)]);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for (k, v) in self.0 {
            if SECRET_HEADERS.iter().any(|h| k.eq_ignore_ascii_case(h)) {
                list.entry(&(k, "** redacted **"));
            } else {
                list.entry(&(k, v));
            }
        }
        list.finish()
    }
}

/// A response as read off the wire, body complete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Headers in arrival order.
    pub headers: Vec<(String, String)>,
    /// The whole body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response with this status and body and no headers (for tests and parsers called
    /// directly).
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        HttpResponse { status, headers: Vec::new(), body: body.into() }
    }

    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// What kind of transport failure a [`TransportError`] is; the retry policy reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be opened: refused, unreachable, DNS or TLS handshake failure.
    /// Retried.
    Connect,
    /// Opening the connection took longer than this connect timeout. Retried (at the timeout
    /// retry cost); the client reports it as a [`crate::error::TimeoutError`].
    ConnectTimeout(std::time::Duration),
    /// The connection failed during the exchange: reset, or closed before the whole response
    /// (head or body) arrived. Retried.
    Io,
    /// The request cannot be sent as built (an invalid URL, method or header): nothing went
    /// on the wire and sending it again cannot help. Not retried.
    InvalidRequest,
    /// Anything else a transport reports. Retried, as botocore retries every HTTP client
    /// error.
    Other,
    /// The transport's own settings cannot be used (a CA bundle that is missing or not PEM, a
    /// proxy URL that does not parse, a proxy that refuses the tunnel with a 4xx such as 407):
    /// nothing reached the service. Not retried; the client reports it
    /// as a configuration error naming the setting.
    Setup,
}

/// Why a request never produced a response.
#[derive(Debug)]
pub struct TransportError {
    /// What failed, in words (connect, TLS, reading the body...).
    pub message: String,
    /// The kind of failure, for the retry decision.
    pub kind: TransportErrorKind,
    /// The underlying error, when there is one.
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl TransportError {
    /// A transport error of kind [`TransportErrorKind::Other`] with a message and an optional
    /// cause.
    pub fn new(message: impl Into<String>, source: Option<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        TransportError { message: message.into(), kind: TransportErrorKind::Other, source }
    }

    /// The same error, of another kind.
    pub fn with_kind(mut self, kind: TransportErrorKind) -> Self {
        self.kind = kind;
        self
    }
}

/// The message alone: the cause is [`source()`](std::error::Error::source), so that an
/// error's chain says each thing once ([`ErrorReport`](crate::error::ErrorReport) prints it all
/// on one line).
impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Sends one request and reads the response. Implementations must not retry or follow
/// redirects: retries belong to the client, which knows which failures are safe to repeat.
pub trait HttpClient: Send + Sync + fmt::Debug + 'static {
    /// Sends `request` and returns the complete response.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;

    /// Sends `request` and returns the response's head (status and headers; its `body` is
    /// empty) as soon as it arrives, with the body to read as it comes: how the client sends
    /// operations with a streaming output. A failure while the body is read is the body's
    /// [`crate::body::StreamError`].
    ///
    /// The default calls [`HttpClient::send`] and hands out the complete body, so a transport
    /// that only implements `send` (a test double, a replay) serves streaming operations too,
    /// with the body in memory.
    fn send_streaming(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'_, Result<(HttpResponse, ByteStream), TransportError>> {
        let response = self.send(request);
        Box::pin(async move {
            let mut head = response.await?;
            let body = ByteStream::from(std::mem::take(&mut head.body));
            Ok((head, body))
        })
    }

    /// Sends `request` (whose own `body` is empty) with `body` as its body, read as it is sent,
    /// and returns the response as [`HttpClient::send_streaming`] does: how the client sends a
    /// streaming input. The request's `content-length` header, when set, is the body's length.
    ///
    /// The default reads the body whole into `request.body` and calls
    /// [`HttpClient::send_streaming`], so a test double that only implements `send` sees every
    /// request with its body in memory. A body that fails while read is a transport error of
    /// kind [`TransportErrorKind::InvalidRequest`] (a local file that changed, say).
    fn send_body(
        &self,
        mut request: HttpRequest,
        body: ByteStream,
    ) -> BoxFuture<'_, Result<(HttpResponse, ByteStream), TransportError>> {
        Box::pin(async move {
            request.body = body.collect().await.map_err(|e| {
                TransportError::new("reading the request body failed", Some(Box::new(e)))
                    .with_kind(TransportErrorKind::InvalidRequest)
            })?;
            self.send_streaming(request).await
        })
    }
}

/// A shared transport is a transport: one connection pool serves the clients and credential
/// providers that hold it.
impl<T: HttpClient + ?Sized> HttpClient for std::sync::Arc<T> {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        (**self).send(request)
    }

    fn send_streaming(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'_, Result<(HttpResponse, ByteStream), TransportError>> {
        (**self).send_streaming(request)
    }

    fn send_body(
        &self,
        request: HttpRequest,
        body: ByteStream,
    ) -> BoxFuture<'_, Result<(HttpResponse, ByteStream), TransportError>> {
        (**self).send_body(request, body)
    }
}
