//! What every generated protocol case uses: a transport that records the request the client
//! hands it and answers with the case's response, the comparisons (requests in `request.rs`,
//! results as value trees in `value.rs`), and the per-file tally.
//!
//! Requests and responses go through the generated client's real pipeline (`Client::call`):
//! serialization, endpoint and host prefix, signing, error classification, parsing. Only the
//! network is replaced.

use awsgen_runtime::credentials::Credentials;
use awsgen_runtime::http::{HttpRequest, HttpResponse};
use awsgen_runtime::retry::RetryConfig;
use awsgen_runtime::{Config, SdkError};
use awsgen_tests::ReplayClient;
use std::fmt::Debug;
use std::future::Future;

mod cbor;
mod request;
mod value;
mod xml_tree;

pub use request::{assert_not_serialized, assert_request, BodyKind, ExpectedRequest, MapOrder};
pub use value::{assert_same, doc, epoch, map, s, st, Value};

/// One generated case, for the tally.
pub struct Case {
    /// The test's name inside its file module.
    pub name: &'static str,
    /// The test body.
    pub run: fn(),
    /// Why the case is `#[ignore]`d, if it is.
    pub skip: Option<&'static str>,
}

/// One suite file, for the tally.
pub struct File {
    /// `query output`.
    pub label: &'static str,
    /// Its cases.
    pub cases: &'static [Case],
    /// Why its cases are not generated yet, and how many there are, if they are not.
    pub pending: Option<(&'static str, usize)>,
}

/// A streaming blob member's value built from bytes, whatever type the generator gives it.
pub fn stream<T: From<Vec<u8>>>(bytes: &[u8]) -> T {
    T::from(bytes.to_vec())
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

/// [`with_response`] for a body given in base64 (RPC v2 CBOR's vectors).
pub fn with_base64_response<F, Fut, T>(status: u16, headers: &[(&str, &str)], body: &str, call: F) -> T
where
    F: FnOnce(Config) -> Fut,
    Fut: Future<Output = T>,
{
    let reply = HttpResponse {
        status,
        headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        body: cbor::from_base64(body),
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
pub fn summarize(files: &[File]) -> usize {
    let mut failures = 0;
    let mut lines = Vec::new();
    for file in files {
        let label = file.label;
        if let Some((reason, count)) = file.pending {
            lines.push(format!("{label}: {count} cases not run: {reason}"));
            continue;
        }
        let (mut passed, mut failed, mut skipped) = (0, 0, 0);
        for case in file.cases {
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
