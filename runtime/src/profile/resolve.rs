//! Settings resolved from the environment and the selected profile: the profile in use, the
//! region, a service's endpoint URL, and any other setting or flag by variable and key.
//!
//! Each call reads the files again, so edits are picked up; a file that fails to load counts
//! as empty here (call [`ProfileSet::load`] to learn why).

use super::{Environment, ProfileSet};

/// The profile in use: `AWS_PROFILE`, or `default`.
pub fn selected_profile(env: &Environment) -> String {
    env.var("AWS_PROFILE").unwrap_or_else(|| "default".to_owned())
}

/// The region: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then `region` in the selected
/// profile.
pub fn resolve_region(env: &Environment) -> Option<String> {
    env.var("AWS_REGION").or_else(|| env.var("AWS_DEFAULT_REGION")).or_else(|| {
        let set = ProfileSet::load(env).ok()?;
        set.get(set.selected_profile(), "region").map(str::to_owned)
    })
}

/// A configured endpoint URL for a service, first found of:
///
/// 1. `AWS_ENDPOINT_URL_<SUFFIX>` (the suffix upper-cased, characters other than letters and
///    digits turned into `_`: the service id, `ELASTICACHE`, `ELASTIC_BEANSTALK`);
/// 2. `AWS_ENDPOINT_URL`;
/// 3. `endpoint_url` under the service's key (the same suffix in lower case: `elasticache`,
///    `elastic_beanstalk`) in the `[services NAME]` section the selected profile's
///    `services = NAME` names;
/// 4. `endpoint_url` in the selected profile.
///
/// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` turns all of these off; when that variable is
/// unset, `ignore_configured_endpoint_urls = true` in the profile does the same. (A URL set in
/// code comes before all of these, in [`crate::ConfigBuilder`].)
pub fn resolve_endpoint_url(env: &Environment, service_env_suffix: &str) -> Option<String> {
    let set = ProfileSet::load(env).ok();
    let from_profile = |key: &str| {
        let set = set.as_ref()?;
        set.get(set.selected_profile(), key).map(str::to_owned)
    };
    let ignore = env
        .var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
        .or_else(|| from_profile("ignore_configured_endpoint_urls"))
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    if ignore {
        return None;
    }
    let suffix: String = service_env_suffix
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' })
        .collect();
    if suffix.is_empty() {
        return env.var("AWS_ENDPOINT_URL").or_else(|| from_profile("endpoint_url"));
    }
    let from_services = || {
        let set = set.as_ref()?;
        set.service_setting(set.selected_profile(), &suffix.to_ascii_lowercase(), "endpoint_url").map(str::to_owned)
    };
    env.var(&format!("AWS_ENDPOINT_URL_{suffix}"))
        .or_else(|| env.var("AWS_ENDPOINT_URL"))
        .or_else(from_services)
        .or_else(|| from_profile("endpoint_url"))
}

/// A setting's raw value from the environment variable `var`, else the selected profile's
/// `key`, with where it came from (for error messages).
pub fn resolve_setting(env: &Environment, var: &str, key: &str) -> Option<(String, String)> {
    if let Some(v) = env.var(var) {
        return Some((v, var.to_owned()));
    }
    let set = ProfileSet::load(env).ok()?;
    let profile = set.selected_profile();
    let v = set.get(profile, key)?;
    let file = set.file_of(profile, key).unwrap_or(set.config_file().path());
    Some((v.to_owned(), format!("{} (profile {profile:?}, {key})", file.display())))
}

/// A boolean setting: the environment variable `var`, then `key` in the selected profile;
/// `true` / `false` in any case. Another value is an error naming where it came from.
pub fn resolve_flag(env: &Environment, var: &str, key: &str) -> Result<Option<bool>, String> {
    let Some((value, source)) = resolve_setting(env, var, key) else { return Ok(None) };
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(Some(true)),
        "false" => Ok(Some(false)),
        _ => {
            let shown: String = value.chars().take(32).collect();
            Err(format!("{source}: expected `true` or `false`, got {shown:?}"))
        }
    }
}
