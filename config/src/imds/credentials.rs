//! [`ImdsCredentialsProvider`]: the credentials of the instance's IAM role, from
//! `/latest/meta-data/iam/security-credentials/` (the role's name) and then
//! `/latest/meta-data/iam/security-credentials/<role>` (a JSON document whose `Code` must be
//! `Success`).

use awsgen_runtime::credentials::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};

use super::{ImdsClient, ImdsError, ImdsErrorKind};
use crate::credentials_json::Fields;
use crate::ProviderConfig;

const PROVIDER: &str = "ImdsCredentialsProvider";
const ROLES_PATH: &str = "/latest/meta-data/iam/security-credentials/";
/// IAM role names are at most 64 characters.
const MAX_ROLE_NAME_LEN: usize = 64;

/// The credentials of the EC2 instance's role.
///
/// Errors, for a chain: instance metadata disabled (`AWS_EC2_METADATA_DISABLED`), not
/// reachable, or no role attached (404) are *not loaded*; a bad endpoint setting is an *invalid
/// configuration*; anything else (the token refused with 403, a bad reply) a *provider error*.
/// Credentials that have already expired are returned as given: the credentials cache decides
/// what to do with them.
#[derive(Clone, Debug)]
pub struct ImdsCredentialsProvider {
    client: Result<ImdsClient, ImdsError>,
}

impl ImdsCredentialsProvider {
    /// With the client [`ImdsClient::builder`] makes from `config`.
    pub fn new(config: ProviderConfig) -> Self {
        ImdsCredentialsProvider { client: ImdsClient::builder(config).build() }
    }

    /// With this client (its endpoint, timeouts and token shared with other users of it).
    pub fn with_client(client: ImdsClient) -> Self {
        ImdsCredentialsProvider { client: Ok(client) }
    }

    /// The instance role's credentials.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let client =
            self.client.as_ref().map_err(|e| CredentialsError::invalid_configuration(PROVIDER, e.to_string()))?;
        let limit = client.total_timeout();
        match tokio::time::timeout(limit, fetch(client)).await {
            Ok(result) => result,
            Err(_) => Err(CredentialsError::provider_error(
                PROVIDER,
                format!(
                    "instance metadata at {} gave no credentials within {} ms",
                    client.endpoint(),
                    limit.as_millis()
                ),
            )),
        }
    }
}

impl ProvideCredentials for ImdsCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}

async fn fetch(client: &ImdsClient) -> Result<Credentials, CredentialsError> {
    let roles = client.get(ROLES_PATH).await.map_err(|e| match e.kind() {
        ImdsErrorKind::NotFound => {
            CredentialsError::not_loaded(PROVIDER, format!("no IAM role is attached to this instance ({e})"))
        }
        _ => credentials_error(e),
    })?;
    let role = roles.lines().next().unwrap_or_default().trim();
    if role.is_empty() {
        return Err(CredentialsError::not_loaded(
            PROVIDER,
            "no IAM role is attached to this instance (empty role list)",
        ));
    }
    let valid_name =
        role.len() <= MAX_ROLE_NAME_LEN && role.bytes().all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b));
    if !valid_name {
        let shown: String = role.chars().take(MAX_ROLE_NAME_LEN).collect();
        return Err(CredentialsError::provider_error(
            PROVIDER,
            format!("the role list gave {shown:?}, not a role name"),
        ));
    }
    let document = client.get(&format!("{ROLES_PATH}{role}")).await.map_err(credentials_error)?;
    parse(role, document.as_bytes()).map_err(|why| {
        CredentialsError::provider_error(
            PROVIDER,
            format!("the credentials of role {role} from {}: {why}", client.endpoint()),
        )
    })
}

/// A client error for a chain: absent, misconfigured, or failed.
fn credentials_error(e: ImdsError) -> CredentialsError {
    match e.kind() {
        ImdsErrorKind::Disabled | ImdsErrorKind::Unreachable => CredentialsError::not_loaded(PROVIDER, e.to_string()),
        ImdsErrorKind::InvalidConfiguration => CredentialsError::invalid_configuration(PROVIDER, e.to_string()),
        _ => CredentialsError::provider_error(PROVIDER, e.to_string()),
    }
}

/// The role's credentials document.
fn parse(role: &str, document: &[u8]) -> Result<Credentials, String> {
    let fields = Fields::parse(document)?;
    match fields.get("Code") {
        Some("Success") => {}
        Some(code) => {
            let shown: String = code.chars().take(64).collect();
            return Err(format!("Code is {shown:?}, not \"Success\""));
        }
        None => return Err("the document has no Code".to_owned()),
    }
    let credentials = Credentials::new(
        fields.require("AccessKeyId")?,
        fields.require("SecretAccessKey")?,
        Some(fields.require("Token")?.to_owned()),
    );
    let expiry = fields.time("Expiration")?.ok_or("the document has no Expiration")?;
    if expiry <= std::time::SystemTime::now() {
        tracing::warn!(role, "instance metadata gave credentials that have already expired");
    }
    let credentials = credentials.with_expiry(expiry);
    Ok(match fields.get("AccountId") {
        Some(account) => credentials.with_account_id(account),
        None => credentials,
    })
}
