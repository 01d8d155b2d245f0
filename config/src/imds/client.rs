//! [`ImdsClient`]: IMDSv2 requests. A session token is asked for with
//! `PUT /latest/api/token` (`x-aws-ec2-metadata-token-ttl-seconds`), kept until shortly before
//! its TTL ends, and sent as `x-aws-ec2-metadata-token` with each `GET`; a 401 (the token
//! expired early, the instance restarted) fetches a new one once.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use awsgen_runtime::http::{HttpClient, HttpRequest};
use awsgen_runtime::HyperClient;
use tokio::sync::Mutex;

use super::endpoint::{self, EndpointMode};
use super::{ImdsError, ImdsErrorKind};
use crate::local_http::{self, excerpt, Attempts, FetchError};
use crate::ProviderConfig;

/// The token lifetime asked for (6 hours, the service's maximum).
pub const DEFAULT_TOKEN_TTL: Duration = Duration::from_secs(21_600);
/// How long before its TTL ends a token is replaced, so that it never expires in flight.
pub const TOKEN_REFRESH_BUFFER: Duration = Duration::from_secs(120);
/// The TCP connect timeout of the default transport (1 s): the service is one hop away, and a
/// program off EC2 should not wait longer to learn it is not there.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
/// How long one request may take, reply included (1 s).
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(1);
/// Attempts per request: a 5xx reply or a failed connection is tried again, three more times.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 4;
/// The wait before the second attempt (it doubles after that).
pub const DEFAULT_BACKOFF: Duration = Duration::from_millis(50);
/// The longest a provider waits for all its requests together (5 s).
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(5);

/// The variable that turns instance metadata off (`true`, in any case).
pub const DISABLED_VAR: &str = "AWS_EC2_METADATA_DISABLED";

const TOKEN_PATH: &str = "/latest/api/token";
const TTL_HEADER: &str = "x-aws-ec2-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "x-aws-ec2-metadata-token";

/// Settings of an [`ImdsClient`]; from [`ImdsClient::builder`].
#[derive(Clone, Debug)]
pub struct ImdsClientBuilder {
    config: ProviderConfig,
    endpoint: Option<String>,
    mode: Option<EndpointMode>,
    token_ttl: Duration,
    connect_timeout: Duration,
    attempts: Attempts,
    total_timeout: Duration,
}

impl ImdsClientBuilder {
    /// The endpoint, over any variable or profile setting.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// The endpoint mode, over any variable or profile setting (an endpoint still wins).
    pub fn endpoint_mode(mut self, mode: EndpointMode) -> Self {
        self.mode = Some(mode);
        self
    }

    /// The token lifetime to ask for (default [`DEFAULT_TOKEN_TTL`]; whole seconds).
    pub fn token_ttl(mut self, ttl: Duration) -> Self {
        self.token_ttl = ttl;
        self
    }

    /// The connect timeout of the default transport (default [`DEFAULT_CONNECT_TIMEOUT`]);
    /// a transport given in the [`ProviderConfig`] keeps its own.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one request may take (default [`DEFAULT_ATTEMPT_TIMEOUT`]).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempts.timeout = timeout;
        self
    }

    /// Attempts per request (default [`DEFAULT_MAX_ATTEMPTS`]; at least one is made).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.attempts.max = attempts.max(1);
        self
    }

    /// The wait before the second attempt (default [`DEFAULT_BACKOFF`]).
    pub fn backoff(mut self, backoff: Duration) -> Self {
        self.attempts.backoff = backoff;
        self
    }

    /// How long the providers built on this client wait for all their requests together
    /// (default [`DEFAULT_TOTAL_TIMEOUT`]).
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = timeout;
        self
    }

    /// The client (one that makes no request when `AWS_EC2_METADATA_DISABLED` is `true`); an
    /// invalid endpoint or endpoint mode setting is an error naming it.
    pub fn build(self) -> Result<ImdsClient, ImdsError> {
        // As botocore and the other SDKs: `true` in any case disables, anything else does not.
        let disabled = self.config.env().var(DISABLED_VAR).is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        let endpoint = endpoint::resolve(self.config.env(), self.endpoint.as_deref(), self.mode)?;
        let http: Arc<dyn HttpClient> = if self.config.has_default_http_client() {
            Arc::new(HyperClient::builder().connect_timeout(self.connect_timeout).build())
        } else {
            self.config.http_client().clone()
        };
        Ok(ImdsClient {
            inner: Arc::new(Inner {
                disabled,
                endpoint,
                http,
                token_ttl_secs: self.token_ttl.as_secs().max(1),
                attempts: self.attempts,
                total_timeout: self.total_timeout,
                token: Mutex::new(None),
            }),
        })
    }
}

/// An IMDSv2 client. Cheap to clone: clones share the transport and the token.
#[derive(Clone, Debug)]
pub struct ImdsClient {
    inner: Arc<Inner>,
}

struct Inner {
    disabled: bool,
    endpoint: String,
    http: Arc<dyn HttpClient>,
    token_ttl_secs: u64,
    attempts: Attempts,
    total_timeout: Duration,
    /// The token and when to stop using it; the lock is held while a token is fetched, so
    /// concurrent callers share one fetch.
    token: Mutex<Option<Token>>,
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImdsClient")
            .field("disabled", &self.disabled)
            .field("endpoint", &self.endpoint)
            .field("attempts", &self.attempts)
            .field("token", &"** redacted **")
            .finish()
    }
}

struct Token {
    value: String,
    use_until: Instant,
}

impl ImdsClient {
    /// Settings read through `config` (its environment for the endpoint settings, its
    /// transport unless it is the default one).
    pub fn builder(config: ProviderConfig) -> ImdsClientBuilder {
        ImdsClientBuilder {
            config,
            endpoint: None,
            mode: None,
            token_ttl: DEFAULT_TOKEN_TTL,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            attempts: Attempts {
                max: DEFAULT_MAX_ATTEMPTS,
                timeout: DEFAULT_ATTEMPT_TIMEOUT,
                backoff: DEFAULT_BACKOFF,
            },
            total_timeout: DEFAULT_TOTAL_TIMEOUT,
        }
    }

    /// The service's base URL (`http://169.254.169.254` by default).
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    /// How long a provider waits for all its requests together.
    pub(crate) fn total_timeout(&self) -> Duration {
        self.inner.total_timeout
    }

    /// `GET path` (`/latest/meta-data/...`) with a session token: the reply's body as text.
    pub async fn get(&self, path: &str) -> Result<String, ImdsError> {
        let url = format!("{}{path}", self.inner.endpoint);
        if self.inner.disabled {
            let message = format!("{DISABLED_VAR} is true: {url} was not asked");
            return Err(ImdsError::new(ImdsErrorKind::Disabled, message));
        }
        let mut retried = false;
        loop {
            let token = self.token().await?;
            let request = HttpRequest {
                method: "GET".to_owned(),
                url: url.clone(),
                headers: vec![(TOKEN_HEADER.to_owned(), token)],
                body: Vec::new(),
            };
            let reply = local_http::send(&*self.inner.http, &request, self.inner.attempts)
                .await
                .map_err(|e| fetch_error(&url, e, false))?;
            match reply.status {
                200..=299 => {
                    return String::from_utf8(reply.body).map_err(|_| {
                        ImdsError::new(ImdsErrorKind::InvalidReply, format!("{url}: the reply is not UTF-8"))
                    })
                }
                401 if !retried => {
                    // The token was refused (expired early, or the instance restarted): once
                    // more with a new one.
                    *self.inner.token.lock().await = None;
                    retried = true;
                }
                404 => return Err(ImdsError::new(ImdsErrorKind::NotFound, format!("{url}: HTTP 404 (not found)"))),
                status => {
                    let message = format!("{url}: HTTP {status}: {}", excerpt(&reply.body));
                    return Err(ImdsError::new(ImdsErrorKind::ErrorStatus(status), message));
                }
            }
        }
    }

    /// The current token, fetched when there is none or it is about to expire.
    async fn token(&self) -> Result<String, ImdsError> {
        let mut slot = self.inner.token.lock().await;
        if let Some(token) = slot.as_ref().filter(|t| Instant::now() < t.use_until) {
            return Ok(token.value.clone());
        }
        let token = self.fetch_token().await?;
        let value = token.value.clone();
        *slot = Some(token);
        Ok(value)
    }

    async fn fetch_token(&self) -> Result<Token, ImdsError> {
        let url = format!("{}{TOKEN_PATH}", self.inner.endpoint);
        let request = HttpRequest {
            method: "PUT".to_owned(),
            url: url.clone(),
            headers: vec![(TTL_HEADER.to_owned(), self.inner.token_ttl_secs.to_string())],
            body: Vec::new(),
        };
        let asked = Instant::now();
        let reply = local_http::send(&*self.inner.http, &request, self.inner.attempts)
            .await
            .map_err(|e| fetch_error(&url, e, true))?;
        match reply.status {
            200..=299 => {}
            403 => {
                let message = format!(
                    "{url}: HTTP 403: instance metadata refused a session token (it is turned off on this instance)"
                );
                return Err(ImdsError::new(ImdsErrorKind::TokenForbidden, message));
            }
            status => {
                let message = format!("{url}: HTTP {status}: {}", excerpt(&reply.body));
                return Err(ImdsError::new(ImdsErrorKind::ErrorStatus(status), message));
            }
        }
        let value = String::from_utf8_lossy(&reply.body).trim().to_owned();
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_graphic()) {
            let message = format!("{url}: the token reply is not a token (empty, or not printable ASCII)");
            return Err(ImdsError::new(ImdsErrorKind::InvalidReply, message));
        }
        // The service may grant less than was asked for; a malformed header is ignored.
        let granted = reply.header(TTL_HEADER).and_then(|v| v.trim().parse::<u64>().ok());
        let ttl = Duration::from_secs(granted.map_or(self.inner.token_ttl_secs, |g| g.min(self.inner.token_ttl_secs)));
        let use_until = asked + ttl.saturating_sub(TOKEN_REFRESH_BUFFER);
        Ok(Token { value, use_until })
    }
}

/// A failed exchange as an [`ImdsError`]; `token` when it was the token request, where nothing
/// answering means the service is not there.
fn fetch_error(url: &str, error: FetchError, token: bool) -> ImdsError {
    let kind = match &error {
        e if token && e.is_unreachable() => ImdsErrorKind::Unreachable,
        FetchError::TooLarge => ImdsErrorKind::InvalidReply,
        FetchError::Timeout { .. } => ImdsErrorKind::Timeout,
        FetchError::Transport { .. } => ImdsErrorKind::Transport,
    };
    ImdsError::new(kind, format!("{url}: {error}"))
}
