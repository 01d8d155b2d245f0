//! An operation marked `UNSIGNED` (botocore `authtype: none`: STS `AssumeRoleWithWebIdentity`,
//! SSO `GetRoleCredentials`) goes out without asking the credentials provider and without a
//! signature; a signed one asks the provider once per expiry, through the configuration's cache.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use awsgen_runtime::credentials::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use awsgen_runtime::endpoint::{BuiltIns, Endpoint, EndpointError};
use awsgen_runtime::error::InvalidRequestError;
use awsgen_runtime::http::HttpResponse;
use awsgen_runtime::query::TokenSource;
use awsgen_runtime::replay::ReplayClient;
use awsgen_runtime::{
    ClientCore, Config, ErrorMetadata, Operation, ParseError, Protocol, SdkError, SerializedRequest, ServiceInfo,
};

fn resolve(built_ins: &BuiltIns) -> Result<Endpoint, EndpointError> {
    built_ins.endpoint.clone().map(Endpoint::new).ok_or_else(|| EndpointError::new("no endpoint configured"))
}

static TOKENS: ServiceInfo = ServiceInfo {
    signing_name: "tokens",
    api_version: "2024-01-01",
    env_suffix: "TOKENS",
    protocol: Protocol::Query,
    query_compatible: false,
    resolve_endpoint: resolve,
    retryable_errors: &[],
};

/// A query operation whose reply is an empty `<ExchangeResponse>`; `UNSIGNED` chooses its auth.
struct Exchange<const UNSIGNED: bool>;

impl<const UNSIGNED: bool> Operation for Exchange<UNSIGNED> {
    type Output = ();
    type Error = ErrorMetadata;
    const NAME: &'static str = "Exchange";
    const UNSIGNED: bool = UNSIGNED;

    fn serialize_with_tokens(&self, _: &TokenSource) -> Result<SerializedRequest, InvalidRequestError> {
        Ok(SerializedRequest::post("application/x-www-form-urlencoded", b"Action=Exchange&Version=2024-01-01".to_vec()))
    }

    fn parse_output(_: &HttpResponse) -> Result<(), ParseError> {
        Ok(())
    }

    fn parse_error(meta: ErrorMetadata, _: &HttpResponse) -> Result<ErrorMetadata, ParseError> {
        Ok(meta)
    }
}

/// A provider that counts how often it is asked, and fails when `broken`.
#[derive(Debug, Default)]
struct Counting {
    asked: AtomicUsize,
    broken: bool,
}

impl ProvideCredentials for Counting {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        self.asked.fetch_add(1, Ordering::SeqCst);
        let broken = self.broken;
        Box::pin(async move {
            match broken {
                true => Err(CredentialsError::provider_error("counting provider", "down")),
                false => Ok(Credentials::new("AKIDEXAMPLE", "secret", None)),
            }
        })
    }
}

fn ok() -> HttpResponse {
    HttpResponse::new(200, "<ExchangeResponse><ExchangeResult/></ExchangeResponse>")
}

#[tokio::test]
async fn an_unsigned_operation_neither_asks_for_credentials_nor_signs() {
    let provider = Arc::new(Counting { broken: true, ..Default::default() });
    let replay = ReplayClient::new(vec![ok()]);
    let config = Config::builder()
        .region("us-east-1")
        .endpoint_url("https://tokens.example.com")
        .credentials(provider.clone())
        .http_client(replay.clone())
        .build();
    ClientCore::new(&TOKENS, config).invoke(&Exchange::<true>).await.unwrap();
    assert_eq!(provider.asked.load(Ordering::SeqCst), 0);
    let sent = replay.sent();
    assert_eq!(sent.len(), 1);
    for name in ["authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"] {
        assert!(!sent[0].headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name)), "{name} sent: {:?}", sent[0]);
    }

    // The same provider fails a signed operation, naming itself.
    let replay = ReplayClient::new(vec![ok()]);
    let config = Config::builder()
        .region("us-east-1")
        .endpoint_url("https://tokens.example.com")
        .credentials(provider.clone())
        .http_client(replay)
        .build();
    match ClientCore::new(&TOKENS, config).invoke(&Exchange::<false>).await {
        Err(SdkError::Config(e)) => assert!(e.to_string().contains("counting provider: down"), "{e}"),
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_signed_operation_asks_the_provider_once_while_its_credentials_are_cached() {
    let provider = Arc::new(Counting::default());
    let replay = ReplayClient::new(vec![ok(), ok(), ok()]);
    let config = Config::builder()
        .region("us-east-1")
        .endpoint_url("https://tokens.example.com")
        .credentials(provider.clone())
        .http_client(replay.clone())
        .build();
    let core = ClientCore::new(&TOKENS, config);
    for _ in 0..3 {
        core.invoke(&Exchange::<false>).await.unwrap();
    }
    assert_eq!(provider.asked.load(Ordering::SeqCst), 1);
    assert!(replay.sent().iter().all(|r| r.headers.iter().any(|(k, _)| k == "authorization")));
}
