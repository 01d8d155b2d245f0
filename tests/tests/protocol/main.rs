//! The AWS query and ec2 protocol compliance suites (botocore 1.44.8, vendored in
//! `tests/data/protocol-tests`), one named test per case.
//!
//! `tests/build.rs` builds a client for every suite with the generator that builds ElastiCache
//! (embedded as modules, `awsgen_codegen::generate_module`) and writes a test per case: the case's
//! params become an input value, the case's result a value tree, both by way of the IR's names.
//! Tests are named `<file>::<case>`, `<file>` one of `query_input`, `query_output`,
//! `query_legacy_input`, `query_legacy_output` and the same four for `ec2`.
//!
//! `protocol_summary` prints one line per file, `query output: 38 passed, 0 failed, 0 skipped`:
//! `cargo test -p awsgen-tests --test protocol -- --exact protocol_summary --nocapture`.

mod depth;
mod support;

include!(concat!(env!("OUT_DIR"), "/protocol/cases.rs"));

/// Runs every case again outside libtest and prints the per-file tally; fails if any case fails.
#[test]
fn protocol_summary() {
    let failed = support::summarize(FILES);
    assert_eq!(failed, 0, "{failed} protocol case(s) failed: see the FAILED lines above and the cases' own tests");
}
