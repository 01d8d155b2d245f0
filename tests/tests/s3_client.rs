//! The generated S3 client's request and reply handling offline, through the replaying
//! transport: where the bucket goes (virtual-hosted by default, the path's first segment with
//! `force_path_style`, never both), keys that must travel exactly as written, and a `GetObject`
//! whose body does not match its `x-amz-checksum-crc32c` header (moto never corrupts one, so this
//! reply is written here), which ends the stream with a typed error instead of handing out
//! untrusted bytes as a clean end.

use awsgen_runtime::body::StreamErrorKind;
use awsgen_runtime::credentials::Credentials;
use awsgen_runtime::http::HttpResponse;
use awsgen_runtime::retry::RetryConfig;
use awsgen_runtime::Config;
use awsgen_s3::types::ChecksumMode;
use awsgen_tests::ReplayClient;

fn client(reply: HttpResponse, path_style: bool) -> (awsgen_s3::Client, ReplayClient) {
    let transport = ReplayClient::new(vec![reply]);
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None))
        .retry(RetryConfig::disabled())
        .force_path_style(path_style)
        .http_client(transport.clone())
        .build();
    (awsgen_s3::Client::new(config), transport)
}

fn object_reply(body: &[u8], headers: &[(&str, &str)]) -> HttpResponse {
    let mut all =
        vec![("content-length".to_string(), body.len().to_string()), ("x-amz-request-id".into(), "rid-1".into())];
    all.extend(headers.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    HttpResponse { status: 200, headers: all, body: body.to_vec() }
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

#[test]
fn the_bucket_is_in_the_host_or_the_first_segment_never_both() {
    for (path_style, url) in [
        (false, "https://amzn-bucket.s3.us-east-1.amazonaws.com/photos/a%20b%2Bc/%C3%BC.jpg"),
        (true, "https://s3.us-east-1.amazonaws.com/amzn-bucket/photos/a%20b%2Bc/%C3%BC.jpg"),
    ] {
        let (s3, transport) = client(object_reply(b"x", &[]), path_style);
        rt().block_on(s3.get_object().bucket("amzn-bucket").key("photos/a b+c/ü.jpg").send()).expect("GetObject");
        let sent = transport.sent();
        assert_eq!(sent[0].url, url, "force_path_style({path_style})");
    }
}

#[test]
fn keys_with_dot_segments_and_slashes_are_sent_as_written() {
    for (key, path) in [
        ("a/../b", "/bkt/a/../b"),
        ("/leading", "/bkt//leading"),
        ("double//slash", "/bkt/double//slash"),
        ("./x", "/bkt/./x"),
    ] {
        let (s3, transport) = client(object_reply(b"x", &[]), true);
        rt().block_on(s3.get_object().bucket("bkt").key(key).send()).expect("GetObject");
        let url = &transport.sent()[0].url;
        assert_eq!(url.strip_prefix("https://s3.us-east-1.amazonaws.com"), Some(path), "key {key:?}");
    }
}

#[test]
fn a_body_that_does_not_match_its_crc32c_ends_in_a_checksum_error() {
    let data = b"The quick brown fox jumps over the lazy dog";
    // CRC-32C of the pangram is 0x22620404: "ImIEBA==". The corrupted reply claims another.
    for (header, good) in [("ImIEBA==", true), ("ImIEBQ==", false)] {
        let reply = object_reply(data, &[("x-amz-checksum-crc32c", header)]);
        let (s3, _) = client(reply, true);
        let result = rt().block_on(async {
            let out = s3.get_object().bucket("b").key("k").checksum_mode(ChecksumMode::Enabled).send().await?;
            Ok::<_, Box<dyn std::error::Error>>(out.body.expect("a body").collect().await)
        });
        match (good, result.expect("the call itself succeeds")) {
            (true, Ok(body)) => assert_eq!(body, data),
            (false, Err(e)) => {
                assert!(matches!(e.kind, StreamErrorKind::ChecksumMismatch { .. }), "{e:?}");
            }
            (good, other) => panic!("checksum {header} (good: {good}): {other:?}"),
        }
    }
}
