//! A raw HTTP/1.1 server on 127.0.0.1 for upload tests: it reads each request's head and its
//! body (by `content-length`) in reads of at most 64 KiB, hashes the body as it arrives (keeping
//! it only when asked, so a 64 MiB upload is never held by the server), reports what it
//! received, and answers with what the test's responder returns. Connections are kept alive,
//! as the client pools them.

use sha2::{Digest, Sha256};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    /// Body bytes received.
    pub body_len: u64,
    /// SHA-256 of the body, hex.
    pub sha256: String,
    /// The body, when the server keeps bodies.
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Given a request and its index (0 for the first), the raw response bytes.
pub type Responder = Arc<dyn Fn(&Received, usize) -> Vec<u8> + Send + Sync>;

/// A response with `content-length`.
pub fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\n", body.len());
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Starts the server; returns its URL and the stream of requests it received.
pub async fn serve(keep_bodies: bool, respond: Responder) -> (String, mpsc::UnboundedReceiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("local addr"));
    let (tx, rx) = mpsc::unbounded_channel();
    let count = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    tokio::spawn(async move {
        while let Ok((sock, _)) = listener.accept().await {
            let (tx, respond, count) = (tx.clone(), respond.clone(), count.clone());
            tokio::spawn(connection(sock, keep_bodies, respond, tx, count));
        }
    });
    (url, rx)
}

async fn connection(
    mut sock: TcpStream,
    keep_bodies: bool,
    respond: Responder,
    tx: mpsc::UnboundedSender<Received>,
    count: Arc<std::sync::atomic::AtomicUsize>,
) {
    let mut pending: Vec<u8> = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        // The head.
        let head_end = loop {
            if let Some(i) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                break i;
            }
            match sock.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => pending.extend_from_slice(&buf[..n]),
            }
        };
        let head = String::from_utf8_lossy(&pending[..head_end]).into_owned();
        pending.drain(..head_end + 4);
        let mut lines = head.split("\r\n");
        let mut request_line = lines.next().unwrap_or_default().split(' ');
        let method = request_line.next().unwrap_or_default().to_string();
        let target = request_line.next().unwrap_or_default().to_string();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let length: u64 =
            headers.iter().find(|(k, _)| k == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
        assert!(!headers.iter().any(|(k, _)| k == "transfer-encoding"), "the client sent chunked transfer coding");
        // The body, hashed as it comes.
        let mut hasher = Sha256::new();
        let mut body = Vec::new();
        let mut received = 0u64;
        while received < length {
            if pending.is_empty() {
                match sock.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => pending.extend_from_slice(&buf[..n]),
                }
            }
            let take = pending.len().min((length - received) as usize);
            hasher.update(&pending[..take]);
            if keep_bodies {
                body.extend_from_slice(&pending[..take]);
            }
            pending.drain(..take);
            received += take as u64;
        }
        let req = Received { method, target, headers, body_len: received, sha256: hex(&hasher.finalize()), body };
        let index = count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let reply = respond(&req, index);
        let _ = tx.send(req);
        if sock.write_all(&reply).await.is_err() {
            return;
        }
    }
}
