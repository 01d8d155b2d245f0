use super::*;
use crate::protocol::Protocol;

fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        body: body.as_bytes().to_vec(),
    }
}

#[test]
fn s3_bare_error_document() {
    let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>a b</Key><RequestId>R1</RequestId><HostId>H</HostId></Error>";
    let meta = parse_error_metadata(&reply(404, &[("x-amz-request-id", "header-id")], body)).unwrap();
    assert_eq!(meta.code, "NoSuchKey");
    assert_eq!(meta.message.as_deref(), Some("The specified key does not exist."));
    assert_eq!((meta.status, meta.request_id.as_deref()), (404, Some("R1")));
    let mut r = error_element_reader(body.as_bytes()).unwrap().unwrap();
    let mut names = Vec::new();
    while let Some(t) = r.next_child().unwrap() {
        names.push(String::from_utf8_lossy(t.name()).into_owned());
        r.skip().unwrap();
    }
    assert_eq!(names, ["Code", "Message", "Key", "RequestId", "HostId"]);
}

#[test]
fn error_response_envelope() {
    let body = "<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchHostedZone</Code><Message>m</Message></Error><RequestId>R2</RequestId></ErrorResponse>";
    let meta = parse_error_metadata(&reply(404, &[], body)).unwrap();
    assert_eq!(
        (meta.code.as_str(), meta.fault.as_deref(), meta.request_id.as_deref()),
        ("NoSuchHostedZone", Some("Sender"), Some("R2"))
    );
}

/// `HEAD` answers errors without a body: the code comes from the status, the id from the header.
#[test]
fn bodiless_errors_are_named_by_status() {
    for (status, code) in [
        (404, "NotFound"),
        (403, "Forbidden"),
        (400, "BadRequest"),
        (304, "NotModified"),
        (412, "PreconditionFailed"),
        (503, "503"),
    ] {
        let meta = parse_error_metadata(&reply(status, &[("x-amz-request-id", "R3")], "")).unwrap();
        assert_eq!((meta.code.as_str(), meta.request_id.as_deref()), (code, Some("R3")));
    }
}

#[test]
fn html_truncated_and_codeless_documents_are_envelope_errors() {
    for body in [
        "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>",
        "<html><body>proxy</body></html>",
        "Service Unavailable",
        "<Error><Code>NoSuchKey</Code><Message>cut",
        "<Error><Message>no code</Message></Error>",
    ] {
        let e = parse_error_metadata(&reply(502, &[], body)).unwrap_err();
        assert!(matches!(e, EnvelopeError::Xml(_)), "{body}: {e}");
    }
}

/// Entities are never expanded: a DOCTYPE declaring them, or a reference to one, is an error.
#[test]
fn entity_bombs_are_refused() {
    let bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><Error><Code>&lol2;</Code></Error>";
    let e = parse_error_metadata(&reply(400, &[], bomb)).unwrap_err();
    assert!(e.to_string().contains("DOCTYPE declaring entities"), "{e}");
    let undefined = "<Error><Code>&lol2;</Code></Error>";
    assert!(parse_error_metadata(&reply(400, &[], undefined)).is_err());
}

/// A 200 `<Error>` is an error only for the operations that say their 200 can carry one.
#[test]
fn an_error_document_in_a_200_counts_only_when_the_operation_says_so() {
    let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\n<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>";
    let ok = reply(200, &[], body);
    assert!(Protocol::RestXml.is_error_reply("CopyObject", true, &ok));
    assert!(!Protocol::RestXml.is_error_reply("GetBucketAcl", false, &ok));
    let result = reply(200, &[], "<CopyObjectResult><ETag>x</ETag></CopyObjectResult>");
    assert!(!Protocol::RestXml.is_error_reply("CopyObject", true, &result));
    assert!(!Protocol::RestXml.is_error_reply("CopyObject", true, &reply(200, &[], "")));
    assert_eq!(parse_error_metadata(&ok).unwrap().code, "InternalError");
}

/// A 301 names the bucket's region; S3's extended request id is kept.
#[test]
fn a_permanent_redirect_carries_the_bucket_region() {
    let body = "<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message><Endpoint>b.s3.eu-west-1.amazonaws.com</Endpoint><Bucket>b</Bucket></Error>";
    let headers = [("x-amz-bucket-region", "eu-west-1"), ("x-amz-id-2", "ext-1"), ("x-amz-request-id", "R")];
    let meta = parse_error_metadata(&reply(301, &headers, body)).unwrap();
    assert_eq!(
        (meta.code.as_str(), meta.region(), meta.extended_request_id()),
        ("PermanentRedirect", Some("eu-west-1"), Some("ext-1"))
    );
    let meta = parse_error_metadata(&reply(301, &headers, "")).unwrap();
    assert_eq!(
        (meta.code.as_str(), meta.region(), meta.request_id.as_deref()),
        ("PermanentRedirect", Some("eu-west-1"), Some("R"))
    );
}
