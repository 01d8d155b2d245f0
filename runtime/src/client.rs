//! The request pipeline every generated client runs: serialize → resolve endpoint → sign →
//! send (with timeout and retries) → classify the reply → parse.
//!
//! Generated code supplies only what varies per operation, through [`Operation`]; everything
//! else happens once here, in non-generic code, so 77 operations do not mean 77 copies of the
//! retry loop in the user's binary.

use crate::compression::CompressionConfig;
use crate::credentials::{DefaultCredentialsChain, ProvideCredentials};
use crate::endpoint::{BuiltIns, Document, Endpoint, EndpointError};
use crate::error::{
    ConfigError, ErrorMetadata, InvalidRequestError, ResponseError, SdkError, TimeoutError, TimeoutKind,
};
use crate::http::{HttpClient, HttpRequest, HttpResponse, TransportErrorKind};
use crate::profile::{self, Environment};
use crate::query::TokenSource;
use crate::retry::{self, RetryConfig, RetryQuota, RetryState};
use crate::sigv4::{self, SigningParams};
use crate::time::DateTime;
use crate::xml::{XmlError, XmlReader};
use crate::HyperClient;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The wire protocol of a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// `awsQuery`: form-encoded requests, `<XResponse><XResult>` replies, `<ErrorResponse>`.
    Query,
    /// The EC2 dialect of query: `<Response><Errors><Error>` error documents.
    Ec2,
}

/// Facts about a service that the pipeline needs, emitted by the generator.
#[derive(Debug)]
pub struct ServiceInfo {
    /// The SigV4 signing name (`elasticache`).
    pub signing_name: &'static str,
    /// The API version sent as `Version=` (`2015-02-02`).
    pub api_version: &'static str,
    /// The suffix of the per-service endpoint variable (`AWS_ENDPOINT_URL_ELASTICACHE`).
    pub env_suffix: &'static str,
    /// The wire protocol.
    pub protocol: Protocol,
    /// The service's endpoint rule set, compiled (`<crate>::endpoint`).
    pub resolve_endpoint: fn(&BuiltIns) -> Result<Endpoint, EndpointError>,
}

/// Client configuration, shared by every service client.
#[derive(Clone)]
pub struct Config {
    region: Option<String>,
    credentials: Arc<dyn ProvideCredentials>,
    http_client: Arc<dyn HttpClient>,
    endpoint_url: Option<String>,
    /// Read from the builder, the environment or the profile; a malformed setting fails each
    /// call with a configuration error rather than reading as `false`.
    use_fips: Result<bool, String>,
    use_dual_stack: Result<bool, String>,
    /// The retry settings, or why the environment's could not be read (reported by every call).
    retry: Result<RetryConfig, ConfigError>,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    env: Environment,
    idempotency_tokens: TokenSource,
    compression: CompressionConfig,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("http_client", &self.http_client)
            .field("endpoint_url", &self.endpoint_url)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("retry", &self.retry)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .finish()
    }
}

impl Config {
    /// Starts a configuration with nothing loaded from the environment.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// Region, credentials and endpoint override from the process environment and the shared
    /// `~/.aws/config` and `~/.aws/credentials` files (see [`ConfigBuilder::load_from_env`]).
    pub fn from_env() -> Config {
        Config::builder().load_from_env().build()
    }

    /// The region requests are sent to.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The retry settings in force, or the configuration error every call reports (a bad
    /// `AWS_MAX_ATTEMPTS`, say).
    pub fn retry_config(&self) -> Result<&RetryConfig, &ConfigError> {
        self.retry.as_ref()
    }
}

/// Builds a [`Config`].
#[derive(Default)]
pub struct ConfigBuilder {
    region: Option<String>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    http_client: Option<Arc<dyn HttpClient>>,
    endpoint_url: Option<String>,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    retry: Option<RetryConfig>,
    attempt_timeout: Option<Option<Duration>>,
    operation_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    env: Option<Environment>,
    idempotency_tokens: Option<TokenSource>,
    compression: Option<CompressionConfig>,
}

impl ConfigBuilder {
    /// Reads what is not set explicitly from the process environment: region from
    /// `AWS_REGION` / `AWS_DEFAULT_REGION` / the profile; credentials from `AWS_ACCESS_KEY_ID`
    /// etc. or the profile, at call time; the endpoint override from `AWS_ENDPOINT_URL_<SERVICE>`
    /// / `AWS_ENDPOINT_URL` / the profile's `endpoint_url`; FIPS and dual-stack endpoints from
    /// `AWS_USE_FIPS_ENDPOINT` / `AWS_USE_DUALSTACK_ENDPOINT` / the profile's
    /// `use_fips_endpoint` / `use_dualstack_endpoint`; max attempts and retry mode from
    /// `AWS_MAX_ATTEMPTS` / `AWS_RETRY_MODE` / the profile (see [`RetryConfig::from_env`]).
    pub fn load_from_env(self) -> Self {
        self.environment(Environment::process())
    }

    /// Like [`ConfigBuilder::load_from_env`] with an explicit environment (for tests).
    pub fn environment(mut self, env: Environment) -> Self {
        self.env = Some(env);
        self
    }

    /// The region (`us-east-1`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Static credentials or any other provider.
    pub fn credentials(mut self, provider: impl ProvideCredentials) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// The transport; [`HyperClient`] by default.
    pub fn http_client(mut self, client: impl HttpClient) -> Self {
        self.http_client = Some(Arc::new(client));
        self
    }

    /// Sends every request to this URL instead of the AWS endpoint (`http://127.0.0.1:5000`).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Uses FIPS endpoints (default: `AWS_USE_FIPS_ENDPOINT`, else the profile's
    /// `use_fips_endpoint`, else `false`).
    pub fn use_fips(mut self, on: bool) -> Self {
        self.use_fips = Some(on);
        self
    }

    /// Uses dual-stack (IPv4 and IPv6) endpoints (default: `AWS_USE_DUALSTACK_ENDPOINT`, else
    /// the profile's `use_dualstack_endpoint`, else `false`).
    pub fn use_dual_stack(mut self, on: bool) -> Self {
        self.use_dual_stack = Some(on);
        self
    }

    /// Retry settings ([`RetryConfig::disabled`] for none). Set in code, they win over
    /// `AWS_MAX_ATTEMPTS`, `AWS_RETRY_MODE` and the profile.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// The longest one attempt may take, from sending to the last byte of the response
    /// (`None`: no limit). Default: 60 seconds. An attempt that runs out is retried.
    pub fn attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// The longest a whole call may take: every attempt and every back-off wait. Default: no
    /// limit. A call that runs out fails with a [`TimeoutKind::Operation`] timeout, whatever
    /// attempt it was on.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// How long opening one TCP connection may take (default 3.1 s, the SDKs' `standard`
    /// defaults mode). It configures the default [`HyperClient`]; a transport set with
    /// [`ConfigBuilder::http_client`] keeps its own (see [`crate::HyperClientBuilder`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Where tokens for unset idempotency-token members come from (default: a random UUID v4
    /// per token). A fixed source makes request bodies reproducible.
    pub fn idempotency_token_provider(mut self, provider: impl Fn() -> String + Send + Sync + 'static) -> Self {
        self.idempotency_tokens = Some(Arc::new(provider));
        self
    }

    /// Request compression for operations that accept it (default: gzip from 10 KiB, or as
    /// `AWS_DISABLE_REQUEST_COMPRESSION` / `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES` say).
    pub fn request_compression(mut self, compression: CompressionConfig) -> Self {
        self.compression = Some(compression);
        self
    }

    /// The configuration.
    pub fn build(self) -> Config {
        let env = self.env.unwrap_or_else(|| Environment::from_vars(Vec::<(String, String)>::new()));
        let compression = self.compression.unwrap_or_else(|| compression_from_env(&env));
        let region = self.region.or_else(|| profile::resolve_region(&env));
        let credentials = self
            .credentials
            .unwrap_or_else(|| Arc::new(DefaultCredentialsChain::new(env.clone())) as Arc<dyn ProvideCredentials>);
        Config {
            region,
            credentials,
            http_client: self.http_client.unwrap_or_else(|| {
                let mut builder = HyperClient::builder();
                if let Some(timeout) = self.connect_timeout {
                    builder = builder.connect_timeout(timeout);
                }
                Arc::new(builder.build())
            }),
            endpoint_url: self.endpoint_url,
            use_fips: flag(self.use_fips, &env, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint"),
            use_dual_stack: flag(self.use_dual_stack, &env, "AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint"),
            retry: self.retry.map(Ok).unwrap_or_else(|| RetryConfig::from_env(&env)),
            attempt_timeout: self.attempt_timeout.unwrap_or(Some(Duration::from_secs(60))),
            operation_timeout: self.operation_timeout,
            env,
            compression,
            idempotency_tokens: self
                .idempotency_tokens
                .unwrap_or_else(|| Arc::new(crate::query::idempotency_token) as TokenSource),
        }
    }
}

/// An explicit setting, else the environment variable, else the profile key, else `false`.
fn flag(explicit: Option<bool>, env: &Environment, var: &str, key: &str) -> Result<bool, String> {
    match explicit {
        Some(on) => Ok(on),
        None => Ok(profile::resolve_flag(env, var, key)?.unwrap_or(false)),
    }
}

fn compression_from_env(env: &Environment) -> CompressionConfig {
    let default = CompressionConfig::default();
    CompressionConfig {
        disabled: env.var("AWS_DISABLE_REQUEST_COMPRESSION").is_some_and(|v| v.eq_ignore_ascii_case("true")),
        min_size_bytes: env
            .var("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(default.min_size_bytes),
    }
}

/// What varies per operation: the generated input types implement this.
pub trait Operation {
    /// The successful result.
    type Output;
    /// The typed service error.
    type Error;
    /// The operation name (`CopySnapshot`).
    const NAME: &'static str;
    /// The form body, or why the input cannot be sent; tokens for unset idempotency-token
    /// members come from `tokens`.
    fn serialize_with_tokens(&self, tokens: &TokenSource) -> Result<String, InvalidRequestError>;
    /// The form body, with random idempotency tokens.
    fn serialize(&self) -> Result<String, InvalidRequestError> {
        self.serialize_with_tokens(&(Arc::new(crate::query::idempotency_token) as TokenSource))
    }
    /// Parses a 2xx body.
    fn parse_output(body: &[u8]) -> Result<Self::Output, XmlError>;
    /// Builds the typed error for an error reply whose envelope has been read into `meta`.
    fn parse_error(meta: ErrorMetadata, body: &[u8]) -> Result<Self::Error, XmlError>;
    /// The endpoint trait's prefix for the endpoint host (`data-`, `foo-myname.`), with host
    /// labels filled from the input; `None` for operations without one.
    fn host_prefix(&self) -> Result<Option<String>, InvalidRequestError> {
        Ok(None)
    }
    /// Encodings the operation accepts for a compressed body (`requestcompression`).
    const REQUEST_COMPRESSION: &'static [&'static str] = &[];
}

/// The shared, service-bound part of a generated client.
#[derive(Clone, Debug)]
pub struct ClientCore {
    service: &'static ServiceInfo,
    config: Arc<Config>,
    /// Shared by the clones of this client, as botocore shares it per client.
    quota: Arc<RetryQuota>,
}

/// A failure before typing: the generic [`ClientCore::invoke`] turns it into `SdkError<E>`.
enum Failure {
    Service(ErrorMetadata, HttpResponse),
    Other(SdkError<std::convert::Infallible>),
}

impl ClientCore {
    /// Binds a configuration to a service.
    pub fn new(service: &'static ServiceInfo, config: Config) -> Self {
        let capacity = config.retry.as_ref().map_or(retry::DEFAULT_RETRY_QUOTA, |r| r.quota);
        ClientCore { service, config: Arc::new(config), quota: Arc::new(RetryQuota::new(capacity)) }
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Runs one operation through the pipeline.
    pub async fn invoke<O: Operation>(&self, input: &O) -> Result<O::Output, SdkError<O::Error>> {
        let body = input.serialize_with_tokens(&self.config.idempotency_tokens).map_err(SdkError::InvalidRequest)?;
        let host_prefix = input.host_prefix().map_err(SdkError::InvalidRequest)?;
        match self.dispatch(O::NAME, body, host_prefix.as_deref(), O::REQUEST_COMPRESSION).await {
            Ok(resp) => O::parse_output(&resp.body).map_err(|e| {
                SdkError::Response(ResponseError::new(resp.status, header_request_id(&resp), &resp.body, e.to_string()))
            }),
            Err(Failure::Service(meta, resp)) => match O::parse_error(meta, &resp.body) {
                Ok(e) => Err(SdkError::Service(e)),
                Err(e) => Err(SdkError::Response(ResponseError::new(
                    resp.status,
                    header_request_id(&resp),
                    &resp.body,
                    e.to_string(),
                ))),
            },
            Err(Failure::Other(e)) => Err(e.map_service(|never| match never {})),
        }
    }

    /// Where this request goes and how it is signed: the configuration's built-in values
    /// through the service's compiled rule set, the URL checked to be absolute http(s).
    fn endpoint(&self) -> Result<Target, SdkError<std::convert::Infallible>> {
        let c = &self.config;
        if let Some(region) = &c.region {
            check_region(region)?;
        }
        let built_ins = BuiltIns {
            region: c.region.clone(),
            use_fips: c.use_fips.clone().map_err(config_error)?,
            use_dual_stack: c.use_dual_stack.clone().map_err(config_error)?,
            endpoint: c.endpoint_url.clone().or_else(|| profile::resolve_endpoint_url(&c.env, self.service.env_suffix)),
        };
        let endpoint = (self.service.resolve_endpoint)(&built_ins).map_err(config_error)?;
        check_endpoint_url(&endpoint.url)?;
        let signing = sigv4_scheme(&endpoint.properties).map_err(config_error)?;
        let text = |key: &str| match signing.and_then(|s| s.get(key)) {
            Some(Document::String(v)) => Some(v.clone()),
            _ => None,
        };
        Ok(Target {
            signing_region: text("signingRegion"),
            signing_name: text("signingName"),
            headers: endpoint
                .headers
                .into_iter()
                .flat_map(|(k, vs)| vs.into_iter().map(move |v| (k.clone(), v)))
                .collect(),
            url: with_root_path(endpoint.url),
        })
    }

    /// Runs the attempts of one call within the operation timeout, if one is set.
    async fn dispatch(
        &self,
        operation: &'static str,
        body: String,
        host_prefix: Option<&str>,
        compression: &[&str],
    ) -> Result<HttpResponse, Failure> {
        let attempts = self.attempts(operation, body, host_prefix, compression);
        match self.config.operation_timeout {
            Some(limit) => match tokio::time::timeout(limit, attempts).await {
                Ok(outcome) => outcome,
                Err(_) => {
                    tracing::debug!(operation, timeout_ms = limit.as_millis() as u64, "operation timeout elapsed");
                    let timeout = TimeoutError { kind: TimeoutKind::Operation, after: limit };
                    Err(Failure::Other(SdkError::Timeout(timeout)))
                }
            },
            None => attempts.await,
        }
    }

    async fn attempts(
        &self,
        operation: &'static str,
        body: String,
        host_prefix: Option<&str>,
        compression: &[&str],
    ) -> Result<HttpResponse, Failure> {
        let encoding = self.config.compression.choose(compression, body.len());
        let body = match encoding {
            Some(_) => crate::compression::gzip(body.as_bytes()).map_err(|e| {
                Failure::Other(SdkError::InvalidRequest(InvalidRequestError {
                    member: String::new(),
                    reason: format!("compressing the body failed: {e}"),
                }))
            })?,
            None => body.into_bytes(),
        };
        let retry_config = self.config.retry.as_ref().map_err(|e| Failure::Other(SdkError::Config(e.clone())))?;
        let target = self.endpoint().map_err(Failure::Other)?;
        let url = match host_prefix {
            Some(prefix) => with_host_prefix(&target.url, prefix).map_err(Failure::Other)?,
            None => target.url,
        };
        let region = target.signing_region.or_else(|| self.config.region.clone()).unwrap_or_default();
        let signing_name = target.signing_name.as_deref().unwrap_or(self.service.signing_name);
        let host = host_of(&url).map_err(Failure::Other)?;
        let mut retry = RetryState::new(retry_config, &self.quota);
        loop {
            let credentials =
                self.config.credentials.provide_credentials().map_err(|e| Failure::Other(config_error(e)))?;
            let mut request = HttpRequest {
                method: "POST".into(),
                url: url.clone(),
                headers: vec![
                    ("host".into(), host.clone()),
                    ("content-type".into(), "application/x-www-form-urlencoded; charset=utf-8".into()),
                    ("user-agent".into(), concat!("awsgen/", env!("CARGO_PKG_VERSION")).into()),
                ],
                body: body.clone(),
            };
            if let Some(encoding) = encoding {
                request.headers.push(("content-encoding".into(), encoding.into()));
            }
            request.headers.extend(target.headers.iter().cloned());
            let params = SigningParams {
                credentials: &credentials,
                region: &region,
                service: signing_name,
                time: DateTime::now(),
            };
            sigv4::sign(&mut request, &params).map_err(|e| Failure::Other(config_error(e)))?;
            // Not signed (SigV4 does not require it), but part of the request as built, so a
            // transport or a test sees the request exactly as it goes out.
            request.headers.push(("content-length".into(), request.body.len().to_string()));
            let attempt = retry.attempt();
            // Events name the operation, attempt and URL, never headers: no signature or
            // token reaches a log.
            tracing::debug!(operation, attempt, url = %url, "sending attempt");
            let (failure, kind) = match self.send_once(request).await {
                Ok(resp)
                    if (200..300).contains(&resp.status)
                        && !is_error_document(self.service.protocol, operation, &resp.body) =>
                {
                    tracing::debug!(operation, attempt, status = resp.status, "attempt succeeded");
                    retry.succeeded();
                    return Ok(resp);
                }
                Ok(resp) => match parse_error_envelope(self.service.protocol, &resp) {
                    Ok(meta) => {
                        let kind = retry::classify_response(resp.status, Some(&meta.code));
                        tracing::debug!(operation, attempt, status = resp.status, code = %meta.code, "error reply");
                        (Failure::Service(meta, resp), kind)
                    }
                    Err(e) => {
                        let kind = retry::classify_response(resp.status, None);
                        tracing::debug!(operation, attempt, status = resp.status, "unreadable error reply");
                        let err = SdkError::Response(ResponseError::new(
                            resp.status,
                            header_request_id(&resp),
                            &resp.body,
                            format!("error reply with an unreadable error document: {e}"),
                        ));
                        (Failure::Other(err), kind)
                    }
                },
                Err(e) => {
                    let kind = match &e {
                        SdkError::Transport(t) => retry::classify_transport(t.kind),
                        SdkError::Timeout(_) => Some(retry::RetryKind::Timeout),
                        _ => None,
                    };
                    tracing::debug!(operation, attempt, error = %e, "attempt failed");
                    (Failure::Other(e), kind)
                }
            };
            match retry.failed(kind) {
                Ok(delay) => {
                    tracing::debug!(operation, attempt, ?kind, delay_ms = delay.as_millis() as u64, "retrying");
                    tokio::time::sleep(delay).await;
                }
                Err(stop) => {
                    tracing::debug!(operation, attempt, ?stop, "not retrying");
                    return Err(failure);
                }
            }
        }
    }

    async fn send_once(&self, request: HttpRequest) -> Result<HttpResponse, SdkError<std::convert::Infallible>> {
        let fut = self.config.http_client.send(request);
        match self.config.attempt_timeout {
            Some(limit) => match tokio::time::timeout(limit, fut).await {
                Ok(r) => r.map_err(transport_failure),
                Err(_) => Err(SdkError::Timeout(TimeoutError { kind: TimeoutKind::Attempt, after: limit })),
            },
            None => fut.await.map_err(transport_failure),
        }
    }
}

/// A transport failure as the caller sees it: a connect timeout is a [`TimeoutKind::Connect`]
/// timeout, anything else a transport error.
fn transport_failure(e: crate::http::TransportError) -> SdkError<std::convert::Infallible> {
    match e.kind {
        TransportErrorKind::ConnectTimeout(after) => {
            SdkError::Timeout(TimeoutError { kind: TimeoutKind::Connect, after })
        }
        _ => SdkError::Transport(e),
    }
}

/// The URL a request goes to. Query operations' request URI is `/`, appended to the endpoint's
/// own path: `https://example.com` is sent to `/`, `https://example.com/custom` to `/custom/`
/// (the endpoint path prefixes the request URI).
fn with_root_path(mut url: String) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    // Where the path ends: at a query or fragment, if any.
    let end = url[start..].find(['?', '#']).map_or(url.len(), |i| start + i);
    if !url[start..end].ends_with('/') {
        url.insert(end, '/');
    }
    url
}

/// The endpoint with the operation's host prefix in front of its host (`https://example.com` and
/// `foo.` give `https://foo.example.com`).
fn with_host_prefix(url: &str, prefix: &str) -> Result<String, SdkError<std::convert::Infallible>> {
    match url.split_once("://") {
        Some((scheme, rest)) => Ok(format!("{scheme}://{prefix}{rest}")),
        None => Err(config_error(format!("endpoint {url:?} is not an absolute URL"))),
    }
}

/// What the resolved endpoint decides about a request.
struct Target {
    /// The request URL (the endpoint with the request URI `/`).
    url: String,
    /// Headers the rule set adds.
    headers: Vec<(String, String)>,
    /// The SigV4 auth scheme's `signingRegion`, when it names one (IAM's global endpoint is
    /// signed for `us-east-1` whatever the configured region).
    signing_region: Option<String>,
    /// The SigV4 auth scheme's `signingName`, when it names one.
    signing_name: Option<String>,
}

/// The first `sigv4` entry of the endpoint's `authSchemes` property, if it has the property.
/// Schemes are listed in preference order; a list without `sigv4` (only `sigv4a`, say) asks for
/// signing this client cannot do, which is an error rather than a request signed wrongly.
fn sigv4_scheme(properties: &BTreeMap<String, Document>) -> Result<Option<&BTreeMap<String, Document>>, String> {
    let Some(Document::Array(schemes)) = properties.get("authSchemes") else {
        return Ok(None);
    };
    let objects = schemes.iter().filter_map(|s| match s {
        Document::Object(o) => Some(o),
        _ => None,
    });
    let mut names = Vec::new();
    for scheme in objects {
        match scheme.get("name") {
            Some(Document::String(name)) if name == "sigv4" => return Ok(Some(scheme)),
            Some(Document::String(name)) => names.push(name.as_str()),
            _ => {}
        }
    }
    if names.is_empty() {
        Ok(None)
    } else {
        Err(format!("the endpoint asks for auth schemes {names:?}; only sigv4 is supported"))
    }
}

/// A resolved URL must be absolute http(s) with a host: a configured endpoint URL reaches
/// this point as given.
fn check_endpoint_url(url: &str) -> Result<(), SdkError<std::convert::Infallible>> {
    let invalid = |why: &str| {
        let shown: String = url.chars().take(64).collect();
        config_error(format!("invalid endpoint URL {shown:?}: {why}"))
    };
    let uri = hyper::Uri::try_from(url).map_err(|e| invalid(&e.to_string()))?;
    match uri.scheme_str() {
        Some(s) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => {}
        _ => return Err(invalid("expected an absolute http:// or https:// URL")),
    }
    match uri.host() {
        Some(host) if !host.is_empty() => Ok(()),
        _ => Err(invalid("no host")),
    }
}

/// A region must be one DNS label, as botocore requires (`^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}
/// [a-zA-Z0-9])?$`): rule sets put it in the host (`..` made `elasticache....amazonaws.com`) and
/// SigV4 puts it in the credential scope, so it is checked before either, with or without a
/// configured endpoint URL.
fn check_region(region: &str) -> Result<(), SdkError<std::convert::Infallible>> {
    let b = region.as_bytes();
    let inner_ok = b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-');
    let ends_ok = b.first().is_some_and(u8::is_ascii_alphanumeric) && b.last().is_some_and(u8::is_ascii_alphanumeric);
    if (1..=63).contains(&b.len()) && inner_ok && ends_ok {
        return Ok(());
    }
    let shown: String = region.chars().take(64).collect();
    Err(config_error(format!(
        "invalid region {shown:?}: expected one DNS label (letters, digits and inner `-`, at most 63 characters)"
    )))
}

fn config_error(message: impl ToString) -> SdkError<std::convert::Infallible> {
    SdkError::Config(ConfigError { message: message.to_string() })
}

fn host_of(url: &str) -> Result<String, SdkError<std::convert::Infallible>> {
    let rest = url
        .split_once("://")
        .map(|(_, r)| r)
        .ok_or_else(|| config_error(format!("endpoint {url:?} is not an absolute URL")))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() {
        return Err(config_error(format!("endpoint {url:?} has no host")));
    }
    Ok(host.to_string())
}

fn header_request_id(resp: &HttpResponse) -> Option<String> {
    resp.header("x-amzn-requestid").or_else(|| resp.header("x-amz-request-id")).map(str::to_string)
}

/// Reads the protocol's error document: `<ErrorResponse><Error><Type/><Code/><Message/></Error>
/// <RequestId/></ErrorResponse>` for query, `<Response><Errors><Error><Code/><Message/></Error>
/// </Errors><RequestID/></Response>` for EC2. The HTTP status and, failing the body, the
/// request id header complete the metadata. A query document that nests its `<Error>` in
/// `<Errors>` as EC2 does (moto's authentication errors) is read too, as botocore reads it.
pub fn parse_error_envelope(protocol: Protocol, resp: &HttpResponse) -> Result<ErrorMetadata, XmlError> {
    let mut r = XmlReader::new(&resp.body);
    r.root()?;
    let mut meta = ErrorMetadata { status: resp.status, ..Default::default() };
    let mut code = None;
    while let Some(tag) = r.next_child()? {
        match (protocol, tag.name()) {
            (Protocol::Query, b"Error") => read_error_fields(&mut r, &mut meta, &mut code)?,
            (_, b"Errors") => {
                let mut first = true;
                while let Some(t) = r.next_child()? {
                    if t.name() == b"Error" && first {
                        read_error_fields(&mut r, &mut meta, &mut code)?;
                        first = false;
                    } else {
                        r.skip()?;
                    }
                }
            }
            (_, b"RequestId" | b"RequestID") => meta.request_id = Some(r.text()?.trim().to_string()),
            _ => r.skip()?,
        }
    }
    meta.code = code.ok_or_else(|| r.error("error document without an error <Code>"))?;
    if meta.request_id.is_none() {
        meta.request_id = header_request_id(resp);
    }
    Ok(meta)
}

fn read_error_fields(
    r: &mut XmlReader<'_>,
    meta: &mut ErrorMetadata,
    code: &mut Option<String>,
) -> Result<(), XmlError> {
    while let Some(t) = r.next_child()? {
        match t.name() {
            b"Code" => *code = Some(r.text()?.trim().to_string()),
            b"Message" => meta.message = Some(r.text()?),
            b"Type" => meta.fault = Some(r.text()?.trim().to_string()),
            _ => r.skip()?,
        }
    }
    Ok(())
}

/// Positions a reader on the children of the `<Error>` element of an error document, so that a
/// generated error parser can read the error's own members. `Ok(None)` if there is none.
pub fn error_element_reader(protocol: Protocol, body: &[u8]) -> Result<Option<XmlReader<'_>>, XmlError> {
    let mut r = XmlReader::new(body);
    r.root()?;
    let path: &[&str] = match protocol {
        Protocol::Query => &["Error"],
        Protocol::Ec2 => &["Errors", "Error"],
    };
    Ok(if r.descend(path)? { Some(r) } else { None })
}

/// Reads a `query` success document: enters the root, hands the `<{result_wrapper}>` element
/// to `parse` (which must consume it), and returns the `ResponseMetadata/RequestId`. An empty
/// body is a document without members (as botocore reads it).
pub fn read_query_response<'a>(
    body: &'a [u8],
    result_wrapper: Option<&str>,
    mut parse: impl FnMut(&mut XmlReader<'a>) -> Result<(), XmlError>,
) -> Result<Option<String>, XmlError> {
    if is_blank(body) {
        return Ok(None);
    }
    let mut r = XmlReader::new(body);
    r.root()?;
    let mut request_id = None;
    while let Some(tag) = r.next_child()? {
        let name = tag.name();
        if result_wrapper.is_some_and(|w| w.as_bytes() == name) {
            parse(&mut r)?;
        } else if name == b"ResponseMetadata" {
            request_id = read_response_metadata(&mut r)?;
        } else {
            r.skip()?;
        }
    }
    Ok(request_id)
}

/// Positions a reader on the children of an EC2 success document's root, where the output
/// members and `<requestId>` are; `None` for an empty body.
pub fn ec2_response_reader(body: &[u8]) -> Result<Option<XmlReader<'_>>, XmlError> {
    if is_blank(body) {
        return Ok(None);
    }
    let mut r = XmlReader::new(body);
    r.root()?;
    Ok(Some(r))
}

/// Whether a body is the protocol's error document, whatever the status: its root is
/// `<ErrorResponse>` (query) or `<Response>` (EC2), never the root of a result
/// (`<{Operation}Response>`) except for a query operation named `Error`. A 2xx reply carrying
/// one is the error it describes, not an empty output (a proxy or a service may answer so).
fn is_error_document(protocol: Protocol, operation: &str, body: &[u8]) -> bool {
    if is_blank(body) {
        return false;
    }
    let Ok(root) = XmlReader::new(body).root() else { return false };
    match protocol {
        Protocol::Query => root.name() == b"ErrorResponse" && operation != "Error",
        Protocol::Ec2 => root.name() == b"Response",
    }
}

fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

/// Reads a `<ResponseMetadata>` element (the reader is inside it) and returns its `RequestId`.
pub fn read_response_metadata(r: &mut XmlReader<'_>) -> Result<Option<String>, XmlError> {
    let mut request_id = None;
    while let Some(t) = r.next_child()? {
        if t.name() == b"RequestId" {
            request_id = Some(r.text()?.trim().to_string());
        } else {
            r.skip()?;
        }
    }
    Ok(request_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_urls_append_the_request_uri_to_the_endpoint_path() {
        assert_eq!(with_root_path("https://example.com".into()), "https://example.com/");
        assert_eq!(with_root_path("https://example.com/".into()), "https://example.com/");
        assert_eq!(with_root_path("https://example.com/custom".into()), "https://example.com/custom/");
        assert_eq!(with_root_path("http://127.0.0.1:4566/a/b/".into()), "http://127.0.0.1:4566/a/b/");
        assert_eq!(with_root_path("https://example.com?x=1".into()), "https://example.com/?x=1");
    }

    #[test]
    fn host_prefixes_go_before_the_host() {
        assert_eq!(with_host_prefix("https://example.com/x", "foo.").unwrap(), "https://foo.example.com/x");
        assert!(with_host_prefix("example.com", "foo.").is_err());
    }

    #[test]
    fn regions_must_be_one_host_label() {
        for good in ["us-east-1", "a", "1", "eu-isoe-west-1", "A-9", &"x".repeat(63)] {
            assert!(check_region(good).is_ok(), "{good}");
        }
        for bad in ["", "..", ".", "us-east-1.", "us.east", "-us", "us-", "us_east", "us east", "ü", &"x".repeat(64)] {
            match check_region(bad) {
                Err(SdkError::Config(e)) => assert!(e.message.starts_with("invalid region"), "{bad}: {e:?}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn error_documents_are_known_by_their_root() {
        let query_error = b"<?xml version=\"1.0\"?>\n<ErrorResponse><Error><Code>X</Code></Error></ErrorResponse>";
        assert!(is_error_document(Protocol::Query, "CopySnapshot", query_error));
        assert!(!is_error_document(Protocol::Query, "CopySnapshot", b"<CopySnapshotResponse/>"));
        // A query operation named `Error` answers `<ErrorResponse><ErrorResult>`.
        assert!(!is_error_document(Protocol::Query, "Error", b"<ErrorResponse><ErrorResult/></ErrorResponse>"));
        let ec2_error = b"<Response><Errors><Error><Code>X</Code></Error></Errors></Response>";
        assert!(is_error_document(Protocol::Ec2, "RunInstances", ec2_error));
        assert!(!is_error_document(Protocol::Ec2, "RunInstances", b"<RunInstancesResponse/>"));
        for not_xml in [&b""[..], b"  ", b"not xml", b"<ErrorResponse"] {
            assert!(!is_error_document(Protocol::Query, "X", not_xml));
        }
    }

    /// moto's signature errors wrap `<Error>` in `<Errors>` even for query services.
    #[test]
    fn a_query_error_nested_in_errors_is_read() {
        let body = br#"<?xml version="1.0" encoding="utf-8"?>
<ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>no match</Message><Type>Sender</Type></Error></Errors></ErrorResponse>"#;
        let resp = HttpResponse {
            status: 403,
            headers: vec![("x-amzn-requestid".into(), "rid-1".into())],
            body: body.to_vec(),
        };
        let meta = parse_error_envelope(Protocol::Query, &resp).unwrap();
        assert_eq!(meta.code, "SignatureDoesNotMatch");
        assert_eq!(meta.message.as_deref(), Some("no match"));
        assert_eq!(meta.fault.as_deref(), Some("Sender"));
        assert_eq!((meta.status, meta.request_id.as_deref()), (403, Some("rid-1")));
    }
}
