//! The Smithy front end on small JSON AST models of the JSON protocols: the HTTP binding
//! traits, `@jsonName`, `@mediaType`, `@sparse`, `@streaming`, unions, documents, event
//! streams and query-compatible errors land in the IR as the botocore front end puts the same
//! facts, and a broken model fails naming the shape id.

use awsgen_codegen::ir::{Binding, Member, PathPart, Protocol, Service, ShapeKind, Structure, TimestampFormat};
use serde_json::{json, Value};

const NS: &str = "example.things";

/// A service `Things` (version 2020-01-01) with protocol trait `protocol`, these operations
/// (by name) and these shapes (names without the namespace).
fn smithy(protocol: &str, operations: &[&str], shapes: Value) -> Value {
    let mut all = serde_json::Map::new();
    for (name, shape) in shapes.as_object().unwrap() {
        all.insert(format!("{NS}#{name}"), shape.clone());
    }
    let ops: Vec<Value> = operations.iter().map(|o| json!({"target": format!("{NS}#{o}")})).collect();
    all.insert(
        format!("{NS}#Things_20200101"),
        json!({"type": "service", "version": "2020-01-01", "operations": ops,
               "traits": {protocol: {}, "aws.api#service": {"sdkId": "Things"}, "aws.auth#sigv4": {"name": "things"}}}),
    );
    json!({"smithy": "2.0", "shapes": all})
}

fn target(name: &str) -> Value {
    if name.contains('#') {
        json!({"target": name})
    } else {
        json!({"target": format!("{NS}#{name}")})
    }
}

fn load(m: &Value) -> Result<Service, String> {
    awsgen_codegen::load_smithy("model.json", &m.to_string()).map(|s| s.service).map_err(|e| e.to_string())
}

fn svc(m: &Value) -> Service {
    load(m).unwrap_or_else(|e| panic!("{e}"))
}

fn member<'a>(st: &'a Structure, name: &str) -> &'a Member {
    st.members.iter().find(|m| m.name == name).unwrap_or_else(|| panic!("no member {name}"))
}

/// A restJson1 model with `PutThing` at `PUT /things/{Name}/{Path+}?v=1` and
/// `Watch`, whose output is an event stream.
fn rest_model() -> Value {
    let shapes = json!({
        "PutThing": {"type": "operation", "input": target("PutThingInput"), "output": target("PutThingOutput"),
                     "errors": [target("Conflict")],
                     "traits": {"smithy.api#http": {"method": "PUT", "uri": "/things/{Name}/{Path+}?v=1", "code": 201}}},
        "PutThingInput": {"type": "structure", "members": {
            "Name": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}},
            "Path": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}},
            "Tags": {"target": format!("{NS}#Names"), "traits": {"smithy.api#httpQuery": "tag"}},
            "Rest": {"target": format!("{NS}#StringMap"), "traits": {"smithy.api#httpQueryParams": {}}},
            "Since": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#httpHeader": "X-Since"}},
            "Policy": {"target": format!("{NS}#JsonText"), "traits": {"smithy.api#httpHeader": "X-Policy"}},
            "Meta": {"target": format!("{NS}#StringMap"), "traits": {"smithy.api#httpPrefixHeaders": "x-meta-"}},
            "Body": {"target": format!("{NS}#Data"), "traits": {"smithy.api#httpPayload": {}}}}},
        "PutThingOutput": {"type": "structure", "members": {
            "Status": {"target": "smithy.api#Integer", "traits": {"smithy.api#httpResponseCode": {}}},
            "Created": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#jsonName": "created_at"}},
            "Shape": {"target": format!("{NS}#Shape")},
            "Extra": {"target": "smithy.api#Document"},
            "Own": {"target": format!("{NS}#Doc")},
            "Holes": {"target": format!("{NS}#Holes")},
            "Echo": {"target": "smithy.api#String", "traits": {"smithy.api#httpQuery": "echo"}}}},
        "Conflict": {"type": "structure", "members": {
            "message": {"target": "smithy.api#String"},
            "Reason": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "x-reason"}}},
            "traits": {"smithy.api#error": "client", "smithy.api#httpError": 409}},
        "Watch": {"type": "operation", "input": target("WatchInput"), "output": target("WatchOutput"),
                  "traits": {"smithy.api#http": {"method": "GET", "uri": "/watch"}}},
        "WatchInput": {"type": "structure", "members": {}},
        "WatchOutput": {"type": "structure", "members": {
            "Events": {"target": format!("{NS}#Events"), "traits": {"smithy.api#httpPayload": {}}}}},
        "Events": {"type": "union", "members": {"Tick": target("Tick")}, "traits": {"smithy.api#streaming": {}}},
        "Tick": {"type": "structure", "members": {"At": {"target": "smithy.api#Timestamp"}}},
        "Names": {"type": "list", "member": {"target": "smithy.api#String"}},
        "Holes": {"type": "list", "member": {"target": "smithy.api#String"}, "traits": {"smithy.api#sparse": {}}},
        "StringMap": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "smithy.api#String"}},
        "JsonText": {"type": "string", "traits": {"smithy.api#mediaType": "application/json"}},
        "Data": {"type": "blob", "traits": {"smithy.api#streaming": {}}},
        "Doc": {"type": "document"},
        "Shape": {"type": "union", "members": {
            "circle": {"target": "smithy.api#Integer"}, "square": {"target": format!("{NS}#Shape")}}}
    });
    smithy("aws.protocols#restJson1", &["PutThing", "Watch"], shapes)
}

#[test]
fn rest_json_routes_and_bindings() {
    let s = svc(&rest_model());
    assert_eq!(s.protocol, Protocol::RestJson1);
    assert_eq!(s.target_prefix, None);
    let op = s.operation("PutThing").unwrap();
    assert_eq!(op.http.method, "PUT");
    assert_eq!(
        op.http.path,
        [
            PathPart::Literal("/things/".into()),
            PathPart::Label { member: "Name".into(), greedy: false },
            PathPart::Literal("/".into()),
            PathPart::Label { member: "Path".into(), greedy: true },
        ]
    );
    assert_eq!(op.http.query, [("v".to_string(), Some("1".to_string()))]);
    assert_eq!(op.http.success_code, 201);
    let i = s.structure(&op.input);
    let b = |n: &str| member(i, n).binding.clone();
    assert_eq!(b("Name"), Binding::Label);
    assert_eq!(b("Tags"), Binding::Query("tag".into()));
    assert_eq!(b("Rest"), Binding::QueryParams);
    assert_eq!(b("Since"), Binding::Header("X-Since".into()));
    assert_eq!(b("Meta"), Binding::PrefixHeaders("x-meta-".into()));
    assert_eq!(b("Body"), Binding::Payload);
    assert!(member(i, "Body").streaming, "@streaming blob");
    assert!(member(i, "Policy").json_value, "a header whose string has a JSON @mediaType");
    assert!(!member(i, "Since").json_value);
    assert_eq!(member(i, "Since").timestamp_format, TimestampFormat::HttpDate);
    let o = s.structure(&op.output);
    assert_eq!(member(o, "Status").binding, Binding::StatusCode);
    let created = member(o, "Created");
    assert_eq!((created.json_name.as_str(), created.timestamp_format), ("created_at", TimestampFormat::EpochSeconds));
    let echo = member(o, "Echo");
    assert_eq!(
        (&echo.binding, echo.json_name.as_str()),
        (&Binding::Body, "Echo"),
        "@httpQuery means nothing in a reply"
    );
    let conflict = s.structure("Conflict");
    assert_eq!(member(conflict, "Reason").binding, Binding::Header("x-reason".into()));
    let e = conflict.error.as_ref().unwrap();
    assert_eq!((e.code.as_str(), e.http_status, e.alt_code.as_deref()), ("Conflict", 409, None));
}

#[test]
fn unions_documents_sparse_lists_and_event_streams() {
    let s = svc(&rest_model());
    let ShapeKind::Union(u) = &s.shape("Shape").kind else { panic!("{:?}", s.shape("Shape").kind) };
    let variants: Vec<_> = u.members.iter().map(|m| m.rust_name.as_str()).collect();
    assert_eq!(variants, ["Circle", "Square"]);
    assert!(member(u, "square").boxed);
    assert_eq!(s.shape("Document").kind, ShapeKind::Document, "the prelude's Document");
    assert_eq!(s.shape("Doc").kind, ShapeKind::Document);
    assert!(matches!(&s.shape("Holes").kind, ShapeKind::List(l) if l.sparse));
    assert!(matches!(&s.shape("Names").kind, ShapeKind::List(l) if !l.sparse));
    assert!(s.operation("Watch").is_none());
    assert_eq!(s.omitted_operations.len(), 1);
    assert_eq!(s.omitted_operations[0].name, "Watch");
    assert_eq!(s.omitted_operations[0].reason, "its output is an event stream");
    assert!(!s.shapes.contains_key("Events") && !s.shapes.contains_key("Tick"), "reachable only through Watch");
}

#[test]
fn aws_json_target_prefix_and_query_compatible_errors() {
    let shapes = json!({
        "GetQueueUrl": {"type": "operation", "input": target("GetQueueUrlRequest"), "errors": [target("QueueDoesNotExist")]},
        "GetQueueUrlRequest": {"type": "structure", "members": {
            "QueueName": {"target": "smithy.api#String", "traits": {"smithy.api#jsonName": "queue", "smithy.api#httpHeader": "x-q"}}}},
        "QueueDoesNotExist": {"type": "structure", "members": {"message": {"target": "smithy.api#String"}},
            "traits": {"smithy.api#error": "client", "smithy.api#httpError": 400,
                       "aws.protocols#awsQueryError": {"code": "AWS.SimpleQueueService.NonExistentQueue", "httpResponseCode": 404}}}
    });
    let mut m = smithy("aws.protocols#awsJson1_0", &["GetQueueUrl"], shapes);
    m["shapes"][format!("{NS}#Things_20200101")]["traits"]["aws.protocols#awsQueryCompatible"] = json!({});
    // Also a query protocol: the JSON one is preferred, as botocore does.
    m["shapes"][format!("{NS}#Things_20200101")]["traits"]["aws.protocols#awsQuery"] = json!({});
    let s = svc(&m);
    assert_eq!(s.protocol, Protocol::AwsJson1_0);
    assert_eq!(s.target_prefix.as_deref(), Some("Things_20200101"), "the service shape's name");
    assert!(s.query_compatible);
    let e = s.structure("QueueDoesNotExist").error.clone().unwrap();
    assert_eq!(e.code, "AWS.SimpleQueueService.NonExistentQueue");
    assert_eq!(e.alt_code.as_deref(), Some("QueueDoesNotExist"));
    assert_eq!(e.http_status, 400, "the JSON protocols answer with @httpError's status");
    let q = member(s.structure(&s.operation("GetQueueUrl").unwrap().input), "QueueName");
    assert_eq!(
        (&q.binding, q.json_name.as_str()),
        (&Binding::Body, "QueueName"),
        "awsJson ignores @jsonName and HTTP traits"
    );
    assert_eq!(s.operation("GetQueueUrl").unwrap().http.path, [PathPart::Literal("/".into())]);
    let svc_id = format!("{NS}#Things_20200101");
    m["shapes"][&svc_id]["traits"]["aws.protocols#awsJson1_1"] = json!({});
    let err = load(&m).unwrap_err();
    assert!(err.starts_with(&format!("model.json: {svc_id}: expected exactly one protocol trait of")), "{err}");
}

#[test]
fn broken_rest_json_models_name_the_shape() {
    let mut m = rest_model();
    let op = format!("{NS}#PutThing");
    m["shapes"][&op]["traits"].as_object_mut().unwrap().remove("smithy.api#http");
    assert_eq!(load(&m).unwrap_err(), format!("model.json: {op}: an operation of a restJson1 service needs @http"));
    let mut m = rest_model();
    m["shapes"][&op]["traits"]["smithy.api#http"]["uri"] = json!("/things/{Nope}/{Path+}");
    assert_eq!(
        load(&m).unwrap_err(),
        format!(r#"model.json: {op}: label {{Nope}} names no input member bound to the URI (location "uri")"#)
    );
    let mut m = rest_model();
    m["shapes"][format!("{NS}#PutThingInput")]["members"]["Tags"]["target"] = json!(format!("{NS}#Doc"));
    assert_eq!(
        load(&m).unwrap_err(),
        format!(
            r#"model.json: {NS}#PutThingInput$Tags: a member of type "structure" cannot be bound to location "querystring""#
        )
    );
    let mut m = rest_model();
    m["shapes"][format!("{NS}#Holes")]["type"] = json!("bigInteger");
    assert!(load(&m).unwrap_err().contains("bigInteger shapes are not supported"));
}

/// Bad input never panics: every shape of the restJson1 model turned into another kind, or
/// stripped of its members or traits, and every HTTP trait given a value of the wrong kind,
/// gives `Ok` or a located error.
#[test]
fn mangled_json_models_never_panic() {
    let base = rest_model();
    let ids: Vec<String> = base["shapes"].as_object().unwrap().keys().cloned().collect();
    let kinds = ["structure", "union", "list", "map", "string", "blob", "document", "timestamp", "operation"];
    type Mutation = Box<dyn Fn(&mut Value)>;
    let mut mutations: Vec<Mutation> = Vec::new();
    for k in kinds {
        mutations.push(Box::new(move |s: &mut Value| s["type"] = json!(k)));
    }
    for key in ["members", "member", "key", "value", "traits", "input", "output"] {
        mutations.push(Box::new(move |s: &mut Value| {
            s.as_object_mut().unwrap().remove(key);
        }));
    }
    for t in ["http", "httpLabel", "httpQuery", "httpHeader", "httpPayload", "streaming", "jsonName", "mediaType"] {
        for v in [json!(7), json!("{"), json!({}), json!({"method": "GET", "uri": "/{x"})] {
            let id = format!("smithy.api#{t}");
            mutations.push(Box::new(move |s: &mut Value| {
                if let Some(members) = s.get_mut("members").and_then(Value::as_object_mut) {
                    for m in members.values_mut() {
                        m["traits"][&id] = v.clone();
                    }
                }
                s["traits"][&id] = v.clone();
            }));
        }
    }
    let mut rejected = 0;
    for id in &ids {
        for mutate in &mutations {
            let mut m = base.clone();
            mutate(&mut m["shapes"][id]);
            match std::panic::catch_unwind(|| load(&m)) {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => {
                    assert!(e.starts_with("model.json: "), "{e}");
                    rejected += 1;
                }
                Err(_) => panic!("panicked on {id} mutated: {m}"),
            }
        }
    }
    assert!(rejected > 100, "only {rejected} mutations rejected");
}

/// The restJson1 model above written by hand in botocore's terms, as AWS publishes it: both
/// front ends give the same IR.
#[test]
fn smithy_and_botocore_twins_give_the_same_ir() {
    let boto = json!({
        "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "things_20200101", "protocol": "rest-json",
                     "serviceFullName": "Things", "serviceId": "Things", "signingName": "things", "uid": "things-2020-01-01"},
        "operations": {
            "PutThing": {"name": "PutThing", "http": {"method": "PUT", "requestUri": "/things/{Name}/{Path+}?v=1", "responseCode": 201},
                         "input": {"shape": "PutThingInput"}, "output": {"shape": "PutThingOutput"}, "errors": [{"shape": "Conflict"}]},
            "Watch": {"name": "Watch", "http": {"method": "GET", "requestUri": "/watch"},
                      "input": {"shape": "WatchInput"}, "output": {"shape": "WatchOutput"}}},
        "shapes": {
            "PutThingInput": {"type": "structure", "required": ["Name", "Path"], "payload": "Body", "members": {
                "Name": {"shape": "String", "location": "uri", "locationName": "Name"},
                "Path": {"shape": "String", "location": "uri", "locationName": "Path"},
                "Tags": {"shape": "Names", "location": "querystring", "locationName": "tag"},
                "Rest": {"shape": "StringMap", "location": "querystring"},
                "Since": {"shape": "Timestamp", "location": "header", "locationName": "X-Since"},
                "Policy": {"shape": "JsonText", "location": "header", "locationName": "X-Policy", "jsonvalue": true},
                "Meta": {"shape": "StringMap", "location": "headers", "locationName": "x-meta-"},
                "Body": {"shape": "Data"}}},
            "PutThingOutput": {"type": "structure", "members": {
                "Status": {"shape": "Integer", "location": "statusCode"},
                "Created": {"shape": "Timestamp", "locationName": "created_at"},
                "Shape": {"shape": "Shape"}, "Extra": {"shape": "Document"}, "Own": {"shape": "Doc"},
                "Holes": {"shape": "Holes"}, "Echo": {"shape": "String"}}},
            "Conflict": {"type": "structure", "exception": true, "error": {"httpStatusCode": 409, "senderFault": true},
                         "members": {"message": {"shape": "String"},
                                     "Reason": {"shape": "String", "location": "header", "locationName": "x-reason"}}},
            "WatchInput": {"type": "structure", "members": {}},
            "WatchOutput": {"type": "structure", "payload": "Events", "members": {"Events": {"shape": "Events"}}},
            "Events": {"type": "structure", "union": true, "eventstream": true, "members": {"Tick": {"shape": "Tick"}}},
            "Tick": {"type": "structure", "members": {"At": {"shape": "Timestamp"}}},
            "Names": {"type": "list", "member": {"shape": "String"}},
            "Holes": {"type": "list", "member": {"shape": "String"}, "sparse": true},
            "StringMap": {"type": "map", "key": {"shape": "String"}, "value": {"shape": "String"}},
            "JsonText": {"type": "string"},
            "Data": {"type": "blob", "streaming": true},
            "Doc": {"type": "structure", "document": true, "members": {}},
            "Document": {"type": "structure", "document": true, "members": {}},
            "Shape": {"type": "structure", "union": true, "members": {"circle": {"shape": "Integer"}, "square": {"shape": "Shape"}}},
            "String": {"type": "string"}, "Integer": {"type": "integer"}, "Timestamp": {"type": "timestamp"}}
    });
    let from_botocore =
        awsgen_codegen::load_botocore("service-2.json", &boto.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let from_smithy = svc(&rest_model());
    assert_eq!(from_smithy.operations, from_botocore.operations);
    assert_eq!(from_smithy.omitted_operations, from_botocore.omitted_operations);
    for (id, shape) in &from_botocore.shapes {
        assert_eq!(from_smithy.shapes.get(id), Some(shape), "{id}");
    }
    assert_eq!(from_smithy, from_botocore);
}
