//! The SSO token cache the AWS CLI's `aws sso login` writes: `~/.aws/sso/cache/<key>.json`, where
//! the key is the SHA-1 (hex) of the sso-session's name, or of the start URL for a legacy
//! profile. A JSON object: `accessToken`, `expiresAt` (RFC 3339), and for an sso-session the
//! refresh material (`refreshToken`, `clientId`, `clientSecret`, `registrationExpiresAt`).
//! A refreshed token is written back with every other key kept.

use awsgen_runtime::checksum::ChecksumAlgorithm;
use awsgen_runtime::json::{JsonReader, JsonWriter};
use awsgen_runtime::profile::Environment;
use awsgen_runtime::{DateTime, Document};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The cache file for `key` (an sso-session name, or a legacy profile's start URL) under the
/// home directory; `None` when the home directory is unknown.
pub fn cache_file(env: &Environment, key: &str) -> Option<PathBuf> {
    let mut hasher = ChecksumAlgorithm::Sha1.hasher();
    hasher.update(key.as_bytes());
    let hex: String = hasher.finish().iter().map(|b| format!("{b:02x}")).collect();
    Some(env.home_dir()?.join(".aws").join("sso").join("cache").join(format!("{hex}.json")))
}

/// A cached SSO access token. `Debug` redacts the tokens and the client secret.
#[derive(Clone, PartialEq)]
pub struct CachedToken {
    /// The bearer token `GetRoleCredentials` takes.
    pub access_token: String,
    /// When it expires.
    pub expires_at: SystemTime,
    /// The token that gets a new access token (sso-sessions only).
    pub refresh_token: Option<String>,
    /// The registered OIDC client's id.
    pub client_id: Option<String>,
    /// The registered OIDC client's secret.
    pub client_secret: Option<String>,
    /// When the client registration expires: no refresh after that.
    pub registration_expires_at: Option<SystemTime>,
    /// The whole object as read, so a write-back keeps keys we do not use.
    all: BTreeMap<String, Document>,
}

impl fmt::Debug for CachedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const REDACTED: &str = "** redacted **";
        f.debug_struct("CachedToken")
            .field("access_token", &REDACTED)
            .field("expires_at", &DateTime::from(self.expires_at))
            .field("refresh_token", &self.refresh_token.as_ref().map(|_| REDACTED))
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| REDACTED))
            .field("registration_expires_at", &self.registration_expires_at.map(DateTime::from))
            .finish()
    }
}

impl CachedToken {
    /// Parses a cache file's contents; the error says which key is wrong (never a value).
    pub fn parse(bytes: &[u8]) -> Result<CachedToken, String> {
        let mut reader = JsonReader::new(bytes);
        let doc = reader.read_document().map_err(|e| format!("not JSON: {e}"))?;
        reader.finish().map_err(|e| format!("not JSON: {e}"))?;
        let Document::Object(all) = doc else { return Err("not a JSON object".into()) };
        let string = |key: &str| match all.get(key) {
            None | Some(Document::Null) => Ok(None),
            Some(Document::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("{key} is not a string")),
        };
        let time = |key: &str| -> Result<Option<SystemTime>, String> {
            let Some(text) = string(key)? else { return Ok(None) };
            let t = DateTime::parse_iso8601(&text).map_err(|_| format!("{key} is not an RFC 3339 time"))?;
            SystemTime::try_from(t).map(Some).map_err(|_| format!("{key} is out of range"))
        };
        Ok(CachedToken {
            access_token: string("accessToken")?.ok_or("accessToken is missing")?,
            expires_at: time("expiresAt")?.ok_or("expiresAt is missing")?,
            refresh_token: string("refreshToken")?,
            client_id: string("clientId")?,
            client_secret: string("clientSecret")?,
            registration_expires_at: time("registrationExpiresAt")?,
            all,
        })
    }

    /// The same cache entry with a refreshed access token (and refresh token, when the service
    /// sent a new one).
    pub fn refreshed(mut self, access_token: String, expires_at: SystemTime, refresh_token: Option<String>) -> Self {
        self.access_token = access_token;
        self.expires_at = expires_at;
        if refresh_token.is_some() {
            self.refresh_token = refresh_token;
        }
        self
    }

    /// The JSON to write back: every key read, with the token fields updated.
    pub fn to_json(&self) -> String {
        let mut all = self.all.clone();
        all.insert("accessToken".into(), Document::String(self.access_token.clone()));
        all.insert("expiresAt".into(), Document::String(DateTime::from(self.expires_at).fmt_iso8601()));
        if let Some(r) = &self.refresh_token {
            all.insert("refreshToken".into(), Document::String(r.clone()));
        }
        let mut writer = JsonWriter::new();
        writer.document(&Document::Object(all));
        writer.finish()
    }
}

/// Writes `contents` to `path` through a temporary file renamed over it, so a reader never
/// sees half a file; creates the cache folder if needed.
pub fn write_atomically(path: &Path, contents: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension(format!("json.tmp-{}", std::process::id()));
    std::fs::write(&tmp, contents)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_file_is_named_by_the_sha1_of_the_session_or_start_url() {
        let env = Environment::from_vars([("HOME", "/home/u")]);
        // The SHA-1 digests as Python's hashlib gives them (`aws sso login` names the files so).
        let session = cache_file(&env, "my-sso-session").unwrap();
        assert_eq!(session, Path::new("/home/u/.aws/sso/cache/b755b5ec73400c04400e978208d8559ad1f39053.json"));
        let legacy = cache_file(&env, "https://d-abc123.awsapps.com/start").unwrap();
        assert_eq!(legacy, Path::new("/home/u/.aws/sso/cache/40a89917e3175433e361b710a9d43528d7f1890a.json"));
        assert_eq!(cache_file(&Environment::from_vars(Vec::<(String, String)>::new()), "x"), None);
    }

    #[test]
    fn a_token_round_trips_with_unknown_keys_kept() {
        let text = br#"{"accessToken":"at","expiresAt":"2030-01-02T03:04:05Z","refreshToken":"rt",
            "clientId":"cid","clientSecret":"cs","registrationExpiresAt":"2031-01-01T00:00:00Z",
            "region":"us-east-1","startUrl":"https://x"}"#;
        let token = CachedToken::parse(text).unwrap();
        assert_eq!((token.access_token.as_str(), token.refresh_token.as_deref()), ("at", Some("rt")));
        assert_eq!(DateTime::from(token.expires_at).fmt_iso8601(), "2030-01-02T03:04:05Z");
        let shown = format!("{token:?}");
        assert!(!shown.contains("\"at\"") && !shown.contains("\"rt\"") && !shown.contains("\"cs\""), "{shown}");
        let later = SystemTime::try_from(DateTime::parse_iso8601("2030-02-01T00:00:00Z").unwrap()).unwrap();
        let json = token.refreshed("at2".into(), later, None).to_json();
        let back = CachedToken::parse(json.as_bytes()).unwrap();
        assert_eq!((back.access_token.as_str(), back.refresh_token.as_deref()), ("at2", Some("rt")));
        assert_eq!(back.expires_at, later);
        assert!(json.contains(r#""startUrl":"https://x""#), "{json}");
    }

    #[test]
    fn a_malformed_entry_says_which_key() {
        for (text, why) in [
            (&b"[]"[..], "not a JSON object"),
            (b"{", "not JSON"),
            (br#"{"expiresAt":"2030-01-02T03:04:05Z"}"#, "accessToken is missing"),
            (br#"{"accessToken":"secret-token"}"#, "expiresAt is missing"),
            (br#"{"accessToken":"secret-token","expiresAt":"soon"}"#, "expiresAt is not an RFC 3339 time"),
            (br#"{"accessToken":7,"expiresAt":"2030-01-02T03:04:05Z"}"#, "accessToken is not a string"),
        ] {
            let err = CachedToken::parse(text).unwrap_err();
            assert!(err.contains(why), "{err}");
            assert!(!err.contains("secret-token"), "{err}");
        }
    }
}
