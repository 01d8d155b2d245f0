//! The user agent every request carries, in the AWS SDKs' user-agent format: space-separated
//! `name/value` tokens, each made of the HTTP `tchar` characters only.
//!
//! - `x-amz-user-agent`: `awsgen/<runtime version> ua/2.1 api/<service id>/<API version>
//!   os/<family> lang/rust/<rustc version> md/arch/<cpu> [app/<app id>]`;
//! - `user-agent`: `awsgen/<version> os/<family> lang/rust/<rustc version>` and the same
//!   `app/` token.
//!
//! The SDK token is our own name (`awsgen`), not `aws-sdk-<language>`: the requests do not come
//! from an AWS SDK. The service id is the model's `serviceId` lower-cased with spaces as `-`
//! (`sso-oidc`), recovered from the endpoint-variable suffix the generator derives from it;
//! its version is the model's API version (`2015-02-02`), the one version a generated crate
//! has of its own. The application id is `sdk_ua_app_id`: set in code
//! ([`ConfigBuilder::sdk_ua_app_id`](crate::ConfigBuilder::sdk_ua_app_id)), else
//! `AWS_SDK_UA_APP_ID`, else the profile's `sdk_ua_app_id`. Neither header is signed (SigV4
//! leaves `user-agent` out; `x-amz-user-agent` is left out too, so a proxy rewriting it does
//! not break the signature), and recorded-exchange replays do not compare them.

use crate::profile::{self, Environment};

/// The version of the user-agent format these headers follow.
const UA_VERSION: &str = "2.1";

/// The compiler that built the runtime, as `build.rs` found it (`1.83.0`).
const RUSTC_VERSION: &str = env!("AWSGEN_RUSTC_VERSION");

/// The longest application id the headers carry, as the AWS SDKs recommend (50 characters):
/// a longer one is cut, so that configuration cannot make every request's headers grow
/// without bound.
pub const MAX_APP_ID_LEN: usize = 50;

/// The two header values, computed once per client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UserAgent {
    /// `user-agent`.
    pub(crate) legacy: String,
    /// `x-amz-user-agent`.
    pub(crate) full: String,
}

/// What the headers describe besides the platform.
pub(crate) struct UaFacts<'a> {
    /// `ServiceInfo::env_suffix` (`SSO_OIDC`).
    pub(crate) env_suffix: &'a str,
    /// The model's API version.
    pub(crate) api_version: &'a str,
    /// The application id, unsanitized.
    pub(crate) app_id: Option<&'a str>,
}

impl UserAgent {
    pub(crate) fn new(facts: &UaFacts<'_>) -> Self {
        let sdk = format!("awsgen/{}", token(env!("CARGO_PKG_VERSION")));
        let platform = format!("os/{} lang/rust/{}", os_family(), token(RUSTC_VERSION));
        let service = token(&facts.env_suffix.to_ascii_lowercase().replace('_', "-"));
        let mut full = format!(
            "{sdk} ua/{UA_VERSION} api/{service}/{} {platform} md/arch/{}",
            token(facts.api_version),
            token(std::env::consts::ARCH)
        );
        let mut legacy = format!("{sdk} {platform}");
        if let Some(app) = facts.app_id.filter(|a| !a.trim().is_empty()) {
            let app: String = token(app.trim()).chars().take(MAX_APP_ID_LEN).collect();
            full += &format!(" app/{app}");
            legacy += &format!(" app/{app}");
        }
        UserAgent { legacy, full }
    }
}

/// The application id the environment gives: `AWS_SDK_UA_APP_ID`, else the selected profile's
/// `sdk_ua_app_id`.
pub(crate) fn app_id_from_env(env: &Environment) -> Option<String> {
    profile::resolve_setting(env, "AWS_SDK_UA_APP_ID", "sdk_ua_app_id").map(|(id, _source)| id)
}

/// The OS family as the format names it.
fn os_family() -> &'static str {
    match std::env::consts::OS {
        "linux" => "linux",
        "macos" => "macos",
        "windows" => "windows",
        "android" => "android",
        "ios" => "ios",
        _ => "other",
    }
}

/// `value` with every character outside the format's `tchar` set
/// (`` ! # $ % & ' * + - . ^ _ ` | ~ ``, ASCII letters and digits) replaced by `-`.
pub(crate) fn token(value: &str) -> String {
    value.chars().map(|c| if c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c) { c } else { '-' }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(app_id: Option<&'a str>) -> UaFacts<'a> {
        UaFacts { env_suffix: "SSO_OIDC", api_version: "2019-06-10", app_id }
    }

    /// Every token is `name/value...` made of `tchar`s, separated by single spaces.
    fn assert_well_formed(header: &str) {
        for t in header.split(' ') {
            assert!(t.contains('/') && !t.starts_with('/') && !t.ends_with('/'), "{t:?} in {header:?}");
            assert!(t.chars().all(|c| c == '/' || token(&c.to_string()) == c.to_string()), "{t:?} in {header:?}");
        }
    }

    #[test]
    fn headers_carry_each_token_in_order() {
        let ua = UserAgent::new(&facts(Some("my app/1")));
        let v = env!("CARGO_PKG_VERSION");
        let platform = format!("os/{} lang/rust/{}", os_family(), RUSTC_VERSION);
        assert_eq!(
            ua.full,
            format!(
                "awsgen/{v} ua/2.1 api/sso-oidc/2019-06-10 {platform} md/arch/{} app/my-app-1",
                std::env::consts::ARCH
            )
        );
        assert_eq!(ua.legacy, format!("awsgen/{v} {platform} app/my-app-1"));
        assert_well_formed(&ua.full);
        assert_well_formed(&ua.legacy);
        assert!(RUSTC_VERSION.starts_with("1."), "{RUSTC_VERSION}");
    }

    #[test]
    fn app_id_is_sanitized_cut_or_left_out() {
        let ua = UserAgent::new(&facts(Some("ünï{code} \"x\"")));
        assert!(ua.full.ends_with(" app/-n--code---x-"), "{}", ua.full);
        let long = "a".repeat(80);
        let ua = UserAgent::new(&facts(Some(&long)));
        assert!(ua.full.ends_with(&format!(" app/{}", "a".repeat(MAX_APP_ID_LEN))), "{}", ua.full);
        for none in [None, Some(""), Some("  ")] {
            let ua = UserAgent::new(&facts(none));
            assert!(!ua.full.contains("app/") && !ua.legacy.contains("app/"), "{}", ua.full);
        }
    }

    #[test]
    fn app_id_comes_from_the_variable_then_the_profile() {
        let profile = "[default]\nsdk_ua_app_id = from-profile\n[profile other]\nsdk_ua_app_id = other-app\n";
        let files = |vars: Vec<(&str, &str)>| {
            let mut all = vec![("HOME", "/nonexistent"), ("AWS_CONFIG_FILE", "/cfg")];
            all.extend(vars);
            Environment::from_vars(all).with_file("/cfg", profile)
        };
        assert_eq!(app_id_from_env(&files(vec![])).as_deref(), Some("from-profile"));
        assert_eq!(app_id_from_env(&files(vec![("AWS_PROFILE", "other")])).as_deref(), Some("other-app"));
        assert_eq!(app_id_from_env(&files(vec![("AWS_SDK_UA_APP_ID", "env-app")])).as_deref(), Some("env-app"));
        assert_eq!(app_id_from_env(&Environment::from_vars([("HOME", "/nonexistent")])), None);
    }
}
