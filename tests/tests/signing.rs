//! Signing as it reaches the wire, and what the client logs.
//!
//! A real call (with a retry) goes to a loopback server; from the bytes the server received,
//! the test rebuilds the canonical request and checks that its payload hash is the SHA-256 of
//! the exact body sent and that the `authorization` header's signature, derived here from the
//! specification, covers it, session token included. Meanwhile a tracing subscriber written
//! here records every event the runtime and its HTTP stack emit, and the secret key, the
//! session token and the signatures must appear in none of them.

use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use awsgen_elasticache::runtime::credentials::Credentials;
use awsgen_elasticache::runtime::http::HttpRequest;
use awsgen_elasticache::runtime::retry::RetryConfig;
use awsgen_elasticache::runtime::sigv4;
use awsgen_elasticache::{Client, Config};
use awsgen_tests::{Received, Reply, TestServer};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const TOKEN: &str = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN/1234567890abcdef+ghijkl==";

const COPY_OK: &str = "<CopySnapshotResponse><CopySnapshotResult><Snapshot><SnapshotName>c</SnapshotName>\
    </Snapshot></CopySnapshotResult><ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata>\
    </CopySnapshotResponse>";

/// Records every span field and event, as text, at every level.
struct Capture {
    out: Arc<Mutex<String>>,
    next_id: AtomicU64,
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = format!("span {}:", span.metadata().name());
        span.record(&mut Fields(&mut line));
        self.out.lock().unwrap().push_str(&(line + "\n"));
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = String::from("record:");
        values.record(&mut Fields(&mut line));
        self.out.lock().unwrap().push_str(&(line + "\n"));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut line = format!("{} {}:", event.metadata().level(), event.metadata().target());
        event.record(&mut Fields(&mut line));
        self.out.lock().unwrap().push_str(&(line + "\n"));
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// Checks one request as received: returns its signature.
fn verify(received: &Received, base_url: &str) -> String {
    let authorization = received.header("authorization").expect("signed");
    let (_, rest) = authorization.split_once("SignedHeaders=").expect("signed headers");
    let (signed, signature) = rest.split_once(", Signature=").expect("signature");
    let names: Vec<&str> = signed.split(';').collect();
    assert!(names.contains(&"x-amz-security-token") && names.contains(&"host"), "{signed}");
    assert_eq!(received.header("x-amz-security-token"), Some(TOKEN));

    // The request rebuilt from what arrived: the signed headers, the exact body.
    let request = HttpRequest {
        method: received.method.clone(),
        url: format!("{base_url}{}", received.path),
        headers: names
            .iter()
            .map(|n| ((*n).to_owned(), received.header(n).expect("signed header arrived").to_owned()))
            .collect(),
        body: received.body.as_bytes().to_vec(),
    };
    let canonical = sigv4::canonical_request(&request).unwrap();
    assert_eq!(canonical.rsplit('\n').next(), Some(hex(&Sha256::digest(received.body.as_bytes()))).as_deref());

    let amz_date = received.header("x-amz-date").expect("x-amz-date");
    let date = &amz_date[..8];
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{date}/us-east-1/elasticache/aws4_request\n{}",
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let key = ["us-east-1", "elasticache", "aws4_request"]
        .iter()
        .fold(hmac(format!("AWS4{SECRET}").as_bytes(), date), |key, part| hmac(&key, part));
    assert_eq!(signature, hex(&hmac(&key, &string_to_sign)), "signature over the received request");
    signature.to_owned()
}

#[tokio::test]
async fn the_signature_covers_the_bytes_sent_and_logs_hold_no_secret() {
    let out = Arc::new(Mutex::new(String::new()));
    let _guard = tracing::subscriber::set_default(Capture { out: out.clone(), next_id: AtomicU64::new(0) });

    let server = TestServer::start(vec![
        Reply::xml(503, "<ErrorResponse><Error><Code>ServiceUnavailable</Code></Error></ErrorResponse>"),
        Reply::xml(200, COPY_OK),
    ])
    .await;
    let client = Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDEXAMPLE", SECRET, Some(TOKEN.to_owned())))
            .endpoint_url(&server.url)
            .retry(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
            .build(),
    );
    client
        .copy_snapshot()
        .source_snapshot_name("automatic.redis-2024")
        .target_snapshot_name("my copy/1 ✓")
        .send()
        .await
        .expect("second attempt succeeds");

    let received = server.received();
    assert_eq!(received.len(), 2);
    assert!(received[0].body.contains("TargetSnapshotName=my%20copy%2F1%20%E2%9C%93"), "{}", received[0].body);
    let signatures: Vec<String> = received.iter().map(|r| verify(r, &server.url)).collect();

    let log = out.lock().unwrap().clone();
    // The runtime did log the call: both attempts and the retry between them.
    assert!(log.contains("sending attempt") && log.contains("attempt=2"), "{log}");
    assert!(log.contains("retrying") && log.contains("operation=\"CopySnapshot\""), "{log}");
    assert!(log.contains("code=ServiceUnavailable"), "{log}");
    for secret in [SECRET, TOKEN, &signatures[0], &signatures[1]] {
        assert!(!log.contains(secret), "{secret} appears in the log:\n{log}");
    }
}
