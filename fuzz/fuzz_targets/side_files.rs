//! botocore's side files (`paginators-1.json`, `waiters-2.json`, `endpoint-rule-set-1.json`)
//! with the ElastiCache model, through loading and generation. The input is a JSON object
//! whose keys are those file names and whose values are the files' contents (so the mutator
//! sees all three as one tree); an input that is not such an object is one raw file, chosen by
//! its first byte.

#![no_main]

use awsgen_codegen::{Error, ModelFiles, Options};
use awsgen_fuzz::mutate::{mutate, Flavor};
use libfuzzer_sys::{fuzz_mutator, fuzz_target};
use std::sync::Mutex;

const MODEL: &str = include_str!(env!("AWSGEN_FUZZ_ELASTICACHE_MODEL"));
const NAMES: [&str; 3] = ["paginators-1.json", "waiters-2.json", "endpoint-rule-set-1.json"];

/// IRs generated lately: generation is a pure function of the IR and costs a hundred times
/// more than loading, and most mutations of a file that loads change nothing the IR keeps.
static GENERATED: Mutex<Vec<awsgen_codegen::ir::Service>> = Mutex::new(Vec::new());
const REMEMBERED: usize = 8;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut files: [Option<String>; 3] = [None, None, None];
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(o)) => {
            for (i, name) in NAMES.iter().enumerate() {
                files[i] = o.get(*name).map(|v| v.to_string());
            }
        }
        _ => match text.char_indices().nth(1) {
            Some((at, _)) => files[usize::from(data[0]) % 3] = Some(text[at..].to_owned()),
            None => return,
        },
    }
    let side = |i: usize| files[i].as_deref().map(|t| (NAMES[i], t));
    let model_files = ModelFiles {
        service: ("service-2.json", MODEL),
        paginators: side(0),
        waiters: side(1),
        endpoint_rules: side(2),
    };
    let svc = match awsgen_codegen::load(&model_files) {
        Ok(svc) => svc,
        Err(e) => {
            assert!(NAMES.contains(&e.file.as_str()), "a side-file error names {:?}: {e}", e.file);
            return;
        }
    };
    {
        let mut seen = GENERATED.lock().unwrap_or_else(|e| e.into_inner());
        if seen.contains(&svc) {
            return;
        }
        if seen.len() == REMEMBERED {
            seen.remove(0);
        }
        seen.push(svc.clone());
    }
    let opts = Options {
        crate_name: "awsgen-elasticache".into(),
        runtime_path: "../../runtime".into(),
        command: "cargo xtask fuzz".into(),
    };
    if let Err(e) = awsgen_codegen::generate(&svc, &opts).map_err(Error::from) {
        panic!("side files that load fail to generate: {e}");
    }
});

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    mutate(data, size, max_size, seed, Flavor::SideFiles)
});
