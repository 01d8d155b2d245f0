//! [`ProfileSource`]: what the role-chain resolver reads, "profile name → key → value" and
//! "sso-session name → key → value", kept apart from how the shared files are parsed.

use awsgen_runtime::profile::ProfileSet;
use std::collections::BTreeMap;
use std::fmt;

/// The profiles and `[sso-session]` sections the resolver reads. Empty values read as unset.
pub trait ProfileSource {
    /// Whether a profile of this name exists (its section may be empty).
    fn has_profile(&self, profile: &str) -> bool;
    /// A profile's setting.
    fn get(&self, profile: &str, key: &str) -> Option<&str>;
    /// Whether an `[sso-session name]` section exists.
    fn has_sso_session(&self, session: &str) -> bool;
    /// A setting of an `[sso-session]` section.
    fn sso_session_get(&self, session: &str, key: &str) -> Option<&str>;
}

/// Settings by section name, then by key.
pub type Sections = BTreeMap<String, BTreeMap<String, String>>;

/// Profiles and sso-sessions held in maps: what tests build, and what a parsed profile set
/// converts into. `Debug` shows section names and keys, never values.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProfileMaps {
    /// Profile name → key → value.
    pub profiles: Sections,
    /// sso-session name → key → value.
    pub sso_sessions: Sections,
}

fn value<'a>(sections: &'a Sections, name: &str, key: &str) -> Option<&'a str> {
    sections.get(name)?.get(key).map(String::as_str).filter(|v| !v.is_empty())
}

impl ProfileSource for ProfileMaps {
    fn has_profile(&self, profile: &str) -> bool {
        self.profiles.contains_key(profile)
    }
    fn get(&self, profile: &str, key: &str) -> Option<&str> {
        value(&self.profiles, profile, key)
    }
    fn has_sso_session(&self, session: &str) -> bool {
        self.sso_sessions.contains_key(session)
    }
    fn sso_session_get(&self, session: &str, key: &str) -> Option<&str> {
        value(&self.sso_sessions, session, key)
    }
}

impl fmt::Debug for ProfileMaps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys = |s: &Sections| -> BTreeMap<String, Vec<String>> {
            s.iter().map(|(name, kv)| (name.clone(), kv.keys().cloned().collect())).collect()
        };
        f.debug_struct("ProfileMaps")
            .field("profiles", &keys(&self.profiles))
            .field("sso_sessions", &keys(&self.sso_sessions))
            .finish()
    }
}

/// The shared files as the runtime parses them: profiles merged across both files, and their
/// `[sso-session]` sections.
impl ProfileSource for ProfileSet {
    fn has_profile(&self, profile: &str) -> bool {
        self.profile(profile).is_some()
    }
    fn get(&self, profile: &str, key: &str) -> Option<&str> {
        ProfileSet::get(self, profile, key).filter(|v| !v.is_empty())
    }
    fn has_sso_session(&self, session: &str) -> bool {
        self.sso_session(session).is_some()
    }
    fn sso_session_get(&self, session: &str, key: &str) -> Option<&str> {
        self.sso_session(session)?.get(key).filter(|v| !v.is_empty())
    }
}
