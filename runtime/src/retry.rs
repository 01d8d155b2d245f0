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
//! `retry_mode` / `AWS_RETRY_MODE` may be `standard` (the only mode implemented). `legacy` and
//! `adaptive` are configuration errors rather than silently behaving as `standard`.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::Duration;

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

/// Retry settings of the standard mode.
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
        }
    }
}

impl RetryConfig {
    /// The standard mode with its defaults (the same as `Default`).
    pub fn standard() -> Self {
        Self::default()
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

    /// The standard mode, with `max_attempts` from `AWS_MAX_ATTEMPTS`, else from
    /// `max_attempts` in the selected profile of the shared config file, else 3; after checking
    /// that `AWS_RETRY_MODE`, else the profile's `retry_mode`, is unset or `standard`.
    ///
    /// A value that is not a whole number from 1, or a retry mode other than `standard`, is a
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
        if let Some((mode, source)) = setting("AWS_RETRY_MODE", "retry_mode") {
            match mode.trim().to_ascii_lowercase().as_str() {
                "standard" => {}
                "legacy" | "adaptive" => {
                    return Err(ConfigError {
                        message: format!(
                            "retry mode {mode:?} (from {source}) is not supported: only `standard` is implemented"
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
        let mut config = RetryConfig::standard();
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
    if code.is_some_and(|c| THROTTLING_CODES.contains(&c)) || THROTTLING_STATUSES.contains(&status) {
        Some(RetryKind::Throttling)
    } else if code.is_some_and(|c| TRANSIENT_CODES.contains(&c)) || TRANSIENT_STATUSES.contains(&status) {
        Some(RetryKind::Transient)
    } else {
        None
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
mod tests {
    use super::*;

    #[test]
    fn classifies_codes_and_statuses() {
        for code in THROTTLING_CODES {
            assert_eq!(classify_response(400, Some(code)), Some(RetryKind::Throttling), "{code}");
        }
        assert_eq!(classify_response(400, Some("RequestTimeout")), Some(RetryKind::Transient));
        assert_eq!(classify_response(429, None), Some(RetryKind::Throttling));
        assert_eq!(classify_response(509, Some("Whatever")), Some(RetryKind::Throttling));
        for status in [500, 502, 503, 504] {
            assert_eq!(classify_response(status, Some("InternalFailure")), Some(RetryKind::Transient));
        }
        // Modeled 4xx errors and other statuses are final.
        assert_eq!(classify_response(400, Some("InvalidParameterValue")), None);
        assert_eq!(classify_response(404, Some("SnapshotNotFoundFault")), None);
        assert_eq!(classify_response(501, None), None);
        assert_eq!(classify_response(403, None), None);
        assert!(is_retryable_response(503, None));
        assert!(!is_retryable_response(400, Some("throttling")), "codes are case-sensitive");
    }

    #[test]
    fn classifies_transport_failures() {
        assert_eq!(classify_transport(TransportErrorKind::Connect), Some(RetryKind::Transient));
        assert_eq!(classify_transport(TransportErrorKind::Io), Some(RetryKind::Transient));
        assert_eq!(classify_transport(TransportErrorKind::Other), Some(RetryKind::Transient));
        assert_eq!(
            classify_transport(TransportErrorKind::ConnectTimeout(Duration::from_secs(1))),
            Some(RetryKind::Timeout)
        );
        assert_eq!(classify_transport(TransportErrorKind::InvalidRequest), None);
    }

    #[test]
    fn backoff_is_full_jitter_exponential_and_capped() {
        let c = RetryConfig::default();
        // The bound doubles per attempt: 1 s, 2 s, 4 s, 8 s, 16 s, then the 20 s cap.
        let bounds: Vec<u64> = (1..=7).map(|n| c.backoff_with(n, 1.0).as_secs()).collect();
        assert_eq!(bounds, [1, 2, 4, 8, 16, 20, 20]);
        assert_eq!(c.backoff_with(3, 0.5), Duration::from_secs(2));
        assert_eq!(c.backoff_with(1, 0.0), Duration::ZERO);
        assert_eq!(c.backoff_with(u32::MAX, 1.0), c.max_backoff);
        let fast = RetryConfig::default().with_initial_backoff(Duration::from_millis(2));
        assert_eq!(fast.backoff_with(2, 1.0), Duration::from_millis(4));
        for attempt in 1..40 {
            assert!(c.backoff(attempt) < c.max_backoff);
        }
        let spread: std::collections::HashSet<_> = (0..20).map(|_| c.backoff(3)).collect();
        assert!(spread.len() > 1, "jitter draws differ");
    }

    #[test]
    fn state_stops_at_max_attempts_and_when_not_retryable() {
        let config = RetryConfig::default();
        let quota = RetryQuota::new(500);
        let mut state = RetryState::new(&config, &quota);
        assert_eq!(state.failed(None), Err(Stop::NotRetryable));
        assert_eq!(state.attempt(), 1);
        assert!(state.failed(Some(RetryKind::Transient)).is_ok());
        assert!(state.failed(Some(RetryKind::Throttling)).is_ok());
        assert_eq!(state.attempt(), 3);
        assert_eq!(state.failed(Some(RetryKind::Transient)), Err(Stop::MaxAttempts));
        assert_eq!(quota.available(), 490);
    }

    #[test]
    fn quota_is_charged_refunded_and_exhausted() {
        let config = RetryConfig { max_attempts: 100, ..Default::default() };
        let quota = RetryQuota::new(25);
        // A success after retries refunds the last retry's cost.
        let mut state = RetryState::new(&config, &quota);
        assert!(state.failed(Some(RetryKind::Transient)).is_ok());
        assert!(state.failed(Some(RetryKind::Timeout)).is_ok());
        assert_eq!(quota.available(), 10);
        state.succeeded();
        assert_eq!(quota.available(), 20);
        // Retries drain it; a timeout costs 10, more than the five left after three retries.
        let mut state = RetryState::new(&config, &quota);
        for _ in 0..3 {
            assert!(state.failed(Some(RetryKind::Throttling)).is_ok());
        }
        assert_eq!(quota.available(), 5);
        assert_eq!(state.failed(Some(RetryKind::Timeout)), Err(Stop::QuotaExhausted));
        assert!(state.failed(Some(RetryKind::Throttling)).is_ok());
        assert_eq!(state.failed(Some(RetryKind::Throttling)), Err(Stop::QuotaExhausted));
        assert_eq!(quota.available(), 0);
        // A first-attempt success adds one, never beyond the capacity.
        RetryState::new(&config, &quota).succeeded();
        assert_eq!(quota.available(), 1);
        let full = RetryQuota::new(25);
        RetryState::new(&config, &full).succeeded();
        assert_eq!(full.available(), 25);
    }

    fn env(vars: &[(&str, &str)]) -> Environment {
        let mut all = vec![("HOME".to_owned(), "/nonexistent-awsgen-home".to_owned())];
        all.extend(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Environment::from_vars(all)
    }

    #[test]
    fn max_attempts_and_mode_from_the_environment() {
        assert_eq!(RetryConfig::from_env(&env(&[])).unwrap(), RetryConfig::standard());
        let c = RetryConfig::from_env(&env(&[("AWS_MAX_ATTEMPTS", "7"), ("AWS_RETRY_MODE", "Standard")])).unwrap();
        assert_eq!(c.max_attempts, 7);
        for bad in ["0", "-1", "three", "2.5"] {
            let err = RetryConfig::from_env(&env(&[("AWS_MAX_ATTEMPTS", bad)])).unwrap_err();
            assert!(err.message.contains("AWS_MAX_ATTEMPTS") && err.message.contains(bad), "{err}");
        }
        let err = RetryConfig::from_env(&env(&[("AWS_RETRY_MODE", "adaptive")])).unwrap_err();
        assert!(err.message.contains("AWS_RETRY_MODE") && err.message.contains("not supported"), "{err}");
        let err = RetryConfig::from_env(&env(&[("AWS_RETRY_MODE", "fast")])).unwrap_err();
        assert!(err.message.contains("\"fast\"") && err.message.contains("standard"), "{err}");
    }

    #[test]
    fn max_attempts_and_mode_from_the_profile() {
        let dir = std::env::temp_dir().join(format!("awsgen-retry-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config");
        std::fs::write(&path, "[default]\nmax_attempts = 5\n[profile junk]\nmax_attempts = lots\nretry_mode = standard\n[profile adaptive]\nretry_mode = adaptive\n").unwrap();
        let file = path.to_str().unwrap();
        let c = RetryConfig::from_env(&env(&[("AWS_CONFIG_FILE", file)])).unwrap();
        assert_eq!(c.max_attempts, 5);
        // The variable wins over the profile.
        let c = RetryConfig::from_env(&env(&[("AWS_CONFIG_FILE", file), ("AWS_MAX_ATTEMPTS", "2")])).unwrap();
        assert_eq!(c.max_attempts, 2);
        let err = RetryConfig::from_env(&env(&[("AWS_CONFIG_FILE", file), ("AWS_PROFILE", "junk")])).unwrap_err();
        assert!(err.message.contains("`max_attempts` in profile `junk`") && err.message.contains(file), "{err}");
        let err = RetryConfig::from_env(&env(&[("AWS_CONFIG_FILE", file), ("AWS_PROFILE", "adaptive")])).unwrap_err();
        assert!(err.message.contains("`retry_mode` in profile `adaptive`"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
