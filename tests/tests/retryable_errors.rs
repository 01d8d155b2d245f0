//! A generated client retries what its service's model and `_retry.json` say beyond the
//! standard lists: DynamoDB's `ReplicatedWriteConflictException` (the model's `retryable`
//! trait, any status) and STS's `IDPCommunicationError` (`_retry.json`, with a 400 only).
//! Standard codes of other services mean nothing special here.

use std::time::Duration;

use awsgen_runtime::credentials::Credentials;
use awsgen_runtime::http::HttpResponse;
use awsgen_runtime::retry::RetryConfig;
use awsgen_runtime::{Config, SdkError};
use awsgen_tests::ReplayClient;

fn config(transport: &ReplayClient) -> Config {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None))
        .endpoint_url("https://example.com")
        .retry(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
        .http_client(transport.clone())
        .build()
}

fn json(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![("content-type".into(), "application/x-amz-json-1.0".into())],
        body: body.as_bytes().to_vec(),
    }
}

fn xml(status: u16, body: &str) -> HttpResponse {
    HttpResponse { status, headers: vec![("content-type".into(), "text/xml".into())], body: body.as_bytes().to_vec() }
}

async fn get_item(transport: &ReplayClient) -> Result<(), String> {
    let client = awsgen_dynamodb::Client::new(config(transport));
    let key = awsgen_dynamodb::types::AttributeValue { s: Some("a".into()), ..Default::default() };
    client.get_item().table_name("t").key("id", key).send().await.map(|_| ()).map_err(|e| format!("{e:?}"))
}

#[tokio::test]
async fn dynamodb_retries_its_modeled_retryable_error() {
    let conflict = r#"{"__type":"com.amazonaws.dynamodb.v20120810#ReplicatedWriteConflictException","message":"busy"}"#;
    let transport = ReplayClient::new(vec![json(409, conflict), json(400, conflict), json(200, "{}")]);
    get_item(&transport).await.unwrap();
    assert_eq!(transport.sent().len(), 3);

    // Another service's modeled error code is not retried by DynamoDB's client.
    let other = r#"{"__type":"com.amazonaws.dynamodb.v20120810#IDPCommunicationError","message":"no"}"#;
    let transport = ReplayClient::new(vec![json(400, other), json(200, "{}")]);
    assert!(get_item(&transport).await.is_err());
    assert_eq!(transport.sent().len(), 1);
}

fn sts_error(code: &str) -> String {
    format!(
        "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>m</Message></Error><RequestId>r</RequestId></ErrorResponse>"
    )
}

const ASSUMED: &str =
    "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult/></AssumeRoleWithWebIdentityResponse>";

async fn assume(
    transport: &ReplayClient,
) -> Result<(), SdkError<awsgen_sts::operation::assume_role_with_web_identity::AssumeRoleWithWebIdentityError>> {
    let client = awsgen_sts::Client::new(config(transport));
    client
        .assume_role_with_web_identity()
        .role_arn("arn:aws:iam::123456789012:role/r")
        .role_session_name("s")
        .web_identity_token("token")
        .send()
        .await
        .map(|_| ())
}

#[tokio::test]
async fn sts_retries_retry_json_s_idp_communication_error_with_its_status_only() {
    let transport = ReplayClient::new(vec![xml(400, &sts_error("IDPCommunicationError")), xml(200, ASSUMED)]);
    assume(&transport).await.unwrap();
    assert_eq!(transport.sent().len(), 2);

    let transport = ReplayClient::new(vec![xml(403, &sts_error("IDPCommunicationError")), xml(200, ASSUMED)]);
    let err = assume(&transport).await.unwrap_err();
    assert!(matches!(&err, SdkError::Service(e) if e.to_string().contains("IDPCommunicationError")), "{err:?}");
    assert_eq!(transport.sent().len(), 1, "_retry.json names a 400");
}
