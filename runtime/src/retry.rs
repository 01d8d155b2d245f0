//! Which failures are retried, how often, and how long to wait between attempts.
//!
//! The policy is botocore's and the AWS SDKs' "standard" mode: up to 3 attempts; transient
//! failures (connection errors, timeouts, HTTP 500/502/503/504) and throttling (HTTP 429 and the
//! throttling error codes listed in botocore's `_retry.json`) are retried with full-jitter
//! exponential backoff, capped at 20 seconds.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Retry settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    /// Attempts in all, the first included (1 disables retries).
    pub max_attempts: u32,
    /// The backoff before the second attempt is drawn from `0..=initial_backoff`; it doubles
    /// with each further attempt.
    pub initial_backoff: Duration,
    /// No wait is longer than this.
    pub max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig { max_attempts: 3, initial_backoff: Duration::from_secs(1), max_backoff: Duration::from_secs(20) }
    }
}

impl RetryConfig {
    /// One attempt only.
    pub fn disabled() -> Self {
        RetryConfig { max_attempts: 1, ..Default::default() }
    }

    /// The wait before attempt `attempt + 1` (`attempt` counts from 1), with full jitter.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = self.initial_backoff.saturating_mul(1u32 << attempt.saturating_sub(1).min(20));
        let cap = exp.min(self.max_backoff);
        cap.mul_f64(jitter())
    }
}

/// Error codes that mean "slow down" (botocore `_retry.json`, plus the codes the SDKs share).
const THROTTLING_CODES: &[&str] = &[
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

/// Error codes that mean "try again" without implying throttling.
const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException", "InternalError", "ServiceUnavailable"];

/// Whether an error reply is worth another attempt.
pub fn is_retryable_response(status: u16, code: Option<&str>) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504 | 509)
        || code.is_some_and(|c| THROTTLING_CODES.contains(&c) || TRANSIENT_CODES.contains(&c))
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
    fn classifies() {
        assert!(is_retryable_response(503, None));
        assert!(is_retryable_response(400, Some("Throttling")));
        assert!(!is_retryable_response(400, Some("InvalidParameterValue")));
        assert!(!is_retryable_response(404, None));
    }

    #[test]
    fn backoff_is_capped_and_jittered() {
        let c = RetryConfig::default();
        for attempt in 1..40 {
            let d = c.backoff(attempt);
            assert!(d <= c.max_backoff, "{d:?}");
        }
        let spread: std::collections::HashSet<_> = (0..20).map(|_| c.backoff(3)).collect();
        assert!(spread.len() > 1);
    }
}
