//! Live runs against a real third-party implementation of the ElastiCache API: moto's server
//! on 127.0.0.1. `cargo xtask test` installs moto (pinned) into `target/`, starts it, and runs
//! these with `AWSGEN_MOTO_URL` set; a plain `cargo test` skips them (they are `#[ignore]`d
//! with that reason, since there is no server to talk to).

use awsgen_elasticache::operation::describe_users::DescribeUsersError;
use awsgen_elasticache::runtime::credentials::Credentials;
use awsgen_elasticache::runtime::retry::RetryConfig;
use awsgen_elasticache::types::Tag;
use awsgen_elasticache::{Client, Config, SdkError};
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

/// A unique name per run, so reruns against a long-lived server do not collide.
fn unique(prefix: &str) -> String {
    let n = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() % 1_000_000_000;
    format!("{prefix}-{n}")
}

#[tokio::test]
#[ignore = "needs a moto server: `cargo xtask test` starts one and runs this"]
async fn cluster_snapshot_lifecycle() {
    let c = client();
    let id = unique("awsgen");
    let created = c
        .create_cache_cluster()
        .cache_cluster_id(&id)
        .engine("redis")
        .cache_node_type("cache.t3.micro")
        .num_cache_nodes(1)
        .tags(Tag { key: Some("team".into()), value: Some("cache".into()) })
        .send()
        .await
        .expect("create");
    let cluster = created.cache_cluster.expect("cluster in reply");
    assert_eq!(cluster.cache_cluster_id.as_deref(), Some(id.as_str()));
    assert_eq!(cluster.engine.as_deref(), Some("redis"));
    assert!(created.request_id.is_some());

    let listed = c.describe_cache_clusters().cache_cluster_id(&id).send().await.expect("describe");
    let clusters = listed.cache_clusters.unwrap_or_default();
    assert_eq!(clusters.len(), 1);
    assert_eq!(clusters[0].num_cache_nodes, Some(1));

    let snap_name = unique("snap");
    let snap = c.create_snapshot().cache_cluster_id(&id).snapshot_name(&snap_name).send().await.expect("snapshot");
    assert_eq!(snap.snapshot.and_then(|s| s.snapshot_name).as_deref(), Some(snap_name.as_str()));
    let snaps = c.describe_snapshots().snapshot_name(&snap_name).send().await.expect("describe snapshots");
    assert_eq!(snaps.snapshots.unwrap_or_default().len(), 1);

    let deleted = c.delete_cache_cluster().cache_cluster_id(&id).send().await.expect("delete");
    assert!(deleted.cache_cluster.is_some());
}

#[tokio::test]
#[ignore = "needs a moto server: `cargo xtask test` starts one and runs this"]
async fn modeled_errors_come_back_typed() {
    let c = client();
    let err = c.describe_users().user_id("no-such-user").send().await.unwrap_err();
    match err {
        SdkError::Service(DescribeUsersError::UserNotFoundFault(e)) => {
            assert_eq!(e.meta.code, "UserNotFound");
            assert!(e.message().unwrap_or_default().contains("no-such-user"));
            assert!(e.request_id().is_some());
            assert_eq!(e.meta.status, 404);
        }
        other => panic!("expected UserNotFoundFault, got {other:?}"),
    }
    let err = c.describe_snapshots().snapshot_name("no-such-snapshot").send().await.unwrap_err();
    assert!(
        matches!(
            err,
            SdkError::Service(
                awsgen_elasticache::operation::describe_snapshots::DescribeSnapshotsError::SnapshotNotFoundFault(_)
            )
        ),
        "{err:?}"
    );
}

/// moto does not implement CopySnapshot and answers with an HTML 500 page: the client retries
/// it (5xx is transient), then reports an unparseable response with status and body excerpt.
#[tokio::test]
#[ignore = "needs a moto server: `cargo xtask test` starts one and runs this"]
async fn an_unimplemented_operation_is_a_typed_response_error() {
    let err = client().copy_snapshot().source_snapshot_name("a").target_snapshot_name("b").send().await.unwrap_err();
    match err {
        SdkError::Response(e) => {
            assert_eq!(e.status, 500);
            assert!(e.body_excerpt.contains("Internal Server Error"), "{e}");
        }
        other => panic!("expected a response error, got {other:?}"),
    }
}

#[tokio::test]
#[ignore = "needs a moto server: `cargo xtask test` starts one and runs this"]
async fn users_and_tags_round_trip() {
    let c = client();
    let user = unique("user");
    let created = c
        .create_user()
        .user_id(&user)
        .user_name(&user)
        .engine("redis")
        .access_string("on ~* +@all")
        .no_password_required(true)
        .send()
        .await
        .expect("create user");
    let arn = created.arn.expect("arn");
    c.add_tags_to_resource()
        .resource_name(&arn)
        .tags(Tag { key: Some("owner".into()), value: Some("awsgen".into()) })
        .send()
        .await
        .expect("tag");
    let tags = c.list_tags_for_resource().resource_name(&arn).send().await.expect("list tags");
    let tags = tags.tag_list.unwrap_or_default();
    assert!(tags.iter().any(|t| t.key.as_deref() == Some("owner") && t.value.as_deref() == Some("awsgen")), "{tags:?}");
    let users = c.describe_users().user_id(&user).send().await.expect("describe");
    assert_eq!(users.users.unwrap_or_default()[0].user_name.as_deref(), Some(user.as_str()));
    c.delete_user().user_id(&user).send().await.expect("delete user");
}
