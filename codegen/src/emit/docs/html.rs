//! A forgiving reader of the HTML the models write: text (entities decoded), start tags (with
//! `href`) and end tags. It never fails: a `<` that does not begin a tag is text, and an
//! unknown or broken entity is its own text. One pass, no recursion, no backtracking past
//! [`MAX_TAG_BYTES`].

use std::borrow::Cow;

/// The longest tag read, in bytes (`<a href="...">` with its attributes); a `<` with no `>`
/// within this many bytes is text.
pub const MAX_TAG_BYTES: usize = 2048;

/// The longest entity read (`&#x1F600;`, `&quot;`), in bytes after the `&`.
const MAX_ENTITY_BYTES: usize = 10;

/// One piece of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// Text, entities decoded.
    Text(Cow<'a, str>),
    /// `<name ...>` or `<name/>`: the name in lower case, and `href` when it has one.
    Start { name: String, href: Option<String> },
    /// `</name>`.
    End { name: String },
}

/// The tokens of `html`, in order.
pub fn tokens(html: &str) -> Tokens<'_> {
    Tokens { s: html, pos: 0 }
}

/// An iterator over [`Token`]s.
pub struct Tokens<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            let rest = &self.s[self.pos..];
            if rest.is_empty() {
                return None;
            }
            if rest.starts_with('<') {
                match tag(rest) {
                    Some((len, tok)) => {
                        self.pos += len;
                        match tok {
                            Some(t) => return Some(t),
                            None => continue, // a comment or declaration
                        }
                    }
                    None => {
                        self.pos += 1;
                        return Some(Token::Text(Cow::Borrowed("<")));
                    }
                }
            }
            let end = rest.find('<').unwrap_or(rest.len());
            self.pos += end;
            return Some(Token::Text(decode(&rest[..end])));
        }
    }
}

/// The tag at the start of `s` (which starts with `<`): its length and token (`None` for a
/// comment or `<!...>` declaration), or `None` if it is not a tag.
fn tag(s: &str) -> Option<(usize, Option<Token<'_>>)> {
    if let Some(body) = s.strip_prefix("<!--") {
        let end = body.find("-->")?;
        return Some((4 + end + 3, None));
    }
    let window = &s[..floor_char_boundary(s, MAX_TAG_BYTES)];
    let close = window[1..].find(['<', '>']).map(|i| i + 1)?;
    if window.as_bytes()[close] != b'>' {
        return None;
    }
    let inner = &s[1..close];
    let len = close + 1;
    if inner.starts_with('!') || inner.starts_with('?') {
        return Some((len, None));
    }
    let (end, inner) = match inner.strip_prefix('/') {
        Some(i) => (true, i),
        None => (false, inner),
    };
    let name_len =
        inner.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '_'))).unwrap_or(inner.len());
    let name = &inner[..name_len];
    let after = &inner[name_len..];
    let starts_ok = name.starts_with(|c: char| c.is_ascii_alphabetic());
    let rest_ok = after.is_empty() || after.starts_with(|c: char| c.is_ascii_whitespace() || c == '/');
    if !starts_ok || !rest_ok {
        return None;
    }
    let name = name.to_ascii_lowercase();
    if end {
        return Some((len, Some(Token::End { name })));
    }
    Some((len, Some(Token::Start { href: attribute(after, "href"), name })))
}

/// The value of attribute `key` in a tag's attribute text, entities decoded.
fn attribute(attrs: &str, key: &str) -> Option<String> {
    let mut rest = attrs;
    while let Some(i) = rest.find(|c: char| c.is_ascii_alphabetic()) {
        rest = &rest[i..];
        let name_len =
            rest.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '_'))).unwrap_or(rest.len());
        let name = &rest[..name_len];
        rest = rest[name_len..].trim_start();
        let Some(v) = rest.strip_prefix('=') else { continue };
        let v = v.trim_start();
        let (value, after) = match v.chars().next() {
            Some(q @ ('"' | '\'')) => match v[1..].find(q) {
                Some(e) => (&v[1..e + 1], &v[e + 2..]),
                None => (&v[1..], ""),
            },
            _ => {
                let e = v.find(|c: char| c.is_ascii_whitespace()).unwrap_or(v.len());
                (&v[..e], &v[e..])
            }
        };
        if name.eq_ignore_ascii_case(key) {
            return Some(decode(value).into_owned());
        }
        rest = after;
    }
    None
}

/// `s` with its character and numeric entities decoded; an unknown, malformed or
/// out-of-range one stays as written.
pub fn decode(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let window = &rest[1..floor_char_boundary(rest, MAX_ENTITY_BYTES + 2)];
        let decoded = window.find(';').and_then(|e| entity(&window[..e]).map(|c| (c, e + 2)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character an entity's name (`lt`, `#60`, `#x3C`) stands for.
fn entity(name: &str) -> Option<char> {
    let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        u32::from_str_radix(hex, 16).ok()?
    } else if let Some(dec) = name.strip_prefix('#') {
        dec.parse::<u32>().ok()?
    } else {
        return Some(match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{a0}',
            _ => return None,
        });
    };
    char::from_u32(code)
}

/// The largest char boundary of `s` at or below `i`.
fn floor_char_boundary(s: &str, i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    (0..=i).rev().find(|&j| s.is_char_boundary(j)).unwrap_or(0)
}
