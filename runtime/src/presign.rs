//! Presigned requests: SigV4 in the query string (`X-Amz-Algorithm`, `X-Amz-Credential`,
//! `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders`, `X-Amz-Security-Token`,
//! `X-Amz-Signature`), so that a plain HTTP client holding no credentials can send the request
//! until it expires. The payload is `UNSIGNED-PAYLOAD`: the body is whatever the holder sends.
//!
//! [`PresigningConfig`] says when the signature starts and how long it lasts (S3 refuses more
//! than seven days); [`presign`] signs a built request; generated clients call it through
//! `ClientCore::presign` from the `presigned(config)` method of the operations users presign.

use std::fmt;
use std::time::Duration;

use crate::hash::sha256;
use percent_encoding::{percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::http::HttpRequest;
use crate::sigv4::{
    check_params, credential_scope, hex, hmac, signed_headers, signing_key, Canonical, SigningError, SigningParams,
    Url, UNSIGNED_PAYLOAD,
};
use crate::time::DateTime;

/// The longest a presigned request may stay valid: seven days, the limit S3 enforces for SigV4
/// query signing (a longer `X-Amz-Expires` is refused by the service, so it is refused here,
/// before anything is signed).
pub const MAX_EXPIRES_IN: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// The shortest: one second, `X-Amz-Expires` being whole seconds.
pub const MIN_EXPIRES_IN: Duration = Duration::from_secs(1);

/// The query parameters [`presign`] owns: any earlier value in the URL is dropped.
const OWNED_PARAMS: [&str; 7] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Security-Token",
    "X-Amz-Signature",
];

/// Headers never signed into a presigned request: the holder's client sets them as it likes.
const UNSIGNED_HEADERS: [&str; 7] = [
    "authorization",
    "content-length",
    "user-agent",
    "x-amz-content-sha256",
    "x-amz-date",
    "x-amz-security-token",
    "x-amzn-trace-id",
];

/// Query values as SigV4 encodes them: RFC 3986 unreserved characters kept, the rest `%XX`.
const QUERY_ENCODE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// When a presigned request becomes valid and for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PresigningConfig {
    start_time: Option<DateTime>,
    expires_in: Duration,
}

/// Why a [`PresigningConfig`] could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PresigningConfigError {
    /// Longer than [`MAX_EXPIRES_IN`].
    ExpiresInTooLong(Duration),
    /// Shorter than [`MIN_EXPIRES_IN`].
    ExpiresInTooShort(Duration),
}

impl fmt::Display for PresigningConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PresigningConfigError::ExpiresInTooLong(d) => write!(
                f,
                "a presigned request can be valid for at most {} seconds (7 days), not {} s",
                MAX_EXPIRES_IN.as_secs(),
                d.as_secs_f64()
            ),
            PresigningConfigError::ExpiresInTooShort(d) => {
                write!(f, "a presigned request must be valid for at least 1 second, not {} s", d.as_secs_f64())
            }
        }
    }
}

impl std::error::Error for PresigningConfigError {}

impl PresigningConfig {
    /// Valid from now for `expires_in` (whole seconds; a fraction is dropped), between
    /// [`MIN_EXPIRES_IN`] and [`MAX_EXPIRES_IN`].
    pub fn expires_in(expires_in: Duration) -> Result<Self, PresigningConfigError> {
        if expires_in > MAX_EXPIRES_IN + Duration::from_nanos(999_999_999) {
            return Err(PresigningConfigError::ExpiresInTooLong(expires_in));
        }
        if expires_in < MIN_EXPIRES_IN {
            return Err(PresigningConfigError::ExpiresInTooShort(expires_in));
        }
        Ok(PresigningConfig { start_time: None, expires_in: Duration::from_secs(expires_in.as_secs()) })
    }

    /// Signed as of `start` rather than the moment of signing (the validity runs from there).
    pub fn start_time(mut self, start: DateTime) -> Self {
        self.start_time = Some(start);
        self
    }

    /// How long the request stays valid, in whole seconds.
    pub fn expires(&self) -> Duration {
        self.expires_in
    }

    /// The signing time, if fixed; `None`: the moment of signing.
    pub fn start(&self) -> Option<DateTime> {
        self.start_time
    }
}

/// A request anyone can send until it expires: the method, the URL carrying the signature,
/// and the headers the signature covers, which must be sent as they are (`host` is the URL's).
#[derive(Clone, PartialEq, Eq)]
pub struct PresignedRequest {
    /// The HTTP method (`GET`).
    pub method: String,
    /// The URL, signature and (for temporary credentials) session token in its query.
    pub url: String,
    /// Headers to send with the request, besides `host`.
    pub headers: Vec<(String, String)>,
}

impl fmt::Debug for PresignedRequest {
    /// The signature and the session token are redacted: the URL is a bearer credential.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresignedRequest")
            .field("method", &self.method)
            .field("url", &redacted_url(&self.url))
            .field("headers", &self.headers)
            .finish()
    }
}

/// `value` encoded for a SigV4 query string: RFC 3986 unreserved characters kept, every other
/// byte `%XX`.
pub fn encode_query_value(value: &str) -> String {
    percent_encode(value.as_bytes(), QUERY_ENCODE).to_string()
}

/// A presigned request used as a password: its URL without the scheme, as ElastiCache's IAM
/// authentication takes it (`my-cache/?Action=connect&User=...&X-Amz-Signature=...`). A bearer
/// credential until it expires: Debug redacts its signature and session token.
#[derive(Clone, PartialEq, Eq)]
pub struct AuthToken(String);

impl AuthToken {
    /// The token of a presigned request: its URL less `http://` or `https://`.
    pub fn from_presigned(presigned: &PresignedRequest) -> Self {
        let url = presigned.url.as_str();
        AuthToken(url.strip_prefix("http://").or_else(|| url.strip_prefix("https://")).unwrap_or(url).to_owned())
    }

    /// The token, to send as the password.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The token, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Debug for AuthToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("AuthToken").field(&redacted_url(&self.0)).finish()
    }
}

/// The URL with the values of `X-Amz-Signature` and `X-Amz-Security-Token` replaced.
fn redacted_url(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if name == "X-Amz-Signature" || name == "X-Amz-Security-Token" => {
                format!("{name}=** redacted **")
            }
            _ => pair.to_owned(),
        })
        .collect();
    format!("{base}?{}", pairs.join("&"))
}

/// Signs `request` in its query string for `expires_in` from `params.time`. Every header of
/// the request is signed except those a sending client sets itself (`content-length`,
/// `user-agent`, ...); `host` is added from the URL when absent. The body is not signed
/// (`UNSIGNED-PAYLOAD`). `params.settings` chooses the canonical path rules (S3's or the
/// others'), as for header signing.
pub fn presign(
    request: &HttpRequest,
    params: &SigningParams<'_>,
    expires_in: &PresigningConfig,
) -> Result<PresignedRequest, SigningError> {
    presign_with_payload_hash(request, params, expires_in, UNSIGNED_PAYLOAD)
}

/// The hex SHA-256 of an empty body: the payload hash SigV4 signers other than S3's put in a
/// presigned `GET`'s canonical request (botocore's `SigV4QueryAuth`, the AWS SDK for Java's
/// `AWS4Signer`), and so the one RDS and ElastiCache auth tokens are signed with.
pub const EMPTY_PAYLOAD_HASH: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// [`presign`] with another payload hash in the canonical request than `UNSIGNED-PAYLOAD`
/// ([`EMPTY_PAYLOAD_HASH`] for the auth tokens of services that expect it).
pub fn presign_with_payload_hash(
    request: &HttpRequest,
    params: &SigningParams<'_>,
    expires_in: &PresigningConfig,
    payload_hash: &str,
) -> Result<PresignedRequest, SigningError> {
    check_params(params)?;
    let url = Url::parse(&request.url)?;
    let unsigned = |name: &str| UNSIGNED_HEADERS.iter().any(|u| name.eq_ignore_ascii_case(u));
    let mut headers: Vec<(String, String)> =
        request.headers.iter().filter(|(name, _)| !unsigned(name)).cloned().collect();
    if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("host")) {
        headers.insert(0, ("host".to_owned(), url.host_header()));
    }
    // The list is signed twice: in `X-Amz-SignedHeaders`, part of the canonical query, and as
    // the canonical request's own list.
    let signed_headers = signed_headers(&headers)?;
    let mut query: Vec<String> = url
        .query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let name = pair.split_once('=').map_or(*pair, |(n, _)| n);
            !OWNED_PARAMS.iter().any(|owned| name.eq_ignore_ascii_case(owned))
        })
        .map(str::to_owned)
        .collect();
    let encode = |s: &str| percent_encode(s.as_bytes(), QUERY_ENCODE).to_string();
    let credential = format!("{}/{}", params.credentials.access_key_id(), credential_scope(params));
    query.push(format!("X-Amz-Algorithm={}", "AWS4-HMAC-SHA256"));
    query.push(format!("X-Amz-Credential={}", encode(&credential)));
    query.push(format!("X-Amz-Date={}", params.time.fmt_amz_date()));
    query.push(format!("X-Amz-Expires={}", expires_in.expires().as_secs()));
    query.push(format!("X-Amz-SignedHeaders={}", encode(&signed_headers)));
    if let Some(token) = params.credentials.session_token() {
        query.push(format!("X-Amz-Security-Token={}", encode(token)));
    }
    let query = query.join("&");
    let path_end = request.url.find('?').unwrap_or_else(|| request.url.find('#').unwrap_or(request.url.len()));
    let base = &request.url[..path_end];
    let unsigned_url = format!("{base}?{query}");
    let signing_url = Url::parse(&unsigned_url)?;
    let canonical =
        Canonical::with_payload_hash(&request.method, &signing_url, &headers, payload_hash, &params.settings)?;
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{}\n{}\n{}",
        params.time.fmt_amz_date(),
        credential_scope(params),
        hex(&sha256(canonical.text.as_bytes())),
    );
    let signature = hex(&hmac(&signing_key(params), string_to_sign.as_bytes()));
    headers.retain(|(name, _)| !name.eq_ignore_ascii_case("host"));
    Ok(PresignedRequest {
        method: request.method.clone(),
        url: format!("{unsigned_url}&X-Amz-Signature={signature}"),
        headers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::Credentials;
    use crate::sigv4::SigningSettings;

    /// 2013-05-24T00:00:00Z.
    const EXAMPLE_TIME: i64 = 1_369_353_600;

    fn example_credentials(token: Option<&str>) -> Credentials {
        Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", token.map(str::to_owned))
    }

    fn params(credentials: &Credentials) -> SigningParams<'_> {
        SigningParams {
            credentials,
            region: "us-east-1",
            service: "s3",
            time: DateTime::from_secs(EXAMPLE_TIME),
            settings: SigningSettings::S3,
        }
    }

    fn get(url: &str) -> HttpRequest {
        HttpRequest { method: "GET".into(), url: url.into(), headers: vec![], body: vec![] }
    }

    /// The S3 API Reference's example (see `tests/data/s3-signing/PROVENANCE.md`).
    #[test]
    fn s3_documented_example() {
        let credentials = example_credentials(None);
        let config = PresigningConfig::expires_in(Duration::from_secs(86_400)).unwrap();
        let presigned =
            presign(&get("https://examplebucket.s3.amazonaws.com/test.txt"), &params(&credentials), &config).unwrap();
        assert_eq!(
            presigned.url,
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256\
             &X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request\
             &X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\
             &X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
        );
        assert_eq!(presigned.method, "GET");
        assert!(presigned.headers.is_empty());
    }

    #[test]
    fn expiry_bounds() {
        assert!(PresigningConfig::expires_in(MAX_EXPIRES_IN).is_ok());
        assert!(PresigningConfig::expires_in(MIN_EXPIRES_IN).is_ok());
        assert_eq!(
            PresigningConfig::expires_in(Duration::from_millis(1500)).unwrap().expires(),
            Duration::from_secs(1)
        );
        let long = MAX_EXPIRES_IN + Duration::from_secs(1);
        assert_eq!(PresigningConfig::expires_in(long), Err(PresigningConfigError::ExpiresInTooLong(long)));
        let short = Duration::from_millis(999);
        assert_eq!(PresigningConfig::expires_in(short), Err(PresigningConfigError::ExpiresInTooShort(short)));
        assert!(PresigningConfig::expires_in(Duration::ZERO).unwrap_err().to_string().contains("at least 1 second"));
    }

    #[test]
    fn token_and_headers_are_signed_and_debug_redacts() {
        let credentials = example_credentials(Some("SESSION/TOKEN+x"));
        let config = PresigningConfig::expires_in(Duration::from_secs(60)).unwrap();
        let mut req = get("https://examplebucket.s3.amazonaws.com/a%20b?X-Amz-Signature=stale&versionId=3");
        req.headers.push(("x-amz-checksum-mode".into(), "ENABLED".into()));
        req.headers.push(("user-agent".into(), "awsgen".into()));
        let presigned = presign(&req, &params(&credentials), &config).unwrap();
        assert!(presigned.url.contains("&X-Amz-Security-Token=SESSION%2FTOKEN%2Bx&"), "{}", presigned.url);
        assert!(presigned.url.contains("X-Amz-SignedHeaders=host%3Bx-amz-checksum-mode"), "{}", presigned.url);
        assert!(presigned.url.starts_with("https://examplebucket.s3.amazonaws.com/a%20b?versionId=3&"));
        assert!(!presigned.url.contains("stale"));
        assert_eq!(presigned.headers, [("x-amz-checksum-mode".to_owned(), "ENABLED".to_owned())]);
        let shown = format!("{presigned:?}");
        let signature = presigned.url.rsplit('=').next().unwrap();
        assert!(!shown.contains(signature) && !shown.contains("SESSION"), "{shown}");
        assert!(shown.contains("X-Amz-Signature=** redacted **"), "{shown}");
    }

    #[test]
    fn bad_requests_are_errors() {
        let credentials = example_credentials(None);
        let config = PresigningConfig::expires_in(Duration::from_secs(60)).unwrap();
        assert!(presign(&get("not a url"), &params(&credentials), &config).is_err());
        let bad = SigningParams { region: "", ..params(&credentials) };
        assert!(presign(&get("https://example.com/"), &bad, &config).is_err());
    }
}
