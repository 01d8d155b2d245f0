//! Streaming outputs end to end: a hand-written operation with `STREAMING_OUTPUT = true` (the
//! generated side comes later) through the real pipeline and `HyperClient`, against a raw TCP
//! server on 127.0.0.1 that sends a body in steps, cuts it, or never ends it; and the same
//! operation over the replaying transport, which only implements `send`.
//!
//! No assertion measures time: ordering is proven by the server waiting for the test's signal,
//! and memory by how far the server's writes may run ahead of what the caller has read. Every
//! client has attempt and operation timeouts, so a broken pipeline fails instead of hanging.

use std::future::Future;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use awsgen_runtime::body::StreamErrorKind;
use awsgen_runtime::client::MAX_ERROR_BODY_LEN;
use awsgen_runtime::credentials::Credentials;
use awsgen_runtime::endpoint::{BuiltIns, Endpoint, EndpointError};
use awsgen_runtime::error::{InvalidRequestError, TimeoutKind, TransportErrorKind};
use awsgen_runtime::http::HttpResponse;
use awsgen_runtime::query::TokenSource;
use awsgen_runtime::replay::ReplayClient;
use awsgen_runtime::retry::RetryConfig;
use awsgen_runtime::{
    ByteStream, ClientCore, Config, ErrorMetadata, Operation, ParseError, Protocol, SdkError, SerializedRequest,
    ServiceInfo,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

fn resolve(built_ins: &BuiltIns) -> Result<Endpoint, EndpointError> {
    built_ins.endpoint.clone().map(Endpoint::new).ok_or_else(|| EndpointError::new("no endpoint configured"))
}

static BLOBS: ServiceInfo = ServiceInfo {
    signing_name: "blobs",
    api_version: "2024-01-01",
    env_suffix: "BLOBS",
    protocol: Protocol::Query,
    query_compatible: false,
    resolve_endpoint: resolve,
    retryable_errors: &[],
};

/// `GET /blob`, whose output is the reply's body, streaming.
struct GetBlob;

#[derive(Debug)]
struct GetBlobOutput {
    request_id: Option<String>,
    body: ByteStream,
}

#[derive(Debug)]
enum GetBlobError {
    NoSuchBlob(ErrorMetadata),
    // Read through Debug when a test fails.
    #[allow(dead_code)]
    Unhandled(ErrorMetadata),
}

impl Operation for GetBlob {
    type Output = GetBlobOutput;
    type Error = GetBlobError;
    const NAME: &'static str = "GetBlob";
    const STREAMING_OUTPUT: bool = true;

    fn serialize_with_tokens(&self, _: &TokenSource) -> Result<SerializedRequest, InvalidRequestError> {
        Ok(SerializedRequest {
            method: "GET",
            uri: "/blob".into(),
            headers: Vec::new(),
            body: Vec::new(),
            streaming_body: None,
        })
    }

    fn parse_output(_: &HttpResponse) -> Result<GetBlobOutput, ParseError> {
        Err(ParseError::new("GetBlob's output streams"))
    }

    fn parse_streaming_output(head: &HttpResponse, body: ByteStream) -> Result<GetBlobOutput, ParseError> {
        Ok(GetBlobOutput { request_id: head.header("x-amzn-requestid").map(str::to_owned), body })
    }

    fn parse_error(meta: ErrorMetadata, _: &HttpResponse) -> Result<GetBlobError, ParseError> {
        Ok(match meta.code.as_str() {
            "NoSuchBlob" => GetBlobError::NoSuchBlob(meta),
            _ => GetBlobError::Unhandled(meta),
        })
    }
}

fn config(url: &str) -> awsgen_runtime::ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .endpoint_url(url)
        .retry(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
        .attempt_timeout(Some(Duration::from_secs(10)))
        .operation_timeout(Duration::from_secs(30))
}

async fn get_blob(url: &str) -> Result<GetBlobOutput, SdkError<GetBlobError>> {
    ClientCore::new(&BLOBS, config(url).build()).invoke(&GetBlob).await
}

/// A loopback server handing each connection, once its request is read, to `serve` with the
/// request's number (0 first); returns its URL and the count of requests read.
async fn server<F, Fut>(serve: F) -> (String, Arc<AtomicUsize>)
where
    F: Fn(TcpStream, usize) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("local addr"));
    let count = Arc::new(AtomicUsize::new(0));
    let requests = count.clone();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            if read_head(&mut sock).await {
                tokio::spawn(serve(sock, requests.fetch_add(1, Ordering::SeqCst)));
            }
        }
    });
    (url, count)
}

/// Reads a request head (the requests here have no body); false if the peer left first.
async fn read_head(sock: &mut TcpStream) -> bool {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match sock.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    true
}

fn head(status: &str, framing: &str) -> Vec<u8> {
    format!("HTTP/1.1 {status}\r\n{framing}\r\nx-amzn-requestid: rid-stream\r\nconnection: close\r\n\r\n").into_bytes()
}

const CHUNKED: &str = "transfer-encoding: chunked";

fn chunk(data: &[u8]) -> Vec<u8> {
    let mut out = format!("{:x}\r\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\r\n");
    out
}

fn error_doc(code: &str) -> String {
    format!(
        "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>no</Message></Error>\
         <RequestId>rid-{code}</RequestId></ErrorResponse>"
    )
}

type Signal = Arc<std::sync::Mutex<Option<oneshot::Receiver<()>>>>;

/// A one-shot signal the server waits for, taken by the first request.
fn signal() -> (oneshot::Sender<()>, Signal) {
    let (tx, rx) = oneshot::channel();
    (tx, Arc::new(std::sync::Mutex::new(Some(rx))))
}

/// The signal for the first request; `None` for a retry (which these tests do not expect: a
/// pipeline that waited for the whole body would time out and try again).
fn take(rx: &Signal) -> Option<oneshot::Receiver<()>> {
    rx.lock().ok()?.take()
}

/// (a) The call returns, and the first chunk is read, while the server still holds the rest
/// back until the test says so: a pipeline that buffered the body would wait for it and fail
/// with the attempt timeout.
#[tokio::test]
async fn the_first_chunk_arrives_before_the_rest_is_sent() {
    let (release, rx) = signal();
    let (url, requests) = server(move |mut sock, _| {
        let rx = take(&rx);
        async move {
            let mut first = head("200 OK", CHUNKED);
            first.extend(chunk(b"first chunk;"));
            sock.write_all(&first).await.expect("write");
            sock.flush().await.expect("flush");
            let Some(rx) = rx else { return };
            rx.await.expect("the test releases the rest");
            let mut rest = chunk(b"the rest");
            rest.extend_from_slice(b"0\r\n\r\n");
            sock.write_all(&rest).await.expect("write");
        }
    })
    .await;
    let mut out = get_blob(&url).await.expect("the head arrived");
    assert_eq!(out.request_id.as_deref(), Some("rid-stream"));
    assert_eq!(out.body.content_length(), None);
    assert_eq!(out.body.next().await.expect("a chunk").expect("ok"), "first chunk;");
    release.send(()).expect("the server waits");
    assert_eq!(out.body.collect().await.expect("the rest"), b"the rest");
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}

/// (b) 64 MiB pass through counted, not kept; the server's writes never run further ahead of
/// what the caller has read than the kernel's socket buffers allow (here at most 32 MiB for
/// receiving and 4 MiB for sending, `net.ipv4.tcp_rmem`/`tcp_wmem`), plus one write and
/// hyper's read buffer: a client that read the body whole before returning it would see the
/// server 64 MiB ahead.
#[tokio::test]
async fn a_64_mib_body_streams_through_in_bounded_chunks() {
    const MIB: usize = 1024 * 1024;
    const TOTAL: usize = 64 * MIB;
    let written = Arc::new(AtomicU64::new(0));
    let progress = written.clone();
    let (url, _) = server(move |mut sock, _| {
        let progress = progress.clone();
        async move {
            sock.write_all(&head("200 OK", &format!("content-length: {TOTAL}"))).await.expect("write");
            let block = vec![b'z'; MIB];
            for _ in 0..TOTAL / MIB {
                if sock.write_all(&block).await.is_err() {
                    return;
                }
                progress.fetch_add(MIB as u64, Ordering::SeqCst);
            }
        }
    })
    .await;
    let mut out = get_blob(&url).await.expect("the head arrived");
    assert_eq!(out.body.content_length(), Some(TOTAL as u64));
    let (mut received, mut chunks, mut largest, mut furthest_ahead) = (0u64, 0u32, 0usize, 0u64);
    while let Some(chunk) = out.body.next().await {
        let chunk = chunk.expect("no error");
        assert!(chunk.iter().all(|&b| b == b'z'));
        received += chunk.len() as u64;
        chunks += 1;
        largest = largest.max(chunk.len());
        furthest_ahead = furthest_ahead.max(written.load(Ordering::SeqCst).saturating_sub(received));
    }
    assert_eq!(received, TOTAL as u64);
    assert!(chunks > 64, "{chunks} chunks");
    assert!(largest <= MIB, "largest chunk {largest} bytes");
    assert!(furthest_ahead <= 48 * MIB as u64, "the server ran {furthest_ahead} bytes ahead of the reader");
}

/// (c) A reset after the first chunk is a transport error from `next()`, after that chunk.
#[tokio::test]
async fn a_reset_mid_body_is_a_transport_error_from_next() {
    let (cut, rx) = signal();
    let (url, _) = server(move |mut sock, _| {
        let rx = take(&rx);
        async move {
            let mut first = head("200 OK", CHUNKED);
            first.extend(chunk(b"partial"));
            sock.write_all(&first).await.expect("write");
            sock.flush().await.expect("flush");
            let Some(rx) = rx else { return };
            let _ = rx.await;
            // Linger zero: closing sends a reset rather than an orderly end.
            sock.set_zero_linger().expect("linger");
            drop(sock);
        }
    })
    .await;
    let mut out = get_blob(&url).await.expect("the head arrived");
    assert_eq!(out.body.next().await.expect("a chunk").expect("ok"), "partial");
    cut.send(()).expect("the server waits");
    let err = out.body.next().await.expect("an error").expect_err("the connection was reset");
    assert_eq!(err.kind, StreamErrorKind::Transport(TransportErrorKind::Io));
    assert!(err.to_string().contains("127.0.0.1"), "{err}");
    assert!(out.body.next().await.is_none(), "nothing after the error");
}

/// (c) A body that ends before its `content-length` is a length mismatch saying how much came;
/// without a declared length, an end inside a chunk is a transport error.
#[tokio::test]
async fn a_connection_closed_mid_body_is_a_typed_error() {
    let (url, _) = server(|mut sock, n| async move {
        let reply = match n {
            0 => [head("200 OK", "content-length: 1000"), b"ten bytes!".to_vec()].concat(),
            _ => [head("200 OK", CHUNKED), b"64\r\nnot a hundred bytes".to_vec()].concat(),
        };
        sock.write_all(&reply).await.expect("write");
        sock.shutdown().await.expect("orderly close");
    })
    .await;
    let out = get_blob(&url).await.expect("the head arrived");
    let err = out.body.collect().await.expect_err("short");
    assert_eq!(err.kind, StreamErrorKind::LengthMismatch { expected: 1000, received: 10 });
    let out = get_blob(&url).await.expect("the head arrived");
    let err = out.body.collect().await.expect_err("cut inside a chunk");
    assert_eq!(err.kind, StreamErrorKind::Transport(TransportErrorKind::Io));
}

fn service_error(result: Result<GetBlobOutput, SdkError<GetBlobError>>) -> GetBlobError {
    match result {
        Err(SdkError::Service(e)) => e,
        other => panic!("expected a service error, got {other:?}"),
    }
}

/// (d) An error reply to a streaming operation is read and typed, with its request id, and
/// retried as any other: a 503 and then a 404 that is final.
#[tokio::test]
async fn an_error_reply_is_typed_and_retried_as_usual() {
    let (url, requests) = server(|mut sock, n| async move {
        let (status, doc) = match n {
            0 => ("503 Service Unavailable", error_doc("ServiceUnavailable")),
            _ => ("404 Not Found", error_doc("NoSuchBlob")),
        };
        let reply = [head(status, &format!("content-length: {}", doc.len())), doc.into_bytes()].concat();
        sock.write_all(&reply).await.expect("write");
    })
    .await;
    match service_error(get_blob(&url).await) {
        GetBlobError::NoSuchBlob(meta) => {
            assert_eq!((meta.status, meta.request_id.as_deref()), (404, Some("rid-NoSuchBlob")));
        }
        other => panic!("expected NoSuchBlob, got {other:?}"),
    }
    assert_eq!(requests.load(Ordering::SeqCst), 2);
}

/// An endless error body is read up to `MAX_ERROR_BODY_LEN` and classified: garbage is an
/// unreadable reply with its status, request id and excerpt, retried by its status (the server
/// sees each connection dropped); an error document followed by endless padding is still typed.
#[tokio::test]
async fn an_endless_error_body_is_bounded() {
    let sent = Arc::new(AtomicU64::new(0));
    let total = sent.clone();
    let (url, requests) = server(move |mut sock, n| {
        let total = total.clone();
        async move {
            let (status, start) = match n {
                0..=2 => ("500 Internal Server Error", String::new()),
                _ => ("400 Bad Request", error_doc("NoSuchBlob")),
            };
            let mut bytes = head(status, CHUNKED);
            if !start.is_empty() {
                // (An empty chunk would end the body.)
                bytes.extend(chunk(start.as_bytes()));
            }
            let filler = chunk(&[if start.is_empty() { b'x' } else { b' ' }; 64 * 1024]);
            while sock.write_all(&bytes).await.is_ok() {
                total.fetch_add(bytes.len() as u64, Ordering::SeqCst);
                bytes.clone_from(&filler);
            }
        }
    })
    .await;
    match get_blob(&url).await {
        Err(SdkError::Response(e)) => {
            assert_eq!((e.status, e.request_id.as_deref()), (500, Some("rid-stream")));
            assert!(e.body_excerpt.starts_with("xxxx"), "{:?}", e.body_excerpt);
        }
        other => panic!("expected an unreadable reply, got {other:?}"),
    }
    assert_eq!(requests.load(Ordering::SeqCst), 3);
    match service_error(get_blob(&url).await) {
        GetBlobError::NoSuchBlob(meta) => assert_eq!(meta.status, 400),
        other => panic!("expected NoSuchBlob, got {other:?}"),
    }
    // What the server managed to write before each connection was dropped: the limit, plus
    // what the socket buffers held.
    let bound = 4 * (MAX_ERROR_BODY_LEN as u64 + 48 * 1024 * 1024);
    assert!(sent.load(Ordering::SeqCst) < bound, "{} bytes sent", sent.load(Ordering::SeqCst));
}

/// The attempt timeout bounds a streaming call up to the head of a successful reply, and an
/// error reply up to the end of its body: a server silent before its head, or in the middle of
/// an error body, ends in the attempt timeout after the retries.
#[tokio::test]
async fn the_attempt_timeout_covers_the_head_and_an_error_body() {
    for hang_after in [Vec::new(), [head("500 Internal Server Error", CHUNKED), chunk(b"<Error")].concat()] {
        let parked = Arc::new(std::sync::Mutex::new(Vec::new()));
        let (url, requests) = server(move |mut sock, _| {
            let (parked, hang_after) = (parked.clone(), hang_after.clone());
            async move {
                sock.write_all(&hang_after).await.expect("write");
                // Kept open and silent until the test's runtime shuts down.
                parked.lock().expect("lock").push(sock);
            }
        })
        .await;
        let limit = Duration::from_millis(200);
        let core = ClientCore::new(&BLOBS, config(&url).attempt_timeout(Some(limit)).build());
        match core.invoke(&GetBlob).await {
            Err(SdkError::Timeout(t)) => assert_eq!((t.kind, t.after), (TimeoutKind::Attempt, limit)),
            other => panic!("expected the attempt timeout, got {other:?}"),
        }
        assert_eq!(requests.load(Ordering::SeqCst), 3);
    }
}

/// An operation that declares a streaming output but keeps the default parser fails with a
/// typed unreadable-reply error naming it, never a panic.
#[tokio::test]
async fn a_streaming_operation_without_a_streaming_parser_is_a_typed_error() {
    struct Forgetful;
    impl Operation for Forgetful {
        type Output = ();
        type Error = GetBlobError;
        const NAME: &'static str = "Forgetful";
        const STREAMING_OUTPUT: bool = true;
        fn serialize_with_tokens(&self, tokens: &TokenSource) -> Result<SerializedRequest, InvalidRequestError> {
            GetBlob.serialize_with_tokens(tokens)
        }
        fn parse_output(_: &HttpResponse) -> Result<(), ParseError> {
            Ok(())
        }
        fn parse_error(meta: ErrorMetadata, resp: &HttpResponse) -> Result<GetBlobError, ParseError> {
            GetBlob::parse_error(meta, resp)
        }
    }
    let replay = ReplayClient::new(vec![HttpResponse::new(200, "payload")]);
    let core = ClientCore::new(&BLOBS, config("https://blobs.example.com").http_client(replay).build());
    match core.invoke(&Forgetful).await {
        Err(SdkError::Response(e)) => {
            assert_eq!(e.status, 200);
            assert!(e.reason.contains("Forgetful has no streaming output"), "{}", e.reason);
        }
        other => panic!("expected an unreadable reply, got {other:?}"),
    }
}

/// (e) A transport with only `send` (here the replay) serves a streaming operation through the
/// default `send_streaming`: the body comes whole, errors are typed.
#[tokio::test]
async fn the_replaying_transport_serves_streaming_operations() {
    let ok = HttpResponse {
        status: 200,
        headers: vec![("x-amzn-requestid".into(), "rid-replayed".into())],
        body: b"replayed body".to_vec(),
    };
    let missing = HttpResponse::new(404, error_doc("NoSuchBlob"));
    let replay = ReplayClient::new(vec![ok, missing]);
    let client = ClientCore::new(&BLOBS, config("https://blobs.example.com").http_client(replay.clone()).build());
    let out = client.invoke(&GetBlob).await.expect("replayed");
    assert_eq!(out.request_id.as_deref(), Some("rid-replayed"));
    assert_eq!(out.body.content_length(), Some(13));
    assert_eq!(out.body.collect().await.expect("in memory"), b"replayed body");
    match service_error(client.invoke(&GetBlob).await) {
        GetBlobError::NoSuchBlob(meta) => assert_eq!(meta.request_id.as_deref(), Some("rid-NoSuchBlob")),
        other => panic!("expected NoSuchBlob, got {other:?}"),
    }
    replay.assert_all_used();
}
