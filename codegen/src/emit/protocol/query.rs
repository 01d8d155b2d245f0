//! `awsQuery` and `ec2`: requests are `POST /` with a form body (`query_ser`), replies XML
//! (`xml_de`): `<{Op}Response><{Op}Result>` for query, the members directly in
//! `<{Op}Response>` for EC2, and the protocols' error envelopes.

use super::query_ser::Ser;
use super::xml_de::De;
use super::ProtocolGen;
use crate::emit::Cx;
use crate::ir::{Operation, Protocol};
use proc_macro2::TokenStream;
use quote::quote;

/// The query family's generator: the form serializers and XML deserializers registered so far.
pub(crate) struct QueryGen<'a> {
    cx: &'a Cx<'a>,
    ser: Ser<'a>,
    de: De<'a>,
}

impl<'a> QueryGen<'a> {
    pub(crate) fn new(cx: &'a Cx<'a>) -> Self {
        QueryGen { cx, ser: Ser::new(cx), de: De::new(cx) }
    }
}

impl ProtocolGen for QueryGen<'_> {
    fn serialize(&mut self, op: &Operation) -> TokenStream {
        let root = self.cx.root();
        let op_name = op.name.as_str();
        let input_st = self.cx.svc.structure(&op.input);
        let protocol = crate::emit::client::protocol_tokens(self.cx.svc);
        let (writer_decl, ser_stmts) = if input_st.members.is_empty() {
            (quote!(let writer), quote!())
        } else {
            let body = self.ser.members(input_st, quote!(self));
            (quote!(let mut writer), quote!(let w = &mut writer; #body))
        };
        quote! {
            #writer_decl = ::awsgen_runtime::query::QueryWriter::with_tokens(#op_name, #root::client::API_VERSION, tokens);
            #ser_stmts
            Ok(::awsgen_runtime::SerializedRequest::post(#protocol.content_type(), writer.finish().into_bytes()))
        }
    }

    fn parse_output(&mut self, op: &Operation) -> TokenStream {
        let svc = self.cx.svc;
        let output = crate::emit::ident(&svc.shape(&op.output).rust_name);
        let output_st = svc.structure(&op.output);
        match svc.protocol {
            Protocol::Ec2 => {
                // EC2 puts the output members directly in `<{Op}Response>`, next to `<requestId>`.
                let extra =
                    quote!(b"requestId" | b"RequestId" => out.request_id = Some(r.read_string()?.trim().to_string()),);
                let body = self.de.struct_body(output_st, quote!(out), extra);
                quote! {
                    let mut out = #output::default();
                    if let Some(mut reader) = ::awsgen_runtime::protocol::query::ec2_response_reader(&resp.body)? {
                        let r = &mut reader;
                        #body
                    }
                    Ok(out)
                }
            }
            _ if output_st.members.is_empty() => quote! {
                let request_id = ::awsgen_runtime::protocol::query::read_query_response(&resp.body, None, |r| r.skip())?;
                Ok(#output { request_id })
            },
            _ => {
                let wrapper = match op.result_wrapper.as_deref() {
                    Some(w) => quote!(Some(#w)),
                    None => quote!(None),
                };
                let body = self.de.struct_body(output_st, quote!(out), quote!());
                quote! {
                    let mut out = #output::default();
                    let request_id = ::awsgen_runtime::protocol::query::read_query_response(&resp.body, #wrapper, |r| {
                        #body
                        Ok(())
                    })?;
                    out.request_id = request_id;
                    Ok(out)
                }
            }
        }
    }

    fn error_value(&mut self, id: &str) -> TokenStream {
        self.de.error_value(id)
    }

    fn finish(self: Box<Self>) -> Vec<(&'static str, TokenStream)> {
        vec![("query_ser", super::query_ser::emit(self.ser)), ("xml_de", super::xml_de::emit(self.de))]
    }
}
