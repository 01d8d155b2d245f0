//! What the fuzz targets share: the structure-aware JSON mutator the `model` and `side_files`
//! targets plug into libFuzzer, and the layout of the `response` target's input (which
//! `cargo xtask fuzz` writes its seeds in).

#![forbid(unsafe_code)]

pub mod mutate;

/// The `response` target's input: two bytes choose the operation (big-endian, modulo the
/// operation count), two the HTTP status (big-endian, `100 + n % 500`), one byte which extra
/// headers the reply carries ([`HEADER_REQUEST_ID`] ...), and the rest is the body.
/// `xtask/src/fuzz.rs` writes its seeds in this layout.
pub const RESPONSE_PREFIX: usize = 5;

/// Flag: an `x-amzn-requestid` header (its value taken from the body's first bytes).
pub const HEADER_REQUEST_ID: u8 = 1;
/// Flag: `content-type: text/xml`.
pub const HEADER_CONTENT_TYPE: u8 = 2;
/// Flag: an `x-amz-request-id` header with a value that is not ASCII.
pub const HEADER_ODD_REQUEST_ID: u8 = 4;
/// Flag: a `content-length` header that disagrees with the body.
pub const HEADER_WRONG_LENGTH: u8 = 8;

/// The `response` input, decoded.
#[derive(Debug)]
pub struct ResponseCase<'a> {
    /// Index into the operation table (already reduced modulo its length).
    pub operation: usize,
    /// 100..=599.
    pub status: u16,
    /// `(name, value)` pairs.
    pub headers: Vec<(String, String)>,
    /// The reply body.
    pub body: &'a [u8],
}

/// Decodes a `response` input for a service of `operations` operations (`None`: too short).
pub fn response_case(data: &[u8], operations: usize) -> Option<ResponseCase<'_>> {
    if data.len() < RESPONSE_PREFIX || operations == 0 {
        return None;
    }
    let operation = usize::from(u16::from_be_bytes([data[0], data[1]])) % operations;
    let status = 100 + u16::from_be_bytes([data[2], data[3]]) % 500;
    let flags = data[4];
    let body = &data[RESPONSE_PREFIX..];
    let mut headers = Vec::new();
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
    Some(ResponseCase { operation, status, headers, body })
}
