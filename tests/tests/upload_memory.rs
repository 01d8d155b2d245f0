//! A 64 MiB file uploaded through a generated operation (`PutObject` of
//! `data/checksum-fixture/`) and `HyperClient` to a loopback server: the file is never held in
//! memory (the test process's peak resident set, `VmHWM` in `/proc/self/status`, grows by far
//! less than the file), and a retried attempt sends the whole file again (the server answers
//! the first attempt 500, after reading it all, and checks each attempt's SHA-256).
//!
//! Then the file is sent `aws-chunked` with a CRC32 trailer, measured the same way. Alone in
//! its binary, so that no other test's allocations move the peak. A measurement, not a
//! timing: nothing here depends on speed.

#[allow(dead_code, unused_imports, clippy::all)]
mod objects {
    include!(concat!(env!("OUT_DIR"), "/checksum_fixture.rs"));
}
#[allow(dead_code)]
#[path = "uploads/server.rs"]
mod server;

use awsgen_runtime::checksum::{chunked, ChecksumAlgorithm, RequestChecksumCalculation};
use awsgen_runtime::credentials::Credentials;
use awsgen_runtime::retry::RetryConfig;
use awsgen_runtime::{ByteStream, Config};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

const FILE_LEN: usize = 64 * 1024 * 1024;

/// The test process's peak resident set size so far, in KiB.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("VmHWM line");
    line.split_whitespace().nth(1).and_then(|v| v.parse().ok()).expect("VmHWM in kB")
}

/// Writes a 64 MiB file of varied bytes, 1 MiB at a time; returns its SHA-256.
fn write_file(path: &std::path::Path) -> String {
    let mut file = std::fs::File::create(path).expect("create");
    let mut hasher = Sha256::new();
    let mut block = vec![0u8; 1024 * 1024];
    for i in 0..FILE_LEN / block.len() {
        for (j, b) in block.iter_mut().enumerate() {
            *b = (i * 31 + j * 7 + j / 251) as u8;
        }
        hasher.update(&block);
        file.write_all(&block).expect("write");
    }
    server::hex(&hasher.finalize())
}

/// One test, the two uploads in turn: the peak is per process, so concurrent tests would mask
/// each other's growth.
#[tokio::test]
async fn a_64_mib_file_streams_with_bounded_memory() {
    plain_upload_retried().await;
    upload_with_a_checksum_trailer().await;
}

/// The file sent without a checksum; the first attempt answered 500, so it is sent twice.
async fn plain_upload_retried() {
    let path = std::env::temp_dir().join(format!("awsgen-upload-{}.bin", std::process::id()));
    let file_hash = write_file(&path);
    let respond: server::Responder = Arc::new(|_, index| {
        if index == 0 {
            server::response(500, &[("x-amzn-errortype", "InternalFailure")], b"{}")
        } else {
            server::response(200, &[("etag", "\"abc\"")], b"")
        }
    });
    let (url, mut received) = server::serve(false, respond).await;
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .endpoint_url(url)
        // No checksum: the body goes out as the file's bytes, the payload hash computed by a
        // first pass over the file.
        .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
        .retry(RetryConfig::standard().with_max_attempts(2).with_initial_backoff(Duration::from_millis(1)))
        .operation_timeout(Duration::from_secs(300))
        .attempt_timeout(Some(Duration::from_secs(240)))
        .build();
    let client = objects::Client::new(config);

    let before = peak_rss_kib();
    let body = ByteStream::from_path(&path).expect("file");
    let out = client.put_object().bucket("b").key("big.bin").body(body).send().await.expect("the retry succeeds");
    let grew_kib = peak_rss_kib().saturating_sub(before);
    std::fs::remove_file(&path).expect("clean up");

    assert_eq!(out.e_tag.as_deref(), Some("\"abc\""));
    for attempt in 0..2 {
        let req = received.recv().await.expect("two attempts");
        assert_eq!(req.body_len, FILE_LEN as u64, "attempt {attempt} sent the whole file");
        assert_eq!(req.sha256, file_hash, "attempt {attempt} sent the file's bytes");
        assert_eq!(req.header("content-length"), Some(FILE_LEN.to_string().as_str()));
        assert_eq!(req.header("x-amz-content-sha256"), Some(file_hash.as_str()), "the signed payload hash");
    }
    assert!(received.try_recv().is_err(), "no third attempt");
    println!("peak RSS grew by {grew_kib} KiB while a {} KiB file was sent twice", FILE_LEN / 1024);
    assert!(grew_kib < 16 * 1024, "peak RSS grew by {grew_kib} KiB: the file was held in memory");
}

/// The same file with its CRC32 in an `aws-chunked` trailer (the default `WhenSupported`): the
/// framing buffers one 64 KiB frame at a time.
async fn upload_with_a_checksum_trailer() {
    let path = std::env::temp_dir().join(format!("awsgen-upload-trailer-{}.bin", std::process::id()));
    write_file(&path);
    let (url, mut received) = server::serve(false, Arc::new(|_, _| server::response(200, &[], b""))).await;
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .endpoint_url(url)
        .operation_timeout(Duration::from_secs(300))
        .build();
    let client = objects::Client::new(config);
    let before = peak_rss_kib();
    let body = ByteStream::from_path(&path).expect("file");
    client.put_object().bucket("b").key("big.bin").body(body).send().await.expect("sent");
    let grew_kib = peak_rss_kib().saturating_sub(before);
    std::fs::remove_file(&path).expect("clean up");
    let req = received.recv().await.expect("one request");
    let encoded = chunked::encoded_len(FILE_LEN as u64, ChecksumAlgorithm::Crc32);
    assert_eq!(req.body_len, encoded, "the framed file");
    assert_eq!(req.header("x-amz-decoded-content-length"), Some(FILE_LEN.to_string().as_str()));
    assert_eq!(req.header("x-amz-trailer"), Some("x-amz-checksum-crc32"));
    println!("peak RSS grew by {grew_kib} KiB while a {} KiB file was sent aws-chunked", FILE_LEN / 1024);
    assert!(grew_kib < 16 * 1024, "peak RSS grew by {grew_kib} KiB: the file was held in memory");
}
