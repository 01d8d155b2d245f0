//! HTTP bindings (restJson1, and restXml after it): the code that puts input members in the
//! request's path, query string and headers, and reads output and error members back from a
//! reply's status and headers. Bodies and payloads are the protocol's ([`super::json`]); the
//! text rules live in `awsgen_runtime::protocol::rest`.

use super::json_de::De;
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
pub(crate) fn read_headers(de: &De<'_>, st: &Structure, out: TokenStream) -> TokenStream {
    let rest = rest();
    let mut stmts = Vec::new();
    for m in &st.members {
        let f = ident(&m.rust_name);
        match &m.binding {
            Binding::StatusCode => stmts.push(quote!(#out.#f = Some(i32::from(resp.status));)),
            Binding::Header(name) => {
                let read = header_reader(de, m, name);
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
                    if !map.is_empty() {
                        #out.#f = Some(map);
                    }
                });
            }
            _ => {}
        }
    }
    quote!(#(#stmts)*)
}

/// An expression reading the header text `h` as member `m`'s value.
fn header_reader(de: &De<'_>, m: &Member, name: &str) -> TokenStream {
    let rest = rest();
    let svc = de.svc();
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
                let t = de.cx().type_path(id);
                quote!(#t::from(#rest::headers::read_header::<String>(#name, &h)?))
            }
            (ShapeKind::String(Some(_)), true) => {
                let t = de.cx().type_path(id);
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
