//! The `adaptive` retry mode's client-side rate limiter, as the AWS SDKs specify it (botocore's
//! `retries/adaptive.py`, `bucket.py` and `throttling.py` read for behaviour):
//!
//! - every reply (and transport failure) is counted by a rate clock: the send rate measured
//!   over half-second buckets, smoothed (`measured = 0.8 * bucket_rate + 0.2 * measured`);
//! - a throttling reply lowers the target rate CUBIC-style (`rate = rate_before * BETA`,
//!   remembering `w_max = rate_before` and `k = cbrt(w_max * (1 - BETA) / C)`), and switches the
//!   limiter on; any other reply lets it grow back along `C * (t - last_throttle - k)^3 + w_max`;
//! - the token bucket's fill rate is the target rate, at most twice the measured rate and at
//!   least [`MIN_FILL_RATE`]; once the limiter is on, each attempt takes a token first, waiting
//!   for one when the bucket is empty.
//!
//! One difference from botocore's blocking bucket: a send that finds the bucket empty reserves
//! its token (the level goes below zero) and is told how long to wait, so the client waits
//! without holding a lock, and concurrent senders queue in the order they asked. Time comes from
//! a [`RateClock`], which tests replace to drive the limiter without sleeping.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::http::BoxFuture;

/// CUBIC's multiplicative decrease: a throttle sets the rate to this share of the rate before.
pub const BETA: f64 = 0.7;

/// CUBIC's scaling constant `C`: how fast the rate grows back after a throttle.
pub const SCALE_CONSTANT: f64 = 0.4;

/// The lowest fill rate, in sends per second.
pub const MIN_FILL_RATE: f64 = 0.5;

/// The width of the rate clock's buckets, in seconds.
pub const RATE_BUCKET_SECONDS: f64 = 0.5;

/// The weight of the newest bucket in the smoothed measured rate.
pub const SMOOTHING: f64 = 0.8;

/// The fill rate is at most this multiple of the measured send rate.
pub const MAX_RATE_ADJUST_SCALE: f64 = 2.0;

/// Where the limiter reads the time and how it waits.
pub trait RateClock: Send + Sync + fmt::Debug + 'static {
    /// Seconds since an arbitrary, fixed origin; never decreasing.
    fn now(&self) -> f64;
    /// Waits `duration` (a test clock advances itself instead).
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// The monotonic clock and Tokio's timer.
#[derive(Debug)]
pub struct SystemClock {
    origin: Instant,
}

impl Default for SystemClock {
    fn default() -> Self {
        SystemClock { origin: Instant::now() }
    }
}

impl RateClock for SystemClock {
    fn now(&self) -> f64 {
        self.origin.elapsed().as_secs_f64()
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// CUBIC's state: the rate at the last throttle, the time it takes to grow back to it, and
/// when that throttle was.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cubic {
    /// The rate when the last throttle came (`W_max`).
    pub w_max: f64,
    /// Seconds from the last throttle until the rate is back at `w_max`.
    pub k: f64,
    /// When the last throttle came (the clock's seconds).
    pub last_fail: f64,
}

impl Cubic {
    /// No throttle yet: `w_max` 0, from `now`.
    pub fn new(now: f64) -> Self {
        Cubic { w_max: 0.0, k: 0.0, last_fail: now }
    }

    /// `k = cbrt(w_max * (1 - BETA) / C)`.
    fn zero_point(w_max: f64) -> f64 {
        (w_max * (1.0 - BETA) / SCALE_CONSTANT).cbrt()
    }

    /// The rate after a success at `now`: `C * (now - last_fail - k)^3 + w_max`.
    pub fn success(&self, now: f64) -> f64 {
        SCALE_CONSTANT * (now - self.last_fail - self.k).powi(3) + self.w_max
    }

    /// A throttle at `now` while sending at `rate`: remembers it and returns `rate * BETA`.
    pub fn throttled(&mut self, rate: f64, now: f64) -> f64 {
        self.w_max = rate;
        self.k = Cubic::zero_point(rate);
        self.last_fail = now;
        rate * BETA
    }
}

/// A snapshot of the limiter, for tests and diagnostics.
#[derive(Clone, Debug, PartialEq)]
pub struct LimiterState {
    /// Whether sends take tokens: from the first throttle on.
    pub enabled: bool,
    /// Tokens per second added to the bucket.
    pub fill_rate: f64,
    /// The most tokens the bucket holds.
    pub max_capacity: f64,
    /// Tokens in the bucket now (below zero while reserved sends wait).
    pub tokens: f64,
    /// The smoothed measured send rate, per second.
    pub measured_rate: f64,
    /// CUBIC's state.
    pub cubic: Cubic,
    /// Sends that had to wait for a token, and their waits in all (seconds).
    pub delayed_sends: u64,
    /// See [`LimiterState::delayed_sends`].
    pub total_delay: f64,
}

#[derive(Debug)]
struct State {
    public: LimiterState,
    /// When the bucket was last refilled (`None` before the first refill).
    last_refill: Option<f64>,
    /// The rate clock's current bucket start and the sends counted in it.
    last_bucket: f64,
    count: f64,
}

/// The client-side rate limiter of the `adaptive` retry mode. One per client (clones share
/// it), or shared by several clients through [`crate::retry::RetryConfig::with_rate_limiter`].
#[derive(Debug)]
pub struct ClientRateLimiter {
    clock: Arc<dyn RateClock>,
    state: Mutex<State>,
}

impl Default for ClientRateLimiter {
    fn default() -> Self {
        Self::with_clock(Arc::new(SystemClock::default()))
    }
}

impl ClientRateLimiter {
    /// A limiter on the system clock.
    pub fn new() -> Self {
        Self::default()
    }

    /// A limiter reading time from `clock`.
    pub fn with_clock(clock: Arc<dyn RateClock>) -> Self {
        let now = clock.now();
        let public = LimiterState {
            enabled: false,
            fill_rate: 1.0,
            max_capacity: 1.0,
            tokens: 0.0,
            measured_rate: 0.0,
            cubic: Cubic::new(now),
            delayed_sends: 0,
            total_delay: 0.0,
        };
        // The bucket counts from its creation, as botocore's does (its first rate setting refills).
        let state = State { public, last_refill: Some(now), last_bucket: now.floor(), count: 0.0 };
        ClientRateLimiter { clock, state: Mutex::new(state) }
    }

    /// The clock the limiter reads (and the client waits on).
    pub fn clock(&self) -> &Arc<dyn RateClock> {
        &self.clock
    }

    /// The limiter's state now.
    pub fn state(&self) -> LimiterState {
        self.lock().public.clone()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while the lock was held leaves numbers, not broken invariants: keep going.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Takes a token for one send: zero when the limiter is off or a token is there, else how
    /// long to wait before sending (the token is reserved).
    pub fn acquire(&self) -> Duration {
        let now = self.clock.now();
        let mut state = self.lock();
        if !state.public.enabled {
            return Duration::ZERO;
        }
        state.refill(now);
        let s = &mut state.public;
        let wait = if s.tokens >= 1.0 { 0.0 } else { (1.0 - s.tokens) / s.fill_rate };
        s.tokens -= 1.0;
        if wait > 0.0 {
            s.delayed_sends += 1;
            s.total_delay += wait;
        }
        Duration::try_from_secs_f64(wait).unwrap_or(Duration::MAX)
    }

    /// Counts one reply (or failure) and adjusts the send rate: down when `throttled`, which
    /// also switches the limiter on, else along the CUBIC curve.
    pub fn on_response(&self, throttled: bool) {
        let now = self.clock.now();
        let mut state = self.lock();
        let measured = state.record(now);
        let s = &mut state.public;
        let new_rate = if throttled {
            let rate = if s.enabled { measured.min(s.fill_rate) } else { measured };
            s.enabled = true;
            s.cubic.throttled(rate, now)
        } else {
            s.cubic.success(now)
        };
        state.set_rate(new_rate.min(MAX_RATE_ADJUST_SCALE * measured), now);
    }
}

impl State {
    /// Adds the tokens earned since the last refill, up to the capacity.
    fn refill(&mut self, now: f64) {
        if let Some(last) = self.last_refill {
            let s = &mut self.public;
            s.tokens = s.max_capacity.min(s.tokens + (now - last).max(0.0) * s.fill_rate);
        }
        self.last_refill = Some(now);
    }

    /// A new target rate: the fill rate (at least [`MIN_FILL_RATE`]) and the capacity (the rate,
    /// at least one token).
    fn set_rate(&mut self, rate: f64, now: f64) {
        self.refill(now);
        let s = &mut self.public;
        s.fill_rate = rate.max(MIN_FILL_RATE);
        s.max_capacity = rate.max(1.0);
        s.tokens = s.tokens.min(s.max_capacity);
    }

    /// Counts a send in the rate clock; a new bucket folds the last one's rate into the
    /// smoothed measured rate.
    fn record(&mut self, now: f64) -> f64 {
        let bucket = (now / RATE_BUCKET_SECONDS).floor() * RATE_BUCKET_SECONDS;
        self.count += 1.0;
        if bucket > self.last_bucket {
            let rate = self.count / (bucket - self.last_bucket);
            let s = &mut self.public;
            s.measured_rate = rate * SMOOTHING + s.measured_rate * (1.0 - SMOOTHING);
            self.count = 0.0;
            self.last_bucket = bucket;
        }
        self.public.measured_rate
    }
}

#[cfg(test)]
mod tests;
