//! Writes `$OUT_DIR/operations.rs` for the `response` target: one entry per operation of the
//! ElastiCache model, read from the IR (so no list is kept by hand and none can go stale), each
//! sent with an input that passes the client's required-member checks (every required member
//! set, recursively: the serializer checks nested ones).
//!
//! It checks the count twice: the table has one entry per operation of the model, and the
//! generated crate has one operation module per operation (so a model updated without
//! `cargo xtask generate` fails here rather than fuzzing a client that does not match it).

use awsgen_codegen::ir::Location;
use awsgen_codegen::ir::{Service, ShapeKind};
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("fuzz/ has a parent").to_path_buf();
    let service_dir = root.join("models/elasticache");
    let model = latest_model(&service_dir);
    println!("cargo:rerun-if-changed={}", service_dir.display());
    println!("cargo:rerun-if-changed={}", model.display());
    // The `side_files` target pairs its inputs with this model.
    println!("cargo:rustc-env=AWSGEN_FUZZ_ELASTICACHE_MODEL={}", model.display());
    let ops_dir = root.join("generated/elasticache/src/operation");
    println!("cargo:rerun-if-changed={}", ops_dir.display());

    let text = std::fs::read_to_string(&model).unwrap_or_else(|e| panic!("{}: {e}", model.display()));
    let svc = awsgen_codegen::load_botocore("service-2.json", &text).unwrap_or_else(|e| panic!("{e}"));

    let generated_modules = std::fs::read_dir(&ops_dir)
        .unwrap_or_else(|e| panic!("{}: {e}", ops_dir.display()))
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name() != "mod.rs" && e.path().extension().is_some_and(|x| x == "rs"))
        .count();
    assert_eq!(
        generated_modules,
        svc.operations.len(),
        "generated/elasticache has {generated_modules} operation modules but {} has {} operations: run `cargo xtask generate`",
        model.display(),
        svc.operations.len()
    );

    let mut out = String::new();
    let _ = writeln!(out, "/// Every operation of the model, in the IR's order (the seed corpus uses the same).");
    let _ = writeln!(out, "pub const OPERATIONS: &[&str] = &[");
    for op in &svc.operations {
        let _ = writeln!(out, "    {:?},", op.name);
    }
    let _ = writeln!(out, "];");
    let _ = writeln!(out, "/// Sends operation `index` (below `OPERATIONS.len()`) with a minimal valid input.");
    let _ = writeln!(
        out,
        "pub async fn call(client: &awsgen_elasticache::Client, index: usize) -> Result<String, Outcome> {{"
    );
    let _ = writeln!(out, "    match index {{");
    for (i, op) in svc.operations.iter().enumerate() {
        let input = svc.shape(&op.input);
        let mut builder = format!("awsgen_elasticache::operation::{}::{}::builder()", op.module, input.rust_name);
        for m in svc.structure(&op.input).members.iter().filter(|m| m.required) {
            let _ = write!(builder, ".set_{}(Some({}))", m.plain_name, minimal_value(&svc, &m.target, 0));
        }
        let _ = writeln!(
            out,
            "        {i} => summarize(client.call({builder}.build().expect(\"build.rs sets every required member\")).await),"
        );
    }
    let _ = writeln!(out, "        _ => unreachable!(\"operation index {{index}} out of range\"),");
    let _ = writeln!(out, "    }}");
    let _ = writeln!(out, "}}");
    // The table and the model agree by construction; say so where a reader of the target looks.
    let _ = writeln!(out, "const _: () = assert!(OPERATIONS.len() == {});", svc.operations.len());

    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("operations.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}

/// `models/elasticache/<newest version>/service-2.json`, as `cargo xtask generate` picks it.
fn latest_model(service_dir: &Path) -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir(service_dir)
        .unwrap_or_else(|e| panic!("{}: {e}", service_dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("service-2.json").is_file())
        .collect();
    versions.sort();
    versions.pop().expect("a model version under models/elasticache").join("service-2.json")
}

/// A Rust expression for the smallest value of shape `id` the client accepts: required members
/// set (recursively: the serializer checks nested required members), everything else unset.
/// Scalars are written with `.into()` / inference, so only structures need their type named.
fn minimal_value(svc: &Service, id: &str, depth: usize) -> String {
    assert!(depth < 32, "required members nest more than 32 deep at {id}");
    let shape = svc.shape(id);
    match &shape.kind {
        ShapeKind::Structure(st) => {
            let module = match &shape.location {
                Location::Types => "types".to_owned(),
                Location::Error => "error".to_owned(),
                Location::Operation(m) => format!("operation::{m}"),
                Location::Inline => unreachable!("a structure has a named type"),
            };
            let mut fields = String::new();
            for m in st.members.iter().filter(|m| m.required) {
                let v = minimal_value(svc, &m.target, depth + 1);
                let v = if m.boxed { format!("Box::new({v})") } else { v };
                let _ = write!(fields, "{}: Some({v}), ", m.rust_name);
            }
            format!("awsgen_elasticache::{module}::{} {{ {fields}..Default::default() }}", shape.rust_name)
        }
        ShapeKind::List(_) => "Vec::new()".to_owned(),
        ShapeKind::Map(_) | ShapeKind::Blob => "Default::default()".to_owned(),
        ShapeKind::String(Some(values)) => {
            format!("{:?}.into()", values.first().map(|v| v.value.as_str()).unwrap_or("x"))
        }
        ShapeKind::String(None) => "\"x\".into()".to_owned(),
        ShapeKind::Boolean => "false".to_owned(),
        ShapeKind::Integer | ShapeKind::Long => "1".to_owned(),
        ShapeKind::Float | ShapeKind::Double => "1.0".to_owned(),
        ShapeKind::Timestamp(_) => "awsgen_runtime::DateTime::from_secs(1_700_000_000)".to_owned(),
        ShapeKind::Union(_) | ShapeKind::Document => {
            unreachable!("{id}: ElastiCache speaks query, which has no unions or documents")
        }
    }
}
