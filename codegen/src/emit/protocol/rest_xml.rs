//! restXml (S3, CloudFront, Route 53, S3 Control): the operation's route and the members'
//! HTTP bindings ([`super::http`], shared with restJson1) place members in the path, query
//! string and headers; the rest go in an XML document body whose root is named by the input
//! (its reference's `locationName`) in the input's namespace, or the `payload` member is the
//! whole body: a structure as a document whose root is named by the member's `locationName`,
//! else the structure's own, else its shape's name; a blob or string as it is. Replies
//! fill members from the status, headers and body the same way: the body's root element is
//! entered whatever its name, and its children matched by local name.
//!
//! Bodies are written by the helpers of `xml_ser` and read by those of `xml_de` (the query
//! protocols' readers, which skip members bound outside the body).

use super::xml_de::De;
use super::xml_ser::{namespace, Ser};
use super::{http, ProtocolGen};
use crate::emit::{ident, is_plain, Cx};
use crate::ir::{Binding, Member, Operation, ShapeKind, Structure};
use proc_macro2::TokenStream;
use quote::quote;

/// The restXml generator: the serializers and deserializers registered so far.
pub(crate) struct RestXmlGen<'a> {
    cx: &'a Cx<'a>,
    ser: Ser<'a>,
    de: De<'a>,
}

fn content_type() -> TokenStream {
    quote!(::awsgen_runtime::protocol::rest_xml::CONTENT_TYPE)
}

/// An expression: the bytes of the document that `write` writes (to `w`).
fn document(write: TokenStream) -> TokenStream {
    quote! {{
        let mut writer = ::awsgen_runtime::xml::XmlWriter::new();
        let w = &mut writer;
        #write
        writer.finish().into_bytes()
    }}
}

fn request_id() -> TokenStream {
    quote!(::awsgen_runtime::protocol::rest_xml::request_id(resp))
}

impl<'a> RestXmlGen<'a> {
    pub(crate) fn new(cx: &'a Cx<'a>) -> Self {
        RestXmlGen { cx, ser: Ser::new(cx), de: De::new(cx) }
    }

    /// The body members of the input as one document.
    fn body_members(&mut self, op: &Operation, st: &Structure) -> TokenStream {
        let root = st.xml_name.clone().unwrap_or_else(|| op.name.clone());
        let ns = namespace(st.xml_namespace.as_ref());
        let members = self.ser.members(st, quote!(self), true);
        let doc = document(quote!(w.start(#root); #ns #members w.end(#root);));
        let content_type = content_type();
        quote! {
            let body = #doc;
            headers.push(("content-type".to_string(), #content_type.to_string()));
        }
    }

    /// The body of a `payload` member: the value as the whole body, or none when unset.
    fn payload_ser(&mut self, st: &Structure, m: &Member) -> TokenStream {
        if m.streaming {
            return http::streaming_payload_ser(st, m);
        }
        let f = ident(&m.rust_name);
        let value = if is_plain(st, m) { quote!(Some(&self.#f)) } else { quote!(self.#f.as_ref()) };
        let (content_type, bytes) = match http::raw_payload(self.cx, m) {
            Some((content_type, bytes)) => (quote!(#content_type), bytes),
            None => {
                let svc = self.cx.svc;
                let own = match &svc.shape(&m.target).kind {
                    ShapeKind::Structure(t) | ShapeKind::Union(t) => t.xml_name.clone(),
                    _ => None,
                };
                // botocore's rule: the member's `locationName` first (S3's
                // `LifecycleConfiguration` payload is a `BucketLifecycleConfiguration`).
                let root = m.location_name.clone().or(own).unwrap_or_else(|| m.target.clone());
                let write =
                    self.ser.element(&m.target, m.timestamp_format, quote!(#root), m.xml_namespace.as_ref(), quote!(v));
                (content_type(), document(write))
            }
        };
        let set_content_type = http::default_content_type(content_type);
        // An unset payload is no body, as botocore sends it.
        quote! {
            let body = match #value {
                Some(v) => {
                    #set_content_type
                    #bytes
                }
                None => Vec::new(),
            };
        }
    }

    /// Reads a structure `payload` member, or the body members, from the document.
    fn body_de(&mut self, st: &Structure) -> TokenStream {
        if let Some(m) = st.members.iter().find(|m| m.binding == Binding::Payload) {
            if let Some(raw) = http::raw_payload_de(self.cx, m) {
                return raw;
            }
            let f = ident(&m.rust_name);
            let uses_tag = self.de.has_attributes(&m.target);
            let value = self.de.value(&m.target, m.timestamp_format);
            let value = if m.boxed { quote!(Box::new(#value)) } else { value };
            let tag = if uses_tag { quote!(tag) } else { quote!(_tag) };
            return quote! {
                if let Some((mut reader, #tag)) = ::awsgen_runtime::protocol::rest_xml::body_reader(&resp.body)? {
                    let r = &mut reader;
                    out.#f = Some(#value);
                }
            };
        }
        if !st.members.iter().any(|m| m.binding == Binding::Body) {
            return quote!();
        }
        let uses_tag = st.members.iter().any(|m| m.binding == Binding::Body && m.xml_attribute);
        let tag = if uses_tag { quote!(tag) } else { quote!(_tag) };
        let body = self.de.struct_body(st, quote!(out), quote!());
        quote! {
            if let Some((mut reader, #tag)) = ::awsgen_runtime::protocol::rest_xml::body_reader(&resp.body)? {
                let r = &mut reader;
                #body
            }
        }
    }
}

impl ProtocolGen for RestXmlGen<'_> {
    fn serialize(&mut self, op: &Operation) -> TokenStream {
        let cx = self.cx;
        let st = cx.svc.structure(&op.input);
        let body = match st.members.iter().find(|m| m.binding == Binding::Payload) {
            Some(m) => self.payload_ser(st, m),
            None if st.members.iter().any(|m| m.binding == Binding::Body) => self.body_members(op, st),
            None => quote!(let body = Vec::new();),
        };
        let code = http::request(cx, op, st, body);
        // `tokens` fills unset idempotency tokens; inputs without one leave it unused.
        let unused = super::unused_tokens(st);
        quote!(#unused #code)
    }

    fn parse_streaming_output(&mut self, op: &Operation) -> Option<TokenStream> {
        http::streaming_output(self.cx, op, request_id())
    }

    fn parse_output(&mut self, op: &Operation) -> TokenStream {
        let svc = self.cx.svc;
        if http::streams_output(self.cx, op) {
            return quote! {
                <Self as ::awsgen_runtime::Operation>::parse_streaming_output(resp, ::awsgen_runtime::ByteStream::from(resp.body.clone()))
            };
        }
        let output = ident(&svc.shape(&op.output).rust_name);
        let st = svc.structure(&op.output);
        let request_id = request_id();
        if st.members.is_empty() {
            return quote!(Ok(#output { request_id: #request_id }));
        }
        let headers = http::read_headers(self.cx, st, quote!(out));
        let body = self.body_de(st);
        quote! {
            let mut out = #output { request_id: #request_id, ..Default::default() };
            #headers
            #body
            Ok(out)
        }
    }

    fn error_value(&mut self, id: &str) -> TokenStream {
        let value = self.de.error_value(id);
        let st = self.cx.svc.structure(id);
        let headers = http::read_headers(self.cx, st, quote!(e));
        if headers.is_empty() {
            return value;
        }
        quote!({
            let mut e = #value;
            #headers
            e
        })
    }

    fn finish(self: Box<Self>) -> Vec<(&'static str, TokenStream)> {
        vec![("xml_ser", self.ser.finish()), ("xml_de", super::xml_de::emit(self.de))]
    }
}
