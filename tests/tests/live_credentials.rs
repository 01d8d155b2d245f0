//! The credentials providers of awsgen-config live against moto: `AssumeRoleProvider` and
//! `WebIdentityTokenProvider` call moto's STS through the generated client, and the
//! credentials they return sign an STS `GetCallerIdentity` that moto answers with the assumed
//! role's identity. `cargo xtask test` starts the server and runs this with `AWSGEN_MOTO_URL`.

use awsgen_config::{AssumeRoleProvider, ProviderConfig, WebIdentityTokenProvider};
use awsgen_runtime::credentials::Credentials;
use awsgen_runtime::profile::Environment;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

const ROLE: &str = "arn:aws:iam::123456789012:role/awsgen-live";

fn moto_url() -> String {
    std::env::var("AWSGEN_MOTO_URL").expect("AWSGEN_MOTO_URL: run through `cargo xtask test`")
}

/// Variables every provider here reads: moto as every service's endpoint.
fn vars(extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut all = vec![("AWS_ENDPOINT_URL".to_string(), moto_url()), ("AWS_REGION".into(), "us-east-1".into())];
    all.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    all
}

/// `GetCallerIdentity` signed with `credentials`: the ARN moto says they belong to.
async fn caller_arn(credentials: Credentials) -> String {
    let config = awsgen_runtime::Config::builder()
        .environment(Environment::from_vars(vars(&[])))
        .region("us-east-1")
        .credentials(credentials)
        .build();
    let out = awsgen_sts::Client::new(config).get_caller_identity().send().await.expect("GetCallerIdentity");
    out.arn.expect("an Arn")
}

fn check_expiry(expiry: Option<SystemTime>) {
    let left = expiry.expect("an expiry").duration_since(SystemTime::now()).expect("expires in the future");
    assert!(left > Duration::from_secs(600) && left <= Duration::from_secs(12 * 3600), "{left:?}");
}

#[tokio::test]
#[ignore = "needs a moto server: `cargo xtask test` starts one and runs this"]
async fn assume_role_credentials_sign_a_call() {
    let config = ProviderConfig::new(Environment::from_vars(vars(&[]))).with_region(Some("us-east-1".into()));
    let source = Arc::new(Credentials::new("AKIDSOURCELIVE", "source-secret", None));
    let provider = AssumeRoleProvider::new(config, ROLE, source).session_name("live-assume").duration_seconds(3600);
    let credentials = provider.credentials().await.expect("AssumeRole against moto");
    assert_ne!(credentials.access_key_id(), "AKIDSOURCELIVE");
    assert!(credentials.session_token().is_some());
    assert_eq!(credentials.account_id(), Some("123456789012"));
    check_expiry(credentials.expiry());
    let arn = caller_arn(credentials).await;
    assert_eq!(arn, "arn:aws:sts::123456789012:assumed-role/awsgen-live/live-assume");
}

#[tokio::test]
#[ignore = "needs a moto server: `cargo xtask test` starts one and runs this"]
async fn web_identity_credentials_sign_a_call() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("live-credentials");
    std::fs::create_dir_all(&dir).unwrap();
    let token_file = dir.join("token.jwt");
    std::fs::write(&token_file, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhd3NnZW4ifQ.").unwrap();
    let env = Environment::from_vars(vars(&[
        ("AWS_WEB_IDENTITY_TOKEN_FILE", token_file.to_str().unwrap()),
        ("AWS_ROLE_ARN", ROLE),
        ("AWS_ROLE_SESSION_NAME", "live-web"),
    ]));
    let config = ProviderConfig::new(env).with_region(Some("us-east-1".into()));
    let provider = WebIdentityTokenProvider::from_env(config).expect("configured");
    let credentials = provider.credentials().await.expect("AssumeRoleWithWebIdentity against moto");
    assert_eq!(credentials.account_id(), Some("123456789012"));
    check_expiry(credentials.expiry());
    let arn = caller_arn(credentials).await;
    assert_eq!(arn, "arn:aws:sts::123456789012:assumed-role/awsgen-live/live-web");
}
