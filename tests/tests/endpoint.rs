//! Endpoint rule sets compiled by the generator, against botocore's endpoint test cases (botocore
//! 1.44.8, `tests/functional/endpoint-rules`): every expected URL, property, header and error
//! message exactly. ElastiCache's 49 cases (vendored in `data/endpoint-tests/elasticache/`) run
//! against `awsgen_elasticache::endpoint`; S3's, STS's, DynamoDB's, SQS's and Lambda's against
//! their rule sets vendored in `data/endpoint-rules/`, each case's `operationInputs` too. Then
//! ElastiCache's resolver inside the client: configuration (builder, environment, profile)
//! reaches the rule set's built-ins; and DynamoDB's: an operation's static context parameters
//! and its `contextParam` members reach its rule set.

use awsgen_elasticache::endpoint::{resolve_endpoint, Params};
use awsgen_elasticache::operation::describe_cache_clusters::DescribeCacheClustersInput;
use awsgen_elasticache::runtime::credentials::Credentials;
use awsgen_elasticache::runtime::endpoint::{BuiltIns, Document, Endpoint, EndpointError};
use awsgen_elasticache::runtime::http::HttpResponse;
use awsgen_elasticache::runtime::profile::Environment;
use awsgen_elasticache::runtime::{ClientCore, ConfigBuilder, Protocol, SdkError, ServiceInfo};
use awsgen_elasticache::{Client, Config};
use awsgen_tests::ReplayClient;
use serde_json::Value;
use std::collections::BTreeMap;

/// Rule sets of other services (`data/endpoint-rules/`), compiled by `build.rs` with the same
/// generator; each has a `#[test]` running its botocore cases through [`check_suite`].
mod other_services {
    include!(concat!(env!("OUT_DIR"), "/endpoint_rules.rs"));
}

/// The configuration's other endpoint settings (S3 addressing, STS, account-ID mode) through
/// those rule sets.
#[path = "endpoint/config_settings.rs"]
mod config_settings;

/// What a resolver gives for a case's `params` object (`Err` when the object does not fit the
/// rule set's parameters).
type Outcome = Result<Result<Endpoint, EndpointError>, String>;

/// What a resolver gives for one of a case's `operationInputs` (its built-ins as a client's
/// configuration would supply them), given the case's `params` for the parameters a client
/// takes from the operation.
type OperationResolver<'a> = &'a dyn Fn(&Value, &Value) -> Outcome;

/// Runs every case of a botocore `endpoint-tests-1.json` through `resolve`, and each of its
/// `operationInputs` through `operation` when given, and fails listing each case whose URL,
/// properties, headers or error message differs. Returns the number of cases.
fn check_suite(
    name: &str,
    path: &str,
    resolve: impl Fn(&Value) -> Outcome,
    operation: Option<OperationResolver<'_>>,
) -> usize {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let doc: Value = serde_json::from_str(&text).expect("endpoint tests are valid JSON");
    let cases = doc["testCases"].as_array().expect("testCases is an array");
    assert!(!cases.is_empty(), "{path} has no cases");
    let no_params = Value::Object(Default::default());
    let mut failures = Vec::new();
    let mut inputs = 0;
    for case in cases {
        let title = case["documentation"].as_str().unwrap_or("(unnamed case)");
        let params = case.get("params").unwrap_or(&no_params);
        if let Err(why) = check(resolve(params), &case["expect"]) {
            failures.push(format!("{title}: {why}"));
        }
        for (i, input) in case["operationInputs"].as_array().into_iter().flatten().enumerate() {
            inputs += 1;
            let Some(operation) = operation else {
                failures.push(format!("{title}: operationInputs[{i}] not run"));
                continue;
            };
            if let Err(why) = check(operation(input, params), &case["expect"]) {
                let op = input["operationName"].as_str().unwrap_or("?");
                failures.push(format!("{title}: operationInputs[{i}] ({op}): {why}"));
            }
        }
    }
    println!("{name} endpoint tests: {} cases and {inputs} operation inputs, {} failed", cases.len(), failures.len());
    assert!(failures.is_empty(), "{name}: failing cases:\n{}", failures.join("\n"));
    cases.len()
}

fn document(v: &Value) -> Document {
    match v {
        Value::String(s) => Document::String(s.clone()),
        Value::Bool(b) => Document::Bool(*b),
        Value::Number(n) => Document::Int(n.as_i64().expect("integer property")),
        Value::Array(items) => Document::Array(items.iter().map(document).collect()),
        Value::Object(map) => Document::Object(map.iter().map(|(k, v)| (k.clone(), document(v))).collect()),
        Value::Null => panic!("null property"),
    }
}

/// Checks one outcome against a case's `expect`; `Err` says how it differs.
fn check(got: Outcome, expect: &Value) -> Result<(), String> {
    let got = got?;
    if let Some(want) = expect.get("endpoint") {
        let url = want["url"].as_str().ok_or("expected endpoint without url")?;
        let endpoint = got.map_err(|e| format!("expected {url}, got error {e:?}"))?;
        if endpoint.url != url {
            return Err(format!("expected {url}, got {}", endpoint.url));
        }
        let properties: BTreeMap<String, Document> = want["properties"]
            .as_object()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), document(v))).collect())
            .unwrap_or_default();
        if endpoint.properties != properties {
            return Err(format!("properties: expected {properties:?}, got {:?}", endpoint.properties));
        }
        let headers: BTreeMap<String, Vec<String>> = want["headers"]
            .as_object()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), serde_json::from_value(v.clone()).unwrap())).collect())
            .unwrap_or_default();
        if endpoint.headers != headers {
            return Err(format!("headers: expected {headers:?}, got {:?}", endpoint.headers));
        }
        return Ok(());
    }
    let expected = expect["error"].as_str().ok_or("case expects neither an endpoint nor an error")?;
    match got {
        Ok(endpoint) => Err(format!("expected error {expected:?}, got {}", endpoint.url)),
        Err(e) if e.message() == expected => Ok(()),
        Err(e) => Err(format!("expected error {expected:?}, got {:?}", e.message())),
    }
}

/// ElastiCache's parameters from a case.
fn elasticache_params(p: &Value) -> Result<Params, String> {
    let mut params = Params::default();
    for (name, value) in p.as_object().into_iter().flatten() {
        match name.as_str() {
            "Region" => params.region = Some(value.as_str().ok_or("Region: not a string")?.to_owned()),
            "UseFIPS" => params.use_fips = value.as_bool().ok_or("UseFIPS: not a boolean")?,
            "UseDualStack" => params.use_dual_stack = value.as_bool().ok_or("UseDualStack: not a boolean")?,
            "Endpoint" => params.endpoint = Some(value.as_str().ok_or("Endpoint: not a string")?.to_owned()),
            other => return Err(format!("unknown parameter {other}")),
        }
    }
    Ok(params)
}

#[test]
fn botocore_elasticache_endpoint_cases() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/endpoint-tests/elasticache/endpoint-tests-1.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("the vendored test file")).unwrap();
    let errors = doc["testCases"].as_array().unwrap().iter().filter(|c| c["expect"].get("error").is_some()).count();
    assert_eq!(errors, 3, "three ElastiCache cases expect an error");
    let count = check_suite("elasticache", path, |v| elasticache_params(v).map(|p| resolve_endpoint(&p)), None);
    assert_eq!(count, 49, "botocore 1.44.8 has 49 ElastiCache cases");
}

#[test]
fn built_ins_fill_the_parameters() {
    let b = BuiltIns { region: Some("eu-west-1".into()), use_fips: true, ..Default::default() };
    let p = Params::from_built_ins(&b);
    assert_eq!(p, Params { region: Some("eu-west-1".into()), use_fips: true, ..Default::default() });
    assert_eq!(resolve_endpoint(&p).unwrap().url, "https://elasticache-fips.eu-west-1.amazonaws.com");
}

/// DynamoDB's account ID comes from the credentials, not the configuration: from `BuiltIns`
/// alone it is unset, and with the mode unset a table ARN gives the regional endpoint, as the
/// mode `disabled` would; with the mode set, the account endpoint.
#[test]
fn dynamodb_account_id_parameters_keep_their_defaults() {
    use other_services::dynamodb;
    let mut p = dynamodb::Params::from_built_ins(&BuiltIns { region: Some("us-east-1".into()), ..Default::default() });
    assert_eq!((p.account_id.as_deref(), p.account_id_endpoint_mode.as_deref()), (None, None));
    p.resource_arn = Some("arn:aws:dynamodb:us-east-1:222222222222:table/t".into());
    assert_eq!(dynamodb::resolve_endpoint(&p).unwrap().url, "https://dynamodb.us-east-1.amazonaws.com");
    p.account_id_endpoint_mode = Some("preferred".into());
    assert_eq!(dynamodb::resolve_endpoint(&p).unwrap().url, "https://222222222222.ddb.us-east-1.amazonaws.com");
}

/// A client whose every request is captured, configured by `setup`.
async fn first_request_url(setup: impl FnOnce(ConfigBuilder) -> ConfigBuilder) -> Result<String, String> {
    let transport = ReplayClient::new(vec![HttpResponse { status: 200, headers: vec![], body: Vec::new() }]);
    let config = Config::builder().credentials(Credentials::new("AKID", "secret", None)).http_client(transport.clone());
    let client = Client::new(setup(config).build());
    match client.describe_cache_clusters().send().await {
        Ok(_) => Ok(transport.sent()[0].url.clone()),
        Err(SdkError::Config(e)) => Err(e.message),
        Err(e) => panic!("unexpected error {e:?}"),
    }
}

fn env(vars: &[(&str, &str)]) -> Environment {
    let mut all = vec![("HOME".to_owned(), "/nonexistent-awsgen-home".to_owned())];
    all.extend(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Environment::from_vars(all)
}

#[tokio::test]
async fn the_client_resolves_through_the_compiled_rule_set() {
    let url = first_request_url(|c| c.region("us-gov-west-1").use_fips(true)).await;
    assert_eq!(url.unwrap(), "https://elasticache.us-gov-west-1.amazonaws.com/");
    let url = first_request_url(|c| c.region("cn-north-1").use_dual_stack(true)).await;
    assert_eq!(url.unwrap(), "https://elasticache.cn-north-1.api.amazonwebservices.com.cn/");
    let err = first_request_url(|c| c.region("us-east-1").use_fips(true).endpoint_url("http://127.0.0.1:1")).await;
    assert_eq!(err.unwrap_err(), "Invalid Configuration: FIPS and custom endpoint are not supported");
    let err = first_request_url(|c| c).await;
    assert_eq!(err.unwrap_err(), "Invalid Configuration: Missing Region");
}

#[tokio::test]
async fn fips_and_dual_stack_come_from_the_environment_and_the_profile() {
    let url = first_request_url(|c| {
        c.environment(env(&[
            ("AWS_REGION", "us-west-2"),
            ("AWS_USE_FIPS_ENDPOINT", "true"),
            ("AWS_USE_DUALSTACK_ENDPOINT", "TRUE"),
        ]))
    })
    .await;
    assert_eq!(url.unwrap(), "https://elasticache-fips.us-west-2.api.aws/");
    // The builder wins over the environment.
    let url = first_request_url(|c| {
        c.environment(env(&[("AWS_REGION", "us-west-2"), ("AWS_USE_FIPS_ENDPOINT", "true")])).use_fips(false)
    })
    .await;
    assert_eq!(url.unwrap(), "https://elasticache.us-west-2.amazonaws.com/");

    let dir = std::env::temp_dir().join(format!("awsgen-endpoint-profile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config");
    std::fs::write(&config, "[default]\nregion = eu-west-1\nuse_dualstack_endpoint = true\n").unwrap();
    let file = config.to_string_lossy().into_owned();
    let url = first_request_url(|c| c.environment(env(&[("AWS_CONFIG_FILE", &file)]))).await;
    assert_eq!(url.unwrap(), "https://elasticache.eu-west-1.api.aws/");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn malformed_flags_and_endpoint_urls_are_config_errors() {
    let err =
        first_request_url(|c| c.environment(env(&[("AWS_REGION", "us-west-2"), ("AWS_USE_FIPS_ENDPOINT", "yes")])))
            .await
            .unwrap_err();
    assert!(err.starts_with("AWS_USE_FIPS_ENDPOINT: expected `true` or `false`"), "{err}");
    let err =
        first_request_url(|c| c.environment(env(&[("AWS_REGION", "us-west-2"), ("AWS_USE_DUALSTACK_ENDPOINT", "1")])))
            .await
            .unwrap_err();
    assert!(err.starts_with("AWS_USE_DUALSTACK_ENDPOINT"), "{err}");
    for url in ["127.0.0.1:5000", "ftp://example.com", "/just/a/path", "http://", "https://exa mple.com"] {
        let err = first_request_url(|c| c.region("us-east-1").endpoint_url(url)).await.unwrap_err();
        assert!(err.contains("invalid endpoint URL"), "{url}: {err}");
    }
    // `AWS_ENDPOINT_URL_ELASTICACHE` reaches the rule set's `Endpoint` parameter.
    let url = first_request_url(|c| {
        c.environment(env(&[("AWS_REGION", "us-west-2"), ("AWS_ENDPOINT_URL_ELASTICACHE", "http://localhost:4566")]))
    })
    .await;
    assert_eq!(url.unwrap(), "http://localhost:4566/");
}

/// Issue 16: a `[services NAME]` section's `endpoint_url` for the service (its id in lower
/// case, `elasticache`) reaches the request, and `AWS_ENDPOINT_URL_ELASTICACHE` wins over it.
#[tokio::test]
async fn a_services_section_endpoint_url_reaches_the_request() {
    let config = "[default]\nregion = us-west-2\nservices = local\n\
                  [services local]\nelasticache =\n  endpoint_url = http://localhost:4510 # emulator\n\
                  s3 =\n  endpoint_url = http://localhost:4566\n";
    let with_config = |vars: &[(&str, &str)]| env(vars).with_file("/nonexistent-awsgen-home/.aws/config", config);
    let url = first_request_url(|c| c.environment(with_config(&[]))).await;
    assert_eq!(url.unwrap(), "http://localhost:4510/");
    let var = ("AWS_ENDPOINT_URL_ELASTICACHE", "http://localhost:9999");
    let url = first_request_url(|c| c.environment(with_config(&[var]))).await;
    assert_eq!(url.unwrap(), "http://localhost:9999/");
    // Without the section the call goes to AWS.
    let url = first_request_url(|c| c.environment(with_config(&[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")])));
    assert_eq!(url.await.unwrap(), "https://elasticache.us-west-2.amazonaws.com/");
}

/// A global endpoint as IAM's rule set gives it: signed for `us-east-1` under `iam`, with a
/// header the rule set adds.
fn global_endpoint(_: &BuiltIns) -> Result<Endpoint, EndpointError> {
    let scheme = BTreeMap::from([
        ("name".to_owned(), Document::String("sigv4".into())),
        ("signingRegion".to_owned(), Document::String("us-east-1".into())),
        ("signingName".to_owned(), Document::String("iam".into())),
    ]);
    let sigv4a = BTreeMap::from([("name".to_owned(), Document::String("sigv4a".into()))]);
    Ok(Endpoint::new("https://iam.amazonaws.com")
        .with_header("x-amz-rule-set", "yes")
        .with_property("authSchemes", Document::Array(vec![Document::Object(sigv4a), Document::Object(scheme)])))
}

fn sigv4a_only(_: &BuiltIns) -> Result<Endpoint, EndpointError> {
    let sigv4a = BTreeMap::from([("name".to_owned(), Document::String("sigv4a".into()))]);
    Ok(Endpoint::new("https://example.com")
        .with_property("authSchemes", Document::Array(vec![Document::Object(sigv4a)])))
}

static GLOBAL: ServiceInfo = ServiceInfo {
    signing_name: "elasticache",
    api_version: "2015-02-02",
    env_suffix: "ELASTICACHE",
    protocol: Protocol::Query,
    query_compatible: false,
    resolve_endpoint: global_endpoint,
    retryable_errors: &[],
};

static SIGV4A: ServiceInfo = ServiceInfo { resolve_endpoint: sigv4a_only, ..GLOBAL };

#[tokio::test]
async fn auth_scheme_properties_and_headers_shape_the_request() {
    let transport = ReplayClient::new(vec![HttpResponse { status: 200, headers: vec![], body: Vec::new() }]);
    let config = || {
        Config::builder()
            .region("eu-west-1")
            .credentials(Credentials::new("AKID", "secret", None))
            .http_client(transport.clone())
            .build()
    };
    let input = DescribeCacheClustersInput::builder().build().unwrap();
    ClientCore::new(&GLOBAL, config()).invoke(&input).await.expect("a 200 reply");
    let sent = &transport.sent()[0];
    assert_eq!(sent.url, "https://iam.amazonaws.com/");
    assert_eq!(sent.headers.iter().find(|(k, _)| k == "x-amz-rule-set").map(|(_, v)| v.as_str()), Some("yes"));
    let auth = &sent.headers.iter().find(|(k, _)| k == "authorization").unwrap().1;
    assert!(auth.contains("/us-east-1/iam/aws4_request"), "{auth}");
    assert!(auth.contains("x-amz-rule-set"), "the rule set's header is signed: {auth}");

    let err = ClientCore::new(&SIGV4A, config()).invoke(&input).await.unwrap_err();
    assert!(matches!(&err, SdkError::Config(e) if e.message.contains("sigv4a")), "{err:?}");
}

/// An operation's static context parameters reach the rule set through the client:
/// DynamoDB's `SearchVectors` sets `IsSearchOperation`, which selects `search-dynamodb`; the
/// request is signed for that host. `Query`, which sets none, stays on the regional endpoint.
#[tokio::test]
async fn static_context_parameters_choose_the_endpoint_of_an_operation() {
    use awsgen_dynamodb::types::AttributeValue;
    let ok = || HttpResponse { status: 200, headers: vec![], body: b"{}".to_vec() };
    let transport = ReplayClient::new(vec![ok(), ok()]);
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None))
        .http_client(transport.clone())
        .build();
    let client = awsgen_dynamodb::Client::new(config);
    let vector = AttributeValue { n: Some("1.0".into()), ..Default::default() };
    client.search_vectors().table_name("t").index_name("i").search_vector(vector).top_k(1).send().await.unwrap();
    client.query().table_name("t").send().await.unwrap();
    let sent = transport.sent();
    let urls: Vec<&str> = sent.iter().map(|r| r.url.as_str()).collect();
    assert_eq!(urls, ["https://search-dynamodb.us-east-1.amazonaws.com/", "https://dynamodb.us-east-1.amazonaws.com/"]);
    let host = |i: usize| sent[i].headers.iter().find(|(k, _)| k == "host").map(|(_, v)| v.clone());
    assert_eq!(host(0).as_deref(), Some("search-dynamodb.us-east-1.amazonaws.com"));
    assert_eq!(
        <awsgen_dynamodb::operation::query::QueryInput as awsgen_dynamodb::runtime::Operation>::STATIC_CONTEXT_PARAMS,
        &[]
    );
}

/// An input member marked `contextParam` fills its rule-set parameter: `DescribeTable`'s
/// `TableName` is DynamoDB's `ResourceArn`. With the account-ID endpoint mode unset (the
/// configuration has no way to set it yet), the rule set ignores it: the call stays regional.
#[tokio::test]
async fn context_parameters_come_from_input_members() {
    use awsgen_dynamodb::operation::describe_table::DescribeTableInput;
    use awsgen_dynamodb::runtime::endpoint::ContextValue;
    use awsgen_dynamodb::runtime::Operation;
    let arn = "arn:aws:dynamodb:us-east-1:222222222222:table/t";
    let input = DescribeTableInput::builder().table_name(arn).build().unwrap();
    assert_eq!(input.context_params(), [("ResourceArn", ContextValue::String(arn.into()))]);
    let b = BuiltIns { region: Some("us-east-1".into()), context: input.context_params(), ..Default::default() };
    let mut p = awsgen_dynamodb::endpoint::Params::from_built_ins(&b);
    assert_eq!(p.resource_arn.as_deref(), Some(arn));
    p.account_id_endpoint_mode = Some("preferred".into());
    assert_eq!(
        awsgen_dynamodb::endpoint::resolve_endpoint(&p).unwrap().url,
        "https://222222222222.ddb.us-east-1.amazonaws.com"
    );
    let transport = ReplayClient::new(vec![HttpResponse { status: 200, headers: vec![], body: b"{}".to_vec() }]);
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None))
        .http_client(transport.clone())
        .build();
    awsgen_dynamodb::Client::new(config).describe_table().table_name(arn).send().await.unwrap();
    assert_eq!(transport.sent()[0].url, "https://dynamodb.us-east-1.amazonaws.com/");
}
