//! smithy-rs's default-chain vectors (`tests/data/aws-config/default-credential-provider-chain/`,
//! 29 cases), each run through [`DefaultCredentialsChain`] as a program would: the case's
//! variables (`env.json`) and files (`fs/`, in memory at their paths), a transport replaying its
//! recorded traffic (`http-traffic.json`: each request the chain sends is checked against the
//! next recorded one, see `support/traffic.rs`), and its expected credentials or error
//! (`test-case.json`). The region the chain's STS calls use is the variables' or the profile's,
//! as a program's region chain gives it before instance metadata (which would be traffic the
//! recordings do not have).
//!
//! Expected errors are smithy-rs's wording; each case's check here is in our terms (the error's
//! kind and the provider or setting it must name), listed in [`expected_error`]. Every secret a
//! case holds (keys and tokens in its files, replies and expectations) is looked for in every
//! error and credentials Display/Debug and in every tracing event: none may appear.
//!
//! `default_chain_summary` prints `default-credential-provider-chain: N passed, 0 failed,
//! 0 skipped`, which `cargo xtask test` collects.

mod support;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::UNIX_EPOCH;

use awsgen_config::{DefaultCredentialsChain, ProviderConfig};
use awsgen_runtime::credentials::{Credentials, CredentialsError, CredentialsErrorKind};
use awsgen_runtime::profile::{self, Environment};
use serde_json::Value;
use support::traffic::{self, TrafficReplay};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/aws-config/default-credential-provider-chain");

/// The number of cases in the vendored folder.
const CASES: usize = 29;

/// What an error case must come to in our terms: its kind and texts the message must contain
/// (the provider or setting at fault).
fn expected_error(case: &str) -> Option<(CredentialsErrorKind, &'static [&'static str])> {
    use CredentialsErrorKind::*;
    Some(match case {
        // No token file where the variables say: the container provider names the file.
        "eks_pod_identity_no_token_file" => (InvalidConfiguration, &["/token.jwt"]),
        // IMDS answers but has no role, is disabled, or nothing is configured anywhere: every
        // source is not set up, so the chain's summary lists each.
        "imds_default_chain_error" => (NotLoaded, &["instance metadata", "no AWS credentials found"]),
        // The profile's role takes its source credentials from IMDS, which has no role: the
        // profile's error, naming the setting.
        "imds_no_iam_role" => (InvalidConfiguration, &["profile `default`", "credential_source = Ec2InstanceMetadata"]),
        "imds_disabled" => (NotLoaded, &["AWS_EC2_METADATA_DISABLED"]),
        // IMDS refuses the token (403): set up, and failing.
        "imds_token_fail" => (ProviderError, &["403"]),
        // The profile names a role whose source is the environment, which has no keys: the
        // profile answers with that error, and web identity from the environment is not tried.
        "profile_overrides_web_identity" => (InvalidConfiguration, &["profile `A`", "credential_source = Environment"]),
        // The SSO token cache file the profile needs is missing (not logged in): named.
        "sso_no_token_file" => {
            (ProviderError, &["/home/.aws/sso/cache/dace00cba5f8355ec9d274ceb2bcebdfbeed0e12.json", "aws sso login"])
        }
        // The SSO portal answers 500.
        "sso_server_error" => (ProviderError, &["SsoCredentialsProvider"]),
        // A web identity token file without the role to assume.
        "web_identity_source_profile_no_env" => (InvalidConfiguration, &["web_identity_token_file", "role_arn", "`B`"]),
        // STS refuses the token: its error code is passed on.
        "web_identity_token_invalid_jwt" => (ProviderError, &["InvalidIdentityToken"]),
        _ => return None,
    })
}

/// Records every tracing event's text, to look for secrets in.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<String>>);

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        span.record(&mut Fields(&mut self.0.lock().unwrap()));
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut Fields(&mut self.0.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut text = self.0.lock().unwrap();
        event.record(&mut Fields(&mut text));
        text.push('\n');
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// The case's variables, with its `fs/` files held in memory at their paths.
fn environment(case: &Path) -> (Environment, Vec<String>) {
    let vars: BTreeMap<String, String> =
        serde_json::from_str(&std::fs::read_to_string(case.join("env.json")).unwrap()).unwrap();
    let mut env = Environment::from_vars(vars);
    // An (empty) in-memory file system even for a case without files: nothing is read from disk.
    env = env.with_file("/nonexistent/.keep", "");
    let mut texts = Vec::new();
    let fs = case.join("fs");
    let mut stack = vec![fs.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let at = PathBuf::from("/").join(path.strip_prefix(&fs).unwrap());
                let bytes = std::fs::read(&path).unwrap();
                texts.push(String::from_utf8_lossy(&bytes).into_owned());
                env = env.with_file(at, bytes);
            }
        }
    }
    (env, texts)
}

/// Secret values a case holds: keys and tokens in its files, replies and expected result.
fn secrets(texts: &[String], exchanges: &[traffic::Exchange], expected: &Value) -> Vec<String> {
    const KEYS: &[&str] = &[
        "aws_secret_access_key",
        "SecretAccessKey",
        "secretAccessKey",
        "secret_access_key",
        "Token",
        "sessionToken",
        "SessionToken",
        "session_token",
        "accessToken",
        "refreshToken",
    ];
    let mut found = Vec::new();
    let mut scan = |text: &str| {
        for key in KEYS {
            for (at, _) in text.match_indices(key) {
                let rest = &text[at + key.len()..];
                let rest = rest.trim_start_matches(|c: char| {
                    c == '"' || c == '\'' || c.is_whitespace() || c == ':' || c == '=' || c == '>'
                });
                let value: String =
                    rest.chars().take_while(|c| !matches!(c, '"' | '\'' | '<' | '\n' | ',' | ' ')).collect();
                if value.len() >= 6 {
                    found.push(value);
                }
            }
        }
    };
    texts.iter().for_each(|t| scan(t));
    for exchange in exchanges {
        scan(&String::from_utf8_lossy(&exchange.response_body));
    }
    for key in ["secret_access_key", "session_token"] {
        if let Some(v) = expected["Ok"][key].as_str() {
            found.push(v.to_owned());
        }
    }
    found.sort();
    found.dedup();
    found
}

fn compare(expected: &Value, got: &Credentials) -> Result<(), String> {
    let expiry = got.expiry().map(|t| t.duration_since(UNIX_EPOCH).unwrap().as_secs());
    let checks = [
        ("access_key_id", expected["access_key_id"].as_str() == Some(got.access_key_id())),
        ("secret_access_key", expected["secret_access_key"].as_str() == Some(got.secret_access_key())),
        ("session_token", expected["session_token"].as_str() == got.session_token()),
        ("expiry", expected["expiry"].as_u64() == expiry),
        ("account_id", expected["account_id"].as_str() == got.account_id()),
    ];
    let wrong: Vec<&str> = checks.iter().filter(|(_, ok)| !ok).map(|(name, _)| *name).collect();
    match wrong.is_empty() {
        true => Ok(()),
        false => Err(format!("wrong {wrong:?}: expected {expected}, got {got:?} (expiry {expiry:?})")),
    }
}

fn check_error(name: &str, e: &CredentialsError) -> Result<(), String> {
    let (kind, texts) = expected_error(name).ok_or_else(|| format!("no expectation written for an error: {e}"))?;
    let shown = e.to_string();
    if e.kind() != kind {
        return Err(format!("expected a {kind:?} error, got {:?}: {shown}", e.kind()));
    }
    match texts.iter().find(|t| !shown.contains(*t)) {
        Some(missing) => Err(format!("the error does not name {missing:?}: {shown}")),
        None => Ok(()),
    }
}

fn run(name: &str) -> Result<(), String> {
    let case = Path::new(DIR).join(name);
    let read = |file: &str| std::fs::read_to_string(case.join(file)).unwrap();
    let test_case: Value = serde_json::from_str(&read("test-case.json")).unwrap();
    let expected = &test_case["result"];
    let exchanges = traffic::load(&read("http-traffic.json"))?;
    let (env, texts) = environment(&case);
    let secrets = secrets(&texts, &exchanges, expected);
    let replay = TrafficReplay::new(exchanges);
    let config =
        ProviderConfig::new(env.clone()).with_http_client(replay.clone()).with_region(profile::resolve_region(&env));
    let chain = DefaultCredentialsChain::new(config);

    let capture = Capture::default();
    let _events = tracing::subscriber::set_default(capture.clone());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let outcome = runtime.block_on(chain.credentials());

    let mut shown = format!("{chain:?}\n{}", capture.0.lock().unwrap());
    let checked = match (&expected["Ok"], &outcome) {
        (Value::Object(_), Ok(got)) => compare(&expected["Ok"], got),
        (Value::Object(_), Err(e)) => Err(format!("expected credentials, got an error: {e}")),
        (_, Ok(got)) => Err(format!("expected an error, got {got:?}")),
        (_, Err(e)) => check_error(name, e),
    };
    match &outcome {
        Ok(c) => write!(shown, "{c:?}").unwrap(),
        Err(e) => write!(shown, "{e} {e:?}").unwrap(),
    }
    checked.map_err(|e| format!("{e} [traffic: {}]", replay.problems().join("; ")))?;
    if let Some(secret) = secrets.iter().find(|s| shown.contains(s.as_str())) {
        return Err(format!("a secret ({}...) appears in an error, Debug output or event", &secret[..4]));
    }
    let problems = replay.problems();
    match problems.is_empty() {
        true => Ok(()),
        false => Err(format!("traffic: {}", problems.join("; "))),
    }
}

#[test]
fn default_chain_summary() {
    let mut names: Vec<String> = std::fs::read_dir(DIR)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), CASES, "the vendored folder changed");
    let failures: Vec<String> = names.iter().filter_map(|n| run(n).err().map(|e| format!("{n}: {e}"))).collect();
    println!(
        "default-credential-provider-chain: {} passed, {} failed, 0 skipped",
        names.len() - failures.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
