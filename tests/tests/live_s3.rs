//! S3 (restXml) live against moto, path-style on 127.0.0.1: `cargo xtask test` starts the
//! server and runs this with `AWSGEN_MOTO_URL` set. Not recorded for replay: its point is bodies
//! of tens of MiB streamed both ways, which a recording would hold whole. Each step is its own
//! function; the one test runs them in order on one bucket (moto keeps state per server).
//!
//! Memory is measured, not timed: the process's peak resident set (`VmHWM` in
//! `/proc/self/status`) before and after streaming 64 MiB each way must grow by well under the
//! object's size. This file is its own test binary with one test, so nothing else runs in the
//! process meanwhile.

use awsgen_runtime::body::ByteStream;
use awsgen_runtime::credentials::Credentials;
use awsgen_runtime::presign::PresigningConfig;
use awsgen_runtime::retry::RetryConfig;
use awsgen_runtime::Config;
use awsgen_s3::operation::get_object::GetObjectError;
use awsgen_s3::operation::head_object::HeadObjectError;
use awsgen_s3::operation::list_objects_v2::ListObjectsV2Error;
use awsgen_s3::types::{ChecksumAlgorithm, ChecksumMode, CompletedMultipartUpload, CompletedPart};
use awsgen_s3::{Client, SdkError};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::time::Duration;

/// The streamed object's size.
const BIG: usize = 64 * 1024 * 1024;
/// How much the peak resident set may grow while 64 MiB streams one way: a quarter of it.
const MEMORY_BUDGET: u64 = 16 * 1024 * 1024;
/// Keys listed through the paginator (three pages of at most 1,000).
const LISTED: usize = 2500;

fn client(url: &str) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDMOTO", "moto-secret", None))
        .endpoint_url(url)
        .force_path_style(true)
        .retry(RetryConfig { max_attempts: 2, initial_backoff: Duration::from_millis(10), ..Default::default() })
        .build();
    Client::new(config)
}

#[tokio::test]
#[ignore = "needs a moto server: `cargo xtask test` starts one and runs this"]
async fn s3_buckets_objects_streams_multipart_presigning_and_errors() {
    let url = std::env::var("AWSGEN_MOTO_URL").expect("AWSGEN_MOTO_URL: run through `cargo xtask test`");
    let s3 = client(&url);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let bucket = format!("awsgen-live-{}", nanos % 1_000_000_000);
    s3.create_bucket().bucket(&bucket).send().await.expect("CreateBucket");
    s3.wait_until_bucket_exists().bucket(&bucket).wait(Duration::from_secs(30)).await.expect("bucket exists");

    keys_round_trip(&s3, &bucket).await;
    big_object_streams_both_ways(&s3, &bucket).await;
    multipart_upload(&s3, &bucket).await;
    crc32c_checksum_round_trip(&s3, &bucket).await;
    presigned_get_and_put(&s3, &bucket).await;
    typed_errors(&s3, &bucket).await;
    paginated_listing(&s3, &bucket).await;
}

/// Keys with spaces, `+`, unicode, `..`, `//` and a leading slash are stored and read back
/// under exactly the key written.
async fn keys_round_trip(s3: &Client, bucket: &str) {
    let keys =
        ["with space.txt", "plus+sign", "ünïcödé/日本.txt", "a/../b", "double//slash", "/leading", "q?uery&x=1#frag"];
    for key in keys {
        s3.put_object()
            .bucket(bucket)
            .key(key)
            .body(ByteStream::from(key.as_bytes().to_vec()))
            .send()
            .await
            .unwrap_or_else(|e| panic!("PutObject {key:?}: {e:?}"));
        let out =
            s3.get_object().bucket(bucket).key(key).send().await.unwrap_or_else(|e| panic!("GetObject {key:?}: {e:?}"));
        assert_eq!(out.body.expect("a body").collect().await.unwrap(), key.as_bytes(), "the body stored under {key:?}");
    }
    let listed = s3.list_objects_v2().bucket(bucket).send().await.expect("ListObjectsV2");
    let mut names: Vec<String> = listed.contents.unwrap_or_default().into_iter().filter_map(|o| o.key).collect();
    names.sort();
    let mut expected: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    expected.sort();
    assert_eq!(names, expected, "every key listed exactly as written");
}

/// The process's peak resident set in bytes (`VmHWM`).
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("VmHWM");
    line.split_whitespace().nth(1).and_then(|kb| kb.parse::<u64>().ok()).expect("VmHWM value") * 1024
}

/// 64 MiB written to a file, uploaded from it and downloaded chunk by chunk, hashed on both
/// sides; the peak resident set grows by less than [`MEMORY_BUDGET`] each way.
async fn big_object_streams_both_ways(s3: &Client, bucket: &str) {
    let dir = std::env::temp_dir().join(format!("awsgen-live-s3-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.bin");
    let mut hasher = Sha256::new();
    {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let mut block = vec![0u8; 1024 * 1024];
        for i in 0..BIG / block.len() {
            for (j, b) in block.iter_mut().enumerate() {
                *b = ((i * 7 + j * 13) % 251) as u8;
            }
            hasher.update(&block);
            file.write_all(&block).unwrap();
        }
        file.flush().unwrap();
    }
    let sent_hash = hasher.finalize();

    let before = peak_rss();
    let body = ByteStream::from_path(&path).expect("the file");
    assert_eq!(body.content_length(), Some(BIG as u64));
    s3.put_object().bucket(bucket).key("big.bin").body(body).send().await.expect("PutObject 64 MiB");
    let up = peak_rss() - before;
    assert!(up < MEMORY_BUDGET, "uploading 64 MiB grew the peak RSS by {up} bytes");

    let before = peak_rss();
    let mut out = s3.get_object().bucket(bucket).key("big.bin").send().await.expect("GetObject 64 MiB");
    assert_eq!(out.content_length, Some(BIG as i64));
    let (mut hasher, mut got, mut largest) = (Sha256::new(), 0usize, 0usize);
    let mut body = out.body.take().expect("a body");
    while let Some(chunk) = body.next().await {
        let chunk = chunk.expect("a chunk");
        got += chunk.len();
        largest = largest.max(chunk.len());
        hasher.update(&chunk);
    }
    let down = peak_rss() - before;
    assert_eq!(got, BIG);
    assert_eq!(hasher.finalize(), sent_hash, "the object read back is the file sent");
    assert!(down < MEMORY_BUDGET, "downloading 64 MiB grew the peak RSS by {down} bytes (largest chunk {largest})");
    println!(
        "64 MiB: peak RSS +{} KiB uploading, +{} KiB downloading; largest chunk {largest} bytes",
        up / 1024,
        down / 1024
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Three parts (5 MiB, 5 MiB, 1 KiB: S3's minimum for all but the last) uploaded and
/// completed; the object is their concatenation.
async fn multipart_upload(s3: &Client, bucket: &str) {
    let created =
        s3.create_multipart_upload().bucket(bucket).key("parts.bin").send().await.expect("CreateMultipartUpload");
    let upload_id = created.upload_id.expect("an upload id");
    let sizes = [5 * 1024 * 1024, 5 * 1024 * 1024, 1024];
    let mut parts = Vec::new();
    let mut whole = Vec::new();
    for (i, size) in sizes.into_iter().enumerate() {
        let data: Vec<u8> = (0..size).map(|j| ((i + j) % 256) as u8).collect();
        whole.extend_from_slice(&data);
        let number = i as i32 + 1;
        let out = s3
            .upload_part()
            .bucket(bucket)
            .key("parts.bin")
            .upload_id(&upload_id)
            .part_number(number)
            .body(ByteStream::from(data))
            .send()
            .await
            .unwrap_or_else(|e| panic!("UploadPart {number}: {e:?}"));
        parts.push(CompletedPart {
            e_tag: Some(out.e_tag.expect("a part ETag")),
            part_number: Some(number),
            ..Default::default()
        });
    }
    let done = s3
        .complete_multipart_upload()
        .bucket(bucket)
        .key("parts.bin")
        .upload_id(&upload_id)
        .multipart_upload(CompletedMultipartUpload { parts: Some(parts) })
        .send()
        .await
        .expect("CompleteMultipartUpload");
    assert!(
        done.e_tag.as_deref().is_some_and(|e| e.ends_with("-3\"")),
        "a multipart ETag names its 3 parts: {:?}",
        done.e_tag
    );
    let head = s3.head_object().bucket(bucket).key("parts.bin").send().await.expect("HeadObject");
    assert_eq!(head.content_length, Some(whole.len() as i64));
    let got = s3
        .get_object()
        .bucket(bucket)
        .key("parts.bin")
        .send()
        .await
        .expect("GetObject")
        .body
        .expect("a body")
        .collect()
        .await
        .unwrap();
    assert!(got == whole, "the object is the three parts in order");
}

/// An upload with a CRC32C checksum: moto stores it, and a download asking for checksums
/// validates the body against it.
async fn crc32c_checksum_round_trip(s3: &Client, bucket: &str) {
    let data = b"The quick brown fox jumps over the lazy dog".to_vec();
    let put = s3
        .put_object()
        .bucket(bucket)
        .key("checked.txt")
        .checksum_algorithm(ChecksumAlgorithm::Crc32c)
        .body(ByteStream::from(data.clone()))
        .send()
        .await
        .expect("PutObject with CRC32C");
    // CRC-32C of the pangram is 0x22620404 (the reveng catalogue's check value is for "123456789").
    assert_eq!(put.checksum_crc32c.as_deref(), Some("ImIEBA=="), "the stored checksum is the one we computed");
    let got = s3
        .get_object()
        .bucket(bucket)
        .key("checked.txt")
        .checksum_mode(ChecksumMode::Enabled)
        .send()
        .await
        .expect("GetObject");
    assert_eq!(got.checksum_crc32c.as_deref(), Some("ImIEBA=="));
    assert_eq!(got.body.expect("a body").collect().await.expect("validated as read"), data);
}

/// A presigned PUT and GET, sent as plain HTTP/1.1 over a TCP socket: the server accepts
/// both, and the GET returns what the PUT stored.
async fn presigned_get_and_put(s3: &Client, bucket: &str) {
    let presigning = PresigningConfig::expires_in(Duration::from_secs(300)).unwrap();
    let put = s3.put_object().bucket(bucket).key("presigned.txt").presigned(presigning).await.expect("presign PUT");
    let (status, _) = plain_http(&put.method, &put.url, &put.headers, b"sent without a client");
    assert_eq!(status, 200, "the presigned PUT is accepted");
    let get = s3.get_object().bucket(bucket).key("presigned.txt").presigned(presigning).await.expect("presign GET");
    let (status, body) = plain_http(&get.method, &get.url, &get.headers, b"");
    assert_eq!((status, body.as_slice()), (200, b"sent without a client".as_slice()));
}

/// One HTTP/1.1 request on a fresh connection (`Connection: close`); the status and body.
fn plain_http(method: &str, url: &str, headers: &[(String, String)], body: &[u8]) -> (u16, Vec<u8>) {
    let rest = url.strip_prefix("http://").expect("a loopback http URL");
    let (authority, target) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut conn = std::net::TcpStream::connect(authority).expect("connect");
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nhost: {authority}\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    conn.write_all(head.as_bytes()).unwrap();
    conn.write_all(body).unwrap();
    let mut reply = Vec::new();
    conn.read_to_end(&mut reply).unwrap();
    let split = reply.windows(4).position(|w| w == b"\r\n\r\n").expect("a reply head");
    let head = String::from_utf8_lossy(&reply[..split]).to_string();
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("a status");
    let mut body = reply[split + 4..].to_vec();
    if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    (status, body)
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n").expect("a chunk size line");
        let size = usize::from_str_radix(std::str::from_utf8(&data[..line_end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[line_end + 2..line_end + 2 + size]);
        data = &data[line_end + 4 + size..];
    }
}

/// `NoSuchKey` and `NoSuchBucket` come back as their typed variants, and a bodiless 404 from
/// `HeadObject` as `NoSuchKey`.
async fn typed_errors(s3: &Client, bucket: &str) {
    match s3.get_object().bucket(bucket).key("missing").send().await {
        Err(SdkError::Service(GetObjectError::NoSuchKey(e))) => {
            assert_eq!((e.meta.code.as_str(), e.meta.status), ("NoSuchKey", 404))
        }
        other => panic!("expected NoSuchKey, got {other:?}"),
    }
    match s3.head_object().bucket(bucket).key("missing").send().await {
        Err(SdkError::Service(HeadObjectError::NoSuchKey(e))) => assert_eq!(e.meta.status, 404),
        other => panic!("expected HeadObject's NoSuchKey, got {other:?}"),
    }
    match s3.list_objects_v2().bucket("awsgen-no-such-bucket").send().await {
        Err(SdkError::Service(ListObjectsV2Error::NoSuchBucket(e))) => {
            assert_eq!((e.meta.code.as_str(), e.meta.status), ("NoSuchBucket", 404))
        }
        other => panic!("expected NoSuchBucket, got {other:?}"),
    }
}

/// 2,500 keys (written 50 at a time) listed through the `ListObjectsV2` paginator in pages
/// of 1,000: three pages, every key once, in order.
async fn paginated_listing(s3: &Client, bucket: &str) {
    let keys: Vec<String> = (0..LISTED).map(|i| format!("many/{i:05}")).collect();
    for batch in keys.chunks(50) {
        let mut tasks = Vec::new();
        for key in batch {
            let (s3, bucket, key) = (s3.clone(), bucket.to_string(), key.clone());
            tasks.push(tokio::spawn(async move {
                s3.put_object().bucket(bucket).key(&key).body(ByteStream::from(key.clone().into_bytes())).send().await
            }));
        }
        for task in tasks {
            task.await.unwrap().expect("PutObject");
        }
    }
    let mut pages = s3.list_objects_v2().bucket(bucket).prefix("many/").into_paginator().page_size(1000).send();
    let (mut listed, mut page_count) = (Vec::new(), 0);
    while let Some(page) = pages.next().await {
        let page = page.expect("a page");
        page_count += 1;
        listed.extend(page.contents.unwrap_or_default().into_iter().filter_map(|o| o.key));
    }
    assert_eq!(page_count, 3, "2,500 keys in pages of 1,000");
    assert_eq!(listed, keys, "every key once, in order");
}
