//! A service model of either format through the whole generator in memory: load → IR → emit →
//! format. A model that loads must generate (an emit error is a generator bug); one that does
//! not load must say so as `file: json.path: what is wrong`.
//!
//! The custom mutator ([`awsgen_fuzz::mutate`]) edits the model as a JSON tree (shapes,
//! members, references, types, names, nesting), falling back to libFuzzer's byte mutations.

#![no_main]

use awsgen_codegen::{Error, ModelFiles, Options};
use awsgen_fuzz::mutate::{mutate, Flavor};
use libfuzzer_sys::{fuzz_mutator, fuzz_target};

const FILE: &str = "fuzz-model.json";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let svc = match awsgen_codegen::load(&ModelFiles::new((FILE, text))) {
        Ok(svc) => svc,
        Err(e) => {
            // The file, or a part of it (`fuzz-model.json (smithy.rules#endpointRuleSet)`).
            assert!(e.file.starts_with(FILE), "a model error names another file: {e}");
            let _ = e.to_string();
            return;
        }
    };
    let opts = Options {
        crate_name: "awsgen-fuzz-model".into(),
        runtime_path: "../../runtime".into(),
        command: "cargo xtask fuzz".into(),
    };
    match awsgen_codegen::generate(&svc, &opts).map_err(Error::from) {
        Ok(files) => assert!(!files.is_empty()),
        Err(e) => panic!("a model that loads fails to generate: {e}"),
    }
});

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    mutate(data, size, max_size, seed, Flavor::Model)
});
