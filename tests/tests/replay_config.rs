//! `ReplayClient::config_builder`: a generated client over a replay with no credentials, region
//! or environment of the test's own; a replayed throttle retried without back-off; a request
//! that does not match the recording failing at once, not retried.

use awsgen_elasticache::runtime::http::{HttpResponse, TransportErrorKind};
use awsgen_elasticache::runtime::replay::{Recording, ReplayClient};
use awsgen_elasticache::{Client, SdkError};
use std::time::Duration;

const OK: &str = "<DescribeCacheClustersResponse><DescribeCacheClustersResult><CacheClusters/>\
    </DescribeCacheClustersResult></DescribeCacheClustersResponse>";

fn throttled() -> HttpResponse {
    HttpResponse::new(400, "<ErrorResponse><Error><Code>Throttling</Code></Error></ErrorResponse>")
}

#[tokio::test]
async fn a_replay_needs_no_credentials_and_retries_without_back_off() {
    let replay = ReplayClient::new(vec![throttled(), throttled(), HttpResponse::new(200, OK)]);
    let config = replay.config_builder().build();
    let retry = config.retry_config().expect("valid");
    assert_eq!((retry.max_attempts, retry.initial_backoff, retry.max_backoff), (3, Duration::ZERO, Duration::ZERO));
    let client = Client::new(config);
    client.describe_cache_clusters().send().await.expect("the third attempt succeeds");
    assert_eq!(replay.sent().len(), 3);
    assert!(replay.sent()[0].header("authorization").unwrap().contains("Credential=AKIDREPLAY/"));
    replay.assert_all_used();
}

#[tokio::test]
async fn a_mismatched_request_fails_once_and_is_not_retried() {
    let recording = Recording::parse(
        "inline.json",
        r#"{"format": "awsgen-recording/1", "exchanges": [{"name": "describe",
            "request": {"method": "POST", "path": "/", "params": ["Action=DescribeSnapshots", "Version=2015-02-02"]},
            "response": {"status": 200, "body": ""}}]}"#,
    )
    .expect("a valid recording");
    let replay = ReplayClient::from_recording(recording);
    let client = Client::new(replay.config_builder().build());
    match client.describe_cache_clusters().send().await {
        Err(SdkError::Transport(e)) => {
            assert_eq!(e.kind, TransportErrorKind::InvalidRequest);
            assert!(e.message.contains("replay mismatch"), "{}", e.message);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(replay.sent().len(), 1);
    assert_eq!(replay.mismatches().len(), 1);
}
