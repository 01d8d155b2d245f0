//! JSON deserializers: `crate::json_de`, one helper per structure, union, list, map and error
//! an output reaches, each reading with `awsgen_runtime::json::JsonReader` (a pull reader: no
//! intermediate value tree).
//!
//! The rules: members are matched by [`json_name`](crate::ir::Member::json_name) and unknown
//! keys skipped; `null` leaves a member unset; a dense list or map drops `null` items, a sparse
//! one keeps them as `None`; a union takes its one non-null member, and a key the model does not
//! know becomes `Unknown(key)`; numbers out of the member's range are errors.

use super::codec::Codec;
use crate::emit::{helper_name, ident, Cx};
use crate::ir::{Binding, Member, Service, ShapeKind, Structure, TimestampFormat};
use crate::names::Helper;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Fn {
    /// A structure, union, list or map value.
    Value,
    /// An error structure from its metadata and the reply.
    Error,
}

/// Tracks which helper functions are referenced, so exactly those are emitted.
pub(crate) struct De<'a> {
    cx: &'a Cx<'a>,
    svc: &'a Service,
    codec: Codec,
    helpers: crate::emit::Worklist<(String, Fn)>,
}

fn fn_name(svc: &Service, id: &str, f: Fn) -> Ident {
    let helper = match (f, &svc.shape(id).kind) {
        (Fn::Error, _) => Helper::DeError,
        (Fn::Value, ShapeKind::List(_)) => Helper::DeList,
        (Fn::Value, ShapeKind::Map(_)) => Helper::DeMap,
        (Fn::Value, _) => Helper::De,
    };
    helper_name(svc, helper, id)
}

impl<'a> De<'a> {
    pub(crate) fn new(cx: &'a Cx<'a>, codec: Codec) -> Self {
        De { cx, svc: cx.svc, codec, helpers: crate::emit::Worklist::new() }
    }

    /// The crate module of the helpers.
    fn module(&self) -> Ident {
        quote::format_ident!("{}", self.codec.de_module())
    }

    fn need(&mut self, id: &str, f: Fn) -> Ident {
        self.helpers.need((id.to_string(), f));
        fn_name(self.svc, id, f)
    }

    /// An expression reading the next value (`r`) as shape `id`.
    pub(crate) fn value(&mut self, id: &str, ts: TimestampFormat) -> TokenStream {
        let root = self.cx.root();
        match &self.svc.shape(id).kind {
            ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::List(_) | ShapeKind::Map(_) => {
                let f = self.need(id, Fn::Value);
                let module = self.module();
                quote!(#root::#module::#f(r)?)
            }
            ShapeKind::String(None) => quote!(r.read_string()?),
            ShapeKind::String(Some(_)) => {
                let t = self.cx.type_path(id);
                quote!(#t::from(r.read_string()?))
            }
            ShapeKind::Boolean => quote!(r.read_bool()?),
            ShapeKind::Integer => quote!(r.read_int::<i32>()?),
            ShapeKind::Long => quote!(r.read_int::<i64>()?),
            ShapeKind::Float => quote!(r.read_f32()?),
            ShapeKind::Double => quote!(r.read_f64()?),
            ShapeKind::Timestamp(_) => {
                let f = self.codec.timestamp_args(ts);
                quote!(r.read_timestamp(#f)?)
            }
            ShapeKind::Blob => quote!(r.read_blob()?),
            ShapeKind::Document => quote!(r.read_document()?),
        }
    }

    /// A function reading the next value (`r`) as shape `id`, for `JsonReader::nullable`: a
    /// method or helper path where one fits, else a closure.
    pub(crate) fn reader_fn(&mut self, id: &str, ts: TimestampFormat) -> TokenStream {
        let root = self.cx.root();
        let jr = self.codec.reader();
        match &self.svc.shape(id).kind {
            ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::List(_) | ShapeKind::Map(_) => {
                let f = self.need(id, Fn::Value);
                let module = self.module();
                quote!(#root::#module::#f)
            }
            ShapeKind::String(None) => quote!(#jr::read_string),
            ShapeKind::String(Some(_)) => {
                let t = self.cx.type_path(id);
                quote!(|r| r.read_string().map(#t::from))
            }
            ShapeKind::Boolean => quote!(#jr::read_bool),
            ShapeKind::Integer => quote!(#jr::read_int::<i32>),
            ShapeKind::Long => quote!(#jr::read_int::<i64>),
            ShapeKind::Float => quote!(#jr::read_f32),
            ShapeKind::Double => quote!(#jr::read_f64),
            ShapeKind::Timestamp(_) => {
                let f = self.codec.timestamp_args(ts);
                quote!(|r| r.read_timestamp(#f))
            }
            ShapeKind::Blob => quote!(#jr::read_blob),
            ShapeKind::Document => quote!(#jr::read_document),
        }
    }

    /// The match arm reading member `m` of the object at `r` into `out.<field>`.
    fn arm(&mut self, m: &Member, out: &TokenStream) -> TokenStream {
        let f = ident(&m.rust_name);
        let key = m.json_name.as_str();
        let read = self.reader_fn(&m.target, m.timestamp_format);
        let boxed = if m.boxed { quote!(.map(Box::new)) } else { quote!() };
        quote!(#key => #out.#f = r.nullable(#read)? #boxed,)
    }

    /// Match arms for the body members of `st` (reading into `out`), for the closure of
    /// `awsgen_runtime::protocol::json::read_object_body` or a helper's key loop.
    pub(crate) fn body_arms(&mut self, st: &Structure, out: TokenStream) -> Vec<TokenStream> {
        st.members.iter().filter(|m| m.binding == Binding::Body).map(|m| self.arm(m, &out)).collect()
    }

    /// Statements reading a whole JSON body (`body: &[u8]`, empty = `{}`) into the body
    /// members of `st` in `out`.
    pub(crate) fn read_body(&mut self, st: &Structure, out: TokenStream, body: TokenStream) -> TokenStream {
        let arms = self.body_arms(st, out);
        if arms.is_empty() {
            return quote!();
        }
        let read_body = self.codec.read_body_fn();
        quote! {
            #read_body(#body, |r, key| {
                match key {
                    #(#arms)*
                    _ => r.skip()?,
                }
                Ok(())
            })?;
        }
    }

    /// An expression building the error structure `id` from `meta` and `resp`, whose body and
    /// (restJson1) headers hold its members.
    pub(crate) fn error_value(&mut self, id: &str) -> TokenStream {
        let t = self.cx.type_path(id);
        let root = self.cx.root();
        if self.svc.structure(id).members.is_empty() {
            quote!(#t { meta })
        } else {
            let f = self.need(id, Fn::Error);
            let module = self.module();
            quote!(#root::#module::#f(meta, resp)?)
        }
    }

    fn helper(&mut self, id: &str, f: Fn) -> TokenStream {
        let svc = self.svc;
        let name = fn_name(svc, id, f);
        let t = self.cx.value_type(id);
        let reader_type = self.codec.reader();
        let reader = quote!(r: &mut #reader_type<'_>);
        let err = self.codec.error();
        match (f, &svc.shape(id).kind) {
            (Fn::Error, ShapeKind::Structure(st)) => {
                let body = self.read_body(st, quote!(out), quote!(&resp.body));
                let headers = super::http::read_headers(self.cx, st, quote!(out));
                quote! {
                    pub(crate) fn #name(meta: ::awsgen_runtime::ErrorMetadata, resp: &::awsgen_runtime::http::HttpResponse) -> Result<#t, ::awsgen_runtime::ParseError> {
                        let mut out = #t { meta, ..Default::default() };
                        #headers
                        #body
                        Ok(out)
                    }
                }
            }
            (_, ShapeKind::Structure(st)) => {
                let arms = self.body_arms(st, quote!(out));
                if arms.is_empty() {
                    return quote! {
                        pub(crate) fn #name(#reader) -> Result<#t, #err> {
                            r.enter_object()?;
                            while let Some(_key) = r.next_key()? {
                                r.skip()?;
                            }
                            Ok(#t::default())
                        }
                    };
                }
                quote! {
                    pub(crate) fn #name(#reader) -> Result<#t, #err> {
                        let mut out = #t::default();
                        r.enter_object()?;
                        while let Some(key) = r.next_key()? {
                            match key.as_ref() {
                                #(#arms)*
                                _ => r.skip()?,
                            }
                        }
                        Ok(out)
                    }
                }
            }
            (_, ShapeKind::Union(u)) => {
                let is_null = self.codec.peek_null();
                let two_set = self.codec.custom_error("a union with more than one member set");
                let none_set = self.codec.custom_error("a union with no member set");
                let arms = u.members.iter().map(|m| {
                    let var = ident(&m.rust_name);
                    let key = m.json_name.as_str();
                    let value = self.value(&m.target, m.timestamp_format);
                    let value = if m.boxed { quote!(Box::new(#value)) } else { value };
                    quote!(#key => #t::#var(#value),)
                });
                quote! {
                    pub(crate) fn #name(#reader) -> Result<#t, #err> {
                        let mut out = None;
                        r.enter_object()?;
                        while let Some(key) = r.next_key()? {
                            // `null` members are unset; `__type` names the shape, not a member.
                            if key == "__type" || #is_null {
                                r.skip()?;
                                continue;
                            }
                            let value = match key.as_ref() {
                                #(#arms)*
                                other => {
                                    r.skip()?;
                                    #t::Unknown(other.to_string())
                                }
                            };
                            if out.replace(value).is_some() {
                                return Err(#two_set);
                            }
                        }
                        out.ok_or_else(|| #none_set)
                    }
                }
            }
            (_, ShapeKind::List(l)) => {
                let item = self.reader_fn(&l.member, svc.timestamp_format_of(&l.member));
                let push = if l.sparse {
                    quote!(out.push(r.nullable(#item)?);)
                } else {
                    quote!(if let Some(x) = r.nullable(#item)? { out.push(x); })
                };
                quote! {
                    pub(crate) fn #name(#reader) -> Result<#t, #err> {
                        let mut out = Vec::new();
                        r.enter_array()?;
                        while r.next_item()? {
                            #push
                        }
                        Ok(out)
                    }
                }
            }
            (_, ShapeKind::Map(mp)) => {
                let value = self.reader_fn(&mp.value, svc.timestamp_format_of(&mp.value));
                let insert = if mp.sparse {
                    quote!(out.insert(key.into_owned(), r.nullable(#value)?);)
                } else {
                    quote!(if let Some(x) = r.nullable(#value)? { out.insert(key.into_owned(), x); })
                };
                quote! {
                    pub(crate) fn #name(#reader) -> Result<#t, #err> {
                        let mut out = ::std::collections::BTreeMap::new();
                        r.enter_object()?;
                        while let Some(key) = r.next_key()? {
                            #insert
                        }
                        Ok(out)
                    }
                }
            }
            _ => quote!(),
        }
    }

    /// Emits every helper referenced so far (and those they reference), sorted by name.
    pub(crate) fn finish(mut self) -> TokenStream {
        let mut out = Vec::new();
        while let Some((id, f)) = self.helpers.pop() {
            let code = self.helper(&id, f);
            out.push((fn_name(self.svc, &id, f).to_string(), code));
        }
        let items = crate::emit::sorted_items(out);
        let (name, module) = match self.codec {
            Codec::Json => ("JSON", "json"),
            Codec::Cbor => ("CBOR", "cbor"),
        };
        let line1 = format!(" {name} deserializers for shared types (generated per shape; the reading itself lives");
        let line2 = format!(" in `awsgen_runtime::{module}`).");
        quote! {
            #![doc = #line1]
            #![doc = #line2]
            #items
        }
    }
}
