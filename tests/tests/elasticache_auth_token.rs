//! ElastiCache IAM authentication tokens (`Client::iam_auth_token`): each token compared with
//! one this file derives on its own from the SigV4 specification (canonical request, string to
//! sign, signing key, with `hmac`/`sha2` here), with fixed credentials and a fixed time: a
//! replication group, a serverless cache, temporary credentials, a user id that needs encoding;
//! and the inputs refused before anything is signed.

use awsgen_elasticache::auth_token::TOKEN_EXPIRY;
use awsgen_elasticache::runtime::credentials::Credentials;
use awsgen_elasticache::{Client, Config, DateTime, SdkError};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
/// 2024-01-02T03:04:05Z.
const TIME: i64 = 1_704_164_645;
const AMZ_DATE: &str = "20240102T030405Z";

fn client(token: Option<&str>) -> Client {
    let config = Config::builder().region("us-east-1").credentials(Credentials::new(
        ACCESS_KEY,
        SECRET_KEY,
        token.map(str::to_owned),
    ));
    Client::new(config.build())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// The token SigV4 gives for `GET http://{host}/?{query}` presigned for 900 s in `region`:
/// `query` is the request's own parameters, already encoded, in the order the token lists them;
/// the `X-Amz-*` ones are added here. The canonical request sorts them all; the payload hash is
/// an empty body's, as non-S3 presigners sign it.
fn expected_token(host: &str, query: &[(&str, &str)], region: &str, session_token: Option<&str>) -> String {
    let scope = format!("20240102/{region}/elasticache/aws4_request");
    let mut pairs: Vec<(String, String)> = query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    pairs.push(("X-Amz-Algorithm".into(), "AWS4-HMAC-SHA256".into()));
    pairs.push(("X-Amz-Credential".into(), format!("{ACCESS_KEY}%2F{}", scope.replace('/', "%2F"))));
    pairs.push(("X-Amz-Date".into(), AMZ_DATE.into()));
    pairs.push(("X-Amz-Expires".into(), "900".into()));
    pairs.push(("X-Amz-SignedHeaders".into(), "host".into()));
    if let Some(token) = session_token {
        pairs.push(("X-Amz-Security-Token".into(), token.into()));
    }
    let join = |pairs: &[(String, String)]| pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
    let listed = join(&pairs);
    pairs.sort();
    let canonical = format!(
        "GET\n/\n{}\nhost:{host}\n\nhost\n{}",
        join(&pairs),
        hex(&Sha256::digest(b"")) // e3b0c442...: the empty body
    );
    let string_to_sign =
        format!("AWS4-HMAC-SHA256\n{AMZ_DATE}\n{scope}\n{}", hex(&Sha256::digest(canonical.as_bytes())));
    let mut key = hmac(format!("AWS4{SECRET_KEY}").as_bytes(), "20240102");
    for part in [region, "elasticache", "aws4_request"] {
        key = hmac(&key, part);
    }
    let signature = hex(&hmac(&key, &string_to_sign));
    format!("{host}/?{listed}&X-Amz-Signature={signature}")
}

#[tokio::test]
async fn replication_group_token_matches_the_specification() {
    let token = client(None)
        .iam_auth_token("my-replication-group", "app-user")
        .start_time(DateTime::from_secs(TIME))
        .generate()
        .await
        .unwrap();
    let expected =
        expected_token("my-replication-group", &[("Action", "connect"), ("User", "app-user")], "us-east-1", None);
    assert_eq!(token.as_str(), expected);
    assert!(!token.as_str().starts_with("http"), "the scheme is not part of the token");
    // The name as ElastiCache stores it: in lower case.
    let upper = client(None)
        .iam_auth_token("My-Replication-Group", "app-user")
        .start_time(DateTime::from_secs(TIME))
        .generate()
        .await
        .unwrap();
    assert_eq!(upper, token);
    assert_eq!(TOKEN_EXPIRY.as_secs(), 900);
}

#[tokio::test]
async fn serverless_cache_token_carries_its_resource_type() {
    let token = client(None)
        .iam_auth_token("my-serverless", "app-user")
        .serverless(true)
        .region("eu-west-1")
        .start_time(DateTime::from_secs(TIME))
        .generate()
        .await
        .unwrap();
    let query = [("Action", "connect"), ("User", "app-user"), ("ResourceType", "ServerlessCache")];
    assert_eq!(token.as_str(), expected_token("my-serverless", &query, "eu-west-1", None));
}

#[tokio::test]
async fn session_token_is_signed_into_the_query_and_redacted_from_debug() {
    let session = "FwoGZXIvYXdzE+/token=";
    let token = client(Some(session))
        .iam_auth_token("my-replication-group", "app-user")
        .start_time(DateTime::from_secs(TIME))
        .generate()
        .await
        .unwrap();
    let query = [("Action", "connect"), ("User", "app-user")];
    let encoded = "FwoGZXIvYXdzE%2B%2Ftoken%3D";
    assert_eq!(token.as_str(), expected_token("my-replication-group", &query, "us-east-1", Some(encoded)));
    let shown = format!("{token:?}");
    let signature = token.as_str().rsplit('=').next().unwrap();
    assert!(!shown.contains(signature) && !shown.contains(encoded), "{shown}");
    assert!(shown.contains("X-Amz-Signature=** redacted **"), "{shown}");
}

#[tokio::test]
async fn user_id_is_percent_encoded_as_sigv4_encodes_query_values() {
    let token = client(None)
        .iam_auth_token("my-replication-group", "team a/ü+1~x")
        .start_time(DateTime::from_secs(TIME))
        .generate()
        .await
        .unwrap();
    let query = [("Action", "connect"), ("User", "team%20a%2F%C3%BC%2B1~x")];
    assert_eq!(token.as_str(), expected_token("my-replication-group", &query, "us-east-1", None));
}

#[tokio::test]
async fn bad_inputs_fail_before_signing() {
    for name in ["", "my cache", "a/b", "cache.example", "-cache", &"c".repeat(64)] {
        match client(None).iam_auth_token(name, "u").generate().await {
            Err(SdkError::InvalidRequest(e)) => assert_eq!(e.member, "cache_name", "{name:?}"),
            other => panic!("{name:?}: {other:?}"),
        }
    }
    match client(None).iam_auth_token("cache", "").generate().await {
        Err(SdkError::InvalidRequest(e)) => assert_eq!(e.member, "user_id"),
        other => panic!("{other:?}"),
    }
    let no_region = Client::new(
        Config::builder()
            .environment(awsgen_elasticache::runtime::profile::Environment::from_vars([("HOME", "/nonexistent")]))
            .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
            .build(),
    );
    match no_region.iam_auth_token("cache", "u").generate().await {
        Err(SdkError::Config(e)) => assert!(e.message.contains("no region"), "{e}"),
        other => panic!("{other:?}"),
    }
    match client(None).iam_auth_token("cache", "u").region("us east").generate().await {
        Err(SdkError::Config(e)) => assert!(e.message.contains("invalid region"), "{e}"),
        other => panic!("{other:?}"),
    }
}
