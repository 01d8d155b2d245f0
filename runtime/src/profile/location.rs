//! Where the shared files are: `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE`, else
//! `~/.aws/config` / `~/.aws/credentials`, with `~` the home directory as each platform finds it.
//!
//! The platform is a parameter ([`Platform`]) so that tests can ask for Windows' rules on any
//! machine; the plain functions use the platform the program runs on.

use std::ffi::OsString;
use std::path::PathBuf;

use super::Environment;

/// The two shared files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    /// `~/.aws/config`: sections `[default]`, `[profile NAME]`, `[sso-session NAME]`,
    /// `[services NAME]`.
    Config,
    /// `~/.aws/credentials`: sections `[NAME]`, each a profile.
    Credentials,
}

impl FileKind {
    /// The variable that overrides the file's location.
    pub fn env_var(self) -> &'static str {
        match self {
            FileKind::Config => "AWS_CONFIG_FILE",
            FileKind::Credentials => "AWS_SHARED_CREDENTIALS_FILE",
        }
    }

    /// The file's name under `~/.aws/`.
    fn file_name(self) -> &'static str {
        match self {
            FileKind::Config => "config",
            FileKind::Credentials => "credentials",
        }
    }
}

/// How a platform finds the home directory and separates path components.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    /// `HOME`; `/` separates components.
    Unix,
    /// `HOME`, else `USERPROFILE`, else `HOMEDRIVE` followed by `HOMEPATH`; `\` separates
    /// components, and `~\` starts a home-relative path as well as `~/`.
    Windows,
}

impl Platform {
    /// The platform this program runs on.
    pub fn current() -> Platform {
        if cfg!(windows) {
            Platform::Windows
        } else {
            Platform::Unix
        }
    }

    fn separator(self) -> char {
        match self {
            Platform::Unix => '/',
            Platform::Windows => '\\',
        }
    }
}

/// The user's home directory as `platform` finds it in `env`, when known.
pub fn home_dir(env: &Environment, platform: Platform) -> Option<PathBuf> {
    let home = env.var_os("HOME");
    let home = match platform {
        Platform::Unix => home,
        Platform::Windows => home.or_else(|| env.var_os("USERPROFILE")).or_else(|| {
            let mut drive = env.var_os("HOMEDRIVE")?;
            drive.push(env.var_os("HOMEPATH")?);
            Some(drive)
        }),
    };
    home.map(PathBuf::from)
}

/// Where a shared file is on `platform`: its variable, else `~/.aws/<name>`; a leading `~/`
/// (or on Windows `~\`) is the home directory. When the home directory is unknown the path
/// keeps its `~`, and loading treats the file as missing.
pub fn file_location(env: &Environment, kind: FileKind, platform: Platform) -> PathBuf {
    let sep = platform.separator();
    let configured = env.var_os(kind.env_var());
    let rest = match &configured {
        Some(path) => match path.to_str().and_then(|p| home_relative(p, platform)) {
            Some(rest) => rest.to_owned(),
            None => return PathBuf::from(path),
        },
        None => format!(".aws{sep}{}", kind.file_name()),
    };
    match home_dir(env, platform) {
        Some(home) => {
            let mut path = OsString::from(home);
            if !path.to_string_lossy().ends_with(['/', '\\']) {
                path.push(sep.to_string());
            }
            path.push(rest);
            PathBuf::from(path)
        }
        None => PathBuf::from(format!("~{sep}{rest}")),
    }
}

/// The rest of a path that starts with `~/` (or `~\` on Windows).
fn home_relative(path: &str, platform: Platform) -> Option<&str> {
    path.strip_prefix("~/").or_else(|| match platform {
        Platform::Windows => path.strip_prefix("~\\"),
        Platform::Unix => None,
    })
}

/// The shared credentials file: `AWS_SHARED_CREDENTIALS_FILE`, or `~/.aws/credentials`.
pub fn credentials_file_path(env: &Environment) -> PathBuf {
    file_location(env, FileKind::Credentials, Platform::current())
}

/// The shared config file: `AWS_CONFIG_FILE`, or `~/.aws/config`.
pub fn config_file_path(env: &Environment) -> PathBuf {
    file_location(env, FileKind::Config, Platform::current())
}
