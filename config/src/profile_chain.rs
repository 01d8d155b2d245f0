//! The profile's role chain, resolved without I/O: from the selected profile, follow
//! `source_profile` until a profile gives credentials of its own (the base), collecting each
//! `role_arn` on the way. The providers then fetch the base and assume the roles in order.
//!
//! The rules, as the AWS SDKs apply them (smithy-rs's `assume-role-tests.json` checks them):
//! - the selected profile with `role_arn` follows its `source_profile` even if it also has
//!   static keys; a later profile with both static keys is the base, whatever else it says;
//! - a profile that is its own `source_profile` is the base through its static keys;
//! - `credential_source` (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`) ends the chain;
//! - `web_identity_token_file` with `role_arn` is a base, not a role to assume;
//! - otherwise a profile without `role_arn` is the base: web identity, then SSO (`sso_session`
//!   or the legacy `sso_*` keys), then `credential_process`, then static keys;
//! - meeting a profile twice is a loop, an error naming the profiles.

mod error;
mod source;

pub use error::{ErrorKind, ProfileChainError};
pub use source::{ProfileMaps, ProfileSource, Sections};

use awsgen_runtime::credentials::Credentials;
use std::fmt;

/// Longest `duration_seconds` STS accepts for a role session (12 hours).
pub const MAX_ROLE_DURATION_SECONDS: u32 = 43_200;
/// Shortest `duration_seconds` STS accepts (15 minutes).
pub const MIN_ROLE_DURATION_SECONDS: u32 = 900;

/// The base credentials and the roles to assume with them, first assumed first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileChain {
    /// Where the first credentials come from.
    pub base: BaseProvider,
    /// The profile that holds the base.
    pub base_profile: String,
    /// Roles to assume in turn, each with the credentials the one before gave.
    pub roles: Vec<RoleArn>,
}

/// Where the first credentials of a chain come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BaseProvider {
    /// Static keys in the profile (`aws_access_key_id`, `aws_secret_access_key`,
    /// `aws_session_token`, `aws_account_id`).
    AccessKey(Credentials),
    /// `credential_source`: another provider named by the profile.
    CredentialSource(CredentialSource),
    /// `web_identity_token_file` with `role_arn`: `AssumeRoleWithWebIdentity`.
    WebIdentityToken(WebIdentityToken),
    /// `sso_session` or the legacy `sso_*` keys.
    Sso(SsoConfig),
    /// `credential_process`: a command printing credentials.
    CredentialProcess(ProcessCommand),
}

impl BaseProvider {
    /// The profile setting that chose this base, for errors: `credential_source = Environment`,
    /// `web_identity_token_file`, ...
    pub fn describe(&self) -> String {
        match self {
            BaseProvider::AccessKey(_) => "aws_access_key_id".to_owned(),
            BaseProvider::CredentialSource(source) => format!("credential_source = {}", source.name()),
            BaseProvider::WebIdentityToken(_) => "web_identity_token_file".to_owned(),
            BaseProvider::Sso(_) => "SSO".to_owned(),
            BaseProvider::CredentialProcess(_) => "credential_process".to_owned(),
        }
    }
}

/// The providers `credential_source` may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredentialSource {
    /// `Environment`: `AWS_ACCESS_KEY_ID` and friends.
    Environment,
    /// `Ec2InstanceMetadata`: the instance's role through IMDS.
    Ec2InstanceMetadata,
    /// `EcsContainer`: the container credentials endpoint.
    EcsContainer,
}

impl CredentialSource {
    /// The name the profile writes.
    pub fn name(self) -> &'static str {
        match self {
            CredentialSource::Environment => "Environment",
            CredentialSource::Ec2InstanceMetadata => "Ec2InstanceMetadata",
            CredentialSource::EcsContainer => "EcsContainer",
        }
    }
}

/// `AssumeRoleWithWebIdentity` from a profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebIdentityToken {
    /// The role.
    pub role_arn: String,
    /// The file holding the token (read at each fetch).
    pub token_file: String,
    /// `role_session_name`, when set.
    pub session_name: Option<String>,
}

/// SSO settings of a profile: an `sso_session` (start URL and region from its section) or the
/// legacy keys in the profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SsoConfig {
    /// The sso-session's name (`None`: legacy keys).
    pub session_name: Option<String>,
    /// The region of the SSO portal.
    pub region: String,
    /// The portal's start URL.
    pub start_url: String,
    /// The account whose role to get (`None`: the profile only gives a token).
    pub account_id: Option<String>,
    /// The role to get.
    pub role_name: Option<String>,
}

/// A `credential_process` command line. `Debug` shows its first word only: arguments may hold
/// secrets.
#[derive(Clone, PartialEq, Eq)]
pub struct ProcessCommand(pub String);

impl fmt::Debug for ProcessCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let program = self.0.split_whitespace().next().unwrap_or("");
        write!(f, "ProcessCommand({program:?} ...)")
    }
}

/// A role to assume, with the profile's settings for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleArn {
    /// The profile that names the role.
    pub profile: String,
    /// `role_arn`.
    pub role_arn: String,
    /// `external_id`.
    pub external_id: Option<String>,
    /// `role_session_name`.
    pub session_name: Option<String>,
    /// `duration_seconds`, within the range STS accepts.
    pub duration_seconds: Option<u32>,
}

/// Resolves the chain of `selected` in `profiles`.
pub fn resolve(profiles: &dyn ProfileSource, selected: &str) -> Result<ProfileChain, ProfileChainError> {
    if !profiles.has_profile(selected) {
        return Err(ProfileChainError::ProfileNotFound { profile: selected.to_string() });
    }
    let mut visited: Vec<String> = Vec::new();
    let mut roles = Vec::new();
    let mut name = selected.to_string();
    let base = loop {
        if visited.contains(&name) {
            visited.push(name);
            return Err(ProfileChainError::Loop { profiles: visited });
        }
        visited.push(name.clone());
        let p = Profile { source: profiles, name: &name };
        if visited.len() > 1 && p.get("aws_access_key_id").is_some() && p.get("aws_secret_access_key").is_some() {
            break BaseProvider::AccessKey(p.static_keys()?);
        }
        // A web identity token makes `role_arn` part of the base, not a role to assume.
        let role = match p.get("role_arn") {
            Some(arn) if p.get("web_identity_token_file").is_none() => arn,
            _ => break p.base()?,
        };
        roles.push(p.role(role)?);
        match (p.get("source_profile"), p.get("credential_source")) {
            (Some(_), Some(_)) => return Err(ProfileChainError::ConflictingSources { profile: name }),
            (None, None) => return Err(ProfileChainError::NoSource { profile: name }),
            (None, Some(source)) => break BaseProvider::CredentialSource(p.credential_source(source)?),
            (Some(source), None) if source == name => break BaseProvider::AccessKey(p.static_keys()?),
            (Some(source), None) => {
                if !profiles.has_profile(source) {
                    let source_profile = source.to_string();
                    return Err(ProfileChainError::SourceProfileNotFound { source_profile, referenced_from: name });
                }
                name = source.to_string();
            }
        }
    };
    roles.reverse();
    Ok(ProfileChain { base, base_profile: name, roles })
}

/// One profile being read.
struct Profile<'a> {
    source: &'a dyn ProfileSource,
    name: &'a str,
}

impl<'a> Profile<'a> {
    fn get(&self, key: &str) -> Option<&'a str> {
        self.source.get(self.name, key)
    }

    fn missing(&self, key: &'static str, why: impl Into<String>) -> ProfileChainError {
        ProfileChainError::MissingKey { profile: self.name.to_string(), key, why: why.into() }
    }

    /// A profile that is not a role to assume: what it holds, in the SDKs' order.
    fn base(&self) -> Result<BaseProvider, ProfileChainError> {
        if let Some(source) = self.get("credential_source") {
            return Ok(BaseProvider::CredentialSource(self.credential_source(source)?));
        }
        if let Some(token_file) = self.get("web_identity_token_file") {
            let role_arn =
                self.get("role_arn").ok_or_else(|| self.missing("role_arn", "web_identity_token_file is set"))?;
            return Ok(BaseProvider::WebIdentityToken(WebIdentityToken {
                role_arn: role_arn.to_string(),
                token_file: token_file.to_string(),
                session_name: self.get("role_session_name").map(str::to_string),
            }));
        }
        const SSO_KEYS: [&str; 5] = ["sso_session", "sso_start_url", "sso_region", "sso_account_id", "sso_role_name"];
        if SSO_KEYS.iter().any(|k| self.get(k).is_some()) {
            return Ok(BaseProvider::Sso(self.sso()?));
        }
        if let Some(command) = self.get("credential_process") {
            return Ok(BaseProvider::CredentialProcess(ProcessCommand(command.to_string())));
        }
        if self.get("aws_access_key_id").is_none() && self.get("aws_secret_access_key").is_none() {
            return Err(ProfileChainError::NoCredentials { profile: self.name.to_string() });
        }
        Ok(BaseProvider::AccessKey(self.static_keys()?))
    }

    /// Both static keys, with the session token and account id when set.
    fn static_keys(&self) -> Result<Credentials, ProfileChainError> {
        let (id, secret) = match (self.get("aws_access_key_id"), self.get("aws_secret_access_key")) {
            (Some(id), Some(secret)) => (id, secret),
            (None, None) => return Err(ProfileChainError::NoCredentials { profile: self.name.to_string() }),
            (None, Some(_)) => return Err(self.missing("aws_access_key_id", "aws_secret_access_key is set")),
            (Some(_), None) => return Err(self.missing("aws_secret_access_key", "aws_access_key_id is set")),
        };
        let credentials = Credentials::new(id, secret, self.get("aws_session_token").map(str::to_string));
        Ok(match self.get("aws_account_id") {
            Some(account) => credentials.with_account_id(account),
            None => credentials,
        })
    }

    fn role(&self, role_arn: &str) -> Result<RoleArn, ProfileChainError> {
        let duration_seconds = match self.get("duration_seconds") {
            None => None,
            Some(text) => Some(
                text.parse::<u32>()
                    .ok()
                    .filter(|d| (MIN_ROLE_DURATION_SECONDS..=MAX_ROLE_DURATION_SECONDS).contains(d))
                    .ok_or_else(|| ProfileChainError::InvalidValue {
                        profile: self.name.to_string(),
                        key: "duration_seconds",
                        why: format!(
                            "{text:?} is not a whole number of seconds from {MIN_ROLE_DURATION_SECONDS} to \
                             {MAX_ROLE_DURATION_SECONDS}"
                        ),
                    })?,
            ),
        };
        Ok(RoleArn {
            profile: self.name.to_string(),
            role_arn: role_arn.to_string(),
            external_id: self.get("external_id").map(str::to_string),
            session_name: self.get("role_session_name").map(str::to_string),
            duration_seconds,
        })
    }

    fn credential_source(&self, value: &str) -> Result<CredentialSource, ProfileChainError> {
        use CredentialSource::*;
        [Environment, Ec2InstanceMetadata, EcsContainer].into_iter().find(|s| s.name() == value).ok_or_else(|| {
            ProfileChainError::InvalidValue {
                profile: self.name.to_string(),
                key: "credential_source",
                why: format!("{value:?} is none of Environment, Ec2InstanceMetadata, EcsContainer"),
            }
        })
    }

    /// SSO settings: from the profile's sso-session (start URL and region belong there; the
    /// profile may repeat them only with the same value), or the legacy keys, all four required.
    fn sso(&self) -> Result<SsoConfig, ProfileChainError> {
        let (account_id, role_name) = (self.get("sso_account_id"), self.get("sso_role_name"));
        match (account_id, role_name) {
            (None, Some(_)) => return Err(self.missing("sso_account_id", "sso_role_name is set")),
            (Some(_), None) => return Err(self.missing("sso_role_name", "sso_account_id is set")),
            _ => {}
        }
        let (session_name, region, start_url) = match self.get("sso_session") {
            Some(session) => {
                let source = self.source;
                if !source.has_sso_session(session) {
                    let (profile, session) = (self.name.to_string(), session.to_string());
                    return Err(ProfileChainError::SsoSessionNotFound { profile, session });
                }
                let mut values = Vec::new();
                for key in ["sso_region", "sso_start_url"] {
                    let in_session = source.sso_session_get(session, key);
                    if self.get(key).is_some_and(|v| Some(v) != in_session) {
                        let (profile, session) = (self.name.to_string(), session.to_string());
                        return Err(ProfileChainError::SsoSessionConflict { profile, session, key });
                    }
                    values.push(
                        in_session.ok_or_else(|| self.missing(key, format!("[sso-session {session}] has none")))?,
                    );
                }
                (Some(session.to_string()), values[0], values[1])
            }
            None => {
                let why = "a profile with sso_* keys and no sso_session needs all four";
                for key in ["sso_account_id", "sso_role_name"] {
                    if self.get(key).is_none() {
                        return Err(self.missing(key, why));
                    }
                }
                let region = self.get("sso_region").ok_or_else(|| self.missing("sso_region", why))?;
                let start_url = self.get("sso_start_url").ok_or_else(|| self.missing("sso_start_url", why))?;
                (None, region, start_url)
            }
        };
        Ok(SsoConfig {
            session_name,
            region: region.to_string(),
            start_url: start_url.to_string(),
            account_id: account_id.map(str::to_string),
            role_name: role_name.map(str::to_string),
        })
    }
}
