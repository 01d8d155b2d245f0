use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::*;
use crate::profile::Environment;

fn env(vars: &[(&str, &str)]) -> Environment {
    Environment::from_vars(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())))
}

#[tokio::test]
async fn static_credentials_provide_themselves() {
    let c = Credentials::new("AKID", "SECRET", Some("TOKEN".to_owned()));
    let provided = c.provide_credentials().await.unwrap();
    assert_eq!(provided, c);
    assert_eq!(provided.access_key_id(), "AKID");
    assert_eq!(provided.secret_access_key(), "SECRET");
    assert_eq!(provided.session_token(), Some("TOKEN"));
}

#[test]
fn debug_redacts_secret_and_token() {
    let expiry = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let with_token = format!("{:?}", Credentials::new("AKID", "s3cr3t", Some("t0k3n".into())).with_expiry(expiry));
    assert!(with_token.contains("AKID"), "{with_token}");
    assert!(!with_token.contains("s3cr3t"), "{with_token}");
    assert!(!with_token.contains("t0k3n"), "{with_token}");
    assert!(with_token.contains("2023-11-14T22:13:20Z"), "{with_token}");
    let without = format!("{:?}", Credentials::new("AKID", "s3cr3t", None));
    assert!(without.contains("session_token: None"), "{without}");
}

#[test]
fn the_account_id_comes_with_the_keys() {
    let keys = [("AWS_ACCESS_KEY_ID", "AKID"), ("AWS_SECRET_ACCESS_KEY", "S")];
    let from_env = DefaultCredentialsChain::new(env(&[keys[0], keys[1], ("AWS_ACCOUNT_ID", "111122223333")]));
    assert_eq!(from_env.credentials().unwrap().account_id(), Some("111122223333"));
    assert_eq!(DefaultCredentialsChain::new(env(&keys)).credentials().unwrap().account_id(), None);
    let file = env(&[("AWS_SHARED_CREDENTIALS_FILE", "/creds"), ("HOME", "/nonexistent")]).with_file(
        "/creds",
        "[default]\naws_access_key_id = A\naws_secret_access_key = B\naws_account_id = 444455556666\n",
    );
    let provided = DefaultCredentialsChain::new(file).credentials().unwrap();
    assert_eq!(provided.account_id(), Some("444455556666"));
    assert!(format!("{provided:?}").contains("444455556666"));
}

#[test]
fn blank_variables_are_unset() {
    let blank = env(&[("AWS_ACCESS_KEY_ID", " "), ("AWS_SECRET_ACCESS_KEY", " ")]);
    let e = EnvironmentCredentials::new(blank).credentials().unwrap_err();
    assert_eq!(e.kind(), CredentialsErrorKind::NotLoaded);
}

#[test]
fn a_profile_using_another_mechanism_says_which_and_where_to_find_it() {
    let file = env(&[("AWS_CONFIG_FILE", "/config"), ("HOME", "/nonexistent")])
        .with_file("/config", "[default]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = b\n");
    let e = DefaultCredentialsChain::new(file).credentials().unwrap_err();
    assert_eq!(e.kind(), CredentialsErrorKind::InvalidConfiguration);
    let shown = e.to_string();
    assert!(shown.contains("role_arn") && shown.contains("awsgen_config") && shown.contains("/config"), "{shown}");
}

#[test]
fn error_lists_every_source() {
    let e = CredentialsError::new("no AWS credentials found", vec!["a".into(), "b".into()]);
    assert_eq!(e.to_string(), "no AWS credentials found: a; b");
    assert_eq!(e.tried().len(), 2);
    assert_eq!(CredentialsError::new("x", vec![]).to_string(), "x");
    let named = CredentialsError::provider_error("IMDS", "timed out");
    assert_eq!(named.to_string(), "IMDS: timed out");
    assert_eq!(named.provider(), Some("IMDS"));
}

/// A provider that counts its fetches and answers from a script of results.
#[derive(Debug, Default)]
struct Scripted {
    fetches: AtomicUsize,
    answers: Mutex<Vec<Result<Credentials, CredentialsError>>>,
    /// How long each fetch takes, so concurrent callers overlap it.
    delay: Duration,
}

impl Scripted {
    fn new(answers: Vec<Result<Credentials, CredentialsError>>) -> Arc<Self> {
        let mut answers = answers;
        answers.reverse();
        Arc::new(Scripted { answers: Mutex::new(answers), ..Default::default() })
    }
}

impl ProvideCredentials for Scripted {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(async move {
            self.fetches.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(self.delay).await;
            self.answers.lock().unwrap().pop().expect("a scripted answer is left")
        })
    }
}

/// A clock the test moves by hand.
#[derive(Clone)]
struct TestClock(Arc<Mutex<SystemTime>>);

impl TestClock {
    fn new() -> Self {
        TestClock(Arc::new(Mutex::new(UNIX_EPOCH + Duration::from_secs(1_700_000_000))))
    }
    fn now(&self) -> SystemTime {
        *self.0.lock().unwrap()
    }
    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
    fn settings(&self) -> CacheSettings {
        let clock = self.clone();
        CacheSettings::default().clock(move || clock.now())
    }
}

fn temporary(id: &str, expiry: SystemTime) -> Credentials {
    Credentials::new(id, "secret", Some("token".into())).with_expiry(expiry)
}

#[tokio::test]
async fn fresh_credentials_are_served_from_the_cache_and_refreshed_ahead_of_expiry() {
    let clock = TestClock::new();
    let hour = Duration::from_secs(3600);
    let provider = Scripted::new(vec![
        Ok(temporary("FIRST", clock.now() + hour)),
        Ok(temporary("SECOND", clock.now() + 2 * hour)),
    ]);
    let cache = CredentialsCache::shared(provider.clone(), clock.settings());
    assert_eq!(cache.credentials().await.unwrap().access_key_id(), "FIRST");
    clock.advance(hour - DEFAULT_REFRESH_BUFFER - Duration::from_secs(1));
    assert_eq!(cache.credentials().await.unwrap().access_key_id(), "FIRST");
    assert_eq!(provider.fetches.load(Ordering::SeqCst), 1, "fresh credentials need no fetch");
    // Inside the buffer: refreshed although the first ones are still valid.
    clock.advance(Duration::from_secs(2));
    assert_eq!(cache.credentials().await.unwrap().access_key_id(), "SECOND");
    assert_eq!(provider.fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_failed_refresh_keeps_valid_credentials_and_fails_once_they_expire() {
    let clock = TestClock::new();
    let hour = Duration::from_secs(3600);
    let down = || Err(CredentialsError::provider_error("test provider", "service unavailable"));
    let provider = Scripted::new(vec![Ok(temporary("FIRST", clock.now() + hour)), down(), down()]);
    let cache = CredentialsCache::shared(provider.clone(), clock.settings());
    cache.credentials().await.unwrap();
    clock.advance(hour - Duration::from_secs(60));
    assert_eq!(cache.credentials().await.unwrap().access_key_id(), "FIRST", "still valid: kept");
    // Asked again only after the pause.
    assert_eq!(cache.credentials().await.unwrap().access_key_id(), "FIRST");
    assert_eq!(provider.fetches.load(Ordering::SeqCst), 2);
    clock.advance(Duration::from_secs(61));
    let e = cache.credentials().await.unwrap_err();
    assert_eq!(e.to_string(), "test provider: service unavailable");
    assert_eq!(provider.fetches.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn credentials_already_expired_are_used_once_and_not_kept() {
    let clock = TestClock::new();
    let old = || Ok(temporary("OLD", clock.now() - Duration::from_secs(1)));
    let provider = Scripted::new(vec![old(), old()]);
    let cache = CredentialsCache::shared(provider.clone(), clock.settings());
    assert_eq!(cache.credentials().await.unwrap().access_key_id(), "OLD");
    assert_eq!(cache.credentials().await.unwrap().access_key_id(), "OLD");
    assert_eq!(provider.fetches.load(Ordering::SeqCst), 2, "expired credentials are not kept");
}

#[tokio::test]
async fn long_term_keys_are_asked_for_again_after_the_default_ttl() {
    let clock = TestClock::new();
    let keys = || Ok(Credentials::new("AKID", "secret", None));
    let provider = Scripted::new(vec![keys(), keys()]);
    let cache = CredentialsCache::shared(provider.clone(), clock.settings());
    cache.credentials().await.unwrap();
    clock.advance(DEFAULT_TTL - Duration::from_secs(1));
    cache.credentials().await.unwrap();
    assert_eq!(provider.fetches.load(Ordering::SeqCst), 1);
    clock.advance(Duration::from_secs(1));
    cache.credentials().await.unwrap();
    assert_eq!(provider.fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_concurrent_calls_during_a_refresh_cause_one_fetch() {
    let clock = TestClock::new();
    let hour = Duration::from_secs(3600);
    let mut answers = vec![Ok(temporary("ONLY", clock.now() + hour))];
    answers.extend((0..100).map(|_| Err(CredentialsError::provider_error("test provider", "fetched twice"))));
    answers.reverse();
    let provider = Arc::new(Scripted {
        fetches: AtomicUsize::new(0),
        answers: Mutex::new(answers),
        delay: Duration::from_millis(50),
    });
    let cache = Arc::new(CredentialsCache::shared(provider.clone(), clock.settings()));
    let calls: Vec<_> = (0..100)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.credentials().await })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap().access_key_id(), "ONLY");
    }
    assert_eq!(provider.fetches.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_chain_takes_the_first_provider_set_up_and_stops_at_a_broken_one() {
    let not_here = |why: &str| Scripted::new(vec![Err(CredentialsError::not_loaded("first", why.to_string()))]);
    let keys = Scripted::new(vec![Ok(Credentials::new("SECOND", "s", None))]);
    let chain = CredentialsChain::first_try("first", not_here("nothing set")).or_else("second", keys);
    assert_eq!(chain.credentials().await.unwrap().access_key_id(), "SECOND");

    let broken = Scripted::new(vec![Err(CredentialsError::invalid_configuration("second", "role cycle a -> b -> a"))]);
    let unused = Scripted::new(vec![]);
    let chain = CredentialsChain::first_try("first", not_here("nothing set"))
        .or_else("second", broken)
        .or_else("third", unused.clone());
    let e = chain.credentials().await.unwrap_err();
    assert_eq!(e.to_string(), "second: role cycle a -> b -> a (tried before: first: nothing set)");
    assert_eq!(unused.fetches.load(Ordering::SeqCst), 0);

    let chain = CredentialsChain::first_try("first", not_here("a")).or_else("again", not_here("b"));
    let e = chain.credentials().await.unwrap_err();
    assert_eq!(e.to_string(), "no AWS credentials found: first: a; first: b");
}
