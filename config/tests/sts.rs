//! `AssumeRoleProvider` and `WebIdentityTokenProvider` against a scripted transport: what each
//! sends (parameters, the source credentials' signature, the STS region), what comes back
//! (keys, expiry, the account of the assumed role), and errors naming the provider, the role,
//! the file or the variable, never a secret.

mod support;

use awsgen_config::profile_chain::{RoleArn, WebIdentityToken};
use awsgen_config::{AssumeRoleProvider, ProviderConfig, WebIdentityTokenProvider};
use awsgen_runtime::credentials::{
    Credentials, CredentialsError, CredentialsErrorKind, ProvideCredentials, ProvideCredentialsFuture,
};
use awsgen_runtime::profile::Environment;
use awsgen_runtime::DateTime;
use std::sync::Arc;
use std::time::SystemTime;
use support::{param, reply, Scripted};

fn sts_reply(action: &str) -> String {
    format!(
        r#"<{action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><{action}Result>
  <Credentials><AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey>
    <SessionToken>role-token</SessionToken><Expiration>2031-05-06T07:08:09Z</Expiration></Credentials>
  <AssumedRoleUser><AssumedRoleId>AROAX:s</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/R/s</Arn></AssumedRoleUser>
</{action}Result><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></{action}Response>"#
    )
}

fn ok(action: &'static str) -> Scripted {
    Scripted::new(move |_| reply(200, &[("content-type", "text/xml")], &sts_reply(action)))
}

fn source() -> Arc<dyn ProvideCredentials> {
    Arc::new(Credentials::new("AKIDSOURCE", "source-secret", None))
}

fn config(vars: &[(&str, &str)], region: Option<&str>, transport: &Scripted) -> ProviderConfig {
    let mut all: Vec<(String, String)> = vec![("AWS_MAX_ATTEMPTS".into(), "1".into())];
    all.extend(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    ProviderConfig::new(Environment::from_vars(all))
        .with_http_client(transport.clone())
        .with_region(region.map(str::to_string))
}

fn expected_expiry() -> SystemTime {
    SystemTime::try_from(DateTime::parse_iso8601("2031-05-06T07:08:09Z").unwrap()).unwrap()
}

#[tokio::test]
async fn assume_role_sends_the_role_settings_signed_with_the_source() {
    let transport = ok("AssumeRole");
    let role = RoleArn {
        profile: "dev".into(),
        role_arn: "arn:aws:iam::123456789012:role/R".into(),
        external_id: Some("ext-1".into()),
        session_name: Some("my-session".into()),
        duration_seconds: Some(1800),
    };
    let provider = AssumeRoleProvider::from_role(config(&[], Some("eu-west-3"), &transport), &role, source());
    let credentials = provider.credentials().await.unwrap();
    assert_eq!((credentials.access_key_id(), credentials.secret_access_key()), ("ASIAROLE", "role-secret"));
    assert_eq!(credentials.session_token(), Some("role-token"));
    assert_eq!(credentials.account_id(), Some("123456789012"));
    assert_eq!(credentials.expiry(), Some(expected_expiry()));
    let requests = transport.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(param(&r.body, "Action").as_deref(), Some("AssumeRole"));
    assert_eq!(param(&r.body, "RoleArn").as_deref(), Some("arn:aws:iam::123456789012:role/R"));
    assert_eq!(param(&r.body, "RoleSessionName").as_deref(), Some("my-session"));
    assert_eq!(param(&r.body, "ExternalId").as_deref(), Some("ext-1"));
    assert_eq!(param(&r.body, "DurationSeconds").as_deref(), Some("1800"));
    // Signed with the source credentials, in the configuration's region.
    let auth = r.header("authorization").unwrap();
    assert!(auth.contains("Credential=AKIDSOURCE/") && auth.contains("/eu-west-3/sts/aws4_request"), "{auth}");
    assert!(r.url.starts_with("https://sts.eu-west-3.amazonaws.com"), "{}", r.url);
}

#[tokio::test]
async fn the_sts_region_is_the_providers_else_the_configurations_else_us_east_1() {
    let scope = |r: &awsgen_runtime::http::HttpRequest| {
        let auth = r.header("authorization").unwrap().to_string();
        auth.split('/').nth(2).unwrap().to_string()
    };
    let transport = ok("AssumeRole");
    let none = AssumeRoleProvider::new(config(&[], None, &transport), "arn:aws:iam::123456789012:role/R", source());
    none.credentials().await.unwrap();
    let explicit = AssumeRoleProvider::new(config(&[], Some("eu-west-3"), &transport), "arn:r", source());
    explicit.region("ap-south-1").credentials().await.unwrap();
    let regions: Vec<String> = transport.requests().iter().map(scope).collect();
    assert_eq!(regions, ["us-east-1", "ap-south-1"]);
    // The default session name.
    let name = param(&transport.requests()[0].body, "RoleSessionName").unwrap();
    assert!(name.strip_prefix("awsgen-").is_some_and(|m| m.parse::<u128>().is_ok()), "{name}");
}

#[tokio::test]
async fn an_assume_role_error_names_the_role_and_no_secret() {
    let transport = Scripted::new(|_| {
        reply(
            403,
            &[("content-type", "text/xml")],
            "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed</Message></Error>\
             <RequestId>req-2</RequestId></ErrorResponse>",
        )
    });
    let provider = AssumeRoleProvider::new(config(&[], None, &transport), "arn:aws:iam::123456789012:role/R", source());
    let err = provider.credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::ProviderError);
    assert_eq!(err.provider(), Some("AssumeRoleProvider"));
    let err = err.to_string();
    assert!(err.contains("AssumeRoleProvider") && err.contains("arn:aws:iam::123456789012:role/R"), "{err}");
    assert!(err.contains("AccessDenied"), "{err}");
    assert!(!err.contains("source-secret"), "{err}");

    // A reply that cannot be parsed is described without its body (which may hold keys).
    let garbled = Scripted::new(|_| reply(200, &[], "<AssumeRoleResponse><SecretAccessKey>leaked"));
    let provider = AssumeRoleProvider::new(config(&[], None, &garbled), "arn:r", source());
    let err = provider.credentials().await.unwrap_err().to_string();
    assert!(err.contains("unparseable") && !err.contains("leaked"), "{err}");
}

#[tokio::test]
async fn a_failing_source_is_named_with_the_role() {
    #[derive(Debug)]
    struct Broken;
    impl ProvideCredentials for Broken {
        fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
            Box::pin(async { Err(CredentialsError::not_loaded("EnvironmentCredentials", "no keys")) })
        }
    }
    let transport = Scripted::new(|r| panic!("unexpected request {r:?}"));
    let provider = AssumeRoleProvider::new(config(&[], None, &transport), "arn:r", Arc::new(Broken));
    let err = provider.credentials().await.unwrap_err().to_string();
    assert!(
        err.contains("AssumeRoleProvider") && err.contains("arn:r") && err.contains("EnvironmentCredentials"),
        "{err}"
    );
}

/// The environment of a web identity test: the token file on disk (rewritten between fetches).
fn web_identity_env(token_file: &str, role: Option<&str>) -> Vec<(&'static str, String)> {
    let mut vars =
        vec![("AWS_WEB_IDENTITY_TOKEN_FILE", token_file.to_string()), ("AWS_ROLE_SESSION_NAME", "pod-1".to_string())];
    if let Some(role) = role {
        vars.push(("AWS_ROLE_ARN", role.to_string()));
    }
    vars
}

#[tokio::test]
async fn web_identity_from_the_environment_reads_the_token_at_each_fetch() {
    let dir = support::temp_dir("web-identity");
    let file = dir.join("token.jwt");
    std::fs::write(&file, "token-one\n").unwrap();
    let transport = ok("AssumeRoleWithWebIdentity");
    let vars = web_identity_env(file.to_str().unwrap(), Some("arn:aws:iam::123456789012:role/Pod"));
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let provider = WebIdentityTokenProvider::from_env(config(&vars, None, &transport)).unwrap();
    let credentials = provider.credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "ASIAROLE");
    assert_eq!(credentials.account_id(), Some("123456789012"));
    assert_eq!(credentials.expiry(), Some(expected_expiry()));
    std::fs::write(&file, "token-two").unwrap();
    provider.credentials().await.unwrap();
    let requests = transport.requests();
    let tokens: Vec<String> = requests.iter().map(|r| param(&r.body, "WebIdentityToken").unwrap()).collect();
    assert_eq!(tokens, ["token-one", "token-two"]);
    let r = &requests[0];
    assert_eq!(param(&r.body, "Action").as_deref(), Some("AssumeRoleWithWebIdentity"));
    assert_eq!(param(&r.body, "RoleArn").as_deref(), Some("arn:aws:iam::123456789012:role/Pod"));
    assert_eq!(param(&r.body, "RoleSessionName").as_deref(), Some("pod-1"));
    assert!(r.url.starts_with("https://sts.us-east-1.amazonaws.com"), "{}", r.url);
    // Unsigned: no environment keys are needed, and none are sent.
    assert!(requests.iter().all(|r| r.header("authorization").is_none()), "{requests:?}");
}

#[tokio::test]
async fn web_identity_from_a_profile_and_its_errors() {
    let transport = ok("AssumeRoleWithWebIdentity");
    let env = Environment::from_vars([("AWS_MAX_ATTEMPTS", "1")]).with_file("/var/run/token", "in-memory-token");
    let settings = WebIdentityToken {
        role_arn: "arn:aws:iam::123456789012:role/P".into(),
        token_file: "/var/run/token".into(),
        session_name: None,
    };
    let provider = WebIdentityTokenProvider::from_profile(
        ProviderConfig::new(env.clone()).with_http_client(transport.clone()).with_region(Some("eu-central-1".into())),
        "ci",
        &settings,
    );
    provider.credentials().await.unwrap();
    let r = &transport.requests()[0];
    assert_eq!(param(&r.body, "WebIdentityToken").as_deref(), Some("in-memory-token"));
    assert!(r.url.starts_with("https://sts.eu-central-1.amazonaws.com"), "{}", r.url);

    let missing = WebIdentityToken { token_file: "/var/run/absent".into(), ..settings };
    let provider =
        WebIdentityTokenProvider::from_profile(ProviderConfig::new(env).with_http_client(transport), "ci", &missing);
    let err = provider.credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::ProviderError);
    let err = err.to_string();
    assert!(
        err.contains("WebIdentityTokenProvider") && err.contains("/var/run/absent") && err.contains("`ci`"),
        "{err}"
    );
}

#[test]
fn web_identity_from_the_environment_needs_the_file_and_the_role() {
    let transport = Scripted::new(|r| panic!("unexpected request {r:?}"));
    let err = WebIdentityTokenProvider::from_env(config(&[], None, &transport)).unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::NotLoaded);
    assert!(err.to_string().contains("AWS_WEB_IDENTITY_TOKEN_FILE"), "{err}");
    let err = WebIdentityTokenProvider::from_env(config(&[("AWS_WEB_IDENTITY_TOKEN_FILE", "/t")], None, &transport))
        .unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::InvalidConfiguration);
    assert!(err.to_string().contains("AWS_ROLE_ARN"), "{err}");
}
