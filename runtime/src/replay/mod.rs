//! Recorded HTTP exchanges, and a transport that replays them (feature `test-util`).
//!
//! A [`Recording`] is a list of request/response pairs stored as readable JSON (the format is
//! described in `tests/README.md`; `cargo xtask record` writes it). [`ReplayClient`] is an
//! [`HttpClient`] that answers from one: it checks each request the client sends against the
//! next recorded request (method, path and form parameters as a multiset; signature, date,
//! token and user-agent headers are not compared, as they change on every run), fails with a
//! message naming the differing parameters, and returns the recorded response. A replay that
//! checks nothing (a scripted list of responses) serves tests that only need answers.
//!
//! ```no_run
//! use awsgen_runtime::replay::{Recording, ReplayClient};
//! # fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let recording = Recording::load("tests/recordings/elasticache-moto.json")?;
//! let transport = ReplayClient::from_recording(recording);
//! // ... Config::builder().http_client(transport.clone()) ... calls ...
//! transport.assert_all_used();
//! # Ok(())
//! # }
//! ```

use std::collections::VecDeque;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use percent_encoding::percent_decode_str;
use serde_json::Value;

use crate::credentials::Credentials;
use crate::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError, TransportErrorKind};
use crate::retry::RetryConfig;
use crate::{Config, ConfigBuilder};
use std::time::Duration;

mod cbor;
mod recorder;
pub use recorder::RecordingClient;

/// The `format` value of a recording file; a file with another value is refused.
pub const FORMAT: &str = "awsgen-recording/1";

/// Response headers a recording keeps: what a client reads. Dates, servers, lengths and
/// connection headers are left out so a re-recording changes only what matters.
/// The JSON protocols' error headers (`x-amzn-errortype`, and `x-amzn-query-error` for
/// query-compatible services) are among them.
pub const KEPT_RESPONSE_HEADERS: &[&str] = &[
    "content-type",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-amz-id-2",
    "retry-after",
    "x-amzn-errortype",
    "x-amzn-query-error",
];

/// Request headers a recording keeps and a replay compares: the ones that select the
/// operation (`awsJson` names it in `X-Amz-Target`; SQS's query-compatible mode in
/// `x-amzn-query-mode`). Never a signature, date, token or key.
pub const KEPT_REQUEST_HEADERS: &[&str] = &["x-amz-target", "x-amzn-query-mode", "smithy-protocol"];

/// A request as recorded: what a replay compares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `POST`.
    pub method: String,
    /// The path and query of the URL: `/`.
    pub path: String,
    /// The form parameters of the body, decoded, sorted (empty for a body that is not a form).
    pub params: Vec<(String, String)>,
    /// The [`KEPT_REQUEST_HEADERS`] the request has, names in lower case, sorted.
    pub headers: Vec<(String, String)>,
    /// A body that is not a form (a JSON document), as sent; compared as JSON when both sides
    /// parse as JSON (so the order of members does not matter), byte for byte otherwise.
    pub body: Option<String>,
    /// A CBOR body (RPC v2 CBOR), stored in base64 as `body_cbor`; compared as decoded values.
    pub cbor: Option<Vec<u8>>,
}

impl RecordedRequest {
    /// The parts of `request` a recording keeps (never its headers, so never its signature or
    /// credentials).
    pub fn from_http(request: &HttpRequest) -> Self {
        let content_type = request.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("content-type"));
        let is_cbor = cbor::is_cbor(content_type.map(|(_, v)| v.as_str()));
        let is_form = !is_cbor && content_type.is_none_or(|(_, v)| v.starts_with("application/x-www-form-urlencoded"));
        let mut headers: Vec<(String, String)> = request
            .headers
            .iter()
            .filter(|(k, _)| KEPT_REQUEST_HEADERS.iter().any(|kept| k.eq_ignore_ascii_case(kept)))
            .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
            .collect();
        headers.sort();
        RecordedRequest {
            method: request.method.clone(),
            path: path_of(&request.url).to_string(),
            params: if is_form { form_params(&request.body) } else { Vec::new() },
            headers,
            body: (!is_form && !is_cbor && !request.body.is_empty())
                .then(|| String::from_utf8_lossy(&request.body).into_owned()),
            cbor: (is_cbor && !request.body.is_empty()).then(|| request.body.clone()),
        }
    }

    /// The value of a form parameter.
    pub fn param(&self, key: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// What differs from `actual`, one line each; empty when they match.
    pub fn differences(&self, actual: &RecordedRequest) -> Vec<String> {
        let mut out = Vec::new();
        if self.method != actual.method {
            out.push(format!("method: recorded {}, sent {}", self.method, actual.method));
        }
        if self.path != actual.path {
            out.push(format!("path: recorded {:?}, sent {:?}", self.path, actual.path));
        }
        if self.headers != actual.headers {
            out.push(format!("headers: recorded {:?}, sent {:?}", self.headers, actual.headers));
        }
        if !same_body(self.body.as_deref(), actual.body.as_deref()) {
            out.push(format!("body: recorded {:?}, sent {:?}", self.body, actual.body));
        }
        let same_cbor = match (&self.cbor, &actual.cbor) {
            (Some(a), Some(b)) => cbor::same_value(a, b),
            (a, b) => a == b,
        };
        if !same_cbor {
            let b64 = |b: &Option<Vec<u8>>| b.as_deref().map(cbor::to_base64);
            out.push(format!("CBOR body: recorded {:?}, sent {:?}", b64(&self.cbor), b64(&actual.cbor)));
        }
        let mut missing = self.params.clone();
        let mut extra = Vec::new();
        for p in &actual.params {
            match missing.iter().position(|m| m == p) {
                Some(i) => {
                    missing.remove(i);
                }
                None => extra.push(p),
            }
        }
        for (k, v) in &missing {
            out.push(format!("recorded but not sent: {k}={v}"));
        }
        for (k, v) in extra {
            out.push(format!("sent but not recorded: {k}={v}"));
        }
        out
    }
}

/// Two non-form bodies are the same: equal JSON values when both parse as JSON, equal text
/// otherwise.
fn same_body(recorded: Option<&str>, sent: Option<&str>) -> bool {
    match (recorded, sent) {
        (Some(a), Some(b)) => match (serde_json::from_str::<Value>(a), serde_json::from_str::<Value>(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => a == b,
        },
        (a, b) => a == b,
    }
}

/// One request/response pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    /// A short label (`create-cache-cluster`), shown in mismatch messages.
    pub name: String,
    /// Why the exchange is there or where it came from.
    pub note: Option<String>,
    /// Written by hand rather than recorded from a server.
    pub hand_written: bool,
    /// The request to expect; `None` accepts any request.
    pub request: Option<RecordedRequest>,
    /// The response to give.
    pub response: HttpResponse,
}

/// A recording: exchanges in the order a client makes them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recording {
    /// What the recording shows.
    pub description: String,
    /// Where it was recorded (`moto 5.2.5`, `aws us-east-1`, `hand-written`).
    pub source: String,
    /// The exchanges, in order.
    pub exchanges: Vec<Exchange>,
}

/// A recording file that cannot be read: which file, where in it, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordingError {
    /// The file (or `<string>`).
    pub file: String,
    /// A JSON path into the file: `exchanges[3].response.status`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for RecordingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.file, self.path, self.message)
    }
}

impl std::error::Error for RecordingError {}

impl Recording {
    /// Reads a recording file.
    pub fn load(path: impl AsRef<Path>) -> Result<Recording, RecordingError> {
        let path = path.as_ref();
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| RecordingError {
            file: file.clone(),
            path: "$".into(),
            message: format!("cannot read: {e}"),
        })?;
        Recording::parse(&file, &text)
    }

    /// Parses a recording; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Recording, RecordingError> {
        let err = |path: &str, message: String| RecordingError { file: file.into(), path: path.into(), message };
        let root: Value = serde_json::from_str(text).map_err(|e| err("$", format!("not JSON: {e}")))?;
        let format = root.get("format").and_then(Value::as_str);
        if format != Some(FORMAT) {
            return Err(err("format", format!("expected {FORMAT:?}, found {format:?}")));
        }
        let text_field = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
        let list = root
            .get("exchanges")
            .and_then(Value::as_array)
            .ok_or_else(|| err("exchanges", "expected an array".into()))?;
        let mut exchanges = Vec::with_capacity(list.len());
        for (i, x) in list.iter().enumerate() {
            let at = |field: &str| format!("exchanges[{i}].{field}");
            let request = match x.get("request") {
                None | Some(Value::Null) => None,
                Some(r) => Some(RecordedRequest {
                    method: text_field(r, "method")
                        .ok_or_else(|| err(&at("request.method"), "expected a string".into()))?,
                    path: text_field(r, "path").ok_or_else(|| err(&at("request.path"), "expected a string".into()))?,
                    params: {
                        let mut params = lines(r.get("params"), "=")
                            .map_err(|(j, m)| err(&at(&format!("request.params[{j}]")), m))?;
                        params.sort();
                        params
                    },
                    headers: {
                        let mut headers = lines(r.get("headers"), ": ")
                            .map_err(|(j, m)| err(&at(&format!("request.headers[{j}]")), m))?;
                        headers.sort();
                        headers
                    },
                    body: match r.get("body") {
                        None | Some(Value::Null) => None,
                        Some(Value::String(b)) => Some(b.clone()),
                        Some(_) => return Err(err(&at("request.body"), "expected a string".into())),
                    },
                    cbor: match r.get("body_cbor") {
                        None | Some(Value::Null) => None,
                        Some(v) => Some(
                            v.as_str()
                                .and_then(cbor::from_base64)
                                .ok_or_else(|| err(&at("request.body_cbor"), "expected base64".into()))?,
                        ),
                    },
                }),
            };
            let resp = x.get("response").ok_or_else(|| err(&at("response"), "missing".into()))?;
            let status = resp
                .get("status")
                .and_then(Value::as_u64)
                .and_then(|s| u16::try_from(s).ok())
                .filter(|s| (100..600).contains(s))
                .ok_or_else(|| err(&at("response.status"), "expected an HTTP status".into()))?;
            let headers =
                lines(resp.get("headers"), ": ").map_err(|(j, m)| err(&at(&format!("response.headers[{j}]")), m))?;
            let body = match (resp.get("body"), resp.get("body_base64")) {
                (_, Some(b64)) => b64
                    .as_str()
                    .and_then(cbor::from_base64)
                    .ok_or_else(|| err(&at("response.body_base64"), "expected base64".into()))?,
                (body, None) => Self::text_body(body).map_err(|(path, m)| err(&at(&path), m))?,
            };
            exchanges.push(Exchange {
                name: text_field(x, "name").unwrap_or_else(|| format!("#{i}")),
                note: text_field(x, "note"),
                hand_written: x.get("hand_written").and_then(Value::as_bool).unwrap_or(false),
                request,
                response: HttpResponse { status, headers, body },
            });
        }
        Ok(Recording {
            description: text_field(&root, "description").unwrap_or_default(),
            source: text_field(&root, "source").unwrap_or_default(),
            exchanges,
        })
    }

    /// A response body written as text: a string, or an array of lines.
    fn text_body(body: Option<&Value>) -> Result<Vec<u8>, (String, String)> {
        let body = match body {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(Value::Array(parts)) => {
                let mut joined = Vec::with_capacity(parts.len());
                for (j, p) in parts.iter().enumerate() {
                    joined.push(
                        p.as_str().ok_or_else(|| (format!("response.body[{j}]"), "expected a string".to_string()))?,
                    );
                }
                joined.join("\n")
            }
            Some(_) => return Err(("response.body".into(), "expected a string or an array of lines".into())),
        };
        Ok(body.into_bytes())
    }

    /// The exchange with this name.
    pub fn exchange(&self, name: &str) -> Option<&Exchange> {
        self.exchanges.iter().find(|x| x.name == name)
    }

    /// A recording holding only the named exchanges, in the order given: a test replays the
    /// part of a scenario it checks. Panics naming a missing exchange (a test helper).
    pub fn select(&self, names: &[&str]) -> Recording {
        let exchanges = names
            .iter()
            .map(|n| self.exchange(n).cloned().unwrap_or_else(|| panic!("the recording has no exchange named {n:?}")))
            .collect();
        Recording { description: self.description.clone(), source: self.source.clone(), exchanges }
    }

    /// The recording as its file format: deterministic (parameters sorted, fields in a fixed
    /// order), one parameter, header or body line per line, so a re-recording diffs cleanly.
    pub fn to_json(&self) -> String {
        let s = |v: &str| Value::String(v.to_string()).to_string();
        let mut out = String::from("{\n");
        out += &format!("  \"format\": {},\n", s(FORMAT));
        out += &format!("  \"description\": {},\n", s(&self.description));
        out += &format!("  \"source\": {},\n", s(&self.source));
        out += "  \"exchanges\": [";
        for (i, x) in self.exchanges.iter().enumerate() {
            out += if i == 0 { "\n" } else { ",\n" };
            out += "    {\n";
            out += &format!("      \"name\": {},\n", s(&x.name));
            if let Some(note) = &x.note {
                out += &format!("      \"note\": {},\n", s(note));
            }
            if x.hand_written {
                out += "      \"hand_written\": true,\n";
            }
            if let Some(r) = &x.request {
                let mut params: Vec<String> = r.params.iter().map(|(k, v)| format!("{k}={v}")).collect();
                params.sort();
                out += "      \"request\": {\n";
                out += &format!("        \"method\": {},\n", s(&r.method));
                out += &format!("        \"path\": {}", s(&r.path));
                if !params.is_empty() || (r.body.is_none() && r.cbor.is_none()) {
                    out += &format!(",\n        \"params\": {}", string_array(&params, 8));
                }
                if !r.headers.is_empty() {
                    let headers: Vec<String> = r.headers.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                    out += &format!(",\n        \"headers\": {}", string_array(&headers, 8));
                }
                if let Some(body) = &r.body {
                    out += &format!(",\n        \"body\": {}", s(body));
                }
                if let Some(body) = &r.cbor {
                    out += &format!(",\n        \"body_cbor\": {}", s(&cbor::to_base64(body)));
                }
                out += "\n";
                out += "      },\n";
            }
            let headers: Vec<String> = x.response.headers.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            out += "      \"response\": {\n";
            out += &format!("        \"status\": {},\n", x.response.status);
            out += &format!("        \"headers\": {},\n", string_array(&headers, 8));
            let content_type = x.response.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("content-type"));
            if cbor::is_cbor(content_type.map(|(_, v)| v.as_str())) {
                out += &format!("        \"body_base64\": {}\n", s(&cbor::to_base64(&x.response.body)));
            } else {
                let body = String::from_utf8_lossy(&x.response.body);
                let body_lines: Vec<String> = body.split('\n').map(str::to_string).collect();
                out += &format!("        \"body\": {}\n", string_array(&body_lines, 8));
            }
            out += "      }\n";
            out += "    }";
        }
        out += if self.exchanges.is_empty() { "]\n" } else { "\n  ]\n" };
        out += "}\n";
        out
    }
}

/// `["a", "b"]` with one element per line, indented.
fn string_array(items: &[String], indent: usize) -> String {
    if items.is_empty() {
        return "[]".into();
    }
    let pad = " ".repeat(indent + 2);
    let body: Vec<String> = items.iter().map(|i| format!("{pad}{}", Value::String(i.clone()))).collect();
    format!("[\n{}\n{}]", body.join(",\n"), " ".repeat(indent))
}

/// An array of `key<sep>value` strings as pairs; the error gives the index.
fn lines(v: Option<&Value>, sep: &str) -> Result<Vec<(String, String)>, (usize, String)> {
    let Some(v) = v else { return Ok(Vec::new()) };
    let list = v.as_array().ok_or((0, "expected an array of strings".to_string()))?;
    let mut out = Vec::with_capacity(list.len());
    for (j, item) in list.iter().enumerate() {
        let text = item.as_str().ok_or((j, "expected a string".to_string()))?;
        let (k, val) = text.split_once(sep).ok_or((j, format!("expected `name{sep}value`, found {text:?}")))?;
        out.push((k.to_string(), val.to_string()));
    }
    Ok(out)
}

/// The path and query of an absolute URL (`/` when it has none).
fn path_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    match rest.find('/') {
        Some(i) => &rest[i..],
        None => "/",
    }
}

/// Decodes an `application/x-www-form-urlencoded` body into sorted pairs.
pub fn form_params(body: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(body);
    let decode = |s: &str| percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned();
    let mut params: Vec<(String, String)> = text
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect();
    params.sort();
    params
}

#[derive(Debug, Default)]
struct State {
    queue: VecDeque<Exchange>,
    /// Exchanges answered so far.
    used: usize,
    sent: Vec<HttpRequest>,
    mismatches: Vec<String>,
}

/// An [`HttpClient`] that answers from a [`Recording`] (checking each request) or from a list
/// of responses (checking nothing), and keeps every request it was sent. Clones share state,
/// so a test keeps one clone and hands the other to the client.
#[derive(Clone, Debug, Default)]
pub struct ReplayClient {
    state: Arc<Mutex<State>>,
}

impl ReplayClient {
    /// Answers with these responses in order, whatever the requests are.
    pub fn new(responses: Vec<HttpResponse>) -> Self {
        let exchanges = responses
            .into_iter()
            .enumerate()
            .map(|(i, response)| Exchange {
                name: format!("#{i}"),
                note: Some("scripted: any request is accepted".into()),
                hand_written: false,
                request: None,
                response,
            })
            .collect();
        Self::from_recording(Recording { exchanges, ..Default::default() })
    }

    /// Replays `recording`: each request must match the next exchange's request.
    pub fn from_recording(recording: Recording) -> Self {
        let state = State { queue: recording.exchanges.into(), ..Default::default() };
        ReplayClient { state: Arc::new(Mutex::new(state)) }
    }

    /// A configuration that sends through this replay and needs nothing else: a region
    /// (`us-east-1`), fixed test credentials (a replay compares no signature), no environment or
    /// profile read, and standard retries without back-off, so a replayed throttle is retried
    /// at once. A request that does not match the recording fails at once too (it is not
    /// retried). Anything can still be set on the builder returned.
    pub fn config_builder(&self) -> ConfigBuilder {
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDREPLAY", "replay-secret", None))
            .retry(RetryConfig {
                initial_backoff: Duration::ZERO,
                max_backoff: Duration::ZERO,
                ..RetryConfig::standard()
            })
            .http_client(self.clone())
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock leaves the data consistent.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every request sent so far, matching or not.
    pub fn sent(&self) -> Vec<HttpRequest> {
        self.lock().sent.clone()
    }

    /// The exchanges not yet answered.
    pub fn remaining(&self) -> usize {
        self.lock().queue.len()
    }

    /// Every mismatch so far, as reported to the client.
    pub fn mismatches(&self) -> Vec<String> {
        self.lock().mismatches.clone()
    }

    /// Panics unless every exchange was answered and no request mismatched: a test calls it at
    /// the end, so a recording the code under test no longer uses fully is noticed.
    pub fn assert_all_used(&self) {
        let state = self.lock();
        let mut problems = state.mismatches.clone();
        if !state.queue.is_empty() {
            let names: Vec<&str> = state.queue.iter().map(|x| x.name.as_str()).collect();
            problems.push(format!("{} recorded exchange(s) never requested: {}", names.len(), names.join(", ")));
        }
        if !problems.is_empty() {
            panic!("replay incomplete:\n{}", problems.join("\n"));
        }
    }
}

impl HttpClient for ReplayClient {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let mut state = self.lock();
        let number = state.used + 1;
        let actual = RecordedRequest::from_http(&request);
        state.sent.push(request);
        let outcome = match state.queue.front() {
            None => Err(format!("replay exhausted: request {number} ({}) has no recorded exchange", describe(&actual))),
            Some(next) => {
                let diff = next.request.as_ref().map(|r| r.differences(&actual)).unwrap_or_default();
                if diff.is_empty() {
                    let x = state.queue.pop_front().map(|x| x.response);
                    state.used += 1;
                    x.ok_or_else(String::new)
                } else {
                    Err(format!(
                        "replay mismatch: request {number} ({}) does not match exchange {:?}:\n  {}",
                        describe(&actual),
                        next.name,
                        diff.join("\n  ")
                    ))
                }
            }
        };
        if let Err(message) = &outcome {
            state.mismatches.push(message.clone());
        }
        drop(state);
        // Not retried: the same request would mismatch again.
        Box::pin(async move {
            outcome.map_err(|m| TransportError::new(m, None).with_kind(TransportErrorKind::InvalidRequest))
        })
    }
}

fn describe(r: &RecordedRequest) -> String {
    let target = r.headers.iter().find(|(k, _)| k == "x-amz-target").map(|(_, v)| v.as_str());
    match (r.param("Action"), target) {
        (Some(action), _) => format!("{} {} Action={action}", r.method, r.path),
        (None, Some(target)) => format!("{} {} X-Amz-Target: {target}", r.method, r.path),
        (None, None) => format!("{} {}", r.method, r.path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(body: &str) -> HttpRequest {
        HttpRequest {
            method: "POST".into(),
            url: "http://127.0.0.1:5000/".into(),
            headers: vec![("authorization".into(), "AWS4-HMAC-SHA256 Credential=AKID/...".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    fn recording() -> Recording {
        Recording {
            description: "two calls".into(),
            source: "hand-written".into(),
            exchanges: vec![
                Exchange {
                    name: "first".into(),
                    note: Some("a \"quoted\" note".into()),
                    hand_written: true,
                    request: Some(RecordedRequest::from_http(&request("Action=A&Version=1&Name=a%20b%2Bc"))),
                    response: HttpResponse {
                        status: 200,
                        headers: vec![("content-type".into(), "text/xml".into())],
                        body: b"<A>\n  <B/>\n</A>\n".to_vec(),
                    },
                },
                Exchange {
                    name: "second".into(),
                    note: None,
                    hand_written: false,
                    request: Some(RecordedRequest::from_http(&request("Action=B&Version=1"))),
                    response: HttpResponse { status: 400, headers: vec![], body: b"<Error/>".to_vec() },
                },
            ],
        }
    }

    #[test]
    fn the_file_format_round_trips_and_keeps_no_headers_of_the_request() {
        let rec = recording();
        let json = rec.to_json();
        assert!(!json.contains("authorization") && !json.contains("AKID"), "{json}");
        assert!(json.contains("\"Name=a b+c\""), "params are stored decoded: {json}");
        assert_eq!(Recording::parse("x.json", &json).unwrap(), rec);
        assert_eq!(Recording::parse("x.json", &json).unwrap().to_json(), json);
    }

    #[test]
    fn bad_files_name_the_place() {
        let err = Recording::parse(
            "r.json",
            r#"{"format": "awsgen-recording/1", "exchanges": [{"response": {"status": 99}}]}"#,
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "r.json: exchanges[0].response.status: expected an HTTP status");
        let err = Recording::parse("r.json", r#"{"format": "other"}"#).unwrap_err();
        assert_eq!(err.path, "format");
        let err = Recording::parse(
            "r.json",
            r#"{"format": "awsgen-recording/1", "exchanges": [{"request": {"method": "POST", "path": "/", "params": ["NoEquals"]}, "response": {"status": 200}}]}"#,
        )
        .unwrap_err();
        assert_eq!(err.path, "exchanges[0].request.params[0]");
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
    }

    #[test]
    fn matching_requests_get_the_recorded_responses_in_order() {
        let replay = ReplayClient::from_recording(recording());
        // Parameter order and encoding do not matter; the signature header is not compared.
        let first = block_on(replay.send(request("Name=a+b%2Bc&Version=1&Action=A"))).unwrap();
        assert_eq!(first.body, b"<A>\n  <B/>\n</A>\n");
        assert_eq!(replay.remaining(), 1);
        let second = block_on(replay.send(request("Action=B&Version=1"))).unwrap();
        assert_eq!(second.status, 400);
        replay.assert_all_used();
        assert_eq!(replay.sent().len(), 2);
    }

    #[test]
    fn a_mismatch_names_the_differing_parameters_and_consumes_nothing() {
        let replay = ReplayClient::from_recording(recording());
        let err = block_on(replay.send(request("Action=A&Version=1&Name=other&Extra=1"))).unwrap_err();
        assert!(err.message.contains("exchange \"first\""), "{}", err.message);
        assert!(err.message.contains("recorded but not sent: Name=a b+c"), "{}", err.message);
        assert!(err.message.contains("sent but not recorded: Extra=1"), "{}", err.message);
        assert!(err.message.contains("sent but not recorded: Name=other"), "{}", err.message);
        assert_eq!(err.kind, TransportErrorKind::InvalidRequest, "a mismatch is not retried");
        assert_eq!(replay.remaining(), 2);
        assert_eq!(replay.mismatches().len(), 1);
        let incomplete = std::panic::catch_unwind(|| replay.assert_all_used()).unwrap_err();
        let text = incomplete.downcast_ref::<String>().cloned().unwrap_or_default();
        assert!(text.contains("never requested: first, second"), "{text}");
    }

    #[test]
    fn exhaustion_is_an_error_not_a_hang() {
        let replay = ReplayClient::new(vec![]);
        let err = block_on(replay.send(request("Action=A"))).unwrap_err();
        assert!(err.message.contains("replay exhausted: request 1 (POST / Action=A)"), "{}", err.message);
    }

    #[test]
    fn a_scripted_replay_accepts_any_request() {
        let replay = ReplayClient::new(vec![HttpResponse { status: 204, headers: vec![], body: vec![] }]);
        assert_eq!(block_on(replay.send(request("anything"))).unwrap().status, 204);
        replay.assert_all_used();
    }
}
