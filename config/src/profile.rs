//! [`ProfileCredentialsProvider`]: the selected profile's credentials, through its role chain
//! ([`crate::profile_chain`]): the base provider's credentials, then each role assumed in turn
//! with the credentials the step before gave.
//!
//! The STS region of the roles: the [`ProviderConfig`]'s, else the selected profile's
//! `region`, else `us-east-1`.

use crate::profile_chain::{self, BaseProvider, CredentialSource, ErrorKind, ProfileChain};
use crate::{
    AssumeRoleProvider, ContainerCredentialsProvider, CredentialProcessProvider, ImdsCredentialsProvider,
    ProviderConfig, SsoCredentialsProvider, WebIdentityTokenProvider,
};
use awsgen_runtime::credentials::{
    Credentials, CredentialsError, CredentialsErrorKind, EnvironmentCredentials, ProvideCredentials,
    ProvideCredentialsFuture,
};
use awsgen_runtime::profile;
use std::sync::Arc;

const PROVIDER: &str = "ProfileCredentialsProvider";

/// Credentials of a profile of the shared files: static keys, a role chain, web identity, SSO.
#[derive(Clone, Debug)]
pub struct ProfileCredentialsProvider {
    config: ProviderConfig,
    profile: Option<String>,
}

impl ProfileCredentialsProvider {
    /// The profile `AWS_PROFILE` names, else `default`, read at each fetch.
    pub fn new(config: ProviderConfig) -> Self {
        ProfileCredentialsProvider { config, profile: None }
    }

    /// This profile instead of the selected one.
    pub fn profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// The profile's credentials. Not loaded (a chain moves on) when the profile does not
    /// exist or holds no credentials; an invalid configuration when its chain is wrong.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let env = self.config.env();
        let files = profile::load(env).map_err(|e| CredentialsError::invalid_configuration(PROVIDER, e.to_string()))?;
        let selected = self.profile.clone().unwrap_or_else(|| profile::selected_profile(env));
        let chain = profile_chain::resolve(&files, &selected).map_err(|e| {
            let why = e.to_string();
            match e.kind() {
                ErrorKind::ProfileNotFound => CredentialsError::not_loaded(PROVIDER, why),
                ErrorKind::NoCredentials if e.profiles() == [selected.as_str()] => {
                    CredentialsError::not_loaded(PROVIDER, why)
                }
                _ => CredentialsError::invalid_configuration(PROVIDER, why),
            }
        })?;
        let region =
            self.config.region().map(str::to_string).or_else(|| files.get(&selected, "region").map(str::to_string));
        let config =
            self.config.clone().with_region(Some(region.unwrap_or_else(|| crate::sts::DEFAULT_STS_REGION.into())));
        // The profile is set up: a base that finds nothing here (no keys in the environment, no
        // role on the instance) is this profile's error, and the chain stops at it rather than
        // using credentials the profile did not choose.
        let base = chain.base_profile.as_str();
        let mut credentials =
            base_provider(&config, &chain)?.provide_credentials().await.map_err(|e| match e.kind() {
                CredentialsErrorKind::NotLoaded => CredentialsError::invalid_configuration(
                    PROVIDER,
                    format!("profile `{base}`: {} found no credentials: {e}", chain.base.describe()),
                ),
                _ => e,
            })?;
        for role in &chain.roles {
            credentials =
                AssumeRoleProvider::from_role(config.clone(), role, Arc::new(credentials)).credentials().await?;
        }
        Ok(credentials)
    }
}

/// The provider of a chain's base.
fn base_provider(
    config: &ProviderConfig,
    chain: &ProfileChain,
) -> Result<Arc<dyn ProvideCredentials>, CredentialsError> {
    let profile = chain.base_profile.as_str();
    Ok(match &chain.base {
        BaseProvider::AccessKey(keys) => Arc::new(keys.clone()),
        BaseProvider::CredentialSource(CredentialSource::Environment) => {
            Arc::new(EnvironmentCredentials::new(config.env().clone()))
        }
        BaseProvider::CredentialSource(CredentialSource::Ec2InstanceMetadata) => {
            Arc::new(ImdsCredentialsProvider::new(config.clone()))
        }
        BaseProvider::CredentialSource(CredentialSource::EcsContainer) => {
            Arc::new(ContainerCredentialsProvider::new(config.clone()))
        }
        BaseProvider::WebIdentityToken(settings) => {
            Arc::new(WebIdentityTokenProvider::from_profile(config.clone(), profile, settings))
        }
        BaseProvider::Sso(sso) => Arc::new(SsoCredentialsProvider::new(config.clone(), profile, sso.clone())?),
        BaseProvider::CredentialProcess(command) => {
            Arc::new(CredentialProcessProvider::new(command.0.clone()).profile(profile))
        }
    })
}

impl ProvideCredentials for ProfileCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}
