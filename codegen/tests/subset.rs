//! Operation subsets (`Service::retain_operations`): only the named operations, and the shapes,
//! errors, paginators and waiters they reach; unknown names are located errors; both model
//! formats.

use awsgen_codegen::ir::{Service, Shape, ShapeKind, Subset};
use awsgen_codegen::{ModelError, ModelFiles, Options};
use std::collections::BTreeSet;
use std::path::PathBuf;

const MINI: [&str; 3] = ["DescribeCacheClusters", "CopySnapshot", "DescribeSnapshots"];

fn read(path: PathBuf) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

/// `models/<service>/<version>/` with its paginators and waiters, as `cargo xtask generate`
/// loads it.
fn model(service: &str, version: &str) -> Service {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../models").join(service).join(version);
    let text = read(dir.join("service-2.json")).expect("the model");
    let (pages, waiters) = (read(dir.join("paginators-1.json")), read(dir.join("waiters-2.json")));
    let files = ModelFiles {
        service: ("service-2.json", &text),
        paginators: pages.as_deref().map(|t| ("paginators-1.json", t)),
        waiters: waiters.as_deref().map(|t| ("waiters-2.json", t)),
        endpoint_rules: None,
    };
    awsgen_codegen::load(&files).unwrap_or_else(|e| panic!("{e}"))
}

fn elasticache() -> Service {
    model("elasticache", "2015-02-02")
}

fn mini() -> Service {
    elasticache().retain_operations(&MINI, "subsets.toml", "mini.operations").unwrap_or_else(|e| panic!("{e}"))
}

fn shape_ids(s: &Service) -> BTreeSet<&str> {
    s.shapes.keys().map(String::as_str).collect()
}

/// The shapes the IR's operations and shapes name.
fn referenced(s: &Service) -> BTreeSet<&str> {
    let ops = s.operations.iter().flat_map(|o| [&o.input, &o.output].into_iter().chain(&o.errors));
    let shapes = s.shapes.values().flat_map(|shape| targets(shape));
    ops.chain(shapes).map(String::as_str).collect()
}

fn targets(shape: &Shape) -> Vec<&String> {
    match &shape.kind {
        ShapeKind::Structure(st) | ShapeKind::Union(st) => st.members.iter().map(|m| &m.target).collect(),
        ShapeKind::List(l) => vec![&l.member],
        ShapeKind::Map(m) => vec![&m.key, &m.value],
        _ => vec![],
    }
}

/// Every target a kept shape names is kept too: the subset has no dangling reference.
fn assert_closed(s: &Service) {
    for shape in s.shapes.values() {
        for t in targets(shape) {
            assert!(s.shapes.contains_key(t), "{} names {t}, which the subset dropped", shape.id);
        }
    }
    for op in &s.operations {
        for id in [&op.input, &op.output].into_iter().chain(&op.errors) {
            assert!(s.shapes.contains_key(id), "{} needs {id}", op.name);
        }
    }
}

#[test]
fn three_elasticache_operations_keep_what_they_reach() {
    let (full, mini) = (elasticache(), mini());
    let names: Vec<&str> = mini.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["CopySnapshot", "DescribeCacheClusters", "DescribeSnapshots"], "model order");
    assert_closed(&mini);
    // Shapes only other operations reach are gone, with those operations' inputs and outputs.
    for gone in ["User", "ReplicationGroup", "CacheSubnetGroup", "CreateUser$Input", "CreateUser$Output"] {
        assert!(full.shapes.contains_key(gone) && !mini.shapes.contains_key(gone), "{gone}");
    }
    // Shared shapes stay, as they were named in the full crate.
    for kept in ["Snapshot", "NodeSnapshot", "CacheCluster", "Tag", "CopySnapshot$Input"] {
        assert_eq!(mini.shapes.get(kept).map(|s| &s.rust_name), full.shapes.get(kept).map(|s| &s.rust_name), "{kept}");
    }
    assert!(mini.shapes.len() < full.shapes.len() / 3, "{} of {} shapes", mini.shapes.len(), full.shapes.len());
    // Errors: those the three operations list, no others.
    let listed: BTreeSet<&String> = mini.operations.iter().flat_map(|o| &o.errors).collect();
    assert_eq!(mini.errors.iter().collect::<BTreeSet<_>>(), listed);
    assert!(mini.errors.contains(&"CacheClusterNotFoundFault".to_string()));
    assert!(
        full.errors.contains(&"UserNotFoundFault".to_string())
            && !mini.errors.contains(&"UserNotFoundFault".to_string())
    );
    // Serializers are needed only where an input still reaches: `Tag` is sent by CopySnapshot
    // but read back only by operations left out.
    assert!(full.shapes["Tag"].in_output && full.shapes["Tag"].in_input);
    assert!(mini.shapes["Tag"].in_input && !mini.shapes["Tag"].in_output);
    assert!(!mini.shapes["Snapshot"].in_input && mini.shapes["Snapshot"].in_output);
}

#[test]
fn waiters_and_paginators_of_left_out_operations_are_left_out() {
    let (full, mini) = (elasticache(), mini());
    let pages: Vec<&str> = mini.paginators.iter().map(|p| p.operation.as_str()).collect();
    assert_eq!(pages, ["DescribeCacheClusters", "DescribeSnapshots"]);
    let waiters: Vec<&str> = mini.waiters.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(waiters, ["CacheClusterAvailable", "CacheClusterDeleted"]);
    let Some(Subset { model_operations, operations, paginators, waiters }) = &mini.subset else { panic!("no note") };
    assert_eq!(*model_operations, full.operations.len() + full.omitted_operations.len());
    assert_eq!(operations.len(), model_operations - 3);
    assert!(operations.contains(&"CreateUser".to_string()) && !operations.contains(&"CopySnapshot".to_string()));
    assert_eq!(paginators.len(), full.paginators.len() + full.omitted_paginators.len() - 2);
    assert_eq!(waiters, &["ReplicationGroupAvailable", "ReplicationGroupDeleted"]);
    assert_eq!(full.subset, None);
}

/// Keeping every operation keeps the whole service: the recomputed reachability is the front
/// end's, for each committed model and protocol.
#[test]
fn all_operations_give_the_service_back() {
    let models = [
        ("elasticache", "2015-02-02"),
        ("dynamodb", "2012-08-10"),
        ("sqs", "2012-11-05"),
        ("lambda", "2015-03-31"),
        ("s3", "2006-03-01"),
        ("cloudwatch", "2010-08-01"),
        ("sts", "2011-06-15"),
    ];
    for (service, version) in models {
        let full = model(service, version);
        let names: Vec<&str> = full
            .operations
            .iter()
            .map(|o| o.name.as_str())
            .chain(full.omitted_operations.iter().map(|o| o.name.as_str()))
            .collect();
        let mut same = full.retain_operations(&names, "t", "ops").unwrap_or_else(|e| panic!("{e}"));
        let note = same.subset.take().expect("a subset note");
        assert!(note.operations.is_empty() && note.paginators.is_empty() && note.waiters.is_empty(), "{service}");
        // Only shapes nothing in the IR names are dropped: the strings of error `message`
        // members, which the IR keeps in error metadata rather than as fields.
        let named: BTreeSet<String> = referenced(&full).into_iter().map(String::from).collect();
        let gone: Vec<&String> = full.shapes.keys().filter(|k| !same.shapes.contains_key(*k)).collect();
        assert!(gone.iter().all(|g| !named.contains(g.as_str())), "{service}: dropped {gone:?}");
        let mut full = full;
        full.shapes.retain(|k, _| named.contains(k));
        assert!(same == full, "{service}: keeping every operation changed the service");
    }
}

#[test]
fn unknown_names_are_located_with_suggestions() {
    let full = elasticache();
    let err = |names: &[&str]| full.retain_operations(names, "models/subsets.toml", "mini.operations").unwrap_err();
    let e = err(&["CopySnapshot", "DescribeSnapshot"]);
    assert_eq!((e.file.as_str(), e.path.as_str()), ("models/subsets.toml", "mini.operations[1]"));
    assert!(e.message.starts_with("ElastiCache has no operation \"DescribeSnapshot\"; did you mean"), "{e}");
    assert!(e.message.contains("\"DescribeSnapshots\""), "{e}");
    let e = err(&["copysnapshot"]);
    assert!(e.message.contains("did you mean \"CopySnapshot\""), "{e}");
    let e = err(&["Frobnicate"]);
    assert_eq!(
        e,
        ModelError::new("models/subsets.toml", "mini.operations[0]", "ElastiCache has no operation \"Frobnicate\"")
    );
    let e = err(&["CopySnapshot", "CopySnapshot"]);
    assert_eq!(e.path, "mini.operations[1]");
    assert!(e.message.contains("listed twice"), "{e}");
    let e = err(&[]);
    assert_eq!((e.path.as_str(), e.to_string().contains("at least one")), ("mini.operations", true));
}

/// The Smithy model and its botocore twin give the same subset.
#[test]
fn both_model_formats() {
    let twin = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/twin");
    let smithy = read(twin.join("elasticache-2015-02-02.json")).unwrap();
    let boto = read(twin.join("botocore-twin-1.37.25-service-2.json")).unwrap();
    let smithy = awsgen_codegen::load_model("elasticache.json", &smithy).unwrap();
    let boto = awsgen_codegen::load_model("service-2.json", &boto).unwrap();
    let a = smithy.retain_operations(&MINI, "t", "ops").unwrap();
    let b = boto.retain_operations(&MINI, "t", "ops").unwrap();
    assert_closed(&a);
    let ops = |s: &Service| s.operations.iter().map(|o| (o.name.clone(), o.errors.clone())).collect::<Vec<_>>();
    assert_eq!(ops(&a), ops(&b));
    assert_eq!(a.errors, b.errors);
    // The whole Smithy model keeps `ExceptionMessage`, the string of error `message` members,
    // which botocore drops (see smithy_twin.rs); the IR keeps messages in error metadata, so no
    // subset reaches it.
    assert!(smithy.shapes.contains_key("ExceptionMessage") && !boto.shapes.contains_key("ExceptionMessage"));
    assert_eq!(shape_ids(&a), shape_ids(&b));
    assert!(!a.shapes.contains_key("User") && a.shapes.contains_key("Snapshot"));
}

/// The subset crate: three operation modules, the README says what is left out.
#[test]
fn the_subset_crate_has_three_operation_modules_and_says_so() {
    let opts = Options { crate_name: "awsgen-mini".into(), runtime_path: "../runtime".into(), command: "test".into() };
    let files = awsgen_codegen::generate(&mini(), &opts).unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).filter(|p| p.starts_with("src/operation/")).collect();
    assert_eq!(
        paths,
        [
            "src/operation/mod.rs",
            "src/operation/copy_snapshot.rs",
            "src/operation/describe_cache_clusters.rs",
            "src/operation/describe_snapshots.rs"
        ]
    );
    let readme = &files.iter().find(|f| f.path == "README.md").unwrap().contents;
    assert!(readme.contains("This crate is a subset: 3 of the model's"), "{readme}");
    assert!(readme.contains("- 2 waiters: ReplicationGroupAvailable, ReplicationGroupDeleted"), "{readme}");
    let full = awsgen_codegen::generate(&elasticache(), &opts).unwrap();
    let full_readme = &full.iter().find(|f| f.path == "README.md").unwrap().contents;
    assert!(!full_readme.contains("subset"), "{full_readme}");
}

/// An event-stream operation named in a subset stays listed as left out (it cannot be
/// generated), and is not counted as left out by the subset.
#[test]
fn an_event_stream_operation_named_stays_omitted() {
    let full = model("lambda", "2015-03-31");
    assert!(full.omitted_operations.iter().any(|o| o.name == "InvokeWithResponseStream"));
    let sub = full.retain_operations(&["Invoke", "InvokeWithResponseStream"], "t", "ops").unwrap();
    let names: Vec<&str> = sub.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["Invoke"]);
    let omitted: Vec<&str> = sub.omitted_operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(omitted, ["InvokeWithResponseStream"]);
    let note = sub.subset.as_ref().unwrap();
    assert_eq!(note.operations.len(), note.model_operations - 2);
    assert!(!note.operations.iter().any(|o| o == "Invoke" || o == "InvokeWithResponseStream"));
    assert!(note.operations.iter().any(|o| o == "InvokeAsync"), "{:?}", note.operations);
    assert_closed(&sub);
}
