//! Credentials, region and endpoint resolution against real files in temporary directories,
//! with a fixed [`Environment`] standing in for the process's.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use awsgen_runtime::credentials::{Credentials, DefaultCredentialsChain};
use awsgen_runtime::profile::{self, Environment};

/// A fresh directory under the system temp dir, removed on drop. It plays the home directory.
struct Home {
    dir: PathBuf,
}

impl Home {
    fn new() -> Home {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "awsgen-profile-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        // A leftover from an earlier run with the same pid would leak its files into this test.
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join(".aws")).expect("create temp home");
        Home { dir }
    }

    fn path(&self) -> &Path {
        &self.dir
    }

    fn write(&self, relative: &str, contents: &str) -> PathBuf {
        let path = self.dir.join(relative);
        fs::create_dir_all(path.parent().expect("parent")).expect("create parent");
        fs::write(&path, contents).expect("write file");
        path
    }

    fn credentials(&self, contents: &str) -> PathBuf {
        self.write(".aws/credentials", contents)
    }

    fn config(&self, contents: &str) -> PathBuf {
        self.write(".aws/config", contents)
    }

    /// An environment with `HOME` here plus `vars`.
    fn env(&self, vars: &[(&str, &str)]) -> Environment {
        let home = self.dir.to_string_lossy().into_owned();
        Environment::from_vars(
            std::iter::once(("HOME".to_owned(), home)).chain(vars.iter().map(|(k, v)| (k.to_string(), v.to_string()))),
        )
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn provide(env: Environment) -> Result<Credentials, String> {
    DefaultCredentialsChain::new(env).credentials().map_err(|e| e.to_string())
}

const CREDENTIALS_FILE: &str = "\
[default]
aws_access_key_id = AKID_FILE_DEFAULT
aws_secret_access_key = SECRET_FILE_DEFAULT

[dev]
aws_access_key_id=AKID_FILE_DEV
aws_secret_access_key=SECRET_FILE_DEV
aws_session_token=TOKEN_FILE_DEV
";

#[test]
fn environment_credentials_win_over_files() {
    let home = Home::new();
    home.credentials(CREDENTIALS_FILE);
    let env = home.env(&[
        ("AWS_ACCESS_KEY_ID", "AKID_ENV"),
        ("AWS_SECRET_ACCESS_KEY", "SECRET_ENV"),
        ("AWS_SESSION_TOKEN", "TOKEN_ENV"),
        ("AWS_PROFILE", "dev"),
    ]);
    assert_eq!(provide(env), Ok(Credentials::new("AKID_ENV", "SECRET_ENV", Some("TOKEN_ENV".into()))));
}

#[test]
fn half_set_environment_falls_through_to_files() {
    let home = Home::new();
    home.credentials(CREDENTIALS_FILE);
    let env = home.env(&[("AWS_ACCESS_KEY_ID", "AKID_ENV"), ("AWS_SECRET_ACCESS_KEY", "")]);
    let credentials = provide(env).unwrap();
    assert_eq!(credentials.access_key_id(), "AKID_FILE_DEFAULT");
    assert_eq!(credentials.session_token(), None);
}

#[test]
fn aws_profile_selects_the_profile() {
    let home = Home::new();
    home.credentials(CREDENTIALS_FILE);
    assert_eq!(
        provide(home.env(&[("AWS_PROFILE", "dev")])),
        Ok(Credentials::new("AKID_FILE_DEV", "SECRET_FILE_DEV", Some("TOKEN_FILE_DEV".into())))
    );
    assert_eq!(provide(home.env(&[])).unwrap().access_key_id(), "AKID_FILE_DEFAULT");
}

#[test]
fn config_file_uses_profile_prefix_and_credentials_file_does_not() {
    let home = Home::new();
    home.config(
        "[profile dev]\naws_access_key_id = AKID_CONFIG_DEV\naws_secret_access_key = S\n\
         [qa]\naws_access_key_id = AKID_CONFIG_QA\naws_secret_access_key = S\n",
    );
    home.credentials("[profile qa]\naws_access_key_id = AKID_CREDS_QA\naws_secret_access_key = S\n");
    let dev = provide(home.env(&[("AWS_PROFILE", "dev")])).unwrap();
    assert_eq!(dev.access_key_id(), "AKID_CONFIG_DEV");
    // `[qa]` in the config file and `[profile qa]` in the credentials file both name
    // something other than profile "qa".
    let qa = provide(home.env(&[("AWS_PROFILE", "qa")])).unwrap_err();
    assert!(qa.contains("profile \"qa\" not found in"), "{qa}");

    // The credentials file is read first.
    home.credentials("[dev]\naws_access_key_id = AKID_CREDS_DEV\naws_secret_access_key = S\n");
    let dev = provide(home.env(&[("AWS_PROFILE", "dev")])).unwrap();
    assert_eq!(dev.access_key_id(), "AKID_CREDS_DEV");
}

#[test]
fn default_profile_in_config_file_with_or_without_prefix() {
    for header in ["[default]", "[profile default]"] {
        let home = Home::new();
        home.config(&format!("{header}\naws_access_key_id = AKID_CONFIG\naws_secret_access_key = S\n"));
        assert_eq!(provide(home.env(&[])).unwrap().access_key_id(), "AKID_CONFIG", "{header}");
    }
}

#[test]
fn keys_are_not_mixed_across_files() {
    let home = Home::new();
    let creds_path = home.credentials("[default]\naws_access_key_id = AKID_CREDS\n");
    home.config("[default]\naws_secret_access_key = SECRET_CONFIG\n");
    let err = provide(home.env(&[])).unwrap_err();
    let expected = format!("profile \"default\" in {} has no aws_secret_access_key", creds_path.display());
    assert!(err.contains(&expected), "{err}");
}

#[test]
fn failure_lists_every_source_tried() {
    let home = Home::new();
    let creds_path = home.credentials(CREDENTIALS_FILE);
    let err = DefaultCredentialsChain::new(home.env(&[("AWS_PROFILE", "nope")])).credentials().unwrap_err();
    let config_path = home.path().join(".aws/config");
    assert_eq!(
        err.tried(),
        [
            "environment variables: AWS_ACCESS_KEY_ID not set".to_owned(),
            format!("profile: profile \"nope\" not found in {}", creds_path.display()),
            format!("profile: {} not found", config_path.display()),
        ]
    );
    assert!(err
        .to_string()
        .starts_with("no AWS credentials found: environment variables: AWS_ACCESS_KEY_ID not set; "));
}

#[test]
fn files_are_read_again_on_every_call() {
    let home = Home::new();
    let chain = DefaultCredentialsChain::new(home.env(&[]));
    assert!(chain.credentials().is_err());
    home.credentials("[default]\naws_access_key_id = AKID_LATER\naws_secret_access_key = S\n");
    assert_eq!(chain.credentials().unwrap().access_key_id(), "AKID_LATER");
}

#[test]
fn file_locations_come_from_the_environment() {
    let home = Home::new();
    home.write("elsewhere/creds", "[default]\naws_access_key_id = AKID_ELSEWHERE\naws_secret_access_key = S\n");
    let config = home.write("abs/cfg", "[default]\nregion = eu-north-1\n");
    let env = home
        .env(&[("AWS_SHARED_CREDENTIALS_FILE", "~/elsewhere/creds"), ("AWS_CONFIG_FILE", &config.to_string_lossy())]);
    assert_eq!(provide(env.clone()).unwrap().access_key_id(), "AKID_ELSEWHERE");
    assert_eq!(profile::resolve_region(&env).as_deref(), Some("eu-north-1"));
}

#[test]
fn region_resolution_order() {
    let home = Home::new();
    home.config("[default]\nregion = us-west-1\n[profile dev]\nregion = eu-central-1\n");
    home.credentials("[other]\nregion = from-credentials-file\n");
    let region = |vars: &[(&str, &str)]| profile::resolve_region(&home.env(vars));
    assert_eq!(
        region(&[("AWS_REGION", "r1"), ("AWS_DEFAULT_REGION", "r2"), ("AWS_PROFILE", "dev")]),
        Some("r1".to_owned())
    );
    assert_eq!(region(&[("AWS_DEFAULT_REGION", "r2"), ("AWS_PROFILE", "dev")]), Some("r2".to_owned()));
    assert_eq!(region(&[("AWS_PROFILE", "dev")]), Some("eu-central-1".to_owned()));
    assert_eq!(region(&[]), Some("us-west-1".to_owned()));
    // Only the config file holds regions.
    assert_eq!(region(&[("AWS_PROFILE", "other")]), None);
    assert_eq!(region(&[("AWS_PROFILE", "missing")]), None);
}

#[test]
fn endpoint_url_resolution_order() {
    let home = Home::new();
    home.config(
        "[default]\nendpoint_url = http://from-config\n\
         [profile ignoring]\nendpoint_url = http://ignored\nignore_configured_endpoint_urls = true\n",
    );
    let url = |vars: &[(&str, &str)]| profile::resolve_endpoint_url(&home.env(vars), "ELASTICACHE");
    let all = [("AWS_ENDPOINT_URL_ELASTICACHE", "http://service-var"), ("AWS_ENDPOINT_URL", "http://global-var")];
    assert_eq!(url(&all), Some("http://service-var".to_owned()));
    assert_eq!(url(&all[1..]), Some("http://global-var".to_owned()));
    assert_eq!(url(&[]), Some("http://from-config".to_owned()));
    // Another service's variable does not apply.
    assert_eq!(url(&[("AWS_ENDPOINT_URL_S3", "http://s3")]), Some("http://from-config".to_owned()));
    // The suffix is normalized the way the variable names are written.
    assert_eq!(profile::resolve_endpoint_url(&home.env(&all), "elasticache"), Some("http://service-var".to_owned()));

    let ignore = ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
    assert_eq!(url(&[ignore, all[0], all[1]]), None);
    assert_eq!(url(&[ignore]), None);
    assert_eq!(url(&[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE")]), None);
    // The profile setting ignores everything too, unless the variable says otherwise.
    assert_eq!(url(&[("AWS_PROFILE", "ignoring"), all[1]]), None);
    assert_eq!(
        url(&[("AWS_PROFILE", "ignoring"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false")]),
        Some("http://ignored".to_owned())
    );
}

#[test]
fn malformed_line_is_an_error_naming_file_and_line() {
    let home = Home::new();
    let path = home.config("# settings\n[default]\nregion us-east-1\n");
    let err = profile::load(&home.env(&[])).unwrap_err();
    assert_eq!(err.path(), path);
    assert_eq!(err.line(), Some(3));
    let shown = err.to_string();
    assert!(shown.starts_with(&format!("{}:3: ", path.display())), "{shown}");
    // The credentials chain reports it as the reason the files gave nothing.
    let chain_err = provide(home.env(&[])).unwrap_err();
    assert!(chain_err.contains(&shown), "{chain_err}");
    // Region lookup treats the broken file as having no region.
    assert_eq!(profile::resolve_region(&home.env(&[])), None);
}

#[test]
fn malformed_line_error_does_not_quote_the_line() {
    let home = Home::new();
    home.credentials("[default]\naws_secret_access_key SECRET_IN_BAD_LINE\n");
    let err = profile::load(&home.env(&[])).unwrap_err();
    assert_eq!(err.line(), Some(2));
    assert!(!format!("{err} {err:?}").contains("SECRET_IN_BAD_LINE"));
}

#[test]
fn invalid_utf8_is_an_error_with_its_line() {
    let home = Home::new();
    let path = home.config("[default]\nregion = us-east-1\n");
    fs::write(&path, b"[default]\nregion = us-east-1\nname = \xff\n").unwrap();
    let err = profile::load(&home.env(&[])).unwrap_err();
    assert_eq!((err.path(), err.line()), (path.as_path(), Some(3)));
}

#[test]
fn missing_files_are_not_an_error() {
    let home = Home::new();
    let files = profile::load(&home.env(&[])).unwrap();
    assert!(!files.credentials().exists());
    assert!(!files.config().exists());
    assert_eq!(files.get("default", "region"), None);
    assert_eq!(profile::resolve_region(&home.env(&[])), None);
    assert_eq!(profile::resolve_endpoint_url(&home.env(&[]), "ELASTICACHE"), None);
}

#[test]
fn unreadable_file_is_an_error() {
    let home = Home::new();
    // A directory where the file should be cannot be read as one.
    fs::create_dir_all(home.path().join(".aws/config")).unwrap();
    let err = profile::load(&home.env(&[])).unwrap_err();
    assert_eq!(err.line(), None);
    assert!(err.to_string().contains("cannot read"), "{err}");
}

/// Issue 12, finding 11: `AWS_SHARED_CREDENTIALS_FILE=/dev/zero` was read until memory ran
/// out. Now at most `MAX_FILE_SIZE + 1` bytes are read and the file is an error naming it.
#[cfg(unix)]
#[test]
fn an_endless_file_is_an_error_naming_it() {
    let home = Home::new();
    for var in ["AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE"] {
        let env = home.env(&[(var, "/dev/zero")]);
        let err = profile::load(&env).unwrap_err();
        assert_eq!(err.path(), Path::new("/dev/zero"), "{var}");
        assert_eq!(err.line(), None);
        assert!(err.to_string().starts_with("/dev/zero: larger than 16 MiB"), "{err}");
        let chain_err = provide(home.env(&[(var, "/dev/zero")])).unwrap_err();
        assert!(chain_err.contains(&err.to_string()), "{chain_err}");
    }
    // Region and endpoint lookups treat it as having no settings, and return.
    let env = home.env(&[("AWS_CONFIG_FILE", "/dev/zero")]);
    assert_eq!(profile::resolve_region(&env), None);
    assert_eq!(profile::resolve_endpoint_url(&env, "ELASTICACHE"), None);
}

/// A regular file one byte over the cap is refused; one of exactly the cap is read.
#[test]
fn files_over_the_size_cap_are_errors() {
    let home = Home::new();
    let head = "[default]\nregion = us-west-2\n";
    let cap = profile::MAX_FILE_SIZE as usize;
    let at_cap = head.to_owned() + &"#".repeat(cap - head.len() - 1) + "\n";
    assert_eq!(at_cap.len(), cap);
    let path = home.config(&at_cap);
    assert_eq!(profile::resolve_region(&home.env(&[])).as_deref(), Some("us-west-2"));
    fs::write(&path, at_cap + "\n").unwrap();
    let err = profile::load(&home.env(&[])).unwrap_err();
    assert_eq!(err.path(), path);
    assert!(err.message().contains("larger than 16 MiB"), "{err}");
    assert_eq!(profile::resolve_region(&home.env(&[])), None);
}

#[test]
fn credentials_file_value_shadows_config_file_value() {
    let home = Home::new();
    home.credentials("[default]\nregion = from-credentials\n");
    home.config("[default]\nregion = from-config\noutput = json\n");
    let files = profile::load(&home.env(&[])).unwrap();
    assert_eq!(files.get("default", "region"), Some("from-credentials"));
    assert_eq!(files.get("default", "output"), Some("json"));
    assert_eq!(files.config().get("default", "region"), Some("from-config"));
}

#[test]
fn debug_output_never_shows_secrets() {
    let home = Home::new();
    home.credentials("[default]\naws_access_key_id = AKID_SHOWN\naws_secret_access_key = SECRET_FILE\naws_session_token = TOKEN_FILE\n");
    let env = home.env(&[("AWS_SECRET_ACCESS_KEY", "SECRET_ENV"), ("AWS_SESSION_TOKEN", "TOKEN_ENV")]);
    let credentials = provide(env.clone()).unwrap();
    let shown = [
        format!("{credentials:?}"),
        format!("{:?}", profile::load(&env).unwrap()),
        format!("{env:?}"),
        format!("{:?}", DefaultCredentialsChain::new(env.clone())),
    ];
    for text in &shown {
        for secret in ["SECRET_FILE", "TOKEN_FILE", "SECRET_ENV", "TOKEN_ENV"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    assert!(shown[0].contains("AKID_SHOWN"), "{}", shown[0]);
}
