//! Where configuration comes from outside the program: environment variables and the shared
//! AWS files (`~/.aws/credentials` and `~/.aws/config`), and the settings resolved from them
//! (profile, region, endpoint URL).
//!
//! All reads go through an [`Environment`], so tests can supply a fixed set of variables and
//! their own files instead of the process's.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The largest shared config or credentials file read, in bytes (16 MiB); a larger one is a
/// [`ProfileError`] naming the file, and at most one byte more than this is ever read.
///
/// Why: the path comes from the environment (`AWS_CONFIG_FILE`,
/// `AWS_SHARED_CREDENTIALS_FILE`), and `/dev/zero` or a huge file was read until memory ran
/// out. The files are a few KiB, but generated ones (a profile per account and role, as SSO
/// tools write them) reach a few MiB for organisations of thousands of accounts; 16 MiB holds
/// some 80,000 such profiles and still bounds memory.
pub const MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// Where environment variables and the home directory are read from.
///
/// `Debug` lists a fixed environment's variables but redacts the value of any variable whose
/// name mentions a secret, token or password.
#[derive(Clone)]
pub struct Environment {
    source: Source,
    /// Files held in memory ([`Environment::with_file`]): when set, the shared files are read
    /// from here alone, never from the file system.
    files: Option<BTreeMap<PathBuf, Vec<u8>>>,
}

#[derive(Clone)]
enum Source {
    /// The live process environment, read on every lookup.
    Process,
    /// A fixed set of variables.
    Fixed(BTreeMap<String, String>),
}

impl Environment {
    /// The real process environment. The home directory is `HOME`, or on Windows
    /// `USERPROFILE` when `HOME` is not set.
    pub fn process() -> Self {
        Environment { source: Source::Process, files: None }
    }

    /// A fixed set of variables, for tests. The home directory is the `HOME` among them.
    pub fn from_vars<I, K, V>(vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let vars = vars.into_iter().map(|(k, v)| (k.into(), v.into())).collect();
        Environment { source: Source::Fixed(vars), files: None }
    }

    /// This environment with a file held in memory: reading `path` gives `contents`, and once
    /// one file is held, paths not held read as missing files. The shared files go through the
    /// same parsing as on disk, without touching the file system (tests, the fuzz targets).
    pub fn with_file(mut self, path: impl Into<PathBuf>, contents: impl Into<Vec<u8>>) -> Self {
        self.files.get_or_insert_with(BTreeMap::new).insert(path.into(), contents.into());
        self
    }

    /// Reads a file (a shared file, a web identity token, an SSO token cache), `None` when it
    /// is larger than [`MAX_FILE_SIZE`]: from memory when [`Environment::with_file`] was used,
    /// else from disk.
    pub fn read_file(&self, path: &Path) -> io::Result<Option<Vec<u8>>> {
        match &self.files {
            Some(files) => {
                let bytes = files.get(path).ok_or(io::ErrorKind::NotFound)?;
                Ok((bytes.len() as u64 <= MAX_FILE_SIZE).then(|| bytes.clone()))
            }
            None => read_capped(path),
        }
    }

    /// The value of a variable; unset, empty and (in the process environment) non-UTF-8
    /// values all read as `None`.
    pub fn var(&self, name: &str) -> Option<String> {
        let value = match &self.source {
            Source::Process => std::env::var(name).ok(),
            Source::Fixed(vars) => vars.get(name).cloned(),
        };
        value.filter(|v| !v.is_empty())
    }

    /// The user's home directory, when known.
    pub fn home_dir(&self) -> Option<PathBuf> {
        match &self.source {
            Source::Process => {
                let home = std::env::var_os("HOME").filter(|h| !h.is_empty());
                let home = if cfg!(windows) {
                    home.or_else(|| std::env::var_os("USERPROFILE").filter(|h| !h.is_empty()))
                } else {
                    home
                };
                home.map(PathBuf::from)
            }
            Source::Fixed(_) => self.var("HOME").map(PathBuf::from),
        }
    }
}

impl fmt::Debug for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Source::Process => f.write_str("Environment(process)"),
            Source::Fixed(vars) => {
                let mut map = f.debug_map();
                for (name, value) in vars {
                    let upper = name.to_ascii_uppercase();
                    let secret = ["SECRET", "TOKEN", "PASSWORD"].iter().any(|s| upper.contains(s));
                    map.entry(name, &if secret { "** redacted **" } else { value.as_str() });
                }
                map.finish()
            }
        }
    }
}

/// The profile in use: `AWS_PROFILE`, or `default`.
pub fn selected_profile(env: &Environment) -> String {
    env.var("AWS_PROFILE").unwrap_or_else(|| "default".to_owned())
}

/// The shared credentials file: `AWS_SHARED_CREDENTIALS_FILE`, or `~/.aws/credentials`.
pub fn credentials_file_path(env: &Environment) -> PathBuf {
    file_path(env, Kind::Credentials)
}

/// The shared config file: `AWS_CONFIG_FILE`, or `~/.aws/config`.
pub fn config_file_path(env: &Environment) -> PathBuf {
    file_path(env, Kind::Config)
}

/// The two shared files differ only in how a section names its profile.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `[NAME]`.
    Credentials,
    /// `[profile NAME]`, or `[default]`; other sections (`[sso-session x]`, `[services x]`)
    /// are not profiles.
    Config,
}

/// The configured path, with a leading `~/` expanded. When the home directory is unknown
/// the path keeps its `~` (and [`load`] treats the file as missing).
fn file_path(env: &Environment, kind: Kind) -> PathBuf {
    let (var, default) = match kind {
        Kind::Credentials => ("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials"),
        Kind::Config => ("AWS_CONFIG_FILE", "~/.aws/config"),
    };
    let configured = env.var(var).unwrap_or_else(|| default.to_owned());
    match (home_relative(&configured), env.home_dir()) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(configured),
    }
}

/// The rest of a path that starts with `~/` (or `~\` on Windows).
fn home_relative(path: &str) -> Option<&str> {
    path.strip_prefix("~/").or_else(|| if cfg!(windows) { path.strip_prefix("~\\") } else { None })
}

/// A shared file could not be read or parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileError {
    path: PathBuf,
    line: Option<usize>,
    message: String,
}

impl ProfileError {
    /// The file at fault.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The 1-based line at fault, for a parse error.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// What was wrong. It never quotes the file's contents, which may hold secrets.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ProfileError {}

/// Profile name to its settings (key to value).
type Profiles = BTreeMap<String, BTreeMap<String, String>>;

/// One parsed shared file: its profiles and their `key = value` settings.
///
/// `Debug` shows profile names and keys but never values.
#[derive(Clone, PartialEq, Eq)]
pub struct ProfileFile {
    path: PathBuf,
    exists: bool,
    profiles: Profiles,
}

impl ProfileFile {
    /// Where the file is (or would be).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file was there to read. A missing file is not an error: it has no profiles.
    pub fn exists(&self) -> bool {
        self.exists
    }

    /// Whether the file has a section for this profile.
    pub fn has_profile(&self, profile: &str) -> bool {
        self.profiles.contains_key(profile)
    }

    /// A setting of a profile (keys are case-sensitive); an empty value reads as `None`.
    pub fn get(&self, profile: &str, key: &str) -> Option<&str> {
        self.profiles.get(profile)?.get(key).map(String::as_str).filter(|v| !v.is_empty())
    }

    fn load(env: &Environment, kind: Kind) -> Result<Self, ProfileError> {
        let path = file_path(env, kind);
        let missing = |path| ProfileFile { path, exists: false, profiles: BTreeMap::new() };
        if path.starts_with("~") && env.home_dir().is_none() {
            return Ok(missing(path));
        }
        let bytes = match env.read_file(&path) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => {
                let message = format!("larger than {} MiB: not read", MAX_FILE_SIZE / (1024 * 1024));
                return Err(ProfileError { path, line: None, message });
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(missing(path)),
            Err(e) => return Err(ProfileError { path, line: None, message: format!("cannot read: {e}") }),
        };
        let text = match std::str::from_utf8(&bytes) {
            Ok(text) => text,
            Err(e) => {
                let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
                return Err(ProfileError { path, line: Some(line), message: "not valid UTF-8".to_owned() });
            }
        };
        match parse(text, kind) {
            Ok(profiles) => Ok(ProfileFile { path, exists: true, profiles }),
            Err((line, message)) => Err(ProfileError { path, line: Some(line), message: message.to_owned() }),
        }
    }
}

/// The whole file, or `None` if it holds more than [`MAX_FILE_SIZE`] bytes (found by reading
/// one byte more, so a device or a file still growing is bounded too).
fn read_capped(path: &Path) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_FILE_SIZE).then_some(bytes))
}

impl fmt::Debug for ProfileFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys: BTreeMap<&str, Vec<&str>> = self
            .profiles
            .iter()
            .map(|(name, settings)| (name.as_str(), settings.keys().map(String::as_str).collect()))
            .collect();
        f.debug_struct("ProfileFile")
            .field("path", &self.path)
            .field("exists", &self.exists)
            .field("profiles", &keys)
            .finish()
    }
}

/// The section a line belongs to while parsing.
enum Section {
    /// Before the first header.
    None,
    /// A section that is not a profile (config file only).
    Other,
    /// A profile's section.
    Profile(String),
}

/// Parses the INI dialect of the shared files. `#` and `;` start comment lines; values are
/// taken literally (no inline comments, no quotes). An indented line after a property
/// continues it: appended on a new line when the property has a value, and skipped when the
/// value is empty (a nested sub-section such as `s3 =` followed by indented settings).
/// Repeated sections merge, later values winning. Errors are a 1-based line and a reason.
fn parse(text: &str, kind: Kind) -> Result<Profiles, (usize, &'static str)> {
    let mut profiles: Profiles = BTreeMap::new();
    let mut section = Section::None;
    // The property that indented lines continue.
    let mut last_key: Option<String> = None;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if raw.starts_with([' ', '\t']) && last_key.is_some() {
            // Continues the property above, or nests under it when that has no value.
            if let (Section::Profile(name), Some(key)) = (&section, &last_key) {
                let settings = profiles.get_mut(name).and_then(|p| p.get_mut(key));
                if let Some(value) = settings.filter(|v| !v.is_empty()) {
                    value.push('\n');
                    value.push_str(line);
                }
            }
            continue;
        }
        if let Some(header) = line.strip_prefix('[') {
            section = section_header(header, kind).map_err(|why| (line_no, why))?;
            if let Section::Profile(name) = &section {
                profiles.entry(name.clone()).or_default();
            }
            last_key = None;
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err((line_no, "expected `[section]`, `key = value` or a comment"));
        };
        let key = key.trim();
        if key.is_empty() {
            return Err((line_no, "property has no name before `=`"));
        }
        match &section {
            Section::None => return Err((line_no, "property before any `[section]` header")),
            Section::Other => {}
            Section::Profile(name) => {
                let settings = profiles.entry(name.clone()).or_default();
                settings.insert(key.to_owned(), value.trim().to_owned());
            }
        }
        last_key = Some(key.to_owned());
    }
    Ok(profiles)
}

/// Reads a section header after its `[`.
fn section_header(header: &str, kind: Kind) -> Result<Section, &'static str> {
    let (name, rest) = header.split_once(']').ok_or("section header has no closing `]`")?;
    let rest = rest.trim();
    if !(rest.is_empty() || rest.starts_with('#') || rest.starts_with(';')) {
        return Err("unexpected text after section header");
    }
    let name = name.trim();
    if name.is_empty() {
        return Err("section header has no name");
    }
    Ok(match kind {
        Kind::Credentials => Section::Profile(name.to_owned()),
        Kind::Config if name == "default" => Section::Profile(name.to_owned()),
        Kind::Config => match name.strip_prefix("profile") {
            Some(rest) if rest.starts_with([' ', '\t']) => Section::Profile(rest.trim().to_owned()),
            _ => Section::Other,
        },
    })
}

/// Both shared files, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileFiles {
    credentials: ProfileFile,
    config: ProfileFile,
}

impl ProfileFiles {
    /// The shared credentials file.
    pub fn credentials(&self) -> &ProfileFile {
        &self.credentials
    }

    /// The shared config file.
    pub fn config(&self) -> &ProfileFile {
        &self.config
    }

    /// A setting of a profile, from the credentials file when it has the key there, else from
    /// the config file.
    pub fn get(&self, profile: &str, key: &str) -> Option<&str> {
        self.credentials.get(profile, key).or_else(|| self.config.get(profile, key))
    }
}

/// Reads and parses both shared files. Missing files are empty; a file that cannot be read
/// or has a malformed line is an error naming the file (and line).
pub fn load(env: &Environment) -> Result<ProfileFiles, ProfileError> {
    Ok(ProfileFiles {
        credentials: ProfileFile::load(env, Kind::Credentials)?,
        config: ProfileFile::load(env, Kind::Config)?,
    })
}

/// The region: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then `region` in the selected profile
/// of the config file. A config file that fails to load counts as having no region; call
/// [`load`] to learn why.
pub fn resolve_region(env: &Environment) -> Option<String> {
    env.var("AWS_REGION").or_else(|| env.var("AWS_DEFAULT_REGION")).or_else(|| {
        let config = ProfileFile::load(env, Kind::Config).ok()?;
        config.get(&selected_profile(env), "region").map(str::to_owned)
    })
}

/// A configured endpoint URL for a service: `AWS_ENDPOINT_URL_<SUFFIX>` (the suffix
/// upper-cased, other characters than letters and digits turned into `_`), then
/// `AWS_ENDPOINT_URL`, then `endpoint_url` in the selected profile of the config file.
///
/// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` turns all of these off; when that variable is
/// unset, `ignore_configured_endpoint_urls = true` in the profile does the same. A config file
/// that fails to load counts as empty.
pub fn resolve_endpoint_url(env: &Environment, service_env_suffix: &str) -> Option<String> {
    let config = ProfileFile::load(env, Kind::Config).ok();
    let profile = selected_profile(env);
    let from_config = |key: &str| config.as_ref()?.get(&profile, key).map(str::to_owned);
    let ignore = env
        .var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
        .or_else(|| from_config("ignore_configured_endpoint_urls"))
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    if ignore {
        return None;
    }
    let suffix: String = service_env_suffix
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' })
        .collect();
    let per_service = if suffix.is_empty() { None } else { env.var(&format!("AWS_ENDPOINT_URL_{suffix}")) };
    per_service.or_else(|| env.var("AWS_ENDPOINT_URL")).or_else(|| from_config("endpoint_url"))
}

/// A setting's raw value from the environment variable `var`, else the selected profile's
/// `key` in the shared config file, with where it came from (for error messages).
pub fn resolve_setting(env: &Environment, var: &str, key: &str) -> Option<(String, String)> {
    if let Some(v) = env.var(var) {
        return Some((v, var.to_owned()));
    }
    let config = ProfileFile::load(env, Kind::Config).ok()?;
    let profile = selected_profile(env);
    let v = config.get(&profile, key)?;
    Some((v.to_owned(), format!("{} (profile {profile:?}, {key})", config.path().display())))
}

/// A boolean setting: the environment variable `var`, then `key` in the selected profile of
/// the config file; `true` / `false` in any case. Another value is an error naming where it
/// came from. A config file that fails to load counts as empty.
pub fn resolve_flag(env: &Environment, var: &str, key: &str) -> Result<Option<bool>, String> {
    let Some((value, source)) = resolve_setting(env, var, key) else { return Ok(None) };
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(Some(true)),
        "false" => Ok(Some(false)),
        _ => {
            let shown: String = value.chars().take(32).collect();
            Err(format!("{source}: expected `true` or `false`, got {shown:?}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_config(text: &str) -> Profiles {
        parse(text, Kind::Config).unwrap()
    }

    #[test]
    fn config_sections_name_profiles() {
        let p = parse_config(
            "[default]\nregion = us-east-1\n[profile dev]\nregion=eu-west-1\n\
             [sso-session s]\nregion = x\n[dev]\nregion = y\n[profile  spaced ]\nk = v\n",
        );
        assert_eq!(p["default"]["region"], "us-east-1");
        assert_eq!(p["dev"]["region"], "eu-west-1");
        assert_eq!(p["spaced"]["k"], "v");
        assert_eq!(p.len(), 3, "{:?}", p.keys().collect::<Vec<_>>());
    }

    #[test]
    fn profile_default_section_is_default() {
        let p = parse_config("[profile default]\nregion = ap-south-1\n");
        assert_eq!(p["default"]["region"], "ap-south-1");
    }

    #[test]
    fn credentials_sections_are_literal() {
        let p = parse("[profile dev]\na = 1\n[dev]\nb = 2\n", Kind::Credentials).unwrap();
        assert_eq!(p["profile dev"]["a"], "1");
        assert_eq!(p["dev"]["b"], "2");
    }

    #[test]
    fn comments_blanks_whitespace_and_case() {
        let p = parse_config(
            "# c\n; c\n\n[default] # trailing\n  Region  =  us-west-2  \nregion=x=y\n\t; indented comment\n",
        );
        assert_eq!(p["default"]["Region"], "us-west-2");
        assert_eq!(p["default"]["region"], "x=y");
    }

    #[test]
    fn indented_lines_continue_or_nest() {
        let p =
            parse_config("[default]\ns3 =\n  max_concurrent_requests = 20\nregion = us-east-1\n  more\nafter = 1\n");
        assert_eq!(p["default"]["s3"], "");
        assert_eq!(p["default"]["region"], "us-east-1\nmore");
        assert_eq!(p["default"]["after"], "1");
        assert!(!p["default"].contains_key("max_concurrent_requests"));
    }

    #[test]
    fn malformed_lines_name_their_line() {
        let cases: [(&str, usize); 6] = [
            ("[default]\nregion us-east-1\n", 2),
            ("region = x\n", 1),
            ("[default\n", 1),
            ("\n\n[]\n", 3),
            ("[default] junk\n", 1),
            ("[default]\n = value\n", 2),
        ];
        for (text, line) in cases {
            let err = parse(text, Kind::Config).unwrap_err();
            assert_eq!(err.0, line, "{text:?}: {}", err.1);
        }
    }

    #[test]
    fn empty_value_reads_as_unset() {
        let file =
            ProfileFile { path: PathBuf::from("x"), exists: true, profiles: parse_config("[default]\nregion =\n") };
        assert!(file.has_profile("default"));
        assert_eq!(file.get("default", "region"), None);
    }

    #[test]
    fn paths_expand_home_and_honour_overrides() {
        let env = Environment::from_vars([("HOME", "/home/u")]);
        assert_eq!(credentials_file_path(&env), PathBuf::from("/home/u/.aws/credentials"));
        assert_eq!(config_file_path(&env), PathBuf::from("/home/u/.aws/config"));
        let env = Environment::from_vars([
            ("HOME", "/home/u"),
            ("AWS_CONFIG_FILE", "~/elsewhere/cfg"),
            ("AWS_SHARED_CREDENTIALS_FILE", "/etc/creds"),
        ]);
        assert_eq!(config_file_path(&env), PathBuf::from("/home/u/elsewhere/cfg"));
        assert_eq!(credentials_file_path(&env), PathBuf::from("/etc/creds"));
    }

    #[test]
    fn unknown_home_means_missing_files() {
        let env = Environment::from_vars(Vec::<(String, String)>::new());
        let files = load(&env).unwrap();
        assert!(!files.credentials().exists());
        assert_eq!(files.config().path(), Path::new("~/.aws/config"));
    }

    #[test]
    fn flags_from_environment_and_profile() {
        let dir = std::env::temp_dir().join(format!("awsgen-flags-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let config = dir.join("config");
        std::fs::write(&config, "[default]\nuse_fips_endpoint = TRUE\n[profile odd]\nuse_fips_endpoint = yes\n")
            .unwrap();
        let cfg = config.to_string_lossy().into_owned();
        let env = |extra: &[(&str, &str)]| {
            let mut vars = vec![("AWS_CONFIG_FILE".to_owned(), cfg.clone())];
            vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
            Environment::from_vars(vars)
        };
        let fips = |e: &Environment| resolve_flag(e, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint");
        assert_eq!(fips(&env(&[])), Ok(Some(true)));
        assert_eq!(fips(&env(&[("AWS_USE_FIPS_ENDPOINT", "false")])), Ok(Some(false)));
        let bad = fips(&env(&[("AWS_USE_FIPS_ENDPOINT", "1")])).unwrap_err();
        assert!(bad.starts_with("AWS_USE_FIPS_ENDPOINT: expected"), "{bad}");
        let bad = fips(&env(&[("AWS_PROFILE", "odd")])).unwrap_err();
        assert!(bad.contains("use_fips_endpoint") && bad.contains("\"yes\""), "{bad}");
        assert_eq!(resolve_flag(&env(&[]), "AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint"), Ok(None));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn files_held_in_memory_are_read_and_others_are_missing() {
        let env = Environment::from_vars([("HOME", "/nonexistent-home"), ("AWS_CONFIG_FILE", "/etc/passwd")])
            .with_file("/nonexistent-home/.aws/credentials", "[default]\naws_access_key_id = AKID\n");
        let files = load(&env).unwrap();
        assert!(files.credentials().exists());
        assert_eq!(files.get("default", "aws_access_key_id"), Some("AKID"));
        // A path that is not held reads as missing, even one that exists on disk.
        assert!(!files.config().exists());
        let bad = Environment::from_vars([("HOME", "/h")]).with_file("/h/.aws/config", b"[default]\n\xff".to_vec());
        let err = load(&bad).unwrap_err();
        assert_eq!((err.line(), err.message()), (Some(2), "not valid UTF-8"));
    }

    #[test]
    fn environment_debug_redacts_secrets() {
        let env = Environment::from_vars([
            ("AWS_REGION", "us-east-1"),
            ("AWS_SECRET_ACCESS_KEY", "s3cr3t"),
            ("AWS_SESSION_TOKEN", "t0k3n"),
        ]);
        let shown = format!("{env:?}");
        assert!(shown.contains("us-east-1"), "{shown}");
        assert!(!shown.contains("s3cr3t") && !shown.contains("t0k3n"), "{shown}");
        assert_eq!(env.var("AWS_REGION").as_deref(), Some("us-east-1"));
    }
}
