//! `cargo xtask record`: runs a scenario (`tests/scenarios/<name>.json`, a list of operations
//! as wire-form parameters) against an endpoint and writes every request/response pair to
//! `tests/recordings/<name>.json`, the format `awsgen_runtime::replay` replays.
//!
//! The scenario speaks form parameters, not generated types, so recording needs no generated
//! crate and works for any `query` service. Requests are signed with the runtime's SigV4 and sent
//! with its HTTP client; what is written holds no header of the request (so no signature, date,
//! token or key) and only the response headers a client reads.

use anyhow::{bail, Context, Result};
use awsgen_runtime::credentials::{Credentials, DefaultCredentialsChain};
use awsgen_runtime::endpoint;
use awsgen_runtime::http::{HttpClient, HttpRequest, HttpResponse};
use awsgen_runtime::profile::{self, Environment};
use awsgen_runtime::query::QueryWriter;
use awsgen_runtime::replay::{Exchange, RecordedRequest, Recording, KEPT_RESPONSE_HEADERS};
use awsgen_runtime::sigv4::{self, SigningParams, SigningSettings};
use awsgen_runtime::{DateTime, HyperClient};
use serde_json::Value;
use std::path::Path;

use crate::moto;

/// Where to record: our own moto (default), a server already running, or real AWS.
#[derive(Clone, Debug)]
pub enum Target {
    /// Start moto (pinned) on a free loopback port, record, stop it.
    Moto,
    /// A server at this URL that accepts any credentials (moto, LocalStack...).
    Url(String),
    /// Real AWS: region and credentials from the environment and `~/.aws`, as the SDKs do.
    Aws,
}

impl std::str::FromStr for Target {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "moto" => Ok(Target::Moto),
            "aws" => Ok(Target::Aws),
            url if url.starts_with("http://") || url.starts_with("https://") => Ok(Target::Url(url.to_string())),
            other => Err(format!("expected `moto`, `aws` or an http(s) URL, found {other:?}")),
        }
    }
}

/// One step of a scenario.
struct Step {
    name: String,
    note: Option<String>,
    params: Vec<(String, String)>,
    /// `Ok(status)` or `Err(error code)`.
    expect: Result<u16, String>,
    /// Values to take from the response for later steps: variable name → XML element name
    /// (the first element of that name in the body).
    capture: Vec<(String, String)>,
}

struct Scenario {
    description: String,
    service: String,
    version: String,
    steps: Vec<Step>,
}

fn load_scenario(path: &Path) -> Result<Scenario> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let root: Value = serde_json::from_str(&text).with_context(|| format!("{}: not JSON", path.display()))?;
    let field = |v: &Value, key: &str, at: &str| -> Result<String> {
        v.get(key)
            .and_then(Value::as_str)
            .map(str::to_string)
            .with_context(|| format!("{}: {at}{key}: expected a string", path.display()))
    };
    let mut steps = Vec::new();
    let list = root.get("steps").and_then(Value::as_array);
    for (i, s) in list.with_context(|| format!("{}: steps: expected an array", path.display()))?.iter().enumerate() {
        let at = format!("steps[{i}].");
        let mut params = Vec::new();
        let raw = s.get("params").and_then(Value::as_array);
        for (j, p) in
            raw.with_context(|| format!("{}: {at}params: expected an array", path.display()))?.iter().enumerate()
        {
            let (k, v) = p
                .as_str()
                .and_then(|p| p.split_once('='))
                .with_context(|| format!("{}: {at}params[{j}]: expected \"Key=value\"", path.display()))?;
            params.push((k.to_string(), v.to_string()));
        }
        let expect = match s.get("expect") {
            None => Ok(200),
            Some(Value::Number(n)) => Ok(n.as_u64().and_then(|n| u16::try_from(n).ok()).unwrap_or(0)),
            Some(Value::String(code)) => Err(code.clone()),
            Some(_) => bail!("{}: {at}expect: expected a status or an error code", path.display()),
        };
        let mut capture = Vec::new();
        if let Some(map) = s.get("capture").and_then(Value::as_object) {
            for (var, element) in map {
                let element = element
                    .as_str()
                    .with_context(|| format!("{}: {at}capture.{var}: expected a string", path.display()))?;
                capture.push((var.clone(), element.to_string()));
            }
        }
        let note = s.get("note").and_then(Value::as_str).map(Into::into);
        steps.push(Step { name: field(s, "name", &at)?, note, params, expect, capture });
    }
    Ok(Scenario {
        description: field(&root, "description", "")?,
        service: field(&root, "service", "")?,
        version: field(&root, "version", "")?,
        steps,
    })
}

/// Scenarios written as Rust against a generated client (the JSON services): recording one runs
/// its live test (one test per file) against the target with `AWSGEN_RECORD` naming the file
/// to write; the test then uses fixed names and records every exchange its client makes
/// (`tests/tests/moto_scenarios/common.rs`). Name → test target in `tests/tests/`.
pub const CLIENT_SCENARIOS: &[(&str, &str)] =
    &[("sqs-moto", "live_sqs"), ("lambda-moto", "live_lambda"), ("dynamodb-moto", "live_dynamodb")];

/// Records `tests/scenarios/<name>.json` (or a client scenario) into `tests/recordings/<name>.json`.
pub fn record(root: &Path, name: &str, target: Target) -> Result<()> {
    if let Some((_, test)) = CLIENT_SCENARIOS.iter().find(|(n, _)| *n == name) {
        return record_client_scenario(root, name, test, target);
    }
    let scenario = load_scenario(&root.join("tests/scenarios").join(format!("{name}.json")))?;
    let mut _moto = None;
    let (url, region, credentials, source): (String, String, Credentials, String) = match target {
        Target::Moto => {
            let server = moto::MotoServer::start(&root.join("target"), &[])?;
            let url = server.url.clone();
            _moto = Some(server);
            (url, "us-east-1".into(), test_credentials(), format!("moto {}", moto::MOTO_VERSION))
        }
        Target::Url(url) => {
            (url.clone(), "us-east-1".into(), test_credentials(), "a server given by --endpoint".into())
        }
        Target::Aws => {
            let env = Environment::process();
            let region = profile::resolve_region(&env)
                .context("no region: set AWS_REGION or `region` in ~/.aws/config to record against AWS")?;
            let credentials = DefaultCredentialsChain::new(env).credentials().context("credentials for AWS")?;
            // The regional endpoint every query service's rule set gives without FIPS or
            // dual-stack: `https://{service}.{region}.{partition's DNS suffix}`. (The generated
            // crates hold the full rule sets; this tool stays service-agnostic.)
            let url = format!("https://{}.{region}.{}", scenario.service, endpoint::partition(&region).dns_suffix);
            let source = format!("aws {region}");
            (url, region, credentials, source)
        }
    };
    let url = if url.ends_with('/') { url } else { format!("{url}/") };
    let http = HyperClient::new();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let mut exchanges = Vec::new();
    let mut vars: Vec<(String, String)> = Vec::new();
    for step in &scenario.steps {
        let step = &substitute(step, &vars)?;
        let request = signed_request(&url, &region, &scenario, step, &credentials)?;
        let recorded = RecordedRequest::from_http(&request);
        let response = rt.block_on(http.send(request)).map_err(|e| anyhow::anyhow!("step {:?}: {e}", step.name))?;
        check(step, &response)?;
        let body = String::from_utf8_lossy(&response.body);
        for (var, element) in &step.capture {
            let value = first_element(&body, element)
                .with_context(|| format!("step {:?}: no <{element}> in the response to capture as {var}", step.name))?;
            vars.push((var.clone(), value));
        }
        let headers = response
            .headers
            .iter()
            .filter(|(k, _)| KEPT_RESPONSE_HEADERS.iter().any(|kept| k.eq_ignore_ascii_case(kept)))
            .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
            .collect();
        println!("  {:<40} {}", step.name, response.status);
        exchanges.push(Exchange {
            name: step.name.clone(),
            note: step.note.clone(),
            hand_written: false,
            request: Some(recorded),
            response: HttpResponse { status: response.status, headers, body: response.body },
        });
    }
    let recording = Recording { description: scenario.description, source, exchanges };
    let out = root.join("tests/recordings").join(format!("{name}.json"));
    std::fs::create_dir_all(out.parent().unwrap_or(root))?;
    std::fs::write(&out, recording.to_json()).with_context(|| format!("writing {}", out.display()))?;
    println!("wrote {} ({} exchanges)", out.display(), recording.exchanges.len());
    Ok(())
}

fn record_client_scenario(root: &Path, name: &str, test: &str, target: Target) -> Result<()> {
    let (_moto, url, source) = match target {
        Target::Moto => {
            let server = moto::MotoServer::start(&root.join("target"), &[])?;
            let url = server.url.clone();
            (Some(server), url, format!("moto {}", moto::MOTO_VERSION))
        }
        Target::Url(url) => (None, url, "a server given by --endpoint".to_string()),
        Target::Aws => bail!("{name} is written for moto (fixed account id and names); record it against moto"),
    };
    let out = root.join("tests/recordings").join(format!("{name}.json"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = std::process::Command::new(cargo)
        .current_dir(root)
        .env("AWSGEN_MOTO_URL", &url)
        .env("AWSGEN_RECORD", &out)
        .env("AWSGEN_RECORD_SOURCE", &source)
        .args(["test", "-p", "awsgen-tests", "--test", test, "--", "--ignored", "--nocapture"])
        .status()
        .with_context(|| format!("running the {test} test"))?;
    if !status.success() {
        bail!("the {test} test failed while recording {name}; nothing is trustworthy in {}", out.display());
    }
    println!("wrote {}", out.display());
    Ok(())
}

/// The step with `{{name}}` in its parameter values replaced by captured values.
fn substitute(step: &Step, vars: &[(String, String)]) -> Result<Step> {
    let mut params = Vec::with_capacity(step.params.len());
    for (k, v) in &step.params {
        let mut v = v.clone();
        for (name, value) in vars {
            v = v.replace(&format!("{{{{{name}}}}}"), value);
        }
        if v.contains("{{") {
            bail!("step {:?}: {k}={v} names a variable no earlier step captured", step.name);
        }
        params.push((k.clone(), v));
    }
    Ok(Step {
        name: step.name.clone(),
        note: step.note.clone(),
        params,
        expect: step.expect.clone(),
        capture: step.capture.clone(),
    })
}

/// The text of the first `<element>` in an XML body, unescaped (enough for ids, ARNs and
/// markers, which hold no markup).
fn first_element(body: &str, element: &str) -> Option<String> {
    let open = format!("<{element}>");
    let start = body.find(&open)? + open.len();
    let end = start + body[start..].find(&format!("</{element}>"))?;
    let text = &body[start..end];
    Some(
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

fn test_credentials() -> Credentials {
    Credentials::new("testing", "testing", None)
}

fn signed_request(
    url: &str,
    region: &str,
    scenario: &Scenario,
    step: &Step,
    credentials: &Credentials,
) -> Result<HttpRequest> {
    let param = |key: &str| step.params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let action = param("Action").with_context(|| format!("step {:?} has no Action parameter", step.name))?;
    let version = param("Version").unwrap_or(&scenario.version);
    let mut w = QueryWriter::new(action, version);
    for (k, v) in step.params.iter().filter(|(k, _)| k != "Action" && k != "Version") {
        let mark = w.enter(k);
        w.string(v);
        w.leave(mark);
    }
    let host = url.split_once("://").map(|(_, r)| r).unwrap_or(url).split('/').next().unwrap_or("").to_string();
    let mut request = HttpRequest {
        method: "POST".into(),
        url: url.to_string(),
        headers: vec![
            ("host".into(), host),
            ("content-type".into(), "application/x-www-form-urlencoded; charset=utf-8".into()),
        ],
        body: w.finish().into_bytes(),
    };
    let params = SigningParams {
        credentials,
        region,
        service: &scenario.service,
        time: DateTime::now(),
        settings: SigningSettings::DEFAULT,
    };
    sigv4::sign(&mut request, &params).map_err(|e| anyhow::anyhow!("signing step {:?}: {e}", step.name))?;
    request.headers.push(("content-length".into(), request.body.len().to_string()));
    Ok(request)
}

/// A scenario says what each step should produce, so a server that behaves differently fails
/// the recording instead of silently recording something else.
fn check(step: &Step, response: &HttpResponse) -> Result<()> {
    let body = String::from_utf8_lossy(&response.body);
    let excerpt: String = body.chars().take(400).collect();
    match &step.expect {
        Ok(status) if *status == response.status => Ok(()),
        Err(code) if response.status >= 400 && body.contains(&format!("<Code>{code}</Code>")) => Ok(()),
        expected => bail!(
            "step {:?}: expected {}, got HTTP {}: {excerpt}",
            step.name,
            match expected {
                Ok(s) => format!("HTTP {s}"),
                Err(c) => format!("error code {c}"),
            },
            response.status
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(params: &[(&str, &str)], expect: Result<u16, String>) -> Step {
        Step {
            name: "s".into(),
            note: None,
            params: params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            expect,
            capture: vec![],
        }
    }

    #[test]
    fn captured_values_fill_later_steps_and_unknown_variables_fail() {
        let vars = vec![("arn".to_string(), "arn:aws:x".to_string())];
        let s = substitute(&step(&[("ResourceName", "{{arn}}"), ("Other", "plain")], Ok(200)), &vars).unwrap();
        assert_eq!(s.params[0].1, "arn:aws:x");
        assert_eq!(s.params[1].1, "plain");
        let err = substitute(&step(&[("Marker", "{{marker}}")], Ok(200)), &vars).err().unwrap();
        assert!(err.to_string().contains("Marker={{marker}}"), "{err}");
    }

    #[test]
    fn first_element_reads_and_unescapes() {
        let body = "<R><Marker>a&amp;b</Marker><Marker>second</Marker></R>";
        assert_eq!(first_element(body, "Marker").as_deref(), Some("a&b"));
        assert_eq!(first_element(body, "Missing"), None);
    }

    #[test]
    fn a_response_other_than_expected_fails_the_recording() {
        let resp = |status: u16, body: &str| HttpResponse { status, headers: vec![], body: body.as_bytes().to_vec() };
        let error = "<ErrorResponse><Error><Code>CacheClusterNotFound</Code></Error></ErrorResponse>";
        assert!(check(&step(&[], Ok(200)), &resp(200, "<ok/>")).is_ok());
        assert!(check(&step(&[], Err("CacheClusterNotFound".into())), &resp(404, error)).is_ok());
        let err = check(&step(&[], Ok(200)), &resp(404, error)).unwrap_err().to_string();
        assert!(err.contains("expected HTTP 200, got HTTP 404") && err.contains("CacheClusterNotFound"), "{err}");
        assert!(check(&step(&[], Err("Other".into())), &resp(404, error)).is_err());
        assert!(check(&step(&[], Err("CacheClusterNotFound".into())), &resp(200, error)).is_err());
    }
}
