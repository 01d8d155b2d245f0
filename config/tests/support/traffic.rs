//! smithy-rs's recorded-traffic format (`http-traffic.json`, version `V0`) as a transport:
//! each request the code under test sends is checked against the next recorded one, and the
//! recorded response is replayed.
//!
//! What is checked of a request: the method; the URL (scheme, host, path, and the query as a
//! set of pairs); the IMDS token headers and the SSO bearer token; the content type's media
//! type; signed or unsigned, and for SigV4 the scope's region and service; a form body's
//! `Action` and `Version` and the names of its parameters. Not checked: the values of other
//! form parameters, the session token and the signing key id, because smithy-rs's recordings
//! are not consistent with their own cases there (a recorded `AssumeRoleWithWebIdentity` names
//! another role ARN and token than the case's variables and token file; a recorded `AssumeRole`
//! is signed with other keys than the recorded container reply gave), so checking them would
//! test the recordings rather than the chain. User agents, dates and lengths are not checked
//! either. A retry of the last request after a 5xx reply gets that reply again: recordings
//! hold one attempt.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use awsgen_runtime::error::TransportError;
use awsgen_runtime::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse};
use serde_json::Value;

/// One recorded exchange.
#[derive(Clone, Debug)]
pub struct Exchange {
    pub method: String,
    pub uri: String,
    pub headers: BTreeMap<String, Vec<String>>,
    pub body: Option<String>,
    pub status: u16,
    pub response_headers: Vec<(String, String)>,
    pub response_body: Vec<u8>,
}

/// Reads a `http-traffic.json` into its exchanges, in connection order.
pub fn load(text: &str) -> Result<Vec<Exchange>, String> {
    let doc: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if doc["version"] != "V0" {
        return Err(format!("unknown traffic version {}", doc["version"]));
    }
    let events = doc["events"].as_array().ok_or("no events")?;
    let mut by_connection: BTreeMap<u64, Exchange> = BTreeMap::new();
    for event in events {
        let id = event["connection_id"].as_u64().ok_or("no connection_id")?;
        let action = &event["action"];
        let entry = by_connection.entry(id).or_insert_with(|| Exchange {
            method: String::new(),
            uri: String::new(),
            headers: BTreeMap::new(),
            body: None,
            status: 0,
            response_headers: Vec::new(),
            response_body: Vec::new(),
        });
        if let Some(request) = action.get("Request") {
            let request = &request["request"];
            entry.method = request["method"].as_str().ok_or("no method")?.to_owned();
            entry.uri = request["uri"].as_str().ok_or("no uri")?.to_owned();
            for (name, values) in request["headers"].as_object().ok_or("no headers")? {
                let values = values.as_array().ok_or("header values")?;
                entry.headers.insert(
                    name.to_ascii_lowercase(),
                    values.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
                );
            }
        } else if let Some(response) = action.get("Response") {
            let ok = response["response"].get("Ok").ok_or("a response that is not Ok")?;
            entry.status = ok["status"].as_u64().ok_or("no status")? as u16;
            for (name, values) in ok["headers"].as_object().ok_or("no response headers")? {
                for value in values.as_array().ok_or("header values")? {
                    entry.response_headers.push((name.clone(), value.as_str().unwrap_or_default().to_owned()));
                }
            }
        } else if let Some(data) = action.get("Data") {
            let text = data["data"]["Utf8"].as_str().ok_or("data that is not Utf8")?;
            match data["direction"].as_str() {
                Some("Request") => entry.body.get_or_insert_with(String::new).push_str(text),
                Some("Response") => entry.response_body.extend_from_slice(text.as_bytes()),
                other => return Err(format!("data direction {other:?}")),
            }
        } else if action.get("Eof").is_none() {
            return Err(format!("unknown action {action}"));
        }
    }
    Ok(by_connection.into_values().collect())
}

/// Headers compared by value when recorded.
const CHECKED_HEADERS: &[&str] =
    &["x-aws-ec2-metadata-token", "x-aws-ec2-metadata-token-ttl-seconds", "x-amz-sso_bearer_token"];

/// Form parameters whose recorded value is compared.
const COMPARED_PARAMS: &[&str] = &["Action", "Version"];

/// A transport replaying exchanges in order and noting every difference.
#[derive(Clone, Debug)]
pub struct TrafficReplay {
    state: Arc<Mutex<State>>,
}

#[derive(Debug)]
struct State {
    exchanges: Vec<Exchange>,
    next: usize,
    mismatches: Vec<String>,
}

impl TrafficReplay {
    pub fn new(exchanges: Vec<Exchange>) -> Self {
        TrafficReplay { state: Arc::new(Mutex::new(State { exchanges, next: 0, mismatches: Vec::new() })) }
    }

    /// Every difference seen, and the recorded exchanges never asked for.
    pub fn problems(&self) -> Vec<String> {
        let state = self.state.lock().unwrap();
        let mut problems = state.mismatches.clone();
        for unused in &state.exchanges[state.next.min(state.exchanges.len())..] {
            problems.push(format!("recorded {} {} was never sent", unused.method, unused.uri));
        }
        problems
    }
}

fn query_pairs(url: &str) -> (String, Vec<(String, String)>) {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.to_owned(), v.to_owned())
        })
        .collect();
    pairs.sort();
    (base.trim_end_matches('/').to_owned(), pairs)
}

fn form_pairs(body: &str) -> BTreeMap<String, String> {
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

/// The region and service of a SigV4 `authorization` header's scope.
fn credential_scope(header: &str) -> Option<(String, String)> {
    let credential = header.split("Credential=").nth(1)?.split(',').next()?;
    let parts: Vec<&str> = credential.split('/').collect();
    (parts.len() == 5).then(|| (parts[2].to_owned(), parts[3].to_owned()))
}

fn differences(recorded: &Exchange, sent: &HttpRequest) -> Vec<String> {
    let mut out = Vec::new();
    if !recorded.method.eq_ignore_ascii_case(&sent.method) {
        out.push(format!("method: recorded {}, sent {}", recorded.method, sent.method));
    }
    if query_pairs(&recorded.uri) != query_pairs(&sent.url) {
        out.push(format!("url: recorded {}, sent {}", recorded.uri, sent.url));
    }
    for name in CHECKED_HEADERS {
        if let Some(values) = recorded.headers.get(*name) {
            let sent_value = sent.header(name);
            if sent_value != values.first().map(String::as_str) {
                out.push(format!("header {name}: recorded {values:?}, sent {sent_value:?}"));
            }
        }
    }
    // The media type; parameters (`; charset=utf-8`) may differ.
    let media = |v: &str| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if let Some(recorded_type) = recorded.headers.get("content-type").and_then(|v| v.first()) {
        if sent.header("content-type").map(media) != Some(media(recorded_type)) {
            out.push(format!("content-type: recorded {recorded_type:?}, sent {:?}", sent.header("content-type")));
        }
    }
    let sent_auth = sent.header("authorization");
    let problem = match recorded.headers.get("authorization").and_then(|v| v.first()) {
        Some(recorded_auth) if recorded_auth.starts_with("AWS4-HMAC-SHA256") => (sent_auth.and_then(credential_scope)
            != credential_scope(recorded_auth))
        .then(|| format!("authorization scope: recorded {recorded_auth:?}, sent {sent_auth:?}")),
        // Not SigV4 (a container's authorization token): compared whole.
        Some(recorded_auth) => (sent_auth != Some(recorded_auth.as_str()))
            .then(|| format!("authorization: recorded {recorded_auth:?}, sent {sent_auth:?}")),
        // An unsigned request (STS AssumeRoleWithWebIdentity, SSO) stays unsigned.
        None => sent_auth
            .is_some_and(|a| a.starts_with("AWS4"))
            .then(|| "authorization: signed, but the recording is unsigned".to_owned()),
    };
    out.extend(problem);
    if let Some(body) = &recorded.body {
        let (recorded_form, sent_form) = (form_pairs(body), form_pairs(&String::from_utf8_lossy(&sent.body)));
        let names = |form: &BTreeMap<String, String>| form.keys().cloned().collect::<Vec<_>>();
        if names(&recorded_form) != names(&sent_form) {
            out.push(format!("form parameters: recorded {:?}, sent {:?}", names(&recorded_form), names(&sent_form)));
        }
        for name in COMPARED_PARAMS {
            if recorded_form.get(*name) != sent_form.get(*name) {
                out.push(format!("{name}: recorded {:?}, sent {:?}", recorded_form.get(*name), sent_form.get(*name)));
            }
        }
    }
    out
}

impl HttpClient for TrafficReplay {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let mut state = self.state.lock().unwrap();
        let index = state.next;
        let answer = match state.exchanges.get(index).cloned() {
            Some(recorded) => {
                state.next += 1;
                let found = differences(&recorded, &request);
                let ok = found.is_empty();
                state.mismatches.extend(found.into_iter().map(|d| format!("exchange {index}: {d}")));
                match ok {
                    true => Ok(HttpResponse {
                        status: recorded.status,
                        headers: recorded.response_headers,
                        body: recorded.response_body,
                    }),
                    false => Err(TransportError::new(format!("request {index} differs from the recording"), None)),
                }
            }
            // A retry of the last request (a client retries a 5xx reply) gets its reply again:
            // recordings hold one attempt.
            None => match state.exchanges.last().filter(|last| last.status >= 500).cloned() {
                Some(last) if differences(&last, &request).is_empty() => {
                    Ok(HttpResponse { status: last.status, headers: last.response_headers, body: last.response_body })
                }
                _ => {
                    state.mismatches.push(format!("unrecorded request {} {}", request.method, request.url));
                    Err(TransportError::new("no recorded exchange left", None))
                }
            },
        };
        Box::pin(async move { answer })
    }
}
