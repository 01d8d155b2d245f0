//! Credentials from environment variables.

use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use crate::profile::Environment;

/// The provider's name in errors and events.
const NAME: &str = "environment variables";

/// `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, with `AWS_SESSION_TOKEN` and
/// `AWS_ACCOUNT_ID` when set. A variable set to the empty string counts as unset.
#[derive(Clone, Debug)]
pub struct EnvironmentCredentials {
    env: Environment,
}

impl EnvironmentCredentials {
    /// Reads the variables of `env` on every call.
    pub fn new(env: Environment) -> Self {
        EnvironmentCredentials { env }
    }

    /// The credentials the variables hold now.
    pub fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let var = |name: &str| self.env.var(name).filter(|v| !v.trim().is_empty());
        match (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) {
            (Some(id), Some(secret)) => {
                let credentials = Credentials::new(id, secret, var("AWS_SESSION_TOKEN"));
                Ok(match var("AWS_ACCOUNT_ID") {
                    Some(account) => credentials.with_account_id(account),
                    None => credentials,
                })
            }
            (None, _) => Err(CredentialsError::not_loaded(NAME, "AWS_ACCESS_KEY_ID not set")),
            // Half a pair is not a choice of these credentials: the chain looks further, and
            // says why it did not take them.
            (Some(_), None) => {
                Err(CredentialsError::not_loaded(NAME, "AWS_ACCESS_KEY_ID set but AWS_SECRET_ACCESS_KEY not set"))
            }
        }
    }
}

impl ProvideCredentials for EnvironmentCredentials {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        let provided = self.credentials();
        Box::pin(async move { provided })
    }
}
