//! The `retryable` trait on error shapes (botocore `"retryable": {"throttling": bool}`, Smithy
//! `@retryable`) lowers into `ErrorInfo::retryable` from both formats, and the generated client
//! lists those errors (with `_retry.json`'s policies for the service's endpoint prefix) in its
//! `ServiceInfo::retryable_errors`; a malformed trait is a located error.

use awsgen_codegen::ir::{Service, ShapeKind};
use awsgen_codegen::ModelFiles;
use serde_json::{json, Value};

/// A botocore awsJson1_1 service (endpoint prefix `prefix`) whose one operation can fail with
/// `Slow` (retryable, throttling), `Flaky` (retryable) and `Final`.
fn botocore(prefix: &str) -> Value {
    json!({
        "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": prefix, "protocol": "json",
                     "jsonVersion": "1.1", "targetPrefix": "Tiny", "serviceFullName": "Tiny Service",
                     "serviceId": "Tiny", "signatureVersion": "v4", "uid": "tiny-2020-01-01"},
        "operations": {"Go": {"name": "Go", "http": {"method": "POST", "requestUri": "/"},
                              "errors": [{"shape": "Slow"}, {"shape": "Flaky"}, {"shape": "Final"}]}},
        "shapes": {
            "Slow": {"type": "structure", "members": {}, "exception": true, "retryable": {"throttling": true}},
            "Flaky": {"type": "structure", "members": {}, "exception": true, "retryable": {"throttling": false}},
            "Final": {"type": "structure", "members": {}, "exception": true}
        }
    })
}

/// The same service as a Smithy JSON AST; `slow_trait` is `Slow`'s `@retryable` value.
fn smithy(slow_trait: Value) -> Value {
    let error = |extra: Value| {
        let mut traits = json!({"smithy.api#error": "client"});
        for (k, v) in extra.as_object().unwrap() {
            traits[k] = v.clone();
        }
        json!({"type": "structure", "members": {}, "traits": traits})
    };
    json!({"smithy": "2.0", "shapes": {
        "example.tiny#Tiny": {"type": "service", "version": "2020-01-01",
            "operations": [{"target": "example.tiny#Go"}],
            "traits": {"aws.protocols#awsJson1_1": {}, "aws.api#service": {"sdkId": "Tiny", "endpointPrefix": "s3"},
                       "aws.auth#sigv4": {"name": "tiny"}}},
        "example.tiny#Go": {"type": "operation", "errors": [
            {"target": "example.tiny#Slow"}, {"target": "example.tiny#Flaky"}, {"target": "example.tiny#Final"}]},
        "example.tiny#Slow": error(json!({"smithy.api#retryable": slow_trait})),
        "example.tiny#Flaky": error(json!({"smithy.api#retryable": {}})),
        "example.tiny#Final": error(json!({}))
    }})
}

fn load(model: &Value) -> Result<Service, String> {
    let text = model.to_string();
    awsgen_codegen::load(&ModelFiles::new(("tiny.json", &text))).map_err(|e| e.to_string())
}

fn retryable(svc: &Service, shape: &str) -> Option<bool> {
    match &svc.shapes[shape].kind {
        ShapeKind::Structure(s) => s.error.as_ref().unwrap().retryable,
        other => panic!("{shape}: {other:?}"),
    }
}

/// `client.rs` of the generated crate, without whitespace.
fn client_code(svc: &Service) -> String {
    let opts = awsgen_codegen::Options {
        crate_name: "awsgen-tiny".into(),
        runtime_path: "../../runtime".into(),
        command: "cargo xtask generate".into(),
    };
    let files = awsgen_codegen::generate(svc, &opts).unwrap();
    let file = files.iter().find(|f| f.path.ends_with("src/client.rs")).unwrap();
    file.contents.split_whitespace().collect()
}

fn entry(code: &str, status: Option<u16>, throttling: bool) -> String {
    let status = status.map_or("None".to_owned(), |s| format!("Some({s}u16)"));
    format!("::awsgen_runtime::retry::RetryableError{{code:\"{code}\",status:{status},throttling:{throttling},}},")
}

#[test]
fn both_formats_carry_the_trait_into_the_ir() {
    for svc in [load(&botocore("s3")).unwrap(), load(&smithy(json!({"throttling": true}))).unwrap()] {
        assert_eq!(retryable(&svc, "Slow"), Some(true));
        assert_eq!(retryable(&svc, "Flaky"), Some(false));
        assert_eq!(retryable(&svc, "Final"), None);
    }
}

#[test]
fn the_client_lists_modeled_then_retry_json_errors() {
    let code = client_code(&load(&botocore("s3")).unwrap());
    let want = [
        entry("Flaky", None, false),
        entry("Slow", None, true),
        entry("RequestTimeout", Some(400), false),
        entry("BadDigest", Some(400), false),
    ]
    .concat();
    assert!(code.contains(&format!("retryable_errors:&[{want}]")), "{code}");
    // A service `_retry.json` does not name gets only its modeled errors.
    let code = client_code(&load(&botocore("tiny")).unwrap());
    let want = [entry("Flaky", None, false), entry("Slow", None, true)].concat();
    assert!(code.contains(&format!("retryable_errors:&[{want}]")), "{code}");
}

#[test]
fn a_malformed_retryable_trait_is_located() {
    let err = load(&smithy(json!({"throttling": "yes"}))).unwrap_err();
    assert!(err.contains("example.tiny#Slow") && err.contains("smithy.api#retryable"), "{err}");
    let mut model = botocore("tiny");
    model["shapes"]["Slow"]["retryable"] = json!(true);
    let err = load(&model).unwrap_err();
    assert!(err.contains("tiny.json") && err.contains("Slow") && err.contains("retryable"), "{err}");
}
