//! Malformed models of the JSON protocols fail naming the file and the JSON path: routes
//! (methods, statuses, URI templates, labels) and member locations and payloads; and no value
//! of the wrong kind anywhere makes the botocore front end panic.

use serde_json::{json, Value};

/// A rest-json service with one operation `Op` at `method uri`, input `In`, output `Out`.
fn rest(method: &str, uri: &str, shapes: Value) -> Value {
    let mut shapes = shapes;
    let s = shapes.as_object_mut().unwrap();
    s.entry("Out").or_insert(json!({"type": "structure", "members": {}}));
    s.entry("Str").or_insert(json!({"type": "string"}));
    json!({
        "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "tiny", "protocol": "rest-json", "jsonVersion": "1.1",
                     "serviceFullName": "Tiny Service", "serviceId": "Tiny", "uid": "tiny-2020-01-01"},
        "operations": {"Op": {"name": "Op", "http": {"method": method, "requestUri": uri},
                              "input": {"shape": "In"}, "output": {"shape": "Out"}}},
        "shapes": shapes
    })
}

fn load(m: &Value) -> Result<awsgen_codegen::ir::Service, String> {
    awsgen_codegen::load_botocore("tiny.json", &m.to_string()).map_err(|e| e.to_string())
}

#[test]
fn success_codes_and_methods() {
    let shapes = json!({"In": {"type": "structure", "members": {}}});
    let mut m = rest("DELETE", "/x", shapes);
    m["operations"]["Op"]["http"]["responseCode"] = json!(204);
    assert_eq!(load(&m).unwrap().operation("Op").unwrap().http.success_code, 204);
    m["operations"]["Op"]["http"]["responseCode"] = json!(42);
    assert_eq!(load(&m).unwrap_err(), "tiny.json: operations.Op.http.responseCode: 42 is not an HTTP status");
    m["operations"]["Op"]["http"] = json!({"method": "get x", "requestUri": "/"});
    assert_eq!(load(&m).unwrap_err(), r#"tiny.json: operations.Op.http.method: "get x" is not an HTTP method"#);
    m["operations"]["Op"].as_object_mut().unwrap().remove("http");
    assert_eq!(load(&m).unwrap_err(), "tiny.json: operations.Op.http: an operation of a rest protocol needs `http`");
}

#[test]
fn malformed_uri_templates_are_located() {
    let shapes = json!({"In": {"type": "structure", "members": {
        "Name": {"shape": "Str", "location": "uri"}, "Other": {"shape": "Str"}}}});
    let err = |uri: &str| load(&rest("GET", uri, shapes.clone())).unwrap_err();
    let at = "tiny.json: operations.Op.http.requestUri: ";
    assert_eq!(err("/a/{Name"), format!(r#"{at}unclosed `{{` in "/a/{{Name""#));
    assert_eq!(err("/a/{Na{me}"), format!(r#"{at}unclosed `{{` in "/a/{{Na{{me}}""#));
    assert_eq!(err("/a/Name}"), format!(r#"{at}unmatched `}}` in "/a/Name}}""#));
    assert_eq!(err("/a/{}/{Name}"), format!(r#"{at}empty label `{{}}` in "/a/{{}}/{{Name}}""#));
    assert_eq!(err("a/{Name}"), format!(r#"{at}"a/{{Name}}" does not start with `/`"#));
    assert_eq!(
        err("/{Name}?x={Name}"),
        format!(r#"{at}a label in the query string of "/{{Name}}?x={{Name}}" (only the path can have labels)"#)
    );
    assert_eq!(
        err("/{Name}/{Other}"),
        format!(r#"{at}label {{Other}} names no input member bound to the URI (location "uri")"#)
    );
    assert_eq!(err("/{Name}/{Name+}"), format!("{at}label {{Name}} appears twice"));
    assert_eq!(
        err("/plain"),
        format!(r#"{at}input member "Name" is bound to the URI but the path has no label for it"#)
    );
}

#[test]
fn malformed_bindings_are_located() {
    let base = json!({"In": {"type": "structure", "members": {"M": {"shape": "Str"}}},
                      "Obj": {"type": "structure", "members": {}},
                      "Int": {"type": "integer"}});
    let err = |edit: &dyn Fn(&mut Value)| {
        let mut m = rest("POST", "/", base.clone());
        edit(&mut m["shapes"]);
        load(&m).unwrap_err()
    };
    assert_eq!(
        err(&|s| s["In"]["members"]["M"]["location"] = json!("cookie")),
        r#"tiny.json: shapes.In.members.M.location: unknown location "cookie" (expected uri, querystring, header, headers, statusCode)"#
    );
    assert_eq!(
        err(&|s| s["In"]["members"]["M"] = json!({"shape": "Obj", "location": "header", "locationName": "x"})),
        r#"tiny.json: shapes.In.members.M.location: a member of type "structure" cannot be bound to location "header""#
    );
    assert_eq!(
        err(&|s| s["In"]["members"]["M"] = json!({"shape": "Str", "location": "headers"})),
        r#"tiny.json: shapes.In.members.M.location: a member of type "string" cannot be bound to location "headers""#
    );
    assert_eq!(
        err(&|s| {
            s["Out"] = json!({"type": "structure", "members": {"C": {"shape": "Str", "location": "statusCode"}}});
        }),
        r#"tiny.json: shapes.Out.members.C.location: a member of type "string" cannot be bound to location "statusCode""#
    );
    assert_eq!(
        err(&|s| s["In"]["payload"] = json!("Nope")),
        r#"tiny.json: shapes.In.payload: payload "Nope" is not a member"#
    );
    assert_eq!(
        err(&|s| {
            s["In"]["payload"] = json!("M");
            s["In"]["members"]["M"] = json!({"shape": "Int"});
        }),
        r#"tiny.json: shapes.In.payload: payload "M" is of type "integer"; a payload is a structure, blob or string"#
    );
    assert_eq!(
        err(&|s| {
            s["In"]["payload"] = json!("M");
            s["In"]["members"]["M"]["location"] = json!("header");
        }),
        r#"tiny.json: shapes.In.payload: payload "M" is also bound to location "header""#
    );
}

#[test]
fn malformed_json_models_never_panic() {
    // Every key of a rich model set to values of the wrong kind: an error or a load, no panic.
    let shapes = json!({
        "In": {"type": "structure", "payload": "B", "members": {
            "N": {"shape": "Str", "location": "uri"}, "B": {"shape": "Blob"},
            "H": {"shape": "Str", "location": "header", "locationName": "h", "jsonvalue": true}}},
        "Blob": {"type": "blob", "streaming": true},
        "U": {"type": "structure", "union": true, "members": {"A": {"shape": "U"}}}});
    let base = rest("POST", "/{N}", shapes);
    let odd = [json!(null), json!(""), json!("{"), json!(7), json!(true), json!([]), json!({})];
    let paths: &[&[&str]] = &[
        &["operations", "Op", "http", "requestUri"],
        &["operations", "Op", "http", "method"],
        &["operations", "Op", "http", "responseCode"],
        &["shapes", "In", "payload"],
        &["shapes", "In", "members", "N", "location"],
        &["shapes", "In", "members", "H", "locationName"],
        &["shapes", "Blob", "streaming"],
        &["shapes", "U", "union"],
        &["metadata", "jsonVersion"],
        &["metadata", "protocol"],
    ];
    for path in paths {
        for v in &odd {
            let mut m = base.clone();
            let mut at = &mut m;
            for k in *path {
                at = &mut at[*k];
            }
            *at = v.clone();
            if let Err(e) = load(&m) {
                assert!(e.starts_with("tiny.json: "), "{e}");
            }
        }
    }
}
