//! Seeds of the `response` target for the JSON-protocol clients (SQS: awsJson1_0 with
//! query-compatible errors; Lambda: restJson1): per operation a 2xx reply built from its
//! output shape (a JSON body with every body member; with restJson1, a header per
//! header-bound member, the payload member as the whole body, the operation's success code),
//! an error reply per modeled error (`__type` in the body, `X-Amzn-ErrorType` for restJson1,
//! `x-amzn-query-error` for a query-compatible service), and hostile replies (a proxy's HTML,
//! truncated JSON, huge numbers, deep nesting, an error body under 200).

use anyhow::Result;
use awsgen_codegen::ir::{Binding, Protocol, Service, ShapeKind, TimestampFormat};
use std::fmt::Write;

/// How deep the sample values nest structures before leaving recursive members out.
const MAX_SAMPLE_DEPTH: usize = 4;

/// A reply: status, headers, body.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Every seed reply of a JSON-protocol service, named, with its operation's index.
pub fn replies(svc: &Service) -> Result<Vec<(String, usize, Reply)>> {
    let mut out = Vec::new();
    let mut codes = std::collections::BTreeSet::new();
    for (i, op) in svc.operations.iter().enumerate() {
        out.push((format!("ok-{}", op.name), i, ok_reply(svc, &op.output, op.http.success_code)));
        for error in &op.errors {
            let ShapeKind::Structure(st) = &svc.shape(error).kind else { continue };
            let Some(info) = &st.error else { continue };
            if !codes.insert(info.code.clone()) {
                continue;
            }
            out.push((format!("error-{}-{error}", op.name), i, error_reply(svc, error)));
        }
    }
    let sample = out.first().map(|(_, _, r)| r.body.clone()).unwrap_or_default();
    let json_type = content_type(svc.protocol);
    let hostile: [(&str, u16, &str, Vec<u8>); 9] = [
        (
            "html-proxy",
            502,
            "text/html",
            b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>".to_vec(),
        ),
        ("html-under-200", 200, "text/html", b"<!DOCTYPE html><html><body>captive portal</body></html>".to_vec()),
        ("truncated", 200, json_type, sample[..sample.len() / 2].to_vec()),
        ("truncated-error", 400, json_type, br#"{"__type":"Throttl"#.to_vec()),
        ("huge-numbers", 200, json_type, huge_numbers(svc)),
        ("deep-nesting", 200, json_type, format!("{}{}", "[".repeat(5000), "]".repeat(5000)).into_bytes()),
        ("deep-objects", 400, json_type, format!("{}1{}", r#"{"a":"#.repeat(3000), "}".repeat(3000)).into_bytes()),
        ("error-under-200", 200, json_type, br#"{"__type":"InternalFailure","message":"under 200"}"#.to_vec()),
        ("not-an-object", 500, json_type, br#"["__type","ServiceUnavailable"]"#.to_vec()),
    ];
    for (name, status, ty, body) in hostile {
        let headers = vec![("content-type".to_owned(), ty.to_owned())];
        out.push((format!("hostile-{name}"), 0, Reply { status, headers, body }));
    }
    Ok(out)
}

fn content_type(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
        Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
        _ => "application/json",
    }
}

/// The usual headers of a reply of this service.
fn base_headers(svc: &Service) -> Vec<(String, String)> {
    vec![
        ("content-type".to_owned(), content_type(svc.protocol).to_owned()),
        ("x-amzn-requestid".to_owned(), "5b6c8d9e-0000-4000-8000-00000000fuzz".to_owned()),
    ]
}

/// A 2xx reply to an operation whose output shape is `output`.
fn ok_reply(svc: &Service, output: &str, success_code: u16) -> Reply {
    let mut headers = base_headers(svc);
    let mut body = None;
    let mut filler = Filler { svc, index: 0 };
    let mut object = String::from("{");
    let mut first = true;
    for m in &svc.structure(output).members {
        match &m.binding {
            Binding::Body => {
                if !first {
                    object.push(',');
                }
                first = false;
                let _ = write!(object, "{}:", json_string(&m.json_name));
                filler.value(&mut object, &m.target, Some(m.timestamp_format), 1);
            }
            Binding::Header(name) => {
                headers.push((name.clone(), filler.header_value(&m.target, m.json_value, m.timestamp_format)))
            }
            Binding::PrefixHeaders(prefix) => {
                headers.push((format!("{prefix}one"), "1".to_owned()));
                headers.push((format!("{prefix}Two"), "two".to_owned()));
            }
            Binding::Payload => {
                body = Some(match &svc.shape(&m.target).kind {
                    ShapeKind::Blob => b"\x00\x01payload bytes\xff".to_vec(),
                    ShapeKind::String(_) => b"payload text".to_vec(),
                    _ => {
                        let mut s = String::new();
                        filler.value(&mut s, &m.target, None, 1);
                        s.into_bytes()
                    }
                });
            }
            Binding::StatusCode | Binding::Label | Binding::Query(_) | Binding::QueryParams | Binding::Endpoint => {}
        }
    }
    object.push('}');
    Reply { status: success_code, headers, body: body.unwrap_or_else(|| object.into_bytes()) }
}

/// An error reply for exception `id`: its modeled status, its code where the protocol puts it.
fn error_reply(svc: &Service, id: &str) -> Reply {
    let shape = svc.shape(id);
    let ShapeKind::Structure(st) = &shape.kind else { unreachable!("an exception is a structure") };
    let info = st.error.as_ref().expect("an exception");
    let mut headers = base_headers(svc);
    let mut filler = Filler { svc, index: 0 };
    let wire_type = info.alt_code.clone().unwrap_or_else(|| info.code.clone());
    let mut body = format!("{{\"__type\":{}", json_string(&format!("com.amazonaws.fuzz#{wire_type}")));
    for m in &st.members {
        match &m.binding {
            Binding::Header(name) => {
                headers.push((name.clone(), filler.header_value(&m.target, m.json_value, m.timestamp_format)))
            }
            Binding::Body => {
                let _ = write!(body, ",{}:", json_string(&m.json_name));
                filler.value(&mut body, &m.target, Some(m.timestamp_format), 1);
            }
            _ => {}
        }
    }
    body.push('}');
    if svc.protocol == Protocol::RestJson1 {
        headers.push(("x-amzn-errortype".to_owned(), format!("{}:http://internal.amazon.com/", info.code)));
    }
    if svc.query_compatible {
        let fault = if info.sender_fault { "Sender" } else { "Receiver" };
        headers.push(("x-amzn-query-error".to_owned(), format!("{};{fault}", info.code)));
    }
    Reply { status: info.http_status.clamp(100, 599), headers, body: body.into_bytes() }
}

/// An object with a huge number under every numeric member of the first output that has one.
fn huge_numbers(svc: &Service) -> Vec<u8> {
    let numbers = ["1e999999", "-123456789012345678901234567890", "9223372036854775808", "1.7976931348623157e309"];
    let mut body = String::from("{");
    for op in &svc.operations {
        for m in &svc.structure(&op.output).members {
            let numeric = matches!(
                svc.shape(&m.target).kind,
                ShapeKind::Integer | ShapeKind::Long | ShapeKind::Float | ShapeKind::Double | ShapeKind::Timestamp(_)
            );
            if numeric && m.binding == Binding::Body {
                if body.len() > 1 {
                    body.push(',');
                }
                let _ = write!(body, "{}:{}", json_string(&m.json_name), numbers[body.len() % numbers.len()]);
            }
        }
        if body.len() > 1 {
            break;
        }
    }
    body.push('}');
    body.into_bytes()
}

fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

/// Writes sample values of shapes as JSON.
struct Filler<'a> {
    svc: &'a Service,
    /// Counts values written, so they differ.
    index: usize,
}

impl Filler<'_> {
    /// The value of shape `id` (a member's timestamp format, if any) at `depth`.
    fn value(&mut self, out: &mut String, id: &str, ts: Option<TimestampFormat>, depth: usize) {
        self.index += 1;
        let n = self.index;
        let shape = self.svc.shape(id);
        match &shape.kind {
            ShapeKind::Structure(st) | ShapeKind::Union(st) => {
                let union = matches!(shape.kind, ShapeKind::Union(_));
                out.push('{');
                let mut first = true;
                if depth <= MAX_SAMPLE_DEPTH {
                    for m in st.members.iter().take(if union { 1 } else { usize::MAX }) {
                        if !first {
                            out.push(',');
                        }
                        first = false;
                        let _ = write!(out, "{}:", json_string(&m.json_name));
                        self.value(out, &m.target, Some(m.timestamp_format), depth + 1);
                    }
                }
                out.push('}');
            }
            ShapeKind::Document => out.push_str(r#"{"doc":[1,2.5,"x",true,null,{"n":{}}]}"#),
            ShapeKind::List(l) => {
                out.push('[');
                if depth <= MAX_SAMPLE_DEPTH {
                    self.value(out, &l.member, None, depth + 1);
                    out.push(',');
                    self.value(out, &l.member, None, depth + 1);
                }
                out.push(']');
            }
            ShapeKind::Map(m) => {
                out.push('{');
                if depth <= MAX_SAMPLE_DEPTH {
                    for k in 0..2 {
                        if k > 0 {
                            out.push(',');
                        }
                        let _ = write!(out, "\"key{k}\":");
                        self.value(out, &m.value, None, depth + 1);
                    }
                }
                out.push('}');
            }
            ShapeKind::String(Some(values)) => {
                out.push_str(&json_string(values.first().map(|v| v.value.as_str()).unwrap_or("x")))
            }
            ShapeKind::String(None) => out.push_str(&json_string(&format!("string-{n} é \u{1F600}"))),
            ShapeKind::Boolean => out.push_str(if n.is_multiple_of(2) { "true" } else { "false" }),
            ShapeKind::Integer => out.push_str(&(n as i64 * 7).to_string()),
            ShapeKind::Long => out.push_str(&(1_234_567_890_123 + n as i64).to_string()),
            ShapeKind::Float | ShapeKind::Double => out.push_str(&format!("{}.5", n)),
            ShapeKind::Timestamp(_) => {
                let format = ts.unwrap_or_else(|| self.svc.timestamp_format_of(id));
                match format {
                    TimestampFormat::EpochSeconds => out.push_str("1700000000.25"),
                    TimestampFormat::Iso8601 => out.push_str("\"2023-11-14T22:13:20.250Z\""),
                    TimestampFormat::HttpDate => out.push_str("\"Tue, 14 Nov 2023 22:13:20 GMT\""),
                }
            }
            ShapeKind::Blob => out.push_str("\"AAECAwQ=\""),
        }
    }

    /// A header's value for a member targeting `id`.
    fn header_value(&mut self, id: &str, json_value: bool, ts: TimestampFormat) -> String {
        if json_value {
            return "eyJrIjpbMSwidiJdfQ==".to_owned(); // {"k":[1,"v"]}
        }
        match &self.svc.shape(id).kind {
            ShapeKind::List(l) => {
                let item = self.header_value(&l.member, false, ts);
                format!("{item}, \"quoted, item\", {item}")
            }
            ShapeKind::String(Some(values)) => values.first().map(|v| v.value.clone()).unwrap_or_default(),
            ShapeKind::String(None) => "header text".to_owned(),
            ShapeKind::Boolean => "true".to_owned(),
            ShapeKind::Integer | ShapeKind::Long => "42".to_owned(),
            ShapeKind::Float | ShapeKind::Double => "1.5".to_owned(),
            ShapeKind::Timestamp(_) => match ts {
                TimestampFormat::EpochSeconds => "1700000000".to_owned(),
                TimestampFormat::Iso8601 => "2023-11-14T22:13:20Z".to_owned(),
                TimestampFormat::HttpDate => "Tue, 14 Nov 2023 22:13:20 GMT".to_owned(),
            },
            ShapeKind::Blob => "AAECAwQ=".to_owned(),
            _ => "x".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(name: &str) -> Service {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask/ has a parent");
        let model = crate::botocore::latest_model(&root.join("models").join(name)).expect("a model");
        let text = std::fs::read_to_string(&model).expect("the model reads");
        awsgen_codegen::load_botocore("service-2.json", &text).expect("the model loads")
    }

    fn header<'r>(reply: &'r Reply, name: &str) -> Option<&'r str> {
        reply.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    #[test]
    fn sqs_replies_are_json_with_query_error_headers() {
        let svc = load("sqs");
        let replies = replies(&svc).expect("replies");
        let mut errors = 0;
        for (name, _, reply) in replies.iter().filter(|(n, _, _)| !n.starts_with("hostile-")) {
            let body: serde_json::Value = serde_json::from_slice(&reply.body).unwrap_or_else(|e| panic!("{name}: {e}"));
            if name.starts_with("error-") {
                errors += 1;
                assert!(reply.status >= 400, "{name}: status {}", reply.status);
                assert!(body["__type"].is_string(), "{name}: no __type");
                let query = header(reply, "x-amzn-query-error").unwrap_or_else(|| panic!("{name}: no query error"));
                assert!(query.ends_with(";Sender") || query.ends_with(";Receiver"), "{name}: {query}");
            } else {
                assert_eq!(reply.status, 200, "{name}");
            }
        }
        assert!(errors > 0, "no SQS error seeds");
    }

    #[test]
    fn lambda_replies_bind_headers_and_payloads() {
        let svc = load("lambda");
        let replies = replies(&svc).expect("replies");
        // GetFunction's body names its members; Invoke's payload is the whole body and its
        // header-bound members are headers.
        let by_name = |n: &str| &replies.iter().find(|(name, _, _)| name == n).unwrap_or_else(|| panic!("no {n}")).2;
        let get = by_name("ok-GetFunction");
        let body: serde_json::Value = serde_json::from_slice(&get.body).expect("GetFunction's body is JSON");
        assert!(body["Configuration"]["FunctionName"].is_string(), "{body}");
        let invoke = by_name("ok-Invoke");
        assert_eq!(invoke.body, b"\x00\x01payload bytes\xff");
        assert!(header(invoke, "X-Amz-Function-Error").is_some(), "{:?}", invoke.headers);
        let errors: Vec<_> = replies.iter().filter(|(n, _, _)| n.starts_with("error-")).collect();
        assert!(!errors.is_empty());
        for (name, _, reply) in errors {
            assert!(header(reply, "x-amzn-errortype").is_some(), "{name}: no X-Amzn-ErrorType");
            assert!(reply.status >= 400, "{name}: status {}", reply.status);
        }
    }
}
