//! Recorded exchanges replayed offline through the generated ElastiCache client and the
//! runtime's `ReplayClient`: each test sends, through the real pipeline (serialize, sign,
//! classify, parse), the request a recording holds (the replay fails on any differing form
//! parameter, so the typed client must produce exactly what the scenario sent on the wire), and
//! checks the parsed output field by field.
//!
//! `recordings/elasticache-moto.json` was recorded from moto 5.2.5 by `cargo xtask record
//! elasticache-moto`; `recordings/copy-snapshot.json` is assembled from moto's error bodies and
//! hand-written exchanges (each marked), since moto does not implement CopySnapshot. Values moto
//! randomizes (timestamps, request ids, markers) are checked against the recording's own text,
//! so a re-recording does not need the tests rewritten.

use awsgen_elasticache::operation::copy_snapshot::CopySnapshotError;
use awsgen_elasticache::runtime::credentials::Credentials;
use awsgen_elasticache::runtime::replay::{Recording, ReplayClient};
use awsgen_elasticache::runtime::retry::RetryConfig;
use awsgen_elasticache::types::{AuthenticationType, AutomaticFailoverStatus, MultiAzStatus, NetworkType, Tag};
use awsgen_elasticache::{Client, Config, DateTime, SdkError};
use std::time::Duration;

const MOTO: &str = "elasticache-moto.json";
const COPY: &str = "copy-snapshot.json";

fn load(file: &str) -> Recording {
    let path = format!("{}/recordings/{file}", env!("CARGO_MANIFEST_DIR"));
    Recording::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn client(recording: Recording) -> (Client, ReplayClient) {
    let replay = ReplayClient::from_recording(recording);
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDREPLAY", "replay-secret", None))
        .endpoint_url("http://127.0.0.1:5000")
        .http_client(replay.clone())
        // Retries on, with waits short enough not to slow the suite.
        .retry(RetryConfig { max_attempts: 3, initial_backoff: Duration::from_millis(1), ..Default::default() })
        .build();
    (Client::new(config), replay)
}

/// A client replaying these exchanges of the moto recording, in this order.
fn moto(names: &[&str]) -> (Client, ReplayClient) {
    client(load(MOTO).select(names))
}

/// The text of the first `<element>` in a recorded response: the oracle for values moto makes
/// up on each run.
fn recorded(file: &str, exchange: &str, element: &str) -> String {
    let rec = load(file);
    let x = rec.exchange(exchange).unwrap_or_else(|| panic!("{file} has no exchange {exchange}"));
    let body = String::from_utf8_lossy(&x.response.body).into_owned();
    let open = format!("<{element}>");
    let start = body.find(&open).unwrap_or_else(|| panic!("no <{element}> in {exchange}")) + open.len();
    let end = start + body[start..].find(&format!("</{element}>")).expect("closing tag");
    body[start..end].to_string()
}

fn recorded_time(exchange: &str, element: &str) -> DateTime {
    DateTime::parse_iso8601(&recorded(MOTO, exchange, element)).expect("an ISO 8601 time")
}

fn s(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("<none>")
}

const CLUSTER_ARN: &str = "arn:aws:elasticache:us-east-1:123456789012:cluster:replay-redis";

#[tokio::test]
async fn create_and_describe_cache_subnet_groups() {
    let (c, replay) = moto(&["create-cache-subnet-group", "describe-cache-subnet-groups"]);
    let created = c
        .create_cache_subnet_group()
        .cache_subnet_group_name("replay-subnets")
        .cache_subnet_group_description("subnets for the replay tests")
        .subnet_ids("subnet-0a1b2c3d")
        .subnet_ids("subnet-4e5f6a7b")
        .send()
        .await
        .expect("create");
    let described = c.describe_cache_subnet_groups().cache_subnet_group_name("replay-subnets").send().await.unwrap();
    assert_eq!(described.marker, None);
    let listed = described.cache_subnet_groups.expect("groups");
    assert_eq!(listed.len(), 1);
    for group in [created.cache_subnet_group.clone().expect("group"), listed[0].clone()] {
        assert_eq!(s(&group.cache_subnet_group_name), "replay-subnets");
        assert_eq!(s(&group.cache_subnet_group_description), "subnets for the replay tests");
        assert_eq!(s(&group.vpc_id), "vpc-0123456789abcdef0");
        assert_eq!(s(&group.arn), "arn:aws:elasticache:us-east-1:123456789012:subnetgroup:replay-subnets");
        assert_eq!(group.supported_network_types, Some(vec![NetworkType::Ipv4]));
        let subnets = group.subnets.expect("subnets");
        let ids: Vec<&str> = subnets.iter().map(|s| s.subnet_identifier.as_deref().unwrap_or("")).collect();
        assert_eq!(ids, ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]);
        assert_eq!(subnets[1].supported_network_types, Some(vec![NetworkType::Ipv4]));
        assert_eq!(subnets[0].subnet_availability_zone, None, "moto sends no zone for unknown subnets");
    }
    assert_eq!(s(&created.request_id), recorded(MOTO, "create-cache-subnet-group", "RequestId"));
    replay.assert_all_used();
}

#[tokio::test]
async fn create_cache_cluster() {
    let (c, replay) = moto(&["create-cache-cluster"]);
    let out = c
        .create_cache_cluster()
        .cache_cluster_id("replay-redis")
        .engine("redis")
        .engine_version("7.1")
        .cache_node_type("cache.t3.micro")
        .num_cache_nodes(1)
        .cache_subnet_group_name("replay-subnets")
        .port(6379)
        .preferred_availability_zone("us-east-1a")
        .snapshot_retention_limit(3)
        .tags(Tag { key: Some("team".into()), value: Some("cache".into()) })
        .send()
        .await
        .expect("create");
    let cluster = out.cache_cluster.expect("cluster");
    assert_eq!(s(&cluster.cache_cluster_id), "replay-redis");
    assert_eq!(s(&cluster.cache_node_type), "cache.t3.micro");
    assert_eq!(s(&cluster.engine), "redis");
    assert_eq!(s(&cluster.engine_version), "7.1");
    assert_eq!(s(&cluster.cache_cluster_status), "available");
    assert_eq!(cluster.num_cache_nodes, Some(1));
    assert_eq!(s(&cluster.preferred_availability_zone), "us-east-1a");
    assert_eq!(
        cluster.cache_cluster_create_time,
        Some(recorded_time("create-cache-cluster", "CacheClusterCreateTime"))
    );
    assert_eq!(s(&cluster.cache_subnet_group_name), "replay-subnets");
    assert_eq!(cluster.snapshot_retention_limit, Some(3));
    assert_eq!(cluster.auth_token_enabled, Some(false));
    assert_eq!(
        cluster.auth_token_last_modified_date,
        Some(recorded_time("create-cache-cluster", "AuthTokenLastModifiedDate"))
    );
    assert_eq!(s(&cluster.arn), CLUSTER_ARN);
    assert_eq!(cluster.log_delivery_configurations, Some(vec![]));
    assert_eq!(cluster.cache_nodes, None);
    assert_eq!(cluster.replication_group_id, None);
    assert_eq!(s(&out.request_id), recorded(MOTO, "create-cache-cluster", "RequestId"));
    replay.assert_all_used();
}

#[tokio::test]
async fn describe_cache_clusters_by_id_and_by_page() {
    let (c, replay) =
        moto(&["describe-cache-clusters", "describe-cache-clusters-page-1", "describe-cache-clusters-page-2"]);
    let one = c.describe_cache_clusters().cache_cluster_id("replay-redis").show_cache_node_info(true).send().await;
    let one = one.expect("describe").cache_clusters.expect("clusters");
    assert_eq!(one.len(), 1);
    assert_eq!(s(&one[0].cache_cluster_id), "replay-redis");
    assert_eq!(s(&one[0].engine_version), "7.1");
    assert_eq!(one[0].cache_nodes, None, "moto sends no CacheNodes even with ShowCacheNodeInfo");

    let page1 = c.describe_cache_clusters().max_records(1).send().await.expect("page 1");
    let marker = page1.marker.clone().expect("a marker: there is a second page");
    assert_eq!(marker, recorded(MOTO, "describe-cache-clusters-page-1", "Marker"));
    let first = page1.cache_clusters.expect("clusters");
    assert_eq!(first.len(), 1);
    assert_eq!(s(&first[0].cache_cluster_id), "replay-redis");

    let page2 = c.describe_cache_clusters().max_records(1).marker(marker).send().await.expect("page 2");
    assert_eq!(page2.marker, None, "the last page has no marker");
    let second = page2.cache_clusters.expect("clusters");
    assert_eq!(second.len(), 1);
    assert_eq!(s(&second[0].cache_cluster_id), "replay-memcached");
    assert_eq!(s(&second[0].engine), "memcached");
    assert_eq!(second[0].engine_version, None);
    assert_eq!(second[0].num_cache_nodes, Some(2));
    assert_eq!(second[0].snapshot_retention_limit, Some(0));
    replay.assert_all_used();
}

#[tokio::test]
async fn create_describe_and_delete_snapshots() {
    let (c, replay) = moto(&["create-snapshot", "describe-snapshots", "delete-snapshot"]);
    let created = c.create_snapshot().cache_cluster_id("replay-redis").snapshot_name("replay-snap").send().await;
    let created = created.expect("create").snapshot.expect("snapshot");
    let described = c.describe_snapshots().snapshot_name("replay-snap").send().await.expect("describe");
    assert_eq!(described.marker, None);
    let described = described.snapshots.expect("snapshots");
    assert_eq!(described.len(), 1);
    let deleted = c.delete_snapshot().snapshot_name("replay-snap").send().await.expect("delete").snapshot;
    let deleted = deleted.expect("snapshot");
    for (snap, status) in [(&created, "available"), (&described[0], "available"), (&deleted, "deleting")] {
        assert_eq!(s(&snap.snapshot_name), "replay-snap");
        assert_eq!(s(&snap.cache_cluster_id), "replay-redis");
        assert_eq!(s(&snap.snapshot_status), status);
        assert_eq!(s(&snap.snapshot_source), "manual");
        assert_eq!(s(&snap.cache_node_type), "cache.t3.micro");
        assert_eq!(s(&snap.engine), "redis");
        assert_eq!(s(&snap.engine_version), "7.1");
        assert_eq!(snap.num_cache_nodes, Some(1));
        assert_eq!(s(&snap.preferred_availability_zone), "us-east-1a");
        assert_eq!(snap.cache_cluster_create_time, Some(recorded_time("create-snapshot", "CacheClusterCreateTime")));
        assert_eq!(snap.port, Some(6379));
        assert_eq!(s(&snap.cache_subnet_group_name), "replay-subnets");
        assert_eq!(s(&snap.vpc_id), "vpc-0123456789abcdef0");
        assert_eq!(snap.snapshot_retention_limit, Some(3));
        assert_eq!(s(&snap.arn), "arn:aws:elasticache:us-east-1:123456789012:snapshot:replay-snap");
        assert_eq!(snap.node_snapshots, None);
        assert_eq!(snap.replication_group_id, None);
    }
    replay.assert_all_used();
}

#[tokio::test]
async fn replication_group_lifecycle() {
    let (c, replay) = moto(&[
        "create-replication-group",
        "describe-replication-groups",
        "modify-replication-group",
        "delete-replication-group",
    ]);
    let created = c
        .create_replication_group()
        .replication_group_id("replay-rg")
        .replication_group_description("replay group")
        .engine("redis")
        .cache_node_type("cache.t3.micro")
        .num_cache_clusters(2)
        .automatic_failover_enabled(true)
        .send()
        .await
        .expect("create")
        .replication_group
        .expect("group");
    let described = c.describe_replication_groups().replication_group_id("replay-rg").send().await.expect("describe");
    let described = described.replication_groups.expect("groups");
    assert_eq!(described.len(), 1);
    let modified = c
        .modify_replication_group()
        .replication_group_id("replay-rg")
        .replication_group_description("replay group, modified")
        .snapshot_retention_limit(5)
        .apply_immediately(true)
        .send()
        .await
        .expect("modify")
        .replication_group
        .expect("group");
    let deleted = c.delete_replication_group().replication_group_id("replay-rg").send().await.expect("delete");
    let deleted = deleted.replication_group.expect("group");
    let cases = [
        (&created, "replay group", "available", 0),
        (&described[0], "replay group", "available", 0),
        (&modified, "replay group, modified", "available", 5),
        (&deleted, "replay group, modified", "deleting", 5),
    ];
    for (g, description, status, retention) in cases {
        assert_eq!(s(&g.replication_group_id), "replay-rg");
        assert_eq!(s(&g.description), description);
        assert_eq!(s(&g.status), status);
        assert_eq!(g.snapshot_retention_limit, Some(retention));
        assert_eq!(g.member_clusters, Some(vec!["replay-rg-001".to_string()]));
        let groups = g.node_groups.as_ref().expect("node groups");
        assert_eq!(groups.len(), 1);
        assert_eq!(s(&groups[0].node_group_id), "0001");
        assert_eq!(s(&groups[0].status), "available");
        let primary = groups[0].primary_endpoint.as_ref().expect("primary endpoint");
        assert!(s(&primary.address).starts_with("master.replay-rg."), "{primary:?}");
        assert_eq!(primary.port, Some(6379));
        let members = groups[0].node_group_members.as_ref().expect("members");
        assert_eq!(members.len(), 1);
        assert_eq!(s(&members[0].cache_cluster_id), "replay-rg-001");
        assert_eq!(s(&members[0].cache_node_id), "0001");
        assert_eq!(s(&members[0].preferred_availability_zone), "us-east-1a");
        assert_eq!(s(&members[0].current_role), "primary");
        assert_eq!(members[0].read_endpoint.as_ref().and_then(|e| e.port), Some(6379));
        assert_eq!(g.automatic_failover, Some(AutomaticFailoverStatus::Enabled));
        assert_eq!(g.multi_az, Some(MultiAzStatus::Disabled));
        assert_eq!(s(&g.snapshot_window), "05:00-6:00");
        assert_eq!(g.cluster_enabled, Some(false));
        assert_eq!(s(&g.cache_node_type), "cache.t3.micro");
        assert_eq!(g.auth_token_enabled, Some(false));
        assert_eq!(g.transit_encryption_enabled, Some(false));
        assert_eq!(g.at_rest_encryption_enabled, Some(false));
        assert_eq!(g.member_clusters_outpost_arns, Some(vec![]));
        assert_eq!(s(&g.arn), "arn:aws:elasticache:us-east-1:123456789012:replicationgroup:replay-rg");
        assert_eq!(g.user_group_ids, Some(vec![]));
        assert_eq!(
            g.replication_group_create_time,
            Some(recorded_time("create-replication-group", "ReplicationGroupCreateTime"))
        );
        assert_eq!(g.data_tiering.as_ref().map(|d| d.as_str()), Some("disabled"));
        assert_eq!(g.network_type, Some(NetworkType::Ipv4));
        assert_eq!(g.ip_discovery.as_ref().map(|d| d.as_str()), Some("ipv4"));
        assert_eq!(g.cluster_mode.as_ref().map(|d| d.as_str()), Some("disabled"));
        assert_eq!(s(&g.engine), "redis");
        assert_eq!(g.configuration_endpoint, None);
    }
    replay.assert_all_used();
}

#[tokio::test]
async fn user_lifecycle() {
    let (c, replay) = moto(&["create-user", "describe-users", "delete-user"]);
    let created = c
        .create_user()
        .user_id("replay-user")
        .user_name("replay-user")
        .engine("redis")
        .access_string("on ~* +@all")
        .no_password_required(true)
        .send()
        .await
        .expect("create");
    assert_eq!(s(&created.user_id), "replay-user");
    assert_eq!(s(&created.user_name), "replay-user");
    assert_eq!(s(&created.status), "active");
    assert_eq!(s(&created.engine), "redis");
    assert_eq!(s(&created.minimum_engine_version), "6.0");
    assert_eq!(s(&created.access_string), "on ~* +@all");
    assert_eq!(created.user_group_ids, Some(vec![]));
    let auth = created.authentication.expect("authentication");
    assert_eq!(auth.r#type, Some(AuthenticationType::NoPassword));
    assert_eq!(auth.password_count, None);
    assert_eq!(s(&created.arn), "arn:aws:elasticache:us-east-1:123456789012:user:replay-user");
    assert_eq!(s(&created.request_id), recorded(MOTO, "create-user", "RequestId"));

    let users = c.describe_users().user_id("replay-user").send().await.expect("describe");
    assert_eq!(users.marker, None);
    let users = users.users.expect("users");
    assert_eq!(users.len(), 1);
    assert_eq!(s(&users[0].user_id), "replay-user");
    assert_eq!(s(&users[0].status), "active");
    assert_eq!(users[0].authentication.as_ref().and_then(|a| a.r#type.clone()), Some(AuthenticationType::NoPassword));

    let deleted = c.delete_user().user_id("replay-user").send().await.expect("delete");
    assert_eq!(s(&deleted.user_id), "replay-user");
    assert_eq!(s(&deleted.status), "deleting");
    assert_eq!(s(&deleted.arn), "arn:aws:elasticache:us-east-1:123456789012:user:replay-user");
    replay.assert_all_used();
}

#[tokio::test]
async fn tags_are_added_listed_and_removed() {
    let (c, replay) = moto(&["add-tags-to-resource", "list-tags-for-resource", "remove-tags-from-resource"]);
    let added = c
        .add_tags_to_resource()
        .resource_name(CLUSTER_ARN)
        .tags(Tag { key: Some("owner".into()), value: Some("awsgen".into()) })
        .tags(Tag { key: Some("stage".into()), value: Some("test".into()) })
        .send()
        .await
        .expect("add");
    // moto answers with an empty result element; AWS sends the resulting tag list.
    assert_eq!(added.tag_list, None);
    assert_eq!(s(&added.request_id), recorded(MOTO, "add-tags-to-resource", "RequestId"));
    let listed = c.list_tags_for_resource().resource_name(CLUSTER_ARN).send().await.expect("list");
    let pairs: Vec<(&str, &str)> = listed
        .tag_list
        .as_ref()
        .expect("tags")
        .iter()
        .map(|t| (t.key.as_deref().unwrap_or(""), t.value.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(pairs, [("team", "cache"), ("owner", "awsgen"), ("stage", "test")]);
    let removed = c.remove_tags_from_resource().resource_name(CLUSTER_ARN).tag_keys("stage").send().await;
    assert_eq!(removed.expect("remove").tag_list, None);
    replay.assert_all_used();
}

#[tokio::test]
async fn delete_cache_cluster() {
    let (c, replay) = moto(&["delete-cache-cluster"]);
    let cluster = c.delete_cache_cluster().cache_cluster_id("replay-redis").send().await.expect("delete");
    let cluster = cluster.cache_cluster.expect("cluster");
    assert_eq!(s(&cluster.cache_cluster_id), "replay-redis");
    assert_eq!(s(&cluster.cache_cluster_status), "deleting");
    assert_eq!(cluster.num_cache_nodes, Some(1));
    assert_eq!(s(&cluster.arn), CLUSTER_ARN);
    replay.assert_all_used();
}

/// Every error moto produced in the scenario comes back as its operation's typed variant.
#[tokio::test]
async fn moto_errors_replay_as_typed_variants() {
    use awsgen_elasticache::operation::{
        create_cache_cluster::CreateCacheClusterError as CC, create_snapshot::CreateSnapshotError as CS,
        create_user::CreateUserError as CU, delete_cache_cluster::DeleteCacheClusterError as DC,
        delete_snapshot::DeleteSnapshotError as DS, describe_cache_clusters::DescribeCacheClustersError as DCC,
        describe_replication_groups::DescribeReplicationGroupsError as DRG,
        describe_snapshots::DescribeSnapshotsError as DSS, describe_users::DescribeUsersError as DU,
    };
    let (c, replay) = moto(&[
        "create-cache-cluster-exists",
        "create-cache-cluster-no-node-type",
        "describe-cache-clusters-missing",
        "create-snapshot-exists",
        "create-snapshot-no-source",
        "create-snapshot-both-sources",
        "describe-snapshots-missing",
        "delete-snapshot-missing",
        "describe-replication-groups-missing",
        "create-user-bad-engine",
        "describe-users-missing",
        "delete-cache-cluster-missing",
    ]);
    let e = c.create_cache_cluster().cache_cluster_id("replay-redis").engine("redis");
    let e = e.cache_node_type("cache.t3.micro").num_cache_nodes(1).send().await.unwrap_err();
    let SdkError::Service(CC::CacheClusterAlreadyExistsFault(e)) = e else { panic!("{e:?}") };
    assert_eq!((e.meta.status, e.meta.fault.as_deref()), (400, Some("Sender")));
    assert_eq!(e.message(), Some("Cache cluster replay-redis already exists."));
    assert_eq!(e.request_id(), Some(recorded(MOTO, "create-cache-cluster-exists", "RequestId").as_str()));

    let e = c.create_cache_cluster().cache_cluster_id("replay-untyped").engine("redis").num_cache_nodes(1);
    let e = e.send().await.unwrap_err();
    let SdkError::Service(CC::InvalidParameterValueException(e)) = e else { panic!("{e:?}") };
    assert_eq!(e.message(), Some("The parameter CacheNodeType must be provided and must not be null."));

    let e = c.describe_cache_clusters().cache_cluster_id("replay-missing").send().await.unwrap_err();
    let SdkError::Service(DCC::CacheClusterNotFoundFault(e)) = e else { panic!("{e:?}") };
    assert_eq!(e.meta.status, 404);

    let e = c.create_snapshot().cache_cluster_id("replay-redis").snapshot_name("replay-snap").send().await;
    let SdkError::Service(CS::SnapshotAlreadyExistsFault(e)) = e.unwrap_err() else { panic!() };
    assert_eq!(e.message(), Some("Snapshot replay-snap already exists."));
    let e = c.create_snapshot().snapshot_name("replay-orphan").send().await.unwrap_err();
    assert!(matches!(e, SdkError::Service(CS::InvalidParameterValueException(_))), "{e:?}");
    let e = c.create_snapshot().cache_cluster_id("replay-redis").replication_group_id("replay-rg");
    let e = e.snapshot_name("replay-both").send().await.unwrap_err();
    assert!(matches!(e, SdkError::Service(CS::InvalidParameterCombinationException(_))), "{e:?}");

    let e = c.describe_snapshots().snapshot_name("replay-no-such-snap").send().await.unwrap_err();
    assert!(matches!(e, SdkError::Service(DSS::SnapshotNotFoundFault(_))), "{e:?}");
    let e = c.delete_snapshot().snapshot_name("replay-snap").send().await.unwrap_err();
    let SdkError::Service(DS::SnapshotNotFoundFault(e)) = e else { panic!("{e:?}") };
    assert_eq!(e.meta.status, 404);
    let e = c.describe_replication_groups().replication_group_id("replay-no-such-rg").send().await.unwrap_err();
    assert!(matches!(e, SdkError::Service(DRG::ReplicationGroupNotFoundFault(_))), "{e:?}");

    let e = c.create_user().user_id("replay-user-2").user_name("replay-user-2").engine("mysql");
    let e = e.access_string("on ~* +@all").no_password_required(true).send().await.unwrap_err();
    let SdkError::Service(CU::InvalidParameterValueException(e)) = e else { panic!("{e:?}") };
    assert!(e.message().unwrap_or_default().contains("mysql"), "{e:?}");
    let e = c.describe_users().user_id("replay-no-such-user").send().await.unwrap_err();
    let SdkError::Service(DU::UserNotFoundFault(e)) = e else { panic!("{e:?}") };
    assert_eq!(e.meta.code, "UserNotFound");
    let e = c.delete_cache_cluster().cache_cluster_id("replay-missing").send().await.unwrap_err();
    assert!(matches!(e, SdkError::Service(DC::CacheClusterNotFoundFault(_))), "{e:?}");
    // No error was retried: each exchange answered exactly one request.
    assert_eq!(replay.sent().len(), 12);
    replay.assert_all_used();
}

/// The whole moto recording, in order, proves the scenario is complete: every exchange is used
/// by some test above (names listed here once, so a new step without a test is noticed).
#[test]
fn every_recorded_exchange_is_replayed_by_a_test() {
    let tested = [
        "create-cache-subnet-group",
        "describe-cache-subnet-groups",
        "create-cache-cluster",
        "create-cache-cluster-exists",
        "create-cache-cluster-no-node-type",
        "describe-cache-clusters",
        "describe-cache-clusters-page-1",
        "describe-cache-clusters-page-2",
        "describe-cache-clusters-missing",
        "create-snapshot",
        "create-snapshot-exists",
        "create-snapshot-no-source",
        "create-snapshot-both-sources",
        "describe-snapshots",
        "describe-snapshots-missing",
        "copy-snapshot-unimplemented",
        "delete-snapshot",
        "delete-snapshot-missing",
        "create-replication-group",
        "describe-replication-groups",
        "modify-replication-group",
        "describe-replication-groups-missing",
        "delete-replication-group",
        "create-user",
        "create-user-bad-engine",
        "describe-users",
        "add-tags-to-resource",
        "list-tags-for-resource",
        "remove-tags-from-resource",
        "delete-user",
        "describe-users-missing",
        "delete-cache-cluster",
        "delete-cache-cluster-missing",
    ];
    let rec = load(MOTO);
    // The second cluster exists only so the listing has two pages.
    let untested: Vec<&str> = rec
        .exchanges
        .iter()
        .map(|x| x.name.as_str())
        .filter(|n| !tested.contains(n) && *n != "create-cache-cluster-2")
        .collect();
    assert!(untested.is_empty(), "exchanges no test replays: {untested:?}");
    // And every operation moto implements appears in the recording.
    let actions: std::collections::BTreeSet<&str> =
        rec.exchanges.iter().filter_map(|x| x.request.as_ref()?.param("Action")).collect();
    let moto_ops = [
        "AddTagsToResource",
        "CreateCacheCluster",
        "CreateCacheSubnetGroup",
        "CreateReplicationGroup",
        "CreateSnapshot",
        "CreateUser",
        "DeleteCacheCluster",
        "DeleteReplicationGroup",
        "DeleteSnapshot",
        "DeleteUser",
        "DescribeCacheClusters",
        "DescribeCacheSubnetGroups",
        "DescribeReplicationGroups",
        "DescribeSnapshots",
        "DescribeUsers",
        "ListTagsForResource",
        "ModifyReplicationGroup",
        "RemoveTagsFromResource",
    ];
    for op in moto_ops {
        assert!(actions.contains(op), "{op} has no recorded exchange");
    }
}

/// The moto recording is what its scenario sends: same steps, same parameters (captured
/// `{{variables}}` aside), so a scenario edited without re-recording is noticed.
#[test]
fn the_moto_recording_matches_its_scenario() {
    let path = format!("{}/scenarios/elasticache-moto.json", env!("CARGO_MANIFEST_DIR"));
    let scenario: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let steps = scenario["steps"].as_array().expect("steps");
    let rec = load(MOTO);
    let names: Vec<&str> = steps.iter().map(|s| s["name"].as_str().unwrap()).collect();
    let recorded: Vec<&str> = rec.exchanges.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, recorded);
    for (step, x) in steps.iter().zip(&rec.exchanges) {
        let request = x.request.as_ref().expect("a recorded request");
        assert_eq!(request.param("Version"), Some("2015-02-02"));
        for p in step["params"].as_array().unwrap() {
            let (k, v) = p.as_str().unwrap().split_once('=').unwrap();
            if !v.contains("{{") {
                assert_eq!(request.param(k), Some(v), "{}: {k}", x.name);
            }
        }
        assert_eq!(request.params.len(), step["params"].as_array().unwrap().len() + 1, "{}", x.name);
        assert!(!x.hand_written, "{} is recorded", x.name);
    }
}

/// Recording files are kept in the one canonical layout `Recording::to_json` writes, so a
/// re-recording or a hand edit diffs cleanly. `AWSGEN_BLESS=1` rewrites a file that is not.
#[test]
fn recordings_are_in_canonical_form() {
    let dir = format!("{}/recordings", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(&dir).expect("recordings/").flatten().map(|e| e.path()).collect();
    files.sort();
    assert!(files.len() >= 2, "{files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let canonical = Recording::load(&path).unwrap_or_else(|e| panic!("{e}")).to_json();
        if text != canonical {
            if std::env::var_os("AWSGEN_BLESS").is_some() {
                std::fs::write(&path, canonical).unwrap();
            } else {
                panic!("{} is not in canonical form; rerun with AWSGEN_BLESS=1 to rewrite it", path.display());
            }
        }
    }
}

// ---- CopySnapshot, the reference operation ----

fn copy(names: &[&str]) -> (Client, ReplayClient) {
    client(load(COPY).select(names))
}

fn copy_request(c: &Client) -> awsgen_elasticache::operation::copy_snapshot::CopySnapshotFluentBuilder {
    c.copy_snapshot().source_snapshot_name("replay-snap").target_snapshot_name("replay-snap-copy")
}

const KMS_KEY: &str = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

#[tokio::test]
async fn copy_snapshot_success() {
    let (c, replay) = copy(&["success"]);
    let out = copy_request(&c).kms_key_id(KMS_KEY).send().await.expect("copy");
    assert_eq!(s(&out.request_id), "2f0e7c1a-5b4d-4e3f-9a8b-7c6d5e4f3a21");
    let snap = out.snapshot.expect("snapshot");
    assert_eq!(s(&snap.snapshot_name), "replay-snap-copy");
    assert_eq!(s(&snap.replication_group_id), "replay-rg");
    assert_eq!(s(&snap.replication_group_description), "replay group");
    assert_eq!(snap.cache_cluster_id, None);
    assert_eq!(s(&snap.snapshot_status), "creating");
    assert_eq!(s(&snap.snapshot_source), "manual");
    assert_eq!(s(&snap.cache_node_type), "cache.r7g.large");
    assert_eq!(s(&snap.engine), "redis");
    assert_eq!(s(&snap.engine_version), "7.1.0");
    assert_eq!(snap.num_cache_nodes, None);
    assert_eq!(s(&snap.preferred_maintenance_window), "sun:05:00-sun:06:00");
    assert_eq!(s(&snap.topic_arn), "arn:aws:sns:us-east-1:123456789012:cache-events");
    assert_eq!(snap.port, Some(6379));
    assert_eq!(s(&snap.cache_parameter_group_name), "default.redis7.cluster.on");
    assert_eq!(s(&snap.cache_subnet_group_name), "replay-subnets");
    assert_eq!(s(&snap.vpc_id), "vpc-0a1b2c3d4e5f60718");
    assert_eq!(snap.auto_minor_version_upgrade, Some(true));
    assert_eq!(snap.snapshot_retention_limit, Some(0));
    assert_eq!(s(&snap.snapshot_window), "04:00-05:00");
    assert_eq!(snap.num_node_groups, Some(2));
    assert_eq!(snap.automatic_failover, Some(AutomaticFailoverStatus::Enabled));
    assert_eq!(s(&snap.kms_key_id), KMS_KEY);
    assert_eq!(s(&snap.arn), "arn:aws:elasticache:us-east-1:123456789012:snapshot:replay-snap-copy");
    assert_eq!(snap.data_tiering.as_ref().map(|d| d.as_str()), Some("disabled"));
    assert_eq!(snap.durability, None);
    let nodes = snap.node_snapshots.expect("node snapshots");
    assert_eq!(nodes.len(), 2);
    assert_eq!(s(&nodes[0].cache_cluster_id), "replay-rg-0001-001");
    assert_eq!(s(&nodes[0].node_group_id), "0001");
    assert_eq!(s(&nodes[0].cache_node_id), "0001");
    assert_eq!(s(&nodes[0].cache_size), "6 MB");
    assert_eq!(nodes[0].cache_node_create_time, Some(DateTime::parse_iso8601("2024-03-01T10:15:30.123Z").unwrap()));
    assert_eq!(nodes[0].snapshot_create_time.map(|t| t.secs()), Some(1_709_352_306));
    let config = nodes[0].node_group_configuration.as_ref().expect("configuration");
    assert_eq!(s(&config.node_group_id), "0001");
    assert_eq!(s(&config.slots), "0-8191");
    assert_eq!(config.replica_count, Some(1));
    assert_eq!(s(&config.primary_availability_zone), "us-east-1a");
    assert_eq!(config.replica_availability_zones, Some(vec!["us-east-1b".to_string()]));
    assert_eq!(s(&nodes[1].cache_cluster_id), "replay-rg-0002-001");
    assert_eq!(nodes[1].node_group_configuration, None);
    assert_eq!(s(&nodes[1].cache_size), "5 MB");
    replay.assert_all_used();
}

/// The error variant, its metadata and the exchange's provenance for each modeled error.
#[tokio::test]
async fn copy_snapshot_modeled_errors() {
    let names = [
        "snapshot-already-exists",
        "snapshot-not-found",
        "snapshot-quota-exceeded",
        "invalid-snapshot-state",
        "tag-quota-exceeded",
        "invalid-parameter-value",
        "invalid-parameter-combination",
    ];
    let (c, replay) = copy(&names);
    let rec = load(COPY);

    let e = copy_request(&c).send().await.unwrap_err();
    let SdkError::Service(CopySnapshotError::SnapshotAlreadyExistsFault(e)) = e else { panic!("{e:?}") };
    assert_eq!(e.message(), Some("Snapshot replay-snap already exists."));
    assert_eq!((e.meta.status, e.meta.fault.as_deref()), (400, Some("Sender")));
    assert_eq!(e.request_id(), Some(recorded(COPY, "snapshot-already-exists", "RequestId").as_str()));

    let e = c.copy_snapshot().source_snapshot_name("replay-no-such-snap").target_snapshot_name("replay-snap-copy");
    let e = e.send().await.unwrap_err();
    let SdkError::Service(CopySnapshotError::SnapshotNotFoundFault(e)) = e else { panic!("{e:?}") };
    assert_eq!(e.meta.status, 404);
    assert!(e.message().unwrap_or_default().contains("replay-no-such-snap"), "{e:?}");

    let e = copy_request(&c).send().await.unwrap_err();
    let SdkError::Service(CopySnapshotError::SnapshotQuotaExceededFault(e)) = e else { panic!("{e:?}") };
    assert_eq!(e.request_id(), Some("6b1f3c2e-0d4a-4c58-9e7f-1a2b3c4d5e6f"));
    assert!(e.message().unwrap_or_default().starts_with("The request cannot be processed"), "{e:?}");

    let e = copy_request(&c).send().await.unwrap_err();
    let SdkError::Service(CopySnapshotError::InvalidSnapshotStateFault(e)) = e else { panic!("{e:?}") };
    assert_eq!(e.meta.code, "InvalidSnapshotState");
    assert_eq!(e.message(), Some("Snapshot replay-snap is not in the available state."));

    let e = copy_request(&c).tags(Tag { key: Some("k1".into()), value: Some("v1".into()) }).send().await;
    let e = e.unwrap_err();
    let SdkError::Service(CopySnapshotError::TagQuotaPerResourceExceeded(e)) = e else { panic!("{e:?}") };
    assert_eq!(e.request_id(), Some("8d3b5e40-2f6c-4e7a-9091-3c4d5e6f7081"));

    let e = copy_request(&c).send().await.unwrap_err();
    let SdkError::Service(CopySnapshotError::InvalidParameterValueException(e)) = e else { panic!("{e:?}") };
    assert_eq!(e.message(), Some("One of CacheClusterId or ReplicationGroupId must be provided."));

    let e = copy_request(&c).target_bucket("my-bucket").send().await.unwrap_err();
    let SdkError::Service(CopySnapshotError::InvalidParameterCombinationException(e)) = e else { panic!("{e:?}") };
    assert_eq!(e.meta.code, "InvalidParameterCombination");
    replay.assert_all_used();

    // Provenance: the three codes no server here produces are marked hand-written; the four
    // moto produces carry moto's bodies byte for byte (request ids aside).
    let hand_written: Vec<&str> =
        names.iter().copied().filter(|n| rec.exchange(n).is_some_and(|x| x.hand_written)).collect();
    assert_eq!(hand_written, ["snapshot-quota-exceeded", "invalid-snapshot-state", "tag-quota-exceeded"]);
    let moto = load(MOTO);
    for (copy_name, moto_name) in [
        ("snapshot-already-exists", "create-snapshot-exists"),
        ("snapshot-not-found", "describe-snapshots-missing"),
        ("invalid-parameter-value", "create-snapshot-no-source"),
        ("invalid-parameter-combination", "create-snapshot-both-sources"),
        ("unlisted-modeled-code", "describe-cache-clusters-missing"),
        ("moto-html-500", "copy-snapshot-unimplemented"),
    ] {
        let ours = rec.exchange(copy_name).unwrap();
        let theirs = &moto.exchange(moto_name).unwrap().response;
        assert_eq!(without_request_id(&ours.response), without_request_id(theirs), "{copy_name} vs {moto_name}");
        assert!(!ours.hand_written && ours.note.as_deref().unwrap_or_default().contains(moto_name), "{copy_name}");
    }
}

/// A response with its request id (header and `<RequestId>`) blanked: moto draws a new one on
/// each recording, and `copy-snapshot.json` keeps the ids of the recording it was built from.
fn without_request_id(resp: &awsgen_elasticache::runtime::http::HttpResponse) -> (u16, Vec<(String, String)>, String) {
    let headers = resp.headers.iter().filter(|(k, _)| k != "x-amzn-requestid").cloned().collect();
    let mut body = String::from_utf8_lossy(&resp.body).into_owned();
    if let (Some(start), Some(end)) = (body.find("<RequestId>"), body.find("</RequestId>")) {
        body.replace_range(start + "<RequestId>".len()..end, "");
    }
    (resp.status, headers, body)
}

#[tokio::test]
async fn copy_snapshot_unlisted_and_unmodeled_codes() {
    let (c, replay) = copy(&["unlisted-modeled-code", "unmodeled-code"]);
    // CacheClusterNotFound is an ElastiCache error, not one CopySnapshot lists.
    let e = copy_request(&c).send().await.unwrap_err();
    let SdkError::Service(CopySnapshotError::Unlisted(e)) = e else { panic!("{e:?}") };
    assert!(matches!(*e, awsgen_elasticache::Error::CacheClusterNotFoundFault(_)), "{e:?}");
    assert_eq!(e.meta().status, 404);

    let e = copy_request(&c).send().await.unwrap_err();
    let SdkError::Service(CopySnapshotError::Unhandled(meta)) = e else { panic!("{e:?}") };
    assert_eq!(meta.code, "RequestExpired");
    assert_eq!(meta.message.as_deref(), Some("Request has expired."));
    assert_eq!(meta.request_id.as_deref(), Some("9e4c6f51-3a7d-4f8b-a1a2-4d5e6f708192"));
    assert_eq!((meta.status, meta.fault.as_deref()), (400, Some("Sender")));
    replay.assert_all_used();
}

#[tokio::test]
async fn copy_snapshot_throttling_is_retried() {
    let (c, replay) = copy(&["throttled", "throttled-then-success"]);
    let out = copy_request(&c).kms_key_id(KMS_KEY).send().await;
    let out = out.expect("the retry succeeds");
    assert_eq!(s(&out.request_id), "b16e8173-5c9f-4bad-83c4-6f708192a3b4");
    assert_eq!(s(&out.snapshot.expect("snapshot").snapshot_name), "replay-snap-copy");
    let sent = replay.sent();
    assert_eq!(sent.len(), 2, "one throttled attempt, one retry");
    assert_eq!(sent[0].body, sent[1].body, "the retry repeats the request");
    assert_ne!(sent[0].header("x-amz-date"), None);
    replay.assert_all_used();
}

#[tokio::test]
async fn copy_snapshot_against_moto_html_500_is_a_typed_response_error() {
    let (c, replay) = copy(&["moto-html-500", "moto-html-500-retry-1", "moto-html-500-retry-2"]);
    let e = copy_request(&c).send().await.unwrap_err();
    let SdkError::Response(e) = e else { panic!("expected a response error, got {e:?}") };
    assert_eq!(e.status, 500);
    assert!(e.body_excerpt.contains("<title>500 Internal Server Error</title>"), "{e}");
    assert_eq!(replay.sent().len(), 3, "a 500 is retried up to max_attempts");
    replay.assert_all_used();
}

/// A request the recording does not hold fails with the differing parameters named, and is
/// not answered with the recorded response.
#[tokio::test]
async fn a_request_that_differs_from_the_recording_fails_clearly() {
    let (c, replay) = copy(&["success"]);
    let e = copy_request(&c).send().await.unwrap_err();
    let SdkError::Transport(e) = e else { panic!("{e:?}") };
    assert!(e.message.contains("recorded but not sent: KmsKeyId="), "{}", e.message);
    assert!(e.message.contains("exchange \"success\""), "{}", e.message);
    assert_eq!(replay.remaining(), 1);
}
