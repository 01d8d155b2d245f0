//! smithy-rs's `assume-role-tests.json` (vendored in `tests/data/aws-config/`): each case's
//! profiles and selected profile go through `profile_chain::resolve`, and the chain must be the
//! expected one, field for field. Error cases are checked in our own words: the error's kind,
//! and that it names the profile(s) at fault. `assume_role_summary` prints one line,
//! `assume-role-tests.json: 28 passed, 0 failed`, which `cargo xtask test` collects.

use awsgen_config::profile_chain::{self, BaseProvider, ErrorKind, ProfileChain, ProfileMaps, Sections};
use serde_json::{json, Map, Value};

const FILE: &str = "assume-role-tests.json";
/// The cases the vendored file holds: a case lost or added is noticed.
const CASES: usize = 28;

fn cases() -> Vec<Value> {
    let path = format!("{}/tests/data/aws-config/{FILE}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str::<Vec<Value>>(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn sections(v: Option<&Value>) -> Sections {
    let Some(Value::Object(sections)) = v else { return Sections::new() };
    sections
        .iter()
        .map(|(name, kv)| {
            let kv = kv.as_object().expect("a section is an object");
            (name.clone(), kv.iter().map(|(k, v)| (k.clone(), v.as_str().expect("a string").to_string())).collect())
        })
        .collect()
}

/// Our chain in the file's terms.
fn as_json(chain: &ProfileChain) -> Value {
    fn put(m: &mut Map<String, Value>, k: &str, v: Option<&str>) {
        if let Some(v) = v {
            m.insert(k.into(), json!(v));
        }
    }
    let base = match &chain.base {
        BaseProvider::AccessKey(c) => {
            let mut m = Map::new();
            put(&mut m, "access_key_id", Some(c.access_key_id()));
            put(&mut m, "secret_access_key", Some(c.secret_access_key()));
            put(&mut m, "session_token", c.session_token());
            put(&mut m, "account_id", c.account_id());
            json!({ "AccessKey": m })
        }
        BaseProvider::CredentialSource(s) => json!({ "NamedSource": s.name() }),
        BaseProvider::WebIdentityToken(w) => {
            let mut m = Map::new();
            put(&mut m, "role_arn", Some(&w.role_arn));
            put(&mut m, "web_identity_token_file", Some(&w.token_file));
            put(&mut m, "role_session_name", w.session_name.as_deref());
            json!({ "WebIdentityToken": m })
        }
        BaseProvider::Sso(s) => {
            let mut m = Map::new();
            put(&mut m, "sso_session", s.session_name.as_deref());
            put(&mut m, "sso_region", Some(&s.region));
            put(&mut m, "sso_start_url", Some(&s.start_url));
            put(&mut m, "sso_account_id", s.account_id.as_deref());
            put(&mut m, "sso_role_name", s.role_name.as_deref());
            json!({ "Sso": m })
        }
        BaseProvider::CredentialProcess(c) => json!({ "CredentialProcess": c.0 }),
    };
    let roles = chain.roles.iter().map(|r| {
        let mut m = Map::new();
        put(&mut m, "role_arn", Some(&r.role_arn));
        put(&mut m, "external_id", r.external_id.as_deref());
        put(&mut m, "role_session_name", r.session_name.as_deref());
        if let Some(d) = r.duration_seconds {
            m.insert("duration_seconds".into(), json!(d));
        }
        json!({ "AssumeRole": m })
    });
    Value::Array(std::iter::once(base).chain(roles).collect())
}

/// Each error the file expects, by its text, as what we say instead: the kind, and the names
/// (profiles, sso-sessions) our message must mention.
fn expected_error(message: &str) -> Option<(ErrorKind, &'static [&'static str])> {
    Some(match message {
        "profile must contain `source_profile`" => (ErrorKind::NoSource, &["A"]),
        "profile contained both source_profile and credential_source" => (ErrorKind::ConflictingSources, &["A"]),
        "profile missing aws_secret_access_key" => (ErrorKind::MissingKey, &["B", "aws_secret_access_key"]),
        "profile missing aws_access_key_id" => (ErrorKind::MissingKey, &["B", "aws_access_key_id"]),
        "profile `B` did not contain credential information" => (ErrorKind::NoCredentials, &["B"]),
        "profile `A` did not contain credential information" => (ErrorKind::NoCredentials, &["A"]),
        "could not find source profile B referenced from A" => (ErrorKind::SourceProfileNotFound, &["A", "B"]),
        "No profiles were defined" => (ErrorKind::ProfileNotFound, &["A"]),
        "profile formed an infinite loop" => (ErrorKind::Loop, &["A", "B"]),
        "`role_arn` was missing" => (ErrorKind::MissingKey, &["A", "role_arn"]),
        "if `sso_role_name` is set, then `sso_account_id` must also be set" => {
            (ErrorKind::MissingKey, &["A", "sso_account_id"])
        }
        "if `sso_account_id` is set, then `sso_role_name` must also be set" => {
            (ErrorKind::MissingKey, &["A", "sso_role_name"])
        }
        "`sso_region` can only be specified in the [sso-session] config when a session name is given" => {
            (ErrorKind::SsoSessionConflict, &["A", "sso_region"])
        }
        "sso-session named `oops` (referenced by profile `A`) was not found" => {
            (ErrorKind::SsoSessionNotFound, &["A", "oops"])
        }
        _ => return None,
    })
}

fn check(case: &Value) -> Result<(), String> {
    let input = &case["input"];
    let maps =
        ProfileMaps { profiles: sections(input.get("profiles")), sso_sessions: sections(input.get("sso_sessions")) };
    let selected = input["selected_profile"].as_str().ok_or("no selected_profile")?;
    let got = profile_chain::resolve(&maps, selected);
    let output = &case["output"];
    if let Some(expected) = output.get("ProfileChain") {
        let chain = got.map_err(|e| format!("expected a chain, got the error: {e}"))?;
        let ours = as_json(&chain);
        return if &ours == expected { Ok(()) } else { Err(format!("expected {expected}, got {ours}")) };
    }
    let message = output["Error"].as_str().ok_or("output is neither ProfileChain nor Error")?;
    let (kind, names) = expected_error(message).ok_or_else(|| format!("no kind known for the error {message:?}"))?;
    let err = match got {
        Ok(chain) => return Err(format!("expected an error ({message}), got {chain:?}")),
        Err(e) => e,
    };
    if err.kind() != kind {
        return Err(format!("expected a {kind:?} error, got {:?}: {err}", err.kind()));
    }
    let shown = err.to_string();
    for name in names {
        if !shown.contains(&format!("`{name}`")) && !shown.contains(name) {
            return Err(format!("the error should name {name}: {shown}"));
        }
    }
    let profiles = err.profiles();
    for name in names.iter().filter(|n| n.len() == 1) {
        if !profiles.contains(name) {
            return Err(format!("profiles() should list {name}: {profiles:?}"));
        }
    }
    Ok(())
}

#[test]
fn assume_role_summary() {
    let cases = cases();
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        if let Err(why) = check(case) {
            failures.push(format!("case {i} ({}): {why}", case["docs"].as_str().unwrap_or("?")));
        }
    }
    let passed = cases.len() - failures.len();
    println!("{FILE}: {passed} passed, {} failed", failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(passed, CASES, "{FILE} should hold {CASES} cases");
}
