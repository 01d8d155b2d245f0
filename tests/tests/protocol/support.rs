//! What every generated protocol case uses: a transport that records the request the client
//! hands it and answers with the case's response, the comparisons (form bodies as parameter
//! sets, results as value trees), and the per-file tally.
//!
//! Requests and responses go through the generated client's real pipeline (`Client::call`):
//! serialization, endpoint and host prefix, signing, error classification, parsing. Only the
//! network is replaced.

use awsgen_runtime::credentials::Credentials;
use awsgen_runtime::http::{HttpRequest, HttpResponse};
use awsgen_runtime::retry::RetryConfig;
use awsgen_runtime::{Config, DateTime, SdkError};
use awsgen_tests::ReplayClient;
use std::collections::BTreeMap;
use std::fmt::{self, Debug};
use std::future::Future;

/// One generated case, for the tally.
pub struct Case {
    /// The test's name inside its file module.
    pub name: &'static str,
    /// The test body.
    pub run: fn(),
    /// Why the case is `#[ignore]`d, if it is.
    pub skip: Option<&'static str>,
}

/// The transport is the crate's [`ReplayClient`]: it records each request and answers with the
/// scripted responses (none for request cases: those need only the request).
fn config(endpoint: &str, transport: ReplayClient) -> Config {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None))
        .http_client(transport)
        .endpoint_url(endpoint)
        .retry(RetryConfig::disabled())
        .attempt_timeout(None)
        // The token the vectors expect for an unset idempotency-token member.
        .idempotency_token_provider(|| "00000000-0000-4000-8000-000000000000".to_string())
        .build()
}

fn block_on<F: Future>(future: F) -> F::Output {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
    runtime.block_on(future)
}

/// Runs `call` on a client configured for `endpoint` and returns the one request it sent.
pub fn capture_request<F, Fut, T>(endpoint: &str, call: F) -> HttpRequest
where
    F: FnOnce(Config) -> Fut,
    Fut: Future<Output = T>,
    T: Debug,
{
    let transport = ReplayClient::default();
    let outcome = block_on(call(config(endpoint, transport.clone())));
    let mut sent = transport.sent();
    match sent.len() {
        1 => sent.remove(0),
        n => panic!("expected the client to send one request, it sent {n}; the call returned {outcome:#?}"),
    }
}

/// Runs `call` on a client whose transport answers with this response; returns its outcome.
pub fn with_response<F, Fut, T>(status: u16, headers: &[(&str, &str)], body: &str, call: F) -> T
where
    F: FnOnce(Config) -> Fut,
    Fut: Future<Output = T>,
{
    let reply = HttpResponse {
        status,
        headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        body: body.as_bytes().to_vec(),
    };
    block_on(call(config("https://example.com", ReplayClient::new(vec![reply]))))
}

/// The output of a call that should have succeeded.
pub fn expect_output<O: Debug, E: Debug>(outcome: Result<O, SdkError<E>>) -> O {
    outcome.unwrap_or_else(|e| panic!("expected the response to parse as the output, got the error {e:#?}"))
}

/// The service error of a call that should have failed with one.
pub fn expect_service_error<O: Debug, E: Debug>(outcome: Result<O, SdkError<E>>) -> E {
    match outcome {
        Err(SdkError::Service(e)) => e,
        other => panic!("expected a service error, got {other:#?}"),
    }
}

/// A map whose entries the vector numbers in its JSON order, which the client numbers in key
/// order (generated maps are `BTreeMap`s).
pub struct MapOrder {
    /// The map's key element (`key`, `TheKey`).
    pub key_name: &'static str,
    /// The keys in the vector's order.
    pub keys: &'static [&'static str],
}

/// The request a case expects (botocore's `serialized`).
pub struct ExpectedRequest {
    /// `POST`, when the case says.
    pub method: Option<&'static str>,
    /// The path and query of the URL.
    pub uri: &'static str,
    /// The URL's authority, when the case says.
    pub host: Option<&'static str>,
    /// Headers that must be present with these values.
    pub headers: &'static [(&'static str, &'static str)],
    /// Headers that must be present.
    pub require_headers: &'static [&'static str],
    /// Headers that must be absent.
    pub forbid_headers: &'static [&'static str],
    /// The form body, when the case says.
    pub body: Option<&'static str>,
    /// Maps in the case's input whose key order differs from the client's.
    pub map_orders: &'static [MapOrder],
}

/// Compares a sent request with the case's expectations; panics listing every difference.
pub fn assert_request(actual: &HttpRequest, expected: &ExpectedRequest) {
    let mut problems = Vec::new();
    if let Some(method) = expected.method {
        if actual.method != method {
            problems.push(format!("method: expected {method:?}, actual {:?}", actual.method));
        }
    }
    let (authority, uri) = split_url(&actual.url);
    if uri != expected.uri {
        problems.push(format!("URI: expected {:?}, actual {uri:?} (URL {:?})", expected.uri, actual.url));
    }
    if let Some(host) = expected.host {
        if authority != host {
            problems.push(format!("host: expected {host:?}, actual {authority:?} (URL {:?})", actual.url));
        }
    }
    for (name, value) in expected.headers {
        match actual.header(name) {
            None => problems.push(format!("header {name}: expected {value:?}, absent")),
            Some(v) if !header_matches(name, value, v) => {
                problems.push(format!("header {name}: expected {value:?}, actual {v:?}"))
            }
            Some(_) => {}
        }
    }
    for name in expected.require_headers {
        if actual.header(name).is_none() {
            problems.push(format!("header {name}: required, absent"));
        }
    }
    for name in expected.forbid_headers {
        if let Some(v) = actual.header(name) {
            problems.push(format!("header {name}: forbidden, present as {v:?}"));
        }
    }
    let compressed = actual.header("content-encoding") == Some("gzip");
    let actual_bytes = if compressed { gunzip(&actual.body) } else { actual.body.clone() };
    if let (Some(""), true) = (expected.body, compressed) {
        // The vectors leave the body of a compressed request empty (botocore checks compression
        // elsewhere): the body must instead be a gzipped form of the operation, over the
        // compression threshold.
        let pairs = form_pairs(&String::from_utf8_lossy(&actual_bytes));
        if actual_bytes.len() < awsgen_runtime::compression::DEFAULT_MIN_SIZE_BYTES
            || !pairs.iter().any(|(k, _)| k == "Action")
        {
            problems.push(format!("compressed body is not a form over the threshold: {} bytes", actual_bytes.len()));
        }
    } else if let Some(body) = expected.body {
        let actual_body = String::from_utf8_lossy(&actual_bytes);
        let mut want = renumber_maps(form_pairs(body), expected.map_orders);
        let mut got = form_pairs(&actual_body);
        want.sort();
        got.sort();
        if want != got {
            let missing: Vec<_> = want.iter().filter(|p| !got.contains(p)).collect();
            let unexpected: Vec<_> = got.iter().filter(|p| !want.contains(p)).collect();
            problems.push(format!(
                "body parameters differ\n  expected body: {body}\n  actual body:   {actual_body}\n  missing:    {missing:?}\n  unexpected: {unexpected:?}"
            ));
        }
    }
    if !problems.is_empty() {
        panic!("the request differs from the case:\n- {}\n{actual:#?}", problems.join("\n- "));
    }
}

/// `Content-Type` is compared as a media type: the vectors converted from Smithy write
/// `application/x-www-form-urlencoded`, botocore's own `...; charset=utf-8` (which the client
/// sends); the type must match and every parameter the case names must be present. Other
/// headers must match exactly.
fn header_matches(name: &str, expected: &str, actual: &str) -> bool {
    if !name.eq_ignore_ascii_case("content-type") {
        return expected == actual;
    }
    let parts = |v: &str| -> (String, Vec<String>) {
        let mut it = v.split(';').map(|p| p.trim().to_ascii_lowercase());
        let media = it.next().unwrap_or_default();
        (media, it.filter(|p| !p.is_empty()).collect())
    };
    let (want_type, want_params) = parts(expected);
    let (got_type, got_params) = parts(actual);
    want_type == got_type && want_params.iter().all(|p| got_params.contains(p))
}

/// (`example.com`, `/custom/`) from `https://example.com/custom/`.
fn split_url(url: &str) -> (&str, String) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    }
}

/// The decoded `(key, value)` pairs of a form body.
pub fn form_pairs(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (form_decode(k), form_decode(v))
        })
        .collect()
}

fn form_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Renumbers the entries of each out-of-order map to key order. The map's entries are found by
/// content: every prefix `P` where `P.i.<key_name>` holds the `i`-th key for all `i`.
fn renumber_maps(mut pairs: Vec<(String, String)>, orders: &[MapOrder]) -> Vec<(String, String)> {
    for order in orders {
        let first = format!(".1.{}", order.key_name);
        let prefixes: Vec<String> = pairs
            .iter()
            .filter(|(k, v)| k.ends_with(&first) && Some(&v.as_str()) == order.keys.first())
            .map(|(k, _)| k[..k.len() - first.len()].to_string())
            .filter(|p| {
                order.keys.iter().enumerate().all(|(i, key)| {
                    let want = format!("{p}.{}.{}", i + 1, order.key_name);
                    pairs.iter().any(|(k, v)| *k == want && v == key)
                })
            })
            .collect();
        let mut sorted: Vec<&str> = order.keys.to_vec();
        sorted.sort_unstable();
        for prefix in prefixes {
            for (key, _) in pairs.iter_mut() {
                let Some(rest) = key.strip_prefix(&format!("{prefix}.")) else { continue };
                let Some((index, tail)) = rest.split_once('.') else { continue };
                let Some(at) = index.parse::<usize>().ok().and_then(|i| order.keys.get(i.wrapping_sub(1))) else {
                    continue;
                };
                let new_index = sorted.iter().position(|k| k == at).map_or(0, |p| p + 1);
                *key = format!("{prefix}.{new_index}.{tail}");
            }
        }
    }
    pairs
}

/// A parsed result, as a tree the expectations and the actual output both become.
#[derive(Clone)]
pub enum Value {
    /// A boolean.
    Bool(bool),
    /// An integer or long.
    Int(i64),
    /// A float.
    F32(f32),
    /// A double.
    F64(f64),
    /// A string or enum value.
    Str(String),
    /// A blob.
    Bytes(Vec<u8>),
    /// A timestamp, compared as an instant.
    Time(DateTime),
    /// A list.
    List(Vec<Value>),
    /// A map.
    Map(BTreeMap<String, Value>),
    /// A structure: its set members by model name.
    Struct(BTreeMap<String, Value>),
}

impl Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(v) => write!(f, "{v}"),
            Value::Int(v) => write!(f, "{v}"),
            Value::F32(v) => write!(f, "{v:?}f32"),
            Value::F64(v) => write!(f, "{v:?}"),
            Value::Str(v) => write!(f, "{v:?}"),
            Value::Bytes(v) => write!(f, "b{:?}", String::from_utf8_lossy(v)),
            Value::Time(v) => write!(f, "{v} ({}.{:09})", v.secs(), v.subsec_nanos()),
            Value::List(v) => f.debug_list().entries(v).finish(),
            Value::Map(v) | Value::Struct(v) => f.debug_map().entries(v).finish(),
        }
    }
}

/// A structure value from `(member, value)` pairs.
pub fn st<const N: usize>(members: [(&str, Value); N]) -> Value {
    Value::Struct(members.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// A map value from `(key, value)` pairs.
pub fn map<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Map(entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// A string value.
pub fn s(v: &str) -> Value {
    Value::Str(v.to_string())
}

/// An instant from epoch seconds as the vectors write them (`1398796238`, `946845296.123`),
/// read as a decimal so that no float rounding creeps in.
pub fn epoch(seconds: &str) -> DateTime {
    DateTime::parse_epoch_seconds(seconds).unwrap_or_else(|e| panic!("bad epoch seconds in a vector: {e}"))
}

/// Compares a result with the case's expectation; panics listing every difference by path.
pub fn assert_same(expected: &Value, actual: &Value) {
    let mut problems = Vec::new();
    diff(expected, actual, "", &mut problems);
    if !problems.is_empty() {
        panic!(
            "the parsed result differs from the case:\n- {}\nexpected: {expected:#?}\nactual:   {actual:#?}",
            problems.join("\n- ")
        );
    }
}

fn diff(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    let at = if path.is_empty() { "the result" } else { path };
    match (expected, actual) {
        (Value::List(e), Value::List(a)) => {
            if e.len() != a.len() {
                out.push(format!("{at}: expected {} items, actual {}: {e:?} vs {a:?}", e.len(), a.len()));
                return;
            }
            for (i, (e, a)) in e.iter().zip(a).enumerate() {
                diff(e, a, &format!("{path}[{i}]"), out);
            }
        }
        (Value::Map(e), Value::Map(a)) | (Value::Struct(e), Value::Struct(a)) => {
            let dot = if matches!(expected, Value::Struct(_)) { "." } else { "" };
            for (k, ev) in e {
                let child = if dot.is_empty() {
                    format!("{path}[{k:?}]")
                } else if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match a.get(k) {
                    Some(av) => diff(ev, av, &child, out),
                    None => out.push(format!("{child}: expected {ev:?}, absent")),
                }
            }
            for (k, av) in a {
                if !e.contains_key(k) {
                    let child = if dot.is_empty() {
                        format!("{path}[{k:?}]")
                    } else if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    out.push(format!("{child}: expected absent, actual {av:?}"));
                }
            }
        }
        (Value::F32(e), Value::F32(a)) if e.is_nan() && a.is_nan() => {}
        (Value::F64(e), Value::F64(a)) if e.is_nan() && a.is_nan() => {}
        (Value::F32(e), Value::F32(a)) if e == a => {}
        (Value::F64(e), Value::F64(a)) if e == a => {}
        (Value::Bool(e), Value::Bool(a)) if e == a => {}
        (Value::Int(e), Value::Int(a)) if e == a => {}
        (Value::Str(e), Value::Str(a)) if e == a => {}
        (Value::Bytes(e), Value::Bytes(a)) if e == a => {}
        (Value::Time(e), Value::Time(a)) if e == a => {}
        _ => out.push(format!("{at}: expected {expected:?}, actual {actual:?}")),
    }
}

/// Compares an error's code and message with the case's (`errorCode`, `errorMessage` when the
/// case gives one).
pub fn assert_error_meta(meta: &awsgen_runtime::ErrorMetadata, code: &str, message: Option<&str>) {
    assert_eq!(meta.code, code, "error code (expected left, actual right); metadata: {meta:#?}");
    if let Some(message) = message {
        assert_eq!(meta.message.as_deref(), Some(message), "error message (expected left, actual right)");
    }
}

/// Runs every case of every file outside libtest and prints one line per file:
/// `query output: 38 passed, 0 failed, 0 skipped`. Returns the number of failures.
pub fn summarize(files: &[(&str, &[Case])]) -> usize {
    let mut failures = 0;
    let mut lines = Vec::new();
    for (label, cases) in files {
        let (mut passed, mut failed, mut skipped) = (0, 0, 0);
        for case in cases.iter() {
            if case.skip.is_some() {
                skipped += 1;
            } else if std::panic::catch_unwind(case.run).is_ok() {
                passed += 1;
            } else {
                failed += 1;
                lines.push(format!("  FAILED: {label}: {}", case.name));
            }
        }
        failures += failed;
        lines.push(format!("{label}: {passed} passed, {failed} failed, {skipped} skipped"));
    }
    for line in lines {
        println!("{line}");
    }
    failures
}

/// Decompresses a gzip body (a corrupt one becomes a visible test failure).
fn gunzip(body: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(body).read_to_end(&mut out).expect("the body is valid gzip");
    out
}
