//! [`ProviderConfig`]: what every provider of this crate reads the world through.

use std::sync::Arc;

use awsgen_runtime::http::HttpClient;
use awsgen_runtime::profile::Environment;
use awsgen_runtime::HyperClient;

/// The environment variables and files (an [`Environment`]), the transport and the region a
/// provider uses. Tests give an `Environment` with in-memory files and a replaying transport;
/// programs use [`ProviderConfig::process`].
#[derive(Clone, Debug)]
pub struct ProviderConfig {
    env: Environment,
    http_client: Arc<dyn HttpClient>,
    /// No transport was given: providers that call a local endpoint (instance metadata, the
    /// container endpoint) build a default one with their own short connect timeout.
    default_http_client: bool,
    region: Option<String>,
}

impl ProviderConfig {
    /// Reads through `env`, sends through the default transport (with the CA bundle and
    /// proxies `env` names), with no region set.
    pub fn new(env: Environment) -> Self {
        let http_client = Arc::new(HyperClient::builder().environment(&env).build());
        ProviderConfig { env, http_client, default_http_client: true, region: None }
    }

    /// The real process environment and the default transport.
    pub fn process() -> Self {
        Self::new(Environment::process())
    }

    /// The same, sending through `client`.
    pub fn with_http_client(mut self, client: impl HttpClient) -> Self {
        self.http_client = Arc::new(client);
        self.default_http_client = false;
        self
    }

    /// The same, sending through a shared transport.
    pub fn with_shared_http_client(mut self, client: Arc<dyn HttpClient>) -> Self {
        self.http_client = client;
        self.default_http_client = false;
        self
    }

    /// The same, in `region` (the region providers call regional services such as STS in).
    pub fn with_region(mut self, region: Option<String>) -> Self {
        self.region = region;
        self
    }

    /// Where variables and files are read.
    pub fn env(&self) -> &Environment {
        &self.env
    }

    /// The transport.
    pub fn http_client(&self) -> &Arc<dyn HttpClient> {
        &self.http_client
    }

    /// Whether the transport is the default one (none was given): the instance metadata and
    /// container providers then use a [`HyperClient`] with their own connect timeout.
    pub fn has_default_http_client(&self) -> bool {
        self.default_http_client
    }

    /// The region, when known.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The configuration of a generated client a provider calls (STS, SSO, SSO-OIDC): this
    /// environment and transport, in `region`, with no credentials unless the caller adds them.
    pub fn client_config(&self, region: &str) -> awsgen_runtime::ConfigBuilder {
        awsgen_runtime::Config::builder()
            .environment(self.env.clone())
            .region(region)
            .http_client(self.http_client.clone())
    }
}
