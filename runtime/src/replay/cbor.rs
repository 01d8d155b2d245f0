//! CBOR bodies in recordings: stored in base64 (`body_cbor` in a request, `body_base64` in a
//! response), and a recorded request body compared with a sent one as decoded values, so
//! definite or indefinite lengths, integer and float widths of equal values and key order do
//! not matter.

use crate::cbor::{CborError, CborReader, CborType};
use base64::Engine;
use std::collections::BTreeMap;

/// A decoded data item.
#[derive(Debug, Clone)]
enum Tree {
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

fn decode(body: &[u8]) -> Result<Tree, CborError> {
    let mut r = CborReader::new(body);
    let tree = item(&mut r)?;
    r.finish()?;
    Ok(tree)
}

/// Recursive, one level per container: the reader bounds the depth by `cbor::MAX_DEPTH`.
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

/// Whether two CBOR bodies hold the same value; bodies that do not decode are compared as
/// bytes.
pub(crate) fn same_value(a: &[u8], b: &[u8]) -> bool {
    match (decode(a), decode(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// A body in base64.
pub(crate) fn to_base64(body: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(body)
}

/// A body from base64.
pub(crate) fn from_base64(text: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::STANDARD.decode(text).ok()
}

/// Whether a request or response with this content type has a CBOR body.
pub(crate) fn is_cbor(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|v| v.starts_with(crate::protocol::cbor::CONTENT_TYPE))
}
