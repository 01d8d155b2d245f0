//! Parsed results as value trees: what the case expects and what the client parsed both become
//! a [`Value`], compared member by member.

use awsgen_runtime::{DateTime, Document};
use std::collections::BTreeMap;
use std::fmt::{self, Debug};

/// A parsed result, as a tree the expectations and the actual output both become.
#[derive(Clone)]
pub enum Value {
    /// A boolean.
    Bool(bool),
    /// An integer or long.
    Int(i64),
    /// A float.
    F32(f32),
    /// A double.
    F64(f64),
    /// A string or enum value.
    Str(String),
    /// A blob.
    Bytes(Vec<u8>),
    /// A timestamp, compared as an instant.
    Time(DateTime),
    /// A list.
    List(Vec<Value>),
    /// A map.
    Map(BTreeMap<String, Value>),
    /// A structure: its set members by model name; a union: the one member set.
    Struct(BTreeMap<String, Value>),
    /// A null in a sparse list or map, or in a document.
    Null,
    /// A union member the model does not know.
    Unknown,
    /// A string holding JSON (a `jsonvalue` or JSON `@mediaType` member): compared as JSON.
    Json(String),
}

impl Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(v) => write!(f, "{v}"),
            Value::Int(v) => write!(f, "{v}"),
            Value::F32(v) => write!(f, "{v:?}f32"),
            Value::F64(v) => write!(f, "{v:?}"),
            Value::Str(v) => write!(f, "{v:?}"),
            Value::Bytes(v) => write!(f, "b{:?}", String::from_utf8_lossy(v)),
            Value::Time(v) => write!(f, "{v} ({}.{:09})", v.secs(), v.subsec_nanos()),
            Value::List(v) => f.debug_list().entries(v).finish(),
            Value::Map(v) | Value::Struct(v) => f.debug_map().entries(v).finish(),
            Value::Null => f.write_str("null"),
            Value::Unknown => f.write_str("<unknown union member>"),
            Value::Json(v) => write!(f, "json {v:?}"),
        }
    }
}

/// A structure value from `(member, value)` pairs.
pub fn st<const N: usize>(members: [(&str, Value); N]) -> Value {
    Value::Struct(members.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// A map value from `(key, value)` pairs.
pub fn map<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Map(entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// A string value.
pub fn s(v: &str) -> Value {
    Value::Str(v.to_string())
}

/// An instant from epoch seconds as the vectors write them (`1398796238`, `946845296.123`),
/// read as a decimal so that no float rounding creeps in.
pub fn epoch(seconds: &str) -> DateTime {
    DateTime::parse_epoch_seconds(seconds).unwrap_or_else(|e| panic!("bad epoch seconds in a vector: {e}"))
}

/// A document as a value tree (objects as maps).
pub fn doc(d: &Document) -> Value {
    match d {
        Document::Null => Value::Null,
        Document::String(s) => Value::Str(s.clone()),
        Document::Bool(b) => Value::Bool(*b),
        Document::Int(i) => Value::Int(*i),
        Document::Float(f) => Value::F64(*f),
        Document::Array(items) => Value::List(items.iter().map(doc).collect()),
        Document::Object(entries) => Value::Map(entries.iter().map(|(k, v)| (k.clone(), doc(v))).collect()),
    }
}

/// Compares a result with the case's expectation; panics listing every difference by path.
pub fn assert_same(expected: &Value, actual: &Value) {
    let mut problems = Vec::new();
    diff(expected, actual, "", &mut problems);
    if !problems.is_empty() {
        panic!(
            "the parsed result differs from the case:\n- {}\nexpected: {expected:#?}\nactual:   {actual:#?}",
            problems.join("\n- ")
        );
    }
}

fn diff(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    let at = if path.is_empty() { "the result" } else { path };
    match (expected, actual) {
        (Value::List(e), Value::List(a)) => {
            if e.len() != a.len() {
                out.push(format!("{at}: expected {} items, actual {}: {e:?} vs {a:?}", e.len(), a.len()));
                return;
            }
            for (i, (e, a)) in e.iter().zip(a).enumerate() {
                diff(e, a, &format!("{path}[{i}]"), out);
            }
        }
        (Value::Map(e), Value::Map(a)) | (Value::Struct(e), Value::Struct(a)) => {
            let dot = if matches!(expected, Value::Struct(_)) { "." } else { "" };
            for (k, ev) in e {
                let child = if dot.is_empty() {
                    format!("{path}[{k:?}]")
                } else if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match a.get(k) {
                    Some(av) => diff(ev, av, &child, out),
                    None => out.push(format!("{child}: expected {ev:?}, absent")),
                }
            }
            for (k, av) in a {
                if !e.contains_key(k) {
                    let child = if dot.is_empty() {
                        format!("{path}[{k:?}]")
                    } else if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    out.push(format!("{child}: expected absent, actual {av:?}"));
                }
            }
        }
        (Value::F32(e), Value::F32(a)) if e.is_nan() && a.is_nan() => {}
        (Value::F64(e), Value::F64(a)) if e.is_nan() && a.is_nan() => {}
        (Value::F32(e), Value::F32(a)) if e == a => {}
        (Value::F64(e), Value::F64(a)) if e == a => {}
        (Value::Bool(e), Value::Bool(a)) if e == a => {}
        (Value::Int(e), Value::Int(a)) if e == a => {}
        (Value::Str(e), Value::Str(a)) if e == a => {}
        (Value::Bytes(e), Value::Bytes(a)) if e == a => {}
        (Value::Time(e), Value::Time(a)) if e == a => {}
        (Value::Null, Value::Null) | (Value::Unknown, Value::Unknown) => {}
        // A document's number reads as an integer or not by how it is written.
        (Value::Int(e), Value::F64(a)) | (Value::F64(a), Value::Int(e)) if *e as f64 == *a => {}
        (Value::Json(e), Value::Json(a)) if same_json(e, a) => {}
        _ => out.push(format!("{at}: expected {expected:?}, actual {actual:?}")),
    }
}

/// Whether two texts are the same JSON value (texts that are not JSON compare as text).
fn same_json(expected: &str, actual: &str) -> bool {
    match (serde_json::from_str::<serde_json::Value>(expected), serde_json::from_str::<serde_json::Value>(actual)) {
        (Ok(e), Ok(a)) => e == a,
        _ => expected == actual,
    }
}
