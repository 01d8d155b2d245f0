//! One attempt: the request built from the encoded body and the target, signed with fresh
//! credentials, and sent within the attempt timeout. For an operation with a streaming output
//! the attempt ends at a 2xx reply's head (its body is the caller's to read), or once an error
//! reply's body is read, up to [`MAX_ERROR_BODY_LEN`].

use super::target::Target;
use super::watchdog::Limits;
use super::{ClientCore, Reply, MAX_ERROR_BODY_LEN};
use crate::body::{ByteStream, StreamError, StreamErrorKind};
use crate::config::config_error;
use crate::credentials::Credentials;
use crate::error::{InvalidRequestError, SdkError, TimeoutError, TimeoutKind};
use crate::http::{HttpRequest, TransportError, TransportErrorKind};
use crate::interceptor::{CallInfo, Hook};
use crate::operation::SerializedRequest;
use crate::sigv4::{self, SigningParams};
use crate::time::DateTime;
use std::convert::Infallible;

impl ClientCore {
    /// Compresses the body in place if the operation accepts an encoding the configuration
    /// chooses for a body this size; returns that encoding.
    pub(super) fn encode_body(
        &self,
        body: &mut Vec<u8>,
        accepted: &[&str],
    ) -> Result<Option<&'static str>, SdkError<Infallible>> {
        let encoding = self.config.compression.choose(accepted, body.len());
        if encoding.is_some() {
            *body = crate::compression::gzip(body).map_err(|e| {
                SdkError::InvalidRequest(InvalidRequestError {
                    member: String::new(),
                    reason: format!("compressing the body failed: {e}"),
                })
            })?;
        }
        Ok(encoding)
    }

    /// The request of one attempt, signed with the credentials the provider gave for it (not
    /// signed without them: an unsigned operation); its body is `serialized.body`, or
    /// `streamed` when the body streams.
    pub(super) fn signed_request(
        &self,
        target: &Target,
        serialized: &SerializedRequest,
        encoding: Option<&'static str>,
        credentials: Option<&Credentials>,
        streamed: Option<&ByteStream>,
        info: &CallInfo,
    ) -> Result<HttpRequest, SdkError<Infallible>> {
        let mut headers = Vec::with_capacity(serialized.headers.len() + 5 + target.headers.len());
        headers.push(("host".to_string(), target.host.clone()));
        headers.extend(serialized.headers.iter().cloned());
        headers.push(("user-agent".into(), self.user_agent.legacy.clone()));
        headers.push(("x-amz-user-agent".into(), self.user_agent.full.clone()));
        let mut request = HttpRequest {
            method: serialized.method.into(),
            url: target.url_for(&serialized.uri),
            headers,
            body: serialized.body.clone(),
        };
        if let Some(encoding) = encoding {
            // A Content-Encoding the input set keeps its codings; ours was applied last, so
            // it is listed last (`custom, gzip`), in the one header.
            match request.headers.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case("content-encoding")) {
                Some((_, codings)) => {
                    codings.push_str(", ");
                    codings.push_str(encoding);
                }
                None => request.headers.push(("content-encoding".into(), encoding.into())),
            }
        }
        request.headers.extend(target.headers.iter().cloned());
        self.config
            .interceptors
            .run(Hook::BeforeSigning, |i| i.modify_before_signing(info, &mut request))
            .map_err(SdkError::Interceptor)?;
        if let Some(credentials) = credentials {
            let params = SigningParams {
                credentials,
                region: &target.signing_region,
                service: &target.signing_name,
                time: DateTime::now(),
                settings: target.signing_settings,
            };
            sigv4::sign(&mut request, &params).map_err(config_error)?;
        }
        // Not signed (SigV4 does not require it), but part of the request as built, so a
        // transport or a test sees the request exactly as it goes out. A bodiless request
        // whose method gives a body no meaning (`GET`, `HEAD`, `DELETE`...) carries none
        // (RFC 9110 §8.6; restJson1's `RestJsonHttpGetWithNoInput`); `POST`/`PUT`/`PATCH`
        // always state their length, `0` included.
        // A streamed body of unknown length has none (it goes out with chunked transfer coding).
        let length = match streamed {
            Some(body) => body.content_length(),
            None => Some(request.body.len() as u64),
        };
        let bodiless = streamed.is_none() && request.body.is_empty();
        if let Some(length) = length.filter(|_| !bodiless || matches!(serialized.method, "POST" | "PUT" | "PATCH")) {
            request.headers.push(("content-length".into(), length.to_string()));
        }
        Ok(request)
    }

    /// Sends one request through the transport, within the attempt timeout if one is set.
    pub(super) async fn send_once(
        &self,
        request: HttpRequest,
        body: Option<ByteStream>,
        streaming: bool,
    ) -> Result<Reply, SdkError<Infallible>> {
        let fut = self.exchange(request, body, streaming);
        match self.config.attempt_timeout {
            Some(limit) => match tokio::time::timeout(limit, fut).await {
                Ok(r) => r,
                Err(_) => Err(SdkError::Timeout(TimeoutError { kind: TimeoutKind::Attempt, after: limit })),
            },
            None => fut.await,
        }
    }

    /// The reply to `request`: whole, or for a streaming operation, the head of a 2xx reply
    /// with its body unread (under the read timeout and stalled-stream protection, which its
    /// reader meets). A streaming operation's error reply is read (at most
    /// [`MAX_ERROR_BODY_LEN`] bytes), so it is classified like any other.
    /// A streamed request body (`body`) goes out through [`crate::http::HttpClient::send_body`];
    /// a successful reply to it is read whole unless the operation streams its output too.
    /// With a read timeout, the head is awaited under it too (unless a body streams out), and
    /// a reply the client reads itself is read through the transport's streaming path.
    async fn exchange(
        &self,
        request: HttpRequest,
        body: Option<ByteStream>,
        streaming: bool,
    ) -> Result<Reply, SdkError<Infallible>> {
        let client = &self.config.http_client;
        let read_timeout = self.config.read_timeout;
        let (mut head, body) = match body {
            Some(body) => client.send_body(request, body).await.map_err(transport_failure)?,
            None if streaming || read_timeout.is_some() => {
                let sending = client.send_streaming(request);
                match read_timeout {
                    Some(limit) => tokio::time::timeout(limit, sending)
                        .await
                        .map_err(|_| SdkError::Timeout(TimeoutError { kind: TimeoutKind::Read, after: limit }))?,
                    None => sending.await,
                }
                .map_err(transport_failure)?
            }
            None => return client.send(request).await.map(Reply::Complete).map_err(transport_failure),
        };
        let success = (200..300).contains(&head.status);
        let limits = Limits { read_timeout, stall: None };
        if success && streaming {
            let limits = Limits { stall: self.config.stalled_stream, ..limits };
            return Ok(Reply::Streaming(head, limits.watch(body)));
        }
        let body = limits.watch(body);
        if success {
            head.body = body.collect().await.map_err(body_failure)?;
            return Ok(Reply::Complete(head));
        }
        let (bytes, truncated) = body.read_prefix(MAX_ERROR_BODY_LEN).await.map_err(body_failure)?;
        if truncated {
            tracing::debug!(status = head.status, limit = MAX_ERROR_BODY_LEN, "error reply body cut at the limit");
        }
        head.body = bytes;
        Ok(Reply::Complete(head))
    }
}

/// A failure while a reply's body was read: a time limit is that timeout; otherwise the
/// connection failed mid-reply, as when a whole reply is read, so it is a transport error of
/// the same kind (retried).
fn body_failure(e: StreamError) -> SdkError<Infallible> {
    let kind = match e.kind {
        StreamErrorKind::Transport(kind) => kind,
        StreamErrorKind::Timeout(timeout) => return SdkError::Timeout(timeout),
        _ => TransportErrorKind::Io,
    };
    SdkError::Transport(TransportError::new("reading an error reply failed", Some(Box::new(e))).with_kind(kind))
}

/// A transport failure as the caller sees it: a connect timeout is a [`TimeoutKind::Connect`]
/// timeout, a transport that cannot be set up a configuration error (naming the setting),
/// anything else a transport error.
fn transport_failure(e: TransportError) -> SdkError<Infallible> {
    match e.kind {
        TransportErrorKind::ConnectTimeout(after) => {
            SdkError::Timeout(TimeoutError { kind: TimeoutKind::Connect, after })
        }
        TransportErrorKind::Setup => config_error(e.message),
        _ => SdkError::Transport(e),
    }
}
