//! The JSON protocols' traits for the structure-aware mutator ([`crate::mutate`]): HTTP
//! bindings (`location` / `locationName`, `payload`, Smithy's `@http*` traits), `requestUri`
//! templates (labels, greedy labels, labels of no member, broken braces, query literals), the
//! flags of unions, documents, sparse collections, streaming blobs and event streams,
//! `jsonvalue`, and the protocol itself (`json`, `rest-json`, `awsQueryCompatible`).

use crate::mutate::{Rng, ODD_NAMES};
use serde_json::{json, Map, Value};

/// Botocore member locations, one odd.
const LOCATIONS: &[&str] = &["uri", "querystring", "header", "headers", "statusCode", "body", ""];

const PROTOCOLS: &[&str] = &["json", "rest-json", "query", "ec2", "rest-xml", "smithy-rpc-v2-cbor", ""];

const SMITHY_PROTOCOLS: &[&str] =
    &["aws.protocols#restJson1", "aws.protocols#awsJson1_0", "aws.protocols#awsJson1_1", "aws.protocols#awsQuery"];

/// One JSON-protocol change to a model of either format.
pub fn mutate(root: &mut Value, rng: &mut Rng, smithy: bool) {
    if smithy {
        smithy_trait(root, rng);
        return;
    }
    match rng.below(6) {
        0 => member_location(root, rng),
        1 => request_uri(root, rng),
        2 => shape_flag(root, rng),
        3 => payload(root, rng),
        4 => protocol(root, rng),
        _ => http_codes(root, rng),
    }
}

/// A random shape (name, object).
fn random_shape<'a>(root: &'a mut Value, rng: &mut Rng) -> Option<(String, &'a mut Map<String, Value>)> {
    let shapes = root.get_mut("shapes")?.as_object_mut()?;
    let name = shapes.keys().nth(rng.below(shapes.len()))?.clone();
    let shape = shapes.get_mut(&name)?.as_object_mut()?;
    Some((name, shape))
}

/// A random member of a random structure: (its name, the member object, every member name).
fn random_member<'a>(root: &'a mut Value, rng: &mut Rng) -> Option<(String, &'a mut Map<String, Value>, Vec<String>)> {
    let (_, shape) = random_shape(root, rng)?;
    let members = shape.get_mut("members")?.as_object_mut()?;
    let names: Vec<String> = members.keys().cloned().collect();
    let name = names.get(rng.below(names.len()))?.clone();
    let member = members.get_mut(&name)?.as_object_mut()?;
    Some((name, member, names))
}

/// A member moved to another place of the HTTP message, or its wire name changed.
fn member_location(root: &mut Value, rng: &mut Rng) {
    let Some((name, member, others)) = random_member(root, rng) else { return };
    match rng.below(4) {
        0 => {
            member.insert("location".into(), json!(*rng.pick(LOCATIONS)));
        }
        1 => {
            let wire = match rng.below(4) {
                0 => json!(*rng.pick(ODD_NAMES)),
                1 => json!(rng.pick(&others)),
                2 => json!(format!("x-amz-{}", name.to_lowercase())),
                _ => json!(name),
            };
            member.insert("locationName".into(), wire);
        }
        2 => {
            member.remove("location");
            member.remove("locationName");
        }
        _ => {
            member.insert("location".into(), json!(*rng.pick(LOCATIONS)));
            member.insert(
                "locationName".into(),
                json!(*rng.pick(&["", "x-amz-meta-", "Content-Type", "{x}", name.as_str()])),
            );
        }
    }
}

/// An operation's `requestUri` rewritten: labels of its input's members, greedy labels, labels
/// of no member, repeated labels, broken braces, query literals.
fn request_uri(root: &mut Value, rng: &mut Rng) {
    let labels: Vec<String> = {
        let shapes = root.get("shapes").and_then(Value::as_object);
        shapes
            .map(|s| s.values().filter_map(|v| v.get("members")?.as_object()).flat_map(|m| m.keys().cloned()).collect())
            .unwrap_or_default()
    };
    let Some(ops) = root.get_mut("operations").and_then(Value::as_object_mut) else { return };
    let at = rng.below(ops.len());
    let Some(op) = ops.values_mut().nth(at).and_then(Value::as_object_mut) else { return };
    let label = labels.get(rng.below(labels.len())).cloned().unwrap_or_else(|| "Name".into());
    let odd = *rng.pick(ODD_NAMES);
    let uri = match rng.below(14) {
        0 => format!("/things/{{{label}}}"),
        1 => format!("/things/{{{label}+}}"),
        2 => format!("/{{{label}+}}/tail"),
        3 => format!("/a/{{{label}}}/b/{{{label}}}"),
        4 => format!("/{{{odd}}}"),
        5 => "/{".to_owned(),
        6 => "/}".to_owned(),
        7 => "/{}".to_owned(),
        8 => format!("/{{{label}}}{{{label}+}}"),
        9 => format!("/x?{odd}=1&flag&={label}"),
        10 => format!("/{{{label}}}?versionId={{{label}}}"),
        11 => String::new(),
        12 => format!("no-slash/{{{label}}}"),
        _ => format!("/{{{label}+}}/{{{label}+}}"),
    };
    let http = op.entry("http").or_insert_with(|| json!({ "method": "POST" }));
    if let Some(http) = http.as_object_mut() {
        http.insert("requestUri".into(), json!(uri));
    }
}

/// A shape gets a JSON flag: `union`, `document`, `sparse`, `streaming`, `eventstream`,
/// `exception`; or a member gets `jsonvalue`, `hostLabel`, `idempotencyToken`.
fn shape_flag(root: &mut Value, rng: &mut Rng) {
    if rng.one_in(3) {
        let Some((_, member, _)) = random_member(root, rng) else { return };
        let key = *rng.pick(&["jsonvalue", "hostLabel", "idempotencyToken", "streaming", "eventpayload"]);
        member.insert(key.into(), json!(true));
        return;
    }
    let Some((_, shape)) = random_shape(root, rng) else { return };
    let key =
        *rng.pick(&["union", "document", "sparse", "streaming", "eventstream", "event", "exception", "requiresLength"]);
    shape.insert(key.into(), json!(!rng.one_in(8)));
    if key == "document" && rng.one_in(2) {
        shape.insert("type".into(), json!("structure"));
    }
}

/// A structure's `payload` set to one of its members, to no member, or removed.
fn payload(root: &mut Value, rng: &mut Rng) {
    let Some((_, shape)) = random_shape(root, rng) else { return };
    let members: Vec<String> =
        shape.get("members").and_then(Value::as_object).map(|m| m.keys().cloned().collect()).unwrap_or_default();
    match rng.below(4) {
        0 => {
            shape.remove("payload");
        }
        1 => {
            shape.insert("payload".into(), json!(*rng.pick(ODD_NAMES)));
        }
        _ if !members.is_empty() => {
            shape.insert("payload".into(), json!(rng.pick(&members)));
        }
        _ => {}
    }
}

/// The protocol and its metadata changed.
fn protocol(root: &mut Value, rng: &mut Rng) {
    let Some(meta) = root.get_mut("metadata").and_then(Value::as_object_mut) else { return };
    match rng.below(5) {
        0 => {
            meta.insert("protocol".into(), json!(*rng.pick(PROTOCOLS)));
        }
        1 => {
            meta.insert("protocols".into(), json!([*rng.pick(PROTOCOLS), *rng.pick(PROTOCOLS)]));
        }
        2 => {
            meta.insert("jsonVersion".into(), json!(*rng.pick(&["1.0", "1.1", "2.0", ""])));
        }
        3 => {
            meta.insert("targetPrefix".into(), json!(*rng.pick(ODD_NAMES)));
        }
        _ => {
            if meta.remove("awsQueryCompatible").is_none() {
                meta.insert("awsQueryCompatible".into(), json!({}));
            }
        }
    }
}

/// An operation's method and success code, or an error's status, changed.
fn http_codes(root: &mut Value, rng: &mut Rng) {
    let Some(ops) = root.get_mut("operations").and_then(Value::as_object_mut) else { return };
    let at = rng.below(ops.len());
    let Some(op) = ops.values_mut().nth(at).and_then(Value::as_object_mut) else { return };
    let http = op.entry("http").or_insert_with(|| json!({ "requestUri": "/" }));
    let Some(http) = http.as_object_mut() else { return };
    if rng.one_in(2) {
        http.insert("method".into(), json!(*rng.pick(&["GET", "PUT", "DELETE", "HEAD", "PATCH", "get", "", "BREW"])));
    } else {
        http.insert("responseCode".into(), json!(*rng.pick(&[200, 201, 204, 206, 299, 304, 404, 0, 1000, -1])));
    }
}

/// A Smithy HTTP-binding or JSON trait on a random shape or member.
fn smithy_trait(root: &mut Value, rng: &mut Rng) {
    let odd = *rng.pick(ODD_NAMES);
    let Some((_, shape)) = random_shape(root, rng) else { return };
    let member_names: Vec<String> =
        shape.get("members").and_then(Value::as_object).map(|m| m.keys().cloned().collect()).unwrap_or_default();
    let is_service = shape.get("type").and_then(Value::as_str) == Some("service");
    let is_operation = shape.get("type").and_then(Value::as_str) == Some("operation");
    let label = member_names.first().cloned().unwrap_or_else(|| "Name".into());
    let on_member = !member_names.is_empty() && rng.one_in(2);
    let target = if on_member {
        let m = rng.pick(&member_names).clone();
        match shape.get_mut("members").and_then(|ms| ms.get_mut(&m)).and_then(Value::as_object_mut) {
            Some(t) => t,
            None => return,
        }
    } else {
        shape
    };
    let traits = target.entry("traits").or_insert_with(|| json!({}));
    let Some(traits) = traits.as_object_mut() else { return };
    let (id, value) = if is_service && !on_member {
        let mut protocol = (*rng.pick(SMITHY_PROTOCOLS), json!({}));
        if rng.one_in(3) {
            protocol = ("aws.protocols#awsQueryCompatible", json!({}));
        }
        protocol
    } else if is_operation && !on_member {
        let uri = *rng.pick(&["/", "/{", "/a/{X}", "/a/{X+}/b", "/{}", "/x?y=1&z"]);
        let uri = if rng.one_in(2) { format!("/items/{{{label}}}") } else { uri.to_owned() };
        (
            "smithy.api#http",
            json!({ "method": *rng.pick(&["GET", "POST", "PUT", ""]), "uri": uri, "code": *rng.pick(&[200, 204, 0, 999]) }),
        )
    } else {
        match rng.below(14) {
            0 => ("smithy.api#httpLabel", json!({})),
            1 => ("smithy.api#httpQuery", json!(*rng.pick(&["q", "", odd]))),
            2 => ("smithy.api#httpHeader", json!(*rng.pick(&["x-amz-h", "", "Content-Type", odd]))),
            3 => ("smithy.api#httpPrefixHeaders", json!(*rng.pick(&["x-amz-meta-", "", odd]))),
            4 => ("smithy.api#httpPayload", json!({})),
            5 => ("smithy.api#httpResponseCode", json!({})),
            6 => ("smithy.api#httpQueryParams", json!({})),
            7 => ("smithy.api#jsonName", json!(odd)),
            8 => ("smithy.api#sparse", json!({})),
            9 => ("smithy.api#streaming", json!({})),
            10 => ("smithy.api#mediaType", json!(*rng.pick(&["application/json", "text/plain", odd]))),
            11 => ("smithy.api#hostLabel", json!({})),
            12 => ("smithy.api#eventPayload", json!({})),
            _ => ("smithy.api#httpError", json!(*rng.pick(&[400, 404, 500, 0, 1000]))),
        }
    };
    traits.insert(id.to_owned(), value);
}
