//! Operations sent without credentials or a signature: botocore `authtype: "none"` (or `auth:
//! ["smithy.api#noAuth"]`) and Smithy `@optionalAuth` or `@auth([])` on the operation lower into
//! `Operation::unsigned`, and the generated `impl Operation` says `const UNSIGNED: bool = true;`.
//! Every other operation keeps the trait's default (signed).

use awsgen_codegen::ir::Service;
use awsgen_codegen::ModelFiles;
use serde_json::{json, Map, Value};

/// A botocore awsJson1_1 service with one operation per entry of `ops`: name → extra keys.
fn botocore(ops: &[(&str, Value)]) -> Value {
    let mut operations = Map::new();
    for (name, extra) in ops {
        let mut op = json!({"name": name, "http": {"method": "POST", "requestUri": "/"}});
        for (k, v) in extra.as_object().unwrap() {
            op[k] = v.clone();
        }
        operations.insert(name.to_string(), op);
    }
    json!({
        "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "tiny", "protocol": "json",
                     "jsonVersion": "1.1", "targetPrefix": "Tiny", "serviceFullName": "Tiny Service",
                     "serviceId": "Tiny", "signatureVersion": "v4", "uid": "tiny-2020-01-01"},
        "operations": operations,
        "shapes": {}
    })
}

/// The same kind of service as a Smithy JSON AST: operation name → its traits.
fn smithy(ops: &[(&str, Value)]) -> Value {
    let mut shapes = Map::new();
    let targets: Vec<Value> = ops.iter().map(|(n, _)| json!({"target": format!("example.tiny#{n}")})).collect();
    shapes.insert(
        "example.tiny#Tiny".into(),
        json!({"type": "service", "version": "2020-01-01", "operations": targets,
               "traits": {"aws.protocols#awsJson1_1": {}, "aws.api#service": {"sdkId": "Tiny"},
                          "aws.auth#sigv4": {"name": "tiny"}}}),
    );
    for (name, traits) in ops {
        shapes.insert(format!("example.tiny#{name}"), json!({"type": "operation", "traits": traits}));
    }
    json!({"smithy": "2.0", "shapes": shapes})
}

fn load(model: Value) -> Service {
    let text = model.to_string();
    awsgen_codegen::load(&ModelFiles::new(("tiny.json", &text))).unwrap()
}

fn unsigned(svc: &Service, op: &str) -> bool {
    svc.operation(op).unwrap_or_else(|| panic!("no operation {op}")).unsigned
}

#[test]
fn botocore_authtype_none_and_no_auth_are_unsigned() {
    let svc = load(botocore(&[
        ("Open", json!({"authtype": "none"})),
        ("NoAuth", json!({"auth": ["smithy.api#noAuth"]})),
        ("Both", json!({"authtype": "none", "auth": ["smithy.api#noAuth"]})),
        ("Plain", json!({})),
        ("UnsignedBody", json!({"authtype": "v4-unsigned-body"})),
        ("SigV4", json!({"auth": ["aws.auth#sigv4"]})),
        ("Either", json!({"auth": ["aws.auth#sigv4", "smithy.api#noAuth"]})),
    ]));
    for op in ["Open", "NoAuth", "Both"] {
        assert!(unsigned(&svc, op), "{op} should be unsigned");
    }
    for op in ["Plain", "UnsignedBody", "SigV4", "Either"] {
        assert!(!unsigned(&svc, op), "{op} should be signed");
    }
}

#[test]
fn smithy_optional_auth_and_empty_auth_are_unsigned() {
    let svc = load(smithy(&[
        ("Open", json!({"smithy.api#optionalAuth": {}})),
        ("NoScheme", json!({"smithy.api#auth": []})),
        ("Plain", json!({})),
        ("SigV4", json!({"smithy.api#auth": ["aws.auth#sigv4"]})),
    ]));
    assert!(unsigned(&svc, "Open"));
    assert!(unsigned(&svc, "NoScheme"));
    assert!(!unsigned(&svc, "Plain"));
    assert!(!unsigned(&svc, "SigV4"));
}

#[test]
fn a_malformed_smithy_auth_trait_is_a_located_error() {
    let text = smithy(&[("Bad", json!({"smithy.api#auth": "sigv4"}))]).to_string();
    let err = awsgen_codegen::load(&ModelFiles::new(("tiny.json", &text))).unwrap_err().to_string();
    assert!(err.contains("example.tiny#Bad"), "{err}");
    assert!(err.contains("smithy.api#auth"), "{err}");
}

#[test]
fn the_generated_operation_says_unsigned_only_when_it_is() {
    let svc = load(botocore(&[("Open", json!({"authtype": "none"})), ("Plain", json!({}))]));
    let opts = awsgen_codegen::Options {
        crate_name: "awsgen-tiny".into(),
        runtime_path: "../../runtime".into(),
        command: "cargo xtask generate".into(),
    };
    let files = awsgen_codegen::generate(&svc, &opts).unwrap();
    let code = |file: &str| {
        let f = files.iter().find(|f| f.path.ends_with(file)).unwrap_or_else(|| panic!("{file}"));
        f.contents.split_whitespace().collect::<String>()
    };
    assert!(code("operation/open.rs").contains("constUNSIGNED:bool=true;"));
    assert!(!code("operation/plain.rs").contains("UNSIGNED"));
}
