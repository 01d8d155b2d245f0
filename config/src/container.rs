//! [`ContainerCredentialsProvider`]: credentials from the container's endpoint, as ECS tasks
//! (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`) and EKS Pod Identity or other local agents
//! (`AWS_CONTAINER_CREDENTIALS_FULL_URI`, with an authorization token) provide them.
//!
//! A full URI is accepted over `https` anywhere; over plain `http` only on a loopback address
//! (`127.0.0.0/8`, `::1`, `localhost`) or the ECS and EKS link-local endpoints, so credentials
//! are never fetched in clear text from elsewhere. (`localhost` is taken by name, not resolved:
//! no DNS is asked.)

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use awsgen_runtime::credentials::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use awsgen_runtime::http::{HttpClient, HttpRequest};
use awsgen_runtime::HyperClient;

use crate::credentials_json::Fields;
use crate::local_http::{self, excerpt, Attempts};
use crate::{uri, ProviderConfig};

/// The path (and query) on the ECS endpoint, set by ECS in every task.
pub const RELATIVE_URI_VAR: &str = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
/// A full URL (EKS Pod Identity, local agents); ignored when the relative URI is set.
pub const FULL_URI_VAR: &str = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
/// A file holding the `Authorization` header's value, read on every fetch (EKS rotates it).
pub const AUTH_TOKEN_FILE_VAR: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";
/// The `Authorization` header's value, when no token file is set.
pub const AUTH_TOKEN_VAR: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
/// Where a relative URI is resolved.
pub const ECS_ENDPOINT: &str = "http://169.254.170.2";

/// The connect timeout of the default transport (2 s): the endpoint is local.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// How long one request may take, reply included (5 s).
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(5);
/// Attempts per fetch: a 5xx reply or a failed connection is tried again, twice more.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// The wait before the second attempt (it doubles after that).
pub const DEFAULT_BACKOFF: Duration = Duration::from_millis(50);

const PROVIDER: &str = "ContainerCredentialsProvider";

/// Credentials from the container endpoint.
///
/// Errors, for a chain: neither URI variable set is *not loaded*; a URI that is malformed or
/// not allowed, or a token file that cannot be read or a token with a line break, is an
/// *invalid configuration*; a failed fetch or bad reply a *provider error*.
#[derive(Clone, Debug)]
pub struct ContainerCredentialsProvider {
    config: ProviderConfig,
    http: Arc<dyn HttpClient>,
    url: Result<String, CredentialsError>,
    attempts: Attempts,
}

/// Settings of a [`ContainerCredentialsProvider`]; from [`ContainerCredentialsProvider::builder`].
#[derive(Clone, Debug)]
pub struct ContainerCredentialsProviderBuilder {
    config: ProviderConfig,
    connect_timeout: Duration,
    attempts: Attempts,
}

impl ContainerCredentialsProviderBuilder {
    /// The connect timeout of the default transport (default [`DEFAULT_CONNECT_TIMEOUT`]); a
    /// transport given in the [`ProviderConfig`] keeps its own.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one request may take (default [`DEFAULT_ATTEMPT_TIMEOUT`]).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempts.timeout = timeout;
        self
    }

    /// Attempts per fetch (default [`DEFAULT_MAX_ATTEMPTS`]; at least one is made).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.attempts.max = attempts.max(1);
        self
    }

    /// The wait before the second attempt (default [`DEFAULT_BACKOFF`]).
    pub fn backoff(mut self, backoff: Duration) -> Self {
        self.attempts.backoff = backoff;
        self
    }

    /// The provider. The URI variables are read now (a bad one is reported by each fetch);
    /// the token on every fetch.
    pub fn build(self) -> ContainerCredentialsProvider {
        let http: Arc<dyn HttpClient> = if self.config.has_default_http_client() {
            Arc::new(HyperClient::builder().connect_timeout(self.connect_timeout).build())
        } else {
            self.config.http_client().clone()
        };
        let url = endpoint_url(&self.config);
        ContainerCredentialsProvider { config: self.config, http, url, attempts: self.attempts }
    }
}

impl ContainerCredentialsProvider {
    /// Settings read through `config`.
    pub fn builder(config: ProviderConfig) -> ContainerCredentialsProviderBuilder {
        ContainerCredentialsProviderBuilder {
            config,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            attempts: Attempts {
                max: DEFAULT_MAX_ATTEMPTS,
                timeout: DEFAULT_ATTEMPT_TIMEOUT,
                backoff: DEFAULT_BACKOFF,
            },
        }
    }

    /// With the defaults.
    pub fn new(config: ProviderConfig) -> Self {
        Self::builder(config).build()
    }

    /// The URL credentials are fetched from, or why there is none.
    pub fn url(&self) -> Result<&str, &CredentialsError> {
        self.url.as_deref()
    }

    /// The container's credentials.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let url = self.url.as_ref().map_err(Clone::clone)?;
        let mut headers = vec![("accept".to_owned(), "application/json".to_owned())];
        if let Some(token) = authorization(&self.config)? {
            headers.push(("authorization".to_owned(), token));
        }
        let request = HttpRequest { method: "GET".to_owned(), url: url.clone(), headers, body: Vec::new() };
        let reply = local_http::send(&*self.http, &request, self.attempts)
            .await
            .map_err(|e| CredentialsError::provider_error(PROVIDER, format!("{url}: {e}")))?;
        if !(200..300).contains(&reply.status) {
            let why = format!("{url}: HTTP {}: {}", reply.status, excerpt(&reply.body));
            return Err(CredentialsError::provider_error(PROVIDER, why));
        }
        parse(&reply.body).map_err(|why| CredentialsError::provider_error(PROVIDER, format!("{url}: {why}")))
    }
}

impl ProvideCredentials for ContainerCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}

/// The endpoint from the variables: the relative URI on [`ECS_ENDPOINT`], else the full URI
/// if it is allowed.
fn endpoint_url(config: &ProviderConfig) -> Result<String, CredentialsError> {
    let env = config.env();
    let invalid = |var: &str, why: String| CredentialsError::invalid_configuration(PROVIDER, format!("{var}: {why}"));
    if let Some(relative) = env.var(RELATIVE_URI_VAR) {
        let separator = if relative.starts_with('/') { "" } else { "/" };
        let url = format!("{ECS_ENDPOINT}{separator}{relative}");
        uri::parse(&url)
            .map_err(|why| invalid(RELATIVE_URI_VAR, format!("{relative:?} is not a valid path: {why}")))?;
        return Ok(url);
    }
    let Some(full) = env.var(FULL_URI_VAR) else {
        return Err(CredentialsError::not_loaded(
            PROVIDER,
            format!("neither {RELATIVE_URI_VAR} nor {FULL_URI_VAR} is set"),
        ));
    };
    let shown: String = full.chars().take(100).collect();
    let parsed =
        uri::parse(&full).map_err(|why| invalid(FULL_URI_VAR, format!("{shown:?} is not a valid URL: {why}")))?;
    if parsed.scheme == "http" && !allowed_http_host(parsed.host) {
        let why = format!(
            "{shown:?} is not allowed: an http URL must name a loopback address or the ECS or EKS \
             container endpoint (169.254.170.2, 169.254.170.23, fd00:ec2::23); use https for any other host"
        );
        return Err(invalid(FULL_URI_VAR, why));
    }
    Ok(full)
}

/// Hosts plain http may be used with.
fn allowed_http_host(host: &str) -> bool {
    const ECS: Ipv4Addr = Ipv4Addr::new(169, 254, 170, 2);
    const EKS: Ipv4Addr = Ipv4Addr::new(169, 254, 170, 23);
    const EKS_V6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x23);
    match host.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => ip.is_loopback() || ip == ECS || ip == EKS,
        Ok(IpAddr::V6(ip)) => ip.is_loopback() || ip == EKS_V6,
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

/// The `Authorization` header's value: the token file's contents (read now, trailing line
/// breaks dropped), else the token variable. A token with a line break or other control
/// character could inject headers, and is an error.
fn authorization(config: &ProviderConfig) -> Result<Option<String>, CredentialsError> {
    let env = config.env();
    let invalid = |why: String| CredentialsError::invalid_configuration(PROVIDER, why);
    let (token, source) = if let Some(file) = env.var(AUTH_TOKEN_FILE_VAR) {
        let source = format!("{AUTH_TOKEN_FILE_VAR} {file}");
        let bytes = match env.read_file(Path::new(&file)) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return Err(invalid(format!("{source}: the file is too large"))),
            Err(e) => return Err(invalid(format!("{source}: the token file could not be read: {e}"))),
        };
        let text = String::from_utf8(bytes).map_err(|_| invalid(format!("{source}: the token is not UTF-8")))?;
        let token = text.trim_end_matches(['\r', '\n']).to_owned();
        if token.is_empty() {
            return Err(invalid(format!("{source}: the token file is empty")));
        }
        (token, source)
    } else if let Some(token) = env.var(AUTH_TOKEN_VAR) {
        (token, AUTH_TOKEN_VAR.to_owned())
    } else {
        return Ok(None);
    };
    if token.chars().any(char::is_control) {
        return Err(invalid(format!("{source}: the token contains a line break (CR/LF) or another control character")));
    }
    Ok(Some(token))
}

/// The credentials document: `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration` and
/// `AccountId` (the last three when present).
fn parse(body: &[u8]) -> Result<Credentials, String> {
    let fields = Fields::parse(body)?;
    let token = fields.get("Token").map(str::to_owned);
    let mut credentials = Credentials::new(fields.require("AccessKeyId")?, fields.require("SecretAccessKey")?, token);
    if let Some(expiry) = fields.time("Expiration")? {
        credentials = credentials.with_expiry(expiry);
    }
    if let Some(account) = fields.get("AccountId") {
        credentials = credentials.with_account_id(account);
    }
    Ok(credentials)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_is_allowed_only_to_loopback_and_the_container_endpoints() {
        for host in [
            "127.0.0.1",
            "127.1.2.3",
            "::1",
            "localhost",
            "LOCALHOST",
            "169.254.170.2",
            "169.254.170.23",
            "fd00:ec2::23",
        ] {
            assert!(allowed_http_host(host), "{host}");
        }
        for host in ["169.254.169.254", "10.0.0.1", "example.com", "localhost.example.com", "fd00:ec2::254", "::"] {
            assert!(!allowed_http_host(host), "{host}");
        }
    }
}
