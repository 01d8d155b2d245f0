//! restXml serializers: `crate::xml_ser`, one helper per structure, list and map an input
//! reaches, each writing with `awsgen_runtime::xml::XmlWriter`.
//!
//! The rules (botocore's `RestXMLSerializer`): a member is an element named by its
//! `locationName` (else its name) that declares the member's namespace, if any; unset members
//! are left out; an `xmlAttribute` member is an attribute of its structure's element; a list
//! is its element wrapping one element per item (`member`, or the item's `locationName`),
//! or, flattened, the items repeated under the member's name; a map is its element wrapping
//! `<entry><key/><value/></entry>`s, or, flattened, `<name><key/><value/></name>` per entry;
//! timestamps are ISO 8601 unless the model says otherwise, blobs base64, booleans
//! `true`/`false`, floats `NaN`/`Infinity`/`-Infinity` when not finite.
//!
//! A structure helper writes the contents of an element its caller opened (attributes first,
//! then children), so the caller decides the element's name and namespace; list and map
//! helpers write their items into the element their caller opened, or into the parent when
//! flattened.

use crate::emit::{helper_name, ident, is_plain, ts_format, Cx};
use crate::ir::{Binding, Member, Service, ShapeKind, Structure, TimestampFormat, XmlNamespace};
use crate::names::Helper;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// Tracks which helper functions are referenced, so exactly those are emitted.
pub(crate) struct Ser<'a> {
    cx: &'a Cx<'a>,
    svc: &'a Service,
    helpers: crate::emit::Worklist<String>,
}

fn fn_name(svc: &Service, id: &str) -> Ident {
    helper_name(svc, Helper::Ser, id)
}

fn xml() -> TokenStream {
    quote!(::awsgen_runtime::xml)
}

/// Statements declaring `ns` on the element just opened.
pub(crate) fn namespace(ns: Option<&XmlNamespace>) -> TokenStream {
    match ns {
        None => quote!(),
        Some(XmlNamespace { prefix: Some(p), uri }) => quote!(w.namespace(Some(#p), #uri);),
        Some(XmlNamespace { prefix: None, uri }) => quote!(w.namespace(None, #uri);),
    }
}

/// The element name a member is written under.
fn element_name(m: &Member) -> String {
    m.location_name.clone().unwrap_or_else(|| m.name.clone())
}

impl<'a> Ser<'a> {
    pub(crate) fn new(cx: &'a Cx<'a>) -> Self {
        Ser { cx, svc: cx.svc, helpers: crate::emit::Worklist::new() }
    }

    fn need(&mut self, id: &str) -> Ident {
        self.helpers.need(id.to_string());
        fn_name(self.svc, id)
    }

    /// An expression of the text of scalar `v` (a `&T` of shape `id`).
    fn text(&self, id: &str, ts: TimestampFormat, v: TokenStream) -> TokenStream {
        let xml = xml();
        match &self.svc.shape(id).kind {
            ShapeKind::String(None) => quote!(#v),
            ShapeKind::String(Some(_)) => quote!((#v).as_str()),
            ShapeKind::Boolean => quote!(#xml::bool_text(*#v)),
            ShapeKind::Integer | ShapeKind::Long => quote!(&#v.to_string()),
            ShapeKind::Float => quote!(&#xml::f32_text(*#v)),
            ShapeKind::Double => quote!(&#xml::f64_text(*#v)),
            ShapeKind::Timestamp(_) => {
                let f = ts_format(ts);
                quote!(&#v.fmt(#f))
            }
            ShapeKind::Blob => quote!(&#xml::blob_text(#v)),
            // Structures, unions, lists and maps are elements (`element`); the front end
            // rejects documents in restXml.
            _ => crate::ir::not_in_query(id),
        }
    }

    /// Statements writing `v` (a `&T` of shape `id`) as element `name` (an expression of
    /// `&str`) declaring `ns`.
    pub(crate) fn element(
        &mut self,
        id: &str,
        ts: TimestampFormat,
        name: TokenStream,
        ns: Option<&XmlNamespace>,
        v: TokenStream,
    ) -> TokenStream {
        let root = self.cx.root();
        let ns = namespace(ns);
        let contents = match &self.svc.shape(id).kind {
            ShapeKind::Structure(_) | ShapeKind::Union(_) => {
                let f = self.need(id);
                quote!(#root::xml_ser::#f(w, #v)?;)
            }
            ShapeKind::List(l) => {
                let f = self.need(id);
                let item = l.member_location_name.as_deref().unwrap_or("member");
                quote!(#root::xml_ser::#f(w, #item, #v)?;)
            }
            ShapeKind::Map(_) => {
                let f = self.need(id);
                quote!(#root::xml_ser::#f(w, "entry", #v)?;)
            }
            _ => {
                let text = self.text(id, ts, v);
                quote!(w.text(#text);)
            }
        };
        quote!({ w.start(#name); #ns #contents w.end(#name); })
    }

    /// Statements writing the body members of `st` (read from `v`, a `&Struct` or `self`) into
    /// the element just opened: its attributes, then its children. An unset idempotency token
    /// is filled from `tokens` when `tokens` is true (operation inputs).
    pub(crate) fn members(&mut self, st: &Structure, v: TokenStream, tokens: bool) -> TokenStream {
        let body = st.members.iter().filter(|m| m.binding == Binding::Body);
        let (attrs, elems): (Vec<&Member>, Vec<&Member>) = body.partition(|m| m.xml_attribute);
        let stmts: Vec<TokenStream> = attrs.into_iter().chain(elems).map(|m| self.member(st, m, &v, tokens)).collect();
        quote!(#(#stmts)*)
    }

    fn member(&mut self, st: &Structure, m: &Member, v: &TokenStream, tokens: bool) -> TokenStream {
        let f = ident(&m.rust_name);
        let name = element_name(m);
        let write = if m.xml_attribute {
            let text = self.text(&m.target, m.timestamp_format, quote!(x));
            quote!(w.attribute(#name, #text);)
        } else {
            match (&self.svc.shape(&m.target).kind, m.flattened) {
                (ShapeKind::List(_), true) | (ShapeKind::Map(_), true) => {
                    let h = self.need(&m.target);
                    let root = self.cx.root();
                    quote!(#root::xml_ser::#h(w, #name, x)?;)
                }
                _ => self.element(&m.target, m.timestamp_format, quote!(#name), m.xml_namespace.as_ref(), quote!(x)),
            }
        };
        if is_plain(st, m) {
            return quote!({ let x = &#v.#f; #write });
        }
        if tokens && m.idempotency_token {
            return quote! {
                let token;
                let x = match &#v.#f {
                    Some(x) => x,
                    None => { token = tokens(); &token }
                };
                #write
            };
        }
        quote!(if let Some(x) = &#v.#f { #write })
    }

    fn helper(&mut self, id: &str) -> TokenStream {
        let svc = self.svc;
        let name = fn_name(svc, id);
        let t = self.cx.value_type(id);
        let w = quote!(w: &mut ::awsgen_runtime::xml::XmlWriter);
        let err = quote!(::awsgen_runtime::error::InvalidRequestError);
        match &svc.shape(id).kind {
            ShapeKind::Structure(st) => {
                let body = self.members(st, quote!(v), false);
                let v = if body.is_empty() { quote!(_v) } else { quote!(v) };
                let w = if body.is_empty() { quote!(_w: &mut ::awsgen_runtime::xml::XmlWriter) } else { w };
                quote! {
                    pub(crate) fn #name(#w, #v: &#t) -> Result<(), #err> {
                        #body
                        Ok(())
                    }
                }
            }
            ShapeKind::Union(u) => {
                let arms: Vec<TokenStream> = u
                    .members
                    .iter()
                    .map(|m| {
                        let var = ident(&m.rust_name);
                        let name = element_name(m);
                        let write = self.element(
                            &m.target,
                            m.timestamp_format,
                            quote!(#name),
                            m.xml_namespace.as_ref(),
                            quote!(x),
                        );
                        quote!(#t::#var(x) => #write)
                    })
                    .collect();
                quote! {
                    pub(crate) fn #name(#w, v: &#t) -> Result<(), #err> {
                        match v {
                            #(#arms)*
                            #t::Unknown(member) => {
                                return Err(::awsgen_runtime::error::InvalidRequestError {
                                    member: member.clone(),
                                    reason: "a union member this client does not know cannot be sent".into(),
                                });
                            }
                        }
                        Ok(())
                    }
                }
            }
            ShapeKind::List(l) => {
                let item_t = self.cx.value_type(&l.member);
                let ts = svc.timestamp_format_of(&l.member);
                let item = self.element(&l.member, ts, quote!(item), l.member_xml_namespace.as_ref(), quote!(x));
                // XML has no null: a sparse list's missing items are left out.
                let (item_t, iter) =
                    if l.sparse { (quote!(Option<#item_t>), quote!(v.iter().flatten())) } else { (item_t, quote!(v)) };
                quote! {
                    pub(crate) fn #name(#w, item: &str, v: &[#item_t]) -> Result<(), #err> {
                        for x in #iter {
                            #item
                        }
                        Ok(())
                    }
                }
            }
            ShapeKind::Map(mp) => {
                let (k, vn) = (mp.key_name.as_str(), mp.value_name.as_str());
                let ts = svc.timestamp_format_of(&mp.value);
                let value = self.element(&mp.value, ts, quote!(#vn), mp.value_xml_namespace.as_ref(), quote!(x));
                let key_ns = namespace(mp.key_xml_namespace.as_ref());
                let iter = if mp.sparse {
                    quote!(v.iter().filter_map(|(k, x)| x.as_ref().map(|x| (k, x))))
                } else {
                    quote!(v.iter())
                };
                quote! {
                    pub(crate) fn #name(#w, entry: &str, v: &#t) -> Result<(), #err> {
                        for (k, x) in #iter {
                            w.start(entry);
                            w.start(#k);
                            #key_ns
                            w.text(k);
                            w.end(#k);
                            #value
                            w.end(entry);
                        }
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
        quote! {
            //! XML serializers for shared types (generated per shape; the writing itself lives
            //! in `awsgen_runtime::xml`).
            #items
        }
    }
}
