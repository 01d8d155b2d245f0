//! The three-operation ElastiCache subset crate (`generated/elasticache-mini`, from
//! `models/subsets.toml`) replaying the recordings the full client replays (`replay.rs`,
//! `paginators_waiters.rs`): the same requests on the wire, the same typed answers, with the
//! paginators and waiters its operations reach.

use awsgen_elasticache_mini::operation::copy_snapshot::CopySnapshotError;
use awsgen_elasticache_mini::operation::describe_cache_clusters::DescribeCacheClustersError;
use awsgen_elasticache_mini::operation::describe_snapshots::DescribeSnapshotsError;
use awsgen_elasticache_mini::runtime::credentials::Credentials;
use awsgen_elasticache_mini::runtime::replay::{Recording, ReplayClient};
use awsgen_elasticache_mini::runtime::retry::RetryConfig;
use awsgen_elasticache_mini::types::AutomaticFailoverStatus;
use awsgen_elasticache_mini::{Client, Config, SdkError};
use std::time::Duration;

const TINY: Duration = Duration::from_millis(1);

/// A client answering from these exchanges of `file`, in order, with retries off (a retry
/// would consume the next exchange and hide a mismatch).
fn replay(file: &str, names: &[&str]) -> (Client, ReplayClient) {
    let path = format!("{}/recordings/{file}", env!("CARGO_MANIFEST_DIR"));
    let rec = Recording::load(&path).unwrap_or_else(|e| panic!("{e}")).select(names);
    assert_eq!(rec.exchanges.len(), names.len(), "{file} lacks one of {names:?}");
    let replay = ReplayClient::from_recording(rec);
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDREPLAY", "replay-secret", None))
        .endpoint_url("http://127.0.0.1:5000")
        .http_client(replay.clone())
        .retry(RetryConfig::disabled())
        .build();
    (Client::new(config), replay)
}

#[tokio::test]
async fn copy_snapshot_success_and_modeled_error() {
    let (c, replay) = replay("copy-snapshot.json", &["success", "snapshot-already-exists"]);
    let request = || c.copy_snapshot().source_snapshot_name("replay-snap").target_snapshot_name("replay-snap-copy");
    let kms = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    let out = request().kms_key_id(kms).send().await.expect("copy");
    assert_eq!(out.request_id.as_deref(), Some("2f0e7c1a-5b4d-4e3f-9a8b-7c6d5e4f3a21"));
    let snap = out.snapshot.expect("snapshot");
    assert_eq!(snap.snapshot_name.as_deref(), Some("replay-snap-copy"));
    assert_eq!(snap.automatic_failover, Some(AutomaticFailoverStatus::Enabled));
    let nodes = snap.node_snapshots.expect("node snapshots");
    assert_eq!(nodes[0].node_group_configuration.as_ref().and_then(|n| n.slots.as_deref()), Some("0-8191"));

    let e = request().send().await.unwrap_err();
    let SdkError::Service(CopySnapshotError::SnapshotAlreadyExistsFault(e)) = e else { panic!("{e:?}") };
    assert_eq!(e.message(), Some("Snapshot replay-snap already exists."));
    replay.assert_all_used();
}

/// CacheClusterNotFound is not an error CopySnapshot lists, but DescribeCacheClusters, in the
/// subset, does: it is the service-wide `Unlisted` error, as in the full crate.
#[tokio::test]
async fn an_error_another_kept_operation_lists_is_unlisted() {
    let (c, replay) = replay("copy-snapshot.json", &["unlisted-modeled-code"]);
    let e = c.copy_snapshot().source_snapshot_name("replay-snap").target_snapshot_name("replay-snap-copy");
    let e = e.send().await.unwrap_err();
    let SdkError::Service(CopySnapshotError::Unlisted(e)) = e else { panic!("{e:?}") };
    assert!(matches!(*e, awsgen_elasticache_mini::Error::CacheClusterNotFoundFault(_)), "{e:?}");
    replay.assert_all_used();
}

#[tokio::test]
async fn describe_snapshots_and_a_missing_one() {
    let (c, replay) = replay("elasticache-moto.json", &["describe-snapshots", "describe-snapshots-missing"]);
    let out = c.describe_snapshots().snapshot_name("replay-snap").send().await.expect("describe");
    let snaps = out.snapshots.expect("snapshots");
    assert_eq!(snaps.len(), 1);
    assert_eq!(snaps[0].cache_cluster_id.as_deref(), Some("replay-redis"));
    assert_eq!(snaps[0].port, Some(6379));
    let missing = c.describe_snapshots().snapshot_name("replay-no-such-snap").send().await.unwrap_err();
    let SdkError::Service(DescribeSnapshotsError::SnapshotNotFoundFault(e)) = missing else { panic!("{missing:?}") };
    assert_eq!(e.meta.status, 404);
    replay.assert_all_used();
}

/// The paginator of DescribeCacheClusters sends the marker of page 1 for page 2.
#[tokio::test]
async fn describe_cache_clusters_pages() {
    let (c, replay) =
        replay("elasticache-moto.json", &["describe-cache-clusters-page-1", "describe-cache-clusters-page-2"]);
    let pages: Vec<_> = c.describe_cache_clusters().max_records(1).into_paginator().send().collect().await;
    let ids: Vec<String> = pages
        .into_iter()
        .flat_map(|p| p.expect("a page").cache_clusters.unwrap_or_default())
        .map(|c| c.cache_cluster_id.unwrap_or_default())
        .collect();
    assert_eq!(ids, ["replay-redis", "replay-memcached"]);
    replay.assert_all_used();
}

/// Both waiters on DescribeCacheClusters, decided on moto's answers.
#[tokio::test]
async fn cache_cluster_waiters() {
    let (c, replay) = replay("waiters-moto.json", &["poll-cache-cluster-available", "poll-cache-cluster-missing"]);
    let done = c
        .wait_until_cache_cluster_available()
        .cache_cluster_id("waiter-redis")
        .min_delay(TINY)
        .max_delay(TINY)
        .wait(Duration::from_secs(60))
        .await
        .expect("available");
    let cluster = &done.output().unwrap().cache_clusters.as_ref().unwrap()[0];
    assert_eq!(cluster.cache_cluster_status.as_deref(), Some("available"));
    let done = c
        .wait_until_cache_cluster_deleted()
        .cache_cluster_id("waiter-missing")
        .min_delay(TINY)
        .max_delay(TINY)
        .wait(Duration::from_secs(60))
        .await
        .expect("deleted");
    match done.into_result() {
        Err(SdkError::Service(DescribeCacheClustersError::CacheClusterNotFoundFault(_))) => {}
        other => panic!("expected the not-found error, got {other:?}"),
    }
    replay.assert_all_used();
}
