//! The generated ElastiCache client against hostile servers: a raw TCP server on 127.0.0.1,
//! written here with Tokio so that it can misbehave in ways a real HTTP server library would
//! not allow (close mid-body, hang after the headers, send bytes that are not UTF-8).
//!
//! Every case asserts how many attempts the server saw and what the caller got: success after
//! retries, or a typed error with the status, request id (when the reply carried one) and a
//! body excerpt. No case can hang: every client has an operation timeout as a backstop, and
//! the hang cases end by the attempt, operation or connect timeout they test. Back-off waits
//! use a 1 ms base, so no test sleeps for seconds, and no assertion measures time.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use awsgen_elasticache::operation::copy_snapshot::{CopySnapshotError, CopySnapshotOutput};
use awsgen_elasticache::runtime::credentials::Credentials;
use awsgen_elasticache::runtime::error::{TimeoutKind, TransportErrorKind, EXCERPT_LEN};
use awsgen_elasticache::runtime::profile::Environment;
use awsgen_elasticache::runtime::retry::RetryConfig;
use awsgen_elasticache::runtime::{ConfigBuilder, SdkError};
use awsgen_elasticache::{Client, Config};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one request, once it has read all of it.
#[derive(Clone)]
enum Act {
    /// Write these bytes, then close the connection.
    Send(Vec<u8>),
    /// Write these bytes (possibly none), then keep the connection open and silent.
    SendThenHang(Vec<u8>),
}

/// A loopback server that answers the n-th request with the n-th act, repeating the last act
/// for every request after that, and counts the requests it read.
struct HostileServer {
    url: String,
    attempts: Arc<AtomicUsize>,
}

impl HostileServer {
    async fn start(acts: Vec<Act>) -> HostileServer {
        assert!(!acts.is_empty());
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().expect("local addr"));
        let attempts = Arc::new(AtomicUsize::new(0));
        let count = attempts.clone();
        tokio::spawn(async move {
            // Connections told to hang are parked here until the test's runtime shuts down.
            let mut parked: Vec<TcpStream> = Vec::new();
            while let Ok((mut sock, _)) = listener.accept().await {
                if !read_request(&mut sock).await {
                    continue;
                }
                let n = count.fetch_add(1, Ordering::SeqCst);
                match &acts[n.min(acts.len() - 1)] {
                    Act::Send(bytes) => {
                        let _ = sock.write_all(bytes).await;
                        let _ = sock.shutdown().await;
                    }
                    Act::SendThenHang(bytes) => {
                        let _ = sock.write_all(bytes).await;
                        let _ = sock.flush().await;
                        parked.push(sock);
                    }
                }
            }
        });
        HostileServer { url, attempts }
    }

    /// Requests read so far: the attempts the client made.
    fn attempts(&self) -> usize {
        self.attempts.load(Ordering::SeqCst)
    }
}

/// Reads one request (head, then `content-length` bytes of body); false if the peer left first.
async fn read_request(sock: &mut TcpStream) -> bool {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        match sock.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let len: usize =
        head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse().ok()).unwrap_or(0);
    while buf.len() < head_end + len {
        match sock.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    true
}

/// A complete HTTP/1.1 response that closes the connection.
fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n", body.len()).into_bytes();
    for (k, v) in headers {
        out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

fn xml(status: &str, body: &str) -> Act {
    Act::Send(response(status, &[("content-type", "text/xml")], body.as_bytes()))
}

const COPY_OK: &str = r#"<CopySnapshotResponse xmlns="http://elasticache.amazonaws.com/doc/2015-02-02/">
  <CopySnapshotResult>
    <Snapshot><SnapshotName>my-copy</SnapshotName><SnapshotStatus>creating</SnapshotStatus></Snapshot>
  </CopySnapshotResult>
  <ResponseMetadata><RequestId>rid-ok</RequestId></ResponseMetadata>
</CopySnapshotResponse>"#;

fn error_doc(code: &str) -> String {
    format!(
        "<ErrorResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\"><Error><Type>Sender</Type>\
         <Code>{code}</Code><Message>{code} happened</Message></Error><RequestId>rid-{code}</RequestId></ErrorResponse>"
    )
}

const NGINX_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
    <center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n";

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// Fast back-off, three attempts, an attempt timeout well above any healthy exchange, and an
/// operation timeout as the backstop that keeps a broken test from hanging.
fn config(url: &str) -> ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", SECRET, None))
        .endpoint_url(url)
        .retry(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
        .attempt_timeout(Some(Duration::from_secs(10)))
        .operation_timeout(Duration::from_secs(30))
}

async fn copy(client: &Client) -> Result<CopySnapshotOutput, SdkError<CopySnapshotError>> {
    client.copy_snapshot().source_snapshot_name("s").target_snapshot_name("t").send().await
}

async fn copy_via(server: &HostileServer) -> Result<CopySnapshotOutput, SdkError<CopySnapshotError>> {
    copy(&Client::new(config(&server.url).build())).await
}

/// The service error's metadata, or a panic naming what came instead.
fn service_meta(result: Result<CopySnapshotOutput, SdkError<CopySnapshotError>>) -> (String, u16, Option<String>) {
    match result {
        Err(SdkError::Service(e)) => (e.code().to_owned(), e.meta().status, e.request_id().map(str::to_owned)),
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[tokio::test]
async fn fails_twice_then_succeeds() {
    let server = HostileServer::start(vec![
        xml("500 Internal Server Error", &error_doc("InternalFailure")),
        xml("503 Service Unavailable", &error_doc("ServiceUnavailable")),
        xml("200 OK", COPY_OK),
    ])
    .await;
    let out = copy_via(&server).await.expect("the third attempt succeeds");
    assert_eq!(out.snapshot.and_then(|s| s.snapshot_name).as_deref(), Some("my-copy"));
    assert_eq!(out.request_id.as_deref(), Some("rid-ok"));
    assert_eq!(server.attempts(), 3);
}

#[tokio::test]
async fn failing_on_every_attempt_returns_the_last_error_after_three() {
    let server = HostileServer::start(vec![xml("500 Internal Server Error", &error_doc("InternalFailure"))]).await;
    let (code, status, request_id) = service_meta(copy_via(&server).await);
    assert_eq!((code.as_str(), status, request_id.as_deref()), ("InternalFailure", 500, Some("rid-InternalFailure")));
    assert_eq!(server.attempts(), 3);
}

#[tokio::test]
async fn every_transient_status_is_retried() {
    for status in ["500 Internal Server Error", "502 Bad Gateway", "503 Service Unavailable", "504 Gateway Timeout"] {
        let server =
            HostileServer::start(vec![xml(status, &error_doc("SomethingBroke")), xml("200 OK", COPY_OK)]).await;
        assert!(copy_via(&server).await.is_ok(), "{status}");
        assert_eq!(server.attempts(), 2, "{status}");
    }
}

/// A modeled 4xx error is final; the same status with a throttling code is not.
#[tokio::test]
async fn modeled_4xx_errors_are_never_retried() {
    let server = HostileServer::start(vec![xml("404 Not Found", &error_doc("SnapshotNotFoundFault"))]).await;
    match copy_via(&server).await {
        Err(SdkError::Service(CopySnapshotError::SnapshotNotFoundFault(_))) => {}
        other => panic!("expected SnapshotNotFoundFault, got {other:?}"),
    }
    assert_eq!(server.attempts(), 1);
}

#[tokio::test]
async fn throttling_codes_are_retried_until_max_attempts() {
    for code in ["Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException", "SlowDown"] {
        let server = HostileServer::start(vec![xml("400 Bad Request", &error_doc(code))]).await;
        let (got, status, request_id) = service_meta(copy_via(&server).await);
        assert_eq!((got.as_str(), status), (code, 400));
        assert_eq!(request_id, Some(format!("rid-{code}")));
        assert_eq!(server.attempts(), 3, "{code}");
    }
}

/// HTTP 429 with no error document at all: throttling by status, then a typed response error.
#[tokio::test]
async fn a_bare_429_is_throttling() {
    let server = HostileServer::start(vec![Act::Send(response(
        "429 Too Many Requests",
        &[("x-amzn-RequestId", "rid-429")],
        b"slow down",
    ))])
    .await;
    match copy_via(&server).await {
        Err(SdkError::Response(e)) => {
            assert_eq!(e.status, 429);
            assert_eq!(e.request_id.as_deref(), Some("rid-429"));
            assert_eq!(e.body_excerpt, "slow down");
        }
        other => panic!("expected a response error, got {other:?}"),
    }
    assert_eq!(server.attempts(), 3);
}

#[tokio::test]
async fn throttled_once_then_succeeds() {
    let server =
        HostileServer::start(vec![xml("400 Bad Request", &error_doc("Throttling")), xml("200 OK", COPY_OK)]).await;
    assert!(copy_via(&server).await.is_ok());
    assert_eq!(server.attempts(), 2);
}

/// `AWS_MAX_ATTEMPTS` sets the attempts when the code sets no retry configuration; a bad value
/// is a configuration error naming the variable, before anything is sent.
#[tokio::test]
async fn max_attempts_come_from_the_environment() {
    let server = HostileServer::start(vec![xml("503 Service Unavailable", &error_doc("Busy"))]).await;
    let env = |attempts: &str| {
        Environment::from_vars([
            ("HOME", "/nonexistent-awsgen-home"),
            ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
            ("AWS_REGION", "us-east-1"),
            ("AWS_ENDPOINT_URL", server.url.as_str()),
            ("AWS_MAX_ATTEMPTS", attempts),
        ])
    };
    // Two attempts: one back-off wait of at most the default 1 s base.
    let client = Client::new(Config::builder().environment(env("2")).build());
    assert_eq!(client.config().retry_config().unwrap().max_attempts, 2);
    let (code, status, _) = service_meta(copy(&client).await);
    assert_eq!((code.as_str(), status), ("Busy", 503));
    assert_eq!(server.attempts(), 2);

    let client = Client::new(Config::builder().environment(env("many")).build());
    match copy(&client).await {
        Err(SdkError::Config(e)) => {
            assert!(e.message.contains("AWS_MAX_ATTEMPTS") && e.message.contains("many"), "{e}")
        }
        other => panic!("expected a configuration error, got {other:?}"),
    }
    assert_eq!(server.attempts(), 2, "nothing was sent");
}

/// The server reads the request and never answers: each attempt ends at the attempt timeout
/// and is retried, and the last timeout is the error.
#[tokio::test]
async fn a_hang_ends_at_the_attempt_timeout_after_retries() {
    let server = HostileServer::start(vec![Act::SendThenHang(Vec::new())]).await;
    let client = Client::new(
        config(&server.url)
            .retry(RetryConfig::standard().with_max_attempts(2).with_initial_backoff(Duration::from_millis(1)))
            .attempt_timeout(Some(Duration::from_millis(200)))
            .build(),
    );
    match copy(&client).await {
        Err(SdkError::Timeout(t)) => {
            assert_eq!((t.kind, t.after), (TimeoutKind::Attempt, Duration::from_millis(200)));
            assert!(t.to_string().contains("attempt timeout"), "{t}");
        }
        other => panic!("expected an attempt timeout, got {other:?}"),
    }
    assert_eq!(server.attempts(), 2);
}

/// With no attempt timeout, the operation timeout ends the call, whatever attempt it is on.
#[tokio::test]
async fn a_hang_ends_at_the_operation_timeout() {
    let server = HostileServer::start(vec![Act::SendThenHang(Vec::new())]).await;
    let client =
        Client::new(config(&server.url).attempt_timeout(None).operation_timeout(Duration::from_millis(300)).build());
    match copy(&client).await {
        Err(SdkError::Timeout(t)) => {
            assert_eq!((t.kind, t.after), (TimeoutKind::Operation, Duration::from_millis(300)))
        }
        other => panic!("expected an operation timeout, got {other:?}"),
    }
    assert_eq!(server.attempts(), 1);
}

/// The operation timeout also bounds retries: a server that fails slowly on every attempt
/// cannot stretch a call beyond it.
#[tokio::test]
async fn the_operation_timeout_covers_retries() {
    let server = HostileServer::start(vec![Act::SendThenHang(Vec::new())]).await;
    let client = Client::new(
        config(&server.url)
            .retry(RetryConfig::standard().with_max_attempts(50).with_initial_backoff(Duration::from_millis(1)))
            .attempt_timeout(Some(Duration::from_millis(100)))
            .operation_timeout(Duration::from_millis(1000))
            .build(),
    );
    match copy(&client).await {
        Err(SdkError::Timeout(t)) => assert_eq!(t.kind, TimeoutKind::Operation),
        other => panic!("expected an operation timeout, got {other:?}"),
    }
    let attempts = server.attempts();
    assert!((2..50).contains(&attempts), "{attempts} attempts");
}

/// Headers arrive, then part of the body, then silence: the attempt timeout still applies.
#[tokio::test]
async fn a_hang_mid_body_ends_at_the_attempt_timeout() {
    let mut partial = b"HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ncontent-length: 5000\r\n\r\n".to_vec();
    partial.extend_from_slice(&COPY_OK.as_bytes()[..40]);
    let server = HostileServer::start(vec![Act::SendThenHang(partial)]).await;
    let client = Client::new(
        config(&server.url).retry(RetryConfig::disabled()).attempt_timeout(Some(Duration::from_millis(200))).build(),
    );
    match copy(&client).await {
        Err(SdkError::Timeout(t)) => assert_eq!(t.kind, TimeoutKind::Attempt),
        other => panic!("expected an attempt timeout, got {other:?}"),
    }
    assert_eq!(server.attempts(), 1);
}

fn cut_short() -> Act {
    let mut partial = b"HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ncontent-length: 1000\r\n\r\n".to_vec();
    partial.extend_from_slice(&COPY_OK.as_bytes()[..100]);
    Act::Send(partial)
}

/// The connection closes after 100 of 1000 promised bytes: a transport failure, retried, then
/// a typed transport error.
#[tokio::test]
async fn a_close_mid_body_is_retried_then_a_transport_error() {
    let server = HostileServer::start(vec![cut_short()]).await;
    match copy_via(&server).await {
        Err(SdkError::Transport(e)) => {
            assert_eq!(e.kind, TransportErrorKind::Io);
            assert!(e.message.contains("reading the response body"), "{e}");
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert_eq!(server.attempts(), 3);
}

#[tokio::test]
async fn a_close_mid_body_then_success() {
    let server = HostileServer::start(vec![cut_short(), xml("200 OK", COPY_OK)]).await;
    assert!(copy_via(&server).await.is_ok());
    assert_eq!(server.attempts(), 2);
}

/// The request is read and the connection closed without a byte of response.
#[tokio::test]
async fn a_close_before_any_response_is_retried() {
    let server = HostileServer::start(vec![Act::Send(Vec::new()), xml("200 OK", COPY_OK)]).await;
    assert!(copy_via(&server).await.is_ok());
    assert_eq!(server.attempts(), 2);
}

/// A proxy's HTML 502 page: retried as a 502, then a response error with the status and the
/// start of the page (no request id: a proxy sends none).
#[tokio::test]
async fn a_proxy_html_502_page_is_retried_then_a_response_error() {
    let server = HostileServer::start(vec![Act::Send(response(
        "502 Bad Gateway",
        &[("content-type", "text/html"), ("server", "nginx/1.25.3")],
        NGINX_502.as_bytes(),
    ))])
    .await;
    match copy_via(&server).await {
        Err(SdkError::Response(e)) => {
            assert_eq!(e.status, 502);
            assert_eq!(e.request_id, None);
            assert!(e.body_excerpt.contains("<title>502 Bad Gateway</title>"), "{}", e.body_excerpt);
            assert!(e.reason.contains("unreadable error document"), "{}", e.reason);
            let shown = e.to_string();
            assert!(shown.contains("HTTP 502") && shown.contains("Bad Gateway"), "{shown}");
        }
        other => panic!("expected a response error, got {other:?}"),
    }
    assert_eq!(server.attempts(), 3);
}

/// A 200 whose XML stops halfway (with a correct content-length, so the transport is happy):
/// not retried, a response error with the status, the header's request id and the body start.
#[tokio::test]
async fn truncated_xml_is_a_response_error() {
    let half = &COPY_OK.as_bytes()[..COPY_OK.len() / 2];
    let server =
        HostileServer::start(vec![Act::Send(response("200 OK", &[("x-amzn-RequestId", "rid-trunc")], half))]).await;
    match copy_via(&server).await {
        Err(SdkError::Response(e)) => {
            assert_eq!(e.status, 200);
            assert_eq!(e.request_id.as_deref(), Some("rid-trunc"));
            assert_eq!(e.body_excerpt.as_bytes(), half);
        }
        other => panic!("expected a response error, got {other:?}"),
    }
    assert_eq!(server.attempts(), 1);
}

/// A truncated error document on a 400: the code cannot be read, so nothing says it is
/// retryable, and the caller gets the status and excerpt.
#[tokio::test]
async fn truncated_error_xml_is_a_response_error() {
    let doc = error_doc("Throttling");
    let cut = &doc[..doc.find("<Code>").unwrap()];
    let server = HostileServer::start(vec![xml("400 Bad Request", cut)]).await;
    match copy_via(&server).await {
        Err(SdkError::Response(e)) => {
            assert_eq!(e.status, 400);
            assert_eq!(e.body_excerpt, cut);
        }
        other => panic!("expected a response error, got {other:?}"),
    }
    assert_eq!(server.attempts(), 1);
}

/// A 200 with an empty body is an output with no members, as botocore reads it; not retried.
#[tokio::test]
async fn an_empty_200_is_an_empty_output() {
    let server = HostileServer::start(vec![Act::Send(response("200 OK", &[], b""))]).await;
    let out = copy_via(&server).await.expect("an empty document");
    assert!(out.snapshot.is_none() && out.request_id.is_none(), "{out:?}");
    assert_eq!(server.attempts(), 1);
}

/// A 500 with an empty body: retried, then a response error with an empty excerpt.
#[tokio::test]
async fn an_empty_500_is_retried_then_a_response_error() {
    let server = HostileServer::start(vec![Act::Send(response("500 Internal Server Error", &[], b""))]).await;
    match copy_via(&server).await {
        Err(SdkError::Response(e)) => assert_eq!((e.status, e.body_excerpt.as_str()), (500, "")),
        other => panic!("expected a response error, got {other:?}"),
    }
    assert_eq!(server.attempts(), 3);
}

/// A 10 MiB reply is read and parsed whole (the runtime has no response size cap: see
/// ARCHITECTURE.md).
#[tokio::test]
async fn a_ten_megabyte_body_is_read_and_parsed() {
    let mut body = String::from(
        "<DescribeCacheClustersResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\">\
         <DescribeCacheClustersResult><CacheClusters>",
    );
    let mut clusters = 0usize;
    while body.len() < 10 * 1024 * 1024 {
        body.push_str(&format!(
            "<CacheCluster><CacheClusterId>cluster-{clusters:07}</CacheClusterId><Engine>redis</Engine>\
             <CacheNodeType>cache.t3.micro</CacheNodeType><NumCacheNodes>1</NumCacheNodes></CacheCluster>"
        ));
        clusters += 1;
    }
    body.push_str(
        "</CacheClusters></DescribeCacheClustersResult>\
         <ResponseMetadata><RequestId>rid-big</RequestId></ResponseMetadata></DescribeCacheClustersResponse>",
    );
    let server = HostileServer::start(vec![xml("200 OK", &body)]).await;
    let client = Client::new(config(&server.url).build());
    let out = client.describe_cache_clusters().send().await.expect("a large reply parses");
    let list = out.cache_clusters.expect("clusters");
    assert_eq!(list.len(), clusters);
    assert_eq!(list[clusters - 1].cache_cluster_id, Some(format!("cluster-{:07}", clusters - 1)));
    assert_eq!(out.request_id.as_deref(), Some("rid-big"));
    assert_eq!(server.attempts(), 1);
}

/// A 10 MiB error page: retried as a 503, and the error keeps only a short excerpt.
#[tokio::test]
async fn a_ten_megabyte_error_page_keeps_a_short_excerpt() {
    let page = "<html>".to_owned() + &"overloaded ".repeat(1024 * 1024);
    let server = HostileServer::start(vec![Act::Send(response("503 Service Unavailable", &[], page.as_bytes()))]).await;
    match copy_via(&server).await {
        Err(SdkError::Response(e)) => {
            assert_eq!(e.status, 503);
            assert_eq!(e.body_excerpt.len(), EXCERPT_LEN);
            assert!(e.body_excerpt.starts_with("<html>overloaded "));
        }
        other => panic!("expected a response error, got {other:?}"),
    }
    assert_eq!(server.attempts(), 3);
}

/// Bytes that are not UTF-8 in a success body, and in a header: a response error whose
/// excerpt shows them replaced, never a panic; not retried.
#[tokio::test]
async fn non_utf8_bytes_are_a_response_error() {
    let mut head =
        b"HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\nx-amzn-RequestId: rid-\xff\xfe\r\nconnection: close\r\n"
            .to_vec();
    let body: Vec<u8> = COPY_OK.replace("my-copy", "caf\u{1}").into_bytes();
    let body: Vec<u8> = body.into_iter().map(|b| if b == 1 { 0xE9 } else { b }).collect();
    head.extend_from_slice(format!("content-length: {}\r\n\r\n", body.len()).as_bytes());
    head.extend_from_slice(&body);
    let server = HostileServer::start(vec![Act::Send(head)]).await;
    match copy_via(&server).await {
        Err(SdkError::Response(e)) => {
            assert_eq!(e.status, 200);
            assert_eq!(e.request_id.as_deref(), Some("rid-\u{fffd}\u{fffd}"));
            assert!(e.body_excerpt.contains("caf\u{fffd}"), "{}", e.body_excerpt);
        }
        other => panic!("expected a response error, got {other:?}"),
    }
    assert_eq!(server.attempts(), 1);
}

/// Non-UTF-8 bytes in an error reply's message: the error document is malformed, so the call
/// ends in a response error with the status, the reason and an excerpt that still shows the
/// code to a human; not retried, since nothing readable says it may be.
#[tokio::test]
async fn non_utf8_bytes_in_an_error_reply() {
    let doc = error_doc("SnapshotNotFoundFault").replace("happened", "\u{1}").into_bytes();
    let doc: Vec<u8> = doc.into_iter().map(|b| if b == 1 { 0xFF } else { b }).collect();
    let server = HostileServer::start(vec![Act::Send(response("404 Not Found", &[], &doc))]).await;
    match copy_via(&server).await {
        Err(SdkError::Response(e)) => {
            assert_eq!(e.status, 404);
            assert!(e.reason.contains("UTF-8"), "{}", e.reason);
            assert!(e.body_excerpt.contains("<Code>SnapshotNotFoundFault</Code>"), "{}", e.body_excerpt);
            assert!(e.body_excerpt.contains('\u{fffd}'), "{}", e.body_excerpt);
        }
        other => panic!("expected a response error, got {other:?}"),
    }
    assert_eq!(server.attempts(), 1);
}

/// Linux drops a SYN when a listener's accept queue is full, so a listener with a backlog of
/// zero that never accepts makes connects stall: each attempt ends at the connect timeout
/// configured on the client, reported as a connect timeout.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_stalled_connect_ends_at_the_connect_timeout() {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut held = Vec::new();
    let mut stalled = false;
    for _ in 0..16 {
        match std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
            Ok(stream) => held.push(stream),
            Err(_) => {
                stalled = true;
                break;
            }
        }
    }
    if !stalled {
        // Reason for not asserting: the kernel accepted every connect, so nothing can stall.
        eprintln!("a_stalled_connect_ends_at_the_connect_timeout: this kernel never stalled a connect");
        return;
    }
    let client = Client::new(
        config(&format!("http://{addr}"))
            .retry(RetryConfig::standard().with_max_attempts(2).with_initial_backoff(Duration::from_millis(1)))
            .connect_timeout(Duration::from_millis(300))
            .build(),
    );
    match copy(&client).await {
        Err(SdkError::Timeout(t)) => {
            assert_eq!((t.kind, t.after), (TimeoutKind::Connect, Duration::from_millis(300)));
            assert!(t.to_string().contains("connect timeout"), "{t}");
        }
        other => panic!("expected a connect timeout, got {other:?}"),
    }
    drop(held);
}

/// A refused connection is retried, then a transport error of kind `Connect`.
#[tokio::test]
async fn a_refused_connection_is_retried_then_a_connect_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = Client::new(config(&format!("http://127.0.0.1:{port}")).build());
    match copy(&client).await {
        Err(SdkError::Transport(e)) => assert_eq!(e.kind, TransportErrorKind::Connect, "{e}"),
        other => panic!("expected a transport error, got {other:?}"),
    }
}

/// The retry quota is per client: a client whose quota is spent stops retrying, and a
/// success refills it.
#[tokio::test]
async fn an_exhausted_retry_quota_stops_retries() {
    let server = HostileServer::start(vec![xml("503 Service Unavailable", &error_doc("Busy"))]).await;
    // Room for two retries of cost 5.
    let retry = RetryConfig { quota: 10, ..RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)) };
    let client = Client::new(config(&server.url).retry(retry.clone()).build());
    let _ = copy(&client).await.unwrap_err();
    assert_eq!(server.attempts(), 3, "two retries paid for");
    let _ = copy(&client).await.unwrap_err();
    assert_eq!(server.attempts(), 4, "no quota left: the second call is not retried");
    // A clone shares the quota; a new client has its own.
    let _ = copy(&client.clone()).await.unwrap_err();
    assert_eq!(server.attempts(), 5);
    let fresh = Client::new(config(&server.url).retry(retry.clone()).build());
    let _ = copy(&fresh).await.unwrap_err();
    assert_eq!(server.attempts(), 8);
}

fn clusters_reply(create_time: &str) -> String {
    format!(
        "<DescribeCacheClustersResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\">\
         <DescribeCacheClustersResult><CacheClusters><CacheCluster><CacheClusterId>c1</CacheClusterId>\
         <CacheClusterCreateTime>{create_time}</CacheClusterCreateTime></CacheCluster></CacheClusters>\
         </DescribeCacheClustersResult><ResponseMetadata><RequestId>rid-time</RequestId></ResponseMetadata>\
         </DescribeCacheClustersResponse>"
    )
}

/// Issue 12, finding 1: a sixteen-digit year in an HTTP date panicked the client ("attempt to
/// multiply with overflow"). Every out-of-range timestamp is now a response error naming the
/// text, not retried; an in-range one in any of the three formats still parses.
#[tokio::test]
async fn an_out_of_range_timestamp_is_a_response_error() {
    for bad in [
        "Tue, 29 Apr 9999999999999999 18:30:38 GMT",
        "Tue, 29 Apr -9223372036854775808 18:30:38 GMT",
        "9223372036854775807",
        "-9223372036854775808.5",
        "253402300800",
        "9999-12-31T23:59:59-01:00",
        "2014-04-29T18:30:38+99:99",
    ] {
        let server = HostileServer::start(vec![xml("200 OK", &clusters_reply(bad))]).await;
        let client = Client::new(config(&server.url).build());
        match client.describe_cache_clusters().send().await {
            Err(SdkError::Response(e)) => {
                assert_eq!(e.status, 200, "{bad}");
                assert!(e.reason.contains("invalid timestamp"), "{bad}: {}", e.reason);
                assert!(e.body_excerpt.contains(bad), "{bad}: {}", e.body_excerpt);
            }
            other => panic!("{bad}: expected a response error, got {other:?}"),
        }
        assert_eq!(server.attempts(), 1, "{bad}");
    }
    for (good, secs) in [
        ("Tue, 29 Apr 2014 18:30:38 GMT", 1398796238),
        ("-1398796238", -1398796238),
        ("2014-04-29T18:30:38Z", 1398796238),
    ] {
        let server = HostileServer::start(vec![xml("200 OK", &clusters_reply(good))]).await;
        let client = Client::new(config(&server.url).build());
        let out = client.describe_cache_clusters().send().await.expect(good);
        let cluster = &out.cache_clusters.expect("clusters")[0];
        assert_eq!(cluster.cache_cluster_create_time.map(|t| t.secs()), Some(secs), "{good}");
    }
}

/// Issue 12, finding 11: credentials and config files named by the environment are read up to
/// a size cap, so `/dev/zero` ends the call in a configuration error naming it (before, the
/// client read until memory ran out). No request is sent.
#[cfg(unix)]
#[tokio::test]
async fn an_endless_credentials_file_is_a_config_error() {
    let server = HostileServer::start(vec![xml("200 OK", COPY_OK)]).await;
    let env = Environment::from_vars([("AWS_SHARED_CREDENTIALS_FILE", "/dev/zero"), ("AWS_CONFIG_FILE", "/dev/zero")]);
    let config = Config::builder()
        .environment(env)
        .region("us-east-1")
        .endpoint_url(&server.url)
        .retry(RetryConfig::disabled())
        .operation_timeout(Duration::from_secs(30))
        .build();
    match copy(&Client::new(config)).await {
        Err(SdkError::Config(e)) => {
            assert!(e.message.contains("/dev/zero: larger than 16 MiB"), "{}", e.message);
        }
        other => panic!("expected a configuration error, got {other:?}"),
    }
    assert_eq!(server.attempts(), 0);
}

/// Issue 12: the region `..` was sent as `elasticache....amazonaws.com`. A region that is not
/// one DNS label is a configuration error before any I/O, with or without an endpoint URL.
#[tokio::test]
async fn a_region_that_is_not_a_host_label_is_a_config_error() {
    let server = HostileServer::start(vec![xml("200 OK", COPY_OK)]).await;
    for region in ["..", "us-east-1.evil.example", "us east", "us-east-1/", ""] {
        for with_url in [true, false] {
            let mut builder = config(&server.url).region(region);
            if !with_url {
                // The default transport would try DNS: this proves no request is attempted.
                builder = Config::builder()
                    .region(region)
                    .credentials(Credentials::new("AKIDEXAMPLE", SECRET, None))
                    .retry(RetryConfig::disabled());
            }
            match copy(&Client::new(builder.build())).await {
                Err(SdkError::Config(e)) => assert!(e.message.starts_with("invalid region"), "{region:?}: {e:?}"),
                other => panic!("{region:?}: expected a configuration error, got {other:?}"),
            }
        }
    }
    assert_eq!(server.attempts(), 0);
    assert!(copy_via(&server).await.is_ok(), "us-east-1 still works");
}

/// Issue 12: a 200 whose body is an `<ErrorResponse>` was an empty output. It is the error it
/// describes: typed by its code (status 200 kept), retried when the code says so, and a
/// response error when its code cannot be read.
#[tokio::test]
async fn an_error_document_in_a_200_is_the_error() {
    let server = HostileServer::start(vec![xml("200 OK", &error_doc("SnapshotNotFoundFault"))]).await;
    match copy_via(&server).await {
        Err(SdkError::Service(CopySnapshotError::SnapshotNotFoundFault(e))) => {
            assert_eq!(e.meta.status, 200);
            assert_eq!(e.meta.request_id.as_deref(), Some("rid-SnapshotNotFoundFault"));
            assert_eq!(e.meta.message.as_deref(), Some("SnapshotNotFoundFault happened"));
        }
        other => panic!("expected SnapshotNotFoundFault, got {other:?}"),
    }
    assert_eq!(server.attempts(), 1);

    let server = HostileServer::start(vec![xml("200 OK", &error_doc("Throttling")), xml("200 OK", COPY_OK)]).await;
    let out = copy_via(&server).await.expect("retried after the throttling error, then a result");
    assert_eq!(out.request_id.as_deref(), Some("rid-ok"));
    assert_eq!(server.attempts(), 2);

    let no_code = "<ErrorResponse><Error><Message>lost</Message></Error></ErrorResponse>";
    let server = HostileServer::start(vec![xml("200 OK", no_code)]).await;
    match copy_via(&server).await {
        Err(SdkError::Response(e)) => {
            assert_eq!((e.status, e.body_excerpt.as_str()), (200, no_code));
            assert!(e.reason.contains("without an error <Code>"), "{}", e.reason);
        }
        other => panic!("expected a response error, got {other:?}"),
    }
    assert_eq!(server.attempts(), 1);
}
