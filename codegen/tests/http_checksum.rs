//! Flexible checksums (botocore `httpChecksum` / Smithy `aws.protocols#httpChecksum`, and the
//! legacy `httpChecksumRequired` / `smithy.api#httpChecksumRequired`): both formats give the
//! same IR, the generated operation carries it (`HTTP_CHECKSUM`, `checksum_members`), and a
//! trait naming a member the input lacks, or one that is not a string, is a located error.

use awsgen_codegen::ir::{HttpChecksum, Service};
use awsgen_codegen::ModelFiles;
use serde_json::{json, Value};

/// A botocore restJson1 service: `Put` has `trait_` under `key`, its input members `Algo`
/// (enum, header), `Mode` (enum, header) and `Count` (integer).
fn botocore(key: &str, trait_: Value) -> Value {
    json!({
        "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "tiny", "protocol": "rest-json",
                     "serviceFullName": "Tiny Service", "serviceId": "Tiny", "uid": "tiny-2020-01-01"},
        "operations": {"Put": {"name": "Put", "http": {"method": "PUT", "requestUri": "/"},
                               "input": {"shape": "PutInput"}, key: trait_}},
        "shapes": {
            "PutInput": {"type": "structure", "members": {
                "Algo": {"shape": "Algo", "location": "header", "locationName": "x-algo"},
                "Mode": {"shape": "Mode", "location": "header", "locationName": "x-mode"},
                "Count": {"shape": "Count"}
            }},
            "Algo": {"type": "string", "enum": ["CRC32", "SHA256"]},
            "Mode": {"type": "string", "enum": ["ENABLED"]},
            "Count": {"type": "integer"}
        }
    })
}

/// The same service as a Smithy JSON AST.
fn smithy(traits: Value) -> Value {
    json!({"smithy": "2.0", "shapes": {
        "example.tiny#Tiny": {"type": "service", "version": "2020-01-01",
            "operations": [{"target": "example.tiny#Put"}],
            "traits": {"aws.protocols#restJson1": {}, "aws.api#service": {"sdkId": "Tiny"},
                       "aws.auth#sigv4": {"name": "tiny"}}},
        "example.tiny#Put": {"type": "operation", "input": {"target": "example.tiny#PutInput"},
            "traits": traits},
        "example.tiny#PutInput": {"type": "structure", "members": {
            "Algo": {"target": "example.tiny#Algo", "traits": {"smithy.api#httpHeader": "x-algo"}},
            "Mode": {"target": "example.tiny#Mode", "traits": {"smithy.api#httpHeader": "x-mode"}},
            "Count": {"target": "smithy.api#Integer"}
        }},
        "example.tiny#Algo": {"type": "enum", "members": {
            "CRC32": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "CRC32"}},
            "SHA256": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "SHA256"}}
        }},
        "example.tiny#Mode": {"type": "enum", "members": {
            "ENABLED": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "ENABLED"}}
        }}
    }})
}

fn load(model: Value) -> Result<Service, String> {
    let text = model.to_string();
    awsgen_codegen::load(&ModelFiles::new(("tiny.json", &text))).map_err(|e| e.to_string())
}

fn full_trait() -> Value {
    json!({"requestAlgorithmMember": "Algo", "requestChecksumRequired": true,
           "requestValidationModeMember": "Mode", "responseAlgorithms": ["CRC32", "SHA256"]})
}

#[test]
fn both_formats_put_http_checksum_in_the_ir() {
    let expected = HttpChecksum {
        request_required: true,
        request_algorithm_member: Some("Algo".into()),
        validation_mode_member: Some("Mode".into()),
        response_algorithms: vec!["CRC32".into(), "SHA256".into()],
    };
    let b = load(botocore("httpChecksum", full_trait())).unwrap();
    let s = load(smithy(json!({"smithy.api#http": {"method": "PUT", "uri": "/"},
                                "aws.protocols#httpChecksum": full_trait()})))
    .unwrap();
    for svc in [b, s] {
        assert_eq!(svc.operation("Put").unwrap().http_checksum.as_ref(), Some(&expected));
    }
}

#[test]
fn the_legacy_trait_is_a_required_checksum_without_members() {
    let expected = HttpChecksum {
        request_required: true,
        request_algorithm_member: None,
        validation_mode_member: None,
        response_algorithms: vec![],
    };
    let b = load(botocore("httpChecksumRequired", json!(true))).unwrap();
    let s = load(smithy(json!({"smithy.api#http": {"method": "PUT", "uri": "/"},
                                "smithy.api#httpChecksumRequired": {}})))
    .unwrap();
    for svc in [b, s] {
        assert_eq!(svc.operation("Put").unwrap().http_checksum.as_ref(), Some(&expected));
    }
    let none = load(botocore("deprecated", json!(false))).unwrap();
    assert_eq!(none.operation("Put").unwrap().http_checksum, None);
}

#[test]
fn the_generated_operation_carries_the_trait_and_reads_its_members() {
    let svc = load(botocore("httpChecksum", full_trait())).unwrap();
    let opts = awsgen_codegen::Options {
        crate_name: "awsgen-tiny".into(),
        runtime_path: "../../runtime".into(),
        command: "cargo xtask generate".into(),
    };
    let files = awsgen_codegen::generate(&svc, &opts).unwrap();
    let op = files.iter().find(|f| f.path.ends_with("operation/put.rs")).expect("operation/put.rs");
    let code = &op.contents;
    let flat: String = code.split_whitespace().collect();
    assert!(flat.contains("constHTTP_CHECKSUM:Option<::awsgen_runtime::checksum::HttpChecksum>"), "{code}");
    assert!(flat.contains("request_required:true"), "{code}");
    assert!(flat.contains(r#"response_algorithms:&["CRC32","SHA256"]"#), "{code}");
    assert!(flat.contains(r#"validation_mode_header:Some("x-mode")"#), "{code}");
    assert!(flat.contains("request_algorithm:self.algo.as_ref().map(|v|v.as_str())"), "{code}");
}

#[test]
fn a_member_the_input_lacks_or_not_a_string_is_a_located_error() {
    let missing = load(botocore("httpChecksum", json!({"requestAlgorithmMember": "Nope"}))).unwrap_err();
    assert!(missing.contains("operations.Put.httpChecksum.requestAlgorithmMember"), "{missing}");
    assert!(missing.contains("\"Nope\" is not a member"), "{missing}");
    let integer = load(botocore("httpChecksum", json!({"requestValidationModeMember": "Count"}))).unwrap_err();
    assert!(integer.contains("operations.Put.httpChecksum.requestValidationModeMember"), "{integer}");
    assert!(integer.contains("not a string"), "{integer}");
    let smithy_missing = load(smithy(json!({"smithy.api#http": {"method": "PUT", "uri": "/"},
        "aws.protocols#httpChecksum": {"requestAlgorithmMember": "Nope"}})))
    .unwrap_err();
    assert!(smithy_missing.contains("example.tiny#Put"), "{smithy_missing}");
    assert!(smithy_missing.contains("httpChecksum requestAlgorithmMember \"Nope\""), "{smithy_missing}");
}
