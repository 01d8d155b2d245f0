//! `awsgen_codegen::diff` on hand-made model pairs: one small botocore model (awsJson1_0, with a
//! paginator and a waiter) and, per kind of change, a copy with that one change, each asserting
//! the exact classified lines both ways. The ElastiCache revisions: `model_diff_twin.rs`.

use awsgen_codegen::diff::{diff, report};
use serde_json::{json, Value};

/// A service model and its side files.
#[derive(Clone)]
struct Model {
    service: Value,
    paginators: Value,
    waiters: Value,
}

/// `GetThing` (a required id, an enum mode; a `Thing` holding a union `Pet`; error `NotFound`),
/// `ListThings` (paginated, error `NotFound`), waiter `ThingExists` polling `GetThing`.
fn base() -> Model {
    let service = json!({
        "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "tiny", "protocol": "json",
                     "jsonVersion": "1.0", "targetPrefix": "Tiny_20200101",
                     "serviceFullName": "Tiny Service", "serviceId": "Tiny", "uid": "tiny-2020-01-01"},
        "operations": {
            "GetThing": {"name": "GetThing", "http": {"method": "POST", "requestUri": "/"},
                         "input": {"shape": "GetThingInput"}, "output": {"shape": "GetThingOutput"},
                         "errors": [{"shape": "NotFound"}]},
            "ListThings": {"name": "ListThings", "http": {"method": "POST", "requestUri": "/"},
                           "input": {"shape": "ListThingsInput"}, "output": {"shape": "ListThingsOutput"},
                           "errors": [{"shape": "NotFound"}]}
        },
        "shapes": {
            "GetThingInput": {"type": "structure", "required": ["ThingId"], "members": {
                "ThingId": {"shape": "Str"}, "Mode": {"shape": "Mode"}}},
            "GetThingOutput": {"type": "structure", "members": {"Thing": {"shape": "Thing"}}},
            "ListThingsInput": {"type": "structure", "members": {
                "NextToken": {"shape": "Str"}, "MaxResults": {"shape": "Int"}}},
            "ListThingsOutput": {"type": "structure", "members": {
                "Things": {"shape": "ThingList"}, "NextToken": {"shape": "Str"}}},
            "Thing": {"type": "structure", "members": {
                "Name": {"shape": "Str"}, "Size": {"shape": "Int"}, "Created": {"shape": "Ts"},
                "Pet": {"shape": "Pet"}}},
            "ThingList": {"type": "list", "member": {"shape": "Thing"}},
            "Pet": {"type": "structure", "union": true, "members": {"Cat": {"shape": "Str"}, "Dog": {"shape": "Str"}}},
            "Mode": {"type": "string", "enum": ["fast", "slow-mode"]},
            "NotFound": {"type": "structure", "exception": true, "members": {"message": {"shape": "Str"}},
                         "error": {"code": "NotFound", "httpStatusCode": 404, "senderFault": true}},
            "Str": {"type": "string"},
            "Int": {"type": "integer"},
            "Long": {"type": "long"},
            "Ts": {"type": "timestamp"}
        }
    });
    let paginators = json!({"pagination": {"ListThings": {
        "input_token": "NextToken", "output_token": "NextToken", "limit_key": "MaxResults", "result_key": "Things"}}});
    let waiters = json!({"version": 2, "waiters": {"ThingExists": {
        "operation": "GetThing", "delay": 5, "maxAttempts": 10,
        "acceptors": [{"state": "success", "matcher": "status", "expected": 200}]}}});
    Model { service, paginators, waiters }
}

fn load(m: &Model) -> awsgen_codegen::ir::Service {
    let (s, p, w) = (m.service.to_string(), m.paginators.to_string(), m.waiters.to_string());
    let files = awsgen_codegen::ModelFiles {
        paginators: Some(("paginators-1.json", &p)),
        waiters: Some(("waiters-2.json", &w)),
        ..awsgen_codegen::ModelFiles::new(("service-2.json", &s))
    };
    awsgen_codegen::load(&files).unwrap_or_else(|e| panic!("{e}"))
}

fn lines(old: &Model, new: &Model) -> Vec<String> {
    diff(&load(old), &load(new)).iter().map(|c| c.to_string()).collect()
}

/// `new` is `base()` with `edit` applied; the diff from `base()` is `forward`, the diff back is
/// `backward`.
fn check(edit: impl FnOnce(&mut Model), forward: &[&str], backward: &[&str]) {
    let old = base();
    let mut new = base();
    edit(&mut new);
    assert_eq!(lines(&old, &new), forward, "old -> new");
    assert_eq!(lines(&new, &old), backward, "new -> old");
}

fn shapes(m: &mut Model) -> &mut Value {
    &mut m.service["shapes"]
}

#[test]
fn the_same_model_has_no_differences() {
    assert_eq!(lines(&base(), &base()), Vec::<String>::new());
    assert_eq!(report(&[]), "no differences\n0 breaking, 0 additive, 0 compatible\n");
}

#[test]
fn a_model_rename_the_crate_does_not_show_is_no_change() {
    // The list shape's name appears nowhere in the crate: `Vec<Thing>` either way.
    check(
        |m| {
            let list = shapes(m).as_object_mut().unwrap().remove("ThingList").unwrap();
            shapes(m)["Things"] = list;
            shapes(m)["ListThingsOutput"]["members"]["Things"]["shape"] = json!("Things");
        },
        &[],
        &[],
    );
}

#[test]
fn operations_added_and_removed() {
    check(
        |m| {
            m.service["operations"]["DeleteThing"] = json!({"name": "DeleteThing",
                "http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "DeleteThingInput"}});
            shapes(m)["DeleteThingInput"] = json!({"type": "structure", "required": ["ThingId"],
                "members": {"ThingId": {"shape": "Str"}}});
        },
        &["additive: operation DeleteThing added"],
        &["breaking: operation DeleteThing removed"],
    );
}

#[test]
fn an_operation_now_left_out_is_removed_with_the_reason() {
    // Its paginator goes with it, and the operation's line says so.
    check(
        |m| {
            shapes(m)["Events"] =
                json!({"type": "structure", "eventstream": true, "members": {"Tick": {"shape": "Tick"}}});
            shapes(m)["Tick"] = json!({"type": "structure", "event": true, "members": {"At": {"shape": "Ts"}}});
            shapes(m)["ListThingsOutput"]["members"]["Events"] = json!({"shape": "Events"});
        },
        &["breaking: operation ListThings removed (now left out: its output is an event stream)"],
        &["additive: operation ListThings added"],
    );
}

#[test]
fn members_added_and_removed() {
    check(
        |m| shapes(m)["Thing"]["members"]["Colour"] = json!({"shape": "Str"}),
        &["additive: member Thing.colour added"],
        &["breaking: member Thing.colour removed"],
    );
    // An input member that must be set: calls that did not set it now fail.
    check(
        |m| {
            shapes(m)["GetThingInput"]["members"]["Region"] = json!({"shape": "Str"});
            shapes(m)["GetThingInput"]["required"] = json!(["ThingId", "Region"]);
        },
        &["breaking: member GetThingInput.region added, required"],
        &["breaking: member GetThingInput.region removed"],
    );
}

#[test]
fn required_ness_of_inputs_and_outputs() {
    check(
        |m| shapes(m)["GetThingInput"]["required"] = json!(["ThingId", "Mode"]),
        &["breaking: member GetThingInput.mode became required"],
        &["additive: member GetThingInput.mode became optional"],
    );
    // A structure only ever read: its fields are `Option`s either way.
    check(
        |m| shapes(m)["Thing"]["required"] = json!(["Name"]),
        &["compatible: member Thing.name became required (never set by the caller)"],
        &["additive: member Thing.name became optional"],
    );
}

#[test]
fn type_changes_are_breaking() {
    check(
        |m| shapes(m)["Thing"]["members"]["Size"]["shape"] = json!("Long"),
        &["breaking: member Thing.size type i32 -> i64"],
        &["breaking: member Thing.size type i64 -> i32"],
    );
    check(
        |m| shapes(m)["Thing"]["members"]["Created"]["shape"] = json!("Str"),
        &["breaking: member Thing.created type DateTime -> String"],
        &["breaking: member Thing.created type String -> DateTime"],
    );
}

#[test]
fn wire_renames_by_their_effect_on_the_rust_name() {
    // `Name` → `Title`: the field `name` is gone, `title` is new.
    check(
        |m| {
            let name = shapes(m)["Thing"]["members"].as_object_mut().unwrap().shift_remove("Name").unwrap();
            shapes(m)["Thing"]["members"]["Title"] = name;
        },
        &["breaking: member Thing.name removed", "additive: member Thing.title added"],
        &["breaking: member Thing.title removed", "additive: member Thing.name added"],
    );
    // A new wire name the same field keeps.
    check(
        |m| shapes(m)["Thing"]["members"]["Size"]["locationName"] = json!("size"),
        &[r#"compatible: member Thing.size wire name "Size" -> "size""#],
        &[r#"compatible: member Thing.size wire name "size" -> "Size""#],
    );
    check(
        |m| shapes(m)["Thing"]["members"]["Created"]["timestampFormat"] = json!("iso8601"),
        &["compatible: member Thing.created timestamp format EpochSeconds -> Iso8601"],
        &["compatible: member Thing.created timestamp format Iso8601 -> EpochSeconds"],
    );
}

#[test]
fn named_types_added_removed_and_changed_in_kind() {
    check(
        |m| {
            shapes(m)["Owner"] = json!({"type": "structure", "members": {"Id": {"shape": "Str"}}});
            shapes(m)["Thing"]["members"]["Owner"] = json!({"shape": "Owner"});
        },
        &["additive: member Thing.owner added", "additive: structure Owner added"],
        // Named types in module and name order: `types::Owner` before `types::Thing`.
        &["breaking: structure Owner removed", "breaking: member Thing.owner removed"],
    );
    check(
        |m| shapes(m)["Pet"].as_object_mut().unwrap().remove("union").map(drop).unwrap(),
        &["breaking: union Pet is now a structure"],
        &["breaking: structure Pet is now a union"],
    );
}

#[test]
fn union_variants() {
    check(
        |m| shapes(m)["Pet"]["members"]["Fish"] = json!({"shape": "Str"}),
        &["additive: variant Pet::Fish added"],
        &["breaking: variant Pet::Fish removed"],
    );
}

#[test]
fn enum_values() {
    check(
        |m| shapes(m)["Mode"]["enum"] = json!(["fast", "slow-mode", "turbo"]),
        &[r#"additive: enum value Mode::Turbo ("turbo") added"#],
        &[r#"breaking: enum value Mode::Turbo ("turbo") removed"#],
    );
    // The same variant on a new wire value.
    check(
        |m| shapes(m)["Mode"]["enum"] = json!(["fast", "slow_mode"]),
        &[r#"compatible: enum value Mode::SlowMode wire value "slow-mode" -> "slow_mode""#],
        &[r#"compatible: enum value Mode::SlowMode wire value "slow_mode" -> "slow-mode""#],
    );
    // A string becoming an enum is a new type for the field.
    check(
        |m| shapes(m)["Thing"]["members"]["Name"]["shape"] = json!("Mode"),
        &["breaking: member Thing.name type String -> Mode"],
        &["breaking: member Thing.name type Mode -> String"],
    );
}

#[test]
fn errors_of_operations() {
    check(
        |m| {
            shapes(m)["Throttled"] = json!({"type": "structure", "exception": true, "members": {},
                "error": {"code": "Throttled", "httpStatusCode": 429}});
            m.service["operations"]["GetThing"]["errors"] = json!([{"shape": "NotFound"}, {"shape": "Throttled"}]);
        },
        &["additive: error Throttled added to operation GetThing", "additive: error Throttled added"],
        &["breaking: error Throttled removed from operation GetThing", "breaking: error Throttled removed"],
    );
    // `ListThings` still lists `NotFound`, so the error type stays.
    check(
        |m| m.service["operations"]["GetThing"]["errors"] = json!([]),
        &["breaking: error NotFound removed from operation GetThing"],
        &["additive: error NotFound added to operation GetThing"],
    );
    // A query-compatible service's errors carry the query code.
    let mut old = base();
    old.service["metadata"]["awsQueryCompatible"] = json!({});
    let mut new = old.clone();
    new.service["shapes"]["NotFound"]["error"]["code"] = json!("Thing.NotFound");
    assert_eq!(lines(&old, &new), [r#"compatible: error NotFound code "NotFound" -> "Thing.NotFound""#]);
}

#[test]
fn paginators() {
    check(
        |m| m.paginators = json!({"pagination": {}}),
        &["breaking: paginator of ListThings removed"],
        &["additive: paginator of ListThings added"],
    );
    check(
        |m| m.paginators["pagination"]["ListThings"].as_object_mut().unwrap().remove("limit_key").map(drop).unwrap(),
        &["breaking: paginator of ListThings: page_size() removed"],
        &["additive: paginator of ListThings: page_size() added"],
    );
}

#[test]
fn waiters() {
    check(
        |m| m.waiters["waiters"] = json!({}),
        &["breaking: waiter ThingExists removed"],
        &["additive: waiter ThingExists added"],
    );
    check(
        |m| m.waiters["waiters"]["ThingExists"]["operation"] = json!("ListThings"),
        &["breaking: waiter ThingExists polls GetThing -> ListThings (builder GetThingWaiter -> ListThingsWaiter)"],
        &["breaking: waiter ThingExists polls ListThings -> GetThing (builder ListThingsWaiter -> GetThingWaiter)"],
    );
}

#[test]
fn service_and_operation_facts_the_api_does_not_show() {
    check(
        |m| m.service["metadata"]["apiVersion"] = json!("2021-01-01"),
        &[r#"compatible: service API version "2020-01-01" -> "2021-01-01""#],
        &[r#"compatible: service API version "2021-01-01" -> "2020-01-01""#],
    );
    check(
        |m| m.service["operations"]["GetThing"]["authtype"] = json!("none"),
        &["compatible: operation GetThing now sent unsigned"],
        &["compatible: operation GetThing now sent signed"],
    );
}

#[test]
fn routes_and_bindings_of_a_rest_service() {
    let mut old = base();
    old.service["metadata"]["protocol"] = json!("rest-json");
    let mut new = old.clone();
    new.service["operations"]["GetThing"]["http"]["requestUri"] = json!("/things/{ThingId}");
    new.service["shapes"]["GetThingInput"]["members"]["ThingId"]["location"] = json!("uri");
    assert_eq!(
        lines(&old, &new),
        [
            r#"compatible: operation GetThing route "POST /" -> "POST /things/{ThingId}""#,
            r#"compatible: member GetThingInput.thing_id wire name "ThingId" -> label "ThingId""#,
        ]
    );
}

#[test]
fn the_report_groups_by_class_and_counts() {
    let mut new = base();
    shapes(&mut new)["Thing"]["members"]["Colour"] = json!({"shape": "Str"});
    shapes(&mut new)["Mode"]["enum"] = json!(["fast", "slow_mode"]);
    new.waiters["waiters"] = json!({});
    let text = report(&diff(&load(&base()), &load(&new)));
    assert_eq!(
        text,
        "breaking: waiter ThingExists removed\n\
         additive: member Thing.colour added\n\
         compatible: enum value Mode::SlowMode wire value \"slow-mode\" -> \"slow_mode\"\n\
         1 breaking, 1 additive, 1 compatible\n"
    );
}
