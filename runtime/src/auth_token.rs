//! ElastiCache IAM authentication tokens: the password a Valkey or Redis OSS client sends (`AUTH`
//! or `HELLO`) to connect as an ElastiCache user whose authentication mode is IAM. A token is a
//! SigV4-presigned `GET http://{cache}/?Action=connect&User={user}[&ResourceType=ServerlessCache]`
//! signed with a client's credentials, valid for [`TOKEN_EXPIRY`], and sent without its scheme;
//! the caller needs `elasticache:Connect` on the cache and the user. A generated crate whose
//! service has tokens (`customizations::IAM_AUTH_TOKEN_SERVICES` in the generator) starts one
//! from its `Client::iam_auth_token(cache, user)`; everything else is here.

use crate::error::{ConfigError, InvalidRequestError, SdkError};
use crate::presign::{AuthToken, PresigningConfig};
use crate::{ClientCore, DateTime};
use std::convert::Infallible;
use std::time::Duration;

/// How long a token is valid: 15 minutes, as ElastiCache's IAM authentication sets it.
pub const TOKEN_EXPIRY: Duration = Duration::from_secs(900);

/// Builds an IAM authentication token (a generated client's `iam_auth_token(cache, user)`).
#[derive(Clone, Debug)]
pub struct IamAuthTokenBuilder {
    core: ClientCore,
    cache_name: String,
    user_id: String,
    serverless: bool,
    region: Option<String>,
    start_time: Option<DateTime>,
}

impl IamAuthTokenBuilder {
    /// A token for user `user_id` of the replication group or serverless cache `cache_name`,
    /// to be signed with `core`'s credentials (what a generated client's `iam_auth_token` calls).
    pub fn new(core: ClientCore, cache_name: impl Into<String>, user_id: impl Into<String>) -> Self {
        IamAuthTokenBuilder {
            core,
            cache_name: cache_name.into(),
            user_id: user_id.into(),
            serverless: false,
            region: None,
            start_time: None,
        }
    }

    /// Whether the cache is a serverless cache (`ResourceType=ServerlessCache`) rather than a
    /// replication group (the default).
    pub fn serverless(mut self, serverless: bool) -> Self {
        self.serverless = serverless;
        self
    }

    /// The cache's region (default: the client's).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// When the token's validity starts (default: now); for tests.
    pub fn start_time(mut self, time: DateTime) -> Self {
        self.start_time = Some(time);
        self
    }

    /// Signs the token with the client's credentials. Nothing is sent. Fails before signing if
    /// the cache name is not one host label or the user id is empty. The cache name is signed
    /// in lower case, as ElastiCache stores it.
    pub async fn generate(self) -> Result<AuthToken, SdkError<Infallible>> {
        if !crate::endpoint::is_valid_host_label(&self.cache_name, false) {
            return Err(SdkError::InvalidRequest(InvalidRequestError {
                member: "cache_name".into(),
                reason: "expected a cache name: letters, digits and inner `-`, at most 63".into(),
            }));
        }
        if self.user_id.is_empty() {
            return Err(SdkError::InvalidRequest(InvalidRequestError::missing("user_id")));
        }
        let mut config = PresigningConfig::expires_in(TOKEN_EXPIRY)
            .map_err(|e| SdkError::Config(ConfigError { message: e.to_string() }))?;
        if let Some(start) = self.start_time {
            config = config.start_time(start);
        }
        let mut params = vec![("Action", "connect"), ("User", self.user_id.as_str())];
        if self.serverless {
            params.push(("ResourceType", "ServerlessCache"));
        }
        // ElastiCache stores cache names in lower case, whatever case they were created in.
        let url = format!("http://{}/", self.cache_name.to_ascii_lowercase());
        let presigned = self.core.presign_get(&url, &params, self.region.as_deref(), &config).await?;
        Ok(AuthToken::from_presigned(&presigned))
    }
}
