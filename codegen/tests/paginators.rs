//! Which paginators and waiters are generated, left out (valid but unsupported: listed with the
//! reason, the rest of the service generated) or rejected (the model is wrong: generation
//! fails naming file, key and paginator), on the ElastiCache files with one key changed.

use awsgen_codegen::ir::{Service, MAX_PAGINATION_TOKENS};
use serde_json::{json, Value};

fn model_file(name: &str) -> String {
    let path = format!("{}/../models/elasticache/2015-02-02/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The ElastiCache service with `op`'s paginator replaced by `paginator`.
fn with_paginator(op: &str, paginator: Value) -> Result<Service, String> {
    let mut p: Value = serde_json::from_str(&model_file("paginators-1.json")).unwrap();
    p["pagination"][op] = paginator;
    let (service, waiters) = (model_file("service-2.json"), model_file("waiters-2.json"));
    awsgen_codegen::load(&awsgen_codegen::ModelFiles {
        paginators: Some(("paginators-1.json", &p.to_string())),
        waiters: Some(("waiters-2.json", &waiters)),
        ..awsgen_codegen::ModelFiles::new(("service-2.json", &service))
    })
    .map_err(|e| e.to_string())
}

/// The one paginator left out, after checking the others are all generated.
fn omitted_reason(svc: &Service, op: &str) -> String {
    assert_eq!(svc.paginators.len(), 18, "every other paginator is generated");
    assert!(svc.paginator(op).is_none());
    match svc.omitted_paginators.as_slice() {
        [o] if o.name == op => o.reason.clone(),
        other => panic!("expected {op} left out, got {other:?}"),
    }
}

#[test]
fn two_tokens_pair_each_input_with_its_output() {
    let svc = with_paginator(
        "DescribeCacheClusters",
        json!({"input_token": ["Marker", "CacheClusterId"], "output_token": ["Marker", "CacheClusters[-1].CacheClusterId"],
               "limit_key": "MaxRecords", "result_key": "CacheClusters"}),
    )
    .unwrap();
    let p = svc.paginator("DescribeCacheClusters").unwrap();
    let inputs: Vec<&str> = p.input_tokens.iter().map(|t| t.rust_name.as_str()).collect();
    assert_eq!(inputs, ["marker", "cache_cluster_id"]);
    assert_eq!(p.output_tokens.len(), 2);
    assert_eq!(p.output_tokens[1].steps.len(), 3, "member, index, member");
    assert!(svc.omitted_paginators.is_empty());
}

#[test]
fn a_string_limit_key_is_accepted() {
    let svc = with_paginator(
        "DescribeCacheClusters",
        json!({"input_token": "Marker", "output_token": "Marker", "limit_key": "CacheClusterId"}),
    )
    .unwrap();
    assert_eq!(svc.paginator("DescribeCacheClusters").unwrap().limit_key.as_ref().unwrap().name, "CacheClusterId");
}

#[test]
fn unsupported_paginators_are_left_out_with_the_reason() {
    // S3's `ListObjects` writes its output token this way.
    let svc = with_paginator(
        "DescribeCacheClusters",
        json!({"input_token": "Marker", "output_token": "Marker || CacheClusters[-1].CacheClusterId"}),
    )
    .unwrap();
    let reason = omitted_reason(&svc, "DescribeCacheClusters");
    assert!(reason.starts_with("output_token: expression `Marker || CacheClusters[-1].CacheClusterId`"), "{reason}");
    assert!(reason.contains("only a member path is supported"), "{reason}");

    let svc = with_paginator(
        "DescribeCacheClusters",
        json!({"input_token": "Marker", "output_token": "Marker", "result_key": "CacheClusters | [0]"}),
    )
    .unwrap();
    assert!(omitted_reason(&svc, "DescribeCacheClusters").starts_with("result_key[0]: expression"));

    // A required token cannot be left off the first request.
    let svc = with_paginator(
        "DescribeEngineDefaultParameters",
        json!({"input_token": "CacheParameterGroupFamily", "output_token": "EngineDefaults.CacheParameterGroupFamily"}),
    )
    .unwrap();
    let reason = omitted_reason(&svc, "DescribeEngineDefaultParameters");
    assert!(reason.contains("`CacheParameterGroupFamily` is a required member"), "{reason}");

    let n = MAX_PAGINATION_TOKENS + 1;
    let svc = with_paginator(
        "DescribeCacheClusters",
        json!({"input_token": vec!["Marker"; n], "output_token": vec!["Marker"; n]}),
    )
    .unwrap();
    assert_eq!(omitted_reason(&svc, "DescribeCacheClusters"), format!("{n} tokens; at most 8 are supported"));
    assert_eq!(svc.left_out()[0].0, "paginator of");
}

#[test]
fn malformed_paginators_still_fail_generation() {
    for (paginator, what) in [
        (json!({"input_token": "Marker", "output_token": "CacheClusters[].CacheClusterId"}), "is a projection"),
        (json!({"input_token": "Marker", "output_token": "MaxRecords"}), "has no member `MaxRecords`"),
        (
            json!({"input_token": "MaxRecords", "output_token": "Marker"}),
            "`Marker` does not end at an integer, the type of `MaxRecords`",
        ),
        (json!({"input_token": [], "output_token": []}), "no input token"),
        (json!({"input_token": "Marker", "output_token": "Marker", "more_results": "Marker"}), "single boolean"),
        (json!({"input_token": "Marker", "output_token": "Marker[0]"}), "an index is applied to a string"),
    ] {
        let e = with_paginator("DescribeCacheClusters", paginator.clone()).expect_err(&paginator.to_string());
        assert!(e.starts_with("paginators-1.json: pagination.DescribeCacheClusters."), "{paginator}: {e}");
        assert!(e.contains(what), "{paginator}: {e}");
    }
}

/// Smithy's `inputOutput` matcher leaves its waiter out; the others are generated.
#[test]
fn a_smithy_input_output_matcher_leaves_the_waiter_out() {
    let path = format!("{}/tests/fixtures/twin/elasticache-2015-02-02.json", env!("CARGO_MANIFEST_DIR"));
    let mut model: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let waitable = &mut model["shapes"]["com.amazonaws.elasticache#DescribeCacheClusters"]["traits"]
        ["smithy.waiters#waitable"]["CacheClusterAvailable"]["acceptors"];
    waitable.as_array_mut().unwrap().push(json!({"state": "retry", "matcher": {"inputOutput":
        {"path": "input.CacheClusterId == output.Marker", "expected": "true", "comparator": "booleanEquals"}}}));
    let mut smithy = awsgen_codegen::load_smithy("twin.json", &model.to_string()).unwrap();
    awsgen_codegen::ir::add_smithy_paginators_waiters(
        &mut smithy.service,
        "twin.json",
        &smithy.paginators,
        &smithy.waiters,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let svc = smithy.service;
    assert_eq!(svc.waiters.len(), 3);
    let [o] = svc.omitted_waiters.as_slice() else { panic!("{:?}", svc.omitted_waiters) };
    assert_eq!(o.name, "CacheClusterAvailable");
    assert!(o.reason.contains("the inputOutput matcher is not supported"), "{}", o.reason);
}
