//! HTTP bindings, shared by restJson1 ([`super::json`]) and restXml ([`super::rest_xml`]): the
//! code that puts input members in the request's path, query string and headers, and reads
//! output and error members back from a reply's status and headers; the request's skeleton
//! ([`request`]) and blob and string payloads, which both send and read as raw bytes. The body
//! codec is the only difference between the two protocols. The text rules live in
//! `awsgen_runtime::protocol::rest`.

use crate::emit::{ident, is_plain, ts_format, Cx};
use crate::ir::{Binding, Member, Operation, PathPart, ShapeKind, Structure};
use proc_macro2::TokenStream;
use quote::quote;

fn rest() -> TokenStream {
    quote!(::awsgen_runtime::protocol::rest)
}

/// An expression `Option<&T>` for member `m` of the input `self`.
fn opt_ref(st: &Structure, m: &Member) -> TokenStream {
    let f = ident(&m.rust_name);
    if is_plain(st, m) {
        quote!(Some(&self.#f))
    } else {
        quote!(self.#f.as_ref())
    }
}

/// `stmt` (reading `v`, a reference to member `m`'s value) run when the member is set; an
/// unset idempotency token is first filled from `tokens`, wherever it is bound.
fn when_set(st: &Structure, m: &Member, stmt: TokenStream) -> TokenStream {
    if m.idempotency_token {
        let f = ident(&m.rust_name);
        quote!({
            let filled = self.#f.clone().unwrap_or_else(|| tokens());
            let v = &filled;
            #stmt
        })
    } else {
        let value = opt_ref(st, m);
        quote!(if let Some(v) = #value { #stmt })
    }
}

/// An expression implementing `HttpText` for the scalar `v` (a `&T` of shape `id`) in a path
/// label, query parameter or header.
fn text(cx: &Cx<'_>, id: &str, m: &Member, v: TokenStream) -> TokenStream {
    let rest = rest();
    match &cx.svc.shape(id).kind {
        ShapeKind::String(Some(_)) => quote!(#v.as_str()),
        ShapeKind::String(None) if m.json_value => quote!(#rest::headers::json_value_header(#v)),
        ShapeKind::Timestamp(_) => {
            let f = ts_format(m.timestamp_format);
            quote!(#v.fmt(#f))
        }
        ShapeKind::Blob => quote!(#rest::headers::blob_header(#v)),
        ShapeKind::Document => quote!(#rest::headers::document_header(#v)),
        _ => quote!(#v),
    }
}

/// An iterator over the texts of the items of the list `list` (an expression of `&Vec<T>`),
/// items of shape `item`.
fn iter_text(cx: &Cx<'_>, item: &str, m: &Member, list: TokenStream) -> TokenStream {
    let t = text(cx, item, m, quote!(x));
    if t.to_string() == "x" {
        quote!(#list.iter())
    } else {
        quote!(#list.iter().map(|x| #t))
    }
}

/// Statements building `uri` (path and query) from the operation's route and the input's
/// label, query and query-params members.
pub(crate) fn request_uri(cx: &Cx<'_>, op: &Operation, st: &Structure) -> TokenStream {
    let rest = rest();
    let mut stmts = Vec::new();
    for part in &op.http.path {
        match part {
            PathPart::Literal(text) => stmts.push(match text.chars().collect::<Vec<_>>()[..] {
                // `push_str` of one character is clippy's `single_char_add_str`.
                [c] => quote!(uri.push(#c);),
                _ => quote!(uri.push_str(#text);),
            }),
            PathPart::Label { member, greedy } => {
                // The front end checked that each label names a member bound to it.
                let Some(m) = st.members.iter().find(|m| &m.name == member) else { continue };
                let value = opt_ref(st, m);
                let name = m.name.as_str();
                let t = text(cx, &m.target, m, quote!(v));
                let push = if *greedy { quote!(push_greedy_label) } else { quote!(push_label) };
                stmts.push(quote! {
                    let v = #value.ok_or_else(|| ::awsgen_runtime::error::InvalidRequestError::missing(#name))?;
                    #rest::#push(&mut uri, #name, &#t)?;
                });
            }
        }
    }
    let mut query = Vec::new();
    for (k, v) in &op.http.query {
        let v = match v {
            Some(v) => quote!(Some(#v)),
            None => quote!(None),
        };
        query.push(quote!(q.literal(#k, #v);));
    }
    for m in &st.members {
        let Binding::Query(key) = &m.binding else { continue };
        let stmt = match &cx.svc.shape(&m.target).kind {
            ShapeKind::List(l) => {
                let items = iter_text(cx, &l.member, m, quote!(v));
                quote!(q.push_list(#key, #items);)
            }
            _ => {
                let t = text(cx, &m.target, m, quote!(v));
                quote!(q.push(#key, &#t);)
            }
        };
        query.push(when_set(st, m, stmt));
    }
    for m in st.members.iter().filter(|m| m.binding == Binding::QueryParams) {
        let value = opt_ref(st, m);
        let ShapeKind::Map(mp) = &cx.svc.shape(&m.target).kind else { continue };
        let stmt = match &cx.svc.shape(&mp.value).kind {
            ShapeKind::List(l) => {
                let items = iter_text(cx, &l.member, m, quote!(xs));
                quote!(q.push_param_lists(v.iter().map(|(k, xs)| (k, #items)));)
            }
            _ => {
                let t = text(cx, &mp.value, m, quote!(x));
                if t.to_string() == "x" {
                    quote!(q.push_params(v.iter());)
                } else {
                    quote!(q.push_params(v.iter().map(|(k, x)| (k, #t)));)
                }
            }
        };
        query.push(quote!(if let Some(v) = #value { #stmt }));
    }
    let query = if query.is_empty() {
        quote!()
    } else {
        quote! {
            let mut q = #rest::QueryString::new();
            #(#query)*
            q.append_to(&mut uri);
        }
    };
    quote! {
        let mut uri = String::new();
        #(#stmts)*
        #query
    }
}

/// Statements pushing the input's header and prefix-header members onto `headers`.
pub(crate) fn request_headers(cx: &Cx<'_>, st: &Structure) -> TokenStream {
    let rest = rest();
    let mut stmts = Vec::new();
    for m in &st.members {
        let value = opt_ref(st, m);
        let member = m.name.as_str();
        match &m.binding {
            Binding::Header(name) => {
                let text = match &cx.svc.shape(&m.target).kind {
                    ShapeKind::List(l) if matches!(cx.svc.shape(&l.member).kind, ShapeKind::Timestamp(_)) => {
                        let f = ts_format(m.timestamp_format);
                        quote!(#rest::headers::timestamp_list_header(v.iter(), #f))
                    }
                    ShapeKind::List(l) => {
                        let items = iter_text(cx, &l.member, m, quote!(v));
                        quote!(#rest::headers::header_list(#items))
                    }
                    _ => {
                        let t = text(cx, &m.target, m, quote!(v));
                        quote!(#rest::HttpText::http_text(&#t).into_owned())
                    }
                };
                let skip_empty = if matches!(cx.svc.shape(&m.target).kind, ShapeKind::List(_)) {
                    quote!(if v.is_empty() { None } else { Some(()) })
                } else {
                    quote!(Some(()))
                };
                stmts.push(quote! {
                    if let Some(v) = #value {
                        if #skip_empty.is_some() {
                            let text = #text;
                            #rest::headers::check_header_value(#member, &text)?;
                            headers.push((#name.to_string(), text));
                        }
                    }
                });
            }
            Binding::PrefixHeaders(prefix) => {
                let ShapeKind::Map(mp) = &cx.svc.shape(&m.target).kind else { continue };
                let text = match &cx.svc.shape(&mp.value).kind {
                    ShapeKind::List(l) => {
                        let items = iter_text(cx, &l.member, m, quote!(x));
                        quote!(#rest::headers::header_list(#items))
                    }
                    _ => {
                        let t = text(cx, &mp.value, m, quote!(x));
                        quote!(#rest::HttpText::http_text(&#t).into_owned())
                    }
                };
                stmts.push(quote! {
                    if let Some(v) = #value {
                        for (k, x) in v {
                            let text = #text;
                            #rest::headers::check_header_value(#member, &text)?;
                            headers.push((format!("{}{}", #prefix, k), text));
                        }
                    }
                });
            }
            _ => {}
        }
    }
    quote!(#(#stmts)*)
}

/// Statements reading the status-code, header and prefix-header members of `st` from `resp`
/// into `out`.
pub(crate) fn read_headers(cx: &Cx<'_>, st: &Structure, out: TokenStream) -> TokenStream {
    let rest = rest();
    let mut stmts = Vec::new();
    for m in &st.members {
        let f = ident(&m.rust_name);
        match &m.binding {
            Binding::StatusCode => stmts.push(quote!(#out.#f = Some(i32::from(resp.status));)),
            Binding::Header(name) => {
                let read = header_reader(cx, m, name);
                stmts.push(quote! {
                    if let Some(h) = #rest::headers::joined_header(&resp.headers, #name) {
                        #out.#f = Some(#read);
                    }
                });
            }
            Binding::PrefixHeaders(prefix) => {
                stmts.push(quote! {
                    let map: ::std::collections::BTreeMap<String, String> = #rest::headers::prefix_headers(&resp.headers, #prefix)
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect();
                    // Present, if empty, when no header has the prefix (botocore's and
                    // Smithy's `HttpPrefixHeadersAreNotPresent`).
                    #out.#f = Some(map);
                });
            }
            _ => {}
        }
    }
    quote!(#(#stmts)*)
}

/// An expression reading the header text `h` as member `m`'s value.
fn header_reader(cx: &Cx<'_>, m: &Member, name: &str) -> TokenStream {
    let rest = rest();
    let svc = cx.svc;
    let scalar = |id: &str, list: bool| -> TokenStream {
        let f = ts_format(m.timestamp_format);
        match (&svc.shape(id).kind, list) {
            (ShapeKind::Timestamp(_), false) => quote!(#rest::headers::read_timestamp_header(#name, &h, #f)?),
            (ShapeKind::Timestamp(_), true) => quote!(#rest::headers::read_timestamp_list_header(#name, &h, #f)?),
            (ShapeKind::Blob, _) => quote!(#rest::headers::read_blob_header(#name, &h)?),
            (ShapeKind::Document, _) => quote!(#rest::headers::read_document_header(#name, &h)?),
            (ShapeKind::String(None), false) if m.json_value => {
                quote!(#rest::headers::read_json_value_header(#name, &h)?)
            }
            (ShapeKind::String(Some(_)), false) => {
                let t = cx.type_path(id);
                quote!(#t::from(#rest::headers::read_header::<String>(#name, &h)?))
            }
            (ShapeKind::String(Some(_)), true) => {
                let t = cx.type_path(id);
                quote!(#rest::headers::read_header_list::<String>(#name, &h)?.into_iter().map(#t::from).collect())
            }
            (_, false) => quote!(#rest::headers::read_header(#name, &h)?),
            (_, true) => quote!(#rest::headers::read_header_list(#name, &h)?),
        }
    };
    match &svc.shape(&m.target).kind {
        ShapeKind::List(l) => scalar(&l.member, true),
        _ => scalar(&m.target, false),
    }
}

/// The statements of a rest protocol's `serialize_with_tokens`: the URI from the route and the
/// bound members, the header members, then `body` (statements binding `body: Vec<u8>`, which
/// may push a `content-type` onto `headers`).
pub(crate) fn request(cx: &Cx<'_>, op: &Operation, st: &Structure, body: TokenStream) -> TokenStream {
    let uri = request_uri(cx, op, st);
    let headers = request_headers(cx, st);
    let method = op.http.method.as_str();
    // Headers are pushed by bound members and by a body's content type.
    let pushes =
        st.members.iter().any(|m| !matches!(m.binding, Binding::Label | Binding::Query(_) | Binding::QueryParams));
    let headers_decl = if pushes {
        quote!(let mut headers: Vec<(String, String)> = Vec::new();)
    } else {
        quote!(let headers: Vec<(String, String)> = Vec::new();)
    };
    // A streaming blob payload is sent as it is read: the request's `streaming_body`, which
    // `streaming_payload_ser` binds.
    let streams = st.members.iter().any(|m| m.binding == Binding::Payload && m.streaming);
    let streaming_body = if streams { quote!(streaming_body) } else { quote!(streaming_body: None) };
    quote! {
        #uri
        #headers_decl
        #headers
        #body
        Ok(::awsgen_runtime::SerializedRequest { method: #method, uri, headers, body, #streaming_body })
    }
}

/// The body of a `streaming` blob payload: the `ByteStream` taken as the request's
/// `streaming_body` (read as it is sent, a fresh copy per attempt), the body itself empty; an
/// unset one is an empty body of its content type.
pub(crate) fn streaming_payload_ser(st: &Structure, m: &Member) -> TokenStream {
    let f = ident(&m.rust_name);
    let value = if crate::emit::is_plain(st, m) { quote!(Some(&self.#f)) } else { quote!(self.#f.as_ref()) };
    let name = m.name.as_str();
    quote! {
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-type")) {
            headers.push(("content-type".to_string(), "application/octet-stream".to_string()));
        }
        let body = Vec::new();
        let streaming_body = match #value {
            Some(v) => Some(v.request_body(#name)?),
            None => None,
        };
    }
}

/// For a blob or string `payload` member (`v`, a reference to its value): its default content
/// type and an expression of its bytes; `None` for a structure payload, which is the
/// protocol's document. A streaming blob is not one: [`streaming_payload_ser`] sends it.
pub(crate) fn raw_payload(cx: &Cx<'_>, m: &Member) -> Option<(&'static str, TokenStream)> {
    Some(match &cx.svc.shape(&m.target).kind {
        ShapeKind::Blob => ("application/octet-stream", quote!(v.to_vec())),
        ShapeKind::String(Some(_)) => ("text/plain", quote!(v.as_str().as_bytes().to_vec())),
        ShapeKind::String(None) => ("text/plain", quote!(v.as_bytes().to_vec())),
        _ => return None,
    })
}

/// Statements pushing `content-type: {content_type}` unless a header member set one.
pub(crate) fn default_content_type(content_type: TokenStream) -> TokenStream {
    quote! {
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-type")) {
            headers.push(("content-type".to_string(), #content_type.to_string()));
        }
    }
}

/// Reads a blob or string `payload` member of an output from the whole body (`None` for a
/// structure payload).
pub(crate) fn raw_payload_de(cx: &Cx<'_>, m: &Member) -> Option<TokenStream> {
    let f = ident(&m.rust_name);
    Some(match &cx.svc.shape(&m.target).kind {
        ShapeKind::Blob => quote!(if !resp.body.is_empty() { out.#f = Some(resp.body.clone()); }),
        ShapeKind::String(kind) => {
            let text = quote!(String::from_utf8(resp.body.clone())
                .map_err(|_| ::awsgen_runtime::ParseError::new("the payload is not UTF-8"))?);
            let value = match kind {
                Some(_) => {
                    let t = cx.type_path(&m.target);
                    quote!(#t::from(#text))
                }
                None => text,
            };
            quote!(if !resp.body.is_empty() { out.#f = Some(#value); })
        }
        _ => return None,
    })
}

/// The statements of `parse_streaming_output(head, body)` for an output whose payload is a
/// streaming blob, `request_id` an expression of the reply's request id (reading `resp`).
pub(crate) fn streaming_output(cx: &Cx<'_>, op: &Operation, request_id: TokenStream) -> Option<TokenStream> {
    let svc = cx.svc;
    let st = svc.structure(&op.output);
    let m = st.members.iter().find(|m| m.binding == Binding::Payload && m.streaming)?;
    let output = ident(&svc.shape(&op.output).rust_name);
    let f = ident(&m.rust_name);
    let headers = read_headers(cx, st, quote!(out));
    let out = if headers.is_empty() { quote!(out) } else { quote!(mut out) };
    Some(quote! {
        let resp = head;
        let #out = #output {
            request_id: #request_id,
            #f: Some(body),
            ..Default::default()
        };
        #headers
        Ok(out)
    })
}

/// Whether the operation's output payload is a streaming blob: `parse_output` then hands the
/// body to `parse_streaming_output`.
pub(crate) fn streams_output(cx: &Cx<'_>, op: &Operation) -> bool {
    cx.svc.structure(&op.output).members.iter().any(|m| m.binding == Binding::Payload && m.streaming)
}
