//! Every `json` and `rest-json` model of the botocore 1.44.8 sdist loads into the IR.
//!
//! The sdist is not in the repository (17 MB): unpack it at `target/botocore-1.44.8` (see the
//! shared README's `pip download` line) to run this sweep; without it the test says so and
//! passes. Each model is loaded alone (and checked for what the emitters rely on) and with its
//! paginators, waiters and endpoint rule set; a failure names the model and the error.

use awsgen_codegen::ir::{Binding, HttpRoute, PathPart, Service, ShapeKind, Structure};
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

/// The model's `metadata.protocol` (read without building the whole document).
fn protocol(text: &str) -> String {
    #[derive(serde::Deserialize)]
    struct Model {
        metadata: Metadata,
    }
    #[derive(serde::Deserialize)]
    struct Metadata {
        protocol: String,
    }
    serde_json::from_str::<Model>(text).map(|m| m.metadata.protocol).unwrap_or_default()
}

/// What the JSON emitters rely on: operations' inputs and outputs are structures; each path
/// label names an input member bound to a label, and each such member has one label; members
/// bound to the URI or query string are inputs' and status codes outputs'; a payload is a
/// structure, union, document, blob or string; union variants are distinct and never
/// `Unknown`; awsJson routes are `POST /`.
fn check_invariants(svc: &Service) -> Result<(), String> {
    for op in &svc.operations {
        let (input, output) = (structure(svc, &op.input)?, structure(svc, &op.output)?);
        let labels: Vec<&str> = op
            .http
            .path
            .iter()
            .filter_map(|p| match p {
                PathPart::Label { member, .. } => Some(member.as_str()),
                PathPart::Literal(_) => None,
            })
            .collect();
        let bound: Vec<&str> =
            input.members.iter().filter(|m| m.binding == Binding::Label).map(|m| m.name.as_str()).collect();
        if labels.len() != bound.len() || labels.iter().any(|l| !bound.contains(l)) {
            return Err(format!("{}: labels {labels:?}, members bound to labels {bound:?}", op.name));
        }
        if let Some(m) = input.members.iter().find(|m| m.binding == Binding::StatusCode) {
            return Err(format!("{}: input member {} bound to the status code", op.name, m.name));
        }
        if let Some(m) = output
            .members
            .iter()
            .find(|m| matches!(m.binding, Binding::Label | Binding::Query(_) | Binding::QueryParams))
        {
            return Err(format!("{}: output member {} bound to the request line", op.name, m.name));
        }
        for m in input.members.iter().chain(&output.members).filter(|m| m.binding == Binding::Payload) {
            let ok = matches!(
                svc.shape(&m.target).kind,
                ShapeKind::Structure(_)
                    | ShapeKind::Union(_)
                    | ShapeKind::Document
                    | ShapeKind::Blob
                    | ShapeKind::String(_)
            );
            if !ok {
                return Err(format!("{}: payload {} of kind {:?}", op.name, m.name, svc.shape(&m.target).kind));
            }
        }
        if !svc.protocol.has_http_bindings() && op.http != HttpRoute::post_root() {
            return Err(format!("{}: an RPC operation at {:?}", op.name, op.http));
        }
    }
    for s in svc.shapes.values() {
        if let ShapeKind::Union(u) = &s.kind {
            let mut names: Vec<&str> = u.members.iter().map(|m| m.rust_name.as_str()).collect();
            names.sort();
            names.dedup();
            if names.len() != u.members.len() || names.contains(&"Unknown") {
                return Err(format!("union {}: variants {names:?}", s.id));
            }
        }
    }
    Ok(())
}

fn structure<'a>(svc: &'a Service, id: &str) -> Result<&'a Structure, String> {
    match &svc.shape(id).kind {
        ShapeKind::Structure(st) => Ok(st),
        other => Err(format!("{id} is {other:?}, not a structure")),
    }
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
        let dir = path.parent().unwrap();
        let side = |f: &str| std::fs::read_to_string(dir.join(f)).ok();
        let (p, w, r) = (side("paginators-1.json"), side("waiters-2.json"), side("endpoint-rule-set-1.json"));
        let files = awsgen_codegen::ModelFiles {
            service: (&name, &text),
            paginators: p.as_deref().map(|t| ("paginators-1.json", t)),
            waiters: w.as_deref().map(|t| ("waiters-2.json", t)),
            endpoint_rules: r.as_deref().map(|t| ("endpoint-rule-set-1.json", t)),
        };
        // With the side files first; when they fail, the model alone.
        let svc = match awsgen_codegen::load(&files) {
            Ok(svc) => {
                with_side_files += 1;
                Ok(svc)
            }
            Err(e) => {
                side_failed.push(format!("{name}: {e}"));
                awsgen_codegen::load_botocore(&name, &text)
            }
        };
        match svc {
            Ok(svc) => {
                loaded += 1;
                omitted += svc.omitted_operations.len();
                if let Err(e) = check_invariants(&svc) {
                    failed.push(format!("{name}: IR invariant: {e}"));
                }
            }
            Err(e) => failed.push(e.to_string()),
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
