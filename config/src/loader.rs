//! [`load_defaults`] and [`ConfigLoader`]: a client configuration with the default region and
//! credentials chains.

use std::sync::Arc;

use awsgen_runtime::http::HttpClient;
use awsgen_runtime::profile::Environment;
use awsgen_runtime::{Config, ConfigBuilder};

use crate::{DefaultCredentialsChain, DefaultRegionChain, ProviderConfig};

/// A configuration builder for any awsgen client, with the region from [`DefaultRegionChain`]
/// and credentials from [`DefaultCredentialsChain`], everything else read from the process
/// environment and the shared files as `Config::builder().load_from_env()` does. Set more on
/// the builder, then `build()`:
///
/// ```no_run
/// # async fn demo() {
/// let config = awsgen_config::load_defaults().await.build();
/// # let _ = config;
/// # }
/// ```
pub async fn load_defaults() -> ConfigBuilder {
    ConfigLoader::default().load().await
}

/// [`load_defaults`] with parts replaced: the environment (variables and files), the
/// transport, the region.
#[derive(Clone, Debug, Default)]
pub struct ConfigLoader {
    env: Option<Environment>,
    http_client: Option<Arc<dyn HttpClient>>,
    region: Option<String>,
}

impl ConfigLoader {
    /// Reads variables and files through `env` instead of the process's.
    pub fn environment(mut self, env: Environment) -> Self {
        self.env = Some(env);
        self
    }

    /// Sends the providers' requests, and the client's, through `client`.
    pub fn http_client(mut self, client: impl HttpClient) -> Self {
        self.http_client = Some(Arc::new(client));
        self
    }

    /// This region instead of the region chain's.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Resolves the region and sets up the credentials chain (which fetches nothing until the
    /// first call).
    pub async fn load(self) -> ConfigBuilder {
        let env = self.env.unwrap_or_else(Environment::process);
        let mut providers = ProviderConfig::new(env.clone());
        if let Some(client) = &self.http_client {
            providers = providers.with_shared_http_client(client.clone());
        }
        let region = match self.region {
            Some(region) => Some(region),
            None => DefaultRegionChain::new(providers.clone()).region().await,
        };
        let providers = providers.with_region(region.clone());
        let mut builder = Config::builder().environment(env).credentials(DefaultCredentialsChain::new(providers));
        if let Some(region) = region {
            builder = builder.region(region);
        }
        if let Some(client) = self.http_client {
            builder = builder.http_client(client);
        }
        builder
    }
}
