//! Helpers the providers share: a call's failure described without secrets, the default role
//! session name, the account of an ARN.

use awsgen_runtime::error::{ErrorReport, SdkError};
use std::time::{SystemTime, UNIX_EPOCH};

/// A call's failure in words that carry no secret: a reply that could not be parsed is
/// described without its body, which may hold credentials.
pub(crate) fn describe<E: std::error::Error + 'static>(err: &SdkError<E>) -> String {
    match err {
        SdkError::Response(r) => {
            let id = r.request_id.as_deref().map(|id| format!(", request id {id}")).unwrap_or_default();
            format!("unparseable response (HTTP {}{id}): {}", r.status, r.reason)
        }
        // The whole chain on one line (a transport error's cause is its source).
        other => ErrorReport(other).to_string(),
    }
}

/// The default role session name: `awsgen-<unix time in milliseconds>`.
pub(crate) fn default_session_name() -> String {
    let millis = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0);
    format!("awsgen-{millis}")
}

/// The account of an ARN (`arn:aws:sts::123456789012:assumed-role/R/s` → `123456789012`), when
/// it has one of twelve digits.
pub(crate) fn account_of_arn(arn: &str) -> Option<&str> {
    let account = arn.strip_prefix("arn:")?.split(':').nth(3)?;
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then_some(account)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_comes_from_the_assumed_role_arn() {
        assert_eq!(account_of_arn("arn:aws:sts::123456789012:assumed-role/RoleA/s"), Some("123456789012"));
        assert_eq!(account_of_arn("arn:aws-cn:sts::210987654321:assumed-role/R/s"), Some("210987654321"));
        assert_eq!(account_of_arn("arn:aws:sts::12345:assumed-role/R/s"), None);
        assert_eq!(account_of_arn("not an arn"), None);
        assert_eq!(account_of_arn("arn:aws"), None);
    }

    #[test]
    fn the_default_session_name_is_awsgen_and_a_time() {
        let name = default_session_name();
        let millis = name.strip_prefix("awsgen-").expect(&name);
        assert!(millis.parse::<u128>().unwrap() > 1_600_000_000_000, "{name}");
    }
}
