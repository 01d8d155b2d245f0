//! The runtime's JSON reader against `serde_json` as a reference: on a corpus of valid and
//! broken bodies (hand-written cases, every prefix of a sample reply, and the sample with each
//! byte replaced by a few troublesome ones), both accept the same bodies and read the same
//! values. Also the property a `json` fuzz target should check: what is read, written and read
//! again is the same document, and a second write gives the same bytes.

use awsgen_elasticache::runtime::document::Document;
use awsgen_elasticache::runtime::json::{JsonReader, JsonWriter};
use serde_json::Value;

const SAMPLE: &str = r#"{"Count": 2, "Items": [
  {"pk": {"S": "user#1"}, "n": {"N": "-12.5e3"}, "ok": {"BOOL": true}, "l": {"L": [{"S": "a\"b\\c\/\n"}, {"NULL": true}]}},
  {"pk": {"S": "caf\u00e9 \ud83e\udd80 é"}, "m": {"M": {}}, "x": [0, -0, 1.5E+2, 9223372036854775807, 18446744073709551616, 1e-400]}
], "Unknown": {"deep": [[["x"]], {"k": null}], "t": false}, "Key": null}"#;

fn ours(body: &[u8]) -> Option<Document> {
    let mut r = JsonReader::new(body);
    let doc = r.read_document().ok()?;
    r.finish().ok()?;
    Some(doc)
}

fn reference(body: &[u8]) -> Option<Value> {
    serde_json::from_slice(body).ok()
}

/// The same value, numbers compared by their `f64` value (serde_json reads `-0` as `-0.0` and
/// integers past `i64` as `u64`; the runtime keeps `Int(0)` and `Float`).
fn same(d: &Document, v: &Value) -> bool {
    match (d, v) {
        (Document::Null, Value::Null) => true,
        (Document::Bool(a), Value::Bool(b)) => a == b,
        (Document::String(a), Value::String(b)) => a == b,
        (Document::Int(i), Value::Number(n)) => n.as_i64() == Some(*i) || n.as_f64() == Some(*i as f64),
        (Document::Float(f), Value::Number(n)) => n.as_f64() == Some(*f),
        (Document::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y)),
        (Document::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, x)| b.get(k).is_some_and(|y| same(x, y)))
        }
        _ => false,
    }
}

fn corpus() -> Vec<Vec<u8>> {
    let mut bodies: Vec<Vec<u8>> = [
        &b"[]"[..],
        b"{}",
        b" [ 1 , 2 ] \r\n\t",
        b"-0",
        b"[1e1, 0e+1, 1E-2, -0.0e0]",
        b"[\"\\u0000\", \"\\u20AC\", \"\x7f\"]",
        b"[01]",
        b"[1.]",
        b"[.1]",
        b"[+1]",
        b"[NaN]",
        b"[1,]",
        b"{\"a\":1,}",
        b"{a:1}",
        b"\xef\xbb\xbf[]",
        b"[\x0c]",
        b"[\"\t\"]",
        b"[\"\\a\"]",
        b"[\"\\ud834\"]",
        b"[\"\\udd1e\\ud834\"]",
        b"[\"\\ud834\\udd1e\"]",
        b"\"\xed\xa0\x80\"",
        b"\"\xc0\xaf\"",
        b"[1e400]",
        b"[-1e400]",
        b"[123456789012345678901234567890]",
        b"{\"a\":1,\"a\":2}",
    ]
    .iter()
    .map(|b| b.to_vec())
    .collect();
    // serde_json admits 127 levels and the runtime `MAX_DEPTH` = 128, so 128 is left out.
    for depth in [127, 129] {
        bodies.push(("[".repeat(depth) + &"]".repeat(depth)).into_bytes());
    }
    let sample = SAMPLE.as_bytes();
    bodies.extend((0..=sample.len()).map(|n| sample[..n].to_vec()));
    for i in 0..sample.len() {
        for b in [b'"', b'\\', b'{', b']', b',', b'0', b'e', b'-', 0xff, 0x80, b'\n', 0x01] {
            let mut corrupt = sample.to_vec();
            corrupt[i] = b;
            bodies.push(corrupt);
        }
    }
    bodies
}

#[test]
fn accepts_what_serde_json_accepts_and_reads_the_same_values() {
    let bodies = corpus();
    let mut accepted = 0;
    for body in &bodies {
        let text = String::from_utf8_lossy(body);
        match (ours(body), reference(body)) {
            (Some(d), Some(v)) => {
                assert!(same(&d, &v), "{text:?}: {d:?} vs {v:?}");
                accepted += 1;
            }
            (None, None) => {}
            (d, v) => panic!("{text:?}: ours {d:?}, serde_json {v:?}"),
        }
    }
    // The corpus exercises both sides: neither almost everything nor almost nothing is valid.
    assert!(accepted > 50 && accepted < bodies.len() / 2, "{accepted} of {}", bodies.len());
}

#[test]
fn read_write_read_is_stable() {
    for body in corpus() {
        let Some(first) = ours(&body) else { continue };
        let mut w = JsonWriter::new();
        w.document(&first);
        let text = w.finish();
        let second = ours(text.as_bytes()).unwrap_or_else(|| panic!("{text:?} does not read back"));
        assert_eq!(first, second, "{text}");
        let mut w = JsonWriter::new();
        w.document(&second);
        assert_eq!(w.finish(), text);
        // Skipping accepts whatever reading accepts.
        let mut r = JsonReader::new(&body);
        assert!(r.skip().and_then(|()| r.finish()).is_ok(), "{}", String::from_utf8_lossy(&body));
    }
}
