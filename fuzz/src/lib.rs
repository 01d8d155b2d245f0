//! What the fuzz targets share: the structure-aware JSON mutator the `model` and `side_files`
//! targets plug into libFuzzer, and the layout of the `response` target's input (which
//! `cargo xtask fuzz` writes its seeds in).

#![forbid(unsafe_code)]

pub mod json_traits;
pub mod mutate;

/// The `response` target's input: one byte chooses the service (modulo the service count), two
/// the operation (big-endian, modulo the service's operation count), two the HTTP status
/// (big-endian, `100 + n % 500`), one byte which extra headers the reply carries
/// ([`HEADER_REQUEST_ID`] ...), and the rest is the body (after a header block, with
/// [`HEADER_BLOCK`]). `xtask/src/fuzz.rs` writes its seeds in this layout.
pub const RESPONSE_PREFIX: usize = 6;

/// Flag: an `x-amzn-requestid` header (its value taken from the body's first bytes).
pub const HEADER_REQUEST_ID: u8 = 1;
/// Flag: `content-type: text/xml`.
pub const HEADER_CONTENT_TYPE: u8 = 2;
/// Flag: an `x-amz-request-id` header with a value that is not ASCII.
pub const HEADER_ODD_REQUEST_ID: u8 = 4;
/// Flag: a `content-length` header that disagrees with the body.
pub const HEADER_WRONG_LENGTH: u8 = 8;
/// Flag: the body starts with header lines (`name: value\n` each, names and values as lossy
/// UTF-8) ended by an empty line; without that empty line every line is a header and the body
/// is empty. How replies carry the members bound to headers.
pub const HEADER_BLOCK: u8 = 16;

/// The `response` input, decoded.
#[derive(Debug)]
pub struct ResponseCase<'a> {
    /// Index into the service table (already reduced modulo its length).
    pub service: usize,
    /// Index into the operation table (already reduced modulo its length).
    pub operation: usize,
    /// 100..=599.
    pub status: u16,
    /// `(name, value)` pairs.
    pub headers: Vec<(String, String)>,
    /// The reply body.
    pub body: &'a [u8],
}

/// Decodes a `response` input for services of `operations[i]` operations each (`None`: too
/// short, or a service without operations).
pub fn response_case<'a>(data: &'a [u8], operations: &[usize]) -> Option<ResponseCase<'a>> {
    if data.len() < RESPONSE_PREFIX || operations.is_empty() {
        return None;
    }
    let service = usize::from(data[0]) % operations.len();
    if operations[service] == 0 {
        return None;
    }
    let operation = usize::from(u16::from_be_bytes([data[1], data[2]])) % operations[service];
    let status = 100 + u16::from_be_bytes([data[3], data[4]]) % 500;
    let flags = data[5];
    let mut body = &data[RESPONSE_PREFIX..];
    let mut headers = Vec::new();
    if flags & HEADER_BLOCK != 0 {
        loop {
            let (line, rest) = match body.iter().position(|&b| b == b'\n') {
                Some(i) => (&body[..i], &body[i + 1..]),
                None => (body, &body[body.len()..]),
            };
            body = rest;
            if line.is_empty() {
                break;
            }
            let line = String::from_utf8_lossy(line);
            let (name, value) = line.split_once(':').unwrap_or((&line, ""));
            headers.push((name.trim().to_owned(), value.trim_start().to_owned()));
        }
    }
    if flags & HEADER_REQUEST_ID != 0 {
        let id: String = String::from_utf8_lossy(&body[..body.len().min(40)]).into_owned();
        headers.push(("x-amzn-requestid".to_owned(), id));
    }
    if flags & HEADER_CONTENT_TYPE != 0 {
        headers.push(("content-type".to_owned(), "text/xml".to_owned()));
    }
    if flags & HEADER_ODD_REQUEST_ID != 0 {
        headers.push(("x-amz-request-id".to_owned(), "\u{202e}ïd\u{0}\r\n".to_owned()));
    }
    if flags & HEADER_WRONG_LENGTH != 0 {
        headers.push(("content-length".to_owned(), (body.len() + 7).to_string()));
    }
    Some(ResponseCase { service, operation, status, headers, body })
}
