//! Shared helpers for the cross-crate tests in `tests/tests/`: a real HTTP/1.1 server on
//! 127.0.0.1 that answers with canned responses and records what it received, and the runtime's
//! replaying transport for tests that need no socket at all.

use awsgen_runtime::http::HttpResponse;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One canned answer.
#[derive(Clone, Debug)]
pub enum Reply {
    /// Status and XML body (with an `x-amzn-RequestId` header when `request_id` is set).
    Respond { status: u16, body: String, request_id: Option<String> },
    /// Accept the request and never answer (for timeouts).
    Hang,
}

impl Reply {
    /// A reply with this status and body.
    pub fn xml(status: u16, body: impl Into<String>) -> Self {
        Reply::Respond { status, body: body.into(), request_id: None }
    }
}

/// A request as the server saw it.
#[derive(Clone, Debug)]
pub struct Received {
    /// `POST`.
    pub method: String,
    /// `/`.
    pub path: String,
    /// Header names lowercased.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
}

impl Received {
    /// A header value by (lowercase) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// A loopback HTTP server answering each connection's request with the next reply.
pub struct TestServer {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl TestServer {
    /// Binds an ephemeral port and serves `replies` in order (one request per connection).
    pub async fn start(replies: Vec<Reply>) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().expect("local addr"));
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = received.clone();
        let mut queue: VecDeque<Reply> = replies.into();
        tokio::spawn(async move {
            while let Ok((mut sock, _)) = listener.accept().await {
                let Some(req) = read_request(&mut sock).await else { continue };
                log.lock().unwrap().push(req);
                match queue.pop_front() {
                    Some(Reply::Respond { status, body, request_id }) => {
                        let rid = request_id.map(|r| format!("x-amzn-RequestId: {r}\r\n")).unwrap_or_default();
                        let head = format!(
                            "HTTP/1.1 {status} X\r\ncontent-type: text/xml\r\n{rid}content-length: {}\r\nconnection: close\r\n\r\n",
                            body.len()
                        );
                        let _ = sock.write_all(head.as_bytes()).await;
                        let _ = sock.write_all(body.as_bytes()).await;
                        let _ = sock.shutdown().await;
                    }
                    Some(Reply::Hang) => {
                        tokio::spawn(async move {
                            tokio::time::sleep(Duration::from_secs(30)).await;
                            drop(sock);
                        });
                    }
                    None => {
                        let _ = sock.write_all(b"HTTP/1.1 599 No More Replies\r\ncontent-length: 0\r\n\r\n").await;
                    }
                }
            }
        });
        TestServer { url, received }
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

async fn read_request(sock: &mut tokio::net::TcpStream) -> Option<Received> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = sock.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_string();
    let path = first.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let len: usize = headers.iter().find(|(k, _)| k == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    while buf.len() < head_end + len {
        let n = sock.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&buf[head_end..]).into_owned();
    Some(Received { method, path, headers, body })
}

/// The replaying transport lives in the runtime (feature `test-util`) so users of a generated
/// crate can use it too; re-exported here for the tests that script responses.
pub use awsgen_runtime::replay::ReplayClient;

/// A successful response with this XML body.
pub fn ok_xml(body: &str) -> HttpResponse {
    HttpResponse {
        status: 200,
        headers: vec![("content-type".into(), "text/xml".into())],
        body: body.as_bytes().to_vec(),
    }
}

/// The README's example, compiled as a doctest so the README never lies.
#[doc = include_str!("../../README.md")]
pub mod readme {}

/// Sends one signed `query`-protocol request built from raw form parameters (`Action` first)
/// over real HTTP, with the runtime's own SigV4 signer and transport. The live tests use it for
/// calls no generated crate covers here (moto's IAM, to create the keys signature checking
/// needs).
pub async fn signed_query(
    url: &str,
    service: &str,
    credentials: &awsgen_runtime::credentials::Credentials,
    params: &[(&str, &str)],
) -> Result<HttpResponse, String> {
    signed_query_via(&awsgen_runtime::HyperClient::new(), url, service, credentials, params).await
}

/// [`signed_query`] through a given transport: a recording or replaying one, so a moto
/// scenario's IAM call (Lambda needs a role) is recorded and replayed with the rest.
pub async fn signed_query_via(
    http: &dyn awsgen_runtime::http::HttpClient,
    url: &str,
    service: &str,
    credentials: &awsgen_runtime::credentials::Credentials,
    params: &[(&str, &str)],
) -> Result<HttpResponse, String> {
    use awsgen_runtime::http::HttpRequest;
    let mut body = String::new();
    for (k, v) in params {
        if !body.is_empty() {
            body.push('&');
        }
        body.push_str(&form_encode(k));
        body.push('=');
        body.push_str(&form_encode(v));
    }
    let host = url.split_once("://").map_or(url, |(_, r)| r).split('/').next().unwrap_or_default().to_string();
    let mut request = HttpRequest {
        method: "POST".into(),
        url: format!("{}/", url.trim_end_matches('/')),
        headers: vec![
            ("host".into(), host),
            ("content-type".into(), "application/x-www-form-urlencoded; charset=utf-8".into()),
        ],
        body: body.into_bytes(),
    };
    let params = awsgen_runtime::sigv4::SigningParams {
        credentials,
        region: "us-east-1",
        service,
        time: awsgen_runtime::DateTime::now(),
        settings: awsgen_runtime::sigv4::SigningSettings::DEFAULT,
    };
    awsgen_runtime::sigv4::sign(&mut request, &params).map_err(|e| e.to_string())?;
    request.headers.push(("content-length".into(), request.body.len().to_string()));
    http.send(request).await.map_err(|e| e.to_string())
}

/// `application/x-www-form-urlencoded` escaping: unreserved characters stay, the rest is `%XX`.
fn form_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The text of the first `<element>` of an XML body (for ids and keys in test replies).
pub fn xml_text(body: &[u8], element: &str) -> Option<String> {
    let body = String::from_utf8_lossy(body);
    let open = format!("<{element}>");
    let start = body.find(&open)? + open.len();
    let end = start + body[start..].find(&format!("</{element}>"))?;
    Some(body[start..end].to_string())
}
