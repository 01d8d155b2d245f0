//! Every `json` and `rest-json` model of the botocore 1.44.8 sdist loads into the IR.
//!
//! The sdist is not in the repository (17 MB): unpack it at `target/botocore-1.44.8` (see the
//! shared README's `pip download` line) to run this sweep; without it the test says so and
//! passes. Each model is loaded alone and with its paginators, waiters and endpoint rule set;
//! a failure names the model and the error.

use std::path::{Path, PathBuf};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/botocore-1.44.8/botocore/data");

/// Every `<service>/<version>/service-2.json` under `data`, in path order.
fn models(data: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut services: Vec<PathBuf> = std::fs::read_dir(data).unwrap().map(|e| e.unwrap().path()).collect();
    services.sort();
    for svc in services.iter().filter(|p| p.is_dir()) {
        let mut versions: Vec<PathBuf> = std::fs::read_dir(svc).unwrap().map(|e| e.unwrap().path()).collect();
        versions.sort();
        out.extend(versions.into_iter().map(|v| v.join("service-2.json")).filter(|p| p.is_file()));
    }
    out
}

/// The model's `metadata.protocol`.
fn protocol(text: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    v["metadata"]["protocol"].as_str().unwrap_or_default().to_string()
}

#[test]
fn every_json_and_rest_json_model_loads() {
    let data = Path::new(DATA);
    if !data.is_dir() {
        println!("skipped: no botocore sdist at {DATA} (unpack botocore 1.44.8 there to run the sweep)");
        return;
    }
    let (mut loaded, mut failed) = (0, Vec::new());
    let (mut with_side_files, mut side_failed) = (0, Vec::new());
    let mut omitted = 0;
    for path in models(data) {
        let text = std::fs::read_to_string(&path).unwrap();
        if !matches!(protocol(&text).as_str(), "json" | "rest-json") {
            continue;
        }
        let name = path.strip_prefix(data).unwrap().display().to_string();
        match awsgen_codegen::load_botocore(&name, &text) {
            Ok(svc) => {
                loaded += 1;
                omitted += svc.omitted_operations.len();
            }
            Err(e) => failed.push(e.to_string()),
        }
        let dir = path.parent().unwrap();
        let side = |f: &str| std::fs::read_to_string(dir.join(f)).ok();
        let (p, w, r) = (side("paginators-1.json"), side("waiters-2.json"), side("endpoint-rule-set-1.json"));
        let files = awsgen_codegen::ModelFiles {
            service: (&name, &text),
            paginators: p.as_deref().map(|t| ("paginators-1.json", t)),
            waiters: w.as_deref().map(|t| ("waiters-2.json", t)),
            endpoint_rules: r.as_deref().map(|t| ("endpoint-rule-set-1.json", t)),
        };
        match awsgen_codegen::load(&files) {
            Ok(_) => with_side_files += 1,
            Err(e) => side_failed.push(format!("{name}: {e}")),
        }
    }
    println!("{loaded} json/rest-json models load ({omitted} event-stream operations left out)");
    println!("{with_side_files} load with their paginators, waiters and endpoint rules");
    for f in &side_failed {
        println!("  with side files: {f}");
    }
    assert!(failed.is_empty(), "{} models fail to load:\n{}", failed.len(), failed.join("\n"));
    assert!(loaded > 300, "only {loaded} json/rest-json models found under {DATA}");
}
