//! [`SsoCredentialsProvider`]: a role's credentials from IAM Identity Center (SSO) with the
//! token `aws sso login` cached ([`cache`]): refreshed through SSO-OIDC `CreateToken` when it
//! expires within [`REFRESH_WINDOW`] (sso-sessions only; legacy profiles cannot refresh), the
//! new token written back to the cache, then `GetRoleCredentials` through the generated SSO
//! client. Both calls are unsigned: the token is the proof of identity.

pub mod cache;

use crate::common;
use crate::profile_chain::SsoConfig;
use crate::ProviderConfig;
use awsgen_runtime::credentials::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use awsgen_runtime::DateTime;
use cache::CachedToken;
use std::io;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const PROVIDER: &str = "SsoCredentialsProvider";

/// A cached token expiring within this long is refreshed first (as the AWS SDKs do).
pub const REFRESH_WINDOW: Duration = Duration::from_secs(5 * 60);

/// Credentials of an SSO account and role.
#[derive(Clone, Debug)]
pub struct SsoCredentialsProvider {
    config: ProviderConfig,
    sso: SsoConfig,
    account_id: String,
    role_name: String,
    /// The profile the settings came from, for errors.
    profile: String,
}

impl SsoCredentialsProvider {
    /// From a profile's SSO settings; an invalid configuration when they give a token but no
    /// account and role.
    pub fn new(config: ProviderConfig, profile: &str, sso: SsoConfig) -> Result<Self, CredentialsError> {
        let (Some(account_id), Some(role_name)) = (sso.account_id.clone(), sso.role_name.clone()) else {
            return Err(CredentialsError::invalid_configuration(
                PROVIDER,
                format!("profile `{profile}` has no sso_account_id and sso_role_name: it names no role to get"),
            ));
        };
        Ok(SsoCredentialsProvider { config, sso, account_id, role_name, profile: profile.to_string() })
    }

    /// The role's credentials, with their expiry and account id.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let token = self.token().await?;
        let client = awsgen_sso::Client::new(self.client_config());
        let out = client
            .get_role_credentials()
            .account_id(&self.account_id)
            .role_name(&self.role_name)
            .access_token(token)
            .send()
            .await
            .map_err(|e| {
                let (account, role, profile) = (&self.account_id, &self.role_name, &self.profile);
                let why = common::describe(&e);
                self.error(format!(
                    "GetRoleCredentials (account {account}, role {role}, profile `{profile}`) failed: {why}"
                ))
            })?;
        let c =
            out.role_credentials.ok_or_else(|| self.error("the GetRoleCredentials reply has no roleCredentials"))?;
        let missing = |field: &str| self.error(format!("the GetRoleCredentials reply has no {field}"));
        let id = c.access_key_id.ok_or_else(|| missing("accessKeyId"))?;
        let secret = c.secret_access_key.ok_or_else(|| missing("secretAccessKey"))?;
        let millis = c.expiration.ok_or_else(|| missing("expiration"))?;
        let expiry = u64::try_from(millis)
            .ok()
            .and_then(|m| UNIX_EPOCH.checked_add(Duration::from_millis(m)))
            .ok_or_else(|| self.error(format!("the GetRoleCredentials expiration {millis} is out of range")))?;
        let credentials = Credentials::new(id, secret, c.session_token).with_account_id(&self.account_id);
        Ok(credentials.with_expiry(expiry))
    }

    fn error(&self, why: impl std::fmt::Display) -> CredentialsError {
        CredentialsError::provider_error(PROVIDER, why.to_string())
    }

    /// The configuration of the SSO and SSO-OIDC clients: the portal's region, unsigned.
    fn client_config(&self) -> awsgen_runtime::Config {
        self.config.client_config(&self.sso.region).build()
    }

    /// The cache file: named by the sso-session, or the start URL of a legacy profile.
    fn cache_file(&self) -> Result<PathBuf, CredentialsError> {
        let key = self.sso.session_name.as_deref().unwrap_or(&self.sso.start_url);
        cache::cache_file(self.config.env(), key).ok_or_else(|| {
            CredentialsError::invalid_configuration(
                PROVIDER,
                "the home directory is unknown (HOME), so the SSO token cache is too",
            )
        })
    }

    /// A valid access token: the cached one, refreshed first when it is about to expire.
    async fn token(&self) -> Result<String, CredentialsError> {
        let path = self.cache_file()?;
        let shown = path.display();
        let login = match &self.sso.session_name {
            Some(s) => format!("aws sso login --sso-session {s}"),
            None => format!("aws sso login --profile {}", self.profile),
        };
        let cached = match self.config.env().read_file(&path) {
            Ok(Some(bytes)) => {
                CachedToken::parse(&bytes).map_err(|why| self.error(format!("token cache {shown}: {why}")))?
            }
            Ok(None) => return Err(self.error(format!("token cache {shown} is too large"))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(
                    self.error(format!("token cache {shown} not found (profile `{}`): run `{login}`", self.profile))
                )
            }
            Err(e) => return Err(self.error(format!("token cache {shown} cannot be read: {e}"))),
        };
        let now = SystemTime::now();
        if cached.expires_at > now + REFRESH_WINDOW {
            return Ok(cached.access_token);
        }
        let expired = || {
            let at = DateTime::from(cached.expires_at);
            self.error(format!("the SSO token in {shown} expired at {at}: run `{login}`"))
        };
        let refreshed = match self.refresh(&cached, now).await {
            Some(Ok(t)) => t,
            // Still valid for a while: use it, and let the next fetch try again.
            Some(Err(why)) if cached.expires_at > now => {
                tracing::warn!(cache = %shown, "refreshing the SSO token failed; using the cached one: {why}");
                return Ok(cached.access_token);
            }
            Some(Err(why)) => return Err(self.error(format!("{}; refreshing it failed: {why}", expired()))),
            None if cached.expires_at > now => return Ok(cached.access_token),
            None => return Err(expired()),
        };
        if let Err(e) = cache::write_atomically(&path, &refreshed.to_json()) {
            tracing::warn!(cache = %shown, "writing the refreshed SSO token back failed: {e}");
        }
        Ok(refreshed.access_token)
    }

    /// `CreateToken` with the refresh token; `None` when the entry cannot be refreshed (a
    /// legacy profile, no refresh material, or the client registration expired).
    async fn refresh(&self, cached: &CachedToken, now: SystemTime) -> Option<Result<CachedToken, String>> {
        self.sso.session_name.as_ref()?;
        let (refresh_token, client_id, client_secret) =
            (cached.refresh_token.clone()?, cached.client_id.clone()?, cached.client_secret.clone()?);
        if cached.registration_expires_at.is_some_and(|t| t <= now) {
            return None;
        }
        let client = awsgen_sso_oidc::Client::new(self.client_config());
        let sent = client
            .create_token()
            .client_id(client_id)
            .client_secret(client_secret)
            .grant_type("refresh_token")
            .refresh_token(refresh_token)
            .send()
            .await;
        Some(match sent {
            Err(e) => Err(format!("CreateToken failed: {}", common::describe(&e))),
            Ok(out) => match (out.access_token, out.expires_in) {
                (Some(token), Some(secs)) if secs > 0 => {
                    let expires_at = now + Duration::from_secs(secs as u64);
                    Ok(cached.clone().refreshed(token, expires_at, out.refresh_token))
                }
                _ => Err("the CreateToken reply has no accessToken or a bad expiresIn".into()),
            },
        })
    }
}

impl ProvideCredentials for SsoCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}
