//! Paginators and waiters: the ElastiCache files load completely, and a path to a missing member
//! or an expression outside the supported JMESPath subset fails generation, naming the file,
//! the JSON path, the waiter or paginator and the expression.

use awsgen_codegen::ir::expr::{Card, Expr, Step};
use awsgen_codegen::ir::{Matcher, Service};
use serde_json::Value;

fn model_file(name: &str) -> String {
    let path = format!("{}/../models/elasticache/2015-02-02/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn load(paginators: &str, waiters: &str) -> Result<Service, String> {
    let service = model_file("service-2.json");
    awsgen_codegen::load(&awsgen_codegen::ModelFiles {
        paginators: Some(("paginators-1.json", paginators)),
        waiters: Some(("waiters-2.json", waiters)),
        ..awsgen_codegen::ModelFiles::new(("service-2.json", &service))
    })
    .map_err(|e| e.to_string())
}

fn json(name: &str) -> Value {
    serde_json::from_str(&model_file(name)).unwrap()
}

/// The error for the real files with one waiter acceptor's argument replaced.
fn waiter_error(waiter: &str, acceptor: usize, argument: &str) -> String {
    let mut w = json("waiters-2.json");
    w["waiters"][waiter]["acceptors"][acceptor]["argument"] = argument.into();
    load(&model_file("paginators-1.json"), &w.to_string()).expect_err("must be rejected")
}

fn paginator_error(op: &str, key: &str, value: Value) -> String {
    let mut p = json("paginators-1.json");
    p["pagination"][op][key] = value;
    load(&p.to_string(), &model_file("waiters-2.json")).expect_err("must be rejected")
}

#[test]
fn all_elasticache_paginators_and_waiters_load() {
    let svc = load(&model_file("paginators-1.json"), &model_file("waiters-2.json")).unwrap();
    assert_eq!(svc.paginators.len(), 19);
    assert!(svc.paginators.iter().all(|p| p.items.is_some() && p.limit_key.is_some()));
    let names: Vec<&str> = svc.waiters.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(
        names,
        ["CacheClusterAvailable", "CacheClusterDeleted", "ReplicationGroupAvailable", "ReplicationGroupDeleted"]
    );

    let p = svc.paginator("DescribeEngineDefaultParameters").unwrap();
    assert_eq!(p.input_tokens.len(), 1);
    assert_eq!(p.input_tokens[0].rust_name, "marker");
    let members: Vec<&str> = p.output_tokens[0]
        .steps
        .iter()
        .map(|s| match s {
            Step::Member { name, .. } => name.as_str(),
            other => panic!("unexpected step {other:?}"),
        })
        .collect();
    assert_eq!(members, ["EngineDefaults", "Marker"]);
    assert_eq!(p.output_tokens[0].card, Card::Opt);

    let w = &svc.waiters[0];
    assert_eq!(
        (w.method.as_str(), w.rust_name.as_str()),
        ("wait_until_cache_cluster_available", "DescribeCacheClustersWaiter")
    );
    assert_eq!((w.min_delay, w.max_delay, w.max_attempts), (15, 120, Some(40)));
    let Matcher::PathAll { expr: Expr::Path(path), .. } = &w.acceptors[0].matcher else {
        panic!("{:?}", w.acceptors[0])
    };
    assert_eq!(path.card, Card::Many);
    assert!(matches!(
        path.steps[..],
        [Step::Member { .. }, Step::Flatten { from: Card::Opt }, Step::Member { from: Card::Many, .. }]
    ));
    assert!(matches!(&svc.waiters[1].acceptors[1].matcher, Matcher::ErrorCode(c) if c == "CacheClusterNotFound"));
}

#[test]
fn a_path_to_a_missing_member_names_the_waiter_and_expression() {
    let e = waiter_error("CacheClusterAvailable", 1, "CacheClusters[].NoSuchStatus");
    assert!(
        e.starts_with(
            "waiters-2.json: waiters.CacheClusterAvailable.acceptors[1].argument: waiter CacheClusterAvailable:"
        ),
        "{e}"
    );
    assert!(e.contains("`CacheClusters[].NoSuchStatus`"), "{e}");
    assert!(e.contains("`CacheCluster` has no member `NoSuchStatus`"), "{e}");

    let e = waiter_error("ReplicationGroupDeleted", 0, "ReplicationGroups[].Status.Deeper");
    assert!(e.contains("waiter ReplicationGroupDeleted"), "{e}");
    assert!(e.contains("`Deeper` is looked up in a string"), "{e}");
}

/// Valid JMESPath outside the subset leaves the waiter out, listed with the reason; the rest of
/// the service still generates. A syntax error is the model's fault and fails generation.
#[test]
fn expressions_outside_the_subset_leave_the_waiter_out() {
    for (argument, what) in [
        ("CacheClusters[].[CacheClusterId, CacheClusterStatus]", "multi-select lists"),
        ("CacheClusters | [0]", "pipe expressions"),
        ("max(CacheClusters[].NumCacheNodes)", "function max() is not supported"),
        ("CacheClusters[0:2].CacheClusterStatus", "slices"),
        ("length(CacheClusters[].CacheNodes[*].CacheNodeId)", "`[*]` inside a projection is not supported"),
        ("CacheClusters[].CacheClusterStatus == `[1]`", "list and object literals"),
    ] {
        let mut w = json("waiters-2.json");
        w["waiters"]["CacheClusterDeleted"]["acceptors"][0]["argument"] = argument.into();
        let svc = load(&model_file("paginators-1.json"), &w.to_string()).unwrap_or_else(|e| panic!("{argument}: {e}"));
        let names: Vec<&str> = svc.waiters.iter().map(|w| w.name.as_str()).collect();
        assert_eq!(names, ["CacheClusterAvailable", "ReplicationGroupAvailable", "ReplicationGroupDeleted"]);
        let [omitted] = svc.omitted_waiters.as_slice() else { panic!("{argument}: {:?}", svc.omitted_waiters) };
        assert_eq!(omitted.name, "CacheClusterDeleted");
        assert!(omitted.reason.starts_with("acceptors[0].argument: expression `"), "{argument}: {}", omitted.reason);
        assert!(omitted.reason.contains(what), "{argument}: {}", omitted.reason);
        assert_eq!(svc.left_out(), [("waiter", "CacheClusterDeleted", omitted.reason.as_str())]);
    }
    let e = waiter_error("CacheClusterDeleted", 0, "CacheClusters[?CacheClusterStatus = 'x']");
    assert!(e.contains("waiter CacheClusterDeleted"), "{e}");
    assert!(e.contains("unexpected character '='"), "{e}");
}

#[test]
fn richer_expressions_resolve() {
    let ok = |argument: &str| {
        let mut w = json("waiters-2.json");
        w["waiters"]["CacheClusterAvailable"]["acceptors"][0]["argument"] = argument.into();
        w["waiters"]["CacheClusterAvailable"]["acceptors"][0]["matcher"] = "path".into();
        load(&model_file("paginators-1.json"), &w.to_string()).unwrap_or_else(|e| panic!("{argument}: {e}"))
    };
    for argument in [
        "length(CacheClusters[]) > `0`",
        "length(CacheClusters[?CacheClusterStatus == 'available']) == length(CacheClusters)",
        "CacheClusters[0].CacheClusterStatus || 'none'",
        "CacheClusters[-1].CacheNodes[].Endpoint.Port",
        "contains(CacheClusters[].CacheClusterStatus, 'deleting') && !Marker",
        "CacheClusters[*].ConfigurationEndpoint.Address",
    ] {
        ok(argument);
    }
}

#[test]
fn paginator_keys_are_checked_against_the_shapes() {
    let e = paginator_error("DescribeCacheClusters", "output_token", "NoMarker".into());
    assert!(
        e.starts_with(
            "paginators-1.json: pagination.DescribeCacheClusters.output_token: paginator DescribeCacheClusters:"
        ),
        "{e}"
    );
    assert!(e.contains("has no member `NoMarker`"), "{e}");
    let e = paginator_error("DescribeCacheClusters", "output_token", "CacheClusters".into());
    assert!(e.contains("does not end at a string"), "{e}");
    let e = paginator_error("DescribeCacheClusters", "input_token", "Nope".into());
    assert!(e.contains("the input `DescribeCacheClustersInput` has no member `Nope`"), "{e}");
    let e = paginator_error("DescribeCacheClusters", "limit_key", "ShowCacheNodeInfo".into());
    assert!(e.contains("`ShowCacheNodeInfo` is not an integer or string member"), "{e}");
    let e = paginator_error("DescribeCacheClusters", "input_token", serde_json::json!(["Marker", "Other"]));
    assert!(e.contains("pagination.DescribeCacheClusters.input_token[1]:"), "{e}");
    assert!(e.contains("has no member `Other`"), "{e}");
    let e = paginator_error("DescribeCacheClusters", "output_token", serde_json::json!(["Marker", "Marker"]));
    assert!(e.contains("2 output token(s) for 1 input token(s)"), "{e}");

    let mut p = json("paginators-1.json");
    p["pagination"]["NoSuchOperation"] = p["pagination"]["DescribeCacheClusters"].clone();
    let e = load(&p.to_string(), &model_file("waiters-2.json")).unwrap_err();
    assert!(e.contains("pagination.NoSuchOperation"), "{e}");
    assert!(e.contains("no operation of that name"), "{e}");
}

#[test]
fn malformed_files_name_the_file_and_path() {
    let mut w = json("waiters-2.json");
    w["waiters"]["CacheClusterDeleted"]["acceptors"][2]["state"] = "maybe".into();
    let e = load(&model_file("paginators-1.json"), &w.to_string()).unwrap_err();
    assert!(
        e.contains("waiters.CacheClusterDeleted.acceptors[2].state: waiter CacheClusterDeleted: unknown state"),
        "{e}"
    );

    let mut w = json("waiters-2.json");
    w["waiters"]["CacheClusterDeleted"]["acceptors"][2]["matcher"] = "inputOutput".into();
    let e = load(&model_file("paginators-1.json"), &w.to_string()).unwrap_err();
    assert!(e.contains("unknown matcher \"inputOutput\""), "{e}");

    let mut w = json("waiters-2.json");
    w["waiters"]["CacheClusterDeleted"]["delay"] = "soon".into();
    let e = load(&model_file("paginators-1.json"), &w.to_string()).unwrap_err();
    assert!(e.starts_with("waiters-2.json: waiters.CacheClusterDeleted.delay:"), "{e}");

    let e = load("{\"pagination\": ", &model_file("waiters-2.json")).unwrap_err();
    assert!(e.starts_with("paginators-1.json:") && e.contains("invalid JSON"), "{e}");
}

/// The Smithy ElastiCache model's `@paginated` and `waitable` traits resolve to the same
/// paginators and waiters as botocore's files, except what Smithy does not model: an attempt
/// limit (Smithy bounds a wait by time only) and the description.
#[test]
fn smithy_facts_resolve_like_the_botocore_files() {
    let path = format!("{}/tests/fixtures/twin/elasticache-2015-02-02.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut smithy = awsgen_codegen::load_smithy("elasticache-2015-02-02.json", &text).unwrap();
    awsgen_codegen::ir::add_smithy_paginators_waiters(
        &mut smithy.service,
        "elasticache-2015-02-02.json",
        &smithy.paginators,
        &smithy.waiters,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let boto = load(&model_file("paginators-1.json"), &model_file("waiters-2.json")).unwrap();
    let by_op = |ps: &[awsgen_codegen::ir::Paginator]| {
        let mut v = ps.to_vec();
        v.sort_by(|a, b| a.operation.cmp(&b.operation));
        v
    };
    assert_eq!(by_op(&smithy.service.paginators), by_op(&boto.paginators));
    assert_eq!(smithy.service.waiters.len(), 4);
    for w in &smithy.service.waiters {
        let mut b = boto.waiters.iter().find(|b| b.name == w.name).unwrap().clone();
        (b.max_attempts, b.description) = (None, None);
        assert_eq!(w, &b);
    }
}

#[test]
fn deep_or_long_expressions_are_rejected_naming_file_and_waiter() {
    use awsgen_codegen::ir::jmespath::{MAX_DEPTH, MAX_EXPRESSION_LEN};
    let n = 10_000;
    let cases = [
        format!("{}CacheClusters{}", "(".repeat(n), ")".repeat(n)),
        format!("{}CacheClusters", "!".repeat(n)),
        format!("CacheClusters{}", ".x".repeat(n)),
        vec!["CacheClusters"; n].join(" || "),
    ];
    for argument in &cases {
        let e = waiter_error("CacheClusterAvailable", 1, argument);
        assert!(
            e.starts_with(
                "waiters-2.json: waiters.CacheClusterAvailable.acceptors[1].argument: waiter CacheClusterAvailable:"
            ),
            "{e}"
        );
        assert!(e.contains(&format!("at most {MAX_EXPRESSION_LEN}")), "{e}");
        assert!(e.len() < 1000, "the error quotes only the start of the expression: {e}");
    }
    // Within the length limit, nesting is what is refused.
    let deep = MAX_DEPTH + 1;
    let cases = [
        format!("{}CacheClusters{}", "(".repeat(deep), ")".repeat(deep)),
        format!("{}CacheClusters", "!".repeat(deep)),
        format!("CacheClusters{}", ".x".repeat(deep)),
        vec!["CacheClusters"; deep + 1].join(" || "),
    ];
    for argument in &cases {
        let e = waiter_error("CacheClusterAvailable", 1, argument);
        assert!(e.contains("waiter CacheClusterAvailable"), "{e}");
        assert!(e.contains(&format!("{MAX_DEPTH} levels")), "{argument}: {e}");
    }
    // Nesting below the limit still compiles.
    let mut w = json("waiters-2.json");
    let nested = format!("{}CacheClusters[].CacheClusterStatus{}", "(".repeat(10), ")".repeat(10));
    w["waiters"]["CacheClusterAvailable"]["acceptors"][1]["argument"] = nested.into();
    load(&model_file("paginators-1.json"), &w.to_string()).unwrap();
}
