//! Where a request goes and how it is signed: the configuration's built-in values through the
//! service's compiled rule set, the operation's host prefix, and the rule set's SigV4 scheme.

use super::ClientCore;
use crate::config::{check_endpoint_url, check_region, config_error};
use crate::endpoint::{BuiltIns, Document};
use crate::error::SdkError;
use crate::profile;
use std::collections::BTreeMap;
use std::convert::Infallible;

/// What the resolved endpoint decides about a request.
pub(super) struct Target {
    /// The request URL (the endpoint with the request URI `/`, and the host prefix if any).
    pub(super) url: String,
    /// The `host` header: the URL's authority.
    pub(super) host: String,
    /// Headers the rule set adds.
    pub(super) headers: Vec<(String, String)>,
    /// The region to sign for: the SigV4 auth scheme's `signingRegion` when it names one (IAM's
    /// global endpoint is signed for `us-east-1` whatever the configured region), else the
    /// configured region.
    pub(super) signing_region: String,
    /// The name to sign for: the SigV4 auth scheme's `signingName` when it names one, else the
    /// service's.
    pub(super) signing_name: String,
}

impl ClientCore {
    /// Resolves the endpoint of one call, checked to be an absolute http(s) URL, and puts the
    /// operation's host prefix, if any, in front of its host.
    pub(super) fn target(&self, host_prefix: Option<&str>) -> Result<Target, SdkError<Infallible>> {
        let c = &self.config;
        if let Some(region) = &c.region {
            check_region(region)?;
        }
        let built_ins = BuiltIns {
            region: c.region.clone(),
            use_fips: c.use_fips.clone().map_err(config_error)?,
            use_dual_stack: c.use_dual_stack.clone().map_err(config_error)?,
            endpoint: c.endpoint_url.clone().or_else(|| profile::resolve_endpoint_url(&c.env, self.service.env_suffix)),
        };
        let endpoint = (self.service.resolve_endpoint)(&built_ins).map_err(config_error)?;
        check_endpoint_url(&endpoint.url)?;
        let signing = sigv4_scheme(&endpoint.properties).map_err(config_error)?;
        let text = |key: &str| signing.and_then(|s| s.get(key)).and_then(Document::as_str).map(str::to_owned);
        let (signing_region, signing_name) = (text("signingRegion"), text("signingName"));
        let headers =
            endpoint.headers.into_iter().flat_map(|(k, vs)| vs.into_iter().map(move |v| (k.clone(), v))).collect();
        let url = with_root_path(endpoint.url);
        let url = match host_prefix {
            Some(prefix) => with_host_prefix(&url, prefix)?,
            None => url,
        };
        Ok(Target {
            host: host_of(&url)?,
            url,
            headers,
            signing_region: signing_region.or_else(|| c.region.clone()).unwrap_or_default(),
            signing_name: signing_name.unwrap_or_else(|| self.service.signing_name.to_string()),
        })
    }
}

/// The URL a request goes to. Query operations' request URI is `/`, appended to the endpoint's
/// own path: `https://example.com` is sent to `/`, `https://example.com/custom` to `/custom/`
/// (the endpoint path prefixes the request URI).
fn with_root_path(mut url: String) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    // Where the path ends: at a query or fragment, if any.
    let end = url[start..].find(['?', '#']).map_or(url.len(), |i| start + i);
    if !url[start..end].ends_with('/') {
        url.insert(end, '/');
    }
    url
}

/// The endpoint with the operation's host prefix in front of its host (`https://example.com` and
/// `foo.` give `https://foo.example.com`).
fn with_host_prefix(url: &str, prefix: &str) -> Result<String, SdkError<Infallible>> {
    match url.split_once("://") {
        Some((scheme, rest)) => Ok(format!("{scheme}://{prefix}{rest}")),
        None => Err(config_error(format!("endpoint {url:?} is not an absolute URL"))),
    }
}

/// The first `sigv4` entry of the endpoint's `authSchemes` property, if it has the property.
/// Schemes are listed in preference order; a list without `sigv4` (only `sigv4a`, say) asks for
/// signing this client cannot do, which is an error rather than a request signed wrongly.
fn sigv4_scheme(properties: &BTreeMap<String, Document>) -> Result<Option<&BTreeMap<String, Document>>, String> {
    let Some(Document::Array(schemes)) = properties.get("authSchemes") else {
        return Ok(None);
    };
    let mut names = Vec::new();
    for scheme in schemes.iter().filter_map(Document::as_object) {
        match scheme.get("name").and_then(Document::as_str) {
            Some("sigv4") => return Ok(Some(scheme)),
            Some(name) => names.push(name),
            None => {}
        }
    }
    if names.is_empty() {
        Ok(None)
    } else {
        Err(format!("the endpoint asks for auth schemes {names:?}; only sigv4 is supported"))
    }
}

/// The authority of an absolute URL, sent as the `host` header.
fn host_of(url: &str) -> Result<String, SdkError<Infallible>> {
    let rest = url
        .split_once("://")
        .map(|(_, r)| r)
        .ok_or_else(|| config_error(format!("endpoint {url:?} is not an absolute URL")))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() {
        return Err(config_error(format!("endpoint {url:?} has no host")));
    }
    Ok(host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_urls_append_the_request_uri_to_the_endpoint_path() {
        assert_eq!(with_root_path("https://example.com".into()), "https://example.com/");
        assert_eq!(with_root_path("https://example.com/".into()), "https://example.com/");
        assert_eq!(with_root_path("https://example.com/custom".into()), "https://example.com/custom/");
        assert_eq!(with_root_path("http://127.0.0.1:4566/a/b/".into()), "http://127.0.0.1:4566/a/b/");
        assert_eq!(with_root_path("https://example.com?x=1".into()), "https://example.com/?x=1");
    }

    #[test]
    fn host_prefixes_go_before_the_host() {
        assert_eq!(with_host_prefix("https://example.com/x", "foo.").unwrap(), "https://foo.example.com/x");
        assert!(with_host_prefix("example.com", "foo.").is_err());
    }
}
