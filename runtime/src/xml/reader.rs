//! [`XmlReader`]: the pull reader (see the module above for the rules it follows).

use super::{parse_float, XmlError, MAX_DEPTH};
use crate::time::{DateTime, TimestampFormat};
use base64::Engine;
use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::Reader;
use std::borrow::Cow;

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
    /// Elements open at the current position (start tags read whose end tags are not).
    depth: usize,
}

impl<'a> XmlReader<'a> {
    /// A reader positioned before the root element.
    pub fn new(body: &'a [u8]) -> Self {
        let mut reader = Reader::from_reader(body);
        reader.config_mut().check_end_names = true;
        XmlReader { reader, pending_empty: false, depth: 0 }
    }

    /// Makes an error at the current position.
    pub fn error(&self, message: impl Into<String>) -> XmlError {
        XmlError { message: message.into(), position: self.reader.buffer_position() }
    }

    /// The next event; every event goes through here, so `depth` follows the document.
    fn next_event(&mut self) -> Result<Event<'a>, XmlError> {
        let event = self.reader.read_event().map_err(|e| self.error(format!("malformed XML: {e}")))?;
        match &event {
            Event::DocType(d) if d.windows(8).any(|w| w == b"<!ENTITY") => {
                return Err(self.error("a DOCTYPE declaring entities: refused, entities are never expanded"));
            }
            Event::Start(_) => self.depth += 1,
            // quick-xml checks end names, so an end tag always closes an open element.
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        Ok(event)
    }

    /// The error for an element entered at `depth`, if that is deeper than [`MAX_DEPTH`].
    fn check_depth(&self, depth: usize) -> Result<(), XmlError> {
        if depth > MAX_DEPTH {
            return Err(self.error(format!("elements nested more than {MAX_DEPTH} deep")));
        }
        Ok(())
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
    /// current element's end tag. A child deeper than [`MAX_DEPTH`] is an error.
    pub fn next_child(&mut self) -> Result<Option<Tag<'a>>, XmlError> {
        if self.pending_empty {
            self.pending_empty = false;
            return Ok(None);
        }
        loop {
            match self.next_event()? {
                Event::Start(s) => {
                    self.check_depth(self.depth)?;
                    return Ok(Some(Self::tag(s)));
                }
                Event::Empty(s) => {
                    // `<x/>` opens no level of its own in `depth`, but a deserializer handed it
                    // is one level down.
                    self.check_depth(self.depth + 1)?;
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

    /// `depth` levels of `<a>` (the root included), with `leaf` innermost.
    fn nested(depth: usize, leaf: &str) -> String {
        "<a>".repeat(depth - 1) + "<a>" + leaf + &"</a>".repeat(depth)
    }

    /// Walks every level with `next_child`, as a generated recursive deserializer does (but
    /// in a loop): how many levels it entered, or the error.
    fn descend_all(doc: &str) -> Result<usize, XmlError> {
        let mut r = XmlReader::new(doc.as_bytes());
        r.root()?;
        let mut levels = 1;
        while r.next_child()?.is_some() {
            levels += 1;
        }
        Ok(levels)
    }

    #[test]
    fn entering_deeper_than_max_depth_is_an_error() {
        assert_eq!(descend_all(&nested(MAX_DEPTH, "")).unwrap(), MAX_DEPTH);
        assert_eq!(descend_all(&nested(MAX_DEPTH - 1, "<a/>")).unwrap(), MAX_DEPTH);
        for doc in [nested(MAX_DEPTH + 1, ""), nested(MAX_DEPTH, "<a/>"), nested(100_000, "")] {
            let e = descend_all(&doc).unwrap_err();
            assert!(e.message.contains(&format!("nested more than {MAX_DEPTH} deep")), "{e}");
        }
    }

    /// Skipping counts levels without recursing, so it has no depth limit; the depth after a
    /// skip is what it was before, so later siblings are read as usual.
    #[test]
    fn skipping_is_not_limited_and_keeps_the_depth() {
        let deep = nested(100_000, "x");
        let doc = format!("<Root><Unknown>{deep}</Unknown><Text>{deep}</Text>{}</Root>", nested(MAX_DEPTH - 1, ""));
        let mut r = XmlReader::new(doc.as_bytes());
        r.root().unwrap();
        assert_eq!(r.next_child().unwrap().unwrap().name(), b"Unknown");
        r.skip().unwrap();
        assert_eq!(r.next_child().unwrap().unwrap().name(), b"Text");
        assert_eq!(r.text().unwrap(), "");
        assert_eq!(r.depth, 1);
        let mut levels = 1;
        while r.next_child().unwrap().is_some() {
            levels += 1;
        }
        assert_eq!(levels, MAX_DEPTH);
    }
}
