//! Members bound to HTTP headers (`@httpHeader`, `@httpPrefixHeaders`): their values written
//! into a request and read back from a reply.
//!
//! Writing: a scalar is its [`HttpText`]; a list is its items joined with `, `, an item quoted
//! when it holds a `,` or `"` ([`header_list`]); timestamps are HTTP dates unless the member
//! says otherwise; blobs and `jsonvalue` strings are base64. An empty string is still a header.
//!
//! Reading is the inverse, with every malformed value a [`HeaderError`] naming the header.

use super::HttpText;
use crate::document::Document;
use crate::error::InvalidRequestError;
use crate::json::{JsonReader, JsonWriter};
use crate::time::{DateTime, TimestampFormat};
use base64::Engine;
use std::borrow::Cow;
use std::fmt;

/// The format of a timestamp header without a `timestampFormat`: the HTTP date
/// (`Mon, 16 Dec 2019 23:48:18 GMT`).
pub const HEADER_TIMESTAMP_FORMAT: TimestampFormat = TimestampFormat::HttpDate;

// ---- writing ---------------------------------------------------------------------------------

/// Checks a header value before anything is sent: HTTP allows visible characters, spaces and
/// tabs (and bytes beyond ASCII), not line breaks or other control characters.
pub fn check_header_value(member: &str, value: &str) -> Result<(), InvalidRequestError> {
    match value.bytes().find(|&b| (b < 0x20 && b != b'\t') || b == 0x7F) {
        None => Ok(()),
        Some(b) => Err(InvalidRequestError {
            member: member.to_string(),
            reason: format!("control character 0x{b:02x} cannot be sent in a header"),
        }),
    }
}

/// A list header: the items' text joined with `, `; an item holding a `,` or `"` is written as
/// a quoted string (`"b,c"`, `"\"def\""`), so that [`read_header_list`] splits it back.
/// Timestamps, whose HTTP dates hold commas but are never quoted, go through
/// [`timestamp_list_header`].
pub fn header_list<T: HttpText>(items: impl IntoIterator<Item = T>) -> String {
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let text = item.http_text();
        if text.contains([',', '"']) {
            out.push('"');
            for c in text.chars() {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        } else {
            out.push_str(&text);
        }
    }
    out
}

/// A list of timestamps in `format`, joined with `, ` (HTTP dates keep their own commas).
pub fn timestamp_list_header<'t>(items: impl IntoIterator<Item = &'t DateTime>, format: TimestampFormat) -> String {
    items.into_iter().map(|t| t.fmt(format)).collect::<Vec<_>>().join(", ")
}

/// A blob header: standard base64.
pub fn blob_header(value: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(value)
}

/// A `jsonvalue` (Smithy `@mediaType` JSON) string header: the base64 of the JSON text.
pub fn json_value_header(json: &str) -> String {
    blob_header(json.as_bytes())
}

/// A [`Document`] sent in a `jsonvalue` header: the base64 of its JSON text.
pub fn document_header(value: &Document) -> String {
    let mut w = JsonWriter::new();
    w.document(value);
    blob_header(w.finish().as_bytes())
}

// ---- reading ---------------------------------------------------------------------------------

/// A reply header whose value is not what its member holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderError {
    /// The header's name.
    pub header: String,
    /// The value (at most its first 64 characters).
    pub value: String,
    /// What was expected.
    pub expected: &'static str,
}

impl HeaderError {
    fn new(header: &str, value: &str, expected: &'static str) -> Self {
        HeaderError { header: header.to_string(), value: value.chars().take(64).collect(), expected }
    }
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "header {}: {:?} is not {}", self.header, self.value, self.expected)
    }
}

impl std::error::Error for HeaderError {}

/// A scalar that a header's text reads into: the inverse of [`HttpText`].
pub trait FromHttpText: Sized {
    /// What the text should be, for errors (`"an i32"`).
    const EXPECTED: &'static str;
    /// The value, or `None` when the text is not one.
    fn from_http_text(text: &str) -> Option<Self>;
}

impl FromHttpText for String {
    const EXPECTED: &'static str = "a string";
    fn from_http_text(text: &str) -> Option<Self> {
        Some(text.to_string())
    }
}

impl FromHttpText for bool {
    const EXPECTED: &'static str = "a boolean (true or false)";
    fn from_http_text(text: &str) -> Option<Self> {
        match text.trim() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }
}

macro_rules! integer_from_text {
    ($($t:ty => $what:literal),*) => {$(
        impl FromHttpText for $t {
            const EXPECTED: &'static str = $what;
            fn from_http_text(text: &str) -> Option<Self> {
                text.trim().parse().ok()
            }
        }
    )*};
}
integer_from_text!(i8 => "an i8", i16 => "an i16", i32 => "an i32", i64 => "an i64");

/// A finite number in JSON's number syntax, or `NaN`, `Infinity`, `-Infinity` (Rust's own
/// spellings, `inf` or `nan`, are not accepted).
fn parse_float<T: std::str::FromStr + Copy>(
    text: &str,
    nan: T,
    inf: T,
    neg_inf: T,
    finite: fn(T) -> bool,
) -> Option<T> {
    match text.trim() {
        "NaN" => Some(nan),
        "Infinity" => Some(inf),
        "-Infinity" => Some(neg_inf),
        t if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b)) => {
            t.parse().ok().filter(|v| finite(*v))
        }
        _ => None,
    }
}

impl FromHttpText for f64 {
    const EXPECTED: &'static str = "a double";
    fn from_http_text(text: &str) -> Option<Self> {
        parse_float(text, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::is_finite)
    }
}

impl FromHttpText for f32 {
    const EXPECTED: &'static str = "a float";
    fn from_http_text(text: &str) -> Option<Self> {
        parse_float(text, f32::NAN, f32::INFINITY, f32::NEG_INFINITY, f32::is_finite)
    }
}

/// The value of a header that may be repeated: the values of every line named `name`
/// (case-insensitive) joined with `, `, as HTTP reads repeated headers; `None` without one.
pub fn joined_header<'h>(headers: &'h [(String, String)], name: &str) -> Option<Cow<'h, str>> {
    let mut values = headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
    let first = values.next()?;
    Some(match values.next() {
        None => Cow::Borrowed(first),
        Some(second) => {
            let mut all = format!("{first}, {second}");
            for v in values {
                all.push_str(", ");
                all.push_str(v);
            }
            Cow::Owned(all)
        }
    })
}

/// Reads a scalar header.
pub fn read_header<T: FromHttpText>(name: &str, value: &str) -> Result<T, HeaderError> {
    T::from_http_text(value).ok_or_else(|| HeaderError::new(name, value, T::EXPECTED))
}

/// Reads a list header: items split at commas outside double quotes, each trimmed, a quoted
/// item unquoted (`\"` and `\\` unescaped). A blank value is an empty list.
pub fn read_header_list<T: FromHttpText>(name: &str, value: &str) -> Result<Vec<T>, HeaderError> {
    split_list(value)
        .ok_or_else(|| HeaderError::new(name, value, "a list of comma-separated, possibly quoted items"))?
        .into_iter()
        .map(|item| T::from_http_text(&item).ok_or_else(|| HeaderError::new(name, &item, T::EXPECTED)))
        .collect()
}

/// The items of a list header, `None` when a quoted item is unterminated or followed by
/// anything but a comma.
fn split_list(value: &str) -> Option<Vec<Cow<'_, str>>> {
    let mut items = Vec::new();
    let mut rest = value.trim_start();
    if rest.is_empty() {
        return Some(items);
    }
    loop {
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut item = String::new();
            let mut chars = quoted.char_indices();
            let end = loop {
                match chars.next()? {
                    (_, '\\') => item.push(chars.next()?.1),
                    (i, '"') => break i + 1,
                    (_, c) => item.push(c),
                }
            };
            items.push(Cow::Owned(item));
            rest = quoted[end..].trim_start();
            match rest.strip_prefix(',') {
                Some(after) => rest = after.trim_start(),
                None if rest.is_empty() => return Some(items),
                None => return None,
            }
        } else {
            match rest.split_once(',') {
                Some((item, after)) => {
                    items.push(Cow::Borrowed(item.trim_end()));
                    rest = after.trim_start();
                }
                None => {
                    items.push(Cow::Borrowed(rest.trim_end()));
                    return Some(items);
                }
            }
        }
    }
}

/// Reads a timestamp header in `format` (the member's, else [`HEADER_TIMESTAMP_FORMAT`]).
pub fn read_timestamp_header(name: &str, value: &str, format: TimestampFormat) -> Result<DateTime, HeaderError> {
    DateTime::parse(value.trim(), format).map_err(|e| HeaderError::new(name, value, e.expected))
}

/// Reads a list of timestamps in `format`. HTTP dates hold a comma each
/// (`Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 ...`), so they are split at every
/// second comma; the other formats at every comma.
pub fn read_timestamp_list_header(
    name: &str,
    value: &str,
    format: TimestampFormat,
) -> Result<Vec<DateTime>, HeaderError> {
    if value.trim().is_empty() {
        return Ok(Vec::new());
    }
    let parts: Vec<&str> = value.split(',').collect();
    let items: Vec<Cow<'_, str>> = if format == TimestampFormat::HttpDate {
        if !parts.len().is_multiple_of(2) {
            return Err(HeaderError::new(name, value, "a list of HTTP dates (two commas per date but the last)"));
        }
        parts.chunks(2).map(|pair| Cow::Owned(format!("{},{}", pair[0], pair[1]))).collect()
    } else {
        parts.into_iter().map(Cow::Borrowed).collect()
    };
    items.iter().map(|item| read_timestamp_header(name, item, format)).collect()
}

/// Reads a blob header (base64).
pub fn read_blob_header(name: &str, value: &str) -> Result<Vec<u8>, HeaderError> {
    base64::engine::general_purpose::STANDARD.decode(value.trim()).map_err(|_| HeaderError::new(name, value, "base64"))
}

/// Reads a `jsonvalue` string header: the JSON text its base64 holds.
pub fn read_json_value_header(name: &str, value: &str) -> Result<String, HeaderError> {
    String::from_utf8(read_blob_header(name, value)?).map_err(|_| HeaderError::new(name, value, "base64 of UTF-8 text"))
}

/// Reads a `jsonvalue` header as a [`Document`]: its base64 holds one JSON value.
pub fn read_document_header(name: &str, value: &str) -> Result<Document, HeaderError> {
    let json = read_blob_header(name, value)?;
    let mut r = JsonReader::new(&json);
    let doc = r.read_document().map_err(|_| HeaderError::new(name, value, "base64 of a JSON value"))?;
    r.finish().map_err(|_| HeaderError::new(name, value, "base64 of a JSON value"))?;
    Ok(doc)
}

/// The headers of an `@httpPrefixHeaders` member: every header whose name starts with
/// `prefix` (case-insensitive), as (name without the prefix, value). Names keep the case they
/// arrived in (HTTP/1 transports give them lowercase); an empty prefix takes every header.
pub fn prefix_headers<'h>(
    headers: &'h [(String, String)],
    prefix: &'h str,
) -> impl Iterator<Item = (&'h str, &'h str)> + 'h {
    headers.iter().filter_map(move |(name, value)| {
        let head = name.get(..prefix.len())?;
        head.eq_ignore_ascii_case(prefix).then(|| (&name[prefix.len()..], value.as_str()))
    })
}
