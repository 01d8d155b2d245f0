//! (`mod loopback;`) A raw HTTP/1.1 server on 127.0.0.1 for the provider tests, written on Tokio's TCP so that it
//! can misbehave as no server library would (hang, close mid-body, send an endless body), and
//! a transport wrapper that counts the requests a real transport sends.
//!
//! Each connection carries one request and is answered by the test's handler, given the
//! request and how many had the same method and path before it.

#![allow(dead_code)] // each test file uses a part

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use awsgen_config::ProviderConfig;
use awsgen_runtime::body::ByteStream;
use awsgen_runtime::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError};
use awsgen_runtime::profile::Environment;
use awsgen_runtime::HyperClient;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request as the server read it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    /// Names lower-cased.
    pub headers: Vec<(String, String)>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// What the server does with a request.
pub enum Act {
    /// Write these bytes and close.
    Send(Vec<u8>),
    /// Write the head of a reply declaring `declared` bytes, then endless body bytes until
    /// the client goes away.
    Endless { declared: Option<u64> },
    /// Say nothing and keep the connection open until the client goes away.
    Hang,
    /// Close at once without a reply.
    Close,
}

/// Makes the act of a scripted case.
pub type MakeAct = fn() -> Act;

/// A complete reply with these headers and body.
pub fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> Act {
    let mut out = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n", body.len());
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(body);
    Act::Send(out.into_bytes())
}

/// A reply declaring `declared` bytes of body and sending only `body`, then closing.
pub fn truncated(declared: usize, body: &str) -> Act {
    let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {declared}\r\nconnection: close\r\n\r\n");
    Act::Send([head.as_bytes(), body.as_bytes()].concat())
}

type Handler = dyn Fn(&Seen, usize) -> Act + Send + Sync;

/// The server: its URL and every request it read.
pub struct LocalServer {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl LocalServer {
    pub async fn start(handler: impl Fn(&Seen, usize) -> Act + Send + Sync + 'static) -> LocalServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().expect("local addr"));
        let seen = Arc::new(Mutex::new(Vec::<Seen>::new()));
        let log = seen.clone();
        let handler: Arc<Handler> = Arc::new(handler);
        tokio::spawn(async move {
            while let Ok((mut sock, _)) = listener.accept().await {
                let (log, handler) = (log.clone(), handler.clone());
                tokio::spawn(async move {
                    let Some(request) = read_request(&mut sock).await else { return };
                    let act = {
                        let mut log = log.lock().unwrap();
                        let before =
                            log.iter().filter(|s| s.method == request.method && s.path == request.path).count();
                        log.push(request.clone());
                        handler(&request, before)
                    };
                    act_on(sock, act).await;
                });
            }
        });
        LocalServer { url, seen }
    }

    /// Every request read so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// How many requests with this method and path were read.
    pub fn count(&self, method: &str, path: &str) -> usize {
        self.seen().iter().filter(|s| s.method == method && s.path == path).count()
    }
}

async fn act_on(mut sock: TcpStream, act: Act) {
    match act {
        Act::Send(bytes) => {
            let _ = sock.write_all(&bytes).await;
            let _ = sock.shutdown().await;
        }
        Act::Endless { declared } => {
            let length = declared.map(|n| format!("content-length: {n}\r\n")).unwrap_or_default();
            let head = format!("HTTP/1.1 200 OK\r\n{length}connection: close\r\n\r\n");
            if sock.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let chunk = vec![b'A'; 64 * 1024];
            while sock.write_all(&chunk).await.is_ok() {}
        }
        Act::Hang => {
            // Reads until the client closes its end; never answers.
            let mut buf = [0u8; 1024];
            while matches!(sock.read(&mut buf).await, Ok(n) if n > 0) {}
        }
        Act::Close => drop(sock),
    }
}

async fn read_request(sock: &mut TcpStream) -> Option<Seen> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        match sock.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, path) = (first.next()?.to_owned(), first.next()?.to_owned());
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Some(Seen { method, path, headers })
}

/// A real transport (the default `HyperClient`) that counts the requests it is given, for
/// servers that cannot count them (nothing listening).
#[derive(Debug, Default)]
pub struct Counting {
    inner: HyperClient,
    pub sent: Arc<AtomicUsize>,
}

impl Counting {
    pub fn sent(&self) -> usize {
        self.sent.load(Ordering::SeqCst)
    }
}

impl HttpClient for Counting {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.sent.fetch_add(1, Ordering::SeqCst);
        self.inner.send(request)
    }

    fn send_streaming(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'_, Result<(HttpResponse, ByteStream), TransportError>> {
        self.sent.fetch_add(1, Ordering::SeqCst);
        self.inner.send_streaming(request)
    }
}

/// A configuration reading `vars` and sending through a real `HyperClient`.
pub fn config(vars: &[(&str, &str)]) -> ProviderConfig {
    let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    ProviderConfig::new(Environment::from_vars(vars)).with_http_client(HyperClient::new())
}

/// A URL of 127.0.0.1 where nothing listens (a port bound, then released).
pub async fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("local addr"));
    drop(listener);
    url
}

/// Asserts that none of `secrets` appears in `text` (an error's or credentials' Display or
/// Debug).
pub fn assert_no_secret(text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "a secret ({secret}) leaked into: {text}");
    }
}
