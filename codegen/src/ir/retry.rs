//! The service-specific retry policies of botocore's `_retry.json` (vendored, with its
//! provenance, in `codegen/data/`): for a service's endpoint prefix, the error codes (with the
//! status each must come with) that its clients retry beyond the standard lists.
//!
//! Only policies that name a `service_error_code` are read; those that name only a status are
//! the runtime's standard lists already, and DynamoDB's `crc32` policy (a reply whose
//! `x-amz-crc32` does not match its body) is not a code. A policy is throttling when its name
//! says so (`throttling`, `too_many_requests`, `request_limit_exceeded`), as botocore's legacy
//! mode groups them.

use serde_json::Value;

use super::RetryPolicy;

/// botocore 1.44.8's `_retry.json`, compiled in.
const RETRY_JSON: &str = include_str!("../../data/_retry.json");

/// Policy names that mean "slow down".
const THROTTLING_POLICIES: &[&str] = &["throttling", "too_many_requests", "request_limit_exceeded"];

/// The policies `_retry.json` gives the service with this endpoint prefix, in file order.
pub fn service_policies(endpoint_prefix: &str) -> Vec<RetryPolicy> {
    let Ok(file) = serde_json::from_str::<Value>(RETRY_JSON) else { return Vec::new() };
    let Some(policies) = file.pointer(&format!("/retry/{}/__default__/policies", escape(endpoint_prefix))) else {
        return Vec::new();
    };
    let Some(policies) = policies.as_object() else { return Vec::new() };
    policies
        .iter()
        .filter_map(|(name, policy)| {
            let response = policy.pointer("/applies_when/response")?;
            let code = response.get("service_error_code")?.as_str()?.to_owned();
            let status = response.get("http_status_code").and_then(Value::as_u64).and_then(|s| u16::try_from(s).ok());
            Some(RetryPolicy { code, status, throttling: THROTTLING_POLICIES.contains(&name.as_str()) })
        })
        .collect()
}

/// A JSON pointer token (`~` and `/` escaped).
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(code: &str, status: u16, throttling: bool) -> RetryPolicy {
        RetryPolicy { code: code.into(), status: Some(status), throttling }
    }

    #[test]
    fn the_vendored_file_gives_each_service_its_codes() {
        assert!(serde_json::from_str::<Value>(RETRY_JSON).is_ok());
        assert_eq!(service_policies("s3"), [policy("RequestTimeout", 400, false), policy("BadDigest", 400, false)]);
        assert_eq!(service_policies("sts"), [policy("IDPCommunicationError", 400, false)]);
        assert_eq!(
            service_policies("dynamodb"),
            [
                policy("ReplicatedWriteConflictException", 409, false),
                policy("TransactionInProgressException", 400, false)
            ]
        );
        assert_eq!(service_policies("sqs"), [policy("RequestThrottled", 403, true)]);
        assert_eq!(service_policies("organizations"), [policy("TooManyRequestsException", 400, true)]);
        assert!(service_policies("elasticache").is_empty());
        assert!(service_policies("__default__").is_empty(), "the defaults are not a service");
        assert!(service_policies("a/b~c").is_empty());
    }
}
