//! AWS credentials: the key pair (and optional session token) a request is signed with, the
//! [`ProvideCredentials`] trait clients ask for them through, and [`DefaultCredentialsChain`],
//! which looks in the environment and then in the shared `~/.aws` files.

use std::fmt;

use crate::profile::{self, Environment, ProfileSet};

/// What [`Debug`](fmt::Debug) prints in place of a secret.
const REDACTED: &str = "** redacted **";

/// An access key pair, plus a session token for temporary credentials.
///
/// `Debug` shows the access key id (it identifies the key but grants nothing) and redacts the
/// secret access key and the session token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    account_id: Option<String>,
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
        }
    }

    /// The same credentials, known to belong to this AWS account (12 digits): rule sets with
    /// account-based endpoints (DynamoDB's) read it as `AWS::Auth::AccountId`.
    pub fn with_account_id(mut self, account_id: impl Into<String>) -> Self {
        self.account_id = Some(account_id.into());
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
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &REDACTED)
            .field("session_token", &self.session_token.as_ref().map(|_| REDACTED))
            .field("account_id", &self.account_id)
            .finish()
    }
}

/// No credentials could be found: what was wanted, and each source tried with why it failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialsError {
    message: String,
    tried: Vec<String>,
}

impl CredentialsError {
    /// An error with a summary and one entry per source tried (each saying why it failed).
    pub fn new(message: impl Into<String>, tried: Vec<String>) -> Self {
        CredentialsError { message: message.into(), tried }
    }

    /// The summary, without the sources.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Each source tried, in order, with the reason it gave nothing.
    pub fn tried(&self) -> &[String] {
        &self.tried
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if !self.tried.is_empty() {
            write!(f, ": {}", self.tried.join("; "))?;
        }
        Ok(())
    }
}

impl std::error::Error for CredentialsError {}

/// A source of credentials. Clients call it before signing each request, so a provider may
/// return different credentials over time (rotation, refreshed temporary credentials).
pub trait ProvideCredentials: Send + Sync + fmt::Debug + 'static {
    /// The credentials to sign the next request with.
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError>;
}

/// Fixed credentials provide themselves.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        Ok(self.clone())
    }
}

/// The usual lookup order of the AWS SDKs, reduced to static keys:
///
/// 1. the environment: `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, with
///    `AWS_SESSION_TOKEN` and `AWS_ACCOUNT_ID` when set;
/// 2. the selected profile (`AWS_PROFILE`, else `default`) of the shared files, merged (the
///    credentials file's value winning for a key both set): `aws_access_key_id`,
///    `aws_secret_access_key`, `aws_session_token` and `aws_account_id`.
///
/// Every call looks again, so edits to the environment or the files are picked up. Role
/// assumption, SSO, `credential_process` and instance metadata are not supported.
#[derive(Clone, Debug)]
pub struct DefaultCredentialsChain {
    env: Environment,
}

impl DefaultCredentialsChain {
    /// A chain that reads variables and files through `env`.
    pub fn new(env: Environment) -> Self {
        DefaultCredentialsChain { env }
    }

    /// A chain over the real process environment.
    pub fn process() -> Self {
        Self::new(Environment::process())
    }

    fn env_credentials(&self) -> Result<Credentials, String> {
        let id = self.env.var("AWS_ACCESS_KEY_ID");
        let secret = self.env.var("AWS_SECRET_ACCESS_KEY");
        match (id, secret) {
            (Some(id), Some(secret)) => {
                let credentials = Credentials::new(id, secret, self.env.var("AWS_SESSION_TOKEN"));
                Ok(match self.env.var("AWS_ACCOUNT_ID") {
                    Some(account) => credentials.with_account_id(account),
                    None => credentials,
                })
            }
            (None, _) => Err("AWS_ACCESS_KEY_ID not set".to_owned()),
            (Some(_), None) => Err("AWS_ACCESS_KEY_ID set but AWS_SECRET_ACCESS_KEY not set".to_owned()),
        }
    }

    /// Looks in the selected profile; `Err` says why it had nothing.
    fn file_credentials(files: &ProfileSet) -> Result<Credentials, String> {
        let profile_name = files.selected_profile();
        let shown =
            format!("{} or {}", files.credentials_file().path().display(), files.config_file().path().display());
        let Some(file) = files.selected() else {
            return Err(format!("profile {profile_name:?} not found in {shown}"));
        };
        let id = file.get("aws_access_key_id");
        let secret = file.get("aws_secret_access_key");
        match (id, secret) {
            (Some(id), Some(secret)) => {
                let credentials = Credentials::new(id, secret, file.get("aws_session_token").map(str::to_owned));
                Ok(match file.get("aws_account_id") {
                    Some(account) => credentials.with_account_id(account),
                    None => credentials,
                })
            }
            (None, _) => Err(format!("profile {profile_name:?} in {shown} has no aws_access_key_id")),
            (Some(_), None) => Err(format!("profile {profile_name:?} in {shown} has no aws_secret_access_key")),
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
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        let mut tried = Vec::new();
        match self.env_credentials() {
            Ok(credentials) => return Ok(credentials),
            Err(why) => tried.push(why),
        }
        match profile::load(&self.env) {
            Ok(files) => match Self::file_credentials(&files) {
                Ok(credentials) => return Ok(credentials),
                Err(why) => tried.push(why),
            },
            Err(e) => tried.push(e.to_string()),
        }
        Err(CredentialsError::new("no AWS credentials found", tried))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_credentials_provide_themselves() {
        let c = Credentials::new("AKID", "SECRET", Some("TOKEN".to_owned()));
        let provided = c.provide_credentials().unwrap();
        assert_eq!(provided, c);
        assert_eq!(provided.access_key_id(), "AKID");
        assert_eq!(provided.secret_access_key(), "SECRET");
        assert_eq!(provided.session_token(), Some("TOKEN"));
    }

    #[test]
    fn debug_redacts_secret_and_token() {
        let with_token = format!("{:?}", Credentials::new("AKID", "s3cr3t", Some("t0k3n".into())));
        assert!(with_token.contains("AKID"), "{with_token}");
        assert!(!with_token.contains("s3cr3t"), "{with_token}");
        assert!(!with_token.contains("t0k3n"), "{with_token}");
        let without = format!("{:?}", Credentials::new("AKID", "s3cr3t", None));
        assert!(without.contains("session_token: None"), "{without}");
    }

    #[test]
    fn the_account_id_comes_with_the_keys() {
        let env =
            |vars: &[(&str, &str)]| Environment::from_vars(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let keys = [("AWS_ACCESS_KEY_ID", "AKID"), ("AWS_SECRET_ACCESS_KEY", "S")];
        let from_env = DefaultCredentialsChain::new(env(&[keys[0], keys[1], ("AWS_ACCOUNT_ID", "111122223333")]));
        assert_eq!(from_env.provide_credentials().unwrap().account_id(), Some("111122223333"));
        assert_eq!(DefaultCredentialsChain::new(env(&keys)).provide_credentials().unwrap().account_id(), None);
        let file = env(&[("AWS_SHARED_CREDENTIALS_FILE", "/creds"), ("HOME", "/nonexistent")]).with_file(
            "/creds",
            "[default]\naws_access_key_id = A\naws_secret_access_key = B\naws_account_id = 444455556666\n",
        );
        let provided = DefaultCredentialsChain::new(file).provide_credentials().unwrap();
        assert_eq!(provided.account_id(), Some("444455556666"));
        assert!(format!("{provided:?}").contains("444455556666"));
    }

    #[test]
    fn error_lists_every_source() {
        let e = CredentialsError::new("no AWS credentials found", vec!["a".into(), "b".into()]);
        assert_eq!(e.to_string(), "no AWS credentials found: a; b");
        assert_eq!(e.tried().len(), 2);
        assert_eq!(CredentialsError::new("x", vec![]).to_string(), "x");
    }
}
