//! [`DefaultCredentialsChain`]: the AWS SDKs' default order of credential sources, and
//! [`DefaultRegionChain`], where the region comes from.

use std::fmt;

use awsgen_runtime::credentials::{
    Credentials, CredentialsChain, CredentialsError, EnvironmentCredentials, ProvideCredentials,
    ProvideCredentialsFuture,
};
use awsgen_runtime::profile;

use crate::{
    ContainerCredentialsProvider, ImdsCredentialsProvider, ImdsRegionProvider, ProfileCredentialsProvider,
    ProviderConfig, WebIdentityTokenProvider,
};

/// The AWS SDKs' default credentials chain, each step a provider of this crate (or the
/// runtime's) usable on its own:
///
/// 1. environment variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`);
/// 2. the selected profile of the shared files ([`ProfileCredentialsProvider`]: static keys,
///    `role_arn` with `source_profile` or `credential_source`, `web_identity_token_file`, SSO,
///    `credential_process`);
/// 3. web identity from the environment (`AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`,
///    `AWS_ROLE_SESSION_NAME`: EKS IRSA);
/// 4. the container endpoint ([`ContainerCredentialsProvider`]: ECS, EKS Pod Identity);
/// 5. EC2 instance metadata ([`ImdsCredentialsProvider`], IMDSv2).
///
/// A step that is not set up passes to the next; one that is set up answers, with its
/// credentials or its error (a profile whose role cannot be assumed never falls back to the
/// instance's role). The client caches what the chain gives
/// ([`awsgen_runtime::credentials::CredentialsCache`]).
#[derive(Clone)]
pub struct DefaultCredentialsChain {
    chain: CredentialsChain,
}

impl DefaultCredentialsChain {
    /// The chain, reading and sending through `config`.
    pub fn new(config: ProviderConfig) -> Self {
        let chain = CredentialsChain::first_try("environment", EnvironmentCredentials::new(config.env().clone()))
            .or_else("profile", ProfileCredentialsProvider::new(config.clone()))
            .or_else("web identity", WebIdentityFromEnv(config.clone()))
            .or_else("container", ContainerCredentialsProvider::new(config.clone()))
            .or_else("instance metadata", ImdsCredentialsProvider::new(config));
        DefaultCredentialsChain { chain }
    }

    /// The credentials of the first source that is set up.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        self.chain.credentials().await
    }
}

impl fmt::Debug for DefaultCredentialsChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DefaultCredentialsChain").field(&self.chain).finish()
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}

/// Web identity configured by the environment, read at each fetch (the variables decide
/// whether the step is set up).
#[derive(Clone, Debug)]
struct WebIdentityFromEnv(ProviderConfig);

impl ProvideCredentials for WebIdentityFromEnv {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(async move { WebIdentityTokenProvider::from_env(self.0.clone())?.credentials().await })
    }
}

/// Where the region comes from: `AWS_REGION`, `AWS_DEFAULT_REGION`, the selected profile's
/// `region`, then EC2 instance metadata (skipped quickly off EC2: IMDS's short timeouts, and
/// `AWS_EC2_METADATA_DISABLED=true` skips it outright).
#[derive(Clone, Debug)]
pub struct DefaultRegionChain {
    config: ProviderConfig,
}

impl DefaultRegionChain {
    /// The chain, reading and sending through `config`.
    pub fn new(config: ProviderConfig) -> Self {
        DefaultRegionChain { config }
    }

    /// The first region found, if any.
    pub async fn region(&self) -> Option<String> {
        if let Some(region) = profile::resolve_region(self.config.env()) {
            return Some(region);
        }
        match ImdsRegionProvider::new(self.config.clone()).region().await {
            Ok(region) => Some(region),
            Err(e) => {
                tracing::debug!(error = %e, "no region from instance metadata");
                None
            }
        }
    }
}
