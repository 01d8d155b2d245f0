//! [`ProfileChainError`]: why a profile gives no role chain, naming the profile(s) at fault.

use std::fmt;

/// Why the selected profile gives no role chain. Display names every profile (and sso-session)
/// at fault; it never shows a secret, only key names and non-secret values.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProfileChainError {
    /// The selected profile is not in the files.
    ProfileNotFound {
        /// The selected profile.
        profile: String,
    },
    /// A `source_profile` names a profile that is not in the files.
    SourceProfileNotFound {
        /// The missing profile.
        source_profile: String,
        /// The profile whose `source_profile` names it.
        referenced_from: String,
    },
    /// `source_profile` leads back to a profile already in the chain.
    Loop {
        /// The chain, in order, ending with the profile met twice.
        profiles: Vec<String>,
    },
    /// `role_arn` without `source_profile` or `credential_source`.
    NoSource {
        /// The profile.
        profile: String,
    },
    /// Both `source_profile` and `credential_source`: only one may say where the role's
    /// credentials come from.
    ConflictingSources {
        /// The profile.
        profile: String,
    },
    /// A key the profile's other keys require is not set.
    MissingKey {
        /// The profile.
        profile: String,
        /// The key that is needed.
        key: &'static str,
        /// What requires it.
        why: String,
    },
    /// The profile holds no credentials of any kind (static keys, role, web identity, SSO,
    /// process).
    NoCredentials {
        /// The profile.
        profile: String,
    },
    /// The profile's `sso_session` names a section that does not exist.
    SsoSessionNotFound {
        /// The profile.
        profile: String,
        /// The sso-session it names.
        session: String,
    },
    /// The profile sets a key its sso-session owns, to another value than the session's.
    SsoSessionConflict {
        /// The profile.
        profile: String,
        /// Its sso-session.
        session: String,
        /// `sso_region` or `sso_start_url`.
        key: &'static str,
    },
    /// A key has a value the chain cannot use.
    InvalidValue {
        /// The profile.
        profile: String,
        /// The key.
        key: &'static str,
        /// Why (the value, when it is not secret).
        why: String,
    },
}

/// The kind of a [`ProfileChainError`], without its data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum ErrorKind {
    ProfileNotFound,
    SourceProfileNotFound,
    Loop,
    NoSource,
    ConflictingSources,
    MissingKey,
    NoCredentials,
    SsoSessionNotFound,
    SsoSessionConflict,
    InvalidValue,
}

impl ProfileChainError {
    /// What went wrong, without the names.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::ProfileNotFound { .. } => ErrorKind::ProfileNotFound,
            Self::SourceProfileNotFound { .. } => ErrorKind::SourceProfileNotFound,
            Self::Loop { .. } => ErrorKind::Loop,
            Self::NoSource { .. } => ErrorKind::NoSource,
            Self::ConflictingSources { .. } => ErrorKind::ConflictingSources,
            Self::MissingKey { .. } => ErrorKind::MissingKey,
            Self::NoCredentials { .. } => ErrorKind::NoCredentials,
            Self::SsoSessionNotFound { .. } => ErrorKind::SsoSessionNotFound,
            Self::SsoSessionConflict { .. } => ErrorKind::SsoSessionConflict,
            Self::InvalidValue { .. } => ErrorKind::InvalidValue,
        }
    }

    /// The profiles at fault, the one whose setting is wrong first.
    pub fn profiles(&self) -> Vec<&str> {
        match self {
            Self::SourceProfileNotFound { source_profile, referenced_from } => {
                vec![referenced_from.as_str(), source_profile.as_str()]
            }
            Self::Loop { profiles } => profiles.iter().map(String::as_str).collect(),
            Self::ProfileNotFound { profile }
            | Self::NoSource { profile }
            | Self::ConflictingSources { profile }
            | Self::MissingKey { profile, .. }
            | Self::NoCredentials { profile }
            | Self::SsoSessionNotFound { profile, .. }
            | Self::SsoSessionConflict { profile, .. }
            | Self::InvalidValue { profile, .. } => vec![profile.as_str()],
        }
    }
}

impl fmt::Display for ProfileChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ProfileNotFound { profile } => write!(f, "profile `{profile}` is not in the shared files"),
            Self::SourceProfileNotFound { source_profile, referenced_from } => write!(
                f,
                "profile `{referenced_from}`: its source_profile `{source_profile}` is not in the shared files"
            ),
            Self::Loop { profiles } => {
                let shown: Vec<String> = profiles.iter().map(|p| format!("`{p}`")).collect();
                write!(f, "source_profile loop: {}", shown.join(" -> "))
            }
            Self::NoSource { profile } => write!(
                f,
                "profile `{profile}`: role_arn needs source_profile or credential_source to say where the role's \
                 credentials come from"
            ),
            Self::ConflictingSources { profile } => {
                write!(f, "profile `{profile}`: source_profile and credential_source are both set; keep one")
            }
            Self::MissingKey { profile, key, why } => write!(f, "profile `{profile}`: {key} is not set ({why})"),
            Self::NoCredentials { profile } => write!(
                f,
                "profile `{profile}` holds no credentials (no access keys, role_arn, web_identity_token_file, \
                 sso settings or credential_process)"
            ),
            Self::SsoSessionNotFound { profile, session } => {
                write!(f, "profile `{profile}`: its sso_session `{session}` has no [sso-session {session}] section")
            }
            Self::SsoSessionConflict { profile, session, key } => write!(
                f,
                "profile `{profile}`: {key} belongs in [sso-session {session}], and the profile's value is not the \
                 session's"
            ),
            Self::InvalidValue { profile, key, why } => write!(f, "profile `{profile}`: {key}: {why}"),
        }
    }
}

impl std::error::Error for ProfileChainError {}
