//! Errors read one way across operations: `ProvideErrorMetadata` on every generated error type
//! and on `SdkError` over any of them, and `SdkError::code()`, with error replies parsed
//! through the generated ElastiCache client from a replaying transport.

use awsgen_elasticache::operation::copy_snapshot::CopySnapshotError;
use awsgen_elasticache::runtime::credentials::Credentials;
use awsgen_elasticache::runtime::http::HttpResponse;
use awsgen_elasticache::runtime::replay::ReplayClient;
use awsgen_elasticache::runtime::retry::RetryConfig;
use awsgen_elasticache::runtime::ProvideErrorMetadata;
use awsgen_elasticache::{Client, Config, SdkError};

fn client(replies: Vec<HttpResponse>) -> Client {
    Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "secret", None))
            .http_client(ReplayClient::new(replies))
            .retry(RetryConfig { max_attempts: 1, ..Default::default() })
            .build(),
    )
}

fn error_reply(status: u16, code: &str, message: &str, request_id: &str) -> HttpResponse {
    let body = format!(
        "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>\
         <RequestId>{request_id}</RequestId></ErrorResponse>"
    );
    HttpResponse::new(status, body)
}

/// What a caller's one error handler for any operation would log.
fn summary(error: &impl ProvideErrorMetadata) -> (Option<&str>, Option<&str>, Option<&str>) {
    (error.code(), error.message(), error.request_id())
}

#[tokio::test]
async fn errors_of_different_operations_are_read_by_one_generic_function() {
    let c = client(vec![
        error_reply(404, "SnapshotNotFoundFault", "no such snapshot", "req-1"),
        error_reply(404, "CacheClusterNotFound", "no such cluster", "req-2"),
    ]);
    let copy = c.copy_snapshot().source_snapshot_name("a").target_snapshot_name("b").send().await.unwrap_err();
    let describe = c.describe_cache_clusters().cache_cluster_id("x").send().await.unwrap_err();

    assert_eq!(summary(&copy), (Some("SnapshotNotFoundFault"), Some("no such snapshot"), Some("req-1")));
    assert_eq!(summary(&describe), (Some("CacheClusterNotFound"), Some("no such cluster"), Some("req-2")));
    assert_eq!(copy.code(), Some("SnapshotNotFoundFault"));

    // The same facts from the typed error inside, and from its variant's struct.
    let Some(CopySnapshotError::SnapshotNotFoundFault(fault)) = copy.as_service_error() else {
        panic!("the typed variant: {copy:?}")
    };
    assert_eq!(summary(copy.as_service_error().unwrap()), summary(&copy));
    assert_eq!(summary(fault), summary(&copy));
}

#[tokio::test]
async fn errors_that_are_not_the_services_have_no_code() {
    // A required member missing: nothing reached the service.
    let c = client(Vec::new());
    let invalid = c.copy_snapshot().send().await.unwrap_err();
    assert!(matches!(invalid, SdkError::InvalidRequest(_)), "{invalid:?}");
    assert_eq!(summary(&invalid), (None, None, None));
}

#[tokio::test]
async fn an_unparseable_reply_keeps_its_request_id() {
    let mut reply = HttpResponse::new(200, "<DescribeCacheClustersResponse><DescribeCacheClustersResult><Cache");
    reply.headers.push(("x-amzn-RequestId".into(), "req-cut".into()));
    let err = client(vec![reply]).describe_cache_clusters().send().await.unwrap_err();
    assert!(matches!(err, SdkError::Response(_)), "{err:?}");
    assert_eq!(summary(&err), (None, None, Some("req-cut")));
}

/// Each level of an error's chain adds something once: no level's message repeats the one
/// above it, and `ErrorReport` puts the whole story on one line.
#[tokio::test]
async fn a_refused_connection_says_each_thing_once() {
    use awsgen_elasticache::runtime::error::ErrorReport;
    // A port nothing listens on: bind one, then close it.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let c = Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "secret", None))
            .endpoint_url(format!("http://127.0.0.1:{port}"))
            .retry(RetryConfig { max_attempts: 1, ..Default::default() })
            .build(),
    );
    let err = c.describe_cache_clusters().send().await.unwrap_err();
    assert!(matches!(err, SdkError::Transport(_)), "{err:?}");
    let levels: Vec<String> = std::iter::successors(Some(&err as &(dyn std::error::Error + 'static)), |e| e.source())
        .map(|e| e.to_string())
        .collect();
    assert!(levels.len() >= 2, "the cause is a level of its own: {levels:?}");
    for pair in levels.windows(2) {
        assert!(!pair[0].contains(&pair[1]) && !pair[1].contains(&pair[0]), "said twice: {levels:?}");
    }
    let report = ErrorReport(&err).to_string();
    assert_eq!(report, levels.join(": "));
    assert!(report.contains(&format!("127.0.0.1:{port}")) && report.to_lowercase().contains("refused"), "{report}");
}
