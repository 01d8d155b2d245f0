//! Endpoint resolution: which URL a request for a service goes to.
//!
//! This follows the shape shared by the endpoint rule sets of regional AWS services (ElastiCache's
//! among them), written out as code rather than interpreted from the rule set:
//!
//! 1. A custom endpoint URL (from configuration or `AWS_ENDPOINT_URL`) is used as given; asking
//!    for FIPS or dual-stack at the same time is an error, since a custom URL says nothing about
//!    either.
//! 2. Otherwise a region is required. It picks a partition (`aws`, `aws-cn`, `aws-us-gov`, ...),
//!    whose DNS suffix completes `https://{prefix}[-fips].{region}.{suffix}`; dual-stack uses
//!    the partition's dual-stack suffix instead.
//! 3. A partition that cannot serve a requested FIPS or dual-stack endpoint is an error, never a
//!    silent fallback to a plain endpoint.
//!
//! The few service-specific exceptions in the rule sets that are simple substitutions are kept
//! as data (a small override table); anything needing real rule evaluation is out of scope.

use crate::error::InvalidRequestError;
use std::fmt;

/// What the caller's configuration says about the endpoint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndpointParams {
    /// The region to send requests to, e.g. `us-east-1`.
    pub region: Option<String>,
    /// Use the FIPS 140 validated endpoint.
    pub use_fips: bool,
    /// Use the endpoint reachable over both IPv4 and IPv6.
    pub use_dual_stack: bool,
    /// A URL overriding resolution entirely, e.g. `http://127.0.0.1:5000` for a local server.
    pub endpoint_url: Option<String>,
}

/// A resolved endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The base URL requests are sent to, e.g. `https://elasticache.us-east-1.amazonaws.com`.
    pub url: String,
}

/// Why no endpoint could be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointError {
    message: String,
}

impl EndpointError {
    fn new(message: impl Into<String>) -> Self {
        EndpointError { message: message.into() }
    }

    /// What went wrong, in words.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EndpointError {}

/// The facts about one partition that endpoint resolution needs.
#[derive(Debug)]
struct Partition {
    /// The partition's name, as rule sets compare it.
    id: &'static str,
    /// Regions listed explicitly; they belong here even when they do not match the pattern.
    regions: &'static [&'static str],
    /// The partition's `regionRegex`, which always has the form
    /// `^(<prefix>|<prefix>...)\-\w+\-\d+$`: these are the alternatives for `<prefix>`.
    region_prefixes: &'static [&'static str],
    dns_suffix: &'static str,
    dual_stack_dns_suffix: &'static str,
    supports_fips: bool,
    supports_dual_stack: bool,
}

/// The partitions, in the order of botocore 1.44.8 `botocore/data/partitions.json` (the source
/// of this data). The first one is the fallback for a region no partition claims.
static PARTITIONS: &[Partition] = &[
    Partition {
        id: "aws",
        regions: &[
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-south-1",
            "ap-south-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "aws-global",
            "ca-central-1",
            "ca-west-1",
            "eu-central-1",
            "eu-central-2",
            "eu-north-1",
            "eu-south-1",
            "eu-south-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "il-central-1",
            "me-central-1",
            "me-south-1",
            "me-west-1",
            "mx-central-1",
            "sa-east-1",
            "sa-west-1",
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
        ],
        // ^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$
        region_prefixes: &["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"],
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
    },
    Partition {
        id: "aws-cn",
        regions: &["aws-cn-global", "cn-north-1", "cn-northwest-1"],
        // ^cn\-\w+\-\d+$
        region_prefixes: &["cn"],
        dns_suffix: "amazonaws.com.cn",
        dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
        supports_fips: true,
        supports_dual_stack: true,
    },
    Partition {
        id: "aws-eusc",
        regions: &["eusc-de-east-1"],
        // ^eusc\-(de)\-\w+\-\d+$
        region_prefixes: &["eusc-de"],
        dns_suffix: "amazonaws.eu",
        dual_stack_dns_suffix: "api.amazonwebservices.eu",
        supports_fips: true,
        supports_dual_stack: true,
    },
    Partition {
        id: "aws-iso",
        regions: &["aws-iso-global", "us-iso-east-1", "us-iso-west-1"],
        // ^us\-iso\-\w+\-\d+$
        region_prefixes: &["us-iso"],
        dns_suffix: "c2s.ic.gov",
        dual_stack_dns_suffix: "api.aws.ic.gov",
        supports_fips: true,
        supports_dual_stack: true,
    },
    Partition {
        id: "aws-iso-b",
        regions: &["aws-iso-b-global", "us-isob-east-1", "us-isob-west-1"],
        // ^us\-isob\-\w+\-\d+$
        region_prefixes: &["us-isob"],
        dns_suffix: "sc2s.sgov.gov",
        dual_stack_dns_suffix: "api.aws.scloud",
        supports_fips: true,
        supports_dual_stack: true,
    },
    Partition {
        id: "aws-iso-e",
        regions: &["aws-iso-e-global", "eu-isoe-west-1"],
        // ^eu\-isoe\-\w+\-\d+$
        region_prefixes: &["eu-isoe"],
        dns_suffix: "cloud.adc-e.uk",
        dual_stack_dns_suffix: "api.cloud-aws.adc-e.uk",
        supports_fips: true,
        supports_dual_stack: true,
    },
    Partition {
        id: "aws-iso-f",
        regions: &["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"],
        // ^us\-isof\-\w+\-\d+$
        region_prefixes: &["us-isof"],
        dns_suffix: "csp.hci.ic.gov",
        dual_stack_dns_suffix: "api.aws.hci.ic.gov",
        supports_fips: true,
        supports_dual_stack: true,
    },
    Partition {
        id: "aws-us-gov",
        regions: &["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"],
        // ^us\-gov\-\w+\-\d+$
        region_prefixes: &["us-gov"],
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
    },
];

/// A service whose FIPS endpoint (without dual-stack) in one partition is a fixed host pattern
/// rather than `{prefix}-fips.{region}.{dnsSuffix}`: the URL becomes
/// `https://{host_prefix}.{region}.{dns_suffix}`.
#[derive(Debug)]
struct FipsHostOverride {
    endpoint_prefix: &'static str,
    partition: &'static str,
    host_prefix: &'static str,
    dns_suffix: &'static str,
}

/// Exceptions taken from the services' endpoint rule sets (botocore 1.44.8).
static FIPS_HOST_OVERRIDES: &[FipsHostOverride] = &[
    // ElastiCache's FIPS endpoints in GovCloud are its ordinary regional endpoints.
    FipsHostOverride {
        endpoint_prefix: "elasticache",
        partition: "aws-us-gov",
        host_prefix: "elasticache",
        dns_suffix: "amazonaws.com",
    },
];

/// Resolves the endpoint of the service whose endpoint prefix (botocore `endpointPrefix`) is
/// `endpoint_prefix`, e.g. `elasticache`.
///
/// ```
/// use awsgen_runtime::endpoint::{resolve, EndpointParams};
///
/// let params = EndpointParams { region: Some("eu-west-1".into()), ..Default::default() };
/// let endpoint = resolve("elasticache", &params).unwrap();
/// assert_eq!(endpoint.url, "https://elasticache.eu-west-1.amazonaws.com");
/// ```
pub fn resolve(endpoint_prefix: &str, params: &EndpointParams) -> Result<Endpoint, EndpointError> {
    resolve_with(endpoint_prefix, params, PARTITIONS, FIPS_HOST_OVERRIDES)
}

fn resolve_with(
    endpoint_prefix: &str,
    params: &EndpointParams,
    partitions: &[Partition],
    overrides: &[FipsHostOverride],
) -> Result<Endpoint, EndpointError> {
    if let Some(url) = &params.endpoint_url {
        return custom_endpoint(url, params);
    }

    let region = match params.region.as_deref() {
        Some(region) if !region.is_empty() => region,
        _ => return Err(EndpointError::new("a region is required")),
    };
    if !is_host_label(region) {
        return Err(EndpointError::new(format!(
            "invalid region {:?}: a region is a single DNS label (letters, digits and inner \
             hyphens, at most 63 characters)",
            truncated(region)
        )));
    }
    if endpoint_prefix.is_empty() || !endpoint_prefix.split('.').all(is_host_label) {
        return Err(EndpointError::new(format!(
            "invalid endpoint prefix {:?}: expected DNS labels",
            truncated(endpoint_prefix)
        )));
    }

    let partition =
        partition_of(region, partitions).ok_or_else(|| EndpointError::new("no partition data is available"))?;

    let url = match (params.use_fips, params.use_dual_stack) {
        (true, true) => {
            if !(partition.supports_fips && partition.supports_dual_stack) {
                return Err(EndpointError::new(format!(
                    "FIPS and dual-stack endpoints were both requested, but partition {} does not \
                     offer both",
                    partition.id
                )));
            }
            format!("https://{endpoint_prefix}-fips.{region}.{}", partition.dual_stack_dns_suffix)
        }
        (true, false) => {
            if !partition.supports_fips {
                return Err(EndpointError::new(format!(
                    "a FIPS endpoint was requested, but partition {} has none",
                    partition.id
                )));
            }
            let special =
                overrides.iter().find(|o| o.endpoint_prefix == endpoint_prefix && o.partition == partition.id);
            match special {
                Some(o) => format!("https://{}.{region}.{}", o.host_prefix, o.dns_suffix),
                None => format!("https://{endpoint_prefix}-fips.{region}.{}", partition.dns_suffix),
            }
        }
        (false, true) => {
            if !partition.supports_dual_stack {
                return Err(EndpointError::new(format!(
                    "a dual-stack endpoint was requested, but partition {} has none",
                    partition.id
                )));
            }
            format!("https://{endpoint_prefix}.{region}.{}", partition.dual_stack_dns_suffix)
        }
        (false, false) => format!("https://{endpoint_prefix}.{region}.{}", partition.dns_suffix),
    };
    Ok(Endpoint { url })
}

/// A configured endpoint URL wins as given, provided it is an absolute http(s) URL.
fn custom_endpoint(url: &str, params: &EndpointParams) -> Result<Endpoint, EndpointError> {
    if params.use_fips {
        return Err(EndpointError::new(
            "invalid configuration: a FIPS endpoint cannot be combined with a custom endpoint URL",
        ));
    }
    if params.use_dual_stack {
        return Err(EndpointError::new(
            "invalid configuration: a dual-stack endpoint cannot be combined with a custom \
             endpoint URL",
        ));
    }
    let invalid = |why: &str| EndpointError::new(format!("invalid endpoint URL {:?}: {why}", truncated(url)));
    let uri = hyper::Uri::try_from(url).map_err(|e| invalid(&e.to_string()))?;
    match uri.scheme_str() {
        Some(s) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => {}
        _ => return Err(invalid("expected an absolute http:// or https:// URL")),
    }
    match uri.host() {
        Some(host) if !host.is_empty() => Ok(Endpoint { url: url.to_owned() }),
        _ => Err(invalid("no host")),
    }
}

/// The partition a region belongs to: the first one that lists it or whose region pattern it
/// matches, else the first partition (botocore's `aws.partition`).
fn partition_of<'p>(region: &str, partitions: &'p [Partition]) -> Option<&'p Partition> {
    partitions
        .iter()
        .find(|p| p.regions.contains(&region) || matches_region_pattern(region, p.region_prefixes))
        .or_else(|| partitions.first())
}

/// Whether `region` matches `^(<one of prefixes>)\-\w+\-\d+$`.
fn matches_region_pattern(region: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|prefix| {
        let rest = match region.strip_prefix(prefix).and_then(|r| r.strip_prefix('-')) {
            Some(rest) => rest,
            None => return false,
        };
        // `\w` does not match `-`, so exactly one hyphen separates the two parts.
        match rest.split_once('-') {
            Some((word, number)) => {
                !word.is_empty()
                    && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                    && !number.is_empty()
                    && number.bytes().all(|b| b.is_ascii_digit())
            }
            None => false,
        }
    })
}

/// The value of an input member the endpoint trait puts into the host (`{Name}` in
/// `foo-{Name}.`): it must be set and be one DNS host label, or the request is not sent.
pub fn host_label<'a>(member: &str, value: Option<&'a str>) -> Result<&'a str, InvalidRequestError> {
    match value {
        None => Err(InvalidRequestError::missing(member)),
        Some(v) if is_host_label(v) => Ok(v),
        Some(v) => Err(InvalidRequestError {
            member: member.to_string(),
            reason: format!(
                "{:?} cannot be part of the endpoint host: a host label is 1 to 63 letters, digits and inner hyphens",
                truncated(v)
            ),
        }),
    }
}

/// A DNS host label: 1 to 63 ASCII letters, digits and hyphens, not starting or ending with a
/// hyphen.
fn is_host_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// At most 64 characters of user input, for error messages.
fn truncated(s: &str) -> String {
    s.chars().take(64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_labels_are_checked() {
        assert_eq!(host_label("Name", Some("my-name1")), Ok("my-name1"));
        assert_eq!(host_label("Name", None).unwrap_err().member, "Name");
        for bad in ["", "a.b", "-a", "a-", "ü", &"x".repeat(64)] {
            assert!(host_label("Name", Some(bad)).is_err(), "{bad:?}");
        }
    }

    fn params(region: &str, fips: bool, dual: bool) -> EndpointParams {
        EndpointParams { region: Some(region.to_owned()), use_fips: fips, use_dual_stack: dual, endpoint_url: None }
    }

    static LIMITED: &[Partition] = &[
        Partition {
            id: "plain",
            regions: &[],
            region_prefixes: &["zz"],
            dns_suffix: "example.com",
            dual_stack_dns_suffix: "dual.example.com",
            supports_fips: false,
            supports_dual_stack: false,
        },
        Partition {
            id: "fips-only",
            regions: &["odd-one"],
            region_prefixes: &["ff"],
            dns_suffix: "example.net",
            dual_stack_dns_suffix: "dual.example.net",
            supports_fips: true,
            supports_dual_stack: false,
        },
    ];

    #[test]
    fn unsupported_variants_are_errors() {
        let r = |p: &EndpointParams| resolve_with("svc", p, LIMITED, &[]);
        assert!(r(&params("zz-north-1", true, false)).is_err());
        assert!(r(&params("zz-north-1", false, true)).is_err());
        assert!(r(&params("zz-north-1", true, true)).is_err());
        assert!(r(&params("ff-north-1", true, true)).is_err());
        assert!(r(&params("ff-north-1", false, true)).is_err());
        assert_eq!(r(&params("ff-north-1", true, false)).unwrap().url, "https://svc-fips.ff-north-1.example.net");
        assert_eq!(r(&params("odd-one", false, false)).unwrap().url, "https://svc.odd-one.example.net");
        // No partition claims it: the first one is the fallback.
        assert_eq!(r(&params("qq-north-1", false, false)).unwrap().url, "https://svc.qq-north-1.example.com");
    }

    #[test]
    fn no_partitions_is_an_error_not_a_panic() {
        assert!(resolve_with("svc", &params("us-east-1", false, false), &[], &[]).is_err());
    }

    #[test]
    fn region_patterns() {
        assert!(matches_region_pattern("us-east-1", &["us"]));
        assert!(matches_region_pattern("us-gov-west-1", &["us-gov"]));
        assert!(!matches_region_pattern("us-gov-west-1", &["us"]));
        assert!(!matches_region_pattern("us-east-x", &["us"]));
        assert!(!matches_region_pattern("us-east-", &["us"]));
        assert!(!matches_region_pattern("us--1", &["us"]));
        assert!(!matches_region_pattern("useast-1", &["us"]));
        assert!(matches_region_pattern("eusc-de-east-1", &["eusc-de"]));
    }

    #[test]
    fn partition_choice() {
        let id = |r: &str| partition_of(r, PARTITIONS).map(|p| p.id);
        assert_eq!(id("us-east-1"), Some("aws"));
        assert_eq!(id("us-gov-west-1"), Some("aws-us-gov"));
        assert_eq!(id("us-isob-east-1"), Some("aws-iso-b"));
        assert_eq!(id("us-isof-south-1"), Some("aws-iso-f"));
        assert_eq!(id("eu-isoe-west-1"), Some("aws-iso-e"));
        assert_eq!(id("eusc-de-east-1"), Some("aws-eusc"));
        assert_eq!(id("cn-north-1"), Some("aws-cn"));
        // Listed explicitly, though the pattern does not match it.
        assert_eq!(id("aws-cn-global"), Some("aws-cn"));
        // A future region of a known shape lands in its partition.
        assert_eq!(id("cn-south-9"), Some("aws-cn"));
        assert_eq!(id("ap-moon-1"), Some("aws"));
        // Unknown shapes fall back to `aws`.
        assert_eq!(id("local"), Some("aws"));
    }
}
