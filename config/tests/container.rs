//! The container credentials provider against a loopback endpoint written here (an
//! `AWS_CONTAINER_CREDENTIALS_FULL_URI` on 127.0.0.1, as local agents use): the authorization
//! token from a real file (read on every fetch) or the variable, retries, and an endpoint
//! that is down, slow or answers garbage. Every failure names the provider and the variable or
//! file at fault, and no secret (secret key, session token, authorization token) reaches an
//! error's or credentials' Display or Debug.

mod loopback;

use std::path::PathBuf;
use std::time::{Duration, UNIX_EPOCH};

use awsgen_config::container::{
    ContainerCredentialsProviderBuilder, AUTH_TOKEN_FILE_VAR, AUTH_TOKEN_VAR, FULL_URI_VAR,
};
use awsgen_config::{ContainerCredentialsProvider, ProviderConfig, MAX_REPLY_LEN};
use awsgen_runtime::credentials::{CredentialsError, CredentialsErrorKind};
use loopback::{assert_no_secret, config, refused_url, reply, truncated, Act, Counting, LocalServer, MakeAct};

const AUTH: &str = "auth-token-eyJhbGciOiJSUzI1NiIs";
const SECRET: &str = "container-secret-wJalrXUtnFEMI";
const SESSION: &str = "container-session-IQoJb3JpZ2lu";
const SECRETS: &[&str] = &[AUTH, SECRET, SESSION];

fn document() -> String {
    format!(
        r#"{{"RoleArn": "arn:aws:iam::123456789012:role/task", "AccessKeyId": "ASIACONTAINER",
            "SecretAccessKey": "{SECRET}", "Token": "{SESSION}", "AccountId": "123456789012",
            "Expiration": "2031-09-21T04:16:53Z"}}"#
    )
}

/// A fresh directory for this test's files.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("awsgen-container-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A provider of `url/creds` with `vars`, fast retries and short timeouts.
fn builder(url: &str, vars: &[(&str, &str)]) -> ContainerCredentialsProviderBuilder {
    let full = format!("{url}/creds");
    let mut all = vec![(FULL_URI_VAR, full.as_str())];
    all.extend_from_slice(vars);
    ContainerCredentialsProvider::builder(config(&all))
        .backoff(Duration::from_millis(1))
        .attempt_timeout(Duration::from_millis(500))
}

fn provider(url: &str) -> ContainerCredentialsProvider {
    builder(url, &[]).build()
}

fn check(err: &CredentialsError, kind: CredentialsErrorKind, why: &str) {
    let text = err.to_string();
    assert_eq!(err.kind(), kind, "{text}");
    assert!(text.starts_with("ContainerCredentialsProvider: "), "{text}");
    assert!(text.contains(why), "expected {why:?} in: {text}");
    assert_no_secret(&text, SECRETS);
    assert_no_secret(&format!("{err:?}"), SECRETS);
}

#[tokio::test]
async fn credentials_come_with_the_token_of_the_file_read_on_every_fetch() {
    let server = LocalServer::start(|_, _| reply(200, &[("content-type", "application/json")], &document())).await;
    let dir = temp_dir("token");
    let file = dir.join("token.jwt");
    std::fs::write(&file, format!("{AUTH}-1\n")).unwrap();
    let path = file.to_str().unwrap();
    // The file wins over the variable.
    let provider = builder(&server.url, &[(AUTH_TOKEN_FILE_VAR, path), (AUTH_TOKEN_VAR, "unused")]).build();
    let creds = provider.credentials().await.unwrap();
    assert_eq!(
        (creds.access_key_id(), creds.secret_access_key(), creds.session_token()),
        ("ASIACONTAINER", SECRET, Some(SESSION))
    );
    assert_eq!(creds.account_id(), Some("123456789012"));
    assert_eq!(creds.expiry().unwrap().duration_since(UNIX_EPOCH).unwrap().as_secs(), 1_947_730_613);
    assert_no_secret(&format!("{creds:?} {provider:?}"), SECRETS);

    std::fs::write(&file, format!("{AUTH}-2")).unwrap();
    provider.credentials().await.unwrap();
    let seen = server.seen();
    let auth: Vec<_> = seen.iter().map(|s| s.header("authorization").unwrap().to_owned()).collect();
    assert_eq!(auth, [format!("{AUTH}-1"), format!("{AUTH}-2")]);
    assert!(seen.iter().all(|s| s.path == "/creds" && s.header("accept") == Some("application/json")));

    // The file gone: an error naming the variable and the file.
    std::fs::remove_file(&file).unwrap();
    let err = provider.credentials().await.unwrap_err();
    check(
        &err,
        CredentialsErrorKind::InvalidConfiguration,
        &format!("{AUTH_TOKEN_FILE_VAR} {path}: the token file could not be read"),
    );
    assert_eq!(server.seen().len(), 2, "no request without the token");
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn the_token_variable_is_used_and_line_breaks_are_refused() {
    let server = LocalServer::start(|_, _| reply(200, &[], &document())).await;
    let provider = builder(&server.url, &[(AUTH_TOKEN_VAR, AUTH)]).build();
    let creds = provider.credentials().await.unwrap();
    assert_eq!(server.seen()[0].header("authorization"), Some(AUTH));
    assert_no_secret(&format!("{creds:?} {provider:?}"), SECRETS);

    let injected = format!("{AUTH}\r\nx-injected: yes");
    let err = builder(&server.url, &[(AUTH_TOKEN_VAR, &injected)]).build().credentials().await.unwrap_err();
    check(
        &err,
        CredentialsErrorKind::InvalidConfiguration,
        &format!("{AUTH_TOKEN_VAR}: the token contains a line break"),
    );

    let dir = temp_dir("crlf");
    let file = dir.join("token");
    std::fs::write(&file, format!("{AUTH}\nsecond line\n")).unwrap();
    let err =
        builder(&server.url, &[(AUTH_TOKEN_FILE_VAR, file.to_str().unwrap())]).build().credentials().await.unwrap_err();
    check(&err, CredentialsErrorKind::InvalidConfiguration, "the token contains a line break");
    assert_eq!(server.seen().len(), 1);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn server_errors_are_retried_and_client_errors_are_not() {
    let server =
        LocalServer::start(|_, n| if n < 2 { reply(503, &[], "busy") } else { reply(200, &[], &document()) }).await;
    provider(&server.url).credentials().await.unwrap();
    assert_eq!(server.seen().len(), 3);

    let server =
        LocalServer::start(|_, _| reply(403, &[], r#"{"code": "AccessDenied", "message": "bad token"}"#)).await;
    let err = provider(&server.url).credentials().await.unwrap_err();
    check(&err, CredentialsErrorKind::ProviderError, "/creds: HTTP 403: {\"code\": \"AccessDenied\"");
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn an_endpoint_that_is_down_is_an_error_after_the_retries() {
    let url = refused_url().await;
    let transport = Counting::default();
    let sent = transport.sent.clone();
    let env = awsgen_runtime::profile::Environment::from_vars([(FULL_URI_VAR, format!("{url}/creds"))]);
    let provider = ContainerCredentialsProvider::builder(ProviderConfig::new(env).with_http_client(transport))
        .backoff(Duration::from_millis(1))
        .build();
    let err = provider.credentials().await.unwrap_err();
    check(&err, CredentialsErrorKind::ProviderError, "after 3 attempts");
    assert_eq!(sent.load(std::sync::atomic::Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_slow_endpoint_times_out() {
    let server = LocalServer::start(|_, _| Act::Hang).await;
    let provider = builder(&server.url, &[]).attempt_timeout(Duration::from_millis(200)).build();
    let err = provider.credentials().await.unwrap_err();
    check(&err, CredentialsErrorKind::ProviderError, "no complete reply within 200 ms");
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn garbage_replies_are_errors() {
    let too_large = format!("longer than {MAX_REPLY_LEN} bytes");
    let cases: Vec<(MakeAct, &str)> = vec![
        (|| reply(200, &[], "<html>hello</html>"), "not a JSON object"),
        (|| reply(200, &[], &document()[..120]), "not a JSON object"),
        (|| reply(200, &[], &document().replace("AccessKeyId", "AccessKey")), "no AccessKeyId"),
        (|| reply(200, &[], &document().replace("2031-09-21", "tomorrow")), "not an RFC 3339 time"),
        (|| truncated(400, &document()[..50]), "after 3 attempts"),
        (|| Act::Endless { declared: Some(1 << 40) }, &too_large),
        (|| Act::Endless { declared: None }, &too_large),
    ];
    for (act, why) in cases {
        let server = LocalServer::start(move |_, _| act()).await;
        let err = provider(&server.url).credentials().await.unwrap_err();
        check(&err, CredentialsErrorKind::ProviderError, why);
    }
}

#[tokio::test]
async fn the_uri_variables_decide_whether_it_is_configured() {
    let err = ContainerCredentialsProvider::new(config(&[])).credentials().await.unwrap_err();
    check(&err, CredentialsErrorKind::NotLoaded, "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor");

    for (uri, why) in [
        ("http://169.254.169.254/latest/meta-data/", "is not allowed"),
        ("http://example.com/creds", "is not allowed"),
        ("http://127.0.0.1:80 80/creds", "not allowed in a URL"),
    ] {
        let err = ContainerCredentialsProvider::new(config(&[(FULL_URI_VAR, uri)])).credentials().await.unwrap_err();
        check(&err, CredentialsErrorKind::InvalidConfiguration, &format!("{FULL_URI_VAR}: "));
        assert!(err.to_string().contains(why), "{err}");
    }
}
