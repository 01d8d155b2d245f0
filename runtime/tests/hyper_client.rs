//! The default transport against real sockets: a small HTTP/1.1 server on 127.0.0.1 written
//! here with Tokio, which records what arrives and answers with canned bytes.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use awsgen_runtime::http::{HttpClient, HttpRequest, TransportError, TransportErrorKind};
use awsgen_runtime::HyperClient;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the server read it off the wire.
#[derive(Debug, Clone)]
struct Received {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn all(&self, name: &str) -> Vec<&str> {
        self.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect()
    }
}

/// What the server does once it has read a request.
enum Reply {
    /// Write these bytes and keep the connection open for the next request.
    Bytes(Vec<u8>),
    /// Write these bytes, then close the connection.
    BytesThenClose(Vec<u8>),
}

struct Server {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    connections: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Serves the replies in order, one per request, over however many connections arrive.
    async fn start(replies: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let replies = Arc::new(Mutex::new(VecDeque::from(replies)));
        let (rec, conns) = (received.clone(), connections.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                conns.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve(stream, rec.clone(), replies.clone()));
            }
        });
        Server { addr, received, connections, task }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, received: Arc<Mutex<Vec<Received>>>, replies: Arc<Mutex<VecDeque<Reply>>>) {
    let mut buf = Vec::new();
    while let Some(request) = read_request(&mut stream, &mut buf).await {
        received.lock().unwrap().push(request);
        let reply = replies.lock().unwrap().pop_front();
        match reply {
            Some(Reply::Bytes(bytes)) => {
                if stream.write_all(&bytes).await.is_err() {
                    return;
                }
            }
            Some(Reply::BytesThenClose(bytes)) => {
                let _ = stream.write_all(&bytes).await;
                return;
            }
            None => return,
        }
    }
}

/// Reads one request: the head up to the blank line, then `Content-Length` bytes of body.
/// `buf` carries bytes read past the end of one request over to the next. `None` when the
/// connection ends first.
async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Received> {
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(buf[..head_end].to_vec()).ok()?;
    buf.drain(..head_end + 4);

    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> =
        lines.filter_map(|line| line.split_once(':')).map(|(k, v)| (k.to_owned(), v.trim().to_owned())).collect();
    let length = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);

    while buf.len() < length {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = buf.drain(..length).collect();
    Some(Received { method, target, headers, body })
}

fn response(status_line: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status_line}\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

fn ok_response(body: &str) -> Reply {
    Reply::Bytes(response("200 OK", &[], body.as_bytes()))
}

fn request(method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> HttpRequest {
    HttpRequest {
        method: method.to_owned(),
        url: url.to_owned(),
        headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        body: body.to_vec(),
    }
}

/// Sends with a generous outer deadline, so a hang fails the test instead of stalling it.
async fn send(client: &HyperClient, req: HttpRequest) -> Result<awsgen_runtime::http::HttpResponse, TransportError> {
    tokio::time::timeout(Duration::from_secs(10), client.send(req)).await.expect("the transport answered within 10 s")
}

#[tokio::test]
async fn request_and_response_cross_the_wire_intact() {
    let server = Server::start(vec![Reply::Bytes(response(
        "201 Created",
        &[("Content-Type", "text/xml"), ("X-Amzn-RequestId", "req-123"), ("X-Multi", "a"), ("X-Multi", "b")],
        b"<ok/>\n",
    ))])
    .await;
    let host = server.addr.to_string();
    // Every byte value, so nothing in the body is mangled as text.
    let body: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    let req = request(
        "POST",
        &server.url("/some/path?Action=DescribeCacheClusters&x=%20"),
        &[
            ("host", &host),
            ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
            ("X-Custom", "hello world"),
        ],
        &body,
    );

    let resp = send(&HyperClient::new(), req).await.unwrap();

    assert_eq!(resp.status, 201);
    assert_eq!(resp.header("x-amzn-requestid"), Some("req-123"));
    assert_eq!(resp.header("content-type"), Some("text/xml"));
    let multi: Vec<&str> = resp.headers.iter().filter(|(k, _)| k == "x-multi").map(|(_, v)| v.as_str()).collect();
    assert_eq!(multi, ["a", "b"]);
    assert_eq!(resp.body, b"<ok/>\n");

    let got = server.received();
    assert_eq!(got.len(), 1);
    let got = &got[0];
    assert_eq!(got.method, "POST");
    assert_eq!(got.target, "/some/path?Action=DescribeCacheClusters&x=%20");
    assert_eq!(got.all("host"), [host.as_str()]);
    assert_eq!(got.all("x-custom"), ["hello world"]);
    assert_eq!(got.all("content-type"), ["application/x-www-form-urlencoded; charset=utf-8"]);
    assert_eq!(got.all("content-length"), ["3000"]);
    assert_eq!(got.body, body);
}

#[tokio::test]
async fn host_is_sent_exactly_once() {
    let server = Server::start(vec![ok_response("1"), ok_response("2"), ok_response("3")]).await;
    let client = HyperClient::new();

    // No host given: derived from the URL.
    send(&client, request("GET", &server.url("/"), &[], b"")).await.unwrap();
    // Given once: that value, not a second derived one.
    send(&client, request("GET", &server.url("/"), &[("Host", "signed.example:1234")], b"")).await.unwrap();
    // Given twice in different spellings: only the first goes out.
    send(&client, request("GET", &server.url("/"), &[("host", "first.example"), ("HOST", "second.example")], b""))
        .await
        .unwrap();

    let got = server.received();
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].all("host"), [server.addr.to_string().as_str()]);
    assert_eq!(got[1].all("host"), ["signed.example:1234"]);
    assert_eq!(got[2].all("host"), ["first.example"]);
}

#[tokio::test]
async fn connections_are_reused() {
    let server = Server::start(vec![ok_response("one"), ok_response("two")]).await;
    let client = HyperClient::new();
    let clone = client.clone();

    let first = send(&client, request("GET", &server.url("/1"), &[], b"")).await.unwrap();
    let second = send(&clone, request("GET", &server.url("/2"), &[], b"")).await.unwrap();

    assert_eq!(first.body, b"one");
    assert_eq!(second.body, b"two");
    let targets: Vec<String> = server.received().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/1", "/2"]);
    assert_eq!(server.connections.load(Ordering::SeqCst), 1, "the pooled connection was reused");
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let err =
        send(&HyperClient::new(), request("GET", &format!("http://127.0.0.1:{port}/"), &[], b"")).await.unwrap_err();
    assert!(err.message.contains("could not connect"), "{err}");
    assert_eq!(err.kind, TransportErrorKind::Connect);
    assert!(err.message.contains(&format!("127.0.0.1:{port}")), "{err}");
    assert!(err.source.is_some());
}

#[tokio::test]
async fn body_cut_short_is_a_transport_error() {
    let mut partial = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n".to_vec();
    partial.extend_from_slice(b"0123456789");
    let server = Server::start(vec![Reply::BytesThenClose(partial)]).await;

    let err = send(&HyperClient::new(), request("GET", &server.url("/"), &[], b"")).await.unwrap_err();
    assert!(err.message.contains("response body"), "{err}");
    assert_eq!(err.kind, TransportErrorKind::Io);
}

#[tokio::test]
async fn connection_closed_before_a_response_is_a_transport_error() {
    let server = Server::start(vec![Reply::BytesThenClose(Vec::new())]).await;

    let err = send(&HyperClient::new(), request("POST", &server.url("/"), &[], b"x=1")).await.unwrap_err();
    assert!(err.message.contains("HTTP exchange"), "{err}");
    assert_eq!(err.kind, TransportErrorKind::Io);
    assert_eq!(server.received().len(), 1, "the request itself did arrive");
}

#[tokio::test]
async fn garbage_instead_of_tls_is_a_transport_error() {
    // A plain-text server where the client expects TLS: the handshake must fail cleanly.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let fake = tokio::spawn(async move {
        if let Ok((mut stream, _)) = listener.accept().await {
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\nthis is not TLS").await;
        }
    });

    let err = send(&HyperClient::new(), request("GET", &format!("https://{addr}/"), &[], b"")).await.unwrap_err();
    assert!(err.message.contains("TLS handshake"), "{err}");
    assert_eq!(err.kind, TransportErrorKind::Connect);
    assert!(err.message.contains(&format!("https://{addr}")), "{err}");
    fake.abort();
}

#[tokio::test]
async fn malformed_requests_are_transport_errors() {
    let client = HyperClient::new();
    let cases = [
        (request("GET", "not a url", &[], b""), "invalid URL"),
        (request("GET", "", &[], b""), "invalid URL"),
        (request("GET", "/relative/path", &[], b""), "invalid URL"),
        (request("GET", "ftp://example.com/", &[], b""), "invalid URL"),
        (request("GET", "http://", &[], b""), "invalid URL"),
        (request("GET", "http://[::1/", &[], b""), "invalid URL"),
        (request("G T", "http://127.0.0.1:9/", &[], b""), "invalid HTTP method"),
        (request("", "http://127.0.0.1:9/", &[], b""), "invalid HTTP method"),
        (request("GET", "http://127.0.0.1:9/", &[("bad name", "v")], b""), "invalid header name"),
        (request("GET", "http://127.0.0.1:9/", &[("", "v")], b""), "invalid header name"),
        (request("GET", "http://127.0.0.1:9/", &[("x-injected", "a\r\nevil: 1")], b""), "invalid value for header"),
        (request("POST", "http://127.0.0.1:9/", &[("content-length", "5")], b"abc"), "content-length"),
        (request("POST", "http://127.0.0.1:9/", &[("content-length", "three")], b"abc"), "content-length"),
    ];
    for (req, expected) in cases {
        let shown = format!("{req:?}");
        let err = send(&client, req).await.unwrap_err();
        assert!(err.message.contains(expected), "{shown}: {err}");
        assert_eq!(err.kind, TransportErrorKind::InvalidRequest, "{shown}");
    }
}

#[tokio::test]
async fn connect_timeout_is_configurable() {
    assert_eq!(HyperClient::new().connect_timeout(), Duration::from_millis(3100));
    assert_eq!(HyperClient::default().connect_timeout(), Duration::from_millis(3100));
    let client = HyperClient::builder().connect_timeout(Duration::from_millis(250)).build();
    assert_eq!(client.connect_timeout(), Duration::from_millis(250));
    let shown = format!("{client:?}");
    assert!(shown.contains("HyperClient") && shown.contains("250ms"), "{shown}");
}

/// Linux drops a SYN when the listener's accept queue is full, so a listener with a backlog of
/// zero that never accepts makes any further connect hang: exactly what the timeout is for.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn connect_timeout_applies() {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let addr = listener.local_addr().unwrap();

    // Fill the accept queue until a connect stalls.
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
        eprintln!("connect_timeout_applies: this kernel never stalled a connect; nothing to test");
        return;
    }

    let client = HyperClient::builder().connect_timeout(Duration::from_millis(300)).build();
    let err = send(&client, request("GET", &format!("http://{addr}/"), &[], b"")).await.unwrap_err();

    assert!(err.message.contains("timed out after 300 ms"), "{err}");
    assert_eq!(err.kind, TransportErrorKind::ConnectTimeout(Duration::from_millis(300)));
    drop(held);
}

#[test]
fn building_needs_no_runtime() {
    // Clients may be constructed in synchronous code; only sending needs Tokio.
    let client = HyperClient::builder().connect_timeout(Duration::from_secs(1)).build();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let err = runtime.block_on(client.send(request("GET", "not a url", &[], b""))).unwrap_err();
    assert!(err.message.contains("invalid URL"), "{err}");
}
