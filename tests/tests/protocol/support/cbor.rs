//! CBOR bodies compared as values: a vector's base64 body and the client's bytes are decoded
//! into the same tree (through the runtime's reader, independently of the generated
//! serializers) and compared, so definite or indefinite lengths, integer widths, float widths
//! of equal values and key order do not matter.

use awsgen_runtime::cbor::{CborError, CborReader, CborType};
use base64::Engine;
use std::collections::BTreeMap;

/// A decoded data item.
#[derive(Debug, Clone)]
pub enum Tree {
    Int(i128),
    Float(f64),
    Bytes(Vec<u8>),
    Text(String),
    Bool(bool),
    Null,
    Tag(u64, Box<Tree>),
    Array(Vec<Tree>),
    Map(BTreeMap<String, Tree>),
}

impl PartialEq for Tree {
    fn eq(&self, other: &Tree) -> bool {
        use Tree::*;
        match (self, other) {
            (Int(a), Int(b)) => a == b,
            (Float(a), Float(b)) => a == b || (a.is_nan() && b.is_nan()),
            // A number equals another of the same value, whatever its encoding.
            (Int(a), Float(b)) | (Float(b), Int(a)) => *a as f64 == *b,
            (Bytes(a), Bytes(b)) => a == b,
            (Text(a), Text(b)) => a == b,
            (Bool(a), Bool(b)) => a == b,
            (Null, Null) => true,
            (Tag(a, x), Tag(b, y)) => a == b && x == y,
            (Array(a), Array(b)) => a == b,
            (Map(a), Map(b)) => a == b,
            _ => false,
        }
    }
}

/// The bytes of a base64 text (the vectors' bodies).
pub fn from_base64(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD.decode(text).unwrap_or_else(|e| panic!("{text:?} is not base64: {e}"))
}

/// The whole body as a tree.
pub fn decode(body: &[u8]) -> Result<Tree, CborError> {
    let mut r = CborReader::new(body);
    let tree = item(&mut r)?;
    r.finish()?;
    Ok(tree)
}

fn item(r: &mut CborReader<'_>) -> Result<Tree, CborError> {
    Ok(match r.peek()? {
        CborType::Unsigned | CborType::Negative => Tree::Int(r.read_i128()?),
        CborType::Float16 | CborType::Float32 | CborType::Float64 => Tree::Float(r.read_f64()?),
        CborType::Bytes => Tree::Bytes(r.read_blob()?),
        CborType::Text => Tree::Text(r.read_string()?),
        CborType::Bool => Tree::Bool(r.read_bool()?),
        CborType::Null | CborType::Undefined => {
            r.read_null()?;
            Tree::Null
        }
        CborType::Tag => {
            let tag = r.read_tag()?;
            Tree::Tag(tag, Box::new(item(r)?))
        }
        CborType::Array => {
            r.enter_array()?;
            let mut items = Vec::new();
            while r.next_item()? {
                items.push(item(r)?);
            }
            Tree::Array(items)
        }
        CborType::Map => {
            r.enter_object()?;
            let mut map = BTreeMap::new();
            while let Some(key) = r.next_key()? {
                let value = item(r)?;
                map.insert(key.into_owned(), value);
            }
            Tree::Map(map)
        }
    })
}

/// Compares the client's body with the vector's (base64; empty: no body).
pub fn compare(expected_base64: &str, actual: &[u8]) -> Result<(), String> {
    let expected = from_base64(expected_base64);
    if expected.is_empty() {
        return if actual.is_empty() { Ok(()) } else { Err(format!("expected none, actual {actual:02x?}")) };
    }
    let want = decode(&expected).map_err(|e| format!("the vector's body does not decode: {e}"))?;
    let got = decode(actual).map_err(|e| format!("the client's body does not decode ({e}): {actual:02x?}"))?;
    if want == got {
        Ok(())
    } else {
        Err(format!("\n  expected: {want:?}\n  actual:   {got:?}"))
    }
}
