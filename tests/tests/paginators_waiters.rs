//! Generated paginators and waiters on the wire: real HTTP over loopback against a server that
//! answers with hand-written response sequences (`tests/data/hand-written/`, see its README),
//! plus the same sequences through the replaying transport.

use awsgen_elasticache::operation::describe_cache_clusters::DescribeCacheClustersError;
use awsgen_elasticache::runtime::credentials::Credentials;
use awsgen_elasticache::runtime::retry::RetryConfig;
use awsgen_elasticache::runtime::waiter::WaiterError;
use awsgen_elasticache::{Client, Config, SdkError};
use awsgen_tests::{ok_xml, ReplayClient, Reply, TestServer};
use futures_util::StreamExt;
use std::time::Duration;

fn fixture(name: &str) -> String {
    let path = format!("{}/data/hand-written/{name}.xml", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn replies(names: &[&str]) -> Vec<Reply> {
    names.iter().map(|n| Reply::xml(if n.contains("not-found") { 404 } else { 200 }, fixture(n))).collect()
}

fn client(endpoint: &str) -> Client {
    Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None))
            .endpoint_url(endpoint)
            .retry(RetryConfig::disabled())
            .attempt_timeout(Some(Duration::from_secs(5)))
            .build(),
    )
}

/// The value of a form field in a request body.
fn form_value(body: &str, key: &str) -> Option<String> {
    body.split('&').find_map(|kv| kv.strip_prefix(&format!("{key}=")).map(str::to_string))
}

#[tokio::test]
async fn pages_follow_the_marker_until_a_page_has_none() {
    let server = TestServer::start(replies(&["clusters-page-1", "clusters-page-2", "clusters-page-3"])).await;
    let pages: Vec<_> = client(&server.url)
        .describe_cache_clusters()
        .show_cache_node_info(true)
        .into_paginator()
        .page_size(20)
        .send()
        .collect()
        .await;
    let ids: Vec<Vec<String>> = pages
        .into_iter()
        .map(|p| {
            let page = p.expect("page");
            page.cache_clusters.unwrap_or_default().into_iter().filter_map(|c| c.cache_cluster_id).collect()
        })
        .collect();
    assert_eq!(ids, vec![vec!["c1", "c2"], vec!["c3"], vec!["c4", "c5"]]);

    let got = server.received();
    assert_eq!(got.len(), 3);
    let markers: Vec<Option<String>> = got.iter().map(|r| form_value(&r.body, "Marker")).collect();
    assert_eq!(markers, vec![None, Some("m1".into()), Some("m2".into())]);
    for r in &got {
        assert_eq!(form_value(&r.body, "MaxRecords").as_deref(), Some("20"), "{}", r.body);
        assert_eq!(form_value(&r.body, "ShowCacheNodeInfo").as_deref(), Some("true"), "{}", r.body);
    }
}

#[tokio::test]
async fn items_stream_every_page_s_items_in_order() {
    let server = TestServer::start(replies(&["clusters-page-1", "clusters-page-2", "clusters-page-3"])).await;
    let mut items = client(&server.url).describe_cache_clusters().max_records(20).into_paginator().items().send();
    let mut ids = Vec::new();
    // Through the `Stream` trait, as a `futures` user would.
    while let Some(cluster) = StreamExt::next(&mut items).await {
        ids.push(cluster.expect("item").cache_cluster_id.expect("id"));
    }
    assert_eq!(ids, ["c1", "c2", "c3", "c4", "c5"]);
    assert_eq!(server.received().len(), 3);
}

/// A service that hands back a token it already returned would make the loop endless: the
/// page still arrives, then the stream ends with an error naming the token.
#[tokio::test]
async fn a_repeated_token_ends_the_stream_with_an_error() {
    // The server would keep answering `m1` forever.
    let server = TestServer::start(replies(&["clusters-page-1", "clusters-page-repeat", "clusters-page-repeat"])).await;
    let mut pages = client(&server.url).describe_cache_clusters().into_paginator().send();
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
    assert_eq!(server.received().len(), 2);
}

/// A token the caller sets is where paging starts, and it counts as seen.
#[tokio::test]
async fn paging_starts_at_the_caller_s_marker() {
    let server = TestServer::start(replies(&["clusters-page-repeat"])).await;
    let pages: Vec<_> =
        client(&server.url).describe_cache_clusters().marker("m1").into_paginator().send().collect().await;
    assert_eq!(pages.len(), 2);
    assert!(pages[0].is_ok());
    assert!(matches!(&pages[1], Err(SdkError::Response(e)) if e.reason.contains("second time")));
    assert_eq!(form_value(&server.received()[0].body, "Marker").as_deref(), Some("m1"));
}

#[tokio::test]
async fn an_error_page_ends_the_stream() {
    let server = TestServer::start(replies(&["clusters-page-1", "cluster-not-found"])).await;
    let pages: Vec<_> = client(&server.url).describe_cache_clusters().into_paginator().items().send().collect().await;
    assert_eq!(pages.len(), 3);
    assert!(pages[..2].iter().all(Result::is_ok));
    match &pages[2] {
        Err(SdkError::Service(DescribeCacheClustersError::CacheClusterNotFoundFault(e))) => {
            assert_eq!(e.meta.status, 404);
        }
        other => panic!("expected CacheClusterNotFound, got {other:?}"),
    }
}

/// `DescribeEngineDefaultParameters` keeps its marker and items inside `EngineDefaults`.
#[tokio::test]
async fn nested_token_and_items_paths_by_replay() {
    let replay =
        ReplayClient::new(vec![ok_xml(&fixture("engine-defaults-page-1")), ok_xml(&fixture("engine-defaults-page-2"))]);
    let c = Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
            .http_client(replay.clone())
            .build(),
    );
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
    let sent = replay.sent();
    assert_eq!(sent.len(), 2);
    let body = String::from_utf8(sent[1].body.clone()).unwrap();
    assert_eq!(form_value(&body, "Marker").as_deref(), Some("p2"), "{body}");
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

#[tokio::test]
async fn cache_cluster_available_waits_through_creating() {
    let server = TestServer::start(replies(&["cluster-creating", "cluster-creating", "cluster-available"])).await;
    let done = client(&server.url)
        .wait_until_cache_cluster_available()
        .cache_cluster_id("my-cluster")
        .min_delay(Duration::ZERO)
        .max_delay(Duration::ZERO)
        .wait(Duration::from_secs(60))
        .await
        .expect("reaches available");
    let out = done.output().expect("an output");
    assert_eq!(out.cache_clusters.as_ref().unwrap()[0].cache_cluster_status.as_deref(), Some("available"));
    let got = server.received();
    assert_eq!(got.len(), 3);
    for r in &got {
        assert_eq!(form_value(&r.body, "Action").as_deref(), Some("DescribeCacheClusters"));
        assert_eq!(form_value(&r.body, "CacheClusterId").as_deref(), Some("my-cluster"));
    }
}

/// `deleted` is a failure acceptor of `CacheClusterAvailable`: the wait ends with an error that
/// carries the output that matched.
#[tokio::test]
async fn a_failure_acceptor_ends_the_wait_with_the_last_output() {
    let server = TestServer::start(replies(&["cluster-creating", "cluster-deleted", "cluster-available"])).await;
    let err = client(&server.url)
        .wait_until_cache_cluster_available()
        .cache_cluster_id("my-cluster")
        .min_delay(Duration::ZERO)
        .wait(Duration::from_secs(60))
        .await
        .unwrap_err();
    let WaiterError::FailureState(last) = &err else { panic!("expected a failure state, got {err:?}") };
    let out = last.output().expect("the output that matched");
    assert_eq!(out.cache_clusters.as_ref().unwrap()[0].cache_cluster_status.as_deref(), Some("deleted"));
    assert_eq!(out.request_id.as_deref(), Some("req-cluster-deleted"));
    assert_eq!(server.received().len(), 2);
    assert_eq!(err.to_string(), "waiter reached a failure state");
}

/// `CacheClusterDeleted` succeeds on the `CacheClusterNotFound` error.
#[tokio::test]
async fn an_error_acceptor_can_be_the_success() {
    let server = TestServer::start(replies(&["cluster-not-found"])).await;
    let done = client(&server.url)
        .wait_until_cache_cluster_deleted()
        .cache_cluster_id("my-cluster")
        .wait(Duration::from_secs(60))
        .await
        .expect("not found means deleted");
    match done.into_result() {
        Err(SdkError::Service(e)) => assert_eq!(e.code(), "CacheClusterNotFound"),
        other => panic!("expected the not-found error, got {other:?}"),
    }
}

/// An error no acceptor expects stops the wait at once, as that error.
#[tokio::test]
async fn an_unexpected_error_stops_the_wait() {
    let server = TestServer::start(replies(&["cluster-not-found", "cluster-available"])).await;
    let err = client(&server.url)
        .wait_until_cache_cluster_available()
        .cache_cluster_id("my-cluster")
        .min_delay(Duration::ZERO)
        .wait(Duration::from_secs(60))
        .await
        .unwrap_err();
    assert!(matches!(&err, WaiterError::OperationFailed(SdkError::Service(e)) if e.code() == "CacheClusterNotFound"));
    assert!(err.last_poll().is_none());
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn attempts_and_max_wait_limit_the_wait() {
    let server = TestServer::start(replies(&["cluster-creating", "cluster-creating", "cluster-creating"])).await;
    let err = client(&server.url)
        .wait_until_cache_cluster_available()
        .min_delay(Duration::ZERO)
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
    assert_eq!(server.received().len(), 2);

    // The model's 15 s first delay does not fit in a 1 s budget: one poll, then give up
    // without sleeping.
    let err = client(&server.url).wait_until_cache_cluster_available().wait(Duration::from_secs(1)).await.unwrap_err();
    assert!(
        matches!(&err, WaiterError::ExceededMaxWait { attempts: 1, max_wait, .. } if *max_wait == Duration::from_secs(1)),
        "{err:?}"
    );
    assert_eq!(server.received().len(), 3);
}

#[tokio::test]
async fn replication_group_available_by_replay() {
    let replay = ReplayClient::new(vec![
        ok_xml(&fixture("replication-group-creating")),
        ok_xml(&fixture("replication-group-available")),
    ]);
    let c = Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
            .http_client(replay.clone())
            .build(),
    );
    let done = c
        .wait_until_replication_group_available()
        .replication_group_id("my-group")
        .min_delay(Duration::ZERO)
        .wait(Duration::from_secs(60))
        .await
        .expect("available");
    let group = &done.output().unwrap().replication_groups.as_ref().unwrap()[0];
    assert_eq!(group.status.as_deref(), Some("available"));
    assert_eq!(replay.sent().len(), 2);
}
