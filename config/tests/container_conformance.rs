//! smithy-rs's `ecs-tests.json` (vendored under `tests/data/aws-config/`): each case's
//! variables → the URL credentials are fetched from, or an error saying what the expected text
//! says (in our words: `our_words`).
//! The URL is the one the provider actually sent, through a transport that records requests.
//!
//! `ecs_summary` prints one line (`ecs-tests.json: 11 passed, 0 failed`), which
//! `cargo xtask test` collects.

use std::sync::{Arc, Mutex};

use awsgen_config::{ContainerCredentialsProvider, ProviderConfig};
use awsgen_runtime::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError};
use awsgen_runtime::profile::Environment;
use serde_json::Value;

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/aws-config/ecs-tests.json");
const CASES: usize = 11;

/// Records every request and answers with a credentials document.
#[derive(Debug, Default)]
struct Recorder(Arc<Mutex<Vec<String>>>);

impl HttpClient for Recorder {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.0.lock().unwrap().push(request.url.clone());
        let body =
            r#"{"AccessKeyId": "ASIA", "SecretAccessKey": "s", "Token": "t", "Expiration": "2030-01-01T00:00:00Z"}"#;
        Box::pin(async move { Ok(HttpResponse::new(200, body)) })
    }
}

/// The vectors' expected error texts are smithy-rs's wording; ours says the same in its own
/// words, and this maps one to the other.
fn our_words(theirs: &str) -> &str {
    match theirs {
        "No environment variables were set to configure ECS provider" => {
            "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set"
        }
        "URI did not specify a host" => "not an absolute URL: no host",
        other => other,
    }
}

async fn run(case: &Value) -> Result<(), String> {
    let vars = case["env"].as_object().ok_or("no env")?;
    let vars = vars.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()));
    let env = Environment::from_vars(vars).with_file("/no-such-dir/none", "");
    let requests = Arc::new(Mutex::new(Vec::new()));
    let config = ProviderConfig::new(env).with_http_client(Recorder(requests.clone()));
    let outcome = ContainerCredentialsProvider::new(config).credentials().await;
    let url = requests.lock().unwrap().first().cloned();
    match (&case["result"]["Ok"], &case["result"]["ErrorContains"], outcome) {
        (Value::String(expected), _, Ok(_)) if url.as_deref() == Some(expected) => Ok(()),
        (Value::String(expected), _, Ok(_)) => Err(format!("expected a request to {expected}, sent {url:?}")),
        (Value::String(_), _, Err(e)) => Err(format!("expected success, got: {e}")),
        (_, Value::String(text), Err(e)) if e.to_string().contains(our_words(text)) => Ok(()),
        (_, Value::String(text), Err(e)) => Err(format!("expected an error containing {text:?}, got: {e}")),
        (_, Value::String(text), Ok(_)) => Err(format!("expected an error containing {text:?}, sent {url:?}")),
        _ => Err("the case has neither Ok nor ErrorContains".to_owned()),
    }
}

#[tokio::test]
async fn ecs_summary() {
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
    println!("ecs-tests.json: {passed} passed, {} failed", failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(cases.len(), CASES, "the vendored file changed");
}
