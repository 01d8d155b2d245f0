//! `ConfigLoader` (what `load_defaults` runs): the region chain (variables, profile, then
//! instance metadata) and a generated client signing with the default chain's credentials.

mod support;

use awsgen_config::ConfigLoader;
use awsgen_runtime::profile::Environment;
use support::{reply, Scripted};

fn env(vars: &[(&str, &str)], config_file: &str) -> Environment {
    Environment::from_vars(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())))
        .with_file("/home/.aws/config", config_file)
}

#[tokio::test]
async fn the_region_comes_from_the_variables_then_the_profile_then_instance_metadata() {
    let quiet = Scripted::new(|r| panic!("unexpected request {r:?}"));
    let from_var = ConfigLoader::default()
        .environment(env(&[("HOME", "/home"), ("AWS_REGION", "eu-west-3")], "[default]\nregion = us-west-1\n"))
        .http_client(quiet.clone())
        .load()
        .await
        .build();
    assert_eq!(from_var.region(), Some("eu-west-3"));
    let from_profile = ConfigLoader::default()
        .environment(env(&[("HOME", "/home")], "[default]\nregion = us-west-1\n"))
        .http_client(quiet.clone())
        .load()
        .await
        .build();
    assert_eq!(from_profile.region(), Some("us-west-1"));
    assert!(quiet.requests().is_empty());

    let imds = Scripted::new(|r| match (r.method.as_str(), r.url.as_str()) {
        ("PUT", "http://169.254.169.254/latest/api/token") => {
            reply(200, &[("x-aws-ec2-metadata-token-ttl-seconds", "21600")], "token")
        }
        ("GET", "http://169.254.169.254/latest/meta-data/placement/region") => reply(200, &[], "ap-south-1"),
        _ => reply(404, &[], ""),
    });
    let from_imds = ConfigLoader::default()
        .environment(env(&[("HOME", "/home")], ""))
        .http_client(imds.clone())
        .load()
        .await
        .build();
    assert_eq!(from_imds.region(), Some("ap-south-1"));
    assert_eq!(imds.requests()[1].header("x-aws-ec2-metadata-token"), Some("token"));

    let disabled = Scripted::new(|r| panic!("unexpected request {r:?}"));
    let none = ConfigLoader::default()
        .environment(env(&[("HOME", "/home"), ("AWS_EC2_METADATA_DISABLED", "true")], ""))
        .http_client(disabled.clone())
        .load()
        .await
        .build();
    assert_eq!(none.region(), None);
    assert!(disabled.requests().is_empty());
}

#[tokio::test]
async fn a_generated_client_signs_with_the_chains_credentials() {
    let aws = Scripted::new(|r| match r.url.as_str() {
        "http://169.254.170.2/v2/credentials/task" => reply(
            200,
            &[],
            r#"{"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"container-secret","Token":"container-token",
                "Expiration":"2099-01-01T00:00:00Z"}"#,
        ),
        "https://sts.eu-west-1.amazonaws.com/" => reply(
            200,
            &[("content-type", "text/xml")],
            "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>111122223333</Account>\
             <Arn>arn:aws:sts::111122223333:assumed-role/task/x</Arn><UserId>AROA:x</UserId>\
             </GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>\
             </GetCallerIdentityResponse>",
        ),
        other => panic!("unexpected request to {other}"),
    });
    let vars = [
        ("HOME", "/home"),
        ("AWS_REGION", "eu-west-1"),
        ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/task"),
    ];
    let config = ConfigLoader::default().environment(env(&vars, "")).http_client(aws.clone()).load().await.build();
    let sts = awsgen_sts::Client::new(config);
    for _ in 0..2 {
        let out = sts.get_caller_identity().send().await.unwrap();
        assert_eq!(out.account.as_deref(), Some("111122223333"));
    }
    let requests = aws.requests();
    assert_eq!(requests.len(), 3, "the credentials are fetched once and cached: {requests:?}");
    for call in &requests[1..] {
        let authorization = call.header("authorization").unwrap();
        assert!(authorization.contains("Credential=ASIACONTAINER/"), "{authorization}");
        assert_eq!(call.header("x-amz-security-token"), Some("container-token"));
    }
}
