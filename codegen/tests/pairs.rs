//! Model → generated-code pairs: one small hand-written botocore model per HTTP-binding or shape
//! construct of the JSON protocols and restXml (`tests/pairs/<name>/service-2.json`) beside the code the
//! generator makes of it (`generated.rs`, committed), so a reviewer sees what each construct
//! generates. `generated_code_is_current` fails when the generator's output changes;
//! `AWSGEN_BLESS=1 cargo test -p awsgen-codegen --test pairs` rewrites the files.
//! `pairs_compiled.rs` compiles each and calls it.

use std::path::Path;

/// The pairs, by folder (and module) name.
const PAIRS: &[&str] =
    &["document", "error_header", "greedy_label", "header_list", "label", "payload_blob", "union", "xml_payload"];

fn generate(name: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pairs").join(name);
    let model = std::fs::read_to_string(dir.join("service-2.json")).expect("the pair's model");
    let svc = awsgen_codegen::load(&awsgen_codegen::ModelFiles::new(("service-2.json", &model)))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let opts = awsgen_codegen::ModuleOptions {
        root: format!("crate::{name}"),
        command: "AWSGEN_BLESS=1 cargo test -p awsgen-codegen --test pairs".into(),
    };
    awsgen_codegen::generate_module(&svc, &opts).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn generated_code_is_current() {
    let bless = std::env::var_os("AWSGEN_BLESS").is_some();
    let mut stale = Vec::new();
    for name in PAIRS {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pairs").join(name).join("generated.rs");
        let want = generate(name);
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        if have != want {
            if bless {
                std::fs::write(&path, want).expect("writing generated.rs");
            } else {
                stale.push(*name);
            }
        }
    }
    assert!(stale.is_empty(), "stale pairs {stale:?}: rerun with AWSGEN_BLESS=1");
}
