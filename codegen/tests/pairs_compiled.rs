//! The code of the model → generated-code pairs (`pairs.rs`, `tests/pairs/`) compiled, each pair
//! a module, and called over the real pipeline with a transport that records the request and
//! answers with a canned reply.

// The generated code derives serde behind its crate's `serde` feature, which this test crate
// does not have.
#![allow(unexpected_cfgs)]

use awsgen_runtime::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError};
use std::sync::{Arc, Mutex};

#[allow(dead_code, unused_imports)] // a whole client; the tests call a part of it
mod document {
    include!("pairs/document/generated.rs");
}
#[allow(dead_code, unused_imports)] // a whole client; the tests call a part of it
mod error_header {
    include!("pairs/error_header/generated.rs");
}
#[allow(dead_code, unused_imports)] // a whole client; the tests call a part of it
mod greedy_label {
    include!("pairs/greedy_label/generated.rs");
}
#[allow(dead_code, unused_imports)] // a whole client; the tests call a part of it
mod header_list {
    include!("pairs/header_list/generated.rs");
}
#[allow(dead_code, unused_imports)] // a whole client; the tests call a part of it
mod label {
    include!("pairs/label/generated.rs");
}
#[allow(dead_code, unused_imports)] // a whole client; the tests call a part of it
mod payload_blob {
    include!("pairs/payload_blob/generated.rs");
}
#[allow(dead_code, unused_imports)] // a whole client; the tests call a part of it
mod union {
    include!("pairs/union/generated.rs");
}
#[allow(dead_code, unused_imports)] // a whole client; the tests call a part of it
mod xml_payload {
    include!("pairs/xml_payload/generated.rs");
}

/// A transport that keeps each request and answers with one canned reply.
#[derive(Debug, Clone)]
struct Canned {
    reply: HttpResponse,
    sent: Arc<Mutex<Vec<HttpRequest>>>,
}

impl HttpClient for Canned {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.sent.lock().unwrap().push(request);
        let reply = self.reply.clone();
        Box::pin(async move { Ok(reply) })
    }
}

fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> Canned {
    let headers = headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    Canned { reply: HttpResponse { status, headers, body: body.into() }, sent: Arc::default() }
}

fn config(transport: &Canned) -> awsgen_runtime::Config {
    awsgen_runtime::Config::builder()
        .region("us-east-1")
        .credentials(awsgen_runtime::credentials::Credentials::new("AKID", "secret", None))
        .endpoint_url("https://example.com")
        .retry(awsgen_runtime::retry::RetryConfig::disabled())
        .http_client(transport.clone())
        .build()
}

impl Canned {
    fn request(&self) -> HttpRequest {
        self.sent.lock().unwrap().last().cloned().expect("a request was sent")
    }
}

#[tokio::test]
async fn a_label_is_percent_encoded_into_one_path_segment() {
    let t = reply(200, &[], r#"{"Name": "thing"}"#);
    let out = label::Client::new(config(&t)).get_thing().thing_id("a b/c").send().await.unwrap();
    assert_eq!(out.name.as_deref(), Some("thing"));
    let req = t.request();
    assert_eq!((req.method.as_str(), req.url.as_str()), ("GET", "https://example.com/things/a%20b%2Fc"));
    // An empty label fails before any I/O, naming the member.
    let t = reply(200, &[], "{}");
    let err = label::Client::new(config(&t)).get_thing().thing_id("").send().await.unwrap_err();
    assert!(err.to_string().contains("ThingId"), "{err}");
    assert!(t.sent.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_greedy_label_keeps_its_slashes() {
    let t = reply(200, &[], r#"{"Size": 12}"#);
    let out = greedy_label::Client::new(config(&t)).get_file().path("dir/sub dir/f.txt").send().await.unwrap();
    assert_eq!(out.size, Some(12));
    assert_eq!(t.request().url, "https://example.com/files/dir/sub%20dir/f.txt");
}

#[tokio::test]
async fn a_header_list_is_quoted_and_read_back() {
    let t = reply(200, &[("X-Tags", r#"a, "b,c""#)], "");
    let out = header_list::Client::new(config(&t)).put_tags().tags("a").tags("b,c").send().await.unwrap();
    assert_eq!(t.request().header("X-Tags"), Some(r#"a, "b,c""#));
    assert_eq!(out.tags, Some(vec!["a".to_string(), "b,c".to_string()]));
}

#[tokio::test]
async fn a_blob_payload_is_the_whole_body() {
    let t = reply(200, &[], "raw reply");
    let out = payload_blob::Client::new(config(&t))
        .put_data()
        .data(b"\x00\x01raw".to_vec())
        .content_type("image/png")
        .send()
        .await
        .unwrap();
    let req = t.request();
    assert_eq!(req.body, b"\x00\x01raw");
    assert_eq!(req.header("content-type"), Some("image/png"));
    assert_eq!(out.data.as_deref(), Some(&b"raw reply"[..]));
}

#[tokio::test]
async fn a_union_is_one_member_and_unknown_members_are_kept() {
    use union::types::Value;
    let t = reply(200, &[], r#"{"Value": {"Number": 7}}"#);
    let out = union::Client::new(config(&t)).set_value().value(Value::Text("hi".into())).send().await.unwrap();
    assert_eq!(out.value, Some(Value::Number(7)));
    assert_eq!(t.request().body, br#"{"Value":{"Text":"hi"}}"#);
    let t = reply(200, &[], r#"{"Value": {"Colour": "red"}}"#);
    let out = union::Client::new(config(&t)).set_value().send().await.unwrap();
    assert_eq!(out.value, Some(Value::Unknown("Colour".into())));
}

#[tokio::test]
async fn a_document_travels_as_it_is() {
    use awsgen_runtime::Document;
    let t = reply(200, &[], r#"{"Settings": {"a": [1, 2.5, "x", null, true]}}"#);
    let doc = Document::Object([("k".to_string(), Document::Array(vec![Document::Int(1), Document::Null]))].into());
    let out = document::Client::new(config(&t)).put_document().settings(doc).send().await.unwrap();
    assert_eq!(t.request().body, br#"{"Settings":{"k":[1,null]}}"#);
    let want = Document::Object(
        [(
            "a".to_string(),
            Document::Array(vec![
                Document::Int(1),
                Document::Float(2.5),
                Document::String("x".into()),
                Document::Null,
                Document::Bool(true),
            ]),
        )]
        .into(),
    );
    assert_eq!(out.settings, Some(want));
}

#[tokio::test]
async fn an_error_reads_its_header_member() {
    use error_header::operation::throttle::ThrottleError;
    let t = reply(
        429,
        &[("X-Amzn-ErrorType", "ThrottledException"), ("Retry-After", "30"), ("x-amzn-RequestId", "rid-1")],
        r#"{"message": "slow down", "Reason": "busy"}"#,
    );
    let err = error_header::Client::new(config(&t)).throttle().send().await.unwrap_err();
    let awsgen_runtime::SdkError::Service(ThrottleError::ThrottledException(e)) = err else {
        panic!("expected the typed error, got {err:?}")
    };
    assert_eq!(e.retry_after_seconds, Some(30));
    assert_eq!(e.reason.as_deref(), Some("busy"));
    assert_eq!((e.message(), e.request_id()), (Some("slow down"), Some("rid-1")));
}

#[tokio::test]
async fn an_xml_payload_is_a_namespaced_document_and_the_reply_fills_body_and_header_members() {
    use xml_payload::types::{Tag, Tagging};
    let body = "<PutTaggingResult><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>b</Key></Tag><Owner><ID>me</ID></Owner></PutTaggingResult>";
    let t = reply(200, &[("x-version", "v2")], body);
    let tagging = Tagging {
        kind: Some("user".into()),
        tag_set: Some(vec![Tag { key: Some("k & v".into()), value: Some("<1>".into()) }]),
    };
    let out = xml_payload::Client::new(config(&t)).put_tagging().bucket("b").tagging(tagging).send().await.unwrap();
    let req = t.request();
    assert_eq!((req.method.as_str(), req.url.as_str()), ("PUT", "https://example.com/b?tagging"));
    assert_eq!(req.header("content-type"), Some("application/xml"));
    assert_eq!(
        String::from_utf8(req.body).unwrap(),
        r#"<Tagging xmlns="http://example.com/doc/" kind="user"><Tag><Key>k &amp; v</Key><Value>&lt;1&gt;</Value></Tag></Tagging>"#
    );
    assert_eq!(out.version.as_deref(), Some("v2"));
    let tags = out.tags.unwrap();
    assert_eq!((tags.len(), tags[0].key.as_deref(), tags[1].value.as_deref()), (2, Some("a"), None));
    assert_eq!(out.owner.and_then(|o| o.id).as_deref(), Some("me"));
}
