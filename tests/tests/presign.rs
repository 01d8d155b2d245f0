//! Presigned requests end to end, through a generated client: the hand-written S3 stand-in of
//! `data/presign-fixture/` (listed for presigning in `codegen/src/ir/customizations.rs`) gives
//! AWS's documented presigned URL exactly, and presigned GET and PUT requests, sent by a plain
//! HTTP client holding no credentials, pass a loopback server that recomputes the signature
//! with its own SigV4 code (below) from the secret key; a tampered or expired URL does not.

// A whole generated client, of which these tests use presigning.
#[allow(dead_code, unused_imports)]
mod fixture {
    include!(concat!(env!("OUT_DIR"), "/presign_fixture.rs"));
}

use awsgen_runtime::credentials::Credentials;
use awsgen_runtime::http::{HttpClient, HttpRequest};
use awsgen_runtime::presign::{PresignedRequest, PresigningConfig};
use awsgen_runtime::profile::Environment;
use awsgen_runtime::{Config, DateTime, HyperClient, SdkError};
use fixture::Client;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

fn no_env() -> Environment {
    Environment::from_vars(Vec::<(String, String)>::new())
}

/// The S3 API Reference's example (see `runtime/tests/data/s3-signing/PROVENANCE.md`), through
/// the generated `presigned()`.
#[tokio::test]
async fn documented_example_through_the_generated_client() {
    let config = Config::builder()
        .region("us-east-1")
        .environment(no_env())
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .build();
    let presigning = PresigningConfig::expires_in(Duration::from_secs(86_400))
        .unwrap()
        .start_time(DateTime::from_secs(1_369_353_600));
    let presigned =
        Client::new(config).get_object().bucket("examplebucket").key("test.txt").presigned(presigning).await.unwrap();
    assert_eq!(
        presigned.url,
        "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256\
         &X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request\
         &X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\
         &X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
    );
    assert_eq!((presigned.method.as_str(), presigned.headers.len()), ("GET", 0));
}

#[test]
fn only_the_listed_operations_are_presignable() {
    let code = include_str!(concat!(env!("OUT_DIR"), "/presign_fixture.rs"));
    assert_eq!(code.matches("pub async fn presigned(").count(), 2, "GetObject and PutObject, not DeleteObject");
}

#[tokio::test]
async fn a_missing_required_member_fails_before_signing() {
    let config =
        Config::builder().region("us-east-1").environment(no_env()).credentials(Credentials::new("A", "B", None));
    let presigning = PresigningConfig::expires_in(Duration::from_secs(60)).unwrap();
    let err = Client::new(config.build()).get_object().bucket("b").presigned(presigning).await.unwrap_err();
    assert!(matches!(err, SdkError::InvalidRequest(_)), "{err:?}");
}

/// A client of the fixture sending path-style to `endpoint`, with temporary credentials.
fn loopback_client(endpoint: &str) -> Client {
    Client::new(
        Config::builder()
            .region("us-west-2")
            .environment(no_env())
            .endpoint_url(endpoint)
            .force_path_style(true)
            .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, Some("SESSION+TOKEN/=".into())))
            .build(),
    )
}

#[tokio::test]
async fn a_loopback_server_accepts_presigned_requests_by_recomputing_the_signature() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let mut verdicts = Vec::new();
        for _ in 0..5 {
            let (mut socket, _) = listener.accept().await.unwrap();
            let request = read_request(&mut socket).await;
            let verdict = verify(&request);
            let (status, body) = match &verdict {
                Ok(()) => ("200 OK", "verified".to_owned()),
                Err(why) => ("403 Forbidden", why.clone()),
            };
            let reply =
                format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len());
            socket.write_all(reply.as_bytes()).await.unwrap();
            verdicts.push((request.method.clone(), request.target.clone(), verdict, request.body.clone()));
        }
        verdicts
    });

    let client = loopback_client(&endpoint);
    let presigning = PresigningConfig::expires_in(Duration::from_secs(300)).unwrap();
    // A key S3 users write: spaces, `+`, unicode, `..` and `//` must reach the server as given.
    let key = "dir/a b+c/ሴ/../x//y";
    let get = client
        .get_object()
        .bucket("bucket")
        .key(key)
        .version_id("v 1")
        .checksum_mode(fixture::types::ChecksumMode::Enabled)
        .presigned(presigning)
        .await
        .unwrap();
    assert_eq!(get.headers, [("x-amz-checksum-mode".to_owned(), "ENABLED".to_owned())]);
    let shown = format!("{get:?}");
    assert!(!shown.contains("SESSION") && shown.contains("** redacted **"), "{shown}");
    let put = client.put_object().bucket("bucket").key("up.txt").presigned(presigning).await.unwrap();
    assert_eq!(put.method, "PUT");
    // Signed an hour ago for a minute.
    let past = PresigningConfig::expires_in(Duration::from_secs(60))
        .unwrap()
        .start_time(DateTime::from_secs(DateTime::now().secs() - 3600));
    let expired = client.get_object().bucket("bucket").key("k").presigned(past).await.unwrap();

    let http = HyperClient::builder().build();
    let send = |p: &PresignedRequest, url: String, body: &[u8]| HttpRequest {
        method: p.method.clone(),
        url,
        headers: p.headers.clone(),
        body: body.to_vec(),
    };
    let statuses = [
        http.send(send(&get, get.url.clone(), b"")).await.unwrap().status,
        http.send(send(&put, put.url.clone(), b"uploaded by anyone")).await.unwrap().status,
        // Another key under the same signature.
        http.send(send(&get, get.url.replace("/x//y", "/x/y"), b"")).await.unwrap().status,
        // Without the signed header.
        http.send(HttpRequest { headers: vec![], ..send(&get, get.url.clone(), b"") }).await.unwrap().status,
        http.send(send(&expired, expired.url.clone(), b"")).await.unwrap().status,
    ];
    let verdicts = server.await.unwrap();
    assert_eq!(statuses, [200, 200, 403, 403, 403], "{verdicts:#?}");
    assert_eq!(verdicts[4].2, Err("expired".to_owned()));
    assert_eq!(verdicts[0].1.split('?').next(), Some("/bucket/dir/a%20b%2Bc/%E1%88%B4/../x//y"));
    assert_eq!(verdicts[1].3, b"uploaded by anyone");
}

/// A request as the server read it.
#[derive(Debug)]
struct Received {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> Received {
    let mut buf = Vec::new();
    let head_end = loop {
        let mut chunk = [0u8; 4096];
        let n = socket.read(&mut chunk).await.unwrap();
        assert!(n > 0, "connection closed mid-head");
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
    };
    let head = String::from_utf8(buf[..head_end].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let mut start = lines.next().unwrap().split(' ');
    let (method, target) = (start.next().unwrap().to_owned(), start.next().unwrap().to_owned());
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers.iter().find(|(k, _)| k == "content-length").map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let mut chunk = [0u8; 4096];
        let n = socket.read(&mut chunk).await.unwrap();
        body.extend_from_slice(&chunk[..n]);
    }
    Received { method, target, headers, body }
}

/// The server's check, written from the S3 API Reference's description of query-string
/// authentication rather than with the runtime's signer: the canonical request from what
/// arrived (path decoded and encoded once, as S3 does; query without the signature, sorted;
/// the headers `X-Amz-SignedHeaders` names; `UNSIGNED-PAYLOAD`), the key derived from the
/// secret, and the signature compared; the validity window checked against the clock.
fn verify(r: &Received) -> Result<(), String> {
    let (path, query) = r.target.split_once('?').ok_or("no query")?;
    let mut params: Vec<(String, String)> = query
        .split('&')
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    let param = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let signature = param("X-Amz-Signature").ok_or("no signature")?;
    let credential = param("X-Amz-Credential").ok_or("no credential")?;
    let date = param("X-Amz-Date").ok_or("no date")?;
    let expires: i64 = param("X-Amz-Expires").ok_or("no expiry")?.parse().map_err(|_| "bad expiry")?;
    let signed_headers = param("X-Amz-SignedHeaders").ok_or("no signed headers")?;
    if param("X-Amz-Security-Token").as_deref() != Some("SESSION+TOKEN/=") {
        return Err("wrong session token".into());
    }
    let signed_at = DateTime::parse_iso8601(&format!(
        "{}-{}-{}T{}:{}:{}Z",
        &date[0..4],
        &date[4..6],
        &date[6..8],
        &date[9..11],
        &date[11..13],
        &date[13..15]
    ))
    .map_err(|e| e.to_string())?;
    let now = DateTime::now().secs();
    if now < signed_at.secs() - 60 || now > signed_at.secs() + expires {
        return Err("expired".into());
    }
    let scope = credential.strip_prefix(&format!("{ACCESS_KEY}/")).ok_or("unknown access key")?;
    params.retain(|(k, _)| k != "X-Amz-Signature");
    let mut encoded: Vec<String> =
        params.iter().map(|(k, v)| format!("{}={}", encode(k, true), encode(v, true))).collect();
    encoded.sort();
    let mut canonical_headers = String::new();
    for name in signed_headers.split(';') {
        let value =
            r.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).ok_or("signed header missing")?;
        canonical_headers.push_str(&format!("{name}:{value}\n"));
    }
    let canonical = format!(
        "{}\n{}\n{}\n{canonical_headers}\n{signed_headers}\nUNSIGNED-PAYLOAD",
        r.method,
        encode(&decode(path), false),
        encoded.join("&")
    );
    let string_to_sign = format!("AWS4-HMAC-SHA256\n{date}\n{scope}\n{}", hex(&Sha256::digest(canonical.as_bytes())));
    let mut key = format!("AWS4{SECRET_KEY}").into_bytes();
    for part in scope.split('/') {
        key = hmac(&key, part.as_bytes());
    }
    let expected = hex(&hmac(&key, string_to_sign.as_bytes()));
    if expected == signature {
        Ok(())
    } else {
        Err(format!("signature mismatch; canonical request:\n{canonical}"))
    }
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Percent-decoding of a URL component.
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match (b[i], b.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok())) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap()
}

/// S3's `UriEncode`: unreserved characters kept, `/` kept unless `encode_slash`.
fn encode(s: &str, encode_slash: bool) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            b'/' if !encode_slash => "/".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
