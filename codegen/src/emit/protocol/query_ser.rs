//! Request serializers for the `query` and `ec2` protocols: `crate::query_ser`.
//!
//! The rules (botocore's `QuerySerializer` / `EC2Serializer`, checked by the protocol suites): a
//! structure member writes the key segment of its wire name (decided in the IR: ec2 capitalizes
//! it); a list writes `.member.N` (or `.<locationName>.N`), no middle segment when flattened or
//! under ec2, and `Name=` when empty (query only; ec2 writes nothing); a map writes
//! `.entry.N.key` / `.entry.N.value` (no `entry` when flattened) in key order; scalars are
//! written as text, booleans as `true`/`false`, floats as botocore does (`10.0`, `NaN`),
//! timestamps in the member's format, blobs as base64; an unset idempotency token is filled from
//! the writer's token source.

use crate::emit::{helper_name, ident, is_plain, ts_format, Cx};
use crate::ir::{Member, Protocol, Service, ShapeKind, Structure};
use crate::names::Helper;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// Tracks which helper functions are referenced, so exactly those are emitted.
pub struct Ser<'a> {
    cx: &'a Cx<'a>,
    svc: &'a Service,
    helpers: crate::emit::Worklist<(String, bool)>,
}

impl<'a> Ser<'a> {
    /// A fresh tracker.
    pub fn new(cx: &'a Cx<'a>) -> Self {
        Ser { cx, svc: cx.svc, helpers: crate::emit::Worklist::new() }
    }

    fn need(&mut self, id: &str, flat: bool) -> Ident {
        self.helpers.need((id.to_string(), flat));
        fn_name(self.svc, id, flat)
    }

    /// Statements that write the value `v` (an expression of type `&T`) at the current key.
    pub fn value(&mut self, id: &str, flat: bool, ts: crate::ir::TimestampFormat, v: TokenStream) -> TokenStream {
        let root = self.cx.root();
        match &self.svc.shape(id).kind {
            ShapeKind::Structure(_) => {
                let f = self.need(id, false);
                quote!(#root::query_ser::#f(w, #v)?;)
            }
            ShapeKind::List(_) | ShapeKind::Map(_) => {
                let f = self.need(id, flat);
                quote!(#root::query_ser::#f(w, #v)?;)
            }
            ShapeKind::String(None) => quote!(w.string(#v);),
            ShapeKind::String(Some(_)) => quote!(w.string((#v).as_str());),
            ShapeKind::Boolean => quote!(w.boolean(*#v);),
            ShapeKind::Integer => quote!(w.integer(i64::from(*#v));),
            ShapeKind::Long => quote!(w.integer(*#v);),
            ShapeKind::Float => quote!(w.float32(*#v);),
            ShapeKind::Double => quote!(w.float(*#v);),
            ShapeKind::Timestamp(_) => {
                let f = ts_format(ts);
                quote!(w.timestamp(#v, #f);)
            }
            ShapeKind::Blob => quote!(w.blob(#v);),
            ShapeKind::Union(_) | ShapeKind::Document => crate::ir::not_in_query(id),
        }
    }

    /// Statements that write every member of structure `st`, read from `v` (a `&Struct`): one
    /// call per member (`w.opt_string(..)`, `w.opt_with(.., helper)?`), after the check that a
    /// required member of a nested structure is set.
    pub fn members(&mut self, st: &Structure, v: TokenStream) -> TokenStream {
        let stmts: Vec<TokenStream> = st
            .members
            .iter()
            .map(|m| {
                let field = ident(&m.rust_name);
                let seg = m.query_name.as_str();
                if m.idempotency_token {
                    let write = self.value(&m.target, m.flattened, m.timestamp_format, quote!(x));
                    return quote! {
                        if let Some(x) = &#v.#field {
                            let mark = w.enter(#seg);
                            #write
                            w.leave(mark);
                        } else {
                            let mark = w.enter(#seg);
                            let token = w.new_idempotency_token();
                            w.string(&token);
                            w.leave(mark);
                        }
                    };
                }
                let plain = is_plain(st, m);
                let check = (m.required && !plain).then(|| quote!(w.required(#v.#field.as_ref(), #seg)?;));
                let write = self.member(m, quote!(#v.#field), plain);
                quote!(#check #write)
            })
            .collect();
        quote!(#(#stmts)*)
    }

    /// One call writing member `m`. `field` is its place: a `T` when `plain`, else an
    /// `Option<T>` (`T` boxed when the member is).
    fn member(&mut self, m: &Member, field: TokenStream, plain: bool) -> TokenStream {
        let (id, flat, ts, seg, boxed) =
            (m.target.as_str(), m.flattened, m.timestamp_format, m.query_name.as_str(), m.boxed);
        let (string, copy, opt_ref) = if plain {
            (quote!(Some(#field.as_str())), quote!(Some(#field)), quote!(Some(&#field)))
        } else {
            (quote!(#field.as_deref()), quote!(#field), quote!(#field.as_ref()))
        };
        match &self.svc.shape(id).kind {
            ShapeKind::String(None) => quote!(w.opt_string(#seg, #string);),
            ShapeKind::String(Some(_)) if plain => quote!(w.opt_string(#seg, #string);),
            ShapeKind::String(Some(_)) => quote!(w.opt_string(#seg, #field.as_ref().map(|x| x.as_str()));),
            ShapeKind::Boolean => quote!(w.opt_boolean(#seg, #copy);),
            ShapeKind::Integer if plain => quote!(w.opt_integer(#seg, Some(i64::from(#field)));),
            ShapeKind::Integer => quote!(w.opt_integer(#seg, #field.map(i64::from));),
            ShapeKind::Long => quote!(w.opt_integer(#seg, #copy);),
            ShapeKind::Float => quote!(w.opt_float32(#seg, #copy);),
            ShapeKind::Double => quote!(w.opt_float(#seg, #copy);),
            ShapeKind::Timestamp(_) => {
                let f = ts_format(ts);
                quote!(w.opt_timestamp(#seg, #opt_ref, #f);)
            }
            ShapeKind::Blob if plain => quote!(w.opt_blob(#seg, Some(#field.as_slice()));),
            ShapeKind::Blob => quote!(w.opt_blob(#seg, #field.as_deref());),
            ShapeKind::Union(_) | ShapeKind::Document => crate::ir::not_in_query(id),
            kind @ (ShapeKind::Structure(_) | ShapeKind::List(_) | ShapeKind::Map(_)) => {
                let root = self.cx.root();
                let is_list = matches!(kind, ShapeKind::List(_));
                let f = self.need(id, flat && !matches!(kind, ShapeKind::Structure(_)));
                // The helper takes `&T` (`&[T]` for a list): borrow the member as that.
                let value = match (plain, is_list, boxed) {
                    (true, true, _) => quote!(Some(#field.as_slice())),
                    (true, false, false) => quote!(Some(&#field)),
                    (true, false, true) => quote!(Some(&*#field)),
                    (false, true, false) | (false, false, true) => quote!(#field.as_deref()),
                    (false, true, true) => quote!(#field.as_deref().map(Vec::as_slice)),
                    (false, false, false) => quote!(#field.as_ref()),
                };
                quote!(w.opt_with(#seg, #value, #root::query_ser::#f)?;)
            }
        }
    }

    fn helper(&mut self, id: &str, flat: bool) -> TokenStream {
        let svc = self.svc;
        let name = fn_name(svc, id, flat);
        let ec2 = svc.protocol == Protocol::Ec2;
        match &svc.shape(id).kind {
            ShapeKind::Structure(st) => {
                let t = self.cx.type_path(id);
                let body = self.members(st, quote!(v));
                let (w, v) = if st.members.is_empty() { (quote!(_w), quote!(_v)) } else { (quote!(w), quote!(v)) };
                quote! {
                    pub(crate) fn #name(#w: &mut ::awsgen_runtime::query::QueryWriter, #v: &#t) -> Result<(), ::awsgen_runtime::error::InvalidRequestError> {
                        #body
                        Ok(())
                    }
                }
            }
            ShapeKind::List(l) => {
                let item_t = self.cx.value_type(&l.member);
                let inner_flat = svc.shape(&l.member).kind_is_flat();
                let item = self.value(&l.member, inner_flat, svc.timestamp_format_of(&l.member), quote!(item));
                let member = if flat || ec2 {
                    quote!(None)
                } else {
                    let seg = l.member_location_name.clone().unwrap_or_else(|| "member".into());
                    quote!(Some(#seg))
                };
                let mark_empty = !ec2;
                quote! {
                    pub(crate) fn #name(w: &mut ::awsgen_runtime::query::QueryWriter, v: &[#item_t]) -> Result<(), ::awsgen_runtime::error::InvalidRequestError> {
                        w.list(v, #member, #mark_empty, |w, item| {
                            #item
                            Ok(())
                        })
                    }
                }
            }
            ShapeKind::Map(mp) => {
                let value_t = self.cx.value_type(&mp.value);
                let inner_flat = svc.shape(&mp.value).kind_is_flat();
                let val = self.value(&mp.value, inner_flat, svc.timestamp_format_of(&mp.value), quote!(value));
                let (kname, vname) = (mp.key_name.as_str(), mp.value_name.as_str());
                quote! {
                    pub(crate) fn #name(w: &mut ::awsgen_runtime::query::QueryWriter, v: &::std::collections::BTreeMap<String, #value_t>) -> Result<(), ::awsgen_runtime::error::InvalidRequestError> {
                        w.map(v, #flat, #kname, #vname, |w, value| {
                            #val
                            Ok(())
                        })
                    }
                }
            }
            _ => quote!(),
        }
    }

    /// Emits every helper referenced so far (and those they reference), sorted by name.
    pub fn finish(mut self) -> TokenStream {
        let mut out = Vec::new();
        while let Some((id, flat)) = self.helpers.pop() {
            let code = self.helper(&id, flat);
            out.push((fn_name(self.svc, &id, flat).to_string(), code));
        }
        crate::emit::sorted_items(out)
    }
}

fn fn_name(svc: &Service, id: &str, flat: bool) -> Ident {
    helper_name(svc, if flat { Helper::SerFlat } else { Helper::Ser }, id)
}

/// `src/query_ser.rs`: the helpers the operations' `serialize` bodies registered in `ser`.
pub fn emit(ser: Ser<'_>) -> TokenStream {
    let items = ser.finish();
    quote! {
        //! Query-protocol serializers for shared types (generated per shape; the encoding itself
        //! lives in `awsgen_runtime::query`).
        #items
    }
}
