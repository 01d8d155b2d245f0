//! Errors that compose: `?` lifts any operation's `SdkError` into the crate-wide
//! `awsgen_elasticache::Error`, the service's errors as their variants and every other failure
//! (here a refused connection and an invalid request) typed in `Error::Sdk`.

use awsgen_elasticache::runtime::credentials::Credentials;
use awsgen_elasticache::runtime::http::HttpResponse;
use awsgen_elasticache::runtime::replay::ReplayClient;
use awsgen_elasticache::runtime::retry::RetryConfig;
use awsgen_elasticache::runtime::ProvideErrorMetadata;
use awsgen_elasticache::{Client, Config, Error, SdkError};
use std::error::Error as _;

fn config() -> awsgen_elasticache::runtime::ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None))
        .retry(RetryConfig { max_attempts: 1, ..Default::default() })
}

fn replaying(replies: Vec<HttpResponse>) -> Client {
    Client::new(config().http_client(ReplayClient::new(replies)).build())
}

fn error_reply(code: &str, request_id: &str) -> HttpResponse {
    let body = format!(
        "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>not there</Message></Error>\
         <RequestId>{request_id}</RequestId></ErrorResponse>"
    );
    HttpResponse::new(404, body)
}

const COPY_OK: &str = "<CopySnapshotResponse><CopySnapshotResult><Snapshot><SnapshotName>b</SnapshotName>\
    </Snapshot></CopySnapshotResult></CopySnapshotResponse>";

/// What a user writes: two operations, one error type, `?` on each.
async fn copy_then_describe(c: &Client, snapshot: &str) -> Result<usize, Error> {
    c.copy_snapshot().source_snapshot_name(snapshot).target_snapshot_name("b").send().await?;
    let out = c.describe_cache_clusters().cache_cluster_id("x").send().await?;
    Ok(out.cache_clusters.map_or(0, |v| v.len()))
}

/// The same, one level further: the crate-wide error into a boxed one.
async fn boxed(c: &Client) -> Result<usize, Box<dyn std::error::Error + Send + Sync>> {
    Ok(copy_then_describe(c, "a").await?)
}

#[tokio::test]
async fn each_operations_service_error_comes_through_as_its_variant() {
    let c = replaying(vec![error_reply("SnapshotNotFoundFault", "req-1")]);
    let err = copy_then_describe(&c, "a").await.unwrap_err();
    assert!(matches!(err, Error::SnapshotNotFoundFault(_)), "{err:?}");
    assert!(err.is_snapshot_not_found_fault() && !err.is_sdk());
    assert_eq!((err.code(), err.request_id()), ("SnapshotNotFoundFault", Some("req-1")));

    let c = replaying(vec![HttpResponse::new(200, COPY_OK), error_reply("CacheClusterNotFound", "req-2")]);
    let err = copy_then_describe(&c, "a").await.unwrap_err();
    assert!(matches!(err, Error::CacheClusterNotFoundFault(_)), "{err:?}");
    assert_eq!(ProvideErrorMetadata::code(&err), Some("CacheClusterNotFound"));
    assert_eq!(err.request_id(), Some("req-2"));

    let c = replaying(vec![error_reply("SnapshotNotFoundFault", "req-3")]);
    let err = boxed(&c).await.unwrap_err();
    let err = err.downcast_ref::<Error>().expect("the crate-wide error, boxed");
    assert!(err.is_snapshot_not_found_fault());
}

#[tokio::test]
async fn a_refused_connection_comes_through_typed_and_is_told_once() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c = Client::new(config().endpoint_url(format!("http://127.0.0.1:{port}")).build());
    let err = copy_then_describe(&c, "a").await.unwrap_err();
    let Error::Sdk(failure) = &err else { panic!("not Sdk: {err:?}") };
    assert!(matches!(failure.as_sdk_error(), SdkError::Transport(_)), "{err:?}");
    assert!(err.is_sdk() && !err.is_unhandled() && !err.is_snapshot_not_found_fault());
    assert_eq!((err.error_metadata(), ProvideErrorMetadata::code(&err), err.code()), (None, None, ""));

    // Display and source() are the operation's SdkError's: lifting adds no level.
    let direct = c.copy_snapshot().source_snapshot_name("a").target_snapshot_name("b").send().await.unwrap_err();
    assert!(matches!(direct, SdkError::Transport(_)), "{direct:?}");
    assert_eq!(err.to_string(), direct.to_string());
    assert_eq!(err.source().map(|s| s.to_string()), direct.source().map(|s| s.to_string()));
    assert!(err.source().is_some());
}

#[tokio::test]
async fn a_request_rejected_before_sending_comes_through_typed() {
    let c = replaying(Vec::new());
    async fn missing_member(c: &Client) -> Result<(), Error> {
        c.copy_snapshot().target_snapshot_name("b").send().await?;
        Ok(())
    }
    let err = missing_member(&c).await.unwrap_err();
    let Error::Sdk(failure) = &err else { panic!("not Sdk: {err:?}") };
    assert!(matches!(&**failure, SdkError::InvalidRequest(e) if e.member == "SourceSnapshotName"), "{err:?}");
    assert_eq!(err.clone(), err);
}
