//! STS: [`AssumeRoleProvider`] (`AssumeRole` with the credentials another provider gives) and
//! what the STS providers share: the client, built on the [`ProviderConfig`]'s environment and
//! transport in the STS region, and STS's credentials turned into ours.
//!
//! The STS region, as the AWS SDKs choose it: the provider's own, else the
//! [`ProviderConfig`]'s (the loader's region: `AWS_REGION`, `AWS_DEFAULT_REGION`, the
//! profile's `region`), else `us-east-1`.

use crate::common;
use crate::profile_chain::RoleArn;
use crate::ProviderConfig;
use awsgen_runtime::credentials::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use std::sync::Arc;
use std::time::SystemTime;

/// The region STS is called in when none is configured.
pub const DEFAULT_STS_REGION: &str = "us-east-1";

const PROVIDER: &str = "AssumeRoleProvider";

/// A generated STS client on this configuration, in `region`, signing with `credentials`
/// (`None` for the unsigned operations).
pub(crate) fn client(config: &ProviderConfig, region: &str, credentials: Option<Credentials>) -> awsgen_sts::Client {
    let mut builder = config.client_config(region);
    if let Some(credentials) = credentials {
        builder = builder.credentials(credentials);
    }
    awsgen_sts::Client::new(builder.build())
}

/// The region to call STS in: `explicit`, else the configuration's, else [`DEFAULT_STS_REGION`].
pub(crate) fn region(explicit: Option<&str>, config: &ProviderConfig) -> String {
    explicit.or(config.region()).unwrap_or(DEFAULT_STS_REGION).to_string()
}

/// STS's temporary credentials as ours, with their expiry and the account of the assumed role
/// (from its ARN); `provider` names the provider in errors.
pub(crate) fn from_sts(
    provider: &str,
    credentials: Option<awsgen_sts::types::Credentials>,
    assumed_role_arn: Option<&str>,
) -> Result<Credentials, CredentialsError> {
    let c =
        credentials.ok_or_else(|| CredentialsError::provider_error(provider, "the STS reply has no Credentials"))?;
    let missing = |field: &str| {
        CredentialsError::provider_error(provider, format!("the STS reply's Credentials have no {field}"))
    };
    let id = c.access_key_id.ok_or_else(|| missing("AccessKeyId"))?;
    let secret = c.secret_access_key.ok_or_else(|| missing("SecretAccessKey"))?;
    let token = c.session_token.ok_or_else(|| missing("SessionToken"))?;
    let expiration = c.expiration.ok_or_else(|| missing("Expiration"))?;
    let expiry = SystemTime::try_from(expiration).map_err(|_| {
        CredentialsError::provider_error(provider, format!("the STS reply's Expiration {expiration} is out of range"))
    })?;
    let credentials = Credentials::new(id, secret, Some(token)).with_expiry(expiry);
    Ok(match assumed_role_arn.and_then(common::account_of_arn) {
        Some(account) => credentials.with_account_id(account),
        None => credentials,
    })
}

/// `AssumeRole`: the credentials of a role, assumed with those another provider gives.
#[derive(Clone, Debug)]
pub struct AssumeRoleProvider {
    config: ProviderConfig,
    source: Arc<dyn ProvideCredentials>,
    role_arn: String,
    session_name: Option<String>,
    external_id: Option<String>,
    duration_seconds: Option<u32>,
    region: Option<String>,
}

impl AssumeRoleProvider {
    /// Assumes `role_arn` with the credentials `source` gives. The session name defaults to
    /// `awsgen-<unix millis>`; the duration to STS's (one hour).
    pub fn new(config: ProviderConfig, role_arn: impl Into<String>, source: Arc<dyn ProvideCredentials>) -> Self {
        AssumeRoleProvider {
            config,
            source,
            role_arn: role_arn.into(),
            session_name: None,
            external_id: None,
            duration_seconds: None,
            region: None,
        }
    }

    /// The role of a profile's chain, with its session name, external id and duration.
    pub fn from_role(config: ProviderConfig, role: &RoleArn, source: Arc<dyn ProvideCredentials>) -> Self {
        let mut provider = Self::new(config, role.role_arn.clone(), source);
        provider.session_name = role.session_name.clone();
        provider.external_id = role.external_id.clone();
        provider.duration_seconds = role.duration_seconds;
        provider
    }

    /// The role session name (`role_session_name`).
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = Some(name.into());
        self
    }

    /// The external id the role's trust policy asks for (`external_id`).
    pub fn external_id(mut self, id: impl Into<String>) -> Self {
        self.external_id = Some(id.into());
        self
    }

    /// How long the credentials last, in seconds (`duration_seconds`).
    pub fn duration_seconds(mut self, seconds: u32) -> Self {
        self.duration_seconds = Some(seconds);
        self
    }

    /// The region to call STS in, instead of the configuration's.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The role's credentials, with their expiry and account id.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let source = self.source.provide_credentials().await.map_err(|e| {
            CredentialsError::provider_error(
                PROVIDER,
                format!("the source credentials for {} failed: {e}", self.role_arn),
            )
        })?;
        let region = region(self.region.as_deref(), &self.config);
        let sts = client(&self.config, &region, Some(source));
        let session_name = self.session_name.clone().unwrap_or_else(common::default_session_name);
        let out = sts
            .assume_role()
            .role_arn(&self.role_arn)
            .role_session_name(session_name)
            .set_external_id(self.external_id.clone())
            .set_duration_seconds(self.duration_seconds.map(|d| d.min(i32::MAX as u32) as i32))
            .send()
            .await
            .map_err(|e| {
                let why = common::describe(&e);
                CredentialsError::provider_error(
                    PROVIDER,
                    format!("AssumeRole {} (STS in {region}) failed: {why}", self.role_arn),
                )
            })?;
        from_sts(PROVIDER, out.credentials, out.assumed_role_user.and_then(|u| u.arn).as_deref())
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}
