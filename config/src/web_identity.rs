//! [`WebIdentityTokenProvider`]: `AssumeRoleWithWebIdentity` (an unsigned STS call) with a token
//! read from a file at every fetch, as Kubernetes service accounts rotate it. Configured by the
//! environment (`AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`, `AWS_ROLE_SESSION_NAME`) or by a
//! profile (`web_identity_token_file`, `role_arn`, `role_session_name`).

use crate::common;
use crate::profile_chain::WebIdentityToken;
use crate::{sts, ProviderConfig};
use awsgen_runtime::credentials::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use std::io;
use std::path::PathBuf;

const PROVIDER: &str = "WebIdentityTokenProvider";

/// The variables the environment configures the provider with.
pub const TOKEN_FILE_VAR: &str = "AWS_WEB_IDENTITY_TOKEN_FILE";
/// The role to assume.
pub const ROLE_ARN_VAR: &str = "AWS_ROLE_ARN";
/// The role session name.
pub const SESSION_NAME_VAR: &str = "AWS_ROLE_SESSION_NAME";

/// `AssumeRoleWithWebIdentity` with the token in a file.
#[derive(Clone, Debug)]
pub struct WebIdentityTokenProvider {
    config: ProviderConfig,
    token_file: PathBuf,
    role_arn: String,
    session_name: Option<String>,
    /// Where the settings came from, for errors (`the environment`, `profile `dev``).
    origin: String,
}

impl WebIdentityTokenProvider {
    /// From the environment: not configured (a chain moves on) when `AWS_WEB_IDENTITY_TOKEN_FILE`
    /// is unset; an invalid configuration when it is set and `AWS_ROLE_ARN` is not.
    pub fn from_env(config: ProviderConfig) -> Result<Self, CredentialsError> {
        let env = config.env();
        let Some(token_file) = env.var(TOKEN_FILE_VAR) else {
            return Err(CredentialsError::not_loaded(PROVIDER, format!("{TOKEN_FILE_VAR} is not set")));
        };
        let role_arn = env.var(ROLE_ARN_VAR).ok_or_else(|| {
            CredentialsError::invalid_configuration(
                PROVIDER,
                format!("{TOKEN_FILE_VAR} is set but {ROLE_ARN_VAR} is not"),
            )
        })?;
        let session_name = env.var(SESSION_NAME_VAR);
        Ok(WebIdentityTokenProvider {
            config,
            token_file: token_file.into(),
            role_arn,
            session_name,
            origin: "the environment".into(),
        })
    }

    /// From a profile's settings (the base of its chain).
    pub fn from_profile(config: ProviderConfig, profile: &str, settings: &WebIdentityToken) -> Self {
        WebIdentityTokenProvider {
            config,
            token_file: settings.token_file.clone().into(),
            role_arn: settings.role_arn.clone(),
            session_name: settings.session_name.clone(),
            origin: format!("profile `{profile}`"),
        }
    }

    /// The role's credentials, with their expiry and account id.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let token = self.read_token()?;
        let region = sts::region(None, &self.config);
        // Unsigned: the token is the proof of identity.
        let sts = sts::client(&self.config, &region, None);
        let session_name = self.session_name.clone().unwrap_or_else(common::default_session_name);
        let out = sts
            .assume_role_with_web_identity()
            .role_arn(&self.role_arn)
            .role_session_name(session_name)
            .web_identity_token(token)
            .send()
            .await
            .map_err(|e| {
                let why = common::describe(&e);
                let (role, origin) = (&self.role_arn, &self.origin);
                CredentialsError::provider_error(
                    PROVIDER,
                    format!("AssumeRoleWithWebIdentity {role} (from {origin}, STS in {region}) failed: {why}"),
                )
            })?;
        sts::from_sts(PROVIDER, out.credentials, out.assumed_role_user.and_then(|u| u.arn).as_deref())
    }

    /// The token, read now (it rotates); errors name the file and where it was configured,
    /// never the token.
    fn read_token(&self) -> Result<String, CredentialsError> {
        let shown = self.token_file.display();
        let fail = |why: String| {
            CredentialsError::provider_error(PROVIDER, format!("token file {shown} (from {}): {why}", self.origin))
        };
        let bytes = match self.config.env().read_file(&self.token_file) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return Err(fail(format!("larger than {} bytes", awsgen_runtime::profile::MAX_FILE_SIZE))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(fail("not found".into())),
            Err(e) => return Err(fail(format!("cannot be read: {e}"))),
        };
        let token = String::from_utf8(bytes).map_err(|_| fail("not UTF-8 text".into()))?;
        let token = token.trim();
        if token.is_empty() {
            return Err(fail("empty".into()));
        }
        Ok(token.to_string())
    }
}

impl ProvideCredentials for WebIdentityTokenProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}
