//! The limiter against a clock the test sets. Expected values: the CUBIC formulas evaluated
//! here in closed form, and for whole sequences the numbers botocore 1.44.8's own classes
//! (`ClientRateLimiter`, `TokenBucket`, `RateClocker`, `CubicCalculator`) print when driven by
//! the same fake clock through the same replies (a Python script run once; the values are
//! copied with their full precision).

use super::*;
use std::sync::atomic::{AtomicU64, Ordering};

/// A clock that stands still until the test moves it; `sleep` moves it.
#[derive(Debug, Default)]
pub(crate) struct TestClock(AtomicU64);

impl TestClock {
    pub(crate) fn set(&self, seconds: f64) {
        self.0.store(seconds.to_bits(), Ordering::SeqCst);
    }
}

impl RateClock for TestClock {
    fn now(&self) -> f64 {
        f64::from_bits(self.0.load(Ordering::SeqCst))
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.set(self.now() + duration.as_secs_f64());
        Box::pin(async {})
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * b.abs().max(1.0)
}

macro_rules! assert_close {
    ($a:expr, $b:expr) => {
        assert!(close($a, $b), "{} = {} but expected {}", stringify!($a), $a, $b)
    };
}

#[test]
fn cubic_follows_its_formulas() {
    // A throttle at t = 5 while sending 8/s: rate 8 * 0.7, w_max 8, k = cbrt(8 * 0.3 / 0.4).
    let mut cubic = Cubic::new(0.0);
    assert_close!(cubic.throttled(8.0, 5.0), 5.6);
    assert_eq!((cubic.w_max, cubic.last_fail), (8.0, 5.0));
    let k = 6.0f64.cbrt();
    assert_close!(cubic.k, k);
    assert_close!(cubic.k, 1.8171205928321397);
    // One second later: 0.4 * (1 - k)^3 + 8.
    assert_close!(cubic.success(6.0), 0.4 * (1.0 - k) * (1.0 - k) * (1.0 - k) + 8.0);
    assert_close!(cubic.success(6.0), 7.781767987274985);
    // At t = last_fail + k the rate is back at w_max; beyond it, it grows past.
    assert_close!(cubic.success(5.0 + k), 8.0);
    assert!(cubic.success(9.0) > 8.0);
    // Right after the throttle the curve starts at w_max * BETA: 0.4 * (-k)^3 + 8 = 8 - 8 * 0.3.
    assert_close!(cubic.success(5.0), 8.0 * BETA);

    // w_max 10 from t = 0 (k = cbrt(7.5)), as botocore's `CubicCalculator(10, 0)` computes.
    let cubic = Cubic { w_max: 10.0, k: Cubic::zero_point(10.0), last_fail: 0.0 };
    assert_close!(cubic.k, 1.9574338205844317);
    assert_close!(cubic.success(0.0), 7.0);
    assert_close!(cubic.success(1.0), 9.64893600966);
    assert_close!(cubic.success(3.0), 10.453284520772092);
}

fn limiter() -> (Arc<TestClock>, ClientRateLimiter) {
    let clock = Arc::new(TestClock::default());
    (clock.clone(), ClientRateLimiter::with_clock(clock))
}

#[test]
fn off_until_the_first_throttle() {
    let (clock, limiter) = limiter();
    for i in 1..=20 {
        clock.set(f64::from(i) * 0.05);
        limiter.on_response(false);
        assert_eq!(limiter.acquire(), Duration::ZERO);
    }
    assert!(!limiter.state().enabled);
    assert_eq!(limiter.state().delayed_sends, 0);
}

#[test]
fn a_sequence_matches_botocore() {
    let (clock, limiter) = limiter();
    // (time, throttled, enabled, measured, fill rate = capacity, tokens, w_max, k, last_fail)
    type Step = (f64, bool, bool, f64, f64, f64, f64, f64, f64);
    #[rustfmt::skip]
    let steps: [Step; 8] = [
        (0.2, false, false, 0.0, 0.5, 0.2, 0.0, 0.0, 0.0),
        (0.4, false, false, 0.0, 0.5, 0.30000000000000004, 0.0, 0.0, 0.0),
        (0.6, false, false, 4.800000000000001, 0.5, 0.4, 0.0, 0.0, 0.0),
        (0.8, false, false, 4.800000000000001, 0.5, 0.5, 0.0, 0.0, 0.0),
        (1.0, true, true, 4.16, 2.912, 0.6, 4.16, 1.4612287148125607, 1.0),
        (1.1, true, true, 4.16, 2.0383999999999998, 0.8912000000000002, 2.912, 1.29743082334327, 1.1),
        (1.6, false, true, 4.032, 2.709166797813736, 1.9104, 2.912, 1.29743082334327, 1.1),
        (2.7, false, true, 1.6063999999999998, 2.92307985410297, 2.709166797813736, 2.912, 1.29743082334327, 1.1),
    ];
    for (t, throttled, enabled, measured, fill, tokens, w_max, k, last_fail) in steps {
        clock.set(t);
        limiter.on_response(throttled);
        let s = limiter.state();
        assert_eq!(s.enabled, enabled, "t = {t}");
        assert_close!(s.measured_rate, measured);
        assert_close!(s.fill_rate, fill.max(MIN_FILL_RATE));
        assert_close!(s.max_capacity, fill.max(1.0));
        assert_close!(s.tokens, tokens);
        assert_close!(s.cubic.w_max, w_max);
        assert_close!(s.cubic.k, k);
        assert_close!(s.cubic.last_fail, last_fail);
    }
    // Two tokens are there; the third send waits (1 - 0.709...) / fill rate.
    assert_eq!(limiter.acquire(), Duration::ZERO);
    assert_eq!(limiter.acquire(), Duration::ZERO);
    assert_close!(limiter.state().tokens, 0.7091667978137361);
    let wait = limiter.acquire().as_secs_f64();
    assert!((wait - 0.09949546940294392).abs() < 1e-9, "{wait}");
    let s = limiter.state();
    assert_eq!(s.delayed_sends, 1);
    assert_close!(s.tokens, 0.7091667978137361 - 1.0);
    // The reserved token is paid back by the time the wait is over: the next send after that
    // wait finds the bucket at zero and waits one full token's time.
    clock.set(2.7 + wait);
    let next = limiter.acquire().as_secs_f64();
    assert!((next - 1.0 / s.fill_rate).abs() < 1e-6, "{next}");
}

#[test]
fn the_fill_rate_never_drops_below_the_minimum() {
    let (clock, limiter) = limiter();
    for i in 1..=50 {
        clock.set(f64::from(i) * 0.3);
        limiter.on_response(true);
        let s = limiter.state();
        assert!(s.fill_rate >= MIN_FILL_RATE && s.max_capacity >= 1.0, "{s:?}");
    }
    // At the minimum rate an empty bucket means two seconds per send.
    let s = limiter.state();
    assert_close!(s.fill_rate, MIN_FILL_RATE);
    let before = s.tokens;
    let wait = limiter.acquire().as_secs_f64();
    assert_close!(wait, ((1.0 - before) / MIN_FILL_RATE).max(0.0));
}
