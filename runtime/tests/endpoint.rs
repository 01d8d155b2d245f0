//! Endpoint resolution against botocore's ElastiCache endpoint test cases (botocore 1.44.8,
//! `tests/functional/endpoint-rules/elasticache`), read from `../shared` beside the checkout,
//! plus the input checks the rule set itself does not cover.

use std::path::PathBuf;

use awsgen_runtime::endpoint::{resolve, Endpoint, EndpointParams};
use serde_json::Value;

/// Cases expected to fail because they need rules this resolver deliberately leaves out, each
/// with the reason. Empty: every case is covered.
const SKIPPED: &[(&str, &str)] = &[];

fn cases() -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/botocore/endpoint-tests/elasticache/endpoint-tests-1.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let doc: Value = serde_json::from_str(&text).expect("endpoint tests are valid JSON");
    doc["testCases"].as_array().expect("testCases is an array").clone()
}

fn params_of(case: &Value) -> EndpointParams {
    let p = &case["params"];
    EndpointParams {
        region: p["Region"].as_str().map(str::to_owned),
        use_fips: p["UseFIPS"].as_bool().unwrap_or(false),
        use_dual_stack: p["UseDualStack"].as_bool().unwrap_or(false),
        endpoint_url: p["Endpoint"].as_str().map(str::to_owned),
    }
}

/// Checks one case; `Err` says how it went wrong.
fn check(case: &Value) -> Result<(), String> {
    let params = params_of(case);
    let got = resolve("elasticache", &params);
    let expect = &case["expect"];
    if let Some(url) = expect["endpoint"]["url"].as_str() {
        return match got {
            Ok(Endpoint { url: got }) if got == url => Ok(()),
            Ok(Endpoint { url: got }) => Err(format!("expected {url}, got {got}")),
            Err(e) => Err(format!("expected {url}, got error {e}")),
        };
    }
    let expected = expect["error"].as_str().ok_or("case expects neither an endpoint nor an error")?;
    let message = match got {
        Ok(endpoint) => return Err(format!("expected error {expected:?}, got {}", endpoint.url)),
        Err(e) => e.to_string(),
    };
    // The wording is ours; the subject must be the same as the rule set's.
    let subject = if expected.contains("FIPS") {
        "FIPS"
    } else if expected.contains("Dualstack") {
        "dual-stack"
    } else if expected.contains("Region") {
        "region"
    } else {
        ""
    };
    if message.contains(subject) {
        Ok(())
    } else {
        Err(format!("expected an error about {subject} ({expected:?}), got {message:?}"))
    }
}

#[test]
fn botocore_elasticache_endpoint_cases() {
    let cases = cases();
    assert_eq!(cases.len(), 49, "botocore 1.44.8 has 49 ElastiCache cases");

    let (mut passed, mut skipped) = (0, 0);
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["documentation"].as_str().unwrap_or("(unnamed case)");
        let skip = SKIPPED.iter().find(|(doc, _)| *doc == name);
        match (check(case), skip) {
            (Ok(()), None) => passed += 1,
            (Err(why), None) => failures.push(format!("{name}: {why}")),
            (Err(_), Some(_)) => skipped += 1,
            (Ok(()), Some((_, reason))) => failures.push(format!("{name}: passes but is listed as skipped ({reason})")),
        }
    }
    println!(
        "endpoint tests: {passed} passed, {} failed{}",
        failures.len(),
        if skipped > 0 { format!(", {skipped} skipped") } else { String::new() }
    );
    assert!(failures.is_empty(), "failing cases:\n{}", failures.join("\n"));
    assert_eq!(passed + skipped, cases.len());
}

fn in_region(region: &str) -> EndpointParams {
    EndpointParams { region: Some(region.to_owned()), ..Default::default() }
}

#[test]
fn local_endpoint_is_used_as_given() {
    let params = EndpointParams { endpoint_url: Some("http://127.0.0.1:5000".to_owned()), ..in_region("us-east-1") };
    assert_eq!(resolve("elasticache", &params).unwrap().url, "http://127.0.0.1:5000");
}

#[test]
fn bad_endpoint_urls_are_errors() {
    for url in
        ["", "127.0.0.1:5000", "ftp://example.com", "/just/a/path", "http://", "https://exa mple.com", "http://[::1"]
    {
        let params = EndpointParams { endpoint_url: Some(url.to_owned()), ..in_region("us-east-1") };
        let err = resolve("elasticache", &params).expect_err(url);
        assert!(err.message().contains("endpoint URL"), "{url}: {err}");
    }
}

#[test]
fn invalid_regions_are_errors() {
    for region in [
        "us-east-1.evil.com",
        "us-east-1/",
        "us east 1",
        "-us-east-1",
        "us-east-1-",
        "us_east_1",
        "ünïcode-1",
        "a-very-long-region-name-that-is-longer-than-sixty-three-characters-1",
    ] {
        let err = resolve("elasticache", &in_region(region)).expect_err(region);
        assert!(err.message().contains("invalid region"), "{region}: {err}");
    }
    let empty = resolve("elasticache", &in_region("")).unwrap_err();
    assert_eq!(empty.to_string(), "a region is required");
    let missing = resolve("elasticache", &EndpointParams::default()).unwrap_err();
    assert_eq!(missing.to_string(), "a region is required");
}

#[test]
fn other_partitions_and_services() {
    let url = |prefix: &str, region: &str, fips: bool, dual: bool| {
        let params = EndpointParams { use_fips: fips, use_dual_stack: dual, ..in_region(region) };
        resolve(prefix, &params).map(|e| e.url)
    };
    assert_eq!(
        url("elasticache", "eusc-de-east-1", false, false).unwrap(),
        "https://elasticache.eusc-de-east-1.amazonaws.eu"
    );
    assert_eq!(
        url("elasticache", "us-isof-south-1", false, true).unwrap(),
        "https://elasticache.us-isof-south-1.api.aws.hci.ic.gov"
    );
    assert_eq!(
        url("elasticache", "eu-isoe-west-1", true, false).unwrap(),
        "https://elasticache-fips.eu-isoe-west-1.cloud.adc-e.uk"
    );
    // The GovCloud FIPS exception belongs to ElastiCache only.
    assert_eq!(url("sqs", "us-gov-west-1", true, false).unwrap(), "https://sqs-fips.us-gov-west-1.amazonaws.com");
    assert_eq!(
        url("runtime.sagemaker", "us-west-2", false, false).unwrap(),
        "https://runtime.sagemaker.us-west-2.amazonaws.com"
    );
    assert!(url("bad prefix", "us-west-2", false, false).is_err());
    assert!(url("", "us-west-2", false, false).is_err());
}
