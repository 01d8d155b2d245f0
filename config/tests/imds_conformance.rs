//! smithy-rs's `imds-config/imds-endpoint-tests.json` (vendored under `tests/data/aws-config/`):
//! each case's variables, config file and endpoint or mode given in code → the URL the token
//! is asked for, or an error containing the expected text. The URL is the one the client
//! actually sent, through a transport that records requests.
//!
//! `imds_endpoint_summary` prints one line (`imds-endpoint-tests.json: 14 passed, 0 failed`),
//! which `cargo xtask test` collects.

use std::sync::{Arc, Mutex};

use awsgen_config::imds::{EndpointMode, ImdsClient, ImdsRegionProvider};
use awsgen_config::ProviderConfig;
use awsgen_runtime::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError};
use awsgen_runtime::profile::Environment;
use serde_json::Value;

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/aws-config/imds-config/imds-endpoint-tests.json");
const CASES: usize = 14;

/// Records every request and answers as the service would: a token, then a region.
#[derive(Debug, Default)]
struct Recorder(Arc<Mutex<Vec<String>>>);

impl HttpClient for Recorder {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.0.lock().unwrap().push(request.url.clone());
        let body = if request.method == "PUT" { "a-token" } else { "us-east-1" };
        Box::pin(async move { Ok(HttpResponse::new(200, body)) })
    }
}

/// Runs one case; `Err` says how it differs from the expectation.
async fn run(case: &Value) -> Result<(), String> {
    let vars = case["env"].as_object().ok_or("no env")?;
    let vars = vars.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()));
    // One file held in memory at least, so that nothing is read from this machine's disk.
    let mut env = Environment::from_vars(vars).with_file("/no-such-dir/none", "");
    for (path, contents) in case["fs"].as_object().ok_or("no fs")? {
        env = env.with_file(path, contents.as_str().unwrap_or_default());
    }
    let requests = Arc::new(Mutex::new(Vec::new()));
    let config = ProviderConfig::new(env).with_http_client(Recorder(requests.clone()));
    let mut builder = ImdsClient::builder(config);
    if let Some(endpoint) = case["endpoint_override"].as_str() {
        builder = builder.endpoint(endpoint);
    }
    if let Some(mode) = case["mode_override"].as_str() {
        builder = builder.endpoint_mode(mode.parse::<EndpointMode>().map_err(|e| e.to_string())?);
    }
    let outcome = match builder.build() {
        Ok(client) => ImdsRegionProvider::with_client(client).region().await.map(|_| ()),
        Err(e) => Err(e),
    };
    let first_url = requests.lock().unwrap().first().cloned();
    match (&case["result"]["Ok"], &case["result"]["Err"], outcome) {
        (Value::String(url), _, Ok(())) if first_url.as_deref() == Some(url) => Ok(()),
        (Value::String(url), _, Ok(())) => Err(format!("expected a token request to {url}, sent {first_url:?}")),
        (Value::String(_), _, Err(e)) => Err(format!("expected success, got: {e}")),
        // smithy-rs's "invalid uri character" is ours "not allowed in a URL".
        (_, Value::String(text), Err(e))
            if e.to_string().contains(if text == "invalid uri character" { "not allowed in a URL" } else { text }) =>
        {
            Ok(())
        }
        (_, Value::String(text), Err(e)) => Err(format!("expected an error containing {text:?}, got: {e}")),
        (_, Value::String(text), Ok(())) => Err(format!("expected an error containing {text:?}, sent {first_url:?}")),
        _ => Err("the case has neither Ok nor Err".to_owned()),
    }
}

#[tokio::test]
async fn imds_endpoint_summary() {
    let text = std::fs::read_to_string(FILE).expect("the vendored vectors");
    let suite: Value = serde_json::from_str(&text).expect("valid JSON");
    let cases = suite["tests"].as_array().expect("a tests array");
    let mut failures = Vec::new();
    for case in cases {
        if let Err(why) = run(case).await {
            failures.push(format!("{}: {why}", case["docs"]));
        }
    }
    let passed = cases.len() - failures.len();
    println!("imds-endpoint-tests.json: {passed} passed, {} failed", failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(cases.len(), CASES, "the vendored file changed");
}
