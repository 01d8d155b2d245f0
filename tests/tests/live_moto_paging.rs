//! Paginators and waiters against a real moto server on 127.0.0.1 (`cargo xtask test` installs
//! and starts it, then runs these with `AWSGEN_MOTO_URL` set; a plain `cargo test` skips them,
//! since there is no server to talk to). moto pages `DescribeCacheClusters` by the model's
//! `MaxRecords`/`Marker`, and creates clusters and replication groups already `available`.

use awsgen_elasticache::runtime::credentials::Credentials;
use awsgen_elasticache::runtime::retry::RetryConfig;
use awsgen_elasticache::runtime::waiter::WaiterError;
use awsgen_elasticache::{Client, Config, SdkError};
use std::collections::BTreeSet;
use std::time::Duration;

fn client() -> Client {
    let url = std::env::var("AWSGEN_MOTO_URL").expect("AWSGEN_MOTO_URL: run through `cargo xtask test`");
    Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDMOTO", "moto-secret", None))
            .endpoint_url(url)
            .retry(RetryConfig { max_attempts: 2, initial_backoff: Duration::from_millis(10), ..Default::default() })
            .build(),
    )
}

/// A unique prefix per run, so reruns against a long-lived server do not collide.
fn unique(prefix: &str) -> String {
    let n = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() % 1_000_000_000;
    format!("{prefix}-{n}")
}

async fn create_cluster(c: &Client, id: &str) {
    c.create_cache_cluster()
        .cache_cluster_id(id)
        .engine("redis")
        .cache_node_type("cache.t3.micro")
        .num_cache_nodes(1)
        .send()
        .await
        .unwrap_or_else(|e| panic!("create {id}: {e}"));
}

/// More clusters than one page holds (ElastiCache's smallest `MaxRecords` is 20): every one
/// arrives exactly once, over several pages that each respect the limit.
#[tokio::test]
#[ignore = "needs a moto server: `cargo xtask test` starts one and runs this"]
async fn paging_through_more_clusters_than_a_page_holds() {
    let c = client();
    let prefix = unique("page");
    let mine: BTreeSet<String> = (0..25).map(|i| format!("{prefix}-{i:02}")).collect();
    for id in &mine {
        create_cluster(&c, id).await;
    }

    let pages: Vec<_> = c.describe_cache_clusters().into_paginator().page_size(20).send().collect().await;
    assert!(pages.len() >= 2, "{} page(s) for at least 25 clusters", pages.len());
    let mut seen = Vec::new();
    for page in pages {
        let page = page.expect("page");
        let clusters = page.cache_clusters.unwrap_or_default();
        assert!(clusters.len() <= 20, "a page of {} clusters", clusters.len());
        seen.extend(clusters.into_iter().filter_map(|cl| cl.cache_cluster_id));
    }
    let found: BTreeSet<String> = seen.iter().filter(|id| id.starts_with(&prefix)).cloned().collect();
    assert_eq!(found, mine);
    let unique_ids: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(unique_ids.len(), seen.len(), "a cluster appeared on two pages");

    // The items view walks the same pages.
    let items: Vec<_> = c.describe_cache_clusters().max_records(20).into_paginator().items().send().collect().await;
    let ids: BTreeSet<String> = items
        .into_iter()
        .map(|i| i.expect("item").cache_cluster_id.expect("id"))
        .filter(|id| id.starts_with(&prefix))
        .collect();
    assert_eq!(ids, mine);

    for id in &mine {
        c.delete_cache_cluster().cache_cluster_id(id).send().await.expect("delete");
    }
}

/// `CacheClusterAvailable` on a cluster moto reports available; after deletion the cluster is
/// `deleting`, a failure state; `CacheClusterDeleted` on an unknown id succeeds on the
/// `CacheClusterNotFound` error.
#[tokio::test]
#[ignore = "needs a moto server: `cargo xtask test` starts one and runs this"]
async fn cache_cluster_waiters() {
    let c = client();
    let id = unique("wait");
    create_cluster(&c, &id).await;
    let done = c
        .wait_until_cache_cluster_available()
        .cache_cluster_id(&id)
        .min_delay(Duration::from_millis(100))
        .wait(Duration::from_secs(30))
        .await
        .expect("available");
    let cluster = &done.output().unwrap().cache_clusters.as_ref().unwrap()[0];
    assert_eq!(cluster.cache_cluster_status.as_deref(), Some("available"));

    c.delete_cache_cluster().cache_cluster_id(&id).send().await.expect("delete");
    let err = c
        .wait_until_cache_cluster_available()
        .cache_cluster_id(&id)
        .min_delay(Duration::from_millis(100))
        .wait(Duration::from_secs(30))
        .await
        .unwrap_err();
    let WaiterError::FailureState(last) = &err else { panic!("expected a failure state, got {err:?}") };
    let cluster = &last.output().unwrap().cache_clusters.as_ref().unwrap()[0];
    assert_eq!(cluster.cache_cluster_status.as_deref(), Some("deleting"));

    let gone = c
        .wait_until_cache_cluster_deleted()
        .cache_cluster_id(unique("never-created"))
        .wait(Duration::from_secs(30))
        .await
        .expect("not found counts as deleted");
    assert!(matches!(gone.as_result(), Err(SdkError::Service(e)) if e.code() == "CacheClusterNotFound"));
}

#[tokio::test]
#[ignore = "needs a moto server: `cargo xtask test` starts one and runs this"]
async fn replication_group_available() {
    let c = client();
    let id = unique("rg");
    c.create_replication_group()
        .replication_group_id(&id)
        .replication_group_description("awsgen waiter test")
        .engine("redis")
        .cache_node_type("cache.t3.micro")
        .num_cache_clusters(1)
        .send()
        .await
        .expect("create replication group");
    let done = c
        .wait_until_replication_group_available()
        .replication_group_id(&id)
        .min_delay(Duration::from_millis(100))
        .wait(Duration::from_secs(30))
        .await
        .expect("available");
    let group = &done.output().unwrap().replication_groups.as_ref().unwrap()[0];
    assert_eq!(group.replication_group_id.as_deref(), Some(id.as_str()));
    assert_eq!(group.status.as_deref(), Some("available"));
    c.delete_replication_group().replication_group_id(&id).send().await.expect("delete");
}
