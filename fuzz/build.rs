//! Writes `$OUT_DIR/operations.rs` for the `response` target: one module per service it fuzzes
//! (ElastiCache: awsQuery; SQS: awsJson1_0, query-compatible; Lambda: restJson1; CloudWatch:
//! RPC v2 CBOR, query-compatible), each with one
//! entry per operation of the model, read from the IR (so no list is kept by hand and none can
//! go stale), each sent with an input that passes the client's required-member checks (every
//! required member set, recursively: the serializer checks nested ones; path labels non-empty).
//!
//! It checks the counts twice: a table has one entry per operation of the model, and the
//! generated crate has one operation module per operation (so a model updated without
//! `cargo xtask generate` fails here rather than fuzzing a client that does not match it).

use awsgen_codegen::ir::Location;
use awsgen_codegen::ir::{Service, ShapeKind};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The fuzzed services: (directory under `models/` and `generated/`, crate name in Rust), in
/// the order the input's first byte chooses them (`xtask/src/fuzz.rs` writes seeds the same).
const SERVICES: [(&str, &str); 4] = [
    ("elasticache", "awsgen_elasticache"),
    ("sqs", "awsgen_sqs"),
    ("lambda", "awsgen_lambda"),
    ("cloudwatch", "awsgen_cloudwatch"),
];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("fuzz/ has a parent").to_path_buf();
    let mut out = String::new();
    let _ = writeln!(out, "/// The fuzzed services' directory names, in the order the input's first byte picks them.");
    let names: Vec<String> = SERVICES.iter().map(|(dir, _)| format!("{dir:?}")).collect();
    let _ = writeln!(out, "pub const SERVICES: [&str; {}] = [{}];", SERVICES.len(), names.join(", "));
    for (dir, krate) in SERVICES {
        let service_dir = root.join("models").join(dir);
        let model = latest_model(&service_dir);
        println!("cargo:rerun-if-changed={}", service_dir.display());
        println!("cargo:rerun-if-changed={}", model.display());
        if dir == "elasticache" {
            // The `side_files` target pairs its inputs with this model.
            println!("cargo:rustc-env=AWSGEN_FUZZ_ELASTICACHE_MODEL={}", model.display());
        }
        let ops_dir = root.join("generated").join(dir).join("src/operation");
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
            "generated/{dir} has {generated_modules} operation modules but {} has {} operations: run `cargo xtask generate`",
            model.display(),
            svc.operations.len()
        );
        write_service(&mut out, dir, krate, &svc);
    }
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("operations.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}

/// `pub mod <dir> { OPERATIONS, call }` for one service.
fn write_service(out: &mut String, dir: &str, krate: &str, svc: &Service) {
    let _ = writeln!(out, "pub mod {dir} {{");
    let _ = writeln!(out, "    use super::{{summarize, Outcome}};");
    let _ = writeln!(out, "    /// Every operation of the model, in the IR's order (the seed corpus uses the same).");
    let _ = writeln!(out, "    pub const OPERATIONS: &[&str] = &[");
    for op in &svc.operations {
        let _ = writeln!(out, "        {:?},", op.name);
    }
    let _ = writeln!(out, "    ];");
    let _ = writeln!(out, "    /// Sends operation `index` (below `OPERATIONS.len()`) with a minimal valid input.");
    let _ =
        writeln!(out, "    pub async fn call(client: &{krate}::Client, index: usize) -> Result<String, Outcome> {{");
    let _ = writeln!(out, "        match index {{");
    for (i, op) in svc.operations.iter().enumerate() {
        let input = svc.shape(&op.input);
        let mut builder = format!("{krate}::operation::{}::{}::builder()", op.module, input.rust_name);
        for m in svc.structure(&op.input).members.iter().filter(|m| m.required) {
            let _ = write!(builder, ".set_{}(Some({}))", m.plain_name, minimal_value(svc, krate, &m.target, 0));
        }
        let _ = writeln!(
            out,
            "            {i} => summarize(client.call({builder}.build().expect(\"build.rs sets every required member\")).await),"
        );
    }
    let _ = writeln!(out, "            _ => unreachable!(\"operation index {{index}} out of range\"),");
    let _ = writeln!(out, "        }}");
    let _ = writeln!(out, "    }}");
    // The table and the model agree by construction; say so where a reader of the target looks.
    let _ = writeln!(out, "    const _: () = assert!(OPERATIONS.len() == {});", svc.operations.len());
    let _ = writeln!(out, "}}");
}

/// `models/<service>/<newest version>/service-2.json`, as `cargo xtask generate` picks it.
fn latest_model(service_dir: &Path) -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir(service_dir)
        .unwrap_or_else(|e| panic!("{}: {e}", service_dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("service-2.json").is_file())
        .collect();
    versions.sort();
    versions.pop().unwrap_or_else(|| panic!("a model version under {}", service_dir.display())).join("service-2.json")
}

/// The Rust path of a named type in crate `krate`.
fn type_path(krate: &str, location: &Location, rust_name: &str) -> String {
    let module = match location {
        Location::Types => "types".to_owned(),
        Location::Error => "error".to_owned(),
        Location::Operation(m) => format!("operation::{m}"),
        Location::Inline => unreachable!("a structure, union or enum has a named type"),
    };
    format!("{krate}::{module}::{rust_name}")
}

/// A Rust expression for the smallest value of shape `id` the client accepts: required members
/// set (recursively: the serializer checks nested required members), everything else unset;
/// strings non-empty (a path label must be). A union is its first variant. Scalars are written
/// with `.into()` / inference, so only structures and unions need their type named.
fn minimal_value(svc: &Service, krate: &str, id: &str, depth: usize) -> String {
    assert!(depth < 32, "required members nest more than 32 deep at {id}");
    let shape = svc.shape(id);
    match &shape.kind {
        ShapeKind::Structure(st) => {
            let mut fields = String::new();
            for m in st.members.iter().filter(|m| m.required) {
                let v = minimal_value(svc, krate, &m.target, depth + 1);
                let v = if m.boxed { format!("Box::new({v})") } else { v };
                let _ = write!(fields, "{}: Some({v}), ", m.rust_name);
            }
            format!("{} {{ {fields}..Default::default() }}", type_path(krate, &shape.location, &shape.rust_name))
        }
        ShapeKind::Union(st) => {
            let m = st.members.first().unwrap_or_else(|| panic!("union {id} has no member"));
            let v = minimal_value(svc, krate, &m.target, depth + 1);
            let v = if m.boxed { format!("Box::new({v})") } else { v };
            format!("{}::{}({v})", type_path(krate, &shape.location, &shape.rust_name), m.rust_name)
        }
        ShapeKind::Document => "awsgen_runtime::Document::Null".to_owned(),
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
    }
}
