//! serde (the generated crate's `serde` feature): every output the tests parse goes through JSON
//! and back unchanged, with the model's member names as keys; inputs can be built from JSON.
//!
//! Data-driven: every hand-written body in [`BODY_DIRS`] and every 2xx response of every
//! recording in [`RECORDINGS`] is parsed as the output of the operation its root element names
//! (`<DescribeCacheClustersResponse>`). New recordings are covered without touching this file
//! (those of the JSON services, whose requests carry a JSON body, are other crates' and skipped).
#![cfg(feature = "serde")]

use awsgen_elasticache::operation::*;
use awsgen_elasticache::runtime::http::HttpResponse;
use awsgen_elasticache::runtime::replay::Recording;
use awsgen_elasticache::runtime::Operation;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Folders of hand-written response bodies (`*.xml`), relative to the `tests` crate.
const BODY_DIRS: &[&str] = &["data/hand-written"];

/// Folder of recordings (`*.json`, the runtime's `replay` format): every 2xx response counts.
const RECORDINGS: &str = "recordings";

/// Every response body to try, labelled by where it came from.
fn bodies() -> Vec<(String, Vec<u8>)> {
    fn walk(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, ext, out);
            } else if p.extension().is_some_and(|x| x == ext) {
                out.push(p);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for d in BODY_DIRS {
        walk(&root.join(d), "xml", &mut files);
    }
    files.sort();
    let mut out: Vec<(String, Vec<u8>)> =
        files.iter().map(|f| (f.display().to_string(), std::fs::read(f).unwrap())).collect();
    let mut recordings = Vec::new();
    walk(&root.join(RECORDINGS), "json", &mut recordings);
    recordings.sort();
    for r in recordings {
        let rec = Recording::load(&r).unwrap_or_else(|e| panic!("{e}"));
        if of_a_json_service(&rec) {
            continue;
        }
        for x in rec.exchanges.into_iter().filter(|x| (200..300).contains(&x.response.status)) {
            out.push((format!("{} exchange {}", r.display(), x.name), x.response.body));
        }
    }
    out
}

/// The JSON services' scenarios (`sqs-moto.json` and the like, written by their live tests:
/// requests with a JSON body) and CloudWatch's (`cloudwatch-cbor.json`: CBOR bodies) hold other
/// crates' outputs; this file is about ElastiCache's.
fn of_a_json_service(rec: &Recording) -> bool {
    rec.exchanges.iter().any(|x| x.request.as_ref().is_some_and(|r| r.body.is_some() || r.cbor.is_some()))
}

/// The name of the first element, skipping the declaration and comments.
fn root_element(xml: &str) -> Option<&str> {
    let mut rest = xml;
    loop {
        let start = rest.find('<')?;
        rest = &rest[start..];
        if let Some(after) = rest.strip_prefix("<?").or_else(|| rest.strip_prefix("<!--")) {
            let end = after.find(if rest.starts_with("<?") { "?>" } else { "-->" })?;
            rest = &after[end..];
            continue;
        }
        let name = &rest[1..];
        let end = name.find(|c: char| c.is_whitespace() || c == '>' || c == '/')?;
        return Some(&name[..end]);
    }
}

/// Every JSON object key, recursively.
fn keys(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                out.push(k.clone());
                keys(v, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

fn round_trip<I>(file: &str, body: &[u8])
where
    I: Operation,
    I::Output: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let out = I::parse_output(&HttpResponse::new(200, body)).unwrap_or_else(|e| panic!("{}: {e}", file));
    let json = serde_json::to_string(&out).unwrap();
    let back: I::Output = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{}: {e}\n{json}", file));
    assert_eq!(back, out, "{}: changed through JSON {json}", file);
    let mut names = Vec::new();
    keys(&serde_json::from_str(&json).unwrap(), &mut names);
    assert!(!names.is_empty(), "{}: nothing parsed", file);
    for k in names {
        assert!(k.starts_with(|c: char| c.is_ascii_uppercase()), "{}: key {k:?} is not a model member name", file);
    }
}

/// Calls `round_trip` with the input type of the operation named `op`.
macro_rules! dispatch {
    ($op:expr, $file:expr, $body:expr; $($module:ident::$input:ident,)*) => {
        match $op {
            $(n if n == <$module::$input as Operation>::NAME => round_trip::<$module::$input>($file, $body),)*
            other => panic!("{}: no ElastiCache operation named {other:?}", $file),
        }
    };
}

#[test]
fn every_parsed_output_round_trips_through_json() {
    let mut hand_written = 0;
    let mut per_recording: BTreeMap<String, usize> = BTreeMap::new();
    for (label, body) in bodies() {
        let text = String::from_utf8_lossy(&body);
        let Some(root) = root_element(&text) else { panic!("{label}: no root element") };
        // Nothing is skipped: every body here must be an operation's output.
        let Some(op) = root.strip_suffix("Response").filter(|_| root != "ErrorResponse") else {
            panic!("{label}: <{root}> is not an operation's output")
        };
        dispatch!(op, &label, &body;
        add_tags_to_resource::AddTagsToResourceInput,
        authorize_cache_security_group_ingress::AuthorizeCacheSecurityGroupIngressInput,
        batch_apply_update_action::BatchApplyUpdateActionInput,
        batch_stop_update_action::BatchStopUpdateActionInput,
        complete_migration::CompleteMigrationInput,
        copy_serverless_cache_snapshot::CopyServerlessCacheSnapshotInput,
        copy_snapshot::CopySnapshotInput,
        create_cache_cluster::CreateCacheClusterInput,
        create_cache_parameter_group::CreateCacheParameterGroupInput,
        create_cache_security_group::CreateCacheSecurityGroupInput,
        create_cache_subnet_group::CreateCacheSubnetGroupInput,
        create_global_replication_group::CreateGlobalReplicationGroupInput,
        create_replication_group::CreateReplicationGroupInput,
        create_serverless_cache::CreateServerlessCacheInput,
        create_serverless_cache_snapshot::CreateServerlessCacheSnapshotInput,
        create_snapshot::CreateSnapshotInput,
        create_user::CreateUserInput,
        create_user_group::CreateUserGroupInput,
        decrease_node_groups_in_global_replication_group::DecreaseNodeGroupsInGlobalReplicationGroupInput,
        decrease_replica_count::DecreaseReplicaCountInput,
        delete_cache_cluster::DeleteCacheClusterInput,
        delete_cache_parameter_group::DeleteCacheParameterGroupInput,
        delete_cache_security_group::DeleteCacheSecurityGroupInput,
        delete_cache_subnet_group::DeleteCacheSubnetGroupInput,
        delete_global_replication_group::DeleteGlobalReplicationGroupInput,
        delete_replication_group::DeleteReplicationGroupInput,
        delete_serverless_cache::DeleteServerlessCacheInput,
        delete_serverless_cache_snapshot::DeleteServerlessCacheSnapshotInput,
        delete_snapshot::DeleteSnapshotInput,
        delete_user::DeleteUserInput,
        delete_user_group::DeleteUserGroupInput,
        describe_cache_clusters::DescribeCacheClustersInput,
        describe_cache_engine_versions::DescribeCacheEngineVersionsInput,
        describe_cache_parameter_groups::DescribeCacheParameterGroupsInput,
        describe_cache_parameters::DescribeCacheParametersInput,
        describe_cache_security_groups::DescribeCacheSecurityGroupsInput,
        describe_cache_subnet_groups::DescribeCacheSubnetGroupsInput,
        describe_engine_default_parameters::DescribeEngineDefaultParametersInput,
        describe_events::DescribeEventsInput,
        describe_global_replication_groups::DescribeGlobalReplicationGroupsInput,
        describe_replication_groups::DescribeReplicationGroupsInput,
        describe_reserved_cache_nodes::DescribeReservedCacheNodesInput,
        describe_reserved_cache_nodes_offerings::DescribeReservedCacheNodesOfferingsInput,
        describe_serverless_cache_snapshots::DescribeServerlessCacheSnapshotsInput,
        describe_serverless_caches::DescribeServerlessCachesInput,
        describe_service_updates::DescribeServiceUpdatesInput,
        describe_snapshots::DescribeSnapshotsInput,
        describe_update_actions::DescribeUpdateActionsInput,
        describe_user_groups::DescribeUserGroupsInput,
        describe_users::DescribeUsersInput,
        disassociate_global_replication_group::DisassociateGlobalReplicationGroupInput,
        export_serverless_cache_snapshot::ExportServerlessCacheSnapshotInput,
        failover_global_replication_group::FailoverGlobalReplicationGroupInput,
        increase_node_groups_in_global_replication_group::IncreaseNodeGroupsInGlobalReplicationGroupInput,
        increase_replica_count::IncreaseReplicaCountInput,
        list_allowed_node_type_modifications::ListAllowedNodeTypeModificationsInput,
        list_tags_for_resource::ListTagsForResourceInput,
        modify_cache_cluster::ModifyCacheClusterInput,
        modify_cache_parameter_group::ModifyCacheParameterGroupInput,
        modify_cache_subnet_group::ModifyCacheSubnetGroupInput,
        modify_global_replication_group::ModifyGlobalReplicationGroupInput,
        modify_replication_group::ModifyReplicationGroupInput,
        modify_replication_group_shard_configuration::ModifyReplicationGroupShardConfigurationInput,
        modify_serverless_cache::ModifyServerlessCacheInput,
        modify_user::ModifyUserInput,
        modify_user_group::ModifyUserGroupInput,
        prepare_migration::PrepareMigrationInput,
        purchase_reserved_cache_nodes_offering::PurchaseReservedCacheNodesOfferingInput,
        rebalance_slots_in_global_replication_group::RebalanceSlotsInGlobalReplicationGroupInput,
        reboot_cache_cluster::RebootCacheClusterInput,
        remove_tags_from_resource::RemoveTagsFromResourceInput,
        reset_cache_parameter_group::ResetCacheParameterGroupInput,
        revoke_cache_security_group_ingress::RevokeCacheSecurityGroupIngressInput,
        start_migration::StartMigrationInput,
        stop_migration::StopMigrationInput,
        test_failover::TestFailoverInput,
        test_migration::TestMigrationInput,
        );
        match label.split_once(" exchange ") {
            Some((file, _)) => *per_recording.entry(file.to_string()).or_default() += 1,
            None => hand_written += 1,
        }
    }
    // Not vacuous: both hand-written bodies, and every recording contributes (each holds at
    // least one 2xx response), 97 outputs in all when this was written.
    assert_eq!(hand_written, 2, "hand-written bodies in {BODY_DIRS:?}");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(RECORDINGS);
    let files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| !of_a_json_service(&Recording::load(p).unwrap()))
        .map(|p| p.display().to_string())
        .collect();
    assert!(files.len() >= 6, "{files:?}");
    for f in &files {
        assert!(per_recording.get(f).is_some_and(|n| *n > 0), "no output of {f} round-tripped: {per_recording:?}");
    }
    let recorded: usize = per_recording.values().sum();
    assert!(recorded >= 97, "only {recorded} recorded outputs: {per_recording:?}");
}

#[test]
fn json_uses_wire_names_rfc3339_and_wire_enum_values() {
    let body = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/hand-written/clusters-nested.xml")).unwrap();
    let out = describe_cache_clusters::DescribeCacheClustersInput::parse_output(&HttpResponse::new(200, body)).unwrap();
    let v = serde_json::to_value(&out).unwrap();
    assert_eq!(v["Marker"], "next-page");
    assert_eq!(v["RequestId"], "rid-42");
    let a = &v["CacheClusters"][0];
    assert_eq!(a["CacheClusterId"], "redis-a");
    assert_eq!(a["NumCacheNodes"], 2);
    assert_eq!(a["NetworkType"], "dual_stack");
    // A value the model does not know is kept, and comes back as `Unknown`.
    assert_eq!(a["IpDiscovery"], "ipv7");
    assert_eq!(a["CacheNodes"][1]["Endpoint"]["Address"], "b & c <d>");
    assert!(a.get("ReplicationGroupId").is_none(), "unset members are left out: {a}");

    let body = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/hand-written/copy-snapshot.xml")).unwrap();
    let out = copy_snapshot::CopySnapshotInput::parse_output(&HttpResponse::new(200, body)).unwrap();
    let v = serde_json::to_value(&out).unwrap();
    assert_eq!(v["Snapshot"]["CacheClusterCreateTime"], "2024-03-01T10:20:30.500Z");
}

/// Inputs can be built from JSON (required members included) and sent as usual.
#[test]
fn inputs_build_from_json() {
    let input: copy_snapshot::CopySnapshotInput = serde_json::from_str(
        r#"{"SourceSnapshotName": "a", "TargetSnapshotName": "b", "Tags": [{"Key": "team", "Value": "cache"}]}"#,
    )
    .unwrap();
    assert_eq!(
        input.serialize().unwrap().body_text(),
        "Action=CopySnapshot&Version=2015-02-02&SourceSnapshotName=a&TargetSnapshotName=b\
         &Tags.Tag.1.Key=team&Tags.Tag.1.Value=cache"
    );
    let err = serde_json::from_str::<copy_snapshot::CopySnapshotInput>(r#"{"SourceSnapshotName": "a"}"#).unwrap_err();
    assert!(err.to_string().contains("TargetSnapshotName"), "{err}");
    let e: awsgen_elasticache::types::AuthTokenUpdateStrategyType = serde_json::from_str(r#""ROTATE""#).unwrap();
    assert_eq!(e, awsgen_elasticache::types::AuthTokenUpdateStrategyType::Rotate);
}

/// An exception's metadata survives the trip too (errors are shapes).
#[test]
fn error_structures_round_trip() {
    let meta = awsgen_elasticache::runtime::ErrorMetadata {
        code: "CacheClusterNotFound".into(),
        message: Some("gone".into()),
        request_id: Some("r-1".into()),
        status: 404,
        fault: Some("Sender".into()),
        ..Default::default()
    };
    let e = awsgen_elasticache::error::CacheClusterNotFoundFault::from(meta);
    let json = serde_json::to_string(&e).unwrap();
    assert!(json.contains(r#""code":"CacheClusterNotFound""#), "{json}");
    assert_eq!(serde_json::from_str::<awsgen_elasticache::error::CacheClusterNotFoundFault>(&json).unwrap(), e);
}
