//! Endpoint rule sets: the real ElastiCache one lowers; a bad one fails generation with the
//! file and JSON path of the problem; the partition table is checked the same way.

use serde_json::{json, Value};

const FILE: &str = "endpoint-rule-set-1.json";

fn elasticache_rules() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../models/elasticache/2015-02-02/endpoint-rule-set-1.json"
    ))
    .expect("the imported rule set");
    serde_json::from_str(&text).unwrap()
}

fn load(v: &Value) -> Result<awsgen_codegen::ir::endpoint::EndpointRuleSet, String> {
    awsgen_codegen::load_endpoint_rules(FILE, &v.to_string()).map_err(|e| e.to_string())
}

/// A rule set with one endpoint rule guarded by `condition`.
fn with_condition(condition: Value) -> Value {
    json!({
        "version": "1.0",
        "parameters": {
            "Region": {"type": "string", "builtIn": "AWS::Region", "required": false},
            "UseFIPS": {"type": "boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false}
        },
        "rules": [
            {"type": "tree", "conditions": [], "rules": [
                {"type": "endpoint", "conditions": [condition], "endpoint": {"url": "https://example.com"}}
            ]}
        ]
    })
}

fn error_for(condition: Value) -> String {
    load(&with_condition(condition)).expect_err("the rule set must be rejected")
}

#[test]
fn the_real_rule_set_lowers() {
    let set = load(&elasticache_rules()).unwrap();
    let names: Vec<&str> = set.params.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(names, ["endpoint", "region", "use_dual_stack", "use_fips"]);
    assert_eq!(set.rules.len(), 3);
}

#[test]
fn unknown_functions_name_their_path() {
    let e = error_for(json!({"fn": "aws.frobnicate", "argv": [{"ref": "Region"}]}));
    assert_eq!(e, r#"endpoint-rule-set-1.json: rules[0].rules[0].conditions[0].fn: unknown function "aws.frobnicate""#);
}

#[test]
fn unbound_references_name_their_path() {
    let e = error_for(json!({"fn": "isSet", "argv": [{"ref": "Bucket"}]}));
    assert_eq!(e, r#"endpoint-rule-set-1.json: rules[0].rules[0].conditions[0].argv[0]: unknown reference "Bucket""#);
    // An assignment is visible only inside its own rule.
    let mut set = with_condition(json!({"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}));
    set["rules"].as_array_mut().unwrap().push(json!({
        "type": "error", "conditions": [], "error": "in {P#name}"
    }));
    let e = load(&set).unwrap_err();
    assert!(e.starts_with("endpoint-rule-set-1.json: rules[1].error: unknown reference \"P\""), "{e}");
}

#[test]
fn arity_types_and_attributes_are_checked() {
    let e = error_for(json!({"fn": "stringEquals", "argv": [{"ref": "Region"}]}));
    assert!(e.contains("conditions[0].argv: stringEquals takes 2 arguments"), "{e}");
    let e = error_for(json!({"fn": "booleanEquals", "argv": [{"ref": "Region"}, true]}));
    assert!(e.contains("conditions[0].argv[0]: expected a Bool value, found String"), "{e}");
    let e = error_for(json!({"fn": "getAttr", "argv": [
        {"fn": "aws.partition", "argv": [{"ref": "Region"}]}, "dnsSufix"
    ]}));
    assert!(e.contains("conditions[0].argv[1]: a Partition value has no attribute \"dnsSufix\""), "{e}");
    let e = error_for(json!({"fn": "substring", "argv": [{"ref": "Region"}, -1, 2, false]}));
    assert!(e.contains("conditions[0].argv[1]: a negative index"), "{e}");
}

#[test]
fn rebinding_a_name_is_an_error() {
    let e = error_for(json!({"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "Region"}));
    assert!(e.contains("conditions[0].assign: \"Region\" is already bound"), "{e}");
}

#[test]
fn malformed_templates_and_documents_are_located() {
    let mut set = with_condition(json!({"fn": "isSet", "argv": [{"ref": "Region"}]}));
    set["rules"][0]["rules"][0]["endpoint"]["url"] = json!("https://{Region.example.com");
    let e = load(&set).unwrap_err();
    assert!(e.starts_with("endpoint-rule-set-1.json: rules[0].rules[0].endpoint.url: unbalanced brace"), "{e}");

    let mut set = with_condition(json!({"fn": "isSet", "argv": [{"ref": "Region"}]}));
    set["rules"][0]["rules"][0]["type"] = json!("redirect");
    let e = load(&set).unwrap_err();
    assert!(e.starts_with("endpoint-rule-set-1.json: rules[0].rules[0].type: unknown variant `redirect`"), "{e}");
    let mut set = with_condition(json!({"fn": "isSet", "argv": [{"ref": "Region"}]}));
    set["rules"][0]["rules"][0]["type"] = json!("error");
    let e = load(&set).unwrap_err();
    assert_eq!(e, "endpoint-rule-set-1.json: rules[0].rules[0]: an \"error\" rule needs `error`");

    let mut set = with_condition(json!({"fn": "isSet", "argv": [{"ref": "Region"}]}));
    set["parameters"]["UseFIPS"]["type"] = json!("integer");
    let e = load(&set).unwrap_err();
    assert_eq!(e, "endpoint-rule-set-1.json: parameters.UseFIPS.type: unknown type \"integer\"");
}

/// Narrowing: after `isSet(Region)` the region is read as set; an optional value passed to a
/// function is unwrapped by a step of its own, so a condition on an unset value fails.
#[test]
fn optional_values_are_unwrapped_before_use() {
    use awsgen_codegen::ir::endpoint::{Outcome, Step};
    let set = load(&with_condition(json!({"fn": "stringEquals", "argv": [{"ref": "Region"}, "us-east-1"]}))).unwrap();
    let Outcome::Tree(rules) = &set.rules[0].outcome else { panic!("a tree") };
    match rules[0].steps.as_slice() {
        [Step::Unwrap { local, used: true, .. }, Step::Check(_)] => assert_eq!(local, "region"),
        other => panic!("{other:?}"),
    }
}

fn partitions() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../models/partitions.json"))
        .expect("the imported partitions");
    serde_json::from_str(&text).unwrap()
}

#[test]
fn partitions_generate_and_bad_ones_are_located() {
    let text = awsgen_codegen::generate_partitions("partitions.json", &partitions().to_string(), "cmd").unwrap();
    assert!(text.starts_with("// Code generated by awsgen. DO NOT EDIT: regenerate with `cmd`."));
    assert!(text.contains("\"amazonaws.com.cn\""));

    let mut p = partitions();
    p["partitions"][1]["regionRegex"] = json!("^cn\\-[a-z]+\\-\\d+$");
    let e = awsgen_codegen::generate_partitions("partitions.json", &p.to_string(), "cmd").unwrap_err().to_string();
    assert!(e.starts_with("partitions.json: partitions[1].regionRegex: "), "{e}");
    let e = awsgen_codegen::generate_partitions("partitions.json", r#"{"version": "1.1", "partitions": []}"#, "cmd")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("partitions.json: partitions: no partitions"), "{e}");
}

#[test]
fn keyword_and_non_ascii_parameter_names_become_fields() {
    let mut rules = elasticache_rules();
    for name in ["Type", "type", "Self", "Size²", "½"] {
        rules["parameters"][name] = json!({"type": "string", "required": false});
        // Each is used, so its field and its local are both read.
        rules["rules"].as_array_mut().unwrap().insert(
            0,
            json!({"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": name}]}], "error": "set"}),
        );
    }
    let set = load(&rules).unwrap();
    let fields: Vec<&str> = set.params.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(
        fields,
        ["endpoint", "region", "self_", "size", "r#type", "use_dual_stack", "use_fips", "type_2", "value"]
    );
    awsgen_codegen::generate_endpoint_module(FILE, &rules.to_string(), "Hostile", "endpoint")
        .unwrap_or_else(|e| panic!("{e}"));
}

/// DynamoDB's kinds of parameters: built-ins the configuration does not fill (kept by name, so a
/// client or a test can set them), a string array whose first item is read with `getAttr`, and
/// the built-in names read back as they were written.
#[test]
fn account_id_built_ins_and_string_arrays_lower() {
    use awsgen_codegen::ir::endpoint::{BuiltIn, Type};
    let mut rules =
        with_condition(json!({"fn": "getAttr", "argv": [{"ref": "ResourceArnList"}, "[0]"], "assign": "First"}));
    rules["parameters"]["AccountId"] = json!({"type": "string", "builtIn": "AWS::Auth::AccountId", "required": false});
    rules["parameters"]["AccountIdEndpointMode"] =
        json!({"type": "string", "builtIn": "AWS::Auth::AccountIdEndpointMode", "required": false});
    rules["parameters"]["ResourceArnList"] = json!({"type": "stringArray", "required": false});
    rules["rules"][0]["rules"][0]["endpoint"]["url"] = json!("https://{First}.example.com");
    let set = load(&rules).unwrap();
    let param = |name: &str| set.params.iter().find(|p| p.name == name).unwrap();
    assert_eq!(param("AccountId").built_in, Some(BuiltIn::Other("AWS::Auth::AccountId".into())));
    assert_eq!(param("AccountIdEndpointMode").field, "account_id_endpoint_mode");
    assert_eq!((param("ResourceArnList").ty, param("ResourceArnList").optional()), (Type::StringArray, true));
    let built_ins: Vec<&BuiltIn> = set.params.iter().filter_map(|p| p.built_in.as_ref()).collect();
    assert_eq!(built_ins.len(), 4);
    for b in built_ins {
        assert_eq!(&BuiltIn::from_name(b.name()), b);
    }
    awsgen_codegen::generate_endpoint_module(FILE, &rules.to_string(), "Arrays", "endpoint")
        .unwrap_or_else(|e| panic!("{e}"));

    // An item of a string array is a string, and a string array has no named attributes.
    let e = error_for(json!({"fn": "getAttr", "argv": [{"ref": "Region"}, "[0]"]}));
    assert!(e.contains("conditions[0].argv[1]: a String value has no attribute \"[0]\""), "{e}");
    let mut bad = rules.clone();
    bad["rules"][0]["rules"][0]["conditions"][0]["argv"][1] = json!("first");
    let e = load(&bad).unwrap_err();
    assert!(e.contains("conditions[0].argv[1]: a StringArray value has no attribute \"first\""), "{e}");
    let mut bad = rules.clone();
    bad["parameters"]["ResourceArnList"]["default"] = json!("arn");
    let e = load(&bad).unwrap_err();
    assert_eq!(e, "endpoint-rule-set-1.json: parameters.ResourceArnList.default: default does not match the type");
}
