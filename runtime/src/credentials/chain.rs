//! Chains of providers: [`CredentialsChain`], the first provider that is set up wins, and
//! [`DefaultCredentialsChain`], the runtime's own chain over the environment and the profile's
//! static keys.

use std::fmt;
use std::sync::Arc;

use super::{
    Credentials, CredentialsError, CredentialsErrorKind, EnvironmentCredentials, ProvideCredentials,
    ProvideCredentialsFuture,
};
use crate::profile::{self, Environment, ProfileSet};

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
            if let Some(answer) = settle(provider.provide_credentials().await, &mut tried) {
                if answer.is_ok() {
                    tracing::debug!(provider = %name, "credentials provided");
                }
                return answer;
            }
        }
        Err(CredentialsError::new("no AWS credentials found", tried))
    }
}

/// One step of a chain: credentials, or the error of a provider that is set up, answer for the
/// chain (`Some`, the error carrying the sources tried before); a provider that is not set up
/// adds its reason to `tried` and the chain goes on (`None`).
fn settle(
    result: Result<Credentials, CredentialsError>,
    tried: &mut Vec<String>,
) -> Option<Result<Credentials, CredentialsError>> {
    match result {
        Ok(credentials) => Some(Ok(credentials)),
        Err(e) if e.kind() == CredentialsErrorKind::NotLoaded => {
            tried.push(e.to_string());
            None
        }
        Err(e) => Some(Err(e.with_tried(std::mem::take(tried)))),
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
/// 2. the selected profile (`AWS_PROFILE`, else `default`) of the shared files, merged as the
///    spec says (the credentials file's value wins for a key both set):
///    `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token` and `aws_account_id`.
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
        if let Some(answer) = settle(EnvironmentCredentials::new(self.env.clone()).credentials(), &mut tried) {
            return answer;
        }
        let from_profile = profile::load(&self.env)
            .map_err(|e| CredentialsError::invalid_configuration("profile", e.to_string()))
            .and_then(|files| Self::profile_credentials(&files));
        settle(from_profile, &mut tried)
            .unwrap_or_else(|| Err(CredentialsError::new("no AWS credentials found", tried)))
    }

    /// The selected profile's static keys.
    fn profile_credentials(files: &ProfileSet) -> Result<Credentials, CredentialsError> {
        let provider = "profile";
        let profile_name = files.selected_profile();
        let shown =
            format!("{} or {}", files.credentials_file().path().display(), files.config_file().path().display());
        let Some(profile) = files.selected() else {
            return Err(CredentialsError::not_loaded(
                provider,
                format!("profile {profile_name:?} not found in {shown}"),
            ));
        };
        match (profile.get("aws_access_key_id"), profile.get("aws_secret_access_key")) {
            (Some(id), Some(secret)) => {
                let credentials = Credentials::new(id, secret, profile.get("aws_session_token").map(str::to_owned));
                Ok(match profile.get("aws_account_id") {
                    Some(account) => credentials.with_account_id(account),
                    None => credentials,
                })
            }
            (None, _) => match OTHER_MECHANISMS.iter().find(|key| profile.get(key).is_some()) {
                Some(key) => {
                    let file = files.file_of(profile_name, key).map_or(shown.clone(), |p| p.display().to_string());
                    Err(CredentialsError::invalid_configuration(
                        provider,
                        format!(
                            "profile {profile_name:?} in {file} gets its credentials through `{key}`, which \
                             awsgen_runtime's built-in chain does not run: configure the client with \
                             awsgen_config::load_defaults() (the awsgen-config crate), which does"
                        ),
                    ))
                }
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
