//! [`ProviderConfig`]: what every provider of this crate reads its environment through and
//! calls AWS with, so that tests give it a fixed environment and a transport of their own.

use awsgen_runtime::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError};
use awsgen_runtime::profile::Environment;
use awsgen_runtime::{ByteStream, HyperClient};
use std::sync::Arc;

/// The environment (variables and files), the HTTP transport and the region a provider uses.
/// Cheap to clone: the transport is shared.
#[derive(Clone, Debug)]
pub struct ProviderConfig {
    env: Environment,
    http_client: Arc<dyn HttpClient>,
    region: Option<String>,
}

impl ProviderConfig {
    /// Reads through `env`, calls AWS with the default transport ([`HyperClient`]), and takes
    /// the region from `env` (`AWS_REGION`, `AWS_DEFAULT_REGION`, the selected profile).
    pub fn new(env: Environment) -> Self {
        let region = awsgen_runtime::profile::resolve_region(&env);
        ProviderConfig { env, http_client: Arc::new(HyperClient::new()), region }
    }

    /// The same configuration calling AWS through `client` (a replaying transport in tests).
    pub fn with_http_client(mut self, client: impl HttpClient) -> Self {
        self.http_client = Arc::new(client);
        self
    }

    /// The same configuration in this region (`None`: no region known).
    pub fn with_region(mut self, region: Option<String>) -> Self {
        self.region = region;
        self
    }

    /// Where variables and files are read.
    pub fn env(&self) -> &Environment {
        &self.env
    }

    /// The transport calls to AWS go through.
    pub fn http_client(&self) -> Arc<dyn HttpClient> {
        self.http_client.clone()
    }

    /// The region, when known.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// A transport for a generated client's [`awsgen_runtime::ConfigBuilder::http_client`],
    /// sharing this configuration's.
    pub fn shared_http_client(&self) -> SharedHttpClient {
        SharedHttpClient(self.http_client.clone())
    }
}

/// A shared transport that is itself an [`HttpClient`], so one transport serves every client
/// a provider builds.
#[derive(Clone, Debug)]
pub struct SharedHttpClient(Arc<dyn HttpClient>);

impl HttpClient for SharedHttpClient {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.0.send(request)
    }

    fn send_streaming(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'_, Result<(HttpResponse, ByteStream), TransportError>> {
        self.0.send_streaming(request)
    }

    fn send_body(
        &self,
        request: HttpRequest,
        body: ByteStream,
    ) -> BoxFuture<'_, Result<(HttpResponse, ByteStream), TransportError>> {
        self.0.send_body(request, body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_region_comes_from_the_environment_unless_set() {
        let env = Environment::from_vars([("AWS_REGION", "eu-west-3")]);
        let config = ProviderConfig::new(env);
        assert_eq!(config.region(), Some("eu-west-3"));
        assert_eq!(config.env().var("AWS_REGION").as_deref(), Some("eu-west-3"));
        assert_eq!(config.clone().with_region(None).region(), None);
        assert_eq!(config.with_region(Some("us-west-2".into())).region(), Some("us-west-2"));
    }
}
