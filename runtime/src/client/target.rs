//! Where a request goes and how it is signed: the configuration's built-in values through the
//! service's compiled rule set, the operation's host prefix, and the rule set's SigV4 scheme.

use super::ClientCore;
use crate::config::{check_endpoint_url, check_region, config_error};
use crate::endpoint::{BuiltIns, ContextValue, Document};
use crate::error::SdkError;
use crate::sigv4::SigningSettings;
use std::collections::BTreeMap;
use std::convert::Infallible;

/// What the resolved endpoint decides about a request.
pub(super) struct Target {
    /// The endpoint URL, with the host prefix if any; requests go to its path followed by
    /// their URI ([`Target::url_for`]).
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
    /// The canonical-request rules: S3's when the auth scheme says `disableDoubleEncoding`
    /// (S3 and S3 Control), else the specification's.
    pub(super) signing_settings: SigningSettings,
}

impl ClientCore {
    /// Resolves the endpoint of one call, with the operation's static and member context parameters
    /// and the account of the call's credentials (`AWS::Auth::AccountId`) when they name one,
    /// checked to be an absolute http(s) URL, and puts the operation's host prefix, if any, in
    /// front of its host.
    pub(super) fn target(
        &self,
        host_prefix: Option<&str>,
        static_context: &'static [(&'static str, ContextValue)],
        context: &[(&'static str, ContextValue)],
        account_id: Option<&str>,
    ) -> Result<Target, SdkError<Infallible>> {
        let c = &self.config;
        if let Some(region) = &c.region {
            check_region(region)?;
        }
        let built_ins = BuiltIns {
            static_context,
            context: context.to_vec(),
            account_id: account_id.map(str::to_owned),
            ..c.endpoint_built_ins(self.service.env_suffix).map_err(SdkError::Config)?
        };
        let endpoint = (self.service.resolve_endpoint)(&built_ins).map_err(config_error)?;
        check_endpoint_url(&endpoint.url)?;
        let signing = sigv4_scheme(&endpoint.properties).map_err(config_error)?;
        let text = |key: &str| signing.and_then(|s| s.get(key)).and_then(Document::as_str).map(str::to_owned);
        let (signing_region, signing_name) = (text("signingRegion"), text("signingName"));
        let signing_settings = signing_settings(signing);
        let headers =
            endpoint.headers.into_iter().flat_map(|(k, vs)| vs.into_iter().map(move |v| (k.clone(), v))).collect();
        let url = match host_prefix {
            Some(prefix) => with_host_prefix(&endpoint.url, prefix)?,
            None => endpoint.url,
        };
        Ok(Target {
            host: host_of(&url)?,
            url,
            headers,
            signing_region: signing_region.or_else(|| c.region.clone()).unwrap_or_default(),
            signing_name: signing_name.unwrap_or_else(|| self.service.signing_name.to_string()),
            signing_settings,
        })
    }
}

impl Target {
    /// The URL of a request with this URI (path and query, starting with `/`): the endpoint's
    /// own path prefixes it, so with the URI `/`, `https://example.com` is sent to `/` and
    /// `https://example.com/custom` to `/custom/`; a query in the endpoint URL comes first.
    pub(super) fn url_for(&self, uri: &str) -> String {
        join_url(&self.url, uri)
    }
}

/// `endpoint` with `uri` (`/path?query`) appended to its path and query.
fn join_url(endpoint: &str, uri: &str) -> String {
    let start = endpoint.find("://").map_or(0, |i| i + 3);
    // Where the path ends: at a query or fragment, if any.
    let end = endpoint[start..].find(['?', '#']).map_or(endpoint.len(), |i| start + i);
    let base = endpoint[..end].trim_end_matches('/');
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    let endpoint_query = endpoint[end..].strip_prefix('?').unwrap_or("");
    let endpoint_query = endpoint_query.split('#').next().unwrap_or("");
    let mut url = String::with_capacity(base.len() + uri.len() + endpoint_query.len() + 2);
    url.push_str(base);
    url.push_str(path);
    match (endpoint_query.is_empty(), query.is_empty()) {
        (true, true) => {}
        (false, true) => {
            url.push('?');
            url.push_str(endpoint_query);
        }
        (true, false) => {
            url.push('?');
            url.push_str(query);
        }
        (false, false) => {
            url.push('?');
            url.push_str(endpoint_query);
            url.push('&');
            url.push_str(query);
        }
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

/// The signer's rules for a SigV4 auth scheme: `disableDoubleEncoding: true` (S3's rule sets
/// say it on every endpoint) is S3's signing: the path signed as sent, and the payload hash
/// in `x-amz-content-sha256`. Without the property, or without an auth scheme, the
/// specification's defaults.
fn signing_settings(scheme: Option<&BTreeMap<String, Document>>) -> SigningSettings {
    match scheme.and_then(|s| s.get("disableDoubleEncoding")) {
        Some(Document::Bool(true)) => SigningSettings::S3,
        _ => SigningSettings::DEFAULT,
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
        assert_eq!(join_url("https://example.com", "/"), "https://example.com/");
        assert_eq!(join_url("https://example.com/", "/"), "https://example.com/");
        assert_eq!(join_url("https://example.com/custom", "/"), "https://example.com/custom/");
        assert_eq!(join_url("http://127.0.0.1:4566/a/b/", "/"), "http://127.0.0.1:4566/a/b/");
        assert_eq!(join_url("https://example.com?x=1", "/"), "https://example.com/?x=1");
        assert_eq!(join_url("https://example.com/p", "/fns/a%2Fb?q=1"), "https://example.com/p/fns/a%2Fb?q=1");
        assert_eq!(join_url("https://example.com/?x=1", "/f?q=1"), "https://example.com/f?x=1&q=1");
    }

    #[test]
    fn disable_double_encoding_selects_s3_signing() {
        let scheme = |value: Option<Document>| {
            let mut s = BTreeMap::from([("name".to_owned(), Document::String("sigv4".into()))]);
            if let Some(v) = value {
                s.insert("disableDoubleEncoding".to_owned(), v);
            }
            s
        };
        assert_eq!(signing_settings(Some(&scheme(Some(Document::Bool(true))))), SigningSettings::S3);
        assert_eq!(signing_settings(Some(&scheme(Some(Document::Bool(false))))), SigningSettings::DEFAULT);
        assert_eq!(signing_settings(Some(&scheme(None))), SigningSettings::DEFAULT);
        assert_eq!(signing_settings(None), SigningSettings::DEFAULT);
    }

    #[test]
    fn host_prefixes_go_before_the_host() {
        assert_eq!(with_host_prefix("https://example.com/x", "foo.").unwrap(), "https://foo.example.com/x");
        assert!(with_host_prefix("example.com", "foo.").is_err());
    }
}
