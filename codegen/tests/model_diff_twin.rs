//! `awsgen_codegen::diff` on real revisions of ElastiCache: the Smithy model and its botocore
//! twin (the same API, `fixtures/twin/`) differ in nothing; the twin (botocore 1.37.25, April
//! 2025) against `models/elasticache/` (two operations later) reports what the JSON of the two
//! files says changed, worked out here from the JSON independently of the IR.

use awsgen_codegen::diff::{diff, Change, Class};
use awsgen_codegen::ir::Service;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

fn read(path: &str) -> String {
    let path = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const SMITHY: &str = "tests/fixtures/twin/elasticache-2015-02-02.json";
const TWIN: &str = "tests/fixtures/twin/botocore-twin-1.37.25-service-2.json";
const TODAY: &str = "../models/elasticache/2015-02-02";

fn load(file: &str, text: &str, side: Option<(&str, &str)>) -> Service {
    let files = awsgen_codegen::ModelFiles {
        paginators: side.map(|(p, _)| ("paginators-1.json", p)),
        waiters: side.map(|(_, w)| ("waiters-2.json", w)),
        ..awsgen_codegen::ModelFiles::new((file, text))
    };
    awsgen_codegen::load(&files).unwrap_or_else(|e| panic!("{e}"))
}

/// The Smithy model carries its paginators and waiters as traits; the vendored botocore twin
/// has no side files, so today's (which `waiters.rs` shows the Smithy traits resolve to) stand
/// in beside it. Both ways, nothing differs: not a name, a type, a paginator or a waiter.
#[test]
fn the_smithy_model_and_its_botocore_twin_do_not_differ() {
    let (pages, waiters) = (read(&format!("{TODAY}/paginators-1.json")), read(&format!("{TODAY}/waiters-2.json")));
    let smithy = load("elasticache-2015-02-02.json", &read(SMITHY), None);
    let twin = load("service-2.json", &read(TWIN), Some((&pages, &waiters)));
    assert_eq!(smithy.paginators.len(), twin.paginators.len());
    assert_eq!(smithy.waiters.len(), 4);
    assert_eq!(diff(&smithy, &twin), Vec::<Change>::new());
    assert_eq!(diff(&twin, &smithy), Vec::<Change>::new());
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default()
}

/// The Rust name of each shape the IR names after its operation (`CompleteMigrationMessage` →
/// `CompleteMigrationInput`); others keep theirs.
fn rust_names(model: &Value) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for (op, o) in model["operations"].as_object().unwrap() {
        for (key, suffix) in [("input", "Input"), ("output", "Output")] {
            if let Some(shape) = o[key]["shape"].as_str() {
                names.insert(shape.to_string(), format!("{op}{suffix}"));
            }
        }
    }
    names
}

fn errors_of(op: &Value) -> BTreeSet<String> {
    op["errors"].as_array().into_iter().flatten().map(|e| e["shape"].as_str().unwrap().to_string()).collect()
}

/// The service files alone on both sides (the twin's side files are not vendored).
#[test]
fn elasticache_from_botocore_1_37_25_to_today() {
    let (old_text, new_text) = (read(TWIN), read(&format!("{TODAY}/service-2.json")));
    let changes = diff(&load("service-2.json", &old_text, None), &load("service-2.json", &new_text, None));
    let lines: Vec<String> = changes.iter().map(|c| c.to_string()).collect();
    let (old, new) = (json(&old_text), json(&new_text));
    let mut explained = 0;

    // Operations: the two added since.
    let added_ops: Vec<String> = keys(&new["operations"])
        .difference(&keys(&old["operations"]))
        .map(|o| format!("additive: operation {o} added"))
        .collect();
    assert_eq!(added_ops, ["additive: operation PrepareMigration added", "additive: operation StopMigration added"]);
    assert!(keys(&old["operations"]).is_subset(&keys(&new["operations"])));
    for line in &added_ops {
        assert!(lines.contains(line), "{line}");
    }
    explained += added_ops.len();

    // Errors each operation lists since (none dropped).
    let mut error_lines = Vec::new();
    for (name, op) in old["operations"].as_object().unwrap() {
        let (before, after) = (errors_of(op), errors_of(&new["operations"][name]));
        assert!(before.is_subset(&after), "{name} lost an error");
        error_lines.extend(after.difference(&before).map(|e| format!("additive: error {e} added to operation {name}")));
    }
    let reported: Vec<&String> = lines.iter().filter(|l| l.contains(" added to operation ")).collect();
    assert_eq!(reported, error_lines.iter().collect::<Vec<_>>());
    explained += error_lines.len();

    // New named types: structures, enums and exceptions, less the new operations' own shapes.
    let own = rust_names(&new);
    let mut new_types = BTreeSet::new();
    for id in keys(&new["shapes"]).difference(&keys(&old["shapes"])) {
        let s = &new["shapes"][id];
        let kind = match (s["type"].as_str(), s.get("exception").is_some(), s.get("enum").is_some()) {
            (Some("structure"), true, _) => "error",
            (Some("structure"), false, _) => "structure",
            (Some("string"), _, true) => "enum",
            _ => continue,
        };
        if !own.contains_key(id) {
            new_types.insert(format!("additive: {kind} {id} added"));
        }
    }
    assert_eq!(new_types.len(), 17);
    let reported: BTreeSet<String> = lines
        .iter()
        .filter(|l| l.ends_with(" added") && !l.contains(" member ") && !l.contains(" operation "))
        .cloned()
        .collect();
    assert_eq!(reported, new_types);
    explained += new_types.len();

    // Members of the shapes both revisions have: one line per member added, removed, retyped,
    // or made required or optional, as the JSON counts them.
    let old_names = rust_names(&old);
    for id in keys(&old["shapes"]).intersection(&keys(&new["shapes"])) {
        let (a, b) = (&old["shapes"][id], &new["shapes"][id]);
        let (ma, mb) = (keys(&a["members"]), keys(&b["members"]));
        let required = |s: &Value| -> BTreeSet<String> {
            s["required"].as_array().into_iter().flatten().map(|r| r.as_str().unwrap().to_string()).collect()
        };
        let retyped = ma.intersection(&mb).filter(|m| a["members"][*m]["shape"] != b["members"][*m]["shape"]).count();
        let newly_optional = required(a).difference(&required(b)).filter(|m| mb.contains(*m)).count();
        let newly_required = required(b).difference(&required(a)).filter(|m| ma.contains(*m)).count();
        let expected =
            mb.difference(&ma).count() + ma.difference(&mb).count() + retyped + newly_optional + newly_required;
        let name = old_names.get(id).unwrap_or(id);
        let found = lines.iter().filter(|l| l.contains(&format!(" member {name}."))).count();
        assert_eq!(found, expected, "member changes of {id} ({name})");
        explained += found;
    }
    assert!(explained > 60, "the JSON shows many changes");
    assert_eq!(explained, lines.len(), "every line is accounted for: {lines:#?}");
    assert!(changes.iter().all(|c| c.class != Class::Breaking), "nothing was removed, retyped or made required");
}
