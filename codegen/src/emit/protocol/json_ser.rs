//! JSON serializers: `crate::json_ser`, one helper per structure, union, list and map an input
//! reaches, each writing a value with `awsgen_runtime::json::JsonWriter`.
//!
//! The rules (awsJson and restJson1 bodies alike): a structure is an object of its set body
//! members under their [`json_name`](crate::ir::Member::json_name); unset members are left
//! out; a sparse list or map writes `null` for a missing item; a union is an object with its one
//! member (an `Unknown` value cannot be sent); timestamps use the member's format (epoch
//! seconds unless the model says otherwise), blobs base64, documents as they are.

use super::codec::Codec;
use crate::emit::{helper_name, ident, is_plain, Cx};
use crate::ir::{Binding, Member, Service, ShapeKind, Structure, TimestampFormat};
use crate::names::Helper;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// Tracks which helper functions are referenced, so exactly those are emitted.
pub(crate) struct Ser<'a> {
    cx: &'a Cx<'a>,
    svc: &'a Service,
    codec: Codec,
    helpers: crate::emit::Worklist<String>,
}

fn fn_name(svc: &Service, id: &str) -> Ident {
    helper_name(svc, Helper::Ser, id)
}

impl<'a> Ser<'a> {
    pub(crate) fn new(cx: &'a Cx<'a>, codec: Codec) -> Self {
        Ser { cx, svc: cx.svc, codec, helpers: crate::emit::Worklist::new() }
    }

    fn need(&mut self, id: &str) -> Ident {
        self.helpers.need(id.to_string());
        fn_name(self.svc, id)
    }

    /// Statements writing the value `v` (an expression of type `&T`) of shape `id`.
    pub(crate) fn value(&mut self, id: &str, ts: TimestampFormat, v: TokenStream) -> TokenStream {
        let root = self.cx.root();
        match &self.svc.shape(id).kind {
            ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::List(_) | ShapeKind::Map(_) => {
                let f = self.need(id);
                let module = quote::format_ident!("{}", self.codec.ser_module());
                quote!(#root::#module::#f(w, #v)?;)
            }
            ShapeKind::String(None) => quote!(w.string(#v);),
            ShapeKind::String(Some(_)) => quote!(w.string((#v).as_str());),
            ShapeKind::Boolean => quote!(w.boolean(*#v);),
            ShapeKind::Integer => quote!(w.integer(i64::from(*#v));),
            ShapeKind::Long => quote!(w.integer(*#v);),
            ShapeKind::Float => quote!(w.float32(*#v);),
            ShapeKind::Double => quote!(w.float(*#v);),
            ShapeKind::Timestamp(_) => self.codec.write_timestamp(v, ts),
            ShapeKind::Blob => quote!(w.blob(#v);),
            ShapeKind::Document => quote!(w.document(#v);),
        }
    }

    /// Statements writing the body members of `st` (read from `v`, a `&Struct` or `self`) as
    /// the members of the object being written. An unset idempotency token is filled from
    /// `tokens` when `tokens` is true (operation inputs).
    pub(crate) fn members(&mut self, st: &Structure, v: TokenStream, tokens: bool) -> TokenStream {
        let stmts: Vec<TokenStream> =
            st.members.iter().filter(|m| m.binding == Binding::Body).map(|m| self.member(st, m, &v, tokens)).collect();
        quote!(#(#stmts)*)
    }

    fn member(&mut self, st: &Structure, m: &Member, v: &TokenStream, tokens: bool) -> TokenStream {
        let f = ident(&m.rust_name);
        let key = m.json_name.as_str();
        let write = self.value(&m.target, m.timestamp_format, quote!(x));
        if is_plain(st, m) {
            return quote!({ let x = &#v.#f; w.key(#key); #write });
        }
        if tokens && m.idempotency_token {
            return quote! {
                match &#v.#f {
                    Some(x) => { w.key(#key); #write }
                    None => { w.key(#key); w.string(&tokens()); }
                }
            };
        }
        quote!(if let Some(x) = &#v.#f { w.key(#key); #write })
    }

    fn helper(&mut self, id: &str) -> TokenStream {
        let svc = self.svc;
        let name = fn_name(svc, id);
        let t = self.cx.value_type(id);
        let writer = self.codec.writer();
        let w = quote!(w: &mut #writer);
        let err = quote!(::awsgen_runtime::error::InvalidRequestError);
        match &svc.shape(id).kind {
            ShapeKind::Structure(st) => {
                let body = self.members(st, quote!(v), false);
                let v = if body.is_empty() { quote!(_v) } else { quote!(v) };
                quote! {
                    pub(crate) fn #name(#w, #v: &#t) -> Result<(), #err> {
                        w.begin_object();
                        #body
                        w.end_object();
                        Ok(())
                    }
                }
            }
            ShapeKind::Union(u) => {
                let arms = u.members.iter().map(|m| {
                    let var = ident(&m.rust_name);
                    let key = m.json_name.as_str();
                    let write = self.value(&m.target, m.timestamp_format, quote!(x));
                    quote!(#t::#var(x) => { w.key(#key); #write })
                });
                quote! {
                    pub(crate) fn #name(#w, v: &#t) -> Result<(), #err> {
                        w.begin_object();
                        match v {
                            #(#arms)*
                            #t::Unknown(member) => {
                                return Err(::awsgen_runtime::error::InvalidRequestError {
                                    member: member.clone(),
                                    reason: "a union member this client does not know cannot be sent".into(),
                                });
                            }
                        }
                        w.end_object();
                        Ok(())
                    }
                }
            }
            ShapeKind::List(l) => {
                let item_t = self.cx.value_type(&l.member);
                let item = self.value(&l.member, svc.timestamp_format_of(&l.member), quote!(x));
                let (item_t, item) = if l.sparse {
                    (quote!(Option<#item_t>), quote!(match x { Some(x) => { #item } None => w.null(), }))
                } else {
                    (item_t, item)
                };
                quote! {
                    pub(crate) fn #name(#w, v: &[#item_t]) -> Result<(), #err> {
                        w.begin_array();
                        for x in v {
                            #item
                        }
                        w.end_array();
                        Ok(())
                    }
                }
            }
            ShapeKind::Map(mp) => {
                let value = self.value(&mp.value, svc.timestamp_format_of(&mp.value), quote!(x));
                let value = if mp.sparse { quote!(match x { Some(x) => { #value } None => w.null(), }) } else { value };
                quote! {
                    pub(crate) fn #name(#w, v: &#t) -> Result<(), #err> {
                        w.begin_object();
                        for (k, x) in v {
                            w.key(k);
                            #value
                        }
                        w.end_object();
                        Ok(())
                    }
                }
            }
            _ => quote!(),
        }
    }

    /// Emits every helper referenced so far (and those they reference), sorted by name.
    pub(crate) fn finish(mut self) -> TokenStream {
        let mut out = Vec::new();
        while let Some(id) = self.helpers.pop() {
            let code = self.helper(&id);
            out.push((fn_name(self.svc, &id).to_string(), code));
        }
        let items = crate::emit::sorted_items(out);
        let (name, module) = match self.codec {
            Codec::Json => ("JSON", "json"),
            Codec::Cbor => ("CBOR", "cbor"),
        };
        let line1 = format!(" {name} serializers for shared types (generated per shape; the writing itself lives");
        let line2 = format!(" in `awsgen_runtime::{module}`).");
        quote! {
            #![doc = #line1]
            #![doc = #line2]
            #items
        }
    }
}
