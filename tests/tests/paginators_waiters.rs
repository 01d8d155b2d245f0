//! Generated paginators and waiters, replayed offline from recordings through the generated
//! client and the runtime's `ReplayClient` (which checks every request's form parameters against
//! the recording, so a wrong marker or a missing waiter input fails the replay):
//!
//! - `recordings/paging-moto.json` (`cargo xtask record paging-moto`): 25 clusters created in
//!   moto 5.2.5, paged 20 at a time by the captured `Marker`, deleted;
//! - `recordings/waiters-moto.json` (`cargo xtask record waiters-moto`): what each waiter polls,
//!   as moto answers it (every waiter there ends on its first poll);
//! - `recordings/waiters-hand-written.json`, `recordings/paginators-hand-written.json`: the
//!   sequences no server here produces (`creating` → `available`, a repeated marker, ...), written
//!   by hand and marked `"hand_written": true` with a note each.
//!
//! Waits use overridden delays of a millisecond; nothing here measures time.

use awsgen_elasticache::operation::describe_cache_clusters::DescribeCacheClustersError;
use awsgen_elasticache::runtime::credentials::Credentials;
use awsgen_elasticache::runtime::replay::{Recording, ReplayClient};
use awsgen_elasticache::runtime::retry::RetryConfig;
use awsgen_elasticache::runtime::waiter::WaiterError;
use awsgen_elasticache::{Client, Config, SdkError};
use futures_util::StreamExt;
use std::collections::BTreeSet;
use std::time::Duration;

const PAGING: &str = "paging-moto.json";
const WAITERS: &str = "waiters-moto.json";
const WAITERS_BY_HAND: &str = "waiters-hand-written.json";
const PAGING_BY_HAND: &str = "paginators-hand-written.json";

/// A poll delay that keeps the suite fast without removing the sleep.
const TINY: Duration = Duration::from_millis(1);

fn load(file: &str) -> Recording {
    let path = format!("{}/recordings/{file}", env!("CARGO_MANIFEST_DIR"));
    Recording::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// A client answering from these exchanges of `file` (all of them when `names` is empty).
fn replay(file: &str, names: &[&str]) -> (Client, ReplayClient) {
    let rec = load(file);
    let rec = if names.is_empty() { rec } else { rec.select(names) };
    assert!(names.is_empty() || rec.exchanges.len() == names.len(), "{file} lacks one of {names:?}");
    let replay = ReplayClient::from_recording(rec);
    let client = Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDREPLAY", "replay-secret", None))
            .endpoint_url("http://127.0.0.1:5000")
            .http_client(replay.clone())
            // A retried request would consume the next exchange and hide a mismatch.
            .retry(RetryConfig::disabled())
            .build(),
    );
    (client, replay)
}

/// The clusters `paging-moto` created, in creation order.
fn pager_ids() -> Vec<String> {
    (0..25).map(|i| format!("pager-{i:02}")).collect()
}

const PAGES: &[&str] = &["describe-cache-clusters-page-1", "describe-cache-clusters-page-2"];

/// The whole moto scenario replayed through typed calls: 25 creates, the paginator, 25 deletes.
#[tokio::test]
async fn moto_pages_more_clusters_than_one_page_holds() {
    let (c, replay) = replay(PAGING, &[]);
    for id in pager_ids() {
        c.create_cache_cluster()
            .cache_cluster_id(&id)
            .engine("redis")
            .cache_node_type("cache.t3.micro")
            .num_cache_nodes(1)
            .send()
            .await
            .unwrap_or_else(|e| panic!("create {id}: {e}"));
    }

    let pages: Vec<_> = c.describe_cache_clusters().into_paginator().page_size(20).send().collect().await;
    assert_eq!(pages.len(), 2, "25 clusters at 20 a page");
    let mut seen = Vec::new();
    let mut markers = Vec::new();
    for page in pages {
        let page = page.expect("page");
        markers.push(page.marker.is_some());
        seen.extend(page.cache_clusters.unwrap_or_default().into_iter().map(|cl| cl.cache_cluster_id.expect("id")));
        if markers.len() == 1 {
            assert_eq!(seen.len(), 20, "the first page is full");
        }
    }
    assert_eq!(markers, [true, false], "a marker on the first page only");
    assert_eq!(seen, pager_ids(), "every cluster once, in moto's order");

    for id in pager_ids() {
        let out = c.delete_cache_cluster().cache_cluster_id(&id).send().await.expect("delete");
        assert_eq!(out.cache_cluster.and_then(|cl| cl.cache_cluster_id).as_deref(), Some(id.as_str()));
    }
    replay.assert_all_used();
}

/// `.items()` flattens the same two recorded pages into 25 clusters, each seen once.
#[tokio::test]
async fn moto_pages_stream_as_items() {
    let (c, replay) = replay(PAGING, PAGES);
    let mut items = c.describe_cache_clusters().max_records(20).into_paginator().items().send();
    let mut ids = Vec::new();
    // Through the `Stream` trait, as a `futures` user would.
    while let Some(cluster) = StreamExt::next(&mut items).await {
        ids.push(cluster.expect("item").cache_cluster_id.expect("id"));
    }
    assert_eq!(ids.len(), 25);
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), 25, "a cluster seen twice: {ids:?}");
    assert_eq!(ids, pager_ids());
    assert_eq!(replay.sent().len(), 2);
    replay.assert_all_used();
}

/// The marker the paginator sent second is the one moto handed back first (the replay checks it
/// too: a different marker would be a mismatch).
#[tokio::test]
async fn the_second_request_carries_the_first_page_s_marker() {
    let (c, replay) = replay(PAGING, PAGES);
    let pages: Vec<_> = c.describe_cache_clusters().into_paginator().page_size(20).send().collect().await;
    let first_marker = pages[0].as_ref().expect("page").marker.clone().expect("a marker");
    let sent = replay.sent();
    let second = awsgen_elasticache::runtime::replay::form_params(&sent[1].body);
    assert!(second.contains(&("Marker".to_string(), first_marker)), "{second:?}");
    assert!(second.contains(&("MaxRecords".to_string(), "20".to_string())), "{second:?}");
    replay.assert_all_used();
}

/// A service that hands back a token it already returned would make the loop endless: the
/// page still arrives, then the stream ends with an error naming the token.
#[tokio::test]
async fn a_repeated_token_ends_the_stream_with_an_error() {
    let (c, replay) = replay(PAGING_BY_HAND, &["repeat-page-1", "repeat-page-2"]);
    let mut pages = c.describe_cache_clusters().into_paginator().send();
    let first = pages.next().await.expect("first page").expect("ok");
    assert_eq!(first.marker.as_deref(), Some("m1"));
    let second = pages.next().await.expect("second page").expect("ok");
    assert_eq!(second.cache_clusters.unwrap()[0].cache_cluster_id.as_deref(), Some("c9"));
    match pages.next().await {
        Some(Err(SdkError::Response(e))) => {
            assert!(e.reason.contains("\"m1\" a second time"), "{e}");
            assert!(e.reason.contains("DescribeCacheClusters"), "{e}");
        }
        other => panic!("expected the repeated-token error, got {other:?}"),
    }
    assert!(pages.next().await.is_none());
    // No third request: the recording has none to give.
    replay.assert_all_used();
}

/// A token the caller sets is where paging starts, and it counts as seen.
#[tokio::test]
async fn paging_starts_at_the_caller_s_marker() {
    let (c, replay) = replay(PAGING_BY_HAND, &["repeat-page-2"]);
    let pages: Vec<_> = c.describe_cache_clusters().marker("m1").into_paginator().send().collect().await;
    assert_eq!(pages.len(), 2);
    assert!(pages[0].is_ok());
    assert!(matches!(&pages[1], Err(SdkError::Response(e)) if e.reason.contains("second time")));
    replay.assert_all_used();
}

#[tokio::test]
async fn an_error_page_ends_the_stream() {
    let (c, replay) = replay(PAGING_BY_HAND, &["repeat-page-1", "error-page-2"]);
    let items: Vec<_> = c.describe_cache_clusters().into_paginator().items().send().collect().await;
    assert_eq!(items.len(), 3);
    assert!(items[..2].iter().all(Result::is_ok));
    match &items[2] {
        Err(SdkError::Service(DescribeCacheClustersError::CacheClusterNotFoundFault(e))) => {
            assert_eq!(e.meta.status, 404);
        }
        other => panic!("expected CacheClusterNotFound, got {other:?}"),
    }
    replay.assert_all_used();
}

/// `DescribeEngineDefaultParameters` keeps its marker and items inside `EngineDefaults`.
#[tokio::test]
async fn nested_token_and_items_paths() {
    let (c, replay) = replay(PAGING_BY_HAND, &["engine-defaults-page-1", "engine-defaults-page-2"]);
    let names: Vec<String> = c
        .describe_engine_default_parameters()
        .cache_parameter_group_family("redis7")
        .into_paginator()
        .items()
        .send()
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .map(|p| p.expect("item").parameter_name.expect("name"))
        .collect();
    assert_eq!(names, ["activerehashing", "appendonly", "maxmemory-policy"]);
    replay.assert_all_used();
}

/// A missing required member fails the paginator before any I/O.
#[tokio::test]
async fn a_paginator_with_a_missing_required_member_fails_first() {
    let replay = ReplayClient::new(vec![]);
    let c = Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
            .http_client(replay.clone())
            .build(),
    );
    let pages: Vec<_> = c.describe_engine_default_parameters().into_paginator().send().collect().await;
    assert!(matches!(&pages[..], [Err(SdkError::InvalidRequest(e))] if e.member == "CacheParameterGroupFamily"));
    assert!(replay.sent().is_empty());
}

/// The moto waiter scenario replayed end to end: each waiter decides on its first poll, as
/// moto answers it.
#[tokio::test]
async fn moto_waiters_decide_on_moto_s_answers() {
    let (c, replay) = replay(WAITERS, &[]);
    c.create_cache_cluster()
        .cache_cluster_id("waiter-redis")
        .engine("redis")
        .cache_node_type("cache.t3.micro")
        .num_cache_nodes(1)
        .send()
        .await
        .expect("create");
    let done = c
        .wait_until_cache_cluster_available()
        .cache_cluster_id("waiter-redis")
        .min_delay(TINY)
        .max_delay(TINY)
        .wait(Duration::from_secs(60))
        .await
        .expect("moto creates clusters available");
    let cluster = &done.output().unwrap().cache_clusters.as_ref().unwrap()[0];
    assert_eq!(cluster.cache_cluster_status.as_deref(), Some("available"));
    assert_eq!(replay.sent().len(), 2, "one poll");

    c.delete_cache_cluster().cache_cluster_id("waiter-redis").send().await.expect("delete");
    // moto describes the deleted cluster as `deleting`: a failure acceptor of CacheClusterAvailable.
    let err = c
        .wait_until_cache_cluster_available()
        .cache_cluster_id("waiter-redis")
        .min_delay(TINY)
        .max_delay(TINY)
        .wait(Duration::from_secs(60))
        .await
        .unwrap_err();
    let WaiterError::FailureState(last) = &err else { panic!("expected a failure state, got {err:?}") };
    let out = last.output().expect("the output that matched");
    assert_eq!(out.cache_clusters.as_ref().unwrap()[0].cache_cluster_status.as_deref(), Some("deleting"));
    assert_eq!(replay.sent().len(), 4, "one poll");

    // CacheClusterDeleted succeeds on the CacheClusterNotFound error.
    let done = c
        .wait_until_cache_cluster_deleted()
        .cache_cluster_id("waiter-missing")
        .min_delay(TINY)
        .max_delay(TINY)
        .wait(Duration::from_secs(60))
        .await
        .expect("not found means deleted");
    match done.into_result() {
        Err(SdkError::Service(e)) => assert_eq!(e.code(), "CacheClusterNotFound"),
        other => panic!("expected the not-found error, got {other:?}"),
    }

    c.create_replication_group()
        .replication_group_id("waiter-rg")
        .replication_group_description("waiter group")
        .engine("redis")
        .cache_node_type("cache.t3.micro")
        .num_cache_clusters(1)
        .send()
        .await
        .expect("create group");
    let done = c
        .wait_until_replication_group_available()
        .replication_group_id("waiter-rg")
        .min_delay(TINY)
        .max_delay(TINY)
        .wait(Duration::from_secs(60))
        .await
        .expect("moto creates groups available");
    assert_eq!(done.output().unwrap().replication_groups.as_ref().unwrap()[0].status.as_deref(), Some("available"));
    c.delete_replication_group().replication_group_id("waiter-rg").send().await.expect("delete group");
    replay.assert_all_used();
}

#[tokio::test]
async fn cache_cluster_available_waits_through_creating() {
    let (c, replay) = replay(WAITERS_BY_HAND, &["available-poll-1", "available-poll-2", "available-poll-3"]);
    let done = c
        .wait_until_cache_cluster_available()
        .cache_cluster_id("my-cluster")
        .min_delay(TINY)
        .max_delay(TINY)
        .wait(Duration::from_secs(60))
        .await
        .expect("reaches available");
    let out = done.output().expect("an output");
    assert_eq!(out.cache_clusters.as_ref().unwrap()[0].cache_cluster_status.as_deref(), Some("available"));
    assert_eq!(replay.sent().len(), 3, "three polls");
    replay.assert_all_used();
}

/// `deleted` is a failure acceptor of `CacheClusterAvailable`: the wait ends with an error that
/// carries the output that matched.
#[tokio::test]
async fn a_failure_acceptor_ends_the_wait_with_the_last_output() {
    let (c, replay) = replay(WAITERS_BY_HAND, &["failure-poll-1", "failure-poll-2"]);
    let err = c
        .wait_until_cache_cluster_available()
        .cache_cluster_id("my-cluster")
        .min_delay(TINY)
        .max_delay(TINY)
        .wait(Duration::from_secs(60))
        .await
        .unwrap_err();
    let WaiterError::FailureState(last) = &err else { panic!("expected a failure state, got {err:?}") };
    let out = last.output().expect("the output that matched");
    assert_eq!(out.cache_clusters.as_ref().unwrap()[0].cache_cluster_status.as_deref(), Some("deleted"));
    assert_eq!(out.request_id.as_deref(), Some("req-cluster-deleted"));
    assert_eq!(err.to_string(), "waiter reached a failure state");
    replay.assert_all_used();
}

/// `CacheClusterDeleted` polls again on `deleting` and succeeds on the `CacheClusterNotFound`
/// error.
#[tokio::test]
async fn cache_cluster_deleted_ends_on_the_not_found_error() {
    let (c, replay) = replay(WAITERS_BY_HAND, &["deleted-poll-1", "deleted-poll-2"]);
    let done = c
        .wait_until_cache_cluster_deleted()
        .cache_cluster_id("my-cluster")
        .min_delay(TINY)
        .max_delay(TINY)
        .wait(Duration::from_secs(60))
        .await
        .expect("not found means deleted");
    match done.into_result() {
        Err(SdkError::Service(e)) => assert_eq!(e.code(), "CacheClusterNotFound"),
        other => panic!("expected the not-found error, got {other:?}"),
    }
    assert_eq!(replay.sent().len(), 2);
    replay.assert_all_used();
}

/// An error no acceptor expects stops the wait at once, as that error.
#[tokio::test]
async fn an_unexpected_error_stops_the_wait() {
    let (c, replay) = replay(WAITERS_BY_HAND, &["unexpected-error"]);
    let err = c
        .wait_until_cache_cluster_available()
        .cache_cluster_id("my-cluster")
        .min_delay(TINY)
        .wait(Duration::from_secs(60))
        .await
        .unwrap_err();
    assert!(matches!(&err, WaiterError::OperationFailed(SdkError::Service(e)) if e.code() == "CacheClusterNotFound"));
    assert!(err.last_poll().is_none());
    replay.assert_all_used();
}

#[tokio::test]
async fn attempts_and_max_wait_limit_the_wait() {
    let (c, replay) = replay(WAITERS_BY_HAND, &["limit-poll-1", "limit-poll-2", "limit-poll-3"]);
    let err = c
        .wait_until_cache_cluster_available()
        .min_delay(TINY)
        .max_delay(TINY)
        .max_attempts(Some(2))
        .wait(Duration::from_secs(60))
        .await
        .unwrap_err();
    match &err {
        WaiterError::ExceededMaxAttempts { attempts: 2, last } => {
            assert_eq!(last.output().unwrap().request_id.as_deref(), Some("req-cluster-creating"));
        }
        other => panic!("expected ExceededMaxAttempts after 2 polls, got {other:?}"),
    }
    assert_eq!(replay.sent().len(), 2);

    // The model's 15 s first delay does not fit in a 1 s budget: one poll, then give up
    // without sleeping.
    let err = c.wait_until_cache_cluster_available().wait(Duration::from_secs(1)).await.unwrap_err();
    assert!(
        matches!(&err, WaiterError::ExceededMaxWait { attempts: 1, max_wait, .. } if *max_wait == Duration::from_secs(1)),
        "{err:?}"
    );
    replay.assert_all_used();
}

#[tokio::test]
async fn replication_group_available_waits_through_creating() {
    let (c, replay) = replay(WAITERS_BY_HAND, &["replication-group-poll-1", "replication-group-poll-2"]);
    let done = c
        .wait_until_replication_group_available()
        .replication_group_id("my-group")
        .min_delay(TINY)
        .max_delay(TINY)
        .wait(Duration::from_secs(60))
        .await
        .expect("available");
    let group = &done.output().unwrap().replication_groups.as_ref().unwrap()[0];
    assert_eq!(group.status.as_deref(), Some("available"));
    assert_eq!(replay.sent().len(), 2);
    replay.assert_all_used();
}

/// Provenance: the moto recordings hold nothing written by hand; every exchange of the
/// hand-written ones says so and why.
#[test]
fn hand_written_exchanges_are_marked_with_a_reason() {
    for file in [PAGING, WAITERS] {
        let rec = load(file);
        assert_eq!(rec.source, "moto 5.2.5", "{file}");
        assert!(rec.exchanges.iter().all(|x| !x.hand_written), "{file}");
    }
    for file in [WAITERS_BY_HAND, PAGING_BY_HAND] {
        let rec = load(file);
        assert_eq!(rec.source, "hand-written", "{file}");
        for x in &rec.exchanges {
            assert!(x.hand_written && x.note.as_deref().is_some_and(|n| !n.is_empty()), "{file}: {}", x.name);
        }
    }
}
