//! The smithy-rs default-chain vectors whose only traffic is instance metadata or the
//! container endpoint, replayed through the IMDS or container provider alone (the whole chain
//! runs them in its own conformance test): each case's variables and files, its recorded
//! exchanges answered in order (method and URL checked), and the expected credentials, or an
//! error: "the credential provider was not enabled" is smithy-rs's text for what our errors
//! call *not loaded*, so that case checks the kind; other expected texts are checked as written,
//! except a file the in-memory environment reports missing in its own words.

use std::collections::{BTreeMap, VecDeque};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::UNIX_EPOCH;

use awsgen_config::{ContainerCredentialsProvider, ImdsCredentialsProvider, ProviderConfig};
use awsgen_runtime::credentials::{Credentials, CredentialsError, CredentialsErrorKind};
use awsgen_runtime::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError};
use awsgen_runtime::profile::Environment;
use serde_json::Value;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/aws-config/default-credential-provider-chain");

/// One recorded exchange.
#[derive(Debug)]
struct Exchange {
    method: String,
    url: String,
    status: u16,
    body: String,
}

/// Answers each request with the next recorded exchange; a request that is not the next one
/// is a transport error naming both.
#[derive(Debug, Default)]
struct Replay {
    exchanges: Arc<Mutex<VecDeque<Exchange>>>,
    requests: Arc<Mutex<Vec<HttpRequest>>>,
}

impl HttpClient for Replay {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.requests.lock().unwrap().push(request.clone());
        let next = self.exchanges.lock().unwrap().pop_front();
        Box::pin(async move {
            match next {
                Some(e) if e.method == request.method && e.url == request.url => {
                    Ok(HttpResponse::new(e.status, e.body))
                }
                other => Err(TransportError::new(
                    format!("unexpected {} {}; next: {other:?}", request.method, request.url),
                    None,
                )),
            }
        })
    }
}

/// The recording's exchanges in connection order.
fn exchanges(traffic: &Value) -> VecDeque<Exchange> {
    let mut by_connection: BTreeMap<u64, Exchange> = BTreeMap::new();
    for event in traffic["events"].as_array().expect("events") {
        let id = event["connection_id"].as_u64().expect("connection_id");
        let entry = by_connection.entry(id).or_insert_with(|| Exchange {
            method: String::new(),
            url: String::new(),
            status: 0,
            body: String::new(),
        });
        let action = &event["action"];
        if let Some(request) = action["Request"]["request"].as_object() {
            entry.method = request["method"].as_str().unwrap().to_owned();
            entry.url = request["uri"].as_str().unwrap().to_owned();
        } else if let Some(status) = action["Response"]["response"]["Ok"]["status"].as_u64() {
            entry.status = status as u16;
        } else if action["Data"]["direction"] == "Response" {
            entry.body.push_str(action["Data"]["data"]["Utf8"].as_str().unwrap());
        }
    }
    by_connection.into_values().collect()
}

/// The case's variables, with its `fs/` files held in memory at their paths.
fn environment(case: &Path) -> Environment {
    let vars: BTreeMap<String, String> =
        serde_json::from_str(&std::fs::read_to_string(case.join("env.json")).unwrap()).unwrap();
    let mut env = Environment::from_vars(vars).with_file("/no-such-dir/none", "");
    let fs = case.join("fs");
    let mut stack = vec![fs.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let at = Path::new("/").join(path.strip_prefix(&fs).unwrap());
                env = env.with_file(at, std::fs::read(&path).unwrap());
            }
        }
    }
    env
}

/// Compares the outcome with the case's expectation.
fn compare(name: &str, expected: &Value, outcome: Result<Credentials, CredentialsError>) -> Result<(), String> {
    match (&expected["Ok"], &expected["ErrorContains"], outcome) {
        (Value::Object(want), _, Ok(got)) => {
            let expiry = got.expiry().map(|t| t.duration_since(UNIX_EPOCH).unwrap().as_secs());
            let same = want["access_key_id"] == got.access_key_id()
                && want["secret_access_key"] == got.secret_access_key()
                && want["session_token"].as_str() == got.session_token()
                && want["expiry"].as_u64() == expiry
                && want.get("account_id").and_then(Value::as_str) == got.account_id();
            if same {
                Ok(())
            } else {
                Err(format!("{name}: expected {want:?}, got {got:?} (expiry {expiry:?})"))
            }
        }
        (_, Value::String(text), Err(e)) if text == "the credential provider was not enabled" => match e.kind() {
            CredentialsErrorKind::NotLoaded => Ok(()),
            _ => Err(format!("{name}: expected not loaded, got {:?}: {e}", e.kind())),
        },
        (_, Value::String(text), Err(e)) if text == "No such file or directory (os error 2)" => {
            // The in-memory environment says "entity not found"; the kind and the file are what count.
            match (e.kind(), e.to_string().contains("/token.jwt: the token file could not be read")) {
                (CredentialsErrorKind::InvalidConfiguration, true) => Ok(()),
                _ => Err(format!("{name}: expected the missing token file, got {:?}: {e}", e.kind())),
            }
        }
        (_, Value::String(text), Err(e)) if e.to_string().contains(text.as_str()) => Ok(()),
        (_, _, outcome) => Err(format!("{name}: expected {expected}, got {outcome:?}")),
    }
}

async fn run(name: &str) -> Result<(), String> {
    let case = Path::new(DIR).join(name);
    let read =
        |file: &str| -> Value { serde_json::from_str(&std::fs::read_to_string(case.join(file)).unwrap()).unwrap() };
    let replay = Replay { exchanges: Arc::new(Mutex::new(exchanges(&read("http-traffic.json")))), ..Replay::default() };
    let (left, requests) = (replay.exchanges.clone(), replay.requests.clone());
    let config = ProviderConfig::new(environment(&case)).with_http_client(replay);
    let outcome = if name.starts_with("imds") {
        ImdsCredentialsProvider::new(config).credentials().await
    } else {
        ContainerCredentialsProvider::new(config).credentials().await
    };
    compare(name, &read("test-case.json")["result"], outcome)?;
    let left = left.lock().unwrap();
    if !left.is_empty() {
        return Err(format!("{name}: {} recorded exchanges not asked for: {left:?}", left.len()));
    }
    let token = requests.lock().unwrap().first().and_then(|r| r.header("authorization").map(str::to_owned));
    match (name, token.as_deref()) {
        ("eks_pod_identity_credentials", Some("sometoken")) => Ok(()),
        ("eks_pod_identity_credentials", other) => {
            Err(format!("{name}: authorization {other:?}, not the token file's"))
        }
        (_, None) => Ok(()),
        (_, Some(_)) => Err(format!("{name}: an authorization header nobody configured")),
    }
}

#[tokio::test]
async fn imds_and_container_vectors() {
    let names = [
        "imds_default_chain_success",
        "imds_default_chain_retries",
        "imds_default_chain_error",
        "imds_config_with_no_creds",
        "imds_no_iam_role",
        "imds_token_fail",
        "imds_disabled",
        "ecs_credentials",
        "eks_pod_identity_credentials",
        "eks_pod_identity_no_token_file",
    ];
    let mut failures = Vec::new();
    for name in names {
        if let Err(why) = run(name).await {
            failures.push(why);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
