//! Hostile models: each either fails with `file: json.path: what is wrong` or generates (and
//! the names it is given become valid, distinct Rust identifiers); none panics, overflows the
//! stack or writes outside the values of the generated files.

use awsgen_codegen::ir::{Service, MAX_TYPE_NESTING};
use awsgen_codegen::names::Helper;
use awsgen_codegen::{GeneratedFile, Options};
use serde_json::{json, Value};
use std::collections::BTreeSet;

fn opts() -> Options {
    Options {
        crate_name: "awsgen-hostile".into(),
        runtime_path: "../../runtime".into(),
        command: "cargo xtask generate".into(),
    }
}

/// A query service whose one operation takes and returns `In`, a structure with a member `V`
/// of shape `target`, beside `shapes`.
fn service(target: &str, mut shapes: Value) -> Value {
    shapes["In"] = json!({"type": "structure", "members": {"V": {"shape": target}}});
    shapes["S"] = json!({"type": "string"});
    json!({
        "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "h", "protocol": "query", "serviceFullName": "H"},
        "operations": {"Op": {"name": "Op", "input": {"shape": "In"}, "output": {"shape": "In"}}},
        "shapes": shapes
    })
}

fn generate(model: &Value) -> Result<Vec<GeneratedFile>, String> {
    awsgen_codegen::generate_from_model("service-2.json", &model.to_string(), &opts()).map_err(|e| e.to_string())
}

fn hostile_names() -> (String, Service) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/hostile-names/service-2.json");
    let text = std::fs::read_to_string(path).expect("the fixture");
    let svc = awsgen_codegen::load_model("service-2.json", &text).unwrap_or_else(|e| panic!("{e}"));
    (text, svc)
}

#[test]
fn lists_and_maps_that_contain_themselves_are_rejected() {
    let e = generate(&service("L", json!({"L": {"type": "list", "member": {"shape": "L"}}}))).unwrap_err();
    assert_eq!(
        e,
        "service-2.json: shapes.L.member: L contains itself through lists and maps alone (L -> L); with no \
         structure in the loop it has no finite Rust type"
    );
    let map = json!({"M": {"type": "map", "key": {"shape": "S"}, "value": {"shape": "M"}}});
    let e = generate(&service("M", map)).unwrap_err();
    assert!(e.starts_with("service-2.json: shapes.M.value: ") && e.contains("(M -> M)"), "{e}");
    let pair =
        json!({"A": {"type": "list", "member": {"shape": "B"}}, "B": {"type": "list", "member": {"shape": "A"}}});
    let e = generate(&service("A", pair)).unwrap_err();
    assert!(e.starts_with("service-2.json: shapes.A.member: ") && e.contains("(A -> B -> A)"), "{e}");
    let mixed = json!({
        "A": {"type": "list", "member": {"shape": "M"}},
        "M": {"type": "map", "key": {"shape": "S"}, "value": {"shape": "A"}}
    });
    let e = generate(&service("A", mixed)).unwrap_err();
    assert!(e.contains("(A -> M -> A)"), "{e}");
}

#[test]
fn the_smithy_equivalent_names_the_shape_id() {
    let model = json!({
        "smithy": "2.0",
        "shapes": {
            "example.h#Svc": {
                "type": "service", "version": "2020-01-01",
                "operations": [{"target": "example.h#Op"}],
                "traits": {"aws.api#service": {"sdkId": "H"}, "aws.protocols#awsQuery": {}}
            },
            "example.h#Op": {"type": "operation", "input": {"target": "example.h#OpInput"}},
            "example.h#OpInput": {"type": "structure", "members": {"L": {"target": "example.h#L"}}},
            "example.h#L": {"type": "list", "member": {"target": "example.h#L"}}
        }
    });
    let e = awsgen_codegen::generate_from_model("model.json", &model.to_string(), &opts()).unwrap_err().to_string();
    assert!(e.starts_with("model.json: example.h#L: L contains itself through lists and maps alone (L -> L)"), "{e}");
}

#[test]
fn recursion_through_a_structure_is_boxed_and_generates() {
    let shapes = json!({
        "Node": {"type": "structure", "members": {"Children": {"shape": "Nodes"}, "ByName": {"shape": "NodeMap"}}},
        "Nodes": {"type": "list", "member": {"shape": "Node"}},
        "NodeMap": {"type": "map", "key": {"shape": "S"}, "value": {"shape": "Nodes"}}
    });
    generate(&service("Node", shapes)).unwrap();
}

/// `L0` a list of `L1` ... of `L{n-1}`, a list of strings: `n` levels of `Vec`.
fn nested_lists(n: usize) -> Value {
    let mut shapes = serde_json::Map::new();
    for i in 0..n {
        let member = if i + 1 == n { "S".to_string() } else { format!("L{}", i + 1) };
        shapes.insert(format!("L{i}"), json!({"type": "list", "member": {"shape": member}}));
    }
    service("L0", Value::Object(shapes))
}

#[test]
fn lists_nested_past_the_limit_are_rejected() {
    generate(&nested_lists(MAX_TYPE_NESTING)).unwrap();
    let e = generate(&nested_lists(MAX_TYPE_NESTING + 1)).unwrap_err();
    assert_eq!(
        e,
        format!(
            "service-2.json: shapes.L0.member: L0 nests lists and maps {} deep with no structure between; at \
             most {MAX_TYPE_NESTING} are supported",
            MAX_TYPE_NESTING + 1
        )
    );
    // 1,000 levels overflowed syn's stack while formatting.
    let e = generate(&nested_lists(1000)).unwrap_err();
    assert!(e.contains(&format!("at most {MAX_TYPE_NESTING} are supported")), "{e}");
}

/// `S0` has a member of `S1`, ... `S{n-1}` one of `S0`: one cycle through `n` structures.
fn chain(n: usize) -> Value {
    let mut shapes = serde_json::Map::new();
    for i in 0..n {
        let next = format!("S{}", (i + 1) % n);
        shapes.insert(format!("S{i}"), json!({"type": "structure", "members": {"Next": {"shape": next}}}));
    }
    service("S0", Value::Object(shapes))
}

#[test]
fn a_long_chain_of_structures_loads_and_generates() {
    // Loading was quadratic (10,000 did not finish in three minutes) and reachability
    // recursed once per link (10,000 overflowed a test thread's stack).
    let n = 10_000;
    let svc = awsgen_codegen::load_model("service-2.json", &chain(n).to_string()).unwrap();
    assert!((0..n).all(|i| svc.structure(&format!("S{i}")).members[0].boxed), "every link is in the cycle");
    // Emitting recurses over no chain either (fewer links: formatting 10,000 types is slow).
    let n = 1000;
    let files = generate(&chain(n)).unwrap();
    let types = files.iter().find(|f| f.path == "src/types.rs").unwrap();
    assert!(types.contents.contains(&format!("pub next: Option<Box<crate::types::S{}>>", n - 1)));
}

#[test]
fn non_ascii_and_keyword_names_become_valid_distinct_identifiers() {
    let (_, svc) = hostile_names();
    let ok = |s: &str| {
        let s = s.strip_prefix("r#").unwrap_or(s);
        !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !s.starts_with(char::is_numeric)
    };
    let op = |name: &str| svc.operation(name).unwrap_or_else(|| panic!("{name}"));
    for (name, method, module) in [
        ("Type", "r#type", "type_"),
        ("Try", "r#try", "try_"),
        ("Await", "r#await", "await_"),
        ("Self", "self_", "self_"),
        ("Crate", "crate_", "crate_"),
        ("Size²", "size", "size"),
        ("½", "value", "value"),
        ("٣x", "x", "x"),
    ] {
        assert_eq!((op(name).rust_name.as_str(), op(name).module.as_str()), (method, module), "{name}");
    }
    let modules: BTreeSet<&str> = svc.operations.iter().map(|o| o.module.as_str()).collect();
    assert_eq!(modules.len(), svc.operations.len(), "operation modules are distinct");
    for o in &svc.operations {
        for n in [&o.rust_name, &o.module, &o.fluent_builder, &o.input_builder, &o.error_name] {
            assert!(ok(n), "{}: {n:?}", o.name);
        }
    }
    for s in svc.shapes.values() {
        assert!(s.rust_name.is_empty() || ok(&s.rust_name), "{}: {:?}", s.id, s.rust_name);
        if let awsgen_codegen::ir::ShapeKind::Structure(st) = &s.kind {
            let fields: BTreeSet<&str> = st.members.iter().map(|m| m.rust_name.as_str()).collect();
            assert_eq!(fields.len(), st.members.len(), "{}: fields are distinct", s.id);
            assert!(st.members.iter().all(|m| ok(&m.rust_name) && ok(&m.plain_name)), "{}", s.id);
        }
    }
    let thing = svc.structure("Thing");
    let fields: Vec<&str> = thing.members.iter().map(|m| m.rust_name.as_str()).collect();
    assert_eq!(fields, ["name", "size", "value"]);
    generate(&serde_json::from_str(&hostile_names().0).unwrap()).unwrap();
}

#[test]
fn helpers_of_shapes_named_alike_are_distinct() {
    let (_, svc) = hostile_names();
    let mut seen = BTreeSet::new();
    for s in svc.shapes.values() {
        for h in
            [Helper::Ser, Helper::SerFlat, Helper::De, Helper::DeList, Helper::DeMap, Helper::DeEntry, Helper::DeError]
        {
            if !s.helper.is_empty() {
                let name = s.helper_name(h);
                assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "{name}");
                if matches!(
                    (&s.kind, h),
                    (awsgen_codegen::ir::ShapeKind::Structure(_), Helper::Ser | Helper::De)
                        | (awsgen_codegen::ir::ShapeKind::List(_), Helper::Ser | Helper::DeList)
                ) {
                    assert!(seen.insert(name.clone()), "{name} is used twice ({})", s.id);
                }
            }
        }
    }
    let base = |id: &str| svc.shape(id).helper.clone();
    let bases: BTreeSet<String> = ["Thing", "thing", "FooBar", "foo_bar", "Foo-Bar", "Self", "self"].map(base).into();
    assert_eq!(bases.len(), 7, "{bases:?}");
    // `X` (a list: `de_list_x`) and `ListX` (a structure: `de_` + `list_x`) cannot both have it.
    assert_ne!(svc.shape("X").helper_name(Helper::DeList), svc.shape("ListX").helper_name(Helper::De));
}

#[test]
fn model_text_cannot_write_into_cargo_toml_or_readme() {
    let full_name = "X\"\n[dependencies.injected-by-model]\npath = \"/nonexistent\"\n\\u0041 # ' \u{7f}";
    let mut model = service("S", json!({}));
    model["metadata"]["serviceFullName"] = full_name.into();
    model["metadata"]["apiVersion"] = "2020`<b>`\n# Heading".into();
    model["metadata"]["uid"] = "u) [x](javascript:alert(1)".into();
    let files = generate(&model).unwrap();
    let file = |path: &str| files.iter().find(|f| f.path == path).unwrap().contents.clone();

    let cargo: Value = basic_toml::from_str(&file("Cargo.toml")).expect("Cargo.toml is valid TOML");
    let tables: Vec<&String> = cargo.as_object().unwrap().keys().collect();
    assert_eq!(tables, ["package", "dependencies", "features"]);
    let deps: Vec<&String> = cargo["dependencies"].as_object().unwrap().keys().collect();
    assert_eq!(deps, ["awsgen-runtime", "serde"]);
    assert_eq!(
        cargo["package"]["description"].as_str(),
        Some(format!("A typed async client for {full_name}, generated by awsgen.").as_str())
    );
    assert_eq!(cargo["package"]["name"], "awsgen-hostile");

    let readme = file("README.md");
    let expected = r#"for X" \[dependencies.injected-by-model\] path = "/nonexistent" \\u0041 \# '   (API version 2020\`\<b\>\` \# Heading, 1"#;
    assert!(readme.contains(expected), "{readme}");
    assert!(!readme.lines().any(|l| l.starts_with("# Heading") || l.starts_with("[dependencies")), "{readme}");
    assert!(readme.contains("https://docs.aws.amazon.com/goto/WebAPI/u%29%20%5Bx%5D%28javascript%3Aalert%281%29/"));
    assert!(file("src/operation/op.rs").contains("WebAPI/u%29%20%5Bx%5D%28javascript%3Aalert%281%29/"));
}

/// A Smithy query service with operation `Op` (input `In`) beside `shapes`.
fn smithy(mut shapes: serde_json::Map<String, Value>, service: Value) -> String {
    let mut svc = json!({
        "type": "service", "version": "2020-01-01",
        "traits": {"aws.api#service": {"sdkId": "H"}, "aws.protocols#awsQuery": {}}
    });
    for (k, v) in service.as_object().unwrap() {
        svc[k] = v.clone();
    }
    shapes.insert("example.h#Svc".into(), svc);
    json!({"smithy": "2.0", "shapes": shapes}).to_string()
}

#[test]
fn smithy_mixin_and_resource_chains_are_bounded() {
    use awsgen_codegen::ir::MAX_SMITHY_NESTING;
    let n = 10_000;
    // `M0` mixes in `M1`, which mixes in `M2`, ...: one recursion per link overflowed the stack.
    let mut shapes = serde_json::Map::new();
    shapes.insert("example.h#Op".into(), json!({"type": "operation", "input": {"target": "example.h#M0"}}));
    for i in 0..n {
        let mut s = json!({"type": "structure", "members": {}, "traits": {"smithy.api#mixin": {}}});
        if i + 1 < n {
            s["mixins"] = json!([{"target": format!("example.h#M{}", i + 1)}]);
        }
        shapes.insert(format!("example.h#M{i}"), s);
    }
    let e = awsgen_codegen::load_model("m.json", &smithy(shapes, json!({"operations": [{"target": "example.h#Op"}]})))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        format!(
            "m.json: example.h#M{MAX_SMITHY_NESTING}: mixins build on mixins more than {MAX_SMITHY_NESTING} deep \
             (from example.h#M0)"
        )
    );
    // Resources inside resources, likewise.
    let mut shapes = serde_json::Map::new();
    for i in 0..n {
        let mut s = json!({"type": "resource"});
        if i + 1 < n {
            s["resources"] = json!([{"target": format!("example.h#R{}", i + 1)}]);
        }
        shapes.insert(format!("example.h#R{i}"), s);
    }
    let e = awsgen_codegen::load_model("m.json", &smithy(shapes, json!({"resources": [{"target": "example.h#R0"}]})))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        format!("m.json: example.h#R{MAX_SMITHY_NESTING}: resources nest more than {MAX_SMITHY_NESTING} deep")
    );
}

/// Found by the `model` fuzz target (kept in `fuzz/regressions/model/`): an `xmlAttribute`
/// member targeting a structure reached the XML serializer, which writes attributes as text,
/// and it panicked. Now a model error naming the member; a scalar attribute still generates.
#[test]
fn an_xml_attribute_that_is_not_text_is_a_model_error() {
    let regression = include_str!("../../fuzz/regressions/model/xml-attribute-on-a-structure.json");
    let e = awsgen_codegen::generate_from_model("service-2.json", regression, &opts()).map(|_| ()).unwrap_err();
    assert_eq!(
        e.to_string(),
        r#"service-2.json: shapes.XmlAttributesRequest.members.attr.xmlAttribute: an XML attribute holds text, but its target "XmlAttributesRequest" is a structure"#
    );
    for kind in ["list", "map"] {
        let mut shapes = json!({"L": {"type": "list", "member": {"shape": "S"}}, "M": {"type": "map", "key": {"shape": "S"}, "value": {"shape": "S"}}});
        shapes["T"] = json!({"type": "structure", "members": {"A": {"shape": if kind == "list" { "L" } else { "M" }, "xmlAttribute": true}}});
        let e = generate(&service("T", shapes)).unwrap_err();
        assert!(e.ends_with(&format!("is a {kind}")), "{e}");
    }
    let mut fixed: Value = serde_json::from_str(regression).unwrap();
    fixed["shapes"]["XmlAttributesRequest"]["members"]["attr"]["shape"] = json!("String");
    generate(&fixed).expect("a string attribute generates");
}
