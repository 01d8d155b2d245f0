//! [`CredentialProcessProvider`]: credentials printed by a command, the profile key
//! `credential_process` (the AWS CLI's "sourcing credentials with an external process").
//!
//! The command line runs through the platform's shell (`sh -c` on Unix, `cmd /C` on Windows),
//! with the program's own environment and standard input, within a time limit. Its standard
//! output must be one JSON object:
//! `{"Version": 1, "AccessKeyId": ..., "SecretAccessKey": ..., "SessionToken": ...,
//! "Expiration": "<RFC 3339>", "AccountId": ...}` (the last three optional; without
//! `Expiration` the credentials are long-term). Errors name the command and the profile, and
//! quote the first line of standard error, never standard output (it holds the secret).

use std::fmt;
use std::process::{ExitStatus, Stdio};
use std::time::{Duration, SystemTime};

use awsgen_runtime::credentials::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use awsgen_runtime::time::DateTime;
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::process::Command;

use crate::credentials_json::Fields;

/// The most a command may print on standard output (64 KiB); more is an error, and the
/// command is stopped.
///
/// Why: the credentials document is about 1.5 KiB; a command that prints without end (the
/// wrong program configured, `yes`) must not take the program's memory with it.
pub const MAX_PROCESS_OUTPUT_LEN: usize = 64 * 1024;

/// How long a command may run by default (one minute): long enough for a helper that asks
/// for an MFA code or opens a browser, short enough that a hung one is noticed.
pub const DEFAULT_PROCESS_TIMEOUT: Duration = Duration::from_secs(60);

/// The most of standard error kept (for the first line quoted in errors); the rest is read
/// and dropped, so the command never blocks on a full pipe.
const STDERR_KEPT: usize = 4096;
/// The most of standard error's first line, and of the command line, quoted in an error.
const QUOTED_LEN: usize = 200;

const PROVIDER: &str = "CredentialProcessProvider";

/// Credentials from a command's output.
///
/// The profile resolution gives the command line: `CredentialProcessProvider::new(line)`
/// with [`CredentialProcessProvider::profile`] naming the profile it came from, for errors.
/// Every error is a *provider error* (a chain stops there), except an empty command line, an
/// *invalid configuration*.
#[derive(Clone, Debug)]
pub struct CredentialProcessProvider {
    command: String,
    profile: Option<String>,
    timeout: Duration,
}

impl CredentialProcessProvider {
    /// Runs `command_line` (the value of `credential_process`, as written).
    pub fn new(command_line: impl Into<String>) -> Self {
        CredentialProcessProvider { command: command_line.into(), profile: None, timeout: DEFAULT_PROCESS_TIMEOUT }
    }

    /// The profile the command line comes from, named in errors.
    pub fn profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self
    }

    /// How long the command may run (default [`DEFAULT_PROCESS_TIMEOUT`]); it is stopped after.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Runs the command and reads its credentials.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let who = self.describe();
        if self.command.trim().is_empty() {
            return Err(CredentialsError::invalid_configuration(PROVIDER, format!("{who}: the command line is empty")));
        }
        let failed = |why: String| CredentialsError::provider_error(PROVIDER, format!("{who}: {why}"));
        let (stdout, status, stderr) = self.run().await.map_err(failed)?;
        if !status.success() {
            return Err(failed(format!("{status}: {}", first_line(&stderr))));
        }
        parse(&stdout, SystemTime::now()).map_err(|why| failed(format!("its output: {why}")))
    }

    /// `credential_process "..."` and the profile, for messages.
    fn describe(&self) -> String {
        let mut shown: String = self.command.chars().take(QUOTED_LEN).collect();
        if shown.len() < self.command.len() {
            shown.push_str("...");
        }
        match &self.profile {
            Some(profile) => format!("credential_process {shown:?} of profile {profile:?}"),
            None => format!("credential_process {shown:?}"),
        }
    }

    /// Runs the command: its standard output, exit status and (the start of) standard error.
    async fn run(&self) -> Result<(Vec<u8>, ExitStatus, Vec<u8>), String> {
        let mut command = shell(&self.command);
        command.stdin(Stdio::inherit()).stdout(Stdio::piped()).stderr(Stdio::piped()).kill_on_drop(true);
        let mut child = command.spawn().map_err(|e| format!("could not be started: {e}"))?;
        let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) else {
            return Err("could not be started: no pipes".to_owned());
        };
        // Standard error is read beside standard output, so that neither pipe fills up.
        let stderr = tokio::spawn(read_capped(stderr, STDERR_KEPT, Beyond::Drain));
        let outcome = tokio::time::timeout(self.timeout, async {
            let (stdout, overflow) = read_capped(stdout, MAX_PROCESS_OUTPUT_LEN, Beyond::Stop).await;
            if overflow {
                return Err(format!("printed more than {MAX_PROCESS_OUTPUT_LEN} bytes on standard output"));
            }
            let status = child.wait().await.map_err(|e| format!("could not be waited for: {e}"))?;
            Ok((stdout, status))
        })
        .await;
        let outcome = match outcome {
            Ok(result) => result,
            Err(_) => Err(format!("did not finish within {} ms", self.timeout.as_millis())),
        };
        let (stdout, status) = match outcome {
            Ok(done) => done,
            Err(why) => {
                // Stopped here, not only on drop, so that it ends before we return.
                let _ = child.kill().await;
                stderr.abort();
                return Err(why);
            }
        };
        let stderr = stderr.await.map(|(kept, _)| kept).unwrap_or_default();
        Ok((stdout, status, stderr))
    }
}

impl ProvideCredentials for CredentialProcessProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}

/// The platform's shell running `line`: `sh -c line`, or on Windows `cmd /C line` with the
/// line passed as written (cmd does not follow the quoting rules Rust applies to arguments).
#[cfg(not(windows))]
fn shell(line: &str) -> Command {
    let mut command = Command::new("sh");
    command.arg("-c").arg(line);
    command
}

#[cfg(windows)]
fn shell(line: &str) -> Command {
    let mut command = Command::new("cmd");
    command.arg("/C").raw_arg(line);
    command
}

/// Reads `pipe`, keeping the first `limit` bytes, and says whether there were more: at once
/// when `Stop`, else after reading (and dropping) the rest. Read errors end the reading (what
/// was read is kept).
async fn read_capped(mut pipe: impl AsyncRead + Unpin, limit: usize, beyond: Beyond) -> (Vec<u8>, bool) {
    let mut kept = Vec::new();
    let mut buf = [0u8; 8192];
    let mut overflow = false;
    loop {
        let n = match pipe.read(&mut buf).await {
            Ok(0) | Err(_) => return (kept, overflow),
            Ok(n) => n,
        };
        let room = limit - kept.len();
        kept.extend_from_slice(&buf[..n.min(room)]);
        if n > room {
            overflow = true;
            if beyond == Beyond::Stop {
                return (kept, overflow);
            }
        }
    }
}

/// What [`read_capped`] does past its limit.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Beyond {
    /// Stop reading (standard output: the command has failed).
    Stop,
    /// Read on and drop the bytes (standard error: the command must not block on it).
    Drain,
}

/// Standard error's first non-empty line, shortened, for an error message.
fn first_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let Some(line) = text.lines().map(str::trim).find(|l| !l.is_empty()) else {
        return "(nothing on standard error)".to_owned();
    };
    let mut shown: String = line.chars().filter(|c| !c.is_control()).take(QUOTED_LEN).collect();
    if line.chars().count() > QUOTED_LEN {
        shown.push_str("...");
    }
    format!("standard error says {shown:?}")
}

/// The command's output as credentials; `now` decides whether they have expired.
fn parse(stdout: &[u8], now: SystemTime) -> Result<Credentials, String> {
    let fields = Fields::parse(stdout)?;
    match fields.get("Version") {
        Some("1") => {}
        Some(other) => return Err(format!("Version is {}, expected 1", Shown(other))),
        None => return Err("the document has no Version (expected 1)".to_owned()),
    }
    let token = fields.get("SessionToken").map(str::to_owned);
    let mut credentials = Credentials::new(fields.require("AccessKeyId")?, fields.require("SecretAccessKey")?, token);
    if let Some(expiry) = fields.time("Expiration")? {
        if expiry <= now {
            return Err(format!("the credentials expired at {}", DateTime::from(expiry).fmt_iso8601()));
        }
        credentials = credentials.with_expiry(expiry);
    }
    if let Some(account) = fields.get("AccountId") {
        credentials = credentials.with_account_id(account);
    }
    Ok(credentials)
}

/// A short quote of a value that is not a secret.
struct Shown<'a>(&'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: String = self.0.chars().take(32).collect();
        write!(f, "{shown:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_other_than_1_and_missing_keys_are_errors() {
        let now = SystemTime::now();
        let cases = [
            (r#"{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "S"}"#, "Version is \"2\", expected 1"),
            (r#"{"AccessKeyId": "A", "SecretAccessKey": "S"}"#, "no Version"),
            (r#"{"Version": 1, "SecretAccessKey": "S"}"#, "no AccessKeyId"),
            (r#"{"Version": 1, "AccessKeyId": "A"}"#, "no SecretAccessKey"),
            (r#"{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "S", "Expiration": "x"}"#, "RFC 3339"),
        ];
        for (output, expected) in cases {
            let err = parse(output.as_bytes(), now).unwrap_err();
            assert!(err.contains(expected), "{output}: {err}");
        }
    }

    #[test]
    fn long_term_credentials_have_no_expiry() {
        let c = parse(br#"{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "S"}"#, SystemTime::now()).unwrap();
        assert_eq!((c.access_key_id(), c.session_token(), c.expiry()), ("A", None, None));
    }

    #[test]
    fn expirations_with_an_offset_are_read() {
        // As `aws configure export-credentials --format process` writes them.
        let out =
            br#"{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "S", "Expiration": "2031-09-21T06:16:53+02:00"}"#;
        let c = parse(out, SystemTime::now()).unwrap();
        assert_eq!(DateTime::from(c.expiry().unwrap()).secs(), 1_947_730_613);
    }

    #[test]
    fn the_first_line_of_stderr_is_shortened() {
        assert_eq!(first_line(b"\n  oops: no MFA\nmore"), "standard error says \"oops: no MFA\"");
        assert_eq!(first_line(b""), "(nothing on standard error)");
        let long = "x".repeat(1000);
        assert_eq!(first_line(long.as_bytes()).len(), "standard error says \"\"...".len() + QUOTED_LEN);
    }
}
