//! Streaming XML reading for generated deserializers (no DOM).
//!
//! [`XmlReader`] walks a document one element at a time. The generated code for a structure is
//! a loop: `while let Some(tag) = r.next_child()? { match tag.name() { b"Name" => ..., _ =>
//! r.skip()? } }`. Every handler consumes the element it was given through its end tag, so the
//! reader always knows where it is. Unknown elements are skipped, namespace prefixes are ignored
//! (only local names are compared), entities and character references are decoded, CDATA is
//! read as text, and whitespace between elements is ignored.

use crate::time::{DateTime, TimestampFormat};
use base64::Engine;
use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::Reader;
use std::borrow::Cow;
use std::fmt;

/// Why a document could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlError {
    /// What went wrong.
    pub message: String,
    /// Byte offset in the document where it was noticed.
    pub position: u64,
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.position)
    }
}

impl std::error::Error for XmlError {}

/// A start tag: its local name and its attributes.
#[derive(Clone, Debug)]
pub struct Tag<'a> {
    start: BytesStart<'a>,
}

impl<'a> Tag<'a> {
    /// The local name (namespace prefix removed).
    pub fn name(&self) -> &[u8] {
        let full = self.start.name().into_inner();
        match full.iter().position(|b| *b == b':') {
            Some(i) => &full[i + 1..],
            None => full,
        }
    }

    /// The value of an attribute, matched by local name, entities decoded.
    pub fn attribute(&self, name: &str) -> Option<String> {
        self.start.attributes().flatten().find_map(|a| {
            if a.key.local_name().as_ref() == name.as_bytes() {
                a.unescape_value().ok().map(|v| v.into_owned())
            } else {
                None
            }
        })
    }
}

/// A pull reader over a complete response body.
pub struct XmlReader<'a> {
    reader: Reader<&'a [u8]>,
    /// The element just entered was `<x/>`: it has no children and no text.
    pending_empty: bool,
}

impl<'a> XmlReader<'a> {
    /// A reader positioned before the root element.
    pub fn new(body: &'a [u8]) -> Self {
        let mut reader = Reader::from_reader(body);
        reader.config_mut().check_end_names = true;
        XmlReader { reader, pending_empty: false }
    }

    /// Makes an error at the current position.
    pub fn error(&self, message: impl Into<String>) -> XmlError {
        XmlError { message: message.into(), position: self.reader.buffer_position() }
    }

    fn next_event(&mut self) -> Result<Event<'a>, XmlError> {
        self.reader.read_event().map_err(|e| self.error(format!("malformed XML: {e}")))
    }

    fn tag(start: BytesStart<'a>) -> Tag<'a> {
        Tag { start }
    }

    /// Enters the root element.
    pub fn root(&mut self) -> Result<Tag<'a>, XmlError> {
        loop {
            match self.next_event()? {
                Event::Start(s) => return Ok(Self::tag(s)),
                Event::Empty(s) => {
                    self.pending_empty = true;
                    return Ok(Self::tag(s));
                }
                Event::Eof => return Err(self.error("empty document: no root element")),
                Event::Text(t) if !t.iter().all(u8::is_ascii_whitespace) => {
                    return Err(self.error("text before the root element: not an XML document"))
                }
                _ => {}
            }
        }
    }

    /// Enters the next child of the current element, or returns `None` after consuming the
    /// current element's end tag.
    pub fn next_child(&mut self) -> Result<Option<Tag<'a>>, XmlError> {
        if self.pending_empty {
            self.pending_empty = false;
            return Ok(None);
        }
        loop {
            match self.next_event()? {
                Event::Start(s) => return Ok(Some(Self::tag(s))),
                Event::Empty(s) => {
                    self.pending_empty = true;
                    return Ok(Some(Self::tag(s)));
                }
                Event::End(_) => return Ok(None),
                Event::Eof => return Err(self.error("truncated document: unexpected end of input")),
                _ => {}
            }
        }
    }

    /// Reads the text content of the current element through its end tag (text and CDATA
    /// concatenated, entities decoded; nested elements are skipped).
    pub fn text(&mut self) -> Result<String, XmlError> {
        self.text_cow().map(Cow::into_owned)
    }

    /// [`XmlReader::text`], borrowing from the body when the content is one run of text without
    /// entities (the common case), so numbers, booleans and timestamps are read without
    /// allocating and strings are copied once.
    fn text_cow(&mut self) -> Result<Cow<'a, str>, XmlError> {
        if self.pending_empty {
            self.pending_empty = false;
            return Ok(Cow::Borrowed(""));
        }
        let first = match self.next_event()? {
            Event::Text(t) => self.unescape(t)?,
            Event::End(_) => return Ok(Cow::Borrowed("")),
            other => return self.text_rest(String::new(), other).map(Cow::Owned),
        };
        match self.next_event()? {
            Event::End(_) => Ok(first),
            other => self.text_rest(first.into_owned(), other).map(Cow::Owned),
        }
    }

    /// Decodes a text event, borrowing from the body when there is nothing to unescape.
    fn unescape(&self, t: BytesText<'a>) -> Result<Cow<'a, str>, XmlError> {
        t.unescape().map_err(|e| self.error(format!("bad text: {e}")))
    }

    /// The rest of [`XmlReader::text_cow`]: appends `event` and what follows to `out` through
    /// the end tag.
    fn text_rest(&mut self, mut out: String, mut event: Event<'a>) -> Result<String, XmlError> {
        loop {
            match event {
                Event::Text(t) => out.push_str(&self.unescape(t)?),
                Event::CData(c) => {
                    let s = c.decode().map_err(|e| self.error(format!("bad CDATA: {e}")))?;
                    out.push_str(&s);
                }
                Event::Start(_) => self.skip_open()?,
                Event::End(_) => return Ok(out),
                Event::Eof => return Err(self.error("truncated document: unexpected end of input")),
                _ => {}
            }
            event = self.next_event()?;
        }
    }

    /// Skips the rest of the current element, through its end tag.
    pub fn skip(&mut self) -> Result<(), XmlError> {
        if self.pending_empty {
            self.pending_empty = false;
            return Ok(());
        }
        self.skip_open()
    }

    fn skip_open(&mut self) -> Result<(), XmlError> {
        let mut depth = 0usize;
        loop {
            match self.next_event()? {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => return Ok(()),
                Event::End(_) => depth -= 1,
                Event::Eof => return Err(self.error("truncated document: unexpected end of input")),
                _ => {}
            }
        }
    }

    /// Reads the current element as a string.
    pub fn read_string(&mut self) -> Result<String, XmlError> {
        self.text()
    }

    /// Reads `true` / `false`.
    pub fn read_bool(&mut self) -> Result<bool, XmlError> {
        let t = self.text_cow()?;
        match t.trim() {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(self.error(format!("expected true or false, found {other:?}"))),
        }
    }

    /// Reads an integer of any width.
    pub fn read_int<T: std::str::FromStr>(&mut self) -> Result<T, XmlError> {
        let t = self.text_cow()?;
        t.trim().parse().map_err(|_| self.error(format!("expected an integer, found {:?}", t.trim())))
    }

    /// Reads a float, accepting `NaN`, `Infinity` and `-Infinity`.
    pub fn read_f64(&mut self) -> Result<f64, XmlError> {
        let t = self.text_cow()?;
        parse_float(t.trim()).ok_or_else(|| self.error(format!("expected a number, found {:?}", t.trim())))
    }

    /// Reads a single-precision float (the decimal rounded once, straight to `f32`).
    pub fn read_f32(&mut self) -> Result<f32, XmlError> {
        let t = self.text_cow()?;
        let t = t.trim();
        match parse_float(t) {
            Some(v) if v.is_finite() => t.parse::<f32>().ok(),
            other => other.map(|v| v as f32),
        }
        .ok_or_else(|| self.error(format!("expected a number, found {t:?}")))
    }

    /// Reads a timestamp. The model's format is tried first, then the other two: services are
    /// not always consistent, and a readable instant is better than an error.
    pub fn read_timestamp(&mut self, format: TimestampFormat) -> Result<DateTime, XmlError> {
        let t = self.text_cow()?;
        let t = t.trim();
        DateTime::parse(t, format).or_else(|_| DateTime::parse_any(t)).map_err(|e| self.error(e.to_string()))
    }

    /// Reads base64 content as bytes.
    pub fn read_blob(&mut self) -> Result<Vec<u8>, XmlError> {
        let t = self.text_cow()?;
        let compact: String = t.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        base64::engine::general_purpose::STANDARD
            .decode(compact.as_bytes())
            .map_err(|e| self.error(format!("bad base64: {e}")))
    }

    /// Descends from the current element through a chain of child names, skipping siblings;
    /// `Ok(false)` if one of them is missing (the element is then fully consumed).
    pub fn descend(&mut self, path: &[&str]) -> Result<bool, XmlError> {
        for name in path {
            loop {
                match self.next_child()? {
                    Some(t) if t.name() == name.as_bytes() => break,
                    Some(_) => self.skip()?,
                    None => return Ok(false),
                }
            }
        }
        Ok(true)
    }
}

/// Parses a float as AWS protocols write it.
pub fn parse_float(s: &str) -> Option<f64> {
    match s {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ if s.bytes().any(|b| b.is_ascii_alphabetic() && b != b'e' && b != b'E') => None,
        _ => s.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_nested_elements_with_noise() {
        let doc = br#"<?xml version="1.0"?>
<a:Root xmlns:a="urn:x"><!-- c --><Skip><Deep>1</Deep></Skip>
  <Name>x &amp; <![CDATA[<y>]]>&#65;</Name><Empty/><Flag> true </Flag></a:Root>"#;
        let mut r = XmlReader::new(doc);
        assert_eq!(r.root().unwrap().name(), b"Root");
        let mut seen = Vec::new();
        while let Some(t) = r.next_child().unwrap() {
            match t.name() {
                b"Name" => seen.push(r.read_string().unwrap()),
                b"Empty" => seen.push(format!("[{}]", r.read_string().unwrap())),
                b"Flag" => seen.push(r.read_bool().unwrap().to_string()),
                _ => r.skip().unwrap(),
            }
        }
        assert_eq!(seen, ["x & <y>A", "[]", "true"]);
    }

    #[test]
    fn truncated_and_mismatched_are_errors() {
        let mut r = XmlReader::new(b"<A><B>1</B>");
        r.root().unwrap();
        assert!(r.next_child().unwrap().is_some());
        r.skip().unwrap();
        assert!(r.next_child().is_err());
        let mut r = XmlReader::new(b"<A><B>1</C></A>");
        r.root().unwrap();
        r.next_child().unwrap();
        assert!(r.text().is_err());
        assert!(XmlReader::new(b"not xml").root().is_err());
        assert!(XmlReader::new(b"").root().is_err());
    }
}
