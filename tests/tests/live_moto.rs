//! Live runs against a real third-party implementation of the ElastiCache API: moto's server
//! on 127.0.0.1. `cargo xtask test` installs moto (pinned) into `target/`, starts two servers,
//! and runs these with `AWSGEN_MOTO_URL` (any signature accepted) and `AWSGEN_MOTO_AUTH_URL`
//! (a fresh server whose signature checking one test switches on) set; a plain `cargo test`
//! skips them (they are `#[ignore]`d with that reason, since there is no server to talk to).
//!
//! Together the tests call all 18 operations moto implements and provoke the errors it
//! produces. The tests run in parallel against one server, so every name is unique per run.

use awsgen_elasticache::operation::{
    create_cache_cluster::CreateCacheClusterError, create_replication_group::CreateReplicationGroupError,
    create_snapshot::CreateSnapshotError, create_user::CreateUserError, delete_cache_cluster::DeleteCacheClusterError,
    delete_snapshot::DeleteSnapshotError, describe_cache_clusters::DescribeCacheClustersError,
    describe_replication_groups::DescribeReplicationGroupsError, describe_snapshots::DescribeSnapshotsError,
    describe_users::DescribeUsersError, modify_replication_group::ModifyReplicationGroupError,
};
use awsgen_elasticache::runtime::credentials::Credentials;
use awsgen_elasticache::runtime::retry::RetryConfig;
use awsgen_elasticache::types::{AutomaticFailoverStatus, Tag};
use awsgen_elasticache::{Client, Config, SdkError};
use awsgen_tests::{signed_query, xml_text};
use std::time::Duration;

fn moto_url() -> String {
    std::env::var("AWSGEN_MOTO_URL").expect("AWSGEN_MOTO_URL: run through `cargo xtask test`")
}

fn client_with(url: String, credentials: Credentials) -> Client {
    Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(credentials)
            .endpoint_url(url)
            .retry(RetryConfig { max_attempts: 2, initial_backoff: Duration::from_millis(10), ..Default::default() })
            .build(),
    )
}

fn client() -> Client {
    client_with(moto_url(), Credentials::new("AKIDMOTO", "moto-secret", None))
}

/// A unique name per test and run, so parallel tests and reruns against a long-lived server do
/// not collide.
fn unique(prefix: &str) -> String {
    let n = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() % 1_000_000_000;
    format!("{prefix}-{n}")
}

fn tag(key: &str, value: &str) -> Tag {
    Tag { key: Some(key.into()), value: Some(value.into()) }
}

#[tokio::test]
#[ignore = "needs a moto server: `cargo xtask test` starts one and runs this"]
async fn cache_clusters_and_subnet_groups() {
    let c = client();
    let subnets = unique("live-subnets");
    let group = c
        .create_cache_subnet_group()
        .cache_subnet_group_name(&subnets)
        .cache_subnet_group_description("live test")
        .subnet_ids("subnet-11111111")
        .send()
        .await
        .expect("create subnet group")
        .cache_subnet_group
        .expect("group");
    assert_eq!(group.cache_subnet_group_name.as_deref(), Some(subnets.as_str()));
    let groups = c.describe_cache_subnet_groups().cache_subnet_group_name(&subnets).send().await.expect("describe");
    let groups = groups.cache_subnet_groups.unwrap_or_default();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].subnets.as_ref().map(Vec::len), Some(1));

    let id = unique("live-redis");
    let created = c
        .create_cache_cluster()
        .cache_cluster_id(&id)
        .engine("redis")
        .cache_node_type("cache.t3.micro")
        .num_cache_nodes(1)
        .cache_subnet_group_name(&subnets)
        .tags(tag("team", "cache"))
        .send()
        .await
        .expect("create");
    let cluster = created.cache_cluster.expect("cluster in reply");
    assert_eq!(cluster.cache_cluster_id.as_deref(), Some(id.as_str()));
    assert_eq!(cluster.engine.as_deref(), Some("redis"));
    assert_eq!(cluster.cache_subnet_group_name.as_deref(), Some(subnets.as_str()));
    assert!(created.request_id.is_some());

    let again = c.create_cache_cluster().cache_cluster_id(&id).engine("redis").cache_node_type("cache.t3.micro");
    let err = again.num_cache_nodes(1).send().await.unwrap_err();
    match err {
        SdkError::Service(CreateCacheClusterError::CacheClusterAlreadyExistsFault(e)) => {
            assert_eq!(e.meta.code, "CacheClusterAlreadyExists");
            assert_eq!(e.meta.status, 400);
            assert!(e.message().unwrap_or_default().contains(&id), "{e:?}");
        }
        other => panic!("expected CacheClusterAlreadyExistsFault, got {other:?}"),
    }
    let err = c.create_cache_cluster().cache_cluster_id(unique("live-untyped")).num_cache_nodes(1).send().await;
    assert!(
        matches!(err, Err(SdkError::Service(CreateCacheClusterError::InvalidParameterValueException(_)))),
        "{err:?}"
    );

    let listed = c.describe_cache_clusters().cache_cluster_id(&id).send().await.expect("describe");
    let clusters = listed.cache_clusters.unwrap_or_default();
    assert_eq!(clusters.len(), 1);
    assert_eq!(clusters[0].num_cache_nodes, Some(1));

    let missing = unique("live-missing");
    let err = c.describe_cache_clusters().cache_cluster_id(&missing).send().await.unwrap_err();
    match err {
        SdkError::Service(DescribeCacheClustersError::CacheClusterNotFoundFault(e)) => {
            assert_eq!((e.meta.code.as_str(), e.meta.status), ("CacheClusterNotFound", 404));
        }
        other => panic!("expected CacheClusterNotFoundFault, got {other:?}"),
    }

    let deleted = c.delete_cache_cluster().cache_cluster_id(&id).send().await.expect("delete");
    assert_eq!(deleted.cache_cluster.and_then(|c| c.cache_cluster_status).as_deref(), Some("deleting"));
    let err = c.delete_cache_cluster().cache_cluster_id(&missing).send().await;
    assert!(matches!(err, Err(SdkError::Service(DeleteCacheClusterError::CacheClusterNotFoundFault(_)))), "{err:?}");
}

/// `MaxRecords` and `Marker` walk every cluster one page at a time.
#[tokio::test]
#[ignore = "needs a moto server: `cargo xtask test` starts one and runs this"]
async fn describe_cache_clusters_paginates() {
    let c = client();
    let ids = [unique("live-page-a"), unique("live-page-b"), unique("live-page-c")];
    for id in &ids {
        let create = c.create_cache_cluster().cache_cluster_id(id).engine("memcached");
        create.cache_node_type("cache.t3.small").num_cache_nodes(1).send().await.expect("create");
    }
    let mut seen = Vec::new();
    let mut marker: Option<String> = None;
    let mut pages = 0;
    loop {
        let page = c.describe_cache_clusters().max_records(1).set_marker(marker.clone()).send().await.expect("page");
        pages += 1;
        let clusters = page.cache_clusters.unwrap_or_default();
        assert!(clusters.len() <= 1, "a page of {} with MaxRecords=1", clusters.len());
        seen.extend(clusters.into_iter().filter_map(|c| c.cache_cluster_id));
        marker = page.marker;
        if marker.is_none() || pages > 1000 {
            break;
        }
    }
    assert!(marker.is_none(), "the listing never ended");
    for id in &ids {
        assert_eq!(seen.iter().filter(|s| *s == id).count(), 1, "{id} in {seen:?}");
    }
    assert!(pages >= 3);
}

#[tokio::test]
#[ignore = "needs a moto server: `cargo xtask test` starts one and runs this"]
async fn snapshots_and_their_errors() {
    let c = client();
    let id = unique("live-snapsrc");
    let create = c.create_cache_cluster().cache_cluster_id(&id).engine("redis").cache_node_type("cache.t3.micro");
    create.num_cache_nodes(1).send().await.expect("create cluster");

    let name = unique("live-snap");
    let snap = c.create_snapshot().cache_cluster_id(&id).snapshot_name(&name).send().await.expect("snapshot");
    let snap = snap.snapshot.expect("snapshot");
    assert_eq!(snap.snapshot_name.as_deref(), Some(name.as_str()));
    assert_eq!(snap.cache_cluster_id.as_deref(), Some(id.as_str()));
    assert_eq!(snap.snapshot_source.as_deref(), Some("manual"));

    let err = c.create_snapshot().cache_cluster_id(&id).snapshot_name(&name).send().await.unwrap_err();
    match err {
        SdkError::Service(CreateSnapshotError::SnapshotAlreadyExistsFault(e)) => {
            assert_eq!((e.meta.code.as_str(), e.meta.status), ("SnapshotAlreadyExistsFault", 400));
            assert!(e.request_id().is_some());
        }
        other => panic!("expected SnapshotAlreadyExistsFault, got {other:?}"),
    }
    let err = c.create_snapshot().snapshot_name(unique("live-orphan")).send().await;
    assert!(matches!(err, Err(SdkError::Service(CreateSnapshotError::InvalidParameterValueException(_)))), "{err:?}");
    let both = c.create_snapshot().cache_cluster_id(&id).replication_group_id("any").snapshot_name(unique("x"));
    let err = both.send().await;
    assert!(
        matches!(err, Err(SdkError::Service(CreateSnapshotError::InvalidParameterCombinationException(_)))),
        "{err:?}"
    );
    let err = c.create_snapshot().cache_cluster_id(unique("live-missing")).snapshot_name(unique("x")).send().await;
    assert!(matches!(err, Err(SdkError::Service(CreateSnapshotError::CacheClusterNotFoundFault(_)))), "{err:?}");

    let snaps = c.describe_snapshots().snapshot_name(&name).send().await.expect("describe snapshots");
    assert_eq!(snaps.snapshots.unwrap_or_default().len(), 1);
    let by_cluster = c.describe_snapshots().cache_cluster_id(&id).send().await.expect("by cluster");
    assert_eq!(by_cluster.snapshots.unwrap_or_default().len(), 1);
    let err = c.describe_snapshots().snapshot_name(unique("live-nosnap")).send().await.unwrap_err();
    match err {
        SdkError::Service(DescribeSnapshotsError::SnapshotNotFoundFault(e)) => assert_eq!(e.meta.status, 404),
        other => panic!("expected SnapshotNotFoundFault, got {other:?}"),
    }

    let deleted = c.delete_snapshot().snapshot_name(&name).send().await.expect("delete snapshot");
    assert_eq!(deleted.snapshot.and_then(|s| s.snapshot_status).as_deref(), Some("deleting"));
    let err = c.delete_snapshot().snapshot_name(&name).send().await;
    assert!(matches!(err, Err(SdkError::Service(DeleteSnapshotError::SnapshotNotFoundFault(_)))), "{err:?}");
    c.delete_cache_cluster().cache_cluster_id(&id).send().await.expect("delete cluster");
}

#[tokio::test]
#[ignore = "needs a moto server: `cargo xtask test` starts one and runs this"]
async fn replication_groups() {
    let c = client();
    let id = unique("live-rg");
    let created = c
        .create_replication_group()
        .replication_group_id(&id)
        .replication_group_description("live group")
        .engine("redis")
        .cache_node_type("cache.t3.micro")
        .automatic_failover_enabled(true)
        .num_cache_clusters(2)
        .send()
        .await
        .expect("create")
        .replication_group
        .expect("group");
    assert_eq!(created.replication_group_id.as_deref(), Some(id.as_str()));
    assert_eq!(created.automatic_failover, Some(AutomaticFailoverStatus::Enabled));

    let again = c.create_replication_group().replication_group_id(&id).replication_group_description("again");
    let err = again.send().await;
    assert!(
        matches!(err, Err(SdkError::Service(CreateReplicationGroupError::ReplicationGroupAlreadyExistsFault(_)))),
        "{err:?}"
    );

    let groups = c.describe_replication_groups().replication_group_id(&id).send().await.expect("describe");
    let groups = groups.replication_groups.unwrap_or_default();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].description.as_deref(), Some("live group"));

    let modified = c
        .modify_replication_group()
        .replication_group_id(&id)
        .replication_group_description("live group, modified")
        .snapshot_retention_limit(7)
        .apply_immediately(true)
        .send()
        .await
        .expect("modify")
        .replication_group
        .expect("group");
    assert_eq!(modified.description.as_deref(), Some("live group, modified"));
    assert_eq!(modified.snapshot_retention_limit, Some(7));

    let missing = unique("live-norg");
    let err = c.describe_replication_groups().replication_group_id(&missing).send().await.unwrap_err();
    match err {
        SdkError::Service(DescribeReplicationGroupsError::ReplicationGroupNotFoundFault(e)) => {
            assert_eq!((e.meta.code.as_str(), e.meta.status), ("ReplicationGroupNotFoundFault", 404));
        }
        other => panic!("expected ReplicationGroupNotFoundFault, got {other:?}"),
    }
    let err = c.modify_replication_group().replication_group_id(&missing).apply_immediately(true).send().await;
    assert!(
        matches!(err, Err(SdkError::Service(ModifyReplicationGroupError::ReplicationGroupNotFoundFault(_)))),
        "{err:?}"
    );

    let deleted = c.delete_replication_group().replication_group_id(&id).send().await.expect("delete");
    assert_eq!(deleted.replication_group.and_then(|g| g.status).as_deref(), Some("deleting"));
}

#[tokio::test]
#[ignore = "needs a moto server: `cargo xtask test` starts one and runs this"]
async fn users_and_tags() {
    let c = client();
    let user = unique("live-user");
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
    assert!(arn.ends_with(&format!(":user:{user}")), "{arn}");

    let again = c.create_user().user_id(&user).user_name(&user).engine("redis").access_string("on ~* +@all");
    let err = again.no_password_required(true).send().await;
    assert!(matches!(err, Err(SdkError::Service(CreateUserError::UserAlreadyExistsFault(_)))), "{err:?}");
    let bad = c.create_user().user_id(unique("live-user")).user_name("x").engine("mysql").access_string("on");
    let err = bad.no_password_required(true).send().await;
    assert!(matches!(err, Err(SdkError::Service(CreateUserError::InvalidParameterValueException(_)))), "{err:?}");

    c.add_tags_to_resource()
        .resource_name(&arn)
        .tags(tag("owner", "awsgen"))
        .tags(tag("stage", "live"))
        .send()
        .await
        .expect("tag");
    let tags = c.list_tags_for_resource().resource_name(&arn).send().await.expect("list tags");
    let mut keys: Vec<String> = tags.tag_list.unwrap_or_default().into_iter().filter_map(|t| t.key).collect();
    keys.sort();
    assert_eq!(keys, ["owner", "stage"]);
    c.remove_tags_from_resource().resource_name(&arn).tag_keys("stage").send().await.expect("untag");
    let tags = c.list_tags_for_resource().resource_name(&arn).send().await.expect("list tags");
    let tags = tags.tag_list.unwrap_or_default();
    assert_eq!(tags.len(), 1, "{tags:?}");
    assert_eq!((tags[0].key.as_deref(), tags[0].value.as_deref()), (Some("owner"), Some("awsgen")));

    let users = c.describe_users().user_id(&user).send().await.expect("describe");
    assert_eq!(users.users.unwrap_or_default()[0].user_name.as_deref(), Some(user.as_str()));
    let deleted = c.delete_user().user_id(&user).send().await.expect("delete user");
    assert_eq!(deleted.status.as_deref(), Some("deleting"));

    let err = c.describe_users().user_id(unique("live-nouser")).send().await.unwrap_err();
    match err {
        SdkError::Service(DescribeUsersError::UserNotFoundFault(e)) => {
            assert_eq!(e.meta.code, "UserNotFound");
            assert!(e.message().unwrap_or_default().contains("live-nouser"));
            assert!(e.request_id().is_some());
            assert_eq!(e.meta.status, 404);
        }
        other => panic!("expected UserNotFoundFault, got {other:?}"),
    }
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

/// Signature checking on: an IAM user and access key are created in moto's IAM (signed by our
/// SigV4 signer, while the server still accepts anything), then `/moto-api/reset-auth` with `0`
/// sets moto's `INITIAL_NO_AUTH_ACTION_COUNT` to 0, so from then on moto recomputes every
/// request's SigV4 signature from the key's secret and rejects a mismatch. ElastiCache calls
/// signed with the right secret succeed; the same calls with a wrong secret or an unknown key
/// fail with typed errors. This needs a server of its own: moto's auth switch is global.
#[tokio::test]
#[ignore = "needs a moto server: `cargo xtask test` starts one and runs this"]
async fn signatures_are_checked_by_moto() {
    let url = std::env::var("AWSGEN_MOTO_AUTH_URL").expect("AWSGEN_MOTO_AUTH_URL: run through `cargo xtask test`");
    let bootstrap = Credentials::new("AKIDBOOTSTRAP", "bootstrap-secret", None);
    let iam = |params: Vec<(&'static str, String)>| {
        let url = url.clone();
        let bootstrap = bootstrap.clone();
        async move {
            let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let resp = signed_query(&url, "iam", &bootstrap, &params).await.expect("IAM call");
            assert_eq!(resp.status, 200, "{params:?}: {}", String::from_utf8_lossy(&resp.body));
            resp
        }
    };
    let user = "awsgen-signer".to_string();
    let v = |s: &str| s.to_string();
    iam(vec![("Action", v("CreateUser")), ("Version", v("2010-05-08")), ("UserName", user.clone())]).await;
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"elasticache:*","Resource":"*"}]}"#;
    iam(vec![
        ("Action", v("PutUserPolicy")),
        ("Version", v("2010-05-08")),
        ("UserName", user.clone()),
        ("PolicyName", v("elasticache-all")),
        ("PolicyDocument", v(policy)),
    ])
    .await;
    let key = iam(vec![("Action", v("CreateAccessKey")), ("Version", v("2010-05-08")), ("UserName", user)]).await;
    let key_id = xml_text(&key.body, "AccessKeyId").expect("AccessKeyId");
    let secret = xml_text(&key.body, "SecretAccessKey").expect("SecretAccessKey");

    let http = awsgen_elasticache::runtime::HyperClient::new();
    let switched = {
        use awsgen_elasticache::runtime::http::{HttpClient, HttpRequest};
        let host = url.trim_start_matches("http://").to_string();
        http.send(HttpRequest {
            method: "POST".into(),
            url: format!("{url}/moto-api/reset-auth"),
            headers: vec![("host".into(), host), ("content-length".into(), "1".into())],
            body: b"0".to_vec(),
        })
        .await
        .expect("reset-auth")
    };
    assert_eq!(switched.status, 200, "{}", String::from_utf8_lossy(&switched.body));

    // The right key and secret: accepted.
    let good = client_with(url.clone(), Credentials::new(key_id.clone(), secret.clone(), None));
    let id = unique("auth-redis");
    let create = good.create_cache_cluster().cache_cluster_id(&id).engine("redis").cache_node_type("cache.t3.micro");
    let created = create.num_cache_nodes(1).send().await.expect("a correctly signed call succeeds");
    assert_eq!(created.cache_cluster.and_then(|c| c.cache_cluster_id).as_deref(), Some(id.as_str()));
    let listed = good.describe_cache_clusters().cache_cluster_id(&id).send().await.expect("describe, signed");
    assert_eq!(listed.cache_clusters.map(|c| c.len()), Some(1));

    // The right key, a wrong secret: the signature does not match.
    let wrong = client_with(url.clone(), Credentials::new(key_id, format!("{secret}x"), None));
    match wrong.describe_cache_clusters().cache_cluster_id(&id).send().await.unwrap_err() {
        SdkError::Service(DescribeCacheClustersError::Unhandled(meta)) => {
            assert_eq!(meta.code, "SignatureDoesNotMatch", "{meta:?}");
            assert_eq!(meta.status, 403);
        }
        other => panic!("expected SignatureDoesNotMatch, got {other:?}"),
    }
    // A key moto's IAM does not know.
    let unknown = client_with(url, Credentials::new("AKIDUNKNOWN0000000000", "whatever", None));
    match unknown.describe_cache_clusters().send().await.unwrap_err() {
        SdkError::Service(DescribeCacheClustersError::Unhandled(meta)) => {
            assert_eq!(meta.code, "InvalidClientTokenId", "{meta:?}");
            assert_eq!(meta.status, 403);
        }
        other => panic!("expected InvalidClientTokenId, got {other:?}"),
    }
}
