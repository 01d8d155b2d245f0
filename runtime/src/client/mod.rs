//! The request pipeline every generated client runs: serialize → resolve the endpoint → sign →
//! send (with timeouts and retries) → classify the reply → parse.
//!
//! Generated code supplies only what varies per operation, through [`Operation`], and per
//! service, through [`ServiceInfo`]; everything else happens once here, in non-generic code, so
//! 77 operations do not mean 77 copies of the retry loop in the user's binary. The stages live
//! in their own modules: configuration in [`crate::config`], where a call goes in `target`, one
//! attempt (build, sign, send) in `attempt`, and what differs between wire protocols behind
//! [`crate::protocol`].
//!
//! An operation with a streaming output ([`Operation::STREAMING_OUTPUT`]) runs the same loop;
//! only a successful reply differs: its body is handed to the operation's parser unread (see
//! [`crate::body`]), so retries and timeouts cover the exchange up to the reply's head.

mod attempt;
mod checksum;
mod customize;
mod presign;
mod target;
mod upload;
mod watchdog;

pub use watchdog::StalledStreamProtection;

use crate::body::ByteStream;
use crate::config::config_error;
use crate::credentials::Credentials;
use crate::endpoint::{BuiltIns, ContextValue, Endpoint, EndpointError};
use crate::error::{ErrorMetadata, ResponseError, SdkError, TimeoutError, TimeoutKind};
use crate::http::HttpResponse;
use crate::interceptor::{CallInfo, Hook, Outcome as HookOutcome};
use crate::operation::SerializedRequest;
use crate::protocol::header_request_id;
use crate::retry::{self, ClientRateLimiter, RetryKind, RetryMode, RetryQuota, RetryState, RetryableError};
use crate::user_agent::{UaFacts, UserAgent};
use std::convert::Infallible;
use std::sync::Arc;

// The pipeline's types and the query readers were all defined in this module once; code
// written against those paths (tests among it) still finds them here. Generated code names
// their new homes.
pub use crate::config::{Config, ConfigBuilder};
pub use crate::operation::Operation;
pub use crate::protocol::query::{
    ec2_response_reader, error_element_reader, parse_error_envelope, read_query_response, read_response_metadata,
};
pub use crate::protocol::Protocol;
pub use customize::Customize;

/// The longest error reply body a streaming operation reads (1 MiB): its error document is
/// read whole to be classified and typed like any other, but its body comes from the same
/// unbounded stream as a successful payload, so a hostile or broken server could send an error
/// without end. Error documents are a few hundred bytes; beyond the limit the rest is not read,
/// and what was read is classified (a document cut short is an unreadable reply, with its
/// status, request id header and an excerpt, retried by its status).
pub const MAX_ERROR_BODY_LEN: usize = 1024 * 1024;

/// Facts about a service that the pipeline needs, emitted by the generator.
#[derive(Debug)]
pub struct ServiceInfo {
    /// The SigV4 signing name (`elasticache`).
    pub signing_name: &'static str,
    /// The API version sent as `Version=` (`2015-02-02`).
    pub api_version: &'static str,
    /// The suffix of the per-service endpoint variable (`AWS_ENDPOINT_URL_ELASTICACHE`).
    pub env_suffix: &'static str,
    /// The wire protocol.
    pub protocol: Protocol,
    /// `awsQueryCompatible`: error replies carry the query protocol's error code in the
    /// `x-amzn-query-error` header.
    pub query_compatible: bool,
    /// The service's endpoint rule set, compiled (`<crate>::endpoint`).
    pub resolve_endpoint: fn(&BuiltIns) -> Result<Endpoint, EndpointError>,
    /// Errors the service retries beyond the standard lists: its model's `retryable` error
    /// shapes and `_retry.json`'s policies for it.
    pub retryable_errors: &'static [RetryableError],
}

/// The shared, service-bound part of a generated client.
#[derive(Clone, Debug)]
pub struct ClientCore {
    service: &'static ServiceInfo,
    config: Arc<Config>,
    /// Shared by the clones of this client, as botocore shares it per client.
    quota: Arc<RetryQuota>,
    /// The `user-agent` and `x-amz-user-agent` values, from the service and the configuration.
    user_agent: Arc<UserAgent>,
    /// The adaptive mode's rate limiter (the configuration's, else one per client and its
    /// clones, and their calls' overrides); `None` in standard mode.
    limiter: Option<Arc<ClientRateLimiter>>,
}

/// A failure before typing: the generic [`ClientCore::invoke`] turns it into `SdkError<E>`.
enum Failure {
    /// An error reply whose envelope was read; the operation's parser types it.
    Service(ErrorMetadata, HttpResponse),
    Other(SdkError<Infallible>),
}

/// What varies per call in the non-generic part of the pipeline.
struct Call<'a> {
    /// The operation name, for events.
    operation: &'static str,
    /// The endpoint trait's host prefix, filled.
    host_prefix: Option<&'a str>,
    /// [`Operation::STATIC_CONTEXT_PARAMS`], for the endpoint resolver.
    static_context: &'static [(&'static str, ContextValue)],
    /// [`Operation::context_params`] of the input.
    context: Vec<(&'static str, ContextValue)>,
    /// Encodings the operation accepts for a compressed body.
    compression: &'a [&'a str],
    /// [`Operation::STREAMING_OUTPUT`]: a successful reply's body is handed over unread.
    streaming: bool,
    /// [`Operation::HTTP_CHECKSUM`] and the input's checksum members.
    checksum: checksum::ChecksumCall<'a>,
    /// [`Operation::ERROR_IN_SUCCESS`]: a 2xx reply's body may be an error document.
    error_in_success: bool,
    /// [`Operation::UNSIGNED`]: no credentials are asked for and nothing is signed.
    unsigned: bool,
}

/// A reply as an attempt received it.
enum Reply {
    /// Status, headers and the whole body.
    Complete(HttpResponse),
    /// A successful reply of a streaming operation: the head (its `body` empty) and the body,
    /// unread.
    Streaming(HttpResponse, ByteStream),
}

/// What one attempt came to.
enum Outcome {
    Succeeded(Reply),
    /// The failure to return if this attempt is the last, and how the retry policy sees it
    /// (`None`: not retryable).
    Failed(Failure, Option<RetryKind>),
}

impl ClientCore {
    /// Binds a configuration to a service.
    pub fn new(service: &'static ServiceInfo, config: Config) -> Self {
        let capacity = config.retry.as_ref().map_or(retry::DEFAULT_RETRY_QUOTA, |r| r.quota);
        let quota = Arc::new(RetryQuota::new(capacity));
        ClientCore::with_quota(service, config, quota, None)
    }

    /// A client for `config` sharing `quota` and, in adaptive mode, `limiter` unless the
    /// configuration names its own (a call's overrides keep the client's quota and limiter).
    fn with_quota(
        service: &'static ServiceInfo,
        config: Config,
        quota: Arc<RetryQuota>,
        limiter: Option<Arc<ClientRateLimiter>>,
    ) -> Self {
        let facts = UaFacts {
            env_suffix: service.env_suffix,
            api_version: service.api_version,
            app_id: config.app_id.as_deref(),
        };
        let user_agent = Arc::new(UserAgent::new(&facts));
        let limiter = match config.retry.as_ref() {
            Ok(r) if r.mode == RetryMode::Adaptive => {
                let own = r.rate_limiter.as_ref().map(|l| l.0.clone());
                Some(own.or(limiter).unwrap_or_else(|| Arc::new(ClientRateLimiter::new())))
            }
            _ => None,
        };
        ClientCore { service, config: Arc::new(config), quota, user_agent, limiter }
    }

    /// The adaptive mode's rate limiter, in adaptive mode.
    pub fn rate_limiter(&self) -> Option<&Arc<ClientRateLimiter>> {
        self.limiter.as_ref()
    }

    /// What the interceptors' hooks are told about this call, at `attempt` (`None`: outside
    /// the attempts).
    fn call_info(&self, operation: &'static str, attempt: Option<u32>) -> CallInfo {
        CallInfo { operation, service: self.service.signing_name, attempt }
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Runs one operation through the pipeline: serializes the input, sends it (with retries),
    /// and parses the reply into the output or the typed error. For an operation with a
    /// streaming output, the call returns when a successful reply's head has arrived; the
    /// output holds the body to read (the attempt and operation timeouts end there).
    /// The configuration's interceptors run before serialization and after deserialization
    /// here, and at the other hooks in each attempt.
    pub async fn invoke<O: Operation>(&self, input: &O) -> Result<O::Output, SdkError<O::Error>> {
        let interceptors = &self.config.interceptors;
        let info = self.call_info(O::NAME, None);
        interceptors
            .run(Hook::BeforeSerialization, |i| i.read_before_serialization(&info, input))
            .map_err(SdkError::Interceptor)?;
        let result = self.invoke_unhooked(input).await;
        let outcome = HookOutcome::new(&result);
        interceptors
            .run(Hook::AfterDeserialization, |i| i.read_after_deserialization(&info, &outcome))
            .map_err(SdkError::Interceptor)?;
        result
    }

    async fn invoke_unhooked<O: Operation>(&self, input: &O) -> Result<O::Output, SdkError<O::Error>> {
        #[cfg(feature = "test-util")]
        if let Some(answer) = self.config.mocks.as_ref().and_then(|mocks| mocks.answer(input)) {
            return answer;
        }
        let request = input.serialize_with_tokens(&self.config.idempotency_tokens).map_err(SdkError::InvalidRequest)?;
        let host_prefix = input.host_prefix().map_err(SdkError::InvalidRequest)?;
        let call = Call {
            operation: O::NAME,
            host_prefix: host_prefix.as_deref(),
            static_context: O::STATIC_CONTEXT_PARAMS,
            context: input.context_params(),
            compression: O::REQUEST_COMPRESSION,
            streaming: O::STREAMING_OUTPUT,
            checksum: checksum::ChecksumCall { trait_: O::HTTP_CHECKSUM, members: input.checksum_members() },
            error_in_success: O::ERROR_IN_SUCCESS,
            unsigned: O::UNSIGNED,
        };
        match self.dispatch(&call, request).await {
            Ok(reply) => match self.check_reply(&call.checksum, reply)? {
                Reply::Complete(resp) => O::parse_output(&resp).map_err(|e| unreadable(&resp, e.to_string())),
                Reply::Streaming(head, body) => {
                    O::parse_streaming_output(&head, body).map_err(|e| unreadable(&head, e.to_string()))
                }
            },
            Err(Failure::Service(meta, resp)) => match O::parse_error(meta, &resp) {
                Ok(e) => Err(SdkError::Service(e)),
                Err(e) => Err(unreadable(&resp, e.to_string())),
            },
            Err(Failure::Other(e)) => Err(e.map_service(|never| match never {})),
        }
    }

    /// Sends a serialized request until it succeeds, fails for good or runs out of attempts,
    /// within the operation timeout if one is set.
    async fn dispatch(&self, call: &Call<'_>, request: SerializedRequest) -> Result<Reply, Failure> {
        let operation = call.operation;
        let attempts = self.attempts(call, request);
        match self.config.operation_timeout {
            Some(limit) => match tokio::time::timeout(limit, attempts).await {
                Ok(outcome) => outcome,
                Err(_) => {
                    tracing::debug!(operation, timeout_ms = limit.as_millis() as u64, "operation timeout elapsed");
                    let timeout = TimeoutError { kind: TimeoutKind::Operation, after: limit };
                    Err(Failure::Other(SdkError::Timeout(timeout)))
                }
            },
            None => attempts.await,
        }
    }

    /// The attempt loop: encodes the body and resolves the target once, then builds, signs and
    /// sends a request per attempt, classifies the reply and asks the retry policy whether and
    /// when to try again.
    async fn attempts(&self, call: &Call<'_>, mut request: SerializedRequest) -> Result<Reply, Failure> {
        let operation = call.operation;
        let encoding = self.encode_body(&mut request.body, call.compression).map_err(Failure::Other)?;
        let algorithm = self.request_checksum(&call.checksum, &mut request).map_err(Failure::Other)?;
        let mut upload = self.prepare_upload(algorithm, &mut request).await.map_err(Failure::Other)?;
        let retry_config = self.config.retry.as_ref().map_err(|e| Failure::Other(SdkError::Config(e.clone())))?;
        // The first attempt's credentials are provided before the endpoint is resolved, which may
        // need their account; a failure to provide them is reported where signing needs them, so
        // a configuration error of the endpoint comes first. Each later attempt asks again (the
        // cache answers unless they are about to expire). An unsigned operation asks for none.
        let provider = &self.config.credentials;
        let mut credentials = match call.unsigned {
            true => None,
            false => Some(provider.provide_credentials().await),
        };
        let account_id = credentials.as_ref().and_then(|c| c.as_ref().ok()).and_then(Credentials::account_id);
        let target =
            self.target(call.host_prefix, call.static_context, &call.context, account_id).map_err(Failure::Other)?;
        let mut retry = RetryState::new(retry_config, &self.quota);
        loop {
            // Adaptive mode: a token before each attempt, waited for before signing, so the
            // signature's time is the send's.
            if let Some(limiter) = &self.limiter {
                let wait = limiter.acquire();
                if !wait.is_zero() {
                    let attempt = retry.attempt();
                    tracing::debug!(
                        operation,
                        attempt,
                        wait_ms = wait.as_millis() as u64,
                        "rate limiter delays the send"
                    );
                    limiter.clock().sleep(wait).await;
                }
            }
            let provided = match credentials.take() {
                Some(provided) => Some(provided),
                None if call.unsigned => None,
                None => Some(provider.provide_credentials().await),
            };
            let credentials_now = provided.transpose().map_err(|e| Failure::Other(config_error(e)))?;
            let body = upload.next_body().map_err(Failure::Other)?;
            let attempt = retry.attempt();
            let info = self.call_info(operation, Some(attempt));
            let mut signed = self
                .signed_request(&target, &request, encoding, credentials_now.as_ref(), body.as_ref(), &info)
                .map_err(Failure::Other)?;
            let interceptors = &self.config.interceptors;
            interceptors
                .run(Hook::BeforeTransmit, |i| i.modify_before_transmit(&info, &mut signed))
                .map_err(|e| Failure::Other(SdkError::Interceptor(e)))?;
            // Events name the operation, attempt and URL, never headers: no signature or
            // token reaches a log.
            tracing::debug!(operation, attempt, url = %signed.url, "sending attempt");
            let mut sent = self.send_once(signed, body, call.streaming).await;
            if let Ok(Reply::Complete(resp) | Reply::Streaming(resp, _)) = &mut sent {
                interceptors
                    .run(Hook::AfterReceipt, |i| i.modify_after_receipt(&info, resp))
                    .map_err(|e| Failure::Other(SdkError::Interceptor(e)))?;
            }
            let outcome = self.classify(operation, call.error_in_success, attempt, sent);
            if let Some(limiter) = &self.limiter {
                limiter.on_response(matches!(outcome, Outcome::Failed(_, Some(RetryKind::Throttling))));
            }
            let (failure, kind) = match outcome {
                Outcome::Succeeded(resp) => {
                    retry.succeeded();
                    return Ok(resp);
                }
                Outcome::Failed(failure, kind) => (failure, kind),
            };
            if kind.is_some() && !upload.replayable() {
                tracing::debug!(operation, attempt, "not retrying: the request body is a stream, sent once");
                return Err(not_replayed(failure));
            }
            match retry.failed(kind) {
                Ok(delay) => {
                    tracing::debug!(operation, attempt, ?kind, delay_ms = delay.as_millis() as u64, "retrying");
                    if !delay.is_zero() {
                        tokio::time::sleep(delay).await;
                    }
                }
                Err(stop) => {
                    tracing::debug!(operation, attempt, ?stop, "not retrying");
                    return Err(failure);
                }
            }
        }
    }

    /// What one attempt's outcome means: a success, a service error (with its envelope read by
    /// the protocol), or another failure; each failure with its retry kind.
    fn classify(
        &self,
        operation: &'static str,
        error_in_success: bool,
        attempt: u32,
        outcome: Result<Reply, SdkError<Infallible>>,
    ) -> Outcome {
        let protocol = self.service.protocol;
        let resp = match outcome {
            Ok(Reply::Complete(resp)) => resp,
            // Only a 2xx reply streams (see `send_once`), and its body is the payload: it is
            // not searched for an error document.
            Ok(Reply::Streaming(head, body)) => {
                tracing::debug!(operation, attempt, status = head.status, "attempt succeeded, body streaming");
                return Outcome::Succeeded(Reply::Streaming(head, body));
            }
            Err(e) => {
                let kind = match &e {
                    SdkError::Transport(t) => retry::classify_transport(t.kind),
                    SdkError::Timeout(_) => Some(RetryKind::Timeout),
                    _ => None,
                };
                tracing::debug!(operation, attempt, error = %e, "attempt failed");
                return Outcome::Failed(Failure::Other(e), kind);
            }
        };
        if !protocol.is_error_reply(operation, error_in_success, &resp) {
            tracing::debug!(operation, attempt, status = resp.status, "attempt succeeded");
            return Outcome::Succeeded(Reply::Complete(resp));
        }
        match protocol.error_metadata(&resp, self.service.query_compatible) {
            Ok(meta) => {
                let kind = retry::classify_response_with(resp.status, Some(&meta.code), self.service.retryable_errors);
                tracing::debug!(operation, attempt, status = resp.status, code = %meta.code, "error reply");
                Outcome::Failed(Failure::Service(meta, resp), kind)
            }
            Err(e) => {
                let kind = retry::classify_response(resp.status, None);
                tracing::debug!(operation, attempt, status = resp.status, "unreadable error reply");
                let err = unreadable(&resp, format!("error reply with an unreadable error document: {e}"));
                Outcome::Failed(Failure::Other(err), kind)
            }
        }
    }
}

/// A failure that would have been retried but for a body that cannot be sent again; a
/// transport error says so in its message.
fn not_replayed(failure: Failure) -> Failure {
    match failure {
        Failure::Other(SdkError::Transport(mut e)) => {
            e.message.push_str(" (not retried: the request body is a stream, which can be sent only once)");
            Failure::Other(SdkError::Transport(e))
        }
        other => other,
    }
}

/// A reply that could not be read as the operation's output or error: its status, request id
/// header and an excerpt of its body, with why.
fn unreadable<E>(resp: &HttpResponse, why: String) -> SdkError<E> {
    SdkError::Response(ResponseError::new(resp.status, header_request_id(resp), &resp.body, why))
}
