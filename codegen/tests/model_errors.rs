//! A malformed or inconsistent model fails with the file and JSON path of the problem, never
//! a panic. Each case starts from the real ElastiCache model and breaks one thing.

use serde_json::{json, Value};

fn elasticache() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../models/elasticache/2015-02-02/service-2.json"
    ))
    .expect("the imported model");
    serde_json::from_str(&text).unwrap()
}

fn load(v: &Value) -> Result<awsgen_codegen::ir::Service, String> {
    awsgen_codegen::load_botocore("service-2.json", &v.to_string()).map_err(|e| e.to_string())
}

fn error_for(mutate: impl FnOnce(&mut Value)) -> String {
    let mut m = elasticache();
    mutate(&mut m);
    load(&m).expect_err("the model must be rejected")
}

#[test]
fn the_real_model_loads() {
    let svc = load(&elasticache()).unwrap();
    assert_eq!(svc.operations.len(), 77);
    assert_eq!(svc.errors.len(), 79);
}

#[test]
fn bad_json_names_file_and_position() {
    let e = awsgen_codegen::load_botocore("service-2.json", "{\"metadata\": {").unwrap_err().to_string();
    assert!(e.starts_with("service-2.json: ") && e.contains("invalid JSON") && e.contains("line 1"), "{e}");
}

#[test]
fn member_targeting_a_missing_shape() {
    let e = error_for(|m| {
        m["shapes"]["CopySnapshotMessage"]["members"]["Foo"] = json!({"shape": "Bar"});
    });
    assert_eq!(e, r#"service-2.json: shapes.CopySnapshotMessage.members.Foo.shape: no shape named "Bar""#);
}

/// Found by the `model` fuzz target: a string (or list, map...) marked as an exception was
/// lowered as an error type, and the emitter then panicked reading it as a structure.
#[test]
fn exception_marker_on_a_shape_that_is_not_a_structure() {
    let e = error_for(|m| m["shapes"]["String"]["exception"] = json!(true));
    assert_eq!(e, "service-2.json: shapes.String.exception: a shape of type \"string\" cannot be an exception: only structures can");
    let e = error_for(|m| m["shapes"]["TagList"]["error"] = json!({"code": "X", "httpStatusCode": 400}));
    assert_eq!(
        e,
        "service-2.json: shapes.TagList.error: a shape of type \"list\" cannot be an exception: only structures can"
    );
    let e = error_for(|m| m["shapes"]["Integer"]["fault"] = json!(true));
    assert_eq!(
        e,
        "service-2.json: shapes.Integer.fault: a shape of type \"integer\" cannot be an exception: only structures can"
    );
}

#[test]
fn unknown_type() {
    let e = error_for(|m| m["shapes"]["Double"]["type"] = json!("decimal"));
    assert!(e.starts_with(r#"service-2.json: shapes.Double.type: unknown type "decimal""#), "{e}");
}

#[test]
fn list_without_member() {
    let e = error_for(|m| {
        m["shapes"]["TagList"].as_object_mut().unwrap().remove("member");
    });
    assert_eq!(e, "service-2.json: shapes.TagList: list without `member`");
}

#[test]
fn map_without_value() {
    let e = error_for(|m| m["shapes"]["Weird"] = json!({"type": "map", "key": {"shape": "String"}}));
    assert_eq!(e, "service-2.json: shapes.Weird: map without `value`");
}

#[test]
fn structure_without_members() {
    let e = error_for(|m| {
        m["shapes"]["Tag"].as_object_mut().unwrap().remove("members");
    });
    assert_eq!(e, "service-2.json: shapes.Tag: structure without `members`");
}

#[test]
fn required_name_that_is_not_a_member() {
    let e = error_for(|m| m["shapes"]["CopySnapshotMessage"]["required"] = json!(["SourceSnapshotName", "Nope"]));
    assert_eq!(e, r#"service-2.json: shapes.CopySnapshotMessage.required[1]: required member "Nope" is not a member"#);
}

#[test]
fn wrong_json_type_is_located() {
    let e = error_for(|m| m["shapes"]["Tag"]["members"] = json!(5));
    assert!(e.starts_with("service-2.json: shapes.Tag.members: invalid type: integer `5`"), "{e}");
    let e = error_for(|m| m["operations"]["CopySnapshot"]["errors"] = json!("oops"));
    assert!(e.starts_with("service-2.json: operations.CopySnapshot.errors: invalid type"), "{e}");
}

#[test]
fn missing_required_key_is_located() {
    let e = error_for(|m| {
        m["shapes"]["Tag"].as_object_mut().unwrap().remove("type");
    });
    assert!(e.starts_with("service-2.json: shapes.Tag: missing field `type`"), "{e}");
}

#[test]
fn operation_referencing_a_missing_shape() {
    let e = error_for(|m| m["operations"]["CopySnapshot"]["input"]["shape"] = json!("Gone"));
    assert_eq!(e, r#"service-2.json: operations.CopySnapshot.input.shape: no shape named "Gone""#);
    let e = error_for(|m| m["operations"]["CopySnapshot"]["errors"][2]["shape"] = json!("Gone"));
    assert_eq!(e, r#"service-2.json: operations.CopySnapshot.errors[2].shape: no shape named "Gone""#);
    let e = error_for(|m| m["operations"]["CopySnapshot"]["output"]["shape"] = json!("String"));
    assert_eq!(
        e,
        r#"service-2.json: operations.CopySnapshot.output.shape: "String" is a string, expected a structure"#
    );
}

#[test]
fn unsupported_protocol() {
    // `protocols` (the model's order of preference) is read first; none supported: `protocol`.
    let e = error_for(|m| {
        m["metadata"]["protocol"] = json!("rest-yaml");
        m["metadata"]["protocols"] = json!(["rest-yaml"]);
    });
    assert_eq!(
        e,
        r#"service-2.json: metadata.protocol: unsupported protocol "rest-yaml" (supported: query, ec2, json, rest-json, rest-xml, smithy-rpc-v2-cbor)"#
    );
    let e = error_for(|m| {
        m["metadata"]["protocol"] = json!("json");
        m["metadata"]["protocols"] = json!(["json"]);
    });
    assert_eq!(
        e,
        r#"service-2.json: metadata.jsonVersion: the json protocol needs jsonVersion "1.0" or "1.1", found none"#
    );
}

#[test]
fn unknown_timestamp_format() {
    let e = error_for(|m| m["shapes"]["TStamp"]["timestampFormat"] = json!("someday"));
    assert_eq!(e, r#"service-2.json: shapes.TStamp.timestampFormat: unknown timestamp format "someday""#);
}

#[test]
fn unknown_keys_are_tolerated() {
    let mut m = elasticache();
    m["shapes"]["Tag"]["someFutureTrait"] = json!({"x": 1});
    m["metadata"]["newField"] = json!(true);
    assert!(load(&m).is_ok());
}

/// Arbitrary JSON never panics the loader.
#[test]
fn junk_never_panics() {
    for junk in ["", "null", "[]", "{}", "{\"metadata\":5}", "{\"shapes\":{\"A\":{\"type\":\"list\"}}}", "\u{0}"] {
        assert!(awsgen_codegen::load_botocore("service-2.json", junk).is_err(), "{junk:?}");
    }
}
