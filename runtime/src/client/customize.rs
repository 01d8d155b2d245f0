//! One call with its own settings: what a fluent builder's `customize()` returns. The call's
//! configuration is the client's with the overrides applied (timeouts, retries, region,
//! endpoint URL), its interceptors the client's followed by the call's, and `header(..)` an
//! interceptor of its own that sets headers before signing. The client's retry quota, transport
//! and credentials cache are shared with it.

use super::ClientCore;
use crate::error::{InvalidRequestError, SdkError};
use crate::interceptor::{Interceptor, SetHeaders};
use crate::operation::Operation;
use crate::retry::RetryConfig;
use crate::Config;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// A call of operation `O` whose settings can be overridden before it is sent: the result of
/// `customize()` on a fluent builder, finished with [`send`](Customize::send).
///
/// `client.describe_cache_clusters().max_records(20).customize().attempt_timeout(Some(d))
/// .header("x-trace-label", "nightly").send().await` sends one `DescribeCacheClusters` with a
/// shorter attempt timeout and one more header; the client's other calls are unchanged.
pub struct Customize<O> {
    core: ClientCore,
    config: Config,
    input: Result<O, InvalidRequestError>,
    headers: Vec<(String, String)>,
}

impl<O> fmt::Debug for Customize<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Customize")
            .field("config", &self.config)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

impl<O: Operation> Customize<O> {
    /// The call of `input` (or of an input that could not be built: `send` returns why) on
    /// `core`'s client; generated `customize()` methods call this.
    pub fn new(core: ClientCore, input: Result<O, InvalidRequestError>) -> Self {
        let config = Config::clone(&core.config);
        Customize { core, config, input, headers: Vec::new() }
    }

    /// Sets a header on the request (replacing one of the same name), before it is signed.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds an interceptor for this call, run after the configuration's.
    pub fn interceptor(mut self, interceptor: impl Interceptor + 'static) -> Self {
        self.config.interceptors.0.push(Arc::new(interceptor));
        self
    }

    /// This call's attempt timeout (`None`: no limit); see
    /// [`ConfigBuilder::attempt_timeout`](crate::ConfigBuilder::attempt_timeout).
    pub fn attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.config.attempt_timeout = timeout;
        self
    }

    /// This call's operation timeout (`None`: no limit); see
    /// [`ConfigBuilder::operation_timeout`](crate::ConfigBuilder::operation_timeout).
    pub fn operation_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.config.operation_timeout = timeout;
        self
    }

    /// This call's retry settings ([`RetryConfig::disabled`] for none). The client's retry
    /// quota is still the one drawn from.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.config.retry = Ok(retry);
        self
    }

    /// This call's region (checked, as the configuration's, when the call is sent).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.config.region = Some(region.into());
        self
    }

    /// Sends this call to this URL instead (see
    /// [`ConfigBuilder::endpoint_url`](crate::ConfigBuilder::endpoint_url)).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.config.endpoint_url = Some(url.into());
        self
    }

    /// Sends the call with its overrides. Fails before any I/O if the input could not be built.
    pub async fn send(self) -> Result<O::Output, SdkError<O::Error>> {
        let Customize { core, mut config, input, headers } = self;
        let input = input.map_err(SdkError::InvalidRequest)?;
        if !headers.is_empty() {
            config.interceptors.0.push(Arc::new(SetHeaders(headers)));
        }
        ClientCore::with_quota(core.service, config, core.quota.clone(), core.limiter.clone()).invoke(&input).await
    }
}
