//! Chains of providers: [`CredentialsChain`], the first provider that is set up wins, and
//! [`DefaultCredentialsChain`], the runtime's own chain over the environment and the profile's
//! static keys.

use std::fmt;
use std::sync::Arc;

use super::{
    Credentials, CredentialsError, CredentialsErrorKind, EnvironmentCredentials, ProvideCredentials,
    ProvideCredentialsFuture,
};
use crate::profile::{self, Environment, ProfileFile};

/// Providers tried in order. A provider that is not set up here
/// ([`CredentialsErrorKind::NotLoaded`]) passes to the next; one that is set up answers for the
/// chain, with its credentials or its error (a profile naming a role that cannot be assumed is
/// an error, never a reason to fall back to other credentials). When none is set up, the error
/// lists each with the reason it gave.
#[derive(Clone)]
pub struct CredentialsChain {
    providers: Vec<(String, Arc<dyn ProvideCredentials>)>,
}

impl CredentialsChain {
    /// A chain whose first provider is `provider`, named `name` in errors.
    pub fn first_try(name: impl Into<String>, provider: impl ProvideCredentials) -> Self {
        CredentialsChain { providers: vec![(name.into(), Arc::new(provider))] }
    }

    /// The same chain with `provider` tried after the others.
    pub fn or_else(mut self, name: impl Into<String>, provider: impl ProvideCredentials) -> Self {
        self.providers.push((name.into(), Arc::new(provider)));
        self
    }

    /// The credentials of the first provider that is set up.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let mut tried = Vec::new();
        for (name, provider) in &self.providers {
            match provider.provide_credentials().await {
                Ok(credentials) => {
                    tracing::debug!(provider = %name, "credentials provided");
                    return Ok(credentials);
                }
                Err(e) if e.kind() == CredentialsErrorKind::NotLoaded => {
                    tried.push(e.to_string());
                }
                Err(e) => return Err(e.with_tried(tried)),
            }
        }
        Err(CredentialsError::new("no AWS credentials found", tried))
    }
}

impl fmt::Debug for CredentialsChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.providers.iter().map(|(name, _)| name)).finish()
    }
}

impl ProvideCredentials for CredentialsChain {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}

/// The runtime's own chain, what `Config::from_env()` uses when no provider is configured:
///
/// 1. the environment ([`EnvironmentCredentials`]);
/// 2. the selected profile (`AWS_PROFILE`, else `default`) in the shared credentials file,
///    then in the shared config file: `aws_access_key_id`, `aws_secret_access_key`,
///    `aws_session_token` and `aws_account_id`. Both keys must come from the same file, so a
///    token is never paired with keys from somewhere else.
///
/// A profile that gets its credentials another way (`role_arn`, SSO, web identity,
/// `credential_process`, `credential_source`) is an error saying so: those providers, with the
/// container endpoint and instance metadata, are the `awsgen-config` crate's
/// (`awsgen_config::load_defaults()`), which keeps this crate free of the STS and SSO clients.
#[derive(Clone, Debug)]
pub struct DefaultCredentialsChain {
    env: Environment,
}

/// Profile keys that name a way of getting credentials this chain does not run.
const OTHER_MECHANISMS: &[&str] =
    &["role_arn", "credential_source", "credential_process", "web_identity_token_file", "sso_session", "sso_start_url"];

impl DefaultCredentialsChain {
    /// A chain that reads variables and files through `env`.
    pub fn new(env: Environment) -> Self {
        DefaultCredentialsChain { env }
    }

    /// A chain over the real process environment.
    pub fn process() -> Self {
        Self::new(Environment::process())
    }

    /// The credentials the environment and files hold now.
    pub fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let mut tried = Vec::new();
        match EnvironmentCredentials::new(self.env.clone()).credentials() {
            Ok(credentials) => return Ok(credentials),
            Err(e) if e.kind() == CredentialsErrorKind::NotLoaded => tried.push(e.to_string()),
            Err(e) => return Err(e),
        }
        let profile_name = profile::selected_profile(&self.env);
        let files = match profile::load(&self.env) {
            Ok(files) => files,
            Err(e) => return Err(CredentialsError::invalid_configuration("profile", e.to_string()).with_tried(tried)),
        };
        for file in [files.credentials(), files.config()] {
            match Self::file_credentials(file, &profile_name) {
                Ok(credentials) => return Ok(credentials),
                Err(e) if e.kind() == CredentialsErrorKind::NotLoaded => tried.push(e.to_string()),
                Err(e) => return Err(e.with_tried(tried)),
            }
        }
        Err(CredentialsError::new("no AWS credentials found", tried))
    }

    /// Looks in one shared file.
    fn file_credentials(file: &ProfileFile, profile_name: &str) -> Result<Credentials, CredentialsError> {
        let shown = file.path().display();
        let provider = "profile";
        if !file.exists() {
            return Err(CredentialsError::not_loaded(provider, format!("{shown} not found")));
        }
        if !file.has_profile(profile_name) {
            return Err(CredentialsError::not_loaded(
                provider,
                format!("profile {profile_name:?} not found in {shown}"),
            ));
        }
        let id = file.get(profile_name, "aws_access_key_id");
        let secret = file.get(profile_name, "aws_secret_access_key");
        match (id, secret) {
            (Some(id), Some(secret)) => {
                let credentials =
                    Credentials::new(id, secret, file.get(profile_name, "aws_session_token").map(str::to_owned));
                Ok(match file.get(profile_name, "aws_account_id") {
                    Some(account) => credentials.with_account_id(account),
                    None => credentials,
                })
            }
            (None, _) => match OTHER_MECHANISMS.iter().find(|key| file.get(profile_name, key).is_some()) {
                Some(key) => Err(CredentialsError::invalid_configuration(
                    provider,
                    format!(
                        "profile {profile_name:?} in {shown} gets its credentials through `{key}`, which \
                         awsgen_runtime's built-in chain does not run: configure the client with \
                         awsgen_config::load_defaults() (the awsgen-config crate), which does"
                    ),
                )),
                None => Err(CredentialsError::not_loaded(
                    provider,
                    format!("profile {profile_name:?} in {shown} has no aws_access_key_id"),
                )),
            },
            (Some(_), None) => Err(CredentialsError::not_loaded(
                provider,
                format!("profile {profile_name:?} in {shown} has no aws_secret_access_key"),
            )),
        }
    }
}

impl Default for DefaultCredentialsChain {
    /// Same as [`DefaultCredentialsChain::process`].
    fn default() -> Self {
        Self::process()
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        let provided = self.credentials();
        Box::pin(async move { provided })
    }
}
