//! Interceptors, per-call overrides (`customize()`) and the user agent, on the generated
//! ElastiCache client over a scripted transport: each hook sees what it should, in order, once
//! per call or per attempt; what a hook changes is what is signed, sent or parsed; a failing hook
//! is a typed error naming it; an override changes one call only.

use std::any::Any;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use awsgen_elasticache::operation::describe_cache_clusters::{DescribeCacheClustersInput, DescribeCacheClustersOutput};
use awsgen_elasticache::runtime::credentials::Credentials;
use awsgen_elasticache::runtime::http::{HttpRequest, HttpResponse};
use awsgen_elasticache::runtime::interceptor::{BoxError, CallInfo, Hook, Interceptor, Outcome};
use awsgen_elasticache::runtime::replay::ReplayClient;
use awsgen_elasticache::runtime::retry::RetryConfig;
use awsgen_elasticache::{Client, Config, SdkError};

const OK: &str = "<DescribeCacheClustersResponse><DescribeCacheClustersResult><Marker>from-server</Marker>\
    <CacheClusters/></DescribeCacheClustersResult></DescribeCacheClustersResponse>";

fn ok() -> HttpResponse {
    HttpResponse::new(200, OK)
}

fn unavailable() -> HttpResponse {
    HttpResponse::new(503, "<ErrorResponse><Error><Code>ServiceUnavailable</Code></Error></ErrorResponse>")
}

fn config(transport: &ReplayClient) -> awsgen_elasticache::runtime::ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "SECRET", None))
        .endpoint_url("http://cache.test")
        .retry(RetryConfig { max_attempts: 3, initial_backoff: Duration::from_millis(1), ..Default::default() })
        .http_client(transport.clone())
}

/// Records every hook it sees as a line; adds a header before signing; optionally rewrites the
/// reply's `Marker` after receipt.
#[derive(Clone, Default)]
struct Recorder {
    lines: Arc<Mutex<Vec<String>>>,
    rewrite_reply: bool,
}

impl Recorder {
    fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
    fn push(&self, line: String) {
        self.lines.lock().unwrap().push(line);
    }
}

impl Interceptor for Recorder {
    fn name(&self) -> &str {
        "recorder"
    }
    fn read_before_serialization(&self, call: &CallInfo, input: &dyn Any) -> Result<(), BoxError> {
        let input = input.downcast_ref::<DescribeCacheClustersInput>().ok_or("not the input")?;
        self.push(format!(
            "before_serialization {} {:?} max_records={:?}",
            call.operation, call.attempt, input.max_records
        ));
        Ok(())
    }
    fn modify_before_signing(&self, call: &CallInfo, request: &mut HttpRequest) -> Result<(), BoxError> {
        let signed = request.header("authorization").is_some();
        self.push(format!("before_signing {:?} signed={signed}", call.attempt));
        request.headers.push(("x-added".into(), "by-recorder".into()));
        Ok(())
    }
    fn modify_before_transmit(&self, call: &CallInfo, request: &mut HttpRequest) -> Result<(), BoxError> {
        let auth = request.header("authorization").unwrap_or_default();
        self.push(format!("before_transmit {:?} x-added-signed={}", call.attempt, auth.contains(";x-added")));
        Ok(())
    }
    fn modify_after_receipt(&self, call: &CallInfo, response: &mut HttpResponse) -> Result<(), BoxError> {
        self.push(format!("after_receipt {:?} status={}", call.attempt, response.status));
        if self.rewrite_reply {
            let body = String::from_utf8(std::mem::take(&mut response.body))?;
            response.body = body.replace("from-server", "from-interceptor").into_bytes();
        }
        Ok(())
    }
    fn read_after_deserialization(&self, call: &CallInfo, outcome: &Outcome<'_>) -> Result<(), BoxError> {
        let marker = outcome.output::<DescribeCacheClustersOutput>().and_then(|o| o.marker.clone());
        self.push(format!("after_deserialization {:?} ok={} marker={marker:?}", call.attempt, outcome.is_ok()));
        Ok(())
    }
}

#[tokio::test]
async fn hooks_run_once_per_call_or_per_attempt_in_order() {
    let transport = ReplayClient::new(vec![unavailable(), ok()]);
    let recorder = Recorder::default();
    let client = Client::new(config(&transport).interceptor(recorder.clone()).build());
    let out = client.describe_cache_clusters().max_records(20).send().await.expect("second attempt succeeds");
    assert_eq!(out.marker.as_deref(), Some("from-server"));
    assert_eq!(
        recorder.lines(),
        [
            "before_serialization DescribeCacheClusters None max_records=Some(20)",
            "before_signing Some(1) signed=false",
            "before_transmit Some(1) x-added-signed=true",
            "after_receipt Some(1) status=503",
            "before_signing Some(2) signed=false",
            "before_transmit Some(2) x-added-signed=true",
            "after_receipt Some(2) status=200",
            "after_deserialization None ok=true marker=Some(\"from-server\")",
        ]
    );
    let sent = transport.sent();
    assert_eq!(sent.len(), 2);
    assert!(sent.iter().all(|r| r.header("x-added") == Some("by-recorder")));
}

#[tokio::test]
async fn what_after_receipt_leaves_is_what_is_parsed() {
    let transport = ReplayClient::new(vec![ok()]);
    let recorder = Recorder { rewrite_reply: true, ..Recorder::default() };
    let client = Client::new(config(&transport).interceptor(recorder.clone()).build());
    let out = client.describe_cache_clusters().send().await.unwrap();
    assert_eq!(out.marker.as_deref(), Some("from-interceptor"));
    assert!(recorder.lines().last().unwrap().ends_with("marker=Some(\"from-interceptor\")"));
}

/// Fails at one hook.
struct FailAt(Hook);

impl FailAt {
    fn check(&self, hook: Hook) -> Result<(), BoxError> {
        match hook == self.0 {
            true => Err(format!("refused at {hook}").into()),
            false => Ok(()),
        }
    }
}

impl Interceptor for FailAt {
    fn name(&self) -> &str {
        "fail-at"
    }
    fn read_before_serialization(&self, _: &CallInfo, _: &dyn Any) -> Result<(), BoxError> {
        self.check(Hook::BeforeSerialization)
    }
    fn modify_before_signing(&self, _: &CallInfo, _: &mut HttpRequest) -> Result<(), BoxError> {
        self.check(Hook::BeforeSigning)
    }
    fn modify_before_transmit(&self, _: &CallInfo, _: &mut HttpRequest) -> Result<(), BoxError> {
        self.check(Hook::BeforeTransmit)
    }
    fn modify_after_receipt(&self, _: &CallInfo, _: &mut HttpResponse) -> Result<(), BoxError> {
        self.check(Hook::AfterReceipt)
    }
    fn read_after_deserialization(&self, _: &CallInfo, _: &Outcome<'_>) -> Result<(), BoxError> {
        self.check(Hook::AfterDeserialization)
    }
}

#[tokio::test]
async fn a_failing_hook_fails_the_call_with_its_name_and_is_not_retried() {
    let cases = [
        (Hook::BeforeSerialization, 0),
        (Hook::BeforeSigning, 0),
        (Hook::BeforeTransmit, 0),
        (Hook::AfterReceipt, 1),
        (Hook::AfterDeserialization, 2),
    ];
    for (hook, sent) in cases {
        // A reply that would be retried: a failing hook still ends the call at once.
        let transport = ReplayClient::new(vec![unavailable(), ok()]);
        let client = Client::new(config(&transport).interceptor(FailAt(hook)).build());
        let err = client.describe_cache_clusters().send().await.expect_err("the hook fails");
        match &err {
            SdkError::Interceptor(e) => {
                assert_eq!((e.interceptor.as_str(), e.hook), ("fail-at", hook));
                assert_eq!(e.source.to_string(), format!("refused at {hook}"));
            }
            other => panic!("{hook}: {other:?}"),
        }
        assert_eq!(err.to_string(), format!("interceptor `fail-at` failed in {hook}"));
        // The SdkError says what the interceptor error says; its source is the hook's own error.
        let source = std::error::Error::source(&err).unwrap();
        assert_eq!(source.to_string(), format!("refused at {hook}"));
        assert_eq!(transport.sent().len(), sent, "{hook}");
    }
}

#[tokio::test]
async fn customize_overrides_one_call_only() {
    let transport = ReplayClient::new(vec![unavailable(), ok(), ok()]);
    let config_recorder = Recorder::default();
    let call_recorder = Recorder::default();
    let client = Client::new(config(&transport).interceptor(config_recorder.clone()).build());
    let err = client
        .describe_cache_clusters()
        .max_records(30)
        .customize()
        .retry(RetryConfig::disabled())
        .region("eu-west-3")
        .endpoint_url("http://other.test")
        .header("x-call", "one")
        .header("X-Added", "replaced-by-call")
        .interceptor(call_recorder.clone())
        .attempt_timeout(Some(Duration::from_secs(30)))
        .operation_timeout(None)
        .send()
        .await
        .expect_err("no retries for this call");
    assert!(matches!(err, SdkError::Service(_)), "{err:?}");
    let first = &transport.sent()[0];
    assert!(first.url.starts_with("http://other.test"), "{}", first.url);
    assert_eq!(first.header("x-call"), Some("one"));
    let auth = first.header("authorization").unwrap();
    assert!(auth.contains("/eu-west-3/elasticache/aws4_request"), "{auth}");
    assert!(auth.contains(";x-call"), "the call's header is signed: {auth}");
    // The configuration's interceptors run first, the call's after, then the call's headers.
    assert_eq!(first.header("x-added"), Some("replaced-by-call"));
    assert_eq!(call_recorder.lines().len(), 5, "{:?}", call_recorder.lines());
    assert_eq!(config_recorder.lines().len(), 5, "{:?}", config_recorder.lines());

    // The next call has the client's settings again: its endpoint, region, retries, no header.
    client.describe_cache_clusters().send().await.expect("the client's call");
    let second = &transport.sent()[1];
    assert!(second.url.starts_with("http://cache.test"), "{}", second.url);
    assert!(second.header("authorization").unwrap().contains("/us-east-1/elasticache/"));
    assert_eq!(second.header("x-call"), None);
    assert_eq!(call_recorder.lines().len(), 5, "the call's interceptor ran for that call only");
}

#[tokio::test]
async fn customize_reports_a_missing_required_member_before_any_io() {
    let transport = ReplayClient::new(vec![]);
    let client = Client::new(config(&transport).build());
    let err = client.copy_snapshot().source_snapshot_name("a").customize().send().await.unwrap_err();
    match err {
        SdkError::InvalidRequest(e) => assert_eq!(e.member, "TargetSnapshotName"),
        other => panic!("{other:?}"),
    }
    assert!(transport.sent().is_empty());
}

#[tokio::test]
async fn user_agent_headers_name_awsgen_the_service_and_the_app() {
    let transport = ReplayClient::new(vec![ok(), ok()]);
    let client = Client::new(config(&transport).sdk_ua_app_id("billing batch").build());
    client.describe_cache_clusters().send().await.unwrap();
    let sent = &transport.sent()[0];
    let ua = sent.header("x-amz-user-agent").unwrap();
    let tokens: Vec<&str> = ua.split(' ').collect();
    assert!(tokens[0].starts_with("awsgen/"), "{ua}");
    assert_eq!(tokens[1], "ua/2.1");
    assert_eq!(tokens[2], "api/elasticache/2015-02-02");
    assert!(tokens[3].starts_with("os/") && tokens[4].starts_with("lang/rust/"), "{ua}");
    assert_eq!(tokens.last(), Some(&"app/billing-batch"));
    let legacy = sent.header("user-agent").unwrap();
    assert!(legacy.starts_with(tokens[0]) && legacy.ends_with(" app/billing-batch"), "{legacy}");
    // Neither is signed: a proxy may rewrite them.
    let auth = sent.header("authorization").unwrap();
    assert!(!auth.contains("user-agent"), "{auth}");

    // From the environment when not set in code.
    let env = awsgen_elasticache::runtime::profile::Environment::from_vars([
        ("HOME", "/nonexistent"),
        ("AWS_SDK_UA_APP_ID", "from-env"),
    ]);
    let client = Client::new(config(&transport).environment(env).build());
    client.describe_cache_clusters().send().await.unwrap();
    assert!(transport.sent()[1].header("x-amz-user-agent").unwrap().ends_with(" app/from-env"));
}

/// Records the status and body length each reply has when `modify_after_receipt` runs.
#[derive(Clone, Default)]
struct ReceiptSizes(Arc<Mutex<Vec<(u16, usize)>>>);

impl Interceptor for ReceiptSizes {
    fn modify_after_receipt(&self, _: &CallInfo, response: &mut HttpResponse) -> Result<(), BoxError> {
        self.0.lock().unwrap().push((response.status, response.body.len()));
        Ok(())
    }
}

#[tokio::test]
async fn a_streaming_reply_reaches_after_receipt_with_its_body_unread() {
    let transport = ReplayClient::new(vec![HttpResponse::new(200, "object bytes")]);
    let sizes = ReceiptSizes::default();
    let config = config(&transport).force_path_style(true).interceptor(sizes.clone()).build();
    let s3 = awsgen_s3::Client::new(config);
    let out = s3.get_object().bucket("b").key("k").send().await.unwrap();
    assert_eq!(*sizes.0.lock().unwrap(), [(200, 0)], "the head only: the body is the caller's to read");
    let body = out.body.unwrap_or_default().collect().await.unwrap();
    assert_eq!(body, b"object bytes");
}
