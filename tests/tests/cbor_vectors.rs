//! botocore's CBOR decoder vectors (`data/cbor-tests/`): every success case decodes, through
//! `CborReader`'s pull API, to the value tree it expects, and every error case fails with a
//! typed error (never a panic).

use awsgen_runtime::cbor::{CborError, CborReader, CborType, MAX_DEPTH};
use serde_json::{json, Map, Value};

fn vectors(name: &str) -> Vec<Value> {
    let path = format!("{}/data/cbor-tests/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str::<Value>(&text).unwrap().as_array().cloned().unwrap()
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

/// The next data item as the vectors' typed tree, recursing once per container (the reader
/// bounds that by `MAX_DEPTH`).
fn decode(r: &mut CborReader<'_>) -> Result<Value, CborError> {
    Ok(match r.peek()? {
        CborType::Unsigned => json!({ "uint": u64::try_from(r.read_i128()?).unwrap() }),
        CborType::Negative => {
            // serde_json holds integers within i64/u64: the vectors' -2^64+1 is written as a
            // number serde_json keeps as f64, so compare through i128 text.
            let v = r.read_i128()?;
            json!({ "negint": Value::Number(v.to_string().parse().unwrap_or_else(|_| serde_json::Number::from_f64(v as f64).unwrap())) })
        }
        CborType::Bytes => json!({ "bytestring": r.read_blob()? }),
        CborType::Text => json!({ "string": r.read_string()? }),
        CborType::Bool => json!({ "bool": r.read_bool()? }),
        CborType::Null | CborType::Undefined => {
            r.read_null()?;
            json!({ "null": {} })
        }
        CborType::Float16 => json!({ "float16": r.read_f64()? }),
        CborType::Float32 => json!({ "float32": r.read_f32()?.to_bits() }),
        CborType::Float64 => json!({ "float64": r.read_f64()?.to_bits() }),
        CborType::Tag => {
            let id = r.read_tag()?;
            json!({ "tag": { "id": id, "value": decode(r)? } })
        }
        CborType::Array => {
            r.enter_array()?;
            let mut items = Vec::new();
            while r.next_item()? {
                items.push(decode(r)?);
            }
            json!({ "list": items })
        }
        CborType::Map => {
            r.enter_object()?;
            let mut map = Map::new();
            while let Some(key) = r.next_key()? {
                let value = decode(r)?;
                map.insert(key.into_owned(), value);
            }
            json!({ "map": map })
        }
    })
}

fn decode_whole(body: &[u8]) -> Result<Value, CborError> {
    let mut r = CborReader::new(body);
    let v = decode(&mut r)?;
    r.finish()?;
    Ok(v)
}

/// The vectors' numbers compared by value: `-18446744073709551615` is an `f64` to serde_json
/// (arbitrary precision is off), and so is the negint decoded to the same text.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[test]
fn every_success_vector_decodes_to_its_expected_value() {
    let cases = vectors("decode-success-tests.json");
    assert_eq!(cases.len(), 151);
    let mut failed = Vec::new();
    for case in &cases {
        let description = case["description"].as_str().unwrap();
        match decode_whole(&hex(case["input"].as_str().unwrap())) {
            Ok(v) if same(&v, &case["expect"]) => {}
            Ok(v) => failed.push(format!("{description}: decoded {v}, expected {}", case["expect"])),
            Err(e) => failed.push(format!("{description}: {e}")),
        }
        // Skipping the same body must succeed and consume it whole.
        let body = hex(case["input"].as_str().unwrap());
        let mut r = CborReader::new(&body);
        if let Err(e) = r.skip().and_then(|()| r.finish()) {
            failed.push(format!("{description}: skip: {e}"));
        }
    }
    assert!(failed.is_empty(), "{} of {} failed:\n{}", failed.len(), cases.len(), failed.join("\n"));
}

#[test]
fn every_error_vector_is_a_typed_error_when_decoded_and_when_skipped() {
    let cases = vectors("decode-error-tests.json");
    assert_eq!(cases.len(), 56);
    let mut failed = Vec::new();
    for case in &cases {
        let description = case["description"].as_str().unwrap();
        let body = hex(case["input"].as_str().unwrap());
        if let Ok(v) = decode_whole(&body) {
            failed.push(format!("{description}: decoded to {v}"));
        }
        let mut r = CborReader::new(&body);
        if r.skip().and_then(|()| r.finish()).is_ok() {
            failed.push(format!("{description}: skipped"));
        }
    }
    assert!(failed.is_empty(), "{} of {} failed:\n{}", failed.len(), cases.len(), failed.join("\n"));
}

#[test]
fn the_decoder_of_these_tests_is_bounded_by_max_depth() {
    let deep = vec![0x81; MAX_DEPTH + 1];
    assert!(decode_whole(&deep).is_err());
}
