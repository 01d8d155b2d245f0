//! `ProfileCredentialsProvider` over a scripted STS and SSO: each role of a chain assumed with
//! the credentials of the step before, in the STS region the rule gives; the base from static
//! keys, `credential_source = Environment`, SSO; and what a chain does with each failure (not
//! loaded for a missing or empty profile, invalid configuration for a broken chain).

mod support;

use awsgen_config::sso::cache;
use awsgen_config::{ProfileCredentialsProvider, ProviderConfig};
use awsgen_runtime::credentials::CredentialsErrorKind;
use awsgen_runtime::http::HttpRequest;
use awsgen_runtime::profile::Environment;
use awsgen_runtime::DateTime;
use std::time::{Duration, SystemTime};
use support::{param, reply, Scripted};

/// STS answering each `AssumeRole` with keys named after the role (`ASIA-RoleB`), and SSO
/// answering `GetRoleCredentials` with `ASIA-SSO`.
fn aws() -> Scripted {
    Scripted::new(|r| {
        if r.url.contains("/federation/credentials") {
            let body = r#"{"roleCredentials":{"accessKeyId":"ASIA-SSO","secretAccessKey":"sso-secret",
                "sessionToken":"sso-token","expiration":1893456000000}}"#;
            return reply(200, &[("content-type", "application/json")], body);
        }
        let role = param(&r.body, "RoleArn").unwrap();
        let name = role.rsplit('/').next().unwrap();
        let body = format!(
            "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA-{name}</AccessKeyId>\
             <SecretAccessKey>secret-{name}</SecretAccessKey><SessionToken>token-{name}</SessionToken>\
             <Expiration>2031-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>x</AssumedRoleId>\
             <Arn>arn:aws:sts::123456789012:assumed-role/{name}/s</Arn></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>"
        );
        reply(200, &[("content-type", "text/xml")], &body)
    })
}

fn provider(vars: &[(&str, &str)], config_file: &str, transport: &Scripted) -> ProfileCredentialsProvider {
    let mut all = vec![("HOME", "/home/u"), ("AWS_MAX_ATTEMPTS", "1")];
    all.extend_from_slice(vars);
    let env = Environment::from_vars(all).with_file("/home/u/.aws/config", config_file);
    ProfileCredentialsProvider::new(ProviderConfig::new(env).with_http_client(transport.clone()))
}

/// The access key that signed a request, and the region of its scope.
fn signer(r: &HttpRequest) -> (String, String) {
    let auth = r.header("authorization").expect("signed");
    let credential = auth.split("Credential=").nth(1).unwrap();
    let mut parts = credential.split('/');
    let key = parts.next().unwrap().to_string();
    let region = parts.nth(1).unwrap().to_string();
    (key, region)
}

#[tokio::test]
async fn each_role_is_assumed_with_the_credentials_before_it_in_the_profiles_region() {
    let transport = aws();
    let file = "[profile A]\nrole_arn = arn:aws:iam::123456789012:role/RoleA\nsource_profile = B\nregion = eu-west-2\n\
                [profile B]\nrole_arn = arn:aws:iam::123456789012:role/RoleB\nsource_profile = C\n\
                [profile C]\naws_access_key_id = AKIDSTATIC\naws_secret_access_key = static-secret\n";
    let credentials = provider(&[("AWS_PROFILE", "A")], file, &transport).credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "ASIA-RoleA");
    assert_eq!(credentials.account_id(), Some("123456789012"));
    assert!(credentials.expiry().is_some());
    let requests = transport.requests();
    let steps: Vec<(String, (String, String))> =
        requests.iter().map(|r| (param(&r.body, "RoleArn").unwrap(), signer(r))).collect();
    assert_eq!(
        steps,
        [
            ("arn:aws:iam::123456789012:role/RoleB".to_string(), ("AKIDSTATIC".to_string(), "eu-west-2".to_string())),
            ("arn:aws:iam::123456789012:role/RoleA".to_string(), ("ASIA-RoleB".to_string(), "eu-west-2".to_string())),
        ]
    );
    assert_eq!(requests[1].header("x-amz-security-token"), Some("token-RoleB"));
}

#[tokio::test]
async fn credential_source_environment_signs_the_role_in_us_east_1_without_a_region() {
    let transport = aws();
    let file = "[default]\nrole_arn = arn:aws:iam::123456789012:role/Env\ncredential_source = Environment\n";
    let vars = [("AWS_ACCESS_KEY_ID", "AKIDENV"), ("AWS_SECRET_ACCESS_KEY", "env-secret")];
    let credentials = provider(&vars, file, &transport).credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "ASIA-Env");
    assert_eq!(signer(&transport.requests()[0]), ("AKIDENV".to_string(), "us-east-1".to_string()));
}

#[tokio::test]
async fn an_sso_base_signs_the_role() {
    // A legacy SSO profile (the keys in the profile itself, no [sso-session] section).
    let home = support::temp_dir("profile-sso");
    let transport = aws();
    let config = "[profile dev]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n\
                  sso_account_id = 111122223333\nsso_role_name = Admin\n\
                  [profile ops]\nrole_arn = arn:aws:iam::123456789012:role/Ops\nsource_profile = dev\n";
    std::fs::create_dir_all(home.join(".aws")).unwrap();
    std::fs::write(home.join(".aws/config"), config).unwrap();
    let env = Environment::from_vars([
        ("HOME", home.to_str().unwrap()),
        ("AWS_PROFILE", "ops"),
        ("AWS_ENDPOINT_URL_SSO", "http://sso.test"),
    ]);
    let entry = format!(
        r#"{{"accessToken":"access-1","expiresAt":"{}"}}"#,
        DateTime::from(SystemTime::now() + Duration::from_secs(3600)).fmt_iso8601()
    );
    let file = cache::cache_file(&env, "https://corp.awsapps.com/start").unwrap();
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, entry).unwrap();
    let provider = ProfileCredentialsProvider::new(ProviderConfig::new(env).with_http_client(transport.clone()));
    let credentials = provider.credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "ASIA-Ops");
    let requests = transport.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests[0].url.starts_with("http://sso.test/federation/credentials"), "{}", requests[0].url);
    assert_eq!(requests[0].header("x-amz-sso_bearer_token"), Some("access-1"));
    assert_eq!(signer(&requests[1]).0, "ASIA-SSO");
}

#[tokio::test]
async fn a_missing_or_empty_profile_is_not_loaded_and_a_broken_chain_is_invalid() {
    let transport = Scripted::new(|r| panic!("unexpected request {r:?}"));
    let kind_and_text = |vars: &'static [(&'static str, &'static str)], file: &'static str| {
        let p = provider(vars, file, &transport);
        async move {
            let e = p.credentials().await.unwrap_err();
            (e.kind(), e.to_string())
        }
    };
    let (kind, text) = kind_and_text(&[("AWS_PROFILE", "nope")], "[default]\nregion = us-east-1\n").await;
    assert_eq!(kind, CredentialsErrorKind::NotLoaded, "{text}");
    assert!(text.contains("`nope`"), "{text}");
    let (kind, text) = kind_and_text(&[], "[default]\nregion = us-east-1\n").await;
    assert_eq!(kind, CredentialsErrorKind::NotLoaded, "{text}");
    let looped =
        "[default]\nrole_arn = arn:r\nsource_profile = B\n[profile B]\nrole_arn = arn:b\nsource_profile = default\n";
    let (kind, text) = kind_and_text(&[], looped).await;
    assert_eq!(kind, CredentialsErrorKind::InvalidConfiguration, "{text}");
    assert!(text.contains("`default` -> `B` -> `default`"), "{text}");
    let empty_source = "[default]\nrole_arn = arn:r\nsource_profile = B\n[profile B]\nregion = us-east-1\n";
    let (kind, text) = kind_and_text(&[], empty_source).await;
    assert_eq!(kind, CredentialsErrorKind::InvalidConfiguration, "{text}");
    assert!(text.contains("`B`"), "{text}");
    assert!(transport.requests().is_empty());

    // A profile whose role's source is the instance's, on an instance without a role: the
    // profile's error (a chain stops there), naming the profile and the setting.
    let no_role = Scripted::new(|r| match r.method.as_str() {
        "PUT" => reply(200, &[("x-aws-ec2-metadata-token-ttl-seconds", "21600")], "token"),
        _ => reply(404, &[], ""),
    });
    let imds = "[default]\nrole_arn = arn:r\ncredential_source = Ec2InstanceMetadata\n";
    let e = provider(&[], imds, &no_role).credentials().await.unwrap_err();
    assert_eq!(e.kind(), CredentialsErrorKind::InvalidConfiguration, "{e}");
    let text = e.to_string();
    assert!(text.contains("credential_source = Ec2InstanceMetadata") && text.contains("`default`"), "{text}");
    assert_eq!(no_role.requests().len(), 2, "the token, then the role list");
}
