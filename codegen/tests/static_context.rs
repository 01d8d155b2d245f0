//! Static context parameters (botocore `staticContextParams`, Smithy
//! `smithy.rules#staticContextParams`) and input members marked `contextParam`: both formats
//! put them in the IR, the generated operation carries them (`STATIC_CONTEXT_PARAMS`,
//! `context_params()`), and one the endpoint rule set cannot take (an undeclared parameter, a
//! built-in, a value of another type) is a model error naming the file and the entry.

use awsgen_codegen::ir::endpoint::Literal;
use awsgen_codegen::ir::Service;
use awsgen_codegen::ModelFiles;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// A rule set with a built-in, a boolean and a string parameter, and one rule.
fn rules() -> Value {
    json!({
        "version": "1.0",
        "parameters": {
            "Region": {"type": "String", "builtIn": "AWS::Region", "required": false},
            "IsSearch": {"type": "Boolean", "required": false},
            "Mode": {"type": "String", "required": false}
        },
        "rules": [{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://example.com"}}]
    })
}

/// A botocore awsJson1_0 service whose operation `Op` has these static context parameters.
fn botocore(params: Value) -> Value {
    json!({
        "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "tiny", "protocol": "json", "jsonVersion": "1.0",
                     "serviceFullName": "Tiny Service", "serviceId": "Tiny", "uid": "tiny-2020-01-01",
                     "targetPrefix": "Tiny_20200101"},
        "operations": {"Op": {"name": "Op", "http": {"method": "POST", "requestUri": "/"}, "staticContextParams": params}},
        "shapes": {}
    })
}

/// The same service as a Smithy JSON AST, the rule set as the service's trait.
fn smithy(params: Value) -> Value {
    json!({"smithy": "2.0", "shapes": {
        "example.tiny#Tiny_20200101": {"type": "service", "version": "2020-01-01",
            "operations": [{"target": "example.tiny#Op"}],
            "traits": {"aws.protocols#awsJson1_0": {}, "aws.api#service": {"sdkId": "Tiny"},
                       "aws.auth#sigv4": {"name": "tiny"}, "smithy.rules#endpointRuleSet": rules()}},
        "example.tiny#Op": {"type": "operation", "traits": {"smithy.rules#staticContextParams": params}}
    }})
}

fn load_botocore(params: Value) -> Result<Service, String> {
    let (model, rules) = (botocore(params).to_string(), rules().to_string());
    let files = ModelFiles { endpoint_rules: Some(("rules.json", &rules)), ..ModelFiles::new(("tiny.json", &model)) };
    awsgen_codegen::load(&files).map_err(|e| e.to_string())
}

fn load_smithy(params: Value) -> Result<Service, String> {
    let model = smithy(params).to_string();
    awsgen_codegen::load(&ModelFiles::new(("tiny.json", &model))).map_err(|e| e.to_string())
}

#[test]
fn both_formats_put_static_context_parameters_in_the_ir() {
    let params = json!({"IsSearch": {"value": true}, "Mode": {"value": "fast"}});
    let expected: BTreeMap<String, Literal> =
        [("IsSearch".into(), Literal::Bool(true)), ("Mode".into(), Literal::String("fast".into()))].into();
    for svc in [load_botocore(params.clone()).unwrap(), load_smithy(params).unwrap()] {
        assert_eq!(svc.operation("Op").unwrap().static_context_params, expected);
    }
}

fn opts() -> awsgen_codegen::Options {
    awsgen_codegen::Options {
        crate_name: "awsgen-tiny".into(),
        runtime_path: "../../runtime".into(),
        command: "cargo xtask generate".into(),
    }
}

#[test]
fn the_operation_carries_its_static_context_parameters() {
    let svc = load_botocore(json!({"IsSearch": {"value": true}, "Mode": {"value": "fast"}})).unwrap();
    let files = awsgen_codegen::generate(&svc, &opts()).unwrap();
    let op = files.iter().find(|f| f.path.ends_with("operation/op.rs")).expect("operation/op.rs");
    let text: String = op.contents.split_whitespace().collect();
    assert!(
        text.contains(r#"=&[("IsSearch",::awsgen_runtime::endpoint::ContextValue::Bool(true)),("Mode",::awsgen_runtime::endpoint::ContextValue::Str("fast")),];"#),
        "{}",
        op.contents
    );
    let endpoint = files.iter().find(|f| f.path.ends_with("src/endpoint.rs")).expect("endpoint.rs");
    assert!(endpoint.contents.contains("built_ins.static_context"), "{}", endpoint.contents);
}

#[test]
fn a_parameter_the_rule_set_cannot_take_is_a_model_error() {
    let at = "tiny.json: operations.Op.staticContextParams.";
    let err = |p: Value| load_botocore(p).unwrap_err();
    assert_eq!(
        err(json!({"Nope": {"value": true}})),
        format!(r#"{at}Nope: the endpoint rule set declares no parameter "Nope""#)
    );
    assert_eq!(
        err(json!({"Region": {"value": "us-east-1"}})),
        format!(r#"{at}Region: parameter "Region" is the built-in AWS::Region, which only the SDK sets"#)
    );
    assert_eq!(
        err(json!({"IsSearch": {"value": "true"}})),
        format!(r#"{at}IsSearch: parameter "IsSearch" is a boolean, but the value is a string"#)
    );
    assert_eq!(
        err(json!({"Mode": {"value": false}})),
        format!(r#"{at}Mode: parameter "Mode" is a string, but the value is a boolean"#)
    );
    // A value neither boolean nor string is not a static context parameter at all.
    let e = err(json!({"Mode": {"value": 3}}));
    assert!(e.starts_with("tiny.json: operations.Op.staticContextParams.Mode"), "{e}");
    let e = err(json!({"Mode": {}}));
    assert!(e.starts_with("tiny.json: operations.Op.staticContextParams.Mode"), "{e}");
    // Smithy names the operation and the trait.
    assert_eq!(
        load_smithy(json!({"Nope": {"value": true}})).unwrap_err(),
        r#"tiny.json: operation Op: smithy.rules#staticContextParams.Nope: the endpoint rule set declares no parameter "Nope""#
    );
}

/// `Op` with an input whose members fill rule-set parameters (`contextParam`).
fn with_context_param(member: Value, shape: Value) -> Value {
    let mut m = botocore(json!({}));
    m["operations"]["Op"]["input"] = json!({"shape": "In"});
    m["shapes"] = json!({"In": {"type": "structure", "members": {"Name": member}}, "Str": shape});
    m
}

fn load_model(m: &Value) -> Result<Service, String> {
    let (model, rules) = (m.to_string(), rules().to_string());
    let files = ModelFiles { endpoint_rules: Some(("rules.json", &rules)), ..ModelFiles::new(("tiny.json", &model)) };
    awsgen_codegen::load(&files).map_err(|e| e.to_string())
}

#[test]
fn context_parameters_name_string_members_and_rule_set_strings() {
    let string = json!({"type": "string"});
    let m = with_context_param(json!({"shape": "Str", "contextParam": {"name": "Mode"}}), string.clone());
    let svc = load_model(&m).unwrap();
    let c = &svc.operation("Op").unwrap().context_params;
    assert_eq!((c.len(), c[0].param.as_str(), c[0].member.as_str()), (1, "Mode", "Name"));
    let files = awsgen_codegen::generate(&svc, &opts()).unwrap();
    let op = files.iter().find(|f| f.path.ends_with("operation/op.rs")).unwrap();
    let text: String = op.contents.split_whitespace().collect();
    assert!(text.contains(r#"ifletSome(v)=self.name.as_deref(){params.push(("Mode","#), "{}", op.contents);

    let at = "tiny.json: shapes.In.members.Name.contextParam: ";
    let err = |name: &str, shape: &Value| {
        load_model(&with_context_param(json!({"shape": "Str", "contextParam": {"name": name}}), shape.clone()))
            .unwrap_err()
    };
    assert_eq!(err("Nope", &string), format!(r#"{at}the endpoint rule set declares no parameter "Nope""#));
    assert_eq!(
        err("Region", &string),
        format!(r#"{at}parameter "Region" is the built-in AWS::Region, which only the SDK sets"#)
    );
    assert_eq!(err("IsSearch", &string), format!(r#"{at}parameter "IsSearch" is not a string, but the member is"#));
    assert_eq!(err("Mode", &json!({"type": "integer"})), format!("{at}a context parameter's member must be a string"));
}

#[test]
fn smithy_context_param_traits_give_the_same_ir() {
    let mut m = smithy(json!({}));
    let shapes = m["shapes"].as_object_mut().unwrap();
    shapes["example.tiny#Op"]["input"] = json!({"target": "example.tiny#In"});
    shapes.insert(
        "example.tiny#In".into(),
        json!({"type": "structure", "members": {
            "Name": {"target": "smithy.api#String", "traits": {"smithy.rules#contextParam": {"name": "Mode"}}}}}),
    );
    let svc = awsgen_codegen::load(&ModelFiles::new(("tiny.json", &m.to_string()))).unwrap();
    let c = &svc.operation("Op").unwrap().context_params;
    assert_eq!((c.len(), c[0].param.as_str(), c[0].member.as_str()), (1, "Mode", "Name"));
}
