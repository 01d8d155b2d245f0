//! `credential_process` with small shell scripts written to a temporary directory: good
//! output (temporary and long-term), bad JSON, a wrong version, a failing command, expired
//! credentials, endless output and a command that never ends. Every failure names the provider,
//! the command and the profile, quotes standard error's first line when the command failed,
//! and never quotes standard output (which holds the secret).

#![cfg(unix)]

mod loopback;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use awsgen_config::process::MAX_PROCESS_OUTPUT_LEN;
use awsgen_config::CredentialProcessProvider;
use awsgen_runtime::credentials::{CredentialsError, CredentialsErrorKind, ProvideCredentials};
use awsgen_runtime::time::DateTime;
use loopback::assert_no_secret;

const SECRET: &str = "process-secret-wJalrXUtnFEMI";
const SESSION: &str = "process-session-IQoJb3JpZ2lu";
const SECRETS: &[&str] = &[SECRET, SESSION];

/// A directory of scripts, removed at the end.
struct Scripts(PathBuf);

impl Scripts {
    fn new(name: &str) -> Scripts {
        let dir = std::env::temp_dir().join(format!("awsgen-process-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scripts(dir)
    }

    /// A script printing `stdout` (and `stderr`), exiting with `code`: the command line to
    /// run it.
    fn write(&self, name: &str, stdout: &str, stderr: &str, code: i32) -> String {
        let out = self.0.join(format!("{name}.out"));
        std::fs::write(&out, stdout).unwrap();
        let body = format!("cat '{}'\nprintf '%s' '{stderr}' >&2\nexit {code}\n", out.display());
        self.script(name, &body)
    }

    /// A script with this body: the command line to run it.
    fn script(&self, name: &str, body: &str) -> String {
        let path = self.0.join(format!("{name}.sh"));
        std::fs::write(&path, format!("#!/bin/sh\n{body}")).unwrap();
        format!("sh '{}'", path.display())
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scripts {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn output(expiration: Option<SystemTime>) -> String {
    let expiration =
        expiration.map(|t| format!(r#", "Expiration": "{}""#, DateTime::from(t).fmt_iso8601())).unwrap_or_default();
    format!(
        r#"{{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "{SECRET}",
            "SessionToken": "{SESSION}", "AccountId": "123456789012"{expiration}}}"#
    )
}

fn check(err: &CredentialsError, command: &str, why: &str) {
    let text = err.to_string();
    assert_eq!(err.kind(), CredentialsErrorKind::ProviderError, "{text}");
    assert!(text.starts_with("CredentialProcessProvider: "), "{text}");
    assert!(text.contains(&format!("credential_process {command:?} of profile \"dev\"")), "{text}");
    assert!(text.contains(why), "expected {why:?} in: {text}");
    assert_no_secret(&text, SECRETS);
    assert_no_secret(&format!("{err:?}"), SECRETS);
}

async fn fails(command: &str) -> CredentialsError {
    CredentialProcessProvider::new(command).profile("dev").credentials().await.unwrap_err()
}

#[tokio::test]
async fn the_output_becomes_credentials() {
    let scripts = Scripts::new("good");
    let in_an_hour = SystemTime::now() + Duration::from_secs(3600);
    let command = scripts.write("good", &output(Some(in_an_hour)), "a warning on stderr", 0);
    let provider = CredentialProcessProvider::new(&command).profile("dev");
    let creds = provider.provide_credentials().await.unwrap();
    assert_eq!((creds.access_key_id(), creds.secret_access_key()), ("AKIDPROCESS", SECRET));
    assert_eq!((creds.session_token(), creds.account_id()), (Some(SESSION), Some("123456789012")));
    let secs = |t: SystemTime| t.duration_since(UNIX_EPOCH).unwrap().as_secs();
    assert_eq!(secs(creds.expiry().unwrap()), secs(in_an_hour));
    assert_no_secret(&format!("{creds:?} {provider:?}"), SECRETS);

    // No Expiration: long-term keys.
    let command = scripts.write("long-term", &output(None), "", 0);
    let creds = CredentialProcessProvider::new(command).credentials().await.unwrap();
    assert_eq!(creds.expiry(), None);

    // A command line with arguments and quotes goes through the shell as written.
    let out = scripts.path().join("good.out");
    let command = format!("cat \"{}\" | cat", out.display());
    CredentialProcessProvider::new(command).credentials().await.unwrap();
}

#[tokio::test]
async fn a_failing_command_is_reported_with_its_stderr_and_never_its_stdout() {
    let scripts = Scripts::new("fail");
    let command = scripts.write("fail", &output(None), "error: the MFA code is wrong\nsecond line", 3);
    let err = fails(&command).await;
    check(&err, &command, "exit status: 3: standard error says \"error: the MFA code is wrong\"");
    assert!(!err.to_string().contains("second line"), "{err}");
}

#[tokio::test]
async fn bad_output_is_an_error() {
    let scripts = Scripts::new("bad");
    let past = SystemTime::now() - Duration::from_secs(60);
    let cases = [
        ("not-json", format!("here is {SECRET}"), "its output: the document is not a JSON object"),
        ("truncated", output(None)[..60].to_owned(), "its output: the document is not a JSON object"),
        (
            "version",
            output(None).replace("\"Version\": 1", "\"Version\": 2"),
            "its output: Version is \"2\", expected 1",
        ),
        ("no-version", output(None).replace("\"Version\": 1,", ""), "its output: the document has no Version"),
        (
            "no-secret",
            output(None).replace("SecretAccessKey", "Secret"),
            "its output: the document has no SecretAccessKey",
        ),
        ("expired", output(Some(past)), "its output: the credentials expired at "),
        ("empty", String::new(), "its output: the document is not a JSON object"),
    ];
    for (name, stdout, why) in cases {
        let command = scripts.write(name, &stdout, "", 0);
        check(&fails(&command).await, &command, why);
    }
}

#[tokio::test]
async fn endless_output_and_endless_commands_are_stopped() {
    let scripts = Scripts::new("endless");
    let command =
        scripts.script("yes", "while :; do echo '{\"Version\": 1, \"padding\": \"xxxxxxxxxxxxxxxxxxxxxxxx\"}'; done\n");
    check(&fails(&command).await, &command, &format!("printed more than {MAX_PROCESS_OUTPUT_LEN} bytes"));

    let command = scripts.script("sleep", "exec sleep 30\n");
    let provider = CredentialProcessProvider::new(&command).profile("dev").timeout(Duration::from_millis(300));
    check(&provider.credentials().await.unwrap_err(), &command, "did not finish within 300 ms");

    // Standard error is drained, so a command writing much of it still finishes.
    let body = format!(
        "i=0; while [ $i -lt 2000 ]; do echo 'noise noise noise noise noise noise' >&2; i=$((i+1)); done\necho '{}'\n",
        output(None).replace('\n', " ")
    );
    let command = scripts.script("noisy", &body);
    CredentialProcessProvider::new(command).credentials().await.unwrap();
}

#[tokio::test]
async fn an_empty_command_line_is_invalid_configuration() {
    let err = CredentialProcessProvider::new("  ").profile("dev").credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::InvalidConfiguration);
    assert!(err.to_string().contains("of profile \"dev\": the command line is empty"), "{err}");
}
