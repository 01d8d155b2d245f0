//! The standard mode's classification, back-off, quota and settings.

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
fn a_services_retryable_errors_are_retried() {
    let service = [
        RetryableError { code: "BadDigest", status: Some(400), throttling: false },
        RetryableError { code: "SlowAgain", status: None, throttling: true },
    ];
    assert_eq!(classify_response(400, Some("BadDigest")), None);
    assert_eq!(classify_response_with(400, Some("BadDigest"), &service), Some(RetryKind::Transient));
    assert_eq!(classify_response_with(403, Some("BadDigest"), &service), None, "the status must match");
    assert_eq!(classify_response_with(400, Some("SlowAgain"), &service), Some(RetryKind::Throttling));
    assert_eq!(classify_response_with(503, Some("SlowAgain"), &service), Some(RetryKind::Throttling));
    assert_eq!(classify_response_with(429, Some("BadDigest"), &service), Some(RetryKind::Throttling));
    assert_eq!(classify_response_with(400, Some("Other"), &service), None);
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
    let c = RetryConfig::from_env(&env(&[("AWS_RETRY_MODE", "Adaptive"), ("AWS_MAX_ATTEMPTS", "4")])).unwrap();
    assert_eq!((c.mode, c.max_attempts), (RetryMode::Adaptive, 4));
    let err = RetryConfig::from_env(&env(&[("AWS_RETRY_MODE", "legacy")])).unwrap_err();
    assert!(err.message.contains("AWS_RETRY_MODE") && err.message.contains("not supported"), "{err}");
    let err = RetryConfig::from_env(&env(&[("AWS_RETRY_MODE", "fast")])).unwrap_err();
    assert!(err.message.contains("\"fast\"") && err.message.contains("standard"), "{err}");
}

#[test]
fn max_attempts_and_mode_from_the_profile() {
    let dir = std::env::temp_dir().join(format!("awsgen-retry-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config");
    std::fs::write(&path, "[default]\nmax_attempts = 5\n[profile junk]\nmax_attempts = lots\nretry_mode = standard\n[profile adaptive]\nretry_mode = adaptive\n[profile legacy]\nretry_mode = legacy\n").unwrap();
    let file = path.to_str().unwrap();
    let c = RetryConfig::from_env(&env(&[("AWS_CONFIG_FILE", file)])).unwrap();
    assert_eq!(c.max_attempts, 5);
    // The variable wins over the profile.
    let c = RetryConfig::from_env(&env(&[("AWS_CONFIG_FILE", file), ("AWS_MAX_ATTEMPTS", "2")])).unwrap();
    assert_eq!(c.max_attempts, 2);
    let err = RetryConfig::from_env(&env(&[("AWS_CONFIG_FILE", file), ("AWS_PROFILE", "junk")])).unwrap_err();
    assert!(err.message.contains("`max_attempts` in profile `junk`") && err.message.contains(file), "{err}");
    let c = RetryConfig::from_env(&env(&[("AWS_CONFIG_FILE", file), ("AWS_PROFILE", "adaptive")])).unwrap();
    assert_eq!(c.mode, RetryMode::Adaptive);
    let err = RetryConfig::from_env(&env(&[("AWS_CONFIG_FILE", file), ("AWS_PROFILE", "legacy")])).unwrap_err();
    assert!(err.message.contains("`retry_mode` in profile `legacy`"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
