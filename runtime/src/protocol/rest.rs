//! restJson1's HTTP bindings: what generated code calls to put input members in the path, the
//! query string and the headers of a request ([`push_label`], [`QueryString`],
//! [`headers`]'s writers), and to read output members back from a reply's headers
//! ([`headers`]'s readers). Bodies are JSON ([`crate::json`]); the HTTP-binding rules are
//! Smithy's (`@httpLabel`, `@httpQuery`, `@httpQueryParams`, `@httpHeader`,
//! `@httpPrefixHeaders`), which botocore's `location` keys restate.
//!
//! Scalars become text one way everywhere ([`HttpText`]); only timestamps differ by location:
//! [`LABEL_TIMESTAMP_FORMAT`] and [`QUERY_TIMESTAMP_FORMAT`] in the URI,
//! [`headers::HEADER_TIMESTAMP_FORMAT`] in headers, unless the member names its own format
//! (generated code passes `value.fmt(format)`).
//!
//! The XML REST protocol (restXml) binds members the same way, so these helpers are meant for
//! it too.

pub mod headers;

use crate::error::InvalidRequestError;
use crate::query::{fmt_float, fmt_float32, push_encoded};
use crate::time::TimestampFormat;
use std::borrow::Cow;

pub use headers::HeaderError;

/// The format of a timestamp path label without a `timestampFormat`: ISO 8601
/// (`2019-12-16T23:48:18Z`, percent-encoded like any label).
pub const LABEL_TIMESTAMP_FORMAT: TimestampFormat = TimestampFormat::Iso8601;

/// The format of a timestamp query parameter without a `timestampFormat`: ISO 8601.
pub const QUERY_TIMESTAMP_FORMAT: TimestampFormat = TimestampFormat::Iso8601;

/// The text of a scalar in a path label, a query parameter or a header: strings as they are,
/// booleans `true`/`false`, integers in decimal, floats as their shortest round-trip text
/// (`1.1`, `1e+16`) or `NaN`, `Infinity`, `-Infinity`. Timestamps have a format per location:
/// pass `value.fmt(format)`; blobs appear only in headers ([`headers::blob_header`]).
pub trait HttpText {
    /// The text.
    fn http_text(&self) -> Cow<'_, str>;
}

impl HttpText for str {
    fn http_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl HttpText for String {
    fn http_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl HttpText for bool {
    fn http_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

macro_rules! integer_text {
    ($($t:ty),*) => {$(
        impl HttpText for $t {
            fn http_text(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}
integer_text!(i8, i16, i32, i64, u8, u16, u32, u64);

impl HttpText for f64 {
    fn http_text(&self) -> Cow<'_, str> {
        Cow::Owned(fmt_float(*self))
    }
}

impl HttpText for f32 {
    fn http_text(&self) -> Cow<'_, str> {
        Cow::Owned(fmt_float32(*self))
    }
}

impl<T: HttpText + ?Sized> HttpText for &T {
    fn http_text(&self) -> Cow<'_, str> {
        (**self).http_text()
    }
}

/// Appends the value of the path label `{member}` to `path`: every byte but RFC 3986's
/// unreserved characters (`A-Z a-z 0-9 - . _ ~`) percent-encoded, `/` included. An empty
/// value is an error naming the member, as the request cannot be routed.
pub fn push_label(
    path: &mut String,
    member: &str,
    value: &(impl HttpText + ?Sized),
) -> Result<(), InvalidRequestError> {
    let text = non_empty_label(member, value)?;
    push_encoded(path, &text);
    Ok(())
}

/// Appends the value of the greedy path label `{member+}`: as [`push_label`], but `/` is kept,
/// so the value spans path segments (each segment percent-encoded).
pub fn push_greedy_label(
    path: &mut String,
    member: &str,
    value: &(impl HttpText + ?Sized),
) -> Result<(), InvalidRequestError> {
    let text = non_empty_label(member, value)?;
    for (i, segment) in text.split('/').enumerate() {
        if i > 0 {
            path.push('/');
        }
        push_encoded(path, segment);
    }
    Ok(())
}

fn non_empty_label<'v>(member: &str, value: &'v (impl HttpText + ?Sized)) -> Result<Cow<'v, str>, InvalidRequestError> {
    let text = value.http_text();
    if text.is_empty() {
        return Err(InvalidRequestError {
            member: member.to_string(),
            reason: "a path label must not be empty".to_string(),
        });
    }
    Ok(text)
}

/// Builds a request's query string: the URI template's literal parameters first
/// ([`QueryString::literal`]), then the members bound by name ([`QueryString::push`],
/// [`QueryString::push_list`]), then the entries of an `@httpQueryParams` map
/// ([`QueryString::push_params`], [`QueryString::push_param_lists`]), each of which is left
/// out when a literal or a named member already set its key. Keys and values are
/// percent-encoded as path labels are (a space is `%20`); a list repeats its key, and an empty
/// list writes nothing.
#[derive(Clone, Debug, Default)]
pub struct QueryString<'k> {
    out: String,
    /// Keys set by literals and named members, which `@httpQueryParams` entries do not repeat.
    set: Vec<&'k str>,
}

impl<'k> QueryString<'k> {
    /// An empty query string.
    pub fn new() -> Self {
        QueryString::default()
    }

    fn pair(&mut self, key: &str, value: Option<&str>) {
        if !self.out.is_empty() {
            self.out.push('&');
        }
        push_encoded(&mut self.out, key);
        if let Some(value) = value {
            self.out.push('=');
            push_encoded(&mut self.out, value);
        }
    }

    /// A parameter written in the URI template: `?foo=bar` is `("foo", Some("bar"))`, `?uploads`
    /// is `("uploads", None)`.
    pub fn literal(&mut self, key: &'k str, value: Option<&str>) {
        self.pair(key, value);
        self.set.push(key);
    }

    /// The member bound to `key`. An empty string is sent (`key=`).
    pub fn push(&mut self, key: &'k str, value: &(impl HttpText + ?Sized)) {
        self.pair(key, Some(&value.http_text()));
        self.set.push(key);
    }

    /// The list member bound to `key`: `key=a&key=b`; nothing for an empty list.
    pub fn push_list<T: HttpText>(&mut self, key: &'k str, items: impl IntoIterator<Item = T>) {
        let mut any = false;
        for item in items {
            self.pair(key, Some(&item.http_text()));
            any = true;
        }
        if any {
            self.set.push(key);
        }
    }

    fn is_set(&self, key: &str) -> bool {
        self.set.contains(&key)
    }

    /// The entries of an `@httpQueryParams` map of scalars, except those whose key a literal
    /// or a named member set.
    pub fn push_params<K: AsRef<str>, T: HttpText>(&mut self, entries: impl IntoIterator<Item = (K, T)>) {
        for (key, value) in entries {
            if !self.is_set(key.as_ref()) {
                self.pair(key.as_ref(), Some(&value.http_text()));
            }
        }
    }

    /// The entries of an `@httpQueryParams` map of lists (each value repeats the key), except
    /// those whose key a literal or a named member set.
    pub fn push_param_lists<K, L, T>(&mut self, entries: impl IntoIterator<Item = (K, L)>)
    where
        K: AsRef<str>,
        L: IntoIterator<Item = T>,
        T: HttpText,
    {
        for (key, values) in entries {
            if !self.is_set(key.as_ref()) {
                for value in values {
                    self.pair(key.as_ref(), Some(&value.http_text()));
                }
            }
        }
    }

    /// The query string so far, without the `?`.
    pub fn as_str(&self) -> &str {
        &self.out
    }

    /// Appends `?` and the query string to `path`, or nothing when there are no parameters.
    pub fn append_to(self, path: &mut String) {
        if !self.out.is_empty() {
            path.push('?');
            path.push_str(&self.out);
        }
    }
}

#[cfg(test)]
mod tests;
