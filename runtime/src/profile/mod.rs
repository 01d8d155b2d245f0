//! Where configuration comes from outside the program: environment variables and the shared
//! AWS files (`~/.aws/config` and `~/.aws/credentials`), parsed as the AWS SDKs' shared
//! configuration specification defines them, and the settings resolved from them.
//!
//! - [`location`]: where the files are (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`, the
//!   home directory per [`Platform`]);
//! - `parse`: the files' INI dialect (comments, continuations, sub-properties, which sections
//!   are profiles in which file);
//! - [`ProfileSet`]: both files merged into profiles, `[sso-session]` and `[services]`
//!   sections ([`Section`], [`Property`]), what credential providers read;
//! - [`resolve_region`], [`resolve_endpoint_url`], [`resolve_setting`], [`resolve_flag`]:
//!   the environment first, then the selected profile.
//!
//! All reads go through an [`Environment`], so tests can supply a fixed set of variables and
//! their own files instead of the process's.

pub mod location;
mod parse;
mod resolve;
mod set;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

pub use location::{config_file_path, credentials_file_path, FileKind, Platform};
pub use resolve::{resolve_endpoint_url, resolve_flag, resolve_region, resolve_setting, selected_profile};
pub use set::{Profile, ProfileSet, Property, Section, SourceFile};

/// Reads and parses both shared files: [`ProfileSet::load`].
pub fn load(env: &Environment) -> Result<ProfileSet, ProfileError> {
    ProfileSet::load(env)
}
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
/// name mentions a secret, token or password, or a proxy (whose URL may hold a password).
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
    /// The real process environment.
    pub fn process() -> Self {
        Environment { source: Source::Process, files: None }
    }

    /// A fixed set of variables, for tests. The home directory is found among them as in the
    /// process environment.
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

    /// A variable as the OS holds it (a path need not be UTF-8); unset and empty read as
    /// `None`.
    fn var_os(&self, name: &str) -> Option<OsString> {
        let value = match &self.source {
            Source::Process => std::env::var_os(name),
            Source::Fixed(vars) => vars.get(name).map(OsString::from),
        };
        value.filter(|v| !v.is_empty())
    }

    /// The user's home directory, when known: `HOME`, and on Windows then `USERPROFILE`, then
    /// `HOMEDRIVE` and `HOMEPATH` ([`location::home_dir`]).
    pub fn home_dir(&self) -> Option<PathBuf> {
        location::home_dir(self, Platform::current())
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
                    let secret = ["SECRET", "TOKEN", "PASSWORD", "PROXY"].iter().any(|s| upper.contains(s));
                    map.entry(name, &if secret { "** redacted **" } else { value.as_str() });
                }
                map.finish()
            }
        }
    }
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

impl ProfileError {
    fn new(path: &Path, line: Option<usize>, message: String) -> ProfileError {
        ProfileError { path: path.to_owned(), line, message }
    }

    fn at(path: &Path, line: usize, message: &str) -> ProfileError {
        ProfileError::new(path, Some(line), message.to_owned())
    }
}

/// The whole file, or `None` if it holds more than [`MAX_FILE_SIZE`] bytes (found by reading
/// one byte more, so a device or a file still growing is bounded too).
fn read_capped(path: &Path) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_FILE_SIZE).then_some(bytes))
}
