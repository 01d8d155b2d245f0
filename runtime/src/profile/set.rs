//! The data model of the shared files once parsed and merged: a [`ProfileSet`] of profiles,
//! `[sso-session]` and `[services]` sections, each a [`Section`] of [`Property`]s.
//!
//! Profiles come from both files: a profile in both has the properties of each, the
//! credentials file's value winning for a key both set. `sso-session` and `services` sections
//! come from the config file alone.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::parse::{self, ParsedFile};
use super::{location, resolve, Environment, FileKind, ProfileError, MAX_FILE_SIZE};

/// One property: its value as written (continuation lines joined by `\n`) and, when it was
/// written `key =` followed by indented `name = value` lines, those sub-properties.
#[derive(Clone, PartialEq, Eq)]
pub struct Property {
    value: String,
    sub_properties: Option<BTreeMap<String, String>>,
    file: Option<FileKind>,
}

impl Property {
    /// A property with this value and no sub-properties.
    pub fn new(value: impl Into<String>) -> Property {
        Property { value: value.into(), sub_properties: None, file: None }
    }

    pub(super) fn in_file(mut self, file: FileKind) -> Property {
        self.file = Some(file);
        self
    }

    /// The value as the specification defines it: trimmed, continuation lines appended after a
    /// `\n`, and for a property with sub-properties `\n` followed by each sub-property line
    /// (`"\nname = value"`). May be empty.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The sub-properties (name in lower case → value, trimmed, a comment after whitespace
    /// dropped), when the property has any.
    pub fn sub_properties(&self) -> Option<&BTreeMap<String, String>> {
        self.sub_properties.as_ref()
    }

    /// The file the property was read from (`None` for one built in code).
    pub fn file(&self) -> Option<FileKind> {
        self.file
    }

    pub(super) fn push_line(&mut self, line: &str) {
        self.value.push('\n');
        self.value.push_str(line);
    }

    pub(super) fn push_sub_property(&mut self, line: &str, name: String, value: &str) {
        self.push_line(line);
        self.sub_properties.get_or_insert_with(BTreeMap::new).insert(name, value.to_owned());
    }
}

/// Values may be secrets: `Debug` shows sub-property names only.
impl fmt::Debug for Property {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Option<Vec<&String>> = self.sub_properties.as_ref().map(|s| s.keys().collect());
        f.debug_struct("Property").field("sub_properties", &names).field("file", &self.file).finish()
    }
}

/// A named section: a profile, an `sso-session` or a `services` section. Property keys are
/// lower case; lookups lower-case the key asked for.
///
/// `Debug` shows the name and the keys, never the values.
#[derive(Clone, PartialEq, Eq)]
pub struct Section {
    name: String,
    properties: BTreeMap<String, Property>,
}

/// A profile is a section (`[profile NAME]` or `[default]` in the config file, `[NAME]` in
/// the credentials file).
pub type Profile = Section;

impl Section {
    /// An empty section.
    pub fn new(name: impl Into<String>) -> Section {
        Section { name: name.into(), properties: BTreeMap::new() }
    }

    /// This section with `key` (lower-cased) set to `value`.
    pub fn with_property(mut self, key: &str, value: impl Into<String>) -> Section {
        self.insert(key.to_ascii_lowercase(), Property::new(value));
        self
    }

    /// The section's name, case kept.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A property's value; an empty value reads as `None`, as if unset.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.property(key).map(Property::value).filter(|v| !v.is_empty())
    }

    /// A property, whatever its value.
    pub fn property(&self, key: &str) -> Option<&Property> {
        match self.properties.get(key) {
            Some(p) => Some(p),
            None if key.bytes().any(|b| b.is_ascii_uppercase()) => self.properties.get(&key.to_ascii_lowercase()),
            None => None,
        }
    }

    /// A property's sub-properties (`s3 =` then indented `name = value` lines), when it has any.
    pub fn sub_properties(&self, key: &str) -> Option<&BTreeMap<String, String>> {
        self.property(key)?.sub_properties()
    }

    /// The property keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.properties.keys().map(String::as_str)
    }

    /// The properties, by key.
    pub fn properties(&self) -> &BTreeMap<String, Property> {
        &self.properties
    }

    pub(super) fn insert(&mut self, key: String, property: Property) {
        self.properties.insert(key, property);
    }

    pub(super) fn property_mut(&mut self, key: &str) -> Option<&mut Property> {
        self.properties.get_mut(key)
    }

    pub(super) fn retain_keys(&mut self, keep: impl Fn(&str) -> bool) {
        self.properties.retain(|key, _| keep(key));
    }

    /// Adds the properties of a later section of the same name, its values winning.
    pub(super) fn merge(&mut self, later: Section) {
        self.properties.extend(later.properties);
    }
}

impl fmt::Debug for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Section").field("name", &self.name).field("keys", &self.keys().collect::<Vec<_>>()).finish()
    }
}

/// Where one shared file is, and whether it was there to read (a missing file is no error: it
/// holds nothing).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    path: PathBuf,
    exists: bool,
}

impl SourceFile {
    /// The file's path (or a label such as `<config>` for text given in code).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file was there to read.
    pub fn exists(&self) -> bool {
        self.exists
    }
}

/// Both shared files, parsed and merged, with the profile in use.
///
/// `Debug` shows section names and keys, never values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileSet {
    selected: String,
    profiles: BTreeMap<String, Section>,
    sso_sessions: BTreeMap<String, Section>,
    services: BTreeMap<String, Section>,
    config_file: SourceFile,
    credentials_file: SourceFile,
}

impl ProfileSet {
    /// Reads and parses both shared files where `env` puts them, with the profile `env`
    /// selects (`AWS_PROFILE`, else `default`). Missing files are empty; a file that cannot be
    /// read, is larger than [`MAX_FILE_SIZE`], is not UTF-8 or has a malformed line is an
    /// error naming the file (and line).
    pub fn load(env: &Environment) -> Result<ProfileSet, ProfileError> {
        let (config_file, config) = read(env, FileKind::Config)?;
        let (credentials_file, credentials) = read(env, FileKind::Credentials)?;
        Ok(ProfileSet::merge(resolve::selected_profile(env), config, credentials, config_file, credentials_file))
    }

    /// Parses the two files' texts (for tests); profile `default` is selected. Errors name the
    /// file `<config>` or `<credentials>`.
    pub fn parse(config: &str, credentials: &str) -> Result<ProfileSet, ProfileError> {
        let parse_text = |text: &str, kind: FileKind| {
            let file = SourceFile { path: PathBuf::from(label(kind)), exists: true };
            let parsed = parse::parse(text, kind).map_err(|(line, why)| ProfileError::at(&file.path, line, why))?;
            Ok((file, parsed))
        };
        let (config_file, config) = parse_text(config, FileKind::Config)?;
        let (credentials_file, credentials) = parse_text(credentials, FileKind::Credentials)?;
        Ok(ProfileSet::merge("default".to_owned(), config, credentials, config_file, credentials_file))
    }

    /// A set built from plain maps (name → key → value), as test vectors write profiles and
    /// `sso-session` sections; keys are lower-cased. No `services` sections, no files.
    pub fn from_sections(
        selected: impl Into<String>,
        profiles: BTreeMap<String, BTreeMap<String, String>>,
        sso_sessions: BTreeMap<String, BTreeMap<String, String>>,
    ) -> ProfileSet {
        let sections = |maps: BTreeMap<String, BTreeMap<String, String>>| {
            maps.into_iter()
                .map(|(name, props)| {
                    let section =
                        props.into_iter().fold(Section::new(name.clone()), |s, (k, v)| s.with_property(&k, v));
                    (name, section)
                })
                .collect()
        };
        let none = |kind| SourceFile { path: PathBuf::from(label(kind)), exists: false };
        ProfileSet {
            selected: selected.into(),
            profiles: sections(profiles),
            sso_sessions: sections(sso_sessions),
            services: BTreeMap::new(),
            config_file: none(FileKind::Config),
            credentials_file: none(FileKind::Credentials),
        }
    }

    /// This set with another profile selected.
    pub fn with_selected_profile(mut self, name: impl Into<String>) -> ProfileSet {
        self.selected = name.into();
        self
    }

    fn merge(
        selected: String,
        config: ParsedFile,
        credentials: ParsedFile,
        config_file: SourceFile,
        credentials_file: SourceFile,
    ) -> ProfileSet {
        let mut profiles = config.profiles;
        for (name, section) in credentials.profiles {
            match profiles.get_mut(&name) {
                Some(from_config) => from_config.merge(section),
                None => {
                    profiles.insert(name, section);
                }
            }
        }
        ProfileSet {
            selected,
            profiles,
            sso_sessions: config.sso_sessions,
            services: config.services,
            config_file,
            credentials_file,
        }
    }

    /// The name of the profile in use.
    pub fn selected_profile(&self) -> &str {
        &self.selected
    }

    /// A profile by name (case-sensitive).
    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    /// The profile in use, when the files have it.
    pub fn selected(&self) -> Option<&Profile> {
        self.profile(&self.selected)
    }

    /// The names of every profile, in order.
    pub fn profile_names(&self) -> impl Iterator<Item = &str> {
        self.profiles.keys().map(String::as_str)
    }

    /// An `[sso-session NAME]` section of the config file.
    pub fn sso_session(&self, name: &str) -> Option<&Section> {
        self.sso_sessions.get(name)
    }

    /// The names of every `[sso-session]` section, in order.
    pub fn sso_session_names(&self) -> impl Iterator<Item = &str> {
        self.sso_sessions.keys().map(String::as_str)
    }

    /// A `[services NAME]` section of the config file.
    pub fn services(&self, name: &str) -> Option<&Section> {
        self.services.get(name)
    }

    /// A property of a profile; an empty value reads as `None`.
    pub fn get(&self, profile: &str, key: &str) -> Option<&str> {
        self.profile(profile)?.get(key)
    }

    /// A per-service setting of a profile: the profile's `services = NAME` names a
    /// `[services NAME]` section, whose property `service` (the service id in lower case,
    /// spaces as `_`: `s3`, `elasticache`, `elastic_beanstalk`) has `key` as a sub-property.
    pub fn service_setting(&self, profile: &str, service: &str, key: &str) -> Option<&str> {
        let section = self.services(self.get(profile, "services")?)?;
        let value = section.sub_properties(service)?.get(&key.to_ascii_lowercase())?;
        Some(value.as_str()).filter(|v| !v.is_empty())
    }

    /// The shared config file.
    pub fn config_file(&self) -> &SourceFile {
        &self.config_file
    }

    /// The shared credentials file.
    pub fn credentials_file(&self) -> &SourceFile {
        &self.credentials_file
    }

    /// The file that set a profile's property (for messages naming where a value came from).
    pub fn file_of(&self, profile: &str, key: &str) -> Option<&Path> {
        match self.profile(profile)?.property(key)?.file()? {
            FileKind::Config => Some(self.config_file.path()),
            FileKind::Credentials => Some(self.credentials_file.path()),
        }
    }
}

/// How a file given as text is named in errors.
fn label(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Config => "<config>",
        FileKind::Credentials => "<credentials>",
    }
}

/// Reads and parses one shared file; a missing one is empty.
fn read(env: &Environment, kind: FileKind) -> Result<(SourceFile, ParsedFile), ProfileError> {
    let path = location::file_location(env, kind, location::Platform::current());
    let missing = |path| Ok((SourceFile { path, exists: false }, ParsedFile::default()));
    if path.starts_with("~") && env.home_dir().is_none() {
        return missing(path);
    }
    let bytes = match env.read_file(&path) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            let why = format!("larger than {} MiB: not read", MAX_FILE_SIZE / (1024 * 1024));
            return Err(ProfileError::new(&path, None, why));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return missing(path),
        Err(e) => return Err(ProfileError::new(&path, None, format!("cannot read: {e}"))),
    };
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
        ProfileError::at(&path, line, "not valid UTF-8")
    })?;
    let parsed = parse::parse(text, kind).map_err(|(line, why)| ProfileError::at(&path, line, why))?;
    Ok((SourceFile { path, exists: true }, parsed))
}
