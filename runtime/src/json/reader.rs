//! [`JsonReader`]: the pull reader (see the module documentation of [`crate::json`]).

use super::{JsonError, JsonErrorKind, MAX_DEPTH};
use crate::document::Document;
use crate::time::{DateTime, DateTimeParseError, TimestampFormat};
use base64::Engine;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The bytes that end a plain run inside a string: `"`, `\\` and control characters.
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// The kind of the next value, as [`JsonReader::peek`] sees it from its first byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonType {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// `[`.
    Array,
    /// `{`.
    Object,
}

/// A pull reader over a complete JSON body.
///
/// Each `read_*` method reads one value (leading whitespace included); [`JsonReader::enter_object`]
/// and [`JsonReader::next_key`] walk an object, [`JsonReader::enter_array`] and
/// [`JsonReader::next_item`] an array; [`JsonReader::finish`] checks that nothing but whitespace
/// follows the value. Errors leave the reader where it noticed them; read nothing after one.
#[derive(Clone, Debug)]
pub struct JsonReader<'a> {
    input: &'a [u8],
    pos: usize,
    /// Containers entered and not yet left through `next_key`/`next_item`.
    depth: usize,
    /// The container just entered has had no key or item yet: no `,` before the next.
    first: bool,
}

impl<'a> JsonReader<'a> {
    /// A reader before the first value of `body`.
    pub fn new(body: &'a [u8]) -> Self {
        JsonReader { input: body, pos: 0, depth: 0, first: false }
    }

    /// An error of this kind at the current position (for callers' own checks).
    pub fn error(&self, kind: JsonErrorKind) -> JsonError {
        self.error_at(self.pos, kind)
    }

    #[cold]
    fn error_at(&self, pos: usize, kind: JsonErrorKind) -> JsonError {
        JsonError::new(kind, pos as u64)
    }

    /// "Expected `what`" for the byte at the current position.
    #[cold]
    fn expected(&self, expected: &'static str) -> JsonError {
        self.error(JsonErrorKind::Expected { expected, found: self.input.get(self.pos).copied() })
    }

    /// The byte offset of the next token (or of the whitespace before it).
    pub fn position(&self) -> usize {
        self.pos
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.input.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek_byte(&mut self) -> Option<u8> {
        self.skip_ws();
        self.input.get(self.pos).copied()
    }

    /// Whether only whitespace is left (an empty body reads as no value at all, which the JSON
    /// protocols treat as `{}`).
    pub fn at_end(&mut self) -> bool {
        self.peek_byte().is_none()
    }

    /// Checks that nothing but whitespace follows what was read.
    pub fn finish(mut self) -> Result<(), JsonError> {
        match self.peek_byte() {
            None => Ok(()),
            Some(_) => Err(self.expected("the end of the body")),
        }
    }

    /// The kind of the next value, without reading it.
    pub fn peek(&mut self) -> Result<JsonType, JsonError> {
        Ok(match self.peek_byte() {
            Some(b'{') => JsonType::Object,
            Some(b'[') => JsonType::Array,
            Some(b'"') => JsonType::String,
            Some(b't' | b'f') => JsonType::Bool,
            Some(b'n') => JsonType::Null,
            Some(b'-' | b'0'..=b'9') => JsonType::Number,
            _ => return Err(self.expected("a value")),
        })
    }

    /// Consumes `word` (`true`, `false`, `null`) at the current position.
    fn literal(&mut self, word: &'static [u8], what: &'static str) -> Result<(), JsonError> {
        for (k, want) in word.iter().enumerate() {
            let found = self.input.get(self.pos + k).copied();
            if found != Some(*want) {
                return Err(self.error_at(self.pos + k, JsonErrorKind::Expected { expected: what, found }));
            }
        }
        self.pos += word.len();
        Ok(())
    }

    /// Reads `null`.
    pub fn read_null(&mut self) -> Result<(), JsonError> {
        match self.peek_byte() {
            Some(b'n') => self.literal(b"null", "null"),
            _ => Err(self.expected("null")),
        }
    }

    /// `None` for a `null` (consumed), else `read`'s value: how an optional member, or an item
    /// of a sparse list or map, is read.
    pub fn nullable<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> Result<T, JsonError>,
    ) -> Result<Option<T>, JsonError> {
        if self.peek_byte() == Some(b'n') {
            self.literal(b"null", "null")?;
            Ok(None)
        } else {
            read(self).map(Some)
        }
    }

    /// Reads `true` / `false`.
    pub fn read_bool(&mut self) -> Result<bool, JsonError> {
        match self.peek_byte() {
            Some(b't') => self.literal(b"true", "true").map(|()| true),
            Some(b'f') => self.literal(b"false", "false").map(|()| false),
            _ => Err(self.expected("a boolean")),
        }
    }

    // ---- containers -------------------------------------------------------------------------

    /// Enters an object: next, call [`JsonReader::next_key`] until it returns `None`. An
    /// object nested deeper than [`MAX_DEPTH`] is an error.
    pub fn enter_object(&mut self) -> Result<(), JsonError> {
        self.open(b'{', "an object")
    }

    /// Enters an array: next, call [`JsonReader::next_item`] until it returns `false`. An
    /// array nested deeper than [`MAX_DEPTH`] is an error.
    pub fn enter_array(&mut self) -> Result<(), JsonError> {
        self.open(b'[', "an array")
    }

    fn open(&mut self, byte: u8, what: &'static str) -> Result<(), JsonError> {
        if self.peek_byte() != Some(byte) {
            return Err(self.expected(what));
        }
        if self.depth >= MAX_DEPTH {
            return Err(self.error(JsonErrorKind::TooDeep));
        }
        self.pos += 1;
        self.depth += 1;
        self.first = true;
        Ok(())
    }

    /// The next key of the object entered last, positioned before its value (which the caller
    /// must read or [`skip`](JsonReader::skip)), or `None` after consuming the `}`. The key
    /// borrows from the body unless it has escapes.
    pub fn next_key(&mut self) -> Result<Option<Cow<'a, str>>, JsonError> {
        if !self.object_step()? {
            self.depth = self.depth.saturating_sub(1);
            return Ok(None);
        }
        let key = self.scan_string()?;
        self.colon()?;
        Ok(Some(key))
    }

    /// Whether the array entered last has another item (the reader is then before it), or
    /// `false` after consuming the `]`.
    pub fn next_item(&mut self) -> Result<bool, JsonError> {
        let more = self.array_step()?;
        if !more {
            self.depth = self.depth.saturating_sub(1);
        }
        Ok(more)
    }

    /// In an object: moves to the next key's opening quote (`true`) or past the `}` (`false`).
    fn object_step(&mut self) -> Result<bool, JsonError> {
        let first = std::mem::replace(&mut self.first, false);
        match self.peek_byte() {
            Some(b'}') => {
                self.pos += 1;
                Ok(false)
            }
            Some(b'"') if first => Ok(true),
            Some(b',') if !first => {
                self.pos += 1;
                match self.peek_byte() {
                    Some(b'"') => Ok(true),
                    _ => Err(self.expected("a key")),
                }
            }
            _ => Err(self.expected(if first { "a key or '}'" } else { "',' or '}'" })),
        }
    }

    /// In an array: moves to the next item (`true`) or past the `]` (`false`).
    fn array_step(&mut self) -> Result<bool, JsonError> {
        let first = std::mem::replace(&mut self.first, false);
        match self.peek_byte() {
            Some(b']') => {
                self.pos += 1;
                Ok(false)
            }
            Some(b',') if !first => {
                self.pos += 1;
                Ok(true)
            }
            Some(_) if first => Ok(true),
            _ => Err(self.expected(if first { "a value or ']'" } else { "',' or ']'" })),
        }
    }

    fn colon(&mut self) -> Result<(), JsonError> {
        if self.peek_byte() != Some(b':') {
            return Err(self.expected("':'"));
        }
        self.pos += 1;
        Ok(())
    }

    /// Reads an array, each item with `read`. Nothing is reserved up front: the list grows
    /// with the items the body really has.
    pub fn read_list<T>(
        &mut self,
        mut read: impl FnMut(&mut Self) -> Result<T, JsonError>,
    ) -> Result<Vec<T>, JsonError> {
        self.enter_array()?;
        let mut items = Vec::new();
        while self.next_item()? {
            items.push(read(self)?);
        }
        Ok(items)
    }

    /// Reads an object as a map, each value with `read` (a repeated key keeps its last value).
    pub fn read_map<V>(
        &mut self,
        mut read: impl FnMut(&mut Self) -> Result<V, JsonError>,
    ) -> Result<BTreeMap<String, V>, JsonError> {
        self.enter_object()?;
        let mut map = BTreeMap::new();
        while let Some(key) = self.next_key()? {
            let value = read(self)?;
            map.insert(key.into_owned(), value);
        }
        Ok(map)
    }

    /// Skips the next value, however deeply nested, checking its syntax. Iterative: one byte
    /// of bookkeeping per open container, no recursion, no depth limit.
    pub fn skip(&mut self) -> Result<(), JsonError> {
        // One entry per container open in the skipped value: `true` for an object.
        let mut open: Vec<bool> = Vec::new();
        loop {
            match self.peek()? {
                JsonType::Object | JsonType::Array => {
                    open.push(self.input[self.pos] == b'{');
                    self.pos += 1;
                    self.first = true;
                }
                JsonType::String => {
                    self.scan_string()?;
                }
                JsonType::Number => {
                    self.number_token()?;
                }
                JsonType::Bool => {
                    self.read_bool()?;
                }
                JsonType::Null => self.read_null()?,
            }
            // To the next value, closing the containers that end here.
            loop {
                let more = match open.last() {
                    None => return Ok(()),
                    Some(true) => {
                        let more = self.object_step()?;
                        if more {
                            self.scan_string()?;
                            self.colon()?;
                        }
                        more
                    }
                    Some(false) => self.array_step()?,
                };
                if more {
                    break;
                }
                open.pop();
            }
        }
    }

    // ---- strings ----------------------------------------------------------------------------

    /// Reads a string.
    pub fn read_string(&mut self) -> Result<String, JsonError> {
        self.scan_string().map(Cow::into_owned)
    }

    /// Reads a string, borrowing from the body when it has no escapes.
    pub fn read_str(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.scan_string()
    }

    fn scan_string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        if self.peek_byte() != Some(b'"') {
            return Err(self.expected("a string"));
        }
        let input = self.input;
        let start = self.pos + 1;
        // Runs of plain bytes are passed over with one table lookup each.
        let mut i = input
            .get(start..)
            .map_or(start, |rest| start + rest.iter().take_while(|&&b| !SPECIAL[usize::from(b)]).count());
        loop {
            match input.get(i) {
                Some(b'"') => {
                    let s = self.utf8(start, i)?;
                    self.pos = i + 1;
                    return Ok(Cow::Borrowed(s));
                }
                Some(b'\\') => return self.scan_escaped(start, i).map(Cow::Owned),
                Some(&b) if b < 0x20 => return Err(self.error_at(i, JsonErrorKind::ControlCharacter(b))),
                Some(_) => i += 1,
                None => return Err(self.error_at(i, JsonErrorKind::Expected { expected: "'\"'", found: None })),
            }
        }
    }

    /// The rest of a string from its first backslash at `i`; `start` is its first byte.
    fn scan_escaped(&mut self, start: usize, mut i: usize) -> Result<String, JsonError> {
        let input = self.input;
        // At most the body's length: no size from the body itself is trusted.
        let mut out = String::with_capacity(i - start + 16);
        let mut run = start;
        loop {
            match input.get(i) {
                Some(b'"') => {
                    out.push_str(self.utf8(run, i)?);
                    self.pos = i + 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    // A backslash is ASCII, so it never splits a UTF-8 sequence: each run between
                    // escapes is checked on its own.
                    out.push_str(self.utf8(run, i)?);
                    let (c, len) = self.escape(i)?;
                    out.push(c);
                    i += len;
                    run = i;
                }
                Some(&b) if b < 0x20 => return Err(self.error_at(i, JsonErrorKind::ControlCharacter(b))),
                Some(_) => i += 1,
                None => return Err(self.error_at(i, JsonErrorKind::Expected { expected: "'\"'", found: None })),
            }
        }
    }

    fn utf8(&self, from: usize, to: usize) -> Result<&'a str, JsonError> {
        let input: &'a [u8] = self.input;
        std::str::from_utf8(&input[from..to])
            .map_err(|e| self.error_at(from + e.valid_up_to(), JsonErrorKind::InvalidUtf8))
    }

    /// The escape starting with the backslash at `at`: the character and the bytes it took.
    ///
    /// A `\uD800`-`\uDFFF` escape that is not a high surrogate followed by a low one is an
    /// error, not U+FFFD: a Rust string cannot hold it, and silently replacing it would change
    /// a value (a key, a token, an id the caller sends back) without anyone knowing; AWS
    /// services write valid UTF-16 pairs, so a lone half means a corrupt body.
    fn escape(&self, at: usize) -> Result<(char, usize), JsonError> {
        let c = match self.input.get(at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let unit = self.hex4(at + 2)?;
                let (code, len) = match unit {
                    0xD800..=0xDBFF => {
                        let low = match (self.input.get(at + 6), self.input.get(at + 7)) {
                            (Some(b'\\'), Some(b'u')) => self.hex4(at + 8)?,
                            _ => return Err(self.error_at(at, JsonErrorKind::LoneSurrogate)),
                        };
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(self.error_at(at, JsonErrorKind::LoneSurrogate));
                        }
                        (0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), 12)
                    }
                    0xDC00..=0xDFFF => return Err(self.error_at(at, JsonErrorKind::LoneSurrogate)),
                    _ => (unit, 6),
                };
                let c = char::from_u32(code).ok_or_else(|| self.error_at(at, JsonErrorKind::LoneSurrogate))?;
                return Ok((c, len));
            }
            None => return Err(self.error_at(at + 1, JsonErrorKind::Expected { expected: "an escape", found: None })),
            Some(_) => return Err(self.error_at(at, JsonErrorKind::InvalidEscape)),
        };
        Ok((c, 2))
    }

    /// Four hex digits at `at`.
    fn hex4(&self, at: usize) -> Result<u32, JsonError> {
        let mut v = 0;
        for k in at..at + 4 {
            let d = match self.input.get(k) {
                None => return Err(self.error_at(k, JsonErrorKind::Expected { expected: "a hex digit", found: None })),
                Some(b) => char::from(*b).to_digit(16).ok_or_else(|| self.error_at(k, JsonErrorKind::InvalidEscape))?,
            };
            v = v * 16 + d;
        }
        Ok(v)
    }

    // ---- numbers ----------------------------------------------------------------------------

    /// Scans a number as RFC 8259 writes it: its text, and whether it is an integer (no
    /// fraction, no exponent).
    fn number_token(&mut self) -> Result<(&'a str, bool), JsonError> {
        self.skip_ws();
        let input: &'a [u8] = self.input;
        let start = self.pos;
        let mut i = start;
        let digit = |i: usize| matches!(input.get(i), Some(b'0'..=b'9'));
        let digits1 = |i: &mut usize| {
            if !digit(*i) {
                let found = input.get(*i).copied();
                return Err(self.error_at(*i, JsonErrorKind::Expected { expected: "a digit", found }));
            }
            while digit(*i) {
                *i += 1;
            }
            Ok(())
        };
        if input.get(i) == Some(&b'-') {
            i += 1;
        }
        if input.get(i) == Some(&b'0') {
            i += 1;
            if digit(i) {
                return Err(self.error_at(start, JsonErrorKind::LeadingZero));
            }
        } else {
            digits1(&mut i)?;
        }
        let mut integer = true;
        if input.get(i) == Some(&b'.') {
            integer = false;
            i += 1;
            digits1(&mut i)?;
        }
        if let Some(b'e' | b'E') = input.get(i) {
            integer = false;
            i += 1;
            if let Some(b'+' | b'-') = input.get(i) {
                i += 1;
            }
            digits1(&mut i)?;
        }
        self.pos = i;
        // Only ASCII digits and signs were accepted.
        let text =
            std::str::from_utf8(&input[start..i]).map_err(|_| self.error_at(start, JsonErrorKind::InvalidUtf8))?;
        Ok((text, integer))
    }

    /// The error unless a number starts here.
    fn expect_number(&mut self, what: &'static str) -> Result<usize, JsonError> {
        match self.peek_byte() {
            Some(b'-' | b'0'..=b'9') => Ok(self.pos),
            _ => Err(self.expected(what)),
        }
    }

    /// Reads an integer into any integer type `i64` converts to (`i8`..`i64`): a fraction or
    /// exponent, or a value outside `T`, is an error.
    pub fn read_int<T: TryFrom<i64>>(&mut self) -> Result<T, JsonError> {
        let start = self.expect_number("an integer")?;
        let (text, integer) = self.number_token()?;
        if !integer {
            return Err(self.error_at(start, JsonErrorKind::NotAnInteger));
        }
        let range = || self.error_at(start, JsonErrorKind::OutOfRange(std::any::type_name::<T>()));
        let v: i64 = text.parse().map_err(|_| range())?;
        T::try_from(v).map_err(|_| range())
    }

    /// Reads a double: a number, or the strings `"NaN"`, `"Infinity"`, `"-Infinity"`. A number
    /// too large for `f64` is an error (not infinity: only the strings mean that).
    pub fn read_f64(&mut self) -> Result<f64, JsonError> {
        if self.peek_byte() == Some(b'"') {
            return self.special_float();
        }
        let start = self.expect_number("a number")?;
        let (text, _) = self.number_token()?;
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(self.error_at(start, JsonErrorKind::OutOfRange("f64"))),
        }
    }

    /// Reads a single-precision float (the decimal rounded once, straight to `f32`); as
    /// [`JsonReader::read_f64`], with the range of `f32`.
    pub fn read_f32(&mut self) -> Result<f32, JsonError> {
        if self.peek_byte() == Some(b'"') {
            return self.special_float().map(|v| v as f32);
        }
        let start = self.expect_number("a number")?;
        let (text, _) = self.number_token()?;
        match text.parse::<f32>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(self.error_at(start, JsonErrorKind::OutOfRange("f32"))),
        }
    }

    fn special_float(&mut self) -> Result<f64, JsonError> {
        let start = self.pos;
        match &*self.scan_string()? {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(self.error_at(start, JsonErrorKind::Expected { expected: "a number", found: Some(b'"') })),
        }
    }

    // ---- blobs, timestamps, documents -------------------------------------------------------

    /// Reads a base64 string as bytes.
    pub fn read_blob(&mut self) -> Result<Vec<u8>, JsonError> {
        self.skip_ws();
        let start = self.pos;
        let text = self.scan_string()?;
        base64::engine::general_purpose::STANDARD
            .decode(text.as_bytes())
            .map_err(|_| self.error_at(start, JsonErrorKind::InvalidBase64))
    }

    /// Reads a timestamp: a number is epoch seconds (the JSON protocols' default); a string is
    /// read in `format`, then in the other two (services are not always consistent).
    pub fn read_timestamp(&mut self, format: TimestampFormat) -> Result<DateTime, JsonError> {
        self.skip_ws();
        let start = self.pos;
        let parsed = match self.peek_byte() {
            Some(b'"') => {
                let s = self.scan_string()?;
                DateTime::parse(&s, format).or_else(|_| DateTime::parse_any(&s))
            }
            Some(b'-' | b'0'..=b'9') => {
                let (text, _) = self.number_token()?;
                if text.contains(['e', 'E']) {
                    // `1.398796238E9`: rare, but valid JSON for the same number.
                    let t = text.parse::<f64>().ok().filter(|v| v.is_finite()).map(DateTime::from_secs_f64);
                    t.filter(DateTime::is_rfc3339_range).ok_or_else(|| DateTimeParseError {
                        input: text.chars().take(64).collect(),
                        expected: "epoch seconds within years 0000-9999",
                    })
                } else {
                    DateTime::parse_epoch_seconds(text)
                }
            }
            _ => return Err(self.expected("a timestamp")),
        };
        parsed.map_err(|e| self.error_at(start, JsonErrorKind::InvalidTimestamp(e)))
    }

    /// Reads any value as a [`Document`]. Iterative; containers count towards [`MAX_DEPTH`]
    /// like any other, so a document from the wire is at most that deep (which also bounds
    /// the recursion of its `Drop`). A repeated key keeps its last value.
    pub fn read_document(&mut self) -> Result<Document, JsonError> {
        /// A container being filled: an array, or an object and the key of the value being read.
        enum Open {
            Array(Vec<Document>),
            Object(BTreeMap<String, Document>, String),
        }
        let mut stack: Vec<Open> = Vec::new();
        loop {
            let mut value = match self.peek()? {
                JsonType::Object => {
                    self.enter_object()?;
                    match self.next_key()? {
                        Some(key) => {
                            stack.push(Open::Object(BTreeMap::new(), key.into_owned()));
                            continue;
                        }
                        None => Document::Object(BTreeMap::new()),
                    }
                }
                JsonType::Array => {
                    self.enter_array()?;
                    if self.next_item()? {
                        stack.push(Open::Array(Vec::new()));
                        continue;
                    }
                    Document::Array(Vec::new())
                }
                JsonType::String => Document::String(self.read_string()?),
                JsonType::Number => self.document_number()?,
                JsonType::Bool => Document::Bool(self.read_bool()?),
                JsonType::Null => {
                    self.read_null()?;
                    Document::Null
                }
            };
            // Store the value, closing the containers that end after it.
            loop {
                let Some(open) = stack.pop() else { return Ok(value) };
                match open {
                    Open::Array(mut items) => {
                        items.push(value);
                        if self.next_item()? {
                            stack.push(Open::Array(items));
                            break;
                        }
                        value = Document::Array(items);
                    }
                    Open::Object(mut map, key) => {
                        map.insert(key, value);
                        match self.next_key()? {
                            Some(next) => {
                                stack.push(Open::Object(map, next.into_owned()));
                                break;
                            }
                            None => value = Document::Object(map),
                        }
                    }
                }
            }
        }
    }

    fn document_number(&mut self) -> Result<Document, JsonError> {
        let start = self.pos;
        let (text, integer) = self.number_token()?;
        if integer {
            if let Ok(i) = text.parse::<i64>() {
                return Ok(Document::Int(i));
            }
        }
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Document::Float(v)),
            _ => Err(self.error_at(start, JsonErrorKind::OutOfRange("f64"))),
        }
    }
}
