//! The IMDSv2 providers against a loopback instance metadata server written here: the token
//! dance, token reuse and refresh, retries, a missing role, and a server that is down, slow or
//! answers garbage. Every failure is a typed error naming the provider, and no secret (the
//! secret key, the session token, the IMDS token) ever reaches an error's or credentials'
//! Display or Debug. Timeouts are shortened so no case waits long; no assertion measures time.

mod loopback;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use awsgen_config::imds::{ImdsClient, ImdsClientBuilder, ImdsCredentialsProvider, ImdsErrorKind, ImdsRegionProvider};
use awsgen_config::MAX_REPLY_LEN;
use awsgen_runtime::credentials::{CredentialsError, CredentialsErrorKind, ProvideCredentials};
use loopback::{assert_no_secret, config, refused_url, reply, truncated, Act, Counting, LocalServer, MakeAct, Seen};

const IMDS_TOKEN: &str = "imds-session-token-AQAEAKQRRHns";
const SECRET: &str = "imds-secret-wJalrXUtnFEMI";
const SESSION: &str = "imds-session-IQoJb3JpZ2luX2Vj";
const SECRETS: &[&str] = &[IMDS_TOKEN, SECRET, SESSION];
const ROLES: &str = "/latest/meta-data/iam/security-credentials/";
const ROLE: &str = "/latest/meta-data/iam/security-credentials/web-role";
const TOKEN: &str = "/latest/api/token";

fn document(code: &str) -> String {
    format!(
        r#"{{"Code": "{code}", "LastUpdated": "2021-09-20T21:42:26Z", "Type": "AWS-HMAC",
            "AccessKeyId": "ASIAIMDS", "SecretAccessKey": "{SECRET}", "Token": "{SESSION}",
            "Expiration": "2031-09-21T04:16:53Z"}}"#
    )
}

/// A well-behaved service granting `ttl` seconds per token, whose role document is `doc`
/// (tokens are `IMDS_TOKEN` and a counter, so each fetch gives a new one).
fn service(ttl: &'static str, doc: String) -> impl Fn(&Seen, usize) -> Act + Send + Sync + 'static {
    move |req, n| match (req.method.as_str(), req.path.as_str()) {
        ("PUT", TOKEN) => reply(200, &[("x-aws-ec2-metadata-token-ttl-seconds", ttl)], &format!("{IMDS_TOKEN}{n}")),
        (_, _) if !req.header("x-aws-ec2-metadata-token").is_some_and(|t| t.starts_with(IMDS_TOKEN)) => {
            reply(401, &[], "")
        }
        ("GET", ROLES) => reply(200, &[], "web-role\n"),
        ("GET", ROLE) => reply(200, &[], &doc),
        ("GET", "/latest/meta-data/placement/region") => reply(200, &[], "eu-west-3"),
        _ => reply(404, &[], "<html>404 - Not Found</html>"),
    }
}

/// A client of `url` with fast retries and short timeouts.
fn fast_client(url: &str) -> ImdsClientBuilder {
    ImdsClient::builder(config(&[("HOME", "/home")]))
        .endpoint(url)
        .backoff(Duration::from_millis(1))
        .attempt_timeout(Duration::from_millis(500))
}

fn provider(url: &str) -> ImdsCredentialsProvider {
    ImdsCredentialsProvider::with_client(fast_client(url).build().unwrap())
}

/// Checks an error's kind, that it names the provider and says `why`, and leaks nothing.
fn check(err: &CredentialsError, kind: CredentialsErrorKind, why: &str) {
    let text = err.to_string();
    assert_eq!(err.kind(), kind, "{text}");
    assert_eq!(err.provider(), Some("ImdsCredentialsProvider"));
    assert!(text.starts_with("ImdsCredentialsProvider: "), "{text}");
    assert!(text.contains(why), "expected {why:?} in: {text}");
    assert_no_secret(&text, SECRETS);
    assert_no_secret(&format!("{err:?}"), SECRETS);
}

#[tokio::test]
async fn the_token_is_asked_for_once_and_sent_with_every_request() {
    let server = LocalServer::start(service("21600", document("Success"))).await;
    let provider = provider(&server.url);
    for _ in 0..2 {
        let creds = provider.provide_credentials().await.unwrap();
        assert_eq!(creds.access_key_id(), "ASIAIMDS");
        assert_eq!((creds.secret_access_key(), creds.session_token()), (SECRET, Some(SESSION)));
        let expiry = creds.expiry().unwrap().duration_since(UNIX_EPOCH).unwrap().as_secs();
        assert_eq!(expiry, 1_947_730_613); // 2031-09-21T04:16:53Z
        assert_no_secret(&format!("{creds:?} {provider:?}"), SECRETS);
    }
    let seen = server.seen();
    let methods: Vec<_> = seen.iter().map(|s| format!("{} {}", s.method, s.path)).collect();
    assert_eq!(
        methods,
        [
            format!("PUT {TOKEN}"),
            format!("GET {ROLES}"),
            format!("GET {ROLE}"),
            format!("GET {ROLES}"),
            format!("GET {ROLE}")
        ]
    );
    assert_eq!(seen[0].header("x-aws-ec2-metadata-token-ttl-seconds"), Some("21600"));
    assert!(seen[1..].iter().all(|s| s.header("x-aws-ec2-metadata-token") == Some(&*format!("{IMDS_TOKEN}0"))));
}

#[tokio::test]
async fn a_token_about_to_expire_is_replaced() {
    // Granted 60 s, less than the refresh buffer: each token serves one request.
    let server = LocalServer::start(service("60", document("Success"))).await;
    let provider = provider(&server.url);
    provider.credentials().await.unwrap();
    provider.credentials().await.unwrap();
    assert_eq!(server.count("PUT", TOKEN), 4);
    let tokens: Vec<_> =
        server.seen().iter().filter_map(|s| s.header("x-aws-ec2-metadata-token").map(str::to_owned)).collect();
    let expected: Vec<_> = (0..4).map(|n| format!("{IMDS_TOKEN}{n}")).collect();
    assert_eq!(tokens, expected);

    // Granted 200 s, more than the buffer: reused.
    let server = LocalServer::start(service("200", document("Success"))).await;
    let provider = self::provider(&server.url);
    provider.credentials().await.unwrap();
    provider.credentials().await.unwrap();
    assert_eq!(server.count("PUT", TOKEN), 1);
}

#[tokio::test]
async fn a_refused_token_is_replaced_once() {
    // The first token stops working after its first use (as after a restart): a 401, then a
    // new token and the same request again.
    let doc = document("Success");
    let server = LocalServer::start(move |req, n| match (req.method.as_str(), req.path.as_str()) {
        ("PUT", TOKEN) => reply(200, &[], &format!("{IMDS_TOKEN}{n}")),
        ("GET", ROLES) => reply(200, &[], "web-role"),
        ("GET", ROLE) if req.header("x-aws-ec2-metadata-token") == Some(&*format!("{IMDS_TOKEN}0")) => {
            reply(401, &[], "")
        }
        ("GET", ROLE) => reply(200, &[], &doc),
        _ => reply(404, &[], ""),
    })
    .await;
    provider(&server.url).credentials().await.unwrap();
    assert_eq!((server.count("PUT", TOKEN), server.count("GET", ROLE)), (2, 2));

    // A service that refuses every token: one new token, then the 401 is the error.
    let server = LocalServer::start(|req, _| match req.method.as_str() {
        "PUT" => reply(200, &[], IMDS_TOKEN),
        _ => reply(401, &[], "Unauthorized"),
    })
    .await;
    let err = provider(&server.url).credentials().await.unwrap_err();
    check(&err, CredentialsErrorKind::ProviderError, "HTTP 401");
    assert_eq!((server.count("PUT", TOKEN), server.count("GET", ROLES)), (2, 2));
}

#[tokio::test]
async fn server_errors_are_retried() {
    // As the `imds_default_chain_retries` vector: each of the three requests fails once.
    let doc = document("Success");
    let server = LocalServer::start(move |req, n| match (req.method.as_str(), req.path.as_str(), n) {
        (_, _, 0) => reply(503, &[], "Service Unavailable"),
        ("PUT", TOKEN, _) => reply(200, &[], IMDS_TOKEN),
        ("GET", ROLES, _) => reply(200, &[], "web-role"),
        ("GET", ROLE, _) => reply(200, &[], &doc),
        _ => reply(404, &[], ""),
    })
    .await;
    provider(&server.url).credentials().await.unwrap();
    assert_eq!(server.seen().len(), 6);

    // Always 500: four attempts, then the status and the body's start.
    let server = LocalServer::start(|_, _| reply(500, &[], "<html>Internal Error</html>")).await;
    let err = provider(&server.url).credentials().await.unwrap_err();
    check(&err, CredentialsErrorKind::ProviderError, "HTTP 500: <html>Internal Error</html>");
    assert_eq!(server.count("PUT", TOKEN), 4);
}

#[tokio::test]
async fn no_role_is_not_loaded_and_a_forbidden_token_is_an_error() {
    // As `imds_no_iam_role`: a 404 for the role list.
    let server = LocalServer::start(|req, _| match req.method.as_str() {
        "PUT" => reply(200, &[], IMDS_TOKEN),
        _ => reply(404, &[("content-type", "text/html")], "<html>404 - Not Found</html>"),
    })
    .await;
    let err = provider(&server.url).credentials().await.unwrap_err();
    check(&err, CredentialsErrorKind::NotLoaded, "no IAM role is attached to this instance");

    // As `imds_token_fail`: a 403 for the token.
    let server = LocalServer::start(|_, _| reply(403, &[("content-type", "text/xml")], "")).await;
    let err = provider(&server.url).credentials().await.unwrap_err();
    check(&err, CredentialsErrorKind::ProviderError, "refused a session token (it is turned off on this instance)");
    assert_eq!(server.seen().len(), 1, "a 403 is not retried");
}

#[tokio::test]
async fn a_service_that_is_down_is_not_loaded_after_the_retries() {
    let url = refused_url().await;
    let transport = Counting::default();
    let sent = transport.sent.clone();
    let client = ImdsClient::builder(config(&[]).with_http_client(transport))
        .endpoint(&url)
        .backoff(Duration::from_millis(1))
        .build()
        .unwrap();
    let err = ImdsCredentialsProvider::with_client(client).credentials().await.unwrap_err();
    check(&err, CredentialsErrorKind::NotLoaded, &format!("{url}/latest/api/token"));
    assert!(err.to_string().contains("after 4 attempts"), "{err}");
    assert_eq!(sent.load(std::sync::atomic::Ordering::SeqCst), 4);

    // Connections accepted and closed without a reply: retried too, then an error.
    let server = LocalServer::start(|_, _| Act::Close).await;
    let err = provider(&server.url).credentials().await.unwrap_err();
    check(&err, CredentialsErrorKind::ProviderError, "after 4 attempts");
    assert_eq!(server.count("PUT", TOKEN), 4);
}

#[tokio::test]
async fn a_slow_service_times_out() {
    // No answer to the token request: not retried, and nothing is there as far as a chain goes.
    let server = LocalServer::start(|_, _| Act::Hang).await;
    let client = fast_client(&server.url).attempt_timeout(Duration::from_millis(200)).build().unwrap();
    let err = ImdsCredentialsProvider::with_client(client).credentials().await.unwrap_err();
    check(&err, CredentialsErrorKind::NotLoaded, "no complete reply within 200 ms");
    assert_eq!(server.seen().len(), 1);

    // A token, then silence: a provider error.
    let server = LocalServer::start(|req, _| match req.method.as_str() {
        "PUT" => reply(200, &[], IMDS_TOKEN),
        _ => Act::Hang,
    })
    .await;
    let client = fast_client(&server.url).attempt_timeout(Duration::from_millis(200)).build().unwrap();
    let err = ImdsCredentialsProvider::with_client(client).credentials().await.unwrap_err();
    check(&err, CredentialsErrorKind::ProviderError, "no complete reply within 200 ms");

    // The total timeout bounds every request together.
    let server = LocalServer::start(|req, _| match req.method.as_str() {
        "PUT" => reply(200, &[], IMDS_TOKEN),
        _ => Act::Hang,
    })
    .await;
    let client =
        fast_client(&server.url).attempt_timeout(Duration::from_secs(30)).total_timeout(Duration::from_millis(300));
    let err = ImdsCredentialsProvider::with_client(client.build().unwrap()).credentials().await.unwrap_err();
    check(&err, CredentialsErrorKind::ProviderError, "gave no credentials within 300 ms");
}

#[tokio::test]
async fn garbage_replies_are_errors() {
    let too_large = format!("longer than {MAX_REPLY_LEN} bytes");
    let cases: Vec<(MakeAct, &str)> = vec![
        (|| reply(200, &[], "this is not JSON"), "not a JSON object"),
        (|| reply(200, &[], &document("Success")[..90]), "not a JSON object"),
        (|| reply(200, &[], &document("Failure")), "Code is \"Failure\""),
        (|| reply(200, &[], &document("Success").replace("Token", "Tokn")), "no Token"),
        (|| reply(200, &[], &document("Success").replace("2031-09-21", "soon")), "not an RFC 3339 time"),
        (|| truncated(500, &document("Success")[..100]), "after 4 attempts"),
        (|| Act::Endless { declared: Some(10 << 30) }, &too_large),
        (|| Act::Endless { declared: None }, &too_large),
    ];
    for (act, why) in cases {
        let server = LocalServer::start(move |req, _| match req.method.as_str() {
            "PUT" => reply(200, &[], IMDS_TOKEN),
            _ if req.path == ROLES => reply(200, &[], "web-role"),
            _ => act(),
        })
        .await;
        let err = provider(&server.url).credentials().await.unwrap_err();
        check(&err, CredentialsErrorKind::ProviderError, why);
    }

    // A role list that is not a role name, and a token that is not one.
    let server = LocalServer::start(|req, _| match req.method.as_str() {
        "PUT" => reply(200, &[], IMDS_TOKEN),
        _ => reply(200, &[], "../../etc/passwd"),
    })
    .await;
    check(
        &provider(&server.url).credentials().await.unwrap_err(),
        CredentialsErrorKind::ProviderError,
        "not a role name",
    );
    let server = LocalServer::start(|_, _| reply(200, &[], "a token\r\nx-injected: yes")).await;
    check(&provider(&server.url).credentials().await.unwrap_err(), CredentialsErrorKind::ProviderError, "not a token");
}

#[tokio::test]
async fn the_region_comes_from_the_placement() {
    let server = LocalServer::start(service("21600", document("Success"))).await;
    let client = fast_client(&server.url).build().unwrap();
    assert_eq!(ImdsRegionProvider::with_client(client.clone()).region().await.unwrap(), "eu-west-3");
    // The credentials provider shares the client's token.
    ImdsCredentialsProvider::with_client(client).credentials().await.unwrap();
    assert_eq!(server.count("PUT", TOKEN), 1);

    let server = LocalServer::start(|req, _| match req.method.as_str() {
        "PUT" => reply(200, &[], IMDS_TOKEN),
        _ => reply(200, &[], "<html>not a region</html>"),
    })
    .await;
    let err = ImdsRegionProvider::with_client(fast_client(&server.url).build().unwrap()).region().await.unwrap_err();
    assert_eq!(err.kind(), ImdsErrorKind::InvalidReply);
    assert!(err.to_string().contains("is not a region"), "{err}");
}

#[tokio::test]
async fn disabled_metadata_makes_no_request() {
    let server = LocalServer::start(service("21600", document("Success"))).await;
    let off = config(&[("AWS_EC2_METADATA_DISABLED", "True"), ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &server.url)]);
    let err = ImdsCredentialsProvider::new(off.clone()).credentials().await.unwrap_err();
    check(&err, CredentialsErrorKind::NotLoaded, "AWS_EC2_METADATA_DISABLED is true");
    let err = ImdsRegionProvider::new(off).region().await.unwrap_err();
    assert_eq!(err.kind(), ImdsErrorKind::Disabled);
    assert!(server.seen().is_empty());

    // Another value leaves it on.
    let on = config(&[("AWS_EC2_METADATA_DISABLED", "no"), ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &server.url)]);
    ImdsCredentialsProvider::new(on).credentials().await.unwrap();
}

#[tokio::test]
async fn bad_settings_are_invalid_configuration_naming_the_setting() {
    let cases = [
        (
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv5"),
            "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: `IPv5` is not a valid endpoint mode",
        ),
        (
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://in valid"),
            "AWS_EC2_METADATA_SERVICE_ENDPOINT: \"http://in valid\" is not a valid URL",
        ),
    ];
    for (var, why) in cases {
        let err = ImdsCredentialsProvider::new(config(&[var])).credentials().await.unwrap_err();
        check(&err, CredentialsErrorKind::InvalidConfiguration, why);
    }
}

#[tokio::test]
async fn expired_credentials_are_returned_as_given() {
    // The cache in front of the provider decides; the provider does not hide what it got.
    let server = LocalServer::start(service("21600", document("Success").replace("2031", "2021"))).await;
    let creds = provider(&server.url).credentials().await.unwrap();
    assert!(creds.expiry().unwrap() < SystemTime::now());
}
