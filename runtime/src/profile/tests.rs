//! The parser's and the set's rules one by one (the spec's own vectors run in
//! `runtime/tests/profile_conformance.rs`).

use super::parse::parse;
use super::*;

fn config(text: &str) -> ProfileSet {
    ProfileSet::parse(text, "").unwrap()
}

fn value<'a>(set: &'a ProfileSet, profile: &str, key: &str) -> &'a str {
    set.profile(profile).and_then(|p| p.property(key)).map(Property::value).unwrap_or("<unset>")
}

#[test]
fn config_sections_name_profiles() {
    let p = config(
        "[default]\nregion = us-east-1\n[profile dev]\nregion=eu-west-1\n\
         [sso-session s]\nregion = x\n[dev]\nregion = y\n[profile  spaced ]\nk = v\n",
    );
    assert_eq!(p.get("default", "region"), Some("us-east-1"));
    assert_eq!(p.get("dev", "region"), Some("eu-west-1"));
    assert_eq!(p.get("spaced", "k"), Some("v"));
    assert_eq!(p.profile_names().collect::<Vec<_>>(), ["default", "dev", "spaced"]);
    assert_eq!(p.sso_session("s").and_then(|s| s.get("region")), Some("x"));
}

#[test]
fn profile_default_wins_over_bare_default() {
    let p = config("[default]\nregion = us-east-1\nbare = 1\n[profile default]\nregion = ap-south-1\n");
    assert_eq!(p.get("default", "region"), Some("ap-south-1"));
    assert_eq!(p.get("default", "bare"), None);
    let p = config("[default]\nregion = us-east-1\n[default]\nother = 2\n");
    assert_eq!((p.get("default", "region"), p.get("default", "other")), (Some("us-east-1"), Some("2")));
}

#[test]
fn credentials_sections_are_literal() {
    let p = ProfileSet::parse("", "[profile dev]\na = 1\n[dev]\nb = 2\n[default]\nc = 3\n").unwrap();
    assert_eq!(p.profile_names().collect::<Vec<_>>(), ["default", "dev"]);
    assert_eq!(p.get("dev", "b"), Some("2"));
}

/// Issue 16: `region = us-east-1 # note` kept the comment.
#[test]
fn comments_after_whitespace_end_a_value() {
    let p = config(
        "# c\n; c\n\n[default] # trailing\n  \nregion = us-east-1 # note\noutput = json;not a comment\n\
         \t; indented comment\nkey = a ; b\n",
    );
    assert_eq!(p.get("default", "region"), Some("us-east-1"));
    assert_eq!(p.get("default", "output"), Some("json;not a comment"));
    assert_eq!(p.get("default", "key"), Some("a"));
}

#[test]
fn keys_are_case_insensitive_and_names_are_not() {
    let p = config("[profile Dev]\nRegion  =  us-west-2  \nregion=x=y\nAWS_Access_Key_ID = K\n");
    assert_eq!(p.get("Dev", "region"), Some("x=y"));
    assert_eq!(p.get("Dev", "REGION"), Some("x=y"));
    assert_eq!(p.get("Dev", "aws_access_key_id"), Some("K"));
    assert!(p.profile("dev").is_none());
}

#[test]
fn indented_lines_continue_or_nest() {
    let p = config(
        "[default]\ns3 =\n  max_concurrent_requests = 20\n  Addressing_Style = path # virtual\n\
         region = us-east-1\n  more\nafter = 1\n",
    );
    assert_eq!(value(&p, "default", "s3"), "\nmax_concurrent_requests = 20\nAddressing_Style = path # virtual");
    let s3 = p.profile("default").unwrap().sub_properties("s3").unwrap();
    assert_eq!(s3.get("max_concurrent_requests").map(String::as_str), Some("20"));
    assert_eq!(s3.get("addressing_style").map(String::as_str), Some("path"));
    assert_eq!(p.get("default", "region"), Some("us-east-1\nmore"));
    assert_eq!(p.profile("default").unwrap().sub_properties("region"), None);
    assert_eq!(p.get("default", "after"), Some("1"));
}

#[test]
fn invalid_names_are_ignored() {
    let p = config("[profile a b]\nx = 1\n[profile ok]\nin valid = 1\nfine = 2\n  more\n[]\ny = 3\n");
    assert_eq!(p.profile_names().collect::<Vec<_>>(), ["ok"]);
    assert_eq!(p.profile("ok").unwrap().keys().collect::<Vec<_>>(), ["fine"]);
}

#[test]
fn malformed_lines_name_their_line() {
    let cases: [(&str, usize, &str); 8] = [
        ("[default]\nregion us-east-1\n", 2, "Expected an '=' sign defining a property"),
        ("region = x\n", 1, "Expected a profile definition"),
        ("[default\n", 1, "Profile definition must end with ']'"),
        ("\n\n[default] junk\n", 3, "Profile definition must end with ']'"),
        ("[default]\n= value\n", 2, "Property did not have a name"),
        ("[default]\n  continued\n", 2, "Expected a property definition, found continuation"),
        ("[default]\ns3 =\n  nothing\n", 3, "Expected an '=' sign defining a sub-property"),
        ("[default]\ns3 =\n  = 1\n", 3, "Sub-property did not have a name"),
    ];
    for (text, line, why) in cases {
        assert_eq!(parse(text, FileKind::Config).unwrap_err(), (line, why), "{text:?}");
        let err = ProfileSet::parse(text, "").unwrap_err();
        assert_eq!(err.to_string(), format!("<config>:{line}: {why}"));
    }
}

#[test]
fn empty_value_reads_as_unset() {
    let p = config("[default]\nregion =\n");
    assert!(p.profile("default").is_some());
    assert_eq!(p.get("default", "region"), None);
    assert_eq!(value(&p, "default", "region"), "");
}

#[test]
fn credentials_file_values_win_per_key() {
    let p = ProfileSet::parse("[profile a]\nx = 1\ny = 2\n[sso-session s]\nk = v\n", "[a]\ny = 3\n[sso-session s]\n")
        .unwrap();
    assert_eq!((p.get("a", "x"), p.get("a", "y")), (Some("1"), Some("3")));
    assert_eq!(p.profile("a").unwrap().property("x").unwrap().file(), Some(FileKind::Config));
    assert_eq!(p.file_of("a", "y"), Some(Path::new("<credentials>")));
    assert!(p.profile("sso-session s").is_none() && p.sso_session("s").is_some());
}

#[test]
fn services_sections_give_per_service_settings() {
    let p = config(
        "[default]\nservices = local\n[services local]\ns3 =\n  endpoint_url = http://localhost:4566\n\
         DynamoDB =\n  Endpoint_URL = http://localhost:8000\n",
    );
    assert_eq!(p.service_setting("default", "s3", "endpoint_url"), Some("http://localhost:4566"));
    assert_eq!(p.service_setting("default", "dynamodb", "ENDPOINT_URL"), Some("http://localhost:8000"));
    assert_eq!(p.service_setting("default", "sqs", "endpoint_url"), None);
    assert!(p.services("local").is_some() && p.profile("local").is_none());
}

#[test]
fn from_sections_builds_profiles_and_sessions() {
    let map = |pairs: &[(&str, &[(&str, &str)])]| {
        pairs
            .iter()
            .map(|(name, kv)| (name.to_string(), kv.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()))
            .collect()
    };
    let set = ProfileSet::from_sections(
        "A",
        map(&[("A", &[("Role_Arn", "arn:r"), ("source_profile", "B")]), ("B", &[])]),
        map(&[("s", &[("sso_region", "us-east-1")])]),
    );
    assert_eq!(set.selected_profile(), "A");
    assert_eq!(set.selected().and_then(|p| p.get("role_arn")), Some("arn:r"));
    assert_eq!(set.sso_session("s").and_then(|s| s.get("sso_region")), Some("us-east-1"));
    assert_eq!(set.with_selected_profile("B").selected().map(Section::name), Some("B"));
}

#[test]
fn debug_shows_names_and_keys_never_values() {
    let p = ProfileSet::parse("[default]\nregion = r\n", "[default]\naws_secret_access_key = SECRET\n").unwrap();
    let shown = format!("{p:?} {:?}", p.profile("default").unwrap().property("aws_secret_access_key"));
    assert!(shown.contains("aws_secret_access_key") && !shown.contains("SECRET"), "{shown}");
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
    let windows = Environment::from_vars([("USERPROFILE", "C:\\Users\\u\\"), ("AWS_CONFIG_FILE", "~\\cfg")]);
    let at = |kind| location::file_location(&windows, kind, Platform::Windows);
    assert_eq!(at(FileKind::Config), PathBuf::from("C:\\Users\\u\\cfg"));
    assert_eq!(at(FileKind::Credentials), PathBuf::from("C:\\Users\\u\\.aws\\credentials"));
    // Unix reads neither USERPROFILE nor `~\`.
    assert_eq!(location::file_location(&windows, FileKind::Config, Platform::Unix), PathBuf::from("~\\cfg"));
}

#[test]
fn unknown_home_means_missing_files() {
    let env = Environment::from_vars(Vec::<(String, String)>::new());
    let files = load(&env).unwrap();
    assert!(!files.credentials_file().exists());
    assert_eq!(files.config_file().path(), Path::new("~/.aws/config"));
}

#[test]
fn flags_from_environment_and_profile() {
    let env = |extra: &[(&str, &str)]| {
        let mut vars = vec![("HOME".to_owned(), "/h".to_owned())];
        vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Environment::from_vars(vars).with_file(
            "/h/.aws/config",
            "[default]\nuse_fips_endpoint = TRUE\n[profile odd]\nuse_fips_endpoint = yes\n",
        )
    };
    let fips = |e: &Environment| resolve_flag(e, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint");
    assert_eq!(fips(&env(&[])), Ok(Some(true)));
    assert_eq!(fips(&env(&[("AWS_USE_FIPS_ENDPOINT", "false")])), Ok(Some(false)));
    let bad = fips(&env(&[("AWS_USE_FIPS_ENDPOINT", "1")])).unwrap_err();
    assert!(bad.starts_with("AWS_USE_FIPS_ENDPOINT: expected"), "{bad}");
    let bad = fips(&env(&[("AWS_PROFILE", "odd")])).unwrap_err();
    assert!(bad.starts_with("/h/.aws/config (profile \"odd\", use_fips_endpoint)") && bad.contains("\"yes\""), "{bad}");
    assert_eq!(resolve_flag(&env(&[]), "AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint"), Ok(None));
}

#[test]
fn files_held_in_memory_are_read_and_others_are_missing() {
    let env = Environment::from_vars([("HOME", "/nonexistent-home"), ("AWS_CONFIG_FILE", "/etc/passwd")])
        .with_file("/nonexistent-home/.aws/credentials", "[default]\naws_access_key_id = AKID\n");
    let files = load(&env).unwrap();
    assert!(files.credentials_file().exists());
    assert_eq!(files.get("default", "aws_access_key_id"), Some("AKID"));
    // A path that is not held reads as missing, even one that exists on disk.
    assert!(!files.config_file().exists());
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
