//! smithy-rs's configuration conformance vectors (`data/aws-config/`, see its PROVENANCE.md),
//! every case run against `awsgen_runtime::profile`:
//!
//! - `profile-parser-tests.json`: the two files' texts give exactly the expected profiles (names,
//!   keys, values as the specification writes them) and `sso-session` sections, or an error
//!   whose message contains the expected text;
//! - `file-location-tests.json`: an environment and a platform (Linux or Windows, chosen by
//!   parameter, so both run everywhere) give the expected file paths and selected profile.
//!
//! Each prints one summary line, `<file>: N passed, M failed, K skipped`, and checks the number
//! of cases, so a file that silently lost its cases fails.

use std::collections::BTreeMap;
use std::path::PathBuf;

use awsgen_runtime::profile::{self, location, Environment, FileKind, Platform, ProfileSet, Property, Section};
use serde_json::Value;

const PARSER_CASES: usize = 65;
const LOCATION_CASES: usize = 9;

/// Name → key → value: how the vectors write sections.
type Sections = BTreeMap<String, BTreeMap<String, String>>;

fn vectors(file: &str) -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/aws-config").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    json["tests"].as_array().unwrap_or_else(|| panic!("{}: no `tests` array", path.display())).clone()
}

/// Runs every case, prints the summary line and fails listing every failed case.
fn run(file: &str, expected_cases: usize, check: fn(&Value) -> Result<(), String>) {
    let cases = vectors(file);
    let failures: Vec<String> = cases
        .iter()
        .enumerate()
        .filter_map(|(i, case)| check(case).err().map(|why| format!("case {i} {:?}: {why}", case["name"])))
        .collect();
    let summary = format!("{file}: {} passed, {} failed, 0 skipped", cases.len() - failures.len(), failures.len());
    println!("{summary}");
    assert!(failures.is_empty(), "{summary}\n\n{}", failures.join("\n"));
    assert_eq!(cases.len(), expected_cases, "{file}: expected {expected_cases} cases");
}

fn sections_of<'a>(sections: impl Iterator<Item = &'a Section>) -> Sections {
    sections
        .map(|s| {
            let properties = s.properties().iter().map(|(k, p)| (k.clone(), Property::value(p).to_owned()));
            (s.name().to_owned(), properties.collect())
        })
        .collect()
}

fn expected_sections(value: &Value) -> Result<Sections, String> {
    serde_json::from_value(value.clone()).map_err(|e| format!("unreadable expectation {value}: {e}"))
}

fn parser_case(case: &Value) -> Result<(), String> {
    let input = &case["input"];
    let text = |key: &str| input.get(key).and_then(Value::as_str).unwrap_or("");
    let parsed = ProfileSet::parse(text("configFile"), text("credentialsFile"));
    let output = &case["output"];
    if let Some(expected) = output.get("errorContaining").and_then(Value::as_str) {
        return match parsed {
            Err(e) if e.message().contains(expected) => Ok(()),
            Err(e) => Err(format!("error `{e}` does not contain {expected:?}")),
            Ok(set) => Err(format!("parsed {set:?}; expected an error containing {expected:?}")),
        };
    }
    let set = parsed.map_err(|e| format!("unexpected error `{e}`"))?;
    let expected = &output["config"];
    let profiles = sections_of(set.profile_names().filter_map(|name| set.profile(name)));
    let want = expected_sections(&expected["profiles"])?;
    if profiles != want {
        return Err(format!("profiles {profiles:?}, expected {want:?}"));
    }
    if let Some(sessions) = expected.get("sso_sessions") {
        let got = sections_of(set.sso_session_names().filter_map(|name| set.sso_session(name)));
        let want = expected_sections(sessions)?;
        if got != want {
            return Err(format!("sso_sessions {got:?}, expected {want:?}"));
        }
    }
    Ok(())
}

fn location_case(case: &Value) -> Result<(), String> {
    let vars: BTreeMap<String, String> =
        serde_json::from_value(case["environment"].clone()).map_err(|e| format!("environment: {e}"))?;
    let env = Environment::from_vars(vars);
    let platform = match case["platform"].as_str() {
        Some("windows") => Platform::Windows,
        Some("linux") => Platform::Unix,
        other => return Err(format!("unknown platform {other:?}")),
    };
    for (kind, key) in [(FileKind::Config, "configLocation"), (FileKind::Credentials, "credentialsLocation")] {
        let got = location::file_location(&env, kind, platform);
        let want = case[key].as_str().ok_or(format!("no {key}"))?;
        if got.to_str() != Some(want) {
            return Err(format!("{key}: {}, expected {want}", got.display()));
        }
    }
    if let Some(want) = case.get("profile").and_then(Value::as_str) {
        let got = profile::selected_profile(&env);
        if got != want {
            return Err(format!("profile {got:?}, expected {want:?}"));
        }
    }
    Ok(())
}

#[test]
fn profile_parser_tests() {
    run("profile-parser-tests.json", PARSER_CASES, parser_case);
}

#[test]
fn file_location_tests() {
    run("file-location-tests.json", LOCATION_CASES, location_case);
}
