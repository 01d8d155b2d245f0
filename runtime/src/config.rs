//! Client configuration: what the caller sets in code, else what the environment and the
//! shared `~/.aws` files say (region, credentials, endpoint override, FIPS/dual-stack flags,
//! the other endpoint settings (S3 addressing, STS global endpoint, account-ID mode), retries,
//! timeouts, request compression, flexible checksums), and the checks a region and an endpoint
//! URL must pass before a request is built from them.

use crate::checksum::{RequestChecksumCalculation, ResponseChecksumValidation};
use crate::client::StalledStreamProtection;
use crate::compression::CompressionConfig;
use crate::credentials::{CacheSettings, CredentialsCache, DefaultCredentialsChain, ProvideCredentials};
use crate::endpoint::settings::ResolvedEndpointSettings;
use crate::endpoint::{AccountIdEndpointMode, BuiltIns, EndpointSettings};
use crate::error::{ConfigError, SdkError};
use crate::http::HttpClient;
use crate::interceptor::{Interceptor, Interceptors};
use crate::profile::{self, Environment};
use crate::query::TokenSource;
use crate::retry::RetryConfig;
use crate::HyperClient;
use std::convert::Infallible;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Client configuration, shared by every service client.
#[derive(Clone)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) credentials: Arc<dyn ProvideCredentials>,
    pub(crate) http_client: Arc<dyn HttpClient>,
    pub(crate) endpoint_url: Option<String>,
    /// Read from the builder, the environment or the profile; a malformed setting fails each
    /// call with a configuration error rather than reading as `false`.
    pub(crate) use_fips: Result<bool, String>,
    pub(crate) use_dual_stack: Result<bool, String>,
    /// The endpoint settings beyond those four, resolved (or why one could not be).
    pub(crate) endpoint_settings: Result<ResolvedEndpointSettings, String>,
    /// The retry settings, or why the environment's could not be read (reported by every call).
    pub(crate) retry: Result<RetryConfig, ConfigError>,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) read_timeout: Option<Duration>,
    pub(crate) stalled_stream: Option<StalledStreamProtection>,
    pub(crate) env: Environment,
    pub(crate) idempotency_tokens: TokenSource,
    pub(crate) compression: CompressionConfig,
    /// Flexible checksums: when a request carries one, when a reply's is checked; a malformed
    /// setting fails each call with a configuration error naming its source.
    pub(crate) request_checksum_calculation: Result<RequestChecksumCalculation, String>,
    pub(crate) response_checksum_validation: Result<ResponseChecksumValidation, String>,
    /// Typed mocks that answer calls before the pipeline (feature `test-util`).
    #[cfg(feature = "test-util")]
    pub(crate) mocks: Option<crate::mock::Mocks>,
    /// Run at the hooks of every call, in order ([`crate::interceptor`]).
    pub(crate) interceptors: Interceptors,
    /// `sdk_ua_app_id`: the `app/` token of the user agent.
    pub(crate) app_id: Option<String>,
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
            .field("endpoint_settings", &self.endpoint_settings)
            .field("retry", &self.retry)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("interceptors", &self.interceptors)
            .field("app_id", &self.app_id)
            .field("operation_timeout", &self.operation_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("stalled_stream", &self.stalled_stream)
            .field("request_checksum_calculation", &self.request_checksum_calculation)
            .field("response_checksum_validation", &self.response_checksum_validation)
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

    /// What this configuration gives a service's endpoint rule set: region, FIPS, dual-stack,
    /// endpoint URL (set, else `AWS_ENDPOINT_URL_<service_env_suffix>` and the other sources of
    /// [`ConfigBuilder::load_from_env`]) and the other endpoint settings; no operation's
    /// context parameters. A malformed setting is the error every call reports.
    pub fn endpoint_built_ins(&self, service_env_suffix: &str) -> Result<BuiltIns, ConfigError> {
        let err = |message: &String| ConfigError { message: message.clone() };
        let mut built_ins = BuiltIns {
            region: self.region.clone(),
            use_fips: self.use_fips.clone().map_err(|e| err(&e))?,
            use_dual_stack: self.use_dual_stack.clone().map_err(|e| err(&e))?,
            endpoint: self
                .endpoint_url
                .clone()
                .or_else(|| profile::resolve_endpoint_url(&self.env, service_env_suffix)),
            ..BuiltIns::default()
        };
        self.endpoint_settings.as_ref().map_err(err)?.apply(&mut built_ins);
        Ok(built_ins)
    }
}

/// Builds a [`Config`].
#[derive(Default)]
pub struct ConfigBuilder {
    region: Option<String>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    credentials_cache: Option<CacheSettings>,
    http_client: Option<Arc<dyn HttpClient>>,
    endpoint_url: Option<String>,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    endpoint_settings: EndpointSettings,
    retry: Option<RetryConfig>,
    attempt_timeout: Option<Option<Duration>>,
    operation_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    stalled_stream: Option<Option<StalledStreamProtection>>,
    connect_timeout: Option<Duration>,
    env: Option<Environment>,
    idempotency_tokens: Option<TokenSource>,
    compression: Option<CompressionConfig>,
    request_checksum_calculation: Option<RequestChecksumCalculation>,
    response_checksum_validation: Option<ResponseChecksumValidation>,
    #[cfg(feature = "test-util")]
    mocks: Option<crate::mock::Mocks>,
    interceptors: Interceptors,
    app_id: Option<String>,
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

    /// Static credentials or any other provider (an `Arc<dyn ProvideCredentials>` too). The
    /// client keeps what it provides in a [`CredentialsCache`], asking again shortly before the
    /// credentials expire.
    pub fn credentials(mut self, provider: impl ProvideCredentials) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// When the credentials cache refreshes ([`CacheSettings::default`] unless set).
    pub fn credentials_cache(mut self, settings: CacheSettings) -> Self {
        self.credentials_cache = Some(settings);
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

    // Endpoint settings beyond region, FIPS, dual-stack and URL: each reaches the rule-set
    // parameter of its built-in (or S3's client context parameter) in every service that has
    // one; set in code, it wins over the environment and the profile.

    /// S3 path-style addressing: `https://s3.<region>.amazonaws.com/<bucket>/<key>` (default:
    /// virtual-hosted, `https://<bucket>.s3...`). Needed by S3-compatible servers on an IP
    /// address.
    pub fn force_path_style(mut self, on: bool) -> Self {
        self.endpoint_settings.force_path_style = Some(on);
        self
    }

    /// S3 Transfer Acceleration endpoints (`<bucket>.s3-accelerate.amazonaws.com`).
    pub fn accelerate(mut self, on: bool) -> Self {
        self.endpoint_settings.accelerate = Some(on);
        self
    }

    /// Lets an access-point or outpost ARN's region win over the configured region (S3 and S3
    /// Control; default: `AWS_S3_USE_ARN_REGION`, else the profile's `s3_use_arn_region`).
    pub fn use_arn_region(mut self, on: bool) -> Self {
        self.endpoint_settings.use_arn_region = Some(on);
        self
    }

    /// Refuses S3 Multi-Region Access Point ARNs (default:
    /// `AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS`, else the profile's
    /// `s3_disable_multiregion_access_points`, else `false`).
    pub fn disable_multi_region_access_points(mut self, on: bool) -> Self {
        self.endpoint_settings.disable_multi_region_access_points = Some(on);
        self
    }

    /// S3 Express buckets without session auth (default: `AWS_S3_DISABLE_EXPRESS_SESSION_AUTH`,
    /// else the profile's `s3_disable_express_session_auth`).
    pub fn disable_s3_express_session_auth(mut self, on: bool) -> Self {
        self.endpoint_settings.disable_s3_express_session_auth = Some(on);
        self
    }

    /// S3's global endpoint `s3.amazonaws.com` for `us-east-1` (default:
    /// `AWS_S3_US_EAST_1_REGIONAL_ENDPOINT`, else the profile's
    /// `s3_us_east_1_regional_endpoint`: `legacy` is `true`, `regional` `false`; else `false`).
    pub fn s3_use_global_endpoint(mut self, on: bool) -> Self {
        self.endpoint_settings.s3_use_global_endpoint = Some(on);
        self
    }

    /// STS's global endpoint `sts.amazonaws.com` (default: `AWS_STS_REGIONAL_ENDPOINTS`, else
    /// the profile's `sts_regional_endpoints`: `legacy` is `true`, `regional` `false`; else
    /// `false`).
    pub fn sts_use_global_endpoint(mut self, on: bool) -> Self {
        self.endpoint_settings.sts_use_global_endpoint = Some(on);
        self
    }

    /// Account-based endpoints (DynamoDB; default: `AWS_ACCOUNT_ID_ENDPOINT_MODE`, else the
    /// profile's `account_id_endpoint_mode`, else unset, which the rule sets read as disabled).
    pub fn account_id_endpoint_mode(mut self, mode: AccountIdEndpointMode) -> Self {
        self.endpoint_settings.account_id_endpoint_mode = Some(mode);
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
    /// limit. A call that runs out fails with a
    /// [`TimeoutKind::Operation`](crate::error::TimeoutKind::Operation) timeout, whatever attempt
    /// it was on.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// The longest the client waits for the next bytes of a response (its head, then each
    /// chunk of its body) before the attempt fails with a
    /// [`TimeoutKind::Read`](crate::error::TimeoutKind::Read) timeout (retried). A streaming
    /// output's body keeps the limit: `next()` fails with it. Default: none (the attempt
    /// timeout bounds a reply the client reads itself). The head's wait includes sending an
    /// in-memory body; a streamed request body is not limited while it is sent.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = Some(timeout);
        self
    }

    /// Stalled-stream protection for streaming outputs' bodies (`None` turns it off). Default:
    /// on, at least 1 byte/s over every 5 s of waiting
    /// ([`StalledStreamProtection::default`]).
    pub fn stalled_stream_protection(mut self, protection: Option<StalledStreamProtection>) -> Self {
        self.stalled_stream = Some(protection);
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

    /// When a request of an operation with the `httpChecksum` trait carries a checksum
    /// (default: `AWS_REQUEST_CHECKSUM_CALCULATION`, else the profile's
    /// `request_checksum_calculation`, else [`RequestChecksumCalculation::WhenSupported`]).
    pub fn request_checksum_calculation(mut self, when: RequestChecksumCalculation) -> Self {
        self.request_checksum_calculation = Some(when);
        self
    }

    /// When a reply's checksum is checked (default: `AWS_RESPONSE_CHECKSUM_VALIDATION`, else the
    /// profile's `response_checksum_validation`, else
    /// [`ResponseChecksumValidation::WhenSupported`]).
    pub fn response_checksum_validation(mut self, when: ResponseChecksumValidation) -> Self {
        self.response_checksum_validation = Some(when);
        self
    }

    /// Answers calls from typed rules ([`crate::mock`]) before anything is serialized, signed
    /// or sent: a mocked call needs no credentials, region or transport.
    #[cfg(feature = "test-util")]
    pub fn mocks(mut self, mocks: crate::mock::Mocks) -> Self {
        self.mocks = Some(mocks);
        self
    }

    /// Adds an interceptor, run at the hooks of every call of every client built from this
    /// configuration, after those added before it (see [`crate::interceptor`]).
    pub fn interceptor(mut self, interceptor: impl Interceptor + 'static) -> Self {
        self.interceptors.0.push(Arc::new(interceptor));
        self
    }

    /// The application id the user agent carries as `app/<id>` (default: `AWS_SDK_UA_APP_ID`,
    /// else the profile's `sdk_ua_app_id`). Characters the header format does not allow become
    /// `-`; at most [`MAX_APP_ID_LEN`](crate::user_agent::MAX_APP_ID_LEN) are kept.
    pub fn sdk_ua_app_id(mut self, app_id: impl Into<String>) -> Self {
        self.app_id = Some(app_id.into());
        self
    }

    /// The configuration.
    pub fn build(self) -> Config {
        let env = self.env.unwrap_or_else(|| Environment::from_vars(Vec::<(String, String)>::new()));
        let compression = self.compression.unwrap_or_else(|| compression_from_env(&env));
        let region = self.region.or_else(|| profile::resolve_region(&env));
        // Every provider sits behind the cache: one fetch per expiry, shared by concurrent calls.
        let provider = self
            .credentials
            .unwrap_or_else(|| Arc::new(DefaultCredentialsChain::new(env.clone())) as Arc<dyn ProvideCredentials>);
        let credentials: Arc<dyn ProvideCredentials> =
            Arc::new(CredentialsCache::shared(provider, self.credentials_cache.unwrap_or_default()));
        Config {
            region,
            credentials,
            http_client: self.http_client.unwrap_or_else(|| {
                let mut builder = HyperClient::builder().environment(&env);
                if let Some(timeout) = self.connect_timeout {
                    builder = builder.connect_timeout(timeout);
                }
                Arc::new(builder.build())
            }),
            endpoint_url: self.endpoint_url,
            use_fips: flag(self.use_fips, &env, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint"),
            use_dual_stack: flag(self.use_dual_stack, &env, "AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint"),
            endpoint_settings: self.endpoint_settings.resolve(&env),
            retry: self.retry.map(Ok).unwrap_or_else(|| RetryConfig::from_env(&env)),
            attempt_timeout: self.attempt_timeout.unwrap_or(Some(Duration::from_secs(60))),
            operation_timeout: self.operation_timeout,
            read_timeout: self.read_timeout,
            stalled_stream: self.stalled_stream.unwrap_or(Some(StalledStreamProtection::default())),
            request_checksum_calculation: checksum_setting(
                self.request_checksum_calculation,
                &env,
                ("AWS_REQUEST_CHECKSUM_CALCULATION", "request_checksum_calculation"),
                RequestChecksumCalculation::parse,
            ),
            response_checksum_validation: checksum_setting(
                self.response_checksum_validation,
                &env,
                ("AWS_RESPONSE_CHECKSUM_VALIDATION", "response_checksum_validation"),
                ResponseChecksumValidation::parse,
            ),
            #[cfg(feature = "test-util")]
            mocks: self.mocks,
            interceptors: self.interceptors,
            app_id: self.app_id.or_else(|| crate::user_agent::app_id_from_env(&env)),
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

/// A checksum setting: explicit, else the environment variable, else the profile key, else the
/// default (`when_supported`); another value than `when_supported` / `when_required` is an
/// error naming its source.
fn checksum_setting<T: Default>(
    explicit: Option<T>,
    env: &Environment,
    (var, key): (&str, &str),
    parse: fn(&str) -> Option<T>,
) -> Result<T, String> {
    if let Some(value) = explicit {
        return Ok(value);
    }
    let (value, source) = match env.var(var) {
        Some(v) => (v, var.to_owned()),
        None => {
            let Ok(files) = profile::load(env) else { return Ok(T::default()) };
            let name = files.selected_profile();
            match files.get(name, key) {
                Some(v) => {
                    let file = files.file_of(name, key).unwrap_or(files.config_file().path());
                    (v.to_owned(), format!("`{key}` in profile `{name}` of {}", file.display()))
                }
                None => return Ok(T::default()),
            }
        }
    };
    parse(&value).ok_or_else(|| {
        let shown: String = value.chars().take(32).collect();
        format!("{source}: expected `when_supported` or `when_required`, got {shown:?}")
    })
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

/// A resolved URL must be absolute http(s) with a host: a configured endpoint URL reaches
/// this point as given.
pub(crate) fn check_endpoint_url(url: &str) -> Result<(), SdkError<Infallible>> {
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
pub(crate) fn check_region(region: &str) -> Result<(), SdkError<Infallible>> {
    if crate::endpoint::is_valid_host_label(region, false) {
        return Ok(());
    }
    let shown: String = region.chars().take(64).collect();
    Err(config_error(format!(
        "invalid region {shown:?}: expected one DNS label (letters, digits and inner `-`, at most 63 characters)"
    )))
}

/// A configuration error, from any message.
pub(crate) fn config_error(message: impl ToString) -> SdkError<Infallible> {
    SdkError::Config(ConfigError { message: message.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_settings_come_from_code_env_or_profile() {
        let env = Environment::from_vars([("AWS_REQUEST_CHECKSUM_CALCULATION", "WHEN_REQUIRED")]);
        let config = Config::builder().environment(env.clone()).build();
        assert_eq!(config.request_checksum_calculation, Ok(RequestChecksumCalculation::WhenRequired));
        assert_eq!(config.response_checksum_validation, Ok(ResponseChecksumValidation::WhenSupported));
        let config = Config::builder()
            .environment(env)
            .request_checksum_calculation(RequestChecksumCalculation::WhenSupported)
            .build();
        assert_eq!(config.request_checksum_calculation, Ok(RequestChecksumCalculation::WhenSupported));

        let env = Environment::from_vars([("HOME", "/nonexistent"), ("AWS_CONFIG_FILE", "/cfg")])
            .with_file("/cfg", "[default]\nresponse_checksum_validation = sometimes\n");
        let err = Config::builder().environment(env).build().response_checksum_validation.expect_err("bad");
        assert!(err.contains("response_checksum_validation") && err.contains("sometimes"), "{err}");
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
}
