//! Typed mocks (`runtime::mock`, feature `test-util` of the generated crate): the generated
//! ElastiCache client answered from rules written with its own input, output and error types,
//! as a user's test would write them: no XML, no credentials, no region, no transport.
//!
//! Outputs are built as `default()` then fields set, the one way that keeps compiling if the
//! generated structs become `#[non_exhaustive]` (struct literals and `..Default::default()` would
//! not), hence the allowed lint.
#![allow(clippy::field_reassign_with_default)]

use awsgen_elasticache::error::SnapshotNotFoundFault;
use awsgen_elasticache::operation::copy_snapshot::{CopySnapshotError, CopySnapshotInput, CopySnapshotOutput};
use awsgen_elasticache::operation::describe_cache_clusters::{DescribeCacheClustersInput, DescribeCacheClustersOutput};
use awsgen_elasticache::runtime::http::HttpResponse;
use awsgen_elasticache::runtime::mock::{mock, Mocks};
use awsgen_elasticache::runtime::replay::ReplayClient;
use awsgen_elasticache::types::{CacheCluster, Snapshot};
use awsgen_elasticache::{Client, Config, SdkError};

/// A client whose only source of answers is `mocks`: nothing else is configured.
fn client(mocks: Mocks) -> Client {
    Client::new(Config::builder().mocks(mocks).build())
}

fn snapshot(name: &str) -> Snapshot {
    let mut snapshot = Snapshot::default();
    snapshot.snapshot_name = Some(name.to_owned());
    snapshot
}

#[tokio::test]
async fn rules_answer_with_typed_outputs_and_errors_chosen_by_the_input() {
    let missing = mock::<CopySnapshotInput>()
        .when(|input| input.source_snapshot_name == "gone")
        .then_error(|_| CopySnapshotError::SnapshotNotFoundFault(SnapshotNotFoundFault::default()));
    let copied = mock::<CopySnapshotInput>().then_output(|input| {
        let mut out = CopySnapshotOutput::default();
        out.snapshot = Some(snapshot(&input.target_snapshot_name));
        out
    });
    let c = client(Mocks::new().rule(&missing).rule(&copied));

    let out = c.copy_snapshot().source_snapshot_name("daily").target_snapshot_name("copy").send().await.unwrap();
    assert_eq!(out.snapshot.and_then(|s| s.snapshot_name).as_deref(), Some("copy"));

    let err = c.copy_snapshot().source_snapshot_name("gone").target_snapshot_name("x").send().await.unwrap_err();
    assert!(
        matches!(err.as_service_error(), Some(CopySnapshotError::SnapshotNotFoundFault(_))),
        "the typed error of the rule: {err:?}"
    );
    assert_eq!((missing.calls(), copied.calls()), (1, 1));
}

#[tokio::test]
async fn a_missing_required_member_fails_before_any_rule_is_asked() {
    let any = mock::<CopySnapshotInput>().then_output(|_| CopySnapshotOutput::default());
    let c = client(Mocks::new().rule(&any));
    let err = c.copy_snapshot().source_snapshot_name("daily").send().await.unwrap_err();
    assert!(matches!(err, SdkError::InvalidRequest(_)), "{err:?}");
    assert_eq!(any.calls(), 0);
}

#[tokio::test]
async fn a_rule_used_up_by_times_hands_over_to_the_next() {
    let first = mock::<CopySnapshotInput>()
        .then_error(|_| CopySnapshotError::SnapshotNotFoundFault(SnapshotNotFoundFault::default()))
        .times(1);
    let later = mock::<CopySnapshotInput>().then_output(|_| CopySnapshotOutput::default());
    let c = client(Mocks::new().rule(&first).rule(&later));
    let send = || c.copy_snapshot().source_snapshot_name("a").target_snapshot_name("b").send();
    assert!(send().await.is_err());
    assert!(send().await.is_ok());
    assert!(send().await.is_ok());
    assert_eq!((first.calls(), later.calls()), (1, 2));
}

#[tokio::test]
async fn a_call_no_rule_answers_is_a_configuration_error_naming_the_operation() {
    let copy = mock::<CopySnapshotInput>().then_output(|_| CopySnapshotOutput::default());
    let c = client(Mocks::new().rule(&copy));
    let err = c.describe_cache_clusters().send().await.unwrap_err();
    let SdkError::Config(config) = &err else { panic!("expected a configuration error, got {err:?}") };
    assert!(config.message.contains("DescribeCacheClusters"), "{}", config.message);
    assert!(config.message.contains("CopySnapshot"), "the rules there are: {}", config.message);
}

/// The paginator calls through the same pipeline, so a rule keyed on the marker serves pages.
#[tokio::test]
async fn paginators_page_through_mocked_outputs() {
    let pages = mock::<DescribeCacheClustersInput>().then_output(|input: &DescribeCacheClustersInput| {
        let page: usize = input.marker.as_deref().map_or(0, |m| m.parse().unwrap());
        let mut out = DescribeCacheClustersOutput::default();
        let mut cluster = CacheCluster::default();
        cluster.cache_cluster_id = Some(format!("cluster-{page}"));
        out.cache_clusters = Some(vec![cluster]);
        out.marker = (page < 2).then(|| (page + 1).to_string());
        out
    });
    let c = client(Mocks::new().rule(&pages));
    let mut ids = Vec::new();
    let mut stream = c.describe_cache_clusters().into_paginator().items().send();
    while let Some(item) = stream.next().await {
        ids.push(item.unwrap().cache_cluster_id.unwrap());
    }
    assert_eq!(ids, ["cluster-0", "cluster-1", "cluster-2"]);
    assert_eq!(pages.calls(), 3);
}

/// With `fall_through`, a call no rule answers goes to the configured transport (here a
/// replaying one, which needs the request signed and so credentials).
#[tokio::test]
async fn fall_through_sends_unanswered_calls_to_the_transport() {
    let body = "<DescribeCacheClustersResponse><DescribeCacheClustersResult><CacheClusters>\
        <CacheCluster><CacheClusterId>from-the-wire</CacheClusterId></CacheCluster>\
        </CacheClusters></DescribeCacheClustersResult></DescribeCacheClustersResponse>";
    let replay = ReplayClient::new(vec![HttpResponse::new(200, body)]);
    let copy = mock::<CopySnapshotInput>().then_output(|_| CopySnapshotOutput::default());
    let c = Client::new(
        Config::builder()
            .mocks(Mocks::new().rule(&copy).fall_through())
            .region("us-east-1")
            .credentials(awsgen_elasticache::runtime::credentials::Credentials::new("AKID", "secret", None))
            .http_client(replay.clone())
            .build(),
    );
    c.copy_snapshot().source_snapshot_name("a").target_snapshot_name("b").send().await.unwrap();
    let out = c.describe_cache_clusters().send().await.unwrap();
    let id = out.cache_clusters.unwrap().remove(0).cache_cluster_id;
    assert_eq!(id.as_deref(), Some("from-the-wire"));
    assert_eq!((copy.calls(), replay.sent().len()), (1, 1));
}
