//! Smithy RPC v2 CBOR: every request is `POST /service/{ServiceName}/operation/{Operation}`
//! (the service name is botocore's `targetPrefix`, the Smithy service shape's name) with
//! `smithy-protocol: rpc-v2-cbor`, `accept: application/cbor`, and the input's members as one
//! CBOR map; an operation the model gives no input sends no body and no content type. A
//! query-compatible service also sends `x-amzn-query-mode: true`. Replies are the output's
//! members as one map.
//!
//! Bodies are written and read by the same emitters as the JSON protocols' (`json_ser`,
//! `json_de`), set to the CBOR codec: their helpers become the crate's `cbor_ser` and
//! `cbor_de` modules.

use super::codec::Codec;
use super::json_de::De;
use super::json_ser::Ser;
use super::ProtocolGen;
use crate::emit::{ident, Cx};
use crate::ir::{Binding, Operation};
use proc_macro2::TokenStream;
use quote::quote;

/// The RPC v2 CBOR generator: the serializers and deserializers registered so far.
pub(crate) struct CborGen<'a> {
    cx: &'a Cx<'a>,
    ser: Ser<'a>,
    de: De<'a>,
}

impl<'a> CborGen<'a> {
    pub(crate) fn new(cx: &'a Cx<'a>) -> Self {
        CborGen { cx, ser: Ser::new(cx, Codec::Cbor), de: De::new(cx, Codec::Cbor) }
    }
}

impl ProtocolGen for CborGen<'_> {
    fn serialize(&mut self, op: &Operation) -> TokenStream {
        let svc = self.cx.svc;
        let st = svc.structure(&op.input);
        let cbor = quote!(::awsgen_runtime::protocol::cbor);
        // The lowering requires a target prefix of this protocol's services.
        let service = svc.target_prefix.as_deref().unwrap_or(&svc.service_id);
        let path = format!("/service/{service}/operation/{}", op.name);
        let body = if op.modeled_input {
            let members = self.ser.members(st, quote!(self), true);
            quote! {{
                let mut writer = ::awsgen_runtime::cbor::CborWriter::new();
                let w = &mut writer;
                w.begin_object();
                #members
                w.end_object();
                writer.finish()
            }}
        } else {
            quote!(Vec::new())
        };
        let has_body = op.modeled_input;
        let query_mode = svc.query_compatible.then(|| {
            quote!(headers.push((::awsgen_runtime::protocol::json::QUERY_MODE_HEADER.to_string(), "true".to_string()));)
        });
        let headers = if query_mode.is_some() {
            quote!(let mut headers = #cbor::request_headers(#has_body);)
        } else {
            quote!(let headers = #cbor::request_headers(#has_body);)
        };
        let uses_tokens =
            op.modeled_input && st.members.iter().any(|m| m.idempotency_token && m.binding == Binding::Body);
        let unused = (!uses_tokens).then(|| quote!(let _ = tokens;));
        quote! {
            #unused
            let body = #body;
            #headers
            #query_mode
            Ok(::awsgen_runtime::SerializedRequest { method: "POST", uri: #path.to_string(), headers, body, streaming_body: None })
        }
    }

    fn parse_output(&mut self, op: &Operation) -> TokenStream {
        let svc = self.cx.svc;
        let output = ident(&svc.shape(&op.output).rust_name);
        let st = svc.structure(&op.output);
        let request_id = quote!(resp.header("x-amzn-requestid").map(str::to_string));
        if st.members.is_empty() {
            return quote!(Ok(#output { request_id: #request_id }));
        }
        let body = self.de.read_body(st, quote!(out), quote!(&resp.body));
        quote! {
            let mut out = #output { request_id: #request_id, ..Default::default() };
            #body
            Ok(out)
        }
    }

    fn error_value(&mut self, id: &str) -> TokenStream {
        self.de.error_value(id)
    }

    fn finish(self: Box<Self>) -> Vec<(&'static str, TokenStream)> {
        vec![("cbor_ser", self.ser.finish()), ("cbor_de", self.de.finish())]
    }
}
