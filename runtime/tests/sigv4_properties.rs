//! SigV4 properties the AWS test suite does not pin down on its own: session tokens, the
//! `x-amz-date` header, the payload hash of a form body, and that no secret leaks through
//! `Debug` or `Display`.
//!
//! Signatures are checked against an independent derivation written here from the
//! specification (HMAC chain over date, region, service, `aws4_request`), not against values
//! the signer produced.

use awsgen_runtime::credentials::Credentials;
use awsgen_runtime::http::HttpRequest;
use awsgen_runtime::sigv4::{self, SigningParams, SigningSettings};
use awsgen_runtime::time::DateTime;
use awsgen_runtime::{Config, HyperClient};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

const KEY_ID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLETOKEN//////////wEaCXVzLWVhc3QtMSJHMEUCIQ";
/// 2015-08-30T12:36:00Z.
const TIME: i64 = 1_440_938_160;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// The signature of a string to sign, derived from the specification.
fn expected_signature(string_to_sign: &str, date: &str, region: &str, service: &str) -> String {
    let k_date = hmac(format!("AWS4{SECRET}").as_bytes(), date);
    let k_region = hmac(&k_date, region);
    let k_service = hmac(&k_region, service);
    let k_signing = hmac(&k_service, "aws4_request");
    hex(&hmac(&k_signing, string_to_sign))
}

fn form_request(body: &str) -> HttpRequest {
    HttpRequest {
        method: "POST".into(),
        url: "https://elasticache.us-east-1.amazonaws.com/".into(),
        headers: vec![("content-type".into(), "application/x-www-form-urlencoded; charset=utf-8".into())],
        body: body.as_bytes().to_vec(),
    }
}

fn all<'a>(request: &'a HttpRequest, name: &str) -> Vec<&'a str> {
    request.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect()
}

/// Signs and checks the signature against the independent derivation; returns the canonical
/// request.
fn sign_and_verify(request: &mut HttpRequest, credentials: &Credentials) -> String {
    let params = SigningParams {
        credentials,
        region: "us-east-1",
        service: "elasticache",
        time: DateTime::from_secs(TIME),
        settings: SigningSettings::DEFAULT,
    };
    sigv4::sign(request, &params).unwrap();
    let canonical = sigv4::canonical_request(request).unwrap();
    let sts = sigv4::string_to_sign(&canonical, &params);
    assert_eq!(
        sts,
        format!(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/elasticache/aws4_request\n{}",
            hex(&Sha256::digest(canonical.as_bytes()))
        )
    );
    let authorization = request.header("authorization").unwrap();
    let signature = authorization.rsplit_once("Signature=").unwrap().1;
    assert_eq!(signature, expected_signature(&sts, "20150830", "us-east-1", "elasticache"));
    canonical
}

#[test]
fn a_session_token_is_sent_and_signed() {
    let credentials = Credentials::new(KEY_ID, SECRET, Some(TOKEN.into()));
    let mut request = form_request("Action=DescribeCacheClusters&Version=2015-02-02");
    let canonical = sign_and_verify(&mut request, &credentials);
    assert_eq!(all(&request, "x-amz-security-token"), [TOKEN]);
    assert!(canonical.contains(&format!("\nx-amz-security-token:{TOKEN}\n")), "{canonical}");
    let authorization = request.header("authorization").unwrap();
    assert!(
        authorization.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,"),
        "{authorization}"
    );
    assert!(authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/elasticache/"));
}

/// A token header already on the request is replaced by the credentials' token, or removed
/// when the credentials have none: a stale token is never sent.
#[test]
fn a_stale_token_header_is_replaced_or_removed() {
    let mut request = form_request("x=1");
    request.headers.push(("X-Amz-Security-Token".into(), "stale".into()));
    sign_and_verify(&mut request, &Credentials::new(KEY_ID, SECRET, Some(TOKEN.into())));
    assert_eq!(all(&request, "x-amz-security-token"), [TOKEN]);

    let mut request = form_request("x=1");
    request.headers.push(("x-amz-security-token".into(), "stale".into()));
    let canonical = sign_and_verify(&mut request, &Credentials::new(KEY_ID, SECRET, None));
    assert!(all(&request, "x-amz-security-token").is_empty());
    assert!(!canonical.contains("x-amz-security-token"), "{canonical}");
}

/// `x-amz-date` is the signing time in the basic ISO 8601 form; a date header the caller set
/// (in any case) is replaced, so exactly one goes out and it matches the credential scope.
#[test]
fn x_amz_date_is_the_signing_time_and_replaces_a_caller_date() {
    let credentials = Credentials::new(KEY_ID, SECRET, None);
    let mut request = form_request("x=1");
    request.headers.push(("X-Amz-Date".into(), "20000101T000000Z".into()));
    request.headers.push(("x-amz-date".into(), "not a date".into()));
    let canonical = sign_and_verify(&mut request, &credentials);
    assert_eq!(all(&request, "x-amz-date"), ["20150830T123600Z"]);
    assert!(canonical.contains("\nx-amz-date:20150830T123600Z\n"), "{canonical}");
    assert!(!canonical.contains("20000101"));

    // The form: 8 digits, `T`, 6 digits, `Z`, in UTC, for any time.
    for secs in [0, 951_782_400, 1_700_000_000, 4_102_444_799] {
        let date = DateTime::from_secs(secs).fmt_amz_date();
        let b = date.as_bytes();
        assert_eq!(b.len(), 16, "{date}");
        assert!(b[..8].iter().chain(&b[9..15]).all(u8::is_ascii_digit) && b[8] == b'T' && b[15] == b'Z', "{date}");
        assert!(date.starts_with(&DateTime::from_secs(secs).fmt_scope_date()));
    }
    assert_eq!(DateTime::from_secs(951_782_400).fmt_amz_date(), "20000229T000000Z");
}

/// An HTTP `Date` header the caller sets is an ordinary header: kept and signed; the
/// signature's time is still `x-amz-date`.
#[test]
fn a_date_header_is_signed_as_is() {
    let mut request = form_request("x=1");
    request.headers.push(("Date".into(), "Mon, 09 Sep 2011 23:36:00 GMT".into()));
    let canonical = sign_and_verify(&mut request, &Credentials::new(KEY_ID, SECRET, None));
    assert!(canonical.contains("\ndate:Mon, 09 Sep 2011 23:36:00 GMT\n"), "{canonical}");
    assert!(request.header("authorization").unwrap().contains("SignedHeaders=content-type;date;host;x-amz-date,"));
}

/// The canonical request ends with the SHA-256 of the exact body bytes, for form bodies with
/// encoded characters, for an empty body, and for bytes that are not UTF-8 (gzip).
#[test]
fn the_payload_hash_is_sha256_of_the_exact_body() {
    let credentials = Credentials::new(KEY_ID, SECRET, None);
    let bodies: [&[u8]; 4] = [
        b"Action=CopySnapshot&Version=2015-02-02&SourceSnapshotName=a&TargetSnapshotName=my%20copy%2F1",
        b"",
        b"Tags.Tag.1.Key=caf%C3%A9&Tags.Tag.1.Value=%E2%9C%93",
        &[0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00],
    ];
    for body in bodies {
        let mut request = form_request("");
        request.body = body.to_vec();
        let canonical = sign_and_verify(&mut request, &credentials);
        let payload_hash = canonical.rsplit('\n').next().unwrap();
        assert_eq!(payload_hash, hex(&Sha256::digest(body)), "{body:?}");
    }
    assert_eq!(
        hex(&Sha256::digest(b"")),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "the well-known hash of nothing"
    );
    // One byte more changes the signature.
    let mut a = form_request("x=1");
    let mut b = form_request("x=1 ");
    sign_and_verify(&mut a, &credentials);
    sign_and_verify(&mut b, &credentials);
    assert_ne!(a.header("authorization"), b.header("authorization"));
}

/// The secret key and session token appear in no `Debug` or `Display` output: credentials,
/// signing parameters, a signed request, a signing error, and a client configuration.
#[test]
fn secrets_never_appear_in_debug_or_display() {
    let credentials = Credentials::new(KEY_ID, SECRET, Some(TOKEN.into()));
    let params = SigningParams {
        credentials: &credentials,
        region: "us-east-1",
        service: "elasticache",
        time: DateTime::now(),
        settings: SigningSettings::DEFAULT,
    };
    let mut request = form_request("x=1");
    sigv4::sign(&mut request, &params).unwrap();
    let signature = request.header("authorization").unwrap().rsplit_once("Signature=").unwrap().1.to_owned();

    let bad = SigningParams { region: "us east 1", ..params };
    let error = sigv4::sign(&mut form_request("x=1"), &bad).unwrap_err();
    let config = Config::builder()
        .region("us-east-1")
        .credentials(credentials.clone())
        .http_client(HyperClient::new())
        .endpoint_url("http://127.0.0.1:1")
        .build();

    let shown = [
        format!("{credentials:?}"),
        format!("{params:?}"),
        format!("{request:?}"),
        format!("{error:?}"),
        format!("{error}"),
        format!("{config:?}"),
        format!("{config:#?}"),
    ];
    for text in &shown {
        assert!(!text.contains(SECRET), "secret key in {text}");
        assert!(!text.contains(TOKEN), "session token in {text}");
        assert!(!text.contains(&signature), "signature in {text}");
    }
    // What is shown still identifies the key and the request.
    assert!(shown[0].contains(KEY_ID) && shown[0].contains("redacted"), "{}", shown[0]);
    assert!(shown[2].contains("x-amz-date") && shown[2].contains("redacted"), "{}", shown[2]);
}
