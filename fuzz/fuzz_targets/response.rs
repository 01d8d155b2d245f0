//! Replies to every operation of three generated clients, one per protocol family: ElastiCache
//! (awsQuery), SQS (awsJson1_0, query-compatible errors) and Lambda (restJson1: labels, query
//! strings, headers, payloads, status codes), through the real pipeline (classify → error
//! metadata → parse) over an in-memory transport. The input chooses the service, the
//! operation, the status, the headers and the body ([`awsgen_fuzz::response_case`]).
//!
//! Checked beyond "no panic": each call reaches the transport exactly once (the inputs
//! build.rs writes are valid, path labels included), a reply outside 2xx never becomes `Ok`,
//! nor does a 2xx ElastiCache reply whose document is an `<ErrorResponse>`, and a failed call
//! is a service error or a response error (a typed `SdkError`), never something that happens
//! before the reply.

#![no_main]

use awsgen_runtime::credentials::Credentials;
use awsgen_runtime::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError};
use awsgen_runtime::retry::RetryConfig;
use awsgen_runtime::{Config, SdkError};
use libfuzzer_sys::fuzz_target;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

include!(concat!(env!("OUT_DIR"), "/operations.rs"));

/// Why a call failed, as far as the checks care.
#[derive(Debug)]
pub enum Outcome {
    /// A modeled or unmodeled service error.
    Service(String),
    /// A reply that could not be parsed.
    Response(String),
    /// Anything else: the harness sent a bad input or the pipeline never got the reply.
    Other(String),
}

fn summarize<T: std::fmt::Debug, E: std::fmt::Debug + std::fmt::Display>(
    result: Result<T, SdkError<E>>,
) -> Result<String, Outcome> {
    match result {
        Ok(output) => Ok(format!("{output:?}")),
        Err(e) => {
            // Display and Debug of every error must work on any reply.
            let text = format!("{e} {e:?}");
            Err(match e {
                SdkError::Service(_) => Outcome::Service(text),
                SdkError::Response(_) => Outcome::Response(text),
                _ => Outcome::Other(text),
            })
        }
    }
}

/// The transport: hands out the reply the current input describes, and counts requests.
#[derive(Debug, Default)]
struct Canned {
    reply: Mutex<Option<HttpResponse>>,
    sent: AtomicUsize,
}

#[derive(Debug)]
struct Transport(Arc<Canned>);

impl HttpClient for Transport {
    fn send(&self, _request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.0.sent.fetch_add(1, Ordering::SeqCst);
        let reply = self.0.reply.lock().unwrap_or_else(|e| e.into_inner()).take();
        Box::pin(async move { reply.ok_or_else(|| TransportError::new("no canned reply left", None)) })
    }
}

struct Harness {
    runtime: tokio::runtime::Runtime,
    elasticache: awsgen_elasticache::Client,
    sqs: awsgen_sqs::Client,
    lambda: awsgen_lambda::Client,
    cloudwatch: awsgen_cloudwatch::Client,
    canned: Arc<Canned>,
}

fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let canned = Arc::new(Canned::default());
        let config = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDFUZZ", "fuzz-secret", None))
            .retry(RetryConfig::standard().with_max_attempts(1))
            .http_client(Transport(canned.clone()))
            .build();
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
        Harness {
            runtime,
            elasticache: awsgen_elasticache::Client::new(config.clone()),
            sqs: awsgen_sqs::Client::new(config.clone()),
            lambda: awsgen_lambda::Client::new(config.clone()),
            cloudwatch: awsgen_cloudwatch::Client::new(config),
            canned,
        }
    })
}

/// Whether the body's root element is plainly `<ErrorResponse>` (after whitespace and an XML
/// declaration): the query error document, which must never parse as a successful output.
fn is_error_document(body: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(body) else { return false };
    let mut rest = text.trim_start();
    if let Some(decl) = rest.strip_prefix("<?xml") {
        match decl.find("?>") {
            Some(end) => rest = decl[end + 2..].trim_start(),
            None => return false,
        }
    }
    rest.strip_prefix("<ErrorResponse").is_some_and(|after| after.starts_with(['>', '/', ' ', '\t', '\r', '\n']))
}

fuzz_target!(|data: &[u8]| {
    let counts =
        [elasticache::OPERATIONS.len(), sqs::OPERATIONS.len(), lambda::OPERATIONS.len(), cloudwatch::OPERATIONS.len()];
    let Some(case) = awsgen_fuzz::response_case(data, &counts) else { return };
    let h = harness();
    let reply = HttpResponse { status: case.status, headers: case.headers, body: case.body.to_vec() };
    *h.canned.reply.lock().unwrap_or_else(|e| e.into_inner()) = Some(reply);
    h.canned.sent.store(0, Ordering::SeqCst);
    // The query error document is an error whatever the status; in the JSON protocols the
    // status alone says.
    let error_document = case.service == 0 && is_error_document(case.body);
    let (op, result) = match case.service {
        0 => (
            elasticache::OPERATIONS[case.operation],
            h.runtime.block_on(elasticache::call(&h.elasticache, case.operation)),
        ),
        1 => (sqs::OPERATIONS[case.operation], h.runtime.block_on(sqs::call(&h.sqs, case.operation))),
        2 => (lambda::OPERATIONS[case.operation], h.runtime.block_on(lambda::call(&h.lambda, case.operation))),
        _ => (
            cloudwatch::OPERATIONS[case.operation],
            h.runtime.block_on(cloudwatch::call(&h.cloudwatch, case.operation)),
        ),
    };
    let op = format!("{}.{op}", SERVICES[case.service]);
    assert_eq!(h.canned.sent.load(Ordering::SeqCst), 1, "{op}: the call did not reach the transport once: {result:?}");
    match &result {
        Ok(_) => {
            assert!((200..300).contains(&case.status), "{op}: status {} became Ok", case.status);
            assert!(!error_document, "{op}: an <ErrorResponse> under status {} became Ok", case.status);
        }
        Err(Outcome::Service(_) | Outcome::Response(_)) => {}
        Err(Outcome::Other(e)) => panic!("{op}: a reply became neither a service nor a response error: {e}"),
    }
});
