//! The botocore front end on small hand-written models of the JSON protocols: each construct
//! (routes, member locations, payloads, unions, documents, sparse collections, streams,
//! event streams, error codes, timestamp formats) lands in the IR as the protocols define it.
//! Malformed models: `json_model_errors.rs`.

use awsgen_codegen::ir::{
    Binding, HttpRoute, Member, PathPart, Protocol, Service, ShapeKind, Structure, TimestampFormat,
};
use serde_json::{json, Value};

/// A model of `protocol` (`json` models are 1.1 with a target prefix) with these operations
/// and shapes.
fn model(protocol: &str, operations: Value, shapes: Value) -> Value {
    json!({
        "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "tiny", "protocol": protocol,
                     "jsonVersion": "1.1", "targetPrefix": "Tiny_20200101",
                     "serviceFullName": "Tiny Service", "serviceId": "Tiny", "uid": "tiny-2020-01-01"},
        "operations": operations,
        "shapes": shapes
    })
}

fn load(m: &Value) -> Result<Service, String> {
    awsgen_codegen::load_botocore("tiny.json", &m.to_string()).map_err(|e| e.to_string())
}

fn svc(m: &Value) -> Service {
    load(m).unwrap_or_else(|e| panic!("{e}"))
}

/// A rest-json service with one operation `Op` at `method uri`, input `In`, output `Out`.
fn rest(method: &str, uri: &str, shapes: Value) -> Value {
    let mut shapes = shapes;
    let s = shapes.as_object_mut().unwrap();
    s.entry("Out").or_insert(json!({"type": "structure", "members": {}}));
    s.entry("Str").or_insert(json!({"type": "string"}));
    let op = json!({"Op": {"name": "Op", "http": {"method": method, "requestUri": uri},
                           "input": {"shape": "In"}, "output": {"shape": "Out"}}});
    model("rest-json", op, shapes)
}

fn member<'a>(st: &'a Structure, name: &str) -> &'a Member {
    st.members.iter().find(|m| m.name == name).unwrap_or_else(|| panic!("no member {name}"))
}

fn input(s: &Service) -> &Structure {
    s.structure(&s.operation("Op").unwrap().input)
}

fn output(s: &Service) -> &Structure {
    s.structure(&s.operation("Op").unwrap().output)
}

fn label(member: &str, greedy: bool) -> PathPart {
    PathPart::Label { member: member.into(), greedy }
}

fn lit(s: &str) -> PathPart {
    PathPart::Literal(s.into())
}

#[test]
fn protocol_target_prefix_and_rpc_routes() {
    let shapes = json!({"In": {"type": "structure", "members": {"A": {"shape": "Str", "location": "header", "locationName": "x-a"}}},
                        "Str": {"type": "string"}});
    let ops = json!({"Op": {"name": "Op", "http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "In"}}});
    let mut m = model("json", ops, shapes);
    let s = svc(&m);
    assert_eq!(s.protocol, Protocol::AwsJson1_1);
    assert_eq!(s.target_prefix.as_deref(), Some("Tiny_20200101"));
    assert!(!s.query_compatible);
    assert_eq!(s.operation("Op").unwrap().http, HttpRoute::post_root());
    let a = member(input(&s), "A");
    assert_eq!(a.binding, Binding::Body, "awsJson has no HTTP bindings: every member is in the body");
    assert_eq!(a.json_name, "x-a", "the body key is the locationName");
    m["metadata"]["jsonVersion"] = json!("1.0");
    assert_eq!(svc(&m).protocol, Protocol::AwsJson1_0);
    m["metadata"]["jsonVersion"] = json!("2.0");
    assert_eq!(
        load(&m).unwrap_err(),
        r#"tiny.json: metadata.jsonVersion: the json protocol needs jsonVersion "1.0" or "1.1", found "2.0""#
    );
    m["metadata"]["jsonVersion"] = json!("1.0");
    m["metadata"].as_object_mut().unwrap().remove("targetPrefix");
    assert!(load(&m).unwrap_err().starts_with("tiny.json: metadata.targetPrefix: "));
    m["metadata"]["protocol"] = json!("rest-json");
    let s = svc(&m);
    assert_eq!((s.protocol, s.target_prefix), (Protocol::RestJson1, None));
}

#[test]
fn labels_greedy_labels_and_literal_query() {
    let shapes = json!({"In": {"type": "structure", "required": ["Bucket", "Key"], "members": {
        "Bucket": {"shape": "Str", "location": "uri", "locationName": "Bucket"},
        "Key": {"shape": "Str", "location": "uri", "locationName": "ObjectKey"},
        "Id": {"shape": "Long", "location": "uri"}}},
        "Long": {"type": "long"}});
    let s = svc(&rest("PUT", "/{Bucket}/{ObjectKey+}/v/{Id}?uploads&list-type=2", shapes));
    let route = &s.operation("Op").unwrap().http;
    assert_eq!(route.method, "PUT");
    assert_eq!(
        route.path,
        [lit("/"), label("Bucket", false), lit("/"), label("Key", true), lit("/v/"), label("Id", false)],
        "a label names the member whose locationName (else name) it is"
    );
    assert_eq!(route.query, [("uploads".to_string(), None), ("list-type".to_string(), Some("2".to_string()))]);
    assert_eq!(route.success_code, 200);
    assert_eq!(route.query.len(), 2);
    let st = input(&s);
    assert!(st.members.iter().all(|m| m.binding == Binding::Label));
    assert_eq!(member(st, "Id").timestamp_format, TimestampFormat::Iso8601);
}

#[test]
fn query_strings_headers_prefix_headers_and_status_code() {
    let shapes = json!({
        "In": {"type": "structure", "members": {
            "Names": {"shape": "StrList", "location": "querystring", "locationName": "name"},
            "Limit": {"shape": "Int", "location": "querystring", "locationName": "max-items"},
            "Extra": {"shape": "StrMap", "location": "querystring"},
            "Multi": {"shape": "ListMap", "location": "querystring"},
            "Tags": {"shape": "StrList", "location": "header", "locationName": "X-Tags"},
            "Meta": {"shape": "StrMap", "location": "headers", "locationName": "x-amz-meta-"},
            "Code": {"shape": "Int", "location": "statusCode"}}},
        "Out": {"type": "structure", "members": {
            "Status": {"shape": "Int", "location": "statusCode"},
            "Etag": {"shape": "Str", "location": "header", "locationName": "ETag"},
            "All": {"shape": "StrMap", "location": "headers"},
            "Echo": {"shape": "Str", "location": "querystring", "locationName": "echo"}}},
        "StrList": {"type": "list", "member": {"shape": "Str"}},
        "StrMap": {"type": "map", "key": {"shape": "Str"}, "value": {"shape": "Str"}},
        "ListMap": {"type": "map", "key": {"shape": "Str"}, "value": {"shape": "StrList"}},
        "Int": {"type": "integer"}});
    let s = svc(&rest("GET", "/things", shapes));
    let i = input(&s);
    assert_eq!(member(i, "Names").binding, Binding::Query("name".into()));
    assert_eq!(member(i, "Limit").binding, Binding::Query("max-items".into()));
    assert_eq!(member(i, "Extra").binding, Binding::QueryParams, "a map in the query string: its entries");
    assert_eq!(member(i, "Multi").binding, Binding::QueryParams);
    assert_eq!(member(i, "Tags").binding, Binding::Header("X-Tags".into()));
    assert_eq!(member(i, "Meta").binding, Binding::PrefixHeaders("x-amz-meta-".into()));
    assert_eq!(member(i, "Code").binding, Binding::Body, "a status code means nothing in a request");
    let o = output(&s);
    assert_eq!(member(o, "Status").binding, Binding::StatusCode);
    assert_eq!(member(o, "Etag").binding, Binding::Header("ETag".into()));
    assert_eq!(member(o, "All").binding, Binding::PrefixHeaders(String::new()));
    let echo = member(o, "Echo");
    assert_eq!(echo.binding, Binding::Body, "a query parameter means nothing in a reply: botocore reads the body");
    assert_eq!(echo.json_name, "echo");
}

#[test]
fn payloads_blob_and_structure_and_streaming() {
    let shapes = json!({
        "In": {"type": "structure", "payload": "Body", "members": {
            "Body": {"shape": "Stream"}, "Kind": {"shape": "Str", "location": "header", "locationName": "Content-Type"}}},
        "Out": {"type": "structure", "payload": "Doc", "members": {"Doc": {"shape": "Thing"}}},
        "Thing": {"type": "structure", "members": {"Name": {"shape": "Str", "locationName": "name"}}},
        "Stream": {"type": "blob", "streaming": true, "requiresLength": true}});
    let s = svc(&rest("POST", "/up", shapes));
    let body = member(input(&s), "Body");
    assert_eq!(body.binding, Binding::Payload);
    assert!(body.streaming);
    let doc = member(output(&s), "Doc");
    assert_eq!(doc.binding, Binding::Payload);
    assert!(!doc.streaming);
    // A structure nested in a payload has its members in the body, under their locationName.
    let name = member(s.structure("Thing"), "Name");
    assert_eq!((&name.binding, name.json_name.as_str()), (&Binding::Body, "name"));
}

#[test]
fn a_member_marked_streaming_streams_although_its_blob_does_not() {
    // S3's shape: `GetObjectOutput.Body` is `{"shape": "Body", "streaming": true}`, and `Body`
    // a plain blob that other members also target.
    let shapes = json!({
        "In": {"type": "structure", "members": {
            "Name": {"shape": "Str", "location": "header", "locationName": "x-name"}, "Extra": {"shape": "Other"}}},
        "Out": {"type": "structure", "payload": "Body", "members": {"Body": {"shape": "Blob", "streaming": true}}},
        "Other": {"type": "structure", "members": {"Data": {"shape": "Blob"}}},
        "Blob": {"type": "blob"}});
    let s = svc(&rest("GET", "/down", shapes));
    let body = member(output(&s), "Body");
    assert_eq!(body.binding, Binding::Payload);
    assert!(body.streaming, "the member's own flag");
    assert!(!member(s.structure("Other"), "Data").streaming, "the blob shape itself does not stream");
}

#[test]
fn json_names_and_json_value_headers() {
    let shapes = json!({
        "In": {"type": "structure", "members": {
            "Policy": {"shape": "Str", "location": "header", "locationName": "x-policy", "jsonvalue": true},
            "Inline": {"shape": "Str", "jsonvalue": true},
            "Renamed": {"shape": "Str", "locationName": "renamed_key"},
            "Plain": {"shape": "Str"}}}});
    let s = svc(&rest("POST", "/", shapes));
    let i = input(&s);
    assert!(member(i, "Policy").json_value, "a jsonvalue header is base64-encoded JSON");
    assert!(!member(i, "Inline").json_value, "jsonvalue means something only in a header");
    assert_eq!(member(i, "Renamed").json_name, "renamed_key");
    assert_eq!(member(i, "Plain").json_name, "Plain");
}

#[test]
fn unions_are_enums_with_variant_names_and_recursion_is_boxed() {
    let shapes = json!({
        "In": {"type": "structure", "members": {"Choice": {"shape": "Choice"}, "Any": {"shape": "Doc"}}},
        "Choice": {"type": "structure", "union": true, "required": ["text"], "members": {
            "text": {"shape": "Str"}, "Unknown": {"shape": "Str"}, "nested": {"shape": "Choice"},
            "SELF": {"shape": "Str"}}},
        "Doc": {"type": "structure", "members": {}, "document": true}});
    let s = svc(&rest("POST", "/", shapes));
    let ShapeKind::Union(u) = &s.shape("Choice").kind else { panic!("{:?}", s.shape("Choice").kind) };
    let variants: Vec<_> = u.members.iter().map(|m| m.rust_name.as_str()).collect();
    assert_eq!(variants, ["Text", "UnknownValue", "Nested", "SelfValue"], "`Unknown` is the catch-all's");
    let plain: Vec<_> = u.members.iter().map(|m| m.plain_name.as_str()).collect();
    assert_eq!(plain, ["text", "unknown", "nested", "self"], "plain names are unescaped");
    assert!(u.members.iter().all(|m| !m.required), "one member of a union is set, whichever");
    assert!(member(u, "nested").boxed, "a union that contains itself is boxed");
    assert_eq!(s.shape("Choice").rust_name, "Choice");
    assert!(!s.shape("Choice").helper.is_empty(), "a union has serializer helpers");
    assert_eq!(s.shape("Doc").kind, ShapeKind::Document);
    assert_eq!(s.shape("Doc").rust_name, "", "a document is the runtime's type, not the crate's");
}

#[test]
fn documents_without_members_load() {
    let shapes = json!({"In": {"type": "structure", "members": {"D": {"shape": "Doc"}}},
                        "Doc": {"type": "structure", "document": true}});
    assert_eq!(svc(&rest("POST", "/", shapes)).shape("Doc").kind, ShapeKind::Document);
}

#[test]
fn query_protocols_keep_unions_as_structures_and_refuse_documents() {
    let shapes = json!({"In": {"type": "structure", "members": {"U": {"shape": "U"}}},
                        "U": {"type": "structure", "union": true, "members": {"A": {"shape": "Str"}}},
                        "Str": {"type": "string"}});
    let ops = json!({"Op": {"name": "Op", "input": {"shape": "In"}}});
    let mut m = model("query", ops, shapes);
    assert!(matches!(svc(&m).shape("U").kind, ShapeKind::Structure(_)));
    m["shapes"]["U"]["document"] = json!(true);
    assert_eq!(
        load(&m).unwrap_err(),
        "tiny.json: shapes.U.document: document shapes are not supported by the query protocols"
    );
}

#[test]
fn sparse_lists_and_maps() {
    let shapes = json!({
        "In": {"type": "structure", "members": {"L": {"shape": "L"}, "M": {"shape": "M"}, "D": {"shape": "Dense"}}},
        "L": {"type": "list", "member": {"shape": "Str"}, "sparse": true},
        "M": {"type": "map", "key": {"shape": "Str"}, "value": {"shape": "Str"}, "sparse": true},
        "Dense": {"type": "list", "member": {"shape": "Str"}}});
    let s = svc(&rest("POST", "/", shapes));
    assert!(matches!(&s.shape("L").kind, ShapeKind::List(l) if l.sparse));
    assert!(matches!(&s.shape("M").kind, ShapeKind::Map(m) if m.sparse));
    assert!(matches!(&s.shape("Dense").kind, ShapeKind::List(l) if !l.sparse));
}

#[test]
fn event_stream_operations_are_left_out_with_their_shapes() {
    let shapes = json!({
        "In": {"type": "structure", "members": {}},
        "Out": {"type": "structure", "members": {}},
        "SubIn": {"type": "structure", "members": {"Id": {"shape": "Str"}}},
        "SubOut": {"type": "structure", "payload": "Events", "members": {"Events": {"shape": "Events"}}},
        "Events": {"type": "structure", "eventstream": true, "members": {"Tick": {"shape": "Tick"}}},
        "Tick": {"type": "structure", "event": true, "members": {"Body": {"shape": "Str", "eventpayload": true}}},
        "Gone": {"type": "structure", "exception": false, "members": {}},
        "Str": {"type": "string"}});
    let ops = json!({
        "Op": {"name": "Op", "http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "In"}, "output": {"shape": "Out"}},
        "Subscribe": {"name": "Subscribe", "http": {"method": "POST", "requestUri": "/sub"},
                      "input": {"shape": "SubIn"}, "output": {"shape": "SubOut"}, "errors": [{"shape": "Gone"}]}});
    let s = svc(&model("rest-json", ops.clone(), shapes.clone()));
    let names: Vec<_> = s.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["Op"]);
    assert_eq!(s.omitted_operations.len(), 1);
    assert_eq!(s.omitted_operations[0].name, "Subscribe");
    assert_eq!(s.omitted_operations[0].reason, "its output is an event stream");
    for id in ["Events", "Tick", "SubIn", "Gone"] {
        assert!(!s.shapes.contains_key(id), "{id} is reachable only through the omitted operation");
    }
    // Its paginator and waiter go with it.
    let m = model("rest-json", ops, shapes).to_string();
    let pages = r#"{"pagination": {"Subscribe": {"input_token": "Id", "output_token": "Id"}}}"#;
    let waiters = r#"{"version": 2, "waiters": {"Ticked": {"operation": "Subscribe", "delay": 1, "maxAttempts": 2,
        "acceptors": [{"state": "success", "matcher": "status", "expected": 200}]}}}"#;
    let files = awsgen_codegen::ModelFiles {
        service: ("tiny.json", &m),
        paginators: Some(("paginators-1.json", pages)),
        waiters: Some(("waiters-2.json", waiters)),
        endpoint_rules: None,
    };
    let s = awsgen_codegen::load(&files).unwrap_or_else(|e| panic!("{e}"));
    assert!(s.paginators.is_empty() && s.waiters.is_empty());
}

#[test]
fn error_codes_of_json_and_query_compatible_services() {
    let shapes = json!({
        "In": {"type": "structure", "members": {}},
        "QueueDoesNotExist": {"type": "structure", "exception": true, "members": {"message": {"shape": "Str"}},
            "error": {"code": "AWS.SimpleQueueService.NonExistentQueue", "httpStatusCode": 400, "senderFault": true}},
        "Plain": {"type": "structure", "exception": true, "members": {
            "Reason": {"shape": "Str", "location": "header", "locationName": "x-reason"}}, "error": {"httpStatusCode": 409}},
        "Str": {"type": "string"}});
    let ops = json!({"Op": {"name": "Op", "http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "In"},
                            "errors": [{"shape": "QueueDoesNotExist"}, {"shape": "Plain"}]}});
    let mut m = model("json", ops, shapes);
    m["metadata"]["jsonVersion"] = json!("1.0");
    let s = svc(&m);
    let e = |s: &Service, id: &str| s.structure(id).error.clone().unwrap();
    assert_eq!(e(&s, "QueueDoesNotExist").code, "QueueDoesNotExist", "the JSON protocols' code is the shape name");
    assert_eq!(e(&s, "QueueDoesNotExist").alt_code, None);
    m["metadata"]["awsQueryCompatible"] = json!({});
    let s = svc(&m);
    assert!(s.query_compatible);
    let q = e(&s, "QueueDoesNotExist");
    assert_eq!(q.code, "AWS.SimpleQueueService.NonExistentQueue");
    assert_eq!(q.alt_code.as_deref(), Some("QueueDoesNotExist"));
    assert_eq!(q.message_member.as_deref(), Some("message"));
    let p = e(&s, "Plain");
    assert_eq!((p.code.as_str(), p.alt_code, p.http_status), ("Plain", None, 409));
    // In restJson1, an error's header members keep their binding.
    m["metadata"]["protocol"] = json!("rest-json");
    let s = svc(&m);
    assert_eq!(member(s.structure("Plain"), "Reason").binding, Binding::Header("x-reason".into()));
}

#[test]
fn timestamp_formats_default_by_location() {
    let shapes = json!({
        "In": {"type": "structure", "members": {
            "InPath": {"shape": "Ts", "location": "uri"},
            "InQuery": {"shape": "Ts", "location": "querystring", "locationName": "t"},
            "InHeader": {"shape": "Ts", "location": "header", "locationName": "x-t"},
            "HeaderList": {"shape": "TsList", "location": "header", "locationName": "x-ts"},
            "InBody": {"shape": "Ts"},
            "BodyList": {"shape": "TsList"},
            "Pinned": {"shape": "Ts", "location": "header", "locationName": "x-p", "timestampFormat": "iso8601"},
            "Shaped": {"shape": "EpochTs", "location": "header", "locationName": "x-e"}}},
        "Ts": {"type": "timestamp"},
        "EpochTs": {"type": "timestamp", "timestampFormat": "unixTimestamp"},
        "TsList": {"type": "list", "member": {"shape": "Ts"}}});
    let s = svc(&rest("POST", "/{InPath}", shapes));
    let i = input(&s);
    let f = |n: &str| member(i, n).timestamp_format;
    assert_eq!(f("InPath"), TimestampFormat::Iso8601);
    assert_eq!(f("InQuery"), TimestampFormat::Iso8601);
    assert_eq!(f("InHeader"), TimestampFormat::HttpDate);
    assert_eq!(f("HeaderList"), TimestampFormat::HttpDate);
    assert_eq!(f("InBody"), TimestampFormat::EpochSeconds);
    assert_eq!(f("BodyList"), TimestampFormat::EpochSeconds);
    assert_eq!(f("Pinned"), TimestampFormat::Iso8601, "the member's own format wins");
    assert_eq!(f("Shaped"), TimestampFormat::EpochSeconds, "then the shape's");
    assert_eq!(s.timestamp_format_of("Ts"), TimestampFormat::EpochSeconds, "list elements: the body's default");
}

#[test]
fn host_prefixes_work_in_rest_json() {
    let shapes = json!({"In": {"type": "structure", "members": {
        "Account": {"shape": "Str", "hostLabel": true, "location": "header", "locationName": "x-account"}}}});
    let mut m = rest("POST", "/", shapes);
    m["operations"]["Op"]["endpoint"] = json!({"hostPrefix": "{Account}.data-"});
    let s = svc(&m);
    let op = s.operation("Op").unwrap();
    use awsgen_codegen::ir::HostPrefixPart;
    assert_eq!(
        op.host_prefix.as_deref(),
        Some(&[HostPrefixPart::Label("Account".into()), HostPrefixPart::Literal(".data-".into())][..])
    );
    assert_eq!(member(input(&s), "Account").binding, Binding::Header("x-account".into()));
}

#[test]
fn rpc_v2_cbor_is_chosen_in_the_models_order_and_reads_shapes_as_json() {
    let shapes = json!({"In": {"type": "structure", "members": {"U": {"shape": "U"}, "T": {"shape": "Ts"}}},
                        "U": {"type": "structure", "union": true, "members": {"A": {"shape": "Str"}}},
                        "Ts": {"type": "timestamp"}, "Str": {"type": "string"}});
    let ops = json!({"Op": {"name": "Op", "http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "In"}},
                     "NoInput": {"name": "NoInput", "http": {"method": "POST", "requestUri": "/"}}});
    let mut m = model("smithy-rpc-v2-cbor", ops, shapes);
    m["metadata"]["protocols"] = json!(["smithy-rpc-v2-cbor", "json"]);
    let s = svc(&m);
    assert_eq!(s.protocol, Protocol::RpcV2Cbor);
    assert_eq!(s.target_prefix.as_deref(), Some("Tiny_20200101"), "the service name of the request path");
    assert!(matches!(s.shape("U").kind, ShapeKind::Union(_)), "unions are enums, as in the JSON protocols");
    assert_eq!(member(input(&s), "T").timestamp_format, TimestampFormat::EpochSeconds);
    assert!(s.operation("Op").unwrap().modeled_input);
    assert!(!s.operation("NoInput").unwrap().modeled_input, "no input: no body");
    // The model's own order decides, not botocore's priority (which puts json first).
    m["metadata"]["protocols"] = json!(["json", "smithy-rpc-v2-cbor"]);
    assert_eq!(svc(&m).protocol, Protocol::AwsJson1_1);
    m["metadata"]["protocols"] = json!(["smithy-rpc-v2-cbor"]);
    m["metadata"].as_object_mut().unwrap().remove("targetPrefix");
    assert_eq!(
        load(&m).unwrap_err(),
        "tiny.json: metadata.targetPrefix: a smithy-rpc-v2-cbor service needs targetPrefix (the service name in the request path)"
    );
}
