//! Which failures are retried, how often, and how long to wait between attempts.
//!
//! The policy is the "standard" retry mode of botocore and the AWS SDKs:
//!
//! - up to 3 attempts in all ([`DEFAULT_MAX_ATTEMPTS`]), or as configured: in code
//!   ([`RetryConfig`]), else `AWS_MAX_ATTEMPTS`, else `max_attempts` in the selected profile of
//!   the shared config file (see [`RetryConfig::from_env`]);
//! - retried: throttling errors ([`THROTTLING_CODES`], HTTP 429 and 509), transient errors
//!   ([`TRANSIENT_CODES`], HTTP 500, 502, 503 and 504), connection failures, and timeouts of a
//!   connect or an attempt. Every other error reply, a modeled 4xx error above all, is returned
//!   at once. The status lists are `_retry.json`'s `__default__` policies; the code lists are
//!   botocore's standard mode, a superset of `_retry.json`'s `__default__` codes;
//! - the wait before retry `n` (after attempt `n` failed, `n` from 1) is full-jitter
//!   exponential back-off: `rand[0, 1) * min(initial_backoff * 2^(n-1), max_backoff)`, with
//!   `initial_backoff` 1 s and `max_backoff` 20 s by default;
//! - a retry quota per client ([`RetryQuota`]) stops retry storms when a service is down: it
//!   starts at 500, a retry costs 5 (10 after a timeout), a success after retries refunds the
//!   last cost and a success at the first attempt adds 1. With the quota empty, failures are
//!   returned without retrying.
//!
//! Beyond the standard lists, a service retries the errors its model marks `retryable`
//! (throttling ones as throttling) and those `_retry.json` lists for it, both emitted by the
//! generator into [`crate::ServiceInfo::retryable_errors`] ([`classify_response_with`]).
//!
//! `retry_mode` / `AWS_RETRY_MODE` may be `standard` or `adaptive`: standard plus a client-side
//! rate limiter ([`adaptive`]) that slows sends down once the service throttles. `legacy` is a
//! configuration error rather than silently behaving as `standard`.

pub mod adaptive;

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub use adaptive::ClientRateLimiter;

use crate::error::ConfigError;
use crate::http::TransportErrorKind;
use crate::profile::{self, Environment};

/// Attempts in all, the first included, unless configured otherwise.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// The retry quota a client starts with.
pub const DEFAULT_RETRY_QUOTA: u32 = 500;

/// What a retry takes from the quota.
pub const RETRY_COST: u32 = 5;

/// What a retry after a timeout takes from the quota.
pub const TIMEOUT_RETRY_COST: u32 = 10;

/// What a success at the first attempt gives back to the quota.
pub const NO_RETRY_INCREMENT: u32 = 1;

/// Error codes that mean "slow down": botocore standard mode's list (with every code of
/// `_retry.json`'s `__default__` policies).
pub const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes that mean "try again" without implying throttling (botocore standard mode).
pub const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"];

/// HTTP statuses retried whatever the error code: `_retry.json`'s `too_many_requests` (429)
/// and `limit_exceeded` (509) as throttling ...
pub const THROTTLING_STATUSES: &[u16] = &[429, 509];

/// ... and its `general_server_error`, `bad_gateway`, `service_unavailable` and
/// `gateway_timeout` (500, 502, 503, 504) as transient.
pub const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// The retry mode: how a client paces its attempts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryMode {
    /// Retries with back-off and the retry quota.
    #[default]
    Standard,
    /// Standard, plus a client-side rate limiter that slows sends after throttling replies
    /// ([`ClientRateLimiter`]).
    Adaptive,
}

/// A rate limiter shared by the clients whose configuration holds it (equal when it is the
/// same limiter).
#[derive(Clone, Debug)]
pub struct SharedRateLimiter(pub Arc<ClientRateLimiter>);

impl PartialEq for SharedRateLimiter {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for SharedRateLimiter {}

/// Retry settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    /// Attempts in all, the first included (1 disables retries; 0 is read as 1).
    pub max_attempts: u32,
    /// The back-off base: the wait before the first retry is drawn from `[0, initial_backoff)`
    /// and the bound doubles with each further retry. Tests set it to a few milliseconds.
    pub initial_backoff: Duration,
    /// No wait is longer than this.
    pub max_backoff: Duration,
    /// The retry quota a client starts with ([`DEFAULT_RETRY_QUOTA`]).
    pub quota: u32,
    /// What one retry takes from the quota ([`RETRY_COST`]).
    pub retry_cost: u32,
    /// What one retry after a timeout takes from the quota ([`TIMEOUT_RETRY_COST`]).
    pub timeout_retry_cost: u32,
    /// Standard or adaptive.
    pub mode: RetryMode,
    /// In adaptive mode, the rate limiter to use; `None`: each client makes its own.
    pub rate_limiter: Option<SharedRateLimiter>,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
            quota: DEFAULT_RETRY_QUOTA,
            retry_cost: RETRY_COST,
            timeout_retry_cost: TIMEOUT_RETRY_COST,
            mode: RetryMode::Standard,
            rate_limiter: None,
        }
    }
}

impl RetryConfig {
    /// The standard mode with its defaults (the same as `Default`).
    pub fn standard() -> Self {
        Self::default()
    }

    /// The adaptive mode with the standard mode's defaults: each client gets its own rate
    /// limiter.
    pub fn adaptive() -> Self {
        RetryConfig { mode: RetryMode::Adaptive, ..Default::default() }
    }

    /// The adaptive mode with this rate limiter (shared by every client configured with it;
    /// tests give it a clock of their own).
    pub fn with_rate_limiter(mut self, limiter: Arc<ClientRateLimiter>) -> Self {
        self.mode = RetryMode::Adaptive;
        self.rate_limiter = Some(SharedRateLimiter(limiter));
        self
    }

    /// One attempt only.
    pub fn disabled() -> Self {
        RetryConfig { max_attempts: 1, ..Default::default() }
    }

    /// The same settings with this many attempts in all.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts;
        self
    }

    /// The same settings with this back-off base.
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// The mode from `AWS_RETRY_MODE`, else the profile's `retry_mode` (`standard` or
    /// `adaptive`, in any case; unset: standard), with `max_attempts` from `AWS_MAX_ATTEMPTS`,
    /// else from `max_attempts` in the selected profile of the shared config file, else 3.
    ///
    /// A value that is not a whole number from 1, or a retry mode other than those two, is a
    /// [`ConfigError`] naming the variable (or file, profile and key) and the value. A config
    /// file that cannot be read counts as empty, as for the region.
    pub fn from_env(env: &Environment) -> Result<RetryConfig, ConfigError> {
        let mut files = None;
        let mut setting = |var: &str, key: &str| -> Option<(String, String)> {
            if let Some(value) = env.var(var) {
                return Some((value, var.to_owned()));
            }
            let files = files.get_or_insert_with(|| profile::load(env).ok()).as_ref()?;
            let name = files.selected_profile();
            let value = files.get(name, key)?.to_owned();
            let file = files.file_of(name, key).unwrap_or(files.config_file().path());
            Some((value, format!("`{key}` in profile `{name}` of {}", file.display())))
        };
        let mut config = RetryConfig::standard();
        if let Some((mode, source)) = setting("AWS_RETRY_MODE", "retry_mode") {
            match mode.trim().to_ascii_lowercase().as_str() {
                "standard" => {}
                "adaptive" => config.mode = RetryMode::Adaptive,
                "legacy" => {
                    return Err(ConfigError {
                        message: format!(
                            "retry mode {mode:?} (from {source}) is not supported: `standard` and `adaptive` are"
                        ),
                    })
                }
                _ => {
                    return Err(ConfigError {
                        message: format!(
                            "retry mode {mode:?} (from {source}) is not one of `standard`, `legacy`, `adaptive`"
                        ),
                    })
                }
            }
        }
        if let Some((value, source)) = setting("AWS_MAX_ATTEMPTS", "max_attempts") {
            config.max_attempts = match value.trim().parse::<u32>() {
                Ok(n) if n >= 1 => n,
                _ => {
                    return Err(ConfigError {
                        message: format!("max attempts {value:?} (from {source}) is not a whole number from 1"),
                    })
                }
            };
        }
        Ok(config)
    }

    /// The wait before the retry that follows failed attempt `attempt` (from 1), with full
    /// jitter.
    pub fn backoff(&self, attempt: u32) -> Duration {
        self.backoff_with(attempt, jitter())
    }

    /// The wait before the retry that follows failed attempt `attempt` (from 1) for the random
    /// draw `r` in `[0, 1)`: `r * min(initial_backoff * 2^(attempt-1), max_backoff)`.
    pub fn backoff_with(&self, attempt: u32, r: f64) -> Duration {
        let exp = self.initial_backoff.saturating_mul(1u32 << attempt.saturating_sub(1).min(30));
        exp.min(self.max_backoff).mul_f64(r.clamp(0.0, 1.0))
    }
}

/// Why a failure is worth retrying.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryKind {
    /// The service asked the caller to slow down.
    Throttling,
    /// A failure that may pass: a 5xx, a transient code, a connection failure.
    Transient,
    /// A connect or attempt timeout: retried at [`RetryConfig::timeout_retry_cost`].
    Timeout,
}

/// How an error reply is classified: `None` if it must not be retried.
pub fn classify_response(status: u16, code: Option<&str>) -> Option<RetryKind> {
    classify_response_with(status, code, &[])
}

/// An error a service retries beyond the standard lists: an error shape the model marks
/// `retryable` (botocore `"retryable": {"throttling": ...}`, Smithy `@retryable`), or a
/// service-specific policy of botocore's `_retry.json` (S3 `BadDigest`, STS
/// `IDPCommunicationError`, DynamoDB `ReplicatedWriteConflictException`). Emitted by the
/// generator into [`crate::ServiceInfo::retryable_errors`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryableError {
    /// The wire error code.
    pub code: &'static str,
    /// The status it must come with (`_retry.json` names one), or any.
    pub status: Option<u16>,
    /// Whether it is a throttling error (which the adaptive mode slows down for).
    pub throttling: bool,
}

/// [`classify_response`], also retrying the service's own `retryable` errors: a throttling one
/// as throttling whatever its status, another as transient unless its status says throttling.
pub fn classify_response_with(status: u16, code: Option<&str>, service: &[RetryableError]) -> Option<RetryKind> {
    let modeled = code.and_then(|c| service.iter().find(|e| e.code == c && e.status.is_none_or(|s| s == status)));
    let throttling = code.is_some_and(|c| THROTTLING_CODES.contains(&c))
        || THROTTLING_STATUSES.contains(&status)
        || modeled.is_some_and(|e| e.throttling);
    if throttling {
        Some(RetryKind::Throttling)
    } else if code.is_some_and(|c| TRANSIENT_CODES.contains(&c)) || TRANSIENT_STATUSES.contains(&status) {
        Some(RetryKind::Transient)
    } else {
        modeled.map(|_| RetryKind::Transient)
    }
}

/// How a transport failure is classified: `None` if it must not be retried.
pub fn classify_transport(kind: TransportErrorKind) -> Option<RetryKind> {
    match kind {
        TransportErrorKind::InvalidRequest | TransportErrorKind::Setup => None,
        TransportErrorKind::ConnectTimeout(_) => Some(RetryKind::Timeout),
        _ => Some(RetryKind::Transient),
    }
}

/// Whether an error reply is worth another attempt.
pub fn is_retryable_response(status: u16, code: Option<&str>) -> bool {
    classify_response(status, code).is_some()
}

/// The retry quota of one client: a token bucket that retries draw from and successes refill,
/// so that when a service is failing a client soon stops multiplying its load by
/// `max_attempts`. Clones of a client share it.
#[derive(Debug)]
pub struct RetryQuota {
    capacity: u32,
    available: AtomicU32,
}

impl RetryQuota {
    /// A full quota of `capacity`.
    pub fn new(capacity: u32) -> Self {
        RetryQuota { capacity, available: AtomicU32::new(capacity) }
    }

    /// What is left.
    pub fn available(&self) -> u32 {
        self.available.load(Ordering::Relaxed)
    }

    /// Takes `cost` if that much is left.
    fn acquire(&self, cost: u32) -> bool {
        self.available.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |a| a.checked_sub(cost)).is_ok()
    }

    /// Gives `amount` back, never above the capacity.
    fn release(&self, amount: u32) {
        let _ = self
            .available
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |a| Some(a.saturating_add(amount).min(self.capacity)));
    }
}

/// Why the retry loop stops at a failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The failure is not retryable.
    NotRetryable,
    /// The last allowed attempt failed.
    MaxAttempts,
    /// The retry quota cannot pay for another retry.
    QuotaExhausted,
}

/// The retry bookkeeping of one operation call.
#[derive(Debug)]
pub struct RetryState<'a> {
    config: &'a RetryConfig,
    quota: &'a RetryQuota,
    attempt: u32,
    /// What the last retry took from the quota, refunded on success.
    held: Option<u32>,
}

impl<'a> RetryState<'a> {
    /// A call about to make its first attempt.
    pub fn new(config: &'a RetryConfig, quota: &'a RetryQuota) -> Self {
        RetryState { config, quota, attempt: 1, held: None }
    }

    /// The number of the current attempt, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The current attempt succeeded (a 2xx reply): refills the quota.
    pub fn succeeded(&mut self) {
        self.quota.release(self.held.take().unwrap_or(NO_RETRY_INCREMENT));
    }

    /// The current attempt failed with a failure of this kind (`None`: not retryable). Either
    /// the wait before the next attempt (the attempt counter moves on and the quota is
    /// charged), or why to stop.
    pub fn failed(&mut self, kind: Option<RetryKind>) -> Result<Duration, Stop> {
        let kind = kind.ok_or(Stop::NotRetryable)?;
        if self.attempt >= self.config.max_attempts {
            return Err(Stop::MaxAttempts);
        }
        let cost = match kind {
            RetryKind::Timeout => self.config.timeout_retry_cost,
            RetryKind::Throttling | RetryKind::Transient => self.config.retry_cost,
        };
        if !self.quota.acquire(cost) {
            return Err(Stop::QuotaExhausted);
        }
        self.held = Some(cost);
        let delay = self.config.backoff(self.attempt);
        self.attempt += 1;
        Ok(delay)
    }
}

/// A number in `[0, 1)`; no cryptographic quality needed, only spread between clients.
fn jitter() -> f64 {
    (random_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// 64 random-looking bits from the clock and a counter (xorshift64*): for jitter and
/// idempotency tokens, never for secrets.
pub(crate) fn random_u64() -> u64 {
    static STATE: AtomicU64 = AtomicU64::new(0);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0x9E37_79B9_7F4A_7C15);
    let mut x = STATE.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed) ^ seed;
    // xorshift64*
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    x.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

#[cfg(test)]
mod tests;
