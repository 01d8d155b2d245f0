//! The role chain beyond smithy-rs's vectors: `duration_seconds`, `credential_source` values,
//! `credential_process`, sso-session keys repeated in the profile, long chains, and the
//! adapter over the runtime's parsed shared files.

use awsgen_config::profile_chain::{
    self, BaseProvider, CredentialSource, ErrorKind, ProcessCommand, ProfileChainError, ProfileMaps,
};
use awsgen_runtime::profile::{self, Environment};

fn maps(profiles: &[(&str, &[(&str, &str)])], sessions: &[(&str, &[(&str, &str)])]) -> ProfileMaps {
    let conv = |s: &[(&str, &[(&str, &str)])]| {
        s.iter()
            .map(|(n, kv)| (n.to_string(), kv.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()))
            .collect()
    };
    ProfileMaps { profiles: conv(profiles), sso_sessions: conv(sessions) }
}

const KEYS: &[(&str, &str)] = &[("aws_access_key_id", "AKID"), ("aws_secret_access_key", "s3cr3t")];

#[test]
fn role_settings_are_carried_and_duration_is_checked() {
    let role = |duration: &'static str| {
        maps(
            &[
                (
                    "A",
                    &[
                        ("role_arn", "arn:aws:iam::123456789012:role/R"),
                        ("source_profile", "B"),
                        ("external_id", "ext"),
                        ("role_session_name", "s"),
                        ("duration_seconds", duration),
                    ],
                ),
                ("B", KEYS),
            ],
            &[],
        )
    };
    let chain = profile_chain::resolve(&role("3600"), "A").unwrap();
    let r = &chain.roles[0];
    assert_eq!(
        (r.profile.as_str(), r.external_id.as_deref(), r.session_name.as_deref()),
        ("A", Some("ext"), Some("s"))
    );
    assert_eq!(r.duration_seconds, Some(3600));
    for bad in ["60", "43201", "1h", "-900"] {
        let err = profile_chain::resolve(&role(bad), "A").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidValue, "{bad}");
        let shown = err.to_string();
        assert!(shown.contains("`A`") && shown.contains("duration_seconds") && shown.contains(bad), "{shown}");
    }
}

#[test]
fn credential_source_names_one_of_three_providers() {
    for (name, source) in [
        ("Environment", CredentialSource::Environment),
        ("Ec2InstanceMetadata", CredentialSource::Ec2InstanceMetadata),
        ("EcsContainer", CredentialSource::EcsContainer),
    ] {
        let m = maps(&[("A", &[("role_arn", "arn:r"), ("credential_source", name)])], &[]);
        assert_eq!(profile_chain::resolve(&m, "A").unwrap().base, BaseProvider::CredentialSource(source));
    }
    let m = maps(&[("A", &[("role_arn", "arn:r"), ("credential_source", "Imds")])], &[]);
    let err = profile_chain::resolve(&m, "A").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidValue);
    assert!(err.to_string().contains("credential_source") && err.to_string().contains("Imds"), "{err}");
}

#[test]
fn a_long_chain_is_followed_and_a_longer_loop_is_named_in_order() {
    let m = maps(
        &[
            ("A", &[("role_arn", "arn:a"), ("source_profile", "B")]),
            ("B", &[("role_arn", "arn:b"), ("source_profile", "C")]),
            ("C", &[("role_arn", "arn:c"), ("source_profile", "D")]),
            ("D", &[("credential_process", "/bin/creds --secret hunter2")]),
        ],
        &[],
    );
    let chain = profile_chain::resolve(&m, "A").unwrap();
    let arns: Vec<&str> = chain.roles.iter().map(|r| r.role_arn.as_str()).collect();
    assert_eq!(arns, ["arn:c", "arn:b", "arn:a"]);
    let BaseProvider::CredentialProcess(command) = &chain.base else { panic!("{chain:?}") };
    assert_eq!(command, &ProcessCommand("/bin/creds --secret hunter2".into()));
    let shown = format!("{chain:?}");
    assert!(shown.contains("/bin/creds") && !shown.contains("hunter2"), "{shown}");

    let looped = maps(
        &[
            ("A", &[("role_arn", "arn:a"), ("source_profile", "B")]),
            ("B", &[("role_arn", "arn:b"), ("source_profile", "C")]),
            ("C", &[("role_arn", "arn:c"), ("source_profile", "B")]),
        ],
        &[],
    );
    let err = profile_chain::resolve(&looped, "A").unwrap_err();
    assert_eq!(err, ProfileChainError::Loop { profiles: vec!["A".into(), "B".into(), "C".into(), "B".into()] });
    assert!(err.to_string().contains("`A` -> `B` -> `C` -> `B`"), "{err}");
}

#[test]
fn a_self_sourced_profile_needs_its_own_keys() {
    let m = maps(&[("A", &[("role_arn", "arn:a"), ("source_profile", "A")])], &[]);
    let err = profile_chain::resolve(&m, "A").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NoCredentials);
    assert_eq!(err.profiles(), ["A"]);
}

#[test]
fn sso_session_keys_may_be_repeated_with_the_same_value_only() {
    let session: &[(&str, &[(&str, &str)])] = &[("s", &[("sso_region", "eu-west-1"), ("sso_start_url", "https://x")])];
    let same = maps(
        &[("A", &[("sso_session", "s"), ("sso_region", "eu-west-1"), ("sso_account_id", "1"), ("sso_role_name", "r")])],
        session,
    );
    let BaseProvider::Sso(sso) = profile_chain::resolve(&same, "A").unwrap().base else { panic!() };
    assert_eq!(
        (sso.session_name.as_deref(), sso.region.as_str(), sso.start_url.as_str()),
        (Some("s"), "eu-west-1", "https://x")
    );
    assert_eq!((sso.account_id.as_deref(), sso.role_name.as_deref()), (Some("1"), Some("r")));
    let other = maps(&[("A", &[("sso_session", "s"), ("sso_start_url", "https://y")])], session);
    let err = profile_chain::resolve(&other, "A").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SsoSessionConflict);
    assert!(err.to_string().contains("sso_start_url") && err.to_string().contains("sso-session s"), "{err}");
    let no_region = maps(&[("A", &[("sso_session", "s")])], &[("s", &[("sso_start_url", "https://x")])]);
    let err = profile_chain::resolve(&no_region, "A").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MissingKey);
    assert!(err.to_string().contains("sso_region"), "{err}");
}

#[test]
fn legacy_sso_needs_all_four_keys() {
    let m = maps(&[("A", &[("sso_account_id", "1"), ("sso_role_name", "r"), ("sso_region", "us-east-1")])], &[]);
    let err = profile_chain::resolve(&m, "A").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MissingKey);
    assert!(err.to_string().contains("sso_start_url"), "{err}");
}

#[test]
fn errors_never_show_a_secret() {
    let m = maps(
        &[("A", &[("role_arn", "arn:a"), ("source_profile", "B")]), ("B", &[("aws_secret_access_key", "s3cr3t")])],
        &[],
    );
    let err = profile_chain::resolve(&m, "A").unwrap_err();
    assert!(!err.to_string().contains("s3cr3t") && !format!("{err:?}").contains("s3cr3t"), "{err}");
    assert!(!format!("{m:?}").contains("s3cr3t"));
}

#[test]
fn the_runtime_shared_files_are_a_profile_source() {
    let env = Environment::from_vars([("HOME", "/home/u")])
        .with_file("/home/u/.aws/config", "[profile A]\nrole_arn = arn:a\nsource_profile = B\n")
        .with_file("/home/u/.aws/credentials", "[B]\naws_access_key_id = AKID\naws_secret_access_key = s3cr3t\n");
    let files = profile::load(&env).unwrap();
    let chain = profile_chain::resolve(&files, "A").unwrap();
    let BaseProvider::AccessKey(keys) = &chain.base else { panic!("{chain:?}") };
    assert_eq!(keys.access_key_id(), "AKID");
    assert_eq!(chain.roles[0].role_arn, "arn:a");
    assert_eq!(profile_chain::resolve(&files, "C").unwrap_err().kind(), ErrorKind::ProfileNotFound);
}
