//! The Smithy front end on small hand-written models (`tests/fixtures/smithy/`): each Smithy
//! feature lands in the IR as the botocore front end would put it, and a broken model fails
//! naming the file and the shape id.

use awsgen_codegen::ir::{Location, Protocol, Service, ShapeKind, SmithyService, TimestampFormat};
use awsgen_codegen::model::smithy::MatcherDef;
use serde_json::{json, Value};

fn fixture_text(name: &str) -> String {
    let path = format!("{}/tests/fixtures/smithy/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn load(name: &str) -> SmithyService {
    awsgen_codegen::load_smithy(name, &fixture_text(name)).unwrap_or_else(|e| panic!("{e}"))
}

fn features() -> SmithyService {
    load("query-features.json")
}

fn member<'a>(s: &'a Service, shape: &str, name: &str) -> &'a awsgen_codegen::ir::Member {
    s.structure(shape).members.iter().find(|m| m.name == name).unwrap_or_else(|| panic!("{shape}${name}"))
}

fn op<'a>(s: &'a Service, name: &str) -> &'a awsgen_codegen::ir::Operation {
    s.operations.iter().find(|o| o.name == name).unwrap()
}

#[test]
fn service_facts_come_from_the_service_shape_and_its_traits() {
    let s = features().service;
    assert_eq!(s.service_id, "Widget Works");
    assert_eq!(s.full_name, "Example Widget Works");
    assert_eq!(s.api_version, "2021-06-01");
    assert_eq!(s.endpoint_prefix, "widgets");
    assert_eq!(s.signing_name, "widgetworks");
    assert_eq!(s.env_suffix, "WIDGET_WORKS");
    assert_eq!(s.uid.as_deref(), Some("widget-works-2021-06-01"));
    assert_eq!(s.protocol, Protocol::Query);
}

#[test]
fn operations_include_resource_operations_in_name_order() {
    let s = features().service;
    let names: Vec<_> = s.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["GetGadget", "ListWidgets", "MakeWidget"]);
    let get = op(&s, "GetGadget");
    assert!(get.deprecated);
    assert!(s.structure(&get.input).members.is_empty(), "no input: an empty synthesized input");
    assert_eq!(get.result_wrapper.as_deref(), Some("GetGadgetResult"));
    let make = op(&s, "MakeWidget");
    assert_eq!(make.result_wrapper, None, "smithy.api#Unit output: nothing to unwrap");
    // The service's errors are every operation's errors.
    assert_eq!(make.errors, ["BrokenFault", "ThrottledFault", "WidgetMissing"]);
    assert_eq!(op(&s, "ListWidgets").errors, ["ThrottledFault"]);
    assert_eq!(s.shape(&make.input).rust_name, "MakeWidgetInput");
}

#[test]
fn mixins_and_apply_are_resolved() {
    let s = features().service;
    let input = &op(&s, "ListWidgets").input;
    let names: Vec<_> = s.structure(input).members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Marker", "MaxRecords", "Color", "Since"], "mixin members first");
    // Applied to a member the structure has only through its mixin.
    assert_eq!(member(&s, input, "MaxRecords").xml_name, "Max");
    assert_eq!(member(&s, input, "MaxRecords").query_name, "Max");
    // Applied to a member declared in place.
    assert!(member(&s, &op(&s, "MakeWidget").input, "Token").idempotency_token);
    assert!(!member(&s, &op(&s, "MakeWidget").input, "Name").idempotency_token);
}

#[test]
fn enums_int_enums_and_the_enum_trait() {
    let s = features().service;
    let values = |id: &str| match &s.shape(id).kind {
        ShapeKind::String(Some(v)) => v.iter().map(|e| e.value.clone()).collect::<Vec<_>>(),
        other => panic!("{id}: {other:?}"),
    };
    assert_eq!(values("Color"), ["red", "dark-blue", "GREEN"]);
    assert_eq!(values("LegacyState"), ["ready", "in-progress"]);
    assert_eq!(s.shape("Color").location, Location::Types);
    assert!(matches!(s.shape("PageSize").kind, ShapeKind::Integer));
}

#[test]
fn prelude_targets_become_scalars() {
    let s = features().service;
    assert!(matches!(s.shape("String").kind, ShapeKind::String(None)));
    assert!(matches!(s.shape("Timestamp").kind, ShapeKind::Timestamp(None)));
    assert!(matches!(s.shape("Double").kind, ShapeKind::Double));
    assert!(matches!(s.shape("Long").kind, ShapeKind::Long));
    let since = member(&s, &op(&s, "ListWidgets").input, "Since");
    assert_eq!(since.target, "Timestamp");
    assert_eq!(since.timestamp_format, TimestampFormat::EpochSeconds);
}

#[test]
fn xml_traits_and_member_facts() {
    let s = features().service;
    let out = &op(&s, "ListWidgets").output;
    let widgets = member(&s, out, "Widgets");
    assert_eq!(widgets.xml_name, "Widgets");
    assert!(!widgets.flattened);
    match &s.shape("WidgetList").kind {
        ShapeKind::List(l) => assert_eq!(l.member_location_name.as_deref(), Some("Widget")),
        other => panic!("{other:?}"),
    }
    let labels = member(&s, out, "Labels");
    assert!(labels.flattened);
    assert_eq!(labels.xml_name, "Labels", "member-level xmlFlattened keeps the member's name");
    match &s.shape("LabelMap").kind {
        ShapeKind::Map(m) => assert_eq!((m.key_name.as_str(), m.value_name.as_str()), ("Name", "value")),
        other => panic!("{other:?}"),
    }
    assert!(matches!(s.shape("Shape").kind, ShapeKind::Structure(_)), "a union reads as a structure");
    assert!(member(&s, "Widget", "Id").required);
    assert!(!member(&s, "Widget", "State").required);
    assert!(member(&s, "Widget", "Parts").boxed, "recursion is boxed");
    assert!(member(&s, "Widget", "Weight").deprecated);
    assert_eq!(member(&s, "Widget", "Made").timestamp_format, TimestampFormat::HttpDate);
    assert!(s.shape("Password").sensitive);
    assert!(member(&s, &op(&s, "MakeWidget").input, "Name").required);
}

#[test]
fn error_traits_give_code_status_and_fault() {
    let s = features().service;
    let e = |id: &str| s.structure(id).error.clone().unwrap_or_else(|| panic!("{id} is not an error"));
    let missing = e("WidgetMissing");
    assert_eq!(missing.code, "WidgetNotFound", "aws.protocols#awsQueryError's code is the wire code");
    assert_eq!(missing.http_status, 410, "and its status wins over @httpError");
    assert!(missing.sender_fault);
    assert_eq!(missing.message_member.as_deref(), Some("message"));
    let broken = e("BrokenFault");
    assert_eq!((broken.code.as_str(), broken.http_status, broken.sender_fault), ("BrokenFault", 500, false));
    let fields: Vec<_> = s.structure("BrokenFault").members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(fields, ["Part"], "the message lives in the error metadata");
    assert_eq!(e("ThrottledFault").http_status, 429);
    assert_eq!(s.errors, ["BrokenFault", "ThrottledFault", "WidgetMissing"]);
    assert_eq!(s.shape("WidgetMissing").location, Location::Error);
}

#[test]
fn paginators_waiters_and_endpoint_rules_are_returned_beside_the_ir() {
    let f = features();
    assert_eq!(f.paginators.len(), 1);
    let p = &f.paginators[0];
    assert_eq!(p.operation, "ListWidgets");
    assert_eq!((p.input_token.as_str(), p.output_token.as_str()), ("Marker", "Marker"), "service defaults");
    assert_eq!(p.items.as_deref(), Some("Widgets"));
    assert_eq!(p.page_size.as_deref(), Some("MaxRecords"));
    assert_eq!(f.waiters.len(), 1);
    let w = &f.waiters[0];
    assert_eq!(
        (w.name.as_str(), w.operation.as_str(), w.min_delay, w.max_delay),
        ("WidgetReady", "ListWidgets", 5, 120)
    );
    let states: Vec<_> = w.acceptors.iter().map(|a| a.state.as_str()).collect();
    assert_eq!(states, ["success", "failure", "retry"]);
    assert!(matches!(&w.acceptors[0].matcher, MatcherDef::Output(m) if m.comparator == "allStringEquals"));
    assert!(matches!(&w.acceptors[1].matcher, MatcherDef::ErrorType(e) if e == "WidgetMissing"));
    assert!(matches!(w.acceptors[2].matcher, MatcherDef::Success(false)));
    let rules: Value = serde_json::from_str(f.endpoint_rule_set.as_deref().unwrap()).unwrap();
    assert_eq!(rules["parameters"]["Region"]["builtIn"], "AWS::Region");
}

#[test]
fn ec2_query_names() {
    let s = load("ec2-features.json").service;
    assert_eq!(s.protocol, Protocol::Ec2);
    assert_eq!(s.endpoint_prefix, "boxes", "defaults to the ARN namespace");
    assert_eq!(s.signing_name, "boxes");
    let o = op(&s, "DescribeBoxes");
    assert_eq!(o.result_wrapper, None, "ec2 responses are not wrapped");
    assert_eq!(member(&s, &o.input, "BoxIds").query_name, "BoxId", "ec2QueryName as written");
    assert_eq!(member(&s, &o.input, "DryRun").query_name, "DryRun", "xmlName, capitalized");
    assert_eq!(member(&s, &o.input, "maxResults").query_name, "MaxResults", "member name, capitalized");
    assert_eq!(member(&s, &o.output, "Boxes").xml_name, "boxSet");
}

#[test]
fn fixtures_generate_crates() {
    let opts = awsgen_codegen::Options {
        crate_name: "awsgen-widgets".into(),
        runtime_path: "../../runtime".into(),
        command: "test".into(),
    };
    for name in ["query-features.json", "ec2-features.json"] {
        let files =
            awsgen_codegen::generate_from_model(name, &fixture_text(name), &opts).unwrap_or_else(|e| panic!("{e}"));
        assert!(files.iter().any(|f| f.path == "src/lib.rs"), "{name}");
    }
}

#[test]
fn the_format_is_detected() {
    let smithy = awsgen_codegen::load_model("query-features.json", &fixture_text("query-features.json")).unwrap();
    assert_eq!(smithy.service_id, "Widget Works");
    let boto = json!({
        "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "tiny", "protocol": "query", "serviceFullName": "Tiny"},
        "operations": {}, "shapes": {}
    });
    assert_eq!(awsgen_codegen::load_model("service-2.json", &boto.to_string()).unwrap().full_name, "Tiny");
    assert!(!awsgen_codegen::model::smithy::is_smithy_ast("not json"));
}

// ---- malformed models ----

fn error_for_file(name: &str) -> String {
    awsgen_codegen::load_smithy(name, &fixture_text(name)).expect_err("the model must be rejected").to_string()
}

fn error_for(mutate: impl FnOnce(&mut Value)) -> String {
    let mut m: Value = serde_json::from_str(&fixture_text("query-features.json")).unwrap();
    mutate(&mut m);
    awsgen_codegen::load_smithy("model.json", &m.to_string()).expect_err("the model must be rejected").to_string()
}

const NS: &str = "example.widgets#";

fn shape<'a>(m: &'a mut Value, name: &str) -> &'a mut Value {
    &mut m["shapes"][format!("{NS}{name}")]
}

#[test]
fn a_missing_target_names_the_member() {
    assert_eq!(
        error_for_file("bad-missing-target.json"),
        "bad-missing-target.json: example.bad#OpInput$Foo: target \"example.other#Bar\" not found"
    );
}

#[test]
fn a_mixin_cycle_is_an_error() {
    let e = error_for_file("bad-mixin-cycle.json");
    assert!(e.contains("mixin cycle: example.bad#A -> example.bad#B -> example.bad#A"), "{e}");
}

#[test]
fn bad_json_names_file_and_position() {
    let e = awsgen_codegen::load_smithy("model.json", "{\"smithy\": \"2.0\", \"shapes\": {").unwrap_err().to_string();
    assert!(e.starts_with("model.json: ") && e.contains("invalid JSON") && e.contains("line 1"), "{e}");
}

#[test]
fn a_wrong_json_type_names_the_path() {
    let e = error_for(|m| shape(m, "Widget")["members"]["Id"]["target"] = json!(5));
    assert!(e.starts_with("model.json: shapes.example.widgets#Widget.members.Id.target: "), "{e}");
}

#[test]
fn list_map_and_operation_targets_are_checked() {
    let e = error_for(|m| shape(m, "WidgetList")["member"]["target"] = json!("example.widgets#Nope"));
    assert_eq!(e, "model.json: example.widgets#WidgetList$member: target \"example.widgets#Nope\" not found");
    let e = error_for(|m| shape(m, "LabelMap")["key"]["target"] = json!("smithy.api#Integer"));
    assert_eq!(e, "model.json: example.widgets#LabelMap$key: map key \"smithy.api#Integer\" is not a string shape");
    let e = error_for(|m| shape(m, "MakeWidget")["input"]["target"] = json!("example.widgets#TagList"));
    assert_eq!(
        e,
        "model.json: example.widgets#MakeWidget: input \"example.widgets#TagList\" is a list, expected a structure"
    );
    let e = error_for(|m| shape(m, "MakeWidget")["errors"][0]["target"] = json!("example.widgets#Widget"));
    assert!(
        e.contains("example.widgets#MakeWidget: error \"example.widgets#Widget\" is not a structure with @error"),
        "{e}"
    );
    let e = error_for(|m| shape(m, "Widgets")["operations"][0]["target"] = json!("example.widgets#Gone"));
    assert_eq!(e, "model.json: example.widgets#Widgets: operation: target \"example.widgets#Gone\" not found");
    let e = error_for(|m| shape(m, "Widget")["members"]["Id"]["target"] = json!("example.widgets#ListWidgets"));
    assert!(e.contains("Widget$Id: target \"example.widgets#ListWidgets\" is a operation, not a data shape"), "{e}");
    let e = error_for(|m| shape(m, "Widget")["members"]["Id"]["target"] = json!("smithy.api#Unit"));
    assert!(e.contains("example.widgets#Widget$Id: target \"smithy.api#Unit\" carries no value"), "{e}");
}

#[test]
fn protocol_and_service_problems() {
    let e = error_for(|m| {
        shape(m, "Widgets")["traits"].as_object_mut().unwrap().remove("aws.protocols#awsQuery");
    });
    assert!(e.starts_with("model.json: example.widgets#Widgets: expected exactly one protocol trait"), "{e}");
    let e = error_for(|m| shape(m, "Widgets")["traits"]["aws.protocols#ec2Query"] = json!({}));
    assert!(e.contains("expected exactly one protocol trait"), "{e}");
    let e = error_for(|m| {
        shape(m, "Widgets").as_object_mut().unwrap().remove("version");
    });
    assert_eq!(e, "model.json: example.widgets#Widgets: service without `version`");
    let mut m: Value = serde_json::from_str(&fixture_text("query-features.json")).unwrap();
    shape(&mut m, "Widgets")["traits"]["aws.api#service"] = json!({"sdkId": "Widget Works"});
    let s = awsgen_codegen::load_smithy("model.json", &m.to_string()).unwrap().service;
    assert_eq!(s.endpoint_prefix, "widgets", "the ARN namespace's default: the service's name, lower-cased");
    let e = error_for(|m| m["shapes"]["example.other#Svc"] = json!({"type": "service", "version": "1"}));
    assert!(e.contains("expected one service shape, found 2"), "{e}");
}

#[test]
fn trait_values_are_checked() {
    let e = error_for(|m| shape(m, "WidgetMissing")["traits"]["aws.protocols#awsQueryError"]["code"] = json!(7));
    assert!(e.starts_with("model.json: example.widgets#WidgetMissing: trait aws.protocols#awsQueryError: "), "{e}");
    let e = error_for(|m| shape(m, "WidgetMissing")["traits"]["smithy.api#error"] = json!("nobody"));
    assert!(e.contains("@error must be \"client\" or \"server\", not \"nobody\""), "{e}");
    let e = error_for(|m| shape(m, "MadeAt")["traits"]["smithy.api#timestampFormat"] = json!("sundial"));
    assert_eq!(e, "model.json: example.widgets#MadeAt: unknown @timestampFormat \"sundial\"");
    let e = error_for(|m| {
        shape(m, "ListWidgets")["traits"]["smithy.waiters#waitable"]["WidgetReady"]["acceptors"] = json!(3)
    });
    assert!(e.starts_with("model.json: example.widgets#ListWidgets: trait smithy.waiters#waitable: "), "{e}");
}

#[test]
fn names_must_be_unique_and_apply_must_land() {
    let e = error_for(|m| m["shapes"]["other.ns#Widget"] = json!({"type": "string"}));
    assert!(e.contains("name \"Widget\" is also"), "{e}");
    let ok = {
        let mut m: Value = serde_json::from_str(&fixture_text("query-features.json")).unwrap();
        m["shapes"]["other.ns#Widget"] = json!({"type": "string"});
        shape(&mut m, "Widgets")["rename"] = json!({"other.ns#Widget": "OtherWidget"});
        shape(&mut m, "Widget")["members"]["Other"] = json!({"target": "other.ns#Widget"});
        awsgen_codegen::load_smithy("model.json", &m.to_string())
    };
    let ok = ok.unwrap_or_else(|e| panic!("{e}")).service;
    assert_eq!(member(&ok, "Widget", "Other").target, "OtherWidget", "a rename resolves the clash");
    let e = error_for(|m| m["shapes"]["example.widgets#Nope$x"] = json!({"type": "apply", "traits": {}}));
    assert_eq!(e, "model.json: example.widgets#Nope$x: apply: target \"example.widgets#Nope\" not found");
    let e = error_for(|m| m["shapes"]["example.widgets#Widget$Nope"] = json!({"type": "apply", "traits": {}}));
    assert_eq!(e, "model.json: example.widgets#Widget$Nope: apply: \"example.widgets#Widget\" has no member \"Nope\"");
    let e = error_for(|m| shape(m, "ListWidgetsMessage")["mixins"] = json!([{"target": "example.widgets#Widget"}]));
    assert!(e.contains("mixin \"example.widgets#Widget\" is not marked @mixin"), "{e}");
}

#[test]
fn unsupported_shapes_are_named() {
    let e = error_for(|m| shape(m, "Password")["type"] = json!("bigDecimal"));
    assert_eq!(
        e,
        "model.json: example.widgets#Password: bigDecimal shapes are not supported (the IR has no arbitrary-precision \
         numbers)"
    );
    let e = error_for(|m| shape(m, "Password")["type"] = json!("sprocket"));
    assert!(e.starts_with("model.json: example.widgets#Password: unknown shape type \"sprocket\""), "{e}");
    let e = error_for(|m| m["shapes"]["Relative"] = json!({"type": "string"}));
    assert_eq!(e, "model.json: Relative: not an absolute shape id (namespace#Name)");
}

/// Bad input never panics: every shape of the feature model, turned into every other kind of
/// shape, stripped of its members, or made a mixin, gives `Ok` or a located error.
#[test]
fn mangled_models_never_panic() {
    let base: Value = serde_json::from_str(&fixture_text("query-features.json")).unwrap();
    let ids: Vec<String> = base["shapes"].as_object().unwrap().keys().cloned().collect();
    let kinds = [
        "structure",
        "union",
        "list",
        "map",
        "enum",
        "intEnum",
        "string",
        "timestamp",
        "operation",
        "service",
        "resource",
    ];
    type Mutation = Box<dyn Fn(&mut Value)>;
    let mut mutations: Vec<Mutation> = Vec::new();
    for k in kinds {
        mutations.push(Box::new(move |s: &mut Value| s["type"] = json!(k)));
    }
    for key in ["members", "member", "key", "value", "traits", "input", "output", "operations"] {
        mutations.push(Box::new(move |s: &mut Value| {
            s.as_object_mut().unwrap().remove(key);
        }));
    }
    mutations.push(Box::new(|s: &mut Value| s["traits"]["smithy.api#mixin"] = json!({})));
    let mut rejected = 0;
    for id in &ids {
        for mutate in &mutations {
            let mut m = base.clone();
            mutate(&mut m["shapes"][id]);
            let r = std::panic::catch_unwind(|| awsgen_codegen::load_smithy("model.json", &m.to_string()));
            match r {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => {
                    assert!(e.to_string().starts_with("model.json: "), "{e}");
                    rejected += 1;
                }
                Err(_) => panic!("panicked on {id} mutated: {m}"),
            }
        }
    }
    assert!(rejected > 100, "only {rejected} mutations rejected");
}
