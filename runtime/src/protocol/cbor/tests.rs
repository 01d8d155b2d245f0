use super::*;
use crate::cbor::CborWriter;

fn reply(status: u16, headers: &[(&str, &str)], body: Vec<u8>) -> HttpResponse {
    HttpResponse { status, headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(), body }
}

fn error_body(type_: &str, message_key: &str, message: &str) -> Vec<u8> {
    let mut w = CborWriter::new();
    w.begin_object();
    w.key("Extra");
    w.begin_array();
    w.integer(1);
    w.end_array();
    w.key("__type");
    w.string(type_);
    w.key(message_key);
    w.string(message);
    w.end_object();
    w.finish()
}

#[test]
fn the_code_is_the_sanitized_type_and_the_message_either_spelling() {
    let resp =
        reply(400, &[("x-amzn-requestid", "req-1")], error_body("smithy.example#InvalidGreeting", "Message", "Hi"));
    let meta = parse_error_metadata(&resp, false).unwrap();
    assert_eq!(meta.code, "InvalidGreeting");
    assert_eq!(meta.message.as_deref(), Some("Hi"));
    assert_eq!(meta.request_id.as_deref(), Some("req-1"));
    assert_eq!(meta.fault.as_deref(), Some("Sender"));
    let meta = parse_error_metadata(&reply(503, &[], error_body("Busy", "message", "m")), false).unwrap();
    assert_eq!((meta.code.as_str(), meta.fault.as_deref()), ("Busy", Some("Receiver")));
}

#[test]
fn a_query_compatible_header_gives_code_and_fault_only_when_the_service_is() {
    let headers = [("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender")];
    let resp = reply(400, &headers, error_body("com.amazonaws.sqs#QueueDoesNotExist", "message", "m"));
    assert_eq!(parse_error_metadata(&resp, true).unwrap().code, "AWS.SimpleQueueService.NonExistentQueue");
    assert_eq!(parse_error_metadata(&resp, false).unwrap().code, "QueueDoesNotExist");
}

#[test]
fn a_body_that_is_not_cbor_has_no_code() {
    let resp = reply(502, &[], b"<html>Bad gateway</html>".to_vec());
    match parse_error_metadata(&resp, false) {
        Err(EnvelopeError::NoCborCode(Some(_))) => {}
        other => panic!("expected NoCborCode with the reason, got {other:?}"),
    }
    assert!(matches!(parse_error_metadata(&reply(500, &[], Vec::new()), false), Err(EnvelopeError::NoCborCode(None))));
}

#[test]
fn an_empty_body_is_a_map_without_members_and_trailing_data_is_an_error() {
    let mut calls = 0;
    read_map_body(&[], |_, _| {
        calls += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(calls, 0);
    let err = read_map_body(&[0xa0, 0x00], |r, _| r.skip()).unwrap_err();
    assert_eq!(err.kind(), &CborErrorKind::TrailingData);
}
