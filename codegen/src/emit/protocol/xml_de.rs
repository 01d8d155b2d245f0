//! Streaming XML deserializers: `crate::xml_de`.
//!
//! The rules (botocore's `QueryParser`): a structure's children are matched by local name
//! (`locationName` or member name) and unknown ones skipped; a list's children are its items
//! whatever their name; a flattened list is one repeated element per item directly in the
//! parent; a map is `<entry><key/><value/></entry>` (no `entry` level when flattened); XML
//! attributes fill members marked `xmlAttribute`; namespaces are ignored; in restXml, members
//! bound to the status or headers are not looked for in the body. Errors are typed by code:
//! the operation's own, then any other the service models (`de_service_error`).

use crate::emit::{helper_name, ident, ts_format, Cx};
use crate::ir::{Binding, Member, Protocol, Service, ShapeKind, Structure, TimestampFormat};
use crate::names::Helper;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Fn {
    Struct,
    List,
    Map,
    Entry,
    Error,
}

/// Tracks which helper functions are referenced, so exactly those are emitted.
pub struct De<'a> {
    cx: &'a Cx<'a>,
    svc: &'a Service,
    helpers: crate::emit::Worklist<(String, Fn)>,
}

fn fn_name(svc: &Service, id: &str, f: Fn) -> Ident {
    let helper = match f {
        Fn::Struct => Helper::De,
        Fn::List => Helper::DeList,
        Fn::Map => Helper::DeMap,
        Fn::Entry => Helper::DeEntry,
        Fn::Error => Helper::DeError,
    };
    helper_name(svc, helper, id)
}

impl<'a> De<'a> {
    /// A fresh tracker.
    pub fn new(cx: &'a Cx<'a>) -> Self {
        De { cx, svc: cx.svc, helpers: crate::emit::Worklist::new() }
    }

    fn need(&mut self, id: &str, f: Fn) -> Ident {
        self.helpers.need((id.to_string(), f));
        fn_name(self.svc, id, f)
    }

    pub(crate) fn has_attributes(&self, id: &str) -> bool {
        matches!(&self.svc.shape(id).kind, ShapeKind::Structure(st) if st.members.iter().any(|m| m.xml_attribute))
    }

    /// An expression reading the current element as a value of shape `id`. A structure with
    /// attribute members reads them from the variable `tag`.
    pub(crate) fn value(&mut self, id: &str, ts: TimestampFormat) -> TokenStream {
        let root = self.cx.root();
        match &self.svc.shape(id).kind {
            ShapeKind::Structure(_) | ShapeKind::Union(_) => {
                let f = self.need(id, Fn::Struct);
                if self.has_attributes(id) {
                    quote!(#root::xml_de::#f(r, &tag)?)
                } else {
                    quote!(#root::xml_de::#f(r)?)
                }
            }
            ShapeKind::List(_) => {
                let f = self.need(id, Fn::List);
                quote!(#root::xml_de::#f(r)?)
            }
            ShapeKind::Map(_) => {
                let f = self.need(id, Fn::Map);
                quote!(#root::xml_de::#f(r)?)
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
                let f = ts_format(ts);
                quote!(r.read_timestamp(#f)?)
            }
            ShapeKind::Blob => quote!(r.read_blob()?),
            ShapeKind::Document => crate::ir::not_in_query(id),
        }
    }

    fn value_uses_tag(&self, id: &str) -> bool {
        self.has_attributes(id)
    }

    fn arm(&mut self, m: &Member, out: &TokenStream) -> TokenStream {
        let f = ident(&m.rust_name);
        let name = Literal::byte_string(m.xml_name.as_bytes());
        let target = self.svc.shape(&m.target);
        match (&target.kind, m.flattened) {
            (ShapeKind::List(l), true) => {
                let ts = self.svc.timestamp_format_of(&l.member);
                let item = self.value(&l.member, ts);
                quote!(#name => #out.#f.get_or_insert_with(Vec::new).push(#item),)
            }
            (ShapeKind::Map(_), true) => {
                let e = self.need(&m.target, Fn::Entry);
                let root = self.cx.root();
                quote! {
                    #name => {
                        if let Some((k, v)) = #root::xml_de::#e(r)? {
                            #out.#f.get_or_insert_with(Default::default).insert(k, v);
                        }
                    }
                }
            }
            _ => {
                let mut v = self.value(&m.target, m.timestamp_format);
                if m.boxed {
                    v = quote!(Box::new(#v));
                }
                quote!(#name => #out.#f = Some(#v),)
            }
        }
    }

    fn attribute(&self, m: &Member, out: &TokenStream) -> TokenStream {
        let f = ident(&m.rust_name);
        // Attributes are matched by local name, as elements are (S3's `xsi:type` is `type`).
        let name = m.xml_name.rsplit(':').next().unwrap_or(&m.xml_name);
        let conv = match &self.svc.shape(&m.target).kind {
            ShapeKind::String(None) => quote!(),
            ShapeKind::String(Some(_)) => quote!(.map(Into::into)),
            ShapeKind::Timestamp(_) => quote!(.and_then(|s| ::awsgen_runtime::DateTime::parse_any(&s).ok())),
            _ => quote!(.and_then(|s| s.trim().parse().ok())),
        };
        quote!(#out.#f = tag.attribute(#name) #conv;)
    }

    /// Statements that read the children of the current element into the fields of `out` (a
    /// `&mut Struct` or a struct variable), consuming the element; `extra` arms come first.
    pub fn struct_body(&mut self, st: &Structure, out: TokenStream, extra: TokenStream) -> TokenStream {
        // Members bound to the status or headers (restXml) are not in the body.
        let body: Vec<&Member> = st.members.iter().filter(|m| m.binding == Binding::Body).collect();
        let attrs: Vec<TokenStream> =
            body.iter().filter(|m| m.xml_attribute).map(|m| self.attribute(m, &out)).collect();
        // Two members may claim one element name (S3's deprecated `Event` beside the flattened
        // `Events` list of `<Event>`s): the flattened list takes it, else the first member.
        let elements: Vec<&Member> = body.iter().copied().filter(|m| !m.xml_attribute).collect();
        let winner = |name: &str| {
            let claims = || elements.iter().filter(move |m| m.xml_name == name);
            claims().find(|m| m.flattened).or_else(|| claims().next()).map(|m| m.name.as_str())
        };
        let elements: Vec<&Member> =
            elements.iter().copied().filter(|m| winner(&m.xml_name) == Some(m.name.as_str())).collect();
        let arms: Vec<TokenStream> = elements.into_iter().map(|m| self.arm(m, &out)).collect();
        // Attributes are read after the children (the start tag is kept), so that a fresh
        // `Default` value is not assigned field by field first.
        if arms.is_empty() && extra.is_empty() {
            return quote!(r.skip()?; #(#attrs)*);
        }
        let tag = if attrs.is_empty() { quote!() } else { quote!(let start = &tag;) };
        let attrs = attrs.into_iter().map(|a| quote!({ let tag = start; #a }));
        quote! {
            #tag
            while let Some(tag) = r.next_child()? {
                match tag.name() {
                    #extra
                    #(#arms)*
                    _ => r.skip()?,
                }
            }
            #(#attrs)*
        }
    }

    /// The expression that builds an error structure from its metadata and the body.
    pub fn error_value(&mut self, id: &str) -> TokenStream {
        let t = self.cx.type_path(id);
        let root = self.cx.root();
        if self.svc.structure(id).members.is_empty() {
            quote!(#t { meta })
        } else {
            let f = self.need(id, Fn::Error);
            quote!(#root::xml_de::#f(meta, &resp.body)?)
        }
    }

    fn helper(&mut self, id: &str, f: Fn) -> TokenStream {
        let svc = self.svc;
        let name = fn_name(self.svc, id, f);
        let reader = quote!(r: &mut ::awsgen_runtime::xml::XmlReader<'_>);
        let err = quote!(::awsgen_runtime::xml::XmlError);
        match (f, &svc.shape(id).kind) {
            (Fn::Struct, ShapeKind::Structure(st)) => {
                let t = self.cx.type_path(id);
                let tag_param =
                    if self.has_attributes(id) { quote!(, tag: &::awsgen_runtime::xml::Tag<'_>) } else { quote!() };
                if st.members.is_empty() {
                    return quote! {
                        pub(crate) fn #name(#reader #tag_param) -> Result<#t, #err> {
                            r.skip()?;
                            Ok(#t::default())
                        }
                    };
                }
                let body = self.struct_body(st, quote!(out), quote!());
                quote! {
                    pub(crate) fn #name(#reader #tag_param) -> Result<#t, #err> {
                        let mut out = #t::default();
                        #body
                        Ok(out)
                    }
                }
            }
            (Fn::Struct, ShapeKind::Union(u)) => {
                let t = self.cx.type_path(id);
                let arms: Vec<TokenStream> = u
                    .members
                    .iter()
                    .map(|m| {
                        let var = ident(&m.rust_name);
                        let name = Literal::byte_string(m.xml_name.as_bytes());
                        let value = self.value(&m.target, m.timestamp_format);
                        let value = if m.boxed { quote!(Box::new(#value)) } else { value };
                        quote!(#name => #t::#var(#value),)
                    })
                    .collect();
                quote! {
                    pub(crate) fn #name(#reader) -> Result<#t, #err> {
                        let mut out = None;
                        while let Some(tag) = r.next_child()? {
                            let value = match tag.name() {
                                #(#arms)*
                                other => {
                                    let member = String::from_utf8_lossy(other).into_owned();
                                    r.skip()?;
                                    #t::Unknown(member)
                                }
                            };
                            if out.replace(value).is_some() {
                                return Err(r.error("a union with more than one member set"));
                            }
                        }
                        out.ok_or_else(|| r.error("a union with no member set"))
                    }
                }
            }
            (Fn::List, ShapeKind::List(l)) => {
                let item_t = self.cx.value_type(&l.member);
                let ts = svc.timestamp_format_of(&l.member);
                let item = self.value(&l.member, ts);
                let tag = if self.value_uses_tag(&l.member) { quote!(tag) } else { quote!(_tag) };
                quote! {
                    pub(crate) fn #name(#reader) -> Result<Vec<#item_t>, #err> {
                        let mut out = Vec::new();
                        while let Some(#tag) = r.next_child()? {
                            out.push(#item);
                        }
                        Ok(out)
                    }
                }
            }
            (Fn::Map, ShapeKind::Map(mp)) => {
                let value_t = self.cx.value_type(&mp.value);
                let e = self.need(id, Fn::Entry);
                quote! {
                    pub(crate) fn #name(#reader) -> Result<::std::collections::BTreeMap<String, #value_t>, #err> {
                        let mut out = ::std::collections::BTreeMap::new();
                        while let Some(_tag) = r.next_child()? {
                            if let Some((k, v)) = #e(r)? {
                                out.insert(k, v);
                            }
                        }
                        Ok(out)
                    }
                }
            }
            (Fn::Entry, ShapeKind::Map(mp)) => {
                let value_t = self.cx.value_type(&mp.value);
                let ts = svc.timestamp_format_of(&mp.value);
                let val = self.value(&mp.value, ts);
                let (k, v) =
                    (Literal::byte_string(mp.key_name.as_bytes()), Literal::byte_string(mp.value_name.as_bytes()));
                // A map of maps or lists has a long entry type (clippy's `type_complexity`).
                let allow = matches!(svc.shape(&mp.value).kind, ShapeKind::Map(_) | ShapeKind::List(_))
                    .then(|| quote!(#[allow(clippy::type_complexity)]));
                quote! {
                    #allow
                    pub(crate) fn #name(#reader) -> Result<Option<(String, #value_t)>, #err> {
                        let mut key = None;
                        let mut value = None;
                        while let Some(tag) = r.next_child()? {
                            match tag.name() {
                                #k => key = Some(r.read_string()?),
                                #v => value = Some(#val),
                                _ => r.skip()?,
                            }
                        }
                        Ok(key.zip(value))
                    }
                }
            }
            (Fn::Error, ShapeKind::Structure(st)) => {
                let t = self.cx.type_path(id);
                let protocol = crate::emit::client::protocol_tokens(svc);
                let reader = if svc.protocol == Protocol::RestXml {
                    quote!(::awsgen_runtime::protocol::rest_xml::error_element_reader(body)?)
                } else {
                    quote!(::awsgen_runtime::protocol::query::error_element_reader(#protocol, body)?)
                };
                let body = self.struct_body(st, quote!(out), quote!());
                quote! {
                    pub(crate) fn #name(meta: ::awsgen_runtime::ErrorMetadata, body: &[u8]) -> Result<#t, #err> {
                        let mut out = #t { meta, ..Default::default() };
                        if let Some(mut reader) = #reader {
                            let r = &mut reader;
                            #body
                        }
                        Ok(out)
                    }
                }
            }
            _ => quote!(),
        }
    }

    /// Emits every helper referenced so far (and those they reference), sorted by name.
    pub fn finish(mut self) -> TokenStream {
        let mut out = Vec::new();
        while let Some((id, f)) = self.helpers.pop() {
            let code = self.helper(&id, f);
            out.push((fn_name(self.svc, &id, f).to_string(), code));
        }
        crate::emit::sorted_items(out)
    }
}

/// `src/xml_de.rs`: the helpers the operations' output and error parsers registered in `de`.
pub fn emit(de: De<'_>) -> TokenStream {
    let items = de.finish();
    quote! {
        //! XML deserializers for shared types (generated per shape; the reading itself lives in
        //! `awsgen_runtime::xml`).
        #items
    }
}
