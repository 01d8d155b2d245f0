//! Error metadata of the JSON protocols, on the replies of botocore's `json`, `json_1_0`,
//! `json_1_0-query-compatible` and `rest-json` output suites and on hostile replies.

use super::*;
use crate::protocol::Protocol;

fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        body: body.as_bytes().to_vec(),
    }
}

fn code(resp: &HttpResponse) -> String {
    parse_error_metadata(resp, false).unwrap().code
}

#[test]
fn codes_are_sanitized_of_namespace_and_suffix() {
    for raw in [
        "FooError",
        "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
        "aws.protocoltests.restjson#FooError",
        "aws.protocoltests.json10#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
        " FooError ",
    ] {
        assert_eq!(sanitize_error_code(raw), "FooError", "{raw}");
    }
    assert_eq!(sanitize_error_code("a#b#Last"), "Last");
    assert_eq!(sanitize_error_code(":x"), "");
}

/// The `GreetingWithErrors` cases of the three suites: the code in the header, in `code` or
/// in `__type`, bare, namespaced, suffixed or both.
#[test]
fn the_code_comes_from_the_header_or_type_or_code() {
    let suffixed = "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/";
    for raw in ["FooError", "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", suffixed] {
        assert_eq!(code(&reply(500, &[("X-Amzn-Errortype", raw)], "")), "FooError", "header {raw}");
        for key in ["code", "__type"] {
            let body = format!("{{\n    \"{key}\": \"{raw}\"\n}}");
            assert_eq!(code(&reply(500, &[("Content-Type", "application/json")], &body)), "FooError", "{body}");
        }
    }
    // restJson1's ComplexError: the header names the error, the body holds only its members.
    let body = r#"{"TopLevel": "Top level", "Nested": {"Fooooo": "bar"}}"#;
    let meta = parse_error_metadata(&reply(403, &[("X-Amzn-Errortype", "ComplexError")], body), false).unwrap();
    assert_eq!((meta.code.as_str(), meta.message, meta.status), ("ComplexError", None, 403));
}

#[test]
fn the_header_wins_over_the_body_and_type_over_code() {
    let headers = [("x-amzn-errortype", "FromHeader")];
    let body = r#"{"code": "FromCode", "__type": "ns#FromType"}"#;
    assert_eq!(code(&reply(400, &headers, body)), "FromHeader");
    assert_eq!(code(&reply(400, &[], body)), "FromType");
    assert_eq!(code(&reply(400, &[], r#"{"Code": "Upper", "code": "lower"}"#)), "lower");
    // An empty header or `__type` is no code: the next source is asked.
    assert_eq!(code(&reply(400, &[("x-amzn-errortype", "")], r##"{"__type": "ns#", "code": "C"}"##)), "C");
}

#[test]
fn message_request_id_and_fault() {
    let body = r#"{"__type": "aws.protocoltests.json10#InvalidGreeting", "Message": "Hi"}"#;
    let resp = reply(400, &[("x-amzn-RequestId", "rid-1")], body);
    let meta = parse_error_metadata(&resp, false).unwrap();
    assert_eq!(meta.code, "InvalidGreeting");
    assert_eq!(meta.message.as_deref(), Some("Hi"));
    assert_eq!(meta.request_id.as_deref(), Some("rid-1"));
    assert_eq!(meta.fault.as_deref(), Some("Sender"));
    let meta = parse_error_metadata(&reply(503, &[("x-amz-request-id", "rid-2")], body), false).unwrap();
    assert_eq!((meta.fault.as_deref(), meta.request_id.as_deref()), (Some("Receiver"), Some("rid-2")));
    // `message` is preferred over `Message`, which is preferred over `errorMessage`, in any order.
    let body = r#"{"__type": "X", "errorMessage": "third", "Message": "second", "message": "first"}"#;
    assert_eq!(parse_error_metadata(&reply(400, &[], body), false).unwrap().message.as_deref(), Some("first"));
    let body = r#"{"__type": "X", "errorMessage": "only"}"#;
    assert_eq!(parse_error_metadata(&reply(400, &[], body), false).unwrap().message.as_deref(), Some("only"));
    // A message that is not a string is no message; a nested `message` is a member's.
    let body = r#"{"__type": "X", "message": {"message": "nested"}, "Message": 5}"#;
    assert_eq!(parse_error_metadata(&reply(400, &[], body), false).unwrap().message, None);
}

/// `json_1_0-query-compatible`: the header's code and fault replace the body's.
#[test]
fn query_compatible_services_take_the_code_and_fault_from_the_header() {
    let body = r#"{"__type": "aws.protocoltests.json10#CustomCodeError", "message": "Hi"}"#;
    let resp = reply(400, &[("x-amzn-query-error", "Customized;Sender")], body);
    let meta = parse_error_metadata(&resp, true).unwrap();
    assert_eq!((meta.code.as_str(), meta.fault.as_deref()), ("Customized", Some("Sender")));
    assert_eq!(meta.message.as_deref(), Some("Hi"));
    let resp = reply(500, &[("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Receiver")], body);
    assert_eq!(parse_error_metadata(&resp, true).unwrap().code, "AWS.SimpleQueueService.NonExistentQueue");
    // A service that is not query-compatible ignores the header.
    assert_eq!(parse_error_metadata(&resp, false).unwrap().code, "CustomCodeError");
    // Without the header, or with a malformed one, the body's code stands.
    let plain = r#"{"__type": "aws.protocoltests.json10#NoCustomCodeError", "message": "Hi"}"#;
    assert_eq!(parse_error_metadata(&reply(400, &[], plain), true).unwrap().code, "NoCustomCodeError");
    for bad in ["Customized", ";Sender", "a;b;c"] {
        let resp = reply(400, &[("x-amzn-query-error", bad)], plain);
        assert_eq!(parse_error_metadata(&resp, true).unwrap().code, "NoCustomCodeError", "{bad}");
    }
    // The header alone is enough, whatever the body.
    let resp = reply(400, &[("x-amzn-query-error", "Throttling;Sender")], "<html>busy</html>");
    assert_eq!(parse_error_metadata(&resp, true).unwrap().code, "Throttling");
}

#[test]
fn bodies_that_are_not_json_objects_leave_the_header_to_speak() {
    let header = [("X-Amzn-ErrorType", "ServiceUnavailable")];
    for body in
        ["", "  \n", "<html><body>502 Bad Gateway</body></html>", "[1, 2]", "\"text\"", "null", "{\"__type\":", "{} x"]
    {
        let meta = parse_error_metadata(&reply(502, &header, body), false).unwrap();
        assert_eq!((meta.code.as_str(), meta.status, meta.message), ("ServiceUnavailable", 502, None), "{body:?}");
        assert_eq!(meta.fault.as_deref(), Some("Receiver"));
    }
}

#[test]
fn no_code_anywhere_is_a_typed_error() {
    assert_eq!(parse_error_metadata(&reply(500, &[], ""), false), Err(EnvelopeError::NoCode(None)));
    assert_eq!(
        parse_error_metadata(&reply(404, &[], r#"{"message": "Not Found"}"#), false),
        Err(EnvelopeError::NoCode(None))
    );
    assert_eq!(parse_error_metadata(&reply(400, &[], r#"{"code": 7}"#), false), Err(EnvelopeError::NoCode(None)));
    let err = parse_error_metadata(&reply(502, &[], "<html>Bad Gateway</html>"), false).unwrap_err();
    let EnvelopeError::NoCode(Some(json)) = &err else { panic!("{err:?}") };
    assert_eq!(json.position(), 0);
    assert!(err.to_string().contains("not a JSON object"), "{err}");
}

/// Bodies cut at every byte, or with bytes replaced, never panic; a code found is sanitized.
#[test]
fn truncated_and_corrupted_bodies_never_panic() {
    let body = r#"{"__type": "ns#Code:suffix", "message": "caf\u00e9 \"q\"", "Nested": {"a": [1, 2.5e3, null, true]}}"#;
    for end in 0..=body.len() {
        let resp = HttpResponse { status: 400, headers: vec![], body: body.as_bytes()[..end].to_vec() };
        if let Ok(meta) = parse_error_metadata(&resp, false) {
            assert_eq!(meta.code, "Code");
        }
    }
    for i in 0..body.len() {
        for b in [b'"', b'{', b']', b'\\', 0xFF, 0] {
            let mut bytes = body.as_bytes().to_vec();
            bytes[i] = b;
            let _ = parse_error_metadata(&HttpResponse { status: 400, headers: vec![], body: bytes }, false);
        }
    }
}

#[test]
fn read_object_body_reads_members_and_empty_bodies() {
    let mut seen = Vec::new();
    read_object_body(br#" {"a": 1, "b": {"c": [true]}} "#, |r, key| {
        seen.push(key.to_string());
        r.skip()
    })
    .unwrap();
    assert_eq!(seen, ["a", "b"]);
    read_object_body(b"", |_, key| panic!("member {key} in an empty body")).unwrap();
    read_object_body(b"{}", |_, key| panic!("member {key} in {{}}")).unwrap();
    assert!(read_object_body(b"[]", |r, _| r.skip()).is_err());
    assert!(read_object_body(b"{} {}", |r, _| r.skip()).is_err());
    assert!(read_object_body(br#"{"a": 1"#, |r, _| r.skip()).is_err());
}

#[test]
fn the_seam_answers_for_the_json_protocols() {
    assert_eq!(Protocol::AwsJson1_0.content_type(), "application/x-amz-json-1.0");
    assert_eq!(Protocol::AwsJson1_1.content_type(), "application/x-amz-json-1.1");
    assert_eq!(Protocol::RestJson1.content_type(), "application/json");
    let ok = reply(200, &[], r#"{"__type": "LooksLikeAnError"}"#);
    let created = reply(201, &[], "");
    for p in [Protocol::AwsJson1_0, Protocol::AwsJson1_1, Protocol::RestJson1] {
        assert!(!p.is_error_reply("Op", false, &ok), "{p:?}");
        assert!(!p.is_error_reply("Op", false, &created), "{p:?}");
        assert!(p.is_error_reply("Op", false, &reply(404, &[], "")), "{p:?}");
        assert!(p.is_error_reply("Op", false, &reply(302, &[], "")), "{p:?}");
        let resp = reply(400, &[("x-amzn-query-error", "Q;Sender")], r#"{"__type": "T"}"#);
        assert_eq!(p.error_metadata(&resp, false).unwrap().code, "T");
        assert_eq!(p.error_metadata(&resp, true).unwrap().code, "Q");
    }
    // The query protocols keep reading XML, and report its errors as such.
    let err = Protocol::Query.error_metadata(&reply(400, &[], "{}"), false).unwrap_err();
    assert!(matches!(err, EnvelopeError::Xml(_)), "{err:?}");
}
