//! [`XmlWriter`]: the restXml request body writer generated serializers call.
//!
//! An element is written in steps: [`XmlWriter::start`] opens its start tag, which stays open
//! for [`XmlWriter::namespace`] and [`XmlWriter::attribute`]; the first child, text or
//! [`XmlWriter::end`] closes it. Text and attribute values are escaped (`&`, `<`, `>`, and in
//! attributes `"`; carriage returns and, in attributes, tabs and newlines as character
//! references, so a reader gets them back unnormalized). Documents have no XML declaration:
//! the services do not need one, and botocore sends none.

use base64::Engine;

/// Writes one XML document.
#[derive(Debug, Default)]
pub struct XmlWriter {
    out: String,
    /// A start tag is open: attributes may still be added.
    open: bool,
}

impl XmlWriter {
    /// An empty document.
    pub fn new() -> Self {
        XmlWriter::default()
    }

    fn close_start_tag(&mut self) {
        if self.open {
            self.out.push('>');
            self.open = false;
        }
    }

    /// Opens element `name` (its start tag stays open for attributes).
    pub fn start(&mut self, name: &str) {
        self.close_start_tag();
        self.out.push('<');
        self.out.push_str(name);
        self.open = true;
    }

    /// Adds an attribute to the element just opened. Ignored once the start tag is closed (a
    /// generated serializer writes attributes first).
    pub fn attribute(&mut self, name: &str, value: &str) {
        if !self.open {
            return;
        }
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        escape_into(&mut self.out, value, true);
        self.out.push('"');
    }

    /// Declares a namespace on the element just opened: `xmlns="uri"`, or `xmlns:prefix="uri"`.
    pub fn namespace(&mut self, prefix: Option<&str>, uri: &str) {
        match prefix {
            Some(p) => self.attribute(&format!("xmlns:{p}"), uri),
            None => self.attribute("xmlns", uri),
        }
    }

    /// Text content, escaped.
    pub fn text(&mut self, text: &str) {
        self.close_start_tag();
        escape_into(&mut self.out, text, false);
    }

    /// Closes element `name`.
    pub fn end(&mut self, name: &str) {
        self.close_start_tag();
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// `<name>text</name>`.
    pub fn element(&mut self, name: &str, text: &str) {
        self.start(name);
        self.text(text);
        self.end(name);
    }

    /// The document.
    pub fn finish(mut self) -> String {
        self.close_start_tag();
        self.out
    }
}

/// The text of a boolean.
pub fn bool_text(v: bool) -> &'static str {
    if v {
        "true"
    } else {
        "false"
    }
}

/// The text of a double: `NaN`, `Infinity`, `-Infinity`, else the shortest decimal that reads
/// back as the same value.
pub fn f64_text(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        v.to_string()
    }
}

/// The text of a float, as [`f64_text`] (the shortest decimal of the `f32`, not of its
/// widened `f64`).
pub fn f32_text(v: f32) -> String {
    if v.is_finite() {
        v.to_string()
    } else {
        f64_text(f64::from(v))
    }
}

/// The text of a blob: base64.
pub fn blob_text(v: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(v)
}

fn escape_into(out: &mut String, s: &str, attribute: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\r' => out.push_str("&#xD;"),
            '\n' if attribute => out.push_str("&#xA;"),
            '\t' if attribute => out.push_str("&#x9;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::XmlReader;

    #[test]
    fn writes_elements_attributes_and_namespaces() {
        let mut w = XmlWriter::new();
        w.start("Root");
        w.namespace(None, "http://a/");
        w.namespace(Some("b"), "http://b/?x=1&y=\"2\"");
        w.attribute("id", "1<2");
        w.element("Name", "a & <b> \"c\"");
        w.start("Empty");
        w.end("Empty");
        w.end("Root");
        // An attribute after the start tag closed is dropped, never misplaced.
        w.attribute("late", "x");
        assert_eq!(
            w.finish(),
            "<Root xmlns=\"http://a/\" xmlns:b=\"http://b/?x=1&amp;y=&quot;2&quot;\" id=\"1&lt;2\">\
             <Name>a &amp; &lt;b&gt; \"c\"</Name><Empty></Empty></Root>"
        );
    }

    /// What the writer escapes, the reader gets back exactly, line ends and tabs included.
    #[test]
    fn text_and_attributes_round_trip_through_the_reader() {
        let nasty = "a&b<c>d\"e'f\r\ng\th ]]> \u{e9}\u{1F600}";
        let mut w = XmlWriter::new();
        w.start("R");
        w.attribute("v", nasty);
        w.element("T", nasty);
        w.end("R");
        let doc = w.finish();
        let mut r = XmlReader::new(doc.as_bytes());
        let root = r.root().unwrap();
        assert_eq!(root.attribute("v").as_deref(), Some(nasty));
        r.next_child().unwrap().unwrap();
        assert_eq!(r.read_string().unwrap(), nasty);
    }

    #[test]
    fn scalar_texts() {
        assert_eq!((bool_text(true), bool_text(false)), ("true", "false"));
        assert_eq!(
            [f64_text(f64::NAN), f64_text(f64::INFINITY), f64_text(-f64::INFINITY)],
            ["NaN", "Infinity", "-Infinity"]
        );
        assert_eq!((f64_text(1.5), f64_text(1.0), f32_text(0.1)), ("1.5".into(), "1".into(), "0.1".into()));
        assert_eq!(blob_text(b"value"), "dmFsdWU=");
    }
}
