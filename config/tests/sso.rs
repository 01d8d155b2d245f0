//! `SsoCredentialsProvider` against a scripted transport and a real token cache in a temporary
//! home folder: the cached token used as it is, a token about to expire refreshed through
//! `CreateToken` and written back, a refresh that fails while the token is still valid, a
//! missing cache file, an expired legacy token, and a service error.

mod support;

use awsgen_config::profile_chain::SsoConfig;
use awsgen_config::sso::cache;
use awsgen_config::{ProviderConfig, SsoCredentialsProvider};
use awsgen_runtime::http::{HttpRequest, HttpResponse};
use awsgen_runtime::profile::Environment;
use awsgen_runtime::DateTime;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use support::{reply, Scripted};

const ROLE_CREDENTIALS: &str = r#"{"roleCredentials":{"accessKeyId":"ASIASSO","secretAccessKey":"sso-secret",
    "sessionToken":"sso-session-token","expiration":1893456000000}}"#;

fn session_sso() -> SsoConfig {
    SsoConfig {
        session_name: Some("my-sso".into()),
        region: "eu-west-1".into(),
        start_url: "https://d-123.awsapps.com/start".into(),
        account_id: Some("111122223333".into()),
        role_name: Some("Admin".into()),
    }
}

/// A home folder holding the cache entry `entry` for `key` (none when `None`), and the
/// provider reading it through `transport`, with every endpoint overridden.
fn setup(
    test: &str,
    key: &str,
    entry: Option<String>,
    sso: SsoConfig,
    transport: &Scripted,
) -> (SsoCredentialsProvider, PathBuf) {
    let home = support::temp_dir(test);
    let env = Environment::from_vars([
        ("HOME", home.to_str().unwrap()),
        ("AWS_ENDPOINT_URL", "http://sso.test"),
        ("AWS_MAX_ATTEMPTS", "1"),
    ]);
    let file = cache::cache_file(&env, key).unwrap();
    if let Some(entry) = entry {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, entry).unwrap();
    }
    let config = ProviderConfig::new(env).with_http_client(transport.clone());
    (SsoCredentialsProvider::new(config, "dev", sso).unwrap(), file)
}

fn rfc3339(t: SystemTime) -> String {
    DateTime::from(t).fmt_iso8601()
}

fn entry(expires_in: Duration, refresh: bool) -> String {
    let expires = rfc3339(SystemTime::now() + expires_in);
    let refresh = if refresh {
        let registration = rfc3339(SystemTime::now() + Duration::from_secs(90 * 86_400));
        format!(
            r#","refreshToken":"refresh-1","clientId":"client-1","clientSecret":"client-secret-1","registrationExpiresAt":"{registration}""#
        )
    } else {
        String::new()
    };
    format!(
        r#"{{"accessToken":"access-1","expiresAt":"{expires}","startUrl":"https://d-123.awsapps.com/start"{refresh}}}"#
    )
}

fn role_credentials_or(other: impl Fn(&HttpRequest) -> HttpResponse + Send + Sync + 'static) -> Scripted {
    Scripted::new(move |r| {
        if r.url.contains("/federation/credentials") {
            reply(200, &[("content-type", "application/json")], ROLE_CREDENTIALS)
        } else {
            other(r)
        }
    })
}

fn bearer(r: &HttpRequest) -> Option<&str> {
    r.header("x-amz-sso_bearer_token")
}

#[tokio::test]
async fn a_valid_cached_token_gets_the_role_credentials() {
    let transport = role_credentials_or(|r| panic!("unexpected request {r:?}"));
    let (provider, _) =
        setup("valid", "my-sso", Some(entry(Duration::from_secs(3600), true)), session_sso(), &transport);
    let credentials = provider.credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "ASIASSO");
    assert_eq!(credentials.secret_access_key(), "sso-secret");
    assert_eq!(credentials.session_token(), Some("sso-session-token"));
    assert_eq!(credentials.account_id(), Some("111122223333"));
    assert_eq!(credentials.expiry(), Some(UNIX_EPOCH + Duration::from_millis(1_893_456_000_000)));
    let requests = transport.requests();
    assert_eq!(requests.len(), 1);
    let get = &requests[0];
    assert_eq!(get.method, "GET");
    assert!(get.url.starts_with("http://sso.test/federation/credentials?"), "{}", get.url);
    assert!(get.url.contains("role_name=Admin") && get.url.contains("account_id=111122223333"), "{}", get.url);
    assert_eq!(bearer(get), Some("access-1"));
    assert!(!format!("{get:?}").contains("access-1"), "the bearer token is redacted in Debug: {get:?}");
}

#[tokio::test]
async fn a_token_about_to_expire_is_refreshed_and_written_back() {
    let transport = role_credentials_or(|r| {
        assert!(r.url.ends_with("/token"), "{}", r.url);
        reply(
            200,
            &[("content-type", "application/json")],
            r#"{"accessToken":"access-2","expiresIn":28800,"refreshToken":"refresh-2","tokenType":"Bearer"}"#,
        )
    });
    let (provider, file) =
        setup("refresh", "my-sso", Some(entry(Duration::from_secs(60), true)), session_sso(), &transport);
    let before = SystemTime::now();
    provider.credentials().await.unwrap();
    let requests = transport.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    // Both calls are unsigned: no keys in the environment, none sent.
    assert!(requests.iter().all(|r| r.header("authorization").is_none()), "{requests:?}");
    let create = &requests[0];
    assert_eq!(create.method, "POST");
    let body: serde_json::Value = serde_json::from_slice(&create.body).unwrap();
    assert_eq!(body["grantType"], "refresh_token");
    assert_eq!(body["refreshToken"], "refresh-1");
    assert_eq!(body["clientId"], "client-1");
    assert_eq!(body["clientSecret"], "client-secret-1");
    assert_eq!(bearer(&requests[1]), Some("access-2"));

    let written = cache::CachedToken::parse(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(written.access_token, "access-2");
    assert_eq!(written.refresh_token.as_deref(), Some("refresh-2"));
    assert!(written.expires_at >= before + Duration::from_secs(28_799), "{written:?}");
    let raw = std::fs::read_to_string(&file).unwrap();
    assert!(raw.contains(r#""startUrl":"https://d-123.awsapps.com/start""#), "other keys are kept: {raw}");
    // The next fetch uses the new token without refreshing again.
    provider.credentials().await.unwrap();
    let requests = transport.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(bearer(&requests[2]), Some("access-2"));
}

#[tokio::test]
async fn a_failed_refresh_falls_back_to_a_still_valid_token() {
    let transport = role_credentials_or(|_| {
        reply(
            400,
            &[("content-type", "application/json")],
            r#"{"error":"invalid_grant","__type":"InvalidGrantException"}"#,
        )
    });
    let (provider, file) =
        setup("fallback", "my-sso", Some(entry(Duration::from_secs(120), true)), session_sso(), &transport);
    let before = std::fs::read_to_string(&file).unwrap();
    provider.credentials().await.unwrap();
    let requests = transport.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(bearer(&requests[1]), Some("access-1"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before, "nothing written back");
}

#[tokio::test]
async fn a_missing_cache_file_is_named() {
    let transport = Scripted::new(|r| panic!("unexpected request {r:?}"));
    let (provider, file) = setup("missing", "my-sso", None, session_sso(), &transport);
    let err = provider.credentials().await.unwrap_err().to_string();
    assert!(err.contains("SsoCredentialsProvider"), "{err}");
    assert!(err.contains(&file.display().to_string()) && err.contains("not found"), "{err}");
    assert!(err.contains("aws sso login --sso-session my-sso"), "{err}");
    assert!(transport.requests().is_empty());
}

#[tokio::test]
async fn an_expired_legacy_token_cannot_be_refreshed() {
    let legacy = SsoConfig { session_name: None, ..session_sso() };
    let transport = Scripted::new(|r| panic!("unexpected request {r:?}"));
    let key = legacy.start_url.clone();
    let expired = format!(
        r#"{{"accessToken":"access-1","expiresAt":"{}"}}"#,
        rfc3339(SystemTime::now() - Duration::from_secs(10))
    );
    let (provider, file) = setup("legacy", &key, Some(expired), legacy, &transport);
    assert!(file.exists(), "the legacy entry is named by the start URL: {}", file.display());
    let err = provider.credentials().await.unwrap_err().to_string();
    assert!(err.contains("expired") && err.contains(&file.display().to_string()), "{err}");
    assert!(err.contains("aws sso login --profile dev"), "{err}");
    assert!(!err.contains("access-1"), "{err}");
    assert!(transport.requests().is_empty());
}

#[tokio::test]
async fn a_service_error_names_the_call_and_hides_the_token() {
    let transport = Scripted::new(|_| {
        reply(
            401,
            &[("content-type", "application/json"), ("x-amzn-errortype", "UnauthorizedException")],
            r#"{"message":"Session token not found or invalid"}"#,
        )
    });
    let (provider, _) =
        setup("unauthorized", "my-sso", Some(entry(Duration::from_secs(3600), false)), session_sso(), &transport);
    let err = provider.credentials().await.unwrap_err().to_string();
    assert!(err.contains("SsoCredentialsProvider") && err.contains("GetRoleCredentials"), "{err}");
    assert!(err.contains("111122223333") && err.contains("Admin") && err.contains("`dev`"), "{err}");
    assert!(err.contains("UnauthorizedException"), "{err}");
    assert!(!err.contains("access-1"), "{err}");
}

#[test]
fn a_profile_without_a_role_is_an_invalid_configuration() {
    let token_only = SsoConfig { account_id: None, role_name: None, ..session_sso() };
    let config = ProviderConfig::new(Environment::from_vars([("HOME", "/nonexistent")]));
    let err = SsoCredentialsProvider::new(config, "dev", token_only).unwrap_err();
    assert_eq!(err.kind(), awsgen_runtime::credentials::CredentialsErrorKind::InvalidConfiguration);
    let err = err.to_string();
    assert!(err.contains("SsoCredentialsProvider") && err.contains("`dev`") && err.contains("sso_account_id"), "{err}");
}
