//! A suite as botocore service models: the suite's metadata and shapes with the operations its
//! cases define, completed with the keys the vectors leave out.

use super::fail;
use awsgen_codegen::ir::Service;
use serde_json::{json, Map, Value};

/// Cases of a suite, with their index in it.
pub(super) type Cases<'a> = Vec<(usize, &'a Value)>;

/// The suite's cases, with their index, in groups that agree on every operation they define:
/// one group, except in the legacy suites, whose cases may define the same operation name
/// differently (each group becomes its own client).
pub(super) fn case_groups<'a>(path: &str, suite: &'a Value, description: &str) -> Vec<Cases<'a>> {
    let mut groups: Vec<(Map<String, Value>, Cases<'a>)> = Vec::new();
    for (i, case) in suite["cases"].as_array().map(Vec::as_slice).unwrap_or_default().iter().enumerate() {
        let given = &case["given"];
        let name = given["name"].as_str().unwrap_or_else(|| fail(path, description, "a case names no operation"));
        let fits = |ops: &Map<String, Value>| ops.get(name).is_none_or(|existing| existing == given);
        match groups.iter_mut().find(|(ops, _)| fits(ops)) {
            Some((ops, cases)) => {
                ops.insert(name.to_string(), given.clone());
                cases.push((i, case));
            }
            None => groups.push((Map::from_iter([(name.to_string(), given.clone())]), vec![(i, case)])),
        }
    }
    groups.into_iter().map(|(_, cases)| cases).collect()
}

/// The service model of a group of the suite's cases: the suite's metadata (completed with
/// the keys the vectors leave out), the operations the cases define, the suite's shapes.
/// `Err`: the generator's error.
pub(super) fn service(path: &str, suite: &Value, cases: &[(usize, &Value)]) -> Result<Service, String> {
    let description = suite["description"].as_str().unwrap_or("suite");
    let mut metadata = suite["metadata"].as_object().cloned().unwrap_or_default();
    // Neither key reaches a test: requests go to the case's endpoint, and the legacy output
    // suites, which name no API version, never look at it.
    metadata.entry("apiVersion").or_insert(json!("2014-01-01"));
    metadata.entry("endpointPrefix").or_insert(json!("protocoltest"));
    metadata.entry("serviceFullName").or_insert(json!(description));
    metadata.entry("serviceId").or_insert(json!("Protocol Test"));
    let protocol = metadata.get("protocol").and_then(Value::as_str).unwrap_or_default().to_string();
    if protocol == "json" {
        // The legacy output suites of `json` (awsJson1_1, as its other suites say) name no
        // version and no target prefix: only the request, which they do not check, uses them.
        metadata.entry("jsonVersion").or_insert(json!("1.1"));
        metadata.entry("targetPrefix").or_insert(json!("ProtocolTest"));
    }
    let mut operations = Map::new();
    for (_, case) in cases {
        let mut given = case["given"].clone();
        if protocol.starts_with("rest-") && given.get("http").is_none() {
            // The legacy output suites give no request line: they check only the reply.
            given["http"] = json!({ "method": "POST", "requestUri": "/" });
        }
        let name = given["name"].as_str().unwrap_or_default().to_string();
        operations.insert(name, given);
    }
    let mut shapes = suite["shapes"].clone();
    normalize_legacy(&operations, &mut shapes);
    let model = json!({ "metadata": metadata, "operations": operations, "shapes": shapes });
    awsgen_codegen::load_botocore(path, &model.to_string()).map_err(|e| e.to_string())
}

/// Two forms of the legacy rest-json suites that no published model uses (none of botocore
/// 1.44.8's 478 service models) and that botocore's loader resolves by merging a reference's
/// traits with its target's: a `payload` on an operation's input reference instead of on the
/// input shape, and a `location` (with its `locationName`) on a member's target shape instead
/// of on the member. The generator reads models as published, so each is moved where
/// published models put it; what the cases check, the HTTP message, is unchanged.
fn normalize_legacy(operations: &Map<String, Value>, shapes: &mut Value) {
    for op in operations.values() {
        let input = &op["input"];
        if let (Some(payload), Some(name)) = (input.get("payload"), input["shape"].as_str()) {
            if let Some(shape) = shapes.get_mut(name).and_then(Value::as_object_mut) {
                shape.entry("payload").or_insert_with(|| payload.clone());
            }
        }
    }
    let located: Map<String, Value> = shapes
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, s)| s.get("location").is_some())
        .map(|(name, s)| (name.clone(), s.clone()))
        .collect();
    let structures = shapes.as_object_mut().into_iter().flat_map(|m| m.values_mut());
    for members in structures.filter_map(|s| s.get_mut("members").and_then(Value::as_object_mut)) {
        for member in members.values_mut().filter_map(Value::as_object_mut) {
            let Some(target) = member.get("shape").and_then(Value::as_str).and_then(|t| located.get(t)) else {
                continue;
            };
            if member.contains_key("location") {
                continue;
            }
            for key in ["location", "locationName"] {
                if let Some(v) = target.get(key) {
                    member.entry(key).or_insert_with(|| v.clone());
                }
            }
        }
    }
}
