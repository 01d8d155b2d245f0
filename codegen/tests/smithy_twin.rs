//! Differential test: the ElastiCache Smithy JSON AST and the botocore model AWS published
//! from it (botocore 1.37.25, the same API revision) must lower to the same IR, and generate
//! the same crate.
//!
//! Both files are vendored, structure only, in `fixtures/twin/` (see its PROVENANCE.md;
//! `cargo xtask import-model --twin` refreshes them).
//!
//! Differences the test tolerates, each normalised explicitly below:
//! - error `message` members: botocore drops them from most exception shapes, Smithy keeps
//!   them; the IR keeps the message in error metadata, not as a field, so only
//!   `ErrorInfo::message_member` differs — and the string shape only such a member targets
//!   (`ExceptionMessage`) exists on the Smithy side alone.
//! - documentation: the IR holds none, so there is nothing to strip.

use awsgen_codegen::ir::{Service, ShapeKind};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/twin").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const SMITHY: &str = "elasticache-2015-02-02.json";
const BOTOCORE: &str = "botocore-twin-1.37.25-service-2.json";

fn both() -> (Service, Service) {
    let smithy = fixture(SMITHY);
    let boto = fixture(BOTOCORE);
    let a = awsgen_codegen::load_smithy("elasticache-2015-02-02.json", &smithy).unwrap_or_else(|e| panic!("{e}"));
    let b = awsgen_codegen::load_botocore("service-2.json", &boto).unwrap_or_else(|e| panic!("{e}"));
    (a.service, b)
}

/// Scalars that no IR member, element, operation or error refers to: reachable in the model
/// only through an error's `message` member.
fn unreferenced_scalars(s: &Service) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for op in &s.operations {
        used.insert(op.input.clone());
        used.insert(op.output.clone());
        used.extend(op.errors.iter().cloned());
    }
    used.extend(s.errors.iter().cloned());
    for sh in s.shapes.values() {
        match &sh.kind {
            ShapeKind::Structure(st) => used.extend(st.members.iter().map(|m| m.target.clone())),
            ShapeKind::List(l) => {
                used.insert(l.member.clone());
            }
            ShapeKind::Map(m) => {
                used.insert(m.key.clone());
                used.insert(m.value.clone());
            }
            _ => {}
        }
    }
    s.shapes.keys().filter(|k| !used.contains(*k)).cloned().collect()
}

/// Applies the tolerated differences; returns what it changed, for the record.
fn normalise(s: &mut Service) -> Vec<String> {
    let mut notes = Vec::new();
    for id in unreferenced_scalars(s) {
        if !matches!(s.shapes[&id].kind, ShapeKind::Structure(_)) {
            s.shapes.remove(&id);
            notes.push(format!("dropped {id}: reachable only through error message members"));
        }
    }
    let mut messages = 0;
    for sh in s.shapes.values_mut() {
        if let ShapeKind::Structure(st) = &mut sh.kind {
            if let Some(e) = &mut st.error {
                messages += e.message_member.take().is_some() as usize;
            }
        }
    }
    notes.push(format!("{messages} error shapes with a message member"));
    notes
}

/// A readable account of how two services differ: the first `limit` differences.
fn diff(a: &Service, b: &Service, limit: usize) -> Vec<String> {
    let mut out = Vec::new();
    macro_rules! field {
        ($f:ident) => {
            if a.$f != b.$f {
                out.push(format!("{}: smithy {:?} vs botocore {:?}", stringify!($f), a.$f, b.$f));
            }
        };
    }
    field!(service_id);
    field!(full_name);
    field!(api_version);
    field!(endpoint_prefix);
    field!(signing_name);
    field!(env_suffix);
    field!(uid);
    field!(protocol);
    field!(errors);
    let names = |s: &Service| s.operations.iter().map(|o| o.name.clone()).collect::<Vec<_>>();
    if names(a) != names(b) {
        out.push(format!("operations: smithy {:?}\n vs botocore {:?}", names(a), names(b)));
    }
    for (x, y) in a.operations.iter().zip(&b.operations) {
        if x != y {
            out.push(format!("operation {}:\n  smithy   {x:?}\n  botocore {y:?}", x.name));
        }
    }
    let ka: BTreeSet<&String> = a.shapes.keys().collect();
    let kb: BTreeSet<&String> = b.shapes.keys().collect();
    for k in ka.difference(&kb) {
        out.push(format!("shape {k} only in smithy"));
    }
    for k in kb.difference(&ka) {
        out.push(format!("shape {k} only in botocore"));
    }
    for k in ka.intersection(&kb) {
        let (x, y) = (&a.shapes[*k], &b.shapes[*k]);
        if x != y {
            let (dx, dy) = (format!("{x:#?}"), format!("{y:#?}"));
            let first = dx
                .lines()
                .zip(dy.lines())
                .find(|(l, r)| l != r)
                .map(|(l, r)| format!("{l} vs {r}"))
                .unwrap_or_default();
            out.push(format!("shape {k} differs, first at: {first}"));
        }
    }
    out.truncate(limit);
    out
}

#[test]
fn smithy_and_botocore_twin_lower_to_the_same_ir() {
    let (mut smithy, mut boto) = both();
    assert_eq!(smithy.operations.len(), 75);
    let notes_s = normalise(&mut smithy);
    let notes_b = normalise(&mut boto);
    println!("smithy: {notes_s:?}\nbotocore: {notes_b:?}");
    let d = diff(&smithy, &boto, 20);
    assert!(d.is_empty(), "{} differences (first 20):\n{}", d.len(), d.join("\n"));
    assert_eq!(smithy, boto);
}

#[test]
fn smithy_and_botocore_twin_generate_the_same_crate() {
    let smithy = fixture(SMITHY);
    let boto = fixture(BOTOCORE);
    let opts = awsgen_codegen::Options {
        crate_name: "awsgen-elasticache".into(),
        runtime_path: "../../runtime".into(),
        command: "cargo xtask generate".into(),
    };
    // The same entry point `cargo xtask generate --model` uses: it detects each format, and
    // attaches a Smithy model's `smithy.rules#endpointRuleSet`. The twin folder has no
    // `endpoint-rule-set-1.json`, so the botocore side gets the one imported into `models/`
    // (botocore 1.44.8; the same rules, see the test below), as `xtask` attaches it.
    let a = awsgen_codegen::generate_from_model("elasticache-2015-02-02.json", &smithy, &opts).unwrap();
    // Likewise its paginators and waiters (the same as the Smithy traits: see the test below).
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../models/elasticache/2015-02-02");
    let side = |name: &str| std::fs::read_to_string(models.join(name)).unwrap();
    let (paginators, waiters, rules) =
        (side("paginators-1.json"), side("waiters-2.json"), side("endpoint-rule-set-1.json"));
    let mut boto = awsgen_codegen::load(&awsgen_codegen::ModelFiles {
        service: ("service-2.json", &boto),
        paginators: Some(("paginators-1.json", &paginators)),
        waiters: Some(("waiters-2.json", &waiters)),
        endpoint_rules: Some(("endpoint-rule-set-1.json", &rules)),
    })
    .unwrap();
    // One difference is in the formats themselves: `waiters-2.json` gives each waiter a
    // `maxAttempts`, while a Smithy waiter is bounded only by the caller's maximum wait time, so
    // the Smithy crate's waiters have no attempt limit. Everything else must be identical.
    for waiter in &mut boto.waiters {
        assert!(waiter.max_attempts.is_some(), "{}", waiter.name);
        waiter.max_attempts = None;
    }
    let b = awsgen_codegen::generate(&boto, &opts).unwrap();
    assert!(a.iter().any(|f| f.path.ends_with("endpoint.rs") && f.contents.contains("fn resolve_endpoint")));
    assert!(a.iter().any(|f| f.contents.contains("fn wait_until_cache_cluster_available")));
    assert!(a.iter().any(|f| f.contents.contains("fn into_paginator")));
    let paths = |f: &[awsgen_codegen::GeneratedFile]| f.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&a), paths(&b));
    assert!(a.len() > 70, "{} files", a.len());
    let differing: Vec<String> = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x.contents != y.contents)
        .map(|(x, y)| {
            let first = x.contents.lines().zip(y.contents.lines()).position(|(l, r)| l != r).unwrap_or(0);
            format!("{} (first difference at line {})", x.path, first + 1)
        })
        .collect();
    assert!(differing.is_empty(), "files differ:\n{}", differing.join("\n"));
}

/// The paginator, waiter and endpoint-rule facts the Smithy front end returns beside the IR
/// match botocore's own files. The botocore twin folder holds only `service-2.json`, so they
/// are compared with the files imported into `models/` (botocore 1.44.8, a later release whose
/// paginators, waiters and rules for these operations are unchanged).
#[test]
fn smithy_paginators_waiters_and_rules_match_botocore_files() {
    let smithy = fixture(SMITHY);
    let f = awsgen_codegen::load_smithy("elasticache-2015-02-02.json", &smithy).unwrap();
    let models = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../models/elasticache/2015-02-02");
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(models.join(name)).unwrap()).unwrap()
    };

    let pages = read("paginators-1.json");
    let pages = pages["pagination"].as_object().unwrap();
    assert_eq!(f.paginators.len(), 19);
    assert_eq!(f.paginators.len(), pages.len());
    for p in &f.paginators {
        let b = &pages[&p.operation];
        assert_eq!(b["input_token"], p.input_token.as_str(), "{}", p.operation);
        assert_eq!(b["output_token"], p.output_token.as_str(), "{}", p.operation);
        assert_eq!(b["result_key"].as_str(), p.items.as_deref(), "{}", p.operation);
        assert_eq!(b["limit_key"].as_str(), p.page_size.as_deref(), "{}", p.operation);
    }

    // botocore spells Smithy's comparators as matchers: allStringEquals → pathAll,
    // anyStringEquals → pathAny, stringEquals/booleanEquals → path, errorType → error;
    // `delay` is `minDelay`.
    let waiters = read("waiters-2.json");
    let waiters = waiters["waiters"].as_object().unwrap();
    assert_eq!(f.waiters.len(), 4);
    assert_eq!(f.waiters.len(), waiters.len());
    for w in &f.waiters {
        let b = &waiters[&w.name];
        assert_eq!(b["operation"], w.operation.as_str(), "{}", w.name);
        assert_eq!(b["delay"], w.min_delay, "{}", w.name);
        let acceptors = b["acceptors"].as_array().unwrap();
        assert_eq!(acceptors.len(), w.acceptors.len(), "{}", w.name);
        for (a, b) in w.acceptors.iter().zip(acceptors) {
            assert_eq!(b["state"], a.state.as_str(), "{}", w.name);
            match &a.matcher {
                awsgen_codegen::model::smithy::MatcherDef::Output(m) => {
                    let matcher = match m.comparator.as_str() {
                        "allStringEquals" => "pathAll",
                        "anyStringEquals" => "pathAny",
                        _ => "path",
                    };
                    assert_eq!(b["matcher"], matcher, "{}", w.name);
                    assert_eq!(b["argument"], m.path.as_str(), "{}", w.name);
                    assert_eq!(b["expected"], m.expected.as_str(), "{}", w.name);
                }
                awsgen_codegen::model::smithy::MatcherDef::ErrorType(code) => {
                    assert_eq!(b["matcher"], "error", "{}", w.name);
                    assert_eq!(b["expected"], code.as_str(), "{}", w.name);
                }
                other => panic!("{}: unexpected matcher {other:?}", w.name),
            }
        }
    }

    // The rule set is the same document, less its prose (stripped on import) and with
    // parameter types spelled in lower case, as botocore does.
    let mut rules: serde_json::Value = serde_json::from_str(f.endpoint_rule_set.as_deref().unwrap()).unwrap();
    strip_documentation(&mut rules);
    for p in rules["parameters"].as_object_mut().unwrap().values_mut() {
        let t = p["type"].as_str().unwrap().to_lowercase();
        p["type"] = t.into();
    }
    assert_eq!(rules, read("endpoint-rule-set-1.json"));
}

fn strip_documentation(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            m.remove("documentation");
            m.values_mut().for_each(strip_documentation);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(strip_documentation),
        _ => {}
    }
}
