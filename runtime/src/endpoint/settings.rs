//! The endpoint settings beyond region, FIPS, dual-stack and endpoint URL: S3's addressing
//! (path style, acceleration, ARN region, Multi-Region Access Points, the `us-east-1` global
//! endpoint, S3 Express session auth), STS's global endpoint and the account-ID endpoint mode.
//! Each is set in code, else read from the environment variable and the shared config file's
//! key the AWS SDKs define for it; a malformed value fails every call with a configuration
//! error naming where it came from.

use super::BuiltIns;
use crate::profile::{self, Environment};
use std::fmt;

/// The account-ID endpoint mode (`AWS_ACCOUNT_ID_ENDPOINT_MODE`, `account_id_endpoint_mode`):
/// whether a service with account-based endpoints (DynamoDB) uses them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountIdEndpointMode {
    /// Use an account-based endpoint when the account ID is known.
    Preferred,
    /// Never.
    Disabled,
    /// Always; a call without an account ID fails.
    Required,
}

impl AccountIdEndpointMode {
    /// The value the rule sets compare (`preferred`, ...).
    pub fn as_str(&self) -> &'static str {
        match self {
            AccountIdEndpointMode::Preferred => "preferred",
            AccountIdEndpointMode::Disabled => "disabled",
            AccountIdEndpointMode::Required => "required",
        }
    }
}

impl fmt::Display for AccountIdEndpointMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The settings as set in code; `None` leaves a setting to the environment, then the profile,
/// then the rule set's default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EndpointSettings {
    /// S3 path-style addressing (no environment source in the SDKs).
    pub force_path_style: Option<bool>,
    /// S3 Transfer Acceleration (no environment source in the SDKs).
    pub accelerate: Option<bool>,
    /// S3's `us-east-1` global endpoint: `AWS_S3_US_EAST_1_REGIONAL_ENDPOINT` /
    /// `s3_us_east_1_regional_endpoint`, `legacy` meaning yes and `regional` no.
    pub s3_use_global_endpoint: Option<bool>,
    /// `AWS_S3_USE_ARN_REGION` / `s3_use_arn_region` (S3 and S3 Control).
    pub use_arn_region: Option<bool>,
    /// `AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS` / `s3_disable_multiregion_access_points`.
    pub disable_multi_region_access_points: Option<bool>,
    /// `AWS_S3_DISABLE_EXPRESS_SESSION_AUTH` / `s3_disable_express_session_auth`.
    pub disable_s3_express_session_auth: Option<bool>,
    /// STS's global endpoint: `AWS_STS_REGIONAL_ENDPOINTS` / `sts_regional_endpoints`,
    /// `legacy` meaning yes and `regional` (the default) no.
    pub sts_use_global_endpoint: Option<bool>,
    /// `AWS_ACCOUNT_ID_ENDPOINT_MODE` / `account_id_endpoint_mode`.
    pub account_id_endpoint_mode: Option<AccountIdEndpointMode>,
}

/// The settings with every source read: what reaches [`BuiltIns`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ResolvedEndpointSettings {
    force_path_style: bool,
    accelerate: bool,
    s3_use_global_endpoint: bool,
    use_arn_region: Option<bool>,
    disable_multi_region_access_points: bool,
    disable_s3_express_session_auth: Option<bool>,
    sts_use_global_endpoint: bool,
    account_id_endpoint_mode: Option<AccountIdEndpointMode>,
}

impl EndpointSettings {
    /// Fills what code left unset from `env` and its profile.
    pub(crate) fn resolve(&self, env: &Environment) -> Result<ResolvedEndpointSettings, String> {
        let flag = |explicit: Option<bool>, var: &str, key: &str| match explicit {
            Some(on) => Ok(Some(on)),
            None => profile::resolve_flag(env, var, key),
        };
        let legacy = |explicit: Option<bool>, var: &str, key: &str| match explicit {
            Some(on) => Ok(Some(on)),
            None => choice(env, var, key, &[("legacy", true), ("regional", false)]),
        };
        let mode = match self.account_id_endpoint_mode {
            Some(mode) => Some(mode),
            None => {
                use AccountIdEndpointMode::*;
                let choices = [("preferred", Preferred), ("disabled", Disabled), ("required", Required)];
                choice(env, "AWS_ACCOUNT_ID_ENDPOINT_MODE", "account_id_endpoint_mode", &choices)?
            }
        };
        Ok(ResolvedEndpointSettings {
            force_path_style: self.force_path_style.unwrap_or(false),
            accelerate: self.accelerate.unwrap_or(false),
            s3_use_global_endpoint: legacy(
                self.s3_use_global_endpoint,
                "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT",
                "s3_us_east_1_regional_endpoint",
            )?
            .unwrap_or(false),
            use_arn_region: flag(self.use_arn_region, "AWS_S3_USE_ARN_REGION", "s3_use_arn_region")?,
            disable_multi_region_access_points: flag(
                self.disable_multi_region_access_points,
                "AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS",
                "s3_disable_multiregion_access_points",
            )?
            .unwrap_or(false),
            disable_s3_express_session_auth: flag(
                self.disable_s3_express_session_auth,
                "AWS_S3_DISABLE_EXPRESS_SESSION_AUTH",
                "s3_disable_express_session_auth",
            )?,
            sts_use_global_endpoint: legacy(
                self.sts_use_global_endpoint,
                "AWS_STS_REGIONAL_ENDPOINTS",
                "sts_regional_endpoints",
            )?
            .unwrap_or(false),
            account_id_endpoint_mode: mode,
        })
    }
}

impl ResolvedEndpointSettings {
    /// Copies the settings into the rule sets' inputs.
    pub(crate) fn apply(&self, b: &mut BuiltIns) {
        b.force_path_style = self.force_path_style;
        b.accelerate = self.accelerate;
        b.s3_use_global_endpoint = self.s3_use_global_endpoint;
        b.use_arn_region = self.use_arn_region;
        b.disable_multi_region_access_points = self.disable_multi_region_access_points;
        b.disable_s3_express_session_auth = self.disable_s3_express_session_auth;
        b.sts_use_global_endpoint = self.sts_use_global_endpoint;
        b.account_id_endpoint_mode = self.account_id_endpoint_mode.map(|m| m.as_str().to_owned());
    }
}

/// The environment variable, else the profile key, read as one of `choices` (case-insensitive).
fn choice<T: Copy>(env: &Environment, var: &str, key: &str, choices: &[(&str, T)]) -> Result<Option<T>, String> {
    let Some((value, source)) = profile::resolve_setting(env, var, key) else {
        return Ok(None);
    };
    let wanted = value.trim().to_ascii_lowercase();
    match choices.iter().find(|(name, _)| *name == wanted) {
        Some((_, v)) => Ok(Some(*v)),
        None => {
            let shown: String = value.chars().take(32).collect();
            let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
            Err(format!("{source}: expected one of {names:?}, got {shown:?}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> Environment {
        Environment::from_vars(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())))
    }

    #[test]
    fn code_beats_environment_beats_profile() {
        let e = env(&[("AWS_S3_USE_ARN_REGION", "false"), ("HOME", "/nonexistent"), ("AWS_CONFIG_FILE", "/cfg")])
            .with_file("/cfg", "[default]\ns3_use_arn_region = true\nsts_regional_endpoints = legacy\n");
        let r = EndpointSettings::default().resolve(&e).unwrap();
        assert_eq!(r.use_arn_region, Some(false));
        assert!(r.sts_use_global_endpoint);
        let r =
            EndpointSettings { use_arn_region: Some(true), sts_use_global_endpoint: Some(false), ..Default::default() }
                .resolve(&e)
                .unwrap();
        assert_eq!(r.use_arn_region, Some(true));
        assert!(!r.sts_use_global_endpoint);
    }

    #[test]
    fn unset_settings_keep_the_rule_set_defaults() {
        assert_eq!(EndpointSettings::default().resolve(&env(&[])).unwrap(), ResolvedEndpointSettings::default());
    }

    #[test]
    fn malformed_values_are_errors_naming_their_source() {
        for (var, value) in [
            ("AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS", "yes"),
            ("AWS_STS_REGIONAL_ENDPOINTS", "global"),
            ("AWS_S3_US_EAST_1_REGIONAL_ENDPOINT", "none"),
            ("AWS_ACCOUNT_ID_ENDPOINT_MODE", "sometimes"),
        ] {
            let err = EndpointSettings::default().resolve(&env(&[(var, value)])).unwrap_err();
            assert!(err.starts_with(var), "{err}");
        }
        let mode = EndpointSettings::default().resolve(&env(&[("AWS_ACCOUNT_ID_ENDPOINT_MODE", " Required ")]));
        assert_eq!(mode.unwrap().account_id_endpoint_mode, Some(AccountIdEndpointMode::Required));
    }
}
