//! Configuration from outside the program: environment variables and the shared
//! `~/.aws/config` and `~/.aws/credentials` files, through everything that reads them (profile
//! loading, region, endpoint URL, FIPS and dual-stack flags, retry settings, the credentials
//! chain, a client's configuration and one call with it).
//!
//! The input is three parts separated by NUL bytes: variables (`NAME=value` lines), the config
//! file, the credentials file. The files are held in memory by the `Environment`
//! ([`Environment::with_file`]), so the target reads nothing from disk.

#![no_main]

use awsgen_runtime::credentials::DefaultCredentialsChain;
use awsgen_runtime::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError};
use awsgen_runtime::profile::{self, Environment};
use awsgen_runtime::retry::RetryConfig;
use awsgen_runtime::Config;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const HOME: &str = "/fuzz-home";

/// Answers every request with an empty DescribeCacheClusters reply.
#[derive(Debug)]
struct Answer;

impl HttpClient for Answer {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        // Whatever the configuration, the request goes to an http(s) URL (schemes are
        // case-insensitive).
        let url = request.url.to_ascii_lowercase();
        assert!(url.starts_with("http://") || url.starts_with("https://"), "{request:?}");
        let body = b"<DescribeCacheClustersResponse><DescribeCacheClustersResult/></DescribeCacheClustersResponse>";
        Box::pin(async move { Ok(HttpResponse { status: 200, headers: Vec::new(), body: body.to_vec() }) })
    }
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime"))
}

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |b| *b == 0);
    let (vars, config, credentials) = (parts.next().unwrap_or(&[]), parts.next(), parts.next());
    let mut env_vars = vec![("HOME".to_owned(), HOME.to_owned())];
    for line in String::from_utf8_lossy(vars).lines() {
        let (name, value) = line.split_once('=').unwrap_or((line, ""));
        env_vars.push((name.to_owned(), value.to_owned()));
    }
    // Holding any file makes the environment read files from memory alone.
    let mut env = Environment::from_vars(env_vars).with_file(format!("{HOME}/.aws/placeholder"), Vec::new());
    if let Some(text) = config {
        env = env.with_file(format!("{HOME}/.aws/config"), text.to_vec());
    }
    if let Some(text) = credentials {
        env = env.with_file(format!("{HOME}/.aws/credentials"), text.to_vec());
    }

    let profile_name = profile::selected_profile(&env);
    match profile::load(&env) {
        Ok(files) => {
            for key in ["region", "aws_access_key_id", "endpoint_url", "max_attempts", "retry_mode"] {
                let _ = files.get(&profile_name, key);
            }
            let _ = format!("{files:?}");
        }
        Err(e) => {
            let _ = (e.to_string(), e.line(), e.path());
        }
    }
    let _ = profile::resolve_region(&env);
    let _ = profile::resolve_endpoint_url(&env, "ElastiCache");
    let _ = profile::resolve_flag(&env, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint");
    let _ = profile::resolve_flag(&env, "AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint");
    let _ = RetryConfig::from_env(&env).map_err(|e| e.to_string());
    if let Ok(c) = DefaultCredentialsChain::new(env.clone()).credentials() {
        let shown = format!("{c:?}");
        let secret = c.secret_access_key();
        // Debug redacts the secret (checked when it cannot appear by coincidence).
        if secret.len() >= 12 && !c.access_key_id().contains(secret) {
            assert!(!shown.contains(secret), "the secret reached Debug: {shown}");
        }
    }

    let config = Config::builder().environment(env).http_client(Answer).build();
    let _ = (config.region(), config.retry_config().is_ok(), format!("{config:?}"));
    let client = awsgen_elasticache::Client::new(config);
    let _ = runtime().block_on(client.describe_cache_clusters().send());
});
