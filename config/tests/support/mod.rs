//! A scripted transport: each request is logged and answered by the test's function, so the
//! providers' calls are checked without a network.

#![allow(dead_code)] // Each test binary uses a part.

use awsgen_runtime::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError};
use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

type Answer = dyn Fn(&HttpRequest) -> HttpResponse + Send + Sync;

/// Answers every request with `answer` and keeps each one.
#[derive(Clone)]
pub struct Scripted {
    log: Arc<Mutex<Vec<HttpRequest>>>,
    answer: Arc<Answer>,
}

impl Scripted {
    pub fn new(answer: impl Fn(&HttpRequest) -> HttpResponse + Send + Sync + 'static) -> Self {
        Scripted { log: Arc::default(), answer: Arc::new(answer) }
    }

    /// The requests sent so far.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.log.lock().unwrap().clone()
    }
}

impl fmt::Debug for Scripted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Scripted")
    }
}

impl HttpClient for Scripted {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let response = (self.answer)(&request);
        self.log.lock().unwrap().push(request);
        Box::pin(async move { Ok(response) })
    }
}

/// A response with a status, headers and a body.
pub fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        body: body.as_bytes().to_vec(),
    }
}

/// A fresh, empty folder for one test under Cargo's temporary folder for integration tests.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("awsgen-config").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The form parameters of a query-protocol body, decoded.
pub mod traffic;

pub fn form(body: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(body);
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap()
}

/// The value of one form parameter.
pub fn param(body: &[u8], name: &str) -> Option<String> {
    form(body).into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}
