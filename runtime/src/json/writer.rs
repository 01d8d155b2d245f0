//! [`JsonWriter`]: JSON bodies (see the module documentation of [`crate::json`]).

use crate::document::Document;
use crate::query::{fmt_float, fmt_float32};
use crate::time::{DateTime, TimestampFormat};
use base64::Engine;
use std::fmt::Write;

/// Builds a JSON body in a `String`.
///
/// Calls follow the document: [`JsonWriter::begin_object`], then [`JsonWriter::key`] and a
/// value per member, [`JsonWriter::end_object`]; arrays likewise. The writer places the commas;
/// it does not check the calls' order (generated code makes them), so a caller that writes two
/// values in a row, or a key outside an object, gets a body that is not JSON.
#[derive(Clone, Debug, Default)]
pub struct JsonWriter {
    out: String,
    /// A value was just completed: the next key or item needs a `,` first.
    comma: bool,
}

impl JsonWriter {
    /// An empty body.
    pub fn new() -> Self {
        JsonWriter { out: String::with_capacity(256), comma: false }
    }

    fn sep(&mut self) {
        if self.comma {
            self.out.push(',');
        }
    }

    /// Appends a finished value's text.
    fn raw(&mut self, text: &str) {
        self.sep();
        self.out.push_str(text);
        self.comma = true;
    }

    /// `{`.
    pub fn begin_object(&mut self) {
        self.sep();
        self.out.push('{');
        self.comma = false;
    }

    /// `}`.
    pub fn end_object(&mut self) {
        self.out.push('}');
        self.comma = true;
    }

    /// `[`.
    pub fn begin_array(&mut self) {
        self.sep();
        self.out.push('[');
        self.comma = false;
    }

    /// `]`.
    pub fn end_array(&mut self) {
        self.out.push(']');
        self.comma = true;
    }

    /// A member's key; its value comes next.
    pub fn key(&mut self, key: &str) {
        self.sep();
        push_string(&mut self.out, key);
        self.out.push(':');
        self.comma = false;
    }

    /// A string, escaped as RFC 8259 requires and no more: `"`, `\` and control characters
    /// (`\n`, `\r`, `\t`, `\b`, `\f`, else `\u00XX`); everything else, `/` and non-ASCII
    /// included, is written as it is.
    pub fn string(&mut self, value: &str) {
        self.sep();
        push_string(&mut self.out, value);
        self.comma = true;
    }

    /// `true` / `false`.
    pub fn boolean(&mut self, value: bool) {
        self.raw(if value { "true" } else { "false" });
    }

    /// `null`.
    pub fn null(&mut self) {
        self.raw("null");
    }

    /// An integer.
    pub fn integer(&mut self, value: i64) {
        self.sep();
        // Writing to a `String` cannot fail.
        let _ = write!(self.out, "{value}");
        self.comma = true;
    }

    /// A double: finite values as the shortest text that reads back to the same value
    /// ([`fmt_float`]: `1.5`, `10.0`, `1e+16`), NaN and the infinities as the protocols' strings
    /// `"NaN"`, `"Infinity"`, `"-Infinity"`.
    pub fn float(&mut self, value: f64) {
        if value.is_finite() {
            self.raw(&fmt_float(value));
        } else {
            self.string(&fmt_float(value));
        }
    }

    /// A single-precision float, as [`JsonWriter::float`] (shortest text for the `f32`).
    pub fn float32(&mut self, value: f32) {
        if value.is_finite() {
            self.raw(&fmt_float32(value));
        } else {
            self.string(&fmt_float32(value));
        }
    }

    /// A blob, as a base64 string.
    pub fn blob(&mut self, value: &[u8]) {
        self.string(&base64::engine::general_purpose::STANDARD.encode(value));
    }

    /// A timestamp in `format`: epoch seconds as a number (the JSON protocols' default,
    /// [`super::DEFAULT_TIMESTAMP_FORMAT`]), the other formats as strings.
    pub fn timestamp(&mut self, value: &DateTime, format: TimestampFormat) {
        match format {
            TimestampFormat::EpochSeconds => self.raw(&value.fmt_epoch_seconds()),
            _ => self.string(&value.fmt(format)),
        }
    }

    /// A [`Document`]. Iterative, so a document built in code is written whatever its depth.
    pub fn document(&mut self, doc: &Document) {
        enum Open<'d> {
            Array(std::slice::Iter<'d, Document>),
            Object(std::collections::btree_map::Iter<'d, String, Document>),
        }
        let mut stack: Vec<Open<'_>> = Vec::new();
        let mut next = Some(doc);
        loop {
            match next.take() {
                Some(Document::Null) => self.null(),
                Some(Document::String(s)) => self.string(s),
                Some(Document::Bool(b)) => self.boolean(*b),
                Some(Document::Int(i)) => self.integer(*i),
                Some(Document::Float(f)) => self.float(*f),
                Some(Document::Array(items)) => {
                    self.begin_array();
                    stack.push(Open::Array(items.iter()));
                }
                Some(Document::Object(members)) => {
                    self.begin_object();
                    stack.push(Open::Object(members.iter()));
                }
                None => {}
            }
            match stack.last_mut() {
                None => return,
                Some(Open::Array(items)) => match items.next() {
                    Some(item) => next = Some(item),
                    None => {
                        stack.pop();
                        self.end_array();
                    }
                },
                Some(Open::Object(members)) => match members.next() {
                    Some((key, value)) => {
                        self.key(key);
                        next = Some(value);
                    }
                    None => {
                        stack.pop();
                        self.end_object();
                    }
                },
            }
        }
    }

    /// Writes an array of `items`, each with `each`.
    pub fn list<T, E>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T) -> Result<(), E>) -> Result<(), E> {
        self.begin_array();
        for item in items {
            each(self, item)?;
        }
        self.end_array();
        Ok(())
    }

    /// Writes an object of `entries`, each value with `each`.
    pub fn map<'m, V: 'm, E>(
        &mut self,
        entries: impl IntoIterator<Item = (&'m String, &'m V)>,
        mut each: impl FnMut(&mut Self, &V) -> Result<(), E>,
    ) -> Result<(), E> {
        self.begin_object();
        for (key, value) in entries {
            self.key(key);
            each(self, value)?;
        }
        self.end_object();
        Ok(())
    }

    /// Writes the member `key` with a string value when it is set (the `opt_*` family writes
    /// one optional member in one call, as [`crate::query::QueryWriter`]'s does).
    pub fn opt_string(&mut self, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.key(key);
            self.string(v);
        }
    }

    /// [`JsonWriter::opt_string`] for a boolean.
    pub fn opt_boolean(&mut self, key: &str, value: Option<bool>) {
        if let Some(v) = value {
            self.key(key);
            self.boolean(v);
        }
    }

    /// [`JsonWriter::opt_string`] for an integer.
    pub fn opt_integer(&mut self, key: &str, value: Option<i64>) {
        if let Some(v) = value {
            self.key(key);
            self.integer(v);
        }
    }

    /// [`JsonWriter::opt_string`] for a double.
    pub fn opt_float(&mut self, key: &str, value: Option<f64>) {
        if let Some(v) = value {
            self.key(key);
            self.float(v);
        }
    }

    /// [`JsonWriter::opt_string`] for a single-precision float.
    pub fn opt_float32(&mut self, key: &str, value: Option<f32>) {
        if let Some(v) = value {
            self.key(key);
            self.float32(v);
        }
    }

    /// [`JsonWriter::opt_string`] for a timestamp in `format`.
    pub fn opt_timestamp(&mut self, key: &str, value: Option<&DateTime>, format: TimestampFormat) {
        if let Some(v) = value {
            self.key(key);
            self.timestamp(v, format);
        }
    }

    /// [`JsonWriter::opt_string`] for a blob (base64).
    pub fn opt_blob(&mut self, key: &str, value: Option<&[u8]>) {
        if let Some(v) = value {
            self.key(key);
            self.blob(v);
        }
    }

    /// Writes the member `key` with `write` (a generated helper for a structure, list or map)
    /// when it is set.
    pub fn opt_with<T: ?Sized, E>(
        &mut self,
        key: &str,
        value: Option<&T>,
        write: impl FnOnce(&mut Self, &T) -> Result<(), E>,
    ) -> Result<(), E> {
        let Some(v) = value else { return Ok(()) };
        self.key(key);
        write(self, v)
    }

    /// The body written so far.
    pub fn as_str(&self) -> &str {
        &self.out
    }

    /// The finished body.
    pub fn finish(self) -> String {
        self.out
    }
}

/// For each byte, the character after the backslash that escapes it (`u` for `\u00XX`), or 0
/// for a byte written as it is.
const ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[b'\n' as usize] = b'n';
    table[b'\r' as usize] = b'r';
    table[b'\t' as usize] = b't';
    table[0x08] = b'b';
    table[0x0c] = b'f';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Appends `s` as a JSON string, copying runs that need no escape at once.
fn push_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut start = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        let escape = ESCAPE[usize::from(b)];
        if escape == 0 {
            continue;
        }
        // `b` is ASCII, so `i` is a char boundary.
        if start < i {
            out.push_str(&s[start..i]);
        }
        out.push('\\');
        out.push(char::from(escape));
        if escape == b'u' {
            out.push_str("00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}
