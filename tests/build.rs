//! Generates, with the generator itself, the test code that checks it: the protocol compliance
//! tests (`build/protocol/`), the endpoint rule sets' cases (`build/endpoint_rules.rs`) and the
//! hand-written fixture services (`data/hostile-names/`, `data/waiter-fixture/`,
//! `data/paging-fixture/`, `data/presign-fixture/`).
//!
//! Why a build script rather than committed output: these tests exist to check the generator,
//! so they are built by the generator as it is at build time; there is nothing to regenerate
//! or forget, and no generated test code to review. The cost is compiling `awsgen-codegen` as a
//! build dependency.

use proc_macro2::TokenStream;
use std::path::{Path, PathBuf};

#[path = "build/endpoint_rules.rs"]
mod endpoint_rules;
#[path = "build/protocol/mod.rs"]
mod protocol;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    endpoint_rules::generate(&manifest, &out_dir);
    protocol::generate(&manifest, &out_dir.join("protocol"));
    waiter_fixture(&manifest);
    hostile_names(&manifest);
    paging_fixture(&manifest);
    presign_fixture(&manifest);
    checksum_fixture(&manifest);
}

/// The hand-written restJson1 service in `data/presign-fixture/` (S3's object routes, an
/// S3-like rule set, listed for presigning), generated as a module for `tests/presign.rs`.
fn presign_fixture(manifest: &Path) {
    println!("cargo:rerun-if-changed=data/presign-fixture");
    let data = manifest.join("data/presign-fixture");
    let read = |name: &str| {
        std::fs::read_to_string(data.join(name)).unwrap_or_else(|e| panic!("reading data/presign-fixture/{name}: {e}"))
    };
    let (service, rules) = (read("service-2.json"), read("endpoint-rule-set-1.json"));
    let svc = awsgen_codegen::load(&awsgen_codegen::ModelFiles {
        endpoint_rules: Some(("endpoint-rule-set-1.json", &rules)),
        ..awsgen_codegen::ModelFiles::new(("service-2.json", &service))
    })
    .unwrap_or_else(|e| panic!("data/presign-fixture: {e}"));
    let opts =
        awsgen_codegen::ModuleOptions { root: "crate::fixture".into(), command: "cargo build (tests/build.rs)".into() };
    let code = awsgen_codegen::generate_module(&svc, &opts).unwrap_or_else(|e| panic!("data/presign-fixture: {e}"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    write(&out_dir.join("presign_fixture.rs"), &code);
}

/// The hand-written awsJson1_0 service in `data/paging-fixture/` (a map-typed token, a string
/// limit key, two tokens at once, and a paginator and a waiter outside the JMESPath subset),
/// generated as a module for `tests/paginator_tokens.rs`.
fn paging_fixture(manifest: &Path) {
    fixture_module(manifest, "paging-fixture", "crate::paging", "paging_fixture.rs");
}

/// The hand-written restJson1 service in `data/checksum-fixture/` (streamed uploads and
/// downloads with `httpChecksum`), generated as a module for `tests/checksums.rs`.
fn checksum_fixture(manifest: &Path) {
    fixture_module(manifest, "checksum-fixture", "crate::objects", "checksum_fixture.rs");
}

/// The hand-written service in `data/hostile-names/` (keyword operation names, non-ASCII
/// names, structures and waiters whose names snake-case alike), generated as a module for
/// `tests/hostile_names.rs`: this crate compiling is the proof that such names give valid code.
fn hostile_names(manifest: &Path) {
    fixture_module(manifest, "hostile-names", "crate::hostile", "hostile_names.rs");
}

/// The hand-written service in `data/waiter-fixture/` (every JMESPath construct and matcher the
/// generator supports), generated as a module for `tests/waiter_expressions.rs`.
fn waiter_fixture(manifest: &Path) {
    fixture_module(manifest, "waiter-fixture", "crate::fixture", "waiter_fixture.rs");
}

/// Generates the botocore service in `data/<dir>/` (service, paginators and waiters) as a
/// module rooted at `root`, written to `$OUT_DIR/<out>`.
fn fixture_module(manifest: &Path, dir: &str, root: &str, out: &str) {
    println!("cargo:rerun-if-changed=data/{dir}");
    let data = manifest.join("data").join(dir);
    let read = |name: &str| {
        std::fs::read_to_string(data.join(name)).unwrap_or_else(|e| panic!("reading data/{dir}/{name}: {e}"))
    };
    let (service, paginators, waiters) = (read("service-2.json"), read("paginators-1.json"), read("waiters-2.json"));
    let svc = awsgen_codegen::load(&awsgen_codegen::ModelFiles {
        paginators: Some(("paginators-1.json", &paginators)),
        waiters: Some(("waiters-2.json", &waiters)),
        ..awsgen_codegen::ModelFiles::new(("service-2.json", &service))
    })
    .unwrap_or_else(|e| panic!("data/{dir}: {e}"));
    let opts = awsgen_codegen::ModuleOptions { root: root.into(), command: "cargo build (tests/build.rs)".into() };
    let code = awsgen_codegen::generate_module(&svc, &opts).unwrap_or_else(|e| panic!("data/{dir}: {e}"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    write(&out_dir.join(out), &code);
}

/// Writes `contents` to `path` unless it already holds them (so that nothing recompiles for
/// an unchanged file).
fn write(path: &Path, contents: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
    }
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    }
}

/// Tokens as a formatted Rust file with a header saying what wrote it.
fn format_tokens(what: &str, tokens: TokenStream) -> String {
    let file: syn::File = syn::parse2(tokens).unwrap_or_else(|e| panic!("generated {what} does not parse: {e}"));
    let mut text = String::from("// Generated by tests/build.rs from the vendored protocol suites.\n");
    text.push_str(&prettyplease::unparse(&file));
    text
}
