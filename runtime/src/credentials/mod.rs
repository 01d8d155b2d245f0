//! AWS credentials: the key pair (and optional session token) a request is signed with, the
//! async [`ProvideCredentials`] trait clients ask for them through, the [`CredentialsCache`]
//! every configured provider sits behind, and the runtime's own sources:
//! [`EnvironmentCredentials`] and [`DefaultCredentialsChain`] (the environment, then the
//! profile's static keys). Role assumption, SSO, web identity, `credential_process`, the
//! container endpoint and instance metadata are the `awsgen-config` crate's providers, which
//! implement the same trait.

mod cache;
mod chain;
mod env;

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

pub use cache::{CacheSettings, CredentialsCache, DEFAULT_REFRESH_BUFFER, DEFAULT_TTL, RETRY_AFTER_FAILURE};
pub use chain::{CredentialsChain, DefaultCredentialsChain};
pub use env::EnvironmentCredentials;

use crate::http::BoxFuture;

/// What [`Debug`](fmt::Debug) prints in place of a secret.
const REDACTED: &str = "** redacted **";

/// An access key pair, plus a session token for temporary credentials, and when they expire.
///
/// `Debug` shows the access key id (it identifies the key but grants nothing) and redacts the
/// secret access key and the session token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    account_id: Option<String>,
    expiry: Option<SystemTime>,
}

impl Credentials {
    /// Credentials from their parts; `session_token` is `Some` for temporary (STS) credentials.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            account_id: None,
            expiry: None,
        }
    }

    /// The same credentials, known to belong to this AWS account (12 digits): rule sets with
    /// account-based endpoints (DynamoDB's) read it as `AWS::Auth::AccountId`.
    pub fn with_account_id(mut self, account_id: impl Into<String>) -> Self {
        self.account_id = Some(account_id.into());
        self
    }

    /// The same credentials, valid until `expiry` (temporary credentials say when they end).
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// The access key id (`AKIA...` or `ASIA...`).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key. Never log it.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials. Never log it.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// The account the credentials belong to, when known.
    pub fn account_id(&self) -> Option<&str> {
        self.account_id.as_deref()
    }

    /// When the credentials stop being valid; `None` for long-term keys.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &REDACTED)
            .field("session_token", &self.session_token.as_ref().map(|_| REDACTED))
            .field("account_id", &self.account_id)
            .field("expiry", &self.expiry.map(crate::time::DateTime::from))
            .finish()
    }
}

/// How a provider failed, which decides what a chain does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// The provider is not set up here (its variables or profile keys are absent): a chain
    /// moves on to its next provider.
    NotLoaded,
    /// The provider is set up, but wrongly (a key missing, a cycle of profiles, a file that
    /// cannot be read): a chain stops here, since going on would pick credentials the user did
    /// not choose.
    InvalidConfiguration,
    /// The provider is set up and its fetch failed (a service error, a bad reply, a process
    /// that failed): a chain stops here too.
    ProviderError,
}

/// Credentials could not be provided: which provider, how it failed and why, and for a chain
/// every source tried. Never contains a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialsError {
    kind: CredentialsErrorKind,
    provider: Option<String>,
    message: String,
    tried: Vec<String>,
}

impl CredentialsError {
    /// A chain's summary: nothing was found, with one entry per source tried (each saying why
    /// it failed).
    pub fn new(message: impl Into<String>, tried: Vec<String>) -> Self {
        CredentialsError { kind: CredentialsErrorKind::NotLoaded, provider: None, message: message.into(), tried }
    }

    /// `provider` is not set up here; `why` says what it looked for.
    pub fn not_loaded(provider: impl Into<String>, why: impl Into<String>) -> Self {
        Self::of(CredentialsErrorKind::NotLoaded, provider, why)
    }

    /// `provider` is set up wrongly; `why` names the file, profile or variable at fault.
    pub fn invalid_configuration(provider: impl Into<String>, why: impl Into<String>) -> Self {
        Self::of(CredentialsErrorKind::InvalidConfiguration, provider, why)
    }

    /// `provider`'s fetch failed; `why` says how.
    pub fn provider_error(provider: impl Into<String>, why: impl Into<String>) -> Self {
        Self::of(CredentialsErrorKind::ProviderError, provider, why)
    }

    fn of(kind: CredentialsErrorKind, provider: impl Into<String>, why: impl Into<String>) -> Self {
        CredentialsError { kind, provider: Some(provider.into()), message: why.into(), tried: Vec::new() }
    }

    /// How it failed.
    pub fn kind(&self) -> CredentialsErrorKind {
        self.kind
    }

    /// The provider that failed (`None` for a chain's summary).
    pub fn provider(&self) -> Option<&str> {
        self.provider.as_deref()
    }

    /// The summary, without the provider or the sources.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Each source tried, in order, with the reason it gave nothing.
    pub fn tried(&self) -> &[String] {
        &self.tried
    }

    /// The same error with the sources a chain tried before it.
    pub fn with_tried(mut self, tried: Vec<String>) -> Self {
        self.tried = tried;
        self
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(provider) = &self.provider {
            write!(f, "{provider}: ")?;
        }
        f.write_str(&self.message)?;
        match (&self.provider, self.tried.is_empty()) {
            (_, true) => {}
            // A chain's summary: the sources are the story.
            (None, false) => write!(f, ": {}", self.tried.join("; "))?,
            (Some(_), false) => write!(f, " (tried before: {})", self.tried.join("; "))?,
        }
        Ok(())
    }
}

impl std::error::Error for CredentialsError {}

/// The future [`ProvideCredentials::provide_credentials`] returns.
pub type ProvideCredentialsFuture<'a> = BoxFuture<'a, Result<Credentials, CredentialsError>>;

/// A source of credentials. Clients ask it before signing each request (through a
/// [`CredentialsCache`], so a provider is only called when the cached credentials are about to
/// expire); a provider may fetch over the network, run a process or read files.
///
/// To plug in a provider of your own, implement it with a boxed future:
///
/// ```
/// use awsgen_runtime::credentials::{Credentials, ProvideCredentials, ProvideCredentialsFuture};
///
/// #[derive(Debug)]
/// struct Vault;
///
/// impl ProvideCredentials for Vault {
///     fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
///         Box::pin(async { Ok(Credentials::new("AKID", "from-the-vault", None)) })
///     }
/// }
/// ```
pub trait ProvideCredentials: Send + Sync + fmt::Debug + 'static {
    /// The credentials to sign the next request with.
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_>;
}

/// Fixed credentials provide themselves.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

/// A shared provider is a provider.
impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Arc<P> {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        (**self).provide_credentials()
    }
}

#[cfg(test)]
mod tests;
