//! The request a case expects, compared with the one the client sent: method, path and query
//! (the query as a multiset of decoded parameters), headers, host, and the body as the protocol
//! writes it (form parameters, a JSON value, or bytes).

use awsgen_runtime::http::HttpRequest;
use awsgen_runtime::SerializedRequest;

/// A map whose entries the vector numbers in its JSON order, which the client numbers in key
/// order (generated maps are `BTreeMap`s).
pub struct MapOrder {
    /// The map's key element (`key`, `TheKey`).
    pub key_name: &'static str,
    /// The keys in the vector's order.
    pub keys: &'static [&'static str],
}

/// How a request body is compared.
#[derive(Clone, Copy, Debug)]
pub enum BodyKind {
    /// Form parameters (query, ec2), as a set of decoded pairs.
    Form,
    /// A JSON value (the JSON protocols' documents): parsed on both sides and compared as
    /// values, so spacing and key order do not matter; an empty expected body must be empty.
    Json,
    /// An XML document (restXml): parsed on both sides and compared as element trees (names
    /// with their prefixes, attributes and namespace declarations as sets, children in order,
    /// text trimmed), so indentation does not matter; an empty expected body must be empty.
    Xml,
    /// Bytes (a blob or string payload).
    Bytes,
    /// A CBOR data item, given in base64: decoded on both sides and compared as values, so
    /// definite or indefinite lengths, integer widths and key order do not matter; an empty
    /// expected body must be empty.
    Cbor,
}

/// The request a case expects (botocore's `serialized`).
pub struct ExpectedRequest {
    /// `POST`, when the case says.
    pub method: Option<&'static str>,
    /// The path and query of the URL: the path is compared exactly, the query as a multiset
    /// of decoded parameters.
    pub uri: &'static str,
    /// The URL's authority, when the case says.
    pub host: Option<&'static str>,
    /// Headers that must be present with these values.
    pub headers: &'static [(&'static str, &'static str)],
    /// Headers that must be present.
    pub require_headers: &'static [&'static str],
    /// Headers that must be absent.
    pub forbid_headers: &'static [&'static str],
    /// Headers holding a list (an input list member's): compared item by item, since the
    /// vectors separate items with `,` (botocore's) or `, ` (Smithy's), which HTTP reads alike.
    pub list_headers: &'static [&'static str],
    /// The body, when the case says.
    pub body: Option<&'static str>,
    /// How to compare it.
    pub body_kind: BodyKind,
    /// Maps in the case's input whose key order differs from the client's (form and XML
    /// bodies).
    pub map_orders: &'static [MapOrder],
}

/// Compares a sent request with the case's expectations; panics listing every difference.
pub fn assert_request(actual: &HttpRequest, expected: &ExpectedRequest) {
    let mut problems = Vec::new();
    if let Some(method) = expected.method {
        if actual.method != method {
            problems.push(format!("method: expected {method:?}, actual {:?}", actual.method));
        }
    }
    let (authority, uri) = split_url(&actual.url);
    check_uri(expected.uri, &uri, &mut problems);
    if let Some(host) = expected.host {
        if authority != host {
            problems.push(format!("host: expected {host:?}, actual {authority:?} (URL {:?})", actual.url));
        }
    }
    check_headers(actual, expected, &mut problems);
    if let Some(body) = expected.body {
        check_body(actual, body, expected, &mut problems);
    }
    if !problems.is_empty() {
        panic!("the request differs from the case:\n- {}\n{actual:#?}", problems.join("\n- "));
    }
}

/// Checks that the operation's serializer (before the pipeline adds host, signature and
/// framing headers) sets none of `names`: what botocore's own vectors mean by a forbidden
/// `Content-Length`.
pub fn assert_not_serialized(serialized: &SerializedRequest, names: &[&str]) {
    for name in names {
        if let Some((k, v)) = serialized.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)) {
            panic!("the serializer sets the forbidden header {k}: {v:?}; it sets {:?}", serialized.headers);
        }
    }
}

/// The path exactly (its percent-encoding is part of the protocol); the query string as a
/// multiset of decoded `(name, value)` pairs, a name without `=` distinct from `name=`.
fn check_uri(expected: &str, actual: &str, problems: &mut Vec<String>) {
    let (want_path, want_query) = expected.split_once('?').unwrap_or((expected, ""));
    let (got_path, got_query) = actual.split_once('?').unwrap_or((actual, ""));
    if want_path != got_path {
        problems.push(format!("path: expected {want_path:?}, actual {got_path:?} (URI {actual:?})"));
    }
    let (mut want, mut got) = (query_pairs(want_query), query_pairs(got_query));
    want.sort();
    got.sort();
    if want != got {
        problems.push(format!(
            "query: expected {want_query:?}, actual {got_query:?}\n  expected {want:?}\n  actual   {got:?}"
        ));
    }
}

/// A query string's parameters, percent-decoded (`+` is a plus sign in a URI).
fn query_pairs(query: &str) -> Vec<(String, Option<String>)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (percent_decode(k, false), Some(percent_decode(v, false))),
            None => (percent_decode(p, false), None),
        })
        .collect()
}

fn check_headers(actual: &HttpRequest, expected: &ExpectedRequest, problems: &mut Vec<String>) {
    for (name, value) in expected.headers {
        match actual.header(name) {
            None => problems.push(format!("header {name}: expected {value:?}, absent")),
            Some(v) if expected.list_headers.iter().any(|h| h.eq_ignore_ascii_case(name)) => {
                if list_items(value) != list_items(v) {
                    problems.push(format!("header {name}: expected the list {value:?}, actual {v:?}"));
                }
            }
            Some(v) if !header_matches(name, value, v) => {
                problems.push(format!("header {name}: expected {value:?}, actual {v:?}"))
            }
            Some(_) => {}
        }
    }
    for name in expected.require_headers {
        if actual.header(name).is_none() {
            problems.push(format!("header {name}: required, absent"));
        }
    }
    for name in expected.forbid_headers {
        if let Some(v) = actual.header(name) {
            problems.push(format!("header {name}: forbidden, present as {v:?}"));
        }
    }
}

/// A list header's items, without the optional whitespace around the commas.
fn list_items(value: &str) -> Vec<&str> {
    value.split(',').map(str::trim).collect()
}

fn check_body(actual: &HttpRequest, body: &str, expected: &ExpectedRequest, problems: &mut Vec<String>) {
    // `gzip` is the last coding applied (`custom, gzip` when the caller set its own).
    let compressed =
        actual.header("content-encoding").is_some_and(|v| v.rsplit(',').next().map(str::trim) == Some("gzip"));
    let actual_bytes = if compressed { gunzip(&actual.body) } else { actual.body.clone() };
    let actual_body = String::from_utf8_lossy(&actual_bytes);
    match expected.body_kind {
        BodyKind::Form if body.is_empty() && compressed => {
            // The vectors leave the body of a compressed request empty (botocore checks
            // compression elsewhere): the body must instead be a gzipped form of the
            // operation, over the compression threshold.
            let pairs = form_pairs(&actual_body);
            if actual_bytes.len() < awsgen_runtime::compression::DEFAULT_MIN_SIZE_BYTES
                || !pairs.iter().any(|(k, _)| k == "Action")
            {
                problems
                    .push(format!("compressed body is not a form over the threshold: {} bytes", actual_bytes.len()));
            }
        }
        BodyKind::Form => {
            let mut want = renumber_maps(form_pairs(body), expected.map_orders);
            let mut got = form_pairs(&actual_body);
            want.sort();
            got.sort();
            if want != got {
                let missing: Vec<_> = want.iter().filter(|p| !got.contains(p)).collect();
                let unexpected: Vec<_> = got.iter().filter(|p| !want.contains(p)).collect();
                problems.push(format!(
                    "body parameters differ\n  expected body: {body}\n  actual body:   {actual_body}\n  missing:    {missing:?}\n  unexpected: {unexpected:?}"
                ));
            }
        }
        BodyKind::Json if body.is_empty() => {
            if !actual_bytes.is_empty() {
                problems.push(format!("body: expected none, actual {actual_body:?}"));
            }
        }
        BodyKind::Json => {
            let Ok(want) = serde_json::from_str::<serde_json::Value>(body) else {
                // The client was generated without the payload binding that makes this body
                // raw bytes: compared as bytes, the difference shows.
                if actual_bytes != body.as_bytes() {
                    problems.push(format!("body: expected {body:?} (not JSON), actual {actual_body:?}"));
                }
                return;
            };
            match serde_json::from_slice::<serde_json::Value>(&actual_bytes) {
                Err(e) => problems.push(format!("body is not JSON ({e}): {actual_body:?}")),
                Ok(got) => {
                    let mut differences = Vec::new();
                    json_diff(&want, &got, "$", &mut differences);
                    if !differences.is_empty() {
                        problems.push(format!(
                            "JSON body differs\n  expected: {body}\n  actual:   {actual_body}\n  {}",
                            differences.join("\n  ")
                        ));
                    }
                }
            }
        }
        BodyKind::Xml if body.is_empty() => {
            if !actual_bytes.is_empty() {
                problems.push(format!("body: expected none, actual {actual_body:?}"));
            }
        }
        BodyKind::Xml => match (xml_tree(body, expected.map_orders), xml_tree(&actual_body, expected.map_orders)) {
            (Err(e), _) => problems.push(format!("the case's body is not XML ({e}): {body:?}")),
            (_, Err(e)) => problems.push(format!("body is not XML ({e}): {actual_body:?}")),
            (Ok(want), Ok(got)) if want != got => problems.push(format!(
                "XML body differs\n  expected: {body}\n  actual:   {actual_body}\n  expected tree: {want:?}\n  actual tree:   {got:?}"
            )),
            _ => {}
        },
        BodyKind::Cbor => {
            if let Err(difference) = super::cbor::compare(body, &actual_bytes) {
                problems.push(format!("CBOR body differs: {difference}"));
            }
        }
        BodyKind::Bytes => {
            if actual_bytes != body.as_bytes() {
                problems.push(format!("body: expected {body:?}, actual {actual_body:?}"));
            }
        }
    }
}

/// A document's tree with the entries of the maps in `orders` in key order.
fn xml_tree(doc: &str, orders: &[MapOrder]) -> Result<super::xml_tree::Element, String> {
    let mut tree = super::xml_tree::parse(doc)?;
    for order in orders {
        tree.sort_map_entries(order.key_name, order.keys);
    }
    Ok(tree)
}

/// The differences between two JSON values, by path. Numbers are equal when they are the same
/// number, whichever way they are written (`1`, `1.0`).
fn json_diff(want: &serde_json::Value, got: &serde_json::Value, at: &str, out: &mut Vec<String>) {
    use serde_json::Value as J;
    match (want, got) {
        (J::Object(w), J::Object(g)) => {
            for (k, wv) in w {
                match g.get(k) {
                    Some(gv) => json_diff(wv, gv, &format!("{at}.{k}"), out),
                    None => out.push(format!("{at}.{k}: expected {wv}, absent")),
                }
            }
            for (k, gv) in g {
                if !w.contains_key(k) {
                    out.push(format!("{at}.{k}: expected absent, actual {gv}"));
                }
            }
        }
        (J::Array(w), J::Array(g)) if w.len() == g.len() => {
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                json_diff(wv, gv, &format!("{at}[{i}]"), out);
            }
        }
        (J::Number(w), J::Number(g)) if w == g || (w.as_f64().is_some() && w.as_f64() == g.as_f64()) => {}
        (w, g) if w == g => {}
        (w, g) => out.push(format!("{at}: expected {w}, actual {g}")),
    }
}

/// `Content-Type` is compared as a media type: the vectors converted from Smithy write
/// `application/x-www-form-urlencoded`, botocore's own `...; charset=utf-8` (which the client
/// sends); the type must match and every parameter the case names must be present. Other
/// headers must match exactly.
fn header_matches(name: &str, expected: &str, actual: &str) -> bool {
    if !name.eq_ignore_ascii_case("content-type") {
        return expected == actual;
    }
    let parts = |v: &str| -> (String, Vec<String>) {
        let mut it = v.split(';').map(|p| p.trim().to_ascii_lowercase());
        let media = it.next().unwrap_or_default();
        (media, it.filter(|p| !p.is_empty()).collect())
    };
    let (want_type, want_params) = parts(expected);
    let (got_type, got_params) = parts(actual);
    want_type == got_type && want_params.iter().all(|p| got_params.contains(p))
}

/// (`example.com`, `/custom/`) from `https://example.com/custom/`.
fn split_url(url: &str) -> (&str, String) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    }
}

/// The decoded `(key, value)` pairs of a form body.
pub fn form_pairs(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (form_decode(k), form_decode(v))
        })
        .collect()
}

fn form_decode(s: &str) -> String {
    percent_decode(s, true)
}

/// `%XX` escapes decoded; `+` is a space in a form (`plus_is_space`), itself in a URI.
fn percent_decode(s: &str, plus_is_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus_is_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Renumbers the entries of each out-of-order map to key order. The map's entries are found by
/// content: every prefix `P` where `P.i.<key_name>` holds the `i`-th key for all `i`.
fn renumber_maps(mut pairs: Vec<(String, String)>, orders: &[MapOrder]) -> Vec<(String, String)> {
    for order in orders {
        let first = format!(".1.{}", order.key_name);
        let prefixes: Vec<String> = pairs
            .iter()
            .filter(|(k, v)| k.ends_with(&first) && Some(&v.as_str()) == order.keys.first())
            .map(|(k, _)| k[..k.len() - first.len()].to_string())
            .filter(|p| {
                order.keys.iter().enumerate().all(|(i, key)| {
                    let want = format!("{p}.{}.{}", i + 1, order.key_name);
                    pairs.iter().any(|(k, v)| *k == want && v == key)
                })
            })
            .collect();
        let mut sorted: Vec<&str> = order.keys.to_vec();
        sorted.sort_unstable();
        for prefix in prefixes {
            for (key, _) in pairs.iter_mut() {
                let Some(rest) = key.strip_prefix(&format!("{prefix}.")) else { continue };
                let Some((index, tail)) = rest.split_once('.') else { continue };
                let Some(at) = index.parse::<usize>().ok().and_then(|i| order.keys.get(i.wrapping_sub(1))) else {
                    continue;
                };
                let new_index = sorted.iter().position(|k| k == at).map_or(0, |p| p + 1);
                *key = format!("{prefix}.{new_index}.{tail}");
            }
        }
    }
    pairs
}

/// Decompresses a gzip body (a corrupt one becomes a visible test failure).
fn gunzip(body: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(body).read_to_end(&mut out).expect("the body is valid gzip");
    out
}
