//! AWS Signature Version 4, header form (the `authorization` header), with the canonical-request
//! rules chosen per request by [`SigningSettings`]: the specification's defaults for most
//! services, S3's ([`SigningSettings::S3`]) where the endpoint's auth scheme says
//! `disableDoubleEncoding`. Query signing (presigned URLs) is [`crate::presign`], on the same
//! canonical request.
//!
//! Signing runs the four tasks of the specification: build the canonical request, derive the
//! string to sign from it, derive the signing key from the secret and the credential scope,
//! and add the signature. [`canonical_request`] and [`string_to_sign`] expose the first two
//! so the AWS test suite can check each stage.

use std::collections::BTreeMap;
use std::fmt;

use crate::hash::sha256;
use percent_encoding::{percent_decode_str, percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::credentials::Credentials;
use crate::http::HttpRequest;
use crate::time::DateTime;

/// The algorithm name that opens the string to sign and the `authorization` header.
const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// SigV4's URI encoding keeps only RFC 3986 unreserved characters; every other byte is
/// written `%XX` with upper-case hex.
const URI_ENCODE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Headers left out of the signature: the signature itself, and headers that proxies and
/// transports may add or rewrite after signing (botocore leaves out the same ones, and
/// `x-amz-user-agent`, which botocore does not send, is left out with `user-agent`).
const UNSIGNED_HEADERS: [&str; 6] =
    ["authorization", "expect", "transfer-encoding", "user-agent", "x-amz-user-agent", "x-amzn-trace-id"];

/// Headers [`sign`] owns: any earlier value is dropped and replaced.
const REPLACED_HEADERS: [&str; 3] = ["authorization", "x-amz-date", "x-amz-security-token"];

/// The header carrying the payload hash S3 signs with (the body's SHA-256, or
/// `UNSIGNED-PAYLOAD`): [`SigningSettings::content_sha256_header`].
pub const CONTENT_SHA256: &str = "x-amz-content-sha256";

/// The payload hash of a presigned request (and of any request sent with an unsigned body).
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// How the canonical request is built: the rules differ between S3 and the other services.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SigningSettings {
    /// Encode each path segment as written (a `%20` already there becomes `%2520`), as every
    /// service but S3 expects; `false`: the path is signed as sent, each segment decoded and
    /// encoded exactly once (S3, whose keys must round-trip byte for byte).
    pub double_uri_encode: bool,
    /// Remove `.` and `..` segments and collapse repeated slashes before encoding (RFC 3986
    /// section 5.2.4); `false` signs such paths untouched (S3 keys may hold `..` and `//`).
    pub normalize_path: bool,
    /// Send and sign `x-amz-content-sha256`, the payload hash (S3 requires it on every
    /// request). A value already on the request is kept and signed as the payload hash, so a
    /// caller can sign `UNSIGNED-PAYLOAD` or a streaming marker instead of the body's hash.
    pub content_sha256_header: bool,
}

impl SigningSettings {
    /// The specification's rules, for every service but S3.
    pub const DEFAULT: SigningSettings =
        SigningSettings { double_uri_encode: true, normalize_path: true, content_sha256_header: false };

    /// S3's rules (an auth scheme with `disableDoubleEncoding: true`): the path signed as sent,
    /// and the payload hash in `x-amz-content-sha256`.
    pub const S3: SigningSettings =
        SigningSettings { double_uri_encode: false, normalize_path: false, content_sha256_header: true };
}

impl Default for SigningSettings {
    fn default() -> Self {
        SigningSettings::DEFAULT
    }
}

/// What to sign with: whose keys, for which region and service, at what time.
#[derive(Clone, Copy, Debug)]
pub struct SigningParams<'a> {
    /// The keys (and session token) to sign with.
    pub credentials: &'a Credentials,
    /// The signing region, e.g. `us-east-1`.
    pub region: &'a str,
    /// The signing name of the service, e.g. `elasticache`.
    pub service: &'a str,
    /// The signing time; the request is valid for a few minutes around it.
    pub time: DateTime,
    /// The canonical-request rules of the service (S3 or the others).
    pub settings: SigningSettings,
}

/// Why a request could not be signed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningError {
    /// The URL is not an absolute `http://` or `https://` URL with a usable host.
    InvalidUrl {
        /// The URL without its query (shortened when long).
        url: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The method is not an HTTP token.
    InvalidMethod {
        /// The method (shortened when long).
        method: String,
    },
    /// A header cannot be sent: a name that is not an HTTP token, or a value holding a line
    /// break or other control character. The value is never repeated, as it may be secret.
    InvalidHeader {
        /// The header name (shortened when long).
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The access key id, region or service cannot form a credential scope.
    InvalidParams {
        /// What is wrong.
        reason: &'static str,
    },
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SigningError::InvalidUrl { url, reason } => {
                write!(f, "cannot sign request to {url:?}: {reason}")
            }
            SigningError::InvalidMethod { method } => {
                write!(f, "cannot sign request: invalid HTTP method {method:?}")
            }
            SigningError::InvalidHeader { name, reason } => {
                write!(f, "cannot sign request: header {name:?} {reason}")
            }
            SigningError::InvalidParams { reason } => write!(f, "cannot sign request: {reason}"),
        }
    }
}

impl std::error::Error for SigningError {}

/// Keeps error messages readable when the input is huge.
fn shorten(s: &str) -> String {
    const MAX: usize = 200;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        s.chars().take(MAX).chain("...".chars()).collect()
    }
}

/// Signs `request` in place: sets `x-amz-date` to the signing time, sets
/// `x-amz-security-token` when the credentials have a session token (and removes a stale one
/// when they do not), adds `host` from the URL when the request has none, then adds
/// `authorization`. The token header is signed, as botocore does for header signing.
///
/// On error the request is left unchanged.
pub fn sign(request: &mut HttpRequest, params: &SigningParams<'_>) -> Result<(), SigningError> {
    check_params(params)?;
    let url = Url::parse(&request.url)?;
    let headers = headers_to_send(&request.headers, &url, &request.body, params);
    let canonical = Canonical::build(&request.method, &url, &headers, &request.body, &params.settings)?;
    let string_to_sign = string_to_sign(&canonical.text, params);
    let signature = hex(&hmac(&signing_key(params), string_to_sign.as_bytes()));
    let authorization = format!(
        "{ALGORITHM} Credential={}/{}, SignedHeaders={}, Signature={signature}",
        params.credentials.access_key_id(),
        credential_scope(params),
        canonical.signed_headers,
    );
    request.headers = headers;
    request.headers.push(("authorization".to_owned(), authorization));
    Ok(())
}

/// Task 1: the canonical request for `request` exactly as it stands (no `host`, date or token
/// header is added; [`sign`] adds those first), by the specification's default rules. An
/// `authorization` header is ignored, so the canonical request of a signed request is the one
/// its signature covers.
pub fn canonical_request(request: &HttpRequest) -> Result<String, SigningError> {
    canonical_request_with(request, &SigningSettings::DEFAULT)
}

/// [`canonical_request`] by the given rules (S3's: [`SigningSettings::S3`]).
pub fn canonical_request_with(request: &HttpRequest, settings: &SigningSettings) -> Result<String, SigningError> {
    let url = Url::parse(&request.url)?;
    Ok(Canonical::build(&request.method, &url, &request.headers, &request.body, settings)?.text)
}

/// Task 2: the string to sign for a canonical request.
pub fn string_to_sign(canonical_request: &str, params: &SigningParams<'_>) -> String {
    format!(
        "{ALGORITHM}\n{}\n{}\n{}",
        params.time.fmt_amz_date(),
        credential_scope(params),
        hex(&sha256(canonical_request.as_bytes())),
    )
}

/// `20150830/us-east-1/service/aws4_request`.
pub(crate) fn credential_scope(params: &SigningParams<'_>) -> String {
    format!("{}/{}/{}/aws4_request", params.time.fmt_scope_date(), params.region, params.service)
}

/// Task 3: the key is the secret, narrowed by HMAC to the date, region and service.
pub(crate) fn signing_key(params: &SigningParams<'_>) -> [u8; 32] {
    let secret = format!("AWS4{}", params.credentials.secret_access_key());
    let date = hmac(secret.as_bytes(), params.time.fmt_scope_date().as_bytes());
    let region = hmac(&date, params.region.as_bytes());
    let service = hmac(&region, params.service.as_bytes());
    hmac(&service, b"aws4_request")
}

pub(crate) fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    crate::hash::hmac_sha256(key, data)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0xf)] as char);
    }
    out
}

/// The parts of the scope and `Credential=` must not contain the separators around them.
pub(crate) fn check_params(params: &SigningParams<'_>) -> Result<(), SigningError> {
    let scope_part = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    if !scope_part(params.region) {
        return Err(SigningError::InvalidParams {
            reason: "the region must be non-empty letters, digits, `-`, `_` or `.`",
        });
    }
    if !scope_part(params.service) {
        return Err(SigningError::InvalidParams {
            reason: "the service must be non-empty letters, digits, `-`, `_` or `.`",
        });
    }
    let key_id = params.credentials.access_key_id();
    if key_id.is_empty() || !key_id.bytes().all(|b| b.is_ascii_graphic() && !b"/,".contains(&b)) {
        return Err(SigningError::InvalidParams {
            reason: "the access key id must be non-empty visible ASCII without `/` or `,`",
        });
    }
    Ok(())
}

/// The headers the signed request will carry, before `authorization`.
fn headers_to_send(
    existing: &[(String, String)],
    url: &Url<'_>,
    body: &[u8],
    params: &SigningParams<'_>,
) -> Vec<(String, String)> {
    let replaced = |name: &str| REPLACED_HEADERS.iter().any(|r| name.eq_ignore_ascii_case(r));
    let mut headers: Vec<(String, String)> = existing.iter().filter(|(name, _)| !replaced(name)).cloned().collect();
    if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("host")) {
        headers.insert(0, ("host".to_owned(), url.host_header()));
    }
    if params.settings.content_sha256_header && header_value(&headers, CONTENT_SHA256).is_none() {
        headers.push((CONTENT_SHA256.to_owned(), hex(&sha256(body))));
    }
    headers.push(("x-amz-date".to_owned(), params.time.fmt_amz_date()));
    if let Some(token) = params.credentials.session_token() {
        headers.push(("x-amz-security-token".to_owned(), token.to_owned()));
    }
    headers
}

/// The first value of a header, by case-insensitive name.
fn header_value<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// The pieces of an absolute URL that signing needs.
pub(crate) struct Url<'a> {
    /// `host` or `host:port`, as written.
    authority: &'a str,
    /// The host without its port.
    host: &'a str,
    /// Whether the port, if any, is the scheme's default.
    default_port: bool,
    /// The path as written (percent-escapes and all); may be empty.
    pub(crate) path: &'a str,
    /// The query string without `?`; may be empty.
    pub(crate) query: &'a str,
}

impl<'a> Url<'a> {
    pub(crate) fn parse(url: &'a str) -> Result<Self, SigningError> {
        // The query is left out of errors: a presigned URL carries credentials there.
        let shown = url.split('?').next().unwrap_or(url);
        let invalid = |reason| SigningError::InvalidUrl { url: shorten(shown), reason };
        if url.chars().any(char::is_control) {
            return Err(invalid("the URL contains a control character"));
        }
        let (scheme, rest) =
            url.split_once("://").ok_or_else(|| invalid("expected an absolute http:// or https:// URL"))?;
        let default = if scheme.eq_ignore_ascii_case("https") {
            "443"
        } else if scheme.eq_ignore_ascii_case("http") {
            "80"
        } else {
            return Err(invalid("the scheme must be http or https"));
        };
        let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
        let (authority, path_and_query) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
        if authority.contains('@') {
            return Err(invalid("user information in the URL is not supported"));
        }
        if !authority.is_ascii() || authority.contains(' ') {
            return Err(invalid("the host must be ASCII without spaces"));
        }
        let (host, port) = split_port(authority).ok_or_else(|| invalid("the port is not a number"))?;
        if host.is_empty() {
            return Err(invalid("the URL has no host"));
        }
        let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
        Ok(Url { authority, host, default_port: port.unwrap_or(default) == default, path, query })
    }

    /// The `host` header value: the port is left out when it is the scheme's default.
    pub(crate) fn host_header(&self) -> String {
        if self.default_port {
            self.host.to_owned()
        } else {
            self.authority.to_owned()
        }
    }
}

/// Splits `host[:port]` (the host may be a bracketed IPv6 literal); `None` for a bad port.
/// An empty port (`host:`) counts as none.
fn split_port(authority: &str) -> Option<(&str, Option<&str>)> {
    let host_end = if authority.starts_with('[') {
        authority.find(']')? + 1
    } else {
        authority.find(':').unwrap_or(authority.len())
    };
    let (host, rest) = authority.split_at(host_end);
    match rest.strip_prefix(':') {
        None if rest.is_empty() => Some((host, None)),
        None => None,
        Some("") => Some((host, None)),
        Some(port) if port.bytes().all(|b| b.is_ascii_digit()) => Some((host, Some(port))),
        Some(_) => None,
    }
}

/// A canonical request and its signed-header list.
pub(crate) struct Canonical {
    pub(crate) text: String,
    pub(crate) signed_headers: String,
}

impl Canonical {
    /// The payload hash is the `x-amz-content-sha256` header's value when the request carries
    /// one (how a body that streams, or is sent unsigned, is signed: `UNSIGNED-PAYLOAD`,
    /// `STREAMING-UNSIGNED-PAYLOAD-TRAILER`, or a hash computed beforehand), else the body's
    /// SHA-256.
    pub(crate) fn build(
        method: &str,
        url: &Url<'_>,
        headers: &[(String, String)],
        body: &[u8],
        settings: &SigningSettings,
    ) -> Result<Self, SigningError> {
        let given = header_value(headers, CONTENT_SHA256);
        let payload_hash = match given {
            Some(hash) => hash.trim().to_owned(),
            None => hex(&sha256(body)),
        };
        Canonical::with_payload_hash(method, url, headers, &payload_hash, settings)
    }

    /// The canonical request with `payload_hash` as its last line (a presigned request signs
    /// `UNSIGNED-PAYLOAD`).
    pub(crate) fn with_payload_hash(
        method: &str,
        url: &Url<'_>,
        headers: &[(String, String)],
        payload_hash: &str,
        settings: &SigningSettings,
    ) -> Result<Self, SigningError> {
        if !is_token(method) {
            return Err(SigningError::InvalidMethod { method: shorten(method) });
        }
        let headers = canonical_headers(headers)?;
        let signed_headers = signed_header_list(&headers);
        let mut text = format!("{method}\n{}\n{}\n", canonical_uri(url.path, settings), canonical_query(url.query));
        for (name, value) in &headers {
            text.push_str(name);
            text.push(':');
            text.push_str(value);
            text.push('\n');
        }
        text.push('\n');
        text.push_str(&signed_headers);
        text.push('\n');
        text.push_str(payload_hash);
        Ok(Canonical { text, signed_headers })
    }
}

/// The canonical URI. By default: the path with empty and `.` segments dropped and `..`
/// segments applied (RFC 3986 section 5.2.4, plus the collapsing of repeated slashes that AWS
/// services expect), then each segment URI-encoded as written in the URL, so an escape already
/// there is encoded again (`%20` becomes `%2520`): services other than S3 expect exactly this
/// double encoding. With S3's settings, every segment (empty, `.` and `..` ones included) is
/// kept, and each is decoded and encoded once: the canonical form of the path S3 receives.
fn canonical_uri(path: &str, settings: &SigningSettings) -> String {
    let encode = |segment: &str, uri: &mut String| {
        if settings.double_uri_encode {
            uri.extend(percent_encode(segment.as_bytes(), URI_ENCODE));
        } else {
            let raw: Vec<u8> = percent_decode_str(segment).collect();
            uri.extend(percent_encode(&raw, URI_ENCODE));
        }
    };
    if !settings.normalize_path {
        let mut uri = String::with_capacity(path.len() + 1);
        let path = path.strip_prefix('/').unwrap_or(path);
        for segment in path.split('/') {
            uri.push('/');
            encode(segment, &mut uri);
        }
        return uri;
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            _ => segments.push(segment),
        }
    }
    // A path naming a directory keeps its trailing slash, also when it ends in a dot segment.
    let directory = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    let mut uri = String::with_capacity(path.len() + 1);
    for segment in &segments {
        uri.push('/');
        encode(segment, &mut uri);
    }
    if segments.is_empty() || directory {
        uri.push('/');
    }
    uri
}

/// The canonical query string: each name and value decoded, URI-encoded afresh (so raw and
/// already-escaped input come out the same), sorted by encoded name and then value, and
/// joined as `name=value` with `&`. A `+` is taken literally, not as a space.
pub(crate) fn canonical_query(query: &str) -> String {
    let encode = |s: &str| {
        let raw: Vec<u8> = percent_decode_str(s).collect();
        percent_encode(&raw, URI_ENCODE).to_string()
    };
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (encode(name), encode(value))
        })
        .collect();
    pairs.sort();
    pairs.iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>().join("&")
}

/// The `SignedHeaders` list of the headers of a request: lower-cased names, sorted, `;`-joined.
pub(crate) fn signed_headers(headers: &[(String, String)]) -> Result<String, SigningError> {
    Ok(signed_header_list(&canonical_headers(headers)?))
}

fn signed_header_list(headers: &BTreeMap<String, String>) -> String {
    headers.keys().map(String::as_str).collect::<Vec<_>>().join(";")
}

/// Lower-cased name to canonical value: surrounding whitespace trimmed, inner runs of
/// whitespace collapsed to one space, repeated headers joined with `,` in request order.
fn canonical_headers(headers: &[(String, String)]) -> Result<BTreeMap<String, String>, SigningError> {
    let mut canonical: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in headers {
        if !is_token(name) {
            return Err(SigningError::InvalidHeader {
                name: shorten(name),
                reason: "has a name that is not an HTTP token",
            });
        }
        if value.chars().any(|c| c.is_control() && c != '\t') {
            return Err(SigningError::InvalidHeader {
                name: shorten(name),
                reason: "has a value with a line break or control character",
            });
        }
        let name = name.to_ascii_lowercase();
        if UNSIGNED_HEADERS.contains(&name.as_str()) {
            continue;
        }
        let value = value.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
        match canonical.get_mut(&name) {
            Some(joined) => {
                joined.push(',');
                joined.push_str(&value);
            }
            None => {
                canonical.insert(name, value);
            }
        }
    }
    Ok(canonical)
}

/// An HTTP token (RFC 9110 section 5.6.2): what header names and methods are made of.
fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds(token: Option<&str>) -> Credentials {
        Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token.map(str::to_owned))
    }

    fn request(url: &str, headers: &[(&str, &str)]) -> HttpRequest {
        HttpRequest {
            method: "POST".to_owned(),
            url: url.to_owned(),
            headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            body: b"Action=DescribeCacheClusters&Version=2015-02-02".to_vec(),
        }
    }

    fn params(credentials: &Credentials) -> SigningParams<'_> {
        SigningParams {
            credentials,
            region: "us-east-1",
            service: "elasticache",
            time: DateTime::from_secs(1_440_938_160),
            settings: SigningSettings::DEFAULT,
        }
    }

    fn names(request: &HttpRequest) -> Vec<String> {
        request.headers.iter().map(|(k, _)| k.to_ascii_lowercase()).collect()
    }

    #[test]
    fn canonical_uri_normalizes_and_encodes() {
        let cases = [
            ("", "/"),
            ("/", "/"),
            ("//", "/"),
            ("/a//b/", "/a/b/"),
            ("/a/./b", "/a/b"),
            ("/a/b/..", "/a/"),
            ("/a/b/.", "/a/b/"),
            ("/../../a", "/a"),
            ("/a b/ሴ", "/a%20b/%E1%88%B4"),
            ("/already%20escaped", "/already%2520escaped"),
            ("/-._~", "/-._~"),
        ];
        for (path, want) in cases {
            assert_eq!(canonical_uri(path, &SigningSettings::DEFAULT), want, "{path:?}");
        }
    }

    #[test]
    fn canonical_query_sorts_and_reencodes() {
        assert_eq!(canonical_query(""), "");
        assert_eq!(canonical_query("b=2&a=1&a=0"), "a=0&a=1&b=2");
        assert_eq!(canonical_query("flag&&x="), "flag=&x=");
        assert_eq!(canonical_query("k=a%2fb"), "k=a%2Fb");
        assert_eq!(canonical_query("k=a b+c"), "k=a%20b%2Bc");
        assert_eq!(canonical_query("bad=%zz%"), "bad=%25zz%25");
    }

    #[test]
    fn url_parsing_rejects_what_cannot_be_signed() {
        for bad in [
            "",
            "/relative",
            "ftp://example.com/",
            "https://",
            "https:///path",
            "https://user:pw@example.com/",
            "https://example.com:abc/",
            "https://[::1/",
            "https://exa mple.com/",
            "https://example.com/\r\nx: y",
            "https://exämple.com/",
        ] {
            let err = Url::parse(bad).err();
            assert!(matches!(err, Some(SigningError::InvalidUrl { .. })), "{bad:?}: {err:?}");
        }
    }

    #[test]
    fn host_header_drops_only_default_ports() {
        let host = |url: &str| Url::parse(url).unwrap().host_header();
        assert_eq!(host("https://example.com:443/"), "example.com");
        assert_eq!(host("https://example.com:8443/x"), "example.com:8443");
        assert_eq!(host("http://example.com:80?a=b"), "example.com");
        assert_eq!(host("http://[::1]:8080/"), "[::1]:8080");
        assert_eq!(host("HTTPS://example.com#frag"), "example.com");
    }

    #[test]
    fn sign_adds_host_date_token_and_authorization() {
        let credentials = creds(Some("TOKEN"));
        let mut req = request("https://elasticache.us-east-1.amazonaws.com/", &[]);
        sign(&mut req, &params(&credentials)).unwrap();
        assert_eq!(names(&req), ["host", "x-amz-date", "x-amz-security-token", "authorization"]);
        assert_eq!(req.header("host"), Some("elasticache.us-east-1.amazonaws.com"));
        assert_eq!(req.header("x-amz-date"), Some("20150830T123600Z"));
        let auth = req.header("authorization").unwrap();
        assert!(
            auth.starts_with(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/elasticache/aws4_request, \
                 SignedHeaders=host;x-amz-date;x-amz-security-token, Signature="
            ),
            "{auth}"
        );
        let signature = auth.rsplit('=').next().unwrap();
        assert_eq!(signature.len(), 64);
        assert!(signature.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    }

    /// A pre-set `x-amz-content-sha256` is the payload hash (a streamed body is not in
    /// `body`); without it, the body's SHA-256 is.
    #[test]
    fn a_given_payload_hash_replaces_the_bodys() {
        let hash_of = |req: &HttpRequest| canonical_request(req).unwrap().rsplit('\n').next().unwrap().to_string();
        let plain = request("https://s3.amazonaws.com/b/k", &[]);
        assert_eq!(hash_of(&plain), hex(&sha256(&plain.body)));
        let mut streamed = request("https://s3.amazonaws.com/b/k", &[("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD")]);
        streamed.body.clear();
        assert_eq!(hash_of(&streamed), "UNSIGNED-PAYLOAD");
        let canonical = canonical_request(&streamed).unwrap();
        assert!(canonical.contains("\nx-amz-content-sha256:UNSIGNED-PAYLOAD\n"), "signed too: {canonical}");
    }

    #[test]
    fn signing_twice_replaces_instead_of_duplicating() {
        let credentials = creds(None);
        let p = params(&credentials);
        let mut once = request("https://example.com/", &[("Host", "example.com")]);
        sign(&mut once, &p).unwrap();
        let mut twice = once.clone();
        sign(&mut twice, &p).unwrap();
        assert_eq!(once, twice);
        assert_eq!(names(&once), ["host", "x-amz-date", "authorization"]);
    }

    #[test]
    fn existing_host_header_is_kept_and_signed() {
        let credentials = creds(None);
        let mut req = request("https://127.0.0.1:9000/", &[("Host", "proxy.example")]);
        sign(&mut req, &params(&credentials)).unwrap();
        assert_eq!(req.header("host"), Some("proxy.example"));
        assert_eq!(names(&req).iter().filter(|n| *n == "host").count(), 1);
        assert!(canonical_request(&req).unwrap().contains("\nhost:proxy.example\n"));
    }

    #[test]
    fn stale_token_is_removed_without_session_credentials() {
        let credentials = creds(None);
        let mut req = request("https://example.com/", &[("X-Amz-Security-Token", "old")]);
        sign(&mut req, &params(&credentials)).unwrap();
        assert_eq!(req.header("x-amz-security-token"), None);
    }

    #[test]
    fn unsigned_headers_are_sent_but_not_signed() {
        let credentials = creds(None);
        let mut req = request("https://example.com/", &[("User-Agent", "awsgen/0.1")]);
        sign(&mut req, &params(&credentials)).unwrap();
        assert_eq!(req.header("user-agent"), Some("awsgen/0.1"));
        assert!(req.header("authorization").unwrap().contains("SignedHeaders=host;x-amz-date,"));
    }

    #[test]
    fn bad_input_is_an_error_and_leaves_the_request_alone() {
        let credentials = creds(Some("TOKEN"));
        let good = params(&credentials);
        let cases: Vec<(HttpRequest, SigningParams<'_>)> = vec![
            (request("not a url", &[]), good),
            (request("https://example.com/", &[("bad name", "v")]), good),
            (request("https://example.com/", &[("x-ok", "a\r\nb")]), good),
            (HttpRequest { method: "GE T".into(), ..request("https://example.com/", &[]) }, good),
            (request("https://example.com/", &[]), SigningParams { region: "", ..good }),
            (request("https://example.com/", &[]), SigningParams { service: "a/b", ..good }),
        ];
        for (original, p) in cases {
            let mut req = original.clone();
            let err = sign(&mut req, &p).unwrap_err();
            assert!(!err.to_string().is_empty());
            assert_eq!(req, original, "{err}");
        }
        let bad_token = creds(Some("s3cr3t\nt0k3n"));
        let mut req = request("https://example.com/", &[]);
        let err = sign(&mut req, &params(&bad_token)).unwrap_err();
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("s3cr3t") && !shown.contains("t0k3n"), "{shown}");
    }

    #[test]
    fn arbitrary_urls_never_panic() {
        let pieces = ["https://", "http://", "[", "]", ":", "@", "/", "?", "#", "%", "..", "é", "", "a"];
        let credentials = creds(None);
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let mut req = request(&format!("{a}{b}{c}"), &[]);
                    let _ = sign(&mut req, &params(&credentials));
                }
            }
        }
    }
}
