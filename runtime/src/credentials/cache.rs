//! [`CredentialsCache`]: the one place credentials are kept between calls.
//!
//! Every provider a [`Config`](crate::Config) is given sits behind one, so a provider that
//! fetches over the network (STS, SSO, instance metadata) is asked only when the credentials it
//! gave are about to expire, not before every request.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};

/// How long before their expiry cached credentials are refreshed by default (5 minutes): a
/// request signed now must still be valid when it arrives, and a refresh that fails leaves
/// this long to keep working on the old credentials while retrying.
pub const DEFAULT_REFRESH_BUFFER: Duration = Duration::from_secs(5 * 60);

/// How long credentials without an expiry (long-term keys) are kept before the provider is
/// asked again (15 minutes), so an edit of the files or a rotated key is seen without a
/// restart.
pub const DEFAULT_TTL: Duration = Duration::from_secs(15 * 60);

/// After a failed refresh while the cached credentials are still valid, how long they are used
/// before the provider is asked again (10 seconds), so a provider that is down is not asked on
/// every request.
pub const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(10);

/// A clock, for tests that move time.
pub type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// When a [`CredentialsCache`] refreshes.
#[derive(Clone)]
pub struct CacheSettings {
    refresh_buffer: Duration,
    default_ttl: Duration,
    clock: Clock,
}

impl Default for CacheSettings {
    fn default() -> Self {
        CacheSettings {
            refresh_buffer: DEFAULT_REFRESH_BUFFER,
            default_ttl: DEFAULT_TTL,
            clock: Arc::new(SystemTime::now),
        }
    }
}

impl CacheSettings {
    /// Refresh this long before expiry (default [`DEFAULT_REFRESH_BUFFER`]).
    pub fn refresh_buffer(mut self, buffer: Duration) -> Self {
        self.refresh_buffer = buffer;
        self
    }

    /// Keep credentials without an expiry this long (default [`DEFAULT_TTL`]).
    pub fn default_ttl(mut self, ttl: Duration) -> Self {
        self.default_ttl = ttl;
        self
    }

    /// Read the time from `clock` instead of the system clock.
    pub fn clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }
}

impl fmt::Debug for CacheSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CacheSettings")
            .field("refresh_buffer", &self.refresh_buffer)
            .field("default_ttl", &self.default_ttl)
            .finish_non_exhaustive()
    }
}

/// Credentials held, with when to refresh them and when they stop being usable.
#[derive(Clone)]
struct Cached {
    credentials: Credentials,
    refresh_at: SystemTime,
    expires_at: SystemTime,
}

/// A provider's credentials, kept until shortly before they expire.
///
/// - A call while the credentials are fresh returns them without asking the provider.
/// - The first call after the refresh point asks the provider; calls arriving meanwhile wait
///   for that one fetch (never a stampede of fetches) and share its result.
/// - When the refresh fails while the cached credentials are still valid, they are used (a
///   `warn` event says so, naming the error, never a secret) and the provider is asked again
///   after [`RETRY_AFTER_FAILURE`]. When nothing valid is cached, the error is returned.
/// - Credentials already expired when the provider returns them (by this machine's clock,
///   which may be wrong) are used for that call, with a warning event, and not kept.
pub struct CredentialsCache {
    provider: Arc<dyn ProvideCredentials>,
    settings: CacheSettings,
    cached: Mutex<Option<Cached>>,
    /// Held while one fetch is under way; waiters find the result in `cached`.
    refreshing: tokio::sync::Mutex<()>,
}

impl CredentialsCache {
    /// A cache in front of `provider`, with the default settings.
    pub fn new(provider: impl ProvideCredentials) -> Self {
        Self::with_settings(provider, CacheSettings::default())
    }

    /// A cache in front of `provider`.
    pub fn with_settings(provider: impl ProvideCredentials, settings: CacheSettings) -> Self {
        Self::shared(Arc::new(provider), settings)
    }

    /// A cache in front of a shared provider.
    pub fn shared(provider: Arc<dyn ProvideCredentials>, settings: CacheSettings) -> Self {
        CredentialsCache { provider, settings, cached: Mutex::new(None), refreshing: tokio::sync::Mutex::new(()) }
    }

    /// The cached credentials if they need no refresh at `now`.
    fn fresh(&self, now: SystemTime) -> Option<Credentials> {
        let cached = self.cached.lock().unwrap_or_else(PoisonError::into_inner);
        cached.as_ref().filter(|c| now < c.refresh_at).map(|c| c.credentials.clone())
    }

    fn store(&self, entry: Cached) {
        *self.cached.lock().unwrap_or_else(PoisonError::into_inner) = Some(entry);
    }

    /// The credentials to sign with now.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let now = (self.settings.clock)();
        if let Some(credentials) = self.fresh(now) {
            return Ok(credentials);
        }
        let _refreshing = self.refreshing.lock().await;
        // Another call may have refreshed while this one waited.
        let now = (self.settings.clock)();
        if let Some(credentials) = self.fresh(now) {
            return Ok(credentials);
        }
        let fetched = self.provider.provide_credentials().await;
        let now = (self.settings.clock)();
        match fetched {
            Ok(credentials) => {
                let (expires_at, refresh_at) = match credentials.expiry() {
                    // Already expired by this machine's clock, which may be wrong: used once
                    // (the service decides), not kept, and the next call asks again.
                    Some(expiry) if expiry <= now => {
                        tracing::warn!(
                            expired_at = %crate::time::DateTime::from(expiry).fmt_iso8601(),
                            "the credentials provided have already expired by this machine's clock"
                        );
                        (now, now)
                    }
                    // Credentials valid for less than the buffer are used as they are, and
                    // refreshed on the next call.
                    Some(expiry) => (expiry, expiry.checked_sub(self.settings.refresh_buffer).unwrap_or(now).max(now)),
                    None => {
                        let until = now + self.settings.default_ttl;
                        (until, until)
                    }
                };
                self.store(Cached { credentials: credentials.clone(), refresh_at, expires_at });
                Ok(credentials)
            }
            Err(e) => {
                let still_valid = {
                    let cached = self.cached.lock().unwrap_or_else(PoisonError::into_inner);
                    cached.clone().filter(|c| now < c.expires_at)
                };
                match still_valid {
                    Some(mut entry) => {
                        tracing::warn!(
                            error = %e,
                            "refreshing credentials failed; using the cached ones until they expire"
                        );
                        entry.refresh_at = (now + RETRY_AFTER_FAILURE).min(entry.expires_at);
                        let credentials = entry.credentials.clone();
                        self.store(entry);
                        Ok(credentials)
                    }
                    None => Err(e),
                }
            }
        }
    }
}

impl fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsCache")
            .field("provider", &self.provider)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for CredentialsCache {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}
