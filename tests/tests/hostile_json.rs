//! Hostile and malformed replies to the JSON-protocol clients (DynamoDB: awsJson1_0, Lambda:
//! restJson1) through the whole pipeline: each becomes a typed error carrying the status, the
//! request id and an excerpt of the body, never a panic; what the protocols allow (unknown
//! members, `null`s) still parses.

use awsgen_runtime::credentials::Credentials;
use awsgen_runtime::http::HttpResponse;
use awsgen_runtime::retry::RetryConfig;
use awsgen_runtime::{Config, SdkError};
use awsgen_tests::ReplayClient;

fn setup(reply: HttpResponse) -> (Config, ReplayClient) {
    let transport = ReplayClient::new(vec![reply]);
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None))
        .endpoint_url("https://example.com")
        .retry(RetryConfig::disabled())
        .http_client(transport.clone())
        .build();
    (config, transport)
}

fn reply(status: u16, content_type: &str, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![("content-type".into(), content_type.into()), ("x-amzn-RequestId".into(), "rid-7".into())],
        body: body.as_bytes().to_vec(),
    }
}

/// The outcome of a DynamoDB `GetItem` answered with `resp`.
fn get_item(resp: HttpResponse) -> Result<awsgen_dynamodb::operation::get_item::GetItemOutput, String> {
    let (config, _) = setup(resp);
    let client = awsgen_dynamodb::Client::new(config);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let key = awsgen_dynamodb::types::AttributeValue { s: Some("a".into()), ..Default::default() };
    rt.block_on(client.get_item().table_name("t").key("id", key).send()).map_err(|e| match e {
        SdkError::Response(r) => {
            assert_eq!(r.request_id.as_deref(), Some("rid-7"), "{r:?}");
            format!("{} {} | {}", r.status, r.reason, r.body_excerpt)
        }
        other => panic!("expected a response error, got {other:?}"),
    })
}

#[test]
fn malformed_success_bodies_are_response_errors_with_status_request_id_and_excerpt() {
    let json = "application/x-amz-json-1.0";
    let cases = [
        ("truncated", reply(200, json, r#"{"Item": {"id": {"S": "a"#)),
        ("not JSON", reply(200, json, "Item=1")),
        ("an HTML page from a proxy", reply(200, "text/html", "<html><body>Gateway</body></html>")),
        ("a member of the wrong type", reply(200, json, r#"{"Item": ["not", "a", "map"]}"#)),
        ("a number out of range", reply(200, json, r#"{"ConsumedCapacity": {"CapacityUnits": 1e999}}"#)),
        ("trailing garbage", reply(200, json, r#"{"Item": {}} {}"#)),
        ("an array body", reply(200, json, "[]")),
    ];
    for (what, resp) in cases {
        let body = String::from_utf8(resp.body.clone()).unwrap();
        let err = get_item(resp).expect_err(what);
        assert!(err.starts_with("200 "), "{what}: {err}");
        assert!(
            err.ends_with(&body[..body.len().min(40)]) || err.contains(&body[..body.len().min(20)]),
            "{what}: {err}"
        );
    }
}

#[test]
fn unknown_members_and_nulls_are_what_the_protocol_allows() {
    let body = r#"{"Future": {"deep": [1, {"x": null}]}, "Item": {"id": {"S": "a", "Z": 9}, "n": null}}"#;
    let out = get_item(reply(200, "application/x-amz-json-1.0", body)).unwrap();
    let item = out.item.unwrap();
    assert_eq!(item["id"].s.as_deref(), Some("a"));
    assert!(!item.contains_key("n"), "a null map value in a dense map is dropped: {item:?}");
    // An empty body is an output without members.
    let out = get_item(reply(200, "application/x-amz-json-1.0", "")).unwrap();
    assert!(out.item.is_none());
}

#[test]
fn an_error_reply_without_a_code_is_a_response_error() {
    let err = get_item(reply(500, "text/html", "<html>Internal error</html>")).unwrap_err();
    assert!(err.starts_with("500 "), "{err}");
    assert!(err.contains("<html>Internal error</html>"), "{err}");
}

#[test]
fn a_rest_json_error_is_typed_from_its_header_and_an_empty_label_fails_before_any_io() {
    use awsgen_lambda::operation::get_function::GetFunctionError;
    let mut resp = reply(404, "application/json", r#"{"Type": "User", "message": "Function not found"}"#);
    resp.headers.push(("X-Amzn-ErrorType".into(), "ResourceNotFoundException:http://internal/".into()));
    let (config, transport) = setup(resp);
    let client = awsgen_lambda::Client::new(config);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let err = rt.block_on(client.get_function().function_name("my fn").send()).unwrap_err();
    let SdkError::Service(GetFunctionError::ResourceNotFoundException(e)) = err else {
        panic!("expected the typed error, got {err:?}")
    };
    assert_eq!((e.message(), e.request_id()), (Some("Function not found"), Some("rid-7")));
    assert_eq!(e.r#type.as_deref(), Some("User"));
    assert_eq!(transport.sent()[0].url, "https://example.com/2015-03-31/functions/my%20fn");

    let (config, transport) = setup(reply(200, "application/json", "{}"));
    let client = awsgen_lambda::Client::new(config);
    let err = rt.block_on(client.get_function().function_name("").send()).unwrap_err();
    assert!(matches!(&err, SdkError::InvalidRequest(e) if e.member == "FunctionName"), "{err:?}");
    assert!(transport.sent().is_empty());
}
