//! restXml in the IR, from a hand-written botocore model: the body's root named and namespaced
//! by the input reference, namespaces (a URI alone, or with a prefix)
//! on members, list elements, map keys and values, attributes, flattened lists, unions as
//! Rust enums, HTTP-date headers, and the generated code writing and reading them; and the
//! Smithy traits that say the same (`restXml`, `@xmlName`, `@xmlNamespace`, `@xmlAttribute`,
//! `@httpPayload`).

use awsgen_codegen::ir::{Binding, Protocol, Service, ShapeKind, Structure, TimestampFormat, XmlNamespace};
use serde_json::{json, Value};

fn botocore() -> Value {
    json!({
        "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "tiny", "protocol": "rest-xml",
                     "serviceFullName": "Tiny", "serviceId": "Tiny",
                     "xmlNamespace": "https://service/"},
        "operations": {
            "Put": {"name": "Put", "http": {"method": "PUT", "requestUri": "/{Bucket}"},
                    "input": {"shape": "PutIn", "locationName": "PutRequest",
                              "xmlNamespace": {"uri": "https://input/"}},
                    "output": {"shape": "PutOut"}},
            "Get": {"name": "Get", "http": {"method": "GET", "requestUri": "/"},
                    "input": {"shape": "GetIn"}, "output": {"shape": "GetOut"}}
        },
        "shapes": {
            "PutIn": {"type": "structure", "required": ["Bucket"], "members": {
                "Bucket": {"shape": "Str", "location": "uri", "locationName": "Bucket"},
                "When": {"shape": "Time", "location": "header", "locationName": "x-when"},
                "Tag": {"shape": "Str", "xmlNamespace": {"prefix": "t", "uri": "https://tag/"}},
                "Id": {"shape": "Str", "locationName": "id", "xmlAttribute": true},
                "Items": {"shape": "Items", "locationName": "Item"},
                "Pairs": {"shape": "Pairs"},
                "Choice": {"shape": "Choice"}
            }},
            "GetIn": {"type": "structure", "members": {}},
            "PutOut": {"type": "structure", "members": {}},
            "GetOut": {"type": "structure", "members": {"Items": {"shape": "Items", "locationName": "Item"}}},
            "Items": {"type": "list", "member": {"shape": "Str", "locationName": "Item",
                      "xmlNamespace": "https://item/"}, "flattened": true},
            "Pairs": {"type": "map", "key": {"shape": "Str", "locationName": "K", "xmlNamespace": "https://k/"},
                      "value": {"shape": "Str", "locationName": "V"}},
            "Choice": {"type": "structure", "union": true, "members": {"A": {"shape": "Str"}, "B": {"shape": "Time"}}},
            "Str": {"type": "string"},
            "Time": {"type": "timestamp"}
        }
    })
}

fn load(m: &Value) -> Service {
    awsgen_codegen::load_botocore("tiny.json", &m.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

fn ns(prefix: Option<&str>, uri: &str) -> Option<XmlNamespace> {
    Some(XmlNamespace { prefix: prefix.map(String::from), uri: uri.into() })
}

fn put_input(s: &Service) -> &Structure {
    s.structure(&s.operation("Put").unwrap().input)
}

#[test]
fn namespaces_roots_attributes_and_bindings_land_in_the_ir() {
    let s = load(&botocore());
    assert_eq!(s.protocol, Protocol::RestXml);
    let put = put_input(&s);
    // The input reference names the root and its namespace, over the service's.
    assert_eq!(put.xml_name.as_deref(), Some("PutRequest"));
    assert_eq!(put.xml_namespace, ns(None, "https://input/"));
    let get = s.structure(&s.operation("Get").unwrap().input);
    assert_eq!((get.xml_name.as_deref(), get.xml_namespace.clone()), (Some("GetIn"), ns(None, "https://service/")));
    let m = |n: &str| put.members.iter().find(|m| m.name == n).unwrap();
    assert_eq!(m("Tag").xml_namespace, ns(Some("t"), "https://tag/"));
    assert!(m("Id").xml_attribute);
    assert_eq!(
        (m("When").binding.clone(), m("When").timestamp_format),
        (Binding::Header("x-when".into()), TimestampFormat::HttpDate)
    );
    assert_eq!(m("Bucket").binding, Binding::Label);
    assert!(m("Items").flattened);
    let ShapeKind::List(l) = &s.shape("Items").kind else { panic!() };
    assert_eq!(l.member_xml_namespace, ns(None, "https://item/"));
    let ShapeKind::Map(mp) = &s.shape("Pairs").kind else { panic!() };
    assert_eq!((mp.key_xml_namespace.clone(), mp.value_xml_namespace.clone()), (ns(None, "https://k/"), None));
    assert!(matches!(s.shape("Choice").kind, ShapeKind::Union(_)));
}

#[test]
fn the_generated_code_writes_and_reads_them() {
    let s = load(&botocore());
    let opts = awsgen_codegen::ModuleOptions { root: "crate::tiny".into(), command: "test".into() };
    let code = awsgen_codegen::generate_module(&s, &opts).unwrap();
    for needle in [
        "w.start(\"PutRequest\")",
        "w.namespace(None, \"https://input/\")",
        "w.namespace(Some(\"t\"), \"https://tag/\")",
        "w.attribute(\"id\", x)",
        "w.namespace(None, \"https://item/\")",
        "w.namespace(None, \"https://k/\")",
        "rest_xml::body_reader(",
        "rest_xml::request_id(resp)",
        "HttpDate",
    ] {
        assert!(code.contains(needle), "{needle} not in the generated code");
    }
}

/// The Smithy twin of the essentials: `aws.protocols#restXml`, `@http`, `@httpHeader`,
/// `@httpPayload`, `@xmlName`, `@xmlNamespace` (with a prefix) and `@xmlAttribute`.
#[test]
fn smithy_rest_xml_traits_land_in_the_same_ir_terms() {
    let space = "example.tiny";
    let t = |n: &str| json!({"target": format!("{space}#{n}")});
    let model = json!({"smithy": "2.0", "shapes": {
        format!("{space}#Tiny"): {"type": "service", "version": "2020-01-01", "operations": [t("Put")],
            "traits": {"aws.protocols#restXml": {}, "aws.api#service": {"sdkId": "Tiny"},
                       "aws.auth#sigv4": {"name": "tiny"}, "smithy.api#xmlNamespace": {"uri": "https://service/"}}},
        format!("{space}#Put"): {"type": "operation", "input": t("PutInput"), "output": t("PutOutput"),
            "traits": {"smithy.api#http": {"method": "PUT", "uri": "/put"}}},
        format!("{space}#PutInput"): {"type": "structure", "members": {
            "When": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#httpHeader": "x-when"}},
            "Config": {"target": format!("{space}#Config"), "traits": {"smithy.api#httpPayload": {}}}}},
        format!("{space}#PutOutput"): {"type": "structure", "members": {
            "Name": {"target": "smithy.api#String", "traits": {"smithy.api#xmlName": "TheName"}}}},
        format!("{space}#Config"): {"type": "structure", "traits": {"smithy.api#xmlName": "Configuration",
                "smithy.api#xmlNamespace": {"uri": "https://config/", "prefix": "c"}}, "members": {
            "Id": {"target": "smithy.api#String", "traits": {"smithy.api#xmlAttribute": {}}},
            "Tag": {"target": "smithy.api#String",
                    "traits": {"smithy.api#xmlNamespace": {"uri": "https://tag/"}}}}}
    }});
    let s = awsgen_codegen::load_smithy("tiny.json", &model.to_string()).unwrap_or_else(|e| panic!("{e}")).service;
    assert_eq!(s.protocol, Protocol::RestXml);
    let op = s.operation("Put").unwrap();
    let input = s.structure(&op.input);
    let m = |st: &Structure, n: &str| st.members.iter().find(|m| m.name == n).unwrap().clone();
    assert_eq!(m(input, "Config").binding, Binding::Payload);
    assert_eq!(m(input, "When").timestamp_format, TimestampFormat::HttpDate);
    assert_eq!(input.xml_namespace, ns(None, "https://service/"));
    let config = s.structure("Config");
    assert_eq!(
        (config.xml_name.as_deref(), config.xml_namespace.clone()),
        (Some("Configuration"), ns(Some("c"), "https://config/"))
    );
    assert!(m(config, "Id").xml_attribute);
    assert_eq!(m(config, "Tag").xml_namespace, ns(None, "https://tag/"));
    assert_eq!(m(s.structure(&op.output), "Name").xml_name, "TheName");
}
