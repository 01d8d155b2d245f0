//! The IR decides names, requiredness, wire names and error codes before any code is emitted.

use awsgen_codegen::ir::{Location, ShapeKind};
use serde_json::json;

fn svc(model: serde_json::Value) -> awsgen_codegen::ir::Service {
    awsgen_codegen::load_botocore("test.json", &model.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

fn elasticache() -> awsgen_codegen::ir::Service {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../models/elasticache/2015-02-02/service-2.json"
    ))
    .unwrap();
    awsgen_codegen::load_botocore("service-2.json", &text).unwrap()
}

fn tiny(shapes: serde_json::Value, input: &str) -> serde_json::Value {
    json!({
        "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "tiny", "protocol": "query",
                     "serviceFullName": "Tiny Service", "serviceId": "Tiny Thing", "uid": "tiny-2020-01-01"},
        "operations": {"DoIt": {"name": "DoIt", "input": {"shape": input}, "output": {"shape": "Out", "resultWrapper": "DoItResult"},
                                "errors": [{"shape": "BadThingFault"}]}},
        "shapes": shapes
    })
}

#[test]
fn copy_snapshot_operation_facts() {
    let s = elasticache();
    let op = s.operations.iter().find(|o| o.name == "CopySnapshot").unwrap();
    assert_eq!(op.rust_name, "copy_snapshot");
    assert_eq!(op.error_name, "CopySnapshotError");
    assert_eq!(op.fluent_builder, "CopySnapshotFluentBuilder");
    assert_eq!(op.result_wrapper.as_deref(), Some("CopySnapshotResult"));
    assert_eq!(op.errors.len(), 7);
    let input = s.shape(&op.input);
    assert_eq!(input.rust_name, "CopySnapshotInput");
    assert_eq!(input.location, Location::Operation("copy_snapshot".into()));
    let st = s.structure(&op.input);
    assert!(st.required_is_plain);
    let required: Vec<_> = st.members.iter().filter(|m| m.required).map(|m| m.name.as_str()).collect();
    assert_eq!(required, ["SourceSnapshotName", "TargetSnapshotName"]);
    assert_eq!(s.env_suffix, "ELASTICACHE");
}

#[test]
fn error_codes_differ_from_shape_names() {
    let s = elasticache();
    let code = |id: &str| s.structure(id).error.as_ref().unwrap().code.clone();
    assert_eq!(code("InvalidSnapshotStateFault"), "InvalidSnapshotState");
    assert_eq!(code("InvalidParameterValueException"), "InvalidParameterValue");
    assert_eq!(code("SnapshotNotFoundFault"), "SnapshotNotFoundFault");
    assert_eq!(s.structure("SnapshotNotFoundFault").error.as_ref().unwrap().http_status, 404);
    assert_eq!(s.shape("SnapshotNotFoundFault").location, Location::Error);
}

#[test]
fn list_wire_names_come_from_the_element() {
    let s = elasticache();
    let ShapeKind::List(l) = &s.shape("TagList").kind else { panic!() };
    assert_eq!(l.member_location_name.as_deref(), Some("Tag"));
}

#[test]
fn keywords_collisions_and_reserved_names() {
    let s = svc(tiny(
        json!({
            "In": {"type": "structure", "required": ["Type"], "members": {
                "Type": {"shape": "Str"}, "ARN": {"shape": "Str"}, "Arn": {"shape": "Str"},
                "Self": {"shape": "Str"}, "Mode": {"shape": "Mode"}, "Inner": {"shape": "Error"}}},
            "Out": {"type": "structure", "members": {"RequestId": {"shape": "Str"}, "Match": {"shape": "Str"}}},
            "Error": {"type": "structure", "members": {"Message": {"shape": "Str"}}},
            "Mode": {"type": "string", "enum": ["fast", "FAST", "unknown", "2x", ""]},
            "BadThingFault": {"type": "structure", "members": {"message": {"shape": "Str"}, "Detail": {"shape": "Str"}},
                              "error": {"code": "BadThing", "httpStatusCode": 409, "senderFault": true}, "exception": true},
            "Str": {"type": "string"}
        }),
        "In",
    ));
    let op = &s.operations[0];
    let input: Vec<_> = s.structure(&op.input).members.iter().map(|m| m.rust_name.as_str()).collect();
    assert_eq!(input, ["r#type", "arn", "arn_2", "self_", "mode", "inner"]);
    let output: Vec<_> = s.structure(&op.output).members.iter().map(|m| m.rust_name.as_str()).collect();
    assert_eq!(output, ["request_id_2", "r#match"], "request_id is reserved for the response metadata");
    // A shape named like a prelude type is renamed.
    assert_eq!(s.shape("Error").rust_name, "ErrorValue");
    let ShapeKind::String(Some(values)) = &s.shape("Mode").kind else { panic!() };
    let variants: Vec<_> = values.iter().map(|v| v.rust_name.as_str()).collect();
    assert_eq!(variants, ["Fast", "FastValue", "UnknownValue", "V2x", "Empty"]);
    // The exception's message lives in its metadata, not in a field; the code is the wire code.
    let fault = s.structure("BadThingFault");
    let fields: Vec<_> = fault.members.iter().map(|m| m.rust_name.as_str()).collect();
    assert_eq!(fields, ["detail"]);
    assert_eq!(fault.error.as_ref().unwrap().code, "BadThing");
    assert_eq!(s.env_suffix, "TINY_THING");
    assert_eq!(s.doc_link("DoIt").as_deref(), Some("https://docs.aws.amazon.com/goto/WebAPI/tiny-2020-01-01/DoIt"));
}

#[test]
fn recursive_structures_are_boxed() {
    let s = svc(tiny(
        json!({
            "In": {"type": "structure", "members": {"Node": {"shape": "Node"}}},
            "Node": {"type": "structure", "members": {"Next": {"shape": "Node"}, "Children": {"shape": "Nodes"}, "Name": {"shape": "Str"}}},
            "Nodes": {"type": "list", "member": {"shape": "Node"}},
            "Out": {"type": "structure", "members": {}},
            "BadThingFault": {"type": "structure", "members": {}, "exception": true},
            "Str": {"type": "string"}
        }),
        "In",
    ));
    let node = s.structure("Node");
    let boxed: Vec<_> = node.members.iter().map(|m| (m.name.as_str(), m.boxed)).collect();
    assert_eq!(boxed, [("Next", true), ("Children", false), ("Name", false)]);
    assert!(!s.structure(&s.operations[0].input).members[0].boxed);
    // No error trait: the code is the shape name.
    assert_eq!(s.structure("BadThingFault").error.as_ref().unwrap().code, "BadThingFault");
}

#[test]
fn reachability_decides_serializers_and_deserializers() {
    let s = elasticache();
    assert!(s.shape("Tag").in_input && s.shape("Tag").in_output);
    assert!(s.shape("CacheCluster").in_output && !s.shape("CacheCluster").in_input);
    assert!(!s.shapes.contains_key("CopySnapshotMessage"), "operation inputs are synthesized, not emitted twice");
}
