//! The configuration's endpoint settings beyond region, FIPS, dual-stack and URL reach the
//! rule sets' parameters: `Config::endpoint_built_ins` (what the client pipeline passes) through
//! each compiled rule set's `Params::from_built_ins`, for S3's addressing, STS's global endpoint
//! and DynamoDB's account-ID mode.

use super::other_services::{dynamodb, s3, sts};
use awsgen_elasticache::runtime::endpoint::{AccountIdEndpointMode, BuiltIns, ContextValue, Document};
use awsgen_elasticache::runtime::profile::Environment;
use awsgen_elasticache::runtime::ConfigBuilder;
use awsgen_elasticache::Config;

fn env(vars: &[(&str, &str)]) -> Environment {
    Environment::from_vars(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())))
}

/// The built-ins a client of this configuration passes for an S3 call on `bucket`.
fn s3_built_ins(config: ConfigBuilder, bucket: &str) -> BuiltIns {
    let config = config.build();
    let mut b = config.endpoint_built_ins("S3").expect("valid configuration");
    b.context = vec![("Bucket", ContextValue::String(bucket.to_owned()))];
    b
}

/// The URL S3's rule set resolves, or its error message.
fn s3_url(config: ConfigBuilder, bucket: &str) -> Result<String, String> {
    let p = s3::Params::from_built_ins(&s3_built_ins(config, bucket));
    s3::resolve_endpoint(&p).map(|e| e.url).map_err(|e| e.message().to_owned())
}

fn oregon() -> ConfigBuilder {
    Config::builder().region("us-west-2").environment(env(&[]))
}

#[test]
fn path_style_and_virtual_hosted_addressing_of_one_bucket() {
    assert_eq!(s3_url(oregon(), "bucket-name").unwrap(), "https://bucket-name.s3.us-west-2.amazonaws.com");
    assert_eq!(
        s3_url(oregon().force_path_style(true), "bucket-name").unwrap(),
        "https://s3.us-west-2.amazonaws.com/bucket-name"
    );
    // A bucket name that is no DNS label is path-style whatever the setting.
    assert_eq!(s3_url(oregon(), "Bucket_Name").unwrap(), "https://s3.us-west-2.amazonaws.com/Bucket_Name");
    // S3's auth scheme asks for S3's signing rules, which the pipeline reads.
    let p = s3::Params::from_built_ins(&s3_built_ins(oregon(), "bucket-name"));
    let endpoint = s3::resolve_endpoint(&p).unwrap();
    let Some(Document::Array(schemes)) = endpoint.properties.get("authSchemes") else { panic!("{endpoint:?}") };
    let scheme = schemes[0].as_object().unwrap();
    assert_eq!(scheme.get("disableDoubleEncoding"), Some(&Document::Bool(true)));
    assert_eq!(scheme.get("signingName").and_then(Document::as_str), Some("s3"));
}

#[test]
fn accelerate_and_dual_stack() {
    assert_eq!(
        s3_url(oregon().accelerate(true), "bucket-name").unwrap(),
        "https://bucket-name.s3-accelerate.amazonaws.com"
    );
    assert_eq!(
        s3_url(oregon().use_dual_stack(true), "bucket-name").unwrap(),
        "https://bucket-name.s3.dualstack.us-west-2.amazonaws.com"
    );
    assert_eq!(
        s3_url(oregon().accelerate(true).use_dual_stack(true), "bucket-name").unwrap(),
        "https://bucket-name.s3-accelerate.dualstack.amazonaws.com"
    );
    // Acceleration needs a DNS-compatible bucket; path style and acceleration do not mix.
    assert!(s3_url(oregon().accelerate(true).force_path_style(true), "bucket-name").is_err());
}

#[test]
fn arn_region_and_multi_region_access_points_from_the_environment() {
    let access_point = "arn:aws:s3:us-east-1:123456789012:accesspoint:myendpoint";
    let refused = s3_url(oregon().environment(env(&[("AWS_S3_USE_ARN_REGION", "false")])), access_point);
    assert!(refused.as_ref().unwrap_err().contains("UseArnRegion"), "{refused:?}");
    let allowed = s3_url(oregon().environment(env(&[("AWS_S3_USE_ARN_REGION", "true")])), access_point);
    assert_eq!(allowed.unwrap(), "https://myendpoint-123456789012.s3-accesspoint.us-east-1.amazonaws.com");
    // Set in code, the setting wins over the environment.
    let code = oregon().environment(env(&[("AWS_S3_USE_ARN_REGION", "true")])).use_arn_region(false);
    assert!(s3_url(code, access_point).is_err());

    let mrap = "arn:aws:s3::123456789012:accesspoint:mfzwi23gnjvgw.mrap";
    assert_eq!(s3_url(oregon(), mrap).unwrap(), "https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com");
    let disabled = oregon().environment(env(&[("AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS", "true")]));
    assert!(s3_url(disabled, mrap).unwrap_err().contains("Multi-Region Access Point ARNs are disabled"));
}

#[test]
fn us_east_1_global_endpoint_from_the_profile() {
    let profile = env(&[("AWS_CONFIG_FILE", "/cfg"), ("HOME", "/nonexistent")])
        .with_file("/cfg", "[default]\ns3_us_east_1_regional_endpoint = legacy\n");
    let virginia = || Config::builder().region("us-east-1");
    assert_eq!(
        s3_url(virginia().environment(env(&[])), "bucket-name").unwrap(),
        "https://bucket-name.s3.us-east-1.amazonaws.com"
    );
    assert_eq!(s3_url(virginia().environment(profile), "bucket-name").unwrap(), "https://bucket-name.s3.amazonaws.com");
}

#[test]
fn sts_global_endpoint() {
    let url = |config: ConfigBuilder| {
        let b = config.build().endpoint_built_ins("STS").unwrap();
        sts::resolve_endpoint(&sts::Params::from_built_ins(&b)).unwrap().url
    };
    assert_eq!(url(oregon()), "https://sts.us-west-2.amazonaws.com");
    let legacy = oregon().environment(env(&[("AWS_STS_REGIONAL_ENDPOINTS", "legacy")]));
    assert_eq!(url(legacy), "https://sts.amazonaws.com");
    assert_eq!(url(oregon().sts_use_global_endpoint(true)), "https://sts.amazonaws.com");
}

#[test]
fn account_id_endpoint_mode() {
    let params = |config: ConfigBuilder| {
        let b = config.build().endpoint_built_ins("DYNAMODB").unwrap();
        dynamodb::Params::from_built_ins(&b)
    };
    let virginia = || Config::builder().region("us-east-1").environment(env(&[]));
    assert_eq!(params(virginia()).account_id_endpoint_mode, None);
    let required = params(virginia().account_id_endpoint_mode(AccountIdEndpointMode::Required));
    assert_eq!(required.account_id_endpoint_mode.as_deref(), Some("required"));
    // Required without an account ID (the credentials carry none) is the rule set's error.
    assert!(dynamodb::resolve_endpoint(&required).is_err());
    let from_env = params(virginia().environment(env(&[("AWS_ACCOUNT_ID_ENDPOINT_MODE", "disabled")])));
    assert_eq!(from_env.account_id_endpoint_mode.as_deref(), Some("disabled"));
}

/// The account of the credentials reaches DynamoDB's rule set through a real call, and the
/// mode decides whether it is used.
#[tokio::test]
async fn the_credentials_account_id_reaches_the_rule_set() {
    use awsgen_dynamodb::runtime::credentials::Credentials;
    use awsgen_dynamodb::runtime::http::HttpResponse;
    let url = |mode: Option<AccountIdEndpointMode>| async move {
        let reply = HttpResponse { status: 200, headers: vec![], body: b"{}".to_vec() };
        let transport = awsgen_tests::ReplayClient::new(vec![reply]);
        let mut config = awsgen_dynamodb::Config::builder()
            .region("us-east-1")
            .environment(env(&[]))
            .credentials(Credentials::new("AKID", "secret", None).with_account_id("111122223333"))
            .http_client(transport.clone());
        if let Some(mode) = mode {
            config = config.account_id_endpoint_mode(mode);
        }
        awsgen_dynamodb::Client::new(config.build()).list_tables().send().await.expect("replayed reply parses");
        transport.sent()[0].url.clone()
    };
    assert_eq!(url(None).await, "https://dynamodb.us-east-1.amazonaws.com/");
    assert_eq!(url(Some(AccountIdEndpointMode::Disabled)).await, "https://dynamodb.us-east-1.amazonaws.com/");
    assert_eq!(url(Some(AccountIdEndpointMode::Preferred)).await, "https://111122223333.ddb.us-east-1.amazonaws.com/");
}

#[test]
fn malformed_settings_are_configuration_errors() {
    let bad = Config::builder().region("us-west-2").environment(env(&[("AWS_STS_REGIONAL_ENDPOINTS", "sometimes")]));
    let err = bad.build().endpoint_built_ins("STS").unwrap_err();
    assert!(err.message.starts_with("AWS_STS_REGIONAL_ENDPOINTS"), "{err:?}");
}
