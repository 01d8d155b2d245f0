//! Form encoding for the `query` and `ec2` protocols.
//!
//! Generated serializers walk an input value and call [`QueryWriter`] with one key segment at a
//! time (`enter`/`leave`), so a nested key like `Tags.Tag.1.Key` is built in one reused buffer
//! with no allocation per member. The rules for which segments to write (`.member.N`, flattened
//! lists, `.entry.N.key`) are decided by the generator; this module only encodes.

use crate::time::{DateTime, TimestampFormat};
use base64::Engine;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986 unreserved characters is percent-encoded (as SigV4 expects).
const FORM: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Builds an `application/x-www-form-urlencoded` body.
#[derive(Debug)]
pub struct QueryWriter {
    out: String,
    key: String,
}

/// Where the key stood before an [`QueryWriter::enter`]; give it back to [`QueryWriter::leave`].
#[derive(Clone, Copy, Debug)]
#[must_use]
pub struct Mark(usize);

impl QueryWriter {
    /// Starts a body with `Action=<action>&Version=<version>`.
    pub fn new(action: &str, version: &str) -> Self {
        let mut w = QueryWriter { out: String::with_capacity(256), key: String::with_capacity(64) };
        w.pair("Action", action);
        w.pair("Version", version);
        w
    }

    fn pair(&mut self, key: &str, value: &str) {
        if !self.out.is_empty() {
            self.out.push('&');
        }
        self.out.extend(utf8_percent_encode(key, FORM));
        self.out.push('=');
        self.out.extend(utf8_percent_encode(value, FORM));
    }

    /// Appends a key segment (`Name`, `member`, `entry`), returning the mark to restore.
    pub fn enter(&mut self, segment: &str) -> Mark {
        let mark = Mark(self.key.len());
        if !self.key.is_empty() {
            self.key.push('.');
        }
        self.key.push_str(segment);
        mark
    }

    /// Appends a 1-based index segment.
    pub fn enter_index(&mut self, index: usize) -> Mark {
        let mark = Mark(self.key.len());
        if !self.key.is_empty() {
            self.key.push('.');
        }
        self.key.push_str(itoa_usize(index).as_str());
        mark
    }

    /// Restores the key to what it was at `mark`.
    pub fn leave(&mut self, mark: Mark) {
        self.key.truncate(mark.0);
    }

    /// The current key, e.g. `Tags.Tag.1.Key` (used in error messages).
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The key a child segment would have (for naming a missing member).
    pub fn child_key(&self, segment: &str) -> String {
        if self.key.is_empty() {
            segment.to_string()
        } else {
            format!("{}.{segment}", self.key)
        }
    }

    /// Writes the current key with a string value.
    pub fn string(&mut self, value: &str) {
        let key = std::mem::take(&mut self.key);
        self.pair(&key, value);
        self.key = key;
    }

    /// Writes the current key with an empty value (how `query` sends an empty list).
    pub fn empty(&mut self) {
        self.string("");
    }

    /// Writes `true` / `false`.
    pub fn boolean(&mut self, value: bool) {
        self.string(if value { "true" } else { "false" });
    }

    /// Writes an integer.
    pub fn integer(&mut self, value: i64) {
        self.string(&value.to_string());
    }

    /// Writes a float: `NaN`, `Infinity`, `-Infinity`, or the shortest decimal that reads back
    /// to the same value.
    pub fn float(&mut self, value: f64) {
        self.string(&fmt_float(value));
    }

    /// Writes a timestamp in the member's format (ISO 8601 unless the model says otherwise).
    pub fn timestamp(&mut self, value: &DateTime, format: TimestampFormat) {
        self.string(&value.fmt(format));
    }

    /// Writes a blob as base64.
    pub fn blob(&mut self, value: &[u8]) {
        self.string(&base64::engine::general_purpose::STANDARD.encode(value));
    }

    /// The finished body.
    pub fn finish(self) -> String {
        self.out
    }
}

fn itoa_usize(n: usize) -> String {
    n.to_string()
}

/// A fresh idempotency token (a random version-4 UUID) for members the model marks
/// `idempotencyToken` and the caller left unset.
pub fn idempotency_token() -> String {
    let a = crate::retry::random_u64();
    let b = crate::retry::random_u64();
    let a = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
    let b = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xFFFF,
        a & 0xFFFF,
        b >> 48,
        b & 0xFFFF_FFFF_FFFF
    )
}

/// Formats a float the way AWS query services expect.
pub fn fmt_float(value: f64) -> String {
    if value.is_nan() {
        "NaN".into()
    } else if value == f64::INFINITY {
        "Infinity".into()
    } else if value == f64::NEG_INFINITY {
        "-Infinity".into()
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_keys_and_encoding() {
        let mut w = QueryWriter::new("CopySnapshot", "2015-02-02");
        let m = w.enter("Tags");
        let m2 = w.enter("Tag");
        let m3 = w.enter_index(1);
        let m4 = w.enter("Key");
        w.string("a b/c&d=é");
        w.leave(m4);
        w.leave(m3);
        w.leave(m2);
        w.leave(m);
        let m = w.enter("Flag");
        w.boolean(true);
        w.leave(m);
        assert_eq!(
            w.finish(),
            "Action=CopySnapshot&Version=2015-02-02&Tags.Tag.1.Key=a%20b%2Fc%26d%3D%C3%A9&Flag=true"
        );
    }

    #[test]
    fn floats() {
        assert_eq!(fmt_float(f64::NAN), "NaN");
        assert_eq!(fmt_float(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(fmt_float(1.5), "1.5");
    }
}
