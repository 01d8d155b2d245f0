//! Form encoding for the `query` and `ec2` protocols.
//!
//! Generated serializers walk an input value and call [`QueryWriter`] with one key segment at a
//! time (`enter`/`leave`), so a nested key like `Tags.Tag.1.Key` is built in one reused buffer
//! with no allocation per member. The rules for which segments to write (`.member.N`, flattened
//! lists, `.entry.N.key`) are decided by the generator; this module only encodes.

use crate::error::InvalidRequestError;
use crate::time::{DateTime, TimestampFormat};
use base64::Engine;
use std::fmt;

/// RFC 3986 unreserved bytes: `A-Z a-z 0-9 - _ . ~`.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.' || c == b'~';
        b += 1;
    }
    table
};

/// Appends `s` with everything but RFC 3986 unreserved characters percent-encoded (as SigV4
/// expects), copying runs of unreserved bytes at once.
pub(crate) fn push_encoded(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = s.as_bytes();
    let mut start = 0;
    while let Some(n) = bytes[start..].iter().position(|&b| !UNRESERVED[usize::from(b)]) {
        let i = start + n;
        // bytes[start..i] are ASCII, so both ends of a non-empty run are char boundaries.
        if n > 0 {
            out.push_str(&s[start..i]);
        }
        let b = bytes[i];
        out.push('%');
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xF)]));
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

// Idempotency tokens were defined here first; generated query code still names these paths.
pub use crate::idempotency::{idempotency_token, TokenSource};

/// Builds an `application/x-www-form-urlencoded` body.
pub struct QueryWriter {
    out: String,
    key: String,
    tokens: Option<TokenSource>,
}

impl fmt::Debug for QueryWriter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QueryWriter").field("out", &self.out).field("key", &self.key).finish_non_exhaustive()
    }
}

/// Where the key stood before an [`QueryWriter::enter`]; give it back to [`QueryWriter::leave`].
#[derive(Clone, Copy, Debug)]
#[must_use]
pub struct Mark(usize);

impl QueryWriter {
    /// Starts a body with `Action=<action>&Version=<version>`.
    pub fn new(action: &str, version: &str) -> Self {
        let mut w = QueryWriter { out: String::with_capacity(256), key: String::with_capacity(64), tokens: None };
        w.pair("Action", action);
        w.pair("Version", version);
        w
    }

    /// Like [`QueryWriter::new`], taking unset idempotency tokens from `tokens`.
    pub fn with_tokens(action: &str, version: &str, tokens: &TokenSource) -> Self {
        QueryWriter { tokens: Some(tokens.clone()), ..QueryWriter::new(action, version) }
    }

    /// A token for an unset idempotency-token member: from the writer's source, else random.
    pub fn new_idempotency_token(&self) -> String {
        match &self.tokens {
            Some(source) => source(),
            None => idempotency_token(),
        }
    }

    fn pair(&mut self, key: &str, value: &str) {
        if !self.out.is_empty() {
            self.out.push('&');
        }
        push_encoded(&mut self.out, key);
        self.out.push('=');
        push_encoded(&mut self.out, value);
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

    /// A required member's value, or the error naming its full wire key
    /// (`NodeGroupConfiguration.member.1.Slots`) when it is not set.
    pub fn required<'v, T>(&self, value: Option<&'v T>, segment: &str) -> Result<&'v T, InvalidRequestError> {
        value.ok_or_else(|| InvalidRequestError::missing(self.child_key(segment)))
    }

    /// Writes a list under the current key: item `N` (from 1) at `<key>.<member>.N`, or at
    /// `<key>.N` when `member` is `None` (flattened lists, and every list in the ec2 dialect).
    /// An empty list is written as `<key>=` when `mark_empty` (query) and not at all otherwise
    /// (ec2).
    pub fn list<T, E>(
        &mut self,
        items: &[T],
        member: Option<&str>,
        mark_empty: bool,
        mut each: impl FnMut(&mut Self, &T) -> Result<(), E>,
    ) -> Result<(), E> {
        if items.is_empty() {
            if mark_empty {
                self.empty();
            }
            return Ok(());
        }
        let outer = member.map(|m| self.enter(m));
        for (i, item) in items.iter().enumerate() {
            let index = self.enter_index(i + 1);
            each(self, item)?;
            self.leave(index);
        }
        if let Some(mark) = outer {
            self.leave(mark);
        }
        Ok(())
    }

    /// Writes a map under the current key: entry `N` (from 1) at `<key>.entry.N.<key_name>` and
    /// `<key>.entry.N.<value_name>`, without the `entry` segment when `flattened`.
    pub fn map<'m, V: 'm, E>(
        &mut self,
        entries: impl IntoIterator<Item = (&'m String, &'m V)>,
        flattened: bool,
        key_name: &str,
        value_name: &str,
        mut each: impl FnMut(&mut Self, &V) -> Result<(), E>,
    ) -> Result<(), E> {
        let outer = (!flattened).then(|| self.enter("entry"));
        for (i, (key, value)) in entries.into_iter().enumerate() {
            let index = self.enter_index(i + 1);
            let k = self.enter(key_name);
            self.string(key);
            self.leave(k);
            let v = self.enter(value_name);
            each(self, value)?;
            self.leave(v);
            self.leave(index);
        }
        if let Some(mark) = outer {
            self.leave(mark);
        }
        Ok(())
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

    /// Writes a double as [`fmt_float`] does.
    pub fn float(&mut self, value: f64) {
        self.string(&fmt_float(value));
    }

    /// Writes a single-precision float as [`fmt_float32`] does.
    pub fn float32(&mut self, value: f32) {
        self.string(&fmt_float32(value));
    }

    /// Writes a timestamp in the member's format (ISO 8601 unless the model says otherwise).
    pub fn timestamp(&mut self, value: &DateTime, format: TimestampFormat) {
        self.string(&value.fmt(format));
    }

    /// Writes a blob as base64.
    pub fn blob(&mut self, value: &[u8]) {
        self.string(&base64::engine::general_purpose::STANDARD.encode(value));
    }

    /// Writes `value` at the child key `segment` when it is set: an optional string member in
    /// one call (generated serializers use the `opt_*` family for every scalar member, and
    /// [`QueryWriter::opt_with`] for structures, lists and maps).
    pub fn opt_string(&mut self, segment: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.at(segment, |w| w.string(v));
        }
    }

    /// [`QueryWriter::opt_string`] for a boolean.
    pub fn opt_boolean(&mut self, segment: &str, value: Option<bool>) {
        self.opt_string(segment, value.map(|v| if v { "true" } else { "false" }));
    }

    /// [`QueryWriter::opt_string`] for an integer.
    pub fn opt_integer(&mut self, segment: &str, value: Option<i64>) {
        if let Some(v) = value {
            self.at(segment, |w| w.integer(v));
        }
    }

    /// [`QueryWriter::opt_string`] for a double.
    pub fn opt_float(&mut self, segment: &str, value: Option<f64>) {
        if let Some(v) = value {
            self.at(segment, |w| w.float(v));
        }
    }

    /// [`QueryWriter::opt_string`] for a single-precision float.
    pub fn opt_float32(&mut self, segment: &str, value: Option<f32>) {
        if let Some(v) = value {
            self.at(segment, |w| w.float32(v));
        }
    }

    /// [`QueryWriter::opt_string`] for a timestamp in `format`.
    pub fn opt_timestamp(&mut self, segment: &str, value: Option<&DateTime>, format: TimestampFormat) {
        if let Some(v) = value {
            self.at(segment, |w| w.timestamp(v, format));
        }
    }

    /// [`QueryWriter::opt_string`] for a blob (base64).
    pub fn opt_blob(&mut self, segment: &str, value: Option<&[u8]>) {
        if let Some(v) = value {
            self.at(segment, |w| w.blob(v));
        }
    }

    /// Writes a structure, list or map member at the child key `segment` with `write` (a
    /// generated helper) when it is set.
    pub fn opt_with<T: ?Sized, E>(
        &mut self,
        segment: &str,
        value: Option<&T>,
        write: impl FnOnce(&mut Self, &T) -> Result<(), E>,
    ) -> Result<(), E> {
        let Some(v) = value else { return Ok(()) };
        let mark = self.enter(segment);
        let written = write(self, v);
        self.leave(mark);
        written
    }

    /// Runs `write` at the child key `segment`.
    fn at(&mut self, segment: &str, write: impl FnOnce(&mut Self)) {
        let mark = self.enter(segment);
        write(self);
        self.leave(mark);
    }

    /// The finished body.
    pub fn finish(self) -> String {
        self.out
    }
}

fn itoa_usize(n: usize) -> String {
    n.to_string()
}

/// Formats a double as botocore writes one (Python's `repr`): `NaN`, `Infinity`, `-Infinity`,
/// else the shortest decimal that reads back to the same value, with `.0` on whole numbers
/// (`10.0`, `10.8`) and in exponent form below 1e-4 or from 1e16 (`1e-05`, `1e+16`).
pub fn fmt_float(value: f64) -> String {
    if value.is_nan() {
        "NaN".into()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        repr_from_exponent_form(&format!("{value:e}"))
    }
}

/// [`fmt_float`] for a single-precision value: the shortest decimal that reads back to the same
/// `f32` (`10.8`, not the `10.800000190734863` of its widening to `f64`).
pub fn fmt_float32(value: f32) -> String {
    if value.is_nan() {
        "NaN".into()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        repr_from_exponent_form(&format!("{value:e}"))
    }
}

/// Lays out the shortest round-trip digits of Rust's `{:e}` (`-1.08e1`, `1e16`, `0e0`) the way
/// Python's `repr` does.
fn repr_from_exponent_form(sci: &str) -> String {
    let (negative, sci) = match sci.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, sci),
    };
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    // The value is 0.DIGITS × 10^point.
    let point = exponent + 1;
    let mut out = String::with_capacity(digits.len() + 8);
    if negative {
        out.push('-');
    }
    if (-3..=16).contains(&point) {
        if point <= 0 {
            out.push_str("0.");
            out.push_str(&"0".repeat(point.unsigned_abs() as usize));
            out.push_str(&digits);
        } else {
            let point = point as usize;
            if point >= digits.len() {
                out.push_str(&digits);
                out.push_str(&"0".repeat(point - digits.len()));
                out.push_str(".0");
            } else {
                out.push_str(&digits[..point]);
                out.push('.');
                out.push_str(&digits[point..]);
            }
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push_str(&format!("e{}{:02}", if exponent < 0 { '-' } else { '+' }, exponent.unsigned_abs()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

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

    /// The run-copying encoder agrees with `percent_encoding` on unreserved, reserved,
    /// control and multi-byte characters, at the start, middle and end of a value.
    #[test]
    fn encoding_matches_percent_encoding() {
        use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
        const FORM: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
        for s in ["", "plain", "a b&c=d/e+f", "é", "éa", "aé", "ü/Ω ✓ 🦀x", "~-_.", "\n\t%", "100%", "%"] {
            let mut out = String::new();
            push_encoded(&mut out, s);
            assert_eq!(out, utf8_percent_encode(s, FORM).to_string(), "{s:?}");
        }
    }

    #[test]
    fn lists_maps_and_required_members() {
        let mut w = QueryWriter::new("A", "1");
        let m = w.enter("Ids");
        w.list(&["x", "y"], Some("Id"), true, |w, v| -> Result<(), ()> {
            w.string(v);
            Ok(())
        })
        .unwrap();
        w.leave(m);
        let m = w.enter("None");
        w.list::<&str, ()>(&[], None, true, |_, _| Ok(())).unwrap();
        w.leave(m);
        let m = w.enter("Skipped");
        w.list::<&str, ()>(&[], None, false, |_, _| Ok(())).unwrap();
        w.leave(m);
        let map: std::collections::BTreeMap<String, i64> = [("k".to_string(), 7)].into();
        let m = w.enter("Attrs");
        w.map(&map, false, "key", "value", |w, v| -> Result<(), ()> {
            w.integer(*v);
            Ok(())
        })
        .unwrap();
        w.leave(m);
        let m = w.enter("Outer");
        let missing = w.required::<String>(None, "Inner").unwrap_err();
        assert_eq!(missing.member, "Outer.Inner");
        w.leave(m);
        assert_eq!(
            w.finish(),
            "Action=A&Version=1&Ids.Id.1=x&Ids.Id.2=y&None=&Attrs.entry.1.key=k&Attrs.entry.1.value=7"
        );
    }

    #[test]
    fn tokens_come_from_the_source() {
        let fixed: TokenSource = Arc::new(|| "00000000-0000-4000-8000-000000000000".to_string());
        assert_eq!(QueryWriter::with_tokens("A", "1", &fixed).new_idempotency_token(), fixed());
        let random = QueryWriter::new("A", "1").new_idempotency_token();
        assert_eq!(random.len(), 36);
        assert_eq!(&random[14..15], "4");
        assert_ne!(random, QueryWriter::new("A", "1").new_idempotency_token());
    }

    #[test]
    fn floats_read_like_python_repr() {
        assert_eq!(fmt_float(f64::NAN), "NaN");
        assert_eq!(fmt_float(f64::INFINITY), "Infinity");
        assert_eq!(fmt_float(f64::NEG_INFINITY), "-Infinity");
        for (value, text) in [
            (1.5, "1.5"),
            (10.8, "10.8"),
            (10.0, "10.0"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (-2.25, "-2.25"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (1234567890123456.0, "1234567890123456.0"),
            (1e16, "1e+16"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (0.1 + 0.2, "0.30000000000000004"),
        ] {
            assert_eq!(fmt_float(value), text, "{value:e}");
        }
        assert_eq!(fmt_float32(10.8), "10.8");
        assert_eq!(fmt_float32(f32::NAN), "NaN");
        assert_eq!(fmt_float32(-f32::INFINITY), "-Infinity");
        assert_eq!(fmt_float32(3.0e38), "3e+38");
    }
}
