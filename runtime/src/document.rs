//! `Document`: the one untyped, JSON-like value of the runtime.
//!
//! Two things need a value whose shape is not known when code is generated: the properties a
//! resolved endpoint carries (`authSchemes`, ...; see [`crate::endpoint::Endpoint`]) and Smithy
//! `document` members of the JSON protocols (issue 13), which a service fills with any JSON.
//! Both use this type, so a user meets one `Document` whatever produced it. The JSON codec reads
//! and writes it: [`crate::json::JsonReader::read_document`] and
//! [`crate::json::JsonWriter::document`].

use std::collections::BTreeMap;

/// A JSON-like value: null, a boolean, a number, a string, a list or an object.
///
/// Numbers keep integers exact: a JSON integer that fits an `i64` is [`Document::Int`],
/// every other number (a fraction, an exponent, or an integer beyond `i64`) is
/// [`Document::Float`]. Object keys are kept in order (a `BTreeMap`), so equal documents
/// write equal bytes.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    /// `null`.
    Null,
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// An integer (a JSON number without fraction or exponent, within `i64`).
    Int(i64),
    /// Any other number. JSON has no text for NaN and the infinities: the JSON writer writes
    /// them as the protocols' strings `"NaN"`, `"Infinity"`, `"-Infinity"`, which read back as
    /// [`Document::String`].
    Float(f64),
    /// A list.
    Array(Vec<Document>),
    /// An object.
    Object(BTreeMap<String, Document>),
}

impl Default for Document {
    /// `null`.
    fn default() -> Self {
        Document::Null
    }
}

impl Document {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Document::String(s) => Some(s),
            _ => None,
        }
    }

    /// The object's members, if this is an object.
    pub fn as_object(&self) -> Option<&BTreeMap<String, Document>> {
        match self {
            Document::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The items, if this is a list.
    pub fn as_array(&self) -> Option<&[Document]> {
        match self {
            Document::Array(a) => Some(a),
            _ => None,
        }
    }
}

impl From<&str> for Document {
    fn from(s: &str) -> Self {
        Document::String(s.to_owned())
    }
}

impl From<String> for Document {
    fn from(s: String) -> Self {
        Document::String(s)
    }
}

impl From<bool> for Document {
    fn from(b: bool) -> Self {
        Document::Bool(b)
    }
}

impl From<i64> for Document {
    fn from(i: i64) -> Self {
        Document::Int(i)
    }
}

impl From<f64> for Document {
    fn from(f: f64) -> Self {
        Document::Float(f)
    }
}
