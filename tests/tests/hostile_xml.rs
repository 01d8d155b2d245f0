//! Hostile and malformed replies to a restXml client (S3) through the whole pipeline: a
//! truncated document, an HTML page from a proxy, an entity bomb and a document nested past
//! `xml::MAX_DEPTH` each become a typed error carrying the status, the request id and an
//! excerpt of the body, never a panic or an expansion; S3's bare `<Error>` and a bodiless
//! `HEAD` error are typed by code.

use awsgen_runtime::credentials::Credentials;
use awsgen_runtime::http::HttpResponse;
use awsgen_runtime::retry::RetryConfig;
use awsgen_runtime::{Config, SdkError};
use awsgen_s3::operation::list_objects_v2::{ListObjectsV2Error, ListObjectsV2Output};
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
        headers: vec![("content-type".into(), content_type.into()), ("x-amz-request-id".into(), "rid-9".into())],
        body: body.as_bytes().to_vec(),
    }
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

/// The outcome of `ListObjectsV2` on bucket `b` answered with `resp`: the client's own result
/// type, whose error is as large as the client's.
#[allow(clippy::result_large_err)]
fn list(resp: HttpResponse) -> Result<ListObjectsV2Output, SdkError<ListObjectsV2Error>> {
    let (config, _) = setup(resp);
    let client = awsgen_s3::Client::new(config);
    rt().block_on(client.list_objects_v2().bucket("b").send())
}

/// A response error's `status reason | excerpt`, with its request id checked.
#[allow(clippy::result_large_err)]
fn response_error(e: SdkError<ListObjectsV2Error>) -> String {
    match e {
        SdkError::Response(r) => {
            assert_eq!(r.request_id.as_deref(), Some("rid-9"), "{r:?}");
            format!("{} {} | {}", r.status, r.reason, r.body_excerpt)
        }
        other => panic!("expected a response error, got {other:?}"),
    }
}

const LIST: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name><KeyCount>1</KeyCount><Contents><Key>a &amp; b/c+d</Key><Size>3</Size></Contents></ListBucketResult>";

#[test]
fn a_list_parses_with_its_namespace_and_escapes() {
    let out = list(reply(200, "application/xml", LIST)).unwrap();
    assert_eq!((out.name.as_deref(), out.key_count), (Some("b"), Some(1)));
    let contents = out.contents.unwrap();
    assert_eq!(contents[0].key.as_deref(), Some("a & b/c+d"));
    assert_eq!(out.request_id.as_deref(), Some("rid-9"));
}

#[test]
fn malformed_success_bodies_are_response_errors_with_status_request_id_and_excerpt() {
    let cases = [
        ("truncated", reply(200, "application/xml", &LIST[..LIST.len() - 30])),
        (
            "an HTML page from a proxy",
            reply(200, "text/html", "<!DOCTYPE html><html><body><p>Gateway</p></body></html>"),
        ),
        ("not XML", reply(200, "text/plain", "Service Unavailable")),
        (
            "a member of the wrong type",
            reply(200, "application/xml", "<ListBucketResult><KeyCount>many</KeyCount></ListBucketResult>"),
        ),
    ];
    for (what, resp) in cases {
        let body = String::from_utf8(resp.body.clone()).unwrap();
        let err = response_error(list(resp).expect_err(what));
        assert!(err.starts_with("200 "), "{what}: {err}");
        assert!(err.contains(&body[..body.len().min(20)]), "{what}: {err}");
    }
}

/// "Billion laughs": the DOCTYPE's entity declarations are refused before anything expands,
/// and a reference to an entity no DOCTYPE declares is an error, not an empty string.
#[test]
fn entity_bombs_are_refused_never_expanded() {
    let mut decls = String::from("<!ENTITY l0 \"lol\">");
    for i in 1..10 {
        let prev = format!("&l{};", i - 1).repeat(10);
        decls.push_str(&format!("<!ENTITY l{i} \"{prev}\">"));
    }
    let bomb =
        format!("<?xml version=\"1.0\"?><!DOCTYPE r [{decls}]><ListBucketResult><Name>&l9;</Name></ListBucketResult>");
    let err = response_error(list(reply(200, "application/xml", &bomb)).unwrap_err());
    assert!(err.contains("DOCTYPE declaring entities"), "{err}");
    let undefined = "<ListBucketResult><Name>&l9;</Name></ListBucketResult>";
    let err = response_error(list(reply(200, "application/xml", undefined)).unwrap_err());
    assert!(err.starts_with("200 "), "{err}");
    // In an error reply too.
    let err = response_error(list(reply(400, "application/xml", &bomb)).unwrap_err());
    assert!(err.starts_with("400 ") && err.contains("DOCTYPE declaring entities"), "{err}");
}

/// S3's `Contents` holds `Owner`, which holds nothing recursive, so depth comes from unknown
/// elements, which are skipped at any depth; a known element nested past the limit fails.
#[test]
fn deep_nesting_stops_at_max_depth() {
    let depth = awsgen_runtime::xml::MAX_DEPTH * 4;
    let deep = format!("{}x{}", "<Deep>".repeat(depth), "</Deep>".repeat(depth));
    let unknown = format!("<ListBucketResult><Name>b</Name><Unknown>{deep}</Unknown></ListBucketResult>");
    assert_eq!(list(reply(200, "application/xml", &unknown)).unwrap().name.as_deref(), Some("b"));
    // An error document nested deeper than the limit around its `<Code>`.
    let nested = format!("<Error>{}<Code>X</Code>{}</Error>", "<A>".repeat(depth), "</A>".repeat(depth));
    let err = response_error(list(reply(500, "application/xml", &nested)).unwrap_err());
    assert!(err.starts_with("500 "), "{err}");
}

#[test]
fn s3_bare_errors_are_typed_and_html_error_pages_are_response_errors() {
    use awsgen_s3::operation::get_object::GetObjectError;
    let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>k</Key><RequestId>RID</RequestId><HostId>H</HostId></Error>";
    let (config, transport) = setup(reply(404, "application/xml", body));
    let client = awsgen_s3::Client::new(config);
    let err = rt().block_on(client.get_object().bucket("b").key("a b/+é").send()).unwrap_err();
    let SdkError::Service(GetObjectError::NoSuchKey(e)) = err else { panic!("expected NoSuchKey, got {err:?}") };
    assert_eq!((e.message(), e.request_id()), (Some("The specified key does not exist."), Some("RID")));
    assert!(transport.sent()[0].url.ends_with("/a%20b/%2B%C3%A9"), "{}", transport.sent()[0].url);

    let err = list(reply(502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>")).unwrap_err();
    let err = response_error(err);
    assert!(err.starts_with("502 ") && err.contains("<h1>502 Bad Gateway</h1>"), "{err}");
}

/// `HEAD` answers errors without a body: the code is named from the status.
#[test]
fn a_bodiless_head_error_has_its_code_from_the_status() {
    let (config, _) = setup(reply(403, "application/xml", ""));
    let client = awsgen_s3::Client::new(config);
    let err = rt().block_on(client.head_object().bucket("b").key("k").send()).unwrap_err();
    let SdkError::Service(e) = err else { panic!("expected a service error, got {err:?}") };
    assert_eq!(
        (e.meta().code.as_str(), e.meta().status, e.meta().request_id.as_deref()),
        ("Forbidden", 403, Some("rid-9"))
    );
}

/// The named customizations (`codegen/src/ir/customizations.rs`): a 200 `<Error>` to
/// `CopyObject` is that error; a bodiless 404 to `HeadObject` is its listed `NoSuchKey`; a
/// 200 `<Error>`-rooted body to another operation is not searched.
#[test]
fn s3_customizations_type_errors_the_model_does_not_describe() {
    use awsgen_s3::operation::copy_object::CopyObjectError;
    use awsgen_s3::operation::head_object::HeadObjectError;
    let error_200 = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\n<Error><Code>SlowDown</Code><Message>Reduce your request rate.</Message><RequestId>R5</RequestId></Error>";
    let (config, _) = setup(reply(200, "application/xml", error_200));
    let client = awsgen_s3::Client::new(config);
    let err = rt().block_on(client.copy_object().bucket("b").key("k").copy_source("src/k").send()).unwrap_err();
    let SdkError::Service(CopyObjectError::Unhandled(meta)) = err else { panic!("expected the error, got {err:?}") };
    assert_eq!((meta.code.as_str(), meta.status, meta.request_id.as_deref()), ("SlowDown", 200, Some("R5")));

    let (config, _) = setup(reply(404, "application/xml", ""));
    let client = awsgen_s3::Client::new(config);
    let err = rt().block_on(client.head_object().bucket("b").key("k").send()).unwrap_err();
    let SdkError::Service(HeadObjectError::NoSuchKey(e)) = err else { panic!("expected NoSuchKey, got {err:?}") };
    assert_eq!((e.meta.status, e.request_id()), (404, Some("rid-9")));

    // `ListObjectsV2` has no such customization: its 200 body is its output.
    assert!(list(reply(200, "application/xml", error_200)).is_ok());
}

/// A 301 `PermanentRedirect` (S3 answers one for a bucket in another region) is the error it
/// is, with the bucket's region and S3's extended request id in its metadata.
#[test]
fn a_permanent_redirect_names_the_bucket_region() {
    let mut resp = reply(
        301,
        "application/xml",
        "<Error><Code>PermanentRedirect</Code><Message>Use the bucket's endpoint.</Message><Bucket>b</Bucket></Error>",
    );
    resp.headers.push(("x-amz-bucket-region".into(), "eu-west-1".into()));
    resp.headers.push(("x-amz-id-2".into(), "ext-2".into()));
    let SdkError::Service(ListObjectsV2Error::Unhandled(meta)) = list(resp).unwrap_err() else {
        panic!("expected the error")
    };
    assert_eq!((meta.code.as_str(), meta.status), ("PermanentRedirect", 301));
    assert_eq!(
        (meta.region(), meta.extended_request_id(), meta.request_id.as_deref()),
        (Some("eu-west-1"), Some("ext-2"), Some("rid-9"))
    );
}

/// A namespaced attribute (S3's `xsi:type` on `Grantee`) is written with its prefix declared
/// and read back by its local name.
#[test]
fn a_grantee_type_round_trips_through_its_namespaced_attribute() {
    use awsgen_s3::types::{Grant, Grantee, Permission, Type};
    let body = r#"<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>o</ID></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>id-1</ID></Grantee><Permission>READ</Permission></Grant></AccessControlList></AccessControlPolicy>"#;
    let (config, _) = setup(reply(200, "application/xml", body));
    let client = awsgen_s3::Client::new(config);
    let out = rt().block_on(client.get_bucket_acl().bucket("b").send()).unwrap();
    let grant = &out.grants.unwrap()[0];
    let grantee = grant.grantee.as_ref().unwrap();
    assert_eq!((grantee.r#type.clone(), grantee.id.as_deref()), (Some(Type::CanonicalUser), Some("id-1")));
    assert_eq!(grant.permission, Some(Permission::Read));

    let (config, transport) = setup(reply(200, "application/xml", ""));
    let client = awsgen_s3::Client::new(config);
    let grantee = Grantee { r#type: Some(Type::CanonicalUser), id: Some("id-1".into()), ..Default::default() };
    let policy = awsgen_s3::types::AccessControlPolicy {
        grants: Some(vec![Grant { grantee: Some(grantee), permission: Some(Permission::Read) }]),
        ..Default::default()
    };
    rt().block_on(client.put_bucket_acl().bucket("b").access_control_policy(policy).send()).unwrap();
    let sent = String::from_utf8(transport.sent()[0].body.clone()).unwrap();
    assert!(sent.contains(r#"<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>id-1</ID></Grantee>"#), "{sent}");
    assert!(sent.starts_with(r#"<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#), "{sent}");
}

/// `GetObject` streams its body (S3 marks the member `streaming`, not the shape), with the
/// header members read beside it; `PutObject` sends its body and metadata headers.
#[test]
fn get_object_streams_and_put_object_sends_headers() {
    let mut resp = reply(200, "text/plain", "hello, world");
    resp.headers.extend([
        ("content-length".to_string(), "12".to_string()),
        ("etag".to_string(), "\"abc\"".to_string()),
        ("last-modified".to_string(), "Wed, 21 Oct 2015 07:28:00 GMT".to_string()),
        ("x-amz-meta-colour".to_string(), "blue".to_string()),
    ]);
    let (config, transport) = setup(resp);
    let client = awsgen_s3::Client::new(config);
    let rt = rt();
    let out = rt.block_on(client.get_object().bucket("b").key("dir/a b.txt").send()).unwrap();
    assert_eq!((out.content_length, out.e_tag.as_deref()), (Some(12), Some("\"abc\"")));
    assert_eq!(out.last_modified.map(|t| t.fmt_http_date()).as_deref(), Some("Wed, 21 Oct 2015 07:28:00 GMT"));
    assert_eq!(out.metadata.as_ref().and_then(|m| m.get("colour")).map(String::as_str), Some("blue"));
    assert_eq!(out.request_id.as_deref(), Some("rid-9"));
    let body = rt.block_on(out.body.unwrap().collect()).unwrap();
    assert_eq!(body, b"hello, world");
    assert!(transport.sent()[0].url.ends_with("/dir/a%20b.txt"), "{}", transport.sent()[0].url);

    let (config, transport) = setup(reply(200, "application/xml", ""));
    let client = awsgen_s3::Client::new(config);
    let put = client
        .put_object()
        .bucket("b")
        .key("k")
        .body(awsgen_runtime::ByteStream::from("data"))
        .metadata("colour", "red");
    rt.block_on(put.content_type("text/plain").send()).unwrap();
    let sent = &transport.sent()[0];
    assert_eq!((sent.method.as_str(), sent.body.as_slice()), ("PUT", &b"data"[..]));
    assert_eq!((sent.header("x-amz-meta-colour"), sent.header("content-type")), (Some("red"), Some("text/plain")));
}
