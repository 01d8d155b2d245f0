//! Retries and time limits of the client pipeline against real loopback servers: the adaptive
//! mode's rate limiter (driven by a clock the test owns, so waits are counted, not slept), a
//! service's own retryable errors, the read timeout, and stalled-stream protection.
//!
//! Nothing here measures elapsed time: a server that stalls never sends again, one that
//! trickles sends far below the configured minimum, and the assertions are on outcomes and on
//! the limiter's counted state.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use awsgen_runtime::body::{ByteStream, StreamErrorKind};
use awsgen_runtime::client::StalledStreamProtection;
use awsgen_runtime::credentials::Credentials;
use awsgen_runtime::endpoint::{BuiltIns, Endpoint, EndpointError};
use awsgen_runtime::error::{InvalidRequestError, TimeoutKind};
use awsgen_runtime::http::{BoxFuture, HttpResponse};
use awsgen_runtime::query::TokenSource;
use awsgen_runtime::retry::adaptive::RateClock;
use awsgen_runtime::retry::{ClientRateLimiter, RetryConfig, RetryableError};
use awsgen_runtime::{
    ClientCore, Config, ConfigBuilder, ErrorMetadata, Operation, ParseError, Protocol, SdkError, SerializedRequest,
    ServiceInfo,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

fn resolve(built_ins: &BuiltIns) -> Result<Endpoint, EndpointError> {
    built_ins.endpoint.clone().map(Endpoint::new).ok_or_else(|| EndpointError::new("no endpoint configured"))
}

/// A query service whose model marks `Flaky` retryable, `Overloaded` retryable as throttling,
/// and whose `_retry.json` entry retries `Conflict` only with a 409.
static SERVICE: ServiceInfo = ServiceInfo {
    signing_name: "things",
    api_version: "2024-01-01",
    env_suffix: "THINGS",
    protocol: Protocol::Query,
    query_compatible: false,
    resolve_endpoint: resolve,
    retryable_errors: &[
        RetryableError { code: "Flaky", status: None, throttling: false },
        RetryableError { code: "Overloaded", status: None, throttling: true },
        RetryableError { code: "Conflict", status: Some(409), throttling: false },
    ],
};

/// `Action=Ping`; the output is the reply's body.
struct Ping;

impl Operation for Ping {
    type Output = Vec<u8>;
    type Error = ErrorMetadata;
    const NAME: &'static str = "Ping";

    fn serialize_with_tokens(&self, _: &TokenSource) -> Result<SerializedRequest, InvalidRequestError> {
        Ok(SerializedRequest::post("application/x-www-form-urlencoded", b"Action=Ping&Version=2024-01-01".to_vec()))
    }

    fn parse_output(resp: &HttpResponse) -> Result<Vec<u8>, ParseError> {
        Ok(resp.body.clone())
    }

    fn parse_error(meta: ErrorMetadata, _: &HttpResponse) -> Result<ErrorMetadata, ParseError> {
        Ok(meta)
    }
}

/// `GET /blob`; the output is the reply's body, streaming.
struct GetBlob;

impl Operation for GetBlob {
    type Output = ByteStream;
    type Error = ErrorMetadata;
    const NAME: &'static str = "GetBlob";
    const STREAMING_OUTPUT: bool = true;

    fn serialize_with_tokens(&self, _: &TokenSource) -> Result<SerializedRequest, InvalidRequestError> {
        Ok(SerializedRequest {
            method: "GET",
            uri: "/blob".into(),
            headers: vec![],
            body: vec![],
            streaming_body: None,
        })
    }

    fn parse_output(_: &HttpResponse) -> Result<ByteStream, ParseError> {
        Err(ParseError::new("streams"))
    }

    fn parse_streaming_output(_: &HttpResponse, body: ByteStream) -> Result<ByteStream, ParseError> {
        Ok(body)
    }

    fn parse_error(meta: ErrorMetadata, _: &HttpResponse) -> Result<ErrorMetadata, ParseError> {
        Ok(meta)
    }
}

/// What the server does with one request.
#[derive(Clone)]
enum Act {
    /// Write these bytes (a whole reply).
    Reply(Vec<u8>),
    /// Write these bytes, then send nothing more while keeping the connection open.
    Stall(Vec<u8>),
    /// Write the head, then the body one byte at a time, `pause` apart.
    Trickle { head: Vec<u8>, body: Vec<u8>, pause: Duration },
}

/// A loopback HTTP/1.1 server acting out `acts` in order, one per request.
struct Server {
    url: String,
    requests: Arc<AtomicUsize>,
}

impl Server {
    async fn start(acts: Vec<Act>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(AtomicUsize::new(0));
        let acts = Arc::new(Mutex::new(VecDeque::from(acts)));
        let count = requests.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, acts.clone(), count.clone()));
            }
        });
        Server { url, requests }
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

async fn serve(mut stream: TcpStream, acts: Arc<Mutex<VecDeque<Act>>>, count: Arc<AtomicUsize>) {
    loop {
        if !read_request(&mut stream).await {
            return;
        }
        count.fetch_add(1, Ordering::SeqCst);
        let Some(act) = acts.lock().unwrap().pop_front() else { return };
        match act {
            Act::Reply(bytes) => {
                if stream.write_all(&bytes).await.is_err() {
                    return;
                }
            }
            Act::Stall(bytes) => {
                let _ = stream.write_all(&bytes).await;
                // Hold the connection, silent, until the client gives up on it.
                let _ = stream.read(&mut [0u8; 1]).await;
                return;
            }
            Act::Trickle { head, body, pause } => {
                let _ = stream.write_all(&head).await;
                for byte in body {
                    tokio::time::sleep(pause).await;
                    if stream.write_all(&[byte]).await.is_err() {
                        return;
                    }
                }
            }
        }
    }
}

/// Reads one request (head and `content-length` body); false at the end of the connection.
async fn read_request(stream: &mut TcpStream) -> bool {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte).await {
            Ok(1) => head.push(byte[0]),
            _ => return false,
        }
    }
    let text = String::from_utf8_lossy(&head).to_ascii_lowercase();
    let length = text
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await.is_ok()
}

fn reply(status: &str, body: &str) -> Vec<u8> {
    format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\ncontent-type: text/xml\r\n\r\n{body}", body.len()).into_bytes()
}

fn ok() -> Act {
    Act::Reply(reply("200 OK", "<PingResponse/>"))
}

fn error(status: &str, code: &str) -> Act {
    let body = format!(
        "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>no</Message></Error><RequestId>r-1</RequestId></ErrorResponse>"
    );
    Act::Reply(reply(status, &body))
}

fn config(url: &str) -> ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .endpoint_url(url)
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .retry(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
}

/// A clock that stands still; the limiter's waits move it instead of sleeping.
#[derive(Debug, Default)]
struct TestClock {
    /// Seconds, as f64 bits.
    now: AtomicU64,
}

impl RateClock for TestClock {
    fn now(&self) -> f64 {
        f64::from_bits(self.now.load(Ordering::SeqCst))
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.now.store((self.now() + duration.as_secs_f64()).to_bits(), Ordering::SeqCst);
        Box::pin(async {})
    }
}

#[tokio::test]
async fn adaptive_mode_delays_sends_after_a_throttle_by_the_bucket_s_wait() {
    let server =
        Server::start(vec![error("400 Bad Request", "Throttling"), error("400 Bad Request", "Throttling"), ok()]).await;
    let clock = Arc::new(TestClock::default());
    let limiter = Arc::new(ClientRateLimiter::with_clock(clock.clone()));
    let retry =
        RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)).with_rate_limiter(limiter.clone());
    let core = ClientCore::new(&SERVICE, config(&server.url).retry(retry).build());
    assert!(Arc::ptr_eq(core.rate_limiter().unwrap(), &limiter));

    assert_eq!(core.invoke(&Ping).await.unwrap(), b"<PingResponse/>");
    assert_eq!(server.requests(), 3);
    // Worked by hand from the formulas, the clock at 0 until the limiter moves it:
    // 1st reply (t = 0, throttle): measured rate 0, so the new rate is 0 * 0.7 and the fill rate
    //   its floor, 0.5/s; capacity 1; the bucket (created at t = 0) holds 0 tokens. Limiter on.
    // 2nd send: 0 tokens, so it waits (1 - 0) / 0.5 = 2 s (the clock moves to t = 2) and the
    //   bucket goes to -1.
    // 2nd reply (t = 2, throttle): the rate clock's bucket moved from 0 to 2 with 2 replies
    //   counted: 2 / 2 = 1/s, smoothed 0.8 * 1 = 0.8. The rate is min(0.8, 0.5) * 0.7 = 0.35,
    //   floored to 0.5/s again; the refill brings -1 + 2 s * 0.5 = 0 tokens.
    // 3rd send: waits (1 - 0) / 0.5 = 2 s more (t = 4).
    // 3rd reply (t = 4, success): measured 0.8 * (1 / 2) + 0.2 * 0.8 = 0.56; CUBIC gives
    //   0.4 * (4 - 2 - cbrt(0.5 * 0.3 / 0.4))^3 + 0.5 = 1.33..., capped at twice the measured
    //   rate: 1.12.
    let state = limiter.state();
    assert!(state.enabled);
    assert_eq!(state.delayed_sends, 2);
    assert!((state.total_delay - 4.0).abs() < 1e-9, "{state:?}");
    assert!((clock.now() - 4.0).abs() < 1e-9);
    assert!((state.measured_rate - 0.56).abs() < 1e-9, "{state:?}");
    let cubic = 0.4 * (2.0 - 0.375f64.cbrt()).powi(3) + 0.5;
    assert!(cubic > 1.12, "{cubic}");
    assert!((state.fill_rate - 1.12).abs() < 1e-9, "{state:?}");
    assert!((state.cubic.w_max - 0.5).abs() < 1e-9, "{state:?}");
    assert!((state.cubic.last_fail - 2.0).abs() < 1e-9, "{state:?}");
}

#[tokio::test]
async fn adaptive_mode_stays_out_of_the_way_until_throttled() {
    let server = Server::start(vec![ok(), error("500 Internal Server Error", "InternalFailure"), ok()]).await;
    let clock = Arc::new(TestClock::default());
    let limiter = Arc::new(ClientRateLimiter::with_clock(clock.clone()));
    let retry =
        RetryConfig::adaptive().with_initial_backoff(Duration::from_millis(1)).with_rate_limiter(limiter.clone());
    let core = ClientCore::new(&SERVICE, config(&server.url).retry(retry).build());
    core.invoke(&Ping).await.unwrap();
    core.invoke(&Ping).await.unwrap();
    assert_eq!(server.requests(), 3);
    let state = limiter.state();
    assert!(!state.enabled && state.delayed_sends == 0, "{state:?}");
    assert_eq!(clock.now(), 0.0);
}

#[tokio::test]
async fn adaptive_mode_comes_from_the_environment_with_a_limiter_per_client() {
    let from_env = |mode: &str| {
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
            .environment(awsgen_runtime::profile::Environment::from_vars([("AWS_RETRY_MODE", mode)]))
            .build()
    };
    let core = ClientCore::new(&SERVICE, from_env("adaptive"));
    let other = ClientCore::new(&SERVICE, from_env("adaptive"));
    let limiter = core.rate_limiter().expect("adaptive mode has a limiter");
    assert!(Arc::ptr_eq(core.clone().rate_limiter().unwrap(), limiter), "clones share it");
    assert!(!Arc::ptr_eq(other.rate_limiter().unwrap(), limiter), "each client has its own");
    assert!(ClientCore::new(&SERVICE, from_env("standard")).rate_limiter().is_none());
}

#[tokio::test]
async fn a_services_retryable_errors_are_retried_and_others_are_not() {
    let server = Server::start(vec![error("400 Bad Request", "Flaky"), error("409 Conflict", "Conflict"), ok()]).await;
    let core = ClientCore::new(&SERVICE, config(&server.url).build());
    core.invoke(&Ping).await.unwrap();
    assert_eq!(server.requests(), 3, "Flaky (any status) and Conflict (409) are retried");

    let server = Server::start(vec![error("400 Bad Request", "Conflict"), ok()]).await;
    let core = ClientCore::new(&SERVICE, config(&server.url).build());
    match core.invoke(&Ping).await {
        Err(SdkError::Service(meta)) => assert_eq!((meta.code.as_str(), meta.status), ("Conflict", 400)),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests(), 1, "Conflict with another status than 409 is final");
}

#[tokio::test]
async fn a_modeled_throttling_error_turns_the_limiter_on() {
    let server = Server::start(vec![error("500 Internal Server Error", "Overloaded"), ok()]).await;
    let limiter = Arc::new(ClientRateLimiter::with_clock(Arc::new(TestClock::default())));
    let retry =
        RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)).with_rate_limiter(limiter.clone());
    let core = ClientCore::new(&SERVICE, config(&server.url).retry(retry).build());
    core.invoke(&Ping).await.unwrap();
    assert!(limiter.state().enabled, "a 500 `Overloaded` is throttling: the model says so");
    assert_eq!(limiter.state().delayed_sends, 1);
}

fn timeout_kind<T: std::fmt::Debug>(result: Result<T, SdkError<ErrorMetadata>>) -> TimeoutKind {
    match result {
        Err(SdkError::Timeout(t)) => t.kind,
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn a_reply_that_stalls_mid_body_ends_at_the_read_timeout_and_is_retried() {
    let partial = b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n<PingResp".to_vec();
    let server = Server::start(vec![Act::Stall(partial.clone()), Act::Stall(partial.clone()), ok()]).await;
    let core = ClientCore::new(&SERVICE, config(&server.url).read_timeout(Duration::from_millis(500)).build());
    assert_eq!(core.invoke(&Ping).await.unwrap(), b"<PingResponse/>");
    assert_eq!(server.requests(), 3);

    let server = Server::start(vec![Act::Stall(partial.clone()), Act::Stall(partial)]).await;
    let retry = RetryConfig::standard().with_max_attempts(2).with_initial_backoff(Duration::from_millis(1));
    let config = config(&server.url).retry(retry).read_timeout(Duration::from_millis(500)).build();
    assert_eq!(timeout_kind(ClientCore::new(&SERVICE, config).invoke(&Ping).await), TimeoutKind::Read);
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn a_reply_whose_head_never_comes_ends_at_the_read_timeout() {
    let server = Server::start(vec![Act::Stall(Vec::new())]).await;
    let config = config(&server.url).retry(RetryConfig::disabled()).read_timeout(Duration::from_millis(100)).build();
    let result = ClientCore::new(&SERVICE, config).invoke(&Ping).await;
    let err = result.as_ref().map(|_| ()).unwrap_err().to_string();
    assert!(err.contains("read timeout"), "{err}");
    assert_eq!(timeout_kind(result), TimeoutKind::Read);
}

fn stall_config(url: &str, grace_ms: u64, min_throughput: u64) -> Config {
    let protection = StalledStreamProtection { grace_period: Duration::from_millis(grace_ms), min_throughput };
    config(url).stalled_stream_protection(Some(protection)).build()
}

/// Reads the body to its end or first error: the bytes, then the error's kind.
async fn drain(mut body: ByteStream) -> (Vec<u8>, Option<StreamErrorKind>) {
    let mut bytes = Vec::new();
    loop {
        match body.next().await {
            Some(Ok(chunk)) => bytes.extend_from_slice(&chunk),
            Some(Err(e)) => return (bytes, Some(e.kind)),
            None => return (bytes, None),
        }
    }
}

#[tokio::test]
async fn a_streaming_body_that_stalls_fails_with_a_stalled_stream_timeout() {
    let head_and_some = b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n0123456789".to_vec();
    let server = Server::start(vec![Act::Stall(head_and_some)]).await;
    let core = ClientCore::new(&SERVICE, stall_config(&server.url, 100, 1));
    let body = core.invoke(&GetBlob).await.expect("the head arrives: the call succeeds");
    let (bytes, error) = drain(body).await;
    assert_eq!(bytes, b"0123456789");
    match error {
        Some(StreamErrorKind::Timeout(t)) => {
            assert_eq!(t.kind, TimeoutKind::StalledStream);
            assert_eq!(t.after, Duration::from_millis(100));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_trickle_below_the_minimum_throughput_is_a_stall() {
    let body = vec![b'x'; 64];
    let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", body.len()).into_bytes();
    let server = Server::start(vec![Act::Trickle { head, body, pause: Duration::from_millis(20) }]).await;
    // Bytes keep coming (so a 1 s read timeout never fires), at ~50 B/s against a 10 kB/s floor.
    let protection = StalledStreamProtection { grace_period: Duration::from_millis(100), min_throughput: 10_000 };
    let config =
        config(&server.url).stalled_stream_protection(Some(protection)).read_timeout(Duration::from_secs(1)).build();
    let body = ClientCore::new(&SERVICE, config).invoke(&GetBlob).await.unwrap();
    let (bytes, error) = drain(body).await;
    assert!(bytes.len() < 64, "{} bytes", bytes.len());
    assert!(matches!(error, Some(StreamErrorKind::Timeout(t)) if t.kind == TimeoutKind::StalledStream), "{error:?}");
}

#[tokio::test]
async fn a_reader_that_pauses_is_not_a_stalled_server() {
    let body = "y".repeat(3000);
    let server = Server::start(vec![Act::Reply(reply("200 OK", &body))]).await;
    let mut stream = ClientCore::new(&SERVICE, stall_config(&server.url, 200, 1_000)).invoke(&GetBlob).await.unwrap();
    let mut read = 0;
    while let Some(chunk) = stream.next().await {
        read += chunk.expect("only waiting for the server counts").len();
        // The caller takes its time: four grace periods between chunks.
        tokio::time::sleep(Duration::from_millis(800)).await;
    }
    assert_eq!(read, 3000);
}

#[tokio::test]
async fn a_streaming_body_keeps_the_read_timeout() {
    let head_and_some = b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nabc".to_vec();
    let server = Server::start(vec![Act::Stall(head_and_some)]).await;
    let config = config(&server.url).stalled_stream_protection(None).read_timeout(Duration::from_millis(100)).build();
    let body = ClientCore::new(&SERVICE, config).invoke(&GetBlob).await.unwrap();
    let (bytes, error) = drain(body).await;
    assert_eq!(bytes, b"abc");
    assert!(matches!(error, Some(StreamErrorKind::Timeout(t)) if t.kind == TimeoutKind::Read), "{error:?}");
}

#[tokio::test]
async fn an_unusable_transport_setting_fails_the_call_as_a_configuration_error() {
    let env = awsgen_runtime::profile::Environment::from_vars([
        ("HOME", "/nonexistent-awsgen-home"),
        ("AWS_CA_BUNDLE", "/nowhere/corp.pem"),
    ]);
    let server = Server::start(vec![ok()]).await;
    let config = config(&server.url).environment(env).build();
    match ClientCore::new(&SERVICE, config).invoke(&Ping).await {
        Err(SdkError::Config(e)) => {
            assert!(e.message.contains("AWS_CA_BUNDLE") && e.message.contains("/nowhere/corp.pem"), "{e}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests(), 0, "nothing was sent, nor retried");
}
