//! The AWS protocol compliance suites (botocore 1.44.8, vendored in `tests/data/protocol-tests`:
//! query, ec2, json, json_1_0, json_1_0-query-compatible, rest-json, rest-xml, smithy-rpc-v2-cbor
//! and its query-compatible and non-query-compatible files), one named test per case. CBOR
//! bodies are compared as decoded values (`support/cbor.rs`).
//!
//! `tests/build.rs` builds a client for every suite with the generator that builds ElastiCache
//! (embedded as modules, `awsgen_codegen::generate_module`) and writes a test per case: the case's
//! params become an input value, the case's result a value tree, both by way of the IR's names.
//! Tests are named `<file>::<case>`, `<file>` one of `query_input`, `query_output`,
//! `query_legacy_input`, `query_legacy_output`, the same for the other protocols (`ec2_input`,
//! `json_1_0_output`, `rest_json_legacy_input`...): the modules of `tests/build/protocol/mod.rs`'s
//! `FILES`. A file whose protocol has no emitter yet is listed as pending in the tally.
//!
//! `protocol_summary` prints one line per file, `query output: 38 passed, 0 failed, 0 skipped`
//! (a pending file: `json input: 54 cases not run: <why>`):
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
