//! Where the instance metadata service is: an endpoint given in code, else
//! `AWS_EC2_METADATA_SERVICE_ENDPOINT` / the profile's `ec2_metadata_service_endpoint`, else the
//! address of the endpoint mode (given in code, else `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` /
//! `ec2_metadata_service_endpoint_mode`, else IPv4).

use std::fmt;
use std::str::FromStr;

use awsgen_runtime::profile::{self, Environment};

use super::ImdsError;
use crate::uri;

/// The variable naming the endpoint.
pub const ENDPOINT_VAR: &str = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
/// The profile key naming the endpoint.
pub const ENDPOINT_KEY: &str = "ec2_metadata_service_endpoint";
/// The variable choosing the endpoint mode.
pub const MODE_VAR: &str = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE";
/// The profile key choosing the endpoint mode.
pub const MODE_KEY: &str = "ec2_metadata_service_endpoint_mode";

/// Which of the service's two addresses to use when no endpoint is configured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EndpointMode {
    /// `http://169.254.169.254`.
    #[default]
    IPv4,
    /// `http://[fd00:ec2::254]` (Nitro instances in IPv6-enabled subnets).
    IPv6,
}

impl EndpointMode {
    /// The service's address in this mode.
    pub fn endpoint(self) -> &'static str {
        match self {
            EndpointMode::IPv4 => "http://169.254.169.254",
            EndpointMode::IPv6 => "http://[fd00:ec2::254]",
        }
    }
}

/// Why a mode did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidEndpointMode(String);

impl fmt::Display for InvalidEndpointMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a valid endpoint mode (expected IPv4 or IPv6)", self.0)
    }
}

impl std::error::Error for InvalidEndpointMode {}

impl FromStr for EndpointMode {
    type Err = InvalidEndpointMode;

    /// `IPv4` or `IPv6`, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ipv4" => Ok(EndpointMode::IPv4),
            "ipv6" => Ok(EndpointMode::IPv6),
            _ => Err(InvalidEndpointMode(s.chars().take(32).collect())),
        }
    }
}

/// The service's base URL (no trailing `/`), or a configuration error naming the setting.
pub(crate) fn resolve(
    env: &Environment,
    endpoint: Option<&str>,
    mode: Option<EndpointMode>,
) -> Result<String, ImdsError> {
    if let Some(endpoint) = endpoint {
        return checked(endpoint, "the endpoint given to ImdsClientBuilder::endpoint");
    }
    if let Some((endpoint, source)) = profile::resolve_setting(env, ENDPOINT_VAR, ENDPOINT_KEY) {
        return checked(&endpoint, &source);
    }
    let mode = match mode {
        Some(mode) => mode,
        None => match profile::resolve_setting(env, MODE_VAR, MODE_KEY) {
            Some((text, source)) => {
                text.parse().map_err(|e| ImdsError::invalid_configuration(format!("{source}: {e}")))?
            }
            None => EndpointMode::default(),
        },
    };
    Ok(mode.endpoint().to_owned())
}

/// `endpoint` as a base URL, or an error naming `source`.
fn checked(endpoint: &str, source: &str) -> Result<String, ImdsError> {
    let shown: String = endpoint.chars().take(100).collect();
    uri::parse(endpoint)
        .map_err(|why| ImdsError::invalid_configuration(format!("{source}: {shown:?} is not a valid URL: {why}")))?;
    Ok(endpoint.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_parse_in_any_case() {
        assert_eq!("ipV6".parse(), Ok(EndpointMode::IPv6));
        assert_eq!(" IPV4 ".parse(), Ok(EndpointMode::IPv4));
        let err = "IPv7".parse::<EndpointMode>().unwrap_err();
        assert_eq!(err.to_string(), "`IPv7` is not a valid endpoint mode (expected IPv4 or IPv6)");
    }

    #[test]
    fn errors_name_the_setting() {
        let env = Environment::from_vars([(MODE_VAR, "error")]);
        let err = resolve(&env, None, None).unwrap_err();
        assert!(err.to_string().contains(MODE_VAR), "{err}");
        let env = Environment::from_vars([("AWS_CONFIG_FILE", "config")])
            .with_file("config", "[default]\nec2_metadata_service_endpoint = http://bad host\n");
        let err = resolve(&env, None, None).unwrap_err();
        assert!(err.to_string().contains("config (profile \"default\", ec2_metadata_service_endpoint)"), "{err}");
        assert!(err.to_string().contains("not allowed in a URL"), "{err}");
        let err = resolve(&Environment::from_vars([("HOME", "/h")]), Some("ftp://x"), None).unwrap_err();
        assert!(err.to_string().contains("ImdsClientBuilder::endpoint"), "{err}");
    }

    #[test]
    fn a_trailing_slash_is_dropped() {
        let env = Environment::from_vars([(ENDPOINT_VAR, "http://127.0.0.1:1234/")]);
        assert_eq!(resolve(&env, None, Some(EndpointMode::IPv6)).unwrap(), "http://127.0.0.1:1234");
    }
}
