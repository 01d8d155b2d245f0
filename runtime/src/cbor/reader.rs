//! [`CborReader`]: the pull reader.

use super::{f16_to_f64, CborError, CborErrorKind, MAX_DEPTH};
use crate::document::Document;
use crate::time::{DateTime, DateTimeParseError};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The kind of the next data item, from its initial byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CborType {
    /// Major type 0.
    Unsigned,
    /// Major type 1 (`-1 - n`).
    Negative,
    /// Major type 2.
    Bytes,
    /// Major type 3.
    Text,
    /// Major type 4.
    Array,
    /// Major type 5.
    Map,
    /// Major type 6: a tag number, then the tagged item.
    Tag,
    /// `false` or `true`.
    Bool,
    /// `null`.
    Null,
    /// `undefined`, read as `null` by [`CborReader::nullable`].
    Undefined,
    /// A half-precision float.
    Float16,
    /// A single-precision float.
    Float32,
    /// A double-precision float.
    Float64,
}

/// An open container: items left (a map counts keys and values), or indefinite.
#[derive(Clone, Copy, Debug)]
struct Frame {
    /// Items left in a definite container; `None`: indefinite, ends at a break.
    left: Option<u64>,
    /// A map (its items come in key-value pairs).
    map: bool,
    /// An indefinite map between a key and its value.
    odd: bool,
}

const BREAK: u8 = 0xff;

/// A pull reader over a complete CBOR body.
///
/// Each `read_*` method reads one data item (tags before it are skipped, except by
/// [`CborReader::read_tag`]); [`CborReader::enter_object`] and [`CborReader::next_key`] walk a
/// map, [`CborReader::enter_array`] and [`CborReader::next_item`] an array;
/// [`CborReader::finish`] checks that nothing follows the item. Errors leave the reader where
/// it noticed them; read nothing after one.
#[derive(Clone, Debug)]
pub struct CborReader<'a> {
    input: &'a [u8],
    pos: usize,
    /// Containers entered and not yet left through `next_key`/`next_item`.
    open: Vec<Frame>,
}

impl<'a> CborReader<'a> {
    /// A reader before the first data item of `body`.
    pub fn new(body: &'a [u8]) -> Self {
        CborReader { input: body, pos: 0, open: Vec::new() }
    }

    /// An error of this kind at the current position (for callers' own checks).
    #[cold]
    pub fn error(&self, kind: CborErrorKind) -> CborError {
        CborError::new(kind, self.pos as u64)
    }

    #[cold]
    fn error_at(&self, pos: usize, kind: CborErrorKind) -> CborError {
        CborError::new(kind, pos as u64)
    }

    #[cold]
    fn expected(&self, at: usize, expected: &'static str) -> CborError {
        match self.input.get(at) {
            Some(&found) => self.error_at(at, CborErrorKind::Expected { expected, found }),
            None => self.error_at(at, CborErrorKind::UnexpectedEnd),
        }
    }

    /// The byte offset of the next data item.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Whether the whole body has been read (an empty body reads as no item at all, which the
    /// protocol treats as an empty map).
    pub fn at_end(&self) -> bool {
        self.pos >= self.input.len()
    }

    /// Checks that nothing follows what was read.
    pub fn finish(self) -> Result<(), CborError> {
        if self.at_end() {
            Ok(())
        } else {
            Err(self.error(CborErrorKind::TrailingData))
        }
    }

    #[inline]
    fn left(&self) -> usize {
        self.input.len().saturating_sub(self.pos)
    }

    #[inline]
    fn byte(&self) -> Result<u8, CborError> {
        self.input.get(self.pos).copied().ok_or_else(|| self.error(CborErrorKind::UnexpectedEnd))
    }

    /// The `N`-byte big-endian argument after the initial byte at `self.pos - 1`.
    #[inline]
    fn argument<const N: usize>(&mut self) -> Result<[u8; N], CborError> {
        let bytes = self.input.get(self.pos..self.pos + N).and_then(|b| <[u8; N]>::try_from(b).ok());
        let bytes = bytes.ok_or_else(|| self.error(CborErrorKind::UnexpectedEnd))?;
        self.pos += N;
        Ok(bytes)
    }

    /// Reads a head: major type, additional information and argument (`None` for an
    /// indefinite length). A break or a reserved additional information is an error; so is an
    /// indefinite length on a major type that cannot have one.
    #[inline]
    fn head(&mut self) -> Result<(u8, u8, Option<u64>), CborError> {
        let start = self.pos;
        let initial = self.byte()?;
        self.pos += 1;
        let (major, info) = (initial >> 5, initial & 0x1f);
        let arg = match info {
            0..=23 => Some(u64::from(info)),
            24 => Some(u64::from(self.argument::<1>()?[0])),
            25 => Some(u64::from(u16::from_be_bytes(self.argument()?))),
            26 => Some(u64::from(u32::from_be_bytes(self.argument()?))),
            27 => Some(u64::from_be_bytes(self.argument()?)),
            31 if matches!(major, 2..=5) => None,
            _ => return Err(self.error_at(start, CborErrorKind::Malformed(initial))),
        };
        Ok((major, info, arg))
    }

    /// Skips tags (each consumes at least one byte, so this ends), leaving the reader at the
    /// initial byte of the tagged item, which it returns.
    #[inline]
    fn untagged(&mut self) -> Result<u8, CborError> {
        loop {
            let b = self.byte()?;
            if b >> 5 != 6 {
                return Ok(b);
            }
            self.head()?;
        }
    }

    /// The kind of the next data item, without reading it (a tag is [`CborType::Tag`]).
    #[inline]
    pub fn peek(&self) -> Result<CborType, CborError> {
        let b = self.byte()?;
        Ok(match (b >> 5, b & 0x1f) {
            (0, _) => CborType::Unsigned,
            (1, _) => CborType::Negative,
            (2, _) => CborType::Bytes,
            (3, _) => CborType::Text,
            (4, _) => CborType::Array,
            (5, _) => CborType::Map,
            (6, _) => CborType::Tag,
            (_, 20 | 21) => CborType::Bool,
            (_, 22) => CborType::Null,
            (_, 23) => CborType::Undefined,
            (_, 25) => CborType::Float16,
            (_, 26) => CborType::Float32,
            (_, 27) => CborType::Float64,
            (_, 24) => {
                return Err(
                    self.error(CborErrorKind::UnsupportedSimple(self.input.get(self.pos + 1).copied().unwrap_or(0)))
                )
            }
            (_, info @ 0..=19) => return Err(self.error(CborErrorKind::UnsupportedSimple(info))),
            _ => return Err(self.error(CborErrorKind::Malformed(b))),
        })
    }

    /// Reads a tag's number; the tagged item follows.
    pub fn read_tag(&mut self) -> Result<u64, CborError> {
        let start = self.pos;
        match self.head()? {
            (6, _, Some(n)) => Ok(n),
            _ => Err(self.expected(start, "a tag")),
        }
    }

    /// `None` for a `null` or `undefined` (consumed), else `read`'s value: how an optional
    /// member, or an item of a sparse list or map, is read.
    #[inline]
    pub fn nullable<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> Result<T, CborError>,
    ) -> Result<Option<T>, CborError> {
        if matches!(self.untagged()?, 0xf6 | 0xf7) {
            self.pos += 1;
            Ok(None)
        } else {
            read(self).map(Some)
        }
    }

    /// Reads `null` (or `undefined`).
    #[inline]
    pub fn read_null(&mut self) -> Result<(), CborError> {
        match self.untagged()? {
            0xf6 | 0xf7 => {
                self.pos += 1;
                Ok(())
            }
            _ => Err(self.expected(self.pos, "null")),
        }
    }

    /// Reads `true` / `false`.
    #[inline]
    pub fn read_bool(&mut self) -> Result<bool, CborError> {
        let b = self.untagged()?;
        let v = match b {
            0xf4 => false,
            0xf5 => true,
            _ => return Err(self.expected(self.pos, "a boolean")),
        };
        self.pos += 1;
        Ok(v)
    }

    // ---- containers -------------------------------------------------------------------------

    /// Enters a map: next, call [`CborReader::next_key`] until it returns `None`. A map nested
    /// deeper than [`MAX_DEPTH`] is an error.
    #[inline]
    pub fn enter_object(&mut self) -> Result<(), CborError> {
        self.open(5, "a map")
    }

    /// Enters an array: next, call [`CborReader::next_item`] until it returns `false`. An array
    /// nested deeper than [`MAX_DEPTH`] is an error.
    #[inline]
    pub fn enter_array(&mut self) -> Result<(), CborError> {
        self.open(4, "an array")
    }

    #[inline]
    fn open(&mut self, major: u8, what: &'static str) -> Result<(), CborError> {
        let start = self.pos;
        if self.untagged()? >> 5 != major {
            return Err(self.expected(self.pos, what));
        }
        if self.open.len() >= MAX_DEPTH {
            return Err(self.error(CborErrorKind::TooDeep));
        }
        let (_, _, len) = self.head()?;
        let frame = self.frame(start, major == 5, len)?;
        self.open.push(frame);
        Ok(())
    }

    /// The frame of a container whose head (at `start`) gave `len`: a definite count must fit
    /// the bytes left, each item taking at least one.
    #[inline]
    fn frame(&self, start: usize, map: bool, len: Option<u64>) -> Result<Frame, CborError> {
        let left = match len {
            None => None,
            Some(n) => {
                let items = if map { n.checked_mul(2) } else { Some(n) };
                match items {
                    Some(items) if items <= self.left() as u64 => Some(items),
                    _ => return Err(self.error_at(start, CborErrorKind::LengthTooLarge(n))),
                }
            }
        };
        Ok(Frame { left, map, odd: false })
    }

    /// Whether the container entered last has another item, consuming its break (or noting
    /// its end) and leaving it when it has not.
    #[inline]
    fn step(&mut self) -> Result<bool, CborError> {
        let Some(frame) = self.open.last_mut() else { return Ok(false) };
        match &mut frame.left {
            Some(0) => {
                self.open.pop();
                Ok(false)
            }
            Some(n) => {
                *n -= 1;
                Ok(true)
            }
            None => {
                if self.input.get(self.pos) == Some(&BREAK) {
                    self.pos += 1;
                    self.open.pop();
                    Ok(false)
                } else if self.pos >= self.input.len() {
                    Err(self.error(CborErrorKind::UnexpectedEnd))
                } else {
                    Ok(true)
                }
            }
        }
    }

    /// The next key of the map entered last, positioned before its value (which the caller
    /// must read or [`skip`](CborReader::skip)), or `None` after its end. Keys are text
    /// strings; a definite one borrows from the body.
    #[inline]
    pub fn next_key(&mut self) -> Result<Option<Cow<'a, str>>, CborError> {
        if !self.step()? {
            return Ok(None);
        }
        let key = self.read_str()?;
        if let Some(Frame { left: Some(n), .. }) = self.open.last_mut() {
            // The value: `step` counted the key only.
            *n = n.checked_sub(1).ok_or_else(|| CborError::new(CborErrorKind::MissingValue, self.pos as u64))?;
        } else if self.input.get(self.pos) == Some(&BREAK) {
            return Err(self.error(CborErrorKind::MissingValue));
        }
        Ok(Some(key))
    }

    /// Whether the array entered last has another item (the reader is then before it), or
    /// `false` after its end.
    #[inline]
    pub fn next_item(&mut self) -> Result<bool, CborError> {
        self.step()
    }

    /// Skips the next data item, however deeply nested (up to [`MAX_DEPTH`] with the
    /// containers entered), checking its structure. Iterative: no recursion.
    pub fn skip(&mut self) -> Result<(), CborError> {
        let mut open: Vec<Frame> = Vec::new();
        loop {
            let start = self.pos;
            let (major, _, arg) = self.head()?;
            match major {
                2 | 3 => {
                    self.pos = start;
                    self.string_bytes(major)?;
                }
                4 | 5 => {
                    if open.len() + self.open.len() >= MAX_DEPTH {
                        return Err(self.error_at(start, CborErrorKind::TooDeep));
                    }
                    open.push(self.frame(start, major == 5, arg)?);
                }
                // The tagged item follows: it is this item.
                6 => continue,
                // Integers, simple values and floats: the head was all of it.
                _ => {}
            }
            // Close the containers that end here, then move into the next item of the
            // innermost one still open; done when none is.
            loop {
                let Some(top) = open.last_mut() else { return Ok(()) };
                match &mut top.left {
                    Some(0) => {}
                    Some(n) => {
                        *n -= 1;
                        break;
                    }
                    None if self.input.get(self.pos) == Some(&BREAK) => {
                        if top.odd {
                            return Err(self.error(CborErrorKind::MissingValue));
                        }
                        self.pos += 1;
                    }
                    None => {
                        if top.map {
                            top.odd = !top.odd;
                        }
                        break;
                    }
                }
                open.pop();
            }
        }
    }

    // ---- strings ----------------------------------------------------------------------------

    /// Reads a string of major type `major` (2: bytes, 3: text) at the reader: a definite one
    /// borrowed, an indefinite one's definite chunks joined.
    #[inline]
    fn string_bytes(&mut self, major: u8) -> Result<Cow<'a, [u8]>, CborError> {
        let start = self.pos;
        let (m, _, len) = self.head()?;
        if m != major {
            return Err(self.expected(start, if major == 2 { "a byte string" } else { "a text string" }));
        }
        match len {
            Some(n) => self.definite(start, n).map(Cow::Borrowed),
            None => {
                let mut out = Vec::new();
                loop {
                    let at = self.pos;
                    let b = self.byte()?;
                    if b == BREAK {
                        self.pos += 1;
                        return Ok(Cow::Owned(out));
                    }
                    if b >> 5 != major || b & 0x1f == 31 {
                        return Err(self.error_at(at, CborErrorKind::InvalidChunk(b)));
                    }
                    let (_, _, n) = self.head()?;
                    out.extend_from_slice(self.definite(at, n.unwrap_or(0))?);
                }
            }
        }
    }

    /// The `n` bytes after a head (at `start`), checked against what is left before anything
    /// is taken.
    #[inline]
    fn definite(&mut self, start: usize, n: u64) -> Result<&'a [u8], CborError> {
        if n > self.left() as u64 {
            return Err(self.error_at(start, CborErrorKind::LengthTooLarge(n)));
        }
        let n = n as usize;
        let bytes = &self.input[self.pos..self.pos + n];
        self.pos += n;
        Ok(bytes)
    }

    /// Reads a text string, borrowed from the body when it is definite.
    #[inline]
    pub fn read_str(&mut self) -> Result<Cow<'a, str>, CborError> {
        self.untagged()?;
        let start = self.pos;
        match self.string_bytes(3)? {
            Cow::Borrowed(b) => {
                std::str::from_utf8(b).map(Cow::Borrowed).map_err(|_| self.error_at(start, CborErrorKind::InvalidUtf8))
            }
            Cow::Owned(b) => {
                String::from_utf8(b).map(Cow::Owned).map_err(|_| self.error_at(start, CborErrorKind::InvalidUtf8))
            }
        }
    }

    /// Reads a text string.
    #[inline]
    pub fn read_string(&mut self) -> Result<String, CborError> {
        self.read_str().map(Cow::into_owned)
    }

    /// Reads a byte string (a blob).
    #[inline]
    pub fn read_blob(&mut self) -> Result<Vec<u8>, CborError> {
        self.untagged()?;
        self.string_bytes(2).map(Cow::into_owned)
    }

    // ---- numbers ----------------------------------------------------------------------------

    /// Reads an integer of either sign, whole: CBOR's integers span `-2^64..2^64`.
    #[inline]
    pub fn read_i128(&mut self) -> Result<i128, CborError> {
        self.untagged()?;
        let start = self.pos;
        match self.head()? {
            (0, _, Some(n)) => Ok(i128::from(n)),
            (1, _, Some(n)) => Ok(-1 - i128::from(n)),
            _ => Err(self.expected(start, "an integer")),
        }
    }

    /// Reads an integer into `T` (`i32`, `i64`, ...); out of its range is an error.
    #[inline]
    pub fn read_int<T: TryFrom<i128>>(&mut self) -> Result<T, CborError> {
        let start = self.pos;
        let v = self.read_i128()?;
        T::try_from(v).map_err(|_| self.error_at(start, CborErrorKind::OutOfRange(std::any::type_name::<T>())))
    }

    /// Reads a number as an `f64`: a float of any width, or an integer (converted, rounding
    /// beyond 2^53).
    #[inline]
    pub fn read_f64(&mut self) -> Result<f64, CborError> {
        let b = self.untagged()?;
        let start = self.pos;
        match b {
            0xf9 => {
                self.pos += 1;
                Ok(f16_to_f64(u16::from_be_bytes(self.argument()?)))
            }
            0xfa => {
                self.pos += 1;
                Ok(f64::from(f32::from_bits(u32::from_be_bytes(self.argument()?))))
            }
            0xfb => {
                self.pos += 1;
                Ok(f64::from_bits(u64::from_be_bytes(self.argument()?)))
            }
            _ if b >> 5 <= 1 => Ok(self.read_i128()? as f64),
            _ => Err(self.expected(start, "a number")),
        }
    }

    /// Reads a number as an `f32`: a half or single float exactly; a double or an integer
    /// rounded to the nearest `f32`, an error if it is finite and beyond `f32`'s range.
    #[inline]
    pub fn read_f32(&mut self) -> Result<f32, CborError> {
        let start = self.pos;
        let v = self.read_f64()?;
        let narrowed = v as f32;
        if v.is_finite() && narrowed.is_infinite() {
            return Err(self.error_at(start, CborErrorKind::OutOfRange("f32")));
        }
        Ok(narrowed)
    }

    /// Reads a timestamp: epoch seconds (an integer or a float), under tag 1 as the protocol
    /// writes it (any other tag is skipped, and an untagged number accepted, as other
    /// clients do). A float is taken as the decimal it was written from, as the JSON protocols
    /// read the same number from text: `946845296.123` is .123 s, not the double's binary
    /// value (.123000026 s).
    #[inline]
    pub fn read_timestamp(&mut self) -> Result<DateTime, CborError> {
        let start = self.pos;
        let invalid = |r: &Self, input: String, expected| {
            r.error_at(start, CborErrorKind::InvalidTimestamp(DateTimeParseError { input, expected }))
        };
        const RANGE: &str = "epoch seconds within years 0000-9999";
        if matches!(self.untagged()? >> 5, 0 | 1) {
            let secs = self.read_i128()?;
            let t = i64::try_from(secs).ok().map(DateTime::from_secs).filter(DateTime::is_rfc3339_range);
            return t.ok_or_else(|| invalid(self, secs.to_string(), RANGE));
        }
        let v = self.read_f64()?;
        if !v.is_finite() {
            return Err(invalid(self, v.to_string(), "finite epoch seconds"));
        }
        // Below 2^32 s (year 2106) a double resolves well under half a microsecond, so rounding
        // to the microsecond gives the decimal the sender meant; beyond, its shortest decimal
        // form is parsed (slower, and as exact as the double allows).
        if v.abs() < 4_294_967_296.0 {
            let whole = v.floor();
            let micros = ((v - whole) * 1e6).round() as u32;
            let (secs, micros) = if micros >= 1_000_000 { (whole as i64 + 1, 0) } else { (whole as i64, micros) };
            let t = Some(DateTime::from_secs_and_nanos(secs, micros * 1000)).filter(DateTime::is_rfc3339_range);
            return t.ok_or_else(|| invalid(self, v.to_string(), RANGE));
        }
        DateTime::parse_epoch_seconds(&v.to_string())
            .map_err(|e| self.error_at(start, CborErrorKind::InvalidTimestamp(e)))
    }

    // ---- documents --------------------------------------------------------------------------

    /// Reads any data item as a [`Document`]: maps with text keys, arrays, text, numbers
    /// (integers within `i64` as [`Document::Int`]), booleans, null; a byte string is an error
    /// (a document has no place for one). Iterative; containers count towards [`MAX_DEPTH`].
    pub fn read_document(&mut self) -> Result<Document, CborError> {
        /// A container being filled: an array, or a map and the key of the value being read.
        enum Open {
            Array(Vec<Document>),
            Object(BTreeMap<String, Document>, String),
        }
        let mut stack: Vec<Open> = Vec::new();
        loop {
            let mut value = match self.untagged().and_then(|_| self.peek())? {
                CborType::Map => {
                    self.enter_object()?;
                    match self.next_key()? {
                        Some(key) => {
                            stack.push(Open::Object(BTreeMap::new(), key.into_owned()));
                            continue;
                        }
                        None => Document::Object(BTreeMap::new()),
                    }
                }
                CborType::Array => {
                    self.enter_array()?;
                    if self.next_item()? {
                        stack.push(Open::Array(Vec::new()));
                        continue;
                    }
                    Document::Array(Vec::new())
                }
                CborType::Text => Document::String(self.read_string()?),
                CborType::Unsigned | CborType::Negative => {
                    let v = self.read_i128()?;
                    i64::try_from(v).map_or(Document::Float(v as f64), Document::Int)
                }
                CborType::Float16 | CborType::Float32 | CborType::Float64 => Document::Float(self.read_f64()?),
                CborType::Bool => Document::Bool(self.read_bool()?),
                CborType::Null | CborType::Undefined => {
                    self.read_null()?;
                    Document::Null
                }
                CborType::Bytes | CborType::Tag => return Err(self.expected(self.pos, "a document value")),
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
                            Some(key) => {
                                stack.push(Open::Object(map, key.into_owned()));
                                break;
                            }
                            None => value = Document::Object(map),
                        }
                    }
                }
            }
        }
    }
}
