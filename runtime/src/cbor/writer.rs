//! [`CborWriter`]: the writer.

use crate::document::Document;
use crate::time::DateTime;

/// Appends CBOR data items to a byte buffer. Structures and maps are indefinite-length maps
/// and lists indefinite-length arrays, so that generated serializers write each member as they
/// meet it, as with [`crate::json::JsonWriter`]; every `begin_*` needs its `end_*`.
#[derive(Clone, Debug, Default)]
pub struct CborWriter {
    out: Vec<u8>,
}

impl CborWriter {
    /// An empty writer.
    pub fn new() -> Self {
        CborWriter { out: Vec::with_capacity(256) }
    }

    /// A head of major type `major` with argument `arg`, in its shortest form.
    fn head(&mut self, major: u8, arg: u64) {
        let m = major << 5;
        if arg < 24 {
            self.out.push(m | arg as u8);
        } else if arg <= u64::from(u8::MAX) {
            self.out.extend_from_slice(&[m | 24, arg as u8]);
        } else if arg <= u64::from(u16::MAX) {
            self.out.push(m | 25);
            self.out.extend_from_slice(&(arg as u16).to_be_bytes());
        } else if arg <= u64::from(u32::MAX) {
            self.out.push(m | 26);
            self.out.extend_from_slice(&(arg as u32).to_be_bytes());
        } else {
            self.out.push(m | 27);
            self.out.extend_from_slice(&arg.to_be_bytes());
        }
    }

    /// Starts an indefinite-length map (a structure, a union or a map).
    pub fn begin_object(&mut self) {
        self.out.push(0xbf);
    }

    /// Ends the map begun last.
    pub fn end_object(&mut self) {
        self.out.push(0xff);
    }

    /// Starts an indefinite-length array.
    pub fn begin_array(&mut self) {
        self.out.push(0x9f);
    }

    /// Ends the array begun last.
    pub fn end_array(&mut self) {
        self.out.push(0xff);
    }

    /// Writes a map key (a text string); its value follows.
    pub fn key(&mut self, key: &str) {
        self.string(key);
    }

    /// Writes a text string.
    pub fn string(&mut self, value: &str) {
        self.head(3, value.len() as u64);
        self.out.extend_from_slice(value.as_bytes());
    }

    /// Writes `true` or `false`.
    pub fn boolean(&mut self, value: bool) {
        self.out.push(if value { 0xf5 } else { 0xf4 });
    }

    /// Writes `null`.
    pub fn null(&mut self) {
        self.out.push(0xf6);
    }

    /// Writes an integer, in its shortest head.
    pub fn integer(&mut self, value: i64) {
        if value >= 0 {
            self.head(0, value as u64);
        } else {
            // -1 - n, computed without overflow for i64::MIN.
            self.head(1, !(value as u64));
        }
    }

    /// Writes a double-precision float (NaN and the infinities as they are).
    pub fn float(&mut self, value: f64) {
        self.out.push(0xfb);
        self.out.extend_from_slice(&value.to_bits().to_be_bytes());
    }

    /// Writes a single-precision float.
    pub fn float32(&mut self, value: f32) {
        self.out.push(0xfa);
        self.out.extend_from_slice(&value.to_bits().to_be_bytes());
    }

    /// Writes a byte string.
    pub fn blob(&mut self, value: &[u8]) {
        self.head(2, value.len() as u64);
        self.out.extend_from_slice(value);
    }

    /// Writes a timestamp: tag 1 (epoch-based date/time) over its epoch seconds as a double.
    pub fn timestamp(&mut self, value: &DateTime) {
        self.head(6, 1);
        self.float(value.as_secs_f64());
    }

    /// Writes a [`Document`]: objects as maps, arrays, strings, numbers, booleans, null.
    /// Iterative, so a document of any depth is written without recursion.
    pub fn document(&mut self, doc: &Document) {
        /// What remains of a container being written.
        enum Open<'d> {
            Array(std::slice::Iter<'d, Document>),
            Object(std::collections::btree_map::Iter<'d, String, Document>),
        }
        let mut stack: Vec<Open<'_>> = Vec::new();
        let mut next = Some(doc);
        loop {
            if let Some(d) = next.take() {
                match d {
                    Document::Null => self.null(),
                    Document::String(s) => self.string(s),
                    Document::Bool(b) => self.boolean(*b),
                    Document::Int(i) => self.integer(*i),
                    Document::Float(f) => self.float(*f),
                    Document::Array(items) => {
                        self.head(4, items.len() as u64);
                        stack.push(Open::Array(items.iter()));
                    }
                    Document::Object(map) => {
                        self.head(5, map.len() as u64);
                        stack.push(Open::Object(map.iter()));
                    }
                }
            }
            let Some(top) = stack.last_mut() else { return };
            match top {
                Open::Array(items) => match items.next() {
                    Some(d) => next = Some(d),
                    None => {
                        stack.pop();
                    }
                },
                Open::Object(entries) => match entries.next() {
                    Some((k, d)) => {
                        self.string(k);
                        next = Some(d);
                    }
                    None => {
                        stack.pop();
                    }
                },
            }
        }
    }

    /// The bytes written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.out
    }

    /// The body.
    pub fn finish(self) -> Vec<u8> {
        self.out
    }
}
