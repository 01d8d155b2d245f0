//! S3's signing rules ([`SigningSettings::S3`]) against the worked examples of the S3 API
//! Reference (see `tests/data/s3-signing/PROVENANCE.md`), and S3 keys that must be signed
//! exactly as sent: `..`, `//`, leading slashes, spaces, `+` and non-ASCII characters.

use awsgen_runtime::credentials::Credentials;
use awsgen_runtime::http::HttpRequest;
use awsgen_runtime::protocol::rest::push_greedy_label;
use awsgen_runtime::sigv4::{self, SigningParams, SigningSettings};
use awsgen_runtime::time::DateTime;

/// 2013-05-24T00:00:00Z, the examples' signing time.
const TIME: i64 = 1_369_353_600;
/// The SHA-256 of an empty body.
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

fn credentials() -> Credentials {
    Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", None)
}

fn params(credentials: &Credentials) -> SigningParams<'_> {
    SigningParams {
        credentials,
        region: "us-east-1",
        service: "s3",
        time: DateTime::from_secs(TIME),
        settings: SigningSettings::S3,
    }
}

fn request(method: &str, path_and_query: &str, headers: &[(&str, &str)], body: &[u8]) -> HttpRequest {
    HttpRequest {
        method: method.to_owned(),
        url: format!("https://examplebucket.s3.amazonaws.com{path_and_query}"),
        headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        body: body.to_vec(),
    }
}

/// Signs `request` by S3's rules and returns its `SignedHeaders` list and signature.
fn sign(mut request: HttpRequest) -> (HttpRequest, String, String) {
    let credentials = credentials();
    sigv4::sign(&mut request, &params(&credentials)).expect("signs");
    let authorization = request.header("authorization").expect("authorization").to_owned();
    assert!(
        authorization
            .starts_with("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "),
        "{authorization}"
    );
    let field = |name: &str| {
        authorization.split(", ").find_map(|part| part.strip_prefix(name)).expect("field present").to_owned()
    };
    (request.clone(), field("SignedHeaders="), field("Signature="))
}

#[test]
fn get_object_example() {
    let (signed, headers, signature) = sign(request("GET", "/test.txt", &[("Range", "bytes=0-9")], b""));
    assert_eq!(headers, "host;range;x-amz-content-sha256;x-amz-date");
    assert_eq!(signature, "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    // The payload hash is sent, not only signed.
    assert_eq!(signed.header("x-amz-content-sha256"), Some(EMPTY_SHA256));
}

#[test]
fn put_object_example_with_a_character_to_escape() {
    let headers = [("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-storage-class", "REDUCED_REDUNDANCY")];
    let body = b"Welcome to Amazon S3.";
    // The key `test$file.text` as a client sends it (escaped) and written raw: one canonical URI.
    for path in ["/test%24file.text", "/test$file.text"] {
        let (signed, names, signature) = sign(request("PUT", path, &headers, body));
        assert_eq!(names, "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class", "{path}");
        assert_eq!(signature, "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd", "{path}");
        assert_eq!(
            signed.header("x-amz-content-sha256"),
            Some("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        );
    }
}

#[test]
fn get_bucket_lifecycle_example() {
    let (_, names, signature) = sign(request("GET", "/?lifecycle", &[], b""));
    assert_eq!(names, "host;x-amz-content-sha256;x-amz-date");
    assert_eq!(signature, "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
}

#[test]
fn list_objects_example() {
    let (_, names, signature) = sign(request("GET", "/?max-keys=2&prefix=J", &[], b""));
    assert_eq!(names, "host;x-amz-content-sha256;x-amz-date");
    assert_eq!(signature, "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

#[test]
fn a_payload_hash_on_the_request_is_signed_as_given() {
    let unsigned = [("x-amz-content-sha256", "UNSIGNED-PAYLOAD")];
    let (signed, _, signature) = sign(request("PUT", "/test.txt", &unsigned, b"any body"));
    assert_eq!(signed.header("x-amz-content-sha256"), Some("UNSIGNED-PAYLOAD"));
    let canonical = sigv4::canonical_request_with(&signed, &SigningSettings::S3).unwrap();
    assert!(canonical.ends_with("\nUNSIGNED-PAYLOAD"), "{canonical}");
    // The body does not enter the signature.
    let (_, _, other) = sign(request("PUT", "/test.txt", &unsigned, b"another body"));
    assert_eq!(signature, other);
}

#[test]
fn default_settings_send_no_payload_hash_header() {
    let credentials = credentials();
    let mut req = request("GET", "/test.txt", &[], b"");
    sigv4::sign(&mut req, &SigningParams { settings: SigningSettings::DEFAULT, ..params(&credentials) }).unwrap();
    assert_eq!(req.header("x-amz-content-sha256"), None);
}

/// S3's canonical URI of a key: `/bucket/` and the key URI-encoded once, `/` kept (the S3
/// API Reference's `UriEncode(<key>, encodeSlash = false)`), written out independently of the
/// signer.
fn s3_canonical_path(key: &str) -> String {
    let mut out = String::from("/bucket/");
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[test]
fn keys_are_signed_exactly_as_sent() {
    let keys = [
        "a/../b",
        "../../etc/passwd",
        "a//b",
        "/leading/slash",
        "//two-leading",
        "trailing/",
        "./dot",
        "with space",
        "plus+sign",
        "percent%20literal",
        "unicode-ሴ-é-🦀",
        "question?and#hash",
        "~tilde",
    ];
    for key in keys {
        let mut path = String::from("/bucket/");
        push_greedy_label(&mut path, "Key", key).unwrap();
        let req = request("GET", &path, &[], b"");
        let canonical = sigv4::canonical_request_with(&req, &SigningSettings::S3).unwrap();
        let uri = canonical.lines().nth(1).unwrap();
        assert_eq!(uri, s3_canonical_path(key), "key {key:?} sent as {path:?}");
        // The default rules would have signed another path: they normalize and double-encode.
        let default = sigv4::canonical_request(&req).unwrap();
        let changed_by_default = ["..", "//", "./", "%"].iter().any(|s| path.contains(s));
        assert_eq!(default.lines().nth(1).unwrap() != uri, changed_by_default, "key {key:?}");
    }
}
